//! Moving about a table as in a spreadsheet, and the range of cells selected in it: where each key
//! takes the focus, stepping over computed cells. Pure, so it is tested on the host; the table's
//! component (`components/table_view.rs`) reads the keys and moves the focus.

/// A cell's place in its table: (row, column).
pub type Place = (usize, usize);

/// A move the keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    Left,
    Right,
    /// The row's first cell one types in (Home).
    RowStart,
    /// The row's last (End).
    RowEnd,
    /// The table's first (Ctrl+Home).
    First,
    /// The table's last (Ctrl+End).
    Last,
}

/// Where `step` goes from `at` in a table of `size` (rows, columns), where `locked` cells are
/// computed and never take the focus by keyboard. `None` at the table's edge.
pub fn target(
    step: Move,
    at: Place,
    size: Place,
    locked: &dyn Fn(usize, usize) -> bool,
) -> Option<Place> {
    let (rows, cols) = size;
    let (r, c) = at;
    let open = |&(r, c): &Place| !locked(r, c);
    match step {
        Move::Up => (0..r).rev().map(|r| (r, c)).find(open),
        Move::Down => (r + 1..rows).map(|r| (r, c)).find(open),
        Move::Left => (0..c).rev().map(|c| (r, c)).find(open),
        Move::Right => (c + 1..cols).map(|c| (r, c)).find(open),
        Move::RowStart => (0..cols).map(|c| (r, c)).find(open),
        Move::RowEnd => (0..cols).rev().map(|c| (r, c)).find(open),
        Move::First => (0..rows * cols).map(|i| (i / cols, i % cols)).find(open),
        Move::Last => (0..rows * cols)
            .rev()
            .map(|i| (i / cols, i % cols))
            .find(open),
    }
}

/// A range of selected cells: the cell it started at (which keeps the focus) and the far corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub anchor: Place,
    pub far: Place,
}

impl Range {
    /// First and last row.
    pub fn rows(&self) -> (usize, usize) {
        (self.anchor.0.min(self.far.0), self.anchor.0.max(self.far.0))
    }

    /// First and last column.
    pub fn cols(&self) -> (usize, usize) {
        (self.anchor.1.min(self.far.1), self.anchor.1.max(self.far.1))
    }

    /// More than the one cell that has the focus.
    pub fn is_block(&self) -> bool {
        self.anchor != self.far
    }

    /// The columns selected in `row`, if any.
    pub fn in_row(&self, row: usize) -> Option<(usize, usize)> {
        let (top, bottom) = self.rows();
        (top..=bottom).contains(&row).then(|| self.cols())
    }

    /// The far corner moved one step (Shift+arrows), within the table; computed cells are part of
    /// a range like any other (they are copied out too).
    pub fn extend(self, step: Move, size: Place) -> Range {
        let far = target(step, self.far, size, &|_, _| false).unwrap_or(self.far);
        Range { far, ..self }
    }
}

/// Where the caret is in a cell's entry: the arrow keys leave a cell sideways only from its edge,
/// and always from an entry just entered (all of it selected) or empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caret {
    /// All of the entry is selected, or it is empty.
    All,
    Start,
    End,
    /// Inside the entry, or part of it selected: the keys edit it.
    Middle,
}

/// The caret from the selection's `start` and `end` in an entry of `len` UTF-16 units.
pub fn caret(start: u32, end: u32, len: u32) -> Caret {
    match (start, end) {
        _ if len == 0 || (start == 0 && end >= len) => Caret::All,
        (0, 0) => Caret::Start,
        (s, e) if s == e && e >= len => Caret::End,
        _ => Caret::Middle,
    }
}

/// Where a cell's id says it is: ids end in `-<row>-<column>` (`nb-cell-applications-3-2`).
pub fn place_of(id: &str) -> Option<Place> {
    let mut parts = id.rsplitn(3, '-');
    let col = parts.next()?.parse().ok()?;
    let row = parts.next()?.parse().ok()?;
    Some((row, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The application table's shape: 25 × 7, column 6 and row 23 computed.
    fn applications(r: usize, c: usize) -> bool {
        c == 6 || r == 23
    }

    #[test]
    fn arrows_step_over_computed_cells_and_stop_at_the_edges() {
        let size = (25, 7);
        assert_eq!(
            target(Move::Down, (22, 0), size, &applications),
            Some((24, 0))
        );
        assert_eq!(
            target(Move::Up, (24, 0), size, &applications),
            Some((22, 0))
        );
        assert_eq!(target(Move::Right, (0, 5), size, &applications), None);
        assert_eq!(target(Move::Left, (0, 0), size, &applications), None);
        assert_eq!(target(Move::Down, (24, 3), size, &applications), None);
        assert_eq!(
            target(Move::RowEnd, (3, 1), size, &applications),
            Some((3, 5))
        );
        assert_eq!(
            target(Move::RowStart, (3, 4), size, &applications),
            Some((3, 0))
        );
        assert_eq!(
            target(Move::First, (9, 4), size, &applications),
            Some((0, 0))
        );
        assert_eq!(
            target(Move::Last, (0, 0), size, &applications),
            Some((24, 5))
        );
        // Section 四: the 总计 of each group.
        let reviews = |_: usize, c: usize| c % 5 == 4;
        assert_eq!(target(Move::Right, (0, 3), (1, 15), &reviews), Some((0, 5)));
        assert_eq!(target(Move::Last, (0, 0), (1, 15), &reviews), Some((0, 13)));
    }

    #[test]
    fn a_range_grows_from_its_anchor_and_stays_in_the_table() {
        let size = (25, 7);
        let one = Range {
            anchor: (0, 0),
            far: (0, 0),
        };
        assert!(!one.is_block());
        let range = one
            .extend(Move::Right, size)
            .extend(Move::Down, size)
            .extend(Move::Down, size);
        assert_eq!((range.rows(), range.cols()), ((0, 2), (0, 1)));
        assert_eq!(range.in_row(2), Some((0, 1)));
        assert_eq!(range.in_row(3), None);
        assert_eq!(one.extend(Move::Up, size), one);
    }

    #[test]
    fn a_cell_id_names_its_place() {
        assert_eq!(place_of("nb-cell-applications-3-2"), Some((3, 2)));
        assert_eq!(place_of("nb-cell-reviews-0-14"), Some((0, 14)));
        assert_eq!(place_of("nb-section-1"), None);
    }
}
