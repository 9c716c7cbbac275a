//! Application errors: a stable code for programs, a plain-language message for people, and
//! the message's parts ([`ErrorDetail`]) for a front that words it in the person's language.

use std::path::PathBuf;

use carryall_domain::FieldError;
use carryall_domain::field::Field;
use carryall_store::StoreError;

/// A stable, machine-readable error kind; fronts show the message and may branch on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// Something the person typed or chose needs correcting.
    InvalidInput,
    /// The case (or other record) does not exist.
    NotFound,
    /// The data directory cannot be used.
    DataDir,
    /// Another Carryall is using the data right now.
    Busy,
    /// The database failed or is damaged.
    Storage,
    /// The operating system could not supply randomness.
    System,
    /// A stored document no longer matches its hash.
    Damaged,
    /// Reading or writing a file outside the data directory failed.
    Io,
    /// The staff PIN typed is not the right one.
    KioskPin,
    /// Too many wrong staff PINs: the next try must wait.
    KioskWait,
    /// No staff PIN is set yet, so the staff screen cannot be opened.
    KioskNoPin,
    /// A staff-only kiosk action was asked for without the staff PIN.
    KioskLocked,
    /// In kiosk mode a packet may be saved only on a removable drive or in the staff's folder.
    KioskExportPlace,
    /// In kiosk mode documents are not taken from the kiosk's own folders.
    KioskImportPlace,
    /// In kiosk mode documents come only from a removable drive plugged in now.
    KioskDriveOnly,
    /// A kiosk action was asked for, but Carryall is not in kiosk mode.
    KioskOff,
    /// The records are protected by a passphrase, and none was given.
    Locked,
    /// The passphrase given does not open the records.
    WrongPassphrase,
}

impl ErrorCode {
    /// The code as it appears in JSON (`invalid_input`, `not_found`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::DataDir => "data_dir",
            ErrorCode::Busy => "busy",
            ErrorCode::Storage => "storage",
            ErrorCode::System => "system",
            ErrorCode::Damaged => "damaged",
            ErrorCode::Io => "io",
            ErrorCode::KioskPin => "kiosk_pin",
            ErrorCode::KioskWait => "kiosk_wait",
            ErrorCode::KioskNoPin => "kiosk_no_pin",
            ErrorCode::KioskLocked => "kiosk_locked",
            ErrorCode::KioskExportPlace => "kiosk_export_place",
            ErrorCode::KioskImportPlace => "kiosk_import_place",
            ErrorCode::KioskDriveOnly => "kiosk_drive_only",
            ErrorCode::KioskOff => "kiosk_off",
            ErrorCode::Locked => "locked",
            ErrorCode::WrongPassphrase => "wrong_passphrase",
        }
    }
}

/// A failure of an application call.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A form field needs correcting; the message says which and how.
    #[error(transparent)]
    Invalid(#[from] FieldError),
    /// No case has this id.
    #[error("There is no case with the id {0:?}. Check the id with the list of cases.")]
    NoSuchCase(String),
    /// No checklist item has this id.
    #[error("{0:?} is not an item on the checklist. See the list with: carryall checklist CASE")]
    UnknownChecklistItem(String),
    /// No category has this name.
    #[error("{0:?} is not a kind of document Carryall knows. Use one of: {list}.", list = category_list())]
    UnknownCategory(String),
    /// The case has no document with this id.
    #[error(
        "This case has no document with the id {0:?}. Check the id with the list of documents."
    )]
    NoSuchDocument(String),
    /// The case has no question with this id (or it was removed).
    #[error(
        "This case has no question with the id {0:?}. Check the id with: carryall questions CASE"
    )]
    NoSuchQuestion(String),
    /// The case has no concern with this id.
    #[error(
        "This case has no concern with the id {0:?}. Check the id with: carryall concerns CASE"
    )]
    NoSuchConcern(String),
    /// A question was left blank.
    #[error("Please type the question.")]
    BlankQuestion,
    /// A question is longer than allowed.
    #[error("The question is too long: please keep it under {0} characters.")]
    QuestionTooLong(usize),
    /// A question holds invisible control characters (line breaks included).
    #[error(
        "The question contains invisible control characters or line breaks: please retype it on one line."
    )]
    QuestionControlCharacters,
    /// Starring one more question would pass the limit.
    #[error(
        "Only {0} questions can be starred as most important. Unstar one of them first, then star this one."
    )]
    TooManyStars(usize),
    /// A question was to be moved to a place the list does not have.
    #[error(
        "There is no place {to} in a list of {count} questions: use a number from 1 to {count}."
    )]
    NoSuchPlace {
        /// The place asked for.
        to: usize,
        /// How many questions the list shows.
        count: usize,
    },
    /// The data directory could not be created or opened.
    #[error("Carryall cannot use the folder {path} for its data: {source}.")]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// Another running Carryall (the desktop app or a command) is writing to the data folder.
    #[error("Carryall is already open with this data folder; close it and try again.")]
    DataDirInUse,
    /// A case or document was deleted, but what it left in the database file could not be
    /// wiped yet.
    #[error(
        "It was deleted, but Carryall could not yet wipe its traces from the database file ({0}). Make sure there is free disk space, then run a check, which finishes the wipe."
    )]
    NotWiped(#[source] StoreError),
    /// A stored document's bytes changed since import, so it was not exported.
    #[error(
        "The stored copy of {0:?} has changed since it was added, so no packet was made. Run a check, then add {0:?} again from the original."
    )]
    Damaged(String),
    /// A file of a stored scan disc changed since import, so it was not exported.
    #[error(
        "The stored copy of the file {file:?} on the scan disc {disc:?} has changed since it was added, so no packet was made. Run a check, then remove the disc and add it again from the original disc."
    )]
    DamagedDiscFile {
        /// The disc's name.
        disc: String,
        /// The file's path on the disc.
        file: String,
    },
    /// A scan disc holds many files, so there is no one original to show.
    #[error(
        "{0:?} is a scan disc: it holds many files, so it cannot be shown as one page. Its studies are listed here, and all its files go into the packet."
    )]
    OriginalIsDisc(String),
    /// A document's original is too large to show on screen.
    #[error(
        "{name:?} is too large to show here ({}; Carryall shows files up to {}). It is kept whole and goes into the packet. Open the original file on your computer to see it.", carryall_packet::human_size(*.size), carryall_packet::human_size(*.limit)
    )]
    OriginalTooLarge {
        /// The document's original name.
        name: String,
        /// Its size in bytes.
        size: u64,
        /// The largest shown, in bytes.
        limit: u64,
    },
    /// A stored document's bytes changed since import, so they are not shown.
    #[error(
        "The stored copy of {0:?} has changed since it was added, so it is not shown. Run a check, then add {0:?} again from the original."
    )]
    OriginalDamaged(String),
    /// A stored document could not be read to show it.
    #[error(
        "The stored copy of {name:?} could not be read ({source}), so it is not shown. Run a check."
    )]
    OriginalUnreadable {
        /// The document's original name.
        name: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The document reader (a worker process of this program) cannot be set up.
    #[error("Carryall cannot start its document reader: {0}.")]
    Extractor(String),
    /// A stored document could not be read.
    #[error("The stored copy of {name:?} could not be read ({source}), so no packet was made.")]
    Unreadable {
        /// The document's original name.
        name: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The packet file could not be written or read.
    #[error(
        "The packet file {path} could not be written or read ({source}). Check the folder exists, there is free space, and you may write there."
    )]
    Export {
        /// The packet file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file Carryall was asked to write (the audit log's CSV) could not be written.
    #[error(
        "The file {path} could not be written ({source}). Check the folder exists, there is free space, and you may write there."
    )]
    WriteFile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A folder of a USB drive could not be listed for the kiosk's chooser.
    #[error(
        "The folder {path} on the USB drive could not be opened ({source}). Check the drive is still plugged in, or choose another folder."
    )]
    DriveFolder {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A saved file could not be shown in the file manager.
    #[error(
        "The file {path} could not be shown in its folder ({source}). It may have been moved or deleted; open the folder yourself to find it."
    )]
    ShowInFolder {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The password file could not be read or holds no password.
    #[error(
        "The password could not be read from {path} ({source}). Put the password on the file's first line."
    )]
    PasswordFile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The staff PIN typed is not the right one.
    #[error("That PIN is not right. Please try again.")]
    KioskWrongPin,
    /// Too many wrong staff PINs were typed; the next try must wait.
    #[error("Too many wrong PINs. Please wait {} before you try again.", crate::kiosk::plain_wait(*.seconds))]
    KioskWait {
        /// How many seconds are left to wait.
        seconds: u64,
    },
    /// No staff PIN is set.
    #[error(
        "No staff PIN is set yet. Staff can set one on this computer with: carryall kiosk configure --pin-stdin"
    )]
    KioskNoPin,
    /// A new staff PIN is not 4 to 12 digits.
    #[error("The staff PIN must be 4 to 12 digits (numbers only).")]
    KioskPinFormat,
    /// The new staff PIN could not be read from standard input.
    #[error(
        "The staff PIN could not be read from standard input ({0}). Type it, or send it in, on one line."
    )]
    KioskPinInput(#[source] std::io::Error),
    /// The idle time asked for is out of range.
    #[error("The idle time must be from {min} to {max} minutes.")]
    KioskIdleRange {
        /// The shortest, in minutes.
        min: u64,
        /// The longest, in minutes.
        max: u64,
    },
    /// The staff's export folder is not an existing folder.
    #[error("The folder {0} does not exist or is not a folder. Choose a folder that exists.")]
    KioskExportFolder(PathBuf),
    /// Kiosk mode would start with no way for staff to leave it.
    #[error("Set a staff PIN before turning kiosk mode on (add --pin-stdin).")]
    KioskOnWithoutPin,
    /// A staff-only action without the staff PIN.
    #[error("Only staff can do this. Tap Staff and type the staff PIN first.")]
    KioskLocked,
    /// In kiosk mode a packet may be saved only on a removable drive or in the staff's folder.
    #[error(
        "On this shared computer a packet can only be saved on a USB drive or memory card, or in the folder the staff chose. Plug in a USB drive and choose it."
    )]
    KioskExportPlace,
    /// In kiosk mode only packets on a removable drive or in the staff's folder are checked.
    #[error(
        "On this shared computer only a packet on a USB drive or memory card, or in the folder the staff chose, can be checked. Plug in the drive that holds it and choose it there."
    )]
    KioskVerifyPlace,
    /// In kiosk mode documents are not taken from the kiosk's own folders.
    #[error(
        "On this shared computer documents cannot be added from Carryall's own folders or the clinic's packet folder. Add them from your USB drive, memory card or disc."
    )]
    KioskImportPlace,
    /// In kiosk mode documents are looked for and added only on a removable drive.
    #[error(
        "On this shared computer documents can only be added from a USB drive or memory card plugged into it. Plug yours in and choose it in the list."
    )]
    KioskDriveOnly,
    /// A kiosk action, but Carryall is not in kiosk mode.
    #[error("Carryall is not in kiosk mode.")]
    KioskOff,
    /// The kiosk settings file could not be read or written.
    #[error(
        "Carryall could not read or save its kiosk settings in {path} ({source}). Check the folder exists and you may write there."
    )]
    KioskSettings {
        /// The settings file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A patient session's folder could not be removed completely.
    #[error(
        "Carryall could not remove everything from the last session ({0}). Close Carryall and open it again: it removes what is left when it starts."
    )]
    KioskNotWiped(#[source] std::io::Error),
    /// The store failed.
    #[error("{}", store_message(.0))]
    Store(#[from] StoreError),
    /// No randomness for new ids.
    #[error("The system could not provide random numbers for a new record: {0}")]
    Randomness(String),
    /// The records are protected and no passphrase was given.
    #[error("These records are protected by a passphrase. Enter the passphrase to open them.")]
    Locked,
    /// The passphrase does not open the records.
    #[error(
        "That passphrase does not open these records. Check for typing mistakes and Caps Lock, then try again. Without the right passphrase the records cannot be opened: there is no other way in."
    )]
    WrongPassphrase,
    /// A new passphrase is too short.
    #[error(
        "Choose a passphrase of at least {min} characters. A few words you will remember work well."
    )]
    PassphraseTooShort {
        /// The fewest characters allowed.
        min: usize,
    },
    /// The key file of a protected folder cannot be read.
    #[error(
        "The file that unlocks these records ({path}) is damaged, so they cannot be opened. If you have a backup copy of the data folder, put its protection.json back."
    )]
    KeyFileDamaged {
        /// The key file.
        path: PathBuf,
    },
    /// Protection was asked for while other work (an import, an export) was using the records.
    #[error(
        "Carryall is still busy with your records (adding or saving documents). Wait until that has finished, then turn protection on."
    )]
    ProtectWhileBusy,
    /// Protection was asked for on records that have it.
    #[error(
        "These records are already protected by a passphrase. To use a new one, change the passphrase."
    )]
    AlreadyProtected,
    /// A passphrase was given for records that have none.
    #[error(
        "These records are not protected by a passphrase, so there is none to enter or change."
    )]
    NotProtected,
    /// A stored file no longer matches its hash, so protection was not turned on.
    #[error(
        "A stored document (file {sha256_start}) no longer matches the copy that was added, so protection was not turned on and nothing was changed. Run a check first."
    )]
    ProtectStopped {
        /// The first characters of the file's SHA-256.
        sha256_start: String,
    },
}

fn category_list() -> String {
    let names: Vec<&str> = carryall_domain::Category::ALL
        .iter()
        .map(|c| c.slug())
        .collect();
    names.join(", ")
}

fn store_message(error: &StoreError) -> String {
    if error.is_busy() {
        "Another Carryall window or program is using these records. Close it and try again."
            .to_owned()
    } else {
        format!("Carryall's records could not be read or saved ({error}). Nothing was changed.")
    }
}

impl AppError {
    /// This error's stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Invalid(_) | AppError::UnknownCategory(_) => ErrorCode::InvalidInput,
            AppError::UnknownChecklistItem(_) => ErrorCode::InvalidInput,
            AppError::BlankQuestion
            | AppError::QuestionTooLong(_)
            | AppError::QuestionControlCharacters
            | AppError::TooManyStars(_)
            | AppError::NoSuchPlace { .. } => ErrorCode::InvalidInput,
            AppError::NoSuchQuestion(_) | AppError::NoSuchConcern(_) => ErrorCode::NotFound,
            AppError::NoSuchCase(_) | AppError::NoSuchDocument(_) => ErrorCode::NotFound,
            AppError::DataDir { .. } => ErrorCode::DataDir,
            AppError::DataDirInUse => ErrorCode::Busy,
            AppError::NotWiped(_) => ErrorCode::Storage,
            AppError::Store(e) if e.is_busy() => ErrorCode::Busy,
            AppError::Store(StoreError::NotFound) => ErrorCode::NotFound,
            AppError::Store(StoreError::Open { .. }) => ErrorCode::DataDir,
            AppError::Store(_) => ErrorCode::Storage,
            AppError::Randomness(_) | AppError::Extractor(_) => ErrorCode::System,
            AppError::Damaged(_) | AppError::DamagedDiscFile { .. } => ErrorCode::Damaged,
            AppError::Unreadable { .. } => ErrorCode::Damaged,
            AppError::OriginalIsDisc(_) | AppError::OriginalTooLarge { .. } => {
                ErrorCode::InvalidInput
            }
            AppError::OriginalDamaged(_) | AppError::OriginalUnreadable { .. } => {
                ErrorCode::Damaged
            }
            AppError::Export { .. } | AppError::WriteFile { .. } | AppError::DriveFolder { .. } => {
                ErrorCode::Io
            }
            AppError::ShowInFolder { .. } => ErrorCode::Io,
            AppError::PasswordFile { .. } => ErrorCode::InvalidInput,
            AppError::KioskWrongPin => ErrorCode::KioskPin,
            AppError::KioskWait { .. } => ErrorCode::KioskWait,
            AppError::KioskNoPin => ErrorCode::KioskNoPin,
            AppError::KioskPinFormat
            | AppError::KioskPinInput(_)
            | AppError::KioskIdleRange { .. }
            | AppError::KioskExportFolder(_)
            | AppError::KioskOnWithoutPin => ErrorCode::InvalidInput,
            AppError::KioskLocked => ErrorCode::KioskLocked,
            AppError::KioskExportPlace | AppError::KioskVerifyPlace => ErrorCode::KioskExportPlace,
            AppError::KioskImportPlace => ErrorCode::KioskImportPlace,
            AppError::KioskDriveOnly => ErrorCode::KioskDriveOnly,
            AppError::KioskOff => ErrorCode::KioskOff,
            AppError::KioskSettings { .. } | AppError::KioskNotWiped(_) => ErrorCode::DataDir,
            AppError::Locked => ErrorCode::Locked,
            AppError::WrongPassphrase => ErrorCode::WrongPassphrase,
            AppError::PassphraseTooShort { .. }
            | AppError::AlreadyProtected
            | AppError::NotProtected => ErrorCode::InvalidInput,
            AppError::KeyFileDamaged { .. } => ErrorCode::DataDir,
            AppError::ProtectWhileBusy => ErrorCode::Busy,
            AppError::ProtectStopped { .. } => ErrorCode::Damaged,
        }
    }
}

/// What a front needs to word an error in another language: a stable key, finer than the
/// [`ErrorCode`] (one per kind of message), and the values the message names (a file, a
/// limit, a field), in the message's order. The English message stays the fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetail {
    /// Stable and snake_case, e.g. `field_not_a_date`, `damaged`, `kiosk_export_place`.
    pub key: &'static str,
    /// Named values; a field is given by its stable name (`date_of_birth`), a number in digits.
    pub params: Vec<(&'static str, String)>,
}

impl ErrorDetail {
    fn new(key: &'static str) -> ErrorDetail {
        ErrorDetail {
            key,
            params: Vec::new(),
        }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> ErrorDetail {
        self.params.push((name, value.to_string()));
        self
    }
}

/// A form field's stable name, as [`ErrorDetail`] gives it.
fn field_slug(field: Field) -> &'static str {
    match field {
        Field::PatientName => "patient_name",
        Field::DateOfBirth => "date_of_birth",
        Field::CancerType => "cancer_type",
        Field::Reason => "reason",
        Field::Provider => "provider",
        Field::AppointmentDate => "appointment_date",
        Field::RequestedFrom => "requested_from",
        Field::NotApplicableReason => "not_applicable_reason",
        Field::Concern => "concern",
    }
}

fn field_detail(error: &FieldError) -> ErrorDetail {
    let (key, field) = match error {
        FieldError::Missing(field) => ("field_missing", field),
        FieldError::TooLong { field, max } => {
            return ErrorDetail::new("field_too_long")
                .with("field", field_slug(*field))
                .with("max", max);
        }
        FieldError::ControlCharacters(field) => ("field_control_characters", field),
        FieldError::NotADate(field) => ("field_not_a_date", field),
        FieldError::ImplausibleDate { field, .. } => ("field_implausible_date", field),
    };
    ErrorDetail::new(key).with("field", field_slug(*field))
}

impl AppError {
    /// This error's message in parts, for a front that words it in another language.
    pub fn detail(&self) -> ErrorDetail {
        let detail = ErrorDetail::new;
        let path = |p: &PathBuf| p.display().to_string();
        match self {
            AppError::Invalid(error) => field_detail(error),
            AppError::NoSuchCase(id) => detail("no_such_case").with("id", id),
            AppError::UnknownChecklistItem(id) => detail("unknown_checklist_item").with("id", id),
            AppError::UnknownCategory(name) => detail("unknown_category").with("category", name),
            AppError::NoSuchDocument(id) => detail("no_such_document").with("id", id),
            AppError::NoSuchQuestion(id) => detail("no_such_question").with("id", id),
            AppError::NoSuchConcern(id) => detail("no_such_concern").with("id", id),
            AppError::BlankQuestion => detail("blank_question"),
            AppError::QuestionTooLong(max) => detail("question_too_long").with("max", max),
            AppError::QuestionControlCharacters => detail("question_control_characters"),
            AppError::TooManyStars(max) => detail("too_many_stars").with("max", max),
            AppError::NoSuchPlace { to, count } => {
                detail("no_such_place").with("to", to).with("count", count)
            }
            AppError::DataDir { path: p, source } => detail("data_dir")
                .with("path", path(p))
                .with("reason", source),
            AppError::DataDirInUse => detail("data_dir_in_use"),
            AppError::NotWiped(source) => detail("not_wiped").with("reason", source),
            AppError::Damaged(name) => detail("damaged").with("name", name),
            AppError::DamagedDiscFile { disc, file } => detail("damaged_disc_file")
                .with("file", file)
                .with("disc", disc),
            AppError::OriginalIsDisc(name) => detail("original_is_disc").with("name", name),
            AppError::OriginalTooLarge { name, size, limit } => detail("original_too_large")
                .with("name", name)
                .with("size", size)
                .with("limit", limit),
            AppError::OriginalDamaged(name) => detail("original_damaged").with("name", name),
            AppError::OriginalUnreadable { name, source } => detail("original_unreadable")
                .with("name", name)
                .with("reason", source),
            AppError::Extractor(reason) => detail("extractor").with("reason", reason),
            AppError::Unreadable { name, source } => detail("unreadable")
                .with("name", name)
                .with("reason", source),
            AppError::Export { path: p, source } => detail("export")
                .with("path", path(p))
                .with("reason", source),
            AppError::WriteFile { path: p, source } => detail("write_file")
                .with("path", path(p))
                .with("reason", source),
            AppError::DriveFolder { path: p, source } => detail("drive_folder")
                .with("path", path(p))
                .with("reason", source),
            AppError::ShowInFolder { path: p, source } => detail("show_in_folder")
                .with("path", path(p))
                .with("reason", source),
            AppError::PasswordFile { path: p, source } => detail("password_file")
                .with("path", path(p))
                .with("reason", source),
            AppError::KioskWrongPin => detail("kiosk_wrong_pin"),
            AppError::KioskWait { seconds } => detail("kiosk_wait").with("seconds", seconds),
            AppError::KioskNoPin => detail("kiosk_no_pin"),
            AppError::KioskPinFormat => detail("kiosk_pin_format"),
            AppError::KioskPinInput(source) => detail("kiosk_pin_input").with("reason", source),
            AppError::KioskIdleRange { min, max } => {
                detail("kiosk_idle_range").with("min", min).with("max", max)
            }
            AppError::KioskExportFolder(p) => detail("kiosk_export_folder").with("path", path(p)),
            AppError::KioskOnWithoutPin => detail("kiosk_on_without_pin"),
            AppError::KioskLocked => detail("kiosk_locked"),
            AppError::KioskExportPlace => detail("kiosk_export_place"),
            AppError::KioskVerifyPlace => detail("kiosk_verify_place"),
            AppError::KioskImportPlace => detail("kiosk_import_place"),
            AppError::KioskDriveOnly => detail("kiosk_drive_only"),
            AppError::KioskOff => detail("kiosk_off"),
            AppError::KioskSettings { path: p, source } => detail("kiosk_settings")
                .with("path", path(p))
                .with("reason", source),
            AppError::KioskNotWiped(source) => detail("kiosk_not_wiped").with("reason", source),
            AppError::Store(error) if error.is_busy() => detail("store_busy"),
            AppError::Store(error) => detail("storage").with("reason", error),
            AppError::Randomness(reason) => detail("randomness").with("reason", reason),
            AppError::Locked => detail("locked"),
            AppError::WrongPassphrase => detail("wrong_passphrase"),
            AppError::PassphraseTooShort { min } => detail("passphrase_too_short").with("min", min),
            AppError::KeyFileDamaged { path: p } => {
                detail("key_file_damaged").with("path", path(p))
            }
            AppError::AlreadyProtected => detail("already_protected"),
            AppError::ProtectWhileBusy => detail("protect_while_busy"),
            AppError::NotProtected => detail("not_protected"),
            AppError::ProtectStopped { sha256_start } => {
                detail("protect_stopped").with("sha256_start", sha256_start)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_names_its_field_by_a_stable_name() {
        let detail = AppError::Invalid(FieldError::NotADate(Field::DateOfBirth)).detail();
        assert_eq!(detail.key, "field_not_a_date");
        assert_eq!(detail.params, [("field", "date_of_birth".to_owned())]);
        let too_long = AppError::Invalid(FieldError::TooLong {
            field: Field::PatientName,
            max: 200,
        })
        .detail();
        assert_eq!(
            too_long.params,
            [
                ("field", "patient_name".to_owned()),
                ("max", "200".to_owned())
            ]
        );
    }

    #[test]
    fn the_detail_holds_what_the_message_names() {
        let error = AppError::DamagedDiscFile {
            disc: "CT disc".to_owned(),
            file: "DICOM/IM1".to_owned(),
        };
        let detail = error.detail();
        assert_eq!(detail.key, "damaged_disc_file");
        let message = error.to_string();
        for (_, value) in &detail.params {
            assert!(message.contains(value.as_str()), "{message} lacks {value}");
        }
        let wait = AppError::KioskWait { seconds: 90 }.detail();
        assert_eq!(wait.params, [("seconds", "90".to_owned())]);
    }

    #[test]
    fn errors_of_one_code_keep_apart_by_their_key() {
        let keys = [
            AppError::KioskExportPlace.detail().key,
            AppError::KioskImportPlace.detail().key,
            AppError::BlankQuestion.detail().key,
            AppError::DataDirInUse.detail().key,
        ];
        assert_eq!(
            keys,
            [
                "kiosk_export_place",
                "kiosk_import_place",
                "blank_question",
                "data_dir_in_use"
            ]
        );
    }
}
