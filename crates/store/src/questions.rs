//! The question list for the specialist: the questions the rules suggested for a case and the
//! person's own, with what the person did to them.
//!
//! Each row is either generated (its `rule_id` names the bank question that suggested it) or
//! written by the person (`rule_id` is NULL, theme [`OWN_THEME`]). The list is shown in
//! `position` order, leaving out rows marked `removed`.
//!
//! # How regeneration keeps a person's changes
//!
//! [`Store::sync_suggestions`] brings the stored list in line with a fresh set of suggestions,
//! in one transaction, by these rules:
//!
//! - **A rule still suggested** keeps its row, its id, its place, its star and its `removed`
//!   mark. Its theme, reason and source document are refreshed; its text is refreshed too,
//!   unless the person edited it (`edited`), in which case their words stay.
//! - **A rule suggested for the first time** gets a new row at the end of the list, in the
//!   order the suggestions came.
//! - **A rule no longer suggested** loses its row, unless the person starred it, edited it or
//!   removed it. Starred and edited ones stay in the list (with the reason they were last
//!   suggested for): the person made them their own. Removed ones stay, hidden, so that the
//!   rule coming back later does not bring the question back.
//! - **The person's own questions** are never touched by regeneration.
//!
//! Removing a question the person wrote deletes it; removing a generated one only marks it
//! `removed` (and unstars it), so [`Store::restore_question`] can bring it back.
//!
//! Every change is logged in the audit log by the question's id alone (never its words, which
//! may hold health details), in the same transaction; a regeneration that added or dropped
//! questions is logged once for the case.
//!
//! Stars are limited: [`Store::set_question_starred`] refuses a star beyond the limit its
//! caller gives, checking the count inside the same transaction as the change.

use carryall_domain::Id;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::audit::{self, Action};
use crate::{Store, StoreError};

/// The theme of questions a person wrote themselves.
pub const OWN_THEME: &str = "own";

/// One question as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    /// The question's id.
    pub id: Id,
    /// The rule (bank question) that suggested it; `None` when the person wrote it.
    pub rule_id: Option<String>,
    /// The question's words (the person's, if they edited it).
    pub text: String,
    /// Its theme's id ([`OWN_THEME`] for the person's own).
    pub theme: String,
    /// Why it was suggested; `None` for the person's own.
    pub reason: Option<String>,
    /// The document it came from, if any.
    pub source_document: Option<Id>,
    /// Its place in the case's list (lower first; numbers may have gaps).
    pub position: i64,
    /// Starred as most important.
    pub starred: bool,
    /// The person changed its words.
    pub edited: bool,
    /// The person removed it (only generated questions are kept once removed).
    pub removed: bool,
}

/// A question the rules suggest now, to be merged into the stored list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestedQuestion<'a> {
    /// The id to give the row if this rule has none yet (ignored otherwise).
    pub new_id: &'a Id,
    /// The rule that suggested it.
    pub rule_id: &'a str,
    /// The question, worded for the case.
    pub text: &'a str,
    /// Its theme's id.
    pub theme: &'a str,
    /// Why it was suggested.
    pub reason: &'a str,
    /// The document it came from (dropped if the case no longer has that document).
    pub source_document: Option<&'a str>,
}

/// What became of a request to star a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starring {
    /// The star was set or cleared as asked (or already was).
    Done,
    /// Refused: the limit of starred questions is reached already.
    LimitReached,
}

const SELECT_QUESTION: &str = "SELECT id, rule_id, text, theme, reason, source_document, \
     position, starred, edited, removed FROM questions";

impl Store {
    /// The case's questions in list order, removed ones included (they are marked).
    pub fn questions(&self, case_id: &Id) -> Result<Vec<QuestionRow>, StoreError> {
        read_questions(&self.conn, case_id)
    }

    /// Merges a fresh set of suggestions into the case's list, keeping the person's changes
    /// (the rules are in this module's documentation). One transaction, logged when questions
    /// were added or dropped.
    pub fn sync_suggestions(
        &mut self,
        case_id: &Id,
        suggestions: &[SuggestedQuestion<'_>],
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let mut next = next_position(&tx, case_id)?;
        let mut changed = false;
        for suggestion in suggestions {
            let updated = tx.execute(
                "UPDATE questions SET
                     text = CASE WHEN edited = 1 THEN text ELSE ?3 END,
                     theme = ?4,
                     reason = ?5,
                     source_document = (SELECT id FROM documents WHERE id = ?6 AND case_id = ?1)
                 WHERE case_id = ?1 AND rule_id = ?2",
                params![
                    case_id.as_str(),
                    suggestion.rule_id,
                    suggestion.text,
                    suggestion.theme,
                    suggestion.reason,
                    suggestion.source_document,
                ],
            )?;
            if updated == 0 {
                tx.execute(
                    "INSERT INTO questions
                         (id, case_id, rule_id, text, theme, reason, source_document, position)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6,
                             (SELECT id FROM documents WHERE id = ?7 AND case_id = ?2), ?8)",
                    params![
                        suggestion.new_id.as_str(),
                        case_id.as_str(),
                        suggestion.rule_id,
                        suggestion.text,
                        suggestion.theme,
                        suggestion.reason,
                        suggestion.source_document,
                        next,
                    ],
                )?;
                next += 1;
                changed = true;
            }
        }
        let current: Vec<&str> = suggestions.iter().map(|s| s.rule_id).collect();
        let stale: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT rule_id FROM questions
                 WHERE case_id = ?1 AND rule_id IS NOT NULL
                   AND starred = 0 AND edited = 0 AND removed = 0",
            )?;
            let rules = stmt.query_map([case_id.as_str()], |row| row.get::<_, String>(0))?;
            rules
                .filter(|rule| {
                    rule.as_ref()
                        .map_or(true, |r| !current.contains(&r.as_str()))
                })
                .collect::<Result<_, _>>()?
        };
        for rule in stale {
            tx.execute(
                "DELETE FROM questions WHERE case_id = ?1 AND rule_id = ?2",
                params![case_id.as_str(), rule],
            )?;
            changed = true;
        }
        if changed {
            audit::record(&tx, at, actor, Action::QuestionsRegenerated, case_id, None)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds a question the person wrote, at the end of the list. One transaction.
    pub fn add_question(
        &mut self,
        case_id: &Id,
        id: &Id,
        text: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let position = next_position(&tx, case_id)?;
        tx.execute(
            "INSERT INTO questions (id, case_id, rule_id, text, theme, position)
             VALUES (?1, ?2, NULL, ?3, ?4, ?5)",
            params![id.as_str(), case_id.as_str(), text, OWN_THEME, position],
        )?;
        audit::record_question(&tx, at, actor, Action::QuestionAdded, case_id, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces a shown question's words with the person's and marks it edited, so
    /// regeneration keeps them. [`StoreError::NotFound`] when the case shows no such question.
    /// One transaction.
    pub fn edit_question(
        &mut self,
        case_id: &Id,
        id: &Id,
        text: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE questions SET text = ?3, edited = 1
             WHERE case_id = ?1 AND id = ?2 AND removed = 0",
            params![case_id.as_str(), id.as_str(), text],
        )?;
        found(changed)?;
        audit::record_question(&tx, at, actor, Action::QuestionEdited, case_id, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Stars or unstars a shown question. Starring is refused (as
    /// [`Starring::LimitReached`]) when `limit` other questions of the case are starred
    /// already. [`StoreError::NotFound`] when the case shows no such question. One transaction.
    pub fn set_question_starred(
        &mut self,
        case_id: &Id,
        id: &Id,
        starred: bool,
        limit: usize,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Starring, StoreError> {
        let tx = self.conn.transaction()?;
        let Some(row) = shown_question(&tx, case_id, id)? else {
            return Err(StoreError::NotFound);
        };
        if starred && !row.starred {
            let count: i64 = tx.query_row(
                "SELECT count(*) FROM questions WHERE case_id = ?1 AND starred = 1 AND removed = 0",
                [case_id.as_str()],
                |r| r.get(0),
            )?;
            if usize::try_from(count).unwrap_or(usize::MAX) >= limit {
                return Ok(Starring::LimitReached);
            }
        }
        if starred == row.starred {
            return Ok(Starring::Done);
        }
        tx.execute(
            "UPDATE questions SET starred = ?3 WHERE case_id = ?1 AND id = ?2",
            params![case_id.as_str(), id.as_str(), starred],
        )?;
        let action = if starred {
            Action::QuestionStarred
        } else {
            Action::QuestionUnstarred
        };
        audit::record_question(&tx, at, actor, action, case_id, id)?;
        tx.commit()?;
        Ok(Starring::Done)
    }

    /// Removes a shown question: the person's own is deleted; a generated one is marked
    /// removed and unstarred, so regeneration does not bring it back.
    /// [`StoreError::NotFound`] when the case shows no such question. One transaction.
    pub fn remove_question(
        &mut self,
        case_id: &Id,
        id: &Id,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let Some(row) = shown_question(&tx, case_id, id)? else {
            return Err(StoreError::NotFound);
        };
        if row.rule_id.is_none() {
            tx.execute(
                "DELETE FROM questions WHERE case_id = ?1 AND id = ?2",
                params![case_id.as_str(), id.as_str()],
            )?;
        } else {
            tx.execute(
                "UPDATE questions SET removed = 1, starred = 0 WHERE case_id = ?1 AND id = ?2",
                params![case_id.as_str(), id.as_str()],
            )?;
        }
        audit::record_question(&tx, at, actor, Action::QuestionRemoved, case_id, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Brings a removed generated question back to its old place in the list.
    /// [`StoreError::NotFound`] when the case has no removed question with this id. One
    /// transaction.
    pub fn restore_question(
        &mut self,
        case_id: &Id,
        id: &Id,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE questions SET removed = 0 WHERE case_id = ?1 AND id = ?2 AND removed = 1",
            params![case_id.as_str(), id.as_str()],
        )?;
        found(changed)?;
        audit::record_question(&tx, at, actor, Action::QuestionRestored, case_id, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Moves a shown question so it becomes the `to`-th (from 0) of the shown list; a `to`
    /// past the end moves it last. Every row of the case is renumbered in one transaction.
    /// [`StoreError::NotFound`] when the case shows no such question.
    pub fn move_question(
        &mut self,
        case_id: &Id,
        id: &Id,
        to: usize,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let mut rows = read_questions(&tx, case_id)?;
        let Some(from) = rows.iter().position(|r| r.id == *id && !r.removed) else {
            return Err(StoreError::NotFound);
        };
        let moving = rows.remove(from);
        // Before the shown row now at `to`, or after the last shown row.
        let insert_at = match rows.iter().enumerate().filter(|(_, r)| !r.removed).nth(to) {
            Some((index, _)) => index,
            None => rows
                .iter()
                .rposition(|r| !r.removed)
                .map_or(rows.len(), |last| last + 1),
        };
        rows.insert(insert_at, moving);
        for (position, row) in rows.iter().enumerate() {
            tx.execute(
                "UPDATE questions SET position = ?3 WHERE case_id = ?1 AND id = ?2",
                params![case_id.as_str(), row.id.as_str(), position as i64],
            )?;
        }
        audit::record_question(&tx, at, actor, Action::QuestionMoved, case_id, id)?;
        tx.commit()?;
        Ok(())
    }
}

fn found(changed: usize) -> Result<(), StoreError> {
    if changed == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// The position after the case's last question.
fn next_position(tx: &Transaction<'_>, case_id: &Id) -> Result<i64, StoreError> {
    Ok(tx.query_row(
        "SELECT coalesce(max(position) + 1, 0) FROM questions WHERE case_id = ?1",
        [case_id.as_str()],
        |row| row.get(0),
    )?)
}

/// A question of the case that is not removed.
fn shown_question(
    tx: &Transaction<'_>,
    case_id: &Id,
    id: &Id,
) -> Result<Option<QuestionRow>, StoreError> {
    let row = tx
        .query_row(
            &format!("{SELECT_QUESTION} WHERE case_id = ?1 AND id = ?2 AND removed = 0"),
            params![case_id.as_str(), id.as_str()],
            raw_row,
        )
        .optional()?;
    row.map(into_row).transpose()
}

fn read_questions(
    conn: &rusqlite::Connection,
    case_id: &Id,
) -> Result<Vec<QuestionRow>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT_QUESTION} WHERE case_id = ?1 ORDER BY position, rowid"
    ))?;
    let rows = stmt.query_map([case_id.as_str()], raw_row)?;
    rows.map(|row| into_row(row?)).collect()
}

/// A row's columns as SQLite gives them.
type RawRow = (
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    bool,
    bool,
    bool,
);

fn raw_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
    ))
}

fn into_row(raw: RawRow) -> Result<QuestionRow, StoreError> {
    let (id, rule_id, text, theme, reason, source_document, position, starred, edited, removed) =
        raw;
    let id = Id::parse(&id).map_err(|_| StoreError::Damaged {
        table: "questions",
        column: "id",
    })?;
    let source_document = source_document
        .map(|doc| Id::parse(&doc))
        .transpose()
        .map_err(|_| StoreError::Damaged {
            table: "questions",
            column: "source_document",
        })?;
    Ok(QuestionRow {
        id,
        rule_id,
        text,
        theme,
        reason,
        source_document,
        position,
        starred,
        edited,
        removed,
    })
}

#[cfg(test)]
mod tests {
    use carryall_domain::Sha256Hex;

    use super::*;
    use crate::test_support::{add, new_case};

    fn id(seed: u8) -> Id {
        Id::from_random([seed; 8])
    }

    /// Suggestions for `rules`, each worded "`rule` v`version`?".
    fn suggest(store: &mut Store, case: &Id, rules: &[&str], version: u32) {
        let ids: Vec<Id> = rules
            .iter()
            .map(|rule| Id::from_random(fake_random(rule, version)))
            .collect();
        let texts: Vec<String> = rules.iter().map(|r| format!("{r} v{version}?")).collect();
        let suggestions: Vec<SuggestedQuestion<'_>> = rules
            .iter()
            .zip(&ids)
            .zip(&texts)
            .map(|((rule, new_id), text)| SuggestedQuestion {
                new_id,
                rule_id: rule,
                text,
                theme: "diagnosis",
                reason: "because",
                source_document: None,
            })
            .collect();
        store
            .sync_suggestions(case, &suggestions, "cli", crate::test_support::at(1))
            .unwrap();
    }

    /// Distinct id bytes for a rule and version (tests only need uniqueness).
    fn fake_random(rule: &str, version: u32) -> [u8; 8] {
        let mut bytes = [0u8; 8];
        for (i, b) in rule.bytes().enumerate() {
            let slot = 1 + i % 6;
            bytes[slot] = bytes[slot].wrapping_mul(31).wrapping_add(b);
        }
        bytes[7] = version as u8;
        bytes
    }

    fn shown(store: &Store, case: &Id) -> Vec<String> {
        store
            .questions(case)
            .unwrap()
            .into_iter()
            .filter(|q| !q.removed)
            .map(|q| q.text)
            .collect()
    }

    fn by_rule(store: &Store, case: &Id, rule: &str) -> QuestionRow {
        store
            .questions(case)
            .unwrap()
            .into_iter()
            .find(|q| q.rule_id.as_deref() == Some(rule))
            .unwrap_or_else(|| panic!("no row for {rule}"))
    }

    fn setup() -> (Store, Id) {
        let mut store = Store::open_in_memory().unwrap();
        let case = new_case(&mut store, 1);
        (store, case)
    }

    #[test]
    fn suggestions_are_stored_in_order_and_new_rules_are_appended() {
        let (mut store, case) = setup();
        suggest(&mut store, &case, &["a", "b"], 1);
        assert_eq!(shown(&store, &case), ["a v1?", "b v1?"]);
        store
            .add_question(&case, &id(50), "Mine?", "cli", crate::test_support::at(1))
            .unwrap();
        suggest(&mut store, &case, &["c", "a", "b"], 2);
        assert_eq!(
            shown(&store, &case),
            ["a v2?", "b v2?", "Mine?", "c v2?"],
            "kept rules keep their place and take new wording; the new rule goes last"
        );
        let mine = &store.questions(&case).unwrap()[2];
        assert_eq!(mine.rule_id, None);
        assert_eq!(mine.theme, OWN_THEME);
    }

    #[test]
    fn regeneration_keeps_edits_stars_and_removals() {
        let (mut store, case) = setup();
        suggest(
            &mut store,
            &case,
            &["edited", "starred", "removed", "plain"],
            1,
        );
        let edited = by_rule(&store, &case, "edited").id;
        let starred = by_rule(&store, &case, "starred").id;
        let removed = by_rule(&store, &case, "removed").id;
        store
            .edit_question(
                &case,
                &edited,
                "My words?",
                "cli",
                crate::test_support::at(1),
            )
            .unwrap();
        let star = store
            .set_question_starred(&case, &starred, true, 5, "cli", crate::test_support::at(1))
            .unwrap();
        assert_eq!(star, Starring::Done);
        store
            .remove_question(&case, &removed, "cli", crate::test_support::at(1))
            .unwrap();

        // Everything still suggested, with new wording.
        suggest(
            &mut store,
            &case,
            &["edited", "starred", "removed", "plain"],
            2,
        );
        assert_eq!(
            shown(&store, &case),
            ["My words?", "starred v2?", "plain v2?"]
        );
        assert!(by_rule(&store, &case, "starred").starred);
        assert_eq!(by_rule(&store, &case, "starred").id, starred);

        // Nothing suggested any more: only the person's marks hold rows.
        suggest(&mut store, &case, &[], 3);
        assert_eq!(shown(&store, &case), ["My words?", "starred v2?"]);
        assert!(
            by_rule(&store, &case, "removed").removed,
            "the tombstone stays"
        );
        assert!(
            store
                .questions(&case)
                .unwrap()
                .iter()
                .all(|q| q.rule_id.as_deref() != Some("plain"))
        );

        // The removed rule comes back: still removed.
        suggest(&mut store, &case, &["removed"], 4);
        assert_eq!(shown(&store, &case), ["My words?", "starred v2?"]);
        store
            .restore_question(&case, &removed, "cli", crate::test_support::at(1))
            .unwrap();
        assert_eq!(
            shown(&store, &case),
            ["My words?", "starred v2?", "removed v4?"]
        );
    }

    #[test]
    fn a_sixth_star_is_refused_and_removing_unstars() {
        let (mut store, case) = setup();
        suggest(&mut store, &case, &["1", "2", "3", "4", "5", "6"], 1);
        let rows = store.questions(&case).unwrap();
        for row in &rows[..5] {
            let done = store
                .set_question_starred(&case, &row.id, true, 5, "cli", crate::test_support::at(1))
                .unwrap();
            assert_eq!(done, Starring::Done);
        }
        assert_eq!(
            store
                .set_question_starred(
                    &case,
                    &rows[0].id,
                    true,
                    5,
                    "cli",
                    crate::test_support::at(1)
                )
                .unwrap(),
            Starring::Done,
            "starring a starred question again is not a sixth star"
        );
        assert_eq!(
            store
                .set_question_starred(
                    &case,
                    &rows[5].id,
                    true,
                    5,
                    "cli",
                    crate::test_support::at(1)
                )
                .unwrap(),
            Starring::LimitReached
        );
        assert!(!store.questions(&case).unwrap()[5].starred);
        store
            .remove_question(&case, &rows[0].id, "cli", crate::test_support::at(1))
            .unwrap();
        assert_eq!(
            store
                .set_question_starred(
                    &case,
                    &rows[5].id,
                    true,
                    5,
                    "cli",
                    crate::test_support::at(1)
                )
                .unwrap(),
            Starring::Done
        );
        store
            .restore_question(&case, &rows[0].id, "cli", crate::test_support::at(1))
            .unwrap();
        assert!(!store.questions(&case).unwrap()[0].starred);
        store
            .set_question_starred(
                &case,
                &rows[5].id,
                false,
                5,
                "cli",
                crate::test_support::at(1),
            )
            .unwrap();
        assert!(!store.questions(&case).unwrap()[5].starred);
    }

    #[test]
    fn the_persons_own_questions_are_deleted_when_removed() {
        let (mut store, case) = setup();
        store
            .add_question(&case, &id(60), "Mine?", "cli", crate::test_support::at(1))
            .unwrap();
        store
            .remove_question(&case, &id(60), "cli", crate::test_support::at(1))
            .unwrap();
        assert!(store.questions(&case).unwrap().is_empty());
        assert!(matches!(
            store.restore_question(&case, &id(60), "cli", crate::test_support::at(1)),
            Err(StoreError::NotFound)
        ));
    }

    #[test]
    fn unknown_removed_or_other_cases_questions_are_not_found() {
        let (mut store, case) = setup();
        let other = new_case(&mut store, 2);
        store
            .add_question(
                &other,
                &id(70),
                "Theirs?",
                "cli",
                crate::test_support::at(1),
            )
            .unwrap();
        suggest(&mut store, &case, &["gone"], 1);
        let gone = by_rule(&store, &case, "gone").id;
        store
            .remove_question(&case, &gone, "cli", crate::test_support::at(1))
            .unwrap();
        for target in [&id(70), &id(71), &gone] {
            let not_found = |r: Result<(), StoreError>| matches!(r, Err(StoreError::NotFound));
            assert!(not_found(store.edit_question(
                &case,
                target,
                "x",
                "cli",
                crate::test_support::at(1)
            )));
            assert!(not_found(store.remove_question(
                &case,
                target,
                "cli",
                crate::test_support::at(1)
            )));
            assert!(not_found(store.move_question(
                &case,
                target,
                0,
                "cli",
                crate::test_support::at(1)
            )));
            assert!(matches!(
                store.set_question_starred(
                    &case,
                    target,
                    true,
                    5,
                    "cli",
                    crate::test_support::at(1)
                ),
                Err(StoreError::NotFound)
            ));
        }
        assert!(matches!(
            store.restore_question(&case, &id(70), "cli", crate::test_support::at(1)),
            Err(StoreError::NotFound)
        ));
    }

    #[test]
    fn moving_places_a_question_among_the_shown_ones() {
        let (mut store, case) = setup();
        suggest(&mut store, &case, &["a", "b", "hidden", "c", "d"], 1);
        let hidden = by_rule(&store, &case, "hidden").id;
        store
            .remove_question(&case, &hidden, "cli", crate::test_support::at(1))
            .unwrap();
        let d = by_rule(&store, &case, "d").id;
        store
            .move_question(&case, &d, 0, "cli", crate::test_support::at(1))
            .unwrap();
        assert_eq!(shown(&store, &case), ["d v1?", "a v1?", "b v1?", "c v1?"]);
        let a = by_rule(&store, &case, "a").id;
        store
            .move_question(&case, &a, 2, "cli", crate::test_support::at(1))
            .unwrap();
        assert_eq!(shown(&store, &case), ["d v1?", "b v1?", "a v1?", "c v1?"]);
        store
            .move_question(&case, &d, 99, "cli", crate::test_support::at(1))
            .unwrap();
        assert_eq!(shown(&store, &case), ["b v1?", "a v1?", "c v1?", "d v1?"]);
        // A later suggestion still lands at the end.
        suggest(&mut store, &case, &["a", "b", "hidden", "c", "d", "e"], 1);
        assert_eq!(
            shown(&store, &case),
            ["b v1?", "a v1?", "c v1?", "d v1?", "e v1?"]
        );
    }

    #[test]
    fn a_source_document_is_kept_only_while_the_case_has_it() {
        let (mut store, case) = setup();
        let hash = Sha256Hex::parse(&"ab".repeat(32)).unwrap();
        let added = add(&mut store, &case, 9, &hash);
        let doc = added_id(&added);
        let suggestion = |source| SuggestedQuestion {
            new_id: &doc,
            rule_id: "r",
            text: "Why?",
            theme: "diagnosis",
            reason: "Your report says so.",
            source_document: source,
        };
        store
            .sync_suggestions(
                &case,
                &[suggestion(Some(doc.as_str()))],
                "cli",
                crate::test_support::at(1),
            )
            .unwrap();
        assert_eq!(
            by_rule(&store, &case, "r").source_document,
            Some(doc.clone())
        );
        store
            .sync_suggestions(
                &case,
                &[suggestion(Some("NOSUCHDOC000"))],
                "cli",
                crate::test_support::at(1),
            )
            .unwrap();
        assert_eq!(by_rule(&store, &case, "r").source_document, None);
        assert_eq!(
            by_rule(&store, &case, "r").reason.as_deref(),
            Some("Your report says so.")
        );
    }

    fn added_id(added: &crate::Added) -> Id {
        match added {
            crate::Added::Imported(document) => document.id.clone(),
            other => panic!("expected a new document, got {other:?}"),
        }
    }

    #[test]
    fn deleting_the_case_deletes_its_questions() {
        let (mut store, case) = setup();
        store
            .add_question(&case, &id(80), "Mine?", "cli", crate::test_support::at(1))
            .unwrap();
        store
            .delete_case(&case, "cli", crate::test_support::at(5))
            .unwrap();
        assert!(store.questions(&case).unwrap().is_empty());
    }

    #[test]
    fn each_change_is_audited_by_question_id_and_an_unchanged_list_is_not() {
        let (mut store, case) = setup();
        let at = crate::test_support::at(1);
        suggest(&mut store, &case, &["a", "b"], 1);
        suggest(&mut store, &case, &["a", "b"], 2);
        let a = by_rule(&store, &case, "a").id;
        store
            .add_question(&case, &id(90), "Mine?", "desktop", at)
            .unwrap();
        store
            .edit_question(&case, &a, "New words?", "cli", at)
            .unwrap();
        store
            .set_question_starred(&case, &a, true, 5, "cli", at)
            .unwrap();
        store
            .set_question_starred(&case, &a, true, 5, "cli", at)
            .unwrap();
        store
            .set_question_starred(&case, &a, false, 5, "cli", at)
            .unwrap();
        store.move_question(&case, &a, 1, "cli", at).unwrap();
        store.remove_question(&case, &a, "cli", at).unwrap();
        store.restore_question(&case, &a, "cli", at).unwrap();
        suggest(&mut store, &case, &["a"], 3);
        let log = store.case_audit_log(&case).unwrap();
        let actions: Vec<(&str, Option<&Id>)> = log
            .iter()
            .map(|e| (e.action.slug(), e.question_id.as_ref()))
            .collect();
        assert_eq!(
            actions,
            [
                ("case_created", None),
                ("questions_regenerated", None),
                ("question_added", Some(&id(90))),
                ("question_edited", Some(&a)),
                ("question_starred", Some(&a)),
                ("question_unstarred", Some(&a)),
                ("question_moved", Some(&a)),
                ("question_removed", Some(&a)),
                ("question_restored", Some(&a)),
                ("questions_regenerated", None),
            ],
            "the same suggestions again and a star already set log nothing"
        );
        assert_eq!(log[2].actor, "desktop");
        let failed = store.edit_question(&case, &id(91), "x", "cli", at);
        assert!(matches!(failed, Err(StoreError::NotFound)));
        assert_eq!(store.case_audit_log(&case).unwrap().len(), log.len());
    }
}
