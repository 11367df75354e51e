// Plain text reports: decoded, line ends unified, nothing else touched (offsets index this text).
import { decodeText } from './decode'
import type { SourceText } from './types'

export async function readText(bytes: Uint8Array, name: string): Promise<SourceText> {
  const { text } = decodeText(bytes, name)
  return { form: 'txt', text: text.replace(/\r\n?/g, '\n') }
}
