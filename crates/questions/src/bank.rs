//! Reads `assets/questions.json`, the question bank, built into the binary.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::condition::Condition;

const QUESTIONS_JSON: &str = include_str!("../../../assets/questions.json");

/// A theme of the list: questions are grouped and ordered by theme.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Stable id, e.g. `diagnosis`.
    pub id: String,
    /// Title in plain words, e.g. "The diagnosis, and how sure it is".
    pub title: String,
    /// Place in the list (lower first).
    pub order: u32,
}

/// One question of the bank.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id, e.g. `options.breast_conserving`.
    pub id: String,
    /// The key of its words in the UI's message catalogues, e.g.
    /// `question.options.breast_conserving`; a variant's words are under `KEY.SLUG`.
    pub key: String,
    /// The id of its theme.
    pub theme: String,
    /// The question as the person would ask it; may hold placeholders filled from the fact
    /// that triggered it: `{value}`, `{other_value}`, `{label}`, `{document}`, `{match}`.
    pub text: String,
    /// Other wording for some cancer types, by slug.
    #[serde(default)]
    pub variants: BTreeMap<String, String>,
    /// When it is suggested.
    pub when: Condition,
}

impl Question {
    /// The wording for a cancer type (by slug): its variant, else the general text.
    pub fn text_for(&self, cancer: Option<&str>) -> &str {
        cancer
            .and_then(|slug| self.variants.get(slug))
            .unwrap_or(&self.text)
    }

    /// The catalogue key of the wording for a cancer type (by slug), as [`Question::text_for`]
    /// picks it.
    pub fn text_key_for(&self, cancer: Option<&str>) -> String {
        match cancer.filter(|slug| self.variants.contains_key(*slug)) {
            Some(slug) => format!("{}.{slug}", self.key),
            None => self.key.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    themes: Vec<Theme>,
    fact_labels: BTreeMap<String, String>,
    questions: Vec<Question>,
}

/// The parsed bank: themes in order, questions in file order, and plain labels of facts.
pub struct Bank {
    /// Themes, sorted by `order`.
    pub themes: Vec<Theme>,
    /// Questions in file order.
    pub questions: Vec<Question>,
    /// Plain words for each fact name, e.g. `her2` → "the HER2 result".
    pub fact_labels: BTreeMap<String, String>,
}

/// The built-in bank; its tests prove it parses, so a failure here is a build defect.
pub static BANK: LazyLock<Bank> = LazyLock::new(|| parse(QUESTIONS_JSON));

fn parse(json: &str) -> Bank {
    let file: File = serde_json::from_str(json).expect("assets/questions.json is valid (tested)");
    assert_eq!(
        file.version, 1,
        "assets/questions.json has an unknown version"
    );
    let mut themes = file.themes;
    themes.sort_by_key(|t| t.order);
    Bank {
        themes,
        questions: file.questions,
        fact_labels: file.fact_labels,
    }
}

impl Bank {
    /// Plain words for a fact name; the name itself when the bank has none.
    pub fn label<'a>(&'a self, name: &'a str) -> &'a str {
        self.fact_labels.get(name).map_or(name, String::as_str)
    }
}

#[cfg(test)]
pub fn parse_for_test(json: &str) -> Result<(), String> {
    serde_json::from_str::<File>(json)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
