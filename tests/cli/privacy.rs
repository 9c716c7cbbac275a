//! Privacy and safety: one writer per data folder, deletions that leave nothing behind, no
//! health data on standard error, the audit log, and the desktop's network and permission
//! settings (see docs/security.md).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{Cli, Run, files_under};

/// The patient of the case that gets deleted, as on their report.
const PATIENT: &str = "Darnell J Washington";
/// A phrase and a record number found only in that patient's report.
const PHRASE: &str = "2 involved / 18 examined";
const RECORD_NUMBER: &str = "BCU-7731045";

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(relative: &str) -> PathBuf {
    repository().join("tests/fixtures/documents").join(relative)
}

/// Starts a case for `patient` and imports `document` into it (read at once, as `add` does).
fn case_with(cli: &Cli, patient: &str, document: &Path) -> String {
    let case = cli.new_case(&["--patient", patient, "--reason", "Second look"]);
    let added = cli
        .run(&["add", &case, document.to_str().unwrap(), "--json"])
        .success()
        .json();
    assert_eq!(added["results"][0]["status"], "imported", "{added}");
    case
}

/// Every file under the data folder whose bytes hold `needle`.
fn files_holding(data_dir: &Path, needle: &str) -> Vec<PathBuf> {
    files_under(data_dir)
        .into_iter()
        .filter(|file| {
            let bytes = fs::read(file).unwrap_or_default();
            bytes
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
        })
        .collect()
}

/// Holds the data folder's writer lock, as a running Carryall does, until dropped.
fn hold_writer_lock(data_dir: &Path) -> fs::File {
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join("carryall.lock"))
        .unwrap();
    lock.try_lock().expect("no Carryall holds the lock yet");
    lock
}

#[test]
fn a_second_writer_is_refused_plainly_while_looking_still_works() {
    let cli = Cli::new();
    let case = case_with(
        &cli,
        "Lock Person",
        &fixture("reportlab/tumour-markers-varanasi.pdf"),
    );
    let before = cli.run(&["docs", &case, "--json"]).success().json();
    let lock = hold_writer_lock(cli.data_dir());

    let message =
        "carryall: Carryall is already open with this data folder; close it and try again.";
    let refused = cli.run(&["case", "new", "--patient", "Someone Else"]);
    assert_eq!(refused.status, 1);
    assert_eq!(refused.stderr.trim(), message);
    let inbox = tempfile::tempdir().unwrap();
    let extra = inbox.path().join("extra.pdf");
    fs::copy(fixture("reportlab/chemotherapy-record-kolkata.pdf"), &extra).unwrap();
    let add = cli.run(&["add", &case, extra.to_str().unwrap(), "--json"]);
    assert_eq!(add.status, 1);
    assert_eq!(add.json()["error"]["code"], "busy", "{}", add.stdout);
    for writer in [
        vec!["case", "delete", case.as_str()],
        vec!["check"],
        vec!["questions", case.as_str()],
    ] {
        assert_eq!(cli.run(&writer).status, 1, "{writer:?} ran beside a writer");
    }

    // Looking needs no lock: a snapshot of the last completed change.
    assert_eq!(cli.run(&["docs", &case, "--json"]).success().json(), before);
    let listed = cli.run(&["case", "list", "--json"]).success().json();
    assert_eq!(listed["cases"].as_array().unwrap().len(), 1);
    cli.run(&["search", &case, "CA", "15-3"]).success();
    cli.run(&["checklist", &case]).success();
    cli.run(&["audit", "--case", &case]).success();

    drop(lock);
    let check = cli.run(&["check", "--json"]).success().json();
    assert_eq!(check["ok"], true, "{check}");
    assert_eq!(cli.run(&["docs", &case, "--json"]).success().json(), before);
    cli.run(&["add", &case, extra.to_str().unwrap()]).success();
}

/// The same with a real second program: while `carryall add` imports, another writer is
/// refused and a reader is served; the import then completes and checks clean.
#[test]
fn a_running_import_keeps_other_writers_out() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Import Person"]);
    let inbox = tempfile::tempdir().unwrap();
    for i in 0..48u8 {
        let body: Vec<u8> = (0..2_097_152u32).map(|j| (j as u8) ^ i).collect();
        fs::write(inbox.path().join(format!("scan-{i:02}.pdf")), body).unwrap();
    }
    let mut import = cli
        .command()
        .args(["--data-dir", cli.data_dir().to_str().unwrap(), "add", &case])
        .arg(inbox.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // A copy in files/incoming/ means the import is under way, so it holds the lock.
    let incoming = cli.data_dir().join("files/incoming");
    while files_under(&incoming).is_empty() {
        assert!(
            import.try_wait().unwrap().is_none(),
            "the import ended before it could be watched; give it more to do"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let refused = cli.run(&["case", "new", "--patient", "Someone Else", "--json"]);
    assert_eq!(refused.status, 1);
    assert_eq!(refused.json()["error"]["code"], "busy");
    cli.run(&["case", "show", &case]).success();
    assert!(
        import.wait().unwrap().success(),
        "the import itself is not disturbed"
    );

    let check = cli.run(&["check", "--json"]).success().json();
    assert_eq!(check["ok"], true, "{check}");
    assert_eq!(check["files_checked"], 48);
    let listed = cli.run(&["case", "list", "--json"]).success().json();
    assert_eq!(listed["cases"].as_array().unwrap().len(), 1);
}

#[test]
fn a_deleted_case_leaves_nothing_of_it_in_any_file_of_the_data_folder() {
    let cli = Cli::new();
    let gone = case_with(
        &cli,
        PATIENT,
        &fixture("reportlab/colon-resection-houston.pdf"),
    );
    let kept = case_with(
        &cli,
        "Ananya Bose",
        &fixture("reportlab/chemotherapy-record-kolkata.pdf"),
    );
    let found = cli
        .run(&["search", &gone, RECORD_NUMBER, "--json"])
        .success();
    assert_eq!(
        found.json()["hits"].as_array().unwrap().len(),
        1,
        "the report was read"
    );
    let stored = files_under(&cli.data_dir().join("files/sha256"));
    assert_eq!(stored.len(), 2);
    for trace in [PATIENT, PHRASE, RECORD_NUMBER] {
        assert!(
            !files_holding(cli.data_dir(), trace).is_empty(),
            "before deletion {trace:?} is on disk (else this test proves nothing)"
        );
    }

    cli.run(&["case", "delete", &gone]).success();

    for trace in [PATIENT, PHRASE, RECORD_NUMBER, "colon-resection-houston"] {
        let holding = files_holding(cli.data_dir(), trace);
        assert!(holding.is_empty(), "{trace:?} is still in {holding:?}");
    }
    assert_eq!(files_under(&cli.data_dir().join("files/sha256")).len(), 1);
    assert!(files_under(&cli.data_dir().join("reading")).is_empty());
    let wal = cli.data_dir().join("carryall.sqlite3-wal");
    assert!(!wal.exists() || fs::metadata(&wal).unwrap().len() == 0);

    // The audit log keeps what happened, by ids alone.
    let audit = cli.run(&["audit", "--case", &gone, "--json"]).success();
    let entries = audit.json()["entries"].as_array().unwrap().clone();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["case_created", "document_imported", "case_deleted"]
    );
    assert!(!audit.stdout.contains("Washington"));

    // The other case is whole.
    let check = cli.run(&["check", "--json"]).success().json();
    assert_eq!(check["ok"], true, "{check}");
    assert_eq!(check["files_checked"], 1);
    cli.run(&["search", &kept, "Chemotherapy"]).success();
    assert_eq!(cli.run(&["case", "show", &gone]).status, 1);
}

#[test]
fn standard_error_never_carries_names_file_names_or_text() {
    let cli = Cli::new();
    let inbox = tempfile::tempdir().unwrap();
    let odd_name = "Washington D – colon résection (copy 2).pdf";
    let document = inbox.path().join(odd_name);
    fs::copy(fixture("reportlab/colon-resection-houston.pdf"), &document).unwrap();
    // A hostile file and an empty one, under names as telling, to exercise failure paths.
    let hostile_name = "Washington D – broken scan.pdf";
    fs::copy(
        repository().join("tests/fixtures/hostile/page-tree-loop.pdf"),
        inbox.path().join(hostile_name),
    )
    .unwrap();
    let empty_name = "Washington D – empty.pdf";
    fs::write(inbox.path().join(empty_name), b"").unwrap();

    let case = cli.new_case(&["--patient", PATIENT]);
    let packet = inbox.path().join("packet.zip");
    let audit_csv = inbox.path().join("audit.csv");
    let folder = inbox.path().to_str().unwrap();
    let mut runs: Vec<Run> = vec![cli.run(&["add", &case, folder])];
    assert_eq!(runs[0].status, 1, "the empty file is refused");
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    let ids: Vec<String> = docs["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    for args in [
        vec!["read", &case, "--again"],
        vec!["docs", &case],
        vec!["text", &case, &ids[0]],
        vec!["search", &case, "involved"],
        vec!["checklist", &case],
        vec!["questions", &case],
        vec!["export", &case, "--out", packet.to_str().unwrap()],
        vec!["verify", packet.to_str().unwrap()],
        vec!["check"],
        vec!["audit", "--out", audit_csv.to_str().unwrap()],
        vec!["case", "delete", &case],
    ] {
        let run = cli.run(&args);
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        runs.push(run);
    }
    for run in &runs {
        for secret in [
            PATIENT,
            "Washington",
            "résection",
            "broken scan",
            PHRASE,
            "involved",
        ] {
            assert!(
                !run.stderr.contains(secret),
                "{secret:?} on standard error:\n{}",
                run.stderr
            );
        }
    }
    let audit = fs::read_to_string(&audit_csv).unwrap();
    assert!(
        !audit.contains("Washington") && !audit.contains(".pdf"),
        "{audit}"
    );
}

#[test]
fn the_audit_log_is_shown_and_written_to_csv() {
    let cli = Cli::new();
    let case = case_with(
        &cli,
        "Audit Person",
        &fixture("reportlab/tumour-markers-varanasi.pdf"),
    );
    let shown = cli.run(&["audit", "--json"]).success().json();
    let entries = shown["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["action"], "document_imported");
    assert_eq!(entries[1]["case_id"], case.as_str());
    assert!(entries[1]["document_id"].is_string());
    assert_eq!(entries[1]["actor"], "cli");
    let text = cli.run(&["audit"]).success().stdout;
    assert!(
        text.contains("document_imported") && text.contains(&case),
        "{text}"
    );

    let out = cli.data_dir().join("..").join(format!("audit-{case}.csv"));
    let written = cli
        .run(&[
            "audit",
            "--case",
            &case,
            "--out",
            out.to_str().unwrap(),
            "--json",
        ])
        .success()
        .json();
    assert_eq!(written["count"], 2);
    let csv = fs::read_to_string(&out).unwrap();
    fs::remove_file(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "at,actor,action,case_id,document_id,question_id");
    assert!(
        lines[1].contains(&format!(",cli,case_created,{case},")),
        "{csv}"
    );

    let unknown = cli.run(&["audit", "--case", "NOSUCHCASE00", "--json"]);
    assert_eq!(unknown.status, 1);
    assert_eq!(unknown.json()["error"]["code"], "not_found");
}

/// The desktop's content security policy: everything from the app itself, nothing remote.
#[test]
fn the_desktop_loads_nothing_remote() {
    let config: Value =
        serde_json::from_str(&fs::read_to_string(repository().join("tauri.conf.json")).unwrap())
            .unwrap();
    assert_eq!(config["app"]["withGlobalTauri"], false);
    let csp = config["app"]["security"]["csp"].as_object().expect("a CSP");
    assert_eq!(csp["default-src"], "'self'");
    for (directive, sources) in csp {
        for source in sources.as_str().unwrap().split_whitespace() {
            // Tauri's IPC is reached through `ipc:` or, where custom schemes are not
            // allowed, the special host ipc.localhost; neither leaves the computer.
            let allowed = ["'self'", "'none'", "data:", "ipc:", "http://ipc.localhost"];
            // A `blob:` image is bytes the page already holds (a document's original, from
            // the app's own IPC), never a request; only images may come from one.
            let own_bytes = directive == "img-src" && source == "blob:";
            assert!(
                allowed.contains(&source) || own_bytes,
                "{directive} allows {source}, which may reach beyond the app"
            );
        }
    }
    for directive in ["script-src", "connect-src", "object-src", "base-uri"] {
        assert!(csp.contains_key(directive), "{directive} falls back");
    }
}

/// The only core permissions the window holds: listening for (file-drop and kiosk) events, and
/// printing, which on macOS goes through the webview's print command (Tauri replaces
/// `window.print` there; elsewhere the webview prints by itself).
const CORE_GRANTS: [&str; 3] = [
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    "core:webview:allow-print",
];

/// The capability files grant only the app's own registered commands and plugins it starts,
/// and of the core permissions only event listening and printing: one file for the everyday
/// window, one for a kiosk's.
#[test]
fn the_window_may_call_only_commands_and_plugins_that_exist() {
    let root = repository();
    let main_rs = fs::read_to_string(root.join("src-tauri/src/main.rs")).unwrap();
    let build_rs = fs::read_to_string(root.join("src-tauri/build.rs")).unwrap();
    let capabilities = files_under(&root.join("src-tauri/capabilities"));
    assert_eq!(
        capabilities.len(),
        2,
        "the main window's and the kiosk's capability files: {capabilities:?}"
    );
    for file in capabilities {
        let capability: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        let permissions = capability["permissions"].as_array().unwrap();
        assert!(!permissions.is_empty());
        for permission in permissions {
            let permission = permission.as_str().expect("plain permission names only");
            check_grant(permission, &main_rs, &build_rs);
        }
    }
}

/// Fails unless `permission` is event listening, a started plugin's `allow-*`, or a
/// registered command's generated `allow-*`.
fn check_grant(permission: &str, main_rs: &str, build_rs: &str) {
    match permission.split_once(':') {
        // Listening to events (the webview's file-drop events arrive as events) and printing
        // (macOS) are the only core grants.
        Some(("core", _)) => assert!(
            CORE_GRANTS.contains(&permission),
            "{permission}: no core permission is granted beyond {CORE_GRANTS:?}"
        ),
        Some((plugin, what)) => {
            assert!(
                main_rs.contains(&format!(".plugin(tauri_plugin_{plugin}::init())")),
                "{permission}: the {plugin} plugin is not started"
            );
            assert!(what.starts_with("allow-"), "{permission}");
        }
        None => {
            let command = permission
                .strip_prefix("allow-")
                .unwrap_or_else(|| panic!("{permission}: only allow-* permissions"))
                .replace('-', "_");
            assert!(
                main_rs.contains(&format!("commands::{command},")),
                "{permission}: no such command is registered"
            );
            assert!(
                build_rs.contains(&format!("\"{command}\"")),
                "{permission}: the build script does not generate it"
            );
        }
    }
}

/// What only the everyday window may do: the ways to see the computer's folders.
const NOT_FOR_KIOSKS: [&str; 8] = [
    "dialog:allow-open",
    "dialog:allow-save",
    "allow-show-in-folder",
    "allow-save-audit-csv",
    "allow-unlock-records",
    "allow-protect-records",
    "allow-change-passphrase",
    "allow-lock-records",
];

/// A kiosk's window (its own label, from `main.rs`) may do what the main window may, less the
/// file dialogs, the file manager, saving the activity log where one chooses, and changing the
/// protection of records (a kiosk's sessions are always encrypted, under a key in memory).
#[test]
fn a_kiosk_window_cannot_open_dialogs_or_the_file_manager() {
    let root = repository();
    let read = |name: &str| -> Value {
        let file = root.join("src-tauri/capabilities").join(name);
        serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap()
    };
    let main = read("main-window.json");
    let kiosk = read("kiosk-window.json");
    assert_eq!(main["windows"], serde_json::json!(["main"]));
    assert_eq!(kiosk["windows"], serde_json::json!(["kiosk"]));
    let main_rs = fs::read_to_string(root.join("src-tauri/src/main.rs")).unwrap();
    assert!(
        main_rs.contains("const KIOSK_WINDOW: &str = \"kiosk\";"),
        "the kiosk's window is opened under the label its capability names"
    );
    let names = |capability: &Value| -> Vec<String> {
        capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect()
    };
    let expected: Vec<String> = names(&main)
        .into_iter()
        .filter(|p| !NOT_FOR_KIOSKS.contains(&p.as_str()))
        .collect();
    assert_eq!(names(&kiosk), expected);
    for permission in NOT_FOR_KIOSKS {
        assert!(names(&main).iter().any(|p| p == permission), "{permission}");
    }
}
