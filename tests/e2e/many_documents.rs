//! A case of 1,000 documents stays responsive: the case screen opens with the first page of
//! the document list and the rest a button press away. Prints how long opening took (in the
//! page, from the click to the list drawn) for BENCHMARKS.md; speed is not asserted.

use std::sync::atomic::AtomicBool;

use carryall_app::import::ImportOptions;
use carryall_app::{Actor, Carryall};

use crate::harness::App;
use crate::{harness, seed};

const DOCUMENTS: usize = 1_000;
/// How many rows the list draws at first, and adds per "Show more".
const PAGE: usize = 100;

/// A case of `DOCUMENTS` small files, imported and read as the CLI's `add` does.
fn seed_many(dir: &std::path::Path) {
    let case = seed::case(dir, "Asha Verma");
    let source = dir.join("source-documents");
    std::fs::create_dir_all(&source).expect("a folder of documents");
    for i in 0..DOCUMENTS {
        std::fs::write(
            source.join(format!("letter-{i:04}.txt")),
            format!("Letter number {i} about the appointment\n"),
        )
        .expect("a document");
    }
    let app = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
    let no_cancel = AtomicBool::new(false);
    let report = app
        .import(
            &case,
            std::slice::from_ref(&source),
            &ImportOptions::default(),
            &mut |_, _| {},
            &no_cancel,
        )
        .expect("the documents are imported");
    assert!(!report.any_rejected());
    app.read_documents(&case, &mut |_| {}, &no_cancel)
        .expect("the documents are read");
    std::fs::remove_dir_all(&source).expect("the source folder is removed");
}

/// Clicks the element matching `css` and returns the milliseconds, measured in the page, until
/// `done` (a JavaScript expression) is true on a drawn frame.
async fn time_until(app: &App, css: &str, done: &str) -> Result<f64, Box<dyn std::error::Error>> {
    let script = format!(
        "const finish = arguments[arguments.length - 1];
         const started = performance.now();
         document.querySelector({css:?}).click();
         const look = () => ({done}) ? finish(performance.now() - started) : requestAnimationFrame(look);
         requestAnimationFrame(look);"
    );
    let took = app.evaluate_async(&script).await?;
    took.as_f64()
        .ok_or_else(|| format!("no time measured: {took}").into())
}

async fn rows(app: &App) -> Result<u64, Box<dyn std::error::Error>> {
    let count = app
        .evaluate(
            "return document.querySelectorAll('[data-testid=document-list] tbody tr').length;",
        )
        .await?;
    count
        .as_u64()
        .ok_or_else(|| format!("no row count: {count}").into())
}

#[test]
fn a_case_of_a_thousand_documents_opens_with_a_page_of_them_and_shows_more() {
    harness::run("many_documents", seed_many, |app| async move {
        app.find("[aria-label='Open the packet for Asha Verma']")
            .await?;
        let opened = time_until(
            &app,
            "[aria-label='Open the packet for Asha Verma']",
            "document.querySelectorAll('[data-testid=document-list] tbody tr').length > 0",
        )
        .await?;
        eprintln!("many_documents: case screen with {DOCUMENTS} documents drawn in {opened:.0} ms");
        app.wait_for_text("1000 documents").await?;
        if rows(&app).await? != PAGE as u64 {
            return Err(format!("the list does not start with {PAGE} rows").into());
        }
        let more = time_until(
            &app,
            "[data-testid=show-more-documents]",
            &format!(
                "document.querySelectorAll('[data-testid=document-list] tbody tr').length > {PAGE}"
            ),
        )
        .await?;
        eprintln!("many_documents: {PAGE} more rows drawn in {more:.0} ms");
        if rows(&app).await? != 2 * PAGE as u64 {
            return Err(format!("'Show more' did not add {PAGE} rows").into());
        }
        // Focus goes to the first row just shown, so a keyboard user carries on from there.
        let focused = app.focused().await?;
        let first_new = app
            .evaluate(&format!(
                "return document.querySelectorAll('[data-testid=document-list] tbody tr')[{PAGE}]\
                 .querySelector('[data-testid=open-document]').id;"
            ))
            .await?;
        if serde_json::Value::String(focused.clone()) != first_new {
            return Err(format!("focus is on {focused:?}, not the first new row").into());
        }
        app.wait_for_text("showing 200 of 1000 documents").await?;
        app.check_accessibility("case with 1,000 documents").await?;
        Ok(())
    });
}
