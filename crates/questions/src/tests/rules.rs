//! Every rule of the bank, with one case that triggers it and one near miss that does not.

use std::collections::BTreeSet;

use super::support::{Spec, ids};
use crate::bank;
use crate::condition::Condition;
use crate::reason::{EVERYONE, FALLBACK};

/// (question id, a case that triggers it, a near miss that does not; `None` for `always`).
pub(super) const TABLE: &[(&str, &str, Option<&str>)] = &[
    ("diagnosis.agree", "", None),
    (
        "diagnosis.slides",
        "missing:slides",
        Some("missing:slides; missing:pathology"),
    ),
    (
        "diagnosis.no_pathology",
        "missing:pathology",
        Some("missing:slides"),
    ),
    (
        "diagnosis.conflict",
        "histology@a.pdf=invasive ductal carcinoma; histology@b.pdf=invasive lobular carcinoma",
        Some(
            "histology@a.pdf=invasive ductal carcinoma; histology@b.pdf=Invasive Ductal Carcinoma",
        ),
    ),
    (
        "diagnosis.receptor_conflict",
        "her2@a.pdf=negative; her2@b.pdf=positive",
        // One document may give a fact twice (left and right breast): not a conflict.
        Some("her2@a.pdf=negative; her2@a.pdf=positive"),
    ),
    (
        "diagnosis.date_unclear",
        "document_date@a.pdf=2025-05-04; document_date_ambiguous@a.pdf=2025-04-05",
        // Documents of different dates are normal.
        Some("document_date@a.pdf=2025-05-04; document_date@b.pdf=2025-04-05"),
    ),
    (
        "diagnosis.specialist_pathologist",
        "type:ocular melanoma",
        Some("type:breast"),
    ),
    (
        "diagnosis.her2_borderline",
        "her2_ihc=2+",
        Some("her2_ihc=2+; her2_fish=not amplified"),
    ),
    (
        "diagnosis.blood_subtype",
        "type:lymphoma",
        Some("type:breast"),
    ),
    ("stage.meaning", "", None),
    (
        "stage.unknown",
        "histology=adenocarcinoma",
        Some("histology=adenocarcinoma; stage=IIA"),
    ),
    (
        "stage.conflict",
        "stage@a.pdf=IIA; stage@b.pdf=IIB",
        Some("stage@a.pdf=IIA; stage@b.pdf=iia"),
    ),
    ("stage.nodes", "nodes=2/15", Some("nodes=0/24")),
    ("stage.spread", "stage=IVA", Some("stage=IIIB")),
    ("stage.grade", "grade=3", Some("grade=2; ki67=20%")),
    ("tests.more", "", None),
    (
        "tests.molecular",
        "type:lung; missing:genomic",
        Some("type:breast; missing:genomic"),
    ),
    (
        "tests.recurrence_score",
        "type:breast; er=positive; her2=negative",
        Some("type:breast; er=positive; her2=positive"),
    ),
    (
        "tests.germline",
        "er=negative; pr=negative; her2=negative",
        Some("er=negative; pr=negative; her2=positive"),
    ),
    (
        "tests.spread_scans",
        "stage=IIIA",
        Some("stage=IIA; nodes=0/3"),
    ),
    (
        "tests.no_imaging",
        "missing:imaging_reports",
        Some("missing:scan_images"),
    ),
    (
        "tests.flagged_lab",
        "lab_out_of_range=Haemoglobin 9.8 g/dL (L)",
        Some("psa=6.2 ng/mL"),
    ),
    ("tests.birads", "birads=3", Some("birads=4C")),
    (
        "tests.lobular",
        "histology=invasive lobular carcinoma",
        Some("histology=invasive ductal carcinoma"),
    ),
    ("options.all", "", None),
    (
        "options.breast_conserving",
        "proposed_treatment=Left modified radical mastectomy with sentinel node biopsy",
        Some("proposed_treatment=Wide local excision followed by whole-breast radiation"),
    ),
    (
        "options.reconstruction",
        "proposed_treatment=Bilateral mastectomies",
        Some("proposed_treatment=Lumpectomy"),
    ),
    (
        "options.before_surgery",
        "type:breast; her2=positive; proposed_treatment=Right mastectomy",
        Some("type:breast; her2=positive; proposed_treatment=Neoadjuvant THP followed by surgery"),
    ),
    (
        "options.her2_targeted",
        "her2_ihc=3+",
        Some("her2_ihc=1+; her2=negative"),
    ),
    (
        "options.hormone",
        "pr=positive",
        Some("er=negative; pr=negative"),
    ),
    (
        "options.active_surveillance",
        "type:prostate; gleason=3+4=7; psa=6.2 ng/mL",
        Some("type:prostate; grade_group=2; psa=11.2 ng/mL"),
    ),
    (
        "options.prostate_compare",
        "type:prostate",
        Some("type:breast"),
    ),
    (
        "options.prostate_hormone",
        "type:prostate; grade_group=4",
        Some("type:prostate; grade_group=2; psa=8.4 ng/mL"),
    ),
    (
        "options.lung_targeted",
        "type:lung",
        Some("type:lung; proposed_treatment=Osimertinib 80 mg daily"),
    ),
    (
        "options.targeted_plan",
        "proposed_treatment=Osimertinib 80 mg once daily",
        Some("proposed_treatment=Carboplatin and pemetrexed"),
    ),
    (
        "options.immunotherapy",
        "type:lung; stage=IV",
        Some("type:lung; stage=IB"),
    ),
    (
        "options.chemotherapy",
        "proposed_treatment=Adjuvant chemotherapy, 4 cycles AC followed by 12 weekly paclitaxel",
        Some("proposed_treatment=Adjuvant endocrine therapy according to protocol"),
    ),
    (
        "options.radiation",
        "proposed_treatment=Short-course radiotherapy 25 Gy in 5 fractions",
        Some("proposed_treatment=Anastrozole 1 mg daily"),
    ),
    (
        "options.less_invasive",
        "proposed_treatment=Robotic radical prostatectomy",
        Some("proposed_treatment=Left mastectomy"),
    ),
    ("options.margins", "margins=close", Some("margins=negative")),
    ("options.stoma", "type:bowel cancer", Some("type:prostate")),
    (
        "options.brain_surgery",
        "type:glioblastoma",
        Some("type:lung"),
    ),
    ("options.transplant", "type:myeloma", Some("type:brain")),
    (
        "options.no_treatment",
        "concern:What if I refuse surgery?",
        Some("concern:I want the best treatment"),
    ),
    ("recommendation.why", "", None),
    (
        "recommendation.tumour_board",
        "stage=IV",
        Some("stage=IV; document_type=Lung MDT Outcome"),
    ),
    (
        "recommendation.evidence",
        "concern:Is there research behind this?",
        Some("concern:hair"),
    ),
    (
        "recommendation.priorities",
        "concern:My quality of life matters most",
        Some("concern:the cost"),
    ),
    ("timing.how_soon", "", None),
    (
        "timing.already_started",
        "concern:I already started chemo",
        Some("concern:When should I start?"),
    ),
    (
        "timing.urgent_plan",
        "proposed_treatment=Urgent surgery advised",
        Some("proposed_treatment=Surgery advised"),
    ),
    ("goal.aim", "", None),
    ("goal.palliative_care", "stage=IVB", Some("stage=IIIC")),
    ("side_effects.likely", "", None),
    (
        "side_effects.report",
        "proposed_treatment=Pembrolizumab every 3 weeks",
        Some("proposed_treatment=Left mastectomy"),
    ),
    (
        "side_effects.hair",
        "concern:I don't want to lose my hair",
        Some("concern:my chair at work"),
    ),
    (
        "side_effects.nerves",
        "proposed_treatment=12 weekly paclitaxel",
        Some("proposed_treatment=Anastrozole"),
    ),
    (
        "side_effects.heart",
        "proposed_treatment=4 cycles AC",
        Some("proposed_treatment=Capecitabine according to protocol"),
    ),
    ("side_effects.prostate", "type:prostate", Some("type:lung")),
    (
        "side_effects.hormone_years",
        "proposed_treatment=Tamoxifen for 5 years",
        Some("proposed_treatment=Trastuzumab for 1 year"),
    ),
    (
        "side_effects.arm_swelling",
        "type:breast; nodes=2/15",
        Some("type:breast; nodes=0/2; proposed_treatment=Lumpectomy with sentinel node biopsy"),
    ),
    (
        "side_effects.radiation",
        "proposed_treatment=Whole-breast radiation",
        Some("proposed_treatment=Radical prostatectomy"),
    ),
    (
        "side_effects.pain",
        "concern:The pain in my back",
        Some("concern:I paint for a living"),
    ),
    (
        "side_effects.thinking",
        "concern:brain fog",
        Some("type:breast"),
    ),
    (
        "side_effects.eating",
        "concern:feeling sick",
        Some("concern:feeling tired"),
    ),
    (
        "side_effects.tiredness",
        "concern:feeling tired",
        Some("concern:feeling sick"),
    ),
    ("daily_life.life", "", None),
    (
        "daily_life.fertility",
        "concern:We want to have children one day",
        Some("concern:Who will look after my children?"),
    ),
    (
        "daily_life.work",
        "concern:Can I keep working?",
        Some("concern:I worry a lot"),
    ),
    (
        "daily_life.intimacy",
        "concern:sexual side effects",
        Some("concern:side effects"),
    ),
    (
        "daily_life.self_help",
        "concern:What should I eat?",
        Some("concern:What should I ask?"),
    ),
    (
        "daily_life.family_support",
        "concern:Who will look after my kids?",
        Some("concern:kidney function"),
    ),
    (
        "daily_life.feelings",
        "concern:I feel anxious all the time",
        Some("concern:I feel fine"),
    ),
    (
        "daily_life.travel",
        "concern:Can I travel to my daughter's wedding?",
        Some("concern:Can I cook?"),
    ),
    (
        "daily_life.smoking",
        "concern:I still smoke",
        Some("concern:I still work"),
    ),
    ("trials.any", "", None),
    (
        "trials.newer_treatments",
        "concern:I was told there are few options left",
        Some("concern:I have many options"),
    ),
    (
        "trials.what_involved",
        "concern:Should I join a trial?",
        Some("concern:Should I join a gym?"),
    ),
    (
        "trials.specialist_centre",
        "type:sarcoma",
        Some("type:colon cancer"),
    ),
    (
        "comparison.first_plan",
        "",
        Some("proposed_treatment=Left mastectomy"),
    ),
    (
        "comparison.named_plan",
        "proposed_treatment=Left mastectomy",
        Some(""),
    ),
    (
        "comparison.no_written_plan",
        "missing:treatment_plan",
        Some("missing:pathology"),
    ),
    (
        "comparison.doctors_differ",
        "concern:My two doctors disagree",
        Some("concern:My two doctors agree"),
    ),
    (
        "prognosis.outlook",
        "concern:What are my chances of survival?",
        Some("concern:What are my options?"),
    ),
    (
        "prognosis.come_back",
        "concern:Will it come back?",
        Some("concern:Will it hurt?"),
    ),
    (
        "prognosis.control",
        "stage=IV; concern:How long do I have?",
        Some("stage=IIB; concern:How long do I have?"),
    ),
    ("practical.where", "", None),
    (
        "practical.cost",
        "concern:Can we afford it?",
        Some("concern:Can we do it?"),
    ),
    (
        "practical.insurance",
        "concern:Will my insurance cover it?",
        Some("concern:Will my family help?"),
    ),
    (
        "practical.distance",
        "concern:The hospital is far from home",
        Some("concern:The farm needs me"),
    ),
    (
        "practical.language",
        "concern:My mother needs a translator",
        Some("concern:My mother reads the report"),
    ),
    ("follow_up.coordinate", "", None),
    (
        "follow_up.questions",
        "concern:I don't understand my report",
        Some("concern:I read my report"),
    ),
    ("follow_up.checkups", "stage=IIA", Some("stage=IV")),
    (
        "follow_up.surveillance_schedule",
        "type:prostate; grade_group=1; psa=4.1 ng/mL",
        Some("type:prostate; grade_group=1; psa=10 ng/mL"),
    ),
];

#[test]
fn the_table_covers_every_rule_once() {
    let mut seen = BTreeSet::new();
    for (id, _, _) in TABLE {
        assert!(seen.insert(*id), "{id} is in the table twice");
        assert!(
            bank().iter().any(|q| q.id == *id),
            "{id} is not in the bank"
        );
    }
    let untested: Vec<&str> = bank()
        .iter()
        .map(|q| q.id.as_str())
        .filter(|id| !seen.contains(id))
        .collect();
    assert!(
        untested.is_empty(),
        "rules without a table row: {untested:?}"
    );
}

#[test]
fn every_rule_fires_on_its_case_and_not_on_its_near_miss() {
    for (id, positive, negative) in TABLE {
        let question = bank().iter().find(|q| q.id == *id).unwrap();
        let suggestions = Spec::parse(positive).suggest();
        let hit = suggestions
            .iter()
            .find(|s| s.rule_id == *id)
            .unwrap_or_else(|| {
                panic!("{id} did not fire on {positive:?}: {:?}", ids(&suggestions))
            });
        assert!(
            !hit.text.contains('{') && !hit.text.contains('}'),
            "{id}: unfilled placeholder in {:?}",
            hit.text
        );
        assert_ne!(hit.reason, FALLBACK, "{id}: its reason names nothing");
        let always = question.when == Condition::Always;
        assert_eq!(
            hit.reason == EVERYONE,
            always,
            "{id}: reason {:?}",
            hit.reason
        );
        match negative {
            Some(negative) => {
                let missed = Spec::parse(negative).suggest();
                assert!(
                    !missed.iter().any(|s| s.rule_id == *id),
                    "{id} fired on its near miss {negative:?}"
                );
            }
            None => assert!(always, "{id} needs a near miss"),
        }
    }
}

#[test]
fn rules_that_read_a_fact_name_the_fact_and_its_document() {
    let suggestions = Spec::parse(
        "document_type@consult.pdf=Medical Oncology Consultation; \
         proposed_treatment@consult.pdf=Left mastectomy with sentinel node biopsy",
    )
    .suggest();
    let hit = suggestions
        .iter()
        .find(|s| s.rule_id == "options.breast_conserving")
        .unwrap();
    assert_eq!(
        hit.reason,
        "Your Medical Oncology Consultation (consult.pdf) mentions \u{201c}mastectomy\u{201d} in the treatment advised."
    );
    assert_eq!(hit.source_document.as_deref(), Some("consult.pdf"));
    let missing = Spec::parse("type:lung; missing:genomic").suggest();
    let molecular = missing
        .iter()
        .find(|s| s.rule_id == "tests.molecular")
        .unwrap();
    assert!(
        molecular.text.contains("EGFR"),
        "the lung variant: {}",
        molecular.text
    );
    assert!(
        molecular.reason.starts_with("Your checklist still shows"),
        "{}",
        molecular.reason
    );
    assert_eq!(molecular.source_document, None);
}

/// Concerns as people list them, a few words each: the rules they pick, including the concern
/// branch of rules that also fire on a fact (`tests.germline`, `goal.palliative_care`).
#[test]
fn short_concerns_in_a_persons_words_pick_their_questions() {
    let table: &[(&str, &[&str])] = &[
        ("keeping my hair", &["side_effects.hair"]),
        ("my work", &["daily_life.work"]),
        ("fertility", &["daily_life.fertility"]),
        ("already started chemo", &["timing.already_started"]),
        ("breast cancer runs in my family", &["tests.germline"]),
        (
            "few options left",
            &["goal.palliative_care", "trials.newer_treatments"],
        ),
        ("the cost", &["practical.cost"]),
        ("looking after my kids", &["daily_life.family_support"]),
        ("will it come back", &["prognosis.come_back"]),
    ];
    for (concern, rules) in table {
        let concerns = [*concern];
        let input = crate::CaseInput {
            cancer_type: Some(carryall_domain::CancerType::Breast),
            facts: &[],
            missing_items: &[],
            concerns: &concerns,
        };
        let suggestions = crate::suggest(&input);
        for rule in *rules {
            let hit = suggestions
                .iter()
                .find(|s| s.rule_id == *rule)
                .unwrap_or_else(|| {
                    panic!("{concern:?} did not pick {rule}: {:?}", ids(&suggestions))
                });
            assert_eq!(
                hit.reason,
                format!("You said: \u{201c}{concern}\u{201d}."),
                "{rule}"
            );
        }
    }
}
