//! Importing files and folders into a case.
//!
//! The given paths are first gathered into a list of files (`gather.rs`): folders are walked
//! recursively, links leading outside a chosen folder are refused, and every refusal is a
//! per-file result, never a reason to stop. Then each file is copied into the file store
//! (hashed on the way) and recorded in its own transaction, so one bad file does not undo the
//! others, and a failure part-way through a file leaves neither a stored file nor a row. A
//! folder holding a `DICOMDIR` is a scan disc, imported as one document (`disc.rs`).

mod disc;
mod gather;
mod outcome;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use carryall_domain::media::{SNIFF_LEN, sniff};
use carryall_domain::{Category, Id};
use carryall_store::files::{Copied, Flow, IngestError, Ingested};
use carryall_store::{Added, NewDocument};
use chrono::Utc;

pub use outcome::{FileOutcome, FileResult, ImportReport, RejectReason, human_size};

use self::disc::DiscCopy;
use self::gather::{Candidate, Found};
use crate::{AppError, Carryall, new_id};

/// How many copied files may wait for the keeper. They wait on disk, not in memory; a longer
/// queue lets the keeper make more of them durable with one flush.
const KEEPER_QUEUE: usize = 64;

/// The largest file imported unless the caller says otherwise: 2 GiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024 * 1024;

/// Choices for one import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Files larger than this are refused.
    pub max_file_size: u64,
    /// The category to give every imported document (a person's choice), if any.
    pub category: Option<Category>,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            category: None,
        }
    }
}

/// How far an import has got, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Files finished (imported, duplicate or refused).
    pub files_done: usize,
    /// Files found in all.
    pub files_total: usize,
    /// Bytes copied so far.
    pub bytes_done: u64,
    /// Bytes to copy in all.
    pub bytes_total: u64,
    /// The file being copied now.
    pub current: Option<PathBuf>,
}

impl Carryall {
    /// Imports files and folders into a case. `progress` hears about every step, with the
    /// file that has just been finished, if any; setting
    /// `cancel` stops the import cleanly after the current chunk (the file being copied is
    /// dropped; files already copied are kept).
    ///
    /// Two threads share the work: this one copies and hashes file after file while a keeper
    /// makes each finished copy durable (fsync, rename) and records it, in order. So the disk
    /// flushes one file while the processor hashes the next.
    pub fn import(
        &self,
        case_id: &str,
        paths: &[PathBuf],
        options: &ImportOptions,
        progress: &mut dyn FnMut(&Progress, Option<&FileResult>),
        cancel: &AtomicBool,
    ) -> Result<ImportReport, AppError> {
        self.check_import_places(paths)?;
        let case = self.case(case_id)?;
        let gathered = gather::gather(paths);
        let files = || gathered.iter().flat_map(Found::files);
        let mut tally = Tally {
            state: Progress {
                files_done: 0,
                files_total: files().count(),
                bytes_done: 0,
                bytes_total: files()
                    .filter_map(|c| c.as_ref().ok())
                    .map(|f| f.size)
                    .sum(),
                current: None,
            },
            results: Vec::with_capacity(gathered.len()),
            progress,
        };
        (tally.progress)(&tally.state, None);
        let mut cancelled = false;
        std::thread::scope(|scope| {
            let (to_keeper, queue) = mpsc::sync_channel::<Step>(KEEPER_QUEUE);
            let (to_copier, kept) = mpsc::channel::<Finished>();
            scope.spawn(move || {
                while let Ok(first) = queue.recv() {
                    // Everything already waiting is kept as one batch: one flush for all.
                    let batch: Vec<Step> = std::iter::once(first).chain(queue.try_iter()).collect();
                    for finished in self.keep_batch(&case.id, batch, options) {
                        if to_copier.send(finished).is_err() {
                            return;
                        }
                    }
                }
            });
            let mut copier = Copier {
                app: self,
                options,
                cancel,
                tally: &mut tally,
                kept: &kept,
            };
            for found in gathered {
                if cancel.load(Ordering::Relaxed) {
                    cancelled = true;
                    break;
                }
                let step = match found {
                    Found::File(Err(refused)) => Ok(Step::Decided(refused)),
                    Found::File(Ok(file)) => copier.copy(&file, false).map(|copied| match copied {
                        Ok(copy) => Step::Copied(file, copy),
                        Err(refused) => Step::Decided(refused),
                    }),
                    Found::Disc(disc) => copier.copy_disc(disc).map(Step::Disc),
                };
                let Ok(step) = step else {
                    cancelled = true;
                    break;
                };
                if to_keeper.send(step).is_err() {
                    break;
                }
            }
            drop(to_keeper);
            for finished in kept {
                tally.finished(finished);
            }
        });
        Ok(ImportReport {
            results: tally.results,
            cancelled,
        })
    }

    /// Checks and copies one file into a temp file (the first half of an import); a file that
    /// cannot be imported gives its refusal. An empty file is refused unless it is part of a
    /// whole (`part`: a disc keeps every file it has).
    fn copy_file(
        &self,
        file: &Candidate,
        options: &ImportOptions,
        part: bool,
        on_chunk: &mut dyn FnMut(u64) -> Flow,
    ) -> Result<Result<Copied, FileResult>, Cancelled> {
        let refuse = |reason| {
            let outcome = FileOutcome::Rejected(reason);
            Ok(Err(FileResult {
                path: file.path.clone(),
                outcome,
            }))
        };
        if file.path.file_name().and_then(|n| n.to_str()).is_none() {
            return refuse(RejectReason::NameNotText);
        }
        if file.size == 0 && !part {
            return refuse(RejectReason::Empty);
        }
        if file.size > options.max_file_size {
            return refuse(RejectReason::TooLarge {
                limit: options.max_file_size,
            });
        }
        let mut source = match std::fs::File::open(&file.path) {
            Ok(source) => source,
            Err(e) => return refuse(RejectReason::from_open_error(e)),
        };
        match self
            .files
            .copy_in(&mut source, options.max_file_size, on_chunk)
        {
            Ok(copied) if copied.size == 0 && !part => refuse(RejectReason::Empty),
            Ok(copied) => Ok(Ok(copied)),
            Err(IngestError::Cancelled) => Err(Cancelled),
            Err(IngestError::TooLarge { limit }) => refuse(RejectReason::TooLarge { limit }),
            Err(IngestError::Read(e)) => refuse(RejectReason::Unreadable(e.to_string())),
            Err(IngestError::Write(e)) => refuse(RejectReason::CouldNotSave(e.to_string())),
        }
    }

    /// Makes a batch of copies durable and records their documents, in order (the second
    /// half of an import).
    fn keep_batch(&self, case_id: &Id, batch: Vec<Step>, options: &ImportOptions) -> Vec<Finished> {
        let mut slots: Vec<Slot> = Vec::with_capacity(batch.len());
        let mut copies = Vec::new();
        for step in batch {
            match step {
                Step::Decided(result) => slots.push(Slot::Known(result)),
                Step::Copied(file, copied) => {
                    copies.push(copied);
                    slots.push(Slot::Copy(file));
                }
                Step::Disc(disc) => slots.push(Slot::Disc(disc)),
            }
        }
        let mut kept = self.files.keep_all(copies).into_iter();
        let mut finished = Vec::with_capacity(slots.len());
        for slot in slots {
            match slot {
                Slot::Known(result) => finished.push(Finished::one(result)),
                Slot::Copy(file) => {
                    let ingested = kept.next().expect("one kept result per copy");
                    finished.push(Finished::one(FileResult {
                        outcome: self.record(case_id, &file, ingested, options),
                        path: file.path,
                    }));
                }
                Slot::Disc(disc) => finished.extend(self.record_disc(case_id, disc, options)),
            }
        }
        finished
    }

    /// Records the document for a copy now stored (or explains why it could not be).
    fn record(
        &self,
        case_id: &Id,
        file: &Candidate,
        ingested: Result<Ingested, IngestError>,
        options: &ImportOptions,
    ) -> FileOutcome {
        let could_not_save = |e: &dyn std::fmt::Display| {
            FileOutcome::Rejected(RejectReason::CouldNotSave(e.to_string()))
        };
        let ingested = match ingested {
            Ok(ingested) => ingested,
            Err(e) => return could_not_save(&e),
        };
        let id = match new_id() {
            Ok(id) => id,
            Err(e) => {
                self.discard_if_unused(&ingested);
                return could_not_save(&e);
            }
        };
        let new = NewDocument {
            id: &id,
            case_id,
            sha256: &ingested.sha256,
            size: ingested.size,
            original_name: file
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default(),
            modified_at: file.modified,
            media_type: sniff(&ingested.head, ingested.size <= SNIFF_LEN as u64),
            category: options.category,
            imported_at: Utc::now(),
        };
        let recorded = self.store().add_document(&new, self.actor.name());
        match recorded {
            Ok(Added::Imported(document)) => FileOutcome::Imported(document),
            Ok(Added::Duplicate(document)) => FileOutcome::Duplicate(document),
            Err(e) => {
                self.discard_if_unused(&ingested);
                could_not_save(&e)
            }
        }
    }

    /// Removes a file this import stored when no record ended up using it.
    fn discard_if_unused(&self, ingested: &Ingested) {
        if ingested.newly_stored && !self.store().blob_in_use(&ingested.sha256).unwrap_or(true) {
            let _ = self.files.remove(&ingested.sha256);
        }
    }
}

/// One file or disc handed from the copier to the keeper, in order.
enum Step {
    /// Nothing left to do: the result is known (a refusal).
    Decided(FileResult),
    /// Copied and hashed; to be made durable and recorded.
    Copied(Candidate, Copied),
    /// A disc whose files are stored; to be recorded.
    Disc(DiscCopy),
}

/// A step in the keeper's batch: its result, or what is still to be recorded.
enum Slot {
    Known(FileResult),
    /// A file whose copy is in the batch's copies at the same rank.
    Copy(Candidate),
    Disc(DiscCopy),
}

/// A result from the keeper, with how many of the gathered files it accounts for.
struct Finished {
    result: FileResult,
    files: usize,
}

impl Finished {
    fn one(result: FileResult) -> Finished {
        Finished { result, files: 1 }
    }
}

/// The copier's side of an import: copies files one after another, telling `tally` how far
/// it has got and counting what the keeper has finished meanwhile.
struct Copier<'a, 'p> {
    app: &'a Carryall,
    options: &'a ImportOptions,
    cancel: &'a AtomicBool,
    tally: &'a mut Tally<'p>,
    kept: &'a mpsc::Receiver<Finished>,
}

impl Copier<'_, '_> {
    /// Copies one file (on its own, or a `part` of a disc) into a temp file, with progress
    /// after every chunk.
    fn copy(
        &mut self,
        file: &Candidate,
        part: bool,
    ) -> Result<Result<Copied, FileResult>, Cancelled> {
        let Copier {
            app,
            options,
            cancel,
            tally,
            kept,
        } = self;
        tally.state.current = Some(file.path.clone());
        let base = tally.state.bytes_done;
        let copied = app.copy_file(file, options, part, &mut |copied| {
            tally.take_kept(kept);
            tally.state.bytes_done = base + copied;
            (tally.progress)(&tally.state, None);
            if cancel.load(Ordering::Relaxed) {
                Flow::Stop
            } else {
                Flow::Continue
            }
        });
        tally.state.bytes_done = base + file.size;
        copied
    }
}

/// The running totals and results of an import, and who hears about them.
struct Tally<'p> {
    state: Progress,
    results: Vec<FileResult>,
    progress: &'p mut dyn FnMut(&Progress, Option<&FileResult>),
}

impl Tally<'_> {
    /// Counts a finished file or disc.
    fn finished(&mut self, Finished { result, files }: Finished) {
        self.state.files_done += files;
        if self.state.files_done == self.state.files_total {
            self.state.current = None;
        }
        (self.progress)(&self.state, Some(&result));
        self.results.push(result);
    }

    /// Counts every file the keeper has finished so far, without waiting.
    fn take_kept(&mut self, kept: &mpsc::Receiver<Finished>) {
        while let Ok(result) = kept.try_recv() {
            self.finished(result);
        }
    }
}

/// The import was cancelled while this file was being copied.
struct Cancelled;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Actor;
    use carryall_domain::CaseForm;

    fn setup(files: usize, size: usize) -> (tempfile::TempDir, Carryall, String, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(&dir.path().join("data"), Actor::Cli).unwrap();
        let form = CaseForm {
            patient_name: "Import Person",
            ..CaseForm::default()
        };
        let case = app.create_case(&form).unwrap().id.to_string();
        let inbox = dir.path().join("inbox");
        std::fs::create_dir(&inbox).unwrap();
        for i in 0..files {
            let body: Vec<u8> = (0..size)
                .map(|j| (j as u8).wrapping_mul(i as u8 + 1))
                .collect();
            std::fs::write(inbox.join(format!("doc-{i}.pdf")), body).unwrap();
        }
        (dir, app, case, inbox)
    }

    #[test]
    fn progress_counts_every_file_and_byte() {
        let (_dir, app, case, inbox) = setup(3, 600_000);
        let mut seen = Vec::new();
        let report = app
            .import(
                &case,
                &[inbox],
                &ImportOptions::default(),
                &mut |p, _| seen.push(p.clone()),
                &AtomicBool::new(false),
            )
            .unwrap();
        assert!(!report.cancelled);
        assert_eq!(report.results.len(), 3);
        let last = seen.last().unwrap();
        assert_eq!((last.files_done, last.files_total), (3, 3));
        assert_eq!((last.bytes_done, last.bytes_total), (1_800_000, 1_800_000));
        assert!(
            seen.windows(2).all(|w| w[0].bytes_done <= w[1].bytes_done),
            "progress never goes back"
        );
        assert!(
            seen.iter()
                .any(|p| p.current.is_some() && p.bytes_done % 600_000 != 0),
            "mid-file updates"
        );
    }

    #[test]
    fn cancelling_keeps_finished_files_and_drops_the_one_in_progress() {
        let (dir, app, case, inbox) = setup(4, 600_000);
        let cancel = AtomicBool::new(false);
        let report = app
            .import(
                &case,
                &[inbox],
                &ImportOptions::default(),
                &mut |p, _| {
                    if p.bytes_done > 900_000 {
                        cancel.store(true, Ordering::Relaxed);
                    }
                },
                &cancel,
            )
            .unwrap();
        assert!(report.cancelled);
        assert_eq!(
            report.results.len(),
            1,
            "the first file finished before the cancel"
        );
        assert_eq!(app.documents(&case).unwrap().len(), 1);
        let stored = app.files.stored_hashes().unwrap();
        assert_eq!(stored.len(), 1, "the file in progress was not kept");
        let incoming = std::fs::read_dir(dir.path().join("data/files/incoming"))
            .unwrap()
            .count();
        assert_eq!(incoming, 0);
        assert!(app.check().unwrap().is_sound());
    }

    #[test]
    fn an_unknown_case_fails_before_anything_is_read() {
        let (_dir, app, _case, inbox) = setup(1, 10);
        let err = app
            .import(
                "ZZZZZZZZZZZZ",
                &[inbox],
                &ImportOptions::default(),
                &mut |_, _| {},
                &AtomicBool::new(false),
            )
            .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NotFound);
    }
}
