//! Tests: the bank is sound, every rule fires when it should and not otherwise, and whole
//! cases get fitting lists.

mod bank_data;
mod rules;
mod scenarios;
mod support;
