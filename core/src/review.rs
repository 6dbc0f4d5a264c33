//! Review of many reports at once (审阅多份报告): one row per file — agency, year, format, errors,
//! warnings, the first findings — with the cross-year rules run between two reports of the same body
//! for consecutive years, files that are not reports listed as such, and the table as CSV for
//! Excel and WPS. Pure: the app reads the files and imports them; this works out the table.

use crate::check::{check, Context, Finding, Severity};
use crate::imported::Summary;
use crate::model::Draft;
use crate::number;

/// One file given for review: its name, the report read from it (if it was one) and the import's
/// summary.
#[derive(Debug, Clone)]
pub struct Reviewed {
    pub file: String,
    pub draft: Option<Draft>,
    pub summary: Summary,
}

/// One row of the review table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The file's place among those given.
    pub index: usize,
    pub file: String,
    pub agency: String,
    pub year: String,
    /// `2021`, `2019`, or empty when the file is no report.
    pub format: String,
    pub errors: usize,
    pub warnings: usize,
    /// Figures of the source the import could not place.
    pub not_placed: usize,
    /// The first findings' messages (errors first), at most [`FIRST_FINDINGS`].
    pub first: Vec<String>,
    /// Whether last year's report of the same body was among the files (the cross-year rules ran).
    pub with_last_year: bool,
    /// Why the file is not a report (then the counts are 0).
    pub not_a_report: Option<String>,
}

/// How many findings a row shows.
pub const FIRST_FINDINGS: usize = 3;

/// The review table for `files`, in the order given. `current_year` is for the rule on the report
/// year (S6), as in the form.
pub fn review(files: &[Reviewed], current_year: Option<u16>) -> Vec<Row> {
    files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let Some(draft) = &file.draft else {
                return Row {
                    index,
                    file: file.file.clone(),
                    agency: String::new(),
                    year: String::new(),
                    format: String::new(),
                    errors: 0,
                    warnings: 0,
                    not_placed: 0,
                    first: Vec::new(),
                    with_last_year: false,
                    not_a_report: Some(
                        file.summary
                            .message
                            .clone()
                            .unwrap_or_else(|| "不是年度报告".to_string()),
                    ),
                };
            };
            let last = last_year_of(draft, files).map(|d| check(d, &plain(current_year)).0);
            let ctx = Context {
                last_year: last.as_ref(),
                ..plain(current_year)
            };
            let (_, findings) = check(draft, &ctx);
            let shown: Vec<&Finding> = findings.iter().filter(|f| !f.pending).collect();
            let count = |s: Severity| shown.iter().filter(|f| f.severity == s).count();
            let mut first: Vec<&Finding> = shown.clone();
            first.sort_by_key(|f| f.severity);
            Row {
                index,
                file: file.file.clone(),
                agency: number::trim(&draft.agency).to_string(),
                year: number::trim(&draft.year).to_string(),
                format: file.summary.format.clone().unwrap_or_default(),
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
                not_placed: file.summary.not_placed.len(),
                first: first
                    .iter()
                    .take(FIRST_FINDINGS)
                    .map(|f| f.message.clone())
                    .collect(),
                with_last_year: last.is_some(),
                not_a_report: None,
            }
        })
        .collect()
}

fn plain(current_year: Option<u16>) -> Context<'static> {
    Context {
        last_year: None,
        current_year,
        auto_totals: false,
    }
}

/// The report among `files` of the same body (机关名称 alike, spaces aside) for the year before.
fn last_year_of<'a>(draft: &Draft, files: &'a [Reviewed]) -> Option<&'a Draft> {
    let agency = squeeze(&draft.agency);
    let year: u16 = number::trim(&draft.year).parse().ok()?;
    if agency.is_empty() {
        return None;
    }
    files.iter().filter_map(|f| f.draft.as_ref()).find(|d| {
        squeeze(&d.agency) == agency
            && number::trim(&d.year).parse::<u16>().ok() == year.checked_sub(1)
    })
}

fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// A column the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    File,
    Agency,
    Year,
    Format,
    Errors,
    Warnings,
}

impl Column {
    /// Every column, in the table's order, with its heading.
    pub const ALL: [(Column, &'static str); 6] = [
        (Column::File, "文件"),
        (Column::Agency, "机关名称"),
        (Column::Year, "年度"),
        (Column::Format, "格式"),
        (Column::Errors, "错误"),
        (Column::Warnings, "提示"),
    ];
}

/// Sorts rows by `column`, ascending or not; ties keep their order (files that are no report last).
pub fn sort(rows: &mut [Row], column: Column, ascending: bool) {
    rows.sort_by(|a, b| {
        let order = match column {
            Column::File => a.file.cmp(&b.file),
            Column::Agency => a.agency.cmp(&b.agency),
            Column::Year => a.year.cmp(&b.year),
            Column::Format => a.format.cmp(&b.format),
            Column::Errors => a.errors.cmp(&b.errors),
            Column::Warnings => a.warnings.cmp(&b.warnings),
        };
        let order = if ascending { order } else { order.reverse() };
        a.not_a_report
            .is_some()
            .cmp(&b.not_a_report.is_some())
            .then(order)
    });
}

/// The table as CSV, UTF-8 with a byte order mark (so that Excel and WPS read the Chinese right),
/// CRLF line ends, fields quoted where they hold a comma, a quote or a line break.
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = String::from("\u{feff}");
    let header = [
        "文件",
        "机关名称",
        "年度",
        "格式",
        "错误",
        "提示",
        "未能填入的数字",
        "对照上年报告",
        "主要问题",
    ];
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        let problems = match &row.not_a_report {
            Some(why) => format!("不是年度报告：{why}"),
            None => row.first.join("；"),
        };
        let fields = [
            row.file.clone(),
            row.agency.clone(),
            row.year.clone(),
            row.format.clone(),
            row.errors.to_string(),
            row.warnings.to_string(),
            row.not_placed.to_string(),
            if row.with_last_year { "是" } else { "否" }.to_string(),
            problems,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_field(text: &str) -> String {
    // A leading = + - @ would make a spreadsheet read the cell as a formula.
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
