//! One module per command group; each turns parsed arguments into one app call and a report.

pub mod audit;
pub mod case;
pub mod check;
pub mod checklist;
pub mod concerns;
pub mod documents;
pub mod kiosk;
pub mod packet;
pub mod protection;
pub mod questions;
pub mod text;
