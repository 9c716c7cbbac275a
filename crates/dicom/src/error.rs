//! Errors in plain language, naming only the file (never the folders above it).

use std::io;
use std::path::Path;

/// Why a DICOM file or a scan disc could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DicomError {
    /// The file's content is not DICOM (whatever its name says).
    #[error("{file} is not a DICOM file")]
    NotDicom {
        /// The file's name.
        file: String,
    },
    /// The file starts like DICOM but its header cannot be read to the end.
    #[error(
        "{file} is a DICOM file but it is damaged or incomplete; copy it again from the original disc"
    )]
    Damaged {
        /// The file's name.
        file: String,
    },
    /// The file is DICOM, compressed in a way this reader does not handle (deflate).
    #[error(
        "{file} is a DICOM file in a compressed form Carryall cannot read; it is kept as it is"
    )]
    Unsupported {
        /// The file's name.
        file: String,
    },
    /// The operating system could not open or read the file or folder.
    #[error("{file} could not be read ({source}); check that the disc or drive is still connected")]
    Io {
        /// The file's or folder's name.
        file: String,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The folder holds no DICOMDIR, so it is not the top folder of a scan disc.
    #[error(
        "{folder} has no disc index (DICOMDIR); choose the top folder of the disc, the one holding DICOMDIR"
    )]
    NoIndex {
        /// The folder's name.
        folder: String,
    },
    /// The disc's DICOMDIR exists but cannot be read.
    #[error(
        "the disc's index ({file}) is damaged; ask the hospital for a new copy of the disc, or import its files one by one"
    )]
    DamagedIndex {
        /// The DICOMDIR's file name as found on the disc.
        file: String,
    },
}

/// The last part of a path, for messages that must not reveal the folders above it.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl DicomError {
    /// An I/O error about `path`, naming only its last part.
    pub(crate) fn io(path: &Path, source: io::Error) -> Self {
        DicomError::Io {
            file: file_name(path),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_but_not_its_folders() {
        let path = Path::new("/home/someone/Records/Oncology/scan.dcm");
        let messages = [
            DicomError::io(path, io::Error::from(io::ErrorKind::NotFound)).to_string(),
            DicomError::NotDicom {
                file: file_name(path),
            }
            .to_string(),
        ];
        for message in messages {
            assert!(message.contains("scan.dcm"), "{message}");
            assert!(!message.contains("Oncology"), "{message}");
        }
    }
}
