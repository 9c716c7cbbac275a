//! The activity (audit) log: from the start screen for every packet and from a packet for its
//! own entries, as a table, and saved as CSV (the test path box stands in for the save dialog).

use carryall_app::domain::CaseForm;
use carryall_app::{Actor, Carryall};

use crate::{harness, seed};

#[test]
fn the_activity_log_lists_every_packet_or_one_and_is_saved_as_csv_without_names() {
    let out_dir = tempfile::tempdir().expect("a folder for the CSV");
    let csv = out_dir.path().join("activity.csv");
    let csv_typed = csv.to_str().unwrap().to_owned();
    harness::run(
        "audit_screen",
        |dir| {
            seed::case(dir, "Asha Verma");
            let carryall = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
            let gone = carryall
                .create_case(&CaseForm {
                    patient_name: "Ravi Menon",
                    ..CaseForm::default()
                })
                .expect("a second case");
            carryall
                .delete_case(gone.id.as_str())
                .expect("the second case is deleted");
        },
        |app| async move {
            app.click("[data-testid=open-audit]").await?;
            app.find("[data-testid=audit-log]").await?;
            if app.focused().await? != "H1" {
                return Err("focus is not on the activity log's heading".into());
            }
            let table = app.text_of("[data-testid=audit-log]").await?;
            for expected in [
                "3 entries, newest first",
                "Packet deleted",
                "A deleted packet",
                "Packet started",
                "Asha Verma",
                "Command line",
            ] {
                if !table.contains(expected) {
                    return Err(format!("the log lacks {expected:?}:\n{table}").into());
                }
            }
            let first = app
                .evaluate("return document.querySelector('[data-testid=audit-log] tbody tr').dataset.action;")
                .await?;
            if first != serde_json::json!("case_deleted") {
                return Err(format!("the newest entry is not first: {first}").into());
            }
            app.check_accessibility("activity log").await?;
            app.screenshot("activity-log").await;

            app.fill("audit-path", &csv_typed).await?;
            app.click("[data-testid=audit-test-path]").await?;
            app.wait_for_text("Saved 3 entries in activity.csv.")
                .await?;
            let written = std::fs::read_to_string(&csv)?;
            let lines: Vec<&str> = written.lines().collect();
            if lines.first() != Some(&"at,actor,action,case_id,document_id,question_id")
                || lines.len() != 4
            {
                return Err(format!("the CSV is not the log:\n{written}").into());
            }
            if written.contains("Asha") || written.contains("Ravi") {
                return Err(format!("the CSV names a patient:\n{written}").into());
            }

            app.click("[data-testid=audit-back]").await?;
            app.click("[aria-label='Open the packet for Asha Verma']")
                .await?;
            app.click("[data-testid=open-case-audit]").await?;
            app.wait_for_text("Activity log: Asha Verma").await?;
            let table = app.text_of("[data-testid=audit-log]").await?;
            if !table.contains("1 entry") || table.contains("Packet deleted") {
                return Err(format!("the packet's log shows other packets:\n{table}").into());
            }
            app.check_accessibility("a packet's activity log").await?;
            app.click("[data-testid=audit-back]").await?;
            app.find("[data-testid=case-title]").await?;
            Ok(())
        },
    );
}
