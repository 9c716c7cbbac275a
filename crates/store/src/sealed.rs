//! Sealed files: a stored file's bytes encrypted and authenticated on their way to the disk.
//!
//! The layout is the STREAM construction (Hoang, Reyhanitabar, Rogaway and Vizár, "Online
//! authenticated-encryption and its nonce-reuse misuse-resistance") over XChaCha20-Poly1305:
//!
//! ```text
//! "CARRYSF1" | nonce prefix (19 random bytes) | chunk 0 | chunk 1 | ... | last chunk
//! ```
//!
//! Every chunk is [`PLAIN_CHUNK`] bytes of plaintext sealed with its own nonce
//! (`prefix | chunk number, 4 bytes big-endian | 1 for the last chunk, else 0`) and a 16-byte
//! tag. The last chunk is always shorter than a full one (possibly empty), so a file cut at a
//! chunk boundary, a chunk moved, dropped or repeated, or bytes added after the end all fail to
//! open. A fresh random prefix per file means a nonce is never used twice under one key.

use std::io::{self, Read, Write};

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroize;

/// What every sealed file starts with.
const MAGIC: &[u8; 8] = b"CARRYSF1";
/// Plaintext bytes per chunk.
pub const PLAIN_CHUNK: usize = 64 * 1024;
const TAG_LEN: usize = 16;
const PREFIX_LEN: usize = 19;
const SEALED_CHUNK: usize = PLAIN_CHUNK + TAG_LEN;
/// Associated data of a wrapped key, so a sealed file's chunk can never pass for one.
const WRAP_LABEL: &[u8] = b"carryall wrapped key v1";

/// A 256-bit secret key. Its bytes are wiped from memory when it is dropped.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl SecretKey {
    /// A new random key from the operating system's generator.
    pub fn random() -> io::Result<SecretKey> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(io::Error::other)?;
        Ok(SecretKey(bytes))
    }

    /// The key with these bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> SecretKey {
        SecretKey(bytes)
    }

    /// Its bytes in hexadecimal (wiped from memory when dropped): how SQLCipher takes a raw
    /// key, and a keyed name.
    pub fn to_hex(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(self.0.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Its bytes, for wrapping it under another key.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A key for one purpose, derived from this one (HMAC-SHA-256 of the purpose's label), so
    /// the database, the files and anything else never share a key.
    pub fn derive(&self, purpose: &str) -> SecretKey {
        let mut mac = <Hmac<Sha256>>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        SecretKey(mac.finalize().into_bytes().into())
    }

    /// This key encrypted under `wrapping` (a key derived from a passphrase): a random nonce
    /// followed by the sealed bytes.
    pub fn wrapped_under(&self, wrapping: &SecretKey) -> io::Result<Vec<u8>> {
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).map_err(io::Error::other)?;
        let mut sealed = self.0.to_vec();
        wrapping
            .cipher()
            .encrypt_in_place(&nonce.into(), WRAP_LABEL, &mut sealed)
            .map_err(|_| io::Error::other("could not encrypt"))?;
        Ok(nonce.iter().chain(&sealed).copied().collect())
    }

    /// The key [`SecretKey::wrapped_under`] wrapped, or `None` when `wrapping` is not the key it was
    /// wrapped under (a wrong passphrase) or the bytes were changed.
    pub fn from_wrapped(wrapped: &[u8], wrapping: &SecretKey) -> Option<SecretKey> {
        if wrapped.len() != 24 + 32 + TAG_LEN {
            return None;
        }
        let (nonce, sealed) = wrapped.split_at(24);
        let nonce: [u8; 24] = nonce.try_into().ok()?;
        let mut plain = sealed.to_vec();
        wrapping
            .cipher()
            .decrypt_in_place(&nonce.into(), WRAP_LABEL, &mut plain)
            .ok()?;
        let key = SecretKey(plain.as_slice().try_into().ok()?);
        plain.zeroize();
        Some(key)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&self.0.into())
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

fn nonce(prefix: &[u8; PREFIX_LEN], counter: u32, last: bool) -> XNonce {
    let mut bytes = [0u8; 24];
    bytes[..PREFIX_LEN].copy_from_slice(prefix);
    bytes[PREFIX_LEN..23].copy_from_slice(&counter.to_be_bytes());
    bytes[23] = u8::from(last);
    bytes.into()
}

fn damaged(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the stored file failed its integrity check ({what})"),
    )
}

/// Seals everything written to it into `inner`; [`SealingWriter::finish`] writes the last
/// chunk (without it the file does not open).
pub struct SealingWriter<W: Write> {
    inner: W,
    cipher: XChaCha20Poly1305,
    prefix: [u8; PREFIX_LEN],
    counter: u32,
    buffer: Vec<u8>,
}

impl<W: Write> SealingWriter<W> {
    /// Starts a sealed file in `inner` (writes its header).
    pub fn new(key: &SecretKey, mut inner: W) -> io::Result<SealingWriter<W>> {
        let mut prefix = [0u8; PREFIX_LEN];
        getrandom::fill(&mut prefix).map_err(io::Error::other)?;
        inner.write_all(MAGIC)?;
        inner.write_all(&prefix)?;
        Ok(SealingWriter {
            inner,
            cipher: key.cipher(),
            prefix,
            counter: 0,
            buffer: Vec::with_capacity(SEALED_CHUNK),
        })
    }

    fn seal_buffer(&mut self, last: bool) -> io::Result<()> {
        let nonce = nonce(&self.prefix, self.counter, last);
        self.cipher
            .encrypt_in_place(&nonce, MAGIC, &mut self.buffer)
            .map_err(|_| io::Error::other("could not encrypt"))?;
        self.inner.write_all(&self.buffer)?;
        self.buffer.clear();
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| io::Error::other("file too large to seal"))?;
        Ok(())
    }

    /// Seals the last chunk and hands back the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        // The last chunk must be shorter than a full one: a full buffer goes first.
        if self.buffer.len() == PLAIN_CHUNK {
            self.seal_buffer(false)?;
        }
        self.seal_buffer(true)?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for SealingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        // A full chunk is sealed once more bytes arrive (or at `finish`).
        if self.buffer.len() == PLAIN_CHUNK && !bytes.is_empty() {
            self.seal_buffer(false)?;
        }
        let take = (PLAIN_CHUNK - self.buffer.len()).min(bytes.len());
        self.buffer.extend_from_slice(&bytes[..take]);
        Ok(take)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Reads the plaintext of a sealed file, failing (with [`io::ErrorKind::InvalidData`]) on the
/// first chunk that was changed, moved or cut.
pub struct OpeningReader<R: Read> {
    inner: R,
    cipher: XChaCha20Poly1305,
    prefix: [u8; PREFIX_LEN],
    counter: u32,
    plain: Vec<u8>,
    position: usize,
    finished: bool,
}

impl<R: Read> OpeningReader<R> {
    /// Opens the sealed file in `inner` (reads and checks its header).
    pub fn new(key: &SecretKey, mut inner: R) -> io::Result<OpeningReader<R>> {
        let mut header = [0u8; MAGIC.len() + PREFIX_LEN];
        inner
            .read_exact(&mut header)
            .map_err(|_| damaged("too short"))?;
        if &header[..MAGIC.len()] != MAGIC {
            return Err(damaged("not a sealed file"));
        }
        let mut prefix = [0u8; PREFIX_LEN];
        prefix.copy_from_slice(&header[MAGIC.len()..]);
        Ok(OpeningReader {
            inner,
            cipher: key.cipher(),
            prefix,
            counter: 0,
            plain: Vec::with_capacity(SEALED_CHUNK),
            position: 0,
            finished: false,
        })
    }

    fn open_next_chunk(&mut self) -> io::Result<()> {
        self.plain.clear();
        self.position = 0;
        let filled = (&mut self.inner)
            .take(SEALED_CHUNK as u64)
            .read_to_end(&mut self.plain)?;
        let last = filled < SEALED_CHUNK;
        let nonce = nonce(&self.prefix, self.counter, last);
        self.cipher
            .decrypt_in_place(&nonce, MAGIC, &mut self.plain)
            .map_err(|_| damaged("changed or cut short"))?;
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| damaged("too long"))?;
        self.finished = last;
        Ok(())
    }
}

impl<R: Read> Read for OpeningReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.position == self.plain.len() {
            if self.finished {
                return Ok(0);
            }
            self.open_next_chunk()?;
        }
        let n = (self.plain.len() - self.position).min(out.len());
        out[..n].copy_from_slice(&self.plain[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal(key: &SecretKey, plain: &[u8]) -> Vec<u8> {
        let mut writer = SealingWriter::new(key, Vec::new()).unwrap();
        // Odd write sizes, so chunk boundaries fall inside writes.
        for piece in plain.chunks(7_001) {
            writer.write_all(piece).unwrap();
        }
        writer.finish().unwrap()
    }

    fn open(key: &SecretKey, sealed: &[u8]) -> io::Result<Vec<u8>> {
        let mut plain = Vec::new();
        OpeningReader::new(key, sealed)?.read_to_end(&mut plain)?;
        Ok(plain)
    }

    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    #[test]
    fn what_is_sealed_opens_to_the_same_bytes_at_every_size() {
        let key = SecretKey::random().unwrap();
        for len in [
            0,
            1,
            PLAIN_CHUNK - 1,
            PLAIN_CHUNK,
            PLAIN_CHUNK + 1,
            3 * PLAIN_CHUNK,
            3 * PLAIN_CHUNK + 5,
        ] {
            let plain = sample(len);
            let sealed = seal(&key, &plain);
            assert_eq!(open(&key, &sealed).unwrap(), plain, "length {len}");
            let chunks = len / PLAIN_CHUNK + 1;
            assert_eq!(sealed.len(), 27 + len + chunks * TAG_LEN, "length {len}");
        }
    }

    #[test]
    fn the_same_bytes_seal_differently_each_time_and_hide_the_plaintext() {
        let key = SecretKey::random().unwrap();
        let plain = b"Patient: Jane Example. Invasive ductal carcinoma.".repeat(50);
        let first = seal(&key, &plain);
        let second = seal(&key, &plain);
        assert_ne!(first, second);
        assert!(!first.windows(7).any(|w| w == b"Patient"));
    }

    #[test]
    fn a_changed_cut_extended_or_reordered_file_does_not_open() {
        let key = SecretKey::random().unwrap();
        let plain = sample(2 * PLAIN_CHUNK + 100);
        let sealed = seal(&key, &plain);

        let mut flipped = sealed.clone();
        flipped[40] ^= 1;
        let mut cut_at_boundary = sealed.clone();
        cut_at_boundary.truncate(27 + 2 * SEALED_CHUNK);
        let mut extended = sealed.clone();
        extended.extend_from_slice(&[0u8; 20]);
        let mut swapped = sealed[..27].to_vec();
        swapped.extend_from_slice(&sealed[27 + SEALED_CHUNK..27 + 2 * SEALED_CHUNK]);
        swapped.extend_from_slice(&sealed[27..27 + SEALED_CHUNK]);
        swapped.extend_from_slice(&sealed[27 + 2 * SEALED_CHUNK..]);

        for (what, bytes) in [
            ("flipped", flipped),
            ("cut", cut_at_boundary),
            ("extended", extended),
            ("swapped", swapped),
            ("header only", sealed[..27].to_vec()),
            ("empty", Vec::new()),
        ] {
            let error = open(&key, &bytes).expect_err(what);
            assert_eq!(error.kind(), io::ErrorKind::InvalidData, "{what}");
        }
    }

    #[test]
    fn another_key_does_not_open_it() {
        let sealed = seal(&SecretKey::random().unwrap(), b"private");
        let error = open(&SecretKey::random().unwrap(), &sealed).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn a_wrapped_key_unwraps_only_under_its_wrapping_key() {
        let key = SecretKey::random().unwrap();
        let wrapping = SecretKey::random().unwrap();
        let wrapped = key.wrapped_under(&wrapping).unwrap();
        assert!(!wrapped.windows(32).any(|w| w == key.bytes()));
        let back = SecretKey::from_wrapped(&wrapped, &wrapping).unwrap();
        assert_eq!(back.bytes(), key.bytes());
        assert!(SecretKey::from_wrapped(&wrapped, &SecretKey::random().unwrap()).is_none());
        let mut changed = wrapped.clone();
        changed[30] ^= 1;
        assert!(SecretKey::from_wrapped(&changed, &wrapping).is_none());
        assert!(SecretKey::from_wrapped(&wrapped[1..], &wrapping).is_none());
    }

    #[test]
    fn derived_keys_differ_by_purpose_and_are_stable() {
        let key = SecretKey::from_bytes([7; 32]);
        assert_eq!(key.derive("a").bytes(), key.derive("a").bytes());
        assert_ne!(key.derive("a").bytes(), key.derive("b").bytes());
        assert_ne!(key.derive("a").bytes(), key.bytes());
        assert_eq!(format!("{key:?}"), "SecretKey(..)");
    }
}
