//! Finds where a table row's cells should start from the rows around it.
//!
//! A date that fills its column leaves only the cell padding before the next column:
//! "04/02/2024 A. Nakamura," reads as one cell, though the rows above and below start a cell
//! at "A.". The row's cells then no longer match the line its wrapped cells continue on, and
//! the wrapped text ("... vitamin D3 800" / "IU") is not put back together. So a word of a
//! table row starts a cell of its own when a neighbouring table row, a line or so away, starts
//! a cell (other than its first) at the same place. Lines of one cell (paragraphs) are never
//! split, and only table rows (two cells or more) count as neighbours.

use crate::layout::Line;

/// Neighbouring rows count when their baselines are at most this many font sizes away.
const NEIGHBOUR_REACH: f64 = 3.0;

/// For each line, the cell starts of its neighbouring table rows at which a word of it should
/// start a new cell (empty for lines that are not table rows).
pub fn neighbours_column_starts(lines: &[Line]) -> Vec<Vec<f64>> {
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            if line.cells.len() < 2 {
                return Vec::new();
            }
            let above = index.checked_sub(1).map(|above| &lines[above]);
            let below = lines.get(index + 1);
            [above, below]
                .into_iter()
                .flatten()
                .filter(|neighbour| {
                    let reach = NEIGHBOUR_REACH * line.size.max(neighbour.size);
                    neighbour.cells.len() >= 2
                        && (neighbour.baseline - line.baseline).abs() <= reach
                })
                .flat_map(|neighbour| neighbour.cells.iter().skip(1).map(|cell| cell.start))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wrapped_cells::tests::line;

    #[test]
    fn a_row_takes_the_later_cell_starts_of_the_rows_around_it() {
        let lines = vec![
            line(
                100.0,
                &[(0.0, "Lisinopril"), (200.0, "2019"), (266.0, "PCP")],
            ),
            line(
                118.0,
                &[(0.0, "Calcium"), (200.0, "04/02/2024 A. Nakamura,")],
            ),
            line(
                136.0,
                &[(0.0, "Metformin"), (200.0, "2016"), (260.0, "PCP")],
            ),
        ];
        let starts = neighbours_column_starts(&lines);
        assert_eq!(starts[1], vec![200.0, 266.0, 200.0, 260.0]);
        assert_eq!(starts[0], vec![200.0]);
    }

    #[test]
    fn paragraphs_far_rows_and_one_cell_lines_give_or_take_nothing() {
        let lines = vec![
            line(100.0, &[(0.0, "Name:"), (80.0, "Priya Sharma")]),
            line(112.0, &[(0.0, "The patient was seen in clinic")]),
            line(124.0, &[(0.0, "Age:"), (80.0, "54")]),
            line(160.0, &[(0.0, "Test"), (80.0, "Result")]),
        ];
        let starts = neighbours_column_starts(&lines);
        assert!(starts[1].is_empty(), "a paragraph line is never split");
        assert!(
            starts[2].is_empty(),
            "one-cell and far lines are no neighbours"
        );
        assert!(starts[3].is_empty());
    }
}
