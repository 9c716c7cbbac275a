//! The schema's history: an append-only list of SQL scripts, numbered by position.
//!
//! The database records how many have been applied in `PRAGMA user_version`. Each pending
//! script runs together with the version bump in one exclusive transaction, so a crash leaves
//! the database at the old version or the new one, never between. A released script is never
//! edited or removed; changes come as new scripts at the end.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// Every migration, oldest first. Position `i` upgrades version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_cases.sql"),
    include_str!("../migrations/0002_documents.sql"),
    include_str!("../migrations/0003_understanding.sql"),
    include_str!("../migrations/0004_scan_discs.sql"),
    include_str!("../migrations/0005_concerns.sql"),
    include_str!("../migrations/0006_document_pages.sql"),
];

/// The schema version this build brings a database to.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The database's current schema version.
pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Applies every pending migration; refuses a database from a newer build.
pub fn apply(conn: &mut Connection) -> Result<(), StoreError> {
    apply_scripts(conn, MIGRATIONS)
}

fn apply_scripts(conn: &mut Connection, scripts: &[&str]) -> Result<(), StoreError> {
    let known = scripts.len() as i64;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        let current = version(&tx)?;
        if current > known {
            return Err(StoreError::NewerSchema {
                found: current,
                known,
            });
        }
        let Some(script) = scripts.get(current as usize) else {
            return Ok(());
        };
        tx.execute_batch(script)?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_database_migrates_to_the_latest_version_and_again_is_a_no_op() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(version(&conn).unwrap(), 0);
        apply(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), latest_version());
        apply(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), latest_version());
    }

    #[test]
    fn a_database_of_every_released_version_upgrades_keeping_its_rows() {
        for released in 1..MIGRATIONS.len() {
            let mut conn = Connection::open_in_memory().unwrap();
            apply_scripts(&mut conn, &MIGRATIONS[..released]).unwrap();
            conn.execute_batch(
                "INSERT INTO patients VALUES ('P', 'Kept Patient', NULL, '2026-01-01T00:00:00Z');
                 INSERT INTO cases (id, patient_id, created_at) VALUES ('C', 'P', '2026-01-01T00:00:00Z');",
            )
            .unwrap();
            apply(&mut conn).unwrap();
            assert_eq!(version(&conn).unwrap(), latest_version());
            let name: String = conn
                .query_row(
                    "SELECT name FROM patients JOIN cases ON cases.patient_id = patients.id",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(name, "Kept Patient", "upgrading from version {released}");
        }
    }

    #[test]
    fn a_version_3_database_with_documents_gains_disc_tables_keeping_them() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        apply_scripts(&mut conn, &MIGRATIONS[..3]).unwrap();
        let hash = "a".repeat(64);
        conn.execute_batch(&format!(
            "INSERT INTO patients VALUES ('P', 'Kept Patient', NULL, '2026-01-01T00:00:00Z');
             INSERT INTO cases (id, patient_id, created_at) VALUES ('C', 'P', '2026-01-01T00:00:00Z');
             INSERT INTO blobs VALUES ('{hash}', 10, '2026-01-01T00:00:00Z');
             INSERT INTO documents (id, case_id, sha256, original_name, size, media_type, imported_at)
             VALUES ('D', 'C', '{hash}', 'biopsy.pdf', 10, 'application/pdf', '2026-01-01T00:00:00Z');
             INSERT INTO facts (document_id, name, value, snippet) VALUES ('D', 'grade', '2', 'Grade 2');"
        ))
        .unwrap();
        apply(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), latest_version());
        let kept: (String, String) = conn
            .query_row(
                "SELECT d.original_name, f.value FROM documents d JOIN facts f ON f.document_id = d.id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(kept, ("biopsy.pdf".to_owned(), "2".to_owned()));
        conn.execute(
            "INSERT INTO disc_members VALUES ('D', 'DICOMDIR', ?1, 10)",
            [&hash],
        )
        .unwrap();
        let unknown_blob = conn.execute(
            "INSERT INTO disc_members VALUES ('D', 'IM1', ?1, 10)",
            ["b".repeat(64)],
        );
        assert!(unknown_blob.is_err(), "a disc file must be a stored blob");
    }

    #[test]
    fn a_version_4_audit_log_keeps_its_entries_with_no_question_and_takes_concerns() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        apply_scripts(&mut conn, &MIGRATIONS[..4]).unwrap();
        conn.execute_batch(
            "INSERT INTO patients VALUES ('P', 'Kept Patient', NULL, '2026-01-01T00:00:00Z');
             INSERT INTO cases (id, patient_id, created_at) VALUES ('C', 'P', '2026-01-01T00:00:00Z');
             INSERT INTO audit_log (at, actor, action, case_id)
             VALUES ('2026-01-01T00:00:00+00:00', 'cli', 'case_created', 'C');",
        )
        .unwrap();
        apply(&mut conn).unwrap();
        let kept: (String, Option<String>) = conn
            .query_row("SELECT action, question_id FROM audit_log", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(kept, ("case_created".to_owned(), None));
        let append_only = conn.execute("UPDATE audit_log SET question_id = 'Q'", []);
        assert!(append_only.is_err(), "the new column is append-only too");
        conn.execute(
            "INSERT INTO concerns (id, case_id, position, text) VALUES ('K', 'C', 0, 'my work')",
            [],
        )
        .unwrap();
        let orphan = conn.execute(
            "INSERT INTO concerns (id, case_id, position, text) VALUES ('L', 'X', 0, 'x')",
            [],
        );
        assert!(orphan.is_err(), "a concern belongs to a case");
    }

    #[test]
    fn a_version_5_full_text_index_moves_to_pages_of_their_own() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        apply_scripts(&mut conn, &MIGRATIONS[..5]).unwrap();
        let case = carryall_domain::Id::from_random([1; 8]);
        let documents = [[2; 8], [3; 8]].map(carryall_domain::Id::from_random);
        conn.execute_batch(&format!(
            "INSERT INTO patients VALUES ('P', 'Kept Patient', NULL, '2026-01-01T00:00:00Z');
             INSERT INTO cases (id, patient_id, created_at) VALUES ('{case}', 'P', '2026-01-01T00:00:00Z');
             INSERT INTO blobs VALUES ('{a}', 10, '2026-01-01T00:00:00Z'), ('{b}', 10, '2026-01-01T00:00:00Z');
             INSERT INTO documents (id, case_id, sha256, original_name, size, media_type, imported_at)
             VALUES ('{d1}', '{case}', '{a}', 'biopsy.pdf', 10, 'application/pdf', '2026-01-01T00:00:00Z'),
                    ('{d2}', '{case}', '{b}', 'scan.pdf', 10, 'application/pdf', '2026-01-01T00:00:00Z');
             INSERT INTO page_index (text, document_id, page, from_ocr)
             VALUES ('Invasive ductal carcinoma', '{d1}', 1, 0),
                    ('Grade 2', '{d1}', 2, 0),
                    ('Lymph nodes clear', '{d2}', 1, 1),
                    ('left behind by hand', 'NOT A DOCUMENT', 1, 0);",
            a = "a".repeat(64),
            b = "b".repeat(64),
            d1 = documents[0],
            d2 = documents[1],
        ))
        .unwrap();
        apply(&mut conn).unwrap();
        let mut store = crate::Store { conn };
        let pages = store.case_page_list(&case).unwrap();
        let numbered = |id: &carryall_domain::Id| -> Vec<(u32, String, bool)> {
            pages[id]
                .iter()
                .map(|p| (p.number, store.page_text(p.key).unwrap(), p.from_ocr))
                .collect()
        };
        assert_eq!(
            numbered(&documents[0]),
            [
                (1, "Invasive ductal carcinoma".to_owned(), false),
                (2, "Grade 2".to_owned(), false)
            ]
        );
        assert_eq!(
            numbered(&documents[1]),
            [(1, "Lymph nodes clear".to_owned(), true)]
        );
        let hits = store.search(&case, "carcinoma", 10).unwrap();
        assert_eq!(
            (
                &hits[0].document_id,
                hits[0].page,
                hits[0].original_name.as_str()
            ),
            (&documents[0], 1, "biopsy.pdf"),
            "the old pages are searchable"
        );
        store
            .delete_document(&case, &documents[0], "cli", chrono::Utc::now())
            .unwrap();
        assert_eq!(
            crate::test_support::indexed_words(&store),
            ["clear", "lymph", "nodes"],
            "the deleted document's words, and the page of no document, are gone"
        );
    }

    #[test]
    fn a_file_database_reopens_at_the_latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("carryall.sqlite3");
        drop(crate::Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        assert_eq!(version(&conn).unwrap(), latest_version());
        drop(conn);
        assert!(
            crate::Store::open(&path).is_ok(),
            "opening again is a no-op"
        );
    }

    #[test]
    fn a_newer_database_is_refused_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = apply(&mut conn).unwrap_err();
        assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
        assert_eq!(version(&conn).unwrap(), latest_version() + 1);
    }

    #[test]
    fn a_failing_migration_is_rolled_back_whole_and_the_version_kept() {
        let mut conn = Connection::open_in_memory().unwrap();
        let scripts = [
            "CREATE TABLE a (x);",
            "CREATE TABLE b (x); CREATE TABLE a (x); -- the second statement fails",
        ];
        assert!(apply_scripts(&mut conn, &scripts).is_err());
        assert_eq!(version(&conn).unwrap(), 1);
        let b_exists: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!b_exists, "half of a failed migration was kept");
    }
}
