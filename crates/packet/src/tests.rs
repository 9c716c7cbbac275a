//! Round trips: a written packet verifies, twice the same case is byte for byte the same, and
//! tampering of every kind is caught.

use std::collections::HashMap;
use std::io::{self, Cursor, Read, Write};

use carryall_checklist::{Item, Readiness, State};
use carryall_domain::{
    CancerType, Case, CaseStatus, Category, CategorySource, Document, Id, MediaType, Patient,
    Sha256Hex,
};
use chrono::{NaiveDate, TimeZone, Utc};
use sha2::{Digest, Sha256};
use zip::ZipArchive;
use zip::write::SimpleFileOptions;

use crate::verify::verify;
use crate::{
    Disc, DiscFile, DiscSeries, DiscStudy, DocumentReading, DocumentSource, Fact, Holds,
    PacketError, PacketInput, PageSource, Part, Question, TextPage, write_packet,
};

struct Memory(HashMap<String, Vec<u8>>);

impl Memory {
    fn read(&self, sha256: &Sha256Hex) -> io::Result<Box<dyn Read + '_>> {
        let bytes = self
            .0
            .get(sha256.as_str())
            .ok_or_else(|| io::Error::other("gone"))?;
        Ok(Box::new(&bytes[..]))
    }
}

impl DocumentSource for Memory {
    fn open(&self, document: &Document) -> io::Result<Box<dyn Read + '_>> {
        self.read(&document.sha256)
    }

    fn open_disc_file(&self, file: &DiscFile) -> io::Result<Box<dyn Read + '_>> {
        self.read(&file.sha256)
    }
}

/// The documents' pages' text, by document and page number.
#[derive(Default)]
struct Texts(HashMap<(Id, u32), String>);

impl PageSource for Texts {
    fn page_text(&self, document: &Document, page: &TextPage) -> io::Result<String> {
        self.0
            .get(&(document.id.clone(), page.number))
            .cloned()
            .ok_or_else(|| io::Error::other("no such page"))
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
    packet_with_discs(case, documents, source, &HashMap::new()).unwrap()
}

fn packet_with_discs(
    case: &Case,
    documents: &[Document],
    source: &Memory,
    discs: &HashMap<Id, Disc>,
) -> Result<Vec<u8>, PacketError> {
    let input = PacketInput {
        case,
        documents,
        software: "Carryall test",
        as_of: Utc.with_ymd_and_hms(2026, 11, 2, 10, 5, 0).unwrap(),
        password: None,
        readings: &HashMap::new(),
        texts: &Texts::default(),
        discs,
        checklist: &[],
        readiness: NO_CHECKLIST,
        questions: &[],
        part: None,
    };
    Ok(write_packet(&input, source, Vec::new())?.out)
}

const NO_CHECKLIST: Readiness = Readiness {
    done: 0,
    required: 0,
};

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
        readings: &HashMap::new(),
        texts: &Texts::default(),
        discs: &HashMap::new(),
        checklist: &[],
        readiness: NO_CHECKLIST,
        questions: &[],
        part: None,
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
        readings: &HashMap::new(),
        texts: &Texts::default(),
        discs: &HashMap::new(),
        checklist: &[],
        readiness: NO_CHECKLIST,
        questions: &[],
        part: None,
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

/// What was read from each document, by id.
type Readings = HashMap<Id, DocumentReading>;

/// The fixture's reading and its text, checklist and questions: text for the biopsy report
/// (one page by OCR), a fact and a question with markup in them, one starred question.
fn case_contents(documents: &[Document]) -> (Readings, Texts, Vec<(Item, State)>, Vec<Question>) {
    let mut readings = HashMap::new();
    let mut texts = Texts::default();
    for (number, text) in [
        (1, "Diagnosis: invasive ductal carcinoma"),
        (2, "Signed: Dr Roe"),
    ] {
        texts
            .0
            .insert((documents[0].id.clone(), number), text.to_owned());
    }
    readings.insert(
        documents[0].id.clone(),
        DocumentReading {
            text_source: Some("pdf".into()),
            text_error: None,
            ocr_confidence: Some(91.0),
            pages: vec![
                TextPage {
                    number: 1,
                    from_ocr: false,
                    has_text: true,
                },
                TextPage {
                    number: 2,
                    from_ocr: true,
                    has_text: true,
                },
            ],
            facts: vec![Fact {
                name: "histology".into(),
                value: "<script>alert(1)</script> & more".into(),
                page: Some(1),
                snippet: "Diagnosis: invasive ductal carcinoma".into(),
            }],
        },
    );
    readings.insert(
        documents[1].id.clone(),
        DocumentReading {
            text_source: Some("none".into()),
            text_error: Some("the file has no text layer".into()),
            ..DocumentReading::default()
        },
    );
    let item = |id: &str, required: bool| Item {
        id: id.into(),
        title: format!("The {id}"),
        required,
        categories: Vec::new(),
        what: String::new(),
        where_to_get: String::new(),
        why: format!("the reviewer needs the {id}"),
        request: String::new(),
    };
    let checklist = vec![
        (
            item("pathology", true),
            State::Have(vec![documents[0].id.clone()]),
        ),
        (
            item("slides", false),
            State::Requested {
                from: "City Lab".into(),
                on: NaiveDate::from_ymd_opt(2026, 10, 30).unwrap(),
            },
        ),
        (item("plan", true), State::Missing),
    ];
    let question = |id: &str, text: &str, starred: bool, user_written: bool| Question {
        id: id.into(),
        text: text.into(),
        theme: if user_written { "own" } else { "diagnosis" }.into(),
        reason: (!user_written).then(|| "Asked in every case.".to_owned()),
        source_document: None,
        starred,
        user_written,
    };
    let questions = vec![
        question("Q1", "How sure is the diagnosis?", false, false),
        question("Q2", "Is <script> & surgery the only way?", true, true),
    ];
    (readings, texts, checklist, questions)
}

fn entry(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let root = zip
        .by_index(0)
        .unwrap()
        .name()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let mut text = String::new();
    zip.by_name(&format!("{root}/{name}"))
        .ok()?
        .read_to_string(&mut text)
        .unwrap();
    Some(text)
}

#[test]
fn text_checklist_and_questions_travel_in_the_packet() {
    let (case, documents, source) = fixture();
    let (readings, texts, checklist, questions) = case_contents(&documents);
    let write = || {
        let input = PacketInput {
            case: &case,
            documents: &documents,
            software: "Carryall test",
            as_of: Utc.with_ymd_and_hms(2026, 11, 2, 10, 5, 0).unwrap(),
            password: None,
            readings: &readings,
            texts: &texts,
            discs: &HashMap::new(),
            checklist: &checklist,
            readiness: Readiness {
                done: 1,
                required: 2,
            },
            questions: &questions,
            part: None,
        };
        write_packet(&input, &source, Vec::new()).unwrap().out
    };
    let first = write();
    assert!(first == write(), "the same case gives the same bytes");
    assert_eq!(problems(&first), Vec::<String>::new());
    assert_eq!(
        verify(Cursor::new(&first), None).files_checked,
        8,
        "3 documents, 1 text, 2 question lists, summary, FHIR bundle"
    );

    let text = entry(
        &first,
        "data/text/01-pathology/2025-09-15_Biopsy report.pdf.txt",
    )
    .unwrap();
    assert!(text.starts_with("MACHINE-EXTRACTED TEXT"), "{text}");
    assert!(text.contains("invasive ductal carcinoma"));
    assert!(text.contains("=== Page 2 of 2 (OCR) ==="));
    assert!(entry(&first, "data/text/02-imaging/2025-09-16_MRI report.pdf.txt").is_none());

    let list = entry(&first, "data/questions.txt").unwrap();
    assert!(
        list.find("1. * Is <script> & surgery").unwrap() < list.find("2. How sure").unwrap(),
        "{list}"
    );

    let summary: serde_json::Value =
        serde_json::from_str(&entry(&first, "data/summary.json").unwrap()).unwrap();
    assert_eq!(summary["format_version"], crate::FORMAT_VERSION);
    let biopsy = &summary["documents"][0];
    assert_eq!(biopsy["facts"][0]["name"], "histology");
    assert_eq!(biopsy["facts"][0]["page"], 1);
    assert_eq!(
        biopsy["text_path"],
        "data/text/01-pathology/2025-09-15_Biopsy report.pdf.txt"
    );
    assert_eq!(biopsy["text_source"], "pdf");
    assert_eq!(biopsy["pages"], 2);
    assert_eq!(
        summary["documents"][1]["text_error"],
        "the file has no text layer"
    );
    assert_eq!(
        summary["documents"][1]["text_path"],
        serde_json::Value::Null
    );
    let items = &summary["checklist"]["items"];
    assert_eq!(items[0]["state"], "have");
    assert_eq!(items[0]["documents"][0], documents[0].id.as_str());
    assert_eq!(items[1]["requested_from"], "City Lab");
    assert_eq!(items[1]["requested_on"], "2026-10-30");
    assert_eq!(items[2]["state"], "missing");
    assert_eq!(summary["checklist"]["readiness"]["done"], 1);
    assert_eq!(summary["questions"][0]["id"], "Q2");
    assert_eq!(summary["questions"][0]["starred"], true);
    assert_eq!(summary["questions"][1]["reason"], "Asked in every case.");

    let bundle: serde_json::Value =
        serde_json::from_str(&entry(&first, "data/fhir/bundle.json").unwrap()).unwrap();
    let biopsy_reference = &bundle["entry"][1]["resource"];
    assert_eq!(biopsy_reference["description"], "Biopsy report.pdf");
    let text_content = &biopsy_reference["content"][1]["attachment"];
    assert_eq!(
        text_content["url"],
        "data/text/01-pathology/2025-09-15_Biopsy%20report.pdf.txt"
    );
    assert_eq!(text_content["contentType"], "text/plain; charset=utf-8");
    assert_eq!(
        bundle["entry"][2]["resource"]["content"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "no text, no second content"
    );
    let wrong_hash = entry(&first, "data/fhir/bundle.json").unwrap().replacen(
        text_content["hash"].as_str().unwrap(),
        "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        1,
    );
    let tampered = rewrite(&first, "data/fhir/bundle.json", Some(wrong_hash.as_bytes()));
    assert!(
        problems(&tampered)
            .iter()
            .any(|p| p.contains(".pdf.txt: does not match its SHA-1 in the FHIR bundle")),
        "{:?}",
        problems(&tampered)
    );

    let summary_text = entry(&first, "data/summary.json").unwrap();
    let wrong_size = summary_text.replacen(
        &format!("\"size\": {}", documents[0].size),
        "\"size\": 1",
        1,
    );
    let tampered = rewrite(&first, "data/summary.json", Some(wrong_size.as_bytes()));
    assert!(
        problems(&tampered).iter().any(|p| p.contains(
            "2025-09-15_Biopsy report.pdf: does not match its size and SHA-256 in data/summary.json"
        )),
        "{:?}",
        problems(&tampered)
    );
    let no_text = summary_text.replacen(".pdf.txt\"", ".pdf.text\"", 1);
    let tampered = rewrite(&first, "data/summary.json", Some(no_text.as_bytes()));
    assert!(
        problems(&tampered)
            .iter()
            .any(|p| p.contains("names the text file") && p.contains(".pdf.text")),
        "{:?}",
        problems(&tampered)
    );

    for page in ["INDEX.html", "data/questions.html"] {
        let html = entry(&first, page).unwrap();
        assert!(!html.contains("<script"), "{page} has no script: {html}");
        assert!(
            html.contains("Is &lt;script&gt; &amp; surgery the only way?"),
            "{page}"
        );
    }
    let index = entry(&first, "INDEX.html").unwrap();
    assert!(index.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
    assert!(index.contains("Why it matters: the reviewer needs the plan"));
    assert!(index.contains("Asked for from City Lab on 2026-10-30"));
    assert!(index.contains("href=\"data/text/01-pathology/2025-09-15_Biopsy%20report.pdf.txt\""));
    assert!(index.contains("none: the file has no text layer"));
    assert!(!index.contains("http"), "nothing is loaded from elsewhere");
}

mod discs;
