//! A case split in two packets: its documents in one, its scan discs (often far bigger) in the
//! other, so the documents can be sent where a large file cannot. Each packet is complete and
//! verifiable on its own and names the other: the scan-disc packet is written first, so the
//! documents packet can give its SHA-256 too.

use std::fmt::Write;

use carryall_domain::{Document, Id};
use serde_json::{Value, json};

use crate::html::escape;
use crate::index_html::human_size;

/// What a packet of a split case holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// The documents other than scan discs, the checklist and the questions.
    Documents,
    /// The scan discs.
    ScanDiscs,
}

impl Holds {
    /// The stable word for it in `summary.json`.
    pub fn slug(self) -> &'static str {
        match self {
            Holds::Documents => "documents",
            Holds::ScanDiscs => "scan_discs",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Holds::Documents => "the documents, the checklist and the questions",
            Holds::ScanDiscs => "the scan discs (images)",
        }
    }
}

/// This packet's place in a split case, and the other packet.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    /// What this packet holds.
    pub holds: Holds,
    /// The other packet's file name.
    pub other_file: &'a str,
    /// The other packet's SHA-256 and size, when it was written first.
    pub other_written: Option<(&'a str, u64)>,
    /// The documents in the other packet.
    pub other_documents: &'a [Document],
}

impl Part<'_> {
    /// What the other packet holds.
    fn other_holds(&self) -> Holds {
        match self.holds {
            Holds::Documents => Holds::ScanDiscs,
            Holds::ScanDiscs => Holds::Documents,
        }
    }

    /// The document with this id, when it is in the other packet.
    pub fn other_document(&self, id: &Id) -> Option<&Document> {
        self.other_documents.iter().find(|d| d.id == *id)
    }

    /// The name of the bag's top folder for the case `case_id`.
    pub fn root(part: Option<&Part<'_>>, case_id: &Id) -> String {
        match part.map(|p| p.holds) {
            Some(Holds::ScanDiscs) => format!("SecondOpinion-{case_id}-scan-discs"),
            _ => format!("SecondOpinion-{case_id}"),
        }
    }

    /// `summary.json`'s `part`.
    pub fn json(&self) -> Value {
        json!({
            "holds": self.holds.slug(),
            "other": {
                "file": self.other_file,
                "holds": self.other_holds().slug(),
                "sha256": self.other_written.map(|(sha256, _)| sha256),
                "bytes": self.other_written.map(|(_, bytes)| bytes),
                "documents": self.other_documents.iter().map(|d| json!({
                    "id": d.id.as_str(),
                    "original_name": d.original_name,
                    "category": d.category.slug(),
                })).collect::<Vec<_>>(),
            },
        })
    }

    /// The front page's note saying this is one of two packets and which the other is.
    pub fn html(&self) -> String {
        let mut note = format!(
            "<section>\n<h2>This is one of two packets</h2>\n<p>This packet holds {}. {} \
             are in the other packet, <code>{}</code>",
            self.holds.words(),
            capitalised(self.other_holds().words()),
            escape(self.other_file),
        );
        if let Some((sha256, bytes)) = self.other_written {
            let _ = write!(
                note,
                " ({}; SHA-256 <span class=\"hash\">{sha256}</span>, also in its \
                 <code>.sha256</code> file)",
                human_size(bytes)
            );
        }
        note.push_str(". Both are needed; check each one the same way.</p>\n<ul>\n");
        for document in self.other_documents {
            let _ = writeln!(note, "<li>{}</li>", escape(&document.original_name));
        }
        note.push_str("</ul>\n</section>\n");
        note
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
