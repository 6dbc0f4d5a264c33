//! What every reader makes of its source: the report as a flat list of blocks — paragraphs and
//! tables — which the recogniser ([`crate::recognise`]) reads the same way whatever the file was.

use nianbao_core::block::{Grid, SpannedCell};

/// One block of a source, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph or a line of text (a heading, a line of prose, a line copied from a table).
    Para(String),
    /// A table with its merged cells laid out as drawn ([`nianbao_core::block::from_spans`]): a
    /// merged cell's text in its first place, the places it covers blank.
    Table(Grid),
    /// A table as its source lists it: each row's own cells with their spans, not laid out. Word
    /// tables exported to the web often span a figure over two columns of their grid; read row by
    /// row, its cells still come in the order of the printed columns.
    Rows(Vec<Vec<SpannedCell>>),
}
