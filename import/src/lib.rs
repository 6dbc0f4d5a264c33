//! nianbao-import: a published report — text copied from a page or a PDF viewer, a portal's web
//! page, a Word/WPS `.docx` — read into a draft of the 2021 form, with a summary of what was placed
//! and what was not; and a draft written out as a Word document ([`docx_out`]).
//!
//! Each reader turns its source into [`Block`]s (paragraphs and tables, merged cells laid out); one
//! recogniser ([`recognise`]) reads blocks into a draft whatever the source was. Our own JSON and
//! exported HTML are not recognised but opened ([`nianbao_core::json::open`]): exactly.
//!
//! The Word writer lives here, beside the Word reader, because it needs the same zip and XML crates:
//! the form's start-up carries neither.
//!
//! Pure and host-tested like the core; the app loads it as a second wasm module when first used, so
//! the form's start-up does not carry it.
#![forbid(unsafe_code)]

pub mod doc;
pub mod docx;
pub mod docx_out;
pub mod html;
pub mod recognise;
pub mod words;

pub use doc::Block;
use nianbao_core::{current_template, Draft};

/// Which format a report was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// 国办公开办函〔2021〕30号, reports for 2021 on.
    Y2021,
    /// The older 2019 试行 format (国办公开办函〔2019〕60号), reports for 2019 and 2020.
    Y2019,
}

impl Format {
    /// As the JS API and the review table name it: `"2021"`, `"2019"`.
    pub fn id(self) -> &'static str {
        match self {
            Format::Y2021 => "2021",
            Format::Y2019 => "2019",
        }
    }
}

/// What a source was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceKind {
    /// Text (copied from a page or a PDF viewer).
    #[default]
    Text,
    /// A web page.
    Html,
    /// A Word/WPS document.
    Docx,
    /// A file this tool saved (JSON) or exported (HTML): opened exactly.
    Nianbao,
}

impl SourceKind {
    /// For people: `文字`, `网页`, `Word 文档`, `本工具的文件`.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Text => "文字",
            SourceKind::Html => "网页",
            SourceKind::Docx => "Word 文档",
            SourceKind::Nianbao => "本工具保存的文件",
        }
    }
}

pub use nianbao_core::imported::{NotPlaced, Summary};

/// An imported report: the draft to put in the form, and what was done.
#[derive(Debug, Clone)]
pub struct Imported {
    pub draft: Draft,
    pub summary: Summary,
}

/// The largest source read (a portal page with its scripts is some hundreds of KB).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Reads a source of any kind: a `.docx` (by its zip signature), our own JSON or exported HTML
/// (exactly), a web page, or text.
pub fn import(bytes: &[u8]) -> Imported {
    let template = current_template();
    let failed = |source, message: String| Imported {
        draft: Draft::new(template),
        summary: Summary {
            source: SourceKind::name(source).to_string(),
            message: Some(message),
            ..Summary::default()
        },
    };
    if bytes.len() > MAX_BYTES {
        return failed(
            SourceKind::Text,
            format!(
                "文件太大（{} MB），年报文件一般不超过几 MB，没有读取。",
                bytes.len() / (1024 * 1024)
            ),
        );
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match docx::blocks(bytes) {
            Ok(blocks) => from_blocks(SourceKind::Docx, &blocks),
            Err(message) => failed(SourceKind::Docx, message),
        };
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return failed(
            SourceKind::Text,
            "这个文件不是 UTF-8 编码的文字、网页或 Word 文档（.docx），无法读取。如果是 .doc 或 WPS 的 .wps 文件，请先另存为 .docx；如果是 PDF，请打开后全选复制文字，粘贴到导入框。".into(),
        );
    };
    import_text(text)
}

/// Reads text: our own JSON or exported HTML (exactly), a web page, or plain text.
pub fn import_text(text: &str) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    let ours = start.starts_with('{') || text.contains("id=\"nianbao-report\"");
    if ours {
        if let Ok(draft) = nianbao_core::json::open(text) {
            let placed = filled(&draft);
            let cells = draft
                .tables
                .iter()
                .flatten()
                .filter(|c| !c.is_empty())
                .count();
            return Imported {
                summary: Summary {
                    source: SourceKind::Nianbao.name().to_string(),
                    format: Some(Format::Y2021.id().to_string()),
                    placed,
                    cells,
                    sections_found: draft.template.sections.len(),
                    ..Summary::default()
                },
                draft,
            };
        }
    }
    if start.starts_with('<') {
        return from_blocks(SourceKind::Html, &html::blocks(text));
    }
    let blocks: Vec<Block> = text.lines().map(|l| Block::Para(l.to_string())).collect();
    from_blocks(SourceKind::Text, &blocks)
}

fn from_blocks(source: SourceKind, blocks: &[Block]) -> Imported {
    let (draft, mut summary) = recognise::recognise(current_template(), blocks);
    summary.source = source.name().to_string();
    if summary.format.is_none() && summary.message.is_none() {
        summary.message =
            Some("这里面没有找到年报的各部分标题和表格，看来不是政府信息公开工作年度报告。".into());
    }
    Imported { draft, summary }
}

/// How many fields of a draft hold something.
fn filled(draft: &Draft) -> usize {
    let blank = |s: &String| nianbao_core::number::trim(s).is_empty();
    [&draft.agency, &draft.year, &draft.published]
        .into_iter()
        .filter(|s| !blank(s))
        .count()
        + usize::from(draft.preamble.is_some())
        + draft.texts.iter().filter(|s| !blank(s)).count()
        + draft.tables.iter().flatten().filter(|s| !blank(s)).count()
        + usize::from(draft.fee.charged.is_some())
        + usize::from(!blank(&draft.fee.amount))
        + usize::from(!blank(&draft.fee.note))
}
