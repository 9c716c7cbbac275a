//! `data/summary.json`: the packet in machine-readable form.

use carryall_domain::{Case, Document};
use serde_json::{Value, json};

use crate::FORMAT_VERSION;

/// One document as it went into the packet.
pub struct PackedDocument<'a> {
    /// The stored document.
    pub document: &'a Document,
    /// Its path in the bag.
    pub path: &'a str,
}

/// The summary's JSON.
pub fn summary_json(
    case: &Case,
    documents: &[PackedDocument<'_>],
    software: &str,
    as_of: &str,
) -> Value {
    json!({
        "format": "carryall-packet",
        "format_version": FORMAT_VERSION,
        "generated_by": software,
        "as_of": as_of,
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
        "documents": documents.iter().map(|packed| {
            let d = packed.document;
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
                "facts": [],
            })
        }).collect::<Vec<_>>(),
    })
}
