//! The checklist of a case: each item's state and the readiness, the consistency warnings a
//! careful reviewer would raise, and the states a person sets by hand (asked for, or does not
//! apply).

use std::collections::HashMap;

use carryall_checklist::{
    CasePatient, DocumentSummary, Item, Manual, Readiness, State, consistency_warnings, evaluate,
    is_item, items_for, request_letter, text_keys,
};
use carryall_domain::field::{self, Field};
use carryall_domain::{CancerType, Document, Id};
use carryall_store::Reading;
use chrono::{Local, NaiveDate, Utc};

use crate::{AppError, Carryall};

pub use carryall_checklist::{
    Item as ChecklistItem, ItemTextKeys, ListEntry, Param as WarningParam, State as ItemState,
    Warning as ConsistencyWarning, WarningKind,
};

/// A case's checklist.
#[derive(Debug)]
pub struct CaseChecklist {
    /// Each item, in order, with its state.
    pub items: Vec<(Item, State)>,
    /// Required items settled of all required.
    pub readiness: Readiness,
    /// What a careful reviewer would question about the documents (two patients, a stale
    /// case), in a fixed order of kinds; empty when all is consistent or too little is known.
    pub warnings: Vec<ConsistencyWarning>,
    /// The case's cancer type, which picked the items' wording.
    pub cancer_type: Option<CancerType>,
}

impl CaseChecklist {
    /// Where an item's words are in the UI's message catalogues (as this case's cancer type
    /// words them); `None` for an item not on the checklist.
    pub fn text_keys(&self, item: &Item) -> Option<ItemTextKeys> {
        text_keys(&item.id, self.cancer_type.as_ref())
    }
}

/// What a person says about an item.
#[derive(Debug, Clone)]
pub enum Mark {
    /// Asked for it, from whom.
    Requested(String),
    /// It does not apply, and why.
    NotApplicable(String),
    /// Back to missing (clears what was set).
    Missing,
}

impl Carryall {
    /// The case's checklist.
    pub fn checklist(&self, case_id: &str) -> Result<CaseChecklist, AppError> {
        let case = self.case(case_id)?;
        let (documents, rows, mut readings) = {
            let store = self.store();
            (
                store.documents(&case.id)?,
                store.checklist_states(&case.id)?,
                store.readings(&case.id)?,
            )
        };
        let manual: Vec<(String, Manual)> = rows
            .into_iter()
            .filter_map(|row| {
                let note = row.note.unwrap_or_default();
                let mark = match row.state.as_str() {
                    "requested" => Manual::Requested {
                        from: note,
                        on: row.changed_at.with_timezone(&Local).date_naive(),
                    },
                    "not_applicable" => Manual::NotApplicable { reason: note },
                    _ => return None,
                };
                Some((row.item_id, mark))
            })
            .collect();
        let (items, readiness) =
            evaluate(&items_for(case.cancer_type.as_ref()), &documents, &manual);
        let summaries = summaries(&documents, &mut readings);
        let patient = CasePatient {
            name: &case.patient.name,
            date_of_birth: case.patient.date_of_birth,
        };
        let warnings = consistency_warnings(&patient, &summaries, Local::now().date_naive());
        Ok(CaseChecklist {
            items,
            readiness,
            warnings,
            cancer_type: case.cancer_type,
        })
    }

    /// A printable letter asking for a checklist item from a hospital or laboratory.
    pub fn request_letter(&self, case_id: &str, item_id: &str) -> Result<String, AppError> {
        let case = self.case(case_id)?;
        let item_id = item_id.trim();
        let items = items_for(case.cancer_type.as_ref());
        let item = items
            .iter()
            .find(|item| item.id == item_id)
            .ok_or_else(|| AppError::UnknownChecklistItem(item_id.to_owned()))?;
        let today = Local::now().date_naive();
        Ok(request_letter(
            item,
            &case.patient.name,
            case.patient.date_of_birth,
            today,
        ))
    }

    /// Records what a person says about a checklist item.
    pub fn mark_checklist_item(
        &self,
        case_id: &str,
        item_id: &str,
        mark: &Mark,
    ) -> Result<(), AppError> {
        let case = self.case(case_id)?;
        let item_id = item_id.trim();
        if !is_item(item_id) {
            return Err(AppError::UnknownChecklistItem(item_id.to_owned()));
        }
        let (state, note) = match mark {
            Mark::Requested(from) => (
                "requested",
                field::required_text(Field::RequestedFrom, from, 300, false)?,
            ),
            Mark::NotApplicable(reason) => (
                "not_applicable",
                field::required_text(Field::NotApplicableReason, reason, 2000, true)?,
            ),
            Mark::Missing => {
                self.store()
                    .set_checklist_state(&case.id, item_id, None, Utc::now())?;
                return Ok(());
            }
        };
        self.store().set_checklist_state(
            &case.id,
            item_id,
            Some((state, Some(&note))),
            Utc::now(),
        )?;
        Ok(())
    }
}

/// What the consistency rules need of each document: its category and date as they stand
/// (a person's choice included) and the patient names and dates of birth read from it (a
/// scan disc's from its DICOM header). A fact that does not parse is left out.
fn summaries(documents: &[Document], readings: &mut HashMap<Id, Reading>) -> Vec<DocumentSummary> {
    documents
        .iter()
        .map(|document| {
            let facts = readings
                .remove(&document.id)
                .map(|reading| reading.facts)
                .unwrap_or_default();
            let values = |name: &'static str| {
                facts
                    .iter()
                    .filter(move |fact| fact.name == name)
                    .map(|fact| fact.value.as_str())
            };
            DocumentSummary {
                id: document.id.clone(),
                category: document.category,
                date: document.document_date,
                patient_names: values("patient_name").map(str::to_owned).collect(),
                dates_of_birth: values("date_of_birth")
                    .filter_map(|value| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
                    .collect(),
            }
        })
        .collect()
}
