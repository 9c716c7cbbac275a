//! `carryall export` and `carryall verify`: a deterministic, verifiable packet, checked here
//! with Carryall and with the reference validators (BagIt and FHIR R4) a provider might use.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{Cli, files_under, overwrite_stored};

/// A case with a few documents of different kinds; returns its id.
fn case_with_documents(cli: &Cli, inbox: &Path) -> String {
    let id = cli.new_case(&[
        "--patient",
        "Maria Gonzalez",
        "--date-of-birth",
        "1961-04-30",
        "--cancer-type",
        "breast",
    ]);
    fs::create_dir_all(inbox.join("scans")).unwrap();
    fs::write(
        inbox.join("Biopsy report.pdf"),
        b"%PDF-1.4\n% core biopsy: invasive ductal carcinoma\n",
    )
    .unwrap();
    fs::write(inbox.join("Zoë's notes.txt"), "ER positive ≥ 90%\n").unwrap();
    fs::write(
        inbox.join("scans/IM000001"),
        [&[0u8; 128][..], b"DICM\x02\x00\x00\x00UL"].concat(),
    )
    .unwrap();
    cli.run(&["add", &id, inbox.to_str().unwrap()]).success();
    id
}

/// The reference validators live in the virtual environment `scripts/setup` makes.
fn tool(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../.tools/venv/bin")
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: run scripts/setup to install the packet validators",
        path.display()
    );
    path
}

/// Unzips a packet into `into`; returns the bag's folder.
pub fn unzip(packet: &Path, into: &Path) -> PathBuf {
    let mut zip = zip::ZipArchive::new(fs::File::open(packet).unwrap()).unwrap();
    zip.extract(into).unwrap();
    fs::read_dir(into).unwrap().next().unwrap().unwrap().path()
}

#[test]
fn an_exported_packet_verifies_with_carryall_sha256sum_bagit_and_fhir_validators() {
    let cli = Cli::new();
    let inbox = tempfile::tempdir().unwrap();
    let case = case_with_documents(&cli, inbox.path());
    let out_dir = tempfile::tempdir().unwrap();
    let packet = out_dir.path().join("packet.zip");
    let exported = cli
        .run(&["export", &case, "--out", packet.to_str().unwrap(), "--json"])
        .success()
        .json();
    assert_eq!(exported["documents"], 3);
    assert_eq!(exported["bytes"], fs::metadata(&packet).unwrap().len());
    let sidecar = fs::read_to_string(out_dir.path().join("packet.zip.sha256")).unwrap();
    assert_eq!(
        sidecar,
        format!("{}  packet.zip\n", exported["sha256"].as_str().unwrap())
    );

    let verified = cli
        .run(&["verify", packet.to_str().unwrap(), "--json"])
        .success()
        .json();
    assert_eq!(verified["ok"], true, "{verified}");
    assert_eq!(verified["sidecar"], "match");
    assert_eq!(
        verified["files_checked"], 7,
        "3 documents (none with text), 2 question lists, the summary, the FHIR bundle"
    );

    let sha256sum = Command::new("sha256sum")
        .arg("-c")
        .arg("packet.zip.sha256")
        .current_dir(out_dir.path())
        .output()
        .unwrap();
    assert!(
        sha256sum.status.success(),
        "sha256sum -c: {}",
        String::from_utf8_lossy(&sha256sum.stdout)
    );

    let bag = unzip(&packet, &out_dir.path().join("unzipped"));
    let bagit = Command::new(tool("bagit.py"))
        .arg("--validate")
        .arg(&bag)
        .output()
        .unwrap();
    assert!(
        bagit.status.success(),
        "bagit.py --validate: {}",
        String::from_utf8_lossy(&bagit.stderr)
    );
    assert_eq!(
        fhir_entries(&bag.join("data/fhir/bundle.json")),
        4,
        "a Patient and three DocumentReferences"
    );

    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(bag.join("data/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["patient"]["name"], "Maria Gonzalez");
    let names: Vec<&str> = summary["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["original_name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Zoë's notes.txt"),
        "the original names are kept: {names:?}"
    );
    let listed = cli.run(&["case", "show", &case, "--json"]).success().json();
    assert_eq!(listed["status"], "exported");
}

#[test]
fn the_same_case_exports_to_the_same_bytes() {
    let cli = Cli::new();
    let inbox = tempfile::tempdir().unwrap();
    let case = case_with_documents(&cli, inbox.path());
    let out = tempfile::tempdir().unwrap();
    let sha = |name: &str| {
        let path = out.path().join(name);
        cli.run(&["export", &case, "--out", path.to_str().unwrap(), "--json"])
            .success()
            .json()["sha256"]
            .clone()
    };
    assert_eq!(sha("first.zip"), sha("second.zip"));
    assert_eq!(
        fs::read(out.path().join("first.zip")).unwrap(),
        fs::read(out.path().join("second.zip")).unwrap()
    );
}

#[test]
fn a_changed_stored_file_stops_the_export_and_leaves_no_packet() {
    let cli = Cli::new();
    let inbox = tempfile::tempdir().unwrap();
    let case = case_with_documents(&cli, inbox.path());
    for stored in files_under(&cli.data_dir().join("files/sha256")) {
        if fs::read(&stored).unwrap().starts_with(b"%PDF") {
            overwrite_stored(&stored, b"%PDF-1.4 swapped for another patient's report");
        }
    }
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    let run = cli.run(&["export", &case, "--out", packet.to_str().unwrap(), "--json"]);
    assert_eq!(run.status, 1);
    let error = &run.json()["error"];
    assert_eq!(error["code"], "damaged");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("Biopsy report.pdf"),
        "{error}"
    );
    assert_eq!(
        fs::read_dir(out.path()).unwrap().count(),
        0,
        "no packet, no sidecar, no temp file"
    );
}

#[test]
fn verify_names_what_was_tampered_with() {
    let cli = Cli::new();
    let inbox = tempfile::tempdir().unwrap();
    let case = case_with_documents(&cli, inbox.path());
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    cli.run(&["export", &case, "--out", packet.to_str().unwrap()])
        .success();

    // One flipped bit inside the stored (uncompressed) biopsy report.
    let mut bytes = fs::read(&packet).unwrap();
    let needle = b"invasive ductal carcinoma";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap();
    bytes[at] ^= 0x20;
    fs::write(&packet, &bytes).unwrap();
    let run = cli.run(&["verify", packet.to_str().unwrap(), "--json"]);
    assert_eq!(run.status, 1);
    let json = run.json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["sidecar"], "mismatch");
    let problems = json["problems"].to_string();
    assert!(problems.contains("Biopsy report.pdf"), "{problems}");

    let garbage = out.path().join("not-a-packet.zip");
    fs::write(&garbage, b"hello").unwrap();
    let run = cli.run(&["verify", garbage.to_str().unwrap(), "--json"]);
    assert_eq!(run.status, 1);
    assert!(
        run.json()["problems"][0]["problem"]
            .as_str()
            .unwrap()
            .contains("not a readable ZIP")
    );
}

#[test]
fn verify_needs_no_data_directory() {
    let cli = Cli::new();
    let missing = cli.data_dir().join("missing.zip");
    let run = crate::harness::finish(
        cli.command()
            .env("HOME", cli.data_dir())
            .args(["verify", missing.to_str().unwrap(), "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.status, 1);
    assert_eq!(run.json()["error"]["code"], "io");
    assert!(
        !cli.data_dir().join(".local").exists(),
        "verify created no data directory"
    );
}

#[test]
fn a_password_protected_packet_is_checked_with_its_password_only() {
    let cli = Cli::new();
    let inbox = tempfile::tempdir().unwrap();
    let case = case_with_documents(&cli, inbox.path());
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("locked.zip");
    let password = out.path().join("password.txt");
    fs::write(&password, "blue kettle 42\n").unwrap();
    let wrong = out.path().join("wrong.txt");
    fs::write(&wrong, "red kettle 42\n").unwrap();
    let args = |extra: &[&str]| -> Vec<String> {
        let mut all = vec![
            "verify".to_owned(),
            packet.to_str().unwrap().to_owned(),
            "--json".to_owned(),
        ];
        all.extend(extra.iter().map(|s| (*s).to_owned()));
        all
    };
    cli.run(&[
        "export",
        &case,
        "--out",
        packet.to_str().unwrap(),
        "--password-file",
        password.to_str().unwrap(),
    ])
    .success();
    let bytes = fs::read(&packet).unwrap();
    let needle = b"invasive ductal carcinoma";
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "the documents are encrypted"
    );

    let run_with = |extra: &[&str]| {
        let owned = args(extra);
        let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
        cli.run(&refs)
    };
    let locked = run_with(&[]);
    assert_eq!(locked.status, 1);
    assert!(
        locked.json()["problems"]
            .to_string()
            .contains("protected with a password")
    );
    assert_eq!(
        run_with(&["--password-file", wrong.to_str().unwrap()]).status,
        1
    );
    let opened = run_with(&["--password-file", password.to_str().unwrap()])
        .success()
        .json();
    assert_eq!(opened["ok"], true, "{opened}");

    let empty = out.path().join("empty.txt");
    fs::write(&empty, "\n").unwrap();
    let refused = cli.run(&[
        "export",
        &case,
        "--out",
        packet.to_str().unwrap(),
        "--password-file",
        empty.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(refused.status, 1);
    assert_eq!(refused.json()["error"]["code"], "invalid_input");
}

/// Validates a FHIR bundle with the R4B models; returns how many entries it has.
pub fn fhir_entries(bundle: &Path) -> usize {
    let check_fhir = "import sys\nfrom fhir.resources.R4B.bundle import Bundle\n\
                      b = Bundle.model_validate_json(open(sys.argv[1]).read())\nprint(len(b.entry))";
    let fhir = Command::new(tool("python"))
        .args(["-c", check_fhir])
        .arg(bundle)
        .output()
        .unwrap();
    assert!(
        fhir.status.success(),
        "FHIR R4B validation: {}",
        String::from_utf8_lossy(&fhir.stderr)
    );
    String::from_utf8_lossy(&fhir.stdout)
        .trim()
        .parse()
        .unwrap()
}

/// Runs the BagIt validator on an unzipped packet.
pub fn bagit_validates(bag: &Path) {
    let bagit = Command::new(tool("bagit.py"))
        .arg("--validate")
        .arg(bag)
        .output()
        .unwrap();
    assert!(
        bagit.status.success(),
        "bagit.py --validate: {}",
        String::from_utf8_lossy(&bagit.stderr)
    );
}

#[test]
fn the_packet_carries_the_text_the_checklist_and_the_questions() {
    let cli = Cli::new();
    let case = cli.new_case(&[
        "--patient",
        "Maria Gonzalez",
        "--cancer-type",
        "breast",
        "--reason",
        "Is a mastectomy needed?",
    ]);
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/documents/chromium/breast-pathology-mumbai.pdf");
    cli.run(&["add", &case, pdf.to_str().unwrap()]).success();
    cli.run(&[
        "checklist",
        &case,
        "--requested",
        "slides",
        "--from",
        "City Lab",
    ])
    .success();
    let own = "Can I wait until after my daughter's wedding?";
    let listed = cli
        .run(&["questions", &case, "--add", own, "--json"])
        .success()
        .json();
    let mine = listed["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["text"] == own)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    cli.run(&["questions", &case, "--star", &mine]).success();

    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    cli.run(&["export", &case, "--out", packet.to_str().unwrap()])
        .success();
    let verified = cli
        .run(&["verify", packet.to_str().unwrap(), "--json"])
        .success()
        .json();
    assert_eq!(verified["ok"], true, "{verified}");
    assert_eq!(
        verified["files_checked"], 6,
        "the PDF, its text, two question lists, the summary and the FHIR bundle"
    );
    let bag = unzip(&packet, &out.path().join("unzipped"));
    bagit_validates(&bag);
    assert_eq!(fhir_entries(&bag.join("data/fhir/bundle.json")), 2);

    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(bag.join("data/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["format_version"], 3);
    let document = &summary["documents"][0];
    assert_eq!(document["text_source"], "pdf");
    let text_path = document["text_path"].as_str().unwrap();
    assert!(
        text_path.starts_with("data/text/01-pathology/") && text_path.ends_with(".pdf.txt"),
        "{text_path}"
    );
    let text = fs::read_to_string(bag.join(text_path)).unwrap();
    assert!(text.starts_with("MACHINE-EXTRACTED TEXT"), "{text}");
    assert!(text.contains("Invasive"), "{text}");
    assert!(text.contains("=== Page 1 of"), "{text}");
    let facts = document["facts"].as_array().unwrap();
    assert!(
        facts.iter().any(|f| f["name"] == "histology"),
        "facts with provenance: {facts:?}"
    );
    assert!(facts.iter().all(|f| f["snippet"].is_string()));

    let items = summary["checklist"]["items"].as_array().unwrap();
    let item = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(item("pathology")["state"], "have");
    assert_eq!(item("pathology")["documents"][0], document["id"]);
    assert_eq!(item("slides")["state"], "requested");
    assert_eq!(item("slides")["requested_from"], "City Lab");
    assert_eq!(item("treatment_plan")["state"], "missing");
    assert!(
        summary["checklist"]["readiness"]["required"]
            .as_u64()
            .unwrap()
            > 0
    );

    let questions = summary["questions"].as_array().unwrap();
    assert_eq!(questions[0]["text"], own);
    assert_eq!(questions[0]["starred"], true);
    assert_eq!(questions[0]["user_written"], true);
    assert!(questions[1]["reason"].is_string());

    let list = fs::read_to_string(bag.join("data/questions.txt")).unwrap();
    let first = list.lines().find(|l| l.starts_with(" 1. ")).unwrap();
    assert_eq!(first, format!(" 1. * {own}"), "{list}");
    assert!(list.contains("Why suggested: "), "{list}");
    let page = fs::read_to_string(bag.join("data/questions.html")).unwrap();
    assert!(page.contains("daughter&#39;s wedding") && !page.contains("<script"));

    let index = fs::read_to_string(bag.join("INDEX.html")).unwrap();
    for expected in [
        "What is included and what is missing",
        "Asked for from City Lab",
        "Why it matters:",
        "Questions for the specialist",
        "extracted text",
        "Key facts read from the documents",
    ] {
        assert!(index.contains(expected), "INDEX.html lacks {expected:?}");
    }

    let again = out.path().join("again.zip");
    cli.run(&["export", &case, "--out", again.to_str().unwrap()])
        .success();
    assert!(
        fs::read(&packet).unwrap() == fs::read(&again).unwrap(),
        "text and questions keep the packet byte-identical"
    );
}

#[test]
fn export_reports_the_size_and_warns_over_a_limit() {
    let cli = Cli::new();
    let inbox = tempfile::tempdir().unwrap();
    let case = case_with_documents(&cli, inbox.path());
    let out = tempfile::tempdir().unwrap();
    let packet = out.path().join("packet.zip");
    let path = packet.to_str().unwrap();
    let fits = cli
        .run(&["export", &case, "--out", path, "--json"])
        .success()
        .json();
    assert_eq!(fits["warnings"], serde_json::json!([]), "{fits}");
    assert!(fits["size"].as_str().unwrap().ends_with("kB"), "{fits}");

    let exported = cli
        .run(&[
            "export",
            &case,
            "--out",
            path,
            "--warn-size",
            "1K",
            "--json",
        ])
        .success()
        .json();
    let warning = &exported["warnings"][0];
    assert_eq!(warning["kind"], "custom");
    assert_eq!(warning["limit_bytes"], 1024);
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("more than the limit you set"),
        "{warning}"
    );
    let text = cli
        .run(&["export", &case, "--out", path, "--warn-size", "1K"])
        .success()
        .stdout;
    assert!(text.contains("WARNING  The packet is"), "{text}");
    let roomy = cli
        .run(&[
            "export",
            &case,
            "--out",
            path,
            "--warn-size",
            "1G",
            "--json",
        ])
        .success()
        .json();
    assert_eq!(roomy["warnings"], serde_json::json!([]));
    let refused = cli.run(&["export", &case, "--out", path, "--warn-size", "big"]);
    assert_eq!(refused.status, 2, "a size that is not a size is refused");
}
