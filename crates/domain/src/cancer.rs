//! The kind of cancer a case is about, as far as the checklist and questions need to know it.
//!
//! People write the same cancer many ways ("bowel", "colon", "CRC"); the common ones are mapped
//! to a kind that selects checklist and question variants. Anything else is kept in the
//! person's own words as [`CancerType::Other`].

/// The kind of cancer a case is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancerType {
    /// Breast cancer.
    Breast,
    /// Prostate cancer.
    Prostate,
    /// Lung cancer.
    Lung,
    /// Colorectal (bowel) cancer.
    Colorectal,
    /// Blood cancers: leukaemia, lymphoma, myeloma.
    Blood,
    /// Brain and spinal cord tumours.
    Brain,
    /// Any other cancer, in the words it was given in.
    Other(String),
}

/// Words (lower case) that name each kind; matched against whole words of the input.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("breast", &["breast", "dcis", "lobular", "ductal"]),
    ("prostate", &["prostate", "prostatic"]),
    (
        "lung",
        &["lung", "nsclc", "sclc", "pulmonary", "mesothelioma"],
    ),
    (
        "colorectal",
        &["colorectal", "bowel", "colon", "rectal", "rectum", "crc"],
    ),
    (
        "blood",
        &[
            "blood",
            "leukemia",
            "leukaemia",
            "lymphoma",
            "myeloma",
            "hodgkin",
            "aml",
            "all",
            "cll",
            "cml",
        ],
    ),
    (
        "brain",
        &[
            "brain",
            "glioma",
            "glioblastoma",
            "gbm",
            "astrocytoma",
            "meningioma",
            "medulloblastoma",
        ],
    ),
];

impl CancerType {
    /// Reads a cancer type from free text: a known kind when a word names one, else the text
    /// itself. `None` for blank text.
    pub fn from_text(text: &str) -> Option<CancerType> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return None;
        }
        let lower = trimmed.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let kind = SYNONYMS
            .iter()
            .find(|(_, names)| words.iter().any(|w| names.contains(w)))
            .map(|(slug, _)| *slug);
        Some(match kind {
            Some(slug) => CancerType::from_slug(slug),
            None => CancerType::Other(trimmed.to_owned()),
        })
    }

    /// The kind named by a stored slug (the inverse of [`CancerType::slug`] for known kinds).
    pub fn from_slug(slug: &str) -> CancerType {
        match slug {
            "breast" => CancerType::Breast,
            "prostate" => CancerType::Prostate,
            "lung" => CancerType::Lung,
            "colorectal" => CancerType::Colorectal,
            "blood" => CancerType::Blood,
            "brain" => CancerType::Brain,
            other => CancerType::Other(other.to_owned()),
        }
    }

    /// A stable short name for storage and for selecting checklist variants; for
    /// [`CancerType::Other`], the text as given.
    pub fn slug(&self) -> &str {
        match self {
            CancerType::Breast => "breast",
            CancerType::Prostate => "prostate",
            CancerType::Lung => "lung",
            CancerType::Colorectal => "colorectal",
            CancerType::Blood => "blood",
            CancerType::Brain => "brain",
            CancerType::Other(text) => text,
        }
    }

    /// A plain-language name to show a person.
    pub fn label(&self) -> &str {
        match self {
            CancerType::Breast => "Breast cancer",
            CancerType::Prostate => "Prostate cancer",
            CancerType::Lung => "Lung cancer",
            CancerType::Colorectal => "Bowel (colorectal) cancer",
            CancerType::Blood => "Blood cancer (leukaemia, lymphoma or myeloma)",
            CancerType::Brain => "Brain tumour",
            CancerType::Other(text) => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<CancerType>) {
        assert_eq!(CancerType::from_text(input), expected, "input {input:?}");
    }

    #[test]
    fn common_names_map_to_kinds() {
        check("breast", Some(CancerType::Breast));
        check("Invasive ductal carcinoma", Some(CancerType::Breast));
        check("Prostate adenocarcinoma", Some(CancerType::Prostate));
        check("NSCLC", Some(CancerType::Lung));
        check("bowel cancer", Some(CancerType::Colorectal));
        check("Non-Hodgkin lymphoma", Some(CancerType::Blood));
        check("Glioblastoma (GBM)", Some(CancerType::Brain));
    }

    #[test]
    fn unknown_names_are_kept_as_typed_and_blank_is_none() {
        check(
            " Ocular melanoma ",
            Some(CancerType::Other("Ocular melanoma".into())),
        );
        check("   ", None);
        // "all" is a word match only, never a substring of another word.
        check("small cell", Some(CancerType::Other("small cell".into())));
    }

    #[test]
    fn slugs_round_trip() {
        for kind in [
            CancerType::Breast,
            CancerType::Prostate,
            CancerType::Lung,
            CancerType::Colorectal,
            CancerType::Blood,
            CancerType::Brain,
            CancerType::Other("sarcoma".into()),
        ] {
            assert_eq!(CancerType::from_slug(kind.slug()), kind);
        }
    }
}
