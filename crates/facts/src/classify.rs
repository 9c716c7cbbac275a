//! The category of a document, by weighted key phrases.
//!
//! Each category has phrases with weights; a phrase counts once, and triple when it appears
//! in a title line at the top of page 1 (so a "Discharge Summary" that quotes a pathology
//! report stays a discharge summary). Weak or no evidence gives `Other` with low confidence.

use std::sync::LazyLock;

use carryall_domain::Category;
use regex::Regex;

use crate::Classification;
use crate::normalise::Document;

/// How many lines at the top of page 1 may hold the title.
const TITLE_LINES: usize = 6;

/// The longest line that may be a title, in characters.
const TITLE_CHARS: usize = 70;

/// How much a phrase in the title outweighs one in the body.
const TITLE_FACTOR: f32 = 4.0;

/// The least score that is evidence for a category.
const ENOUGH: f32 = 4.0;

/// Confidence given to `Other` when nothing points anywhere.
const NO_EVIDENCE: f32 = 0.1;

/// A phrase that points to a category.
struct Cue {
    category: Category,
    /// The phrase as reported in the evidence.
    phrase: &'static str,
    pattern: Regex,
    weight: f32,
}

static CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    use Category::*;
    let cues: [(Category, f32, &str, &str); 77] = [
        (
            Pathology,
            5.0,
            "surgical pathology",
            r"surgical\s+pathology",
        ),
        (Pathology, 5.0, "histopathology", r"histopatholog\w*"),
        (Pathology, 3.0, "biopsy", r"biops(?:y|ies)"),
        (
            Pathology,
            4.0,
            "cytology",
            r"cytology|fnac|fine\s+needle\s+aspiration",
        ),
        (
            Pathology,
            4.0,
            "immunohistochemistry",
            r"immunohistochemi\w*|\bihc\b",
        ),
        (Pathology, 2.0, "fish", r"\bfish\b"),
        (
            Pathology,
            3.0,
            "microscopic description",
            r"microscop(?:ic|y)",
        ),
        (
            Pathology,
            3.0,
            "gross description",
            r"gross\s+(?:description|examination)",
        ),
        (Pathology, 2.0, "specimen", r"specimen"),
        (Pathology, 2.0, "margins", r"margins?"),
        (Pathology, 1.0, "carcinoma", r"carcinoma"),
        (Pathology, 2.0, "block", r"paraffin|blocks?\b"),
        (Imaging, 5.0, "radiology", r"radiology|radiolog\w+"),
        (Imaging, 4.0, "ct", r"\bct\b|\bcect\b|computed\s+tomography"),
        (Imaging, 4.0, "mri", r"\bmri\b|magnetic\s+resonance"),
        (Imaging, 4.0, "pet", r"\bpet\b|\bpet-ct\b|\bfdg\b|\bsuv"),
        (Imaging, 5.0, "mammogram", r"mammogra\w+"),
        (
            Imaging,
            4.0,
            "ultrasound",
            r"ultrasound|\busg\b|sonograph\w*|ultrasonograph\w*",
        ),
        (Imaging, 4.0, "x-ray", r"x-?\s?ray|radiograph"),
        (Imaging, 4.0, "bone scan", r"bone\s+scan"),
        (Imaging, 3.0, "bi-rads", r"bi-?rads"),
        (Imaging, 2.0, "impression", r"impression"),
        (Imaging, 2.0, "findings", r"findings"),
        (Imaging, 2.0, "contrast", r"contrast"),
        (Imaging, 2.0, "technique", r"technique"),
        (
            Lab,
            4.0,
            "complete blood count",
            r"complete\s+blood\s+count|\bcbc\b|haemogram|hemogram",
        ),
        (Lab, 3.0, "haemoglobin", r"ha?emoglobin"),
        (Lab, 3.0, "platelets", r"platelets?"),
        (
            Lab,
            3.0,
            "reference range",
            r"reference\s+(?:range|interval)|biological\s+ref\w*|normal\s+range",
        ),
        (
            Lab,
            3.0,
            "liver function",
            r"liver\s+function|\blft\b|bilirubin|\bsgot\b|\bsgpt\b",
        ),
        (
            Lab,
            3.0,
            "kidney function",
            r"(?:kidney|renal)\s+function|\bkft\b|\brft\b|creatinine|\burea\b",
        ),
        (
            Lab,
            3.0,
            "tumour marker",
            r"tumou?r\s+markers?|\bcea\b|ca\s?15-?3|ca\s?-?125|ca\s?19-?9",
        ),
        (Lab, 2.0, "psa", r"\bpsa\b"),
        (Lab, 2.0, "serum", r"serum"),
        (
            Lab,
            2.0,
            "wbc",
            r"\bwbc\b|\btlc\b|neutrophils?|lymphocytes?",
        ),
        (
            Lab,
            2.0,
            "sample collected",
            r"sample\s+(?:type|collected)|collected\s+on",
        ),
        (
            Discharge,
            6.0,
            "discharge summary",
            r"discharge\s+summary|discharge\s+card",
        ),
        (
            Discharge,
            3.0,
            "date of admission",
            r"date\s+of\s+admission|admission\s+date|\bdoa\b",
        ),
        (
            Discharge,
            3.0,
            "date of discharge",
            r"date\s+of\s+discharge|discharge\s+date|\bdod\b",
        ),
        (
            Discharge,
            3.0,
            "hospital course",
            r"(?:hospital|clinical)\s+course|course\s+in\s+(?:the\s+)?hospital",
        ),
        (
            Discharge,
            3.0,
            "condition at discharge",
            r"condition\s+(?:at|on)\s+discharge|discharge\s+(?:medications|advice|instructions)",
        ),
        (
            Discharge,
            2.0,
            "inpatient",
            r"in-?patient|\bip\s+no\b|admitted",
        ),
        (
            TreatmentPlan,
            4.0,
            "consultation",
            r"consultation|consult\s+note|clinic\s+note|\bopd\b|out-?patient",
        ),
        (
            TreatmentPlan,
            5.0,
            "tumour board",
            r"tumou?r\s+board|\bmdt\b|multi-?disciplinary",
        ),
        (TreatmentPlan, 4.0, "opinion", r"second\s+opinion|opinion"),
        (
            TreatmentPlan,
            4.0,
            "treatment plan",
            r"treatment\s+plan|plan\s+of\s+(?:care|treatment|management)|\bplan\s*:",
        ),
        (
            TreatmentPlan,
            3.0,
            "recommendation",
            r"recommend\w*|advised",
        ),
        (
            TreatmentPlan,
            2.0,
            "history of present illness",
            r"history\s+of\s+present(?:ing)?\s+illness|\bhpi\b|presenting\s+complaint|chief\s+complaint",
        ),
        (
            TreatmentPlan,
            2.0,
            "follow-up",
            r"follow-?\s?up|review\s+after",
        ),
        (
            Genomic,
            5.0,
            "next generation sequencing",
            r"next[\s-]+generation\s+sequencing|\bngs\b",
        ),
        (
            Genomic,
            4.0,
            "molecular profiling",
            r"molecular|genomic|genetic\s+test\w*|gene\s+panel",
        ),
        (Genomic, 4.0, "germline", r"germline|somatic"),
        (Genomic, 3.0, "brca", r"\bbrca\s?[12]?\b"),
        (
            Genomic,
            3.0,
            "egfr",
            r"\begfr\b|\bkras\b|\balk\b|\bros1\b|\bbraf\b|\bpik3ca\b|\btp53\b",
        ),
        (
            Genomic,
            5.0,
            "oncotype dx",
            r"oncotype|mammaprint|recurrence\s+score|endopredict|prosigna",
        ),
        (
            Genomic,
            3.0,
            "variant",
            r"variants?|mutations?|pathogenic|\bvaf\b|tumou?r\s+mutational\s+burden|\btmb\b|microsatellite",
        ),
        (
            TreatmentHistory,
            6.0,
            "operative note",
            r"operative\s+(?:note|notes|findings|procedure)|operation\s+(?:note|notes|record)|op\s+note",
        ),
        (
            TreatmentHistory,
            3.0,
            "procedure performed",
            r"procedure\s+(?:performed|done)|surgeon|anaesthe\w*|anesthe\w*|incision",
        ),
        (
            TreatmentHistory,
            5.0,
            "chemotherapy record",
            r"chemotherapy\s+(?:summary|record|chart|administration)|cycle\s+\d|day\s+care\s+chemotherapy",
        ),
        (
            TreatmentHistory,
            5.0,
            "radiotherapy summary",
            r"radiotherapy\s+(?:summary|completion|record)|radiation\s+(?:therapy\s+)?(?:summary|record|treatment\s+summary)|\bgy\b|fractions",
        ),
        (
            TreatmentHistory,
            4.0,
            "treatment summary",
            r"treatment\s+summary|treatment\s+completed",
        ),
        (Medication, 6.0, "prescription", r"prescription|\brx\b"),
        (
            Medication,
            5.0,
            "medication list",
            r"medication\s+list|current\s+medications|list\s+of\s+medicines|drug\s+chart",
        ),
        (
            Medication,
            2.0,
            "tablet",
            r"\btab\.?\s|\btablets?\b|\bcap\.?\s|\bcapsules?\b|\binj\.?\s|\bsyrup\b",
        ),
        (
            Medication,
            2.0,
            "dosage",
            r"\b(?:od|bd|bid|tds|tid|qid|hs|sos|prn)\b|once\s+daily|twice\s+daily",
        ),
        (Medication, 2.0, "dispense", r"dispense|refills?|pharmacy"),
        (
            Other,
            5.0,
            "insurance",
            r"insurance|policy\s+(?:no|number)|\btpa\b|pre-?auth\w*|claim",
        ),
        (
            Other,
            5.0,
            "invoice",
            r"invoice|\bbill\b|receipt|amount\s+(?:paid|due)|\bgst\b|payment",
        ),
        (
            Other,
            5.0,
            "identity card",
            r"identity\s+card|\bid\s+card\b|aadhaa?r|passport|driving\s+licen[cs]e",
        ),
        (
            Other,
            3.0,
            "letter",
            r"to\s+whom\s+it\s+may\s+concern|dear\s+(?:sir|madam|colleague)|yours\s+(?:sincerely|faithfully)",
        ),
        (
            Other,
            5.0,
            "appointment",
            r"appointment\s+letter|your\s+appointment",
        ),
        (
            Other,
            5.0,
            "referral",
            r"referral\s+letter|suspected\s+cancer\s+referral|two[\s-]+week[\s-]+wait",
        ),
        (
            Pathology,
            5.0,
            "pathology report",
            r"(?:cellular\s+|surgical\s+)?\w*patholog\w*\s+report|neuropatholog\w*",
        ),
        (
            Pathology,
            2.0,
            "diagnosis",
            r"final\s+diagnosis|histolog\w*",
        ),
        (Imaging, 3.0, "scan", r"\bscan\b|\bhrct\b|\bsestamibi\b"),
        (
            Lab,
            3.0,
            "lab report",
            r"laboratory|\blab\b|pathology\s+lab",
        ),
        (Genomic, 3.0, "sequencing", r"sequencing|\bpcr\b"),
    ];
    cues.into_iter()
        .map(|(category, weight, phrase, pattern)| Cue {
            category,
            phrase,
            pattern: Regex::new(&format!(r"(?i)\b(?:{pattern})")).unwrap(),
            weight,
        })
        .collect()
});

/// Scores every category by the cues found and picks the strongest.
pub(crate) fn classify(document: &Document) -> Classification {
    let title = document
        .pages
        .first()
        .map_or(String::new(), |page| title_lines(&page.spaced.text));
    let mut found: Vec<(&Cue, f32)> = CUES
        .iter()
        .filter_map(|cue| {
            let in_title = cue.pattern.is_match(&title);
            let anywhere = in_title
                || document
                    .pages
                    .iter()
                    .any(|p| cue.pattern.is_match(&p.spaced.text));
            let factor = if in_title { TITLE_FACTOR } else { 1.0 };
            anywhere.then_some((cue, cue.weight * factor))
        })
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    let score = |category: Category| -> f32 {
        found
            .iter()
            .filter(|(cue, _)| cue.category == category)
            .map(|(_, s)| s)
            .sum()
    };
    let mut ranked: Vec<(Category, f32)> = Category::ALL
        .into_iter()
        .filter(|c| *c != Category::ScanDisc)
        .map(|c| (c, score(c)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, best_score) = ranked[0];
    let runner_up = ranked[1].1;
    if best_score < ENOUGH {
        return Classification {
            category: Category::Other,
            confidence: NO_EVIDENCE.max(best_score / ENOUGH * 0.3),
            evidence: Vec::new(),
        };
    }
    let strength = (best_score / (ENOUGH * 4.0)).min(1.0);
    let margin = best_score / (best_score + runner_up);
    Classification {
        category: best,
        confidence: (0.5 * strength + 0.5 * margin).clamp(0.0, 1.0),
        evidence: found
            .iter()
            .filter(|(cue, _)| cue.category == best)
            .map(|(cue, _)| cue.phrase.to_owned())
            .take(5)
            .collect(),
    }
}

/// The short, unlabelled lines at the top of a page: where its title is.
fn title_lines(text: &str) -> String {
    text.lines()
        .take(TITLE_LINES)
        .filter(|line| line.chars().count() <= TITLE_CHARS && !line.contains(':'))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use carryall_domain::Category;

    fn check(text: &str, expected: Category) {
        let found = crate::classify(&[text]);
        assert_eq!(found.category, expected, "category of {text:?}: {found:?}");
        assert!((0.0..=1.0).contains(&found.confidence));
    }

    #[test]
    fn categories() {
        check(
            "SURGICAL PATHOLOGY REPORT\nSpecimen: left breast core biopsy\nMicroscopic: invasive carcinoma. Immunohistochemistry: ER positive",
            Category::Pathology,
        );
        check(
            "CT SCAN CHEST WITH CONTRAST\nTechnique: axial sections\nFindings: 2 cm nodule\nImpression: suspicious",
            Category::Imaging,
        );
        check(
            "Bilateral Mammogram\nBI-RADS Category 4B",
            Category::Imaging,
        );
        check(
            "COMPLETE BLOOD COUNT\nHaemoglobin 9.8 g/dL 12.0 - 15.5 L\nPlatelets 250",
            Category::Lab,
        );
        check(
            "DISCHARGE SUMMARY\nDate of admission: 1/9/2025\nHistopathology: invasive ductal carcinoma, biopsy, IHC ER positive, margins free, specimen",
            Category::Discharge,
        );
        check(
            "Tumour Board Meeting\nRecommendation: neoadjuvant chemotherapy",
            Category::TreatmentPlan,
        );
        check(
            "Oncology Consultation\nHistory of present illness: lump\nPlan: biopsy",
            Category::TreatmentPlan,
        );
        check(
            "Next Generation Sequencing Report\nEGFR exon 19 deletion detected; KRAS wild type",
            Category::Genomic,
        );
        check("Oncotype DX Breast Recurrence Score: 18", Category::Genomic);
        check(
            "OPERATIVE NOTE\nProcedure performed: modified radical mastectomy\nSurgeon: Dr X",
            Category::TreatmentHistory,
        );
        check(
            "Chemotherapy Summary\nCycle 1 AC given on 1/2/2025",
            Category::TreatmentHistory,
        );
        check(
            "Prescription\nTab. Letrozole 2.5 mg OD\nTab. Calcium BD",
            Category::Medication,
        );
        check(
            "Health Insurance Claim Form\nPolicy number 1234",
            Category::Other,
        );
        check("Hello world", Category::Other);
        check(
            "Vindhya Neuropathology Laboratory\nNeuropathology Report\nTest   Result\nIDH1 (IHC) Positive",
            Category::Pathology,
        );
        check(
            "Aire Valley NHS Trust\nCellular Pathology Report\nClinical   PSA 8.4 ng/mL\nmedical laboratory",
            Category::Pathology,
        );
        check(
            "Avon Cancer Centre\nAppointment Letter\nPatient: Mr A\nLetter date: 2 Oct 2025\nDear Mr A,\nWe are writing to confirm your appointment.\nBlood test (FBC, U&E, LFT, CEA)",
            Category::Other,
        );
        check(
            "Heathfield Road Surgery\nUrgent Suspected Cancer Referral\nDear Colleague, raised PSA. MRI prostate",
            Category::Other,
        );
        check(
            "Riverside Laboratory\nLiver Function Test\nBilirubin 2.4 H mg/dL 0.3 - 1.2\nReferral: Dr X",
            Category::Lab,
        );
    }

    #[test]
    fn weak_evidence_is_other_with_low_confidence() {
        let found = crate::classify(&["see attached"]);
        assert_eq!(found.category, Category::Other);
        assert!(found.confidence < 0.3);
    }

    #[test]
    fn evidence_names_the_deciding_words() {
        let found = crate::classify(&["Surgical Pathology\nImmunohistochemistry done"]);
        assert_eq!(
            found.evidence[..2],
            ["surgical pathology", "immunohistochemistry"]
        );
    }
}
