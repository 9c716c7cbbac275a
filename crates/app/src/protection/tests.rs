//! Protecting a folder that already holds a case, and opening it afterwards.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use carryall_domain::CaseForm;

use crate::import::ImportOptions;
use crate::{Actor, AppError, Carryall};

const PASSPHRASE: &str = "correct horse battery";
const PATIENT: &str = "Zebediah Quarrington";

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(relative)
}

/// A folder with one case holding a scan disc (read) and a PDF; returns the case id.
fn folder_with_a_case(data: &Path) -> String {
    let app = Carryall::open(data, Actor::Cli).unwrap();
    let form = CaseForm {
        patient_name: PATIENT,
        ..CaseForm::default()
    };
    let case = app.create_case(&form).unwrap().id.to_string();
    for path in [
        fixture("dicom/disc-ct"),
        fixture("documents/reportlab/colon-resection-houston.pdf"),
    ] {
        app.import(
            &case,
            &[path],
            &ImportOptions::default(),
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    }
    case
}

fn every_file(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![folder.to_owned()];
    while let Some(next) = todo.pop() {
        for entry in std::fs::read_dir(&next).unwrap().flatten() {
            if entry.path().is_dir() {
                todo.push(entry.path());
            } else {
                found.push(entry.path());
            }
        }
    }
    found
}

fn shows(file: &Path, secret: &[u8]) -> bool {
    let bytes = std::fs::read(file).unwrap();
    bytes.windows(secret.len()).any(|w| w == secret)
}

#[test]
fn a_protected_folder_keeps_everything_and_shows_nothing_without_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let case = folder_with_a_case(&data);
    let before = Carryall::open(&data, Actor::Cli).unwrap();
    let documents_before = before.documents(&case).unwrap().len();
    assert_eq!(documents_before, 2);
    assert!(!before.is_protected());
    assert!(matches!(
        Carryall::protect(&data, Actor::Cli, PASSPHRASE),
        Err(AppError::DataDirInUse)
    ));
    drop(before);

    let app = Carryall::protect(&data, Actor::Cli, PASSPHRASE).unwrap();
    assert!(app.is_protected());
    assert_eq!(app.documents(&case).unwrap().len(), documents_before);
    let check = app.check().unwrap();
    assert!(check.damaged.is_empty() && check.database_problems.is_empty());
    assert_eq!(check.files_checked, 14);
    assert_eq!(check.unused_files_removed, 0, "keyed names are recognised");
    // A stored file no record uses (left by a crash) is still found and removed.
    let stray = data.join("files/sha256/ab").join("ab".repeat(32));
    std::fs::create_dir_all(stray.parent().unwrap()).unwrap();
    std::fs::write(&stray, b"left by a crash").unwrap();
    let check = app.check().unwrap();
    assert_eq!((check.unused_files_removed, check.files_checked), (1, 14));
    assert!(!stray.exists());
    let disc = &app.documents(&case).unwrap()[0];
    for file in app.disc_files(&case, disc.id.as_str()).unwrap() {
        let mut stored = Vec::new();
        std::io::Read::read_to_end(&mut app.open_disc_file(&file).unwrap(), &mut stored).unwrap();
        assert_eq!(
            stored,
            std::fs::read(fixture("dicom/disc-ct").join(&file.path)).unwrap()
        );
    }
    app.read_documents(&case, &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(app.discs(&case).unwrap().len(), 1);

    let packet = dir.path().join("packet.zip");
    let exported = app.export(&case, &packet, None).unwrap();
    assert_eq!(exported.documents, 2);
    assert!(
        crate::export::verify_packet(&packet, None)
            .unwrap()
            .problems
            .is_empty()
    );
    drop(app);
    assert!(matches!(
        Carryall::protect(&data, Actor::Cli, PASSPHRASE),
        Err(AppError::AlreadyProtected)
    ));
    for file in every_file(&data) {
        assert!(!shows(&file, PATIENT.as_bytes()), "{}", file.display());
        assert!(!shows(&file, b"%PDF-"), "{}", file.display());
        assert!(!shows(&file, b"DICM"), "{}", file.display());
    }
    assert!(matches!(
        Carryall::open(&data, Actor::Cli),
        Err(AppError::Locked)
    ));
    assert!(matches!(
        Carryall::open_read_only(&data, Actor::Cli),
        Err(AppError::Locked)
    ));
    assert!(matches!(
        Carryall::open_with_passphrase(&data, Actor::Cli, "correct horse batterY"),
        Err(AppError::WrongPassphrase)
    ));
    let looking = Carryall::open_read_only_with_passphrase(&data, Actor::Cli, PASSPHRASE).unwrap();
    assert_eq!(looking.list_cases().unwrap()[0].patient.name, PATIENT);
    drop(looking);
    let again = Carryall::open_with_passphrase(&data, Actor::Cli, PASSPHRASE).unwrap();
    again
        .change_passphrase(PASSPHRASE, "a new one to remember")
        .unwrap();
    let actions: Vec<&str> = again
        .audit_log(None)
        .unwrap()
        .iter()
        .map(|entry| entry.action.slug())
        .filter(|slug| slug.contains("protection") || slug.contains("passphrase"))
        .collect();
    assert_eq!(actions, ["protection_turned_on", "passphrase_changed"]);
    drop(again);
    assert!(Carryall::open_with_passphrase(&data, Actor::Cli, "a new one to remember").is_ok());
}

#[test]
fn a_passphrase_for_an_unprotected_folder_or_a_short_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    folder_with_a_case(&data);
    assert!(matches!(
        Carryall::open_with_passphrase(&data, Actor::Cli, PASSPHRASE),
        Err(AppError::NotProtected)
    ));
    let app = Carryall::open(&data, Actor::Cli).unwrap();
    assert!(matches!(
        app.change_passphrase("anything", PASSPHRASE),
        Err(AppError::NotProtected)
    ));
    drop(app);
    assert!(matches!(
        Carryall::protect(&data, Actor::Cli, "short"),
        Err(AppError::PassphraseTooShort { min: 8 })
    ));
    // Refused before anything changed: the folder opens as before.
    assert_eq!(
        Carryall::open(&data, Actor::Cli)
            .unwrap()
            .list_cases()
            .unwrap()
            .len(),
        1
    );
}
