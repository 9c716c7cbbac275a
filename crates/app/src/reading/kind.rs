//! Which documents Carryall can read text from, and how.

use carryall_domain::MediaType;
use carryall_extract::InputKind;

/// Why a file named as a PDF cannot be read: it holds something else.
pub const NOT_REALLY_PDF: &str = "text not available: this file is not really a PDF, although \
     its name says so; ask for the document again";
/// Why a scan disc has no text.
pub const SCAN_IMAGES: &str = "scan images hold pictures, not text";
/// Why a HEIC, WebP or GIF photo is not read.
pub const PHOTO_FORMAT: &str = "text not available: Carryall reads text from JPEG, PNG and \
     TIFF photos; save this photo as JPEG to have its text read";
/// Why a ZIP (or a Word file, which is one) is not read.
pub const COMPRESSED: &str = "text not available: this is a compressed folder (or a Word \
     file); add the PDF or the files inside instead";
/// Why any other kind of file is not read.
pub const NOT_PDF_OR_PHOTO: &str = "text not available: Carryall reads text from PDFs and photos";

/// How a document of some media type is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readable {
    /// By the extractor, as this kind of input.
    By(InputKind),
    /// Not at all; the reason, in plain words.
    Not(&'static str),
}

impl Readable {
    /// Why it cannot be read (empty when it can).
    pub fn reason(self) -> &'static str {
        match self {
            Readable::By(_) => "",
            Readable::Not(why) => why,
        }
    }
}

/// How a document is read, from its sniffed media type (its name only explains a mismatch).
pub fn readable(media_type: MediaType, original_name: &str) -> Readable {
    let named_pdf = original_name.to_lowercase().ends_with(".pdf");
    match media_type {
        MediaType::Pdf => Readable::By(InputKind::Pdf),
        _ if named_pdf => Readable::Not(NOT_REALLY_PDF),
        MediaType::Jpeg | MediaType::Png | MediaType::Tiff => Readable::By(InputKind::Image),
        MediaType::Dicom => Readable::Not(SCAN_IMAGES),
        MediaType::Heic | MediaType::Webp | MediaType::Gif => Readable::Not(PHOTO_FORMAT),
        MediaType::Zip => Readable::Not(COMPRESSED),
        MediaType::Text | MediaType::Html | MediaType::Xml | MediaType::Unknown => {
            Readable::Not(NOT_PDF_OR_PHOTO)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_decide_and_names_only_explain() {
        let check = |media, name, expected: Readable| assert_eq!(readable(media, name), expected);
        check(MediaType::Pdf, "scan.PDF", Readable::By(InputKind::Pdf));
        check(MediaType::Pdf, "report", Readable::By(InputKind::Pdf));
        check(
            MediaType::Jpeg,
            "photo.pdf",
            Readable::Not(readable(MediaType::Text, "a.pdf").reason()),
        );
        check(MediaType::Tiff, "fax.tif", Readable::By(InputKind::Image));
        assert!(
            readable(MediaType::Text, "notes.pdf")
                .reason()
                .contains("not really a PDF")
        );
        assert!(
            readable(MediaType::Dicom, "IM0001")
                .reason()
                .contains("pictures")
        );
    }
}
