//! Scan discs: a disc is one document (its own content is the disc's manifest) whose files are
//! blobs of their own, listed with their paths on the disc; and what was read from the disc's
//! DICOM headers (patients, studies, series), recorded together with the rest of its reading.

use std::collections::HashMap;

use carryall_domain::{Id, Sha256Hex};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use crate::documents::{NewDocument, insert_document};
use crate::understanding::{Understood, write_understanding};
use crate::{Added, Store, StoreError};

/// The words recorded as the reason a disc is filed as scan images.
const DISC_EVIDENCE: &str = "[\"scan disc (DICOMDIR)\"]";

/// One file of a scan disc, kept in the file store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscMember {
    /// Its path relative to the disc's top folder, parts separated by `/`.
    pub path: String,
    /// Its content's hash.
    pub sha256: Sha256Hex,
    /// Its size in bytes.
    pub size: u64,
}

/// A patient a disc names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscPatient {
    /// The name for display (`Given Middle Family`); empty when the disc names nobody.
    pub name: String,
    /// The patient ID the hospital gave, if any.
    pub hospital_id: Option<String>,
}

/// One series of a disc's study.
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

/// One study on a disc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscStudy {
    /// Whose study it is (display name).
    pub patient_name: String,
    /// The study date.
    pub date: Option<NaiveDate>,
    /// The study description.
    pub description: Option<String>,
    /// Its series, in order.
    pub series: Vec<DiscSeries>,
}

impl DiscStudy {
    /// The modalities of its series, each once, in series order.
    pub fn modalities(&self) -> Vec<&str> {
        distinct(self.series.iter().filter_map(|s| s.modality.as_deref()))
    }

    /// The body parts of its series, each once, in series order.
    pub fn body_parts(&self) -> Vec<&str> {
        distinct(self.series.iter().filter_map(|s| s.body_part.as_deref()))
    }

    /// How many images its series hold.
    pub fn images(&self) -> u64 {
        self.series.iter().map(|s| s.images).sum()
    }
}

fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

/// What was read from a disc's headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiscReading {
    /// Files the index points to that could not be read as DICOM.
    pub unreadable_files: u64,
    /// Files the index names that are not on the disc.
    pub missing_files: u64,
    /// Why the disc's index could not be read at all, in plain words.
    pub problem: Option<String>,
    /// The distinct patients it names.
    pub patients: Vec<DiscPatient>,
    /// Its studies, by date.
    pub studies: Vec<DiscStudy>,
}

/// A disc document at a glance: its files and, once read, what its headers say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscOverview {
    /// How many files it holds.
    pub files: u64,
    /// Their total size in bytes.
    pub bytes: u64,
    /// What was read from it; `None` until read.
    pub reading: Option<DiscReading>,
}

impl Store {
    /// Records a scan disc: its document (whose content is the disc's manifest), every one of
    /// its files, and the audit entry, in one transaction, unless the case already holds the
    /// same disc. The disc is filed as scan images unless the person chose otherwise.
    pub fn add_disc(
        &mut self,
        new: &NewDocument<'_>,
        members: &[DiscMember],
        actor: &str,
    ) -> Result<Added, StoreError> {
        let tx = self.conn.transaction()?;
        if let Some(existing) = insert_document(&tx, new, actor)? {
            return Ok(Added::Duplicate(existing));
        }
        let at = new.imported_at.to_rfc3339();
        {
            let mut blob = tx.prepare(
                "INSERT OR IGNORE INTO blobs (sha256, size, stored_at) VALUES (?1, ?2, ?3)",
            )?;
            let mut member = tx.prepare(
                "INSERT INTO disc_members (document_id, path, sha256, size) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for file in members {
                blob.execute(params![file.sha256.as_str(), file.size as i64, at])?;
                member.execute(params![
                    new.id.as_str(),
                    file.path,
                    file.sha256.as_str(),
                    file.size as i64
                ])?;
            }
        }
        tx.execute(
            "UPDATE documents
             SET category = 'scan_disc', category_source = 'detected', category_confidence = 1.0,
                 category_evidence = ?2
             WHERE id = ?1 AND category_source <> 'user'",
            params![new.id.as_str(), DISC_EVIDENCE],
        )?;
        tx.commit()?;
        let document = self.document(new.id)?.ok_or(StoreError::Damaged {
            table: "documents",
            column: "id",
        })?;
        Ok(Added::Imported(document))
    }

    /// A disc document's files, by path (none when the document is not a disc).
    pub fn disc_members(&self, document_id: &Id) -> Result<Vec<DiscMember>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT path, sha256, size FROM disc_members WHERE document_id = ?1 ORDER BY path",
        )?;
        let rows = stmt.query_map([document_id.as_str()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (path, sha256, size) = row?;
            Ok(DiscMember {
                path,
                sha256: Sha256Hex::parse(&sha256).ok_or(damaged("disc_members", "sha256"))?,
                size: u64::try_from(size).map_err(|_| damaged("disc_members", "size"))?,
            })
        })
        .collect()
    }

    /// Every disc of a case, by document id, with what was read from each.
    pub fn discs(&self, case_id: &Id) -> Result<HashMap<Id, DiscOverview>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT m.document_id, count(*), sum(m.size)
             FROM disc_members m JOIN documents d ON d.id = m.document_id
             WHERE d.case_id = ?1 GROUP BY m.document_id",
        )?;
        let rows = stmt.query_map([case_id.as_str()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        let mut discs = HashMap::new();
        for row in rows {
            let (id, files, bytes) = row?;
            let id = Id::parse(&id).map_err(|_| damaged("disc_members", "document_id"))?;
            let reading = self.disc_reading(&id)?;
            discs.insert(
                id,
                DiscOverview {
                    files: u64::try_from(files).unwrap_or_default(),
                    bytes: u64::try_from(bytes).map_err(|_| damaged("disc_members", "size"))?,
                    reading,
                },
            );
        }
        Ok(discs)
    }

    /// What was read from one disc, once it has been read.
    fn disc_reading(&self, id: &Id) -> Result<Option<DiscReading>, StoreError> {
        let head = self
            .conn
            .query_row(
                "SELECT unreadable_files, missing_files, problem FROM disc_readings
                 WHERE document_id = ?1",
                [id.as_str()],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .optional()?;
        let Some((unreadable, missing, problem)) = head else {
            return Ok(None);
        };
        let count = |n: i64, column| u64::try_from(n).map_err(|_| damaged("disc_readings", column));
        let mut patients = self.conn.prepare(
            "SELECT name, hospital_id FROM disc_patients WHERE document_id = ?1 ORDER BY position",
        )?;
        let patients = patients
            .query_map([id.as_str()], |row| {
                Ok(DiscPatient {
                    name: row.get(0)?,
                    hospital_id: row.get(1)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut series = self.conn.prepare(
            "SELECT study_position, modality, description, body_part, images FROM disc_series
             WHERE document_id = ?1 ORDER BY study_position, position",
        )?;
        let mut series_by_study: HashMap<i64, Vec<DiscSeries>> = HashMap::new();
        let rows = series.query_map([id.as_str()], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (study, modality, description, body_part, images) = row?;
            series_by_study.entry(study).or_default().push(DiscSeries {
                modality,
                description,
                body_part,
                images: u64::try_from(images).map_err(|_| damaged("disc_series", "images"))?,
            });
        }
        let mut studies = self.conn.prepare(
            "SELECT position, patient_name, study_date, description FROM disc_studies
             WHERE document_id = ?1 ORDER BY position",
        )?;
        let rows = studies.query_map([id.as_str()], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut studies = Vec::new();
        for row in rows {
            let (position, patient_name, date, description) = row?;
            let date = date
                .map(|d| d.parse::<NaiveDate>())
                .transpose()
                .map_err(|_| damaged("disc_studies", "study_date"))?;
            studies.push(DiscStudy {
                patient_name,
                date,
                description,
                series: series_by_study.remove(&position).unwrap_or_default(),
            });
        }
        Ok(Some(DiscReading {
            unreadable_files: count(unreadable, "unreadable_files")?,
            missing_files: count(missing, "missing_files")?,
            problem,
            patients,
            studies,
        }))
    }

    /// Records what reading a disc found: its text record, category, date and facts (as
    /// [`Store::record_understanding`]) and its patients, studies and series, replacing any
    /// earlier reading, in one transaction.
    pub fn record_disc_understanding(
        &mut self,
        understood: &Understood<'_>,
        reading: &DiscReading,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        write_understanding(&tx, understood)?;
        let id = understood.document_id.as_str();
        tx.execute("DELETE FROM disc_readings WHERE document_id = ?1", [id])?;
        tx.execute(
            "INSERT INTO disc_readings (document_id, unreadable_files, missing_files, problem)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                id,
                reading.unreadable_files as i64,
                reading.missing_files as i64,
                reading.problem
            ],
        )?;
        let mut patient = tx.prepare(
            "INSERT INTO disc_patients (document_id, position, name, hospital_id)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (position, one) in reading.patients.iter().enumerate() {
            patient.execute(params![id, position as i64, one.name, one.hospital_id])?;
        }
        let mut study = tx.prepare(
            "INSERT INTO disc_studies (document_id, position, patient_name, study_date, description)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut series = tx.prepare(
            "INSERT INTO disc_series
                 (document_id, study_position, position, modality, description, body_part, images)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (at, one) in reading.studies.iter().enumerate() {
            study.execute(params![
                id,
                at as i64,
                one.patient_name,
                one.date.map(|d| d.to_string()),
                one.description
            ])?;
            for (position, part) in one.series.iter().enumerate() {
                series.execute(params![
                    id,
                    at as i64,
                    position as i64,
                    part.modality,
                    part.description,
                    part.body_part,
                    part.images as i64
                ])?;
            }
        }
        drop((patient, study, series));
        tx.commit()?;
        Ok(())
    }
}

fn damaged(table: &'static str, column: &'static str) -> StoreError {
    StoreError::Damaged { table, column }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{add, at, new_case};
    use crate::{FactRow, TextRecord};
    use carryall_domain::{Category, CategorySource, Document, MediaType};

    fn hash(seed: u8) -> Sha256Hex {
        Sha256Hex::from_digest(&[seed; 32])
    }

    fn member(path: &str, seed: u8) -> DiscMember {
        DiscMember {
            path: path.to_owned(),
            sha256: hash(seed),
            size: 100 + u64::from(seed),
        }
    }

    /// Adds a disc named "CT disc" whose manifest hash is `manifest` and files `members`.
    fn add_disc(
        store: &mut Store,
        case: &Id,
        seed: u8,
        manifest: u8,
        members: &[DiscMember],
    ) -> Added {
        let id = Id::from_random([seed; 8]);
        let new = NewDocument {
            id: &id,
            case_id: case,
            sha256: &hash(manifest),
            size: 50,
            original_name: "CT disc",
            modified_at: None,
            media_type: MediaType::Text,
            category: None,
            imported_at: at(seed as u32 % 60),
        };
        store.add_disc(&new, members, "cli").unwrap()
    }

    fn imported(added: Added) -> Document {
        match added {
            Added::Imported(document) => document,
            Added::Duplicate(_) => panic!("a duplicate"),
        }
    }

    fn reading() -> DiscReading {
        DiscReading {
            unreadable_files: 1,
            missing_files: 0,
            problem: None,
            patients: vec![DiscPatient {
                name: "Morgan J Rivera".into(),
                hospital_id: Some("CA-0001".into()),
            }],
            studies: vec![
                DiscStudy {
                    patient_name: "Morgan J Rivera".into(),
                    date: NaiveDate::from_ymd_opt(2024, 3, 12),
                    description: Some("CT CHEST".into()),
                    series: vec![
                        DiscSeries {
                            modality: Some("CT".into()),
                            description: Some("AXIAL 5MM".into()),
                            body_part: Some("CHEST".into()),
                            images: 4,
                        },
                        DiscSeries {
                            modality: Some("CT".into()),
                            description: None,
                            body_part: None,
                            images: 3,
                        },
                    ],
                },
                DiscStudy {
                    patient_name: "Morgan J Rivera".into(),
                    date: None,
                    description: None,
                    series: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn a_disc_is_one_document_with_its_files_and_again_a_duplicate() {
        let mut store = Store::open_in_memory().unwrap();
        let case = new_case(&mut store, 1);
        let files = [member("DICOMDIR", 1), member("DICOM/IM1", 2)];
        let disc = imported(add_disc(&mut store, &case, 10, 9, &files));
        assert_eq!(disc.category, Category::ScanDisc);
        assert_eq!(disc.category_source, CategorySource::Detected);
        assert_eq!(
            store.disc_members(&disc.id).unwrap(),
            vec![files[1].clone(), files[0].clone()],
            "by path"
        );
        let Added::Duplicate(again) = add_disc(&mut store, &case, 11, 9, &files) else {
            panic!("the same disc twice is a duplicate");
        };
        assert_eq!(again.id, disc.id);
        assert_eq!(store.documents(&case).unwrap().len(), 1);
        let overview = &store.discs(&case).unwrap()[&disc.id];
        assert_eq!((overview.files, overview.bytes), (2, 101 + 102));
        assert_eq!(overview.reading, None);
        let names: Vec<Vec<String>> = store.blobs().unwrap().into_iter().map(|b| b.1).collect();
        assert!(
            names.contains(&vec!["CT disc/DICOM/IM1".to_owned()]),
            "{names:?}"
        );
        assert!(names.contains(&vec!["CT disc".to_owned()]), "{names:?}");
    }

    #[test]
    fn deleting_a_disc_frees_its_files_unless_used_elsewhere() {
        let mut store = Store::open_in_memory().unwrap();
        let (a, b) = (new_case(&mut store, 1), new_case(&mut store, 2));
        let disc = imported(add_disc(
            &mut store,
            &a,
            10,
            9,
            &[member("DICOMDIR", 1), member("IM1", 2), member("IM2", 3)],
        ));
        // The same image imported loose into another case, and by another disc in this one.
        add(&mut store, &b, 20, &hash(2));
        add_disc(
            &mut store,
            &a,
            11,
            8,
            &[member("DICOMDIR", 4), member("IM9", 3)],
        );
        let mut freed = store.delete_document(&a, &disc.id, "cli", at(30)).unwrap();
        freed.sort();
        assert_eq!(freed, vec![hash(1), hash(9)]);
        assert!(store.disc_members(&disc.id).unwrap().is_empty());
        let mut freed = store.delete_case(&a, "cli", at(31)).unwrap();
        freed.sort();
        assert_eq!(freed, vec![hash(3), hash(4), hash(8)]);
        assert!(store.blob_in_use(&hash(2)).unwrap());
    }

    #[test]
    fn a_disc_reading_is_recorded_with_its_facts_replaced_and_forgotten() {
        let mut store = Store::open_in_memory().unwrap();
        let case = new_case(&mut store, 1);
        let disc = imported(add_disc(&mut store, &case, 10, 9, &[member("DICOMDIR", 1)]));
        let text = TextRecord {
            source: "none".into(),
            error: Some("scan images hold pictures, not text".into()),
            ocr_confidence: None,
            pages: Vec::new(),
        };
        let facts = [FactRow {
            name: "patient_name".into(),
            value: "Morgan J Rivera".into(),
            page: None,
            snippet: "RIVERA^MORGAN^J".into(),
        }];
        let understood = Understood {
            document_id: &disc.id,
            text: &text,
            category: None,
            document_date: NaiveDate::from_ymd_opt(2024, 3, 12),
            date_ambiguous: false,
            facts: &facts,
            at: at(20),
        };
        store
            .record_disc_understanding(&understood, &reading())
            .unwrap();
        store
            .record_disc_understanding(&understood, &reading())
            .unwrap();
        assert!(store.documents_to_read(&case).unwrap().is_empty());
        let overview = &store.discs(&case).unwrap()[&disc.id];
        assert_eq!(overview.reading, Some(reading()));
        let study = &reading().studies[0];
        assert_eq!(
            (study.modalities(), study.body_parts(), study.images()),
            (vec!["CT"], vec!["CHEST"], 7)
        );
        assert_eq!(store.readings(&case).unwrap()[&disc.id].facts, facts);
        store.forget_readings(&case).unwrap();
        assert_eq!(store.discs(&case).unwrap()[&disc.id].reading, None);
        assert_eq!(store.documents_to_read(&case).unwrap().len(), 1);
    }
}
