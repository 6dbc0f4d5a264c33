//! Helpers shared by the JSON tests: random drafts and the table of bad documents.
#![allow(dead_code)]

use std::path::PathBuf;

use nianbao_core::{current_template, Draft};
use proptest::collection::vec;
use proptest::prelude::*;

/// Entries people type, entries no one should, and text meant to break JSON or HTML.
pub fn entry() -> impl Strategy<Value = String> {
    const SAMPLES: &[&str] = &[
        "",
        "0",
        "05",
        "00",
        " 5",
        "5 ",
        "1.0",
        "-1",
        "+3",
        "1e3",
        "9007199254740991",
        "9007199254740992",
        "18446744073709551615",
        "18446744073709551616",
        "24252.311082",
        "/",
        "无",
        "－",
        "１２",
        "</script>",
        "</SCRIPT >",
        "<!--",
        "<script id=\"nianbao-report\">",
        "]]>",
        "\u{2028}\u{2029}",
        "\"",
        "\\",
        "\\u003c",
        "\0",
        "\u{7f}",
        "\u{feff}",
        "\r\n",
        "&amp;",
        "{\"format\":\"nianbao-report\"}",
        "🀄",
        "\u{d7ff}\u{e000}\u{10ffff}",
    ];
    prop_oneof![
        3 => any::<String>(),
        3 => "[0-9]{1,20}",
        3 => proptest::sample::select(SAMPLES).prop_map(String::from),
        1 => "[\\x00-\\x7f]{0,30}",
        1 => "[0-9. /<>&\"\\\\-]{0,12}",
    ]
}

/// Any draft of the current template: every field random, valid or not.
pub fn draft() -> impl Strategy<Value = Draft> {
    let template = current_template();
    let tables: Vec<_> = template
        .tables()
        .map(|t| vec(entry(), t.cell_count()))
        .collect();
    (
        (entry(), entry(), entry(), proptest::option::of(entry())),
        vec(entry(), template.texts().count()),
        tables,
        (proptest::option::of(any::<bool>()), entry(), entry()),
    )
        .prop_map(
            move |((agency, year, published, preamble), texts, tables, (charged, amount, note))| {
                let mut draft = Draft::new(template);
                draft.agency = agency;
                draft.year = year;
                draft.published = published;
                draft.preamble = preamble;
                draft.texts = texts;
                draft.tables = tables;
                draft.fee.charged = charged;
                draft.fee.amount = amount;
                draft.fee.note = note;
                draft
            },
        )
}

/// A draft as people fill it in: mostly well-formed numbers, dates and years.
pub fn plausible_draft() -> impl Strategy<Value = Draft> {
    let template = current_template();
    let tables: Vec<_> = template
        .tables()
        .map(|t| {
            let number = match t.kind {
                nianbao_core::template::CellKind::Count => "[0-9]{1,6}".boxed(),
                nianbao_core::template::CellKind::Wanyuan => "[0-9]{1,5}(\\.[0-9]{1,6})?".boxed(),
            };
            vec(prop_oneof![9 => number, 1 => entry()], t.cell_count())
        })
        .collect();
    (
        (
            "[\\p{Han}]{2,20}",
            "20[0-9]{2}",
            "20[0-9]{2}-0[1-9]-[12][0-9]",
        ),
        proptest::option::of("[\\p{Han}，。]{0,40}"),
        vec("[\\p{Han}，。0-9]{0,80}", template.texts().count()),
        tables,
        (
            proptest::option::of(any::<bool>()),
            "[0-9]{1,4}(\\.[0-9]{2})?",
            "[\\p{Han}]{0,20}",
        ),
    )
        .prop_map(
            move |((agency, year, published), preamble, texts, tables, (charged, amount, note))| {
                let mut draft = Draft::new(template);
                draft.agency = agency;
                draft.year = year;
                draft.published = published;
                draft.preamble = preamble;
                draft.texts = texts;
                draft.tables = tables;
                draft.fee.charged = charged;
                draft.fee.amount = amount;
                draft.fee.note = note;
                draft
            },
        )
}

/// A plain report: every cell `0`, header and texts filled in.
pub fn sample_draft() -> Draft {
    let mut draft = Draft::new(current_template());
    draft.agency = "某某市人民政府办公室".into();
    draft.year = "2024".into();
    draft.published = "2025-01-20".into();
    for table in &mut draft.tables {
        for cell in table.iter_mut() {
            *cell = "0".into();
        }
    }
    for (i, text) in draft.texts.iter_mut().enumerate() {
        *text = format!("第{i}段。");
    }
    draft.fee.charged = Some(false);
    draft
}

/// The folder of bad documents.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/json-errors")
}

/// One line of `cases.tsv`.
#[derive(Debug)]
pub struct Case {
    pub file: String,
    /// The expected `JsonError::path`.
    pub path: String,
    /// A phrase the `zh` message contains.
    pub phrase: String,
    /// `yes`, `no` or `n/a`: whether the JSON Schema rejects the file too.
    pub schema: String,
}

pub fn cases() -> Vec<Case> {
    let table = std::fs::read_to_string(fixtures().join("cases.tsv")).expect("cases.tsv");
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                cols.len(),
                4,
                "cases.tsv: 4 tab-separated columns: {line:?}"
            );
            Case {
                file: cols[0].to_string(),
                path: if cols[1] == "-" {
                    String::new()
                } else {
                    cols[1].to_string()
                },
                phrase: cols[2].to_string(),
                schema: cols[3].to_string(),
            }
        })
        .collect()
}
