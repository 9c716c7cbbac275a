//! Rewrites fonts' ToUnicode character maps into the shortest form pdf-extract reads.
//!
//! pdf-extract parses a font's ToUnicode map again on every page that uses the font, with a
//! parser that spends microseconds on every token: on a 300-page ReportLab report that was
//! most of the reading time. Each map is read here once per document and written back holding
//! only what pdf-extract takes from it (the `bfchar` and `bfrange` mappings), with every run of
//! codes that map to consecutive characters as one range. A map this reader does not fully
//! understand is left exactly as it was, so pdf-extract reads what it read before; the reading
//! mirrors pdf-extract's parser (adobe-cmap-parser 0.4) and refuses wherever the two could
//! disagree.

use std::collections::BTreeMap;

use pdf_extract::{Document, Object, ObjectId};

use crate::shown_bytes::shown_bytes;

/// A map naming more codes than this is left alone (a hostile range can name billions).
const MAX_ENTRIES: usize = 1 << 20;
/// Mappings per `bfchar` or `bfrange` block at most, as the CMap format asks.
const BLOCK: usize = 100;

/// A character map: each code's UTF-16BE bytes, and the widest code in bytes.
#[derive(Debug, PartialEq)]
struct CharMap {
    code_bytes: usize,
    entries: BTreeMap<u32, Vec<u8>>,
    /// The one-byte codes the document can show, when only those matter: a code outside
    /// them may be given any character, so a range may run over it.
    shown: Option<[bool; 256]>,
}

/// Rewrites every ToUnicode map of `document` that can be read, leaving out the codes no
/// string in the document holds from maps used only by simple fonts (one byte a code). Call it
/// after the streams are decompressed and the content rewritten: a map still compressed is
/// left alone.
pub fn compact_to_unicode_maps(document: &mut Document) {
    let mut maps: BTreeMap<ObjectId, bool> = BTreeMap::new();
    for object in document.objects.values() {
        let Ok(font) = object.as_dict() else { continue };
        let Ok(map) = font.get(b"ToUnicode").and_then(Object::as_reference) else {
            continue;
        };
        let simple = font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0");
        *maps.entry(map).or_insert(true) &= simple;
    }
    let any_simple = maps.values().any(|simple| *simple);
    let shown = any_simple.then(|| shown_bytes(document)).flatten();
    for (id, simple) in maps {
        let Ok(stream) = document.get_object_mut(id).and_then(Object::as_stream_mut) else {
            continue;
        };
        if stream.is_compressed() {
            continue;
        }
        let Some(mut map) = read_map(&stream.content) else {
            continue;
        };
        if let (true, Some(shown)) = (simple, &shown) {
            map.keep_shown(shown);
        }
        stream.set_plain_content(write_map(&map));
    }
}

/// One value as adobe-cmap-parser lexes it, keeping only what its mappings use.
#[derive(Debug)]
enum Value {
    Integer(i64),
    /// A hexadecimal string's bytes.
    Hex(Vec<u8>),
    Operator(Vec<u8>),
    Array(Vec<Value>),
    Name,
    /// A real number, boolean, literal string or dictionary.
    Other,
}

/// The map in `content`, or `None` where it is not certain pdf-extract reads the same.
fn read_map(content: &[u8]) -> Option<CharMap> {
    let values = Lexer { content, at: 0 }.file()?;
    let mut map = CharMap {
        code_bytes: 1,
        entries: BTreeMap::new(),
        shown: None,
    };
    let mut i = 0;
    while i < values.len() {
        let Value::Operator(operator) = &values[i] else {
            i += 1;
            continue;
        };
        let (size, end): (usize, &[u8]) = match operator.as_slice() {
            b"beginbfchar" => (2, b"endbfchar"),
            b"beginbfrange" => (3, b"endbfrange"),
            _ => {
                i += 1;
                continue;
            }
        };
        let Value::Integer(count) = values.get(i.checked_sub(1)?)? else {
            return None;
        };
        let count = usize::try_from(*count).ok()?;
        let first = i + 1;
        let last = first.checked_add(count.checked_mul(size)?)?;
        match values.get(last) {
            Some(Value::Operator(word)) if word == end => {}
            _ => return None,
        }
        for entry in values[first..last].chunks(size) {
            if size == 2 {
                map.char(&entry[0], &entry[1])?;
            } else {
                map.range(&entry[0], &entry[1], &entry[2])?;
            }
            if map.entries.len() > MAX_ENTRIES {
                return None;
            }
        }
        i = last + 1;
    }
    (!map.entries.is_empty()).then_some(map)
}

impl CharMap {
    /// Leaves out the one-byte codes not in `shown`, keeping at least one mapping (pdf-extract
    /// cannot parse an empty map, and an empty one would not be the same as none), and lets
    /// ranges run over the codes not shown.
    fn keep_shown(&mut self, shown: &[bool; 256]) {
        if self.code_bytes != 1 {
            return;
        }
        let Some(first) = self.entries.first_key_value().map(|(code, _)| *code) else {
            return;
        };
        self.entries
            .retain(|code, _| *code == first || shown[*code as usize]);
        self.shown = Some(*shown);
    }

    fn code(&mut self, value: &Value) -> Option<u32> {
        let Value::Hex(bytes) = value else {
            return None;
        };
        if bytes.is_empty() || bytes.len() > 4 {
            return None;
        }
        self.code_bytes = self.code_bytes.max(bytes.len());
        Some(big_endian(bytes))
    }

    fn char(&mut self, code: &Value, unicode: &Value) -> Option<()> {
        let code = self.code(code)?;
        let Value::Hex(unicode) = unicode else {
            return None;
        };
        self.entries.insert(code, unicode.clone());
        Some(())
    }

    fn range(&mut self, low: &Value, high: &Value, unicode: &Value) -> Option<()> {
        let (low, high) = (self.code(low)?, self.code(high)?);
        if high < low || (high - low) as usize >= MAX_ENTRIES {
            return None;
        }
        match unicode {
            Value::Hex(start) if start.len() == 2 || start.len() == 4 => {
                let first = big_endian(start);
                let limit = if start.len() == 2 { 0xFFFF } else { u32::MAX };
                if first.checked_add(high - low)? > limit {
                    return None;
                }
                for offset in 0..=high - low {
                    let bytes = (first + offset).to_be_bytes()[4 - start.len()..].to_vec();
                    self.entries.insert(low + offset, bytes);
                }
            }
            Value::Array(list) if list.len() == (high - low) as usize + 1 => {
                for (code, value) in (low..=high).zip(list) {
                    let Value::Hex(bytes) = value else {
                        return None;
                    };
                    self.entries.insert(code, bytes.clone());
                }
            }
            _ => return None,
        }
        Some(())
    }
}

fn big_endian(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0, |code, &byte| (code << 8) | u32::from(byte))
}

/// Whitespace between values, as both parsers take it.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

/// A lexer for the part of PostScript that adobe-cmap-parser accepts, refusing the rest.
struct Lexer<'a> {
    content: &'a [u8],
    at: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.content.get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.at += 1;
        }
    }

    /// Every value, with comments allowed only where adobe-cmap-parser allows them: at the
    /// start of a line that comes before a value.
    fn file(&mut self) -> Option<Vec<Value>> {
        let mut values = Vec::new();
        loop {
            while self.peek() == Some(b'%') {
                let line_end = self.content[self.at..]
                    .iter()
                    .position(|&byte| byte == b'\n' || byte == b'\r')?;
                self.at += line_end + 1;
                if self.content[self.at - 1] == b'\r' && self.peek() == Some(b'\n') {
                    self.at += 1;
                }
            }
            self.skip_spaces();
            if self.peek().is_none() {
                break;
            }
            values.push(self.value()?);
            self.skip_spaces();
        }
        (!values.is_empty()).then_some(values)
    }

    fn value(&mut self) -> Option<Value> {
        let byte = self.peek()?;
        let value = match byte {
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_spaces();
                while self.peek()? != b']' {
                    items.push(self.value()?);
                    self.skip_spaces();
                }
                self.at += 1;
                Value::Array(items)
            }
            b'<' if self.content.get(self.at + 1) == Some(&b'<') => self.dictionary()?,
            b'<' => Value::Hex(self.hex()?),
            b'(' => self.literal()?,
            b'/' => {
                self.at += 1;
                let length = self.content[self.at..]
                    .iter()
                    .position(|&byte| is_space(byte) || b"()<>[]{}/%".contains(&byte))
                    .unwrap_or(self.content.len() - self.at);
                let name = &self.content[self.at..self.at + length];
                if name.contains(&b'#') || name.contains(&b'\x0C') {
                    return None;
                }
                self.at += length;
                Value::Name
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number()?,
            _ => self.word()?,
        };
        Some(value)
    }

    fn dictionary(&mut self) -> Option<Value> {
        self.at += 2;
        self.skip_spaces();
        while self.peek()? != b'>' {
            if !matches!(self.value()?, Value::Name) {
                return None;
            }
            self.skip_spaces();
            self.value()?;
            self.skip_spaces();
        }
        (self.content.get(self.at..self.at + 2)? == b">>").then_some(())?;
        self.at += 2;
        Some(Value::Other)
    }

    /// A hexadecimal string: pairs of digits, with spaces only between pairs.
    fn hex(&mut self) -> Option<Vec<u8>> {
        self.at += 1;
        let mut bytes = Vec::new();
        loop {
            self.skip_spaces();
            let high = self.peek()?;
            if high == b'>' {
                self.at += 1;
                return Some(bytes);
            }
            let low = *self.content.get(self.at + 1)?;
            let digit = |byte: u8| char::from(byte).to_digit(16);
            bytes.push((digit(high)? * 16 + digit(low)?) as u8);
            self.at += 2;
        }
    }

    /// A literal string, skipped: mappings written with one are left to pdf-extract.
    fn literal(&mut self) -> Option<Value> {
        let mut depth = 0usize;
        while let Some(byte) = self.peek() {
            self.at += 1;
            match byte {
                b'\\' if matches!(self.peek(), Some(b'\\' | b'(' | b')')) => self.at += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(Value::Other);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// An integer, or a real with digits on both sides of its point.
    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.at += 1;
        }
        let digits = |lexer: &mut Self| {
            let from = lexer.at;
            while lexer.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                lexer.at += 1;
            }
            lexer.at - from
        };
        if digits(self) == 0 {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            return (digits(self) > 0).then_some(Value::Other);
        }
        let text = std::str::from_utf8(&self.content[start..self.at]).ok()?;
        text.parse().ok().map(Value::Integer)
    }

    /// An operator (letters only, as in `beginbfchar`), or a boolean.
    fn word(&mut self) -> Option<Value> {
        let length = self.content[self.at..]
            .iter()
            .position(|byte| !byte.is_ascii_alphabetic())
            .unwrap_or(self.content.len() - self.at);
        let word = &self.content[self.at..self.at + length];
        let next = self.content.get(self.at + length);
        if word.is_empty()
            || next.is_some_and(|&byte| !is_space(byte) && !b"[]<>(/%".contains(&byte))
        {
            return None;
        }
        self.at += length;
        if word.starts_with(b"true") || word.starts_with(b"false") {
            return (word == b"true" || word == b"false").then_some(Value::Other);
        }
        Some(Value::Operator(word.to_vec()))
    }
}

/// The map as `bfrange` runs of consecutive characters and `bfchar` for the rest.
fn write_map(map: &CharMap) -> Vec<u8> {
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02X}")).collect::<String>();
    let code = |code: u32| hex(&code.to_be_bytes()[4 - map.code_bytes..]);
    let mut chars = Vec::new();
    let mut ranges = Vec::new();
    let entries: Vec<(&u32, &Vec<u8>)> = map.entries.iter().collect();
    let mut i = 0;
    while i < entries.len() {
        let mut j = i + 1;
        while j < entries.len() && continues(entries[j - 1], entries[j], *entries[i].0, map) {
            j += 1;
        }
        let (first, unicode) = entries[i];
        if j - i >= 2 {
            let last = *entries[j - 1].0;
            ranges.push(format!(
                "<{}> <{}> <{}>",
                code(*first),
                code(last),
                hex(unicode)
            ));
        } else {
            chars.push(format!("<{}> <{}>", code(*first), hex(unicode)));
        }
        i = j;
    }
    let mut text = String::new();
    for (lines, kind) in [(chars, "bfchar"), (ranges, "bfrange")] {
        for block in lines.chunks(BLOCK) {
            text.push_str(&format!("{} begin{kind}\n", block.len()));
            for line in block {
                text.push_str(line);
                text.push('\n');
            }
            text.push_str(&format!("end{kind}\n"));
        }
    }
    text.into_bytes()
}

/// Whether `next` extends a range begun at code `first` whose last entry is `previous`: the
/// next code (or a later one, when the codes between are never shown), the same high byte,
/// and the character as far on in a value of 2 or 4 bytes.
fn continues(
    previous: (&u32, &Vec<u8>),
    next: (&u32, &Vec<u8>),
    first: u32,
    map: &CharMap,
) -> bool {
    let (code, unicode) = previous;
    let (next_code, next_unicode) = next;
    let width = unicode.len();
    let between = code + 1..*next_code;
    let free = match &map.shown {
        None => between.is_empty(),
        Some(shown) => between.into_iter().all(|c| !shown[c as usize]),
    };
    (width == 2 || width == 4)
        && next_unicode.len() == width
        && free
        && next_code >> 8 == first >> 8
        && big_endian(unicode).checked_add(next_code - code) == Some(big_endian(next_unicode))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use pdf_extract::Document;

    use super::*;
    use crate::glyphs::{GlyphCollector, PageGlyphs};
    use crate::plain_streams::decompress_text_streams;

    /// Reads `cmap`, checks the rewritten map reads back the same, and returns it as text.
    fn compacted(cmap: &str) -> String {
        let map = read_map(cmap.as_bytes()).expect("a map this reader understands");
        let written = write_map(&map);
        assert_eq!(
            read_map(&written),
            Some(map),
            "the rewritten map must mean the same"
        );
        String::from_utf8(written).unwrap()
    }

    const HEADER: &str = "%!PS-Adobe-3.0 Resource-CMap\r\n%%DocumentNeededResources: ProcSet (CIDInit)\n\
        /CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n\
        << /Registry (Adobe) /Ordering (UCS (nested) \\) ) /Supplement 0 >> def\n\
        /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
        1 begincodespacerange\n<00> <FF>\nendcodespacerange\n";
    const FOOTER: &str = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

    #[test]
    fn consecutive_characters_become_one_range_and_the_rest_stay_single() {
        let cmap = format!(
            "{HEADER}6 beginbfchar\n<20> <0020>\n<21> <0021>\n<22> <0022>\n<01> <00B7>\n\
             <02> <00EB>\n<03> <0000>\nendbfchar\n{FOOTER}"
        );
        assert_eq!(
            compacted(&cmap),
            "3 beginbfchar\n<01> <00B7>\n<02> <00EB>\n<03> <0000>\nendbfchar\n\
             1 beginbfrange\n<20> <22> <0020>\nendbfrange\n"
        );
    }

    #[test]
    fn ranges_and_lists_are_expanded_then_joined() {
        let cmap = format!(
            "{HEADER}2 beginbfrange\n<0012> <0014> <002F>\n<0015> <0017> [<0032> <0041> <D835DC00>]\n\
             endbfrange\n1 beginbfchar\n<07E0> <00660069>\nendbfchar\n{FOOTER}"
        );
        assert_eq!(
            compacted(&cmap),
            "3 beginbfchar\n<0016> <0041>\n<0017> <D835DC00>\n<07E0> <00660069>\nendbfchar\n\
             1 beginbfrange\n<0012> <0015> <002F>\nendbfrange\n"
        );
    }

    #[test]
    fn a_range_stops_at_the_next_high_byte_and_a_later_mapping_wins() {
        let cmap = "1 beginbfrange\n<00FE> <0101> <0041>\nendbfrange\n\
                    1 beginbfchar\n<00FF> <0058>\nendbfchar\n";
        assert_eq!(
            compacted(cmap),
            "2 beginbfchar\n<00FE> <0041>\n<00FF> <0058>\nendbfchar\n\
             1 beginbfrange\n<0100> <0101> <0043>\nendbfrange\n"
        );
    }

    #[test]
    fn codes_never_shown_are_left_out_and_ranges_run_over_them() {
        let cmap = "6 beginbfchar\n<01> <00B7>\n<20> <0020>\n<21> <0021>\n<22> <0000>\n\
                    <23> <0023>\n<30> <0030>\nendbfchar\n";
        let written = |shown_codes: &[u8]| {
            let mut shown = [false; 256];
            shown_codes
                .iter()
                .for_each(|&code| shown[code as usize] = true);
            let mut map = read_map(cmap.as_bytes()).unwrap();
            map.keep_shown(&shown);
            String::from_utf8(write_map(&map)).unwrap()
        };
        // <22> and <24>..<2F> are never shown: one range covers <20>..<30>, and <01> stays
        // as the one mapping kept whatever is shown.
        assert_eq!(
            written(&[0x20, 0x21, 0x23, 0x30]),
            "1 beginbfchar\n<01> <00B7>\nendbfchar\n1 beginbfrange\n<20> <30> <0020>\nendbfrange\n"
        );
        // A shown code with another character stops the range.
        assert_eq!(
            written(&[0x20, 0x21, 0x22, 0x23]),
            "3 beginbfchar\n<01> <00B7>\n<22> <0000>\n<23> <0023>\nendbfchar\n\
             1 beginbfrange\n<20> <21> <0020>\nendbfrange\n"
        );
    }

    #[test]
    fn many_mappings_are_written_in_blocks_of_a_hundred() {
        let lines: String = (0..150u32)
            .map(|code| format!("<{:04X}> <{:04X}>\n", code * 2, code))
            .collect();
        let written = compacted(&format!("150 beginbfchar\n{lines}endbfchar\n"));
        assert!(written.starts_with("100 beginbfchar\n"));
        assert!(written.contains("endbfchar\n50 beginbfchar\n"));
    }

    #[test]
    fn maps_pdf_extract_could_read_otherwise_are_left_alone() {
        for cmap in [
            "",
            "begincmap endcmap",
            // A literal string, an odd hex digit, a comment inside an array.
            "1 beginbfchar\n(A) <0041>\nendbfchar\n",
            "1 beginbfchar\n<4> <0041>\nendbfchar\n",
            "1 beginbfrange\n<00> <01> [<0041> % note\n<0042>]\nendbfrange\n",
            // Counts that do not match, a missing count, a list of the wrong length.
            "2 beginbfchar\n<41> <0041>\nendbfchar\n",
            "beginbfchar\n<41> <0041>\nendbfchar\n",
            "1 beginbfrange\n<00> <02> [<0041> <0042>]\nendbfrange\n",
            // A 3-byte start, a range past U+FFFF, a backwards range, a hostile one.
            "1 beginbfrange\n<00> <01> <004100>\nendbfrange\n",
            "1 beginbfrange\n<00> <01> <FFFF>\nendbfrange\n",
            "1 beginbfrange\n<05> <01> <0041>\nendbfrange\n",
            "1 beginbfrange\n<00000000> <FFFFFFFF> <0041>\nendbfrange\n",
            // Syntax the PostScript reader pdf-extract uses stops at.
            "{ 1 } 1 beginbfchar\n<41> <0041>\nendbfchar\n",
            "1.5 beginbfchar\n<41> <0041>\nendbfchar\n",
            "/Na#20me 1 beginbfchar\n<41> <0041>\nendbfchar\n",
            "  %comment\n1 beginbfchar\n<41> <0041>\nendbfchar\n",
        ] {
            assert_eq!(read_map(cmap.as_bytes()), None, "{cmap:?}");
        }
    }

    fn glyphs_of_every_page(document: &Document) -> Vec<Vec<PageGlyphs>> {
        document
            .get_pages()
            .into_keys()
            .map(|number| {
                let mut collector = GlyphCollector::new(usize::MAX);
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    pdf_extract::output_doc_page(document, &mut collector, number)
                }));
                collector.into_pages()
            })
            .collect()
    }

    /// The regression that matters: on every text PDF of the fixtures, pdf-extract draws the
    /// same glyphs, with the same text, from the rewritten maps as from the originals.
    #[test]
    fn pdf_extract_reads_the_fixtures_the_same_from_rewritten_maps() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/documents");
        let mut rewritten = 0;
        for producer in [
            "chromium",
            "libreoffice",
            "reportlab",
            "fpdf2",
            "ghostscript",
        ] {
            for entry in std::fs::read_dir(fixtures.join(producer)).unwrap() {
                let bytes = std::fs::read(entry.unwrap().path()).unwrap();
                let mut before = Document::load_mem(&bytes).unwrap();
                decompress_text_streams(&mut before);
                let mut after = before.clone();
                compact_to_unicode_maps(&mut after);
                rewritten += before
                    .objects
                    .iter()
                    .filter(|(id, object)| after.objects.get(id) != Some(object))
                    .count();
                assert_eq!(glyphs_of_every_page(&before), glyphs_of_every_page(&after));
            }
        }
        assert!(rewritten >= 30, "only {rewritten} maps were rewritten");
    }
}
