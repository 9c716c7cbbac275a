//! The audit log as people see it: which front did what to which case, document and question,
//! and when; by ids alone, never names, file names or contents. Viewing it, and writing it to a
//! CSV file for a records officer.
//!
//! The operating system's user name is deliberately not recorded: on a person's own computer
//! it is often their name, which would put patient details in a log meant to be free of them.

use std::path::Path;

use carryall_domain::Id;
use carryall_store::AuditEntry;

use crate::atomic_file::write_atomically;
use crate::{AppError, Carryall};

/// The CSV file's header line; one line per entry follows, oldest first.
const CSV_HEADER: &str = "at,actor,action,case_id,document_id,question_id\n";

impl Carryall {
    /// The audit log, oldest first; only the entries about `case_id` when one is given (a
    /// deleted case's entries are kept, so its id still works after deletion).
    pub fn audit_log(&self, case_id: Option<&str>) -> Result<Vec<AuditEntry>, AppError> {
        let Some(typed) = case_id else {
            return Ok(self.store().audit_log()?);
        };
        let no_such = || AppError::NoSuchCase(typed.trim().to_owned());
        let id = Id::parse(typed).map_err(|_| no_such())?;
        let entries = self.store().case_audit_log(&id)?;
        if entries.is_empty() {
            return Err(no_such());
        }
        Ok(entries)
    }

    /// Writes the audit log (or one case's part of it) to `out` as CSV, atomically: the file
    /// appears complete or not at all. Returns how many entries were written.
    pub fn write_audit_csv(&self, case_id: Option<&str>, out: &Path) -> Result<usize, AppError> {
        let entries = self.audit_log(case_id)?;
        write_atomically(out, csv(&entries).as_bytes()).map_err(|source| AppError::WriteFile {
            path: out.to_owned(),
            source,
        })?;
        Ok(entries.len())
    }
}

/// The entries as CSV. Every field is a timestamp, a fixed word or an id, none of which can
/// hold a comma, a quote or a line break, so no field needs quoting.
fn csv(entries: &[AuditEntry]) -> String {
    let mut text = String::from(CSV_HEADER);
    for entry in entries {
        text.push_str(&format!(
            "{},{},{},{},{},{}\n",
            entry.at.to_rfc3339(),
            entry.actor,
            entry.action.slug(),
            entry.case_id.as_ref().map(Id::as_str).unwrap_or_default(),
            entry
                .document_id
                .as_ref()
                .map(Id::as_str)
                .unwrap_or_default(),
            entry
                .question_id
                .as_ref()
                .map(Id::as_str)
                .unwrap_or_default(),
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Actor, ErrorCode};
    use carryall_domain::CaseForm;

    #[test]
    fn the_log_is_shown_per_case_and_written_as_csv_without_names() {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(&dir.path().join("data"), Actor::Cli).unwrap();
        let form = |name| CaseForm {
            patient_name: name,
            ..CaseForm::default()
        };
        let kept = app.create_case(&form("Ottoline Brackenbury")).unwrap();
        let gone = app.create_case(&form("Ottoline Brackenbury")).unwrap();
        app.delete_case(gone.id.as_str()).unwrap();
        assert_eq!(app.audit_log(None).unwrap().len(), 3);
        let of_gone = app.audit_log(Some(gone.id.as_str())).unwrap();
        assert_eq!(of_gone.len(), 2, "a deleted case's entries stay");
        let out = dir.path().join("audit.csv");
        assert_eq!(app.write_audit_csv(None, &out).unwrap(), 3);
        let written = std::fs::read_to_string(&out).unwrap();
        let lines: Vec<&str> = written.lines().collect();
        assert_eq!(lines[0], CSV_HEADER.trim_end());
        assert!(lines[1].ends_with(&format!(",cli,case_created,{},,", kept.id)));
        assert!(lines[3].contains(&format!(",case_deleted,{},", gone.id)));
        assert!(!written.contains("Ottoline"));
        let unknown = app.audit_log(Some("NOSUCHCASE00")).unwrap_err();
        assert_eq!(unknown.code(), ErrorCode::NotFound);
    }

    #[test]
    fn a_csv_that_cannot_be_written_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(&dir.path().join("data"), Actor::Cli).unwrap();
        let out = dir.path().join("no-such-folder").join("audit.csv");
        let error = app.write_audit_csv(None, &out).unwrap_err();
        assert_eq!(error.code(), ErrorCode::Io);
        assert!(error.to_string().starts_with("The file "), "{error}");
        assert!(!out.exists());
    }
}
