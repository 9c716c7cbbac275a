//! What was read from each document: its text (page by page, indexed for search), the
//! category and date found in it, and its key facts with where they came from.

use std::collections::HashMap;

use carryall_domain::{Category, Document, Id};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use crate::documents::{SELECT_DOCUMENT, read_document};
use crate::{Store, StoreError};

/// One page of extracted text.
#[derive(Debug, Clone, PartialEq)]
pub struct PageText {
    /// 1-based page number.
    pub number: u32,
    /// The text.
    pub text: String,
    /// Whether OCR read it.
    pub from_ocr: bool,
}

/// One page of a document's text, listed without the text.
#[derive(Debug, Clone, PartialEq)]
pub struct PageListing {
    /// 1-based page number.
    pub number: u32,
    /// Whether OCR read it.
    pub from_ocr: bool,
    /// Whether its text holds anything but white space.
    pub has_text: bool,
    /// Where its text is, for [`Store::page_text`].
    pub key: PageKey,
}

/// Where one page's text is in the store, valid until the document is read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageKey(i64);

/// A document's text, or why it has none.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRecord {
    /// `pdf`, `ocr` or `none`.
    pub source: String,
    /// Why there is no (or only partial) text, in plain words.
    pub error: Option<String>,
    /// Mean OCR confidence (0 to 100) when OCR read any of it.
    pub ocr_confidence: Option<f64>,
    /// The pages, in order.
    pub pages: Vec<PageText>,
}

/// A key fact found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct FactRow {
    /// The fact's name (`grade`, `er`, ... see docs/facts.md).
    pub name: String,
    /// Its value in canonical form.
    pub value: String,
    /// The page it is on.
    pub page: Option<u32>,
    /// The words it came from.
    pub snippet: String,
}

/// The category detected from a document's content.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectedCategory {
    /// The category.
    pub category: Category,
    /// How sure, 0 to 1.
    pub confidence: f64,
    /// The words that decided it.
    pub evidence: Vec<String>,
}

/// Everything learned from reading one document, recorded together.
#[derive(Debug, Clone, PartialEq)]
pub struct Understood<'a> {
    /// The document.
    pub document_id: &'a Id,
    /// Its text.
    pub text: &'a TextRecord,
    /// The category found, if any. A category a person chose is never replaced.
    pub category: Option<DetectedCategory>,
    /// The document's own date, if found.
    pub document_date: Option<NaiveDate>,
    /// The date could also be read the other way round (DD/MM vs MM/DD).
    pub date_ambiguous: bool,
    /// The key facts.
    pub facts: &'a [FactRow],
    /// Now.
    pub at: DateTime<Utc>,
}

/// What is known of a document's reading, for listing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    /// `pdf`, `ocr` or `none`; `None` while not read yet.
    pub text_source: Option<String>,
    /// Why there is no text.
    pub text_error: Option<String>,
    /// Mean OCR confidence.
    pub ocr_confidence: Option<f64>,
    /// The words that decided the detected category.
    pub category_evidence: Vec<String>,
    /// The date could be read two ways.
    pub date_ambiguous: bool,
    /// The key facts, in page order.
    pub facts: Vec<FactRow>,
}

/// A page that matched a search, with what a list of hits shows of its document.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The document.
    pub document_id: Id,
    /// The document's file name as it was imported.
    pub original_name: String,
    /// The page.
    pub page: u32,
    /// The words around the match, matches in `[` `]`.
    pub snippet: String,
}

impl Store {
    /// Records what reading a document found, replacing any earlier reading, in one
    /// transaction. The document must exist.
    pub fn record_understanding(&mut self, understood: &Understood<'_>) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        write_understanding(&tx, understood)?;
        tx.commit()?;
        Ok(())
    }

    /// A case's documents that have not been read yet, oldest first.
    pub fn documents_to_read(&self, case_id: &Id) -> Result<Vec<Document>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT_DOCUMENT} WHERE case_id = ?1
             AND NOT EXISTS (SELECT 1 FROM document_texts t WHERE t.document_id = documents.id)
             ORDER BY imported_at, rowid"
        ))?;
        let rows = stmt.query_map([case_id.as_str()], read_document)?;
        rows.map(|row| row?).collect()
    }

    /// Forgets what was read from a case's documents, so they are read again.
    pub fn forget_readings(&mut self, case_id: &Id) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for table in ["document_texts", "document_pages", "facts", "disc_readings"] {
            tx.execute(
                &format!(
                    "DELETE FROM {table}
                     WHERE document_id IN (SELECT id FROM documents WHERE case_id = ?1)"
                ),
                [case_id.as_str()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The pages of every read document of a case, by document, in page order, without their
    /// text (read each with [`Store::page_text`] when it is needed, so a case's text is never
    /// all in memory). One query for the whole case.
    pub fn case_page_list(
        &self,
        case_id: &Id,
    ) -> Result<HashMap<Id, Vec<PageListing>>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT p.id, p.document_id, p.page, p.from_ocr, p.text
             FROM document_pages p JOIN documents d ON d.id = p.document_id
             WHERE d.case_id = ?1",
        )?;
        let mut pages: HashMap<Id, Vec<PageListing>> = HashMap::new();
        let mut rows = stmt.query([case_id.as_str()])?;
        while let Some(row) = rows.next()? {
            let id = Id::parse(&row.get::<_, String>(1)?).map_err(|_| StoreError::Damaged {
                table: "document_pages",
                column: "document_id",
            })?;
            pages.entry(id).or_default().push(PageListing {
                number: row.get(2)?,
                from_ocr: row.get(3)?,
                has_text: !row.get::<_, String>(4)?.trim().is_empty(),
                key: PageKey(row.get(0)?),
            });
        }
        for list in pages.values_mut() {
            list.sort_by_key(|page| page.number);
        }
        Ok(pages)
    }

    /// The text of a page [`Store::case_page_list`] listed.
    pub fn page_text(&self, key: PageKey) -> Result<String, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT text FROM document_pages WHERE id = ?1")?;
        Ok(stmt.query_row([key.0], |row| row.get(0))?)
    }

    /// A document's text, when it has been read.
    pub fn document_text(&self, document_id: &Id) -> Result<Option<TextRecord>, StoreError> {
        let record = self
            .conn
            .query_row(
                "SELECT source, error, ocr_confidence FROM document_texts WHERE document_id = ?1",
                [document_id.as_str()],
                |row| Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((source, error, ocr_confidence)) = record else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare(
            "SELECT page, text, from_ocr FROM document_pages WHERE document_id = ?1 ORDER BY page",
        )?;
        let pages = stmt
            .query_map([document_id.as_str()], |row| {
                Ok(PageText {
                    number: row.get(0)?,
                    text: row.get(1)?,
                    from_ocr: row.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(TextRecord {
            source,
            error,
            ocr_confidence,
            pages,
        }))
    }

    /// What is known of the reading of each of a case's documents, by document id.
    pub fn readings(&self, case_id: &Id) -> Result<HashMap<Id, Reading>, StoreError> {
        let mut readings: HashMap<Id, Reading> = HashMap::new();
        let damaged = |column| StoreError::Damaged {
            table: "documents",
            column,
        };
        let mut stmt = self.conn.prepare(
            "SELECT d.id, t.source, t.error, t.ocr_confidence, d.category_evidence, d.date_ambiguous
             FROM documents d LEFT JOIN document_texts t ON t.document_id = d.id
             WHERE d.case_id = ?1",
        )?;
        let mut rows = stmt.query([case_id.as_str()])?;
        while let Some(row) = rows.next()? {
            let id = Id::parse(&row.get::<_, String>(0)?).map_err(|_| damaged("id"))?;
            let evidence: Option<String> = row.get(4)?;
            let category_evidence = match evidence {
                Some(json) => {
                    serde_json::from_str(&json).map_err(|_| damaged("category_evidence"))?
                }
                None => Vec::new(),
            };
            let reading = Reading {
                text_source: row.get(1)?,
                text_error: row.get(2)?,
                ocr_confidence: row.get(3)?,
                category_evidence,
                date_ambiguous: row.get(5)?,
                facts: Vec::new(),
            };
            readings.insert(id, reading);
        }
        let mut stmt = self.conn.prepare(
            "SELECT f.document_id, f.name, f.value, f.page, f.snippet
             FROM facts f JOIN documents d ON d.id = f.document_id
             WHERE d.case_id = ?1 ORDER BY f.document_id, f.page, f.id",
        )?;
        let mut rows = stmt.query([case_id.as_str()])?;
        while let Some(row) = rows.next()? {
            let id = Id::parse(&row.get::<_, String>(0)?).map_err(|_| damaged("id"))?;
            let fact = FactRow {
                name: row.get(1)?,
                value: row.get(2)?,
                page: row.get(3)?,
                snippet: row.get(4)?,
            };
            readings.entry(id).or_default().facts.push(fact);
        }
        Ok(readings)
    }

    /// Pages of a case's documents that match `query` (every word must appear; words match
    /// their beginnings, case and accents ignored), best matches first, at most `limit`. One
    /// query: its time grows with the pages that match, not with the case's documents.
    pub fn search(
        &self,
        case_id: &Id,
        query: &str,
        limit: u32,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let Some(expression) = match_expression(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare(
            "SELECT p.document_id, p.page, d.original_name,
                    snippet(page_index, 0, '[', ']', '…', 16)
             FROM page_index
             JOIN document_pages p ON p.id = page_index.rowid
             JOIN documents d ON d.id = p.document_id
             WHERE page_index MATCH ?1 AND d.case_id = ?2
             ORDER BY rank LIMIT ?3",
        )?;
        let mut rows = stmt.query(params![expression, case_id.as_str(), limit])?;
        let mut hits = Vec::new();
        while let Some(row) = rows.next()? {
            let document_id =
                Id::parse(&row.get::<_, String>(0)?).map_err(|_| StoreError::Damaged {
                    table: "document_pages",
                    column: "document_id",
                })?;
            hits.push(SearchHit {
                document_id,
                original_name: row.get(2)?,
                page: row.get(1)?,
                snippet: row.get(3)?,
            });
        }
        Ok(hits)
    }
}

/// Writes what reading a document found inside `tx`, replacing any earlier reading; the
/// document must exist.
pub(crate) fn write_understanding(
    tx: &rusqlite::Transaction<'_>,
    understood: &Understood<'_>,
) -> Result<(), StoreError> {
    let id = understood.document_id.as_str();
    let text = understood.text;
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)",
        [id],
        |row| row.get(0),
    )?;
    if !exists {
        return Err(StoreError::NotFound);
    }
    let body: Vec<&str> = text.pages.iter().map(|p| p.text.as_str()).collect();
    tx.execute(
        "INSERT OR REPLACE INTO document_texts
             (document_id, source, error, ocr_confidence, pages, body, extracted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            text.source,
            text.error,
            text.ocr_confidence,
            text.pages.len() as i64,
            body.join("\u{000C}"),
            understood.at.to_rfc3339(),
        ],
    )?;
    tx.execute("DELETE FROM document_pages WHERE document_id = ?1", [id])?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO document_pages (text, document_id, page, from_ocr) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for page in &text.pages {
            insert.execute(params![page.text, id, page.number, page.from_ocr])?;
        }
    }
    tx.execute("DELETE FROM facts WHERE document_id = ?1", [id])?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO facts (document_id, name, value, page, snippet) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for fact in understood.facts {
            insert.execute(params![id, fact.name, fact.value, fact.page, fact.snippet])?;
        }
    }
    if let Some(detected) = &understood.category {
        // A list of strings always serialises.
        let evidence = serde_json::to_string(&detected.evidence).unwrap_or_default();
        tx.execute(
            "UPDATE documents
             SET category = ?2, category_source = 'detected', category_confidence = ?3,
                 category_evidence = ?4
             WHERE id = ?1 AND category_source <> 'user'",
            params![id, detected.category.slug(), detected.confidence, evidence],
        )?;
    }
    tx.execute(
        "UPDATE documents SET document_date = ?2, date_ambiguous = ?3 WHERE id = ?1",
        params![
            id,
            understood.document_date.map(|d| d.to_string()),
            understood.date_ambiguous
        ],
    )?;
    Ok(())
}

/// An FTS5 query from words a person typed: each word quoted (so no character is an
/// operator) and matched as a prefix; all must appear. `None` when there is nothing to find.
fn match_expression(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric() && !is_combining_mark(c))
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Devanagari vowel signs and viramas are marks, not letters, but belong inside words.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' | '\u{0951}'..='\u{0957}' | '\u{0962}'..='\u{0963}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Added;
    use crate::test_support::{add_with, at, indexed_words, new_case};
    use carryall_domain::{CategorySource, Sha256Hex};

    fn text(pages: &[&str]) -> TextRecord {
        TextRecord {
            source: "pdf".into(),
            error: None,
            ocr_confidence: None,
            pages: pages
                .iter()
                .enumerate()
                .map(|(i, text)| PageText {
                    number: i as u32 + 1,
                    text: (*text).to_owned(),
                    from_ocr: false,
                })
                .collect(),
        }
    }

    fn fact(name: &str, value: &str, page: u32) -> FactRow {
        FactRow {
            name: name.into(),
            value: value.into(),
            page: Some(page),
            snippet: format!("{name}: {value}"),
        }
    }

    fn understood<'a>(id: &'a Id, text: &'a TextRecord, facts: &'a [FactRow]) -> Understood<'a> {
        Understood {
            document_id: id,
            text,
            category: Some(DetectedCategory {
                category: Category::Imaging,
                confidence: 0.8,
                evidence: vec!["mammogram".into()],
            }),
            document_date: NaiveDate::from_ymd_opt(2025, 5, 4),
            date_ambiguous: true,
            facts,
            at: at(5),
        }
    }

    /// A store with one case holding one document (already read when `read`).
    fn store_with_document() -> (Store, Id, Document) {
        let mut store = Store::open_in_memory().unwrap();
        let case = new_case(&mut store, 1);
        let hash = Sha256Hex::from_digest(&[1; 32]);
        let Added::Imported(document) = add_with(&mut store, &case, 10, &hash, None) else {
            panic!("new content is imported");
        };
        (store, case, document)
    }

    /// Adds a document whose id and content derive from `seed` to `case`.
    fn another_document(store: &mut Store, case: &Id, seed: u8) -> Document {
        let hash = Sha256Hex::from_digest(&[seed; 32]);
        let Added::Imported(document) = add_with(store, case, seed, &hash, None) else {
            panic!("new content is imported");
        };
        document
    }

    #[test]
    fn pages_of_white_space_are_listed_as_without_text() {
        let (mut store, case, document) = store_with_document();
        let pages = text(&["Diagnosis", " \n\t", ""]);
        store
            .record_understanding(&understood(&document.id, &pages, &[]))
            .unwrap();
        let listed = store.case_page_list(&case).unwrap();
        let has_text: Vec<bool> = listed[&document.id].iter().map(|p| p.has_text).collect();
        assert_eq!(has_text, [true, false, false]);
    }

    #[test]
    fn a_cases_pages_come_by_document_in_page_order_and_only_its_own() {
        let (mut store, case, first) = store_with_document();
        let second = another_document(&mut store, &case, 11);
        let other_case = new_case(&mut store, 2);
        let elsewhere = another_document(&mut store, &other_case, 12);
        let first_pages = text(&["one", "two", "three"]);
        let second_pages = text(&["only page"]);
        for (document, pages) in [
            (&first, &first_pages),
            (&second, &second_pages),
            (&elsewhere, &second_pages),
        ] {
            store
                .record_understanding(&understood(&document.id, pages, &[]))
                .unwrap();
        }
        let listed = store.case_page_list(&case).unwrap();
        assert_eq!(listed.len(), 2, "the other case's document is not listed");
        let pages_of = |id: &Id| -> Vec<PageText> {
            listed[id]
                .iter()
                .map(|page| PageText {
                    number: page.number,
                    text: store.page_text(page.key).unwrap(),
                    from_ocr: page.from_ocr,
                })
                .collect()
        };
        assert_eq!(pages_of(&first.id), first_pages.pages);
        assert_eq!(pages_of(&second.id), second_pages.pages);
        assert_eq!(
            Some(pages_of(&first.id)),
            store.document_text(&first.id).unwrap().map(|t| t.pages),
            "the same pages as one document's own look-up"
        );
    }

    #[test]
    fn a_reading_is_recorded_listed_and_replaced() {
        let (mut store, case, document) = store_with_document();
        assert_eq!(
            store.documents_to_read(&case).unwrap(),
            vec![document.clone()]
        );
        let pages = text(&["BI-RADS 4B", "Impression: suspicious"]);
        let facts = [fact("birads", "4B", 1)];
        store
            .record_understanding(&understood(&document.id, &pages, &facts))
            .unwrap();

        assert!(store.documents_to_read(&case).unwrap().is_empty());
        assert_eq!(store.document_text(&document.id).unwrap(), Some(pages));
        let reading = &store.readings(&case).unwrap()[&document.id];
        assert_eq!(reading.text_source.as_deref(), Some("pdf"));
        assert_eq!(reading.facts, facts);
        assert_eq!(reading.category_evidence, ["mammogram"]);
        assert!(reading.date_ambiguous);

        let again = text(&["Grade 2"]);
        let facts = [fact("grade", "2", 1)];
        store
            .record_understanding(&understood(&document.id, &again, &facts))
            .unwrap();
        assert_eq!(store.document_text(&document.id).unwrap(), Some(again));
        assert_eq!(store.readings(&case).unwrap()[&document.id].facts, facts);
        assert!(
            store.search(&case, "BI-RADS", 10).unwrap().is_empty(),
            "old pages are gone"
        );
    }

    #[test]
    fn forgetting_readings_leaves_documents_to_read_and_nothing_to_find() {
        let (mut store, case, document) = store_with_document();
        let pages = text(&["carcinoma"]);
        let facts = [fact("grade", "2", 1)];
        store
            .record_understanding(&understood(&document.id, &pages, &facts))
            .unwrap();
        store.forget_readings(&case).unwrap();
        assert_eq!(store.documents_to_read(&case).unwrap().len(), 1);
        assert!(store.search(&case, "carcinoma", 10).unwrap().is_empty());
        assert!(
            store.readings(&case).unwrap()[&document.id]
                .facts
                .is_empty()
        );
        assert!(indexed_words(&store).is_empty());
    }

    #[test]
    fn a_category_a_person_chose_is_never_replaced() {
        let (mut store, case, document) = store_with_document();
        store
            .set_category(&case, &document.id, Category::Lab, "cli", at(1))
            .unwrap();
        let pages = text(&["Mammogram"]);
        store
            .record_understanding(&understood(&document.id, &pages, &[]))
            .unwrap();
        let stored = store.document(&document.id).unwrap().unwrap();
        assert_eq!(
            (stored.category, stored.category_source),
            (Category::Lab, CategorySource::User)
        );
        assert_eq!(
            stored.document_date,
            NaiveDate::from_ymd_opt(2025, 5, 4),
            "the date still is"
        );
    }

    #[test]
    fn search_finds_pages_by_word_beginnings_ignoring_case_and_accents() {
        let (mut store, case, document) = store_with_document();
        let pages = text(&[
            "Nothing here",
            "Invasive ductal CARCINOMA; patient José, प्रिया शर्मा",
        ]);
        store
            .record_understanding(&understood(&document.id, &pages, &[]))
            .unwrap();
        for query in [
            "carcinoma",
            "ductal carc",
            "jose",
            "प्रिया",
            "carcinoma\" (*:^",
        ] {
            let hits = store.search(&case, query, 10).unwrap();
            assert_eq!(hits.len(), 1, "{query}");
            assert_eq!(
                (
                    &hits[0].document_id,
                    hits[0].page,
                    hits[0].original_name.as_str()
                ),
                (&document.id, 2, "biopsy report.pdf")
            );
        }
        assert!(store.search(&case, "lymphoma", 10).unwrap().is_empty());
        assert!(store.search(&case, "  ;; ", 10).unwrap().is_empty());
        let hit = &store.search(&case, "ductal", 10).unwrap()[0];
        assert!(hit.snippet.contains("[ductal]"), "{}", hit.snippet);
    }

    #[test]
    fn a_replaced_reading_leaves_only_its_new_words_in_the_index() {
        let (mut store, _, document) = store_with_document();
        for pages in [text(&["carcinoma seen"]), text(&["benign", "nothing seen"])] {
            store
                .record_understanding(&understood(&document.id, &pages, &[]))
                .unwrap();
        }
        assert_eq!(indexed_words(&store), ["benign", "nothing", "seen"]);
    }

    #[test]
    fn search_keeps_to_its_case_and_its_limit() {
        let (mut store, case, document) = store_with_document();
        let other_case = new_case(&mut store, 2);
        let elsewhere = another_document(&mut store, &other_case, 12);
        let many = text(&["carcinoma", "carcinoma again", "carcinoma once more"]);
        for id in [&document.id, &elsewhere.id] {
            store
                .record_understanding(&understood(id, &many, &[]))
                .unwrap();
        }
        let hits = store.search(&case, "carcinoma", 2).unwrap();
        assert_eq!(hits.len(), 2, "at most the limit");
        assert!(hits.iter().all(|hit| hit.document_id == document.id));
        assert_eq!(store.search(&other_case, "carcinoma", 10).unwrap().len(), 3);
    }

    #[test]
    fn deleting_a_document_takes_only_its_words_out_of_the_index() {
        let (mut store, case, document) = store_with_document();
        let other = another_document(&mut store, &case, 11);
        for (id, words) in [(&document.id, "carcinoma"), (&other.id, "lymphoma")] {
            store
                .record_understanding(&understood(id, &text(&[words]), &[]))
                .unwrap();
        }
        store
            .delete_document(&case, &document.id, "cli", at(9))
            .unwrap();
        assert_eq!(indexed_words(&store), ["lymphoma"]);
        assert_eq!(store.search(&case, "lymphoma", 10).unwrap().len(), 1);
        assert!(store.search(&case, "carcinoma", 10).unwrap().is_empty());
    }

    #[test]
    fn deleting_the_case_empties_the_pages_and_the_index() {
        let (mut store, case, document) = store_with_document();
        let pages = text(&["carcinoma", "grade 2"]);
        store
            .record_understanding(&understood(&document.id, &pages, &[]))
            .unwrap();
        store.delete_case(&case, "cli", at(9)).unwrap();
        let left: i64 = store
            .conn
            .query_row("SELECT count(*) FROM document_pages", [], |row| row.get(0))
            .unwrap();
        assert_eq!(left, 0);
        assert!(indexed_words(&store).is_empty());
    }

    #[test]
    fn a_page_is_never_edited_in_place() {
        let (mut store, _, document) = store_with_document();
        let pages = text(&["carcinoma"]);
        store
            .record_understanding(&understood(&document.id, &pages, &[]))
            .unwrap();
        let edited = store
            .conn
            .execute("UPDATE document_pages SET text = 'benign'", []);
        assert!(edited.is_err(), "the index would keep the old words");
        assert_eq!(indexed_words(&store), ["carcinoma"]);
    }

    #[test]
    fn a_reading_of_an_unknown_document_is_refused() {
        let (mut store, _, _) = store_with_document();
        let pages = text(&["x"]);
        let unknown = Id::from_random([9; 8]);
        let refused = store.record_understanding(&understood(&unknown, &pages, &[]));
        assert!(matches!(refused, Err(StoreError::NotFound)));
    }
}
