//! Stars clicked faster than they are saved: every click counts, in order, and the limit of
//! five holds.

use crate::harness::App;
use crate::{harness, seed};

async fn starred_ids(app: &App) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let script = "return [...document.querySelectorAll('[data-testid=starred-questions] > li')]\
                  .map(li => li.dataset.question).sort();";
    Ok(serde_json::from_value(app.evaluate(script).await?)?)
}

#[test]
fn six_stars_clicked_at_once_star_five_and_explain_the_sixth() {
    harness::run(
        "quick_stars",
        |dir| {
            seed::case(dir, "Asha Verma");
        },
        |app| async move {
            app.click("[aria-label='Open the packet for Asha Verma']")
                .await?;
            app.click("[data-testid=open-questions]").await?;
            app.wait_for_text("0 of 5 questions starred").await?;
            // Six clicks in one go, before the first is saved: the hardest case.
            let clicked = app
                .evaluate(
                    "const ids = [...document.querySelectorAll('[data-testid=other-questions] > li')]\
                       .slice(0, 6).map(li => li.dataset.question);\
                     ids.forEach(id => document.getElementById('star-' + id).click());\
                     return ids;",
                )
                .await?;
            let clicked: Vec<String> = serde_json::from_value(clicked)?;
            if clicked.len() != 6 {
                return Err(format!("fewer than six questions to star: {clicked:?}").into());
            }
            app.wait_for_text("5 of 5 questions starred").await?;
            app.wait_for_text("You have starred 5 questions, which is the most you can star.")
                .await?;
            let mut first_five = clicked[..5].to_vec();
            first_five.sort();
            if starred_ids(&app).await? != first_five {
                return Err("the first five clicked are not the ones starred".into());
            }
            // Saved, not only shown: the list read again from the app agrees.
            app.click("[data-testid=questions-back]").await?;
            app.click("[data-testid=open-questions]").await?;
            app.wait_for_text("5 of 5 questions starred").await?;
            if starred_ids(&app).await? != first_five {
                return Err("the stars shown after reopening differ".into());
            }
            app.check_accessibility("questions after quick stars")
                .await?;
            Ok(())
        },
    );
}
