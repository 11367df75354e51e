// How every PDF is opened in the renderer. No eval (CSP and the security baseline), and the cmaps,
// standard fonts and wasm decoders from our own bundle (/pdfjs/, copied at build): without the
// cmaps CJK text in many government PDFs draws as nothing. pdf.js fetches them from its worker, so
// the addresses must be absolute.
export function pdfOptions(base: string) {
  const at = (dir: string): string => new URL(`pdfjs/${dir}/`, base).href
  return {
    isEvalSupported: false,
    cMapUrl: at('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: at('standard_fonts'),
    wasmUrl: at('wasm')
  } as const
}
