//! `carryall add` reads what it imports: `text`, `search` and the reading keys of `docs`,
//! on the generated fixtures (tests/fixtures), hostile ones included.

use std::path::PathBuf;

use serde_json::Value;

use crate::harness::Cli;

fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(relative)
}

/// Adds the fixtures to a new case; returns the case and `docs --json`'s documents by name.
fn add(cli: &Cli, fixtures: &[&str]) -> (String, Vec<Value>) {
    let case = cli.new_case(&["--patient", "Reading Person"]);
    let paths: Vec<String> = fixtures
        .iter()
        .map(|f| fixture(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["add", case.as_str(), "--json"];
    args.extend(paths.iter().map(String::as_str));
    let added = cli.run(&args).json();
    assert_eq!(
        added["read"].as_u64(),
        Some(fixtures.len() as u64),
        "{added}"
    );
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    (case, docs["documents"].as_array().unwrap().clone())
}

fn named<'a>(documents: &'a [Value], name: &str) -> &'a Value {
    documents
        .iter()
        .find(|d| d["original_name"] == name)
        .unwrap_or_else(|| panic!("{name} is listed"))
}

#[test]
fn a_text_pdf_is_read_page_by_page_and_found_by_search() {
    let cli = Cli::new();
    let (case, documents) = add(&cli, &["documents/chromium/breast-pathology-mumbai.pdf"]);
    let document = named(&documents, "breast-pathology-mumbai.pdf");
    assert_eq!(document["text_source"], "pdf");
    assert_eq!(document["text_error"], Value::Null);
    let id = document["id"].as_str().unwrap();

    let text = cli.run(&["text", &case, id, "--json"]).success().json();
    let first_page = text["pages"][0]["text"].as_str().unwrap();
    assert_eq!(text["pages"][0]["page"], 1);
    // Chromium places every glyph on its own; words must still come out whole.
    assert!(first_page.contains("Invasive"), "{first_page}");
    let plain = cli.run(&["text", &case, id]).success().stdout;
    assert!(plain.contains("Invasive"));

    let hits = cli
        .run(&["search", &case, "invasive", "--json"])
        .success()
        .json();
    let hit = &hits["hits"][0];
    assert_eq!(hit["document_id"], id);
    assert_eq!(hit["original_name"], "breast-pathology-mumbai.pdf");
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("[invasive]")
    );
    let none = cli
        .run(&["search", &case, "zzqx", "--json"])
        .success()
        .json();
    assert_eq!(none["hits"], Value::Array(Vec::new()));
}

#[test]
fn scans_and_photos_are_read_by_ocr_with_a_confidence() {
    let cli = Cli::new();
    let (_, documents) = add(
        &cli,
        &[
            "documents/scans/kft-patna-scan.pdf",
            "documents/scans/prescription-pune-photo.jpg",
        ],
    );
    for name in ["kft-patna-scan.pdf", "prescription-pune-photo.jpg"] {
        let document = named(&documents, name);
        assert_eq!(document["text_source"], "ocr", "{document}");
        let confidence = document["ocr_confidence"].as_f64().unwrap();
        assert!(confidence > 50.0 && confidence <= 100.0, "{confidence}");
    }
}

#[test]
fn without_tesseract_a_scan_is_kept_and_says_why_it_has_no_text() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Reading Person"]);
    let scan = fixture("documents/scans/kft-patna-scan.pdf");
    let mut command = cli.command();
    command
        .env("CARRYALL_TESSERACT", "/nonexistent/tesseract")
        .args(["--data-dir", cli.data_dir().to_str().unwrap(), "add", &case])
        .arg(&scan);
    let status = command.status().unwrap();
    assert!(status.success());
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    let document = &docs["documents"][0];
    assert_eq!(document["text_source"], "none");
    assert_eq!(
        document["text_error"],
        "text not available: OCR not installed"
    );
}

#[test]
fn hostile_files_get_a_reason_and_nothing_stored_is_lost() {
    let cli = Cli::new();
    let expected: Vec<Value> =
        serde_json::from_slice(&std::fs::read(fixture("hostile/expected.json")).unwrap()).unwrap();
    let names: Vec<String> = expected
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_owned())
        .filter(|name| name != "empty.pdf") // refused at import: nothing to read
        .collect();
    let mut fixtures: Vec<String> = names.iter().map(|n| format!("hostile/{n}")).collect();
    fixtures.push("documents/reportlab/lung-biopsy-hyderabad.pdf".to_owned());
    let fixtures: Vec<&str> = fixtures.iter().map(String::as_str).collect();
    let (case, documents) = add(&cli, &fixtures);
    for name in &names {
        let document = named(&documents, name);
        let error = document["text_error"].as_str().unwrap_or_default();
        match document["text_source"].as_str() {
            Some("none") => assert!(error.len() > 20, "{name}: a reason a person can read"),
            // Its text layer is garbage (no character map): it is read by OCR instead.
            Some("ocr") => assert!(name.contains("tounicode"), "{name}: a garbled layer"),
            other => panic!("{name}: unexpected text source {other:?}"),
        }
    }
    let good = named(&documents, "lung-biopsy-hyderabad.pdf");
    assert_eq!(
        good["text_source"], "pdf",
        "a good file beside hostile ones is still read"
    );
    cli.run(&["check"]).success();
    assert!(
        cli.run(&["search", &case, "adenocarcinoma"])
            .success()
            .stdout
            .contains("lung-biopsy")
    );
}

#[test]
fn loose_dicom_files_are_known_by_content_and_dated_from_their_header() {
    let cli = Cli::new();
    let (_, documents) = add(
        &cli,
        &[
            "dicom/loose/with-preamble.dcm",
            "dicom/loose/no-preamble.dcm",
            "dicom/loose/raw-dataset.dcm",
            "dicom/loose/not-dicom.dcm",
        ],
    );
    for name in ["with-preamble.dcm", "no-preamble.dcm", "raw-dataset.dcm"] {
        let document = named(&documents, name);
        assert_eq!(document["media_type"], "application/dicom", "{name}");
        assert_eq!(document["category"], "scan_disc", "{name}");
        assert_eq!(document["document_date"], "2024-01-15", "{name}");
        assert_eq!(document["facts"][0]["name"], "imaging_study", "{name}");
    }
    let impostor = named(&documents, "not-dicom.dcm");
    assert_eq!(impostor["category"], "other");
}

#[test]
fn read_again_rereads_every_document_and_keeps_a_chosen_category() {
    let cli = Cli::new();
    let (case, documents) = add(&cli, &["documents/reportlab/lung-biopsy-hyderabad.pdf"]);
    let id = documents[0]["id"].as_str().unwrap();
    cli.run(&["category", &case, id, "other"]).success();
    let nothing = cli.run(&["read", &case, "--json"]).success().json();
    assert_eq!(nothing["read"], 0, "everything was read at import");
    let again = cli
        .run(&["read", &case, "--again", "--json"])
        .success()
        .json();
    assert_eq!(again["read"], 1);
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    let document = &docs["documents"][0];
    assert_eq!(document["category"], "other");
    assert_eq!(document["category_source"], "user");
    assert_eq!(document["text_source"], "pdf");
    assert!(
        cli.run(&["search", &case, "adenocarcinoma"])
            .success()
            .stdout
            .contains("page 1")
    );
}
