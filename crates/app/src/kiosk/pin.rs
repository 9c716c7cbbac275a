//! The staff PIN: kept only as an Argon2id hash with a random salt (PHC string form), and the
//! wait imposed after too many wrong tries.

use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::AppError;

/// Wrong PINs allowed before each further try must wait.
const FREE_TRIES: u32 = 5;
/// The first wait; each further wrong PIN doubles it.
const FIRST_WAIT: Duration = Duration::from_secs(30);
/// The longest wait.
const LONGEST_WAIT: Duration = Duration::from_secs(60 * 60);

/// The shortest and longest PIN, in digits.
const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=12;

/// Hashes a new PIN (4 to 12 digits) with Argon2id and a fresh random salt.
pub(crate) fn hash(pin: &str) -> Result<String, AppError> {
    if !PIN_DIGITS.contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::KioskPinFormat);
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Randomness(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Randomness(e.to_string()))?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::Randomness(e.to_string()))
}

/// Whether `typed` is the PIN whose hash is `stored`. A damaged hash matches nothing.
pub(crate) fn matches(typed: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(typed.as_bytes(), &parsed)
            .is_ok()
    })
}

/// How long to wait after `failures` wrong PINs in a row: nothing for the first four, then
/// 30 seconds, doubling with each further one, up to an hour.
pub(crate) fn wait_after(failures: u32) -> Option<Duration> {
    let over = failures.checked_sub(FREE_TRIES)?;
    let factor = 1u32.checked_shl(over).unwrap_or(u32::MAX);
    Some(FIRST_WAIT.saturating_mul(factor).min(LONGEST_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_matches_its_pin_only_and_salts_differ() {
        let first = hash("4071").unwrap();
        let second = hash("4071").unwrap();
        assert_ne!(first, second, "each hash has its own salt");
        assert!(first.starts_with("$argon2id$"), "{first}");
        assert!(matches("4071", &first) && matches("4071", &second));
        assert!(!matches("4072", &first));
        assert!(!matches("4071", "not a hash"));
    }

    #[test]
    fn waits_start_at_the_fifth_wrong_pin_and_double_up_to_an_hour() {
        assert_eq!(wait_after(0), None);
        assert_eq!(wait_after(4), None);
        assert_eq!(wait_after(5), Some(Duration::from_secs(30)));
        assert_eq!(wait_after(6), Some(Duration::from_secs(60)));
        assert_eq!(wait_after(8), Some(Duration::from_secs(240)));
        assert_eq!(wait_after(20), Some(LONGEST_WAIT));
        assert_eq!(wait_after(u32::MAX), Some(LONGEST_WAIT));
    }
}
