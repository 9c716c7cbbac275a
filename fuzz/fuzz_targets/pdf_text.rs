//! Arbitrary bytes through the PDF text layer, the function the extraction worker runs.
//!
//! The reader catches a panicking parser page by page on purpose, so the panic hook that
//! cargo-fuzz installs (abort on any panic, caught or not) is replaced by a silent one: a
//! panic that escapes the reader still aborts the run and is reported as a crash. Hangs and
//! memory blow-ups are caught by libFuzzer's `-timeout` and `-rss_limit_mb` (see
//! `scripts/fuzz`); in the app the worker process's limits stop them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: std::panic::set_hook(Box::new(|_| {})),
    |bytes: &[u8]| {
        if let Ok(extraction) = carryall_extract::extract_pdf_in_process(bytes, 1) {
            let _ = extraction.text();
            let _ = extraction.meaningful_chars();
        }
    }
);
