//! `carryall checklist`: items follow the documents and what a person marks by hand, and the
//! consistency warnings follow what the documents say.

use std::fs;
use std::path::PathBuf;

use crate::harness::Cli;

fn item<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

#[test]
fn the_checklist_follows_documents_and_marks_and_differs_by_cancer_type() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Asha Verma", "--cancer-type", "lung"]);
    let empty = cli.run(&["checklist", &case, "--json"]).success().json();
    assert_eq!(empty["readiness"]["done"], 0);
    assert_eq!(
        empty["readiness"]["required"], 4,
        "lung adds molecular markers to the three core items"
    );
    assert_eq!(item(&empty, "genomic")["required"], true);
    assert!(
        item(&empty, "genomic")["title"]
            .as_str()
            .unwrap()
            .contains("EGFR")
    );

    let inbox = tempfile::tempdir().unwrap();
    fs::write(inbox.path().join("biopsy.pdf"), b"%PDF-1.4 biopsy").unwrap();
    let added = cli
        .run(&[
            "add",
            &case,
            inbox.path().to_str().unwrap(),
            "--category",
            "pathology",
            "--json",
        ])
        .success()
        .json();
    let doc = added["results"][0]["document_id"].clone();
    cli.run(&[
        "checklist",
        &case,
        "--requested",
        "imaging_reports",
        "--from",
        "City Hospital radiology",
    ])
    .success();
    let marked = cli
        .run(&[
            "checklist",
            &case,
            "--not-applicable",
            "slides",
            "--reason",
            "the provider reviews reports only",
            "--json",
        ])
        .success()
        .json();
    assert_eq!(item(&marked, "pathology")["state"], "have");
    assert_eq!(item(&marked, "pathology")["documents"][0], doc);
    assert_eq!(item(&marked, "imaging_reports")["state"], "requested");
    assert_eq!(
        item(&marked, "imaging_reports")["requested_from"],
        "City Hospital radiology"
    );
    assert_eq!(item(&marked, "slides")["state"], "not_applicable");
    assert_eq!(marked["readiness"]["done"], 1);

    let cleared = cli
        .run(&["checklist", &case, "--missing", "imaging_reports", "--json"])
        .success()
        .json();
    assert_eq!(item(&cleared, "imaging_reports")["state"], "missing");
    let text = cli.run(&["checklist", &case]).success().stdout;
    assert!(text.contains("Ready: 1 of 4 required records."), "{text}");

    let prostate = cli
        .run(&[
            "case",
            "new",
            "--patient",
            "B",
            "--cancer-type",
            "prostate",
            "--json",
        ])
        .success()
        .json();
    let listed = cli
        .run(&["checklist", prostate["id"].as_str().unwrap(), "--json"])
        .success()
        .json();
    assert!(
        item(&listed, "blood_tests")["title"]
            .as_str()
            .unwrap()
            .contains("PSA")
    );
}

#[test]
fn marking_needs_a_known_item_and_a_reason() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "C"]);
    let unknown = cli.run(&["checklist", &case, "--missing", "x-rays", "--json"]);
    assert_eq!(unknown.status, 1);
    assert_eq!(unknown.json()["error"]["code"], "invalid_input");
    assert_eq!(
        cli.run(&["checklist", &case, "--requested", "slides"])
            .status,
        2,
        "--from is required"
    );
    let blank = cli.run(&[
        "checklist",
        &case,
        "--not-applicable",
        "slides",
        "--reason",
        " ",
        "--json",
    ]);
    assert_eq!(blank.status, 1);
    assert!(
        blank.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("reason it does not apply")
    );
}

#[test]
fn a_request_letter_is_printed_for_a_missing_item() {
    let cli = Cli::new();
    let case = cli.new_case(&[
        "--patient",
        "Maria Gonzalez",
        "--date-of-birth",
        "1961-04-30",
    ]);
    let letter = cli
        .run(&["checklist", &case, "--letter", "scan_images"])
        .success()
        .stdout;
    assert!(
        letter.contains("Patient: Maria Gonzalez") && letter.contains("DICOM"),
        "{letter}"
    );
    let json = cli
        .run(&["checklist", &case, "--letter", "slides", "--json"])
        .success()
        .json();
    assert_eq!(json["item"], "slides");
    assert!(json["letter"].as_str().unwrap().contains("release form"));
    let unknown = cli.run(&["checklist", &case, "--letter", "x-rays", "--json"]);
    assert_eq!(unknown.status, 1);
    assert_eq!(unknown.json()["error"]["code"], "invalid_input");
}

/// A new case of `details` holding these fixture documents; returns the case and the
/// documents' ids in the order given.
fn case_of_fixtures(cli: &Cli, details: &[&str], fixtures: &[&str]) -> (String, Vec<String>) {
    let case = cli.new_case(details);
    let paths: Vec<String> = fixtures
        .iter()
        .map(|f| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/fixtures/documents")
                .join(f)
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut args = vec!["add", case.as_str(), "--json"];
    args.extend(paths.iter().map(String::as_str));
    let added = cli.run(&args).success().json();
    let ids = added["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["document_id"].as_str().unwrap().to_owned())
        .collect();
    (case, ids)
}

fn warning_kinds(json: &serde_json::Value) -> Vec<&str> {
    json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect()
}

#[test]
fn documents_of_two_patients_are_flagged_and_one_patient_is_not() {
    let cli = Cli::new();
    // Priya Sharma's pathology report and Anil Kumar's blood count.
    let (case, ids) = case_of_fixtures(
        &cli,
        &["--patient", "Priya Sharma"],
        &[
            "chromium/breast-pathology-mumbai.pdf",
            "chromium/cbc-delhi.pdf",
        ],
    );
    let json = cli.run(&["checklist", &case, "--json"]).success().json();
    assert!(json["items"].is_array() && json["readiness"]["required"].is_number());
    let kinds = warning_kinds(&json);
    assert_eq!(
        kinds,
        [
            "several_patients",
            "case_patient_name_differs",
            "nothing_recent"
        ],
        "the fixtures are from 2025, long before today"
    );
    assert_eq!(
        json["warnings"][1]["documents"],
        serde_json::json!([ids[1]])
    );
    let patients = &json["warnings"][0];
    assert_eq!(patients["documents"], serde_json::json!(ids));
    let message = patients["message"].as_str().unwrap();
    assert!(
        message.contains("Priya Sharma (1 document); Anil Kumar (1 document)"),
        "{message}"
    );
    let text = cli.run(&["checklist", &case]).success().stdout;
    let under = text
        .split_once("To check before sending (3):")
        .unwrap_or_else(|| panic!("no warnings under the checklist: {text}"))
        .1;
    assert!(
        under.contains("[several_patients]") && under.contains(&ids[1]),
        "{text}"
    );

    // Rohan Joshi's MRI (his name also printed in Devanagari) and, three weeks later, his
    // pathology report: one patient, and the imaging is recent enough.
    let (one, _) = case_of_fixtures(
        &cli,
        &["--patient", "JOSHI, Rohan"],
        &[
            "libreoffice/mri-brain-pune.pdf",
            "ghostscript/glioma-pathology-mumbai.pdf",
        ],
    );
    let json = cli.run(&["checklist", &one, "--json"]).success().json();
    assert_eq!(warning_kinds(&json), ["nothing_recent"]);

    // Two NHS documents, each with its patient's date of birth.
    let (born, ids) = case_of_fixtures(
        &cli,
        &["--patient", "Graham Whitworth"],
        &[
            "chromium/lung-mdt-outcome-london.pdf",
            "libreoffice/prostate-biopsy-leeds.pdf",
        ],
    );
    let json = cli.run(&["checklist", &born, "--json"]).success().json();
    assert_eq!(
        warning_kinds(&json),
        [
            "several_patients",
            "several_dates_of_birth",
            "case_patient_name_differs",
            "nothing_recent"
        ]
    );
    let dates = &json["warnings"][1];
    assert_eq!(dates["documents"], serde_json::json!(ids));
    let message = dates["message"].as_str().unwrap();
    assert!(
        message.contains("19 Mar 1956 (1 document); 2 Nov 1957 (1 document)"),
        "{message}"
    );
}

#[test]
fn documents_are_compared_with_the_patient_entered_for_the_case() {
    let cli = Cli::new();
    let leeds = "libreoffice/prostate-biopsy-leeds.pdf"; // Graham Whitworth, 19 Mar 1956
    let london = "chromium/lung-mdt-outcome-london.pdf"; // Zoë Müller, 2 Nov 1957
    let case_kinds = |details: &[&str], fixtures: &[&str]| {
        let (case, ids) = case_of_fixtures(&cli, details, fixtures);
        let json = cli.run(&["checklist", &case, "--json"]).success().json();
        let kinds: Vec<String> = warning_kinds(&json)
            .into_iter()
            .filter(|kind| *kind != "nothing_recent")
            .map(str::to_owned)
            .collect();
        (kinds, ids, json)
    };
    let table: [(&[&str], &[&str], &[&str]); 5] = [
        (
            &[
                "--patient",
                "WHITWORTH, Graham A.",
                "--date-of-birth",
                "1956-03-19",
            ],
            &[leeds],
            &[],
        ),
        (
            &["--patient", "zoe muller", "--date-of-birth", "1957-11-02"],
            &[london],
            &[],
        ),
        (
            &[
                "--patient",
                "Graham Whitworth",
                "--date-of-birth",
                "1956-03-18",
            ],
            &[leeds],
            &["case_date_of_birth_differs"],
        ),
        (
            &["--patient", "Graham Whitfield"],
            &[leeds],
            &["case_patient_name_differs"],
        ),
        (
            &[
                "--patient",
                "Graham Whitworth",
                "--date-of-birth",
                "1956-03-19",
            ],
            &[leeds, london],
            &[
                "several_patients",
                "several_dates_of_birth",
                "case_patient_name_differs",
                "case_date_of_birth_differs",
            ],
        ),
    ];
    for (details, fixtures, expected) in table {
        let (kinds, _, _) = case_kinds(details, fixtures);
        assert_eq!(kinds, expected, "{details:?} with {fixtures:?}");
    }

    let (_, ids, json) = case_kinds(
        &[
            "--patient",
            "Graham Whitworth",
            "--date-of-birth",
            "1956-03-19",
        ],
        &[leeds, london],
    );
    let about = |kind: &str| {
        json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["kind"] == kind)
            .unwrap()
            .clone()
    };
    let name = about("case_patient_name_differs");
    assert_eq!(name["documents"], serde_json::json!([ids[1]]));
    let message = name["message"].as_str().unwrap();
    assert!(
        message.contains("name Zoë Müller, but this packet is for Graham Whitworth."),
        "{message}"
    );
    let born = about("case_date_of_birth_differs");
    assert_eq!(born["documents"], serde_json::json!([ids[1]]));
    let message = born["message"].as_str().unwrap();
    assert!(
        message.contains(
            "as 2 Nov 1957, but the date of birth entered for this packet is 19 Mar 1956."
        ),
        "{message}"
    );
}

#[test]
fn an_empty_case_has_no_warnings() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "D"]);
    let json = cli.run(&["checklist", &case, "--json"]).success().json();
    assert_eq!(json["warnings"], serde_json::json!([]));
    let text = cli.run(&["checklist", &case]).success().stdout;
    assert!(!text.contains("To check before sending"), "{text}");
}
