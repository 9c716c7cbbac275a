//! The OCR job, run inside the worker: scanned PDF pages and photos through Tesseract.
//!
//! Each page's image goes to a file in the job's own scratch folder (the supervisor removes
//! the folder afterwards, whatever happens), then to Tesseract with one thread per process;
//! pages are shared between as many threads as the job was given.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use carryall_ocr::{
    OcrError, OcrOptions, OcrText, Prepared, Tesseract, pdf_page_images, prepare_image,
};

use crate::clean::clean;
use crate::{ExtractError, Extraction, InputKind, Page, TextSource};

/// What the OCR job was asked.
pub struct OcrJob<'a> {
    /// The document's bytes.
    pub bytes: &'a [u8],
    /// A PDF or an image.
    pub kind: InputKind,
    /// The PDF pages to read (ignored for an image, which is page 1).
    pub pages: &'a [u32],
    /// Tesseract language codes, installed ones only.
    pub languages: &'a [String],
    /// Time for one page.
    pub page_time: Duration,
    /// Pages read at once.
    pub threads: usize,
    /// Where page images may be written.
    pub scratch: &'a Path,
}

/// Reads the job's pages. Pages without an image come back empty.
pub fn run(job: &OcrJob<'_>) -> Result<Extraction, ExtractError> {
    let tesseract = Tesseract::find().map_err(ocr_error)?;
    let options = OcrOptions {
        languages: job.languages.to_vec(),
        time_limit: job.page_time,
    };
    let numbers: Vec<u32> = match job.kind {
        InputKind::Image => vec![1],
        InputKind::Pdf => job.pages.to_vec(),
    };
    let next = Mutex::new(numbers.iter());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..job.threads.clamp(1, numbers.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let number = next.lock().ok().and_then(|mut n| n.next().copied());
                    let Some(number) = number else { break };
                    let read = read_page(job, &tesseract, &options, number);
                    if let Ok(mut results) = results.lock() {
                        results.push((number, read));
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(number, _)| *number);
    let mut pages = Vec::with_capacity(results.len());
    let (mut words, mut weighted) = (0usize, 0f64);
    let mut first_error = None;
    for (number, read) in results {
        match read {
            Ok(Some(text)) => {
                words += text.words;
                weighted += f64::from(text.confidence) * text.words as f64;
                pages.push(Page {
                    number,
                    text: clean(&text.text),
                    unreadable: false,
                    from_ocr: true,
                });
            }
            Ok(None) => {}
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    if let (true, Some(error)) = (pages.is_empty(), first_error) {
        return Err(error);
    }
    Ok(Extraction {
        source: TextSource::Ocr,
        pages,
        ocr_confidence: (words > 0).then(|| (weighted / words as f64) as f32),
        no_text: None,
        needs_ocr: Vec::new(),
    })
}

/// One page's text, or `None` for a PDF page that holds no image.
fn read_page(
    job: &OcrJob<'_>,
    tesseract: &Tesseract,
    options: &OcrOptions,
    number: u32,
) -> Result<Option<OcrText>, ExtractError> {
    let image = job.scratch.join(format!("page-{number}"));
    let bytes = match job.kind {
        InputKind::Image => match prepare_image(job.bytes).map_err(ocr_error)? {
            Prepared::AsIs => job.bytes.to_vec(),
            Prepared::Rotated(png) => png,
        },
        InputKind::Pdf => {
            let images = pdf_page_images(job.bytes, &[number]).map_err(ocr_error)?;
            match images.into_iter().next() {
                Some(image) => image.bytes,
                None => return Ok(None),
            }
        }
    };
    std::fs::write(&image, bytes).map_err(|e| ExtractError::Unreadable(e.kind().to_string()))?;
    let text = tesseract.read(&image, options).map_err(ocr_error);
    let _ = std::fs::remove_file(&image);
    text.map(Some)
}

fn ocr_error(error: OcrError) -> ExtractError {
    match error {
        OcrError::NotInstalled => ExtractError::OcrNotInstalled,
        other => ExtractError::Ocr(other.to_string()),
    }
}
