//! Scan discs in the app: added with the disc button's path (the test box stands in for the
//! folder dialog), shown in the list with what is wrong with them, and opened to their studies
//! and series.

use crate::{harness, seed};

#[test]
fn a_damaged_disc_of_two_people_shows_its_studies_and_what_to_do() {
    let disc = seed::fixture("tests/fixtures/dicom/disc-two-patients");
    harness::run(
        "scan_disc_detail",
        |dir| {
            seed::case(dir, "Asha Verma");
        },
        |app| async move {
            app.click("[aria-label='Open the packet for Asha Verma']")
                .await?;
            let button = app.text_of("[data-testid=add-disc]").await?;
            if button != "Add a scan disc…" {
                return Err(format!("the disc button reads {button:?}").into());
            }
            app.fill("test-paths", &disc).await?;
            app.click("[data-testid=add-test-paths]").await?;
            app.wait_for_text("1 added, 0 already in this packet, 0 not added.")
                .await?;
            // The row names the problem and what to do, styled as a problem; not "no text".
            app.wait_for_text("2 scan images on this disc could not be read")
                .await?;
            let row = app.text_of("[data-testid=document-list] tbody tr").await?;
            if row.contains("No text could be read") {
                return Err(format!("the disc row speaks of text:\n{row}").into());
            }
            let styled = app
                .evaluate(
                    "return document.querySelector('[data-testid=text-status]')\
                     .classList.contains('problem');",
                )
                .await?;
            if styled != serde_json::Value::Bool(true) {
                return Err("the disc's problem is not styled as one".into());
            }
            app.check_accessibility("case with a damaged disc").await?;

            app.click("[data-testid=open-document]").await?;
            app.find("[data-testid=disc-contents]").await?;
            let contents = app.text_of("[data-testid=disc-contents]").await?;
            for expected in [
                "4 files, ",
                "This disc holds scans of more than one person.",
                "2 scan sessions (studies) on this disc",
                "CT scan",
                "MRI scan",
                "Kind of scan",
            ] {
                if !contents.contains(expected) {
                    return Err(format!("the disc view lacks {expected:?}:\n{contents}").into());
                }
            }
            let summary = app.text_of("[data-testid=document-summary]").await?;
            if !summary.contains("Ask the hospital's imaging (radiology) department") {
                return Err(format!("the summary lacks what to do:\n{summary}").into());
            }
            app.check_accessibility("scan disc detail").await?;
            app.run_script("window.scrollTo(0, 0);").await?;
            app.screenshot("scan-disc-detail").await;
            Ok(())
        },
    );
}
