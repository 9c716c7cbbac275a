//! A disc's index (DICOMDIR): its directory records, linked into PATIENT → STUDY → SERIES →
//! IMAGE trees.

use std::collections::{HashMap, HashSet};

use dicom_dictionary_std::tags;
use dicom_object::InMemDicomObject;

use crate::attributes::{integer, text};
use crate::checked::{CheckedHeader, parse};

/// A directory record and the records below it.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The record's attributes (e.g. PatientName on a PATIENT record).
    pub(crate) record: InMemDicomObject,
    /// The record type, upper case: "PATIENT", "STUDY", "SERIES", "IMAGE", …
    pub(crate) kind: String,
    /// The records one level below.
    pub(crate) children: Vec<Entry>,
}

/// Record types by level; any other type at the lowest level counts as an instance.
const LEVELS: [&str; 3] = ["PATIENT", "STUDY", "SERIES"];
/// Chains longer than this are taken as damage (a loop the visited set would also stop).
const MAX_DEPTH: usize = 8;

/// The top-level entries of a checked DICOMDIR; `None` when it cannot be parsed.
///
/// Records are linked by their offsets when those resolve; otherwise (another writer's quirk,
/// damaged links) by their order, each record belonging to the last record of the level above.
pub(crate) fn read_index(index: &CheckedHeader) -> Option<Vec<Entry>> {
    let data_set = parse(index)?;
    let records: Vec<InMemDicomObject> = data_set
        .get(tags::DIRECTORY_RECORD_SEQUENCE)?
        .items()?
        .to_vec();
    let first = integer::<usize>(
        &data_set,
        tags::OFFSET_OF_THE_FIRST_DIRECTORY_RECORD_OF_THE_ROOT_DIRECTORY_ENTITY,
    );
    let linked = match first {
        Some(first) if index.record_offsets.len() == records.len() => {
            link_by_offsets(&records, &index.record_offsets, first)
        }
        _ => None,
    };
    Some(linked.unwrap_or_else(|| link_by_order(records)))
}

fn kind_of(record: &InMemDicomObject) -> String {
    text(record, tags::DIRECTORY_RECORD_TYPE)
        .unwrap_or_default()
        .to_uppercase()
}

/// Follows the "next" and "lower level" offsets from the first root record. `None` when an
/// offset points nowhere, a record is reached twice, or a record stays unreached.
fn link_by_offsets(
    records: &[InMemDicomObject],
    offsets: &[usize],
    first: usize,
) -> Option<Vec<Entry>> {
    let by_offset: HashMap<usize, usize> = offsets
        .iter()
        .enumerate()
        .map(|(index, offset)| (*offset, index))
        .collect();
    let mut linker = OffsetLinker {
        records,
        by_offset,
        visited: HashSet::new(),
    };
    let roots = linker.chain(first, 0)?;
    (linker.visited.len() == records.len()).then_some(roots)
}

/// The state of one walk over the offset links.
struct OffsetLinker<'a> {
    records: &'a [InMemDicomObject],
    by_offset: HashMap<usize, usize>,
    visited: HashSet<usize>,
}

impl OffsetLinker<'_> {
    /// The records of the chain starting at `offset` (0: an empty chain), with their children.
    fn chain(&mut self, mut offset: usize, depth: usize) -> Option<Vec<Entry>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut entries = Vec::new();
        while offset != 0 {
            let index = *self.by_offset.get(&offset)?;
            if !self.visited.insert(index) {
                return None;
            }
            let record = &self.records[index];
            let lower = integer::<usize>(
                record,
                tags::OFFSET_OF_REFERENCED_LOWER_LEVEL_DIRECTORY_ENTITY,
            );
            let children = self.chain(lower.unwrap_or(0), depth + 1)?;
            entries.push(Entry {
                record: record.clone(),
                kind: kind_of(record),
                children,
            });
            offset =
                integer::<usize>(record, tags::OFFSET_OF_THE_NEXT_DIRECTORY_RECORD).unwrap_or(0);
        }
        Some(entries)
    }
}

/// Links records by order: each belongs to the nearest record before it one level up.
/// Records whose parent level is missing are left out.
fn link_by_order(records: Vec<InMemDicomObject>) -> Vec<Entry> {
    let mut roots: Vec<Entry> = Vec::new();
    for record in records {
        let kind = kind_of(&record);
        let level = LEVELS
            .iter()
            .position(|level| *level == kind)
            .unwrap_or(LEVELS.len());
        let entry = Entry {
            record,
            kind,
            children: Vec::new(),
        };
        if level == 0 {
            roots.push(entry);
        } else if let Some(parent) = last_at_level(&mut roots, level - 1) {
            parent.children.push(entry);
        }
    }
    roots
}

/// The last entry `level` steps below the roots, following the last child each time.
fn last_at_level(roots: &mut [Entry], level: usize) -> Option<&mut Entry> {
    let mut entry = roots.last_mut()?;
    for _ in 0..level {
        entry = entry.children.last_mut()?;
    }
    Some(entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dicom_core::{DataElement, PrimitiveValue, VR};

    fn record(kind: &str, next: u32, lower: u32) -> InMemDicomObject {
        InMemDicomObject::from_element_iter([
            DataElement::new(
                tags::OFFSET_OF_THE_NEXT_DIRECTORY_RECORD,
                VR::UL,
                PrimitiveValue::from(next),
            ),
            DataElement::new(
                tags::OFFSET_OF_REFERENCED_LOWER_LEVEL_DIRECTORY_ENTITY,
                VR::UL,
                PrimitiveValue::from(lower),
            ),
            DataElement::new(
                tags::DIRECTORY_RECORD_TYPE,
                VR::CS,
                PrimitiveValue::from(kind),
            ),
        ])
    }

    /// The tree as text: kind and children, e.g. "PATIENT(STUDY(SERIES(IMAGE IMAGE)))".
    fn shape(entries: &[Entry]) -> String {
        entries
            .iter()
            .map(|entry| {
                if entry.children.is_empty() {
                    entry.kind.clone()
                } else {
                    format!("{}({})", entry.kind, shape(&entry.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn offsets_link_records_in_any_order() {
        // Grouped by level: P1 P2 S1 S2 E1 E2 I1 I2 I3, at offsets 10, 20, …, 90.
        let records = [
            record("PATIENT", 20, 30),
            record("PATIENT", 0, 40),
            record("STUDY", 0, 50),
            record("STUDY", 0, 60),
            record("SERIES", 0, 70),
            record("SERIES", 0, 90),
            record("IMAGE", 80, 0),
            record("IMAGE", 0, 0),
            record("image", 0, 0),
        ];
        let offsets: Vec<usize> = (1..=9).map(|n| n * 10).collect();
        let tree = link_by_offsets(&records, &offsets, 10).expect("linked");
        assert_eq!(
            shape(&tree),
            "PATIENT(STUDY(SERIES(IMAGE IMAGE))) PATIENT(STUDY(SERIES(IMAGE)))"
        );
    }

    #[test]
    fn broken_offsets_are_refused() {
        let offsets = [10, 20, 30];
        let cases = [
            (
                "dangling",
                vec![
                    record("PATIENT", 99, 0),
                    record("PATIENT", 0, 0),
                    record("PATIENT", 0, 0),
                ],
            ),
            (
                "loop",
                vec![
                    record("PATIENT", 20, 0),
                    record("PATIENT", 10, 0),
                    record("PATIENT", 0, 0),
                ],
            ),
            (
                "self below",
                vec![
                    record("PATIENT", 0, 10),
                    record("STUDY", 0, 0),
                    record("STUDY", 0, 0),
                ],
            ),
            (
                "unreached",
                vec![
                    record("PATIENT", 20, 0),
                    record("PATIENT", 0, 0),
                    record("STUDY", 0, 0),
                ],
            ),
        ];
        for (name, records) in cases {
            assert!(link_by_offsets(&records, &offsets, 10).is_none(), "{name}");
        }
    }

    #[test]
    fn order_links_records_written_depth_first() {
        let kinds = [
            "IMAGE", "PATIENT", "STUDY", "SERIES", "IMAGE", "IMAGE", "SERIES", "IMAGE", "STUDY",
            "PATIENT", "SERIES", "STUDY", "SERIES", "RT DOSE",
        ];
        let records = kinds.iter().map(|kind| record(kind, 0, 0)).collect();
        assert_eq!(
            shape(&link_by_order(records)),
            "PATIENT(STUDY(SERIES(IMAGE IMAGE) SERIES(IMAGE)) STUDY) PATIENT(STUDY(SERIES(RT DOSE)))"
        );
    }
}
