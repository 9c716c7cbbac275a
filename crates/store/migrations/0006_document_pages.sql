-- Pages of text in a table of their own, indexed by document, with the full-text index kept
-- beside them (FTS5 "external content").
--
-- Before: the pages lived only inside the FTS5 table `page_index`, which cannot index its
-- `document_id` column, so replacing or deleting one document's pages scanned every page of
-- every case (quadratic over a large import or a case's deletion). Now each page is a row of
-- `document_pages` (its rowid is the index's rowid); triggers add a page's words to the index
-- and take exactly those words out again, so a document's pages cost only their own rows.

CREATE TABLE document_pages (
    id          INTEGER PRIMARY KEY,  -- the page's rowid in `page_index`
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page        INTEGER NOT NULL CHECK (page >= 1),
    text        TEXT NOT NULL,
    from_ocr    INTEGER NOT NULL CHECK (from_ocr IN (0, 1))
) STRICT;
CREATE INDEX document_pages_by_document ON document_pages(document_id, page);

-- Earlier pages move over in their old order. Pages of documents no longer in the database
-- (none, unless something wrote to the table around the old trigger) are left behind.
INSERT INTO document_pages (document_id, page, text, from_ocr)
    SELECT document_id, page, text, from_ocr FROM page_index
    WHERE document_id IN (SELECT id FROM documents)
    ORDER BY rowid;

DROP TRIGGER page_index_follows_documents;
DROP TABLE page_index;

-- The index holds only the words; the text it shows in snippets is read from `document_pages`.
CREATE VIRTUAL TABLE page_index USING fts5(
    text,
    content = 'document_pages',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co Mc Mn'"
);
INSERT INTO page_index (page_index) VALUES ('rebuild');

CREATE TRIGGER document_pages_indexed AFTER INSERT ON document_pages
BEGIN
    INSERT INTO page_index (rowid, text) VALUES (new.id, new.text);
END;

-- Also when a document's deletion (or its case's) cascades to its pages.
CREATE TRIGGER document_pages_unindexed AFTER DELETE ON document_pages
BEGIN
    INSERT INTO page_index (page_index, rowid, text) VALUES ('delete', old.id, old.text);
END;

-- A reading replaces a document's pages (delete, then insert); a page is never edited, so
-- the index can never hold words its page no longer has.
CREATE TRIGGER document_pages_never_edited BEFORE UPDATE ON document_pages
BEGIN
    SELECT RAISE(ABORT, 'document pages are replaced, not edited');
END;
