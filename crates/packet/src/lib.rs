//! The second-opinion packet: what a provider receives, and how anyone checks it.
//!
//! A packet is one ZIP holding one folder that is a BagIt 1.0 bag (RFC 8493): the original
//! documents byte for byte under `data/documents/`, a machine-readable `data/summary.json`, a
//! FHIR R4 bundle, SHA-256 and SHA-512 manifests, and `INDEX.html` for people. The format is
//! described, with its version, in `docs/packet-format.md`.
//!
//! [`write_packet`] streams everything into any `Write` in one pass over each document, and is
//! deterministic: the same case gives the same bytes. [`verify::verify`] checks a packet,
//! treating it as untrusted input.
//!
//! **Architecture invariant:** no database or file-store knowledge here; documents are read
//! through [`DocumentSource`], and the caller decides where the packet goes.

mod digest;
mod fhir;
mod index_html;
mod names;
mod summary;
mod tags;
pub mod verify;
mod write;

pub use write::{DocumentSource, PacketError, PacketInput, Written, write_packet};

/// The packet format's version, recorded in `bag-info.txt` and `summary.json`.
pub const FORMAT_VERSION: u32 = 1;

#[cfg(test)]
mod tests;
