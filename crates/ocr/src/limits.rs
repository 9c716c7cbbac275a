//! How large an image may be before it is refused rather than decoded (decompression bombs).

/// The widest or tallest image accepted, in pixels (an A4 page scanned at 1200 dpi is 9921 x 14031).
pub const MAX_IMAGE_SIDE: u32 = 20_000;

/// The most memory one decoded image may take, in bytes.
pub const MAX_IMAGE_BYTES: u64 = 512 * 1024 * 1024;
