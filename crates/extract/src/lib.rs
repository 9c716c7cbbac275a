//! A document's text: PDF text layers assembled from positioned glyphs, OCR for scans and
//! photos, all read inside a contained worker process.
//!
//! PDF parsers meet hostile and broken files: pdf-extract panics on some, inflates compressed
//! streams without limit and can loop. So [`Extractor`] runs the reading in a child process
//! (the same program, started with [`WORKER_ARG`]) with a time limit and a memory limit, and
//! turns a crash, a timeout or an exhausted memory limit into an [`ExtractError`] a person can
//! act on. Both binaries call [`run_worker_if_requested`] first thing in `main`.
//!
//! **Architecture invariant:** nothing here prints or logs document text; the worker's only
//! output is its JSON answer on stdout.

mod actual_text;
mod clean;
mod column_starts;
mod error;
mod glyphs;
mod layout;
mod ocr;
mod page_view;
mod pdf;
mod plain_streams;
mod quotes;
mod shown_bytes;
mod supervisor;
mod to_unicode;
mod widths;
mod worker;
mod wrapped_cells;

pub use error::ExtractError;
pub use supervisor::{Extractor, Limits, NO_TEXT_IN_PDF, NO_WORDS_FROM_OCR};
pub use worker::{WORKER_ARG, run_worker_if_requested};

use serde::{Deserialize, Serialize};

/// Fewer letters and digits than this in a whole document is "no text", not a success.
pub const MIN_MEANINGFUL_CHARS: usize = 20;
/// A PDF page with fewer letters and digits than this in its text layer is read by OCR.
pub const MIN_PAGE_CHARS: usize = 12;

/// What kind of file is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A PDF: its text layer, and OCR for pages without one.
    Pdf,
    /// A photo or scan (JPEG, PNG, TIFF): OCR.
    Image,
}

/// Where a document's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    /// The PDF's own text layer.
    Pdf,
    /// Optical character recognition (at least one page).
    Ocr,
    /// No usable text: see [`Extraction::no_text`].
    None,
}

impl TextSource {
    /// The stable short name: `pdf`, `ocr` or `none`.
    pub fn slug(self) -> &'static str {
        match self {
            TextSource::Pdf => "pdf",
            TextSource::Ocr => "ocr",
            TextSource::None => "none",
        }
    }
}

/// The text of one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// The page's text: lines separated by `\n`, table cells by three spaces.
    pub text: String,
    /// The page could not be read (its text is then empty or partial).
    pub unreadable: bool,
    /// The text was read by OCR from the page's image.
    pub from_ocr: bool,
}

/// Everything read from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Where the text came from.
    pub source: TextSource,
    /// Every page, in order (empty for a document with no text).
    pub pages: Vec<Page>,
    /// Mean OCR word confidence, 0 to 100, when any text came from OCR.
    pub ocr_confidence: Option<f32>,
    /// Why there is no usable text, in plain words, when `source` is `None`.
    pub no_text: Option<String>,
    /// Pages with no usable text layer, for OCR (only between the worker's two jobs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs_ocr: Vec<u32>,
}

impl Extraction {
    /// The whole text, pages separated by a form feed (as `pdftotext` does).
    pub fn text(&self) -> String {
        self.pages
            .iter()
            .map(|page| page.text.as_str())
            .collect::<Vec<_>>()
            .join("\u{000C}")
    }

    /// Letters and digits in all pages.
    pub fn meaningful_chars(&self) -> usize {
        self.pages
            .iter()
            .map(|page| clean::meaningful_chars(&page.text))
            .sum()
    }
}

/// The text layer of a PDF read in this process, without the worker's limits and without
/// OCR: for benchmarks and tools that already run contained. `threads` pages at once.
pub fn extract_pdf_in_process(bytes: &[u8], threads: usize) -> Result<Extraction, ExtractError> {
    worker::text_layer(bytes, threads)
}
