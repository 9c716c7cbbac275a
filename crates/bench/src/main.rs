//! `carryall-bench`: measures Carryall's whole workflows against reference tools run side by
//! side on the same data, in the same run, and prints medians and ratios (this machine's
//! speed cancels out of a ratio). Linux only: peak memory is read from `/proc`.
//!
//! Build and run (release):
//!   cargo build --release -p carryall-cli -p carryall-bench
//!   target/release/carryall-bench import [--size-mib 1024] [--runs 3]
//!   target/release/carryall-bench list [--docs 10000]
//!   target/release/carryall-bench export [--size-mib 1024] [--runs 3]   (needs scripts/setup's
//!   .tools/venv for bagit.py, and zip)
//!   target/release/carryall-bench scale [--runs 3] [--large-runs 1] [--max 10000]
//!   target/release/carryall-bench read [--runs 7] [--batch-runs 3]
//!     [--only recall|hostile|large|batch|accuracy]   (needs pdftotext from poppler-utils, and
//!     the fixtures of tests/fixtures; GNU time and taskset for the batch's processor time)

mod dataset;
mod disc;
mod measure;
mod reading;
mod reports;
mod rng;
mod scale;
mod scenarios;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let option = |name: &str, default: u64| -> u64 {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let result = match args.first().map(String::as_str) {
        Some("import") => {
            scenarios::import(option("--size-mib", 1024), option("--runs", 3) as usize)
        }
        Some("list") => scenarios::list(option("--docs", 10_000) as usize),
        Some("export") => {
            scenarios::export(option("--size-mib", 1024), option("--runs", 3) as usize)
        }
        Some("scale") => scale::scale(&scale::ScaleOptions {
            runs: option("--runs", 3) as usize,
            large_runs: option("--large-runs", 1) as usize,
            max: option("--max", 10_000) as usize,
        }),
        Some("read") => reading::read(&reading::ReadOptions {
            runs: option("--runs", 7) as usize,
            batch_runs: option("--batch-runs", 3) as usize,
            only: args
                .iter()
                .position(|a| a == "--only")
                .and_then(|i| args.get(i + 1))
                .cloned(),
        }),
        _ => {
            eprintln!(
                "usage: carryall-bench import [--size-mib N] [--runs N] | list [--docs N] \
                 | export [--size-mib N] [--runs N] \
                 | scale [--runs N] [--large-runs N] [--max N] \
                 | read [--runs N] [--batch-runs N] [--only PART]"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("carryall-bench: {error}");
            ExitCode::FAILURE
        }
    }
}
