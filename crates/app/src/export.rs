//! Exporting a case as a packet, and checking a packet file.
//!
//! The packet is written to a temp file beside the target, hashed as it is written (no second
//! pass), fsynced, and only then renamed to the target name, so a crash or a full disk never
//! leaves something that looks like a finished packet. Every document is re-hashed on the
//! way out; one that no longer matches stops the export. A `sha256sum`-format sidecar
//! (`FILE.zip.sha256`) is written the same way, after an older one is removed. The packet's
//! size is checked against common upload limits ([`SizeLimit`]); going over one is a warning,
//! not an error. A case can also be written as two packets, its scan discs apart
//! ([`Carryall::export_discs_apart`]).

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use carryall_checklist::Readiness;
use carryall_domain::{Case, Document, Sha256Hex};
use carryall_packet::verify::{Problem, verify};
use carryall_packet::{
    DiscFile, DocumentSource, Holds, PacketError, PacketInput, Part, Written, write_packet,
};
use carryall_store::files::FileStore;
use chrono::Utc;
use sha2::{Digest, Sha256};

use crate::atomic_file::write_atomically;
use crate::packet_contents::{PacketContents, StoredPages};
use crate::{AppError, Carryall};

use crate::upload_limits::size_warnings;
pub use crate::upload_limits::{DEFAULT_SIZE_LIMITS, LimitKind, SizeLimit, SizeWarning};
pub use carryall_packet::human_size;

/// A case written as two packets: its documents, and its scan discs apart.
#[derive(Debug)]
pub struct SplitExport {
    /// The packet with the documents, the checklist and the questions.
    pub documents: Exported,
    /// The packet with the scan discs; `None` when the case has none.
    pub discs: Option<Exported>,
}

/// A packet written.
#[derive(Debug)]
pub struct Exported {
    /// Where it is.
    pub path: PathBuf,
    /// The SHA-256 of the whole ZIP.
    pub sha256: Sha256Hex,
    /// Its size in bytes.
    pub bytes: u64,
    /// How many documents it holds.
    pub documents: usize,
    /// The upload limits it is over, each with advice; empty when it fits them all.
    pub warnings: Vec<SizeWarning>,
}

/// What checking a packet file found.
#[derive(Debug)]
pub struct PacketCheck {
    /// Every problem, by file; none means intact.
    pub problems: Vec<Problem>,
    /// Payload files checked.
    pub files_checked: usize,
    /// The SHA-256 of the ZIP file.
    pub sha256: Sha256Hex,
    /// What the `.sha256` sidecar says, when there is one: whether it matches.
    pub sidecar_matches: Option<bool>,
}

impl PacketCheck {
    /// The `.sha256` sidecar's verdict as a stable word: `match`, `mismatch` or `absent`.
    pub fn sidecar_slug(&self) -> &'static str {
        match self.sidecar_matches {
            None => "absent",
            Some(true) => "match",
            Some(false) => "mismatch",
        }
    }

    /// Whether the packet is intact.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty() && self.sidecar_matches != Some(false)
    }
}

/// The documents' bytes, read from the file store.
struct Stored<'a>(&'a FileStore);

impl DocumentSource for Stored<'_> {
    fn open(&self, document: &Document) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(self.0.open_file(&document.sha256)?))
    }

    fn open_disc_file(&self, file: &DiscFile) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(self.0.open_file(&file.sha256)?))
    }
}

impl Carryall {
    /// Writes the case's packet to `out` (and `out` + `.sha256`), encrypted with `password`
    /// when one is given, and warns when it is over the [`DEFAULT_SIZE_LIMITS`].
    pub fn export(
        &self,
        case_id: &str,
        out: &Path,
        password: Option<&str>,
    ) -> Result<Exported, AppError> {
        self.export_with_limits(case_id, out, password, &DEFAULT_SIZE_LIMITS)
    }

    /// [`Carryall::export`], warning when the packet is over any of `size_limits` instead.
    pub fn export_with_limits(
        &self,
        case_id: &str,
        out: &Path,
        password: Option<&str>,
        size_limits: &[SizeLimit],
    ) -> Result<Exported, AppError> {
        self.check_export_place(out)?;
        let case = self.case(case_id)?;
        let contents = self.packet_contents(&case)?;
        self.export_whole(&case, &contents, out, password, size_limits)
    }

    /// Writes the whole case as one packet and records the export.
    fn export_whole(
        &self,
        case: &Case,
        contents: &PacketContents,
        out: &Path,
        password: Option<&str>,
        size_limits: &[SizeLimit],
    ) -> Result<Exported, AppError> {
        let whole = PacketFile {
            case,
            contents,
            documents: &contents.documents,
            part: None,
            password,
        };
        let exported = self.write_packet_file(&whole, out, size_limits)?;
        self.store()
            .record_export(&case.id, self.actor.name(), Utc::now())?;
        Ok(exported)
    }

    /// Writes the case as two packets: its scan discs in one beside `out` (see
    /// [`discs_packet_path`]), written first, and everything else at `out`, each naming the
    /// other. A case without scan discs gets one packet, as [`Carryall::export_with_limits`]
    /// writes it.
    pub fn export_discs_apart(
        &self,
        case_id: &str,
        out: &Path,
        password: Option<&str>,
        size_limits: &[SizeLimit],
    ) -> Result<SplitExport, AppError> {
        self.check_export_place(out)?;
        let case = self.case(case_id)?;
        let contents = self.packet_contents(&case)?;
        let (discs, documents): (Vec<Document>, Vec<Document>) = contents
            .documents
            .iter()
            .cloned()
            .partition(|d| contents.discs.contains_key(&d.id));
        if discs.is_empty() {
            return Ok(SplitExport {
                documents: self.export_whole(&case, &contents, out, password, size_limits)?,
                discs: None,
            });
        }
        let discs_out = discs_packet_path(out);
        let out_name = file_name(out);
        let discs_packet = self.write_packet_file(
            &PacketFile {
                case: &case,
                contents: &contents,
                documents: &discs,
                part: Some(Part {
                    holds: Holds::ScanDiscs,
                    other_file: &out_name,
                    other_written: None,
                    other_documents: &documents,
                }),
                password,
            },
            &discs_out,
            size_limits,
        )?;
        let discs_sha256 = discs_packet.sha256.to_string();
        let written = self.write_packet_file(
            &PacketFile {
                case: &case,
                contents: &contents,
                documents: &documents,
                part: Some(Part {
                    holds: Holds::Documents,
                    other_file: &file_name(&discs_out),
                    other_written: Some((&discs_sha256, discs_packet.bytes)),
                    other_documents: &discs,
                }),
                password,
            },
            out,
            size_limits,
        );
        let documents_packet = match written {
            Ok(exported) => exported,
            Err(error) => {
                // Half a split case would look finished: the scan-disc packet goes too.
                let _ = std::fs::remove_file(sidecar_path(&discs_out));
                let _ = std::fs::remove_file(&discs_out);
                return Err(error);
            }
        };
        self.store()
            .record_export(&case.id, self.actor.name(), Utc::now())?;
        Ok(SplitExport {
            documents: documents_packet,
            discs: Some(discs_packet),
        })
    }

    /// Writes one packet file and its sidecar: to a temp file, hashed as it is written,
    /// fsynced, then renamed.
    fn write_packet_file(
        &self,
        packet: &PacketFile<'_>,
        out: &Path,
        size_limits: &[SizeLimit],
    ) -> Result<Exported, AppError> {
        let contents = packet.contents;
        let folder = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let write_error = |source: io::Error| AppError::Export {
            path: out.to_owned(),
            source,
        };
        remove_abandoned_parts(&folder);
        let temp = tempfile::Builder::new()
            .prefix(".carryall-packet-")
            .suffix(".part")
            .tempfile_in(&folder)
            .map_err(write_error)?;
        let writer = HashingWriter {
            inner: BufWriter::new(temp.reopen().map_err(write_error)?),
            hasher: Sha256::new(),
            bytes: 0,
        };
        // The scan-disc packet of a split case leaves the checklist and the questions to the
        // documents packet, which a reviewer reads first.
        let discs_only = packet
            .part
            .as_ref()
            .is_some_and(|p| p.holds == Holds::ScanDiscs);
        let input = PacketInput {
            case: packet.case,
            documents: packet.documents,
            software: SOFTWARE,
            as_of: contents.as_of,
            password: packet.password,
            readings: &contents.readings,
            texts: &StoredPages {
                app: self,
                keys: &contents.page_keys,
            },
            discs: &contents.discs,
            checklist: if discs_only { &[] } else { &contents.checklist },
            readiness: if discs_only {
                Readiness {
                    done: 0,
                    required: 0,
                }
            } else {
                contents.readiness
            },
            questions: if discs_only { &[] } else { &contents.questions },
            part: packet.part,
        };
        let written = write_packet(&input, &Stored(&self.files), writer).map_err(|e| match e {
            PacketError::Damaged { name, .. } => AppError::Damaged(name),
            PacketError::DamagedDiscFile { disc, file, .. } => {
                AppError::DamagedDiscFile { disc, file }
            }
            PacketError::Read { name, source } => AppError::Unreadable { name, source },
            PacketError::Write(e) => write_error(io::Error::other(e)),
        })?;
        let Written {
            out:
                HashingWriter {
                    inner,
                    hasher,
                    bytes,
                },
            documents: packed,
            ..
        } = written;
        let file = inner
            .into_inner()
            .map_err(|e| write_error(e.into_error()))?;
        file.sync_all().map_err(write_error)?;
        let sha256 = Sha256Hex::from_digest(&hasher.finalize().into());
        // An older packet's sidecar would contradict this packet if we stopped between the
        // two renames: it goes first, so a crash there leaves no sidecar, not a wrong one.
        match std::fs::remove_file(sidecar_path(out)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(write_error(e)),
            _ => {}
        }
        temp.persist(out).map_err(|e| write_error(e.error))?;
        write_atomically(
            &sidecar_path(out),
            format!("{sha256}  {}\n", file_name(out)).as_bytes(),
        )
        .map_err(write_error)?;
        Ok(Exported {
            path: out.to_owned(),
            sha256,
            bytes,
            documents: packed,
            warnings: size_warnings(bytes, size_limits),
        })
    }
}

/// One packet file to write: the whole case, or one part of it.
struct PacketFile<'a> {
    case: &'a Case,
    contents: &'a PacketContents,
    documents: &'a [Document],
    part: Option<Part<'a>>,
    password: Option<&'a str>,
}

/// Where [`Carryall::export_discs_apart`] puts the scan discs, beside `out`: `packet.zip`
/// gives `packet-scan-discs.zip`.
pub fn discs_packet_path(out: &Path) -> PathBuf {
    let stem = out.file_stem().unwrap_or_default().to_string_lossy();
    let name = match out.extension() {
        Some(ext) => format!("{stem}-scan-discs.{}", ext.to_string_lossy()),
        None => format!("{stem}-scan-discs"),
    };
    out.with_file_name(name)
}

/// A path's file name as text (for the sidecar and the packets naming each other).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Carryall {
    /// [`verify_packet`], from the window: in a kiosk session only a packet on a removable
    /// drive or in the staff's folder, so the patient cannot probe the computer's other files.
    pub fn verify_packet(
        &self,
        path: &Path,
        password: Option<&str>,
    ) -> Result<PacketCheck, AppError> {
        self.check_export_place(path)
            .map_err(|_| AppError::KioskVerifyPlace)?;
        verify_packet(path, password)
    }
}

/// Checks a packet file (and its `.sha256` sidecar, when present); `password` opens a
/// password-protected one. Needs no data directory.
pub fn verify_packet(path: &Path, password: Option<&str>) -> Result<PacketCheck, AppError> {
    let read_error = |source| AppError::Export {
        path: path.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(read_error)?;
    let mut hashing = HashingWriter {
        inner: io::sink(),
        hasher: Sha256::new(),
        bytes: 0,
    };
    io::copy(&mut file, &mut hashing).map_err(read_error)?;
    let sha256 = Sha256Hex::from_digest(&hashing.hasher.finalize().into());
    file.rewind().map_err(read_error)?;
    let report = verify(io::BufReader::new(file), password.map(str::as_bytes));
    let sidecar_matches = std::fs::read_to_string(sidecar_path(path))
        .ok()
        .map(|text| {
            text.split_whitespace()
                .next()
                .is_some_and(|claimed| claimed.eq_ignore_ascii_case(sha256.as_str()))
        });
    Ok(PacketCheck {
        problems: report.problems,
        files_checked: report.files_checked,
        sha256,
        sidecar_matches,
    })
}

/// Reads a packet password from a file: its first line, without the line ending.
pub fn read_password_file(path: &Path) -> Result<String, AppError> {
    let text = std::fs::read_to_string(path).map_err(|source| AppError::PasswordFile {
        path: path.to_owned(),
        source,
    })?;
    let password = text.lines().next().unwrap_or_default().to_owned();
    if password.is_empty() {
        let source = io::Error::new(io::ErrorKind::InvalidData, "its first line is empty");
        return Err(AppError::PasswordFile {
            path: path.to_owned(),
            source,
        });
    }
    Ok(password)
}

/// The program's name and version as packets record it.
const SOFTWARE: &str = concat!("Carryall ", env!("CARGO_PKG_VERSION"));

fn sidecar_path(packet: &Path) -> PathBuf {
    let mut name = packet.as_os_str().to_owned();
    name.push(".sha256");
    PathBuf::from(name)
}

/// A half-written packet not touched for this long belongs to an export that was killed or
/// lost its power: a running export writes to its file all the time.
const ABANDONED_AFTER: Duration = Duration::from_secs(10 * 60);

/// Removes half-written packets and sidecars (`.carryall-*.part`) that killed exports left in
/// `folder`: they hold health data, perhaps on a USB stick, and never become a packet. Files
/// written in the last [`ABANDONED_AFTER`] are left alone (an export may be running); a file
/// that cannot be removed is left too, as nothing depends on it.
fn remove_abandoned_parts(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".carryall-") && name.ends_with(".part")) {
            continue;
        }
        let abandoned = entry.metadata().ok().filter(|m| m.is_file()).and_then(|m| {
            let age = m.modified().ok()?.elapsed().ok()?;
            Some(age > ABANDONED_AFTER)
        });
        if abandoned == Some(true) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Passes bytes on while hashing them and counting them.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;

    fn file_aged(path: &Path, age: Duration) {
        let file = File::create(path).unwrap();
        file.set_modified(SystemTime::now() - age).unwrap();
    }

    #[test]
    fn only_long_untouched_half_packets_are_removed() {
        let folder = tempfile::tempdir().unwrap();
        let stale = folder.path().join(".carryall-packet-a1b2c3.part");
        let stale_sidecar = folder.path().join(".carryall-x9y8.part");
        let running = folder.path().join(".carryall-packet-d4e5f6.part");
        let someone_elses = folder.path().join("notes.part");
        let packet = folder.path().join("packet.zip");
        file_aged(&stale, Duration::from_secs(3600));
        file_aged(&stale_sidecar, Duration::from_secs(3600));
        file_aged(&running, Duration::from_secs(5));
        file_aged(&someone_elses, Duration::from_secs(3600));
        file_aged(&packet, Duration::from_secs(3600));

        remove_abandoned_parts(folder.path());

        assert!(!stale.exists() && !stale_sidecar.exists());
        assert!(running.exists(), "an export may still be writing it");
        assert!(
            someone_elses.exists() && packet.exists(),
            "not Carryall's half files"
        );
    }
}
