//! Timing commands and reading their peak memory.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// One timed run of a command.
pub struct Run {
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Peak resident memory in bytes (VmHWM), sampled until the process exits.
    pub peak_rss: u64,
}

/// Runs `command` to completion, sampling its peak memory from `/proc`; fails on a non-zero
/// exit.
pub fn run(command: &mut Command) -> Result<Run, String> {
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let status_file = Path::new("/proc")
        .join(child.id().to_string())
        .join("status");
    let mut peak_rss = 0;
    let status = loop {
        if let Some(hwm) = read_vm_hwm(&status_file) {
            peak_rss = peak_rss.max(hwm);
        }
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None => std::thread::sleep(Duration::from_millis(2)),
        }
    };
    let elapsed = started.elapsed();
    if !status.success() {
        return Err(format!("{command:?} failed: {status}"));
    }
    Ok(Run { elapsed, peak_rss })
}

/// The peak resident memory (VmHWM) in a `/proc/<pid>/status` file, in bytes, if readable.
pub fn read_vm_hwm(status_file: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(status_file).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The median of some durations.
pub fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// Seconds with millisecond precision.
pub fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// Bytes in MiB with one decimal.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1048576.0)
}

/// How many times `b` fits in `a`.
pub fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
