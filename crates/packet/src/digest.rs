//! The three digests a packet needs of every file, computed in one pass: SHA-256 and SHA-512
//! for the BagIt manifests, SHA-1 for FHIR's `Attachment.hash`.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use base64::Engine;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

/// Hashers fed the same bytes.
#[derive(Default)]
pub struct Hashers {
    sha256: Sha256,
    sha512: Sha512,
    sha1: Sha1,
}

/// The finished digests of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digests {
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// SHA-512, lower-case hex.
    pub sha512: String,
    /// SHA-1, base64 (as FHIR R4 defines `Attachment.hash`).
    pub sha1_base64: String,
}

impl Hashers {
    /// Feeds bytes to every hasher.
    pub fn update(&mut self, bytes: &[u8]) {
        self.sha256.update(bytes);
        self.sha512.update(bytes);
        self.sha1.update(bytes);
    }

    /// The digests of everything fed.
    pub fn finish(self) -> Digests {
        Digests {
            sha256: hex(&self.sha256.finalize()),
            sha512: hex(&self.sha512.finalize()),
            sha1_base64: base64::engine::general_purpose::STANDARD.encode(self.sha1.finalize()),
        }
    }

    /// The digests of a byte string.
    pub fn of(bytes: &[u8]) -> Digests {
        let mut hashers = Hashers::default();
        hashers.update(bytes);
        hashers.finish()
    }
}

/// Lower-case hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A second thread that computes SHA-512 (the slowest of the three digests) while the caller
/// hashes the rest and writes the ZIP, so an export uses both cores. One per export; files are
/// hashed one after another.
pub struct Sha512Thread {
    to_worker: Option<SyncSender<Message>>,
    from_worker: Receiver<String>,
    worker: Option<JoinHandle<()>>,
}

enum Message {
    Data(Arc<[u8]>),
    Finish,
}

impl Sha512Thread {
    /// Starts the thread.
    pub fn start() -> Sha512Thread {
        // A few chunks in flight are enough to keep both cores busy; memory stays bounded.
        let (to_worker, inbox) = mpsc::sync_channel::<Message>(4);
        let (outbox, from_worker) = mpsc::channel();
        let worker = std::thread::spawn(move || {
            let mut hasher = Sha512::new();
            for message in inbox {
                match message {
                    Message::Data(bytes) => hasher.update(&bytes),
                    Message::Finish => {
                        let digest = std::mem::take(&mut hasher).finalize();
                        if outbox.send(hex(&digest)).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Sha512Thread {
            to_worker: Some(to_worker),
            from_worker,
            worker: Some(worker),
        }
    }

    /// Hashers for the next file.
    pub fn file(&self) -> FileHashers<'_> {
        FileHashers {
            thread: self,
            sha256: Sha256::new(),
            sha1: Sha1::new(),
            sent_ok: true,
        }
    }
}

impl Drop for Sha512Thread {
    fn drop(&mut self) {
        self.to_worker.take();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The three digests of one file: SHA-256 and SHA-1 here, SHA-512 on the [`Sha512Thread`].
pub struct FileHashers<'t> {
    thread: &'t Sha512Thread,
    sha256: Sha256,
    sha1: Sha1,
    sent_ok: bool,
}

impl FileHashers<'_> {
    /// Feeds the next bytes of the file.
    pub fn update(&mut self, bytes: &[u8]) {
        if let Some(to_worker) = &self.thread.to_worker {
            self.sent_ok &= to_worker.send(Message::Data(Arc::from(bytes))).is_ok();
        }
        self.sha256.update(bytes);
        self.sha1.update(bytes);
    }

    /// The file's digests; `None` only if the SHA-512 thread has died.
    pub fn finish(self) -> Option<Digests> {
        let to_worker = self.thread.to_worker.as_ref()?;
        if !self.sent_ok || to_worker.send(Message::Finish).is_err() {
            return None;
        }
        let sha512 = self.thread.from_worker.recv().ok()?;
        Some(Digests {
            sha256: hex(&self.sha256.finalize()),
            sha512,
            sha1_base64: base64::engine::general_purpose::STANDARD.encode(self.sha1.finalize()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_threaded_hashers_agree_with_the_plain_ones() {
        let thread = Sha512Thread::start();
        for body in [&b""[..], b"abc", &[7u8; 1_000_000]] {
            let mut file = thread.file();
            for chunk in body.chunks(4096) {
                file.update(chunk);
            }
            assert_eq!(file.finish(), Some(Hashers::of(body)));
        }
    }

    #[test]
    fn known_answers() {
        let d = Hashers::of(b"abc");
        assert_eq!(
            d.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(d.sha512.starts_with("ddaf35a193617aba"));
        assert_eq!(d.sha1_base64, "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
    }
}
