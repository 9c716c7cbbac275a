//! Carryall's local store: one SQLite database under the data directory.
//!
//! [`Store::open`] opens (or creates) the database, sets the connection up (WAL, foreign keys,
//! busy timeout) and brings its schema up to date with the append-only [`migrations`]. One
//! module per table group holds that group's queries.
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
#[cfg(test)]
mod test_support;
mod understanding;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

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

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The open database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the database file at `path`, creating it if needed, and migrates it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        Store::set_up(conn, true)
    }

    /// Opens the database file at `path` for reading only: nothing can be written through
    /// it, so it needs no lock of Carryall's own and sees a consistent snapshot while another
    /// program writes. Fails with [`StoreError::SchemaBehind`] when the database is missing or
    /// needs an upgrade (which only a writer may do).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::SchemaBehind);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
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

    /// Runs SQLite's own consistency check; returns the problems it lists (none when sound).
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = stmt
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(lines.into_iter().filter(|line| line != "ok").collect())
    }
}
