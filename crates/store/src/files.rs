//! The content-addressed file store: each distinct content is kept once, named by its SHA-256.
//!
//! Layout under the store's root: `sha256/<2 hex>/<64 hex>` for stored files (read-only), and
//! `incoming/` for copies in progress. [`FileStore::ingest`] streams a source once: every chunk
//! is hashed and written in the same pass, the copy is fsynced and only then renamed to its
//! final name, and the folder is fsynced, so a stored file is always complete. A copy in
//! progress holds a file lock; a crash leaves at worst an unlocked file in `incoming/`, which
//! the next [`FileStore::open`] removes (copies another process is still making are locked,
//! and left alone).
//!
//! In a protected data folder the store holds a key, and every stored file is sealed
//! ([`crate::sealed`]): written encrypted as it is copied in, opened through a decrypting reader,
//! and given to programs that need a path (the text reader, Tesseract) only as a short-lived
//! plain copy in a scratch folder ([`FileStore::readable`]). A sealed file is named by a keyed
//! hash (HMAC-SHA-256) of its content's SHA-256, so the names reveal nothing of the contents
//! (someone holding the disk cannot confirm that a document they have is stored); the
//! database still records the content's SHA-256, checked the same way either way.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use carryall_domain::Sha256Hex;
use carryall_domain::media::SNIFF_LEN;
use sha2::{Digest, Sha256};

use crate::sealed::{OpeningReader, SealingWriter, SecretKey};

/// Bytes read and written per step; large enough for full disk speed, small enough to keep
/// memory flat.
const CHUNK: usize = 256 * 1024;

/// The content-addressed files under one folder.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
    /// The key stored files are sealed with; `None` in an unprotected data folder.
    key: Option<SecretKey>,
    /// The key their names are derived with (protected folders only).
    names: Option<SecretKey>,
}

/// A stored file's plaintext at a path, for programs that read files by name: the stored file
/// itself when it is not sealed, else a plain copy removed when this is dropped.
#[derive(Debug)]
pub enum Readable {
    /// The stored file.
    Stored(PathBuf),
    /// A plain copy in a scratch folder.
    Copy(tempfile::TempPath),
}

impl Readable {
    /// Where the plaintext is.
    pub fn path(&self) -> &Path {
        match self {
            Readable::Stored(path) => path,
            Readable::Copy(temp) => temp,
        }
    }
}

/// A file copied into a temp file and hashed, not yet stored.
#[derive(Debug)]
pub struct Copied {
    temp: tempfile::NamedTempFile,
    /// Its SHA-256.
    pub sha256: Sha256Hex,
    /// Its size in bytes.
    pub size: u64,
    /// Its first bytes (up to [`SNIFF_LEN`]), for sniffing the media type.
    pub head: Vec<u8>,
}

/// A file copied into the store.
#[derive(Debug)]
pub struct Ingested {
    /// Its SHA-256.
    pub sha256: Sha256Hex,
    /// Its size in bytes.
    pub size: u64,
    /// Its first bytes (up to [`SNIFF_LEN`]), for sniffing the media type.
    pub head: Vec<u8>,
    /// Whether this call stored it (false when the same content was already there).
    pub newly_stored: bool,
}

/// Why a copy into the store stopped.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Reading the source failed.
    #[error("could not read the file: {0}")]
    Read(#[source] io::Error),
    /// Writing into the store failed (disk full, permissions, ...).
    #[error("could not save the copy: {0}")]
    Write(#[source] io::Error),
    /// The source is larger than allowed.
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// The caller asked to stop.
    #[error("the import was cancelled")]
    Cancelled,
}

/// What the caller says after each chunk: go on, or stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep copying.
    Continue,
    /// Stop now; nothing of this file is kept.
    Stop,
}

impl FileStore {
    /// Opens (creating) the store under `root` and clears copies left by an interrupted run.
    pub fn open(root: &Path) -> io::Result<FileStore> {
        let store = FileStore {
            root: root.to_owned(),
            key: None,
            names: None,
        };
        fs::create_dir_all(store.root.join("sha256"))?;
        fs::create_dir_all(store.incoming_dir())?;
        store.remove_abandoned_copies()?;
        Ok(store)
    }

    /// The store under `root` as it is, creating and tidying nothing: for reading while
    /// another program may be writing.
    pub fn existing(root: &Path) -> FileStore {
        FileStore {
            root: root.to_owned(),
            key: None,
            names: None,
        }
    }

    /// This store with its files sealed under `key` (a protected data folder's file key) and
    /// named with a key derived from it.
    pub fn sealed_with(self, key: SecretKey) -> FileStore {
        FileStore {
            names: Some(key.derive("carryall file names v1")),
            key: Some(key),
            ..self
        }
    }

    /// Whether stored files are sealed.
    pub fn is_sealed(&self) -> bool {
        self.key.is_some()
    }

    /// Removes copies in `incoming/` that no process is writing (their lock is free).
    fn remove_abandoned_copies(&self) -> io::Result<()> {
        for entry in fs::read_dir(self.incoming_dir())? {
            let path = entry?.path();
            let Ok(file) = fs::OpenOptions::new().write(true).open(&path) else {
                continue;
            };
            if file.try_lock().is_ok() {
                drop(file);
                fs::remove_file(&path)?;
            }
        }
        Ok(())
    }

    fn incoming_dir(&self) -> PathBuf {
        self.root.join("incoming")
    }

    /// Where the file with this hash is (or would be) stored (sealed, in a protected folder).
    pub fn path_of(&self, sha256: &Sha256Hex) -> PathBuf {
        self.path_named(&self.name_of(sha256))
    }

    /// The file name the content with this hash is stored under: the hash itself, or in a
    /// sealed store a keyed hash of it.
    pub fn name_of(&self, sha256: &Sha256Hex) -> String {
        match &self.names {
            None => sha256.as_str().to_owned(),
            Some(key) => key.derive(sha256.as_str()).to_hex().to_string(),
        }
    }

    fn path_named(&self, name: &str) -> PathBuf {
        self.root.join("sha256").join(&name[..2]).join(name)
    }

    /// Copies `source` into the store, hashing it on the way, reading it exactly once, and
    /// keeps it ([`FileStore::copy_in`] then [`FileStore::keep`]).
    pub fn ingest(
        &self,
        source: &mut dyn Read,
        limit: u64,
        on_chunk: &mut dyn FnMut(u64) -> Flow,
    ) -> Result<Ingested, IngestError> {
        self.keep(self.copy_in(source, limit, on_chunk)?)
    }

    /// Copies `source` into a locked temp file, hashing every chunk on the way; nothing is
    /// stored until [`FileStore::keep`]. `on_chunk` hears the bytes copied so far after every
    /// chunk and may stop the copy. Dropping the result discards the copy.
    pub fn copy_in(
        &self,
        source: &mut dyn Read,
        limit: u64,
        on_chunk: &mut dyn FnMut(u64) -> Flow,
    ) -> Result<Copied, IngestError> {
        let temp = tempfile::Builder::new()
            .prefix("copy-")
            .suffix(".part")
            .tempfile_in(self.incoming_dir())
            .map_err(IngestError::Write)?;
        temp.as_file().lock().map_err(IngestError::Write)?;
        let mut writer =
            StoreWriter::new(self.key.as_ref(), temp.as_file()).map_err(IngestError::Write)?;
        let mut hasher = Sha256::new();
        let mut head = Vec::with_capacity(SNIFF_LEN);
        let mut buffer = vec![0u8; CHUNK];
        let mut size = 0u64;
        loop {
            let read = match source.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(IngestError::Read(e)),
            };
            let chunk = &buffer[..read];
            size += read as u64;
            if size > limit {
                return Err(IngestError::TooLarge { limit });
            }
            if head.len() < SNIFF_LEN {
                let take = (SNIFF_LEN - head.len()).min(read);
                head.extend_from_slice(&chunk[..take]);
            }
            hasher.update(chunk);
            writer.write_all(chunk).map_err(IngestError::Write)?;
            if on_chunk(size) == Flow::Stop {
                return Err(IngestError::Cancelled);
            }
        }
        writer.finish().map_err(IngestError::Write)?;
        let sha256 = Sha256Hex::from_digest(&hasher.finalize().into());
        Ok(Copied {
            temp,
            sha256,
            size,
            head,
        })
    }

    /// Makes a copy durable and stores it under its hash: fsync, rename, fsync the folder.
    /// When the same content is already stored, the copy is simply discarded.
    pub fn keep(&self, copied: Copied) -> Result<Ingested, IngestError> {
        let Copied {
            temp,
            sha256,
            size,
            head,
        } = copied;
        let target = self.path_of(&sha256);
        let newly_stored = !target.exists();
        if newly_stored {
            temp.as_file().sync_all().map_err(IngestError::Write)?;
            let folder = target.parent().expect("stored paths have a folder");
            fs::create_dir_all(folder).map_err(IngestError::Write)?;
            make_read_only(temp.as_file()).map_err(IngestError::Write)?;
            temp.persist(&target)
                .map_err(|e| IngestError::Write(e.error))?;
            sync_folder(folder).map_err(IngestError::Write)?;
        }
        // Otherwise the temporary copy is deleted when `temp` is dropped.
        Ok(Ingested {
            sha256,
            size,
            head,
            newly_stored,
        })
    }

    /// Makes a batch of copies durable and stores them under their hashes, with as few disk
    /// flushes as the platform allows: on Linux one `syncfs` for all their contents before
    /// any is renamed, and one after the renames; elsewhere [`FileStore::keep`] for each.
    /// Results come in the order of `copies`.
    pub fn keep_all(&self, copies: Vec<Copied>) -> Vec<Result<Ingested, IngestError>> {
        #[cfg(target_os = "linux")]
        {
            self.keep_all_with_syncfs(copies)
        }
        #[cfg(not(target_os = "linux"))]
        {
            copies.into_iter().map(|copied| self.keep(copied)).collect()
        }
    }

    #[cfg(target_os = "linux")]
    fn keep_all_with_syncfs(&self, copies: Vec<Copied>) -> Vec<Result<Ingested, IngestError>> {
        let flush = || -> io::Result<()> {
            let root = File::open(&self.root)?;
            rustix::fs::syncfs(&root).map_err(io::Error::from)
        };
        if let Err(e) = flush() {
            let message = e.to_string();
            return copies
                .into_iter()
                .map(|_| Err(IngestError::Write(io::Error::other(message.clone()))))
                .collect();
        }
        let results: Vec<Result<Ingested, IngestError>> = copies
            .into_iter()
            .map(
                |Copied {
                     temp,
                     sha256,
                     size,
                     head,
                 }| {
                    let target = self.path_of(&sha256);
                    let newly_stored = !target.exists();
                    if newly_stored {
                        let folder = target.parent().expect("stored paths have a folder");
                        fs::create_dir_all(folder).map_err(IngestError::Write)?;
                        make_read_only(temp.as_file()).map_err(IngestError::Write)?;
                        temp.persist(&target)
                            .map_err(|e| IngestError::Write(e.error))?;
                    }
                    Ok(Ingested {
                        sha256,
                        size,
                        head,
                        newly_stored,
                    })
                },
            )
            .collect();
        // The renames themselves must reach the disk before anything records them.
        match flush() {
            Ok(()) => results,
            Err(e) => {
                let message = e.to_string();
                results
                    .into_iter()
                    .map(|r| r.and(Err(IngestError::Write(io::Error::other(message.clone())))))
                    .collect()
            }
        }
    }

    /// Opens a stored file for reading its plaintext; reading a sealed file that was changed
    /// fails with [`io::ErrorKind::InvalidData`].
    pub fn open_file(&self, sha256: &Sha256Hex) -> io::Result<Box<dyn Read + Send>> {
        let file = File::open(self.path_of(sha256))?;
        Ok(match &self.key {
            Some(key) => Box::new(OpeningReader::new(
                key,
                io::BufReader::with_capacity(CHUNK, file),
            )?),
            None => Box::new(file),
        })
    }

    /// The plaintext of a stored file at a path: the stored file itself, or for a sealed
    /// store a plain copy made in `scratch` (a private folder the caller clears), removed when
    /// the result is dropped.
    pub fn readable(&self, sha256: &Sha256Hex, scratch: &Path) -> io::Result<Readable> {
        if self.key.is_none() {
            return Ok(Readable::Stored(self.path_of(sha256)));
        }
        fs::create_dir_all(scratch)?;
        let mut copy = tempfile::Builder::new()
            .prefix("plain-")
            .tempfile_in(scratch)?;
        io::copy(&mut self.open_file(sha256)?, copy.as_file_mut())?;
        Ok(Readable::Copy(copy.into_temp_path()))
    }

    /// Re-reads a stored file and returns the SHA-256 of what is there now.
    pub fn rehash(&self, sha256: &Sha256Hex) -> io::Result<Sha256Hex> {
        let mut file = self.open_file(sha256)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; CHUNK];
        loop {
            match file.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => hasher.update(&buffer[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(Sha256Hex::from_digest(&hasher.finalize().into()))
    }

    /// Removes a stored file (gone already is fine).
    pub fn remove(&self, sha256: &Sha256Hex) -> io::Result<()> {
        self.remove_named(&self.name_of(sha256))
    }

    /// Removes the stored file with this name (as [`FileStore::stored_names`] lists it).
    pub fn remove_named(&self, name: &str) -> io::Result<()> {
        match fs::remove_file(self.path_named(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// The hashes of every stored file of an unprotected store, from their names; a sealed
    /// store's names do not tell them, so it answers with an error.
    pub fn stored_hashes(&self) -> io::Result<Vec<Sha256Hex>> {
        if self.names.is_some() {
            return Err(io::Error::other("a sealed store's names are not hashes"));
        }
        Ok(self
            .stored_names()?
            .iter()
            .filter_map(|name| Sha256Hex::parse(name))
            .collect())
    }

    /// The names of every stored file (64 hex digits; files with other names are skipped),
    /// sorted: see [`FileStore::name_of`].
    pub fn stored_names(&self) -> io::Result<Vec<String>> {
        let mut hashes = Vec::new();
        for folder in fs::read_dir(self.root.join("sha256"))? {
            let folder = folder?;
            if !folder.file_type()?.is_dir() {
                continue;
            }
            for file in fs::read_dir(folder.path())? {
                let name = file?.file_name();
                if let Some(name) = name
                    .to_str()
                    .filter(|name| Sha256Hex::parse(name).is_some())
                {
                    hashes.push(name.to_owned());
                }
            }
        }
        hashes.sort();
        Ok(hashes)
    }
}

#[cfg(unix)]
fn make_read_only(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o444))
}

#[cfg(not(unix))]
fn make_read_only(file: &File) -> io::Result<()> {
    let mut permissions = file.metadata()?.permissions();
    permissions.set_readonly(true);
    file.set_permissions(permissions)
}

/// Makes a rename inside `folder` durable (a no-op where folders cannot be opened, as on
/// Windows, whose renames are durable once they return).
fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(folder)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// Writes a copy as it is stored: plain, or sealed under the store's key.
enum StoreWriter<'a> {
    Plain(&'a File),
    Sealed(SealingWriter<&'a File>),
}

impl<'a> StoreWriter<'a> {
    fn new(key: Option<&SecretKey>, file: &'a File) -> io::Result<StoreWriter<'a>> {
        Ok(match key {
            Some(key) => StoreWriter::Sealed(SealingWriter::new(key, file)?),
            None => StoreWriter::Plain(file),
        })
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            StoreWriter::Plain(file) => file.write_all(bytes),
            StoreWriter::Sealed(writer) => writer.write_all(bytes),
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            StoreWriter::Plain(_) => Ok(()),
            StoreWriter::Sealed(writer) => writer.finish().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, FileStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::open(&dir.path().join("files")).unwrap();
        (dir, store)
    }

    fn go_on(_: u64) -> Flow {
        Flow::Continue
    }

    #[test]
    fn content_is_stored_once_under_its_hash() {
        let (_dir, store) = store();
        let first = store
            .ingest(&mut &b"hello"[..], u64::MAX, &mut go_on)
            .unwrap();
        assert_eq!(
            first.sha256.as_str(),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert!(first.newly_stored);
        assert_eq!(first.size, 5);
        assert_eq!(first.head, b"hello");
        let again = store
            .ingest(&mut &b"hello"[..], u64::MAX, &mut go_on)
            .unwrap();
        assert!(!again.newly_stored);
        assert_eq!(fs::read(store.path_of(&first.sha256)).unwrap(), b"hello");
        assert_eq!(store.stored_hashes().unwrap(), vec![first.sha256.clone()]);
        assert_eq!(store.rehash(&first.sha256).unwrap(), first.sha256);
        assert_eq!(
            fs::read_dir(store.incoming_dir()).unwrap().count(),
            0,
            "no copy left behind"
        );
    }

    #[test]
    fn a_sealed_store_keeps_no_plaintext_and_reads_back_what_was_stored() {
        let dir = tempfile::tempdir().unwrap();
        let key = SecretKey::random().unwrap();
        let store = FileStore::open(&dir.path().join("files"))
            .unwrap()
            .sealed_with(key.clone());
        let text = b"Patient: Jane Example; ER positive".repeat(10_000);
        let stored = store.ingest(&mut &text[..], u64::MAX, &mut go_on).unwrap();
        assert_eq!(
            stored.sha256,
            Sha256Hex::from_digest(&Sha256::digest(&text).into())
        );
        assert_eq!(stored.size, text.len() as u64);
        assert_eq!(stored.head, &text[..SNIFF_LEN]);

        let on_disk = fs::read(store.path_of(&stored.sha256)).unwrap();
        assert!(!on_disk.windows(7).any(|w| w == b"Patient"));
        let mut back = Vec::new();
        store
            .open_file(&stored.sha256)
            .unwrap()
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text);
        assert_eq!(store.rehash(&stored.sha256).unwrap(), stored.sha256);

        let scratch = dir.path().join("scratch");
        let readable = store.readable(&stored.sha256, &scratch).unwrap();
        assert_eq!(fs::read(readable.path()).unwrap(), text);
        drop(readable);
        assert_eq!(
            fs::read_dir(&scratch).unwrap().count(),
            0,
            "plain copy removed"
        );

        // The name is not the content's hash, and the names are listed, not the hashes.
        assert!(
            !store
                .path_of(&stored.sha256)
                .ends_with(stored.sha256.as_str())
        );
        assert_eq!(
            store.stored_names().unwrap(),
            [store.name_of(&stored.sha256)]
        );
        assert!(store.stored_hashes().is_err());

        // Without the key (or with another), the stored bytes are not the document.
        let other = FileStore::existing(&dir.path().join("files"))
            .sealed_with(SecretKey::random().unwrap());
        assert!(other.rehash(&stored.sha256).is_err());
    }

    #[test]
    fn large_files_are_hashed_across_chunks_and_progress_is_reported() {
        let (_dir, store) = store();
        let data: Vec<u8> = (0..(CHUNK * 3 + 17)).map(|i| (i % 251) as u8).collect();
        let mut seen = Vec::new();
        let ingested = store
            .ingest(&mut &data[..], u64::MAX, &mut |n| {
                seen.push(n);
                Flow::Continue
            })
            .unwrap();
        assert_eq!(ingested.size, data.len() as u64);
        assert_eq!(seen.last(), Some(&(data.len() as u64)));
        assert_eq!(ingested.head.len(), SNIFF_LEN);
        let expected = Sha256Hex::from_digest(&Sha256::digest(&data).into());
        assert_eq!(ingested.sha256, expected);
    }

    #[test]
    fn an_oversized_or_cancelled_copy_leaves_nothing() {
        let (_dir, store) = store();
        let data = vec![7u8; CHUNK * 2];
        let err = store.ingest(&mut &data[..], 1000, &mut go_on).unwrap_err();
        assert!(matches!(err, IngestError::TooLarge { limit: 1000 }));
        let err = store
            .ingest(&mut &data[..], u64::MAX, &mut |_| Flow::Stop)
            .unwrap_err();
        assert!(matches!(err, IngestError::Cancelled));
        assert!(store.stored_hashes().unwrap().is_empty());
        assert_eq!(fs::read_dir(store.incoming_dir()).unwrap().count(), 0);
    }

    #[test]
    fn a_read_error_midway_leaves_nothing() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::other("device went away"));
                }
                self.0 -= 1;
                buf[..10].fill(1);
                Ok(10)
            }
        }
        let (_dir, store) = store();
        let err = store
            .ingest(&mut Failing(3), u64::MAX, &mut go_on)
            .unwrap_err();
        assert!(matches!(err, IngestError::Read(_)), "{err}");
        assert!(store.stored_hashes().unwrap().is_empty());
        assert_eq!(fs::read_dir(store.incoming_dir()).unwrap().count(), 0);
    }

    #[test]
    fn leftovers_of_an_interrupted_copy_are_cleared_on_open_but_live_copies_kept() {
        let (dir, store) = store();
        fs::write(store.incoming_dir().join("copy-dead.part"), b"half").unwrap();
        let live_path = store.incoming_dir().join("copy-live.part");
        let live = File::create(&live_path).unwrap();
        live.lock().unwrap();
        let reopened = FileStore::open(&dir.path().join("files")).unwrap();
        let left: Vec<_> = fs::read_dir(reopened.incoming_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("copy-live.part")]);
        drop(live);
    }

    #[test]
    fn a_batch_is_kept_in_order_with_duplicates_inside_it() {
        let (_dir, store) = store();
        let copy = |bytes: &[u8]| {
            store
                .copy_in(&mut &bytes[..], u64::MAX, &mut go_on)
                .unwrap()
        };
        let batch = vec![copy(b"first"), copy(b"second"), copy(b"first")];
        let kept: Vec<Ingested> = store
            .keep_all(batch)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            kept.iter().map(|k| k.size).collect::<Vec<_>>(),
            vec![5, 6, 5]
        );
        assert_eq!(
            kept.iter().map(|k| k.newly_stored).collect::<Vec<_>>(),
            vec![true, true, false]
        );
        assert_eq!(fs::read(store.path_of(&kept[1].sha256)).unwrap(), b"second");
        assert_eq!(store.stored_hashes().unwrap().len(), 2);
        assert_eq!(fs::read_dir(store.incoming_dir()).unwrap().count(), 0);
    }

    #[test]
    fn tampering_shows_in_the_rehash() {
        let (_dir, store) = store();
        let stored = store
            .ingest(&mut &b"original"[..], u64::MAX, &mut go_on)
            .unwrap();
        let path = store.path_of(&stored.sha256);
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        fs::set_permissions(&path, permissions).unwrap();
        fs::write(&path, b"altered").unwrap();
        assert_ne!(store.rehash(&stored.sha256).unwrap(), stored.sha256);
    }
}
