//! S3 and S5 on published reports: each page under `../shared/reference/reports/` (平潭综合实验区,
//! 2021–2025, the 2021 format) must give exactly the S3 and S5 findings a careful reader expects —
//! a warning that is often wrong teaches people to ignore all warnings. The pages are read at test
//! time (they stay outside the project; absent on other machines: a visible skip, a failure under
//! `CI=true`). pingtan-2020.html is the older (2019) format, with other rows in section 三: not read.
//!
//! The extraction here is test-only and deliberately small — the prose paragraphs of 一、总体情况,
//! 五 and 六, and the 25 rows of the application table — not the importer (a later issue).

mod fixture;

use nianbao_core::template_2021::{rows, TOTAL_COLUMN};
use nianbao_core::{check, current_template, Context, Draft, Edit, FieldRef};
use scraper::{ElementRef, Html, Selector};

/// What a report page holds that S3 and S5 read.
struct Page {
    /// Paragraphs of 一、总体情况 by text id (`overview.intro`, `overview.active` …).
    overview: Vec<(&'static str, String)>,
    problems: String,
    other: String,
    /// The 25 rows × 7 columns of section 三, as printed.
    applications: Vec<Vec<String>>,
}

fn text_of(element: ElementRef) -> String {
    let text: String = element.text().collect();
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}')
        .to_string()
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

fn read_page(html: &str) -> Page {
    let document = Html::parse_document(html);
    let in_table = |p: &ElementRef| {
        p.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().name() == "table")
    };
    let paragraphs: Vec<String> = document
        .select(&selector("div.article_content p"))
        .filter(|p| !in_table(p))
        .map(text_of)
        .filter(|t| !t.is_empty())
        .collect();

    // Sections by their numbered headings, in order: a later “一、” inside a section is not one.
    const NUMERALS: [&str; 6] = ["一、", "二、", "三、", "四、", "五、", "六、"];
    const SUBSECTIONS: [(&str, &str); 5] = [
        ("（一）", "overview.active"),
        ("（二）", "overview.requests"),
        ("（三）", "overview.management"),
        ("（四）", "overview.platforms"),
        ("（五）", "overview.oversight"),
    ];
    let mut section = 0; // 0 = before 一
    let mut overview: Vec<(&'static str, String)> = Vec::new();
    let mut field = "overview.intro";
    let (mut problems, mut other) = (String::new(), String::new());
    for p in paragraphs {
        if NUMERALS
            .get(section)
            .is_some_and(|n| p.starts_with(n) && p.chars().count() < 40)
        {
            section += 1;
            continue;
        }
        let push = |to: &mut String| {
            if !to.is_empty() {
                to.push('\n');
            }
            to.push_str(&p);
        };
        match section {
            1 => {
                if let Some((_, id)) = SUBSECTIONS.iter().find(|(n, _)| p.starts_with(n)) {
                    field = id;
                }
                match overview.iter_mut().find(|(id, _)| *id == field) {
                    Some((_, text)) => push(text),
                    None => overview.push((field, p.clone())),
                }
            }
            5 => push(&mut problems),
            6 => push(&mut other),
            _ => {}
        }
    }

    let table = document
        .select(&selector("div.article_content table"))
        .find(|t| text_of(*t).contains("本年新收政府信息公开申请数量"))
        .expect("the application table");
    let applications: Vec<Vec<String>> = table
        .select(&selector("tr"))
        .map(|tr| {
            tr.select(&selector("td, th"))
                .map(text_of)
                .collect::<Vec<_>>()
        })
        .filter(|cells| cells.len() >= 7)
        .map(|cells| cells[cells.len() - 7..].to_vec())
        .filter(|last| last.iter().all(|c| c.parse::<u32>().is_ok()))
        .collect();
    Page {
        overview,
        problems,
        other,
        applications,
    }
}

fn draft_of(page: &Page, year: u16) -> Draft {
    let template = current_template();
    let mut draft = Draft::new(template);
    let text = |id: &str| FieldRef::Text(template.text_index(id).expect("text id"));
    let mut edits = vec![
        Edit::Set(FieldRef::Agency, "平潭综合实验区".into()),
        Edit::Set(FieldRef::Year, year.to_string()),
        Edit::Set(text("problems.issues"), page.problems.clone()),
        Edit::Set(text("other.key_points"), page.other.clone()),
    ];
    for (id, value) in &page.overview {
        edits.push(Edit::Set(text(id), value.clone()));
    }
    let t = template.table_index("applications").expect("applications");
    for (row, cells) in page.applications.iter().enumerate() {
        for (col, value) in cells.iter().enumerate() {
            edits.push(Edit::Set(
                FieldRef::Cell { table: t, row, col },
                value.clone(),
            ));
        }
    }
    draft.apply(Edit::Batch(edits));
    draft
}

/// The S3 and S5 findings: rule, fields and message.
fn findings(draft: &Draft) -> Vec<(String, Vec<String>, String)> {
    let ctx = Context {
        current_year: Some(2026),
        ..Context::default()
    };
    check(draft, &ctx)
        .1
        .into_iter()
        .filter(|f| f.rule == "S3" || f.rule == "S5")
        .map(|f| {
            (
                f.rule.to_string(),
                f.fields.iter().map(|x| x.key(draft.template)).collect(),
                f.message,
            )
        })
        .collect()
}

/// A finding a report must give: rule, fields, words of the message.
type Expected = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

struct Report {
    year: u16,
    /// What 一（二） and 六 say and what the table says, and so what a careful reader expects
    /// (shown with a failure).
    why: &'static str,
    /// (new, carried over, （七）总计, carried forward) of the table's 总计 column, to check the
    /// extraction read the table this comment speaks of.
    table: [u32; 4],
    expect: &'static [Expected],
}

const REPORTS: &[Report] = &[
    Report {
        year: 2021,
        why: "一（二）: 全区共收到70件申请, 办结69件, 1件结转下年度继续办理 — the table: 新收 70, （七）总计 69, \
              结转 1. All three agree: no S3. 六: 无收取信息处理费情况, and 三（六）2 is 0: no S5. \
              (一（二） also asks bodies to follow 信息处理费 rules: not a fee statement, and not needed.)",
        table: [70, 0, 69, 1],
        expect: &[],
    },
    Report {
        year: 2022,
        why: "一（二）: 全区收到政府信息公开申请75件 (自然人72件、商业企业3件) — the table: 新收 74 (自然人 71, \
              商业企业 3) and 上年结转 1 (自然人 1): the text counts the application carried over from 2021 \
              as received in 2022. The text is not right (75 were handled, 74 received), so S3 warns, and \
              says that 75 is 74 + 1. 办结率100% is a rate, not a count. 六: 无收取信息处理费情况; 三（六）2 \
              is 0: no S5.",
        table: [74, 1, 75, 0],
        expect: &[(
            "S3",
            &["text.overview.requests", "cell.applications.0.6"],
            &[
                "写“全区收到政府信息公开申请75件”",
                "即本年新收申请75件",
                "“一、本年新收政府信息公开申请数量”行“总计”列为 74",
                "正好是本年新收申请 74 件加上年结转申请 1 件",
            ],
        )],
    },
    Report {
        year: 2023,
        why: "一（二）: 接收…各类政府信息公开申请共计81件, 办结依申请公开81件; also 行政复议案件2件、\
              行政诉讼案件7件 — the table: 新收 81, （七）总计 81. Agree: no S3; the 复议/诉讼 counts are not \
              read as applications. 六: 无收取信息处理费情况; 三（六）2 is 0: no S5.",
        table: [81, 0, 81, 0],
        expect: &[],
    },
    Report {
        year: 2024,
        why: "一（二）: 全年办理政府信息公开申请218件 — 办理 (handled) is neither 收到 nor 办结, so it is no \
              statement for S3 (the table: 新收 218, （七）总计 218, so a reading would agree anyway). \
              六: 无收取信息处理费情况; 三（六）2 is 0: no S5.",
        table: [218, 0, 218, 0],
        expect: &[],
    },
    Report {
        year: 2025,
        why: "一（二）: 共收到政府信息公开申请154件, 共办结148件, 结转至2026年6件; also 行政复议36起、行政诉讼9起 \
              — the table: 新收 154, （七）总计 148, 结转 6. All agree: no S3 (2026 is a year, not the \
              count). 六: 无收取信息处理费情况; 三（六）2 is 0: no S5.",
        table: [154, 0, 148, 6],
        expect: &[],
    },
];

#[test]
fn published_reports_give_exactly_the_expected_s3_and_s5_findings() {
    let template = current_template();
    let t = template.table_index("applications").expect("applications");
    let mut failures = Vec::new();
    let mut read = 0;
    for report in REPORTS {
        let name = format!("reports/pingtan-{}.html", report.year);
        let Some(path) = fixture::reference(&name) else {
            continue;
        };
        read += 1;
        let html = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let page = read_page(&html);
        let year = report.year;
        assert_eq!(page.applications.len(), 25, "{year}: rows of section 三");
        assert!(
            page.overview
                .iter()
                .any(|(id, _)| *id == "overview.requests"),
            "{year}: no （二） paragraph in 一、总体情况"
        );
        assert!(
            page.other.contains("信息处理费"),
            "{year}: section 六 not found"
        );
        let draft = draft_of(&page, year);
        let (checked, _) = check(&draft, &Context::default());
        let total = |row| checked.cell(t, row, TOTAL_COLUMN).unwrap_or(u64::MAX);
        let table = [
            rows::NEW,
            rows::CARRIED_OVER,
            rows::RESULTS_TOTAL,
            rows::CARRIED_FORWARD,
        ]
        .map(|row| u32::try_from(total(row)).unwrap_or(u32::MAX));
        assert_eq!(table, report.table, "{year}: the table as read");

        let got = findings(&draft);
        let shown = || format!("{got:#?}");
        if got.len() != report.expect.len() {
            failures.push(format!(
                "{year}: expected {} S3/S5 findings, got {}",
                report.expect.len(),
                shown()
            ));
            continue;
        }
        for ((rule, fields, message), (want_rule, want_fields, words)) in
            got.iter().zip(report.expect)
        {
            if rule != want_rule || fields != want_fields {
                failures.push(format!(
                    "{year}: expected {want_rule} on {want_fields:?}, got {}",
                    shown()
                ));
            }
            for w in *words {
                if !message.contains(w) {
                    failures.push(format!("{year}: message lacks “{w}”: {message}"));
                }
            }
        }

        // Had the body sent a fee notice that went unpaid (三（六）2 = 1), section 六's
        // “无收取信息处理费情况” would still state the fee position: no S5.
        let unpaid = |draft: &mut Draft| {
            for col in [0, TOTAL_COLUMN] {
                draft.apply(Edit::Set(
                    FieldRef::Cell {
                        table: t,
                        row: rows::UNPAID_FEE,
                        col,
                    },
                    "1".into(),
                ));
            }
        };
        let mut with_notice = draft.clone();
        unpaid(&mut with_notice);
        let s5 = |d: &Draft| {
            findings(d)
                .into_iter()
                .filter(|(rule, _, _)| rule == "S5")
                .count()
        };
        if s5(&with_notice) != 0 {
            failures.push(format!(
                "{year}: with 三（六）2 = 1, S5 ignored 六's fee statement: {:?}",
                findings(&with_notice)
            ));
        }
        // Without section 六, nothing else in the report states the fee position (2021's 一（二）
        // asks bodies to follow the 信息处理费 rules: a duty, not a statement): S5 fires.
        let key_points = template.text_index("other.key_points").expect("key points");
        with_notice.apply(Edit::Set(FieldRef::Text(key_points), String::new()));
        if s5(&with_notice) != 1 {
            failures.push(format!(
                "{year}: with 三（六）2 = 1 and 六 blank, expected one S5, got {:?}",
                findings(&with_notice)
            ));
        }
    }
    if read == 0 {
        return; // every page skipped, each with its notice
    }
    let why: Vec<String> = REPORTS
        .iter()
        .filter(|r| failures.iter().any(|f| f.starts_with(&r.year.to_string())))
        .map(|r| format!("{}: {}", r.year, r.why))
        .collect();
    assert!(
        failures.is_empty(),
        "\n{}\n\nWhat was expected and why:\n{}",
        failures.join("\n\n"),
        why.join("\n")
    );
}
