//! Where documents are handed to the reader as plain files: the worker process and Tesseract
//! read files by name, and OCR writes page images beside them.
//!
//! For unprotected records that is the data folder's `reading/` folder (stored files are read
//! in place). For protected records, the plain copies would undo the encryption if they
//! reached the disk, so on Linux they go to a private folder in `/dev/shm`, which lives in
//! memory, removed when the records are closed (and by a restart, whatever happens); where
//! there is no such folder, `reading/` is used and emptied after each document and at every
//! opening.

use std::io;
use std::path::{Path, PathBuf};

/// The memory-backed folder for plain copies, where the system has one.
#[cfg(target_os = "linux")]
const MEMORY_FOLDER: &str = "/dev/shm";

/// The reader's scratch folder.
#[derive(Debug)]
pub(crate) enum Scratch {
    /// A folder in the data directory.
    InDataDir(PathBuf),
    /// A private folder in memory, removed on drop.
    InMemory(tempfile::TempDir),
}

impl Scratch {
    /// The scratch for a data directory whose `reading` folder is given; `sealed` when its
    /// files are encrypted.
    pub(crate) fn for_data_dir(reading: &Path, sealed: bool) -> io::Result<Scratch> {
        match sealed.then(private_folder_in_memory).flatten() {
            Some(folder) => Ok(Scratch::InMemory(folder)),
            None => Ok(Scratch::InDataDir(reading.to_owned())),
        }
    }

    /// The folder.
    pub(crate) fn path(&self) -> &Path {
        match self {
            Scratch::InDataDir(path) => path,
            Scratch::InMemory(folder) => folder.path(),
        }
    }
}

/// A new folder in memory that only its owner can open (created so, with no moment when others
/// could look in); `None` where the system has no such place.
#[cfg(target_os = "linux")]
fn private_folder_in_memory() -> Option<tempfile::TempDir> {
    use std::os::unix::fs::PermissionsExt;
    tempfile::Builder::new()
        .prefix("carryall-reading-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir_in(MEMORY_FOLDER)
        .ok()
}

#[cfg(not(target_os = "linux"))]
fn private_folder_in_memory() -> Option<tempfile::TempDir> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unprotected_records_read_in_the_data_folder() {
        let reading = Path::new("data").join("reading");
        let scratch = Scratch::for_data_dir(&reading, false).unwrap();
        assert_eq!(scratch.path(), reading);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn protected_records_read_in_a_private_folder_in_memory_removed_on_close() {
        if !Path::new(MEMORY_FOLDER).is_dir() {
            return;
        }
        let scratch = Scratch::for_data_dir(Path::new("unused"), true).unwrap();
        let folder = scratch.path().to_owned();
        assert!(folder.starts_with(MEMORY_FOLDER), "{}", folder.display());
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "private to its owner");
        drop(scratch);
        assert!(!folder.exists());
    }
}
