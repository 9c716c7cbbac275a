//! Views of a document's text that tolerate PDF extraction noise, each mapping back to the
//! original text so a fact can quote the exact words it came from.
//!
//! The *spaced* view turns every whitespace run into one space (or one newline when the run
//! held a line break) and joins words hyphenated over a line break. The *compact* view drops
//! whitespace altogether, for tokens such as `p T2 N1a M0`. Patterns tolerate spaces inside
//! words with [`loose`].

use std::ops::Range;

/// The longest snippet kept, in characters.
const SNIPPET_CHARS: usize = 160;

/// A document's pages, each with its views.
pub(crate) struct Document<'a> {
    /// Pages in order, page 1 first.
    pub pages: Vec<Page<'a>>,
}

impl<'a> Document<'a> {
    /// Builds the views of every page.
    pub fn new(pages: &[&'a str]) -> Document<'a> {
        let pages = pages
            .iter()
            .zip(1..)
            .map(|(text, number)| Page {
                number,
                spaced: View::spaced(text),
                compact: View::compact(text),
            })
            .collect();
        Document { pages }
    }
}

/// One page of a document.
pub(crate) struct Page<'a> {
    /// 1-based page number.
    pub number: u32,
    /// Whitespace collapsed, line breaks kept.
    pub spaced: View<'a>,
    /// Whitespace removed.
    pub compact: View<'a>,
}

/// A normalised copy of a page's text, with each byte's origin in the original.
pub(crate) struct View<'a> {
    /// The normalised text that patterns run against.
    pub text: String,
    /// For each byte of `text`, the byte offset in `original` it came from.
    origins: Vec<usize>,
    original: &'a str,
}

impl<'a> View<'a> {
    fn spaced(original: &'a str) -> View<'a> {
        let mut view = View::empty(original);
        let mut chars = original.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c.is_whitespace() {
                let mut line_break = c == '\n';
                while let Some(&(_, next)) = chars.peek().filter(|(_, next)| next.is_whitespace()) {
                    line_break |= next == '\n';
                    chars.next();
                }
                view.push(if line_break { '\n' } else { ' ' }, at);
            } else if c == '-' && ends_in_letter(&view.text) && joins_broken_word(&original[at..]) {
                while chars.peek().is_some_and(|(_, next)| next.is_whitespace()) {
                    chars.next();
                }
            } else {
                view.push(c, at);
            }
        }
        view
    }

    fn compact(original: &'a str) -> View<'a> {
        let mut view = View::empty(original);
        for (at, c) in original.char_indices().filter(|(_, c)| !c.is_whitespace()) {
            view.push(c, at);
        }
        view
    }

    fn empty(original: &'a str) -> View<'a> {
        View {
            text: String::with_capacity(original.len()),
            origins: Vec::with_capacity(original.len()),
            original,
        }
    }

    fn push(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.origins.extend((0..c.len_utf8()).map(|i| at + i));
    }

    /// Where a span of this view lies in the original text.
    pub fn original_range(&self, span: Range<usize>) -> Range<usize> {
        let start = self
            .origins
            .get(span.start)
            .copied()
            .unwrap_or(self.original.len());
        let end = self
            .origins
            .get(span.end)
            .copied()
            .unwrap_or(self.original.len());
        start..end.max(start)
    }

    /// The original text in a byte range of it.
    pub fn original_text(&self, range: Range<usize>) -> &'a str {
        &self.original[range]
    }

    /// The original words behind a span of this view, trimmed and cut to about 160 characters.
    /// A bracket the span opened is closed when the close is near on the same line.
    pub fn snippet(&self, span: Range<usize>) -> String {
        let mut range = self.original_range(span);
        let opened = self.original[range.clone()].matches('(').count();
        if opened > self.original[range.clone()].matches(')').count() {
            let rest = after(self.original, range.end, 40);
            let close = rest.split('\n').next().and_then(|line| line.find(')'));
            range.end += close.map_or(0, |at| at + 1);
        }
        let words = self.original[range].trim();
        words
            .chars()
            .take(SNIPPET_CHARS)
            .collect::<String>()
            .trim_end()
            .to_owned()
    }

    /// The lines of the view, each with the byte offset it starts at.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text.split('\n').scan(0, |start, line| {
            let at = *start;
            *start += line.len() + 1;
            Some((at, line))
        })
    }
}

/// At most `bytes` bytes of `text` ending at `end` (kept to whole characters).
pub(crate) fn before(text: &str, end: usize, bytes: usize) -> &str {
    let mut start = end.saturating_sub(bytes);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..end]
}

/// At most `bytes` bytes of `text` starting at `start` (kept to whole characters).
pub(crate) fn after(text: &str, start: usize, bytes: usize) -> &str {
    let mut end = (start + bytes).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end]
}

/// Whether the text so far ends in a letter (so a following hyphen may break a word).
fn ends_in_letter(text: &str) -> bool {
    text.chars().next_back().is_some_and(char::is_alphabetic)
}

/// Whether `rest` (starting at a hyphen) is a hyphen, a line break and a lower-case letter:
/// a word broken over two lines, as in `carci-` / `noma`.
fn joins_broken_word(rest: &str) -> bool {
    let after_hyphen = &rest[1..];
    let gap = after_hyphen.len() - after_hyphen.trim_start().len();
    after_hyphen[..gap].contains('\n')
        && after_hyphen[gap..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
}

/// A regex fragment matching `phrase` case-insensitively, allowing one stray whitespace
/// character between the letters of a word and any whitespace between words.
pub(crate) fn loose(phrase: &str) -> String {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|word| {
            let letters: Vec<String> = word
                .chars()
                .map(|c| regex::escape(&c.to_string()))
                .collect();
            letters.join(r"\s?")
        })
        .collect();
    format!(r"(?i:{})", words.join(r"\s*"))
}

/// A regex fragment for a number that PDF extraction may have split with stray spaces
/// (`2 0`, `1 .5`); read it back with [`squeeze`].
pub(crate) const LOOSE_NUMBER: &str = r"\d(?:\s?\d)*(?:\s?\.\s?\d+)?";

/// The text without any whitespace.
pub(crate) fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text with whitespace runs made single spaces and the ends trimmed.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_spaced(input: &str, expected: &str) {
        assert_eq!(
            View::spaced(input).text,
            expected,
            "spaced view of {input:?}"
        );
    }

    #[test]
    fn spaced_view() {
        check_spaced("a  b\t c", "a b c");
        check_spaced("a \n\n  b", "a\nb");
        check_spaced("carci-\nnoma", "carcinoma");
        check_spaced("ER -\nNegative", "ER -\nNegative");
        check_spaced("Ki-\n67", "Ki-\n67");
        check_spaced("प्रिया  शर्मा", "प्रिया शर्मा");
    }

    fn check_snippet(input: &str, pattern: &str, expected: &str) {
        let view = View::spaced(input);
        let found = regex::Regex::new(pattern)
            .unwrap()
            .find(&view.text)
            .unwrap();
        assert_eq!(
            view.snippet(found.range()),
            expected,
            "snippet of {pattern} in {input:?}"
        );
    }

    #[test]
    fn snippets_quote_the_original() {
        check_snippet(
            "Stage:  STA GE   IIA end",
            &(loose("stage") + r"\s*IIA"),
            "STA GE   IIA",
        );
        check_snippet("µ±≥ Name:\u{a0}प्रिया   शर्मा", "प्रिया शर्मा", "प्रिया   शर्मा");
        check_snippet("carci-\nnoma in situ", "carcinoma in", "carci-\nnoma in");
    }

    #[test]
    fn compact_view_maps_back() {
        let view = View::compact("2 0 2 5 -0 9 -1 5 rest");
        assert_eq!(&view.text[..10], "2025-09-15");
        assert_eq!(view.snippet(0..10), "2 0 2 5 -0 9 -1 5");
    }
}
