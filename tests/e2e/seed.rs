//! What the newer end-to-end tests put in a data directory before the app starts, and where
//! their fixtures are.

use std::path::Path;

use carryall_app::domain::CaseForm;
use carryall_app::{Actor, Carryall};

/// Creates a case for `patient_name` (breast cancer) in the data directory `dir` and returns
/// its id.
pub fn case(dir: &Path, patient_name: &str) -> String {
    let carryall = Carryall::open(dir, Actor::Cli).expect("the seed data dir opens");
    let form = CaseForm {
        patient_name,
        cancer_type: Some("breast"),
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
