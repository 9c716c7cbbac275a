//! Round trips: a written packet verifies, twice the same case is byte for byte the same, and
//! tampering of every kind is caught.

use std::collections::HashMap;
use std::io::{self, Cursor, Read, Write};

use carryall_domain::{
    CancerType, Case, CaseStatus, Category, CategorySource, Document, Id, MediaType, Patient,
    Sha256Hex,
};
use chrono::{NaiveDate, TimeZone, Utc};
use sha2::{Digest, Sha256};
use zip::ZipArchive;
use zip::write::SimpleFileOptions;

use crate::verify::verify;
use crate::{DocumentSource, PacketError, PacketInput, write_packet};

struct Memory(HashMap<String, Vec<u8>>);

impl DocumentSource for Memory {
    fn open(&self, document: &Document) -> io::Result<Box<dyn Read + '_>> {
        let bytes = self
            .0
            .get(document.sha256.as_str())
            .ok_or_else(|| io::Error::other("gone"))?;
        Ok(Box::new(&bytes[..]))
    }
}

fn fixture() -> (Case, Vec<Document>, Memory) {
    let case = Case {
        id: Id::from_random([3; 8]),
        patient: Patient {
            id: Id::from_random([4; 8]),
            name: "Maria <Gonzalez>".into(),
            date_of_birth: NaiveDate::from_ymd_opt(1961, 4, 30),
        },
        cancer_type: Some(CancerType::Breast),
        reason: Some("Is a mastectomy needed?".into()),
        provider: None,
        appointment: None,
        status: CaseStatus::Gathering,
        created_at: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
    };
    let files: [(&str, Category, &[u8]); 3] = [
        (
            "Biopsy report.pdf",
            Category::Pathology,
            b"%PDF-1.4 biopsy: invasive ductal carcinoma",
        ),
        ("MRI report.pdf", Category::Imaging, b"%PDF-1.4 MRI breast"),
        ("notes.txt", Category::Other, b"questions I have\n"),
    ];
    let mut memory = HashMap::new();
    let documents = files
        .iter()
        .enumerate()
        .map(|(i, (name, category, bytes))| {
            let digest: [u8; 32] = Sha256::digest(bytes).into();
            let sha256 = Sha256Hex::from_digest(&digest);
            memory.insert(sha256.to_string(), bytes.to_vec());
            Document {
                id: Id::from_random([10 + i as u8; 8]),
                case_id: case.id.clone(),
                sha256,
                original_name: (*name).into(),
                size: bytes.len() as u64,
                modified_at: None,
                media_type: if name.ends_with(".txt") {
                    MediaType::Text
                } else {
                    MediaType::Pdf
                },
                category: *category,
                category_source: CategorySource::User,
                category_confidence: None,
                document_date: NaiveDate::from_ymd_opt(2025, 9, 15 + i as u32),
                imported_at: Utc.with_ymd_and_hms(2026, 11, 2, 10, i as u32, 0).unwrap(),
            }
        })
        .collect();
    (case, documents, Memory(memory))
}

fn packet(case: &Case, documents: &[Document], source: &Memory) -> Vec<u8> {
    let input = PacketInput {
        case,
        documents,
        software: "Carryall test",
        as_of: Utc.with_ymd_and_hms(2026, 11, 2, 10, 5, 0).unwrap(),
        password: None,
    };
    write_packet(&input, source, Vec::new()).unwrap().out
}

fn problems(bytes: &[u8]) -> Vec<String> {
    verify(Cursor::new(bytes), None)
        .problems
        .into_iter()
        .map(|p| format!("{}: {}", p.path, p.problem))
        .collect()
}

/// Rebuilds a packet's ZIP with one entry changed (`None` removes it) or one added.
fn rewrite(bytes: &[u8], name: &str, new_body: Option<&[u8]>) -> Vec<u8> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut found = false;
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let entry = file.name().unwrap().into_owned();
        let mut body = Vec::new();
        file.read_to_end(&mut body).unwrap();
        if entry.ends_with(name) {
            found = true;
            match new_body {
                Some(new) => body = new.to_vec(),
                None => continue,
            }
        }
        out.start_file(entry, SimpleFileOptions::default()).unwrap();
        out.write_all(&body).unwrap();
    }
    if !found {
        let root = zip
            .by_index(0)
            .unwrap()
            .name()
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        out.start_file(format!("{root}/{name}"), SimpleFileOptions::default())
            .unwrap();
        out.write_all(new_body.unwrap_or_default()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_written_packet_verifies_and_is_deterministic() {
    let (case, documents, source) = fixture();
    let first = packet(&case, &documents, &source);
    assert_eq!(problems(&first), Vec::<String>::new());
    assert_eq!(
        verify(Cursor::new(&first), None).files_checked,
        5,
        "3 documents, summary, FHIR bundle"
    );
    let second = packet(&case, &documents, &source);
    assert!(first == second, "the same case gives the same bytes");

    let mut zip = ZipArchive::new(Cursor::new(&first)).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .collect();
    let root = format!("SecondOpinion-{}", case.id);
    assert!(
        names.contains(&format!(
            "{root}/data/documents/01-pathology/2025-09-15_Biopsy report.pdf"
        )),
        "{names:?}"
    );
    assert!(names.contains(&format!("{root}/INDEX.html")));
    let mut index = String::new();
    zip.by_name(&format!("{root}/INDEX.html"))
        .unwrap()
        .read_to_string(&mut index)
        .unwrap();
    assert!(
        index.contains("Maria &lt;Gonzalez&gt;"),
        "names are escaped in the page"
    );
    assert!(!index.contains("<script"), "the page has no scripts");
}

#[test]
fn every_kind_of_tampering_is_caught_and_named() {
    let (case, documents, source) = fixture();
    let good = packet(&case, &documents, &source);
    let pdf = "data/documents/02-imaging/2025-09-16_MRI report.pdf";
    let cases: [(&str, Option<&[u8]>, &str); 5] = [
        (pdf, Some(b"%PDF-1.4 MRI breast, edited"), pdf),
        (pdf, None, "missing from the packet"),
        (
            "data/extra.txt",
            Some(b"slipped in"),
            "data/extra.txt: is not listed",
        ),
        (
            "manifest-sha256.txt",
            Some(b"00  data/summary.json\n"),
            "tagmanifest-sha256.txt",
        ),
        ("bag-info.txt", Some(b"Payload-Oxum: 1.1\n"), "bag-info.txt"),
    ];
    for (name, body, expected) in cases {
        let bad = rewrite(&good, name, body);
        let found = problems(&bad);
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "tampering with {name}: {found:?}"
        );
    }
}

#[test]
fn a_flipped_bit_anywhere_in_a_document_is_caught() {
    let (case, documents, source) = fixture();
    let good = packet(&case, &documents, &source);
    let needle = b"invasive ductal carcinoma";
    let at = good
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap();
    let mut bad = good.clone();
    bad[at + 3] ^= 0x01;
    let found = problems(&bad);
    assert!(
        found.iter().any(|p| p.contains("Biopsy report.pdf")),
        "{found:?}"
    );
}

#[test]
fn hostile_zips_are_refused_not_followed() {
    for name in [
        "../evil.txt",
        "/etc/evil.txt",
        "root/../../evil.txt",
        "C:/evil.txt",
        "a\\b.txt",
    ] {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        out.start_file(name, SimpleFileOptions::default()).unwrap();
        out.write_all(b"x").unwrap();
        let bytes = out.finish().unwrap().into_inner();
        let found = problems(&bytes);
        assert!(
            found
                .iter()
                .any(|p| p.contains("unsafe name") || p.contains("outside")),
            "{name}: {found:?}"
        );
    }
    assert!(
        problems(b"not a zip at all")
            .iter()
            .any(|p| p.contains("not a readable ZIP"))
    );

    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    out.start_file("bag/data/bomb.bin", deflated).unwrap();
    out.write_all(&vec![0u8; 12 << 20]).unwrap();
    let bomb = out.finish().unwrap().into_inner();
    let found = problems(&bomb);
    assert!(found.iter().any(|p| p.contains("zip bomb")), "{found:?}");
}

#[test]
fn a_changed_stored_copy_stops_the_export() {
    let (case, documents, mut source) = fixture();
    let key = documents[1].sha256.to_string();
    source
        .0
        .insert(key, b"%PDF-1.4 someone else's MRI".to_vec());
    let input = PacketInput {
        case: &case,
        documents: &documents,
        software: "t",
        as_of: Utc::now(),
        password: None,
    };
    let err = write_packet(&input, &source, Vec::new()).unwrap_err();
    assert!(
        matches!(&err, PacketError::Damaged { name, .. } if name == "MRI report.pdf"),
        "{err}"
    );
}

#[test]
fn a_password_protected_packet_needs_its_password_to_check() {
    let (case, documents, source) = fixture();
    let input = PacketInput {
        case: &case,
        documents: &documents,
        software: "t",
        as_of: Utc.with_ymd_and_hms(2026, 11, 2, 10, 5, 0).unwrap(),
        password: Some("correct horse battery staple"),
    };
    let bytes = write_packet(&input, &source, Vec::new()).unwrap().out;
    let needle = b"invasive ductal carcinoma";
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "the documents are encrypted"
    );
    let without = problems(&bytes);
    assert!(
        without
            .iter()
            .any(|p| p.contains("protected with a password")),
        "{without:?}"
    );
    let with = verify(Cursor::new(&bytes), Some(b"correct horse battery staple"));
    assert!(with.is_ok(), "{:?}", with.problems);
    let wrong = verify(Cursor::new(&bytes), Some(b"wrong"));
    assert!(!wrong.is_ok());
    let mut zip = ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut note = String::new();
    let name = format!("SecondOpinion-{}/READ-ME-FIRST.txt", case.id);
    zip.by_name(&name)
        .unwrap()
        .read_to_string(&mut note)
        .unwrap();
    assert!(
        note.contains("password is not in the"),
        "anyone can read the note: {note}"
    );
}
