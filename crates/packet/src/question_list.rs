//! `data/questions.txt` and `data/questions.html`: the case's questions for the specialist,
//! starred ones first, each with why it was suggested or marked as the patient's own. The page
//! is the one to print: its own print layout ([`PRINT_STYLE`]) puts the 36 questions of the
//! breast fixture case on two A4 or Letter pages (measured with
//! `scripts/measure-question-pages`; the shared style took three). The text list, for reading
//! and copying anywhere, runs to about 130 lines for the same case.

use std::fmt::Write;

use carryall_domain::Case;

use crate::contents::{Question, in_print_order};
use crate::html::{PAGE_END, escape, page_start_with_style};
use crate::text_files::one_line;

/// The plain-text list.
pub fn questions_txt(case: &Case, questions: &[Question], as_of: &str) -> String {
    let mut out = String::from("QUESTIONS FOR THE SPECIALIST\n");
    let _ = writeln!(out, "Patient: {}", patient_line(case));
    let _ = writeln!(out, "Prepared: {as_of}\n");
    let ordered = in_print_order(questions);
    let starred = ordered.iter().filter(|q| q.starred).count();
    if starred > 0 {
        out.push_str("Starred questions (*) are the ones the patient marked as most important.\n");
    }
    out.push_str(
        "Each suggested question says why it was suggested; the patient's own questions are\n\
         marked as such.\n",
    );
    for (index, question) in ordered.iter().enumerate() {
        if index == 0 && starred > 0 {
            out.push_str("\nMOST IMPORTANT\n");
        }
        if index == starred {
            out.push_str(if starred > 0 {
                "\nOTHER QUESTIONS\n"
            } else {
                "\nQUESTIONS\n"
            });
        }
        let mark = if question.starred { "* " } else { "" };
        let number = format!("{:>2}. {mark}", index + 1);
        out.push_str(&wrap(&number, &one_line(&question.text)));
        out.push_str(&wrap("    ", &one_line(&why(question))));
    }
    out
}

/// The question page's print layout, after the packet's shared style sheet: narrower margins,
/// smaller type, the reasons smaller still under their questions, little space between them.
pub const PRINT_STYLE: &str = "@page{margin:1.2cm 1.4cm}@media print{body{font-size:9.5pt;\
line-height:1.22}h1{font-size:14pt;margin:0 0 .2rem}h2{font-size:11pt;margin:.5rem 0 .2rem}\
p{margin:.2rem 0}.questions{margin:0;padding-left:1.6rem}.questions li{margin-bottom:.15rem}\
.reason{font-size:7.5pt;line-height:1.15}}";

/// The printable page.
pub fn questions_html(case: &Case, questions: &[Question], as_of: &str) -> String {
    let mut page = page_start_with_style(
        &format!("Questions for the specialist: {}", case.patient.name),
        PRINT_STYLE,
    );
    page.push_str("<h1>Questions for the specialist</h1>\n");
    let _ = writeln!(
        page,
        "<p>Patient: {}. Prepared {}.</p>",
        escape(&patient_line(case)),
        escape(as_of)
    );
    page.push_str(&questions_section(questions, "h2"));
    page.push_str(PAGE_END);
    page
}

/// The list as HTML (also part of `INDEX.html`): starred first, numbered, with reasons.
/// `heading` is the tag for the groups' headings.
pub fn questions_section(questions: &[Question], heading: &str) -> String {
    let ordered = in_print_order(questions);
    let starred = ordered.iter().filter(|q| q.starred).count();
    let mut out = String::from("<p>");
    if starred > 0 {
        out.push_str("Starred questions (★) are the ones the patient marked as most important. ");
    }
    out.push_str(
        "Each suggested question says why it was suggested; the patient's own questions are \
         marked as such.</p>\n",
    );
    let groups = [
        ("Most important", &ordered[..starred], 1),
        (
            if starred > 0 {
                "Other questions"
            } else {
                "Questions"
            },
            &ordered[starred..],
            starred + 1,
        ),
    ];
    for (title, group, start) in groups {
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<{heading}>{title}</{heading}>\n<ol class=\"questions\" start=\"{start}\">"
        );
        for question in group {
            let star = if question.starred {
                "<span class=\"star\" aria-label=\"starred\">★</span> "
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<li>{star}{}<br><span class=\"reason\">{}</span></li>",
                escape(&question.text),
                escape(&why(question))
            );
        }
        out.push_str("</ol>\n");
    }
    out
}

/// The longest line of the text list, in characters: it prints without lines cut off.
const LINE_WIDTH: usize = 90;

/// `text` after `prefix`, broken between words into lines of at most [`LINE_WIDTH`]
/// characters (a longer word gets a line of its own), continuation lines indented to line up
/// under the text.
fn wrap(prefix: &str, text: &str) -> String {
    let indent = " ".repeat(prefix.chars().count());
    let mut out = String::new();
    let mut line = prefix.to_owned();
    let mut line_has_words = false;
    for word in text.split_whitespace() {
        if line_has_words && line.chars().count() + 1 + word.chars().count() > LINE_WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = indent.clone();
            line_has_words = false;
        }
        if line_has_words {
            line.push(' ');
        }
        line.push_str(word);
        line_has_words = true;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

fn why(question: &Question) -> String {
    match (&question.reason, question.user_written) {
        (_, true) | (None, _) => "(The patient's own question.)".to_owned(),
        (Some(reason), false) => format!("Why suggested: {reason}"),
    }
}

fn patient_line(case: &Case) -> String {
    match case.patient.date_of_birth {
        Some(born) => format!("{}, born {born}", one_line(&case.patient.name)),
        None => one_line(&case.patient.name),
    }
}

#[cfg(test)]
mod tests {
    use carryall_domain::{CaseStatus, Id, Patient};
    use chrono::{NaiveDate, Utc};

    use super::*;

    fn case() -> Case {
        Case {
            id: Id::from_random([1; 8]),
            patient: Patient {
                id: Id::from_random([2; 8]),
                name: "Ann & <Bo>".into(),
                date_of_birth: NaiveDate::from_ymd_opt(1970, 1, 2),
            },
            cancer_type: None,
            reason: None,
            provider: None,
            appointment: None,
            status: CaseStatus::Gathering,
            created_at: Utc::now(),
        }
    }

    fn questions() -> Vec<Question> {
        vec![
            Question {
                id: "A".into(),
                text: "What stage is it?".into(),
                theme: "stage".into(),
                reason: Some("Asked in every case.".into()),
                source_document: None,
                starred: false,
                user_written: false,
            },
            Question {
                id: "B".into(),
                text: "Is <script>alert(1)</script> & surgery needed?".into(),
                theme: "own".into(),
                reason: None,
                source_document: None,
                starred: true,
                user_written: true,
            },
        ]
    }

    #[test]
    fn the_text_list_puts_starred_first_with_reasons() {
        let text = questions_txt(&case(), &questions(), "2026-11-02");
        let starred = text.find(" 1. * Is <script>").expect(&text);
        let other = text.find(" 2. What stage is it?").expect(&text);
        assert!(starred < other, "{text}");
        assert!(text.contains("MOST IMPORTANT\n"));
        assert!(text.contains("    Why suggested: Asked in every case.\n"));
        assert!(text.contains("    (The patient's own question.)\n"));
        assert!(text.contains("Patient: Ann & <Bo>, born 1970-01-02\n"));
    }

    #[test]
    fn the_page_escapes_every_question() {
        let page = questions_html(&case(), &questions(), "2026-11-02");
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("Is &lt;script&gt;alert(1)&lt;/script&gt; &amp; surgery needed?"));
        assert!(page.contains("Ann &amp; &lt;Bo&gt;"));
        assert!(page.contains("<ol class=\"questions\" start=\"2\">"));
        let head = &page[..page.find("</head>").unwrap()];
        assert!(
            head.ends_with(&format!("{PRINT_STYLE}</style>\n")),
            "the page's print layout comes last, so it wins: {head}"
        );
    }

    #[test]
    fn long_lines_wrap_under_their_text() {
        let words = "word ".repeat(40);
        let wrapped = wrap(" 1. * ", &words);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 2, "{wrapped}");
        assert!(lines.iter().all(|l| l.chars().count() <= LINE_WIDTH));
        assert!(lines[0].starts_with(" 1. * word"));
        assert!(lines[1].starts_with("      word"), "{wrapped}");
        assert_eq!(
            wrapped.split_whitespace().filter(|w| *w == "word").count(),
            40,
            "no word lost"
        );
        let long = "x".repeat(120);
        assert_eq!(wrap("    ", &long), format!("    {long}\n"));
        assert_eq!(wrap(" 2. ", ""), " 2. \n");
    }

    #[test]
    fn without_stars_there_is_one_group() {
        let mut list = questions();
        list[1].starred = false;
        let text = questions_txt(&case(), &list, "2026-11-02");
        assert!(!text.contains("MOST IMPORTANT") && text.contains("\nQUESTIONS\n"));
        assert!(
            !text.contains("Starred"),
            "no stars, no word about them: {text}"
        );
        assert!(text.find("What stage").unwrap() < text.find("surgery").unwrap());
    }
}
