//! The `scale` scenario: how Carryall's time and memory grow with a case's size. Cases of 10,
//! 100, 1,000 and 10,000 generated one-page reports (text PDFs), and scan discs of 100, 1,000
//! and 10,000 files, each through the real `carryall` binary: `add` (import and reading) beside
//! `openssl dgst -sha256` + `cp -r` of the same files, then `docs --json`, `search`,
//! `checklist --json` and `export`. Each figure is the median of several runs and is printed
//! with its ratio to the 100-document (or 100-file) figure, per document where the work should
//! grow with the documents and as it is where it should stay flat. Peak memory is the
//! `carryall` process's own (VmHWM), not its reading workers'. `add` imports and then reads
//! every report (a worker process extracts its text); the import alone (copy, hash, record,
//! no reading) is also timed through the application API in this process, on a fresh data
//! folder, which is what compares with the reference tools.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use carryall_app::domain::CaseForm;
use carryall_app::import::ImportOptions;
use carryall_app::{Actor, Carryall};
use serde_json::Value;

use crate::measure::{self, median, mib, ratio};
use crate::scenarios::{
    carryall_in, hash_and_copy, new_case, print_machine, remove_files, settle, sibling_binary,
};
use crate::{disc, reports};

/// How many times each quick command (list, search, checklist) runs after each import.
const LOOKS: usize = 5;
/// The size the ratios are taken against.
const BASE: usize = 100;
/// The search results the app returns at most.
const MAX_SEARCH_HITS: usize = 200;

/// How much to measure.
pub struct ScaleOptions {
    /// Runs of each size below 10,000.
    pub runs: usize,
    /// Runs of each size of 10,000 and more.
    pub large_runs: usize,
    /// The largest size (10, 100, … up to this).
    pub max: usize,
}

impl ScaleOptions {
    fn runs_for(&self, size: usize) -> usize {
        if size >= 10_000 {
            self.large_runs.max(1)
        } else {
            self.runs.max(1)
        }
    }
}

/// The medians of one size of case.
struct CaseFigures {
    documents: usize,
    bytes: u64,
    runs: usize,
    load: String,
    reference: Duration,
    import_alone: Duration,
    import: Duration,
    import_peak: u64,
    list: Duration,
    search_all: Duration,
    search_one: Duration,
    checklist: Duration,
    export: Duration,
    export_peak: u64,
    packet_bytes: u64,
}

/// The medians of one size of disc.
struct DiscFigures {
    files: usize,
    bytes: u64,
    runs: usize,
    load: String,
    reference: Duration,
    import_alone: Duration,
    import: Duration,
    import_peak: u64,
    list: Duration,
    export: Duration,
    export_peak: u64,
    packet_bytes: u64,
}

/// Runs the scenario and prints its tables.
pub fn scale(options: &ScaleOptions) -> Result<(), String> {
    let carryall = sibling_binary("carryall")?;
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    print_machine();
    let sizes: Vec<usize> = [10, 100, 1_000, 10_000, 100_000]
        .into_iter()
        .filter(|&size| size <= options.max)
        .collect();
    let mut cases = Vec::new();
    for &size in &sizes {
        eprintln!("scale: a case of {size} reports");
        cases.push(measure_case(
            &carryall,
            work.path(),
            size,
            options.runs_for(size),
        )?);
    }
    let mut discs = Vec::new();
    for &size in sizes.iter().filter(|&&size| size >= BASE) {
        eprintln!("scale: a scan disc of {size} files");
        discs.push(measure_disc(
            &carryall,
            work.path(),
            size,
            options.runs_for(size),
        )?);
    }
    print_cases(&cases);
    print_discs(&discs);
    Ok(())
}

/// Imports, looks at and exports a case of `size` generated reports, `runs` times.
fn measure_case(
    carryall: &Path,
    work: &Path,
    size: usize,
    runs: usize,
) -> Result<CaseFigures, String> {
    let source = work.join(format!("reports-{size}"));
    let made = reports::generate(&source, size).map_err(|e| e.to_string())?;
    let load = load_average();
    let one_word = reports::accession(size / 2);
    let mut timed = Timings::default();
    let mut packet_bytes = 0;
    for run in 0..runs {
        let reference = hash_and_copy(&source, &work.join("copy"))?;
        timed.reference.push(reference.hash + reference.copy);
        timed
            .import_alone
            .push(import_alone(&source, &work.join("data-import"))?);
        let data = work.join(format!("data-{size}-{run}"));
        let case = new_case(carryall, &data)?;
        let cli = |args: &[&str]| {
            let mut command = carryall_in(carryall, &data);
            command.args(args);
            command
        };
        settle()?;
        let import = measure::run(cli(&["add", &case]).arg(&source).stdout(Stdio::null()))?;
        timed.import.push(import.elapsed);
        timed.import_peak.push(import.peak_rss);

        expect_count(
            &json_of(cli(&["docs", &case, "--json"]))?["documents"],
            size,
        )?;
        let all_hits = size.min(MAX_SEARCH_HITS);
        expect_count(
            &json_of(cli(&["search", &case, reports::COMMON_WORD, "--json"]))?["hits"],
            all_hits,
        )?;
        expect_count(
            &json_of(cli(&["search", &case, &one_word, "--json"]))?["hits"],
            1,
        )?;
        for _ in 0..LOOKS {
            timed.list.push(quiet_run(cli(&["docs", &case, "--json"]))?);
            timed.search_all.push(quiet_run(cli(&[
                "search",
                &case,
                reports::COMMON_WORD,
                "--json",
            ]))?);
            timed
                .search_one
                .push(quiet_run(cli(&["search", &case, &one_word, "--json"]))?);
            timed
                .checklist
                .push(quiet_run(cli(&["checklist", &case, "--json"]))?);
        }

        let packet = work.join("packet.zip");
        settle()?;
        let export = measure::run(
            cli(&["export", &case, "--out"])
                .arg(&packet)
                .stdout(Stdio::null()),
        )?;
        timed.export.push(export.elapsed);
        timed.export_peak.push(export.peak_rss);
        packet_bytes = std::fs::metadata(&packet).map_err(|e| e.to_string())?.len();
        remove_files(&[packet.clone(), packet.with_extension("zip.sha256")])?;
        std::fs::remove_dir_all(&data).map_err(|e| e.to_string())?;
    }
    std::fs::remove_dir_all(&source).map_err(|e| e.to_string())?;
    Ok(CaseFigures {
        documents: made.files,
        bytes: made.bytes,
        runs,
        load,
        reference: median(timed.reference),
        import_alone: median(timed.import_alone),
        import: median(timed.import),
        import_peak: max(&timed.import_peak),
        list: median(timed.list),
        search_all: median(timed.search_all),
        search_one: median(timed.search_one),
        checklist: median(timed.checklist),
        export: median(timed.export),
        export_peak: max(&timed.export_peak),
        packet_bytes,
    })
}

/// Imports, lists and exports a scan disc of `size` files, `runs` times.
fn measure_disc(
    carryall: &Path,
    work: &Path,
    size: usize,
    runs: usize,
) -> Result<DiscFigures, String> {
    let root = work.join(format!("disc-{size}")).join("CT DISC");
    let made = disc::generate(&root, size).map_err(|e| e.to_string())?;
    let load = load_average();
    let mut timed = Timings::default();
    let mut packet_bytes = 0;
    for run in 0..runs {
        let reference = hash_and_copy(&root, &work.join("copy"))?;
        timed.reference.push(reference.hash + reference.copy);
        timed
            .import_alone
            .push(import_alone(&root, &work.join("data-import"))?);
        let data = work.join(format!("data-disc-{size}-{run}"));
        let case = new_case(carryall, &data)?;
        settle()?;
        let import = measure::run(
            carryall_in(carryall, &data)
                .args(["add", &case])
                .arg(&root)
                .stdout(Stdio::null()),
        )?;
        timed.import.push(import.elapsed);
        timed.import_peak.push(import.peak_rss);
        let mut docs = carryall_in(carryall, &data);
        docs.args(["docs", &case, "--json"]);
        expect_disc(&json_of(docs)?, &made)?;
        for _ in 0..LOOKS {
            let mut docs = carryall_in(carryall, &data);
            docs.args(["docs", &case, "--json"]);
            timed.list.push(quiet_run(docs)?);
        }
        let packet = work.join("disc.zip");
        settle()?;
        let export = measure::run(
            carryall_in(carryall, &data)
                .args(["export", &case, "--out"])
                .arg(&packet)
                .stdout(Stdio::null()),
        )?;
        timed.export.push(export.elapsed);
        timed.export_peak.push(export.peak_rss);
        packet_bytes = std::fs::metadata(&packet).map_err(|e| e.to_string())?.len();
        remove_files(&[packet.clone(), packet.with_extension("zip.sha256")])?;
        std::fs::remove_dir_all(&data).map_err(|e| e.to_string())?;
    }
    std::fs::remove_dir_all(work.join(format!("disc-{size}"))).map_err(|e| e.to_string())?;
    Ok(DiscFigures {
        files: made.files,
        bytes: made.bytes,
        runs,
        load,
        reference: median(timed.reference),
        import_alone: median(timed.import_alone),
        import: median(timed.import),
        import_peak: max(&timed.import_peak),
        list: median(timed.list),
        export: median(timed.export),
        export_peak: max(&timed.export_peak),
        packet_bytes,
    })
}

/// Imports `source` into a new case in a fresh data folder through the application API (what
/// `add` does before reading), timed from the call to its return; the folder is removed again.
fn import_alone(source: &Path, data: &Path) -> Result<Duration, String> {
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
        return Err("some generated reports were refused".into());
    }
    drop(app);
    std::fs::remove_dir_all(data).map_err(|e| e.to_string())?;
    Ok(took)
}

/// Every run's figures, before their medians are taken.
#[derive(Default)]
struct Timings {
    reference: Vec<Duration>,
    import_alone: Vec<Duration>,
    import: Vec<Duration>,
    import_peak: Vec<u64>,
    list: Vec<Duration>,
    search_all: Vec<Duration>,
    search_one: Vec<Duration>,
    checklist: Vec<Duration>,
    export: Vec<Duration>,
    export_peak: Vec<u64>,
}

fn max(values: &[u64]) -> u64 {
    values.iter().copied().max().unwrap_or(0)
}

/// Runs a command with its output discarded; its wall time.
fn quiet_run(mut command: Command) -> Result<Duration, String> {
    Ok(measure::run(command.stdout(Stdio::null()))?.elapsed)
}

/// Runs a command and parses what it prints as JSON.
fn json_of(mut command: Command) -> Result<Value, String> {
    let output = command.output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("{command:?} failed: {}", output.status));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("{command:?}: {e}"))
}

/// Fails unless `list` is an array of `count` entries (the benchmark measured what it meant).
fn expect_count(list: &Value, count: usize) -> Result<(), String> {
    let found = list.as_array().map_or(0, Vec::len);
    if found == count {
        Ok(())
    } else {
        Err(format!("expected {count} entries, found {found}"))
    }
}

/// Fails unless the case is the one disc, read whole: every file listed and none unreadable.
fn expect_disc(docs: &Value, made: &disc::Disc) -> Result<(), String> {
    let documents = &docs["documents"];
    expect_count(documents, 1)?;
    let summary = &documents[0]["disc"];
    let files = summary["files"].as_u64().unwrap_or(0) as usize;
    let studies = summary["studies"].as_array().map_or(0, Vec::len);
    let unreadable = summary["unreadable_files"].as_u64().unwrap_or(u64::MAX);
    if files == made.files && studies == made.studies && unreadable == 0 {
        Ok(())
    } else {
        Err(format!(
            "the disc reads as {files} files, {studies} studies, {unreadable} unreadable; \
             expected {} files, {} studies",
            made.files, made.studies
        ))
    }
}

/// The one-minute load average now (other work on the machine while measuring).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

/// `value` per `count`, as a ratio to `base` per `base_count`.
fn per_unit_ratio(value: Duration, count: usize, base: Duration, base_count: usize) -> f64 {
    ratio(value, base) * base_count as f64 / count as f64
}

/// A Markdown table's line under its header, `columns` wide, numbers aligned right.
fn divider(columns: usize) {
    println!("|{}", " ---: |".repeat(columns));
}

fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn print_cases(cases: &[CaseFigures]) {
    let Some(base) = cases.iter().find(|c| c.documents == BASE).or(cases.first()) else {
        return;
    };
    let n = base.documents;
    println!(
        "\nImport: the reference tools, the import alone (API), and `carryall add` (import, then reading):\n"
    );
    println!(
        "| reports | MiB | runs | load | hash + copy | import alone | import / (hash + copy) | \
         import per report, vs {n} | `add` | `add` per report | per report, vs {n} | \
         `add` peak memory | peak, vs {n} |"
    );
    divider(13);
    for c in cases {
        println!(
            "| {} | {:.1} | {} | {} | {} | {} | {:.2} | {:.2} | {} | {} | {:.2} | {} | {:.2} |",
            c.documents,
            c.bytes as f64 / 1048576.0,
            c.runs,
            c.load,
            secs(c.reference),
            secs(c.import_alone),
            ratio(c.import_alone, c.reference),
            per_unit_ratio(c.import_alone, c.documents, base.import_alone, n),
            secs(c.import),
            millis(c.import / c.documents as u32),
            per_unit_ratio(c.import, c.documents, base.import, n),
            mib(c.import_peak),
            c.import_peak as f64 / base.import_peak as f64,
        );
    }
    println!("\nLooking (whole command, process start to exit; flat is the aim):\n");
    println!(
        "| reports | `docs --json` | vs {n} | `search` (every report matches) | vs {n} | \
         `search` (one report matches) | vs {n} | `checklist --json` | vs {n} |"
    );
    divider(9);
    for c in cases {
        println!(
            "| {} | {} | {:.2} | {} | {:.2} | {} | {:.2} | {} | {:.2} |",
            c.documents,
            millis(c.list),
            ratio(c.list, base.list),
            millis(c.search_all),
            ratio(c.search_all, base.search_all),
            millis(c.search_one),
            ratio(c.search_one, base.search_one),
            millis(c.checklist),
            ratio(c.checklist, base.checklist),
        );
    }
    println!("\nExport (`carryall export`):\n");
    println!(
        "| reports | packet MiB | `export` | per report | per report, vs {n} | peak memory | \
         peak, vs {n} |"
    );
    divider(7);
    for c in cases {
        println!(
            "| {} | {:.1} | {} | {} | {:.2} | {} | {:.2} |",
            c.documents,
            c.packet_bytes as f64 / 1048576.0,
            secs(c.export),
            millis(c.export / c.documents as u32),
            per_unit_ratio(c.export, c.documents, base.export, n),
            mib(c.export_peak),
            c.export_peak as f64 / base.export_peak as f64,
        );
    }
}

fn print_discs(discs: &[DiscFigures]) {
    let Some(base) = discs.first() else {
        return;
    };
    let n = base.files;
    println!(
        "\nScan discs (one document each: import alone, `add` with the disc's reading, `docs --json`, export):\n"
    );
    println!(
        "| files | MiB | runs | load | hash + copy | import alone | import / (hash + copy) | \
         import per file, vs {n} | `add` | `add` per file, vs {n} | `add` peak | `docs --json` | \
         `export` | `export` per file, vs {n} | `export` peak | packet MiB |"
    );
    divider(16);
    for d in discs {
        println!(
            "| {} | {:.1} | {} | {} | {} | {} | {:.2} | {:.2} | {} | {:.2} | {} | {} | {} | {:.2} | {} | {:.1} |",
            d.files,
            d.bytes as f64 / 1048576.0,
            d.runs,
            d.load,
            secs(d.reference),
            secs(d.import_alone),
            ratio(d.import_alone, d.reference),
            per_unit_ratio(d.import_alone, d.files, base.import_alone, n),
            secs(d.import),
            per_unit_ratio(d.import, d.files, base.import, n),
            mib(d.import_peak),
            millis(d.list),
            secs(d.export),
            per_unit_ratio(d.export, d.files, base.export, n),
            mib(d.export_peak),
            d.packet_bytes as f64 / 1048576.0,
        );
    }
}
