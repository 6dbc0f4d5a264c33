//! Real reports imported: the seed text (`longde-chengguan-2024.txt`, copied from a portal page,
//! tables flattened to tab-separated lines) and each published page under
//! `../shared/reference/reports/`, with what a careful reader finds in them
//! (`tests/fixtures/import/published.json`). The reports are read at test time, never copied here.

mod support;

use nianbao_core::Severity;
use nianbao_import::{import, Format, SourceKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use support::{field, findings, fixture, reference};

#[test]
fn the_seed_text_imports_exactly_with_no_error() {
    let Some(path) = reference("longde-chengguan-2024.txt") else {
        return;
    };
    let imported = import(&std::fs::read(path).unwrap());
    let (draft, summary) = (&imported.draft, &imported.summary);
    assert_eq!(summary.source, SourceKind::Text.name());
    assert_eq!(summary.format.as_deref(), Some(Format::Y2021.id()));
    assert_eq!(summary.sections_found, 6);
    assert_eq!(summary.not_placed, []);
    assert_eq!(draft.agency, "隆德县城关镇人民政府");
    assert_eq!(draft.year, "2024");
    // Every cell of every table: the seed's tables hold 0 throughout.
    assert_eq!(summary.cells, 200);
    assert!(draft.tables.iter().flatten().all(|c| c == "0"));
    // The six sections, by the sub-headings the seed words freely.
    let starts = [
        ("text.overview.intro", "2024年，城关镇严格遵循"),
        ("text.overview.active", "2024年，我镇在隆德县人民政府网站"),
        ("text.overview.requests", "我镇高度重视依申请公开工作"),
        ("text.overview.management", "镇党委政府高度重视"),
        ("text.overview.platforms", "为切实提升政务公开水平"),
        ("text.overview.oversight", "严格执行信息发布审核机制"),
        ("text.problems.issues", "一是信息公开的及时性"),
        ("text.problems.improvements", "一是加大政府信息公开力度"),
        ("text.other.key_points", "一、深化重点领域信息公开"),
    ];
    for (key, start) in starts {
        assert!(
            field(draft, key).starts_with(start),
            "{key}: {}",
            field(draft, key)
        );
    }
    // A paragraph broken over two lines in the copy stays in its section; the last words too.
    assert!(field(draft, "text.overview.oversight").contains("”制度，确保信息发布质量"));
    assert!(field(draft, "text.other.key_points").contains("政务公开工作整体运行良好。"));
    assert_eq!(draft.fee.charged, Some(false));
    assert!(draft.fee.note.contains("未收取信息公开处理费"));
    // The preamble is the usual one: it follows the title.
    assert_eq!(draft.preamble, None);
    let ctx = nianbao_core::Context {
        last_year: None,
        current_year: Some(2026),
        auto_totals: false,
    };
    let (_, all) = nianbao_core::check(draft, &ctx);
    let errors: Vec<_> = all
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[derive(Deserialize)]
struct Pages {
    pages: Vec<Page>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Page {
    page: String,
    format: String,
    agency: String,
    year: String,
    sections: usize,
    cells: BTreeMap<String, String>,
    findings: Vec<String>,
    not_placed: Vec<Unplaced>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Unplaced {
    value: String,
    context: String,
    why: String,
}

#[test]
fn every_published_page_imports_as_a_reader_finds_it() {
    let text = std::fs::read_to_string(fixture("published.json")).unwrap();
    let pages: Pages = serde_json::from_str(&text).unwrap();
    for page in pages.pages {
        let Some(path) = reference(&format!("reports/{}", page.page)) else {
            return;
        };
        let imported = import(&std::fs::read(path).unwrap());
        let (draft, summary) = (&imported.draft, &imported.summary);
        let name = &page.page;
        assert_eq!(summary.source, SourceKind::Html.name(), "{name}");
        assert_eq!(
            summary.format.as_deref(),
            Some(page.format.as_str()),
            "{name}"
        );
        assert_eq!(summary.sections_found, page.sections, "{name}");
        assert_eq!(draft.agency, page.agency, "{name}");
        assert_eq!(draft.year, page.year, "{name}");
        for (key, value) in &page.cells {
            assert_eq!(&field(draft, key), value, "{name} {key}");
        }
        let rules: Vec<String> = findings(draft).into_iter().map(String::from).collect();
        assert_eq!(rules, page.findings, "{name}");
        if page.not_placed.is_empty() {
            assert_eq!(summary.not_placed, [], "{name}");
            // A 2021 page fills every cell.
            assert_eq!(summary.cells, 200, "{name}");
        }
        for expected in &page.not_placed {
            assert!(
                summary.not_placed.iter().any(|n| n.value == expected.value
                    && n.context.contains(&expected.context)
                    && n.why.contains(&expected.why)),
                "{name}: {} not listed as not placed: {:#?}",
                expected.value,
                summary.not_placed
            );
        }
        if summary.format.as_deref() == Some(Format::Y2019.id()) {
            assert!(summary
                .parts
                .iter()
                .any(|p| p.contains("二、主动公开政府信息情况")));
        }
        // Each text of 一 is filled from its sub-heading (the 2021 pages use the format's five).
        let sub_sections: &[&str] = if summary.format.as_deref() == Some(Format::Y2021.id()) {
            &["overview.active", "overview.requests", "overview.oversight"]
        } else {
            &[]
        };
        for key in sub_sections {
            assert!(
                !field(draft, &format!("text.{key}")).is_empty(),
                "{name} {key}"
            );
        }
    }
}
