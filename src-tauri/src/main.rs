//! The Carryall desktop app: a Tauri window over the same application API as the CLI.
//!
//! **Architecture invariant:** this crate holds windows, state and command registration only.
//! Every command in [`commands`] is a one-line adapter over `carryall-app`; the shapes the UI
//! sees are in [`wire`].

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod wire;

use std::sync::atomic::{AtomicBool, Ordering};

use carryall_app::{Actor, Carryall, resolve_data_dir};

use crate::wire::{UiSettings, WireError};

/// The app's state: the open data directory, or why it could not be opened (shown in the UI
/// instead of the app failing to start).
pub struct Backend {
    app: Result<Carryall, WireError>,
    /// Set to stop the running import.
    cancel: AtomicBool,
    test_path_input: bool,
}

impl Backend {
    fn open() -> Backend {
        let opened = resolve_data_dir(None).and_then(|dir| Carryall::open(&dir, Actor::Desktop));
        Backend {
            app: opened.map_err(WireError::from),
            cancel: AtomicBool::new(false),
            test_path_input: std::env::var_os("CARRYALL_TEST_PATH_INPUT").is_some_and(|v| v == "1"),
        }
    }

    /// The application API, or the error that kept it from opening.
    pub fn app(&self) -> Result<&Carryall, WireError> {
        self.app.as_ref().map_err(Clone::clone)
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

fn main() {
    // Started as a document-reading worker by Carryall itself: read, answer, exit.
    carryall_app::run_worker_if_requested();
    carryall_app::keep_panic_details_private();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Backend::open())
        .invoke_handler(tauri::generate_handler![
            commands::ui_settings,
            commands::list_cases,
            commands::get_case,
            commands::create_case,
            commands::delete_case,
            commands::list_documents,
            commands::get_document_text,
            commands::search_case,
            commands::remove_document,
            commands::set_category,
            commands::get_checklist,
            commands::mark_checklist_item,
            commands::import_paths,
            commands::read_documents,
            commands::cancel_import,
            commands::export_packet,
            commands::verify_packet,
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
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("Carryall could not start its window: {error}");
            std::process::exit(1);
        });
}
