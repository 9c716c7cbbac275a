//! Words for a suggestion: why it was suggested, and its text with the placeholders filled,
//! each in English and as catalogue keys with values (a reason sentence by sentence).
//!
//! A reason names the fact and the document it came from and quotes no more of the document
//! than the fact's value (and the document's own title, itself a fact).

use carryall_domain::CancerType;

use crate::bank::Bank;
use crate::eval::{Case, Evidence};
use crate::text::shorten;
use crate::{FactInput, Message};

/// The reason given for an `always` question.
pub const EVERYONE: &str = "Asked of everyone getting a second opinion.";

/// The reason when the evidence names nothing (tests keep the bank from needing it).
pub const FALLBACK: &str = "Suggested for your case.";

/// How many characters of a person's concern a reason repeats.
const CONCERN_LIMIT: usize = 100;

/// Why a question was suggested, in plain sentences, and the same sentences as messages.
pub fn reason(bank: &Bank, case: &Case<'_>, evidence: &[Evidence<'_>]) -> (String, Vec<Message>) {
    // The cancer type goes without saying beside something found in the case itself.
    let specific = evidence
        .iter()
        .any(|piece| !matches!(piece, Evidence::Always | Evidence::CaseCancer(_)));
    let mut sentences: Vec<String> = Vec::new();
    let mut messages: Vec<Message> = Vec::new();
    for piece in evidence {
        if specific && matches!(piece, Evidence::CaseCancer(_)) {
            continue;
        }
        let (sentence, message) = sentence(bank, case, piece);
        if !sentences.contains(&sentence) {
            sentences.push(sentence);
            messages.push(message);
        }
    }
    if sentences.is_empty() {
        return (FALLBACK.to_owned(), vec![message("fallback", Vec::new())]);
    }
    (sentences.join(" "), messages)
}

/// A reason sentence's message: `question.reason.NAME` with its values.
fn message(name: &str, params: Vec<(&'static str, String)>) -> Message {
    Message {
        key: format!("question.reason.{name}"),
        params,
    }
}

/// One piece of evidence in a sentence, in English and as a message. A message names a fact
/// by its name (`fact`), whose label the catalogue gives, and a document by its file name and
/// title (`file`, `title`; `other_file`, `other_title` for the second document).
fn sentence(bank: &Bank, case: &Case<'_>, piece: &Evidence<'_>) -> (String, Message) {
    match piece {
        Evidence::Always => (EVERYONE.to_owned(), message("everyone", Vec::new())),
        Evidence::CaseCancer(kind) => match kind {
            CancerType::Other(text) => {
                let text = shorten(text, CONCERN_LIMIT);
                (
                    format!(
                        "Suggested for cancers other than breast, prostate, lung, bowel, blood and brain; your case is about \u{201c}{text}\u{201d}."
                    ),
                    message("cancer_other", vec![("text", text)]),
                )
            }
            known => (
                format!(
                    "Suggested for everyone with {}.",
                    lower_first(known.label())
                ),
                message("cancer", vec![("cancer", known.slug().to_owned())]),
            ),
        },
        Evidence::Fact {
            fact,
            matched: Some(word),
        } => (
            format!(
                "{} mentions \u{201c}{word}\u{201d} in {}.",
                upper_first(&document(case, fact)),
                bank.label(fact.name)
            ),
            message(
                "fact_mentions",
                [
                    document_params(case, fact, ("file", "title")),
                    vec![("fact", fact.name.to_owned()), ("word", word.clone())],
                ]
                .concat(),
            ),
        ),
        Evidence::Fact {
            fact,
            matched: None,
        } => (
            format!(
                "{} gives {}: {}.",
                upper_first(&document(case, fact)),
                bank.label(fact.name),
                fact.value
            ),
            message(
                "fact",
                [
                    document_params(case, fact, ("file", "title")),
                    vec![
                        ("fact", fact.name.to_owned()),
                        ("value", fact.value.to_owned()),
                    ],
                ]
                .concat(),
            ),
        ),
        Evidence::Absent(name) => (
            format!("None of your documents gives {} yet.", bank.label(name)),
            message("absent", vec![("fact", (*name).to_owned())]),
        ),
        Evidence::Conflict(a, b) => (
            format!(
                "{} gives {} as {}, but {} gives {}.",
                upper_first(&document(case, a)),
                bank.label(a.name),
                a.value,
                document(case, b),
                b.value
            ),
            message(
                "conflict",
                [
                    document_params(case, a, ("file", "title")),
                    document_params(case, b, ("other_file", "other_title")),
                    vec![
                        ("fact", a.name.to_owned()),
                        ("value", a.value.to_owned()),
                        ("other_value", b.value.to_owned()),
                    ],
                ]
                .concat(),
            ),
        ),
        Evidence::Ambiguous(given, other) => (
            format!(
                "{} gives {} as {}, which could also be read as {}.",
                upper_first(&document(case, given)),
                bank.label(given.name),
                given.value,
                other.value
            ),
            message(
                "ambiguous",
                [
                    document_params(case, given, ("file", "title")),
                    vec![
                        ("fact", given.name.to_owned()),
                        ("value", given.value.to_owned()),
                        ("other_value", other.value.to_owned()),
                    ],
                ]
                .concat(),
            ),
        ),
        Evidence::Missing(id) => {
            let (title, key) = item_title(case, id);
            (
                format!("Your checklist still shows \u{201c}{title}\u{201d} as missing."),
                message("missing", vec![("item", title), ("item_key", key)]),
            )
        }
        Evidence::Concern(text) => {
            let text = shorten(text, CONCERN_LIMIT);
            (
                format!("You said: \u{201c}{text}\u{201d}."),
                message("concern", vec![("text", text)]),
            )
        }
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

/// The values a question's text may name, each from the first evidence that has it:
/// `value`, `fact` (the fact's name, whose label fills `{label}`), `document` (a file name),
/// `other_value` and `match`.
pub fn text_params(evidence: &[Evidence<'_>]) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    let first_fact = evidence.iter().find_map(|piece| match piece {
        Evidence::Fact { fact, .. }
        | Evidence::Conflict(fact, _)
        | Evidence::Ambiguous(fact, _) => Some(*fact),
        _ => None,
    });
    if let Some(fact) = first_fact {
        params.push(("value", fact.value.to_owned()));
        params.push(("fact", fact.name.to_owned()));
        params.push(("document", fact.document_name.to_owned()));
    }
    let other = evidence.iter().find_map(|piece| match piece {
        Evidence::Conflict(_, other) | Evidence::Ambiguous(_, other) => Some(other.value),
        _ => None,
    });
    if let Some(other) = other {
        params.push(("other_value", other.to_owned()));
    }
    let matched = evidence.iter().find_map(|piece| match piece {
        Evidence::Fact {
            matched: Some(word),
            ..
        } => Some(word.clone()),
        _ => None,
    });
    if let Some(word) = matched {
        params.push(("match", word));
    }
    params
}

/// The English text with its placeholders filled from [`text_params`].
pub fn fill(text: &str, bank: &Bank, params: &[(&'static str, String)]) -> String {
    params
        .iter()
        .fold(text.to_owned(), |filled, (name, value)| {
            if *name == "fact" {
                filled.replace("{label}", bank.label(value))
            } else {
                filled.replace(&format!("{{{name}}}"), value)
            }
        })
}

/// "your Surgical Pathology Report (biopsy.pdf)", or "your document biopsy.pdf" when the
/// document gives no title of its own.
fn document(case: &Case<'_>, fact: &FactInput<'_>) -> String {
    match title(case, fact) {
        Some(title) => format!("your {title} ({})", fact.document_name),
        None => format!("your document {}", fact.document_name),
    }
}

/// A document in a message: its file name, and its title when it gives one, under the names
/// given.
fn document_params(
    case: &Case<'_>,
    fact: &FactInput<'_>,
    (file, title_name): (&'static str, &'static str),
) -> Vec<(&'static str, String)> {
    let mut params = vec![(file, fact.document_name.to_owned())];
    params.extend(title(case, fact).map(|title| (title_name, title)));
    params
}

/// The document's own title (its `document_type` fact), shortened; `None` when it gives none.
fn title(case: &Case<'_>, fact: &FactInput<'_>) -> Option<String> {
    case.input()
        .facts
        .iter()
        .find(|f| f.document_id == fact.document_id && f.name == "document_type")
        .map(|f| f.value.trim())
        .filter(|title| !title.is_empty())
        .map(|title| shorten(title, 80))
}

/// A checklist item's title as it reads for the case's cancer type and the catalogue key of
/// that title; the id (as both) when unknown.
fn item_title(case: &Case<'_>, id: &str) -> (String, String) {
    let kind = case.slug().map(CancerType::from_slug);
    let title = carryall_checklist::items_for(kind.as_ref())
        .into_iter()
        .find(|item| item.id == id)
        .map_or_else(|| id.to_owned(), |item| item.title);
    let key = carryall_checklist::text_keys(id, kind.as_ref())
        .map_or_else(|| id.to_owned(), |keys| keys.title);
    (title, key)
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
