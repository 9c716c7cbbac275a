//! Makes extracted text safe to store, show and search.
//!
//! Removes NUL and other control characters (a PDF can map glyphs to anything), turns the
//! various Unicode spaces into plain ones, spells out typographic ligatures (so "ﬁbrosis" is
//! found by "fibrosis"), drops soft hyphens, trims line ends and squeezes runs of blank lines.

/// Cleaned text; keeps line breaks and the three-space cell separator.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => {}
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() || is_unassigned_private(c) => {}
            c => out.push(c),
        }
    }
    tidy_lines(&out)
}

/// Characters from the Unicode "noncharacter" set and lone replacement characters carry no text.
fn is_unassigned_private(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{FFFD}')
}

fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

/// Share of a page's visible characters that may be odd before its text layer is judged
/// garbled. Real reports stay under 1% (accents, µ, ±, ≥, Devanagari are not odd); a font
/// without a usable character map gives a quarter or more.
const MAX_ODD_SHARE: f64 = 0.10;

/// Whether a text layer is garbage: a font whose codes map to the wrong characters (no
/// ToUnicode, a private encoding) gives a page of symbols that only OCR can read.
pub fn looks_garbled(text: &str) -> bool {
    let (mut visible, mut odd) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        visible += 1;
        odd += usize::from(is_odd(c));
    }
    visible >= 20 && odd as f64 > MAX_ODD_SHARE * visible as f64
}

/// A character rarely seen in medical reports in English or Hindi.
fn is_odd(c: char) -> bool {
    let common_symbols = "µ±≥≤°²³×·–—‘’“”•₹€£";
    !(c.is_ascii_graphic()
        || ('\u{0900}'..='\u{097F}').contains(&c)
        || ('\u{00C0}'..='\u{00FF}').contains(&c) && c.is_alphabetic()
        || common_symbols.contains(c))
}

/// How many letters and digits the text holds: the measure of "is there any text at all".
pub fn meaningful_chars(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: &str) {
        assert_eq!(clean(raw), expected, "cleaning {raw:?}");
    }

    #[test]
    fn cleans() {
        check("ER\0 positive", "ER positive");
        check("a\u{0007}b\u{001B}c", "abc");
        check("\u{FB01}brosis and re\u{FB02}ux", "fibrosis and reflux");
        check("carci\u{00AD}noma", "carcinoma");
        check("10\u{00A0}mg\u{2009}/\u{202F}m²", "10 mg / m²");
        check("line   \n\n\n\nnext\t\tcell", "line\n\nnext  cell");
        check("\n\n  \nbody\n\n", "body");
        check("प्रिया शर्मा ≥ 5 µg ± 0.2", "प्रिया शर्मा ≥ 5 µg ± 0.2");
        check("a\r\nb", "a\nb");
        check("\u{FFFD}\u{FFFD}", "");
    }

    #[test]
    fn garbled_text_layers_are_recognised() {
        let garbled = "ˇî‹>ıww¢t−>ŸîwŸt€q)Tî t)îú)>ıôîÈt‹úî€t1Èt ÕTt§úîwTÿ sŽtıwTŸÈt";
        assert!(looks_garbled(garbled));
        for real in [
            "Oestrogen receptor (ER): Positive, Allred 8/8; Ki-67 ≥ 20% ± 2; 5 µg/L",
            "Patient: प्रिया शर्मा, Zoë Müller, José García; Haemoglobin 9.8 g/dL (L) – low",
            "ˇ short",
        ] {
            assert!(!looks_garbled(real), "{real}");
        }
    }

    #[test]
    fn counts_meaningful_characters() {
        assert_eq!(meaningful_chars(" .,;- \n"), 0);
        assert_eq!(meaningful_chars("Ki-67 20%"), 6);
        assert_eq!(meaningful_chars("शर्मा"), 4); // the virama is not a letter
    }
}
