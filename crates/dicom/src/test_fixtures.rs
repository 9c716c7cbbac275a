//! The DICOM fixtures written by `tests/fixtures/make_dicom.py`, and scratch folders, for tests.

use std::path::PathBuf;

/// A path inside `tests/fixtures/dicom`.
pub(crate) fn fixture(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/dicom")
        .join(relative)
}

/// An empty scratch folder for the files one test makes; `test` must be unique to the test.
pub(crate) fn scratch(test: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("carryall-dicom-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("scratch folder");
    folder
}
