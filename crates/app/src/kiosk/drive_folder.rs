//! What a kiosk patient sees of their USB drive: one folder's folders and files (name, size,
//! kind), so they can choose documents without a system dialog that shows the whole computer.
//! Only folders on a removable drive plugged in now are listed; a link leading off the drive
//! is left out, and hidden names (`.Trashes`, `._x`) too.

use std::path::{Path, PathBuf};

use crate::AppError;

use super::places::on_a_drive;

/// One folder of a removable drive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriveFolder {
    /// The folder, resolved (no links, no `..`).
    pub path: PathBuf,
    /// The folder one up, unless this is the drive's top folder.
    pub parent: Option<PathBuf>,
    /// The folders and then the files in it, each in name order.
    pub entries: Vec<DriveEntry>,
}

/// A folder or file in a [`DriveFolder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriveEntry {
    /// Its name.
    pub name: String,
    /// Where it is, to open or add it.
    pub path: PathBuf,
    /// Its size in bytes, for a file.
    pub size: Option<u64>,
}

impl DriveEntry {
    /// Whether it is a folder (it has no size).
    pub fn is_folder(&self) -> bool {
        self.size.is_none()
    }
}

/// Lists `folder` when it is on one of `drives`; anything else is refused.
pub(crate) fn list_drive_folder(
    folder: &Path,
    drives: &[PathBuf],
) -> Result<DriveFolder, AppError> {
    let (drive, folder) = on_a_drive(folder, drives).ok_or(AppError::KioskDriveOnly)?;
    let entries = std::fs::read_dir(&folder).map_err(|source| AppError::DriveFolder {
        path: folder.clone(),
        source,
    })?;
    let mut listed: Vec<DriveEntry> = entries
        .flatten()
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|entry| {
            // A link is listed as what it leads to, and only when that is on the same drive.
            let path = std::fs::canonicalize(entry.path()).ok()?;
            let meta = std::fs::metadata(&path).ok()?;
            path.starts_with(&drive).then(|| DriveEntry {
                name: entry.file_name().to_string_lossy().into_owned(),
                path: entry.path(),
                size: meta.is_file().then_some(meta.len()),
            })
        })
        .collect();
    listed.sort_by(|a, b| {
        (!a.is_folder(), a.name.to_lowercase()).cmp(&(!b.is_folder(), b.name.to_lowercase()))
    });
    let parent = (folder != drive)
        .then(|| folder.parent().map(Path::to_path_buf))
        .flatten();
    Ok(DriveFolder {
        path: folder,
        parent,
        entries: listed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_drive_folder_lists_folders_then_files_without_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        let stick = dir.path().join("STICK");
        std::fs::create_dir_all(stick.join("Scans").join("DICOM")).unwrap();
        std::fs::write(stick.join("report.pdf"), b"%PDF-1").unwrap();
        std::fs::write(stick.join("Letter.pdf"), b"%PDF").unwrap();
        std::fs::write(stick.join(".hidden"), b"x").unwrap();
        let drives = [stick.clone()];
        let top = list_drive_folder(&stick, &drives).unwrap();
        let seen: Vec<(&str, Option<u64>)> = top
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.size))
            .collect();
        assert_eq!(
            seen,
            [
                ("Scans", None),
                ("Letter.pdf", Some(4)),
                ("report.pdf", Some(6))
            ]
        );
        assert_eq!(top.parent, None, "the drive's top has nothing above it");
        let scans = list_drive_folder(&top.entries[0].path, &drives).unwrap();
        assert_eq!(scans.parent.as_deref(), Some(top.path.as_path()));
        assert_eq!(scans.entries[0].name, "DICOM");
    }

    #[test]
    fn folders_off_the_drives_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let stick = dir.path().join("STICK");
        std::fs::create_dir_all(&stick).unwrap();
        for refused in [
            dir.path().to_owned(),
            stick.join(".."),
            stick.join("absent"),
            PathBuf::from("/"),
        ] {
            let err = list_drive_folder(&refused, std::slice::from_ref(&stick)).unwrap_err();
            assert_eq!(err.code(), ErrorCode::KioskDriveOnly, "{refused:?}");
        }
        let none = list_drive_folder(&stick, &[]).unwrap_err();
        assert_eq!(none.code(), ErrorCode::KioskDriveOnly);
    }

    #[cfg(unix)]
    #[test]
    fn links_leading_off_the_drive_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let stick = dir.path().join("STICK");
        let home = dir.path().join("home");
        std::fs::create_dir_all(stick.join("inner")).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        std::os::unix::fs::symlink(&home, stick.join("away")).unwrap();
        std::os::unix::fs::symlink(stick.join("inner"), stick.join("near")).unwrap();
        let drives = [stick.clone()];
        let top = list_drive_folder(&stick, &drives).unwrap();
        let names: Vec<&str> = top.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["inner", "near"]);
        let err = list_drive_folder(&stick.join("away"), &drives).unwrap_err();
        assert_eq!(err.code(), ErrorCode::KioskDriveOnly);
    }
}
