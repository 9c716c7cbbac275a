//! DICOM value formats turned into display values: person names and dates.

use chrono::NaiveDate;

/// A DICOM person name (`FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX`) as people write it:
/// `Prefix Given Middle Family Suffix`, case kept, empty parts dropped.
///
/// Only the first value and its alphabetic representation (before any `=`) are used; a name
/// without `^` is free text and is only trimmed.
pub(crate) fn display_name(person_name: &str) -> String {
    let first_value = person_name.split('\\').next().unwrap_or_default();
    let alphabetic = first_value.split('=').next().unwrap_or_default();
    let parts: Vec<&str> = alphabetic.split('^').map(str::trim).collect();
    let part = |index: usize| parts.get(index).copied().unwrap_or_default();
    [part(3), part(1), part(2), part(0), part(4)]
        .iter()
        .flat_map(|part| part.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A DICOM date (`YYYYMMDD`); anything else, including impossible dates, is `None`.
pub(crate) fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if value.len() != 8 || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y%m%d").ok()
}

/// Text compared without regard to case or spacing.
pub(crate) fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names_read_given_name_first() {
        let cases = [
            ("RIVERA^MORGAN^J", "MORGAN J RIVERA"),
            ("Okafor^Sam", "Sam Okafor"),
            ("Okafor", "Okafor"),
            ("  Smith ^ Ann  ^^^", "Ann Smith"),
            ("Smith^Ann^Lee^Dr^PhD", "Dr Ann Lee Smith PhD"),
            ("^Ann", "Ann"),
            ("Yamada^Tarou=山田^太郎=やまだ^たろう", "Tarou Yamada"),
            ("Smith^Ann\\Jones^Bo", "Ann Smith"),
            ("van  der Berg^Anna", "Anna van der Berg"),
            ("Ann Smith", "Ann Smith"),
            ("", ""),
            ("^^^^", ""),
            ("a^b^c^d^e^f^g", "d b c a e"),
        ];
        for (person_name, expected) in cases {
            assert_eq!(display_name(person_name), expected, "{person_name:?}");
        }
    }

    #[test]
    fn dates_parse_only_when_valid() {
        let cases = [
            ("20240312", NaiveDate::from_ymd_opt(2024, 3, 12)),
            (" 20240229 ", NaiveDate::from_ymd_opt(2024, 2, 29)),
            ("20230229", None),
            ("20241301", None),
            ("2024031", None),
            ("2024-03-12", None),
            ("+2024031", None),
            ("", None),
            ("2024031２", None),
        ];
        for (value, expected) in cases {
            assert_eq!(parse_date(value), expected, "{value:?}");
        }
    }

    #[test]
    fn normalising_ignores_case_and_spacing() {
        assert_eq!(normalised("  MORGAN  J\tRivera "), "morgan j rivera");
        assert_ne!(normalised("Ann Smith"), normalised("Anne Smith"));
    }
}
