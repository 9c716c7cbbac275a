//! Protecting a data folder with a passphrase (encryption at rest).
//!
//! A protected folder holds `protection.json`: a random 256-bit data key, encrypted under a key
//! derived from the passphrase with Argon2id (salt and costs kept beside it). The database is
//! encrypted by SQLCipher and the stored files are sealed, each with its own key derived from
//! the data key. Changing the passphrase re-encrypts only the data key. There is no other copy
//! of the key and no way around the passphrase: a lost passphrase means the folder's contents
//! are lost (the app says so before protection is turned on).
//!
//! Kiosk sessions are protected with a random key that lives only in memory
//! ([`DataKey::random`]), so a session's leftovers after a crash are unreadable.

mod convert;

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use carryall_store::sealed::SecretKey;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::atomic_file::write_atomically;

pub(crate) use convert::{finish_interrupted, protect_folder};

/// How long protected records stay open without anyone using the window before the desktop
/// locks them again (automatic logoff), after a warning.
pub const LOCK_AFTER: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// How long before locking the warning shows (WCAG 2.2.1: at least 20 seconds to say "I need
/// more time").
pub const LOCK_WARNING: std::time::Duration = std::time::Duration::from_secs(60);

/// The key file's name in the data folder.
pub(crate) const KEY_FILE: &str = "protection.json";
/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// Argon2id costs for new key files: 64 MiB, 3 passes (well above OWASP's minimum), which
/// takes well under a second here and makes guessing slow.
const MEMORY_KIB: u32 = 64 * 1024;
const PASSES: u32 = 3;
const KEY_FILE_FORMAT: u32 = 1;

/// The key everything in a protected folder is encrypted under (wiped from memory on drop).
#[derive(Clone, Debug)]
pub struct DataKey(SecretKey);

impl DataKey {
    /// A new random key (a kiosk session's, kept only in memory).
    pub(crate) fn random() -> Result<DataKey, AppError> {
        Ok(DataKey(
            SecretKey::random().map_err(|e| AppError::Randomness(e.to_string()))?,
        ))
    }

    /// The database's key.
    pub(crate) fn database(&self) -> SecretKey {
        self.0.derive("carryall database v1")
    }

    /// The stored files' key.
    pub(crate) fn files(&self) -> SecretKey {
        self.0.derive("carryall files v1")
    }
}

/// `protection.json`.
#[derive(Serialize, Deserialize)]
struct KeyFile {
    format: u32,
    kdf: String,
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    /// Hex.
    salt: String,
    /// Hex: nonce and the data key sealed under the passphrase's key.
    wrapped_key: String,
}

/// Whether the data folder is protected by a passphrase.
pub fn is_protected(data_dir: &Path) -> bool {
    key_file(data_dir).is_file()
}

fn key_file(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

/// Checks a new passphrase: long enough to resist guessing.
pub(crate) fn check_new_passphrase(passphrase: &str) -> Result<(), AppError> {
    if passphrase.trim().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(AppError::PassphraseTooShort {
            min: MIN_PASSPHRASE_CHARS,
        });
    }
    Ok(())
}

/// The data key of a protected folder, unlocked by `passphrase`.
pub(crate) fn unlock(data_dir: &Path, passphrase: &str) -> Result<DataKey, AppError> {
    let path = key_file(data_dir);
    let bytes = std::fs::read(&path).map_err(|source| AppError::DataDir {
        path: path.clone(),
        source,
    })?;
    let damaged = || AppError::KeyFileDamaged { path: path.clone() };
    let file: KeyFile = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
    if file.format != KEY_FILE_FORMAT || file.kdf != "argon2id" {
        return Err(damaged());
    }
    let salt = from_hex(&file.salt).ok_or_else(damaged)?;
    let wrapped = from_hex(&file.wrapped_key).ok_or_else(damaged)?;
    let wrapping = passphrase_key(passphrase, &salt, file.memory_kib, file.passes, file.lanes)
        .map_err(|_| damaged())?;
    SecretKey::from_wrapped(&wrapped, &wrapping)
        .map(DataKey)
        .ok_or(AppError::WrongPassphrase)
}

/// Writes (or replaces) the key file holding `key` under `passphrase`, at `path`.
pub(crate) fn write_key_file(path: &Path, key: &DataKey, passphrase: &str) -> Result<(), AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Randomness(e.to_string()))?;
    let wrapping = passphrase_key(passphrase, &salt, MEMORY_KIB, PASSES, 1)
        .map_err(|e| AppError::Randomness(e.to_string()))?;
    let wrapped = key
        .0
        .wrapped_under(&wrapping)
        .map_err(|e| AppError::Randomness(e.to_string()))?;
    let file = KeyFile {
        format: KEY_FILE_FORMAT,
        kdf: "argon2id".to_owned(),
        memory_kib: MEMORY_KIB,
        passes: PASSES,
        lanes: 1,
        salt: to_hex(&salt),
        wrapped_key: to_hex(&wrapped),
    };
    let json = serde_json::to_vec_pretty(&file).expect("the key file serialises");
    write_atomically(path, &json).map_err(|source| AppError::DataDir {
        path: path.to_owned(),
        source,
    })
}

/// Replaces the passphrase of a protected folder (the data key, and so everything encrypted
/// under it, stays the same).
pub(crate) fn change_passphrase(data_dir: &Path, old: &str, new: &str) -> Result<(), AppError> {
    check_new_passphrase(new)?;
    let key = unlock(data_dir, old)?;
    write_key_file(&key_file(data_dir), &key, new)
}

fn passphrase_key(
    passphrase: &str,
    salt: &[u8],
    memory_kib: u32,
    passes: u32,
    lanes: u32,
) -> Result<SecretKey, argon2::Error> {
    let params = Params::new(memory_kib, passes, lanes, Some(32))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password_into(
        passphrase.as_bytes(),
        salt,
        &mut out,
    )?;
    Ok(SecretKey::from_bytes(out))
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod key_file_tests {
    use super::*;

    #[test]
    fn the_key_file_opens_with_its_passphrase_only_and_survives_a_change() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!is_protected(dir.path()));
        let key = DataKey::random().unwrap();
        write_key_file(&key_file(dir.path()), &key, "correct horse").unwrap();
        assert!(is_protected(dir.path()));
        let text = std::fs::read_to_string(key_file(dir.path())).unwrap();
        assert!(text.contains("argon2id"), "{text}");

        let opened = unlock(dir.path(), "correct horse").unwrap();
        assert_eq!(opened.files().bytes(), key.files().bytes());
        assert_ne!(key.files().bytes(), key.database().bytes());
        assert!(matches!(
            unlock(dir.path(), "correct horsE"),
            Err(AppError::WrongPassphrase)
        ));

        change_passphrase(dir.path(), "correct horse", "battery staple").unwrap();
        assert!(matches!(
            unlock(dir.path(), "correct horse"),
            Err(AppError::WrongPassphrase)
        ));
        let again = unlock(dir.path(), "battery staple").unwrap();
        assert_eq!(again.database().bytes(), key.database().bytes());
        assert!(matches!(
            change_passphrase(dir.path(), "battery staple", "short"),
            Err(AppError::PassphraseTooShort { .. })
        ));
    }

    #[test]
    fn a_damaged_key_file_is_named_as_such() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(key_file(dir.path()), b"{\"format\": 1}").unwrap();
        assert!(matches!(
            unlock(dir.path(), "whatever it is"),
            Err(AppError::KeyFileDamaged { .. })
        ));
    }

    #[test]
    fn hex_round_trips_and_refuses_junk() {
        assert_eq!(from_hex(&to_hex(&[0, 15, 255])).unwrap(), vec![0, 15, 255]);
        assert!(from_hex("abc").is_none());
        assert!(from_hex("zz").is_none());
    }
}
