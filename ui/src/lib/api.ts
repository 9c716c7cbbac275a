// The desktop app's commands, typed. Mirrors src-tauri/src/wire.rs; every call either returns
// its value or throws an AppError carrying a stable code and a message fit to show a person,
// worded in the person's language when the catalogue has it.
import { Channel, invoke } from "@tauri-apps/api/core";
import { fromDetail, type MessageDetail } from "./i18n";

/** A case's details as shown, and as the "new case" form sends them. */
export interface CaseDetails {
  patient_name: string;
  date_of_birth: string | null;
  /** Shown: a plain-language label. Sent: the words typed. */
  cancer_type: string | null;
  reason: string | null;
  provider: string | null;
  appointment: string | null;
}

/** The "new case" form: the details, and the person's concerns in their own words. */
export interface NewCaseForm extends CaseDetails {
  concerns: string[];
}

/** One of a case's concerns. */
export interface ConcernView {
  id: string;
  text: string;
}

export interface CaseView extends CaseDetails {
  id: string;
  /** The cancer type's stable name when it is one Carryall knows, for wording it; null for
   * a type in the person's own words (shown as typed). */
  cancer_type_slug: string | null;
  status: "gathering" | "exported" | "closed";
  created_at: string;
}

/** A key fact found in a document (names in docs/facts.md), with where it came from. */
export interface FactView {
  name: string;
  value: string;
  page: number | null;
  /** The document's own words it came from. */
  snippet: string;
}

export interface DocumentView {
  id: string;
  original_name: string;
  size: number;
  media_type: string;
  category: string;
  category_label: string;
  /** Who decided the category: nobody yet, detection from the text, or the person. */
  category_source: "none" | "detected" | "user";
  category_confidence: number | null;
  /** The words that decided a detected category. */
  category_evidence: string[];
  document_date: string | null;
  /** The date could also be read with day and month swapped. */
  date_ambiguous: boolean;
  /** How the text was read; null until the document has been read. */
  text_source: "pdf" | "ocr" | "none" | null;
  /** Why there is no text, in plain words (English); `text_error_detail` words it. */
  text_error: string | null;
  text_error_detail: MessageDetail | null;
  /** Mean OCR confidence, 0 to 100. */
  ocr_confidence: number | null;
  facts: FactView[];
  imported_at: string;
  /** What a scan disc holds; null for every other document. */
  disc: DiscView | null;
}

/** One series of a disc's study: one kind of pictures of one part of the body. */
export interface DiscSeriesView {
  /** The disc's code for the kind of scan, e.g. "CT", "MR", "PT". */
  modality: string | null;
  description: string | null;
  body_part: string | null;
  images: number;
}

export interface DiscStudyView {
  date: string | null;
  description: string | null;
  images: number;
  series: DiscSeriesView[];
}

/** A scan disc: its files at a glance and, once read, its studies. */
export interface DiscView {
  files: number;
  bytes: number;
  studies: number;
  images: number;
  /** Set when the disc holds more than one person's scans. */
  warning: string | null;
  /** Whether the disc has been read yet. */
  read: boolean;
  unreadable_files: number;
  missing_files: number;
  /** Why the disc's index could not be read (its images were read instead). */
  problem: string | null;
  study_list: DiscStudyView[];
}

export interface PageView {
  page: number;
  from_ocr: boolean;
  text: string;
}

export interface DocumentTextView {
  document_id: string;
  text_source: "pdf" | "ocr" | "none" | null;
  text_error: string | null;
  text_error_detail: MessageDetail | null;
  ocr_confidence: number | null;
  pages: PageView[];
}

export interface SearchHitView {
  document_id: string;
  /** The document's file name as imported. */
  original_name: string;
  page: number;
  /** The words around the match; matched words are inside [ and ]. Plain text, never HTML. */
  snippet: string;
}

export interface FileResultView {
  name: string;
  status: "imported" | "duplicate" | "rejected";
  document_id: string | null;
  /** Why it was refused, in English; `error_detail` words it in the person's language. */
  error: string | null;
  error_detail: MessageDetail | null;
}

export interface ImportProgress {
  kind: "progress";
  files_done: number;
  files_total: number;
  bytes_done: number;
  bytes_total: number;
  current_name: string | null;
}

export interface ReadingProgress {
  kind: "reading";
  done: number;
  total: number;
}

export type ImportEvent = ImportProgress | ReadingProgress | ({ kind: "file" } & FileResultView);

export interface ReadSummary {
  read: number;
  without_text: number;
  cancelled: boolean;
}

export interface ImportSummary {
  results: FileResultView[];
  cancelled: boolean;
}

export interface ExportView {
  path: string;
  file_name: string;
  bytes: number;
  documents: number;
  sha256: string;
  sha256_groups: string[];
  /** The upload limits it is over; `message` is English, `limit_bytes` the limit passed. */
  warnings: { kind: string; message: string; limit_bytes: number }[];
}

/** A case written as two packets; `discs` is null when the case had no scan disc. */
export interface SplitExportView {
  documents: ExportView;
  discs: ExportView | null;
}

export interface VerifyView {
  ok: boolean;
  files_checked: number;
  sha256: string;
  sidecar: "match" | "mismatch" | "absent";
  /** Each problem in English, and in parts for the person's language. */
  problems: { path: string; problem: string; detail: MessageDetail }[];
}

export interface ChecklistItemView {
  id: string;
  /** The catalogue keys of the item's words, which are English below. */
  text_keys: { title: string; what: string; where: string; why: string } | null;
  title: string;
  required: boolean;
  state: "have" | "requested" | "not_applicable" | "missing";
  what: string;
  where: string;
  why: string;
  documents: number;
  note: string | null;
  requested_on: string | null;
}

/** A value a consistency warning names. */
export type WarningParam =
  | { kind: "text"; text: string }
  | { kind: "date"; date: string }
  | { kind: "list"; items: { value: WarningParam; documents: number | null }[] };

export interface ConsistencyWarningView {
  kind: string;
  /** In English; `detail` words it in the person's language. */
  message: string;
  detail: { key: string; params: Record<string, WarningParam> };
}

export interface ChecklistView {
  items: ChecklistItemView[];
  done: number;
  required: number;
  warnings: ConsistencyWarningView[];
}

export type ChecklistMark =
  | { kind: "requested"; note: string }
  | { kind: "not_applicable"; note: string }
  | { kind: "missing" };

/** One question for the specialist. */
export interface QuestionView {
  id: string;
  /** Its place in the person's order, from 1. */
  position: number;
  text: string;
  /** The same words in parts; null for words the person wrote or edited. */
  text_message: MessageDetail | null;
  /** The theme's id ("own" for the person's own questions). */
  theme: string;
  /** Why it was suggested, in plain words (English); null for the person's own. */
  reason: string | null;
  /** The same reason, sentence by sentence, in parts. */
  reason_messages: MessageDetail[];
  starred: boolean;
  user_written: boolean;
}

export interface QuestionListView {
  questions: QuestionView[];
  /** How many questions may be starred as most important. */
  max_stars: number;
}

/** One entry of the audit log: ids and a fixed action word, never names or contents. */
export interface AuditEntryView {
  at: string;
  /** Which part of Carryall acted: "cli" or "desktop". */
  actor: string;
  action: string;
  case_id: string | null;
  document_id: string | null;
  question_id: string | null;
}

/** A removable drive (USB stick, memory card) plugged in now. */
export interface DriveView {
  name: string;
  path: string;
}

/** One folder of a USB drive in the kiosk's chooser. */
export interface DriveFolderView {
  path: string;
  /** The folder one up, or null at the drive's top. */
  parent: string | null;
  entries: DriveEntryView[];
}

export interface DriveEntryView {
  name: string;
  path: string;
  kind: "folder" | "file";
  /** Bytes, for a file. */
  size: number | null;
}

export interface UiSettings {
  test_path_input: boolean;
}

/** Kiosk mode as the UI needs it; `kiosk` is false in everyday use. Never the PIN. */
export interface KioskState {
  kiosk: boolean;
  idle_seconds: number;
  /** How long before the end of an idle session the warning shows. */
  warning_seconds: number;
  /** The folder staff chose for packets, besides removable drives. */
  export_folder: string | null;
  pin_set: boolean;
  /** Whether Carryall starts in kiosk mode by the saved setting. */
  enabled: boolean;
  staff_unlocked: boolean;
}

/** Staff's changes; a field left out stays as it is. An empty export folder forgets it. */
export interface KioskChanges {
  idle_minutes?: number;
  export_folder?: string;
  pin?: string;
  enabled?: boolean;
}

/** What checking the records found. */
export interface RecordsCheckView {
  ok: boolean;
  files_checked: number;
  /** Stored documents no longer as they were added. */
  damaged: { names: string[]; problem: "missing" | "altered" | "unreadable" }[];
  /** How many problems the database's own check listed. */
  database_problems: number;
  unused_files_removed: number;
}

/** Whether the records are protected by a passphrase (encrypted on disk), and open. */
export interface ProtectionView {
  protected: boolean;
  /** False until the passphrase of protected records is given. */
  open: boolean;
  /** A kiosk: its sessions are always encrypted, and that is not the patient's to change. */
  kiosk: boolean;
  /** Protected records lock again after this long without use, with a warning this long
   * before (both 0 in a kiosk). */
  lock_after_seconds: number;
  lock_warning_seconds: number;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface WireError {
  code: string;
  message: string;
  detail?: MessageDetail;
}

function isWireError(value: unknown): value is WireError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isWireError(error)) throw new AppError(error.code, fromDetail(error.detail, error.message));
    throw new AppError("internal", String(error));
  }
}

export const api = {
  uiSettings: () => call<UiSettings>("ui_settings"),
  listCases: () => call<CaseView[]>("list_cases"),
  getCase: (caseId: string) => call<CaseView>("get_case", { case_id: caseId }),
  createCase: (form: NewCaseForm) => call<CaseView>("create_case", { form }),
  deleteCase: (caseId: string) => call<void>("delete_case", { case_id: caseId }),
  listDocuments: (caseId: string) => call<DocumentView[]>("list_documents", { case_id: caseId }),
  setCategory: (caseId: string, documentId: string, category: string) =>
    call<DocumentView>("set_category", { case_id: caseId, document_id: documentId, category }),
  /** The original file's bytes, checked against their SHA-256 (raw, not JSON). */
  getDocumentOriginal: (caseId: string, documentId: string) =>
    call<ArrayBuffer>("get_document_original", { case_id: caseId, document_id: documentId }),
  getDocumentText: (caseId: string, documentId: string) =>
    call<DocumentTextView>("get_document_text", { case_id: caseId, document_id: documentId }),
  searchCase: (caseId: string, query: string) => call<SearchHitView[]>("search_case", { case_id: caseId, query }),
  removeDocument: (caseId: string, documentId: string) =>
    call<void>("remove_document", { case_id: caseId, document_id: documentId }),
  importPaths: (caseId: string, paths: string[], onEvent: (event: ImportEvent) => void) => {
    const events = new Channel<ImportEvent>();
    events.onmessage = onEvent;
    return call<ImportSummary>("import_paths", { case_id: caseId, paths, events });
  },
  readDocuments: (caseId: string, onEvent: (event: ImportEvent) => void) => {
    const events = new Channel<ImportEvent>();
    events.onmessage = onEvent;
    return call<ReadSummary>("read_documents", { case_id: caseId, events });
  },
  cancelImport: () => call<void>("cancel_import"),
  getChecklist: (caseId: string) => call<ChecklistView>("get_checklist", { case_id: caseId }),
  markChecklistItem: (caseId: string, itemId: string, mark: ChecklistMark) =>
    call<void>("mark_checklist_item", { case_id: caseId, item_id: itemId, mark }),
  requestLetter: (caseId: string, itemId: string) =>
    call<string>("request_letter", { case_id: caseId, item_id: itemId }),
  listQuestions: (caseId: string) => call<QuestionListView>("list_questions", { case_id: caseId }),
  addQuestion: (caseId: string, text: string) => call<QuestionListView>("add_question", { case_id: caseId, text }),
  editQuestion: (caseId: string, questionId: string, text: string) =>
    call<QuestionListView>("edit_question", { case_id: caseId, question_id: questionId, text }),
  starQuestion: (caseId: string, questionId: string, star: boolean) =>
    call<QuestionListView>("star_question", { case_id: caseId, question_id: questionId, star }),
  removeQuestion: (caseId: string, questionId: string) =>
    call<QuestionListView>("remove_question", { case_id: caseId, question_id: questionId }),
  restoreQuestion: (caseId: string, questionId: string) =>
    call<QuestionListView>("restore_question", { case_id: caseId, question_id: questionId }),
  moveQuestion: (caseId: string, questionId: string, to: number) =>
    call<QuestionListView>("move_question", { case_id: caseId, question_id: questionId, to }),
  listConcerns: (caseId: string) => call<ConcernView[]>("list_concerns", { case_id: caseId }),
  addConcern: (caseId: string, text: string) => call<ConcernView[]>("add_concern", { case_id: caseId, text }),
  removeConcern: (caseId: string, concernId: string) =>
    call<ConcernView[]>("remove_concern", { case_id: caseId, concern_id: concernId }),
  exportPacket: (caseId: string, out: string, password: string | null) =>
    call<ExportView>("export_packet", { case_id: caseId, out, password }),
  exportPacketDiscsApart: (caseId: string, out: string, password: string | null) =>
    call<SplitExportView>("export_packet_discs_apart", { case_id: caseId, out, password }),
  verifyPacket: (path: string, password: string | null) => call<VerifyView>("verify_packet", { path, password }),
  checkRecords: () => call<RecordsCheckView>("check_records"),
  auditLog: (caseId: string | null) => call<AuditEntryView[]>("audit_log", { case_id: caseId }),
  removableDrives: () => call<DriveView[]>("removable_drives"),
  showInFolder: (path: string) => call<void>("show_in_folder", { path }),
  saveAuditCsv: (caseId: string | null, out: string) => call<number>("save_audit_csv", { case_id: caseId, out }),
  kioskState: () => call<KioskState>("kiosk_state"),
  kioskStillHere: () => call<void>("kiosk_still_here"),
  protectionState: () => call<ProtectionView>("protection_state"),
  unlockRecords: (passphrase: string) => call<void>("unlock_records", { passphrase }),
  protectRecords: (passphrase: string) => call<void>("protect_records", { passphrase }),
  lockRecords: () => call<boolean>("lock_records"),
  changePassphrase: (old: string, next: string) => call<void>("change_passphrase", { old, new: next }),
  kioskDriveFolder: (path: string) => call<DriveFolderView>("kiosk_drive_folder", { path }),
  kioskFinishSession: () => call<void>("kiosk_finish_session"),
  kioskUnlock: (pin: string) => call<void>("kiosk_unlock", { pin }),
  kioskLock: () => call<void>("kiosk_lock"),
  kioskConfigure: (changes: KioskChanges) => call<void>("kiosk_configure", { changes }),
  kioskQuit: () => call<void>("kiosk_quit"),
};
