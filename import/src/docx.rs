//! The Word/WPS reader: the body of a .docx (`word/document.xml`) as paragraphs and tables.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use nianbao_core::block::SpannedCell;
use nianbao_core::number::trim;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use crate::Block;

/// The most `word/document.xml` may take once decompressed. A report's body is a few hundred KB;
/// more is a damaged file or a zip bomb, and the header's size is not to be trusted.
const MAX_XML: u64 = 20 * 1024 * 1024;

/// Spans are bounded as [`nianbao_core::block::from_spans`] bounds them, so that columns are counted alike.
const MAX_SPAN: usize = 64;

/// Past this much work (`cells × places covered by spans`, which is what laying them out costs), a
/// table is laid out with its covered places written as blank cells instead of as spans: the same
/// grid, in linear time, whatever a hostile file holds.
const SPAN_WORK: u64 = 20_000_000;

const NOT_DOCX: &str = "这个文件不是可以读取的 Word 文档（.docx）：它不是 .docx 文件的格式。\
    请在 Word 或 WPS 中打开它，另存为“Word 文档（*.docx）”后再导入。";
const OLD_DOC: &str = "这个文件是旧版 Word 文档（.doc）或设了密码的文档，无法直接读取。\
    请在 Word 或 WPS 中打开它（如有密码，先取消密码），另存为“Word 文档（*.docx）”后再导入。";
const NO_BODY: &str =
    "这个文件不是可以读取的 Word 文档（.docx）：里面没有文档正文（word/document.xml）。";
const TOO_BIG: &str =
    "这个 Word 文档的正文太大（解压后超过 20 MB），不像是一份年度报告，没有读取。";
const BROKEN: &str = "这个 Word 文档（.docx）已损坏，正文无法读取。\
    请在 Word 或 WPS 中打开它，另存为新的 .docx 文件后再导入。";

/// The WordprocessingML namespaces: transitional (what Word and WPS write) and strict.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads a Word/WPS .docx: the body of word/document.xml in reading order.
///
/// A body paragraph is a [`Block::Para`] (split at its line breaks, blank ones left out); a table
/// is a [`Block::Table`]: each row's own cells with their spans (a figure that Word spans over two
/// columns of its grid stays one cell; [`Block::grid`] lays them out), a cell's paragraphs joined
/// into one text and a table nested in a cell flattened into that cell's text.
/// Deleted text of tracked changes is left out, inserted text kept. `Err` is a message for the
/// user when the bytes are not a readable .docx.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, String> {
    let xml = document_xml(bytes)?;
    parse(&xml).map_err(|e| e.to_string())
}

/// `word/document.xml`, decompressed with a limit.
fn document_xml(bytes: &[u8]) -> Result<String, &'static str> {
    // An OLE compound file: a Word 97–2003 .doc, or a .docx encrypted with a password.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(OLD_DOC);
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| NOT_DOCX)?;
    let mut file = archive.by_name("word/document.xml").map_err(|e| match e {
        zip::result::ZipError::FileNotFound => NO_BODY,
        _ => BROKEN,
    })?;
    let mut raw = Vec::new();
    file.by_ref()
        .take(MAX_XML + 1)
        .read_to_end(&mut raw)
        .map_err(|_| BROKEN)?;
    if raw.len() as u64 > MAX_XML {
        return Err(TOO_BIG);
    }
    let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&raw);
    String::from_utf8(raw.to_vec()).map_err(|_| BROKEN)
}

/// The elements the reader acts on (by local name, in the WordprocessingML namespace).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Document,
    Body,
    P,
    R,
    T,
    Tab,
    Br,
    Tbl,
    Tr,
    TrPr,
    Tc,
    TcPr,
    GridSpan,
    VMerge,
    GridBefore,
    GridAfter,
    /// Left out with everything in it: deleted or moved-away text, ruby annotations (the phonetic
    /// guide above the text), and `mc:Fallback` (a second copy of the `mc:Choice` before it).
    Skip,
    Other,
}

fn tag(resolved: ResolveResult<'_>, local: &str) -> Tag {
    let ns = match resolved {
        ResolveResult::Bound(Namespace(ns)) => ns,
        // Hand-made XML without the declarations: taken as WordprocessingML.
        ResolveResult::Unbound | ResolveResult::Unknown(_) => W,
    };
    if ns == MC {
        return if local == "Fallback" {
            Tag::Skip
        } else {
            Tag::Other
        };
    }
    if ns != W && ns != W_STRICT {
        return Tag::Other;
    }
    match local {
        "document" => Tag::Document,
        "body" => Tag::Body,
        "p" => Tag::P,
        "r" => Tag::R,
        "t" => Tag::T,
        "tab" | "ptab" => Tag::Tab,
        "br" | "cr" => Tag::Br,
        "tbl" => Tag::Tbl,
        "tr" => Tag::Tr,
        "trPr" => Tag::TrPr,
        "tc" => Tag::Tc,
        "tcPr" => Tag::TcPr,
        "gridSpan" => Tag::GridSpan,
        "vMerge" => Tag::VMerge,
        "gridBefore" => Tag::GridBefore,
        "gridAfter" => Tag::GridAfter,
        "del" | "delText" | "moveFrom" | "rt" => Tag::Skip,
        _ => Tag::Other,
    }
}

/// The `w:val` of an element.
fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.value.into_owned())
}

fn count(e: &BytesStart<'_>, min: usize) -> usize {
    val(e)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(min)
        .clamp(min, MAX_SPAN)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    No,
    Restart,
    Continue,
}

#[derive(Debug)]
struct Cell {
    /// The cell's paragraphs (and the pieces of those split by line breaks).
    texts: Vec<String>,
    colspan: usize,
    vmerge: VMerge,
}

#[derive(Debug, Default)]
struct Row {
    before: usize,
    after: usize,
    cells: Vec<Cell>,
}

/// What the reader is in the middle of.
#[derive(Default)]
struct State {
    out: Vec<Block>,
    /// Open paragraphs, innermost last (a text box's paragraphs sit inside a paragraph's run);
    /// each is its pieces, split at line breaks.
    paras: Vec<Vec<String>>,
    /// How many tables are open; only the outermost one's rows and cells make the grid.
    tables: usize,
    rows: Vec<Row>,
    /// Whether a cell of the outermost table is open (its paragraphs, and those of tables nested
    /// in it, are its text).
    in_cell: bool,
    /// Whether the XML was a Word document's (`w:document/w:body`).
    body: bool,
}

impl State {
    /// An element starts. `parents` are the open elements around it, innermost last.
    fn open(&mut self, tag: Tag, e: &BytesStart<'_>, parents: &[Tag]) {
        let parent = parents.last().copied();
        let grandparent = parents.len().checked_sub(2).map(|i| parents[i]);
        let outer = self.tables == 1;
        match tag {
            Tag::Body if parent == Some(Tag::Document) && parents.len() == 1 => self.body = true,
            Tag::P => self.paras.push(vec![String::new()]),
            Tag::Tab if parent == Some(Tag::R) => self.push_str("\t"),
            Tag::Br if parent == Some(Tag::R) => {
                if let Some(para) = self.paras.last_mut() {
                    para.push(String::new());
                }
            }
            Tag::Tbl => self.tables += 1,
            Tag::Tr if outer => self.rows.push(Row::default()),
            Tag::Tc if outer => {
                if self.rows.is_empty() {
                    self.rows.push(Row::default());
                }
                if let Some(row) = self.rows.last_mut() {
                    row.cells.push(Cell {
                        texts: Vec::new(),
                        colspan: 1,
                        vmerge: VMerge::No,
                    });
                }
                self.in_cell = true;
            }
            Tag::GridSpan | Tag::VMerge
                if outer && parent == Some(Tag::TcPr) && grandparent == Some(Tag::Tc) =>
            {
                if let Some(cell) = self.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                    if tag == Tag::GridSpan {
                        cell.colspan = count(e, 1);
                    } else {
                        cell.vmerge = match val(e).as_deref() {
                            Some("restart") => VMerge::Restart,
                            _ => VMerge::Continue,
                        };
                    }
                }
            }
            Tag::GridBefore | Tag::GridAfter
                if outer && parent == Some(Tag::TrPr) && grandparent == Some(Tag::Tr) =>
            {
                if let Some(row) = self.rows.last_mut() {
                    if tag == Tag::GridBefore {
                        row.before = count(e, 0);
                    } else {
                        row.after = count(e, 0);
                    }
                }
            }
            _ => {}
        }
    }

    /// An element ends.
    fn close(&mut self, tag: Tag) {
        match tag {
            Tag::P => {
                let Some(pieces) = self.paras.pop() else {
                    return;
                };
                if self.tables > 0 && self.in_cell {
                    if let Some(cell) = self.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                        cell.texts.extend(pieces);
                    }
                } else {
                    for piece in pieces {
                        let text = trim(&piece);
                        if !text.is_empty() {
                            self.out.push(Block::Para(text.to_string()));
                        }
                    }
                }
            }
            Tag::Tc if self.tables == 1 => self.in_cell = false,
            Tag::Tbl => {
                self.tables = self.tables.saturating_sub(1);
                if self.tables == 0 {
                    self.in_cell = false;
                    let rows = std::mem::take(&mut self.rows);
                    self.out.push(Block::Table(layout(rows)));
                }
            }
            _ => {}
        }
    }

    /// Text of a `w:t`, into the innermost open paragraph.
    fn push_str(&mut self, text: &str) {
        if let Some(piece) = self.paras.last_mut().and_then(|p| p.last_mut()) {
            piece.push_str(text);
        }
    }
}

/// The blocks of a `word/document.xml`.
fn parse(xml: &str) -> Result<Vec<Block>, &'static str> {
    let mut reader = NsReader::from_str(xml);
    // The open elements, innermost last.
    let mut stack: Vec<Tag> = Vec::new();
    // Inside a skipped element: the depth of the stack once it has ended.
    let mut skip: Option<usize> = None;
    let mut state = State::default();
    loop {
        let event = reader.read_event().map_err(|_| BROKEN)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let tag = if skip.is_some() {
                    Tag::Other
                } else {
                    let (resolved, local) = reader.resolver().resolve_element(e.name());
                    tag(resolved, local.as_ref())
                };
                if tag == Tag::Skip {
                    if !empty {
                        skip = Some(stack.len());
                        stack.push(tag);
                    }
                    continue;
                }
                if skip.is_none() {
                    state.open(tag, e, &stack);
                }
                if empty {
                    if skip.is_none() {
                        state.close(tag);
                    }
                } else {
                    stack.push(tag);
                }
            }
            Event::End(_) => {
                let tag = stack.pop().ok_or(BROKEN)?;
                match skip {
                    Some(depth) if depth == stack.len() => skip = None,
                    Some(_) => {}
                    None => state.close(tag),
                }
            }
            Event::Text(ref text) if skip.is_none() && stack.last() == Some(&Tag::T) => {
                state.push_str(&text.xml10_content());
            }
            Event::CData(ref text) if skip.is_none() && stack.last() == Some(&Tag::T) => {
                state.push_str(&text.xml10_content());
            }
            Event::GeneralRef(ref entity) if skip.is_none() && stack.last() == Some(&Tag::T) => {
                let resolved = match entity.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        quick_xml::escape::resolve_predefined_entity(entity).map(str::to_string)
                    }
                    Err(_) => None,
                };
                if let Some(text) = resolved {
                    state.push_str(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A document cut short (its elements left open) is a damaged file, as is XML that is not a
    // Word document at all.
    if !stack.is_empty() || !state.body {
        return Err(BROKEN);
    }
    Ok(state.out)
}

/// The rows of a table as cells with spans ([`Block::Table`]): `w:gridSpan` is a colspan, a
/// `w:vMerge` run (a "restart" cell and the "continue" cells below it) one cell with a rowspan,
/// `w:gridBefore`/`w:gridAfter` empty cells at the ends of a row. [`Block::grid`] lays them out.
fn layout(rows: Vec<Row>) -> Vec<Vec<SpannedCell>> {
    let mut spanned: Vec<Vec<SpannedCell>> = Vec::with_capacity(rows.len());
    // Whether each cell continues a merge above it (and so is not a cell of its own).
    let mut merged: Vec<Vec<bool>> = Vec::with_capacity(rows.len());
    // The vertical merge that starts at a grid column: (row, index of its cell in the row).
    let mut open: HashMap<usize, (usize, usize)> = HashMap::new();
    let (mut cells, mut covered) = (0u64, 0u64);
    for (r, row) in rows.iter().enumerate() {
        let mut line = Vec::with_capacity(row.before + row.cells.len() + row.after);
        let mut continues = Vec::with_capacity(line.capacity());
        let blank = || SpannedCell {
            text: String::new(),
            rowspan: 1,
            colspan: 1,
        };
        for _ in 0..row.before {
            line.push(blank());
            continues.push(false);
        }
        let mut col = row.before;
        for cell in &row.cells {
            let mut continued = false;
            match cell.vmerge {
                VMerge::Continue => {
                    // The merge goes on if its cell reaches down to the row above.
                    let origin = open
                        .get(&col)
                        .filter(|&&(or, oc)| or + spanned[or][oc].rowspan == r)
                        .copied();
                    match origin {
                        Some((or, oc)) if spanned[or][oc].rowspan < MAX_SPAN => {
                            spanned[or][oc].rowspan += 1;
                            covered += spanned[or][oc].colspan as u64;
                            continued = true;
                        }
                        // Nothing above to continue, or a span longer than a grid takes: the
                        // cell starts a merge of its own.
                        _ => {
                            open.insert(col, (r, line.len()));
                        }
                    }
                }
                VMerge::Restart => {
                    open.insert(col, (r, line.len()));
                }
                VMerge::No => {
                    open.remove(&col);
                }
            }
            if !continued {
                covered += cell.colspan as u64 - 1;
            }
            line.push(SpannedCell {
                text: join(&cell.texts),
                rowspan: 1,
                colspan: cell.colspan,
            });
            continues.push(continued);
            col += cell.colspan;
        }
        for _ in 0..row.after {
            line.push(blank());
            continues.push(false);
        }
        cells += line.len() as u64;
        spanned.push(line);
        merged.push(continues);
    }
    if cells.saturating_mul(covered) <= SPAN_WORK {
        return spanned
            .into_iter()
            .zip(merged)
            .map(|(line, continues)| {
                line.into_iter()
                    .zip(continues)
                    .filter(|&(_, continued)| !continued)
                    .map(|(cell, _)| cell)
                    .collect()
            })
            .collect();
    }
    // Too many spans to lay out as spans: every place its own cell, covered ones blank.
    spanned
        .into_iter()
        .zip(merged)
        .map(|(line, continues)| {
            let mut places = Vec::new();
            for (cell, continued) in line.into_iter().zip(continues) {
                let colspan = cell.colspan;
                places.push(SpannedCell {
                    text: if continued { String::new() } else { cell.text },
                    rowspan: 1,
                    colspan: 1,
                });
                places.extend((1..colspan).map(|_| SpannedCell {
                    text: String::new(),
                    rowspan: 1,
                    colspan: 1,
                }));
            }
            places
        })
        .collect()
}

/// A cell's text from its paragraphs: joined with nothing (a cell's lines are pieces of one
/// label, as "结果" and "纠正"), with a space only between two ASCII letters or digits.
fn join(texts: &[String]) -> String {
    let mut joined = String::new();
    for text in texts {
        let text = trim(text);
        if text.is_empty() {
            continue;
        }
        let ends_ascii = joined
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let starts_ascii = text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if ends_ascii && starts_ascii {
            joined.push(' ');
        }
        joined.push_str(text);
    }
    joined
}
