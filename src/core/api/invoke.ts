// The single entry for every transport (Electron IPC, browser mode, CLI, tests):
// validate the input against the contract, run the handler, return a Result.
import * as v from 'valibot'
import { inputSchemas, type ApiOutputs } from '../../shared/api'
import { API_METHODS, type ApiMethod } from '../../shared/api-methods'
import { fail, ok, type Result } from '../../shared/result'
import { toAppError } from '../errors'

export type Handlers = {
  [M in ApiMethod]: (
    input: v.InferOutput<(typeof inputSchemas)[M]>
  ) => Promise<ApiOutputs[M]> | ApiOutputs[M]
}

const methods = new Set<string>(API_METHODS)

export function isApiMethod(name: string): name is ApiMethod {
  return methods.has(name)
}

export async function invoke(handlers: Handlers, name: string, input: unknown): Promise<Result<unknown>> {
  if (!isApiMethod(name)) return fail('unknown-method', `没有这个接口：${name}`)
  const parsed = v.safeParse(inputSchemas[name], input ?? {})
  if (!parsed.success) {
    return fail('invalid-input', `${name} 的参数不正确：${v.summarize(parsed.issues).replace(/\n/g, '; ')}`)
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown> | unknown
    return ok(await handler(parsed.output))
  } catch (e) {
    return { ok: false, error: toAppError(e) }
  }
}
