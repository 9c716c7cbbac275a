//! The questions for the specialist (with their reasons; starring, editing, adding, moving,
//! removing and bringing back; printing), a checklist item's request letter (printing and
//! copying it), and files dropped on the window.

use std::path::Path;

use carryall_app::domain::CaseForm;
use carryall_app::{Actor, Carryall};

use crate::harness::{self, App, TestResult};

const PATHOLOGY: &str = "tests/fixtures/documents/chromium/breast-pathology-mumbai.pdf";

fn seed_case(dir: &Path) {
    let carryall = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
    let concerns = ["my work".to_owned()];
    let form = CaseForm {
        patient_name: "Asha Verma",
        cancer_type: Some("breast"),
        date_of_birth: Some("1972-03-14"),
        concerns: &concerns,
        ..CaseForm::default()
    };
    carryall
        .create_case(&form)
        .expect("the seed case is created");
}

fn fixture(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .to_str()
        .expect("a UTF-8 path")
        .to_owned()
}

/// The ids of the questions in one of the two lists, top to bottom.
async fn ids_in(app: &App, list: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let script = format!(
        "return [...document.querySelectorAll('[data-testid={list}] > li')].map(li => li.dataset.question);"
    );
    Ok(serde_json::from_value(app.evaluate(&script).await?)?)
}

/// Fails unless keyboard focus is on the element with this id.
async fn expect_focus(app: &App, id: &str, after: &str) -> TestResult {
    let focused = app.focused().await?;
    if focused == id {
        Ok(())
    } else {
        Err(format!("after {after}, focus is on {focused:?}, not {id:?}").into())
    }
}

/// Replaces `window.print` with a counter, so a test can see it called without a dialog.
async fn stub_print(app: &App) -> TestResult {
    app.run_script("window.printed = 0; window.print = () => { window.printed += 1; };")
        .await
}

async fn times_printed(app: &App) -> Result<u64, Box<dyn std::error::Error>> {
    Ok(app
        .evaluate("return window.printed;")
        .await?
        .as_u64()
        .unwrap_or(0))
}

#[test]
fn questions_come_with_reasons_and_are_starred_edited_added_moved_removed_and_printed() {
    let pathology = fixture(PATHOLOGY);
    harness::run("questions", seed_case, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.fill("test-paths", &pathology).await?;
        app.click("[data-testid=add-test-paths]").await?;
        app.wait_for_text("1 added").await?;
        // The report is from 2025: the checklist says nothing recent is there.
        app.find("[data-testid=consistency-warnings] [data-warning=nothing_recent]")
            .await?;
        app.wait_for_text("None of the documents is dated within the last 90 days")
            .await?;
        app.click("[data-testid=open-questions]").await?;
        app.find("[data-testid=questions-title]").await?;
        expect_focus(&app, "H1", "opening the questions").await?;
        // Reasons as the app gives them: from the pathology report, the checklist, the
        // person's own words; each question labelled with its theme.
        for reason in [
            "Your Surgical Pathology Report (breast-pathology-mumbai.pdf) gives the HER2 result: negative.",
            "Why it is suggested: Your checklist still shows \u{201c}Imaging reports\u{201d} as missing.",
            "Why it is suggested: You said: \u{201c}my work\u{201d}.",
            "Treatment options, with their benefits and risks",
        ] {
            app.wait_for_text(reason).await?;
        }
        app.wait_for_text("0 of 5 questions starred as most important.")
            .await?;
        app.check_accessibility("questions").await?;

        // Starring: the question moves to the top list, and focus stays on its star button.
        let others = ids_in(&app, "other-questions").await?;
        let first = others.first().ok_or("no questions")?.clone();
        app.click(&format!("#star-{first}")).await?;
        app.wait_for_text("1 of 5 questions starred").await?;
        if ids_in(&app, "starred-questions").await? != [first.clone()] {
            return Err("the starred question is not listed first".into());
        }
        expect_focus(&app, &format!("star-{first}"), "starring").await?;
        // One at a time, as a person does: each star is saved before the next click.
        for (starred, id) in (2..).zip(&others[1..5]) {
            app.click(&format!("#star-{id}")).await?;
            app.wait_for_text(&format!("{starred} of 5 questions starred"))
                .await?;
        }
        app.wait_for_text("5 of 5 questions starred").await?;
        app.click(&format!("#star-{}", others[5])).await?;
        app.wait_for_text("You have starred 5 questions, which is the most you can star.")
            .await?;
        app.click(&format!("#star-{}", others[4])).await?;
        app.wait_for_text("4 of 5 questions starred").await?;

        // Editing, by keyboard-reachable buttons; focus returns to the edit button.
        let edited = others[6].clone();
        app.click(&format!("#edit-{edited}")).await?;
        expect_focus(&app, &format!("edit-text-{edited}"), "opening the editor").await?;
        let field = app.find(&format!("#edit-text-{edited}")).await?;
        field.clear().await?;
        field
            .send_keys("Is it safe to wait two weeks for this second opinion?")
            .await?;
        app.click(&format!("[data-testid=save-{edited}]")).await?;
        app.wait_for_text("Your words are saved.").await?;
        app.wait_for_text("Is it safe to wait two weeks for this second opinion?")
            .await?;
        expect_focus(&app, &format!("edit-{edited}"), "saving").await?;
        app.click(&format!("#edit-{edited}")).await?;
        app.click(&format!(
            "[data-question='{edited}'] .edit button[type=button]"
        ))
        .await?;
        expect_focus(&app, &format!("edit-{edited}"), "cancelling an edit").await?;

        // Adding one's own question: it goes last, labelled as one's own.
        app.fill("new-question", "Can my daughter come with me?")
            .await?;
        app.click("[data-testid=add-question]").await?;
        app.wait_for_text("Your question is added at the end of the list.")
            .await?;
        let list = ids_in(&app, "other-questions").await?;
        let own = list.last().ok_or("no questions")?.clone();
        let own_text = app.text_of(&format!("[data-question='{own}']")).await?;
        if !(own_text.contains("Can my daughter come with me?")
            && own_text.contains("Your own question."))
        {
            return Err(format!("the added question shows as:\n{own_text}").into());
        }
        expect_focus(&app, "new-question", "adding").await?;

        // Moving it up with the button: one place, and focus stays on "Move up".
        let before = list[list.len() - 2].clone();
        app.click(&format!("#up-{own}")).await?;
        app.wait_for_text("Moved up.").await?;
        let moved = ids_in(&app, "other-questions").await?;
        if moved[moved.len() - 2..] != [own.clone(), before.clone()] {
            return Err(format!("moving up gave {moved:?}").into());
        }
        expect_focus(&app, &format!("up-{own}"), "moving up").await?;
        // The last one cannot go down; moving the own question down puts it back last and
        // focus moves to its "Move up", as "Move down" is then unavailable.
        app.click(&format!("#down-{own}")).await?;
        app.wait_for_text("Moved down.").await?;
        expect_focus(&app, &format!("up-{own}"), "moving to the end").await?;

        // Removing, then undoing: the suggested question comes back in its place.
        let removed = moved[0].clone();
        app.click(&format!("#remove-{removed}")).await?;
        app.wait_for_text("Removed: ").await?;
        if ids_in(&app, "other-questions").await?.contains(&removed) {
            return Err("the removed question is still listed".into());
        }
        expect_focus(&app, "undo-remove", "removing").await?;
        app.check_accessibility("questions after a removal").await?;
        app.click("[data-testid=undo-remove]").await?;
        app.wait_for_text("The question is back in its place.")
            .await?;
        if ids_in(&app, "other-questions").await?.first() != Some(&removed) {
            return Err("the question did not come back in its place".into());
        }
        expect_focus(&app, &format!("text-{removed}"), "undoing").await?;

        // The person's own question, removed and brought back, keeps its words and place.
        app.click(&format!("#remove-{own}")).await?;
        app.click("[data-testid=undo-remove]").await?;
        app.wait_for_text("The question is back in its place.")
            .await?;
        let last = ids_in(&app, "other-questions").await?;
        let back = last.last().ok_or("no questions")?;
        let back_text = app.text_of(&format!("[data-question='{back}']")).await?;
        if !back_text.contains("Can my daughter come with me?") {
            return Err(format!("the last question is now:\n{back_text}").into());
        }
        app.run_script("window.scrollTo(0, 0);").await?;
        app.screenshot("questions").await;

        // Printing: the print list holds the starred questions first, with room to answer
        // them, and every question's reason in small type.
        stub_print(&app).await?;
        app.click("[data-testid=print-questions]").await?;
        if times_printed(&app).await? != 1 {
            return Err("\"Print questions\" did not print".into());
        }
        let printed: Vec<String> = serde_json::from_value(
            app.evaluate(
                "return [...document.querySelectorAll('[data-testid=questions-print] li')]
                    .map(li => li.textContent);",
            )
            .await?,
        )?;
        let starred_count = ids_in(&app, "starred-questions").await?.len();
        let shown_count = starred_count + ids_in(&app, "other-questions").await?.len();
        if printed.len() != shown_count
            || !printed[..starred_count]
                .iter()
                .all(|q| q.contains('\u{2605}'))
            || printed[starred_count..]
                .iter()
                .any(|q| q.contains('\u{2605}'))
            || !printed[..starred_count]
                .iter()
                .all(|q| q.contains("Answer:"))
            || printed[starred_count..]
                .iter()
                .any(|q| q.contains("Answer:"))
            || !printed
                .iter()
                .all(|q| q.contains("Why it is suggested:") || q.contains("Your own question."))
        {
            return Err(format!("the printed list is wrong:\n{printed:#?}").into());
        }

        // Back on the packet, focus returns to the button that opened the questions.
        app.click("[data-testid=questions-back]").await?;
        let testid = app
            .evaluate("return document.activeElement.dataset.testid ?? '';")
            .await?;
        if testid != "open-questions" {
            return Err(format!("back on the packet, focus is on {testid}").into());
        }

        // The same screen in Hindi (the packet stays open when the language changes).
        app.select("[data-testid=language]", "hi").await?;
        app.click("[data-testid=open-questions]").await?;
        app.wait_for_text("विशेषज्ञ के लिए सवाल").await?;
        app.wait_for_text("क्यों सुझाया गया: ").await?;
        app.check_accessibility("questions in Hindi").await?;
        Ok(())
    });
}

#[test]
fn a_missing_record_gets_a_letter_to_print_or_copy() {
    harness::run("request_letter", seed_case, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.click("[data-testid=letter-imaging_reports]").await?;
        app.wait_for_text("Letter asking for: Imaging reports")
            .await?;
        expect_focus(&app, "H1", "opening the letter").await?;
        let letter = app.text_of("[data-testid=letter-text]").await?;
        if !(letter.contains("Asha Verma") && letter.to_lowercase().contains("imaging")) {
            return Err(
                format!("the letter does not name the patient and record:\n{letter}").into(),
            );
        }
        app.check_accessibility("request letter").await?;
        app.run_script("window.scrollTo(0, 0);").await?;
        app.screenshot("request-letter").await;

        stub_print(&app).await?;
        app.click("[data-testid=print-letter]").await?;
        if times_printed(&app).await? != 1 {
            return Err("\"Print letter\" did not print".into());
        }

        // The clipboard, stubbed: the test sees exactly what would be copied.
        app.run_script(
            "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {
                writeText: (text) => { window.copied = text; return Promise.resolve(); } } });",
        )
        .await?;
        app.click("[data-testid=copy-letter]").await?;
        app.wait_for_text("The letter is copied.").await?;
        let copied = app.evaluate("return window.copied;").await?;
        let shown = app
            .evaluate("return document.querySelector('[data-testid=letter-text]').textContent;")
            .await?;
        if copied != shown || copied.as_str().is_none_or(|c| !c.contains("Asha Verma")) {
            return Err(format!("copied {copied} but the letter is {shown}").into());
        }

        app.click("[data-testid=letter-back]").await?;
        let testid = app
            .evaluate("return document.activeElement.dataset.testid ?? '';")
            .await?;
        if testid != "letter-imaging_reports" {
            return Err(format!("back on the packet, focus is on {testid}").into());
        }
        Ok(())
    });
}

#[test]
fn files_dropped_on_the_window_are_added_like_chosen_ones() {
    let inbox = tempfile::tempdir().expect("a folder of documents");
    let folder = inbox.path().join("dropped");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("referral.pdf"), b"%PDF-1.4 a referral letter").unwrap();
    std::fs::write(folder.join("blood test.pdf"), b"%PDF-1.4 a blood test").unwrap();
    let folder = folder.to_str().unwrap().to_owned();
    harness::run("drag_and_drop", seed_case, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.find("[data-testid=add-test-paths]").await?;
        // Shown only once the window's drop events are being heard (the capability allows
        // listening to them).
        app.wait_for_text(
            "You can also drag files or folders from your computer onto this window.",
        )
        .await?;
        // WebDriver cannot make the system drop a file on the window: the test gives the
        // drop handler the events Tauri sends (enter, over, leave, drop), in that shape.
        let send = |kind: &str| {
            format!(
                "window.carryallTestDrop({{ type: '{kind}', paths: {paths}, position: {{ x: 40, y: 40 }} }});",
                paths = serde_json::json!([folder]),
            )
        };
        app.run_script(&send("enter")).await?;
        app.run_script(&send("over")).await?;
        app.find("[data-testid=drop-zone]").await?;
        app.wait_for_text("Let go to add these files and folders to this packet.")
            .await?;
        app.check_accessibility("case while files are dragged over it")
            .await?;
        app.run_script(&send("leave")).await?;
        let still = app
            .evaluate("return document.querySelector('[data-testid=drop-zone]') !== null;")
            .await?;
        if still == serde_json::Value::Bool(true) {
            return Err("the drop zone stayed after the files left the window".into());
        }
        app.run_script(&send("enter")).await?;
        app.run_script(&send("drop")).await?;
        app.wait_for_text("2 added, 0 already in this packet, 0 not added.")
            .await?;
        let list = app.text_of("[data-testid=document-list]").await?;
        if !(list.contains("referral.pdf") && list.contains("blood test.pdf")) {
            return Err(format!("the dropped files are not listed:\n{list}").into());
        }
        let gone = app
            .evaluate("return document.querySelector('[data-testid=drop-zone]') === null;")
            .await?;
        if gone != serde_json::Value::Bool(true) {
            return Err("the drop zone stayed after the drop".into());
        }
        Ok(())
    });
}

#[test]
fn a_scan_disc_is_one_document_with_its_studies_and_a_warning_for_two_patients() {
    // The fixtures' folder: two discs among loose DICOM files and a README.
    let discs = fixture("tests/fixtures/dicom");
    harness::run("scan_disc", seed_case, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.fill("test-paths", &discs).await?;
        app.click("[data-testid=add-test-paths]").await?;
        app.wait_for_text("8 added, 0 already in this packet, 0 not added.")
            .await?;
        app.wait_for_text("Scan disc: 12 files, 2 studies, 10 images")
            .await?;
        app.wait_for_text("Scan disc: 4 files, 2 studies, 4 images")
            .await?;
        app.wait_for_text("This disc holds scans of more than one person.")
            .await?;
        // Only the disc of two people is flagged.
        let flagged = app
            .evaluate(
                "return [...document.querySelectorAll('[data-testid=disc-warning]')]\
                 .map(w => w.closest('tr').querySelector('.name').textContent);",
            )
            .await?;
        if flagged != serde_json::json!(["disc-two-patients"]) {
            return Err(format!("only disc-two-patients is flagged, not {flagged}").into());
        }
        app.check_accessibility("scan discs").await?;
        Ok(())
    });
}
