//! Arbitrary bytes through the DICOM reader: content sniffing, one loose file's header (and its
//! grouping into a study), and a scan disc whose DICOMDIR is these bytes (with the same bytes
//! also present as an image file, so an index naming `IMAGE` leads the disc reader into it).
//!
//! The reader turns a panicking third-party parser into a "damaged" answer on purpose, so the
//! panic hook that cargo-fuzz installs (abort on any panic, caught or not) is replaced by a
//! silent one: a panic that escapes the reader still aborts the run and is reported.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: std::panic::set_hook(Box::new(|_| {})),
    |bytes: &[u8]| {
        let _ = carryall_dicom::looks_like_dicom(bytes);
        let disc = tempfile::tempdir().expect("a scratch folder");
        let image = disc.path().join("IMAGE");
        std::fs::write(&image, bytes).expect("a scratch file");
        if let Ok(header) = carryall_dicom::read_header(&image) {
            let _ = carryall_dicom::summarise(std::slice::from_ref(&header));
        }
        std::fs::write(disc.path().join("DICOMDIR"), bytes).expect("a scratch file");
        if let Ok(found) = carryall_dicom::read_disc(disc.path()) {
            let _ = found.has_several_patients();
            let _ = found.image_count();
        }
    }
);
