//! Evaluates a rule against a case, keeping the evidence that made it hold.

use carryall_domain::CancerType;

use crate::condition::{Condition, FactTest};
use crate::text::{find_phrase, first_number, same_value};
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
}

impl<'a> Case<'a> {
    /// Wraps an input.
    pub fn new(input: &'a CaseInput<'a>) -> Case<'a> {
        let slug = input
            .cancer_type
            .as_ref()
            .map(CancerType::slug)
            .or_else(|| named(input.facts, "cancer_type").next().map(|f| f.value));
        Case { input, slug }
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
        let facts = self.input.facts;
        match condition {
            Condition::Always => Some(vec![Evidence::Always]),
            Condition::CancerType(slugs) => self.cancer_type(slugs),
            Condition::Fact { name, test } => named(facts, name).find_map(|fact| {
                passes(fact.value, test).map(|matched| vec![Evidence::Fact { fact, matched }])
            }),
            Condition::FactAmbiguous(names) => names.iter().find_map(|name| {
                let other_name = format!("{name}_ambiguous");
                named(facts, &other_name).find_map(|other| {
                    named(facts, name)
                        .find(|f| f.document_id == other.document_id)
                        .map(|given| vec![Evidence::Ambiguous(given, other)])
                })
            }),
            Condition::FactConflict(names) => names.iter().find_map(|name| {
                named(facts, name).find_map(|a| {
                    named(facts, name)
                        .find(|b| b.document_id != a.document_id && !same_value(a.value, b.value))
                        .map(|b| vec![Evidence::Conflict(a, b)])
                })
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
                let fact = named(self.input.facts, "cancer_type").next()?;
                Evidence::Fact {
                    fact,
                    matched: None,
                }
            }
        }])
    }
}

/// The facts with this name, in input order.
fn named<'a, 'n>(
    facts: &'a [FactInput<'a>],
    name: &'n str,
) -> impl Iterator<Item = &'a FactInput<'a>> + use<'a, 'n> {
    facts.iter().filter(move |fact| fact.name == name)
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
