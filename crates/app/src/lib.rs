//! Carryall's application API: one method per thing a person can do.
//!
//! Both fronts, the `carryall` CLI and the desktop app, call only this crate. It owns the data
//! directory, supplies what the domain leaves to callers (clock, randomness) and turns every
//! failure into an [`AppError`] with a stable code and a plain-language message.
//!
//! **Architecture invariant:** no front-end or wire-format types here; fronts convert.

mod atomic_file;
mod audit;
pub mod checklist;
pub mod concerns;
mod data_dir;
pub mod discs;
mod error;
pub mod export;
pub mod import;
pub mod integrity;
pub mod kiosk;
pub mod original;
mod packet_contents;
mod panic_message;
mod pending_wipe;
pub mod protection;
pub mod questions;
pub mod reading;
pub mod removable_drives;
pub mod show_in_folder;
mod upload_limits;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use carryall_domain::{Case, CaseDetails, CaseForm, CaseStatus, Category, Document, Id, Patient};
use carryall_extract::{Extractor, Limits};
use carryall_store::Store;
use carryall_store::files::FileStore;
use chrono::{Local, Utc};

pub use carryall_domain as domain;
pub use carryall_extract::run_worker_if_requested;
/// What the store records of a document's reading, and the audit log (shapes the fronts
/// show).
pub mod store {
    pub use carryall_store::{
        Action, AuditEntry, ConcernRow, DiscMember, DiscOverview, DiscPatient, DiscReading,
        DiscSeries, DiscStudy, FactRow, PageText, Reading, SearchHit,
    };
}
use data_dir::WriterLock;
pub use data_dir::{DATA_DIR_ENV, resolve_data_dir};
pub use error::{AppError, ErrorCode, ErrorDetail};
pub use panic_message::keep_panic_details_private;
use pending_wipe::PendingWipe;

/// The database file's name inside the data directory.
const DATABASE_FILE: &str = "carryall.sqlite3";
/// The folder of stored document files inside the data directory.
const FILES_FOLDER: &str = "files";
/// Scratch space for reading documents (scanned page images on their way to OCR).
const READING_FOLDER: &str = "reading";

/// Which front is acting; recorded in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The `carryall` command-line program.
    Cli,
    /// The desktop app.
    Desktop,
}

impl Actor {
    fn name(self) -> &'static str {
        match self {
            Actor::Cli => "cli",
            Actor::Desktop => "desktop",
        }
    }
}

/// An open Carryall data directory. Safe to share between threads.
pub struct Carryall {
    data_dir: PathBuf,
    actor: Actor,
    store: Mutex<Store>,
    files: FileStore,
    extractor: Extractor,
    /// In a kiosk session, where packets may go and documents may not come from; `None`
    /// outside kiosk mode.
    kiosk_places: Option<kiosk::KioskPlaces>,
    /// Where documents are given to the reader as plain files while it reads them.
    scratch: reading::Scratch,
    /// The data directory's writer lock; `None` when opened read-only. Declared last, so it
    /// is released only after the database is closed.
    _writer: Option<WriterLock>,
}

impl Carryall {
    /// Opens the data directory for reading and writing, creating it and its database if
    /// needed. Only one program at a time may: a second gets [`AppError::DataDirInUse`].
    /// Records protected by a passphrase give [`AppError::Locked`]: open them with
    /// [`Carryall::open_with_passphrase`].
    pub fn open(data_dir: &Path, actor: Actor) -> Result<Carryall, AppError> {
        Carryall::open_unlocking(data_dir, actor, None)
    }

    /// Opens a data directory protected by a passphrase ([`Carryall::protect`]) for reading
    /// and writing. A wrong passphrase is [`AppError::WrongPassphrase`]; records without one
    /// are [`AppError::NotProtected`].
    pub fn open_with_passphrase(
        data_dir: &Path,
        actor: Actor,
        passphrase: &str,
    ) -> Result<Carryall, AppError> {
        Carryall::open_unlocking(data_dir, actor, Some(passphrase))
    }

    fn open_unlocking(
        data_dir: &Path,
        actor: Actor,
        passphrase: Option<&str>,
    ) -> Result<Carryall, AppError> {
        let writer = Carryall::take_data_dir(data_dir)?;
        protection::finish_interrupted(data_dir)?;
        let key = match (protection::is_protected(data_dir), passphrase) {
            (true, Some(passphrase)) => Some(protection::unlock(data_dir, passphrase)?),
            (true, None) => return Err(AppError::Locked),
            (false, Some(_)) => return Err(AppError::NotProtected),
            (false, None) => None,
        };
        Carryall::open_held(data_dir, actor, writer, key)
    }

    /// Opens a new data directory (a kiosk session's) whose records are encrypted under
    /// `key`, which is kept nowhere else.
    pub(crate) fn open_with_key(
        data_dir: &Path,
        actor: Actor,
        key: protection::DataKey,
    ) -> Result<Carryall, AppError> {
        let writer = Carryall::take_data_dir(data_dir)?;
        Carryall::open_held(data_dir, actor, writer, Some(key))
    }

    /// Creates the data directory if needed and takes its writer lock.
    fn take_data_dir(data_dir: &Path) -> Result<WriterLock, AppError> {
        let data_dir_error = |source| AppError::DataDir {
            path: data_dir.to_owned(),
            source,
        };
        data_dir::create_private(data_dir).map_err(data_dir_error)?;
        // The database's journal and every stored copy are new files in this folder: one that
        // cannot take them (a read-only disk, no permission) is named here as the reason,
        // not reported later as a database failure. The probe has no name and leaves nothing.
        tempfile::tempfile_in(data_dir).map_err(data_dir_error)?;
        WriterLock::take(data_dir)
    }

    /// Opens the database and files of a data directory whose writer lock is held.
    fn open_held(
        data_dir: &Path,
        actor: Actor,
        writer: WriterLock,
        key: Option<protection::DataKey>,
    ) -> Result<Carryall, AppError> {
        let data_dir_error = |source| AppError::DataDir {
            path: data_dir.to_owned(),
            source,
        };
        let database_key = key.as_ref().map(protection::DataKey::database);
        let store = Store::open_with_key(&data_dir.join(DATABASE_FILE), database_key.as_ref())?;
        let mut files = FileStore::open(&data_dir.join(FILES_FOLDER)).map_err(data_dir_error)?;
        if let Some(key) = &key {
            files = files.sealed_with(key.files());
        }
        // Holding the writer's lock, no other program can be reading documents here.
        reading::remove_scratch(&data_dir.join(READING_FOLDER));
        Carryall::assemble(data_dir, actor, store, files, Some(writer))
    }

    /// Opens the data directory for looking only: it takes no lock, so it works while the
    /// desktop app or another command is writing, and sees the records as they were at the
    /// last completed change. Calls that change records fail. A data directory without a
    /// database yet, or whose database needs an upgrade, is opened as by [`Carryall::open`].
    pub fn open_read_only(data_dir: &Path, actor: Actor) -> Result<Carryall, AppError> {
        Carryall::open_read_only_unlocking(data_dir, actor, None)
    }

    /// [`Carryall::open_read_only`] for records protected by a passphrase.
    pub fn open_read_only_with_passphrase(
        data_dir: &Path,
        actor: Actor,
        passphrase: &str,
    ) -> Result<Carryall, AppError> {
        Carryall::open_read_only_unlocking(data_dir, actor, Some(passphrase))
    }

    fn open_read_only_unlocking(
        data_dir: &Path,
        actor: Actor,
        passphrase: Option<&str>,
    ) -> Result<Carryall, AppError> {
        let key = match (protection::is_protected(data_dir), passphrase) {
            (true, Some(passphrase)) => Some(protection::unlock(data_dir, passphrase)?),
            (true, None) => return Err(AppError::Locked),
            (false, Some(_)) => return Err(AppError::NotProtected),
            (false, None) => None,
        };
        let database_key = key.as_ref().map(protection::DataKey::database);
        match Store::open_read_only(&data_dir.join(DATABASE_FILE), database_key.as_ref()) {
            Ok(store) => {
                let mut files = FileStore::existing(&data_dir.join(FILES_FOLDER));
                if let Some(key) = &key {
                    files = files.sealed_with(key.files());
                }
                Carryall::assemble(data_dir, actor, store, files, None)
            }
            Err(carryall_store::StoreError::SchemaBehind) => {
                Carryall::open_unlocking(data_dir, actor, passphrase)
            }
            Err(other) => Err(other.into()),
        }
    }

    fn assemble(
        data_dir: &Path,
        actor: Actor,
        store: Store,
        files: FileStore,
        writer: Option<WriterLock>,
    ) -> Result<Carryall, AppError> {
        let scratch =
            reading::Scratch::for_data_dir(&data_dir.join(READING_FOLDER), files.is_sealed())
                .map_err(|source| AppError::DataDir {
                    path: data_dir.to_owned(),
                    source,
                })?;
        let extractor = Extractor::this_program(Limits::default(), scratch.path())
            .map_err(|error| AppError::Extractor(error.to_string()))?;
        Ok(Carryall {
            data_dir: data_dir.to_owned(),
            actor,
            store: Mutex::new(store),
            files,
            extractor,
            kiosk_places: None,
            scratch,
            _writer: writer,
        })
    }

    /// Whether these records are protected by a passphrase (or, in a kiosk session, by a key
    /// kept only in memory).
    pub fn is_protected(&self) -> bool {
        self.files.is_sealed()
    }

    /// Protects the records in `data_dir` with `passphrase`: the database is encrypted and
    /// every stored file sealed, then the unprotected copies removed; returns the records
    /// opened. Nothing else may have the folder open meanwhile ([`AppError::DataDirInUse`]).
    /// A crash part-way leaves the records as they were, or the change is finished at the
    /// next opening.
    pub fn protect(data_dir: &Path, actor: Actor, passphrase: &str) -> Result<Carryall, AppError> {
        protection::check_new_passphrase(passphrase)?;
        let writer = Carryall::take_data_dir(data_dir)?;
        protection::finish_interrupted(data_dir)?;
        if protection::is_protected(data_dir) {
            return Err(AppError::AlreadyProtected);
        }
        let store = Store::open(&data_dir.join(DATABASE_FILE))?;
        let files =
            FileStore::open(&data_dir.join(FILES_FOLDER)).map_err(|source| AppError::DataDir {
                path: data_dir.to_owned(),
                source,
            })?;
        let key = protection::protect_folder(data_dir, store, &files, passphrase)?;
        let app = Carryall::open_held(data_dir, actor, writer, Some(key))?;
        app.store().record_for_all_records(
            carryall_store::Action::ProtectionTurnedOn,
            actor.name(),
            Utc::now(),
        )?;
        Ok(app)
    }

    /// Replaces the passphrase of protected records; everything stays encrypted under the
    /// same key, so this is quick whatever the records hold.
    pub fn change_passphrase(&self, old: &str, new: &str) -> Result<(), AppError> {
        if !protection::is_protected(&self.data_dir) {
            return Err(AppError::NotProtected);
        }
        protection::change_passphrase(&self.data_dir, old, new)?;
        self.store().record_for_all_records(
            carryall_store::Action::PassphraseChanged,
            self.actor.name(),
            Utc::now(),
        )?;
        Ok(())
    }

    /// Reads documents with `extractor` instead of worker processes of this program (for
    /// tools and tests whose own program is not Carryall).
    pub fn with_extractor(self, extractor: Extractor) -> Carryall {
        Carryall { extractor, ..self }
    }

    /// The data directory this instance works in.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Starts a new second-opinion case from a filled-in form, with the person's concerns.
    pub fn create_case(&self, form: &CaseForm<'_>) -> Result<Case, AppError> {
        let details = CaseDetails::from_form(form, Local::now().date_naive())?;
        let concerns = details
            .concerns
            .into_iter()
            .map(|text| {
                Ok(carryall_store::ConcernRow {
                    id: new_id()?,
                    text,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let case = Case {
            id: new_id()?,
            patient: Patient {
                id: new_id()?,
                name: details.patient_name,
                date_of_birth: details.date_of_birth,
            },
            cancer_type: details.cancer_type,
            reason: details.reason,
            provider: details.provider,
            appointment: details.appointment,
            status: CaseStatus::Gathering,
            created_at: Utc::now(),
        };
        self.store()
            .create_case_with_concerns(&case, &concerns, self.actor.name())?;
        Ok(case)
    }

    /// Every case, newest first.
    pub fn list_cases(&self) -> Result<Vec<Case>, AppError> {
        Ok(self.store().cases()?)
    }

    /// One case by its id as typed.
    pub fn case(&self, id: &str) -> Result<Case, AppError> {
        let id = Id::parse(id).map_err(|_| AppError::NoSuchCase(id.trim().to_owned()))?;
        self.store()
            .case(&id)?
            .ok_or_else(|| AppError::NoSuchCase(id.to_string()))
    }

    /// A case's documents, in the order they were imported.
    pub fn documents(&self, case_id: &str) -> Result<Vec<Document>, AppError> {
        let case = self.case(case_id)?;
        Ok(self.store().documents(&case.id)?)
    }

    /// Deletes a case with its documents and everything learned from them. Stored files no
    /// other case uses are removed after the database change is committed, and what the
    /// deleted records left in the database files (old page versions, index segments) is
    /// wiped.
    pub fn delete_case(&self, case_id: &str) -> Result<(), AppError> {
        let case = self.case(case_id)?;
        self.mark_wipe_pending()?;
        let unused = self
            .store()
            .delete_case(&case.id, self.actor.name(), Utc::now())?;
        self.remove_files(unused);
        self.wipe_deleted()
    }

    /// Sets a document's category, as a person chose it (named by its slug, e.g. `pathology`).
    /// Returns the changed document with what reading found in it, as the fronts show it.
    pub fn set_category(
        &self,
        case_id: &str,
        document_id: &str,
        category: &str,
    ) -> Result<reading::ReadDocument, AppError> {
        let case = self.case(case_id)?;
        let category = Category::from_slug(category)
            .ok_or_else(|| AppError::UnknownCategory(category.trim().to_owned()))?;
        let no_such = || AppError::NoSuchDocument(document_id.trim().to_owned());
        let id = Id::parse(document_id).map_err(|_| no_such())?;
        let mut store = self.store();
        let changed = store.set_category(&case.id, &id, category, self.actor.name(), Utc::now());
        let document = changed.map_err(|e| match e {
            carryall_store::StoreError::NotFound => no_such(),
            other => other.into(),
        })?;
        let reading = store.readings(&case.id)?.remove(&document.id);
        let disc = store.discs(&case.id)?.remove(&document.id);
        Ok(reading::ReadDocument {
            document,
            reading,
            disc,
        })
    }

    /// One document of a case, by the ids as typed.
    pub fn document(&self, case_id: &str, document_id: &str) -> Result<Document, AppError> {
        let case = self.case(case_id)?;
        let no_such = || AppError::NoSuchDocument(document_id.trim().to_owned());
        let id = Id::parse(document_id).map_err(|_| no_such())?;
        match self.store().document(&id)? {
            Some(document) if document.case_id == case.id => Ok(document),
            _ => Err(no_such()),
        }
    }

    /// Deletes one document from a case; its stored file goes too when nothing else uses it,
    /// and its traces are wiped from the database files.
    pub fn delete_document(&self, case_id: &str, document_id: &str) -> Result<(), AppError> {
        let case = self.case(case_id)?;
        let no_such = || AppError::NoSuchDocument(document_id.trim().to_owned());
        let id = Id::parse(document_id).map_err(|_| no_such())?;
        self.mark_wipe_pending()?;
        let deleted = self
            .store()
            .delete_document(&case.id, &id, self.actor.name(), Utc::now());
        let unused = deleted.map_err(|e| match e {
            carryall_store::StoreError::NotFound => no_such(),
            other => other.into(),
        })?;
        self.remove_files(unused);
        self.wipe_deleted()
    }

    /// Remembers that deleted records' traces are to be wiped, so that a wipe a crash or a
    /// full disk interrupts is finished by a later `check`.
    fn mark_wipe_pending(&self) -> Result<(), AppError> {
        PendingWipe::of(&self.data_dir)
            .mark()
            .map_err(|source| AppError::DataDir {
                path: self.data_dir.clone(),
                source,
            })
    }

    /// Wipes deleted records' traces from the database files (see [`Store::scrub`]) and
    /// clears the pending mark. A mark that cannot be removed only costs one more wipe.
    fn wipe_deleted(&self) -> Result<(), AppError> {
        self.store().scrub().map_err(AppError::NotWiped)?;
        let _ = PendingWipe::of(&self.data_dir).clear();
        Ok(())
    }

    /// Removes stored files after the commit that freed them. One left behind (if removal
    /// fails) is harmless: `check` tidies such files later.
    fn remove_files(&self, unused: Vec<carryall_domain::Sha256Hex>) {
        for sha256 in unused {
            let _ = self.files.remove(&sha256);
        }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave the store half-written (every write is
        // one SQLite transaction), so a poisoned lock is safe to keep using.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn new_id() -> Result<Id, AppError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Randomness(e.to_string()))?;
    Ok(Id::from_random(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> (tempfile::TempDir, Carryall) {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(&dir.path().join("data"), Actor::Cli).unwrap();
        (dir, app)
    }

    #[test]
    fn a_created_case_is_listed_and_found_again_after_reopening() {
        let (dir, app) = open();
        let form = CaseForm {
            patient_name: "Test Person",
            cancer_type: Some("breast"),
            ..CaseForm::default()
        };
        let case = app.create_case(&form).unwrap();
        drop(app);
        let app = Carryall::open(&dir.path().join("data"), Actor::Desktop).unwrap();
        assert_eq!(app.list_cases().unwrap(), vec![case.clone()]);
        assert_eq!(app.case(&case.id.as_str().to_lowercase()).unwrap(), case);
    }

    #[test]
    fn bad_input_and_unknown_ids_get_plain_errors() {
        let (_dir, app) = open();
        let err = app.create_case(&CaseForm::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert_eq!(err.to_string(), "Please fill in the patient's name.");
        let err = app.case("NOSUCHCASE00").unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
        let err = app.case("../../etc").unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
    }

    #[test]
    fn one_writer_at_a_time_while_readers_still_see_the_records() {
        let (dir, writer) = open();
        let data = dir.path().join("data");
        let form = CaseForm {
            patient_name: "Test Person",
            ..CaseForm::default()
        };
        let case = writer.create_case(&form).unwrap();
        let second = Carryall::open(&data, Actor::Desktop).err().unwrap();
        assert_eq!(second.code(), ErrorCode::Busy);
        let reader = Carryall::open_read_only(&data, Actor::Cli).unwrap();
        assert_eq!(reader.list_cases().unwrap(), vec![case.clone()]);
        let refused = reader.create_case(&form).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::Storage, "{refused}");
        assert_eq!(reader.list_cases().unwrap().len(), 1);
        drop(writer);
        Carryall::open(&data, Actor::Desktop).unwrap();
    }

    #[test]
    fn reading_a_new_data_dir_creates_it_as_a_writer_would() {
        let dir = tempfile::tempdir().unwrap();
        let reader = Carryall::open_read_only(&dir.path().join("new"), Actor::Cli).unwrap();
        assert!(reader.list_cases().unwrap().is_empty());
    }

    #[test]
    fn a_data_dir_that_is_a_file_is_explained() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, b"x").unwrap();
        let err = Carryall::open(&file, Actor::Cli).err().unwrap();
        assert_eq!(err.code(), ErrorCode::DataDir);
        assert!(err.to_string().contains("not-a-dir"), "{err}");
    }
}
