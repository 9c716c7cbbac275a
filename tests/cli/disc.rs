//! Scan discs through `carryall add`, `docs`, `check` and `case delete`: a folder holding a
//! DICOMDIR becomes one document listing its studies, on the DICOM fixtures
//! (tests/fixtures/dicom); loose DICOM files are known by content; a disc's tree exported in
//! the packet byte for byte.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{Cli, files_under, overwrite_stored};
use crate::packet::{bagit_validates, fhir_entries, unzip};

fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/dicom")
        .join(relative)
}

/// Runs `add CASE PATH --json` and returns its output.
fn add(cli: &Cli, case: &str, path: &Path) -> Value {
    cli.run(&["add", case, &path.to_string_lossy(), "--json"])
        .json()
}

/// The case's documents as `docs --json` lists them.
fn documents(cli: &Cli, case: &str) -> Vec<Value> {
    let docs = cli.run(&["docs", case, "--json"]).success().json();
    docs["documents"].as_array().unwrap().clone()
}

/// Copies a fixture disc into `into`, keeping its tree.
fn copy_disc(from: &Path, into: &Path) {
    for file in files_under(from) {
        let target = into.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
}

/// The stored file holding exactly `bytes`.
fn stored_copy_of(cli: &Cli, bytes: &[u8]) -> PathBuf {
    files_under(&cli.data_dir().join("files/sha256"))
        .into_iter()
        .find(|file| std::fs::read(file).unwrap() == bytes)
        .expect("the file is stored")
}

#[test]
fn a_disc_folder_is_one_document_listing_its_studies() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Disc Person"]);
    let added = add(&cli, &case, &fixture("disc-ct"));
    let results = added["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{added}");
    assert_eq!(results[0]["status"], "imported");
    for key in [
        "path",
        "document_id",
        "sha256",
        "size",
        "media_type",
        "error",
    ] {
        assert!(results[0].get(key).is_some(), "{key} kept in {added}");
    }

    let documents = documents(&cli, &case);
    let [disc] = &documents[..] else {
        panic!("one document expected: {documents:?}");
    };
    assert_eq!(disc["original_name"], "disc-ct");
    assert_eq!(disc["category"], "scan_disc");
    assert_eq!(disc["document_date"], "2024-04-02", "the newest study");
    let summary = &disc["disc"];
    assert_eq!(summary["files"], 12);
    assert_eq!(summary["unreadable_files"], 0);
    assert_eq!(summary["patients"], serde_json::json!(["MORGAN J RIVERA"]));
    assert_eq!(summary["multiple_patients"], false);
    let studies = summary["studies"].as_array().unwrap();
    let outline: Vec<String> = studies
        .iter()
        .map(|study| {
            format!(
                "{} {} {} {} {}",
                study["study_date"].as_str().unwrap(),
                study["modalities"][0].as_str().unwrap(),
                study["description"].as_str().unwrap(),
                study["body_part"].as_str().unwrap(),
                study["images"]
            )
        })
        .collect();
    assert_eq!(
        outline,
        [
            "2024-03-12 CT CT CHEST ABDOMEN PELVIS W CONTRAST CHEST, ABDOMEN 7",
            "2024-04-02 PT PET-CT SKULL BASE TO MID THIGH WHOLEBODY 3",
        ]
    );
    assert_eq!(studies[0]["patient_name"], "MORGAN J RIVERA");
    assert_eq!(
        studies[0]["series"][0],
        serde_json::json!({"modality": "CT", "description": "AXIAL 5MM", "body_part": "CHEST", "images": 4})
    );
    let facts: Vec<(&str, &str)> = disc["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["value"].as_str().unwrap()))
        .collect();
    assert!(
        facts.contains(&("patient_name", "MORGAN J RIVERA")),
        "{facts:?}"
    );
    assert_eq!(facts.iter().filter(|f| f.0 == "imaging_study").count(), 2);

    let human = cli.run(&["docs", &case]).success().stdout;
    assert!(
        human.contains("scan disc: 12 files, 2 studies, 10 images; patient: MORGAN J RIVERA"),
        "{human}"
    );
    let plain = cli.run(&["docs", &case]).success().stdout;
    assert!(!plain.contains("WARNING"), "{plain}");

    let again = add(&cli, &case, &fixture("disc-ct"));
    assert_eq!(again["results"][0]["status"], "duplicate", "{again}");
    assert_eq!(again["results"][0]["document_id"], disc["id"]);
    assert_eq!(documents_count(&cli, &case), 1);
}

fn documents_count(cli: &Cli, case: &str) -> usize {
    documents(cli, case).len()
}

#[test]
fn a_disc_holding_two_patients_is_flagged() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Disc Person"]);
    add(&cli, &case, &fixture("disc-two-patients"));
    let documents = documents(&cli, &case);
    let summary = &documents[0]["disc"];
    assert_eq!(summary["multiple_patients"], true);
    assert_eq!(
        summary["patients"],
        serde_json::json!(["MORGAN J RIVERA", "Sam Okafor"])
    );
    assert!(
        summary["warning"]
            .as_str()
            .unwrap()
            .contains("more than one person")
    );
    assert_eq!(summary["unreadable_files"], 1, "the cut CT image");
    assert_eq!(summary["missing_files"], 1, "the absent MR image");
    let names: Vec<&str> = documents[0]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["name"] == "patient_name")
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["MORGAN J RIVERA", "Sam Okafor"]);
    let human = cli.run(&["docs", &case]).success().stdout;
    assert!(
        human.contains("WARNING: This disc holds scans of more than one person"),
        "{human}"
    );
}

#[test]
fn a_disc_with_a_damaged_image_is_imported_whole_with_the_count() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Disc Person"]);
    let scratch = tempfile::tempdir().unwrap();
    let disc = scratch.path().join("Hospital CD");
    copy_disc(&fixture("disc-ct"), &disc);
    // The third image of a series: the index still lists it, its header is cut short.
    let damaged = disc.join("DICOM/P0000001/ST000001/SE000001/IM000003");
    let bytes = std::fs::read(&damaged).unwrap();
    std::fs::write(&damaged, &bytes[..bytes.len() / 4]).unwrap();
    let added = add(&cli, &case, &disc);
    assert_eq!(added["results"][0]["status"], "imported", "{added}");
    let documents = documents(&cli, &case);
    assert_eq!(documents[0]["original_name"], "Hospital CD");
    assert_eq!(
        documents[0]["disc"]["files"], 12,
        "the damaged file is kept too"
    );
    assert_eq!(documents[0]["disc"]["unreadable_files"], 1);
    assert_eq!(documents[0]["disc"]["studies"].as_array().unwrap().len(), 2);
    let human = cli.run(&["docs", &case]).success().stdout;
    assert!(human.contains("1 file(s) could not be read"), "{human}");
}

#[test]
fn check_names_a_damaged_disc_file_and_deleting_the_case_frees_every_file() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Disc Person"]);
    add(&cli, &case, &fixture("disc-ct"));
    let original =
        std::fs::read(fixture("disc-ct/DICOM/P0000001/ST000002/SE000001/IM000002")).unwrap();
    overwrite_stored(&stored_copy_of(&cli, &original), b"scratched disc");
    let check = cli.run(&["check", "--json"]);
    assert_eq!(check.status, 1, "{}", check.stdout);
    let report = check.json();
    assert_eq!(
        report["files_checked"], 13,
        "12 disc files and the manifest"
    );
    assert_eq!(
        report["damaged"][0]["names"],
        serde_json::json!(["disc-ct/DICOM/P0000001/ST000002/SE000001/IM000002"])
    );
    assert_eq!(report["damaged"][0]["problem"], "altered");

    cli.run(&["case", "delete", &case]).success();
    assert!(files_under(&cli.data_dir().join("files/sha256")).is_empty());
    let check = cli.run(&["check", "--json"]).success().json();
    assert_eq!(check["files_checked"], 0);
}

#[test]
fn loose_dicom_files_with_and_without_preamble_are_read_from_their_headers() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Disc Person"]);
    for name in ["with-preamble.dcm", "no-preamble.dcm"] {
        add(&cli, &case, &fixture(&format!("loose/{name}")));
    }
    let documents = documents(&cli, &case);
    assert_eq!(documents.len(), 2);
    for document in &documents {
        let name = &document["original_name"];
        assert_eq!(document["media_type"], "application/dicom", "{name}");
        assert_eq!(document["category"], "scan_disc", "{name}");
        assert_eq!(document["document_date"], "2024-01-15", "{name}");
        assert!(document.get("disc").is_none(), "a loose file is no disc");
        let facts: Vec<(&str, &str)> = document["facts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["name"].as_str().unwrap(), f["value"].as_str().unwrap()))
            .collect();
        assert_eq!(
            facts,
            [
                ("imaging_study", "MRI PELVIS, MR, PELVIS"),
                ("patient_name", "MORGAN J RIVERA")
            ],
            "{name}"
        );
    }
}

/// A case holding the CT fixture disc.
fn case_with_disc() -> (Cli, String) {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Morgan Rivera"]);
    add(&cli, &case, &fixture("disc-ct"));
    (cli, case)
}

/// Exports the case to `out` with `--json`; returns the output.
fn export(cli: &Cli, case: &str, out: &Path) -> Value {
    cli.run(&["export", case, "--out", &out.to_string_lossy(), "--json"])
        .success()
        .json()
}

#[test]
fn a_disc_is_exported_as_its_tree_byte_for_byte_and_validates() {
    let (cli, case) = case_with_disc();
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    let exported = export(&cli, &case, &packet);
    assert_eq!(exported["documents"], 1, "{exported}");
    let verified = cli
        .run(&["verify", &packet.to_string_lossy(), "--json"])
        .success()
        .json();
    assert_eq!(verified["ok"], true, "{verified}");
    assert_eq!(
        verified["files_checked"], 17,
        "12 disc files, the disc's list of files, 2 question lists, the summary, the FHIR bundle"
    );

    let bag = unzip(&packet, &out.path().join("unzipped"));
    bagit_validates(&bag);
    assert_eq!(fhir_entries(&bag.join("data/fhir/bundle.json")), 2);
    let summary: Value =
        serde_json::from_slice(&std::fs::read(bag.join("data/summary.json")).unwrap()).unwrap();
    let disc = &summary["documents"][0]["disc"];
    let folder = disc["folder"].as_str().unwrap();
    assert_eq!(folder, "data/documents/03-scan-disc/2024-04-02_disc-ct");
    let originals = files_under(&fixture("disc-ct"));
    assert_eq!(disc["files"], originals.len());
    for original in &originals {
        let relative = original.strip_prefix(fixture("disc-ct")).unwrap();
        let packed = bag.join(folder).join(relative);
        assert!(
            std::fs::read(&packed).ok() == Some(std::fs::read(original).unwrap()),
            "{} is in the packet byte for byte",
            relative.display()
        );
    }
    let bytes: u64 = originals
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    assert_eq!(disc["bytes"], bytes);
    assert_eq!(disc["index"], format!("{folder}/DICOMDIR"));
    assert_eq!(disc["studies"].as_array().unwrap().len(), 2);
    let readded = add(&cli, &case, &bag.join(folder));
    assert_eq!(
        readded["results"][0]["status"], "duplicate",
        "the exported folder is the same disc, path for path: {readded}"
    );
    let index = std::fs::read_to_string(bag.join("INDEX.html")).unwrap();
    assert!(
        index.contains("PET-CT SKULL BASE TO MID THIGH"),
        "the studies are listed"
    );
    assert!(index.contains("DICOM viewer"));

    let again = out.path().join("again.zip");
    assert_eq!(export(&cli, &case, &again)["sha256"], exported["sha256"]);
}

#[test]
fn a_flipped_bit_in_a_disc_image_is_caught_by_verify() {
    let (cli, case) = case_with_disc();
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    export(&cli, &case, &packet);
    let image =
        std::fs::read(fixture("disc-ct/DICOM/P0000001/ST000002/SE000001/IM000003")).unwrap();
    let mut bytes = std::fs::read(&packet).unwrap();
    let at = bytes
        .windows(image.len())
        .position(|w| w == image)
        .expect("the image is stored as it is");
    bytes[at + image.len() / 2] ^= 0x01;
    std::fs::write(&packet, &bytes).unwrap();
    let run = cli.run(&["verify", &packet.to_string_lossy(), "--json"]);
    assert_eq!(run.status, 1);
    let problems = run.json()["problems"].to_string();
    assert!(
        problems.contains("2024-04-02_disc-ct/DICOM/P0000001/ST000002/SE000001/IM000003"),
        "{problems}"
    );
}

#[test]
fn a_damaged_stored_disc_file_stops_the_export_naming_the_disc_and_the_file() {
    let (cli, case) = case_with_disc();
    let original =
        std::fs::read(fixture("disc-ct/DICOM/P0000001/ST000001/SE000002/IM000001")).unwrap();
    overwrite_stored(&stored_copy_of(&cli, &original), b"scratched disc");
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    let run = cli.run(&[
        "export",
        &case,
        "--out",
        &packet.to_string_lossy(),
        "--json",
    ]);
    assert_eq!(run.status, 1);
    let error = &run.json()["error"];
    assert_eq!(error["code"], "damaged");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("\"DICOM/P0000001/ST000001/SE000002/IM000001\"")
            && message.contains("\"disc-ct\""),
        "{message}"
    );
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "no packet, no sidecar, no temp file"
    );
}

#[test]
fn discs_apart_writes_two_verifiable_packets_that_name_each_other() {
    let (cli, case) = case_with_disc();
    let pdf = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/documents/chromium/breast-pathology-mumbai.pdf");
    add(&cli, &case, &pdf);
    let export_apart = |folder: &Path| {
        let out = folder.join("packet.zip");
        let args = [
            "export",
            &case,
            "--out",
            &out.to_string_lossy(),
            "--discs-apart",
            "--json",
        ];
        cli.run(&args).success().json()
    };
    let first = tempfile::tempdir().unwrap();
    let exported = export_apart(first.path());
    let parts = exported["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "{exported}");
    assert_eq!(
        parts[0]["path"], exported["path"],
        "the documents packet first"
    );
    assert_eq!(parts[0]["sha256"], exported["sha256"]);
    assert_eq!(
        (&parts[0]["holds"], &parts[0]["documents"]),
        (&"documents".into(), &1.into())
    );
    assert_eq!(
        (&parts[1]["holds"], &parts[1]["documents"]),
        (&"scan_discs".into(), &1.into())
    );
    let discs_packet = first.path().join("packet-scan-discs.zip");
    assert_eq!(parts[1]["path"], discs_packet.to_string_lossy().as_ref());

    let mut summaries = Vec::new();
    for (part, name) in parts.iter().zip(["packet.zip", "packet-scan-discs.zip"]) {
        let packet = first.path().join(name);
        let sidecar = std::fs::read_to_string(first.path().join(format!("{name}.sha256"))).unwrap();
        assert_eq!(
            sidecar,
            format!("{}  {name}\n", part["sha256"].as_str().unwrap())
        );
        let verified = cli
            .run(&["verify", &packet.to_string_lossy(), "--json"])
            .success()
            .json();
        assert_eq!(verified["sidecar"], "match", "{name}");
        let bag = unzip(&packet, &first.path().join(format!("{name}-unzipped")));
        bagit_validates(&bag);
        fhir_entries(&bag.join("data/fhir/bundle.json"));
        let summary: Value =
            serde_json::from_slice(&std::fs::read(bag.join("data/summary.json")).unwrap()).unwrap();
        summaries.push(summary);
    }
    let (documents, discs) = (&summaries[0], &summaries[1]);
    assert_eq!(documents["documents"].as_array().unwrap().len(), 1);
    assert!(
        documents["documents"][0]["disc"].is_null(),
        "no disc in the documents packet"
    );
    assert_eq!(documents["part"]["holds"], "documents");
    assert_eq!(documents["part"]["other"]["file"], "packet-scan-discs.zip");
    assert_eq!(documents["part"]["other"]["sha256"], parts[1]["sha256"]);
    assert_eq!(
        documents["part"]["other"]["documents"][0]["original_name"],
        "disc-ct"
    );
    assert!(!documents["questions"].as_array().unwrap().is_empty());
    assert_eq!(discs["documents"][0]["disc"]["files"], 12);
    assert_eq!(discs["part"]["holds"], "scan_discs");
    assert_eq!(discs["part"]["other"]["file"], "packet.zip");
    assert!(
        discs["part"]["other"]["sha256"].is_null(),
        "written first: no cycle"
    );

    let second = tempfile::tempdir().unwrap();
    let again = export_apart(second.path());
    for i in 0..2 {
        assert_eq!(
            again["parts"][i]["sha256"], parts[i]["sha256"],
            "part {i} is deterministic"
        );
    }

    let plain = cli.new_case(&["--patient", "No Discs"]);
    add(&cli, &plain, &pdf);
    let out = second.path().join("plain.zip");
    let run = cli.run(&[
        "export",
        &plain,
        "--out",
        &out.to_string_lossy(),
        "--discs-apart",
    ]);
    assert!(run.success().stdout.contains("no scan discs"));
    assert!(!second.path().join("plain-scan-discs.zip").exists());
}

#[test]
fn a_failed_documents_packet_takes_the_scan_disc_packet_with_it() {
    let (cli, case) = case_with_disc();
    let scratch = tempfile::tempdir().unwrap();
    let report = scratch.path().join("report.pdf");
    std::fs::write(&report, b"%PDF-1.4\n% a report\n").unwrap();
    add(&cli, &case, &report);
    overwrite_stored(
        &stored_copy_of(&cli, b"%PDF-1.4\n% a report\n"),
        b"%PDF-1.4 swapped",
    );
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    let args = [
        "export",
        &case,
        "--out",
        &packet.to_string_lossy(),
        "--discs-apart",
        "--json",
    ];
    let run = cli.run(&args);
    assert_eq!(run.status, 1);
    assert_eq!(run.json()["error"]["code"], "damaged");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "half a split case is not left behind"
    );
}
