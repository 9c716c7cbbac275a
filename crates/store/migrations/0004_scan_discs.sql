-- Scan discs. A disc is one document whose own content is its manifest (one line per file:
-- its SHA-256, two spaces, its path on the disc), so importing the same disc again is a
-- duplicate. Each of the disc's files is a blob of its own, listed here; what was read from
-- the disc's DICOM headers sits in the tables after.

CREATE TABLE disc_members (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path        TEXT NOT NULL,           -- relative to the disc's top folder, '/'-separated
    sha256      TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE RESTRICT,
    size        INTEGER NOT NULL CHECK (size >= 0),
    PRIMARY KEY (document_id, path)
) STRICT;
CREATE INDEX disc_members_by_blob ON disc_members(sha256);

-- One row per disc that has been read.
CREATE TABLE disc_readings (
    document_id      TEXT PRIMARY KEY NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    unreadable_files INTEGER NOT NULL CHECK (unreadable_files >= 0),
    missing_files    INTEGER NOT NULL CHECK (missing_files >= 0),
    problem          TEXT                -- why the disc's index could not be read, if so
) STRICT;

-- The distinct patients a disc names, in the order its index names them.
CREATE TABLE disc_patients (
    document_id TEXT NOT NULL REFERENCES disc_readings(document_id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,           -- for display: Given Middle Family
    hospital_id TEXT,
    PRIMARY KEY (document_id, position)
) STRICT;

-- A disc's studies, by date.
CREATE TABLE disc_studies (
    document_id  TEXT NOT NULL REFERENCES disc_readings(document_id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    patient_name TEXT NOT NULL,
    study_date   TEXT,                   -- YYYY-MM-DD
    description  TEXT,
    PRIMARY KEY (document_id, position)
) STRICT;

-- Each study's series, by series number.
CREATE TABLE disc_series (
    document_id    TEXT NOT NULL,
    study_position INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    modality       TEXT,
    description    TEXT,
    body_part      TEXT,
    images         INTEGER NOT NULL CHECK (images >= 0),
    PRIMARY KEY (document_id, study_position, position),
    FOREIGN KEY (document_id, study_position)
        REFERENCES disc_studies(document_id, position) ON DELETE CASCADE
) STRICT;
