//! `check`: proves the records are intact. Every stored file is re-read and re-hashed against
//! the hash it is named by, and SQLite checks its own structure. Stored files that no record
//! uses (left by a crash between saving a copy and recording it) are removed.

use std::collections::HashSet;
use std::io;

use carryall_domain::Sha256Hex;

use crate::pending_wipe::PendingWipe;
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
            .stored_names()
            .map_err(|source| AppError::DataDir {
                path: self.data_dir.clone(),
                source,
            })?;
        let mut known: HashSet<String> = blobs
            .iter()
            .map(|(sha256, _)| self.files.name_of(sha256))
            .collect();
        let mut fetched_again = false;
        for name in on_disk {
            if known.contains(&name) {
                continue;
            }
            // Recorded since the list above was read (an import in this program)?
            if !fetched_again {
                fetched_again = true;
                let blobs = self.store().blobs()?;
                known.extend(blobs.iter().map(|(sha256, _)| self.files.name_of(sha256)));
                if known.contains(&name) {
                    continue;
                }
            }
            let _ = self.files.remove_named(&name);
            report.unused_files_removed += 1;
        }
        // Finishes the wipe of a deletion that could not wipe at once (a crash or a full
        // disk), and only then: a wipe rebuilds the whole database. Rebuilding a database
        // SQLite finds damaged could make matters worse: left alone. On a full disk the wipe
        // fails and stays pending for a later check, while this check's findings still stand.
        let pending = PendingWipe::of(&self.data_dir);
        if report.database_problems.is_empty() && pending.is_marked() {
            let _wiped_or_waiting = self.wipe_deleted();
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use carryall_domain::CaseForm;
    use chrono::Utc;

    use crate::pending_wipe::PendingWipe;
    use crate::{Actor, Carryall, DATABASE_FILE};

    const NAME: &str = "Zebulon Quartermaine";

    /// Every byte of the database and its write-ahead log.
    fn database_bytes(data_dir: &std::path::Path) -> Vec<u8> {
        [DATABASE_FILE, &format!("{DATABASE_FILE}-wal")]
            .iter()
            .filter_map(|name| std::fs::read(data_dir.join(name)).ok())
            .flatten()
            .collect()
    }

    fn holds_name(bytes: &[u8]) -> bool {
        bytes.windows(NAME.len()).any(|w| w == NAME.as_bytes())
    }

    /// A data folder where a case was deleted but the wipe that follows never ran, as after
    /// a crash between the two.
    fn deleted_but_not_wiped() -> (tempfile::TempDir, Carryall) {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(dir.path(), Actor::Cli).unwrap();
        let form = CaseForm {
            patient_name: NAME,
            ..CaseForm::default()
        };
        let case = app.create_case(&form).unwrap();
        app.mark_wipe_pending().unwrap();
        app.store()
            .delete_case(&case.id, app.actor.name(), Utc::now())
            .unwrap();
        assert!(holds_name(&database_bytes(dir.path())));
        (dir, app)
    }

    #[test]
    fn check_finishes_a_wipe_left_pending() {
        let (dir, app) = deleted_but_not_wiped();
        assert!(app.check().unwrap().is_sound());
        assert!(!holds_name(&database_bytes(dir.path())));
        assert!(!PendingWipe::of(dir.path()).is_marked());
    }

    #[test]
    fn check_leaves_the_database_alone_when_no_wipe_is_owed() {
        let (dir, app) = deleted_but_not_wiped();
        PendingWipe::of(dir.path()).clear().unwrap();
        let before = database_bytes(dir.path());
        assert!(app.check().unwrap().is_sound());
        assert_eq!(database_bytes(dir.path()), before);
    }
}
