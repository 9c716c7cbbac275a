//! Runs the worker process for one document and enforces its limits.
//!
//! The worker is this same program started with [`WORKER_ARG`]. Its stdout and stderr are
//! drained on their own threads (a full pipe must never stall it), and the supervisor polls
//! for its exit until the time limit, when it kills it. Exits are read like this: a JSON answer
//! is the result; an abort after a failed allocation is the memory limit; anything else is a
//! crash. Stderr is only inspected for that one marker, never shown or logged.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use std::sync::{Arc, OnceLock};

use carryall_ocr::Tesseract;

use crate::clean::meaningful_chars;
use crate::worker::{Job, PARENT_ENV, Request, Response, WORKER_ARG};
use crate::{ExtractError, Extraction, InputKind, MIN_MEANINGFUL_CHARS, TextSource};

/// Why a document has no text when OCR read it and found almost no words.
pub const NO_WORDS_FROM_OCR: &str = "no text found: OCR found almost no words (the pages may be \
     blank, or the scan too faint or blurred)";

/// Why a PDF has no text when its text layer holds almost none and OCR was not needed.
pub const NO_TEXT_IN_PDF: &str = "no text found: the PDF's pages hold almost no text";

/// How often a running worker is checked on.
const POLL: Duration = Duration::from_millis(10);
/// A worker's answer larger than this is refused (no honest document's text is this long).
const MAX_ANSWER: u64 = 256 * 1024 * 1024;

/// Languages OCR reads, where their data is installed.
const OCR_LANGUAGES: [&str; 2] = ["eng", "hin"];
/// At most this many pages of one document are read by OCR (a long scan's first pages hold
/// what a reviewer looks for first; the rest stay in the packet as images).
const MAX_OCR_PAGES: usize = 100;

/// The limits one extraction runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time for reading one document's text layer.
    pub time: Duration,
    /// Wall-clock time added for each page read by OCR.
    pub ocr_page_time: Duration,
    /// Address space of the worker process, in bytes (Linux only).
    pub memory: u64,
    /// Pages of one document read at the same time.
    pub threads: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            time: Duration::from_secs(20),
            ocr_page_time: Duration::from_secs(60),
            memory: 1024 * 1024 * 1024,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(4)),
        }
    }
}

/// Reads documents' text in worker processes.
#[derive(Debug, Clone)]
pub struct Extractor {
    program: PathBuf,
    limits: Limits,
    scratch: PathBuf,
    /// The OCR languages installed, found once (`None` inside: Tesseract is absent).
    languages: Arc<OnceLock<Result<Vec<String>, ExtractError>>>,
}

impl Extractor {
    /// An extractor whose workers are this very program (which must call
    /// [`crate::run_worker_if_requested`] at the start of `main`). OCR page images are
    /// written under `scratch`, in a folder per document removed when it is done.
    pub fn this_program(limits: Limits, scratch: &Path) -> Result<Extractor, ExtractError> {
        let program = std::env::current_exe()
            .map_err(|error| ExtractError::WorkerUnavailable(error.kind().to_string()))?;
        Ok(Extractor::with_program(program, limits, scratch))
    }

    /// An extractor whose workers are `program` (a Carryall binary), e.g. in tests.
    pub fn with_program(program: PathBuf, limits: Limits, scratch: &Path) -> Extractor {
        Extractor {
            program,
            limits,
            scratch: scratch.to_owned(),
            languages: Arc::default(),
        }
    }

    /// The limits workers run under.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The same extractor under other limits.
    pub fn with_limits(&self, limits: Limits) -> Extractor {
        Extractor {
            limits,
            ..self.clone()
        }
    }

    /// Reads one stored document: a PDF's text layer, then OCR for pages without one; a
    /// photo by OCR. A document with (next to) no text comes back with `source` `None` and
    /// the reason in `no_text`.
    pub fn extract(&self, path: &Path, kind: InputKind) -> Result<Extraction, ExtractError> {
        let mut layer = match kind {
            InputKind::Pdf => self.run(path, kind, Job::TextLayer, self.limits.time)?,
            InputKind::Image => Extraction {
                source: TextSource::None,
                pages: Vec::new(),
                ocr_confidence: None,
                no_text: None,
                needs_ocr: vec![1],
            },
        };
        let needs_ocr = std::mem::take(&mut layer.needs_ocr);
        let ocr = (!needs_ocr.is_empty()).then(|| self.ocr(path, kind, &needs_ocr));
        Ok(combine(layer, ocr))
    }

    fn ocr(&self, path: &Path, kind: InputKind, pages: &[u32]) -> Result<Extraction, ExtractError> {
        let languages = self.languages.get_or_init(installed_languages).clone()?;
        let pages = &pages[..pages.len().min(MAX_OCR_PAGES)];
        std::fs::create_dir_all(&self.scratch)
            .map_err(|error| ExtractError::Unreadable(error.kind().to_string()))?;
        let scratch = tempfile::Builder::new()
            .prefix("ocr-")
            .tempdir_in(&self.scratch)
            .map_err(|error| ExtractError::Unreadable(error.kind().to_string()))?;
        let rounds = pages.len().div_ceil(self.limits.threads.max(1)) as u32;
        let time = self.limits.time + self.limits.ocr_page_time * rounds;
        let job = Job::Ocr {
            pages: pages.to_vec(),
            languages,
            page_time: self.limits.ocr_page_time,
            scratch: scratch.path().to_owned(),
        };
        self.run(path, kind, job, time)
    }

    /// Runs one job in a worker process under `time`.
    fn run(
        &self,
        path: &Path,
        kind: InputKind,
        job: Job,
        time: Duration,
    ) -> Result<Extraction, ExtractError> {
        let request = Request {
            path: path.to_owned(),
            kind,
            job,
            memory_limit: self.limits.memory,
            threads: self.limits.threads,
        };
        let request = serde_json::to_vec(&request)
            .map_err(|error| ExtractError::WorkerUnavailable(error.to_string()))?;
        let mut command = Command::new(&self.program);
        command
            .arg(WORKER_ARG)
            .env(PARENT_ENV, std::process::id().to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Its own process group, which the OCR programs it starts join: ending the group
        // ends them all (see `wait`).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .map_err(|error| ExtractError::WorkerUnavailable(error.kind().to_string()))?;
        let stdout = drain(child.stdout.take(), MAX_ANSWER);
        let stderr = drain(child.stderr.take(), 64 * 1024);
        if let Some(mut stdin) = child.stdin.take() {
            // A worker that exits before reading its request is judged by its exit below.
            let _ = stdin.write_all(&request);
        }
        let exited = wait(&mut child, time);
        let answer = stdout.join().unwrap_or_default();
        let complaints = stderr.join().unwrap_or_default();
        let Some(status) = exited else {
            return Err(ExtractError::TimedOut {
                seconds: time.as_secs(),
            });
        };
        if status.success() {
            return match serde_json::from_slice::<Response>(&answer) {
                Ok(Response::Done(extraction)) => Ok(extraction),
                Ok(Response::Failed(error)) => Err(error),
                Err(_) => Err(ExtractError::Crashed),
            };
        }
        if ran_out_of_memory(&complaints) {
            return Err(ExtractError::TooMuchMemory {
                limit_mib: self.limits.memory / (1024 * 1024),
            });
        }
        Err(ExtractError::Crashed)
    }
}

/// The OCR languages Carryall wants that Tesseract has.
fn installed_languages() -> Result<Vec<String>, ExtractError> {
    let tesseract = Tesseract::find().map_err(|_| ExtractError::OcrNotInstalled)?;
    let installed = tesseract
        .languages()
        .map_err(|error| ExtractError::Ocr(error.to_string()))?;
    let wanted: Vec<String> = OCR_LANGUAGES
        .iter()
        .filter(|language| installed.iter().any(|have| have == *language))
        .map(|language| (*language).to_owned())
        .collect();
    if wanted.is_empty() {
        return Err(ExtractError::Ocr(
            "no OCR language data for English is installed".to_owned(),
        ));
    }
    Ok(wanted)
}

/// The text layer with the OCR'd pages put in, judged as a whole.
fn combine(mut layer: Extraction, ocr: Option<Result<Extraction, ExtractError>>) -> Extraction {
    let mut ocr_error = None;
    match ocr {
        Some(Ok(read)) => {
            layer.ocr_confidence = read.ocr_confidence;
            for page in read.pages {
                match layer.pages.iter_mut().find(|p| p.number == page.number) {
                    Some(slot) => *slot = page,
                    None => layer.pages.push(page),
                }
            }
        }
        Some(Err(error)) => ocr_error = Some(error),
        None => {}
    }
    let from_ocr = layer
        .pages
        .iter()
        .any(|page| page.from_ocr && meaningful_chars(&page.text) > 0);
    if layer.meaningful_chars() >= MIN_MEANINGFUL_CHARS {
        layer.source = if from_ocr {
            TextSource::Ocr
        } else {
            TextSource::Pdf
        };
        return layer;
    }
    let why = match ocr_error {
        Some(error) => error.to_string(),
        None if from_ocr || layer.pages.iter().any(|page| page.from_ocr) => {
            NO_WORDS_FROM_OCR.to_owned()
        }
        None => NO_TEXT_IN_PDF.to_owned(),
    };
    Extraction {
        source: TextSource::None,
        pages: Vec::new(),
        ocr_confidence: None,
        no_text: Some(why),
        needs_ocr: Vec::new(),
    }
}

/// Reads a pipe to its end on a thread, keeping at most `limit` bytes.
fn drain<R: Read + Send + 'static>(pipe: Option<R>, limit: u64) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        if let Some(pipe) = pipe {
            let mut limited = pipe.take(limit);
            let _ = limited.read_to_end(&mut kept);
            // Keep draining past the limit so the worker is never blocked on a full pipe.
            let _ = std::io::copy(&mut limited.into_inner(), &mut std::io::sink());
        }
        kept
    })
}

/// Waits for the child until `limit`; kills it (and reaps it) when the time is up.
fn wait(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL),
            _ => {
                end_with_its_programs(child);
                let _ = child.wait();
                return None;
            }
        }
    }
}

/// Kills a worker past its time limit together with the OCR programs it started (they share
/// its process group), so none runs on after the worker.
#[cfg(unix)]
fn end_with_its_programs(worker: &mut Child) {
    use rustix::process::{Pid, Signal, kill_process_group};
    // Fails only when the group has already ended.
    let _ = kill_process_group(Pid::from_child(worker), Signal::KILL);
}

#[cfg(not(unix))]
fn end_with_its_programs(worker: &mut Child) {
    // Fails only when the worker has just exited; `wait` reaps it either way.
    let _ = worker.kill();
}

/// Rust's allocation-failure message, printed just before the abort.
fn ran_out_of_memory(stderr: &[u8]) -> bool {
    stderr
        .windows(b"memory allocation".len())
        .any(|window| window == b"memory allocation")
}
