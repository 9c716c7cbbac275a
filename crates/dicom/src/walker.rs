//! A bounds-checked walk over encoded data elements, reading from the source only as far as the
//! walk goes.
//!
//! The data set parser allocates whatever length an element declares before reading it, so a
//! hostile length could make it allocate gigabytes. Walking first proves every declared length
//! is backed by real bytes (within a cap); the walk also finds where the directory records of a
//! DICOMDIR start, which the parser does not report.

use std::io::Read;

/// Tag of the item that starts each element of a sequence.
const ITEM: (u16, u16) = (0xFFFE, 0xE000);
const ITEM_END: (u16, u16) = (0xFFFE, 0xE00D);
const SEQUENCE_END: (u16, u16) = (0xFFFE, 0xE0DD);
const UNDEFINED_LENGTH: u32 = u32::MAX;
/// Sequences nested deeper than this are taken as damage.
const MAX_NESTING: usize = 16;
/// Value representations whose length field is 4 bytes after 2 reserved ones (explicit VR).
pub(crate) const LONG_VRS: [&[u8; 2]; 13] = [
    b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV",
];

/// How elements are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Encoding {
    /// Whether each element names its value representation.
    pub(crate) explicit_vr: bool,
    /// Big-endian numbers (a retired transfer syntax).
    pub(crate) big_endian: bool,
}

impl Encoding {
    /// Explicit VR little endian: the file meta group, DICOMDIRs and most data sets.
    pub(crate) const EXPLICIT_LE: Encoding = Encoding {
        explicit_vr: true,
        big_endian: false,
    };
    /// Implicit VR little endian.
    pub(crate) const IMPLICIT_LE: Encoding = Encoding {
        explicit_vr: false,
        big_endian: false,
    };
}

/// Value representations whose length field is 2 bytes (explicit VR).
pub(crate) const SHORT_VRS: [&[u8; 2]; 21] = [
    b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FD", b"FL", b"IS", b"LO", b"LT", b"PN",
    b"SH", b"SL", b"SS", b"ST", b"TM", b"UI", b"UL", b"US",
];

/// An element's tag, declared value length, and whether its value is a sequence of items.
pub(crate) struct Header {
    pub(crate) tag: (u16, u16),
    pub(crate) len: u32,
    /// Known from the VR (explicit VR); decided by the value's first bytes otherwise.
    sequence: Option<SequenceKind>,
}

/// How a sequence's items are encoded.
#[derive(Clone, Copy)]
enum SequenceKind {
    /// Like the rest of the data set.
    Same,
    /// Implicit VR little endian (a "UN" element of undefined length).
    ImplicitLittleEndian,
}

/// The walk: the bytes read so far (from the start of the source) and the position in them.
pub(crate) struct Walker<R> {
    source: R,
    pub(crate) bytes: Vec<u8>,
    pub(crate) at: usize,
    pub(crate) encoding: Encoding,
    max_len: usize,
    exhausted: bool,
}

impl<R: Read> Walker<R> {
    /// A walk over `source`, which may not read past `max_len` bytes.
    pub(crate) fn new(source: R, max_len: usize) -> Self {
        Walker {
            source,
            bytes: Vec::new(),
            at: 0,
            encoding: Encoding::EXPLICIT_LE,
            max_len,
            exhausted: false,
        }
    }

    /// Reads until `end` bytes are held or the source ends; `false` when fewer are held.
    pub(crate) fn fill(&mut self, end: usize) -> std::io::Result<bool> {
        let end = end.min(self.max_len);
        while self.bytes.len() < end && !self.exhausted {
            let wanted = (end - self.bytes.len()) as u64;
            let read = (&mut self.source)
                .take(wanted)
                .read_to_end(&mut self.bytes)?;
            self.exhausted = read == 0;
        }
        Ok(self.bytes.len() >= end)
    }

    /// Whether the source ends exactly here.
    pub(crate) fn at_end(&mut self) -> Option<bool> {
        Some(!self.fill(self.at.checked_add(1)?).ok()?)
    }

    /// Whether `count` more bytes exist from here (within the cap).
    fn has(&mut self, count: usize) -> Option<bool> {
        let end = self.at.checked_add(count)?;
        Some(end <= self.max_len && self.fill(end).ok()?)
    }

    fn take(&mut self, count: usize) -> Option<&[u8]> {
        if !self.has(count)? {
            return None;
        }
        let start = self.at;
        self.at += count;
        Some(&self.bytes[start..self.at])
    }

    fn u16(&mut self) -> Option<u16> {
        let big_endian = self.encoding.big_endian;
        let pair: [u8; 2] = self.take(2)?.try_into().ok()?;
        Some(if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        })
    }

    fn u32(&mut self) -> Option<u32> {
        let big_endian = self.encoding.big_endian;
        let quad: [u8; 4] = self.take(4)?.try_into().ok()?;
        Some(if big_endian {
            u32::from_be_bytes(quad)
        } else {
            u32::from_le_bytes(quad)
        })
    }

    /// The next tag, without moving past it.
    pub(crate) fn peek_tag(&mut self) -> Option<(u16, u16)> {
        let start = self.at;
        let tag = (self.u16()?, self.u16()?);
        self.at = start;
        Some(tag)
    }

    /// Reads an element, item or delimiter header; an unknown explicit VR is damage.
    pub(crate) fn header(&mut self) -> Option<Header> {
        let tag = (self.u16()?, self.u16()?);
        if tag.0 == 0xFFFE || !self.encoding.explicit_vr {
            let len = self.u32()?;
            return Some(Header {
                tag,
                len,
                sequence: None,
            });
        }
        let vr: [u8; 2] = self.take(2)?.try_into().ok()?;
        if LONG_VRS.iter().any(|long| **long == vr) {
            self.take(2)?;
            let len = self.u32()?;
            let sequence = match (&vr, len) {
                (b"SQ", _) => Some(SequenceKind::Same),
                (b"UN", UNDEFINED_LENGTH) => Some(SequenceKind::ImplicitLittleEndian),
                _ => None,
            };
            Some(Header { tag, len, sequence })
        } else if SHORT_VRS.iter().any(|short| **short == vr) {
            let len = u32::from(self.u16()?);
            Some(Header {
                tag,
                len,
                sequence: None,
            })
        } else {
            None
        }
    }

    /// The value of the element whose header was just read, as bytes (defined lengths only).
    pub(crate) fn value(&mut self, header: &Header) -> Option<Vec<u8>> {
        if header.len == UNDEFINED_LENGTH {
            return None;
        }
        Some(self.take(usize::try_from(header.len).ok()?)?.to_vec())
    }

    /// Moves past the value of the element whose header was just read, walking into
    /// sequences so that every nested length is checked too.
    pub(crate) fn skip_value(&mut self, header: &Header) -> Option<()> {
        self.walk_value(header, 0)
    }

    fn walk_value(&mut self, header: &Header, depth: usize) -> Option<()> {
        let sequence = match header.sequence {
            Some(kind) => Some(kind),
            None if header.len == UNDEFINED_LENGTH => Some(SequenceKind::Same),
            None if !self.encoding.explicit_vr && header.len >= 8 && self.starts_item()? => {
                Some(SequenceKind::Same)
            }
            None => None,
        };
        let Some(kind) = sequence else {
            self.take(usize::try_from(header.len).ok()?)?;
            return Some(());
        };
        if depth >= MAX_NESTING {
            return None;
        }
        let outer = self.encoding;
        if let SequenceKind::ImplicitLittleEndian = kind {
            self.encoding = Encoding::IMPLICIT_LE;
        }
        let walked = self.walk_items(header.len, depth + 1).map(|_| ());
        self.encoding = outer;
        walked
    }

    /// Whether an item tag comes next.
    fn starts_item(&mut self) -> Option<bool> {
        if !self.has(4)? {
            return Some(false);
        }
        Some(self.peek_tag()? == ITEM)
    }

    /// Walks a sequence's items, returning where each starts.
    fn walk_items(&mut self, len: u32, depth: usize) -> Option<Vec<usize>> {
        let end = self.end_of(len)?;
        let mut offsets = Vec::new();
        while end.is_none_or(|end| self.at < end) {
            let item_start = self.at;
            let item = self.header()?;
            match item.tag {
                SEQUENCE_END if end.is_none() => return Some(offsets),
                ITEM => {
                    offsets.push(item_start);
                    self.walk_item(item.len, depth)?;
                }
                _ => return None,
            }
        }
        (end == Some(self.at)).then_some(offsets)
    }

    /// Walks an item's elements, up to its length or its delimiter.
    fn walk_item(&mut self, len: u32, depth: usize) -> Option<()> {
        let end = self.end_of(len)?;
        while end.is_none_or(|end| self.at < end) {
            let header = self.header()?;
            if header.tag == ITEM_END {
                return end.is_none().then_some(());
            }
            self.walk_value(&header, depth)?;
        }
        (end == Some(self.at)).then_some(())
    }

    /// Where a value of `len` bytes ends (`Some(None)` for an undefined length), once its
    /// bytes are known to exist.
    fn end_of(&mut self, len: u32) -> Option<Option<usize>> {
        if len == UNDEFINED_LENGTH {
            return Some(None);
        }
        let len = usize::try_from(len).ok()?;
        self.has(len)?.then(|| Some(self.at + len))
    }

    /// Moves past a sequence's value, returning where each of its items starts.
    pub(crate) fn item_offsets(&mut self, header: &Header) -> Option<Vec<usize>> {
        self.walk_items(header.len, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(tag: (u16, u16), vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
        let mut bytes = [tag.0.to_le_bytes(), tag.1.to_le_bytes()].concat();
        bytes.extend_from_slice(vr);
        bytes.extend_from_slice(&(value.len() as u16).to_le_bytes());
        bytes.extend_from_slice(value);
        bytes
    }

    fn delimiter(tag: (u16, u16), len: u32) -> Vec<u8> {
        [
            &tag.0.to_le_bytes()[..],
            &tag.1.to_le_bytes(),
            &len.to_le_bytes(),
        ]
        .concat()
    }

    fn long(tag: (u16, u16), vr: &[u8; 2], len: u32) -> Vec<u8> {
        [
            &tag.0.to_le_bytes()[..],
            &tag.1.to_le_bytes(),
            vr,
            &[0, 0],
            &len.to_le_bytes(),
        ]
        .concat()
    }

    fn record(kind: &[u8; 6]) -> Vec<u8> {
        element((0x0004, 0x1430), b"CS", kind)
    }

    /// A sequence of three records (defined length; undefined length holding a nested sequence
    /// and an implicit-VR "UN" sequence; defined length), and where each starts.
    fn sequence(len_defined: bool) -> (Vec<u8>, Vec<usize>) {
        let nested = [
            long((0x0088, 0x0200), b"SQ", UNDEFINED_LENGTH),
            delimiter(ITEM, UNDEFINED_LENGTH),
            element((0x0028, 0x0010), b"US", &[16, 0]),
            delimiter(ITEM_END, 0),
            delimiter(SEQUENCE_END, 0),
        ]
        .concat();
        let unknown = [
            long((0x0009, 0x1010), b"UN", UNDEFINED_LENGTH),
            delimiter(ITEM, UNDEFINED_LENGTH),
            delimiter((0x0009, 0x1011), 2),
            b"ab".to_vec(),
            delimiter(ITEM_END, 0),
            delimiter(SEQUENCE_END, 0),
        ]
        .concat();
        let first = [delimiter(ITEM, 14), record(b"STUDY ")].concat();
        let second = [
            delimiter(ITEM, UNDEFINED_LENGTH),
            record(b"SERIES"),
            nested,
            unknown,
            delimiter(ITEM_END, 0),
        ]
        .concat();
        let third = [delimiter(ITEM, 14), record(b"IMAGE ")].concat();
        let items = [first.clone(), second.clone(), third].concat();
        let len = if len_defined {
            items.len() as u32
        } else {
            UNDEFINED_LENGTH
        };
        let mut bytes = long((0x0004, 0x1220), b"SQ", len);
        let start = bytes.len();
        bytes.extend(items);
        if !len_defined {
            bytes.extend(delimiter(SEQUENCE_END, 0));
        }
        let offsets = vec![
            start,
            start + first.len(),
            start + first.len() + second.len(),
        ];
        (bytes, offsets)
    }

    fn offsets_of(bytes: &[u8]) -> Option<Vec<usize>> {
        let mut walker = Walker::new(bytes, 1 << 20);
        let header = walker.header()?;
        walker.item_offsets(&header)
    }

    #[test]
    fn finds_items_with_defined_and_undefined_lengths() {
        for len_defined in [true, false] {
            let (bytes, expected) = sequence(len_defined);
            assert_eq!(offsets_of(&bytes), Some(expected), "{len_defined}");
        }
    }

    #[test]
    fn cut_sequences_are_refused() {
        let (bytes, _) = sequence(false);
        for end in 0..bytes.len() {
            assert_eq!(offsets_of(&bytes[..end]), None, "cut at {end}");
        }
    }

    #[test]
    fn lengths_beyond_the_data_or_the_cap_are_refused() {
        let cases = [
            (
                "beyond the data",
                long((0x0008, 0x0001), b"UT", 1000),
                1 << 20,
            ),
            (
                "beyond the cap",
                long((0x0008, 0x0001), b"UT", 0xFFFF_FFF0),
                usize::MAX,
            ),
        ];
        for (name, mut bytes, cap) in cases {
            bytes.extend_from_slice(&[b'x'; 100]);
            let mut walker = Walker::new(bytes.as_slice(), cap.min(1 << 20));
            let header = walker.header().expect(name);
            assert_eq!(walker.skip_value(&header), None, "{name}");
            assert!(walker.bytes.len() <= bytes.len(), "{name}");
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep: Vec<u8> = (0..100)
            .flat_map(|_| {
                [
                    long((0x0008, 0x1115), b"SQ", UNDEFINED_LENGTH),
                    delimiter(ITEM, UNDEFINED_LENGTH),
                ]
            })
            .flatten()
            .collect();
        let mut walker = Walker::new(deep.as_slice(), 1 << 20);
        let header = walker.header().expect("header");
        assert_eq!(walker.skip_value(&header), None);
    }

    #[test]
    fn reads_implicit_and_big_endian_headers() {
        let implicit = [0x10, 0x00, 0x10, 0x00, 6, 0, 0, 0];
        let big_endian = [0x00, 0x10, 0x00, 0x10, b'P', b'N', 0, 6];
        let cases = [
            (&implicit, Encoding::IMPLICIT_LE),
            (
                &big_endian,
                Encoding {
                    explicit_vr: true,
                    big_endian: true,
                },
            ),
        ];
        for (bytes, encoding) in cases {
            let mut walker = Walker::new(&bytes[..], 64);
            walker.encoding = encoding;
            let header = walker.header().expect("header");
            assert_eq!(
                (header.tag, header.len),
                ((0x0010, 0x0010), 6),
                "{encoding:?}"
            );
        }
    }
}
