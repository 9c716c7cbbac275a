//! Tests: conflicts and ambiguities found through the per-name index are the ones a plain
//! search of every pair of facts finds, on small cases of every shape and on a large one.

use super::*;

/// A generated fact, owning what a [`FactInput`] borrows.
struct Generated {
    document: String,
    name: &'static str,
    value: String,
}

/// A generated case: `documents` documents, each giving a few of `names` with values picked
/// from `values` (written in varying case and spacing), from a fixed seed.
fn generated(
    documents: usize,
    names: &[&'static str],
    values: &[&str],
    seed: u64,
) -> Vec<Generated> {
    let mut state = seed;
    let mut next = move |below: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).expect("31 bits fit") % below
    };
    let mut case = Vec::new();
    for document in 0..documents {
        for _ in 0..=next(3) {
            let value = values[next(values.len())];
            let written = match next(3) {
                0 => value.to_owned(),
                1 => value.to_uppercase(),
                _ => format!(" {value} "),
            };
            case.push(Generated {
                document: format!("doc-{document}"),
                name: names[next(names.len())],
                value: written,
            });
        }
    }
    case
}

/// The facts of a generated case, as the rules take them.
fn as_input(case: &[Generated]) -> Vec<FactInput<'_>> {
    case.iter()
        .map(|fact| FactInput {
            document_id: &fact.document,
            document_name: &fact.document,
            name: fact.name,
            value: &fact.value,
        })
        .collect()
}

/// The conflict the rule means, found by comparing every fact with every other.
fn conflict_by_every_pair<'a>(
    facts: &'a [FactInput<'a>],
    name: &str,
) -> Option<(&'a FactInput<'a>, &'a FactInput<'a>)> {
    let named = || facts.iter().filter(move |fact| fact.name == name);
    named().find_map(|a| {
        named()
            .find(|b| b.document_id != a.document_id && !same_value(a.value, b.value))
            .map(|b| (a, b))
    })
}

/// The ambiguity the rule means, found by searching all facts for each ambiguous one.
fn ambiguity_by_every_pair<'a>(
    facts: &'a [FactInput<'a>],
    name: &str,
) -> Option<(&'a FactInput<'a>, &'a FactInput<'a>)> {
    let other_name = format!("{name}_ambiguous");
    facts
        .iter()
        .filter(|fact| fact.name == other_name)
        .find_map(|other| {
            facts
                .iter()
                .find(|f| f.name == name && f.document_id == other.document_id)
                .map(|given| (given, other))
        })
}

/// Where each fact of a pair sits in the input, so equal-looking facts are told apart.
fn positions(
    facts: &[FactInput<'_>],
    pair: Option<(&FactInput<'_>, &FactInput<'_>)>,
) -> Option<(usize, usize)> {
    let at = |fact: &FactInput<'_>| {
        facts
            .iter()
            .position(|f| std::ptr::eq(f, fact))
            .expect("a fact of the input")
    };
    pair.map(|(a, b)| (at(a), at(b)))
}

/// What a case's rule found, as positions in the input.
fn found(facts: &[FactInput<'_>], condition: &Condition) -> Option<(usize, usize)> {
    let input = CaseInput {
        cancer_type: None,
        facts,
        missing_items: &[],
        concerns: &[],
    };
    let case = Case::new(&input);
    let pair = case
        .eval(condition)
        .map(|evidence| match evidence.as_slice() {
            [Evidence::Conflict(a, b) | Evidence::Ambiguous(a, b)] => (*a, *b),
            other => panic!("unexpected evidence {other:?}"),
        });
    positions(facts, pair)
}

const NAMES: [&str; 3] = ["her2", "er", "her2_ambiguous"];
const VALUES: [&str; 3] = ["positive", "negative", "equivocal"];

#[test]
fn small_cases_find_what_every_pair_finds() {
    for seed in 0..400 {
        let documents = 1 + usize::try_from(seed % 6).expect("small");
        let values = &VALUES[..1 + usize::try_from(seed % 3).expect("small")];
        let case = generated(documents, &NAMES, values, seed);
        let facts = as_input(&case);
        for name in ["her2", "er"] {
            let conflict = Condition::FactConflict(vec![name.to_owned()]);
            assert_eq!(
                found(&facts, &conflict),
                positions(&facts, conflict_by_every_pair(&facts, name)),
                "conflict, seed {seed}, {name}"
            );
        }
        let ambiguous = Condition::FactAmbiguous(vec!["her2".to_owned()]);
        assert_eq!(
            found(&facts, &ambiguous),
            positions(&facts, ambiguity_by_every_pair(&facts, "her2")),
            "ambiguity, seed {seed}"
        );
    }
}

#[test]
fn a_case_of_thousands_of_agreeing_documents_finds_its_one_conflict() {
    // Every document agrees but the last, so a search of every pair would compare millions.
    let case = generated(3_000, &["er"], &["positive"], 7);
    let mut facts = as_input(&case);
    facts.push(FactInput {
        document_id: "last",
        document_name: "last",
        name: "er",
        value: "negative",
    });
    let conflict = Condition::FactConflict(vec!["er".to_owned()]);
    assert_eq!(found(&facts, &conflict), Some((0, facts.len() - 1)));
    assert_eq!(
        found(&facts, &conflict),
        positions(&facts, conflict_by_every_pair(&facts, "er"))
    );
    facts.pop();
    assert_eq!(found(&facts, &conflict), None);
}

#[test]
fn a_case_of_thousands_of_documents_finds_what_every_pair_finds() {
    let case = generated(3_000, &NAMES, &VALUES, 11);
    let facts = as_input(&case);
    let conflict = Condition::FactConflict(vec!["her2".to_owned(), "er".to_owned()]);
    let expected = ["her2", "er"]
        .iter()
        .find_map(|name| conflict_by_every_pair(&facts, name));
    assert_eq!(found(&facts, &conflict), positions(&facts, expected));
    let ambiguous = Condition::FactAmbiguous(vec!["her2".to_owned()]);
    assert_eq!(
        found(&facts, &ambiguous),
        positions(&facts, ambiguity_by_every_pair(&facts, "her2"))
    );
}
