//! `carryall audit`: the audit log (who did what, when, by ids only), shown or written to CSV.

use std::path::Path;

use carryall_app::store::AuditEntry;
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::output::Report;

/// Shows the log (all of it, or one case's entries), or writes it to `out` as CSV.
pub fn run(app: &Carryall, case: Option<&str>, out: Option<&Path>) -> Result<Report, AppError> {
    if let Some(out) = out {
        let count = app.write_audit_csv(case, out)?;
        let entries = if count == 1 { "entry" } else { "entries" };
        let text = format!("Wrote {count} audit {entries} to {}.\n", out.display());
        let json = WrittenJson {
            out: out.display().to_string(),
            count,
        };
        return Ok(Report::new(text, &json));
    }
    let entries: Vec<EntryJson> = app.audit_log(case)?.iter().map(EntryJson::from).collect();
    let mut text = String::new();
    for entry in &entries {
        text.push_str(&format!(
            "{}  {:<8} {:<21} case {}{}{}\n",
            entry.at_text,
            entry.actor,
            entry.action,
            entry.case_id.as_deref().unwrap_or("-"),
            entry
                .document_id
                .as_deref()
                .map(|id| format!("  document {id}"))
                .unwrap_or_default(),
            entry
                .question_id
                .as_deref()
                .map(|id| format!("  question {id}"))
                .unwrap_or_default(),
        ));
    }
    if entries.is_empty() {
        text.push_str("The audit log is empty.\n");
    }
    Ok(Report::new(text, &AuditJson { entries }))
}

#[derive(Serialize)]
struct AuditJson {
    entries: Vec<EntryJson>,
}

#[derive(Serialize)]
struct EntryJson {
    /// RFC 3339, UTC.
    at: String,
    #[serde(skip)]
    at_text: String,
    actor: String,
    action: &'static str,
    case_id: Option<String>,
    document_id: Option<String>,
    question_id: Option<String>,
}

impl From<&AuditEntry> for EntryJson {
    fn from(entry: &AuditEntry) -> EntryJson {
        EntryJson {
            at: entry.at.to_rfc3339(),
            at_text: entry.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            actor: entry.actor.clone(),
            action: entry.action.slug(),
            case_id: entry.case_id.as_ref().map(ToString::to_string),
            document_id: entry.document_id.as_ref().map(ToString::to_string),
            question_id: entry.question_id.as_ref().map(ToString::to_string),
        }
    }
}

#[derive(Serialize)]
struct WrittenJson {
    out: String,
    count: usize,
}
