//! `carryall add`, `docs`, `check` and `case delete`: importing never loses a byte.

use std::fs;
use std::path::Path;

use crate::harness::{Cli, files_under, overwrite_stored};

fn new_case(cli: &Cli) -> String {
    cli.new_case(&["--patient", "Doc Person"])
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_folder_is_imported_recursively_with_hashes_sizes_and_sniffed_types() {
    let cli = Cli::new();
    let case = new_case(&cli);
    let inbox = tempfile::tempdir().unwrap();
    let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    write(&inbox.path().join("records/biopsy.pdf"), pdf);
    write(
        &inbox.path().join("records/photos/scan.txt"),
        b"\xFF\xD8\xFF\xE0 jpeg body",
    );
    let out = cli
        .run(&[
            "add",
            &case,
            inbox.path().join("records").to_str().unwrap(),
            "--json",
        ])
        .success()
        .json();
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{out}");
    assert!(results.iter().all(|r| r["status"] == "imported"), "{out}");
    assert_eq!(results[0]["sha256"], sha256_hex(pdf));
    assert_eq!(results[0]["size"], pdf.len());
    assert_eq!(results[0]["media_type"], "application/pdf");
    assert_eq!(
        results[1]["media_type"], "image/jpeg",
        "sniffed, not taken from .txt"
    );

    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    let documents = docs["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0]["original_name"], "biopsy.pdf");
    assert_eq!(documents[0]["id"], results[0]["document_id"]);
    assert_eq!(documents[0]["category"], "other");
    assert!(documents[0]["facts"].as_array().unwrap().is_empty());

    let stored = cli
        .data_dir()
        .join("files/sha256")
        .join(&sha256_hex(pdf)[..2])
        .join(sha256_hex(pdf));
    assert_eq!(
        fs::read(stored).unwrap(),
        pdf,
        "the stored copy is byte for byte"
    );
    assert_eq!(
        fs::read(inbox.path().join("records/biopsy.pdf")).unwrap(),
        pdf,
        "the original is untouched"
    );
}

#[test]
fn the_same_bytes_twice_are_a_duplicate_and_stored_once() {
    let cli = Cli::new();
    let case = new_case(&cli);
    let inbox = tempfile::tempdir().unwrap();
    write(&inbox.path().join("a.pdf"), b"%PDF-1.7 same bytes");
    write(&inbox.path().join("copy of a.pdf"), b"%PDF-1.7 same bytes");
    let out = cli
        .run(&["add", &case, inbox.path().to_str().unwrap(), "--json"])
        .success()
        .json();
    assert_eq!(out["results"][0]["status"], "imported");
    assert_eq!(out["results"][1]["status"], "duplicate");
    assert_eq!(
        out["results"][1]["document_id"],
        out["results"][0]["document_id"]
    );
    let other_case = new_case(&cli);
    let again = cli
        .run(&[
            "add",
            &other_case,
            inbox.path().join("a.pdf").to_str().unwrap(),
            "--json",
        ])
        .success()
        .json();
    assert_eq!(
        again["results"][0]["status"], "imported",
        "another case gets its own document"
    );
    let stored: Vec<_> = files_under(&cli.data_dir().join("files/sha256"));
    assert_eq!(stored.len(), 1, "one copy of the content: {stored:?}");
}

#[test]
fn bad_files_are_refused_one_by_one_and_the_rest_imported() {
    let cli = Cli::new();
    let case = new_case(&cli);
    let inbox = tempfile::tempdir().unwrap();
    write(&inbox.path().join("empty.pdf"), b"");
    write(&inbox.path().join("big.pdf"), &vec![b'x'; 4096]);
    write(&inbox.path().join("fine.pdf"), b"%PDF-1.4 fine");
    let missing = inbox.path().join("missing.pdf");
    let out = cli.run(&[
        "add",
        &case,
        inbox.path().to_str().unwrap(),
        missing.to_str().unwrap(),
        "--max-file-size",
        "1K",
        "--json",
    ]);
    assert_eq!(
        out.status, 1,
        "a refused file makes the command fail after the rest are done"
    );
    let json = out.json();
    let by_name = |name: &str| {
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    assert_eq!(by_name("fine.pdf")["status"], "imported");
    for (name, words) in [
        ("empty.pdf", "empty"),
        ("big.pdf", "larger than the 1 KiB limit"),
        ("missing.pdf", "not found"),
    ] {
        let result = by_name(name);
        assert_eq!(result["status"], "rejected", "{name}");
        let error = result["error"].as_str().unwrap();
        assert!(error.contains(words), "{name}: {error}");
    }
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    assert_eq!(docs["documents"].as_array().unwrap().len(), 1);
}

#[cfg(unix)]
#[test]
fn a_name_that_is_not_text_is_refused_with_a_clear_reason() {
    use std::os::unix::ffi::OsStrExt;
    let cli = Cli::new();
    let case = new_case(&cli);
    let inbox = tempfile::tempdir().unwrap();
    let odd = inbox
        .path()
        .join(std::ffi::OsStr::from_bytes(b"scan-\xff.pdf"));
    fs::write(&odd, b"%PDF-1.4").unwrap();
    let out = cli.run(&["add", &case, inbox.path().to_str().unwrap(), "--json"]);
    assert_eq!(out.status, 1);
    let result = &out.json()["results"][0];
    assert_eq!(result["status"], "rejected");
    assert!(
        result["error"]
            .as_str()
            .unwrap()
            .contains("Rename the file")
    );
}

#[test]
fn a_chosen_category_is_kept_and_an_unknown_one_is_a_usage_error() {
    let cli = Cli::new();
    let case = new_case(&cli);
    let inbox = tempfile::tempdir().unwrap();
    write(&inbox.path().join("path.pdf"), b"%PDF-1.4 pathology");
    let file = inbox.path().join("path.pdf");
    cli.run(&[
        "add",
        &case,
        file.to_str().unwrap(),
        "--category",
        "pathology",
    ])
    .success();
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    assert_eq!(docs["documents"][0]["category"], "pathology");
    assert_eq!(docs["documents"][0]["category_source"], "user");
    let bad = cli.run(&["add", &case, file.to_str().unwrap(), "--category", "x-ray"]);
    assert_eq!(bad.status, 2);
    assert!(
        bad.stderr.contains("scan_disc"),
        "the error lists the categories: {}",
        bad.stderr
    );
}

#[test]
fn check_reports_a_tampered_file_by_name() {
    let cli = Cli::new();
    let case = new_case(&cli);
    let inbox = tempfile::tempdir().unwrap();
    write(
        &inbox.path().join("mri report.pdf"),
        b"%PDF-1.4 the real report",
    );
    cli.run(&["add", &case, inbox.path().to_str().unwrap()])
        .success();
    let ok = cli.run(&["check", "--json"]).success().json();
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["files_checked"], 1);

    let stored = files_under(&cli.data_dir().join("files/sha256"))
        .pop()
        .unwrap();
    overwrite_stored(&stored, b"%PDF-1.4 a forged report");

    let bad = cli.run(&["check", "--json"]);
    assert_eq!(bad.status, 1);
    let json = bad.json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["damaged"][0]["names"][0], "mri report.pdf");
    assert_eq!(json["damaged"][0]["problem"], "altered");
    let text = cli.run(&["check"]);
    assert!(
        text.stdout
            .contains("mri report.pdf has changed since it was imported"),
        "{}",
        text.stdout
    );
}

#[test]
fn deleting_a_case_removes_its_files_but_not_those_another_case_uses() {
    let cli = Cli::new();
    let (a, b) = (new_case(&cli), new_case(&cli));
    let inbox = tempfile::tempdir().unwrap();
    write(&inbox.path().join("shared.pdf"), b"%PDF-1.4 shared");
    write(&inbox.path().join("own.pdf"), b"%PDF-1.4 only in a");
    cli.run(&["add", &a, inbox.path().to_str().unwrap()])
        .success();
    cli.run(&["add", &b, inbox.path().join("shared.pdf").to_str().unwrap()])
        .success();
    assert_eq!(files_under(&cli.data_dir().join("files/sha256")).len(), 2);

    cli.run(&["case", "delete", &a]).success();
    let stored = files_under(&cli.data_dir().join("files/sha256"));
    assert_eq!(stored.len(), 1);
    assert!(stored[0].ends_with(sha256_hex(b"%PDF-1.4 shared")));
    let listed = cli.run(&["case", "list", "--json"]).success().json();
    assert_eq!(listed["cases"].as_array().unwrap().len(), 1);
    let gone = cli.run(&["docs", &a, "--json"]);
    assert_eq!(gone.status, 1);
    assert_eq!(gone.json()["error"]["code"], "not_found");
    cli.run(&["check"]).success();
}

#[cfg(unix)]
#[test]
fn a_full_disk_midway_through_a_copy_leaves_no_half_file_and_no_row() {
    // `ulimit -f` caps the size of any file the process writes, as a full disk would; with
    // SIGXFSZ ignored the write fails with an error instead of killing the process.
    let cli = Cli::new();
    let case = new_case(&cli);
    let inbox = tempfile::tempdir().unwrap();
    write(
        &inbox.path().join("a-huge-scan.pdf"),
        &vec![b'%'; 5 * 1024 * 1024],
    );
    write(&inbox.path().join("b-letter.pdf"), b"%PDF-1.4 small letter");
    let script = format!(
        "trap '' XFSZ; ulimit -f 2048; exec \"$0\" --data-dir \"$1\" add {case} \"$2\" --json"
    );
    let output = std::process::Command::new("bash")
        .args(["-c", &script, env!("CARGO_BIN_EXE_carryall")])
        .arg(cli.data_dir())
        .arg(inbox.path())
        .output()
        .unwrap();
    let run = crate::harness::finish(output);
    assert_eq!(
        run.status, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let json = run.json();
    assert_eq!(json["results"][0]["status"], "rejected");
    let error = json["results"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("could not be saved") && error.contains("free space"),
        "{error}"
    );
    assert_eq!(
        json["results"][1]["status"], "imported",
        "the next file still goes in"
    );
    assert!(
        files_under(&cli.data_dir().join("files/incoming")).is_empty(),
        "no half copy"
    );
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    assert_eq!(
        docs["documents"].as_array().unwrap().len(),
        1,
        "no row for the failed file"
    );
    cli.run(&["check"]).success();
}

#[test]
fn removing_a_document_frees_its_file_and_an_unknown_id_removes_nothing() {
    let cli = Cli::new();
    let case = new_case(&cli);
    let inbox = tempfile::tempdir().unwrap();
    write(&inbox.path().join("keep.pdf"), b"%PDF-1.4 keep");
    write(
        &inbox.path().join("wrong patient.pdf"),
        b"%PDF-1.4 someone else",
    );
    let out = cli
        .run(&["add", &case, inbox.path().to_str().unwrap(), "--json"])
        .success()
        .json();
    let wrong = out["results"][1]["document_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let bad = cli.run(&["remove", &case, &wrong, "ZZZZZZZZZZZZ", "--json"]);
    assert_eq!(bad.status, 1);
    assert_eq!(bad.json()["error"]["code"], "not_found");
    assert_eq!(
        cli.run(&["docs", &case, "--json"]).success().json()["documents"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    cli.run(&["remove", &case, &wrong]).success();
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    assert_eq!(docs["documents"].as_array().unwrap().len(), 1);
    assert_eq!(docs["documents"][0]["original_name"], "keep.pdf");
    assert_eq!(files_under(&cli.data_dir().join("files/sha256")).len(), 1);
}

#[test]
fn a_category_set_by_hand_is_kept() {
    let cli = Cli::new();
    let case = new_case(&cli);
    let inbox = tempfile::tempdir().unwrap();
    write(&inbox.path().join("cbc.pdf"), b"%PDF-1.4 full blood count");
    let out = cli
        .run(&["add", &case, inbox.path().to_str().unwrap(), "--json"])
        .success()
        .json();
    let doc = out["results"][0]["document_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let changed = cli
        .run(&["category", &case, &doc, "lab", "--json"])
        .success()
        .json();
    assert_eq!(changed["category"], "lab");
    assert_eq!(changed["category_source"], "user");
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    assert_eq!(docs["documents"][0]["category"], "lab");
    assert_eq!(
        cli.run(&["category", &case, &doc, "x-ray"]).status,
        2,
        "an unknown category is a usage error"
    );
    let missing = cli.run(&["category", &case, "ZZZZZZZZZZZZ", "lab", "--json"]);
    assert_eq!(missing.status, 1);
    assert_eq!(missing.json()["error"]["code"], "not_found");
}
