//! Where a kiosk session may save a packet: on a removable drive plugged in now, or in the
//! folder staff chose. Anything else is refused here, in the library, whatever the UI offers.

use std::path::{Path, PathBuf};

use crate::AppError;
use crate::removable_drives::removable_drives;

use super::settings::KioskSettings;

/// The export rule of a kiosk session; the staff folder is read from the settings at each
/// export, so a change by staff counts at once.
#[derive(Debug, Clone)]
pub(crate) struct ExportRule {
    data_dir: PathBuf,
}

impl ExportRule {
    /// The rule of the kiosk whose settings are in `data_dir`.
    pub(crate) fn of(data_dir: &Path) -> ExportRule {
        ExportRule {
            data_dir: data_dir.to_owned(),
        }
    }

    /// Refuses `out` unless it is on a removable drive or in the staff's folder.
    pub(crate) fn check(&self, out: &Path) -> Result<(), AppError> {
        let settings = KioskSettings::load(&self.data_dir)?;
        let mut places: Vec<PathBuf> = removable_drives().into_iter().map(|d| d.path).collect();
        places.extend(settings.export_folder);
        check_place(out, &places)
    }
}

/// Allows `out` only when the folder it would be written in is, once links and `..` are
/// resolved, one of `places` or inside one.
fn check_place(out: &Path, places: &[PathBuf]) -> Result<(), AppError> {
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let named = out
        .file_name()
        .is_some_and(|name| name != ".." && name != ".");
    let folder = std::fs::canonicalize(folder).map_err(|_| AppError::KioskExportPlace)?;
    let allowed = places
        .iter()
        .filter_map(|place| std::fs::canonicalize(place).ok())
        .any(|place| folder.starts_with(place));
    if named && allowed {
        Ok(())
    } else {
        Err(AppError::KioskExportPlace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn only_the_drives_and_the_staff_folder_are_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let drive = dir.path().join("media").join("STICK");
        let staff = dir.path().join("staff");
        let elsewhere = dir.path().join("home");
        for folder in [&drive, &staff, &elsewhere, &drive.join("inner")] {
            std::fs::create_dir_all(folder).unwrap();
        }
        let places = [drive.clone(), staff.clone(), dir.path().join("gone")];
        check_place(&drive.join("p.zip"), &places).unwrap();
        check_place(&drive.join("inner").join("p.zip"), &places).unwrap();
        check_place(&staff.join("p.zip"), &places).unwrap();
        for refused in [
            elsewhere.join("p.zip"),
            drive.join("..").join("..").join("home").join("p.zip"),
            dir.path().join("p.zip"),
            dir.path().join("nowhere").join("p.zip"),
            drive.join(".."),
            PathBuf::from("p.zip"),
        ] {
            let err = check_place(&refused, &places).unwrap_err();
            assert_eq!(err.code(), ErrorCode::KioskExportPlace, "{refused:?}");
        }
        assert!(check_place(&staff.join("p.zip"), &[]).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_on_the_drive_to_elsewhere_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let drive = dir.path().join("STICK");
        let elsewhere = dir.path().join("home");
        std::fs::create_dir_all(&drive).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, drive.join("away")).unwrap();
        let err = check_place(&drive.join("away").join("p.zip"), &[drive]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::KioskExportPlace);
    }

    #[test]
    fn the_rule_reads_the_staff_folder_from_the_settings() {
        let dir = tempfile::tempdir().unwrap();
        let staff = dir.path().join("staff");
        std::fs::create_dir_all(&staff).unwrap();
        let rule = ExportRule::of(dir.path());
        assert!(rule.check(&staff.join("p.zip")).is_err());
        let mut settings = KioskSettings::default();
        let changes = super::super::KioskChanges {
            export_folder: Some(Some(staff.clone())),
            ..Default::default()
        };
        settings.apply(&changes).unwrap();
        settings.save(dir.path()).unwrap();
        rule.check(&staff.join("p.zip")).unwrap();
    }
}
