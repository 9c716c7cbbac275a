//! The data file is sound, variants apply, and states follow documents and hand-set states.

use carryall_domain::{CancerType, Category, CategorySource, Document, Id, MediaType, Sha256Hex};
use chrono::{NaiveDate, TimeZone, Utc};

use crate::*;

fn doc(seed: u8, category: Category) -> Document {
    Document {
        id: Id::from_random([seed; 8]),
        case_id: Id::from_random([1; 8]),
        sha256: Sha256Hex::from_digest(&[seed; 32]),
        original_name: format!("doc {seed}.pdf"),
        size: 1,
        modified_at: None,
        media_type: MediaType::Pdf,
        category,
        category_source: CategorySource::User,
        category_confidence: None,
        document_date: None,
        imported_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
    }
}

#[test]
fn the_data_file_is_sound() {
    let known_kinds = ["breast", "prostate", "lung", "colorectal", "blood", "brain"];
    let mut ids = std::collections::HashSet::new();
    for item in ITEMS.iter() {
        assert!(
            ids.insert(item.id.clone()),
            "item {} appears twice",
            item.id
        );
        assert!(
            item.unknown_categories().is_empty(),
            "item {}: {:?}",
            item.id,
            item.unknown_categories()
        );
        for name in item.variant_names() {
            assert!(
                known_kinds.contains(&name),
                "item {}: unknown variant {name}",
                item.id
            );
        }
    }
    for required in [
        "pathology",
        "imaging_reports",
        "treatment_plan",
        "slides",
        "scan_images",
        "blood_tests",
    ] {
        assert!(is_item(required), "the checklist lacks {required}");
    }
}

/// The UI's English message catalogue: every key handed to the fronts must be in it, with the
/// same English words (the catalogue check keeps Hindi's keys and placeholders the same).
fn english_catalogue() -> std::collections::BTreeMap<String, String> {
    serde_json::from_str(include_str!("../../../ui/src/locales/en.json"))
        .expect("the English catalogue is JSON")
}

#[test]
fn every_item_and_variant_has_its_words_in_the_catalogues() {
    let catalogue = english_catalogue();
    let kinds = [
        None,
        Some("breast"),
        Some("prostate"),
        Some("lung"),
        Some("colorectal"),
        Some("blood"),
        Some("brain"),
    ];
    let mut stems = std::collections::HashSet::new();
    for item in ITEMS.iter() {
        assert!(
            item.key.starts_with("checklist.item.") && stems.insert(item.key.clone()),
            "item {} needs a key of its own under checklist.item., not {:?}",
            item.id,
            item.key
        );
        for kind in kinds {
            let keys = item.text_keys(kind);
            let words = item.resolve(kind);
            for (key, english) in [
                (&keys.title, &words.title),
                (&keys.what, &words.what),
                (&keys.where_to_get, &words.where_to_get),
                (&keys.why, &words.why),
            ] {
                assert_eq!(
                    catalogue.get(key),
                    Some(english),
                    "item {} ({kind:?}): the catalogue's {key} must hold its English words",
                    item.id
                );
            }
        }
    }
    assert_eq!(
        text_keys("pathology", Some(&CancerType::Blood)).map(|k| k.title),
        Some("checklist.item.pathology.blood.title".to_owned())
    );
    assert_eq!(text_keys("no_such_item", None), None);
}

#[test]
fn every_warning_has_a_key_with_its_message_in_the_catalogues() {
    let catalogue = english_catalogue();
    let mut keys = std::collections::HashSet::new();
    for kind in WarningKind::ALL {
        assert!(keys.insert(kind.key()), "{} shares its key", kind.slug());
        assert_eq!(
            catalogue.get(kind.key()).map(String::as_str),
            CONSISTENCY.template(kind),
            "the catalogue's {} must be the data file's English message",
            kind.key()
        );
    }
}

#[test]
fn variants_change_wording_and_what_is_required() {
    let general = items_for(None);
    let lung = items_for(Some(&CancerType::Lung));
    let prostate = items_for(Some(&CancerType::Prostate));
    let find = |items: &[Item], id: &str| items.iter().find(|i| i.id == id).unwrap().clone();
    assert!(!find(&general, "genomic").required);
    assert!(
        find(&lung, "genomic").required,
        "molecular markers are required for lung cancer"
    );
    assert!(find(&lung, "genomic").title.contains("EGFR"));
    assert!(find(&prostate, "blood_tests").title.contains("PSA"));
    assert!(
        items_for(Some(&CancerType::Breast))
            .iter()
            .any(|i| i.why.contains("two years"))
    );
    let other = items_for(Some(&CancerType::Other("sarcoma".into())));
    assert_eq!(
        other, general,
        "an unknown cancer type gets the general checklist"
    );
}

#[test]
fn documents_satisfy_items_and_hand_set_states_fill_the_rest() {
    let items = items_for(Some(&CancerType::Breast));
    let documents = [
        doc(1, Category::Pathology),
        doc(2, Category::Pathology),
        doc(3, Category::Lab),
    ];
    let on = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let manual = vec![
        (
            "imaging_reports".to_owned(),
            Manual::Requested {
                from: "City Radiology".into(),
                on,
            },
        ),
        (
            "slides".to_owned(),
            Manual::NotApplicable {
                reason: "the provider reviews reports only".into(),
            },
        ),
        (
            "blood_tests".to_owned(),
            Manual::Requested {
                from: "lab".into(),
                on,
            },
        ),
    ];
    let (states, readiness) = evaluate(&items, &documents, &manual);
    let state = |id: &str| states.iter().find(|(i, _)| i.id == id).unwrap().1.clone();
    assert_eq!(
        state("pathology"),
        State::Have(vec![documents[0].id.clone(), documents[1].id.clone()])
    );
    assert_eq!(state("imaging_reports").slug(), "requested");
    assert_eq!(state("slides").slug(), "not_applicable");
    assert_eq!(
        state("blood_tests").slug(),
        "have",
        "a document beats a request"
    );
    assert_eq!(state("treatment_plan"), State::Missing);
    // Required for breast: pathology (have), imaging reports (requested), treatment plan (missing).
    assert_eq!(
        readiness,
        Readiness {
            done: 1,
            required: 3
        }
    );
}

#[test]
fn a_request_letter_names_the_patient_the_record_and_what_form_it_should_take() {
    let items = items_for(Some(&CancerType::Breast));
    let scans = items.iter().find(|i| i.id == "scan_images").unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let letter = request_letter(
        scans,
        "Maria Gonzalez",
        NaiveDate::from_ymd_opt(1961, 4, 30),
        today,
    );
    for expected in [
        "23 November 2026",
        "Patient: Maria Gonzalez",
        "Date of birth: 30 April 1961",
        "DICOM",
        "right to see",
    ] {
        assert!(
            letter.contains(expected),
            "the letter lacks {expected:?}:\n{letter}"
        );
    }
    assert!(!letter.contains('{'), "every field is filled in:\n{letter}");
    let unknown_birth = request_letter(scans, "A B", None, today);
    assert!(
        unknown_birth.contains("Date of birth: ____"),
        "{unknown_birth}"
    );
}
