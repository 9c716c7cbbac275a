//! The three digests a packet needs of every file, computed in one pass: SHA-256 and SHA-512
//! for the BagIt manifests, SHA-1 for FHIR's `Attachment.hash`.

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

#[cfg(test)]
mod tests {
    use super::*;

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
