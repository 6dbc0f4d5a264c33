//! The toolbar, always at the top of the window. First a strip of the three steps (填写 → 检查全部 →
//! 下载发布稿 / 保存存档) with the current one marked, and where drafts are kept; then the buttons in
//! that order: files (打开, 草稿, 新建), history (撤销, 重做), checking (检查全部, 自动计算合计), the
//! downloads named for what they give (网页, 存档, Word) and 复制到网站编辑器, the embedding page's
//! 提交 when it asked for one, the large-text switch (大字), and a short status (progress, counts).
//! A read-only form keeps only what does not change the report; an embedding page may hide buttons
//! by name (`instance::Tool`).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::report_file_input::ReportFileInput;

use crate::instance::{Tool, Tools};
use crate::state::{Action, Counts, Format};

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub can_undo: bool,
    pub can_redo: bool,
    pub auto_totals: bool,
    /// Cells filled in, cells to fill in.
    pub progress: (usize, usize),
    /// Shown errors, warnings and blanks.
    pub counts: Counts,
    /// “检查全部” was asked for (blanks count from then on).
    pub strict: bool,
    /// Nothing that changes the report is offered.
    pub read_only: bool,
    /// Large text (大字) is on.
    pub large_text: bool,
    /// Drafts are kept in this browser: offer the list.
    pub drafts: bool,
    /// The page is the single file: offer “保存离线副本”.
    pub offline: bool,
    /// What the embedding page chose: buttons hidden, its 提交 button.
    pub tools: Tools,
    pub on_action: Callback<Action>,
    pub on_download: Callback<Format>,
    /// “复制到网站编辑器” pressed.
    pub on_copy: Callback<()>,
    /// The embedding page's 提交 pressed.
    pub on_submit: Callback<()>,
    pub on_save_offline: Callback<()>,
    /// “草稿” pressed: open the list of drafts.
    pub on_drafts: Callback<()>,
    /// “打开” pressed: open the file chooser.
    pub on_choose: Callback<()>,
    /// A file was chosen in the hidden file input.
    pub on_chosen: Callback<HtmlInputElement>,
    /// Move the focus to the element with this id (the counts lead to the findings).
    pub on_focus: Callback<AttrValue>,
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
    let request = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    let toggle = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_action.emit(Action::SetAutoTotals(input.checked()));
        })
    };
    let Counts {
        errors, warnings, ..
    } = props.counts;
    // A button rather than a link to `#nb-findings`: embedded in another page, a fragment link would
    // change that page's address and find nothing inside the shadow root. It leads to the first
    // finding (errors come first), or to the panel when there is none.
    let to_findings = {
        let on_focus = props.on_focus.clone();
        let target: AttrValue = if errors + warnings > 0 {
            crate::ids::finding(0).into()
        } else {
            AttrValue::Static("nb-findings")
        };
        Callback::from(move |_: MouseEvent| on_focus.emit(target.clone()))
    };
    let large_text = {
        let (on_action, on) = (props.on_action.clone(), props.large_text);
        Callback::from(move |_: MouseEvent| on_action.emit(Action::LargeText(!on)))
    };
    let (filled, total) = props.progress;
    let editable = !props.read_only;
    let shows = |tool: Tool| props.tools.shows(tool);
    let hand_in = match &props.tools.submit {
        Some(label) => format!("③ 点“{label}”"),
        None => format!("③ {}，并{}", Format::Html.button(), Format::Json.button()),
    };
    // Which step the user is at: filling in until a full check, then mending, then handing in.
    let step = match (props.strict, errors) {
        (false, _) => 1,
        (true, 0) if props.counts.blanks == 0 => 3,
        (true, _) => 2,
    };
    let step_class = |n: usize| {
        classes!(
            "nb-step",
            (n == step).then_some("nb-step-current"),
            (n < step).then_some("nb-step-done")
        )
    };
    html! {
        <div class="nb-toolbar" role="region" aria-label="工具栏">
            <div class="nb-steps-bar">
                if editable {
                    <ol class="nb-steps" aria-label="填报步骤">
                        <li class={step_class(1)} aria-current={(step == 1).then_some("step")}>{ "① 填写报告" }</li>
                        <li class={step_class(2)} aria-current={(step == 2).then_some("step")}>{ "② 点“检查全部”，改正错误、补上未填" }</li>
                        <li class={step_class(3)} aria-current={(step == 3).then_some("step")}>{ hand_in }</li>
                    </ol>
                }
                if props.drafts && editable {
                    <p id="nb-kept-here" class="nb-kept-here">
                        { format!("填写的内容自动保存在本机的这个浏览器中，不会上传。换电脑或清理浏览器前，请先点“{}”。", Format::Json.button()) }
                    </p>
                }
                <div class="nb-tool-status">
                    <span id="nb-progress" class="nb-progress">{ format!("已填 {filled}/{total}") }</span>
                    <button type="button" class="nb-tool-counts" onclick={to_findings}>
                        <span class={classes!((errors > 0).then_some("nb-count-error"))}>
                            <span aria-hidden="true">{ "✕" }</span>{ format!(" 错误 {errors}") }
                        </span>
                        <span class={classes!((warnings > 0).then_some("nb-count-warning"))}>
                            <span aria-hidden="true">{ "⚠" }</span>{ format!(" 提示 {warnings}") }
                        </span>
                    </button>
                </div>
            </div>
            <div class="nb-toolbar-inner">
                <div class="nb-tool-group" role="group" aria-label="文件">
                    if editable && shows(Tool::Open) {
                        <button type="button" id="nb-open" class="nb-button" onclick={request(&props.on_choose)}>{ "打开" }</button>
                        <ReportFileInput id="nb-open-input" on_chosen={props.on_chosen.clone()} />
                    }
                    if editable && shows(Tool::Import) {
                        <button
                            type="button"
                            id="nb-import"
                            class="nb-button"
                            title="导入已发布的报告：从网站或 PDF 复制的文字、另存的网页（.html）、Word 或 WPS 文档（.docx）"
                            onclick={act(|| Action::ShowImport(true))}
                        >
                            { "导入" }
                        </button>
                    }
                    if shows(Tool::Review) {
                        <button
                            type="button"
                            id="nb-review"
                            class="nb-button"
                            title="审阅多份报告：逐份检查勾稽关系，列成一张表，可下载 CSV"
                            onclick={act(|| Action::ShowReview(true))}
                        >
                            { "审阅" }
                        </button>
                    }
                    if props.offline {
                        <button
                            type="button"
                            id="nb-save-offline"
                            class="nb-button"
                            title="下载本填报工具（一个 HTML 文件），其中带有当前填写的报告；在没有网络的电脑上双击即可打开继续填写"
                            onclick={request(&props.on_save_offline)}
                        >
                            { "保存离线副本" }
                        </button>
                    }
                    if props.drafts && editable && shows(Tool::Drafts) {
                        <button
                            type="button"
                            id="nb-drafts"
                            class="nb-button"
                            title="本浏览器中保存的全部报告草稿"
                            onclick={request(&props.on_drafts)}
                        >
                            { "草稿" }
                        </button>
                    }
                </div>
                if editable {
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
                }
                <div class="nb-tool-group" role="group" aria-label="检查">
                    <button type="button" id="nb-check" class="nb-button" onclick={act(|| Action::CheckAll)}>
                        { "检查全部" }
                    </button>
                    if editable {
                        <label class="nb-check-label" for="nb-auto-totals">
                            <input type="checkbox" id="nb-auto-totals" checked={props.auto_totals} onchange={toggle} />
                            { "自动计算合计" }
                        </label>
                    }
                </div>
                if shows(Tool::Download) || shows(Tool::Copy) {
                    <div class="nb-tool-group" role="group" aria-label="下载">
                        if shows(Tool::Download) {
                            <button type="button" id="nb-download-html" class="nb-button nb-primary" onclick={download(Format::Html)}
                                title="可以直接发布到网站的报告（一个网页文件）">
                                { Format::Html.button() }
                            </button>
                            <button type="button" id="nb-download-json" class="nb-button" onclick={download(Format::Json)}
                                title="报告的存档文件（JSON）：以后可以用“打开”再打开、接着修改，或交给别人">
                                { Format::Json.button() }
                            </button>
                            <button type="button" id="nb-download-docx" class="nb-button" onclick={download(Format::Docx)}
                                title="Word 文档（.docx）：报送上级机关，可在 Word 或 WPS 中打开、批注">
                                { Format::Docx.button() }
                            </button>
                        }
                        if shows(Tool::Copy) {
                            <button type="button" id="nb-copy-editor" class="nb-button" onclick={request(&props.on_copy)}
                                title="把整份报告（连同表格）复制下来，到网站后台的编辑器中粘贴（Ctrl+V）即可发布">
                                { "复制到网站编辑器" }
                            </button>
                        }
                    </div>
                }
                if let Some(label) = &props.tools.submit {
                    <div class="nb-tool-group">
                        <button type="button" id="nb-submit" class="nb-button nb-primary" onclick={request(&props.on_submit)}>
                            { label.clone() }
                        </button>
                    </div>
                }
                if editable && shows(Tool::New) {
                    <div class="nb-tool-group">
                        <button type="button" id="nb-new" class="nb-button" onclick={act(|| Action::Ask(crate::state::Dialog::NewReport))}>
                            { "新建" }
                        </button>
                    </div>
                }
                <div class="nb-tool-group">
                    <button
                        type="button"
                        id="nb-large-text"
                        class="nb-button"
                        aria-pressed={if props.large_text { "true" } else { "false" }}
                        title="把字放大、颜色加深，看得更清楚；再点一次恢复。下次打开时仍然有效"
                        onclick={large_text}
                    >
                        { "大字" }
                    </button>
                </div>
            </div>
        </div>
    }
}
