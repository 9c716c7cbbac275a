//! Every key a suggestion hands the fronts is in the UI's English catalogue with the bank's
//! own English words, so the person's language can replace them (the catalogue check keeps
//! the other languages' keys and placeholders the same as English's).

use std::collections::{BTreeMap, HashSet};

use carryall_domain::CancerType;

use super::rules::TABLE;
use super::support::Spec;
use crate::bank::BANK;
use crate::{Message, bank};

fn catalogue() -> BTreeMap<String, String> {
    serde_json::from_str(include_str!("../../../../ui/src/locales/en.json"))
        .expect("the English catalogue is JSON")
}

#[test]
fn every_question_and_variant_has_its_words_in_the_catalogue() {
    let catalogue = catalogue();
    let mut keys = HashSet::new();
    for question in bank() {
        assert!(
            question.key.starts_with("question.") && keys.insert(&question.key),
            "{} needs a key of its own under question., not {:?}",
            question.id,
            question.key
        );
        assert_eq!(
            catalogue.get(&question.key),
            Some(&question.text),
            "{}",
            question.id
        );
        for (slug, text) in &question.variants {
            let key = question.text_key_for(Some(slug));
            assert_eq!(catalogue.get(&key), Some(text), "{key}");
        }
        assert_eq!(question.text_key_for(Some("no_variant")), question.key);
    }
    for (name, label) in &BANK.fact_labels {
        assert_eq!(
            catalogue.get(&format!("question.label.{name}")),
            Some(label),
            "the label of {name}"
        );
    }
    for kind in [
        CancerType::Breast,
        CancerType::Prostate,
        CancerType::Lung,
        CancerType::Colorectal,
        CancerType::Blood,
        CancerType::Brain,
    ] {
        assert_eq!(
            catalogue
                .get(&format!("question.cancer.{}", kind.slug()))
                .map(String::as_str),
            Some(kind.label().to_lowercase().as_str()),
            "{kind:?}"
        );
    }
}

/// A message worded from the catalogue as the UI words it in English (fact values as found).
fn word(catalogue: &BTreeMap<String, String>, message: &Message) -> String {
    let param = |name: &str| {
        message
            .params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    };
    let document = |file: &str, title: &str| {
        let file = param(file)?;
        Some(match param(title) {
            Some(title) => catalogue["question.document.titled"]
                .replace("{title}", &title)
                .replace("{file}", &file),
            None => catalogue["question.document.untitled"].replace("{file}", &file),
        })
    };
    let mut values: BTreeMap<String, String> = message
        .params
        .iter()
        .map(|(n, v)| ((*n).to_owned(), v.clone()))
        .collect();
    if let Some(fact) = param("fact") {
        let label = catalogue.get(&format!("question.label.{fact}")).cloned();
        values.insert("label".into(), label.unwrap_or(fact));
    }
    if let Some(doc) = document("file", "title") {
        let mut chars = doc.chars();
        let upper = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect());
        values.insert("Document".into(), upper.unwrap_or_default());
        values.insert("document".into(), doc);
    }
    if let Some(doc) = document("other_file", "other_title") {
        values.insert("other_document".into(), doc);
    }
    if let Some(key) = param("item_key").filter(|key| catalogue.contains_key(key)) {
        values.insert("item".into(), catalogue[&key].clone());
    }
    if let Some(slug) = param("cancer") {
        values.insert(
            "cancer".into(),
            catalogue[&format!("question.cancer.{slug}")].clone(),
        );
    }
    let template = catalogue
        .get(&message.key)
        .unwrap_or_else(|| panic!("the catalogue lacks {}", message.key));
    values.iter().fold(template.clone(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

#[test]
fn every_rule_s_text_and_reason_read_the_same_from_the_catalogue() {
    let catalogue = catalogue();
    let mut specs: Vec<&'static str> = TABLE.iter().map(|(_, positive, _)| *positive).collect();
    specs.extend([
        "type:breast",
        "type:desmoid tumour",
        "document_type@a.pdf=Histopathology; histology@a.pdf=invasive ductal carcinoma; \
         histology@b.pdf=invasive lobular carcinoma",
        "type:prostate; missing:pathology",
    ]);
    for spec in specs {
        for suggestion in Spec::parse(spec).suggest() {
            let text = word(&catalogue, &suggestion.text_message);
            assert_eq!(text, suggestion.text, "{} on {spec:?}", suggestion.rule_id);
            let reason: Vec<String> = suggestion
                .reason_messages
                .iter()
                .map(|m| word(&catalogue, m))
                .collect();
            assert_eq!(
                reason.join(" "),
                suggestion.reason,
                "{} on {spec:?}",
                suggestion.rule_id
            );
        }
    }
}
