//! Turns the paths a person chose into the list of files to import.
//!
//! Folders are walked recursively in name order. Inside a chosen folder, a link is followed
//! only when it leads to somewhere inside that same folder; each folder is visited once, so
//! link loops end. Hidden files and operating-system clutter (`.DS_Store`, `Thumbs.db`,
//! `desktop.ini`) are skipped; anything else that cannot be imported becomes a refusal with
//! its reason. A folder holding a `DICOMDIR` file (a scan disc, chosen itself or found inside a
//! chosen folder) is gathered as one disc with every file under it.

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

/// The name of a scan disc's index file (matched without regard to case).
const DISC_INDEX: &str = "DICOMDIR";

/// One thing to import: a file (or the reason it cannot be), or a whole scan disc.
#[derive(Debug)]
pub enum Found {
    /// A file on its own.
    File(Result<Candidate, FileResult>),
    /// A scan disc.
    Disc(DiscCandidate),
}

/// A folder holding a `DICOMDIR`: the top folder of a scan disc, and what is under it.
#[derive(Debug)]
pub struct DiscCandidate {
    /// The disc's top folder.
    pub root: PathBuf,
    /// Its files (at any depth, in name order), and refusals.
    pub files: Vec<Result<Candidate, FileResult>>,
}

impl Found {
    /// The files this stands for, refusals included.
    pub fn files(&self) -> Box<dyn Iterator<Item = &Result<Candidate, FileResult>> + '_> {
        match self {
            Found::File(file) => Box::new(std::iter::once(file)),
            Found::Disc(disc) => Box::new(disc.files.iter()),
        }
    }
}

/// Everything to import under `paths`, in order: files and discs to copy, and refusals.
pub fn gather(paths: &[PathBuf]) -> Vec<Found> {
    let mut found = Vec::new();
    for path in paths {
        // A path the person named is followed even when it is a link.
        match fs::metadata(path) {
            Err(e) => found.push(refused(path, RejectReason::from_open_error(e))),
            Ok(meta) if meta.is_file() => found.push(Found::File(Ok(candidate(path, &meta)))),
            Ok(meta) if meta.is_dir() => match fs::canonicalize(path) {
                Ok(root) => {
                    let mut visited = HashSet::from([root.clone()]);
                    walk(path, &root, &mut visited, &mut found, false);
                }
                Err(e) => found.push(refused(path, RejectReason::from_open_error(e))),
            },
            Ok(_) => found.push(refused(path, RejectReason::NotAFile)),
        }
    }
    found
}

/// Adds what `folder` holds to `found`; the folder becomes one disc when it holds a DICOMDIR
/// and is not already inside one (`in_disc`).
fn walk(
    folder: &Path,
    root: &Path,
    visited: &mut HashSet<PathBuf>,
    found: &mut Vec<Found>,
    in_disc: bool,
) {
    let mut entries = match fs::read_dir(folder) {
        Ok(entries) => entries.filter_map(Result::ok).collect::<Vec<_>>(),
        Err(e) => {
            found.push(refused(folder, RejectReason::from_open_error(e)));
            return;
        }
    };
    entries.sort_by_key(|entry| entry.file_name());
    let holds_index = entries.iter().any(|entry| {
        entry.file_name().eq_ignore_ascii_case(DISC_INDEX)
            && entry.file_type().is_ok_and(|kind| kind.is_file())
    });
    if holds_index && !in_disc {
        let mut inside = Vec::new();
        walk_entries(entries, root, visited, &mut inside, true);
        let files = inside
            .into_iter()
            .filter_map(|item| match item {
                Found::File(file) => Some(file),
                Found::Disc(_) => None,
            })
            .collect();
        found.push(Found::Disc(DiscCandidate {
            root: folder.to_owned(),
            files,
        }));
        return;
    }
    walk_entries(entries, root, visited, found, in_disc);
}

fn walk_entries(
    entries: Vec<fs::DirEntry>,
    root: &Path,
    visited: &mut HashSet<PathBuf>,
    found: &mut Vec<Found>,
    in_disc: bool,
) {
    for entry in entries {
        let path = entry.path();
        if is_clutter(&entry.file_name()) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            found.push(refused(
                &path,
                RejectReason::Unreadable("its type cannot be read".into()),
            ));
            continue;
        };
        let target = if kind.is_symlink() {
            match fs::canonicalize(&path) {
                Ok(target) if target.starts_with(root) => target,
                Ok(_) => {
                    found.push(refused(&path, RejectReason::LinkOutside));
                    continue;
                }
                Err(e) => {
                    found.push(refused(&path, RejectReason::from_open_error(e)));
                    continue;
                }
            }
        } else {
            path.clone()
        };
        match fs::metadata(&target) {
            Ok(meta) if meta.is_file() => found.push(Found::File(Ok(candidate(&path, &meta)))),
            Ok(meta) if meta.is_dir() => {
                let key = fs::canonicalize(&target).unwrap_or(target);
                if visited.insert(key) {
                    walk(&path, root, visited, found, in_disc);
                }
            }
            Ok(_) => found.push(refused(&path, RejectReason::NotAFile)),
            Err(e) => found.push(refused(&path, RejectReason::from_open_error(e))),
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

fn refused(path: &Path, reason: RejectReason) -> Found {
    Found::File(Err(FileResult {
        path: path.to_owned(),
        outcome: FileOutcome::Rejected(reason),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(found: &[Found], root: &Path) -> Vec<String> {
        let name = |item: &Result<Candidate, FileResult>| match item {
            Ok(c) => format!("file {}", c.path.strip_prefix(root).unwrap().display()),
            Err(r) => format!("refused {}", r.path.strip_prefix(root).unwrap().display()),
        };
        found
            .iter()
            .map(|item| match item {
                Found::File(file) => name(file),
                Found::Disc(disc) => {
                    let files: Vec<String> = disc.files.iter().map(name).collect();
                    let root = disc.root.strip_prefix(root).unwrap().display();
                    format!("disc {root}: {}", files.join(", "))
                }
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
        let outside = found.iter().find_map(|f| match f {
            Found::File(Err(r)) if r.path.ends_with("outside-link") => Some(r),
            _ => None,
        });
        assert!(matches!(
            outside.unwrap().outcome,
            FileOutcome::Rejected(RejectReason::LinkOutside)
        ));
    }

    #[test]
    fn a_folder_holding_a_dicomdir_is_one_disc_wherever_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("records/cd/DICOM/ST1")).unwrap();
        fs::create_dir_all(root.join("records/cd/inner")).unwrap();
        fs::write(root.join("records/a.pdf"), b"a").unwrap();
        fs::write(root.join("records/cd/dicomdir"), b"index").unwrap();
        fs::write(root.join("records/cd/DICOM/ST1/IM1"), b"image").unwrap();
        fs::write(root.join("records/cd/.hidden"), b"x").unwrap();
        // A second index below the first stays one of the disc's files.
        fs::write(root.join("records/cd/inner/DICOMDIR"), b"index").unwrap();
        fs::write(root.join("records/z.pdf"), b"z").unwrap();
        let expected = vec![
            "file records/a.pdf",
            "disc records/cd: file records/cd/DICOM/ST1/IM1, file records/cd/dicomdir, \
             file records/cd/inner/DICOMDIR",
            "file records/z.pdf",
        ];
        assert_eq!(names(&gather(&[root.join("records")]), root), expected);
        assert_eq!(
            names(&gather(&[root.join("records/cd")]), root),
            expected[1..2]
        );
        fs::create_dir(root.join("records/DICOMDIR")).unwrap();
        assert_eq!(
            names(&gather(&[root.join("records")]), root)[0],
            "file records/a.pdf",
            "a folder named DICOMDIR is no index"
        );
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
