//! A document's original file, for showing it beside its extracted text: read whole from the
//! file store (through `std::io::Read` only), its SHA-256 checked against the one taken at
//! import, and refused when it is a scan disc or too large to show.

use std::io::Read;

use carryall_domain::media::MediaType;
use carryall_domain::{Document, Sha256Hex};
use sha2::{Digest, Sha256};

use crate::{AppError, Carryall};

/// The largest original Carryall shows on screen (128 MiB): the whole file is held in memory
/// while the window draws it, and larger ones still go into the packet untouched.
pub const SHOW_LIMIT: u64 = 128 * 1024 * 1024;

/// A document's original bytes, checked, with what they are.
#[derive(Debug)]
pub struct Original {
    /// The file's bytes, exactly as imported.
    pub bytes: Vec<u8>,
    /// What the bytes are, sniffed at import.
    pub media_type: MediaType,
}

impl Carryall {
    /// The original file of one of the case's documents, checked against its SHA-256.
    /// A scan disc (many files, not one) and a file over [`SHOW_LIMIT`] are refused.
    pub fn document_original(
        &self,
        case_id: &str,
        document_id: &str,
    ) -> Result<Original, AppError> {
        let document = self.document(case_id, document_id)?;
        if !self.store().disc_members(&document.id)?.is_empty() {
            return Err(AppError::OriginalIsDisc(document.original_name));
        }
        if document.size > SHOW_LIMIT {
            return Err(AppError::OriginalTooLarge {
                name: document.original_name,
                size: document.size,
                limit: SHOW_LIMIT,
            });
        }
        let bytes = self.read_checked(&document)?;
        Ok(Original {
            bytes,
            media_type: document.media_type,
        })
    }

    /// Reads a document's stored file whole (no more than [`SHOW_LIMIT`] and one byte, so a
    /// stored file grown since import cannot fill the memory) and checks its SHA-256.
    fn read_checked(&self, document: &Document) -> Result<Vec<u8>, AppError> {
        let unreadable = |source| AppError::OriginalUnreadable {
            name: document.original_name.clone(),
            source,
        };
        let file = self.files.open_file(&document.sha256).map_err(unreadable)?;
        let mut bytes = Vec::with_capacity(usize::try_from(document.size).unwrap_or(0));
        file.take(SHOW_LIMIT + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        let digest = Sha256Hex::from_digest(&Sha256::digest(&bytes).into());
        if digest != document.sha256 {
            return Err(AppError::OriginalDamaged(document.original_name.clone()));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::AtomicBool;

    use carryall_domain::CaseForm;

    use super::*;
    use crate::import::{FileOutcome, ImportOptions};
    use crate::{Actor, ErrorCode};

    /// A two-page PDF report.
    const REPORT: &str = "documents/reportlab/lung-biopsy-hyderabad.pdf";

    fn fixture(relative: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(relative)
    }

    fn setup() -> (tempfile::TempDir, Carryall, String) {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(&dir.path().join("data"), Actor::Cli).unwrap();
        let form = CaseForm {
            patient_name: "Original Person",
            ..CaseForm::default()
        };
        let case = app.create_case(&form).unwrap().id.to_string();
        (dir, app, case)
    }

    /// Imports one file or folder and gives the new document.
    fn import(app: &Carryall, case: &str, path: PathBuf) -> Document {
        let report = app
            .import(
                case,
                &[path],
                &ImportOptions::default(),
                &mut |_, _| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        match &report.results[0].outcome {
            FileOutcome::Imported(document) => document.clone(),
            other => panic!("not imported: {other:?}"),
        }
    }

    /// Why the document's original was refused.
    fn refusal(app: &Carryall, case: &str, document: &Document) -> AppError {
        app.document_original(case, document.id.as_str())
            .expect_err("the original is refused")
    }

    #[test]
    fn the_original_is_the_imported_bytes_with_their_media_type() {
        let (_dir, app, case) = setup();
        let path = fixture(REPORT);
        let document = import(&app, &case, path.clone());
        let original = app.document_original(&case, document.id.as_str()).unwrap();
        assert_eq!(original.bytes, std::fs::read(&path).unwrap());
        assert_eq!(original.media_type, MediaType::Pdf);
    }

    #[test]
    fn a_scan_disc_is_refused_with_a_plain_reason() {
        let (_dir, app, case) = setup();
        let disc = import(&app, &case, fixture("dicom/disc-ct"));
        let error = refusal(&app, &case, &disc);
        assert!(matches!(error, AppError::OriginalIsDisc(ref name) if name == "disc-ct"));
        assert_eq!(error.code(), ErrorCode::InvalidInput);
        assert!(error.to_string().contains("scan disc"), "{error}");
    }

    #[test]
    fn a_stored_file_changed_since_import_is_caught_as_damaged() {
        let (_dir, app, case) = setup();
        let document = import(&app, &case, fixture(REPORT));
        let stored = app.files.path_of(&document.sha256);
        let mut permissions = std::fs::metadata(&stored).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        std::fs::set_permissions(&stored, permissions).unwrap();
        std::fs::write(&stored, b"%PDF-1.4 not what was imported").unwrap();
        let error = refusal(&app, &case, &document);
        assert!(matches!(error, AppError::OriginalDamaged(_)), "{error:?}");
        assert_eq!(error.code(), ErrorCode::Damaged);
    }

    #[test]
    fn a_missing_stored_file_is_unreadable_not_a_crash() {
        let (_dir, app, case) = setup();
        let document = import(&app, &case, fixture(REPORT));
        app.files.remove(&document.sha256).unwrap();
        let error = refusal(&app, &case, &document);
        assert!(
            matches!(error, AppError::OriginalUnreadable { .. }),
            "{error:?}"
        );
        assert_eq!(error.code(), ErrorCode::Damaged);
    }

    #[test]
    fn another_case_s_document_is_not_found() {
        let (_dir, app, case) = setup();
        let document = import(&app, &case, fixture(REPORT));
        let other = app
            .create_case(&CaseForm {
                patient_name: "Someone Else",
                ..CaseForm::default()
            })
            .unwrap();
        let error = refusal(&app, other.id.as_str(), &document);
        assert!(matches!(error, AppError::NoSuchDocument(_)), "{error:?}");
    }
}
