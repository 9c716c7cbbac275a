//! Record identifiers: short, random, case-insensitive codes a person can read out or type.
//!
//! An id is 12 characters of Crockford base32 (60 random bits), e.g. `7KQ2M9XRTB4D`. The
//! alphabet has no I, L, O or U, so ids survive being read aloud or copied by hand; parsing
//! accepts lower case and the look-alikes `I`/`L` (as 1) and `O` (as 0).

use std::fmt;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LEN: usize = 12;

/// A record identifier (of a case, patient or document).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Id(String);

/// Why a piece of text is not an id.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdError {
    /// The text has the wrong number of characters.
    #[error("an id has {LEN} letters and digits, but {0:?} has {1}")]
    WrongLength(String, usize),
    /// The text holds a character that no id contains.
    #[error("{0:?} is not an id: ids hold only letters and digits")]
    BadCharacter(String),
}

impl Id {
    /// Makes an id from 8 random bytes (the caller supplies the randomness).
    pub fn from_random(bytes: [u8; 8]) -> Id {
        let mut bits = u64::from_le_bytes(bytes) >> 4;
        let mut out = [0u8; LEN];
        for slot in out.iter_mut().rev() {
            *slot = ALPHABET[(bits & 31) as usize];
            bits >>= 5;
        }
        Id(out.iter().map(|&b| b as char).collect())
    }

    /// Parses an id as a person might type it: surrounding spaces, lower case and look-alike
    /// letters are forgiven.
    pub fn parse(text: &str) -> Result<Id, IdError> {
        let trimmed = text.trim();
        let mut out = String::with_capacity(LEN);
        for c in trimmed.chars() {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                other => other,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return Err(IdError::BadCharacter(trimmed.to_owned()));
            }
            out.push(c);
        }
        if out.len() != LEN {
            return Err(IdError::WrongLength(
                trimmed.to_owned(),
                trimmed.chars().count(),
            ));
        }
        Ok(Id(out))
    }

    /// The canonical text form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_ids_are_twelve_canonical_characters() {
        let id = Id::from_random([0xff; 8]);
        assert_eq!(id.as_str(), "ZZZZZZZZZZZZ");
        let id = Id::from_random([0; 8]);
        assert_eq!(id.as_str(), "000000000000");
        let id = Id::from_random(0x0123_4567_89ab_cdef_u64.to_le_bytes());
        assert_eq!(Id::parse(id.as_str()), Ok(id));
    }

    #[test]
    fn parsing_forgives_what_people_type() {
        let id = Id::parse(" 7kq2m9xrtb4d ").unwrap();
        assert_eq!(id.as_str(), "7KQ2M9XRTB4D");
        assert_eq!(Id::parse("O1LI23456789").unwrap().as_str(), "011123456789");
    }

    #[test]
    fn parsing_rejects_what_is_not_an_id() {
        assert!(matches!(Id::parse("ABC"), Err(IdError::WrongLength(_, 3))));
        assert!(matches!(
            Id::parse("7KQ2M9XRTB4U"),
            Err(IdError::BadCharacter(_))
        ));
        assert!(matches!(
            Id::parse("../etc/passw"),
            Err(IdError::BadCharacter(_))
        ));
        assert!(matches!(
            Id::parse("ÄKQ2M9XRTB4D"),
            Err(IdError::BadCharacter(_))
        ));
    }
}
