//! Preparing a photo or scan for OCR: decoding under size limits and turning it upright as its
//! EXIF orientation says (Tesseract reads the pixels as stored).

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use crate::OcrError;
use crate::limits::{MAX_IMAGE_BYTES, MAX_IMAGE_SIDE};

/// An image ready for Tesseract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prepared {
    /// The file can be read as it is: it is upright already.
    AsIs,
    /// The image turned (or flipped) upright, as PNG bytes.
    Rotated(Vec<u8>),
}

/// Checks a JPEG, PNG or TIFF image against the size limits from its header alone, and applies
/// its EXIF orientation. An image larger than [`MAX_IMAGE_SIDE`] or [`MAX_IMAGE_BYTES`] is
/// refused with [`OcrError::ImageTooLarge`] before any pixel is decoded.
pub fn prepare_image(bytes: &[u8]) -> Result<Prepared, OcrError> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Tiff)
    ) {
        return Err(OcrError::UnsupportedImage(
            "only JPEG, PNG and TIFF images are read".to_owned(),
        ));
    }
    reader.limits(decoding_limits());
    let mut decoder = reader.into_decoder().map_err(from_image_error)?;
    let orientation = decoder.orientation().map_err(from_image_error)?;
    if orientation == Orientation::NoTransforms {
        return Ok(Prepared::AsIs);
    }
    if decoder.total_bytes() > MAX_IMAGE_BYTES {
        return Err(OcrError::ImageTooLarge);
    }
    let mut image = DynamicImage::from_decoder(decoder).map_err(from_image_error)?;
    image.apply_orientation(orientation);
    if matches!(
        image,
        DynamicImage::ImageRgb32F(_) | DynamicImage::ImageRgba32F(_)
    ) {
        // PNG has no floating-point samples (a TIFF can).
        image = DynamicImage::ImageRgba16(image.to_rgba16());
    }
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(from_image_error)?;
    Ok(Prepared::Rotated(png))
}

/// The `image` crate's limits matching ours.
fn decoding_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_IMAGE_BYTES);
    limits
}

/// The `image` crate's error as ours.
fn from_image_error(error: ImageError) -> OcrError {
    match error {
        ImageError::Limits(_) => OcrError::ImageTooLarge,
        ImageError::Unsupported(error) => OcrError::UnsupportedImage(error.to_string()),
        ImageError::IoError(error) => OcrError::Io(error),
        error => OcrError::Damaged(error.to_string()),
    }
}
