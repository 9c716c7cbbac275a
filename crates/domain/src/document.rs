//! Documents in a case: what kind of record each is (its category) and what is known about
//! the file it came from.

use chrono::{DateTime, NaiveDate, Utc};

use crate::id::Id;
use crate::media::MediaType;

/// What kind of record a document is; drives the checklist and the packet's folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Biopsy or surgical pathology, cytology, IHC/FISH reports.
    Pathology,
    /// Radiology reports (CT, MRI, PET, mammogram, ultrasound).
    Imaging,
    /// The images themselves, as DICOM (a scan disc).
    ScanDisc,
    /// Blood tests and tumour markers.
    Lab,
    /// Discharge summaries and inpatient records.
    Discharge,
    /// Consult notes, treatment advice, tumour-board notes.
    TreatmentPlan,
    /// Genetic and molecular profiling.
    Genomic,
    /// Operative notes, chemotherapy and radiation records.
    TreatmentHistory,
    /// Medication lists and prescriptions.
    Medication,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in the packet's folder order.
    pub const ALL: [Category; 10] = [
        Category::Pathology,
        Category::Imaging,
        Category::ScanDisc,
        Category::Lab,
        Category::Discharge,
        Category::TreatmentPlan,
        Category::Genomic,
        Category::TreatmentHistory,
        Category::Medication,
        Category::Other,
    ];

    /// The stable short name (`pathology`, `scan_disc`, ...).
    pub fn slug(self) -> &'static str {
        match self {
            Category::Pathology => "pathology",
            Category::Imaging => "imaging",
            Category::ScanDisc => "scan_disc",
            Category::Lab => "lab",
            Category::Discharge => "discharge",
            Category::TreatmentPlan => "treatment_plan",
            Category::Genomic => "genomic",
            Category::TreatmentHistory => "treatment_history",
            Category::Medication => "medication",
            Category::Other => "other",
        }
    }

    /// The category a slug names; accepts `-` for `_` and any letter case.
    pub fn from_slug(slug: &str) -> Option<Category> {
        let wanted = slug.trim().to_ascii_lowercase().replace('-', "_");
        Category::ALL.into_iter().find(|c| c.slug() == wanted)
    }

    /// A plain-language name to show a person.
    pub fn label(self) -> &'static str {
        match self {
            Category::Pathology => "Pathology or biopsy report",
            Category::Imaging => "Imaging report",
            Category::ScanDisc => "Scan images (DICOM)",
            Category::Lab => "Blood tests",
            Category::Discharge => "Discharge papers",
            Category::TreatmentPlan => "Treatment advice or plan",
            Category::Genomic => "Genetic or molecular results",
            Category::TreatmentHistory => "Treatment history",
            Category::Medication => "Medications",
            Category::Other => "Other",
        }
    }
}

/// Who decided a document's category. A person's choice is never overwritten by detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategorySource {
    /// Nobody yet: the category is [`Category::Other`] by default.
    Unset,
    /// Detected from the document's content.
    Detected,
    /// Chosen by a person.
    User,
}

impl CategorySource {
    /// The stable short name.
    pub fn slug(self) -> &'static str {
        match self {
            CategorySource::Unset => "none",
            CategorySource::Detected => "detected",
            CategorySource::User => "user",
        }
    }

    /// The source a slug names.
    pub fn from_slug(slug: &str) -> Option<CategorySource> {
        [
            CategorySource::Unset,
            CategorySource::Detected,
            CategorySource::User,
        ]
        .into_iter()
        .find(|s| s.slug() == slug)
    }
}

/// A SHA-256 digest, as 64 lower-case hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256Hex(String);

impl Sha256Hex {
    /// Writes a raw 32-byte digest as hex.
    pub fn from_digest(digest: &[u8; 32]) -> Sha256Hex {
        Sha256Hex(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Checks text is 64 hex digits (either case) and normalises it to lower case.
    pub fn parse(text: &str) -> Option<Sha256Hex> {
        (text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Sha256Hex(text.to_ascii_lowercase()))
    }

    /// The hex text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Sha256Hex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A document stored in a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The document's id.
    pub id: Id,
    /// The case it belongs to.
    pub case_id: Id,
    /// The SHA-256 of its bytes, which also names the stored file.
    pub sha256: Sha256Hex,
    /// The file's name when it was imported (the folder is not kept).
    pub original_name: String,
    /// Size in bytes.
    pub size: u64,
    /// The original file's modification time, when the file system told it.
    pub modified_at: Option<DateTime<Utc>>,
    /// What the content is, sniffed from its bytes.
    pub media_type: MediaType,
    /// What kind of record it is.
    pub category: Category,
    /// Who decided the category.
    pub category_source: CategorySource,
    /// How sure the detection was (0 to 1), when detected.
    pub category_confidence: Option<f64>,
    /// The date the record is from (report or collection date), when known.
    pub document_date: Option<NaiveDate>,
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_slugs_round_trip_and_forgive_dashes_and_case() {
        for c in Category::ALL {
            assert_eq!(Category::from_slug(c.slug()), Some(c));
        }
        assert_eq!(
            Category::from_slug("Treatment-Plan"),
            Some(Category::TreatmentPlan)
        );
        assert_eq!(Category::from_slug("x-ray"), None);
    }

    #[test]
    fn sha256_hex_is_validated_and_lower_cased() {
        let digest = [0xABu8; 32];
        let hex = Sha256Hex::from_digest(&digest);
        assert_eq!(hex.as_str(), "ab".repeat(32));
        assert_eq!(Sha256Hex::parse(&"AB".repeat(32)), Some(hex));
        assert_eq!(Sha256Hex::parse("abc"), None);
        assert_eq!(Sha256Hex::parse(&"zz".repeat(32)), None);
    }
}
