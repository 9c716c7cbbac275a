//! `data/fhir/bundle.json`: a FHIR R4 Bundle of type `collection` with the Patient and one
//! DocumentReference per document, for providers' systems to ingest. A document with
//! extracted text has it as a second `content` (`text/plain`), after the original. A scan
//! disc's content is its index (`DICOMDIR`, `application/dicom`), at the top of the folder
//! holding the disc's files, which is what a DICOM viewer opens. The bundle is written one
//! entry at a time.

use std::io::{self, Write};

use carryall_domain::{Case, Category};
use chrono::SecondsFormat;
use serde_json::{Value, json};

use crate::generated::write_json;
use crate::index_html::human_size;
use crate::names::url_path;
use crate::summary::PackedDocument;

/// A document's entry needs its SHA-1 (base64), which only the packing pass knows.
pub struct FhirDocument<'a> {
    /// The document and its path.
    pub packed: PackedDocument<'a>,
    /// Base64 SHA-1 of its bytes.
    pub sha1_base64: String,
    /// Its extracted text file, when it has one.
    pub text: Option<FhirFile>,
    /// A scan disc's index file, when it is a disc with one.
    pub disc_index: Option<FhirFile>,
}

/// A file as packed.
#[derive(Clone)]
pub struct FhirFile {
    /// Its path in the bag.
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
    /// Base64 SHA-1 of its bytes.
    pub sha1_base64: String,
}

/// The LOINC document type for a category, where one fits.
fn loinc(category: Category) -> Option<(&'static str, &'static str)> {
    match category {
        Category::Pathology => Some(("11526-1", "Pathology study")),
        Category::Imaging | Category::ScanDisc => Some(("18748-4", "Diagnostic imaging study")),
        Category::Lab => Some(("11502-2", "Laboratory report")),
        Category::Discharge => Some(("18842-5", "Discharge summary")),
        Category::TreatmentPlan => Some(("18776-5", "Plan of care note")),
        Category::Genomic => Some(("51969-4", "Genetic analysis report")),
        Category::Medication => Some(("10160-0", "History of Medication use Narrative")),
        Category::TreatmentHistory | Category::Other => None,
    }
}

/// Writes the bundle's JSON (pretty-printed, with a final line break) into `out`: the
/// Patient, then one DocumentReference per document. `timestamp` is the packet's as-of time.
pub fn write_bundle<'d>(
    out: &mut dyn Write,
    case: &Case,
    documents: impl Iterator<Item = FhirDocument<'d>>,
    timestamp: &str,
) -> io::Result<()> {
    let patient_id = format!("patient-{}", case.patient.id.as_str().to_lowercase());
    let mut patient = json!({
        "resourceType": "Patient",
        "id": patient_id,
        "name": [{ "text": case.patient.name }],
    });
    if let Some(born) = case.patient.date_of_birth {
        patient["birthDate"] = json!(born.to_string());
    }
    let patient_entry =
        json!({ "fullUrl": format!("urn:carryall:Patient/{patient_id}"), "resource": patient });
    let head = json!({
        "resourceType": "Bundle",
        "id": format!("packet-{}", case.id.as_str().to_lowercase()),
        "type": "collection",
        "timestamp": timestamp,
        "entry": null,
    });
    let entries = std::iter::once(patient_entry)
        .chain(documents.map(|doc| document_entry(&doc, &patient_id)));
    write_json(out, &head, "entry", entries)
}

/// One document's entry: its DocumentReference.
fn document_entry(doc: &FhirDocument<'_>, patient_id: &str) -> Value {
    let d = doc.packed.document;
    let id = format!("document-{}", d.id.as_str().to_lowercase());
    let mut doc_type = json!({ "text": d.category.label() });
    if let Some((code, display)) = loinc(d.category) {
        doc_type["coding"] =
            json!([{ "system": "http://loinc.org", "code": code, "display": display }]);
    }
    let mut attachment = json!({
        "contentType": d.media_type.mime(),
        "url": url_path(doc.packed.path),
        "size": d.size,
        "hash": doc.sha1_base64,
        "title": d.original_name,
    });
    let mut description = d.original_name.clone();
    if let (Some(index), Some(disc)) = (&doc.disc_index, &doc.packed.disc) {
        attachment = json!({
            "contentType": "application/dicom",
            "url": url_path(&index.path),
            "size": index.size,
            "hash": index.sha1_base64,
            "title": format!("Index (DICOMDIR) of the scan disc {}", d.original_name),
        });
        description = format!(
            "Scan disc {}: {} files, {}, in the folder {}",
            d.original_name,
            disc.disc.files.len(),
            human_size(disc.bytes()),
            disc.folder
        );
    }
    let resource = json!({
        "resourceType": "DocumentReference",
        "id": id,
        "status": "current",
        "type": doc_type,
        "category": [{ "text": d.category.slug() }],
        "subject": { "reference": format!("Patient/{patient_id}") },
        "date": d.imported_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        "description": description,
        "content": [{ "attachment": attachment }],
    });
    let mut resource = resource;
    if let Some(day) = d.document_date {
        // FHIR JSON has no nulls: absent values are left out.
        resource["content"][0]["attachment"]["creation"] = json!(day.to_string());
    }
    if let (Some(text), Some(contents)) = (&doc.text, resource["content"].as_array_mut()) {
        contents.push(json!({
            "attachment": {
                "contentType": "text/plain; charset=utf-8",
                "url": url_path(&text.path),
                "size": text.size,
                "hash": text.sha1_base64,
                "title": format!("Machine-extracted text of {}", d.original_name),
            }
        }));
    }
    json!({ "fullUrl": format!("urn:carryall:DocumentReference/{id}"), "resource": resource })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_have_no_spaces_or_raw_unicode() {
        let url = url_path("data/documents/01-x/2025_Zoë report.pdf");
        assert_eq!(url, "data/documents/01-x/2025_Zo%C3%AB%20report.pdf");
    }
}
