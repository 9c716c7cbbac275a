//! A key fact found in a document, and the names facts go by (see `docs/facts.md`).

use serde::Serialize;

/// The name of a key fact; [`FactName::as_str`] gives the name used in `docs/facts.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FactName {
    /// `document_date`: the report, collection or visit date.
    DocumentDate,
    /// `document_date_ambiguous`: the other reading of a DD/MM vs MM/DD date.
    DocumentDateAmbiguous,
    /// `document_type`: the title the document gives itself.
    DocumentType,
    /// `facility`: the hospital, lab or clinic that issued it.
    Facility,
    /// `patient_name`: the patient's name as printed.
    PatientName,
    /// `date_of_birth`: the patient's date of birth.
    DateOfBirth,
    /// `cancer_type`: breast, prostate, lung, colorectal, blood, brain or other.
    CancerType,
    /// `site`: where in the body.
    Site,
    /// `laterality`: left, right or bilateral.
    Laterality,
    /// `histology`: the tumour type.
    Histology,
    /// `grade`: histological grade 1 to 3.
    Grade,
    /// `tnm`: TNM classification.
    Tnm,
    /// `stage`: AJCC or overall stage group.
    Stage,
    /// `er`: oestrogen receptor status.
    Er,
    /// `pr`: progesterone receptor status.
    Pr,
    /// `her2`: HER2 status.
    Her2,
    /// `her2_ihc`: HER2 immunohistochemistry score.
    Her2Ihc,
    /// `her2_fish`: HER2 FISH / ISH result.
    Her2Fish,
    /// `ki67`: Ki-67 index.
    Ki67,
    /// `gleason`: Gleason score.
    Gleason,
    /// `grade_group`: ISUP / WHO grade group.
    GradeGroup,
    /// `psa`: PSA value.
    Psa,
    /// `birads`: BI-RADS assessment category.
    Birads,
    /// `tumour_size`: largest tumour dimension.
    TumourSize,
    /// `nodes`: positive / examined lymph nodes.
    Nodes,
    /// `margins`: surgical margin status.
    Margins,
    /// `lab_out_of_range`: a lab value flagged high or low.
    LabOutOfRange,
    /// `proposed_treatment`: the treatment advised.
    ProposedTreatment,
}

impl FactName {
    /// Every fact name, in the order of `docs/facts.md`.
    pub const ALL: [FactName; 28] = [
        FactName::DocumentDate,
        FactName::DocumentDateAmbiguous,
        FactName::DocumentType,
        FactName::Facility,
        FactName::PatientName,
        FactName::DateOfBirth,
        FactName::CancerType,
        FactName::Site,
        FactName::Laterality,
        FactName::Histology,
        FactName::Grade,
        FactName::Tnm,
        FactName::Stage,
        FactName::Er,
        FactName::Pr,
        FactName::Her2,
        FactName::Her2Ihc,
        FactName::Her2Fish,
        FactName::Ki67,
        FactName::Gleason,
        FactName::GradeGroup,
        FactName::Psa,
        FactName::Birads,
        FactName::TumourSize,
        FactName::Nodes,
        FactName::Margins,
        FactName::LabOutOfRange,
        FactName::ProposedTreatment,
    ];

    /// The name as written in `docs/facts.md`.
    pub fn as_str(self) -> &'static str {
        match self {
            FactName::DocumentDate => "document_date",
            FactName::DocumentDateAmbiguous => "document_date_ambiguous",
            FactName::DocumentType => "document_type",
            FactName::Facility => "facility",
            FactName::PatientName => "patient_name",
            FactName::DateOfBirth => "date_of_birth",
            FactName::CancerType => "cancer_type",
            FactName::Site => "site",
            FactName::Laterality => "laterality",
            FactName::Histology => "histology",
            FactName::Grade => "grade",
            FactName::Tnm => "tnm",
            FactName::Stage => "stage",
            FactName::Er => "er",
            FactName::Pr => "pr",
            FactName::Her2 => "her2",
            FactName::Her2Ihc => "her2_ihc",
            FactName::Her2Fish => "her2_fish",
            FactName::Ki67 => "ki67",
            FactName::Gleason => "gleason",
            FactName::GradeGroup => "grade_group",
            FactName::Psa => "psa",
            FactName::Birads => "birads",
            FactName::TumourSize => "tumour_size",
            FactName::Nodes => "nodes",
            FactName::Margins => "margins",
            FactName::LabOutOfRange => "lab_out_of_range",
            FactName::ProposedTreatment => "proposed_treatment",
        }
    }
}

impl Serialize for FactName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One fact, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Which fact.
    pub name: FactName,
    /// The value in the canonical form of `docs/facts.md`.
    pub value: String,
    /// The page it was found on, 1-based.
    pub page: u32,
    /// The document's own words it came from (at most about 160 characters).
    pub snippet: String,
}

impl Fact {
    /// The fact's name as written in `docs/facts.md`.
    pub fn name(&self) -> &'static str {
        self.name.as_str()
    }
}
