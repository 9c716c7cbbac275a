//! What can go wrong while reading text from an image. Messages never quote Tesseract's own
//! output or a file name: both can carry patient details.

use std::time::Duration;

/// Why no text could be read.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// Tesseract is not on this computer; the document is still imported, without text.
    #[error("text not available: OCR not installed")]
    NotInstalled,
    /// None of the requested languages has Tesseract language data installed.
    #[error("text not available: no OCR language data for {0}")]
    LanguageMissing(String),
    /// Tesseract ran past the time limit and was stopped.
    #[error("OCR stopped after the time limit of {} s", limit.as_secs_f32())]
    TimedOut {
        /// The limit that was exceeded.
        limit: Duration,
    },
    /// Tesseract ended with an error.
    #[error("OCR failed: {reason}")]
    Failed {
        /// Tesseract's exit code, when it exited rather than being killed by a signal.
        exit_code: Option<i32>,
        /// What went wrong, in our words (Tesseract's messages are not passed on).
        reason: &'static str,
    },
    /// The image declares more pixels than [`crate::MAX_IMAGE_SIDE`] or
    /// [`crate::MAX_IMAGE_BYTES`] allow; it was refused before being decoded.
    #[error("the image is too large to read")]
    ImageTooLarge,
    /// The image is in a format or encoding this crate does not read.
    #[error("unsupported image: {0}")]
    UnsupportedImage(String),
    /// The image or PDF is damaged or not what it claims to be.
    #[error("damaged file: {0}")]
    Damaged(String),
    /// Reading a file or running Tesseract failed at the operating-system level.
    #[error("input/output error: {0}")]
    Io(#[from] std::io::Error),
}
