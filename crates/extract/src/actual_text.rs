//! Marked-content `/ActualText`: the text a producer says a run of glyphs stands for.
//!
//! Chromium draws Devanagari conjuncts (and other shaped clusters) as glyphs that map to no
//! character, inside `/Span <</ActualText (...)>> BDC ... EMC`. pdf-extract does not read
//! marked content, so this module walks the page's content in the same order as pdf-extract
//! and notes, for every string it will show, the span around it. [`apply`] then gives the
//! first glyph of each span the span's text and folds the span's other glyphs into it.

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId};

use crate::glyphs::Glyph;

/// Forms inside forms are followed this deep.
const MAX_FORM_DEPTH: usize = 8;

/// The spans of one page: for each shown string, in showing order, the span it is inside.
#[derive(Debug, Default, PartialEq)]
pub struct Spans {
    /// Indexes into `texts`, one per shown string.
    pub of_string: Vec<Option<usize>>,
    /// Each span's text.
    pub texts: Vec<String>,
}

/// The page's spans, or `None` when it has no `/ActualText` (the common case, found cheaply).
pub fn page_spans(document: &Document, page: ObjectId) -> Option<Spans> {
    let content = document.get_page_content(page).ok()?;
    if !contains(&content, b"ActualText") {
        return None;
    }
    let resources = page_resources(document, page);
    let mut spans = Spans::default();
    let mut walker = Walker {
        document,
        spans: &mut spans,
        open: Vec::new(),
    };
    walker.walk(&content, resources, 0);
    Some(spans)
}

/// Gives each span's first glyph the span's text and folds its other glyphs into it.
/// `strings` holds, per glyph, the index of the shown string it came from.
pub fn apply(spans: &Spans, glyphs: &mut [Glyph], strings: &[usize]) {
    let mut current: Option<(usize, usize)> = None; // span, glyph holding its text
    for index in 0..glyphs.len() {
        let span = strings
            .get(index)
            .and_then(|string| spans.of_string.get(*string).copied().flatten());
        match (span, current) {
            (Some(span), Some((open, holder))) if span == open => {
                let end = glyphs[index].x + glyphs[index].width;
                let holder = &mut glyphs[holder];
                holder.width = holder.width.max(end - holder.x);
                glyphs[index].text.clear();
            }
            (Some(span), _) => {
                glyphs[index].text.clone_from(&spans.texts[span]);
                current = Some((span, index));
            }
            (None, _) => current = None,
        }
    }
}

struct Walker<'a> {
    document: &'a Document,
    spans: &'a mut Spans,
    /// Marked-content sections open now: each with its span, if it has ActualText.
    open: Vec<Option<usize>>,
}

impl Walker<'_> {
    fn walk(&mut self, content: &[u8], resources: Option<&Dictionary>, depth: usize) {
        let Ok(content) = Content::decode(content) else {
            return;
        };
        for operation in &content.operations {
            match operation.operator.as_str() {
                "BDC" | "BMC" => {
                    let text = operation.operands.get(1).and_then(|p| self.actual_text(p));
                    let span = text.map(|text| {
                        self.spans.texts.push(text);
                        self.spans.texts.len() - 1
                    });
                    let inherited = self.open.last().copied().flatten();
                    self.open.push(span.or(inherited));
                }
                "EMC" => {
                    self.open.pop();
                }
                "Tj" => self.shown(),
                "TJ" => {
                    let strings = operation.operands.first().and_then(|a| a.as_array().ok());
                    for element in strings.into_iter().flatten() {
                        if matches!(element, Object::String(..)) {
                            self.shown();
                        }
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    self.form(operation.operands.first(), resources, depth);
                }
                _ => {}
            }
        }
    }

    fn shown(&mut self) {
        let span = self.open.last().copied().flatten();
        self.spans.of_string.push(span);
    }

    fn form(&mut self, name: Option<&Object>, resources: Option<&Dictionary>, depth: usize) {
        let document = self.document;
        let form = (|| {
            let name = name?.as_name().ok()?;
            let xobjects = deref_dict(document, resources?.get(b"XObject").ok()?)?;
            let (_, object) = document.dereference(xobjects.get(name).ok()?).ok()?;
            let stream = object.as_stream().ok()?;
            let is_form = stream.dict.get(b"Subtype").and_then(Object::as_name).ok()? == b"Form";
            is_form.then_some(stream)
        })();
        let Some(stream) = form else { return };
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| deref_dict(document, r));
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        self.walk(&content, own.or(resources), depth + 1);
    }

    fn actual_text(&self, properties: &Object) -> Option<String> {
        let properties = deref_dict(self.document, properties)?;
        let (_, text) = self
            .document
            .dereference(properties.get(b"ActualText").ok()?)
            .ok()?;
        Some(decode_text_string(text.as_str().ok()?))
    }
}

fn page_resources(document: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut dict = document.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(resources) = dict.get(b"Resources") {
            return deref_dict(document, resources);
        }
        let parent = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
        dict = document.get_dictionary(parent).ok()?;
    }
    None
}

fn deref_dict<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    document.dereference(object).ok()?.1.as_dict().ok()
}

/// A PDF text string: UTF-16BE after a byte-order mark, else (near enough) Latin-1.
fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&byte| char::from(byte)).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(x: f64, text: &str) -> Glyph {
        Glyph {
            x,
            y: 10.0,
            width: 5.0,
            size: 10.0,
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_span_replaces_its_glyphs_with_its_text() {
        let spans = Spans {
            of_string: vec![None, Some(0), Some(0), None],
            texts: vec!["प्रि".to_owned()],
        };
        let mut glyphs = vec![
            glyph(0.0, "a"),
            glyph(5.0, "\0"),
            glyph(9.0, "\0"),
            glyph(14.0, "b"),
        ];
        apply(&spans, &mut glyphs, &[0, 1, 2, 3]);
        let texts: Vec<&str> = glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, ["a", "प्रि", "", "b"]);
        assert_eq!(
            glyphs[1].width, 9.0,
            "the first glyph covers the whole cluster"
        );
    }

    #[test]
    fn two_spans_side_by_side_stay_two() {
        let spans = Spans {
            of_string: vec![Some(0), Some(1)],
            texts: vec!["या".to_owned(), "या".to_owned()],
        };
        let mut glyphs = vec![glyph(0.0, "x"), glyph(5.0, "y")];
        apply(&spans, &mut glyphs, &[0, 1]);
        assert_eq!(glyphs[0].text, "या");
        assert_eq!(glyphs[1].text, "या");
    }

    #[test]
    fn text_strings_decode() {
        assert_eq!(
            decode_text_string(&[0xFE, 0xFF, 0x09, 0x2F, 0x09, 0x3E]),
            "या"
        );
        assert_eq!(decode_text_string(b"fi"), "fi");
    }
}
