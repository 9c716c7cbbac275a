//! Queries on a case's concerns: what worries the person, in their own words ("keeping my
//! hair", "my work"), in the order they were added. The question rules match them.
//!
//! Adding and removing a concern is logged in the audit log by the case's id alone: the words
//! are health details and stay out of it.

use carryall_domain::Id;
use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use crate::audit::{self, Action};
use crate::{Store, StoreError};

/// One concern as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcernRow {
    /// The concern's id.
    pub id: Id,
    /// The person's words.
    pub text: String,
}

impl Store {
    /// The case's concerns, oldest first.
    pub fn concerns(&self, case_id: &Id) -> Result<Vec<ConcernRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, text FROM concerns WHERE case_id = ?1 ORDER BY position, rowid")?;
        let rows = stmt.query_map([case_id.as_str()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (id, text) = row?;
            let id = Id::parse(&id).map_err(|_| StoreError::Damaged {
                table: "concerns",
                column: "id",
            })?;
            Ok(ConcernRow { id, text })
        })
        .collect()
    }

    /// Adds a concern at the end of the case's list, and logs it. One transaction.
    pub fn add_concern(
        &mut self,
        case_id: &Id,
        concern: &ConcernRow,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        insert(&tx, case_id, concern)?;
        audit::record(&tx, at, actor, Action::ConcernAdded, case_id, None)?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a concern of the case, and logs it. [`StoreError::NotFound`] when the case has
    /// no such concern. One transaction.
    pub fn remove_concern(
        &mut self,
        case_id: &Id,
        id: &Id,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let removed = tx.execute(
            "DELETE FROM concerns WHERE case_id = ?1 AND id = ?2",
            params![case_id.as_str(), id.as_str()],
        )?;
        if removed == 0 {
            return Err(StoreError::NotFound);
        }
        audit::record(&tx, at, actor, Action::ConcernRemoved, case_id, None)?;
        tx.commit()?;
        Ok(())
    }
}

/// Inserts a concern after the case's last one, inside the caller's transaction.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    case_id: &Id,
    concern: &ConcernRow,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO concerns (id, case_id, position, text)
         VALUES (?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM concerns WHERE case_id = ?2), ?3)",
        params![concern.id.as_str(), case_id.as_str(), concern.text],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, new_case};

    fn concern(seed: u8, text: &str) -> ConcernRow {
        ConcernRow {
            id: Id::from_random([seed; 8]),
            text: text.to_owned(),
        }
    }

    #[test]
    fn concerns_are_kept_in_order_per_case_and_removed_by_id() {
        let mut store = Store::open_in_memory().unwrap();
        let (case, other) = (new_case(&mut store, 1), new_case(&mut store, 2));
        let hair = concern(10, "keeping my hair");
        let work = concern(11, "my work");
        store.add_concern(&case, &hair, "cli", at(1)).unwrap();
        store.add_concern(&case, &work, "desktop", at(2)).unwrap();
        store
            .add_concern(&other, &concern(12, "fertility"), "cli", at(3))
            .unwrap();
        assert_eq!(store.concerns(&case).unwrap(), [hair.clone(), work.clone()]);

        let not_theirs = store.remove_concern(&other, &hair.id, "cli", at(4));
        assert!(matches!(not_theirs, Err(StoreError::NotFound)));
        store.remove_concern(&case, &hair.id, "cli", at(5)).unwrap();
        assert_eq!(store.concerns(&case).unwrap(), [work]);

        let log = store.case_audit_log(&case).unwrap();
        let actions: Vec<Action> = log.iter().map(|e| e.action).collect();
        assert_eq!(
            actions,
            [
                Action::CaseCreated,
                Action::ConcernAdded,
                Action::ConcernAdded,
                Action::ConcernRemoved
            ]
        );
        assert!(
            log.iter()
                .all(|e| e.document_id.is_none() && e.question_id.is_none())
        );
    }

    #[test]
    fn deleting_the_case_deletes_its_concerns() {
        let mut store = Store::open_in_memory().unwrap();
        let case = new_case(&mut store, 1);
        store
            .add_concern(&case, &concern(10, "my work"), "cli", at(1))
            .unwrap();
        store.delete_case(&case, "cli", at(2)).unwrap();
        let left: i64 = store
            .conn
            .query_row("SELECT count(*) FROM concerns", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }
}
