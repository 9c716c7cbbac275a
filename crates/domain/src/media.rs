//! Media types sniffed from a file's first bytes, never trusted from its name.
//!
//! A `.pdf` that is really a photo, or a scan saved without an extension, is recognised by
//! what it holds. [`SNIFF_LEN`] bytes from the start of the file are enough for every check.

/// How many leading bytes [`sniff`] looks at.
pub const SNIFF_LEN: usize = 4096;

/// What kind of content a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// A PDF document.
    Pdf,
    /// A JPEG photo or scan.
    Jpeg,
    /// A PNG image.
    Png,
    /// A TIFF image (common from scanners and fax).
    Tiff,
    /// A GIF image.
    Gif,
    /// A WebP image.
    Webp,
    /// A HEIC/HEIF photo (iPhone camera default).
    Heic,
    /// A DICOM file (medical images; also a disc's DICOMDIR).
    Dicom,
    /// A ZIP archive (also Word .docx and similar).
    Zip,
    /// Plain text in UTF-8.
    Text,
    /// An HTML page.
    Html,
    /// An XML document (e.g. a CDA clinical document).
    Xml,
    /// Anything else.
    Unknown,
}

impl MediaType {
    /// The IANA media type (MIME) string.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Tiff => "image/tiff",
            MediaType::Gif => "image/gif",
            MediaType::Webp => "image/webp",
            MediaType::Heic => "image/heic",
            MediaType::Dicom => "application/dicom",
            MediaType::Zip => "application/zip",
            MediaType::Text => "text/plain",
            MediaType::Html => "text/html",
            MediaType::Xml => "application/xml",
            MediaType::Unknown => "application/octet-stream",
        }
    }

    /// The media type a MIME string names ([`MediaType::Unknown`] for any other).
    pub fn from_mime(mime: &str) -> MediaType {
        ALL.into_iter()
            .find(|t| t.mime() == mime)
            .unwrap_or(MediaType::Unknown)
    }
}

const ALL: [MediaType; 13] = [
    MediaType::Pdf,
    MediaType::Jpeg,
    MediaType::Png,
    MediaType::Tiff,
    MediaType::Gif,
    MediaType::Webp,
    MediaType::Heic,
    MediaType::Dicom,
    MediaType::Zip,
    MediaType::Text,
    MediaType::Html,
    MediaType::Xml,
    MediaType::Unknown,
];

/// Says what `head` (the first bytes of a file, up to [`SNIFF_LEN`]) holds.
///
/// `complete` is true when `head` is the whole file, so text can be judged on all of it.
pub fn sniff(head: &[u8], complete: bool) -> MediaType {
    let starts = |magic: &[u8]| head.starts_with(magic);
    // PDF readers accept the header anywhere in the first 1024 bytes.
    if head[..head.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return MediaType::Pdf;
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return MediaType::Jpeg;
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return MediaType::Png;
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return MediaType::Tiff;
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return MediaType::Gif;
    }
    if starts(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return MediaType::Webp;
    }
    if head.get(4..8) == Some(b"ftyp")
        && matches!(
            head.get(8..12),
            Some(b"heic" | b"heix" | b"mif1" | b"msf1" | b"heim")
        )
    {
        return MediaType::Heic;
    }
    if head.get(128..132) == Some(b"DICM") || looks_like_bare_dicom(head) {
        return MediaType::Dicom;
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return MediaType::Zip;
    }
    sniff_text(head, complete)
}

/// A DICOM file without the 128-byte preamble starts straight with a data element of group
/// 0x0002 (file meta) or 0x0008 (identifying), little-endian, usually with a two-letter VR.
/// A DICOM file missing its 128-byte preamble: "DICM" first, or no meta header at all but a
/// data set that opens with a little-endian group 0x0002 or 0x0008 element, its value
/// representation written out (explicit VR) or implied (implicit VR: a 4-byte length).
fn looks_like_bare_dicom(head: &[u8]) -> bool {
    if head.starts_with(b"DICM") && head.get(4..6) == Some(&[0x02, 0x00]) {
        return true;
    }
    let Some(&[g0, g1, _, e1, v0, v1]) = head.get(..6) else {
        return false;
    };
    let group_ok = matches!((g0, g1), (0x02, 0x00) | (0x08, 0x00));
    if !group_ok || e1 != 0x00 {
        return false;
    }
    if v0.is_ascii_uppercase() && v1.is_ascii_uppercase() {
        return true;
    }
    // Implicit VR: a short, even length, and the next element in the same group.
    let Some(length) = head
        .get(4..8)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    else {
        return false;
    };
    let next = 8 + length as usize;
    length % 2 == 0 && length <= 1024 && head.get(next..next + 2) == Some(&[g0, g1])
}

fn sniff_text(head: &[u8], complete: bool) -> MediaType {
    if head.is_empty() || head.contains(&0) {
        return MediaType::Unknown;
    }
    // A multi-byte character may be cut at the end of an incomplete head.
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if !complete && e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return MediaType::Unknown,
    };
    let start = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") {
        MediaType::Html
    } else if start.starts_with("<?xml") {
        MediaType::Xml
    } else if text.chars().all(|c| !c.is_control() || c.is_whitespace()) {
        MediaType::Text
    } else {
        MediaType::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(head: &[u8], expected: MediaType) {
        assert_eq!(
            sniff(head, true),
            expected,
            "head {:?}",
            String::from_utf8_lossy(head)
        );
    }

    #[test]
    fn documents_and_images_are_known_by_their_magic() {
        check(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", MediaType::Pdf);
        check(b"\r\n\r\n%PDF-1.4 after junk", MediaType::Pdf);
        check(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 0], MediaType::Jpeg);
        check(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", MediaType::Png);
        check(b"II*\0\x08\0\0\0", MediaType::Tiff);
        check(b"MM\0*\0\0\0\x08", MediaType::Tiff);
        check(b"GIF89a", MediaType::Gif);
        check(b"RIFF\0\0\0\0WEBPVP8 ", MediaType::Webp);
        check(b"\0\0\0\x18ftypheic\0\0\0\0", MediaType::Heic);
        check(b"PK\x03\x04\x14\0", MediaType::Zip);
    }

    #[test]
    fn dicom_is_known_with_or_without_its_preamble() {
        let mut with_preamble = vec![0u8; 128];
        with_preamble.extend_from_slice(b"DICM\x02\x00\x00\x00UL");
        check(&with_preamble, MediaType::Dicom);
        check(b"\x08\x00\x05\x00CS\x0a\x00ISO_IR 100", MediaType::Dicom);
        check(b"\x02\x00\x00\x00UL\x04\x00", MediaType::Dicom);
        check(b"DICM\x02\x00\x00\x00UL\x04\x00", MediaType::Dicom);
        check(
            b"\x08\x00\x05\x00\x0a\x00\x00\x00ISO_IR 100\x08\x00\x16\x00",
            MediaType::Dicom,
        );
        check(
            b"\x08\x00\x05\x00\x0b\x00\x00\x00ISO_IR 100\x08\x00\x16\x00",
            MediaType::Unknown,
        );
        check(b"DICM is a word", MediaType::Text);
    }

    #[test]
    fn text_is_told_apart_from_binary() {
        check(
            "Patient: Zoë\nER positive ≥ 90%\n".as_bytes(),
            MediaType::Text,
        );
        check(b"\xef\xbb\xbf<!DOCTYPE html><html>", MediaType::Html);
        check(
            b"<?xml version=\"1.0\"?><ClinicalDocument/>",
            MediaType::Xml,
        );
        check(b"text\0with a NUL", MediaType::Unknown);
        check(b"\xff\xfe\xfd not UTF-8", MediaType::Unknown);
        check(b"", MediaType::Unknown);
        check(b"bell\x07", MediaType::Unknown);
    }

    #[test]
    fn a_character_cut_at_the_end_of_a_partial_head_is_still_text() {
        let text = "abc é".as_bytes();
        assert_eq!(sniff(&text[..text.len() - 1], false), MediaType::Text);
        assert_eq!(sniff(&text[..text.len() - 1], true), MediaType::Unknown);
    }

    #[test]
    fn mime_strings_round_trip() {
        for t in ALL {
            assert_eq!(MediaType::from_mime(t.mime()), t);
        }
    }
}
