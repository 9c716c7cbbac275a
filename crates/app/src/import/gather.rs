//! Turns the paths a person chose into the list of files to import.
//!
//! Folders are walked recursively in name order. Inside a chosen folder, a link is followed
//! only when it leads to somewhere inside that same folder; each folder is visited once, so
//! link loops end. Hidden files and operating-system clutter (`.DS_Store`, `Thumbs.db`,
//! `desktop.ini`) are skipped; anything else that cannot be imported becomes a refusal with
//! its reason.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::outcome::{FileOutcome, FileResult, RejectReason};

/// A regular file to import.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The path as found.
    pub path: PathBuf,
    /// Its size when gathered.
    pub size: u64,
    /// Its modification time.
    pub modified: Option<DateTime<Utc>>,
}

/// Everything to import under `paths`, in order: files to copy, and refusals.
pub fn gather(paths: &[PathBuf]) -> Vec<Result<Candidate, FileResult>> {
    let mut found = Vec::new();
    for path in paths {
        // A path the person named is followed even when it is a link.
        match fs::metadata(path) {
            Err(e) => found.push(Err(refusal(path, RejectReason::from_open_error(e)))),
            Ok(meta) if meta.is_file() => found.push(Ok(candidate(path, &meta))),
            Ok(meta) if meta.is_dir() => match fs::canonicalize(path) {
                Ok(root) => {
                    let mut visited = HashSet::from([root.clone()]);
                    walk(path, &root, &mut visited, &mut found);
                }
                Err(e) => found.push(Err(refusal(path, RejectReason::from_open_error(e)))),
            },
            Ok(_) => found.push(Err(refusal(path, RejectReason::NotAFile))),
        }
    }
    found
}

fn walk(
    folder: &Path,
    root: &Path,
    visited: &mut HashSet<PathBuf>,
    found: &mut Vec<Result<Candidate, FileResult>>,
) {
    let mut entries = match fs::read_dir(folder) {
        Ok(entries) => entries.filter_map(Result::ok).collect::<Vec<_>>(),
        Err(e) => {
            found.push(Err(refusal(folder, RejectReason::from_open_error(e))));
            return;
        }
    };
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        if is_clutter(&entry.file_name()) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            found.push(Err(refusal(
                &path,
                RejectReason::Unreadable("its type cannot be read".into()),
            )));
            continue;
        };
        let target = if kind.is_symlink() {
            match fs::canonicalize(&path) {
                Ok(target) if target.starts_with(root) => target,
                Ok(_) => {
                    found.push(Err(refusal(&path, RejectReason::LinkOutside)));
                    continue;
                }
                Err(e) => {
                    found.push(Err(refusal(&path, RejectReason::from_open_error(e))));
                    continue;
                }
            }
        } else {
            path.clone()
        };
        match fs::metadata(&target) {
            Ok(meta) if meta.is_file() => found.push(Ok(candidate(&path, &meta))),
            Ok(meta) if meta.is_dir() => {
                let key = fs::canonicalize(&target).unwrap_or(target);
                if visited.insert(key) {
                    walk(&path, root, visited, found);
                }
            }
            Ok(_) => found.push(Err(refusal(&path, RejectReason::NotAFile))),
            Err(e) => found.push(Err(refusal(&path, RejectReason::from_open_error(e)))),
        }
    }
}

fn is_clutter(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

fn candidate(path: &Path, meta: &fs::Metadata) -> Candidate {
    Candidate {
        path: path.to_owned(),
        size: meta.len(),
        modified: meta.modified().ok().map(DateTime::<Utc>::from),
    }
}

fn refusal(path: &Path, reason: RejectReason) -> FileResult {
    FileResult {
        path: path.to_owned(),
        outcome: FileOutcome::Rejected(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(found: &[Result<Candidate, FileResult>], root: &Path) -> Vec<String> {
        found
            .iter()
            .map(|item| match item {
                Ok(c) => format!("file {}", c.path.strip_prefix(root).unwrap().display()),
                Err(r) => format!("refused {}", r.path.strip_prefix(root).unwrap().display()),
            })
            .collect()
    }

    #[test]
    fn folders_are_walked_in_name_order_skipping_clutter() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("scans/b")).unwrap();
        fs::write(root.join("scans/z.pdf"), b"z").unwrap();
        fs::write(root.join("scans/b/a.pdf"), b"a").unwrap();
        fs::write(root.join("scans/.DS_Store"), b"x").unwrap();
        fs::write(root.join("scans/Thumbs.db"), b"x").unwrap();
        let found = gather(&[root.join("scans")]);
        assert_eq!(
            names(&found, root),
            vec!["file scans/b/a.pdf", "file scans/z.pdf"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_the_folder_are_followed_links_outside_refused_and_loops_end() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("chosen/sub")).unwrap();
        fs::write(root.join("chosen/sub/report.pdf"), b"r").unwrap();
        fs::write(root.join("secret.txt"), b"s").unwrap();
        symlink(root.join("secret.txt"), root.join("chosen/outside-link")).unwrap();
        symlink(
            root.join("chosen/sub/report.pdf"),
            root.join("chosen/inside-link"),
        )
        .unwrap();
        symlink(root.join("chosen"), root.join("chosen/sub/loop")).unwrap();
        symlink(root.join("nowhere"), root.join("chosen/broken-link")).unwrap();
        let found = gather(&[root.join("chosen")]);
        assert_eq!(
            names(&found, root),
            vec![
                "refused chosen/broken-link",
                "file chosen/inside-link",
                "refused chosen/outside-link",
                "file chosen/sub/report.pdf",
            ]
        );
        let outside = found.iter().find_map(|f| {
            f.as_ref()
                .err()
                .filter(|r| r.path.ends_with("outside-link"))
        });
        assert!(matches!(
            outside.unwrap().outcome,
            FileOutcome::Rejected(RejectReason::LinkOutside)
        ));
    }

    #[test]
    fn a_missing_path_is_refused_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("real.pdf"), b"r").unwrap();
        let found = gather(&[dir.path().join("missing.pdf"), dir.path().join("real.pdf")]);
        assert_eq!(
            names(&found, dir.path()),
            vec!["refused missing.pdf", "file real.pdf"]
        );
    }
}
