//! The report for a portal's rich-text editor (复制到网站编辑器): HTML that editors such as UEditor
//! and KindEditor keep when it is pasted, and the same report as plain text.
//!
//! What those editors keep, and so what this writes: tables with `rowspan`/`colspan`, borders and
//! widths both as old attributes (`border`, `cellpadding`, `width`) and as inline `style`s (an
//! editor that strips one usually keeps the other); `<p>`, `<h1>`–`<h3>`, `<table>`, `<tr>`, `<td>`,
//! `<strong>` only — no classes (the page's stylesheet is not pasted), no `<th>`/`<thead>` (some
//! editors turn them into plain cells and lose their style), no scripts, no data block. The HTML
//! export (`html.rs`) is the page to publish as it is; this is for pasting into another page.
//! Everything shown comes from [`crate::shown`], so both say the same.

use maud::{html, Markup};

use crate::model::Draft;
use crate::shown::{shown, table_rows, CellRole, Part, Shown};
use crate::template::Table;

/// 仿宋 for text, as official documents are set; fonts the editor's page lacks fall back.
const BODY: &str = "font-family:FangSong,仿宋,FangSong_GB2312,仿宋_GB2312,serif;font-size:16pt;\
line-height:1.75;margin:0;text-indent:2em;text-align:justify";
const TITLE: &str =
    "font-family:SimHei,黑体,sans-serif;font-size:22pt;text-align:center;margin:0 0 1em";
const HEADING: &str =
    "font-family:SimHei,黑体,sans-serif;font-size:16pt;font-weight:bold;margin:0.8em 0 0.2em;\
text-indent:2em";
const SUB_HEADING: &str = "font-family:KaiTi,楷体,KaiTi_GB2312,楷体_GB2312,serif;font-size:16pt;\
font-weight:bold;margin:0.8em 0 0.2em;text-indent:2em";
const TABLE: &str = "border-collapse:collapse;width:100%;margin:0.6em 0 1em;\
font-family:FangSong,仿宋,FangSong_GB2312,仿宋_GB2312,serif;font-size:12pt";
const HEAD_CELL: &str = "border:1px solid #000;padding:4px;text-align:center;vertical-align:middle";
const LABEL_CELL: &str = "border:1px solid #000;padding:4px;text-align:left;vertical-align:middle";
const CELL: &str = "border:1px solid #000;padding:4px;text-align:center;vertical-align:middle";
const SIGNATURE: &str = "font-family:FangSong,仿宋,FangSong_GB2312,仿宋_GB2312,serif;\
font-size:16pt;margin:0;text-align:right";

/// The report as HTML for pasting into a portal's editor (a fragment: no `<html>`, no `<head>`).
pub fn to_editor_html(draft: &Draft) -> String {
    let report = shown(draft);
    let markup = html! {
        h1 style=(TITLE) { (report.title) } "\n"
        @for line in &report.preamble {
            p style=(BODY) { (line) } "\n"
        }
        @for section in &report.sections {
            h2 style=(HEADING) { (section.section.heading) } "\n"
            @for part in &section.parts {
                @match part {
                    Part::SubHeading(heading) => { h3 style=(SUB_HEADING) { (heading) } "\n" }
                    Part::Paragraphs(lines) => {
                        @for line in lines {
                            p style=(BODY) { (line) } "\n"
                        }
                    }
                    Part::Table { table, cells } => (table_markup(table, cells)),
                }
            }
        }
        @for line in signature(&report) {
            p style=(SIGNATURE) { (line) } "\n"
        }
    };
    markup.into_string()
}

/// The report as plain text, for editors and programs that take no HTML: one paragraph a line, a
/// table's rows one a line with their cells separated by tabs (labels merged over several rows are
/// written on the row they start on, as the table shows them).
pub fn to_plain_text(draft: &Draft) -> String {
    let mut text = shown(draft).lines(table_lines).join("\n");
    text.push('\n');
    text
}

fn signature(report: &Shown) -> Vec<String> {
    [report.agency.clone(), report.date_text()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect()
}

/// A span attribute's value, left out when it is 1 (the default).
fn span(n: usize) -> Option<usize> {
    (n > 1).then_some(n)
}

fn table_markup(table: &'static Table, cells: &[String]) -> Markup {
    let style = |role| match role {
        CellRole::Label => LABEL_CELL,
        CellRole::Figure => CELL,
        CellRole::Caption | CellRole::Head => HEAD_CELL,
    };
    html! {
        table border="1" cellspacing="0" cellpadding="4" width="100%" style=(TABLE) {
            "\n"
            tbody {
                "\n"
                @for row in table_rows(table, cells) {
                    tr {
                        @for cell in row {
                            td rowspan=[span(cell.rowspan)] colspan=[span(cell.colspan)] style=(style(cell.role)) {
                                @if cell.role == CellRole::Caption {
                                    strong { (cell.text) }
                                } @else {
                                    (cell.text)
                                }
                            }
                        }
                    }
                    "\n"
                }
            }
        }
        "\n"
    }
}

/// A table as lines of tab-separated cells: the caption, each header row, each data row.
fn table_lines(table: &'static Table, cells: &[String]) -> Vec<String> {
    table_rows(table, cells)
        .into_iter()
        .map(|row| row.iter().map(|c| c.text).collect::<Vec<_>>().join("\t"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_html_has_no_class_no_script_and_merged_cells() {
        let draft = Draft::new(crate::current_template());
        let html = to_editor_html(&draft);
        assert!(!html.contains("class="));
        assert!(!html.contains("<script"));
        assert!(!html.contains("<th"));
        assert!(
            html.contains("rowspan=\"22\""),
            "三、本年度办理结果 spans its 22 rows"
        );
        assert!(html.contains("colspan="));
    }

    #[test]
    fn the_plain_text_has_every_heading_and_label() {
        let draft = Draft::new(crate::current_template());
        let text = to_plain_text(&draft);
        for expected in shown(&draft).texts() {
            assert!(text.contains(&expected), "{expected}");
        }
    }
}
