//! The banners under the toolbar: the restored draft (or the report an offline copy carries),
//! autosave being off, and the alert and status
//! regions (problems opening or saving files; quiet confirmations). The alert and status regions are
//! always in the page, so screen readers announce what appears in them.

use yew::prelude::*;

use crate::state::{Action, Dialog, Format};

#[derive(Properties, PartialEq)]
pub struct BannersProps {
    /// What the “restored” banner says.
    pub restored: Option<AttrValue>,
    pub storage_ok: bool,
    pub alert: Option<AttrValue>,
    pub status: Option<AttrValue>,
    /// No “新建空白报告” in a read-only form.
    pub read_only: bool,
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn Banners(props: &BannersProps) -> Html {
    let act = |make: fn() -> Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(make()))
    };
    html! {
        <div class="nb-banners">
            if let Some(text) = &props.restored {
                <div id="nb-restored" class="nb-banner nb-banner-info">
                    <p class="nb-banner-text">{ text.clone() }</p>
                    <div class="nb-banner-buttons">
                        if !props.read_only {
                            <button
                                type="button"
                                id="nb-restored-new"
                                class="nb-button"
                                onclick={act(|| Action::Ask(Dialog::NewReport))}
                            >
                                { "新建空白报告" }
                            </button>
                        }
                        <button type="button" class="nb-button nb-quiet" onclick={act(|| Action::DismissRestored)}>
                            { "知道了" }
                        </button>
                    </div>
                </div>
            }
            if !props.storage_ok {
                <div id="nb-storage-off" class="nb-banner nb-banner-warn">
                    <p class="nb-banner-text">
                        <span aria-hidden="true">{ "⚠ " }</span>
                        { format!("自动保存已关闭：本浏览器不允许保存草稿，或保存空间已满。请随时点“{}”保存。", Format::Json.button()) }
                    </p>
                </div>
            }
            <div class={classes!("nb-alert-box", props.alert.is_some().then_some("nb-alert-shown"))}>
                <div id="nb-message" class="nb-alert" role="alert">
                    if let Some(text) = &props.alert {
                        <span aria-hidden="true">{ "✕ " }</span>{ text.clone() }
                    }
                </div>
                if props.alert.is_some() {
                    <button type="button" class="nb-button nb-quiet" onclick={act(|| Action::DismissAlert)}>
                        { "关闭" }
                    </button>
                }
            </div>
            <div id="nb-status" class="nb-status" role="status">
                if let Some(text) = &props.status {
                    { text.clone() }
                }
            </div>
        </div>
    }
}
