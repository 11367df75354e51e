// The OCR words of an extraction's scanned pages, one row per page (the words as JSON), so the
// source pane draws a scan's recognised text without OCR-ing it again. Pages are what it asks for.
export default /* sql */ `
CREATE TABLE ocr_words (
  extraction_id INTEGER NOT NULL REFERENCES extractions(id) ON DELETE CASCADE,
  page INTEGER NOT NULL,
  words TEXT NOT NULL,
  PRIMARY KEY (extraction_id, page)
) WITHOUT ROWID;
`
