//! The checklist: which records a second-opinion provider needs, why, and where a case stands.
//!
//! The items and their wording are data (`assets/checklist.json`, built into the binary), with
//! variants by cancer type. [`evaluate`] turns a case's documents and the states a person set
//! by hand into each item's state and a readiness score. [`consistency_warnings`] gives what a
//! careful reviewer would question about the documents (two patients, a stale case).
//!
//! **Architecture invariant:** no I/O; the item data is compiled in and checked by tests.

mod consistency;
mod data;
mod letter;

pub use consistency::{CasePatient, DocumentSummary, ListEntry, Param, Warning, WarningKind};
pub use letter::request_letter;

use std::sync::LazyLock;

use carryall_domain::{CancerType, Category, Document, Id};
use chrono::NaiveDate;

/// One thing the reviewer needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Stable id, e.g. `pathology`.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Whether the packet is not ready without it.
    pub required: bool,
    /// Document categories that satisfy it (none: only a person can settle it).
    pub categories: Vec<Category>,
    /// What it is.
    pub what: String,
    /// Where to get it.
    pub where_to_get: String,
    /// Why the reviewer needs it.
    pub why: String,
    /// What exactly to ask for, in a request letter.
    pub request: String,
}

/// Where an item's words are in the UI's message catalogues, so a front can show them in the
/// person's language (the [`Item`]'s own words are English, the fallback).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTextKeys {
    /// The key of [`Item::title`].
    pub title: String,
    /// The key of [`Item::what`].
    pub what: String,
    /// The key of [`Item::where_to_get`].
    pub where_to_get: String,
    /// The key of [`Item::why`].
    pub why: String,
}

/// A state a person set by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manual {
    /// Asked for, from whom and when.
    Requested {
        /// Who was asked.
        from: String,
        /// When.
        on: NaiveDate,
    },
    /// Does not apply to this case, and why.
    NotApplicable {
        /// Why.
        reason: String,
    },
}

/// Where an item stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Satisfied by these documents.
    Have(Vec<Id>),
    /// Asked for.
    Requested {
        /// Who was asked.
        from: String,
        /// When.
        on: NaiveDate,
    },
    /// Does not apply.
    NotApplicable {
        /// Why.
        reason: String,
    },
    /// Not there yet.
    Missing,
}

impl State {
    /// The state's stable name: `have`, `requested`, `not_applicable` or `missing`.
    pub fn slug(&self) -> &'static str {
        match self {
            State::Have(_) => "have",
            State::Requested { .. } => "requested",
            State::NotApplicable { .. } => "not_applicable",
            State::Missing => "missing",
        }
    }
}

/// How ready the packet is: required items settled (have, or not applicable) of all required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    /// Required items settled.
    pub done: usize,
    /// Required items in all.
    pub required: usize,
}

static ITEMS: LazyLock<Vec<data::ItemData>> = LazyLock::new(data::load);

/// The checklist for a case with this cancer type (variants applied), in order.
pub fn items_for(cancer: Option<&CancerType>) -> Vec<Item> {
    ITEMS
        .iter()
        .map(|item| item.resolve(cancer.map(CancerType::slug)))
        .collect()
}

/// The catalogue keys of an item's words for a case with this cancer type (the variant that
/// [`items_for`] applies); `None` for an id not on the checklist.
pub fn text_keys(item_id: &str, cancer: Option<&CancerType>) -> Option<ItemTextKeys> {
    ITEMS
        .iter()
        .find(|item| item.id == item_id)
        .map(|item| item.text_keys(cancer.map(CancerType::slug)))
}

/// Each item's state for a case, and the readiness. Documents satisfy items by category; a
/// state set by hand counts only while no document satisfies the item.
pub fn evaluate(
    items: &[Item],
    documents: &[Document],
    manual: &[(String, Manual)],
) -> (Vec<(Item, State)>, Readiness) {
    let mut readiness = Readiness {
        done: 0,
        required: 0,
    };
    let states = items
        .iter()
        .map(|item| {
            let satisfying: Vec<Id> = documents
                .iter()
                .filter(|d| item.categories.contains(&d.category))
                .map(|d| d.id.clone())
                .collect();
            let state = if !satisfying.is_empty() {
                State::Have(satisfying)
            } else {
                match manual.iter().find(|(id, _)| *id == item.id).map(|(_, m)| m) {
                    Some(Manual::Requested { from, on }) => State::Requested {
                        from: from.clone(),
                        on: *on,
                    },
                    Some(Manual::NotApplicable { reason }) => State::NotApplicable {
                        reason: reason.clone(),
                    },
                    None => State::Missing,
                }
            };
            if item.required {
                readiness.required += 1;
                if matches!(state, State::Have(_) | State::NotApplicable { .. }) {
                    readiness.done += 1;
                }
            }
            (item.clone(), state)
        })
        .collect();
    (states, readiness)
}

static CONSISTENCY: LazyLock<consistency::Settings> = LazyLock::new(data::load_consistency);

/// The consistency warnings a careful reviewer would raise about a case's documents, compared
/// with each other and with the patient entered for the case, as of `today` (limits and
/// wording from `assets/checklist.json`; the rules are described in the `consistency` module).
pub fn consistency_warnings(
    patient: &CasePatient<'_>,
    documents: &[DocumentSummary],
    today: NaiveDate,
) -> Vec<Warning> {
    consistency::warnings(&CONSISTENCY, patient, documents, today)
}

/// Whether an item id is on the checklist.
pub fn is_item(id: &str) -> bool {
    ITEMS.iter().any(|item| item.id == id)
}

#[cfg(test)]
mod tests;
