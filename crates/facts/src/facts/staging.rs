//! How far the tumour has gone: grade, TNM, stage group, size, lymph nodes and margins.

use std::sync::LazyLock;

use regex::Regex;

use crate::fact::{Fact, FactName};
use crate::facts::{found, numeral};
use crate::normalise::{Document, Page, before, loose, squeeze};

/// `Grade: II`, `Nottingham grade 3`, `Histologic grade (Nottingham): G2`.
static GRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{}(?:\s*\([^)\n]{{0,30}}\))?\s*[:\-]?\s*(?:G\s?)?(III|II|I|[1-3])\b",
        loose("grade")
    ))
    .unwrap()
});

/// Words before `grade` that make it another grading (ISUP, Gleason, nuclear).
static OTHER_GRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:nuclear|isup|who|gleason|tumou?r\s+budding)\s*$").unwrap()
});

/// `Nottingham score 6/9`, `total score: 7`.
static NOTTINGHAM_SCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:nottingham|bloom[\s-]*richardson|total)\s+score\s*[:\-]?\s*([3-9])\b(?:\s*/\s*9)?").unwrap()
});

/// `poorly differentiated` and its kin.
static DIFFERENTIATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:well|moderately|poorly)\s+(?:to\s+)?)*(well|moderately|poorly|un)[\s-]*differentiated\b").unwrap()
});

/// `pT2N1aM0` in the compact view (spaces removed).
static TNM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(y?r?[pc]?)T([0-4]|is|x|X)([a-d]|mi)?(?:\((?:m|\d+)\))?[pcy]{0,2}N([0-3]|x|X)([a-c]|mi)?(?:\((?:sn|i[+-]|mol[+-])\))?(?:[pc]?M([01]|x|X)([a-c])?)?").unwrap()
});

/// `Stage IIA`, `Prognostic Stage Group: IB`, `STA GE IIA`.
static STAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{}(?:\s*{})?\s*[:\-]?\s*(I\s?V|I\s?I\s?I|I\s?I|I)(?:\s?([A-C])(?:\s?[1-3])?)?\b",
        loose("stage"),
        loose("group")
    ))
    .unwrap()
});

/// `Tumour size: 2.3 x 1.8 x 1.5 cm`, `greatest dimension 25 mm`, `mass measuring 3 cm`.
static SIZE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:tumou?r\s+size|size\s+of\s+(?:the\s+)?(?:tumou?r|lesion|mass)|(?:greatest|largest|maximum)\s+(?:tumou?r\s+)?(?:dimension|diameter|size)|(?:tumou?r|mass|lesion|nodule)\s+(?:measuring|measures|of\s+size|size))[^\d\n]{0,20}?(\d+(?:\.\d+)?(?:\s*(?:cm|mm))?(?:\s*[x×X*]\s*\d+(?:\.\d+)?(?:\s*(?:cm|mm))?){0,2})\s*(cm|mm)\b").unwrap()
});

static DIMENSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(?:\.\d+)?").unwrap());

/// Counts written in words, as in `two of fifteen lymph nodes`.
const COUNT_WORDS: [&str; 21] = [
    "none",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// `2 of 15 lymph nodes`, `Lymph nodes: 2/15 positive`, `2/15 lymph nodes`, `pN1a (2/15)`.
static NODES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let count = format!(r"(\d{{1,2}}|{})", COUNT_WORDS.join("|"));
    [
        format!(r"(?i)\b{count}\s+(?:\(\d{{1,2}}\)\s+)?(?:out\s+)?of\s+(?:the\s+)?{count}\s+(?:\(\d{{1,2}}\)\s+)?(?:\p{{L}}+\s+){{0,2}}?(?:lymph\s+)?nodes?\b()"),
        r"(?i)\bnodes?\b[^\n\d/]{0,40}?\b(\d{1,2})\s?/\s?(\d{1,2})\b(/\d)?".to_owned(),
        r"(?i)\b(\d{1,2})\s?/\s?(\d{1,2})\b(/\d)?[^\n]{0,20}?\bnodes?\b".to_owned(),
        r"\bp?N[0-3][a-c]?\s*\(\s*(\d{1,2})\s?/\s?(\d{1,2})\s*\)()".to_owned(),
    ]
    .iter()
    .map(|pattern| Regex::new(pattern).unwrap())
    .collect()
});

/// `Margins: free`, `Resection margins are uninvolved`, `Margin status: close (1 mm)`.
static MARGINS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmargins?\b(?:\s+status)?[^\n;]{0,40}?\b(uninvolved|not\s+involved|free|clear|negative|close|involved|positive)\b").unwrap()
});

/// `grade`, `tnm`, `stage`, `tumour_size`, `nodes` and `margins`.
pub(crate) fn facts(document: &Document) -> Vec<Fact> {
    let mut facts = grades(document);
    for page in &document.pages {
        facts.extend(tnm(page));
        facts.extend(stages(page));
        facts.extend(sizes(page));
        facts.extend(nodes(page));
        facts.extend(margins(page));
    }
    facts
}

/// Explicit grades; else a Nottingham score; else the differentiation words.
fn grades(document: &Document) -> Vec<Fact> {
    let explicit: Vec<Fact> = document
        .pages
        .iter()
        .flat_map(|page| {
            let text = &page.spaced.text;
            GRADE.captures_iter(text).filter_map(move |caps| {
                let at = caps.get(0)?;
                if OTHER_GRADE.is_match(before(text, at.start(), 40)) {
                    return None;
                }
                let grade = numeral(&caps[1])?;
                Some(found(
                    FactName::Grade,
                    grade.to_string(),
                    page,
                    &page.spaced,
                    at.range(),
                ))
            })
        })
        .collect();
    if !explicit.is_empty() {
        return explicit;
    }
    let scored = document.pages.iter().find_map(|page| {
        let caps = NOTTINGHAM_SCORE.captures(&page.spaced.text)?;
        let grade = match caps[1].parse::<u8>().ok()? {
            3..=5 => "1",
            6 | 7 => "2",
            _ => "3",
        };
        Some(found(
            FactName::Grade,
            grade,
            page,
            &page.spaced,
            caps.get(0)?.range(),
        ))
    });
    let described = || {
        document.pages.iter().find_map(|page| {
            let caps = DIFFERENTIATION.captures(&page.spaced.text)?;
            let grade = match caps[1].to_lowercase().as_str() {
                "well" => "1",
                "moderately" => "2",
                _ => "3",
            };
            Some(found(
                FactName::Grade,
                grade,
                page,
                &page.spaced,
                caps.get(0)?.range(),
            ))
        })
    };
    scored.or_else(described).into_iter().collect()
}

fn tnm(page: &Page) -> Vec<Fact> {
    let view = &page.compact;
    TNM.captures_iter(&view.text)
        .map(|caps| {
            let part = |i: usize| caps.get(i).map_or("", |m| m.as_str());
            let mut value = format!("{}T{}{}N{}{}", part(1), part(2), part(3), part(4), part(5));
            if caps.get(6).is_some() {
                value += &format!("M{}{}", part(6), part(7));
            }
            found(
                FactName::Tnm,
                value,
                page,
                view,
                caps.get(0).unwrap().range(),
            )
        })
        .collect()
}

fn stages(page: &Page) -> Vec<Fact> {
    let view = &page.spaced;
    STAGE
        .captures_iter(&view.text)
        .map(|caps| {
            let letter = caps.get(2).map_or("", |m| m.as_str());
            let value = format!("{}{letter}", squeeze(&caps[1]));
            found(
                FactName::Stage,
                value,
                page,
                view,
                caps.get(0).unwrap().range(),
            )
        })
        .collect()
}

fn sizes(page: &Page) -> Vec<Fact> {
    let view = &page.spaced;
    SIZE.captures_iter(&view.text)
        .filter_map(|caps| {
            let largest = DIMENSION
                .find_iter(&caps[1])
                .filter_map(|n| n.as_str().parse::<f64>().ok())
                .fold(0.0, f64::max);
            let millimetres = if caps[2].eq_ignore_ascii_case("cm") {
                largest * 10.0
            } else {
                largest
            };
            (millimetres > 0.0).then(|| {
                let value = format!("{} mm", millimetres_text(millimetres));
                found(
                    FactName::TumourSize,
                    value,
                    page,
                    view,
                    caps.get(0).unwrap().range(),
                )
            })
        })
        .collect()
}

/// `23`, `23.5`: one decimal at most, none when whole.
fn millimetres_text(millimetres: f64) -> String {
    let text = format!("{millimetres:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

fn nodes(page: &Page) -> Vec<Fact> {
    let view = &page.spaced;
    NODES
        .iter()
        .flat_map(|pattern| pattern.captures_iter(&view.text))
        .filter_map(|caps| {
            let positive = count(&caps[1])?;
            let examined = count(&caps[2])?;
            let is_date = caps.get(3).is_some_and(|m| !m.is_empty());
            (!is_date && examined > 0 && positive <= examined).then(|| {
                let value = format!("{positive}/{examined}");
                found(
                    FactName::Nodes,
                    value,
                    page,
                    view,
                    caps.get(0).unwrap().range(),
                )
            })
        })
        .collect()
}

/// A count written as digits or as a word.
fn count(text: &str) -> Option<usize> {
    text.parse().ok().or_else(|| {
        let word = text.to_lowercase();
        COUNT_WORDS.iter().position(|w| *w == word)
    })
}

fn margins(page: &Page) -> Vec<Fact> {
    let view = &page.spaced;
    MARGINS
        .captures_iter(&view.text)
        .map(|caps| {
            let status = match caps[1].to_lowercase().as_str() {
                "close" => "close",
                "involved" | "positive" => "positive",
                _ => "negative",
            };
            found(
                FactName::Margins,
                status,
                page,
                view,
                caps.get(0).unwrap().range(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::fact::FactName;
    use crate::facts::testing::check_values;

    fn check_grade(text: &str, expected: &str) {
        check_values(FactName::Grade, text, expected);
    }

    #[test]
    fn grade() {
        check_grade(
            "Modified Bloom-Richardson / Nottingham Grade: II (score 6/9)",
            "2",
        );
        check_grade("Histologic grade: 3", "3");
        check_grade("Grade: G2", "2");
        check_grade("GRA DE III", "3");
        check_grade("Poorly differentiated carcinoma", "3");
        check_grade("Moderately to poorly differentiated; Grade 2", "2");
        check_grade("Gleason score 3+4=7, Grade Group 2", "");
        check_grade("ISUP Grade 2", "");
        check_grade("Nuclear grade 3", "");
        check_grade("Nottingham score: 7/9", "2");
        check_grade("high grade dysplasia", "");
    }

    fn check_tnm(text: &str, expected: &str) {
        check_values(FactName::Tnm, text, expected);
    }

    #[test]
    fn tnm() {
        check_tnm("pT2 N1a M0", "pT2N1aM0");
        check_tnm("Pathological stage: p T2 N1a M0", "pT2N1aM0");
        check_tnm("ypT1c pN0", "ypT1cN0");
        check_tnm("Clinical: cT3N0M0", "cT3N0M0");
        check_tnm("TNM: T2 N0 M0", "T2N0M0");
        check_tnm("pT1b(m) pN0(sn)", "pT1bN0");
        check_tnm("pTNM staging (AJCC 8th)", "");
    }

    fn check_stage(text: &str, expected: &str) {
        check_values(FactName::Stage, text, expected);
    }

    #[test]
    fn stage() {
        check_stage("AJCC 8th edition Stage IIA", "IIA");
        check_stage("Prognostic Stage Group IB", "IB");
        check_stage("STA GE IIA", "IIA");
        check_stage("Stage: IV", "IV");
        check_stage("stage IIIC disease", "IIIC");
        check_stage("Stage Information follows; early stage disease", "");
        check_stage("Staging CT", "");
    }

    fn check_size(text: &str, expected: &str) {
        check_values(FactName::TumourSize, text, expected);
    }

    #[test]
    fn tumour_size() {
        check_size("Tumour size: 2.3 x 1.8 x 1.5 cm", "23 mm");
        check_size("Tumor size: 18 mm", "18 mm");
        check_size("Greatest dimension: 2.35 cm", "23.5 mm");
        check_size("a mass measuring 3.1 cm x 2 cm", "31 mm");
        check_size("Lymph node size 2 cm", "");
    }

    fn check_nodes(text: &str, expected: &str) {
        check_values(FactName::Nodes, text, expected);
    }

    #[test]
    fn nodes() {
        check_nodes("Lymph nodes: 2/15 positive", "2/15");
        check_nodes("metastatic carcinoma in 2 of 15 lymph nodes (2/15)", "2/15");
        check_nodes("Two of fifteen lymph nodes show metastasis", "2/15");
        check_nodes("pN0 (0/12)", "0/12");
        check_nodes("Axillary lymph nodes: 0 / 14", "0/14");
        check_nodes("Lymph node biopsy on 12/09/2025", "");
        check_nodes("Lymph nodes 16/12", "");
    }

    fn check_margins(text: &str, expected: &str) {
        check_values(FactName::Margins, text, expected);
    }

    #[test]
    fn margins() {
        check_margins("Margins: Free", "negative");
        check_margins("Resection margins are uninvolved by carcinoma", "negative");
        check_margins("Margins: negative for tumour", "negative");
        check_margins("Margin status: close (1 mm)", "close");
        check_margins("Deep margin: involved", "positive");
        check_margins("Margins: not involved", "negative");
        check_margins("Distance to closest margin 5 mm", "");
    }
}
