//! Small text tests the rules use: whole-word phrase search and a value's first number.

/// The pattern found earliest in `text` as a whole word or phrase, ignoring case; returns the
/// words found as the text writes them. A pattern ending in `*` also takes longer words
/// (`work*` finds "working").
pub fn find_phrase(text: &str, patterns: &[String]) -> Option<String> {
    let haystack = text.to_lowercase();
    let (start, end) = patterns
        .iter()
        .filter_map(|pattern| find_one(&haystack, &pattern.to_lowercase()))
        .min_by_key(|&(start, end)| (start, std::cmp::Reverse(end)))?;
    // Lower-casing keeps byte offsets for most text; where it does not, show it lower case.
    let source = if haystack.len() == text.len() {
        text
    } else {
        &haystack
    };
    source.get(start..end).map(str::to_owned)
}

/// Where `pattern` first occurs in `haystack` (both lower case) as whole words.
fn find_one(haystack: &str, pattern: &str) -> Option<(usize, usize)> {
    let (needle, prefix) = match pattern.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (pattern, false),
    };
    if needle.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(offset) = haystack[from..].find(needle) {
        let start = from + offset;
        let end = start + needle.len();
        let starts_word = !haystack[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let rest = &haystack[end..];
        let ends_word = !rest.chars().next().is_some_and(char::is_alphanumeric);
        if starts_word && (prefix || ends_word) {
            let tail = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            return Some((start, if prefix { end + tail } else { end }));
        }
        from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The first number in a value: `6.2 ng/mL` → 6.2, `2/15` → 2, `<5%` → 5, `3+` → 3.
pub fn first_number(value: &str) -> Option<f64> {
    let start = value.find(|c: char| c.is_ascii_digit())?;
    let rest = &value[start..];
    let mut seen_point = false;
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            if c == '.' && !seen_point {
                seen_point = true;
                // A point counts only when a digit follows it.
                !rest[i + 1..].starts_with(|d: char| d.is_ascii_digit())
            } else {
                !c.is_ascii_digit()
            }
        })
        .map_or(rest.len(), |(i, _)| i);
    rest[..end].parse().ok()
}

/// Whether two fact values say the same thing: equal ignoring case and surrounding space.
pub fn same_value(a: &str, b: &str) -> bool {
    value_key(a) == value_key(b)
}

/// What of a fact value counts when comparing it: two values say the same thing exactly when
/// their keys are equal.
pub fn value_key(value: &str) -> String {
    value.trim().to_lowercase()
}

/// Text cut to at most `limit` characters, with an ellipsis when cut.
pub fn shorten(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, pattern: &str) -> Option<String> {
        find_phrase(text, &[pattern.to_owned()])
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let table: &[(&str, &str, Option<&str>)] = &[
            (
                "Left MASTECTOMY with SLNB",
                "mastectomy",
                Some("MASTECTOMY"),
            ),
            ("4 cycles AC followed by paclitaxel", "ac", Some("AC")),
            ("according to plan", "ac", None),
            (
                "neoadjuvant chemo-immunotherapy",
                "immunotherapy",
                Some("immunotherapy"),
            ),
            ("neoadjuvant chemo-immunotherapy", "chemo", Some("chemo")),
            ("I can't keep Working", "work*", Some("Working")),
            ("homework", "work*", None),
            ("worried", "work*", None),
            ("what are my chances?", "how long", None),
            ("how long do I have", "how long", Some("how long")),
            ("", "hair", None),
        ];
        for (text, pattern, expected) in table {
            assert_eq!(
                find(text, pattern).as_deref(),
                *expected,
                "{pattern} in {text:?}"
            );
        }
    }

    #[test]
    fn the_earliest_pattern_in_the_text_wins() {
        let patterns = ["egfr".to_owned(), "osimertinib".to_owned()];
        assert_eq!(
            find_phrase("Osimertinib 80 mg for EGFR exon 19 deletion", &patterns).as_deref(),
            Some("Osimertinib")
        );
    }

    #[test]
    fn first_numbers_are_read_from_values() {
        let table: &[(&str, Option<f64>)] = &[
            ("6.2 ng/mL", Some(6.2)),
            ("2/15", Some(2.0)),
            ("<5%", Some(5.0)),
            ("15-20%", Some(15.0)),
            ("3+", Some(3.0)),
            ("10.", Some(10.0)),
            ("negative", None),
        ];
        for (value, expected) in table {
            assert_eq!(first_number(value), *expected, "{value}");
        }
    }

    #[test]
    fn long_text_is_shortened() {
        assert_eq!(shorten("  short ", 10), "short");
        assert_eq!(shorten("abcdefghijkl", 5), "abcd…");
    }
}
