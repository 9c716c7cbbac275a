//! Generates a realistic mix of files to import: PDFs, phone photos (JPEG) and a scan disc of
//! many small DICOM files, with the right magic bytes and incompressible bodies, from a fixed
//! seed so every run measures the same data.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::rng::Rng;

/// What was generated.
pub struct Dataset {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes about `total_bytes` of files under `root`: 45% PDFs (0.2 to 8 MiB), 25% JPEGs (1 to
/// 4 MiB), 30% DICOM images on a disc folder (64 to 512 KiB each, a few thousand files).
pub fn generate(root: &Path, total_bytes: u64) -> io::Result<Dataset> {
    let mut rng = Rng(0x5EED_CA22_1A11);
    let mut made = Dataset { files: 0, bytes: 0 };
    let kinds: [(&str, u64, u64, u64, &[u8]); 3] = [
        (
            "reports",
            45,
            200 << 10,
            8 << 20,
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        ),
        (
            "photos",
            25,
            1 << 20,
            4 << 20,
            b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00",
        ),
        ("disc/DICOM", 30, 64 << 10, 512 << 10, b""),
    ];
    for (folder, percent, min, max, magic) in kinds {
        let dir = root.join(folder);
        fs::create_dir_all(&dir)?;
        let budget = total_bytes * percent / 100;
        let mut spent = 0;
        let mut index = 0;
        while spent < budget {
            let size = (min + rng.below(max - min)).min(budget - spent).max(1024);
            let name = if magic.is_empty() {
                format!("IM{index:06}")
            } else {
                format!("{folder}-{index:04}.bin")
            };
            write_file(&dir.join(name.replace('/', "-")), size, magic, &mut rng)?;
            spent += size;
            index += 1;
            made.files += 1;
        }
        made.bytes += spent;
    }
    Ok(made)
}

fn write_file(path: &Path, size: u64, magic: &[u8], rng: &mut Rng) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 20, fs::File::create(path)?);
    let mut header = Vec::from(magic);
    if magic.is_empty() {
        // A DICOM Part 10 file: 128-byte preamble, "DICM", then file meta elements.
        header = vec![0u8; 128];
        header.extend_from_slice(b"DICM\x02\x00\x10\x00UI\x14\x001.2.840.10008.1.2.1\0");
    }
    out.write_all(&header)?;
    let mut left = size.saturating_sub(header.len() as u64);
    let mut buf = vec![0u8; 1 << 16];
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        rng.fill(&mut buf[..n]);
        out.write_all(&buf[..n])?;
        left -= n as u64;
    }
    out.flush()
}
