//! Queries on patients and cases.

use carryall_domain::{CancerType, Case, CaseStatus, Id, Patient};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};

use crate::audit::{self, Action};
use crate::concerns::{self, ConcernRow};
use crate::{Store, StoreError};

const SELECT_CASE: &str = "
    SELECT c.id, c.cancer_type, c.reason, c.provider, c.appointment, c.status, c.created_at,
           p.id, p.name, p.date_of_birth
    FROM cases c JOIN patients p ON p.id = c.patient_id";

impl Store {
    /// Stores a new case and its patient, and logs it, in one transaction.
    pub fn create_case(&mut self, case: &Case, actor: &str) -> Result<(), StoreError> {
        self.create_case_with_concerns(case, &[], actor)
    }

    /// Stores a new case, its patient and the person's concerns (in this order), and logs
    /// the case, in one transaction.
    pub fn create_case_with_concerns(
        &mut self,
        case: &Case,
        concerns: &[ConcernRow],
        actor: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let created_at = case.created_at.to_rfc3339();
        tx.execute(
            "INSERT INTO patients (id, name, date_of_birth, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![
                case.patient.id.as_str(),
                case.patient.name,
                case.patient.date_of_birth.map(|d| d.to_string()),
                created_at,
            ],
        )?;
        tx.execute(
            "INSERT INTO cases (id, patient_id, cancer_type, reason, provider, appointment,
                                status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                case.id.as_str(),
                case.patient.id.as_str(),
                case.cancer_type.as_ref().map(CancerType::slug),
                case.reason,
                case.provider,
                case.appointment.map(|d| d.to_string()),
                case.status.slug(),
                created_at,
            ],
        )?;
        audit::record(
            &tx,
            case.created_at,
            actor,
            Action::CaseCreated,
            &case.id,
            None,
        )?;
        for concern in concerns {
            concerns::insert(&tx, &case.id, concern)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks a case as exported and logs the export, in one transaction.
    pub fn record_export(
        &mut self,
        id: &Id,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE cases SET status = 'exported' WHERE id = ?1",
            [id.as_str()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        audit::record(&tx, at, actor, Action::PacketExported, id, None)?;
        tx.commit()?;
        Ok(())
    }

    /// Every case, newest first.
    pub fn cases(&self) -> Result<Vec<Case>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_CASE} ORDER BY c.created_at DESC, c.id"))?;
        let rows = stmt.query_map([], read_case)?;
        rows.map(|row| row?).collect()
    }

    /// The case with this id, if there is one.
    pub fn case(&self, id: &Id) -> Result<Option<Case>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_CASE} WHERE c.id = ?1"))?;
        stmt.query_row([id.as_str()], read_case)
            .optional()?
            .transpose()
    }
}

/// Reads one row of [`SELECT_CASE`]; the outer error is SQLite's, the inner a damaged value.
fn read_case(row: &Row<'_>) -> rusqlite::Result<Result<Case, StoreError>> {
    let text = |i: usize| row.get::<_, String>(i);
    let optional = |i: usize| row.get::<_, Option<String>>(i);
    let (id, cancer, reason, provider) = (text(0)?, optional(1)?, optional(2)?, optional(3)?);
    let (appointment, status, created) = (optional(4)?, text(5)?, text(6)?);
    let (patient_id, name, born) = (text(7)?, text(8)?, optional(9)?);

    let damaged = |table, column| StoreError::Damaged { table, column };
    let parse_id = |text: &str, table, column| Id::parse(text).map_err(|_| damaged(table, column));
    let date = |text: Option<String>, table, column| {
        text.map(|t| t.parse::<NaiveDate>().map_err(|_| damaged(table, column)))
            .transpose()
    };
    let build = || {
        Ok(Case {
            id: parse_id(&id, "cases", "id")?,
            patient: Patient {
                id: parse_id(&patient_id, "patients", "id")?,
                name,
                date_of_birth: date(born, "patients", "date_of_birth")?,
            },
            cancer_type: cancer.as_deref().map(CancerType::from_slug),
            reason,
            provider,
            appointment: date(appointment, "cases", "appointment")?,
            status: CaseStatus::from_slug(&status).ok_or(damaged("cases", "status"))?,
            created_at: DateTime::parse_from_rfc3339(&created)
                .map_err(|_| damaged("cases", "created_at"))?
                .with_timezone(&Utc),
        })
    };
    Ok(build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn sample_case(seed: u8, created_minute: u32) -> Case {
        Case {
            id: Id::from_random([seed; 8]),
            patient: Patient {
                id: Id::from_random([seed.wrapping_add(100); 8]),
                name: format!("Patient {seed}"),
                date_of_birth: NaiveDate::from_ymd_opt(1970, 1, 2),
            },
            cancer_type: Some(CancerType::Other("Ocular melanoma".into())),
            reason: Some("Is surgery needed?".into()),
            provider: None,
            appointment: NaiveDate::from_ymd_opt(2026, 12, 1),
            status: CaseStatus::Gathering,
            created_at: Utc
                .with_ymd_and_hms(2026, 11, 23, 9, created_minute, 0)
                .unwrap(),
        }
    }

    #[test]
    fn cases_round_trip_newest_first() {
        let mut store = Store::open_in_memory().unwrap();
        let older = sample_case(1, 0);
        let newer = sample_case(2, 5);
        store.create_case(&older, "cli").unwrap();
        store.create_case(&newer, "desktop").unwrap();
        assert_eq!(store.cases().unwrap(), vec![newer.clone(), older.clone()]);
        assert_eq!(store.case(&older.id).unwrap(), Some(older));
        assert_eq!(store.case(&Id::from_random([9; 8])).unwrap(), None);
    }

    #[test]
    fn creating_a_case_is_audited_by_id_only() {
        let mut store = Store::open_in_memory().unwrap();
        let case = sample_case(3, 0);
        store.create_case(&case, "cli").unwrap();
        let log = store.audit_log().unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].action, Action::CaseCreated);
        assert_eq!(log[0].case_id.as_ref(), Some(&case.id));
        assert_eq!(log[0].actor, "cli");
    }

    #[test]
    fn the_audit_log_refuses_edits() {
        let mut store = Store::open_in_memory().unwrap();
        store.create_case(&sample_case(4, 0), "cli").unwrap();
        let err = store.conn.execute("DELETE FROM audit_log", []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
        assert!(
            store
                .conn
                .execute("UPDATE audit_log SET actor = 'x'", [])
                .is_err()
        );
    }

    #[test]
    fn a_case_starts_with_its_concerns_in_order() {
        let mut store = Store::open_in_memory().unwrap();
        let case = sample_case(7, 0);
        let concerns = [
            ConcernRow {
                id: Id::from_random([70; 8]),
                text: "fertility".into(),
            },
            ConcernRow {
                id: Id::from_random([71; 8]),
                text: "already started chemo".into(),
            },
        ];
        store
            .create_case_with_concerns(&case, &concerns, "cli")
            .unwrap();
        assert_eq!(store.concerns(&case.id).unwrap(), concerns);
        let mut clash = sample_case(8, 0);
        clash.patient.id = Id::from_random([88; 8]);
        assert!(
            store
                .create_case_with_concerns(&clash, &concerns, "cli")
                .is_err(),
            "a concern id in use fails the whole case"
        );
        assert_eq!(store.case(&clash.id).unwrap(), None);
    }

    #[test]
    fn a_duplicate_id_fails_without_leaving_a_patient_behind() {
        let mut store = Store::open_in_memory().unwrap();
        let case = sample_case(5, 0);
        store.create_case(&case, "cli").unwrap();
        let mut again = case.clone();
        again.patient.id = Id::from_random([77; 8]);
        assert!(store.create_case(&again, "cli").is_err());
        let patients: i64 = store
            .conn
            .query_row("SELECT count(*) FROM patients", [], |r| r.get(0))
            .unwrap();
        assert_eq!(patients, 1, "the failed insert's patient row was kept");
    }

    #[test]
    fn a_damaged_value_is_reported_not_hidden() {
        let mut store = Store::open_in_memory().unwrap();
        let case = sample_case(6, 0);
        store.create_case(&case, "cli").unwrap();
        store
            .conn
            .execute("UPDATE cases SET appointment = 'soon'", [])
            .unwrap();
        let err = store.cases().unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Damaged {
                    column: "appointment",
                    ..
                }
            ),
            "{err}"
        );
    }
}
