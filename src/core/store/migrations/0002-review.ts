// Extractions, the reviewers' edit log, denormalised review state, and persistent import jobs.
// A report's cells are always read and written together, so an extraction keeps them as one JSON
// object (about 200 cells) instead of 2 million rows for 10,000 reports that no query needs apart.
export default /* sql */ `
CREATE TABLE extractions (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  engine_version TEXT NOT NULL,
  form TEXT,
  pages INTEGER,
  template TEXT NOT NULL,
  agency TEXT,
  year INTEGER,
  published TEXT,
  cells TEXT NOT NULL,
  checks TEXT NOT NULL,
  seconds REAL,
  created_at TEXT NOT NULL
);
CREATE INDEX extractions_document ON extractions(document_id, id);

-- One row per reviewer action. undo/redo rows name the action they undo or redo (target), so the
-- log stays append-only and replaying it gives the current state.
CREATE TABLE actions (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('correct', 'confirm', 'metadata', 'undo', 'redo', 'review')),
  target INTEGER REFERENCES actions(id),
  reviewer TEXT NOT NULL,
  note TEXT,
  at TEXT NOT NULL
);
CREATE INDEX actions_document ON actions(document_id, id);

-- What one action changed: a cell (key 'requests/new/total') or a metadata field ('@agency').
-- base is the extracted value the reviewer saw, to spot a later extraction that changes its mind.
CREATE TABLE edits (
  action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  status TEXT,
  base TEXT,
  PRIMARY KEY (action_id, key)
) WITHOUT ROWID;

-- Effective state derived from the latest extraction and the log, rewritten in the same
-- transaction as every action, so listing 10,000 reports needs no replay.
ALTER TABLE documents ADD COLUMN to_check INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN failing_checks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN review_note TEXT;
CREATE INDEX documents_attention ON documents(failing_checks DESC, to_check DESC, id);
CREATE INDEX documents_imported ON documents(imported_at, id);

-- Effective values by cell key, read by the cross-report checks of neighbouring years.
CREATE TABLE document_values (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  cells TEXT NOT NULL
);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('import', 'extract', 'export')),
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_state ON jobs(state, id);

-- A file of a job: path (importPaths, read when its turn comes) or an already stored document.
CREATE TABLE job_items (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  path TEXT,
  document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'duplicate', 'failed', 'cancelled')),
  error TEXT
);
CREATE INDEX job_items_job ON job_items(job_id, state, id);
`
