//! The form's components, one per file. They draw the state and dispatch actions; every browser call
//! goes through the root component and [`crate::browser`].
//!
//! Labels come from the template (`nianbao_core::Template`): the components walk its sections, items,
//! header grids and row labels, and never spell out a label of the report themselves.

pub mod app;
pub mod banners;
pub mod confirm_dialog;
pub mod drafts_panel;
pub mod fee_item;
pub mod field_note;
pub mod findings_panel;
pub mod header_fields;
pub mod import_panel;
pub mod last_year_bar;
pub mod line_input;
pub mod number_cell;
pub mod report_file_input;
pub mod review_panel;
pub mod section_view;
pub mod table_view;
pub mod text_area;
pub mod toolbar;

use std::rc::Rc;

use nianbao_core::block::Grid;
use nianbao_core::{Edit, FieldRef, Severity};
use yew::{AttrValue, Callback, UseReducerHandle};

use crate::state::{Marks, State};

/// The app state as components receive it.
pub type Store = UseReducerHandle<State>;

/// What the form's fields report back. Made once by the root component, so they compare equal across
/// renders and unchanged fields are not drawn again.
#[derive(Clone, PartialEq)]
pub struct Handlers {
    /// A field's whole new entry after an input event.
    pub input: Callback<(FieldRef, String)>,
    /// A discrete change (a radio, “恢复默认”).
    pub edit: Callback<Edit>,
    /// Move the focus to the element with this id (Enter and arrow keys in tables).
    pub focus: Callback<AttrValue>,
    /// A block pasted into a table (its index) at a cell (row, column).
    pub paste: Callback<(usize, (usize, usize), Rc<Grid>)>,
}

/// The class a field gets for its worst finding (the e2e tests look for these).
pub fn field_class(marks: &Marks) -> Option<&'static str> {
    match marks.severity()? {
        Severity::Error => Some("nb-invalid"),
        Severity::Warning => Some("nb-warn"),
    }
}

/// `aria-invalid` for a field: only errors make a field invalid; warnings are described.
pub fn aria_invalid(marks: &Marks) -> Option<AttrValue> {
    (marks.severity() == Some(Severity::Error)).then_some(AttrValue::Static("true"))
}

/// `aria-describedby` for a field: its message element, when it has messages.
pub fn described_by(marks: &Marks, field_id: &str) -> Option<AttrValue> {
    (!marks.notes.is_empty()).then(|| crate::ids::message(field_id).into())
}

/// How the findings name a severity: `data-severity` values and CSS class suffixes.
pub fn severity_key(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The panels that take files (导入, 审阅): a button opens the hidden file input right after it,
/// and a drop anywhere on the panel is taken (not opened by the browser in place of the form).
pub mod file_drop {
    use web_sys::{DragEvent, FileList, MouseEvent};
    use yew::{Callback, TargetCast};

    /// Clicking the button opens the file input that follows it.
    pub fn choose_next() -> Callback<MouseEvent> {
        Callback::from(|e: MouseEvent| {
            crate::browser::click_next_input(&e.target_unchecked_into::<web_sys::Element>())
        })
    }

    /// Lets files be dropped on the element (the browser's default would open them).
    pub fn allow() -> Callback<DragEvent> {
        Callback::from(|e: DragEvent| e.prevent_default())
    }

    /// The files dropped, to `take`.
    pub fn taken(take: Callback<FileList>) -> Callback<DragEvent> {
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                take.emit(files);
            }
        })
    }
}
