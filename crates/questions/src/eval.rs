//! Evaluates a rule against a case, keeping the evidence that made it hold.
//!
//! The facts are grouped by name once per case, and a conflict or an ambiguity is found with
//! counts and maps over that name's facts, so a case of many documents costs time in
//! proportion to its facts rather than to their square.

use std::collections::HashMap;

use carryall_domain::CancerType;

use crate::condition::{Condition, FactTest};
use crate::text::{find_phrase, first_number, same_value, value_key};
use crate::{CaseInput, FactInput};

/// Why a rule held: one piece per condition that found something.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence<'a> {
    /// An `always` rule.
    Always,
    /// The case's cancer type, as the person set it.
    CaseCancer(&'a CancerType),
    /// A fact passed a test; `matched` is the word a `contains` test found.
    Fact {
        /// The fact.
        fact: &'a FactInput<'a>,
        /// The word found, for `contains`.
        matched: Option<String>,
    },
    /// No document gives this fact (from `not` of a presence rule).
    Absent(&'a str),
    /// Two documents disagree on a fact.
    Conflict(&'a FactInput<'a>, &'a FactInput<'a>),
    /// A fact that can be read two ways: the reading given, and the other reading.
    Ambiguous(&'a FactInput<'a>, &'a FactInput<'a>),
    /// A checklist item (by id) is missing.
    Missing(&'a str),
    /// One of the person's concerns.
    Concern(&'a str),
}

/// A case as the rules see it.
pub struct Case<'a> {
    input: &'a CaseInput<'a>,
    /// The cancer type's slug: the case's own, else the first `cancer_type` fact.
    slug: Option<&'a str>,
    /// The facts of each name, in input order.
    by_name: HashMap<&'a str, Vec<&'a FactInput<'a>>>,
}

impl<'a> Case<'a> {
    /// Wraps an input.
    pub fn new(input: &'a CaseInput<'a>) -> Case<'a> {
        let mut by_name: HashMap<&'a str, Vec<&'a FactInput<'a>>> = HashMap::new();
        for fact in input.facts {
            by_name.entry(fact.name).or_default().push(fact);
        }
        let mut case = Case {
            input,
            slug: None,
            by_name,
        };
        case.slug = input
            .cancer_type
            .as_ref()
            .map(CancerType::slug)
            .or_else(|| case.named("cancer_type").first().map(|f| f.value));
        case
    }

    /// The facts with this name, in input order.
    fn named(&self, name: &str) -> &[&'a FactInput<'a>] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// The cancer type's slug, for variants and item titles.
    pub fn slug(&self) -> Option<&'a str> {
        self.slug
    }

    /// The input.
    pub fn input(&self) -> &'a CaseInput<'a> {
        self.input
    }

    /// The evidence for `condition`, or `None` when it does not hold.
    pub fn eval(&self, condition: &'a Condition) -> Option<Vec<Evidence<'a>>> {
        match condition {
            Condition::Always => Some(vec![Evidence::Always]),
            Condition::CancerType(slugs) => self.cancer_type(slugs),
            Condition::Fact { name, test } => self.named(name).iter().find_map(|&fact| {
                passes(fact.value, test).map(|matched| vec![Evidence::Fact { fact, matched }])
            }),
            Condition::FactAmbiguous(names) => names.iter().find_map(|name| {
                self.ambiguous(name)
                    .map(|(given, other)| vec![Evidence::Ambiguous(given, other)])
            }),
            Condition::FactConflict(names) => names.iter().find_map(|name| {
                conflict(self.named(name)).map(|(a, b)| vec![Evidence::Conflict(a, b)])
            }),
            Condition::ChecklistMissing(id) => self
                .input
                .missing_items
                .iter()
                .find(|item| **item == id.as_str())
                .map(|item| vec![Evidence::Missing(item)]),
            Condition::Concern(patterns) => self
                .input
                .concerns
                .iter()
                .find(|concern| find_phrase(concern, patterns).is_some())
                .map(|concern| vec![Evidence::Concern(concern)]),
            Condition::All(parts) => parts.iter().try_fold(Vec::new(), |mut all, part| {
                all.extend(self.eval(part)?);
                Some(all)
            }),
            Condition::Any(parts) => parts.iter().find_map(|part| self.eval(part)),
            Condition::Not(inner) => match self.eval(inner) {
                Some(_) => None,
                None => Some(match inner.as_ref() {
                    Condition::Fact {
                        name,
                        test: FactTest::Present,
                    } => vec![Evidence::Absent(name)],
                    _ => Vec::new(),
                }),
            },
        }
    }

    /// The first `{name}_ambiguous` fact whose document also gives `name`, with the first
    /// such `name` fact of that document.
    fn ambiguous(&self, name: &str) -> Option<(&'a FactInput<'a>, &'a FactInput<'a>)> {
        let mut given_by_document: HashMap<&str, &'a FactInput<'a>> = HashMap::new();
        for &fact in self.named(name) {
            given_by_document.entry(fact.document_id).or_insert(fact);
        }
        self.named(&format!("{name}_ambiguous"))
            .iter()
            .find_map(|&other| Some((*given_by_document.get(other.document_id)?, other)))
    }

    fn cancer_type(&self, slugs: &[String]) -> Option<Vec<Evidence<'a>>> {
        let slug = self.slug?;
        let known = CancerType::from_slug(slug);
        let hit = slugs.iter().any(|wanted| {
            wanted == slug || (wanted == "other" && matches!(known, CancerType::Other(_)))
        });
        if !hit {
            return None;
        }
        Some(vec![match &self.input.cancer_type {
            Some(kind) => Evidence::CaseCancer(kind),
            None => {
                let fact = *self.named("cancer_type").first()?;
                Evidence::Fact {
                    fact,
                    matched: None,
                }
            }
        }])
    }
}

/// The first fact (in input order) that another document contradicts, with the first fact
/// contradicting it. Whether a fact has a contradiction is counted, not searched for: the
/// facts from other documents with other values are all the facts, less those from its own
/// document, less those with its value, plus those with both (counted twice).
fn conflict<'a>(facts: &[&'a FactInput<'a>]) -> Option<(&'a FactInput<'a>, &'a FactInput<'a>)> {
    let keys: Vec<String> = facts.iter().map(|fact| value_key(fact.value)).collect();
    let mut per_document: HashMap<&str, usize> = HashMap::new();
    let mut per_value: HashMap<&str, usize> = HashMap::new();
    let mut per_both: HashMap<(&str, &str), usize> = HashMap::new();
    for (fact, key) in facts.iter().zip(&keys) {
        *per_document.entry(fact.document_id).or_default() += 1;
        *per_value.entry(key).or_default() += 1;
        *per_both.entry((fact.document_id, key)).or_default() += 1;
    }
    let (at, a) = facts.iter().enumerate().find(|(at, fact)| {
        let key = keys[*at].as_str();
        let contradicting = facts.len() + per_both[&(fact.document_id, key)]
            - per_document[fact.document_id]
            - per_value[key];
        contradicting > 0
    })?;
    let b = facts
        .iter()
        .zip(&keys)
        .find(|(b, key)| b.document_id != a.document_id && **key != keys[at])
        .map(|(b, _)| *b)?;
    Some((a, b))
}

/// Whether a value passes a test: `Some` (with the word found, for `contains`) or `None`.
fn passes(value: &str, test: &FactTest) -> Option<Option<String>> {
    match test {
        FactTest::Present => Some(None),
        FactTest::OneOf(values) => values
            .iter()
            .any(|wanted| same_value(value, wanted))
            .then_some(None),
        FactTest::Contains(patterns) => find_phrase(value, patterns).map(Some),
        FactTest::Compare(comparison, bound) => first_number(value)
            .filter(|number| comparison.holds(*number, *bound))
            .map(|_| None),
    }
}

#[cfg(test)]
mod tests;
