//! Carryall's local store: one SQLite database under the data directory.
//!
//! [`Store::open`] opens (or creates) the database, sets the connection up (WAL, foreign keys,
//! busy timeout) and brings its schema up to date with the append-only [`migrations`]. One
//! module per table group holds that group's queries. A protected data folder's database is
//! encrypted by SQLCipher ([`Store::open_with_key`]) and its files are sealed ([`sealed`]).
//!
//! **Architecture invariant:** the store persists what it is given; ids, clocks and
//! validation belong to the callers (the domain and app crates).

mod audit;
mod cases;
mod checklist;
mod concerns;
mod discs;
mod documents;
mod error;
pub mod files;
pub mod migrations;
mod questions;
mod scrub;
pub mod sealed;
#[cfg(test)]
mod test_support;
mod understanding;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use sealed::SecretKey;

pub use audit::{Action, AuditEntry};
pub use checklist::ChecklistRow;
pub use concerns::ConcernRow;
pub use discs::{DiscMember, DiscOverview, DiscPatient, DiscReading, DiscSeries, DiscStudy};
pub use documents::{Added, NewDocument};
pub use error::StoreError;
pub use questions::{OWN_THEME, QuestionRow, Starring, SuggestedQuestion};
pub use understanding::{
    DetectedCategory, FactRow, PageKey, PageListing, PageText, Reading, SearchHit, TextRecord,
    Understood,
};

/// SQLCipher's raw-key form of `key` (used as it is, with no passphrase derivation).
fn raw_key(key: &SecretKey) -> zeroize::Zeroizing<String> {
    zeroize::Zeroizing::new(format!("x'{}'", key.to_hex().as_str()))
}

/// Gives SQLCipher the database's key (the first thing done on a connection) and proves it
/// opens the database; without a key, proves the database is not an encrypted one.
fn apply_key(conn: &Connection, key: Option<&SecretKey>) -> Result<(), StoreError> {
    // SQLCipher writes its own failures (a wrong key among them) to stderr; the store reports
    // them as errors instead.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    if let Some(key) = key {
        conn.pragma_update(None, "key", raw_key(key).as_str())?;
    }
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())) {
        Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(StoreError::WrongKey)
        }
        other => Ok(other?),
    }
}

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The open database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the database file at `path`, creating it if needed, and migrates it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_key(path, None)
    }

    /// Opens (creating) the database at `path`, encrypted by SQLCipher with `key` when one is
    /// given. A wrong key, or a key for a database that has none, is [`StoreError::WrongKey`].
    pub fn open_with_key(path: &Path, key: Option<&SecretKey>) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        apply_key(&conn, key)?;
        Store::set_up(conn, true)
    }

    /// Opens the database file at `path` for reading only: nothing can be written through
    /// it, so it needs no lock of Carryall's own and sees a consistent snapshot while another
    /// program writes. Fails with [`StoreError::SchemaBehind`] when the database is missing or
    /// needs an upgrade (which only a writer may do).
    pub fn open_read_only(path: &Path, key: Option<&SecretKey>) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::SchemaBehind);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        apply_key(&conn, key)?;
        let found = migrations::version(&conn)?;
        let latest = migrations::latest_version();
        if found > latest {
            return Err(StoreError::NewerSchema {
                found,
                known: latest,
            });
        }
        if found < latest {
            return Err(StoreError::SchemaBehind);
        }
        Ok(Store { conn })
    }

    /// Opens a private in-memory database (for tests and throwaway sessions).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::set_up(Connection::open_in_memory()?, false)
    }

    fn set_up(mut conn: Connection, on_disk: bool) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if on_disk {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Unsupported(format!("journal mode {mode}")));
            }
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        migrations::apply(&mut conn)?;
        Ok(Store { conn })
    }

    /// Writes a copy of the whole database, encrypted with `key`, to a new file at `target`
    /// (SQLCipher's `sqlcipher_export`): how an existing folder becomes protected.
    pub fn write_encrypted_copy(&self, target: &Path, key: &SecretKey) -> Result<(), StoreError> {
        let raw = raw_key(key);
        let target_text = target.to_str().ok_or_else(|| {
            StoreError::Unsupported("a data folder path that is not valid Unicode".to_owned())
        })?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![target_text, raw.as_str()],
        )?;
        let copied = (|| -> Result<(), StoreError> {
            self.conn
                .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
            let version = migrations::version(&self.conn)?;
            self.conn
                .pragma_update(Some("encrypted"), "user_version", version)?;
            Ok(())
        })();
        self.conn.execute("DETACH DATABASE encrypted", [])?;
        copied
    }

    /// Runs SQLite's own consistency check; returns the problems it lists (none when sound).
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(lines.into_iter().filter(|line| line != "ok").collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{add, new_case};
    use carryall_domain::Sha256Hex;

    #[test]
    fn an_encrypted_database_opens_only_with_its_key_and_shows_nothing_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("carryall.db");
        let key = SecretKey::random().unwrap();
        let case = {
            let mut store = Store::open_with_key(&path, Some(&key)).unwrap();
            let case = new_case(&mut store, 1);
            store
                .conn
                .execute("UPDATE patients SET name = 'Zebediah Quarrington'", [])
                .unwrap();
            store
                .conn
                .pragma_update(None, "wal_checkpoint", "TRUNCATE")
                .unwrap();
            case
        };
        let on_disk = std::fs::read(&path).unwrap();
        assert!(!on_disk.starts_with(b"SQLite format 3"));
        assert!(!on_disk.windows(10).any(|w| w == b"Zebediah Q"));

        let store = Store::open_with_key(&path, Some(&key)).unwrap();
        assert_eq!(store.cases().unwrap()[0].id, case);
        drop(store);
        let read_only = Store::open_read_only(&path, Some(&key)).unwrap();
        assert_eq!(read_only.cases().unwrap().len(), 1);
        drop(read_only);

        for wrong in [None, Some(SecretKey::random().unwrap())] {
            let error = Store::open_with_key(&path, wrong.as_ref()).err().unwrap();
            assert!(matches!(error, StoreError::WrongKey), "{error}");
            let error = Store::open_read_only(&path, wrong.as_ref()).err().unwrap();
            assert!(matches!(error, StoreError::WrongKey), "{error}");
        }
        assert_eq!(
            Store::open_with_key(&path, Some(&key))
                .unwrap()
                .cases()
                .unwrap()
                .len(),
            1,
            "failed openings changed nothing"
        );
    }

    #[test]
    fn an_encrypted_copy_holds_everything_including_the_text_index() {
        let dir = tempfile::tempdir().unwrap();
        let plain_path = dir.path().join("plain.db");
        let copy_path = dir.path().join("copy.db");
        let mut store = Store::open(&plain_path).unwrap();
        let case = new_case(&mut store, 3);
        let Added::Imported(document) = add(
            &mut store,
            &case,
            4,
            &Sha256Hex::parse(&"ab".repeat(32)).unwrap(),
        ) else {
            panic!("a new document");
        };
        store
            .conn
            .execute(
                "INSERT INTO document_pages (text, document_id, page, from_ocr)
                 VALUES ('carcinoma', ?1, 1, 0)",
                [document.id.as_str()],
            )
            .unwrap();
        let key = SecretKey::random().unwrap();
        store.write_encrypted_copy(&copy_path, &key).unwrap();
        drop(store);

        let copy = Store::open_with_key(&copy_path, Some(&key)).unwrap();
        assert_eq!(copy.cases().unwrap()[0].id, case);
        assert_eq!(
            migrations::version(&copy.conn).unwrap(),
            migrations::latest_version()
        );
        let hits: i64 = copy
            .conn
            .query_row(
                "SELECT count(*) FROM page_index WHERE page_index MATCH 'carcinoma'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(hits, 1);
        assert!(copy.integrity_problems().unwrap().is_empty());
        assert!(matches!(
            Store::open(&copy_path).err().unwrap(),
            StoreError::WrongKey
        ));
    }

    #[test]
    fn a_plain_database_does_not_open_with_a_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("carryall.db");
        drop(Store::open(&path).unwrap());
        let key = SecretKey::random().unwrap();
        let error = Store::open_with_key(&path, Some(&key)).err().unwrap();
        assert!(matches!(error, StoreError::WrongKey), "{error}");
        assert!(Store::open(&path).is_ok());
    }
}
