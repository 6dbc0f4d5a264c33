//! A prose field: an auto-growing textarea with its heading or label and its messages.
//!
//! The textarea grows with its text without any `style` attribute (a later issue embeds the app under
//! a strict CSP): it shares a CSS grid cell with an invisible copy of its text (the wrapper's
//! `data-value`, drawn by `::after`), and the cell is as tall as that copy.

use nianbao_core::{Edit, FieldRef};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::field_note::FieldNote;
use super::{aria_invalid, described_by, field_class};
use crate::ids;
use crate::state::Marks;

#[derive(Properties, PartialEq)]
pub struct TextAreaProps {
    pub field: FieldRef,
    pub id: AttrValue,
    pub value: AttrValue,
    pub marks: Marks,
    pub on_input: Callback<(FieldRef, String)>,
    /// A sub-heading drawn as `<h3>` that names the field (`（一）主动公开`).
    #[prop_or_default]
    pub heading: Option<AttrValue>,
    /// A visible label instead of a heading.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// The id of an element elsewhere that names the field (a text without its own heading is named
    /// by its section's heading).
    #[prop_or_default]
    pub labelled_by: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Height when empty, in lines.
    #[prop_or(3)]
    pub rows: u32,
    /// Drawn between the label and the textarea (the preamble's “恢复默认”).
    #[prop_or_default]
    pub children: Html,
    /// Shown, not typed into (a read-only form).
    #[prop_or_default]
    pub readonly: bool,
    /// Still last year's wording (carried over, or the same as the loaded last year's report): marked
    /// to be revised, until the user edits it.
    #[prop_or_default]
    pub from_last_year: bool,
    /// “沿用上年文字”: the user keeps last year's wording as it is (the mark goes): the edit
    /// (`Edit::KeepText`) goes here. The form's one edit callback, so that the props compare equal
    /// from render to render and an unchanged text is not drawn again.
    #[prop_or_default]
    pub on_keep: Option<Callback<Edit>>,
}

#[function_component]
pub fn TextArea(props: &TextAreaProps) -> Html {
    let oninput = {
        let (field, on_input) = (props.field, props.on_input.clone());
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_input.emit((field, area.value()));
        })
    };
    let heading_id = AttrValue::from(format!("{}-heading", props.id));
    let labelled_by = match (&props.heading, &props.labelled_by) {
        (Some(_), _) => Some(heading_id.clone()),
        (None, by) => by.clone(),
    };
    // The trailing space keeps a final empty line's height (a text ending in a line break).
    let copy = format!("{} ", props.value);
    html! {
        <div class="nb-text">
            if let Some(heading) = &props.heading {
                <h3 id={heading_id} class="nb-text-heading">{ heading.clone() }</h3>
            }
            if let Some(label) = &props.label {
                <label class="nb-label" for={props.id.clone()}>{ label.clone() }</label>
            }
            { props.children.clone() }
            if props.from_last_year {
                <p class="nb-hint nb-from-last-year" id={format!("{}-last-year", props.id)}>
                    <span aria-hidden="true">{ "↻ " }</span>
                    { "这段是上年报告的文字，请按本年度的情况修改。" }
                    if let (Some(on_keep), FieldRef::Text(index)) = (&props.on_keep, props.field) {
                        <button
                            type="button"
                            class="nb-button nb-small"
                            id={format!("{}-keep", props.id)}
                            onclick={on_keep.reform(move |_: MouseEvent| Edit::KeepText(index, true))}
                        >
                            { "不用改，沿用上年文字" }
                        </button>
                    }
                </p>
            }
            <div class={classes!("nb-grow", props.from_last_year.then_some("nb-grow-last-year"))} data-value={copy}>
                <textarea
                    id={props.id.clone()}
                    class={classes!("nb-textarea", field_class(&props.marks))}
                    rows={props.rows.to_string()}
                    value={props.value.clone()}
                    placeholder={props.placeholder.clone()}
                    readonly={props.readonly}
                    aria-labelledby={labelled_by}
                    aria-invalid={aria_invalid(&props.marks)}
                    aria-describedby={described_by(&props.marks, &props.id)}
                    {oninput}
                />
            </div>
            <FieldNote id={AttrValue::from(ids::message(&props.id))} marks={props.marks.clone()} />
        </div>
    }
}
