//! The worker process: reads one document and answers in JSON on stdout.
//!
//! Started by [`crate::Extractor`] as `<this program> __carryall-extract-worker`, with the
//! request as JSON on stdin. It first caps its own address space (Linux), so a decompression
//! bomb ends this process instead of the app, watches for the app's end to end itself and
//! the OCR programs it started (Linux), and
//! silences the panic message hook: panics are caught page by page and reported as errors,
//! and a message could quote the document.
//!
//! A worker does one of two jobs: the PDF's text layer (and which pages have none), or OCR of
//! given pages or of a photo. The supervisor runs them as separate processes, each under its
//! own time limit, because OCR takes seconds per page where a text layer takes milliseconds.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::clean::{looks_garbled, meaningful_chars};
use crate::ocr::{self, OcrJob};
use crate::pdf::pdf_pages;
use crate::{ExtractError, Extraction, InputKind, MIN_PAGE_CHARS, TextSource};

/// The hidden first argument that turns either Carryall program into an extraction worker.
pub const WORKER_ARG: &str = "__carryall-extract-worker";

/// The environment variable in which the supervisor gives a worker its own process id.
pub(crate) const PARENT_ENV: &str = "CARRYALL_EXTRACT_PARENT";

/// Exit status of a worker that could not understand its request.
const BAD_REQUEST: i32 = 3;

/// One of the worker's two jobs.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Job {
    /// A PDF's text layer.
    TextLayer,
    /// OCR of these PDF pages, or of the image.
    Ocr {
        pages: Vec<u32>,
        languages: Vec<String>,
        page_time: Duration,
        scratch: PathBuf,
    },
}

/// What the worker is asked to do.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Request {
    pub path: PathBuf,
    pub kind: InputKind,
    pub job: Job,
    pub memory_limit: u64,
    pub threads: usize,
}

/// The worker's answer.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Response {
    Done(Extraction),
    Failed(ExtractError),
}

/// If this process was started as an extraction worker, does the work and exits; otherwise
/// returns at once. Call it first thing in `main`.
pub fn run_worker_if_requested() {
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(OsStr::new(WORKER_ARG)) {
        std::process::exit(worker_main());
    }
}

fn worker_main() -> i32 {
    std::panic::set_hook(Box::new(|_| {}));
    end_with_parent();
    let mut input = String::new();
    if std::io::stdin().read_to_string(&mut input).is_err() {
        return BAD_REQUEST;
    }
    let Ok(request) = serde_json::from_str::<Request>(&input) else {
        return BAD_REQUEST;
    };
    limit_memory(request.memory_limit);
    let response = match handle(&request) {
        Ok(extraction) => Response::Done(extraction),
        Err(error) => Response::Failed(error),
    };
    let Ok(answer) = serde_json::to_vec(&response) else {
        return BAD_REQUEST;
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&answer).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(_) => BAD_REQUEST,
    }
}

fn handle(request: &Request) -> Result<Extraction, ExtractError> {
    let bytes = std::fs::read(&request.path)
        .map_err(|error| ExtractError::Unreadable(error.kind().to_string()))?;
    match &request.job {
        Job::TextLayer => text_layer(&bytes, request.threads),
        Job::Ocr {
            pages,
            languages,
            page_time,
            scratch,
        } => ocr::run(&OcrJob {
            bytes: &bytes,
            kind: request.kind,
            pages,
            languages,
            page_time: *page_time,
            threads: request.threads,
            scratch,
        }),
    }
}

/// A PDF's text layer, with the pages that have none worth the name (or only garbage from a
/// font without a character map) listed for OCR.
pub(crate) fn text_layer(bytes: &[u8], threads: usize) -> Result<Extraction, ExtractError> {
    let mut pages = pdf_pages(bytes, threads)?;
    for page in &mut pages {
        if looks_garbled(&page.text) {
            page.text.clear();
        }
    }
    let needs_ocr = pages
        .iter()
        .filter(|page| meaningful_chars(&page.text) < MIN_PAGE_CHARS)
        .map(|page| page.number)
        .collect();
    Ok(Extraction {
        source: TextSource::Pdf,
        pages,
        ocr_confidence: None,
        no_text: None,
        needs_ocr,
    })
}

/// Caps this process's address space. Where the platform has no such limit the time limit
/// still applies.
#[cfg(target_os = "linux")]
fn limit_memory(bytes: u64) {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let limit = Rlimit {
        current: Some(bytes),
        maximum: Some(bytes),
    };
    // Failing to set the limit leaves the time limit as the guard; nothing else to do.
    let _ = setrlimit(Resource::As, limit);
}

#[cfg(not(target_os = "linux"))]
fn limit_memory(_bytes: u64) {}

/// How often a worker checks that the program that started it is still running.
#[cfg(target_os = "linux")]
const PARENT_POLL: Duration = Duration::from_millis(100);

/// Ends this worker, and every program it started, when the program that started it ends
/// (Linux): a Carryall killed mid-reading must not leave a worker or a Tesseract running on
/// without the time limit it enforced. The supervisor starts each worker as the leader of its
/// own process group, which Tesseract joins; a watching thread ends the whole group once the
/// worker has been handed to another parent. (A parent-death signal would end the worker
/// alone and leave Tesseract running.)
#[cfg(target_os = "linux")]
fn end_with_parent() {
    use rustix::process::{Pid, Signal, getpgrp, getpid, getppid, kill_current_process_group};
    let Some(started_by) = std::env::var(PARENT_ENV)
        .ok()
        .and_then(|pid| pid.parse::<i32>().ok())
    else {
        return;
    };
    let leads_its_group = getpgrp() == getpid();
    std::thread::spawn(move || {
        while Pid::as_raw(getppid()) == started_by {
            std::thread::sleep(PARENT_POLL);
        }
        if leads_its_group {
            let _ = kill_current_process_group(Signal::KILL);
        }
        std::process::exit(BAD_REQUEST);
    });
}

#[cfg(not(target_os = "linux"))]
fn end_with_parent() {}
