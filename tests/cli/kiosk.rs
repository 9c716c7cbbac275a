//! `carryall kiosk`: staff set the PIN (from standard input), the idle time, the export folder
//! and kiosk mode on or off; `status` shows the settings and never the PIN or its hash.

use std::io::Write;
use std::process::Stdio;

use crate::harness::{Cli, Run, finish};

/// Runs `carryall --data-dir DIR ARGS...` with `input` on standard input.
fn run_with_input(cli: &Cli, args: &[&str], input: &[u8]) -> Run {
    let mut command = cli.command();
    command
        .arg("--data-dir")
        .arg(cli.data_dir())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("carryall runs");
    child
        .stdin
        .take()
        .expect("a pipe")
        .write_all(input)
        .expect("the PIN is written");
    finish(child.wait_with_output().expect("carryall finishes"))
}

#[test]
fn status_before_any_set_up_shows_the_defaults() {
    let cli = Cli::new();
    let status = cli.run(&["kiosk", "status", "--json"]).success().json();
    assert_eq!(
        status["kiosk"],
        serde_json::json!({
            "enabled": false,
            "idle_seconds": 600,
            "warning_seconds": 60,
            "export_folder": null,
            "pin_set": false,
        })
    );
    let text = cli.run(&["kiosk", "status"]).success().stdout;
    assert!(text.contains("Kiosk mode: off"), "{text}");
    assert!(text.contains("Idle time: 10 minutes"), "{text}");
}

#[test]
fn staff_set_up_a_kiosk_and_the_pin_is_never_shown_or_stored() {
    let cli = Cli::new();
    let folder = tempfile::tempdir().unwrap();
    let folder_arg = folder.path().to_str().unwrap();
    let args = [
        "kiosk",
        "configure",
        "--pin-stdin",
        "--idle-minutes",
        "5",
        "--export-folder",
        folder_arg,
        "--on",
    ];
    let saved = run_with_input(&cli, &args, b"730215\n").success();
    assert!(
        saved.stdout.contains("Kiosk settings saved."),
        "{}",
        saved.stdout
    );
    let status = cli.run(&["kiosk", "status", "--json"]).success();
    let json = status.json();
    assert_eq!(json["kiosk"]["enabled"], true);
    assert_eq!(json["kiosk"]["idle_seconds"], 300);
    assert_eq!(json["kiosk"]["pin_set"], true);
    let canonical = std::fs::canonicalize(folder.path()).unwrap();
    assert_eq!(json["kiosk"]["export_folder"], canonical.to_str().unwrap());
    for shown in [&saved.stdout, &status.stdout, &saved.stderr] {
        assert!(!shown.contains("730215"), "the PIN is never shown: {shown}");
        assert!(!shown.contains("argon2"), "nor its hash: {shown}");
    }
    let stored = std::fs::read_to_string(cli.data_dir().join("kiosk.json")).unwrap();
    assert!(!stored.contains("730215"), "only a hash is stored");

    cli.run(&["kiosk", "configure", "--off", "--no-export-folder"])
        .success();
    let after = cli.run(&["kiosk", "status", "--json"]).success().json();
    assert_eq!(after["kiosk"]["enabled"], false);
    assert_eq!(after["kiosk"]["export_folder"], serde_json::Value::Null);
    assert_eq!(after["kiosk"]["pin_set"], true, "the PIN stays set");
}

#[test]
fn bad_settings_are_refused_with_a_plain_reason_and_change_nothing() {
    let cli = Cli::new();
    let on = cli.run(&["kiosk", "configure", "--on", "--json"]);
    assert_eq!(on.status, 1);
    assert_eq!(on.json()["error"]["code"], "invalid_input");
    let short = run_with_input(&cli, &["kiosk", "configure", "--pin-stdin"], b"12\n");
    assert_eq!(short.status, 1);
    assert!(short.stderr.contains("4 to 12 digits"), "{}", short.stderr);
    let garbled = run_with_input(&cli, &["kiosk", "configure", "--pin-stdin"], b"\xff\xfe\n");
    assert_eq!(garbled.status, 1);
    assert!(
        garbled
            .stderr
            .contains("could not be read from standard input"),
        "{}",
        garbled.stderr
    );
    let idle = cli.run(&["kiosk", "configure", "--idle-minutes", "0"]);
    assert_eq!(idle.status, 1);
    assert!(
        idle.stderr.contains("from 1 to 240 minutes"),
        "{}",
        idle.stderr
    );
    let missing = cli.run(&[
        "kiosk",
        "configure",
        "--export-folder",
        "/no/such/folder/here",
    ]);
    assert_eq!(missing.status, 1);
    assert!(
        missing.stderr.contains("does not exist"),
        "{}",
        missing.stderr
    );
    let both = cli.run(&["kiosk", "configure", "--on", "--off"]);
    assert_eq!(both.status, 2, "a usage error");
    assert!(!cli.data_dir().join("kiosk.json").exists());
}
