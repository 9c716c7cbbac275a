//! Tests: grouping names into people gives what comparing each name with every name before it
//! gives, on generated cases of thousands of documents naming a few people or many.

use carryall_domain::{Category, Id};

use super::*;

/// Printed names a case's reports may give: one person written many ways, people a careless
/// match would merge (`J. Smith`), initials alone, another script, and nothing to compare.
const POOL: [&str; 16] = [
    "Priya Sharma",
    "SHARMA, Priya",
    "SHARMA^PRIYA^^MRS",
    "P. Sharma",
    "Priya K. Sharma",
    "Priya R. Sharma",
    "J. Smith",
    "John Smith",
    "Jane Smith",
    "John A. Smith",
    "J. S.",
    "प्रिया शर्मा",
    "प्रिया  शर्मा",
    "Mrs.",
    "",
    "Anil Kumar",
];

/// A group as the tests compare it: printed name, script and documents.
type Seen = (String, Script, Vec<Id>);

/// The groups found by comparing each name with every name of each group, in order.
fn groups_by_every_pair(documents: &[DocumentSummary]) -> Vec<Seen> {
    let mut groups: Vec<(Seen, Vec<Name>)> = Vec::new();
    for document in documents {
        for printed in &document.patient_names {
            let name = Name::new(printed);
            if name.words.is_empty() && name.initials.is_empty() {
                continue;
            }
            let at = match groups
                .iter()
                .position(|(_, names)| names.iter().all(|n| n.same_person(&name)))
            {
                Some(at) => at,
                None => {
                    let seen = (name.printed.clone(), name.script, Vec::new());
                    groups.push((seen, Vec::new()));
                    groups.len() - 1
                }
            };
            let ((_, _, ids), names) = &mut groups[at];
            names.push(name);
            if !ids.contains(&document.id) {
                ids.push(document.id.clone());
            }
        }
    }
    groups.into_iter().map(|(seen, _)| seen).collect()
}

fn grouped(documents: &[DocumentSummary]) -> Vec<Seen> {
    patient_groups(documents.iter())
        .into_iter()
        .map(|group| (group.printed, group.script, group.documents))
        .collect()
}

/// `count` reports, each giving one to three names from `names(pick)`, from a fixed seed.
fn reports(count: u64, seed: u64, names: impl Fn(usize) -> String) -> Vec<DocumentSummary> {
    let mut state = seed;
    let mut next = move |below: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).expect("31 bits fit") % below
    };
    (0..count)
        .map(|n| DocumentSummary {
            id: Id::from_random(((n + 1) << 4).to_le_bytes()),
            category: Category::Pathology,
            date: None,
            patient_names: (0..=next(3)).map(|_| names(next(1 << 20))).collect(),
            dates_of_birth: Vec::new(),
        })
        .collect()
}

#[test]
fn small_cases_group_as_comparing_every_pair_does() {
    for seed in 0..300 {
        let documents = reports(1 + seed % 12, seed, |pick| {
            POOL[pick % POOL.len()].to_owned()
        });
        assert_eq!(
            grouped(&documents),
            groups_by_every_pair(&documents),
            "seed {seed}"
        );
    }
}

#[test]
fn thousands_of_documents_naming_a_few_people_group_as_comparing_every_pair_does() {
    let documents = reports(2_000, 5, |pick| POOL[pick % POOL.len()].to_owned());
    let groups = grouped(&documents);
    assert_eq!(groups, groups_by_every_pair(&documents));
    assert!(groups.iter().any(|(_, _, ids)| ids.len() > 500));
}

#[test]
fn thousands_of_documents_naming_many_people_group_as_comparing_every_pair_does() {
    let documents = reports(2_000, 9, |pick| match pick % 4 {
        0 => format!("Person{} Family{}", pick % 1_500, pick % 7),
        1 => format!("P. Family{}", pick % 7),
        _ => POOL[pick % POOL.len()].to_owned(),
    });
    let groups = grouped(&documents);
    assert_eq!(groups, groups_by_every_pair(&documents));
    assert!(groups.len() > 300);
}

#[test]
fn several_patients_lists_each_document_once_in_order_of_first_naming() {
    let documents = reports(2_000, 13, |pick| POOL[pick % POOL.len()].to_owned());
    let warning = several_patients(&crate::CONSISTENCY, &documents).expect("several people");
    let groups = groups_by_every_pair(&documents);
    let people_in = |script: Script| groups.iter().filter(|(_, s, _)| *s == script).count();
    let mut expected: Vec<Id> = Vec::new();
    for (_, _, ids) in groups
        .iter()
        .filter(|(_, script, _)| people_in(*script) > 1)
        .cloned()
    {
        for id in ids {
            if !expected.contains(&id) {
                expected.push(id);
            }
        }
    }
    assert_eq!(warning.documents, expected);
}
