//! Integration tests of the `carryall` binary: each runs the real program in a fresh data
//! directory and checks its output, JSON and exit status.

mod case;
mod checklist;
mod crash;
mod disc;
mod documents;
mod faults;
mod harness;
mod kiosk;
mod packet;
mod privacy;
mod protection;
mod questions;
mod reading;
