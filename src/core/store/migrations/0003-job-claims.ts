// Which runner works on a job's file ("pid:token"), so the app and the command line sharing one
// database never extract the same file at once; a claim whose process is gone is taken over.
export default /* sql */ `
ALTER TABLE job_items ADD COLUMN claimed_by TEXT;
`
