//! Kiosk mode: Carryall on a shared computer at a clinic, patient after patient, with nothing
//! of one patient left for the next.
//!
//! A [`Kiosk`] runs one patient session at a time ([`session`]): a data folder of its own,
//! removed whole when the session ends (Finish, the idle timeout, quitting) and, after a crash,
//! on the next start. Its packets may only go to a removable drive or the staff's folder, and
//! its documents come only from a removable drive, never from the kiosk's own folders
//! ([`places`]), chosen in a listing of the drive's folders rather than a system dialog
//! ([`drive_folder`]). Staff open their screen with a PIN kept only as a salted Argon2id hash,
//! with a growing wait after wrong tries ([`pin`]); the settings are in `kiosk.json` in the
//! data folder ([`settings`]).

mod drive_folder;
mod pin;
mod places;
mod session;
mod settings;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::{Actor, AppError, Carryall};

pub use drive_folder::{DriveEntry, DriveFolder};
pub(crate) use places::KioskPlaces;
use session::KioskSession;
pub use settings::{DEFAULT_IDLE, KioskChanges, KioskSettings, MAX_IDLE_MINUTES, MIN_IDLE_MINUTES};

/// The environment variable that turns kiosk mode on for one run of the app (`1`).
pub const KIOSK_ENV: &str = "CARRYALL_KIOSK";
/// The desktop app's argument that turns kiosk mode on for one run.
pub const KIOSK_ARG: &str = "--kiosk";

/// Whether the desktop app runs as a kiosk: asked for by its arguments (`--kiosk`), by the
/// environment (`CARRYALL_KIOSK=1`), or by the saved setting.
pub fn kiosk_requested(
    mut args: impl Iterator<Item = OsString>,
    env: Option<OsString>,
    setting: bool,
) -> bool {
    setting || env.is_some_and(|value| value == "1") || args.any(|arg| arg == KIOSK_ARG)
}

/// The kiosk's settings in `data_dir` (defaults when none are saved).
pub fn settings(data_dir: &Path) -> Result<KioskSettings, AppError> {
    KioskSettings::load(data_dir)
}

/// Applies staff's changes to the settings in `data_dir` (for the command line, run by
/// someone who can already reach the data folder).
pub fn configure(data_dir: &Path, changes: &KioskChanges) -> Result<KioskSettings, AppError> {
    let mut settings = KioskSettings::load(data_dir)?;
    settings.apply(changes)?;
    settings.save(data_dir)?;
    Ok(settings)
}

/// A wait in plain words: `30 seconds`, `1 minute`, `4 minutes` (rounded up to minutes from
/// a minute on).
pub fn plain_wait(seconds: u64) -> String {
    match seconds {
        1 => "1 second".to_owned(),
        0..60 => format!("{seconds} seconds"),
        60 => "1 minute".to_owned(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

/// A running kiosk: its data folder (settings, sessions) and the current patient session.
pub struct Kiosk {
    data_dir: PathBuf,
    actor: Actor,
    current: Mutex<Option<KioskSession>>,
    /// Whether staff typed the PIN since the staff screen was last closed.
    staff: AtomicBool,
    /// Keeps this program's own reads and writes of the settings one at a time.
    settings_lock: Mutex<()>,
    /// When the window last said someone is using it (or used the session).
    last_seen: Mutex<Instant>,
}

/// How long past the idle time the library waits before wiping a session itself: the window's
/// own timer (with its warning) acts first; this catches a window that hung or was closed.
pub const ABANDONED_GRACE: Duration = Duration::from_secs(120);

impl Kiosk {
    /// Starts the kiosk: first removes every session a crash left (never another running
    /// kiosk's), then starts a fresh session.
    pub fn start(data_dir: &Path, actor: Actor) -> Result<Kiosk, AppError> {
        session::remove_leftovers(data_dir)?;
        let first = KioskSession::start(data_dir, actor)?;
        Ok(Kiosk {
            data_dir: data_dir.to_owned(),
            actor,
            current: Mutex::new(Some(first)),
            staff: AtomicBool::new(false),
            settings_lock: Mutex::new(()),
            last_seen: Mutex::new(Instant::now()),
        })
    }

    /// The current session's application API. Using it counts as someone being there.
    pub fn app(&self) -> Result<Arc<Carryall>, AppError> {
        self.still_here();
        self.current()
            .as_ref()
            .map(KioskSession::app)
            .ok_or(AppError::KioskOff)
    }

    /// The settings now.
    pub fn settings(&self) -> Result<KioskSettings, AppError> {
        let _one = self.lock_settings();
        KioskSettings::load(&self.data_dir)
    }

    /// Ends the current session (removing everything in it) and starts a fresh one. Staff
    /// are signed out. The fresh session takes over first, so calls arriving meanwhile never
    /// see the old one; the old one is removed once the calls still using it are done.
    pub fn finish_session(&self) -> Result<(), AppError> {
        self.staff.store(false, Ordering::SeqCst);
        let fresh = KioskSession::start(&self.data_dir, self.actor)?;
        let old = self.current().replace(fresh);
        old.map_or(Ok(()), KioskSession::end)
    }

    /// The window says someone is using it (a key, a touch, a scroll).
    pub fn still_here(&self) {
        self.seen_at(Instant::now());
    }

    fn seen_at(&self, now: Instant) {
        *self
            .last_seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = now;
    }

    /// Wipes the session when nobody has used it for the idle time plus [`ABANDONED_GRACE`]
    /// (the window's own timer should have done it: it hung, or its timer was stopped). Says
    /// whether it wiped. The desktop calls this every few seconds.
    pub fn wipe_if_abandoned(&self) -> Result<bool, AppError> {
        self.wipe_if_abandoned_at(Instant::now())
    }

    fn wipe_if_abandoned_at(&self, now: Instant) -> Result<bool, AppError> {
        let idle = self.settings()?.idle();
        let last = *self
            .last_seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if now.saturating_duration_since(last) <= idle + ABANDONED_GRACE {
            return Ok(false);
        }
        self.finish_session()?;
        self.seen_at(now);
        Ok(true)
    }

    /// Ends the current session for good (the app is closing), removing everything in it.
    pub fn end(&self) -> Result<(), AppError> {
        self.staff.store(false, Ordering::SeqCst);
        let old = self.current().take();
        old.map_or(Ok(()), KioskSession::end)
    }

    /// Opens the staff screen with the staff PIN.
    pub fn unlock(&self, pin: &str) -> Result<(), AppError> {
        self.unlock_at(pin, Utc::now())
    }

    fn unlock_at(&self, pin: &str, now: DateTime<Utc>) -> Result<(), AppError> {
        let _one = self.lock_settings();
        let mut settings = KioskSettings::load(&self.data_dir)?;
        let checked = settings.check_pin(pin, now);
        settings.save(&self.data_dir)?;
        checked?;
        self.staff.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// Closes the staff screen: staff actions need the PIN again.
    pub fn lock_staff(&self) {
        self.staff.store(false, Ordering::SeqCst);
    }

    /// Whether the staff screen is open.
    pub fn staff_unlocked(&self) -> bool {
        self.staff.load(Ordering::SeqCst)
    }

    /// One folder of a removable drive plugged in now, for the patient to choose documents
    /// from; any other folder is refused.
    pub fn drive_folder(&self, folder: &Path) -> Result<DriveFolder, AppError> {
        drive_folder::list_drive_folder(folder, &places::drive_folders())
    }

    /// Staff change the settings (only after [`Kiosk::unlock`]).
    pub fn configure(&self, changes: &KioskChanges) -> Result<KioskSettings, AppError> {
        self.require_staff()?;
        let _one = self.lock_settings();
        configure(&self.data_dir, changes)
    }

    /// Staff leave kiosk mode: the session is ended and removed; the caller then closes the
    /// app.
    pub fn quit(&self) -> Result<(), AppError> {
        self.require_staff()?;
        self.end()
    }

    fn require_staff(&self) -> Result<(), AppError> {
        if self.staff_unlocked() {
            Ok(())
        } else {
            Err(AppError::KioskLocked)
        }
    }

    fn current(&self) -> MutexGuard<'_, Option<KioskSession>> {
        // Swapping sessions cannot be left half-done by a panic: the slot holds one or none.
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn lock_settings(&self) -> MutexGuard<'_, ()> {
        self.settings_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Kiosk {
    /// However the kiosk goes away, its session goes with it; a folder that cannot be removed
    /// now is removed on the next start.
    fn drop(&mut self) {
        let _ = self.end();
    }
}

impl Carryall {
    /// Holds this instance to the kiosk's place rules.
    pub(crate) fn with_kiosk_places(self, places: KioskPlaces) -> Carryall {
        Carryall {
            kiosk_places: Some(places),
            ..self
        }
    }

    /// Refuses a packet's target that the kiosk's rules do not allow (every target is
    /// allowed outside kiosk mode).
    pub(crate) fn check_export_place(&self, out: &Path) -> Result<(), AppError> {
        match &self.kiosk_places {
            Some(places) => places.check_export(out),
            None => Ok(()),
        }
    }

    /// Refuses documents from the kiosk's own folders (every source is allowed outside kiosk
    /// mode).
    pub(crate) fn check_import_places(&self, paths: &[PathBuf]) -> Result<(), AppError> {
        match &self.kiosk_places {
            Some(places) => places.check_import(paths),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use carryall_domain::CaseForm;

    fn kiosk_with_pin(dir: &Path) -> Kiosk {
        let changes = KioskChanges {
            pin: Some("4071".to_owned()),
            enabled: Some(true),
            ..KioskChanges::default()
        };
        configure(dir, &changes).unwrap();
        Kiosk::start(dir, Actor::Desktop).unwrap()
    }

    #[test]
    fn kiosk_mode_is_asked_for_by_argument_environment_or_setting() {
        let args = |list: &[&str]| {
            list.iter()
                .map(OsString::from)
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert!(!kiosk_requested(args(&["app"]), None, false));
        assert!(kiosk_requested(args(&["app", "--kiosk"]), None, false));
        assert!(kiosk_requested(args(&["app"]), Some("1".into()), false));
        assert!(!kiosk_requested(args(&["app"]), Some("0".into()), false));
        assert!(kiosk_requested(args(&["app"]), None, true));
    }

    #[test]
    fn waits_are_said_in_plain_words() {
        assert_eq!(plain_wait(1), "1 second");
        assert_eq!(plain_wait(30), "30 seconds");
        assert_eq!(plain_wait(60), "1 minute");
        assert_eq!(plain_wait(61), "2 minutes");
        assert_eq!(plain_wait(240), "4 minutes");
    }

    #[test]
    fn finishing_wipes_the_session_and_starts_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        let kiosk = kiosk_with_pin(dir.path());
        let form = CaseForm {
            patient_name: "First Patient",
            ..CaseForm::default()
        };
        kiosk.app().unwrap().create_case(&form).unwrap();
        kiosk.finish_session().unwrap();
        assert!(kiosk.app().unwrap().list_cases().unwrap().is_empty());
        let sessions = std::fs::read_dir(dir.path().join(session::SESSIONS_FOLDER))
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .count();
        assert_eq!(sessions, 1, "only the fresh session's folder");
        kiosk.end().unwrap();
        assert_eq!(kiosk.app().err().unwrap().code(), ErrorCode::KioskOff);
    }

    #[test]
    fn staff_actions_need_the_pin_and_finishing_signs_staff_out() {
        let dir = tempfile::tempdir().unwrap();
        let kiosk = kiosk_with_pin(dir.path());
        let longer = KioskChanges {
            idle: Some(std::time::Duration::from_secs(15 * 60)),
            ..KioskChanges::default()
        };
        assert_eq!(
            kiosk.configure(&longer).unwrap_err().code(),
            ErrorCode::KioskLocked
        );
        assert_eq!(kiosk.quit().unwrap_err().code(), ErrorCode::KioskLocked);
        assert_eq!(
            kiosk.unlock("9999").unwrap_err().code(),
            ErrorCode::KioskPin
        );
        kiosk.unlock("4071").unwrap();
        let saved = kiosk.configure(&longer).unwrap();
        assert_eq!(saved.idle().as_secs(), 900);
        kiosk.finish_session().unwrap();
        assert!(!kiosk.staff_unlocked());
        kiosk.unlock("4071").unwrap();
        kiosk.lock_staff();
        assert!(kiosk.quit().is_err());
        kiosk.unlock("4071").unwrap();
        kiosk.quit().unwrap();
    }

    #[test]
    fn a_session_exports_only_to_the_allowed_places() {
        let dir = tempfile::tempdir().unwrap();
        let kiosk = kiosk_with_pin(dir.path());
        let app = kiosk.app().unwrap();
        let form = CaseForm {
            patient_name: "Export Patient",
            ..CaseForm::default()
        };
        let case = app.create_case(&form).unwrap();
        let refused = app
            .export(case.id.as_str(), &dir.path().join("p.zip"), None)
            .unwrap_err();
        assert_eq!(refused.code(), ErrorCode::KioskExportPlace);
        assert!(!dir.path().join("p.zip").exists());
        let apart = app
            .export_discs_apart(
                case.id.as_str(),
                &dir.path().join("p.zip"),
                None,
                &crate::export::DEFAULT_SIZE_LIMITS,
            )
            .unwrap_err();
        assert_eq!(apart.code(), ErrorCode::KioskExportPlace);
        assert!(!dir.path().join("p.zip").exists());
        let staff = dir.path().join("staff");
        std::fs::create_dir(&staff).unwrap();
        kiosk.unlock("4071").unwrap();
        let changes = KioskChanges {
            export_folder: Some(Some(staff.clone())),
            ..KioskChanges::default()
        };
        kiosk.configure(&changes).unwrap();
        app.export(case.id.as_str(), &staff.join("p.zip"), None)
            .unwrap();
        assert!(staff.join("p.zip").exists());

        // Checking a packet follows the same rule: the patient cannot probe other files.
        assert!(
            app.verify_packet(&staff.join("p.zip"), None)
                .unwrap()
                .problems
                .is_empty()
        );
        std::fs::copy(staff.join("p.zip"), dir.path().join("elsewhere.zip")).unwrap();
        let probe = app
            .verify_packet(&dir.path().join("elsewhere.zip"), None)
            .unwrap_err();
        assert_eq!(probe.code(), ErrorCode::KioskExportPlace);
        assert_eq!(probe.detail().key, "kiosk_verify_place");
    }

    #[test]
    fn calls_during_a_finish_get_the_fresh_session_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let kiosk = std::sync::Arc::new(kiosk_with_pin(dir.path()));
        let form = CaseForm {
            patient_name: "Busy Patient",
            ..CaseForm::default()
        };
        // An import still running holds the old session while Finish is pressed.
        let in_use = kiosk.app().unwrap();
        in_use.create_case(&form).unwrap();
        let finishing = {
            let kiosk = std::sync::Arc::clone(&kiosk);
            std::thread::spawn(move || kiosk.finish_session())
        };
        let started = std::time::Instant::now();
        while kiosk.app().unwrap().list_cases().unwrap().len() == 1 {
            assert!(
                started.elapsed().as_secs() < 10,
                "the fresh session never came"
            );
            std::thread::yield_now();
        }
        assert!(
            started.elapsed().as_secs() < 10,
            "calls waited for the wipe"
        );
        drop(in_use);
        finishing.join().unwrap().unwrap();
        assert!(kiosk.app().unwrap().list_cases().unwrap().is_empty());
    }

    #[test]
    fn an_abandoned_session_is_wiped_by_the_library_after_the_idle_time_and_grace() {
        let dir = tempfile::tempdir().unwrap();
        let kiosk = kiosk_with_pin(dir.path());
        let idle = kiosk.settings().unwrap().idle();
        let form = CaseForm {
            patient_name: "Walked Away",
            ..CaseForm::default()
        };
        kiosk.app().unwrap().create_case(&form).unwrap();
        let start = Instant::now();
        kiosk.seen_at(start);
        let just_within = start + idle + ABANDONED_GRACE;
        assert!(!kiosk.wipe_if_abandoned_at(just_within).unwrap());
        assert_eq!(kiosk.app().unwrap().list_cases().unwrap().len(), 1);
        // `app()` counted as use; go back to the walk-away moment.
        kiosk.seen_at(start);
        let past = just_within + Duration::from_secs(1);
        assert!(kiosk.wipe_if_abandoned_at(past).unwrap());
        assert!(kiosk.app().unwrap().list_cases().unwrap().is_empty());
        // The wipe counts as the fresh session's start (`app()` above moved the clock back).
        kiosk.seen_at(past);
        assert!(
            !kiosk.wipe_if_abandoned_at(past + idle).unwrap(),
            "the fresh session waits again"
        );
    }

    #[test]
    fn dropping_the_kiosk_removes_its_session() {
        let dir = tempfile::tempdir().unwrap();
        let kiosk = kiosk_with_pin(dir.path());
        kiosk.app().unwrap().list_cases().unwrap();
        drop(kiosk);
        let left = std::fs::read_dir(dir.path().join(session::SESSIONS_FOLDER))
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .count();
        assert_eq!(left, 0);
    }
}
