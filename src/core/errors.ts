import type { AppError, ErrorCode } from '../shared/result'

/** An expected failure with a code the UI and the command line can explain. */
export class NianbaoError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly file?: string
  ) {
    super(message)
    this.name = 'NianbaoError'
  }

  toAppError(): AppError {
    return this.file === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, file: this.file }
  }
}

export function toAppError(e: unknown, file?: string): AppError {
  if (e instanceof NianbaoError) return e.toAppError()
  if (e instanceof Error && e.name === 'AbortError') return { code: 'cancelled', message: '已取消' }
  const message = e instanceof Error ? e.message : String(e)
  return file === undefined ? { code: 'internal', message } : { code: 'internal', message, file }
}
