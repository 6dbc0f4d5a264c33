//! The corpus of constructed variants (`tests/fixtures/import/variants.json`): relabelled,
//! retyped, re-spaced, cells blanked or slashed, rows missing, columns shifted, the older format —
//! each with the cells it must fill and the figures it must list as not placed.

mod support;

use nianbao_core::Draft;
use nianbao_import::import_text;
use serde::Deserialize;
use std::collections::BTreeMap;
use support::{as_copied_text, field, fixture};

#[derive(Deserialize)]
struct Corpus {
    base: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    edits: Vec<(String, String)>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    sections: Option<usize>,
    cells: BTreeMap<String, String>,
    not_placed: Vec<String>,
}

/// `{r.c}`, `{rN}`, `{gR.C}`, `{l}`, `{eR}`, `{c}`: a figure of the unedited report.
fn resolve(base: &Draft, value: &str) -> String {
    let Some(name) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) else {
        return value.to_string();
    };
    let key = if let Some(n) = name.strip_prefix('r').filter(|n| !n.contains('.')) {
        format!("cell.reviews.0.{n}")
    } else if let Some(rc) = name.strip_prefix('g') {
        format!("cell.regulations.{rc}")
    } else if let Some(r) = name.strip_prefix('e') {
        format!("cell.enforcement.{r}.0")
    } else if name == "l" {
        "cell.licensing.0.0".into()
    } else if name == "c" {
        "cell.charges.0.0".into()
    } else {
        format!("cell.applications.{name}")
    };
    field(base, &key)
}

#[test]
fn every_variant_imports_as_its_case_says() {
    let corpus: Corpus =
        serde_json::from_str(&std::fs::read_to_string(fixture("variants.json")).unwrap()).unwrap();
    let path = support::repo().join(format!("tests/fixtures/reports/{}.json", corpus.base));
    let base = nianbao_core::json::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let source = as_copied_text(&base);
    for case in corpus.cases {
        let about = &case.about;
        let mut text = source.clone();
        for (find, replace) in &case.edits {
            assert!(
                text.contains(find.as_str()),
                "{about}: “{find}” is not in the source"
            );
            text = text.replacen(find.as_str(), replace, 1);
        }
        let imported = import_text(&text);
        let (draft, summary) = (&imported.draft, &imported.summary);
        let format = case.format.as_deref().unwrap_or("2021");
        assert_eq!(summary.format.as_deref(), Some(format), "{about}");
        assert_eq!(
            summary.sections_found,
            case.sections.unwrap_or(6),
            "{about}"
        );
        for (key, value) in &case.cells {
            assert_eq!(field(draft, key), resolve(&base, value), "{about}: {key}");
        }
        let mut listed: Vec<&str> = summary
            .not_placed
            .iter()
            .map(|n| n.value.as_str())
            .collect();
        let mut expected: Vec<String> = case.not_placed.iter().map(|v| resolve(&base, v)).collect();
        listed.sort_unstable();
        expected.sort_unstable();
        assert_eq!(listed, expected, "{about}: {:#?}", summary.not_placed);
        // Every figure of the edited text's tables is placed or listed: what is placed equals
        // what the draft holds.
        let held = draft
            .tables
            .iter()
            .flatten()
            .filter(|c| !c.is_empty())
            .count();
        assert_eq!(summary.cells, held, "{about}");
    }
}

/// `tests/fixtures/import/full-2024.pdftotext.txt`: the full-2024 report exported to HTML, printed
/// to PDF by Chromium and read back with `pdftotext -layout` (poppler-utils) — what copying from a
/// PDF viewer gives: figures one space apart, row labels cut over lines with their group's label
/// between, the table's head repeated on the next page, prose broken at the page's width.
#[test]
fn a_report_printed_to_pdf_imports_from_its_text() {
    let path = support::repo().join("tests/fixtures/reports/full-2024.json");
    let base = nianbao_core::json::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let text = std::fs::read_to_string(fixture("full-2024.pdftotext.txt")).unwrap();
    let imported = import_text(&text);
    let (draft, summary) = (&imported.draft, &imported.summary);
    assert_eq!(summary.not_placed, []);
    assert_eq!(summary.cells, 200);
    assert_eq!(draft.tables, base.tables);
    assert_eq!(draft.agency, base.agency);
    assert_eq!(draft.year, base.year);
    assert_eq!(draft.published, base.published);
    for (i, t) in base.template.texts().enumerate() {
        assert_eq!(draft.texts[i], base.texts[i], "{}", t.id);
    }
    assert_eq!(draft.fee.charged, base.fee.charged);
    assert_eq!(draft.preamble_text(), base.preamble_text());
}

/// The preamble's last line, short (`年1月1日至12月31日。`), was dropped with the title's broken
/// rest; and the fee sentence the form writes for the answer was also kept as the note, so every
/// export of the imported report said it twice.
#[test]
fn the_preamble_keeps_its_short_last_line_and_the_fee_sentence_is_not_repeated_as_a_note() {
    let text = std::fs::read_to_string(fixture("full-2024.pdftotext.txt")).unwrap();
    let draft = import_text(&text).draft;
    assert!(
        draft
            .preamble_text()
            .ends_with("本报告统计数据从2024年1月1日至12月31日。"),
        "{}",
        draft.preamble_text()
    );
    let path = support::repo().join("tests/fixtures/reports/full-2024.json");
    let base = nianbao_core::json::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(draft.fee.charged, Some(false));
    assert_eq!(
        draft.fee.note, base.fee.note,
        "the note as typed, without the sentence"
    );
    let sentence = draft.template.fee().unwrap().none_sentence;
    assert_eq!(
        nianbao_core::html::to_html(&draft)
            .matches(sentence)
            .count(),
        1,
        "the fee sentence once"
    );
}
