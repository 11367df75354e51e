// Which reader a file needs, from its first bytes (magic numbers), not its extension.
import { unzipSync } from 'fflate'

export type DetectedForm = 'txt' | 'html' | 'docx' | 'pdf' | 'image' | 'zip'

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b)
}

function isDocx(bytes: Uint8Array): boolean {
  try {
    const files = unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' })
    return 'word/document.xml' in files
  } catch {
    return false
  }
}

/** Looks for markup in the first few KB (ASCII tags read the same in UTF-8, GBK and Big5). */
function looksLikeHtml(bytes: Uint8Array): boolean {
  let head = ''
  const n = Math.min(bytes.length, 4096)
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0
    if (b !== 0) head += b < 128 ? String.fromCharCode(b) : ' '
  }
  return /<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<table[\s>]|<p[\s>]/i.test(head)
}

export function detectForm(bytes: Uint8Array): DetectedForm {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf' // %PDF
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return isDocx(bytes) ? 'docx' : 'zip'
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || // PNG
    startsWith(bytes, [0xff, 0xd8, 0xff]) || // JPEG
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || // TIFF little-endian
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) || // TIFF big-endian
    startsWith(bytes, [0x42, 0x4d]) // BMP
  )
    return 'image'
  if (looksLikeHtml(bytes)) return 'html'
  return 'txt'
}
