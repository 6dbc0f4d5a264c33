//! The standalone HTML export: the report as one HTML5 document, ready to publish on a portal or print.
//!
//! The document walks the template (headings, sub-headings, header grids, row labels), so no label
//! is spelled here. It is written with `maud`, which escapes every interpolated value, so user text
//! can never become markup; the one pre-escaped insertion is the embedded JSON (see [`to_html`]).
//!
//! Choices:
//! - Layout as official documents are printed (GB/T 9704-2012): A4 with its margins, 仿宋 body text,
//!   黑体 section headings, 楷体 sub-headings, paragraphs indented by two characters, the issuing body
//!   and date signed at the end, right-aligned.
//! - What is shown (“无” under a blank sub-heading, cells as numbers or as typed, the fee sentence)
//!   is worked out in [`crate::shown`], the same for every exporter.
//! - Printed, no page break cuts a table row or a row label (see the print rules in `CSS` and
//!   `table_html`), and each page a table continues on repeats its header.
//! - All CSS is in the one `<style>` element: portals often forbid `style` attributes by CSP.
//! - No executable script. The draft rides along as a JSON data block (`type="application/json"`),
//!   so the app can open a published page again.
//! - Code points HTML forbids in a document are left out of the visible text (`shown`); the data
//!   block keeps them, written as `\u` escapes.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::json::{escape_for_script, to_json, HTML_SCRIPT_ID};
use crate::model::Draft;
use crate::shown::{clean, forbidden, shown, table_rows, CellRole, Part, Shown, ShownSection};
use crate::template::Table;

/// The document's stylesheet. It holds no `"`, `&`, `<` or `>` (font names are unquoted, which CSS
/// allows for names made of identifiers), so maud's escaping leaves it as it is and no pre-escaped
/// insertion is needed for it; a unit test guards that.
///
/// Printed, rows are kept whole (`tr`) except a row that starts an outermost merged label, and a row
/// label is one box (`display: inline-block` on its `span`), which a page break moves but never
/// cuts; see [`table_html`]. `thead` repeats on each page a table continues on, and is never cut
/// itself: Firefox does not repeat a head it has cut.
const CSS: &str = "
:root { color-scheme: light; }
html { background: #f2f2f2; color: #000; }
body {
  margin: 0;
  padding: 24px 12px;
  font-family: FangSong, 仿宋, FangSong_GB2312, 仿宋_GB2312, STFangsong, Noto Serif CJK SC,
    Source Han Serif SC, Songti SC, SimSun, serif;
  font-size: 18px;
  line-height: 1.8;
}
.report {
  box-sizing: border-box;
  max-width: 800px;
  margin: 0 auto;
  padding: 48px 56px;
  background: #fff;
  border: 1px solid #d8d8d8;
}
h1, h2, .caption {
  font-family: SimHei, 黑体, STHeiti, Heiti SC, Noto Sans CJK SC, Source Han Sans SC,
    Microsoft YaHei, sans-serif;
}
h1 {
  margin: 0 0 1.2em;
  font-size: 1.6em;
  line-height: 1.5;
  text-align: center;
}
h2, h3 {
  margin: 0.8em 0 0.2em;
  font-size: 1em;
  text-indent: 2em;
}
h2 { font-weight: bold; }
h3 {
  font-family: KaiTi, 楷体, KaiTi_GB2312, 楷体_GB2312, STKaiti, Kaiti SC, AR PL UKai CN,
    Noto Serif CJK SC, serif;
  font-weight: bold;
}
p {
  margin: 0;
  text-indent: 2em;
  text-align: justify;
  overflow-wrap: anywhere;
}
h1, h2, h3 {
  break-after: avoid;
  page-break-after: avoid;
  overflow-wrap: anywhere;
}
table {
  width: 100%;
  margin: 0.6em 0 1em;
  border-collapse: collapse;
  font-size: 16px;
  line-height: 1.5;
}
table.wide { font-size: 14px; }
th, td {
  padding: 0.3em 0.4em;
  border: 1px solid #000;
  vertical-align: middle;
}
th {
  font-weight: normal;
  text-align: center;
}
th[scope=row], th[scope=rowgroup] { text-align: left; }
.caption { font-weight: bold; }
td {
  text-align: center;
  font-variant-numeric: tabular-nums;
  white-space: nowrap;
}
.wide th ~ td { width: 3em; }
thead th { min-width: 2em; }
thead {
  display: table-header-group;
  break-inside: avoid;
  page-break-inside: avoid;
}
tr {
  break-inside: avoid;
  page-break-inside: avoid;
}
tr.group {
  break-inside: auto;
  page-break-inside: auto;
}
.signature {
  margin-top: 2em;
  text-align: right;
}
.signature p { text-indent: 0; text-align: right; }
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
}
@media print {
  html { background: none; }
  body { padding: 0; font-size: 16pt; line-height: 1.75; }
  .report { max-width: none; padding: 0; border: 0; }
  table { font-size: 12pt; line-height: 1.35; }
  table.wide { font-size: 10.5pt; }
  th, td { padding: 0.15em 0.3em; }
  .wide th ~ td { width: 2.5em; }
  tbody th span { display: inline-block; }
}
@media screen {
  .table { overflow-x: auto; }
}
@media screen and (max-width: 600px) {
  body { padding: 0; }
  .report { padding: 20px 14px; border: 0; }
  table.wide { font-size: 12px; }
}
";

/// Grid width from which a table is set in the smaller font (sections 三 and 四).
const WIDE_COLUMNS: usize = 6;

/// How many characters of the preamble the `Description` meta tag carries.
const DESCRIPTION_CHARS: usize = 100;

/// The standalone HTML document of a draft, ready to publish.
pub fn to_html(draft: &Draft) -> String {
    let report = shown(draft);
    let Shown {
        template,
        title,
        agency,
        published,
        published_text,
        year,
        preamble,
        sections,
    } = &report;
    let keywords = [template.title_suffix, agency, year]
        .into_iter()
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
        .join(",");
    // The JSON of the draft with `<`, `>`, `&`, U+2028 and U+2029 written as `\u` escapes: no `</script`,
    // `<!--` or `]]>` can appear in it, so it cannot end or change the data block, whatever was typed.
    // That makes it the one value safe to insert without HTML escaping (which would corrupt the JSON:
    // the content of a script element is not decoded).
    let data = escape_forbidden(&escape_for_script(&to_json(draft)));
    let markup = html! {
        (DOCTYPE) "\n"
        html lang="zh-CN" {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                title { (title) } "\n"
                meta name="generator" content="nianbao"; "\n"
                // Article metadata that 《政府网站发展指引》 (国办发〔2017〕47号) requires on every
                // article page of a government website, so portals and the national search index it.
                meta name="ArticleTitle" content=(title); "\n"
                @if let Some(date) = published {
                    meta name="PubDate" content=(date.to_string()); "\n"
                }
                @if !agency.is_empty() {
                    meta name="ContentSource" content=(agency); "\n"
                }
                meta name="Keywords" content=(keywords); "\n"
                meta name="Description" content=(description(&preamble.join("\n"))); "\n"
                style { (CSS) } "\n"
            }
            "\n"
            body {
                "\n"
                article class="report" {
                    "\n"
                    h1 { (title) } "\n"
                    (paragraphs(preamble))
                    @for section in sections {
                        (section_html(section))
                    }
                    @if !agency.is_empty() || !published_text.is_empty() {
                        footer class="signature" {
                            "\n"
                            @if !agency.is_empty() {
                                p { (agency) } "\n"
                            }
                            @if let Some(date) = published {
                                p { time datetime=(date.to_string()) { (date.chinese()) } } "\n"
                            } @else if !published_text.is_empty() {
                                p { (published_text) } "\n"
                            }
                        }
                        "\n"
                    }
                }
                "\n"
                script type="application/json" id=(HTML_SCRIPT_ID) { (PreEscaped(data)) }
                "\n"
            }
            "\n"
        }
        "\n"
    };
    markup.into_string()
}

/// JSON text with every forbidden code point written as a `\u` escape. JSON outside strings holds
/// only ASCII, so each such code point stands inside a string, where the escape means the same.
fn escape_forbidden(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if forbidden(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The preamble on one line, cut to [`DESCRIPTION_CHARS`] characters.
fn description(preamble: &str) -> String {
    let preamble = clean(preamble);
    let flat: Vec<&str> = preamble.split_whitespace().collect();
    let flat = flat.join(" ");
    if flat.chars().count() <= DESCRIPTION_CHARS {
        flat
    } else {
        let mut cut: String = flat.chars().take(DESCRIPTION_CHARS).collect();
        cut.push('…');
        cut
    }
}

/// One `<p>` per line.
fn paragraphs(lines: &[String]) -> Markup {
    html! {
        @for line in lines {
            p { (line) } "\n"
        }
    }
}

fn section_html(section: &ShownSection) -> Markup {
    html! {
        section {
            "\n"
            h2 { (section.section.heading) } "\n"
            @for part in &section.parts {
                @match part {
                    Part::SubHeading(heading) => { h3 { (heading) } "\n" }
                    Part::Paragraphs(lines) => (paragraphs(lines)),
                    Part::Table { table, cells } => (table_html(table, cells)),
                }
            }
        }
        "\n"
    }
}

/// `scope` of a header cell: a cell over several columns heads a group of them.
fn col_scope(colspan: usize) -> &'static str {
    if colspan > 1 {
        "colgroup"
    } else {
        "col"
    }
}

/// `scope` of a row label: a label over several rows heads a group of them.
fn row_scope(rowspan: usize) -> &'static str {
    if rowspan > 1 {
        "rowgroup"
    } else {
        "row"
    }
}

/// A span attribute's value, left out when it is 1 (the default).
fn span(n: usize) -> Option<usize> {
    (n > 1).then_some(n)
}

/// The data rows cut into `<tbody>` groups: each outermost label spanning several rows (section 三's
/// `三、本年度办理结果`) gets its own group, so its `scope="rowgroup"` names exactly its rows; the
/// single rows between are kept together.
fn body_groups(table: &Table) -> Vec<std::ops::Range<usize>> {
    let rows = table.rows;
    let mut groups = Vec::new();
    let (mut start, mut r) = (0, 0);
    while r < rows.len() {
        let outer = rows[r].labels.first();
        let len = rows[r..]
            .iter()
            .take_while(|row| row.labels.first() == outer)
            .count();
        if len > 1 {
            if start < r {
                groups.push(start..r);
            }
            groups.push(r..r + len);
            start = r + len;
        }
        r += len;
    }
    if start < rows.len() {
        groups.push(start..rows.len());
    }
    groups
}

/// Whether a data row starts an outermost row label that spans several rows (section 三's
/// `三、本年度办理结果`), that is, starts one of the `<tbody>` groups of [`body_groups`] that hold
/// more than one row.
fn starts_group(table: &Table, row: usize) -> bool {
    let cells = table.row_label_cells(row);
    // The outermost label starts here when every level of the row's label path does.
    cells.len() == table.rows[row].labels.len()
        && cells.first().is_some_and(|&(_, rowspan, _)| rowspan > 1)
}

fn table_html(table: &'static Table, cells: &[String]) -> Markup {
    let width = usize::from(table.label_columns) + usize::from(table.columns);
    let mut rows = table_rows(table, cells);
    // The caption and header rows go into `thead`; what is left are the data rows, by index.
    let body = rows.split_off(usize::from(!table.caption.is_empty()) + table.header.len());
    let head = rows;
    // The wrapper scrolls a wide table sideways on a phone instead of widening the page (screen
    // only: Firefox does not split a scrolling box across printed pages).
    html! {
        div class="table" {
        table class=[(width > WIDE_COLUMNS).then_some("wide")] {
            "\n"
            // Column groups for the `colgroup` scopes below: the whole table under a caption,
            // else one per top header cell.
            @if !table.caption.is_empty() {
                colgroup span=[span(width)] {}
            } @else if let Some(top) = head.first() {
                @for cell in top {
                    colgroup span=[span(cell.colspan)] {}
                }
            }
            "\n"
            thead {
                "\n"
                @for row in &head {
                    tr {
                        @for cell in row {
                            @if cell.role == CellRole::Caption {
                                th class="caption" colspan=(width) scope="colgroup" { (cell.text) }
                            } @else {
                                th scope=(col_scope(cell.colspan)) rowspan=[span(cell.rowspan)]
                                    colspan=[span(cell.colspan)] { (cell.text) }
                            }
                        }
                    }
                    "\n"
                }
            }
            "\n"
            @for group in body_groups(table) {
                tbody {
                    "\n"
                    @for row in group {
                        // Printed, a row is kept whole (`break-inside: avoid`), and Chromium then
                        // keeps whole the labels that start in it, with all the rows they span: so
                        // （三）不予公开 stays on one page with its eight rows. Not the outermost
                        // group (`group`): 三、本年度办理结果 spans 22 rows, which would jump to the
                        // next page and leave the last one half empty. Its label, one box when
                        // printed (the `span`, `inline-block`), is still never cut: it moves to the
                        // next page with the row it starts in. Every label is such a box: Firefox
                        // keeps no spanned rows together, and there the box alone keeps it whole.
                        tr class=[starts_group(table, row).then_some("group")] {
                            @for cell in &body[row] {
                                @if cell.role == CellRole::Label {
                                    th scope=(row_scope(cell.rowspan)) rowspan=[span(cell.rowspan)]
                                        colspan=[span(cell.colspan)] { span { (cell.text) } }
                                } @else {
                                    td { (cell.text) }
                                }
                            }
                        }
                        "\n"
                    }
                }
                "\n"
            }
        }
        }
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_needs_no_escaping() {
        // maud escapes these four; the stylesheet is inserted as ordinary text and must come out whole.
        assert!(!CSS.contains(['"', '&', '<', '>']));
        let markup = html! { style { (CSS) } };
        assert_eq!(markup.into_string(), format!("<style>{CSS}</style>"));
    }

    #[test]
    fn forbidden_code_points_are_escaped_in_json() {
        let json = serde_json::to_string("a\u{85}\u{fdd0}\u{10ffff}b").unwrap();
        let escaped = escape_forbidden(&json);
        assert_eq!(escaped, "\"a\\u0085\\ufdd0\\udbff\\udfffb\"");
        assert_eq!(
            serde_json::from_str::<String>(&escaped).unwrap(),
            "a\u{85}\u{fdd0}\u{10ffff}b"
        );
    }

    #[test]
    fn description_is_cut_on_characters() {
        let long = "政".repeat(150);
        let d = description(&long);
        assert_eq!(d.chars().count(), DESCRIPTION_CHARS + 1);
        assert!(d.ends_with('…'));
        assert_eq!(description("a \n b"), "a b");
    }

    #[test]
    fn groups_follow_outer_labels() {
        let t = crate::current_template();
        let groups: Vec<_> = t.tables().map(body_groups).collect();
        assert_eq!(groups[0], vec![0..2]);
        assert_eq!(groups[4], vec![0..2, 2..24, 24..25]);
        assert_eq!(groups[5], vec![0..1]);
    }
}
