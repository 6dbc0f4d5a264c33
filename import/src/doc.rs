//! What every reader makes of its source: the report as a flat list of blocks — paragraphs and
//! tables — which the recogniser ([`crate::recognise`]) reads the same way whatever the file was.

use nianbao_core::block::{from_spans, Grid, SpannedCell};

/// One block of a source, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph or a line of text (a heading, a line of prose, a line copied from a table).
    Para(String),
    /// A table as its source lists it: each row's own cells with their spans, not laid out. Word
    /// tables (and pages exported from Word) often span a figure over two columns of their grid;
    /// read row by row, its cells still come in the order of the printed columns. [`Block::grid`]
    /// lays them out as drawn.
    Table(Vec<Vec<SpannedCell>>),
}

impl Block {
    /// A table laid out on a grid as a browser draws it (merged cells' text in their first place,
    /// the places they cover blank); `None` for a paragraph.
    pub fn grid(&self) -> Option<Grid> {
        match self {
            Block::Para(_) => None,
            Block::Table(rows) => Some(from_spans(rows.clone())),
        }
    }
}
