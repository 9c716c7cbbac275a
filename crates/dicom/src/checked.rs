//! A file's header, checked element by element before the data set parser sees it, and then
//! parsed.

use std::io::Read;

use dicom_dictionary_std::{tags, uids};
use dicom_object::file::ReadPreamble;
use dicom_object::{FileMetaTableBuilder, InMemDicomObject, OpenFileOptions};

use crate::guard::without_panics;
use crate::sniff::{Layout, detect};
use crate::walker::{Encoding, Walker};

/// How many first bytes decide the layout.
const HEAD_LEN: usize = 4096;
const TRANSFER_SYNTAX: (u16, u16) = (0x0002, 0x0010);
const DIRECTORY_RECORD_SEQUENCE: (u16, u16) = (0x0004, 0x1220);
/// The header ends where Pixel Data, or anything after it, begins.
const PIXEL_DATA: (u16, u16) = (0x7FE0, 0x0010);
/// Data sets compressed as a whole, which the parser here cannot read.
const DEFLATED: [&str; 2] = ["1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.4.95"];
const EXPLICIT_VR_BIG_ENDIAN: &str = "1.2.840.10008.1.2.2";

/// A header whose every element length is backed by bytes of the file.
pub(crate) struct CheckedHeader {
    /// The file's bytes from its start to the end of the header (before pixel data).
    pub(crate) bytes: Vec<u8>,
    layout: Layout,
    /// Where each item of a top-level Directory Record Sequence starts, in file offsets.
    pub(crate) record_offsets: Vec<usize>,
}

/// Why a header failed the check.
#[derive(Debug)]
pub(crate) enum CheckError {
    /// The first bytes do not look like DICOM.
    NotDicom,
    /// An element is cut short, declares more bytes than the file (or the cap) holds, or is
    /// otherwise malformed.
    Damaged,
    /// The data set is compressed as a whole (deflate).
    Unsupported,
    /// The source could not be read at all.
    Io(std::io::Error),
}

/// Walks the header in `source` (at most `max_len` bytes), up to its pixel data.
pub(crate) fn check_header<R: Read>(
    source: R,
    max_len: usize,
) -> Result<CheckedHeader, CheckError> {
    let mut walker = Walker::new(source, max_len);
    walker.fill(HEAD_LEN).map_err(CheckError::Io)?;
    let layout = detect(&walker.bytes).ok_or(CheckError::NotDicom)?;
    match layout {
        Layout::Part10 { skip } => {
            walker.at = skip + 4;
            walker.encoding = meta_group(&mut walker)?;
        }
        Layout::MetaWithoutMagic => walker.encoding = meta_group(&mut walker)?,
        Layout::RawDataSet { explicit_vr } => {
            walker.encoding = Encoding {
                explicit_vr,
                big_endian: false,
            };
        }
    }
    let record_offsets = data_set(&mut walker).ok_or(CheckError::Damaged)?;
    let mut bytes = walker.bytes;
    bytes.truncate(walker.at);
    Ok(CheckedHeader {
        bytes,
        layout,
        record_offsets,
    })
}

/// Walks the file meta group; returns the encoding its transfer syntax names for the data set.
fn meta_group<R: Read>(walker: &mut Walker<R>) -> Result<Encoding, CheckError> {
    walker.encoding = Encoding::EXPLICIT_LE;
    let mut transfer_syntax = None;
    while walker.peek_tag().is_some_and(|tag| tag.0 == 0x0002) {
        let header = walker.header().ok_or(CheckError::Damaged)?;
        if header.tag == TRANSFER_SYNTAX {
            transfer_syntax = Some(walker.value(&header).ok_or(CheckError::Damaged)?);
        } else {
            walker.skip_value(&header).ok_or(CheckError::Damaged)?;
        }
    }
    let transfer_syntax = transfer_syntax.ok_or(CheckError::Damaged)?;
    let uid = String::from_utf8_lossy(&transfer_syntax);
    match uid.trim_end_matches(['\0', ' ']) {
        uid if DEFLATED.contains(&uid) => Err(CheckError::Unsupported),
        uids::IMPLICIT_VR_LITTLE_ENDIAN => Ok(Encoding::IMPLICIT_LE),
        EXPLICIT_VR_BIG_ENDIAN => Ok(Encoding {
            explicit_vr: true,
            big_endian: true,
        }),
        _ => Ok(Encoding::EXPLICIT_LE),
    }
}

/// Walks the data set up to pixel data, returning the directory records' offsets if any.
fn data_set<R: Read>(walker: &mut Walker<R>) -> Option<Vec<usize>> {
    let mut record_offsets = Vec::new();
    while !walker.at_end()? {
        if walker.peek_tag()? >= PIXEL_DATA {
            break;
        }
        let header = walker.header()?;
        if header.tag == DIRECTORY_RECORD_SEQUENCE {
            record_offsets = walker.item_offsets(&header)?;
        } else {
            walker.skip_value(&header)?;
        }
    }
    Some(record_offsets)
}

/// Parses the checked header (the file meta group is dropped); `None` when the parser fails.
pub(crate) fn parse(header: &CheckedHeader) -> Option<InMemDicomObject> {
    let (prefix, start) = standard_prefix(header.layout)?;
    let stream = prefix.as_slice().chain(header.bytes.get(start..)?);
    let object = without_panics(|| {
        OpenFileOptions::new()
            .read_preamble(ReadPreamble::Never)
            .read_until(tags::PIXEL_DATA)
            .from_reader(stream)
    })?;
    Some(object.into_inner())
}

/// What to put in front of the file's bytes, and where in them to start, so that the stream
/// begins with "DICM" and a file meta group as the Part 10 reader expects.
fn standard_prefix(layout: Layout) -> Option<(Vec<u8>, usize)> {
    match layout {
        Layout::Part10 { skip } => Some((Vec::new(), skip)),
        Layout::MetaWithoutMagic => Some((b"DICM".to_vec(), 0)),
        Layout::RawDataSet { explicit_vr } => {
            let transfer_syntax = if explicit_vr {
                uids::EXPLICIT_VR_LITTLE_ENDIAN
            } else {
                uids::IMPLICIT_VR_LITTLE_ENDIAN
            };
            let meta = FileMetaTableBuilder::new()
                .transfer_syntax(transfer_syntax)
                .build()
                .ok()?;
            let mut prefix = b"DICM".to_vec();
            meta.write(&mut prefix).ok()?;
            Some((prefix, 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An explicit VR little-endian element with a 2-byte length.
    fn element(group: u16, element: u16, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
        let mut bytes = [group.to_le_bytes(), element.to_le_bytes()].concat();
        bytes.extend_from_slice(vr);
        bytes.extend_from_slice(&(value.len() as u16).to_le_bytes());
        bytes.extend_from_slice(value);
        bytes
    }

    /// A Part 10 file without preamble: magic, meta group naming `transfer_syntax`, `rest`.
    fn part10(transfer_syntax: &str, rest: &[u8]) -> Vec<u8> {
        let mut uid = transfer_syntax.as_bytes().to_vec();
        if uid.len() % 2 == 1 {
            uid.push(0);
        }
        let transfer_syntax = element(0x0002, 0x0010, b"UI", &uid);
        let group_len = (transfer_syntax.len() as u32).to_le_bytes();
        [
            b"DICM".to_vec(),
            element(0x0002, 0x0000, b"UL", &group_len),
            transfer_syntax,
            rest.to_vec(),
        ]
        .concat()
    }

    #[test]
    fn every_layout_gets_a_prefix() {
        let layouts = [
            (Layout::Part10 { skip: 128 }, 128),
            (Layout::Part10 { skip: 0 }, 0),
            (Layout::MetaWithoutMagic, 0),
            (Layout::RawDataSet { explicit_vr: true }, 0),
            (Layout::RawDataSet { explicit_vr: false }, 0),
        ];
        for (layout, expected_start) in layouts {
            let (prefix, start) = standard_prefix(layout).expect("a prefix");
            assert_eq!(start, expected_start, "{layout:?}");
            assert!(
                prefix.is_empty() || prefix.starts_with(b"DICM"),
                "{layout:?}"
            );
        }
    }

    #[test]
    fn headers_end_before_pixel_data() {
        let name = element(0x0010, 0x0010, b"PN", b"DOE^JO");
        let pixels = [
            &[0xE0, 0x7F, 0x10, 0x00][..],
            b"OW\0\0",
            &4u32.to_le_bytes(),
            &[1, 2, 3, 4],
        ]
        .concat();
        let file = part10(uids::EXPLICIT_VR_LITTLE_ENDIAN, &[name, pixels].concat());
        let checked = check_header(file.as_slice(), 1 << 20).expect("checked");
        assert_eq!(checked.bytes.len(), file.len() - 16);
        let object = parse(&checked).expect("parsed");
        assert!(object.get(tags::PATIENT_NAME).is_some());
    }

    #[test]
    fn the_transfer_syntax_decides_the_outcome() {
        let name = element(0x0010, 0x0010, b"PN", b"DOE^JO");
        let cases = [
            (uids::EXPLICIT_VR_LITTLE_ENDIAN, "ok"),
            (uids::JPEG_BASELINE8_BIT, "ok"),
            (uids::IMPLICIT_VR_LITTLE_ENDIAN, "damaged"),
            (DEFLATED[0], "unsupported"),
        ];
        for (transfer_syntax, expected) in cases {
            let file = part10(transfer_syntax, &name);
            let outcome = match check_header(file.as_slice(), 1 << 20) {
                Ok(_) => "ok",
                Err(CheckError::Damaged) => "damaged",
                Err(CheckError::Unsupported) => "unsupported",
                Err(other) => panic!("{other:?}"),
            };
            assert_eq!(outcome, expected, "{transfer_syntax}");
        }
    }
}
