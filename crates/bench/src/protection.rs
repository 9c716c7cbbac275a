//! What protection with a passphrase costs: the same import and export in an unprotected data
//! folder and in a protected one (SQLCipher database, sealed files), alternating, with the
//! ratio protected / unprotected; and the time to open protected records (Argon2id).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::dataset;
use crate::measure::{self, median, secs};
use crate::scenarios::{
    carryall_in, print_machine, remove_files, settle, sibling_binary, start_case,
};

const PASSPHRASE: &str = "blue kettle river morning";

/// Import and export of about `size_mib` MiB, `runs` times in each kind of folder.
pub fn protection(size_mib: u64, runs: usize) -> Result<(), String> {
    let carryall = sibling_binary("carryall")?;
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let source = work.path().join("source");
    let made = dataset::generate(&source, size_mib << 20).map_err(|e| e.to_string())?;
    let passphrase = work.path().join("passphrase");
    std::fs::write(&passphrase, format!("{PASSPHRASE}\n")).map_err(|e| e.to_string())?;
    print_machine();
    println!(
        "dataset: {} files, {:.1} MiB (PDF, JPEG, DICOM disc)",
        made.files,
        made.bytes as f64 / 1048576.0
    );

    let mut plain = Timings::default();
    let mut protected = Timings::default();
    for run in 0..runs {
        for (timings, secret) in [(&mut plain, None), (&mut protected, Some(&passphrase))] {
            let data = work.path().join(format!("data-{run}"));
            timings.push(&one_run(&carryall, &data, &source, secret)?);
            std::fs::remove_dir_all(&data).map_err(|e| e.to_string())?;
        }
    }
    let (plain, protected) = (plain.medians(), protected.medians());
    println!("| what | unprotected, median of {runs} | protected | ratio |");
    println!("| --- | --- | --- | --- |");
    for (what, a, b) in [
        (
            "`carryall add` (copy, hash, read, record)",
            plain.add,
            protected.add,
        ),
        ("`carryall export`", plain.export, protected.export),
        (
            "`carryall case list` (opening included)",
            plain.open,
            protected.open,
        ),
    ] {
        println!(
            "| {what} | {} | {} | {:.2} |",
            secs(a),
            secs(b),
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
    Ok(())
}

/// One folder's figures.
struct Figures {
    add: Duration,
    export: Duration,
    open: Duration,
}

#[derive(Default)]
struct Timings {
    add: Vec<Duration>,
    export: Vec<Duration>,
    open: Vec<Duration>,
}

impl Timings {
    fn push(&mut self, figures: &Figures) {
        self.add.push(figures.add);
        self.export.push(figures.export);
        self.open.push(figures.open);
    }

    fn medians(self) -> Figures {
        Figures {
            add: median(self.add),
            export: median(self.export),
            open: median(self.open),
        }
    }
}

/// A new folder (protected first when `passphrase` is given), a case, then the timed import,
/// listing and export.
fn one_run(
    carryall: &Path,
    data: &Path,
    source: &Path,
    passphrase: Option<&PathBuf>,
) -> Result<Figures, String> {
    let command = || {
        let mut command = carryall_in(carryall, data);
        if let Some(file) = passphrase {
            command.arg("--passphrase-file").arg(file);
        }
        command
    };
    if let Some(file) = passphrase {
        measure::run(
            carryall_in(carryall, data)
                .args(["protection", "on", "--new-passphrase-file"])
                .arg(file)
                .stdout(Stdio::null()),
        )?;
    }
    let case = start_case(command())?;
    settle()?;
    let add = measure::run(
        command()
            .args(["add", &case, "--json"])
            .arg(source)
            .stdout(Stdio::null()),
    )?
    .elapsed;
    let open = measure::run(command().args(["case", "list"]).stdout(Stdio::null()))?.elapsed;
    let packet = data.with_extension("zip");
    settle()?;
    let export = measure::run(
        command()
            .args(["export", &case, "--out"])
            .arg(&packet)
            .stdout(Stdio::null()),
    )?
    .elapsed;
    remove_files(&[packet.clone(), packet.with_extension("zip.sha256")])?;
    Ok(Figures { add, export, open })
}
