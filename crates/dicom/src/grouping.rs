//! Grouping loose files' headers into studies and series, as a disc's index would list them.

use crate::summary::{ImageHeader, Series, Study, put_in_order};
use crate::values::normalised;

/// Groups loose files' headers into studies and series like a disc: one study per Study
/// Instance UID, one series per Series Instance UID, one image per header. Headers lacking
/// UIDs are grouped by patient, date and descriptions instead.
pub fn summarise(headers: &[ImageHeader]) -> Vec<Study> {
    let mut groups: Vec<StudyGroup> = Vec::new();
    for header in headers {
        let study_key = study_key(header);
        let group = match groups.iter().position(|group| group.key == study_key) {
            Some(index) => &mut groups[index],
            None => {
                groups.push(StudyGroup::new(study_key, header));
                groups.last_mut().expect("just pushed")
            }
        };
        group.add(header);
    }
    let mut studies: Vec<Study> = groups.into_iter().map(|group| group.study).collect();
    put_in_order(&mut studies);
    studies
}

/// A study being assembled, with the keys of its series in the same order as `study.series`.
struct StudyGroup {
    key: String,
    study: Study,
    series_keys: Vec<String>,
}

impl StudyGroup {
    fn new(key: String, header: &ImageHeader) -> Self {
        StudyGroup {
            key,
            study: Study {
                patient: header.patient.clone(),
                date: header.study_date,
                description: header.study_description.clone(),
                modalities: Vec::new(),
                series: Vec::new(),
            },
            series_keys: Vec::new(),
        }
    }

    /// Counts the header's image in its series, filling details the study still lacks.
    fn add(&mut self, header: &ImageHeader) {
        let study = &mut self.study;
        study.date = study.date.or(header.study_date);
        if study.description.is_none() {
            study.description.clone_from(&header.study_description);
        }
        let key = series_key(header);
        let index = match self.series_keys.iter().position(|known| *known == key) {
            Some(index) => index,
            None => {
                self.series_keys.push(key);
                study.series.push(Series {
                    number: header.series_number,
                    modality: header.modality.clone(),
                    description: header.series_description.clone(),
                    body_part: header.body_part.clone(),
                    images: 0,
                });
                study.series.len() - 1
            }
        };
        study.series[index].images += 1;
    }
}

fn study_key(header: &ImageHeader) -> String {
    match &header.study_uid {
        Some(uid) => format!("uid {uid}"),
        None => format!(
            "no uid {}|{}|{:?}|{}",
            normalised(&header.patient.name),
            normalised(header.patient.id.as_deref().unwrap_or_default()),
            header.study_date,
            normalised(header.study_description.as_deref().unwrap_or_default()),
        ),
    }
}

fn series_key(header: &ImageHeader) -> String {
    match &header.series_uid {
        Some(uid) => format!("uid {uid}"),
        None => format!(
            "no uid {:?}|{}|{}",
            header.series_number,
            header.modality.as_deref().unwrap_or_default(),
            normalised(header.series_description.as_deref().unwrap_or_default()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::PatientSummary;
    use chrono::NaiveDate;

    /// A header: study UID, series UID, series number, modality (empty strings: absent).
    fn header(study: &str, series: &str, number: i32, modality: &str) -> ImageHeader {
        let some = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        ImageHeader {
            patient: PatientSummary {
                name: "Ann Smith".to_owned(),
                id: Some("1".to_owned()),
            },
            study_uid: some(study),
            study_date: NaiveDate::from_ymd_opt(2024, 3, 12),
            study_description: Some("CT CHEST".to_owned()),
            series_uid: some(series),
            series_number: Some(number),
            modality: some(modality),
            series_description: None,
            body_part: None,
        }
    }

    /// Each study as "MODALITIES: number×images …".
    fn outline(studies: &[Study]) -> Vec<String> {
        studies
            .iter()
            .map(|study| {
                let series: Vec<String> = study
                    .series
                    .iter()
                    .map(|series| format!("{}x{}", series.number.unwrap_or(-1), series.images))
                    .collect();
                format!("{}: {}", study.modalities.join("+"), series.join(" "))
            })
            .collect()
    }

    #[test]
    fn headers_group_into_studies_and_series() {
        let cases: Vec<(&str, Vec<ImageHeader>, Vec<&str>)> = vec![
            ("none", vec![], vec![]),
            (
                "one series",
                vec![header("1", "1.1", 1, "CT"), header("1", "1.1", 1, "CT")],
                vec!["CT: 1x2"],
            ),
            (
                "two series, interleaved",
                vec![
                    header("1", "1.2", 2, "PT"),
                    header("1", "1.1", 1, "CT"),
                    header("1", "1.2", 2, "PT"),
                ],
                vec!["CT+PT: 1x1 2x2"],
            ),
            (
                "two studies",
                vec![header("1", "1.1", 1, "CT"), header("2", "2.1", 1, "MR")],
                vec!["CT: 1x1", "MR: 1x1"],
            ),
            (
                "no UIDs",
                vec![
                    header("", "", 3, "CT"),
                    header("", "", 3, "CT"),
                    header("", "", 4, "CT"),
                ],
                vec!["CT: 3x2 4x1"],
            ),
        ];
        for (name, headers, expected) in cases {
            assert_eq!(outline(&summarise(&headers)), expected, "{name}");
        }
    }

    #[test]
    fn studies_take_details_from_any_of_their_headers() {
        let mut first = header("1", "1.1", 1, "CT");
        first.study_description = None;
        first.study_date = None;
        let second = header("1", "1.1", 1, "CT");
        let studies = summarise(&[first, second]);
        assert_eq!(studies[0].description.as_deref(), Some("CT CHEST"));
        assert_eq!(studies[0].date, NaiveDate::from_ymd_opt(2024, 3, 12));
    }
}
