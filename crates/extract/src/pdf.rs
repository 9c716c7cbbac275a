//! The text layer of a PDF, page by page, read in this process.
//!
//! pdf-extract interprets each page's drawing operators and hands every glyph to
//! [`GlyphCollector`]; [`layout::page_text`] makes lines and words of them. Pages are shared
//! between threads (a 300-page report uses every core), and a page whose parsing panics is
//! reported as unreadable while the other pages keep their text. Each thread finds its pages
//! through its own copy of the document ([`crate::page_view`]). Callers that need memory and
//! time limits run this inside the worker process ([`crate::worker`]).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

use pdf_extract::{Document, ObjectId};

use crate::actual_text::{self, page_spans};
use crate::page_view::PageView;
use crate::plain_streams::decompress_text_streams;
use crate::quotes::expand_quote_operators;
use crate::to_unicode::compact_to_unicode_maps;
use crate::widths::fix_cid_widths;

use crate::clean::clean;
use crate::glyphs::GlyphCollector;
use crate::layout::page_text;
use crate::{ExtractError, Page};

/// A page of more glyphs than this is hostile or broken; the rest of it is not read.
const MAX_GLYPHS_PER_PAGE: usize = 200_000;

/// The text of every page, in page order. Pages that could not be read have `unreadable` set.
pub fn pdf_pages(bytes: &[u8], threads: usize) -> Result<Vec<Page>, ExtractError> {
    let document = load(bytes)?;
    let numbers: Vec<(u32, ObjectId)> = document.get_pages().into_iter().collect();
    if numbers.is_empty() {
        return Err(ExtractError::Damaged(
            "no pages could be found in it".to_owned(),
        ));
    }
    let next = Mutex::new(numbers.iter());
    let results = Mutex::new(Vec::with_capacity(numbers.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, numbers.len()) {
            scope.spawn(|| {
                let mut view = PageView::copy_of(&document);
                loop {
                    let number = match next.lock() {
                        Ok(mut pages) => pages.next().copied(),
                        Err(_) => None,
                    };
                    let Some((number, id)) = number else { break };
                    let page = read_page(&document, view.as_mut(), number, id);
                    if let Ok(mut done) = results.lock() {
                        done.push(page);
                    }
                }
            });
        }
    });
    let mut pages = results.into_inner().unwrap_or_default();
    pages.sort_by_key(|page| page.number);
    if pages.iter().all(|page| page.unreadable) {
        return Err(ExtractError::Damaged(
            "none of its pages could be read".to_owned(),
        ));
    }
    Ok(pages)
}

fn load(bytes: &[u8]) -> Result<Document, ExtractError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|window| window == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    let loaded = catch_unwind(|| Document::load_mem(bytes));
    let mut document = match loaded {
        Ok(Ok(document)) => document,
        Ok(Err(pdf_extract::Error::Decryption(_))) => return Err(ExtractError::Encrypted),
        Ok(Err(error)) => return Err(ExtractError::Damaged(describe(&error))),
        Err(_) => {
            return Err(ExtractError::Damaged(
                "its structure could not be read".to_owned(),
            ));
        }
    };
    if document.is_encrypted() {
        // Many PDFs are "encrypted" only against editing, with an empty password to open them.
        document.decrypt("").map_err(|_| ExtractError::Encrypted)?;
    }
    decompress_text_streams(&mut document);
    fix_cid_widths(&mut document);
    expand_quote_operators(&mut document);
    compact_to_unicode_maps(&mut document);
    Ok(document)
}

fn read_page(
    document: &Document,
    view: Option<&mut PageView>,
    number: u32,
    page_id: ObjectId,
) -> Page {
    let mut collector = GlyphCollector::new(MAX_GLYPHS_PER_PAGE);
    let outcome = catch_unwind(AssertUnwindSafe(|| match view {
        Some(view) => pdf_extract::output_doc_page(view.showing(page_id), &mut collector, 1),
        None => pdf_extract::output_doc_page(document, &mut collector, number),
    }));
    let unreadable = !matches!(outcome, Ok(Ok(())));
    let spans = catch_unwind(AssertUnwindSafe(|| page_spans(document, page_id)))
        .ok()
        .flatten();
    let text = collector
        .into_pages()
        .into_iter()
        .map(|mut page| {
            if let Some(spans) = &spans {
                actual_text::apply(spans, &mut page.glyphs, &page.strings);
            }
            clean(&page_text(&page.glyphs))
        })
        .collect::<Vec<_>>()
        .join("\n");
    Page {
        number,
        text,
        unreadable,
        from_ocr: false,
    }
}

/// A short, content-free description of a parser error.
fn describe(error: &pdf_extract::Error) -> String {
    match error {
        pdf_extract::Error::Xref(_) | pdf_extract::Error::MissingXrefEntry => {
            "its table of contents (cross-reference table) is broken"
        }
        pdf_extract::Error::Parse(_) => "it is cut short or its structure is broken",
        pdf_extract::Error::UnsupportedSecurityHandler(_) => {
            "it is locked in a way Carryall cannot open"
        }
        _ => "its structure is broken",
    }
    .to_owned()
}
