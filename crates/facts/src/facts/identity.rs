//! Who and where: the document's own title, the issuing facility and the patient's name.

use std::sync::LazyLock;

use regex::Regex;

use crate::fact::{Fact, FactName};
use crate::facts::found;
use crate::normalise::{Document, Page, collapse};

/// How many lines at the top of page 1 may hold the title or the facility.
const HEADER_LINES: usize = 15;

/// Words a document title ends with or contains.
const TITLE_WORDS: &str = r"report|summary|note|notes|record|prescription|opinion|consultation|certificate|letter|invoice|bill|receipt|profile|panel|count|examination|ultrasound|mammogram|mammography|sonography|scan|biopsy|cytology|histopathology|tests?|list|outcome|referral|results|haemogram|hemogram|mri|ct|pet/ct|pet-ct|x-ray";

/// A title word anywhere in a line.
static TITLE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\b(?:{TITLE_WORDS})\b")).unwrap());

/// A title word ending a line: `Laboratory Report` is a title though it names a laboratory.
static ENDS_IN_TITLE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\b(?:{TITLE_WORDS})\W*$")).unwrap());

/// Between the parts of a running footer (`Narmada Pathology Lab - Haemogram`).
static PART_GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s[-–—·]\s").unwrap());

/// How many lines at the bottom of page 1 may hold a running footer with the title.
const FOOTER_LINES: usize = 3;

/// Words that name a hospital, lab, clinic, practice or payer.
static FACILITY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hospitals?|institute|laborator(?:y|ies)|\p{L}*labs?|diagnostics|diagnostic\s+(?:centre|center|services)|clinics?|polyclinic|centre|center|health\s*care|health\s+(?:system|board)|imaging|nursing\s+home|infirmary|nhs|trust|associates|partners|services|genomics|surgery|insurance|ltd|inc|llc|plc)\b").unwrap()
});

/// `Hospital: ...`, `Laboratory name: ...`.
static FACILITY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*(?:hospital|facility|institution|laboratory|centre|center)(?:\s+name)?\s*:\s*([^\n]+)").unwrap()
});

/// A facility word ending a name.
static ENDS_IN_FACILITY_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?:{})\W*$", FACILITY_WORD.as_str())).unwrap());

/// Where a facility line stops: an address or a second part after a comma, bar, dash or dot.
static FACILITY_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",|\||\s[-–·]\s|\(").unwrap());

/// A company suffix after a comma, which belongs to the name (`Genomics, Inc.`).
static COMPANY_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,\s*(?i:inc|ltd|llc|plc|pvt)\b\.?").unwrap());

/// The next line of a letterhead that wrapped (`... Pathology & Molecular` / `Diagnostics`).
static WRAPPED_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}\p{L}*(?:\s\p{Lu}\p{L}*){0,2}$").unwrap());

/// `Patient name:`, `Name of patient:`, `Name:`, `Patient:`, with the word before it. The
/// separator may also be a table-cell gap or an OCR'd rule (`|`, `_`): then `colon` is empty
/// and the name must look like one.
static NAME_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(\p{L}+)\.?\s+)?(?:\b|_)(?P<label>patient'?s?\s*name|name\s+of\s+(?:the\s+)?patient|pt\.?\s*name|patient|name)\b(?:\s*(?P<colon>[:\-])\s*|[\s|_]+)").unwrap()
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
    Regex::new(r"(?i)\s{2,}|\t|[|;/\d(\[_]|\b(?:age|sex|gender|mrn|uhid|dob|d\.o\.b|date|id|ip|op|cr|reg|registration|ref|referred|bed|ward|sample|accession|specimen|lab|phone|mobile|address|years?|yrs?|hospital|no)\b|\p{L}+\s*:").unwrap()
});

/// Titles printed before a name.
static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:mr|mrs|ms|miss|master|dr|smt|shri|sri|kumari|km|mx)[.,]?\s+").unwrap()
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

/// The first short header line on page 1 that reads like a title, else a part of a running
/// footer that does (`Narmada Pathology Lab - Haemogram`).
fn title(page: &Page) -> Option<Fact> {
    let lines: Vec<(usize, &str)> = page.spaced.lines().collect();
    let header = &lines[..lines.len().min(HEADER_LINES)];
    let mut footer = lines.iter().rev().take(FOOTER_LINES);
    let in_line = |&(start, line): &(usize, &str), parts: bool| {
        let view = &page.spaced;
        let original = view.original_text(view.original_range(start..start + line.len()));
        // A title is one cell: table rows (cells apart by wide gaps or rules) are not titles.
        if ["   ", "\t", "|", "__"]
            .iter()
            .any(|gap| original.contains(gap))
        {
            return None;
        }
        let whole = line.trim();
        let part = |words: &str, whole_line: bool| {
            is_title(words, whole_line).then(|| {
                let at = start + line.find(words).unwrap_or(0);
                let span = at..at + words.len();
                found(FactName::DocumentType, collapse(words), page, view, span)
            })
        };
        // A running footer names the facility first, then the title.
        let mut pieces = PART_GAP.split(whole);
        let running = parts
            && pieces
                .next()
                .is_some_and(|first| FACILITY_WORD.is_match(first));
        part(whole, true).or_else(|| {
            pieces
                .filter(|_| running)
                .find_map(|words| part(words.trim(), false))
        })
    };
    header
        .iter()
        .find_map(|line| in_line(line, false))
        .or_else(|| footer.find_map(|line| in_line(line, true)))
}

/// Whether words read like a title: short, unlabelled, with a title word and no facility
/// (unless a whole line ends in the title word, as `Laboratory Report` does).
fn is_title(words: &str, whole_line: bool) -> bool {
    let names_facility = FACILITY_WORD.is_match(words)
        && !(whole_line && !PART_GAP.is_match(words) && ENDS_IN_TITLE_WORD.is_match(words));
    (4..=70).contains(&words.chars().count())
        && !words.contains(':')
        && words.split_whitespace().count() <= 8
        && TITLE_WORD.is_match(words)
        && !names_facility
        && !words.chars().any(|c| c.is_ascii_digit())
}

/// A `Hospital:` label, else the first header line naming a facility (with its next line
/// when the name wrapped onto it).
fn facility(page: &Page) -> Option<Fact> {
    let view = &page.spaced;
    if let Some(caps) = FACILITY_LABEL.captures(&view.text) {
        let value = caps.get(1).unwrap();
        let name = cut_facility(value.as_str());
        let start = value.start() + (value.as_str().len() - value.as_str().trim_start().len());
        let span = start..start + name.len();
        return Some(found(FactName::Facility, collapse(name), page, view, span));
    }
    let lines: Vec<(usize, &str)> = view.lines().take(HEADER_LINES).collect();
    lines
        .iter()
        .enumerate()
        .find_map(|(index, &(start, line))| {
            let name = cut_facility(line);
            let is_facility = FACILITY_WORD.is_match(name)
                && !TITLE_WORD.is_match(name)
                && !name.contains(':')
                && !name.chars().any(|c| c.is_ascii_digit())
                && name.split_whitespace().count() >= 2
                && (3..=80).contains(&name.chars().count());
            if !is_facility {
                return None;
            }
            let at = start + line.find(name).unwrap_or(0);
            let mut end = at + name.len();
            // A name that stops short of its facility word (`... Pathology & Molecular`) goes on
            // in the next line (`Diagnostics`).
            if name == line.trim()
                && !ENDS_IN_FACILITY_WORD.is_match(name)
                && let Some(&(next_start, next)) = lines.get(index + 1)
                && WRAPPED_NAME.is_match(next.trim())
                && FACILITY_WORD.is_match(next)
                && !TITLE_WORD.is_match(next)
            {
                end = next_start + next.trim_end().len();
            }
            let words = collapse(&view.text[at..end]);
            Some(found(FactName::Facility, words, page, view, at..end))
        })
}

/// A facility line up to its address or second part, trimmed (a company suffix stays).
fn cut_facility(line: &str) -> &str {
    let line = line.trim().trim_start_matches(['|', '[', '_', ' ']);
    let end = FACILITY_END.find(line).map_or(line.len(), |end| {
        COMPANY_SUFFIX
            .find(&line[end.start()..])
            .map_or(end.start(), |suffix| end.start() + suffix.end())
    });
    line[..end].trim()
}

/// The first labelled patient name on a page, read from the original line layout.
fn patient_name(page: &Page) -> Option<Fact> {
    let view = &page.spaced;
    for caps in NAME_LABEL.captures_iter(&view.text) {
        let before = caps.get(1).map(|w| w.as_str().to_lowercase());
        if before.is_some_and(|word| OTHER_PEOPLE.contains(&word.as_str())) {
            continue;
        }
        let whole = caps.get(0).unwrap();
        let label = caps.name("label").unwrap();
        let colon = caps.name("colon").is_some();
        if !colon && view.text[label.end()..whole.end()].contains('\n') {
            continue;
        }
        let label_end = whole.end();
        let line_end = view.text[label_end..]
            .find('\n')
            .map_or(view.text.len(), |at| label_end + at);
        // Column gaps only exist in the original text, so cut the name there.
        let original = view.original_range(label_end..line_end);
        let rest = view.original_text(original.clone());
        let cell = NAME_END.find(rest).map_or(rest, |end| &rest[..end.start()]);
        let label_start = view.original_range(label.range()).start;
        if cell.trim().is_empty() {
            if let Some(fact) = name_above(page, label.start()) {
                return Some(fact);
            }
            continue;
        }
        let Some((printed, name)) = printed_name(cell, colon) else {
            continue;
        };
        let end = original.start + rest.find(printed).unwrap_or(0) + printed.len();
        return Some(Fact {
            name: FactName::PatientName,
            value: collapse(name),
            page: page.number,
            snippet: view.original_text(label_start..end).trim().to_owned(),
        });
    }
    None
}

/// The name in a cell: the words as printed (title included) and the name without its
/// title. Without a colon after the label the name must look like one: two or more words
/// that are capitalised (or in a script without letter case), read up to the first that is not.
fn printed_name(cell: &str, colon: bool) -> Option<(&str, &str)> {
    let printed = cell
        .trim()
        .trim_end_matches(['.', '-', ':', ','])
        .trim_end();
    let title_end = HONORIFIC.find(printed).map_or(0, |title| title.end());
    let (printed, name) = if colon {
        (printed, &printed[title_end..])
    } else {
        let name = &printed[title_end..];
        let words: Vec<_> = WORD
            .find_iter(name)
            .take_while(|word| {
                let text = word.as_str();
                !text.starts_with(char::is_lowercase)
                    && !NOT_NAMES.contains(&text.to_lowercase().as_str())
            })
            .collect();
        let last = words.get(1).and(words.last())?;
        let name = name[..last.end()].trim_end_matches(',');
        (&printed[..title_end + name.len()], name)
    };
    (name.chars().filter(|c| c.is_alphabetic()).count() >= 2).then_some((printed, name))
}

/// A name printed on the line above an empty name cell and starting with a title: a table
/// cell whose first line the extractor placed above its row (`Shri Ram Prakash Yadav (राम` /
/// `Patient   Age / Sex`).
fn name_above(page: &Page, label_start: usize) -> Option<Fact> {
    let view = &page.spaced;
    let line_start = view.text[..label_start].rfind('\n')?;
    let above_start = view.text[..line_start].rfind('\n').map_or(0, |at| at + 1);
    let original = view.original_range(above_start..line_start);
    let line = view.original_text(original.clone());
    HONORIFIC.find(line.trim_start())?;
    let cell = NAME_END.find(line).map_or(line, |end| &line[..end.start()]);
    let (printed, name) = printed_name(cell, false)?;
    let start = original.start + line.find(printed)?;
    Some(Fact {
        name: FactName::PatientName,
        value: collapse(name),
        page: page.number,
        snippet: view.original_text(start..start + printed.len()).to_owned(),
    })
}

/// A word of a name.
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S+").unwrap());

/// Heading words that follow `Patient` or `Name` without being a name.
const NOT_NAMES: [&str; 12] = [
    "details",
    "information",
    "summary",
    "report",
    "record",
    "history",
    "instructions",
    "leaflet",
    "portal",
    "consent",
    "signature",
    "label",
];

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
        check_name(
            "Patient Name   Priya Sharma (प्रिया शर्मा)   Age / Sex   52 Y / Female",
            "Priya Sharma",
        );
        check_name("Patient   Mrs Zoë Evans   DOB   14/12/1950", "Zoë Evans");
        check_name(
            "Name   Mr. Venkatesh Rao   Age / Sex   58 yrs / M",
            "Venkatesh Rao",
        );
        check_name("Patient Ms Joanne Hughes DOB 07/09/1980", "Joanne Hughes");
        check_name(
            "|_Patient | Mr Nigel Ferris _ DOB | 04/10/1952 |",
            "Nigel Ferris",
        );
        check_name(
            "| Patient __ Shri Mahendra Prasad (महेंद्र) |",
            "Mahendra Prasad",
        );
        check_name(
            "Patient Mrs, Smita Kulkarni Age / Sex 49/F",
            "Smita Kulkarni",
        );
        check_name(
            "Report\nPatient   Rohan Joshi   Age/Sex   34 Y / M",
            "Rohan Joshi",
        );
        check_name(
            "Shri Ram Prakash Yadav (राम प्रकाश\nPatient   Age / Sex   69 / M",
            "Ram Prakash Yadav",
        );
        check_name("Patient informed of the outcome by telephone", "");
        check_name("Name   Discipline\nDr. Shah   Oncology", "");
        check_name("Patient ID   CIPMD-25-41177", "");
        check_name("Patient Information Leaflet", "");
        check_name("Inpatient Discharge Summary", "");
        check_name("Dr Rao — new patient\nThursday 16 Oct", "");
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
        check_facility(
            "Charminar Institute of Pathology & Molecular\nDiagnostics\n8-2-293 Road No. 12",
            "Charminar Institute of Pathology & Molecular Diagnostics",
        );
        check_facility(
            "Prairie State Reference Laboratories\n\nLaboratory Report",
            "Prairie State Reference Laboratories",
        );
        check_facility(
            "Sonoran Precision Genomics, Inc.\nCLIA 03D9990417",
            "Sonoran Precision Genomics, Inc.",
        );
        check_facility(
            "Pink City Health Insurance TPA Ltd.\nHospital   Ganga Valley Institute Date 21/07/2025",
            "Pink City Health Insurance TPA Ltd.",
        );
        check_facility(
            "Taff Valley University Health Board\n",
            "Taff Valley University Health Board",
        );
        check_facility(
            "| Malabar Coast Pathology Services\n",
            "Malabar Coast Pathology Services",
        );
        check_facility(
            "Heathfield Road Surgery\n12 Heathfield Road",
            "Heathfield Road Surgery",
        );
        check_facility("Hospital No. T1182204\nSurgery", "");
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
        check_title(
            "Prairie State Reference Laboratories\n\nLaboratory Report",
            "Laboratory Report",
        );
        check_title(
            "Deccan Neuro-Imaging Centre\nMRI Brain (Plain and Contrast)",
            "MRI Brain (Plain and Contrast)",
        );
        check_title(
            "Meridian Women's Imaging\nDiagnostic Mammogram and Ultrasound, Bilateral",
            "Diagnostic Mammogram and Ultrasound, Bilateral",
        );
        check_title(
            "Lab\nCurrent Medication List\nPatient X",
            "Current Medication List",
        );
        check_title("Test   Result   Flag   Units   Reference Interval", "");
        check_title(
            "Narmada Pathology Lab\nHaemoglobin 7.9\nNarmada Pathology Lab - Haemogram",
            "Haemogram",
        );
        check_title("Riverside Lab\n3T MRI · 128-slice CT · PET-CT", "");
    }
}
