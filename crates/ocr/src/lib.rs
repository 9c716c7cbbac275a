//! Text from scans and photos, read by Tesseract run as a separate program.
//!
//! The flow for one scanned page or photo: [`prepare_image`] applies the EXIF orientation (a
//! phone photo taken sideways), or [`pdf_page_images`] takes the scanned image out of a PDF page
//! with no text layer; the caller writes the bytes to a file it owns, and [`Tesseract::read`]
//! runs `tesseract` on it, one thread per process, under a time limit. Nothing here logs: the
//! text is health data.

mod error;
mod fax_tiff;
mod image_prep;
mod limits;
mod pdf_images;
mod pdf_raster;
mod run;
mod tesseract;
mod tsv;

pub use error::OcrError;
pub use image_prep::{Prepared, prepare_image};
pub use limits::{MAX_IMAGE_BYTES, MAX_IMAGE_SIDE};
pub use pdf_images::{ImageFormat, PageImage, pdf_page_images};
pub use tesseract::{OcrOptions, OcrText, Tesseract};
