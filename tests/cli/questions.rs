//! `carryall questions`: questions tailored to what a case's documents say, and the person's
//! changes to the list (own questions, stars, removals, edits, order) kept when the documents
//! are read again.

use std::path::PathBuf;

use serde_json::Value;

use crate::harness::{Cli, Run};

fn fixture(relative: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/documents")
        .join(relative)
        .to_string_lossy()
        .into_owned()
}

/// A new case of `details` holding `fixtures`; returns the case and its documents' ids by name.
fn case_with(cli: &Cli, details: &[&str], fixtures: &[&str]) -> (String, Vec<(String, String)>) {
    let case = cli.new_case(details);
    let paths: Vec<String> = fixtures.iter().map(|f| fixture(f)).collect();
    let mut args = vec!["add", case.as_str(), "--json"];
    args.extend(paths.iter().map(String::as_str));
    cli.run(&args).success();
    let docs = cli.run(&["docs", &case, "--json"]).success().json();
    let ids = docs["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let name = d["original_name"].as_str().unwrap().to_owned();
            (name, d["id"].as_str().unwrap().to_owned())
        })
        .collect();
    (case, ids)
}

fn doc_id<'a>(docs: &'a [(String, String)], name: &str) -> &'a str {
    &docs.iter().find(|(n, _)| n == name).expect("document").1
}

fn questions(run: Run) -> Vec<Value> {
    run.success().json()["questions"]
        .as_array()
        .unwrap()
        .clone()
}

fn list(cli: &Cli, case: &str) -> Vec<Value> {
    questions(cli.run(&["questions", case, "--json"]))
}

fn by_rule<'a>(list: &'a [Value], rule: &str) -> &'a Value {
    list.iter()
        .find(|q| q["rule_id"] == rule)
        .unwrap_or_else(|| panic!("no question from rule {rule} in {list:#?}"))
}

fn has_rule(list: &[Value], rule: &str) -> bool {
    list.iter().any(|q| q["rule_id"] == rule)
}

fn id(question: &Value) -> String {
    question["id"].as_str().unwrap().to_owned()
}

fn reason(question: &Value) -> &str {
    question["reason"].as_str().unwrap_or("")
}

#[test]
fn a_breast_case_gets_questions_from_its_documents_and_keeps_the_persons_changes() {
    let cli = Cli::new();
    let (case, docs) = case_with(
        &cli,
        &[
            "--patient",
            "Priya Sharma",
            "--cancer-type",
            "breast",
            "--reason",
            "Second opinion before chemo: will it work?",
            "--concern",
            "losing my hair",
        ],
        &[
            "chromium/breast-pathology-mumbai.pdf",
            "libreoffice/oncology-consult-chennai.pdf",
            "chromium/cbc-delhi.pdf",
        ],
    );
    let pathology = doc_id(&docs, "breast-pathology-mumbai.pdf");
    let consult = doc_id(&docs, "oncology-consult-chennai.pdf");
    let lab = doc_id(&docs, "cbc-delhi.pdf");

    let first = list(&cli, &case);
    let keys = [
        "id",
        "text",
        "theme",
        "reason",
        "source_document",
        "starred",
        "user_written",
    ];
    for (index, question) in first.iter().enumerate() {
        for key in keys {
            assert!(question.get(key).is_some(), "{key} missing in {question}");
        }
        assert_eq!(question["position"], index + 1);
        assert_eq!(question["starred"], false);
        assert_eq!(question["user_written"], false);
    }
    // The two reports disagree on the grade and on ER: both are named.
    let grade = by_rule(&first, "diagnosis.conflict");
    assert!(
        reason(grade).contains("breast-pathology-mumbai.pdf")
            && reason(grade).contains("oncology-consult-chennai.pdf"),
        "{grade}"
    );
    assert_eq!(grade["source_document"], pathology);
    let er = by_rule(&first, "diagnosis.receptor_conflict");
    assert!(er["text"].as_str().unwrap().contains("ER"), "{er}");
    // The flagged blood count and the consult's plan are quoted with their documents.
    let flagged = by_rule(&first, "tests.flagged_lab");
    assert!(
        flagged["text"]
            .as_str()
            .unwrap()
            .contains("Haemoglobin 9.8")
    );
    assert!(reason(flagged).contains("cbc-delhi.pdf"));
    assert_eq!(flagged["source_document"], lab);
    let chemo = by_rule(&first, "options.chemotherapy");
    assert!(reason(chemo).contains("oncology-consult-chennai.pdf"));
    assert_eq!(chemo["source_document"], consult);
    assert!(has_rule(&first, "side_effects.arm_swelling"), "breast only");
    assert_eq!(
        reason(by_rule(&first, "side_effects.hair")),
        "You said: \u{201c}losing my hair\u{201d}."
    );
    assert!(
        !has_rule(&first, "daily_life.work"),
        "the reason's words are not concerns"
    );

    // Add one of the person's own: it goes last.
    let own_text = "Can my daughter join the appointment by video?";
    let added = questions(cli.run(&["questions", &case, "--add", own_text, "--json"]));
    let own = added.last().unwrap();
    assert_eq!(own["text"], own_text);
    assert_eq!(own["user_written"], true);
    assert_eq!(own["reason"], Value::Null);
    assert_eq!(own["source_document"], Value::Null);
    assert_eq!(added.len(), first.len() + 1);

    // Five stars, then a sixth is refused.
    let starred = [
        "diagnosis.conflict",
        "diagnosis.agree",
        "options.all",
        "timing.how_soon",
        "tests.flagged_lab",
    ];
    for rule in starred {
        let question = id(by_rule(&first, rule));
        cli.run(&["questions", &case, "--star", &question])
            .success();
    }
    let sixth = cli.run(&[
        "questions",
        &case,
        "--star",
        &id(by_rule(&first, "goal.aim")),
        "--json",
    ]);
    assert_eq!(sixth.status, 1);
    let error = &sixth.json()["error"];
    assert_eq!(error["code"], "invalid_input");
    assert!(
        error["message"].as_str().unwrap().contains("Only 5"),
        "{error}"
    );
    let plain = cli.run(&[
        "questions",
        &case,
        "--star",
        &id(by_rule(&first, "goal.aim")),
    ]);
    assert_eq!(plain.status, 1);
    assert!(plain.stderr.contains("Unstar one"), "{}", plain.stderr);

    // Remove a suggestion, reword another, move the person's own to the top.
    let removed = id(by_rule(&first, "side_effects.arm_swelling"));
    cli.run(&["questions", &case, "--remove", &removed])
        .success();
    let reworded = "Which grade is right, 2 or 3, and does it change my treatment?";
    cli.run(&[
        "questions",
        &case,
        "--edit",
        &id(by_rule(&first, "stage.grade")),
        "--text",
        reworded,
    ])
    .success();
    let before = questions(cli.run(&[
        "questions",
        &case,
        "--move",
        &id(own),
        "--to",
        "1",
        "--json",
    ]));
    assert_eq!(before[0]["text"], own_text);
    assert_eq!(before[0]["position"], 1);
    assert!(!has_rule(&before, "side_effects.arm_swelling"));
    assert_eq!(by_rule(&before, "stage.grade")["text"], reworded);
    assert_eq!(before.iter().filter(|q| q["starred"] == true).count(), 5);

    // Reading every document again regenerates the suggestions: nothing the person did is lost.
    cli.run(&["read", &case, "--again"]).success();
    let after = list(&cli, &case);
    assert_eq!(after, before);

    let text = cli.run(&["questions", &case]).success().stdout;
    assert!(
        text.starts_with(&format!(
            "{} questions for the specialist; 5 of up to 5",
            after.len()
        )),
        "{text}"
    );
    assert!(text.contains(&format!(" 1. {own_text}  [")), "{text}");
    assert!(text.contains("your own question"), "{text}");
    assert!(
        text.contains("\u{2605} My reports don't agree on the grade"),
        "{text}"
    );
    assert!(text.contains("why: Your Complete Blood Count"), "{text}");

    // Without the consult, its suggestions go, unless starred (or edited): the grade
    // conflict was starred and stays; the ER conflict and the chemotherapy question go.
    cli.run(&["remove", &case, consult]).success();
    let fewer = list(&cli, &case);
    assert!(has_rule(&fewer, "diagnosis.conflict"));
    assert!(has_rule(&fewer, "stage.grade"), "edited: kept");
    assert!(!has_rule(&fewer, "diagnosis.receptor_conflict"));
    assert!(!has_rule(&fewer, "options.chemotherapy"));
    assert_eq!(
        by_rule(&fewer, "diagnosis.conflict")["source_document"],
        pathology
    );

    // Unstar frees a place; a removed suggestion can be brought back.
    cli.run(&[
        "questions",
        &case,
        "--unstar",
        &id(by_rule(&first, "options.all")),
    ])
    .success();
    let restored = questions(cli.run(&["questions", &case, "--restore", &removed, "--json"]));
    assert!(has_rule(&restored, "side_effects.arm_swelling"));
    assert_eq!(restored.iter().filter(|q| q["starred"] == true).count(), 4);
    // Removing the person's own deletes it.
    let gone = questions(cli.run(&["questions", &case, "--remove", &id(own), "--json"]));
    assert!(gone.iter().all(|q| q["text"] != own_text));

    // Every change is in the audit log, by the question's id and never its words.
    let audit = cli.run(&["audit", "--case", &case, "--json"]).success();
    let entries = audit.json()["entries"].as_array().unwrap().clone();
    let about = |action: &str| -> Vec<String> {
        entries
            .iter()
            .filter(|e| e["action"] == action)
            .map(|e| e["question_id"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(about("question_added"), [id(own)]);
    assert_eq!(about("question_starred").len(), 5);
    assert_eq!(
        about("question_unstarred"),
        [id(by_rule(&first, "options.all"))]
    );
    assert_eq!(about("question_removed"), [removed.clone(), id(own)]);
    assert_eq!(about("question_restored"), [removed]);
    assert_eq!(
        about("question_edited"),
        [id(by_rule(&first, "stage.grade"))]
    );
    assert_eq!(about("question_moved"), [id(own)]);
    assert!(!about("questions_regenerated").is_empty());
    for words in [own_text, reworded, "hair", "Priya"] {
        assert!(!audit.stdout.contains(words), "{words} in the audit log");
    }
    let shown = cli.run(&["audit", "--case", &case]).success().stdout;
    assert!(
        shown.contains(&format!(
            "{:<21} case {case}  question {}",
            "question_moved",
            id(own)
        )),
        "{shown}"
    );
}

#[test]
fn concerns_are_listed_added_and_removed_and_tailor_the_questions() {
    let cli = Cli::new();
    let case = cli.new_case(&[
        "--patient",
        "Meera Iyer",
        "--cancer-type",
        "breast",
        "--concern",
        "fertility",
        "--concern",
        "already started chemo",
    ]);
    let concerns = |run: Run| run.success().json()["concerns"].as_array().unwrap().clone();
    let listed = concerns(cli.run(&["concerns", &case, "--json"]));
    let texts: Vec<&str> = listed.iter().map(|c| c["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["fertility", "already started chemo"]);
    let first = list(&cli, &case);
    assert_eq!(
        reason(by_rule(&first, "daily_life.fertility")),
        "You said: \u{201c}fertility\u{201d}."
    );
    assert_eq!(
        reason(by_rule(&first, "timing.already_started")),
        "You said: \u{201c}already started chemo\u{201d}."
    );
    assert!(!has_rule(&first, "daily_life.work"));

    let added = concerns(cli.run(&["concerns", &case, "--add", "my work as a teacher", "--json"]));
    assert_eq!(added.len(), 3);
    let fertility = listed[0]["id"].as_str().unwrap();
    let after = concerns(cli.run(&["concerns", &case, "--remove", fertility, "--json"]));
    assert_eq!(after.len(), 2);
    let now = list(&cli, &case);
    assert!(has_rule(&now, "daily_life.work"));
    assert!(!has_rule(&now, "daily_life.fertility"));

    let text = cli.run(&["concerns", &case]).success().stdout;
    assert!(text.contains("  my work as a teacher\n"), "{text}");
    let shown = cli.run(&["case", "show", &case, "--json"]).success().json();
    assert_eq!(
        shown["concerns"],
        serde_json::json!(["already started chemo", "my work as a teacher"])
    );
    assert_eq!(shown["patient"], "Meera Iyer", "the case's own keys stay");
    let shown = cli.run(&["case", "show", &case]).success().stdout;
    assert!(
        shown.contains("  Concerns:\n    already started chemo\n"),
        "{shown}"
    );
    let blank = cli.run(&["concerns", &case, "--add", "  ", "--json"]);
    assert_eq!(blank.status, 1);
    assert_eq!(blank.json()["error"]["code"], "invalid_input");
    let unknown = cli.run(&["concerns", &case, "--remove", fertility, "--json"]);
    assert_eq!(unknown.status, 1);
    assert_eq!(unknown.json()["error"]["code"], "not_found");
    let both = cli.run(&["concerns", &case, "--add", "x", "--remove", fertility]);
    assert_eq!(both.status, 2, "one change at a time");
    let audit = cli.run(&["audit", "--case", &case]).success().stdout;
    assert!(audit.contains("concern_added"), "{audit}");
    assert!(audit.contains("concern_removed"), "{audit}");
    assert!(!audit.contains("teacher"), "{audit}");
}

#[test]
fn a_prostate_case_gets_a_different_list() {
    let cli = Cli::new();
    let (case, docs) = case_with(
        &cli,
        &["--patient", "Graham Whitworth", "--cancer-type", "prostate"],
        &[
            "libreoffice/prostate-biopsy-leeds.pdf",
            "ghostscript/psa-chemistry-chicago.pdf",
        ],
    );
    let prostate = list(&cli, &case);
    assert!(
        by_rule(&prostate, "diagnosis.agree")["text"]
            .as_str()
            .unwrap()
            .contains("Gleason")
    );
    assert!(has_rule(&prostate, "options.prostate_compare"));
    assert!(has_rule(&prostate, "side_effects.prostate"));
    let flagged = by_rule(&prostate, "tests.flagged_lab");
    assert!(
        reason(flagged).contains("psa-chemistry-chicago.pdf"),
        "{flagged}"
    );
    assert_eq!(
        flagged["source_document"],
        doc_id(&docs, "psa-chemistry-chicago.pdf")
    );
    for breast_only in ["side_effects.arm_swelling", "options.hormone"] {
        assert!(!has_rule(&prostate, breast_only), "{breast_only}");
    }
    // Gleason 4+3=7 (Grade Group 3) is not a case for active surveillance.
    assert!(!has_rule(&prostate, "options.active_surveillance"));

    // A Grade Group 2 biopsy (a scan, read by OCR) with a PSA under 10 is.
    let (low_risk, docs) = case_with(
        &cli,
        &["--patient", "Nigel Ferris", "--cancer-type", "prostate"],
        &["scans/prostate-biopsy-salisbury.tiff"],
    );
    let low = list(&cli, &low_risk);
    let surveillance = by_rule(&low, "options.active_surveillance");
    assert!(
        surveillance["text"]
            .as_str()
            .unwrap()
            .contains("active surveillance")
    );
    assert!(reason(surveillance).contains("prostate-biopsy-salisbury.tiff"));
    assert_eq!(
        surveillance["source_document"],
        doc_id(&docs, "prostate-biopsy-salisbury.tiff")
    );
}

#[test]
fn mistakes_are_explained_and_change_nothing() {
    let cli = Cli::new();
    let case = cli.new_case(&["--patient", "Asha Verma", "--cancer-type", "lung"]);
    let start = list(&cli, &case);
    assert!(!start.is_empty(), "everyone gets the basic questions");
    let first = id(&start[0]);

    let unknown = cli.run(&["questions", &case, "--star", "NOSUCHQUEST0", "--json"]);
    assert_eq!(unknown.status, 1);
    assert_eq!(unknown.json()["error"]["code"], "not_found");
    let blank = cli.run(&["questions", &case, "--add", "  ", "--json"]);
    assert_eq!(blank.status, 1);
    assert_eq!(blank.json()["error"]["code"], "invalid_input");
    let nowhere = cli.run(&["questions", &case, "--move", &first, "--to", "0", "--json"]);
    assert_eq!(nowhere.status, 1);
    assert_eq!(nowhere.json()["error"]["code"], "invalid_input");
    let no_case = cli.run(&["questions", "NOSUCHCASE00", "--json"]);
    assert_eq!(no_case.status, 1);
    assert_eq!(no_case.json()["error"]["code"], "not_found");

    // One change per call, and each change with its value.
    let two = cli.run(&["questions", &case, "--star", &first, "--remove", &first]);
    assert_eq!(two.status, 2);
    assert_eq!(cli.run(&["questions", &case, "--edit", &first]).status, 2);
    assert_eq!(cli.run(&["questions", &case, "--to", "2"]).status, 2);

    assert_eq!(list(&cli, &case), start);
}
