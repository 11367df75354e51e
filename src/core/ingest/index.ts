// Reads any report file into SourceText: detect the form from the bytes, then hand it to its reader.
import { NianbaoError } from '../errors'
import { detectForm, type DetectedForm } from './detect'
import { readDocx } from './docx'
import { readHtml } from './html'
import { readImage } from './image'
import { readPdf } from './pdf'
import { readText } from './text'
import type { ReadOptions, SourceText } from './types'

export type Reader = (bytes: Uint8Array, name: string, opts: ReadOptions) => Promise<SourceText>

// One entry per detected form; the PDF/OCR readers register here too.
const READERS: Partial<Record<DetectedForm, Reader>> = {
  txt: readText,
  html: readHtml,
  docx: readDocx,
  pdf: readPdf,
  image: readImage
}

const UNSUPPORTED: Record<DetectedForm, string> = {
  txt: '文本',
  html: '网页',
  docx: 'Word 文档',
  pdf: 'PDF',
  image: '图片',
  zip: '压缩包（不是 Word 文档）'
}

export async function readSource(bytes: Uint8Array, name: string, opts: ReadOptions = {}): Promise<SourceText> {
  if (bytes.length === 0) throw new NianbaoError('empty-file', '文件为空', name)
  const form = detectForm(bytes)
  const reader = READERS[form]
  if (!reader) throw new NianbaoError('unsupported-type', `不支持的文件类型：${UNSUPPORTED[form]}`, name)
  return reader(bytes, name, opts)
}
