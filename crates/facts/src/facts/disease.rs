//! What the disease is: cancer type, site, laterality and histology.

use std::sync::LazyLock;

use regex::Regex;

use crate::fact::{Fact, FactName};
use crate::facts::{first_match, found};
use crate::normalise::{Document, after, before, collapse};

/// Words for each cancer type, as (type, pattern).
static TYPE_WORDS: LazyLock<Vec<(&str, Regex)>> = LazyLock::new(|| {
    [
        ("breast", r"\bbreasts?\b|\bmammary\b|\bductal\s+carcinoma|\blobular\s+carcinoma|\bmastectomy\b|\blumpectomy\b"),
        ("prostate", r"\bprostat(?:e|ic)\b|\bgleason\b|\bprostatectomy\b"),
        ("lung", r"\blungs?\b|\bnsclc\b|\bsclc\b|\bbronchogenic\b"),
        ("colorectal", r"\bcolon\b|\bcolonic\b|\brectum\b|\brectal\s+(?:cancer|carcinoma|adenocarcinoma|tumou?r|mass)|\bcolorectal\b|\bsigmoid\b|\bca?ecum\b|\bcaecal\b|\bhemicolectomy\b"),
        ("blood", r"\bleuka?emia\b|\blymphoma\b|\bmyeloma\b|\b(?:aml|cml|cll)\b|\bmyelodysplastic\b"),
        ("brain", r"\bglioma\b|\bglioblastoma\b|\bastrocytoma\b|\boligodendroglioma\b|\bmedulloblastoma\b|\bbrain\s+tumou?r\b"),
    ]
    .into_iter()
    .map(|(kind, words)| (kind, Regex::new(&format!("(?i){words}")).unwrap()))
    .collect()
});

/// Words that say the text is about a cancer.
static MALIGNANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)carcinoma|cancer|malignan|neoplas|tumou?r|sarcoma|metasta|lymphoma|leuka?emia|myeloma|glioma|blastoma|\bca\b").unwrap()
});

/// How close (in bytes) a cancer word must be for a site word to count triple.
const NEARBY: usize = 80;

/// Tumour types, most specific first.
static HISTOLOGY: LazyLock<Regex> = LazyLock::new(|| {
    let types = [
        r"invasive\s+(?:ductal|lobular|mammary)\s+carcinoma(?:\s*,?\s*(?:of\s+)?no\s+special\s+type)?",
        r"infiltrating\s+(?:ductal|lobular)\s+carcinoma",
        r"invasive\s+(?:breast\s+)?carcinoma(?:\s*,?\s*(?:of\s+)?no\s+special\s+type|\s*\(?nst\)?)",
        r"(?:ductal|lobular)\s+carcinoma\s+in\s+situ",
        r"(?:acinar|mucinous|invasive|signet\s+ring\s+cell)\s+adenocarcinoma",
        r"mucinous\s+carcinoma",
        r"adenocarcinoma",
        r"squamous\s+cell\s+carcinoma",
        r"non-?\s?small\s+cell\s+(?:lung\s+)?carcinoma",
        r"small\s+cell\s+(?:lung\s+)?carcinoma",
        r"(?:urothelial|renal\s+cell|hepatocellular|papillary\s+thyroid|neuroendocrine)\s+carcinoma",
        r"diffuse\s+large\s+b-?\s?cell\s+lymphoma",
        r"(?:non-?\s?)?hodgkin'?s?\s+lymphoma",
        r"follicular\s+lymphoma",
        r"multiple\s+myeloma",
        r"(?:acute|chronic)\s+(?:myeloid|lymphoblastic|lymphocytic)\s+leuka?emia",
        r"glioblastoma(?:\s+multiforme)?",
        r"(?:diffuse\s+|anaplastic\s+|pilocytic\s+)?astrocytoma",
        r"oligodendroglioma",
    ];
    Regex::new(&format!(r"(?i)\b(?:{})\b", types.join("|"))).unwrap()
});

/// Words just before a finding that deny it.
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bno\b|\bnot\b|negative\s+for|\bwithout\b|free\s+of|absence\s+of|absent)[^.;\n]{0,30}$").unwrap()
});

/// `Site: ...`, `Primary site: ...`.
static SITE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)\b(?:primary\s+)?site(?:\s+of\s+(?:primary|tumou?r|biopsy|lesion))?\s*:\s*([^\n,;(.]+)").unwrap()
});

/// Named sites, most specific first.
static SITES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let sites = [
        r"(?:upper|lower)\s+(?:outer|inner)\s+quadrant\s+of\s+(?:the\s+)?(?:(?:left|right)\s+)?breast",
        r"(?:left|right)\s+breast,?\s+(?:at\s+)?(?:1[0-2]|[1-9])(?::[03]0)?\s*o'?\s?clock",
        r"(?:(?:left|right)\s+)?(?:frontal|parietal|temporal|occipital)\s+lobe|(?:(?:left|right)\s+)?cerebell(?:um|ar\s+hemisphere)|brain\s?stem",
        r"(?:left|right)\s+breast",
        r"(?:sigmoid|ascending|descending|transverse)\s+colon|recto-?sigmoid(?:\s+junction)?|ca?ecum|(?:hepatic|splenic)\s+flexure",
        r"(?:(?:left|right)\s+)?(?:upper|middle|lower)\s+lobe(?:\s+of\s+(?:the\s+)?(?:(?:left|right)\s+)?lung)?",
        r"(?:left|right)\s+lung",
    ];
    sites
        .iter()
        .map(|site| Regex::new(&format!(r"(?i)\b(?:{site})\b")).unwrap())
        .collect()
});

/// An organ word, for a site when nothing more specific is named (not organs that are
/// mostly named as a spread or a test: liver, bone, skin).
static ORGAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:breast|prostate|lung|colon|rectum|brain|cervix|ovary|uterus|endometrium|stomach|o?esophagus|pancreas|bladder|kidney|thyroid)\b").unwrap()
});

/// A breast quadrant named without its breast (`Right breast ... mass in the upper inner
/// quadrant`): the side comes from the breast named before it in the same sentence.
static QUADRANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<side>left|right)\s+breast\b(?:[^.\n]|\.\d){0,80}?\b(?P<quadrant>(?:upper|lower)\s+(?:outer|inner)\s+quadrant)\b").unwrap()
});

/// A clock position on a breast, written the one way: `left breast, 12 o'clock`.
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<side>left|right) breast,? (?:at )?(?P<hour>\d{1,2}(?::[03]0)?) ?o'? ?clock$")
        .unwrap()
});

/// A side stated on its own next to a cancer: `right side only`, `left-sided`.
static SIDE_ALONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(left|right)(?:\s+side\b|-sided\b)").unwrap());

/// `Laterality: Left`.
static LATERALITY_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\blaterality\s*[:\-]?\s*(left|right|bilateral)\b").unwrap());

/// `left breast`, `Rt. lung`, `bilateral breasts`, `breast, left`.
static SIDE: LazyLock<Regex> = LazyLock::new(|| {
    let organ = r"(?:breasts?|lungs?|kidneys?|ovar(?:y|ies)|axilla|mastectomy|nephrectomy|adrenal)";
    Regex::new(&format!(
        r"(?i)\b(?P<side>left|right|bilateral|lt|rt)\b\.?\s*(?:sided\s+)?(?:\p{{L}}+\s+){{0,2}}?{organ}\b|\b{organ}\s*[,:(\-]\s*(?P<after>left|right|bilateral)\b"
    ))
    .unwrap()
});

/// `cancer_type`, `site`, `laterality` and `histology`.
pub(crate) fn facts(document: &Document) -> Vec<Fact> {
    let histology = histology(document);
    let cancer_type = cancer_type(document, histology.as_ref());
    let site = site(document, cancer_type.is_some());
    let laterality = laterality(document, site.as_ref());
    [cancer_type, site, laterality, histology]
        .into_iter()
        .flatten()
        .collect()
}

/// The type whose words are most frequent (triple near a cancer word); `other` for a
/// histology with no type words.
fn cancer_type(document: &Document, histology: Option<&Fact>) -> Option<Fact> {
    let mut best: Option<(usize, Fact)> = None;
    for (kind, words) in TYPE_WORDS.iter() {
        let mut score = 0;
        let mut first: Option<(usize, Fact)> = None;
        for page in &document.pages {
            let text = &page.spaced.text;
            for word in words.find_iter(text) {
                let near = MALIGNANT.is_match(before(text, word.start(), NEARBY))
                    || MALIGNANT.is_match(after(text, word.end(), NEARBY));
                let weight = if near { 3 } else { 1 };
                score += weight;
                if first.as_ref().is_none_or(|(w, _)| weight > *w) {
                    let fact = found(
                        FactName::CancerType,
                        *kind,
                        page,
                        &page.spaced,
                        word.range(),
                    );
                    first = Some((weight, fact));
                }
            }
        }
        if let Some((_, fact)) = first
            && best
                .as_ref()
                .is_none_or(|(best_score, _)| score > *best_score)
        {
            best = Some((score, fact));
        }
    }
    let any_cancer = document
        .pages
        .iter()
        .any(|page| MALIGNANT.is_match(&page.spaced.text));
    match best {
        Some((score, fact)) if score >= 3 || any_cancer => Some(fact),
        _ => histology.map(|h| Fact {
            name: FactName::CancerType,
            value: "other".into(),
            ..h.clone()
        }),
    }
}

/// A labelled site, else the most specific site named, else the organ of the cancer type.
fn site(document: &Document, has_cancer: bool) -> Option<Fact> {
    let labelled = document.pages.iter().find_map(|page| {
        let caps = SITE_LABEL.captures(&page.spaced.text)?;
        let value = caps.get(1)?;
        let site = collapse(value.as_str()).to_lowercase();
        (!site.is_empty()).then(|| found(FactName::Site, site, page, &page.spaced, value.range()))
    });
    let quadrant = || {
        first_match(document, &QUADRANT, FactName::Site, |caps| {
            let quadrant = collapse(&caps["quadrant"]);
            Some(format!("{quadrant} of {} breast", &caps["side"]).to_lowercase())
        })
    };
    let named = || {
        SITES.iter().find_map(|pattern| {
            document.pages.iter().find_map(|page| {
                let at = pattern.find(&page.spaced.text)?;
                let site = collapse(at.as_str()).to_lowercase().replace(" the ", " ");
                let site = CLOCK
                    .replace(&site, "$side breast, $hour o'clock")
                    .into_owned();
                Some(found(FactName::Site, site, page, &page.spaced, at.range()))
            })
        })
    };
    let organ = || {
        document
            .pages
            .iter()
            .filter(|_| has_cancer)
            .find_map(|page| {
                let at = ORGAN.find(&page.spaced.text)?;
                let site = at.as_str().to_lowercase();
                Some(found(FactName::Site, site, page, &page.spaced, at.range()))
            })
    };
    labelled.or_else(quadrant).or_else(named).or_else(organ)
}

/// A labelled side, else the side in the site, else the first side named beside an organ.
fn laterality(document: &Document, site: Option<&Fact>) -> Option<Fact> {
    let labelled = first_match(document, &LATERALITY_LABEL, FactName::Laterality, |caps| {
        Some(caps[1].to_lowercase())
    });
    let from_site = || {
        let site = site?;
        ["left", "right", "bilateral"]
            .into_iter()
            .find(|side| site.value.split_whitespace().any(|word| word == *side))
            .map(|side| Fact {
                name: FactName::Laterality,
                value: side.into(),
                ..site.clone()
            })
    };
    let named = || {
        first_match(document, &SIDE, FactName::Laterality, |caps| {
            let side = caps.name("side").or(caps.name("after"))?;
            let side = match side.as_str().to_lowercase().as_str() {
                "lt" => "left".to_owned(),
                "rt" => "right".to_owned(),
                side => side.to_owned(),
            };
            Some(side)
        })
    };
    let alone = || {
        document.pages.iter().find_map(|page| {
            let text = &page.spaced.text;
            SIDE_ALONE
                .captures_iter(text)
                .find(|caps| {
                    let at = caps.get(0).unwrap();
                    MALIGNANT.is_match(before(text, at.start(), NEARBY))
                })
                .map(|caps| {
                    let side = caps[1].to_lowercase();
                    let span = caps.get(0).unwrap().range();
                    found(FactName::Laterality, side, page, &page.spaced, span)
                })
        })
    };
    labelled.or_else(from_site).or_else(named).or_else(alone)
}

/// The first tumour type named that is not denied.
fn histology(document: &Document) -> Option<Fact> {
    document.pages.iter().find_map(|page| {
        let text = &page.spaced.text;
        HISTOLOGY
            .find_iter(text)
            .find(|at| !NEGATED.is_match(before(text, at.start(), 60)))
            .map(|at| {
                let value = core_type(&collapse(at.as_str()).to_lowercase());
                found(FactName::Histology, value, page, &page.spaced, at.range())
            })
    })
}

/// The core tumour type: `of no special type` dropped where ductal or lobular already says
/// it, and `invasive` dropped before adenocarcinoma (which is invasive by definition).
fn core_type(histology: &str) -> String {
    let core = if histology.contains("ductal") || histology.contains("lobular") {
        NO_SPECIAL_TYPE.replace(histology, "")
    } else {
        histology.into()
    };
    core.strip_prefix("invasive adenocarcinoma")
        .map_or(core.to_string(), |rest| format!("adenocarcinoma{rest}"))
}

/// `, of no special type`, `(NST)` after a tumour type.
static NO_SPECIAL_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*,?\s*(?:of\s+)?no\s+special\s+type|\s*\(?\bnst\b\)?").unwrap()
});

#[cfg(test)]
mod tests {
    use crate::fact::FactName;
    use crate::facts::testing::check_values;

    fn check_type(text: &str, expected: &str) {
        check_values(FactName::CancerType, text, expected);
    }

    #[test]
    fn cancer_types() {
        check_type(
            "Left breast, core biopsy: invasive ductal carcinoma",
            "breast",
        );
        check_type(
            "Prostate needle biopsy: acinar adenocarcinoma, Gleason 3+4=7",
            "prostate",
        );
        check_type("Right upper lobe mass; NSCLC, adenocarcinoma", "lung");
        check_type(
            "Sigmoid colon: adenocarcinoma, moderately differentiated",
            "colorectal",
        );
        check_type(
            "Diffuse large B-cell lymphoma, bone marrow not involved",
            "blood",
        );
        check_type("MRI brain: features of glioblastoma", "brain");
        check_type(
            "Skin: malignant melanoma, Breslow 2 mm. Squamous cell carcinoma",
            "other",
        );
        check_type("Haemoglobin 13.5 g/dL; platelets normal", "");
    }

    fn check_site(text: &str, expected: &str) {
        check_values(FactName::Site, text, expected);
    }

    #[test]
    fn sites() {
        check_site(
            "Mass in the upper outer quadrant of the left breast, carcinoma",
            "upper outer quadrant of left breast",
        );
        check_site(
            "Left breast mastectomy: carcinoma in the lower inner quadrant of the left breast",
            "lower inner quadrant of left breast",
        );
        check_site("Site: Sigmoid Colon\nadenocarcinoma", "sigmoid colon");
        check_site("Prostate biopsy: adenocarcinoma", "prostate");
        check_site("Chest X-ray: lungs clear", "");
        check_site(
            "Right breast 3.5 × 3 cm firm mass in the upper inner quadrant, carcinoma",
            "upper inner quadrant of right breast",
        );
        check_site(
            "Invasive ductal carcinoma, left breast, 12 o'clock",
            "left breast, 12 o'clock",
        );
        check_site(
            "Targeted ultrasound, right breast 10 o'clock: mass, malignancy",
            "right breast, 10 o'clock",
        );
        check_site(
            "lesion in the left frontal lobe; glioma",
            "left frontal lobe",
        );
        check_site("Carcinoma cervix, squamous cell carcinoma", "cervix");
        check_site("Liver function tests for carcinoma follow-up", "");
    }

    fn check_side(text: &str, expected: &str) {
        check_values(FactName::Laterality, text, expected);
    }

    #[test]
    fn laterality() {
        check_side("Laterality: Left", "left");
        check_side("Specimen: Right breast lump, carcinoma", "right");
        check_side("Breast, left: invasive carcinoma", "left");
        check_side("Rt. lung lower lobe nodule", "right");
        check_side("Bilateral breasts dense", "bilateral");
        check_side("Left knee pain", "");
        check_side("Adenocarcinoma in 4 of 10 cores, right side only", "right");
        check_side("lesion in the left frontal lobe; glioma", "left");
        check_side("Left-sided chest pain, no lesion", "");
    }

    fn check_histology(text: &str, expected: &str) {
        check_values(FactName::Histology, text, expected);
    }

    #[test]
    fn histology() {
        check_histology(
            "Diagnosis: INVASIVE DUCTAL CARCINOMA, grade 2",
            "invasive ductal carcinoma",
        );
        check_histology(
            "Invasive carcinoma of no special type",
            "invasive carcinoma of no special type",
        );
        check_histology("Acinar adenocarcinoma of prostate", "acinar adenocarcinoma");
        check_histology("Negative for adenocarcinoma. Benign prostatic tissue", "");
        check_histology(
            "No evidence of carcinoma; ductal carcinoma in situ present",
            "ductal carcinoma in situ",
        );
        check_histology(
            "infiltrating duc-\ntal carcinoma",
            "infiltrating ductal carcinoma",
        );
        check_histology(
            "Invasive ductal carcinoma of no special type, grade 2",
            "invasive ductal carcinoma",
        );
        check_histology("Invasive adenocarcinoma of sigmoid colon", "adenocarcinoma");
        check_histology("Mucinous adenocarcinoma", "mucinous adenocarcinoma");
    }
}
