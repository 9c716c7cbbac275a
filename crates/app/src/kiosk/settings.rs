//! The kiosk's settings, kept in `kiosk.json` in the data folder and written atomically:
//! whether kiosk mode is on, the idle time, the staff's export folder, the staff PIN (only as
//! an Argon2id hash with its salt) and the count and time of wrong PINs, so that restarting
//! Carryall does not reset the wait after too many.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::atomic_file::write_atomically;

use super::pin;

/// The settings file's name inside the data folder.
pub(crate) const SETTINGS_FILE: &str = "kiosk.json";

/// The idle time when staff chose none: ten minutes.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(10 * 60);
/// The shortest idle time staff may choose, in minutes.
pub const MIN_IDLE_MINUTES: u64 = 1;
/// The longest idle time staff may choose, in minutes.
pub const MAX_IDLE_MINUTES: u64 = 240;
/// How long before the end of an idle session its warning shows, at most.
const WARNING_LEAD: Duration = Duration::from_secs(60);

/// The kiosk's settings as stored. The PIN's hash never leaves this crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskSettings {
    /// Whether Carryall starts in kiosk mode.
    pub enabled: bool,
    /// How long a session may sit untouched before it is wiped, in seconds.
    idle_seconds: u64,
    /// The folder staff chose for packets, besides removable drives.
    pub export_folder: Option<PathBuf>,
    /// The staff PIN's Argon2id hash in PHC form (salt and parameters included).
    pin_hash: Option<String>,
    /// Wrong PINs typed since the last right one.
    failed_unlocks: u32,
    /// When the last wrong PIN was typed.
    last_failed_unlock: Option<DateTime<Utc>>,
}

impl Default for KioskSettings {
    fn default() -> KioskSettings {
        KioskSettings {
            enabled: false,
            idle_seconds: DEFAULT_IDLE.as_secs(),
            export_folder: None,
            pin_hash: None,
            failed_unlocks: 0,
            last_failed_unlock: None,
        }
    }
}

/// What staff change; `None` leaves a setting as it is.
#[derive(Debug, Default)]
pub struct KioskChanges {
    /// Turn kiosk mode on or off.
    pub enabled: Option<bool>,
    /// A new idle time.
    pub idle: Option<Duration>,
    /// A new export folder (`Some(None)` clears it).
    pub export_folder: Option<Option<PathBuf>>,
    /// A new staff PIN.
    pub pin: Option<String>,
}

impl KioskSettings {
    /// The settings in `data_dir`, or the defaults when none are saved yet.
    pub fn load(data_dir: &Path) -> Result<KioskSettings, AppError> {
        let path = data_dir.join(SETTINGS_FILE);
        let error = |source| AppError::KioskSettings {
            path: path.clone(),
            source,
        };
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| error(io::Error::new(io::ErrorKind::InvalidData, e))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(KioskSettings::default()),
            Err(e) => Err(error(e)),
        }
    }

    /// Saves the settings in `data_dir`, whole or not at all.
    pub(crate) fn save(&self, data_dir: &Path) -> Result<(), AppError> {
        let path = data_dir.join(SETTINGS_FILE);
        let error = |source| AppError::KioskSettings {
            path: path.clone(),
            source,
        };
        crate::data_dir::create_private(data_dir).map_err(error)?;
        let bytes = serde_json::to_vec_pretty(self)
            .map_err(|e| error(io::Error::new(io::ErrorKind::InvalidData, e)))?;
        write_atomically(&path, &bytes).map_err(error)
    }

    /// How long a session may sit untouched (never under ten seconds, whatever the file says).
    pub fn idle(&self) -> Duration {
        Duration::from_secs(self.idle_seconds.max(10))
    }

    /// How long before the end of an idle session the warning shows: a minute, or half the
    /// idle time when that is shorter (never under 30 seconds for an idle time staff can
    /// choose, so more than the 20 seconds WCAG 2.2.1 asks for).
    pub fn warning_lead(&self) -> Duration {
        WARNING_LEAD.min(self.idle() / 2)
    }

    /// Whether a staff PIN is set.
    pub fn pin_is_set(&self) -> bool {
        self.pin_hash.is_some()
    }

    /// Applies staff's changes: checks them all first, so a bad one changes nothing.
    pub(crate) fn apply(&mut self, changes: &KioskChanges) -> Result<(), AppError> {
        if let Some(idle) = changes.idle {
            check_idle(idle)?;
        }
        let folder = match &changes.export_folder {
            Some(Some(folder)) => Some(Some(existing_folder(folder)?)),
            Some(None) => Some(None),
            None => None,
        };
        let pin_hash = changes.pin.as_deref().map(pin::hash).transpose()?;
        if changes.enabled == Some(true) && pin_hash.is_none() && self.pin_hash.is_none() {
            return Err(AppError::KioskOnWithoutPin);
        }
        if let Some(enabled) = changes.enabled {
            self.enabled = enabled;
        }
        if let Some(idle) = changes.idle {
            self.idle_seconds = idle.as_secs();
        }
        if let Some(folder) = folder {
            self.export_folder = folder;
        }
        if let Some(hash) = pin_hash {
            self.pin_hash = Some(hash);
            self.failed_unlocks = 0;
            self.last_failed_unlock = None;
        }
        Ok(())
    }

    /// Checks a PIN typed at `now`, counting a wrong one. While too many wrong PINs were
    /// typed lately the PIN is not even looked at: the person is told how long to wait.
    /// The caller saves the settings afterwards, whatever the answer.
    pub(crate) fn check_pin(&mut self, typed: &str, now: DateTime<Utc>) -> Result<(), AppError> {
        let stored = self.pin_hash.as_deref().ok_or(AppError::KioskNoPin)?;
        if let Some(seconds) = self.seconds_to_wait(now) {
            return Err(AppError::KioskWait { seconds });
        }
        if pin::matches(typed, stored) {
            self.failed_unlocks = 0;
            self.last_failed_unlock = None;
            return Ok(());
        }
        self.failed_unlocks = self.failed_unlocks.saturating_add(1);
        self.last_failed_unlock = Some(now);
        match self.seconds_to_wait(now) {
            Some(seconds) => Err(AppError::KioskWait { seconds }),
            None => Err(AppError::KioskWrongPin),
        }
    }

    /// How many seconds are left to wait at `now` before the next PIN may be tried.
    fn seconds_to_wait(&self, now: DateTime<Utc>) -> Option<u64> {
        let wait = pin::wait_after(self.failed_unlocks)?;
        let last = self.last_failed_unlock?;
        let waited = u64::try_from((now - last).num_seconds()).unwrap_or(0);
        let left = wait.as_secs().saturating_sub(waited);
        (left > 0).then_some(left)
    }
}

fn check_idle(idle: Duration) -> Result<(), AppError> {
    let minutes = idle.as_secs() / 60;
    if idle.as_secs().is_multiple_of(60) && (MIN_IDLE_MINUTES..=MAX_IDLE_MINUTES).contains(&minutes)
    {
        Ok(())
    } else {
        Err(AppError::KioskIdleRange {
            min: MIN_IDLE_MINUTES,
            max: MAX_IDLE_MINUTES,
        })
    }
}

/// The folder as an absolute path with no links, or why it cannot be used.
fn existing_folder(folder: &Path) -> Result<PathBuf, AppError> {
    std::fs::canonicalize(folder)
        .ok()
        .filter(|path| path.is_dir())
        .ok_or_else(|| AppError::KioskExportFolder(folder.to_owned()))
}

#[cfg(test)]
impl KioskSettings {
    /// Sets an idle time shorter than staff may choose (for tests of the timeout).
    pub(crate) fn set_idle_for_tests(&mut self, idle: Duration) {
        self.idle_seconds = idle.as_secs();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use chrono::TimeDelta;

    fn with_pin(pin: &str) -> KioskSettings {
        let mut settings = KioskSettings::default();
        let changes = KioskChanges {
            pin: Some(pin.to_owned()),
            ..KioskChanges::default()
        };
        settings.apply(&changes).unwrap();
        settings
    }

    #[test]
    fn settings_survive_a_round_trip_and_never_hold_the_pin() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            KioskSettings::load(dir.path()).unwrap(),
            KioskSettings::default()
        );
        let mut settings = with_pin("4071");
        let changes = KioskChanges {
            enabled: Some(true),
            idle: Some(Duration::from_secs(5 * 60)),
            export_folder: Some(Some(dir.path().to_owned())),
            pin: None,
        };
        settings.apply(&changes).unwrap();
        settings.save(dir.path()).unwrap();
        let again = KioskSettings::load(dir.path()).unwrap();
        assert_eq!(again, settings);
        assert_eq!(again.idle(), Duration::from_secs(300));
        assert!(again.enabled && again.pin_is_set());
        let text = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap();
        assert!(!text.contains("4071"), "the PIN itself is never stored");
        assert!(text.contains("$argon2id$"), "{text}");
    }

    #[test]
    fn bad_changes_change_nothing() {
        let mut settings = KioskSettings::default();
        let before = settings.clone();
        let on = KioskChanges {
            enabled: Some(true),
            ..KioskChanges::default()
        };
        assert_eq!(
            settings.apply(&on).unwrap_err().code(),
            ErrorCode::InvalidInput
        );
        for idle in [0, 30, 241 * 60] {
            let change = KioskChanges {
                idle: Some(Duration::from_secs(idle)),
                pin: Some("1234".to_owned()),
                ..KioskChanges::default()
            };
            assert!(settings.apply(&change).is_err(), "{idle} s");
        }
        let missing = KioskChanges {
            export_folder: Some(Some(PathBuf::from("/no/such/folder/at/all"))),
            ..KioskChanges::default()
        };
        assert!(settings.apply(&missing).is_err());
        for pin in ["123", "12a4", "1234567890123", ""] {
            let change = KioskChanges {
                pin: Some(pin.to_owned()),
                ..KioskChanges::default()
            };
            assert!(settings.apply(&change).is_err(), "{pin:?}");
        }
        assert_eq!(settings, before);
    }

    #[test]
    fn the_warning_comes_a_minute_before_or_halfway() {
        let mut settings = KioskSettings::default();
        assert_eq!(settings.warning_lead(), Duration::from_secs(60));
        settings.set_idle_for_tests(Duration::from_secs(60));
        assert_eq!(settings.warning_lead(), Duration::from_secs(30));
    }

    #[test]
    fn five_wrong_pins_then_a_wait_that_doubles_and_the_right_pin_resets_it() {
        let mut settings = with_pin("4071");
        let start = Utc::now();
        for _ in 0..4 {
            let wrong = settings.check_pin("1111", start).unwrap_err();
            assert_eq!(wrong.code(), ErrorCode::KioskPin);
        }
        let fifth = settings.check_pin("1111", start).unwrap_err();
        assert!(
            matches!(fifth, AppError::KioskWait { seconds: 30 }),
            "{fifth:?}"
        );
        assert_eq!(
            fifth.to_string(),
            "Too many wrong PINs. Please wait 30 seconds before you try again."
        );
        // Even the right PIN waits, and is not looked at.
        let later = start + TimeDelta::seconds(10);
        let early = settings.check_pin("4071", later).unwrap_err();
        assert!(
            matches!(early, AppError::KioskWait { seconds: 20 }),
            "{early:?}"
        );
        let after_wait = start + TimeDelta::seconds(30);
        let sixth = settings.check_pin("1111", after_wait).unwrap_err();
        assert!(
            matches!(sixth, AppError::KioskWait { seconds: 60 }),
            "{sixth:?}"
        );
        assert_eq!(
            sixth.to_string(),
            "Too many wrong PINs. Please wait 1 minute before you try again."
        );
        let much_later = after_wait + TimeDelta::seconds(60);
        settings.check_pin("4071", much_later).unwrap();
        assert_eq!(settings.failed_unlocks, 0);
        let wrong = settings.check_pin("1111", much_later).unwrap_err();
        assert_eq!(wrong.code(), ErrorCode::KioskPin);
    }

    #[test]
    fn the_count_of_wrong_pins_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = with_pin("4071");
        let now = Utc::now();
        for _ in 0..5 {
            let _ = settings.check_pin("0000", now);
        }
        settings.save(dir.path()).unwrap();
        let mut reloaded = KioskSettings::load(dir.path()).unwrap();
        let refused = reloaded.check_pin("4071", now).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::KioskWait);
    }

    #[test]
    fn no_pin_set_is_explained() {
        let mut settings = KioskSettings::default();
        let err = settings.check_pin("1234", Utc::now()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::KioskNoPin);
    }
}
