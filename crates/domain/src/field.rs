//! Checks for what people type into forms: names, free text and dates.
//!
//! Text is trimmed, may not be empty where it is required, is bounded in length, and may not
//! hold control characters (which could hide text in logs, file names or the printed packet).

use chrono::NaiveDate;

/// Which form field a problem is in, named as the form names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The patient's full name.
    PatientName,
    /// The patient's date of birth.
    DateOfBirth,
    /// The kind of cancer.
    CancerType,
    /// What the second opinion is for.
    Reason,
    /// The provider giving the second opinion.
    Provider,
    /// The appointment date.
    AppointmentDate,
    /// Who a missing record was asked for.
    RequestedFrom,
    /// Why a checklist item does not apply.
    NotApplicableReason,
    /// One of the person's concerns.
    Concern,
}

impl Field {
    /// The field's name as a person sees it on the form.
    pub fn label(self) -> &'static str {
        match self {
            Field::PatientName => "patient's name",
            Field::DateOfBirth => "date of birth",
            Field::CancerType => "type of cancer",
            Field::Reason => "what the second opinion is for",
            Field::Provider => "second-opinion provider",
            Field::AppointmentDate => "appointment date",
            Field::RequestedFrom => "name of who you asked",
            Field::NotApplicableReason => "reason it does not apply",
            Field::Concern => "concern",
        }
    }
}

/// A problem with what was typed into one field; the message says how to put it right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    /// A required field is blank.
    #[error("Please fill in the {}.", .0.label())]
    Missing(Field),
    /// The text is longer than the field allows.
    #[error("The {} is too long: please keep it under {max} characters.", .field.label())]
    TooLong {
        /// The field.
        field: Field,
        /// The most characters allowed.
        max: usize,
    },
    /// The text holds invisible control characters.
    #[error("The {} contains invisible control characters: please retype it.", .0.label())]
    ControlCharacters(Field),
    /// A date is not written as a date.
    #[error("The {} should be a date written as year-month-day, for example 1961-04-30.", .0.label())]
    NotADate(Field),
    /// A date lies where it cannot be (a birth date in the future, say).
    #[error("The {} {why}: please check it.", .field.label())]
    ImplausibleDate {
        /// The field.
        field: Field,
        /// What is wrong with the date, in words.
        why: &'static str,
    },
}

/// Trims `value` and checks it is non-empty, at most `max` characters and free of control
/// characters (line breaks are allowed only where `multiline`).
pub fn required_text(
    field: Field,
    value: &str,
    max: usize,
    multiline: bool,
) -> Result<String, FieldError> {
    optional_text(field, Some(value), max, multiline)?.ok_or(FieldError::Missing(field))
}

/// Like [`required_text`], but blank or absent text becomes `None`.
pub fn optional_text(
    field: Field,
    value: Option<&str>,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, FieldError> {
    let Some(trimmed) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if trimmed.chars().count() > max {
        return Err(FieldError::TooLong { field, max });
    }
    let allowed = |c: char| multiline && (c == '\n' || c == '\t' || c == '\r');
    if trimmed.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(FieldError::ControlCharacters(field));
    }
    Ok(Some(trimmed.to_owned()))
}

/// Parses an ISO 8601 calendar date (`YYYY-MM-DD`); blank means none.
pub fn optional_date(field: Field, value: Option<&str>) -> Result<Option<NaiveDate>, FieldError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| FieldError::NotADate(field)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_blank_is_none() {
        assert_eq!(
            optional_text(Field::Provider, Some("  Mayo  "), 10, false),
            Ok(Some("Mayo".into()))
        );
        assert_eq!(
            optional_text(Field::Provider, Some("   "), 10, false),
            Ok(None)
        );
        assert_eq!(
            required_text(Field::PatientName, " ", 10, false),
            Err(FieldError::Missing(Field::PatientName))
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(required_text(Field::PatientName, "Zoë Ångström", 12, false).is_ok());
        assert_eq!(
            required_text(Field::PatientName, "Zoë Ångström!", 12, false),
            Err(FieldError::TooLong {
                field: Field::PatientName,
                max: 12
            })
        );
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_allowed_in_multiline() {
        assert_eq!(
            required_text(Field::PatientName, "Ann\u{1b}[31m", 50, false),
            Err(FieldError::ControlCharacters(Field::PatientName))
        );
        assert!(required_text(Field::Reason, "line one\nline two", 50, true).is_ok());
        assert!(required_text(Field::PatientName, "line one\nline two", 50, false).is_err());
    }

    #[test]
    fn dates_must_be_iso() {
        assert_eq!(
            optional_date(Field::DateOfBirth, Some("1961-04-30")),
            Ok(NaiveDate::from_ymd_opt(1961, 4, 30))
        );
        assert_eq!(optional_date(Field::DateOfBirth, Some("")), Ok(None));
        assert_eq!(
            optional_date(Field::DateOfBirth, Some("30/04/1961")),
            Err(FieldError::NotADate(Field::DateOfBirth))
        );
        let message = FieldError::NotADate(Field::DateOfBirth).to_string();
        assert!(message.contains("date of birth"), "{message}");
    }
}
