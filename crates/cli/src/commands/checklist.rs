//! `carryall checklist`: what the reviewer needs, what the case has, and what is missing.

use carryall_app::checklist::{ItemState, Mark};
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::args::ChecklistArgs;
use crate::output::Report;

/// Marks an item when asked to, then shows the checklist.
pub fn run(app: &Carryall, args: &ChecklistArgs) -> Result<Report, AppError> {
    if let Some(item) = &args.letter {
        let letter = app.request_letter(&args.case, item)?;
        let json = serde_json::json!({ "item": item.trim(), "letter": letter });
        return Ok(Report::new(letter, &json));
    }
    let mark = match (&args.requested, &args.not_applicable, &args.missing) {
        (Some(item), _, _) => Some((item, Mark::Requested(args.from.clone().unwrap_or_default()))),
        (_, Some(item), _) => Some((
            item,
            Mark::NotApplicable(args.reason.clone().unwrap_or_default()),
        )),
        (_, _, Some(item)) => Some((item, Mark::Missing)),
        _ => None,
    };
    if let Some((item, mark)) = mark {
        app.mark_checklist_item(&args.case, item, &mark)?;
    }
    let checklist = app.checklist(&args.case)?;
    let items: Vec<ItemJson> = checklist
        .items
        .iter()
        .map(|(item, state)| {
            let (documents, requested_from, requested_on, reason) = match state {
                ItemState::Have(ids) => (
                    ids.iter().map(|id| id.to_string()).collect(),
                    None,
                    None,
                    None,
                ),
                ItemState::Requested { from, on } => {
                    (vec![], Some(from.clone()), Some(on.to_string()), None)
                }
                ItemState::NotApplicable { reason } => (vec![], None, None, Some(reason.clone())),
                ItemState::Missing => (vec![], None, None, None),
            };
            ItemJson {
                id: item.id.clone(),
                title: item.title.clone(),
                required: item.required,
                state: state.slug(),
                documents,
                what: item.what.clone(),
                r#where: item.where_to_get.clone(),
                why: item.why.clone(),
                requested_from,
                requested_on,
                reason,
            }
        })
        .collect();
    let readiness = ReadinessJson {
        done: checklist.readiness.done,
        required: checklist.readiness.required,
    };
    let warnings: Vec<WarningJson> = checklist
        .warnings
        .iter()
        .map(|warning| WarningJson {
            kind: warning.kind.slug(),
            message: warning.message.clone(),
            documents: warning.documents.iter().map(|id| id.to_string()).collect(),
        })
        .collect();
    let mut text = checklist_text(&items, &readiness);
    text.push_str(&warnings_text(&warnings));
    Ok(Report::new(
        text,
        &ChecklistJson {
            items,
            readiness,
            warnings,
        },
    ))
}

/// The warnings under the checklist, each with the documents to look at (nothing if none).
fn warnings_text(warnings: &[WarningJson]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut text = format!("\nTo check before sending ({}):\n", warnings.len());
    for warning in warnings {
        text.push_str(&format!("[!] {}  [{}]\n", warning.message, warning.kind));
        if !warning.documents.is_empty() {
            text.push_str(&format!(
                "      document(s): {}\n",
                warning.documents.join(", ")
            ));
        }
    }
    text
}

fn checklist_text(items: &[ItemJson], readiness: &ReadinessJson) -> String {
    let mut text = format!(
        "Ready: {} of {} required records.\n\n",
        readiness.done, readiness.required
    );
    for item in items {
        let mark = match item.state {
            "have" => "[x]",
            "requested" => "[~]",
            "not_applicable" => "[-]",
            _ => "[ ]",
        };
        let required = if item.required { " (required)" } else { "" };
        text.push_str(&format!("{mark} {}{required}  [{}]\n", item.title, item.id));
        match item.state {
            "have" => text.push_str(&format!("      {} document(s)\n", item.documents.len())),
            "requested" => text.push_str(&format!(
                "      asked for from {} on {}\n",
                item.requested_from.as_deref().unwrap_or(""),
                item.requested_on.as_deref().unwrap_or("")
            )),
            "not_applicable" => text.push_str(&format!(
                "      does not apply: {}\n",
                item.reason.as_deref().unwrap_or("")
            )),
            _ => text.push_str(&format!(
                "      why: {}\n      where: {}\n",
                item.why, item.r#where
            )),
        }
    }
    text
}

#[derive(Serialize)]
struct ChecklistJson {
    items: Vec<ItemJson>,
    readiness: ReadinessJson,
    warnings: Vec<WarningJson>,
}

#[derive(Serialize)]
struct WarningJson {
    kind: &'static str,
    message: String,
    documents: Vec<String>,
}

#[derive(Serialize)]
struct ReadinessJson {
    done: usize,
    required: usize,
}

#[derive(Serialize)]
struct ItemJson {
    id: String,
    title: String,
    required: bool,
    state: &'static str,
    documents: Vec<String>,
    what: String,
    r#where: String,
    why: String,
    requested_from: Option<String>,
    requested_on: Option<String>,
    reason: Option<String>,
}
