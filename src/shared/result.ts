/** Errors cross process boundaries as data: Electron rebuilds a thrown Error as a bare message. */
export const ERROR_CODES = [
  'invalid-input',
  'unknown-method',
  'forbidden',
  'not-found',
  'empty-file',
  'undecodable',
  'unsupported-type',
  'corrupt',
  'pdf-encrypted',
  'pdf-wrong-password',
  'too-large',
  'not-a-report',
  'no-tables',
  'cancelled',
  'timeout',
  'conflict',
  'refused',
  'internal'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppError {
  code: ErrorCode
  message: string
  file?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: ErrorCode, message: string, file?: string): Result<never> => ({
  ok: false,
  error: file === undefined ? { code, message } : { code, message, file }
})
