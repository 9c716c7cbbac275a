//! Why a document's text could not be read, in words a patient can act on.

use serde::{Deserialize, Serialize};

/// A document whose text could not be read. The document itself is still kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ExtractError {
    /// The file does not hold a PDF although it was read as one.
    #[error("this file is not really a PDF, although its name may say so")]
    NotPdf,
    /// A password is needed to open it.
    #[error(
        "this PDF is protected by a password. Open it in your PDF reader, save or print a copy \
         without the password, and add that copy"
    )]
    Encrypted,
    /// Its structure is broken; the reason says how.
    #[error("this PDF is damaged: {0}. Ask for a new copy, or scan the paper version")]
    Damaged(String),
    /// Reading it needed more memory than allowed.
    #[error(
        "reading this document needed more than {limit_mib} MiB of memory, so it was stopped; \
         the file may be damaged or built to cause harm"
    )]
    TooMuchMemory {
        /// The limit, in MiB.
        limit_mib: u64,
    },
    /// Reading it took longer than allowed.
    #[error("reading this document took longer than {seconds} seconds, so it was stopped")]
    TimedOut {
        /// The limit, in seconds.
        seconds: u64,
    },
    /// The reader stopped unexpectedly on this file.
    #[error("the document reader stopped unexpectedly on this file; it may be damaged")]
    Crashed,
    /// The document needs OCR and Tesseract is not installed.
    #[error("text not available: OCR not installed")]
    OcrNotInstalled,
    /// OCR failed; the reason says how.
    #[error("text not available: {0}")]
    Ocr(String),
    /// The reader could not be started at all.
    #[error("Carryall could not start its document reader: {0}")]
    WorkerUnavailable(String),
    /// The stored file could not be read.
    #[error("the stored copy of this document could not be read: {0}")]
    Unreadable(String),
}
