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

/// A question suggested for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The question's id in the bank (also the rule's id).
    pub rule_id: String,
    /// The question, worded for the case.
    pub text: String,
    /// The id of its theme.
    pub theme: String,
    /// Why it was suggested, in plain words, naming the fact and document it came from.
    pub reason: String,
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
            let text = question.text_for(case.slug());
            let reason = reason::reason(bank, &case, &evidence);
            suggestions.push(Suggestion {
                rule_id: question.id.clone(),
                text: reason::fill(text, bank, &evidence),
                theme: theme.id.clone(),
                reason: if reason.is_empty() {
                    reason::FALLBACK.to_owned()
                } else {
                    reason
                },
                source_document: reason::source_document(&evidence),
            });
        }
    }
    suggestions
}

#[cfg(test)]
mod tests;
