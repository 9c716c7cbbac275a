//! Where each document goes in the packet: `data/documents/<NN-category>/<date>_<title>.<ext>`,
//! a scan disc's files under `data/documents/<NN-category>/<date>_<name>/` in the disc's own
//! tree, all with names that are safe on Windows, macOS and Linux.
//!
//! Names are Unicode NFC; characters Windows forbids (`<>:"/\|?*`), control characters and
//! `%` (BagIt's escape character) become `_`; trailing dots and spaces go; reserved device
//! names (CON, NUL, COM1, ...) get a leading `_`; titles are cut to a bounded length on a
//! character boundary; and a `-2`, `-3`, ... suffix keeps every path unique (compared without
//! letter case, as Windows and macOS do).

use std::collections::HashSet;

use carryall_domain::{Category, Document, MediaType};
use unicode_normalization::UnicodeNormalization;

/// The longest title kept, in characters.
const TITLE_MAX: usize = 80;

const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The category's folder, numbered in checklist order: `01-pathology`, `02-imaging`, ...
pub fn category_folder(category: Category) -> String {
    let rank = Category::ALL
        .iter()
        .position(|c| *c == category)
        .unwrap_or(Category::ALL.len() - 1);
    format!("{:02}-{}", rank + 1, category.slug().replace('_', "-"))
}

/// Where a document goes in the bag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The document's own file (for a scan disc, its manifest).
    pub path: String,
    /// A scan disc's folder, holding the disc's files in their tree.
    pub disc_folder: Option<String>,
}

/// Places the documents (relative to the bag), in the same order, every path unique.
/// `is_disc` tells the scan discs: each gets a folder `<date>_<name>` for its files and its
/// manifest beside it as `<date>_<name>.txt` (a disc's name is a folder's, so it keeps any
/// dots).
pub fn document_paths(documents: &[Document], is_disc: impl Fn(&Document) -> bool) -> Vec<Placed> {
    let mut taken = HashSet::new();
    documents
        .iter()
        .map(|doc| {
            let folder = category_folder(doc.category);
            let date = doc
                .document_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".to_owned());
            let disc = is_disc(doc);
            let (stem, ext) = if disc {
                (doc.original_name.as_str(), "txt")
            } else {
                split_extension(&doc.original_name)
            };
            let title = safe_component(stem, TITLE_MAX);
            let ext = if ext.is_empty() {
                default_extension(doc.media_type).to_owned()
            } else {
                ext.to_lowercase()
            };
            let dot = if ext.is_empty() { "" } else { "." };
            let mut n = 1;
            loop {
                let suffix = if n == 1 {
                    String::new()
                } else {
                    format!("-{n}")
                };
                let base = format!("data/documents/{folder}/{date}_{title}{suffix}");
                let path = format!("{base}{dot}{ext}");
                let free = |p: &str| !taken.contains(&p.to_lowercase());
                if free(&path) && (!disc || free(&base)) {
                    taken.insert(path.to_lowercase());
                    if disc {
                        taken.insert(base.to_lowercase());
                    }
                    return Placed {
                        path,
                        disc_folder: disc.then_some(base),
                    };
                }
                n += 1;
            }
        })
        .collect()
}

/// Paths in the bag for a disc's files, in the same order: each part of the path on the disc
/// made safe, so a name that is already safe (DICOM's upper-case 8.3 names are) stays
/// byte-identical and the disc's index still finds its files; a path that would then clash
/// (ignoring letter case) with another gets `-2`, `-3`, ... on its last part.
pub fn disc_file_paths<'a>(folder: &str, files: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = HashSet::new();
    files
        .into_iter()
        .map(|path| {
            let parts: Vec<String> = path
                .split('/')
                .filter(|part| !part.is_empty())
                .map(|part| safe_component(part, TITLE_MAX))
                .collect();
            let safe = parts.join("/");
            let mut n = 1;
            loop {
                let candidate = if n == 1 {
                    format!("{folder}/{safe}")
                } else {
                    format!("{folder}/{safe}-{n}")
                };
                if taken.insert(candidate.to_lowercase()) {
                    return candidate;
                }
                n += 1;
            }
        })
        .collect()
}

/// A relative path as a URL: every byte outside the unreserved set and `/` percent-encoded
/// (FHIR's `url` type allows no spaces; HTML links should not rely on browsers' repairs).
pub fn url_path(path: &str) -> String {
    let mut url = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// Splits off an extension of up to ten letters and digits; anything else stays in the stem.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=10).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            (stem, ext)
        }
        _ => (name, ""),
    }
}

/// An extension for a file that came without one, so it opens in the right program.
fn default_extension(media_type: MediaType) -> &'static str {
    match media_type {
        MediaType::Pdf => "pdf",
        MediaType::Jpeg => "jpg",
        MediaType::Png => "png",
        MediaType::Tiff => "tif",
        MediaType::Gif => "gif",
        MediaType::Webp => "webp",
        MediaType::Heic => "heic",
        MediaType::Dicom => "dcm",
        MediaType::Zip => "zip",
        MediaType::Text => "txt",
        MediaType::Html => "html",
        MediaType::Xml => "xml",
        MediaType::Unknown => "",
    }
}

/// One path component made safe; never empty.
fn safe_component(text: &str, max_chars: usize) -> String {
    let cleaned: String = text
        .nfc()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*%".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(max_chars)
        .collect();
    let trimmed = cleaned
        .trim()
        .trim_end_matches(['.', ' '])
        .trim_start_matches('.');
    let mut safe = if trimmed.is_empty() {
        "document".to_owned()
    } else {
        trimmed.to_owned()
    };
    let base = safe.split('.').next().unwrap_or("").to_lowercase();
    if RESERVED.contains(&base.as_str()) {
        safe.insert(0, '_');
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;
    use carryall_domain::{CategorySource, Id, Sha256Hex};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn doc(name: &str, category: Category, date: Option<(i32, u32, u32)>) -> Document {
        Document {
            id: Id::from_random([1; 8]),
            case_id: Id::from_random([2; 8]),
            sha256: Sha256Hex::from_digest(&[0; 32]),
            original_name: name.into(),
            size: 1,
            modified_at: None,
            media_type: MediaType::Unknown,
            category,
            category_source: CategorySource::User,
            category_confidence: None,
            document_date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            imported_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        }
    }

    /// The documents' own paths, none of them a disc.
    fn paths(documents: &[Document]) -> Vec<String> {
        document_paths(documents, |_| false)
            .into_iter()
            .map(|placed| placed.path)
            .collect()
    }

    #[test]
    fn paths_follow_the_layout() {
        let paths = paths(&[
            doc(
                "Biopsy Report.PDF",
                Category::Pathology,
                Some((2025, 9, 15)),
            ),
            doc("mri", Category::Imaging, None),
        ]);
        assert_eq!(
            paths[0],
            "data/documents/01-pathology/2025-09-15_Biopsy Report.pdf"
        );
        assert_eq!(paths[1], "data/documents/02-imaging/undated_mri");
    }

    #[test]
    fn hostile_and_awkward_names_become_safe() {
        let check = |name: &str, expected: &str| {
            let path = paths(&[doc(name, Category::Other, None)])[0].clone();
            assert_eq!(
                path,
                format!("data/documents/10-other/undated_{expected}"),
                "{name:?}"
            );
        };
        check("../../etc/passwd", "_.._etc_passwd");
        check("a<b>c:d\"e|f?g*h.pdf", "a_b_c_d_e_f_g_h.pdf");
        check("CON.txt", "_CON.txt");
        check("report. . .pdf", "report.pdf");
        check("100% done.pdf", "100_ done.pdf");
        check("tab\there.pdf", "tab_here.pdf");
        check("...", "document");
        check("Zoe\u{308}.pdf", "Zoë.pdf"); // decomposed ë becomes one character (NFC)
        let long = "x".repeat(300) + ".pdf";
        let path = paths(&[doc(&long, Category::Other, None)])[0].clone();
        assert!(
            path.ends_with(&format!("{}.pdf", "x".repeat(TITLE_MAX))),
            "{path}"
        );
    }

    #[test]
    fn clashing_names_get_numbered_ignoring_case() {
        let paths = paths(&[
            doc("scan.pdf", Category::Lab, None),
            doc("SCAN.pdf", Category::Lab, None),
            doc("scan.pdf", Category::Lab, None),
        ]);
        assert_eq!(paths[0], "data/documents/04-lab/undated_scan.pdf");
        assert_eq!(paths[1], "data/documents/04-lab/undated_SCAN-2.pdf");
        assert_eq!(paths[2], "data/documents/04-lab/undated_scan-3.pdf");
    }

    #[test]
    fn a_disc_gets_a_folder_and_its_manifest_beside_it() {
        let mut documents = [
            doc("Hospital CD.2024", Category::ScanDisc, Some((2024, 4, 2))),
            // A file without an extension whose path is the next disc's folder.
            doc("disc", Category::ScanDisc, Some((2024, 4, 2))),
            doc("disc", Category::ScanDisc, Some((2024, 4, 2))),
        ];
        documents[1].id = Id::from_random([9; 8]);
        let loose = documents[1].id.clone();
        let placed = document_paths(&documents, |d| d.id != loose);
        let folder = "data/documents/03-scan-disc/2024-04-02_Hospital CD.2024";
        assert_eq!(placed[0].path, format!("{folder}.txt"));
        assert_eq!(placed[0].disc_folder.as_deref(), Some(folder));
        assert_eq!(
            placed[1].path,
            "data/documents/03-scan-disc/2024-04-02_disc"
        );
        assert_eq!(placed[1].disc_folder, None);
        let folder = "data/documents/03-scan-disc/2024-04-02_disc-2";
        assert_eq!(placed[2].path, format!("{folder}.txt"));
        assert_eq!(placed[2].disc_folder.as_deref(), Some(folder));
    }

    #[test]
    fn a_discs_safe_names_stay_byte_identical_and_the_rest_become_safe() {
        let paths = disc_file_paths(
            "F",
            [
                "DICOMDIR",
                "DICOM/P0000001/ST000001/SE000001/IM000001",
                "dicom/p0000001/st000001/se000001/im000001",
                "A:B/CON",
                "x//y",
            ],
        );
        assert_eq!(
            paths,
            [
                "F/DICOMDIR",
                "F/DICOM/P0000001/ST000001/SE000001/IM000001",
                "F/dicom/p0000001/st000001/se000001/im000001-2",
                "F/A_B/_CON",
                "F/x/y",
            ]
        );
    }
}
