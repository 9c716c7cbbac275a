//! Build script of the desktop app: Tauri's code generation and its permission (ACL) files.
//!
//! The package manifest and `tauri.conf.json` sit at the repository root, which is this
//! script's working directory, so Tauri finds the config without a path. The capability files
//! live in `src-tauri/capabilities/`. The app's own commands get generated `allow-*`
//! permissions, and only those the capability files list can be called from the UI.

/// The app's commands, as registered in `src-tauri/src/main.rs`.
const COMMANDS: &[&str] = &[
    "ui_settings",
    "list_cases",
    "get_case",
    "create_case",
    "delete_case",
    "list_documents",
    "get_document_text",
    "get_document_original",
    "search_case",
    "remove_document",
    "set_category",
    "get_checklist",
    "mark_checklist_item",
    "import_paths",
    "read_documents",
    "cancel_import",
    "export_packet",
    "export_packet_discs_apart",
    "verify_packet",
    "check_records",
    "request_letter",
    "list_questions",
    "add_question",
    "edit_question",
    "star_question",
    "remove_question",
    "restore_question",
    "move_question",
    "list_concerns",
    "add_concern",
    "remove_concern",
    "audit_log",
    "save_audit_csv",
    "removable_drives",
    "show_in_folder",
    "kiosk_state",
    "kiosk_drive_folder",
    "kiosk_finish_session",
    "kiosk_unlock",
    "kiosk_lock",
    "kiosk_configure",
    "kiosk_quit",
    "kiosk_still_here",
    "protection_state",
    "unlock_records",
    "protect_records",
    "change_passphrase",
    "lock_records",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
