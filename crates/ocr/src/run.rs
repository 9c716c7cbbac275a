//! Running Tesseract as a child process: one OpenMP thread, no standard input, output captured,
//! and killed when it runs past its time limit.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::OcrError;

/// How often a running child is checked for having exited.
const POLL_INTERVAL: Duration = Duration::from_millis(10);

/// The most output kept from one stream of the child (a page's TSV is tens of kilobytes).
const MAX_OUTPUT_BYTES: u64 = 64 * 1024 * 1024;

/// A child process that exited by itself, with what it wrote.
pub(crate) struct Finished {
    /// How it exited.
    pub status: ExitStatus,
    /// Its standard output.
    pub stdout: Vec<u8>,
    /// Its standard error, for recognising known failures; never shown as it is.
    pub stderr: Vec<u8>,
}

/// Runs `command` to its end, or kills it once `limit` has passed. OpenMP is held to one thread:
/// its default of one thread per core made a two-page scan about four times slower on two cores,
/// so parallelism belongs to the caller (pages or documents side by side).
pub(crate) fn run_with_limit(mut command: Command, limit: Duration) -> Result<Finished, OcrError> {
    command
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|error| match error.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied => OcrError::NotInstalled,
        _ => OcrError::Io(error),
    })?;
    let stdout = collect(child.stdout.take());
    let stderr = collect(child.stderr.take());
    let waited = wait_until(&mut child, Instant::now() + limit);
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    match waited? {
        Some(status) => Ok(Finished {
            status,
            stdout,
            stderr,
        }),
        None => Err(OcrError::TimedOut { limit }),
    }
}

/// Waits for the child to exit until `deadline`; past it, kills and reaps the child and gives `None`.
fn wait_until(child: &mut Child, deadline: Instant) -> Result<Option<ExitStatus>, OcrError> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let now = Instant::now();
        if now >= deadline {
            // Kill fails only when the child has just exited; either way `wait` reaps it.
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        thread::sleep(POLL_INTERVAL.min(deadline - now));
    }
}

/// Reads a child's output pipe to its end on a thread of its own, so a full pipe never blocks the child.
fn collect(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut output = Vec::new();
        if let Some(pipe) = pipe {
            // A read error leaves what was read; the exit status tells whether the run failed.
            let _ = pipe.take(MAX_OUTPUT_BYTES).read_to_end(&mut output);
        }
        output
    })
}
