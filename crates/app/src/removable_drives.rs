//! The removable drives (USB sticks, memory cards) plugged in now, so a packet can be saved
//! on one without searching the file system: on Linux the file systems mounted under
//! `/media/$USER/` or `/run/media/$USER/` (where desktops mount them), on macOS the volumes in
//! `/Volumes` other than the system's, on Windows the drive letters of removable type (asked
//! of PowerShell). Debug builds also count the folders named in `CARRYALL_TEST_DRIVES` (a
//! path list, like `PATH`), so end-to-end tests can plug in a drive without mounting one;
//! release builds ignore it.

use std::path::PathBuf;

/// A removable drive, by the name a person sees and the folder it is mounted at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovableDrive {
    /// Its label, e.g. `KINGSTON` (Windows: `KINGSTON (E:)`, or `E:` without a label).
    pub name: String,
    /// Where its files are, e.g. `/media/asha/KINGSTON`.
    pub path: PathBuf,
}

/// The removable drives mounted now, in name order; none when they cannot be listed.
pub fn removable_drives() -> Vec<RemovableDrive> {
    let mut drives = mounted();
    #[cfg(debug_assertions)]
    drives.extend(test_drives(std::env::var_os(TEST_DRIVES_ENV)));
    #[cfg(test)]
    drives.extend(plugged_in_by_tests());
    drives.sort_by(|a, b| a.name.cmp(&b.name));
    drives
}

/// The environment variable naming folders a debug build counts as plugged-in drives.
#[cfg(debug_assertions)]
pub const TEST_DRIVES_ENV: &str = "CARRYALL_TEST_DRIVES";

/// The folders in a `CARRYALL_TEST_DRIVES` list as drives named after their folders.
#[cfg(debug_assertions)]
fn test_drives(list: Option<std::ffi::OsString>) -> Vec<RemovableDrive> {
    let Some(list) = list else {
        return Vec::new();
    };
    std::env::split_paths(&list)
        .filter(|path| path.is_dir())
        .map(|path| RemovableDrive {
            name: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            path,
        })
        .collect()
}

/// Folders this crate's unit tests count as drives (tests run in parallel in one process, so
/// they cannot set the environment; each plugs in its own temporary folder).
#[cfg(test)]
static PLUGGED_IN_BY_TESTS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Counts `folder` as a plugged-in drive for the rest of this test run.
#[cfg(test)]
pub(crate) fn plug_in_for_tests(folder: &std::path::Path) {
    let mut plugged = PLUGGED_IN_BY_TESTS
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    plugged.push(folder.to_owned());
}

#[cfg(test)]
fn plugged_in_by_tests() -> Vec<RemovableDrive> {
    let plugged = PLUGGED_IN_BY_TESTS
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    plugged
        .iter()
        .map(|path| RemovableDrive {
            name: "TEST".to_owned(),
            path: path.clone(),
        })
        .collect()
}

#[cfg(target_os = "linux")]
fn mounted() -> Vec<RemovableDrive> {
    let Some(user) = std::env::var_os("USER").or_else(|| std::env::var_os("LOGNAME")) else {
        return Vec::new();
    };
    let table = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    linux_removable(&table, &user.to_string_lossy())
}

/// The mount points in a Linux mount table (`/proc/self/mounts`) that sit directly under
/// `/media/USER/` or `/run/media/USER/`. The table writes a space in a path as `\040`.
#[cfg(any(target_os = "linux", test))]
fn linux_removable(table: &str, user: &str) -> Vec<RemovableDrive> {
    let parents = [format!("/media/{user}/"), format!("/run/media/{user}/")];
    let mut drives = Vec::new();
    for line in table.lines() {
        let Some(field) = line.split_whitespace().nth(1) else {
            continue;
        };
        let point = unescape_mount_path(field);
        for parent in &parents {
            let Some(name) = point.strip_prefix(parent.as_str()) else {
                continue;
            };
            let already = drives
                .iter()
                .any(|d: &RemovableDrive| d.path.as_os_str() == point.as_str());
            if !name.is_empty() && !name.contains('/') && !already {
                drives.push(RemovableDrive {
                    name: name.to_owned(),
                    path: PathBuf::from(&point),
                });
            }
        }
    }
    drives
}

/// Undoes the mount table's octal escapes (`\040` space, `\011` tab, `\012` newline, `\134`
/// backslash).
#[cfg(any(target_os = "linux", test))]
fn unescape_mount_path(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|digits| bytes[i] == b'\\' && digits.iter().all(|d| (b'0'..=b'7').contains(d)));
        match octal {
            Some(digits) => {
                let value = digits.iter().fold(0u32, |n, d| n * 8 + u32::from(d - b'0'));
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(target_os = "macos")]
fn mounted() -> Vec<RemovableDrive> {
    let Ok(entries) = std::fs::read_dir("/Volumes") else {
        return Vec::new();
    };
    let system = std::fs::canonicalize("/").ok();
    entries
        .flatten()
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        // The system volume appears in /Volumes as a link to "/".
        .filter(|entry| std::fs::canonicalize(entry.path()).ok() != system)
        .map(|entry| RemovableDrive {
            name: entry.file_name().to_string_lossy().into_owned(),
            path: entry.path(),
        })
        .collect()
}

#[cfg(windows)]
fn mounted() -> Vec<RemovableDrive> {
    use std::os::windows::process::CommandExt;
    /// Starts the helper without flashing a console window.
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    // Drive type 2 is "removable" (USB sticks, memory cards). Through PowerShell, as the
    // app's crates may not call the Windows API directly (no unsafe code).
    let query = "Get-CimInstance Win32_LogicalDisk -Filter 'DriveType=2' | \
                 ForEach-Object { $_.DeviceID + '|' + $_.VolumeName }";
    let output = std::process::Command::new("powershell.exe")
        .args(["-NoProfile", "-NonInteractive", "-Command", query])
        .creation_flags(CREATE_NO_WINDOW)
        .output();
    match output {
        Ok(done) if done.status.success() => {
            windows_removable(&String::from_utf8_lossy(&done.stdout))
        }
        _ => Vec::new(),
    }
}

/// The drives in PowerShell's `E:|LABEL` lines; a drive without a label is named by its
/// letter alone.
#[cfg(any(windows, test))]
fn windows_removable(lines: &str) -> Vec<RemovableDrive> {
    lines
        .lines()
        .filter_map(|line| {
            let (letter, label) = line.trim().split_once('|')?;
            let valid = letter.len() == 2
                && letter.ends_with(':')
                && letter.starts_with(|c: char| c.is_ascii_alphabetic());
            valid.then(|| RemovableDrive {
                name: if label.trim().is_empty() {
                    letter.to_owned()
                } else {
                    format!("{} ({letter})", label.trim())
                },
                path: PathBuf::from(format!("{letter}\\")),
            })
        })
        .collect()
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn mounted() -> Vec<RemovableDrive> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/sda1 /media/asha/KINGSTON vfat rw,nosuid,nodev,relatime,uid=1000 0 0
/dev/sdb1 /media/asha/Holiday\\040Photos exfat rw,nosuid,nodev 0 0
/dev/sdc1 /run/media/asha/CARD vfat rw,nosuid,nodev 0 0
/dev/sdd1 /media/ravi/THEIRS vfat rw 0 0
/dev/sde1 /media/asha/KINGSTON/inner vfat rw 0 0
/dev/sdf1 /media/asha vfat rw 0 0
/dev/sda1 /media/asha/KINGSTON vfat rw 0 0
";

    #[test]
    fn only_this_users_media_mounts_count_with_spaces_restored() {
        let drives = linux_removable(TABLE, "asha");
        let seen: Vec<(&str, &str)> = drives
            .iter()
            .map(|d| (d.name.as_str(), d.path.to_str().unwrap()))
            .collect();
        assert_eq!(
            seen,
            [
                ("KINGSTON", "/media/asha/KINGSTON"),
                ("Holiday Photos", "/media/asha/Holiday Photos"),
                ("CARD", "/run/media/asha/CARD"),
            ]
        );
        assert!(linux_removable(TABLE, "nobody").is_empty());
        assert!(linux_removable("", "asha").is_empty());
    }

    #[test]
    fn test_drives_are_the_listed_folders_that_exist() {
        let dir = tempfile::tempdir().unwrap();
        let stick = dir.path().join("STICK");
        std::fs::create_dir(&stick).unwrap();
        let list = std::env::join_paths([stick.clone(), dir.path().join("gone")]).unwrap();
        let drives = test_drives(Some(list));
        assert_eq!(
            drives,
            [RemovableDrive {
                name: "STICK".to_owned(),
                path: stick
            }]
        );
        assert!(test_drives(None).is_empty());
    }

    #[test]
    fn windows_drive_lines_become_drives() {
        let drives = windows_removable("E:|KINGSTON\r\nF:|\r\n\r\nnonsense\r\nGG:|X\r\n");
        let seen: Vec<(&str, &str)> = drives
            .iter()
            .map(|d| (d.name.as_str(), d.path.to_str().unwrap()))
            .collect();
        assert_eq!(seen, [("KINGSTON (E:)", "E:\\"), ("F:", "F:\\")]);
    }

    #[test]
    fn mount_escapes_are_undone_and_anything_else_is_kept() {
        assert_eq!(unescape_mount_path("a\\040b\\134c\\011d"), "a b\\c\td");
        assert_eq!(unescape_mount_path("trailing\\04"), "trailing\\04");
        assert_eq!(unescape_mount_path("not\\999octal"), "not\\999octal");
    }
}
