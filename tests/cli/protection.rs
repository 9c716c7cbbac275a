//! Protection with a passphrase: `carryall protection on|change|status` and the global
//! `--passphrase-file`. A protected folder shows nothing of its records on disk, opens only
//! with the passphrase, and does everything an unprotected one does.

use std::fs;
use std::path::{Path, PathBuf};

use crate::harness::{Cli, files_under};

const PATIENT: &str = "Darnell J Washington";
/// Words found only in the report's text.
const PHRASE: &str = "involved / 18 examined";

fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/documents")
        .join(relative)
}

fn passphrase_file(folder: &Path, name: &str, passphrase: &str) -> String {
    let path = folder.join(name);
    fs::write(&path, format!("{passphrase}\n")).unwrap();
    path.to_str().unwrap().to_owned()
}

fn holding(data_dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    files_under(data_dir)
        .into_iter()
        .filter(|file| {
            let bytes = fs::read(file).unwrap_or_default();
            bytes.windows(needle.len()).any(|window| window == needle)
        })
        .collect()
}

#[test]
fn a_protected_folder_works_with_its_passphrase_and_shows_nothing_without_it() {
    let cli = Cli::new();
    let secrets = tempfile::tempdir().unwrap();
    let right = passphrase_file(secrets.path(), "right", "correct horse battery");
    let wrong = passphrase_file(secrets.path(), "wrong", "correct horse batterY");
    let new = passphrase_file(secrets.path(), "new", "a new one to remember");
    let short = passphrase_file(secrets.path(), "short", "short");

    let case = cli.new_case(&["--patient", PATIENT, "--reason", "Second look"]);
    let report = fixture("reportlab/colon-resection-houston.pdf");
    cli.run(&["add", &case, report.to_str().unwrap(), "--json"])
        .success();
    let status = cli
        .run(&["protection", "status", "--json"])
        .success()
        .json();
    assert_eq!(status["protected"], false);
    assert!(
        !holding(cli.data_dir(), PHRASE.as_bytes()).is_empty(),
        "read before"
    );

    let refused = cli.run(&[
        "protection",
        "on",
        "--new-passphrase-file",
        &short,
        "--json",
    ]);
    assert_eq!(refused.status, 1);
    assert_eq!(refused.json()["error"]["code"], "invalid_input");

    let on = cli.run(&[
        "protection",
        "on",
        "--new-passphrase-file",
        &right,
        "--json",
    ]);
    assert_eq!(on.success().json()["protected"], true);
    let status = cli
        .run(&["protection", "status", "--json"])
        .success()
        .json();
    assert_eq!(status["protected"], true);
    for needle in [PATIENT.as_bytes(), PHRASE.as_bytes(), b"%PDF-"] {
        assert_eq!(
            holding(cli.data_dir(), needle),
            Vec::<PathBuf>::new(),
            "{}",
            String::from_utf8_lossy(needle)
        );
    }

    let locked = cli.run(&["case", "list", "--json"]);
    assert_eq!(locked.status, 1);
    assert_eq!(
        locked.json()["error"]["code"],
        "locked",
        "{}",
        locked.stdout
    );
    let wrong_run = cli.run(&["case", "list", "--json", "--passphrase-file", &wrong]);
    assert_eq!(wrong_run.json()["error"]["code"], "wrong_passphrase");
    assert!(!wrong_run.stderr.contains("correct horse"));

    let cases = cli
        .run(&["case", "list", "--json", "--passphrase-file", &right])
        .success()
        .json();
    assert!(cases.to_string().contains(PATIENT), "{cases}");
    let hits = cli
        .run(&[
            "search",
            &case,
            "examined",
            "--json",
            "--passphrase-file",
            &right,
        ])
        .success()
        .json();
    assert_eq!(
        hits["hits"].as_array().unwrap().len(),
        1,
        "the text index works: {hits}"
    );
    let checked = cli
        .run(&["check", "--json", "--passphrase-file", &right])
        .success()
        .json();
    assert_eq!(checked["damaged"], serde_json::json!([]), "{checked}");

    // Reading again, which hands the documents to the reader, finds the same text and
    // leaves no plain copy.
    let read = cli
        .run(&[
            "read",
            &case,
            "--again",
            "--json",
            "--passphrase-file",
            &right,
        ])
        .success()
        .json();
    assert_eq!(
        (read["read"].as_u64(), read["without_text"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(holding(cli.data_dir(), b"%PDF-"), Vec::<PathBuf>::new());

    let out = secrets.path().join("packet.zip");
    let out = out.to_str().unwrap();
    cli.run(&[
        "export",
        &case,
        "--out",
        out,
        "--json",
        "--passphrase-file",
        &right,
    ])
    .success();
    cli.run(&["verify", out]).success();

    cli.run(&[
        "protection",
        "change",
        "--new-passphrase-file",
        &new,
        "--passphrase-file",
        &right,
    ])
    .success();
    let old = cli.run(&["case", "list", "--json", "--passphrase-file", &right]);
    assert_eq!(old.json()["error"]["code"], "wrong_passphrase");
    cli.run(&["case", "list", "--passphrase-file", &new])
        .success();

    // Deleting wipes the encrypted database too (its rebuild works under SQLCipher).
    cli.run(&["case", "delete", &case, "--passphrase-file", &new])
        .success();
    let left = cli
        .run(&["case", "list", "--json", "--passphrase-file", &new])
        .success()
        .json();
    assert!(!left.to_string().contains(PATIENT), "{left}");
    cli.run(&["check", "--passphrase-file", &new]).success();

    let again = cli.run(&["protection", "on", "--new-passphrase-file", &new, "--json"]);
    assert_eq!(again.json()["error"]["code"], "invalid_input");
}

#[test]
fn a_passphrase_for_an_unprotected_folder_is_refused_plainly() {
    let cli = Cli::new();
    let secrets = tempfile::tempdir().unwrap();
    let given = passphrase_file(secrets.path(), "given", "correct horse battery");
    cli.new_case(&["--patient", PATIENT]);
    let run = cli.run(&["case", "list", "--json", "--passphrase-file", &given]);
    assert_eq!(run.status, 1);
    let error = run.json();
    assert_eq!(error["error"]["code"], "invalid_input", "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not protected"),
        "{error}"
    );
}
