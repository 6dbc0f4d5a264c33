//! The shape of a report format as plain data: sections, text fields, tables with their header grids,
//! and the rules that tie the numbers together.
//!
//! A template is a `static` value (see [`crate::template_2021`]). Everything that shows or checks a
//! report — the form, the checker, the JSON document and the HTML export — walks this one definition,
//! so every label exists exactly once in the code base. A second format (the 2019 one, a future
//! revision) is a second `static Template`, not new code paths.

/// A whole report format.
#[derive(Debug)]
pub struct Template {
    /// Stable id written into JSON documents, e.g. `"2021"`.
    pub id: &'static str,
    /// The notice that issued the format, e.g. `国办公开办函〔2021〕30号`.
    pub issued_by: &'static str,
    /// The earliest report year this format is for.
    pub first_year: u16,
    /// The labels of the header fields.
    pub header: HeaderLabels,
    /// Words that make up the title after `<机关名称><年度>年`.
    pub title_suffix: &'static str,
    /// The preamble with `{title}` and `{year}` placeholders.
    pub preamble: &'static str,
    pub sections: &'static [Section],
    pub rules: &'static [Rule],
}

/// The labels of the report's header fields.
#[derive(Debug)]
pub struct HeaderLabels {
    pub agency: &'static str,
    pub year: &'static str,
    pub published: &'static str,
    pub preamble: &'static str,
}

/// One of the numbered sections (一 to 六).
#[derive(Debug)]
pub struct Section {
    /// The heading exactly as the format words it, e.g. `一、总体情况`.
    pub heading: &'static str,
    /// How messages name the section, e.g. `第一部分`.
    pub name: &'static str,
    pub items: &'static [Item],
}

/// What a section is made of, in order.
#[derive(Debug)]
pub enum Item {
    Text(&'static TextField),
    Table(&'static Table),
    Fee(&'static FeeField),
}

/// A prose field, shown with its heading (if any) and typed freely.
#[derive(Debug)]
pub struct TextField {
    /// Stable id, the key in JSON documents, e.g. `"overview.active"`.
    pub id: &'static str,
    /// The sub-heading, e.g. `（一）主动公开`; empty for a field without its own heading.
    pub heading: &'static str,
    /// A hint of what to write, shown as a placeholder.
    pub hint: &'static str,
}

/// The structured 收取信息处理费情况 item of section 六.
#[derive(Debug)]
pub struct FeeField {
    pub heading: &'static str,
    /// The question the choice answers.
    pub question: &'static str,
    /// The sentence the export writes when no fee was charged.
    pub none_sentence: &'static str,
    /// The sentence written when a fee was charged; `{amount}` is replaced by the amount in 元.
    pub charged_sentence: &'static str,
    pub amount_label: &'static str,
    pub note_hint: &'static str,
}

/// What kind of number every cell of a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// A count: a non-negative integer.
    Count,
    /// Money in 万元 with up to 6 decimals, kept exactly as an integer number of 分 (0.000001 万元).
    Wanyuan,
}

impl CellKind {
    /// Decimal places allowed (and the scale of the stored integer).
    pub fn decimals(self) -> u32 {
        match self {
            CellKind::Count => 0,
            CellKind::Wanyuan => 6,
        }
    }
}

/// One header cell of a table, with its spans as in the official layout.
#[derive(Debug)]
pub struct HeaderCell {
    pub text: &'static str,
    pub rowspan: u8,
    pub colspan: u8,
}

/// Shorthand used by template definitions.
pub const fn th(text: &'static str, rowspan: u8, colspan: u8) -> HeaderCell {
    HeaderCell {
        text,
        rowspan,
        colspan,
    }
}

/// A data row: its labels from the outermost group to the row itself.
///
/// Rows that share leading labels are drawn with merged label cells (e.g. `三、本年度办理结果` spans the
/// 22 result rows). A row with fewer labels than the table has label columns stretches its last label
/// over the remaining columns.
#[derive(Debug)]
pub struct Row {
    pub labels: &'static [&'static str],
}

/// A table of numbers.
#[derive(Debug)]
pub struct Table {
    /// Stable id, the key in JSON documents, e.g. `"applications"`.
    pub id: &'static str,
    /// A caption row drawn above the header, spanning the table (section 二's `第二十条第（一）项`).
    pub caption: &'static str,
    /// How messages name the table, e.g. `第三部分`.
    pub name: &'static str,
    /// Header rows, left to right, top to bottom, as in HTML: a cell covered by an earlier row's
    /// rowspan is not listed again. The first row starts with the corner cell over the label columns
    /// when `label_columns > 0`.
    pub header: &'static [&'static [HeaderCell]],
    /// How many columns the row labels take.
    pub label_columns: u8,
    pub rows: &'static [Row],
    /// How many numeric columns there are.
    pub columns: u8,
    pub kind: CellKind,
}

impl Table {
    /// Number of numeric cells.
    pub fn cell_count(&self) -> usize {
        self.rows.len() * usize::from(self.columns)
    }

    /// The header cells above numeric column `col`, top to bottom (not counting the corner).
    pub fn column_headers(&self, col: usize) -> Vec<&'static str> {
        let target = col + usize::from(self.label_columns);
        let mut out = Vec::new();
        for (cell, _row, first_col) in self.header_layout() {
            let span = first_col..first_col + usize::from(cell.colspan);
            if span.contains(&target) && first_col >= usize::from(self.label_columns) {
                out.push(cell.text);
            }
        }
        out
    }

    /// The lowest header cell of a numeric column, e.g. `商业企业`.
    pub fn column_label(&self, col: usize) -> &'static str {
        self.column_headers(col).last().copied().unwrap_or("")
    }

    /// The column's name for people: its header cells without those that span every numeric column
    /// (`申请人情况`), e.g. `法人或其他组织 商业企业` or `行政诉讼 复议后起诉 总计`.
    pub fn column_name(&self, col: usize) -> String {
        let spanning_all: Vec<&str> = self
            .header_layout()
            .into_iter()
            .filter(|(c, _, first)| {
                self.columns > 1
                    && *first == usize::from(self.label_columns)
                    && c.colspan == self.columns
            })
            .map(|(c, _, _)| c.text)
            .collect();
        self.column_headers(col)
            .into_iter()
            .filter(|t| !spanning_all.contains(t))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The row's name for people: its labels below the outermost group, e.g. `（三）不予公开 1.属于国家秘密`.
    pub fn row_name(&self, row: usize) -> String {
        let labels = self.rows[row].labels;
        match labels.len() {
            0 => String::new(),
            1 => labels[0].to_string(),
            _ => labels[1..].join(" "),
        }
    }

    /// The row's short name: the numbering of each level, e.g. `三（三）1` or `一`.
    pub fn row_short(&self, row: usize) -> String {
        self.rows[row].labels.iter().map(|l| numbering(l)).collect()
    }

    /// Every header cell with the header row it starts in and the first grid column it covers.
    pub fn header_layout(&self) -> Vec<(&'static HeaderCell, usize, usize)> {
        let width = usize::from(self.label_columns) + usize::from(self.columns);
        let mut taken = vec![vec![false; width]; self.header.len()];
        let mut out = Vec::new();
        for (r, cells) in self.header.iter().enumerate() {
            let mut c = 0;
            for cell in cells.iter() {
                while c < width && taken[r][c] {
                    c += 1;
                }
                for row in taken.iter_mut().skip(r).take(usize::from(cell.rowspan)) {
                    for slot in row.iter_mut().skip(c).take(usize::from(cell.colspan)) {
                        *slot = true;
                    }
                }
                out.push((cell, r, c));
                c += usize::from(cell.colspan);
            }
        }
        out
    }

    /// The label cells to draw at the start of data row `row`: `(text, rowspan, colspan)`, skipping
    /// labels merged into a cell started by an earlier row.
    pub fn row_label_cells(&self, row: usize) -> Vec<(&'static str, usize, usize)> {
        let labels = self.rows[row].labels;
        let mut out = Vec::new();
        for level in 0..labels.len() {
            let prefix = &labels[..=level];
            let starts_here = row == 0 || !self.rows[row - 1].labels.starts_with(prefix);
            if !starts_here {
                continue;
            }
            let rowspan = self.rows[row..]
                .iter()
                .take_while(|r| r.labels.starts_with(prefix))
                .count();
            let colspan = if level + 1 == labels.len() {
                usize::from(self.label_columns) - level
            } else {
                1
            };
            out.push((labels[level], rowspan, colspan));
        }
        out
    }
}

/// The numbering at the start of a label: `三、本年度办理结果` → `三`, `（三）不予公开` → `（三）`,
/// `1.属于国家秘密` → `1`.
pub fn numbering(label: &str) -> &str {
    // Decide by the first character: a later `、` inside `1.申请人…不补正、行政机关…` is not numbering.
    let end = if label.starts_with('（') {
        label.find('）').map(|i| i + '）'.len_utf8())
    } else if label.starts_with(|c: char| c.is_ascii_digit()) {
        label.find('.')
    } else {
        label.find('、')
    };
    end.map_or(label, |i| &label[..i])
}

/// Which cells a rule line runs along.
#[derive(Debug, Clone, Copy)]
pub enum Along {
    /// For each listed column, the rule adds up rows.
    Columns(&'static [usize]),
    /// For each listed row, the rule adds up columns.
    Rows(&'static [usize]),
}

/// A rule of the format. Each names its id as the reference does (H1–H6, S1–S6).
#[derive(Debug)]
pub enum Rule {
    /// Along each line, the sum of `lhs` equals the sum of `rhs` (H1–H4). When `derives` is set,
    /// `rhs` is a single cell computed from `lhs` in auto-total mode.
    Sum {
        id: &'static str,
        table: &'static str,
        along: Along,
        lhs: &'static [usize],
        rhs: &'static [usize],
        /// Names the line in messages instead of the row or column name (H4's `行政复议`).
        scope: &'static str,
        derives: bool,
    },
    /// Every cell holds a number (H5). Blank and placeholder entries are named here.
    AllFilled {
        id: &'static str,
        placeholders: &'static [&'static str],
    },
    /// Required header fields are filled and every prose section says something (H6). Each group
    /// lists the text ids of one section; [`FEE_ID`] stands for the structured fee item.
    Structure {
        id: &'static str,
        sections: &'static [&'static [&'static str]],
    },
    /// This year's carried-over row equals last year's carried-forward row (S1).
    CarryOver {
        id: &'static str,
        table: &'static str,
        this_row: usize,
        last_row: usize,
    },
    /// Stock = last year's stock + issued − repealed (S2).
    Stock {
        id: &'static str,
        table: &'static str,
        rows: &'static [usize],
        issued: usize,
        repealed: usize,
        stock: usize,
    },
    /// Numbers stated in prose agree with the table (S3).
    ProseNumbers {
        id: &'static str,
        texts: &'static [&'static str],
        table: &'static str,
        total_column: usize,
        claims: &'static [ProseClaim],
    },
    /// Texts must say something (not blank, not just `无`) (S4).
    Substantive {
        id: &'static str,
        texts: &'static [&'static str],
        /// The fee position must be stated.
        fee: bool,
    },
    /// A fee charged or an unpaid fee notice must be reported in the fee item (S5).
    FeeReported {
        id: &'static str,
        table: &'static str,
        row: usize,
        total_column: usize,
    },
    /// The report year is a past year and not before the template's first year (S6).
    PastYear { id: &'static str },
}

/// Stands for the fee item in [`Rule::Structure`] groups.
pub const FEE_ID: &str = "fee";

/// A number that prose may state, and the row of the table it must agree with. How prose is read is
/// in [`crate::prose`].
#[derive(Debug)]
pub struct ProseClaim {
    /// What is stated, for messages, e.g. `本年新收申请`.
    pub what: &'static str,
    /// Phrases that introduce the number (`<number>件` follows in the same clause, or just before:
    /// `1件结转下年度`). `#` stands for a run of digits (`结转至#年` for `结转至2026年`). Earlier
    /// phrases win when a text uses several (`新收` is more precise than `收到`).
    pub cues: &'static [&'static str],
    /// Phrases that state zero (e.g. `未收到`), when what follows is about 政府信息公开申请.
    pub zero_cues: &'static [&'static str],
    pub row: usize,
    /// A row that the same words often count in too (`收到…件` often includes 上年结转): when the text
    /// says so (`含上年结转2件`) the number is compared with both rows together, and when it does not
    /// but matches them, the message says so.
    pub plus: Option<&'static ProseClaim>,
}

impl Rule {
    pub fn id(&self) -> &'static str {
        match self {
            Rule::Sum { id, .. }
            | Rule::AllFilled { id, .. }
            | Rule::Structure { id, .. }
            | Rule::CarryOver { id, .. }
            | Rule::Stock { id, .. }
            | Rule::ProseNumbers { id, .. }
            | Rule::Substantive { id, .. }
            | Rule::FeeReported { id, .. }
            | Rule::PastYear { id } => id,
        }
    }
}

impl Template {
    pub fn tables(&self) -> impl Iterator<Item = &'static Table> + '_ {
        self.sections
            .iter()
            .flat_map(|s| s.items)
            .filter_map(|i| match i {
                Item::Table(t) => Some(*t),
                _ => None,
            })
    }

    pub fn texts(&self) -> impl Iterator<Item = &'static TextField> + '_ {
        self.sections
            .iter()
            .flat_map(|s| s.items)
            .filter_map(|i| match i {
                Item::Text(t) => Some(*t),
                _ => None,
            })
    }

    pub fn fee(&self) -> Option<&'static FeeField> {
        self.sections
            .iter()
            .flat_map(|s| s.items)
            .find_map(|i| match i {
                Item::Fee(f) => Some(*f),
                _ => None,
            })
    }

    /// Index of a table among [`Template::tables`].
    pub fn table_index(&self, id: &str) -> Option<usize> {
        self.tables().position(|t| t.id == id)
    }

    /// The stand-ins for a number (`/`, `—`, `无` …) that the template's [`Rule::AllFilled`] names.
    pub fn placeholders(&self) -> &'static [&'static str] {
        self.rules
            .iter()
            .find_map(|r| match r {
                Rule::AllFilled { placeholders, .. } => Some(*placeholders),
                _ => None,
            })
            .unwrap_or(&[])
    }

    /// A table by id, with its index among [`Template::tables`].
    pub fn find_table(&self, id: &str) -> Option<(usize, &'static Table)> {
        self.tables().enumerate().find(|(_, t)| t.id == id)
    }

    pub fn table(&self, id: &str) -> Option<&'static Table> {
        self.tables().find(|t| t.id == id)
    }

    /// Index of a text among [`Template::texts`].
    pub fn text_index(&self, id: &str) -> Option<usize> {
        self.texts().position(|t| t.id == id)
    }

    /// The section a table or text belongs to (0-based).
    pub fn section_of_table(&self, id: &str) -> usize {
        self.sections
            .iter()
            .position(|s| {
                s.items
                    .iter()
                    .any(|i| matches!(i, Item::Table(t) if t.id == id))
            })
            .unwrap_or(0)
    }

    pub fn section_of_text(&self, id: &str) -> usize {
        self.sections
            .iter()
            .position(|s| {
                s.items
                    .iter()
                    .any(|i| matches!(i, Item::Text(t) if t.id == id))
            })
            .unwrap_or(0)
    }

    pub fn section_of_fee(&self) -> usize {
        self.sections
            .iter()
            .position(|s| s.items.iter().any(|i| matches!(i, Item::Fee(_))))
            .unwrap_or(0)
    }

    /// The title: `<机关名称><年度>年政府信息公开工作年度报告`.
    pub fn title(&self, agency: &str, year: &str) -> String {
        format!("{agency}{year}年{}", self.title_suffix)
    }

    /// The usual preamble for a title and year.
    pub fn default_preamble(&self, agency: &str, year: &str) -> String {
        self.preamble
            .replace("{issued_by}", self.issued_by)
            .replace("{title}", &self.title(agency, year))
            .replace("{year}", year)
    }

    /// Cells (`(table index, row, column)`) that auto-total mode computes.
    pub fn derived_cells(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for rule in self.rules {
            if let Rule::Sum {
                table,
                along,
                rhs,
                derives: true,
                ..
            } = rule
            {
                let Some(t) = self.table_index(table) else {
                    continue;
                };
                match along {
                    Along::Columns(cols) => {
                        for &c in *cols {
                            out.push((t, rhs[0], c));
                        }
                    }
                    Along::Rows(rows) => {
                        for &r in *rows {
                            out.push((t, r, rhs[0]));
                        }
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Finds a template by its id.
pub fn by_id(id: &str) -> Option<&'static Template> {
    [&crate::template_2021::TEMPLATE]
        .into_iter()
        .find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::numbering;

    #[test]
    fn numbering_of_labels_with_a_later_enumeration_comma() {
        assert_eq!(numbering("三、本年度办理结果"), "三");
        assert_eq!(numbering("（三）不予公开"), "（三）");
        assert_eq!(numbering("1.属于国家秘密"), "1");
        assert_eq!(
            numbering("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            "1"
        );
    }
}
