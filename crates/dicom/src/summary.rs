//! What a disc or a set of loose files holds: patients, studies, series and image counts.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;

use crate::values::normalised;

/// A patient as named in DICOM headers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatientSummary {
    /// The name for display (`Given Middle Family`), empty when the headers name nobody.
    pub name: String,
    /// The patient ID the hospital gave, if any.
    pub id: Option<String>,
}

impl PatientSummary {
    /// Whether both summaries name the same patient, regardless of case and spacing.
    pub fn same_patient(&self, other: &PatientSummary) -> bool {
        self.key() == other.key()
    }

    fn key(&self) -> (String, Option<String>) {
        (normalised(&self.name), self.id.as_deref().map(normalised))
    }
}

/// One study: an examination on one date (a CT scan, a PET-CT, an MRI), made of series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Study {
    /// Whose study it is.
    pub patient: PatientSummary,
    /// The study date, when present and valid.
    pub date: Option<NaiveDate>,
    /// The study description, e.g. "CT CHEST ABDOMEN PELVIS W CONTRAST".
    pub description: Option<String>,
    /// The modalities of its series (CT, PT, MR, …), each once, in series order.
    pub modalities: Vec<String>,
    /// Its series, by series number.
    pub series: Vec<Series>,
}

/// One series of a study: a set of images made together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// The series number within the study.
    pub number: Option<i32>,
    /// The modality, e.g. "CT".
    pub modality: Option<String>,
    /// The series description, e.g. "AXIAL 5MM".
    pub description: Option<String>,
    /// The body part examined, e.g. "CHEST".
    pub body_part: Option<String>,
    /// How many images (or other instances) the series holds.
    pub images: usize,
}

/// The attributes read from one file's header that place it in a study and series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageHeader {
    /// Whose image it is.
    pub patient: PatientSummary,
    /// The study instance UID.
    pub study_uid: Option<String>,
    /// The study date, when present and valid.
    pub study_date: Option<NaiveDate>,
    /// The study description.
    pub study_description: Option<String>,
    /// The series instance UID.
    pub series_uid: Option<String>,
    /// The series number.
    pub series_number: Option<i32>,
    /// The modality.
    pub modality: Option<String>,
    /// The series description.
    pub series_description: Option<String>,
    /// The body part examined.
    pub body_part: Option<String>,
}

/// A scan disc: its files, and the studies its index lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disc {
    /// Every file under the disc root, relative to it, sorted; all of them should be kept.
    pub files: Vec<PathBuf>,
    /// The studies, by date.
    pub studies: Vec<Study>,
    /// The distinct patients the index names.
    pub patients: Vec<PatientSummary>,
    /// Files the index points to that were opened for details and could not be read.
    pub unreadable: Vec<PathBuf>,
    /// Files the index names that are not on the disc, as the index spells them.
    pub missing: Vec<PathBuf>,
}

impl Disc {
    /// Whether the disc holds more than one patient's records (the user should be told).
    pub fn has_several_patients(&self) -> bool {
        self.patients.len() > 1
    }

    /// How many images the index lists, over all studies.
    pub fn image_count(&self) -> usize {
        self.studies
            .iter()
            .flat_map(|study| &study.series)
            .map(|series| series.images)
            .sum()
    }
}

/// The patients among `patients`, each once (compared without regard to case and spacing).
pub(crate) fn distinct_patients<'a>(
    patients: impl IntoIterator<Item = &'a PatientSummary>,
) -> Vec<PatientSummary> {
    let mut distinct: Vec<PatientSummary> = Vec::new();
    for patient in patients {
        if !distinct.iter().any(|known| known.same_patient(patient)) {
            distinct.push(patient.clone());
        }
    }
    distinct
}

/// Puts series in series-number order, lists the study's modalities, and puts studies in date
/// order (undated last); equal keys keep their order.
pub(crate) fn put_in_order(studies: &mut [Study]) {
    for study in studies.iter_mut() {
        study
            .series
            .sort_by_key(|series| (series.number.is_none(), series.number));
        study.modalities = Vec::new();
        for modality in study
            .series
            .iter()
            .filter_map(|series| series.modality.as_ref())
        {
            if !study.modalities.contains(modality) {
                study.modalities.push(modality.clone());
            }
        }
    }
    studies.sort_by_key(|study| (study.date.is_none(), study.date));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patient(name: &str, id: Option<&str>) -> PatientSummary {
        PatientSummary {
            name: name.to_owned(),
            id: id.map(str::to_owned),
        }
    }

    fn series(number: Option<i32>, modality: &str, images: usize) -> Series {
        Series {
            number,
            modality: Some(modality.to_owned()),
            description: None,
            body_part: None,
            images,
        }
    }

    fn study(date: Option<(i32, u32, u32)>, series: Vec<Series>) -> Study {
        Study {
            patient: patient("Ann Smith", None),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            description: None,
            modalities: Vec::new(),
            series,
        }
    }

    fn disc(patients: Vec<PatientSummary>, studies: Vec<Study>) -> Disc {
        Disc {
            files: Vec::new(),
            studies,
            patients,
            unreadable: Vec::new(),
            missing: Vec::new(),
        }
    }

    #[test]
    fn patients_are_distinct_by_normalised_name_and_id() {
        let cases = [
            (vec![], 0),
            (vec![patient("Ann Smith", Some("1"))], 1),
            (
                vec![
                    patient("Ann Smith", Some("1")),
                    patient(" ann  SMITH", Some("1 ")),
                ],
                1,
            ),
            (
                vec![
                    patient("Ann Smith", Some("1")),
                    patient("Ann Smith", Some("2")),
                ],
                2,
            ),
            (
                vec![patient("Ann Smith", None), patient("Bo Jones", None)],
                2,
            ),
            (
                vec![patient("Ann Smith", None), patient("Ann Smith", Some("1"))],
                2,
            ),
        ];
        for (patients, expected) in cases {
            let distinct = distinct_patients(&patients);
            assert_eq!(distinct.len(), expected, "{patients:?}");
            assert_eq!(
                disc(distinct, Vec::new()).has_several_patients(),
                expected > 1
            );
        }
    }

    #[test]
    fn image_count_adds_up_every_series() {
        let studies = vec![
            study(
                None,
                vec![series(Some(1), "CT", 4), series(Some(2), "CT", 3)],
            ),
            study(None, vec![series(None, "PT", 5)]),
        ];
        assert_eq!(disc(Vec::new(), studies).image_count(), 12);
        assert_eq!(disc(Vec::new(), Vec::new()).image_count(), 0);
    }

    #[test]
    fn ordering_sorts_studies_by_date_and_series_by_number() {
        let mut studies = vec![
            study(None, vec![series(Some(1), "MR", 1)]),
            study(
                Some((2024, 4, 2)),
                vec![
                    series(None, "PT", 1),
                    series(Some(3), "CT", 1),
                    series(Some(2), "PT", 1),
                ],
            ),
            study(Some((2024, 3, 12)), vec![series(Some(1), "CT", 1)]),
        ];
        put_in_order(&mut studies);
        let dates: Vec<_> = studies.iter().map(|study| study.date).collect();
        assert_eq!(
            dates,
            [
                NaiveDate::from_ymd_opt(2024, 3, 12),
                NaiveDate::from_ymd_opt(2024, 4, 2),
                None
            ]
        );
        let numbers: Vec<_> = studies[1]
            .series
            .iter()
            .map(|series| series.number)
            .collect();
        assert_eq!(numbers, [Some(2), Some(3), None]);
        assert_eq!(studies[1].modalities, ["PT", "CT"]);
    }
}
