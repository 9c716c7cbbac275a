//! The shapes that cross the IPC boundary to the UI (mirrored in `ui/src/lib/api.ts`).
//!
//! Domain types are converted here, never serialised directly, so the UI contract can stay put
//! while the domain changes. Errors cross as `{code, message}`: the UI shows the message and
//! branches only on the code.

use carryall_app::AppError;
use carryall_app::domain::{Case, CaseForm};
use serde::{Deserialize, Serialize};

/// An error as the UI receives it.
#[derive(Debug, Clone, Serialize)]
pub struct WireError {
    code: &'static str,
    message: String,
}

impl From<AppError> for WireError {
    fn from(error: AppError) -> WireError {
        WireError {
            code: error.code().as_str(),
            message: error.to_string(),
        }
    }
}

/// A case's details, as the UI shows them and as its "new case" form sends them.
#[derive(Debug, Serialize, Deserialize)]
pub struct CaseDetails {
    patient_name: String,
    date_of_birth: Option<String>,
    /// In a [`CaseView`], the plain-language label; from the form, the words typed.
    cancer_type: Option<String>,
    reason: Option<String>,
    provider: Option<String>,
    appointment: Option<String>,
}

/// A stored case as the UI shows it.
#[derive(Debug, Serialize)]
pub struct CaseView {
    id: String,
    #[serde(flatten)]
    details: CaseDetails,
    status: &'static str,
    created_at: String,
}

impl From<&Case> for CaseView {
    fn from(case: &Case) -> CaseView {
        CaseView {
            id: case.id.to_string(),
            details: CaseDetails {
                patient_name: case.patient.name.clone(),
                date_of_birth: case.patient.date_of_birth.map(|d| d.to_string()),
                cancer_type: case.cancer_type.as_ref().map(|t| t.label().to_owned()),
                reason: case.reason.clone(),
                provider: case.provider.clone(),
                appointment: case.appointment.map(|d| d.to_string()),
            },
            status: case.status.slug(),
            created_at: case.created_at.to_rfc3339(),
        }
    }
}

impl CaseDetails {
    /// The details as the application API's form takes them.
    pub fn as_form(&self) -> CaseForm<'_> {
        CaseForm {
            patient_name: &self.patient_name,
            date_of_birth: self.date_of_birth.as_deref(),
            cancer_type: self.cancer_type.as_deref(),
            reason: self.reason.as_deref(),
            provider: self.provider.as_deref(),
            appointment: self.appointment.as_deref(),
        }
    }
}
