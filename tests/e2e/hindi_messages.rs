//! Messages from the Rust side in Hindi: a refused file's reason and a form error, and the
//! library crates' words (a checklist item, a consistency warning, a suggested question and
//! its reason), worded from their key and values by the Hindi catalogue, not left in English.

use crate::{harness, seed};

const PATHOLOGY: &str = "tests/fixtures/documents/chromium/breast-pathology-mumbai.pdf";

/// Fails if the element's text holds any of these English words.
async fn expect_no_english(app: &harness::App, css: &str, english: &[&str]) -> harness::TestResult {
    let shown = app.text_of(css).await?;
    match english.iter().find(|words| shown.contains(*words)) {
        Some(words) => Err(format!("{words:?} is still in English:\n{shown}").into()),
        None => Ok(()),
    }
}

#[test]
fn the_checklist_a_warning_and_the_questions_with_their_reasons_are_in_hindi() {
    let pathology = seed::fixture(PATHOLOGY);
    harness::run("hindi_library_words", seed::asha_verma, |app| async move {
        app.click("[aria-label='Open the packet for Asha Verma']")
            .await?;
        app.fill("test-paths", &pathology).await?;
        app.click("[data-testid=add-test-paths]").await?;
        app.wait_for_text("1 added").await?;
        app.find("[data-testid=consistency-warnings] [data-warning=nothing_recent]")
            .await?;
        app.select("[data-testid=language]", "hi").await?;

        // A checklist item (the breast cancer wording of why it matters) and the warning that
        // nothing is recent, with its numbers and date filled in.
        app.wait_for_text(
            "इसमें कैंसर का प्रकार, उसका ग्रेड, हार्मोन रिसेप्टर (ER, PR) और HER2 के नतीजे होते हैं।",
        )
        .await?;
        app.wait_for_text("स्कैन (इमेजिंग) की रिपोर्ट").await?;
        app.wait_for_text("कोई भी काग़ज़ पिछले 90 दिनों का नहीं है")
            .await?;
        // The case's type of cancer, a known one, is worded in Hindi too.
        app.wait_for_text("स्तन कैंसर (breast cancer)").await?;
        expect_no_english(
            &app,
            "main",
            &[
                "It shows the type and grade",
                "Imaging reports",
                "None of the documents is dated",
            ],
        )
        .await?;
        app.check_accessibility("checklist and warning, in Hindi")
            .await?;
        app.screenshot("checklist-hindi").await;

        // The questions: their words, and why each was suggested, from the report's HER2
        // result (its value in Hindi too), the checklist and the case's cancer type.
        app.click("[data-testid=open-questions]").await?;
        app.find("[data-testid=questions-title]").await?;
        for words in [
            "क्या आप मेरी बीमारी की पहचान (डायग्नोसिस) से सहमत हैं, ट्यूमर के प्रकार",
            "में HER2 का नतीजा: नेगेटिव (मौजूद नहीं) लिखा है।",
            "आपकी सूची के हिसाब से “स्कैन (इमेजिंग) की रिपोर्ट” अभी आपके पास नहीं है।",
            "यह सवाल दूसरी राय लेने वाले हर व्यक्ति के लिए है।",
        ] {
            app.wait_for_text(words).await?;
        }
        expect_no_english(
            &app,
            "main",
            &[
                "Do you agree with my diagnosis",
                "gives the HER2 result",
                "Your checklist still shows",
                "Asked of everyone",
            ],
        )
        .await?;
        app.check_accessibility("questions and reasons, in Hindi")
            .await?;
        app.screenshot("questions-hindi").await;
        app.select("[data-testid=language]", "en").await?;
        Ok(())
    });
}

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
