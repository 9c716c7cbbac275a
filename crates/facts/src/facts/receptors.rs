//! Breast receptor status: ER, PR, HER2 (overall, IHC score, FISH) and Ki-67.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::fact::{Fact, FactName};
use crate::facts::{found, matches, renamed};
use crate::normalise::{Document, LOOSE_NUMBER, Page, loose, squeeze};

/// How far after a receptor's label its result may be, in bytes.
const RESULT_WINDOW: usize = 90;

/// `Estrogen Receptor (ER)`, `Oestrogen receptor`, `ER`, `E R`.
static ER: LazyLock<Regex> = LazyLock::new(|| {
    let word = format!(
        r"(?:{}\s?)?{}\s*{}",
        loose("o"),
        loose("estrogen"),
        loose("receptor")
    );
    Regex::new(&format!(
        r"{word}s?(?:\s*\(\s*E\s?R\s*\))?|\bE\s?R\b(?:\s*\(\s*{word}\s*\))?"
    ))
    .unwrap()
});

/// `Progesterone Receptor (PR)`, `PR`, `PgR`.
static PR: LazyLock<Regex> = LazyLock::new(|| {
    let word = format!(r"{}\s*{}", loose("progesterone"), loose("receptor"));
    Regex::new(&format!(
        r"{word}s?(?:\s*\(\s*P\s?g?\s?R\s*\))?|\bP\s?g?\s?R\b(?:\s*\(\s*{word}\s*\))?"
    ))
    .unwrap()
});

/// `ER/PR`, `ER & PR`: one result for both.
static ER_AND_PR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bE\s?R\s*(?:/|,|&|and)\s*P\s?g?\s?R\b").unwrap());

/// `HER2`, `HER 2/neu`, `Her-2`, `c-erbB2`.
static HER2: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bh\s?e\s?r\s?-?\s?2(?:\s?/?\s?-?\s?n\s?e\s?u)?\b|\bc\s?-?\s?erb\s?-?\s?b\s?-?\s?2\b",
    )
    .unwrap()
});

/// `Ki-67`, `Ki- 67`, `Ki67 (MIB-1)` and a percentage (or range) after it.
static KI67: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)k\s?i\s?-?\s?6\s?7(?:\s*\(?\s*mib\s?-?\s?1\s*\)?)?[^\d\n%]{{0,40}}?([<>≤≥~]?)\s?({LOOSE_NUMBER})(?:\s?(?:-|–|to)\s?({LOOSE_NUMBER}))?\s?%"
    ))
    .unwrap()
});

/// Another marker's label, or a sentence end: where one marker's result window ends.
static NEXT_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\bP\s?g?\s?R\b|\bE\s?R\b|{}|{}|(?i:\bh\s?e\s?r\s?-?\s?2|k\s?i\s?-?\s?6\s?7)|\.\s",
        loose("progesterone"),
        loose("estrogen")
    ))
    .unwrap()
});

/// A status word, or a sign straight after the label (`ER+/PR+/HER2−`).
static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<positive>{}|pos|\+\s?ve|reactive)\b|(?P<negative>{}|\bneg\b|-\s?ve\b|non-?\s?reactive\b)|\b(?P<equivocal>{}|borderline)\b|^(?:(?P<plus>\+)|(?P<minus>[−–-]))(?:[^\d\p{{L}}]|$)",
        loose("positive"),
        loose("negative"),
        loose("equivocal")
    ))
    .unwrap()
});

/// `Allred score 8/8`.
static ALLRED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)allred(?:\s+score)?\s*[:\-]?\s*([0-8])\b").unwrap());

/// `90%` of nuclei staining.
static PERCENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{1,3})\s?%").unwrap());

/// A FISH / ISH test.
static ISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:fish|ish|sish|cish|ddish|in\s*situ\s+hybridi[sz]ation)\b").unwrap()
});

/// A FISH result.
static AMPLIFICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?P<not>{}|non-?\s?amplified|no\s+amplification|negative\s+for\s+amplification|amplification\s+(?:not\s+(?:seen|detected)|absent))|(?P<yes>{}|amplification\s+(?:present|seen|detected))",
        loose("not amplified"),
        loose("amplified")
    ))
    .unwrap()
});

/// An IHC score: `Score 2+`, `(3+)`, `score 0`.
static IHC_SCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bscore\s*[:\-]?\s*([0-3])\s?(\+{1,3})?|\b([0-3])\s?\+|\(\s*([0-3])\s*\)")
        .unwrap()
});

/// `er`, `pr`, `her2`, `her2_ihc`, `her2_fish` and `ki67`.
pub(crate) fn facts(document: &Document) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut her2 = Her2Findings::default();
    for page in &document.pages {
        facts.extend(hormone_receptor(page, &ER_AND_PR, FactName::Er));
        facts.extend(hormone_receptor(page, &ER, FactName::Er));
        facts.extend(hormone_receptor(page, &ER_AND_PR, FactName::Pr));
        facts.extend(hormone_receptor(page, &PR, FactName::Pr));
        her2.read(page);
        facts.extend(ki67(page));
    }
    facts.extend(her2.into_facts());
    facts
}

/// The text after a label where its result may be: the rest of the line and the next one,
/// up to the next marker's label.
fn result_window(text: &str, label_end: usize) -> &str {
    let rest = crate::normalise::after(text, label_end, RESULT_WINDOW);
    let rest = match rest.match_indices('\n').nth(1) {
        Some((second_break, _)) => &rest[..second_break],
        None => rest,
    };
    NEXT_MARKER
        .find(rest)
        .map_or(rest, |next| &rest[..next.start()])
}

/// ER or PR results: a status word, else an Allred score, else a percentage of nuclei.
fn hormone_receptor(page: &Page, label: &Regex, name: FactName) -> Vec<Fact> {
    let view = &page.spaced;
    label
        .find_iter(&view.text)
        .filter_map(|at| {
            let window = result_window(&view.text, at.end());
            let (status, end) = if let Some(caps) = STATUS.captures(window) {
                let status = status(&caps);
                (
                    (status != "equivocal").then_some(status)?,
                    caps.get(0)?.end(),
                )
            } else if let Some(caps) = ALLRED.captures(window) {
                let score: u8 = caps[1].parse().ok()?;
                (
                    if score >= 3 { "positive" } else { "negative" },
                    caps.get(0)?.end(),
                )
            } else {
                let caps = PERCENT.captures(window)?;
                let percent: u16 = caps[1].parse().ok()?;
                (
                    if percent >= 1 { "positive" } else { "negative" },
                    caps.get(0)?.end(),
                )
            };
            Some(found(name, status, page, view, at.start()..at.end() + end))
        })
        .collect()
}

/// The status a [`STATUS`] match states.
fn status(caps: &Captures) -> &'static str {
    if caps.name("positive").or(caps.name("plus")).is_some() {
        "positive"
    } else if caps.name("negative").or(caps.name("minus")).is_some() {
        "negative"
    } else {
        "equivocal"
    }
}

/// What the HER2 mentions of a document say.
#[derive(Default)]
struct Her2Findings {
    /// Stated statuses (`HER2: Negative`), not counting FISH lines.
    stated: Vec<Fact>,
    ihc: Vec<Fact>,
    fish: Vec<Fact>,
}

impl Her2Findings {
    fn read(&mut self, page: &Page) {
        let view = &page.spaced;
        for at in HER2.find_iter(&view.text) {
            let window = result_window(&view.text, at.end());
            let is_ish = ISH.is_match(window)
                || ISH.is_match(crate::normalise::before(&view.text, at.start(), 25));
            let span = |caps: &Captures| at.start()..at.end() + caps.get(0).unwrap().end();
            if is_ish && let Some(caps) = AMPLIFICATION.captures(window) {
                let result = if caps.name("not").is_some() {
                    "not amplified"
                } else {
                    "amplified"
                };
                self.fish
                    .push(found(FactName::Her2Fish, result, page, view, span(&caps)));
                continue;
            }
            if let Some(caps) = IHC_SCORE.captures(window) {
                let digit = caps
                    .get(1)
                    .or(caps.get(3))
                    .or(caps.get(4))
                    .unwrap()
                    .as_str();
                let score = if digit == "0" {
                    "0".to_owned()
                } else {
                    format!("{digit}+")
                };
                self.ihc
                    .push(found(FactName::Her2Ihc, score, page, view, span(&caps)));
            }
            if !is_ish && let Some(caps) = STATUS.captures(window) {
                let status = status(&caps);
                self.stated
                    .push(found(FactName::Her2, status, page, view, span(&caps)));
            }
        }
    }

    /// The facts, with the overall status from FISH when done, else as stated, else from
    /// the IHC score.
    fn into_facts(self) -> Vec<Fact> {
        let status: Vec<Fact> = if !self.fish.is_empty() {
            let status = |fish: &Fact| match fish.value.as_str() {
                "amplified" => "positive",
                _ => "negative",
            };
            self.fish
                .iter()
                .map(|f| renamed(f, FactName::Her2, status(f)))
                .collect()
        } else if !self.stated.is_empty() {
            self.stated
        } else {
            let status = |ihc: &Fact| match ihc.value.as_str() {
                "3+" => "positive",
                "2+" => "equivocal",
                _ => "negative",
            };
            self.ihc
                .iter()
                .map(|f| renamed(f, FactName::Her2, status(f)))
                .collect()
        };
        status
            .into_iter()
            .chain(self.ihc)
            .chain(self.fish)
            .collect()
    }
}

fn ki67<'p>(page: &'p Page) -> impl Iterator<Item = Fact> + 'p {
    matches(page, &KI67, FactName::Ki67, |caps| {
        let upper = caps
            .get(3)
            .map(|m| format!("-{}", squeeze(m.as_str())))
            .unwrap_or_default();
        Some(format!("{}{}{upper}%", &caps[1], squeeze(&caps[2])))
    })
}

#[cfg(test)]
mod tests {
    use crate::fact::FactName;
    use crate::facts::testing::check_values;

    fn check_er(text: &str, expected: &str) {
        check_values(FactName::Er, text, expected);
    }

    #[test]
    fn er() {
        check_er(
            "Estrogen Receptor (ER): Positive (Allred score 8/8, 90% nuclei)",
            "positive",
        );
        check_er("ER: POSITIVE", "positive");
        check_er("ER - Negative", "negative");
        check_er("Oestrogen receptor: positive", "positive");
        check_er("E R : Posi tive", "positive");
        check_er("ER: Allred score 2/8", "negative");
        check_er("ER: 0%, PR: Positive", "negative");
        check_er("ER/PR: Positive", "positive");
        check_er("PAPER: negative; HER2 positive", "");
        check_er("Patient came to ER. Chest negative", "");
    }

    fn check_pr(text: &str, expected: &str) {
        check_values(FactName::Pr, text, expected);
    }

    #[test]
    fn pr() {
        check_pr("Progesterone Receptor (PR): Negative", "negative");
        check_pr("ER: Positive, PR: Positive, HER2: Negative", "positive");
        check_pr("PgR - positive (70%)", "positive");
        check_pr("Paracetamol 500 mg PRN; negative", "");
        check_pr("ER/PR: Negative", "negative");
        check_pr("ER+/PR+/HER2−", "positive");
        check_pr("ER+/PR-/HER2+", "negative");
        check_pr("PR 20 %", "positive");
    }

    fn check_her2(text: &str, expected: &str) {
        check_values(FactName::Her2, text, expected);
    }

    #[test]
    fn her2() {
        check_her2("HER2 (IHC): Score 2+ (Equivocal)", "equivocal");
        check_her2("HER2/neu by FISH: NOT AMPLIFIED (ratio 1.3)", "negative");
        check_her2("HER 2/neu: Positive (3+)", "positive");
        check_her2("HER2: 1+", "negative");
        check_her2("HER2 IHC 2+\nHER2 FISH: Amplified", "positive");
        check_her2("Her-2 neu: negative", "negative");
        check_her2("Other markers not done", "");
        check_her2("ER+/PR+/HER2−", "negative");
        check_her2("HER2 IHC 2+, FISH not amplified", "negative");
    }

    fn check_ihc(text: &str, expected: &str) {
        check_values(FactName::Her2Ihc, text, expected);
    }

    #[test]
    fn her2_ihc() {
        check_ihc("HER2 (IHC): Score 2+ (Equivocal)", "2+");
        check_ihc("HER2: Negative (Score 0)", "0");
        check_ihc("HER2 neu 3 +", "3+");
        check_ihc("HER2/neu by FISH: NOT AMPLIFIED (ratio 1.3)", "");
    }

    fn check_fish(text: &str, expected: &str) {
        check_values(FactName::Her2Fish, text, expected);
    }

    #[test]
    fn her2_fish() {
        check_fish(
            "HER2/neu by FISH: NOT AMPLIFIED (ratio 1.3)",
            "not amplified",
        );
        check_fish("FISH for HER2: amplified, ratio 4.2", "amplified");
        check_fish("HER2 SISH: non-amplified", "not amplified");
        check_fish("HER2 (IHC): Score 3+", "");
    }

    fn check_ki67(text: &str, expected: &str) {
        check_values(FactName::Ki67, text, expected);
    }

    #[test]
    fn ki67() {
        check_ki67("Ki- 67 : 2 0 %", "20%");
        check_ki67("Ki67 index: 15%", "15%");
        check_ki67("Ki-67 (MIB-1) proliferation index: 15-20%", "15-20%");
        check_ki67("Ki-67: <5%", "<5%");
        check_ki67("Ki-67 high", "");
    }
}
