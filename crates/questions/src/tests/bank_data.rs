//! The data file is sound: it parses, its ids and themes hold together, and every fact,
//! checklist item, cancer type and placeholder a rule names exists.

use std::collections::BTreeSet;

use crate::bank::{BANK, parse_for_test};
use crate::condition::{Condition, FactTest};
use crate::{bank, themes};

const FACTS_MD: &str = include_str!("../../../../docs/facts.md");
const CANCER_SLUGS: [&str; 7] = [
    "breast",
    "prostate",
    "lung",
    "colorectal",
    "blood",
    "brain",
    "other",
];
const PLACEHOLDERS: [&str; 5] = ["value", "other_value", "label", "document", "match"];

/// The fact names in the table of `docs/facts.md` (rows start "| `name` |").
fn fact_names() -> BTreeSet<&'static str> {
    FACTS_MD
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name))
        .collect()
}

/// Every `{name}` in a text.
fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .map(|rest| rest.split_once('}').map_or(rest, |(name, _)| name))
        .collect()
}

#[test]
fn the_bank_parses_and_its_ids_and_themes_hold_together() {
    assert!(bank().len() >= 60, "only {} questions", bank().len());
    let mut ids = BTreeSet::new();
    for question in bank() {
        assert!(ids.insert(&question.id), "{} appears twice", question.id);
        assert!(
            themes().iter().any(|t| t.id == question.theme),
            "{}: unknown theme {}",
            question.id,
            question.theme
        );
        assert!(
            question.id.starts_with(&format!("{}.", question.theme)),
            "{}: ids start with their theme",
            question.id
        );
    }
    let mut theme_ids = BTreeSet::new();
    let mut orders = BTreeSet::new();
    for theme in themes() {
        assert!(theme_ids.insert(&theme.id), "theme {} twice", theme.id);
        assert!(
            orders.insert(theme.order),
            "theme order {} twice",
            theme.order
        );
        assert!(
            bank().iter().any(|q| q.theme == theme.id),
            "theme {} has no questions",
            theme.id
        );
    }
    assert!(themes().windows(2).all(|w| w[0].order < w[1].order));
    assert_eq!(themes().len(), 14);
}

#[test]
fn the_core_list_is_short_and_every_text_asks() {
    let always = bank()
        .iter()
        .filter(|q| q.when == Condition::Always)
        .count();
    assert!(
        (8..=14).contains(&always),
        "{always} questions asked of everyone"
    );
    for question in bank() {
        let texts = std::iter::once(&question.text).chain(question.variants.values());
        for text in texts {
            assert!(
                text.trim_end().ends_with('?'),
                "{}: not a question: {text}",
                question.id
            );
            assert!(
                text.chars().count() <= 160,
                "{}: too long: {text}",
                question.id
            );
            let lower = text.to_lowercase();
            for directive in ["you should", "you must", "you need to", "you have "] {
                assert!(
                    !lower.contains(directive),
                    "{}: tells, not asks: {text}",
                    question.id
                );
            }
        }
    }
}

#[test]
fn every_name_a_rule_uses_exists() {
    let facts = fact_names();
    assert!(
        facts.contains("her2") && facts.contains("proposed_treatment") && facts.len() >= 25,
        "docs/facts.md's table was not read: {facts:?}"
    );
    let labels: BTreeSet<&str> = BANK.fact_labels.keys().map(String::as_str).collect();
    assert_eq!(
        labels, facts,
        "fact_labels must name exactly the facts of docs/facts.md"
    );
    for question in bank() {
        let id = &question.id;
        question.when.walk(&mut |condition| match condition {
            Condition::Fact { name, test } => {
                assert!(facts.contains(name.as_str()), "{id}: unknown fact {name}");
                if let FactTest::Contains(words) | FactTest::OneOf(words) = test {
                    assert!(
                        words.iter().all(|w| !w.trim().is_empty()),
                        "{id}: empty value"
                    );
                }
                if let FactTest::Contains(words) = test {
                    check_patterns(id, words);
                }
            }
            Condition::FactConflict(names) => {
                for name in names {
                    assert!(facts.contains(name.as_str()), "{id}: unknown fact {name}");
                }
            }
            Condition::FactAmbiguous(names) => {
                for name in names {
                    let other = format!("{name}_ambiguous");
                    assert!(facts.contains(name.as_str()), "{id}: unknown fact {name}");
                    assert!(facts.contains(other.as_str()), "{id}: no fact {other}");
                }
            }
            Condition::ChecklistMissing(item) => {
                assert!(
                    carryall_checklist::is_item(item),
                    "{id}: unknown checklist item {item}"
                );
            }
            Condition::CancerType(slugs) => {
                for slug in slugs {
                    assert!(
                        CANCER_SLUGS.contains(&slug.as_str()),
                        "{id}: unknown type {slug}"
                    );
                }
            }
            Condition::Concern(words) => check_patterns(id, words),
            _ => {}
        });
        for slug in question.variants.keys() {
            assert!(
                CANCER_SLUGS.contains(&slug.as_str()) && slug != "other",
                "{id}: unknown variant {slug}"
            );
        }
    }
}

fn check_patterns(id: &str, words: &[String]) {
    for word in words {
        let stem = word.strip_suffix('*').unwrap_or(word);
        assert!(
            stem.len() >= 2 && !stem.contains('*') && *word == word.to_lowercase(),
            "{id}: bad pattern {word:?} (lower case, a final * at most)"
        );
        assert_eq!(
            word.trim(),
            word,
            "{id}: pattern {word:?} has spaces around it"
        );
    }
}

#[test]
fn every_placeholder_is_filled_by_its_rule() {
    for question in bank() {
        let fills = question.when.fills();
        let texts = std::iter::once(&question.text).chain(question.variants.values());
        for text in texts {
            for name in placeholders(text) {
                assert!(
                    PLACEHOLDERS.contains(&name),
                    "{}: unknown {{{name}}}",
                    question.id
                );
                let filled = match name {
                    "other_value" => fills.other_value,
                    "match" => fills.matched,
                    _ => fills.fact,
                };
                assert!(
                    filled,
                    "{}: its rule cannot always fill {{{name}}}",
                    question.id
                );
            }
        }
    }
}

#[test]
fn malformed_rules_are_refused_with_a_reason() {
    let table = [
        (r#""sometimes""#, "always"),
        (r#"{"fact": "psa", "lt": 10, "gt": 4}"#, "one test"),
        (r#"{"fact": "psa", "lt": "ten"}"#, "number"),
        (r#"{"fact": "psa", "below": 10}"#, "unexpected key"),
        (r#"{"concern": []}"#, "non-empty"),
        (r#"{"any": []}"#, "at least one"),
        (
            r#"{"cancer_type": ["breast"], "concern": ["hair"]}"#,
            "exactly one key",
        ),
        (r#"{"whenever": true}"#, "unknown rule"),
    ];
    for (rule, expected) in table {
        let value: serde_json::Value = serde_json::from_str(rule).unwrap();
        let error = Condition::try_from(value).unwrap_err();
        assert!(error.contains(expected), "{rule}: {error}");
    }
    let file = r#"{"version": 1, "themes": [], "fact_labels": {}, "questions": [
        {"id": "x.y", "theme": "x", "text": "Why?", "when": {"fact": "psa", "le": "low"}}]}"#;
    assert!(parse_for_test(file).unwrap_err().contains("number"));
}
