//! The bench's command line: one subcommand per scenario, each with its own options, help
//! (`--help` on any subcommand prints it and runs nothing) and usage errors (exit status 2).

use clap::{Parser, Subcommand};

/// Measures Carryall's whole workflows against reference tools run side by side on the same
/// data, and prints medians and ratios as Markdown rows for BENCHMARKS.md.
#[derive(Debug, Parser)]
#[command(name = "carryall-bench")]
pub struct Bench {
    /// The scenario to run.
    #[command(subcommand)]
    pub scenario: Scenario,
}

/// One benchmark scenario.
#[derive(Debug, Subcommand)]
pub enum Scenario {
    /// Importing a mix of PDFs, photos and a scan disc, against `openssl dgst -sha256` and
    /// `cp -r` of the same files.
    Import {
        /// How much data to generate, in MiB.
        #[arg(long, default_value_t = 1024)]
        size_mib: u64,
        /// Timed runs of each tool.
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Listing a case of many small documents, through the API and `carryall docs --json`.
    List {
        /// Documents in the case.
        #[arg(long, default_value_t = 10_000)]
        docs: usize,
    },
    /// Exporting a packet, against `bagit.py` (needs scripts/setup's venv) and `zip` plus
    /// `sha256sum`.
    Export {
        /// How much data to generate, in MiB.
        #[arg(long, default_value_t = 1024)]
        size_mib: u64,
        /// Timed runs of each tool.
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// What protection with a passphrase costs: import and export in an unprotected and a
    /// protected data folder, and opening protected records.
    Protection {
        /// How much data to generate, in MiB.
        #[arg(long, default_value_t = 256)]
        size_mib: u64,
        /// Timed runs in each kind of folder.
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// How import, listing, search, the checklist and export grow with a case: 10, 100, 1,000
    /// and 10,000 reports, and scan discs of 100 to 10,000 files.
    Scale {
        /// Runs of each size below 10,000.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Runs of each size of 10,000 and more.
        #[arg(long, default_value_t = 1)]
        large_runs: usize,
        /// The largest size measured (10, 100, ... up to this).
        #[arg(long, default_value_t = 10_000)]
        max: usize,
    },
    /// Reading documents' text against `pdftotext`, on the labelled fixtures (needs
    /// poppler-utils; GNU time and taskset for the batch).
    Read {
        /// Timed runs of each tool on each 300-page report.
        #[arg(long, default_value_t = 7)]
        runs: usize,
        /// Timed runs of each batch import.
        #[arg(long, default_value_t = 3)]
        batch_runs: usize,
        /// Run only this part.
        #[arg(long, value_parser = ["recall", "hostile", "large", "batch", "accuracy"])]
        only: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use clap::error::ErrorKind;

    fn parse(args: &[&str]) -> Result<Scenario, ErrorKind> {
        Bench::try_parse_from(std::iter::once("carryall-bench").chain(args.iter().copied()))
            .map(|bench| bench.scenario)
            .map_err(|error| error.kind())
    }

    #[test]
    fn help_on_any_scenario_prints_help_instead_of_running_it() {
        for scenario in ["import", "list", "export", "scale", "read"] {
            for flag in ["--help", "-h"] {
                assert_eq!(
                    parse(&[scenario, flag]).unwrap_err(),
                    ErrorKind::DisplayHelp,
                    "{scenario} {flag}"
                );
            }
        }
    }

    #[test]
    fn unknown_options_and_bad_values_are_refused_not_defaulted() {
        assert_eq!(
            parse(&["scale", "--runz", "5"]).unwrap_err(),
            ErrorKind::UnknownArgument
        );
        assert_eq!(
            parse(&["scale", "--runs", "five"]).unwrap_err(),
            ErrorKind::ValueValidation
        );
        assert_eq!(
            parse(&["read", "--only", "everything"]).unwrap_err(),
            ErrorKind::InvalidValue
        );
        assert_eq!(
            parse(&[]).unwrap_err(),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        );
    }

    #[test]
    fn options_reach_their_scenario() {
        let Scenario::Scale {
            runs,
            large_runs,
            max,
        } = parse(&["scale", "--runs", "5", "--max", "1000"]).unwrap()
        else {
            panic!("scale parses as scale");
        };
        assert_eq!((runs, large_runs, max), (5, 1, 1000));
    }

    #[test]
    fn the_grammar_is_consistent() {
        Bench::command().debug_assert();
    }
}
