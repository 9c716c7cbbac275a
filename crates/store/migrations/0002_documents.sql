-- Documents and what is learned from them; the checklist's manual states; the question list.

-- One row per distinct content, however many documents (in however many cases) share it. The
-- file is files/sha256/<first two hex digits>/<all 64>.
CREATE TABLE blobs (
    sha256    TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    size      INTEGER NOT NULL CHECK (size >= 0),
    stored_at TEXT NOT NULL
) STRICT;

CREATE TABLE documents (
    id                  TEXT PRIMARY KEY NOT NULL,
    case_id             TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    sha256              TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE RESTRICT,
    original_name       TEXT NOT NULL,   -- the file's own name; never the folder it was in
    size                INTEGER NOT NULL CHECK (size >= 0),
    modified_at         TEXT,
    media_type          TEXT NOT NULL,   -- sniffed from content
    category            TEXT NOT NULL DEFAULT 'other',
    category_source     TEXT NOT NULL DEFAULT 'none'
                        CHECK (category_source IN ('none', 'detected', 'user')),
    category_confidence REAL,
    document_date       TEXT,            -- YYYY-MM-DD
    imported_at         TEXT NOT NULL,
    UNIQUE (case_id, sha256)             -- the same bytes twice in a case is a duplicate
) STRICT;
CREATE INDEX documents_by_case ON documents(case_id, imported_at);
CREATE INDEX documents_by_blob ON documents(sha256);

-- Text extracted from a document (PDF text layer or OCR), or why there is none.
CREATE TABLE document_texts (
    document_id    TEXT PRIMARY KEY NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    source         TEXT NOT NULL CHECK (source IN ('pdf', 'ocr', 'none')),
    error          TEXT,
    ocr_confidence REAL,
    pages          INTEGER,
    body           TEXT NOT NULL DEFAULT '',
    extracted_at   TEXT NOT NULL
) STRICT;

-- Key facts found in a document, each with where it came from.
CREATE TABLE facts (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    value       TEXT NOT NULL,
    page        INTEGER,
    snippet     TEXT NOT NULL
) STRICT;
CREATE INDEX facts_by_document ON facts(document_id);

-- Checklist states a person set by hand; 'have' and 'missing' follow from the documents.
CREATE TABLE checklist_states (
    case_id    TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    item_id    TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('requested', 'not_applicable')),
    note       TEXT,                     -- from whom, or why not applicable
    changed_at TEXT NOT NULL,
    PRIMARY KEY (case_id, item_id)
) STRICT;

-- The questions for the specialist: generated ones and the person's own, with their edits.
CREATE TABLE questions (
    id              TEXT PRIMARY KEY NOT NULL,
    case_id         TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    rule_id         TEXT,                -- the rule that suggested it; NULL when user-written
    text            TEXT NOT NULL,
    theme           TEXT NOT NULL,
    reason          TEXT,
    source_document TEXT REFERENCES documents(id) ON DELETE SET NULL,
    position        INTEGER NOT NULL,
    starred         INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
    edited          INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    removed         INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    UNIQUE (case_id, rule_id)
) STRICT;
CREATE INDEX questions_by_case ON questions(case_id, position);
