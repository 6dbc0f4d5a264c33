//! 导入已发布的报告: paste the text of a published report, or choose or drop a file (a web page, a
//! Word/WPS .docx, text, our own file); the import module reads it (loaded on first use) and the
//! report is replaced as by 打开 (one undo step). Then the panel tells what was placed, every figure
//! that was not (with where it stood and why), the format found, and the checking's counts.
//! Shown as a dialog: Escape or “关闭” closes it.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::state::{Action, ImportView};

/// What the user gave to import.
pub enum ImportRequest {
    /// Text pasted into the panel.
    Text(String),
    /// A file chosen in the panel's file input.
    Chosen(HtmlInputElement),
    /// Files dropped on the panel (the first is imported).
    Dropped(web_sys::FileList),
}

/// What the file chooser offers: what the importer reads.
const ACCEPT: &str = ".docx,.html,.htm,.txt,.json,.mht,text/html,text/plain,application/json,application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    pub view: ImportView,
    /// The report's errors and warnings now (after the import, its findings).
    pub errors: usize,
    pub warnings: usize,
    pub on_action: Callback<Action>,
    pub on_import: Callback<ImportRequest>,
}

#[function_component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let text = use_node_ref();
    let close = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::ShowImport(false)))
    };
    let onkeydown = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_action.emit(Action::ShowImport(false));
            }
        })
    };
    let import_text = {
        let on_import = props.on_import.clone();
        let text = text.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = text.cast::<HtmlTextAreaElement>() {
                on_import.emit(ImportRequest::Text(area.value()));
            }
        })
    };
    let choose = super::file_drop::choose_next();
    let onchange = props
        .on_import
        .reform(|e: Event| ImportRequest::Chosen(e.target_unchecked_into()));
    let ondragover = super::file_drop::allow();
    let ondrop = super::file_drop::taken(
        props
            .on_import
            .reform(|files: web_sys::FileList| ImportRequest::Dropped(files)),
    );
    html! {
        <div class="nb-backdrop">
            <div
                id="nb-import-panel"
                class="nb-dialog nb-import"
                role="dialog"
                aria-modal="true"
                aria-labelledby="nb-import-title"
                aria-busy={props.view.busy.to_string()}
                {onkeydown}
                {ondragover}
                {ondrop}
            >
                <h2 id="nb-import-title" class="nb-dialog-title">{ "导入已发布的报告" }</h2>
                <p class="nb-hint">
                    { "可以导入：从网站或 PDF 中复制的报告文字（粘贴到下面的框里），网站上另存的网页（.html），Word 或 WPS 文档（.docx），以及本工具保存的文件。导入的内容会替换当前的报告，可以用“撤销”恢复。也可以把文件拖到这里。" }
                </p>
                <label for="nb-import-text" class="nb-label">{ "粘贴报告的文字或网页内容" }</label>
                <textarea id="nb-import-text" class="nb-import-text" rows="6" ref={text} />
                <div class="nb-dialog-buttons">
                    <button type="button" id="nb-import-paste" class="nb-button nb-primary" onclick={import_text} disabled={props.view.busy}>
                        { "导入粘贴的内容" }
                    </button>
                    <button type="button" id="nb-import-choose" class="nb-button" onclick={choose} disabled={props.view.busy}>
                        { "选择文件……" }
                    </button>
                    <input type="file" id="nb-import-input" class="nb-hidden-input" accept={ACCEPT} tabindex="-1" aria-hidden="true" {onchange} />
                    <button type="button" id="nb-import-close" class="nb-button" onclick={close}>{ "关闭" }</button>
                </div>
                if props.view.busy {
                    <p class="nb-hint" role="status">{ "正在读取……（第一次导入要先载入导入功能，需要几秒钟）" }</p>
                }
                { summary(props) }
            </div>
        </div>
    }
}

/// What the last import did.
fn summary(props: &ImportPanelProps) -> Html {
    let Some((summary, name)) = &props.view.done else {
        return Html::default();
    };
    let format = match summary.format.as_deref() {
        Some("2021") => "2021 年格式（国办公开办函〔2021〕30号）",
        Some("2019") => "2019 年的旧格式（国办公开办函〔2019〕60号）",
        _ => "",
    };
    html! {
        <section id="nb-import-summary" class="nb-import-summary" tabindex="-1" aria-labelledby="nb-import-summary-title">
            <h3 id="nb-import-summary-title">{ "导入结果" }</h3>
            if let Some(message) = &summary.message {
                <p class="nb-alert-text">{ format!("“{name}”：{message}") }</p>
            } else {
                <p>
                    { format!(
                        "已从“{name}”（{}）导入 {} 项内容，其中表格数字 {} 个；格式：{format}。",
                        summary.source, summary.placed, summary.cells
                    ) }
                </p>
                <p>
                    { format!("检查结果：{} 处错误，{} 处提示，在表格中已标出，也列在“检查结果”中。", props.errors, props.warnings) }
                </p>
            }
            if !summary.parts.is_empty() {
                <ul class="nb-import-parts">
                    { for summary.parts.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
            if !summary.not_placed.is_empty() {
                <p>{ format!("以下 {} 个数字没有填入，请对照原文核对，需要时手工填写：", summary.not_placed.len()) }</p>
                <ul id="nb-import-not-placed" class="nb-import-not-placed">
                    { for summary.not_placed.iter().map(|n| html! {
                        <li>
                            <strong>{ &n.value }</strong>{ "　" }{ &n.why }
                            <br /><span class="nb-hint">{ format!("原文：{}", n.context) }</span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
