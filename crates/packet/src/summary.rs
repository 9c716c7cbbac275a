//! `data/summary.json`: the packet in machine-readable form, written one document at a time.

use std::collections::HashMap;
use std::io::{self, Write};

use carryall_checklist::{Item, Readiness, State};
use carryall_domain::{Case, Document, Id};
use serde_json::{Value, json};

use crate::FORMAT_VERSION;
use crate::contents::{Disc, DocumentReading, Question, in_print_order};
use crate::generated::write_json;
use crate::part::Part;

/// One document as it went into the packet.
pub struct PackedDocument<'a> {
    /// The stored document.
    pub document: &'a Document,
    /// Its path in the bag.
    pub path: &'a str,
    /// What was read from it, when it has been read.
    pub reading: Option<&'a DocumentReading>,
    /// Its text file's path in the bag, when it has text.
    pub text_path: Option<&'a str>,
    /// Where a scan disc's files are, when it is one.
    pub disc: Option<PackedDisc<'a>>,
}

/// A scan disc as it went into the packet.
pub struct PackedDisc<'a> {
    /// The folder holding the disc's tree, relative to the bag.
    pub folder: &'a str,
    /// The disc's index (`DICOMDIR`) in the bag, when the disc has one.
    pub index: Option<&'a str>,
    /// Its files and studies.
    pub disc: &'a Disc,
}

impl PackedDisc<'_> {
    /// The total size of the disc's files.
    pub fn bytes(&self) -> u64 {
        self.disc.files.iter().map(|f| f.size).sum()
    }
}

/// Everything the summary and the pages describe.
pub struct Assembled<'a> {
    /// The case.
    pub case: &'a Case,
    /// Its documents, in packet order.
    pub documents: &'a [PackedDocument<'a>],
    /// The checklist, each item with its state.
    pub checklist: &'a [(Item, State)],
    /// Required items settled of all required.
    pub readiness: Readiness,
    /// The questions for the specialist, in the person's order.
    pub questions: &'a [Question],
    /// Paths of the question list files, when there are questions.
    pub question_files: &'a [&'a str],
    /// The program writing the packet.
    pub software: &'a str,
    /// The packet's as-of time (RFC 3339).
    pub as_of: &'a str,
    /// This packet's place when the case is split in two.
    pub part: Option<&'a Part<'a>>,
}

impl<'a> Assembled<'a> {
    /// The packed documents by id, for looking up the documents a checklist item names (one
    /// map per use, so a case of thousands of documents is not searched once per id).
    pub fn documents_by_id(&self) -> HashMap<&'a Id, &'a PackedDocument<'a>> {
        self.documents.iter().map(|p| (&p.document.id, p)).collect()
    }
}

/// Writes the summary's JSON (pretty-printed, with a final line break) into `out`.
pub fn write_summary(out: &mut dyn Write, packet: &Assembled<'_>) -> io::Result<()> {
    write_json(
        out,
        &summary_head(packet),
        "documents",
        packet.documents.iter().map(document_json),
    )
}

/// The summary with `documents` left as a placeholder.
fn summary_head(packet: &Assembled<'_>) -> Value {
    let case = packet.case;
    json!({
        "format": "carryall-packet",
        "format_version": FORMAT_VERSION,
        "generated_by": packet.software,
        "as_of": packet.as_of,
        "case": {
            "id": case.id.as_str(),
            "cancer_type": case.cancer_type.as_ref().map(|t| t.slug()),
            "cancer_type_label": case.cancer_type.as_ref().map(|t| t.label()),
            "reason": case.reason,
            "provider": case.provider,
            "appointment": case.appointment.map(|d| d.to_string()),
            "created_at": case.created_at.to_rfc3339(),
        },
        "patient": {
            "name": case.patient.name,
            "date_of_birth": case.patient.date_of_birth.map(|d| d.to_string()),
        },
        "documents": null,
        "checklist": checklist_json(packet),
        "questions": in_print_order(packet.questions)
            .iter()
            .enumerate()
            .map(|(index, q)| json!({
                "id": q.id,
                "number": index + 1,
                "text": q.text,
                "theme": q.theme,
                "reason": q.reason,
                "source_document": q.source_document,
                "starred": q.starred,
                "user_written": q.user_written,
            }))
            .collect::<Vec<_>>(),
        "question_files": packet.question_files,
        "part": packet.part.map(Part::json),
    })
}

fn document_json(packed: &PackedDocument<'_>) -> Value {
    let d = packed.document;
    let reading = packed.reading;
    let facts: Vec<Value> = reading
        .map(|r| r.facts.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|fact| {
            json!({
                "name": fact.name,
                "value": fact.value,
                "page": fact.page,
                "snippet": fact.snippet,
            })
        })
        .collect();
    json!({
        "id": d.id.as_str(),
        "path": packed.path,
        "original_name": d.original_name,
        "category": d.category.slug(),
        "category_label": d.category.label(),
        "category_source": d.category_source.slug(),
        "document_date": d.document_date.map(|day| day.to_string()),
        "size": d.size,
        "sha256": d.sha256.as_str(),
        "media_type": d.media_type.mime(),
        "imported_at": d.imported_at.to_rfc3339(),
        "facts": facts,
        "pages": reading.filter(|r| !r.pages.is_empty()).map(|r| r.pages.len()),
        "text_path": packed.text_path,
        "text_source": reading.and_then(|r| r.text_source.as_deref()),
        "ocr_confidence": reading.and_then(|r| r.ocr_confidence),
        "text_error": reading.and_then(|r| r.text_error.as_deref()),
        "disc": packed.disc.as_ref().map(disc_json),
    })
}

fn disc_json(packed: &PackedDisc<'_>) -> Value {
    let disc = packed.disc;
    json!({
        "folder": packed.folder,
        "index": packed.index,
        "files": disc.files.len(),
        "bytes": packed.bytes(),
        "patients": disc.patients,
        "studies": disc.studies.iter().map(|study| json!({
            "patient_name": study.patient_name,
            "study_date": study.date.map(|d| d.to_string()),
            "description": study.description,
            "modalities": study.modalities,
            "body_parts": study.body_parts,
            "images": study.images(),
            "series": study.series.iter().map(|series| json!({
                "modality": series.modality,
                "description": series.description,
                "body_part": series.body_part,
                "images": series.images,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn checklist_json(packet: &Assembled<'_>) -> Value {
    let by_id = packet.documents_by_id();
    let path_of = |id: &Id| by_id.get(id).map(|p| p.path);
    let items: Vec<Value> = packet
        .checklist
        .iter()
        .map(|(item, state)| {
            let (documents, from, on, reason) = match state {
                State::Have(ids) => (ids.as_slice(), None, None, None),
                State::Requested { from, on } => {
                    (&[][..], Some(from.as_str()), Some(on.to_string()), None)
                }
                State::NotApplicable { reason } => (&[][..], None, None, Some(reason.as_str())),
                State::Missing => (&[][..], None, None, None),
            };
            json!({
                "id": item.id,
                "title": item.title,
                "required": item.required,
                "state": state.slug(),
                "documents": documents.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
                "document_paths": documents.iter().filter_map(path_of).collect::<Vec<_>>(),
                "requested_from": from,
                "requested_on": on,
                "reason": reason,
                "why": item.why,
            })
        })
        .collect();
    json!({
        "items": items,
        "readiness": {
            "done": packet.readiness.done,
            "required": packet.readiness.required,
        },
    })
}
