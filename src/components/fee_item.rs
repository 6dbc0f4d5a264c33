//! The 收取信息处理费情况 item of section 六: a 是/否 question, the amount in 元 and a note, with the
//! sentence the export will write once the question is answered.

use nianbao_core::template::FeeField;
use nianbao_core::{Edit, FieldRef};
use yew::prelude::*;

use super::field_note::FieldNote;
use super::line_input::LineInput;
use super::text_area::TextArea;
use super::{aria_invalid, described_by, field_class, Handlers};
use crate::ids;
use crate::state::{Document, Host, Shared};

#[derive(Properties, PartialEq)]
pub struct FeeItemProps {
    /// The report (compared by pointer: a dialog or a banner does not draw this again).
    pub doc: Shared<Document>,
    pub host: Shared<Host>,
    pub handlers: Handlers,
}

#[function_component]
pub fn FeeItem(props: &FeeItemProps) -> Html {
    let (doc, host) = (&*props.doc, &*props.host);
    let template = doc.template;
    let Some(fee) = template.fee() else {
        return html! {};
    };
    let charged = doc.draft.fee.charged;
    let group_id = ids::field(template, FieldRef::FeeCharged);
    let marks = doc.marks(FieldRef::FeeCharged);
    let choose = |value: bool| {
        let edit = props.handlers.edit.clone();
        Callback::from(move |_: Event| edit.emit(Edit::Charged(Some(value))))
    };
    let radio = |value: bool, word: &'static str| {
        let id = format!("{group_id}-{}", if value { "yes" } else { "no" });
        html! {
            <label class="nb-radio" for={id.clone()}>
                <input
                    type="radio"
                    id={id}
                    name={group_id.clone()}
                    class={classes!(field_class(&marks))}
                    checked={charged == Some(value)}
                    disabled={host.read_only}
                    aria-invalid={aria_invalid(&marks)}
                    onchange={choose(value)}
                />
                { word }
            </label>
        }
    };
    let amount = FieldRef::FeeAmount;
    let note = FieldRef::FeeNote;
    html! {
        <div class="nb-fee">
            <h3 class="nb-text-heading">{ fee.heading }</h3>
            <fieldset
                id={group_id.clone()}
                class={classes!("nb-radio-group", field_class(&marks))}
                aria-describedby={described_by(&marks, &group_id)}
            >
                <legend class="nb-label">{ fee.question }</legend>
                <div class="nb-radios">
                    { radio(true, "是") }
                    { radio(false, "否") }
                </div>
                <FieldNote id={AttrValue::from(ids::message(&group_id))} marks={marks.clone()} />
            </fieldset>
            <LineInput
                field={amount}
                id={AttrValue::from(ids::field(template, amount))}
                label={fee.amount_label}
                value={doc.value(amount)}
                marks={doc.marks(amount)}
                inputmode={AttrValue::Static("decimal")}
                unit={AttrValue::Static("元")}
                class={classes!("nb-field-short")}
                readonly={host.read_only}
                disabled={charged == Some(false)}
                on_input={props.handlers.input.clone()}
            />
            <TextArea
                field={note}
                id={AttrValue::from(ids::field(template, note))}
                label={AttrValue::Static("补充说明（可选）")}
                value={doc.value(note)}
                marks={doc.marks(note)}
                placeholder={fee.note_hint}
                rows={2}
                readonly={host.read_only}
                on_input={props.handlers.input.clone()}
            />
            { sentence(fee, charged, &doc.draft.fee.amount) }
        </div>
    }
}

/// What the export writes for the answer given, so the user sees the wording before downloading.
fn sentence(fee: &FeeField, charged: Option<bool>, amount: &str) -> Html {
    let text = match charged {
        None => return html! {},
        Some(false) => fee.none_sentence.to_string(),
        Some(true) => {
            let amount = nianbao_core::number::trim(amount);
            let amount = if amount.is_empty() { "____" } else { amount };
            fee.charged_sentence.replace("{amount}", amount)
        }
    };
    html! {
        <p class="nb-preview">
            <span class="nb-preview-label">{ "报告中将写作：" }</span>
            { text }
        </p>
    }
}
