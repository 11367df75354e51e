// Numbered migrations, applied in order; the database records the last one in user_version.
// Never edit a migration that has shipped: add the next number.
import m0001 from './0001-init'
import m0002 from './0002-review'
import m0003 from './0003-job-claims'
import m0004 from './0004-ocr-words'
import m0005 from './0005-effective-cells'

export const MIGRATIONS: readonly string[] = [m0001, m0002, m0003, m0004, m0005]
