//! What a packet carries besides the documents' bytes: what was read from each document (its
//! text and key facts), each scan disc's files and studies, and the case's question list. The
//! caller fills these in from wherever it keeps them; the checklist comes as
//! `carryall-checklist` evaluated it.

use std::io;

use carryall_domain::{Document, Sha256Hex};
use chrono::NaiveDate;

/// What was read from one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentReading {
    /// Where the text came from: `pdf`, `ocr` or `none`; `None` while not read yet.
    pub text_source: Option<String>,
    /// Why there is no (or only partial) text, in plain words.
    pub text_error: Option<String>,
    /// Mean OCR confidence (0 to 100) when OCR read any of it.
    pub ocr_confidence: Option<f64>,
    /// Its pages, in order (their text comes from a [`PageSource`] when the text file is
    /// written, so a case's text is never all in memory at once).
    pub pages: Vec<TextPage>,
    /// The key facts found, in page order.
    pub facts: Vec<Fact>,
}

impl DocumentReading {
    /// Whether there is any text worth a text file.
    pub fn has_text(&self) -> bool {
        self.pages.iter().any(|page| page.has_text)
    }
}

/// One page of a document's extracted text, without the text itself.
#[derive(Debug, Clone, PartialEq)]
pub struct TextPage {
    /// 1-based page number.
    pub number: u32,
    /// OCR read it from an image.
    pub from_ocr: bool,
    /// Whether it holds any text other than white space.
    pub has_text: bool,
}

/// Where the documents' extracted text comes from, one page at a time.
pub trait PageSource {
    /// The text of one of the pages `document`'s reading lists.
    fn page_text(&self, document: &Document, page: &TextPage) -> io::Result<String>;
}

/// A key fact with where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The fact's name (`grade`, `er`, ...).
    pub name: String,
    /// Its value in canonical form.
    pub value: String,
    /// The page it is on.
    pub page: Option<u32>,
    /// The words it came from.
    pub snippet: String,
}

/// A scan disc's files and what was read from them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Disc {
    /// Every file of the disc, with its path on the disc.
    pub files: Vec<DiscFile>,
    /// The patients the disc names, for display.
    pub patients: Vec<String>,
    /// Its studies, by date; empty while not read.
    pub studies: Vec<DiscStudy>,
}

/// One file of a scan disc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscFile {
    /// Its path relative to the disc's top folder, parts separated by `/`.
    pub path: String,
    /// The SHA-256 recorded when it was imported.
    pub sha256: Sha256Hex,
    /// Its size in bytes.
    pub size: u64,
}

/// One study on a scan disc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscStudy {
    /// Whose study it is.
    pub patient_name: String,
    /// The study date.
    pub date: Option<NaiveDate>,
    /// The study description.
    pub description: Option<String>,
    /// The modalities of its series, each once, in series order.
    pub modalities: Vec<String>,
    /// The body parts of its series, each once, in series order.
    pub body_parts: Vec<String>,
    /// Its series, in order.
    pub series: Vec<DiscSeries>,
}

impl DiscStudy {
    /// How many images its series hold.
    pub fn images(&self) -> u64 {
        self.series.iter().map(|s| s.images).sum()
    }
}

/// One series of a study: a set of images made together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscSeries {
    /// The modality, e.g. `CT`.
    pub modality: Option<String>,
    /// The series description.
    pub description: Option<String>,
    /// The body part examined.
    pub body_part: Option<String>,
    /// How many images it holds.
    pub images: u64,
}

/// One question for the specialist, as the person left the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The question's id.
    pub id: String,
    /// The words.
    pub text: String,
    /// Its theme's id (`own` for the person's own).
    pub theme: String,
    /// Why it was suggested; `None` for the person's own.
    pub reason: Option<String>,
    /// The id of the document it came from, if any.
    pub source_document: Option<String>,
    /// Starred as most important.
    pub starred: bool,
    /// The person wrote it.
    pub user_written: bool,
}

/// The questions as they are printed: starred ones first, each group in the person's order.
pub fn in_print_order(questions: &[Question]) -> Vec<&Question> {
    let mut ordered: Vec<&Question> = questions.iter().collect();
    ordered.sort_by_key(|q| !q.starred);
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, starred: bool) -> Question {
        Question {
            id: id.into(),
            text: id.into(),
            theme: "t".into(),
            reason: None,
            source_document: None,
            starred,
            user_written: false,
        }
    }

    #[test]
    fn starred_questions_come_first_in_the_persons_order() {
        let list = [
            question("a", false),
            question("b", true),
            question("c", false),
            question("d", true),
        ];
        let ids: Vec<&str> = in_print_order(&list)
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(ids, ["b", "d", "a", "c"]);
    }

    #[test]
    fn pages_without_text_are_no_text() {
        let mut reading = DocumentReading::default();
        assert!(!reading.has_text());
        let page = |number, has_text| TextPage {
            number,
            from_ocr: false,
            has_text,
        };
        reading.pages.push(page(1, false));
        assert!(!reading.has_text());
        reading.pages.push(page(2, true));
        assert!(reading.has_text());
    }
}
