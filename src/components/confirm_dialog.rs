//! The in-page confirmation dialog (no `window.confirm`: it can be blocked, and it cannot list the
//! errors). The rest of the page is made inert by the root component while it is open; Escape and
//! “返回修改” / “取消” answer no.

use yew::prelude::*;

use crate::state::{Dialog, Format};

/// Errors listed in the dialog; the findings panel has the rest.
const LISTED: usize = 8;

#[derive(Properties, PartialEq)]
pub struct ConfirmDialogProps {
    pub dialog: Dialog,
    /// For a download: the messages of the errors that are not just blanks …
    pub mistakes: Vec<AttrValue>,
    /// … and how many entries are not filled in yet.
    pub blanks: usize,
    /// For a new report: the report on screen stays in the browser's drafts.
    #[prop_or_default]
    pub kept: bool,
    /// For opening a file: its name.
    #[prop_or_default]
    pub file: AttrValue,
    /// For a submit: the label the embedding page gave its button.
    #[prop_or_default]
    pub submit: AttrValue,
    /// true: go ahead.
    pub on_answer: Callback<bool>,
}

#[function_component]
pub fn ConfirmDialog(props: &ConfirmDialogProps) -> Html {
    let answer = |yes: bool| {
        let on_answer = props.on_answer.clone();
        Callback::from(move |_: MouseEvent| on_answer.emit(yes))
    };
    let onkeydown = {
        let on_answer = props.on_answer.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_answer.emit(false);
            }
        })
    };
    let (title, body, yes, no) = match props.dialog {
        Dialog::Download(_) | Dialog::Submit => {
            let (button, verb, yes) = match props.dialog {
                Dialog::Download(format) => (AttrValue::from(format.button()), "下载", "仍然下载"),
                _ => (props.submit.clone(), "提交", "仍然提交"),
            };
            let more = props.mistakes.len().saturating_sub(LISTED);
            (
                if props.mistakes.is_empty() {
                    format!("报告中还有 {} 处没有填写", props.blanks)
                } else {
                    format!("报告中还有 {} 处错误", props.mistakes.len())
                },
                html! {
                    <>
                        if !props.mistakes.is_empty() {
                            <ul class="nb-dialog-list">
                                { for props.mistakes.iter().take(LISTED).map(|e| html! { <li>{ e.clone() }</li> }) }
                            </ul>
                        }
                        if more > 0 {
                            <p>{ format!("另有 {more} 处错误，见“检查结果”。") }</p>
                        }
                        if props.blanks > 0 && !props.mistakes.is_empty() {
                            <p>{ format!("还有 {} 处没有填写（没有的请填 0）。", props.blanks) }</p>
                        } else if props.blanks > 0 {
                            <p>{ "没有的数字请填 0，没有的内容请写“无”。" }</p>
                        }
                        <p>{ format!("建议先改正再{verb}。仍要“{button}”吗？") }</p>
                    </>
                },
                yes,
                "返回修改",
            )
        }
        Dialog::NewReport => (
            "新建空白报告？".to_string(),
            html! {
                <p>
                    if props.kept {
                        { format!("将开始填写一份新的报告。当前的报告仍保存在本浏览器的“草稿”中，可随时打开；也建议先点“{}”保存一份。", Format::Json.button()) }
                    } else {
                        { format!("当前填写的全部内容将被清空。建议先点“{}”保存一份。新建后如有需要，可以点“撤销”找回。", Format::Json.button()) }
                    }
                </p>
            },
            if props.kept {
                "新建"
            } else {
                "清空并新建"
            },
            "取消",
        ),
        Dialog::Open => (
            format!("用“{}”替换当前的报告？", props.file),
            html! {
                <p>
                    { "当前表格中已经填写了内容。打开这个文件，会用文件中的报告替换当前填写的全部内容。" }
                    if props.kept {
                        { "替换后当前的内容不再保存在草稿中，" }
                    }
                    { format!("如需找回，可以点“撤销”。稳妥起见，可以先取消，点“{}”把当前报告存一份。", Format::Json.button()) }
                </p>
            },
            "替换当前报告",
            "取消",
        ),
    };
    html! {
        <div class="nb-backdrop">
            <div
                id="nb-confirm"
                class="nb-dialog"
                role="alertdialog"
                aria-modal="true"
                aria-labelledby="nb-confirm-title"
                aria-describedby="nb-confirm-body"
                {onkeydown}
            >
                <h2 id="nb-confirm-title" class="nb-dialog-title">{ title }</h2>
                <div id="nb-confirm-body" class="nb-dialog-body">{ body }</div>
                <div class="nb-dialog-buttons">
                    <button type="button" id="nb-confirm-no" class="nb-button nb-primary" onclick={answer(false)}>
                        { no }
                    </button>
                    <button type="button" id="nb-confirm-yes" class="nb-button" onclick={answer(true)}>
                        { yes }
                    </button>
                </div>
            </div>
        </div>
    }
}
