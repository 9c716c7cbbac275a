//! Carryall's domain: the people and second-opinion cases the rest of the program is about.
//!
//! **Architecture invariant:** this crate does no I/O (no files, clock, randomness or network)
//! and knows no wire format. Callers pass in "today" and random bytes; the fronts convert these
//! types to their own JSON shapes.

pub mod cancer;
pub mod case;
pub mod document;
pub mod field;
pub mod id;
pub mod media;

pub use cancer::CancerType;
pub use case::{Case, CaseDetails, CaseForm, CaseStatus, Patient};
pub use document::{Category, CategorySource, Document, Sha256Hex};
pub use field::FieldError;
pub use id::{Id, IdError};
pub use media::MediaType;
