//! Recognising DICOM by content: the Part 10 layouts and raw data sets without a meta header.

use crate::walker::{LONG_VRS, SHORT_VRS};

/// How a file's bytes are laid out, as far as its first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// A file meta group introduced by "DICM", starting `skip` bytes in (128 with the preamble).
    Part10 {
        /// Bytes before "DICM": 128 (the preamble) or 0.
        skip: usize,
    },
    /// A file meta group (group 0x0002) without the "DICM" magic code in front.
    MetaWithoutMagic,
    /// A data set with no meta group at all, in little-endian byte order.
    RawDataSet {
        /// Whether the elements carry their value representation (explicit VR).
        explicit_vr: bool,
    },
}

const MAGIC: &[u8; 4] = b"DICM";
const PREAMBLE_LEN: usize = 128;
const META_GROUP: u16 = 0x0002;
const IDENTIFYING_GROUP: u16 = 0x0008;
/// Values longer than this in a data set's first element are implausible.
const MAX_FIRST_VALUE_LEN: u32 = 1024;

/// True when these first bytes (up to 4 KiB given) look like DICOM: "DICM" at offset 128
/// (standard Part 10 file), "DICM" at offset 0 (preamble missing), or a raw data set with no meta
/// header that starts with a plausible little-endian group 0x0002/0x0008 element (implicit or
/// explicit VR).
pub fn looks_like_dicom(head: &[u8]) -> bool {
    detect(head).is_some()
}

/// The layout these first bytes show, or `None` when they do not look like DICOM.
pub(crate) fn detect(head: &[u8]) -> Option<Layout> {
    if head.get(PREAMBLE_LEN..PREAMBLE_LEN + 4) == Some(MAGIC) {
        return Some(Layout::Part10 { skip: PREAMBLE_LEN });
    }
    if head.starts_with(MAGIC) && group_at(head, 4) == Some(META_GROUP) {
        return Some(Layout::Part10 { skip: 0 });
    }
    let first = element_at(head, 0)?;
    if first.group != META_GROUP && first.group != IDENTIFYING_GROUP {
        return None;
    }
    if first.len % 2 != 0 || first.len > MAX_FIRST_VALUE_LEN {
        return None;
    }
    if !next_element_is_plausible(head, &first) {
        return None;
    }
    Some(if first.group == META_GROUP {
        Layout::MetaWithoutMagic
    } else {
        Layout::RawDataSet {
            explicit_vr: first.explicit_vr,
        }
    })
}

/// A data element's header as read from raw bytes.
struct ElementHeader {
    group: u16,
    element: u16,
    explicit_vr: bool,
    /// Bytes taken by the header itself.
    header_len: usize,
    len: u32,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let pair = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([pair[0], pair[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let quad = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]]))
}

fn group_at(bytes: &[u8], at: usize) -> Option<u16> {
    u16_at(bytes, at)
}

/// Reads an element header at `at`, as explicit VR when a known VR follows the tag.
fn element_at(bytes: &[u8], at: usize) -> Option<ElementHeader> {
    let group = u16_at(bytes, at)?;
    let element = u16_at(bytes, at + 2)?;
    let vr = bytes.get(at + 4..at + 6)?;
    let (explicit_vr, header_len, len) = if LONG_VRS.iter().any(|known| known[..] == *vr) {
        (true, 12, u32_at(bytes, at + 8)?)
    } else if SHORT_VRS.iter().any(|known| known[..] == *vr) {
        (true, 8, u32::from(u16_at(bytes, at + 6)?))
    } else {
        (false, 8, u32_at(bytes, at + 4)?)
    };
    Some(ElementHeader {
        group,
        element,
        explicit_vr,
        header_len,
        len,
    })
}

/// When the element after `first` lies within `head`, it must continue in ascending tag order
/// with the same encoding; when it lies beyond, `first` alone decides.
fn next_element_is_plausible(head: &[u8], first: &ElementHeader) -> bool {
    let at = first.header_len + first.len as usize;
    if at + 12 > head.len() {
        return true;
    }
    match element_at(head, at) {
        Some(next) => {
            next.explicit_vr == first.explicit_vr
                && (next.group, next.element) > (first.group, first.element)
                && next.group < 0x7FE1
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An implicit VR element: tag, 4-byte length, value.
    fn implicit(group: u16, element: u16, value: &[u8]) -> Vec<u8> {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&group.to_le_bytes());
        bytes.extend_from_slice(&element.to_le_bytes());
        bytes.extend_from_slice(&(value.len() as u32).to_le_bytes());
        bytes.extend_from_slice(value);
        bytes
    }

    /// An explicit VR element with a 2-byte length.
    fn explicit(group: u16, element: u16, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&group.to_le_bytes());
        bytes.extend_from_slice(&element.to_le_bytes());
        bytes.extend_from_slice(vr);
        bytes.extend_from_slice(&(value.len() as u16).to_le_bytes());
        bytes.extend_from_slice(value);
        bytes
    }

    fn part10(preamble: usize) -> Vec<u8> {
        let mut bytes = vec![0; preamble];
        bytes.extend_from_slice(b"DICM");
        bytes.extend(explicit(0x0002, 0x0000, b"UL", &[10, 0, 0, 0]));
        bytes
    }

    fn raw_implicit() -> Vec<u8> {
        [
            implicit(0x0008, 0x0005, b"ISO_IR 100"),
            implicit(0x0008, 0x0016, b"1.2.840.10008.5.1.4.1.1.2\0"),
            implicit(0x0010, 0x0010, b"DOE^JO"),
        ]
        .concat()
    }

    fn raw_explicit() -> Vec<u8> {
        [
            explicit(0x0008, 0x0005, b"CS", b"ISO_IR 100"),
            explicit(0x0008, 0x0020, b"DA", b"20240312"),
        ]
        .concat()
    }

    fn out_of_order() -> Vec<u8> {
        [
            implicit(0x0008, 0x0020, b"20240312"),
            implicit(0x0008, 0x0005, b"ISO_IR 100"),
        ]
        .concat()
    }

    #[test]
    fn recognises_layouts_by_content() {
        let mut preamble_of_text = vec![b'x'; 128];
        preamble_of_text.extend_from_slice(b"DICM");
        let cases: Vec<(&str, Vec<u8>, Option<Layout>)> = vec![
            ("part 10", part10(128), Some(Layout::Part10 { skip: 128 })),
            (
                "any preamble",
                preamble_of_text,
                Some(Layout::Part10 { skip: 128 }),
            ),
            ("no preamble", part10(0), Some(Layout::Part10 { skip: 0 })),
            (
                "meta without magic",
                part10(0)[4..].to_vec(),
                Some(Layout::MetaWithoutMagic),
            ),
            (
                "raw implicit",
                raw_implicit(),
                Some(Layout::RawDataSet { explicit_vr: false }),
            ),
            (
                "raw explicit",
                raw_explicit(),
                Some(Layout::RawDataSet { explicit_vr: true }),
            ),
            (
                "raw, first element only",
                implicit(0x0008, 0x0005, b"ISO_IR 100"),
                Some(Layout::RawDataSet { explicit_vr: false }),
            ),
            ("empty", Vec::new(), None),
            ("too short", vec![8, 0, 5], None),
            ("text", b"Discharge summary, page 1 of 3".to_vec(), None),
            (
                "PDF",
                b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec(),
                None,
            ),
            ("DICM then text", b"DICM is a magic code".to_vec(), None),
            ("other group", implicit(0x0010, 0x0010, b"DOE^JO"), None),
            ("odd length", implicit(0x0008, 0x0005, b"ISO_IR 10"), None),
            ("huge length", implicit(0x0008, 0x0005, &[b'A'; 2000]), None),
            ("tags out of order", out_of_order(), None),
        ];
        for (name, head, expected) in cases {
            assert_eq!(detect(&head), expected, "{name}");
            assert_eq!(looks_like_dicom(&head), expected.is_some(), "{name}");
        }
    }

    #[test]
    fn never_panics_on_short_or_odd_prefixes() {
        let samples = [part10(128), part10(0), raw_implicit(), raw_explicit()];
        for sample in samples {
            for end in 0..sample.len() {
                let _ = detect(&sample[..end]);
            }
        }
    }
}
