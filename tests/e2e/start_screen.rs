//! The first screen: the list of cases, and starting a new one.

use carryall_app::domain::CaseForm;
use carryall_app::{Actor, Carryall};

use crate::harness;

#[test]
fn a_new_case_is_created_through_the_form_and_listed() {
    harness::run(
        "new_case",
        |_| {},
        |app| async move {
            app.find("[data-testid=no-cases]").await?;
            app.check_accessibility("start (empty)").await?;
            app.screenshot("start-empty").await;
            app.click("[data-testid=new-case]").await?;
            app.fill("patient-name", "Test Person").await?;
            app.fill("dob-day", "30").await?;
            app.fill("dob-month", "4").await?;
            app.fill("dob-year", "1961").await?;
            app.fill("cancer-type", "breast").await?;
            // Concerns are added one at a time (Enter or the button) and can be taken back.
            for concern in ["keeping my hair", "my work", "fertility"] {
                app.fill("new-concern-input", concern).await?;
                app.click("[data-testid=add-concern]").await?;
                app.wait_for_text(concern).await?;
            }
            app.click("[aria-label='Remove the concern \u{201c}my work\u{201d}']")
                .await?;
            let listed = app.text_of("[data-testid=concern-list]").await?;
            if listed.contains("my work") || !listed.contains("fertility") {
                return Err(format!("the concerns should be hair and fertility:\n{listed}").into());
            }
            // One typed but not added is saved with the case all the same.
            app.fill("new-concern-input", "my job").await?;
            app.check_accessibility("new case").await?;
            app.screenshot("new-case-form").await;
            app.click("[data-testid=create-case]").await?;
            app.wait_for_text("Packet started for Test Person.").await?;
            let list = app.find("[data-testid=case-list]").await?.text().await?;
            for expected in ["Test Person", "Breast cancer", "Born April 30, 1961"] {
                if !list.contains(expected) {
                    return Err(format!("the case list lacks {expected:?}:\n{list}").into());
                }
            }
            app.check_accessibility("start (with a case)").await?;
            app.screenshot("start-with-case").await;
            // The case screen shows the concerns saved with the case, and changes them.
            app.click("[aria-label='Open the packet for Test Person']")
                .await?;
            app.find("[data-testid=case-title]").await?;
            let saved = app.text_of("[data-testid=concern-list]").await?;
            if !["keeping my hair", "fertility", "my job"]
                .iter()
                .all(|concern| saved.contains(concern))
            {
                return Err(format!("the saved concerns are missing:\n{saved}").into());
            }
            app.fill("case-concern-input", "already started chemo")
                .await?;
            app.click("[data-testid=add-concern]").await?;
            app.wait_for_text("already started chemo").await?;
            Ok(())
        },
    );
}

#[test]
fn a_case_made_by_the_cli_api_is_shown_by_the_app() {
    let seed = |dir: &std::path::Path| {
        let carryall = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
        let form = CaseForm {
            patient_name: "Seeded Patient",
            cancer_type: Some("NSCLC"),
            ..CaseForm::default()
        };
        carryall
            .create_case(&form)
            .expect("the seed case is created");
    };
    harness::run("seeded_case", seed, |app| async move {
        app.wait_for_text("Seeded Patient").await?;
        app.wait_for_text("Lung cancer").await?;
        Ok(())
    });
}

#[test]
fn a_blank_name_is_refused_with_a_plain_message_and_focus_stays_in_the_form() {
    harness::run(
        "blank_name",
        |_| {},
        |app| async move {
            app.click("[data-testid=new-case]").await?;
            let focused = app.focused().await?;
            if focused != "H1" {
                return Err(
                    format!("focus should move to the form's heading, not {focused:?}").into(),
                );
            }
            app.click("[data-testid=create-case]").await?;
            app.wait_for_text("Please fill in the patient's name.")
                .await?;
            app.find("[data-testid=new-case-form]").await?;
            Ok(())
        },
    );
}

#[test]
fn an_impossible_date_is_explained_before_anything_is_saved() {
    harness::run(
        "impossible_date",
        |_| {},
        |app| async move {
            app.click("[data-testid=new-case]").await?;
            app.fill("patient-name", "Date Person").await?;
            app.fill("dob-day", "31").await?;
            app.fill("dob-month", "2").await?;
            app.fill("dob-year", "1970").await?;
            app.click("[data-testid=create-case]").await?;
            app.wait_for_text("is not a real date").await?;
            Ok(())
        },
    );
}

#[test]
fn the_accessibility_check_catches_a_real_violation() {
    harness::run(
        "axe_catches",
        |_| {},
        |app| async move {
            app.find("[data-testid=no-cases]").await?;
            app.check_accessibility("start").await?;
            app.run_script(
                "const b = document.createElement('button'); document.body.appendChild(b);",
            )
            .await?;
            match app
                .check_accessibility("start, with an unlabelled button")
                .await
            {
                Err(found) if found.to_string().contains("button-name") => Ok(()),
                Err(other) => Err(format!("a different violation was reported: {other}").into()),
                Ok(()) => Err("an unlabelled button passed the accessibility check".into()),
            }
        },
    );
}

#[test]
fn the_app_speaks_hindi_and_offers_larger_text() {
    harness::run(
        "hindi_and_larger_text",
        |_| {},
        |app| async move {
            app.find("[data-testid=no-cases]").await?;
            app.select("[data-testid=language]", "hi").await?;
            app.wait_for_text("आपके दूसरी राय वाले पैकेट").await?;
            app.click("[data-testid=new-case]").await?;
            app.wait_for_text("मरीज़ का पूरा नाम").await?;
            app.check_accessibility("new case, in Hindi").await?;
            app.click("[data-testid=larger-text]").await?;
            app.find("html.large-text").await?;
            app.find("[data-testid=larger-text][aria-pressed=true]")
                .await?;
            app.screenshot("new-case-hindi-larger-text").await;
            app.select("[data-testid=language]", "en").await?;
            app.wait_for_text("Patient's full name").await?;
            Ok(())
        },
    );
}
