//! Turning a PDF image's raw samples (Flate-compressed or uncompressed) into a PNG file:
//! undoing the PNG or TIFF predictor, widening 1-, 2- and 4-bit samples to 8 bits, and
//! converting CMYK to RGB.

use std::io::Read;

use flate2::read::ZlibDecoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder};

use crate::OcrError;
use crate::limits::{MAX_IMAGE_BYTES, MAX_IMAGE_SIDE};

/// How the samples of a PDF image are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Raster {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Samples per pixel: 1 (gray), 3 (RGB) or 4 (CMYK).
    pub components: u8,
    /// Bits per sample: 1, 2, 4, 8 or 16.
    pub bits: u8,
    /// The `/Decode` array swaps dark and light (e.g. `[1 0]`).
    pub inverted: bool,
    /// How each row was predicted before compression.
    pub predictor: Predictor,
}

/// The `/Predictor` of the image's decode parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Predictor {
    /// Samples are stored as they are (predictor 1).
    None,
    /// TIFF predictor 2: each sample minus the one before it in the row.
    Tiff,
    /// PNG predictors (10 to 15): a filter-type byte before each row.
    Png,
}

impl Raster {
    /// Bytes in one row of samples.
    fn row_bytes(&self) -> usize {
        (self.width as usize * usize::from(self.components) * usize::from(self.bits)).div_ceil(8)
    }

    /// Bytes of the decompressed stream: the rows, each with its filter byte under a PNG predictor.
    fn stream_bytes(&self) -> usize {
        let filter_byte = usize::from(self.predictor == Predictor::Png);
        self.height as usize * (self.row_bytes() + filter_byte)
    }

    /// Refuses an image too large to decode, from its declared size alone.
    fn check_size(&self) -> Result<(), OcrError> {
        if self.width == 0 || self.height == 0 {
            return Err(OcrError::Damaged("the image has no size".to_owned()));
        }
        if !matches!(self.components, 1 | 3 | 4) || !matches!(self.bits, 1 | 2 | 4 | 8 | 16) {
            return Err(OcrError::UnsupportedImage(format!(
                "{} samples of {} bits per pixel",
                self.components, self.bits
            )));
        }
        let pixels = u64::from(self.width) * u64::from(self.height);
        let largest = (self.stream_bytes() as u64).max(pixels * 3);
        if self.width > MAX_IMAGE_SIDE || self.height > MAX_IMAGE_SIDE || largest > MAX_IMAGE_BYTES
        {
            return Err(OcrError::ImageTooLarge);
        }
        Ok(())
    }
}

/// A PNG of the image whose samples are `data`, inflated first when `compressed` (FlateDecode).
/// Inflation stops at the size the image declares, so a small stream cannot fill the memory.
pub(crate) fn png_from_samples(
    data: &[u8],
    compressed: bool,
    raster: &Raster,
) -> Result<Vec<u8>, OcrError> {
    raster.check_size()?;
    let expected = raster.stream_bytes();
    let stream = if compressed {
        let mut inflated = Vec::with_capacity(expected);
        ZlibDecoder::new(data)
            .take(expected as u64)
            .read_to_end(&mut inflated)
            .map_err(|_| OcrError::Damaged("the image data does not inflate".to_owned()))?;
        inflated
    } else {
        data.to_vec()
    };
    if stream.len() < expected {
        return Err(OcrError::Damaged("the image data is cut short".to_owned()));
    }
    let samples = match raster.predictor {
        Predictor::None => stream,
        Predictor::Tiff => undo_tiff_predictor(stream, raster)?,
        Predictor::Png => undo_png_predictor(&stream, raster)?,
    };
    let (pixels, color) = eight_bit_pixels(&samples, raster);
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(&pixels, raster.width, raster.height, color)
        .map_err(|error| OcrError::Damaged(error.to_string()))?;
    Ok(png)
}

/// Undoes PNG row filters (none, sub, up, average, Paeth), the row's first byte naming the filter.
fn undo_png_predictor(stream: &[u8], raster: &Raster) -> Result<Vec<u8>, OcrError> {
    let row_bytes = raster.row_bytes();
    let step = (usize::from(raster.components) * usize::from(raster.bits) / 8).max(1);
    let mut samples = vec![0_u8; row_bytes * raster.height as usize];
    let mut previous = vec![0_u8; row_bytes];
    for (coded, row) in stream
        .chunks_exact(row_bytes + 1)
        .zip(samples.chunks_exact_mut(row_bytes))
    {
        let (filter, coded) = (coded[0], &coded[1..]);
        for index in 0..row_bytes {
            let left = if index >= step { row[index - step] } else { 0 };
            let up = previous[index];
            let up_left = if index >= step {
                previous[index - step]
            } else {
                0
            };
            let prediction = match filter {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => return Err(OcrError::Damaged("unknown PNG row filter".to_owned())),
            };
            row[index] = coded[index].wrapping_add(prediction);
        }
        previous.copy_from_slice(row);
    }
    Ok(samples)
}

/// The PNG Paeth predictor: whichever neighbour is nearest to left + up - up-left.
fn paeth(left: u8, up: u8, up_left: u8) -> u8 {
    let estimate = i16::from(left) + i16::from(up) - i16::from(up_left);
    let distance = |value: u8| (estimate - i16::from(value)).abs();
    if distance(left) <= distance(up) && distance(left) <= distance(up_left) {
        left
    } else if distance(up) <= distance(up_left) {
        up
    } else {
        up_left
    }
}

/// Undoes TIFF predictor 2, for 8-bit samples: each sample was stored as its difference from the
/// same component of the pixel to its left.
fn undo_tiff_predictor(mut samples: Vec<u8>, raster: &Raster) -> Result<Vec<u8>, OcrError> {
    if raster.bits != 8 {
        return Err(OcrError::UnsupportedImage(
            "TIFF-predicted images of other than 8 bits per sample".to_owned(),
        ));
    }
    let step = usize::from(raster.components);
    for row in samples.chunks_exact_mut(raster.row_bytes()) {
        for index in step..row.len() {
            row[index] = row[index].wrapping_add(row[index - step]);
        }
    }
    Ok(samples)
}

/// 8-bit gray or RGB pixels from the samples (CMYK becomes RGB).
fn eight_bit_pixels(samples: &[u8], raster: &Raster) -> (Vec<u8>, ExtendedColorType) {
    let (channels, color) = if raster.components == 1 {
        (1, ExtendedColorType::L8)
    } else {
        (3, ExtendedColorType::Rgb8)
    };
    let width = raster.width as usize;
    let components = usize::from(raster.components);
    let mut pixels = Vec::with_capacity(width * raster.height as usize * channels);
    for row in samples
        .chunks_exact(raster.row_bytes())
        .take(raster.height as usize)
    {
        for column in 0..width {
            let mut pixel = [0_u8; 4];
            for (component, value) in pixel.iter_mut().enumerate().take(components) {
                let sample = sample_as_byte(row, column * components + component, raster.bits);
                *value = if raster.inverted {
                    255 - sample
                } else {
                    sample
                };
            }
            match raster.components {
                1 => pixels.push(pixel[0]),
                3 => pixels.extend_from_slice(&pixel[..3]),
                _ => pixels.extend_from_slice(&rgb_from_cmyk(pixel)),
            }
        }
    }
    (pixels, color)
}

/// Sample number `index` of a row, scaled to 0..=255.
fn sample_as_byte(row: &[u8], index: usize, bits: u8) -> u8 {
    match bits {
        8 => row[index],
        16 => row[2 * index],
        _ => {
            let bit = index * usize::from(bits);
            let shift = 8 - usize::from(bits) - bit % 8;
            let maximum = (1_u16 << bits) - 1;
            let value = u16::from(row[bit / 8] >> shift) & maximum;
            (value * 255 / maximum) as u8
        }
    }
}

/// A plain CMYK to RGB conversion (no colour profile; enough for reading text).
fn rgb_from_cmyk([cyan, magenta, yellow, black]: [u8; 4]) -> [u8; 3] {
    let ink = |colour: u8| (u16::from(255 - colour) * u16::from(255 - black) / 255) as u8;
    [ink(cyan), ink(magenta), ink(yellow)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raster(width: u32, components: u8, bits: u8, predictor: Predictor) -> Raster {
        Raster {
            width,
            height: 2,
            components,
            bits,
            inverted: false,
            predictor,
        }
    }

    fn decoded(png: &[u8]) -> Vec<u8> {
        image::load_from_memory(png).unwrap().into_bytes()
    }

    #[test]
    fn samples_become_eight_bit_pixels() {
        let cases: &[(Raster, &[u8], &[u8])] = &[
            (
                raster(3, 1, 8, Predictor::None),
                &[0, 128, 255, 1, 2, 3],
                &[0, 128, 255, 1, 2, 3],
            ),
            // 1 bit: row bytes are padded to a whole byte.
            (
                raster(3, 1, 1, Predictor::None),
                &[0b1010_0000, 0b0110_0000],
                &[255, 0, 255, 0, 255, 255],
            ),
            (
                raster(2, 1, 4, Predictor::None),
                &[0xF0, 0x8F],
                &[255, 0, 136, 255],
            ),
            (
                raster(1, 1, 16, Predictor::None),
                &[0x12, 0x34, 0xAB, 0xCD],
                &[0x12, 0xAB],
            ),
            (
                raster(1, 4, 8, Predictor::None),
                &[0, 0, 0, 0, 255, 0, 0, 0],
                &[255, 255, 255, 0, 255, 255],
            ),
            // TIFF predictor: differences from the pixel to the left.
            (
                raster(3, 1, 8, Predictor::Tiff),
                &[10, 5, 5, 0, 1, 1],
                &[10, 15, 20, 0, 1, 2],
            ),
            // PNG predictors: none, then up; sub, then average.
            (
                raster(2, 1, 8, Predictor::Png),
                &[0, 10, 20, 2, 1, 1],
                &[10, 20, 11, 21],
            ),
            (
                raster(2, 1, 8, Predictor::Png),
                &[1, 10, 5, 3, 2, 4],
                &[10, 15, 7, 15],
            ),
            (
                raster(2, 1, 8, Predictor::Png),
                &[4, 10, 5, 4, 1, 1],
                &[10, 15, 11, 16],
            ),
        ];
        for (raster, samples, pixels) in cases {
            let png = png_from_samples(samples, false, raster).unwrap();
            assert_eq!(decoded(&png), *pixels, "{raster:?}");
        }
    }

    #[test]
    fn a_decode_array_of_one_to_zero_inverts() {
        let inverted = Raster {
            inverted: true,
            ..raster(2, 1, 1, Predictor::None)
        };
        let png = png_from_samples(&[0b1000_0000, 0b0100_0000], false, &inverted).unwrap();
        assert_eq!(decoded(&png), [0, 255, 255, 0]);
    }

    #[test]
    fn inflation_stops_at_the_declared_size() {
        let mut bomb = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut bomb, &vec![7_u8; 10_000_000]).unwrap();
        let bomb = bomb.finish().unwrap();
        let png = png_from_samples(&bomb, true, &raster(4, 1, 8, Predictor::None)).unwrap();
        assert_eq!(decoded(&png), [7; 8]);
    }

    #[test]
    fn huge_or_short_images_are_refused() {
        let huge = Raster {
            height: 30_000,
            ..raster(30_000, 1, 8, Predictor::None)
        };
        assert!(matches!(
            png_from_samples(&[], true, &huge),
            Err(OcrError::ImageTooLarge)
        ));
        let short = png_from_samples(&[1, 2, 3], false, &raster(3, 1, 8, Predictor::None));
        assert!(matches!(short, Err(OcrError::Damaged(_))));
        let cut_stream = png_from_samples(b"not zlib", true, &raster(3, 1, 8, Predictor::None));
        assert!(matches!(cut_stream, Err(OcrError::Damaged(_))));
    }
}
