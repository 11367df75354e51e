// Documents and their original bytes (content-addressed), and app settings.
export default /* sql */ `
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  data BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE REFERENCES blobs(sha256),
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  form TEXT,
  pages INTEGER,
  agency TEXT,
  year INTEGER,
  template TEXT,
  published TEXT,
  status TEXT NOT NULL DEFAULT 'imported',
  error TEXT,
  imported_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX documents_status ON documents(status);
CREATE INDEX documents_agency_year ON documents(agency, year);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`
