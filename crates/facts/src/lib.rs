//! Category, date and key facts of a medical document, from its text. No I/O.
//!
//! The text arrives as pages, as PDF extraction or OCR produced it: stray spaces inside tokens
//! (`STA GE IIA`, `Ki- 67 : 2 0 %`) and words broken over lines are expected. Every fact keeps
//! the page and the exact words it came from, so a person can check it. Fact names and value
//! formats follow `docs/facts.md`.

mod classify;
mod date;
mod fact;
mod facts;
mod normalise;

use chrono::NaiveDate;
use serde::Serialize;

pub use fact::{Fact, FactName};

use normalise::Document;

/// What a document is and what it says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Understanding {
    /// The kind of record, with how sure and why.
    pub category: Classification,
    /// Every key fact found: the date first, then identity, disease, staging, markers, labs
    /// and advice.
    pub facts: Vec<Fact>,
}

impl Understanding {
    /// The document date, when one was found.
    pub fn document_date(&self) -> Option<NaiveDate> {
        self.facts
            .iter()
            .find(|fact| fact.name == FactName::DocumentDate)
            .and_then(|fact| NaiveDate::parse_from_str(&fact.value, "%Y-%m-%d").ok())
    }

    /// Whether the document date could also be read the other way round (DD/MM or MM/DD).
    pub fn date_is_ambiguous(&self) -> bool {
        self.facts
            .iter()
            .any(|fact| fact.name == FactName::DocumentDateAmbiguous)
    }
}

/// The category a document most likely belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    /// The category (never [`carryall_domain::Category::ScanDisc`]: that is not text).
    #[serde(serialize_with = "serialize_category")]
    pub category: carryall_domain::Category,
    /// How sure, from 0.0 to 1.0.
    pub confidence: f32,
    /// The words that decided it, strongest first.
    pub evidence: Vec<String>,
}

fn serialize_category<S: serde::Serializer>(
    category: &carryall_domain::Category,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(category.slug())
}

/// Classifies a document and extracts its facts (pages in order, page 1 first).
pub fn understand(pages: &[&str]) -> Understanding {
    let document = Document::new(pages);
    Understanding {
        category: classify::classify(&document),
        facts: facts::extract(&document),
    }
}

/// The category of a document (pages in order, page 1 first).
pub fn classify(pages: &[&str]) -> Classification {
    classify::classify(&Document::new(pages))
}

/// The key facts of a document, including `document_date` (pages in order, page 1 first).
pub fn extract_facts(pages: &[&str]) -> Vec<Fact> {
    facts::extract(&Document::new(pages))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATHOLOGY: [&str; 2] = [
        "TATA MEMORIAL HOSPITAL\nSURGICAL PATHOLOGY REPORT\nPatient Name : प्रिया शर्मा   Age: 45\nDOB: 04/03/1980\nReported on: 1 5/09/2025\nInvasive ductal carci-\nnoma, Nottingham Grade: II\np T2 N1a M0, STA GE IIA",
        "Estrogen Receptor (ER): Positive\nHER 2/neu (IHC): Score 2+ (Equivocal)\nKi- 67 : 2 0 %",
    ];

    fn check(pages: &[&str], name: &str, expected: (&str, u32, &str)) {
        let facts = extract_facts(pages);
        let fact = facts.iter().find(|f| f.name() == name);
        let found = fact.map(|f| (f.value.as_str(), f.page, f.snippet.as_str()));
        assert_eq!(found, Some(expected), "{name} in {facts:#?}");
    }

    #[test]
    fn facts_keep_their_page_and_words() {
        check(
            &PATHOLOGY,
            "document_date",
            ("2025-09-15", 1, "Reported on: 1 5/09/2025"),
        );
        check(
            &PATHOLOGY,
            "patient_name",
            ("प्रिया शर्मा", 1, "Patient Name : प्रिया शर्मा"),
        );
        check(&PATHOLOGY, "tnm", ("pT2N1aM0", 1, "p T2 N1a M0"));
        check(&PATHOLOGY, "stage", ("IIA", 1, "STA GE IIA"));
        check(
            &PATHOLOGY,
            "histology",
            (
                "invasive ductal carcinoma",
                1,
                "Invasive ductal carci-\nnoma",
            ),
        );
        check(
            &PATHOLOGY,
            "er",
            ("positive", 2, "Estrogen Receptor (ER): Positive"),
        );
        check(
            &PATHOLOGY,
            "her2",
            ("equivocal", 2, "HER 2/neu (IHC): Score 2+ (Equivocal)"),
        );
        check(&PATHOLOGY, "ki67", ("20%", 2, "Ki- 67 : 2 0 %"));
    }

    #[test]
    fn understanding_gives_category_and_date() {
        let understood = understand(&PATHOLOGY);
        assert_eq!(
            understood.category.category,
            carryall_domain::Category::Pathology
        );
        assert!(understood.category.confidence > 0.5);
        assert_eq!(
            understood.document_date(),
            NaiveDate::from_ymd_opt(2025, 9, 15)
        );
        assert!(!understood.date_is_ambiguous());

        let ambiguous = understand(&["Date: 04/05/2025"]);
        assert_eq!(
            ambiguous.document_date(),
            NaiveDate::from_ymd_opt(2025, 5, 4)
        );
        assert!(ambiguous.date_is_ambiguous());
        assert_eq!(understand(&[]).document_date(), None);
    }

    #[test]
    fn serialises_names_as_strings() {
        let understood = understand(&["BI-RADS Category 4B"]);
        let json = serde_json::to_value(&understood).unwrap();
        assert_eq!(json["category"]["category"], "imaging");
        assert_eq!(json["facts"][0]["name"], "birads");
        assert_eq!(json["facts"][0]["value"], "4B");
    }

    #[test]
    fn every_name_is_distinct_snake_case() {
        let names: Vec<&str> = FactName::ALL.iter().map(|n| n.as_str()).collect();
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert!(names.iter().all(|n| {
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
        }));
    }
}
