//! `carryall export` and `carryall verify`: write a case's packet, check any packet.

use std::path::Path;

use carryall_app::export::{
    DEFAULT_SIZE_LIMITS, Exported, LimitKind, SizeLimit, human_size, read_password_file,
    verify_packet,
};
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::output::Report;

/// Writes the packet and its `.sha256` file (with `discs_apart`, the scan discs in a second
/// packet beside it), warning when a packet is over `warn_sizes` (bytes; the default limits
/// when none are given).
pub fn export(
    app: &Carryall,
    case: &str,
    out: &Path,
    password_file: Option<&Path>,
    warn_sizes: &[u64],
    discs_apart: bool,
) -> Result<Report, AppError> {
    let password = password_file.map(read_password_file).transpose()?;
    let limits: Vec<SizeLimit> = if warn_sizes.is_empty() {
        DEFAULT_SIZE_LIMITS.to_vec()
    } else {
        warn_sizes
            .iter()
            .map(|&bytes| SizeLimit {
                kind: LimitKind::Custom,
                bytes,
            })
            .collect()
    };
    let (main, discs) = if discs_apart {
        let split = app.export_discs_apart(case, out, password.as_deref(), &limits)?;
        (split.documents, split.discs)
    } else {
        let exported = app.export_with_limits(case, out, password.as_deref(), &limits)?;
        (exported, None)
    };
    let main = PartJson::new(&main, "documents");
    let discs = discs.map(|d| PartJson::new(&d, "scan_discs"));
    let mut text = part_text(&main, "documents");
    match &discs {
        Some(discs) => {
            text.push_str(&part_text(discs, "scan discs"));
            text.push_str(
                "The scan discs are in the second packet; send both. Each packet names the other.\n",
            );
        }
        None if discs_apart => {
            text.push_str("This case has no scan discs, so it is all in one packet.\n");
        }
        None => {}
    }
    let json = ExportJson {
        path: main.path.clone(),
        sha256: main.sha256.clone(),
        bytes: main.bytes,
        documents: main.documents,
        size: main.size.clone(),
        warnings: main.warnings.clone(),
        parts: std::iter::once(main).chain(discs).collect(),
    };
    Ok(Report::new(text, &json))
}

/// What people read about one packet written: where, its size, its SHA-256, its warnings.
fn part_text(part: &PartJson, what: &str) -> String {
    let grouped: Vec<&str> = part
        .sha256
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    let mut text = format!(
        "Wrote {} ({} {what}, {}: {} bytes).\nSHA-256: {}\nThe same value is in {}.sha256; check with: sha256sum -c {}.sha256\n",
        part.path,
        part.documents,
        part.size,
        part.bytes,
        grouped.join(" "),
        part.path,
        part.path,
    );
    for warning in &part.warnings {
        text.push_str(&format!("WARNING  {}\n", warning.message));
    }
    text
}

#[derive(Serialize)]
struct ExportJson {
    path: String,
    sha256: String,
    bytes: u64,
    documents: usize,
    /// The size for people, e.g. "31.2 MB".
    size: String,
    warnings: Vec<WarningJson>,
    /// Every packet written: the one above, then the scan discs' when they were put apart.
    parts: Vec<PartJson>,
}

/// One packet written.
#[derive(Serialize)]
struct PartJson {
    path: String,
    sha256: String,
    bytes: u64,
    documents: usize,
    size: String,
    /// `documents` (everything, unless the scan discs were put apart) or `scan_discs`.
    holds: &'static str,
    warnings: Vec<WarningJson>,
}

impl PartJson {
    fn new(exported: &Exported, holds: &'static str) -> PartJson {
        PartJson {
            path: exported.path.to_string_lossy().into_owned(),
            sha256: exported.sha256.to_string(),
            bytes: exported.bytes,
            documents: exported.documents,
            size: human_size(exported.bytes),
            holds,
            warnings: exported
                .warnings
                .iter()
                .map(|w| WarningJson {
                    kind: w.limit.kind.slug(),
                    limit_bytes: w.limit.bytes,
                    message: w.message.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, Clone)]
struct WarningJson {
    /// `email`, `upload_portal` or `custom`.
    kind: &'static str,
    limit_bytes: u64,
    message: String,
}

/// Checks a packet; exits 1 with every problem listed when it is not intact.
pub fn verify(packet: &Path, password_file: Option<&Path>) -> Result<Report, AppError> {
    let password = password_file.map(read_password_file).transpose()?;
    let check = verify_packet(packet, password.as_deref())?;
    let mut problems: Vec<ProblemJson> = check
        .problems
        .iter()
        .map(|p| ProblemJson {
            path: p.path.clone(),
            problem: p.problem.clone(),
        })
        .collect();
    if check.sidecar_matches == Some(false) {
        problems.push(ProblemJson {
            path: format!("{}.sha256", packet.display()),
            problem: "the packet's SHA-256 does not match the value in its .sha256 file".into(),
        });
    }
    let mut text = String::new();
    for p in &problems {
        let path = if p.path.is_empty() {
            "packet"
        } else {
            p.path.as_str()
        };
        text.push_str(&format!("PROBLEM  {path}: {}\n", p.problem));
    }
    text.push_str(&if check.is_ok() {
        format!(
            "The packet is intact: {} files match their manifests.\n",
            check.files_checked
        )
    } else {
        format!(
            "The packet has {} problem(s); do not rely on it until it is sent again.\n",
            problems.len()
        )
    });
    let json = VerifyJson {
        ok: check.is_ok(),
        problems,
        files_checked: check.files_checked,
        sha256: check.sha256.to_string(),
        sidecar: check.sidecar_slug(),
    };
    let report = Report::new(text, &json);
    Ok(if check.is_ok() {
        report
    } else {
        report.failed()
    })
}

#[derive(Serialize)]
struct VerifyJson {
    ok: bool,
    problems: Vec<ProblemJson>,
    files_checked: usize,
    sha256: String,
    sidecar: &'static str,
}

#[derive(Serialize)]
struct ProblemJson {
    path: String,
    problem: String,
}
