//! Tests of the HTML export: snapshots, the structure read back from the parsed page against the
//! template, hostile input (the OWASP filter-evasion vectors) in every field, and the Nu Html Checker.
//!
//! Snapshots live in `tests/fixtures/html/`; `NIANBAO_UPDATE_SNAPSHOTS=1 cargo test -p nianbao-core
//! --test html` rewrites them after an intended change (review the diff before committing).

#[path = "../../tests/support/needs.rs"]
mod needs;

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao_core::html::to_html;
use nianbao_core::json;
use nianbao_core::model::{read_cell, Date};
use nianbao_core::number::{self, Entry};
use nianbao_core::template::{numbering, Item, Table, Template};
use nianbao_core::{current_template, Draft, Edit, FieldRef};
use scraper::{ElementRef, Html, Selector};

// ---------------------------------------------------------------------------------------------
// Drafts

/// An invented body's full report, built in code so the test does not depend on other fixtures:
/// prose in every text (the optional introduction left blank), consistent numbers, a fee charged.
fn filled_draft() -> Draft {
    let template = current_template();
    let mut draft = Draft::new(template);
    draft.agency = "示例市示例区人民政府办公室".into();
    draft.year = "2024".into();
    draft.published = "2025-01-20".into();
    for (i, text) in template.texts().enumerate() {
        draft.texts[i] = match i {
            0 => String::new(),
            2 => "本年度共收到政府信息公开申请 14 件，上年结转 1 件，办结 13 件，结转下年度 2 件。\n\
                  所有申请均在法定期限内答复。"
                .into(),
            _ => format!(
                "本年度，我办按照要求做好{}相关工作，各项任务全部落实。\n　　下一步，将继续加强有关工作。",
                &text.heading[numbering(text.heading).len()..]
            ),
        };
    }
    for (t, table) in template.tables().enumerate() {
        let columns = usize::from(table.columns);
        for (i, cell) in draft.tables[t].iter_mut().enumerate() {
            *cell = match table.kind {
                nianbao_core::template::CellKind::Wanyuan => "24252.311082".into(),
                nianbao_core::template::CellKind::Count => ((i * 7 + t) % 5).to_string(),
            };
            // Only the first column of section 三 has applications; the others are zeros.
            if table.rows.len() > 20 && i % columns != 0 {
                *cell = "0".into();
            }
        }
    }
    // Section 三 adds up (H1–H3): new + carried over = handled + carried forward.
    let apps = template.table_index("applications").unwrap();
    let leaves: u64 = (2..23)
        .map(|r| draft.tables[apps][r * 7].parse::<u64>().unwrap())
        .sum();
    draft.tables[apps][7] = "1".into();
    draft.tables[apps][24 * 7] = "2".into();
    draft.tables[apps][0] = (leaves + 2 - 1).to_string();
    let totals = draft.fill_totals();
    draft.apply(totals);
    draft.apply(Edit::Charged(Some(true)));
    draft.fee.amount = "100.50".into();
    draft.fee.note = "按照《政府信息公开信息处理费管理办法》收取。".into();
    draft
}

/// Every kind of entry a cell or the fee may hold: placeholders, typing mistakes, full-width digits,
/// thousands separators, blanks; an impossible date; a fee note typed before the question is answered.
fn entries_draft() -> Draft {
    let template = current_template();
    let mut draft = Draft::new(template);
    draft.agency = " 示例县示例镇人民政府 ".into();
    draft.year = "2024".into();
    draft.published = "2025-13-01".into();
    draft.preamble = Some("本报告由示例镇人民政府编制。\n\n　　报告全文如下。".into());
    let entries = [
        " 12 ", "/", "—", "12a", "1,234", "１２", "", "-3", "1.0", "无",
    ];
    for (t, table) in template.tables().enumerate() {
        for (i, cell) in draft.tables[t].iter_mut().enumerate() {
            *cell = match table.kind {
                nianbao_core::template::CellKind::Wanyuan => "5949.0886670".into(),
                nianbao_core::template::CellKind::Count => entries[(i + t) % entries.len()].into(),
            };
        }
    }
    draft.fee.note = "收费说明已写好，是否收费待定。".into();
    draft
}

/// The OWASP XSS filter-evasion vectors, and some that target this document's own contexts (the
/// JSON data block, the style element, attributes, comments, CDATA).
const VECTORS: &[&str] = &[
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=`javascript:alert(1)`>",
    "javascript:alert(1)",
    "\"><svg onload=alert(1)>",
    "'><svg/onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "</SCRIPT ><script>alert(1)</script>",
    "<!--",
    "--><script>alert(1)</script>",
    "]]>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<div style=\"width: expression(alert(1));\">x</div>",
    "<style>@import 'javascript:alert(1)';body{background:url(javascript:alert(1))}</style>",
    "</style><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=javascript:alert(1)><button formaction=javascript:alert(1)>x</button></form>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)></object><embed src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    "<plaintext>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#x3C;script&#x3E; &amp;",
    "\u{2028}\u{2029}",
    "\u{1}\u{7f}\u{85}\u{fffe}\u{fdd0}",
    "{\"injected\":true}",
];

/// Every vector joined, for fields that take one value.
fn all_vectors() -> String {
    VECTORS.concat()
}

/// A report with hostile text in every field the user types.
fn hostile_draft() -> Draft {
    let template = current_template();
    let mut draft = Draft::new(template);
    let all = all_vectors();
    draft.agency = all.clone();
    draft.year = VECTORS[0].into();
    draft.published = VECTORS[7].into();
    draft.preamble = Some(VECTORS.join("\n"));
    for text in draft.texts.iter_mut() {
        *text = VECTORS.join("\n");
    }
    for table in draft.tables.iter_mut() {
        for (i, cell) in table.iter_mut().enumerate() {
            *cell = VECTORS[i % VECTORS.len()].into();
        }
    }
    draft.apply(Edit::Charged(Some(true)));
    draft.fee.amount = all.clone();
    draft.fee.note = VECTORS.join("\n");
    draft
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// The project's `tests/fixtures` folder.
fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// A report fixture `tests/fixtures/reports/<name>.json`.
fn load_report(name: &str) -> Draft {
    let path = fixtures().join("reports").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    json::from_json(&text).unwrap_or_else(|e| panic!("{}: {} ({})", path.display(), e.en, e.path))
}

/// Compares with `tests/fixtures/html/<name>`, or rewrites it when `NIANBAO_UPDATE_SNAPSHOTS=1`.
fn assert_snapshot(name: &str, actual: &str) {
    let path = fixtures().join("html").join(name);
    if needs::update_requested("NIANBAO_UPDATE_SNAPSHOTS") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        eprintln!("snapshot written: {}", path.display());
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "snapshot {} is missing: run `NIANBAO_UPDATE_SNAPSHOTS=1 cargo test -p nianbao-core --test html` to write it",
            path.display()
        )
    });
    if expected != actual {
        let new = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&new, actual).unwrap();
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "the HTML export differs from the snapshot {} at line {}:\n  expected: {}\n  actual:   {}\n\
             The new output is in {}. If the change is intended, rerun with NIANBAO_UPDATE_SNAPSHOTS=1 \
             to rewrite the snapshot, and review its diff.",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or("<end of file>"),
            actual.lines().nth(line).unwrap_or("<end of file>"),
            new.display()
        );
    }
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text_of(el: ElementRef) -> String {
    el.text().collect()
}

fn attr_usize(el: ElementRef, name: &str) -> usize {
    el.value().attr(name).map_or(1, |v| v.parse().unwrap())
}

/// What a cell must show: the canonical number, or the entry as typed (trimmed).
fn expected_cell(raw: &str, table: &Table, template: &Template) -> String {
    match read_cell(raw, table.kind, template.placeholders()) {
        Entry::Value(v) => number::format(v, table.kind.decimals()),
        _ => number::trim(raw).to_string(),
    }
}

/// The lines a prose entry becomes: trimmed, blank ones left out.
fn expected_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(number::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The parsed page read back against the template: headings, prose, every table's header grid,
/// row labels and cells, the fee item, the signature and the meta tags.
fn assert_structure(draft: &Draft, page: &str) {
    let template = draft.template;
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    let doc = Html::parse_document(page);
    let one = |css: &str| {
        let found: Vec<_> = doc.select(&sel(css)).collect();
        assert_eq!(found.len(), 1, "exactly one {css}");
        found[0]
    };
    assert_eq!(one("meta[charset]").value().attr("charset"), Some("utf-8"));
    assert!(one("meta[name=viewport]")
        .value()
        .attr("content")
        .unwrap()
        .contains("width=device-width"));
    let title = draft.title();
    assert_eq!(text_of(one("title")), title);
    assert_eq!(text_of(one("h1")), title);
    let meta = |name: &str| {
        doc.select(&sel(&format!("meta[name={name}]")))
            .next()
            .and_then(|m| m.value().attr("content").map(String::from))
    };
    assert_eq!(meta("ArticleTitle").as_deref(), Some(title.as_str()));
    let date = Date::parse(&draft.published);
    assert_eq!(meta("PubDate"), date.map(|d| d.to_string()));
    let agency = number::trim(&draft.agency);
    assert_eq!(
        meta("ContentSource").as_deref(),
        (!agency.is_empty()).then_some(agency)
    );
    assert!(meta("Keywords").unwrap().starts_with(template.title_suffix));
    let description = meta("Description").unwrap();
    assert!(draft
        .preamble_text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .starts_with(description.trim_end_matches('…')));
    assert_eq!(meta("generator").as_deref(), Some("nianbao"));

    // The preamble: the paragraphs before the first section.
    let article = one("article");
    let preamble: Vec<String> = article
        .children()
        .filter_map(ElementRef::wrap)
        .take_while(|e| e.value().name() == "p" || e.value().name() == "h1")
        .filter(|e| e.value().name() == "p")
        .map(text_of)
        .collect();
    assert_eq!(preamble, expected_lines(&draft.preamble_text()));

    // Sections in order, each with its items in order.
    let sections: Vec<ElementRef> = doc.select(&sel("article > section")).collect();
    assert_eq!(sections.len(), template.sections.len());
    let mut table_index = 0;
    for (section, el) in template.sections.iter().zip(&sections) {
        let children: Vec<ElementRef> = el.children().filter_map(ElementRef::wrap).collect();
        assert_eq!(children[0].value().name(), "h2");
        assert_eq!(text_of(children[0]), section.heading);
        let mut expected: Vec<(String, String)> = Vec::new();
        for item in section.items {
            match item {
                Item::Text(text) => {
                    if !text.heading.is_empty() {
                        expected.push(("h3".into(), text.heading.into()));
                    }
                    let i = template.text_index(text.id).unwrap();
                    let lines = expected_lines(&draft.texts[i]);
                    // Under a sub-heading, a blank text reads “无”, as published reports say it.
                    if lines.is_empty() && !text.heading.is_empty() {
                        expected.push(("p".into(), "无".into()));
                    }
                    for line in lines {
                        expected.push(("p".into(), line));
                    }
                }
                Item::Table(_) => expected.push(("table".into(), String::new())),
                Item::Fee(fee) => {
                    expected.push(("h3".into(), fee.heading.into()));
                    match draft.fee.charged {
                        Some(false) => expected.push(("p".into(), fee.none_sentence.into())),
                        Some(true) => {
                            let amount = match number::parse(
                                &draft.fee.amount,
                                2,
                                number::MAX_YUAN_FEN,
                                template.placeholders(),
                            ) {
                                Entry::Value(v) => number::format(v, 2),
                                _ => number::trim(&draft.fee.amount).to_string(),
                            };
                            expected.push((
                                "p".into(),
                                fee.charged_sentence.replace("{amount}", &amount),
                            ));
                        }
                        None => {}
                    }
                    for line in expected_lines(&draft.fee.note) {
                        expected.push(("p".into(), line));
                    }
                }
            }
        }
        // A table stands in its scrolling wrapper.
        let children: Vec<ElementRef> = children
            .into_iter()
            .map(|e| {
                if e.value().name() == "div" {
                    assert_eq!(e.value().attr("class"), Some("table"));
                    let inner: Vec<ElementRef> =
                        e.children().filter_map(ElementRef::wrap).collect();
                    assert_eq!(inner.len(), 1);
                    inner[0]
                } else {
                    e
                }
            })
            .collect();
        let got: Vec<(String, String)> = children[1..]
            .iter()
            .map(|e| {
                let name = e.value().name().to_string();
                let text = if name == "table" {
                    String::new()
                } else {
                    text_of(*e)
                };
                (name, text)
            })
            .collect();
        assert_eq!(got, expected, "section {}", section.heading);
        for table_el in children.iter().filter(|e| e.value().name() == "table") {
            let table = template.tables().nth(table_index).unwrap();
            assert_table(draft, table_index, table, *table_el);
            table_index += 1;
        }
    }
    assert_eq!(table_index, template.tables().count());

    // The signature: the body, then the date.
    let signature: Vec<String> = doc
        .select(&sel("footer.signature p"))
        .map(text_of)
        .collect();
    let mut expected = Vec::new();
    if !agency.is_empty() {
        expected.push(agency.to_string());
    }
    match date {
        Some(d) => {
            expected.push(d.chinese());
            let time = one("footer time");
            assert_eq!(time.value().attr("datetime"), Some(d.to_string().as_str()));
        }
        None if !number::trim(&draft.published).is_empty() => {
            expected.push(number::trim(&draft.published).to_string())
        }
        None => {}
    }
    assert_eq!(signature, expected);
}

/// One table: the caption row, the header grid with its spans and scopes, row labels, cells.
fn assert_table(draft: &Draft, t: usize, table: &Table, el: ElementRef) {
    let template = draft.template;
    let width = usize::from(table.label_columns) + usize::from(table.columns);
    let mut head_rows: Vec<ElementRef> = el.select(&sel("thead > tr")).collect();
    if !table.caption.is_empty() {
        let caption = head_rows.remove(0);
        let cells: Vec<ElementRef> = caption.select(&sel("th")).collect();
        assert_eq!(cells.len(), 1);
        assert_eq!(text_of(cells[0]), table.caption);
        assert_eq!(attr_usize(cells[0], "colspan"), width);
    }
    assert_eq!(head_rows.len(), table.header.len());
    let layout = table.header_layout();
    for (r, tr) in head_rows.iter().enumerate() {
        let got: Vec<(String, usize, usize, String)> = tr
            .select(&sel("th"))
            .map(|th| {
                (
                    text_of(th),
                    attr_usize(th, "rowspan"),
                    attr_usize(th, "colspan"),
                    th.value().attr("scope").unwrap().to_string(),
                )
            })
            .collect();
        let expected: Vec<(String, usize, usize, String)> = layout
            .iter()
            .filter(|(_, row, _)| *row == r)
            .map(|(cell, _, _)| {
                let scope = if cell.colspan > 1 { "colgroup" } else { "col" };
                (
                    cell.text.to_string(),
                    usize::from(cell.rowspan),
                    usize::from(cell.colspan),
                    scope.to_string(),
                )
            })
            .collect();
        assert_eq!(got, expected, "{} header row {r}", table.id);
    }
    let body_rows: Vec<ElementRef> = el.select(&sel("tbody > tr")).collect();
    assert_eq!(body_rows.len(), table.rows.len(), "{}", table.id);
    let columns = usize::from(table.columns);
    for (row, tr) in body_rows.iter().enumerate() {
        let labels: Vec<(String, usize, usize, String)> = tr
            .select(&sel("th"))
            .map(|th| {
                (
                    text_of(th),
                    attr_usize(th, "rowspan"),
                    attr_usize(th, "colspan"),
                    th.value().attr("scope").unwrap().to_string(),
                )
            })
            .collect();
        let expected: Vec<(String, usize, usize, String)> = table
            .row_label_cells(row)
            .into_iter()
            .map(|(text, rowspan, colspan)| {
                let scope = if rowspan > 1 { "rowgroup" } else { "row" };
                (text.to_string(), rowspan, colspan, scope.to_string())
            })
            .collect();
        assert_eq!(labels, expected, "{} row {row}", table.id);
        let cells: Vec<String> = tr.select(&sel("td")).map(text_of).collect();
        let expected: Vec<String> = (0..columns)
            .map(|col| {
                let raw = draft.get(FieldRef::Cell { table: t, row, col });
                expected_cell(raw, table, template)
            })
            .collect();
        assert_eq!(cells, expected, "{} row {row}", table.id);
    }
}

// ---------------------------------------------------------------------------------------------
// Tests

/// The page opens again in the app: the embedded document gives back the very draft.
fn assert_reopens(draft: &Draft, page: &str) {
    let reopened = json::open(page).unwrap_or_else(|e| panic!("{} ({})", e.en, e.path));
    assert_eq!(&reopened, draft);
}

#[test]
fn seed_report_matches_snapshot_and_template() {
    let draft = load_report("seed-2024");
    let page = to_html(&draft);
    assert_structure(&draft, &page);
    assert_reopens(&draft, &page);
    assert_snapshot("seed-2024.html", &page);
}

#[test]
fn full_report_matches_template() {
    for name in ["full-2023", "full-2024"] {
        let draft = load_report(name);
        let page = to_html(&draft);
        assert_structure(&draft, &page);
        assert_reopens(&draft, &page);
    }
}

#[test]
fn filled_report_matches_snapshot_and_template() {
    let draft = filled_draft();
    let page = to_html(&draft);
    assert_structure(&draft, &page);
    assert_reopens(&draft, &page);
    assert_snapshot("filled.html", &page);
}

#[test]
fn empty_report_has_the_whole_structure() {
    let draft = Draft::new(current_template());
    let page = to_html(&draft);
    assert_structure(&draft, &page);
    // No agency, no date: no signature, no PubDate, no ContentSource.
    assert!(!page.contains("<footer"));
    assert!(!page.contains("PubDate"));
    assert_snapshot("empty.html", &page);
}

#[test]
fn entries_show_the_number_or_what_was_typed() {
    let draft = entries_draft();
    let page = to_html(&draft);
    assert_structure(&draft, &page);
    assert_reopens(&draft, &page);
    let doc = Html::parse_document(&page);
    let cells: Vec<String> = doc.select(&sel("td")).map(text_of).collect();
    // Canonical numbers for entries that read as numbers; the rest as typed, trimmed.
    for shown in [
        "12",
        "/",
        "—",
        "12a",
        "1234",
        "-3",
        "1",
        "无",
        "5949.088667",
    ] {
        assert!(cells.iter().any(|c| c == shown), "a cell shows {shown}");
    }
    assert!(!cells
        .iter()
        .any(|c| c == "1,234" || c == "１２" || c == " 12 " || c == "1.0"));
    // The impossible date stays visible as typed and gives no PubDate.
    assert!(page.contains("<p>2025-13-01</p>"));
    assert!(!page.contains("PubDate"));
    assert_snapshot("entries.html", &page);
}

#[test]
fn a_blank_section_reads_none_and_stays_blank_in_the_data() {
    let template = current_template();
    let mut draft = load_report("full-2024");
    let other = template.text_index("other.other").unwrap();
    let heading = template.texts().nth(other).unwrap().heading;
    // Blank, or only spaces and line breaks: nothing to show either way.
    for blank in ["", " \n　\n"] {
        draft.texts[other] = blank.into();
        let page = to_html(&draft);
        assert!(
            page.contains(&format!("<h3>{heading}</h3>\n<p>无</p>\n")),
            "{blank:?}: the heading, then “无”"
        );
        assert_structure(&draft, &page);
        // The data block holds the text as typed: opening the page again gives back the blank.
        assert_reopens(&draft, &page);
        assert_eq!(json::open(&page).unwrap().texts[other], blank);
    }
    // The introduction has no heading of its own: blank, it writes nothing, not even “无”.
    let intro = template.text_index("overview.intro").unwrap();
    draft.texts[intro].clear();
    let page = to_html(&draft);
    let doc = Html::parse_document(&page);
    let first_section = doc.select(&sel("article > section")).next().unwrap();
    let after_heading = first_section
        .children()
        .filter_map(ElementRef::wrap)
        .nth(1)
        .unwrap();
    assert_eq!(after_heading.value().name(), "h3");
}

#[test]
fn fee_sentences_follow_the_answer() {
    let template = current_template();
    let fee = template.fee().unwrap();
    let mut draft = filled_draft();
    draft.fee.note.clear();
    draft.apply(Edit::Charged(Some(false)));
    assert!(to_html(&draft).contains(&format!("<p>{}</p>", fee.none_sentence)));
    draft.apply(Edit::Charged(Some(true)));
    for (typed, shown) in [("1,200.00", "1200"), ("０.５", "0.5"), ("12元", "12元")] {
        draft.fee.amount = typed.into();
        let sentence = fee.charged_sentence.replace("{amount}", shown);
        assert!(
            to_html(&draft).contains(&format!("<p>{sentence}</p>")),
            "{typed}"
        );
    }
    draft.apply(Edit::Charged(None));
    let page = to_html(&draft);
    assert!(page.contains(&format!("<h3>{}</h3>", fee.heading)));
    assert!(!page.contains(fee.none_sentence));
    assert_structure(&draft, &page);
}

#[test]
fn no_style_attributes_and_one_style_element() {
    // Portal CSPs forbid `style` attributes; all CSS is in the one `<style>` element.
    for draft in [
        filled_draft(),
        entries_draft(),
        Draft::new(current_template()),
    ] {
        let page = to_html(&draft);
        assert!(!page.contains("style="));
        assert_eq!(page.matches("<style>").count(), 1);
    }
    let doc = Html::parse_document(&to_html(&hostile_draft()));
    assert_eq!(doc.select(&sel("[style]")).count(), 0);
    assert_eq!(doc.select(&sel("style")).count(), 1);
}

#[test]
fn hostile_text_stays_text() {
    let draft = hostile_draft();
    let page = to_html(&draft);
    let doc = Html::parse_document(&page);

    // Exactly one script element: the JSON data block, which browsers do not run.
    let scripts: Vec<ElementRef> = doc.select(&sel("script")).collect();
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].value().attr("type"), Some("application/json"));
    assert_eq!(scripts[0].value().attr("id"), Some("nianbao-report"));
    assert_eq!(scripts[0].value().attrs().count(), 2);

    const FORBIDDEN_ELEMENTS: &[&str] = &[
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "svg",
        "math",
        "img",
        "form",
        "button",
        "input",
        "base",
        "link",
        "a",
        "textarea",
        "plaintext",
        "applet",
        "video",
        "audio",
        "source",
    ];
    const URL_ATTRIBUTES: &[&str] = &[
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "srcdoc",
        "background",
    ];
    let mut elements = 0;
    for el in doc.select(&sel("*")) {
        elements += 1;
        let name = el.value().name();
        assert!(
            !FORBIDDEN_ELEMENTS.contains(&name),
            "element <{name}> in the page"
        );
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            assert!(!attr.starts_with("on"), "<{name} {attr}=…>");
            assert!(
                !URL_ATTRIBUTES.contains(&attr.as_str()),
                "<{name} {attr}=…>"
            );
            assert!(attr != "style", "<{name} style=…>");
            assert!(
                !value.to_ascii_lowercase().contains("javascript:") || name == "meta",
                "<{name} {attr}={value}>"
            );
        }
        if name == "meta" {
            assert!(el.value().attr("http-equiv").is_none(), "meta http-equiv");
        }
    }
    // Nothing the user typed turned into an element: the count is that of the template's structure.
    let clean_page = Html::parse_document(&to_html(&Draft::new(current_template())));
    let structural = clean_page.select(&sel("*")).count();
    // The hostile draft adds its meta tags (PubDate absent: its date is not a date), its paragraphs and
    // the signature footer, and nothing else.
    let paragraphs = doc.select(&sel("p")).count();
    let clean_paragraphs = clean_page.select(&sel("p")).count();
    assert_eq!(
        elements,
        structural + (paragraphs - clean_paragraphs) + 1 /* ContentSource */ + 1, /* footer */
    );

    // The typed text reads back exactly where it belongs (without the code points HTML forbids).
    let visible = |s: &str| -> String {
        s.chars()
            .filter(|c| {
                let n = u32::from(*c);
                !((c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}' | '\r'))
                    || (0xFDD0..=0xFDEF).contains(&n)
                    || n & 0xFFFE == 0xFFFE)
            })
            .collect()
    };
    let h1 = doc.select(&sel("h1")).next().map(text_of).unwrap();
    assert_eq!(h1, visible(&draft.title()));
    let cells: Vec<String> = doc.select(&sel("td")).map(text_of).collect();
    for vector in VECTORS {
        let shown = number::trim(&visible(vector)).to_string();
        assert!(cells.contains(&shown), "a cell shows {vector:?}");
    }
    let signature: Vec<String> = doc.select(&sel("footer p")).map(text_of).collect();
    assert_eq!(signature[0], visible(&draft.agency));
    let fee = current_template().fee().unwrap();
    let sentence = fee
        .charged_sentence
        .replace("{amount}", number::trim(&visible(&draft.fee.amount)));
    assert!(doc.select(&sel("p")).any(|p| text_of(p) == sentence));

    // The data block holds the draft, exactly.
    let json = text_of(scripts[0]);
    assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
    let value: serde_json::Value = serde_json::from_str(&json).expect("the data block is JSON");
    assert_eq!(value["header"]["agency"], draft.agency.as_str());
    let decoded = json::from_json(&json).unwrap_or_else(|e| panic!("{} ({})", e.en, e.path));
    assert_eq!(decoded, draft);
    assert_reopens(&draft, &page);
}

// ---------------------------------------------------------------------------------------------
// The Nu Html Checker

fn vnu_jar() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../node_modules/vnu-jar/build/dist/vnu.jar")
}

#[test]
fn nu_html_checker_finds_no_errors() {
    let jar = vnu_jar();
    let Some(jar) = needs::need(
        "the Nu Html Checker (node_modules/vnu-jar/build/dist/vnu.jar)",
        "run `bash scripts/setup.sh`, which installs it from package-lock.json",
        jar.is_file().then_some(jar.clone()),
    ) else {
        return;
    };
    let java = Command::new("java").arg("-version").output();
    let Some(_) = needs::need(
        "Java (`java` on PATH), which runs the Nu Html Checker",
        "run `bash scripts/setup.sh`, which installs the Debian package default-jre-headless",
        java.ok().filter(|out| out.status.success()),
    ) else {
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-vnu");
    std::fs::create_dir_all(&dir).unwrap();
    let pages = [
        ("seed-2024.html", load_report("seed-2024")),
        ("full-2024.html", load_report("full-2024")),
        ("filled.html", filled_draft()),
        ("entries.html", entries_draft()),
        ("empty.html", Draft::new(current_template())),
        ("hostile.html", hostile_draft()),
    ];
    let mut files = Vec::new();
    for (name, draft) in &pages {
        let path = dir.join(name);
        std::fs::write(&path, to_html(draft)).unwrap();
        files.push(path);
    }
    // One JVM for all files: starting Java is most of the time.
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("run java");
    // vnu writes its report to stderr.
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu gave no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("messages");
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| format!("{}:{}: {}", m["url"], m["lastLine"], m["message"]))
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu Html Checker found errors:\n{}",
        errors.join("\n")
    );
    assert!(out.status.success(), "vnu exited with {}", out.status);
}
