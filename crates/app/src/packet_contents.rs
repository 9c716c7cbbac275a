//! What goes into a case's packet besides the documents' bytes, gathered through the app's
//! own APIs: what was read from each document (its pages, facts), each scan disc's files and
//! studies, the checklist, and the question list (brought up to date first, as listing it
//! always is). The pages' text is read from the store one page at a time while the packet is
//! written ([`StoredPages`]), not gathered here.

use std::collections::HashMap;
use std::io;

use carryall_checklist::{Item, Readiness, State};
use carryall_domain::{Case, Document, Id};
use carryall_packet::{
    Disc, DiscFile, DiscSeries, DiscStudy, DocumentReading, Fact, PageSource, Question, TextPage,
};
use carryall_store::{DiscOverview, PageKey};
use chrono::{DateTime, Utc};

use crate::{AppError, Carryall};

/// A case's packet contents, ready for `carryall-packet`.
pub struct PacketContents {
    /// The case's documents, in import order.
    pub documents: Vec<Document>,
    /// What was read from each document, by id (absent: not read yet).
    pub readings: HashMap<Id, DocumentReading>,
    /// Where each read document's pages' text is in the store, by document id: each page's
    /// number and key, in page order.
    pub page_keys: HashMap<Id, Vec<(u32, PageKey)>>,
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
        let mut page_keys = HashMap::new();
        let mut case_pages = store.case_page_list(&case.id)?;
        for (id, reading) in store.readings(&case.id)? {
            let Some(source) = reading.text_source else {
                continue;
            };
            let listed = case_pages.remove(&id).unwrap_or_default();
            let keys = listed.iter().map(|page| (page.number, page.key)).collect();
            page_keys.insert(id.clone(), keys);
            let pages = listed
                .into_iter()
                .map(|page| TextPage {
                    number: page.number,
                    from_ocr: page.from_ocr,
                    has_text: page.has_text,
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
            page_keys,
            discs,
            checklist: checklist.items,
            readiness: checklist.readiness,
            questions,
            as_of,
        })
    }
}

/// The documents' text, read from the store one page at a time as the packet needs it (the
/// store is locked for each page, not for the whole export).
pub(crate) struct StoredPages<'a> {
    /// The application whose store holds the text.
    pub app: &'a Carryall,
    /// [`PacketContents::page_keys`].
    pub keys: &'a HashMap<Id, Vec<(u32, PageKey)>>,
}

impl PageSource for StoredPages<'_> {
    fn page_text(&self, document: &Document, page: &TextPage) -> io::Result<String> {
        let pages = self.keys.get(&document.id).map_or(&[][..], Vec::as_slice);
        let found = pages.binary_search_by_key(&page.number, |(number, _)| *number);
        let &(_, key) = found
            .ok()
            .and_then(|at| pages.get(at))
            .ok_or_else(|| io::Error::other("the page is no longer in the store"))?;
        self.app.store().page_text(key).map_err(io::Error::other)
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
