//! Printing results and errors: text for people, or one JSON document for programs.

use std::io::Write;
use std::process::ExitCode;

use carryall_app::AppError;
use serde::Serialize;

/// What a command produced, ready to print either way.
pub struct Report {
    text: String,
    json: serde_json::Value,
    failed: bool,
}

impl Report {
    /// A report with its human text and its JSON form.
    pub fn new(text: String, json: &impl Serialize) -> Report {
        // The CLI's JSON types are plain structs with string keys: serialising cannot fail.
        let json = serde_json::to_value(json).unwrap_or(serde_json::Value::Null);
        Report {
            text,
            json,
            failed: false,
        }
    }

    /// The same report, but the command exits with status 1 (some of the work failed).
    pub fn failed(self) -> Report {
        Report {
            failed: true,
            ..self
        }
    }
}

/// Where and how results are printed.
pub struct Output {
    json: bool,
}

impl Output {
    /// Output in JSON when `json`, else text.
    pub fn new(json: bool) -> Output {
        Output { json }
    }

    /// Prints a successful result.
    pub fn report(&self, report: &Report) -> ExitCode {
        let printed = if self.json {
            writeln!(std::io::stdout(), "{}", report.json)
        } else {
            write!(std::io::stdout(), "{}", report.text)
        };
        // A closed pipe (`carryall case list | head`) is not the command's failure.
        let status = if report.failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
        match printed {
            Ok(()) => status,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
            Err(_) => ExitCode::FAILURE,
        }
    }

    /// Prints a failure: as `{"error":{"code","message"}}` on standard output with `--json`,
    /// else as a sentence on standard error.
    pub fn error(&self, error: &AppError) -> ExitCode {
        if self.json {
            let body = serde_json::json!({
                "error": { "code": error.code().as_str(), "message": error.to_string() }
            });
            let _ = writeln!(std::io::stdout(), "{body}");
        } else {
            let _ = writeln!(std::io::stderr(), "carryall: {error}");
        }
        ExitCode::FAILURE
    }
}
