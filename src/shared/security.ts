// The one Content-Security-Policy: sent by Electron's session and by browser mode as a header,
// and mirrored in renderer/index.html. No 'unsafe-eval' (pdf.js runs with isEvalSupported: false).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

/** Browser mode: the header carrying the per-run secret on every API call. */
export const TOKEN_HEADER = 'x-nianbao-token'
