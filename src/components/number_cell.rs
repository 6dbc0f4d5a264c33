//! One numeric cell of a table: a text input (not `type=number`, which would throw away “/” or “１２”
//! — what is typed stays as typed), its marker and its messages.
//!
//! A computed total (auto totals on) is read-only and says so: class `nb-derived`, `aria-readonly`, and
//! the word “自动”; Tab steps over it. A cell entered by keyboard, by a finding or by a first click
//! has its entry selected, so typing replaces it, and a second click or F2 places the caret
//! (`browser::select_entry_on_focus`). The keys that move between cells, paste and copy are the
//! table's (`table_view.rs`).

use nianbao_core::FieldRef;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field_note::{badge, FieldNote};
use super::{aria_invalid, described_by, field_class, severity_key};
use crate::state::Marks;
use crate::{browser, ids};

#[derive(Properties, PartialEq)]
pub struct NumberCellProps {
    pub field: FieldRef,
    pub id: AttrValue,
    /// The accessible name: the row's name and the column's name.
    pub label: AttrValue,
    pub value: AttrValue,
    pub marks: Marks,
    /// Computed by auto totals: read-only.
    pub locked: bool,
    /// The whole form is read-only.
    #[prop_or_default]
    pub readonly: bool,
    /// Money with decimals (万元) rather than a count.
    pub decimal: bool,
    /// In the range of cells selected (Shift+arrows or a drag), to copy.
    pub selected: bool,
    pub on_input: Callback<(FieldRef, String)>,
}

#[function_component]
pub fn NumberCell(props: &NumberCellProps) -> Html {
    let oninput = {
        let (field, on_input) = (props.field, props.on_input.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_input.emit((field, input.value()));
        })
    };
    let severity = props.marks.severity();
    let pending = props.marks.only_pending();
    let cell_class = classes!(
        "nb-cell",
        props.locked.then_some("nb-cell-derived"),
        props.selected.then_some("nb-selected"),
        severity.map(|s| format!("nb-cell-{}", severity_key(s))),
        (severity.is_some() && pending).then_some("nb-cell-pending"),
    );
    html! {
        <td class={cell_class}>
            <input
                id={props.id.clone()}
                type="text"
                class={classes!("nb-num", props.locked.then_some("nb-derived"), field_class(&props.marks))}
                inputmode={if props.decimal { "decimal" } else { "numeric" }}
                autocomplete="off"
                spellcheck="false"
                aria-label={props.label.clone()}
                value={props.value.clone()}
                readonly={props.locked || props.readonly}
                aria-readonly={(props.locked || props.readonly).then_some("true")}
                title={props.locked.then_some("自动计算，不能直接修改（可在上方取消“自动计算合计”）")}
                aria-invalid={aria_invalid(&props.marks)}
                aria-describedby={described_by(&props.marks, &props.id)}
                tabindex={props.locked.then_some("-1")}
                {oninput}
                onfocus={Callback::from(|e: FocusEvent| browser::select_entry_on_focus(&e))}
                onmousedown={Callback::from(|e: MouseEvent| browser::enter_cell_on_first_click(&e))}
            />
            if props.locked {
                <span class="nb-auto" aria-hidden="true">{ "自动" }</span>
            }
            if let Some(severity) = severity {
                <span class="nb-cell-mark">{ badge(severity, pending) }</span>
            }
            <FieldNote id={AttrValue::from(ids::message(&props.id))} marks={props.marks.clone()} popup=true />
        </td>
    }
}
