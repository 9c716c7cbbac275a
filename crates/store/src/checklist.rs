//! Queries on the checklist states a person set by hand (requested, not applicable).

use carryall_domain::Id;
use chrono::{DateTime, Utc};
use rusqlite::params;

use crate::{Store, StoreError};

/// One hand-set state as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistRow {
    /// The checklist item's id.
    pub item_id: String,
    /// `requested` or `not_applicable`.
    pub state: String,
    /// From whom it was requested, or why it does not apply.
    pub note: Option<String>,
    /// When it was set.
    pub changed_at: DateTime<Utc>,
}

impl Store {
    /// Sets (or with `state` `None`, clears) an item's hand-set state.
    pub fn set_checklist_state(
        &mut self,
        case_id: &Id,
        item_id: &str,
        state: Option<(&str, Option<&str>)>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        match state {
            None => {
                self.conn.execute(
                    "DELETE FROM checklist_states WHERE case_id = ?1 AND item_id = ?2",
                    params![case_id.as_str(), item_id],
                )?;
            }
            Some((state, note)) => {
                self.conn.execute(
                    "INSERT INTO checklist_states (case_id, item_id, state, note, changed_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (case_id, item_id)
                     DO UPDATE SET state = excluded.state, note = excluded.note, changed_at = excluded.changed_at",
                    params![case_id.as_str(), item_id, state, note, at.to_rfc3339()],
                )?;
            }
        }
        Ok(())
    }

    /// A case's hand-set checklist states.
    pub fn checklist_states(&self, case_id: &Id) -> Result<Vec<ChecklistRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT item_id, state, note, changed_at FROM checklist_states WHERE case_id = ?1 ORDER BY item_id",
        )?;
        let rows = stmt.query_map([case_id.as_str()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (item_id, state, note, changed_at) = row?;
            let changed_at = DateTime::parse_from_rfc3339(&changed_at)
                .map_err(|_| StoreError::Damaged {
                    table: "checklist_states",
                    column: "changed_at",
                })?
                .with_timezone(&Utc);
            Ok(ChecklistRow {
                item_id,
                state,
                note,
                changed_at,
            })
        })
        .collect()
    }
}
