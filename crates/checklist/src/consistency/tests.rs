//! Table tests of each consistency rule (a case that warns and a near miss that does not), of
//! name matching, and of the wording in the data file.

use carryall_domain::{Category, Id};
use chrono::{Days, Months, NaiveDate};

use super::*;
use crate::CONSISTENCY;

/// A case whose patient has no name or date of birth to compare: the rules about the case's
/// own patient stay silent, so each test sees only the rule it is about.
const UNNAMED: CasePatient<'static> = CasePatient {
    name: "",
    date_of_birth: None,
};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A document: id from `seed`, a category, a date or "", names and dates of birth.
fn doc(seed: u8, category: Category, on: &str, names: &[&str], born: &[&str]) -> DocumentSummary {
    DocumentSummary {
        id: Id::from_random([seed; 8]),
        category,
        date: (!on.is_empty()).then(|| date(on)),
        patient_names: names.iter().map(|n| (*n).to_owned()).collect(),
        dates_of_birth: born.iter().map(|b| date(b)).collect(),
    }
}

fn report(seed: u8, names: &[&str]) -> DocumentSummary {
    doc(seed, Category::Pathology, "", names, &[])
}

fn disc(seed: u8, names: &[&str]) -> DocumentSummary {
    doc(seed, Category::ScanDisc, "", names, &[])
}

/// The kinds of warning for these documents, as of a day within a week of them all.
fn kinds(documents: &[DocumentSummary], today: &str) -> Vec<&'static str> {
    warnings(&CONSISTENCY, &UNNAMED, documents, date(today))
        .iter()
        .map(|w| w.kind.slug())
        .collect()
}

fn ids(seeds: &[u8]) -> Vec<Id> {
    seeds.iter().map(|s| Id::from_random([*s; 8])).collect()
}

#[test]
fn names_are_compared_as_a_reviewer_would() {
    let table = [
        ("Priya Sharma", "Priya Sharma", true),
        ("SHARMA, Priya", "Priya Sharma", true),
        ("SHARMA^PRIYA", "Priya Sharma", true),
        ("SHARMA^PRIYA^^MRS", "priya  sharma", true),
        ("Mrs. Priya Sharma", "Priya Sharma", true),
        ("Smt. Priya   Sharma", "PRIYA SHARMA", true),
        ("John A. Smith", "John Smith", true),
        ("WASHINGTON, DARNELL J", "Darnell Washington", true),
        ("J. Smith", "John Smith", true),
        ("García, José", "Jose Garcia", true),
        ("GARCIA^JOSE", "José García", true),
        ("Siobhan O'Connor", "OCONNOR^SIOBHAN", true),
        ("Maria Gonzalez-Reyes", "GONZALEZ REYES^MARIA", true),
        ("RIVERA^MORGAN^J", "Morgan Rivera", true),
        ("Okafor^Sam", "Mr Sam Okafor", true),
        ("प्रिया शर्मा", "प्रिया  शर्मा", true),
        // Near misses: different people, or not comparable.
        ("Priya Sharma", "Priya Verma", false),
        ("Priya Sharma", "Anil Kumar", false),
        ("John A. Smith", "John B. Smith", false),
        ("J. Smith", "Mary Smith", false),
        ("Priya Sharma", "प्रिया शर्मा", false),
        ("Ram Prakash Yadav", "Ram Yadav", false),
    ];
    for (one, other, same) in table {
        let (a, b) = (Name::new(one), Name::new(other));
        assert_eq!(a.same_person(&b), same, "{one:?} vs {other:?}");
        assert_eq!(b.same_person(&a), same, "{other:?} vs {one:?}");
    }
}

#[test]
fn several_patients() {
    let today = "2025-09-20";
    let table: Vec<(&str, Vec<DocumentSummary>, Vec<&str>)> = vec![
        (
            "two people",
            vec![report(1, &["Priya Sharma"]), report(2, &["Anil Kumar"])],
            vec!["several_patients"],
        ),
        (
            "one person written four ways",
            vec![
                report(1, &["Mrs. Priya Sharma"]),
                report(2, &["SHARMA, PRIYA"]),
                report(3, &["Priya Sharma"]),
                report(4, &["priya sharma"]),
            ],
            vec![],
        ),
        (
            "a middle initial in one only",
            vec![
                report(1, &["Darnell J. Washington"]),
                report(2, &["WASHINGTON, DARNELL"]),
            ],
            vec![],
        ),
        (
            "names in two scripts cannot be compared",
            vec![report(1, &["Priya Sharma"]), report(2, &["प्रिया शर्मा"])],
            vec![],
        ),
        (
            "two people in Devanagari",
            vec![report(1, &["प्रिया शर्मा"]), report(2, &["अनिल कुमार"])],
            vec!["several_patients"],
        ),
        (
            "an initial does not join two people",
            vec![
                report(1, &["J. Smith"]),
                report(2, &["John Smith"]),
                report(3, &["Jane Smith"]),
            ],
            vec!["several_patients"],
        ),
        (
            "one name",
            vec![report(1, &["Priya Sharma"]), report(2, &[])],
            vec![],
        ),
        ("no names", vec![report(1, &[]), report(2, &[])], vec![]),
        (
            "a scan disc is checked by its own rule",
            vec![report(1, &["Priya Sharma"]), disc(2, &["KUMAR^ANIL"])],
            vec!["scan_disc_other_patient"],
        ),
    ];
    for (what, documents, expected) in table {
        assert_eq!(kinds(&documents, today), expected, "{what}");
    }
}

#[test]
fn several_patients_names_each_and_lists_their_documents() {
    let documents = [
        report(1, &["Mrs. Priya Sharma"]),
        report(2, &["Anil Kumar"]),
        report(3, &["SHARMA, Priya"]),
        report(4, &[]),
    ];
    let found = warnings(&CONSISTENCY, &UNNAMED, &documents, date("2025-09-20"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].documents, ids(&[1, 3, 2]));
    assert!(
        found[0]
            .message
            .contains("Mrs. Priya Sharma (2 documents); Anil Kumar (1 document)"),
        "{}",
        found[0].message
    );
}

#[test]
fn several_dates_of_birth() {
    let born = |seed, dob: &[&str]| doc(seed, Category::Lab, "", &["Priya Sharma"], dob);
    let table = [
        (
            "two dates",
            vec![born(1, &["1973-03-04"]), born(2, &["1973-04-03"])],
            vec!["several_dates_of_birth"],
        ),
        (
            "a disc's date counts too",
            vec![
                born(1, &["1973-03-04"]),
                doc(2, Category::ScanDisc, "", &[], &["1974-03-04"]),
            ],
            vec!["several_dates_of_birth"],
        ),
        (
            "the same date twice",
            vec![born(1, &["1973-03-04"]), born(2, &["1973-03-04"])],
            vec![],
        ),
        (
            "one date, one document without",
            vec![born(1, &["1973-03-04"]), born(2, &[])],
            vec![],
        ),
    ];
    for (what, documents, expected) in table {
        assert_eq!(kinds(&documents, "2025-09-20"), expected, "{what}");
    }
    let found = warnings(
        &CONSISTENCY,
        &UNNAMED,
        &[
            born(1, &["1973-03-04"]),
            born(2, &[]),
            born(3, &["1973-04-03"]),
        ],
        date("2025-09-20"),
    );
    assert_eq!(found[0].documents, ids(&[1, 3]));
    assert!(
        found[0]
            .message
            .contains("4 Mar 1973 (1 document); 3 Apr 1973 (1 document)")
    );
}

/// The kinds of warning about the case's own patient, entered as `name`, born on `born`.
fn case_kinds(name: &str, born: &str, documents: &[DocumentSummary]) -> Vec<&'static str> {
    let patient = CasePatient {
        name,
        date_of_birth: (!born.is_empty()).then(|| date(born)),
    };
    warnings(&CONSISTENCY, &patient, documents, date("2025-09-20"))
        .iter()
        .map(|w| w.kind.slug())
        .filter(|slug| slug.starts_with("case_"))
        .collect()
}

#[test]
fn documents_naming_someone_other_than_the_case_patient() {
    let differs = vec!["case_patient_name_differs"];
    let table: Vec<(&str, &str, Vec<DocumentSummary>, Vec<&str>)> = vec![
        (
            "the same name",
            "Priya Sharma",
            vec![report(1, &["Priya Sharma"])],
            vec![],
        ),
        (
            "case, order and a title do not matter",
            "Priya Sharma",
            vec![
                report(1, &["SHARMA, PRIYA"]),
                report(2, &["Mrs. priya sharma"]),
            ],
            vec![],
        ),
        (
            "a middle initial on one side only",
            "Darnell Washington",
            vec![report(1, &["WASHINGTON, DARNELL J"])],
            vec![],
        ),
        (
            "accents",
            "José García",
            vec![report(1, &["GARCIA, Jose"]), disc(2, &["GARCIA^JOSE"])],
            vec![],
        ),
        (
            "an initial for the given name",
            "John Smith",
            vec![report(1, &["J. Smith"])],
            vec![],
        ),
        (
            "someone else",
            "Priya Sharma",
            vec![report(1, &["Priya Sharma"]), report(2, &["Anil Kumar"])],
            differs.clone(),
        ),
        (
            "a different surname",
            "Priya Sharma",
            vec![report(1, &["Priya Verma"])],
            differs.clone(),
        ),
        (
            "a middle initial that contradicts",
            "John A. Smith",
            vec![report(1, &["John B. Smith"])],
            differs.clone(),
        ),
        (
            "a scan disc of someone else",
            "Priya Sharma",
            vec![disc(1, &["KUMAR^ANIL"])],
            differs.clone(),
        ),
        (
            "a disc of two people, one the patient",
            "Priya Sharma",
            vec![disc(1, &["KUMAR^ANIL", "SHARMA^PRIYA"])],
            vec![],
        ),
        (
            "another script cannot be compared",
            "Priya Sharma",
            vec![report(1, &["प्रिया शर्मा"])],
            vec![],
        ),
        (
            "documents without names",
            "Priya Sharma",
            vec![report(1, &[])],
            vec![],
        ),
        (
            "a name entered in Devanagari",
            "प्रिया शर्मा",
            vec![report(1, &["अनिल कुमार"]), report(2, &["Anil Kumar"])],
            differs.clone(),
        ),
    ];
    for (what, entered, documents, expected) in table {
        assert_eq!(case_kinds(entered, "", &documents), expected, "{what}");
    }
    let patient = CasePatient {
        name: "Priya Sharma",
        date_of_birth: None,
    };
    let documents = [
        report(1, &["SHARMA, Priya"]),
        report(2, &["Anil Kumar"]),
        disc(3, &["KUMAR^ANIL"]),
        report(4, &["Ravi Iyer"]),
    ];
    let found = warnings(&CONSISTENCY, &patient, &documents, date("2025-09-20"));
    let warning = found
        .iter()
        .find(|w| w.kind == WarningKind::CasePatientNameDiffers)
        .unwrap();
    assert_eq!(warning.documents, ids(&[2, 3, 4]));
    assert!(
        warning.message.contains(
            "These documents name Anil Kumar / Ravi Iyer, but this packet is for Priya Sharma."
        ),
        "{}",
        warning.message
    );
}

#[test]
fn documents_giving_another_date_of_birth_than_the_case() {
    let born = |seed, dob: &[&str]| doc(seed, Category::Lab, "", &[], dob);
    let differs = vec!["case_date_of_birth_differs"];
    let table = [
        (
            "the same date",
            "1973-03-04",
            vec![born(1, &["1973-03-04"])],
            vec![],
        ),
        (
            "day and month swapped",
            "1973-03-04",
            vec![born(1, &["1973-04-03"])],
            differs.clone(),
        ),
        (
            "a year apart",
            "1973-03-04",
            vec![born(1, &["1973-03-04"]), born(2, &["1974-03-04"])],
            differs.clone(),
        ),
        (
            "a disc's date counts",
            "1973-03-04",
            vec![doc(1, Category::ScanDisc, "", &[], &["1960-01-01"])],
            differs.clone(),
        ),
        (
            "no date entered",
            "",
            vec![born(1, &["1960-01-01"])],
            vec![],
        ),
        (
            "no document gives one",
            "1973-03-04",
            vec![born(1, &[])],
            vec![],
        ),
    ];
    for (what, entered, documents, expected) in table {
        assert_eq!(
            case_kinds("Priya Sharma", entered, &documents),
            expected,
            "{what}"
        );
    }
    let patient = CasePatient {
        name: "Priya Sharma",
        date_of_birth: Some(date("1973-03-04")),
    };
    let documents = [
        born(1, &["1973-03-04"]),
        born(2, &["1973-04-03"]),
        born(3, &["1973-03-04", "1937-03-04"]),
    ];
    let found = warnings(&CONSISTENCY, &patient, &documents, date("2025-09-20"));
    let warning = found
        .iter()
        .find(|w| w.kind == WarningKind::CaseDateOfBirthDiffers)
        .unwrap();
    assert_eq!(warning.documents, ids(&[2, 3]));
    assert!(
        warning.message.contains(
            "give the date of birth as 4 Mar 1937, 3 Apr 1973, but the date of birth entered for this packet is 4 Mar 1973."
        ),
        "{}",
        warning.message
    );
}

#[test]
fn scan_disc_of_another_patient() {
    let table = [
        (
            "someone else's disc",
            vec![report(1, &["Priya Sharma"]), disc(2, &["KUMAR^ANIL"])],
            vec!["scan_disc_other_patient"],
        ),
        (
            "the patient's disc, DICOM style",
            vec![report(1, &["Priya Sharma"]), disc(2, &["SHARMA^PRIYA"])],
            vec![],
        ),
        (
            "a disc with two studies, one the patient's",
            vec![
                report(1, &["Priya Sharma"]),
                disc(2, &["KUMAR^ANIL", "SHARMA^PRIYA^M"]),
            ],
            vec![],
        ),
        (
            "a disc without a name",
            vec![report(1, &["Priya Sharma"]), disc(2, &[])],
            vec![],
        ),
        (
            "no report names a patient",
            vec![report(1, &[]), disc(2, &["KUMAR^ANIL"])],
            vec![],
        ),
        (
            "the reports name the patient only in Devanagari",
            vec![report(1, &["प्रिया शर्मा"]), disc(2, &["KUMAR^ANIL"])],
            vec![],
        ),
    ];
    for (what, documents, expected) in table {
        assert_eq!(kinds(&documents, "2025-09-20"), expected, "{what}");
    }
    let found = warnings(
        &CONSISTENCY,
        &UNNAMED,
        &[
            report(1, &["Priya Sharma"]),
            disc(2, &["KUMAR^ANIL"]),
            report(3, &["SHARMA, Priya"]),
        ],
        date("2025-09-20"),
    );
    assert_eq!(found[0].documents, ids(&[2, 1, 3]));
    assert!(
        found[0]
            .message
            .contains("labelled for KUMAR^ANIL, but the reports are for Priya Sharma."),
        "{}",
        found[0].message
    );
}

#[test]
fn imaging_behind_pathology() {
    let months = CONSISTENCY.imaging_behind_pathology_months;
    let pathology = date("2025-09-15");
    let at_limit = pathology - Months::new(months);
    let over = at_limit - Days::new(1);
    let text = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let imaging = |seed, on: NaiveDate| doc(seed, Category::Imaging, &text(on), &[], &[]);
    let path = doc(9, Category::Pathology, "2025-09-15", &[], &[]);
    let today = "2025-09-20";
    let table = [
        (
            "a day past the limit",
            vec![imaging(1, over), path.clone()],
            true,
        ),
        (
            "at the limit",
            vec![imaging(1, at_limit), path.clone()],
            false,
        ),
        (
            "the newest imaging counts",
            vec![imaging(1, over), imaging(2, at_limit), path.clone()],
            false,
        ),
        (
            "a scan disc's date counts as imaging",
            vec![
                imaging(1, over),
                doc(2, Category::ScanDisc, &text(pathology), &[], &[]),
                path.clone(),
            ],
            false,
        ),
        (
            "imaging after the pathology",
            vec![imaging(1, date("2025-09-18")), path.clone()],
            false,
        ),
        (
            "no dated imaging",
            vec![doc(1, Category::Imaging, "", &[], &[]), path.clone()],
            false,
        ),
        ("no pathology", vec![imaging(1, over)], false),
    ];
    for (what, documents, warns) in table {
        let found = kinds(&documents, today).contains(&"imaging_behind_pathology");
        assert_eq!(found, warns, "{what}");
    }
    let found = warnings(
        &CONSISTENCY,
        &UNNAMED,
        &[path.clone(), imaging(1, over)],
        date(today),
    );
    assert_eq!(found[0].documents, ids(&[1, 9]));
    assert!(
        found[0].message.contains("(15 Sep 2025)"),
        "{}",
        found[0].message
    );
}

#[test]
fn nothing_recent() {
    let days = u64::from(CONSISTENCY.recent_days);
    let today = date("2025-12-31");
    let oldest_recent = today - Days::new(days);
    let text = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let lab = |seed, on: &str| doc(seed, Category::Lab, on, &[], &[]);
    let table = [
        (
            "a day too old",
            vec![lab(1, &text(oldest_recent - Days::new(1)))],
            true,
        ),
        (
            "just recent enough",
            vec![lab(1, &text(oldest_recent))],
            false,
        ),
        (
            "one old, one recent",
            vec![lab(1, "2024-01-01"), lab(2, "2025-12-30")],
            false,
        ),
        ("no dates at all", vec![lab(1, ""), lab(2, "")], false),
        ("no documents", vec![], false),
        (
            "a date after today is no recent one",
            vec![lab(1, "2024-01-01"), lab(2, "2026-02-01")],
            true,
        ),
    ];
    for (what, documents, warns) in table {
        let found = warnings(&CONSISTENCY, &UNNAMED, &documents, today)
            .iter()
            .any(|w| w.kind == WarningKind::NothingRecent);
        assert_eq!(found, warns, "{what}");
    }
    let found = warnings(
        &CONSISTENCY,
        &UNNAMED,
        &[lab(1, "2024-01-01"), lab(2, "2025-01-05")],
        today,
    );
    assert_eq!(found[0].documents, ids(&[2]));
    assert!(
        found[0].message.contains("(the newest is from 5 Jan 2025)"),
        "{}",
        found[0].message
    );
}

#[test]
fn every_kind_has_wording_with_every_placeholder_filled() {
    assert!(
        CONSISTENCY.message_mismatches().is_empty(),
        "messages in assets/checklist.json without a kind, or kinds without one: {:?}",
        CONSISTENCY.message_mismatches()
    );
    assert!(CONSISTENCY.imaging_behind_pathology_months > 0);
    assert!(CONSISTENCY.recent_days > 0);
    let documents = [
        doc(
            1,
            Category::Pathology,
            "2025-09-15",
            &["Priya Sharma"],
            &["1973-03-04"],
        ),
        doc(
            2,
            Category::Imaging,
            "2024-01-01",
            &["Anil Kumar"],
            &["1960-01-01"],
        ),
        doc(3, Category::ScanDisc, "", &["VERMA^RAJ"], &[]),
    ];
    let patient = CasePatient {
        name: "Priya Sharma",
        date_of_birth: Some(date("1973-03-04")),
    };
    let found = warnings(&CONSISTENCY, &patient, &documents, date("2026-12-31"));
    let slugs: Vec<&str> = found.iter().map(|w| w.kind.slug()).collect();
    let all: Vec<&str> = WarningKind::ALL.iter().map(|k| k.slug()).collect();
    assert_eq!(slugs, all);
    for warning in found {
        assert!(
            !warning.message.contains('{') && !warning.message.contains('}'),
            "{}",
            warning.message
        );
        assert!(warning.message.len() > 80, "{}", warning.message);
    }
}
