//! What a published report shows of a draft — the title, paragraphs, sub-headings, tables with the
//! cells as they read, the fee sentence and the signature — worked out once for every exporter: the
//! HTML page ([`crate::html`]), the copy for a portal's editor ([`crate::editor`]), and
//! the Word document (`nianbao-import`'s `docx_out`). Each exporter only lays this out.
//!
//! Choices (the same in every exporter):
//! - A text with a sub-heading keeps its heading even when blank, so every report has the full
//!   structure of the format, and under it a blank text reads “无” ([`NONE`]): that is what a
//!   published report says of an item with nothing to report, where a bare heading reads as a page
//!   lost in printing. A blank text without a heading (the optional introduction) shows nothing.
//!   “无” is never put into the draft.
//! - The fee item keeps its heading too; its sentence is shown only once the question is answered,
//!   and a note typed before answering is still shown (nothing typed is dropped).
//! - Cells show the canonical number when the entry reads as one, else the entry as typed (trimmed),
//!   so a `/` or a typing mistake stays visible instead of turning into a number.
//! - Code points HTML forbids in a document (controls other than whitespace, noncharacters) are left
//!   out of what is shown, where they would only show as nothing or as boxes (and XML 1.0 forbids
//!   most of them too).

use std::borrow::Cow;

use crate::model::{read_cell, Date, Draft};
use crate::number::{self, Entry};
use crate::template::{FeeField, Item, Section, Table, Template};

/// What is shown under a sub-heading whose text is blank: the word official reports use for an item
/// with nothing to report.
pub const NONE: &str = "无";

/// The report as it is published.
#[derive(Debug, Clone)]
pub struct Shown {
    pub template: &'static Template,
    /// `<机关名称><年度>年政府信息公开工作年度报告`.
    pub title: String,
    /// The preamble's paragraphs.
    pub preamble: Vec<String>,
    pub sections: Vec<ShownSection>,
    /// The signature: the issuing body …
    pub agency: String,
    /// … and the date of publication, when it reads as one …
    pub published: Option<Date>,
    /// … else as typed (blank when none was).
    pub published_text: String,
    pub year: String,
}

/// One of the six sections as published.
#[derive(Debug, Clone)]
pub struct ShownSection {
    pub section: &'static Section,
    pub parts: Vec<Part>,
}

/// A part of a section, in order.
#[derive(Debug, Clone)]
pub enum Part {
    /// A sub-heading (`（一）主动公开`, the fee item's).
    SubHeading(&'static str),
    /// Paragraphs, each one line of what was typed, trimmed.
    Paragraphs(Vec<String>),
    /// A table and what each of its cells shows, row by row.
    Table {
        table: &'static Table,
        cells: Vec<String>,
    },
}

impl Shown {
    /// The signature's date as people read it (`2025年1月20日`), or as typed.
    pub fn date_text(&self) -> String {
        match self.published {
            Some(date) => date.chinese(),
            None => self.published_text.clone(),
        }
    }

    /// The report as lines, in the order it is published: the title, the preamble, each heading,
    /// sub-heading and paragraph, each table as `table` writes it, then the signature; blank lines
    /// left out.
    pub fn lines(&self, table: impl Fn(&'static Table, &[String]) -> Vec<String>) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        out.extend(self.preamble.iter().cloned());
        for section in &self.sections {
            out.push(section.section.heading.to_string());
            for part in &section.parts {
                match part {
                    Part::SubHeading(heading) => out.push(heading.to_string()),
                    Part::Paragraphs(lines) => out.extend(lines.iter().cloned()),
                    Part::Table { table: t, cells } => out.extend(table(t, cells)),
                }
            }
        }
        out.extend([self.agency.clone(), self.date_text()]);
        out.retain(|s| !s.is_empty());
        out
    }

    /// Every paragraph, heading, label and cell in the order they are published, one string each:
    /// what tests compare the exports' text against.
    pub fn texts(&self) -> Vec<String> {
        self.lines(|table, cells| {
            table_texts(table, cells)
                .into_iter()
                .map(String::from)
                .collect()
        })
    }
}

/// What a cell of a published table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellRole {
    /// The caption row over the whole table (section 二's `第二十条第（一）项`).
    Caption,
    /// A header cell.
    Head,
    /// A row label (merged over the rows and label columns it spans).
    Label,
    /// A figure.
    Figure,
}

/// A cell of a published table as drawn: what it shows and what it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableCell<'a> {
    pub text: &'a str,
    pub rowspan: usize,
    pub colspan: usize,
    pub role: CellRole,
}

/// A table's rows as drawn, the caption row and the header rows first: each row's cells left to
/// right, a cell merged over several rows given only in the row it starts in (as HTML has it).
pub fn table_rows<'a>(table: &'static Table, cells: &'a [String]) -> Vec<Vec<TableCell<'a>>> {
    let cell = |text: &'a str, rowspan: usize, colspan: usize, role| TableCell {
        text,
        rowspan,
        colspan,
        role,
    };
    let width = usize::from(table.label_columns) + usize::from(table.columns);
    let mut rows = Vec::new();
    if !table.caption.is_empty() {
        rows.push(vec![cell(table.caption, 1, width, CellRole::Caption)]);
    }
    let layout = table.header_layout();
    for r in 0..table.header.len() {
        rows.push(
            layout
                .iter()
                .filter(|(_, row, _)| *row == r)
                .map(|(c, _, _)| {
                    let (rowspan, colspan) = (usize::from(c.rowspan), usize::from(c.colspan));
                    cell(c.text, rowspan, colspan, CellRole::Head)
                })
                .collect(),
        );
    }
    let columns = usize::from(table.columns);
    for row in 0..table.rows.len() {
        let mut line: Vec<TableCell> = table
            .row_label_cells(row)
            .into_iter()
            .map(|(label, rowspan, colspan)| cell(label, rowspan, colspan, CellRole::Label))
            .collect();
        line.extend((0..columns).map(|col| {
            let text = cells.get(row * columns + col).map_or("", String::as_str);
            cell(text, 1, 1, CellRole::Figure)
        }));
        rows.push(line);
    }
    rows
}

/// A cell of a published table with its place on the table's grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacedCell<'a> {
    /// The grid row it starts in, the caption and header rows counted.
    pub row: usize,
    /// The first grid column it covers (label columns counted).
    pub col: usize,
    pub cell: TableCell<'a>,
}

/// [`table_rows`] placed on the grid: each cell in the first column its row leaves free once the
/// cells above that span down into it are counted (as HTML lays out a table).
pub fn table_grid<'a>(table: &'static Table, cells: &'a [String]) -> Vec<PlacedCell<'a>> {
    let rows = table_rows(table, cells);
    let width = usize::from(table.label_columns) + usize::from(table.columns);
    let mut taken = vec![vec![false; width]; rows.len()];
    let mut out = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let mut col = 0;
        for cell in row {
            while col < width && taken[r][col] {
                col += 1;
            }
            for line in taken.iter_mut().skip(r).take(cell.rowspan) {
                for slot in line.iter_mut().skip(col).take(cell.colspan) {
                    *slot = true;
                }
            }
            out.push(PlacedCell { row: r, col, cell });
            col += cell.colspan;
        }
    }
    out
}

/// A table's caption, header cells, then each row's label cells and cells, in reading order.
pub fn table_texts<'a>(table: &'static Table, cells: &'a [String]) -> Vec<&'a str> {
    table_rows(table, cells)
        .into_iter()
        .flatten()
        .map(|c| c.text)
        .collect()
}

/// The report as published.
pub fn shown(draft: &Draft) -> Shown {
    let template = draft.template;
    let published_text = trimmed(&draft.published).into_owned();
    Shown {
        template,
        title: clean(&draft.title()).into_owned(),
        preamble: lines(&draft.preamble_text()),
        sections: template
            .sections
            .iter()
            .map(|section| ShownSection {
                section,
                parts: section_parts(draft, section),
            })
            .collect(),
        agency: trimmed(&draft.agency).into_owned(),
        published: Date::parse(&published_text),
        published_text,
        year: trimmed(&draft.year).into_owned(),
    }
}

fn section_parts(draft: &Draft, section: &Section) -> Vec<Part> {
    let template = draft.template;
    let mut parts = Vec::new();
    for item in section.items {
        match item {
            Item::Text(text) => {
                let typed = template
                    .text_index(text.id)
                    .and_then(|i| draft.texts.get(i))
                    .map_or("", String::as_str);
                let lines = lines(typed);
                if text.heading.is_empty() {
                    if !lines.is_empty() {
                        parts.push(Part::Paragraphs(lines));
                    }
                } else {
                    parts.push(Part::SubHeading(text.heading));
                    parts.push(Part::Paragraphs(if lines.is_empty() {
                        vec![NONE.to_string()]
                    } else {
                        lines
                    }));
                }
            }
            Item::Table(table) => {
                if let Some(t) = template.table_index(table.id) {
                    let typed = draft.tables.get(t).map_or(&[][..], Vec::as_slice);
                    let placeholders = template.placeholders();
                    let cells = (0..table.cell_count())
                        .map(|i| {
                            cell_text(typed.get(i).map_or("", String::as_str), table, placeholders)
                                .into_owned()
                        })
                        .collect();
                    parts.push(Part::Table { table, cells });
                }
            }
            Item::Fee(fee) => {
                parts.push(Part::SubHeading(fee.heading));
                let mut lines: Vec<String> = fee_sentence(draft, fee).into_iter().collect();
                lines.extend(self::lines(&draft.fee.note));
                if !lines.is_empty() {
                    parts.push(Part::Paragraphs(lines));
                }
            }
        }
    }
    parts
}

/// The template's sentence for the fee answer, once the question is answered.
pub fn fee_sentence(draft: &Draft, fee: &FeeField) -> Option<String> {
    draft.fee.charged.map(|charged| {
        if charged {
            let raw = &draft.fee.amount;
            let amount =
                match number::parse(raw, 2, number::MAX_YUAN_FEN, draft.template.placeholders()) {
                    Entry::Value(v) => number::format(v, 2),
                    _ => trimmed(raw).into_owned(),
                };
            fee.charged_sentence.replace("{amount}", &amount)
        } else {
            fee.none_sentence.to_string()
        }
    })
}

/// What a cell shows: the canonical number, or the entry as typed when it is not one.
fn cell_text<'a>(raw: &'a str, table: &Table, placeholders: &[&str]) -> Cow<'a, str> {
    match read_cell(raw, table.kind, placeholders) {
        Entry::Value(v) => number::format(v, table.kind.decimals()).into(),
        _ => trimmed(raw),
    }
}

/// Whether HTML forbids a code point in a document: controls other than ASCII whitespace, and
/// noncharacters. People paste them from other programs without seeing them.
pub fn forbidden(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// The text without forbidden code points (see [`forbidden`]).
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().any(forbidden) {
        text.chars()
            .filter(|c| !forbidden(*c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// What is shown of an entry: without forbidden code points, then trimmed.
pub fn trimmed(text: &str) -> Cow<'_, str> {
    match clean(text) {
        Cow::Borrowed(s) => Cow::Borrowed(number::trim(s)),
        Cow::Owned(s) => Cow::Owned(number::trim(&s).to_string()),
    }
}

/// The lines of a text as shown: without forbidden code points, trimmed, blank ones left out.
pub fn lines(text: &str) -> Vec<String> {
    clean(text)
        .lines()
        .map(number::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_code_points_leave_the_text() {
        assert_eq!(clean("a\u{1}b\u{85}c\u{fffe}d\u{1fffe}\te\n"), "abcd\te\n");
        assert!(matches!(clean("政府\u{2028}"), Cow::Borrowed(_)));
        assert_eq!(trimmed("\u{1} 12 \u{7f}"), "12");
        assert_eq!(lines("\u{1}\n a \n"), vec!["a"]);
    }

    /// Laid out with their spans, a table's rows cover its grid (label columns and figures, caption,
    /// head and data rows) exactly once: no cell left out, none drawn twice.
    #[test]
    fn table_rows_cover_each_table_grid_exactly_once() {
        let template = crate::current_template();
        for table in template.tables() {
            let cells = vec![String::new(); table.cell_count()];
            let width = usize::from(table.label_columns) + usize::from(table.columns);
            let height =
                usize::from(!table.caption.is_empty()) + table.header.len() + table.rows.len();
            assert_eq!(table_rows(table, &cells).len(), height, "{}", table.id);
            let mut covered = vec![vec![0u8; width]; height];
            for placed in table_grid(table, &cells) {
                for line in covered
                    .iter_mut()
                    .skip(placed.row)
                    .take(placed.cell.rowspan)
                {
                    for slot in line.iter_mut().skip(placed.col).take(placed.cell.colspan) {
                        *slot += 1;
                    }
                }
            }
            assert!(
                covered.iter().flatten().all(|&n| n == 1),
                "{}: {covered:?}",
                table.id
            );
        }
        // 三、本年度办理结果 spans its 22 result rows.
        let applications = template.tables().find(|t| t.id == "applications").unwrap();
        let cells = vec![String::new(); applications.cell_count()];
        assert!(table_rows(applications, &cells)
            .iter()
            .flatten()
            .any(|c| c.role == CellRole::Label && c.rowspan == 22));
    }

    #[test]
    fn a_blank_draft_keeps_every_sub_heading_with_none_under_it() {
        let draft = Draft::new(crate::current_template());
        let shown = shown(&draft);
        assert_eq!(shown.sections.len(), 6);
        let texts = shown.texts();
        for section in crate::current_template().sections {
            assert!(texts.iter().any(|t| t == section.heading));
        }
        // A blank text under a sub-heading reads 无; the fee item has no sentence yet.
        let overview = &shown.sections[0].parts;
        assert!(overview
            .iter()
            .any(|p| matches!(p, Part::Paragraphs(l) if l == &[NONE])));
        assert!(shown.published.is_none());
    }
}
