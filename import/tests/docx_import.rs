//! Word documents imported: the official template (empty) and a report filled into it at test time
//! (its merged cells as Word makes them), every figure landing in its cell. The template is read from
//! `../shared/reference/template-2021.docx`, never copied here.

mod support;

#[path = "support/docx_fill.rs"]
mod docx_fill;

use nianbao_import::{docx, import, Block, Format, SourceKind};
use support::{field, reference};

fn template() -> Option<Vec<u8>> {
    reference("template-2021.docx").map(|p| std::fs::read(p).unwrap())
}

#[test]
fn the_empty_template_imports_as_an_empty_report() {
    let Some(bytes) = template() else { return };
    let imported = import(&bytes);
    let summary = &imported.summary;
    assert_eq!(summary.source, SourceKind::Docx.name());
    assert_eq!(summary.format.as_deref(), Some(Format::Y2021.id()));
    assert_eq!(summary.sections_found, 6);
    assert_eq!(summary.cells, 0);
    assert_eq!(summary.not_placed, []);
    // The template's hints (“（文字描述）”) are not report text.
    assert!(
        imported.draft.texts.iter().all(String::is_empty),
        "{:?}",
        imported.draft.texts
    );
}

#[test]
fn a_report_filled_into_the_template_imports_every_figure() {
    let Some(bytes) = template() else { return };
    // A distinct figure in every blank cell of the three tables.
    let value = |p: docx_fill::Place| (p.table * 1000 + p.row * 20 + p.col).to_string();
    let filled = docx_fill::fill(
        &bytes,
        |place| Some(value(place)),
        |text| match text {
            "政府信息公开工作年度报告格式模板" => {
                Some("某县人民政府2024年政府信息公开工作年度报告".into())
            }
            t if t.contains("文字描述") => Some("本年度依法做好政府信息公开工作。".into()),
            _ => None,
        },
    );
    let imported = import(&filled);
    let (draft, summary) = (&imported.draft, &imported.summary);
    assert_eq!(summary.source, SourceKind::Docx.name());
    assert_eq!(summary.not_placed, []);
    assert_eq!(summary.cells, 200);
    assert_eq!(draft.agency, "某县人民政府");
    assert_eq!(draft.year, "2024");
    assert_eq!(
        field(draft, "text.overview.intro"),
        "本年度依法做好政府信息公开工作。"
    );
    // Where the reader's grid has each figure: the application table's 25 rows start at its row 3,
    // its figures at column 3; the 行政复议/诉讼 figures are row 3 of the third table.
    for row in 0..25 {
        for col in 0..7 {
            let want = value(docx_fill::Place {
                table: 1,
                row: row + 3,
                col: col + 3,
            });
            assert_eq!(
                field(draft, &format!("cell.applications.{row}.{col}")),
                want
            );
        }
    }
    for col in 0..15 {
        let want = value(docx_fill::Place {
            table: 2,
            row: 3,
            col,
        });
        assert_eq!(field(draft, &format!("cell.reviews.0.{col}")), want);
    }
    // 第二十条 rows by their labels in the first table.
    let blocks = docx::blocks(&filled).unwrap();
    let Some(first) = blocks.iter().find_map(Block::grid) else {
        panic!("no table");
    };
    for (label, key) in [
        ("规章", "cell.regulations.0"),
        ("行政规范性文件", "cell.regulations.1"),
        ("行政许可", "cell.licensing.0"),
        ("行政处罚", "cell.enforcement.0"),
        ("行政强制", "cell.enforcement.1"),
        ("行政事业性收费", "cell.charges.0"),
    ] {
        let row = first.iter().find(|r| r[0] == label).unwrap();
        assert_eq!(field(draft, &format!("{key}.0")), row[1], "{label}");
    }
}

/// Random reports written into the official template (as a Word export would lay them out, merged
/// cells and all) import back with every figure in its cell.
#[test]
fn random_reports_written_into_the_template_import_back() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    use std::collections::HashMap;

    let Some(bytes) = template() else { return };
    let template = nianbao_core::current_template();
    // Where each 第二十条 row's figures start in the template's first table: the row whose first
    // cell is the row's label, figures from column 1.
    let blocks = docx::blocks(&bytes).unwrap();
    let Some(first) = blocks.iter().find_map(Block::grid) else {
        panic!("no table");
    };
    let row_of = |label: &str| first.iter().position(|r| r[0] == label).expect(label);
    let mut runner = TestRunner::new(Config {
        cases: 12,
        ..Config::default()
    });
    let tables = template
        .tables()
        .map(|t| proptest::collection::vec(0u32..100_000, t.cell_count()))
        .collect::<Vec<_>>();
    runner
        .run(&tables, |figures| {
            let mut places: HashMap<(usize, usize, usize), String> = HashMap::new();
            let mut draft = nianbao_core::Draft::new(template);
            for ((index, t), cells) in template.tables().enumerate().zip(&figures) {
                let columns = usize::from(t.columns);
                for (i, n) in cells.iter().enumerate() {
                    let (row, col) = (i / columns, i % columns);
                    let place = match t.id {
                        "applications" => (1, row + 3, col + 3),
                        "reviews" => (2, 3, col),
                        _ => (0, row_of(t.rows[row].labels[0]), col + 1),
                    };
                    places.insert(place, n.to_string());
                    draft.tables[index][i] = n.to_string();
                }
            }
            let filled = docx_fill::fill(
                &bytes,
                |p| places.get(&(p.table, p.row, p.col)).cloned(),
                |_| None,
            );
            let imported = import(&filled);
            prop_assert_eq!(imported.summary.not_placed.clone(), vec![]);
            prop_assert_eq!(&imported.draft.tables, &draft.tables);
            Ok(())
        })
        .unwrap();
}
