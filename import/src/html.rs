//! A web page read into blocks: the report's part of a portal page (its navigation, share buttons and
//! footer left out) as paragraphs and tables, merged cells laid out as the browser draws them.
//!
//! The page is parsed by html5ever (through `scraper`), as a browser would, so broken markup reads as
//! it shows. The report's part is the smallest element that holds both its first and its last
//! section heading; the title, which portals often print above that element, is looked for in the
//! whole page.

use nianbao_core::block::SpannedCell;
use scraper::{ElementRef, Html, Node};

use crate::doc::Block;
use crate::words::squeeze;

/// Elements whose text is never part of the report.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "iframe", "svg", "button", "select",
    "option", "textarea",
];

/// Elements that end a paragraph.
const BLOCK_LEVEL: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "center",
    "pre",
    "dd",
    "dt",
    "dl",
    "form",
    "main",
    "aside",
    "caption",
    "hr",
    "address",
    "figure",
    "figcaption",
    "title",
];

/// The blocks of a page: its report's part, preceded by the page's title lines when that part has
/// none.
pub fn blocks(html: &str) -> Vec<Block> {
    let document = Html::parse_document(html);
    let root = document.root_element();
    let container = report_part(root).unwrap_or(root);
    let mut out = Reader::default();
    out.walk(container);
    out.flush();
    let mut blocks = out.blocks;
    let has_title = blocks
        .iter()
        .any(|b| matches!(b, Block::Para(t) if is_title(t)));
    if !has_title {
        // The first element elsewhere in the page whose text is a title (a heading above the
        // report's part, the page's <title>), found from the text nodes that name it.
        let title = root.descendants().find_map(|node| {
            let text = node.value().as_text()?;
            if !squeeze(text).contains("年度报告") {
                return None;
            }
            node.ancestors()
                .filter_map(ElementRef::wrap)
                .take(3)
                .map(|e| collapse(&e.text().collect::<String>()))
                .find(|t| is_title(t))
        });
        if let Some(title) = title {
            blocks.insert(0, Block::Para(title));
        }
    }
    blocks
}

fn is_title(text: &str) -> bool {
    let text = squeeze(text);
    text.contains("政府信息公开工作年度报告") && text.chars().count() <= 60
}

/// The smallest element holding the first heading of 一、总体情况 and the last of 六、其他需要报告的事项.
///
/// Headings are found from the text nodes that hold their words, climbing to the smallest element
/// whose whole text is the heading (`<p><b>一、</b><span>总体情况</span></p>`): collecting the text of
/// every element of a page would cost its size times its depth.
fn report_part(root: ElementRef) -> Option<ElementRef> {
    let first = root
        .descendants()
        .find_map(|n| heading_at(n, "总体情况", '一'))?;
    let last = root
        .descendants()
        .filter_map(|n| heading_at(n, "其他需要报告", '六'))
        .last()?;
    let first_chain: Vec<_> = first.ancestors().map(|n| n.id()).collect();
    last.ancestors()
        .find(|a| first_chain.contains(&a.id()))
        .and_then(ElementRef::wrap)
}

/// The heading element a text node is part of, if the text holds `words` and the heading (at most
/// four levels up, at most 45 characters) holds `numeral`.
fn heading_at<'a>(
    node: ego_tree::NodeRef<'a, Node>,
    words: &str,
    numeral: char,
) -> Option<ElementRef<'a>> {
    let text = node.value().as_text()?;
    if !squeeze(text).contains(words) {
        return None;
    }
    node.ancestors()
        .filter_map(ElementRef::wrap)
        .take(4)
        .find(|e| {
            let text = squeeze(&e.text().collect::<String>());
            text.chars().count() <= 45 && text.contains(numeral)
        })
}

/// Collects paragraphs and tables in reading order.
#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    line: String,
}

impl Reader {
    fn flush(&mut self) {
        let text = collapse(&self.line);
        if !text.is_empty() {
            self.blocks.push(Block::Para(text));
        }
        self.line.clear();
    }

    fn walk(&mut self, element: ElementRef) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.line.push_str(text),
                Node::Element(e) => {
                    let name = e.name();
                    if SKIPPED.contains(&name) {
                        continue;
                    }
                    let Some(child) = ElementRef::wrap(child) else {
                        continue;
                    };
                    match name {
                        "br" => self.flush(),
                        "table" => {
                            self.flush();
                            let rows = table(child);
                            if !rows.is_empty() {
                                self.blocks.push(Block::Table(rows));
                            }
                        }
                        _ if BLOCK_LEVEL.contains(&name) => {
                            self.flush();
                            self.walk(child);
                            self.flush();
                        }
                        _ => self.walk(child),
                    }
                }
                _ => {}
            }
        }
    }
}

/// HTML's whitespace collapsed to single spaces, ends trimmed; a no-break space is kept as a space.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// A table's rows, each its cells with their spans. Rows of a table nested in a cell count as that
/// cell's text.
fn table(element: ElementRef) -> Vec<Vec<SpannedCell>> {
    let mut rows = Vec::new();
    collect_rows(element, &mut rows);
    rows
}

fn collect_rows(element: ElementRef, rows: &mut Vec<Vec<SpannedCell>>) {
    for child in element.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => {
                let cells = child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| matches!(c.value().name(), "td" | "th"))
                    .map(|cell| SpannedCell {
                        text: cell_text(cell),
                        rowspan: span(cell, "rowspan"),
                        colspan: span(cell, "colspan"),
                    })
                    .collect();
                rows.push(cells);
            }
            "thead" | "tbody" | "tfoot" => collect_rows(child, rows),
            _ => {}
        }
    }
}

fn span(cell: ElementRef, name: &str) -> usize {
    cell.value()
        .attr(name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

/// A cell's text: its paragraphs joined without a space (Word splits labels over lines inside a
/// cell: `结果` / `维持`), spaces collapsed.
fn cell_text(cell: ElementRef) -> String {
    let mut reader = Reader::default();
    reader.walk(cell);
    reader.flush();
    let mut parts = Vec::new();
    for block in reader.blocks {
        match block {
            Block::Para(t) => parts.push(t),
            Block::Table(rows) => parts.extend(
                rows.into_iter()
                    .flatten()
                    .map(|c| c.text)
                    .filter(|t| !t.is_empty()),
            ),
        }
    }
    parts.concat()
}
