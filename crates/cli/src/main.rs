//! `carryall`: the command-line front of Carryall.
//!
//! Every command parses its arguments, makes one call into `carryall-app`, and prints the result
//! for people or, with `--json`, as one JSON document on standard output. Exit status: 0 on
//! success, 1 on failure, 2 on a usage error.

mod args;
mod commands;
mod output;

use std::process::ExitCode;

use carryall_app::export::read_password_file;
use carryall_app::{Actor, Carryall, resolve_data_dir};
use clap::Parser;

use crate::args::{Args, Command};
use crate::output::{Output, Report};

fn main() -> ExitCode {
    // Started as a document-reading worker by Carryall itself: read, answer, exit.
    carryall_app::run_worker_if_requested();
    carryall_app::keep_panic_details_private();
    let args = Args::parse();
    let out = Output::new(args.global.json);
    match run(args) {
        Ok(report) => out.report(&report),
        Err(error) => out.error(&error),
    }
}

fn run(args: Args) -> Result<Report, carryall_app::AppError> {
    let json = args.global.json;
    // Checking a packet needs no data directory: a provider may not have one.
    if let Command::Verify {
        packet,
        password_file,
    } = &args.command
    {
        return commands::packet::verify(packet, password_file.as_deref());
    }
    let data_dir = resolve_data_dir(args.global.data_dir)?;
    // The kiosk's settings are a file of the data folder; its records stay closed.
    if let Command::Kiosk(command) = &args.command {
        return commands::kiosk::run(&data_dir, command);
    }
    let passphrase = args
        .global
        .passphrase_file
        .as_deref()
        .map(read_password_file)
        .transpose()?;
    if let Command::Protection(command) = &args.command {
        return commands::protection::run(&data_dir, command, passphrase.as_deref());
    }
    let app = match (args.command.only_reads(), passphrase.as_deref()) {
        (true, None) => Carryall::open_read_only(&data_dir, Actor::Cli)?,
        (true, Some(passphrase)) => {
            Carryall::open_read_only_with_passphrase(&data_dir, Actor::Cli, passphrase)?
        }
        (false, None) => Carryall::open(&data_dir, Actor::Cli)?,
        (false, Some(passphrase)) => {
            Carryall::open_with_passphrase(&data_dir, Actor::Cli, passphrase)?
        }
    };
    match args.command {
        Command::Case(command) => commands::case::run(&app, command),
        Command::Add(add) => commands::documents::add(&app, &add, !json),
        Command::Docs { case } => commands::documents::list(&app, &case),
        Command::Category {
            case,
            document,
            category,
        } => commands::documents::set_category(&app, &case, &document, category),
        Command::Remove { case, documents } => commands::documents::remove(&app, &case, &documents),
        Command::Read { case, again } => commands::text::read(&app, &case, again, !json),
        Command::Text { case, document } => commands::text::show(&app, &case, &document),
        Command::Search { case, query } => commands::text::search(&app, &case, &query.join(" ")),
        Command::Check => commands::check::run(&app),
        Command::Checklist(checklist) => commands::checklist::run(&app, &checklist),
        Command::Questions(questions) => commands::questions::run(&app, &questions),
        Command::Concerns(concerns) => commands::concerns::run(&app, &concerns),
        Command::Export {
            case,
            out,
            password_file,
            warn_size,
            discs_apart,
        } => commands::packet::export(
            &app,
            &case,
            &out,
            password_file.as_deref(),
            &warn_size,
            discs_apart,
        ),
        Command::Audit { case, out } => commands::audit::run(&app, case.as_deref(), out.as_deref()),
        Command::Verify { .. } => unreachable!("handled before the data directory is opened"),
        Command::Kiosk(_) | Command::Protection(_) => {
            unreachable!("handled before the records are opened")
        }
    }
}
