//! Checking a packet, which may come from anyone: every problem is reported with the file it
//! concerns, and nothing in the ZIP is trusted. Entry names are checked before use (no
//! absolute paths, no `..`, one top folder), sizes and entry counts are bounded, and entries
//! that expand suspiciously (zip bombs) are refused rather than read.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Seek};

use zip::ZipArchive;

use crate::digest::{Digests, Hashers};
use crate::tags::unescape_path;

/// Limits that keep a hostile packet from exhausting the machine.
const MAX_ENTRIES: usize = 200_000;
const MAX_TAG_FILE: u64 = 64 << 20;
const MAX_EXPANSION: u64 = 200;
const EXPANSION_FLOOR: u64 = 8 << 20;

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file it concerns, relative to the bag (empty for the packet as a whole).
    pub path: String,
    /// What is wrong, in words (English).
    pub problem: String,
    /// What is wrong as a stable key (`verify_*`), for a front to word in the person's
    /// language.
    pub key: &'static str,
    /// The values the problem names besides the file, by name.
    pub params: Vec<(&'static str, String)>,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Verification {
    /// Every problem; none means the packet is intact.
    pub problems: Vec<Problem>,
    /// Payload files whose digests were checked.
    pub files_checked: usize,
}

impl Verification {
    /// Whether the packet is intact.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, path: &str, key: &'static str, problem: impl Into<String>) {
        self.problem_naming(path, key, Vec::new(), problem);
    }

    fn problem_naming(
        &mut self,
        path: &str,
        key: &'static str,
        params: Vec<(&'static str, String)>,
        problem: impl Into<String>,
    ) {
        self.problems.push(Problem {
            path: path.to_owned(),
            problem: problem.into(),
            key,
            params,
        });
    }
}

/// Checks a packet read from `reader`; `password` opens a password-protected one.
pub fn verify<R: Read + Seek>(reader: R, password: Option<&[u8]>) -> Verification {
    let mut report = Verification::default();
    let mut zip = match ZipArchive::new(reader) {
        Ok(zip) => zip,
        Err(e) => {
            report.problem(
                "",
                "verify_not_zip",
                format!("this is not a readable ZIP file ({e})"),
            );
            return report;
        }
    };
    if zip.len() > MAX_ENTRIES {
        report.problem_naming(
            "",
            "verify_too_many_entries",
            vec![("entries", zip.len().to_string())],
            format!(
                "the ZIP holds {} entries, more than a packet can",
                zip.len()
            ),
        );
        return report;
    }
    let Some(entries) = index_entries(&mut zip, &mut report) else {
        return report;
    };
    let encrypted = (0..zip.len()).any(|i| zip.by_index_raw(i).is_ok_and(|f| f.encrypted()));
    if encrypted && password.is_none() {
        let problem = "the packet is protected with a password: give the password to check it";
        report.problem("", "verify_password_needed", problem);
        return report;
    }
    let tag = |zip: &mut ZipArchive<R>, report: &mut Verification, name: &str| -> Option<String> {
        let Some(&index) = entries.get(name) else {
            report.problem(name, "verify_missing", "is missing");
            return None;
        };
        match read_small(zip, index, password) {
            Ok(text) => Some(text),
            Err(e) => {
                report.problem(name, "verify_unreadable", format!("cannot be read ({e})"));
                None
            }
        }
    };
    if let Some(text) = tag(&mut zip, &mut report, "bagit.txt")
        && !text.lines().any(|l| l.trim() == "BagIt-Version: 1.0")
    {
        report.problem(
            "bagit.txt",
            "verify_bagit_version",
            "does not declare BagIt-Version: 1.0",
        );
    }
    let manifests: Vec<(&str, BTreeMap<String, String>)> =
        ["manifest-sha256.txt", "manifest-sha512.txt"]
            .into_iter()
            .filter_map(|name| {
                tag(&mut zip, &mut report, name).map(|text| (name, parse_manifest(&text)))
            })
            .collect();

    // Every payload file is read once; its digests are checked against every manifest.
    let mut digests: BTreeMap<String, (u64, Digests)> = BTreeMap::new();
    // Files present but unreadable (a failed checksum inside the ZIP, say) are reported once,
    // not again as missing everywhere they are named.
    let mut unreadable = BTreeSet::new();
    for (path, &index) in entries.range("data/".to_owned()..) {
        if !path.starts_with("data/") {
            break;
        }
        match hash_entry(&mut zip, index, password) {
            Ok(found) => {
                digests.insert(path.clone(), found);
            }
            Err(e) => {
                let problem = format!("has been changed or damaged and cannot be read ({e})");
                report.problem(path, "verify_damaged", problem);
                unreadable.insert(path.clone());
            }
        }
    }
    report.files_checked = digests.len();
    for (name, manifest) in &manifests {
        for (path, expected) in manifest {
            match digests.get(path) {
                None if unreadable.contains(path) => {}
                None => report.problem_naming(
                    path,
                    "verify_listed_missing",
                    vec![("list", (*name).to_owned())],
                    format!("is listed in {name} but missing from the packet"),
                ),
                Some((_, found)) => {
                    let actual = if name.contains("512") {
                        &found.sha512
                    } else {
                        &found.sha256
                    };
                    if actual != expected {
                        report.problem_naming(
                            path,
                            "verify_digest_mismatch",
                            vec![("list", (*name).to_owned())],
                            format!("does not match its digest in {name}: it has been changed"),
                        );
                    }
                }
            }
        }
        for path in digests.keys().filter(|p| !manifest.contains_key(*p)) {
            report.problem_naming(
                path,
                "verify_not_listed",
                vec![("list", (*name).to_owned())],
                format!("is not listed in {name}"),
            );
        }
    }
    if let Some(info) = tag(&mut zip, &mut report, "bag-info.txt")
        && unreadable.is_empty()
    {
        check_oxum(&info, &digests, &mut report);
    }
    if let Some(text) = tag(&mut zip, &mut report, "tagmanifest-sha256.txt") {
        for (name, expected) in parse_manifest(&text) {
            match entries
                .get(&name)
                .map(|&i| read_small(&mut zip, i, password))
            {
                None => report.problem_naming(
                    &name,
                    "verify_listed_missing",
                    vec![("list", "tagmanifest-sha256.txt".to_owned())],
                    "is listed in tagmanifest-sha256.txt but missing",
                ),
                Some(Err(e)) => {
                    report.problem(&name, "verify_unreadable", format!("cannot be read ({e})"))
                }
                Some(Ok(body)) if Hashers::of(body.as_bytes()).sha256 != expected => report
                    .problem_naming(
                        &name,
                        "verify_digest_mismatch",
                        vec![("list", "tagmanifest-sha256.txt".to_owned())],
                        "does not match its digest in tagmanifest-sha256.txt: it has been changed",
                    ),
                Some(Ok(_)) => {}
            }
        }
    }
    let known = Known {
        entries: &entries,
        digests: &digests,
        unreadable: &unreadable,
    };
    check_fhir(&mut zip, &known, password, &mut report);
    check_summary(&mut zip, &known, password, &mut report);
    report
}

/// Maps each file's path inside the bag to its entry, checking every name on the way.
fn index_entries<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    report: &mut Verification,
) -> Option<BTreeMap<String, usize>> {
    let mut root: Option<String> = None;
    let mut entries = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for index in 0..zip.len() {
        let file = match zip.by_index_raw(index) {
            Ok(file) => file,
            Err(e) => {
                report.problem_naming(
                    "",
                    "verify_entry_unreadable",
                    vec![("index", index.to_string())],
                    format!("entry {index} cannot be read ({e})"),
                );
                continue;
            }
        };
        let name = match file.name() {
            Ok(name) => name.into_owned(),
            Err(e) => {
                report.problem_naming(
                    "",
                    "verify_entry_name_unreadable",
                    vec![("index", index.to_string())],
                    format!("entry {index} has an unreadable name ({e})"),
                );
                continue;
            }
        };
        if file.is_dir() {
            continue;
        }
        let parts: Vec<&str> = name.split('/').collect();
        let unsafe_name = name.starts_with('/')
            || name.contains('\\')
            || name.contains(':')
            || parts
                .iter()
                .any(|p| p.is_empty() || *p == "." || *p == "..")
            || parts.len() < 2;
        if unsafe_name {
            report.problem(
                &name,
                "verify_unsafe_name",
                "has an unsafe name (absolute, outside the packet's folder, or empty parts)",
            );
            continue;
        }
        match &root {
            None => root = Some(parts[0].to_owned()),
            Some(r) if r != parts[0] => {
                report.problem(
                    &name,
                    "verify_outside_folder",
                    "is outside the packet's single top folder",
                );
                continue;
            }
            Some(_) => {}
        }
        if file.size() > EXPANSION_FLOOR
            && file.size() / file.compressed_size().max(1) > MAX_EXPANSION
        {
            report.problem(
                &name,
                "verify_zip_bomb",
                "expands far more than any real file would (a possible zip bomb); not read",
            );
            continue;
        }
        let path = parts[1..].join("/");
        if !seen.insert(path.to_lowercase()) {
            report.problem(&name, "verify_twice", "appears twice in the packet");
            continue;
        }
        entries.insert(path, index);
    }
    if root.is_none() {
        report.problem("", "verify_empty", "the packet is empty");
        return None;
    }
    Some(entries)
}

/// Opens an entry, decrypting it when a password is given.
fn open_entry<'z, R: Read + Seek>(
    zip: &'z mut ZipArchive<R>,
    index: usize,
    password: Option<&[u8]>,
) -> io::Result<zip::read::ZipFile<'z, R>> {
    match password {
        Some(password) => zip.by_index_decrypt(index, password),
        None => zip.by_index(index),
    }
    .map_err(io::Error::other)
}

fn read_small<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    index: usize,
    password: Option<&[u8]>,
) -> io::Result<String> {
    let file = open_entry(zip, index, password)?;
    if file.size() > MAX_TAG_FILE {
        return Err(io::Error::other("too large for a tag file"));
    }
    let mut text = String::new();
    file.take(MAX_TAG_FILE).read_to_string(&mut text)?;
    Ok(text)
}

fn hash_entry<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    index: usize,
    password: Option<&[u8]>,
) -> io::Result<(u64, Digests)> {
    let mut file = open_entry(zip, index, password)?;
    let declared = file.size();
    let mut hashers = Hashers::default();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        if size > declared {
            return Err(io::Error::other("holds more than its declared size"));
        }
        hashers.update(&buffer[..n]);
    }
    Ok((size, hashers.finish()))
}

fn parse_manifest(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let (digest, path) = line
                .trim_end_matches('\r')
                .split_once(char::is_whitespace)?;
            Some((
                unescape_path(path.trim_start()),
                digest.to_ascii_lowercase(),
            ))
        })
        .collect()
}

fn check_oxum(info: &str, digests: &BTreeMap<String, (u64, Digests)>, report: &mut Verification) {
    let oxum = info
        .lines()
        .find_map(|l| l.strip_prefix("Payload-Oxum:"))
        .map(str::trim);
    let Some((bytes, count)) = oxum.and_then(|o| o.split_once('.')) else {
        report.problem("bag-info.txt", "verify_no_oxum", "has no Payload-Oxum");
        return;
    };
    let actual_bytes: u64 = digests.values().map(|(size, _)| size).sum();
    if bytes.parse::<u64>().ok() != Some(actual_bytes)
        || count.parse::<usize>().ok() != Some(digests.len())
    {
        report.problem_naming(
            "bag-info.txt",
            "verify_oxum_mismatch",
            vec![
                ("declared", format!("{bytes}.{count}")),
                ("actual", format!("{actual_bytes}.{}", digests.len())),
            ],
            format!(
                "Payload-Oxum says {bytes}.{count} but the payload is {actual_bytes}.{}",
                digests.len()
            ),
        );
    }
}

/// What the checks so far know about the payload.
struct Known<'a> {
    entries: &'a BTreeMap<String, usize>,
    digests: &'a BTreeMap<String, (u64, Digests)>,
    unreadable: &'a BTreeSet<String>,
}

/// Each `Attachment.hash` (base64 SHA-1) of each DocumentReference's contents (the document,
/// and its text when it has one) must match the file it names.
fn check_fhir<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    known: &Known<'_>,
    password: Option<&[u8]>,
    report: &mut Verification,
) {
    const BUNDLE: &str = "data/fhir/bundle.json";
    let Some(text) = known
        .entries
        .get(BUNDLE)
        .and_then(|&i| read_small(zip, i, password).ok())
    else {
        report.problem(
            BUNDLE,
            "verify_missing_or_unreadable",
            "is missing or unreadable",
        );
        return;
    };
    let Ok(bundle) = serde_json::from_str::<serde_json::Value>(&text) else {
        report.problem(BUNDLE, "verify_not_json", "is not valid JSON");
        return;
    };
    let attachments = bundle["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["resource"]["content"].as_array())
        .flatten()
        .filter_map(|content| content["attachment"].as_object());
    for attachment in attachments {
        let url = attachment
            .get("url")
            .and_then(|u| u.as_str())
            .unwrap_or_default();
        let path = percent_decode(url);
        let hash = attachment
            .get("hash")
            .and_then(|h| h.as_str())
            .unwrap_or_default();
        match known.digests.get(&path) {
            None if known.unreadable.contains(&path) => {}
            None => report.problem_naming(
                BUNDLE,
                "verify_names_absent",
                vec![("named", path.clone())],
                format!("names {path:?}, which is not in the packet"),
            ),
            Some((_, found)) if found.sha1_base64 != hash => report.problem(
                &path,
                "verify_fhir_mismatch",
                "does not match its SHA-1 in the FHIR bundle",
            ),
            Some(_) => {}
        }
    }
}

/// Each document `data/summary.json` lists must be in the packet with the size and SHA-256
/// it gives, each text file it names must be there, and each scan disc's folder must hold
/// the files and bytes it gives, its index included.
fn check_summary<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    known: &Known<'_>,
    password: Option<&[u8]>,
    report: &mut Verification,
) {
    const SUMMARY: &str = "data/summary.json";
    let Some(text) = known
        .entries
        .get(SUMMARY)
        .and_then(|&i| read_small(zip, i, password).ok())
    else {
        report.problem(
            SUMMARY,
            "verify_missing_or_unreadable",
            "is missing or unreadable",
        );
        return;
    };
    let Ok(summary) = serde_json::from_str::<serde_json::Value>(&text) else {
        report.problem(SUMMARY, "verify_not_json", "is not valid JSON");
        return;
    };
    let missing =
        |path: &str| !known.digests.contains_key(path) && !known.unreadable.contains(path);
    for document in summary["documents"].as_array().into_iter().flatten() {
        let path = document["path"].as_str().unwrap_or_default();
        match known.digests.get(path) {
            None if known.unreadable.contains(path) => {}
            None => report.problem_naming(
                SUMMARY,
                "verify_names_absent",
                vec![("named", path.to_owned())],
                format!("lists {path:?}, which is not in the packet"),
            ),
            Some((size, digests)) => {
                if document["sha256"].as_str() != Some(digests.sha256.as_str())
                    || document["size"].as_u64() != Some(*size)
                {
                    report.problem(
                        path,
                        "verify_summary_mismatch",
                        "does not match its size and SHA-256 in data/summary.json",
                    );
                }
            }
        }
        if let Some(text_path) = document["text_path"].as_str().filter(|p| missing(p)) {
            report.problem_naming(
                SUMMARY,
                "verify_names_absent",
                vec![("named", text_path.to_owned())],
                format!("names the text file {text_path:?}, which is not in the packet"),
            );
        }
        if document["disc"].is_object() {
            check_disc(&document["disc"], known, report);
        }
    }
}

/// A scan disc's folder holds as many files and bytes as `data/summary.json` gives.
fn check_disc(disc: &serde_json::Value, known: &Known<'_>, report: &mut Verification) {
    const SUMMARY: &str = "data/summary.json";
    let Some(folder) = disc["folder"].as_str().filter(|f| !f.is_empty()) else {
        report.problem(
            SUMMARY,
            "verify_disc_no_folder",
            "names a scan disc without its folder",
        );
        return;
    };
    let inside = format!("{folder}/");
    let files: Vec<u64> = known
        .digests
        .range(inside.clone()..)
        .take_while(|(path, _)| path.starts_with(&inside))
        .map(|(_, (size, _))| *size)
        .collect();
    let unreadable = known
        .unreadable
        .iter()
        .filter(|path| path.starts_with(&inside))
        .count();
    let count = files.len() + unreadable;
    if disc["files"].as_u64() != Some(count as u64) {
        report.problem_naming(
            SUMMARY,
            "verify_disc_file_count",
            vec![
                ("folder", folder.to_owned()),
                ("listed", disc["files"].to_string()),
                ("found", count.to_string()),
            ],
            format!(
                "says the scan disc in {folder:?} holds {} files, but the packet has {count} there",
                disc["files"]
            ),
        );
    } else if unreadable == 0 && disc["bytes"].as_u64() != Some(files.iter().sum()) {
        report.problem_naming(
            SUMMARY,
            "verify_disc_size",
            vec![("folder", folder.to_owned())],
            format!("gives a size for the scan disc in {folder:?} that its files do not add up to"),
        );
    }
    if let Some(index) = disc["index"].as_str()
        && !known.digests.contains_key(index)
        && !known.unreadable.contains(index)
    {
        report.problem_naming(
            SUMMARY,
            "verify_names_absent",
            vec![("named", index.to_owned())],
            format!("names the scan disc's index {index:?}, which is not in the packet"),
        );
    }
}

fn percent_decode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod keys {
    /// Every problem's key is in the UI's English catalogue (as `error.KEY`), so a front can
    /// word it; the catalogue check keeps the other languages' keys the same as English's.
    #[test]
    fn every_problem_key_is_in_the_catalogue() {
        let catalogue: std::collections::BTreeMap<String, String> =
            serde_json::from_str(include_str!("../../../ui/src/locales/en.json"))
                .expect("the English catalogue is JSON");
        let source = include_str!("verify.rs");
        // Each key is a string literal of lower-case letters and underscores after `verify_`.
        let keys: std::collections::BTreeSet<&str> = source
            .match_indices("\"verify_")
            .filter_map(|(at, _)| source[at + 1..].split_once('"').map(|(key, _)| key))
            .filter(|key| key.len() > 7 && key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect();
        assert!(keys.len() >= 20, "only {} keys found", keys.len());
        for key in keys {
            assert!(
                catalogue.contains_key(&format!("error.{key}")),
                "the catalogue lacks error.{key}"
            );
        }
    }
}
