//! The Carryall desktop app: a Tauri window over the same application API as the CLI.
//!
//! **Architecture invariant:** this crate holds windows, state and command registration only.
//! Every command in [`commands`] is a one-line adapter over `carryall-app`; the shapes the UI
//! sees are in [`wire`].

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod wire;

use carryall_app::{Actor, Carryall, resolve_data_dir};

use crate::wire::WireError;

/// The app's state: the open data directory, or why it could not be opened (shown in the UI
/// instead of the app failing to start).
pub struct Backend(Result<Carryall, WireError>);

impl Backend {
    fn open() -> Backend {
        let opened = resolve_data_dir(None).and_then(|dir| Carryall::open(&dir, Actor::Desktop));
        Backend(opened.map_err(WireError::from))
    }

    /// The application API, or the error that kept it from opening.
    pub fn app(&self) -> Result<&Carryall, WireError> {
        self.0.as_ref().map_err(Clone::clone)
    }
}

fn main() {
    tauri::Builder::default()
        .manage(Backend::open())
        .invoke_handler(tauri::generate_handler![
            commands::list_cases,
            commands::create_case
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("Carryall could not start its window: {error}");
            std::process::exit(1);
        });
}
