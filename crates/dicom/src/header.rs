//! Reading one file's header, up to (not including) its pixel data, whatever its layout.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use dicom_dictionary_std::tags;
use dicom_object::InMemDicomObject;

use crate::attributes::{integer, patient, text};
use crate::checked::{CheckError, check_header, parse};
use crate::error::{DicomError, file_name};
use crate::summary::ImageHeader;
use crate::values::parse_date;

/// Headers larger than this (before pixel data) are taken as damaged; real ones are kilobytes.
const MAX_HEADER_LEN: usize = 32 * 1024 * 1024;

/// Reads one loose file's header (stops before Pixel Data; works with and without the preamble
/// and the file meta group).
pub fn read_header(path: &Path) -> Result<ImageHeader, DicomError> {
    let file = File::open(path).map_err(|error| DicomError::io(path, error))?;
    read_header_from(file, path)
}

/// Reads one file's header from `source` (opened by the caller, e.g. decrypting a stored
/// copy); errors name the file as `name`. Otherwise as [`read_header`].
pub fn read_header_from(source: impl Read, name: &Path) -> Result<ImageHeader, DicomError> {
    let data_set = read_data_set(source, name)?;
    Ok(ImageHeader {
        patient: patient(&data_set),
        study_uid: text(&data_set, tags::STUDY_INSTANCE_UID),
        study_date: text(&data_set, tags::STUDY_DATE).and_then(|date| parse_date(&date)),
        study_description: text(&data_set, tags::STUDY_DESCRIPTION),
        series_uid: text(&data_set, tags::SERIES_INSTANCE_UID),
        series_number: integer(&data_set, tags::SERIES_NUMBER),
        modality: text(&data_set, tags::MODALITY),
        series_description: text(&data_set, tags::SERIES_DESCRIPTION),
        body_part: text(&data_set, tags::BODY_PART_EXAMINED),
    })
}

/// The file's data set without its pixel data (the meta group is dropped).
fn read_data_set(source: impl Read, path: &Path) -> Result<InMemDicomObject, DicomError> {
    let file_name = file_name(path);
    let checked =
        check_header(BufReader::new(source), MAX_HEADER_LEN).map_err(|error| match error {
            CheckError::NotDicom => DicomError::NotDicom {
                file: file_name.clone(),
            },
            CheckError::Damaged => DicomError::Damaged {
                file: file_name.clone(),
            },
            CheckError::Unsupported => DicomError::Unsupported {
                file: file_name.clone(),
            },
            CheckError::Io(source) => DicomError::io(path, source),
        })?;
    parse(&checked).ok_or(DicomError::Damaged { file: file_name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::{fixture, scratch};
    use chrono::NaiveDate;
    use std::fs;

    #[test]
    fn loose_files_read_in_every_layout() {
        for name in ["with-preamble.dcm", "no-preamble.dcm", "raw-dataset.dcm"] {
            let header = read_header(&fixture(&format!("loose/{name}"))).expect(name);
            assert_eq!(header.patient.name, "MORGAN J RIVERA", "{name}");
            assert_eq!(header.patient.id.as_deref(), Some("CA-0001"), "{name}");
            assert_eq!(
                header.study_date,
                NaiveDate::from_ymd_opt(2024, 1, 15),
                "{name}"
            );
            assert_eq!(
                header.study_description.as_deref(),
                Some("MRI PELVIS"),
                "{name}"
            );
            assert_eq!(header.modality.as_deref(), Some("MR"), "{name}");
            assert_eq!(header.series_number, Some(7), "{name}");
            assert_eq!(
                header.series_description.as_deref(),
                Some("SAG T2"),
                "{name}"
            );
            assert_eq!(header.body_part.as_deref(), Some("PELVIS"), "{name}");
            assert!(
                header.study_uid.is_some() && header.series_uid.is_some(),
                "{name}"
            );
        }
    }

    #[test]
    fn loose_files_are_recognised_by_content() {
        let cases = [
            ("with-preamble.dcm", true),
            ("no-preamble.dcm", true),
            ("raw-dataset.dcm", true),
            ("truncated.dcm", true),
            ("not-dicom.dcm", false),
        ];
        for (name, expected) in cases {
            let bytes = fs::read(fixture(&format!("loose/{name}"))).expect(name);
            let head = &bytes[..bytes.len().min(4096)];
            assert_eq!(crate::looks_like_dicom(head), expected, "{name}");
        }
    }

    #[test]
    fn bad_files_give_plain_errors_naming_the_file() {
        let cases = [
            ("not-dicom.dcm", "is not a DICOM file"),
            ("truncated.dcm", "damaged or incomplete"),
            ("absent.dcm", "could not be read"),
        ];
        for (name, expected) in cases {
            let error = read_header(&fixture(&format!("loose/{name}"))).expect_err(name);
            let message = error.to_string();
            assert!(message.starts_with(name), "{message}");
            assert!(message.contains(expected), "{message}");
            assert!(!message.contains("fixtures"), "{message}");
        }
    }

    #[test]
    fn absurd_lengths_are_refused_not_allocated() {
        let file = fs::read(fixture("loose/with-preamble.dcm")).expect("fixture");
        let group_len = u32::from_le_bytes(file[140..144].try_into().expect("4 bytes"));
        let meta_end = 144 + group_len as usize;
        let folder = scratch("huge-length");
        let path = folder.join("huge.dcm");
        for (tag, vr) in [
            ([0x08, 0, 0x05, 0], *b"UT"),
            ([0x09, 0, 0x10, 0x10], *b"OB"),
        ] {
            let mut hostile = file[..meta_end].to_vec();
            hostile.extend_from_slice(&tag);
            hostile.extend_from_slice(&vr);
            hostile.extend_from_slice(&[0, 0, 0xF0, 0xFF, 0xFF, 0xFF]);
            hostile.extend_from_slice(b"short");
            fs::write(&path, &hostile).expect("write");
            let error = read_header(&path).expect_err("absurd length");
            assert!(matches!(error, DicomError::Damaged { .. }), "{error}");
        }
        fs::remove_dir_all(&folder).expect("clean up");
    }

    #[test]
    fn every_cut_of_a_file_reads_or_fails_without_panicking() {
        let folder = scratch("cut-file");
        let path = folder.join("cut.dcm");
        for name in ["with-preamble.dcm", "raw-dataset.dcm"] {
            let bytes = fs::read(fixture(&format!("loose/{name}"))).expect(name);
            for end in (0..bytes.len()).step_by(7) {
                fs::write(&path, &bytes[..end]).expect("write cut");
                let _ = read_header(&path);
            }
        }
        fs::remove_dir_all(&folder).expect("clean up");
    }

    #[test]
    fn every_garbled_byte_reads_or_fails_without_panicking() {
        let folder = scratch("garbled-file");
        let path = folder.join("garbled.dcm");
        for name in ["with-preamble.dcm", "raw-dataset.dcm"] {
            let bytes = fs::read(fixture(&format!("loose/{name}"))).expect(name);
            for at in 0..bytes.len().min(1200) {
                let mut garbled = bytes.clone();
                garbled[at] ^= 0xFF;
                fs::write(&path, &garbled).expect("write garbled");
                let _ = read_header(&path);
            }
        }
        fs::remove_dir_all(&folder).expect("clean up");
    }
}
