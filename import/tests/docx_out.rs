//! The Word export (`docx_out::to_docx`) read back: a full report's every paragraph and cell in
//! order, each table's merged cells against the official template's (read from
//! `../shared/reference/template-2021.docx`, never copied here), the page, the rows that repeat
//! and never split, the document properties, the report imported back from its own .docx, and
//! typed text XML forbids kept out of the file.

mod support;

use std::io::{Cursor, Read};

use nianbao_core::block::SpannedCell;
use nianbao_core::shown::shown;
use nianbao_core::{current_template, Draft};
use nianbao_import::docx_out::{to_docx, xml_text};
use nianbao_import::{docx, import, Block, SourceKind};
use quick_xml::events::Event;
use quick_xml::Reader;

/// Where the typed `/` and the blank cell are: section 三, （三）不予公开 1.属于国家秘密, 商业企业;
/// section 四, 复议后起诉 尚未审结.
const SLASH: (&str, usize) = ("applications", 4 * 7 + 1);
const BLANK: (&str, usize) = ("reviews", 13);

/// A full report: every text, figure and the signature, from the `pdftotext` fixture, with one cell
/// typed as `/` and one left blank, which the export must show as they are.
fn full_draft() -> Draft {
    let bytes = std::fs::read(support::fixture("full-2024.pdftotext.txt")).unwrap();
    let imported = import(&bytes);
    assert_eq!(imported.summary.cells, 200, "the fixture fills every cell");
    let mut draft = imported.draft;
    assert!(!draft.agency.is_empty() && !draft.published.is_empty());
    let template = draft.template;
    for ((table, cell), entry) in [(SLASH, "/"), (BLANK, "")] {
        draft.tables[template.table_index(table).unwrap()][cell] = entry.to_string();
    }
    draft
}

/// The parts of a .docx by name.
fn parts(docx: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            assert_eq!(
                file.compression(),
                zip::CompressionMethod::Deflated,
                "{}",
                file.name()
            );
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            (file.name().to_string(), text)
        })
        .collect()
}

fn part(docx: &[u8], name: &str) -> String {
    parts(docx)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

/// What the body shows, in document order: the text of each paragraph outside tables and of each
/// table cell (`w:tc`, its paragraphs joined), blank ones included; a tab as `\t`, a break as `\n`.
fn body_texts(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut tables, mut current, mut in_t) = (0usize, None::<String>, false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:tbl" => tables += 1,
            Event::End(e) if e.name().as_ref() == "w:tbl" => tables -= 1,
            Event::Start(e) if e.name().as_ref() == "w:tc" => current = Some(String::new()),
            Event::Start(e) if e.name().as_ref() == "w:p" && tables == 0 => {
                current = Some(String::new())
            }
            Event::Empty(e) if e.name().as_ref() == "w:p" && tables == 0 => out.push(String::new()),
            Event::End(e)
                if e.name().as_ref() == "w:tc" || (e.name().as_ref() == "w:p" && tables == 0) =>
            {
                out.extend(current.take());
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::Empty(e) if e.name().as_ref() == "w:tab" => {
                if let Some(c) = current.as_mut() {
                    c.push('\t')
                }
            }
            Event::Empty(e) if e.name().as_ref() == "w:br" => {
                if let Some(c) = current.as_mut() {
                    c.push('\n')
                }
            }
            Event::Text(t) if in_t => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_t => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)
                        .expect("a predefined entity")
                        .to_string(),
                };
                if let Some(cur) = current.as_mut() {
                    cur.push_str(&c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The tables of a .docx as the crate's own reader lays them out: each row's cells with spans.
fn tables(docx: &[u8]) -> Vec<Vec<Vec<SpannedCell>>> {
    docx::blocks(docx)
        .expect("a readable .docx")
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(rows) => Some(rows),
            Block::Para(_) => None,
        })
        .collect()
}

/// A table's shape: each row's cells as (rowspan, colspan).
fn shape(rows: &[Vec<SpannedCell>]) -> Vec<Vec<(usize, usize)>> {
    rows.iter()
        .map(|r| r.iter().map(|c| (c.rowspan, c.colspan)).collect())
        .collect()
}

/// The attributes of the first element named `name`, by key.
fn attributes(xml: &str, name: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == name => {
                return e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (a.key.as_ref().to_string(), a.value.into_owned())
                    })
                    .collect()
            }
            Event::Eof => panic!("no {name}"),
            _ => {}
        }
    }
}

fn attribute(attrs: &[(String, String)], key: &str) -> String {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no {key}"))
        .1
        .clone()
}

/// The text of the first element named `name`.
fn element_text(xml: &str, name: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == name => inside = true,
            Event::End(e) if e.name().as_ref() == name => return Some(text),
            Event::Text(t) if inside => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if inside => {
                text.push_str(quick_xml::escape::resolve_predefined_entity(&r).unwrap());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[test]
fn every_paragraph_and_cell_reads_as_the_report_shows() {
    let draft = full_draft();
    let docx = to_docx(&draft).unwrap();
    let mut texts = body_texts(&part(&docx, "word/document.xml"));
    texts.retain(|t| !t.is_empty());
    let want = shown(&draft).texts();
    assert_eq!(texts, want);
    // The title, a heading, a fee sentence, a figure and the date are there.
    for text in [
        "示例市示例区人民政府办公室2024年政府信息公开工作年度报告",
        "六、其他需要报告的事项",
        "24252.311082",
        "2025年1月25日",
    ] {
        assert!(texts.iter().any(|t| t == text), "{text}");
    }

    // The `/` and the blank cell sit in their places of the grid, the blank one an empty cell.
    let template = current_template();
    let grids: Vec<_> = docx::blocks(&docx)
        .unwrap()
        .iter()
        .filter_map(Block::grid)
        .collect();
    assert_eq!(grids.len(), template.tables().count());
    let applications = &grids[template.table_index("applications").unwrap()];
    // 3 header rows, then the data rows; 3 label columns, then the figures.
    let (row, col) = (SLASH.1 / 7, SLASH.1 % 7);
    assert_eq!(applications[3 + row][3 + col], "/");
    assert_eq!(applications[3 + row].len(), 10);
    let reviews = &grids[template.table_index("reviews").unwrap()];
    assert_eq!(reviews[3].len(), 15);
    assert_eq!(reviews[3][BLANK.1], "");
    assert_eq!(
        reviews[3].iter().filter(|c| c.is_empty()).count(),
        1,
        "{:?}",
        reviews[3]
    );
}

#[test]
fn merged_cells_match_the_official_template() {
    let Some(path) = support::reference("template-2021.docx") else {
        return;
    };
    let official = tables(&std::fs::read(path).unwrap());
    let ours = tables(&to_docx(&full_draft()).unwrap());
    assert_eq!(official.len(), 3);
    assert_eq!(ours.len(), 6);
    // The official template draws section 二's four sub-tables as one table, each starting with
    // its caption row (one cell across the grid). We write them as four tables, so that each
    // repeats its own caption and head on a new page (Word repeats only a table's first rows, and
    // joins tables that touch, hence the paragraph between ours), on the same grid of four
    // columns: cut at its caption rows, the official table must give our four, cell for cell.
    let width = |row: &[SpannedCell]| row.iter().map(|c| c.colspan).sum::<usize>();
    let mut sub_tables: Vec<Vec<Vec<SpannedCell>>> = Vec::new();
    for row in &official[0] {
        if row.len() == 1 && row[0].colspan == width(&official[0][0]) {
            sub_tables.push(Vec::new());
        }
        sub_tables
            .last_mut()
            .expect("starts with a caption")
            .push(row.clone());
    }
    assert_eq!(sub_tables.len(), 4);
    let template = current_template();
    for ((sub, ours), table) in sub_tables.iter().zip(&ours[..4]).zip(template.tables()) {
        assert_eq!(shape(ours), shape(sub), "{}", table.id);
        // The caption and the head read the same (the template's figure cells hold hints and
        // spaces; ours the figures).
        for r in 0..2 {
            let text = |rows: &[Vec<SpannedCell>]| -> Vec<String> {
                rows[r].iter().map(|c| c.text.clone()).collect()
            };
            assert_eq!(text(ours), text(sub), "{} row {r}", table.id);
        }
    }
    // Sections 三 and 四: the same header grid, merged label cells and figure cells, and the same
    // words in the header and label cells (the template's figure cells are blank).
    for (o, ours) in official[1..].iter().zip(&ours[4..]) {
        assert_eq!(shape(ours), shape(o));
        let words = |rows: &[Vec<SpannedCell>]| -> Vec<String> {
            rows.iter()
                .flatten()
                .map(|c| c.text.split_whitespace().collect::<String>())
                .filter(|t| !t.is_empty() && !t.chars().all(|c| c.is_ascii_digit() || c == '/'))
                .collect()
        };
        assert_eq!(words(ours), words(o));
    }
    // And section 三's merges in particular: the corner over 3 columns and 3 rows, 三、本年度办理结果
    // down 22 rows, （三）不予公开 down 8.
    let applications = &ours[4];
    assert_eq!(
        (applications[0][0].rowspan, applications[0][0].colspan),
        (3, 3)
    );
    assert_eq!(applications[5][0].text, "三、本年度办理结果");
    assert_eq!(applications[5][0].rowspan, 22);
    assert_eq!(applications[7][0].text, "（三）不予公开");
    assert_eq!(applications[7][0].rowspan, 8);
}

#[test]
fn the_page_is_a4_with_the_official_margins_and_heads_repeat() {
    let draft = full_draft();
    let document = part(&to_docx(&draft).unwrap(), "word/document.xml");
    let twips = |mm: f64| (mm * 1440.0 / 25.4).round() as u32;
    let size = attributes(&document, "w:pgSz");
    assert_eq!(attribute(&size, "w:w"), "11906");
    assert_eq!(attribute(&size, "w:h"), "16838");
    let margins = attributes(&document, "w:pgMar");
    for (side, mm) in [
        ("w:top", 37.0),
        ("w:bottom", 35.0),
        ("w:left", 28.0),
        ("w:right", 26.0),
    ] {
        assert_eq!(attribute(&margins, side), twips(mm).to_string(), "{side}");
    }
    let text_width = 11906 - twips(28.0) - twips(26.0);

    // Per table: its rows' (tblHeader, cantSplit) and the sum of its grid columns.
    let mut reader = Reader::from_str(&document);
    let mut found: Vec<(Vec<(bool, bool)>, u32)> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:tbl" => found.push((Vec::new(), 0)),
            Event::Start(e) if e.name().as_ref() == "w:tr" => {
                found.last_mut().unwrap().0.push((false, false))
            }
            Event::Empty(e) => {
                let Some((rows, grid)) = found.last_mut() else {
                    continue;
                };
                match e.name().as_ref() {
                    "w:tblHeader" => rows.last_mut().unwrap().0 = true,
                    "w:cantSplit" => rows.last_mut().unwrap().1 = true,
                    "w:gridCol" => {
                        let w = e.try_get_attribute("w:w").unwrap().unwrap();
                        *grid += w.value.parse::<u32>().unwrap();
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let template = current_template();
    assert_eq!(found.len(), template.tables().count());
    for ((rows, grid), table) in found.iter().zip(template.tables()) {
        let heads = usize::from(!table.caption.is_empty()) + table.header.len();
        assert_eq!(rows.len(), heads + table.rows.len(), "{}", table.id);
        for (i, &(head, whole)) in rows.iter().enumerate() {
            assert_eq!(head, i < heads, "{} row {i}: w:tblHeader", table.id);
            assert!(whole, "{} row {i}: w:cantSplit", table.id);
        }
        assert_eq!(
            *grid, text_width,
            "{}: the table fills the text width",
            table.id
        );
    }
}

#[test]
fn the_document_properties_name_the_report_the_body_and_the_year() {
    let draft = full_draft();
    let docx = to_docx(&draft).unwrap();
    let core = part(&docx, "docProps/core.xml");
    let shown = shown(&draft);
    assert_eq!(element_text(&core, "dc:title").unwrap(), shown.title);
    assert_eq!(element_text(&core, "dc:creator").unwrap(), draft.agency);
    let keywords = element_text(&core, "cp:keywords").unwrap();
    assert!(keywords.contains("2024"), "{keywords}");
    assert!(keywords.contains("政府信息公开工作年度报告"), "{keywords}");
    assert!(keywords.contains(&draft.agency), "{keywords}");
    assert_eq!(
        element_text(&core, "dc:subject").unwrap(),
        "2024年政府信息公开工作年度报告"
    );
    let app = part(&docx, "docProps/app.xml");
    assert_eq!(element_text(&app, "Company").unwrap(), draft.agency);
}

#[test]
fn the_package_holds_every_part_and_each_is_well_formed_xml() {
    let docx = to_docx(&full_draft()).unwrap();
    let parts = parts(&docx);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names[0], "[Content_Types].xml",
        "first, as Office writes it"
    );
    for name in [
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/_rels/document.xml.rels",
        "docProps/core.xml",
        "docProps/app.xml",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    let types = &parts[0].1;
    for (name, xml) in &parts {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e}"),
            }
        }
        // Every part but the relationships has its content type named.
        if !name.ends_with(".rels") && name != "[Content_Types].xml" {
            assert!(types.contains(&format!("PartName=\"/{name}\"")), "{name}");
        }
    }
}

#[test]
fn the_report_imports_back_from_its_own_word_document() {
    let draft = full_draft();
    let imported = import(&to_docx(&draft).unwrap());
    let summary = &imported.summary;
    assert_eq!(summary.source, SourceKind::Docx.name());
    assert_eq!(summary.format.as_deref(), Some("2021"));
    assert_eq!(summary.not_placed, []);
    assert_eq!(summary.sections_found, 6);
    let got = &imported.draft;
    assert_eq!(
        got.tables, draft.tables,
        "every cell, the / and the blank too"
    );
    assert_eq!(got.texts, draft.texts);
    assert_eq!(got.agency, draft.agency);
    assert_eq!(got.year, draft.year);
    assert_eq!(got.published, draft.published);
    assert_eq!(got.fee.charged, draft.fee.charged);
}

#[test]
fn text_that_xml_forbids_does_not_break_the_file() {
    let mut draft = full_draft();
    // Controls, the form feed HTML allows and XML does not, noncharacters, and markup.
    let nasty = "第一句\u{0}\u{1}\u{b}\u{c}\u{1b}\u{7f}\u{85}\u{fffe}\u{ffff}\u{1fffe}\u{fdd0}。<w:p>&amp;]]>\"'\t第二句";
    draft.agency = "某县\u{c}人民政府\u{1}<办公室>&".to_string();
    draft.texts[0] = format!("{nasty}\n第三行\u{ffff}");
    draft.tables[0][0] = "\u{1}12\u{c}".to_string();
    let docx = to_docx(&draft).unwrap();
    // Every part is well-formed XML 1.0 and the crate's reader reads the body.
    for (name, xml) in parts(&docx) {
        assert!(
            !xml.chars().any(|c| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')),
            "{name} holds a character XML forbids"
        );
        let mut reader = Reader::from_str(&xml);
        while !matches!(reader.read_event(), Ok(Event::Eof)) {}
    }
    assert!(docx::blocks(&docx).is_ok());
    // What shows is the typed text without those code points, the markup as text.
    let mut texts = body_texts(&part(&docx, "word/document.xml"));
    texts.retain(|t| !t.is_empty());
    let want: Vec<String> = shown(&draft)
        .texts()
        .iter()
        .map(|t| xml_text(t))
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(texts, want);
    assert!(texts
        .iter()
        .any(|t| t == "第一句。<w:p>&amp;]]>\"'\t第二句"));
    assert!(texts.iter().any(|t| t == "某县人民政府<办公室>&"));
    assert!(texts.iter().any(|t| t == "12"));
    let core = part(&docx, "docProps/core.xml");
    assert_eq!(
        element_text(&core, "dc:creator").unwrap(),
        "某县人民政府<办公室>&"
    );
}

#[test]
fn a_blank_draft_is_a_document_with_the_whole_structure() {
    let draft = Draft::new(current_template());
    let docx = to_docx(&draft).unwrap();
    let mut texts = body_texts(&part(&docx, "word/document.xml"));
    texts.retain(|t| !t.is_empty());
    assert_eq!(texts, shown(&draft).texts());
    for section in current_template().sections {
        assert!(texts.iter().any(|t| t == section.heading));
    }
    assert_eq!(tables(&docx).len(), current_template().tables().count());
}
