//! Reviewing what Carryall read: each document's kind, date and text status in the list, a
//! document's key facts and text page by page beside the original (a PDF's pages drawn, a
//! photo shown), and searching the packet's documents.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use carryall_app::domain::{CaseForm, Document};
use carryall_app::store::Reading;
use carryall_app::{Actor, Carryall};

use crate::harness::{self, TestResult};

/// Reading a scan with OCR takes a while, more so on a busy machine.
const READING_PATIENCE: Duration = Duration::from_secs(240);

const PATHOLOGY: &str = "tests/fixtures/documents/chromium/breast-pathology-mumbai.pdf";
const KIDNEY_SCAN: &str = "tests/fixtures/documents/scans/kft-patna-scan.pdf";
const MARKERS_PHOTO: &str = "tests/fixtures/documents/scans/tumor-markers-denver.png";
const LONG_REPORT: &str = "tests/fixtures/large/report-300-pages-reportlab.pdf";

/// The original's first page once pdf.js has drawn it.
const FIRST_PAGE_DRAWN: &str = "[data-testid=original-pages] [data-page='1'][data-drawn]";

/// A folder holding copies of these fixtures (the path box takes one folder more reliably
/// than several lines typed through WebDriver).
fn folder_of(fixtures: &[&str]) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a folder of documents");
    for relative in fixtures {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        let name = from.file_name().expect("a file name");
        std::fs::copy(&from, folder.path().join(name)).expect("the fixture is copied");
    }
    folder
}

/// Creates the case and remembers the data directory, so the test can ask the application
/// API what the app should be showing.
fn seed_case(dir: &Path, remember: &Mutex<Option<PathBuf>>) {
    let carryall = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
    let form = CaseForm {
        patient_name: "Priya Sharma",
        cancer_type: Some("breast"),
        ..CaseForm::default()
    };
    carryall
        .create_case(&form)
        .expect("the seed case is created");
    *remember.lock().unwrap() = Some(dir.to_owned());
}

/// What the app stored for the document with this file name: the document and its reading
/// (opened read-only: the running app holds the data folder's writer lock).
fn stored(data_dir: &Path, name: &str) -> Result<(Document, Reading), Box<dyn std::error::Error>> {
    let carryall = Carryall::open_read_only(data_dir, Actor::Cli)?;
    let case = carryall.list_cases()?.pop().ok_or("no case")?;
    let case_id = case.id.to_string();
    let document = carryall
        .documents(&case_id)?
        .into_iter()
        .find(|d| d.original_name == name)
        .ok_or_else(|| format!("{name} is not stored"))?;
    let reading = carryall
        .readings(&case_id)?
        .remove(&document.id)
        .unwrap_or_default();
    Ok((document, reading))
}

/// A day as the English UI writes it (`toLocaleDateString("en", long month)`).
fn english_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = iso.split('-').map(|p| p.parse::<usize>().unwrap_or(0));
    let (year, month, day) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(0),
    );
    format!("{} {day}, {year}", MONTHS[month.saturating_sub(1).min(11)])
}

/// Fails unless `text` contains each of `expected`, comparing with runs of white space as one
/// space (as the page shows them outside the text preview).
fn expect_contains(what: &str, text: &str, expected: &[&str]) -> TestResult {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = squeeze(text);
    for wanted in expected {
        if !shown.contains(&squeeze(wanted)) {
            return Err(format!("{what} lacks {wanted:?}:\n{text}").into());
        }
    }
    Ok(())
}

/// Runs `body` against a fresh app whose case (Priya Sharma's) is open with these fixtures
/// added to it.
fn with_documents_added<B, F>(name: &str, fixtures: &[&str], body: B)
where
    B: FnOnce(harness::App) -> F,
    F: std::future::Future<Output = TestResult>,
{
    let inbox = folder_of(fixtures);
    let folder = inbox.path().to_str().unwrap().to_owned();
    let count = fixtures.len();
    let data_dir = Mutex::new(None);
    harness::run(
        name,
        |dir| seed_case(dir, &data_dir),
        |app| async move {
            add_documents(&app, &folder, count).await?;
            body(app).await
        },
    );
}

/// Opens the seeded case and adds the `count` files of this folder through the test-only
/// path box.
async fn add_documents(app: &harness::App, folder: &str, count: usize) -> TestResult {
    app.click("[aria-label='Open the packet for Priya Sharma']")
        .await?;
    app.find("[data-testid=case-title]").await?;
    app.fill("test-paths", folder).await?;
    app.click("[data-testid=add-test-paths]").await?;
    let summary = format!("{count} added, 0 already in this packet, 0 not added.");
    app.wait_for_text_within(&summary, READING_PATIENCE).await
}

#[test]
fn the_list_shows_kind_and_date_and_the_details_show_facts_and_text() {
    let data_dir = Arc::new(Mutex::new(None));
    let remember = Arc::clone(&data_dir);
    let inbox = folder_of(&[PATHOLOGY, KIDNEY_SCAN]);
    let folder = inbox.path().to_str().unwrap().to_owned();
    let seed = move |dir: &Path| seed_case(dir, &remember);
    harness::run("review_details", seed, |app| async move {
        add_documents(&app, &folder, 2).await?;
        let dir = data_dir.lock().unwrap().clone().ok_or("no data dir")?;
        let (pathology, reading) = stored(&dir, "breast-pathology-mumbai.pdf")?;
        let (scan, _) = stored(&dir, "kft-patna-scan.pdf")?;

        // The list: the detected kinds, the dates, and the scan noted as a scan.
        let row = |d: &Document| format!("tr[data-document-id='{}']", d.id);
        let kind = app
            .find(&format!("{} select", row(&pathology)))
            .await?
            .prop("value")
            .await?;
        if kind.as_deref() != Some("pathology") {
            return Err(format!("the pathology report is filed as {kind:?}").into());
        }
        let kind = app
            .find(&format!("{} select", row(&scan)))
            .await?
            .prop("value")
            .await?;
        if kind.as_deref() != Some("lab") {
            return Err(format!("the kidney tests are filed as {kind:?}").into());
        }
        let pathology_row = app.text_of(&row(&pathology)).await?;
        let date = pathology
            .document_date
            .ok_or("no date was found in the pathology report")?
            .to_string();
        expect_contains(
            "the pathology report's row",
            &pathology_row,
            &["Detected from the text", &english_date(&date)],
        )?;
        let scan_row = app.text_of(&row(&scan)).await?;
        expect_contains(
            "the scan's row",
            &scan_row,
            &["Read from a scan", "Detected from the text"],
        )?;
        app.check_accessibility("case with read documents").await?;

        // The details: focus on the heading, facts with labels, pages and quoted snippets.
        app.click("[aria-label='View details of breast-pathology-mumbai.pdf']")
            .await?;
        let title = app.text_of("[data-testid=document-title]").await?;
        if title != "breast-pathology-mumbai.pdf" {
            return Err(format!("the detail view is titled {title:?}").into());
        }
        let focused = app.focused().await?;
        if focused != "document-heading" {
            return Err(format!("focus went to {focused:?}, not the heading").into());
        }
        let er = reading
            .facts
            .iter()
            .find(|f| f.name == "er")
            .ok_or("no ER fact was found in the pathology report")?;
        let er_shown = app.text_of("[data-fact=er]").await?;
        expect_contains(
            "the ER fact",
            &er_shown,
            &[
                "Oestrogen receptor (ER)",
                &er.value,
                &format!("page {}", er.page.unwrap_or(0)),
                &er.snippet,
            ],
        )?;
        app.wait_for_text("Page 1 of 2").await?;
        let text = app.text_of("[data-testid=document-text]").await?;
        expect_contains(
            "the document's text",
            &text,
            &["Page 1 of 2", "Surgical Pathology Report", "Page 2 of 2"],
        )?;
        app.check_accessibility("document details").await?;
        app.find(FIRST_PAGE_DRAWN).await?;
        app.run_script("document.getElementById('original-heading').scrollIntoView();")
            .await?;
        app.screenshot("document-details").await;

        // Back to the packet: focus returns to the button that opened the details.
        app.click("[data-testid=detail-back]").await?;
        app.find("[data-testid=case-title]").await?;
        let focused = app.focused().await?;
        if focused != format!("open-{}", pathology.id) {
            return Err(format!("back in the packet, focus is on {focused:?}").into());
        }

        // Search: a word found in the scan, opened at its page with the word marked.
        app.fill("search-query", "creatinine").await?;
        app.click("[data-testid=search-submit]").await?;
        app.wait_for_text("1 page found for “creatinine”.").await?;
        let hit = app.text_of("[data-testid=search-hit]").await?;
        expect_contains("the search result", &hit, &["kft-patna-scan.pdf", "page 1"])?;
        let marked = app.text_of("[data-testid=search-hit] mark").await?;
        if !marked.eq_ignore_ascii_case("creatinine") {
            return Err(format!("the match is marked as {marked:?}").into());
        }
        app.check_accessibility("search results").await?;
        app.run_script("document.getElementById('search-heading').scrollIntoView();")
            .await?;
        app.screenshot("search-results").await;
        app.click("[data-testid=search-hit]").await?;
        let title = app.text_of("[data-testid=document-title]").await?;
        if title != "kft-patna-scan.pdf" {
            return Err(format!("the search hit opened {title:?}").into());
        }
        app.find("#page-1").await?;
        let focused = app.focused().await?;
        if focused != "page-1" {
            return Err(format!("the hit's page did not get focus ({focused:?} did)").into());
        }
        let marked = app.text_of("[data-testid=document-text] mark").await?;
        if !marked.to_lowercase().starts_with("creatinine") {
            return Err(format!("the page marks {marked:?}, not the searched word").into());
        }
        expect_contains(
            "the scan's details",
            &app.text_of("[data-testid=document-summary]").await?,
            &["Read from a scan"],
        )?;
        app.check_accessibility("document details from a search")
            .await?;
        Ok(())
    });
}

#[test]
fn the_document_screen_shows_the_original_beside_its_text() {
    with_documents_added(
        "review_original",
        &[PATHOLOGY, MARKERS_PHOTO],
        |app| async move {
            // A PDF: a frame per page, labelled for screen readers; the first page drawn, with
            // ink on it (so pdf.js ran, its worker and fonts loaded under the window's CSP).
            app.click("[aria-label='View details of breast-pathology-mumbai.pdf']")
                .await?;
            app.find(FIRST_PAGE_DRAWN).await?;
            let labels = app
            .evaluate(
                "return [...document.querySelectorAll('[data-testid=original-pages] [data-page]')]
                   .map(f => f.getAttribute('aria-label'));",
            )
            .await?;
            let expected =
                serde_json::json!(["Page 1 of 2 of the original", "Page 2 of 2 of the original"]);
            if labels != expected {
                return Err(format!("the original's pages are labelled {labels}").into());
            }
            let inked = app
                .evaluate(
                    "const c = document.querySelector(\"[data-page='1'] canvas\");
                 const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 let dark = 0;
                 for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128) dark++;
                 return { width: c.width, dark };",
                )
                .await?;
            let dark = inked["dark"].as_u64().unwrap_or(0);
            if inked["width"].as_u64().unwrap_or(0) < 300 || dark < 1000 {
                return Err(format!("the first page looks blank: {inked}").into());
            }
            // pdf.js reads its own data (fonts a PDF names without embedding them, character
            // maps, colour profiles) from the app's files: the CSP lets the page read those.
            let data = app
            .evaluate_async(
                "const done = arguments[arguments.length - 1];
                 fetch('/pdfjs/standard_fonts/FoxitSymbol.pfb')
                   .then(r => r.arrayBuffer().then(b => done(r.status + ' ' + b.byteLength)), e => done(String(e)));",
            )
            .await?;
            if !data.as_str().is_some_and(|d| d.starts_with("200 ")) {
                return Err(format!("pdf.js's bundled font could not be read: {data}").into());
            }
            expect_contains(
                "the text beside the original",
                &app.text_of("[data-testid=document-text]").await?,
                &["Surgical Pathology Report"],
            )?;
            app.check_accessibility("document details with the original")
                .await?;

            // Side by side in this wide window; one above the other when the text is twice as
            // large (as at 200% zoom), so neither column gets too narrow to read.
            let layout = "const o = document.querySelector('[data-testid=original]').getBoundingClientRect();
                      const t = document.querySelector('[data-testid=document-text]').getBoundingClientRect();
                      return t.left >= o.right ? 'side by side' : t.top >= o.bottom ? 'stacked' : 'overlapping';";
            let wide = app.evaluate(layout).await?;
            app.run_script("document.documentElement.style.fontSize = '200%';")
                .await?;
            let large = app.evaluate(layout).await?;
            app.run_script("document.documentElement.style.fontSize = '';")
                .await?;
            if (wide.as_str(), large.as_str()) != (Some("side by side"), Some("stacked")) {
                return Err(format!(
                    "the original and the text are {wide} when wide and {large} with large text"
                )
                .into());
            }

            // A photo: shown whole from its checked bytes, with a text alternative.
            app.click("[data-testid=detail-back]").await?;
            app.click("[aria-label='View details of tumor-markers-denver.png']")
                .await?;
            let image = app.find("[data-testid=original-image]").await?;
            let alt = image.attr("alt").await?;
            if alt.as_deref() != Some("The original of tumor-markers-denver.png, as it was added") {
                return Err(format!("the photo's text alternative is {alt:?}").into());
            }
            let decoded = app
                .evaluate_async(
                    "const done = arguments[arguments.length - 1];
                 const img = document.querySelector('[data-testid=original-image]');
                 img.decode().then(() => done(img.naturalWidth), () => done(0));",
                )
                .await?;
            if decoded.as_u64().unwrap_or(0) == 0 {
                return Err("the photo of the original did not load".into());
            }
            app.check_accessibility("a photo's details").await?;
            Ok(())
        },
    );
}

#[test]
fn a_locked_pdf_and_an_undrawable_picture_say_so_plainly() {
    with_documents_added(
        "review_original_refused",
        &[
            "tests/fixtures/hostile/password-protected.pdf",
            "tests/fixtures/hostile/image-bomb-65500x65500.jpg",
        ],
        |app| async move {
            for (name, said) in [
                (
                    "password-protected.pdf",
                    "Carryall could not show this PDF. It may be damaged or locked with a password.",
                ),
                (
                    "image-bomb-65500x65500.jpg",
                    "Carryall could not show this picture. It may be damaged or too large to draw.",
                ),
            ] {
                app.click(&format!("[aria-label='View details of {name}']"))
                    .await?;
                app.wait_for_text(said).await?;
                app.check_accessibility(&format!("{name} not shown"))
                    .await?;
                // The screen stays usable: back to the packet.
                app.click("[data-testid=detail-back]").await?;
                app.find("[data-testid=case-title]").await?;
            }
            Ok(())
        },
    );
}

#[test]
fn a_long_report_draws_only_the_pages_near_the_view() {
    with_documents_added("review_long_original", &[LONG_REPORT], |app| async move {
        app.click("[aria-label='View details of report-300-pages-reportlab.pdf']")
            .await?;
        app.find(FIRST_PAGE_DRAWN).await?;
        let count = "return [document.querySelectorAll('[data-testid=original-pages] [data-page]').length,
                             document.querySelectorAll('[data-testid=original-pages] [data-drawn]').length];";
        let [pages, drawn] = serde_json::from_value::<[u64; 2]>(app.evaluate(count).await?)?;
        if pages != 300 || drawn > 5 {
            return Err(format!("{drawn} of {pages} pages were drawn at first").into());
        }
        // Scrolled to the end: the last page is drawn, and the first is let go again.
        app.run_script(
            "const r = document.querySelector('[data-testid=original-pages]'); r.scrollTop = r.scrollHeight;",
        )
        .await?;
        app.find("[data-testid=original-pages] [data-page='300'][data-drawn]")
            .await?;
        let first = app
            .evaluate(
                "const f = document.querySelector(\"[data-testid=original-pages] [data-page='1']\");
                 return [f.hasAttribute('data-drawn'), f.querySelector('canvas').width];",
            )
            .await?;
        if first != serde_json::json!([false, 0]) {
            return Err(
                format!("far from view, the first page still holds its picture: {first}").into(),
            );
        }
        let [_, drawn] = serde_json::from_value::<[u64; 2]>(app.evaluate(count).await?)?;
        if drawn > 5 {
            return Err(format!("{drawn} pages are drawn at the end of the report").into());
        }
        Ok(())
    });
}

/// A one-page PDF whose text layer holds `lines` (Helvetica, one line each).
fn text_pdf(lines: &[&str]) -> Vec<u8> {
    let shown: Vec<String> = lines.iter().map(|l| format!("({l}) Tj T*")).collect();
    let content = format!("BT /F1 12 Tf 72 720 Td 14 TL {} ET", shown.join(" "));
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

#[test]
fn an_unclear_date_is_flagged_and_document_text_is_never_run_as_html() {
    let inbox = tempfile::tempdir().expect("a folder of documents");
    let note = inbox.path().join("clinic note.pdf");
    std::fs::write(
        &note,
        text_pdf(&[
            "Clinic note",
            "Report date 04/05/2025",
            "Zebrafish <img src=x onerror=alert(1)> <b>bold</b>",
        ]),
    )
    .unwrap();
    let folder = inbox.path().to_str().unwrap().to_owned();
    let seed = |dir: &Path| seed_case(dir, &Mutex::new(None));
    harness::run("review_unclear_date", seed, |app| async move {
        add_documents(&app, &folder, 1).await?;
        let warning = app.text_of("[data-testid=date-warning]").await?;
        expect_contains(
            "the date warning",
            &warning,
            &[
                "Date unclear: 04/05/2025 could be",
                "May 4, 2025",
                "April 5, 2025",
                "check it",
            ],
        )?;

        app.fill("search-query", "zebrafish").await?;
        app.click("[data-testid=search-submit]").await?;
        app.wait_for_text("1 page found for “zebrafish”.").await?;
        let hit = app.text_of("[data-testid=search-hit]").await?;
        expect_contains("the search result", &hit, &["<img src=x onerror=alert(1)>"])?;
        app.click("[data-testid=search-hit]").await?;
        app.wait_for_text("Page 1 of 1").await?;
        let text = app.text_of("[data-testid=document-text]").await?;
        expect_contains(
            "the document's text",
            &text,
            &["<img src=x onerror=alert(1)>"],
        )?;
        // The markup in the document stayed text: no element was made from it.
        let made = app
            .find("main")
            .await?
            .find_all(fantoccini::Locator::Css("main img, main b"))
            .await?;
        if !made.is_empty() {
            return Err(format!("{} elements were made from document text", made.len()).into());
        }
        expect_contains(
            "the details",
            &app.text_of("[data-testid=document-summary]").await?,
            &["Date unclear: 04/05/2025"],
        )?;
        app.check_accessibility("document details with an unclear date")
            .await?;
        Ok(())
    });
}

/// Seeds a case whose document was imported but never read (as after an import cut short).
fn seed_unread(dir: &Path) {
    let carryall = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
    let form = CaseForm {
        patient_name: "Unread Person",
        ..CaseForm::default()
    };
    let case = carryall
        .create_case(&form)
        .expect("the seed case is created");
    let pathology = Path::new(env!("CARGO_MANIFEST_DIR")).join(PATHOLOGY);
    let report = carryall
        .import(
            case.id.as_str(),
            &[pathology],
            &carryall_app::import::ImportOptions::default(),
            &mut |_, _| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .expect("the seed document is imported");
    assert!(!report.any_rejected(), "the fixture imports");
}

#[test]
fn documents_left_unread_are_read_when_their_case_opens() {
    harness::run("unread_case", seed_unread, |app| async move {
        app.click("[aria-label='Open the packet for Unread Person']")
            .await?;
        app.find("[data-testid=case-title]").await?;
        // Read in a worker process of the desktop binary itself, then shown as detected.
        app.wait_for_text_within("Detected from the text", READING_PATIENCE)
            .await?;
        app.check_accessibility("case screen after reading").await?;
        Ok(())
    });
}
