//! Reports written out and imported back: random reports exported to HTML (read as shown, without
//! the data the export carries) and laid out as copied text come back with every figure in its cell,
//! the header and the texts; our own JSON and exported HTML come back exactly. And no input, however
//! broken, makes the importer panic.

mod support;

use nianbao_core::{current_template, Draft};
use nianbao_import::{import, import_text, Format, SourceKind};
use proptest::prelude::*;
use support::{as_copied_text, export_as_shown};

/// Prose that reads like a report's and never like a heading.
const SENTENCES: &[&str] = &[
    "本年度持续推进政务公开标准化规范化建设，及时发布政策文件和解读材料。",
    "严格落实保密审查制度，坚持先审查后公开，全年未发生泄密事件。",
    "依托政府门户网站和政务新媒体拓展公开渠道，方便群众获取信息。",
    "个别单位信息更新不够及时，政策解读形式较为单一。",
];

/// Pieces of report-shaped text that are not the template's own words: titles, numbering of every
/// kind, older-format and drifted labels, figures, signs, gaps, radicals, dates.
const OTHER_PIECES: &[&str] = &[
    "某县人民政府2024年政府信息公开工作年度报告",
    "政府信息公开工作年度报告",
    "2024年",
    "统计数据从2024年1月1日",
    "（0）",
    "（一）",
    "(十二)",
    "（二十）",
    "1.",
    "2、",
    "十、",
    "**",
    "#### ",
    "⼀",
    "\u{fffd}",
    "本年新收政府信息公开申请数量",
    "本年新制作数量",
    "0",
    "12",
    "-3",
    "１２",
    "1,234",
    "9116.36万元",
    "/",
    "—",
    "无",
    "元",
    "收取",
    "未收取",
    "信息处理费",
    "改进：",
    "2025年1月20日",
    "。",
    "：",
    "\t",
    "\n",
    "  ",
    "　",
    " ",
];

/// What report-shaped text is made of, for the property test that no such text makes it panic: the
/// template's headings, captions, header cells and row labels, and [`OTHER_PIECES`].
fn pieces() -> Vec<String> {
    let template = current_template();
    let mut out: Vec<String> = template
        .sections
        .iter()
        .map(|s| s.heading.to_string())
        .collect();
    for table in template.tables() {
        out.push(table.caption.to_string());
        out.extend(
            table
                .header
                .iter()
                .flat_map(|row| row.iter().map(|c| c.text.to_string())),
        );
        out.extend(
            table
                .rows
                .iter()
                .flat_map(|r| r.labels.iter().map(|l| l.to_string())),
        );
    }
    out.extend(OTHER_PIECES.iter().map(|p| p.to_string()));
    out.retain(|p| !p.is_empty());
    out.dedup();
    out
}

fn report() -> impl Strategy<Value = Draft> {
    let template = current_template();
    let tables: Vec<BoxedStrategy<Vec<String>>> = template
        .tables()
        .map(|t| {
            let cell = match t.kind {
                nianbao_core::template::CellKind::Count => {
                    prop_oneof![8 => (0u32..100_000).prop_map(|n| n.to_string()), 1 => Just("/".to_string())].boxed()
                }
                nianbao_core::template::CellKind::Wanyuan => (0u64..10_000_000_000, 0u32..3)
                    .prop_map(|(n, s)| match s {
                        0 => (n / 1_000_000).to_string(),
                        _ => format!("{}.{:06}", n / 1_000_000, n % 1_000_000),
                    })
                    .boxed(),
            };
            proptest::collection::vec(cell, t.cell_count()).boxed()
        })
        .collect();
    let texts = proptest::collection::vec(
        proptest::collection::vec(proptest::sample::select(SENTENCES), 1..3),
        template.texts().count(),
    );
    let agencies =
        proptest::sample::select(&["平潭综合实验区", "隆德县城关镇人民政府", "某市生态环境局"][..]);
    (tables, texts, agencies, 2021u16..2026).prop_map(move |(tables, texts, agency, year)| {
        let mut draft = Draft::new(template);
        draft.agency = agency.to_string();
        draft.year = year.to_string();
        draft.tables = tables;
        draft.texts = texts.into_iter().map(|p| p.join("\n")).collect();
        draft.fee.charged = Some(false);
        draft
    })
}

fn assert_same_report(got: &Draft, want: &Draft, how: &str) {
    assert_eq!(got.agency, want.agency, "{how}");
    assert_eq!(got.year, want.year, "{how}");
    // Figures as the rules read them: the export shows 万元 without trailing zeros (6295.6688 for
    // 6295.668800), the same amount.
    let template = want.template;
    let read = |draft: &Draft| -> Vec<Vec<nianbao_core::number::Entry>> {
        template
            .tables()
            .zip(&draft.tables)
            .map(|(t, cells)| {
                cells
                    .iter()
                    .map(|c| nianbao_core::model::read_cell(c, t.kind, template.placeholders()))
                    .collect()
            })
            .collect()
    };
    assert_eq!(read(got), read(want), "{how}");
    assert_eq!(got.texts, want.texts, "{how}");
    assert_eq!(got.fee.charged, want.fee.charged, "{how}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_report_exported_to_html_imports_back(draft in report()) {
        let imported = import_text(&export_as_shown(&draft));
        prop_assert_eq!(imported.summary.source, SourceKind::Html.name());
        prop_assert_eq!(imported.summary.not_placed.clone(), vec![]);
        assert_same_report(&imported.draft, &draft, "html");
    }

    #[test]
    fn a_report_laid_out_as_copied_text_imports_back(draft in report()) {
        let imported = import_text(&as_copied_text(&draft));
        prop_assert_eq!(imported.summary.source, SourceKind::Text.name());
        prop_assert_eq!(imported.summary.not_placed.clone(), vec![]);
        assert_same_report(&imported.draft, &draft, "text");
    }

    #[test]
    fn our_own_files_import_exactly(draft in report()) {
        let json = nianbao_core::json::to_json(&draft);
        let html = nianbao_core::html::to_html(&draft);
        for (input, how) in [(json, "json"), (html, "html")] {
            let imported = import(input.as_bytes());
            prop_assert_eq!(imported.summary.source, SourceKind::Nianbao.name());
            prop_assert_eq!(imported.summary.format.as_deref(), Some(Format::Y2021.id()));
            prop_assert_eq!(&imported.draft, &draft, "{}", how);
        }
    }

    #[test]
    fn no_text_makes_it_panic(text in "\\PC{0,400}") {
        let _ = import_text(&text);
    }

    /// Text made of the pieces the recogniser looks for (headings, numbering of every kind, labels,
    /// figures, signs, tabs, wide gaps, radicals, dates), in any order: every path through it, no
    /// panic (random characters rarely reach past the headings).
    #[test]
    fn no_report_shaped_text_makes_it_panic(pieces in proptest::collection::vec(proptest::sample::select(pieces()), 0..120)) {
        let _ = import_text(&pieces.concat());
    }

    #[test]
    fn no_bytes_make_it_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = import(&bytes);
    }

    #[test]
    fn no_broken_report_makes_it_panic(draft in report(), cut in 0usize..20_000, junk in "\\PC{0,40}") {
        for source in [as_copied_text(&draft), export_as_shown(&draft)] {
            let at = source.char_indices().map(|(i, _)| i).find(|&i| i >= cut.min(source.len())).unwrap_or(source.len());
            let broken = format!("{}{}{}", &source[..at], junk, &source[at..]);
            let _ = import_text(&broken);
            let _ = import_text(&source[..at]);
        }
    }
}

/// Regression: a sub-heading numbered （0） under 一 (its number minus one overflowed).
#[test]
fn a_sub_heading_numbered_zero_is_read_as_text() {
    let imported = import_text("一、总体情况\n（0）说明\n二、主动公开政府信息情况");
    assert!(imported.draft.texts.iter().any(|t| t.contains("（0）说明")));
}
