//! `carryall protection`: protect the records with a passphrase, change it, or show whether
//! they are protected. Passphrases are read from files (or `/dev/stdin`), never from the
//! command line, so they stay out of the shell's history and the process list.

use std::path::Path;

use carryall_app::export::read_password_file;
use carryall_app::{Actor, AppError, Carryall, protection};
use serde::Serialize;

use crate::args::ProtectionCommand;
use crate::output::Report;

/// What losing the passphrase means, said before and after protection is turned on.
const NO_WAY_BACK: &str = "Keep the passphrase somewhere safe. Without it nobody, not even \
Carryall's makers, can open these records again.";

/// Runs one `protection` command; `passphrase` is the current one, if given.
pub fn run(
    data_dir: &Path,
    command: &ProtectionCommand,
    passphrase: Option<&str>,
) -> Result<Report, AppError> {
    match command {
        ProtectionCommand::Status => {
            let protected = protection::is_protected(data_dir);
            let text = if protected {
                "The records are protected by a passphrase (encrypted on disk).\n".to_owned()
            } else {
                "The records are not protected by a passphrase. To protect them: carryall \
                 protection on --new-passphrase-file FILE\n"
                    .to_owned()
            };
            Ok(Report::new(text, &StatusJson { protected }))
        }
        ProtectionCommand::On {
            new_passphrase_file,
        } => {
            let new = read_password_file(new_passphrase_file)?;
            let app = Carryall::protect(data_dir, Actor::Cli, &new)?;
            drop(app);
            let text = format!(
                "The records are now protected: the database and every stored document are \
                 encrypted under your passphrase.\n{NO_WAY_BACK}\n"
            );
            Ok(Report::new(text, &StatusJson { protected: true }))
        }
        ProtectionCommand::Change {
            new_passphrase_file,
        } => {
            let old = passphrase.ok_or(AppError::Locked)?;
            let new = read_password_file(new_passphrase_file)?;
            Carryall::open_with_passphrase(data_dir, Actor::Cli, old)?
                .change_passphrase(old, &new)?;
            let text = format!("The passphrase is changed.\n{NO_WAY_BACK}\n");
            Ok(Report::new(text, &StatusJson { protected: true }))
        }
    }
}

#[derive(Serialize)]
struct StatusJson {
    protected: bool,
}
