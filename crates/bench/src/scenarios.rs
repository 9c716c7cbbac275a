//! The benchmark scenarios. Each prints its figures as Markdown table rows for BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use carryall_app::domain::CaseForm;
use carryall_app::import::ImportOptions;
use carryall_app::{Actor, Carryall};

use crate::measure::{self, median, secs};
use crate::{dataset, reports};

/// Import of about `size_mib` MiB of mixed files: `carryall add` against `openssl dgst -sha256`
/// plus `cp -r` of the same files, `runs` times each, alternating.
pub fn import(size_mib: u64, runs: usize) -> Result<(), String> {
    let carryall = sibling_binary("carryall")?;
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let source = work.path().join("source");
    let made = dataset::generate(&source, size_mib << 20).map_err(|e| e.to_string())?;
    print_machine();
    println!(
        "dataset: {} files, {:.1} MiB (PDF, JPEG, DICOM disc)",
        made.files,
        made.bytes as f64 / 1048576.0
    );

    // One untimed pass of each so both start from the same warm page cache.
    reference_hash(&source)?;
    let (mut hashing, mut copying, mut flushing) = (vec![], vec![], vec![]);
    let (mut ours, mut peaks) = (vec![], vec![]);
    for run in 0..runs {
        let copy = work.path().join(format!("copy-{run}"));
        let reference = hash_and_copy(&source, &copy)?;
        hashing.push(reference.hash);
        copying.push(reference.copy);
        flushing.push(reference.flush);

        let data = work.path().join(format!("data-{run}"));
        let case = new_case(&carryall, &data)?;
        settle()?;
        let timed = measure::run(
            carryall_in(&carryall, &data)
                .args(["add", &case, "--json"])
                .arg(&source)
                .stdout(Stdio::null()),
        )?;
        ours.push(timed.elapsed);
        peaks.push(timed.peak_rss);
        std::fs::remove_dir_all(&data).map_err(|e| e.to_string())?;
    }
    let (hash, copy, flush, mine) = (
        median(hashing),
        median(copying),
        median(flushing),
        median(ours),
    );
    let reference = hash + copy;
    let durable = reference + flush;
    let peak = peaks.iter().max().copied().unwrap_or(0);
    println!("| what | median of {runs} |");
    println!("| --- | --- |");
    println!("| `openssl dgst -sha256` (all files) | {} |", secs(hash));
    println!("| `cp -r` | {} |", secs(copy));
    println!("| reference: hash + copy | {} |", secs(reference));
    println!(
        "| durable reference: hash + copy + `sync` | {} |",
        secs(durable)
    );
    println!(
        "| `carryall add` (copy + hash + fsync + record) | {} |",
        secs(mine)
    );
    let ratio = |other: Duration| mine.as_secs_f64() / other.as_secs_f64();
    println!("| ratio carryall / reference | {:.2} |", ratio(reference));
    println!(
        "| ratio carryall / durable reference | {:.2} |",
        ratio(durable)
    );
    println!(
        "| carryall throughput | {:.0} MiB/s |",
        made.bytes as f64 / 1048576.0 / mine.as_secs_f64()
    );
    println!(
        "| carryall peak memory (VmHWM) | {:.1} MiB |",
        peak as f64 / 1048576.0
    );
    Ok(())
}

/// Listing a case of `docs` documents, in-process and through the CLI.
pub fn list(docs: usize) -> Result<(), String> {
    let carryall = sibling_binary("carryall")?;
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let source = work.path().join("source");
    std::fs::create_dir_all(&source).map_err(|e| e.to_string())?;
    for i in 0..docs {
        std::fs::write(
            source.join(format!("doc-{i:05}.txt")),
            format!("document number {i}\n"),
        )
        .map_err(|e| e.to_string())?;
    }
    let data = work.path().join("data");
    let (app, case, import_time) = import_through_api(&data, &source)?;

    let in_process: Vec<Duration> = (0..21)
        .map(|_| {
            let started = Instant::now();
            let listed = app.documents(&case).map(|d| d.len());
            assert_eq!(listed.ok(), Some(docs));
            started.elapsed()
        })
        .collect();
    let mut cli = Vec::new();
    for _ in 0..7 {
        let run = measure::run(
            carryall_in(&carryall, &data)
                .args(["docs", &case, "--json"])
                .stdout(Stdio::null()),
        )?;
        cli.push(run.elapsed);
    }
    print_machine();
    println!("| what | median |");
    println!("| --- | --- |");
    println!(
        "| import {docs} small files (one transaction and fsync each) | {} |",
        secs(import_time)
    );
    println!(
        "| list {docs} documents, API call | {:.1} ms |",
        median(in_process).as_secs_f64() * 1000.0
    );
    println!(
        "| list {docs} documents, `carryall docs --json` (process start to exit) | {:.1} ms |",
        median(cli).as_secs_f64() * 1000.0
    );
    Ok(())
}

/// Opens a new data folder `data` through the application API, starts a case and imports
/// `source` into it (what `carryall add` does before reading); returns the open store, the
/// case's id and the import's time, from the call to its return. Fails when anything is refused.
pub fn import_through_api(
    data: &Path,
    source: &Path,
) -> Result<(Carryall, String, Duration), String> {
    let app = Carryall::open(data, Actor::Cli).map_err(|e| e.to_string())?;
    let form = CaseForm {
        patient_name: reports::PATIENT,
        ..CaseForm::default()
    };
    let case = app
        .create_case(&form)
        .map_err(|e| e.to_string())?
        .id
        .to_string();
    settle()?;
    let started = Instant::now();
    let report = app
        .import(
            &case,
            &[source.to_path_buf()],
            &ImportOptions::default(),
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .map_err(|e| e.to_string())?;
    let took = started.elapsed();
    if report.any_rejected() {
        return Err("some benchmark documents were refused".into());
    }
    Ok((app, case, took))
}

/// Export of a case of about `size_mib` MiB: `carryall export` (every document hashed three
/// ways, zipped, the ZIP hashed) against `bagit.py --sha256 --sha512` bagging a copy of the same
/// files, and against `zip -0 -r` plus `sha256sum` of the result.
pub fn export(size_mib: u64, runs: usize) -> Result<(), String> {
    let carryall = sibling_binary("carryall")?;
    let bagit = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/venv/bin/bagit.py");
    if !bagit.exists() {
        return Err(format!(
            "{} not found: run scripts/setup first",
            bagit.display()
        ));
    }
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let source = work.path().join("source");
    let made = dataset::generate(&source, size_mib << 20).map_err(|e| e.to_string())?;
    let data = work.path().join("data");
    let case = new_case(&carryall, &data)?;
    measure::run(
        carryall_in(&carryall, &data)
            .args(["add", &case])
            .arg(&source)
            .stdout(Stdio::null()),
    )?;
    print_machine();
    println!(
        "case: {} files, {:.1} MiB",
        made.files,
        made.bytes as f64 / 1048576.0
    );
    let (mut ours, mut peaks, mut bagged, mut zipped) = (vec![], vec![], vec![], vec![]);
    for run in 0..runs {
        let packet = work.path().join(format!("packet-{run}.zip"));
        settle()?;
        let timed = measure::run(
            carryall_in(&carryall, &data)
                .args(["export", &case, "--out"])
                .arg(&packet)
                .stdout(Stdio::null()),
        )?;
        ours.push(timed.elapsed);
        peaks.push(timed.peak_rss);
        remove_files(&[packet.clone(), packet.with_extension("zip.sha256")])?;

        // bagit.py turns a folder into a bag in place: it gets a fresh copy each run.
        let copy = work.path().join(format!("bag-{run}"));
        measure::run(Command::new("cp").arg("-r").arg(&source).arg(&copy))?;
        settle()?;
        bagged.push(
            measure::run(
                Command::new(&bagit)
                    .args(["--quiet", "--sha256", "--sha512"])
                    .arg(&copy),
            )?
            .elapsed,
        );
        std::fs::remove_dir_all(&copy).map_err(|e| e.to_string())?;

        let zip = work.path().join(format!("reference-{run}.zip"));
        settle()?;
        let script = "zip -q -0 -r \"$2\" \"$1\" && sha256sum \"$2\" > /dev/null";
        zipped.push(
            measure::run(
                Command::new("bash")
                    .args(["-c", script, "bash"])
                    .arg(&source)
                    .arg(&zip),
            )?
            .elapsed,
        );
        remove_files(&[zip])?;
    }
    let (mine, bag, zip) = (median(ours), median(bagged), median(zipped));
    let ratio = |other: Duration| mine.as_secs_f64() / other.as_secs_f64();
    println!("| what | median of {runs} |");
    println!("| --- | --- |");
    println!("| `bagit.py --sha256 --sha512` on a copy | {} |", secs(bag));
    println!("| `zip -0 -r` + `sha256sum` of the ZIP | {} |", secs(zip));
    println!(
        "| `carryall export` (SHA-256, SHA-512, SHA-1, ZIP, ZIP's SHA-256) | {} |",
        secs(mine)
    );
    println!("| ratio carryall / bagit.py | {:.2} |", ratio(bag));
    println!("| ratio carryall / zip + sha256sum | {:.2} |", ratio(zip));
    let peak = peaks.iter().max().copied().unwrap_or(0);
    println!(
        "| carryall peak memory (VmHWM) | {:.1} MiB |",
        peak as f64 / 1048576.0
    );
    Ok(())
}

/// Removes files that must exist.
pub fn remove_files(paths: &[PathBuf]) -> Result<(), String> {
    for path in paths {
        std::fs::remove_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// A `carryall` command working in the data directory `data`.
pub fn carryall_in(carryall: &Path, data: &Path) -> Command {
    let mut command = Command::new(carryall);
    command.arg("--data-dir").arg(data);
    command
}

/// Waits until everything written so far is on disk (`sync`), outside any timing.
pub fn settle() -> Result<(), String> {
    measure::run(&mut Command::new("sync")).map(|_| ())
}

/// The reference tools' import of the same files: each timed on its own.
pub struct ReferenceImport {
    /// `openssl dgst -sha256` of every file.
    pub hash: Duration,
    /// `cp -r` of the folder.
    pub copy: Duration,
    /// `sync` after the copy, which makes it durable, as Carryall's is.
    pub flush: Duration,
}

/// Hashes every file under `source` with `openssl dgst -sha256`, then copies it with `cp -r`
/// to `copy` (removed again afterwards); each timed step starts with no other step's data
/// still being written to disk.
pub fn hash_and_copy(source: &Path, copy: &Path) -> Result<ReferenceImport, String> {
    settle()?;
    let hash = reference_hash(source)?;
    settle()?;
    let copied = measure::run(Command::new("cp").arg("-r").arg(source).arg(copy))?.elapsed;
    let flush = measure::run(&mut Command::new("sync"))?.elapsed;
    std::fs::remove_dir_all(copy).map_err(|e| e.to_string())?;
    Ok(ReferenceImport {
        hash,
        copy: copied,
        flush,
    })
}

/// `openssl dgst -sha256` of every file under `source`.
pub fn reference_hash(source: &Path) -> Result<Duration, String> {
    let script = "find \"$1\" -type f -print0 | xargs -0 openssl dgst -sha256 > /dev/null";
    Ok(measure::run(
        Command::new("bash")
            .args(["-c", script, "bash"])
            .arg(source),
    )?
    .elapsed)
}

/// Starts a case in the data directory `data` with `carryall case new`; returns its id.
pub fn new_case(carryall: &Path, data: &Path) -> Result<String, String> {
    start_case(carryall_in(carryall, data))
}

/// Starts a case with `command` (`carryall` with its data folder and any global options) plus
/// `case new`; returns its id.
pub fn start_case(mut command: Command) -> Result<String, String> {
    let output = command
        .args(["case", "new", "--patient", reports::PATIENT, "--json"])
        .output()
        .map_err(|e| e.to_string())?;
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    json["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "carryall case new printed no id".into())
}

/// A binary built next to this one (same target folder and profile).
pub fn sibling_binary(name: &str) -> Result<PathBuf, String> {
    let path = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .with_file_name(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found: build it first (cargo build --release -p carryall-cli)",
            path.display()
        ))
    }
}

/// Prints the processor model and the number of cores available to this process.
pub fn print_machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!("machine: {cpu}, {cores} cores");
}
