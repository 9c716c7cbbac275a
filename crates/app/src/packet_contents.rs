//! What goes into a case's packet besides the documents' bytes, gathered through the app's
//! own APIs: what was read from each document (text page by page, facts), each scan disc's
//! files and studies, the checklist, and the question list (brought up to date first, as
//! listing it always is).

use std::collections::HashMap;

use carryall_checklist::{Item, Readiness, State};
use carryall_domain::{Case, Document, Id};
use carryall_packet::{
    Disc, DiscFile, DiscSeries, DiscStudy, DocumentReading, Fact, Question, TextPage,
};
use carryall_store::DiscOverview;
use chrono::{DateTime, Utc};

use crate::{AppError, Carryall};

/// A case's packet contents, ready for `carryall-packet`.
pub struct PacketContents {
    /// The case's documents, in import order.
    pub documents: Vec<Document>,
    /// What was read from each document, by id (absent: not read yet).
    pub readings: HashMap<Id, DocumentReading>,
    /// The scan discs' files and studies, by document id.
    pub discs: HashMap<Id, Disc>,
    /// Each checklist item with its state.
    pub checklist: Vec<(Item, State)>,
    /// Required items settled of all required.
    pub readiness: Readiness,
    /// The questions for the specialist, in the person's order.
    pub questions: Vec<Question>,
    /// When the case last changed as far as the packet shows: its creation, its documents'
    /// imports and the checklist states set by hand.
    pub as_of: DateTime<Utc>,
}

impl Carryall {
    /// Gathers everything the case's packet shows.
    pub(crate) fn packet_contents(&self, case: &Case) -> Result<PacketContents, AppError> {
        let case_id = case.id.as_str();
        let questions = self
            .questions(case_id)?
            .into_iter()
            .map(|q| Question {
                id: q.id.to_string(),
                text: q.text,
                theme: q.theme,
                reason: q.reason,
                source_document: q.source_document.map(|id| id.to_string()),
                starred: q.starred,
                user_written: q.user_written,
            })
            .collect();
        let checklist = self.checklist(case_id)?;
        let store = self.store();
        let documents = store.documents(&case.id)?;
        let mut readings = HashMap::new();
        let mut case_pages = store.case_pages(&case.id)?;
        for (id, reading) in store.readings(&case.id)? {
            let Some(source) = reading.text_source else {
                continue;
            };
            let pages = case_pages
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(|page| TextPage {
                    number: page.number,
                    text: page.text,
                    from_ocr: page.from_ocr,
                })
                .collect();
            let facts = reading
                .facts
                .into_iter()
                .map(|fact| Fact {
                    name: fact.name,
                    value: fact.value,
                    page: fact.page,
                    snippet: fact.snippet,
                })
                .collect();
            readings.insert(
                id,
                DocumentReading {
                    text_source: Some(source),
                    text_error: reading.text_error,
                    ocr_confidence: reading.ocr_confidence,
                    pages,
                    facts,
                },
            );
        }
        let mut discs = HashMap::new();
        for (id, overview) in store.discs(&case.id)? {
            let files = store
                .disc_members(&id)?
                .into_iter()
                .map(|member| DiscFile {
                    path: member.path,
                    sha256: member.sha256,
                    size: member.size,
                })
                .collect();
            discs.insert(id, disc(files, overview));
        }
        let as_of = store
            .checklist_states(&case.id)?
            .iter()
            .map(|row| row.changed_at)
            .chain(documents.iter().map(|d| d.imported_at))
            .fold(case.created_at, DateTime::max);
        Ok(PacketContents {
            documents,
            readings,
            discs,
            checklist: checklist.items,
            readiness: checklist.readiness,
            questions,
            as_of,
        })
    }
}

/// A disc for the packet: its files, and what its headers said when it was read.
fn disc(files: Vec<DiscFile>, overview: DiscOverview) -> Disc {
    let reading = overview.reading.unwrap_or_default();
    Disc {
        files,
        patients: reading.patients.into_iter().map(|p| p.name).collect(),
        studies: reading
            .studies
            .iter()
            .map(|study| DiscStudy {
                patient_name: study.patient_name.clone(),
                date: study.date,
                description: study.description.clone(),
                modalities: study.modalities().into_iter().map(str::to_owned).collect(),
                body_parts: study.body_parts().into_iter().map(str::to_owned).collect(),
                series: study
                    .series
                    .iter()
                    .map(|series| DiscSeries {
                        modality: series.modality.clone(),
                        description: series.description.clone(),
                        body_part: series.body_part.clone(),
                        images: series.images,
                    })
                    .collect(),
            })
            .collect(),
    }
}
