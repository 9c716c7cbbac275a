//! The command line's grammar (clap). Options marked global are accepted before or after the
//! subcommand.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Carryall gathers cancer records into one verifiable packet for a second opinion.
#[derive(Debug, Parser)]
#[command(name = "carryall", version, propagate_version = true)]
pub struct Args {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Folder that holds Carryall's records [default: $CARRYALL_DATA_DIR, else the system's
    /// app-data folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start, list and show second-opinion cases
    #[command(subcommand)]
    Case(CaseCommand),
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Start a new second-opinion case; prints its id
    New(NewCase),
    /// List every case, newest first
    List,
    /// Show one case
    Show {
        /// The case's id
        case: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct NewCase {
    /// The patient's full name, as on their records
    #[arg(long, value_name = "NAME")]
    pub patient: String,
    /// The patient's date of birth (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub date_of_birth: Option<String>,
    /// The type of cancer, in any words (e.g. breast, prostate, lymphoma)
    #[arg(long, value_name = "TYPE")]
    pub cancer_type: Option<String>,
    /// What the second opinion is for
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// The provider giving the second opinion
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// The appointment date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub appointment: Option<String>,
}
