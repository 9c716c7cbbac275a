//! The list of questions for the specialist: suggested from what the case's documents say,
//! then made the person's own (edited, reordered, removed, added to, up to five starred).
//!
//! [`Carryall::questions`] asks `carryall-questions` for suggestions from the case as it is
//! now and merges them into the stored list, so the list follows new documents while every
//! change the person made survives (the merge rules are in `carryall-store`'s `questions`
//! module: edited words, stars, removals and the person's own questions are kept).
//!
//! What the rules are told about the case:
//! - the cancer type set on the case (else the documents' own `cancer_type` fact decides);
//! - every fact read from the case's documents, with the document's name for the reasons;
//! - the checklist items still missing (not those asked for or marked as not applying);
//! - the person's concerns, as they listed them (`concerns`), matched as whole phrases
//!   ("already started chemo", "keeping my hair").
//!
//! The case's "what the second opinion is for" text is deliberately not a source of concerns:
//! it is usually a question about the treatment, and its words set off the wrong rules ("Will
//! the surgery work?" is not a worry about a job; "Is a cure possible?" is not asking how long
//! one has). Concerns have their own list so that what the person says worries them is what
//! the rules hear.
//!
//! Every change the person makes, and every regeneration that adds or drops questions, is in
//! the audit log by the question's id alone.

use std::collections::HashMap;

use carryall_checklist::State;
use carryall_domain::{Case, Id};
use carryall_questions::{CaseInput, FactInput, Suggestion, suggest};
use carryall_store::{QuestionRow, Starring, SuggestedQuestion};
use chrono::Utc;

use crate::{AppError, Carryall, new_id};

pub use carryall_questions::Message;

/// How many questions may be starred as most important.
pub const MAX_STARS: usize = 5;
/// The longest question a person may type, in characters.
pub const MAX_QUESTION_CHARS: usize = 1000;

/// One question of the list, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionView {
    /// The question's id.
    pub id: Id,
    /// Its place in the shown list, from 1.
    pub position: usize,
    /// The words.
    pub text: String,
    /// The same words as a catalogue key and values, for a front to show in the person's
    /// language; `None` for words the person wrote or edited (shown as they are).
    pub text_message: Option<Message>,
    /// Its theme's id (`own` for the person's own questions).
    pub theme: String,
    /// Why it was suggested; `None` for the person's own.
    pub reason: Option<String>,
    /// The same reason, sentence by sentence, as catalogue keys and values (empty for the
    /// person's own).
    pub reason_messages: Vec<Message>,
    /// The document it came from, if any.
    pub source_document: Option<Id>,
    /// Starred as most important.
    pub starred: bool,
    /// The person wrote it.
    pub user_written: bool,
    /// The bank question that suggested it; `None` for the person's own.
    pub rule_id: Option<String>,
}

impl Carryall {
    /// The case's questions in the person's order (removed ones left out), brought up to date
    /// with the case's documents first.
    pub fn questions(&self, case_id: &str) -> Result<Vec<QuestionView>, AppError> {
        let case = self.case(case_id)?;
        let suggested = self.sync_questions(&case)?;
        self.shown_questions(&case, &suggested)
    }

    /// Adds a question the person wrote at the end of the list; returns the list.
    pub fn add_question(&self, case_id: &str, text: &str) -> Result<Vec<QuestionView>, AppError> {
        let case = self.case(case_id)?;
        let text = question_text(text)?;
        let suggested = self.sync_questions(&case)?;
        let actor = self.actor.name();
        self.store()
            .add_question(&case.id, &new_id()?, &text, actor, Utc::now())?;
        self.shown_questions(&case, &suggested)
    }

    /// Replaces a question's words with the person's; regeneration keeps them. Returns the
    /// list.
    pub fn edit_question(
        &self,
        case_id: &str,
        question_id: &str,
        text: &str,
    ) -> Result<Vec<QuestionView>, AppError> {
        let case = self.case(case_id)?;
        let id = question_id_of(question_id)?;
        let text = question_text(text)?;
        let suggested = self.sync_questions(&case)?;
        let edited =
            self.store()
                .edit_question(&case.id, &id, &text, self.actor.name(), Utc::now());
        edited.map_err(|e| not_found_as(e, question_id))?;
        self.shown_questions(&case, &suggested)
    }

    /// Stars a question as most important (at most [`MAX_STARS`]) or, with `star` false,
    /// unstars it. Returns the list.
    pub fn star_question(
        &self,
        case_id: &str,
        question_id: &str,
        star: bool,
    ) -> Result<Vec<QuestionView>, AppError> {
        let case = self.case(case_id)?;
        let id = question_id_of(question_id)?;
        let suggested = self.sync_questions(&case)?;
        let starred = self.store().set_question_starred(
            &case.id,
            &id,
            star,
            MAX_STARS,
            self.actor.name(),
            Utc::now(),
        );
        match starred.map_err(|e| not_found_as(e, question_id))? {
            Starring::Done => self.shown_questions(&case, &suggested),
            Starring::LimitReached => Err(AppError::TooManyStars(MAX_STARS)),
        }
    }

    /// Removes a question from the list: the person's own is deleted; a suggested one is
    /// hidden and stays hidden when the list is regenerated. Returns the list.
    pub fn remove_question(
        &self,
        case_id: &str,
        question_id: &str,
    ) -> Result<Vec<QuestionView>, AppError> {
        let case = self.case(case_id)?;
        let id = question_id_of(question_id)?;
        let suggested = self.sync_questions(&case)?;
        let removed = self
            .store()
            .remove_question(&case.id, &id, self.actor.name(), Utc::now());
        removed.map_err(|e| not_found_as(e, question_id))?;
        self.shown_questions(&case, &suggested)
    }

    /// Brings back a suggested question that was removed, at its old place. Returns the list.
    pub fn restore_question(
        &self,
        case_id: &str,
        question_id: &str,
    ) -> Result<Vec<QuestionView>, AppError> {
        let case = self.case(case_id)?;
        let id = question_id_of(question_id)?;
        let restored = self
            .store()
            .restore_question(&case.id, &id, self.actor.name(), Utc::now());
        restored.map_err(|e| not_found_as(e, question_id))?;
        let suggested = self.sync_questions(&case)?;
        self.shown_questions(&case, &suggested)
    }

    /// Moves a question to place `to` (from 1) of the shown list. Returns the list.
    pub fn move_question(
        &self,
        case_id: &str,
        question_id: &str,
        to: usize,
    ) -> Result<Vec<QuestionView>, AppError> {
        let case = self.case(case_id)?;
        let id = question_id_of(question_id)?;
        let suggested = self.sync_questions(&case)?;
        let count = self.shown_questions(&case, &suggested)?.len();
        if to == 0 || to > count {
            return Err(AppError::NoSuchPlace { to, count });
        }
        let moved =
            self.store()
                .move_question(&case.id, &id, to - 1, self.actor.name(), Utc::now());
        moved.map_err(|e| not_found_as(e, question_id))?;
        self.shown_questions(&case, &suggested)
    }

    /// Merges the rules' current suggestions for the case into its stored list, and returns
    /// them (their words as messages).
    fn sync_questions(&self, case: &Case) -> Result<Vec<Suggestion>, AppError> {
        let checklist = self.checklist(case.id.as_str())?;
        let missing: Vec<&str> = checklist
            .items
            .iter()
            .filter(|(_, state)| matches!(state, State::Missing))
            .map(|(item, _)| item.id.as_str())
            .collect();
        let (documents, mut readings, concern_rows) = {
            let store = self.store();
            (
                store.documents(&case.id)?,
                store.readings(&case.id)?,
                store.concerns(&case.id)?,
            )
        };
        // Facts in import order, then page order, so the same case gives the same list.
        let facts_by_document: Vec<(&str, &str, Vec<carryall_store::FactRow>)> = documents
            .iter()
            .map(|document| {
                let facts = readings
                    .remove(&document.id)
                    .map(|reading| reading.facts)
                    .unwrap_or_default();
                (document.id.as_str(), document.original_name.as_str(), facts)
            })
            .collect();
        let facts: Vec<FactInput<'_>> = facts_by_document
            .iter()
            .flat_map(|(document_id, document_name, facts)| {
                facts.iter().map(move |fact| FactInput {
                    document_id,
                    document_name,
                    name: &fact.name,
                    value: &fact.value,
                })
            })
            .collect();
        let concerns: Vec<&str> = concern_rows.iter().map(|c| c.text.as_str()).collect();
        let input = CaseInput {
            cancer_type: case.cancer_type.clone(),
            facts: &facts,
            missing_items: &missing,
            concerns: &concerns,
        };
        let suggestions = suggest(&input);
        let ids = suggestions
            .iter()
            .map(|_| new_id())
            .collect::<Result<Vec<Id>, AppError>>()?;
        let rows: Vec<SuggestedQuestion<'_>> = suggestions
            .iter()
            .zip(&ids)
            .map(|(suggestion, new_id)| SuggestedQuestion {
                new_id,
                rule_id: &suggestion.rule_id,
                text: &suggestion.text,
                theme: &suggestion.theme,
                reason: &suggestion.reason,
                source_document: suggestion.source_document.as_deref(),
            })
            .collect();
        self.store()
            .sync_suggestions(&case.id, &rows, self.actor.name(), Utc::now())?;
        Ok(suggestions)
    }

    /// The stored list as shown: removed ones left out, numbered from 1; each suggested
    /// question with its words as messages from the `suggested` of its rule.
    fn shown_questions(
        &self,
        case: &Case,
        suggested: &[Suggestion],
    ) -> Result<Vec<QuestionView>, AppError> {
        let rows = self.store().questions(&case.id)?;
        let by_rule: HashMap<&str, &Suggestion> =
            suggested.iter().map(|s| (s.rule_id.as_str(), s)).collect();
        Ok(rows
            .into_iter()
            .filter(|row| !row.removed)
            .enumerate()
            .map(|(index, row)| {
                let suggestion = row.rule_id.as_deref().and_then(|r| by_rule.get(r)).copied();
                view(row, index + 1, suggestion)
            })
            .collect())
    }
}

fn view(row: QuestionRow, position: usize, suggestion: Option<&Suggestion>) -> QuestionView {
    QuestionView {
        id: row.id,
        position,
        text: row.text,
        text_message: suggestion
            .filter(|_| !row.edited)
            .map(|s| s.text_message.clone()),
        theme: row.theme,
        reason: row.reason,
        reason_messages: suggestion.map_or_else(Vec::new, |s| s.reason_messages.clone()),
        source_document: row.source_document,
        starred: row.starred,
        user_written: row.rule_id.is_none(),
        rule_id: row.rule_id,
    }
}

/// A question as typed, checked: trimmed, not blank, not too long, one line.
fn question_text(text: &str) -> Result<String, AppError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(AppError::BlankQuestion);
    }
    if trimmed.chars().count() > MAX_QUESTION_CHARS {
        return Err(AppError::QuestionTooLong(MAX_QUESTION_CHARS));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(AppError::QuestionControlCharacters);
    }
    Ok(trimmed.to_owned())
}

fn question_id_of(typed: &str) -> Result<Id, AppError> {
    Id::parse(typed).map_err(|_| AppError::NoSuchQuestion(typed.trim().to_owned()))
}

/// The store's "no such record" as the question the person named.
fn not_found_as(error: carryall_store::StoreError, typed: &str) -> AppError {
    match error {
        carryall_store::StoreError::NotFound => AppError::NoSuchQuestion(typed.trim().to_owned()),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use carryall_domain::CaseForm;

    use super::*;
    use crate::{Actor, ErrorCode};

    fn open() -> (tempfile::TempDir, Carryall) {
        let dir = tempfile::tempdir().unwrap();
        let app = Carryall::open(&dir.path().join("data"), Actor::Cli).unwrap();
        (dir, app)
    }

    fn new_case(app: &Carryall, cancer: &str, concerns: &[&str]) -> String {
        let concerns: Vec<String> = concerns.iter().map(|c| (*c).to_owned()).collect();
        let form = CaseForm {
            patient_name: "Test Person",
            cancer_type: Some(cancer),
            reason: Some("Will the surgery work? Is a cure possible?"),
            concerns: &concerns,
            ..CaseForm::default()
        };
        app.create_case(&form).unwrap().id.to_string()
    }

    #[test]
    fn a_new_case_gets_questions_tailored_to_its_concerns_not_its_reason() {
        let (_dir, app) = open();
        let case = new_case(&app, "breast", &["losing my hair", "already started chemo"]);
        let list = app.questions(&case).unwrap();
        assert!(!list.is_empty());
        assert!(list.iter().all(|q| !q.user_written && !q.starred));
        assert_eq!(
            list.iter().map(|q| q.position).collect::<Vec<_>>(),
            (1..=list.len()).collect::<Vec<_>>()
        );
        let reason_of = |rule: &str| {
            list.iter()
                .find(|q| q.rule_id.as_deref() == Some(rule))
                .and_then(|q| q.reason.clone())
        };
        assert_eq!(
            reason_of("side_effects.hair").as_deref(),
            Some("You said: \u{201c}losing my hair\u{201d}.")
        );
        assert_eq!(
            reason_of("timing.already_started").as_deref(),
            Some("You said: \u{201c}already started chemo\u{201d}.")
        );
        assert_eq!(
            reason_of("daily_life.work"),
            None,
            "the reason's words are no concern"
        );
        assert_eq!(reason_of("prognosis.outlook"), None);

        let hair = app.concerns(&case).unwrap()[0].id.to_string();
        app.remove_concern(&case, &hair).unwrap();
        assert!(
            app.questions(&case)
                .unwrap()
                .iter()
                .all(|q| q.rule_id.as_deref() != Some("side_effects.hair")),
            "a question suggested for a removed concern goes with it"
        );
        let again = app.questions(&case).unwrap();
        assert_eq!(
            again,
            app.questions(&case).unwrap(),
            "listing again is stable"
        );
    }

    #[test]
    fn the_persons_changes_survive_listing_again() {
        let (_dir, app) = open();
        let case = new_case(&app, "prostate", &[]);
        let list = app.questions(&case).unwrap();
        let (first, second) = (list[0].id.to_string(), list[1].id.to_string());
        app.edit_question(&case, &first, "  In my words?  ")
            .unwrap();
        app.star_question(&case, &first, true).unwrap();
        app.remove_question(&case, &second).unwrap();
        let added = app.add_question(&case, "Can my wife come?").unwrap();
        let mine = added.last().unwrap();
        assert!(mine.user_written && mine.reason.is_none());
        assert_eq!(mine.theme, "own");
        let moved = app.move_question(&case, &mine.id.to_string(), 1).unwrap();
        assert_eq!(moved[0].text, "Can my wife come?");

        let again = app.questions(&case).unwrap();
        assert_eq!(again, moved);
        assert_eq!(again[1].text, "In my words?");
        assert!(again[1].starred);
        assert!(again.iter().all(|q| q.id.as_str() != second));
        app.restore_question(&case, &second).unwrap();
        assert!(
            app.questions(&case)
                .unwrap()
                .iter()
                .any(|q| q.id.as_str() == second)
        );
    }

    #[test]
    fn mistakes_get_plain_errors_with_stable_codes() {
        let (_dir, app) = open();
        let case = new_case(&app, "breast", &[]);
        let list = app.questions(&case).unwrap();
        assert!(list.len() > MAX_STARS);
        for question in &list[..MAX_STARS] {
            app.star_question(&case, question.id.as_str(), true)
                .unwrap();
        }
        let err = app
            .star_question(&case, list[MAX_STARS].id.as_str(), true)
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().contains("5"), "{err}");

        let err = app.remove_question(&case, "NOSUCHQUEST0").unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
        let err = app.star_question(&case, "not an id", true).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
        let err = app.add_question(&case, "   ").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        let err = app.add_question(&case, "two\nlines").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        let long = "?".repeat(MAX_QUESTION_CHARS + 1);
        let err = app.add_question(&case, &long).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        let err = app
            .move_question(&case, list[0].id.as_str(), list.len() + 1)
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        let err = app.questions("NOSUCHCASE00").unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
    }
}
