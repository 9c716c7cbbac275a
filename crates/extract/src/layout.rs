//! Turns a page's glyphs into text as a reader sees it: lines top to bottom, words left to right.
//!
//! Lines are glyphs that share a baseline (within a fraction of their size). Inside a line,
//! a space goes where the producer drew one or where the gap to the next glyph is wider than a
//! letter's spacing; a gap of several letters (a table's next column) starts a new cell, and
//! cells are written three spaces apart, so a table row stays one line with its cells apart.
//! A table row's cells are also split where a neighbouring row's cell starts
//! ([`crate::column_starts`]), and a table cell wrapped onto a second line is put back into
//! its row ([`crate::wrapped_cells`]).
//! A larger than usual step down the page starts a new paragraph (a blank line).

use crate::column_starts::neighbours_column_starts;
use crate::glyphs::Glyph;
use crate::wrapped_cells::ALIGNED;
use crate::wrapped_cells::join_wrapped_cells;

/// How far apart two glyphs may be, as a fraction of the font size, and still be one word,
/// when the producer draws its own spaces (most do) ...
const WORD_GAP_WITH_SPACES: f64 = 0.2;
/// ... and when it draws none, positioning every word itself.
const WORD_GAP_WITHOUT_SPACES: f64 = 0.15;
/// A gap this many font sizes wide separates table cells or columns ...
const COLUMN_GAP: f64 = 2.0;
/// ... or this many, when the producer draws its spaces but drew none in the gap (a word
/// space is drawn; a gap between cells is not).
const UNSPACED_COLUMN_GAP: f64 = 0.9;
/// What separates table cells in the text.
const COLUMN_SEPARATOR: &str = "   ";
/// Glyphs whose baselines differ by less than this fraction of their size share a line.
const SAME_LINE: f64 = 0.45;
/// A step down the page of more than this many line heights starts a new paragraph.
const PARAGRAPH_STEP: f64 = 1.9;

/// One line of a page: where it sits and its cells, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline (grows down the page).
    pub baseline: f64,
    /// Baseline of its last text line: itself, or the last line of a wrapped cell.
    pub bottom: f64,
    /// Font size of its first glyph.
    pub size: f64,
    /// Runs of words separated by column-wide gaps.
    pub cells: Vec<Cell>,
}

/// Words of a line between two column-wide gaps.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Left edge of its first glyph.
    pub start: f64,
    pub text: String,
}

/// The text of one page from its glyphs.
pub fn page_text(glyphs: &[Glyph]) -> String {
    let spacing = if producer_draws_spaces(glyphs) {
        Spacing {
            word_gap: WORD_GAP_WITH_SPACES,
            unspaced_column_gap: UNSPACED_COLUMN_GAP,
        }
    } else {
        Spacing {
            word_gap: WORD_GAP_WITHOUT_SPACES,
            unspaced_column_gap: COLUMN_GAP,
        }
    };
    let (glyph_lines, mut lines): (Vec<Vec<&Glyph>>, Vec<Line>) = lines(glyphs)
        .into_iter()
        .filter_map(|glyphs| cells(&glyphs, &spacing, &[]).map(|line| (glyphs, line)))
        .unzip();
    let starts = neighbours_column_starts(&lines);
    for ((line, glyphs), starts) in lines.iter_mut().zip(&glyph_lines).zip(&starts) {
        if !starts.is_empty()
            && let Some(split) = cells(glyphs, &spacing, starts)
        {
            *line = split;
        }
    }
    let mut text = String::new();
    let mut previous: Option<&Line> = None;
    let rows = join_wrapped_cells(lines);
    for line in &rows {
        if let Some(before) = previous {
            text.push('\n');
            if line.baseline - before.bottom > PARAGRAPH_STEP * before.size.max(line.size) * 1.2 {
                text.push('\n');
            }
        }
        previous = Some(line);
        let cells: Vec<&str> = line.cells.iter().map(|cell| cell.text.as_str()).collect();
        text.push_str(&cells.join(COLUMN_SEPARATOR));
    }
    text
}

/// Gaps, in font sizes, that end a word and a cell on one page.
struct Spacing {
    word_gap: f64,
    /// A gap with no space glyph drawn in it that starts a new cell.
    unspaced_column_gap: f64,
}

/// Whether this page's producer draws space glyphs between words (then small gaps are only
/// kerning, never word breaks).
fn producer_draws_spaces(glyphs: &[Glyph]) -> bool {
    let spaces = glyphs.iter().filter(|g| is_space(g)).count();
    spaces * 25 >= glyphs.len() && spaces > 0
}

fn is_space(glyph: &Glyph) -> bool {
    glyph.text.chars().all(char::is_whitespace)
}

/// Groups glyphs into lines, top to bottom, each sorted left to right.
fn lines(glyphs: &[Glyph]) -> Vec<Vec<&Glyph>> {
    let mut sorted: Vec<&Glyph> = glyphs
        .iter()
        .filter(|g| g.size > 0.0 && !g.text.is_empty())
        .collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    let mut baseline = f64::NEG_INFINITY;
    for glyph in sorted {
        let tolerance = SAME_LINE * glyph.size;
        match lines.last_mut() {
            Some(line) if (glyph.y - baseline).abs() <= tolerance => line.push(glyph),
            _ => {
                baseline = glyph.y;
                lines.push(vec![glyph]);
            }
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    lines
}

/// A line's words, split into cells at column-wide gaps and at words that begin at one of
/// `column_starts`; `None` for a line of only spaces.
fn cells(line: &[&Glyph], spacing: &Spacing, column_starts: &[f64]) -> Option<Line> {
    let mut cells: Vec<Cell> = Vec::new();
    let mut end_of_previous: Option<(f64, &Glyph)> = None;
    let mut pending_space = false;
    for glyph in line {
        if is_space(glyph) {
            pending_space = end_of_previous.is_some();
            continue;
        }
        let new_cell = match end_of_previous {
            None => true,
            Some((end, previous)) => {
                let gap = glyph.x - end;
                let size = glyph.size.max(previous.size);
                if is_overprint(previous, glyph) {
                    continue; // the same glyph drawn twice (fake bold)
                }
                let column_gap = if pending_space {
                    COLUMN_GAP
                } else {
                    spacing.unspaced_column_gap
                };
                let word_break = pending_space || gap > spacing.word_gap * size;
                if gap > column_gap * size
                    || (word_break && starts_a_column(glyph.x, size, column_starts))
                {
                    true
                } else {
                    if word_break && let Some(cell) = cells.last_mut() {
                        cell.text.push(' ');
                    }
                    false
                }
            }
        };
        if new_cell {
            cells.push(Cell {
                start: glyph.x,
                text: String::new(),
            });
        }
        if let Some(cell) = cells.last_mut() {
            cell.text.push_str(&glyph.text);
        }
        end_of_previous = Some((glyph.x + glyph.width, glyph));
        pending_space = false;
    }
    let first = line.first()?;
    (!cells.is_empty()).then_some(Line {
        baseline: first.y,
        bottom: first.y,
        size: first.size,
        cells,
    })
}

fn starts_a_column(x: f64, size: f64, column_starts: &[f64]) -> bool {
    column_starts
        .iter()
        .any(|start| (start - x).abs() <= ALIGNED * size)
}

fn is_overprint(previous: &Glyph, glyph: &Glyph) -> bool {
    previous.text == glyph.text && (glyph.x - previous.x).abs() < 0.15 * glyph.size
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for `text` in a monospaced font of size 10 starting at (x, y); each character
    /// is 6 units wide, `advance` apart.
    fn run(text: &str, x: f64, y: f64, advance: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + i as f64 * advance,
                y,
                width: 6.0,
                size: 10.0,
                text: c.to_string(),
            })
            .collect()
    }

    fn check(glyphs: Vec<Glyph>, expected: &str) {
        assert_eq!(page_text(&glyphs), expected);
    }

    #[test]
    fn drawn_spaces_make_words_and_kerning_does_not() {
        // Every glyph placed on its own with a little kerning slack, as Chromium does.
        check(run("STAGE IIA", 0.0, 100.0, 6.8), "STAGE IIA");
        check(run("2025-09-15", 0.0, 100.0, 7.0), "2025-09-15");
    }

    #[test]
    fn without_drawn_spaces_gaps_make_words() {
        let mut glyphs = run("Grade", 0.0, 100.0, 6.0);
        glyphs.extend(run("2", 33.0, 100.0, 6.0));
        check(glyphs, "Grade 2");
    }

    #[test]
    fn table_cells_stay_on_one_line_with_a_wide_separator() {
        let mut glyphs = run("Haemoglobin", 0.0, 100.0, 6.0);
        glyphs.extend(run("9.8", 200.0, 100.4, 6.0));
        glyphs.extend(run("g/dL", 300.0, 99.8, 6.0));
        check(glyphs, "Haemoglobin   9.8   g/dL");
    }

    #[test]
    fn lines_run_top_to_bottom_whatever_the_drawing_order() {
        let mut glyphs = run("second", 0.0, 112.0, 6.0);
        glyphs.extend(run("first", 0.0, 100.0, 6.0));
        check(glyphs, "first\nsecond");
    }

    #[test]
    fn a_large_step_down_starts_a_paragraph() {
        let mut glyphs = run("Diagnosis", 0.0, 100.0, 6.0);
        glyphs.extend(run("Comment", 0.0, 160.0, 6.0));
        check(glyphs, "Diagnosis\n\nComment");
    }

    #[test]
    fn fake_bold_is_read_once() {
        let mut glyphs = run("ER", 0.0, 100.0, 6.0);
        glyphs.extend(run("ER", 0.4, 100.0, 6.0));
        check(glyphs, "ER");
    }

    #[test]
    fn a_cell_filling_its_column_is_split_where_the_rows_around_split_and_rejoins_its_wrap() {
        let row = |y: f64, cells: [&str; 4]| {
            let mut glyphs = Vec::new();
            for (x, text) in [0.0, 100.0, 200.0, 266.0].into_iter().zip(cells) {
                glyphs.extend(run(text, x, y, 6.0));
            }
            glyphs
        };
        let mut glyphs = row(100.0, ["Lisinopril", "Take 1", "2019", "PCP"]);
        // The date fills its column: one drawn space before the next column's "A.".
        glyphs.extend(run("Calcium 800", 0.0, 118.0, 6.0));
        glyphs.extend(run("Take 1", 100.0, 118.0, 6.0));
        glyphs.extend(run("04/02/2024 A. Nakamura,", 200.0, 118.0, 6.0));
        glyphs.extend(run("IU", 0.0, 130.0, 6.0));
        glyphs.extend(run("MD", 266.0, 130.0, 6.0));
        glyphs.extend(row(148.0, ["Metformin", "Take 2", "2016", "PCP"]));
        check(
            glyphs,
            "Lisinopril   Take 1   2019   PCP\n\
             Calcium 800 IU   Take 1   04/02/2024   A. Nakamura, MD\n\
             Metformin   Take 2   2016   PCP",
        );
    }

    #[test]
    fn an_empty_page_is_empty() {
        check(Vec::new(), "");
    }
}
