//! `carryall kiosk`: staff set up kiosk mode for a shared computer (the PIN, the idle time,
//! the export folder, on or off) and look at its settings. The PIN is read from standard input
//! so it never appears in the shell's history or the process list, and is never shown.

use std::io::BufRead;
use std::path::Path;
use std::time::Duration;

use carryall_app::AppError;
use carryall_app::kiosk::{self, KioskChanges, KioskSettings};
use serde::Serialize;

use crate::args::{KioskCommand, KioskConfigure};
use crate::output::Report;

/// Runs one `kiosk` command against the data folder's kiosk settings.
pub fn run(data_dir: &Path, command: &KioskCommand) -> Result<Report, AppError> {
    match command {
        KioskCommand::Status => Ok(status(&kiosk::settings(data_dir)?, "")),
        KioskCommand::Configure(args) => {
            let changes = changes(args)?;
            let saved = kiosk::configure(data_dir, &changes)?;
            Ok(status(&saved, "Kiosk settings saved.\n"))
        }
    }
}

fn changes(args: &KioskConfigure) -> Result<KioskChanges, AppError> {
    let pin = args.pin_stdin.then(read_pin).transpose()?;
    let export_folder = match (&args.export_folder, args.no_export_folder) {
        (Some(folder), _) => Some(Some(folder.clone())),
        (None, true) => Some(None),
        (None, false) => None,
    };
    let enabled = match (args.on, args.off) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    Ok(KioskChanges {
        enabled,
        idle: args
            .idle_minutes
            .map(|minutes| Duration::from_secs(minutes.saturating_mul(60))),
        export_folder,
        pin,
    })
}

/// The PIN on standard input's first line, without its line ending.
fn read_pin() -> Result<String, AppError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(AppError::KioskPinInput)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn status(settings: &KioskSettings, heading: &str) -> Report {
    let folder = settings
        .export_folder
        .as_ref()
        .map(|folder| folder.display().to_string());
    let text = format!(
        "{heading}Kiosk mode: {}\nIdle time: {} (warning {} before)\nExport folder: {}\nStaff PIN: {}\n",
        if settings.enabled { "on" } else { "off" },
        kiosk::plain_wait(settings.idle().as_secs()),
        kiosk::plain_wait(settings.warning_lead().as_secs()),
        folder
            .as_deref()
            .unwrap_or("none (USB drives and memory cards only)"),
        if settings.pin_is_set() {
            "set"
        } else {
            "not set (set one with: carryall kiosk configure --pin-stdin)"
        },
    );
    let json = StatusJson {
        kiosk: KioskJson {
            enabled: settings.enabled,
            idle_seconds: settings.idle().as_secs(),
            warning_seconds: settings.warning_lead().as_secs(),
            export_folder: folder,
            pin_set: settings.pin_is_set(),
        },
    };
    Report::new(text, &json)
}

#[derive(Serialize)]
struct StatusJson {
    kiosk: KioskJson,
}

#[derive(Serialize)]
struct KioskJson {
    enabled: bool,
    idle_seconds: u64,
    warning_seconds: u64,
    export_folder: Option<String>,
    pin_set: bool,
}
