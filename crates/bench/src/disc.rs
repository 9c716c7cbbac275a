//! A made-up scan disc of any size, as a hospital's PACS burns one: a `DICOMDIR` whose
//! PATIENT → STUDY → SERIES → IMAGE records are linked by their byte offsets, and CT images
//! (`DICOM/P0000001/STnnnnnn/SEnnnnnn/IMnnnnnn`, Part 10, explicit VR little endian, 128 x
//! 128 pixels of 16 bits). Series records carry no description or body part, so a reader
//! takes those from one image header per series, as with many real discs. Fictional patient.

use std::fs;
use std::io;
use std::path::Path;

use crate::rng::Rng;

/// The disc's patient, in DICOM's order (family name first).
const PATIENT_NAME: &str = "PERSON^BENCH";
const PATIENT_ID: &str = "BP-100000";
/// Images per series, and series per study.
const SERIES_IMAGES: usize = 250;
const STUDY_SERIES: usize = 4;
/// Each image's side in pixels.
const SIDE: u16 = 128;
const CT_IMAGE_STORAGE: &str = "1.2.840.10008.5.1.4.1.1.2";
const MEDIA_DIRECTORY_STORAGE: &str = "1.2.840.10008.1.3.10";
const EXPLICIT_LITTLE_ENDIAN: &str = "1.2.840.10008.1.2.1";
/// A made-up implementation class UID under the UUID-derived root `2.25`.
const IMPLEMENTATION_CLASS: &str = "2.25.1000000000000000000000000000001";
/// The record types' sixteen-bit "in use" flag.
const IN_USE: u16 = 0xFFFF;

/// What was generated.
pub struct Disc {
    /// Files written, the DICOMDIR included.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Studies on the disc.
    pub studies: usize,
}

/// Writes a disc of `files` files (a DICOMDIR and `files - 1` images) into `root`.
pub fn generate(root: &Path, files: usize) -> io::Result<Disc> {
    let mut rng = Rng(0xD1C0_5CA1_E000_0001);
    let images = files.saturating_sub(1).max(1);
    let series_count = images.div_ceil(SERIES_IMAGES);
    let study_count = series_count.div_ceil(STUDY_SERIES);
    let mut made = Disc {
        files: 0,
        bytes: 0,
        studies: study_count,
    };
    let mut records = vec![Record::new(
        None,
        "PATIENT",
        [
            text(0x0010, 0x0010, "PN", PATIENT_NAME),
            text(0x0010, 0x0020, "LO", PATIENT_ID),
        ]
        .concat(),
    )];
    let mut image = 0;
    for study in 0..study_count {
        let study_uid = uid(&mut rng);
        let date = format!("2024{:02}{:02}", 1 + study % 12, 1 + (study * 7) % 28);
        let description = "CT CHEST ABDOMEN PELVIS W CONTRAST";
        records.push(Record::new(
            Some(0),
            "STUDY",
            [
                text(0x0008, 0x0020, "DA", &date),
                text(0x0008, 0x1030, "LO", description),
                text(0x0020, 0x000D, "UI", &study_uid),
                text(0x0020, 0x0010, "SH", &(study + 1).to_string()),
            ]
            .concat(),
        ));
        let study_record = records.len() - 1;
        for series in 0..STUDY_SERIES {
            if image == images {
                break;
            }
            let series_uid = uid(&mut rng);
            let number = (series + 2).to_string();
            records.push(Record::new(
                Some(study_record),
                "SERIES",
                [
                    text(0x0008, 0x0060, "CS", "CT"),
                    text(0x0020, 0x000E, "UI", &series_uid),
                    text(0x0020, 0x0011, "IS", &number),
                ]
                .concat(),
            ));
            let series_record = records.len() - 1;
            let folder = format!("DICOM/P0000001/ST{:06}/SE{:06}", study + 1, series + 1);
            fs::create_dir_all(root.join(&folder))?;
            for instance in 0..SERIES_IMAGES.min(images - image) {
                let name = format!("IM{:06}", instance + 1);
                let instance_uid = uid(&mut rng);
                let header = Header {
                    study_date: &date,
                    study_description: description,
                    study_uid: &study_uid,
                    series_uid: &series_uid,
                    series_number: &number,
                    series_description: if series % 2 == 0 {
                        "AXIAL 5MM"
                    } else {
                        "CORONAL 3MM"
                    },
                    instance_uid: &instance_uid,
                    instance_number: instance + 1,
                };
                let bytes = image_file(&header, &mut rng);
                fs::write(root.join(&folder).join(&name), &bytes)?;
                made.files += 1;
                made.bytes += bytes.len() as u64;
                let file_id = format!("{}\\{name}", folder.replace('/', "\\"));
                records.push(Record::new(
                    Some(series_record),
                    "IMAGE",
                    [
                        text(0x0004, 0x1500, "CS", &file_id),
                        text(0x0004, 0x1510, "UI", CT_IMAGE_STORAGE),
                        text(0x0004, 0x1511, "UI", &instance_uid),
                        text(0x0004, 0x1512, "UI", EXPLICIT_LITTLE_ENDIAN),
                        text(0x0020, 0x0013, "IS", &(instance + 1).to_string()),
                    ]
                    .concat(),
                ));
                image += 1;
            }
        }
    }
    let index = dicomdir(&records, &uid(&mut rng));
    fs::write(root.join("DICOMDIR"), &index)?;
    made.files += 1;
    made.bytes += index.len() as u64;
    Ok(made)
}

/// One directory record: its type, its own attributes, and its parent (by position).
struct Record {
    parent: Option<usize>,
    kind: &'static str,
    keys: Vec<u8>,
}

impl Record {
    fn new(parent: Option<usize>, kind: &'static str, keys: Vec<u8>) -> Record {
        Record { parent, kind, keys }
    }

    /// The item's bytes, its links (file offsets, 0 for none) in front of its keys.
    fn item(&self, next: u32, lower: u32) -> Vec<u8> {
        let body = [
            element(0x0004, 0x1400, "UL", &next.to_le_bytes()),
            element(0x0004, 0x1410, "US", &IN_USE.to_le_bytes()),
            element(0x0004, 0x1420, "UL", &lower.to_le_bytes()),
            text(0x0004, 0x1430, "CS", self.kind),
            self.keys.clone(),
        ]
        .concat();
        [item_header(body.len()), body].concat()
    }
}

/// The DICOMDIR holding `records` (given parents first, each after its earlier siblings).
fn dicomdir(records: &[Record], instance_uid: &str) -> Vec<u8> {
    let head = [
        part10_head(MEDIA_DIRECTORY_STORAGE, instance_uid),
        text(0x0004, 0x1130, "CS", "CARRYALL BENCH"),
    ]
    .concat();
    // The four links before the sequence have fixed sizes, so every item's offset is known
    // before their values are: items are as long whatever their links say.
    let fixed = [
        element(0x0004, 0x1200, "UL", &[0; 4]),
        element(0x0004, 0x1202, "UL", &[0; 4]),
        element(0x0004, 0x1212, "US", &[0; 2]),
    ]
    .concat();
    let mut offsets = Vec::with_capacity(records.len());
    let mut at = head.len() + fixed.len() + 12;
    for record in records {
        offsets.push(at as u32);
        at += record.item(0, 0).len();
    }
    let mut next = vec![0u32; records.len()];
    let mut lower = vec![0u32; records.len()];
    let mut last_child: Vec<Option<usize>> = vec![None; records.len() + 1];
    for (index, record) in records.iter().enumerate() {
        // Slot `records.len()` stands for the root level.
        let parent = record.parent.unwrap_or(records.len());
        match last_child[parent] {
            Some(previous) => next[previous] = offsets[index],
            None if parent < records.len() => lower[parent] = offsets[index],
            None => {}
        }
        last_child[parent] = Some(index);
    }
    let roots: Vec<u32> = (0..records.len())
        .filter(|&index| records[index].parent.is_none())
        .map(|index| offsets[index])
        .collect();
    let items: Vec<u8> = records
        .iter()
        .enumerate()
        .flat_map(|(index, record)| record.item(next[index], lower[index]))
        .collect();
    [
        head,
        element(0x0004, 0x1200, "UL", &roots[0].to_le_bytes()),
        element(0x0004, 0x1202, "UL", &roots[roots.len() - 1].to_le_bytes()),
        element(0x0004, 0x1212, "US", &[0; 2]),
        element(0x0004, 0x1220, "SQ", &items),
    ]
    .concat()
}

/// What an image's header says.
struct Header<'a> {
    study_date: &'a str,
    study_description: &'a str,
    study_uid: &'a str,
    series_uid: &'a str,
    series_number: &'a str,
    series_description: &'a str,
    instance_uid: &'a str,
    instance_number: usize,
}

/// A CT image file: its header, then random pixels.
fn image_file(header: &Header, rng: &mut Rng) -> Vec<u8> {
    let mut pixels = vec![0u8; usize::from(SIDE) * usize::from(SIDE) * 2];
    rng.fill(&mut pixels);
    [
        part10_head(CT_IMAGE_STORAGE, header.instance_uid),
        text(0x0008, 0x0016, "UI", CT_IMAGE_STORAGE),
        text(0x0008, 0x0018, "UI", header.instance_uid),
        text(0x0008, 0x0020, "DA", header.study_date),
        text(0x0008, 0x0060, "CS", "CT"),
        text(0x0008, 0x1030, "LO", header.study_description),
        text(0x0008, 0x103E, "LO", header.series_description),
        text(0x0010, 0x0010, "PN", PATIENT_NAME),
        text(0x0010, 0x0020, "LO", PATIENT_ID),
        text(0x0018, 0x0015, "CS", "CHEST"),
        text(0x0020, 0x000D, "UI", header.study_uid),
        text(0x0020, 0x000E, "UI", header.series_uid),
        text(0x0020, 0x0011, "IS", header.series_number),
        text(0x0020, 0x0013, "IS", &header.instance_number.to_string()),
        element(0x0028, 0x0002, "US", &1u16.to_le_bytes()),
        text(0x0028, 0x0004, "CS", "MONOCHROME2"),
        element(0x0028, 0x0010, "US", &SIDE.to_le_bytes()),
        element(0x0028, 0x0011, "US", &SIDE.to_le_bytes()),
        element(0x0028, 0x0100, "US", &16u16.to_le_bytes()),
        element(0x0028, 0x0101, "US", &12u16.to_le_bytes()),
        element(0x0028, 0x0102, "US", &11u16.to_le_bytes()),
        element(0x0028, 0x0103, "US", &0u16.to_le_bytes()),
        element(0x7FE0, 0x0010, "OW", &pixels),
    ]
    .concat()
}

/// The 128-byte preamble, "DICM" and the file meta group for an object of `sop_class`.
fn part10_head(sop_class: &str, instance_uid: &str) -> Vec<u8> {
    let meta = [
        element(0x0002, 0x0001, "OB", &[0, 1]),
        text(0x0002, 0x0002, "UI", sop_class),
        text(0x0002, 0x0003, "UI", instance_uid),
        text(0x0002, 0x0010, "UI", EXPLICIT_LITTLE_ENDIAN),
        text(0x0002, 0x0012, "UI", IMPLEMENTATION_CLASS),
    ]
    .concat();
    let length = u32::try_from(meta.len()).expect("a short meta group");
    [
        vec![0u8; 128],
        b"DICM".to_vec(),
        element(0x0002, 0x0000, "UL", &length.to_le_bytes()),
        meta,
    ]
    .concat()
}

/// A text element, padded to an even length (UIDs with a NUL, other text with a space).
fn text(group: u16, number: u16, vr: &str, value: &str) -> Vec<u8> {
    let mut bytes = value.as_bytes().to_vec();
    if bytes.len() % 2 == 1 {
        bytes.push(if vr == "UI" { 0 } else { b' ' });
    }
    element(group, number, vr, &bytes)
}

/// An explicit VR little-endian element; OB, OW and SQ take the long (4-byte) length form.
fn element(group: u16, number: u16, vr: &str, value: &[u8]) -> Vec<u8> {
    let mut bytes = [group.to_le_bytes(), number.to_le_bytes()].concat();
    bytes.extend_from_slice(vr.as_bytes());
    if matches!(vr, "OB" | "OW" | "SQ") {
        bytes.extend_from_slice(&[0, 0]);
        bytes.extend_from_slice(
            &u32::try_from(value.len())
                .expect("under 4 GiB")
                .to_le_bytes(),
        );
    } else {
        let length = u16::try_from(value.len()).expect("a short value");
        bytes.extend_from_slice(&length.to_le_bytes());
    }
    bytes.extend_from_slice(value);
    bytes
}

/// A sequence item's tag (FFFE,E000) and its length.
fn item_header(length: usize) -> Vec<u8> {
    let mut bytes = [0xFFFEu16.to_le_bytes(), 0xE000u16.to_le_bytes()].concat();
    bytes.extend_from_slice(&u32::try_from(length).expect("a short item").to_le_bytes());
    bytes
}

/// A made-up UID under the UUID-derived root `2.25`.
fn uid(rng: &mut Rng) -> String {
    format!(
        "2.25.{}{:019}",
        1 + rng.below(9),
        rng.next() % 10_000_000_000_000_000_000
    )
}
