//! The commands the UI may invoke: each is one call into `carryall-app`, converted to wire
//! shapes. They run off the main thread (`async`), so the window never waits on the disk.

use tauri::State;

use crate::Backend;
use crate::wire::{CaseDetails, CaseView, WireError};

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

/// Starts a new case from the form.
#[tauri::command(async)]
pub fn create_case(backend: State<'_, Backend>, form: CaseDetails) -> Result<CaseView, WireError> {
    Ok(CaseView::from(
        &backend.app()?.create_case(&form.as_form())?,
    ))
}
