//! `check`: proves the records are intact. Every stored file is re-read and re-hashed against
//! the hash it is named by, and SQLite checks its own structure. Stored files that no record
//! uses (left by a crash between saving a copy and recording it) are removed.

use std::io;

use carryall_domain::Sha256Hex;

use crate::{AppError, Carryall};

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Stored files re-hashed.
    pub files_checked: usize,
    /// Stored files whose bytes are missing or changed.
    pub damaged: Vec<DamagedFile>,
    /// Problems SQLite's integrity check listed.
    pub database_problems: Vec<String>,
    /// Files that no record used, now removed.
    pub unused_files_removed: usize,
}

impl CheckReport {
    /// Whether everything is intact.
    pub fn is_sound(&self) -> bool {
        self.damaged.is_empty() && self.database_problems.is_empty()
    }
}

/// A stored file that no longer holds what was imported.
#[derive(Debug)]
pub struct DamagedFile {
    /// The hash it should have.
    pub sha256: Sha256Hex,
    /// The original names of the documents that use it.
    pub names: Vec<String>,
    /// What is wrong.
    pub problem: Damage,
}

/// How a stored file is damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The file is gone.
    Missing,
    /// The bytes changed: this is their hash now.
    Altered(Sha256Hex),
    /// The file cannot be read.
    Unreadable(String),
}

impl Damage {
    /// A stable short name.
    pub fn slug(&self) -> &'static str {
        match self {
            Damage::Missing => "missing",
            Damage::Altered(_) => "altered",
            Damage::Unreadable(_) => "unreadable",
        }
    }
}

impl Carryall {
    /// Re-hashes every stored file, checks the database, and wipes what deleted records left
    /// in the database file.
    pub fn check(&self) -> Result<CheckReport, AppError> {
        let (blobs, database_problems) = {
            let store = self.store();
            (store.blobs()?, store.integrity_problems()?)
        };
        let mut report = CheckReport {
            database_problems,
            ..CheckReport::default()
        };
        for (sha256, names) in &blobs {
            report.files_checked += 1;
            let problem = match self.files.rehash(sha256) {
                Ok(actual) if &actual == sha256 => continue,
                Ok(actual) => Damage::Altered(actual),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Damage::Missing,
                Err(e) => Damage::Unreadable(e.to_string()),
            };
            report.damaged.push(DamagedFile {
                sha256: sha256.clone(),
                names: names.clone(),
                problem,
            });
        }
        let on_disk = self
            .files
            .stored_hashes()
            .map_err(|source| AppError::DataDir {
                path: self.data_dir.clone(),
                source,
            })?;
        for sha256 in on_disk {
            if blobs
                .binary_search_by(|(known, _)| known.cmp(&sha256))
                .is_err()
                && !self.store().blob_in_use(&sha256)?
            {
                let _ = self.files.remove(&sha256);
                report.unused_files_removed += 1;
            }
        }
        // Finishes the wipe of a deletion that could not wipe at once (a full disk, say).
        // Rebuilding a database SQLite finds damaged could make matters worse: left alone.
        // The wipe needs free space as large as the database; on a full disk it fails and
        // waits for a later check, while this check's findings still stand.
        if report.database_problems.is_empty() {
            let _wiped_or_waiting = self.store().scrub();
        }
        Ok(report)
    }
}
