//! Small files (a packet's `.sha256` sidecar, an audit CSV) written whole or not at all.

use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` through a hidden temp file in the same folder
/// (`.carryall-*.part`), fsync and rename, so a crash leaves the old file or the new one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".carryall-")
        .suffix(".part")
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
