//! Last year's report, under the report's head: which one is loaded (机关, 年度) with 移除, or
//! 载入上年报告 (a nianbao JSON file or exported HTML page); and 从上年报告新建, which starts next
//! year's report from the one on screen. The cross-year rules (S1 上年结转, S2 现行有效件数) run
//! against the loaded report; the findings say when its year does not fit.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::report_file_input::ReportFileInput;

#[derive(Properties, PartialEq)]
pub struct LastYearBarProps {
    /// The loaded last year's report, as people name it (`某局2023年度`), if any.
    pub loaded: Option<AttrValue>,
    /// The report on screen has a body and a year: next year's can start from it.
    pub can_start_next: bool,
    /// A draft kept in this browser of the same body for the year before (`某局（2023年度）`).
    #[prop_or_default]
    pub offered: Option<AttrValue>,
    /// “用这份草稿”: load the offered draft as last year's report.
    pub on_use_offered: Callback<()>,
    pub read_only: bool,
    /// “载入上年报告” pressed: open the file chooser.
    pub on_choose: Callback<()>,
    /// A file was chosen in the hidden file input.
    pub on_chosen: Callback<HtmlInputElement>,
    /// “移除”.
    pub on_drop: Callback<()>,
    /// “从上年报告新建”.
    pub on_next_year: Callback<()>,
}

#[function_component]
pub fn LastYearBar(props: &LastYearBarProps) -> Html {
    if props.read_only {
        return match &props.loaded {
            Some(loaded) => html! {
                <p id="nb-last-year" class="nb-last-year">{ format!("上年报告：{loaded}") }</p>
            },
            None => html! {},
        };
    }
    let request = |callback: &Callback<()>| {
        let callback = callback.clone();
        Callback::from(move |_: MouseEvent| callback.emit(()))
    };
    html! {
        <div id="nb-last-year" class="nb-last-year" role="group" aria-label="上年报告">
            if let Some(loaded) = &props.loaded {
                <span class="nb-last-year-text">
                    { "已载入上年报告：" }<strong id="nb-last-year-name">{ loaded.clone() }</strong>
                    { "。上年结转、现行有效件数将与它核对。" }
                </span>
                <button type="button" id="nb-last-year-drop" class="nb-button nb-small" onclick={request(&props.on_drop)}>
                    { "移除上年报告" }
                </button>
            } else {
                <span class="nb-last-year-text">
                    { "载入上年的报告（本工具保存的 JSON 存档或下载的发布稿网页），可以核对上年结转和现行有效件数。" }
                </span>
                if let Some(offered) = &props.offered {
                    <button type="button" id="nb-last-year-draft" class="nb-button nb-small" onclick={request(&props.on_use_offered)}>
                        { format!("用草稿“{offered}”") }
                    </button>
                }
                <button type="button" id="nb-last-year-load" class="nb-button nb-small" onclick={request(&props.on_choose)}>
                    { "载入上年报告（文件）" }
                </button>
            }
            <ReportFileInput id="nb-last-year-input" on_chosen={props.on_chosen.clone()} />
            if props.can_start_next {
                <button
                    type="button"
                    id="nb-next-year"
                    class="nb-button nb-small"
                    title="以当前这份报告为上年报告，新建下一年度的报告：沿用机关名称和各部分文字，填好“二、上年结转”。当前报告仍保存在草稿中。"
                    onclick={request(&props.on_next_year)}
                >
                    { "从本报告新建下一年度报告" }
                </button>
            }
        </div>
    }
}
