//! `carryall case ...`: start, list and show cases.

use carryall_app::domain::{Case, CaseForm};
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::args::{CaseCommand, NewCase};
use crate::output::Report;

/// Runs one `case` subcommand.
pub fn run(app: &Carryall, command: CaseCommand) -> Result<Report, AppError> {
    match command {
        CaseCommand::New(new) => create(app, &new),
        CaseCommand::List => {
            let cases: Vec<CaseJson> = app.list_cases()?.iter().map(CaseJson::from).collect();
            let text = cases_table(&cases);
            Ok(Report::new(text, &CasesJson { cases }))
        }
        CaseCommand::Delete { case } => {
            let id = app.case(&case)?.id.to_string();
            app.delete_case(&id)?;
            let text = format!("Deleted case {id} and all its documents.\n");
            Ok(Report::new(text, &serde_json::json!({ "deleted": id })))
        }
        CaseCommand::Show { case } => {
            let shown = CaseJson::from(&app.case(&case)?);
            let concerns = app.concerns(&shown.id)?;
            let mut text = case_text(&shown);
            if !concerns.is_empty() {
                text.push_str("  Concerns:\n");
                for concern in &concerns {
                    text.push_str(&format!("    {}\n", concern.text));
                }
            }
            let json = ShownCaseJson {
                case: shown,
                concerns: concerns.iter().map(|c| c.text.clone()).collect(),
            };
            Ok(Report::new(text, &json))
        }
    }
}

fn create(app: &Carryall, new: &NewCase) -> Result<Report, AppError> {
    let form = CaseForm {
        patient_name: &new.patient,
        date_of_birth: new.date_of_birth.as_deref(),
        cancer_type: new.cancer_type.as_deref(),
        reason: new.reason.as_deref(),
        provider: new.provider.as_deref(),
        appointment: new.appointment.as_deref(),
        concerns: &new.concerns,
    };
    let case = app.create_case(&form)?;
    let id = case.id.to_string();
    Ok(Report::new(format!("{id}\n"), &NewCaseJson { id: &id }))
}

#[derive(Serialize)]
struct NewCaseJson<'a> {
    id: &'a str,
}

/// `case show`: the case as `case list` gives it, with the person's concerns (in order; their
/// ids come with `carryall concerns CASE`).
#[derive(Serialize)]
struct ShownCaseJson {
    #[serde(flatten)]
    case: CaseJson,
    concerns: Vec<String>,
}

#[derive(Serialize)]
struct CasesJson {
    cases: Vec<CaseJson>,
}

/// A case as the CLI's JSON shows it.
#[derive(Serialize)]
struct CaseJson {
    id: String,
    patient: String,
    patient_id: String,
    date_of_birth: Option<String>,
    cancer_type: Option<String>,
    cancer_type_label: Option<String>,
    reason: Option<String>,
    provider: Option<String>,
    appointment: Option<String>,
    status: &'static str,
    created_at: String,
}

impl From<&Case> for CaseJson {
    fn from(case: &Case) -> CaseJson {
        CaseJson {
            id: case.id.to_string(),
            patient: case.patient.name.clone(),
            patient_id: case.patient.id.to_string(),
            date_of_birth: case.patient.date_of_birth.map(|d| d.to_string()),
            cancer_type: case.cancer_type.as_ref().map(|t| t.slug().to_owned()),
            cancer_type_label: case.cancer_type.as_ref().map(|t| t.label().to_owned()),
            reason: case.reason.clone(),
            provider: case.provider.clone(),
            appointment: case.appointment.map(|d| d.to_string()),
            status: case.status.slug(),
            created_at: case.created_at.to_rfc3339(),
        }
    }
}

fn cases_table(cases: &[CaseJson]) -> String {
    if cases.is_empty() {
        return "No cases yet. Start one with: carryall case new --patient \"NAME\"\n".to_owned();
    }
    let mut text = format!(
        "{:<12}  {:<10}  {:<28}  {}\n",
        "ID", "STARTED", "PATIENT", "CANCER TYPE"
    );
    for case in cases {
        text.push_str(&format!(
            "{:<12}  {:<10}  {:<28}  {}\n",
            case.id,
            &case.created_at[..10],
            case.patient,
            case.cancer_type_label.as_deref().unwrap_or("not given"),
        ));
    }
    text
}

fn case_text(case: &CaseJson) -> String {
    let field = |value: &Option<String>| value.clone().unwrap_or_else(|| "not given".to_owned());
    format!(
        "Case {}\n  Patient:       {}\n  Date of birth: {}\n  Cancer type:   {}\n  Reason:        {}\n  Provider:      {}\n  Appointment:   {}\n  Status:        {}\n  Started:       {}\n",
        case.id,
        case.patient,
        field(&case.date_of_birth),
        field(&case.cancer_type_label),
        field(&case.reason),
        field(&case.provider),
        field(&case.appointment),
        case.status,
        case.created_at,
    )
}
