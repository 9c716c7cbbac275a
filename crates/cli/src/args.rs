//! The command line's grammar (clap). Options marked global are accepted before or after the
//! subcommand.

use std::path::PathBuf;

use carryall_app::domain::Category;
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
    /// Records protected by a passphrase: read it from this file's first line
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        env = "CARRYALL_PASSPHRASE_FILE"
    )]
    pub passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start, list, show and delete second-opinion cases
    #[command(subcommand)]
    Case(CaseCommand),
    /// Import files and folders into a case (folders are searched inside, too)
    Add(Add),
    /// List a case's documents
    Docs {
        /// The case's id
        case: String,
    },
    /// Set a document's category (a person's choice is never overwritten by detection)
    Category {
        /// The case's id
        case: String,
        /// The document's id
        document: String,
        /// pathology, imaging, scan_disc, lab, discharge, treatment_plan, genomic,
        /// treatment_history, medication or other
        #[arg(value_parser = parse_category)]
        category: Category,
    },
    /// Remove documents from a case (the stored copy goes too unless another case has it)
    Remove {
        /// The case's id
        case: String,
        /// The documents' ids
        #[arg(required = true, value_name = "DOC_ID")]
        documents: Vec<String>,
    },
    /// Read the case's documents not read yet (text, category, date, facts); `add` does this
    /// by itself
    Read {
        /// The case's id
        case: String,
        /// Read every document again (after an update of Carryall, say); categories a person
        /// chose are kept
        #[arg(long)]
        again: bool,
    },
    /// Print a document's text as read from it (PDF text layer or OCR)
    Text {
        /// The case's id
        case: String,
        /// The document's id
        #[arg(value_name = "DOC_ID")]
        document: String,
    },
    /// Find the pages of a case's documents that hold every word of a query
    Search {
        /// The case's id
        case: String,
        /// The words to find (their beginnings match; case and accents are ignored)
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
    },
    /// Show the checklist of records the reviewer needs, or mark an item
    Checklist(ChecklistArgs),
    /// Show the questions for the specialist, or change the list (one change at a time)
    Questions(QuestionsArgs),
    /// Show what worries the person about the case (the questions are tailored to it), or
    /// add or remove a concern
    Concerns(ConcernsArgs),
    /// Re-check every stored file against its hash, and the database's own structure
    Check,
    /// Write a case's packet: one ZIP (a BagIt bag) and a .sha256 file beside it
    Export {
        /// The case's id
        case: String,
        /// The packet file to write, e.g. packet.zip
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
        /// Encrypt the packet (AES-256) with the password on this file's first line; send the
        /// password to the recipient separately
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// Warn when the packet is bigger than this (bytes, or with K, M or G); may be given
        /// more than once. Replaces the default warnings: 18 MB for email, 2 GB for upload
        /// portals
        #[arg(long, value_name = "BYTES", value_parser = parse_size)]
        warn_size: Vec<u64>,
        /// Put the scan discs in a second packet beside FILE.zip, named FILE-scan-discs.zip
        /// (with its own .sha256 file), so the documents can be sent where a big file cannot;
        /// each packet names the other
        #[arg(long)]
        discs_apart: bool,
    },
    /// Show who did what and when (cases started, documents imported, questions and concerns
    /// changed, packets exported, deletions), by ids only; or write it to a CSV file
    Audit {
        /// Only the entries about this case (also after it was deleted)
        #[arg(long, value_name = "CASE")]
        case: Option<String>,
        /// Write the entries to this CSV file instead of showing them
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
    },
    /// Set up kiosk mode for a shared computer (for staff), or show its settings
    #[command(subcommand)]
    Kiosk(KioskCommand),
    /// Protect the records with a passphrase (encrypted on disk), change it, or show whether
    /// they are protected
    #[command(subcommand)]
    Protection(ProtectionCommand),
    /// Check a packet (made by anyone): its manifests, its files and its .sha256 file
    Verify {
        /// The packet file
        packet: PathBuf,
        /// The password of a password-protected packet, on this file's first line
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
}

/// `carryall protection ...`
#[derive(Debug, Subcommand)]
pub enum ProtectionCommand {
    /// Show whether the records are protected by a passphrase
    Status,
    /// Encrypt the records (the database and every stored document) under a passphrase. There
    /// is no way back in without it: keep it somewhere safe
    On {
        /// The new passphrase, on this file's first line (at least 8 characters)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: PathBuf,
    },
    /// Change the passphrase (give the current one with --passphrase-file)
    Change {
        /// The new passphrase, on this file's first line (at least 8 characters)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: PathBuf,
    },
}

/// `carryall kiosk ...`
#[derive(Debug, Subcommand)]
pub enum KioskCommand {
    /// Change the kiosk settings; what is not given stays as it is
    Configure(KioskConfigure),
    /// Show the kiosk settings (never the PIN)
    Status,
}

#[derive(Debug, clap::Args)]
pub struct KioskConfigure {
    /// Read a new staff PIN (4 to 12 digits) from the first line of standard input
    #[arg(long)]
    pub pin_stdin: bool,
    /// Wipe a patient's session after this many minutes without a touch (1 to 240; default 10)
    #[arg(long, value_name = "N")]
    pub idle_minutes: Option<u64>,
    /// A folder where patients may save packets, besides USB drives and memory cards
    #[arg(long, value_name = "DIR", conflicts_with = "no_export_folder")]
    pub export_folder: Option<PathBuf>,
    /// Forget the export folder: packets go only to USB drives and memory cards
    #[arg(long)]
    pub no_export_folder: bool,
    /// Start the desktop app in kiosk mode from now on (needs a staff PIN)
    #[arg(long, conflicts_with = "off")]
    pub on: bool,
    /// Start the desktop app normally again
    #[arg(long)]
    pub off: bool,
}

impl Command {
    /// Whether the command only looks at records. Such commands open the data folder
    /// read-only, without the writer's lock, so they also work while the desktop app or
    /// another command is changing records; every other command needs the lock.
    pub fn only_reads(&self) -> bool {
        match self {
            Command::Case(CaseCommand::List | CaseCommand::Show { .. })
            | Command::Docs { .. }
            | Command::Text { .. }
            | Command::Search { .. } => true,
            // Showing the log reads; writing it out is a file outside the data folder.
            Command::Audit { .. } => true,
            Command::Concerns(concerns) => concerns.add.is_none() && concerns.remove.is_none(),
            Command::Checklist(checklist) => {
                checklist.requested.is_none()
                    && checklist.not_applicable.is_none()
                    && checklist.missing.is_none()
            }
            _ => false,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("mark").args(["requested", "not_applicable", "missing"])))]
pub struct ChecklistArgs {
    /// The case's id
    pub case: String,
    /// Mark ITEM as asked for (say from whom with --from)
    #[arg(long, value_name = "ITEM", requires = "from")]
    pub requested: Option<String>,
    /// Who the item was asked for (a hospital, lab or doctor)
    #[arg(long, value_name = "WHO")]
    pub from: Option<String>,
    /// Mark ITEM as not applying to this case (say why with --reason)
    #[arg(long, value_name = "ITEM", requires = "reason")]
    pub not_applicable: Option<String>,
    /// Why the item does not apply
    #[arg(long, value_name = "WHY")]
    pub reason: Option<String>,
    /// Mark ITEM as missing again (clears a request or "does not apply")
    #[arg(long, value_name = "ITEM")]
    pub missing: Option<String>,
    /// Print a letter asking the hospital or laboratory for ITEM, instead of the checklist
    #[arg(long, value_name = "ITEM", conflicts_with = "mark")]
    pub letter: Option<String>,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("change").args(
    ["add", "star", "unstar", "remove", "restore", "edit", "move_id"]
)))]
pub struct QuestionsArgs {
    /// The case's id
    pub case: String,
    /// Add a question of your own, at the end of the list
    #[arg(long, value_name = "TEXT")]
    pub add: Option<String>,
    /// Star question ID as most important (up to five)
    #[arg(long, value_name = "ID")]
    pub star: Option<String>,
    /// Take the star off question ID
    #[arg(long, value_name = "ID")]
    pub unstar: Option<String>,
    /// Remove question ID (a suggested one stays away when the list is updated)
    #[arg(long, value_name = "ID")]
    pub remove: Option<String>,
    /// Bring back suggested question ID after it was removed
    #[arg(long, value_name = "ID")]
    pub restore: Option<String>,
    /// Change the words of question ID (give them with --text)
    #[arg(long, value_name = "ID", requires = "text")]
    pub edit: Option<String>,
    /// The new words of the question being edited
    #[arg(long, value_name = "TEXT", requires = "edit")]
    pub text: Option<String>,
    /// Move question ID to another place (give it with --to)
    #[arg(long = "move", id = "move_id", value_name = "ID", requires = "to")]
    pub move_id: Option<String>,
    /// The place, counted from 1 as the list numbers it, to move the question to
    #[arg(long, value_name = "N", requires = "move_id")]
    pub to: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct ConcernsArgs {
    /// The case's id
    pub case: String,
    /// Add a concern in your own words, e.g. "keeping my hair"
    #[arg(long, value_name = "TEXT", conflicts_with = "remove")]
    pub add: Option<String>,
    /// Remove concern ID
    #[arg(long, value_name = "ID")]
    pub remove: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct Add {
    /// The case's id
    pub case: String,
    /// Files or folders to import
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Give every imported document this category (pathology, imaging, scan_disc, lab,
    /// discharge, treatment_plan, genomic, treatment_history, medication, other)
    #[arg(long, value_name = "CATEGORY", value_parser = parse_category)]
    pub category: Option<Category>,
    /// Refuse files larger than this (bytes, or with K, M or G)
    #[arg(long, value_name = "SIZE", default_value = "2G", value_parser = parse_size)]
    pub max_file_size: u64,
}

fn parse_category(text: &str) -> Result<Category, String> {
    Category::from_slug(text).ok_or_else(|| {
        let known: Vec<&str> = Category::ALL.iter().map(|c| c.slug()).collect();
        format!("unknown category; use one of: {}", known.join(", "))
    })
}

/// Parses "1048576", "500K", "20M" or "2G" (binary units).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let shift = match unit
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err("use a number of bytes, optionally with K, M or G".into()),
    };
    let number: u64 = digits
        .parse()
        .map_err(|_| "use a whole number, e.g. 2G or 500M".to_owned())?;
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| "that size is too large".into())
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
    /// Delete a case with all its documents; cannot be undone
    Delete {
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
    /// Something that worries you, in your own words (e.g. "keeping my hair", "my work");
    /// give it once per concern. The questions for the specialist are tailored to them
    #[arg(long = "concern", value_name = "TEXT")]
    pub concerns: Vec<String>,
    /// The provider giving the second opinion
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// The appointment date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub appointment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("500K"), Ok(500 << 10));
        assert_eq!(parse_size("20mb"), Ok(20 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert!(parse_size("2T").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }
}
