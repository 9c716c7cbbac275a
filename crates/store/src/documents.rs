//! Queries on documents and the stored contents (blobs) they point to.

use carryall_domain::{Category, CategorySource, Document, Id, MediaType, Sha256Hex};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};

use crate::audit::{self, Action};
use crate::{Store, StoreError};

/// A document about to be recorded; its content is already in the file store.
#[derive(Debug)]
pub struct NewDocument<'a> {
    /// The new document's id.
    pub id: &'a Id,
    /// The case it goes into.
    pub case_id: &'a Id,
    /// Its content's hash.
    pub sha256: &'a Sha256Hex,
    /// Its size in bytes.
    pub size: u64,
    /// The file's own name.
    pub original_name: &'a str,
    /// The original file's modification time.
    pub modified_at: Option<DateTime<Utc>>,
    /// The sniffed media type.
    pub media_type: MediaType,
    /// A category the person chose at import, if any.
    pub category: Option<Category>,
    /// Now.
    pub imported_at: DateTime<Utc>,
}

/// What recording a document did.
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    /// A new document in the case.
    Imported(Document),
    /// The case already holds these bytes: the earlier document.
    Duplicate(Document),
}

pub(crate) const SELECT_DOCUMENT: &str = "
    SELECT id, case_id, sha256, original_name, size, modified_at, media_type, category,
           category_source, category_confidence, document_date, imported_at
    FROM documents";

impl Store {
    /// Records a document (and its content, if new) in one transaction, unless the case
    /// already holds the same bytes.
    pub fn add_document(
        &mut self,
        new: &NewDocument<'_>,
        actor: &str,
    ) -> Result<Added, StoreError> {
        let tx = self.conn.transaction()?;
        if let Some(existing) = insert_document(&tx, new, actor)? {
            return Ok(Added::Duplicate(existing));
        }
        tx.commit()?;
        let document = self.document(new.id)?.ok_or(StoreError::Damaged {
            table: "documents",
            column: "id",
        })?;
        Ok(Added::Imported(document))
    }

    /// One document by id.
    pub fn document(&self, id: &Id) -> Result<Option<Document>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_DOCUMENT} WHERE id = ?1"))?;
        stmt.query_row([id.as_str()], read_document)
            .optional()?
            .transpose()
    }

    /// A case's documents, in the order they were imported.
    pub fn documents(&self, case_id: &Id) -> Result<Vec<Document>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT_DOCUMENT} WHERE case_id = ?1 ORDER BY imported_at, rowid"
        ))?;
        let rows = stmt.query_map([case_id.as_str()], read_document)?;
        rows.map(|row| row?).collect()
    }

    /// Whether any document refers to this content.
    pub fn blob_in_use(&self, sha256: &Sha256Hex) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?1)",
            [sha256.as_str()],
            |row| row.get(0),
        )?)
    }

    /// Every stored content with the names of what uses it: documents by their original
    /// name, a disc's files as the disc's name, a slash and the file's path on the disc.
    pub fn blobs(&self) -> Result<Vec<(Sha256Hex, Vec<String>)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT b.sha256,
                    (SELECT group_concat(name, char(10)) FROM (
                         SELECT d.original_name AS name FROM documents d
                         WHERE d.sha256 = b.sha256
                         UNION ALL
                         SELECT d.original_name || '/' || m.path FROM disc_members m
                         JOIN documents d ON d.id = m.document_id
                         WHERE m.sha256 = b.sha256))
             FROM blobs b ORDER BY b.sha256",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?))
        })?;
        rows.map(|row| {
            let (hash, names) = row?;
            let hash = Sha256Hex::parse(&hash).ok_or(StoreError::Damaged {
                table: "blobs",
                column: "sha256",
            })?;
            let names = names
                .map(|n| n.split('\n').map(str::to_owned).collect())
                .unwrap_or_default();
            Ok((hash, names))
        })
        .collect()
    }

    /// Deletes a case with its documents, what was learned from them, its checklist and
    /// questions, and its patient when no other case has them. Returns the contents no
    /// document uses any more, whose files the caller removes after this commit.
    pub fn delete_case(
        &mut self,
        id: &Id,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Vec<Sha256Hex>, StoreError> {
        let tx = self.conn.transaction()?;
        let patient: Option<String> = tx
            .query_row(
                "SELECT patient_id FROM cases WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        let Some(patient) = patient else {
            return Err(StoreError::NotFound);
        };
        tx.execute("DELETE FROM cases WHERE id = ?1", [id.as_str()])?;
        tx.execute(
            "DELETE FROM patients WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM cases WHERE patient_id = ?1)",
            [&patient],
        )?;
        let unused = delete_unused_blobs(&tx)?;
        audit::record(&tx, at, actor, Action::CaseDeleted, id, None)?;
        tx.commit()?;
        Ok(unused)
    }
}

impl Store {
    /// Sets a document's category as a person chose it; detection never overrides it again.
    pub fn set_category(
        &mut self,
        case_id: &Id,
        document_id: &Id,
        category: Category,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Document, StoreError> {
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE documents SET category = ?1, category_source = 'user', category_confidence = NULL
             WHERE id = ?2 AND case_id = ?3",
            params![category.slug(), document_id.as_str(), case_id.as_str()],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        audit::record(
            &tx,
            at,
            actor,
            Action::CategoryChanged,
            case_id,
            Some(document_id),
        )?;
        tx.commit()?;
        self.document(document_id)?.ok_or(StoreError::NotFound)
    }

    /// Deletes one document of a case and what was learned from it. Returns the content no
    /// document uses any more, whose file the caller removes after this commit.
    pub fn delete_document(
        &mut self,
        case_id: &Id,
        document_id: &Id,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Vec<Sha256Hex>, StoreError> {
        let tx = self.conn.transaction()?;
        let deleted = tx.execute(
            "DELETE FROM documents WHERE id = ?1 AND case_id = ?2",
            [document_id.as_str(), case_id.as_str()],
        )?;
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        let unused = delete_unused_blobs(&tx)?;
        audit::record(
            &tx,
            at,
            actor,
            Action::DocumentDeleted,
            case_id,
            Some(document_id),
        )?;
        tx.commit()?;
        Ok(unused)
    }
}

/// Inserts a document (and its content, if new) with its audit entry inside `tx`, unless the
/// case already holds the same bytes: then nothing is written and the earlier document is
/// returned.
pub(crate) fn insert_document(
    tx: &rusqlite::Transaction<'_>,
    new: &NewDocument<'_>,
    actor: &str,
) -> Result<Option<Document>, StoreError> {
    let existing = tx
        .query_row(
            &format!("{SELECT_DOCUMENT} WHERE case_id = ?1 AND sha256 = ?2"),
            params![new.case_id.as_str(), new.sha256.as_str()],
            read_document,
        )
        .optional()?;
    if let Some(existing) = existing {
        return Ok(Some(existing?));
    }
    let at = new.imported_at.to_rfc3339();
    tx.execute(
        "INSERT OR IGNORE INTO blobs (sha256, size, stored_at) VALUES (?1, ?2, ?3)",
        params![new.sha256.as_str(), new.size as i64, at],
    )?;
    let (category, source) = match new.category {
        Some(category) => (category, CategorySource::User),
        None => (Category::Other, CategorySource::Unset),
    };
    tx.execute(
        "INSERT INTO documents (id, case_id, sha256, original_name, size, modified_at,
                                media_type, category, category_source, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.id.as_str(),
            new.case_id.as_str(),
            new.sha256.as_str(),
            new.original_name,
            new.size as i64,
            new.modified_at.map(|t| t.to_rfc3339()),
            new.media_type.mime(),
            category.slug(),
            source.slug(),
            at,
        ],
    )?;
    audit::record(
        tx,
        new.imported_at,
        actor,
        Action::DocumentImported,
        new.case_id,
        Some(new.id),
    )?;
    Ok(None)
}

/// Deletes blob rows no document and no disc file refers to and returns their hashes.
fn delete_unused_blobs(tx: &rusqlite::Transaction<'_>) -> Result<Vec<Sha256Hex>, StoreError> {
    let mut stmt = tx.prepare(
        "DELETE FROM blobs
         WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = blobs.sha256)
           AND NOT EXISTS (SELECT 1 FROM disc_members m WHERE m.sha256 = blobs.sha256)
         RETURNING sha256",
    )?;
    let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
    rows.map(|row| {
        Sha256Hex::parse(&row?).ok_or(StoreError::Damaged {
            table: "blobs",
            column: "sha256",
        })
    })
    .collect()
}

pub(crate) fn read_document(row: &Row<'_>) -> rusqlite::Result<Result<Document, StoreError>> {
    let text = |i: usize| row.get::<_, String>(i);
    let optional = |i: usize| row.get::<_, Option<String>>(i);
    let (id, case_id, sha256, original_name) = (text(0)?, text(1)?, text(2)?, text(3)?);
    let size: i64 = row.get(4)?;
    let (modified_at, media_type, category, source) = (optional(5)?, text(6)?, text(7)?, text(8)?);
    let confidence: Option<f64> = row.get(9)?;
    let (document_date, imported_at) = (optional(10)?, text(11)?);

    let damaged = |column| StoreError::Damaged {
        table: "documents",
        column,
    };
    let time = |text: &str, column| {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| damaged(column))
    };
    let build = || {
        Ok(Document {
            id: Id::parse(&id).map_err(|_| damaged("id"))?,
            case_id: Id::parse(&case_id).map_err(|_| damaged("case_id"))?,
            sha256: Sha256Hex::parse(&sha256).ok_or(damaged("sha256"))?,
            original_name,
            size: u64::try_from(size).map_err(|_| damaged("size"))?,
            modified_at: modified_at.map(|t| time(&t, "modified_at")).transpose()?,
            media_type: MediaType::from_mime(&media_type),
            category: Category::from_slug(&category).ok_or(damaged("category"))?,
            category_source: CategorySource::from_slug(&source)
                .ok_or(damaged("category_source"))?,
            category_confidence: confidence,
            document_date: document_date
                .map(|d| d.parse::<NaiveDate>().map_err(|_| damaged("document_date")))
                .transpose()?,
            imported_at: time(&imported_at, "imported_at")?,
        })
    };
    Ok(build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{add, at, new_case};

    #[test]
    fn a_document_is_recorded_once_per_case_and_listed() {
        let mut store = Store::open_in_memory().unwrap();
        let case = new_case(&mut store, 1);
        let hash = Sha256Hex::from_digest(&[1; 32]);
        let Added::Imported(first) = add(&mut store, &case, 10, &hash) else {
            panic!("not imported")
        };
        assert_eq!(first.category, Category::Pathology);
        assert_eq!(first.category_source, CategorySource::User);
        let Added::Duplicate(dup) = add(&mut store, &case, 11, &hash) else {
            panic!("not a duplicate")
        };
        assert_eq!(dup.id, first.id);
        assert_eq!(store.documents(&case).unwrap(), vec![first]);
        let actions: Vec<Action> = store
            .audit_log()
            .unwrap()
            .iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions, vec![Action::CaseCreated, Action::DocumentImported]);
    }

    #[test]
    fn deleting_a_case_frees_only_contents_no_other_case_uses() {
        let mut store = Store::open_in_memory().unwrap();
        let (a, b) = (new_case(&mut store, 1), new_case(&mut store, 2));
        let shared = Sha256Hex::from_digest(&[1; 32]);
        let own = Sha256Hex::from_digest(&[2; 32]);
        add(&mut store, &a, 10, &shared);
        add(&mut store, &a, 11, &own);
        add(&mut store, &b, 12, &shared);
        let freed = store.delete_case(&a, "cli", at(30)).unwrap();
        assert_eq!(freed, vec![own.clone()]);
        assert!(store.blob_in_use(&shared).unwrap());
        assert!(!store.blob_in_use(&own).unwrap());
        assert!(store.documents(&a).unwrap().is_empty());
        assert_eq!(store.documents(&b).unwrap().len(), 1);
        assert!(store.case(&a).unwrap().is_none());
        let patients: i64 = store
            .conn
            .query_row("SELECT count(*) FROM patients", [], |r| r.get(0))
            .unwrap();
        assert_eq!(patients, 1, "the deleted case's patient goes with it");
        assert!(matches!(
            store.delete_case(&a, "cli", at(31)),
            Err(StoreError::NotFound)
        ));
    }

    #[test]
    fn a_chosen_category_is_kept_and_audited() {
        let mut store = Store::open_in_memory().unwrap();
        let case = new_case(&mut store, 1);
        let hash = Sha256Hex::from_digest(&[1; 32]);
        let Added::Imported(doc) = add(&mut store, &case, 10, &hash) else {
            panic!("not imported")
        };
        let changed = store
            .set_category(&case, &doc.id, Category::Lab, "desktop", at(40))
            .unwrap();
        assert_eq!(changed.category, Category::Lab);
        assert_eq!(changed.category_source, CategorySource::User);
        let last = store.audit_log().unwrap().pop().unwrap();
        assert_eq!(last.action, Action::CategoryChanged);
        assert_eq!(last.document_id, Some(doc.id.clone()));
        let other = new_case(&mut store, 2);
        let elsewhere = store.set_category(&other, &doc.id, Category::Lab, "cli", at(41));
        assert!(
            matches!(elsewhere, Err(StoreError::NotFound)),
            "only within its own case"
        );
    }

    #[test]
    fn deleting_a_document_frees_its_content_unless_shared() {
        let mut store = Store::open_in_memory().unwrap();
        let (a, b) = (new_case(&mut store, 1), new_case(&mut store, 2));
        let shared = Sha256Hex::from_digest(&[1; 32]);
        let Added::Imported(in_a) = add(&mut store, &a, 10, &shared) else {
            panic!("not imported")
        };
        let Added::Imported(in_b) = add(&mut store, &b, 11, &shared) else {
            panic!("not imported")
        };
        let wrong_case = store.delete_document(&b, &in_a.id, "cli", at(20));
        assert!(
            matches!(wrong_case, Err(StoreError::NotFound)),
            "only within its own case"
        );
        assert_eq!(
            store.delete_document(&a, &in_a.id, "cli", at(21)).unwrap(),
            vec![]
        );
        assert_eq!(
            store.delete_document(&b, &in_b.id, "cli", at(22)).unwrap(),
            vec![shared]
        );
        let last = store.audit_log().unwrap().pop().unwrap();
        assert_eq!(
            (last.action, last.document_id),
            (Action::DocumentDeleted, Some(in_b.id))
        );
    }
}
