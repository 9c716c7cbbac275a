//! The `read` scenario: reading documents' text, measured side by side with `pdftotext`
//! (poppler-utils) on the labelled fixtures in `tests/fixtures/`.
//!
//! Five parts, each printed as Markdown table rows for BENCHMARKS.md:
//! - `recall`: the share of each document's labelled phrases found in the text, Carryall's
//!   worker against `pdftotext`, per producer, both compared the same way (all whitespace
//!   removed from text and phrase);
//! - `hostile`: every file of `tests/fixtures/hostile/` through the real worker path, with its
//!   outcome and the worker's peak memory;
//! - `large`: the 300-page reports, Carryall against `pdftotext` run alternately, plus the
//!   text layer in this process and raw pdf-extract for reference;
//! - `batch`: all fixture documents through `carryall add`, on every core and on one core,
//!   wall and processor time;
//! - `accuracy`: category and key facts from `carryall docs --json` against `labels.json`.
//!
//! Nothing here prints document text: only figures, fixture file names, phrase numbers (their
//! place in the document's `phrases` list in `labels.json`, counted from 1), fact names and
//! category names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use carryall_extract::{ExtractError, Extraction, Extractor, InputKind, Limits, TextSource};
use serde_json::Value;

use crate::measure::{self, median, mib, ratio, secs};
use crate::scenarios::{carryall_in, new_case, print_machine, settle, sibling_binary};

/// The text-PDF producers, in the order the tables show them.
const PRODUCERS: [&str; 5] = [
    "chromium",
    "libreoffice",
    "reportlab",
    "fpdf2",
    "ghostscript",
];
/// The group scans, photos and images are counted in.
const SCANS: &str = "scans";
/// The 300-page reports timed against `pdftotext`.
const LARGE: [&str; 2] = [
    "report-300-pages-reportlab.pdf",
    "report-300-pages-chromium.pdf",
];
/// GNU time, for processor time and exact peak memory of a process and its children.
const GNU_TIME: &str = "/usr/bin/time";

/// Which parts of the scenario to run, and how often to repeat the timed ones.
pub struct ReadOptions {
    /// Timed runs of each tool on each 300-page report.
    pub runs: usize,
    /// Timed runs of each batch import.
    pub batch_runs: usize,
    /// Run only this part (`recall`, `hostile`, `large`, `batch`, `accuracy`).
    pub only: Option<String>,
}

/// One labelled fixture document.
struct Label {
    /// Path under `documents/`, e.g. `chromium/cbc-delhi.pdf`.
    file: String,
    /// The producer folder for text PDFs, [`SCANS`] for everything else.
    group: String,
    /// `text_pdf`, `scan_pdf`, `photo` or `image`.
    kind: String,
    category: String,
    phrases: Vec<String>,
    /// Fact name to its true values (one or several).
    facts: BTreeMap<String, Vec<String>>,
}

impl Label {
    fn input_kind(&self) -> InputKind {
        match self.kind.as_str() {
            "photo" | "image" => InputKind::Image,
            _ => InputKind::Pdf,
        }
    }

    fn name(&self) -> &str {
        self.file.rsplit('/').next().unwrap_or(&self.file)
    }
}

/// Runs the scenario's parts.
pub fn read(options: &ReadOptions) -> Result<(), String> {
    let carryall = sibling_binary("carryall")?;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    if !fixtures.join("documents/labels.json").exists() {
        return Err(format!(
            "{} has no documents/labels.json: run scripts/make-fixtures first",
            fixtures.display()
        ));
    }
    let poppler = pdftotext_version()?;
    let labels = load_labels(&fixtures.join("documents/labels.json"))?;
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let extractor = Extractor::with_program(
        carryall.clone(),
        Limits::default(),
        &work.path().join("scratch"),
    );
    let wanted = |part: &str| options.only.as_deref().is_none_or(|only| only == part);
    print_machine();
    println!("reference: {poppler}");
    println!(
        "fixtures: {} labelled documents; worker limits: {:?}",
        labels.len(),
        extractor.limits()
    );
    if wanted("recall") {
        recall(&extractor, &fixtures, &labels)?;
    }
    if wanted("hostile") {
        hostile(&extractor, &carryall, &fixtures, work.path())?;
    }
    if wanted("large") {
        large(&extractor, &fixtures, options.runs.max(1))?;
    }
    let mut read_case = None;
    if wanted("batch") {
        read_case = Some(batch(
            &carryall,
            &fixtures,
            work.path(),
            options.batch_runs.max(1),
        )?);
    }
    if wanted("accuracy") {
        let (data, case) = match read_case {
            Some(found) => found,
            None => {
                let data = work.path().join("accuracy");
                let case = new_case(&carryall, &data)?;
                measure::run(
                    carryall_in(&carryall, &data)
                        .args(["add", &case, "--json"])
                        .args(document_folders(&fixtures, true))
                        .stdout(Stdio::null()),
                )?;
                (data, case)
            }
        };
        accuracy(&carryall, &data, &case, &labels)?;
    }
    Ok(())
}

/// `pdftotext`'s version line, or why it cannot be used.
fn pdftotext_version() -> Result<String, String> {
    let output = Command::new("pdftotext")
        .arg("-v")
        .output()
        .map_err(|_| "pdftotext not found on PATH: install poppler-utils".to_owned())?;
    // pdftotext prints its version on stderr.
    let text = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    Ok(text
        .lines()
        .find(|line| line.contains("version"))
        .unwrap_or("pdftotext (unknown version)")
        .trim()
        .to_owned())
}

fn load_labels(path: &Path) -> Result<Vec<Label>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| format!("labels.json: {e}"))?;
    let entries = json.as_array().ok_or("labels.json is not a list")?;
    let string = |v: &Value, key: &str| -> Result<String, String> {
        v[key]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("labels.json: an entry without {key}"))
    };
    entries
        .iter()
        .map(|entry| {
            let kind = string(entry, "kind")?;
            let group = if kind == "text_pdf" {
                string(entry, "producer")?
            } else {
                SCANS.to_owned()
            };
            let phrases = entry["phrases"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|p| p.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let mut facts = BTreeMap::new();
            if let Some(map) = entry["facts"].as_object() {
                for (name, value) in map {
                    let values: Vec<String> = match value {
                        Value::Array(list) => list
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect(),
                        Value::String(one) => vec![one.clone()],
                        _ => Vec::new(),
                    };
                    facts.insert(name.clone(), values);
                }
            }
            Ok(Label {
                file: string(entry, "file")?,
                group,
                kind,
                category: string(entry, "category")?,
                phrases,
                facts,
            })
        })
        .collect()
}

/// Text with all whitespace removed: how phrases are compared, for both tools.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `pdftotext` (default reading order, UTF-8) of one file, or `None` when it fails.
fn pdftotext(path: &Path) -> Option<String> {
    let output = Command::new("pdftotext")
        .args(["-q", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The short name of an extraction error (its variant).
fn error_name(error: &ExtractError) -> String {
    let debug = format!("{error:?}");
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or(&debug)
        .to_owned()
}

/// Phrase counts of one group of documents.
#[derive(Default)]
struct Recall {
    documents: usize,
    phrases: usize,
    theirs: usize,
    ours: usize,
    non_ascii: usize,
    theirs_non_ascii: usize,
    ours_non_ascii: usize,
    /// Sums of each document's share of phrases found, for the mean per document.
    theirs_share: f64,
    ours_share: f64,
    /// Seconds to read the group, one document at a time.
    theirs_time: Duration,
    ours_time: Duration,
}

/// Phrase recall per producer: Carryall's worker against `pdftotext`.
fn recall(extractor: &Extractor, fixtures: &Path, labels: &[Label]) -> Result<(), String> {
    let mut groups: BTreeMap<String, Recall> = BTreeMap::new();
    let mut misses: Vec<String> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for label in labels {
        let path = fixtures.join("documents").join(&label.file);
        let started = Instant::now();
        let ours = match extractor.extract(&path, label.input_kind()) {
            Ok(extraction) if extraction.source != TextSource::None => extraction.text(),
            Ok(_) => {
                failures.push(format!("{}: no text", label.file));
                String::new()
            }
            Err(error) => {
                failures.push(format!("{}: {}", label.file, error_name(&error)));
                String::new()
            }
        };
        let ours_time = started.elapsed();
        let text_pdf = label.kind == "text_pdf";
        let started = Instant::now();
        let theirs = if text_pdf { pdftotext(&path) } else { None };
        let theirs_time = started.elapsed();
        if text_pdf && theirs.is_none() {
            failures.push(format!("{}: pdftotext failed", label.file));
        }
        let (ours, theirs) = (squash(&ours), squash(theirs.as_deref().unwrap_or("")));
        let group = groups.entry(label.group.clone()).or_default();
        group.documents += 1;
        group.ours_time += ours_time;
        group.theirs_time += theirs_time;
        let (mut ours_found, mut theirs_found) = (0, 0);
        for (number, phrase) in label.phrases.iter().enumerate() {
            let wanted = squash(phrase);
            let (in_ours, in_theirs) = (ours.contains(&wanted), theirs.contains(&wanted));
            let non_ascii = !phrase.is_ascii();
            group.phrases += 1;
            group.non_ascii += usize::from(non_ascii);
            if in_ours {
                ours_found += 1;
                group.ours_non_ascii += usize::from(non_ascii);
            }
            if in_theirs {
                theirs_found += 1;
                group.theirs_non_ascii += usize::from(non_ascii);
            }
            let place = format!("{} phrase #{}", label.file, number + 1);
            match (in_ours, in_theirs, text_pdf) {
                (false, true, _) => {
                    misses.push(format!("carryall misses, pdftotext finds: {place}"))
                }
                (true, false, true) => {
                    misses.push(format!("pdftotext misses, carryall finds: {place}"))
                }
                (false, false, true) => misses.push(format!("both miss: {place}")),
                _ => {}
            }
        }
        group.ours += ours_found;
        group.theirs += theirs_found;
        let count = label.phrases.len().max(1) as f64;
        group.ours_share += ours_found as f64 / count;
        group.theirs_share += theirs_found as f64 / count;
    }

    println!();
    println!("phrase recall (all whitespace removed from text and phrase, for both tools):");
    println!(
        "| producer | documents | phrases | pdftotext | carryall | non-ASCII phrases | \
         pdftotext | carryall | mean per document: pdftotext / carryall |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let order = PRODUCERS.iter().copied().chain([SCANS]);
    let mut total = Recall::default();
    for name in order {
        let Some(group) = groups.get(name) else {
            continue;
        };
        let scans = name == SCANS;
        let theirs = |found: usize, of: usize| {
            if scans {
                "— (no OCR)".to_owned()
            } else {
                fraction(found, of)
            }
        };
        let label = if scans {
            "scans and photos (OCR)"
        } else {
            name
        };
        println!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} / {:.1}% |",
            group.documents,
            group.phrases,
            theirs(group.theirs, group.phrases),
            fraction(group.ours, group.phrases),
            group.non_ascii,
            theirs(group.theirs_non_ascii, group.non_ascii),
            fraction(group.ours_non_ascii, group.non_ascii),
            if scans {
                "—".to_owned()
            } else {
                format!(
                    "{:.1}%",
                    100.0 * group.theirs_share / group.documents as f64
                )
            },
            100.0 * group.ours_share / group.documents as f64,
        );
        if !scans {
            total.documents += group.documents;
            total.phrases += group.phrases;
            total.theirs += group.theirs;
            total.ours += group.ours;
            total.non_ascii += group.non_ascii;
            total.theirs_non_ascii += group.theirs_non_ascii;
            total.ours_non_ascii += group.ours_non_ascii;
            total.theirs_share += group.theirs_share;
            total.ours_share += group.ours_share;
            total.theirs_time += group.theirs_time;
            total.ours_time += group.ours_time;
        }
    }
    println!(
        "| all text PDFs | {} | {} | {} | {} | {} | {} | {} | {:.1}% / {:.1}% |",
        total.documents,
        total.phrases,
        fraction(total.theirs, total.phrases),
        fraction(total.ours, total.phrases),
        total.non_ascii,
        fraction(total.theirs_non_ascii, total.non_ascii),
        fraction(total.ours_non_ascii, total.non_ascii),
        100.0 * total.theirs_share / total.documents.max(1) as f64,
        100.0 * total.ours_share / total.documents.max(1) as f64,
    );
    if let Some(scans) = groups.get(SCANS) {
        println!(
            "time, one document at a time: text PDFs pdftotext {} / carryall worker {}; \
             scans and photos carryall (OCR) {}",
            secs(total.theirs_time),
            secs(total.ours_time),
            secs(scans.ours_time)
        );
    }
    for line in failures.iter().chain(&misses) {
        println!("  {line}");
    }
    Ok(())
}

/// `found/of (percent)`.
fn fraction(found: usize, of: usize) -> String {
    if of == 0 {
        return "—".to_owned();
    }
    format!("{found}/{of} ({:.1}%)", 100.0 * found as f64 / of as f64)
}

/// Every hostile file through the worker, with its outcome and the worker's peak memory.
fn hostile(
    extractor: &Extractor,
    carryall: &Path,
    fixtures: &Path,
    work: &Path,
) -> Result<(), String> {
    let folder = fixtures.join("hostile");
    let expected = std::fs::read_to_string(folder.join("expected.json"))
        .map_err(|e| format!("hostile/expected.json: {e}"))?;
    let expected: Value =
        serde_json::from_str(&expected).map_err(|e| format!("hostile/expected.json: {e}"))?;
    let entries = expected
        .as_array()
        .ok_or("hostile/expected.json is not a list")?;
    let gnu_time = Path::new(GNU_TIME).exists();
    println!();
    println!(
        "hostile files, through the worker (limits {} MiB address space, {} s):",
        extractor.limits().memory >> 20,
        extractor.limits().time.as_secs()
    );
    println!(
        "| file | expected | outcome | as expected | time | worker peak RSS (sampled) | \
         `carryall add` peak RSS, worker included (GNU time) |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (index, entry) in entries.iter().enumerate() {
        let file = entry["file"].as_str().ok_or("expected.json: no file")?;
        let expect = entry["expect"].as_str().unwrap_or("error");
        let may_recover = entry["may_recover_text"].as_bool().unwrap_or(false);
        let path = folder.join(file);
        let lower = file.to_lowercase();
        let kind = if [".jpg", ".jpeg", ".png", ".tif", ".tiff"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        {
            InputKind::Image
        } else {
            InputKind::Pdf
        };
        let started = Instant::now();
        let (result, peak) = with_worker_peak(|| extractor.extract(&path, kind));
        let elapsed = started.elapsed();
        let (outcome, verdict) = judge(&result, expect, may_recover);
        let exact = if gnu_time {
            cli_peak(carryall, &work.join(format!("hostile-{index}")), &path)?
        } else {
            format!("{GNU_TIME} missing")
        };
        println!(
            "| `{file}` | {expect} | {outcome} | {verdict} | {} | {} | {exact} |",
            secs(elapsed),
            if peak == 0 {
                "— (gone before sampled)".to_owned()
            } else {
                mib(peak)
            }
        );
    }
    Ok(())
}

/// What came out of a hostile file, and whether that is what a reader must do with it.
fn judge(
    result: &Result<Extraction, ExtractError>,
    expect: &str,
    may_recover: bool,
) -> (String, &'static str) {
    match result {
        Ok(extraction) if extraction.source == TextSource::None => ("no text".to_owned(), "yes"),
        Ok(extraction) => (
            format!(
                "text ({} letters and digits, from {})",
                extraction.meaningful_chars(),
                extraction.source.slug()
            ),
            if expect == "error" && may_recover {
                "yes (recovered)"
            } else {
                "**no**"
            },
        ),
        Err(error @ (ExtractError::Crashed | ExtractError::TimedOut { .. })) => (
            format!("error {}", error_name(error)),
            "contained, but **not** a clean refusal",
        ),
        Err(error) => (
            format!("error {}", error_name(error)),
            if expect == "error" {
                "yes"
            } else {
                "yes (error, not \"no text\")"
            },
        ),
    }
}

/// Runs `work` (which starts worker processes from this thread) while sampling the peak
/// resident memory (VmHWM) of this thread's child processes every millisecond.
fn with_worker_peak<T>(work: impl FnOnce() -> T) -> (T, u64) {
    let children = std::fs::read_link("/proc/thread-self")
        .map(|task| Path::new("/proc").join(task).join("children"))
        .ok();
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut peak = 0;
            let Some(children) = children else {
                return peak;
            };
            while !done.load(Ordering::Relaxed) {
                let pids = std::fs::read_to_string(&children).unwrap_or_default();
                for pid in pids.split_whitespace() {
                    let status = Path::new("/proc").join(pid).join("status");
                    if let Some(hwm) = measure::read_vm_hwm(&status) {
                        peak = peak.max(hwm);
                    }
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            peak
        });
        let result = work();
        done.store(true, Ordering::Relaxed);
        (result, sampler.join().unwrap_or(0))
    })
}

/// The exact peak memory of `carryall add` of one file (the largest of the CLI and its
/// workers, as GNU time reports it), with what the import made of it.
fn cli_peak(carryall: &Path, data: &Path, file: &Path) -> Result<String, String> {
    let case = new_case(carryall, data)?;
    let report = data.join("time.txt");
    let output = Command::new(GNU_TIME)
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(carryall)
        .arg("--data-dir")
        .arg(data)
        .args(["add", &case, "--json"])
        .arg(file)
        .stderr(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    let kib: u64 = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
        .ok_or("GNU time wrote no peak memory")?;
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    let refused = json["results"][0]["status"].as_str() == Some("rejected");
    Ok(format!(
        "{}{}",
        mib(kib * 1024),
        if refused { " (refused at import)" } else { "" }
    ))
}

/// The 300-page reports: Carryall's worker against `pdftotext`, run alternately.
fn large(extractor: &Extractor, fixtures: &Path, runs: usize) -> Result<(), String> {
    let threads = extractor.limits().threads;
    let mut columns = Vec::new();
    for name in LARGE {
        let path = fixtures.join("large").join(name);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        // Untimed first pass of each: the same warm page cache, and a check of the output.
        let theirs = pdftotext(&path).ok_or_else(|| format!("pdftotext failed on {name}"))?;
        let ours = extractor
            .extract(&path, InputKind::Pdf)
            .map_err(|e| format!("carryall failed on {name}: {}", error_name(&e)))?;
        let theirs_chars = theirs.chars().filter(|c| c.is_alphanumeric()).count();
        let raw = raw_pdf_extract(&bytes);
        let (mut poppler, mut worker, mut inside, mut inside_one, mut raw_times) =
            (vec![], vec![], vec![], vec![], vec![]);
        for _ in 0..runs {
            poppler.push(
                measure::run(
                    Command::new("pdftotext")
                        .args(["-q", "-enc", "UTF-8"])
                        .arg(&path)
                        .arg("-")
                        .stdout(Stdio::null()),
                )?
                .elapsed,
            );
            let started = Instant::now();
            let read = extractor.extract(&path, InputKind::Pdf);
            worker.push(started.elapsed());
            read.map_err(|e| format!("carryall failed on {name}: {}", error_name(&e)))?;
            let started = Instant::now();
            let read = carryall_extract::extract_pdf_in_process(&bytes, threads);
            inside.push(started.elapsed());
            read.map_err(|e| format!("in-process failed on {name}: {}", error_name(&e)))?;
            let started = Instant::now();
            let read = carryall_extract::extract_pdf_in_process(&bytes, 1);
            inside_one.push(started.elapsed());
            read.map_err(|e| format!("in-process failed on {name}: {}", error_name(&e)))?;
            if raw.is_some() {
                let started = Instant::now();
                raw_pdf_extract(&bytes);
                raw_times.push(started.elapsed());
            }
        }
        columns.push(LargeColumn {
            name,
            pages: ours.pages.len(),
            theirs_chars,
            ours_chars: ours.meaningful_chars(),
            raw_chars: raw,
            poppler: median(poppler),
            worker: median(worker),
            inside: median(inside),
            inside_one: median(inside_one),
            raw: (!raw_times.is_empty()).then(|| median(raw_times)),
        });
    }
    println!();
    println!("300-page reports, median of {runs} runs each, tools run alternately:");
    let header: Vec<String> = columns.iter().map(|c| format!("`{}`", c.name)).collect();
    println!("| what | {} |", header.join(" | "));
    println!("| --- |{}", " --- |".repeat(columns.len()));
    let row = |what: &str, cell: &dyn Fn(&LargeColumn) -> String| {
        let cells: Vec<String> = columns.iter().map(cell).collect();
        println!("| {what} | {} |", cells.join(" | "));
    };
    row("pages read by carryall", &|c| c.pages.to_string());
    row("`pdftotext` (one process, output discarded)", &|c| {
        secs(c.poppler)
    });
    row(
        &format!("carryall worker (process start to answer, {threads} threads)"),
        &|c| secs(c.worker),
    );
    row("**ratio carryall worker / pdftotext**", &|c| {
        format!("**{:.2}**", ratio(c.worker, c.poppler))
    });
    row(
        &format!("carryall text layer in this process, {threads} threads"),
        &|c| secs(c.inside),
    );
    row("carryall text layer in this process, 1 thread", &|c| {
        secs(c.inside_one)
    });
    row("ratio in process 1 thread / pdftotext", &|c| {
        format!("{:.2}", ratio(c.inside_one, c.poppler))
    });
    row(
        "raw pdf-extract `extract_text_from_mem` (1 thread, reference)",
        &|c| c.raw.map_or("failed".to_owned(), secs),
    );
    row(
        "letters and digits: pdftotext / carryall / raw pdf-extract",
        &|c| {
            format!(
                "{} / {} / {}",
                c.theirs_chars,
                c.ours_chars,
                c.raw_chars.map_or("—".to_owned(), |n| n.to_string())
            )
        },
    );
    Ok(())
}

/// The figures of one 300-page report.
struct LargeColumn {
    name: &'static str,
    pages: usize,
    theirs_chars: usize,
    ours_chars: usize,
    raw_chars: Option<usize>,
    poppler: Duration,
    worker: Duration,
    inside: Duration,
    inside_one: Duration,
    raw: Option<Duration>,
}

/// Raw pdf-extract on the whole file, its letters and digits; `None` if it fails or panics.
fn raw_pdf_extract(bytes: &[u8]) -> Option<usize> {
    let text = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
        .ok()?
        .ok()?;
    Some(text.chars().filter(|c| c.is_alphanumeric()).count())
}

/// The folders of the labelled documents (with or without the scans).
fn document_folders(fixtures: &Path, with_scans: bool) -> Vec<PathBuf> {
    let documents = fixtures.join("documents");
    PRODUCERS
        .iter()
        .copied()
        .chain(with_scans.then_some(SCANS))
        .map(|folder| documents.join(folder))
        .collect()
}

/// All fixture documents through `carryall add` (import and reading), on every core and
/// pinned to one core, alternately. Returns a data directory and case with everything read.
fn batch(
    carryall: &Path,
    fixtures: &Path,
    work: &Path,
    runs: usize,
) -> Result<(PathBuf, String), String> {
    let gnu_time = Path::new(GNU_TIME).exists();
    let taskset = Command::new("taskset")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "batch: `carryall add` of the fixture documents (import, then reading), median of {runs}, \
         alternately on {cores} cores and pinned to one core{}{}:",
        if gnu_time {
            ""
        } else {
            " (GNU time missing: no processor time)"
        },
        if taskset {
            ""
        } else {
            " (taskset missing: no one-core runs)"
        }
    );
    println!(
        "| documents | cores | wall | processor time (user + system, workers included) | \
         processor / wall |"
    );
    println!("| --- | --- | --- | --- | --- |");
    let mut kept = None;
    for (with_scans, what) in [
        (false, "30 text PDFs"),
        (true, "all 39 (30 text PDFs, 9 scans and photos by OCR)"),
    ] {
        let folders = document_folders(fixtures, with_scans);
        let mut sets: Vec<(usize, Vec<Duration>, Vec<f64>)> = vec![(cores, vec![], vec![])];
        if taskset && cores > 1 {
            sets.push((1, vec![], vec![]));
        }
        for run in 0..runs {
            for (set_cores, walls, cpus) in sets.iter_mut() {
                let data = work.join(format!("batch-{with_scans}-{run}-{set_cores}"));
                let case = new_case(carryall, &data)?;
                let report = work.join("batch-time.txt");
                let mut command = if gnu_time {
                    let mut c = Command::new(GNU_TIME);
                    c.args(["-f", "%U %S", "-o"]).arg(&report);
                    c
                } else {
                    Command::new("env")
                };
                if *set_cores == 1 {
                    command.args(["taskset", "-c", "0"]);
                }
                command
                    .arg(carryall)
                    .arg("--data-dir")
                    .arg(&data)
                    .args(["add", &case, "--json"])
                    .args(&folders)
                    .stdout(Stdio::null());
                settle()?;
                walls.push(measure::run(&mut command)?.elapsed);
                if gnu_time {
                    let text = std::fs::read_to_string(&report).map_err(|e| e.to_string())?;
                    let cpu: f64 = text
                        .split_whitespace()
                        .filter_map(|n| n.parse::<f64>().ok())
                        .sum();
                    cpus.push(cpu);
                }
                if with_scans && run == 0 && *set_cores == cores {
                    kept = Some((data, case));
                } else {
                    std::fs::remove_dir_all(&data).map_err(|e| e.to_string())?;
                }
            }
        }
        let mut medians = Vec::new();
        for (set_cores, walls, mut cpus) in sets {
            let wall = median(walls);
            cpus.sort_by(f64::total_cmp);
            let cpu = cpus.get(cpus.len() / 2).copied();
            println!(
                "| {what} | {set_cores} | {} | {} | {} |",
                secs(wall),
                cpu.map_or("—".to_owned(), |c| format!("{c:.3} s")),
                cpu.map_or("—".to_owned(), |c| format!(
                    "{:.2}",
                    c / wall.as_secs_f64()
                ))
            );
            medians.push(wall);
        }
        if let [all, one] = medians[..] {
            println!(
                "| {what}: speed-up of {cores} cores over 1 | | {:.2}x | | |",
                ratio(one, all)
            );
        }
    }
    kept.ok_or_else(|| "no batch run was kept".to_owned())
}

/// Counts for one row of an accuracy table.
#[derive(Default)]
struct Score {
    documents: usize,
    category_right: usize,
    /// True values labelled, values found that are right, values found in all.
    labelled: usize,
    right: usize,
    found: usize,
}

/// Category and key facts from `carryall docs --json` against the labels.
fn accuracy(carryall: &Path, data: &Path, case: &str, labels: &[Label]) -> Result<(), String> {
    let output = carryall_in(carryall, data)
        .args(["docs", case, "--json"])
        .output()
        .map_err(|e| e.to_string())?;
    let json: Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("carryall docs --json: {e}"))?;
    let documents = json["documents"]
        .as_array()
        .ok_or("carryall docs --json printed no documents")?;
    let mut by_group: BTreeMap<String, Score> = BTreeMap::new();
    let mut by_category: BTreeMap<String, Score> = BTreeMap::new();
    let mut by_fact: BTreeMap<String, Score> = BTreeMap::new();
    let mut notes = Vec::new();
    for label in labels {
        let Some(document) = documents
            .iter()
            .find(|d| d["original_name"].as_str() == Some(label.name()))
        else {
            notes.push(format!("{}: not in the case", label.file));
            continue;
        };
        let category = document["category"].as_str().unwrap_or("");
        let category_right = category == label.category;
        if !category_right {
            notes.push(format!(
                "{}: filed as {category}, labelled {}",
                label.file, label.category
            ));
        }
        let found = found_facts(document);
        let (mut labelled, mut right, mut all_found) = (0, 0, 0);
        let mut missed = Vec::new();
        let mut wrong = Vec::new();
        let names: std::collections::BTreeSet<&String> =
            label.facts.keys().chain(found.keys()).collect();
        for name in names {
            let truth: Vec<String> = label
                .facts
                .get(name)
                .map(|v| v.iter().map(|s| normalise(s)).collect())
                .unwrap_or_default();
            let mut got: Vec<String> = found.get(name).cloned().unwrap_or_default();
            let total_got = got.len();
            let mut hits = 0;
            for value in &truth {
                if let Some(at) = got.iter().position(|g| g == value) {
                    got.swap_remove(at);
                    hits += 1;
                }
            }
            if hits < truth.len() {
                missed.push(name.as_str());
            }
            if !got.is_empty() {
                wrong.push(name.as_str());
            }
            let score = by_fact.entry(name.clone()).or_default();
            score.documents += usize::from(!truth.is_empty());
            score.labelled += truth.len();
            score.right += hits;
            score.found += total_got;
            labelled += truth.len();
            right += hits;
            all_found += total_got;
        }
        if !missed.is_empty() || !wrong.is_empty() {
            notes.push(format!(
                "{}: missed or not exact [{}]; extra or wrong [{}]",
                label.file,
                missed.join(", "),
                wrong.join(", ")
            ));
        }
        for score in [
            by_group.entry(label.group.clone()).or_default(),
            by_category.entry(label.category.clone()).or_default(),
        ] {
            score.documents += 1;
            score.category_right += usize::from(category_right);
            score.labelled += labelled;
            score.right += right;
            score.found += all_found;
        }
    }
    let total = by_group.values().fold(Score::default(), |mut sum, s| {
        sum.documents += s.documents;
        sum.category_right += s.category_right;
        sum.labelled += s.labelled;
        sum.right += s.right;
        sum.found += s.found;
        sum
    });

    println!();
    println!(
        "accuracy against labels.json (`carryall docs --json`; fact values compared as \
         strings, whitespace collapsed):"
    );
    println!(
        "| producer | documents | category right | facts found right / labelled (recall) | \
         right / found (precision) |"
    );
    println!("| --- | --- | --- | --- | --- |");
    let order = PRODUCERS.iter().copied().chain([SCANS]);
    for name in order {
        if let Some(score) = by_group.get(name) {
            print_score(name, score);
        }
    }
    print_score("all", &total);
    println!();
    println!("| labelled category | documents | category right | facts recall | facts precision |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, score) in &by_category {
        print_score(name, score);
    }
    println!();
    println!(
        "| fact | documents labelled | right / labelled (recall) | right / found (precision) |"
    );
    println!("| --- | --- | --- | --- |");
    for (name, score) in &by_fact {
        println!(
            "| `{name}` | {} | {} | {} |",
            score.documents,
            fraction(score.right, score.labelled),
            fraction(score.right, score.found)
        );
    }
    for note in notes {
        println!("  {note}");
    }
    Ok(())
}

fn print_score(name: &str, score: &Score) {
    println!(
        "| {name} | {} | {} | {} | {} |",
        score.documents,
        fraction(score.category_right, score.documents),
        fraction(score.right, score.labelled),
        fraction(score.right, score.found)
    );
}

/// Whitespace collapsed and trimmed.
fn normalise(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The facts `docs --json` shows for one document, by name; the document date and the other
/// reading of an ambiguous date are taken from their own fields when not among the facts.
fn found_facts(document: &Value) -> BTreeMap<String, Vec<String>> {
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for fact in document["facts"].as_array().into_iter().flatten() {
        if let (Some(name), Some(value)) = (fact["name"].as_str(), fact["value"].as_str()) {
            found
                .entry(name.to_owned())
                .or_default()
                .push(normalise(value));
        }
    }
    if !found.contains_key("document_date")
        && let Some(date) = document["document_date"].as_str()
    {
        found.insert("document_date".to_owned(), vec![date.to_owned()]);
    }
    found
}
