//! Tests: the bank is sound, every rule fires when it should and not otherwise, and whole
//! cases get fitting lists; every question's words and reasons are in the UI's catalogues.

mod bank_data;
mod catalogue;
mod rules;
mod scenarios;
mod support;
