//! One patient's kiosk session: a data folder of its own
//! (`<data dir>/kiosk-sessions/<random id>/`, private to its owner) opened like any other, so
//! every feature works on it unchanged, and removed whole when the session ends. Its database
//! and stored files live inside it, encrypted under a random key held only in memory, so even
//! what a crash or a power cut leaves before the next start's sweep cannot be read.
//!
//! A session's folder is locked by its open [`Carryall`] (the data folder's one-writer lock),
//! so on start-up a folder nobody holds was left by a crash and is removed, while another
//! running kiosk's live session is left alone. Creating a session and sweeping up leftovers
//! both hold `kiosk-sessions/sweep.lock`, so a sweep never sees a new folder before its lock
//! is taken.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::protection::DataKey;
use crate::{Actor, AppError, Carryall, data_dir};

use super::places::KioskPlaces;

/// The folder of session folders inside the data folder.
pub(crate) const SESSIONS_FOLDER: &str = "kiosk-sessions";
/// The lock file that keeps sweeps and new sessions apart.
const SWEEP_LOCK: &str = "sweep.lock";
/// How long ending a session waits for calls still using it (an import being cancelled).
const WAIT_FOR_USERS: Duration = Duration::from_secs(60);

/// A live patient session.
pub(crate) struct KioskSession {
    app: Arc<Carryall>,
    folder: PathBuf,
}

impl KioskSession {
    /// Starts a new, empty session under `data_dir`.
    pub(crate) fn start(data_dir: &Path, actor: Actor) -> Result<KioskSession, AppError> {
        let sessions = data_dir.join(SESSIONS_FOLDER);
        let _sweep = SweepLock::take(&sessions)?;
        let folder = sessions.join(random_name()?);
        let app = Carryall::open_with_key(&folder, actor, DataKey::random()?)?
            .with_kiosk_places(KioskPlaces::of(data_dir));
        Ok(KioskSession {
            app: Arc::new(app),
            folder,
        })
    }

    /// The session's application API.
    pub(crate) fn app(&self) -> Arc<Carryall> {
        Arc::clone(&self.app)
    }

    /// The session's folder.
    #[cfg(test)]
    pub(crate) fn folder(&self) -> &Path {
        &self.folder
    }

    /// Ends the session: waits (a little) for calls still using it, closes its database and
    /// removes its folder with everything in it.
    pub(crate) fn end(self) -> Result<(), AppError> {
        let KioskSession { mut app, folder } = self;
        let deadline = Instant::now() + WAIT_FOR_USERS;
        loop {
            match Arc::try_unwrap(app) {
                Ok(only) => {
                    drop(only);
                    break;
                }
                Err(shared) if Instant::now() < deadline => {
                    app = shared;
                    std::thread::sleep(Duration::from_millis(50));
                }
                // Still in use: remove the folder anyway; the straggler's writes fail.
                Err(shared) => {
                    drop(shared);
                    break;
                }
            }
        }
        remove_folder(&folder).map_err(AppError::KioskNotWiped)
    }
}

/// Removes every session folder under `data_dir` that no running Carryall holds: what a
/// crash or a power cut left behind. Returns how many were removed.
pub(crate) fn remove_leftovers(data_dir: &Path) -> Result<usize, AppError> {
    let sessions = data_dir.join(SESSIONS_FOLDER);
    if !sessions.is_dir() {
        return Ok(0);
    }
    let _sweep = SweepLock::take(&sessions)?;
    let entries = std::fs::read_dir(&sessions).map_err(AppError::KioskNotWiped)?;
    let mut removed = 0;
    for entry in entries {
        let entry = entry.map_err(AppError::KioskNotWiped)?;
        if !entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            continue;
        }
        match data_dir::WriterLock::take(&entry.path()) {
            Ok(lock) => drop(lock),
            Err(AppError::DataDirInUse) => continue,
            Err(_) => {}
        }
        remove_folder(&entry.path()).map_err(AppError::KioskNotWiped)?;
        removed += 1;
    }
    Ok(removed)
}

fn remove_folder(folder: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(folder) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A random folder name: 16 hex digits.
fn random_name() -> Result<String, AppError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Randomness(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Held while a session folder is created or leftovers are swept.
struct SweepLock {
    _file: File,
}

impl SweepLock {
    fn take(sessions: &Path) -> Result<SweepLock, AppError> {
        let error = |source| AppError::DataDir {
            path: sessions.to_owned(),
            source,
        };
        data_dir::create_private(sessions).map_err(error)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(sessions.join(SWEEP_LOCK))
            .map_err(error)?;
        file.lock().map_err(error)?;
        Ok(SweepLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carryall_domain::CaseForm;

    fn files_under(folder: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut todo = vec![folder.to_owned()];
        while let Some(next) = todo.pop() {
            for entry in std::fs::read_dir(&next).into_iter().flatten().flatten() {
                if entry.path().is_dir() {
                    todo.push(entry.path());
                }
                found.push(entry.path());
            }
        }
        found
    }

    #[test]
    fn a_session_works_like_a_data_folder_and_ending_it_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let session = KioskSession::start(dir.path(), Actor::Desktop).unwrap();
        let folder = session.folder().to_owned();
        assert!(folder.starts_with(dir.path().join(SESSIONS_FOLDER)));
        let form = CaseForm {
            patient_name: "Kiosk Person",
            ..CaseForm::default()
        };
        let app = session.app();
        app.create_case(&form).unwrap();
        let stick = tempfile::tempdir().unwrap();
        crate::removable_drives::plug_in_for_tests(stick.path());
        let document = stick.path().join("scan.txt");
        std::fs::write(&document, b"a distinctive kiosk phrase").unwrap();
        let case = app.list_cases().unwrap().remove(0);
        let options = crate::import::ImportOptions::default();
        let cancel = std::sync::atomic::AtomicBool::new(false);
        app.import(
            case.id.as_str(),
            &[document],
            &options,
            &mut |_, _| {},
            &cancel,
        )
        .unwrap();
        drop(app);
        let kept = files_under(&folder);
        assert!(kept.len() > 3);
        // The session is encrypted under a key kept only in memory: no file shows the
        // document or the patient's name.
        for file in kept.iter().filter(|path| path.is_file()) {
            let bytes = std::fs::read(file).unwrap();
            for secret in [&b"distinctive kiosk"[..], b"Kiosk Person"] {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret),
                    "{} shows it",
                    file.display()
                );
            }
        }
        session.end().unwrap();
        assert!(!folder.exists());
        let left = files_under(&dir.path().join(SESSIONS_FOLDER));
        let names: Vec<_> = left.iter().map(|p| p.file_name().unwrap()).collect();
        assert_eq!(names, ["sweep.lock"], "only the sweep lock stays");
    }

    #[cfg(unix)]
    #[test]
    fn a_session_folder_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let session = KioskSession::start(dir.path(), Actor::Desktop).unwrap();
        let mode = std::fs::metadata(session.folder()).unwrap().permissions();
        assert_eq!(mode.mode() & 0o777, 0o700);
        session.end().unwrap();
    }

    #[test]
    fn leftovers_are_removed_but_a_live_session_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let live = KioskSession::start(dir.path(), Actor::Desktop).unwrap();
        let crashed = dir.path().join(SESSIONS_FOLDER).join("0123456789abcdef");
        std::fs::create_dir_all(crashed.join("files")).unwrap();
        std::fs::write(crashed.join("carryall.sqlite3"), b"left by a crash").unwrap();
        assert_eq!(remove_leftovers(dir.path()).unwrap(), 1);
        assert!(!crashed.exists());
        assert!(live.folder().exists(), "another kiosk's live session stays");
        live.app().list_cases().unwrap();
        let folder = live.folder().to_owned();
        live.end().unwrap();
        assert!(!folder.exists());
        assert_eq!(remove_leftovers(dir.path()).unwrap(), 0);
        let fresh = tempfile::tempdir().unwrap();
        assert_eq!(remove_leftovers(fresh.path()).unwrap(), 0);
    }

    #[test]
    fn ending_waits_for_a_call_still_using_the_session() {
        let dir = tempfile::tempdir().unwrap();
        let session = KioskSession::start(dir.path(), Actor::Desktop).unwrap();
        let folder = session.folder().to_owned();
        let in_use = session.app();
        let user = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            in_use.list_cases().unwrap();
        });
        session.end().unwrap();
        user.join().unwrap();
        assert!(!folder.exists());
    }
}
