//! The messages at a field with findings, each with its marker (“✕ 错误” / “⚠ 提示”), so a problem is
//! never shown by colour alone. The element's id is the field's `aria-describedby` target.

use nianbao_core::Severity;
use yew::prelude::*;

use super::severity_key;
use crate::state::Marks;

/// The marker of a finding: an icon and a word. A finding that only says “not filled in yet” is
/// marked “未填”, so that a half-filled table is not a wall of “错误”.
pub fn badge(severity: Severity, pending: bool) -> Html {
    let (icon, word) = match (severity, pending) {
        (Severity::Error, false) => ("✕", "错误"),
        (Severity::Error, true) => ("✕", "未填"),
        (Severity::Warning, _) => ("⚠", "提示"),
    };
    html! {
        <span class={classes!(
            "nb-mark",
            format!("nb-mark-{}", severity_key(severity)),
            pending.then_some("nb-mark-pending"),
        )}>
            <span class="nb-mark-icon" aria-hidden="true">{ icon }</span>
            { word }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct FieldNoteProps {
    /// The message element's id (`ids::message`).
    pub id: AttrValue,
    pub marks: Marks,
    /// In a table cell, where there is no room: shown in a bar at the bottom of the window while the
    /// cell has the focus, two lines at most, all of it while pointed at or clicked (it takes the
    /// focus); read by screen readers as the cell's description.
    #[prop_or_default]
    pub popup: bool,
}

#[function_component]
pub fn FieldNote(props: &FieldNoteProps) -> Html {
    if props.marks.notes.is_empty() {
        return html! {};
    }
    html! {
        <div
            id={props.id.clone()}
            class={classes!("nb-note", props.popup.then_some("nb-note-popup"))}
            tabindex={props.popup.then_some("-1")}
        >
            { for props.marks.notes.iter().map(|note| html! {
                <p class={classes!("nb-note-line", format!("nb-note-{}", severity_key(note.severity)))}>
                    { badge(note.severity, note.pending) }
                    <span class="nb-note-text">{ note.text.clone() }</span>
                </p>
            }) }
            if props.popup && props.marks.notes.len() > 2 {
                <span class="nb-note-more" aria-hidden="true">{ format!("共 {} 条，点此或按 Alt+↓ 看全部", props.marks.notes.len()) }</span>
            }
        </div>
    }
}
