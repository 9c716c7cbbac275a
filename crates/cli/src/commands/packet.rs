//! `carryall export` and `carryall verify`: write a case's packet, check any packet.

use std::path::Path;

use carryall_app::export::{
    DEFAULT_SIZE_LIMITS, LimitKind, SizeLimit, human_size, read_password_file, verify_packet,
};
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::output::Report;

/// Writes the packet and its `.sha256` file, warning when it is over `warn_sizes` (bytes;
/// the default limits when none are given).
pub fn export(
    app: &Carryall,
    case: &str,
    out: &Path,
    password_file: Option<&Path>,
    warn_sizes: &[u64],
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
    let exported = app.export_with_limits(case, out, password.as_deref(), &limits)?;
    let json = ExportJson {
        path: exported.path.to_string_lossy().into_owned(),
        sha256: exported.sha256.to_string(),
        bytes: exported.bytes,
        documents: exported.documents,
        size: human_size(exported.bytes),
        warnings: exported
            .warnings
            .iter()
            .map(|w| WarningJson {
                kind: w.limit.kind.slug(),
                limit_bytes: w.limit.bytes,
                message: w.message.clone(),
            })
            .collect(),
    };
    let grouped: Vec<&str> = json
        .sha256
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    let mut text = format!(
        "Wrote {} ({} documents, {}: {} bytes).\nSHA-256: {}\nThe same value is in {}.sha256; check with: sha256sum -c {}.sha256\n",
        json.path,
        json.documents,
        json.size,
        json.bytes,
        grouped.join(" "),
        json.path,
        json.path,
    );
    for warning in &json.warnings {
        text.push_str(&format!("WARNING  {}\n", warning.message));
    }
    Ok(Report::new(text, &json))
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
}

#[derive(Serialize)]
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
