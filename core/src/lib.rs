//! nianbao-core: the 政府信息公开工作年度报告 as data and everything computed from it — no browser, no UI.
//!
//! - [`template`] describes a report format as plain data; [`template_2021`] is the 2021 format.
//! - [`model`] holds the [`Draft`] (entries as typed), the [`Edit`]s that change it and the checked
//!   [`Report`].
//! - [`check`] derives the report and its findings from a draft.
//! - [`json`] reads and writes the versioned JSON document; [`html`] writes the standalone HTML export.
#![forbid(unsafe_code)]

pub mod block;
pub mod check;
pub mod editor;
pub mod html;
pub mod imported;
pub mod json;
mod json_path;
pub mod model;
pub mod number;
pub mod prose;
pub mod review;
pub mod shown;
pub mod template;
pub mod template_2021;

pub use check::{check, Context, Finding, Severity};
pub use model::{Draft, Edit, FieldRef, Report};
pub use template::Template;

/// The 2021 format, the one in force.
pub fn current_template() -> &'static Template {
    &template_2021::TEMPLATE
}
