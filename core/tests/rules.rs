//! Runs every rule fixture in `tests/fixtures/rules/`: a base report, the entries changed, and the
//! findings `check` must give — the rule id, severity, fields and words of the message, nothing more.

mod fixture;

use fixture::{load_report, parse_key, rule_cases, Case};
use nianbao_core::{check, Context, Edit};

fn run(case: &Case) -> Result<(), String> {
    let mut draft = load_report(&case.base);
    for (key, value) in &case.set {
        draft.apply(Edit::Set(parse_key(&draft, key), value.clone()));
    }
    if let Some(charged) = &case.charged {
        draft.apply(Edit::Charged(match charged.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        }));
    }
    let last_year = case.last_year.as_ref().map(|name| {
        let mut last = load_report(name);
        for (key, value) in &case.last_year_set {
            last.apply(Edit::Set(parse_key(&last, key), value.clone()));
        }
        check(&last, &Context::default()).0
    });
    let ctx = Context {
        last_year: last_year.as_ref(),
        current_year: Some(case.current_year),
        auto_totals: false,
    };
    let (_, findings) = check(&draft, &ctx);
    let got: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?}{} {:?} {}",
                f.rule,
                f.severity,
                if f.pending { " pending" } else { "" },
                f.fields
                    .iter()
                    .map(|x| x.key(draft.template))
                    .collect::<Vec<_>>(),
                f.message
            )
        })
        .collect();
    if findings.len() != case.expect.len() {
        return Err(format!(
            "expected {} findings, got {}:\n  {}",
            case.expect.len(),
            findings.len(),
            got.join("\n  ")
        ));
    }
    for (i, (want, f)) in case.expect.iter().zip(&findings).enumerate() {
        let fields: Vec<String> = f.fields.iter().map(|x| x.key(draft.template)).collect();
        let severity = format!("{:?}", f.severity).to_lowercase();
        let mut problems = Vec::new();
        if want.rule != f.rule {
            problems.push(format!("rule {} ≠ {}", f.rule, want.rule));
        }
        if want.severity != severity {
            problems.push(format!("severity {severity} ≠ {}", want.severity));
        }
        if want.pending != f.pending {
            problems.push(format!("pending {} ≠ {}", f.pending, want.pending));
        }
        if want.fields != fields {
            problems.push(format!("fields {fields:?} ≠ {:?}", want.fields));
        }
        for words in &want.message {
            if !f.message.contains(words.as_str()) {
                problems.push(format!("message lacks “{words}”"));
            }
        }
        if !problems.is_empty() {
            return Err(format!(
                "finding {i}: {}\n  got: {}",
                problems.join("; "),
                got[i]
            ));
        }
    }
    Ok(())
}

#[test]
fn every_rule_fixture_gives_exactly_its_findings() {
    let cases = rule_cases();
    assert!(cases.len() >= 20, "rule fixtures missing");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(name, case)| run(case).err().map(|e| format!("{name}: {e}")))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_rule_of_the_template_has_a_fixture() {
    let covered: std::collections::BTreeSet<String> = rule_cases()
        .values()
        .flat_map(|c| c.expect.iter().map(|e| e.rule.clone()))
        .collect();
    for rule in nianbao_core::current_template().rules {
        assert!(
            covered.contains(rule.id()),
            "no fixture breaks {}",
            rule.id()
        );
    }
}
