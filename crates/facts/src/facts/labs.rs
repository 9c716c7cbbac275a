//! Lab values flagged high or low, or printed outside their reference range.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::fact::{Fact, FactName};
use crate::facts::found;
use crate::normalise::{Document, collapse};

/// A number in a row.
const NUMBER: &str = r"\d+(?:\.\d+)?";

/// A test name at the start of a row, and the separator before its value.
const NAME: &str = r"^\s*(?P<name>\p{L}[\p{L}\p{M}\d ().,'/%\-]*?)\s*[:\-]?\s+";

/// A unit after a value.
const UNIT: &str = r"(?:x\s?)?10\s?\^\s?\d+\s?/\s?\S+|[^\s\d<>≤≥(\[*↑↓][^\s]*";

/// One table row: name, value, optional flag, unit, reference range, flag and a comment in
/// brackets (`< 5.0 (non-smoker)`).
static ROW: LazyLock<Regex> = LazyLock::new(|| {
    let number = NUMBER;
    let flag = r"\*|\(?\b(?:H|L|HIGH|LOW|High|Low)\b\)?|↑|↓";
    let range = format!(
        r"[(\[]?\s*(?i:ref(?:erence)?(?:\s+range)?\s*:?\s*)?(?:(?P<low>{number})\s*(?:-|–|to)\s*(?P<high>{number})|(?:[<≤]|(?i:up\s*to))\s*(?P<below>{number})|[>≥]\s*(?P<above>{number}))\s*[)\]]?"
    );
    Regex::new(&format!(
        r"{NAME}(?P<value>{number})\s*(?P<flag1>{flag})?\s*(?P<unit>{UNIT})?\s*(?:{range})?\s*(?P<flag2>{flag})?\s*(?:\([^)]*\))?\s*$"
    ))
    .unwrap()
});

/// A row with its flag printed beside the value and anything (OCR noise, a comment) after
/// the unit: `Serum Creatinine 2.1 H mg/dL wee 1.3`.
static FLAGGED_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{NAME}(?P<value>{NUMBER})\s*(?P<flag1>\b(?:H|L|HIGH|LOW|High|Low)\b|↑|↓)\s+(?P<unit>{UNIT})(?:\s.*)?$"
    ))
    .unwrap()
});

/// Row names that are not lab tests.
static NOT_A_TEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:age|date|page|stage|grade|size|tumou?r|ki-?\s?67|er|pr|her\s?2|bi-?rads|gleason|score|time|no|sr\.?\s*no)\b").unwrap()
});

/// Whether a value is high or low.
#[derive(Clone, Copy)]
enum Flag {
    High,
    Low,
}

/// `lab_out_of_range`, one per flagged row, as `Name value unit (H)`.
pub(crate) fn facts(document: &Document) -> Vec<Fact> {
    let mut facts = Vec::new();
    for page in &document.pages {
        let view = &page.spaced;
        for (start, line) in view.lines() {
            let Some(caps) = FLAGGED_ROW.captures(line).or_else(|| ROW.captures(line)) else {
                continue;
            };
            let name = caps["name"].trim().trim_end_matches([':', '-']).trim_end();
            if NOT_A_TEST.is_match(name) || name.chars().count() > 40 {
                continue;
            }
            let Some(flag) = flag(&caps) else { continue };
            let unit = caps
                .name("unit")
                .map(|u| format!(" {}", u.as_str()))
                .unwrap_or_default();
            let letter = match flag {
                Flag::High => "H",
                Flag::Low => "L",
            };
            let value = format!("{} {}{unit} ({letter})", collapse(name), &caps["value"]);
            facts.push(found(
                FactName::LabOutOfRange,
                value,
                page,
                view,
                start..start + line.len(),
            ));
        }
    }
    facts
}

/// The printed flag, read against the reference range when it is only `*`; else the range.
fn flag(caps: &Captures) -> Option<Flag> {
    let printed = caps
        .name("flag1")
        .or(caps.name("flag2"))
        .map(|f| f.as_str().to_uppercase());
    let printed = printed.as_deref().map(|f| f.trim_matches(['(', ')']));
    match printed {
        Some("H" | "HIGH" | "↑") => Some(Flag::High),
        Some("L" | "LOW" | "↓") => Some(Flag::Low),
        _ => outside_range(caps),
    }
}

fn outside_range(caps: &Captures) -> Option<Flag> {
    let number = |group: &str| {
        caps.name(group)
            .and_then(|m| m.as_str().parse::<f64>().ok())
    };
    let value = number("value")?;
    if let (Some(low), Some(high)) = (number("low"), number("high")) {
        return if value < low {
            Some(Flag::Low)
        } else if value > high {
            Some(Flag::High)
        } else {
            None
        };
    }
    if let Some(below) = number("below") {
        return (value > below).then_some(Flag::High);
    }
    (value < number("above")?).then_some(Flag::Low)
}

#[cfg(test)]
mod tests {
    use crate::fact::FactName;
    use crate::facts::testing::check_values;

    fn check(text: &str, expected: &str) {
        check_values(FactName::LabOutOfRange, text, expected);
    }

    #[test]
    fn flagged_rows() {
        check(
            "Haemoglobin 9.8 g/dL 12.0 - 15.5 L",
            "Haemoglobin 9.8 g/dL (L)",
        );
        check(
            "Haemoglobin   9.8   L   g/dL   12.0-15.5",
            "Haemoglobin 9.8 g/dL (L)",
        );
        check(
            "WBC Count 14.2 High x10^3/µL 4.0 - 11.0",
            "WBC Count 14.2 x10^3/µL (H)",
        );
        check("CA 15-3 45.2 U/mL 0 - 31.3 H", "CA 15-3 45.2 U/mL (H)");
        check(
            "S. Creatinine : 1.9 mg/dL (0.6-1.2) *",
            "S. Creatinine 1.9 mg/dL (H)",
        );
        check("Platelets 90 10^9/L 150-400", "Platelets 90 10^9/L (L)");
        check("CEA 7.5 ng/mL < 5.0", "CEA 7.5 ng/mL (H)");
        check("Serum PSA 8.4 ng/mL Up to 4.0", "Serum PSA 8.4 ng/mL (H)");
        check(
            "Potassium 3.1 mmol/L (Ref: 3.5-5.1) Low",
            "Potassium 3.1 mmol/L (L)",
        );
        check("Glucose 250 mg/dL ↑", "Glucose 250 mg/dL (H)");
        check(
            "CEA   6.2   H   ng/mL   < 5.0 (non-smoker)",
            "CEA 6.2 ng/mL (H)",
        );
        check("CEA 7.5 ng/mL < 5.0 (smoker)", "CEA 7.5 ng/mL (H)");
        check(
            "Serum Creatinine 2.1 H mg/dL wee 1.3",
            "Serum Creatinine 2.1 mg/dL (H)",
        );
        check("CA 15-3 48.6 H U/mL < 25.0", "CA 15-3 48.6 U/mL (H)");
    }

    #[test]
    fn normal_rows_and_non_rows() {
        check("Haemoglobin 13.1 g/dL 12.0 - 15.5", "");
        check("Age 45 Years", "");
        check("Tumour size 2.3 cm 1 - 2", "");
        check("Page 1 of 2", "");
        check("Sodium 140 mmol/L", "");
        check("Haemoglobin 13.1 g/dL see note 12", "");
        check("Age 45 H years", "");
    }
}
