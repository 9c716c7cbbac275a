//! Scan discs in a packet: the disc's tree under its own folder, byte for byte, in the
//! manifests, the summary, the FHIR bundle and the front page; checked on the way out and by
//! `verify`.

use super::*;

const DISC_FOLDER: &str = "data/documents/03-scan-disc/2024-04-02_Hospital CD";
const INDEX_BYTES: &[u8] = b"\x00\x00DICM a disc's index";

/// The fixture case plus a scan disc of three files (its index and two images).
fn with_disc() -> (Case, Vec<Document>, Memory, HashMap<Id, Disc>) {
    let (case, mut documents, mut source) = fixture();
    let bodies: [(&str, &[u8]); 3] = [
        ("DICOMDIR", INDEX_BYTES),
        ("DICOM/ST000001/IM000001", b"\x00\x00DICM first image"),
        ("DICOM/ST000001/IM000002", b"\x00\x00DICM second image"),
    ];
    let files: Vec<DiscFile> = bodies
        .iter()
        .map(|(path, bytes)| {
            let sha256 = Sha256Hex::from_digest(&Sha256::digest(bytes).into());
            source.0.insert(sha256.to_string(), bytes.to_vec());
            DiscFile {
                path: (*path).to_owned(),
                sha256,
                size: bytes.len() as u64,
            }
        })
        .collect();
    let manifest: String = files
        .iter()
        .map(|f| format!("{}  {}\n", f.sha256, f.path))
        .collect();
    let sha256 = Sha256Hex::from_digest(&Sha256::digest(manifest.as_bytes()).into());
    source
        .0
        .insert(sha256.to_string(), manifest.clone().into_bytes());
    let disc = Document {
        id: Id::from_random([42; 8]),
        sha256,
        original_name: "Hospital CD".into(),
        size: manifest.len() as u64,
        media_type: MediaType::Text,
        category: Category::ScanDisc,
        document_date: NaiveDate::from_ymd_opt(2024, 4, 2),
        ..documents[0].clone()
    };
    let study = DiscStudy {
        patient_name: "MORGAN J RIVERA".into(),
        date: NaiveDate::from_ymd_opt(2024, 4, 2),
        description: Some("CT CHEST <W CONTRAST>".into()),
        modalities: vec!["CT".into()],
        body_parts: vec!["CHEST".into()],
        series: vec![DiscSeries {
            modality: Some("CT".into()),
            description: Some("AXIAL 5MM".into()),
            body_part: Some("CHEST".into()),
            images: 2,
        }],
    };
    let discs = HashMap::from([(
        disc.id.clone(),
        Disc {
            files,
            patients: vec!["MORGAN J RIVERA".into()],
            studies: vec![study],
        },
    )]);
    documents.push(disc);
    (case, documents, source, discs)
}

fn json_entry(bytes: &[u8], name: &str) -> serde_json::Value {
    serde_json::from_str(&entry(bytes, name).unwrap()).unwrap()
}

#[test]
fn a_disc_is_packed_as_its_tree_stored_and_described_everywhere() {
    let (case, documents, source, discs) = with_disc();
    let bytes = packet_with_discs(&case, &documents, &source, &discs).unwrap();
    assert_eq!(problems(&bytes), Vec::<String>::new());
    assert_eq!(
        verify(Cursor::new(&bytes), None).files_checked,
        3 + 1 + 3 + 2,
        "3 documents, the disc's manifest, its 3 files, summary, FHIR bundle"
    );
    assert!(
        bytes == packet_with_discs(&case, &documents, &source, &discs).unwrap(),
        "deterministic"
    );

    let mut zip = ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let root = format!("SecondOpinion-{}", case.id);
    let disc = &discs[&documents[3].id];
    for file in &disc.files {
        let mut entry = zip
            .by_name(&format!("{root}/{DISC_FOLDER}/{}", file.path))
            .unwrap();
        assert_eq!(entry.compression(), zip::CompressionMethod::Stored);
        let mut body = Vec::new();
        entry.read_to_end(&mut body).unwrap();
        assert_eq!(source.0[file.sha256.as_str()], body, "{}", file.path);
    }
    let manifest = entry(&bytes, &format!("{DISC_FOLDER}.txt")).unwrap();
    assert!(
        manifest.contains("  DICOM/ST000001/IM000002\n"),
        "{manifest}"
    );
    let sha512 = entry(&bytes, "manifest-sha512.txt").unwrap();
    assert!(sha512.contains(&format!("  {DISC_FOLDER}/DICOM/ST000001/IM000001\n")));

    let summary = json_entry(&bytes, "data/summary.json");
    assert_eq!(summary["format_version"], 3);
    let listed = &summary["documents"].as_array().unwrap();
    let entry_of = |name: &str| listed.iter().find(|d| d["original_name"] == name).unwrap();
    assert_eq!(entry_of("notes.txt")["disc"], serde_json::Value::Null);
    let described = &entry_of("Hospital CD")["disc"];
    assert_eq!(described["folder"], DISC_FOLDER);
    assert_eq!(described["index"], format!("{DISC_FOLDER}/DICOMDIR"));
    assert_eq!(described["files"], 3);
    let total: u64 = disc.files.iter().map(|f| f.size).sum();
    assert_eq!(described["bytes"], total);
    assert_eq!(described["studies"][0]["images"], 2);
    assert_eq!(
        described["studies"][0]["series"][0]["description"],
        "AXIAL 5MM"
    );

    let bundle = json_entry(&bytes, "data/fhir/bundle.json");
    let reference = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["resource"]["id"] == format!("document-{}", documents[3].id.as_str().to_lowercase())
        })
        .unwrap();
    let contents = reference["resource"]["content"].as_array().unwrap();
    assert_eq!(contents.len(), 1, "one content: the disc's index");
    let attachment = &contents[0]["attachment"];
    assert_eq!(attachment["contentType"], "application/dicom");
    assert_eq!(
        attachment["url"],
        format!("{}/DICOMDIR", DISC_FOLDER.replace(' ', "%20"))
    );
    assert_eq!(attachment["size"], INDEX_BYTES.len());

    let index = entry(&bytes, "INDEX.html").unwrap();
    for expected in [
        "Scan discs (images)",
        "DICOM viewer",
        "CT CHEST &lt;W CONTRAST&gt;",
        &format!("href=\"{}/\"", DISC_FOLDER.replace(' ', "%20")),
    ] {
        assert!(index.contains(expected), "INDEX.html lacks {expected:?}");
    }
}

#[test]
fn a_changed_disc_file_stops_the_export_naming_the_disc_and_the_file() {
    let (case, documents, mut source, discs) = with_disc();
    let image = &discs[&documents[3].id].files[2];
    source
        .0
        .insert(image.sha256.to_string(), b"\x00\x00DICM another".to_vec());
    let error = packet_with_discs(&case, &documents, &source, &discs).unwrap_err();
    assert!(
        matches!(&error, PacketError::DamagedDiscFile { disc, file, .. }
            if disc == "Hospital CD" && file == "DICOM/ST000001/IM000002"),
        "{error}"
    );
}

#[test]
fn tampering_with_a_disc_is_caught_and_named() {
    let (case, documents, source, discs) = with_disc();
    let good = packet_with_discs(&case, &documents, &source, &discs).unwrap();
    let needle = b"second image";
    let at = good
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap();
    let mut flipped = good.clone();
    flipped[at] ^= 0x01;
    let image = format!("{DISC_FOLDER}/DICOM/ST000001/IM000002");
    let found = problems(&flipped);
    assert!(found.iter().any(|p| p.starts_with(&image)), "{found:?}");

    let removed = problems(&rewrite(&good, "IM000001", None));
    assert!(
        removed
            .iter()
            .any(|p| p.contains("holds 3 files, but the packet has 2")),
        "{removed:?}"
    );
}

#[test]
fn the_two_packets_of_a_split_case_name_each_other() {
    let (case, documents, source, discs) = with_disc();
    let (disc, rest) = documents.split_last().unwrap();
    let disc = std::slice::from_ref(disc);
    let write = |documents: &[Document], part: Part<'_>| {
        let checklist = [(
            Item {
                id: "scan_disc".into(),
                title: "Scan images".into(),
                required: true,
                categories: Vec::new(),
                what: String::new(),
                where_to_get: String::new(),
                why: String::new(),
                request: String::new(),
            },
            State::Have(vec![disc[0].id.clone()]),
        )];
        let input = PacketInput {
            case: &case,
            documents,
            software: "Carryall test",
            as_of: Utc.with_ymd_and_hms(2026, 11, 2, 10, 5, 0).unwrap(),
            password: None,
            readings: &HashMap::new(),
            texts: &Texts::default(),
            discs: &discs,
            checklist: &checklist,
            readiness: NO_CHECKLIST,
            questions: &[],
            part: Some(part),
        };
        write_packet(&input, &source, Vec::new()).unwrap()
    };
    let discs_packet = write(
        disc,
        Part {
            holds: Holds::ScanDiscs,
            other_file: "packet.zip",
            other_written: None,
            other_documents: rest,
        },
    );
    assert_eq!(
        discs_packet.root,
        format!("SecondOpinion-{}-scan-discs", case.id)
    );
    assert_eq!(problems(&discs_packet.out), Vec::<String>::new());
    let summary = json_entry(&discs_packet.out, "data/summary.json");
    assert_eq!(summary["part"]["holds"], "scan_discs");
    assert_eq!(
        summary["part"]["other"]["documents"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(summary["part"]["other"]["sha256"], serde_json::Value::Null);

    let sha256 = "ab".repeat(32);
    let documents_packet = write(
        rest,
        Part {
            holds: Holds::Documents,
            other_file: "packet-scan-discs.zip",
            other_written: Some((&sha256, 12_345)),
            other_documents: disc,
        },
    );
    assert_eq!(documents_packet.root, format!("SecondOpinion-{}", case.id));
    assert_eq!(problems(&documents_packet.out), Vec::<String>::new());
    let summary = json_entry(&documents_packet.out, "data/summary.json");
    assert_eq!(summary["part"]["other"]["sha256"], sha256.as_str());
    assert_eq!(summary["part"]["other"]["bytes"], 12_345);
    let index = entry(&documents_packet.out, "INDEX.html").unwrap();
    for expected in [
        "This is one of two packets",
        &sha256,
        "Hospital CD (in the other packet, <code>packet-scan-discs.zip</code>)",
    ] {
        assert!(index.contains(expected), "INDEX.html lacks {expected:?}");
    }
    assert!(
        !index.contains("Scan discs (images)"),
        "no disc in this one"
    );
}
