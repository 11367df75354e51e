// Bumped when extraction changes, so stored extractions can be redone and compared.
export const ENGINE_VERSION = '1'
