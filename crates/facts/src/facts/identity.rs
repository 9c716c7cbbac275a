//! Who and where: the document's own title, the issuing facility and the patient's name.

use std::sync::LazyLock;

use regex::Regex;

use crate::fact::{Fact, FactName};
use crate::facts::found;
use crate::normalise::{Document, Page, collapse};

/// How many lines at the top of page 1 may hold the title or the facility.
const HEADER_LINES: usize = 15;

/// Words a document title ends with or contains.
static TITLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:report|summary|note|notes|record|prescription|opinion|consultation|certificate|letter|invoice|bill|receipt|profile|panel|count|examination|ultrasound|mammogram|mammography|sonography|scan|biopsy|cytology|histopathology)\b").unwrap()
});

/// Words that name a hospital, lab or clinic.
static FACILITY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hospitals?|institute|laborator(?:y|ies)|\p{L}*labs?|diagnostics?|clinics?|polyclinic|cancer\s+(?:centre|center)|medical\s+(?:centre|center|college)|health\s*care|health\s+(?:centre|center|system)|imaging|nursing\s+home|infirmary|nhs|oncology\s+(?:centre|center))\b").unwrap()
});

/// `Hospital: ...`, `Laboratory name: ...`.
static FACILITY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*(?:hospital|facility|institution|laboratory|centre|center)(?:\s+name)?\s*:\s*([^\n]+)").unwrap()
});

/// Where a facility line stops: an address or a second part after a comma, bar or dash.
static FACILITY_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",|\||\s[-–]\s|\(").unwrap());

/// `Patient name:`, `Name of patient:`, `Name:`, `Patient:`, with the word before it.
static NAME_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(\p{L}+)\.?\s+)?\b(?P<label>patient'?s?\s*name|name\s+of\s+(?:the\s+)?patient|pt\.?\s*name|patient|name)\s*[:\-]\s*").unwrap()
});

/// Words before `Name:` that make it someone else's name.
const OTHER_PEOPLE: [&str; 16] = [
    "doctor",
    "dr",
    "father",
    "husband",
    "mother",
    "test",
    "hospital",
    "consultant",
    "referring",
    "physician",
    "guardian",
    "spouse",
    "lab",
    "user",
    "brand",
    "drug",
];

/// Where a printed name ends: the next label, a column gap, digits or punctuation.
static NAME_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s{2,}|\t|[|;/\d(\[]|\b(?:age|sex|gender|mrn|uhid|dob|d\.o\.b|date|id|ip|op|cr|reg|registration|ref|referred|bed|ward|sample|accession|specimen|lab|phone|mobile|address|years?|yrs?|hospital|no)\b|\p{L}+\s*:").unwrap()
});

/// Titles printed before a name.
static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:mr|mrs|ms|miss|master|dr|smt|shri|sri|kumari|km|mx)\.?\s+").unwrap()
});

/// `document_type`, `facility` and `patient_name`.
pub(crate) fn facts(document: &Document) -> Vec<Fact> {
    let mut facts = Vec::new();
    if let Some(first) = document.pages.first() {
        facts.extend(title(first));
        facts.extend(facility(first));
    }
    facts.extend(document.pages.iter().find_map(patient_name));
    facts
}

/// The first short header line on page 1 that reads like a title.
fn title(page: &Page) -> Option<Fact> {
    page.spaced
        .lines()
        .take(HEADER_LINES)
        .find_map(|(start, line)| {
            let words = line.trim();
            let is_title = (4..=70).contains(&words.chars().count())
                && !words.contains(':')
                && words.split_whitespace().count() <= 8
                && TITLE_WORD.is_match(words)
                && !FACILITY_WORD.is_match(words)
                && !words.chars().any(|c| c.is_ascii_digit());
            is_title.then(|| {
                let at = start + (line.len() - line.trim_start().len());
                found(
                    FactName::DocumentType,
                    collapse(words),
                    page,
                    &page.spaced,
                    at..at + words.len(),
                )
            })
        })
}

/// A `Hospital:` label, else the first header line naming a facility.
fn facility(page: &Page) -> Option<Fact> {
    let view = &page.spaced;
    if let Some(caps) = FACILITY_LABEL.captures(&view.text) {
        let value = caps.get(1).unwrap();
        let name = cut_facility(value.as_str());
        let span = value.start()..value.start() + name.len();
        return Some(found(FactName::Facility, collapse(name), page, view, span));
    }
    view.lines().take(HEADER_LINES).find_map(|(start, line)| {
        let name = cut_facility(line);
        let is_facility = FACILITY_WORD.is_match(name)
            && !TITLE_WORD.is_match(name)
            && !name.contains(':')
            && (3..=80).contains(&name.chars().count());
        is_facility.then(|| {
            let at = start + (line.len() - line.trim_start().len());
            found(
                FactName::Facility,
                collapse(name),
                page,
                view,
                at..at + name.len(),
            )
        })
    })
}

/// A facility line up to its address or second part, trimmed.
fn cut_facility(line: &str) -> &str {
    let line = line.trim();
    FACILITY_END
        .find(line)
        .map_or(line, |end| &line[..end.start()])
        .trim()
}

/// The first labelled patient name on a page, read from the original line layout.
fn patient_name(page: &Page) -> Option<Fact> {
    let view = &page.spaced;
    for caps in NAME_LABEL.captures_iter(&view.text) {
        let before = caps.get(1).map(|w| w.as_str().to_lowercase());
        if before.is_some_and(|word| OTHER_PEOPLE.contains(&word.as_str())) {
            continue;
        }
        let label_end = caps.get(0).unwrap().end();
        let line_end = view.text[label_end..]
            .find('\n')
            .map_or(view.text.len(), |at| label_end + at);
        // Column gaps only exist in the original text, so cut the name there.
        let original = view.original_range(label_end..line_end);
        let rest = view.original_text(original.clone());
        let name = NAME_END.find(rest).map_or(rest, |end| &rest[..end.start()]);
        let name = name
            .trim()
            .trim_end_matches(['.', '-', ':', ','])
            .trim_end();
        let without_title = HONORIFIC
            .find(name)
            .map_or(name, |title| &name[title.end()..]);
        if without_title.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            continue;
        }
        let label = caps.name("label").unwrap();
        let label_start = view.original_range(label.range()).start;
        let end = original.start + rest.find(name).unwrap_or(0) + name.len();
        return Some(Fact {
            name: FactName::PatientName,
            value: collapse(without_title),
            page: page.number,
            snippet: view.original_text(label_start..end).trim().to_owned(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::fact::FactName;
    use crate::facts::testing::check_values;

    fn check_name(text: &str, expected: &str) {
        check_values(FactName::PatientName, text, expected);
    }

    #[test]
    fn patient_names() {
        check_name("Patient Name: Priya Sharma   Age: 45 Y", "Priya Sharma");
        check_name("Name : Mrs. Priya Sharma Age/Sex: 45/F", "Priya Sharma");
        check_name("Patient: John A. Smith\tMRN: 12345", "John A. Smith");
        check_name("Name: प्रिया शर्मा  UHID: 998", "प्रिया शर्मा");
        check_name("Patient name: Zoë Ångström, 52 F", "Zoë Ångström");
        check_name(
            "Referring Doctor Name: Dr. Rao\nPatient Name: Meera Iyer",
            "Meera Iyer",
        );
        check_name(
            "Name of patient: SMT. LAKSHMI DEVI DOB: 01/02/1960",
            "LAKSHMI DEVI",
        );
        check_name("Test Name: Haemoglobin", "");
        check_name("Patient: DOE, JOHN    MRN: 1234567", "DOE, JOHN");
    }

    fn check_facility(text: &str, expected: &str) {
        check_values(FactName::Facility, text, expected);
    }

    #[test]
    fn facilities() {
        check_facility(
            "TATA MEMORIAL HOSPITAL\nParel, Mumbai",
            "TATA MEMORIAL HOSPITAL",
        );
        check_facility(
            "Apollo Diagnostics, 12 MG Road, Pune\nReport",
            "Apollo Diagnostics",
        );
        check_facility(
            "Patient: X\nHospital: Royal Marsden Hospital, London",
            "Royal Marsden Hospital",
        );
        check_facility("SURGICAL PATHOLOGY REPORT\nName: X", "");
        check_facility(
            "Dr. Lal PathLabs\nNational Reference Lab",
            "Dr. Lal PathLabs",
        );
    }

    fn check_title(text: &str, expected: &str) {
        check_values(FactName::DocumentType, text, expected);
    }

    #[test]
    fn titles() {
        check_title(
            "City Hospital\nSURGICAL PATHOLOGY REPORT\nName: X",
            "SURGICAL PATHOLOGY REPORT",
        );
        check_title("Discharge  Summary\nDate: 1/2/2025", "Discharge Summary");
        check_title("Note: report is electronically signed", "");
    }
}
