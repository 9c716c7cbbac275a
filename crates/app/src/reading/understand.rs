//! From a document's text to what the store records of it: category, date and key facts.

use std::path::Path;

use carryall_domain::{Category, Document, MediaType};
use carryall_store::{DetectedCategory, FactRow, TextRecord};
use chrono::NaiveDate;

/// What was understood of one document.
pub struct Found {
    pub category: Option<DetectedCategory>,
    pub date: Option<NaiveDate>,
    pub date_ambiguous: bool,
    pub facts: Vec<FactRow>,
}

/// Understands a document from its text, or a DICOM image from its header (`stored` is
/// the stored file).
pub fn understand(document: &Document, text: &TextRecord, stored: &Path) -> Found {
    if document.media_type == MediaType::Dicom {
        return dicom_image(stored);
    }
    if text.pages.is_empty() {
        return Found {
            category: None,
            date: None,
            date_ambiguous: false,
            facts: Vec::new(),
        };
    }
    let pages: Vec<&str> = text.pages.iter().map(|page| page.text.as_str()).collect();
    let understanding = carryall_facts::understand(&pages);
    // Page numbers from the facts crate count the pages given; map them back to the
    // document's own numbers (a page OCR could not read is missing from the list).
    let page_number = |index: u32| {
        text.pages
            .get(index.saturating_sub(1) as usize)
            .map(|page| page.number)
    };
    Found {
        category: Some(DetectedCategory {
            category: understanding.category.category,
            confidence: f64::from(understanding.category.confidence),
            evidence: understanding.category.evidence.clone(),
        }),
        date: understanding.document_date(),
        date_ambiguous: understanding.date_is_ambiguous(),
        facts: understanding
            .facts
            .iter()
            .map(|fact| FactRow {
                name: fact.name().to_owned(),
                value: fact.value.clone(),
                page: page_number(fact.page),
                snippet: fact.snippet.clone(),
            })
            .collect(),
    }
}

/// A DICOM image: a scan image by its nature; its study's date, what it shows and whose it is
/// from its header (read up to the pixel data only). A header that cannot be read leaves just
/// that.
fn dicom_image(stored: &Path) -> Found {
    let header = carryall_dicom::read_header(stored).ok();
    let mut facts = Vec::new();
    if let Some(header) = &header {
        let shows: Vec<&str> = [
            header.study_description.as_deref(),
            header.modality.as_deref(),
            header.body_part.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        facts.extend(imaging_study(&shows));
        let name = header.patient.name.trim();
        if !name.is_empty() {
            facts.push(FactRow {
                name: "patient_name".to_owned(),
                value: name.to_owned(),
                page: None,
                snippet: name.to_owned(),
            });
        }
    }
    Found {
        category: Some(DetectedCategory {
            category: Category::ScanDisc,
            confidence: 1.0,
            evidence: vec!["DICOM image".to_owned()],
        }),
        date: header.and_then(|header| header.study_date),
        date_ambiguous: false,
        facts,
    }
}

/// The `imaging_study` fact: what a study shows, its non-blank parts joined by commas.
pub fn imaging_study(parts: &[&str]) -> Option<FactRow> {
    let shows: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|part| !part.trim().is_empty())
        .collect();
    if shows.is_empty() {
        return None;
    }
    let value = shows.join(", ");
    Some(FactRow {
        name: "imaging_study".to_owned(),
        snippet: value.clone(),
        value,
        page: None,
    })
}
