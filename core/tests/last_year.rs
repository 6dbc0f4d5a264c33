//! Last year's report carried by the draft (issue 11): through the JSON document and the HTML
//! export and back, one level deep, undoable, and used by `check` for the cross-year rules when the
//! caller gives none — only when it is the year before.

mod fixture;

use nianbao_core::{check, html, json, Context, Draft, Edit, FieldRef};

fn with_last_year() -> Draft {
    let mut draft = fixture::load_report("full-2024");
    let mut last = fixture::load_report("full-2023");
    // 四、结转下年度继续办理, 自然人 column: 3 last year, while this year's 二、上年结转 says otherwise.
    last.apply(Edit::Set(
        fixture::parse_key(&last, "cell.applications.24.0"),
        "3".into(),
    ));
    draft.apply(Edit::LastYear(Some(Box::new(last))));
    draft
}

fn cross_year_findings(draft: &Draft) -> Vec<String> {
    let (_, findings) = check(draft, &Context::default());
    findings
        .into_iter()
        .filter(|f| f.rule == "S1" || f.rule == "S2")
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect()
}

#[test]
fn last_years_report_travels_with_the_draft_and_is_checked_against() {
    let draft = with_last_year();
    let found = cross_year_findings(&draft);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("上年（2023年度）报告") && found[0].contains("为 3"),
        "{found:#?}"
    );

    let text = json::to_json(&draft);
    assert_eq!(
        text.matches("\"last_year\"").count(),
        1,
        "one level: {text}"
    );
    let back = json::from_json(&text).expect("reads back");
    assert_eq!(back, draft);
    assert_eq!(cross_year_findings(&back), found);

    let page = html::to_html(&draft);
    assert_eq!(json::open(&page).expect("the export reopens"), draft);
}

#[test]
fn a_draft_without_last_year_writes_no_last_year() {
    let draft = fixture::load_report("full-2024");
    assert!(!json::to_json(&draft).contains("last_year"));
    assert!(cross_year_findings(&draft).is_empty());
}

#[test]
fn last_year_is_one_undo_step_and_never_nests() {
    let mut draft = fixture::load_report("full-2024");
    let before = draft.clone();
    let mut last = with_last_year();
    last.year = "2023".into();
    let undo = draft.apply(Edit::LastYear(Some(Box::new(last))));
    let carried = draft.last_year.as_deref().expect("loaded");
    assert!(
        carried.last_year.is_none(),
        "last year's own last year is dropped"
    );
    assert!(!draft.is_empty());
    draft.apply(undo);
    assert_eq!(draft, before);
}

#[test]
fn a_last_year_of_another_year_is_not_compared_and_says_why() {
    let mut draft = with_last_year();
    draft.apply(Edit::Set(FieldRef::Year, "2025".into()));
    let (_, findings) = check(&draft, &Context::default());
    let cross: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "S1" || f.rule == "S2")
        .collect();
    assert_eq!(cross.len(), 1, "{cross:#?}");
    assert!(cross[0]
        .message
        .contains("上年报告为2023年度，本报告为2025年度"));
    assert_eq!(cross[0].fields, vec![FieldRef::Year]);
}

#[test]
fn a_broken_last_year_in_a_file_names_its_place() {
    let text = json::to_json(&with_last_year());
    let broken = text.replacen("\"last_year\": {", "\"last_year\": {\"extra\": 1, ", 1);
    let error = json::from_json(&broken).expect_err("refused");
    assert!(error.path.starts_with("last_year"), "{}", error.path);
    let mut document: serde_json::Value = serde_json::from_str(&text).unwrap();
    document["last_year"]["template"] = "1999".into();
    let error = json::from_json(&document.to_string()).expect_err("refused");
    assert_eq!(error.path, "last_year");
    assert!(error.zh.contains("上年报告"), "{}", error.zh);
    document["last_year"]["template"] = "2021".into();
    document["last_year"]["tables"]["applications"]
        .as_array_mut()
        .unwrap()
        .pop();
    let error = json::from_json(&document.to_string()).expect_err("refused");
    assert_eq!(error.path, "last_year.tables.applications");
    assert!(error.zh.starts_with("文件中的上年报告"), "{}", error.zh);
}

#[test]
fn next_years_report_starts_from_this_one() {
    let this = fixture::load_report("full-2024");
    let next = this.next_year();
    assert_eq!(next.agency, this.agency);
    assert_eq!(next.year, "2025");
    assert_eq!(next.texts, this.texts);
    assert!((0..next.texts.len())
        .filter(|&i| !this.texts[i].trim().is_empty())
        .all(|i| next.text_from_last_year(i)));
    let applications = next.template.table_index("applications").unwrap();
    for col in 0..7 {
        let cell = |d: &Draft, row| {
            d.get(FieldRef::Cell {
                table: applications,
                row,
                col,
            })
            .to_string()
        };
        // 二、上年结转 = last year's 四、结转下年度继续办理.
        assert_eq!(cell(&next, 1), cell(&this, 24), "column {col}");
        assert_eq!(cell(&next, 0), "", "column {col}: new numbers start blank");
    }
    assert_eq!(next.last_year.as_deref(), Some(&this));
    // S1 holds by construction; nothing is compared that was not carried.
    assert!(
        cross_year_findings(&next).is_empty(),
        "{:#?}",
        cross_year_findings(&next)
    );
    // Editing a text takes it out of “last year's wording”.
    let mut edited = next.clone();
    edited.apply(Edit::Set(FieldRef::Text(0), "本年度新写的文字。".into()));
    assert!(!edited.text_from_last_year(0));
}

#[test]
fn a_text_kept_from_last_year_is_no_longer_marked_and_stays_so_in_the_file() {
    let mut next = fixture::load_report("full-2024").next_year();
    let first = (0..next.texts.len())
        .find(|&i| next.text_from_last_year(i))
        .expect("a text carried over");
    let undo = next.apply(Edit::KeepText(first, true));
    assert!(!next.text_from_last_year(first));
    let text = json::to_json(&next);
    assert!(text.contains("\"kept_texts\""), "{text}");
    let back = json::from_json(&text).expect("reads back");
    assert_eq!(back, next);
    assert!(!back.text_from_last_year(first));
    next.apply(undo);
    assert!(next.text_from_last_year(first));
    assert!(!json::to_json(&next).contains("kept_texts"));

    let mut document: serde_json::Value = serde_json::from_str(&text).unwrap();
    document["kept_texts"] = serde_json::json!(["no.such.text"]);
    let error = json::from_json(&document.to_string()).expect_err("refused");
    assert_eq!(error.path, "kept_texts");
}
