//! The commands the UI may invoke: each is one call into `carryall-app`, converted to wire
//! shapes. They run off the main thread (`async`), so the window never waits on the disk.

use std::path::PathBuf;

use carryall_app::export::DEFAULT_SIZE_LIMITS;
use carryall_app::import::ImportOptions;
use carryall_app::kiosk::Kiosk;
use tauri::ipc::{Channel, Response};
use tauri::{AppHandle, State, WebviewWindow};

use crate::Backend;
use crate::wire::{
    AuditEntryView, CaseDetails, CaseView, ChecklistView, ConcernView, DocumentTextView,
    DocumentView, DriveFolderView, DriveView, ExportView, ImportEvent, ImportSummary,
    KioskChangesInput, KioskStateView, MarkInput, ProgressThrottle, ProtectionView,
    QuestionListView, ReadSummary, RecordsCheckView, SearchHitView, SplitExportView, UiSettings,
    VerifyView, WireError, concern_views,
};

/// What the UI should offer on this run (the test-only path box, for one).
#[tauri::command(async)]
pub fn ui_settings(backend: State<'_, Backend>) -> UiSettings {
    backend.ui_settings()
}

/// Every case, newest first.
#[tauri::command(async)]
pub fn list_cases(backend: State<'_, Backend>) -> Result<Vec<CaseView>, WireError> {
    Ok(backend
        .app()?
        .list_cases()?
        .iter()
        .map(CaseView::from)
        .collect())
}

/// One case.
#[tauri::command(async, rename_all = "snake_case")]
pub fn get_case(backend: State<'_, Backend>, case_id: String) -> Result<CaseView, WireError> {
    Ok(CaseView::from(&backend.app()?.case(&case_id)?))
}

/// Starts a new case from the form.
#[tauri::command(async)]
pub fn create_case(backend: State<'_, Backend>, form: CaseDetails) -> Result<CaseView, WireError> {
    Ok(CaseView::from(
        &backend.app()?.create_case(&form.as_form())?,
    ))
}

/// Deletes a case and everything in it.
#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_case(backend: State<'_, Backend>, case_id: String) -> Result<(), WireError> {
    Ok(backend.app()?.delete_case(&case_id)?)
}

/// A case's documents, in the order they were added, each with what reading it found.
#[tauri::command(async, rename_all = "snake_case")]
pub fn list_documents(
    backend: State<'_, Backend>,
    case_id: String,
) -> Result<Vec<DocumentView>, WireError> {
    Ok(backend
        .app()?
        .documents_with_readings(&case_id)?
        .iter()
        .map(DocumentView::from)
        .collect())
}

/// One document's original file, checked against its SHA-256, as raw bytes (no JSON
/// array of numbers); the UI knows its media type from the document's view.
#[tauri::command(async, rename_all = "snake_case")]
pub fn get_document_original(
    backend: State<'_, Backend>,
    case_id: String,
    document_id: String,
) -> Result<Response, WireError> {
    Ok(Response::new(
        backend
            .app()?
            .document_original(&case_id, &document_id)?
            .bytes,
    ))
}

/// One document's text, page by page.
#[tauri::command(async, rename_all = "snake_case")]
pub fn get_document_text(
    backend: State<'_, Backend>,
    case_id: String,
    document_id: String,
) -> Result<DocumentTextView, WireError> {
    Ok(DocumentTextView::from(
        backend.app()?.document_text(&case_id, &document_id)?,
    ))
}

/// The pages of the case's documents that hold every word of `query`, best first.
#[tauri::command(async, rename_all = "snake_case")]
pub fn search_case(
    backend: State<'_, Backend>,
    case_id: String,
    query: String,
) -> Result<Vec<SearchHitView>, WireError> {
    Ok(backend
        .app()?
        .search(&case_id, &query)?
        .into_iter()
        .map(SearchHitView::from)
        .collect())
}

/// Removes one document from a case.
#[tauri::command(async, rename_all = "snake_case")]
pub fn remove_document(
    backend: State<'_, Backend>,
    case_id: String,
    document_id: String,
) -> Result<(), WireError> {
    Ok(backend.app()?.delete_document(&case_id, &document_id)?)
}

/// Imports files and folders, streaming progress and each file's result over `events`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_paths(
    backend: State<'_, Backend>,
    case_id: String,
    paths: Vec<PathBuf>,
    events: Channel<ImportEvent>,
) -> Result<ImportSummary, WireError> {
    let cancel = backend.start_import();
    let mut throttle = ProgressThrottle::new(events);
    let report = backend.app()?.import(
        &case_id,
        &paths,
        &ImportOptions::default(),
        &mut |p, finished| throttle.progress(p, finished),
        cancel,
    )?;
    let app = backend.app()?;
    app.read_documents(&case_id, &mut |p| throttle.reading(p), cancel)?;
    Ok(ImportSummary::from(&report))
}

/// Reads the case's documents not read yet (an import cut short, or one from an older
/// Carryall), streaming how far it has got over `events`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn read_documents(
    backend: State<'_, Backend>,
    case_id: String,
    events: Channel<ImportEvent>,
) -> Result<ReadSummary, WireError> {
    let cancel = backend.start_import();
    let mut throttle = ProgressThrottle::new(events);
    let app = backend.app()?;
    Ok(ReadSummary::from(&app.read_documents(
        &case_id,
        &mut |p| throttle.reading(p),
        cancel,
    )?))
}

/// Asks the running import to stop after the current chunk.
#[tauri::command(async)]
pub fn cancel_import(backend: State<'_, Backend>) {
    backend.cancel_import();
}

/// Writes the case's packet (and its `.sha256` file) to `out`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_packet(
    backend: State<'_, Backend>,
    case_id: String,
    out: PathBuf,
    password: Option<String>,
) -> Result<ExportView, WireError> {
    Ok(ExportView::from(&backend.app()?.export(
        &case_id,
        &out,
        password.as_deref(),
    )?))
}

/// Writes the case as two packets, its scan discs in a second one beside `out`
/// (`NAME-scan-discs.zip`), for a provider whose upload limit is small.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_packet_discs_apart(
    backend: State<'_, Backend>,
    case_id: String,
    out: PathBuf,
    password: Option<String>,
) -> Result<SplitExportView, WireError> {
    Ok(SplitExportView::from(&backend.app()?.export_discs_apart(
        &case_id,
        &out,
        password.as_deref(),
        &DEFAULT_SIZE_LIMITS,
    )?))
}

/// Checks the records: every stored document re-read against its fingerprint, and the
/// database's own check.
#[tauri::command(async)]
pub fn check_records(backend: State<'_, Backend>) -> Result<RecordsCheckView, WireError> {
    Ok(RecordsCheckView::from(&backend.app()?.check()?))
}

/// Checks a packet file, whoever made it.
#[tauri::command(async)]
pub fn verify_packet(
    backend: State<'_, Backend>,
    path: PathBuf,
    password: Option<String>,
) -> Result<VerifyView, WireError> {
    Ok(VerifyView::from(
        &backend.app()?.verify_packet(&path, password.as_deref())?,
    ))
}

/// Sets a document's category as the person chose it.
#[tauri::command(async, rename_all = "snake_case")]
pub fn set_category(
    backend: State<'_, Backend>,
    case_id: String,
    document_id: String,
    category: String,
) -> Result<DocumentView, WireError> {
    Ok(DocumentView::from(&backend.app()?.set_category(
        &case_id,
        &document_id,
        &category,
    )?))
}

/// The case's checklist: each item's state and the readiness.
#[tauri::command(async, rename_all = "snake_case")]
pub fn get_checklist(
    backend: State<'_, Backend>,
    case_id: String,
) -> Result<ChecklistView, WireError> {
    Ok(ChecklistView::from(&backend.app()?.checklist(&case_id)?))
}

/// Marks a checklist item as requested, not applicable, or missing again.
#[tauri::command(async, rename_all = "snake_case")]
pub fn mark_checklist_item(
    backend: State<'_, Backend>,
    case_id: String,
    item_id: String,
    mark: MarkInput,
) -> Result<(), WireError> {
    Ok(backend
        .app()?
        .mark_checklist_item(&case_id, &item_id, &mark.into_mark())?)
}

/// A letter asking a hospital or laboratory for a checklist item, ready to print or copy.
#[tauri::command(async, rename_all = "snake_case")]
pub fn request_letter(
    backend: State<'_, Backend>,
    case_id: String,
    item_id: String,
) -> Result<String, WireError> {
    Ok(backend.app()?.request_letter(&case_id, &item_id)?)
}

/// The case's questions for the specialist, brought up to date with its documents.
#[tauri::command(async, rename_all = "snake_case")]
pub fn list_questions(
    backend: State<'_, Backend>,
    case_id: String,
) -> Result<QuestionListView, WireError> {
    Ok(backend.app()?.questions(&case_id)?.into())
}

/// Adds a question the person wrote at the end of the list.
#[tauri::command(async, rename_all = "snake_case")]
pub fn add_question(
    backend: State<'_, Backend>,
    case_id: String,
    text: String,
) -> Result<QuestionListView, WireError> {
    Ok(backend.app()?.add_question(&case_id, &text)?.into())
}

/// Replaces a question's words with the person's.
#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_question(
    backend: State<'_, Backend>,
    case_id: String,
    question_id: String,
    text: String,
) -> Result<QuestionListView, WireError> {
    Ok(backend
        .app()?
        .edit_question(&case_id, &question_id, &text)?
        .into())
}

/// Stars a question as most important, or unstars it.
#[tauri::command(async, rename_all = "snake_case")]
pub fn star_question(
    backend: State<'_, Backend>,
    case_id: String,
    question_id: String,
    star: bool,
) -> Result<QuestionListView, WireError> {
    Ok(backend
        .app()?
        .star_question(&case_id, &question_id, star)?
        .into())
}

/// Removes a question from the list (a suggested one can be restored).
#[tauri::command(async, rename_all = "snake_case")]
pub fn remove_question(
    backend: State<'_, Backend>,
    case_id: String,
    question_id: String,
) -> Result<QuestionListView, WireError> {
    Ok(backend
        .app()?
        .remove_question(&case_id, &question_id)?
        .into())
}

/// Brings back a removed question at its old place.
#[tauri::command(async, rename_all = "snake_case")]
pub fn restore_question(
    backend: State<'_, Backend>,
    case_id: String,
    question_id: String,
) -> Result<QuestionListView, WireError> {
    Ok(backend
        .app()?
        .restore_question(&case_id, &question_id)?
        .into())
}

/// Moves a question to place `to` (from 1) of the list.
#[tauri::command(async, rename_all = "snake_case")]
pub fn move_question(
    backend: State<'_, Backend>,
    case_id: String,
    question_id: String,
    to: usize,
) -> Result<QuestionListView, WireError> {
    Ok(backend
        .app()?
        .move_question(&case_id, &question_id, to)?
        .into())
}

/// The case's concerns, in the person's words.
#[tauri::command(async, rename_all = "snake_case")]
pub fn list_concerns(
    backend: State<'_, Backend>,
    case_id: String,
) -> Result<Vec<ConcernView>, WireError> {
    Ok(concern_views(&backend.app()?.concerns(&case_id)?))
}

/// Adds a concern to the case.
#[tauri::command(async, rename_all = "snake_case")]
pub fn add_concern(
    backend: State<'_, Backend>,
    case_id: String,
    text: String,
) -> Result<Vec<ConcernView>, WireError> {
    Ok(concern_views(&backend.app()?.add_concern(&case_id, &text)?))
}

/// Removes one of the case's concerns.
#[tauri::command(async, rename_all = "snake_case")]
pub fn remove_concern(
    backend: State<'_, Backend>,
    case_id: String,
    concern_id: String,
) -> Result<Vec<ConcernView>, WireError> {
    Ok(concern_views(
        &backend.app()?.remove_concern(&case_id, &concern_id)?,
    ))
}

/// The audit log, oldest first: every case's, or only `case_id`'s.
#[tauri::command(async, rename_all = "snake_case")]
pub fn audit_log(
    backend: State<'_, Backend>,
    case_id: Option<String>,
) -> Result<Vec<AuditEntryView>, WireError> {
    Ok(backend
        .app()?
        .audit_log(case_id.as_deref())?
        .iter()
        .map(AuditEntryView::from)
        .collect())
}

/// Writes the audit log (every case's, or only `case_id`'s) to `out` as CSV, whole or not at
/// all; returns how many entries it holds.
#[tauri::command(async, rename_all = "snake_case")]
pub fn save_audit_csv(
    backend: State<'_, Backend>,
    case_id: Option<String>,
    out: PathBuf,
) -> Result<usize, WireError> {
    Ok(backend.app()?.write_audit_csv(case_id.as_deref(), &out)?)
}

/// The removable drives (USB sticks, memory cards) plugged in now, offered first as places to
/// save a packet.
#[tauri::command(async)]
pub fn removable_drives() -> Vec<DriveView> {
    carryall_app::removable_drives::removable_drives()
        .iter()
        .map(DriveView::from)
        .collect()
}

/// Opens the file manager at a saved packet.
#[tauri::command(async)]
pub fn show_in_folder(path: PathBuf) -> Result<(), WireError> {
    Ok(carryall_app::show_in_folder::show_in_folder(&path)?)
}

/// Kiosk mode as the UI needs it (`kiosk: false` in everyday use).
#[tauri::command(async)]
pub fn kiosk_state(backend: State<'_, Backend>) -> Result<KioskStateView, WireError> {
    backend.kiosk_state()
}

/// One folder of a USB drive for the kiosk's chooser; any other folder is refused.
#[tauri::command(async)]
pub fn kiosk_drive_folder(
    backend: State<'_, Backend>,
    path: PathBuf,
) -> Result<DriveFolderView, WireError> {
    Ok(DriveFolderView::from(
        &backend.kiosk()?.drive_folder(&path)?,
    ))
}

/// Removes everything of the patient's session, window data too, and starts a fresh one.
#[tauri::command(async)]
pub fn kiosk_finish_session(
    backend: State<'_, Backend>,
    window: WebviewWindow,
) -> Result<(), WireError> {
    backend.finish_kiosk_session(&window)
}

/// Opens the staff screen with the staff PIN.
#[tauri::command(async)]
pub fn kiosk_unlock(backend: State<'_, Backend>, pin: String) -> Result<(), WireError> {
    Ok(backend.kiosk()?.unlock(&pin)?)
}

/// Closes the staff screen: staff actions need the PIN again.
#[tauri::command(async)]
pub fn kiosk_lock(backend: State<'_, Backend>) -> Result<(), WireError> {
    backend.kiosk().map(Kiosk::lock_staff)
}

/// Staff change the kiosk's settings.
#[tauri::command(async)]
pub fn kiosk_configure(
    backend: State<'_, Backend>,
    changes: KioskChangesInput,
) -> Result<(), WireError> {
    Ok(backend
        .kiosk()?
        .configure(&changes.into_changes())
        .map(drop)?)
}

/// The window says someone is using the kiosk (so the library's own idle guard waits).
#[tauri::command]
pub fn kiosk_still_here(backend: State<'_, Backend>) -> Result<(), WireError> {
    backend.kiosk().map(Kiosk::still_here)
}

/// Staff leave kiosk mode: the session is wiped and the app closes.
#[tauri::command(async)]
pub fn kiosk_quit(backend: State<'_, Backend>, app: AppHandle) -> Result<(), WireError> {
    backend.quit_kiosk(&app)
}

/// Whether the records are protected by a passphrase, and open.
#[tauri::command]
pub fn protection_state(backend: State<'_, Backend>) -> Result<ProtectionView, WireError> {
    backend.protection_state()
}

/// Locks protected records again (nobody used the window for a while); says whether it did.
#[tauri::command]
pub fn lock_records(backend: State<'_, Backend>) -> Result<bool, WireError> {
    backend.lock()
}

/// Opens records protected by a passphrase.
#[tauri::command(async)]
pub fn unlock_records(backend: State<'_, Backend>, passphrase: String) -> Result<(), WireError> {
    backend.unlock(&passphrase)
}

/// Protects the records with a new passphrase (encrypting everything already stored).
#[tauri::command(async)]
pub fn protect_records(backend: State<'_, Backend>, passphrase: String) -> Result<(), WireError> {
    backend.protect(&passphrase)
}

/// Replaces the passphrase of protected records.
#[tauri::command(async)]
pub fn change_passphrase(
    backend: State<'_, Backend>,
    old: String,
    new: String,
) -> Result<(), WireError> {
    Ok(backend.app()?.change_passphrase(&old, &new)?)
}
