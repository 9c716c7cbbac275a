//! What the newer end-to-end tests put in a data directory before the app starts, and where
//! their fixtures are.

use std::path::Path;

use carryall_app::domain::CaseForm;
use carryall_app::{Actor, Carryall};

/// Creates a case for `patient_name` (breast cancer) in the data directory `dir` and returns
/// its id.
pub fn case(dir: &Path, patient_name: &str) -> String {
    case_born(dir, patient_name, None)
}

/// Asha Verma's breast cancer case, with her date of birth (the case the case screen's and
/// the Hindi tests' fixtures belong to).
pub fn asha_verma(dir: &Path) {
    case_born(dir, "Asha Verma", Some("1972-03-14"));
}

/// [`case`], with a date of birth (YYYY-MM-DD) when given.
fn case_born(dir: &Path, patient_name: &str, date_of_birth: Option<&str>) -> String {
    let carryall = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
    let form = CaseForm {
        patient_name,
        cancer_type: Some("breast"),
        date_of_birth,
        ..CaseForm::default()
    };
    let case = carryall
        .create_case(&form)
        .expect("the seed case is created");
    case.id.to_string()
}

/// A fixture's path, from the repository root, as the test path box takes it.
pub fn fixture(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .to_str()
        .expect("a UTF-8 path")
        .to_owned()
}
