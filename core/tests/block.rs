//! Blocks pasted into a table, run as data: every case of `tests/fixtures/paste/blocks.json` is read
//! (tab-separated text with `block::from_tsv`, an HTML table laid out with `block::from_spans`),
//! placed with `block::place` against the template's computed cells, and compared cell by cell. All
//! failures are reported at once. A range copied out (`to_tsv`) reads back as the same block.

mod fixture;
#[path = "../../tests/support/paste_cases.rs"]
mod paste_cases;

use fixture::fixtures;
use nianbao_core::block::{self, Grid, SpannedCell, TooBig};
use nianbao_core::{current_template, Draft};
use paste_cases::Case;

fn cases() -> Vec<Case> {
    let path = fixtures().join("paste/blocks.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    paste_cases::parse(&text)
}

/// The cells of an HTML table's rows, read with an HTML parser as the browser's DOM hands them to
/// the form (`src/browser.rs` reads `rows` and `cells` of the page's first table).
fn spans(html: &str) -> Vec<Vec<SpannedCell>> {
    let page = scraper::Html::parse_document(html);
    let tr = scraper::Selector::parse("table tr").unwrap();
    let cell = scraper::Selector::parse("td, th").unwrap();
    let span = |e: &scraper::ElementRef, name: &str| {
        e.value()
            .attr(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(1)
    };
    page.select(&tr)
        .map(|row| {
            row.select(&cell)
                .map(|e| SpannedCell {
                    text: e.text().collect(),
                    rowspan: span(&e, "rowspan"),
                    colspan: span(&e, "colspan"),
                })
                .collect()
        })
        .collect()
}

fn block_of(case: &Case) -> Grid {
    match (&case.tsv, &case.html) {
        (Some(tsv), None) => block::from_tsv(tsv),
        (None, Some(html)) => block::from_spans(spans(html)),
        _ => panic!("{}: give tsv or html", case.what),
    }
}

#[test]
fn every_fixture_block_lands_where_it_says() {
    let template = current_template();
    let draft = Draft::new(template);
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 10, "the fixture lost its cases");
    for case in &all {
        let t = template
            .table_index(&case.table)
            .unwrap_or_else(|| panic!("{}: no table {}", case.what, case.table));
        let outcome = block::paste(&draft, t, case.at, &block_of(case), case.auto_totals);
        match (outcome, case.refuse) {
            (Ok(placed), None) => {
                if placed.cells != case.cells {
                    failures.push(format!(
                        "{}:\n  got  {:?}\n  want {:?}",
                        case.what, placed.cells, case.cells
                    ));
                }
                if placed.differ != case.differ {
                    failures.push(format!(
                        "{}: differ {:?}, want {:?}",
                        case.what, placed.differ, case.differ
                    ));
                }
                if placed.skipped != case.skipped {
                    failures.push(format!(
                        "{}: skipped {:?}, want {:?}",
                        case.what, placed.skipped, case.skipped
                    ));
                }
            }
            (
                Err(TooBig {
                    rows,
                    cols,
                    room_rows,
                    room_cols,
                }),
                Some(want),
            ) => {
                if (rows, cols, room_rows, room_cols) != want {
                    failures.push(format!(
                        "{}: refused as {:?}, want {want:?}",
                        case.what,
                        (rows, cols, room_rows, room_cols)
                    ));
                }
            }
            (Ok(placed), Some(_)) => failures.push(format!(
                "{}: placed {:?}, want it refused",
                case.what, placed.cells
            )),
            (Err(e), None) => failures.push(format!("{}: refused {e:?}", case.what)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn a_copied_range_reads_back_as_the_same_block() {
    let grid: Grid = vec![
        vec!["1".into(), "".into(), "/".into()],
        vec!["a\tb".into(), "say \"x\"".into(), "1,234".into()],
        vec!["".into(), "".into(), "".into()],
    ];
    assert_eq!(block::from_tsv(&block::to_tsv(&grid)), grid);
    let html = block::to_html(&grid);
    assert!(
        html.starts_with("<table")
            && html.matches("<tr>").count() == 3
            && html.matches("<td>").count() == 9,
        "{html}"
    );
}

#[test]
fn a_huge_span_on_a_web_page_does_not_make_a_huge_grid() {
    let grid = block::from_spans(vec![vec![SpannedCell {
        text: "1".into(),
        rowspan: 100_000,
        colspan: 100_000,
    }]]);
    assert!(grid.len() <= 64 && grid.iter().all(|r| r.len() <= 64));
}
