//! `carryall-bench`: measures Carryall's whole workflows against reference tools run side by
//! side on the same data, in the same run, and prints medians and ratios (this machine's
//! speed cancels out of a ratio). Linux only: peak memory is read from `/proc`.
//!
//! Build and run (release; `carryall-bench <scenario> --help` lists a scenario's options):
//!   cargo build --release -p carryall-cli -p carryall-bench
//!   target/release/carryall-bench import [--size-mib 1024] [--runs 3]
//!   target/release/carryall-bench list [--docs 10000]
//!   target/release/carryall-bench export [--size-mib 1024] [--runs 3]   (needs scripts/setup's
//!   .tools/venv for bagit.py, and zip)
//!   target/release/carryall-bench protection [--size-mib 256] [--runs 3]
//!   target/release/carryall-bench scale [--runs 3] [--large-runs 1] [--max 10000]
//!   target/release/carryall-bench read [--runs 7] [--batch-runs 3]
//!     [--only recall|hostile|large|batch|accuracy]   (needs pdftotext from poppler-utils, and
//!     the fixtures of tests/fixtures; GNU time and taskset for the batch's processor time)

mod args;
mod dataset;
mod disc;
mod measure;
mod protection;
mod reading;
mod reports;
mod rng;
mod scale;
mod scenarios;

use std::process::ExitCode;

use args::Scenario;
use clap::Parser;

fn main() -> ExitCode {
    let result = match args::Bench::parse().scenario {
        Scenario::Import { size_mib, runs } => scenarios::import(size_mib, runs),
        Scenario::List { docs } => scenarios::list(docs),
        Scenario::Export { size_mib, runs } => scenarios::export(size_mib, runs),
        Scenario::Protection { size_mib, runs } => protection::protection(size_mib, runs),
        Scenario::Scale {
            runs,
            large_runs,
            max,
        } => scale::scale(&scale::ScaleOptions {
            runs,
            large_runs,
            max,
        }),
        Scenario::Read {
            runs,
            batch_runs,
            only,
        } => reading::read(&reading::ReadOptions {
            runs,
            batch_runs,
            only,
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("carryall-bench: {error}");
            ExitCode::FAILURE
        }
    }
}
