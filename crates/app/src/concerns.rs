//! A case's concerns: what worries the person, each in their own words ("keeping my hair",
//! "my work", "already started chemo"). The question rules match them, and a question
//! suggested because of one says so.

use carryall_domain::Id;
use carryall_domain::case::{concern_text, same_concern};
use carryall_store::ConcernRow;
use chrono::Utc;

use crate::{AppError, Carryall, new_id};

impl Carryall {
    /// The case's concerns, in the order they were given.
    pub fn concerns(&self, case_id: &str) -> Result<Vec<ConcernRow>, AppError> {
        let case = self.case(case_id)?;
        Ok(self.store().concerns(&case.id)?)
    }

    /// Adds a concern at the end of the case's list; one the case has already (ignoring case
    /// and spacing) is not added twice. Returns the list.
    pub fn add_concern(&self, case_id: &str, text: &str) -> Result<Vec<ConcernRow>, AppError> {
        let case = self.case(case_id)?;
        let text = concern_text(text)?;
        let mut store = self.store();
        if !store
            .concerns(&case.id)?
            .iter()
            .any(|kept| same_concern(&kept.text, &text))
        {
            let concern = ConcernRow {
                id: new_id()?,
                text,
            };
            store.add_concern(&case.id, &concern, self.actor.name(), Utc::now())?;
        }
        Ok(store.concerns(&case.id)?)
    }

    /// Removes one of the case's concerns. Returns the list.
    pub fn remove_concern(
        &self,
        case_id: &str,
        concern_id: &str,
    ) -> Result<Vec<ConcernRow>, AppError> {
        let case = self.case(case_id)?;
        let no_such = || AppError::NoSuchConcern(concern_id.trim().to_owned());
        let id = Id::parse(concern_id).map_err(|_| no_such())?;
        let mut store = self.store();
        let removed = store.remove_concern(&case.id, &id, self.actor.name(), Utc::now());
        removed.map_err(|e| match e {
            carryall_store::StoreError::NotFound => no_such(),
            other => other.into(),
        })?;
        Ok(store.concerns(&case.id)?)
    }
}

#[cfg(test)]
mod tests {
    use carryall_domain::CaseForm;

    use crate::{Actor, Carryall, ErrorCode};

    #[test]
    fn concerns_given_with_the_case_are_kept_added_to_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(&dir.path().join("data"), Actor::Cli).unwrap();
        let given = ["fertility".to_owned(), "my work".to_owned()];
        let form = CaseForm {
            patient_name: "Test Person",
            concerns: &given,
            ..CaseForm::default()
        };
        let case = app.create_case(&form).unwrap().id.to_string();
        let texts = |list: &[carryall_store::ConcernRow]| -> Vec<String> {
            list.iter().map(|c| c.text.clone()).collect()
        };
        assert_eq!(texts(&app.concerns(&case).unwrap()), given);

        let added = app.add_concern(&case, "  keeping my hair ").unwrap();
        assert_eq!(texts(&added), ["fertility", "my work", "keeping my hair"]);
        let again = app.add_concern(&case, "Keeping my HAIR").unwrap();
        assert_eq!(again, added, "the same concern is not added twice");

        let removed = app.remove_concern(&case, added[0].id.as_str()).unwrap();
        assert_eq!(texts(&removed), ["my work", "keeping my hair"]);

        let err = app.add_concern(&case, "   ").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert_eq!(err.to_string(), "Please fill in the concern.");
        let err = app.remove_concern(&case, added[0].id.as_str()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
        let err = app.remove_concern(&case, "not an id").unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
        let err = app.concerns("NOSUCHCASE00").unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
    }
}
