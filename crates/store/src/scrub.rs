//! Leaving nothing of deleted records behind in the database's own files.
//!
//! SQLite deletes lazily: a deleted row's bytes stay in free pages, the full-text index keeps
//! a deleted page's words in its segments until they are merged, and the write-ahead log
//! keeps old versions of pages until it is overwritten. [`Store::scrub`] merges the index's
//! segments (dropping the deleted pages' words), rebuilds the database file with `VACUUM` (so
//! no free page holds old bytes), then copies the write-ahead log into the database and
//! truncates it to nothing.

use crate::{Store, StoreError};

impl Store {
    /// Wipes what deleted records left in the database files. Call it after a deletion is
    /// committed. If another program is reading the database at that moment, the write-ahead
    /// log cannot be emptied yet; SQLite removes it when the last program closes the database.
    pub fn scrub(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("INSERT INTO page_index(page_index) VALUES ('optimize'); VACUUM;")?;
        // Returns (busy, log frames, frames copied); busy only when a reader holds a snapshot.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use crate::test_support::{add, at, new_case};
    use carryall_domain::Sha256Hex;

    /// Every byte of the database and its write-ahead log.
    fn database_bytes(dir: &std::path::Path) -> Vec<u8> {
        let mut bytes = Vec::new();
        for name in ["db.sqlite3", "db.sqlite3-wal"] {
            if let Ok(more) = std::fs::read(dir.join(name)) {
                bytes.extend(more);
            }
        }
        bytes
    }

    fn holds(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
    }

    #[test]
    fn a_deleted_case_leaves_no_trace_in_the_database_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let mut store = Store::open(&path).unwrap();
        let case = new_case(&mut store, 1);
        let kept = new_case(&mut store, 2);
        let crate::Added::Imported(document) =
            add(&mut store, &case, 3, &Sha256Hex::from_digest(&[3; 32]))
        else {
            panic!("new content is imported");
        };
        store
            .conn
            .execute_batch(&format!(
                "UPDATE patients SET name = 'Quillon Farthingale' WHERE id = (SELECT patient_id FROM cases WHERE id = '{case}');
                 UPDATE cases SET reason = 'zanzibarite remission query' WHERE id = '{case}';
                 INSERT INTO document_pages (text, document_id, page, from_ocr) VALUES ('zanzibarite nodules', '{document}', 1, 0);",
                case = case.as_str(),
                document = document.id.as_str()
            ))
            .unwrap();
        store
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
            .unwrap();
        assert!(holds(&database_bytes(dir.path()), "Quillon Farthingale"));
        store.delete_case(&case, "cli", at(5)).unwrap();
        store.scrub().unwrap();
        let bytes = database_bytes(dir.path());
        for trace in ["Quillon Farthingale", "zanzibarite"] {
            assert!(!holds(&bytes, trace), "{trace:?} is still in the files");
        }
        assert_eq!(
            std::fs::metadata(dir.path().join("db.sqlite3-wal"))
                .unwrap()
                .len(),
            0
        );
        assert!(store.case(&kept).unwrap().is_some(), "other cases are kept");
    }
}
