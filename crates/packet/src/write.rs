//! Writing a packet: one streaming pass over each document into a deterministic ZIP.
//!
//! Entry order: the original files (the documents and every scan disc's files, sorted by
//! path), then the documents' extracted text (in the documents' order), then
//! the generated payload (the FHIR bundle, the question lists, `summary.json`), then the tag
//! files, whose manifests need the payload's digests. Every
//! entry carries the same timestamp (the case's as-of time) and fixed permissions; nothing is
//! random, so the same case always gives the same bytes. The ZIP is written with data
//! descriptors, never seeking back, so the caller can hash it as it is written.

use std::collections::HashMap;
use std::io::{self, Read, Write};

use carryall_checklist::{Item, Readiness, State};
use carryall_domain::{Case, Document, Id};
use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use zip::write::{FileOptions, SimpleFileOptions, StreamWriter};
use zip::{AesMode, CompressionMethod, ZipWriter};

use crate::contents::{Disc, DiscFile, DocumentReading, PageSource, Question};
use crate::digest::{Digests, Hashers};
use crate::fhir::{FhirDocument, FhirFile, write_bundle};
use crate::generated::write_generated;
use crate::index_html::write_index_html;
use crate::names::document_paths;
use crate::originals::{Originals, pack_originals};
use crate::part::Part;
use crate::question_list::{questions_html, questions_txt};
use crate::summary::{Assembled, PackedDisc, PackedDocument, write_summary};
use crate::tags::{BagInfo, bag_info_txt, bagit_txt, write_manifest};
use crate::text_files::{text_file, text_path};

/// The unencrypted note in a password-protected packet.
const PASSWORD_NOTE: &str = "READ-ME-FIRST.txt";
const PASSWORD_NOTE_TEXT: &str = "These are medical records gathered for a second opinion on a cancer diagnosis.\n\n\
The files in this packet are protected with a password (AES-256). The password is not in the\n\
packet: the patient or their helper sends it to you separately, for example by phone or in a\n\
separate message. Open the packet with a program that supports AES-encrypted ZIP files (for\n\
example 7-Zip), enter the password, then start with INDEX.html.\n";

/// The question list for printing, and as plain text.
const QUESTIONS_HTML: &str = "data/questions.html";
const QUESTIONS_TXT: &str = "data/questions.txt";

/// Files from this size on get ZIP64 sizes, leaving room below 4 GiB for deflate's growth.
const ZIP64_FROM: u64 = 0xF000_0000;

/// Where the documents' bytes come from.
pub trait DocumentSource {
    /// Opens a document's stored bytes.
    fn open(&self, document: &Document) -> io::Result<Box<dyn Read + '_>>;
    /// Opens one of a scan disc's stored files.
    fn open_disc_file(&self, file: &DiscFile) -> io::Result<Box<dyn Read + '_>>;
}

/// Everything a packet is made of.
pub struct PacketInput<'a> {
    /// The case.
    pub case: &'a Case,
    /// Its documents.
    pub documents: &'a [Document],
    /// The program writing it, e.g. "Carryall 0.1.0".
    pub software: &'a str,
    /// When the case last changed: the packet's date and every entry's timestamp.
    pub as_of: DateTime<Utc>,
    /// A password to encrypt every entry with (AES-256), except a note saying so.
    pub password: Option<&'a str>,
    /// What was read from each document, by document id (absent: not read yet).
    pub readings: &'a HashMap<Id, DocumentReading>,
    /// The pages' text, read one document at a time.
    pub texts: &'a dyn PageSource,
    /// The scan discs' files and studies, by document id: a document with files here is
    /// packed as a folder holding the disc's tree, its own bytes (the disc's manifest) beside.
    pub discs: &'a HashMap<Id, Disc>,
    /// The case's checklist, each item with its state.
    pub checklist: &'a [(Item, State)],
    /// Required checklist items settled of all required.
    pub readiness: Readiness,
    /// The questions for the specialist, in the person's order.
    pub questions: &'a [Question],
    /// This packet's place when the case is split in two; `None` for the whole case.
    pub part: Option<Part<'a>>,
}

/// A finished packet.
#[derive(Debug)]
pub struct Written<W> {
    /// The writer, handed back.
    pub out: W,
    /// The name of the bag's top folder.
    pub root: String,
    /// Documents packed.
    pub documents: usize,
}

/// Why a packet could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PacketError {
    /// A document's bytes are not what was imported: it is never exported silently.
    #[error(
        "the stored copy of {name:?} has changed since it was imported (expected SHA-256 {expected}, found {actual})"
    )]
    Damaged {
        /// The document's original name.
        name: String,
        /// The hash recorded at import.
        expected: String,
        /// The hash of the bytes read now.
        actual: String,
    },
    /// A scan disc's file is not what was imported.
    #[error(
        "the stored copy of {file:?} on the scan disc {disc:?} has changed since it was imported (expected SHA-256 {expected}, found {actual})"
    )]
    DamagedDiscFile {
        /// The disc's name.
        disc: String,
        /// The file's path on the disc.
        file: String,
        /// The hash recorded at import.
        expected: String,
        /// The hash of the bytes read now.
        actual: String,
    },
    /// Reading a document (or a disc's file: `disc/path`) failed.
    #[error("could not read the stored copy of {name:?}: {source}")]
    Read {
        /// The document's original name.
        name: String,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// Writing the packet failed.
    #[error("could not write the packet: {0}")]
    Write(#[from] zip::result::ZipError),
}

impl From<io::Error> for PacketError {
    fn from(error: io::Error) -> PacketError {
        PacketError::Write(error.into())
    }
}

/// One payload file as packed.
pub(crate) struct Packed {
    /// Its path in the bag.
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its digests.
    pub digests: Digests,
}

/// Writes the packet for `input` into `out`.
pub fn write_packet<W: Write>(
    input: &PacketInput<'_>,
    source: &dyn DocumentSource,
    out: W,
) -> Result<Written<W>, PacketError> {
    let root = Part::root(input.part.as_ref(), &input.case.id);
    let stamp = zip_time(input.as_of);
    let plain = |compress: bool, size: u64| {
        SimpleFileOptions::default()
            .compression_method(if compress {
                CompressionMethod::Deflated
            } else {
                CompressionMethod::Stored
            })
            .compression_level(compress.then_some(6))
            .last_modified_time(stamp)
            .unix_permissions(0o644)
            .large_file(size >= ZIP64_FROM)
    };
    let sized = |compress: bool, size: u64| match input.password {
        Some(password) => plain(compress, size).with_aes_encryption(AesMode::Aes256, password),
        None => plain(compress, size),
    };
    let options = |compress: bool| sized(compress, 0);
    let mut zip = ZipWriter::new_stream(out);
    let mut notes = Vec::new();
    if input.password.is_some() {
        // The one file anyone can read: what the packet is and where the password comes from.
        zip.start_file(format!("{root}/{PASSWORD_NOTE}"), plain(true, 0))?;
        zip.write_all(PASSWORD_NOTE_TEXT.as_bytes())?;
        notes.push((
            Hashers::of(PASSWORD_NOTE_TEXT.as_bytes()).sha256,
            PASSWORD_NOTE,
        ));
    }

    let is_disc = |d: &Document| {
        input
            .discs
            .get(&d.id)
            .is_some_and(|disc| !disc.files.is_empty())
    };
    let placed = document_paths(input.documents, is_disc);
    let paths: Vec<&str> = placed.iter().map(|p| p.path.as_str()).collect();
    let mut order: Vec<usize> = (0..input.documents.len()).collect();
    order.sort_by(|&a, &b| paths[a].cmp(paths[b]));
    let mut payload: Vec<Packed> = Vec::new();
    let Originals {
        sha1_of,
        disc_index,
    } = pack_originals(
        &mut zip,
        &root,
        input,
        source,
        &placed,
        &sized,
        &mut payload,
    )?;

    let text_paths: Vec<Option<String>> = (0..input.documents.len())
        .map(|i| {
            let reading = input.readings.get(&input.documents[i].id)?;
            reading.has_text().then(|| text_path(paths[i]))
        })
        .collect();
    for &i in &order {
        let (Some(path), Some(reading)) =
            (&text_paths[i], input.readings.get(&input.documents[i].id))
        else {
            continue;
        };
        let document = &input.documents[i];
        let texts = page_texts(input.texts, document, reading)?;
        let text = text_file(document, paths[i], reading, &texts);
        payload.push(add_generated(
            &mut zip,
            &root,
            path,
            options(true),
            |out| out.write_all(text.as_bytes()),
        )?);
    }

    let packed_disc = |i: usize| {
        let disc = input.discs.get(&input.documents[i].id)?;
        Some(PackedDisc {
            folder: placed[i].disc_folder.as_deref()?,
            index: disc_index[i].as_ref().map(|f| f.path.as_str()),
            disc,
        })
    };
    let packed: Vec<PackedDocument<'_>> = order
        .iter()
        .map(|&i| PackedDocument {
            document: &input.documents[i],
            path: paths[i],
            reading: input.readings.get(&input.documents[i].id),
            text_path: text_paths[i].as_deref(),
            disc: packed_disc(i),
        })
        .collect();
    let as_of = input.as_of.to_rfc3339_opts(SecondsFormat::Secs, true);
    let question_files: &[&str] = if input.questions.is_empty() {
        &[]
    } else {
        &[QUESTIONS_HTML, QUESTIONS_TXT]
    };
    let assembled = Assembled {
        case: input.case,
        documents: &packed,
        checklist: input.checklist,
        readiness: input.readiness,
        questions: input.questions,
        question_files,
        software: input.software,
        as_of: &as_of,
        part: input.part.as_ref(),
    };
    let payload_by_path: HashMap<&str, &Packed> =
        payload.iter().map(|p| (p.path.as_str(), p)).collect();
    let file_of = |path: &str| {
        let packed = payload_by_path.get(path)?;
        Some(FhirFile {
            path: path.to_owned(),
            size: packed.size,
            sha1_base64: packed.digests.sha1_base64.clone(),
        })
    };
    let fhir_documents = order.iter().map(|&i| FhirDocument {
        packed: PackedDocument {
            document: &input.documents[i],
            path: paths[i],
            reading: None,
            text_path: None,
            disc: packed_disc(i),
        },
        sha1_base64: sha1_of[i].clone(),
        text: text_paths[i].as_deref().and_then(file_of),
        disc_index: disc_index[i].clone(),
    });
    let bundle = add_generated(
        &mut zip,
        &root,
        "data/fhir/bundle.json",
        options(true),
        |out| write_bundle(out, input.case, fhir_documents, &as_of),
    )?;
    payload.push(bundle);
    if !input.questions.is_empty() {
        let day = &as_of[..10];
        let html = questions_html(input.case, input.questions, day);
        payload.push(add_generated(
            &mut zip,
            &root,
            QUESTIONS_HTML,
            options(true),
            |out| out.write_all(html.as_bytes()),
        )?);
        let text = questions_txt(input.case, input.questions, day);
        payload.push(add_generated(
            &mut zip,
            &root,
            QUESTIONS_TXT,
            options(true),
            |out| out.write_all(text.as_bytes()),
        )?);
    }
    payload.push(add_generated(
        &mut zip,
        &root,
        "data/summary.json",
        options(true),
        |out| write_summary(out, &assembled),
    )?);

    let info = BagInfo {
        as_of: input.as_of,
        payload_bytes: payload.iter().map(|p| p.size).sum(),
        payload_files: payload.len(),
        software: input.software,
        description: "Medical records gathered for a second opinion on a cancer diagnosis",
        contact_name: None,
    };
    let sha256_lines = || {
        payload
            .iter()
            .map(|p| (p.digests.sha256.as_str(), p.path.as_str()))
    };
    let sha512_lines = || {
        payload
            .iter()
            .map(|p| (p.digests.sha512.as_str(), p.path.as_str()))
    };
    type TagWriter<'w> = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + 'w>;
    let tag_files: [(&str, TagWriter<'_>); 5] = [
        (
            "INDEX.html",
            Box::new(|out| write_index_html(out, &assembled)),
        ),
        (
            "bag-info.txt",
            Box::new(|out| out.write_all(bag_info_txt(&info).as_bytes())),
        ),
        (
            "bagit.txt",
            Box::new(|out| out.write_all(bagit_txt().as_bytes())),
        ),
        (
            "manifest-sha256.txt",
            Box::new(|out| write_manifest(out, sha256_lines())),
        ),
        (
            "manifest-sha512.txt",
            Box::new(|out| write_manifest(out, sha512_lines())),
        ),
    ];
    let mut tag_digests = notes;
    for (name, write) in tag_files {
        let tag = add_generated(&mut zip, &root, name, options(true), write)?;
        tag_digests.push((tag.digests.sha256, name));
    }
    add_generated(
        &mut zip,
        &root,
        "tagmanifest-sha256.txt",
        options(true),
        |out| write_manifest(out, tag_digests.iter().map(|(d, n)| (d.as_str(), *n))),
    )?;

    let out = zip.finish()?.into_inner();
    Ok(Written {
        out,
        root,
        documents: input.documents.len(),
    })
}

/// Writes one generated file at `path` in the bag, its bytes produced by `write`.
fn add_generated<W: Write>(
    zip: &mut ZipWriter<StreamWriter<W>>,
    root: &str,
    path: &str,
    options: FileOptions<'_, '_, ()>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<Packed, PacketError> {
    zip.start_file(format!("{root}/{path}"), options)?;
    let (size, digests) = write_generated(&mut *zip, write)?;
    Ok(Packed {
        path: path.to_owned(),
        size,
        digests,
    })
}

/// The text of a document's pages that have any, read from `texts` (each other page's is
/// left empty).
fn page_texts(
    texts: &dyn PageSource,
    document: &Document,
    reading: &DocumentReading,
) -> Result<Vec<String>, PacketError> {
    reading
        .pages
        .iter()
        .map(|page| {
            if page.has_text {
                texts.page_text(document, page)
            } else {
                Ok(String::new())
            }
        })
        .collect::<io::Result<_>>()
        .map_err(|source| PacketError::Read {
            name: document.original_name.clone(),
            source,
        })
}

/// A ZIP timestamp (two-second resolution, 1980 to 2107), clamped into range.
fn zip_time(at: DateTime<Utc>) -> zip::DateTime {
    let year = at.year().clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        year,
        at.month() as u8,
        at.day() as u8,
        at.hour() as u8,
        at.minute() as u8,
        at.second() as u8,
    )
    .unwrap_or_default()
}
