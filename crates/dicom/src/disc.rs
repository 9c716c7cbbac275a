//! Reading a scan disc: its files, and the studies and series its DICOMDIR lists, with details
//! the DICOMDIR lacks taken from one readable image header per series.

use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use dicom_dictionary_std::tags;

use crate::attributes::{integer, patient, text, texts};
use crate::checked::{CheckError, CheckedHeader, check_header};
use crate::disc_files::{FileLookup, file_id_path, list_files};
use crate::error::{DicomError, file_name};
use crate::header::read_header_from;
use crate::index::{Entry, read_index};
use crate::summary::{Disc, PatientSummary, Series, Study, distinct_patients, put_in_order};
use crate::values::parse_date;

/// The name of a disc's index file (matched without regard to case).
const INDEX_NAME: &str = "DICOMDIR";
/// A DICOMDIR larger than this is taken as damaged (one listing 100,000 images is ~30 MiB).
const MAX_INDEX_LEN: usize = 64 * 1024 * 1024;

/// Finds the disc root: `folder` itself or a direct child folder holding a file named DICOMDIR
/// (any case). When several children hold one, the first by name is taken; symbolic links
/// to folders are not followed.
pub fn find_dicomdir(folder: &Path) -> Option<PathBuf> {
    if holds_index(folder) {
        return Some(folder.to_path_buf());
    }
    let mut children: Vec<PathBuf> = fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .map(|entry| entry.path())
        .collect();
    children.sort();
    children.into_iter().find(|child| holds_index(child))
}

fn holds_index(folder: &Path) -> bool {
    fs::read_dir(folder).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|entry| {
            entry.file_type().is_ok_and(|kind| kind.is_file())
                && entry.file_name().eq_ignore_ascii_case(INDEX_NAME)
        })
    })
}

/// Reads a disc: the DICOMDIR's directory records (PATIENT → STUDY → SERIES → IMAGE) and, where
/// the DICOMDIR lacks details (body part, series description, …), the header of the first
/// readable file of the series (read only up to Pixel Data). Image counts are the DICOMDIR's.
/// Lists every file under the disc root (sorted, relative paths), so the caller can store them
/// all. Damaged or missing image files are reported in the result, not as an error.
pub fn read_disc(root: &Path) -> Result<Disc, DicomError> {
    let files = list_files(root)?;
    read_disc_files(&file_name(root), files, &|file| {
        Ok(Box::new(File::open(root.join(file))?))
    })
}

/// Opens one of a disc's files (given by its path on the disc) for reading.
pub type OpenDiscFile<'a> = dyn Fn(&Path) -> io::Result<Box<dyn Read>> + 'a;

/// Reads a disc whose files are not laid out in a folder (a copy kept elsewhere, e.g. under
/// content hashes, perhaps encrypted): `files` are the disc's paths relative to its root,
/// `open` opens one of them wherever its bytes are now, and `label` names the disc in errors.
/// Otherwise as [`read_disc`].
pub fn read_disc_files(
    label: &str,
    mut files: Vec<PathBuf>,
    open: &OpenDiscFile<'_>,
) -> Result<Disc, DicomError> {
    files.sort();
    let index = files
        .iter()
        .find(|file| file.as_os_str().eq_ignore_ascii_case(INDEX_NAME))
        .ok_or_else(|| DicomError::NoIndex {
            folder: label.to_owned(),
        })?;
    let entries =
        read_index(&read_index_file(open, index)?).ok_or_else(|| DicomError::DamagedIndex {
            file: file_name(index),
        })?;
    let mut reader = DiscReader {
        open,
        lookup: FileLookup::new(&files),
        unreadable: Vec::new(),
        missing: Vec::new(),
    };
    let mut patients = Vec::new();
    let mut studies = Vec::new();
    for patient_entry in of_kind(&entries, "PATIENT") {
        let patient = patient(&patient_entry.record);
        for study_entry in of_kind(&patient_entry.children, "STUDY") {
            studies.push(reader.study(study_entry, &patient));
        }
        patients.push(patient);
    }
    put_in_order(&mut studies);
    let DiscReader {
        unreadable,
        missing,
        ..
    } = reader;
    Ok(Disc {
        patients: distinct_patients(&patients),
        files,
        studies,
        unreadable,
        missing,
    })
}

/// Reads the index, named `name` on the disc.
fn read_index_file(open: &OpenDiscFile<'_>, name: &Path) -> Result<CheckedHeader, DicomError> {
    let file = open(name).map_err(|error| DicomError::io(name, error))?;
    check_header(BufReader::new(file), MAX_INDEX_LEN).map_err(|error| match error {
        CheckError::Io(source) => DicomError::io(name, source),
        _ => DicomError::DamagedIndex {
            file: file_name(name),
        },
    })
}

fn of_kind<'a>(entries: &'a [Entry], kind: &'a str) -> impl Iterator<Item = &'a Entry> {
    entries.iter().filter(move |entry| entry.kind == kind)
}

/// Turns entries into studies, noting image files that are damaged or absent.
struct DiscReader<'a> {
    open: &'a OpenDiscFile<'a>,
    lookup: FileLookup<'a>,
    unreadable: Vec<PathBuf>,
    missing: Vec<PathBuf>,
}

impl DiscReader<'_> {
    fn study(&mut self, entry: &Entry, patient: &PatientSummary) -> Study {
        let mut study = Study {
            patient: patient.clone(),
            date: text(&entry.record, tags::STUDY_DATE).and_then(|date| parse_date(&date)),
            description: text(&entry.record, tags::STUDY_DESCRIPTION),
            modalities: Vec::new(),
            series: Vec::new(),
        };
        for series_entry in of_kind(&entry.children, "SERIES") {
            let series = self.series(series_entry, &mut study);
            study.series.push(series);
        }
        study
    }

    /// The series from its record; gaps in it (and in `study`) filled from an image header.
    fn series(&mut self, entry: &Entry, study: &mut Study) -> Series {
        let mut series = Series {
            number: integer(&entry.record, tags::SERIES_NUMBER),
            modality: text(&entry.record, tags::MODALITY),
            description: text(&entry.record, tags::SERIES_DESCRIPTION),
            body_part: text(&entry.record, tags::BODY_PART_EXAMINED),
            images: entry.children.len(),
        };
        let files = self.image_files(entry);
        let complete = |series: &Series, study: &Study| {
            series.modality.is_some()
                && series.description.is_some()
                && series.body_part.is_some()
                && study.date.is_some()
                && study.description.is_some()
        };
        if complete(&series, study) {
            return series;
        }
        for file in files {
            let header = (self.open)(&file)
                .map_err(|error| DicomError::io(&file, error))
                .and_then(|source| read_header_from(source, &file));
            match header {
                Ok(header) => {
                    series.modality = series.modality.or(header.modality);
                    series.description = series.description.or(header.series_description);
                    series.body_part = series.body_part.or(header.body_part);
                    series.number = series.number.or(header.series_number);
                    study.date = study.date.or(header.study_date);
                    study.description = study.description.take().or(header.study_description);
                    break;
                }
                Err(_) => self.unreadable.push(file),
            }
        }
        series
    }

    /// The disc files the series' records name, noting those the disc lacks.
    fn image_files(&mut self, entry: &Entry) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for record in entry.children.iter().map(|child| &child.record) {
            let file_id = texts(record, tags::REFERENCED_FILE_ID);
            let Some(path) = file_id_path(&file_id) else {
                continue;
            };
            match self.lookup.find(&file_id) {
                Some(file) => found.push(file.to_path_buf()),
                None => self.missing.push(path),
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::{fixture, scratch};
    use chrono::NaiveDate;

    /// Each series as "modality number description body-part images".
    fn outline(study: &Study) -> Vec<String> {
        study
            .series
            .iter()
            .map(|series| {
                format!(
                    "{} {} {} {} {}",
                    series.modality.as_deref().unwrap_or("-"),
                    series.number.unwrap_or(-1),
                    series.description.as_deref().unwrap_or("-"),
                    series.body_part.as_deref().unwrap_or("-"),
                    series.images
                )
            })
            .collect()
    }

    #[test]
    fn finds_the_disc_root_in_the_folder_or_one_below() {
        let cases = [
            ("disc-ct", Some("disc-ct")),
            ("", Some("disc-ct")),
            ("loose", None),
            ("disc-ct/DICOM", None),
            ("absent", None),
        ];
        for (folder, expected) in cases {
            assert_eq!(
                find_dicomdir(&fixture(folder)),
                expected.map(fixture),
                "{folder:?}"
            );
        }
    }

    #[test]
    fn a_one_patient_disc_lists_its_studies_and_files() {
        let disc = read_disc(&fixture("disc-ct")).expect("disc read");
        assert_eq!(disc.files.len(), 12);
        assert_eq!(
            disc.files[0],
            Path::new("DICOM/P0000001/ST000001/SE000001/IM000001")
        );
        assert!(disc.files.contains(&PathBuf::from("DICOMDIR")));
        assert!(disc.files.contains(&PathBuf::from("README.TXT")));
        assert_eq!(disc.image_count(), 10);
        assert!(!disc.has_several_patients());
        assert!(disc.unreadable.is_empty() && disc.missing.is_empty());
        let patient = PatientSummary {
            name: "MORGAN J RIVERA".to_owned(),
            id: Some("CA-0001".to_owned()),
        };
        assert_eq!(disc.patients, std::slice::from_ref(&patient));

        let [ct, pet] = &disc.studies[..] else {
            panic!("two studies expected, got {}", disc.studies.len());
        };
        assert_eq!(ct.patient, patient);
        assert_eq!(ct.date, NaiveDate::from_ymd_opt(2024, 3, 12));
        assert_eq!(
            ct.description.as_deref(),
            Some("CT CHEST ABDOMEN PELVIS W CONTRAST")
        );
        assert_eq!(ct.modalities, ["CT"]);
        assert_eq!(
            outline(ct),
            ["CT 2 AXIAL 5MM CHEST 4", "CT 3 CORONAL 3MM ABDOMEN 3"]
        );
        assert_eq!(pet.date, NaiveDate::from_ymd_opt(2024, 4, 2));
        assert_eq!(pet.modalities, ["PT"]);
        assert_eq!(outline(pet), ["PT 1 PET WB AC WHOLEBODY 3"]);
    }

    #[test]
    fn a_two_patient_disc_is_flagged_and_its_damage_reported() {
        let disc = read_disc(&fixture("disc-two-patients")).expect("disc read");
        assert!(disc.has_several_patients());
        let names: Vec<&str> = disc.patients.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["MORGAN J RIVERA", "Sam Okafor"]);
        let studies: Vec<(&str, Vec<String>)> = disc
            .studies
            .iter()
            .map(|study| (study.patient.name.as_str(), outline(study)))
            .collect();
        assert_eq!(
            studies,
            [
                ("MORGAN J RIVERA", vec!["CT 1 LUNG 1MM CHEST 2".to_owned()]),
                ("Sam Okafor", vec!["MR 5 AX T1 POST HEAD 2".to_owned()]),
            ]
        );
        assert_eq!(
            disc.unreadable,
            [PathBuf::from("DICOM/P0000001/ST000003/SE000001/IM000001")]
        );
        assert_eq!(
            disc.missing,
            [PathBuf::from("DICOM/P0000002/ST000004/SE000001/IM000002")]
        );
    }

    #[test]
    fn a_disc_kept_under_other_names_reads_as_the_original() {
        let original = read_disc(&fixture("disc-ct")).expect("disc read");
        let kept = scratch("kept-flat");
        for (number, file) in original.files.iter().enumerate() {
            fs::copy(fixture("disc-ct").join(file), kept.join(number.to_string())).expect("copy");
        }
        let files = original.files.clone();
        let locate = |file: &Path| -> io::Result<Box<dyn Read>> {
            let number = files.iter().position(|known| known == file).expect("known");
            Ok(Box::new(File::open(kept.join(number.to_string()))?))
        };
        let reversed: Vec<PathBuf> = files.iter().rev().cloned().collect();
        let again = read_disc_files("disc-ct", reversed, &locate).expect("disc read");
        let without_index = read_disc_files("kept", vec![PathBuf::from("README.TXT")], &locate)
            .expect_err("no index")
            .to_string();
        fs::remove_dir_all(&kept).expect("clean up");
        assert_eq!(again, original);
        assert!(
            without_index.starts_with("kept has no disc index"),
            "{without_index}"
        );
    }

    #[test]
    fn folders_that_are_not_discs_give_plain_errors() {
        let cases = [
            ("loose", "has no disc index"),
            ("absent", "could not be read"),
        ];
        for (folder, expected) in cases {
            let message = read_disc(&fixture(folder)).expect_err(folder).to_string();
            assert!(message.starts_with(folder), "{message}");
            assert!(message.contains(expected), "{message}");
        }
    }

    #[test]
    fn a_damaged_index_fails_the_disc_in_plain_words() {
        let folder = scratch("damaged-index");
        fs::write(folder.join("dicomdir"), b"this index was overwritten").expect("write index");
        let message = read_disc(&folder).expect_err("damaged").to_string();
        fs::remove_dir_all(&folder).expect("clean up");
        assert!(message.contains("(dicomdir) is damaged"), "{message}");
    }

    #[test]
    fn a_garbled_index_never_panics() {
        let index = fs::read(fixture("disc-two-patients/DICOMDIR")).expect("fixture");
        let folder = scratch("garbled-index");
        let mut outcomes = (0, 0);
        for at in (0..index.len()).step_by(5) {
            let mut garbled = index.clone();
            garbled[at] ^= 0xFF;
            fs::write(folder.join("DICOMDIR"), &garbled).expect("write index");
            match read_disc(&folder) {
                Ok(_) => outcomes.0 += 1,
                Err(_) => outcomes.1 += 1,
            }
        }
        fs::remove_dir_all(&folder).expect("clean up");
        assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
    }
}
