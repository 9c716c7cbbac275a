//! Prostate cancer measures: Gleason score, grade group and PSA.

use std::sync::LazyLock;

use regex::Regex;

use crate::fact::{Fact, FactName};
use crate::facts::{matches, numeral};
use crate::normalise::{Document, Page, loose};

/// `Gleason Score: 4 + 3 = 7`, `Gleason 7 (3+4)`.
static GLEASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{}(?:'?s)?[^\n\d]{{0,30}}?(?:\d{{1,2}}\s*\(\s*)?([1-5])\s?\+\s?([1-5])(?:\s?=\s?(\d{{1,2}}))?",
        loose("gleason")
    ))
    .unwrap()
});

/// `Grade Group 3`, `ISUP Grade Group 2`, `ISUP grade 2`, `GG 4`.
static GRADE_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:{}|\b(?i:isup)\s*{}(?:\s*{})?|\bGG)\s*[:\-]?\s*(V|IV|III|II|I|[1-5])\b",
        format_args!(r"{}\s*{}", loose("grade"), loose("group")),
        loose("grade"),
        loose("group")
    ))
    .unwrap()
});

/// `Serum PSA: 8.4 ng/ml`, `PSA (Total) 12.5 ng/mL`.
static PSA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<before>free\s+|%\s*)?PSA\b(?P<between>[^\n\d]{0,25}?)(?P<value>\d+(?:\.\d+)?)(?P<date>\s?[/-]\s?\d)?\s*(?:ng\s?/\s?ml|[µμu]g\s?/\s?l)?").unwrap()
});

/// PSA measures that are not the PSA level.
static PSA_DERIVED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)density|velocity|doubling|ratio|free|%").unwrap());

/// `gleason`, `grade_group` and `psa`.
pub(crate) fn facts(document: &Document) -> Vec<Fact> {
    document
        .pages
        .iter()
        .flat_map(|page| gleason(page).chain(grade_group(page)).chain(psa(page)))
        .collect()
}

fn gleason<'p>(page: &'p Page) -> impl Iterator<Item = Fact> + 'p {
    matches(page, &GLEASON, FactName::Gleason, |caps| {
        let primary: u8 = caps[1].parse().ok()?;
        let secondary: u8 = caps[2].parse().ok()?;
        Some(format!("{primary}+{secondary}={}", primary + secondary))
    })
}

fn grade_group<'p>(page: &'p Page) -> impl Iterator<Item = Fact> + 'p {
    matches(page, &GRADE_GROUP, FactName::GradeGroup, |caps| {
        numeral(&caps[1]).map(|group| group.to_string())
    })
}

fn psa<'p>(page: &'p Page) -> impl Iterator<Item = Fact> + 'p {
    matches(page, &PSA, FactName::Psa, |caps| {
        let derived = caps.name("before").is_some()
            || caps.name("date").is_some()
            || PSA_DERIVED.is_match(&caps["between"]);
        (!derived).then(|| format!("{} ng/mL", &caps["value"]))
    })
}

#[cfg(test)]
mod tests {
    use crate::fact::FactName;
    use crate::facts::testing::check_values;

    fn check_gleason(text: &str, expected: &str) {
        check_values(FactName::Gleason, text, expected);
    }

    #[test]
    fn gleason() {
        check_gleason("Gleason Score: 4 + 3 = 7 (Grade Group 3)", "4+3=7");
        check_gleason("Gleason's score 3+4=7", "3+4=7");
        check_gleason("Gleason 7 (3+4)", "3+4=7");
        check_gleason("GLEA SON SCORE: 4 + 4 = 8", "4+4=8");
        check_gleason("Gleason pattern not assessable", "");
    }

    fn check_group(text: &str, expected: &str) {
        check_values(FactName::GradeGroup, text, expected);
    }

    #[test]
    fn grade_group() {
        check_group("Gleason Score: 4 + 3 = 7 (Grade Group 3)", "3");
        check_group("ISUP Grade Group 2", "2");
        check_group("ISUP grade 4", "4");
        check_group("WHO Grade Group: V", "5");
        check_group("Nottingham grade 2", "");
    }

    fn check_psa(text: &str, expected: &str) {
        check_values(FactName::Psa, text, expected);
    }

    #[test]
    fn psa() {
        check_psa("Serum PSA: 8.4 ng/ml", "8.4 ng/mL");
        check_psa("PSA (Total) 12.5 ng/mL", "12.5 ng/mL");
        check_psa("Total PSA 0.01 µg/L", "0.01 ng/mL");
        check_psa("Free PSA 1.2 ng/mL; PSA density 0.15", "");
        check_psa("PSA 12/03/2025", "");
        check_psa("PSMA PET 5 lesions", "");
    }
}
