//! A deletion's wipe that has not finished yet, remembered across crashes and full disks.
//!
//! Wiping deleted records out of the database files ([`carryall_store::Store::scrub`])
//! rebuilds the whole database: slow on a big store, and it needs free space as large as the
//! database. So a deletion marks the wipe as pending (an empty `wipe-pending` file in the data
//! directory) before it commits, and clears the mark once the wipe is done. `check` finishes a
//! wipe still marked and otherwise leaves the database alone.

use std::io;
use std::path::{Path, PathBuf};

use crate::atomic_file::write_atomically;

/// The marker's name inside the data directory.
const MARKER_FILE: &str = "wipe-pending";

/// The pending-wipe mark of one data directory.
pub(crate) struct PendingWipe {
    marker: PathBuf,
}

impl PendingWipe {
    /// The mark of the data directory `data_dir`.
    pub(crate) fn of(data_dir: &Path) -> PendingWipe {
        PendingWipe {
            marker: data_dir.join(MARKER_FILE),
        }
    }

    /// Records that a wipe is owed; call it before the deletion commits.
    pub(crate) fn mark(&self) -> io::Result<()> {
        write_atomically(&self.marker, b"")
    }

    /// Whether a wipe is owed.
    pub(crate) fn is_marked(&self) -> bool {
        self.marker.exists()
    }

    /// Records that the wipe is done.
    pub(crate) fn clear(&self) -> io::Result<()> {
        match std::fs::remove_file(&self.marker) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_lasts_until_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let pending = PendingWipe::of(dir.path());
        assert!(!pending.is_marked());
        pending.mark().unwrap();
        assert!(PendingWipe::of(dir.path()).is_marked());
        pending.clear().unwrap();
        assert!(!pending.is_marked());
        pending.clear().unwrap();
    }
}
