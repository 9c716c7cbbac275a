-- What reading a document adds: why its category was chosen, whether its date could be read
-- two ways, which pages came from OCR, and a full-text index of every page.

ALTER TABLE documents ADD COLUMN category_evidence TEXT;  -- JSON array of the deciding words
ALTER TABLE documents ADD COLUMN date_ambiguous INTEGER NOT NULL DEFAULT 0
    CHECK (date_ambiguous IN (0, 1));

-- One row per page of extracted text; the index's own copy of the text is what search reads.
CREATE VIRTUAL TABLE page_index USING fts5(
    text,
    document_id UNINDEXED,
    page UNINDEXED,
    from_ocr UNINDEXED,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mc Mn'"
);

-- An FTS table has no foreign keys: its rows follow their document's by trigger (also when a
-- case's deletion cascades to its documents).
CREATE TRIGGER page_index_follows_documents AFTER DELETE ON documents
BEGIN
    DELETE FROM page_index WHERE document_id = old.id;
END;
