//! Reading a scan disc from its stored files (the bytes hashed at import, never the original
//! folder): the studies and series its index lists, every file's DICOM header checked (headers
//! only, never pixel data), and the facts they give: the newest study's date, one
//! `imaging_study` per study and one `patient_name` per patient on the disc.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use carryall_dicom::{DicomError, ImageHeader, PatientSummary, Study};
use carryall_domain::{Category, Sha256Hex};
use carryall_store::files::FileStore;
use carryall_store::{
    DetectedCategory, DiscMember, DiscPatient, DiscReading, DiscSeries, DiscStudy, FactRow,
};

use super::understand::{Found, imaging_study};

/// The disc's index file, which is not itself an image.
const DISC_INDEX: &str = "DICOMDIR";

/// Reads the disc `name` whose files are `members`, kept in `files`.
pub fn read_disc(name: &str, members: &[DiscMember], files: &FileStore) -> (DiscReading, Found) {
    let stored: HashMap<PathBuf, &Sha256Hex> = members
        .iter()
        .map(|member| (member.path.split('/').collect(), &member.sha256))
        .collect();
    let open = |file: &Path| -> io::Result<Box<dyn Read>> {
        let sha256 = stored.get(file).ok_or(io::ErrorKind::NotFound)?;
        Ok(files.open_file(sha256)?)
    };

    // Every file's header: the images' own word on what the disc holds, and which are damaged.
    let mut headers = Vec::new();
    let mut unreadable = BTreeSet::new();
    for member in members {
        if member.path.eq_ignore_ascii_case(DISC_INDEX) {
            continue;
        }
        let path = PathBuf::from_iter(member.path.split('/'));
        let Ok(source) = files.open_file(&member.sha256) else {
            unreadable.insert(path);
            continue;
        };
        match carryall_dicom::read_header_from(source, &path) {
            Ok(header) => headers.push(header),
            Err(DicomError::NotDicom { .. }) => {}
            Err(_) => {
                unreadable.insert(path);
            }
        }
    }

    let paths: Vec<PathBuf> = stored.keys().cloned().collect();
    let (studies, patients, missing, problem) =
        match carryall_dicom::read_disc_files(name, paths, &open) {
            Ok(disc) => {
                unreadable.extend(disc.unreadable);
                (disc.studies, disc.patients, disc.missing.len(), None)
            }
            // Without its index, the disc is described from its images' headers.
            Err(error) => (
                carryall_dicom::summarise(&headers),
                distinct(headers.iter().map(|header: &ImageHeader| &header.patient)),
                0,
                Some(error.to_string()),
            ),
        };
    let reading = DiscReading {
        unreadable_files: unreadable.len() as u64,
        missing_files: missing as u64,
        problem,
        patients: patients
            .iter()
            .map(|patient| DiscPatient {
                name: patient.name.clone(),
                hospital_id: patient.id.clone(),
            })
            .collect(),
        studies: studies.iter().map(study_row).collect(),
    };
    let found = Found {
        category: Some(DetectedCategory {
            category: Category::ScanDisc,
            confidence: 1.0,
            evidence: vec!["scan disc (DICOMDIR)".to_owned()],
        }),
        date: studies.iter().filter_map(|study| study.date).max(),
        date_ambiguous: false,
        facts: facts(&studies, &patients),
    };
    (reading, found)
}

/// The patients among `patients`, each once.
fn distinct<'a>(patients: impl Iterator<Item = &'a PatientSummary>) -> Vec<PatientSummary> {
    let mut distinct: Vec<PatientSummary> = Vec::new();
    for patient in patients {
        if !distinct.iter().any(|known| known.same_patient(patient)) {
            distinct.push(patient.clone());
        }
    }
    distinct
}

fn study_row(study: &Study) -> DiscStudy {
    DiscStudy {
        patient_name: study.patient.name.clone(),
        date: study.date,
        description: study.description.clone(),
        series: study
            .series
            .iter()
            .map(|series| DiscSeries {
                modality: series.modality.clone(),
                description: series.description.clone(),
                body_part: series.body_part.clone(),
                images: series.images as u64,
            })
            .collect(),
    }
}

/// One `imaging_study` per study (its description, modalities and body parts) and one
/// `patient_name` per named patient.
fn facts(studies: &[Study], patients: &[PatientSummary]) -> Vec<FactRow> {
    let mut facts = Vec::new();
    for study in studies {
        let mut parts: Vec<&str> = study.description.iter().map(String::as_str).collect();
        parts.extend(study.modalities.iter().map(String::as_str));
        for body_part in study.series.iter().filter_map(|s| s.body_part.as_deref()) {
            if !parts.contains(&body_part) {
                parts.push(body_part);
            }
        }
        facts.extend(imaging_study(&parts));
    }
    for patient in patients {
        let name = patient.name.trim();
        if !name.is_empty() {
            facts.push(FactRow {
                name: "patient_name".to_owned(),
                value: name.to_owned(),
                page: None,
                snippet: name.to_owned(),
            });
        }
    }
    facts
}
