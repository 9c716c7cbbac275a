//! `data/text/...`: each document's extracted text as a UTF-8 file beside the original, so a
//! reviewer can search and copy it. The path mirrors the document's
//! (`data/documents/01-pathology/x.pdf` → `data/text/01-pathology/x.pdf.txt`), and the file
//! says at the top that a program extracted it, and where OCR read it, how sure OCR was.

use std::fmt::Write;

use carryall_domain::Document;

use crate::contents::DocumentReading;

/// The text file's path in the bag for a document at `document_path`.
pub fn text_path(document_path: &str) -> String {
    let rest = document_path
        .strip_prefix("data/documents/")
        .unwrap_or(document_path);
    format!("data/text/{rest}.txt")
}

/// The text file: a header marking it as machine-extracted, then each page after a marker.
/// `texts` holds the pages' text in the order `reading` lists them (a page without text may
/// have none).
pub fn text_file(
    document: &Document,
    document_path: &str,
    reading: &DocumentReading,
    texts: &[String],
) -> String {
    let mut out = String::new();
    out.push_str("MACHINE-EXTRACTED TEXT: NOT THE ORIGINAL DOCUMENT\n");
    let _ = writeln!(out, "Document: {}", one_line(&document.original_name));
    let _ = writeln!(out, "Original file: {document_path}");
    out.push_str(
        "A computer program took this text from the document. It can contain mistakes: wrong\n\
         characters, lost layout, table cells out of order. Check anything important against\n\
         the original file.\n",
    );
    let ocr_pages: Vec<String> = reading
        .pages
        .iter()
        .filter(|page| page.from_ocr)
        .map(|page| page.number.to_string())
        .collect();
    if !ocr_pages.is_empty() {
        let which = if ocr_pages.len() == reading.pages.len() {
            if ocr_pages.len() == 1 {
                "The page was"
            } else {
                "All pages were"
            }
            .to_owned()
        } else {
            format!(
                "Page{} {} {}",
                if ocr_pages.len() == 1 { "" } else { "s" },
                ocr_pages.join(", "),
                if ocr_pages.len() == 1 { "was" } else { "were" }
            )
        };
        let _ = write!(
            out,
            "OCR: {which} read from an image by OCR (optical character recognition)"
        );
        match reading.ocr_confidence {
            Some(confidence) => {
                let _ = writeln!(
                    out,
                    ", with a mean confidence of {confidence:.0} out of 100."
                );
            }
            None => out.push_str(".\n"),
        }
        out.push_str("OCR often misreads numbers, units and names.\n");
    }
    if let Some(error) = &reading.text_error {
        let _ = writeln!(out, "Note: {}", one_line(error));
    }
    out.push_str("========================================================================\n");
    let count = reading.pages.len();
    for (k, page) in reading.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n=== Page {} of {count}{} ===\n",
            page.number,
            if page.from_ocr { " (OCR)" } else { "" }
        );
        match texts.get(k).filter(|_| page.has_text) {
            Some(text) => {
                out.push_str(text.trim_end());
                out.push('\n');
            }
            None => out.push_str("(no text on this page)\n"),
        }
    }
    out
}

/// Text for a header line: control characters (line breaks included) become spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use carryall_domain::{Category, CategorySource, Id, MediaType, Sha256Hex};
    use chrono::Utc;

    use super::*;
    use crate::contents::TextPage;

    fn document() -> Document {
        Document {
            id: Id::from_random([1; 8]),
            case_id: Id::from_random([2; 8]),
            sha256: Sha256Hex::from_digest(&[0; 32]),
            original_name: "Scan\nof report.pdf".into(),
            size: 10,
            modified_at: None,
            media_type: MediaType::Pdf,
            category: Category::Pathology,
            category_source: CategorySource::Detected,
            category_confidence: None,
            document_date: None,
            imported_at: Utc::now(),
        }
    }

    /// A page and its text.
    fn page(number: u32, text: &str, from_ocr: bool) -> (TextPage, String) {
        let page = TextPage {
            number,
            from_ocr,
            has_text: !text.trim().is_empty(),
        };
        (page, text.to_owned())
    }

    /// The text file of a document with these pages.
    fn text_of(reading: DocumentReading, pages: Vec<(TextPage, String)>) -> String {
        let (pages, texts): (Vec<TextPage>, Vec<String>) = pages.into_iter().unzip();
        let reading = DocumentReading { pages, ..reading };
        text_file(&document(), "data/documents/x.pdf", &reading, &texts)
    }

    #[test]
    fn the_path_mirrors_the_documents_path() {
        assert_eq!(
            text_path("data/documents/01-pathology/2025-09-15_Biopsy report.pdf"),
            "data/text/01-pathology/2025-09-15_Biopsy report.pdf.txt"
        );
    }

    #[test]
    fn the_header_says_machine_extracted_and_which_pages_ocr_read() {
        let reading = DocumentReading {
            text_source: Some("pdf".into()),
            ocr_confidence: Some(83.6),
            ..DocumentReading::default()
        };
        let text = text_of(
            reading,
            vec![
                page(1, "Diagnosis: carcinoma\n\n", false),
                page(2, " \n", true),
            ],
        );
        assert!(text.starts_with("MACHINE-EXTRACTED TEXT"), "{text}");
        assert!(text.contains("Document: Scan of report.pdf\n"), "{text}");
        assert!(
            text.contains("Page 2 was read from an image by OCR (optical character recognition), with a mean confidence of 84 out of 100."),
            "{text}"
        );
        assert!(
            text.contains("=== Page 1 of 2 ===\n\nDiagnosis: carcinoma\n"),
            "{text}"
        );
        assert!(
            text.contains("=== Page 2 of 2 (OCR) ===\n\n(no text on this page)\n"),
            "{text}"
        );
    }

    #[test]
    fn a_text_layer_only_document_mentions_no_ocr() {
        let reading = DocumentReading {
            text_source: Some("pdf".into()),
            ..DocumentReading::default()
        };
        let text = text_of(reading, vec![page(1, "Hello", false)]);
        assert!(!text.contains("OCR"), "{text}");
    }
}
