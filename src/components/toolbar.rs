//! The toolbar, always at the top of the window: files (打开, 下载), history (撤销, 重做), checking
//! (检查全部, 自动计算合计), 新建, and a short status (progress, counts).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, Format};

/// What the file chooser offers: our JSON documents and HTML exports.
const ACCEPT: &str = ".json,.html,.htm,application/json,text/html";

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub can_undo: bool,
    pub can_redo: bool,
    pub auto_totals: bool,
    /// Cells filled in, cells to fill in.
    pub progress: (usize, usize),
    /// Shown errors and warnings.
    pub counts: (usize, usize),
    pub on_action: Callback<Action>,
    pub on_download: Callback<Format>,
    /// “打开” pressed: open the file chooser.
    pub on_choose: Callback<()>,
    /// A file was chosen in the hidden file input.
    pub on_chosen: Callback<HtmlInputElement>,
}

#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let act = |make: fn() -> Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(make()))
    };
    let download = |format: Format| {
        let on_download = props.on_download.clone();
        Callback::from(move |_: MouseEvent| on_download.emit(format))
    };
    let choose = {
        let on_choose = props.on_choose.clone();
        Callback::from(move |_: MouseEvent| on_choose.emit(()))
    };
    let chosen = {
        let on_chosen = props.on_chosen.clone();
        Callback::from(move |e: Event| on_chosen.emit(e.target_unchecked_into()))
    };
    let toggle = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_action.emit(Action::SetAutoTotals(input.checked()));
        })
    };
    let (filled, total) = props.progress;
    let (errors, warnings) = props.counts;
    html! {
        <div class="nb-toolbar" role="region" aria-label="工具栏">
            <div class="nb-toolbar-inner">
                <div class="nb-tool-group" role="group" aria-label="文件">
                    <button type="button" id="nb-open" class="nb-button" onclick={choose}>{ "打开" }</button>
                    <input
                        type="file"
                        id="nb-open-input"
                        class="nb-hidden-input"
                        accept={ACCEPT}
                        tabindex="-1"
                        aria-hidden="true"
                        onchange={chosen}
                    />
                    <button type="button" id="nb-download-json" class="nb-button nb-primary" onclick={download(Format::Json)}>
                        { "下载 JSON" }
                    </button>
                    <button type="button" id="nb-download-html" class="nb-button" onclick={download(Format::Html)}>
                        { "下载 HTML" }
                    </button>
                </div>
                <div class="nb-tool-group" role="group" aria-label="撤销和重做">
                    <button
                        type="button"
                        id="nb-undo"
                        class="nb-button"
                        disabled={!props.can_undo}
                        title="撤销（Ctrl+Z）"
                        onclick={act(|| Action::Undo)}
                    >
                        <span aria-hidden="true">{ "↶ " }</span>{ "撤销" }
                    </button>
                    <button
                        type="button"
                        id="nb-redo"
                        class="nb-button"
                        disabled={!props.can_redo}
                        title="重做（Ctrl+Y）"
                        onclick={act(|| Action::Redo)}
                    >
                        <span aria-hidden="true">{ "↷ " }</span>{ "重做" }
                    </button>
                </div>
                <div class="nb-tool-group" role="group" aria-label="检查">
                    <button type="button" id="nb-check" class="nb-button" onclick={act(|| Action::CheckAll)}>
                        { "检查全部" }
                    </button>
                    <label class="nb-check-label" for="nb-auto-totals">
                        <input type="checkbox" id="nb-auto-totals" checked={props.auto_totals} onchange={toggle} />
                        { "自动计算合计" }
                    </label>
                </div>
                <div class="nb-tool-group">
                    <button type="button" id="nb-new" class="nb-button" onclick={act(|| Action::Ask(crate::state::Dialog::NewReport))}>
                        { "新建" }
                    </button>
                </div>
                <div class="nb-tool-status">
                    <span id="nb-progress" class="nb-progress">{ format!("已填 {filled}/{total}") }</span>
                    <a class="nb-tool-counts" href="#nb-findings">
                        <span class={classes!((errors > 0).then_some("nb-count-error"))}>
                            <span aria-hidden="true">{ "✕" }</span>{ format!(" 错误 {errors}") }
                        </span>
                        <span class={classes!((warnings > 0).then_some("nb-count-warning"))}>
                            <span aria-hidden="true">{ "⚠" }</span>{ format!(" 提示 {warnings}") }
                        </span>
                    </a>
                </div>
            </div>
        </div>
    }
}
