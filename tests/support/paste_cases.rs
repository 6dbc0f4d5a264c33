//! The cases of `tests/fixtures/paste/blocks.json` (its `about` says what each field means), read
//! the same way by the host test of the core (core/tests/block.rs) and the component tests in the
//! browser (tests/components.rs).
#![allow(dead_code)]

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub what: String,
    pub table: String,
    pub at: (usize, usize),
    pub auto_totals: bool,
    #[serde(default)]
    pub tsv: Option<String>,
    #[serde(default)]
    pub html: Option<String>,
    #[serde(default)]
    pub cells: Vec<(usize, usize, String)>,
    #[serde(default)]
    pub skipped: Vec<(usize, usize, String)>,
    #[serde(default)]
    pub refuse: Option<(usize, usize, usize, usize)>,
    /// Figures on computed cells that are not the totals: (row, column, pasted, computed).
    #[serde(default)]
    pub differ: Vec<(usize, usize, String, String)>,
    /// Also pasted through a browser's real clipboard by tests/sheet.rs.
    #[serde(default)]
    pub e2e: bool,
}

#[derive(Deserialize)]
struct File {
    cases: Vec<Case>,
}

/// The cases of the fixture file's text.
pub fn parse(json: &str) -> Vec<Case> {
    serde_json::from_str::<File>(json)
        .unwrap_or_else(|e| panic!("tests/fixtures/paste/blocks.json: {e}"))
        .cases
}
