//! Blocks read into a draft of the 2021 form: the title (机关名称, 年度), the preamble, the six
//! sections by their headings, their texts by sub-heading, the fee item, and every table cell by its
//! row label — with a list of every figure that could not be placed and why.
//!
//! Invariant: a figure in a table line is placed in the cell its row label and position name, or it
//! is listed in [`Summary::not_placed`]; never dropped, never guessed into a cell. Where a line of a
//! table holds fewer or more figures than its row has cells (a blank cell lost when a table was
//! flattened to text), none of its figures is placed.
//!
//! Everything here walks the template ([`nianbao_core::template_2021`]): the headings, row labels
//! and column counts are the template's; only the words that tell drifting wording apart (the cues
//! below) are the recogniser's own.

use nianbao_core::model::{Draft, FieldRef};
use nianbao_core::template::{Item, Table, Template};

use crate::doc::Block;
use crate::words::{likeness, split_numbering, squeeze, words, Numbering};
use crate::{Format, NotPlaced, Summary};

/// Words that tell each section's heading apart, whatever else the heading says (they drift:
/// “四、因政府信息公开工作被申请行政复议、提起行政诉讼情况”, “行政法复议”).
const SECTION_CUES: [&[&str]; 6] = [
    &["总体情况"],
    &["主动公开"],
    &["收到和处理", "依申请公开情况", "公开申请情况"],
    &["行政复议", "行政诉讼", "复议"],
    &["问题", "改进"],
    &["其他需要报告", "其他事项"],
];

/// Sub-headings of the text sections: cue words → text id (or [`FEE`]). A sub-heading that names
/// none of them goes by its number, then to the section's last text.
const SUBSECTION_CUES: [&[(&str, &[&str])]; 6] = [
    &[
        ("overview.active", &["主动公开"]),
        ("overview.requests", &["依申请", "申请公开"]),
        ("overview.management", &["信息管理"]),
        ("overview.platforms", &["平台"]),
        ("overview.oversight", &["监督", "保障", "考核"]),
    ],
    &[],
    &[],
    &[],
    &[
        ("problems.issues", &["存在", "问题", "不足"]),
        ("problems.improvements", &["改进", "整改", "措施"]),
    ],
    &[
        ("other.key_points", &["要点"]),
        (FEE, &["处理费", "收费", "收取"]),
        ("other.proposals", &["建议", "提案"]),
        ("other.other", &["其他"]),
    ],
];

/// Stands for the fee item among the sub-section targets.
const FEE: &str = "fee";

/// Words only the older (2019 试行) format's tables have.
const OLD_FORMAT_CUES: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "第二十条第（九）项",
    "第二十条第(九)项",
];

/// Words only the 2021 format's tables have.
const NEW_FORMAT_CUES: &[&str] = &["本年制发件数", "现行有效件数"];

/// Entries that stand for “nothing” in published tables: kept as typed, flagged by the rules.
const DASHES: &[&str] = &["/", "／", "-", "－", "—", "——", "–", "无", "\\", "、"];

/// A line of the source: its text, and its cells (a table row, or a line cut at tabs or at wide gaps).
struct Line {
    text: String,
    cells: Vec<String>,
}

fn lines(blocks: &[Block]) -> Vec<Line> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Para(text) => {
                let text = crate::words::unify_radicals(text);
                for line in text.lines() {
                    let text = line.trim_matches(crate::words::is_space);
                    if text.is_empty() {
                        continue;
                    }
                    out.push(Line {
                        cells: split_cells(text),
                        text: text.to_string(),
                    });
                }
            }
            Block::Table(rows) => out.extend(
                rows.iter()
                    .filter_map(|row| table_line(row.iter().map(|c| c.text.clone()).collect())),
            ),
        }
    }
    out
}

/// A row of a table as a line; `None` for a row without text.
fn table_line(cells: Vec<String>) -> Option<Line> {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| crate::words::unify_radicals(c).into_owned())
        .collect();
    let text = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(Line { text, cells })
}

/// A text line's cells: cut at tabs (a table copied from a page), else at gaps of two or more spaces
/// (text copied from a PDF laid out in columns).
fn split_cells(text: &str) -> Vec<String> {
    if text.contains('\t') {
        return text.split('\t').map(|c| c.trim().to_string()).collect();
    }
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut spaces = 0;
    for c in text.chars() {
        if c == ' ' || c == '\u{3000}' || c == '\u{a0}' {
            spaces += if c == ' ' || c == '\u{a0}' { 1 } else { 2 };
            continue;
        }
        if spaces >= 2 && !cell.is_empty() {
            cells.push(std::mem::take(&mut cell));
        } else if spaces > 0 && !cell.is_empty() {
            cell.push(' ');
        }
        spaces = 0;
        cell.push(c);
    }
    if !cell.is_empty() {
        cells.push(cell);
    }
    // PDF text puts figures one space apart (`…申请数量     79 29 3 6 8 2 127`): figures at the end
    // of a cell are cells of their own.
    let mut out = Vec::with_capacity(cells.len());
    for cell in cells {
        let words: Vec<&str> = cell.split(' ').collect();
        let figures = words.iter().rev().take_while(|w| is_value(w)).count();
        if figures == 0 || words.len() == 1 {
            out.push(cell);
            continue;
        }
        let label = words[..words.len() - figures].join(" ");
        if !label.is_empty() {
            out.push(label);
        }
        out.extend(words[words.len() - figures..].iter().map(|w| w.to_string()));
    }
    out
}

/// Whether a cell holds a figure or a stand-in for one (`/`, `—`, `无`).
fn is_value(cell: &str) -> bool {
    let text = cell.trim_matches(crate::words::is_space);
    if text.is_empty() {
        return false;
    }
    if DASHES.contains(&text) {
        return true;
    }
    // A unit written in the cell (`73802895.90元`, the older format's 采购总金额).
    let text = ["万元", "元", "件", "条", "个", "项", "次"]
        .iter()
        .find_map(|unit| text.strip_suffix(unit))
        .unwrap_or(text)
        .trim_matches(crate::words::is_space);
    // Signed figures stand in the older format's 本年增/减 columns.
    let text = text
        .strip_prefix(['-', '－', '+', '＋'])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)))
        .unwrap_or(text);
    let mut digits = 0;
    for c in text.chars() {
        match c {
            '0'..='9' | '０'..='９' => digits += 1,
            ',' | '，' | '.' | '．' => {}
            _ => return false,
        }
    }
    digits > 0
}

fn is_blank(cell: &str) -> bool {
    cell.trim_matches(crate::words::is_space).is_empty()
}

/// Which section (0 = 一 … 5 = 六) a line heads, if it is a heading of a section after `after`.
fn section_heading(template: &Template, line: &Line, after: Option<usize>) -> Option<usize> {
    let squeezed = squeeze(&line.text);
    if squeezed.chars().count() > 45 {
        return None;
    }
    let (numbering, _) = split_numbering(&squeezed);
    let text = words(&line.text);
    let first = after.map_or(0, |a| a + 1);
    (first..template.sections.len().min(6)).find(|&i| {
        let cued = SECTION_CUES[i].iter().any(|cue| text.contains(cue));
        match numbering {
            Some(Numbering::Chinese(n)) => n as usize == i + 1 && cued,
            // Headings without their number: the heading's own words, nearly whole.
            None => cued && likeness(&text, &words(template.sections[i].heading)) >= 0.6,
            Some(_) => false,
        }
    })
}

/// What the recogniser found, before it becomes a draft.
pub fn recognise(template: &'static Template, blocks: &[Block]) -> (Draft, Summary) {
    let lines = lines(blocks);
    let mut draft = Draft::new(template);
    let mut summary = Summary::default();

    // Sections by heading, in order.
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (section, line index)
    for (i, line) in lines.iter().enumerate() {
        if let Some(s) = section_heading(template, line, starts.last().map(|&(s, _)| s)) {
            starts.push((s, i));
        }
    }
    let all_text: String = lines.iter().map(|l| squeeze(&l.text)).collect();
    let old = OLD_FORMAT_CUES.iter().any(|c| all_text.contains(c));
    // The older format's section 二 columns decide: placing them as the 2021 columns would put
    // figures in wrong cells. (Its other tell, （六） in one row, is caught row by row.)
    let new = NEW_FORMAT_CUES.iter().any(|c| all_text.contains(c));
    let format = if old && !new {
        Format::Y2019
    } else {
        Format::Y2021
    };

    // The title and what comes before section 一.
    let head_end = starts.first().map_or(lines.len(), |&(_, i)| i);
    let title_at = find_title(&lines[..head_end]).or_else(|| find_title(&lines));
    if let Some((at, agency, year)) = &title_at {
        set(&mut draft, &mut summary, FieldRef::Agency, agency.clone());
        set(&mut draft, &mut summary, FieldRef::Year, year.clone());
        let preamble: Vec<&str> = lines[(at + 1).min(head_end)..head_end]
            .iter()
            .map(|l| l.text.as_str())
            // The rest of a title broken over lines (`政府信息公开工作年度报告`); not the preamble's
            // own short last line (`年1月1日至12月31日。`, which was lost).
            .skip_while(|t| t.chars().count() < 20)
            .collect();
        if !preamble.is_empty() {
            let preamble = rejoin(&preamble);
            if preamble != draft.preamble_text() {
                draft.preamble = Some(preamble);
                summary.placed += 1;
            }
        }
    } else {
        // No title: the preamble may still name the year (统计数据从2024年1月1日…).
        if let Some(year) = lines[..head_end].iter().find_map(|l| year_in(&l.text)) {
            set(&mut draft, &mut summary, FieldRef::Year, year);
        }
    }

    let found: Vec<usize> = starts.iter().map(|&(s, _)| s).collect();
    summary.sections_found = found.len();
    for (k, &(section, start)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(lines.len(), |&(_, i)| i);
        let body = &lines[start + 1..end];
        let has_tables = template.sections[section]
            .items
            .iter()
            .any(|item| matches!(item, Item::Table(_)));
        if has_tables {
            read_tables(template, section, body, format, &mut draft, &mut summary);
        } else {
            let body = if k + 1 == starts.len() {
                strip_signature(body, &mut draft, &mut summary)
            } else {
                body
            };
            read_texts(template, section, body, &mut draft, &mut summary);
        }
    }

    let is_report = found.len() >= 3 || summary.cells > 0;
    summary.format = is_report.then(|| format.id().to_string());
    if is_report && format == Format::Y2019 {
        summary.parts = old_format_parts(template);
    }
    (draft, summary)
}

fn set(draft: &mut Draft, summary: &mut Summary, field: FieldRef, value: String) {
    if value.is_empty() {
        return;
    }
    let _ = draft.apply(nianbao_core::Edit::Set(field, value));
    summary.placed += 1;
}

/// The title line (`<机关名称><年度>年政府信息公开工作年度报告`, perhaps over two lines): its index,
/// the agency and the year.
fn find_title(lines: &[Line]) -> Option<(usize, String, String)> {
    const SUFFIX: &str = "政府信息公开工作年度报告";
    for (i, line) in lines.iter().enumerate() {
        let mut text = squeeze(&line.text);
        if !text.contains(SUFFIX) || text.chars().count() > 60 {
            continue;
        }
        // “平潭综合实验区2020年” / “政府信息公开工作年度报告”.
        if text.starts_with(SUFFIX) && i > 0 {
            let before = squeeze(&lines[i - 1].text);
            if before.ends_with('年') && before.chars().count() <= 40 {
                text = before + &text;
            }
        }
        let text = text.trim_start_matches(['《', '“']);
        let head = &text[..text.find(SUFFIX).unwrap_or(0)];
        let Some(year_at) = head.rfind('年') else {
            continue;
        };
        let digits: String = head[..year_at]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if digits.len() != 4 {
            continue;
        }
        let agency = head[..year_at - digits.len()].trim_end_matches(['（', '(']);
        return Some((i, agency.to_string(), digits));
    }
    None
}

/// Lines of one paragraph broken at a page's width joined again: a line that does not end a
/// sentence goes on in the next.
fn rejoin(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        if !out.is_empty() && ends_sentence(&out) {
            out.push('\n');
        }
        out.push_str(line.trim());
    }
    out
}

fn ends_sentence(text: &str) -> bool {
    text.chars().count() < 20
        || text.ends_with(['。', '！', '？', '；', '：', '”', '）', ')', '…', '.', ':'])
}

/// The report year a preamble names: `…从2024年1月1日…`.
fn year_in(text: &str) -> Option<String> {
    let squeezed = squeeze(text);
    let at = squeezed.find("年1月1日")?;
    let digits = squeezed.get(at.checked_sub(4)?..at)?;
    digits
        .chars()
        .all(|c| c.is_ascii_digit())
        .then(|| digits.to_string())
}

/// The last section without the signature a report ends with (the body's name, the date): the date
/// becomes 发布日期.
fn strip_signature<'a>(body: &'a [Line], draft: &mut Draft, summary: &mut Summary) -> &'a [Line] {
    let mut end = body.len();
    // The body's name alone on the last line (a report signed without a date).
    let agency = squeeze(&draft.agency);
    if !agency.is_empty() && body.last().is_some_and(|l| squeeze(&l.text) == agency) {
        return &body[..end - 1];
    }
    if let Some(last) = body.last() {
        if let Some(date) = chinese_date(&squeeze(&last.text)) {
            set(draft, summary, FieldRef::Published, date);
            end -= 1;
            let agency = draft.agency.clone();
            if let Some(before) = end.checked_sub(1).map(|i| &body[i]) {
                let text = squeeze(&before.text);
                if text.chars().count() <= 30
                    && (!agency.is_empty() && text.contains(&agency)
                        || ["政府", "办公室", "局", "委员会", "管委会"]
                            .iter()
                            .any(|w| text.ends_with(w)))
                {
                    end -= 1;
                }
            }
        }
    }
    &body[..end]
}

/// `2024年1月20日` (the whole line) as `2024-01-20`.
fn chinese_date(text: &str) -> Option<String> {
    let (year, rest) = text.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = (number(year)?, number(month)?, number(day)?);
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The prose of section `section`, split at its sub-headings into the template's texts.
fn read_texts(
    template: &'static Template,
    section: usize,
    body: &[Line],
    draft: &mut Draft,
    summary: &mut Summary,
) {
    let targets: Vec<&'static str> = template.sections[section]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text(t) => Some(t.id),
            Item::Fee(_) => Some(FEE),
            Item::Table(_) => None,
        })
        .collect();
    let Some(&last_text) = targets.iter().rev().find(|&&t| t != FEE) else {
        return;
    };
    // Text before any sub-heading: the section's first text (一's intro, 五's problems), or its last
    // (六's 其他).
    let first = targets.first().copied().unwrap_or(last_text);
    let lead = if first == "other.key_points" {
        last_text
    } else {
        first
    };
    let mut current = lead;
    let mut texts: Vec<(&'static str, Vec<String>)> = Vec::new();
    let headed = body
        .iter()
        .any(|line| sub_heading(section, &targets, &line.text).is_some());
    for line in body {
        // A template's hint (“（文字描述）”) is not report text.
        if squeeze(&line.text).contains("文字描述") && line.text.chars().count() <= 30 {
            continue;
        }
        let text = prose_line(&line.text);
        // A paragraph broken at the width of a page or a copy (`…二是公开渠道` / `和形式较为单一`)
        // goes on in the next line, unless that line starts a numbered item.
        if let Some((_, paragraphs)) = texts.iter_mut().find(|(t, _)| *t == current) {
            if let Some(last) = paragraphs.last_mut() {
                let unfinished = !ends_sentence(last);
                let numbered = split_numbering(&squeeze(&text)).0.is_some();
                if unfinished && !numbered && sub_heading(section, &targets, &line.text).is_none() {
                    last.push_str(text.trim());
                    continue;
                }
            }
        }
        let (target, rest) = match sub_heading(section, &targets, &line.text) {
            Some((target, rest)) => (target, rest),
            // 五 without sub-headings: the paragraph that turns to what will be done.
            None if !headed && turns_to_improvements(section, &targets, current, &text) => {
                ("problems.improvements", Some(text))
            }
            None => (current, Some(text)),
        };
        current = target;
        if let Some(rest) = rest.filter(|r| !r.trim().is_empty()) {
            match texts.iter_mut().find(|(t, _)| *t == target) {
                Some((_, paragraphs)) => paragraphs.push(rest),
                None => texts.push((target, vec![rest])),
            }
        } else if !texts.iter().any(|(t, _)| *t == target) {
            texts.push((target, Vec::new()));
        }
    }
    // 六 without a fee sub-heading may still say whether a fee was charged.
    if targets.contains(&FEE) && !texts.iter().any(|(t, _)| *t == FEE) {
        let all: Vec<&str> = texts
            .iter()
            .flat_map(|(_, p)| p.iter().map(String::as_str))
            .collect();
        if let Some(said) = all.iter().find(|p| p.contains("处理费")) {
            if let Some(charged) = fee_charged(said) {
                let _ = draft.apply(nianbao_core::Edit::Charged(Some(charged)));
                summary.placed += 1;
            }
        }
    }
    for (target, paragraphs) in texts {
        let text = paragraphs.join("\n");
        if target == FEE {
            read_fee(&text, draft, summary);
            continue;
        }
        if let Some(i) = template.text_index(target) {
            let field = FieldRef::Text(i);
            let joined = match draft.get(field) {
                "" => text,
                before => format!("{before}\n{text}"),
            };
            set(draft, summary, field, joined);
        }
    }
}

/// A sub-heading `（一）…` at the start of a line: the text it leads to, and what follows the heading
/// on the same line.
fn sub_heading(
    section: usize,
    targets: &[&'static str],
    line: &str,
) -> Option<(&'static str, Option<String>)> {
    let trimmed = line.trim_matches(|c: char| crate::words::is_space(c) || c == '*' || c == '#');
    let squeezed = squeeze(trimmed);
    let (numbering, rest) = split_numbering(&squeezed);
    let Some(Numbering::Paren(n)) = numbering else {
        return None;
    };
    // The heading runs to the first full stop or colon; the rest of the line is prose.
    let (heading, after) = match trimmed.find(['。', '：', ':']) {
        Some(at) => {
            let after = trimmed[at..].chars().skip(1).collect::<String>();
            (
                &rest[..rest.find(['。', '：', ':']).unwrap_or(rest.len())],
                after,
            )
        }
        None if rest.chars().count() <= 30 => (rest, String::new()),
        None => return None,
    };
    let cues = SUBSECTION_CUES[section];
    let by_words = cues
        .iter()
        .find(|(_, words)| words.iter().any(|w| heading.contains(w)))
        .map(|(target, _)| *target);
    let by_number = (n as usize)
        .checked_sub(1)
        .and_then(|i| targets.get(i))
        .copied()
        .filter(|_| section == 0);
    let target = by_words
        .or(by_number)
        .filter(|t| targets.contains(t))
        .or_else(|| targets.iter().rev().find(|&&t| t != FEE).copied())?;
    // A sub-heading of the form's own (by its words) is the form's heading; any other (“（一）强化
    // 组织协调”) is kept as the first line of the text it leads, so its wording is not lost.
    if by_words.is_none() {
        return Some((target, Some(prose_line(line))));
    }
    let after = after.trim_matches(crate::words::is_space).to_string();
    Some((target, (!after.is_empty()).then_some(after)))
}

/// The fee item from what section 六 says under its fee sub-heading.
fn read_fee(text: &str, draft: &mut Draft, summary: &mut Summary) {
    let squeezed = squeeze(text);
    let charged = fee_charged(text);
    if charged.is_some() {
        let _ = draft.apply(nianbao_core::Edit::Charged(charged));
        summary.placed += 1;
    }
    if charged == Some(true) {
        if let Some(amount) = amount_in(&squeezed) {
            set(draft, summary, FieldRef::FeeAmount, amount);
        }
    }
    // The sentence the form writes for the answer is the answer: kept as a note too, every export
    // would say it twice. Any other wording stays, as typed.
    let answered = draft
        .template
        .fee()
        .and_then(|fee| nianbao_core::shown::fee_sentence(draft, fee))
        .map(|sentence| squeeze(&sentence));
    let note: Vec<&str> = text
        .lines()
        .filter(|line| answered.as_deref() != Some(squeeze(line).as_str()))
        .collect();
    set(draft, summary, FieldRef::FeeNote, note.join("\n"));
}

/// Whether a text says a fee was charged (`收取…元`) or not (`未收取`, `无收取`).
fn fee_charged(text: &str) -> Option<bool> {
    let squeezed = squeeze(text);
    let none = [
        "未收取",
        "没有收取",
        "不收取",
        "无收取",
        "未产生",
        "未发生",
        "0元",
    ];
    if none.iter().any(|w| squeezed.contains(w)) {
        Some(false)
    } else if squeezed.contains("收取") && squeezed.contains('元') {
        Some(true)
    } else {
        None
    }
}

/// A line of prose without the Markdown marks text copied from some pages carries (`#### **…**`).
fn prose_line(text: &str) -> String {
    let text = text.trim_start_matches(|c: char| c == '#' || crate::words::is_space(c));
    let bare = text.strip_prefix("**").and_then(|t| t.strip_suffix("**"));
    bare.unwrap_or(text).to_string()
}

/// In 五 without sub-headings, whether this paragraph begins what will be improved (`2025年，将重点从
/// 以下方面做好改进：…`, `下一步，…`).
fn turns_to_improvements(section: usize, targets: &[&str], current: &str, text: &str) -> bool {
    const CUES: &[&str] = &[
        "改进：",
        "改进。",
        "改进措施",
        "下一步",
        "整改措施",
        "将采取",
        "将重点",
    ];
    let start: String = squeeze(text).chars().take(60).collect();
    SUBSECTION_CUES[section]
        .iter()
        .any(|(t, _)| *t == "problems.improvements")
        && targets.contains(&"problems.improvements")
        && current != "problems.improvements"
        && CUES.iter().any(|c| start.contains(c))
}

/// The figure before the first `元` after `收取`.
fn amount_in(text: &str) -> Option<String> {
    let from = text.find("收取")?;
    let yuan = from + text[from..].find('元')?;
    let digits: String = text[..yuan]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!digits.is_empty()).then_some(digits)
}

/// A row a table line may belong to: a data row of a table, or a group label that has no row of its
/// own in the 2021 form (a subtotal line).
#[derive(Clone, Copy)]
enum Target {
    Row { table: usize, row: usize },
    Group(&'static str),
}

/// The rows of the tables of section `section`, with the words of their labels.
fn targets_of(template: &'static Template, section: usize) -> Vec<(Target, String)> {
    let mut out = Vec::new();
    let mut groups: Vec<&'static str> = Vec::new();
    for item in template.sections[section].items {
        let Item::Table(table) = item else { continue };
        let Some(index) = template.table_index(table.id) else {
            continue;
        };
        for (row, r) in table.rows.iter().enumerate() {
            let label = r.labels.last().copied().unwrap_or("");
            out.push((Target::Row { table: index, row }, words(label)));
            for group in &r.labels[..r.labels.len().saturating_sub(1)] {
                if !groups.contains(group) {
                    groups.push(group);
                }
            }
        }
    }
    out.extend(groups.into_iter().map(|g| (Target::Group(g), words(g))));
    out
}

fn read_tables(
    template: &'static Template,
    section: usize,
    body: &[Line],
    format: Format,
    draft: &mut Draft,
    summary: &mut Summary,
) {
    let targets = targets_of(template, section);
    let section_name = template.sections[section].heading;
    let labelless_table = template.sections[section]
        .items
        .iter()
        .find_map(|item| match item {
            Item::Table(t) if t.label_columns == 0 => template.table_index(t.id).map(|i| (i, *t)),
            _ => None,
        });
    let mut cursor = 0;
    for line in body {
        // The figures at the end of the line, and the label before them.
        let tail_start = line
            .cells
            .iter()
            .rposition(|c| !is_value(c) && !is_blank(c))
            .map_or(0, |i| i + 1);
        let tail = &line.cells[tail_start..];
        if !tail.iter().any(|c| is_value(c)) {
            continue;
        }
        let labels: Vec<&str> = line.cells[..tail_start]
            .iter()
            .map(|c| c.as_str())
            .filter(|c| !is_blank(c))
            .collect();
        let refuse = |why: String, summary: &mut Summary| {
            for value in tail.iter().filter(|c| is_value(c)) {
                summary.not_placed.push(NotPlaced {
                    value: value.trim().to_string(),
                    context: context(section_name, &line.text),
                    why: why.clone(),
                });
            }
        };
        if section == 1 && format == Format::Y2019 {
            refuse(
                "这是 2019 年格式的表，栏目与 2021 年格式不同，没有填入。".into(),
                summary,
            );
            continue;
        }
        // Which row: a labelled line by its label; a line of figures alone in 四 is its one row.
        let target = if labels.is_empty() {
            match labelless_table {
                Some((table, _)) => Some(Target::Row { table, row: 0 }),
                None => {
                    refuse("这一行没有栏目名称，无法确定是哪一行。".into(), summary);
                    continue;
                }
            }
        } else {
            best_target(&targets, &labels, cursor)
        };
        let Some(target) = target else {
            refuse(
                format!(
                    "没有认出“{}”是表中的哪一行。",
                    labels.join(" ").chars().take(40).collect::<String>()
                ),
                summary,
            );
            continue;
        };
        let (table, row) = match target {
            Target::Row { table, row } => (table, row),
            Target::Group(label) => {
                let why = if format == Format::Y2019 && label.contains("其他处理") {
                    format!(
                        "2019 年格式的“{label}”只有一行，2021 年格式分为三项，无法确定填入哪一项。"
                    )
                } else {
                    format!("“{label}”在 2021 年格式中没有自己的一行（只填它下面的各项）。")
                };
                refuse(why, summary);
                continue;
            }
        };
        let Some(t) = template.tables().nth(table) else {
            continue;
        };
        let columns = usize::from(t.columns);
        let Some(values) = fit(tail, columns) else {
            let count = tail.iter().filter(|c| is_value(c)).count();
            refuse(
                format!(
                    "“{}”这一行有 {count} 个数，表中这一行有 {columns} 格，无法确定各数属于哪一格（可能有空格被略去）。",
                    row_name(t, row)
                ),
                summary,
            );
            continue;
        };
        // A row met twice: the second time only if it says the same.
        let already = (0..columns).any(|c| !draft.tables[table][row * columns + c].is_empty());
        let same = (0..columns).all(|c| draft.tables[table][row * columns + c] == values[c]);
        if already {
            if !same {
                refuse(
                    format!(
                        "“{}”这一行前面已经出现过，数字不同，没有再填。",
                        row_name(t, row)
                    ),
                    summary,
                );
            }
            continue;
        }
        for (col, value) in values.into_iter().enumerate() {
            if !value.is_empty() {
                let _ = draft.apply(nianbao_core::Edit::Set(
                    FieldRef::Cell { table, row, col },
                    value,
                ));
                summary.placed += 1;
                summary.cells += 1;
            }
        }
        cursor = targets
            .iter()
            .position(
                |(t, _)| matches!(t, Target::Row { table: a, row: b } if *a == table && *b == row),
            )
            .map_or(cursor, |p| p + 1);
    }
}

fn row_name(table: &Table, row: usize) -> String {
    match table.rows[row].labels.last() {
        Some(label) => label.to_string(),
        None => table.name.to_string(),
    }
}

/// The line's figures fitted to a row of `columns` cells: blank cells at either end dropped while
/// there are too many (a label's merged cells before them, a flattened line's end after them).
fn fit(tail: &[String], columns: usize) -> Option<Vec<String>> {
    let mut cells: Vec<String> = tail
        .iter()
        .map(|c| c.trim_matches(crate::words::is_space).to_string())
        .collect();
    while cells.len() > columns && cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    while cells.len() > columns && cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    (cells.len() == columns).then_some(cells)
}

/// The row whose label the line's label cells look most like: the last cell first (the row's own
/// label, after its groups), then all of them together; among near ties, the first from `cursor`
/// (rows come in order).
fn best_target(targets: &[(Target, String)], labels: &[&str], cursor: usize) -> Option<Target> {
    let last = words(labels.last().copied().unwrap_or(""));
    let all: String = labels.iter().map(|l| words(l)).collect();
    let scores: Vec<f32> = targets
        .iter()
        .map(|(_, label)| {
            let a = if last.is_empty() {
                0.0
            } else {
                likeness(&last, label)
            };
            let b = if all.is_empty() {
                0.0
            } else {
                likeness(&all, label)
            };
            a.max(b)
        })
        .collect();
    // Rows come in order: the row after the last one placed is the likelier reading of a label
    // that PDF text cut short (`无法提 行制作` for 2.没有现成信息需要另行制作).
    let mut scores = scores;
    if let Some(next) = scores.get_mut(cursor) {
        if *next > 0.2 {
            *next += 0.25;
        }
    }
    let best = scores.iter().copied().fold(0.0f32, f32::max);
    if best < 0.5 {
        return None;
    }
    let near = |i: &usize| scores[*i] >= best - 0.05;
    let index = (cursor..targets.len())
        .find(near)
        .or_else(|| (0..targets.len()).find(near))?;
    Some(targets[index].0)
}

fn context(section: &str, line: &str) -> String {
    let line: String = line.chars().take(80).collect();
    format!("{section}：{line}")
}

/// What of an older-format report maps onto the 2021 form.
fn old_format_parts(template: &Template) -> Vec<String> {
    let heading = |i: usize| template.sections[i].heading;
    vec![
        format!("{}、{}、{}：文字照原文填入。", heading(0), heading(4), heading(5)),
        format!(
            "{}：2019 年格式的栏目（本年新制作数量、上一年项目数量等）与 2021 年格式不同，其中的数字都没有填入，列在“未填入”中。",
            heading(1)
        ),
        format!(
            "{}：各行照填；只有“（六）其他处理”在 2019 年格式中是一行，2021 年格式分为三项，它的数字列在“未填入”中。",
            heading(2)
        ),
        format!("{}：15 格与 2021 年格式相同，照填。", heading(3)),
    ]
}
