//! Scan discs in a case: what each holds (files, patients, studies), the warning when a disc
//! mixes patients, and each disc's files for writing the disc's tree elsewhere (the packet).

use std::collections::HashMap;
use std::io::{self, Read};

use carryall_domain::Id;
use carryall_store::{DiscMember, DiscOverview};

use crate::{AppError, Carryall};

/// What a person is told when a disc holds more than one patient's records.
pub const SEVERAL_PATIENTS_WARNING: &str = "This disc holds scans of more than one person. \
    Check that every study on it is yours before you share it, and ask the hospital for a \
    disc with only your scans if it is not.";

impl Carryall {
    /// The case's scan discs, by document id: their files at a glance and what was read.
    pub fn discs(&self, case_id: &str) -> Result<HashMap<Id, DiscOverview>, AppError> {
        let case = self.case(case_id)?;
        Ok(self.store().discs(&case.id)?)
    }

    /// A disc document's files (path on the disc, SHA-256, size), in path order; none when
    /// the document is not a disc.
    pub fn disc_files(
        &self,
        case_id: &str,
        document_id: &str,
    ) -> Result<Vec<DiscMember>, AppError> {
        let document = self.document(case_id, document_id)?;
        Ok(self.store().disc_members(&document.id)?)
    }

    /// Opens one of a disc's stored files for reading. The caller checks the bytes against
    /// `file.sha256` on the way out, as for any stored document.
    pub fn open_disc_file(&self, file: &DiscMember) -> io::Result<Box<dyn Read + Send>> {
        self.files.open_file(&file.sha256)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};

    use carryall_domain::{CaseForm, Category};

    use super::*;
    use crate::Actor;
    use crate::import::{FileOutcome, ImportOptions, ImportReport, Progress};
    use crate::integrity::Damage;

    fn fixture(relative: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/dicom")
            .join(relative)
    }

    fn setup() -> (tempfile::TempDir, Carryall, String) {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(&dir.path().join("data"), Actor::Cli).unwrap();
        let form = CaseForm {
            patient_name: "Disc Person",
            ..CaseForm::default()
        };
        let case = app.create_case(&form).unwrap().id.to_string();
        (dir, app, case)
    }

    fn import(app: &Carryall, case: &str, path: PathBuf) -> (ImportReport, Vec<Progress>) {
        let mut seen = Vec::new();
        let report = app
            .import(
                case,
                &[path],
                &ImportOptions::default(),
                &mut |p, _| seen.push(p.clone()),
                &AtomicBool::new(false),
            )
            .unwrap();
        (report, seen)
    }

    fn read(app: &Carryall, case: &str) {
        app.read_documents(case, &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
    }

    #[test]
    fn a_disc_folder_is_one_document_with_every_file_and_its_studies() {
        let (_dir, app, case) = setup();
        let (report, seen) = import(&app, &case, fixture("disc-ct"));
        assert_eq!(report.results.len(), 1);
        let FileOutcome::Imported(disc) = &report.results[0].outcome else {
            panic!("{:?}", report.results[0].outcome);
        };
        assert_eq!(disc.original_name, "disc-ct");
        assert_eq!(disc.category, Category::ScanDisc);
        let last = seen.last().unwrap();
        assert_eq!((last.files_done, last.files_total), (12, 12));
        assert_eq!(last.bytes_done, last.bytes_total);

        let files = app.disc_files(&case, disc.id.as_str()).unwrap();
        assert_eq!(files.len(), 12);
        assert!(
            files
                .iter()
                .any(|f| f.path == "DICOM/P0000001/ST000001/SE000001/IM000001")
        );
        for file in &files {
            let original = std::fs::read(fixture("disc-ct").join(&file.path)).unwrap();
            let mut stored = Vec::new();
            std::io::Read::read_to_end(&mut app.open_disc_file(file).unwrap(), &mut stored)
                .unwrap();
            assert_eq!(stored, original, "{}", file.path);
            assert_eq!(file.size, original.len() as u64);
        }

        read(&app, &case);
        let overview = &app.discs(&case).unwrap()[&disc.id];
        assert_eq!(overview.files, 12);
        let reading = overview.reading.as_ref().expect("read");
        assert_eq!((reading.unreadable_files, reading.missing_files), (0, 0));
        assert_eq!(reading.patients.len(), 1);
        let outline: Vec<(Option<String>, u64)> = reading
            .studies
            .iter()
            .map(|s| {
                (
                    s.date.map(|d| d.to_string()),
                    s.series.iter().map(|s| s.images).sum(),
                )
            })
            .collect();
        assert_eq!(
            outline,
            [
                (Some("2024-03-12".into()), 7),
                (Some("2024-04-02".into()), 3)
            ]
        );
        let document = app.document(&case, disc.id.as_str()).unwrap();
        assert_eq!(
            document.document_date.map(|d| d.to_string()).as_deref(),
            Some("2024-04-02")
        );
        let facts = &app.readings(&case).unwrap()[&disc.id].facts;
        let named = |name: &str| -> Vec<&str> {
            facts
                .iter()
                .filter(|f| f.name == name)
                .map(|f| f.value.as_str())
                .collect()
        };
        assert_eq!(named("patient_name"), ["MORGAN J RIVERA"]);
        assert_eq!(
            named("imaging_study"),
            [
                "CT CHEST ABDOMEN PELVIS W CONTRAST, CT, CHEST, ABDOMEN",
                "PET-CT SKULL BASE TO MID THIGH, PT, WHOLEBODY"
            ]
        );

        let (again, _) = import(&app, &case, fixture("disc-ct"));
        assert!(
            matches!(again.results[0].outcome, FileOutcome::Duplicate(ref d) if d.id == disc.id)
        );
        assert_eq!(app.documents(&case).unwrap().len(), 1);
    }

    #[test]
    fn discs_inside_a_chosen_folder_are_found_and_the_rest_imported_as_files() {
        let (_dir, app, case) = setup();
        let (report, _) = import(&app, &case, fixture(""));
        let names: Vec<String> = app
            .documents(&case)
            .unwrap()
            .iter()
            .map(|d| d.original_name.clone())
            .collect();
        assert!(names.contains(&"disc-ct".to_owned()), "{names:?}");
        assert!(names.contains(&"disc-two-patients".to_owned()), "{names:?}");
        assert!(names.contains(&"with-preamble.dcm".to_owned()), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("IM0")), "{names:?}");
        assert!(!report.any_rejected());
        read(&app, &case);
        let discs = app.discs(&case).unwrap();
        assert_eq!(discs.len(), 2);
        let two = discs
            .values()
            .filter_map(|d| d.reading.as_ref())
            .find(|r| r.patients.len() > 1)
            .expect("the two-patient disc");
        assert_eq!((two.unreadable_files, two.missing_files), (1, 1));
    }

    #[cfg(unix)]
    #[test]
    fn a_disc_keeps_its_empty_files_and_reports_a_file_it_cannot_take() {
        let (dir, app, case) = setup();
        let disc = dir.path().join("CD");
        std::fs::create_dir_all(disc.join("DICOM")).unwrap();
        std::fs::copy(fixture("disc-ct/DICOMDIR"), disc.join("DICOMDIR")).unwrap();
        std::fs::write(disc.join("AUTORUN.INF"), b"").unwrap();
        std::fs::write(dir.path().join("outside.txt"), b"not the disc's").unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside.txt"), disc.join("DICOM/LINK"))
            .unwrap();
        let (report, seen) = import(&app, &case, disc.clone());
        let outcomes: Vec<(String, bool)> = report
            .results
            .iter()
            .map(|r| {
                let name = r
                    .path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string();
                (name, matches!(r.outcome, FileOutcome::Imported(_)))
            })
            .collect();
        assert_eq!(
            outcomes,
            [("CD/DICOM/LINK".to_owned(), false), ("CD".to_owned(), true)]
        );
        let last = seen.last().unwrap();
        assert_eq!((last.files_done, last.files_total), (3, 3));
        let FileOutcome::Imported(document) = &report.results[1].outcome else {
            panic!("imported");
        };
        let files = app.disc_files(&case, document.id.as_str()).unwrap();
        let paths: Vec<(&str, u64)> = files.iter().map(|f| (f.path.as_str(), f.size)).collect();
        assert_eq!(paths[0], ("AUTORUN.INF", 0));
        assert_eq!(paths[1].0, "DICOMDIR");
        assert!(app.check().unwrap().is_sound());
    }

    #[test]
    fn a_disc_with_a_damaged_index_is_described_from_its_images() {
        let (dir, app, case) = setup();
        let disc = dir.path().join("CD");
        for file in ["ST000001/SE000001/IM000001", "ST000002/SE000001/IM000001"] {
            let target = disc.join("DICOM/P0000001").join(file);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(fixture("disc-ct/DICOM/P0000001").join(file), target).unwrap();
        }
        std::fs::write(disc.join("DICOMDIR"), b"overwritten index").unwrap();
        let (report, _) = import(&app, &case, disc);
        let FileOutcome::Imported(document) = &report.results[0].outcome else {
            panic!("{:?}", report.results[0].outcome);
        };
        read(&app, &case);
        let overview = &app.discs(&case).unwrap()[&document.id];
        let reading = overview.reading.as_ref().expect("read");
        let problem = reading.problem.as_deref().expect("the index problem");
        assert!(problem.contains("(DICOMDIR) is damaged"), "{problem}");
        let dates: Vec<String> = reading
            .studies
            .iter()
            .map(|s| format!("{:?} {}", s.date, s.images()))
            .collect();
        assert_eq!(dates, ["Some(2024-03-12) 1", "Some(2024-04-02) 1"]);
        assert_eq!(reading.patients.len(), 1);
        assert_eq!(reading.unreadable_files, 0);
    }

    #[test]
    fn cancelling_during_a_disc_keeps_nothing_of_it() {
        let (dir, app, case) = setup();
        let cancel = AtomicBool::new(false);
        let report = app
            .import(
                &case,
                &[fixture("disc-ct")],
                &ImportOptions::default(),
                &mut |p, _| {
                    if p.bytes_done > 0 {
                        cancel.store(true, Ordering::Relaxed);
                    }
                },
                &cancel,
            )
            .unwrap();
        assert!(report.cancelled);
        assert!(report.results.is_empty());
        assert!(app.documents(&case).unwrap().is_empty());
        assert!(app.files.stored_hashes().unwrap().is_empty());
        let incoming = std::fs::read_dir(dir.path().join("data/files/incoming"))
            .unwrap()
            .count();
        assert_eq!(incoming, 0);
    }

    #[test]
    fn check_names_a_damaged_disc_file_and_deleting_the_disc_frees_its_files() {
        let (_dir, app, case) = setup();
        let (report, _) = import(&app, &case, fixture("disc-ct"));
        let FileOutcome::Imported(disc) = &report.results[0].outcome else {
            panic!("imported");
        };
        let files = app.disc_files(&case, disc.id.as_str()).unwrap();
        let victim = files.iter().find(|f| f.path.ends_with("IM000003")).unwrap();
        let stored = app.files.path_of(&victim.sha256);
        let mut permissions = std::fs::metadata(&stored).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        std::fs::set_permissions(&stored, permissions).unwrap();
        std::fs::write(&stored, b"scratched").unwrap();
        let check = app.check().unwrap();
        assert_eq!(check.files_checked, 12 + 1, "every file and the manifest");
        let [damaged] = &check.damaged[..] else {
            panic!("{:?}", check.damaged);
        };
        assert!(matches!(damaged.problem, Damage::Altered(_)));
        assert_eq!(damaged.names, [format!("disc-ct/{}", victim.path)]);

        app.delete_document(&case, disc.id.as_str()).unwrap();
        assert!(app.files.stored_hashes().unwrap().is_empty());
        assert!(app.check().unwrap().is_sound());
    }
}
