// Each report's effective cells and failing checks, as the review screen shows them, rewritten in
// the same transaction as every action (with documents.to_check and document_values), so an
// export of 10,000 reports reads rows instead of parsing extractions and re-running identities.
// basis names the template and the derivation: a row of another basis (written before the
// identities changed) or no row at all (a database from before this migration) is derived again
// when an export reads it, and stored then.
export default /* sql */ `
CREATE TABLE document_cells (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  basis TEXT NOT NULL,
  engine_version TEXT NOT NULL,
  can_undo INTEGER NOT NULL,
  can_redo INTEGER NOT NULL,
  cells TEXT NOT NULL,
  checks TEXT NOT NULL
);
`
