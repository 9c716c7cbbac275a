//! The append-only audit log: who did what, and when, by ids alone.
//!
//! Entries never carry document contents, names or file names, so the log can be shown or
//! exported without exposing health data. Triggers in the schema refuse updates and deletes.

use carryall_domain::Id;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use crate::{Store, StoreError};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A case was started.
    CaseCreated,
    /// A document was imported into a case.
    DocumentImported,
    /// A person changed a document's category.
    CategoryChanged,
    /// A document was deleted from a case.
    DocumentDeleted,
    /// A packet was exported.
    PacketExported,
    /// A case was deleted with everything in it.
    CaseDeleted,
    /// The person added a question of their own.
    QuestionAdded,
    /// The person changed a question's words.
    QuestionEdited,
    /// The person removed a question from the list.
    QuestionRemoved,
    /// The person brought back a question they had removed.
    QuestionRestored,
    /// The person starred a question as most important.
    QuestionStarred,
    /// The person took a question's star away.
    QuestionUnstarred,
    /// The person moved a question to another place in the list.
    QuestionMoved,
    /// The suggested questions changed with the case: new ones added, ones no longer
    /// suggested dropped.
    QuestionsRegenerated,
    /// The person added a concern.
    ConcernAdded,
    /// The person removed a concern.
    ConcernRemoved,
    /// The records were protected with a passphrase (no case).
    ProtectionTurnedOn,
    /// The passphrase of protected records was changed (no case).
    PassphraseChanged,
}

const ACTIONS: [Action; 18] = [
    Action::CaseCreated,
    Action::DocumentImported,
    Action::CategoryChanged,
    Action::DocumentDeleted,
    Action::PacketExported,
    Action::CaseDeleted,
    Action::QuestionAdded,
    Action::QuestionEdited,
    Action::QuestionRemoved,
    Action::QuestionRestored,
    Action::QuestionStarred,
    Action::QuestionUnstarred,
    Action::QuestionMoved,
    Action::QuestionsRegenerated,
    Action::ConcernAdded,
    Action::ConcernRemoved,
    Action::ProtectionTurnedOn,
    Action::PassphraseChanged,
];

impl Action {
    /// The action's stable name (`case_created`, `document_imported`, ...).
    pub fn slug(self) -> &'static str {
        match self {
            Action::CaseCreated => "case_created",
            Action::DocumentImported => "document_imported",
            Action::CategoryChanged => "category_changed",
            Action::DocumentDeleted => "document_deleted",
            Action::PacketExported => "packet_exported",
            Action::CaseDeleted => "case_deleted",
            Action::QuestionAdded => "question_added",
            Action::QuestionEdited => "question_edited",
            Action::QuestionRemoved => "question_removed",
            Action::QuestionRestored => "question_restored",
            Action::QuestionStarred => "question_starred",
            Action::QuestionUnstarred => "question_unstarred",
            Action::QuestionMoved => "question_moved",
            Action::QuestionsRegenerated => "questions_regenerated",
            Action::ConcernAdded => "concern_added",
            Action::ConcernRemoved => "concern_removed",
            Action::ProtectionTurnedOn => "protection_turned_on",
            Action::PassphraseChanged => "passphrase_changed",
        }
    }

    fn from_slug(slug: &str) -> Option<Action> {
        ACTIONS.into_iter().find(|action| action.slug() == slug)
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Which front acted (`cli`, `desktop`).
    pub actor: String,
    /// What happened.
    pub action: Action,
    /// The case it concerned.
    pub case_id: Option<Id>,
    /// The document it concerned.
    pub document_id: Option<Id>,
    /// The question it concerned.
    pub question_id: Option<Id>,
}

/// Appends one entry inside the caller's transaction.
pub(crate) fn record(
    conn: &Connection,
    at: DateTime<Utc>,
    actor: &str,
    action: Action,
    case_id: &Id,
    document_id: Option<&Id>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, case_id, document_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at.to_rfc3339(), actor, action.slug(), case_id.as_str(), document_id.map(Id::as_str)],
    )?;
    Ok(())
}

/// Appends one entry about a question (by its id alone) inside the caller's transaction.
pub(crate) fn record_question(
    conn: &Connection,
    at: DateTime<Utc>,
    actor: &str,
    action: Action,
    case_id: &Id,
    question_id: &Id,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, case_id, question_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at.to_rfc3339(), actor, action.slug(), case_id.as_str(), question_id.as_str()],
    )?;
    Ok(())
}

impl Store {
    /// Records something done to the records as a whole (no case): protection turned on, a
    /// passphrase changed.
    pub fn record_for_all_records(
        &self,
        action: Action,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO audit_log (at, actor, action) VALUES (?1, ?2, ?3)",
            params![at.to_rfc3339(), actor, action.slug()],
        )?;
        Ok(())
    }

    /// The whole audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_entries(None)
    }

    /// The audit log's entries about one case (also after it was deleted), oldest first.
    pub fn case_audit_log(&self, case_id: &Id) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_entries(Some(case_id))
    }

    fn audit_entries(&self, case_id: Option<&Id>) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT at, actor, action, case_id, document_id, question_id FROM audit_log
             WHERE ?1 IS NULL OR case_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([case_id.map(Id::as_str)], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (at, actor, action, case_id, document_id, question_id) = row?;
            let damaged = |column| StoreError::Damaged {
                table: "audit_log",
                column,
            };
            let id = |text: Option<String>, column| {
                text.map(|t| Id::parse(&t).map_err(|_| damaged(column)))
                    .transpose()
            };
            Ok(AuditEntry {
                at: DateTime::parse_from_rfc3339(&at)
                    .map_err(|_| damaged("at"))?
                    .with_timezone(&Utc),
                actor,
                action: Action::from_slug(&action).ok_or_else(|| damaged("action"))?,
                case_id: id(case_id, "case_id")?,
                document_id: id(document_id, "document_id")?,
                question_id: id(question_id, "question_id")?,
            })
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, new_case};

    #[test]
    fn a_cases_entries_are_kept_after_it_is_deleted_and_no_others_are_shown() {
        let mut store = Store::open_in_memory().unwrap();
        let (a, b) = (new_case(&mut store, 1), new_case(&mut store, 2));
        store.delete_case(&a, "desktop", at(9)).unwrap();
        let of_a = store.case_audit_log(&a).unwrap();
        let actions: Vec<Action> = of_a.iter().map(|e| e.action).collect();
        assert_eq!(actions, [Action::CaseCreated, Action::CaseDeleted]);
        assert_eq!(of_a[1].actor, "desktop");
        assert_eq!(of_a[1].at, at(9));
        assert_eq!(store.case_audit_log(&b).unwrap().len(), 1);
        assert_eq!(store.audit_log().unwrap().len(), 3);
    }

    #[test]
    fn every_action_slug_reads_back_as_its_action() {
        for action in ACTIONS {
            assert_eq!(Action::from_slug(action.slug()), Some(action));
        }
        assert_eq!(Action::from_slug("nonsense"), None);
    }
}
