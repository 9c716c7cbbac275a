//! Packing the original files: each document's own bytes and every scan disc's files, in
//! path order, each read once from its source, hashed while it is zipped and checked against
//! the SHA-256 taken at import. A file that no longer matches stops the packet.

use std::io::{self, Read, Write};

use carryall_domain::MediaType;
use zip::ZipWriter;
use zip::write::{FileOptions, StreamWriter};

use crate::contents::DiscFile;
use crate::digest::Sha512Thread;
use crate::fhir::FhirFile;
use crate::names::{Placed, disc_file_paths};
use crate::write::{DocumentSource, Packed, PacketError, PacketInput};

/// Bytes read per step while packing a file.
const CHUNK: usize = 256 * 1024;

/// A scan disc's index, at the top of the disc, which DICOM viewers open.
const DISC_INDEX: &str = "DICOMDIR";

/// What the rest of the packet needs to know of the originals, by document index.
pub struct Originals {
    /// Each document's own file's SHA-1 (base64).
    pub sha1_of: Vec<String>,
    /// Each scan disc's index file as packed.
    pub disc_index: Vec<Option<FhirFile>>,
}

/// Packs every original into `zip` under `root`, adding each to `payload`. `options` gives
/// the entry options for a file, by whether to deflate it and its expected size.
pub fn pack_originals<'o, 'k, W: Write>(
    zip: &mut ZipWriter<StreamWriter<W>>,
    root: &str,
    input: &PacketInput<'_>,
    source: &dyn DocumentSource,
    placed: &[Placed],
    options: &impl Fn(bool, u64) -> FileOptions<'o, 'k, ()>,
    payload: &mut Vec<Packed>,
) -> Result<Originals, PacketError> {
    let mut sha1_of = vec![String::new(); input.documents.len()];
    let mut disc_index: Vec<Option<FhirFile>> = (0..input.documents.len()).map(|_| None).collect();
    let mut buffer = vec![0u8; CHUNK];
    let sha512_thread = Sha512Thread::start();
    for original in originals(input, placed) {
        let i = original.document;
        let document = &input.documents[i];
        let (name, expected, size, compress) = match original.disc_file {
            None => (
                document.original_name.clone(),
                &document.sha256,
                document.size,
                matches!(
                    document.media_type,
                    MediaType::Text | MediaType::Html | MediaType::Xml
                ),
            ),
            Some(file) => (
                format!("{}/{}", document.original_name, file.path),
                &file.sha256,
                file.size,
                false,
            ),
        };
        let read_error = |source| PacketError::Read {
            name: name.clone(),
            source,
        };
        let mut reader = match original.disc_file {
            None => source.open(document),
            Some(file) => source.open_disc_file(file),
        }
        .map_err(read_error)?;
        zip.start_file(format!("{root}/{}", original.path), options(compress, size))?;
        let mut hashers = sha512_thread.file();
        let mut size = 0u64;
        loop {
            let n = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(e)),
            };
            hashers.update(&buffer[..n]);
            zip.write_all(&buffer[..n])?;
            size += n as u64;
        }
        let digests = hashers.finish().ok_or_else(|| {
            PacketError::Write(io::Error::other("the hashing thread stopped").into())
        })?;
        if digests.sha256 != expected.as_str() {
            return Err(match original.disc_file {
                None => PacketError::Damaged {
                    name,
                    expected: expected.to_string(),
                    actual: digests.sha256,
                },
                Some(file) => PacketError::DamagedDiscFile {
                    disc: document.original_name.clone(),
                    file: file.path.clone(),
                    expected: expected.to_string(),
                    actual: digests.sha256,
                },
            });
        }
        match original.disc_file {
            None => sha1_of[i] = digests.sha1_base64.clone(),
            Some(file) if file.path.eq_ignore_ascii_case(DISC_INDEX) => {
                disc_index[i] = Some(FhirFile {
                    path: original.path.clone(),
                    size,
                    sha1_base64: digests.sha1_base64.clone(),
                });
            }
            Some(_) => {}
        }
        payload.push(Packed {
            path: original.path,
            size,
            digests,
        });
    }

    Ok(Originals {
        sha1_of,
        disc_index,
    })
}

/// One original file to pack: a document's own bytes, or a file of a scan disc.
struct Original<'a> {
    /// Its path in the bag.
    path: String,
    /// The document's index in the input.
    document: usize,
    /// The disc's file, when it is one.
    disc_file: Option<&'a DiscFile>,
}

/// The originals in packet order: every document's own file and every disc's files, by path.
fn originals<'a>(input: &PacketInput<'a>, placed: &[Placed]) -> Vec<Original<'a>> {
    let mut originals = Vec::new();
    for (i, place) in placed.iter().enumerate() {
        originals.push(Original {
            path: place.path.clone(),
            document: i,
            disc_file: None,
        });
        let disc = input.discs.get(&input.documents[i].id);
        if let (Some(folder), Some(disc)) = (&place.disc_folder, disc) {
            let paths = disc_file_paths(folder, disc.files.iter().map(|f| f.path.as_str()));
            originals.extend(
                paths
                    .into_iter()
                    .zip(&disc.files)
                    .map(|(path, file)| Original {
                        path,
                        document: i,
                        disc_file: Some(file),
                    }),
            );
        }
    }
    originals.sort_by(|a, b| a.path.cmp(&b.path));
    originals
}
