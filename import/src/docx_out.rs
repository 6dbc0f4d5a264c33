//! The Word export: the report as a `.docx` (Office Open XML) that Microsoft Word, WPS 文字 and
//! LibreOffice open as it is, laid out as official documents are printed.
//!
//! What is shown — the title, the preamble, the six sections with their prose, every table with
//! the cells as they read, the fee item, the signature — is worked out in
//! [`nianbao_core::shown`], the same for every exporter; this module only lays it out. No label
//! is spelled here: headings, captions, header cells and row labels come from the template, with
//! their merged cells (`w:gridSpan` across, `w:vMerge` down) as the official table has them.
//!
//! Every XML part is written with quick-xml's [`Writer`], which escapes text and attribute
//! values, so typed text can never become markup; code points XML 1.0 forbids (control
//! characters, noncharacters) are left out before they reach it ([`xml_text`]).
//!
//! Choices (see [`LAYOUT`] for the numbers):
//! - Page and type as the HTML export prints them, after GB/T 9704-2012: A4, margins 37 mm top,
//!   35 mm bottom, 28 mm left, 26 mm right; 仿宋_GB2312 三号 (16 pt) body text on a fixed 28 pt
//!   line, paragraphs indented by two characters; 黑体 section headings, 楷体_GB2312 sub-headings
//!   (bold, as the HTML export has them); a 二号 (22 pt) title; the issuing body and the date
//!   right-aligned at the end; the page number centred in the footer as “— 1 —”. The official
//!   template (`template-2021.docx`) is a bare sample of the format in 宋体 小四 with Word's
//!   default margins (25.4/31.8 mm), not a publishing layout: its tables' merged cells are
//!   followed, its type and margins are not.
//! - Tables: single ½ pt lines all around and inside; 小四 (12 pt) text, 五号 (10.5 pt) in the
//!   wide tables (sections 三 and 四, as the HTML export sets them smaller); fixed column widths
//!   that add up to the text width, so no table runs past the margin; the caption and header
//!   rows repeat on each page a table continues on (`w:tblHeader`), and no row is split across
//!   pages (`w:cantSplit`). Header cells and figures centred, row labels left.
//! - Section 二's four sub-tables are four tables (each repeats its own head on a new page), on
//!   the official template's shared grid of four equal columns: in a sub-table with one figure
//!   column, that column spans three, as in the official table (`本年处理决定数量`). An empty
//!   paragraph in the table's size follows each table: the gap the HTML export leaves below a
//!   table, and Word joins tables that touch into one.
//! - Section headings are Word's 标题 1, sub-headings 标题 2, so the navigation pane and a PDF's
//!   bookmarks list them.
//! - Document properties: the title, the issuing body (author, and company in the extended
//!   properties), `<年度>年政府信息公开工作年度报告` as the subject, and keywords naming the
//!   format, the body and the year.

use std::io::{Cursor, Write as _};

use nianbao_core::shown::{forbidden, shown, table_grid, CellRole, Part, PlacedCell, Shown};
use nianbao_core::template::{Section, Table};
use nianbao_core::Draft;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The sizes and choices of the layout, in Word's units: twips (1/20 pt, 1/1440 inch) for lengths,
/// half-points for type sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// A4: 210 × 297 mm.
    pub page_width: u32,
    pub page_height: u32,
    /// GB/T 9704-2012: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
    pub margin_top: u32,
    pub margin_bottom: u32,
    pub margin_left: u32,
    pub margin_right: u32,
    /// From the bottom of the page to the footer (the page number), just below the text.
    pub footer: u32,
    /// 二号 title.
    pub title_size: u32,
    /// 三号 body text, headings and sub-headings.
    pub body_size: u32,
    /// The body's fixed line pitch (28 pt, as official documents set 三号 仿宋).
    pub body_line: u32,
    /// 小四 table text.
    pub table_size: u32,
    /// 五号 text in tables wider than [`WIDE_COLUMNS`] grid columns.
    pub wide_table_size: u32,
    /// 四号 page number.
    pub page_number_size: u32,
    /// Table lines, in eighths of a point (4 = ½ pt).
    pub border: u32,
    /// Inside each table cell: left and right, top and bottom.
    pub cell_margin_x: u32,
    pub cell_margin_y: u32,
    /// The width of a figure column in a table with several label columns (section 三): five
    /// digits in 五号 on one line.
    pub figure_column: u32,
    /// The width of an outer label column there (`三、本年度办理结果`, `（三）不予公开`): four
    /// characters of 五号.
    pub outer_label_column: u32,
}

/// Millimetres in twips, rounded.
const fn mm(mm: u32) -> u32 {
    (mm * 14400 + 127) / 254
}

/// The layout of every document this module writes.
pub const LAYOUT: Layout = Layout {
    page_width: 11906,
    page_height: 16838,
    margin_top: mm(37),
    margin_bottom: mm(35),
    margin_left: mm(28),
    margin_right: mm(26),
    footer: mm(25),
    title_size: 44,
    body_size: 32,
    body_line: 560,
    table_size: 24,
    wide_table_size: 21,
    page_number_size: 28,
    border: 4,
    cell_margin_x: 57,
    cell_margin_y: 28,
    figure_column: 680,
    outer_label_column: 4 * 210 + 2 * 57,
};

/// The width between the margins.
pub const TEXT_WIDTH: u32 = LAYOUT.page_width - LAYOUT.margin_left - LAYOUT.margin_right;

/// Grid width from which a table is set in the smaller font (sections 三 and 四), as in the HTML
/// export.
pub const WIDE_COLUMNS: usize = 6;

/// The fonts: 仿宋 for text, 黑体 for headings and captions, 楷体 for sub-headings. Each is named
/// as Chinese official documents name it, with the name Windows gives it today as the alternative
/// Word falls back to (`fontTable.xml`).
const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const FONTS: [(&str, &str); 3] = [(FANGSONG, "仿宋"), (HEITI, "SimHei"), (KAITI, "楷体")];

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships of the office document, and their namespace.
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The package's relationships.
const REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// What went wrong, for people (only a failure of the writer itself; no report makes one).
fn failed(what: impl std::fmt::Display) -> String {
    format!("生成 Word 文档时出错：{what}")
}

/// The report as a Word document (.docx bytes).
pub fn to_docx(draft: &Draft) -> Result<Vec<u8>, String> {
    let report = shown(draft);
    let parts: [(&str, Vec<u8>); 10] = [
        ("[Content_Types].xml", content_types().map_err(failed)?),
        ("_rels/.rels", package_rels().map_err(failed)?),
        (
            "docProps/core.xml",
            core_properties(&report).map_err(failed)?,
        ),
        ("docProps/app.xml", app_properties(&report).map_err(failed)?),
        ("word/document.xml", document(&report).map_err(failed)?),
        ("word/styles.xml", styles().map_err(failed)?),
        ("word/settings.xml", settings().map_err(failed)?),
        ("word/fontTable.xml", font_table().map_err(failed)?),
        ("word/footer1.xml", footer().map_err(failed)?),
        (
            "word/_rels/document.xml.rels",
            document_rels().map_err(failed)?,
        ),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(failed)?;
        zip.write_all(&bytes).map_err(failed)?;
    }
    Ok(zip.finish().map_err(failed)?.into_inner())
}

/// Whether XML 1.0 allows a code point in a document (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// Text as it may go into the XML: without the code points XML 1.0 forbids (the form feed that
/// HTML allows, controls, U+FFFE/U+FFFF) nor those [`forbidden`] leaves out of what is shown.
pub fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| xml_char(c) && !forbidden(c))
        .collect()
}

/// A property's value: one line of XML-safe text.
fn one_line(text: &str) -> String {
    let text = xml_text(text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

type Xml = Writer<Vec<u8>>;
type Io<T = ()> = std::io::Result<T>;

fn new_xml() -> Io<Xml> {
    let mut xml = Writer::new(Vec::new());
    xml.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )))?;
    xml.get_mut().extend_from_slice(b"\r\n");
    Ok(xml)
}

fn start(xml: &mut Xml, name: &str, attrs: &[(&str, &str)]) -> Io {
    let mut e = BytesStart::new(name);
    e.extend_attributes(attrs.iter().copied());
    xml.write_event(Event::Start(e))
}

fn end(xml: &mut Xml, name: &str) -> Io {
    xml.write_event(Event::End(BytesEnd::new(name)))
}

fn empty(xml: &mut Xml, name: &str, attrs: &[(&str, &str)]) -> Io {
    let mut e = BytesStart::new(name);
    e.extend_attributes(attrs.iter().copied());
    xml.write_event(Event::Empty(e))
}

/// An element holding text (escaped by the writer).
fn text_element(xml: &mut Xml, name: &str, attrs: &[(&str, &str)], text: &str) -> Io {
    start(xml, name, attrs)?;
    xml.write_event(Event::Text(BytesText::new(text)))?;
    end(xml, name)
}

/// `<w:x w:val="…"/>`.
fn val(xml: &mut Xml, name: &str, value: &str) -> Io {
    empty(xml, name, &[("w:val", value)])
}

fn content_types() -> Io<Vec<u8>> {
    const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut xml = new_xml()?;
    start(
        &mut xml,
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    )?;
    empty(
        &mut xml,
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    )?;
    empty(
        &mut xml,
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    )?;
    for (part, kind) in [
        ("/word/document.xml", format!("{MAIN}.document.main+xml")),
        ("/word/styles.xml", format!("{MAIN}.styles+xml")),
        ("/word/settings.xml", format!("{MAIN}.settings+xml")),
        ("/word/fontTable.xml", format!("{MAIN}.fontTable+xml")),
        ("/word/footer1.xml", format!("{MAIN}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ] {
        empty(
            &mut xml,
            "Override",
            &[("PartName", part), ("ContentType", &kind)],
        )?;
    }
    end(&mut xml, "Types")?;
    Ok(xml.into_inner())
}

/// A relationships part: `(id, type, target)`, the type a full URI.
fn relationships(rels: &[(&str, String, &str)]) -> Io<Vec<u8>> {
    let mut xml = new_xml()?;
    start(&mut xml, "Relationships", &[("xmlns", REL)])?;
    for (id, kind, target) in rels {
        empty(
            &mut xml,
            "Relationship",
            &[("Id", id), ("Type", kind.as_str()), ("Target", target)],
        )?;
    }
    end(&mut xml, "Relationships")?;
    Ok(xml.into_inner())
}

fn package_rels() -> Io<Vec<u8>> {
    relationships(&[
        ("rId1", format!("{R}/officeDocument"), "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_string(),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{R}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

fn document_rels() -> Io<Vec<u8>> {
    relationships(&[
        ("rId1", format!("{R}/styles"), "styles.xml"),
        ("rId2", format!("{R}/settings"), "settings.xml"),
        ("rId3", format!("{R}/fontTable"), "fontTable.xml"),
        ("rId4", format!("{R}/footer"), "footer1.xml"),
    ])
}

/// The keywords: the format's name, the issuing body and the year (those given).
fn keywords(report: &Shown) -> String {
    [report.template.title_suffix, &report.agency, &report.year]
        .into_iter()
        .map(one_line)
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn core_properties(report: &Shown) -> Io<Vec<u8>> {
    let mut xml = new_xml()?;
    start(
        &mut xml,
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    )?;
    let year = one_line(&report.year);
    let subject = if year.is_empty() {
        report.template.title_suffix.to_string()
    } else {
        report.template.title("", &year)
    };
    text_element(&mut xml, "dc:title", &[], &one_line(&report.title))?;
    text_element(&mut xml, "dc:subject", &[], &subject)?;
    let agency = one_line(&report.agency);
    if !agency.is_empty() {
        text_element(&mut xml, "dc:creator", &[], &agency)?;
    }
    text_element(&mut xml, "cp:keywords", &[], &keywords(report))?;
    text_element(&mut xml, "dc:language", &[], "zh-CN")?;
    // The date of publication, when the report has one, as the document's date (the core has no
    // clock, and a made-up time would be worse than none).
    if let Some(date) = report.published {
        let when = format!("{date}T00:00:00Z");
        for name in ["dcterms:created", "dcterms:modified"] {
            text_element(&mut xml, name, &[("xsi:type", "dcterms:W3CDTF")], &when)?;
        }
    }
    end(&mut xml, "cp:coreProperties")?;
    Ok(xml.into_inner())
}

fn app_properties(report: &Shown) -> Io<Vec<u8>> {
    let mut xml = new_xml()?;
    start(
        &mut xml,
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    )?;
    text_element(&mut xml, "Application", &[], "nianbao")?;
    let agency = one_line(&report.agency);
    if !agency.is_empty() {
        text_element(&mut xml, "Company", &[], &agency)?;
    }
    end(&mut xml, "Properties")?;
    Ok(xml.into_inner())
}

fn settings() -> Io<Vec<u8>> {
    let mut xml = new_xml()?;
    start(&mut xml, "w:settings", &[("xmlns:w", W)])?;
    empty(&mut xml, "w:zoom", &[("w:percent", "100")])?;
    val(&mut xml, "w:defaultTabStop", "420")?;
    // Chinese punctuation set half-width where two meet, as Word and WPS do for Chinese text.
    val(&mut xml, "w:characterSpacingControl", "compressPunctuation")?;
    start(&mut xml, "w:compat", &[])?;
    // Word 2013 and later's own layout, not a compatibility mode.
    empty(
        &mut xml,
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    )?;
    end(&mut xml, "w:compat")?;
    empty(
        &mut xml,
        "w:themeFontLang",
        &[("w:val", "en-US"), ("w:eastAsia", "zh-CN")],
    )?;
    end(&mut xml, "w:settings")?;
    Ok(xml.into_inner())
}

fn font_table() -> Io<Vec<u8>> {
    let mut xml = new_xml()?;
    start(&mut xml, "w:fonts", &[("xmlns:w", W)])?;
    for (name, alt) in FONTS {
        start(&mut xml, "w:font", &[("w:name", name)])?;
        val(&mut xml, "w:altName", alt)?;
        // GB2312, fixed pitch: a Chinese font, so that a substitute is one too.
        val(&mut xml, "w:charset", "86")?;
        val(&mut xml, "w:family", "modern")?;
        val(&mut xml, "w:pitch", "fixed")?;
        end(&mut xml, "w:font")?;
    }
    end(&mut xml, "w:fonts")?;
    Ok(xml.into_inner())
}

/// `w:rFonts` naming one font for every script, so that figures and Latin letters are set in it
/// too, as the HTML export sets them.
fn fonts(xml: &mut Xml, font: &str) -> Io {
    empty(
        xml,
        "w:rFonts",
        &[
            ("w:ascii", font),
            ("w:hAnsi", font),
            ("w:eastAsia", font),
            ("w:cs", font),
        ],
    )
}

fn size(xml: &mut Xml, half_points: u32) -> Io {
    let n = half_points.to_string();
    val(xml, "w:sz", &n)?;
    val(xml, "w:szCs", &n)
}

/// `w:spacing`: before and after in twips, and the line (fixed when `exact`, else in 240ths of a
/// single line).
fn spacing(xml: &mut Xml, before: u32, after: u32, line: u32, exact: bool) -> Io {
    empty(
        xml,
        "w:spacing",
        &[
            ("w:before", &before.to_string()),
            ("w:after", &after.to_string()),
            ("w:line", &line.to_string()),
            ("w:lineRule", if exact { "exact" } else { "auto" }),
        ],
    )
}

/// The first line indented by two characters of `size` (half-points).
fn indent_two(xml: &mut Xml, size: u32) -> Io {
    empty(
        xml,
        "w:ind",
        &[
            ("w:firstLineChars", "200"),
            ("w:firstLine", &(size * 20).to_string()),
        ],
    )
}

/// A paragraph style.
#[derive(Debug, Clone, Copy)]
struct Style {
    id: &'static str,
    /// The built-in name Word knows (shown localised: 正文, 标题, 标题 1 …) or our own.
    name: &'static str,
    based_on: Option<&'static str>,
    font: &'static str,
    size: u32,
    bold: bool,
    /// Before, after, line, exact.
    spacing: (u32, u32, u32, bool),
    indent: bool,
    jc: &'static str,
    keep_next: bool,
    outline: Option<&'static str>,
}

/// The paragraph styles, by id.
const NORMAL: &str = "Normal";
const TITLE: &str = "Title";
const HEADING1: &str = "Heading1";
const HEADING2: &str = "Heading2";
const TABLE_TEXT: &str = "TableText";
const TABLE_WIDE: &str = "TableTextWide";
const SIGNATURE: &str = "Signature";
const FOOTER: &str = "Footer";
/// The caption's character style (黑体 bold, in its table's size).
const CAPTION: &str = "TableCaption";

fn paragraph_styles() -> [Style; 8] {
    let body = (0, 0, LAYOUT.body_line, true);
    let table = (0, 0, 240, false);
    let plain = Style {
        id: NORMAL,
        name: "Normal",
        based_on: None,
        font: FANGSONG,
        size: LAYOUT.body_size,
        bold: false,
        spacing: body,
        indent: true,
        jc: "both",
        keep_next: false,
        outline: None,
    };
    [
        plain,
        Style {
            id: TITLE,
            name: "Title",
            based_on: Some(NORMAL),
            font: HEITI,
            size: LAYOUT.title_size,
            // One blank body line below the title.
            spacing: (0, LAYOUT.body_line, 240, false),
            indent: false,
            jc: "center",
            keep_next: true,
            outline: None,
            ..plain
        },
        Style {
            id: HEADING1,
            name: "heading 1",
            based_on: Some(NORMAL),
            font: HEITI,
            keep_next: true,
            outline: Some("0"),
            ..plain
        },
        Style {
            id: HEADING2,
            name: "heading 2",
            based_on: Some(NORMAL),
            font: KAITI,
            bold: true,
            keep_next: true,
            outline: Some("1"),
            ..plain
        },
        Style {
            id: TABLE_TEXT,
            name: "Table Text",
            based_on: Some(NORMAL),
            size: LAYOUT.table_size,
            spacing: table,
            indent: false,
            jc: "center",
            ..plain
        },
        Style {
            id: TABLE_WIDE,
            name: "Table Text Wide",
            based_on: Some(TABLE_TEXT),
            size: LAYOUT.wide_table_size,
            spacing: table,
            indent: false,
            jc: "center",
            ..plain
        },
        Style {
            id: SIGNATURE,
            name: "Signature",
            based_on: Some(NORMAL),
            indent: false,
            jc: "right",
            ..plain
        },
        Style {
            id: FOOTER,
            name: "footer",
            based_on: Some(NORMAL),
            font: "宋体",
            size: LAYOUT.page_number_size,
            spacing: (0, 0, 240, false),
            indent: false,
            jc: "center",
            ..plain
        },
    ]
}

fn styles() -> Io<Vec<u8>> {
    let mut xml = new_xml()?;
    start(&mut xml, "w:styles", &[("xmlns:w", W)])?;
    start(&mut xml, "w:docDefaults", &[])?;
    start(&mut xml, "w:rPrDefault", &[])?;
    start(&mut xml, "w:rPr", &[])?;
    fonts(&mut xml, FANGSONG)?;
    size(&mut xml, LAYOUT.body_size)?;
    empty(
        &mut xml,
        "w:lang",
        &[
            ("w:val", "en-US"),
            ("w:eastAsia", "zh-CN"),
            ("w:bidi", "ar-SA"),
        ],
    )?;
    end(&mut xml, "w:rPr")?;
    end(&mut xml, "w:rPrDefault")?;
    start(&mut xml, "w:pPrDefault", &[])?;
    start(&mut xml, "w:pPr", &[])?;
    spacing(&mut xml, 0, 0, 240, false)?;
    end(&mut xml, "w:pPr")?;
    end(&mut xml, "w:pPrDefault")?;
    end(&mut xml, "w:docDefaults")?;

    for style in paragraph_styles() {
        let mut attrs = vec![("w:type", "paragraph"), ("w:styleId", style.id)];
        if style.id == NORMAL {
            attrs.push(("w:default", "1"));
        }
        start(&mut xml, "w:style", &attrs)?;
        val(&mut xml, "w:name", style.name)?;
        if let Some(base) = style.based_on {
            val(&mut xml, "w:basedOn", base)?;
        }
        if style.id != NORMAL {
            val(&mut xml, "w:next", NORMAL)?;
        }
        empty(&mut xml, "w:qFormat", &[])?;
        start(&mut xml, "w:pPr", &[])?;
        if style.keep_next {
            empty(&mut xml, "w:keepNext", &[])?;
            empty(&mut xml, "w:keepLines", &[])?;
        }
        let (before, after, line, exact) = style.spacing;
        spacing(&mut xml, before, after, line, exact)?;
        if style.indent {
            indent_two(&mut xml, style.size)?;
        } else {
            empty(
                &mut xml,
                "w:ind",
                &[("w:firstLineChars", "0"), ("w:firstLine", "0")],
            )?;
        }
        val(&mut xml, "w:jc", style.jc)?;
        if let Some(level) = style.outline {
            val(&mut xml, "w:outlineLvl", level)?;
        }
        end(&mut xml, "w:pPr")?;
        start(&mut xml, "w:rPr", &[])?;
        fonts(&mut xml, style.font)?;
        if style.bold {
            empty(&mut xml, "w:b", &[])?;
            empty(&mut xml, "w:bCs", &[])?;
        } else if style.based_on.is_some() {
            val(&mut xml, "w:b", "0")?;
            val(&mut xml, "w:bCs", "0")?;
        }
        size(&mut xml, style.size)?;
        end(&mut xml, "w:rPr")?;
        end(&mut xml, "w:style")?;
    }

    start(
        &mut xml,
        "w:style",
        &[("w:type", "character"), ("w:styleId", CAPTION)],
    )?;
    val(&mut xml, "w:name", "Table Caption")?;
    start(&mut xml, "w:rPr", &[])?;
    fonts(&mut xml, HEITI)?;
    empty(&mut xml, "w:b", &[])?;
    empty(&mut xml, "w:bCs", &[])?;
    end(&mut xml, "w:rPr")?;
    end(&mut xml, "w:style")?;

    start(
        &mut xml,
        "w:style",
        &[
            ("w:type", "table"),
            ("w:default", "1"),
            ("w:styleId", "TableNormal"),
        ],
    )?;
    val(&mut xml, "w:name", "Normal Table")?;
    empty(&mut xml, "w:semiHidden", &[])?;
    start(&mut xml, "w:tblPr", &[])?;
    empty(&mut xml, "w:tblInd", &[("w:w", "0"), ("w:type", "dxa")])?;
    cell_margins(&mut xml)?;
    end(&mut xml, "w:tblPr")?;
    end(&mut xml, "w:style")?;

    end(&mut xml, "w:styles")?;
    Ok(xml.into_inner())
}

fn cell_margins(xml: &mut Xml) -> Io {
    let (x, y) = (
        LAYOUT.cell_margin_x.to_string(),
        LAYOUT.cell_margin_y.to_string(),
    );
    start(xml, "w:tblCellMar", &[])?;
    for (side, w) in [
        ("w:top", &y),
        ("w:left", &x),
        ("w:bottom", &y),
        ("w:right", &x),
    ] {
        empty(xml, side, &[("w:w", w), ("w:type", "dxa")])?;
    }
    end(xml, "w:tblCellMar")
}

/// The footer: the page number between two dashes, centred.
fn footer() -> Io<Vec<u8>> {
    let mut xml = new_xml()?;
    start(&mut xml, "w:ftr", &[("xmlns:w", W), ("xmlns:r", R)])?;
    start(&mut xml, "w:p", &[])?;
    start(&mut xml, "w:pPr", &[])?;
    val(&mut xml, "w:pStyle", FOOTER)?;
    end(&mut xml, "w:pPr")?;
    run(&mut xml, "— ")?;
    start(&mut xml, "w:fldSimple", &[("w:instr", " PAGE ")])?;
    run(&mut xml, "1")?;
    end(&mut xml, "w:fldSimple")?;
    run(&mut xml, " —")?;
    end(&mut xml, "w:p")?;
    end(&mut xml, "w:ftr")?;
    Ok(xml.into_inner())
}

/// A run of text: tabs as `w:tab`, line breaks as `w:br`, nothing XML forbids.
fn run(xml: &mut Xml, text: &str) -> Io {
    run_styled(xml, text, None)
}

fn run_styled(xml: &mut Xml, text: &str, style: Option<&str>) -> Io {
    let text = xml_text(text);
    if text.is_empty() {
        return Ok(());
    }
    start(xml, "w:r", &[])?;
    if let Some(style) = style {
        start(xml, "w:rPr", &[])?;
        val(xml, "w:rStyle", style)?;
        end(xml, "w:rPr")?;
    }
    // A `\r\n` is one break; a lone `\r` another.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut piece = String::new();
    let flush = |xml: &mut Xml, piece: &mut String| -> Io {
        if !piece.is_empty() {
            text_element(xml, "w:t", &[("xml:space", "preserve")], piece)?;
            piece.clear();
        }
        Ok(())
    };
    for c in text.chars() {
        match c {
            '\t' => {
                flush(xml, &mut piece)?;
                empty(xml, "w:tab", &[])?;
            }
            '\n' => {
                flush(xml, &mut piece)?;
                empty(xml, "w:br", &[])?;
            }
            c => piece.push(c),
        }
    }
    flush(xml, &mut piece)?;
    end(xml, "w:r")
}

/// A paragraph in a style, with `before` overriding the style's spacing above it.
fn paragraph(xml: &mut Xml, style: &str, text: &str, before: Option<u32>) -> Io {
    start(xml, "w:p", &[])?;
    start(xml, "w:pPr", &[])?;
    val(xml, "w:pStyle", style)?;
    if let Some(before) = before {
        empty(xml, "w:spacing", &[("w:before", &before.to_string())])?;
    }
    end(xml, "w:pPr")?;
    run(xml, text)?;
    end(xml, "w:p")
}

fn document(report: &Shown) -> Io<Vec<u8>> {
    let mut xml = new_xml()?;
    start(&mut xml, "w:document", &[("xmlns:w", W), ("xmlns:r", R)])?;
    start(&mut xml, "w:body", &[])?;
    paragraph(&mut xml, TITLE, &report.title, None)?;
    for line in &report.preamble {
        paragraph(&mut xml, NORMAL, line, None)?;
    }
    for section in &report.sections {
        paragraph(&mut xml, HEADING1, section.section.heading, None)?;
        for part in &section.parts {
            match part {
                Part::SubHeading(heading) => paragraph(&mut xml, HEADING2, heading, None)?,
                Part::Paragraphs(lines) => {
                    for line in lines {
                        paragraph(&mut xml, NORMAL, line, None)?;
                    }
                }
                Part::Table { table, cells } => {
                    write_table(&mut xml, table, cells, section.section)?;
                    // The gap below a table; it also keeps the next table apart (Word joins
                    // tables that touch) and ends the body with a paragraph, as Word wants.
                    paragraph(&mut xml, TABLE_TEXT, "", None)?;
                }
            }
        }
    }
    let date = report.date_text();
    // Two blank lines above the signature, as the HTML export leaves 2em.
    let mut before = Some(2 * LAYOUT.body_line);
    for line in [&report.agency, &date] {
        if !line.is_empty() {
            paragraph(&mut xml, SIGNATURE, line, before.take())?;
        }
    }
    section_properties(&mut xml)?;
    end(&mut xml, "w:body")?;
    end(&mut xml, "w:document")?;
    Ok(xml.into_inner())
}

fn section_properties(xml: &mut Xml) -> Io {
    start(xml, "w:sectPr", &[])?;
    empty(
        xml,
        "w:footerReference",
        &[("w:type", "default"), ("r:id", "rId4")],
    )?;
    empty(
        xml,
        "w:pgSz",
        &[
            ("w:w", &LAYOUT.page_width.to_string()),
            ("w:h", &LAYOUT.page_height.to_string()),
        ],
    )?;
    empty(
        xml,
        "w:pgMar",
        &[
            ("w:top", &LAYOUT.margin_top.to_string()),
            ("w:right", &LAYOUT.margin_right.to_string()),
            ("w:bottom", &LAYOUT.margin_bottom.to_string()),
            ("w:left", &LAYOUT.margin_left.to_string()),
            ("w:header", "851"),
            ("w:footer", &LAYOUT.footer.to_string()),
            ("w:gutter", "0"),
        ],
    )?;
    empty(xml, "w:cols", &[("w:space", "425")])?;
    end(xml, "w:sectPr")
}

/// A cell of a table's grid, placed: where it starts, how far it spans, what it shows.
#[derive(Debug, Clone, Copy)]
struct Placed<'a> {
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
    text: &'a str,
    role: CellRole,
}

/// The tables of a section with a caption (section 二's sub-tables) share one grid, as wide as the
/// widest of them, as in the official template.
fn grid_width(table: &Table, section: &Section) -> usize {
    let own = usize::from(table.label_columns) + usize::from(table.columns);
    if table.caption.is_empty() {
        return own;
    }
    section
        .items
        .iter()
        .filter_map(|item| match item {
            nianbao_core::template::Item::Table(t) if !t.caption.is_empty() => {
                Some(usize::from(t.label_columns) + usize::from(t.columns))
            }
            _ => None,
        })
        .fold(own, usize::max)
}

/// Every cell of a table, row by row (`shown::table_grid`: the caption row, the header rows, the
/// data rows with their label cells), on a grid `width` columns wide (a narrower table's last column
/// spans the rest).
fn placed_cells<'a>(table: &'static Table, cells: &'a [String], width: usize) -> Vec<Placed<'a>> {
    let own = usize::from(table.label_columns) + usize::from(table.columns);
    let extra = width.saturating_sub(own);
    table_grid(table, cells)
        .into_iter()
        .map(|PlacedCell { row, col, cell }| Placed {
            row,
            col,
            rowspan: cell.rowspan,
            // A cell reaching the table's last column reaches the grid's.
            colspan: if col + cell.colspan >= own {
                cell.colspan + extra
            } else {
                cell.colspan
            },
            text: cell.text,
            role: cell.role,
        })
        .collect()
}

/// The columns' widths in twips, adding up to the text width: equal columns where the labels take
/// one column or none (the official template's section 二 and 四), else figures at
/// [`Layout::figure_column`], outer labels at [`Layout::outer_label_column`], and the innermost
/// label the rest (section 三).
fn column_widths(table: &Table, width: usize) -> Vec<u32> {
    let labels = usize::from(table.label_columns);
    let columns = usize::from(table.columns);
    let equal = |n: usize| -> Vec<u32> {
        let n32 = u32::try_from(n.max(1)).unwrap_or(u32::MAX);
        let base = TEXT_WIDTH / n32;
        let rest = TEXT_WIDTH - base * n32;
        (0..n)
            .map(|i| base + u32::from(u32::try_from(i).unwrap_or(0) < rest))
            .collect()
    };
    if labels <= 1 || labels + columns != width {
        return equal(width);
    }
    let fixed = u32::try_from(columns).unwrap_or(0) * LAYOUT.figure_column
        + u32::try_from(labels - 1).unwrap_or(0) * LAYOUT.outer_label_column;
    match TEXT_WIDTH.checked_sub(fixed) {
        Some(inner) if inner >= LAYOUT.outer_label_column => {
            let mut out = vec![LAYOUT.outer_label_column; labels - 1];
            out.push(inner);
            out.extend(std::iter::repeat_n(LAYOUT.figure_column, columns));
            out
        }
        _ => equal(width),
    }
}

fn write_table(xml: &mut Xml, table: &'static Table, cells: &[String], section: &Section) -> Io {
    let width = grid_width(table, section);
    let widths = column_widths(table, width);
    let wide = width > WIDE_COLUMNS;
    let text_style = if wide { TABLE_WIDE } else { TABLE_TEXT };
    let header_rows = usize::from(!table.caption.is_empty()) + table.header.len();
    let rows = header_rows + table.rows.len();
    let placed = placed_cells(table, cells, width);

    start(xml, "w:tbl", &[])?;
    start(xml, "w:tblPr", &[])?;
    empty(
        xml,
        "w:tblW",
        &[("w:w", &TEXT_WIDTH.to_string()), ("w:type", "dxa")],
    )?;
    val(xml, "w:jc", "center")?;
    empty(xml, "w:tblInd", &[("w:w", "0"), ("w:type", "dxa")])?;
    start(xml, "w:tblBorders", &[])?;
    let border = LAYOUT.border.to_string();
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        empty(
            xml,
            side,
            &[
                ("w:val", "single"),
                ("w:sz", &border),
                ("w:space", "0"),
                ("w:color", "000000"),
            ],
        )?;
    }
    end(xml, "w:tblBorders")?;
    empty(xml, "w:tblLayout", &[("w:type", "fixed")])?;
    cell_margins(xml)?;
    end(xml, "w:tblPr")?;
    start(xml, "w:tblGrid", &[])?;
    for w in &widths {
        empty(xml, "w:gridCol", &[("w:w", &w.to_string())])?;
    }
    end(xml, "w:tblGrid")?;

    for row in 0..rows {
        start(xml, "w:tr", &[])?;
        start(xml, "w:trPr", &[])?;
        empty(xml, "w:cantSplit", &[])?;
        if row < header_rows {
            empty(xml, "w:tblHeader", &[])?;
        }
        end(xml, "w:trPr")?;
        let mut col = 0;
        while col < width {
            let starts = placed.iter().find(|p| p.row == row && p.col == col);
            // A cell merged down from an earlier row covers this place: Word wants a cell here
            // too, marked as continuing the merge.
            let above = placed
                .iter()
                .find(|p| p.col == col && p.row < row && row < p.row + p.rowspan);
            let (colspan, merge, text, role) = match (starts, above) {
                (Some(p), _) => (
                    p.colspan,
                    (p.rowspan > 1).then_some("restart"),
                    p.text,
                    p.role,
                ),
                (None, Some(p)) => (p.colspan, Some("continue"), "", p.role),
                // No cell in the template's grid here (it never happens with a template whose
                // header fills its rows): an empty cell keeps the row whole.
                (None, None) => (1, None, "", CellRole::Figure),
            };
            let colspan = colspan.clamp(1, width - col);
            let cell_width: u32 = widths[col..col + colspan].iter().sum();
            write_cell(xml, cell_width, colspan, merge, text, role, text_style)?;
            col += colspan;
        }
        end(xml, "w:tr")?;
    }
    end(xml, "w:tbl")
}

fn write_cell(
    xml: &mut Xml,
    width: u32,
    colspan: usize,
    merge: Option<&str>,
    text: &str,
    role: CellRole,
    style: &str,
) -> Io {
    start(xml, "w:tc", &[])?;
    start(xml, "w:tcPr", &[])?;
    empty(
        xml,
        "w:tcW",
        &[("w:w", &width.to_string()), ("w:type", "dxa")],
    )?;
    if colspan > 1 {
        val(xml, "w:gridSpan", &colspan.to_string())?;
    }
    match merge {
        Some("restart") => val(xml, "w:vMerge", "restart")?,
        Some(_) => empty(xml, "w:vMerge", &[])?,
        None => {}
    }
    val(xml, "w:vAlign", "center")?;
    end(xml, "w:tcPr")?;
    start(xml, "w:p", &[])?;
    start(xml, "w:pPr", &[])?;
    val(xml, "w:pStyle", style)?;
    if role == CellRole::Label {
        val(xml, "w:jc", "left")?;
    }
    end(xml, "w:pPr")?;
    run_styled(xml, text, (role == CellRole::Caption).then_some(CAPTION))?;
    end(xml, "w:p")?;
    end(xml, "w:tc")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_are_the_millimetres_in_twips() {
        assert_eq!(
            (
                LAYOUT.margin_top,
                LAYOUT.margin_bottom,
                LAYOUT.margin_left,
                LAYOUT.margin_right
            ),
            (2098, 1984, 1587, 1474)
        );
        assert_eq!(TEXT_WIDTH, 8845);
    }

    #[test]
    fn columns_add_up_to_the_text_width() {
        let template = nianbao_core::current_template();
        for section in template.sections {
            for item in section.items {
                if let nianbao_core::template::Item::Table(table) = item {
                    let width = grid_width(table, section);
                    let widths = column_widths(table, width);
                    assert_eq!(widths.len(), width, "{}", table.id);
                    assert_eq!(widths.iter().sum::<u32>(), TEXT_WIDTH, "{}", table.id);
                }
            }
        }
    }

    #[test]
    fn xml_forbidden_code_points_are_left_out() {
        assert_eq!(
            xml_text("a\u{0}b\u{c}c\u{1b}d\u{fffe}e\u{ffff}f\u{1fffe}g\u{85}h\t\n"),
            "abcdefgh\t\n"
        );
        assert_eq!(one_line(" 某县\n人民政府\u{b} "), "某县 人民政府");
    }
}
