//! Rules S3 and S5 on real wording, run as data: `tests/fixtures/prose/s3-sentences.json` (each
//! sentence with the reading S3 must give: a number, “none” for a stated zero, or “no statement”) and
//! `tests/fixtures/prose/s5-fee-statements.json` (each wording with whether it states the fee
//! position). The sentences are patterns of published reports, rephrased. Every case runs and all
//! failures are reported at once, so one fix does not hide the next failure.

mod fixture;

use fixture::{fixtures, load_report};
use nianbao_core::prose::stated;
use nianbao_core::template::{ProseClaim, Rule};
use nianbao_core::template_2021::{rows, TOTAL_COLUMN};
use nianbao_core::{check, current_template, Context, Draft, Edit, FieldRef};
use serde::Deserialize;

/// The reading a sentence must give.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Expect {
    Number(u64),
    /// `"none"` (zero, said in words: 未收到…申请) or `"no statement"`.
    Word(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sentence {
    sentence: String,
    /// The claim's `what` in the template, e.g. `本年新收申请`.
    claim: String,
    expect: Expect,
    /// Why this reading: the pattern the sentence stands for.
    why: String,
    /// The heading of the field the sentence is in; none by default.
    #[serde(default)]
    heading: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeeWording {
    text: String,
    /// `note` (the fee item's note) or `prose` (a text of the report).
    #[serde(rename = "in")]
    place: String,
    counts: bool,
    why: String,
}

fn load<T: for<'de> Deserialize<'de>>(name: &str) -> Vec<T> {
    let path = fixtures().join("prose").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn claims() -> &'static [ProseClaim] {
    current_template()
        .rules
        .iter()
        .find_map(|r| match r {
            Rule::ProseNumbers { claims, .. } => Some(*claims),
            _ => None,
        })
        .expect("the template has an S3 rule")
}

#[test]
fn every_s3_sentence_gives_its_reading() {
    let cases: Vec<Sentence> = load("s3-sentences.json");
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let Some(claim) = claims().iter().find(|c| c.what == case.claim) else {
            failures.push(format!("#{i}: no claim “{}”", case.claim));
            continue;
        };
        let got = stated(&case.sentence, &case.heading, claim);
        let ok = match (&case.expect, &got) {
            (Expect::Number(n), Some(s)) => s.value == u128::from(*n) && !s.in_words,
            (Expect::Word(w), Some(s)) if w == "none" => s.value == 0 && s.in_words,
            (Expect::Word(w), None) => w == "no statement",
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "#{i} {} ({}) “{}”: expected {:?}, got {:?} — {}",
                case.claim,
                if case.heading.is_empty() {
                    "no heading"
                } else {
                    &case.heading
                },
                case.sentence,
                case.expect,
                got,
                case.why
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} sentences read wrongly:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_s3_fixture_covers_every_claim_and_every_kind_of_reading() {
    let cases: Vec<Sentence> = load("s3-sentences.json");
    assert!(cases.len() >= 40, "only {} sentences", cases.len());
    let kind = |e: &Expect| match e {
        Expect::Number(_) => "number",
        Expect::Word(w) if w == "none" => "none",
        Expect::Word(w) if w == "no statement" => "no statement",
        Expect::Word(_) => "unknown",
    };
    for wanted in ["number", "none", "no statement"] {
        assert!(
            cases.iter().filter(|c| kind(&c.expect) == wanted).count() >= 5,
            "fewer than 5 sentences expect {wanted}"
        );
    }
    assert!(cases.iter().all(|c| kind(&c.expect) != "unknown"));
    assert!(cases.iter().all(|c| !c.why.is_empty()));
    for claim in claims() {
        assert!(
            cases.iter().any(|c| c.claim == claim.what),
            "no sentence for “{}”",
            claim.what
        );
    }
}

/// The seed report with `n` fee notices counted in 三（六）2 (H1–H3 kept: the rows and totals move
/// together), the fee question unanswered and the note blank.
fn with_unpaid_notices(n: u32) -> Draft {
    let mut draft = load_report("seed-2024");
    let t = current_template()
        .table_index("applications")
        .expect("applications table");
    for row in [rows::NEW, rows::UNPAID_FEE, rows::RESULTS_TOTAL] {
        for col in [0, TOTAL_COLUMN] {
            draft.apply(Edit::Set(
                FieldRef::Cell { table: t, row, col },
                n.to_string(),
            ));
        }
    }
    draft.apply(Edit::Charged(None));
    draft.apply(Edit::Set(FieldRef::FeeNote, String::new()));
    // The seed's overview says none were received; keep S3 quiet.
    let requests = current_template()
        .text_index("overview.requests")
        .expect("requests text");
    draft.apply(Edit::Set(
        FieldRef::Text(requests),
        format!("本年度共收到政府信息公开申请{n}件，均已办结。"),
    ));
    draft
}

fn s5_messages(draft: &Draft) -> Vec<String> {
    let ctx = Context {
        current_year: Some(2026),
        ..Context::default()
    };
    check(draft, &ctx)
        .1
        .into_iter()
        .filter(|f| f.rule == "S5")
        .map(|f| f.message)
        .collect()
}

#[test]
fn every_s5_wording_counts_or_not_as_a_fee_statement() {
    let cases: Vec<FeeWording> = load("s5-fee-statements.json");
    assert!(cases.len() >= 20, "only {} wordings", cases.len());
    assert!(cases.iter().filter(|c| c.counts).count() >= 10);
    assert!(cases.iter().filter(|c| !c.counts).count() >= 5);
    let key_points = current_template()
        .text_index("other.key_points")
        .expect("key points text");
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let mut draft = with_unpaid_notices(1);
        let field = match case.place.as_str() {
            "note" => FieldRef::FeeNote,
            "prose" => FieldRef::Text(key_points),
            other => {
                failures.push(format!("#{i}: unknown place {other}"));
                continue;
            }
        };
        draft.apply(Edit::Set(field, case.text.clone()));
        let fired = s5_messages(&draft);
        if fired.is_empty() != case.counts {
            failures.push(format!(
                "#{i} ({}) “{}”: expected {}, S5 said {:?} — {}",
                case.place,
                case.text,
                if case.counts {
                    "a fee statement (no S5)"
                } else {
                    "no fee statement (S5)"
                },
                fired,
                case.why
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} wordings judged wrongly:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn s5_counts_the_answer_and_says_what_is_missing() {
    let draft = with_unpaid_notices(2);
    let fired = s5_messages(&draft);
    assert_eq!(fired.len(), 1, "{fired:?}");
    let message = &fired[0];
    for words in [
        "为 2",
        "收费通知",
        "“本年度办理政府信息公开申请是否收取信息处理费”尚未回答",
        "未收取信息处理费",
        "请回答“是”或“否”",
    ] {
        assert!(message.contains(words), "“{words}” missing in {message}");
    }

    // “否”: the export writes the template's sentence, a statement that no fee was collected.
    let mut no = draft.clone();
    no.apply(Edit::Charged(Some(false)));
    assert_eq!(s5_messages(&no), Vec::<String>::new());

    // “是” with an amount: the fee charged is stated.
    let mut yes = draft.clone();
    yes.apply(Edit::Charged(Some(true)));
    yes.apply(Edit::Set(FieldRef::FeeAmount, "200".into()));
    assert_eq!(s5_messages(&yes), Vec::<String>::new());

    // Unanswered, but said in 一（二）: a statement too.
    let mut said = draft.clone();
    let requests = current_template()
        .text_index("overview.requests")
        .expect("requests text");
    said.apply(Edit::Set(
        FieldRef::Text(requests),
        "本年度共收到政府信息公开申请2件，均已办结，均未收取信息处理费。".into(),
    ));
    assert_eq!(s5_messages(&said), Vec::<String>::new());
}

/// The S3 findings of the seed report with its requests text replaced and some cells set.
fn s3_messages(text: &str, cells: &[(usize, &str)]) -> Vec<(Vec<String>, String)> {
    let mut draft = load_report("seed-2024");
    let template = current_template();
    let t = template.table_index("applications").expect("applications");
    for &(row, value) in cells {
        for col in [0, TOTAL_COLUMN] {
            draft.apply(Edit::Set(
                FieldRef::Cell { table: t, row, col },
                value.into(),
            ));
        }
    }
    let requests = template.text_index("overview.requests").expect("requests");
    draft.apply(Edit::Set(FieldRef::Text(requests), text.into()));
    let ctx = Context {
        current_year: Some(2026),
        ..Context::default()
    };
    check(&draft, &ctx)
        .1
        .into_iter()
        .filter(|f| f.rule == "S3")
        .map(|f| {
            (
                f.fields.iter().map(|x| x.key(template)).collect(),
                f.message,
            )
        })
        .collect()
}

#[test]
fn s3_compares_a_number_said_to_include_carried_over_with_both_rows() {
    // 10 = 8 new + 2 carried over, as the bracket says: nothing to warn about.
    let cells = [
        (rows::NEW, "8"),
        (rows::CARRIED_OVER, "2"),
        (rows::FIRST_RESULT, "10"),
        (rows::RESULTS_TOTAL, "10"),
    ];
    let text = "本年度收到政府信息公开申请10件（含上年结转2件），办结10件。";
    assert_eq!(s3_messages(text, &cells), Vec::new());
    // 11 ≠ 8 + 2: the message names both rows and their sum.
    let text = "本年度收到政府信息公开申请11件（含上年结转2件），办结10件。";
    let got = s3_messages(text, &cells);
    assert_eq!(got.len(), 1, "{got:?}");
    let (fields, message) = &got[0];
    assert_eq!(
        fields,
        &[
            "text.overview.requests",
            "cell.applications.0.6",
            "cell.applications.1.6"
        ]
    );
    for words in [
        "第一部分“（二）依申请公开”写“本年度收到政府信息公开申请11件（含上年结转2件）”",
        "即本年新收申请（含上年结转申请）11件",
        "为 8",
        "为 2，合计 10",
    ] {
        assert!(message.contains(words), "“{words}” missing in {message}");
    }
}

#[test]
fn s3_says_when_the_text_seems_to_count_carried_over_as_received() {
    let cells = [
        (rows::NEW, "8"),
        (rows::CARRIED_OVER, "2"),
        (rows::FIRST_RESULT, "10"),
        (rows::RESULTS_TOTAL, "10"),
    ];
    let got = s3_messages("本年度收到政府信息公开申请10件，办结10件。", &cells);
    assert_eq!(got.len(), 1, "{got:?}");
    let message = &got[0].1;
    for words in [
        "即本年新收申请10件",
        "“一、本年新收政府信息公开申请数量”行“总计”列为 8",
        "正好是本年新收申请 8 件加上年结转申请 2 件",
    ] {
        assert!(message.contains(words), "“{words}” missing in {message}");
    }
}
