//! `carryall check`: re-hash every stored file and check the database; exit 1 if anything is
//! damaged.

use carryall_app::integrity::Damage;
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::output::Report;

/// Runs the check and reports each damaged file by its original names.
pub fn run(app: &Carryall) -> Result<Report, AppError> {
    let report = app.check()?;
    let damaged: Vec<DamagedJson> = report
        .damaged
        .iter()
        .map(|d| DamagedJson {
            sha256: d.sha256.to_string(),
            names: d.names.clone(),
            problem: d.problem.slug(),
            actual_sha256: match &d.problem {
                Damage::Altered(actual) => Some(actual.to_string()),
                _ => None,
            },
        })
        .collect();
    let mut text = String::new();
    for d in &damaged {
        let what = match d.problem {
            "missing" => "is missing",
            "altered" => "has changed since it was imported",
            _ => "cannot be read",
        };
        text.push_str(&format!(
            "DAMAGED  {} {what} (sha256 {})\n",
            d.names.join(", "),
            d.sha256
        ));
    }
    for problem in &report.database_problems {
        text.push_str(&format!("DATABASE {problem}\n"));
    }
    text.push_str(&if report.is_sound() {
        format!("All {} stored files match their hashes, and the database is sound.\n", report.files_checked)
    } else {
        "Some records are damaged. Damaged files will not be exported; import them again from the originals.\n"
            .to_owned()
    });
    let json = CheckJson {
        ok: report.is_sound(),
        files_checked: report.files_checked,
        damaged,
        database_problems: report.database_problems.clone(),
        unused_files_removed: report.unused_files_removed,
    };
    let out = Report::new(text, &json);
    Ok(if report.is_sound() { out } else { out.failed() })
}

#[derive(Serialize)]
struct CheckJson {
    ok: bool,
    files_checked: usize,
    damaged: Vec<DamagedJson>,
    database_problems: Vec<String>,
    unused_files_removed: usize,
}

#[derive(Serialize)]
struct DamagedJson {
    sha256: String,
    names: Vec<String>,
    problem: &'static str,
    actual_sha256: Option<String>,
}
