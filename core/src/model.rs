//! The report model: the [`Draft`] (every entry as typed), the [`Edit`]s that change it, and the
//! checked [`Report`] derived from it.
//!
//! The draft is the single source of truth. It keeps what the user typed, valid or not, so nothing is
//! ever dropped or zeroed; [`crate::check`] derives the typed report and the findings from it. Every
//! change — a keystroke, a paste, opening a file — is an [`Edit`] value applied by [`Draft::apply`],
//! which returns the edit that undoes it.

use crate::number::{self, Entry};
use crate::template::{CellKind, Template};

/// One editable place of a report. Indices follow [`Template::texts`] and [`Template::tables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldRef {
    Agency,
    Year,
    Published,
    Preamble,
    Text(usize),
    Cell {
        table: usize,
        row: usize,
        col: usize,
    },
    FeeCharged,
    FeeAmount,
    FeeNote,
}

impl FieldRef {
    /// A stable name for the field, used as DOM id suffix and in the JS API: `agency`,
    /// `text.overview.active`, `cell.applications.3.2`, `fee.amount`.
    pub fn key(&self, template: &Template) -> String {
        match *self {
            FieldRef::Agency => "agency".into(),
            FieldRef::Year => "year".into(),
            FieldRef::Published => "published".into(),
            FieldRef::Preamble => "preamble".into(),
            FieldRef::Text(i) => match template.texts().nth(i) {
                Some(t) => format!("text.{}", t.id),
                None => format!("text.{i}"),
            },
            FieldRef::Cell { table, row, col } => match template.tables().nth(table) {
                Some(t) => format!("cell.{}.{row}.{col}", t.id),
                None => format!("cell.{table}.{row}.{col}"),
            },
            FieldRef::FeeCharged => "fee.charged".into(),
            FieldRef::FeeAmount => "fee.amount".into(),
            FieldRef::FeeNote => "fee.note".into(),
        }
    }

    /// Reads a key written by [`FieldRef::key`].
    pub fn from_key(template: &Template, key: &str) -> Option<FieldRef> {
        Some(match key {
            "agency" => FieldRef::Agency,
            "year" => FieldRef::Year,
            "published" => FieldRef::Published,
            "preamble" => FieldRef::Preamble,
            "fee.charged" => FieldRef::FeeCharged,
            "fee.amount" => FieldRef::FeeAmount,
            "fee.note" => FieldRef::FeeNote,
            _ => {
                if let Some(id) = key.strip_prefix("text.") {
                    FieldRef::Text(template.text_index(id)?)
                } else {
                    let rest = key.strip_prefix("cell.")?;
                    let mut parts = rest.rsplitn(3, '.');
                    let col = parts.next()?.parse().ok()?;
                    let row = parts.next()?.parse().ok()?;
                    let table = template.table_index(parts.next()?)?;
                    let t = template.tables().nth(table)?;
                    if row >= t.rows.len() || col >= usize::from(t.columns) {
                        return None;
                    }
                    FieldRef::Cell { table, row, col }
                }
            }
        })
    }
}

/// The 收取信息处理费情况 item as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeeDraft {
    /// Whether a fee was charged: not yet answered, yes or no.
    pub charged: Option<bool>,
    /// The amount in 元, as typed.
    pub amount: String,
    pub note: String,
}

/// Everything the user typed, as typed. Blank is allowed everywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub template: &'static Template,
    pub agency: String,
    pub year: String,
    /// 发布日期 as `YYYY-MM-DD`, or blank.
    pub published: String,
    /// `None` while the preamble follows the title; `Some` once the user has edited it.
    pub preamble: Option<String>,
    /// One entry per [`Template::texts`].
    pub texts: Vec<String>,
    /// One grid per [`Template::tables`], row by row (`row * columns + col`).
    pub tables: Vec<Vec<String>>,
    pub fee: FeeDraft,
    /// Last year's report of the same body (载入上年报告), for the rules that compare two years (S1,
    /// S2). Kept with the draft and in its JSON, so a reopened file still checks across years. It
    /// never carries a last year of its own.
    pub last_year: Option<Box<Draft>>,
    /// One per [`Template::texts`]: the user confirmed that this year's report keeps last year's
    /// wording of that text (沿用上年文字), so it is no longer marked to be revised.
    pub kept_texts: Vec<bool>,
}

impl PartialEq for Template {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Template {}

/// A change to a draft. Applying one returns its inverse, so undo and redo are a stack of edits, and a
/// paste or an import is one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Sets a text or cell entry (for [`FieldRef::FeeCharged`] use [`Edit::Charged`]).
    Set(FieldRef, String),
    /// Answers whether a fee was charged.
    Charged(Option<bool>),
    /// Makes the preamble follow the title again.
    DefaultPreamble,
    /// Several edits as one step, applied in order.
    Batch(Vec<Edit>),
    /// Replaces the whole draft (new report, opened file).
    Replace(Box<Draft>),
    /// Sets or drops last year's report ([`Draft::last_year`]).
    LastYear(Option<Box<Draft>>),
    /// Confirms (or takes back) that text `i` keeps last year's wording ([`Draft::kept_texts`]).
    KeepText(usize, bool),
}

impl Draft {
    /// An empty report of a template.
    pub fn new(template: &'static Template) -> Draft {
        Draft {
            template,
            agency: String::new(),
            year: String::new(),
            published: String::new(),
            preamble: None,
            texts: vec![String::new(); template.texts().count()],
            tables: template
                .tables()
                .map(|t| vec![String::new(); t.cell_count()])
                .collect(),
            fee: FeeDraft::default(),
            last_year: None,
            kept_texts: vec![false; template.texts().count()],
        }
    }

    /// Whether nothing has been typed anywhere (blank entries only, the preamble as generated, the
    /// fee question unanswered): replacing such a report loses nothing.
    pub fn is_empty(&self) -> bool {
        let blank = |s: &String| number::trim(s).is_empty();
        [&self.agency, &self.year, &self.published]
            .into_iter()
            .all(blank)
            && self.preamble.is_none()
            && self.texts.iter().all(blank)
            && self.tables.iter().flatten().all(blank)
            && self.fee.charged.is_none()
            && blank(&self.fee.amount)
            && blank(&self.fee.note)
            && self.last_year.is_none()
    }

    /// Next year's report started from this one (从上年报告新建): the same body, year + 1, the prose
    /// carried over to be revised, every number blank except those the format carries from one year
    /// to the next (二、上年结转 = last year's 四、结转下年度继续办理, column by column: the template's
    /// carry-over rules), and this report as its last year, for the cross-year rules.
    pub fn next_year(&self) -> Draft {
        let template = self.template;
        let mut next = Draft::new(template);
        next.agency = self.agency.clone();
        next.year = number::trim(&self.year)
            .parse::<u16>()
            .ok()
            .and_then(|y| y.checked_add(1))
            .map_or_else(String::new, |y| y.to_string());
        next.texts = self.texts.clone();
        for rule in template.rules {
            if let crate::template::Rule::CarryOver {
                table,
                this_row,
                last_row,
                ..
            } = rule
            {
                let Some((t, def)) = template.find_table(table) else {
                    continue;
                };
                for col in 0..usize::from(def.columns) {
                    let from = FieldRef::Cell {
                        table: t,
                        row: *last_row,
                        col,
                    };
                    let to = FieldRef::Cell {
                        table: t,
                        row: *this_row,
                        col,
                    };
                    next.apply(Edit::Set(to, self.get(from).to_string()));
                }
            }
        }
        let mut last = self.clone();
        last.last_year = None;
        next.last_year = Some(Box::new(last));
        next
    }

    /// Whether text `i` is still last year's wording (carried over by [`Draft::next_year`] or the
    /// same as in the loaded last year's report): to be revised for this year.
    pub fn text_from_last_year(&self, i: usize) -> bool {
        let (Some(last), Some(text)) = (self.last_year.as_deref(), self.texts.get(i)) else {
            return false;
        };
        !number::trim(text).is_empty()
            && last.texts.get(i) == Some(text)
            && !self.kept_texts.get(i).copied().unwrap_or(false)
    }

    /// The title, from the header fields as typed.
    pub fn title(&self) -> String {
        self.template
            .title(number::trim(&self.agency), number::trim(&self.year))
    }

    /// The preamble as shown: the user's text, or the usual wording for the title, with
    /// `〔机关名称〕` and `〔年度〕` where the header is still blank (“现发布《年政府信息…》…从年1月
    /// 1日” is no sentence anyone should publish or read).
    pub fn preamble_text(&self) -> String {
        match &self.preamble {
            Some(text) => text.clone(),
            None => {
                let header = &self.template.header;
                self.template.default_preamble(
                    &slot(&self.agency, header.agency),
                    &slot(&self.year, header.year),
                )
            }
        }
    }

    /// The entry of a field as typed (`""` for a field that does not exist).
    pub fn get(&self, field: FieldRef) -> &str {
        match field {
            FieldRef::Agency => &self.agency,
            FieldRef::Year => &self.year,
            FieldRef::Published => &self.published,
            FieldRef::Preamble => self.preamble.as_deref().unwrap_or(""),
            FieldRef::Text(i) => self.texts.get(i).map_or("", String::as_str),
            FieldRef::Cell { table, row, col } => self
                .cell_slot(table, row, col)
                .map_or("", |i| self.tables[table][i].as_str()),
            FieldRef::FeeCharged => match self.fee.charged {
                None => "",
                Some(true) => "是",
                Some(false) => "否",
            },
            FieldRef::FeeAmount => &self.fee.amount,
            FieldRef::FeeNote => &self.fee.note,
        }
    }

    /// Index of a cell in its table's grid, if the cell exists.
    fn cell_slot(&self, table: usize, row: usize, col: usize) -> Option<usize> {
        let t = self.template.tables().nth(table)?;
        let cols = usize::from(t.columns);
        (row < t.rows.len() && col < cols && self.tables.get(table)?.len() == t.cell_count())
            .then_some(row * cols + col)
    }

    /// Applies an edit and returns the edit that undoes it. Edits naming a field that does not exist
    /// change nothing.
    pub fn apply(&mut self, edit: Edit) -> Edit {
        match edit {
            Edit::Set(field, value) => {
                let slot: Option<&mut String> = match field {
                    FieldRef::Agency => Some(&mut self.agency),
                    FieldRef::Year => Some(&mut self.year),
                    FieldRef::Published => Some(&mut self.published),
                    FieldRef::Preamble => {
                        return match self.preamble.replace(value) {
                            Some(old) => Edit::Set(FieldRef::Preamble, old),
                            None => Edit::DefaultPreamble,
                        };
                    }
                    FieldRef::Text(i) => self.texts.get_mut(i),
                    FieldRef::Cell { table, row, col } => match self.cell_slot(table, row, col) {
                        Some(i) => Some(&mut self.tables[table][i]),
                        None => None,
                    },
                    FieldRef::FeeCharged => None,
                    FieldRef::FeeAmount => Some(&mut self.fee.amount),
                    FieldRef::FeeNote => Some(&mut self.fee.note),
                };
                match slot {
                    Some(slot) => Edit::Set(field, std::mem::replace(slot, value)),
                    None => Edit::Batch(Vec::new()),
                }
            }
            Edit::Charged(value) => Edit::Charged(std::mem::replace(&mut self.fee.charged, value)),
            Edit::DefaultPreamble => match self.preamble.take() {
                Some(old) => Edit::Set(FieldRef::Preamble, old),
                None => Edit::DefaultPreamble,
            },
            Edit::Batch(edits) => {
                let mut undo: Vec<Edit> = edits.into_iter().map(|e| self.apply(e)).collect();
                undo.reverse();
                Edit::Batch(undo)
            }
            Edit::Replace(draft) => Edit::Replace(Box::new(std::mem::replace(self, *draft))),
            Edit::LastYear(last) => {
                // One level only: last year's own last year is of no use here.
                let last = last.map(|mut d| {
                    d.last_year = None;
                    d
                });
                Edit::LastYear(std::mem::replace(&mut self.last_year, last))
            }
            Edit::KeepText(i, kept) => match self.kept_texts.get_mut(i) {
                Some(slot) => Edit::KeepText(i, std::mem::replace(slot, kept)),
                None => Edit::Batch(Vec::new()),
            },
        }
    }

    /// The edit that fills every derived cell (总计 column, （七）总计 row, section 四 totals) from its
    /// parts, for auto-total mode: the sum, blank parts counting as 0; blank when all parts are blank
    /// or any part is not a number. Empty when everything is already in place.
    pub fn fill_totals(&self) -> Edit {
        Edit::Batch(
            crate::check::derived_values(self)
                .into_iter()
                .filter(|(field, value)| self.get(*field) != value)
                .map(|(field, value)| Edit::Set(field, value))
                .collect(),
        )
    }

    /// Whether an entry is blank, for progress counts.
    pub fn is_blank(&self, field: FieldRef) -> bool {
        number::trim(self.get(field)).is_empty()
    }

    /// How many numeric cells are filled in, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        let total = self.tables.iter().map(Vec::len).sum();
        let filled = self
            .tables
            .iter()
            .flatten()
            .filter(|v| !number::trim(v).is_empty())
            .count();
        (filled, total)
    }
}

/// A header entry as titles and sentences show it: as typed, or `〔label〕` where still blank.
pub fn slot(typed: &str, label: &str) -> String {
    let typed = number::trim(typed);
    if typed.is_empty() {
        format!("〔{label}〕")
    } else {
        typed.to_string()
    }
}

/// A date as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Reads a date the ways people write one: `2025-01-20`, `2025-1-20`, `2025/1/20`, `2025.1.20`,
    /// `2025年1月20日` (full-width digits too); `None` for anything else or an impossible date. The
    /// form's date field is plain text, so it reads the same in every browser and locale.
    pub fn parse(text: &str) -> Option<Date> {
        let text: String = number::trim(text)
            .chars()
            .map(|c| match c {
                '０'..='９' => {
                    char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
                }
                '－' | '／' | '．' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect();
        let text = text.strip_suffix('日').unwrap_or(&text);
        let mut parts = text.split(['-', '/', '.', '年', '月']);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if parts.next().is_some() || !digits(y, 4..=4) || !digits(m, 1..=2) || !digits(d, 1..=2) {
            return None;
        }
        // One separator style throughout: `2025年1-20` is not a way anyone writes a date.
        let chinese = text.contains('年');
        if chinese != text.contains('月') {
            return None;
        }
        let year: u16 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        let day: u8 = d.parse().ok()?;
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// `2025年1月20日`.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The 收取信息处理费情况 item, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    pub charged: Option<bool>,
    /// The amount in 分, when a valid amount was typed.
    pub amount_fen: Option<u64>,
    pub note: String,
}

/// The checked report: every entry read as what it should be. A value that could not be read is
/// `None` (the findings say why); the draft still holds what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub template: &'static Template,
    pub agency: String,
    pub year: Option<u16>,
    pub published: Option<Date>,
    pub title: String,
    pub preamble: String,
    pub texts: Vec<String>,
    /// Per table, row by row: values scaled as the table's [`CellKind`] says.
    pub tables: Vec<Vec<Option<u64>>>,
    pub fee: Fee,
}

impl Report {
    /// A value of a table cell.
    pub fn cell(&self, table: usize, row: usize, col: usize) -> Option<u64> {
        let t = self.template.tables().nth(table)?;
        if row >= t.rows.len() || col >= usize::from(t.columns) {
            return None;
        }
        *self
            .tables
            .get(table)?
            .get(row * usize::from(t.columns) + col)?
    }

    /// A text by template id.
    pub fn text(&self, id: &str) -> &str {
        self.template
            .text_index(id)
            .and_then(|i| self.texts.get(i))
            .map_or("", String::as_str)
    }

    /// A cell value written as people read it (`24252.311082`, `0`), or `""` when unknown.
    pub fn cell_text(&self, table: usize, row: usize, col: usize) -> String {
        let kind = self
            .template
            .tables()
            .nth(table)
            .map_or(CellKind::Count, |t| t.kind);
        self.cell(table, row, col)
            .map(|v| number::format(v, kind.decimals()))
            .unwrap_or_default()
    }

    /// The draft that reads back as this report (canonical entries).
    pub fn to_draft(&self) -> Draft {
        let mut draft = Draft::new(self.template);
        draft.agency = self.agency.clone();
        draft.year = self.year.map(|y| y.to_string()).unwrap_or_default();
        draft.published = self.published.map(|d| d.to_string()).unwrap_or_default();
        if self.preamble != draft.preamble_text() {
            draft.preamble = Some(self.preamble.clone());
        }
        draft.texts = self.texts.clone();
        for (t, table) in self.template.tables().enumerate() {
            for (i, v) in self.tables[t].iter().enumerate() {
                draft.tables[t][i] = v
                    .map(|v| number::format(v, table.kind.decimals()))
                    .unwrap_or_default();
            }
        }
        draft.fee = FeeDraft {
            charged: self.fee.charged,
            amount: self
                .fee
                .amount_fen
                .map(|v| number::format(v, 2))
                .unwrap_or_default(),
            note: self.fee.note.clone(),
        };
        draft
    }
}

/// Reads an entry of a cell of the given kind.
pub fn read_cell(raw: &str, kind: CellKind, placeholders: &[&str]) -> Entry {
    let max = match kind {
        CellKind::Count => number::MAX_COUNT,
        CellKind::Wanyuan => number::MAX_WANYUAN_FEN,
    };
    number::parse(raw, kind.decimals(), max, placeholders)
}

#[cfg(test)]
mod date_tests {
    use super::Date;

    #[test]
    fn dates_read_the_ways_people_write_them() {
        let jan_20 = Some(Date {
            year: 2025,
            month: 1,
            day: 20,
        });
        for text in [
            "2025-01-20",
            "2025-1-20",
            "2025/1/20",
            "2025.01.20",
            "2025年1月20日",
            "2025年01月20日",
            "２０２５年１月２０日",
            " 2025-01-20\u{3000}",
        ] {
            assert_eq!(Date::parse(text), jan_20, "{text:?}");
        }
        for text in [
            "",
            "2025",
            "2025-01",
            "25-01-20",
            "2025-13-01",
            "2025-02-29",
            "2025-01-20-1",
            "2025年1-20",
            "2025-1月20日",
            "二〇二五年一月二十日",
            "2025-+1-20",
            "2025-001-20",
        ] {
            assert_eq!(Date::parse(text), None, "{text:?}");
        }
        assert!(Date::parse("2024-02-29").is_some());
    }
}
