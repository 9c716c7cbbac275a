//! Words for a suggestion: why it was suggested, and its text with the placeholders filled.
//!
//! A reason names the fact and the document it came from and quotes no more of the document
//! than the fact's value (and the document's own title, itself a fact).

use carryall_domain::CancerType;

use crate::FactInput;
use crate::bank::Bank;
use crate::eval::{Case, Evidence};
use crate::text::shorten;

/// The reason given for an `always` question.
pub const EVERYONE: &str = "Asked of everyone getting a second opinion.";

/// The reason when the evidence names nothing (tests keep the bank from needing it).
pub const FALLBACK: &str = "Suggested for your case.";

/// How many characters of a person's concern a reason repeats.
const CONCERN_LIMIT: usize = 100;

/// Why a question was suggested, in plain sentences.
pub fn reason(bank: &Bank, case: &Case<'_>, evidence: &[Evidence<'_>]) -> String {
    // The cancer type goes without saying beside something found in the case itself.
    let specific = evidence
        .iter()
        .any(|piece| !matches!(piece, Evidence::Always | Evidence::CaseCancer(_)));
    let mut sentences: Vec<String> = Vec::new();
    for piece in evidence {
        if specific && matches!(piece, Evidence::CaseCancer(_)) {
            continue;
        }
        let sentence = sentence(bank, case, piece);
        if !sentences.contains(&sentence) {
            sentences.push(sentence);
        }
    }
    sentences.join(" ")
}

fn sentence(bank: &Bank, case: &Case<'_>, piece: &Evidence<'_>) -> String {
    match piece {
        Evidence::Always => EVERYONE.to_owned(),
        Evidence::CaseCancer(kind) => match kind {
            CancerType::Other(text) => format!(
                "Suggested for cancers other than breast, prostate, lung, bowel, blood and brain; your case is about \u{201c}{}\u{201d}.",
                shorten(text, CONCERN_LIMIT)
            ),
            known => format!(
                "Suggested for everyone with {}.",
                lower_first(known.label())
            ),
        },
        Evidence::Fact {
            fact,
            matched: Some(word),
        } => format!(
            "{} mentions \u{201c}{word}\u{201d} in {}.",
            upper_first(&document(case, fact)),
            bank.label(fact.name)
        ),
        Evidence::Fact {
            fact,
            matched: None,
        } => format!(
            "{} gives {}: {}.",
            upper_first(&document(case, fact)),
            bank.label(fact.name),
            fact.value
        ),
        Evidence::Absent(name) => format!("None of your documents gives {} yet.", bank.label(name)),
        Evidence::Conflict(a, b) => format!(
            "{} gives {} as {}, but {} gives {}.",
            upper_first(&document(case, a)),
            bank.label(a.name),
            a.value,
            document(case, b),
            b.value
        ),
        Evidence::Ambiguous(given, other) => format!(
            "{} gives {} as {}, which could also be read as {}.",
            upper_first(&document(case, given)),
            bank.label(given.name),
            given.value,
            other.value
        ),
        Evidence::Missing(id) => format!(
            "Your checklist still shows \u{201c}{}\u{201d} as missing.",
            item_title(case, id)
        ),
        Evidence::Concern(text) => format!(
            "You said: \u{201c}{}\u{201d}.",
            shorten(text, CONCERN_LIMIT)
        ),
    }
}

/// The document a suggestion came from: the first fact in its evidence.
pub fn source_document(evidence: &[Evidence<'_>]) -> Option<String> {
    evidence.iter().find_map(|piece| match piece {
        Evidence::Fact { fact, .. }
        | Evidence::Conflict(fact, _)
        | Evidence::Ambiguous(fact, _) => Some(fact.document_id.to_owned()),
        _ => None,
    })
}

/// The text with its placeholders filled, each from the first evidence that has it.
pub fn fill(text: &str, bank: &Bank, evidence: &[Evidence<'_>]) -> String {
    let mut filled = text.to_owned();
    let first_fact = evidence.iter().find_map(|piece| match piece {
        Evidence::Fact { fact, .. }
        | Evidence::Conflict(fact, _)
        | Evidence::Ambiguous(fact, _) => Some(*fact),
        _ => None,
    });
    if let Some(fact) = first_fact {
        filled = filled
            .replace("{value}", fact.value)
            .replace("{label}", bank.label(fact.name))
            .replace("{document}", fact.document_name);
    }
    let other = evidence.iter().find_map(|piece| match piece {
        Evidence::Conflict(_, other) | Evidence::Ambiguous(_, other) => Some(other.value),
        _ => None,
    });
    if let Some(other) = other {
        filled = filled.replace("{other_value}", other);
    }
    let matched = evidence.iter().find_map(|piece| match piece {
        Evidence::Fact {
            matched: Some(word),
            ..
        } => Some(word.as_str()),
        _ => None,
    });
    if let Some(word) = matched {
        filled = filled.replace("{match}", word);
    }
    filled
}

/// "your Surgical Pathology Report (biopsy.pdf)", or "your document biopsy.pdf" when the
/// document gives no title of its own.
fn document(case: &Case<'_>, fact: &FactInput<'_>) -> String {
    let title = case
        .input()
        .facts
        .iter()
        .find(|f| f.document_id == fact.document_id && f.name == "document_type")
        .map(|f| f.value.trim())
        .filter(|title| !title.is_empty());
    match title {
        Some(title) => format!("your {} ({})", shorten(title, 80), fact.document_name),
        None => format!("your document {}", fact.document_name),
    }
}

/// A checklist item's title as it reads for the case's cancer type; the id when unknown.
fn item_title(case: &Case<'_>, id: &str) -> String {
    let kind = case.slug().map(CancerType::from_slug);
    carryall_checklist::items_for(kind.as_ref())
        .into_iter()
        .find(|item| item.id == id)
        .map_or_else(|| id.to_owned(), |item| item.title)
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}
