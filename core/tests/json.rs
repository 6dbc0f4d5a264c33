//! Tests of the JSON document: exact round trips, the cell rule, reading what people and programs may
//! hand us (never a panic, always a clear message), and the table of bad documents in
//! `tests/fixtures/json-errors`.

mod json_support;
use json_support as common;

use nianbao_core::json::{self, JsonError};
use nianbao_core::{check, current_template, Context, Draft};
use proptest::prelude::*;
use serde_json::Value;

/// What an HTML export looks like around the embedded document.
fn html_around(json: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>报告</title>\n<script>console.log('<script id=\"{id}\">');</script>\n</head>\n\
         <body>\n<h1>报告</h1>\n<script type=\"application/json\" id=\"{id}\">{}</script>\n</body>\n</html>\n",
        json::escape_for_script(json),
        id = json::HTML_SCRIPT_ID,
    )
}

fn assert_clear(err: &JsonError) {
    assert!(!err.zh.is_empty() && !err.en.is_empty(), "{err:?}");
    assert!(err.zh.ends_with('。'), "a full sentence: {err:?}");
    assert_eq!(err.to_string(), err.zh);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn round_trip(draft in common::draft()) {
        let text = json::to_json(&draft);
        prop_assert_eq!(json::from_json(&text), Ok(draft.clone()));
        prop_assert_eq!(json::open(&text), Ok(draft.clone()));
        // Writing is stable.
        prop_assert_eq!(json::to_json(&json::from_json(&text).unwrap()), text.clone());
        // Inside a script element.
        let escaped = json::escape_for_script(&text);
        let unsafe_chars = ['<', '>', '&', '\u{2028}', '\u{2029}'];
        prop_assert!(!escaped.contains(unsafe_chars), "escaped: {}", escaped);
        prop_assert_eq!(json::from_json(&escaped), Ok(draft.clone()));
        prop_assert_eq!(json::open(&html_around(&text)), Ok(draft));
    }

    #[test]
    fn round_trip_of_checked_reports(draft in common::plausible_draft()) {
        let ctx = Context { last_year: None, current_year: Some(2025), auto_totals: false };
        let (report, _) = check(&draft, &ctx);
        let canonical = report.to_draft();
        let text = json::to_json(&canonical);
        prop_assert_eq!(json::from_json(&text), Ok(canonical));
        prop_assert_eq!(json::from_json(&json::to_json(&draft)), Ok(draft));
    }

    #[test]
    fn cells_follow_the_rule(draft in common::draft()) {
        let value: Value = serde_json::from_str(&json::to_json(&draft)).unwrap();
        for (t, table) in current_template().tables().enumerate() {
            let rows = value["tables"][table.id].as_array().unwrap();
            prop_assert_eq!(rows.len(), table.rows.len());
            for (r, row) in rows.iter().enumerate() {
                let row = row.as_array().unwrap();
                prop_assert_eq!(row.len(), usize::from(table.columns));
                for (c, cell) in row.iter().enumerate() {
                    let raw = &draft.tables[t][r * usize::from(table.columns) + c];
                    let plain = raw.parse::<u64>().is_ok_and(|v| v < 1 << 53 && v.to_string() == *raw);
                    match cell {
                        Value::Number(n) => {
                            prop_assert!(plain, "{raw:?} written as a number");
                            prop_assert_eq!(n.to_string(), raw.clone());
                        }
                        Value::String(s) => {
                            prop_assert!(!plain, "{raw:?} written as a string");
                            prop_assert_eq!(s, raw);
                        }
                        other => prop_assert!(false, "cell written as {other}"),
                    }
                }
            }
        }
    }

    #[test]
    fn any_text_is_read_or_refused(text in any::<String>()) {
        for result in [json::from_json(&text), json::open(&text)] {
            if let Err(err) = result {
                assert_clear(&err);
            }
        }
    }

    #[test]
    fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(json::from_json(&text).is_err());
        prop_assert!(json::open(&text).is_err());
    }

    #[test]
    fn damaged_documents_are_read_or_refused(
        draft in common::draft(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..5u8, any::<char>(), 0..40usize), 1..6),
    ) {
        let mut chars: Vec<char> = json::to_json(&draft).chars().collect();
        for (at, kind, c, len) in edits {
            let i = at.index(chars.len() + 1);
            let end = (i + len).min(chars.len());
            match kind {
                0 => { chars.drain(i..end); }
                1 => chars.insert(i, c),
                2 => if i < chars.len() { chars[i] = c },
                3 => chars.truncate(i),
                _ => {
                    let copy: Vec<char> = chars[i..end].to_vec();
                    chars.splice(i..i, copy);
                }
            }
        }
        let text: String = chars.into_iter().collect();
        for result in [json::from_json(&text), json::open(&text)] {
            if let Err(err) = result {
                assert_clear(&err);
            }
        }
    }

    #[test]
    fn edited_documents_are_read_or_refused(
        draft in common::draft(),
        edits in proptest::collection::vec((proptest::collection::vec(any::<prop::sample::Index>(), 0..6), 0..4u8, arb_value()), 1..4),
    ) {
        let mut value: Value = serde_json::from_str(&json::to_json(&draft)).unwrap();
        for (steps, kind, new) in edits {
            edit_value(&mut value, &steps, kind, new);
        }
        let text = serde_json::to_string(&value).unwrap();
        for result in [json::from_json(&text), json::open(&text)] {
            match result {
                // Whatever was read writes back as the same document.
                Ok(read) => prop_assert_eq!(json::from_json(&json::to_json(&read)), Ok(read)),
                Err(err) => assert_clear(&err),
            }
        }
    }
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        common::entry().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec(("[a-z.]{1,8}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Walks down `steps` into the document and replaces, removes or adds a value there.
fn edit_value(value: &mut Value, steps: &[prop::sample::Index], kind: u8, new: Value) {
    let mut at = value;
    for step in steps {
        let len = match at {
            Value::Object(map) => map.len(),
            Value::Array(items) => items.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let i = step.index(len);
        at = match at {
            Value::Object(map) => map.values_mut().nth(i).unwrap(),
            Value::Array(items) => &mut items[i],
            _ => unreachable!(),
        };
    }
    match (kind, at) {
        (0, at) => *at = new,
        (1, Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().next().unwrap().clone();
            map.remove(&key);
        }
        (1, Value::Array(items)) => {
            items.pop();
        }
        (2, Value::Object(map)) => {
            map.insert("extra".into(), new);
        }
        (2, Value::Array(items)) => items.push(new),
        (_, at) => {
            if let Value::String(s) = at {
                s.push('x');
            }
        }
    }
}

#[test]
fn error_fixtures() {
    let cases = common::cases();
    let mut listed: Vec<&str> = cases.iter().map(|c| c.file.as_str()).collect();
    listed.sort_unstable();
    let mut files: Vec<String> = std::fs::read_dir(common::fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f != "cases.tsv")
        .collect();
    files.sort_unstable();
    assert_eq!(
        listed, files,
        "every file of json-errors is listed in cases.tsv once"
    );

    let mut failures = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(common::fixtures().join(&case.file)).unwrap();
        let result = if case.file.ends_with(".json") {
            let read = json::from_json(&text);
            assert_eq!(
                read,
                json::open(&text),
                "{}: open and from_json agree",
                case.file
            );
            read
        } else {
            json::open(&text)
        };
        match result {
            Ok(_) => failures.push(format!("{}: read without error", case.file)),
            Err(err) => {
                assert_clear(&err);
                if err.path != case.path || !err.zh.contains(&case.phrase) {
                    failures.push(format!(
                        "{}: expected path {:?} and “{}”, got path {:?}: {}  [{}]",
                        case.file, case.path, case.phrase, err.path, err.zh, err.en
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_document_as_written() {
    let mut draft = common::sample_draft();
    draft.tables[0] = ["12", "05", "", "/", "1.0", "9007199254740992"]
        .map(String::from)
        .to_vec();
    draft.preamble = Some("前言".into());
    let text = json::to_json(&draft);
    assert!(text.starts_with(
        "{\n  \"format\": \"nianbao-report\",\n  \"version\": 1,\n  \"template\": \"2021\",\n  \"header\": {\n    \"agency\": \"某某市人民政府办公室\",\n    \"year\": \"2024\",\n    \"published\": \"2025-01-20\"\n  },\n  \"preamble\": \"前言\",\n  \"texts\": {\n    \"overview.intro\": \"第0段。\","
    ), "{text}");
    assert!(text.contains(
        "  \"tables\": {\n    \"regulations\": [\n      [12, \"05\", \"\"],\n      [\"/\", \"1.0\", \"9007199254740992\"]\n    ],\n"
    ), "{text}");
    assert!(text.ends_with("  \"fee\": {\n    \"charged\": false,\n    \"amount\": \"\",\n    \"note\": \"\"\n  }\n}\n"), "{text}");
    // Keys follow the template.
    let value: Value = serde_json::from_str(&text).unwrap();
    let text_ids: Vec<&str> = current_template().texts().map(|t| t.id).collect();
    let positions: Vec<usize> = text_ids
        .iter()
        .map(|id| text.find(&format!("\"{id}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(value["texts"].as_object().unwrap().len(), text_ids.len());
}

#[test]
fn empty_draft_round_trips() {
    let draft = Draft::new(current_template());
    assert_eq!(json::from_json(&json::to_json(&draft)), Ok(draft));
}

#[test]
fn numbers_are_read_as_their_text() {
    let mut value: Value = serde_json::from_str(&json::to_json(&common::sample_draft())).unwrap();
    let cells = [
        "-1",
        "1.5",
        "1e3",
        "1.0",
        "18446744073709551615",
        "-0",
        "24252.311082",
    ];
    let row: Vec<Value> = cells
        .iter()
        .map(|c| serde_json::from_str::<Value>(c).unwrap())
        .collect();
    value["tables"]["applications"][0] = Value::Array(row);
    let draft = json::from_json(&value.to_string()).unwrap();
    assert_eq!(
        &draft.tables[4][..7],
        [
            "-1",
            "1.5",
            "1000",
            "1",
            "18446744073709551615",
            "-0",
            "24252.311082"
        ]
    );
    // check() flags what is not a count.
    let (report, findings) = check(&draft, &Context::default());
    assert_eq!(report.tables[4][0], None);
    assert!(findings.iter().any(|f| f.rule == "N1"));
}

#[test]
fn ten_megabytes_are_refused_before_parsing() {
    let huge = "x".repeat(10 * 1024 * 1024);
    for (text, size) in [(huge.clone(), "10.0"), (format!("\"{huge}\""), "10.0")] {
        let err = json::from_json(&text).unwrap_err();
        assert!(
            err.zh.contains(&format!("文件过大（{size} MB）")),
            "{err:?}"
        );
        assert_eq!(err.path, "");
        assert_clear(&err);
        assert_eq!(json::open(&text).unwrap_err(), err);
    }
    let mut draft = common::sample_draft();
    draft.agency = huge;
    let err = json::from_json(&json::to_json(&draft)).unwrap_err();
    assert!(err.zh.contains("文件过大"), "{err:?}");
    let html = "<html>".repeat(4 * 1024 * 1024);
    assert!(json::open(&html)
        .unwrap_err()
        .zh
        .contains("文件过大（24.0 MB）"));
    let html = format!("{html}{}", "x".repeat(110_000));
    assert!(json::open(&html)
        .unwrap_err()
        .zh
        .contains("文件过大（24.1 MB）"));
}

#[test]
fn long_texts_within_the_limit_round_trip() {
    let mut draft = common::sample_draft();
    draft.texts[1] = "政府信息公开</script>\u{2028}".repeat(150_000);
    let text = json::to_json(&draft);
    assert!(text.len() > 3 * 1024 * 1024 && text.len() < json::MAX_BYTES);
    assert_eq!(json::from_json(&text), Ok(draft.clone()));
    assert_eq!(json::open(&html_around(&text)), Ok(draft));
}

#[test]
fn deep_nesting_is_refused_clearly() {
    const DEPTH: usize = 100_000;
    let open = "[".repeat(DEPTH);
    let closed = format!("{open}{}", "]".repeat(DEPTH));
    let err = json::from_json(&open).unwrap_err();
    assert!(err.zh.contains("不是有效的 JSON"), "{err:?}");
    let err = json::from_json(&closed).unwrap_err();
    assert!(err.zh.contains("不是一个 JSON 对象"), "{err:?}");

    let base = json::to_json(&common::sample_draft());
    let in_cell = base.replacen("[0]", &format!("[{closed}]"), 1);
    let err = json::from_json(&in_cell).unwrap_err();
    assert_eq!(err.path, "tables.licensing[0][0]");
    assert!(err.zh.contains("内容类型不对"), "{err:?}");
    let in_format = base.replace("\"nianbao-report\"", &closed);
    assert!(json::from_json(&in_format)
        .unwrap_err()
        .zh
        .contains("这不是 nianbao 年报文件"));
    let in_extra = base.replacen('{', &format!("{{\"deep\": {closed},"), 1);
    assert_eq!(json::from_json(&in_extra).unwrap_err().path, "deep");
    let objects = format!("{}0{}", "{\"a\":".repeat(DEPTH), "}".repeat(DEPTH));
    let in_header = base.replacen(
        "\"header\": {",
        &format!("\"header\": {{\"x\": {objects},"),
        1,
    );
    let err = json::from_json(&in_header).unwrap_err();
    assert_eq!(err.path, "header.x", "{err:?}");
    for text in [&open, &closed, &in_cell, &in_format, &in_extra, &in_header] {
        assert_clear(&json::from_json(text).unwrap_err());
    }
}

#[test]
fn newer_versions_are_named_whatever_they_hold() {
    let base = json::to_json(&common::sample_draft());
    let newer = base
        .replace("\"version\": 1", "\"version\": 3")
        .replace(
            "\"header\": {",
            "\"header\": {\"contact\": [1, {\"x\": null}],",
        )
        .replace(
            "\"tables\": {",
            "\"layout\": \"wide\", \"tables\": {\"budget\": 7,",
        );
    let err = json::from_json(&newer).unwrap_err();
    assert_eq!(err.path, "version");
    assert!(
        err.zh
            .starts_with("此文件由较新版本的 nianbao 保存（版本 3），请使用新版本打开"),
        "{err:?}"
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let draft = common::sample_draft();
    let text = format!("\u{feff}{}", json::to_json(&draft));
    assert_eq!(json::from_json(&text), Ok(draft.clone()));
    assert_eq!(json::open(&text), Ok(draft));
}

#[test]
fn html_exports_are_opened() {
    let mut draft = common::sample_draft();
    draft.texts[0] = "</script><script>alert(1)</script> & <!-- \u{2028}".into();
    let text = json::to_json(&draft);
    assert_eq!(json::open(&html_around(&text)), Ok(draft.clone()));
    // Attribute spelling and order, case, whitespace.
    let escaped = json::escape_for_script(&text);
    for html in [
        format!("\u{feff}  <html><SCRIPT ID='nianbao-report' type=application/json>{escaped}</SCRIPT>"),
        format!("<!doctype html><script data-x=\"a>b\" id=nianbao-report>\n{escaped}\n</script >"),
        format!("<script id=\"other\">{{}}</script><script\nid = \"nianbao-report\"\n>{escaped}</script>"),
    ] {
        assert_eq!(json::open(&html), Ok(draft.clone()), "{html:.200}");
    }
    // The embedded document is read like a file: its errors are reported as such.
    let bad = html_around(&text.replace("\"version\": 1", "\"version\": 9"));
    assert!(json::open(&bad).unwrap_err().zh.contains("版本 9"));
}

#[test]
fn foreign_html_is_refused() {
    for html in [
        "<html><body><p>年度报告</p></body></html>",
        "<!DOCTYPE html><script id=\"nianbao-report-2\">{}</script>",
        "<scripts id=\"nianbao-report\">{}</scripts>",
        "<",
    ] {
        let err = json::open(html).unwrap_err();
        assert!(
            err.zh.starts_with("这不是 nianbao 导出的 HTML 文件"),
            "{html}: {err:?}"
        );
        assert_clear(&err);
        // from_json does not look inside HTML.
        assert!(json::from_json(html)
            .unwrap_err()
            .zh
            .contains("不是有效的 JSON"));
    }
}

#[test]
fn escape_for_script_keeps_the_json() {
    let text = "{\"a\":\"</script>&<!--\u{2028}\u{2029}\\\\<\"}";
    let escaped = json::escape_for_script(text);
    assert_eq!(
        escaped,
        "{\"a\":\"\\u003c/script\\u003e\\u0026\\u003c!--\\u2028\\u2029\\\\\\u003c\"}"
    );
    assert_eq!(
        serde_json::from_str::<Value>(&escaped).unwrap(),
        serde_json::from_str::<Value>(text).unwrap()
    );
}

#[test]
fn errors_are_errors() {
    let err: Box<dyn std::error::Error> = Box::new(json::from_json("{}").unwrap_err());
    assert!(err.to_string().contains("这不是 nianbao 年报文件"));
    assert_eq!(json::FORMAT, "nianbao-report");
    assert_eq!(json::VERSION, 1);
    assert_eq!(json::HTML_SCRIPT_ID, "nianbao-report");
}
