//! Protection with a passphrase in the window: records protected by a passphrase open only
//! after it is typed (a wrong one is answered plainly), and the person can turn protection on
//! from the start screen, after confirming they understand a lost passphrase cannot be reset.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use carryall_app::domain::CaseForm;
use carryall_app::{Actor, Carryall};

use crate::harness;

const PASSPHRASE: &str = "blue kettle river morning";

fn case_for(dir: &Path, patient: &str) {
    let app = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
    let form = CaseForm {
        patient_name: patient,
        ..CaseForm::default()
    };
    app.create_case(&form).expect("the seed case is created");
}

#[test]
fn protected_records_open_only_with_their_passphrase() {
    harness::run(
        "unlock",
        |dir| {
            case_for(dir, "Locked Patient");
            Carryall::protect(dir, Actor::Cli, PASSPHRASE).expect("protected");
        },
        |app| async move {
            app.find("[data-testid=unlock-passphrase]").await?;
            let page = app.text_of("main").await?;
            if page.contains("Locked Patient") {
                return Err("the patient shows before the passphrase is given".into());
            }
            app.check_accessibility("unlock").await?;
            app.screenshot("unlock").await;
            app.fill("passphrase", "blue kettle river evening").await?;
            app.click("[data-testid=unlock-submit]").await?;
            app.wait_for_text("That passphrase does not open these records.")
                .await?;
            app.check_accessibility("unlock (wrong passphrase)").await?;
            app.find("#passphrase").await?.clear().await?;
            app.fill("passphrase", PASSPHRASE).await?;
            app.click("[data-testid=unlock-submit]").await?;
            app.wait_for_text("Locked Patient").await?;
            Ok(())
        },
    );
}

#[test]
fn protection_is_turned_on_from_the_start_screen() {
    let data: Arc<Mutex<PathBuf>> = Arc::default();
    let seen = Arc::clone(&data);
    harness::run(
        "protect",
        move |dir| {
            case_for(dir, "Careful Patient");
            *seen.lock().unwrap() = dir.to_owned();
        },
        |app| async move {
            let dir = data.lock().unwrap().clone();
            app.wait_for_text("Careful Patient").await?;
            app.click("[data-testid=open-protection]").await?;
            app.find("[data-testid=protection-status]").await?;
            app.check_accessibility("protection (off)").await?;
            app.fill("new-passphrase", PASSPHRASE).await?;
            app.fill("repeat-passphrase", "not the same").await?;
            app.wait_for_text("The two passphrases are not the same.")
                .await?;
            app.find("#repeat-passphrase").await?.clear().await?;
            app.fill("repeat-passphrase", PASSPHRASE).await?;
            let button = app.find("[data-testid=protection-submit]").await?;
            if button.is_enabled().await? {
                return Err("protection should wait for the 'I understand' box".into());
            }
            app.click("[data-testid=protection-understood]").await?;
            app.screenshot("protection").await;
            app.click("[data-testid=protection-submit]").await?;
            app.find("[data-testid=protection-done]").await?;
            if !carryall_app::protection::is_protected(&dir) {
                return Err("the data folder is not protected".into());
            }
            app.wait_for_text("Your records are protected.").await?;
            app.check_accessibility("protection (on)").await?;
            app.click("[data-testid=back]").await?;
            app.wait_for_text("Careful Patient").await?;
            Ok(())
        },
    );
}

#[test]
fn protected_records_lock_after_a_while_without_use_with_a_warning_first() {
    harness::run_with_env(
        "auto_lock",
        &[("CARRYALL_TEST_LOCK_SECONDS", "6")],
        |dir| {
            case_for(dir, "Resting Patient");
            Carryall::protect(dir, Actor::Cli, PASSPHRASE).expect("protected");
        },
        |app| async move {
            app.fill("passphrase", PASSPHRASE).await?;
            app.click("[data-testid=unlock-submit]").await?;
            app.wait_for_text("Resting Patient").await?;
            // The warning comes first, with "I need more time", which starts the wait again.
            app.wait_for_text_within(
                "Nobody has used Carryall for a while.",
                Duration::from_secs(15),
            )
            .await?;
            app.check_accessibility("lock warning").await?;
            app.click("[data-testid=more-time]").await?;
            app.wait_for_text("Resting Patient").await?;
            // Then nobody touches anything: the records lock, and the passphrase opens them.
            app.find("[data-testid=locked-notice]").await?;
            let page = app.text_of("main").await?;
            if page.contains("Resting Patient") {
                return Err("the patient shows after the records locked".into());
            }
            app.check_accessibility("unlock (after locking)").await?;
            app.fill("passphrase", PASSPHRASE).await?;
            app.click("[data-testid=unlock-submit]").await?;
            app.wait_for_text("Resting Patient").await?;
            Ok(())
        },
    );
}
