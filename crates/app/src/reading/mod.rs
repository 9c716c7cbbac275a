//! Reading documents: their text, extracted in contained worker processes, and what it says.
//!
//! [`Carryall::read_documents`] reads every document of a case not read yet. Documents are
//! shared out to as many worker processes at once as the machine has cores (a single large
//! document gets the cores inside one worker instead). Each result is recorded in one
//! transaction as soon as it is ready, so an interrupted run keeps what it finished and the
//! next run picks up the rest. A document whose text cannot be read keeps its reason, in
//! plain words, as its `text_error`; it stays in the case either way.

mod disc;
mod kind;
mod scratch;
mod text_error;
mod understand;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use carryall_domain::{Document, Id, MediaType};
use carryall_extract::{Extraction, Limits};
use carryall_store::{DiscMember, PageText, Reading, SearchHit, TextRecord, Understood};
use chrono::Utc;

pub(crate) use scratch::Scratch;

use crate::{AppError, Carryall};

pub use kind::{Readable, readable};
pub use text_error::text_error_detail;
use understand::understand;

/// Search results per query at most.
const MAX_SEARCH_HITS: u32 = 200;

/// How far reading has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadProgress {
    /// Documents finished.
    pub done: usize,
    /// Documents to read in this run.
    pub total: usize,
}

/// What a reading run did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadReport {
    /// Documents read (with text or with a reason why there is none).
    pub read: usize,
    /// Of those, how many have no usable text.
    pub without_text: usize,
    /// The run was stopped before the end.
    pub cancelled: bool,
}

/// A document with what reading found in it, as the fronts list documents.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadDocument {
    /// The document.
    pub document: Document,
    /// What reading found; `None` while it has not been read.
    pub reading: Option<Reading>,
    /// What a scan disc holds; `None` for every other document.
    pub disc: Option<crate::store::DiscOverview>,
}

/// A document's text, page by page.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentText {
    /// The document.
    pub document: Document,
    /// `pdf`, `ocr` or `none`; `None` while not read yet.
    pub source: Option<String>,
    /// Why there is no text.
    pub error: Option<String>,
    /// Mean OCR confidence, 0 to 100.
    pub ocr_confidence: Option<f64>,
    /// The pages.
    pub pages: Vec<PageText>,
}

impl Carryall {
    /// Reads every document of the case that has not been read yet.
    pub fn read_documents(
        &self,
        case_id: &str,
        on_progress: &mut dyn FnMut(&ReadProgress),
        cancel: &AtomicBool,
    ) -> Result<ReadReport, AppError> {
        let case = self.case(case_id)?;
        let pending = self.store().documents_to_read(&case.id)?;
        let total = pending.len();
        let mut report = ReadReport::default();
        if total == 0 {
            return Ok(report);
        }
        on_progress(&ReadProgress { done: 0, total });
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let workers = cores.min(total);
        let limits = Limits {
            threads: (cores / workers).max(1),
            ..self.extractor.limits()
        };
        let extractor = self.extractor.with_limits(limits);
        let queue = Mutex::new(pending.into_iter());
        let (done_tx, done_rx) = mpsc::channel::<Result<bool, AppError>>();
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let done_tx = done_tx.clone();
                let (queue, extractor) = (&queue, &extractor);
                scope.spawn(move || {
                    while !cancel.load(Ordering::Relaxed) {
                        let next = queue.lock().ok().and_then(|mut q| q.next());
                        let Some(document) = next else { break };
                        let outcome = self.read_one(&document, extractor);
                        if done_tx.send(outcome).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            let mut first_error = None;
            for outcome in done_rx {
                match outcome {
                    Ok(has_text) => {
                        report.read += 1;
                        report.without_text += usize::from(!has_text);
                    }
                    Err(error) => {
                        cancel_run(&queue);
                        first_error.get_or_insert(error);
                    }
                }
                on_progress(&ReadProgress {
                    done: report.read,
                    total,
                });
            }
            match first_error {
                Some(error) => Err(error),
                None => Ok(()),
            }
        })?;
        report.cancelled = report.read < total;
        Ok(report)
    }

    /// Reads one document and records the result; says whether it has text.
    fn read_one(
        &self,
        document: &Document,
        extractor: &carryall_extract::Extractor,
    ) -> Result<bool, AppError> {
        let members = self.store().disc_members(&document.id)?;
        if !members.is_empty() {
            return self.read_disc(document, &members);
        }
        let plain = self
            .files
            .readable(&document.sha256, self.scratch.path())
            .map_err(|source| AppError::Unreadable {
                name: document.original_name.clone(),
                source,
            })?;
        let path = plain.path();
        let text = match readable(document.media_type, &document.original_name) {
            Readable::By(kind) => text_record(extractor.extract(path, kind)),
            Readable::Not(why) => TextRecord {
                source: "none".to_owned(),
                error: Some(why.to_owned()),
                ocr_confidence: None,
                pages: Vec::new(),
            },
        };
        let has_text = !text.pages.is_empty();
        let found = understand(document, &text, path);
        let understood = Understood {
            document_id: &document.id,
            text: &text,
            category: found.category,
            document_date: found.date,
            date_ambiguous: found.date_ambiguous,
            facts: &found.facts,
            at: Utc::now(),
        };
        match self.store().record_understanding(&understood) {
            // Deleted while it was being read: nothing to record.
            Err(carryall_store::StoreError::NotFound) => Ok(has_text),
            other => other.map(|()| has_text).map_err(AppError::from),
        }
    }

    /// Reads a scan disc from its stored files and records what it holds; a disc has no text.
    fn read_disc(&self, document: &Document, members: &[DiscMember]) -> Result<bool, AppError> {
        let (reading, found) = disc::read_disc(&document.original_name, members, &self.files);
        let text = TextRecord {
            source: "none".to_owned(),
            error: Some(readable(MediaType::Dicom, "").reason().to_owned()),
            ocr_confidence: None,
            pages: Vec::new(),
        };
        let understood = Understood {
            document_id: &document.id,
            text: &text,
            category: found.category,
            document_date: found.date,
            date_ambiguous: found.date_ambiguous,
            facts: &found.facts,
            at: Utc::now(),
        };
        match self
            .store()
            .record_disc_understanding(&understood, &reading)
        {
            // Deleted while it was being read: nothing to record.
            Err(carryall_store::StoreError::NotFound) => Ok(false),
            other => other.map(|()| false).map_err(AppError::from),
        }
    }

    /// Forgets what was read from the case's documents, so the next reading does them all
    /// again. Categories a person chose stay.
    pub fn forget_readings(&self, case_id: &str) -> Result<(), AppError> {
        let case = self.case(case_id)?;
        Ok(self.store().forget_readings(&case.id)?)
    }

    /// A document's text as read (pages are empty until it has been read).
    pub fn document_text(
        &self,
        case_id: &str,
        document_id: &str,
    ) -> Result<DocumentText, AppError> {
        let document = self.document(case_id, document_id)?;
        let record = self.store().document_text(&document.id)?;
        Ok(match record {
            Some(record) => DocumentText {
                document,
                source: Some(record.source),
                error: record.error,
                ocr_confidence: record.ocr_confidence,
                pages: record.pages,
            },
            None => DocumentText {
                document,
                source: None,
                error: None,
                ocr_confidence: None,
                pages: Vec::new(),
            },
        })
    }

    /// What reading found in each of the case's documents, by document id.
    pub fn readings(&self, case_id: &str) -> Result<HashMap<Id, Reading>, AppError> {
        let case = self.case(case_id)?;
        Ok(self.store().readings(&case.id)?)
    }

    /// The case's documents in the order they were imported, each with what reading found,
    /// taken in one look at the store (so a reading recorded meanwhile cannot be half-seen).
    pub fn documents_with_readings(&self, case_id: &str) -> Result<Vec<ReadDocument>, AppError> {
        let case = self.case(case_id)?;
        let (documents, mut readings, mut discs) = {
            let store = self.store();
            (
                store.documents(&case.id)?,
                store.readings(&case.id)?,
                store.discs(&case.id)?,
            )
        };
        Ok(documents
            .into_iter()
            .map(|document| ReadDocument {
                reading: readings.remove(&document.id),
                disc: discs.remove(&document.id),
                document,
            })
            .collect())
    }

    /// Pages of the case's documents holding every word of `query`, best first.
    pub fn search(&self, case_id: &str, query: &str) -> Result<Vec<SearchHit>, AppError> {
        let case = self.case(case_id)?;
        Ok(self.store().search(&case.id, query, MAX_SEARCH_HITS)?)
    }
}

/// Removes scanned-page images an earlier run left behind when it was killed mid-OCR. Call
/// it only while holding the data directory's writer lock: then no other Carryall is reading.
pub(crate) fn remove_scratch(reading: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(reading) else {
        return;
    };
    for entry in entries.flatten() {
        let _ = std::fs::remove_dir_all(entry.path());
    }
}

/// Empties the queue so the other workers stop after their current document.
fn cancel_run(queue: &Mutex<std::vec::IntoIter<Document>>) {
    if let Ok(mut queue) = queue.lock() {
        queue.by_ref().for_each(drop);
    }
}

fn text_record(extraction: Result<Extraction, carryall_extract::ExtractError>) -> TextRecord {
    match extraction {
        Ok(extraction) => TextRecord {
            source: extraction.source.slug().to_owned(),
            error: extraction.no_text,
            ocr_confidence: extraction.ocr_confidence.map(f64::from),
            pages: extraction
                .pages
                .into_iter()
                .map(|page| PageText {
                    number: page.number,
                    text: page.text,
                    from_ocr: page.from_ocr,
                })
                .collect(),
        },
        Err(error) => TextRecord {
            source: "none".to_owned(),
            error: Some(error.to_string()),
            ocr_confidence: None,
            pages: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_left_by_an_earlier_run_is_removed() {
        let reading = tempfile::tempdir().unwrap();
        let left = reading.path().join("ocr-left");
        std::fs::create_dir_all(&left).unwrap();
        std::fs::write(left.join("page-1"), b"image").unwrap();
        remove_scratch(reading.path());
        assert!(!left.exists());
        assert!(reading.path().exists(), "the folder itself stays");
        remove_scratch(&reading.path().join("absent"));
    }

    #[test]
    fn documents_come_with_their_readings_in_import_order() {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(&dir.path().join("data"), crate::Actor::Cli).unwrap();
        let form = carryall_domain::CaseForm {
            patient_name: "Listing Person",
            ..carryall_domain::CaseForm::default()
        };
        let case = app.create_case(&form).unwrap().id.to_string();
        let inbox = dir.path().join("inbox");
        std::fs::create_dir(&inbox).unwrap();
        std::fs::write(inbox.join("a.pdf"), b"%PDF-1.4 first").unwrap();
        std::fs::write(inbox.join("b.pdf"), b"%PDF-1.4 second").unwrap();
        let options = crate::import::ImportOptions::default();
        let no_cancel = AtomicBool::new(false);
        app.import(&case, &[inbox], &options, &mut |_, _| {}, &no_cancel)
            .unwrap();

        let listed = app.documents_with_readings(&case).unwrap();
        let names: Vec<&str> = listed
            .iter()
            .map(|d| d.document.original_name.as_str())
            .collect();
        assert_eq!(names, ["a.pdf", "b.pdf"]);
        assert!(
            listed
                .iter()
                .all(|d| d.reading.as_ref().is_some_and(|r| r.text_source.is_none())),
            "not read yet: {listed:?}"
        );

        let second = listed[1].document.id.to_string();
        let changed = app.set_category(&case, &second, "pathology").unwrap();
        assert_eq!(changed.document.category.slug(), "pathology");
        assert_eq!(changed.reading, listed[1].reading);
        assert_eq!(app.documents_with_readings(&case).unwrap()[1], changed);
        let err = app.documents_with_readings("NOSUCHCASE00").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NotFound);
    }
}
