//! The scanned images of a PDF's pages, taken out as files Tesseract can read.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use serde::{Deserialize, Serialize};

use crate::OcrError;
use crate::fax_tiff::{FaxImage, tiff_from_fax};
use crate::pdf_raster::{Predictor, Raster, png_from_samples};

/// How far up the page tree inherited resources are looked for.
const MAX_TREE_DEPTH: usize = 32;

/// The default `/Columns` of CCITT fax data.
const FAX_DEFAULT_COLUMNS: i64 = 1728;

/// The file format of a page image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageFormat {
    /// JPEG, copied from the PDF as it is (DCTDecode).
    Jpeg,
    /// PNG, made from the PDF's raw samples.
    Png,
    /// TIFF, wrapping the PDF's CCITT fax data.
    Tiff,
}

impl ImageFormat {
    /// The usual file name extension, for the file the caller hands to Tesseract.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Tiff => "tif",
        }
    }
}

/// The scanned image of one PDF page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageImage {
    /// The page number, from 1.
    pub page: u32,
    /// The image file's bytes.
    pub bytes: Vec<u8>,
    /// The image file's format.
    pub format: ImageFormat,
}

/// For each requested page (numbered from 1), the largest image drawn on it, directly or through a
/// Form XObject one level deep. Pages that draw no image give no entry. A page number the PDF
/// does not have is [`OcrError::Damaged`]; an image in an encoding not read here (JPEG 2000,
/// indexed colours, ...) is [`OcrError::UnsupportedImage`], so a caller that wants the other
/// pages anyway asks for pages one at a time.
pub fn pdf_page_images(pdf: &[u8], pages: &[u32]) -> Result<Vec<PageImage>, OcrError> {
    let document = Document::load_mem(pdf).map_err(damaged)?;
    let page_ids = document.get_pages();
    let mut images = Vec::new();
    for &page in pages {
        let page_id = *page_ids
            .get(&page)
            .ok_or_else(|| OcrError::Damaged(format!("the PDF has no page {page}")))?;
        if let Some(image) = largest_drawn_image(&document, page_id)? {
            let (bytes, format) = image_file(&document, image)?;
            images.push(PageImage {
                page,
                bytes,
                format,
            });
        }
    }
    Ok(images)
}

/// The image XObject with the most pixels among those the page draws with `Do`, directly or
/// inside a Form XObject it draws.
fn largest_drawn_image(
    document: &Document,
    page_id: ObjectId,
) -> Result<Option<&Stream>, OcrError> {
    let page = document.get_dictionary(page_id).map_err(damaged)?;
    let Some(resources) = page_resources(document, page) else {
        return Ok(None);
    };
    let content = document.get_page_content(page_id).map_err(damaged)?;
    let mut images = Vec::new();
    for name in drawn_names(&content)? {
        let Some(xobject) = named_xobject(document, resources, &name) else {
            continue;
        };
        match subtype(xobject) {
            Some(b"Image") => images.push(xobject),
            Some(b"Form") => {
                let form_resources = xobject
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|value| dictionary(document, value))
                    .unwrap_or(resources);
                let form_content = xobject.decompressed_content().map_err(damaged)?;
                for inner in drawn_names(&form_content)? {
                    if let Some(inner) = named_xobject(document, form_resources, &inner)
                        && subtype(inner) == Some(b"Image")
                    {
                        images.push(inner);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(images.into_iter().max_by_key(|image| {
        integer(document, &image.dict, b"Width").saturating_mul(integer(
            document,
            &image.dict,
            b"Height",
        ))
    }))
}

/// The page's resource dictionary, its own or inherited from the page tree.
fn page_resources<'a>(document: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..MAX_TREE_DEPTH {
        if let Ok(resources) = node.get(b"Resources") {
            return dictionary(document, resources);
        }
        node = dictionary(document, node.get(b"Parent").ok()?)?;
    }
    None
}

/// The names of the XObjects a content stream draws (`/Name Do`), in order.
fn drawn_names(content: &[u8]) -> Result<Vec<Vec<u8>>, OcrError> {
    let content = Content::decode(content).map_err(damaged)?;
    Ok(content
        .operations
        .iter()
        .filter(|operation| operation.operator == "Do")
        .filter_map(|operation| operation.operands.first()?.as_name().ok())
        .map(<[u8]>::to_vec)
        .collect())
}

/// The XObject stream named `name` in a resource dictionary.
fn named_xobject<'a>(
    document: &'a Document,
    resources: &'a Dictionary,
    name: &[u8],
) -> Option<&'a Stream> {
    let xobjects = dictionary(document, resources.get(b"XObject").ok()?)?;
    let (_, object) = document.dereference(xobjects.get(name).ok()?).ok()?;
    object.as_stream().ok()
}

/// An XObject's `/Subtype`.
fn subtype(xobject: &Stream) -> Option<&[u8]> {
    xobject.dict.get(b"Subtype").ok()?.as_name().ok()
}

/// The dictionary an object is or refers to.
fn dictionary<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    document.dereference(object).ok()?.1.as_dict().ok()
}

/// An integer entry (direct or referred to), 0 when missing.
fn integer(document: &Document, dict: &Dictionary, key: &[u8]) -> i64 {
    dict.get(key)
        .ok()
        .and_then(|value| document.dereference(value).ok())
        .and_then(|(_, value)| value.as_i64().ok())
        .unwrap_or(0)
}

/// A boolean entry, false when missing.
fn flag(dict: &Dictionary, key: &[u8]) -> bool {
    dict.get(key).and_then(Object::as_bool).unwrap_or(false)
}

/// The image as a file: JPEG as it is, raw samples as PNG, CCITT fax data wrapped in TIFF.
fn image_file(document: &Document, image: &Stream) -> Result<(Vec<u8>, ImageFormat), OcrError> {
    let filters = if image.dict.has(b"Filter") {
        image.filters().map_err(damaged)?
    } else {
        Vec::new()
    };
    let filters: Vec<String> = filters
        .iter()
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    let filters: Vec<&str> = filters.iter().map(String::as_str).collect();
    match filters[..] {
        ["DCTDecode"] => Ok((image.content.clone(), ImageFormat::Jpeg)),
        [] | ["FlateDecode"] => {
            let raster = raster(document, &image.dict)?;
            let png = png_from_samples(&image.content, !filters.is_empty(), &raster)?;
            Ok((png, ImageFormat::Png))
        }
        ["CCITTFaxDecode"] => {
            let tiff = tiff_from_fax(&image.content, &fax_image(document, &image.dict))?;
            Ok((tiff, ImageFormat::Tiff))
        }
        ["JPXDecode"] => Err(OcrError::UnsupportedImage(
            "JPEG 2000 images (JPXDecode)".to_owned(),
        )),
        _ => Err(OcrError::UnsupportedImage(format!(
            "images encoded with {}",
            filters.join(" + ")
        ))),
    }
}

/// The layout of an image's raw samples, from its dictionary.
fn raster(document: &Document, dict: &Dictionary) -> Result<Raster, OcrError> {
    let image_mask = flag(dict, b"ImageMask");
    let (components, bits) = if image_mask {
        (1, 1)
    } else {
        (
            components(document, dict)?,
            integer(document, dict, b"BitsPerComponent"),
        )
    };
    let predictor = match decode_parameters(document, dict)
        .map_or(1, |parameters| integer(document, parameters, b"Predictor"))
    {
        0 | 1 => Predictor::None,
        2 => Predictor::Tiff,
        10..=15 => Predictor::Png,
        other => {
            return Err(OcrError::Damaged(format!("unknown predictor {other}")));
        }
    };
    Ok(Raster {
        width: dimension(document, dict, b"Width")?,
        height: dimension(document, dict, b"Height")?,
        components,
        bits: u8::try_from(bits).unwrap_or(0),
        inverted: decode_inverted(document, dict),
        predictor,
    })
}

/// A width or height that fits in 32 bits.
fn dimension(document: &Document, dict: &Dictionary, key: &[u8]) -> Result<u32, OcrError> {
    u32::try_from(integer(document, dict, key)).map_err(|_| OcrError::ImageTooLarge)
}

/// Samples per pixel for the colour spaces read here: gray, RGB and CMYK, device, calibrated or ICC.
fn components(document: &Document, dict: &Dictionary) -> Result<u8, OcrError> {
    let space = dict
        .get(b"ColorSpace")
        .ok()
        .and_then(|value| document.dereference(value).ok())
        .map(|(_, value)| value);
    let (family, argument) = match space {
        Some(Object::Name(name)) => (name.as_slice(), None),
        Some(Object::Array(array)) => match array.first() {
            Some(Object::Name(name)) => (name.as_slice(), array.get(1)),
            _ => (&b""[..], None),
        },
        _ => (&b""[..], None),
    };
    match family {
        b"DeviceGray" | b"CalGray" | b"G" => Ok(1),
        b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(3),
        b"DeviceCMYK" | b"CMYK" => Ok(4),
        b"ICCBased" => argument
            .and_then(|profile| document.dereference(profile).ok())
            .and_then(|(_, profile)| profile.as_stream().ok())
            .map(|profile| integer(document, &profile.dict, b"N"))
            .and_then(|count| u8::try_from(count).ok())
            .ok_or_else(|| OcrError::Damaged("an ICC colour space without /N".to_owned())),
        _ => Err(OcrError::UnsupportedImage(format!(
            "images in the {} colour space",
            String::from_utf8_lossy(family)
        ))),
    }
}

/// The image's `/DecodeParms` dictionary (or the first of an array of them).
fn decode_parameters<'a>(document: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    let (_, parameters) = document.dereference(dict.get(b"DecodeParms").ok()?).ok()?;
    match parameters {
        Object::Array(array) => dictionary(document, array.first()?),
        other => other.as_dict().ok(),
    }
}

/// Whether the `/Decode` array maps every component from 1 to 0 (dark and light swapped).
fn decode_inverted(document: &Document, dict: &Dictionary) -> bool {
    let Some(Object::Array(decode)) = dict
        .get(b"Decode")
        .ok()
        .and_then(|value| document.dereference(value).ok())
        .map(|(_, value)| value)
    else {
        return false;
    };
    let values: Vec<f32> = decode
        .iter()
        .filter_map(|value| value.as_float().ok())
        .collect();
    !values.is_empty()
        && values.len() == decode.len()
        && values.chunks(2).all(|pair| pair == [1.0, 0.0])
}

/// How CCITT fax data is coded, from the image's decode parameters.
fn fax_image(document: &Document, dict: &Dictionary) -> FaxImage {
    let empty = Dictionary::new();
    let parameters = decode_parameters(document, dict).unwrap_or(&empty);
    let number = |key: &[u8], default: i64| {
        if parameters.has(key) {
            integer(document, parameters, key)
        } else {
            default
        }
    };
    let rows = number(b"Rows", 0);
    let height = if rows > 0 {
        rows
    } else {
        integer(document, dict, b"Height")
    };
    FaxImage {
        width: u32::try_from(number(b"Columns", FAX_DEFAULT_COLUMNS)).unwrap_or(0),
        height: u32::try_from(height).unwrap_or(0),
        k: number(b"K", 0),
        byte_aligned: flag(parameters, b"EncodedByteAlign"),
        shown_inverted: flag(parameters, b"BlackIs1") != decode_inverted(document, dict),
    }
}

/// A PDF parsing error as ours.
fn damaged(error: lopdf::Error) -> OcrError {
    OcrError::Damaged(error.to_string())
}
