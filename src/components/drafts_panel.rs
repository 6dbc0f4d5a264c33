//! The list of drafts kept in this browser (“草稿”): each report with its agency, year and last change,
//! and 打开, 下载, 删除. Deleting asks first, in the row itself. The report on screen is marked “当前”
//! and cannot be deleted from here. Shown as a dialog: the rest of the form is inert meanwhile, and
//! Escape or “关闭” closes it.

use yew::prelude::*;

use super::app::DraftRequest;
use crate::state::{Action, DraftInfo, DraftsView, Format};

#[derive(Properties, PartialEq)]
pub struct DraftsPanelProps {
    pub view: DraftsView,
    /// The id of the draft on screen.
    pub current: AttrValue,
    pub on_action: Callback<Action>,
    pub on_draft: Callback<DraftRequest>,
}

#[function_component]
pub fn DraftsPanel(props: &DraftsPanelProps) -> Html {
    let close = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::CloseDrafts))
    };
    let onkeydown = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_action.emit(Action::CloseDrafts);
            }
        })
    };
    let rows = props.view.list.iter().map(|draft| row(draft, props));
    html! {
        <div class="nb-backdrop">
            <div
                id="nb-drafts-panel"
                class="nb-dialog nb-drafts"
                role="dialog"
                aria-modal="true"
                aria-labelledby="nb-drafts-title"
                {onkeydown}
            >
                <h2 id="nb-drafts-title" class="nb-dialog-title">{ "保存在本浏览器中的草稿" }</h2>
                <p class="nb-hint">
                    { "每份报告都单独自动保存。打开一份草稿，可以接着填写；当前的报告不会丢失，仍在列表中。" }
                </p>
                if props.view.list.is_empty() {
                    <p id="nb-drafts-empty">{ "还没有保存的草稿。在表中填写内容后，会自动保存在这里。" }</p>
                } else {
                    <ul id="nb-drafts-list" class="nb-drafts-list">{ for rows }</ul>
                }
                <p class="nb-hint">
                    { format!("草稿只保存在这台电脑的这个浏览器中。换电脑、换浏览器或清理浏览器数据前，请先点“{}”。", Format::Json.button()) }
                </p>
                <div class="nb-dialog-buttons">
                    <button type="button" id="nb-drafts-close" class="nb-button nb-primary" onclick={close}>
                        { "关闭" }
                    </button>
                </div>
            </div>
        </div>
    }
}

fn row(draft: &DraftInfo, props: &DraftsPanelProps) -> Html {
    let request = |make: fn(AttrValue) -> DraftRequest| {
        let (id, on_draft) = (draft.id.clone(), props.on_draft.clone());
        Callback::from(move |_: MouseEvent| on_draft.emit(make(id.clone())))
    };
    let ask = |answer: Option<AttrValue>| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::AskDelete(answer.as_ref().map(|a| a.to_string())))
        })
    };
    let current = draft.id == props.current;
    let confirming = props.view.confirm_delete.as_ref() == Some(&draft.id);
    let id = |what: &str| format!("nb-draft-{what}-{}", draft.id);
    let agency = if draft.agency.is_empty() {
        html! { <span class="nb-muted">{ "（未填机关名称）" }</span> }
    } else {
        html! { { draft.agency.clone() } }
    };
    let year = if draft.year.is_empty() {
        "（未填年度）".to_string()
    } else {
        format!("{}年度", draft.year)
    };
    html! {
        <li class={classes!("nb-draft", current.then_some("nb-draft-current"))} data-draft-id={draft.id.clone()}>
            <div class="nb-draft-name">
                <strong class="nb-draft-agency">{ agency }</strong>
                <span class="nb-draft-year">{ year }</span>
                if current {
                    <span class="nb-draft-tag">{ "当前" }</span>
                }
            </div>
            <div class="nb-draft-when">
                { format!("最后修改：{}", draft.when) }
                if let Some((filled, total, errors)) = draft.summary {
                    <span class="nb-draft-progress">{ format!("已填 {filled}/{total}") }</span>
                    <span class={classes!("nb-draft-errors", (errors > 0).then_some("nb-count-error"))}>
                        { if errors > 0 { format!("错误 {errors} 处") } else { "没有错误".to_string() } }
                    </span>
                }
                if !draft.origin.is_empty() {
                    <span class="nb-draft-origin">{ format!("填写于：{}", draft.origin) }</span>
                }
            </div>
            <div class="nb-draft-buttons">
                if confirming {
                    <span class="nb-draft-ask">{ "确定删除这份草稿？删除后无法恢复。" }</span>
                    <button type="button" id={id("delete-yes")} class="nb-button nb-small nb-danger" onclick={request(DraftRequest::Delete)}>
                        { "删除" }
                    </button>
                    <button type="button" id={id("delete-no")} class="nb-button nb-small" onclick={ask(None)}>
                        { "取消" }
                    </button>
                } else {
                    if !current {
                        <button type="button" id={id("open")} class="nb-button nb-small" onclick={request(DraftRequest::Open)}>
                            { "打开" }
                        </button>
                    }
                    <button type="button" id={id("download")} class="nb-button nb-small" onclick={request(DraftRequest::Download)}>
                        { "下载存档（JSON）" }
                    </button>
                    if !current {
                        <button type="button" id={id("delete")} class="nb-button nb-small" onclick={ask(Some(draft.id.clone()))}>
                            { "删除" }
                        </button>
                    }
                }
            </div>
        </li>
    }
}
