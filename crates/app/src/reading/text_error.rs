//! Why a document's text could not be read, as a stable key and the values it names, so a
//! front can word it in the person's language. The reason is stored in English (the CLI shows
//! it as it is); its kind is recognised from the words each source gives it (the extractor's
//! errors, its no-text reasons, and the kinds of file Carryall does not read), so readings
//! stored before keys existed get one too. An unknown reason gets none: the front shows the
//! English.

use carryall_extract::{ExtractError, NO_TEXT_IN_PDF, NO_WORDS_FROM_OCR};

use super::kind::{COMPRESSED, NOT_PDF_OR_PHOTO, NOT_REALLY_PDF, PHOTO_FORMAT, SCAN_IMAGES};
use crate::ErrorDetail;

/// Reasons that name no value, with their keys.
fn whole_reasons() -> [(String, &'static str); 11] {
    [
        (NOT_REALLY_PDF.to_owned(), "text_not_really_pdf"),
        (ExtractError::NotPdf.to_string(), "text_not_really_pdf"),
        (SCAN_IMAGES.to_owned(), "text_scan_images"),
        (PHOTO_FORMAT.to_owned(), "text_photo_format"),
        (COMPRESSED.to_owned(), "text_compressed"),
        (NOT_PDF_OR_PHOTO.to_owned(), "text_not_pdf_or_photo"),
        (ExtractError::Encrypted.to_string(), "text_password"),
        (ExtractError::Crashed.to_string(), "text_reader_stopped"),
        (
            ExtractError::OcrNotInstalled.to_string(),
            "text_ocr_not_installed",
        ),
        (NO_WORDS_FROM_OCR.to_owned(), "text_ocr_no_words"),
        (NO_TEXT_IN_PDF.to_owned(), "text_pdf_no_text"),
    ]
}

/// Reasons that end in a detail (English, technical; left out of the key's message) or name a
/// limit, by the words they start with. Checked after [`whole_reasons`], since OCR's own
/// errors start as several of those do.
const STARTS: [(&str, &str, Option<&str>); 6] = [
    ("this PDF is damaged: ", "text_damaged", None),
    (
        "reading this document needed more than ",
        "text_too_much_memory",
        Some("limit_mib"),
    ),
    (
        "reading this document took longer than ",
        "text_timed_out",
        Some("seconds"),
    ),
    ("text not available: ", "text_ocr_failed", None),
    (
        "Carryall could not start its document reader: ",
        "text_reader_unavailable",
        None,
    ),
    (
        "the stored copy of this document could not be read: ",
        "text_stored_copy_unreadable",
        None,
    ),
];

/// The key and values of a stored `text_error`; `None` for a reason of no known kind.
pub fn text_error_detail(reason: &str) -> Option<ErrorDetail> {
    if let Some((_, key)) = whole_reasons()
        .into_iter()
        .find(|(words, _)| words == reason)
    {
        return Some(ErrorDetail {
            key,
            params: Vec::new(),
        });
    }
    let (start, key, number) = STARTS
        .iter()
        .find(|(start, _, _)| reason.starts_with(start))?;
    let rest = &reason[start.len()..];
    let params = match number {
        Some(name) => {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() {
                return None;
            }
            vec![(*name, digits)]
        }
        None => Vec::new(),
    };
    Some(ErrorDetail { key, params })
}

#[cfg(test)]
mod tests {
    use carryall_domain::MediaType;

    use super::*;
    use crate::reading::readable;

    fn key_of(reason: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
        text_error_detail(reason).map(|detail| (detail.key, detail.params))
    }

    /// A limit a reason names: its name and value.
    type Limit = Option<(&'static str, &'static str)>;

    #[test]
    fn every_reason_the_extractor_gives_has_a_key_and_its_limit() {
        let table: &[(ExtractError, &str, Limit)] = &[
            (ExtractError::NotPdf, "text_not_really_pdf", None),
            (ExtractError::Encrypted, "text_password", None),
            (
                ExtractError::Damaged("no trailer".into()),
                "text_damaged",
                None,
            ),
            (
                ExtractError::TooMuchMemory { limit_mib: 1024 },
                "text_too_much_memory",
                Some(("limit_mib", "1024")),
            ),
            (
                ExtractError::TimedOut { seconds: 80 },
                "text_timed_out",
                Some(("seconds", "80")),
            ),
            (ExtractError::Crashed, "text_reader_stopped", None),
            (
                ExtractError::OcrNotInstalled,
                "text_ocr_not_installed",
                None,
            ),
            (
                ExtractError::Ocr("tesseract failed".into()),
                "text_ocr_failed",
                None,
            ),
            (
                ExtractError::WorkerUnavailable("no such file".into()),
                "text_reader_unavailable",
                None,
            ),
            (
                ExtractError::Unreadable("permission denied".into()),
                "text_stored_copy_unreadable",
                None,
            ),
        ];
        for (error, key, param) in table {
            let params: Vec<(&str, String)> = param
                .iter()
                .map(|(name, value)| (*name, (*value).to_owned()))
                .collect();
            assert_eq!(
                key_of(&error.to_string()),
                Some((*key, params)),
                "{error:?}"
            );
        }
        assert_eq!(
            key_of(NO_WORDS_FROM_OCR).map(|k| k.0),
            Some("text_ocr_no_words")
        );
        assert_eq!(
            key_of(NO_TEXT_IN_PDF).map(|k| k.0),
            Some("text_pdf_no_text")
        );
    }

    #[test]
    fn every_kind_of_file_carryall_does_not_read_has_a_key() {
        let table = [
            (MediaType::Text, "notes.pdf", "text_not_really_pdf"),
            (MediaType::Dicom, "IM0001", "text_scan_images"),
            (MediaType::Heic, "photo.heic", "text_photo_format"),
            (MediaType::Zip, "letter.docx", "text_compressed"),
            (MediaType::Html, "page.html", "text_not_pdf_or_photo"),
        ];
        for (media, name, key) in table {
            assert_eq!(
                key_of(readable(media, name).reason()).map(|k| k.0),
                Some(key),
                "{name}"
            );
        }
    }

    #[test]
    fn every_key_is_in_the_catalogue() {
        let catalogue: std::collections::BTreeMap<String, String> =
            serde_json::from_str(include_str!("../../../../ui/src/locales/en.json"))
                .expect("the English catalogue is JSON");
        let keys = whole_reasons()
            .into_iter()
            .map(|(_, key)| key)
            .chain(STARTS.iter().map(|(_, key, _)| *key));
        for key in keys {
            assert!(
                catalogue.contains_key(&format!("error.{key}")),
                "the catalogue lacks error.{key}"
            );
        }
    }

    #[test]
    fn a_reason_of_no_known_kind_has_no_key() {
        assert_eq!(key_of("something else went wrong"), None);
        assert_eq!(key_of("reading this document took longer than usual"), None);
    }
}
