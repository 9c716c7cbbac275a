//! The second-opinion packet: what a provider receives, and how anyone checks it.
//!
//! A packet is one ZIP holding one folder that is a BagIt 1.0 bag (RFC 8493): the original
//! documents byte for byte under `data/documents/` (a scan disc as a folder holding the
//! disc's tree), their extracted text under `data/text/`,
//! the questions for the specialist, a machine-readable `data/summary.json`, a FHIR R4 bundle, SHA-256 and SHA-512 manifests, and `INDEX.html` for people. The format is
//! described, with its version, in `docs/packet-format.md`.
//!
//! [`write_packet`] streams everything into any `Write` in one pass over each document, never
//! holding a whole generated file or the whole case's text in memory, and is
//! deterministic: the same case gives the same bytes. [`verify::verify`] checks a packet,
//! treating it as untrusted input.
//!
//! **Architecture invariant:** no database or file-store knowledge here; documents are read
//! through [`DocumentSource`], and the caller decides where the packet goes.

mod contents;
mod digest;
mod fhir;
mod generated;
mod html;
mod index_html;
mod names;
mod originals;
mod part;
mod question_list;
mod summary;
mod tags;
mod text_files;
pub mod verify;
mod write;

pub use contents::{
    Disc, DiscFile, DiscSeries, DiscStudy, DocumentReading, Fact, PageSource, Question, TextPage,
};
pub use index_html::human_size;
pub use part::{Holds, Part};
pub use write::{DocumentSource, PacketError, PacketInput, Written, write_packet};

/// The packet format's version, recorded in `bag-info.txt` and `summary.json`. Version 2
/// added the extracted text, the question lists, and facts, checklist and questions in the
/// summary; version 3 the scan discs' files in their own folders.
pub const FORMAT_VERSION: u32 = 3;

#[cfg(test)]
mod tests;
