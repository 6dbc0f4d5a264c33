//! Checking: from a [`Draft`] to the typed [`Report`] and the [`Finding`]s of every rule.
//!
//! [`check`] never fails and never panics: whatever the draft holds, it reads what it can and says
//! what is wrong, with the cells concerned and the numbers on both sides, in plain Chinese. Sums are
//! done in `u128`, so no entry can overflow them.

use crate::model::{read_cell, Date, Draft, Fee, FieldRef, Report};
use crate::number::{self, Entry, Invalid};
use crate::template::{Along, Rule, Table, Template, FEE_ID};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The report is wrong.
    Error,
    /// The report is probably wrong; the author should look.
    Warning,
}

/// One thing the checker found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// The rule's id as the reference names it (H1–H6, S1–S6), or N1 (not a number of the right
    /// kind) and N2 (out of range) for a single entry.
    pub rule: &'static str,
    /// The fields concerned, the one to focus first.
    pub fields: Vec<FieldRef>,
    /// What is expected and what was found, in plain Chinese.
    pub message: String,
    /// The section (0-based) the finding belongs to, for grouping.
    pub section: usize,
    /// Only says that something is not filled in yet. A form may show these as progress until the
    /// user asks for a full check.
    pub pending: bool,
}

/// What checking needs besides the draft.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// Last year's report, for S1 and S2.
    pub last_year: Option<&'a Report>,
    /// The current calendar year, for S6 (the core has no clock).
    pub current_year: Option<u16>,
    /// Totals are computed ([`Draft::fill_totals`]): a blank total then only means its parts are
    /// blank or unreadable, which their own findings say, so it gets none of its own.
    pub auto_totals: bool,
}

/// Rule id for an entry that is not a number of the right kind.
pub const NOT_A_NUMBER: &str = "N1";
/// Rule id for a number beyond the stated bound.
pub const OUT_OF_RANGE: &str = "N2";
/// Rule id for a malformed header field (year, date).
pub const BAD_HEADER: &str = "N3";

/// Checks a draft: the report as read, and every finding in template order.
pub fn check(draft: &Draft, ctx: &Context) -> (Report, Vec<Finding>) {
    // Last year's report: the caller's, else the one the draft carries (载入上年报告).
    let carried = match (ctx.last_year, draft.last_year.as_deref()) {
        (None, Some(last)) => Some(
            check_one(
                last,
                &Context {
                    last_year: None,
                    ..*ctx
                },
                None,
            )
            .0,
        ),
        _ => None,
    };
    check_one(draft, ctx, ctx.last_year.or(carried.as_ref()))
}

/// The rule id of the cross-year rules' guard: why they did not run.
pub const CROSS_YEAR: &str = "S1";

/// [`check`] with last year's report as found (or none): cross-year rules run only when it is the
/// year before this report's, in the same format; otherwise a warning says why they did not.
fn check_one(draft: &Draft, ctx: &Context, last_year: Option<&Report>) -> (Report, Vec<Finding>) {
    let template = draft.template;
    let mut findings = Vec::new();
    let placeholders = template.placeholders();
    let filled = filled_rule(template);
    let derived = if ctx.auto_totals {
        template.derived_cells()
    } else {
        Vec::new()
    };

    // Cells.
    let mut tables = Vec::with_capacity(draft.tables.len());
    for (t, table) in template.tables().enumerate() {
        let section = template.section_of_table(table.id);
        let empty = Vec::new();
        let raw = draft.tables.get(t).unwrap_or(&empty);
        let mut values = Vec::with_capacity(table.cell_count());
        for row in 0..table.rows.len() {
            for col in 0..usize::from(table.columns) {
                let entry = raw
                    .get(row * usize::from(table.columns) + col)
                    .map_or(Entry::Blank, |r| read_cell(r, table.kind, placeholders));
                let field = FieldRef::Cell { table: t, row, col };
                if entry == Entry::Blank && ctx.auto_totals && derived.contains(&(t, row, col)) {
                    values.push(None);
                    continue;
                }
                let place = || cell_name(table, row, col);
                values.push(entry_value(
                    entry,
                    filled,
                    field,
                    section,
                    table.kind.decimals(),
                    place,
                    &mut findings,
                ));
            }
        }
        tables.push(values);
    }

    // Header.
    let agency = number::trim(&draft.agency).to_string();
    let year_text = number::trim(&draft.year);
    let year = if year_text.len() == 4 {
        year_text.parse::<u16>().ok().filter(|y| *y >= 1000)
    } else {
        None
    };
    if !year_text.is_empty() && year.is_none() {
        findings.push(Finding {
            severity: Severity::Error,
            rule: BAD_HEADER,
            fields: vec![FieldRef::Year],
            message: format!(
                "{}“{year_text}”不是四位数字的年份，请填写例如 2024。",
                template.header.year
            ),
            section: 0,
            pending: false,
        });
    }
    let published_text = number::trim(&draft.published);
    let published = Date::parse(published_text);
    if !published_text.is_empty() && published.is_none() {
        findings.push(Finding {
            severity: Severity::Error,
            rule: BAD_HEADER,
            fields: vec![FieldRef::Published],
            message: format!(
                "{}“{published_text}”不是有效的日期，请写成 2025-01-20 或 2025年1月20日 的样子。",
                template.header.published
            ),
            section: 0,
            pending: false,
        });
    }

    // Fee.
    let fee_section = template.section_of_fee();
    let amount = number::parse(&draft.fee.amount, 2, number::MAX_YUAN_FEN, placeholders);
    let amount_fen = match amount {
        Entry::Blank => None,
        other => entry_value(
            other,
            filled,
            FieldRef::FeeAmount,
            fee_section,
            2,
            || {
                template
                    .fee()
                    .map_or(String::new(), |f| format!("“{}”", f.amount_label))
            },
            &mut findings,
        ),
    };

    let report = Report {
        template,
        title: template.title(&agency, year_text),
        preamble: draft.preamble_text(),
        agency,
        year,
        published,
        texts: draft.texts.clone(),
        tables,
        fee: Fee {
            charged: draft.fee.charged,
            amount_fen,
            note: draft.fee.note.clone(),
        },
    };

    let last_year = last_year.and_then(|last| comparable(&report, last, &mut findings));
    let ctx = Context {
        last_year,
        current_year: ctx.current_year,
        auto_totals: ctx.auto_totals,
    };
    for rule in template.rules {
        check_rule(rule, draft, &report, &ctx, &mut findings);
    }
    (report, findings)
}

/// Last year's report when the two can be compared: the year before this one, in this format.
/// Otherwise a warning that names both years (or what is missing) and `None`: comparing two reports
/// that are not consecutive years would only produce false alarms.
fn comparable<'a>(
    report: &Report,
    last: &'a Report,
    findings: &mut Vec<Finding>,
) -> Option<&'a Report> {
    let template = report.template;
    let year_of = |r: &Report| {
        r.year
            .map_or_else(|| "未填".to_string(), |y| format!("{y}年度"))
    };
    let why = if last.template != template {
        format!(
            "上年报告不是{}的格式，跨年核对（上年结转、现行有效件数）未进行。",
            template.issued_by
        )
    } else {
        match (last.year, report.year) {
            (Some(before), Some(now)) if before.checked_add(1) == Some(now) => return Some(last),
            (_, None) => format!(
                "已载入上年报告（{}），本报告填写年度后才能与它核对。",
                year_of(last)
            ),
            _ => format!(
                "上年报告为{}，本报告为{}，不是相邻的两年，跨年核对（上年结转、现行有效件数）未进行。",
                year_of(last),
                year_of(report)
            ),
        }
    };
    findings.push(Finding {
        severity: Severity::Warning,
        rule: CROSS_YEAR,
        fields: vec![FieldRef::Year],
        message: why,
        section: 0,
        pending: false,
    });
    None
}

/// The id of the template's H5 rule.
fn filled_rule(template: &Template) -> &'static str {
    template
        .rules
        .iter()
        .find_map(|r| match r {
            Rule::AllFilled { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap_or("H5")
}

/// Turns an entry into its value, recording a finding for anything but a number.
fn entry_value(
    entry: Entry,
    filled_rule: &'static str,
    field: FieldRef,
    section: usize,
    decimals: u32,
    place: impl FnOnce() -> String,
    findings: &mut Vec<Finding>,
) -> Option<u64> {
    let (rule, message, pending) = match entry {
        Entry::Value(v) => return Some(v),
        Entry::Blank => (
            filled_rule,
            format!("{}未填写。没有的请填 0。", place()),
            true,
        ),
        Entry::Placeholder(p) => (
            filled_rule,
            format!("{}填的是“{p}”，不是数字。没有的请填 0。", place()),
            false,
        ),
        Entry::Invalid(why) => {
            let (rule, what) = match why {
                Invalid::NotANumber => (NOT_A_NUMBER, "不是数字"),
                Invalid::Negative => (NOT_A_NUMBER, "不能是负数"),
                Invalid::NotWhole => (NOT_A_NUMBER, "应为整数，不能有小数"),
                Invalid::TooPrecise if decimals == 2 => (NOT_A_NUMBER, "最多保留两位小数"),
                Invalid::TooPrecise => (NOT_A_NUMBER, "最多保留六位小数"),
                Invalid::TooLarge => (OUT_OF_RANGE, "数字过大，请核对"),
            };
            (rule, format!("{}{what}。", place()), false)
        }
    };
    findings.push(Finding {
        severity: Severity::Error,
        rule,
        fields: vec![field],
        message,
        section,
        pending,
    });
    None
}

/// How messages name a cell: `第三部分“（一）予以公开”行“自然人”列`.
pub fn cell_name(table: &Table, row: usize, col: usize) -> String {
    let row_name = table.row_name(row);
    let col_name = table.column_name(col);
    if row_name.is_empty() {
        format!("{}“{col_name}”", table.name)
    } else {
        format!("{}“{row_name}”行“{col_name}”列", table.name)
    }
}

/// Describes the terms of a sum for a message: `一＋二`, `三（一）至三（六）3之和`.
fn terms(names: Vec<String>) -> String {
    match names.len() {
        0 => String::from("0"),
        1..=4 => names.join("＋"),
        n => format!("{}至{}之和", names[0], names[n - 1]),
    }
}

fn check_rule(
    rule: &Rule,
    draft: &Draft,
    report: &Report,
    ctx: &Context,
    findings: &mut Vec<Finding>,
) {
    let template = draft.template;
    match rule {
        Rule::Sum {
            id,
            table,
            along,
            lhs,
            rhs,
            scope,
            derives,
        } => {
            let Some((t, def)) = template.find_table(table) else {
                return;
            };
            let section = template.section_of_table(table);
            let lines: &[usize] = match along {
                Along::Columns(c) | Along::Rows(c) => c,
            };
            for &line in lines {
                let at = |i: usize| match along {
                    Along::Columns(_) => (i, line),
                    Along::Rows(_) => (line, i),
                };
                let values = &report.tables[t];
                let width = usize::from(def.columns);
                let sum = |idx: &[usize]| -> Option<u128> {
                    idx.iter().try_fold(0u128, |acc, &i| {
                        let (r, c) = at(i);
                        let v = (*values.get(r * width + c)?)?;
                        Some(acc + u128::from(v))
                    })
                };
                // Blank or unreadable parts have findings of their own; the sum waits for them.
                let (Some(left), Some(right)) = (sum(lhs), sum(rhs)) else {
                    continue;
                };
                if left == right {
                    continue;
                }
                let name = |i: usize| match along {
                    Along::Columns(_) => def.row_short(i),
                    Along::Rows(_) => def.column_label(i).to_string(),
                };
                let place = if !scope.is_empty() {
                    format!("{}“{scope}”", def.name)
                } else {
                    match along {
                        Along::Columns(_) => format!("{}“{}”列", def.name, def.column_name(line)),
                        Along::Rows(_) => format!("{}“{}”行", def.name, def.row_name(line)),
                    }
                };
                let cells = |idx: &[usize]| -> Vec<FieldRef> {
                    idx.iter()
                        .map(|&i| {
                            let (row, col) = at(i);
                            FieldRef::Cell { table: t, row, col }
                        })
                        .collect()
                };
                let fields = if *derives {
                    [cells(rhs), cells(lhs)].concat()
                } else {
                    [cells(lhs), cells(rhs)].concat()
                };
                let decimals = def.kind.decimals();
                // Which entry is wrong cannot be told from the sums: the message names every line
                // to check, so nobody “fixes” the first cell shown because it was shown first.
                let check_these = match (along, lhs.len() + rhs.len()) {
                    (Along::Columns(_), 2..=6) => format!(
                        "请对照台账逐格核对这一列的{}，找出填错的一格。",
                        lhs.iter()
                            .chain(rhs.iter())
                            .map(|&i| format!("“{}”", name(i)))
                            .collect::<Vec<_>>()
                            .join("")
                    ),
                    (Along::Columns(_), _) => {
                        "请对照台账逐格核对这一列的各行，找出填错的一格。".to_string()
                    }
                    (Along::Rows(_), _) => {
                        "请对照台账逐格核对这一行的各列，找出填错的一格。".to_string()
                    }
                };
                findings.push(Finding {
                    severity: Severity::Error,
                    rule: id,
                    fields,
                    message: format!(
                        "{place}：{}＝{}，{}＝{}，相差{}。{check_these}",
                        terms(lhs.iter().map(|&i| name(i)).collect()),
                        number::format_wide(left, decimals),
                        terms(rhs.iter().map(|&i| name(i)).collect()),
                        number::format_wide(right, decimals),
                        number::format_wide(left.abs_diff(right), decimals),
                    ),
                    section,
                    pending: false,
                });
            }
        }
        Rule::AllFilled { .. } => {} // read with the cells above
        Rule::Structure { id, sections } => {
            for (field, what) in [
                (FieldRef::Agency, template.header.agency),
                (FieldRef::Year, template.header.year),
            ] {
                if draft.is_blank(field) {
                    findings.push(Finding {
                        severity: Severity::Error,
                        rule: id,
                        fields: vec![field],
                        message: format!("请填写{what}。"),
                        section: 0,
                        pending: true,
                    });
                }
            }
            for group in *sections {
                let fee_said = report.fee.charged.is_some();
                let said = group.iter().any(|&id| {
                    if id == FEE_ID {
                        fee_said
                    } else {
                        !number::trim(report.text(id)).is_empty()
                    }
                });
                if said {
                    continue;
                }
                let fields: Vec<FieldRef> = group
                    .iter()
                    .filter_map(|&id| {
                        if id == FEE_ID {
                            Some(FieldRef::FeeCharged)
                        } else {
                            template.text_index(id).map(FieldRef::Text)
                        }
                    })
                    .collect();
                let section = group
                    .iter()
                    .find(|&&i| i != FEE_ID)
                    .map_or(0, |i| template.section_of_text(i));
                findings.push(Finding {
                    severity: Severity::Error,
                    rule: id,
                    fields,
                    message: format!("“{}”尚未填写。", template.sections[section].heading),
                    section,
                    pending: true,
                });
            }
        }
        Rule::CarryOver {
            id,
            table,
            this_row,
            last_row,
        } => {
            let (Some(last), Some((t, def))) = (ctx.last_year, template.find_table(table)) else {
                return;
            };
            if last.template != template {
                return;
            }
            for col in 0..usize::from(def.columns) {
                let (Some(now), Some(before)) =
                    (report.cell(t, *this_row, col), last.cell(t, *last_row, col))
                else {
                    continue;
                };
                if now != before {
                    findings.push(Finding {
                        severity: Severity::Warning,
                        rule: id,
                        fields: vec![FieldRef::Cell {
                            table: t,
                            row: *this_row,
                            col,
                        }],
                        message: format!(
                            "{}：本年填 {now}，上年（{}年度）报告“{}”为 {before}，两者通常应相等。",
                            cell_name(def, *this_row, col),
                            last.year.map_or_else(String::new, |y| y.to_string()),
                            def.rows[*last_row].labels.last().copied().unwrap_or(""),
                        ),
                        section: template.section_of_table(table),
                        pending: false,
                    });
                }
            }
        }
        Rule::Stock {
            id,
            table,
            rows,
            issued,
            repealed,
            stock,
        } => {
            let (Some(last), Some((t, def))) = (ctx.last_year, template.find_table(table)) else {
                return;
            };
            if last.template != template {
                return;
            }
            for &row in *rows {
                let (Some(now), Some(before), Some(add), Some(sub)) = (
                    report.cell(t, row, *stock),
                    last.cell(t, row, *stock),
                    report.cell(t, row, *issued),
                    report.cell(t, row, *repealed),
                ) else {
                    continue;
                };
                let expected = i128::from(before) + i128::from(add) - i128::from(sub);
                // Documents also go out of force without being repealed (清理, 到期失效): a stock
                // lower than expected may be right; a higher one never is.
                let advice = match i128::from(now).cmp(&expected) {
                    std::cmp::Ordering::Less => format!(
                        "少了{}件。如有清理或到期失效的文件，可不改。",
                        expected - i128::from(now)
                    ),
                    _ => format!(
                        "多了{}件：现行有效的文件只能来自上年现行有效的和本年制发的，请核对这三个数。",
                        i128::from(now) - expected
                    ),
                };
                if i128::from(now) != expected {
                    findings.push(Finding {
                        severity: Severity::Warning,
                        rule: id,
                        fields: vec![FieldRef::Cell {
                            table: t,
                            row,
                            col: *stock,
                        }],
                        message: format!(
                            "{}：上年（{}年度）{before}＋本年制发{add}－本年废止{sub}＝{expected}，本年填 {now}，{advice}",
                            cell_name(def, row, *stock),
                            last.year.map_or_else(String::new, |y| y.to_string()),
                        ),
                        section: template.section_of_table(table),
                        pending: false,
                    });
                }
            }
        }
        Rule::ProseNumbers {
            id,
            texts,
            table,
            total_column,
            claims,
        } => {
            let Some((t, def)) = template.find_table(table) else {
                return;
            };
            for &text_id in *texts {
                let Some(ti) = template.text_index(text_id) else {
                    continue;
                };
                let heading = template.texts().nth(ti).map_or("", |f| f.heading);
                let section = template.section_of_text(text_id);
                let text = report.text(text_id);
                for claim in *claims {
                    let Some(said) = crate::prose::stated(text, heading, claim) else {
                        continue;
                    };
                    // Cells that are blank or not numbers have findings of their own.
                    let Some(actual) = report.cell(t, claim.row, *total_column) else {
                        continue;
                    };
                    let plus = claim.plus.and_then(|p| {
                        report
                            .cell(t, p.row, *total_column)
                            .map(|v| (p, u128::from(v)))
                    });
                    let cell = |row: usize| FieldRef::Cell {
                        table: t,
                        row,
                        col: *total_column,
                    };
                    let mut fields = vec![FieldRef::Text(ti), cell(claim.row)];
                    let actual = u128::from(actual);
                    let table_says = match plus {
                        Some((p, extra)) if said.includes_plus => {
                            if said.value == actual + extra {
                                continue;
                            }
                            fields.push(cell(p.row));
                            format!(
                                "{}为 {actual}、{}为 {extra}，合计 {}",
                                cell_name(def, claim.row, *total_column),
                                cell_name(def, p.row, *total_column),
                                actual + extra
                            )
                        }
                        _ if said.value == actual => continue,
                        _ => format!("{}为 {actual}", cell_name(def, claim.row, *total_column)),
                    };
                    findings.push(Finding {
                        severity: Severity::Warning,
                        rule: id,
                        fields,
                        message: prose_numbers_message(
                            template.sections[section].name,
                            heading,
                            claim,
                            &said,
                            &table_says,
                            plus.filter(|_| !said.includes_plus)
                                .filter(|&(_, extra)| extra > 0 && said.value == actual + extra)
                                .map(|(p, extra)| (p.what, actual, extra)),
                        ),
                        section,
                        pending: false,
                    });
                }
            }
        }
        Rule::Substantive { id, texts, fee } => {
            let all_blank = texts
                .iter()
                .all(|&i| number::trim(report.text(i)).is_empty());
            for &text_id in *texts {
                let Some(ti) = template.text_index(text_id) else {
                    continue;
                };
                let text = number::trim(report.text(text_id));
                let heading = template.texts().nth(ti).map_or("", |f| f.heading);
                let section = template.section_of_text(text_id);
                let empty = text.is_empty();
                if (empty && !all_blank) || is_nothing(text) {
                    findings.push(Finding {
                        severity: Severity::Warning,
                        rule: id,
                        fields: vec![FieldRef::Text(ti)],
                        message: if empty {
                            format!("{}“{heading}”尚未填写。", template.sections[section].name)
                        } else {
                            format!(
                                "{}“{heading}”只写了“{text}”，请如实说明情况。",
                                template.sections[section].name
                            )
                        },
                        section,
                        pending: empty,
                    });
                }
            }
            if *fee && report.fee.charged.is_none() && !report.fee.note.contains("信息处理费")
            {
                let heading = template.fee().map_or("", |f| f.heading);
                findings.push(Finding {
                    severity: Severity::Warning,
                    rule: id,
                    fields: vec![FieldRef::FeeCharged],
                    message: format!(
                        "{}“{heading}”尚未说明本年度是否收取信息处理费，请选择“是”或“否”。",
                        template.sections[template.section_of_fee()].name
                    ),
                    section: template.section_of_fee(),
                    pending: true,
                });
            }
        }
        Rule::FeeReported {
            id,
            table,
            row,
            total_column,
        } => {
            let section = template.section_of_fee();
            let name = template.sections[section].name;
            let heading = template.fee().map_or("", |f| f.heading);
            let Some((t, def)) = template.find_table(table) else {
                return;
            };
            let unpaid = report.cell(t, *row, *total_column).unwrap_or(0);
            // Either answer is a fee statement: the export writes the template's sentence for it
            // (“…未收取信息处理费。”), and fee notices left unpaid mean nothing was collected.
            if unpaid > 0 && report.fee.charged.is_none() && !fee_stated(report) {
                let (question, none_sentence) = template
                    .fee()
                    .map_or(("", ""), |f| (f.question, f.none_sentence));
                findings.push(Finding {
                    severity: Severity::Warning,
                    rule: id,
                    fields: vec![
                        FieldRef::FeeCharged,
                        FieldRef::Cell {
                            table: t,
                            row: *row,
                            col: *total_column,
                        },
                    ],
                    message: format!(
                        "{}为 {unpaid}，说明本年度向申请人发出过收费通知；但{name}“{heading}”没有说明收费情况：“{question}”尚未回答，补充说明和正文中也没有“未收取信息处理费”或“收取信息处理费X元”这样的说法。请回答“是”或“否”（选“否”时报告写“{none_sentence}”）。",
                        cell_name(def, *row, *total_column)
                    ),
                    section,
                    pending: false,
                });
            }
            let amount_given = report.fee.amount_fen.is_some_and(|v| v > 0);
            // An amount that is not a number has an N1 finding of its own.
            let amount_unreadable =
                report.fee.amount_fen.is_none() && !draft.is_blank(FieldRef::FeeAmount);
            if report.fee.charged == Some(true) && !amount_given && !amount_unreadable {
                findings.push(Finding {
                    severity: Severity::Warning,
                    rule: id,
                    fields: vec![FieldRef::FeeAmount],
                    message: format!(
                        "{name}“{heading}”选择了收取信息处理费，请填写收取的金额（元）。"
                    ),
                    section,
                    pending: false,
                });
            }
            if report.fee.charged == Some(false) && amount_given {
                findings.push(Finding {
                    severity: Severity::Warning,
                    rule: id,
                    fields: vec![FieldRef::FeeCharged, FieldRef::FeeAmount],
                    message: format!(
                        "{name}“{heading}”选择了未收取信息处理费，却填写了金额 {} 元，请核对。",
                        number::format(report.fee.amount_fen.unwrap_or(0), 2)
                    ),
                    section,
                    pending: false,
                });
            }
        }
        Rule::PastYear { id } => {
            let Some(year) = report.year else { return };
            let message = if year < template.first_year {
                format!(
                    "报告年度为 {year} 年；本格式（{}）适用于 {} 年及以后的年度报告。",
                    template.issued_by, template.first_year
                )
            } else if ctx.current_year.is_some_and(|now| year >= now) {
                format!("报告年度为 {year} 年，还没有结束。年度报告应报告已结束的年度，请核对。")
            } else {
                return;
            };
            findings.push(Finding {
                severity: Severity::Warning,
                rule: id,
                fields: vec![FieldRef::Year],
                message,
                section: 0,
                pending: false,
            });
        }
    }
}

/// S3's message: where the text says it (quoted, so it can be found), what that reads as, what the
/// table says, and a hint when the text's number is this row and the claim's `plus` row together
/// (收到…件 counting 上年结转 in) — the usual cause, and not an error of the table.
fn prose_numbers_message(
    section: &str,
    heading: &str,
    claim: &crate::template::ProseClaim,
    said: &crate::prose::Stated,
    table_says: &str,
    added: Option<(&str, u128, u128)>,
) -> String {
    let place = if heading.is_empty() {
        section.to_string()
    } else {
        format!("{section}“{heading}”")
    };
    let what = match claim.plus {
        Some(p) if said.includes_plus => format!("{}（含{}）", claim.what, p.what),
        _ => claim.what.to_string(),
    };
    let mut message = format!(
        "{place}写“{}”，即{what}{}件；但{table_says}。",
        said.quote, said.value
    );
    if let Some((plus_what, actual, extra)) = added {
        message.push_str(&format!(
            "文字的 {} 件正好是{} {actual} 件加{plus_what} {extra} 件：文字可能把{plus_what}也算进了{}。",
            said.value, claim.what, claim.what
        ));
    }
    message.push_str("请核对文字和表格，改正有误的一方。");
    message
}

/// Whether the report states the 信息处理费 position in words: in the fee item's note, or in any
/// text (bodies often write it in section 六's other items or in （二）依申请公开).
fn fee_stated(report: &Report) -> bool {
    crate::prose::fee_position_stated(&report.fee.note, true)
        || report
            .texts
            .iter()
            .any(|t| crate::prose::fee_position_stated(t, false))
}

/// Text that says nothing: `无`, `无。`, `暂无`, `没有`.
fn is_nothing(text: &str) -> bool {
    let core = text.trim_end_matches(['。', '.', '！', ' ']);
    matches!(core, "无" | "暂无" | "没有" | "/" | "-" | "—")
}

/// A cell as `(table, row, column)`.
type CellAt = (usize, usize, usize);

/// Each derived cell with the `(row, column)` cells it adds up.
type Definitions = Vec<(CellAt, Vec<(usize, usize)>)>;

/// A derived cell's value while it is being worked out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Every part is blank: the total stays blank too, so an untouched form shows no zeros.
    Blank,
    Sum(u128),
    /// Some part is not a number: the total cannot be known and stays blank.
    Unknown,
}

/// The value every derived cell should hold, as text, for auto-total mode: the sum of its parts, blank
/// parts counting as 0; blank when every part is blank or when any part is not a number.
///
/// A total that feeds another total (the 总计 of each result row feeds （七）总计) is resolved from its
/// own parts, down to the typed cells, so an unreadable entry blanks every total built on it and two
/// rules that define the same cell can never disagree.
pub(crate) fn derived_values(draft: &Draft) -> Vec<(FieldRef, String)> {
    let template = draft.template;
    let placeholders = template.placeholders();
    // The defining rule of each derived cell: the first `derives` rule that computes it.
    let mut defs: Definitions = Vec::new();
    for rule in template.rules {
        let Rule::Sum {
            table,
            along,
            lhs,
            rhs,
            derives: true,
            ..
        } = rule
        else {
            continue;
        };
        let Some(t) = template.table_index(table) else {
            continue;
        };
        let lines: &[usize] = match along {
            Along::Columns(c) | Along::Rows(c) => c,
        };
        for &line in lines {
            let at = |i: usize| match along {
                Along::Columns(_) => (i, line),
                Along::Rows(_) => (line, i),
            };
            let (row, col) = at(rhs[0]);
            if defs.iter().any(|(cell, _)| *cell == (t, row, col)) {
                continue;
            }
            defs.push(((t, row, col), lhs.iter().map(|&i| at(i)).collect()));
        }
    }
    fn resolve(
        draft: &Draft,
        defs: &[(CellAt, Vec<(usize, usize)>)],
        placeholders: &[&str],
        cell: CellAt,
        depth: u8,
    ) -> Part {
        let (t, row, col) = cell;
        let Some(parts) = defs.iter().find(|(c, _)| *c == cell).map(|(_, p)| p) else {
            let kind = draft.template.tables().nth(t).map(|d| d.kind);
            let raw = draft.get(FieldRef::Cell { table: t, row, col });
            return match kind.map(|k| read_cell(raw, k, placeholders)) {
                Some(Entry::Value(v)) => Part::Sum(u128::from(v)),
                Some(Entry::Blank) => Part::Blank,
                _ => Part::Unknown,
            };
        };
        if depth > 4 {
            return Part::Unknown; // a cycle in a template's rules; never in the 2021 one
        }
        parts.iter().fold(Part::Blank, |acc, &(r, c)| {
            match (
                acc,
                resolve(draft, defs, placeholders, (t, r, c), depth + 1),
            ) {
                (Part::Unknown, _) | (_, Part::Unknown) => Part::Unknown,
                (Part::Blank, other) | (other, Part::Blank) => other,
                (Part::Sum(a), Part::Sum(b)) => Part::Sum(a + b),
            }
        })
    }
    defs.iter()
        .map(|&(cell, _)| {
            let (t, row, col) = cell;
            let decimals = template.tables().nth(t).map_or(0, |d| d.kind.decimals());
            let text = match resolve(draft, &defs, placeholders, cell, 0) {
                Part::Sum(v) => number::format_wide(v, decimals),
                Part::Blank | Part::Unknown => String::new(),
            };
            (FieldRef::Cell { table: t, row, col }, text)
        })
        .collect()
}
