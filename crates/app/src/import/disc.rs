//! Importing a scan disc as one document.
//!
//! Every file under the disc's top folder is copied like any other (read once: hashed on the
//! way into a temp file) and kept under its hash. The disc's document holds the disc's
//! manifest (one line per file: SHA-256, two spaces, path on the disc, sorted by path, as in
//! a BagIt manifest), so the same disc imported again is a duplicate. The document and all its
//! files are recorded in one transaction: a crash records the whole disc or nothing of it
//! (files kept but never recorded are removed by `check`). A cancel drops the disc in
//! progress. A file of the disc that cannot be copied is reported on its own; the disc is
//! imported with the rest. Empty files are kept too: the disc is kept as it is.

use std::path::{Component, Path, PathBuf};

use carryall_domain::{Id, MediaType};
use carryall_store::files::{Copied, Flow, Ingested};
use carryall_store::{Added, DiscMember, NewDocument};
use chrono::{DateTime, Utc};

use super::gather::DiscCandidate;
use super::outcome::{FileOutcome, FileResult, RejectReason};
use super::{Cancelled, Copier, Finished, ImportOptions, KEEPER_QUEUE};
use crate::{Carryall, new_id};

/// The disc's index file, whose modification time stands for the disc's.
const DISC_INDEX: &str = "DICOMDIR";
/// The document's name when the disc's folder has none (a drive's root).
const UNNAMED_DISC: &str = "scan disc";

/// A disc whose files are kept, on its way to the keeper.
pub(super) struct DiscCopy {
    root: PathBuf,
    /// Files of the disc that could not be copied, each with its reason.
    refused: Vec<FileResult>,
    /// How many of the disc's gathered files the disc's own result accounts for.
    copied_files: usize,
    modified: Option<DateTime<Utc>>,
    /// The kept files, or why the disc cannot be imported.
    kept: Result<Vec<KeptFile>, RejectReason>,
}

/// One file of a disc, kept in the file store.
struct KeptFile {
    path: String,
    ingested: Ingested,
}

impl Copier<'_, '_> {
    /// Copies and keeps every file of a disc, with progress after every chunk.
    pub(super) fn copy_disc(&mut self, disc: DiscCandidate) -> Result<DiscCopy, Cancelled> {
        let DiscCandidate { root, files } = disc;
        let mut copy = DiscCopy {
            root,
            refused: Vec::new(),
            copied_files: 0,
            modified: None,
            kept: Ok(Vec::new()),
        };
        let mut waiting: Vec<(String, Copied)> = Vec::new();
        for file in files {
            let file = match file {
                Ok(file) => file,
                Err(refused) => {
                    copy.refused.push(refused);
                    continue;
                }
            };
            let Some(path) = disc_path(&copy.root, &file.path) else {
                copy.refused.push(FileResult {
                    path: file.path,
                    outcome: FileOutcome::Rejected(RejectReason::NameNotText),
                });
                continue;
            };
            if path.eq_ignore_ascii_case(DISC_INDEX) {
                copy.modified = file.modified;
            }
            match self.copy(&file, true) {
                Err(Cancelled) => {
                    drop(waiting);
                    self.app.discard_kept(copy.kept);
                    return Err(Cancelled);
                }
                Ok(Err(refused)) => copy.refused.push(refused),
                Ok(Ok(copied)) => {
                    copy.copied_files += 1;
                    waiting.push((path, copied));
                }
            }
            if waiting.len() >= KEEPER_QUEUE {
                copy.kept = self.app.keep_disc_files(copy.kept, &mut waiting);
            }
        }
        copy.kept = self.app.keep_disc_files(copy.kept, &mut waiting);
        if copy.kept.as_ref().is_ok_and(Vec::is_empty) {
            copy.kept = Err(RejectReason::EmptyDisc);
        }
        Ok(copy)
    }
}

impl Carryall {
    /// Keeps the `waiting` copies (one flush for all) and adds them to `kept`; the first
    /// failure to keep one fails the disc, discarding what it had kept. Once the disc has
    /// failed, copies are only discarded.
    fn keep_disc_files(
        &self,
        kept: Result<Vec<KeptFile>, RejectReason>,
        waiting: &mut Vec<(String, Copied)>,
    ) -> Result<Vec<KeptFile>, RejectReason> {
        let (paths, copies): (Vec<String>, Vec<Copied>) = waiting.drain(..).unzip();
        let mut kept = kept?;
        let mut failure = None;
        for (path, result) in paths.into_iter().zip(self.files.keep_all(copies)) {
            match result {
                Ok(ingested) => kept.push(KeptFile { path, ingested }),
                Err(error) => {
                    failure.get_or_insert(error.to_string());
                }
            }
        }
        match failure {
            None => Ok(kept),
            Some(error) => {
                self.discard_kept(Ok(kept));
                Err(RejectReason::CouldNotSave(error))
            }
        }
    }

    /// Removes the files a disc import kept that no record uses.
    fn discard_kept(&self, kept: Result<Vec<KeptFile>, RejectReason>) {
        for file in kept.unwrap_or_default() {
            self.discard_if_unused(&file.ingested);
        }
    }

    /// Records a disc whose files are kept (or explains why it could not be): the results of
    /// its refused files, then the disc's own.
    pub(super) fn record_disc(
        &self,
        case_id: &Id,
        disc: DiscCopy,
        options: &ImportOptions,
    ) -> Vec<Finished> {
        let DiscCopy {
            root,
            refused,
            copied_files,
            modified,
            kept,
        } = disc;
        let mut finished: Vec<Finished> = refused.into_iter().map(Finished::one).collect();
        let outcome = match kept {
            Err(reason) => FileOutcome::Rejected(reason),
            Ok(kept) => {
                let outcome = self.record_kept_disc(case_id, &root, modified, &kept, options);
                if matches!(outcome, FileOutcome::Rejected(_)) {
                    self.discard_kept(Ok(kept));
                }
                outcome
            }
        };
        finished.push(Finished {
            result: FileResult {
                path: root,
                outcome,
            },
            files: copied_files,
        });
        finished
    }

    fn record_kept_disc(
        &self,
        case_id: &Id,
        root: &Path,
        modified: Option<DateTime<Utc>>,
        kept: &[KeptFile],
        options: &ImportOptions,
    ) -> FileOutcome {
        let could_not_save = |e: &dyn std::fmt::Display| {
            FileOutcome::Rejected(RejectReason::CouldNotSave(e.to_string()))
        };
        let members: Vec<DiscMember> = kept
            .iter()
            .map(|file| DiscMember {
                path: file.path.clone(),
                sha256: file.ingested.sha256.clone(),
                size: file.ingested.size,
            })
            .collect();
        let manifest = manifest(&members);
        let stored = self
            .files
            .ingest(&mut manifest.as_bytes(), u64::MAX, &mut |_| Flow::Continue);
        let stored = match stored {
            Ok(stored) => stored,
            Err(e) => return could_not_save(&e),
        };
        let id = match new_id() {
            Ok(id) => id,
            Err(e) => {
                self.discard_if_unused(&stored);
                return could_not_save(&e);
            }
        };
        let name = match root.file_name() {
            None => UNNAMED_DISC,
            Some(name) => match name.to_str() {
                Some(name) => name,
                None => {
                    self.discard_if_unused(&stored);
                    return FileOutcome::Rejected(RejectReason::NameNotText);
                }
            },
        };
        let new = NewDocument {
            id: &id,
            case_id,
            sha256: &stored.sha256,
            size: stored.size,
            original_name: name,
            modified_at: modified,
            media_type: MediaType::Text,
            category: options.category,
            imported_at: Utc::now(),
        };
        match self.store().add_disc(&new, &members, self.actor.name()) {
            Ok(Added::Imported(document)) => FileOutcome::Imported(document),
            Ok(Added::Duplicate(document)) => FileOutcome::Duplicate(document),
            Err(e) => {
                self.discard_if_unused(&stored);
                could_not_save(&e)
            }
        }
    }
}

/// A file's path on the disc: relative to the disc's top folder, parts joined by `/`; `None`
/// when a part of it is not text.
fn disc_path(root: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|part| match part {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    Some(parts?.join("/"))
}

/// The disc's manifest: one line per file, its SHA-256, two spaces and its path, in path
/// order. As in BagIt, `%`, CR and LF in a path are percent-encoded so each file stays on one
/// line.
fn manifest(members: &[DiscMember]) -> String {
    let mut lines: Vec<String> = members
        .iter()
        .map(|member| {
            let path = member
                .path
                .replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A");
            format!("{}  {path}\n", member.sha256)
        })
        .collect();
    lines.sort_by(|a, b| a[66..].cmp(&b[66..]));
    lines.concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use carryall_domain::Sha256Hex;

    #[test]
    fn paths_on_the_disc_are_relative_with_slashes() {
        let root = Path::new("records").join("cd");
        let file = root.join("DICOM").join("ST1").join("IM1");
        assert_eq!(disc_path(&root, &file).as_deref(), Some("DICOM/ST1/IM1"));
        assert_eq!(disc_path(&root, Path::new("elsewhere")), None);
    }

    #[test]
    fn the_manifest_lists_files_by_path_one_per_line() {
        let member = |path: &str, seed: u8| DiscMember {
            path: path.to_owned(),
            sha256: Sha256Hex::from_digest(&[seed; 32]),
            size: 1,
        };
        let text = manifest(&[member("b/IM1", 1), member("DICOMDIR", 2), member("a\n%", 3)]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], format!("{}  DICOMDIR", "02".repeat(32)));
        assert_eq!(&lines[1][66..], "a%0A%25");
        assert_eq!(&lines[2][66..], "b/IM1");
        assert!(text.ends_with('\n'));
    }
}
