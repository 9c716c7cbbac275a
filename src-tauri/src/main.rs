//! The Carryall desktop app: a Tauri window over the same application API as the CLI.
//!
//! **Architecture invariant:** this crate holds windows, state and command registration only.
//! Every command in [`commands`] is a one-line adapter over `carryall-app`; the shapes the UI
//! sees are in [`wire`].

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod wire;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use carryall_app::kiosk::{self, KIOSK_ENV, Kiosk};
use carryall_app::{Actor, AppError, Carryall, resolve_data_dir};
use tauri::{Emitter, Manager, RunEvent, WebviewWindow, WebviewWindowBuilder};

use crate::wire::{KioskStateView, ProtectionView, UiSettings, WireError};

/// The app's state: the open data directory (everyday use) or the running kiosk, or why it
/// could not be opened (shown in the UI instead of the app failing to start).
pub struct Backend {
    front: Result<Front, WireError>,
    /// Whether this run is a kiosk (even when the kiosk could not start).
    kiosk_mode: bool,
    /// Set to stop the running import.
    cancel: AtomicBool,
    test_path_input: bool,
    /// How long protected records stay open without use (`protection::LOCK_AFTER`; debug
    /// builds take `CARRYALL_TEST_LOCK_SECONDS`, for the end-to-end tests).
    lock_after: std::time::Duration,
}

/// What the window works on.
enum Front {
    /// The person's own data folder.
    Everyday(Everyday),
    /// One patient session at a time on a shared computer.
    Kiosk(Kiosk),
}

/// The person's own data folder: its records, once open (records protected by a passphrase
/// stay closed until it is given).
struct Everyday {
    data_dir: PathBuf,
    app: RwLock<Option<Arc<Carryall>>>,
}

impl Everyday {
    fn open(data_dir: &Path) -> Result<Everyday, AppError> {
        let app = match Carryall::open(data_dir, Actor::Desktop) {
            Ok(app) => Some(Arc::new(app)),
            Err(AppError::Locked) => None,
            Err(other) => return Err(other),
        };
        Ok(Everyday {
            data_dir: data_dir.to_owned(),
            app: RwLock::new(app),
        })
    }

    fn app(&self) -> Result<Arc<Carryall>, AppError> {
        let app = self
            .app
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        app.as_ref().map(Arc::clone).ok_or(AppError::Locked)
    }

    fn unlock(&self, passphrase: &str) -> Result<(), AppError> {
        let mut app = self
            .app
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if app.is_none() {
            *app = Some(Arc::new(Carryall::open_with_passphrase(
                &self.data_dir,
                Actor::Desktop,
                passphrase,
            )?));
        }
        Ok(())
    }

    /// Closes protected records again (automatic logoff): only when no call is using them;
    /// says whether it did.
    fn lock(&self) -> bool {
        let mut slot = self
            .app
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let idle = slot.as_ref().is_some_and(|app| Arc::strong_count(app) == 1);
        if idle && carryall_app::protection::is_protected(&self.data_dir) {
            *slot = None;
        }
        slot.is_none()
    }

    /// Closes the records (once no call is using them), protects them, and opens them again
    /// (as they were, if protecting failed).
    fn protect(&self, passphrase: &str) -> Result<(), AppError> {
        let mut slot = self
            .app
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let open = slot.take().ok_or(AppError::Locked)?;
        if let Err(still_shared) = Arc::try_unwrap(open) {
            *slot = Some(still_shared);
            return Err(AppError::ProtectWhileBusy);
        }
        match Carryall::protect(&self.data_dir, Actor::Desktop, passphrase) {
            Ok(protected) => {
                *slot = Some(Arc::new(protected));
                Ok(())
            }
            Err(error) => {
                *slot = Carryall::open(&self.data_dir, Actor::Desktop)
                    .ok()
                    .map(Arc::new);
                Err(error)
            }
        }
    }
}

impl Backend {
    fn open() -> Backend {
        let data_dir = resolve_data_dir(None);
        let kiosk_mode = data_dir.as_deref().is_ok_and(|dir| {
            let setting = kiosk::settings(dir).is_ok_and(|settings| settings.enabled);
            kiosk::kiosk_requested(std::env::args_os(), std::env::var_os(KIOSK_ENV), setting)
        });
        let front = data_dir.and_then(|dir| open_front(&dir, kiosk_mode));
        Backend {
            front: front.map_err(WireError::from),
            kiosk_mode,
            cancel: AtomicBool::new(false),
            test_path_input: std::env::var_os("CARRYALL_TEST_PATH_INPUT").is_some_and(|v| v == "1"),
            lock_after: lock_after(),
        }
    }

    /// The application API (in kiosk mode, the current session's), or the error that kept it
    /// from opening.
    pub fn app(&self) -> Result<Arc<Carryall>, WireError> {
        match self.front.as_ref().map_err(Clone::clone)? {
            Front::Everyday(everyday) => Ok(everyday.app()?),
            Front::Kiosk(kiosk) => Ok(kiosk.app()?),
        }
    }

    /// The person's own data folder; an error in kiosk mode.
    fn everyday(&self) -> Result<&Everyday, WireError> {
        match self.front.as_ref().map_err(Clone::clone)? {
            Front::Everyday(everyday) => Ok(everyday),
            Front::Kiosk(_) => Err(AppError::KioskLocked.into()),
        }
    }

    /// Whether the records are protected by a passphrase, and open.
    pub fn protection_state(&self) -> Result<ProtectionView, WireError> {
        match self.front.as_ref().map_err(Clone::clone)? {
            Front::Everyday(everyday) => Ok(ProtectionView {
                protected: carryall_app::protection::is_protected(&everyday.data_dir),
                open: everyday.app().is_ok(),
                kiosk: false,
                lock_after_seconds: self.lock_after.as_secs(),
                lock_warning_seconds: carryall_app::protection::LOCK_WARNING
                    .min(self.lock_after / 2)
                    .as_secs(),
            }),
            Front::Kiosk(_) => Ok(ProtectionView {
                protected: true,
                open: true,
                kiosk: true,
                lock_after_seconds: 0,
                lock_warning_seconds: 0,
            }),
        }
    }

    /// Locks protected records again after the window saw nobody for a while; says whether it
    /// did (not while an import or export is using them).
    pub fn lock(&self) -> Result<bool, WireError> {
        Ok(self.everyday()?.lock())
    }

    /// Opens records protected by a passphrase.
    pub fn unlock(&self, passphrase: &str) -> Result<(), WireError> {
        Ok(self.everyday()?.unlock(passphrase)?)
    }

    /// Protects the records with a passphrase.
    pub fn protect(&self, passphrase: &str) -> Result<(), WireError> {
        Ok(self.everyday()?.protect(passphrase)?)
    }

    /// The running kiosk; an error outside kiosk mode.
    pub fn kiosk(&self) -> Result<&Kiosk, WireError> {
        match self.front.as_ref().map_err(Clone::clone)? {
            Front::Kiosk(kiosk) => Ok(kiosk),
            Front::Everyday(_) => Err(AppError::KioskOff.into()),
        }
    }

    /// Kiosk mode as the UI needs it.
    pub fn kiosk_state(&self) -> Result<KioskStateView, WireError> {
        if !self.kiosk_mode {
            return Ok(KioskStateView::everyday());
        }
        let kiosk = self.kiosk()?;
        Ok(KioskStateView::of(
            &kiosk.settings()?,
            kiosk.staff_unlocked(),
        ))
    }

    /// Ends the patient's session (stopping an import first), starts a fresh one and clears
    /// what the webview stored (caches, local storage).
    pub fn finish_kiosk_session(&self, window: &WebviewWindow) -> Result<(), WireError> {
        self.cancel_import();
        self.kiosk()?.finish_session()?;
        window
            .clear_all_browsing_data()
            .map_err(|_| WireError::browsing_data_left())
    }

    /// Staff leave kiosk mode: the session is wiped, and what the webview stored, then the
    /// app closes (an everyday start after it then finds nothing of the last patient).
    pub fn quit_kiosk(&self, app: &tauri::AppHandle) -> Result<(), WireError> {
        self.cancel_import();
        self.kiosk()?.quit()?;
        if let Some(window) = app.get_webview_window(KIOSK_WINDOW) {
            window
                .clear_all_browsing_data()
                .map_err(|_| WireError::browsing_data_left())?;
        }
        app.exit(0);
        Ok(())
    }

    /// However the app closes, a kiosk's session is wiped first.
    fn end_kiosk(&self) {
        if let Ok(Front::Kiosk(kiosk)) = &self.front {
            self.cancel_import();
            let _ = kiosk.end();
        }
    }

    /// Clears the cancel flag for a new import and lends it out.
    pub fn start_import(&self) -> &AtomicBool {
        self.cancel.store(false, Ordering::Relaxed);
        &self.cancel
    }

    /// Asks the running import to stop.
    pub fn cancel_import(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// What the UI should offer.
    pub fn ui_settings(&self) -> UiSettings {
        UiSettings {
            test_path_input: self.test_path_input,
        }
    }
}

/// How long protected records stay open without use: 15 minutes, or in a debug build the
/// seconds in `CARRYALL_TEST_LOCK_SECONDS`.
fn lock_after() -> std::time::Duration {
    let for_tests = cfg!(debug_assertions)
        .then(|| std::env::var("CARRYALL_TEST_LOCK_SECONDS").ok())
        .flatten()
        .and_then(|seconds| seconds.parse().ok());
    for_tests.map_or(
        carryall_app::protection::LOCK_AFTER,
        std::time::Duration::from_secs,
    )
}

/// Opens the data folder for everyday use, or starts the kiosk on it.
fn open_front(data_dir: &Path, kiosk_mode: bool) -> Result<Front, AppError> {
    if kiosk_mode {
        Ok(Front::Kiosk(Kiosk::start(data_dir, Actor::Desktop)?))
    } else {
        Ok(Front::Everyday(Everyday::open(data_dir)?))
    }
}

/// The label of a kiosk's window. Its capability (`src-tauri/capabilities/kiosk-window.json`)
/// lacks what the main window's has for browsing the computer: the file dialogs, showing a
/// file in the file manager, saving the activity log where one chooses.
const KIOSK_WINDOW: &str = "kiosk";

/// Opens the window `tauri.conf.json` describes (which Tauri does not create by itself). A
/// kiosk's has its own label, fills the screen with no title bar or borders, and starts with
/// none of the webview data an earlier run may have left (after a crash).
fn open_window(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let mut config = app
        .config()
        .app
        .windows
        .first()
        .ok_or("the window's configuration is missing")?
        .clone();
    let kiosk = app.state::<Backend>().kiosk_mode;
    if kiosk {
        config.label = KIOSK_WINDOW.to_owned();
        config.fullscreen = true;
        config.decorations = false;
    }
    let window = WebviewWindowBuilder::from_config(app.handle(), &config)?.build()?;
    if kiosk {
        window.clear_all_browsing_data()?;
        watch_for_abandoned_sessions(app.handle().clone());
    }
    Ok(())
}

/// How often the kiosk checks for a session nobody has used for too long.
const ABANDONED_CHECK: std::time::Duration = std::time::Duration::from_secs(15);

/// The kiosk's own idle guard, behind the window's: a session nobody used for the idle time
/// plus a grace period (the window hung, or its timer stopped) is wiped by the library, the
/// webview's data cleared, and the window told (`kiosk-wiped`) to show the empty Start screen.
fn watch_for_abandoned_sessions(handle: tauri::AppHandle) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(ABANDONED_CHECK);
            let backend = handle.state::<Backend>();
            let Ok(kiosk) = backend.kiosk() else {
                return;
            };
            if kiosk.wipe_if_abandoned().unwrap_or(false)
                && let Some(window) = handle.get_webview_window(KIOSK_WINDOW)
            {
                let _ = window.clear_all_browsing_data();
                let _ = window.emit("kiosk-wiped", ());
            }
        }
    });
}

fn main() {
    // Started as a document-reading worker by Carryall itself: read, answer, exit.
    carryall_app::run_worker_if_requested();
    carryall_app::keep_panic_details_private();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Backend::open())
        .setup(open_window)
        .invoke_handler(tauri::generate_handler![
            commands::ui_settings,
            commands::list_cases,
            commands::get_case,
            commands::create_case,
            commands::delete_case,
            commands::list_documents,
            commands::get_document_text,
            commands::get_document_original,
            commands::search_case,
            commands::remove_document,
            commands::set_category,
            commands::get_checklist,
            commands::mark_checklist_item,
            commands::import_paths,
            commands::read_documents,
            commands::cancel_import,
            commands::export_packet,
            commands::export_packet_discs_apart,
            commands::verify_packet,
            commands::check_records,
            commands::request_letter,
            commands::list_questions,
            commands::add_question,
            commands::edit_question,
            commands::star_question,
            commands::remove_question,
            commands::restore_question,
            commands::move_question,
            commands::list_concerns,
            commands::add_concern,
            commands::remove_concern,
            commands::audit_log,
            commands::save_audit_csv,
            commands::removable_drives,
            commands::show_in_folder,
            commands::kiosk_state,
            commands::kiosk_drive_folder,
            commands::kiosk_finish_session,
            commands::kiosk_unlock,
            commands::kiosk_lock,
            commands::kiosk_configure,
            commands::kiosk_quit,
            commands::kiosk_still_here,
            commands::protection_state,
            commands::unlock_records,
            commands::protect_records,
            commands::change_passphrase,
            commands::lock_records,
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("Carryall could not start its window: {error}");
            std::process::exit(1);
        });
    app.run(|handle, event| {
        if let RunEvent::Exit = event {
            handle.state::<Backend>().end_kiosk();
        }
    });
}
