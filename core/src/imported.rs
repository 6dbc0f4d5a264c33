//! What an import answers, as the import module sends it to the app and the JS API returns it: the
//! draft (our JSON document, opened as a file is) and the summary. One definition for both sides of
//! the module boundary (`import-wasm/` writes it, the app reads it).

use serde::{Deserialize, Serialize};

use crate::model::Draft;

/// The import module's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The imported report as a JSON document ([`crate::json::to_json`]); `None` when nothing was
    /// read (not a report, an unreadable file).
    pub document: Option<String>,
    pub summary: Summary,
}

/// What an import did, for people (the import panel) and for the JS API (`importReport`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// What the source was, for people: `文字`, `网页`, `Word 文档`, `本工具保存的文件`.
    pub source: String,
    /// `"2021"`, `"2019"` (the older format), or `None`: not a report.
    pub format: Option<String>,
    /// Fields filled: header fields, texts, the fee item, table cells.
    pub placed: usize,
    /// Table cells filled.
    pub cells: usize,
    /// How many of the six section headings were found.
    pub sections_found: usize,
    /// Every figure of the source's tables that was not put into the form.
    pub not_placed: Vec<NotPlaced>,
    /// For a report in the older format: which of its parts map onto the 2021 form.
    pub parts: Vec<String>,
    /// Why nothing was read.
    pub message: Option<String>,
}

/// A figure not put into the form: as written, where it stands, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotPlaced {
    pub value: String,
    pub context: String,
    pub why: String,
}

impl Answer {
    /// Reads an answer: the draft it carries (if any) and the summary.
    pub fn read(json: &str) -> Result<(Option<Draft>, Summary), String> {
        let answer: Answer =
            serde_json::from_str(json).map_err(|e| format!("import answer: {e}"))?;
        let draft = match answer.document {
            Some(document) => Some(crate::json::from_json(&document).map_err(|e| e.en)?),
            None => None,
        };
        Ok((draft, answer.summary))
    }
}
