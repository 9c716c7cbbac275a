//! The document date (the labelled report, collection or visit date) and the patient's date
//! of birth, read in the right day/month order.
//!
//! Numeric dates such as `04/05/2025` are read day first unless the document says otherwise:
//! another date with a month-or-day above 12, a `mm/dd/yyyy` header, or a US address (an
//! NHS document, on the other hand, settles it as day first). When
//! nothing decides, the day-first reading is kept and the other reading is reported as
//! `document_date_ambiguous`; a birth date that could be read both ways is not reported at
//! all (a wrong one would make two records of one person look like two people).

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::fact::{Fact, FactName};
use crate::normalise::{Document, Page, View, before, squeeze};

/// `2025-09-15`, `2025/09/15`, tolerating stray spaces.
static YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d\s?\d\s?\d\s?\d)\s?([-/.])\s?(\d(?:\s?\d)?)\s?([-/.])\s?(\d(?:\s?\d)?)\b")
        .unwrap()
});

/// `15/09/2025`, `09-15-2025`, `15.09.25`, tolerating stray spaces.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(\d(?:\s?\d)?)\s?([-/.])\s?(\d(?:\s?\d)?)\s?([-/.])\s?(\d\s?\d(?:\s?\d\s?\d)?)\b",
    )
    .unwrap()
});

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// `15 Sep 2025`, `15-Sep-2025`, `15th September, 2025`.
static DAY_MONTH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.,]*{MONTH}[\s\-/.,]*(\d{{4}}|\d{{2}})\b"
    ))
    .unwrap()
});

/// `September 15, 2025`, `Sept. 15 2025`.
static MONTH_NAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTH}[\s\-]*(\d{{1,2}})(?:st|nd|rd|th)?,?[\s\-]*(\d{{4}})\b"
    ))
    .unwrap()
});

/// Separators and connecting words between a label and its date (`: `, ` on `, `(dd/mm/yyyy)`).
static LABEL_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:[^\p{L}\d]|\b(?:on|at|dated|is)\b|\b(?:dd|mm)[/.\-](?:mm|dd)[/.\-]yy(?:yy)?\b)*$",
    )
    .unwrap()
});

/// How far before a date its label may start, in bytes.
const LABEL_REACH: usize = 80;

/// What a date's label says about it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// The patient's date of birth.
    Birth,
    /// Some other date that is not the document's own (next visit, expiry).
    Other,
    /// Maybe the document date, the more so the higher the weight (0: no label).
    Document(u8),
}

/// What each kind of label makes its date, strongest claim to be the document date last.
static LABELS: LazyLock<Vec<(Regex, Role)>> = LazyLock::new(|| {
    let label = |words: &str, role: Role| {
        // A ruled-out word rules out the words after it too ("next visit date").
        let after = if !matches!(role, Role::Document(_)) {
            r"(?:[\s/&\-]+\p{L}+\.?){0,2}"
        } else {
            ""
        };
        let pattern = format!(
            r"(?i)(?:^|[^\p{{L}}])(?:(?:date|dt)\.?\s+of\s+(?:the\s+)?)?(?:{words})\p{{L}}*\.?{after}(?:[\s/&]+(?:date|time|and|of|on|at|the|dt)\.?)*$"
        );
        (Regex::new(&pattern).unwrap(), role)
    };
    vec![
        label(r"birth|dob|d\.o\.b|born", Role::Birth),
        label(r"next|follow|review|due|expiry|valid", Role::Other),
        label(
            r"report|discharge|signed(?:\s+out)?|verified|authori[sz]ed|issued|updated|finali[sz]ed",
            Role::Document(4),
        ),
        label(
            r"collect|sample|specimen|procedure|visit|exam|examination|study|surgery|operation|service|consultation|biopsy|test|scan|investigation|meeting|letter",
            Role::Document(3),
        ),
        label(r"date|dated|dt", Role::Document(2)),
        label(
            r"receiv|regist|admission|admit|billing|request|print|printed|generated",
            Role::Document(1),
        ),
    ]
});

/// A `dd/mm/yyyy` or `mm/dd/yyyy` header anywhere in the document.
static ORDER_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(dd|mm)\s?[/.\-]\s?(mm|dd)\s?[/.\-]\s?yy(?:yy)?\b").unwrap()
});

/// Signs of a US document: a state and ZIP code, `USA`, CLIA.
static US_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b|\bUSA\b|\bU\.S\.A\.|\bUnited States\b|\bCLIA\b")
        .unwrap()
});

/// A sign of a UK document, which writes dates day first: the NHS (an NHS number or trust).
static UK_CUE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bNHS\b").unwrap());

/// A hint, not proof, of a North American document: a telephone number written the North
/// American way (`Tel 555-0187`, `(312) 555-0172`; UK and Indian numbers start with 0). It
/// picks month first, but the date is still reported as ambiguous.
static US_PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:tel|phone|ph|fax)\b\.?:?\s*(?:\(\d{3}\)\s?|\d{3}[-.\s])?[2-9]\d{2}-\d{4}\b",
    )
    .unwrap()
});

/// The reading of a numeric date.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Written {
    /// Unambiguous (year first or month named).
    Certain(NaiveDate),
    /// Day and month as numbers in either order, then the year.
    Numeric { first: u32, second: u32, year: i32 },
}

/// A date somewhere in the document.
struct Candidate {
    page: u32,
    /// Where it is in the page's spaced view, label included.
    span: std::ops::Range<usize>,
    written: Written,
    /// From its label.
    role: Role,
}

impl Candidate {
    /// How strongly it claims to be the document date; `None` when it is some other date.
    fn weight(&self) -> Option<u8> {
        match self.role {
            Role::Document(weight) => Some(weight),
            Role::Birth | Role::Other => None,
        }
    }

    /// The document's own words for it, label included.
    fn snippet(&self, document: &Document) -> String {
        let page = &document.pages[self.page as usize - 1];
        page.spaced.snippet(self.span.clone())
    }
}

/// `document_date` and, when the day/month order is a guess, `document_date_ambiguous`; then
/// `date_of_birth` when one is printed and its day/month order is not in doubt.
pub(crate) fn facts(document: &Document) -> Vec<Fact> {
    let candidates: Vec<Candidate> = document.pages.iter().flat_map(candidates).collect();
    let day_first = day_first(document, &candidates);
    let mut facts = document_date(document, &candidates, day_first);
    facts.extend(birth_date(document, &candidates, day_first));
    facts
}

/// The best-labelled document date, and its other reading when the order was guessed.
fn document_date(
    document: &Document,
    candidates: &[Candidate],
    day_first: Option<bool>,
) -> Vec<Fact> {
    let guess = day_first.unwrap_or_else(|| !has_us_phone(document));
    let best = candidates
        .iter()
        .filter_map(|c| Some((c, c.weight()?, read(c.written, guess)?)))
        .max_by_key(|(c, weight, _)| (*weight, std::cmp::Reverse((c.page, c.span.start))));
    let Some((candidate, _, date)) = best else {
        return Vec::new();
    };
    let snippet = candidate.snippet(document);
    let mut facts = vec![Fact {
        name: FactName::DocumentDate,
        value: date.format("%Y-%m-%d").to_string(),
        page: candidate.page,
        snippet: snippet.clone(),
    }];
    if day_first.is_none()
        && let Some(other) = read(candidate.written, !guess).filter(|other| *other != date)
    {
        facts.push(Fact {
            name: FactName::DocumentDateAmbiguous,
            value: other.format("%Y-%m-%d").to_string(),
            page: candidate.page,
            snippet,
        });
    }
    facts
}

/// The first date labelled as a birth date whose reading does not depend on a guess: written
/// unambiguously, or in an order the document's other dates decide.
fn birth_date(
    document: &Document,
    candidates: &[Candidate],
    day_first: Option<bool>,
) -> Option<Fact> {
    candidates
        .iter()
        .filter(|c| c.role == Role::Birth)
        .find_map(|candidate| {
            let date = match day_first {
                Some(day_first) => read(candidate.written, day_first)?,
                None => {
                    let (one, other) = (
                        read(candidate.written, true),
                        read(candidate.written, false),
                    );
                    if one != other {
                        return None;
                    }
                    one?
                }
            };
            Some(Fact {
                name: FactName::DateOfBirth,
                value: date.format("%Y-%m-%d").to_string(),
                page: candidate.page,
                snippet: candidate.snippet(document),
            })
        })
}

/// Reads a date in the given order unless a number above 12 forces the other; `None` if it
/// is no real date.
fn read(written: Written, day_first: bool) -> Option<NaiveDate> {
    match written {
        Written::Certain(date) => Some(date),
        Written::Numeric {
            first,
            second,
            year,
        } => {
            let day_first = first > 12 || (second <= 12 && day_first);
            let (day, month) = if day_first {
                (first, second)
            } else {
                (second, first)
            };
            NaiveDate::from_ymd_opt(year, month, day).filter(|_| (1900..=2100).contains(&year))
        }
    }
}

/// Whether the document gives a North American telephone number.
fn has_us_phone(document: &Document) -> bool {
    document
        .pages
        .iter()
        .any(|page| US_PHONE.is_match(&page.spaced.text))
}

/// Whether numeric dates are day first (`Some(true)`), month first, or undecided (`None`).
fn day_first(document: &Document, candidates: &[Candidate]) -> Option<bool> {
    let (mut day_first, mut month_first) = (0, 0);
    for candidate in candidates {
        if let Written::Numeric { first, second, .. } = candidate.written
            && (1..=31).contains(&first)
            && (1..=31).contains(&second)
        {
            day_first += usize::from(first > 12 && second <= 12);
            month_first += usize::from(second > 12 && first <= 12);
        }
    }
    if day_first != month_first {
        return Some(day_first > month_first);
    }
    let texts = || document.pages.iter().map(|page| page.spaced.text.as_str());
    if let Some(header) = texts().find_map(|text| ORDER_HEADER.captures(text)) {
        return Some(header[1].eq_ignore_ascii_case("dd"));
    }
    if texts().any(|text| US_CUE.is_match(text)) {
        return Some(false);
    }
    if texts().any(|text| UK_CUE.is_match(text)) {
        return Some(true);
    }
    None
}

/// Every date on a page, with what its label makes it.
fn candidates<'p>(page: &'p Page) -> impl Iterator<Item = Candidate> + 'p {
    let text = page.spaced.text.as_str();
    let mut found: Vec<(std::ops::Range<usize>, Written)> = Vec::new();
    let mut add = |span: std::ops::Range<usize>, written: Option<Written>| {
        if let Some(written) = written
            && !found
                .iter()
                .any(|(seen, _)| seen.start < span.end && span.start < seen.end)
        {
            found.push((span, written));
        }
    };
    // Both separators must agree: `13.00 - 17.00` is a range, not a date.
    for caps in YEAR_FIRST
        .captures_iter(text)
        .filter(|caps| caps[2] == caps[4])
    {
        let (year, month, day) = (number(&caps[1]), number(&caps[3]), number(&caps[5]));
        add(
            caps.get(0).unwrap().range(),
            certain(year as i32, month, day),
        );
    }
    for caps in NUMERIC
        .captures_iter(text)
        .filter(|caps| caps[2] == caps[4])
    {
        let (first, second) = (number(&caps[1]), number(&caps[3]));
        let year = full_year(&caps[5]);
        let written = Some(Written::Numeric {
            first,
            second,
            year,
        });
        add(caps.get(0).unwrap().range(), written);
    }
    for caps in DAY_MONTH_NAME.captures_iter(text) {
        let month = month_number(&caps[2]);
        add(
            caps.get(0).unwrap().range(),
            certain(full_year(&caps[3]), month, number(&caps[1])),
        );
    }
    for caps in MONTH_NAME_DAY.captures_iter(text) {
        let month = month_number(&caps[1]);
        add(
            caps.get(0).unwrap().range(),
            certain(full_year(&caps[3]), month, number(&caps[2])),
        );
    }
    found.into_iter().map(move |(span, written)| {
        let (label_start, role) = label(&page.spaced, span.start);
        Candidate {
            page: page.number,
            span: label_start..span.end,
            written,
            role,
        }
    })
}

/// The label just before a date on the same line: where it starts and what it makes the date
/// (a document date of weight 0 if there is no label).
fn label(view: &View, date_start: usize) -> (usize, Role) {
    let text = view.text.as_str();
    let near = before(text, date_start, LABEL_REACH);
    let line_start = date_start - near.len() + near.rfind('\n').map_or(0, |at| at + 1);
    let prefix = &text[line_start..date_start];
    let tail = LABEL_TAIL
        .find(prefix)
        .map_or(prefix.len(), |tail| tail.start());
    let words = &prefix[..tail];
    let whole = match wrapped_label(view, words, date_start) {
        Some(rest) => format!("{words} {rest}"),
        None => words.to_owned(),
    };
    for (pattern, role) in LABELS.iter() {
        if let Some(found) = pattern.find(&whole) {
            let start = whole[found.start()..]
                .find(|c: char| c.is_alphabetic())
                .map_or(found.start(), |offset| found.start() + offset);
            return (line_start + start.min(words.len()), *role);
        }
    }
    (date_start, Role::Document(0))
}

/// The rest of a label that a table header wrapped onto the next line: in
/// `Date of   02/06/2025   Date of   09/06/2025` / `Admission   Discharge`, the n-th label left
/// dangling (`Date of`) goes on in the n-th cell of the next line.
fn wrapped_label<'a>(view: &View<'a>, words: &str, date_start: usize) -> Option<&'a str> {
    let text = view.text.as_str();
    if !DANGLING.is_match(words) {
        return None;
    }
    let line_start = text[..date_start].rfind('\n').map_or(0, |at| at + 1);
    let nth = DANGLING_ANYWHERE
        .find_iter(&text[line_start..date_start])
        .count()
        .checked_sub(1)?;
    let next_start = date_start + text[date_start..].find('\n')? + 1;
    let next_end = text[next_start..]
        .find('\n')
        .map_or(text.len(), |at| next_start + at);
    let next = view.original_text(view.original_range(next_start..next_end));
    CELL_GAP
        .split(next.trim())
        .nth(nth)
        .filter(|cell| cell.chars().all(|c| c.is_alphabetic() || c == ' '))
}

/// A label cut short after `of` (`Date of`), at the end of the words before a date.
static DANGLING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bof$").unwrap());

/// Every such cut-short label on a line.
static DANGLING_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:date|dt)\.?\s+of\b").unwrap());

/// The gap between two table cells as the extractor writes it.
static CELL_GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{2,}|\t").unwrap());

fn certain(year: i32, month: u32, day: u32) -> Option<Written> {
    NaiveDate::from_ymd_opt(year, month, day)
        .filter(|date| (1900..=2100).contains(&chrono::Datelike::year(date)))
        .map(Written::Certain)
}

fn number(digits: &str) -> u32 {
    squeeze(digits).parse().unwrap_or(0)
}

/// A year, with two-digit years read as 19xx above 50 and 20xx otherwise.
fn full_year(digits: &str) -> i32 {
    let digits = squeeze(digits);
    let year: i32 = digits.parse().unwrap_or(0);
    match (digits.len(), year) {
        (2, 51..) => 1900 + year,
        (2, _) => 2000 + year,
        _ => year,
    }
}

fn month_number(name: &str) -> u32 {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3).unwrap_or(name).to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map_or(0, |i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use crate::fact::FactName;
    use crate::facts::testing::values;

    /// Asserts the document date and, after `~`, the ambiguous other reading (if any).
    fn check(text: &str, expected: &str) {
        let mut found = values(text, FactName::DocumentDate).join("|");
        if let Some(other) = values(text, FactName::DocumentDateAmbiguous).first() {
            found = format!("{found}~{other}");
        }
        assert_eq!(found, expected, "date of {text:?}");
    }

    #[test]
    fn formats() {
        check("Report date: 2025-09-15", "2025-09-15");
        check("Date: 15/09/2025", "2025-09-15");
        check("Date: 09/15/2025", "2025-09-15");
        check("Date: 15-09-2025", "2025-09-15");
        check("Date: 15.09.2025", "2025-09-15");
        check(
            "Date: 12/9/2025 9:30AM\nHb 9.8 g/dL 13.00 - 17.00 L",
            "2025-09-12~2025-12-09",
        );
        check("Reported on 15 Sep 2025", "2025-09-15");
        check("Collected: 15-Sep-2025 10:30", "2025-09-15");
        check("Date of visit: September 15, 2025", "2025-09-15");
        check("Seen Sept. 15 2025 in clinic", "2025-09-15");
        check("Date: 15th September, 2025", "2025-09-15");
        check("Date: 15/09/25", "2025-09-15");
        check("Report date: 2 0 2 5 -0 9 -1 5", "2025-09-15");
        check("Date : 1 5 / 0 9 / 2 0 2 5", "2025-09-15");
    }

    #[test]
    fn order_of_day_and_month() {
        check("Date: 04/05/2025", "2025-05-04~2025-04-05");
        check("Date: 04/04/2025", "2025-04-04");
        check("Date: 04/05/2025\nReceived: 20/05/2025", "2025-05-04");
        check("Date: 04/05/2025\nReceived: 05/20/2025", "2025-04-05");
        check("Date (mm/dd/yyyy): 04/05/2025", "2025-04-05");
        check("Date (dd/mm/yyyy): 04/05/2025", "2025-05-04");
        check("Springfield, IL 62704\nDate: 04/05/2025", "2025-04-05");
        check("NHS Number 999 482 1193\nDate: 04/05/2025", "2025-05-04");
        check("DOB: 25/03/1980\nDate: 04/05/2025", "2025-05-04");
        check("Tel 555-0187\nDate: 04/05/2025", "2025-04-05~2025-05-04");
        check(
            "Phone (312) 555-0172\nDate: 04/05/2025",
            "2025-04-05~2025-05-04",
        );
        check(
            "Tel: 0141-220 3344\nDate: 04/05/2025",
            "2025-05-04~2025-04-05",
        );
        check(
            "Ph: 011-4155 2200\nDate: 04/05/2025",
            "2025-05-04~2025-04-05",
        );
    }

    #[test]
    fn labelled_dates_win() {
        check("DOB: 12 Mar 1970\nReport date: 15 Sep 2025", "2025-09-15");
        check("Date of birth: 1970-03-12   Date: 2025-09-15", "2025-09-15");
        check(
            "Printed on 20/09/2025\nReported on 15/09/2025",
            "2025-09-15",
        );
        check("Printed on: 20/09/2025", "2025-09-20");
        check(
            "Started 03/11/2024\nPrinted for visit: 18/11/2025",
            "2025-11-18",
        );
        check(
            "Received 14/09/2025\nDate of report: 16/09/2025",
            "2025-09-16",
        );
        check(
            "Admission: 01/09/2025 Date of discharge: 10/09/2025",
            "2025-09-10~2025-10-09",
        );
        check(
            "Next visit: 30/09/2025 Visit date: 15/09/2025",
            "2025-09-15",
        );
        check("seen on 14/09/2025 then 15/09/2025", "2025-09-14");
        check(
            "Sample collected on: 14/09/2025 Reported: 15/09/2025",
            "2025-09-15",
        );
        check(
            "Specimen   12/09/2025   Report date   15/09/2025",
            "2025-09-15",
        );
        check("Collected 2025-07-08 Received 2025-07-11", "2025-07-08");
        check("Collected 05/12/2025 Signed out 05/16/2025", "2025-05-16");
        check(
            "Started 20/04/2025\nRecord updated   02/09/2025",
            "2025-09-02",
        );
        check(
            "Date of   02/06/2025   Date of   09/06/2025\nAdmission   Discharge",
            "2025-06-09~2025-09-06",
        );
        check(
            "Date of   02/06/2025   Date of   09/06/2025\nDischarge   Admission",
            "2025-06-02~2025-02-06",
        );
    }

    fn check_birth(text: &str, expected: &str) {
        crate::facts::testing::check_values(FactName::DateOfBirth, text, expected);
    }

    #[test]
    fn birth_dates() {
        check_birth("DOB: 1961-04-09", "1961-04-09");
        check_birth("Date of Birth: 12 Mar 1970", "1970-03-12");
        check_birth("D.O.B. 25/03/1980", "1980-03-25");
        check_birth("Born: March 12, 1970", "1970-03-12");
        check_birth("Patient: Zoë Müller   DOB   02/11/1957 (67 y)", "");
        check_birth("DOB: 02/11/1957\nReport date: 15/09/2025", "1957-11-02");
        check_birth("DOB: 06/21/1959\nDate: 09/04/2025", "1959-06-21");
        check_birth(
            "DOB: 02/11/1957\nCollected 05/12/2025 Signed out 05/16/2025",
            "1957-02-11",
        );
        check_birth("Springfield, IL 62704\nDOB: 02/11/1957", "1957-02-11");
        check_birth("Tel 555-0187\nDOB: 02/11/1957", "");
        check_birth("NHS No. 999 211 5046\nDOB: 07/09/1980", "1980-09-07");
        check_birth("Age/Sex: 54/F\nDate: 15/09/2025", "");
        check_birth("DOB: 31/02/1970", "");
        check_birth(
            "DOB: 12 Mar 1970\nSpouse born 1 Jan 1968\nDOB: 12 Mar 1970",
            "1970-03-12",
        );
    }

    #[test]
    fn not_dates() {
        check("Tumour size 2.3 x 1.8 cm; ratio 1.3", "");
        check("Date: 31/02/2025", "");
        check("Lymph nodes 2/15", "");
    }
}
