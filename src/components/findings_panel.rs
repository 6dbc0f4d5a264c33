//! The findings panel: error and warning counts, then every shown finding grouped by section. Each
//! finding is a button that takes the user to its first field.

use std::rc::Rc;

use nianbao_core::{FieldRef, Finding, Severity};
use yew::prelude::*;

use super::field_note::badge;
use super::severity_key;

#[derive(Properties, PartialEq)]
pub struct FindingsPanelProps {
    /// The section headings, for the groups.
    pub sections: Rc<Vec<&'static str>>,
    pub shown: Rc<Vec<Finding>>,
    pub strict: bool,
    pub on_focus: Callback<FieldRef>,
}

#[function_component]
pub fn FindingsPanel(props: &FindingsPanelProps) -> Html {
    let errors = props
        .shown
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = props.shown.len() - errors;
    let groups = props
        .sections
        .iter()
        .enumerate()
        .filter_map(|(index, heading)| {
            let findings: Vec<&Finding> =
                props.shown.iter().filter(|f| f.section == index).collect();
            if findings.is_empty() {
                return None;
            }
            Some(html! {
                <section class="nb-findings-group">
                    <h3 class="nb-findings-section">
                        { *heading }
                        <span class="nb-findings-count">{ format!("（{}）", findings.len()) }</span>
                    </h3>
                    <ul class="nb-findings-list">
                        { for findings.into_iter().map(|f| item(f, &props.on_focus)) }
                    </ul>
                </section>
            })
        });
    let summary = if !props.shown.is_empty() {
        html! { <p class="nb-findings-hint">{ "点一条问题，可跳到对应的格子。" }</p> }
    } else if props.strict {
        html! { <p class="nb-findings-ok">{ "✓ 全部检查完毕，没有发现问题。" }</p> }
    } else {
        html! { <p class="nb-findings-ok">{ "目前没有发现问题。" }</p> }
    };
    html! {
        <aside id="nb-findings" class="nb-findings" tabindex="-1" aria-labelledby="nb-findings-title">
            <h2 id="nb-findings-title" class="nb-findings-title">{ "检查结果" }</h2>
            <p class="nb-counts">
                <span class={classes!("nb-count", (errors > 0).then_some("nb-count-error"))}>
                    <span aria-hidden="true">{ "✕ " }</span>{ "错误 " }
                    <strong id="nb-count-errors">{ errors }</strong>{ " 处" }
                </span>
                <span class={classes!("nb-count", (warnings > 0).then_some("nb-count-warning"))}>
                    <span aria-hidden="true">{ "⚠ " }</span>{ "提示 " }
                    <strong id="nb-count-warnings">{ warnings }</strong>{ " 处" }
                </span>
            </p>
            if !props.strict {
                <p class="nb-findings-note">
                    { "还没填的格子暂不算作问题。全部填完后，请点上方的“检查全部”。" }
                </p>
            }
            { summary }
            { for groups }
        </aside>
    }
}

fn item(finding: &Finding, on_focus: &Callback<FieldRef>) -> Html {
    let onclick = finding.fields.first().copied().map(|field| {
        let on_focus = on_focus.clone();
        Callback::from(move |_: MouseEvent| on_focus.emit(field))
    });
    html! {
        <li>
            <button
                type="button"
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
