//! The `scale` scenario: how Carryall's time and memory grow with a case's size. Cases of 10,
//! 100, 1,000 and 10,000 generated one-page reports (text PDFs), and scan discs of 100, 1,000
//! and 10,000 files, each through the real `carryall` binary: `add` (import and reading) beside
//! `openssl dgst -sha256` + `cp -r` of the same files, then `docs --json`, `search`,
//! `checklist --json`, `export` and `case delete`. Each figure is the median of several runs and is printed
//! with its ratio to the 100-document (or 100-file) figure, per document where the work should
//! grow with the documents and as it is where it should stay flat. Peak memory is the
//! `carryall` process's own (VmHWM), not its reading workers'. `add` imports and then reads
//! every report (a worker process extracts its text); the import alone (copy, hash, record,
//! no reading) is also timed through the application API in this process, on a fresh data
//! folder, which is what compares with the reference tools.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::measure::{self, median, mib, ratio};
use crate::scenarios::{
    carryall_in, hash_and_copy, import_through_api, new_case, print_machine, remove_files, settle,
    sibling_binary,
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

/// What a case holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// One document per generated report.
    Reports,
    /// One generated scan disc.
    Disc,
}

/// The generated files of one size of case, and how to check the case made of them.
struct Made {
    source: PathBuf,
    files: usize,
    bytes: u64,
    /// What the case's listing must show (see [`check_listing`]).
    expected: Expected,
}

enum Expected {
    /// This many documents, all read (their words found by search).
    Reports(usize),
    /// One disc of these files and studies, every image readable.
    Disc { files: usize, studies: usize },
}

/// The medians of one size of case.
struct Figures {
    files: usize,
    bytes: u64,
    runs: usize,
    load: String,
    reference: Duration,
    import_alone: Duration,
    import: Duration,
    import_peak: u64,
    list: Duration,
    /// Searches and the checklist: for reports only.
    search_all: Option<Duration>,
    search_one: Option<Duration>,
    checklist: Option<Duration>,
    export: Duration,
    export_peak: u64,
    packet_bytes: u64,
    /// `case delete`: the case's rows, their pages' words in the full-text index, its files,
    /// then the scrub.
    delete: Duration,
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
    delete: Vec<Duration>,
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
        let made = make(Subject::Reports, work.path(), size)?;
        cases.push(measure_case(
            &carryall,
            work.path(),
            &made,
            options.runs_for(size),
        )?);
    }
    let mut discs = Vec::new();
    for &size in sizes.iter().filter(|&&size| size >= BASE) {
        eprintln!("scale: a scan disc of {size} files");
        let made = make(Subject::Disc, work.path(), size)?;
        discs.push(measure_case(
            &carryall,
            work.path(),
            &made,
            options.runs_for(size),
        )?);
    }
    print_cases(&cases);
    print_discs(&discs);
    Ok(())
}

/// Generates `size` reports, or a disc of `size` files, under `work`.
fn make(subject: Subject, work: &Path, size: usize) -> Result<Made, String> {
    Ok(match subject {
        Subject::Reports => {
            let source = work.join(format!("reports-{size}"));
            let made = reports::generate(&source, size).map_err(|e| e.to_string())?;
            Made {
                source,
                files: made.files,
                bytes: made.bytes,
                expected: Expected::Reports(made.files),
            }
        }
        Subject::Disc => {
            let source = work.join(format!("disc-{size}")).join("CT DISC");
            let made = disc::generate(&source, size).map_err(|e| e.to_string())?;
            Made {
                source,
                files: made.files,
                bytes: made.bytes,
                expected: Expected::Disc {
                    files: made.files,
                    studies: made.studies,
                },
            }
        }
    })
}

/// Imports, looks at and exports a case made of `made`, `runs` times; removes the files.
fn measure_case(carryall: &Path, work: &Path, made: &Made, runs: usize) -> Result<Figures, String> {
    let load = load_average();
    let mut timed = Timings::default();
    let mut packet_bytes = 0;
    for run in 0..runs {
        let reference = hash_and_copy(&made.source, &work.join("copy"))?;
        timed.reference.push(reference.hash + reference.copy);
        let alone = work.join("data-import");
        let (app, _, took) = import_through_api(&alone, &made.source)?;
        drop(app);
        std::fs::remove_dir_all(&alone).map_err(|e| e.to_string())?;
        timed.import_alone.push(took);

        let data = work.join(format!("data-{run}"));
        let case = new_case(carryall, &data)?;
        let cli = |args: &[&str]| {
            let mut command = carryall_in(carryall, &data);
            command.args(args);
            command
        };
        settle()?;
        let import = measure::run(cli(&["add", &case]).arg(&made.source).stdout(Stdio::null()))?;
        timed.import.push(import.elapsed);
        timed.import_peak.push(import.peak_rss);
        check_listing(&cli, &case, &made.expected)?;
        for _ in 0..LOOKS {
            timed.list.push(quiet_run(cli(&["docs", &case, "--json"]))?);
            if let Expected::Reports(count) = made.expected {
                let one_word = reports::accession(count / 2);
                let search = |word: &str| quiet_run(cli(&["search", &case, word, "--json"]));
                timed.search_all.push(search(reports::COMMON_WORD)?);
                timed.search_one.push(search(&one_word)?);
                timed
                    .checklist
                    .push(quiet_run(cli(&["checklist", &case, "--json"]))?);
            }
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
        settle()?;
        timed
            .delete
            .push(quiet_run(cli(&["case", "delete", &case]))?);
        std::fs::remove_dir_all(&data).map_err(|e| e.to_string())?;
    }
    std::fs::remove_dir_all(&made.source).map_err(|e| e.to_string())?;
    let some_median = |values: Vec<Duration>| (!values.is_empty()).then(|| median(values));
    Ok(Figures {
        files: made.files,
        bytes: made.bytes,
        runs,
        load,
        reference: median(timed.reference),
        import_alone: median(timed.import_alone),
        import: median(timed.import),
        import_peak: max(&timed.import_peak),
        list: median(timed.list),
        search_all: some_median(timed.search_all),
        search_one: some_median(timed.search_one),
        checklist: some_median(timed.checklist),
        export: median(timed.export),
        export_peak: max(&timed.export_peak),
        packet_bytes,
        delete: median(timed.delete),
    })
}

/// Fails unless the case holds what was imported, read: every report listed and its words
/// found by search, or the one disc with every file listed and none unreadable (so the
/// benchmark measured what it meant to).
fn check_listing(
    cli: &dyn Fn(&[&str]) -> Command,
    case: &str,
    expected: &Expected,
) -> Result<(), String> {
    let docs = json_of(cli(&["docs", case, "--json"]))?;
    match *expected {
        Expected::Reports(count) => {
            expect_count(&docs["documents"], count)?;
            let hits = |word: &str| json_of(cli(&["search", case, word, "--json"]));
            expect_count(
                &hits(reports::COMMON_WORD)?["hits"],
                count.min(MAX_SEARCH_HITS),
            )?;
            expect_count(&hits(&reports::accession(count / 2))?["hits"], 1)
        }
        Expected::Disc { files, studies } => {
            expect_count(&docs["documents"], 1)?;
            let summary = &docs["documents"][0]["disc"];
            let listed = summary["files"].as_u64().unwrap_or(0) as usize;
            let found = summary["studies"].as_array().map_or(0, Vec::len);
            let unreadable = summary["unreadable_files"].as_u64().unwrap_or(u64::MAX);
            if listed == files && found == studies && unreadable == 0 {
                Ok(())
            } else {
                Err(format!(
                    "the disc reads as {listed} files, {found} studies, {unreadable} \
                     unreadable; expected {files} files, {studies} studies"
                ))
            }
        }
    }
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

/// Fails unless `list` is an array of `count` entries.
fn expect_count(list: &Value, count: usize) -> Result<(), String> {
    let found = list.as_array().map_or(0, Vec::len);
    if found == count {
        Ok(())
    } else {
        Err(format!("expected {count} entries, found {found}"))
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

/// One table row from its cells.
fn row(cells: &[String]) {
    println!("| {} |", cells.join(" | "));
}

fn millis(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// The size the ratios are taken against: the 100-file case, or the smallest.
fn base_of(figures: &[Figures]) -> Option<&Figures> {
    figures.iter().find(|f| f.files == BASE).or(figures.first())
}

/// The import columns' headers, with `unit` ("report" or "file") and the base size `n`.
fn import_headers(unit: &str, n: usize) -> String {
    format!(
        "| {unit}s | MiB | runs | load | hash + copy | import alone | import / (hash + copy) | \
         import per {unit}, vs {n} | `add` | `add` per {unit} | per {unit}, vs {n} | \
         `add` peak memory | peak, vs {n}"
    )
}

/// The import columns of one size (13 cells).
fn import_cells(f: &Figures, base: &Figures) -> Vec<String> {
    let n = base.files;
    vec![
        f.files.to_string(),
        format!("{:.1}", f.bytes as f64 / 1048576.0),
        f.runs.to_string(),
        f.load.clone(),
        secs(f.reference),
        secs(f.import_alone),
        format!("{:.2}", ratio(f.import_alone, f.reference)),
        format!(
            "{:.2}",
            per_unit_ratio(f.import_alone, f.files, base.import_alone, n)
        ),
        secs(f.import),
        millis(f.import / f.files as u32),
        format!("{:.2}", per_unit_ratio(f.import, f.files, base.import, n)),
        mib(f.import_peak),
        format!("{:.2}", f.import_peak as f64 / base.import_peak as f64),
    ]
}

/// The export columns of one size, then deleting the case (7 cells).
fn export_cells(f: &Figures, base: &Figures) -> Vec<String> {
    vec![
        format!("{:.1}", f.packet_bytes as f64 / 1048576.0),
        secs(f.export),
        format!(
            "{:.2}",
            per_unit_ratio(f.export, f.files, base.export, base.files)
        ),
        mib(f.export_peak),
        format!("{:.2}", f.export_peak as f64 / base.export_peak as f64),
        secs(f.delete),
        format!(
            "{:.2}",
            per_unit_ratio(f.delete, f.files, base.delete, base.files)
        ),
    ]
}

/// A latency and its ratio to the base's (2 cells; dashes when not measured).
fn latency_cells(value: Option<Duration>, base: Option<Duration>) -> [String; 2] {
    match (value, base) {
        (Some(value), Some(base)) => [millis(value), format!("{:.2}", ratio(value, base))],
        _ => ["-".into(), "-".into()],
    }
}

fn print_cases(cases: &[Figures]) {
    let Some(base) = base_of(cases) else {
        return;
    };
    let n = base.files;
    println!(
        "\nImport: the reference tools, the import alone (API), and `carryall add` (import, \
         then reading):\n"
    );
    println!("{} |", import_headers("report", n));
    divider(13);
    for case in cases {
        row(&import_cells(case, base));
    }
    println!("\nLooking (whole command, process start to exit):\n");
    println!(
        "| reports | `docs --json` | vs {n} | `search` (every report matches) | vs {n} | \
         `search` (one report matches) | vs {n} | `checklist --json` | vs {n} |"
    );
    divider(9);
    for case in cases {
        let mut cells = vec![case.files.to_string()];
        cells.extend(latency_cells(Some(case.list), Some(base.list)));
        cells.extend(latency_cells(case.search_all, base.search_all));
        cells.extend(latency_cells(case.search_one, base.search_one));
        cells.extend(latency_cells(case.checklist, base.checklist));
        row(&cells);
    }
    println!("\nExport (`carryall export`), then deleting the case (`carryall case delete`):\n");
    println!(
        "| reports | packet MiB | `export` | per report, vs {n} | peak memory | peak, vs {n} | \
         `case delete` | per report, vs {n} |"
    );
    divider(8);
    for case in cases {
        let mut cells = vec![case.files.to_string()];
        cells.extend(export_cells(case, base));
        row(&cells);
    }
}

fn print_discs(discs: &[Figures]) {
    let Some(base) = base_of(discs) else {
        return;
    };
    let n = base.files;
    println!(
        "\nScan discs (one document each: import alone, `add` with the disc's reading, \
         `docs --json`, export, `case delete`):\n"
    );
    println!(
        "{} | `docs --json` | packet MiB | `export` | `export` per file, vs {n} | \
         `export` peak | peak, vs {n} | `case delete` | per file, vs {n} |",
        import_headers("file", n)
    );
    divider(21);
    for disc in discs {
        let mut cells = import_cells(disc, base);
        cells.push(millis(disc.list));
        cells.extend(export_cells(disc, base));
        row(&cells);
    }
}
