//! `carryall checklist`: items follow the documents and what a person marks by hand.

use std::fs;

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
