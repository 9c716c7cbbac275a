//! Messages from the Rust side in Hindi: a refused file's reason and a form error, worded from
//! their key and values by the Hindi catalogue, not left in English.

use crate::{harness, seed};

#[test]
fn a_refused_file_and_a_bad_date_are_explained_in_hindi() {
    let inbox = tempfile::tempdir().expect("a folder of documents");
    let empty = inbox.path().join("empty.pdf");
    std::fs::write(&empty, b"").unwrap();
    let empty = empty.to_str().unwrap().to_owned();
    harness::run(
        "hindi_messages",
        |dir| {
            seed::case(dir, "Asha Verma");
        },
        |app| async move {
            app.find("[aria-label='Open the packet for Asha Verma']")
                .await?;
            app.select("[data-testid=language]", "hi").await?;
            app.wait_for_text("आपके दूसरी राय वाले पैकेट").await?;

            // An empty file: refused, with the reason in Hindi.
            app.click("[data-testid=case-list] button.open").await?;
            app.fill("test-paths", &empty).await?;
            app.click("[data-testid=add-test-paths]").await?;
            app.wait_for_text("फ़ाइल ख़ाली है (0 बाइट)").await?;
            let results = app.text_of("[data-testid=import-results]").await?;
            if results.contains("The file is empty") {
                return Err(format!("the reason is in English:\n{results}").into());
            }
            app.check_accessibility("refused file, in Hindi").await?;
            app.screenshot("refused-file-hindi").await;
            app.click("[data-testid=back]").await?;

            // A birth date the form takes but the library refuses.
            app.click("[data-testid=new-case]").await?;
            app.fill("patient-name", "Date Person").await?;
            app.fill("dob-day", "1").await?;
            app.fill("dob-month", "1").await?;
            app.fill("dob-year", "1850").await?;
            app.fill("cancer-type", "breast").await?;
            app.click("[data-testid=create-case]").await?;
            app.wait_for_text("जन्म तिथि भविष्य में या 1900 से पहले नहीं हो सकती")
                .await?;
            let page = app.text_of("main").await?;
            if page.contains("before 1900: please") {
                return Err(format!("the English message shows too:\n{page}").into());
            }
            app.check_accessibility("form error, in Hindi").await?;
            app.select("[data-testid=language]", "en").await?;
            Ok(())
        },
    );
}
