//! `carryall case new | list | show`.

use crate::harness::{Cli, finish};

#[test]
fn case_new_json_prints_an_id_that_case_list_shows() {
    let cli = Cli::new();
    let created = cli
        .run(&["case", "new", "--patient", "Test Person", "--json"])
        .success()
        .json();
    let id = created["id"].as_str().expect("an id string");
    assert_eq!(id.len(), 12, "ids are 12 characters: {id}");

    let listed = cli.run(&["--json", "case", "list"]).success().json();
    let cases = listed["cases"].as_array().expect("a cases array");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0]["id"], id);
    assert_eq!(cases[0]["patient"], "Test Person");
    assert_eq!(cases[0]["status"], "gathering");
}

#[test]
fn global_flags_are_accepted_before_or_after_the_subcommand() {
    let cli = Cli::new();
    let dir = cli.data_dir().to_str().unwrap();
    let before = finish(
        cli.command()
            .args([
                "--data-dir",
                dir,
                "--json",
                "case",
                "new",
                "--patient",
                "A B",
            ])
            .output()
            .unwrap(),
    )
    .success();
    let after = finish(
        cli.command()
            .args(["case", "list", "--data-dir", dir, "--json"])
            .output()
            .unwrap(),
    )
    .success();
    assert_eq!(after.json()["cases"][0]["id"], before.json()["id"]);
}

#[test]
fn the_environment_names_the_data_dir_when_no_flag_does() {
    let cli = Cli::new();
    let run = |args: &[&str]| {
        finish(
            cli.command()
                .env("CARRYALL_DATA_DIR", cli.data_dir())
                .args(args)
                .output()
                .unwrap(),
        )
    };
    let id = run(&["case", "new", "--patient", "Env Person"])
        .success()
        .stdout;
    let listed = cli.run(&["case", "list", "--json"]).success().json();
    assert_eq!(listed["cases"][0]["id"], id.trim());
}

#[test]
fn all_details_are_kept_and_shown() {
    let cli = Cli::new();
    let id = cli
        .run(&[
            "case",
            "new",
            "--patient",
            "Maria Gonzalez",
            "--date-of-birth",
            "1961-04-30",
            "--cancer-type",
            "invasive ductal carcinoma",
            "--reason",
            "Is a mastectomy needed?",
            "--provider",
            "City Cancer Centre",
            "--appointment",
            "2026-12-10",
            "--json",
        ])
        .success()
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let shown = cli
        .run(&["case", "show", &id.to_lowercase(), "--json"])
        .success()
        .json();
    assert_eq!(shown["id"], id.as_str());
    assert_eq!(shown["date_of_birth"], "1961-04-30");
    assert_eq!(shown["cancer_type"], "breast");
    assert_eq!(shown["reason"], "Is a mastectomy needed?");
    assert_eq!(shown["provider"], "City Cancer Centre");
    assert_eq!(shown["appointment"], "2026-12-10");
    let text = cli.run(&["case", "show", &id]).success().stdout;
    assert!(
        text.contains("Maria Gonzalez") && text.contains("Breast cancer"),
        "{text}"
    );
}

#[test]
fn human_list_says_what_to_do_when_empty_and_lists_cases_otherwise() {
    let cli = Cli::new();
    let empty = cli.run(&["case", "list"]).success().stdout;
    assert!(empty.contains("No cases yet"), "{empty}");
    cli.run(&[
        "case",
        "new",
        "--patient",
        "Ann Lee",
        "--cancer-type",
        "lung",
    ])
    .success();
    let listed = cli.run(&["case", "list"]).success().stdout;
    assert!(
        listed.contains("Ann Lee") && listed.contains("Lung cancer"),
        "{listed}"
    );
}

#[test]
fn invalid_input_fails_with_status_1_and_a_plain_message() {
    let cli = Cli::new();
    let run = cli.run(&["case", "new", "--patient", "  "]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("Please fill in the patient's name."),
        "{}",
        run.stderr
    );

    let run = cli.run(&[
        "case",
        "new",
        "--patient",
        "X",
        "--date-of-birth",
        "30/04/1961",
        "--json",
    ]);
    assert_eq!(run.status, 1);
    let error = &run.json()["error"];
    assert_eq!(error["code"], "invalid_input");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("year-month-day")
    );

    let run = cli.run(&["case", "show", "ZZZZZZZZZZZZ", "--json"]);
    assert_eq!(run.status, 1);
    assert_eq!(run.json()["error"]["code"], "not_found");
}

#[test]
fn usage_errors_exit_2() {
    let cli = Cli::new();
    assert_eq!(cli.run(&["case", "new"]).status, 2, "missing --patient");
    assert_eq!(cli.run(&["no-such-command"]).status, 2);
    assert_eq!(cli.run(&["case", "list", "--bogus"]).status, 2);
}

#[test]
fn a_data_dir_that_cannot_be_used_is_explained() {
    let cli = Cli::new();
    let file = cli.data_dir().join("a-file");
    std::fs::write(&file, b"not a folder").unwrap();
    let run = finish(
        cli.command()
            .args([
                "--data-dir",
                file.to_str().unwrap(),
                "case",
                "list",
                "--json",
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(run.status, 1);
    assert_eq!(run.json()["error"]["code"], "data_dir");
}
