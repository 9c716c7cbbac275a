//! Wrapping a PDF's CCITT fax image data (CCITTFaxDecode) in a minimal TIFF file, which
//! Tesseract reads through libtiff; the data itself is copied as it is.

use crate::OcrError;

/// How a CCITT fax image is coded, from the PDF image and its decode parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FaxImage {
    /// Pixels per row (the `/Columns` parameter).
    pub width: u32,
    /// Rows (the `/Rows` parameter, or the image's `/Height`).
    pub height: u32,
    /// The `/K` parameter: below 0 pure two-dimensional (Group 4), 0 one-dimensional (Group 3),
    /// above 0 mixed (Group 3, 2D).
    pub k: i64,
    /// Each coded row starts on a byte boundary (`/EncodedByteAlign`).
    pub byte_aligned: bool,
    /// The runs coded as black are shown white (`/BlackIs1` true, unless a `/Decode [1 0]`
    /// turns it back).
    pub shown_inverted: bool,
}

/// TIFF field types used here.
const SHORT: u16 = 3;
const LONG: u16 = 4;

/// TIFF compression codes for CCITT Group 3 and Group 4.
const COMPRESSION_GROUP_3: u32 = 3;
const COMPRESSION_GROUP_4: u32 = 4;

/// T4Options flags: two-dimensional coding, and fill bits so each row starts on a byte.
const T4_TWO_DIMENSIONAL: u32 = 1;
const T4_FILL_BITS: u32 = 4;

/// A little-endian TIFF with one strip holding `data`, described by `image`.
pub(crate) fn tiff_from_fax(data: &[u8], image: &FaxImage) -> Result<Vec<u8>, OcrError> {
    if image.width == 0 || image.height == 0 {
        return Err(OcrError::Damaged("the fax image has no size".to_owned()));
    }
    let data_length = u32::try_from(data.len()).map_err(|_| OcrError::ImageTooLarge)?;
    let (compression, options_field) = if image.k < 0 {
        if image.byte_aligned {
            return Err(OcrError::UnsupportedImage(
                "byte-aligned Group 4 fax images".to_owned(),
            ));
        }
        (COMPRESSION_GROUP_4, (293, 0))
    } else {
        let mut options = if image.k > 0 { T4_TWO_DIMENSIONAL } else { 0 };
        if image.byte_aligned {
            options |= T4_FILL_BITS;
        }
        (COMPRESSION_GROUP_3, (292, options))
    };
    // TIFF photometric interpretation: 0 shows 0 bits (coded white) as white, 1 the reverse.
    let photometric = u32::from(image.shown_inverted);
    let fields: [(u16, u16, u32); 10] = [
        (256, LONG, image.width),
        (257, LONG, image.height),
        (258, SHORT, 1),
        (259, SHORT, compression),
        (262, SHORT, photometric),
        (273, LONG, 0), // strip offset, set below
        (277, SHORT, 1),
        (278, LONG, image.height),
        (279, LONG, data_length),
        (options_field.0, LONG, options_field.1),
    ];
    let header_length = 8 + 2 + 12 * fields.len() + 4;
    let data_offset = u32::try_from(header_length).map_err(|_| OcrError::ImageTooLarge)?;
    let mut tiff = Vec::with_capacity(header_length + data.len());
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8_u32.to_le_bytes());
    tiff.extend_from_slice(&(fields.len() as u16).to_le_bytes());
    for (tag, kind, value) in fields {
        let value = if tag == 273 { data_offset } else { value };
        tiff.extend_from_slice(&tag.to_le_bytes());
        tiff.extend_from_slice(&kind.to_le_bytes());
        tiff.extend_from_slice(&1_u32.to_le_bytes());
        // A SHORT sits in the first two bytes of the four-byte value slot.
        if kind == SHORT {
            tiff.extend_from_slice(&(value as u16).to_le_bytes());
            tiff.extend_from_slice(&[0, 0]);
        } else {
            tiff.extend_from_slice(&value.to_le_bytes());
        }
    }
    tiff.extend_from_slice(&0_u32.to_le_bytes()); // no further image
    tiff.extend_from_slice(data);
    Ok(tiff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(tiff: &[u8], tag: u16) -> Option<u32> {
        let count = usize::from(u16::from_le_bytes([tiff[8], tiff[9]]));
        (0..count)
            .map(|index| &tiff[10 + 12 * index..][..12])
            .find_map(|entry| {
                (u16::from_le_bytes([entry[0], entry[1]]) == tag)
                    .then(|| u32::from_le_bytes([entry[8], entry[9], entry[10], entry[11]]))
            })
    }

    #[test]
    fn fields_follow_the_pdf_parameters() {
        let image = FaxImage {
            width: 1728,
            height: 40,
            k: -1,
            byte_aligned: false,
            shown_inverted: false,
        };
        // (k, byte aligned, inverted) → (compression, T4Options, photometric)
        let cases = [
            ((-1, false, false), (4, None, 0)),
            ((-1, false, true), (4, None, 1)),
            ((0, false, false), (3, Some(0), 0)),
            ((0, true, false), (3, Some(4), 0)),
            ((2, false, false), (3, Some(1), 0)),
        ];
        for ((k, byte_aligned, shown_inverted), (compression, t4, photometric)) in cases {
            let image = FaxImage {
                k,
                byte_aligned,
                shown_inverted,
                ..image
            };
            let tiff = tiff_from_fax(b"fax data", &image).unwrap();
            assert_eq!(field(&tiff, 259), Some(compression), "{image:?}");
            assert_eq!(field(&tiff, 292), t4, "{image:?}");
            assert_eq!(field(&tiff, 262), Some(photometric), "{image:?}");
            let offset = field(&tiff, 273).unwrap() as usize;
            assert_eq!(&tiff[offset..], b"fax data");
            assert_eq!(field(&tiff, 256), Some(1728));
            assert_eq!(field(&tiff, 257), Some(40));
        }
        let aligned_group_4 = FaxImage {
            byte_aligned: true,
            ..image
        };
        assert!(matches!(
            tiff_from_fax(b"", &aligned_group_4),
            Err(OcrError::UnsupportedImage(_))
        ));
    }
}
