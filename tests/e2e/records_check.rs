//! "Check my records" in the window: every stored document compared with its fingerprint, a
//! sound result said plainly, and a changed document named with what to do.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use carryall_app::import::ImportOptions;
use carryall_app::{Actor, Carryall};

use crate::{harness, seed};

const REPORT: &str = "tests/fixtures/documents/reportlab/colon-resection-houston.pdf";

/// Every file under `folder`.
fn stored_files(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        if entry.path().is_dir() {
            found.extend(stored_files(&entry.path()));
        } else {
            found.push(entry.path());
        }
    }
    found
}

#[test]
fn checking_the_records_says_they_are_sound_then_names_a_changed_document() {
    let data: Arc<Mutex<PathBuf>> = Arc::default();
    let seen = Arc::clone(&data);
    harness::run(
        "records_check",
        move |dir| {
            let case = seed::case(dir, "Checked Patient");
            let app = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
            app.import(
                &case,
                &[PathBuf::from(seed::fixture(REPORT))],
                &ImportOptions::default(),
                &mut |_, _| {},
                &AtomicBool::new(false),
            )
            .expect("the report is imported");
            *seen.lock().unwrap() = dir.to_owned();
        },
        |app| async move {
            let dir = data.lock().unwrap().clone();
            app.click("[data-testid=open-check]").await?;
            app.click("[data-testid=check-records]").await?;
            app.find("[data-testid=records-sound]").await?;
            app.wait_for_text("All 1 stored files are exactly as they were added")
                .await?;
            app.check_accessibility("check records (sound)").await?;

            // Damage the stored copy, as a failing disk would.
            let stored = stored_files(&dir.join("files/sha256"));
            let [file] = stored.as_slice() else {
                return Err(format!("one stored file expected: {stored:?}").into());
            };
            let mut permissions = std::fs::metadata(file)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            std::fs::set_permissions(file, permissions)?;
            std::fs::write(file, b"not the report any more")?;

            app.click("[data-testid=check-records]").await?;
            app.find("[data-testid=records-damaged]").await?;
            app.wait_for_text(
                "colon-resection-houston.pdf: the stored copy has changed since it was added.",
            )
            .await?;
            app.check_accessibility("check records (damaged)").await?;
            app.screenshot("check-records").await;
            Ok(())
        },
    );
}
