//! A block of cells: read from what Excel, WPS 表格, LibreOffice Calc or a web page put on the
//! clipboard, placed into a table from one cell rightwards and downwards, and written back out as
//! tab-separated text and an HTML table, so a range copied from the form pastes into a spreadsheet
//! with the same shape.
//!
//! Entries stay as copied (only the spaces around them are trimmed): `１２`, `1,234` and `/` go into
//! the draft as they are, and the rules read or flag them as they do typed entries. Nothing is cut to
//! fit: a block larger than the room it is pasted into is refused whole ([`TooBig`]).

use crate::model::{Draft, Edit, FieldRef};
use crate::number;

/// Rows of cells, as copied.
pub type Grid = Vec<Vec<String>>;

/// Reads tab-separated text as spreadsheets copy it: lines end in `\r\n`, `\n` or `\r`, cells are
/// separated by tabs, and a cell holding a tab, a line break or a quote is quoted (`"a""b"`). The
/// line break after the last row, which Excel and WPS add, ends that row and makes none of its own.
pub fn from_tsv(text: &str) -> Grid {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    // Quoting applies only to a cell that starts with a quote.
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            }
            '"' if cell.is_empty() => quoted = true,
            _ if quoted => cell.push(c),
            '\t' => row.push(entry(&mut cell)),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                row.push(entry(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            _ => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(entry(&mut cell));
        rows.push(row);
    }
    // Empty lines at the end (WPS adds one) are line breaks, not rows: a row of blank cells copied
    // on purpose has its tabs.
    while rows
        .last()
        .is_some_and(|line: &Vec<String>| line.len() == 1 && line[0].is_empty())
    {
        rows.pop();
    }
    rows
}

/// A cell's entry: trimmed, and a line break inside (a quoted cell) read as a space, since a cell's
/// entry is one line.
fn entry(cell: &mut String) -> String {
    let text = crate::number::trim(cell)
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ");
    cell.clear();
    text
}

/// One cell of an HTML table: its text and spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpannedCell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
}

/// Lays out the rows of an HTML table (each a list of its `<td>`/`<th>` cells) on a grid, as a
/// browser draws them: a merged cell's text in its first place, the places it covers blank.
pub fn from_spans(rows: Vec<Vec<SpannedCell>>) -> Grid {
    // Places taken by a cell from a row above: (row, col).
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut grid: Grid = Vec::with_capacity(rows.len());
    for (r, cells) in rows.into_iter().enumerate() {
        let mut line: Vec<String> = Vec::new();
        let mut col = 0;
        for cell in cells {
            while taken.contains(&(r, col)) {
                col += 1;
            }
            // Spans are bounded: a page's `colspan="1000"` must not make a grid of millions.
            let (rowspan, colspan) = (cell.rowspan.clamp(1, 64), cell.colspan.clamp(1, 64));
            for dr in 0..rowspan {
                for dc in 0..colspan {
                    if dr + dc > 0 {
                        taken.push((r + dr, col + dc));
                    }
                }
            }
            if line.len() < col + 1 {
                line.resize(col + 1, String::new());
            }
            line[col] = crate::number::trim(&cell.text).to_string();
            col += colspan;
            line.resize(line.len().max(col), String::new());
        }
        grid.push(line);
    }
    // Rows without cells at the end (`<tr></tr>`, as editors leave) are not rows of the block.
    while grid.last().is_some_and(Vec::is_empty) && !taken.iter().any(|&(r, _)| r + 1 == grid.len())
    {
        grid.pop();
    }
    // Rows that are only covered by spans from above still have their width.
    for &(r, c) in &taken {
        if let Some(line) = grid.get_mut(r) {
            if line.len() <= c {
                line.resize(c + 1, String::new());
            }
        }
    }
    grid
}

/// A block placed in a table: the cells to set, and the block's entries that fell on computed cells
/// and were not written (auto totals works those out).
#[derive(Debug, PartialEq, Eq)]
pub struct Placed {
    /// `(row, column, entry)`.
    pub cells: Vec<(usize, usize, String)>,
    pub skipped: Vec<(usize, usize, String)>,
    /// Of `skipped`, the figures that are not what the form works out: `(row, column, pasted,
    /// computed)`.
    pub differ: Vec<(usize, usize, String, String)>,
    pub rows: usize,
    pub cols: usize,
    /// Computed rows or columns were stepped over (the block was copied without its totals).
    pub stepped: bool,
}

/// A block that does not fit: its size and the room from the cell it was pasted into to the table's
/// bottom and right edges (computed rows and columns the block would step over not counted).
#[derive(Debug, PartialEq, Eq)]
pub struct TooBig {
    pub rows: usize,
    pub cols: usize,
    pub room_rows: usize,
    pub room_cols: usize,
}

/// Places `block` in table `table` of `draft` from the cell (`row`, `col`). With auto totals on,
/// the computed rows and columns (the 总计) need a choice: a block copied from a sheet laid out
/// as the official table holds totals at their places, one copied from a sheet without them does
/// not. The block is taken to include them when it only fits that way, or when a figure at their
/// places is the total the form works out from the rest of it; otherwise the computed
/// rows and columns are stepped over. What falls on a computed cell is not written, and listed in
/// `differ` when it is not the total worked out.
///
/// Rows made only of blank cells at the block's end, and such a column at its right, are dropped
/// only when the block would not fit with them: spreadsheets add them, but a blank copied on
/// purpose clears its cell.
pub fn paste(
    draft: &Draft,
    table: usize,
    at: (usize, usize),
    block: &Grid,
    auto_totals: bool,
) -> Result<Placed, TooBig> {
    let template = draft.template;
    let Some(def) = template.tables().nth(table) else {
        return Err(TooBig {
            rows: block.len(),
            cols: 0,
            room_rows: 0,
            room_cols: 0,
        });
    };
    let derived = if auto_totals {
        template.derived_cells()
    } else {
        Vec::new()
    };
    let locked = |r: usize, c: usize| derived.contains(&(table, r, c));
    let size = (def.rows.len(), usize::from(def.columns));
    let stepping = place(block, size, at, &locked, false)?;
    let mut chosen = stepping;
    if let Ok(with_totals) = place(block, size, at, &locked, true) {
        if with_totals.cells != chosen.cells {
            // Totals people type do not always add up (published reports show it): one figure
            // that is the total worked out is enough to say the block holds totals.
            let (_, differ) = totals_after(draft, table, &with_totals, def.kind.decimals());
            let figures = with_totals
                .skipped
                .iter()
                .filter(|(.., v)| !number::trim(v).is_empty())
                .count();
            if figures > differ.len() {
                chosen = with_totals;
            }
        }
    }
    let (_, differ) = totals_after(draft, table, &chosen, def.kind.decimals());
    chosen.differ = differ;
    Ok(chosen)
}

/// The draft with `placed` written and its totals worked out, and the figures of `placed.skipped`
/// that are not those totals.
fn totals_after(
    draft: &Draft,
    table: usize,
    placed: &Placed,
    decimals: u32,
) -> (Draft, Vec<(usize, usize, String, String)>) {
    let cell = |row, col| FieldRef::Cell { table, row, col };
    let mut after = draft.clone();
    after.apply(Edit::Batch(
        placed
            .cells
            .iter()
            .map(|(r, c, v)| Edit::Set(cell(*r, *c), v.clone()))
            .collect(),
    ));
    let fill = after.fill_totals();
    after.apply(fill);
    let read = |v: &str| number::parse(v, decimals, u64::MAX, &[]);
    let differ = placed
        .skipped
        .iter()
        .filter_map(|(r, c, v)| {
            let computed = after.get(cell(*r, *c));
            (!number::trim(v).is_empty() && read(v) != read(computed))
                .then(|| (*r, *c, v.clone(), computed.to_string()))
        })
        .collect();
    (after, differ)
}

/// Places `block` at (`row`, `col`) of a table of `rows` × `cols` cells, where `locked(r, c)` says
/// a cell is computed. A row or column computed throughout is taken as part of the block when
/// `with_totals` (or when the block only fits with it), and stepped over otherwise.
fn place(
    block: &Grid,
    (rows, cols): (usize, usize),
    (row, col): (usize, usize),
    locked: &dyn Fn(usize, usize) -> bool,
    with_totals: bool,
) -> Result<Placed, TooBig> {
    let height = block.len();
    let width = block.iter().map(Vec::len).max().unwrap_or(0);
    let row_computed = |r: usize| (0..cols).all(|c| locked(r, c));
    let col_computed = |c: usize| (0..rows).all(|r| locked(r, c));
    let row_places = places(row, rows, height, &row_computed, with_totals);
    let col_places = places(col, cols, width, &col_computed, with_totals);
    let (Some(row_places), Some(col_places)) = (row_places, col_places) else {
        let blank_rows = block
            .iter()
            .rev()
            .take_while(|line| line.iter().all(String::is_empty))
            .count();
        let blank_col = width > 0
            && block
                .iter()
                .all(|line| line.len() < width || line[width - 1].is_empty());
        if blank_rows > 0 || blank_col {
            let trimmed: Grid = block[..height - blank_rows]
                .iter()
                .map(|line| line[..line.len().min(width - usize::from(blank_col))].to_vec())
                .collect();
            if trimmed.iter().any(|line| !line.is_empty()) {
                return place(&trimmed, (rows, cols), (row, col), locked, with_totals);
            }
        }
        return Err(TooBig {
            rows: height,
            cols: width,
            room_rows: (row..rows).filter(|&r| !row_computed(r)).count(),
            room_cols: (col..cols).filter(|&c| !col_computed(c)).count(),
        });
    };
    let spans = |p: &[usize], start: usize, n: usize| p.last().is_some_and(|&l| l + 1 > start + n);
    let mut placed = Placed {
        cells: Vec::new(),
        skipped: Vec::new(),
        differ: Vec::new(),
        rows: height,
        cols: width,
        stepped: spans(&row_places, row, height) || spans(&col_places, col, width),
    };
    for (line, &r) in block.iter().zip(&row_places) {
        for (c, &target) in col_places.iter().enumerate() {
            let text = line.get(c).cloned().unwrap_or_default();
            if locked(r, target) {
                placed.skipped.push((r, target, text));
            } else {
                placed.cells.push((r, target, text));
            }
        }
    }
    Ok(placed)
}

/// Where `n` lines of a block go from line `start` of `total`: every line when `with_totals`,
/// else stepping over computed lines; the other way when the first does not fit, `None` when
/// neither does.
fn places(
    start: usize,
    total: usize,
    n: usize,
    computed: &dyn Fn(usize) -> bool,
    with_totals: bool,
) -> Option<Vec<usize>> {
    let every = (start + n <= total).then(|| (start..start + n).collect::<Vec<usize>>());
    let open: Vec<usize> = (start..total)
        .filter(|&i| i == start || !computed(i))
        .collect();
    let stepping = (n <= open.len()).then(|| open[..n].to_vec());
    if with_totals {
        every.or(stepping)
    } else {
        stepping.or(every)
    }
}

/// The block as tab-separated text, each row ending in `\r\n` as Excel writes it. A cell holding a
/// tab, a line break or a quote is quoted.
pub fn to_tsv(grid: &Grid) -> String {
    let mut out = String::new();
    for line in grid {
        for (i, cell) in line.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            if cell.contains(['\t', '\r', '\n', '"']) {
                out.push('"');
                out.push_str(&cell.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(cell);
            }
        }
        out.push_str("\r\n");
    }
    out
}

/// The block as an HTML table, which Excel and WPS paste cell for cell.
pub fn to_html(grid: &Grid) -> String {
    let mut out = String::from("<table border=\"1\">");
    for line in grid {
        out.push_str("<tr>");
        for cell in line {
            out.push_str("<td>");
            for c in cell.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    _ => out.push(c),
                }
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}
