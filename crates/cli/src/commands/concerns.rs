//! `carryall concerns`: what worries the person about the case, in their own words; the
//! questions for the specialist are tailored to them.

use carryall_app::store::ConcernRow;
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::args::ConcernsArgs;
use crate::output::Report;

/// Makes the one change asked for, if any, then shows the case's concerns.
pub fn run(app: &Carryall, args: &ConcernsArgs) -> Result<Report, AppError> {
    let case = args.case.as_str();
    let list = if let Some(text) = &args.add {
        app.add_concern(case, text)?
    } else if let Some(id) = &args.remove {
        app.remove_concern(case, id)?
    } else {
        app.concerns(case)?
    };
    let concerns: Vec<ConcernJson> = list
        .iter()
        .map(|concern| ConcernJson {
            id: concern.id.to_string(),
            text: &concern.text,
        })
        .collect();
    Ok(Report::new(
        concerns_text(&list),
        &ConcernsJson { concerns },
    ))
}

fn concerns_text(list: &[ConcernRow]) -> String {
    if list.is_empty() {
        return "No concerns listed. Add one in your own words with: carryall concerns CASE --add \"...\"\n"
            .to_owned();
    }
    let mut text = String::new();
    for concern in list {
        text.push_str(&format!("{}  {}\n", concern.id, concern.text));
    }
    text
}

#[derive(Serialize)]
struct ConcernsJson<'a> {
    concerns: Vec<ConcernJson<'a>>,
}

#[derive(Serialize)]
struct ConcernJson<'a> {
    id: String,
    text: &'a str,
}
