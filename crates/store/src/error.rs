//! What can go wrong in the store, with enough context for a person to act on.

use std::path::PathBuf;

/// A store failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or created.
    #[error("could not open the database at {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// SQLite's reason.
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer Carryall.
    #[error(
        "the database was made by a newer version of Carryall (schema {found}, this version \
         knows up to {known}); please update Carryall"
    )]
    NewerSchema {
        /// The schema version found.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A stored value is not what the schema promises.
    #[error("the database holds a damaged value in {table}.{column}")]
    Damaged {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
    },
    /// The record asked for does not exist.
    #[error("no such record")]
    NotFound,
    /// The database is encrypted with another key, or is not encrypted while a key was given
    /// (or the file is not a database at all).
    #[error("the database does not open with this key")]
    WrongKey,
    /// The file system or SQLite build cannot do what the store needs.
    #[error("the database cannot be used here: {0} is not supported")]
    Unsupported(String),
    /// The database does not exist yet or needs an upgrade, which a read-only opening
    /// cannot do; open it for writing instead.
    #[error("the database must be created or upgraded before it can be read")]
    SchemaBehind,
    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// Whether the error is SQLite reporting that another process holds the lock.
    pub fn is_busy(&self) -> bool {
        let sqlite = match self {
            StoreError::Open { source, .. } => source,
            StoreError::Sqlite(source) => source,
            _ => return false,
        };
        matches!(
            sqlite.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}
