//! Where Carryall keeps its data (a folder given on the command line, else the
//! `CARRYALL_DATA_DIR` environment variable, else the operating system's app-data folder), and
//! the lock that lets only one running program write to it.
//!
//! The writer's lock is an operating-system lock on `carryall.lock` in the data directory
//! (`flock` on Unix, `LockFileEx` on Windows): the system releases it when the program ends,
//! even by a crash or a kill, so a stale lock never needs clearing by hand. The file itself
//! stays; it holds nothing.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::AppError;

/// The environment variable that names the data directory.
pub const DATA_DIR_ENV: &str = "CARRYALL_DATA_DIR";

/// The lock file's name inside the data directory.
const LOCK_FILE: &str = "carryall.lock";

/// Creates the data directory (and any missing parents) readable by its owner only, so
/// other accounts on a shared computer cannot look inside; an existing folder is left as it
/// is (someone chose it, perhaps to share it). Elsewhere than Unix, the folder inherits the
/// permissions of the folder it is in (a user's own app-data folder, by default).
pub(crate) fn create_private(data_dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(data_dir)
}

/// Proof that this program is the one writer of a data directory, held while it is open.
#[derive(Debug)]
pub(crate) struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Takes the data directory's writer lock at once, or explains that another Carryall
    /// holds it (waiting would leave a command hanging with no word of why).
    pub(crate) fn take(data_dir: &Path) -> Result<WriterLock, AppError> {
        let data_dir_error = |source| AppError::DataDir {
            path: data_dir.to_owned(),
            source,
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(data_dir.join(LOCK_FILE))
            .map_err(data_dir_error)?;
        match file.try_lock() {
            Ok(()) => Ok(WriterLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(AppError::DataDirInUse),
            Err(TryLockError::Error(source)) => Err(data_dir_error(source)),
        }
    }
}

/// The folder name under the operating system's app-data folder.
const APP_FOLDER: &str = "Carryall";

/// Chooses the data directory: `explicit` if given, else the environment, else the default.
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, AppError> {
    let from_env = std::env::var_os(DATA_DIR_ENV)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from);
    choose(explicit, from_env, dirs::data_dir())
}

fn choose(
    explicit: Option<PathBuf>,
    from_env: Option<PathBuf>,
    os_data: Option<PathBuf>,
) -> Result<PathBuf, AppError> {
    explicit
        .or(from_env)
        .or_else(|| os_data.map(|dir| dir.join(APP_FOLDER)))
        .ok_or_else(|| AppError::DataDir {
            path: PathBuf::from("(none)"),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "this system has no app-data folder; set {DATA_DIR_ENV} or pass --data-dir"
                ),
            ),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_beats_environment_beats_default() {
        let p = |s: &str| Some(PathBuf::from(s));
        assert_eq!(choose(p("a"), p("b"), p("c")).unwrap(), PathBuf::from("a"));
        assert_eq!(choose(None, p("b"), p("c")).unwrap(), PathBuf::from("b"));
        assert_eq!(
            choose(None, None, p("c")).unwrap(),
            PathBuf::from("c").join(APP_FOLDER)
        );
        assert!(choose(None, None, None).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_data_dir_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("new").join("Carryall");
        create_private(&data).unwrap();
        let mode = std::fs::metadata(&data).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        create_private(&data).unwrap();
    }

    #[test]
    fn only_one_writer_lock_at_a_time_and_it_is_freed_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriterLock::take(dir.path()).unwrap();
        let second = WriterLock::take(dir.path()).unwrap_err();
        assert_eq!(second.code(), crate::ErrorCode::Busy);
        assert_eq!(
            second.to_string(),
            "Carryall is already open with this data folder; close it and try again."
        );
        drop(first);
        WriterLock::take(dir.path()).unwrap();
    }
}
