// Crash-test child: corrects cells of report 1 in a loop and prints each correction once the API
// has answered (i.e. it is committed), as "key value". Killed with SIGKILL by the test.
import { openCore } from '../../../src/core/app'

const [dbPath, startArg] = process.argv.slice(2)
const core = openCore({ dbPath: dbPath!, resumeJobs: false })
const keys = ['requests/new/natural', 'requests/new/legal', 'review/reconsideration/maintained', 'item20_9/procurement/projects']

async function main(): Promise<void> {
  for (let n = Number(startArg); ; n++) {
    const key = keys[n % keys.length]!
    const r = await core.invoke('correctCell', { documentId: 1, key, value: n })
    if (!r.ok) throw new Error(r.error.message)
    process.stdout.write(`${key} ${n}\n`)
  }
}
void main()
