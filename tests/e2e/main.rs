//! End-to-end tests: the real desktop app in its real webview (WebKitGTK), driven through
//! WebDriver (`tauri-driver` + `WebKitWebDriver`) under a private Xvfb display.
//!
//! Needs `tauri-driver`, `WebKitWebDriver` and `Xvfb` on the PATH (the project's set-up script
//! installs them). Tests run one at a time; a failing test leaves a screenshot in
//! `tests/e2e/artifacts/`.

mod audit_screen;
mod case_screen;
mod export_screen;
mod harness;
mod hindi_messages;
mod kiosk;
mod many_documents;
mod no_network;
mod protection_screens;
mod questions_screen;
mod quick_stars;
mod records_check;
mod review_screen;
mod scan_discs;
mod seed;
mod start_screen;
mod startup;
