//! The JSON document of a report draft: versioned, documented in `docs/json-format.md`, described by
//! a JSON Schema (`schema/nianbao-report.v1.schema.json`, see [`schema`]).
//!
//! The document holds every entry exactly as typed, so [`from_json`]`(&`[`to_json`]`(d))` gives back
//! `d` for every draft. A cell is written as a JSON number when its entry is exactly the decimal form of
//! an integer no larger than 2^53−1 (`"12"` → `12`), and as a JSON string otherwise (`""`, `"/"`,
//! `"05"`, `"24252.311082"`).
//!
//! Reading never panics: anything that is not a well-formed document of a known version gives a
//! [`JsonError`] whose `zh` message tells a civil servant what is wrong and what to do.

use std::fmt;
use std::io;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::json_path::{self, Seg};
use crate::model::{Draft, FeeDraft};
use crate::template::{self, Table, Template};

/// The value of the `format` field of every document.
pub const FORMAT: &str = "nianbao-report";
/// The version of the document format this build writes, and the newest it reads.
pub const VERSION: u32 = 1;
/// The id of the `<script type="application/json">` element the HTML export embeds the document in.
pub const HTML_SCRIPT_ID: &str = "nianbao-report";
/// The largest document [`from_json`] reads (5 MB). A real report is a few hundred KB at most.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The largest file [`open`] reads: an HTML export holds the document and the report drawn from it.
pub const MAX_HTML_BYTES: usize = 4 * MAX_BYTES;

/// The largest integer a JSON number holds exactly in every reader (JavaScript's `MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Said after messages about damaged or edited documents.
const REOPEN: &str = "文件可能不完整，或被其他程序改动过。请打开本工具保存的原始文件。";
/// Said after messages about files that are not documents at all.
const WHICH_FILE: &str = "请确认打开的是本工具保存的 .json 文件。";

// ---------------------------------------------------------------------------------------------
// Errors

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What is wrong and what to do, in plain Chinese, for the person who opened the file.
    pub zh: String,
    /// What is wrong, in English, for developers.
    pub en: String,
    /// Where in the document, as a JSON path (`tables.applications[3][2]`); empty when not known or
    /// when the whole file is concerned.
    pub path: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh)
    }
}

impl std::error::Error for JsonError {}

fn error(zh: impl Into<String>, en: impl Into<String>, path: &[Seg]) -> JsonError {
    JsonError {
        zh: zh.into(),
        en: en.into(),
        path: path_string(path),
    }
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

/// `tables.applications[3][2]`; empty for the whole document.
fn path_string(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// `（位置：tables.applications[3][2]）`, or nothing for the whole document.
fn at(path: &[Seg]) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("（位置：{}）", path_string(path))
    }
}

/// How a message names a place of the document, e.g. `第三部分“（一）予以公开”行“自然人”列`.
fn place(template: &Template, path: &[Seg]) -> String {
    use Seg::{Index, Key};
    let k: Vec<Option<&str>> = path
        .iter()
        .map(|s| match s {
            Key(k) => Some(k.as_str()),
            Index(_) => None,
        })
        .collect();
    let fee_place = || match template.fee() {
        Some(fee) => format!(
            "{}“{}”",
            template.sections[template.section_of_fee()].name,
            fee.heading
        ),
        None => "收取信息处理费情况".to_string(),
    };
    match k.as_slice() {
        [] => "文件".into(),
        [Some("format")] => "文件类型标记".into(),
        [Some("version")] => "版本号".into(),
        [Some("template")] => "报告格式模板".into(),
        [Some("header")] => "标题信息".into(),
        [Some("header"), Some("agency")] => "机关名称".into(),
        [Some("header"), Some("year")] => "年度".into(),
        [Some("header"), Some("published")] => "发布日期".into(),
        [Some("preamble")] => "报告开头的说明段落".into(),
        [Some("texts")] => "文字部分".into(),
        [Some("texts"), Some(id)] => match template.texts().find(|t| t.id == *id) {
            Some(t) if t.heading.is_empty() => {
                format!(
                    "{}的概述",
                    template.sections[template.section_of_text(id)].name
                )
            }
            Some(t) => format!(
                "{}“{}”",
                template.sections[template.section_of_text(id)].name,
                t.heading
            ),
            None => format!("文字部分“{id}”"),
        },
        [Some("tables")] => "表格部分".into(),
        [Some("tables"), Some(id), ..] => {
            let Some(table) = template.table(id) else {
                return format!("表格“{id}”");
            };
            match path[2..] {
                [] => table.name.into(),
                [Index(r)] => row_place(table, r),
                [Index(r), Index(c)] => {
                    if r < table.rows.len() && c < usize::from(table.columns) {
                        crate::check::cell_name(table, r, c)
                    } else {
                        format!("{}第 {} 行第 {} 个数", table.name, r + 1, c + 1)
                    }
                }
                _ => format!("{}（{}）", table.name, path_string(path)),
            }
        }
        [Some("fee")] => fee_place(),
        [Some("fee"), Some("charged")] => format!("{}的“是否收取”", fee_place()),
        [Some("fee"), Some("amount")] => format!("{}的“收取金额”", fee_place()),
        [Some("fee"), Some("note")] => format!("{}的补充说明", fee_place()),
        _ => format!("“{}”", path_string(path)),
    }
}

fn row_place(table: &Table, row: usize) -> String {
    if row >= table.rows.len() {
        return format!("{}第 {} 行", table.name, row + 1);
    }
    match table.row_name(row) {
        name if name.is_empty() => table.name.to_string(),
        name => format!("{}“{name}”行", table.name),
    }
}

/// What a place of the document should hold, for type errors.
fn expected(path: &[Seg]) -> &'static str {
    use Seg::{Index, Key};
    let k = |i: usize| match path.get(i) {
        Some(Key(k)) => k.as_str(),
        _ => "",
    };
    match path {
        [] => "对象（{ … }）",
        [Key(_)] => match k(0) {
            "header" | "texts" | "tables" | "fee" => "对象（{ … }）",
            "version" => "正整数",
            "preamble" => "文字（带引号）或 null",
            _ => "文字（带引号）",
        },
        [Key(_), Key(_)] => match (k(0), k(1)) {
            ("tables", _) => "数组（[ … ]，每行一个数组）",
            ("fee", "charged") => "布尔值（true 或 false）或 null",
            _ => "文字（带引号）",
        },
        [Key(_), Key(_), Index(_)] => "数组（[ … ]，本行的各个数）",
        [Key(_), Key(_), Index(_), Index(_)] => "数字或文字",
        _ => "别的类型",
    }
}

/// Names the value serde reports as unexpected (`integer \`5\``, `sequence`, …) for a message:
/// `数字 5`. The value is shown as `written` in the file where the error's place gives it (strings
/// with their quotes, exactly as typed), else as serde shows it.
fn found(unexpected: &str, written: Option<&str>) -> String {
    let kinds = [
        ("integer", "数字"),
        ("floating point", "数字"),
        ("string", "文字"),
        ("sequence", "数组（[ … ]）"),
        ("map", "对象（{ … }）"),
        ("null", "null"),
        ("unit value", "null"),
        ("boolean", ""),
    ];
    for (en, zh) in kinds {
        if let Some(rest) = unexpected.strip_prefix(en) {
            let value = written.unwrap_or_else(|| rest.trim().trim_matches('`'));
            return match (zh, value) {
                (zh, "") => zh.to_string(),
                (zh, value) if zh == value => zh.to_string(),
                ("", value) => value.to_string(),
                (zh, value) if value.chars().count() > 40 => zh.to_string(),
                (zh, value) => format!("{zh} {value}"),
            };
        }
    }
    unexpected.to_string()
}

/// Shows a value of the file in a message, shortened.
fn shown(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() > LIMIT {
        format!("“{}…”", text.chars().take(LIMIT).collect::<String>())
    } else {
        format!("“{text}”")
    }
}

/// The text between `prefix` and the next backquote, as in serde's `missing field \`agency\``.
fn quoted<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    Some(&rest[..rest.find('`')?])
}

/// A size in MB with one decimal, rounded (`10.5`), in integers: no float formatting in the app.
fn megabytes(bytes: usize) -> String {
    const MB: u128 = 1024 * 1024;
    let tenths = (bytes as u128 * 10 + MB / 2) / MB;
    format!("{}.{}", tenths / 10, tenths % 10)
}

fn too_large(size: usize, limit: usize) -> JsonError {
    error(
        format!(
            "文件过大（{} MB），不是本工具保存的年报文件。年报文件一般只有几百 KB，本工具最多打开 {} MB 的文件。{WHICH_FILE}",
            megabytes(size),
            limit / (1024 * 1024)
        ),
        format!("input is {size} bytes, more than the limit of {limit} bytes"),
        &[],
    )
}

fn nesting_error(line: usize, column: usize) -> JsonError {
    error(
        format!("文件中的括号嵌套层次过深（第 {line} 行第 {column} 列），不是本工具保存的年报文件。{WHICH_FILE}"),
        format!("recursion limit exceeded at line {line} column {column}"),
        &[],
    )
}

/// The message of a serde_json error without its ` at line … column …` suffix.
fn bare_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match text.strip_suffix(&suffix) {
        Some(bare) => bare.to_string(),
        None => text,
    }
}

/// An error of the syntax pass: the text is not JSON.
fn syntax_error(err: &serde_json::Error) -> JsonError {
    let (line, column) = (err.line(), err.column());
    let message = bare_message(err);
    if message.starts_with("recursion limit exceeded") {
        return nesting_error(line, column);
    }
    let zh = if err.is_eof() {
        format!("文件不完整，不是有效的 JSON（在第 {line} 行第 {column} 列意外结束）。文件可能没有保存完整。{WHICH_FILE}")
    } else {
        format!("文件不是有效的 JSON（第 {line} 行第 {column} 列）。{WHICH_FILE}")
    };
    error(
        zh,
        format!("not JSON: {message} at line {line} column {column}"),
        &[],
    )
}

/// An error of the typed pass, with the path where it happened.
fn typed_error(err: &serde_json::Error, text: &str, template: &Template) -> JsonError {
    let (line, column) = (err.line(), err.column());
    let json_path::Place {
        mut path,
        value: written,
    } = json_path::place(text, line, column);
    let message = bare_message(err);
    let push_key = |path: &mut Vec<Seg>, k: &str| {
        if path.last() != Some(&key(k)) {
            path.push(key(k));
        }
    };
    let zh = if message.starts_with("recursion limit exceeded") {
        return nesting_error(line, column);
    } else if let Some(field) = quoted(&message, "missing field `") {
        push_key(&mut path, field);
        format!("文件缺少{}{}。{REOPEN}", place(template, &path), at(&path))
    } else if let Some(field) = quoted(&message, "unknown field `") {
        push_key(&mut path, field);
        format!(
            "文件中有本工具不认识的内容{}{}。{REOPEN}",
            shown(field),
            at(&path)
        )
    } else if let Some(field) = quoted(&message, "duplicate field `") {
        push_key(&mut path, field);
        format!(
            "{}在文件中出现了两次{}。{REOPEN}",
            place(template, &path),
            at(&path)
        )
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let unexpected = rest.split(", expected").next().unwrap_or(rest);
        format!(
            "{}的内容类型不对：应为{}，文件中是 {}{}。{REOPEN}",
            place(template, &path),
            expected(&path),
            found(unexpected, written.as_deref()),
            at(&path)
        )
    } else {
        format!(
            "{}的内容不对{}。{REOPEN}",
            place(template, &path),
            at(&path)
        )
    };
    let where_ = if path.is_empty() {
        "top level".to_string()
    } else {
        path_string(&path)
    };
    error(
        zh,
        format!("{message} at {where_} (line {line}, column {column})"),
        &path,
    )
}

// ---------------------------------------------------------------------------------------------
// Wire types

/// A 政府信息公开工作年度报告 (annual report on government information disclosure) as its author
/// typed it, saved by nianbao. Every entry is kept exactly as typed, valid or not; nianbao checks the
/// report when it opens the file.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "nianbao report draft, document format version 1")]
struct Document {
    /// Always `"nianbao-report"`: marks the file as a nianbao report.
    #[schemars(schema_with = "format_schema")]
    format: String,
    /// The version of this document format. It goes up only when a change would make older readers
    /// misread a document; a reader refuses versions newer than its own.
    #[schemars(schema_with = "version_schema")]
    version: u32,
    /// The report format (template) the draft follows: `"2021"` is the format of
    /// 国办公开办函〔2021〕30号. It decides the keys of `texts` and `tables` and the size of each table.
    #[schemars(schema_with = "template_schema")]
    template: String,
    /// The fields that make up the title and the date line.
    #[serde(deserialize_with = "object")]
    header: Header,
    /// The paragraph before section 一: `null` while it follows the title (nianbao writes the usual
    /// wording for the agency and year), or the text as edited.
    #[serde(deserialize_with = "required")]
    #[schemars(schema_with = "nullable_string")]
    preamble: Option<String>,
    /// The prose fields, one per text field of the template, keyed by its id, in template order.
    #[schemars(schema_with = "texts_schema")]
    texts: Entries<String>,
    /// The tables, one per table of the template, keyed by its id, in template order. Each table is
    /// an array of rows, each row an array of cells, as in the printed report.
    #[schemars(schema_with = "tables_schema")]
    tables: Entries<Vec<Vec<Cell>>>,
    /// The 收取信息处理费情况 item of section 六.
    #[serde(deserialize_with = "object")]
    fee: Fee,
    /// Optional: last year's report of the same body, loaded with 载入上年报告, so that a reopened
    /// file still compares the two years (上年结转 with last year's 结转下年度, 现行有效件数 with last
    /// year's stock). A whole document of this format, without a `last_year` of its own. Absent when
    /// none is loaded; readers that predate it refuse documents that have it (unknown field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_year: Option<Box<Document>>,
    /// Optional: the ids of the texts (keys of `texts`) whose wording the author confirmed to keep
    /// from last year's report (沿用上年文字), so the form no longer marks them to be revised. Absent
    /// when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    kept_texts: Vec<String>,
}

/// The fields that make up the title (`<agency><year>年政府信息公开工作年度报告`) and the date line.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Header {
    /// 机关名称, as typed.
    agency: String,
    /// 年度, as typed (normally four digits, e.g. `"2024"`).
    year: String,
    /// 发布日期 as typed: normally `YYYY-MM-DD`, or blank.
    published: String,
}

/// The 收取信息处理费情况 (information processing fee) item.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Fee {
    /// Whether a fee was charged: `true`, `false`, or `null` while not answered.
    #[serde(deserialize_with = "required")]
    #[schemars(schema_with = "nullable_bool")]
    charged: Option<bool>,
    /// The amount in 元, as typed.
    amount: String,
    /// A note on the fee, as typed.
    note: String,
}

/// Reads a struct from a JSON object only (serde would also take an array of its fields).
fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// Reads an `Option` that must be present (as a value or `null`).
fn required<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    Option::deserialize(deserializer)
}

/// A JSON object kept in its order: written in template order, read in any order and then checked
/// against the template.
struct Entries<V>(Vec<(String, V)>);

impl<V: Serialize> Serialize for Entries<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<V>, A::Error> {
                let mut out: Vec<(String, V)> = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    if out.iter().any(|(seen, _)| *seen == k) {
                        return Err(de::Error::custom(format_args!("duplicate field `{k}`")));
                    }
                    let v = map.next_value()?;
                    out.push((k, v));
                }
                Ok(Entries(out))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// One table cell as typed: a JSON number when the entry is exactly the decimal form of an integer
/// no larger than 2^53−1, otherwise a JSON string holding the entry exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell(String);

/// Whether an entry is written as a JSON number: `0` or digits without a leading zero, at most 2^53−1.
fn is_plain_integer(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 16
        && bytes.iter().all(u8::is_ascii_digit)
        && (bytes[0] != b'0' || bytes.len() == 1)
        && raw.parse::<u64>().is_ok_and(|v| v <= MAX_SAFE_INTEGER)
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.parse::<u64>() {
            Ok(v) if is_plain_integer(&self.0) => serializer.serialize_u64(v),
            _ => serializer.serialize_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl Visitor<'_> for CellVisitor {
            type Value = Cell;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cell, E> {
                // The shortest decimal that reads back as the same number: 1.50 → "1.5", 1e3 → "1000".
                Ok(Cell(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Cell, E> {
                Ok(Cell(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Cell, E> {
                Ok(Cell(v))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

impl JsonSchema for Cell {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Cell".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "One table cell as typed. nianbao writes a JSON number when the entry is \
                exactly the decimal form of an integer no larger than 2^53−1 (`0`, `12`), and a JSON \
                string holding the entry exactly otherwise (`\"\"` for blank, `\"/\"`, `\"05\"`, \
                `\"24252.311082\"`). A reader takes any JSON number as its decimal text.",
            "type": ["number", "string"]
        })
    }
}

fn nullable_string(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "null"] })
}

fn nullable_bool(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["boolean", "null"] })
}

fn format_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "const": FORMAT })
}

fn version_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer", "const": VERSION })
}

fn template_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "enum": [crate::current_template().id] })
}

fn texts_schema(_: &mut SchemaGenerator) -> Schema {
    let template = crate::current_template();
    let mut properties = serde_json::Map::new();
    for text in template.texts() {
        let section = &template.sections[template.section_of_text(text.id)];
        let title = format!("{} {}", section.heading, text.heading);
        properties.insert(
            text.id.to_string(),
            json!({ "type": "string", "title": title.trim(), "description": text.hint }),
        );
    }
    let ids: Vec<&str> = template.texts().map(|t| t.id).collect();
    json_schema!({
        "type": "object",
        "properties": properties,
        "required": ids,
        "additionalProperties": false
    })
}

fn tables_schema(generator: &mut SchemaGenerator) -> Schema {
    let template = crate::current_template();
    let cell = generator.subschema_for::<Cell>();
    let mut properties = serde_json::Map::new();
    for table in template.tables() {
        let unit = match table.kind {
            template::CellKind::Count => "counts",
            template::CellKind::Wanyuan => "amounts in 万元 with up to 6 decimals",
        };
        let mut description = format!(
            "{}: {} × {} cells (rows × cells per row), {unit}.",
            table.name,
            table.rows.len(),
            table.columns
        );
        let rows: Vec<String> = (0..table.rows.len())
            .map(|r| table.row_name(r))
            .filter(|r| !r.is_empty())
            .collect();
        if !rows.is_empty() {
            description.push_str(&format!(" Rows: {}.", rows.join(" | ")));
        }
        let columns: Vec<String> = (0..usize::from(table.columns))
            .map(|c| table.column_name(c))
            .filter(|c| !c.is_empty())
            .collect();
        if !columns.is_empty() {
            description.push_str(&format!(" Columns: {}.", columns.join(" | ")));
        }
        properties.insert(
            table.id.to_string(),
            json!({
                "type": "array",
                "description": description,
                "minItems": table.rows.len(),
                "maxItems": table.rows.len(),
                "items": {
                    "type": "array",
                    "minItems": table.columns,
                    "maxItems": table.columns,
                    "items": cell
                }
            }),
        );
    }
    let ids: Vec<&str> = template.tables().map(|t| t.id).collect();
    json_schema!({
        "type": "object",
        "properties": properties,
        "required": ids,
        "additionalProperties": false
    })
}

/// The JSON Schema of the document format (JSON Schema 2020-12), pretty-printed, ending in a newline.
/// The checked-in copy is `schema/nianbao-report.v1.schema.json`.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Document);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain JSON");
    text.push('\n');
    text
}

// ---------------------------------------------------------------------------------------------
// Writing

impl Document {
    fn from_draft(draft: &Draft) -> Document {
        let template = draft.template;
        let texts = template
            .texts()
            .enumerate()
            .map(|(i, text)| {
                let value = draft.texts.get(i).cloned().unwrap_or_default();
                (text.id.to_string(), value)
            })
            .collect();
        let tables = template
            .tables()
            .enumerate()
            .map(|(t, table)| {
                let cells = draft.tables.get(t);
                let columns = usize::from(table.columns);
                let rows = (0..table.rows.len())
                    .map(|r| {
                        (0..columns)
                            .map(|c| {
                                let raw = cells.and_then(|cells| cells.get(r * columns + c));
                                Cell(raw.cloned().unwrap_or_default())
                            })
                            .collect()
                    })
                    .collect();
                (table.id.to_string(), rows)
            })
            .collect();
        Document {
            format: FORMAT.to_string(),
            version: VERSION,
            template: template.id.to_string(),
            header: Header {
                agency: draft.agency.clone(),
                year: draft.year.clone(),
                published: draft.published.clone(),
            },
            preamble: draft.preamble.clone(),
            texts: Entries(texts),
            tables: Entries(tables),
            fee: Fee {
                charged: draft.fee.charged,
                amount: draft.fee.amount.clone(),
                note: draft.fee.note.clone(),
            },
            kept_texts: template
                .texts()
                .zip(&draft.kept_texts)
                .filter(|(_, kept)| **kept)
                .map(|(text, _)| text.id.to_string())
                .collect(),
            last_year: draft.last_year.as_deref().map(|last| {
                let mut document = Document::from_draft(last);
                // One level only.
                document.last_year = None;
                Box::new(document)
            }),
        }
    }
}

/// Pretty printing with two-space indents, except that an array inside an array (a table row) is
/// written on one line: `[0, 0, 0]`.
#[derive(Default)]
struct RowsFormatter {
    indent: usize,
    has_value: bool,
    stack: Vec<Frame>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Object,
    Array,
    /// An array written on one line.
    Inline,
}

impl RowsFormatter {
    fn newline<W: ?Sized + io::Write>(&self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"\n")?;
        for _ in 0..self.indent {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    fn inline(&self) -> bool {
        self.stack.last() == Some(&Frame::Inline)
    }
}

impl serde_json::ser::Formatter for RowsFormatter {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if matches!(self.stack.last(), Some(Frame::Array | Frame::Inline)) {
            self.stack.push(Frame::Inline);
        } else {
            self.stack.push(Frame::Array);
            self.indent += 1;
            self.has_value = false;
        }
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if self.stack.pop() != Some(Frame::Inline) {
            self.indent -= 1;
            if self.has_value {
                self.newline(writer)?;
            }
        }
        writer.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if self.inline() {
            return if first {
                Ok(())
            } else {
                writer.write_all(b", ")
            };
        }
        if !first {
            writer.write_all(b",")?;
        }
        self.newline(writer)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.stack.push(Frame::Object);
        self.indent += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.stack.pop();
        self.indent -= 1;
        if self.has_value {
            self.newline(writer)?;
        }
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.newline(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The document of a draft: pretty-printed, keys in a fixed order following the template, ending in
/// a newline.
pub fn to_json(draft: &Draft) -> String {
    let document = Document::from_draft(draft);
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, RowsFormatter::default());
    document
        .serialize(&mut serializer)
        .expect("writing strings and numbers to memory cannot fail");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Makes JSON safe to place inside an HTML `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 become
/// `\u` escapes. In JSON these characters only occur inside strings, where the escapes mean the same.
pub fn escape_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A value read loosely, to identify the document before reading it strictly.
enum Scalar {
    Str(String),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    /// Anything else, named for messages.
    Other(&'static str),
}

impl Scalar {
    fn shown(&self) -> String {
        match self {
            Scalar::Str(s) => shown(s),
            Scalar::Unsigned(v) => v.to_string(),
            Scalar::Signed(v) => v.to_string(),
            // Display, not Debug (release builds drop Debug formatting); keep `1.0` looking fractional.
            Scalar::Float(v) if v.is_finite() && v.fract() == 0.0 => format!("{v:.1}"),
            Scalar::Float(v) => v.to_string(),
            Scalar::Other(kind) => (*kind).to_string(),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Unsigned(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Signed(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Other(if v { "true" } else { "false" }))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other("null"))
            }
            fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other("null"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other("数组"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other("对象"))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// The fields that identify a document, read while ignoring everything else, so that a document
/// of a newer version is recognised as such whatever else it holds.
#[derive(Default)]
struct Probe {
    format: Option<Scalar>,
    version: Option<Scalar>,
    template: Option<Scalar>,
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProbeVisitor;
        impl<'de> Visitor<'de> for ProbeVisitor {
            type Value = Probe;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                let mut probe = Probe::default();
                while let Some(k) = map.next_key::<String>()? {
                    match k.as_str() {
                        "format" => probe.format = Some(map.next_value()?),
                        "version" => probe.version = Some(map.next_value()?),
                        "template" => probe.template = Some(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(probe)
            }
        }
        deserializer.deserialize_map(ProbeVisitor)
    }
}

/// Identifies the document: the template it follows, or why it cannot be read.
fn identify(probe: &Probe) -> Result<Option<&'static Template>, JsonError> {
    match &probe.format {
        Some(Scalar::Str(f)) if f == FORMAT => {}
        None => {
            return Err(error(
                format!(
                "这不是 nianbao 年报文件（文件中没有 \"format\": \"{FORMAT}\" 标记）。{WHICH_FILE}"
            ),
                format!("not a {FORMAT} document: no `format` field"),
                &[key("format")],
            ))
        }
        Some(other) => {
            return Err(error(
                format!(
                "这不是 nianbao 年报文件（文件类型标记 format 是{}，应为“{FORMAT}”）。{WHICH_FILE}",
                other.shown()
            ),
                format!(
                    "not a {FORMAT} document: `format` is {}",
                    other.shown().trim_matches(['“', '”'])
                ),
                &[key("format")],
            ))
        }
    }
    let newer = |n: String| {
        error(
            format!(
                "此文件由较新版本的 nianbao 保存（版本 {n}），请使用新版本打开。当前使用的 nianbao 只能打开版本 {VERSION} 及以前的文件。"
            ),
            format!("document version {n} is newer than the supported version {VERSION}"),
            &[key("version")],
        )
    };
    let invalid = |shown: String| {
        let space = if shown.starts_with('“') { "" } else { " " };
        error(
            format!("文件的版本号（version）不对：应为正整数，文件中是{space}{shown}。{REOPEN}"),
            format!("`version` must be a positive integer, found {shown}"),
            &[key("version")],
        )
    };
    match &probe.version {
        None => {
            return Err(error(
                format!("文件缺少版本号（version），无法确定文件格式。{REOPEN}"),
                "missing field `version`",
                &[key("version")],
            ))
        }
        Some(Scalar::Unsigned(0)) => return Err(invalid("0".into())),
        Some(Scalar::Unsigned(n)) if *n > u64::from(VERSION) => return Err(newer(n.to_string())),
        Some(Scalar::Unsigned(_)) => {}
        Some(Scalar::Float(v)) if v.fract() == 0.0 && *v > f64::from(VERSION) => {
            return Err(newer(format!("{v}")))
        }
        Some(other) => return Err(invalid(other.shown())),
    }
    match &probe.template {
        Some(Scalar::Str(id)) => match template::by_id(id) {
            Some(t) => Ok(Some(t)),
            None => Err(error(
                format!(
                    "文件使用了本工具不认识的报告格式模板{}（template）。本工具支持的格式：{}（{}）。如果文件来自较新版本的 nianbao，请使用新版本打开。",
                    shown(id),
                    crate::current_template().id,
                    crate::current_template().issued_by
                ),
                format!("unknown template id “{id}”"),
                &[key("template")],
            )),
        },
        // Missing or of the wrong type: the strict pass names the problem.
        _ => Ok(None),
    }
}

/// Lines up the document's texts and tables with the template's.
fn to_draft(mut document: Document, template: &'static Template) -> Result<Draft, JsonError> {
    let last_year = match document.last_year.take() {
        Some(last) => {
            let last_template = template::by_id(&last.template)
                .filter(|_| last.format == FORMAT && (1..=VERSION).contains(&last.version))
                .ok_or_else(|| {
                    error(
                        format!("文件中的上年报告（last_year）不是本工具认识的年报格式。{REOPEN}"),
                        format!(
                            "last_year: format `{}`, version {}, template `{}` not known",
                            last.format, last.version, last.template
                        ),
                        &[key("last_year")],
                    )
                })?;
            let last = to_draft(*last, last_template).map_err(|e| JsonError {
                zh: format!("文件中的上年报告（last_year）有问题：{}", e.zh),
                en: format!("in last_year: {}", e.en),
                path: if e.path.is_empty() {
                    "last_year".to_string()
                } else {
                    format!("last_year.{}", e.path)
                },
            })?;
            Some(Box::new(Draft {
                last_year: None,
                ..last
            }))
        }
        None => None,
    };
    let mut draft = Draft::new(template);
    draft.last_year = last_year;
    for id in &document.kept_texts {
        let i = template.text_index(id).ok_or_else(|| {
            let path = [key("kept_texts")];
            error(
                format!(
                    "文件中“沿用上年文字”的记录里有本工具不认识的文字部分{}{}。{REOPEN}",
                    shown(id),
                    at(&path)
                ),
                format!(
                    "unknown text id `{id}` in kept_texts for template {}",
                    template.id
                ),
                &path,
            )
        })?;
        draft.kept_texts[i] = true;
    }
    draft.agency = document.header.agency;
    draft.year = document.header.year;
    draft.published = document.header.published;
    draft.preamble = document.preamble;
    draft.fee = FeeDraft {
        charged: document.fee.charged,
        amount: document.fee.amount,
        note: document.fee.note,
    };

    let unknown = |group: &str, k: &str, what: &str| {
        let path = [key(group), key(k)];
        error(
            format!(
                "文件中有本工具不认识的{what}{}{}。{REOPEN}",
                shown(k),
                at(&path)
            ),
            format!("unknown {group} id `{k}` for template {}", template.id),
            &path,
        )
    };
    let missing = |group: &str, k: &str, what: &str| {
        let path = [key(group), key(k)];
        error(
            format!(
                "文件缺少{}{what}{}。{REOPEN}",
                place(template, &path),
                at(&path)
            ),
            format!("missing field `{k}` in `{group}`"),
            &path,
        )
    };

    let mut texts: Vec<Option<String>> = vec![None; draft.texts.len()];
    for (k, v) in document.texts.0 {
        let i = template
            .text_index(&k)
            .ok_or_else(|| unknown("texts", &k, "文字部分"))?;
        texts[i] = Some(v);
    }
    for ((slot, text), field) in draft.texts.iter_mut().zip(texts).zip(template.texts()) {
        *slot = text.ok_or_else(|| missing("texts", field.id, ""))?;
    }

    let mut tables: Vec<Option<Vec<Vec<Cell>>>> = vec![None; draft.tables.len()];
    for (k, rows) in document.tables.0 {
        let i = template
            .table_index(&k)
            .ok_or_else(|| unknown("tables", &k, "表格"))?;
        tables[i] = Some(rows);
    }
    for ((slot, rows), table) in draft.tables.iter_mut().zip(tables).zip(template.tables()) {
        let rows = rows.ok_or_else(|| missing("tables", table.id, "的表格"))?;
        let path = [key("tables"), key(table.id)];
        if rows.len() != table.rows.len() {
            return Err(error(
                format!(
                    "{}的行数不对：应为 {} 行，文件中是 {} 行{}。{REOPEN}",
                    table.name,
                    table.rows.len(),
                    rows.len(),
                    at(&path)
                ),
                format!(
                    "table `{}` has {} rows, expected {}",
                    table.id,
                    rows.len(),
                    table.rows.len()
                ),
                &path,
            ));
        }
        slot.clear();
        for (r, row) in rows.into_iter().enumerate() {
            if row.len() != usize::from(table.columns) {
                let path = [key("tables"), key(table.id), Seg::Index(r)];
                return Err(error(
                    format!(
                        "{}的数字个数不对：应为 {} 个，文件中是 {} 个{}。{REOPEN}",
                        row_place(table, r),
                        table.columns,
                        row.len(),
                        at(&path)
                    ),
                    format!(
                        "row {r} of table `{}` has {} cells, expected {}",
                        table.id,
                        row.len(),
                        table.columns
                    ),
                    &path,
                ));
            }
            slot.extend(row.into_iter().map(|c| c.0));
        }
    }
    Ok(draft)
}

/// Reads a document written by [`to_json`] (or by hand, following `docs/json-format.md`).
pub fn from_json(text: &str) -> Result<Draft, JsonError> {
    read(text, MAX_BYTES)
}

/// Reads a document of at most `limit` bytes. A document embedded in HTML may be larger than
/// [`MAX_BYTES`]: its `<`, `>` and `&` take six bytes each there.
fn read(text: &str, limit: usize) -> Result<Draft, JsonError> {
    if text.len() > limit {
        return Err(too_large(text.len(), limit));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(error(
            format!("文件是空的。{WHICH_FILE}"),
            "empty input",
            &[],
        ));
    }
    // 1. Syntax, without building anything (and without recursion, however deep the nesting).
    serde_json::from_str::<IgnoredAny>(text).map_err(|e| syntax_error(&e))?;
    // 2. What document is it?
    let probe: Probe = serde_json::from_str(text).map_err(|e| {
        error(
            format!("这不是 nianbao 年报文件：文件内容不是一个 JSON 对象（{{ … }}）。{WHICH_FILE}"),
            format!("top level is not an object: {}", bare_message(&e)),
            &[],
        )
    })?;
    let known = identify(&probe)?;
    let naming = known.unwrap_or_else(crate::current_template);
    // 3. The whole document, strictly.
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let document =
        Document::deserialize(&mut deserializer).map_err(|e| typed_error(&e, text, naming))?;
    let template = template::by_id(&document.template).unwrap_or(naming);
    to_draft(document, template)
}

/// Opens what the user picked with 打开: a document, or an HTML file exported by nianbao (the document
/// is embedded in its `<script id="nianbao-report">` element).
pub fn open(text: &str) -> Result<Draft, JsonError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !body.trim_start().starts_with('<') {
        return from_json(body);
    }
    if body.len() > MAX_HTML_BYTES {
        return Err(too_large(body.len(), MAX_HTML_BYTES));
    }
    match embedded_json(body) {
        Embedded::Found(json) => read(json, MAX_HTML_BYTES),
        Embedded::Unclosed => Err(error(
            "这个 HTML 文件不完整：其中的年报数据没有结束标记。文件可能没有保存完整，请重新导出，或打开本工具保存的 .json 文件。",
            format!("<script id=\"{HTML_SCRIPT_ID}\"> is not closed"),
            &[],
        )),
        Embedded::Missing => Err(error(
            "这不是 nianbao 导出的 HTML 文件：其中没有年报数据。请打开本工具保存的 .json 文件，或本工具导出的 .html 文件。",
            format!("no <script id=\"{HTML_SCRIPT_ID}\"> element in the HTML"),
            &[],
        )),
    }
}

enum Embedded<'a> {
    Found(&'a str),
    Unclosed,
    Missing,
}

/// Finds `needle` (ASCII, lower case) in `haystack` from `from`, ignoring ASCII case.
fn find_ignore_case(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if from > h.len() || n.len() > h.len() - from {
        return None;
    }
    (from..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The content of the `<script id="nianbao-report">` element of an HTML page.
fn embedded_json(html: &str) -> Embedded<'_> {
    let bytes = html.as_bytes();
    let mut pos = 0;
    while let Some(start) = find_ignore_case(html, "<script", pos) {
        let mut i = start + "<script".len();
        // `<scripts>` is another element.
        if !matches!(
            bytes.get(i),
            Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
        ) {
            pos = i;
            continue;
        }
        // Attributes up to the end of the start tag.
        let mut id = None;
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            match bytes.get(i) {
                None => return Embedded::Missing,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            let name_start = i;
            while bytes
                .get(i)
                .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
            {
                i += 1;
            }
            let name = &html[name_start..i];
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let value_start = i + 1;
                        let Some(len) = html[value_start..].find(char::from(q)) else {
                            return Embedded::Missing;
                        };
                        value = &html[value_start..value_start + len];
                        i = value_start + len + 1;
                    }
                    _ => {
                        let value_start = i;
                        while bytes
                            .get(i)
                            .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                        {
                            i += 1;
                        }
                        value = &html[value_start..i];
                    }
                }
            }
            if name.eq_ignore_ascii_case("id") && id.is_none() {
                id = Some(value);
            }
        }
        let Some(end) = find_ignore_case(html, "</script", i) else {
            return if id == Some(HTML_SCRIPT_ID) {
                Embedded::Unclosed
            } else {
                Embedded::Missing
            };
        };
        if id == Some(HTML_SCRIPT_ID) {
            return Embedded::Found(&html[i..end]);
        }
        pos = end + "</script".len();
    }
    Embedded::Missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_integers() {
        for yes in ["0", "1", "12", "9007199254740991"] {
            assert!(is_plain_integer(yes), "{yes}");
        }
        for no in [
            "",
            "05",
            "00",
            " 5",
            "5 ",
            "+5",
            "-1",
            "1.0",
            "9007199254740992",
            "99999999999999999999",
            "１",
        ] {
            assert!(!is_plain_integer(no), "{no}");
        }
    }

    #[test]
    fn script_finder() {
        let html = "<!doctype html><SCRIPT>var a = '<script id=\"nianbao-report\">';</SCRIPT>\
            <scripts></scripts><script type=application/json id='nianbao-report' >{\"a\":1}</script >";
        assert!(matches!(embedded_json(html), Embedded::Found("{\"a\":1}")));
        assert!(matches!(
            embedded_json("<script id=nianbao-report>{"),
            Embedded::Unclosed
        ));
        assert!(matches!(
            embedded_json("<p>hi</p><script id=\"x\">1</script><script"),
            Embedded::Missing
        ));
    }

    #[test]
    fn paths() {
        let path = [
            key("tables"),
            key("applications"),
            Seg::Index(3),
            Seg::Index(2),
        ];
        assert_eq!(path_string(&path), "tables.applications[3][2]");
        assert_eq!(path_string(&[]), "");
    }
}
