//! DOM ids of the form's fields. The end-to-end tests find fields by these ids, so they are part of
//! the app's contract: `nb-` + [`FieldRef::key`] with `.` replaced by `-` (`nb-cell-applications-0-0`).

use nianbao_core::{FieldRef, Template};

/// The id of a field's input, textarea or (for the fee question) fieldset.
pub fn field(template: &Template, field: FieldRef) -> String {
    format!("nb-{}", field.key(template).replace('.', "-"))
}

/// The id of the element holding the messages of the field whose id is `field_id` (the field's
/// `aria-describedby` target).
pub fn message(field_id: &str) -> String {
    format!("{field_id}-msg")
}

/// The id of the element to focus for a field: the fee question is a radio group, whose first radio
/// takes the focus.
pub fn focus_target(template: &Template, field: FieldRef) -> String {
    match field {
        FieldRef::FeeCharged => format!("{}-yes", self::field(template, field)),
        other => self::field(template, other),
    }
}

/// The id of a section's heading.
pub fn section_heading(index: usize) -> String {
    format!("nb-section-{}", index + 1)
}

/// The id of the `index`-th finding button of the findings panel (errors first, then warnings): the
/// counts lead to `finding(0)` and `finding(errors)`.
pub fn finding(index: usize) -> String {
    format!("nb-finding-{index}")
}
