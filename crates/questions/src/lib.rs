//! The questions for the second-opinion specialist, picked and tailored for a case.
//!
//! The question bank is data (`assets/questions.json`, built into the binary): themes in the
//! order of published oncology question prompt lists, and questions in a person's own words,
//! with wording variants by cancer type and a rule (see [`Condition`]) saying when each is
//! asked. A few questions are asked of everyone; the rest follow from the case's facts, its
//! checklist and the person's own concerns. [`suggest`] gives each suggested question with the
//! reason it was suggested, naming the fact and document it came from.
//!
//! Questions ask; they never state medical facts.
//!
//! **Architecture invariant:** no I/O; the bank is compiled in and checked by tests.

mod bank;
mod condition;
mod eval;
mod reason;
mod text;

pub use bank::{Question, Theme};
pub use condition::{Comparison, Condition, FactTest};

use carryall_domain::CancerType;
use serde::Serialize;

use crate::bank::BANK;
use crate::eval::Case;

/// What the rules know about a case.
#[derive(Debug, Clone)]
pub struct CaseInput<'a> {
    /// The case's cancer type, when set; otherwise the documents' `cancer_type` fact is used.
    pub cancer_type: Option<CancerType>,
    /// The facts found in the case's documents.
    pub facts: &'a [FactInput<'a>],
    /// Ids of checklist items still missing, e.g. `pathology`.
    pub missing_items: &'a [&'a str],
    /// The person's own concerns, as typed, e.g. "I don't want to lose my hair".
    pub concerns: &'a [&'a str],
}

/// One fact found in a document (names and values as in `docs/facts.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactInput<'a> {
    /// The document's id.
    pub document_id: &'a str,
    /// The document's name as shown to the person, e.g. `consult-2025-03.pdf`.
    pub document_name: &'a str,
    /// The fact's name, e.g. `her2`.
    pub name: &'a str,
    /// Its canonical value, e.g. `positive`.
    pub value: &'a str,
}

/// Words for a front to show in the person's language: a key of the UI's message catalogues
/// and the values its `{placeholders}` name (fact values and document names as found).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The catalogue key, e.g. `question.reason.fact`.
    pub key: String,
    /// The values, by placeholder name.
    pub params: Vec<(&'static str, String)>,
}

/// A question suggested for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The question's id in the bank (also the rule's id).
    pub rule_id: String,
    /// The question, worded for the case (English).
    pub text: String,
    /// The same words as a catalogue key and values. A `fact` value names the fact whose
    /// label fills `{label}`.
    pub text_message: Message,
    /// The id of its theme.
    pub theme: String,
    /// Why it was suggested, in plain words, naming the fact and document it came from
    /// (English).
    pub reason: String,
    /// The same reason, sentence by sentence, as catalogue keys and values.
    pub reason_messages: Vec<Message>,
    /// The id of the document it came from, if any.
    pub source_document: Option<String>,
}

/// The themes, in order.
pub fn themes() -> &'static [Theme] {
    &BANK.themes
}

/// Every question of the bank, in file order.
pub fn bank() -> &'static [Question] {
    &BANK.questions
}

/// The questions suggested for a case: in theme order, then bank order; each at most once.
/// The same input always gives the same list.
pub fn suggest(input: &CaseInput<'_>) -> Vec<Suggestion> {
    let bank = &*BANK;
    let case = Case::new(input);
    let mut suggestions = Vec::new();
    for theme in &bank.themes {
        for question in bank.questions.iter().filter(|q| q.theme == theme.id) {
            let Some(evidence) = case.eval(&question.when) else {
                continue;
            };
            let params = reason::text_params(&evidence);
            let (reason, reason_messages) = reason::reason(bank, &case, &evidence);
            suggestions.push(Suggestion {
                rule_id: question.id.clone(),
                text: reason::fill(question.text_for(case.slug()), bank, &params),
                text_message: Message {
                    key: question.text_key_for(case.slug()),
                    params,
                },
                theme: theme.id.clone(),
                reason,
                reason_messages,
                source_document: reason::source_document(&evidence),
            });
        }
    }
    suggestions
}

#[cfg(test)]
mod tests;
