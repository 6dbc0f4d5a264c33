//! 审阅多份报告: the reviewer chooses or drops many files (our JSON and HTML, published web pages,
//! text, Word documents); each is imported and checked, two years of one body against each other,
//! and one table shows them — agency, year, format, errors, warnings, the first findings — sortable
//! by its column heads, each row opening its report read-only, the table downloadable as CSV.
//! Shown as a dialog over the form; the report being filled in is not touched (“在表单中打开” asks
//! first, as 打开 does).

use nianbao_core::check::{check, Context};
use nianbao_core::review::{Column, Row};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::{Action, ReviewView};

/// What the user gave for review.
pub enum ReviewRequest {
    Chosen(HtmlInputElement),
    Dropped(web_sys::FileList),
    /// 下载表格（CSV）.
    Csv,
    /// 在表单中打开 the file at this index.
    Open(usize),
}

#[derive(Properties, PartialEq)]
pub struct ReviewPanelProps {
    pub view: ReviewView,
    pub current_year: Option<u16>,
    pub on_action: Callback<Action>,
    pub on_review: Callback<ReviewRequest>,
}

#[function_component]
pub fn ReviewPanel(props: &ReviewPanelProps) -> Html {
    let act = |action: fn() -> Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(action()))
    };
    let onkeydown = {
        let on_action = props.on_action.clone();
        let viewing = props.view.viewing.is_some();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_action.emit(if viewing {
                    Action::ViewReviewed(None)
                } else {
                    Action::ShowReview(false)
                });
            }
        })
    };
    let choose = super::file_drop::choose_next();
    let onchange = props
        .on_review
        .reform(|e: Event| ReviewRequest::Chosen(e.target_unchecked_into()));
    let ondragover = super::file_drop::allow();
    let ondrop = super::file_drop::taken(props.on_review.reform(ReviewRequest::Dropped));
    let csv = props.on_review.reform(|_: MouseEvent| ReviewRequest::Csv);
    let view = &props.view;
    html! {
        <div class="nb-backdrop">
            <div
                id="nb-review-panel"
                class="nb-dialog nb-review"
                role="dialog"
                aria-modal="true"
                aria-labelledby="nb-review-title"
                aria-busy={(view.reading > 0).to_string()}
                {onkeydown}
                {ondragover}
                {ondrop}
            >
                <h2 id="nb-review-title" class="nb-dialog-title">{ "审阅多份报告" }</h2>
                if let Some(index) = view.viewing {
                    { reviewed(props, index) }
                } else {
                    <p class="nb-hint">
                        { "选择或拖入多份报告（本工具的文件、网站上另存的网页、复制的文字、Word 文档），逐份检查勾稽关系；同一机关相邻两年的报告会互相对照。正在填写的报告不受影响。" }
                    </p>
                    <div class="nb-dialog-buttons">
                        <button type="button" id="nb-review-choose" class="nb-button nb-primary" onclick={choose} disabled={view.reading > 0}>
                            { "选择文件……" }
                        </button>
                        <input type="file" id="nb-review-input" class="nb-hidden-input" multiple=true tabindex="-1" aria-hidden="true" {onchange} />
                        <button type="button" id="nb-review-csv" class="nb-button" onclick={csv} disabled={view.rows.is_empty()}>
                            { "下载表格（CSV）" }
                        </button>
                        <button type="button" id="nb-review-close" class="nb-button" onclick={act(|| Action::ShowReview(false))}>{ "关闭" }</button>
                    </div>
                    if view.reading > 0 {
                        <p class="nb-hint" role="status">{ format!("正在读取 {} 个文件……", view.reading) }</p>
                    }
                    if !view.rows.is_empty() {
                        { table(props) }
                    }
                }
            </div>
        </div>
    }
}

fn table(props: &ReviewPanelProps) -> Html {
    let view = &props.view;
    let head = Column::ALL.iter().map(|&(column, label)| {
        let sort = match view.sorted {
            Some((c, true)) if c == column => "ascending",
            Some((c, false)) if c == column => "descending",
            _ => "none",
        };
        let onclick = props
            .on_action
            .reform(move |_: MouseEvent| Action::SortReview(column));
        html! {
            <th scope="col" aria-sort={sort}>
                <button type="button" class="nb-review-sort" {onclick}>{ label }</button>
            </th>
        }
    });
    let reports = view
        .rows
        .iter()
        .filter(|r| r.not_a_report.is_none())
        .count();
    html! {
        <>
            <p role="status">
                { format!("共 {} 个文件，其中报告 {reports} 份。点击表头排序。", view.rows.len()) }
            </p>
            <div class="nb-review-scroll">
                <table id="nb-review-table" class="nb-review-table" tabindex="-1">
                    <thead><tr>{ for head }<th scope="col">{ "主要问题" }</th><th scope="col"><span class="nb-sr-only">{ "操作" }</span></th></tr></thead>
                    <tbody>{ for view.rows.iter().map(|row| table_row(props, row)) }</tbody>
                </table>
            </div>
        </>
    }
}

fn table_row(props: &ReviewPanelProps, row: &Row) -> Html {
    let index = row.index;
    let look = props
        .on_action
        .reform(move |_: MouseEvent| Action::ViewReviewed(Some(index)));
    match &row.not_a_report {
        Some(why) => html! {
            <tr class="nb-review-none">
                <td>{ &row.file }</td>
                <td colspan="5">{ "不是年度报告" }</td>
                <td>{ why }</td>
                <td></td>
            </tr>
        },
        None => html! {
            <tr>
                <td>{ &row.file }</td>
                <td>{ &row.agency }</td>
                <td>{ &row.year }</td>
                <td>{ &row.format }</td>
                <td class={classes!((row.errors > 0).then_some("nb-count-error"))}>{ row.errors }</td>
                <td>{ row.warnings }</td>
                <td>
                    if row.with_last_year {
                        <span class="nb-hint">{ "已对照上年报告。" }</span>
                    }
                    if row.not_placed > 0 {
                        <span class="nb-hint">{ format!("导入时有 {} 个数字未能填入。", row.not_placed) }</span>
                    }
                    <ul class="nb-review-first">{ for row.first.iter().map(|m| html! { <li>{ m }</li> }) }</ul>
                </td>
                <td><button type="button" class="nb-button" onclick={look}>{ "查看" }</button></td>
            </tr>
        },
    }
}

/// One reviewed report, read-only: every finding (with last year's report when it was among the
/// files) and its figures as the export lays them out.
fn reviewed(props: &ReviewPanelProps, index: usize) -> Html {
    let Some(file) = props.view.files.get(index) else {
        return Html::default();
    };
    let Some(draft) = &file.draft else {
        return Html::default();
    };
    let row = props.view.rows.iter().find(|r| r.index == index);
    let last = props
        .view
        .files
        .iter()
        .filter_map(|f| f.draft.as_ref())
        .find(|d| {
            d.agency.trim() == draft.agency.trim()
                && d.year.trim().parse::<u16>().ok()
                    == draft
                        .year
                        .trim()
                        .parse::<u16>()
                        .ok()
                        .and_then(|y| y.checked_sub(1))
        });
    let plain = |last| Context {
        last_year: last,
        current_year: props.current_year,
        auto_totals: false,
    };
    let last_report = last.map(|d| check(d, &plain(None)).0);
    let (_, findings) = check(draft, &plain(last_report.as_ref()));
    let shown: Vec<_> = findings.iter().filter(|f| !f.pending).collect();
    let back = props
        .on_action
        .reform(|_: MouseEvent| Action::ViewReviewed(None));
    let open = props
        .on_review
        .reform(move |_: MouseEvent| ReviewRequest::Open(index));
    html! {
        <section class="nb-review-one" aria-labelledby="nb-review-one-title">
            <h3 id="nb-review-one-title">{ format!("{}（{}）", draft.title(), file.file) }</h3>
            <div class="nb-dialog-buttons">
                <button type="button" id="nb-review-back" class="nb-button nb-primary" onclick={back}>{ "返回列表" }</button>
                <button type="button" id="nb-review-open" class="nb-button" onclick={open}>{ "在表单中打开" }</button>
            </div>
            <p>{ format!("错误 {} 处，提示 {} 处。", row.map_or(0, |r| r.errors), row.map_or(0, |r| r.warnings)) }</p>
            if shown.is_empty() {
                <p>{ "没有发现问题。" }</p>
            } else {
                <ol class="nb-review-findings">
                    { for shown.iter().map(|f| html! { <li>{ format!("{}：{}", f.rule, f.message) }</li> }) }
                </ol>
            }
            <iframe
                class="nb-review-frame"
                title={format!("{} 的内容（只读）", file.file)}
                srcdoc={nianbao_core::html::to_html(draft)}
                sandbox=""
            />
        </section>
    }
}
