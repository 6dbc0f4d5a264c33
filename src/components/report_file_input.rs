//! The hidden file input behind 打开 and 载入上年报告: it offers what nianbao can read (its JSON
//! documents and exported HTML pages) and hands the chosen file's input to the root component,
//! which reads it (`app::open_chosen`). A button elsewhere opens it (`browser::choose_file`).

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the file chooser offers: our JSON documents and HTML exports.
const ACCEPT: &str = ".json,.html,.htm,application/json,text/html";

#[derive(Properties, PartialEq)]
pub struct ReportFileInputProps {
    pub id: AttrValue,
    /// A file was chosen.
    pub on_chosen: Callback<HtmlInputElement>,
}

#[function_component]
pub fn ReportFileInput(props: &ReportFileInputProps) -> Html {
    let onchange = props
        .on_chosen
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>());
    html! {
        <input
            type="file"
            id={props.id.clone()}
            class="nb-hidden-input"
            accept={ACCEPT}
            tabindex="-1"
            aria-hidden="true"
            {onchange}
        />
    }
}
