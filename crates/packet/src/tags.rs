//! BagIt's tag files (RFC 8493): the declaration, the bag's metadata and the manifests.

use std::io::{self, Write};

use chrono::{DateTime, Utc};

/// `bagit.txt`: the bag declaration.
pub fn bagit_txt() -> String {
    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_owned()
}

/// What `bag-info.txt` says.
pub struct BagInfo<'a> {
    /// When the packet's contents were last changed (stands for the bagging date, so that
    /// the same case always gives the same packet).
    pub as_of: DateTime<Utc>,
    /// Total payload bytes.
    pub payload_bytes: u64,
    /// Payload file count.
    pub payload_files: usize,
    /// The program that made it, e.g. "Carryall 0.1.0".
    pub software: &'a str,
    /// A one-line description.
    pub description: &'a str,
    /// Who to contact, when given.
    pub contact_name: Option<&'a str>,
}

/// `bag-info.txt`: labelled metadata, one `Label: value` per line.
pub fn bag_info_txt(info: &BagInfo<'_>) -> String {
    let mut text = format!(
        "Bagging-Date: {}\nPayload-Oxum: {}.{}\nBag-Software-Agent: {}\nExternal-Description: {}\n",
        info.as_of.date_naive(),
        info.payload_bytes,
        info.payload_files,
        one_line(info.software),
        one_line(info.description),
    );
    if let Some(contact) = info.contact_name {
        text.push_str(&format!("Contact-Name: {}\n", one_line(contact)));
    }
    text.push_str(&format!(
        "Carryall-Packet-Format: {}\n",
        crate::FORMAT_VERSION
    ));
    text
}

/// Writes a manifest: one `<digest>  <path>` line per file, in the order given.
pub fn write_manifest<'a>(
    out: &mut dyn Write,
    lines: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> io::Result<()> {
    for (digest, path) in lines {
        writeln!(out, "{digest}  {}", escape_path(path))?;
    }
    Ok(())
}

/// BagIt's path escaping: `%`, CR and LF are percent-encoded.
pub fn escape_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The inverse of [`escape_path`].
pub fn unescape_path(path: &str) -> String {
    path.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

/// Tag values are single lines.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn bag_info_has_the_required_fields() {
        let info = BagInfo {
            as_of: Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
            payload_bytes: 1234,
            payload_files: 3,
            software: "Carryall 0.1.0",
            description: "Second-opinion\nrecords",
            contact_name: None,
        };
        assert_eq!(
            bag_info_txt(&info),
            "Bagging-Date: 2026-11-23\nPayload-Oxum: 1234.3\nBag-Software-Agent: Carryall 0.1.0\n\
             External-Description: Second-opinion records\nCarryall-Packet-Format: 3\n"
        );
    }

    #[test]
    fn paths_are_escaped_and_back() {
        let odd = "data/a%b\nc.txt";
        assert_eq!(escape_path(odd), "data/a%25b%0Ac.txt");
        assert_eq!(unescape_path(&escape_path(odd)), odd);
        let mut manifest = Vec::new();
        write_manifest(&mut manifest, [("ab", "data/x.pdf"), ("cd", "data/y%.pdf")]).unwrap();
        assert_eq!(manifest, b"ab  data/x.pdf\ncd  data/y%25.pdf\n");
    }
}
