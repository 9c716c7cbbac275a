//! Puts table cells that wrapped onto a second line back into their row.
//!
//! A table cell too narrow for its text wraps: "Doxorubicin 60 mg/m² +" on the row's line,
//! "Cyclophosphamide 600 mg/m²" on the line below, under the same cell. Read line by line, the
//! row's other cells land between the two halves and the phrase is lost. A line is taken as
//! the continuation of the row above when all of these hold:
//! - the row has at least two cells and the line at most half as many (a lab table's row
//!   with an empty "flag" cell has most of its cells, a wrapped cell's next line few);
//! - each of the line's cells starts where one of the row's cells starts (left-aligned cells);
//! - the line follows at a text line's distance, closer than the rows of the table are to each
//!   other (the step before the row and the step after the continuation are both wider).
//!
//! The last rule keeps label-value lists ("Name: ...", "Address:") apart: their lines are all
//! one text line apart, so none of them is closer to its neighbour than the others.

use crate::layout::Line;

/// How far (in font sizes) a continuation's cell may start from the cell it continues (and a
/// word from a neighbouring row's cell, to start a cell of its own).
pub const ALIGNED: f64 = 0.5;
/// A continuation follows within this many font sizes ...
const TIGHT_STEP: f64 = 1.6;
/// ... and at most this fraction of the steps around it.
const CLOSER_THAN_NEIGHBOURS: f64 = 0.85;

/// The lines with wrapped cells joined to their rows, in the same order.
pub fn join_wrapped_cells(lines: Vec<Line>) -> Vec<Line> {
    let mut rows: Vec<Line> = Vec::with_capacity(lines.len());
    let mut index = 0;
    while index < lines.len() {
        let row = &lines[index];
        let run = continuation_run(&lines, index);
        let mut joined = row.clone();
        for continuation in &lines[index + 1..index + 1 + run] {
            append_cells(&mut joined, continuation);
            joined.bottom = continuation.bottom;
        }
        rows.push(joined);
        index += 1 + run;
    }
    rows
}

/// How many lines after `lines[row]` continue its cells (0 when none do).
fn continuation_run(lines: &[Line], row: usize) -> usize {
    let head = &lines[row];
    if head.cells.len() < 2 {
        return 0;
    }
    let mut run = 0;
    let mut step: Option<f64> = None;
    while let Some(line) = lines.get(row + run + 1) {
        let previous = &lines[row + run];
        let this_step = line.baseline - previous.baseline;
        let size = head.size.max(line.size);
        let same_step = step.is_none_or(|first| (this_step - first).abs() <= 0.1 * first);
        if this_step > TIGHT_STEP * size || !same_step || !continues(head, line) {
            break;
        }
        step = Some(this_step);
        run += 1;
    }
    let Some(step) = step else { return 0 };
    let before = row
        .checked_sub(1)
        .map(|above| head.baseline - lines[above].baseline);
    let after = lines
        .get(row + run + 1)
        .map(|below| below.baseline - lines[row + run].baseline);
    let neighbours = [before, after].into_iter().flatten();
    let mut any = false;
    for neighbour in neighbours {
        any = true;
        if step > CLOSER_THAN_NEIGHBOURS * neighbour {
            return 0;
        }
    }
    if any { run } else { 0 }
}

/// Whether every cell of `line` starts under a different cell of `row`, with at most half as
/// many cells.
fn continues(row: &Line, line: &Line) -> bool {
    if line.cells.len() * 2 > row.cells.len() {
        return false;
    }
    let tolerance = ALIGNED * row.size.max(line.size);
    let mut used = vec![false; row.cells.len()];
    line.cells.iter().all(|cell| {
        let matched = row
            .cells
            .iter()
            .enumerate()
            .find(|(i, above)| !used[*i] && (above.start - cell.start).abs() <= tolerance);
        match matched {
            Some((i, _)) => {
                used[i] = true;
                true
            }
            None => false,
        }
    })
}

/// Appends each cell of `continuation` to the cell of `row` it starts under.
fn append_cells(row: &mut Line, continuation: &Line) {
    let tolerance = ALIGNED * row.size.max(continuation.size);
    for cell in &continuation.cells {
        if let Some(target) = row
            .cells
            .iter_mut()
            .find(|above| (above.start - cell.start).abs() <= tolerance)
        {
            target.text.push(' ');
            target.text.push_str(&cell.text);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::layout::Cell;

    /// A line of font size 10 with these cells (start, text); also for other layout tests.
    pub(crate) fn line(baseline: f64, cells: &[(f64, &str)]) -> Line {
        Line {
            baseline,
            bottom: baseline,
            size: 10.0,
            cells: cells
                .iter()
                .map(|(start, text)| Cell {
                    start: *start,
                    text: (*text).to_owned(),
                })
                .collect(),
        }
    }

    fn texts(lines: &[Line]) -> Vec<Vec<&str>> {
        lines
            .iter()
            .map(|line| line.cells.iter().map(|cell| cell.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn a_wrapped_cell_rejoins_its_row() {
        let lines = vec![
            line(
                100.0,
                &[
                    (0.0, "Cycle"),
                    (50.0, "Drugs"),
                    (150.0, "Dose"),
                    (200.0, "Events"),
                ],
            ),
            line(
                118.0,
                &[
                    (0.0, "1"),
                    (50.0, "Doxorubicin +"),
                    (150.0, "100%"),
                    (200.0, "Nausea"),
                ],
            ),
            line(130.0, &[(50.0, "Cyclophosphamide")]),
            line(
                148.0,
                &[
                    (0.0, "2"),
                    (50.0, "Doxorubicin +"),
                    (150.0, "80%"),
                    (200.0, "Febrile"),
                ],
            ),
            line(160.0, &[(50.0, "Cyclophosphamide"), (200.0, "neutropenia")]),
            line(
                178.0,
                &[
                    (0.0, "3"),
                    (50.0, "Paclitaxel"),
                    (150.0, "100%"),
                    (200.0, "None"),
                ],
            ),
        ];
        let rows = join_wrapped_cells(lines);
        assert_eq!(
            texts(&rows),
            vec![
                vec!["Cycle", "Drugs", "Dose", "Events"],
                vec!["1", "Doxorubicin + Cyclophosphamide", "100%", "Nausea"],
                vec![
                    "2",
                    "Doxorubicin + Cyclophosphamide",
                    "80%",
                    "Febrile neutropenia"
                ],
                vec!["3", "Paclitaxel", "100%", "None"],
            ]
        );
        assert_eq!((rows[1].baseline, rows[1].bottom), (118.0, 130.0));
    }

    #[test]
    fn a_cell_wrapped_over_three_lines_rejoins_whole() {
        let lines = vec![
            line(100.0, &[(0.0, "Drug"), (100.0, "Dose")]),
            line(118.0, &[(0.0, "Calcium 600 mg +"), (100.0, "1 tablet")]),
            line(130.0, &[(0.0, "vitamin D3")]),
            line(142.0, &[(0.0, "800 IU")]),
            line(160.0, &[(0.0, "Metformin"), (100.0, "2 tablets")]),
        ];
        assert_eq!(
            texts(&join_wrapped_cells(lines))[1],
            vec!["Calcium 600 mg + vitamin D3 800 IU", "1 tablet"]
        );
    }

    #[test]
    fn evenly_spaced_label_value_lines_stay_apart() {
        let lines = vec![
            line(100.0, &[(0.0, "Name:"), (80.0, "Priya Sharma")]),
            line(112.0, &[(0.0, "Address:")]),
            line(124.0, &[(0.0, "Age:"), (80.0, "54")]),
        ];
        assert_eq!(texts(&join_wrapped_cells(lines.clone())).len(), 3);
    }

    #[test]
    fn a_table_row_with_empty_cells_is_a_row_of_its_own() {
        let lines = vec![
            line(
                100.0,
                &[
                    (0.0, "Test"),
                    (80.0, "Result"),
                    (120.0, "Flag"),
                    (150.0, "Units"),
                ],
            ),
            line(
                118.0,
                &[
                    (0.0, "Glucose"),
                    (80.0, "112"),
                    (120.0, "H"),
                    (150.0, "mg/dL"),
                ],
            ),
            line(130.0, &[(0.0, "BUN"), (80.0, "18"), (150.0, "mg/dL")]),
            line(142.0, &[(0.0, "Sodium"), (80.0, "139"), (150.0, "mmol/L")]),
            line(160.0, &[(0.0, "Comment: fasting sample")]),
        ];
        assert_eq!(texts(&join_wrapped_cells(lines)).len(), 5);
    }

    #[test]
    fn a_line_under_no_cell_start_is_not_a_continuation() {
        let lines = vec![
            line(100.0, &[(0.0, "Haemoglobin"), (100.0, "9.8")]),
            line(112.0, &[(40.0, "see note")]),
            line(130.0, &[(0.0, "Platelets"), (100.0, "250")]),
        ];
        assert_eq!(texts(&join_wrapped_cells(lines)).len(), 3);
    }

    #[test]
    fn a_single_cell_line_never_takes_continuations() {
        let lines = vec![
            line(100.0, &[(0.0, "A paragraph line")]),
            line(112.0, &[(0.0, "and the next")]),
        ];
        assert_eq!(texts(&join_wrapped_cells(lines)).len(), 2);
    }
}
