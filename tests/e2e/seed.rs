//! The report the end-to-end test types in: the real published report
//! shared/reference/longde-chengguan-2024.txt (read at test time, beside the repository), or, where that
//! file is absent, the project's fixture tests/fixtures/reports/seed-2024.json, which holds the same
//! report's values.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Table ids and their shapes (rows, columns), as in the 2021 template.
pub const TABLES: &[(&str, usize, usize)] = &[
    ("regulations", 2, 3),
    ("licensing", 1, 1),
    ("enforcement", 2, 1),
    ("charges", 1, 1),
    ("applications", 25, 7),
    ("reviews", 1, 15),
];

/// Every field value of one report, keyed as the app's field ids are.
#[derive(Debug, Default)]
pub struct Seed {
    /// Where the values came from (for the log).
    pub source: String,
    pub agency: String,
    pub year: String,
    /// `YYYY-MM-DD`, when the source states it.
    pub published: Option<String>,
    /// (text id, text), e.g. ("overview.active", "…").
    pub texts: Vec<(String, String)>,
    /// (table id, row, column, value as typed).
    pub cells: Vec<(String, usize, usize, String)>,
    pub fee_charged: bool,
    pub fee_amount: String,
    pub fee_note: String,
}

impl Seed {
    /// The value of one cell.
    pub fn cell(&self, table: &str, row: usize, col: usize) -> &str {
        self.cells
            .iter()
            .find(|(t, r, c, _)| t == table && *r == row && *c == col)
            .map(|(_, _, _, v)| v.as_str())
            .unwrap_or_else(|| panic!("seed has no cell {table}[{row}][{col}]"))
    }

    /// The text of one text field ("" when the report leaves it out).
    pub fn text(&self, id: &str) -> &str {
        self.texts
            .iter()
            .find(|(t, _)| t == id)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// The real report if it is there, else the fixture. Where the real one is absent the test says so
/// visibly, and under `CI=true` fails (tests/support/needs.rs).
pub fn load(repo: &Path) -> Seed {
    real(repo).unwrap_or_else(|| fixture(repo))
}

/// The real published report (`$NIANBAO_SEED_TXT`, or ../shared/reference/longde-chengguan-2024.txt),
/// or `None` with a visible skip notice.
pub fn real(repo: &Path) -> Option<Seed> {
    let path = match std::env::var_os("NIANBAO_SEED_TXT") {
        Some(path) => PathBuf::from(path),
        None => crate::needs::reference(repo, "longde-chengguan-2024.txt")?,
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the seed report {}: {e}", path.display()));
    let mut seed = from_published_text(&text)
        .unwrap_or_else(|e| panic!("cannot read the seed report {}: {e}", path.display()));
    seed.source = path.display().to_string();
    Some(seed)
}

/// The project's own fixture of the same report's values (tests/fixtures/reports/seed-2024.json).
pub fn fixture(repo: &Path) -> Seed {
    let path = repo.join("tests/fixtures/reports/seed-2024.json");
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut seed =
        from_fixture(&json).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    seed.source = path.display().to_string();
    seed
}

/// Reads the project's JSON format (docs/json-format.md): header, texts, tables, fee.
pub fn from_fixture(json: &str) -> Result<Seed, String> {
    let doc: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let s = |v: &Value| v.as_str().map(str::to_string);
    let header = &doc["header"];
    let mut seed = Seed {
        agency: s(&header["agency"]).ok_or("no header.agency")?,
        year: s(&header["year"]).ok_or("no header.year")?,
        published: s(&header["published"]).filter(|p| !p.is_empty()),
        ..Seed::default()
    };
    for (id, text) in doc["texts"].as_object().ok_or("no texts")? {
        seed.texts
            .push((id.clone(), text.as_str().unwrap_or("").to_string()));
    }
    for &(table, rows, cols) in TABLES {
        for row in 0..rows {
            for col in 0..cols {
                let v = &doc["tables"][table][row][col];
                let typed = match v {
                    Value::Number(n) => n.to_string(),
                    Value::String(t) => t.clone(),
                    _ => return Err(format!("tables.{table}[{row}][{col}] is {v}")),
                };
                seed.cells.push((table.to_string(), row, col, typed));
            }
        }
    }
    let fee = &doc["fee"];
    seed.fee_charged = fee["charged"].as_bool().unwrap_or(false);
    seed.fee_amount = s(&fee["amount"]).unwrap_or_default();
    seed.fee_note = s(&fee["note"]).unwrap_or_default();
    Ok(seed)
}

/// Where the prose under a heading goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    Text(&'static str),
    FeeNote,
}

/// Reads a report as copied from a portal page: markdown-ish `#` headings, prose paragraphs, and the
/// tables flattened to tab-separated lines. Real reports word their headings freely, so sections are
/// told by their key words and sub-items by their （一）…（五） numbering.
pub fn from_published_text(text: &str) -> Result<Seed, String> {
    let mut seed = Seed::default();
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .ok_or("no `# title` line")?
        .trim();
    let year_at = title
        .find("年政府信息公开")
        .ok_or("the title does not end in …年政府信息公开工作年度报告")?;
    let year = title[..year_at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>();
    if year.len() != 4 {
        return Err(format!("no year in the title {title}"));
    }
    seed.agency = title[..year_at - 4].trim().to_string();
    seed.year = year;

    let mut part = 0; // the report's section 一 … 六
    let mut target: Option<Target> = None;
    let mut texts: Vec<(Target, String, bool)> = Vec::new();
    let mut application_rows = 0;
    let mut after_title = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(heading) = line.strip_prefix('#') {
            let h = heading.trim_start_matches('#').replace("**", "");
            let h = h.trim().trim_end_matches('。');
            if !after_title {
                after_title = true; // the `# title` itself
                continue;
            }
            let new_part = if h.contains("总体情况") {
                Some(1)
            } else if h.starts_with("二、") && h.contains("主动公开") {
                Some(2)
            } else if h.contains("收到和处理政府信息公开申请") {
                Some(3)
            } else if h.contains("行政复议") && h.contains("行政诉讼") {
                Some(4)
            } else if h.contains("存在的主要问题") {
                Some(5)
            } else if h.contains("其他需要报告的事项") {
                Some(6)
            } else {
                None
            };
            if let Some(p) = new_part {
                part = p;
                target = (p == 1).then_some(Target::Text("overview.intro"));
                continue;
            }
            let sub = ["（一）", "（二）", "（三）", "（四）", "（五）"]
                .iter()
                .position(|n| h.starts_with(n));
            let next = match (part, sub) {
                (1, Some(i)) => Some(Target::Text(
                    [
                        "overview.active",
                        "overview.requests",
                        "overview.management",
                        "overview.platforms",
                        "overview.oversight",
                    ][i],
                )),
                (5, Some(0)) => Some(Target::Text("problems.issues")),
                (5, Some(1)) => Some(Target::Text("problems.improvements")),
                (6, _) if h.contains("信息处理费") => Some(Target::FeeNote),
                (6, _) if h.contains("工作要点") => Some(Target::Text("other.key_points")),
                (6, _) if h.contains("人大代表建议") || h.contains("政协提案") => {
                    Some(Target::Text("other.proposals"))
                }
                (6, Some(3)) => Some(Target::Text("other.other")),
                _ => None,
            };
            match (next, target) {
                (Some(t), _) => target = Some(t),
                // A heading inside an item (the numbered points of 工作要点): keep it as a line.
                (None, Some(t)) => push_line(&mut texts, t, h, true),
                (None, None) => {}
            }
            continue;
        }
        if line.contains('\t') {
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let numbers: Vec<String> = fields
                .iter()
                .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit() || c == '.'))
                .map(|f| f.to_string())
                .collect();
            let label = fields.first().copied().unwrap_or("");
            let row = match part {
                2 if label == "规章" => Some(("regulations", 0)),
                2 if label == "行政规范性文件" => Some(("regulations", 1)),
                2 if label == "行政许可" => Some(("licensing", 0)),
                2 if label == "行政处罚" => Some(("enforcement", 0)),
                2 if label == "行政强制" => Some(("enforcement", 1)),
                2 if label == "行政事业性收费" => Some(("charges", 0)),
                3 if numbers.len() == 7 => {
                    application_rows += 1;
                    Some(("applications", application_rows - 1))
                }
                4 if numbers.len() == 15 => Some(("reviews", 0)),
                _ => None,
            };
            if let Some((table, r)) = row {
                let cols = TABLES.iter().find(|t| t.0 == table).map_or(0, |t| t.2);
                if numbers.len() < cols {
                    return Err(format!(
                        "{table} row {r}: {cols} numbers expected in {line:?}"
                    ));
                }
                for (c, n) in numbers.into_iter().take(cols).enumerate() {
                    seed.cells.push((table.to_string(), r, c, n));
                }
            }
            continue;
        }
        if let Some(t) = target {
            push_line(&mut texts, t, line.trim(), false);
        }
    }
    for &(table, rows, cols) in TABLES {
        let n = seed.cells.iter().filter(|c| c.0 == table).count();
        if n != rows * cols {
            return Err(format!("{table}: read {n} cells, expected {}", rows * cols));
        }
    }
    for (t, body, _) in texts {
        match t {
            Target::Text(id) => seed.texts.push((id.to_string(), body)),
            Target::FeeNote => seed.fee_note = body,
        }
    }
    // The report states the position in words; the form asks yes/no.
    seed.fee_charged = !(seed.fee_note.contains("未收取") || seed.fee_note.is_empty());
    Ok(seed)
}

/// Appends a line to a target's text. A prose line continues the previous one when the page split a
/// sentence (no sentence end before it); a heading kept inside an item stands as its own line.
fn push_line(texts: &mut Vec<(Target, String, bool)>, t: Target, line: &str, heading: bool) {
    match texts.iter_mut().find(|(k, _, _)| *k == t) {
        Some((_, body, open)) => {
            let split_sentence = *open
                && !body.ends_with(['。', '：', '；', '！', '？'])
                && !line.starts_with(['一', '二', '三', '四', '五', '六']);
            if !split_sentence {
                body.push('\n');
            }
            body.push_str(line);
            *open = !heading;
        }
        None => texts.push((t, line.to_string(), !heading)),
    }
}
