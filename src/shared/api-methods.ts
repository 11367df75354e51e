// The names of every API method: all the preload script and the transports need to know.
export const API_METHODS = [
  'listDocuments',
  'importFiles',
  'importPaths',
  'getDocument',
  'getSource',
  'getWords',
  'deleteDocument',
  'correctCell',
  'confirmCells',
  'confirmTable',
  'undo',
  'redo',
  'setMetadata',
  'markReviewed',
  'reextract',
  'listJobs',
  'cancelJob',
  'exportDataset',
  'getSettings',
  'setSettings'
] as const

export type ApiMethod = (typeof API_METHODS)[number]

export const API_EVENT_CHANNEL = 'api:event'
