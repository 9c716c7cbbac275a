//! The shapes that cross the IPC boundary to the UI (mirrored in `ui/src/lib/api.ts`).
//!
//! Domain types are converted here, never serialised directly, so the UI contract can stay put
//! while the domain changes. Errors cross as `{code, message, detail}`: the UI branches only
//! on the code, and words the message in the person's language from the detail's key and
//! values (the English message when its catalogue lacks the key).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use carryall_app::checklist::{
    CaseChecklist, ItemState, ItemTextKeys, ListEntry, Mark, WarningParam,
};
use carryall_app::discs::SEVERAL_PATIENTS_WARNING;
use carryall_app::domain::{CancerType, Case, CaseForm, Document};
use carryall_app::export::{Exported, PacketCheck, SplitExport};
use carryall_app::import::{FileOutcome, FileResult, ImportReport, Progress, RejectReason};
use carryall_app::integrity::CheckReport;
use carryall_app::kiosk::{DriveFolder, KioskChanges, KioskSettings};
use carryall_app::questions::{MAX_STARS, Message, QuestionView};
use carryall_app::reading::{
    DocumentText, ReadDocument, ReadProgress, ReadReport, text_error_detail,
};
use carryall_app::removable_drives::RemovableDrive;
use carryall_app::store::{AuditEntry, ConcernRow, DiscOverview, FactRow, Reading, SearchHit};
use carryall_app::{AppError, ErrorDetail};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;

/// An error as the UI receives it.
#[derive(Debug, Clone, Serialize)]
pub struct WireError {
    code: &'static str,
    message: String,
    detail: DetailView,
}

/// A message in parts: a stable key (one per kind of message) and the values it names, so
/// the UI can word it in the person's language.
#[derive(Debug, Clone, Serialize)]
pub struct DetailView {
    key: String,
    params: BTreeMap<&'static str, String>,
}

impl From<ErrorDetail> for DetailView {
    fn from(detail: ErrorDetail) -> DetailView {
        DetailView::of(detail.key, detail.params)
    }
}

impl From<&Message> for DetailView {
    fn from(message: &Message) -> DetailView {
        DetailView::of(&message.key, message.params.clone())
    }
}

impl DetailView {
    /// A message with these values.
    fn of(key: &str, params: Vec<(&'static str, String)>) -> DetailView {
        DetailView {
            key: key.to_owned(),
            params: params.into_iter().collect(),
        }
    }

    /// A message that names no value.
    fn plain(key: &'static str) -> DetailView {
        DetailView::of(key, Vec::new())
    }

    /// Why a document's text could not be read, in parts (none for a reason of no known kind).
    fn of_text_error(reason: Option<&String>) -> Option<DetailView> {
        reason
            .and_then(|r| text_error_detail(r))
            .map(DetailView::from)
    }

    /// Why a file was not imported, in parts.
    fn of_rejection(reason: &RejectReason) -> DetailView {
        let (key, param) = match reason {
            RejectReason::NotFound => ("reject_not_found", None),
            RejectReason::PermissionDenied => ("reject_permission_denied", None),
            RejectReason::Unreadable(why) => ("reject_unreadable", Some(("reason", why.clone()))),
            RejectReason::Empty => ("reject_empty", None),
            RejectReason::TooLarge { limit } => {
                ("reject_too_large", Some(("limit", limit.to_string())))
            }
            RejectReason::LinkOutside => ("reject_link_outside", None),
            RejectReason::NotAFile => ("reject_not_a_file", None),
            RejectReason::NameNotText => ("reject_name_not_text", None),
            RejectReason::EmptyDisc => ("reject_empty_disc", None),
            RejectReason::CouldNotSave(why) => {
                ("reject_could_not_save", Some(("reason", why.clone())))
            }
        };
        DetailView::of(key, param.into_iter().collect())
    }
}

impl WireError {
    /// The session was wiped but the webview's own stored data could not be cleared.
    pub fn browsing_data_left() -> WireError {
        WireError {
            code: "kiosk_browsing_data",
            message: "Everything you added was removed, but the window could not clear its own stored data. Please ask the staff to close Carryall and open it again.".to_owned(),
            detail: DetailView::plain("kiosk_browsing_data"),
        }
    }
}

impl From<AppError> for WireError {
    fn from(error: AppError) -> WireError {
        WireError {
            code: error.code().as_str(),
            message: error.to_string(),
            detail: error.detail().into(),
        }
    }
}

/// A case's details, as the UI shows them and as its "new case" form sends them.
#[derive(Debug, Serialize, Deserialize)]
pub struct CaseDetails {
    patient_name: String,
    date_of_birth: Option<String>,
    /// In a [`CaseView`], the plain-language label; from the form, the words typed.
    cancer_type: Option<String>,
    reason: Option<String>,
    provider: Option<String>,
    appointment: Option<String>,
    /// From the form only: the person's concerns (a case's own are listed apart).
    #[serde(default, skip_serializing)]
    concerns: Vec<String>,
}

/// One of a case's concerns.
#[derive(Debug, Serialize)]
pub struct ConcernView {
    id: String,
    text: String,
}

/// A case's concerns as the UI shows them.
pub fn concern_views(concerns: &[ConcernRow]) -> Vec<ConcernView> {
    concerns
        .iter()
        .map(|concern| ConcernView {
            id: concern.id.to_string(),
            text: concern.text.clone(),
        })
        .collect()
}

/// A stored case as the UI shows it.
#[derive(Debug, Serialize)]
pub struct CaseView {
    id: String,
    #[serde(flatten)]
    details: CaseDetails,
    /// The cancer type's stable name (`breast`, ...) for the UI to word it; `None` for a type
    /// in the person's own words, shown as typed.
    cancer_type_slug: Option<String>,
    status: &'static str,
    created_at: String,
}

impl From<&Case> for CaseView {
    fn from(case: &Case) -> CaseView {
        CaseView {
            id: case.id.to_string(),
            details: CaseDetails {
                patient_name: case.patient.name.clone(),
                date_of_birth: case.patient.date_of_birth.map(|d| d.to_string()),
                cancer_type: case.cancer_type.as_ref().map(|t| t.label().to_owned()),
                reason: case.reason.clone(),
                provider: case.provider.clone(),
                appointment: case.appointment.map(|d| d.to_string()),
                concerns: Vec::new(),
            },
            cancer_type_slug: case
                .cancer_type
                .as_ref()
                .filter(|kind| !matches!(kind, CancerType::Other(_)))
                .map(|kind| kind.slug().to_owned()),
            status: case.status.slug(),
            created_at: case.created_at.to_rfc3339(),
        }
    }
}

impl CaseDetails {
    /// The details as the application API's form takes them.
    pub fn as_form(&self) -> CaseForm<'_> {
        CaseForm {
            patient_name: &self.patient_name,
            date_of_birth: self.date_of_birth.as_deref(),
            cancer_type: self.cancer_type.as_deref(),
            reason: self.reason.as_deref(),
            provider: self.provider.as_deref(),
            appointment: self.appointment.as_deref(),
            concerns: &self.concerns,
        }
    }
}

/// Whether the records are protected by a passphrase, and whether they are open.
#[derive(Debug, Serialize)]
pub struct ProtectionView {
    /// Encrypted on disk (a kiosk's sessions always are, under a key kept in memory).
    pub protected: bool,
    /// Open: false until the passphrase of protected records is given.
    pub open: bool,
    /// A kiosk: its protection is not the patient's to change.
    pub kiosk: bool,
    /// Protected records lock again after this long without use (0 in a kiosk, whose
    /// sessions end instead).
    pub lock_after_seconds: u64,
    /// And warn this long before.
    pub lock_warning_seconds: u64,
}

/// What the UI should offer on this run.
#[derive(Debug, Serialize)]
pub struct UiSettings {
    /// Show a box to type file paths, in place of the file dialogs, and hand the tests the
    /// handler of files dropped on the window. Only the end-to-end tests turn it on
    /// (`CARRYALL_TEST_PATH_INPUT=1`), since WebDriver can drive neither native dialogs nor a
    /// drop from the system.
    pub test_path_input: bool,
}

/// A document as the UI shows it, with what reading it found.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    id: String,
    original_name: String,
    size: u64,
    media_type: &'static str,
    category: &'static str,
    category_label: &'static str,
    /// `none`, `detected` or `user`: who decided the category.
    category_source: &'static str,
    /// How sure a detected category is, 0 to 1.
    category_confidence: Option<f64>,
    /// The words that decided a detected category.
    category_evidence: Vec<String>,
    document_date: Option<String>,
    /// The date could also be read with day and month swapped.
    date_ambiguous: bool,
    /// `pdf`, `ocr` or `none`; null until the document has been read.
    text_source: Option<String>,
    /// Why there is no text, in plain words (English).
    text_error: Option<String>,
    /// The same reason in parts, for the UI to word in the person's language.
    text_error_detail: Option<DetailView>,
    /// Mean OCR confidence, 0 to 100, when a scan was read.
    ocr_confidence: Option<f64>,
    /// The key facts (names in `docs/facts.md`), in page order.
    facts: Vec<FactView>,
    imported_at: String,
    /// What a scan disc holds; null for every other document.
    disc: Option<DiscView>,
}

/// A scan disc at a glance, and what its index and images list.
#[derive(Debug, Serialize)]
pub struct DiscView {
    files: u64,
    bytes: u64,
    studies: usize,
    images: u64,
    /// Set when the disc holds more than one person's scans: what to do, in plain words.
    warning: Option<&'static str>,
    /// Whether the disc's headers have been read yet (until then the counts below are 0).
    read: bool,
    /// Image files whose headers could not be read (damaged or cut short).
    unreadable_files: u64,
    /// Files the disc's index names that are not on it.
    missing_files: u64,
    /// Why the disc's index could not be read, in plain words (its images were read instead).
    problem: Option<String>,
    /// Its studies, by date, each with its series.
    study_list: Vec<DiscStudyView>,
}

/// One study on a scan disc.
#[derive(Debug, Serialize)]
pub struct DiscStudyView {
    /// `YYYY-MM-DD`, when the disc says.
    date: Option<String>,
    description: Option<String>,
    images: u64,
    series: Vec<DiscSeriesView>,
}

/// One series of a study: one kind of pictures (a modality) of one part of the body.
#[derive(Debug, Serialize)]
pub struct DiscSeriesView {
    /// The modality's code as the disc has it, e.g. `CT`, `MR`, `PT`.
    modality: Option<String>,
    description: Option<String>,
    body_part: Option<String>,
    images: u64,
}

impl From<&DiscOverview> for DiscView {
    fn from(disc: &DiscOverview) -> DiscView {
        let reading = disc.reading.clone().unwrap_or_default();
        DiscView {
            files: disc.files,
            bytes: disc.bytes,
            studies: reading.studies.len(),
            images: reading.studies.iter().map(|study| study.images()).sum(),
            warning: (reading.patients.len() > 1).then_some(SEVERAL_PATIENTS_WARNING),
            read: disc.reading.is_some(),
            unreadable_files: reading.unreadable_files,
            missing_files: reading.missing_files,
            study_list: reading
                .studies
                .iter()
                .map(|study| DiscStudyView {
                    date: study.date.map(|day| day.to_string()),
                    description: study.description.clone(),
                    images: study.images(),
                    series: study
                        .series
                        .iter()
                        .map(|series| DiscSeriesView {
                            modality: series.modality.clone(),
                            description: series.description.clone(),
                            body_part: series.body_part.clone(),
                            images: series.images,
                        })
                        .collect(),
                })
                .collect(),
            problem: reading.problem,
        }
    }
}

/// A key fact, with the page and the words it came from.
#[derive(Debug, Serialize)]
pub struct FactView {
    name: String,
    value: String,
    page: Option<u32>,
    snippet: String,
}

impl DocumentView {
    /// The document and its reading (none yet when it has not been read).
    fn new(d: &Document, reading: Option<&Reading>, disc: Option<&DiscOverview>) -> DocumentView {
        let reading = reading.cloned().unwrap_or_default();
        DocumentView {
            id: d.id.to_string(),
            original_name: d.original_name.clone(),
            size: d.size,
            media_type: d.media_type.mime(),
            category: d.category.slug(),
            category_label: d.category.label(),
            category_source: d.category_source.slug(),
            category_confidence: d.category_confidence,
            category_evidence: reading.category_evidence,
            document_date: d.document_date.map(|day| day.to_string()),
            date_ambiguous: reading.date_ambiguous,
            text_source: reading.text_source,
            text_error_detail: DetailView::of_text_error(reading.text_error.as_ref()),
            text_error: reading.text_error,
            ocr_confidence: reading.ocr_confidence,
            facts: reading.facts.into_iter().map(FactView::from).collect(),
            imported_at: d.imported_at.to_rfc3339(),
            disc: disc.map(DiscView::from),
        }
    }
}

impl From<&ReadDocument> for DocumentView {
    fn from(read: &ReadDocument) -> DocumentView {
        DocumentView::new(&read.document, read.reading.as_ref(), read.disc.as_ref())
    }
}

impl From<FactRow> for FactView {
    fn from(f: FactRow) -> FactView {
        FactView {
            name: f.name,
            value: f.value,
            page: f.page,
            snippet: f.snippet,
        }
    }
}

/// A document's text, page by page, as the detail view shows it.
#[derive(Debug, Serialize)]
pub struct DocumentTextView {
    document_id: String,
    /// `pdf`, `ocr` or `none`; null until the document has been read.
    text_source: Option<String>,
    /// Why there is no (or only partial) text (English).
    text_error: Option<String>,
    /// The same reason in parts, for the UI to word in the person's language.
    text_error_detail: Option<DetailView>,
    ocr_confidence: Option<f64>,
    pages: Vec<PageView>,
}

/// One page of a document's text.
#[derive(Debug, Serialize)]
pub struct PageView {
    /// 1-based.
    page: u32,
    /// Whether OCR read this page.
    from_ocr: bool,
    text: String,
}

impl From<DocumentText> for DocumentTextView {
    fn from(text: DocumentText) -> DocumentTextView {
        DocumentTextView {
            document_id: text.document.id.to_string(),
            text_source: text.source,
            text_error_detail: DetailView::of_text_error(text.error.as_ref()),
            text_error: text.error,
            ocr_confidence: text.ocr_confidence,
            pages: text
                .pages
                .into_iter()
                .map(|p| PageView {
                    page: p.number,
                    from_ocr: p.from_ocr,
                    text: p.text,
                })
                .collect(),
        }
    }
}

/// A page that matched a search.
#[derive(Debug, Serialize)]
pub struct SearchHitView {
    document_id: String,
    /// The document's file name, so a hit can be named without the case's document list.
    original_name: String,
    page: u32,
    /// The words around the match; matched words are inside `[` and `]`.
    snippet: String,
}

impl From<SearchHit> for SearchHitView {
    fn from(hit: SearchHit) -> SearchHitView {
        SearchHitView {
            document_id: hit.document_id.to_string(),
            original_name: hit.original_name,
            page: hit.page,
            snippet: hit.snippet,
        }
    }
}

/// One file's import result.
#[derive(Debug, Clone, Serialize)]
pub struct FileResultView {
    /// The file's name (the UI shows names, not folders).
    name: String,
    status: &'static str,
    document_id: Option<String>,
    /// For a refused file, why, in plain language (English).
    error: Option<String>,
    /// The same reason in parts, for the UI to word in the person's language.
    error_detail: Option<DetailView>,
}

impl From<&FileResult> for FileResultView {
    fn from(result: &FileResult) -> FileResultView {
        let name = result
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| result.path.to_string_lossy().into_owned());
        let (status, document_id, rejected) = match &result.outcome {
            FileOutcome::Imported(d) => ("imported", Some(d.id.to_string()), None),
            FileOutcome::Duplicate(d) => ("duplicate", Some(d.id.to_string()), None),
            FileOutcome::Rejected(reason) => ("rejected", None, Some(reason)),
        };
        FileResultView {
            name,
            status,
            document_id,
            error: rejected.map(ToString::to_string),
            error_detail: rejected.map(DetailView::of_rejection),
        }
    }
}

/// A message on an import's channel.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportEvent {
    /// How far the import has got.
    Progress {
        files_done: usize,
        files_total: usize,
        bytes_done: u64,
        bytes_total: u64,
        current_name: Option<String>,
    },
    /// A file is finished.
    File(FileResultView),
    /// How far reading the new documents (their text, category and facts) has got.
    Reading { done: usize, total: usize },
}

/// The end of a reading run.
#[derive(Debug, Serialize)]
pub struct ReadSummary {
    read: usize,
    without_text: usize,
    cancelled: bool,
}

impl From<&ReadReport> for ReadSummary {
    fn from(report: &ReadReport) -> ReadSummary {
        ReadSummary {
            read: report.read,
            without_text: report.without_text,
            cancelled: report.cancelled,
        }
    }
}

/// The end of an import.
#[derive(Debug, Serialize)]
pub struct ImportSummary {
    results: Vec<FileResultView>,
    cancelled: bool,
}

impl From<&ImportReport> for ImportSummary {
    fn from(report: &ImportReport) -> ImportSummary {
        ImportSummary {
            results: report.results.iter().map(FileResultView::from).collect(),
            cancelled: report.cancelled,
        }
    }
}

/// Sends an import's events to the UI: every finished file, but progress at most ten times a
/// second, so a fast import does not flood the webview.
pub struct ProgressThrottle {
    channel: Channel<ImportEvent>,
    last_sent: Option<Instant>,
}

impl ProgressThrottle {
    const INTERVAL: Duration = Duration::from_millis(100);

    /// Sends on `channel`.
    pub fn new(channel: Channel<ImportEvent>) -> ProgressThrottle {
        ProgressThrottle {
            channel,
            last_sent: None,
        }
    }

    /// Hears one update of the import.
    pub fn progress(&mut self, p: &Progress, finished: Option<&FileResult>) {
        // A closed channel (the window went away) must not stop the import; sends may fail.
        if let Some(result) = finished {
            let _ = self
                .channel
                .send(ImportEvent::File(FileResultView::from(result)));
        }
        let due = self.last_sent.is_none_or(|t| t.elapsed() >= Self::INTERVAL);
        if due || finished.is_some() {
            self.last_sent = Some(Instant::now());
            let _ = self.channel.send(ImportEvent::Progress {
                files_done: p.files_done,
                files_total: p.files_total,
                bytes_done: p.bytes_done,
                bytes_total: p.bytes_total,
                current_name: p
                    .current
                    .as_ref()
                    .and_then(|path| path.file_name())
                    .map(|n| n.to_string_lossy().into_owned()),
            });
        }
    }
}

impl ProgressThrottle {
    /// Hears how far reading has got (always sent: one message per document).
    pub fn reading(&mut self, p: &ReadProgress) {
        let _ = self.channel.send(ImportEvent::Reading {
            done: p.done,
            total: p.total,
        });
    }
}

/// A packet just written.
#[derive(Debug, Serialize)]
pub struct ExportView {
    path: String,
    file_name: String,
    bytes: u64,
    documents: usize,
    sha256: String,
    /// The SHA-256 in groups of four characters, for reading aloud.
    sha256_groups: Vec<String>,
    /// The upload limits it is over (email, portal), with advice in plain words.
    warnings: Vec<SizeWarningView>,
}

/// A packet too big for an upload limit: which limit, and what to do.
#[derive(Debug, Serialize)]
pub struct SizeWarningView {
    kind: &'static str,
    message: String,
    /// The limit passed, in bytes (the UI words the advice from `kind` and the sizes).
    limit_bytes: u64,
}

impl From<&Exported> for ExportView {
    fn from(e: &Exported) -> ExportView {
        let sha256 = e.sha256.to_string();
        ExportView {
            path: e.path.to_string_lossy().into_owned(),
            file_name: e
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes: e.bytes,
            documents: e.documents,
            sha256_groups: sha256
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect(),
            sha256,
            warnings: e
                .warnings
                .iter()
                .map(|warning| SizeWarningView {
                    kind: warning.limit.kind.slug(),
                    message: warning.message.clone(),
                    limit_bytes: warning.limit.bytes,
                })
                .collect(),
        }
    }
}

/// A case written as two packets: its documents, and its scan discs apart (`discs` is null
/// when the case had none, so one packet was written).
#[derive(Debug, Serialize)]
pub struct SplitExportView {
    documents: ExportView,
    discs: Option<ExportView>,
}

impl From<&SplitExport> for SplitExportView {
    fn from(split: &SplitExport) -> SplitExportView {
        SplitExportView {
            documents: ExportView::from(&split.documents),
            discs: split.discs.as_ref().map(ExportView::from),
        }
    }
}

/// What checking the records found.
#[derive(Debug, Serialize)]
pub struct RecordsCheckView {
    ok: bool,
    files_checked: usize,
    /// Stored documents no longer as they were added.
    damaged: Vec<DamagedView>,
    /// How many problems SQLite's own check listed (their wording is technical).
    database_problems: usize,
    unused_files_removed: usize,
}

/// A stored document that is missing, changed or unreadable.
#[derive(Debug, Serialize)]
pub struct DamagedView {
    /// The names of the documents that used it.
    names: Vec<String>,
    /// `missing`, `altered` or `unreadable`.
    problem: &'static str,
}

impl From<&CheckReport> for RecordsCheckView {
    fn from(report: &CheckReport) -> RecordsCheckView {
        RecordsCheckView {
            ok: report.is_sound(),
            files_checked: report.files_checked,
            damaged: report
                .damaged
                .iter()
                .map(|damaged| DamagedView {
                    names: damaged.names.clone(),
                    problem: damaged.problem.slug(),
                })
                .collect(),
            database_problems: report.database_problems.len(),
            unused_files_removed: report.unused_files_removed,
        }
    }
}

/// What checking a packet found.
#[derive(Debug, Serialize)]
pub struct VerifyView {
    ok: bool,
    files_checked: usize,
    sha256: String,
    /// `match`, `mismatch` or `absent`: the `.sha256` file beside the packet.
    sidecar: &'static str,
    problems: Vec<ProblemView>,
}

/// One problem in a packet.
#[derive(Debug, Serialize)]
pub struct ProblemView {
    path: String,
    /// What is wrong (English).
    problem: String,
    /// The same in parts, for the UI to word in the person's language.
    detail: DetailView,
}

impl From<&PacketCheck> for VerifyView {
    fn from(check: &PacketCheck) -> VerifyView {
        VerifyView {
            ok: check.is_ok(),
            files_checked: check.files_checked,
            sha256: check.sha256.to_string(),
            sidecar: check.sidecar_slug(),
            problems: check
                .problems
                .iter()
                .map(|p| ProblemView {
                    path: p.path.clone(),
                    problem: p.problem.clone(),
                    detail: DetailView::of(p.key, p.params.clone()),
                })
                .collect(),
        }
    }
}

/// A case's checklist as the UI shows it.
#[derive(Debug, Serialize)]
pub struct ChecklistView {
    items: Vec<ChecklistItemView>,
    done: usize,
    required: usize,
    /// What a careful reviewer would question about the documents, in plain words.
    warnings: Vec<ConsistencyWarningView>,
}

/// A consistency warning: which rule, and what to check.
#[derive(Debug, Serialize)]
pub struct ConsistencyWarningView {
    kind: &'static str,
    /// What to check, in English.
    message: String,
    /// The message's catalogue key and the values it names, for the UI to word it in the
    /// person's language.
    detail: WarningDetailView,
}

/// A consistency warning's message in parts.
#[derive(Debug, Serialize)]
pub struct WarningDetailView {
    key: &'static str,
    params: BTreeMap<&'static str, WarningParamView>,
}

/// A value a consistency warning names: words as printed, a date (`YYYY-MM-DD`), or several
/// names or dates, each with how many documents give it when that is counted.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WarningParamView {
    Text { text: String },
    Date { date: String },
    List { items: Vec<ListEntryView> },
}

/// One of several names or dates.
#[derive(Debug, Serialize)]
pub struct ListEntryView {
    value: WarningParamView,
    documents: Option<usize>,
}

impl From<&WarningParam> for WarningParamView {
    fn from(param: &WarningParam) -> WarningParamView {
        match param {
            WarningParam::Text(text) => WarningParamView::Text { text: text.clone() },
            WarningParam::Date(date) => WarningParamView::Date {
                date: date.to_string(),
            },
            WarningParam::List(entries) => WarningParamView::List {
                items: entries
                    .iter()
                    .map(|entry: &ListEntry| ListEntryView {
                        value: WarningParamView::from(&entry.value),
                        documents: entry.documents,
                    })
                    .collect(),
            },
        }
    }
}

/// Where a checklist item's words are in the UI's message catalogues.
#[derive(Debug, Serialize)]
pub struct ItemTextKeysView {
    title: String,
    what: String,
    r#where: String,
    why: String,
}

impl From<ItemTextKeys> for ItemTextKeysView {
    fn from(keys: ItemTextKeys) -> ItemTextKeysView {
        ItemTextKeysView {
            title: keys.title,
            what: keys.what,
            r#where: keys.where_to_get,
            why: keys.why,
        }
    }
}

/// One checklist item and its state.
#[derive(Debug, Serialize)]
pub struct ChecklistItemView {
    id: String,
    /// The item's words below are English; these keys give them in the person's language.
    text_keys: Option<ItemTextKeysView>,
    title: String,
    required: bool,
    state: &'static str,
    what: String,
    r#where: String,
    why: String,
    documents: usize,
    /// From whom it was requested, or why it does not apply.
    note: Option<String>,
    requested_on: Option<String>,
}

impl From<&CaseChecklist> for ChecklistView {
    fn from(checklist: &CaseChecklist) -> ChecklistView {
        let items = checklist
            .items
            .iter()
            .map(|(item, state)| {
                let (documents, note, requested_on) = match state {
                    ItemState::Have(ids) => (ids.len(), None, None),
                    ItemState::Requested { from, on } => {
                        (0, Some(from.clone()), Some(on.to_string()))
                    }
                    ItemState::NotApplicable { reason } => (0, Some(reason.clone()), None),
                    ItemState::Missing => (0, None, None),
                };
                ChecklistItemView {
                    id: item.id.clone(),
                    text_keys: checklist.text_keys(item).map(ItemTextKeysView::from),
                    title: item.title.clone(),
                    required: item.required,
                    state: state.slug(),
                    what: item.what.clone(),
                    r#where: item.where_to_get.clone(),
                    why: item.why.clone(),
                    documents,
                    note,
                    requested_on,
                }
            })
            .collect();
        ChecklistView {
            items,
            done: checklist.readiness.done,
            required: checklist.readiness.required,
            warnings: checklist
                .warnings
                .iter()
                .map(|warning| ConsistencyWarningView {
                    kind: warning.kind.slug(),
                    message: warning.message.clone(),
                    detail: WarningDetailView {
                        key: warning.kind.key(),
                        params: warning
                            .params
                            .iter()
                            .map(|(name, value)| (*name, WarningParamView::from(value)))
                            .collect(),
                    },
                })
                .collect(),
        }
    }
}

/// What the UI says about a checklist item.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MarkInput {
    /// Asked for, from whom.
    Requested { note: String },
    /// Does not apply, and why.
    NotApplicable { note: String },
    /// Missing again.
    Missing,
}

impl MarkInput {
    /// The mark as the application API takes it.
    pub fn into_mark(self) -> Mark {
        match self {
            MarkInput::Requested { note } => Mark::Requested(note),
            MarkInput::NotApplicable { note } => Mark::NotApplicable(note),
            MarkInput::Missing => Mark::Missing,
        }
    }
}

/// The questions for the specialist, in the person's order, and how many may be starred.
#[derive(Debug, Serialize)]
pub struct QuestionListView {
    questions: Vec<QuestionItemView>,
    max_stars: usize,
}

/// One question of the list.
#[derive(Debug, Serialize)]
pub struct QuestionItemView {
    id: String,
    /// Its place in the person's order, from 1.
    position: usize,
    text: String,
    /// The same words in parts, for the UI to word in the person's language; null for words
    /// the person wrote or edited.
    text_message: Option<DetailView>,
    /// The theme's id (`own` for the person's own questions).
    theme: String,
    /// Why it was suggested, in plain words; null for the person's own.
    reason: Option<String>,
    /// The same reason sentence by sentence, in parts.
    reason_messages: Vec<DetailView>,
    starred: bool,
    user_written: bool,
}

impl From<Vec<QuestionView>> for QuestionListView {
    fn from(list: Vec<QuestionView>) -> QuestionListView {
        QuestionListView {
            questions: list
                .into_iter()
                .map(|q| QuestionItemView {
                    id: q.id.to_string(),
                    position: q.position,
                    text: q.text,
                    text_message: q.text_message.as_ref().map(DetailView::from),
                    theme: q.theme,
                    reason: q.reason,
                    reason_messages: q.reason_messages.iter().map(DetailView::from).collect(),
                    starred: q.starred,
                    user_written: q.user_written,
                })
                .collect(),
            max_stars: MAX_STARS,
        }
    }
}

/// One entry of the audit log: ids and a fixed action word, never names or contents.
#[derive(Debug, Serialize)]
pub struct AuditEntryView {
    /// RFC 3339, UTC.
    at: String,
    /// Which front acted: `cli` or `desktop`.
    actor: String,
    /// `case_created`, `document_imported`, `category_changed`, `document_deleted`,
    /// `packet_exported`, `case_deleted`, a `question_*` change, `questions_regenerated`,
    /// `concern_added` or `concern_removed`.
    action: &'static str,
    case_id: Option<String>,
    document_id: Option<String>,
    question_id: Option<String>,
}

impl From<&AuditEntry> for AuditEntryView {
    fn from(entry: &AuditEntry) -> AuditEntryView {
        AuditEntryView {
            at: entry.at.to_rfc3339(),
            actor: entry.actor.clone(),
            action: entry.action.slug(),
            case_id: entry.case_id.as_ref().map(ToString::to_string),
            document_id: entry.document_id.as_ref().map(ToString::to_string),
            question_id: entry.question_id.as_ref().map(ToString::to_string),
        }
    }
}

/// A removable drive a packet can be saved on.
#[derive(Debug, Serialize)]
pub struct DriveView {
    /// Its label as a person sees it.
    name: String,
    /// The folder its files are in.
    path: String,
}

impl From<&RemovableDrive> for DriveView {
    fn from(drive: &RemovableDrive) -> DriveView {
        DriveView {
            name: drive.name.clone(),
            path: drive.path.to_string_lossy().into_owned(),
        }
    }
}

/// One folder of a USB drive in the kiosk's chooser.
#[derive(Debug, Serialize)]
pub struct DriveFolderView {
    path: String,
    /// The folder one up, or `null` at the drive's top.
    parent: Option<String>,
    entries: Vec<DriveEntryView>,
}

/// A folder or file in the kiosk's chooser.
#[derive(Debug, Serialize)]
pub struct DriveEntryView {
    name: String,
    path: String,
    /// `folder` or `file`.
    kind: &'static str,
    /// Bytes, for a file.
    size: Option<u64>,
}

impl From<&DriveFolder> for DriveFolderView {
    fn from(folder: &DriveFolder) -> DriveFolderView {
        DriveFolderView {
            path: folder.path.to_string_lossy().into_owned(),
            parent: folder
                .parent
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned()),
            entries: folder
                .entries
                .iter()
                .map(|entry| DriveEntryView {
                    name: entry.name.clone(),
                    path: entry.path.to_string_lossy().into_owned(),
                    kind: if entry.is_folder() { "folder" } else { "file" },
                    size: entry.size,
                })
                .collect(),
        }
    }
}

/// Kiosk mode as the UI needs it: whether it is on, the idle time and its warning, where
/// packets may go, and whether staff are signed in. Never the PIN or its hash.
#[derive(Debug, Serialize)]
pub struct KioskStateView {
    kiosk: bool,
    idle_seconds: u64,
    warning_seconds: u64,
    export_folder: Option<String>,
    pin_set: bool,
    enabled: bool,
    staff_unlocked: bool,
}

impl KioskStateView {
    /// The state of a running kiosk with these settings.
    pub fn of(settings: &KioskSettings, staff_unlocked: bool) -> KioskStateView {
        KioskStateView {
            kiosk: true,
            idle_seconds: settings.idle().as_secs(),
            warning_seconds: settings.warning_lead().as_secs(),
            export_folder: settings
                .export_folder
                .as_ref()
                .map(|folder| folder.to_string_lossy().into_owned()),
            pin_set: settings.pin_is_set(),
            enabled: settings.enabled,
            staff_unlocked,
        }
    }

    /// Not a kiosk: the everyday app.
    pub fn everyday() -> KioskStateView {
        KioskStateView {
            kiosk: false,
            idle_seconds: 0,
            warning_seconds: 0,
            export_folder: None,
            pin_set: false,
            enabled: false,
            staff_unlocked: false,
        }
    }
}

/// Staff's changes from the staff screen; a field left out stays as it is.
#[derive(Debug, Deserialize)]
pub struct KioskChangesInput {
    idle_minutes: Option<u64>,
    /// A folder for packets; an empty string forgets it.
    export_folder: Option<String>,
    /// A new staff PIN.
    pin: Option<String>,
    /// Start in kiosk mode from now on.
    enabled: Option<bool>,
}

impl KioskChangesInput {
    /// The changes in the library's terms.
    pub fn into_changes(self) -> KioskChanges {
        KioskChanges {
            enabled: self.enabled,
            idle: self
                .idle_minutes
                .map(|minutes| Duration::from_secs(minutes.saturating_mul(60))),
            export_folder: self.export_folder.map(|folder| {
                let folder = folder.trim();
                (!folder.is_empty()).then(|| PathBuf::from(folder))
            }),
            pin: self.pin,
        }
    }
}
