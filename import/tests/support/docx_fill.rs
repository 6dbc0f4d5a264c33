//! Filled .docx files made at test time from the official Word template
//! (`../shared/reference/template-2021.docx`, read-only reference material that is never copied
//! into the project): its `word/document.xml` is rewritten — text written into the tables' blank
//! cells and over the body's paragraphs — and the package is zipped again in memory, every other
//! part copied as it was. `#[path]`-included by the tests that need one (no crate of its own).
#![allow(dead_code)] // each test binary uses a part

use std::io::{Cursor, Read};

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// A cell of one of the document's tables, where the reader's grid has it: the table's place
/// among the body's tables, the row (`w:tr`) in the table, and the grid column where the cell
/// starts (after `w:gridBefore` and the `w:gridSpan`s of the cells before it in its row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    pub table: usize,
    pub row: usize,
    pub col: usize,
}

/// The .docx `template` with text written into it.
///
/// - `cell(place)` is asked for each blank cell of a table (one holding nothing but spaces; the
///   cells a vertical merge covers are not asked): `Some(text)` is written into the cell's first
///   paragraph as a run of its own.
/// - `para(text)` is asked for each paragraph of the body outside the tables, with its text:
///   `Some(new)` replaces the paragraph, one paragraph (with the same paragraph formatting) per
///   line of `new`.
///
/// Panics if the template is not a readable .docx (it is test input).
pub fn fill(
    template: &[u8],
    cell: impl FnMut(Place) -> Option<String>,
    para: impl FnMut(&str) -> Option<String>,
) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(template)).expect("the template is a zip");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("the template has word/document.xml")
        .read_to_string(&mut xml)
        .expect("word/document.xml reads as UTF-8");
    let document = rewrite(&xml, cell, para);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).expect("a zip entry");
        if entry.name() == "word/document.xml" {
            drop(entry);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file("word/document.xml", options)
                .expect("start word/document.xml");
            std::io::Write::write_all(&mut out, document.as_bytes()).expect("write the document");
        } else {
            out.raw_copy_file(entry)
                .expect("copy a part of the package");
        }
    }
    out.finish().expect("finish the zip").into_inner()
}

/// What is being gathered before it is written: an outer table's cell or a body paragraph, the
/// depth it ends at, and its events.
struct Pending<'i> {
    cell: bool,
    depth: usize,
    events: Vec<Event<'i>>,
}

/// `word/document.xml` with the text written in (see [`fill`]).
pub fn rewrite(
    xml: &str,
    mut cell: impl FnMut(Place) -> Option<String>,
    mut para: impl FnMut(&str) -> Option<String>,
) -> String {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::new());
    let mut depth = 0usize;
    let mut tables = 0usize;
    // The outer table, row and grid column being written (`table` counts from 1 once one starts).
    let (mut table, mut row, mut col) = (0usize, 0usize, 0usize);
    let mut pending: Option<Pending<'_>> = None;
    loop {
        let event = reader.read_event().expect("the template's XML reads");
        if matches!(event, Event::Eof) {
            break;
        }
        let name = match &event {
            Event::Start(e) | Event::Empty(e) => Some(local(e)),
            Event::End(e) => Some(e.local_name().as_ref().to_string()),
            _ => None,
        };
        let name = name.as_deref().unwrap_or("");
        if let Some(p) = pending.as_mut() {
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            let done = matches!(event, Event::End(_)) && depth == p.depth;
            p.events.push(event);
            if done {
                let p = pending.take().unwrap();
                if p.cell {
                    write_cell(
                        &mut writer,
                        p.events,
                        Place {
                            table: table - 1,
                            row: row - 1,
                            col,
                        },
                        &mut col,
                        &mut cell,
                    );
                } else {
                    write_para(&mut writer, p.events, &mut para);
                }
            }
            continue;
        }
        match (&event, name) {
            (Event::Start(_), "tbl") => {
                tables += 1;
                if tables == 1 {
                    table += 1;
                    row = 0;
                }
            }
            (Event::End(_), "tbl") => tables -= 1,
            (Event::Start(_) | Event::Empty(_), "tr") if tables == 1 => {
                row += 1;
                col = 0;
            }
            (Event::Empty(e), "gridBefore") if tables == 1 => col += val(e).unwrap_or(0),
            (Event::Start(_), "tc") if tables == 1 => {
                pending = Some(Pending {
                    cell: true,
                    depth,
                    events: vec![event],
                });
                depth += 1;
                continue;
            }
            (Event::Start(_), "p") if tables == 0 => {
                pending = Some(Pending {
                    cell: false,
                    depth,
                    events: vec![event],
                });
                depth += 1;
                continue;
            }
            (Event::Empty(_), "p") if tables == 0 => {
                write_para(&mut writer, vec![event], &mut para);
                continue;
            }
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        writer.write_event(event).expect("write XML");
    }
    String::from_utf8(writer.into_inner()).expect("UTF-8 out")
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// The numeric `w:val` of an element.
fn val(e: &BytesStart<'_>) -> Option<usize> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .and_then(|a| a.value.parse().ok())
}

/// The text of a run of events: its `w:t`s, a line break for each `w:br`.
fn text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    let mut in_t = false;
    for event in events {
        match event {
            Event::Start(e) if local(e) == "t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::Empty(e) if local(e) == "br" => text.push('\n'),
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r) {
                    text.push_str(s);
                }
            }
            _ => {}
        }
    }
    text
}

/// `<w:r><w:t xml:space="preserve">text</w:t></w:r>`.
fn run(text: &str) -> Vec<Event<'static>> {
    vec![
        Event::Start(BytesStart::new("w:r")),
        Event::Start(BytesStart::new("w:t").with_attributes([("xml:space", "preserve")])),
        Event::Text(BytesText::new(text).into_owned()),
        Event::End(BytesEnd::new("w:t")),
        Event::End(BytesEnd::new("w:r")),
    ]
}

fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}')
}

/// Writes a cell (`events` from `<w:tc>` to `</w:tc>`), asking `fill` for its text if it is blank,
/// and moves `col` past it.
fn write_cell(
    writer: &mut Writer<Vec<u8>>,
    mut events: Vec<Event<'_>>,
    place: Place,
    col: &mut usize,
    fill: &mut impl FnMut(Place) -> Option<String>,
) {
    let mut span = 1;
    let mut continues = false;
    let mut depth = 0usize;
    for event in &events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            // Only the cell's own properties (`w:tc/w:tcPr/...`), not those of a nested table.
            Event::Empty(e) if depth == 2 && local(e) == "gridSpan" => span = val(e).unwrap_or(1),
            Event::Empty(e) if depth == 2 && local(e) == "vMerge" => {
                continues = !e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.local_name().as_ref() == "val" && a.value == "restart");
            }
            _ => {}
        }
    }
    *col += span;
    if !continues && is_blank(&text(&events)) {
        if let Some(value) = fill(place) {
            // Into the cell's first paragraph (a direct child of the cell).
            let mut depth = 0usize;
            let mut at = None;
            for (i, event) in events.iter().enumerate() {
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(e) => {
                        if depth == 2 && e.local_name().as_ref() == "p" {
                            at = Some((i, false));
                            break;
                        }
                        depth -= 1;
                    }
                    Event::Empty(e) if depth == 1 && local(e) == "p" => {
                        at = Some((i, true));
                        break;
                    }
                    _ => {}
                }
            }
            match at {
                Some((i, false)) => {
                    events.splice(i..i, run(&value));
                }
                Some((i, true)) => {
                    let Event::Empty(p) = events[i].clone() else {
                        unreachable!()
                    };
                    let mut paragraph = vec![Event::Start(p.clone())];
                    paragraph.extend(run(&value));
                    paragraph.push(Event::End(p.to_end().into_owned()));
                    events.splice(i..=i, paragraph);
                }
                None => {
                    let end = events.len() - 1;
                    let mut paragraph = vec![Event::Start(BytesStart::new("w:p"))];
                    paragraph.extend(run(&value));
                    paragraph.push(Event::End(BytesEnd::new("w:p")));
                    events.splice(end..end, paragraph);
                }
            }
        }
    }
    for event in events {
        writer.write_event(event).expect("write XML");
    }
}

/// Writes a body paragraph (`events` from `<w:p>` to `</w:p>`, or one `<w:p/>`), replaced if
/// `fill` says so.
fn write_para(
    writer: &mut Writer<Vec<u8>>,
    events: Vec<Event<'_>>,
    fill: &mut impl FnMut(&str) -> Option<String>,
) {
    let Some(new) = fill(&text(&events)) else {
        for event in events {
            writer.write_event(event).expect("write XML");
        }
        return;
    };
    let start = match &events[0] {
        Event::Start(e) | Event::Empty(e) => e.clone(),
        _ => unreachable!("a paragraph starts with <w:p>"),
    };
    // The paragraph's formatting: its `w:pPr`, the first child if there is one.
    let mut properties = Vec::new();
    if let Some(Event::Start(e) | Event::Empty(e)) = events.get(1) {
        if local(e) == "pPr" {
            let mut depth = 0usize;
            for event in &events[1..] {
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    _ => {}
                }
                properties.push(event.clone());
                if depth == 0 {
                    break;
                }
            }
        }
    }
    for line in new.split('\n') {
        writer
            .write_event(Event::Start(start.clone()))
            .expect("write XML");
        for event in &properties {
            writer.write_event(event.clone()).expect("write XML");
        }
        if !line.is_empty() {
            for event in run(line) {
                writer.write_event(event).expect("write XML");
            }
        }
        writer
            .write_event(Event::End(start.to_end()))
            .expect("write XML");
    }
}
