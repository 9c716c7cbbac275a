//! Whole cases: realistic breast, prostate and lung cases get different, fitting lists, and
//! gaps, unclear or conflicting facts and the person's concerns change the list.

use carryall_domain::CancerType;

use super::support::{Spec, fact, find, ids};
use crate::reason::EVERYONE;
use crate::{CaseInput, FactInput, Suggestion, suggest, themes};

/// Items a typical case still lacks (the slides are sent by the laboratory, never uploaded).
const USUAL_GAPS: [&str; 4] = [
    "slides",
    "scan_images",
    "treatment_history",
    "referral_form",
];

fn breast_facts() -> Vec<FactInput<'static>> {
    let (b, bn) = ("doc-biopsy", "breast-core-biopsy.pdf");
    let (m, mn) = ("doc-mri", "breast-mri.pdf");
    let (l, ln) = ("doc-labs", "blood-count.pdf");
    let (c, cn) = ("doc-consult", "consult-2025-03.pdf");
    vec![
        fact(b, bn, "document_type", "Breast Core Biopsy Report"),
        fact(b, bn, "document_date", "2025-03-03"),
        fact(b, bn, "cancer_type", "breast"),
        fact(b, bn, "site", "upper outer quadrant of left breast"),
        fact(b, bn, "laterality", "left"),
        fact(b, bn, "histology", "invasive ductal carcinoma"),
        fact(b, bn, "grade", "2"),
        fact(b, bn, "er", "positive"),
        fact(b, bn, "pr", "positive"),
        fact(b, bn, "her2", "positive"),
        fact(b, bn, "her2_ihc", "3+"),
        fact(b, bn, "ki67", "25%"),
        fact(m, mn, "document_type", "MRI Breasts With Contrast"),
        fact(m, mn, "document_date", "2025-03-06"),
        fact(m, mn, "laterality", "left"),
        fact(m, mn, "tumour_size", "31 mm"),
        fact(m, mn, "birads", "6"),
        fact(l, ln, "document_type", "Complete Blood Count (CBC)"),
        fact(l, ln, "document_date", "2025-03-07"),
        fact(l, ln, "lab_out_of_range", "Haemoglobin 10.9 g/dL (L)"),
        fact(c, cn, "document_type", "Breast Surgery Consultation"),
        fact(c, cn, "document_date", "2025-03-14"),
        fact(c, cn, "tnm", "cT2N0M0"),
        fact(c, cn, "stage", "IIA"),
        fact(
            c,
            cn,
            "proposed_treatment",
            "Left mastectomy with sentinel lymph node biopsy, followed by systemic therapy as per final pathology",
        ),
    ]
}

fn prostate_facts() -> Vec<FactInput<'static>> {
    let (b, bn) = ("doc-biopsy", "prostate-biopsy.pdf");
    let (p, pn) = ("doc-psa", "psa-2025-05.pdf");
    let (c, cn) = ("doc-consult", "urology-letter.pdf");
    vec![
        fact(b, bn, "document_type", "Prostate Biopsy Report"),
        fact(b, bn, "document_date", "2025-05-16"),
        fact(b, bn, "cancer_type", "prostate"),
        fact(b, bn, "site", "prostate"),
        fact(b, bn, "histology", "acinar adenocarcinoma"),
        fact(b, bn, "gleason", "3+4=7"),
        fact(b, bn, "grade_group", "2"),
        fact(p, pn, "document_type", "Laboratory Report"),
        fact(p, pn, "document_date", "2025-05-04"),
        fact(p, pn, "psa", "6.2 ng/mL"),
        fact(c, cn, "document_type", "Urology Clinic Letter"),
        fact(c, cn, "document_date", "2025-05-28"),
        fact(c, cn, "tnm", "cT1cN0"),
        fact(c, cn, "stage", "IIB"),
        fact(c, cn, "proposed_treatment", "Robotic radical prostatectomy"),
    ]
}

fn lung_facts() -> Vec<FactInput<'static>> {
    let (b, bn) = ("doc-biopsy", "lung-biopsy.pdf");
    let (s, sn) = ("doc-pet", "pet-ct.pdf");
    let (c, cn) = ("doc-consult", "oncology-consult.pdf");
    vec![
        fact(
            b,
            bn,
            "document_type",
            "Histopathology & Molecular Report — Lung Biopsy",
        ),
        fact(b, bn, "document_date", "2025-07-14"),
        fact(b, bn, "cancer_type", "lung"),
        fact(b, bn, "site", "right upper lobe"),
        fact(b, bn, "histology", "adenocarcinoma"),
        fact(s, sn, "document_type", "PET/CT Skull Base to Mid-Thigh"),
        fact(s, sn, "document_date", "2025-07-21"),
        fact(s, sn, "tnm", "cT2aN2M1c"),
        fact(s, sn, "stage", "IVB"),
        fact(c, cn, "document_type", "Medical Oncology Consultation"),
        fact(c, cn, "document_date", "2025-07-28"),
        fact(c, cn, "stage", "IVB"),
        fact(
            c,
            cn,
            "proposed_treatment",
            "Osimertinib 80 mg once daily for EGFR exon 19 deletion",
        ),
    ]
}

fn run(
    cancer: CancerType,
    facts: &[FactInput<'_>],
    missing: &[&str],
    concerns: &[&str],
) -> Vec<Suggestion> {
    suggest(&CaseInput {
        cancer_type: Some(cancer),
        facts,
        missing_items: missing,
        concerns,
    })
}

/// Prints a list (shown with `--nocapture`) and checks what every list must be.
fn check_list(name: &str, list: &[Suggestion]) {
    println!("== {name}: {} questions", list.len());
    for s in list {
        println!("{} | {} | {}", s.rule_id, s.text, s.reason);
    }
    let order: Vec<usize> = list
        .iter()
        .map(|s| themes().iter().position(|t| t.id == s.theme).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "{name}: not in theme order"
    );
    let mut seen = std::collections::BTreeSet::new();
    assert!(
        list.iter().all(|s| seen.insert(&s.rule_id)),
        "{name}: a question twice"
    );
    assert!(
        (15..=22).contains(&list.len()),
        "{name}: {} questions; a list should fit on a page or two",
        list.len()
    );
    for s in list {
        assert!(
            !s.reason.is_empty() && !s.text.contains('{'),
            "{name}: {s:?}"
        );
    }
}

#[test]
fn a_breast_case_with_a_proposed_mastectomy_gets_tailored_questions() {
    let facts = breast_facts();
    let list = run(CancerType::Breast, &facts, &USUAL_GAPS, &[]);
    check_list("breast", &list);
    let conserving = find(&list, "options.breast_conserving");
    assert_eq!(
        conserving.text,
        "Is breast-conserving surgery with radiation an option for me? How would it compare with a mastectomy?"
    );
    assert_eq!(
        conserving.reason,
        "Your Breast Surgery Consultation (consult-2025-03.pdf) mentions \u{201c}mastectomy\u{201d} in the treatment advised."
    );
    assert_eq!(conserving.source_document.as_deref(), Some("doc-consult"));
    let her2 = find(&list, "options.her2_targeted");
    assert!(
        her2.text
            .starts_with("My report gives my HER2 result as positive."),
        "{}",
        her2.text
    );
    assert_eq!(
        her2.reason,
        "Your Breast Core Biopsy Report (breast-core-biopsy.pdf) gives the HER2 result: positive."
    );
    assert_eq!(her2.source_document.as_deref(), Some("doc-biopsy"));
    for id in [
        "options.reconstruction",
        "options.before_surgery",
        "options.hormone",
        "tests.flagged_lab",
        "diagnosis.slides",
        "comparison.named_plan",
        "follow_up.checkups",
    ] {
        find(&list, id);
    }
    assert!(
        find(&list, "diagnosis.agree").text.contains("HER2"),
        "the breast variant"
    );
    assert_eq!(find(&list, "goal.aim").reason, EVERYONE);
    for id in [
        "options.active_surveillance",
        "options.targeted_plan",
        "tests.recurrence_score",
    ] {
        assert!(!ids(&list).contains(&id), "{id} does not fit this case");
    }
}

#[test]
fn a_low_risk_prostate_case_asks_about_active_surveillance() {
    let facts = prostate_facts();
    let list = run(CancerType::Prostate, &facts, &USUAL_GAPS, &[]);
    check_list("prostate", &list);
    let watching = find(&list, "options.active_surveillance");
    assert_eq!(
        watching.reason,
        "Your Prostate Biopsy Report (prostate-biopsy.pdf) gives the Grade Group: 2. \
         Your Laboratory Report (psa-2025-05.pdf) gives the PSA: 6.2 ng/mL."
    );
    assert_eq!(watching.source_document.as_deref(), Some("doc-biopsy"));
    for id in [
        "options.prostate_compare",
        "options.less_invasive",
        "side_effects.prostate",
        "follow_up.surveillance_schedule",
    ] {
        find(&list, id);
    }
    assert!(find(&list, "stage.meaning").text.contains("risk group"));
    for id in [
        "options.breast_conserving",
        "options.her2_targeted",
        "options.prostate_hormone",
    ] {
        assert!(!ids(&list).contains(&id), "{id} does not fit this case");
    }
}

#[test]
fn a_stage_four_lung_case_asks_about_targeted_treatment_trials_and_palliative_care() {
    let facts = lung_facts();
    let mut missing = USUAL_GAPS.to_vec();
    missing.push("genomic");
    let list = run(CancerType::Lung, &facts, &missing, &[]);
    check_list("lung", &list);
    let targeted = find(&list, "options.targeted_plan");
    assert!(
        targeted.text.starts_with("My plan mentions Osimertinib."),
        "{}",
        targeted.text
    );
    let palliative = find(&list, "goal.palliative_care");
    assert_eq!(
        palliative.reason,
        "Your PET/CT Skull Base to Mid-Thigh (pet-ct.pdf) gives the stage: IVB."
    );
    for id in [
        "stage.spread",
        "trials.newer_treatments",
        "options.immunotherapy",
        "tests.molecular",
        "recommendation.tumour_board",
        "side_effects.report",
    ] {
        find(&list, id);
    }
    assert!(
        find(&list, "tests.molecular").text.contains("EGFR"),
        "the lung variant"
    );
    for id in [
        "follow_up.checkups",
        "options.lung_targeted",
        "options.breast_conserving",
    ] {
        assert!(!ids(&list).contains(&id), "{id} does not fit this case");
    }
}

#[test]
fn the_three_cases_get_different_lists() {
    let breast = ids(&run(CancerType::Breast, &breast_facts(), &USUAL_GAPS, &[])).join(",");
    let prostate = ids(&run(
        CancerType::Prostate,
        &prostate_facts(),
        &USUAL_GAPS,
        &[],
    ))
    .join(",");
    let lung = ids(&run(CancerType::Lung, &lung_facts(), &USUAL_GAPS, &[])).join(",");
    assert_ne!(breast, prostate);
    assert_ne!(breast, lung);
    assert_ne!(prostate, lung);
}

#[test]
fn without_a_set_cancer_type_the_documents_type_is_used() {
    let facts = prostate_facts();
    let list = suggest(&CaseInput {
        cancer_type: None,
        facts: &facts,
        missing_items: &[],
        concerns: &[],
    });
    let compare = find(&list, "options.prostate_compare");
    assert_eq!(
        compare.reason,
        "Your Prostate Biopsy Report (prostate-biopsy.pdf) gives the cancer type: prostate."
    );
}

#[test]
fn a_missing_pathology_report_asks_whether_the_slides_should_be_re_read() {
    let facts = breast_facts();
    let missing = ["pathology", "slides"];
    let list = run(CancerType::Breast, &facts, &missing, &[]);
    let ask = find(&list, "diagnosis.no_pathology");
    assert!(ask.text.contains("re-read my slides"));
    assert_eq!(
        ask.reason,
        "Your checklist still shows \u{201c}Pathology or biopsy report\u{201d} as missing."
    );
    assert_eq!(ask.source_document, None);
    assert!(
        !ids(&list).contains(&"diagnosis.slides"),
        "one slides question, not two"
    );
}

#[test]
fn an_ambiguous_date_asks_the_reviewer_to_confirm_it() {
    let spec = Spec::parse(
        "document_type@labs.pdf=Laboratory Report; document_date@labs.pdf=2025-04-05; \
         document_date_ambiguous@labs.pdf=2025-05-04; document_date@biopsy.pdf=2025-03-22",
    );
    let list = spec.suggest();
    let ask = find(&list, "diagnosis.date_unclear");
    assert_eq!(
        ask.text,
        "The date on one of my reports (labs.pdf) could be read as 2025-04-05 or as 2025-05-04. Could you check which is right?"
    );
    assert_eq!(
        ask.reason,
        "Your Laboratory Report (labs.pdf) gives the date as 2025-04-05, which could also be read as 2025-05-04."
    );
    assert_eq!(ask.source_document.as_deref(), Some("labs.pdf"));
}

#[test]
fn one_fact_with_two_values_in_two_documents_asks_which_is_right() {
    let spec = Spec::parse(
        "type:breast; document_type@core.pdf=Breast Core Biopsy Report; her2@core.pdf=positive; \
         document_type@excision.pdf=Surgical Pathology Report; her2@excision.pdf=negative; \
         stage@core.pdf=IIA; stage@excision.pdf=IIA",
    );
    let list = spec.suggest();
    let ask = find(&list, "diagnosis.receptor_conflict");
    assert_eq!(
        ask.text,
        "My reports give different results for the HER2 result (positive and negative). \
         Could the test be checked or repeated, and would it change my treatment?"
    );
    assert_eq!(
        ask.reason,
        "Your Breast Core Biopsy Report (core.pdf) gives the HER2 result as positive, \
         but your Surgical Pathology Report (excision.pdf) gives negative."
    );
    let ids = ids(&list);
    assert!(
        !ids.contains(&"stage.conflict"),
        "the same stage twice is no conflict"
    );
    assert!(!ids.contains(&"diagnosis.conflict"));
}

#[test]
fn the_persons_own_concerns_add_their_questions() {
    let facts = breast_facts();
    let concerns = [
        "I want to have a baby in a few years",
        "How much will this cost?",
        "Can I keep working?",
        "I don't want to lose my hair",
    ];
    let with = run(CancerType::Breast, &facts, &USUAL_GAPS, &concerns);
    let without = run(CancerType::Breast, &facts, &USUAL_GAPS, &[]);
    let added: Vec<&str> = ids(&with)
        .into_iter()
        .filter(|id| !ids(&without).contains(id))
        .collect();
    assert_eq!(
        added,
        [
            "side_effects.hair",
            "daily_life.fertility",
            "daily_life.work",
            "practical.cost"
        ]
    );
    assert_eq!(
        find(&with, "daily_life.fertility").reason,
        "You said: \u{201c}I want to have a baby in a few years\u{201d}."
    );
    assert_eq!(find(&with, "practical.cost").source_document, None);
}

#[test]
fn an_empty_case_gets_the_core_list_and_the_same_input_the_same_list() {
    let empty = Spec::parse("");
    let list = empty.suggest();
    assert!(
        list.iter()
            .all(|s| s.reason == EVERYONE || s.rule_id == "comparison.first_plan")
    );
    assert_eq!(list.len(), 13);
    assert_eq!(list, empty.suggest());
    let facts = lung_facts();
    assert_eq!(
        run(CancerType::Lung, &facts, &USUAL_GAPS, &[]),
        run(CancerType::Lung, &facts, &USUAL_GAPS, &[])
    );
}
