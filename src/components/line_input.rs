//! A one-line field with its visible label and its messages (机关名称, 报告年度, 发布日期, the fee amount).
//! The input's value is the draft's entry exactly as typed.

use nianbao_core::FieldRef;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field_note::FieldNote;
use super::{aria_invalid, described_by, field_class};
use crate::ids;
use crate::state::Marks;

#[derive(Properties, PartialEq)]
pub struct LineInputProps {
    pub field: FieldRef,
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub marks: Marks,
    pub on_input: Callback<(FieldRef, String)>,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// A unit written after the input (元).
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    /// Extra classes of the wrapper (sizes).
    #[prop_or_default]
    pub class: Classes,
    /// Shown, not typed into (a read-only form, a value fixed by the embedding page).
    #[prop_or_default]
    pub readonly: bool,
    /// Not asked for now (the fee amount while “否” is chosen): greyed out and skipped by Tab; what
    /// was typed stays.
    #[prop_or_default]
    pub disabled: bool,
}

#[function_component]
pub fn LineInput(props: &LineInputProps) -> Html {
    let oninput = {
        let (field, on_input) = (props.field, props.on_input.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_input.emit((field, input.value()));
        })
    };
    html! {
        <div class={classes!("nb-field", props.class.clone())}>
            <label class="nb-label" for={props.id.clone()}>{ props.label.clone() }</label>
            <div class="nb-input-row">
                <input
                    id={props.id.clone()}
                    type="text"
                    class={classes!("nb-input", field_class(&props.marks))}
                    value={props.value.clone()}
                    inputmode={props.inputmode.clone()}
                    placeholder={props.placeholder.clone()}
                    autocomplete={props.autocomplete.clone().unwrap_or(AttrValue::Static("off"))}
                    readonly={props.readonly}
                    disabled={props.disabled}
                    aria-invalid={aria_invalid(&props.marks)}
                    aria-describedby={described_by(&props.marks, &props.id)}
                    {oninput}
                />
                if let Some(unit) = &props.unit {
                    <span class="nb-unit" aria-hidden="true">{ unit.clone() }</span>
                }
            </div>
            <FieldNote id={AttrValue::from(ids::message(&props.id))} marks={props.marks.clone()} />
        </div>
    }
}
