//! `carryall questions`: the questions to ask the specialist, and the person's changes to them.

use carryall_app::questions::{MAX_STARS, QuestionView};
use carryall_app::{AppError, Carryall};
use serde::Serialize;

use crate::args::QuestionsArgs;
use crate::output::Report;

/// Makes the one change asked for, if any, then shows the whole list.
pub fn run(app: &Carryall, args: &QuestionsArgs) -> Result<Report, AppError> {
    let case = args.case.as_str();
    let list = if let Some(text) = &args.add {
        app.add_question(case, text)?
    } else if let Some(id) = &args.star {
        app.star_question(case, id, true)?
    } else if let Some(id) = &args.unstar {
        app.star_question(case, id, false)?
    } else if let Some(id) = &args.remove {
        app.remove_question(case, id)?
    } else if let Some(id) = &args.restore {
        app.restore_question(case, id)?
    } else if let (Some(id), Some(text)) = (&args.edit, &args.text) {
        app.edit_question(case, id, text)?
    } else if let (Some(id), Some(to)) = (&args.move_id, args.to) {
        app.move_question(case, id, to)?
    } else {
        app.questions(case)?
    };
    let questions: Vec<QuestionJson> = list.iter().map(QuestionJson::from).collect();
    Ok(Report::new(
        questions_text(&list),
        &QuestionsJson { questions },
    ))
}

fn questions_text(list: &[QuestionView]) -> String {
    if list.is_empty() {
        return "No questions yet. Add your own with: carryall questions CASE --add \"...\"\n"
            .to_owned();
    }
    let starred = list.iter().filter(|q| q.starred).count();
    let mut text = format!(
        "{} questions for the specialist; {starred} of up to {MAX_STARS} starred (\u{2605}) as most important.\n\n",
        list.len()
    );
    let width = list.len().to_string().len();
    for question in list {
        let star = if question.starred { "\u{2605} " } else { "" };
        text.push_str(&format!(
            "{:>width$}. {star}{}  [{}]\n",
            question.position, question.text, question.id
        ));
        let note = match (&question.reason, question.user_written) {
            (_, true) => "your own question".to_owned(),
            (Some(reason), false) => format!("why: {reason}"),
            (None, false) => String::new(),
        };
        if !note.is_empty() {
            text.push_str(&format!("{:width$}  {note}\n", ""));
        }
    }
    text
}

#[derive(Serialize)]
struct QuestionsJson {
    questions: Vec<QuestionJson>,
}

#[derive(Serialize)]
struct QuestionJson {
    id: String,
    text: String,
    theme: String,
    reason: Option<String>,
    source_document: Option<String>,
    starred: bool,
    user_written: bool,
    position: usize,
    rule_id: Option<String>,
}

impl From<&QuestionView> for QuestionJson {
    fn from(question: &QuestionView) -> QuestionJson {
        QuestionJson {
            id: question.id.to_string(),
            text: question.text.clone(),
            theme: question.theme.clone(),
            reason: question.reason.clone(),
            source_document: question.source_document.as_ref().map(ToString::to_string),
            starred: question.starred,
            user_written: question.user_written,
            position: question.position,
            rule_id: question.rule_id.clone(),
        }
    }
}
