//! Runs every fact finder over a document and keeps one fact per distinct finding.

mod disease;
mod identity;
mod imaging;
mod labs;
mod prostate;
mod receptors;
mod staging;
mod treatment;

use std::collections::HashSet;
use std::ops::Range;

use regex::{Captures, Regex};

use crate::date;
use crate::fact::{Fact, FactName};
use crate::normalise::{Document, Page, View};

/// Every fact in the document; a value found twice under one name is kept once (first place).
pub(crate) fn extract(document: &Document) -> Vec<Fact> {
    let mut facts = date::facts(document);
    facts.extend(identity::facts(document));
    facts.extend(disease::facts(document));
    facts.extend(staging::facts(document));
    facts.extend(receptors::facts(document));
    facts.extend(prostate::facts(document));
    facts.extend(imaging::facts(document));
    facts.extend(labs::facts(document));
    facts.extend(treatment::facts(document));
    let mut seen = HashSet::new();
    facts.retain(|fact| seen.insert((fact.name, fact.value.clone())));
    facts
}

/// A fact found in `span` of one of `page`'s views.
pub(crate) fn found(
    name: FactName,
    value: impl Into<String>,
    page: &Page,
    view: &View,
    span: Range<usize>,
) -> Fact {
    Fact {
        name,
        value: value.into(),
        page: page.number,
        snippet: view.snippet(span),
    }
}

/// A fact for every match of `pattern` in a page's spaced view that `read` gives a value,
/// quoting the whole match.
pub(crate) fn matches<'p>(
    page: &'p Page,
    pattern: &'p Regex,
    name: FactName,
    read: impl Fn(&Captures) -> Option<String> + 'p,
) -> impl Iterator<Item = Fact> + 'p {
    let view = &page.spaced;
    pattern.captures_iter(&view.text).filter_map(move |caps| {
        let value = read(&caps)?;
        Some(found(name, value, page, view, caps.get(0)?.range()))
    })
}

/// The first fact [`matches`] finds in the document, pages in order.
pub(crate) fn first_match(
    document: &Document,
    pattern: &Regex,
    name: FactName,
    read: impl Fn(&Captures) -> Option<String> + Copy,
) -> Option<Fact> {
    document
        .pages
        .iter()
        .find_map(|page| matches(page, pattern, name, read).next())
}

/// The same finding under another name (a status derived from a score, say).
pub(crate) fn renamed(source: &Fact, name: FactName, value: &str) -> Fact {
    Fact {
        name,
        value: value.to_owned(),
        ..source.clone()
    }
}

/// The value of a roman (`I` to `V`) or arabic (`1` to `5`) numeral.
pub(crate) fn numeral(text: &str) -> Option<u8> {
    match crate::normalise::squeeze(text)
        .to_ascii_uppercase()
        .as_str()
    {
        "1" | "I" => Some(1),
        "2" | "II" => Some(2),
        "3" | "III" => Some(3),
        "4" | "IV" => Some(4),
        "5" | "V" => Some(5),
        _ => None,
    }
}

/// Test helpers shared by the fact finders' tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::fact::FactName;

    /// The values found under `name` in a one-page document, in order.
    pub fn values(text: &str, name: FactName) -> Vec<String> {
        crate::extract_facts(&[text])
            .into_iter()
            .filter(|fact| fact.name == name)
            .map(|fact| fact.value)
            .collect()
    }

    /// Asserts the values of `name` in `text`, listed with `|` between them ("" for none).
    pub fn check_values(name: FactName, text: &str, expected: &str) {
        let expected: Vec<&str> = expected.split('|').filter(|v| !v.is_empty()).collect();
        assert_eq!(
            values(text, name),
            expected,
            "{} in {text:?}",
            name.as_str()
        );
    }
}
