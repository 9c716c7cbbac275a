//! Rewrites CID fonts' width tables into the one form pdf-extract reads correctly.
//!
//! A CID font's `/W` array mixes two forms: `c [w1 w2 ...]` (widths of c, c+1, ...) and
//! `c_first c_last w` (one width for a range). pdf-extract 0.12 misreads the second form, so
//! every glyph in such a range gets the default width and the glyphs after it drift: Chromium
//! writes ranges for digits and common letters, which is where "2 0 2 5 -0 9 -1 5" and
//! "ST AGE" come from. Before extraction each `/W` is rewritten into the first form only.

use pdf_extract::{Document, Object, ObjectId};

/// A range wider than this is not expanded (a hostile file could ask for billions of entries);
/// its glyphs keep the default width.
const MAX_RANGE: i64 = 65_536;

/// Rewrites every CID font's `/W` in `document`.
pub fn fix_cid_widths(document: &mut Document) {
    let fonts: Vec<ObjectId> = document
        .objects
        .iter()
        .filter(|(_, object)| is_cid_font(object))
        .map(|(id, _)| *id)
        .collect();
    for id in fonts {
        let Some(widths) = read_widths(document, id) else {
            continue;
        };
        if let Ok(font) = document.get_dictionary_mut(id) {
            font.set("W", Object::Array(widths));
        }
    }
}

fn is_cid_font(object: &Object) -> bool {
    object.as_dict().is_ok_and(|dict| {
        dict.get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|subtype| subtype == b"CIDFontType2" || subtype == b"CIDFontType0")
            && dict.has(b"W")
    })
}

/// The font's widths in the `c [w ...]` form only, or `None` when it has nothing to fix.
fn read_widths(document: &Document, font: ObjectId) -> Option<Vec<Object>> {
    let dict = document.get_dictionary(font).ok()?;
    let (_, array) = document.dereference(dict.get(b"W").ok()?).ok()?;
    let entries = array.as_array().ok()?;
    let mut rewritten = Vec::with_capacity(entries.len());
    let mut changed = false;
    let mut i = 0;
    while i < entries.len() {
        let first = number(document, &entries[i])?;
        let next = document.dereference(entries.get(i + 1)?).ok()?.1;
        if let Ok(list) = next.as_array() {
            rewritten.push(Object::Integer(first as i64));
            rewritten.push(Object::Array(list.clone()));
            i += 2;
            continue;
        }
        let last = number(document, next)? as i64;
        let width = number(document, entries.get(i + 2)?)?;
        let first = first as i64;
        if last >= first && last - first < MAX_RANGE {
            let count = (last - first + 1) as usize;
            rewritten.push(Object::Integer(first));
            rewritten.push(Object::Array(vec![Object::Real(width as f32); count]));
        }
        changed = true;
        i += 3;
    }
    changed.then_some(rewritten)
}

fn number(document: &Document, object: &Object) -> Option<f64> {
    let (_, object) = document.dereference(object).ok()?;
    match object {
        Object::Integer(value) => Some(*value as f64),
        Object::Real(value) => Some(f64::from(*value)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use pdf_extract::{Dictionary, Object};

    use super::*;

    fn widths_after_fix(w: Vec<Object>) -> Object {
        let mut document = Document::with_version("1.7");
        let mut font = Dictionary::new();
        font.set("Type", Object::Name(b"Font".to_vec()));
        font.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        font.set("W", Object::Array(w));
        let id = document.add_object(Object::Dictionary(font));
        fix_cid_widths(&mut document);
        document
            .get_dictionary(id)
            .unwrap()
            .get(b"W")
            .unwrap()
            .clone()
    }

    fn int(value: i64) -> Object {
        Object::Integer(value)
    }

    #[test]
    fn ranges_become_lists() {
        let fixed = widths_after_fix(vec![int(19), int(21), Object::Real(556.0)]);
        let expected = Object::Array(vec![int(19), Object::Array(vec![Object::Real(556.0); 3])]);
        assert_eq!(fixed, expected);
    }

    #[test]
    fn lists_stay_and_mixtures_are_kept_in_order() {
        let list = Object::Array(vec![int(750), int(0)]);
        let fixed = widths_after_fix(vec![int(0), list.clone(), int(5), int(5), int(600)]);
        let expected = Object::Array(vec![
            int(0),
            list,
            int(5),
            Object::Array(vec![Object::Real(600.0)]),
        ]);
        assert_eq!(fixed, expected);
    }

    #[test]
    fn hostile_ranges_are_not_expanded() {
        let fixed = widths_after_fix(vec![int(0), int(i64::MAX), int(500)]);
        assert_eq!(fixed, Object::Array(Vec::new()));
        let backwards = widths_after_fix(vec![int(9), int(3), int(500)]);
        assert_eq!(backwards, Object::Array(Vec::new()));
    }

    #[test]
    fn a_malformed_table_is_left_alone() {
        let malformed = vec![int(3), Object::Name(b"x".to_vec()), int(1)];
        assert_eq!(
            widths_after_fix(malformed.clone()),
            Object::Array(malformed)
        );
    }
}
