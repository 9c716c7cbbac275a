//! A compact way to write a case for table tests.
//!
//! A spec is `;`-separated entries: `type:breast` (the case's cancer type, as typed),
//! `missing:slides` (a missing checklist item), `concern:free text`, and facts as
//! `name=value` (in `report.pdf`) or `name@doc.pdf=value`.

use carryall_domain::CancerType;

use crate::{CaseInput, FactInput, Suggestion, suggest};

/// A case written as a spec, owning what a [`CaseInput`] borrows.
pub struct Spec {
    cancer_type: Option<CancerType>,
    facts: Vec<FactInput<'static>>,
    missing: Vec<&'static str>,
    concerns: Vec<&'static str>,
}

impl Spec {
    /// Reads a spec (see the module documentation).
    pub fn parse(spec: &'static str) -> Spec {
        let mut case = Spec {
            cancer_type: None,
            facts: Vec::new(),
            missing: Vec::new(),
            concerns: Vec::new(),
        };
        for entry in spec.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            if let Some(kind) = entry.strip_prefix("type:") {
                case.cancer_type = CancerType::from_text(kind);
            } else if let Some(item) = entry.strip_prefix("missing:") {
                case.missing.push(item.trim());
            } else if let Some(text) = entry.strip_prefix("concern:") {
                case.concerns.push(text.trim());
            } else {
                let (key, value) = entry
                    .split_once('=')
                    .unwrap_or_else(|| panic!("bad spec entry {entry:?}"));
                let (name, document) = key.split_once('@').unwrap_or((key, "report.pdf"));
                case.facts.push(FactInput {
                    document_id: document.trim(),
                    document_name: document.trim(),
                    name: name.trim(),
                    value: value.trim(),
                });
            }
        }
        case
    }

    /// The case as the API takes it.
    pub fn input(&self) -> CaseInput<'_> {
        CaseInput {
            cancer_type: self.cancer_type.clone(),
            facts: &self.facts,
            missing_items: &self.missing,
            concerns: &self.concerns,
        }
    }

    /// The suggestions for this case.
    pub fn suggest(&self) -> Vec<Suggestion> {
        suggest(&self.input())
    }
}

/// One fact, for cases written out in full.
pub fn fact(
    document_id: &'static str,
    document_name: &'static str,
    name: &'static str,
    value: &'static str,
) -> FactInput<'static> {
    FactInput {
        document_id,
        document_name,
        name,
        value,
    }
}

/// The ids of a list of suggestions.
pub fn ids(suggestions: &[Suggestion]) -> Vec<&str> {
    suggestions.iter().map(|s| s.rule_id.as_str()).collect()
}

/// The suggestion with this id; panics with the list when it is not there.
pub fn find<'a>(suggestions: &'a [Suggestion], id: &str) -> &'a Suggestion {
    suggestions
        .iter()
        .find(|s| s.rule_id == id)
        .unwrap_or_else(|| panic!("{id} is not among {:?}", ids(suggestions)))
}
