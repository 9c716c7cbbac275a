//! The treatment advised: the first sentence after a plan or recommendation label.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::fact::{Fact, FactName};
use crate::facts::found;
use crate::normalise::{Document, Page, collapse};

/// The longest advice kept, in bytes of the spaced view.
const LONGEST: usize = 400;

/// `Plan:`, `Recommendations:`, `Advised:`, `Tumour board recommendation:`, `Impression and plan`.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)(?:^|[.;]\s)\s*(?:impression\s+(?:and|&)\s+plan|(?:treatment|management)\s+plan|plan\s+of\s+(?:care|treatment|management)|plan|recommendations?|advised|advice|proposed\s+(?:treatment|plan)|suggested\s+(?:treatment|plan)|tumou?r\s+board\s+(?:recommendations?|decision|opinion)|mdt\s+(?:recommendations?|decision|outcome))(?:\s*[:\-–]|\s*\n)\s*(?:(?:\d{1,2}[.)]|[-•*·])\s*)?").unwrap()
});

/// A treatment label heading a table row, its value in the next cell (no colon):
/// `Line of treatment   Adjuvant chemotherapy, 4 cycles AC ...`.
static ROW_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[ \t]*(?:line\s+of\s+treatment|(?:proposed|planned|recommended)\s+treatment|treatment\s+(?:plan|proposed|advised|planned))[ \t]+(?P<value>(?-i:\p{Lu})[^\n]*)").unwrap()
});

/// Where the advice ends: a sentence end, a list item or a new labelled line.
static END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\.(?:\s|$)|\n\s*(?:\d{1,2}[.)]|[-•*·]|\p{Lu}[\p{L} ]{1,30}:)").unwrap()
});

/// `proposed_treatment`.
pub(crate) fn facts(document: &Document) -> Vec<Fact> {
    document.pages.iter().flat_map(advice).collect()
}

fn advice(page: &Page) -> Vec<Fact> {
    let view = &page.spaced;
    let text = view.text.as_str();
    let rows = ROW_LABEL.captures_iter(text).filter_map(|caps| {
        let value = caps.name("value")?;
        let advice = without_full_stop(&collapse(value.as_str()));
        let span = caps.get(0)?.range();
        (advice.split_whitespace().count() >= 2)
            .then(|| found(FactName::ProposedTreatment, advice, page, view, span))
    });
    let labelled = LABEL.find_iter(text).filter_map(|label| {
        let rest = crate::normalise::after(text, label.end(), LONGEST);
        let sentences = sentences(rest);
        let chosen = sentences
            .iter()
            .find(|sentence| TREATMENT.is_match(&rest[(*sentence).clone()]))
            .or(sentences.first())?
            .clone();
        let sentence = without_full_stop(&collapse(&rest[chosen.clone()]));
        let words = sentence.split_whitespace().count();
        let label_text = label.as_str().trim_start_matches(['.', ';']).trim_start();
        let start = if chosen.start == 0 {
            label.end() - label_text.len()
        } else {
            label.end() + chosen.start
        };
        let span = start..label.end() + chosen.end;
        (words >= 2).then(|| found(FactName::ProposedTreatment, sentence, page, view, span))
    });
    labelled.chain(rows).collect()
}

/// The advice without its final full stop (`docs/facts.md`).
fn without_full_stop(sentence: &str) -> String {
    sentence.strip_suffix('.').unwrap_or(sentence).to_owned()
}

/// The first few sentences of `rest`, up to a list item or a new labelled line.
fn sentences(rest: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    while sentences.len() < SENTENCES && start < rest.len() {
        let (end, more) = sentence_end(&rest[start..]);
        sentences.push(start..start + end);
        if !more {
            break;
        }
        start += end;
        start += rest[start..].len() - rest[start..].trim_start().len();
    }
    sentences
}

/// Where the first sentence of `text` ends, and whether another sentence may follow; the dot
/// of an abbreviation (`Tab.`, `Dr.`) ends nothing.
fn sentence_end(text: &str) -> (usize, bool) {
    END.find_iter(text)
        .find_map(|end| {
            if !end.as_str().starts_with('.') {
                return Some((end.start(), false));
            }
            let word = text[..end.start()]
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()?;
            let abbreviation =
                word.chars().count() <= 1 || ABBREVIATIONS.contains(&word.to_lowercase().as_str());
            (!abbreviation).then_some((end.start() + 1, true))
        })
        .unwrap_or((text.len(), false))
}

/// Words written with a dot that does not end a sentence.
const ABBREVIATIONS: [&str; 12] = [
    "tab", "tabs", "cap", "caps", "inj", "syp", "dr", "vs", "no", "approx", "e.g", "i.e",
];

/// How many sentences after a label may hold the advice.
const SENTENCES: usize = 3;

/// Words that make a sentence treatment advice rather than a summary of findings.
static TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)chemo|radio|radiation|surgery|surgical|excision|ectomy|therapy|proceed|start|refer|treat|hormon|tamoxifen|letrozole|anastrozole|trastuzumab|resection|biopsy|follow|review|advis|recommend|plan|palliat|\bcycles?\b").unwrap()
});

#[cfg(test)]
mod tests {
    use crate::fact::FactName;
    use crate::facts::testing::check_values;

    fn check(text: &str, expected: &str) {
        check_values(FactName::ProposedTreatment, text, expected);
    }

    #[test]
    fn advice() {
        check(
            "Plan: Neoadjuvant chemotherapy followed by surgery. Review in 3 weeks.",
            "Neoadjuvant chemotherapy followed by surgery",
        );
        check(
            "Recommendations:\n1. Modified radical mastectomy\n2. Review",
            "Modified radical mastectomy",
        );
        check(
            "Advised: Tab. Letrozole 2.5 mg once daily.",
            "Tab. Letrozole 2.5 mg once daily",
        );
        check(
            "Tumour board recommendation: Adjuvant radiotherapy to the\nleft breast and axilla.",
            "Adjuvant radiotherapy to the left breast and axilla",
        );
        check(
            "Impression and plan\nStart AC-T chemotherapy",
            "Start AC-T chemotherapy",
        );
        check(
            "Proposed treatment: Radical prostatectomy",
            "Radical prostatectomy",
        );
        check(
            "Impression and plan: Left breast cancer, T2 N0. We will proceed with excision.",
            "We will proceed with excision",
        );
        check("Planned surgery was done; explained", "");
        check("Plan: -", "");
        check(
            "Line of treatment   Adjuvant chemotherapy, 4 cycles AC\nExpected date of admission   24/07/2025",
            "Adjuvant chemotherapy, 4 cycles AC",
        );
        check("Treatment plan was discussed with the family", "");
    }
}
