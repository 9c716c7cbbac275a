//! `carryall add` and `carryall docs`: import files into a case, and list its documents.

use std::io::{IsTerminal, Write};
use std::sync::atomic::AtomicBool;

use carryall_app::discs::SEVERAL_PATIENTS_WARNING;
use carryall_app::domain::{Category, Document};
use carryall_app::import::{FileOutcome, FileResult, ImportOptions, Progress};
use carryall_app::reading::ReadProgress;
use carryall_app::store::{DiscOverview, Reading};
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::args::Add;
use crate::output::Report;

/// Imports the given files and folders; exits 1 when any file was refused (after importing
/// the rest).
pub fn add(app: &Carryall, add: &Add, human: bool) -> Result<Report, AppError> {
    let options = ImportOptions {
        max_file_size: add.max_file_size,
        category: add.category,
    };
    let show_progress = human && std::io::stderr().is_terminal();
    let mut on_progress = |p: &Progress, _: Option<&FileResult>| {
        if show_progress {
            print_progress(p);
        }
    };
    let report = app.import(
        &add.case,
        &add.paths,
        &options,
        &mut on_progress,
        &AtomicBool::new(false),
    )?;
    let mut on_reading = |p: &ReadProgress| {
        if show_progress {
            print_reading(p);
        }
    };
    // The files are stored by now: when reading them fails (a full disk, say), the results
    // are still shown, not hidden behind an error that says nothing was changed.
    let reading = app.read_documents(&add.case, &mut on_reading, &AtomicBool::new(false));
    if show_progress {
        eprint!("\r\x1b[K");
    }
    let results: Vec<AddResult> = report.results.iter().map(AddResult::from).collect();
    let mut text = add_text(&results);
    let (read, without_text, reading_error) = match reading {
        Ok(reading) => (reading.read, reading.without_text, None),
        Err(error) => (0, 0, Some(error.to_string())),
    };
    if without_text > 0 {
        text.push_str(&format!(
            "{without_text} document(s) have no text Carryall could read; see `carryall docs {}`.\n",
            add.case
        ));
    }
    if let Some(error) = &reading_error {
        text.push_str(&format!(
            "The files imported above are stored, but reading them failed: {error} Read them later with: carryall read {}\n",
            add.case
        ));
    }
    let failed = report.any_rejected() || reading_error.is_some();
    let json = AddJson {
        results,
        cancelled: report.cancelled,
        read,
        without_text,
        reading_error,
    };
    let report_out = Report::new(text, &json);
    Ok(if failed {
        report_out.failed()
    } else {
        report_out
    })
}

fn print_progress(p: &Progress) {
    let percent = (p.bytes_done * 100)
        .checked_div(p.bytes_total)
        .unwrap_or(100);
    let name = p
        .current
        .as_deref()
        .and_then(|path| path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "\r\x1b[KImporting {} of {} ({percent}%) {name}",
        (p.files_done + 1).min(p.files_total),
        p.files_total
    );
    let _ = err.flush();
}

fn print_reading(p: &ReadProgress) {
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "\r\x1b[KReading documents: {} of {} done",
        p.done, p.total
    );
    let _ = err.flush();
}

#[derive(Serialize)]
struct AddJson {
    results: Vec<AddResult>,
    cancelled: bool,
    /// Documents read after the import (text, category, facts).
    read: usize,
    /// Of those, how many have no usable text.
    without_text: usize,
    /// Why reading failed after the files were stored (then `read` is 0), else null.
    reading_error: Option<String>,
}

/// One file's result, as `carryall add --json` prints it.
#[derive(Serialize)]
struct AddResult {
    path: String,
    status: &'static str,
    document_id: Option<String>,
    sha256: Option<String>,
    size: Option<u64>,
    media_type: Option<&'static str>,
    error: Option<String>,
}

impl From<&FileResult> for AddResult {
    fn from(result: &FileResult) -> AddResult {
        let path = result.path.to_string_lossy().into_owned();
        let with_document = |status, d: &Document| AddResult {
            path: path.clone(),
            status,
            document_id: Some(d.id.to_string()),
            sha256: Some(d.sha256.to_string()),
            size: Some(d.size),
            media_type: Some(d.media_type.mime()),
            error: None,
        };
        match &result.outcome {
            FileOutcome::Imported(d) => with_document("imported", d),
            FileOutcome::Duplicate(d) => with_document("duplicate", d),
            FileOutcome::Rejected(reason) => AddResult {
                path: path.clone(),
                status: "rejected",
                document_id: None,
                sha256: None,
                size: None,
                media_type: None,
                error: Some(reason.to_string()),
            },
        }
    }
}

fn add_text(results: &[AddResult]) -> String {
    let mut text = String::new();
    let mut counts = [0usize; 3];
    for r in results {
        let line = match r.status {
            "imported" => {
                counts[0] += 1;
                format!(
                    "imported   {} (document {})",
                    r.path,
                    r.document_id.as_deref().unwrap_or("")
                )
            }
            "duplicate" => {
                counts[1] += 1;
                format!(
                    "duplicate  {} (already in this case as document {})",
                    r.path,
                    r.document_id.as_deref().unwrap_or("")
                )
            }
            _ => {
                counts[2] += 1;
                format!(
                    "not added  {}: {}",
                    r.path,
                    r.error.as_deref().unwrap_or("")
                )
            }
        };
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&format!(
        "{} imported, {} already there, {} not added.\n",
        counts[0], counts[1], counts[2]
    ));
    text
}

/// Removes documents from a case, all or none checked first: an unknown id fails before any
/// document is removed.
pub fn remove(app: &Carryall, case: &str, documents: &[String]) -> Result<Report, AppError> {
    let known: Vec<String> = app
        .documents(case)?
        .iter()
        .map(|d| d.id.to_string())
        .collect();
    for id in documents {
        if !known.iter().any(|k| k.eq_ignore_ascii_case(id.trim())) {
            return Err(AppError::NoSuchDocument(id.trim().to_owned()));
        }
    }
    for id in documents {
        app.delete_document(case, id)?;
    }
    let text = format!("Removed {} document(s).\n", documents.len());
    Ok(Report::new(
        text,
        &serde_json::json!({ "removed": documents }),
    ))
}

/// Sets one document's category.
pub fn set_category(
    app: &Carryall,
    case: &str,
    document: &str,
    category: Category,
) -> Result<Report, AppError> {
    let changed = app.set_category(case, document, category.slug())?;
    let changed = DocumentJson::new(
        &changed.document,
        changed.reading.as_ref(),
        changed.disc.as_ref(),
    );
    let text = format!(
        "{} is now filed as: {}\n",
        changed.original_name, changed.category
    );
    Ok(Report::new(text, &changed))
}

/// Lists a case's documents.
pub fn list(app: &Carryall, case: &str) -> Result<Report, AppError> {
    let documents: Vec<DocumentJson> = app
        .documents_with_readings(case)?
        .iter()
        .map(|d| DocumentJson::new(&d.document, d.reading.as_ref(), d.disc.as_ref()))
        .collect();
    let mut text = String::new();
    if documents.is_empty() {
        text.push_str("No documents yet. Add some with: carryall add CASE FILE_OR_FOLDER...\n");
    }
    for d in &documents {
        // A disc's own content is its manifest; a person wants the size of the disc.
        let size = d.disc.as_ref().map_or(d.size, |disc| disc.bytes);
        text.push_str(&format!(
            "{}  {:<18}  {:>10}  {}\n",
            d.id,
            d.category,
            carryall_app::import::human_size(size),
            d.original_name
        ));
        if let Some(disc) = &d.disc {
            text.push_str(&disc_text(disc));
        }
    }
    Ok(Report::new(text, &DocumentsJson { documents }))
}

#[derive(Serialize)]
struct DocumentsJson {
    documents: Vec<DocumentJson>,
}

/// A document as `carryall docs --json` prints it.
#[derive(Serialize)]
struct DocumentJson {
    id: String,
    original_name: String,
    sha256: String,
    size: u64,
    media_type: &'static str,
    category: &'static str,
    category_source: &'static str,
    category_confidence: Option<f64>,
    document_date: Option<String>,
    modified_at: Option<String>,
    imported_at: String,
    /// `pdf`, `ocr` or `none`; null until read.
    text_source: Option<String>,
    /// Why there is no text.
    text_error: Option<String>,
    ocr_confidence: Option<f64>,
    /// The words that decided a detected category.
    category_evidence: Vec<String>,
    /// The document date could also be read with day and month swapped.
    date_ambiguous: bool,
    facts: Vec<FactJson>,
    /// What a scan disc holds; only on scan discs.
    #[serde(skip_serializing_if = "Option::is_none")]
    disc: Option<DiscJson>,
}

/// A scan disc's files and what its DICOM headers say.
#[derive(Serialize)]
struct DiscJson {
    files: u64,
    bytes: u64,
    /// Image files whose headers could not be read (still stored).
    unreadable_files: u64,
    /// Files the disc's index names that are not on it.
    missing_files: u64,
    /// Why the disc's index could not be read, when it could not.
    problem: Option<String>,
    /// The patients the disc names, for display.
    patients: Vec<String>,
    multiple_patients: bool,
    /// The plain-language warning shown when the disc holds several patients.
    warning: Option<&'static str>,
    studies: Vec<StudyJson>,
}

#[derive(Serialize)]
struct StudyJson {
    patient_name: String,
    study_date: Option<String>,
    modalities: Vec<String>,
    description: Option<String>,
    /// The series' body parts, each once, joined by commas.
    body_part: Option<String>,
    images: u64,
    series: Vec<SeriesJson>,
}

#[derive(Serialize)]
struct SeriesJson {
    modality: Option<String>,
    description: Option<String>,
    body_part: Option<String>,
    images: u64,
}

impl DiscJson {
    fn new(disc: &DiscOverview) -> DiscJson {
        let reading = disc.reading.clone().unwrap_or_default();
        let multiple_patients = reading.patients.len() > 1;
        DiscJson {
            files: disc.files,
            bytes: disc.bytes,
            unreadable_files: reading.unreadable_files,
            missing_files: reading.missing_files,
            problem: reading.problem,
            patients: reading.patients.into_iter().map(|p| p.name).collect(),
            multiple_patients,
            warning: multiple_patients.then_some(SEVERAL_PATIENTS_WARNING),
            studies: reading
                .studies
                .iter()
                .map(|study| {
                    let body_parts = study.body_parts();
                    StudyJson {
                        patient_name: study.patient_name.clone(),
                        study_date: study.date.map(|d| d.to_string()),
                        modalities: study.modalities().into_iter().map(str::to_owned).collect(),
                        description: study.description.clone(),
                        body_part: (!body_parts.is_empty()).then(|| body_parts.join(", ")),
                        images: study.images(),
                        series: study
                            .series
                            .iter()
                            .map(|series| SeriesJson {
                                modality: series.modality.clone(),
                                description: series.description.clone(),
                                body_part: series.body_part.clone(),
                                images: series.images,
                            })
                            .collect(),
                    }
                })
                .collect(),
        }
    }
}

/// The short lines under a disc in `carryall docs`.
fn disc_text(disc: &DiscJson) -> String {
    let images: u64 = disc.studies.iter().map(|s| s.images).sum();
    let mut line = format!(
        "    scan disc: {} files, {} studies, {images} images",
        disc.files,
        disc.studies.len()
    );
    if !disc.patients.is_empty() {
        line.push_str(&format!("; patient: {}", disc.patients.join(", ")));
    }
    if disc.unreadable_files > 0 {
        line.push_str(&format!(
            "; {} file(s) could not be read",
            disc.unreadable_files
        ));
    }
    line.push('\n');
    if let Some(warning) = disc.warning {
        line.push_str(&format!("    WARNING: {warning}\n"));
    }
    if let Some(problem) = &disc.problem {
        line.push_str(&format!("    {problem}\n"));
    }
    line
}

/// A key fact, with the page and words it came from.
#[derive(Serialize)]
struct FactJson {
    name: String,
    value: String,
    page: Option<u32>,
    snippet: String,
}

impl DocumentJson {
    fn new(d: &Document, reading: Option<&Reading>, disc: Option<&DiscOverview>) -> DocumentJson {
        let reading = reading.cloned().unwrap_or_default();
        DocumentJson {
            id: d.id.to_string(),
            original_name: d.original_name.clone(),
            sha256: d.sha256.to_string(),
            size: d.size,
            media_type: d.media_type.mime(),
            category: d.category.slug(),
            category_source: d.category_source.slug(),
            category_confidence: d.category_confidence,
            document_date: d.document_date.map(|day| day.to_string()),
            modified_at: d.modified_at.map(|t| t.to_rfc3339()),
            imported_at: d.imported_at.to_rfc3339(),
            text_source: reading.text_source,
            text_error: reading.text_error,
            ocr_confidence: reading.ocr_confidence,
            category_evidence: reading.category_evidence,
            date_ambiguous: reading.date_ambiguous,
            facts: reading
                .facts
                .into_iter()
                .map(|f| FactJson {
                    name: f.name,
                    value: f.value,
                    page: f.page,
                    snippet: f.snippet,
                })
                .collect(),
            disc: disc.map(DiscJson::new),
        }
    }
}
