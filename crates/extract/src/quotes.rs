//! Rewrites the `'` and `"` text operators into ones pdf-extract understands.
//!
//! `(text) '` means "next line, then show text" and `aw ac (text) "` also sets the word and
//! character spacing first. pdf-extract 0.12 ignores both, so every line a producer writes
//! this way is lost: Ghostscript ("print to PDF" on Linux) writes whole paragraphs so. Pages
//! that use them get their content rewritten, before extraction, into `T*` and `Tj` (and
//! `Tw`, `Tc`) with the same meaning.

use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

/// Rewrites every page of `document` that shows text with `'` or `"`.
pub fn expand_quote_operators(document: &mut Document) {
    let pages: Vec<ObjectId> = document.get_pages().into_values().collect();
    for page in pages {
        let Ok(content) = document.get_page_content(page) else {
            continue;
        };
        if !may_use_quote_operators(&content) {
            continue;
        }
        let Ok(decoded) = Content::decode(&content) else {
            continue;
        };
        let Some(rewritten) = rewrite(decoded.operations) else {
            continue;
        };
        let Ok(bytes) = (Content {
            operations: rewritten,
        })
        .encode() else {
            continue;
        };
        let stream = document.add_object(Stream::new(Dictionary::new(), bytes));
        if let Ok(dict) = document.get_dictionary_mut(page) {
            dict.set("Contents", Object::Reference(stream));
        }
    }
}

/// A cheap look for a string operand followed by a quote operator: `)'`, `> "` and so on.
/// Apostrophes inside words ("patient's") do not count, so most pages are not decoded.
fn may_use_quote_operators(content: &[u8]) -> bool {
    content.iter().enumerate().any(|(i, &byte)| {
        if byte != b'\'' && byte != b'"' {
            return false;
        }
        let before = content[..i].iter().rev().find(|b| !b.is_ascii_whitespace());
        let after = content.get(i + 1);
        matches!(before, Some(b')' | b'>')) && after.is_none_or(|b| b.is_ascii_whitespace())
    })
}

/// The operations with quote operators expanded, or `None` when there were none.
fn rewrite(operations: Vec<Operation>) -> Option<Vec<Operation>> {
    if !operations
        .iter()
        .any(|op| op.operator == "'" || op.operator == "\"")
    {
        return None;
    }
    let mut out = Vec::with_capacity(operations.len() + 16);
    for operation in operations {
        match (operation.operator.as_str(), operation.operands.as_slice()) {
            ("'", [text]) => {
                out.push(Operation::new("T*", Vec::new()));
                out.push(Operation::new("Tj", vec![text.clone()]));
            }
            ("\"", [word_spacing, char_spacing, text]) => {
                out.push(Operation::new("Tw", vec![word_spacing.clone()]));
                out.push(Operation::new("Tc", vec![char_spacing.clone()]));
                out.push(Operation::new("T*", Vec::new()));
                out.push(Operation::new("Tj", vec![text.clone()]));
            }
            _ => out.push(operation),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operators(content: &[u8]) -> Vec<String> {
        let decoded = Content::decode(content).unwrap();
        let rewritten = rewrite(decoded.operations).unwrap_or_default();
        rewritten.into_iter().map(|op| op.operator).collect()
    }

    #[test]
    fn quote_operators_become_next_line_and_show() {
        assert_eq!(
            operators(b"BT (a) Tj (b) ' ET"),
            ["BT", "Tj", "T*", "Tj", "ET"]
        );
        assert_eq!(
            operators(b"BT 1 0.5 (c) \" ET"),
            ["BT", "Tw", "Tc", "T*", "Tj", "ET"]
        );
        assert!(
            operators(b"BT (patient's) Tj ET").is_empty(),
            "nothing to rewrite"
        );
    }

    #[test]
    fn only_likely_quote_operators_make_a_page_worth_decoding() {
        assert!(may_use_quote_operators(b"(line)'\n"));
        assert!(may_use_quote_operators(b"<0041> \""));
        assert!(may_use_quote_operators(b"(x) '"));
        assert!(!may_use_quote_operators(b"(patient's report) Tj"));
        assert!(!may_use_quote_operators(b"(say \"yes\") Tj"));
    }
}
