//! Which byte values a document's text-showing operators can show.
//!
//! A simple font's codes are single bytes, so a code that appears in no string of any content
//! stream is never shown: [`crate::to_unicode`] leaves its mapping out of the font's map,
//! which pdf-extract then parses faster on every page. The set is taken over every string
//! operand of every page's content and every form, whatever font or operator it belongs to, so
//! it holds every code any simple font can show. Content pdf-extract cannot decode shows
//! nothing (it stops before drawing). pdf-extract also runs an image drawn with `Do` as if it
//! were content, so a document with images gives no set, and then no map loses a mapping.

use pdf_extract::content::Content;
use pdf_extract::{Document, Object, Stream};

/// For each byte value, whether some string in the document's content holds it; `None` when
/// the document has images.
pub fn shown_bytes(document: &Document) -> Option<[bool; 256]> {
    let mut shown = [false; 256];
    // Pages as pdf-extract reads them: all of a page's content streams joined.
    for page in document.get_pages().into_values() {
        if let Ok(content) = document.get_page_content(page) {
            mark_strings(&content, &mut shown);
        }
    }
    for object in document.objects.values() {
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Form") => mark_strings(&contents(stream), &mut shown),
            Ok(b"Image") => return None,
            _ => {}
        }
    }
    Some(shown)
}

/// A form's content as pdf-extract reads it: decompressed, or as stored when that fails.
fn contents(stream: &Stream) -> Vec<u8> {
    if stream.filters().is_ok() {
        stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone())
    } else {
        stream.content.clone()
    }
}

fn mark_strings(content: &[u8], shown: &mut [bool; 256]) {
    if let Ok(content) = Content::decode(content) {
        for operation in &content.operations {
            operation
                .operands
                .iter()
                .for_each(|operand| mark(operand, shown));
        }
    }
}

fn mark(object: &Object, shown: &mut [bool; 256]) {
    match object {
        Object::String(bytes, _) => bytes.iter().for_each(|&byte| shown[byte as usize] = true),
        Object::Array(items) => items.iter().for_each(|item| mark(item, shown)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, value)| mark(value, shown)),
        _ => {}
    }
}
