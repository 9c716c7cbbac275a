//! Reading the committed test scans (made by `tests/data/make.sh`) with the installed Tesseract.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use carryall_ocr::{
    ImageFormat, OcrError, OcrOptions, OcrText, Prepared, Tesseract, pdf_page_images, prepare_image,
};
use lopdf::{Document, Object, Stream, dictionary};

const PATHOLOGY: &[&str] = &["Invasive ductal carcinoma, Grade 2", "ER Positive 90%"];
const RECEPTORS: &[&str] = &["Estrogen receptor positive", "HER2 negative"];

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn tesseract() -> Tesseract {
    Tesseract::find().expect("Tesseract is installed (scripts install tesseract-ocr)")
}

fn read(path: &Path) -> OcrText {
    tesseract().read(path, &OcrOptions::default()).unwrap()
}

/// Reads image bytes through a file of the caller's, as the application does.
fn read_bytes(bytes: &[u8], extension: &str) -> OcrText {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(format!("page.{extension}"));
    std::fs::write(&path, bytes).unwrap();
    read(&path)
}

fn assert_reads(text: &OcrText, phrases: &[&str], what: &str) {
    let found = text.text.to_lowercase();
    for phrase in phrases {
        assert!(
            found.contains(&phrase.to_lowercase()),
            "{what}: {phrase:?} not in {:?}",
            text.text
        );
    }
    assert!(
        text.confidence > 60.0,
        "{what}: confidence {}",
        text.confidence
    );
    let expected_words: usize = phrases.iter().map(|phrase| phrase.split(' ').count()).sum();
    assert_eq!(text.words, expected_words, "{what}: {:?}", text.text);
}

/// Scans are dark text on a light page: an image that comes out inverted fails here (Tesseract
/// itself reads light-on-dark text too, so OCR alone would not notice).
fn assert_dark_on_light(bytes: &[u8], what: &str) {
    let gray = image::load_from_memory(bytes).unwrap().to_luma8();
    let mean = gray
        .pixels()
        .map(|pixel| f64::from(pixel.0[0]))
        .sum::<f64>()
        / gray.len() as f64;
    assert!(mean > 200.0, "{what}: mean brightness {mean}");
}

#[test]
fn upright_images_are_read() {
    for (file, phrases) in [("report.png", PATHOLOGY), ("report.tif", PATHOLOGY)] {
        let bytes = std::fs::read(data(file)).unwrap();
        assert_eq!(prepare_image(&bytes).unwrap(), Prepared::AsIs, "{file}");
        assert_reads(&read(&data(file)), phrases, file);
    }
}

#[test]
fn a_sideways_photo_reads_only_once_its_exif_orientation_is_applied() {
    let file = data("rotated-exif6.jpg");
    let as_stored = read(&file).text.to_lowercase();
    assert!(
        !as_stored.contains("receptor"),
        "read as stored: {as_stored:?}"
    );
    let Prepared::Rotated(png) = prepare_image(&std::fs::read(&file).unwrap()).unwrap() else {
        panic!("orientation 6 needs turning");
    };
    assert_reads(&read_bytes(&png, "png"), RECEPTORS, "turned upright");
}

#[test]
fn a_blank_page_gives_no_text() {
    let text = read(&data("blank.png"));
    assert_eq!((text.text.as_str(), text.words), ("", 0));
}

#[test]
fn a_decompression_bomb_is_refused_before_decoding() {
    // 100000 x 100000 pixels declared in 74 bytes: 10 GB if it were allocated.
    let bomb = std::fs::read(data("bomb.png")).unwrap();
    let started = Instant::now();
    assert!(matches!(prepare_image(&bomb), Err(OcrError::ImageTooLarge)));
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn other_files_are_not_handed_to_tesseract() {
    // Tesseract would take a text file for a list of further images to open.
    let folder = tempfile::tempdir().unwrap();
    let list = folder.path().join("list.png");
    std::fs::write(&list, data("report.png").to_string_lossy().as_bytes()).unwrap();
    let result = tesseract().read(&list, &OcrOptions::default());
    assert!(
        matches!(result, Err(OcrError::UnsupportedImage(_))),
        "{result:?}"
    );
    assert!(matches!(
        prepare_image(b"%PDF-1.7"),
        Err(OcrError::UnsupportedImage(_))
    ));
}

#[test]
fn a_missing_tesseract_is_reported_as_not_installed() {
    assert!(matches!(
        Tesseract::at("/nonexistent"),
        Err(OcrError::NotInstalled)
    ));
}

#[test]
fn languages_are_listed_and_only_installed_ones_are_used() {
    let tesseract = tesseract();
    let installed = tesseract.languages().unwrap();
    assert!(
        installed.iter().any(|language| language == "eng"),
        "{installed:?}"
    );
    let options = |languages: &[&str]| OcrOptions {
        languages: languages
            .iter()
            .map(|language| language.to_string())
            .collect(),
        ..OcrOptions::default()
    };
    let text = tesseract
        .read(&data("report.png"), &options(&["eng", "xx-not-a-language"]))
        .unwrap();
    assert_reads(&text, PATHOLOGY, "eng without the missing language");
    let missing = tesseract.read(&data("report.png"), &options(&["xx-not-a-language"]));
    assert!(
        matches!(missing, Err(OcrError::LanguageMissing(_))),
        "{missing:?}"
    );
}

#[test]
fn english_and_hindi_together_read_english() {
    let tesseract = tesseract();
    if !tesseract.languages().unwrap().contains(&"hin".to_owned()) {
        panic!("the set-up installs Hindi language data (tesseract-ocr-hin)");
    }
    let options = OcrOptions {
        languages: vec!["eng".to_owned(), "hin".to_owned()],
        ..OcrOptions::default()
    };
    let text = tesseract.read(&data("report.png"), &options).unwrap();
    assert!(
        text.text.to_lowercase().contains("carcinoma"),
        "{:?}",
        text.text
    );
}

#[test]
fn the_time_limit_stops_tesseract() {
    let options = OcrOptions {
        time_limit: Duration::from_millis(1),
        ..OcrOptions::default()
    };
    let tesseract = tesseract();
    tesseract.languages().unwrap(); // listed once, outside the limit being tested
    let started = Instant::now();
    let result = tesseract.read(&data("report.png"), &options);
    assert!(
        matches!(result, Err(OcrError::TimedOut { .. })),
        "{result:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn scanned_pdf_pages_give_their_images() {
    let cases = [
        ("scan-dct.pdf", ImageFormat::Jpeg, PATHOLOGY),
        ("scan-flate-gray.pdf", ImageFormat::Png, PATHOLOGY),
        ("scan-flate-1bit.pdf", ImageFormat::Png, RECEPTORS),
        ("scan-ccitt.pdf", ImageFormat::Tiff, RECEPTORS),
        ("scan-form-rgb.pdf", ImageFormat::Png, PATHOLOGY),
    ];
    for (file, format, phrases) in cases {
        let pdf = std::fs::read(data(file)).unwrap();
        let images = pdf_page_images(&pdf, &[1]).unwrap();
        assert_eq!(images.len(), 1, "{file}");
        assert_eq!((images[0].page, images[0].format), (1, format), "{file}");
        assert_dark_on_light(&images[0].bytes, file);
        assert_reads(
            &read_bytes(&images[0].bytes, format.extension()),
            phrases,
            file,
        );
    }
}

#[test]
fn pages_without_an_image_give_none_and_missing_pages_are_errors() {
    let pdf = std::fs::read(data("scan-form-rgb.pdf")).unwrap();
    assert_eq!(pdf_page_images(&pdf, &[2]).unwrap(), []);
    assert!(matches!(
        pdf_page_images(&pdf, &[3]),
        Err(OcrError::Damaged(_))
    ));
    assert!(matches!(
        pdf_page_images(b"not a pdf", &[1]),
        Err(OcrError::Damaged(_))
    ));
}

/// A one-page PDF drawing one image whose dictionary holds `entries`.
fn pdf_with_image(entries: lopdf::Dictionary) -> Vec<u8> {
    let mut document = Document::with_version("1.7");
    let mut image = dictionary! { "Type" => "XObject", "Subtype" => "Image" };
    for (key, value) in entries {
        image.set(key, value);
    }
    let image = document.add_object(Stream::new(image, vec![0; 64]));
    let content = document.add_object(Stream::new(
        dictionary! {},
        b"q 10 0 0 10 0 0 cm /Im0 Do Q".to_vec(),
    ));
    let pages = document.new_object_id();
    let page = document.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "MediaBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "Contents" => content,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
    });
    document.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = document.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    document.trailer.set("Root", catalog);
    let mut pdf = Vec::new();
    document.save_to(&mut pdf).unwrap();
    pdf
}

#[test]
fn unreadable_or_oversized_pdf_images_are_refused() {
    let gray = || {
        dictionary! { "Width" => 8, "Height" => 8, "BitsPerComponent" => 8, "ColorSpace" => "DeviceGray" }
    };
    let with = |key: &str, value: Object| {
        let mut entries = gray();
        entries.set(key, value);
        entries
    };
    let unsupported = [
        with("Filter", Object::Name(b"JPXDecode".to_vec())),
        with("Filter", Object::Name(b"JBIG2Decode".to_vec())),
        with(
            "ColorSpace",
            vec![
                Object::Name(b"Indexed".to_vec()),
                "DeviceRGB".into(),
                1.into(),
                Object::string_literal(""),
            ]
            .into(),
        ),
    ];
    for entries in unsupported {
        let result = pdf_page_images(&pdf_with_image(entries.clone()), &[1]);
        assert!(
            matches!(result, Err(OcrError::UnsupportedImage(_))),
            "{entries:?}: {result:?}"
        );
    }
    let huge = with("Width", 1_000_000.into());
    let result = pdf_page_images(&pdf_with_image(huge), &[1]);
    assert!(matches!(result, Err(OcrError::ImageTooLarge)), "{result:?}");
    let images = pdf_page_images(&pdf_with_image(gray()), &[1]).unwrap();
    assert_eq!(images[0].format, ImageFormat::Png);
}
