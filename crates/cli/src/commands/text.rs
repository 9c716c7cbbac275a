//! `carryall text` and `carryall search`: a document's extracted text, and finding words in a
//! case's documents.

use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::output::Report;

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
    let hits = app.search(case, query)?;
    let names: std::collections::HashMap<_, _> = app
        .documents(case)?
        .into_iter()
        .map(|d| (d.id, d.original_name))
        .collect();
    let hits: Vec<HitJson> = hits
        .into_iter()
        .map(|hit| HitJson {
            original_name: names.get(&hit.document_id).cloned().unwrap_or_default(),
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
