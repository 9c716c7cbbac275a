//! `carryall read`, `text` and `search`: reading a case's documents, a document's extracted
//! text, and finding words in a case's documents.

use std::io::{IsTerminal, Write};
use std::sync::atomic::AtomicBool;

use carryall_app::reading::ReadProgress;
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::output::Report;

/// Reads the case's documents not read yet (all of them with `again`).
pub fn read(app: &Carryall, case: &str, again: bool, human: bool) -> Result<Report, AppError> {
    if again {
        app.forget_readings(case)?;
    }
    let show_progress = human && std::io::stderr().is_terminal();
    let mut on_progress = |p: &ReadProgress| {
        if show_progress {
            let mut err = std::io::stderr();
            let _ = write!(
                err,
                "\r\x1b[KReading documents: {} of {} done",
                p.done, p.total
            );
            let _ = err.flush();
        }
    };
    let report = app.read_documents(case, &mut on_progress, &AtomicBool::new(false))?;
    if show_progress {
        eprint!("\r\x1b[K");
    }
    let human = format!(
        "Read {} document(s); {} without text Carryall could read.\n",
        report.read, report.without_text
    );
    let json = serde_json::json!({ "read": report.read, "without_text": report.without_text });
    Ok(Report::new(human, &json))
}

/// Prints a document's text: pages separated by a form feed (as `pdftotext` does).
pub fn show(app: &Carryall, case: &str, document: &str) -> Result<Report, AppError> {
    let text = app.document_text(case, document)?;
    let body = text
        .pages
        .iter()
        .map(|page| page.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\u{000C}");
    let human = match (&text.source, &text.error) {
        (_, Some(error)) if body.is_empty() => format!("No text: {error}\n"),
        (None, _) => "This document has not been read yet.\n".to_owned(),
        _ => format!("{body}\n"),
    };
    let json = TextJson {
        document_id: text.document.id.to_string(),
        text_source: text.source,
        text_error: text.error,
        ocr_confidence: text.ocr_confidence,
        pages: text
            .pages
            .into_iter()
            .map(|page| PageJson {
                page: page.number,
                from_ocr: page.from_ocr,
                text: page.text,
            })
            .collect(),
    };
    Ok(Report::new(human, &json))
}

/// Lists the pages that match, with the words around each match.
pub fn search(app: &Carryall, case: &str, query: &str) -> Result<Report, AppError> {
    let hits: Vec<HitJson> = app
        .search(case, query)?
        .into_iter()
        .map(|hit| HitJson {
            original_name: hit.original_name,
            document_id: hit.document_id.to_string(),
            page: hit.page,
            snippet: hit.snippet,
        })
        .collect();
    let mut human = String::new();
    if hits.is_empty() {
        human.push_str("Nothing found.\n");
    }
    for hit in &hits {
        human.push_str(&format!(
            "{} ({}), page {}: {}\n",
            hit.original_name,
            hit.document_id,
            hit.page,
            hit.snippet.replace('\n', " ")
        ));
    }
    Ok(Report::new(human, &SearchJson { hits }))
}

#[derive(Serialize)]
struct TextJson {
    document_id: String,
    text_source: Option<String>,
    text_error: Option<String>,
    ocr_confidence: Option<f64>,
    pages: Vec<PageJson>,
}

#[derive(Serialize)]
struct PageJson {
    page: u32,
    from_ocr: bool,
    text: String,
}

#[derive(Serialize)]
struct SearchJson {
    hits: Vec<HitJson>,
}

#[derive(Serialize)]
struct HitJson {
    document_id: String,
    original_name: String,
    page: u32,
    snippet: String,
}
