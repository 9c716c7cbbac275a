-- Patients and their second-opinion cases, and the audit log.
CREATE TABLE patients (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    date_of_birth TEXT,             -- YYYY-MM-DD
    created_at    TEXT NOT NULL     -- RFC 3339, UTC
) STRICT;

CREATE TABLE cases (
    id          TEXT PRIMARY KEY NOT NULL,
    patient_id  TEXT NOT NULL REFERENCES patients(id) ON DELETE RESTRICT,
    cancer_type TEXT,               -- a known slug (breast, lung, ...) or the words given
    reason      TEXT,               -- what the second opinion is for
    provider    TEXT,
    appointment TEXT,               -- YYYY-MM-DD
    status      TEXT NOT NULL DEFAULT 'gathering'
                CHECK (status IN ('gathering', 'exported', 'closed')),
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX cases_by_patient ON cases(patient_id);
CREATE INDEX cases_by_created ON cases(created_at);

-- Append-only: who did what, when. Never document contents or patient details; ids only.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,      -- which front acted: cli, desktop
    action      TEXT NOT NULL,      -- case_created, document_imported, ...
    case_id     TEXT,
    document_id TEXT
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
