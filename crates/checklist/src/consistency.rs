//! Consistency warnings a careful reviewer would raise about a case's documents: more than one
//! patient or date of birth, documents naming someone other than the case's own patient or
//! giving another date of birth than the one entered, a scan disc of someone else, imaging far
//! older than the pathology, nothing recent.
//!
//! The rules see the case's patient as the person entered them ([`CasePatient`]), a plain
//! description of each document ([`DocumentSummary`]) and today's date;
//! the limits (months, days) and the wording live in `assets/checklist.json`. A rule that lacks
//! what it needs stays silent rather than warning about missing information: no names or only
//! one name, no dated imaging or pathology, no dated document at all. Documents already missing
//! are the checklist's business, not a warning's.
//!
//! Names are compared as a reviewer would: ignoring case, spacing, punctuation, accents, titles
//! (`Mrs.`, `Shri`) and word order (`SHARMA, Priya`, DICOM's `SHARMA^PRIYA` and `Priya Sharma`
//! are one person); a middle initial present in one name and not the other, or an initial
//! standing for a word the other spells out, still matches. Names in different scripts (Latin
//! letters and Devanagari, say) cannot be compared and never count as different people.

use std::collections::{BTreeSet, HashMap, HashSet};

use carryall_domain::{Category, Id};
use chrono::{Months, NaiveDate};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

/// What the rules need to know about one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSummary {
    /// The document.
    pub id: Id,
    /// Its category (a scan disc's patient is checked against the reports').
    pub category: Category,
    /// The date the record is from, when known.
    pub date: Option<NaiveDate>,
    /// The patient names it gives, as printed.
    pub patient_names: Vec<String>,
    /// The dates of birth it gives.
    pub dates_of_birth: Vec<NaiveDate>,
}

/// The patient a case is for, as the person entered them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CasePatient<'a> {
    /// The name entered for the case.
    pub name: &'a str,
    /// The date of birth entered, if any.
    pub date_of_birth: Option<NaiveDate>,
}

/// Which rule a warning comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// The reports name more than one patient.
    SeveralPatients,
    /// The documents give more than one date of birth.
    SeveralDatesOfBirth,
    /// Documents name someone other than the patient entered for the case.
    CasePatientNameDiffers,
    /// Documents give another date of birth than the one entered for the case.
    CaseDateOfBirthDiffers,
    /// A scan disc's patient matches none of the reports' patients.
    ScanDiscOtherPatient,
    /// The newest imaging is much older than the newest pathology.
    ImagingBehindPathology,
    /// No document is recent.
    NothingRecent,
}

impl WarningKind {
    /// Every kind, in the order warnings are given.
    pub const ALL: [WarningKind; 7] = [
        WarningKind::SeveralPatients,
        WarningKind::SeveralDatesOfBirth,
        WarningKind::CasePatientNameDiffers,
        WarningKind::CaseDateOfBirthDiffers,
        WarningKind::ScanDiscOtherPatient,
        WarningKind::ImagingBehindPathology,
        WarningKind::NothingRecent,
    ];

    /// The key of its message in the UI's message catalogues.
    pub fn key(self) -> &'static str {
        match self {
            WarningKind::SeveralPatients => "consistency.several_patients",
            WarningKind::SeveralDatesOfBirth => "consistency.several_dates_of_birth",
            WarningKind::CasePatientNameDiffers => "consistency.case_patient_name_differs",
            WarningKind::CaseDateOfBirthDiffers => "consistency.case_date_of_birth_differs",
            WarningKind::ScanDiscOtherPatient => "consistency.scan_disc_other_patient",
            WarningKind::ImagingBehindPathology => "consistency.imaging_behind_pathology",
            WarningKind::NothingRecent => "consistency.nothing_recent",
        }
    }

    /// The kind's stable name (a contract of the CLI's JSON).
    pub fn slug(self) -> &'static str {
        match self {
            WarningKind::SeveralPatients => "several_patients",
            WarningKind::SeveralDatesOfBirth => "several_dates_of_birth",
            WarningKind::CasePatientNameDiffers => "case_patient_name_differs",
            WarningKind::CaseDateOfBirthDiffers => "case_date_of_birth_differs",
            WarningKind::ScanDiscOtherPatient => "scan_disc_other_patient",
            WarningKind::ImagingBehindPathology => "imaging_behind_pathology",
            WarningKind::NothingRecent => "nothing_recent",
        }
    }
}

/// Something a reviewer would question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Which rule.
    pub kind: WarningKind,
    /// What to check and why a reviewer cares, in plain words (English).
    pub message: String,
    /// The values the message names, by their placeholder's name, for a front to word the
    /// message in the person's language from [`WarningKind::key`].
    pub params: Vec<(&'static str, Param)>,
    /// The documents involved.
    pub documents: Vec<Id>,
}

/// A value a warning names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// Words shown as they are: names as printed, a number.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// Several names or dates.
    List(Vec<ListEntry>),
}

/// One of several values, with how many documents give it when that is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    /// A name (`Text`) or a date.
    pub value: Param,
    /// How many documents give it.
    pub documents: Option<usize>,
}

impl Param {
    /// The value as the English message writes it: a date as `15 Sep 2025`, a counted list as
    /// `A (2 documents); B (1 document)`, another list as `A, B`.
    fn english(&self) -> String {
        match self {
            Param::Text(text) => text.clone(),
            Param::Date(date) => long_date(*date),
            Param::List(entries) => {
                let counted = entries.iter().any(|entry| entry.documents.is_some());
                entries
                    .iter()
                    .map(|entry| match entry.documents {
                        Some(count) => {
                            let plural = if count == 1 { "" } else { "s" };
                            format!("{} ({count} document{plural})", entry.value.english())
                        }
                        None => entry.value.english(),
                    })
                    .collect::<Vec<_>>()
                    .join(if counted { "; " } else { ", " })
            }
        }
    }
}

/// The rules' limits and wording, from `assets/checklist.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// How many months the newest imaging may be older than the newest pathology.
    pub imaging_behind_pathology_months: u32,
    /// How many days back a document still counts as recent.
    pub recent_days: u32,
    /// Each kind's message, by slug, with `{placeholders}`.
    messages: std::collections::BTreeMap<String, String>,
}

impl Settings {
    /// A warning of a kind about these documents, its English message filled from `params`.
    fn warning(
        &self,
        kind: WarningKind,
        params: Vec<(&'static str, Param)>,
        documents: Vec<Id>,
    ) -> Warning {
        let template = self.messages.get(kind.slug()).map_or("", String::as_str);
        let message = params
            .iter()
            .fold(template.to_owned(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), &value.english())
            });
        Warning {
            kind,
            message,
            params,
            documents,
        }
    }

    /// A kind's English message with its `{placeholders}` (for the data tests).
    #[cfg(test)]
    pub(crate) fn template(&self, kind: WarningKind) -> Option<&str> {
        self.messages.get(kind.slug()).map(String::as_str)
    }

    /// Kinds without a message, or messages of no kind (for the data tests).
    #[cfg(test)]
    pub(crate) fn message_mismatches(&self) -> Vec<String> {
        let slugs: BTreeSet<&str> = WarningKind::ALL.iter().map(|k| k.slug()).collect();
        let written: BTreeSet<&str> = self.messages.keys().map(String::as_str).collect();
        slugs
            .symmetric_difference(&written)
            .map(|s| (*s).to_owned())
            .collect()
    }
}

/// Every warning for a case's documents, as of `today`, in the order of [`WarningKind::ALL`].
pub fn warnings(
    settings: &Settings,
    patient: &CasePatient<'_>,
    documents: &[DocumentSummary],
    today: NaiveDate,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    warnings.extend(several_patients(settings, documents));
    warnings.extend(several_dates_of_birth(settings, documents));
    warnings.extend(case_patient_name_differs(settings, patient, documents));
    warnings.extend(case_date_of_birth_differs(settings, patient, documents));
    warnings.extend(scan_discs_of_other_patients(settings, documents));
    warnings.extend(imaging_behind_pathology(settings, documents));
    warnings.extend(nothing_recent(settings, documents, today));
    warnings
}

/// The reports (every document but scan discs) name people who are not one person.
fn several_patients(settings: &Settings, documents: &[DocumentSummary]) -> Option<Warning> {
    let reports = documents
        .iter()
        .filter(|d| d.category != Category::ScanDisc);
    let mut groups = patient_groups(reports);
    let people_in = |script: Script, groups: &[PatientGroup]| {
        groups.iter().filter(|group| group.script == script).count()
    };
    let split: Vec<Script> = [Script::Latin, Script::Other]
        .into_iter()
        .filter(|script| people_in(*script, &groups) > 1)
        .collect();
    if split.is_empty() {
        return None;
    }
    groups.retain(|group| split.contains(&group.script));
    let names = groups
        .iter()
        .map(|group| ListEntry {
            value: Param::Text(group.printed.clone()),
            documents: Some(group.documents.len()),
        })
        .collect();
    let mut seen: HashSet<&Id> = HashSet::new();
    let involved: Vec<Id> = groups
        .iter()
        .flat_map(|group| &group.documents)
        .filter(|id| seen.insert(*id))
        .cloned()
        .collect();
    Some(settings.warning(
        WarningKind::SeveralPatients,
        vec![("names", Param::List(names))],
        involved,
    ))
}

/// The documents give more than one date of birth.
fn several_dates_of_birth(settings: &Settings, documents: &[DocumentSummary]) -> Option<Warning> {
    let dates: BTreeSet<NaiveDate> = documents
        .iter()
        .flat_map(|d| d.dates_of_birth.iter().copied())
        .collect();
    if dates.len() < 2 {
        return None;
    }
    let listed = dates
        .iter()
        .map(|date| ListEntry {
            value: Param::Date(*date),
            documents: Some(
                documents
                    .iter()
                    .filter(|d| d.dates_of_birth.contains(date))
                    .count(),
            ),
        })
        .collect();
    Some(
        settings.warning(
            WarningKind::SeveralDatesOfBirth,
            vec![("dates", Param::List(listed))],
            documents
                .iter()
                .filter(|d| !d.dates_of_birth.is_empty())
                .map(|d| d.id.clone())
                .collect(),
        ),
    )
}

/// Documents (scan discs included) none of whose names is the case's patient. Names in
/// another script than the one entered cannot be compared and are left out.
fn case_patient_name_differs(
    settings: &Settings,
    patient: &CasePatient<'_>,
    documents: &[DocumentSummary],
) -> Option<Warning> {
    let entered = Name::new(patient.name);
    if entered.words.is_empty() {
        return None;
    }
    let mut others: Vec<Name> = Vec::new();
    let mut involved: Vec<Id> = Vec::new();
    for document in documents {
        let comparable: Vec<Name> = document
            .patient_names
            .iter()
            .map(|printed| Name::new(printed))
            .filter(|name| name.script == entered.script && !name.words.is_empty())
            .collect();
        if comparable.is_empty() || comparable.iter().any(|n| n.same_person(&entered)) {
            continue;
        }
        involved.push(document.id.clone());
        others.extend(comparable);
    }
    if involved.is_empty() {
        return None;
    }
    Some(settings.warning(
        WarningKind::CasePatientNameDiffers,
        vec![
            ("names", Param::Text(distinct_printed(others.iter()))),
            ("patient", Param::Text(entered.printed.clone())),
        ],
        involved,
    ))
}

/// Documents giving a date of birth other than the one entered for the case (exact dates).
fn case_date_of_birth_differs(
    settings: &Settings,
    patient: &CasePatient<'_>,
    documents: &[DocumentSummary],
) -> Option<Warning> {
    let entered = patient.date_of_birth?;
    let differing: Vec<&DocumentSummary> = documents
        .iter()
        .filter(|d| d.dates_of_birth.iter().any(|born| *born != entered))
        .collect();
    if differing.is_empty() {
        return None;
    }
    let dates: BTreeSet<NaiveDate> = differing
        .iter()
        .flat_map(|d| d.dates_of_birth.iter().copied())
        .filter(|born| *born != entered)
        .collect();
    let listed = dates
        .iter()
        .map(|date| ListEntry {
            value: Param::Date(*date),
            documents: None,
        })
        .collect();
    Some(settings.warning(
        WarningKind::CaseDateOfBirthDiffers,
        vec![
            ("dates", Param::List(listed)),
            ("entered", Param::Date(entered)),
        ],
        differing.iter().map(|d| d.id.clone()).collect(),
    ))
}

/// A warning for each scan disc whose names match none of the reports' comparable names.
fn scan_discs_of_other_patients(
    settings: &Settings,
    documents: &[DocumentSummary],
) -> Vec<Warning> {
    let reports: Vec<&DocumentSummary> = documents
        .iter()
        .filter(|d| d.category != Category::ScanDisc && !d.patient_names.is_empty())
        .collect();
    let report_names: Vec<Name> = reports
        .iter()
        .flat_map(|d| d.patient_names.iter().map(|n| Name::new(n)))
        .collect();
    documents
        .iter()
        .filter(|d| d.category == Category::ScanDisc)
        .filter_map(|disc| {
            let disc_names: Vec<Name> = disc.patient_names.iter().map(|n| Name::new(n)).collect();
            let comparable: Vec<&Name> = report_names
                .iter()
                .filter(|r| disc_names.iter().any(|n| n.script == r.script))
                .collect();
            if disc_names.is_empty() || comparable.is_empty() {
                return None;
            }
            if disc_names
                .iter()
                .any(|n| comparable.iter().any(|r| n.same_person(r)))
            {
                return None;
            }
            let disc_list = distinct_printed(disc_names.iter());
            let report_list = distinct_printed(comparable.iter().copied());
            let mut involved = vec![disc.id.clone()];
            involved.extend(
                reports
                    .iter()
                    .filter(|d| {
                        d.patient_names
                            .iter()
                            .any(|n| comparable.iter().any(|r| r.printed == n.trim()))
                    })
                    .map(|d| d.id.clone()),
            );
            Some(settings.warning(
                WarningKind::ScanDiscOtherPatient,
                vec![
                    ("disc_names", Param::Text(disc_list)),
                    ("report_names", Param::Text(report_list)),
                ],
                involved,
            ))
        })
        .collect()
}

/// The newest dated imaging (reports and scan discs) is more than the allowed months older
/// than the newest dated pathology report.
fn imaging_behind_pathology(settings: &Settings, documents: &[DocumentSummary]) -> Option<Warning> {
    let newest = |categories: &[Category]| {
        documents
            .iter()
            .filter(|d| categories.contains(&d.category))
            .filter_map(|d| Some((d.date?, d)))
            .max_by_key(|(date, _)| *date)
    };
    let (imaging_date, imaging) = newest(&[Category::Imaging, Category::ScanDisc])?;
    let (pathology_date, pathology) = newest(&[Category::Pathology])?;
    let months = settings.imaging_behind_pathology_months;
    let limit = imaging_date.checked_add_months(Months::new(months))?;
    if pathology_date <= limit {
        return None;
    }
    Some(settings.warning(
        WarningKind::ImagingBehindPathology,
        vec![
            ("imaging_date", Param::Date(imaging_date)),
            ("pathology_date", Param::Date(pathology_date)),
            ("months", Param::Text(months.to_string())),
        ],
        vec![imaging.id.clone(), pathology.id.clone()],
    ))
}

/// No document is dated within the recent days (dates after today do not count as recent:
/// they are more likely misread than from the future).
fn nothing_recent(
    settings: &Settings,
    documents: &[DocumentSummary],
    today: NaiveDate,
) -> Option<Warning> {
    let (newest_date, newest) = documents
        .iter()
        .filter_map(|d| Some((d.date?, d)))
        .filter(|(date, _)| *date <= today)
        .max_by_key(|(date, _)| *date)?;
    let days = settings.recent_days;
    let oldest_recent = today - chrono::Days::new(u64::from(days));
    if newest_date >= oldest_recent {
        return None;
    }
    Some(settings.warning(
        WarningKind::NothingRecent,
        vec![
            ("days", Param::Text(days.to_string())),
            ("newest_date", Param::Date(newest_date)),
        ],
        vec![newest.id.clone()],
    ))
}

/// A date no reader can misread: `15 Sep 2025`.
fn long_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// The printed names, each person once, joined for a message.
fn distinct_printed<'a>(names: impl Iterator<Item = &'a Name>) -> String {
    let mut people: Vec<&Name> = Vec::new();
    for name in names {
        if !people.iter().any(|p| p.same_person(name)) {
            people.push(name);
        }
    }
    people
        .iter()
        .map(|p| p.printed.as_str())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Documents that name one person.
struct PatientGroup {
    /// The name as the first of them prints it.
    printed: String,
    script: Script,
    /// The group's names, each compared form once, to match more against.
    names: Vec<Name>,
    /// The documents, in order of first appearance.
    documents: Vec<Id>,
    /// The same documents, to add each once.
    listed: HashSet<Id>,
}

impl PatientGroup {
    fn new(name: &Name) -> PatientGroup {
        PatientGroup {
            printed: name.printed.clone(),
            script: name.script,
            names: Vec::new(),
            documents: Vec::new(),
            listed: HashSet::new(),
        }
    }

    fn add_document(&mut self, id: &Id) {
        if self.listed.insert(id.clone()) {
            self.documents.push(id.clone());
        }
    }
}

/// Groups the documents' names into people, in order of first appearance. A name joins the
/// first group all of whose names it matches, so `J. Smith` cannot make `John Smith` and
/// `Jane Smith` one person.
///
/// Whether names match depends only on their compared form ([`Name::compared`]), so each
/// group keeps each form once, and a form seen before goes straight to the group it joined:
/// groups only grow, so no earlier group can have come to match it, and every name that joined
/// its group since matched it. A new form is tried only against the groups whose first name
/// shares a word with it (matching names share a word); a name of initials only matches no
/// name, so its group takes no other. This keeps a case of many documents linear in its names
/// however many people they name.
fn patient_groups<'a>(documents: impl Iterator<Item = &'a DocumentSummary>) -> Vec<PatientGroup> {
    let mut groups: Vec<PatientGroup> = Vec::new();
    let mut group_of: HashMap<NameForm, usize> = HashMap::new();
    let mut groups_by_word: HashMap<String, Vec<usize>> = HashMap::new();
    for document in documents {
        for printed in &document.patient_names {
            let name = Name::new(printed);
            if name.words.is_empty() {
                if !name.initials.is_empty() {
                    groups.push(PatientGroup::new(&name));
                    groups
                        .last_mut()
                        .expect("just pushed")
                        .add_document(&document.id);
                }
                continue;
            }
            let form = name.compared();
            let at = match group_of.get(&form) {
                Some(&at) => at,
                None => {
                    let candidates: BTreeSet<usize> = name
                        .words
                        .iter()
                        .filter_map(|word| groups_by_word.get(word))
                        .flatten()
                        .copied()
                        .collect();
                    let found = candidates
                        .into_iter()
                        .find(|&at| groups[at].names.iter().all(|n| n.same_person(&name)));
                    let at = found.unwrap_or_else(|| {
                        let at = groups.len();
                        for word in &name.words {
                            groups_by_word.entry(word.clone()).or_default().push(at);
                        }
                        groups.push(PatientGroup::new(&name));
                        at
                    });
                    groups[at].names.push(name);
                    group_of.insert(form, at);
                    at
                }
            };
            groups[at].add_document(&document.id);
        }
    }
    groups
}

/// Which letters a name is written in; names in different scripts cannot be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Script {
    /// Latin letters (accents removed).
    Latin,
    /// Any other script (Devanagari, say).
    Other,
}

/// A patient name reduced to what identifies the person.
#[derive(Debug, Clone)]
struct Name {
    /// As printed.
    printed: String,
    /// Whole words, lower case, accents removed, titles left out.
    words: BTreeSet<String>,
    /// Single letters (middle initials, abbreviated first names).
    initials: BTreeSet<char>,
    script: Script,
}

/// What of a name [`Name::same_person`] compares: its words, initials and script.
type NameForm = (BTreeSet<String>, BTreeSet<char>, Script);

/// Titles printed before a name, and DICOM's name prefixes and suffixes.
const TITLES: [&str; 16] = [
    "mr", "mrs", "ms", "miss", "mx", "master", "dr", "prof", "smt", "shri", "sri", "kumari", "km",
    "jr", "sr", "ii",
];

impl Name {
    fn new(printed: &str) -> Name {
        // Accents go, and apostrophes join (`O'Connor` is one word).
        let folded: String = printed
            .nfd()
            .filter(|c| !('\u{0300}'..='\u{036f}').contains(c) && !matches!(c, '\'' | '’'))
            .flat_map(char::to_lowercase)
            .collect();
        let mut words = BTreeSet::new();
        let mut initials = BTreeSet::new();
        for part in folded.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation()) {
            if part.is_empty() || TITLES.contains(&part) {
                continue;
            }
            let mut letters = part.chars();
            match (letters.next(), letters.next()) {
                (Some(letter), None) if letter.is_ascii_alphabetic() => {
                    initials.insert(letter);
                }
                _ => {
                    words.insert(part.to_owned());
                }
            }
        }
        let script = if folded.chars().filter(|c| c.is_alphabetic()).all(is_latin) {
            Script::Latin
        } else {
            Script::Other
        };
        Name {
            printed: printed.trim().to_owned(),
            words,
            initials,
            script,
        }
    }

    /// The name as compared: two names with the same form match the same names.
    fn compared(&self) -> NameForm {
        (self.words.clone(), self.initials.clone(), self.script)
    }

    /// Whether two names are one person: the same script; at least one whole word in common;
    /// every whole word of one present in the other, or abbreviated there by its initial; and
    /// the initials left over not contradicting each other (`John A. Smith` is not
    /// `John B. Smith`, but is `John Smith`).
    fn same_person(&self, other: &Name) -> bool {
        if self.script != other.script || self.words.is_disjoint(&other.words) {
            return false;
        }
        let (Some(mine), Some(theirs)) = (
            self.initials_left(&other.words),
            other.initials_left(&self.words),
        ) else {
            return false;
        };
        mine.is_empty() || theirs.is_empty() || mine == theirs
    }

    /// This name's initials left once each of the other name's words missing here has used
    /// up the initial that stands for it; `None` if one has no such initial.
    fn initials_left(&self, other_words: &BTreeSet<String>) -> Option<BTreeSet<char>> {
        let mut left = self.initials.clone();
        for word in other_words.difference(&self.words) {
            let first = word.chars().next()?;
            if !left.remove(&first) {
                return None;
            }
        }
        Some(left)
    }
}

/// Whether a letter is a Latin one (accents already removed, so only a few remain: `ø`, `ß`).
fn is_latin(letter: char) -> bool {
    letter <= '\u{024f}' || ('\u{1e00}'..='\u{1eff}').contains(&letter)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod grouping_tests;
