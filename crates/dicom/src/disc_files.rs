//! The files of a disc: listing them, and finding the one a DICOMDIR names.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::DicomError;

/// Folders nested deeper than this are not followed (no real disc comes close).
const MAX_DEPTH: usize = 32;

/// Every regular file under `root`, relative to it, sorted. Symbolic links are not followed.
pub(crate) fn list_files(root: &Path) -> Result<Vec<PathBuf>, DicomError> {
    let mut files = Vec::new();
    collect(root, Path::new(""), 0, &mut files)?;
    files.sort();
    Ok(files)
}

fn collect(
    root: &Path,
    relative: &Path,
    depth: usize,
    files: &mut Vec<PathBuf>,
) -> Result<(), DicomError> {
    let folder = root.join(relative);
    let entries = fs::read_dir(&folder).map_err(|error| DicomError::io(&folder, error))?;
    for entry in entries {
        let entry = entry.map_err(|error| DicomError::io(&folder, error))?;
        let kind = entry
            .file_type()
            .map_err(|error| DicomError::io(&entry.path(), error))?;
        let path = relative.join(entry.file_name());
        if kind.is_file() {
            files.push(path);
        } else if kind.is_dir() && depth < MAX_DEPTH {
            collect(root, &path, depth + 1, files)?;
        }
    }
    Ok(())
}

/// Looks up disc files by the components a DICOMDIR names them with, ignoring case and the
/// ISO 9660 leftovers some drives show (a trailing "." or ";1").
pub(crate) struct FileLookup<'a> {
    by_key: HashMap<String, &'a Path>,
}

impl<'a> FileLookup<'a> {
    /// An index of `files` (paths relative to the disc root).
    pub(crate) fn new(files: &'a [PathBuf]) -> Self {
        let by_key = files
            .iter()
            .filter_map(|file| {
                let parts: Vec<String> = file
                    .components()
                    .map(|part| match part {
                        Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                        _ => None,
                    })
                    .collect::<Option<_>>()?;
                Some((key(&parts), file.as_path()))
            })
            .collect();
        FileLookup { by_key }
    }

    /// The disc file a DICOMDIR's Referenced File ID names, if it is on the disc.
    pub(crate) fn find(&self, file_id: &[String]) -> Option<&'a Path> {
        self.by_key.get(&key(file_id)).copied()
    }
}

/// A Referenced File ID as a relative path, or `None` when a component could step outside the
/// disc (empty, ".", "..", or holding a separator).
pub(crate) fn file_id_path(file_id: &[String]) -> Option<PathBuf> {
    let safe = |part: &String| {
        !part.is_empty() && part != "." && part != ".." && !part.contains(['/', '\\', ':', '\0'])
    };
    (!file_id.is_empty() && file_id.iter().all(safe)).then(|| file_id.iter().collect())
}

fn key(parts: &[String]) -> String {
    parts
        .iter()
        .map(|part| {
            let part = part.strip_suffix(";1").unwrap_or(part);
            part.strip_suffix('.').unwrap_or(part).to_lowercase()
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|part| part.to_string()).collect()
    }

    #[test]
    fn file_ids_match_files_whatever_the_case() {
        let files = vec![
            PathBuf::from("dicom/st000001/im000001"),
            PathBuf::from("DICOM/ST000001/IM000002.;1"),
            PathBuf::from("DICOMDIR"),
        ];
        let lookup = FileLookup::new(&files);
        let cases = [
            (
                id(&["DICOM", "ST000001", "IM000001"]),
                Some("dicom/st000001/im000001"),
            ),
            (
                id(&["DICOM", "ST000001", "IM000002"]),
                Some("DICOM/ST000001/IM000002.;1"),
            ),
            (id(&["DICOMDIR"]), Some("DICOMDIR")),
            (id(&["DICOM", "ST000001", "IM000003"]), None),
            (id(&["DICOM", "ST000001"]), None),
            (id(&[]), None),
        ];
        for (file_id, expected) in cases {
            assert_eq!(
                lookup.find(&file_id),
                expected.map(Path::new),
                "{file_id:?}"
            );
        }
    }

    #[test]
    fn file_ids_cannot_leave_the_disc() {
        let cases = [
            (id(&["DICOM", "IM1"]), Some(Path::new("DICOM").join("IM1"))),
            (id(&["..", "secret"]), None),
            (id(&["DICOM", "."]), None),
            (id(&["/etc/passwd"]), None),
            (id(&["C:", "x"]), None),
            (id(&["a\\b"]), None),
            (id(&["DICOM", ""]), None),
            (id(&[]), None),
        ];
        for (file_id, expected) in cases {
            assert_eq!(file_id_path(&file_id), expected, "{file_id:?}");
        }
    }
}
