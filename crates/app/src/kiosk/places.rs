//! Where a kiosk session may save a packet, and where it may not add documents from. A packet
//! goes only to a removable drive plugged in now or the folder staff chose; documents come
//! only from a removable drive plugged in now, and never from the kiosk's data folder or the
//! staff's folder (where earlier patients' packets are), even on a drive. Anything else is
//! refused here, in the library, whatever the UI offers.

use std::path::{Path, PathBuf};

use crate::AppError;
use crate::removable_drives::removable_drives;

use super::settings::KioskSettings;

/// The place rules of a kiosk session; the staff folder is read from the settings each time,
/// so a change by staff counts at once.
#[derive(Debug, Clone)]
pub(crate) struct KioskPlaces {
    data_dir: PathBuf,
}

impl KioskPlaces {
    /// The rules of the kiosk whose settings are in `data_dir`.
    pub(crate) fn of(data_dir: &Path) -> KioskPlaces {
        KioskPlaces {
            data_dir: data_dir.to_owned(),
        }
    }

    /// Refuses `out` unless it is on a removable drive or in the staff's folder.
    pub(crate) fn check_export(&self, out: &Path) -> Result<(), AppError> {
        let settings = KioskSettings::load(&self.data_dir)?;
        let mut places: Vec<PathBuf> = removable_drives().into_iter().map(|d| d.path).collect();
        places.extend(settings.export_folder);
        check_place(out, &places)
    }

    /// Refuses documents chosen in, or folders that hold, the kiosk's data folder or the
    /// staff's folder, and any not on a removable drive plugged in now.
    pub(crate) fn check_import(&self, paths: &[PathBuf]) -> Result<(), AppError> {
        let settings = KioskSettings::load(&self.data_dir)?;
        let mut kept = vec![self.data_dir.clone()];
        kept.extend(settings.export_folder);
        check_sources(paths, &kept, &drive_folders())
    }
}

/// The folders of the removable drives plugged in now.
pub(crate) fn drive_folders() -> Vec<PathBuf> {
    removable_drives().into_iter().map(|d| d.path).collect()
}

/// The drive folder of `drives` that `path` (resolved: links and `..`) is on, with the
/// resolved path; `None` when it is on none of them or cannot be resolved.
pub(crate) fn on_a_drive(path: &Path, drives: &[PathBuf]) -> Option<(PathBuf, PathBuf)> {
    let path = std::fs::canonicalize(path).ok()?;
    drives
        .iter()
        .filter_map(|drive| std::fs::canonicalize(drive).ok())
        .find(|drive| path.starts_with(drive))
        .map(|drive| (drive, path))
}

/// Refuses any of `paths` that is inside one of `kept`, or holds one, or is not on one of
/// `drives`.
fn check_sources(paths: &[PathBuf], kept: &[PathBuf], drives: &[PathBuf]) -> Result<(), AppError> {
    let kept: Vec<PathBuf> = kept
        .iter()
        .filter_map(|place| std::fs::canonicalize(place).ok())
        .collect();
    for path in paths {
        let Some((_, path)) = on_a_drive(path, drives) else {
            return Err(AppError::KioskDriveOnly);
        };
        if kept
            .iter()
            .any(|place| path.starts_with(place) || place.starts_with(&path))
        {
            return Err(AppError::KioskImportPlace);
        }
    }
    Ok(())
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
    fn documents_never_come_from_the_kiosks_own_folders() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let staff = dir.path().join("staff");
        let stick = dir.path().join("STICK");
        for folder in [&data, &staff, &stick] {
            std::fs::create_dir_all(folder).unwrap();
        }
        std::fs::write(stick.join("scan.pdf"), b"%PDF").unwrap();
        std::fs::write(staff.join("old.zip"), b"PK").unwrap();
        let kept = [data.clone(), staff.clone()];
        // Here the whole folder is a drive, so only the kiosk's own folders are refused.
        let everything = [dir.path().to_owned()];
        check_sources(&[stick.join("scan.pdf"), stick.clone()], &kept, &everything).unwrap();
        for refused in [
            staff.join("old.zip"),
            staff.clone(),
            data.clone(),
            dir.path().to_owned(),
            stick.join("..").join("staff"),
        ] {
            let err =
                check_sources(&[stick.clone(), refused.clone()], &kept, &everything).unwrap_err();
            assert_eq!(err.code(), ErrorCode::KioskImportPlace, "{refused:?}");
        }
    }

    #[test]
    fn documents_come_only_from_the_drives_plugged_in() {
        let dir = tempfile::tempdir().unwrap();
        let stick = dir.path().join("STICK");
        let home = dir.path().join("home");
        for folder in [&stick, &home] {
            std::fs::create_dir_all(folder).unwrap();
        }
        std::fs::write(stick.join("scan.pdf"), b"%PDF").unwrap();
        std::fs::write(home.join("other.pdf"), b"%PDF").unwrap();
        let drives = [stick.clone()];
        check_sources(&[stick.join("scan.pdf"), stick.clone()], &[], &drives).unwrap();
        for refused in [
            home.join("other.pdf"),
            home.clone(),
            stick.join("..").join("home").join("other.pdf"),
            stick.join("absent.pdf"),
            dir.path().to_owned(),
        ] {
            let err = check_sources(std::slice::from_ref(&refused), &[], &drives).unwrap_err();
            assert_eq!(err.code(), ErrorCode::KioskDriveOnly, "{refused:?}");
        }
        let none = check_sources(&[stick.join("scan.pdf")], &[], &[]).unwrap_err();
        assert_eq!(none.code(), ErrorCode::KioskDriveOnly);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_on_the_drive_leading_out_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let stick = dir.path().join("STICK");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&stick).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(home.join("other.pdf"), b"%PDF").unwrap();
        std::os::unix::fs::symlink(&home, stick.join("away")).unwrap();
        let err = check_sources(
            &[stick.join("away").join("other.pdf")],
            &[],
            std::slice::from_ref(&stick),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::KioskDriveOnly);
    }

    #[test]
    fn the_rule_reads_the_staff_folder_from_the_settings() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let staff = dir.path().join("staff");
        std::fs::create_dir_all(&staff).unwrap();
        let rule = KioskPlaces::of(&data);
        assert!(rule.check_export(&staff.join("p.zip")).is_err());
        let mut settings = KioskSettings::default();
        let changes = super::super::KioskChanges {
            export_folder: Some(Some(staff.clone())),
            ..Default::default()
        };
        settings.apply(&changes).unwrap();
        settings.save(&data).unwrap();
        rule.check_export(&staff.join("p.zip")).unwrap();
    }
}
