//! Scan discs and DICOM files: recognised by content, studies and series listed from headers.
//!
//! A scan disc (IHE PDI) holds a `DICOMDIR` index and image files. [`find_dicomdir`] finds its
//! root in a folder, [`read_disc`] lists its files and the studies and series its index names,
//! and [`Disc::has_several_patients`] tells when it mixes patients. Loose files are recognised by
//! [`looks_like_dicom`], read by [`read_header`] and grouped by [`summarise`]. Only headers are
//! read, never pixel data, and nothing is logged: these are patients' records.

mod attributes;
mod checked;
mod disc;
mod disc_files;
mod error;
mod grouping;
mod guard;
mod header;
mod index;
mod sniff;
mod summary;
#[cfg(test)]
mod test_fixtures;
mod values;
mod walker;

pub use disc::{OpenDiscFile, find_dicomdir, read_disc, read_disc_files};
pub use error::DicomError;
pub use grouping::summarise;
pub use header::{read_header, read_header_from};
pub use sniff::looks_like_dicom;
pub use summary::{Disc, ImageHeader, PatientSummary, Series, Study};
