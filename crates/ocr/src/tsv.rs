//! Rebuilding plain text from Tesseract's TSV output (one row per page, block, paragraph, line
//! and word, with the word's confidence).

use crate::OcrText;

/// The row level Tesseract gives to words.
const WORD_LEVEL: &str = "5";

/// The TSV columns, in Tesseract's order.
const COLUMNS: usize = 12;

/// Where a word sits: page, block, paragraph and line numbers.
#[derive(Clone, Copy, PartialEq, Eq)]
struct LineKey<'a> {
    paragraph: [&'a str; 3],
    line: &'a str,
}

/// Words of a line joined by one space, lines by a newline, paragraphs and blocks by a blank
/// line; the confidence is the mean over words Tesseract scored (a confidence of -1 means none).
pub(crate) fn text_from_tsv(tsv: &str) -> OcrText {
    let mut text = String::new();
    let mut words = 0;
    let mut confidence_sum = 0.0_f64;
    let mut scored = 0_u32;
    let mut previous: Option<LineKey> = None;
    for row in tsv.lines().skip(1) {
        let fields: Vec<&str> = row.splitn(COLUMNS, '\t').collect();
        let [
            level,
            page,
            block,
            paragraph,
            line,
            _,
            _,
            _,
            _,
            _,
            confidence,
            word,
        ] = fields[..]
        else {
            continue;
        };
        let word = word.trim();
        if level != WORD_LEVEL || word.is_empty() {
            continue;
        }
        let key = LineKey {
            paragraph: [page, block, paragraph],
            line,
        };
        match previous {
            None => {}
            Some(previous) if previous == key => text.push(' '),
            Some(previous) if previous.paragraph == key.paragraph => text.push('\n'),
            Some(_) => text.push_str("\n\n"),
        }
        previous = Some(key);
        text.push_str(word);
        words += 1;
        if let Ok(confidence) = confidence.trim().parse::<f64>()
            && confidence >= 0.0
        {
            confidence_sum += confidence;
            scored += 1;
        }
    }
    let confidence = if scored == 0 {
        0.0
    } else {
        (confidence_sum / f64::from(scored)) as f32
    };
    OcrText {
        text,
        confidence,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    fn word(block: u32, paragraph: u32, line: u32, confidence: &str, text: &str) -> String {
        format!("5\t1\t{block}\t{paragraph}\t{line}\t1\t0\t0\t10\t10\t{confidence}\t{text}\n")
    }

    /// A word row: block, paragraph, line, confidence and text.
    type WordRow = (u32, u32, u32, &'static str, &'static str);

    #[test]
    fn words_lines_and_paragraphs_are_joined_as_laid_out() {
        let cases: &[(&[WordRow], &str)] = &[
            (&[], ""),
            (
                &[(1, 1, 1, "90", "ER"), (1, 1, 1, "80", "Positive")],
                "ER Positive",
            ),
            (
                &[(1, 1, 1, "90", "Grade"), (1, 1, 2, "90", "2")],
                "Grade\n2",
            ),
            (
                &[(1, 1, 1, "90", "Left"), (1, 2, 1, "90", "breast")],
                "Left\n\nbreast",
            ),
            (
                &[(1, 1, 1, "90", "Left"), (2, 1, 1, "90", "breast")],
                "Left\n\nbreast",
            ),
            (
                &[
                    (1, 1, 1, "90", "a"),
                    (1, 1, 1, "95", " "),
                    (1, 1, 1, "90", "b"),
                ],
                "a b",
            ),
        ];
        for (rows, expected) in cases {
            let mut tsv = HEADER.to_owned();
            tsv.push_str("1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n");
            for (block, paragraph, line, confidence, text) in *rows {
                tsv.push_str(&word(*block, *paragraph, *line, confidence, text));
            }
            assert_eq!(text_from_tsv(&tsv).text, *expected, "rows {rows:?}");
        }
    }

    #[test]
    fn confidence_is_the_mean_over_scored_words() {
        let tsv = [
            HEADER.to_owned(),
            word(1, 1, 1, "96.5", "Invasive"),
            word(1, 1, 1, "-1", "ductal"),
            word(1, 1, 1, "83.5", "carcinoma"),
        ]
        .concat();
        let text = text_from_tsv(&tsv);
        assert_eq!(text.words, 3);
        assert!((text.confidence - 90.0).abs() < 1e-4, "{}", text.confidence);
    }

    #[test]
    fn no_words_give_empty_text_and_zero_confidence() {
        let text = text_from_tsv(HEADER);
        assert_eq!(
            (text.text.as_str(), text.words, text.confidence),
            ("", 0, 0.0)
        );
    }
}
