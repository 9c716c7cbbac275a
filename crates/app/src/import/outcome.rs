//! What happened to each file of an import, and why a file was refused, in words a person can
//! act on.

use std::io;
use std::path::PathBuf;

use carryall_domain::Document;

/// The result of one import.
#[derive(Debug)]
pub struct ImportReport {
    /// One result per file, in the order the files were found.
    pub results: Vec<FileResult>,
    /// Whether the import was stopped before every file was done.
    pub cancelled: bool,
}

impl ImportReport {
    /// Whether any file was refused.
    pub fn any_rejected(&self) -> bool {
        self.results
            .iter()
            .any(|r| matches!(r.outcome, FileOutcome::Rejected(_)))
    }
}

/// What happened to one file.
#[derive(Debug)]
pub struct FileResult {
    /// The file's path as given or found.
    pub path: PathBuf,
    /// What happened.
    pub outcome: FileOutcome,
}

/// Imported, already there, or refused.
#[derive(Debug)]
pub enum FileOutcome {
    /// A new document in the case.
    Imported(Document),
    /// The case already holds these exact bytes: the earlier document.
    Duplicate(Document),
    /// Not imported, and why.
    Rejected(RejectReason),
}

/// Why a file was not imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RejectReason {
    /// Nothing at that path.
    #[error("The file was not found. It may have been moved, renamed or deleted.")]
    NotFound,
    /// The operating system refused to let us read it.
    #[error(
        "Carryall is not allowed to read this file. Check its permissions, or copy it somewhere you can open it."
    )]
    PermissionDenied,
    /// Reading failed for another reason.
    #[error(
        "The file could not be read ({0}). If it is on a disc or USB stick, check it is still connected."
    )]
    Unreadable(String),
    /// A zero-byte file.
    #[error(
        "The file is empty (0 bytes), so there is nothing to import. Check you picked the right file."
    )]
    Empty,
    /// Over the size limit.
    #[error("The file is larger than the {} limit. If it really is one document, ask the hospital for a smaller copy.", human_size(*.limit))]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A link out of the chosen folder.
    #[error(
        "This is a shortcut to a file outside the folder you chose, so it was not imported. Add that file on its own if you need it."
    )]
    LinkOutside,
    /// A device, socket or other non-file.
    #[error("This is not an ordinary file, so it cannot be imported.")]
    NotAFile,
    /// The name has bytes that are not text.
    #[error(
        "The file's name contains characters Carryall cannot read. Rename the file and add it again."
    )]
    NameNotText,
    /// A scan disc none of whose files could be copied.
    #[error(
        "None of the files on this disc could be copied, so the disc was not added. The reason for each file is listed; check the disc is still readable."
    )]
    EmptyDisc,
    /// The copy or record could not be saved.
    #[error(
        "A copy could not be saved ({0}). Nothing was changed; check there is free space and try again."
    )]
    CouldNotSave(String),
}

impl RejectReason {
    /// The reason an operating-system error gives when opening or inspecting a path.
    pub fn from_open_error(error: io::Error) -> RejectReason {
        match error.kind() {
            io::ErrorKind::NotFound => RejectReason::NotFound,
            io::ErrorKind::PermissionDenied => RejectReason::PermissionDenied,
            _ => RejectReason::Unreadable(error.to_string()),
        }
    }
}

/// A byte count in the largest whole unit, e.g. "2 GiB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(1000), "1000 bytes");
        assert_eq!(human_size(2 * 1024 * 1024 * 1024), "2 GiB");
        assert_eq!(human_size(1536 * 1024), "1.5 MiB");
    }

    #[test]
    fn the_size_limit_message_names_the_limit() {
        let message = RejectReason::TooLarge { limit: 1024 * 1024 }.to_string();
        assert!(message.contains("1 MiB"), "{message}");
    }
}
