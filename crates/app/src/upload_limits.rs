//! Whether a packet is too big to send the usual ways. A packet over an email service's
//! attachment limit, or over what upload portals commonly accept, still gets written; the
//! person is told, in plain words, what to do instead.
//!
//! The defaults (documented in `docs/packet-format.md`):
//! - **email, 18 MB**: the large email services cap a whole message at 20 to 25 MB, and
//!   attaching a file makes it about a third bigger (base64), so 18 MB is about the biggest
//!   packet that still goes through as an attachment.
//! - **upload portal, 2 GB**: many hospital upload portals and older archive tools stop at
//!   2 GB per file.
//!
//! A person can replace both with their own limits (the CLI's `--warn-size BYTES`), e.g. the
//! size a provider's portal states.

use carryall_packet::human_size;

/// A size a packet is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeLimit {
    /// What the limit is for.
    pub kind: LimitKind,
    /// The largest packet, in bytes, that fits.
    pub bytes: u64,
}

/// What a size limit is for; decides the advice given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// Sending the packet as an email attachment.
    Email,
    /// Uploading it to a provider's portal.
    UploadPortal,
    /// A limit the person set.
    Custom,
}

impl LimitKind {
    /// The stable short name: `email`, `upload_portal` or `custom`.
    pub fn slug(self) -> &'static str {
        match self {
            LimitKind::Email => "email",
            LimitKind::UploadPortal => "upload_portal",
            LimitKind::Custom => "custom",
        }
    }
}

/// The limits a packet is checked against unless the person sets their own.
pub const DEFAULT_SIZE_LIMITS: [SizeLimit; 2] = [
    SizeLimit {
        kind: LimitKind::Email,
        bytes: 18_000_000,
    },
    SizeLimit {
        kind: LimitKind::UploadPortal,
        bytes: 2_000_000_000,
    },
];

/// A packet bigger than a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeWarning {
    /// The limit it is over.
    pub limit: SizeLimit,
    /// What this means and what to do, in plain words.
    pub message: String,
}

/// A warning for each limit a packet of `bytes` is over.
pub fn size_warnings(bytes: u64, limits: &[SizeLimit]) -> Vec<SizeWarning> {
    limits
        .iter()
        .filter(|limit| bytes > limit.bytes)
        .map(|limit| {
            let size = human_size(bytes);
            let most = human_size(limit.bytes);
            let message = match limit.kind {
                LimitKind::Email => format!(
                    "The packet is {size}, too big to send by email (about {most} at most once \
                     attached). Use the provider's upload portal or a secure file-sharing link \
                     instead."
                ),
                LimitKind::UploadPortal => format!(
                    "The packet is {size}, more than many upload portals accept ({most}). Ask \
                     the provider how to send large files, or send the scan discs separately."
                ),
                LimitKind::Custom => {
                    format!("The packet is {size}, more than the limit you set ({most}).")
                }
            };
            SizeWarning {
                limit: limit.clone(),
                message,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_packet_gets_no_warning() {
        assert!(size_warnings(5_000_000, &DEFAULT_SIZE_LIMITS).is_empty());
        assert!(size_warnings(18_000_000, &DEFAULT_SIZE_LIMITS).is_empty());
    }

    #[test]
    fn each_limit_passed_gets_its_own_advice() {
        let over_email = size_warnings(30_000_000, &DEFAULT_SIZE_LIMITS);
        assert_eq!(over_email.len(), 1);
        assert_eq!(over_email[0].limit.kind, LimitKind::Email);
        assert!(over_email[0].message.contains("30.0 MB"), "{over_email:?}");
        assert!(over_email[0].message.contains("upload portal"));

        let over_both = size_warnings(2_500_000_000, &DEFAULT_SIZE_LIMITS);
        let kinds: Vec<&str> = over_both.iter().map(|w| w.limit.kind.slug()).collect();
        assert_eq!(kinds, ["email", "upload_portal"]);
    }

    #[test]
    fn a_limit_of_ones_own_replaces_the_defaults() {
        let mine = [SizeLimit {
            kind: LimitKind::Custom,
            bytes: 1000,
        }];
        let warnings = size_warnings(1500, &mine);
        assert_eq!(
            warnings[0].message,
            "The packet is 1.5 kB, more than the limit you set (1.0 kB)."
        );
    }
}
