//! How far the tumour has gone: grade, TNM, stage group, size, lymph nodes and margins.

use std::sync::LazyLock;

use regex::Regex;

use crate::fact::{Fact, FactName};
use crate::facts::{first_match, found, matches, numeral};
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

/// `pT2N1aM0` in the compact view (spaces removed); `(m)` and `(sn)` are kept, and an `O`
/// that OCR read for a zero (`pT1c NO MO`) is read as `0`.
static TNM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(y?r?[pc]?)T([0-4]|is|x|X)([a-d]|mi)?(\((?:m|\d+)\))?[pcy]{0,2}N([0-3]|x|X|O)([a-c]|mi)?(\((?:sn|i[+-]|mol[+-])\))?(?:[pc]?M([01]|x|X|O)([a-c])?)?").unwrap()
});

/// `Stage IIA`, `Prognostic Stage Group: IB`, `STA GE IIA`, `Stage group (AJCC 8th) IIIB`.
static STAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{}(?:\s*{})?(?:\s*\([^)\n]{{0,20}}\))?\s*[:\-]?\s*(I\s?V|I\s?I\s?I|I\s?I|I)(?:\s?([A-C])(?:\s?[1-3])?)?\b",
        loose("stage"),
        loose("group")
    ))
    .unwrap()
});

/// Dimensions: `2.3 x 1.8 x 1.5`, `3.6 × 2.9`, `3.1 cm x 2` (read with [`DIMENSION`]).
const DIMENSIONS: &str =
    r"\d+(?:\.\d+)?(?:\s*(?:cm|mm))?(?:\s*[x×X*]\s*\d+(?:\.\d+)?(?:\s*(?:cm|mm))?){0,2}";

/// A size after a tumour word in the same clause: `Tumour size: 2.3 x 1.8 x 1.5 cm`,
/// `greatest dimension 25 mm`, `mass measuring 3 cm`, `Size   1.9 cm`,
/// `invasive ductal carcinoma, 14 mm`, `Tumour   Adenocarcinoma, moderately differentiated, 4.5 cm`.
static SIZE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:tumou?r|carcinoma|mass|lesion|nodule|size|dimension|diameter)\b[^\d\n.;]{{0,60}}?(?P<dims>{DIMENSIONS})\s*(?P<unit>cm|mm)\b")).unwrap()
});

/// A size before a tumour word: `a 5.2 cm left upper lobe mass`, `3.6 × 2.9 cm spiculated mass`.
static SIZE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?P<dims>{DIMENSIONS})\s*(?P<unit>cm|mm) +(?:[\p{{L}}-]+[ \n]+){{0,3}}?(?:mass|tumou?r|lesion|nodule|growth|carcinoma)\b")).unwrap()
});

/// Words before a size's tumour word that make it something else's (`lymph node size`).
static OTHER_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:nodes?|nodal|cores?|core\s+length|margin)\s*$").unwrap()
});

/// A tumour word that is no tumour: `mass effect`.
static NOT_A_TUMOUR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^mass\s+effect\b").unwrap());

/// Words after a size that make it a distance, not a size (`5 mm from the margin`).
static DISTANCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:from|away|to\s+the|clear\s+of)\b").unwrap());

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

/// `Margins: free`, `Resection margins are uninvolved`, `Margin status: close (1 mm)`,
/// `with clear margins`.
static MARGINS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmargins?\b(?:\s+status)?[^\n;]{0,40}?\b(uninvolved|not\s+involved|free|clear|negative|close|involved|positive)\b|\b(uninvolved|free|clear|negative|close|involved|positive)\s+(?:(?:resection|surgical|radial|excision)\s+)?margins?\b").unwrap()
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
            matches(page, &GRADE, FactName::Grade, move |caps| {
                let at = caps.get(0)?;
                let other = OTHER_GRADE.is_match(before(text, at.start(), 40));
                (!other).then(|| numeral(&caps[1]).map(|grade| grade.to_string()))?
            })
        })
        .collect();
    if !explicit.is_empty() {
        return explicit;
    }
    let scored = first_match(document, &NOTTINGHAM_SCORE, FactName::Grade, |caps| {
        let grade = match caps[1].parse::<u8>().ok()? {
            3..=5 => "1",
            6 | 7 => "2",
            _ => "3",
        };
        Some(grade.into())
    });
    let described = || {
        first_match(document, &DIFFERENTIATION, FactName::Grade, |caps| {
            let grade = match caps[1].to_lowercase().as_str() {
                "well" => "1",
                "moderately" => "2",
                _ => "3",
            };
            Some(grade.into())
        })
    };
    scored.or_else(described).into_iter().collect()
}

fn tnm(page: &Page) -> Vec<Fact> {
    let view = &page.compact;
    TNM.captures_iter(&view.text)
        .map(|caps| {
            let part = |i: usize| caps.get(i).map_or("", |m| m.as_str()).replace('O', "0");
            let mut value = format!(
                "{}T{}{}{}N{}{}{}",
                part(1),
                part(2),
                part(3),
                part(4),
                part(5),
                part(6),
                part(7)
            );
            if caps.get(8).is_some() {
                value += &format!("M{}{}", part(8), part(9));
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

fn stages<'p>(page: &'p Page) -> impl Iterator<Item = Fact> + 'p {
    matches(page, &STAGE, FactName::Stage, |caps| {
        let letter = caps.get(2).map_or("", |m| m.as_str());
        Some(format!("{}{letter}", squeeze(&caps[1])))
    })
}

/// Tumour sizes in the order the page gives them, each as its largest dimension.
fn sizes(page: &Page) -> Vec<Fact> {
    let view = &page.spaced;
    let text = view.text.as_str();
    let mut sizes: Vec<(usize, Fact)> = [&*SIZE_AFTER, &*SIZE_BEFORE]
        .into_iter()
        .flat_map(|pattern| pattern.captures_iter(text))
        .filter_map(|caps| {
            let at = caps.get(0)?;
            let unit = caps.name("unit")?;
            if OTHER_SIZE.is_match(before(text, at.start(), 30))
                || DISTANCE.is_match(&text[unit.end()..])
                || NOT_A_TUMOUR.is_match(at.as_str())
            {
                return None;
            }
            let largest = DIMENSION
                .find_iter(&caps["dims"])
                .filter_map(|n| n.as_str().parse::<f64>().ok())
                .fold(0.0, f64::max);
            let millimetres = if unit.as_str().eq_ignore_ascii_case("cm") {
                largest * 10.0
            } else {
                largest
            };
            let start = caps.name("dims")?.start();
            (millimetres > 0.0).then(|| {
                let value = format!("{} mm", millimetres_text(millimetres));
                (
                    start,
                    found(FactName::TumourSize, value, page, view, at.range()),
                )
            })
        })
        .collect();
    sizes.sort_by_key(|(start, _)| *start);
    sizes.into_iter().map(|(_, fact)| fact).collect()
}

/// `23`, `23.5`: one decimal at most, none when whole.
fn millimetres_text(millimetres: f64) -> String {
    let text = format!("{millimetres:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

fn nodes<'p>(page: &'p Page) -> impl Iterator<Item = Fact> + 'p {
    NODES.iter().flat_map(move |pattern| {
        matches(page, pattern, FactName::Nodes, |caps| {
            let positive = count(&caps[1])?;
            let examined = count(&caps[2])?;
            let is_date = caps.get(3).is_some_and(|m| !m.is_empty());
            (!is_date && examined > 0 && positive <= examined)
                .then(|| format!("{positive}/{examined}"))
        })
    })
}

/// A count written as digits or as a word.
fn count(text: &str) -> Option<usize> {
    text.parse().ok().or_else(|| {
        let word = text.to_lowercase();
        COUNT_WORDS.iter().position(|w| *w == word)
    })
}

fn margins<'p>(page: &'p Page) -> impl Iterator<Item = Fact> + 'p {
    matches(page, &MARGINS, FactName::Margins, |caps| {
        let word = caps.get(1).or(caps.get(2))?.as_str();
        let status = match word.to_lowercase().as_str() {
            "close" => "close",
            "involved" | "positive" => "positive",
            _ => "negative",
        };
        Some(status.into())
    })
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
        check_tnm("pT1b(m) pN0(sn)", "pT1b(m)N0(sn)");
        check_tnm("pT1c N0(sn) M0, stage IA", "pT1cN0(sn)M0");
        check_tnm("pTNM pT1c NO MO", "pT1cN0M0");
        check_tnm("NOTE: T0 was", "");
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
        check_stage("Stage group (AJCC 8th)   IIIB", "IIIB");
        check_stage("Stage (see note) pending", "");
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
        check_size("Size   1.9 cm", "19 mm");
        check_size(
            "Right breast invasive ductal carcinoma, 14 mm, grade 2",
            "14 mm",
        );
        check_size(
            "Tumour   Adenocarcinoma, moderately differentiated, 4.5 cm",
            "45 mm",
        );
        check_size("CT thorax showed a 5.2 cm left\nupper lobe mass", "52 mm");
        check_size("Right lower lobe   3.6 × 2.9 cm spiculated mass", "36 mm");
        check_size(
            "an irregular 1.3 cm mass; mass measuring 1.2 × 0.9 cm",
            "13 mm|12 mm",
        );
        check_size("growth at 28 cm from the anal verge", "");
        check_size("carcinoma, 5 mm from the deep margin", "");
        check_size("Mass effect with 4 mm midline shift", "");
        check_size("node   0.8 cm\nLeft adrenal", "");
        check_size("maximum core length 7 mm of carcinoma", "");
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
        check_margins("excision on 04/07/2025 with clear margins.", "negative");
        check_margins("mass with spiculated margins", "");
    }
}
