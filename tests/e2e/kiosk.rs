//! Kiosk mode through the real window: the idle warning and "I need more time", the timeout
//! and "Finish and clear" wiping the session (after a packet is saved where the kiosk allows,
//! and refused elsewhere) (afterwards no file of it is left in the data
//! folder or the temp folders, and nothing anywhere there holds its document's phrase), a
//! session folder left by a crash removed at start, and the staff PIN (wrong ones refused
//! and rate-limited, the right one opening the staff screen and leaving kiosk mode), and
//! adding documents only from a USB drive, chosen in the app's own drive chooser (no system
//! dialog; the app itself refuses folders and files off the drives). axe-core checks each
//! kiosk screen. The patient's USB drive is a folder the app is told to count as one
//! (`CARRYALL_TEST_DRIVES`, read by debug builds only).

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use carryall_app::domain::CaseForm;
use carryall_app::kiosk::{self, KioskChanges};
use carryall_app::{Actor, Carryall};

use crate::harness::{self, App, TestResult};

/// The staff PIN the tests set.
const PIN: &str = "2468";

/// A token no other test or run has: the document's name and phrase carry it, so finding it
/// anywhere after a wipe means something of the session was left.
fn unique_token() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("Quillwort{}x{nanos}", std::process::id())
}

/// A one-page PDF whose text layer says `text`.
fn pdf_saying(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 18 Tf 72 720 Td (Pathology report {text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (number, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{body}\nendobj\n", number + 1).as_bytes());
    }
    let xref = pdf.len();
    let count = objects.len() + 1;
    pdf.extend(format!("xref\n0 {count}\n0000000000 65535 f \n").as_bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend(
        format!("trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    pdf
}

/// What a patient brings (their USB stick, holding the document) and the staff's packet
/// folder: outside the data folder, and left out of the scans, since keeping those is their
/// purpose.
struct Outside {
    dir: tempfile::TempDir,
    token: String,
}

impl Outside {
    fn new() -> Outside {
        let outside = Outside {
            dir: tempfile::tempdir().expect("a folder outside the data folder"),
            token: unique_token(),
        };
        std::fs::create_dir(outside.staff()).unwrap();
        std::fs::create_dir(outside.drive()).unwrap();
        std::fs::write(outside.document(), pdf_saying(&outside.token)).unwrap();
        outside
    }

    fn drive(&self) -> PathBuf {
        self.dir.path().join("KINGSTON")
    }

    /// The environment that makes the app count the stick as plugged in.
    fn drive_env(&self) -> [(&'static str, String); 1] {
        let drive = self.drive().to_str().unwrap().to_owned();
        [("CARRYALL_TEST_DRIVES", drive)]
    }

    fn document(&self) -> PathBuf {
        self.drive().join(format!("Biopsy-{}.pdf", self.token))
    }

    fn staff(&self) -> PathBuf {
        self.dir.path().join("staff-packets")
    }
}

/// Kiosk mode on by the setting, with the PIN, the staff folder and `idle` (shorter than
/// staff may choose, written into the settings file as a test may).
fn seed_kiosk(dir: &Path, staff: &Path, idle: Duration) {
    seed_settings(dir, staff, idle, true);
}

/// The kiosk's settings, with kiosk mode on by the setting when `enabled`.
/// Runs `body` against a kiosk whose sessions end after `idle` without use, with `outside`'s
/// stick plugged in; `body` also gets the data folder.
fn run_kiosk<B, F>(name: &str, outside: &Outside, idle: Duration, body: B)
where
    B: FnOnce(App, PathBuf) -> F,
    F: Future<Output = TestResult>,
{
    let env = outside.drive_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let data_dir = std::sync::OnceLock::new();
    harness::run_with_env(
        name,
        &env,
        |dir| {
            seed_kiosk(dir, &outside.staff(), idle);
            data_dir.set(dir.to_owned()).expect("seeded once");
        },
        |app| body(app, data_dir.get().expect("seeded").clone()),
    );
}

fn seed_settings(dir: &Path, staff: &Path, idle: Duration, enabled: bool) {
    let changes = KioskChanges {
        enabled: Some(enabled),
        pin: Some(PIN.to_owned()),
        export_folder: Some(Some(staff.to_owned())),
        idle: None,
    };
    kiosk::configure(dir, &changes).expect("the kiosk is set up");
    let file = dir.join("kiosk.json");
    let mut settings: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    settings["idle_seconds"] = idle.as_secs().into();
    std::fs::write(&file, serde_json::to_vec(&settings).unwrap()).unwrap();
}

/// The session folders under the data folder.
fn session_folders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join("kiosk-sessions")) else {
        return Vec::new();
    };
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    folders
}

/// Every file below `dir` changed since `since` (all when `None`), skipping `except`.
fn files_below(dir: &Path, since: Option<SystemTime>, except: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.starts_with(except) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            files_below(&path, since, except, found);
        } else if kind.is_file() {
            let recent = match since {
                None => true,
                Some(since) => entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|modified| modified >= since),
            };
            if recent {
                found.push(path);
            }
        }
    }
}

/// Fails when any file in the data folder, or changed since `since` in the temp folders (the
/// memory-backed `/dev/shm`, where an encrypted session's documents are read, among them) and
/// the webview's own folders, holds or is named with the token.
fn nothing_holds(data: &Path, outside: &Outside, since: SystemTime) -> TestResult {
    let mut files = Vec::new();
    files_below(data, None, outside.dir.path(), &mut files);
    let mut places = vec![
        std::env::temp_dir(),
        PathBuf::from("/var/tmp"),
        PathBuf::from("/dev/shm"),
    ];
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        places.push(home.join(".cache/org.carryall.desktop"));
        places.push(home.join(".local/share/org.carryall.desktop"));
    }
    for place in places {
        files_below(&place, Some(since), outside.dir.path(), &mut files);
    }
    let token = outside.token.as_bytes();
    for file in files {
        if file.to_string_lossy().contains(&outside.token) {
            return Err(
                format!("a file named after the session is left: {}", file.display()).into(),
            );
        }
        // Very large files (a disc image someone left) are not the session's.
        let small = std::fs::metadata(&file).is_ok_and(|m| m.len() < 64 * 1024 * 1024);
        if !small {
            continue;
        }
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        if bytes.windows(token.len()).any(|window| window == token) {
            return Err(format!("{} still holds the session's phrase", file.display()).into());
        }
    }
    Ok(())
}

/// Starts a packet for a patient.
async fn start(app: &App, outside: &Outside) -> TestResult {
    app.click("[data-testid=kiosk-begin]").await?;
    app.fill("patient-name", &format!("Patient {}", outside.token))
        .await?;
    app.click("[data-testid=create-case]").await?;
    Ok(())
}

/// Starts a packet for a patient and adds the document from their stick, as a patient would:
/// open the drive, tick the file, add it.
async fn start_and_add(app: &App, outside: &Outside) -> TestResult {
    start(app, outside).await?;
    app.click("[data-testid=chooser-drive]").await?;
    app.click("[data-testid=chooser-entries] input[type=checkbox]")
        .await?;
    app.click("[data-testid=chooser-add-chosen]").await?;
    app.wait_for_text("1 added").await?;
    Ok(())
}

/// Asks the app's backend for a folder listing directly, as a page that went around the
/// chooser could; returns the error code it answered with (empty when it listed the folder).
async fn listing_refusal(app: &App, folder: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         window.__TAURI_INTERNALS__.invoke('kiosk_drive_folder', {{ path: {} }})
           .then(() => done(''), (e) => done(String(e && e.code)));",
        serde_json::to_string(folder.to_str().unwrap())?
    );
    match app.evaluate_async(&script).await? {
        serde_json::Value::String(code) => Ok(code),
        other => Err(format!("the listing answered {other}").into()),
    }
}

/// Waits until `check` holds, for as long as `patience`.
async fn wait_until(patience: Duration, what: &str, check: impl Fn() -> bool) -> TestResult {
    let deadline = Instant::now() + patience;
    while !check() {
        if Instant::now() > deadline {
            return Err(format!("{what} never happened").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

#[test]
fn the_idle_warning_gives_more_time_then_the_timeout_wipes_the_session() {
    let outside = &Outside::new();
    let since = SystemTime::now();
    run_kiosk(
        "kiosk_idle",
        outside,
        Duration::from_secs(24),
        |app, data| async move {
            app.find("[data-testid=kiosk-start]").await?;
            app.check_accessibility("kiosk start").await?;
            app.screenshot("kiosk-start").await;
            if app
                .evaluate("return document.body.innerText.includes('Check a packet');")
                .await?
                == true
            {
                return Err("the kiosk's start screen offers the everyday screens".into());
            }
            start_and_add(&app, outside).await?;
            let first = session_folders(&data);
            // Half the idle time (12 s) before the end, the warning, with the focus on "more
            // time".
            app.wait_for_text_within("Are you still there?", Duration::from_secs(30))
                .await?;
            let countdown = app.text_of("[data-testid=idle-countdown]").await?;
            if !countdown.ends_with("seconds left") {
                return Err(format!("the countdown reads {countdown:?}").into());
            }
            let focused = app
                .evaluate("return document.activeElement?.dataset?.testid ?? '';")
                .await?;
            if focused != "more-time" {
                return Err(format!("the focus is on {focused}, not on more time").into());
            }
            app.check_accessibility("idle warning").await?;
            app.screenshot("kiosk-idle-warning").await;
            app.click("[data-testid=more-time]").await?;
            let open = "return document.querySelector('[data-testid=idle-warning]').open;";
            if app.evaluate(open).await? != false {
                return Err("the warning stayed after 'I need more time'".into());
            }
            if session_folders(&data) != first {
                return Err("more time must keep the session".into());
            }
            // No touch now: the warning again, then the wipe and the Start screen.
            app.wait_for_text_within("Nobody used Carryall for a while", Duration::from_secs(40))
                .await?;
            app.find("[data-testid=kiosk-begin]").await?;
            let now = session_folders(&data);
            if now.iter().any(|folder| first.contains(folder)) || now.len() != 1 {
                return Err(format!("sessions before {first:?}, after {now:?}").into());
            }
            nothing_holds(&data, outside, since)?;
            Ok(())
        },
    );
}

#[test]
fn finish_and_clear_wipes_the_session_after_the_packet_is_saved() {
    let outside = &Outside::new();
    let since = SystemTime::now();
    run_kiosk(
        "kiosk_finish",
        outside,
        Duration::from_secs(600),
        |app, data| async move {
            start_and_add(&app, outside).await?;
            // Anywhere but a drive or the staff folder is refused by the library itself.
            let elsewhere = outside.dir.path().join("elsewhere.zip");
            app.fill("export-path", elsewhere.to_str().unwrap()).await?;
            app.click("[data-testid=export-test-path]").await?;
            app.wait_for_text("can only be saved on a USB drive")
                .await?;
            if elsewhere.exists() {
                return Err("a packet was saved outside the allowed places".into());
            }
            app.click("[data-testid=export-staff-folder]").await?;
            app.wait_for_text("The packet is saved as").await?;
            let saved = std::fs::read_dir(outside.staff())?.count();
            if saved != 2 {
                return Err(format!("the staff folder holds {saved} files, not 2").into());
            }
            if app
                .evaluate("return !!document.querySelector('[data-testid=show-in-folder]');")
                .await?
                != false
            {
                return Err("a kiosk must not open the file manager".into());
            }
            // Nor can an earlier patient's packet be taken from the staff folder.
            app.find("#test-paths").await?.clear().await?;
            app.fill("test-paths", outside.staff().to_str().unwrap())
                .await?;
            app.click("[data-testid=add-test-paths]").await?;
            app.wait_for_text("can only be added from a USB drive")
                .await?;
            let first = session_folders(&data);
            // "No, go back" keeps everything and puts the focus back on the button.
            app.click("[data-testid=finish-clear]").await?;
            app.wait_for_text("Did you save your packet?").await?;
            app.click("[data-testid=finish-dialog] .button:not(.danger)")
                .await?;
            let focused = app
                .evaluate("return document.activeElement?.dataset?.testid ?? '';")
                .await?;
            if focused != "finish-clear" || session_folders(&data) != first {
                return Err(format!("after going back the focus is on {focused:?}").into());
            }
            app.click("[data-testid=finish-clear]").await?;
            app.wait_for_text("Did you save your packet?").await?;
            app.check_accessibility("finish and clear").await?;
            app.click("[data-testid=finish-confirm]").await?;
            app.wait_for_text("Everything you added was removed from this computer")
                .await?;
            app.find("[data-testid=kiosk-begin]").await?;
            let now = session_folders(&data);
            if now.iter().any(|folder| first.contains(folder)) || now.len() != 1 {
                return Err(format!("sessions before {first:?}, after {now:?}").into());
            }
            nothing_holds(&data, outside, since)?;
            Ok(())
        },
    );
}

#[test]
fn documents_are_chosen_on_the_usb_drive_and_nothing_else_is_reachable() {
    let outside = Outside::new();
    let scans = outside.drive().join("Scans");
    std::fs::create_dir(&scans).unwrap();
    std::fs::write(scans.join("letter.pdf"), pdf_saying("a referral letter")).unwrap();
    let away = outside.drive().join("away");
    std::os::unix::fs::symlink(outside.staff(), &away).unwrap();
    std::fs::write(outside.staff().join("earlier.pdf"), pdf_saying("earlier")).unwrap();
    let outside = &outside;
    run_kiosk(
        "kiosk_drive_chooser",
        outside,
        Duration::from_secs(600),
        |app, _| async move {
            start(&app, outside).await?;
            // The drive chooser, not the buttons that open the system dialog.
            app.find("[data-testid=drive-chooser]").await?;
            let dialog_buttons = app
                .evaluate("return document.querySelectorAll('[data-testid=add-disc]').length;")
                .await?;
            if dialog_buttons != 0 {
                return Err("a kiosk offers the system file dialog".into());
            }
            app.check_accessibility("drive chooser, drives").await?;
            let drive = app.text_of("[data-testid=chooser-drive]").await?;
            if drive != "Open KINGSTON" {
                return Err(format!("the drive button reads {drive:?}").into());
            }
            app.click("[data-testid=chooser-drive]").await?;
            let listed = app.text_of("[data-testid=chooser-entries]").await?;
            if !listed.contains("Scans") || !listed.contains("Biopsy-") || listed.contains("away") {
                return Err(format!("the drive's top lists {listed:?}").into());
            }
            app.click("[aria-label='Open the folder Scans']").await?;
            app.wait_for_text("In the folder: Scans").await?;
            if app.focused().await? != "chooser-folder" {
                return Err("the focus should move to the folder's name".into());
            }
            app.check_accessibility("drive chooser, a folder").await?;
            app.screenshot("kiosk-drive-chooser").await;
            app.click("[data-testid=chooser-add-folder]").await?;
            app.wait_for_text("1 added").await?;
            app.click("[data-testid=chooser-up]").await?;
            app.wait_for_text("In the folder: KINGSTON").await?;
            // The backend itself refuses folders off the drive, and a link leading off it.
            for refused in [outside.staff(), away.clone(), PathBuf::from("/")] {
                let code = listing_refusal(&app, &refused).await?;
                if code != "kiosk_drive_only" {
                    return Err(format!("listing {} answered {code:?}", refused.display()).into());
                }
            }
            if !listing_refusal(&app, &outside.drive()).await?.is_empty() {
                return Err("the drive itself could not be listed".into());
            }
            // The kiosk's window may not open the system's dialogs or the file manager at all.
            for (command, args) in [
                ("plugin:dialog|open", "{ options: {} }"),
                ("show_in_folder", "{ path: '/' }"),
            ] {
                let script = format!(
                    "const done = arguments[arguments.length - 1];
                     window.__TAURI_INTERNALS__.invoke('{command}', {args})
                       .then(() => done('allowed'), (e) => done(String(e)));"
                );
                let answer = app.evaluate_async(&script).await?;
                let text = answer.as_str().unwrap_or_default();
                if !text.contains("not allowed") {
                    return Err(format!("{command} in the kiosk's window answered {answer}").into());
                }
            }
            // And adding from anywhere else (the test-only path box goes straight to it).
            app.fill("test-paths", away.join("earlier.pdf").to_str().unwrap())
                .await?;
            app.click("[data-testid=add-test-paths]").await?;
            app.wait_for_text("can only be added from a USB drive")
                .await?;
            Ok(())
        },
    );
}

#[test]
fn a_session_left_by_a_crash_is_removed_when_the_kiosk_starts() {
    let outside = Outside::new();
    let since = SystemTime::now();
    let data_dir: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let (outside, data_dir) = (&outside, &data_dir);
    // Kiosk mode for this run only, by the environment; the setting is off.
    harness::run_with_env(
        "kiosk_crash_leftover",
        &[("CARRYALL_KIOSK", "1")],
        |dir| {
            seed_settings(dir, &outside.staff(), Duration::from_secs(600), false);
            // A session as a crash leaves it: records, then the program gone.
            let crashed = dir.join("kiosk-sessions").join("00c0ffee00c0ffee");
            let app = Carryall::open(&crashed, Actor::Desktop).unwrap();
            let name = format!("Patient {}", outside.token);
            let form = CaseForm {
                patient_name: &name,
                ..CaseForm::default()
            };
            app.create_case(&form).unwrap();
            drop(app);
            data_dir.set(dir.to_owned()).unwrap();
        },
        |app| async move {
            let data = data_dir.get().unwrap().clone();
            app.find("[data-testid=kiosk-begin]").await?;
            let left = data.join("kiosk-sessions").join("00c0ffee00c0ffee");
            if left.exists() {
                return Err("the crashed session's folder is still there".into());
            }
            if session_folders(&data).len() != 1 {
                return Err("only the new session should be there".into());
            }
            nothing_holds(&data, outside, since)?;
            Ok(())
        },
    );
}

/// Types `pin` into the open PIN prompt and submits it.
async fn type_pin(app: &App, pin: &str) -> TestResult {
    app.find("[data-testid=pin-input]").await?.clear().await?;
    app.fill("staff-pin", pin).await?;
    app.click("[data-testid=pin-submit]").await?;
    Ok(())
}

#[test]
fn the_right_pin_opens_the_staff_screen_and_leaves_kiosk_mode() {
    let outside = &Outside::new();
    run_kiosk(
        "kiosk_staff",
        outside,
        Duration::from_secs(600),
        |app, data| async move {
            app.click("[data-testid=staff-open]").await?;
            app.find("[data-testid=pin-dialog]").await?;
            if app.focused().await? != "staff-pin" {
                return Err("the PIN box should have the focus".into());
            }
            app.check_accessibility("staff PIN").await?;
            type_pin(&app, "1357").await?;
            app.wait_for_text("That PIN is not right").await?;
            type_pin(&app, PIN).await?;
            app.find("[data-testid=staff-screen]").await?;
            app.check_accessibility("staff settings").await?;
            let idle = app.find("#idle-minutes").await?;
            idle.clear().await?;
            idle.send_keys("15").await?;
            app.click("[data-testid=staff-save]").await?;
            app.find("[data-testid=staff-saved]").await?;
            let saved = kiosk::settings(&data)?;
            if saved.idle() != Duration::from_secs(15 * 60) {
                return Err(format!("the idle time saved is {:?}", saved.idle()).into());
            }
            app.click("[data-testid=staff-quit]").await?;
            // The app quits while WebDriver is still answering this click, so the click may
            // report an error: what counts is that the session is removed.
            let _ = app.click("[data-testid=staff-quit-confirm]").await;
            wait_until(Duration::from_secs(20), "the session's removal", || {
                session_folders(&data).is_empty()
            })
            .await?;
            Ok(())
        },
    );
}

#[test]
fn wrong_pins_are_refused_then_rate_limited_even_across_a_restart() {
    let outside = &Outside::new();
    run_kiosk(
        "kiosk_pin_limit",
        outside,
        Duration::from_secs(600),
        |app, data| async move {
            app.click("[data-testid=staff-open]").await?;
            for _ in 0..4 {
                type_pin(&app, "0000").await?;
                app.wait_for_text("That PIN is not right").await?;
            }
            type_pin(&app, "0000").await?;
            app.wait_for_text("Too many wrong PINs. Please wait 30 seconds")
                .await?;
            // Even the right PIN waits now.
            type_pin(&app, PIN).await?;
            app.wait_for_text("Too many wrong PINs. Please wait")
                .await?;
            if app
                .evaluate("return !!document.querySelector('[data-testid=staff-screen]');")
                .await?
                != false
            {
                return Err("the staff screen opened during the wait".into());
            }
            // The count is in the settings file, so a restart does not reset it.
            let stored: serde_json::Value =
                serde_json::from_slice(&std::fs::read(data.join("kiosk.json"))?)?;
            if stored["failed_unlocks"] != 5 {
                return Err(format!("the settings hold {stored}").into());
            }
            Ok(())
        },
    );
}
