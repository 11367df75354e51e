// Files from a drop or a folder pick, folders walked recursively, keeping only types Nianbao reads.
const READABLE = /\.(pdf|txt|html?|docx|png|jpe?g|tiff?|bmp|webp)$/i

export function readable(files: Iterable<File>): File[] {
  return [...files].filter((f) => READABLE.test(f.name))
}

/** Every file in a drop; dropped folders are walked (the plain `files` list would hold them as empty entries). */
export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e)
  if (entries.length === 0) return readable(data.files)
  const files: File[] = []
  for (const entry of entries) await walk(entry, files, entries.length === 1 && entry.isFile)
  return files
}

async function walk(entry: FileSystemEntry, into: File[], keepAny: boolean): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))
    // A single dropped file is sent whatever its type, so the reviewer hears why it cannot be read.
    if (keepAny || READABLE.test(file.name)) into.push(file)
    return
  }
  if (!entry.isDirectory) return
  const reader = (entry as FileSystemDirectoryEntry).createReader()
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
    if (batch.length === 0) break
    for (const child of batch) await walk(child, into, false)
  }
}
