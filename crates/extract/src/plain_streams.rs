//! Decompresses, once, the streams that text extraction reads again on every page.
//!
//! pdf-extract inflates a page's fonts (their character maps, and a TrueType font's whole file,
//! which it then does not use) each time a page uses them, and our own repairs read each
//! page's content too, so a 300-page report inflated the same font streams hundreds of times.
//! Storing every such stream decompressed in the loaded document makes later reads plain
//! copies. Images, embedded files and metadata are left alone: extraction does not read them
//! and they can be large.

use pdf_extract::{Document, Object, Stream};

/// Decompresses in place every stream text extraction may read; streams that cannot be
/// decompressed are left as they are (pdf-extract falls back to their raw bytes as before).
pub fn decompress_text_streams(document: &mut Document) {
    for object in document.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.is_compressed()
            && is_read_for_text(stream)
        {
            let _ = stream.decompress();
        }
    }
}

fn is_read_for_text(stream: &Stream) -> bool {
    let name = |key: &[u8]| stream.dict.get(key).and_then(Object::as_name).ok();
    let image = name(b"Subtype") == Some(b"Image");
    let unread_type = matches!(
        name(b"Type"),
        Some(b"EmbeddedFile" | b"Metadata" | b"XRef" | b"ObjStm")
    );
    !image && !unread_type
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::Dictionary;

    fn stream(entries: &[(&str, &str)]) -> Stream {
        let mut dict = Dictionary::new();
        for (key, value) in entries {
            dict.set(*key, Object::Name(value.as_bytes().to_vec()));
        }
        Stream::new(dict, Vec::new())
    }

    #[test]
    fn fonts_and_contents_are_read_for_text_images_and_files_are_not() {
        assert!(is_read_for_text(&stream(&[])));
        assert!(is_read_for_text(&stream(&[("Subtype", "Form")])));
        assert!(!is_read_for_text(&stream(&[("Subtype", "Image")])));
        assert!(!is_read_for_text(&stream(&[("Type", "EmbeddedFile")])));
        assert!(!is_read_for_text(&stream(&[("Type", "Metadata")])));
    }
}
