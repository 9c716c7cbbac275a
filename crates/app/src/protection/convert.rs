//! Turning protection on for a folder that already holds cases, so that a crash at any
//! moment leaves either the old unprotected folder or the new protected one, never a mix.
//!
//! Everything encrypted is first written into `protecting/` beside the data: the database's
//! encrypted copy, every stored file sealed (and its hash checked on the way), and the key
//! file. Moving the key file to the top of the data folder is the moment protection is on.
//! The rest (putting the encrypted database and files in place of the plain ones, removing
//! the plain ones) is finished by [`finish_interrupted`], which every opening runs, so a crash
//! part-way is completed the next time; without the key file at the top, a left-over
//! `protecting/` folder is an attempt that never finished and is removed.

use std::fs;
use std::io;
use std::path::Path;

use carryall_store::Store;
use carryall_store::files::{FileStore, Flow};

use super::{DataKey, KEY_FILE, write_key_file};
use crate::{AppError, DATABASE_FILE, FILES_FOLDER};

/// The folder where a folder's protected copy is made.
const STAGING: &str = "protecting";
/// The stored files' folder inside the file store.
const STORED: &str = "sha256";
/// How many sealed copies are made durable together.
const BATCH: usize = 256;

/// Encrypts the database `store` (closed here) and every file of `files` under a new key
/// protected by `passphrase`, then switches the folder over. The caller holds the data
/// folder's writer lock, has checked the passphrase and that the folder is not protected, and
/// reopens the folder with the returned key.
pub(crate) fn protect_folder(
    data_dir: &Path,
    store: Store,
    files: &FileStore,
    passphrase: &str,
) -> Result<DataKey, AppError> {
    let io_error = |source: io::Error| AppError::DataDir {
        path: data_dir.to_owned(),
        source,
    };
    let staging = data_dir.join(STAGING);
    remove_if_present(&staging).map_err(io_error)?;
    fs::create_dir_all(&staging).map_err(io_error)?;
    crate::data_dir::create_private(&staging).map_err(io_error)?;
    let key = DataKey::random()?;

    store.write_encrypted_copy(&staging.join(DATABASE_FILE), &key.database())?;
    drop(store);
    seal_files(files, &staging.join(FILES_FOLDER), &key)?;
    write_key_file(&staging.join(KEY_FILE), &key, passphrase)?;

    // The switch: from here on the folder is protected.
    fs::rename(staging.join(KEY_FILE), data_dir.join(KEY_FILE)).map_err(io_error)?;
    sync_folder(data_dir).map_err(io_error)?;
    finish_interrupted(data_dir)?;
    Ok(key)
}

/// Copies every stored file of `files`, sealed under `key`, into a file store at `target`,
/// checking each one's hash as it goes.
fn seal_files(files: &FileStore, target: &Path, key: &DataKey) -> Result<(), AppError> {
    let target_error = |source: io::Error| AppError::DataDir {
        path: target.to_owned(),
        source,
    };
    let sealed = FileStore::open(target)
        .map_err(target_error)?
        .sealed_with(key.files());
    let hashes = files.stored_hashes().map_err(target_error)?;
    for batch in hashes.chunks(BATCH) {
        let mut copies = Vec::with_capacity(batch.len());
        for sha256 in batch {
            let damaged = || AppError::ProtectStopped {
                sha256_start: sha256.as_str()[..12].to_owned(),
            };
            let mut plain = files.open_file(sha256).map_err(|_| damaged())?;
            let copy = sealed
                .copy_in(&mut plain, u64::MAX, &mut |_| Flow::Continue)
                .map_err(|_| damaged())?;
            if &copy.sha256 != sha256 {
                return Err(damaged());
            }
            copies.push(copy);
        }
        for kept in sealed.keep_all(copies) {
            kept.map_err(|error| AppError::DataDir {
                path: target.to_owned(),
                source: io::Error::other(error.to_string()),
            })?;
        }
    }
    Ok(())
}

/// Completes a switch to protection that a crash interrupted, or removes an attempt that
/// never reached the switch. Safe to run at every opening (the caller holds the writer lock).
pub(crate) fn finish_interrupted(data_dir: &Path) -> Result<(), AppError> {
    let staging = data_dir.join(STAGING);
    if !staging.is_dir() {
        return Ok(());
    }
    let io_error = |source: io::Error| AppError::DataDir {
        path: data_dir.to_owned(),
        source,
    };
    if !super::is_protected(data_dir) {
        return remove_if_present(&staging).map_err(io_error);
    }
    let encrypted_database = staging.join(DATABASE_FILE);
    if encrypted_database.is_file() {
        for journal in ["-wal", "-shm"] {
            let mut name = DATABASE_FILE.to_owned();
            name.push_str(journal);
            remove_file_if_present(&data_dir.join(name)).map_err(io_error)?;
        }
        fs::rename(&encrypted_database, data_dir.join(DATABASE_FILE)).map_err(io_error)?;
    }
    let sealed_files = staging.join(FILES_FOLDER).join(STORED);
    if sealed_files.is_dir() {
        let plain_files = data_dir.join(FILES_FOLDER).join(STORED);
        if plain_files.is_dir() {
            fs::rename(&plain_files, staging.join("plain-files")).map_err(io_error)?;
        }
        fs::create_dir_all(data_dir.join(FILES_FOLDER)).map_err(io_error)?;
        fs::rename(&sealed_files, &plain_files).map_err(io_error)?;
    }
    sync_folder(data_dir).map_err(io_error)?;
    remove_if_present(&staging).map_err(io_error)
}

fn remove_if_present(folder: &Path) -> io::Result<()> {
    match fs::remove_dir_all(folder) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn remove_file_if_present(file: &Path) -> io::Result<()> {
    match fs::remove_file(file) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Makes renames in `folder` durable (a no-op where folders cannot be opened).
fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Actor, Carryall};

    const PASSPHRASE: &str = "correct horse battery";

    fn folder_with_a_case(data: &Path) {
        let app = Carryall::open(data, Actor::Cli).unwrap();
        let form = carryall_domain::CaseForm {
            patient_name: "Zebediah Quarrington",
            ..Default::default()
        };
        let case = app.create_case(&form).unwrap().id.to_string();
        let document = data.parent().unwrap().join("note.pdf");
        fs::write(&document, b"%PDF-1.4 a stored document").unwrap();
        app.import(
            &case,
            &[document],
            &crate::import::ImportOptions::default(),
            &mut |_, _| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
    }

    #[test]
    fn an_attempt_stopped_before_the_switch_is_undone_at_the_next_opening() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        folder_with_a_case(&data);
        let staging = data.join(STAGING);
        fs::create_dir_all(staging.join(FILES_FOLDER)).unwrap();
        fs::write(staging.join(DATABASE_FILE), b"half an encrypted copy").unwrap();

        let app = Carryall::open(&data, Actor::Cli).unwrap();
        assert!(!staging.exists());
        assert!(!app.is_protected());
        assert_eq!(app.list_cases().unwrap().len(), 1);
        assert!(app.check().unwrap().damaged.is_empty());
    }

    #[test]
    fn a_switch_interrupted_after_the_key_file_moved_is_finished_at_the_next_opening() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        folder_with_a_case(&data);
        // Everything `protect_folder` does up to and including the switch, then a "crash".
        {
            let store = Store::open(&data.join(DATABASE_FILE)).unwrap();
            let files = FileStore::open(&data.join(FILES_FOLDER)).unwrap();
            let staging = data.join(STAGING);
            fs::create_dir_all(&staging).unwrap();
            let key = DataKey::random().unwrap();
            store
                .write_encrypted_copy(&staging.join(DATABASE_FILE), &key.database())
                .unwrap();
            drop(store);
            seal_files(&files, &staging.join(FILES_FOLDER), &key).unwrap();
            write_key_file(&staging.join(KEY_FILE), &key, PASSPHRASE).unwrap();
            fs::rename(staging.join(KEY_FILE), data.join(KEY_FILE)).unwrap();
        }

        let app = Carryall::open_with_passphrase(&data, Actor::Cli, PASSPHRASE).unwrap();
        assert!(!data.join(STAGING).exists());
        assert!(app.is_protected());
        let case = &app.list_cases().unwrap()[0];
        assert_eq!(case.patient.name, "Zebediah Quarrington");
        assert_eq!(app.documents(case.id.as_str()).unwrap().len(), 1);
        let check = app.check().unwrap();
        assert!(check.damaged.is_empty(), "{:?}", check.damaged);
        assert_eq!(check.files_checked, 1);
        drop(app);
        let mut stored = Vec::new();
        let mut todo = vec![data.clone()];
        while let Some(folder) = todo.pop() {
            for entry in fs::read_dir(folder).unwrap().flatten() {
                if entry.path().is_dir() {
                    todo.push(entry.path());
                } else {
                    stored.push(fs::read(entry.path()).unwrap());
                }
            }
        }
        assert!(
            !stored
                .iter()
                .any(|bytes| bytes.windows(5).any(|w| w == b"%PDF-")),
            "no plain copy left"
        );
    }
}
