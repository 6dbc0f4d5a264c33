//! The findings panel: the counts, then the errors, then the warnings, each grouped by section, and
//! after “检查全部” what is not filled in yet, counted per section as 未填 (not as dozens of errors),
//! with “空格填 0” for the section's blank cells. Each finding is a button that takes the user to its
//! first field; each count leads to the first finding of its kind.

use std::rc::Rc;

use nianbao_core::{FieldRef, Finding, Severity};
use yew::prelude::*;

use super::field_note::badge;
use super::severity_key;
use crate::ids;
use crate::state::Counts;

#[derive(Properties, PartialEq)]
pub struct FindingsPanelProps {
    /// The section headings, for the groups.
    pub sections: Rc<Vec<&'static str>>,
    /// Errors, then warnings, then blanks, each in the order of the form (`State::shown`).
    pub shown: Rc<Vec<Finding>>,
    pub counts: Counts,
    pub strict: bool,
    /// Per section, how many blank cells “空格填 0” would fill.
    pub fillable: Rc<Vec<usize>>,
    pub read_only: bool,
    pub on_focus: Callback<FieldRef>,
    /// Moves the focus to an element of the form by id (the counts lead to their first finding).
    pub on_focus_id: Callback<AttrValue>,
    /// “空格填 0” in a section.
    pub on_fill_blanks: Callback<usize>,
}

#[function_component]
pub fn FindingsPanel(props: &FindingsPanelProps) -> Html {
    let Counts {
        errors,
        warnings,
        blanks,
    } = props.counts;
    // Findings first, blanks after (State::shown is sorted so).
    let findings = &props.shown[..errors + warnings];
    let pending = &props.shown[errors + warnings..];
    let goto = |index: usize| {
        let on_focus_id = props.on_focus_id.clone();
        Callback::from(move |_: MouseEvent| on_focus_id.emit(ids::finding(index).into()))
    };
    let summary = if errors + warnings > 0 {
        html! { <p class="nb-findings-hint">{ "点一条问题，可跳到对应的格子。先改“错误”，再看“提示”。" }</p> }
    } else if props.strict && blanks == 0 {
        html! {
            <p class="nb-findings-ok">
                { "✓ 全部检查完毕，没有发现问题。下一步：点上方的“下载发布稿（网页）”得到可以发布的报告，并点“保存存档（可再打开）”留底。" }
            </p>
        }
    } else if props.strict {
        html! { <p class="nb-findings-ok">{ "没有发现错误。还有没填的地方，见下面的“未填”。" }</p> }
    } else {
        html! { <p class="nb-findings-ok">{ "目前没有发现问题。" }</p> }
    };
    html! {
        <aside id="nb-findings" class="nb-findings" tabindex="-1" aria-labelledby="nb-findings-title">
            <h2 id="nb-findings-title" class="nb-findings-title">{ "检查结果" }</h2>
            <p class="nb-counts">
                <button
                    type="button"
                    class={classes!("nb-count", (errors > 0).then_some("nb-count-error"))}
                    disabled={errors == 0}
                    onclick={goto(0)}
                >
                    <span aria-hidden="true">{ "✕ " }</span>{ "错误 " }
                    <strong id="nb-count-errors">{ errors }</strong>{ " 处" }
                </button>
                <button
                    type="button"
                    class={classes!("nb-count", (warnings > 0).then_some("nb-count-warning"))}
                    disabled={warnings == 0}
                    onclick={goto(errors)}
                >
                    <span aria-hidden="true">{ "⚠ " }</span>{ "提示 " }
                    <strong id="nb-count-warnings">{ warnings }</strong>{ " 处" }
                </button>
                if props.strict {
                    <span class={classes!("nb-count", (blanks > 0).then_some("nb-count-blank"))}>
                        <span aria-hidden="true">{ "○ " }</span>{ "未填 " }
                        <strong id="nb-count-blanks">{ blanks }</strong>{ " 处" }
                    </span>
                }
            </p>
            if !props.strict {
                <p class="nb-findings-note">
                    { "还没填的格子暂不算作问题。全部填完后，请点上方的“检查全部”。" }
                </p>
            }
            { summary }
            { for groups(findings).into_iter().map(|(severity, section, start, items)| html! {
                <section class="nb-findings-group">
                    <h3 class="nb-findings-section">
                        { props.sections[section] }
                        <span class="nb-findings-count">
                            { format!("（{}{}）", if severity == Severity::Error { "错误 " } else { "提示 " }, items.len()) }
                        </span>
                    </h3>
                    <ul class="nb-findings-list">
                        { for items.iter().enumerate().map(|(i, f)| item(start + i, f, &props.on_focus)) }
                    </ul>
                </section>
            }) }
            if !pending.is_empty() {
                <section class="nb-findings-group nb-blanks" aria-labelledby="nb-blanks-title">
                    <h3 id="nb-blanks-title" class="nb-findings-section">
                        { format!("未填（{}）", pending.len()) }
                    </h3>
                    <p class="nb-findings-note">
                        { "没有的数字请填 0。一个部分的表格确实都是 0，可以点“空格填 0”一次填好（填错了可以撤销）。" }
                    </p>
                    <ul class="nb-findings-list">
                        { for sections_of(pending).into_iter().map(|(section, items)| blank_group(section, items, props)) }
                    </ul>
                </section>
            }
        </aside>
    }
}

/// Runs of findings of one severity and section: (severity, section, index of the first, findings).
fn groups(findings: &[Finding]) -> Vec<(Severity, usize, usize, &[Finding])> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < findings.len() {
        let (severity, section) = (findings[start].severity, findings[start].section);
        let len = findings[start..]
            .iter()
            .take_while(|f| f.severity == severity && f.section == section)
            .count();
        out.push((severity, section, start, &findings[start..start + len]));
        start += len;
    }
    out
}

/// The blanks by section, in the order of the form.
fn sections_of(pending: &[Finding]) -> Vec<(usize, Vec<&Finding>)> {
    let mut out: Vec<(usize, Vec<&Finding>)> = Vec::new();
    for f in pending {
        match out.iter_mut().find(|(s, _)| *s == f.section) {
            Some((_, items)) => items.push(f),
            None => out.push((f.section, vec![f])),
        }
    }
    out.sort_by_key(|(s, _)| *s);
    out
}

/// One section's blanks: how many, a way to the first one, and “空格填 0” where it has blank cells.
fn blank_group(section: usize, items: Vec<&Finding>, props: &FindingsPanelProps) -> Html {
    let first = items.iter().find_map(|f| f.fields.first().copied());
    let to_first = first.map(|field| {
        let on_focus = props.on_focus.clone();
        Callback::from(move |_: MouseEvent| on_focus.emit(field))
    });
    let fillable = props.fillable.get(section).copied().unwrap_or(0);
    let fill = {
        let on_fill = props.on_fill_blanks.clone();
        Callback::from(move |_: MouseEvent| on_fill.emit(section))
    };
    html! {
        <li class="nb-blank-group" id={format!("nb-blanks-{section}")}>
            <span class="nb-blank-text">
                { format!("{}：未填 {} 处", props.sections[section], items.len()) }
            </span>
            <span class="nb-blank-buttons">
                <button type="button" class="nb-button nb-small" onclick={to_first}>{ "去填写" }</button>
                if fillable > 0 && !props.read_only {
                    <button
                        type="button"
                        id={format!("nb-fill-zero-{section}")}
                        class="nb-button nb-small"
                        title={format!("把这一部分表格中 {fillable} 个空格都填为 0（可以撤销）")}
                        onclick={fill}
                    >
                        { "空格填 0" }
                    </button>
                }
            </span>
        </li>
    }
}

fn item(index: usize, finding: &Finding, on_focus: &Callback<FieldRef>) -> Html {
    let onclick = finding.fields.first().copied().map(|field| {
        let on_focus = on_focus.clone();
        Callback::from(move |_: MouseEvent| on_focus.emit(field))
    });
    html! {
        <li>
            <button
                type="button"
                id={ids::finding(index)}
                class={classes!("nb-finding", format!("nb-finding-{}", severity_key(finding.severity)))}
                data-rule={finding.rule}
                data-severity={severity_key(finding.severity)}
                {onclick}
            >
                { badge(finding.severity, finding.pending) }
                <span class="nb-finding-text">{ finding.message.clone() }</span>
            </button>
        </li>
    }
}
