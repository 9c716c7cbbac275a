//! A second-opinion case: one request for a second opinion, for one patient.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::cancer::CancerType;
use crate::field::{self, Field, FieldError};
use crate::id::Id;

const NAME_MAX: usize = 200;
const REASON_MAX: usize = 2000;
const PROVIDER_MAX: usize = 300;
/// The longest concern, in characters: a few words, not a letter.
pub const CONCERN_MAX: usize = 200;
const OLDEST_BIRTH_YEAR: i32 = 1900;

/// The person the records are about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patient {
    /// The patient's id.
    pub id: Id,
    /// Full name as it appears on their records.
    pub name: String,
    /// Date of birth, if given; reviewers match it across documents.
    pub date_of_birth: Option<NaiveDate>,
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStatus {
    /// Records are still being gathered.
    Gathering,
    /// A packet has been exported.
    Exported,
    /// The person has marked the case as finished.
    Closed,
}

impl CaseStatus {
    /// Stable short name for storage and machine-readable output.
    pub fn slug(self) -> &'static str {
        match self {
            CaseStatus::Gathering => "gathering",
            CaseStatus::Exported => "exported",
            CaseStatus::Closed => "closed",
        }
    }

    /// The status a stored slug names, if any.
    pub fn from_slug(slug: &str) -> Option<CaseStatus> {
        [
            CaseStatus::Gathering,
            CaseStatus::Exported,
            CaseStatus::Closed,
        ]
        .into_iter()
        .find(|status| status.slug() == slug)
    }
}

/// The validated details of a new case, as a person fills them in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDetails {
    /// The patient's full name.
    pub patient_name: String,
    /// The patient's date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// The kind of cancer, if known.
    pub cancer_type: Option<CancerType>,
    /// What the second opinion is for, in the patient's words.
    pub reason: Option<String>,
    /// The provider the packet is for, if chosen.
    pub provider: Option<String>,
    /// The appointment date, if booked.
    pub appointment: Option<NaiveDate>,
    /// What worries the person, each in their own words; no two the same.
    pub concerns: Vec<String>,
}

/// The form fields of a new case as typed, before validation.
#[derive(Debug, Clone, Default)]
pub struct CaseForm<'a> {
    /// The patient's full name (required).
    pub patient_name: &'a str,
    /// Date of birth as `YYYY-MM-DD`.
    pub date_of_birth: Option<&'a str>,
    /// The kind of cancer in any words.
    pub cancer_type: Option<&'a str>,
    /// What the second opinion is for.
    pub reason: Option<&'a str>,
    /// The provider.
    pub provider: Option<&'a str>,
    /// The appointment date as `YYYY-MM-DD`.
    pub appointment: Option<&'a str>,
    /// The person's concerns, one per entry ("keeping my hair", "my work").
    pub concerns: &'a [String],
}

impl CaseDetails {
    /// Validates a filled-in form; `today` bounds the dates.
    pub fn from_form(form: &CaseForm<'_>, today: NaiveDate) -> Result<CaseDetails, FieldError> {
        let patient_name =
            field::required_text(Field::PatientName, form.patient_name, NAME_MAX, false)?;
        let date_of_birth = field::optional_date(Field::DateOfBirth, form.date_of_birth)?;
        if let Some(born) = date_of_birth {
            if born > today {
                return Err(FieldError::ImplausibleDate {
                    field: Field::DateOfBirth,
                    why: "is in the future",
                });
            }
            if born.year() < OLDEST_BIRTH_YEAR {
                return Err(FieldError::ImplausibleDate {
                    field: Field::DateOfBirth,
                    why: "is before 1900",
                });
            }
        }
        let cancer_type =
            field::optional_text(Field::CancerType, form.cancer_type, NAME_MAX, false)?
                .and_then(|text| CancerType::from_text(&text));
        let appointment = field::optional_date(Field::AppointmentDate, form.appointment)?;
        if appointment
            .is_some_and(|day| day.year() < today.year() - 1 || day.year() > today.year() + 5)
        {
            return Err(FieldError::ImplausibleDate {
                field: Field::AppointmentDate,
                why: "is more than a year in the past or five years ahead",
            });
        }
        Ok(CaseDetails {
            patient_name,
            date_of_birth,
            cancer_type,
            reason: field::optional_text(Field::Reason, form.reason, REASON_MAX, true)?,
            provider: field::optional_text(Field::Provider, form.provider, PROVIDER_MAX, false)?,
            appointment,
            concerns: distinct_concerns(form.concerns)?,
        })
    }
}

/// One concern as typed, checked: trimmed, not blank, at most [`CONCERN_MAX`] characters,
/// one line.
pub fn concern_text(text: &str) -> Result<String, FieldError> {
    field::required_text(Field::Concern, text, CONCERN_MAX, false)
}

/// Whether two concerns say the same, ignoring case and spacing.
pub fn same_concern(a: &str, b: &str) -> bool {
    let words = |text: &str| {
        text.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// The concerns checked, a repeated one kept once (the first time it was given).
fn distinct_concerns(typed: &[String]) -> Result<Vec<String>, FieldError> {
    let mut concerns: Vec<String> = Vec::new();
    for text in typed {
        let text = concern_text(text)?;
        if !concerns.iter().any(|kept| same_concern(kept, &text)) {
            concerns.push(text);
        }
    }
    Ok(concerns)
}

/// A stored second-opinion case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case's id.
    pub id: Id,
    /// Who the records are about.
    pub patient: Patient,
    /// The kind of cancer, if known.
    pub cancer_type: Option<CancerType>,
    /// What the second opinion is for.
    pub reason: Option<String>,
    /// The provider the packet is for.
    pub provider: Option<String>,
    /// The appointment date.
    pub appointment: Option<NaiveDate>,
    /// Where the case stands.
    pub status: CaseStatus,
    /// When the case was started.
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_full_form_is_validated_and_normalised() {
        let form = CaseForm {
            patient_name: "  Maria Gonzalez ",
            date_of_birth: Some("1961-04-30"),
            cancer_type: Some("invasive ductal carcinoma"),
            reason: Some("Is a mastectomy really needed?\nSurgeon says yes."),
            provider: Some(""),
            appointment: Some("2026-12-10"),
            concerns: &[
                " keeping my hair ".into(),
                "Keeping  my HAIR".into(),
                "my work".into(),
            ],
        };
        let details = CaseDetails::from_form(&form, today()).unwrap();
        assert_eq!(details.patient_name, "Maria Gonzalez");
        assert_eq!(details.cancer_type, Some(CancerType::Breast));
        assert_eq!(details.provider, None);
        assert_eq!(details.appointment, NaiveDate::from_ymd_opt(2026, 12, 10));
        assert_eq!(details.concerns, ["keeping my hair", "my work"]);
    }

    #[test]
    fn a_blank_long_or_two_line_concern_is_refused_naming_the_field() {
        for bad in ["  ", "two\nlines", &"a".repeat(CONCERN_MAX + 1)] {
            let concerns = [bad.to_owned()];
            let form = CaseForm {
                patient_name: "Ann Lee",
                concerns: &concerns,
                ..CaseForm::default()
            };
            let err = CaseDetails::from_form(&form, today()).unwrap_err();
            assert!(err.to_string().contains("concern"), "{err}");
        }
        assert!(concern_text(&"a".repeat(CONCERN_MAX)).is_ok());
    }

    #[test]
    fn only_the_name_is_required() {
        let form = CaseForm {
            patient_name: "Ann Lee",
            ..CaseForm::default()
        };
        let details = CaseDetails::from_form(&form, today()).unwrap();
        assert_eq!(details.cancer_type, None);
        let blank = CaseForm::default();
        assert_eq!(
            CaseDetails::from_form(&blank, today()),
            Err(FieldError::Missing(Field::PatientName))
        );
    }

    #[test]
    fn implausible_dates_are_refused_with_the_reason() {
        let future = CaseForm {
            patient_name: "Ann Lee",
            date_of_birth: Some("2030-01-01"),
            ..CaseForm::default()
        };
        let err = CaseDetails::from_form(&future, today()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The date of birth is in the future: please check it."
        );
        let ancient = CaseForm {
            date_of_birth: Some("1850-01-01"),
            ..future.clone()
        };
        assert!(CaseDetails::from_form(&ancient, today()).is_err());
        let far = CaseForm {
            date_of_birth: None,
            appointment: Some("2099-01-01"),
            ..future
        };
        assert!(CaseDetails::from_form(&far, today()).is_err());
    }

    #[test]
    fn status_slugs_round_trip() {
        for status in [
            CaseStatus::Gathering,
            CaseStatus::Exported,
            CaseStatus::Closed,
        ] {
            assert_eq!(CaseStatus::from_slug(status.slug()), Some(status));
        }
        assert_eq!(CaseStatus::from_slug("nonsense"), None);
    }
}
