//! Reading single attributes from a parsed data set, tolerating absent or malformed values.

use dicom_dictionary_std::tags;
use dicom_object::{InMemDicomObject, Tag};

use crate::summary::PatientSummary;
use crate::values::display_name;

/// The attribute as trimmed text; `None` when absent, empty or not text.
pub(crate) fn text(object: &InMemDicomObject, tag: Tag) -> Option<String> {
    let value = object.get(tag)?.to_str().ok()?;
    let value = value.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    (!value.is_empty()).then(|| value.to_owned())
}

/// The attribute's values as trimmed text (e.g. the components of a file ID).
pub(crate) fn texts(object: &InMemDicomObject, tag: Tag) -> Vec<String> {
    let Some(values) = object
        .get(tag)
        .and_then(|element| element.to_multi_str().ok())
    else {
        return Vec::new();
    };
    values
        .iter()
        .map(|value| {
            value
                .trim_matches(|c: char| c.is_whitespace() || c == '\0')
                .to_owned()
        })
        .collect()
}

/// The attribute as an integer; `None` when absent, not a number or out of range for `T`.
pub(crate) fn integer<T: TryFrom<i64>>(object: &InMemDicomObject, tag: Tag) -> Option<T> {
    let value = object.get(tag)?.to_int::<i64>().ok()?;
    T::try_from(value).ok()
}

/// The patient named by the data set's Patient's Name and Patient ID.
pub(crate) fn patient(object: &InMemDicomObject) -> PatientSummary {
    PatientSummary {
        name: text(object, tags::PATIENT_NAME)
            .map(|name| display_name(&name))
            .unwrap_or_default(),
        id: text(object, tags::PATIENT_ID),
    }
}
