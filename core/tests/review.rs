//! Review of many reports (`core/src/review.rs`): counts per file, the cross-year rules between two
//! years of one body, files that are no report, sorting, and the CSV that Excel and WPS open.

mod fixture;

use fixture::{load_report, parse_key};
use nianbao_core::imported::Summary;
use nianbao_core::review::{review, sort, to_csv, Column, Reviewed};
use nianbao_core::Edit;

fn report(file: &str, name: &str) -> Reviewed {
    Reviewed {
        file: file.into(),
        draft: Some(load_report(name)),
        summary: Summary {
            format: Some("2021".into()),
            ..Summary::default()
        },
    }
}

#[test]
fn two_years_of_one_body_are_checked_against_each_other() {
    let mut later = report("2024.json", "full-2024");
    // 二、上年结转 no longer what 2023 carried forward: S1, only with 2023 among the files.
    let draft = later.draft.as_mut().unwrap();
    let field = parse_key(draft, "cell.applications.1.0");
    let _ = draft.apply(Edit::Set(field, "99".into()));
    let alone = review(std::slice::from_ref(&later), Some(2026));
    assert!(!alone[0].with_last_year);
    let together = review(&[later, report("2023.json", "full-2023")], Some(2026));
    assert!(together[0].with_last_year);
    assert!(together[0].warnings > alone[0].warnings);
    assert!(
        together[0].first.iter().any(|m| m.contains("上年")),
        "{:?}",
        together[0].first
    );
    assert!(!together[1].with_last_year);
}

#[test]
fn a_file_that_is_no_report_is_listed_as_such_and_sorted_last() {
    let mut broken = report("broken.json", "full-2024");
    let draft = broken.draft.as_mut().unwrap();
    let field = parse_key(draft, "cell.applications.0.6");
    let _ = draft.apply(Edit::Set(field, "1".into()));
    let note = Reviewed {
        file: "通知.txt".into(),
        draft: None,
        summary: Summary {
            message: Some("这里面没有找到年报的各部分标题和表格".into()),
            ..Summary::default()
        },
    };
    let mut rows = review(&[note, report("ok.json", "full-2024"), broken], Some(2026));
    assert_eq!(
        rows[0].not_a_report.as_deref(),
        Some("这里面没有找到年报的各部分标题和表格")
    );
    sort(&mut rows, Column::Errors, false);
    assert_eq!(rows[0].file, "broken.json");
    assert!(rows[0].errors > 0);
    assert!(!rows[0].first.is_empty());
    assert_eq!(rows[2].file, "通知.txt");
    sort(&mut rows, Column::File, true);
    assert_eq!(rows[0].file, "broken.json");
    assert_eq!(rows[2].file, "通知.txt", "no report stays last");
}

#[test]
fn the_csv_opens_in_excel_and_wps() {
    let mut odd = report("a,\"b\".json", "full-2024");
    odd.draft.as_mut().unwrap().agency = "=cmd".into();
    let csv = to_csv(&review(&[odd], Some(2026)));
    assert!(csv.starts_with("\u{feff}文件,机关名称,年度,格式,错误,提示"));
    let line = csv.lines().nth(1).unwrap();
    assert!(
        line.starts_with("\"a,\"\"b\"\".json\",'=cmd,2024,2021,0,"),
        "{line}"
    );
    assert!(csv.ends_with("\r\n"));
}
