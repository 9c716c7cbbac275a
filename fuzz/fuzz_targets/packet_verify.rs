//! Arbitrary bytes as a packet ZIP through the packet verifier, without and with a password
//! (the second reaches the decryption paths). A packet may come from anyone: whatever the
//! bytes, checking must end with a report, never a panic, a hang or unbounded memory.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for password in [None, Some(&b"fuzz"[..])] {
        carryall_packet::verify::verify(Cursor::new(bytes), password);
    }
});
