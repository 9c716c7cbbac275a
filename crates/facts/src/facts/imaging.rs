//! Imaging assessments: the BI-RADS category of a breast imaging report.

use std::sync::LazyLock;

use regex::Regex;

use crate::fact::{Fact, FactName};
use crate::facts::matches;
use crate::normalise::{Document, loose};

/// `BI-RADS Category 4B`, `BIRADS: 5`, `ACR BI-RADS assessment: 2`.
static BIRADS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{}\s?-?\s?{}[^\n\d]{{0,25}}?\b([0-6])(?:\s?([abcABC]))?\b",
        loose("bi"),
        loose("rads")
    ))
    .unwrap()
});

/// `birads`.
pub(crate) fn facts(document: &Document) -> Vec<Fact> {
    document
        .pages
        .iter()
        .flat_map(|page| {
            matches(page, &BIRADS, FactName::Birads, |caps| {
                let category = &caps[1];
                match caps.get(2).map(|m| m.as_str().to_ascii_uppercase()) {
                    Some(letter) if category == "4" => Some(format!("4{letter}")),
                    Some(_) => None,
                    None => Some(category.to_owned()),
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::fact::FactName;
    use crate::facts::testing::check_values;

    fn check(text: &str, expected: &str) {
        check_values(FactName::Birads, text, expected);
    }

    #[test]
    fn birads() {
        check("BI-RADS Category 4B", "4B");
        check("BIRADS: 5", "5");
        check("ACR BI-RADS assessment category: 2 (benign)", "2");
        check("BI - RADS 4c", "4C");
        check("Left: BI-RADS 2. Right: BI-RADS 4A", "2|4A");
        check("BI-RADS lexicon used", "");
    }
}
