//! Whole reports: valid fixtures give no findings; auto totals rebuild what was erased; edits undo
//! exactly; `check` survives any draft.

mod fixture;

use fixture::load_report;
use nianbao_core::{check, model::Draft, Context, Edit, FieldRef};
use proptest::prelude::*;

fn findings_of(draft: &Draft, last: Option<&Draft>) -> Vec<String> {
    let last = last.map(|d| check(d, &Context::default()).0);
    let ctx = Context {
        last_year: last.as_ref(),
        current_year: Some(2026),
        auto_totals: false,
    };
    check(draft, &ctx)
        .1
        .into_iter()
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect()
}

#[test]
fn seed_report_has_no_findings() {
    let seed = load_report("seed-2024");
    assert_eq!(findings_of(&seed, None), Vec::<String>::new());
}

#[test]
fn full_reports_have_no_findings_also_against_last_year() {
    let last = load_report("full-2023");
    let this = load_report("full-2024");
    assert_eq!(findings_of(&last, None), Vec::<String>::new());
    assert_eq!(findings_of(&this, Some(&last)), Vec::<String>::new());
}

#[test]
fn seed_reads_as_the_published_numbers() {
    let (report, _) = check(&load_report("seed-2024"), &Context::default());
    assert_eq!(report.agency, "隆德县城关镇人民政府");
    assert_eq!(report.year, Some(2024));
    assert_eq!(
        report.title,
        "隆德县城关镇人民政府2024年政府信息公开工作年度报告"
    );
    assert!(report.tables.iter().flatten().all(|v| *v == Some(0)));
}

#[test]
fn auto_totals_rebuild_erased_totals() {
    let full = load_report("full-2024");
    let mut erased = full.clone();
    for (t, row, col) in full.template.derived_cells() {
        erased.apply(Edit::Set(
            FieldRef::Cell { table: t, row, col },
            String::new(),
        ));
    }
    assert_ne!(erased, full);
    let fill = erased.fill_totals();
    erased.apply(fill);
    assert_eq!(erased, full);
    // Filling a complete report changes nothing.
    assert_eq!(full.fill_totals(), Edit::Batch(Vec::new()));
}

#[test]
fn auto_totals_leave_a_total_blank_when_a_part_is_not_a_number() {
    let mut draft = load_report("seed-2024");
    let cell = |row, col| FieldRef::Cell { table: 4, row, col };
    draft.apply(Edit::Set(cell(2, 0), "/".into()));
    let fill = draft.fill_totals();
    draft.apply(fill);
    assert_eq!(draft.get(cell(2, 0)), "/", "what was typed stays");
    assert_eq!(draft.get(cell(2, 6)), "", "row total cannot be computed");
    assert_eq!(
        draft.get(cell(23, 0)),
        "",
        "column total cannot be computed"
    );
}

#[test]
fn sums_of_huge_cells_do_not_overflow() {
    let mut draft = load_report("seed-2024");
    for row in 0..25 {
        for col in 0..7 {
            draft.apply(Edit::Set(
                FieldRef::Cell { table: 4, row, col },
                "999999999".into(),
            ));
        }
    }
    let found = findings_of(&draft, None);
    assert!(found
        .iter()
        .any(|f| f.contains("三（一）至三（六）3之和＝20999999979")));
    let fill = draft.fill_totals();
    draft.apply(fill);
    // Totals past the bound are written out (and flagged N2), never wrapped.
    let seventh = FieldRef::Cell {
        table: 4,
        row: 23,
        col: 0,
    };
    assert_eq!(draft.get(seventh), "20999999979");
    let found = findings_of(&draft, None);
    assert!(found.iter().any(|f| f.starts_with("N2")));
}

fn any_field() -> impl Strategy<Value = FieldRef> {
    prop_oneof![
        Just(FieldRef::Agency),
        Just(FieldRef::Year),
        Just(FieldRef::Published),
        Just(FieldRef::Preamble),
        (0usize..12).prop_map(FieldRef::Text),
        (0usize..7, 0usize..26, 0usize..16).prop_map(|(table, row, col)| FieldRef::Cell {
            table,
            row,
            col
        }),
        Just(FieldRef::FeeAmount),
        Just(FieldRef::FeeNote),
    ]
}

fn any_entry() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,12}",
        "-?[0-9]{0,5}\\.?[0-9]{0,8}",
        Just("/".to_string()),
        Just("4294967295".to_string()),
        Just("18446744073709551616".to_string()),
        ".{0,20}",
    ]
}

fn any_edit() -> impl Strategy<Value = Edit> {
    let leaf = prop_oneof![
        (any_field(), any_entry()).prop_map(|(f, v)| Edit::Set(f, v)),
        prop_oneof![Just(None), Just(Some(true)), Just(Some(false))].prop_map(Edit::Charged),
        Just(Edit::DefaultPreamble),
    ];
    leaf.prop_recursive(2, 16, 8, |inner| {
        prop::collection::vec(inner, 0..8).prop_map(Edit::Batch)
    })
}

proptest! {
    #[test]
    fn undo_restores_exactly(edits in prop::collection::vec(any_edit(), 1..20)) {
        let start = load_report("full-2024");
        let mut draft = start.clone();
        let mut undo = Vec::new();
        for e in edits {
            undo.push(draft.apply(e));
        }
        let end = draft.clone();
        let mut redo = Vec::new();
        while let Some(u) = undo.pop() {
            redo.push(draft.apply(u));
        }
        prop_assert_eq!(&draft, &start);
        while let Some(r) = redo.pop() {
            draft.apply(r);
        }
        prop_assert_eq!(&draft, &end);
    }

    #[test]
    fn check_never_panics_and_keeps_entries(edits in prop::collection::vec(any_edit(), 1..30)) {
        let mut draft = load_report("seed-2024");
        for e in edits {
            draft.apply(e);
        }
        let before = draft.clone();
        let (_, findings) = check(&draft, &Context { current_year: Some(2026), ..Context::default() });
        prop_assert_eq!(&draft, &before);
        for f in findings {
            prop_assert!(!f.message.is_empty());
            prop_assert!(!f.fields.is_empty());
        }
        let fill = draft.fill_totals();
        draft.apply(fill);
    }
}

#[test]
fn auto_totals_stay_blank_on_an_untouched_form() {
    let draft = Draft::new(nianbao_core::current_template());
    assert_eq!(draft.fill_totals(), Edit::Batch(Vec::new()));
}

/// Regression: with “/” in a result row, the rules that both define （七）总计 of the 总计 column
/// (H2 down the column, H3 along the row) disagreed, and the fill never settled.
#[test]
fn auto_totals_settle_in_one_step_when_a_part_is_a_placeholder() {
    let mut draft = load_report("full-2024");
    draft.apply(Edit::Set(
        FieldRef::Cell {
            table: 4,
            row: 2,
            col: 0,
        },
        "/".into(),
    ));
    let fill = draft.fill_totals();
    draft.apply(fill);
    assert_eq!(draft.fill_totals(), Edit::Batch(Vec::new()));
    assert_eq!(
        draft.get(FieldRef::Cell {
            table: 4,
            row: 23,
            col: 6
        }),
        ""
    );
}

#[test]
fn blank_computed_totals_get_no_finding_of_their_own() {
    let mut draft = load_report("seed-2024");
    draft.apply(Edit::Set(
        FieldRef::Cell {
            table: 4,
            row: 2,
            col: 0,
        },
        "/".into(),
    ));
    let fill = draft.fill_totals();
    draft.apply(fill);
    let ctx = Context {
        last_year: None,
        current_year: Some(2026),
        auto_totals: true,
    };
    let rules: Vec<_> = check(&draft, &ctx).1.into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["H5"], "only the “/” itself");
}
