//! Shared set-up for the store's unit tests.

use carryall_domain::{Case, CaseStatus, Category, Id, MediaType, Patient, Sha256Hex};
use chrono::{DateTime, TimeZone, Utc};

use crate::{Added, NewDocument, Store};

/// A fixed time, `minute` minutes past ten.
pub fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, minute, 0).unwrap()
}

/// Creates a case whose ids derive from `seed`.
pub fn new_case(store: &mut Store, seed: u8) -> Id {
    let case = Case {
        id: Id::from_random([seed; 8]),
        patient: Patient {
            id: Id::from_random([seed ^ 0x55; 8]),
            name: "P".into(),
            date_of_birth: None,
        },
        cancer_type: None,
        reason: None,
        provider: None,
        appointment: None,
        status: CaseStatus::Gathering,
        created_at: at(0),
    };
    store.create_case(&case, "cli").unwrap();
    case.id
}

/// Adds a pathology PDF with id from `seed` and content `hash`.
pub fn add(store: &mut Store, case: &Id, seed: u8, hash: &Sha256Hex) -> Added {
    add_with(store, case, seed, hash, Some(Category::Pathology))
}

/// Adds a PDF with id from `seed`, content `hash` and the category a person chose, if any.
pub fn add_with(
    store: &mut Store,
    case: &Id,
    seed: u8,
    hash: &Sha256Hex,
    category: Option<Category>,
) -> Added {
    let id = Id::from_random([seed; 8]);
    let new = NewDocument {
        id: &id,
        case_id: case,
        sha256: hash,
        size: 10,
        original_name: "biopsy report.pdf",
        modified_at: None,
        media_type: MediaType::Pdf,
        category,
        imported_at: at(seed as u32 % 60),
    };
    store.add_document(&new, "cli").unwrap()
}

/// The words the full-text index holds (not the pages it points to), after checking
/// that it matches the pages exactly.
pub fn indexed_words(store: &Store) -> Vec<String> {
    store
        .conn
        .execute(
            "INSERT INTO page_index (page_index, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .expect("the index matches the pages");
    store
        .conn
        .execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.indexed USING fts5vocab(main, page_index, row)",
        )
        .unwrap();
    let mut stmt = store
        .conn
        .prepare("SELECT term FROM temp.indexed ORDER BY term")
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}
