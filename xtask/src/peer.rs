//! The benchmark's peer: the same form built with SurveyJS (`survey-core` and `survey-js-ui`,
//! pinned in package.json), written by [`write_peer`] as one self-contained page for
//! `cargo xtask bench`.
//!
//! The page works from `file://` with no network: SurveyJS's scripts, its default theme and its
//! Chinese strings are pasted in from node_modules/, beside the survey JSON and peer.js (the page's
//! own script, which builds the model and exposes `window.nbPeer`).
//!
//! The survey JSON is generated from the template, as the form, the checker and the exports are: no
//! label is typed here.
//!
//! - the header fields are `text` questions (开头语 a `comment` whose placeholder is the usual
//!   preamble); the survey's title follows them as ours does;
//! - each section is a panel; each prose field a `comment` question (heading as title, hint as
//!   placeholder); the fee item a panel of a `boolean`, the amount (`text`) and a note (`comment`);
//! - each table is a `matrixdropdown` with plain `text` cells (so that “/” can be typed, as in
//!   ours), rows `r<i>` titled by [`Table::row_name`], columns `c<j>` by [`Table::column_name`],
//!   and a pattern validator on every entered cell by the table's [`CellKind`];
//! - a [`Rule::Sum`] that `derives` makes its total cells computed: an `expression` column when the
//!   rule runs along every row of the table (H3's 总计, H4's three 总计), otherwise single cells (H2's
//!   （七）总计 row), which peer.js turns into expression cells in `onMatrixCellCreating` (SurveyJS's
//!   JSON has no per-row cell type);
//! - every line of every [`Rule::Sum`] (H1–H4) is an `expression` validator on its matrix that
//!   fails with a Chinese message naming the rule, the line and the cells (by their numbering).
//!
//! Sums go through `nbsum`, which peer.js registers with SurveyJS: the sum of its arguments when
//! each is a count, and empty while one is blank or not a number; `nbsame` compares two sums and
//! passes while one is empty. So a rule waits until its cells hold numbers (as ours does), instead
//! of adding up text as SurveyJS's own `sum` would (`1 + "/"`).

use nianbao_core::template::{Along, CellKind, FeeField, Item, Rule, Table, Template};
use nianbao_core::template_2021::TEMPLATE;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The SurveyJS release the peer is built with: both packages, pinned exactly in package.json.
pub const SURVEYJS_VERSION: &str = "2.5.38";

/// What the page pastes in from node_modules/, in page order. The theme is SurveyJS's default one
/// (`defaultV2` was renamed in 2.0) without its web font: survey-core.min.css loads Open Sans from
/// fonts.gstatic.com, the fontless file is the same theme in the system's fonts, as ours uses. The
/// Chinese strings (是/否, the default error messages) register themselves as the `zh-cn` locale.
const SURVEY_CSS: &str = "node_modules/survey-core/survey-core.fontless.min.css";
const SURVEY_CORE_JS: &str = "node_modules/survey-core/survey.core.min.js";
const SURVEY_ZH_JS: &str = "node_modules/survey-core/i18n/simplified-chinese.min.js";
const SURVEY_UI_JS: &str = "node_modules/survey-js-ui/survey-js-ui.min.js";
const PACKAGES: [&str; 2] = ["survey-core", "survey-js-ui"];

/// The page's own script: builds the model from the JSON below and exposes `window.nbPeer`.
const PEER_JS: &str = include_str!("peer.js");

/// How to get the packages when they are missing.
const SETUP: &str = "run `bash scripts/setup.sh` (npm ci of package-lock.json)";

/// Question names of the header fields: the keys of `header` in our JSON document.
const AGENCY: &str = "agency";
const YEAR: &str = "year";
const PUBLISHED: &str = "published";
const PREAMBLE: &str = "preamble";
/// Question names of the fee item (referred to by `enableIf`, so without a dot).
const FEE_CHARGED: &str = "fee_charged";
const FEE_AMOUNT: &str = "fee_amount";
const FEE_NOTE: &str = "fee_note";

/// The index of the application table (section 三) among [`Template::tables`]: the `t` of
/// `nbPeer.cell(t, r, c)` that reaches it.
pub fn application_table() -> usize {
    TEMPLATE
        .table_index(nianbao_core::template_2021::APPLICATIONS)
        .expect("the 2021 template has the application table")
}

/// Writes the peer page to `out` (its folder is created), from the packages under
/// `root`/node_modules.
pub fn write_peer(root: &Path, out: &Path) -> Result<(), String> {
    for package in PACKAGES {
        check_version(root, package)?;
    }
    let read =
        |rel: &str| fs::read_to_string(root.join(rel)).map_err(|e| format!("{rel}: {e}; {SETUP}"));
    let assets = Assets {
        css: read(SURVEY_CSS)?,
        scripts: vec![
            (SURVEY_CORE_JS, read(SURVEY_CORE_JS)?),
            (SURVEY_ZH_JS, read(SURVEY_ZH_JS)?),
            (SURVEY_UI_JS, read(SURVEY_UI_JS)?),
            ("xtask/src/peer.js", PEER_JS.to_string()),
        ],
    };
    let page = page(&TEMPLATE, &assets)?;
    if let Some(dir) = out.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(out, page).map_err(|e| format!("{}: {e}", out.display()))
}

/// An error unless the installed package is [`SURVEYJS_VERSION`], so that the benchmark never
/// measures another release than the one it names.
fn check_version(root: &Path, package: &str) -> Result<(), String> {
    let path = root.join("node_modules").join(package).join("package.json");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("{}: {e}; {SETUP}", path.display()))?;
    let manifest: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let version = manifest["version"].as_str().unwrap_or_default().to_string();
    if version != SURVEYJS_VERSION {
        return Err(format!(
            "{}: version {version:?}, the peer is pinned at {SURVEYJS_VERSION}; {SETUP}",
            path.display()
        ));
    }
    Ok(())
}

struct Assets {
    css: String,
    /// (where it comes from, text), in page order.
    scripts: Vec<(&'static str, String)>,
}

fn page(t: &Template, assets: &Assets) -> Result<String, String> {
    if contains_ci(&assets.css, "</style") {
        return Err(format!(
            "{SURVEY_CSS} contains `</style`, which would end the inline <style> early"
        ));
    }
    let mut scripts = String::new();
    for (what, text) in &assets.scripts {
        crate::bundle::check_script(text, what)?;
        scripts.push_str("<script>\n");
        scripts.push_str(text);
        scripts.push_str("\n</script>\n");
    }
    let data = |value: &Value| nianbao_core::json::escape_for_script(&value.to_string());
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · SurveyJS {SURVEYJS_VERSION}</title>\n<style>\n{css}\n</style>\n</head>\n\
         <body>\n<div id=\"nb-peer\"></div>\n\
         <script type=\"application/json\" id=\"nb-peer-survey\">{survey}</script>\n\
         <script type=\"application/json\" id=\"nb-peer-meta\">{meta}</script>\n\
         {scripts}</body>\n</html>\n",
        title = t.title_suffix,
        css = assets.css,
        survey = data(&survey_json(t)),
        meta = data(&peer_meta(t)),
    ))
}

fn contains_ci(text: &str, needle: &str) -> bool {
    text.to_ascii_lowercase().contains(needle)
}

fn row_key(row: usize) -> String {
    format!("r{row}")
}

fn col_key(col: usize) -> String {
    format!("c{col}")
}

/// `{applications.r0.c0}`: a cell of a matrix in a survey-level expression.
fn cell_ref(table: &Table, row: usize, col: usize) -> String {
    format!("{{{}.{}.{}}}", table.id, row_key(row), col_key(col))
}

/// `{row.c0}`: a cell of the same row, in a matrix cell's expression.
fn row_ref(col: usize) -> String {
    format!("{{row.{}}}", col_key(col))
}

fn nbsum(operands: impl IntoIterator<Item = String>) -> String {
    format!(
        "nbsum({})",
        operands.into_iter().collect::<Vec<_>>().join(", ")
    )
}

/// The survey JSON of the whole form.
pub(crate) fn survey_json(t: &Template) -> Value {
    let mut elements = vec![
        json!({ "type": "text", "name": AGENCY, "title": t.header.agency }),
        json!({
            "type": "text",
            "name": YEAR,
            "title": t.header.year,
            "startWithNewLine": false,
        }),
        json!({
            "type": "text",
            "name": PUBLISHED,
            "title": t.header.published,
            "startWithNewLine": false,
        }),
        json!({
            "type": "comment",
            "name": PREAMBLE,
            "title": t.header.preamble,
            "defaultValueExpression": preamble_expression(t),
        }),
    ];
    let computed = computed_cells(t);
    for (i, section) in t.sections.iter().enumerate() {
        let items: Vec<Value> = section
            .items
            .iter()
            .map(|item| match item {
                Item::Text(field) => {
                    let mut q = json!({
                        "type": "comment",
                        "name": field.id,
                        "title": field.heading,
                        "placeholder": field.hint,
                    });
                    if field.heading.is_empty() {
                        // A field without its own heading is named by its section's.
                        q["title"] = section.heading.into();
                        q["titleLocation"] = "hidden".into();
                    }
                    q
                }
                Item::Table(table) => matrix(t, table, section.heading, &computed),
                Item::Fee(fee) => fee_panel(fee),
            })
            .collect();
        elements.push(json!({
            "type": "panel",
            "name": format!("section{}", i + 1),
            "title": section.heading,
            "elements": items,
        }));
    }
    json!({
        "title": t.title(&var(AGENCY), &var(YEAR)),
        "locale": "zh-cn",
        "showQuestionNumbers": "off",
        "checkErrorsMode": "onValueChanged",
        "textUpdateMode": "onTyping",
        "showNavigationButtons": false,
        "showCompletedPage": false,
        "pages": [{ "name": "report", "elements": elements }],
    })
}

/// The usual preamble as a SurveyJS expression of the header fields, with `〔机关名称〕` and `〔年度〕`
/// where they are still blank (as ours shows it). A default value expression follows its fields
/// until the preamble is edited, as ours does while the document's `preamble` is null.
fn preamble_expression(t: &Template) -> String {
    // Stand-ins that cannot occur in the template's text, split out again below.
    const FIELD: char = '\u{0}';
    let fields = [AGENCY, YEAR];
    let labels = [t.header.agency, t.header.year];
    let marked = t.default_preamble(&format!("{FIELD}0{FIELD}"), &format!("{FIELD}1{FIELD}"));
    marked
        .split(FIELD)
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| {
            if i % 2 == 0 {
                // The template's words (a test checks that they hold no `'`).
                format!("'{part}'")
            } else {
                let k = usize::from(part == "1");
                let field = var(fields[k]);
                let slot = nianbao_core::model::slot("", labels[k]);
                format!("iif({field} notempty, {field}, '{slot}')")
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// `{agency}`: a question's value in a SurveyJS text.
fn var(name: &str) -> String {
    format!("{{{name}}}")
}

fn fee_panel(fee: &FeeField) -> Value {
    json!({
        "type": "panel",
        "name": "fee",
        "title": fee.heading,
        "elements": [
            // Two radios, 是 first, as in ours (SurveyJS's radio rendering puts “false” first).
            {
                "type": "boolean",
                "name": FEE_CHARGED,
                "title": fee.question,
                "renderAs": "radio",
                "swapOrder": true,
            },
            {
                "type": "text",
                "name": FEE_AMOUNT,
                "title": fee.amount_label,
                "enableIf": format!("{} <> false", var(FEE_CHARGED)),
            },
            {
                "type": "comment",
                "name": FEE_NOTE,
                "title": fee.heading,
                "titleLocation": "hidden",
                "placeholder": fee.note_hint,
            },
        ],
    })
}

/// Computed cells of one table: an expression for a whole column, or for single cells.
#[derive(Default)]
struct Computed {
    columns: BTreeMap<usize, String>,
    cells: BTreeMap<(usize, usize), String>,
}

/// The cells that the template's deriving [`Rule::Sum`]s compute, by table id.
fn computed_cells(t: &Template) -> BTreeMap<&'static str, Computed> {
    let mut out: BTreeMap<&'static str, Computed> = BTreeMap::new();
    for rule in t.rules {
        let Rule::Sum {
            table: id,
            along,
            lhs,
            rhs,
            derives: true,
            ..
        } = rule
        else {
            continue;
        };
        let Some(table) = t.table(id) else {
            continue;
        };
        let [total] = rhs[..] else {
            continue;
        };
        let computed = out.entry(table.id).or_default();
        match *along {
            Along::Rows(rows) if rows.len() == table.rows.len() => {
                let sum = nbsum(lhs.iter().map(|&c| row_ref(c)));
                computed.columns.insert(total, sum);
            }
            Along::Rows(rows) => {
                for &r in rows {
                    let sum = nbsum(lhs.iter().map(|&c| row_ref(c)));
                    computed.cells.insert((r, total), sum);
                }
            }
            Along::Columns(cols) => {
                for &c in cols {
                    let sum = nbsum(lhs.iter().map(|&r| cell_ref(table, r, c)));
                    computed.cells.insert((total, c), sum);
                }
            }
        }
    }
    out
}

fn matrix(
    t: &Template,
    table: &Table,
    section_heading: &str,
    computed: &BTreeMap<&'static str, Computed>,
) -> Value {
    let computed_columns = computed.get(table.id).map(|c| &c.columns);
    let columns: Vec<Value> = (0..usize::from(table.columns))
        .map(|c| {
            let mut column = json!({ "name": col_key(c), "title": table.column_name(c) });
            match computed_columns.and_then(|cols| cols.get(&c)) {
                Some(expression) => {
                    column["cellType"] = "expression".into();
                    column["expression"] = expression.as_str().into();
                }
                None => column["validators"] = json!([entry_validator(table.kind)]),
            }
            column
        })
        .collect();
    // A table without row labels (第四部分) has no label column in ours. A matrixdropdown always has
    // one and shows a row's value where its text is empty: a blank text in a column of no width.
    let unlabelled = table.label_columns == 0;
    let rows: Vec<Value> = (0..table.rows.len())
        .map(|r| {
            let text = if unlabelled {
                " ".to_string()
            } else {
                table.row_name(r)
            };
            json!({ "value": row_key(r), "text": text })
        })
        .collect();
    let mut q = json!({
        "type": "matrixdropdown",
        "name": table.id,
        "title": table.caption,
        "cellType": "text",
        "columns": columns,
        "rows": rows,
        "validators": sum_validators(t, table),
    });
    if unlabelled {
        q["rowTitleWidth"] = "0px".into();
    }
    if table.caption.is_empty() {
        q["title"] = section_heading.into();
        q["titleLocation"] = "hidden".into();
    }
    q
}

/// What an entered cell must look like: a count, or 万元 with up to the kind's decimals.
fn entry_validator(kind: CellKind) -> Value {
    let (regex, text) = match kind.decimals() {
        0 => (
            "^[0-9]+$".to_string(),
            "应填写非负整数（没有的填0）".to_string(),
        ),
        d => (
            format!("^[0-9]+([.][0-9]{{1,{d}}})?$"),
            format!("应填写非负数，最多{d}位小数"),
        ),
    };
    json!({ "type": "regex", "regex": regex, "text": text })
}

/// One `expression` validator per line of every [`Rule::Sum`] on `table` (H1–H4).
fn sum_validators(t: &Template, table: &Table) -> Vec<Value> {
    let mut out = Vec::new();
    for rule in t.rules {
        let Rule::Sum {
            id,
            table: table_id,
            along,
            lhs,
            rhs,
            scope,
            ..
        } = rule
        else {
            continue;
        };
        if *table_id != table.id {
            continue;
        }
        match *along {
            Along::Columns(cols) => {
                let names = |rows: &[usize]| -> Vec<String> {
                    rows.iter().map(|&r| table.row_short(r)).collect()
                };
                for &c in cols {
                    let line = if scope.is_empty() {
                        format!("{}列", table.column_name(c))
                    } else {
                        scope.to_string()
                    };
                    out.push(sum_validator(
                        id,
                        &line,
                        (lhs, rhs),
                        (names(lhs), names(rhs)),
                        |r| cell_ref(table, r, c),
                    ));
                }
            }
            Along::Rows(rows) => {
                let names = |cols: &[usize]| -> Vec<String> {
                    cols.iter()
                        .map(|&c| table.column_label(c).to_string())
                        .collect()
                };
                for &r in rows {
                    let line = if scope.is_empty() {
                        format!("{}行", table.row_short(r))
                    } else {
                        scope.to_string()
                    };
                    out.push(sum_validator(
                        id,
                        &line,
                        (lhs, rhs),
                        (names(lhs), names(rhs)),
                        |c| cell_ref(table, r, c),
                    ));
                }
            }
        }
    }
    out
}

/// `nbsame(nbsum(lhs), nbsum(rhs))`: the sums are equal, or one is empty (a cell blank or not a
/// number). A function, because SurveyJS's `empty` applies to a value, not to a function's result.
fn sum_validator(
    id: &str,
    line: &str,
    (lhs, rhs): (&[usize], &[usize]),
    (lhs_names, rhs_names): (Vec<String>, Vec<String>),
    cell: impl Fn(usize) -> String,
) -> Value {
    let left = nbsum(lhs.iter().map(|&i| cell(i)));
    let right = nbsum(rhs.iter().map(|&i| cell(i)));
    json!({
        "type": "expression",
        "expression": format!("nbsame({left}, {right})"),
        "text": format!(
            "{id}：{line}，{}应等于{}。",
            operands(lhs, &lhs_names),
            operands(rhs, &rhs_names)
        ),
    })
}

/// How a message names the cells of one side: `三（七）`, `一加二之和`, `三（一）至三（六）3之和`.
fn operands(indices: &[usize], names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [first, .., last] if indices.windows(2).all(|w| w[1] == w[0] + 1) && names.len() > 2 => {
            format!("{first}至{last}之和")
        }
        _ => format!("{}之和", names.join("加")),
    }
}

/// What peer.js needs to map our JSON document onto the survey and to find cells: the question
/// names, every table's id with its row and column keys, and the single computed cells.
pub(crate) fn peer_meta(t: &Template) -> Value {
    let computed = computed_cells(t);
    let tables: Vec<Value> = t
        .tables()
        .map(|table| {
            json!({
                "id": table.id,
                "rows": (0..table.rows.len()).map(row_key).collect::<Vec<_>>(),
                "columns": (0..usize::from(table.columns)).map(col_key).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut cells = Map::new();
    for (id, c) in &computed {
        let mut rows = Map::new();
        for (&(r, col), expression) in &c.cells {
            let row = rows
                .entry(row_key(r))
                .or_insert_with(|| Value::Object(Map::new()));
            row[col_key(col)] = expression.as_str().into();
        }
        if !rows.is_empty() {
            cells.insert((*id).to_string(), Value::Object(rows));
        }
    }
    json!({
        "header": { AGENCY: AGENCY, YEAR: YEAR, PUBLISHED: PUBLISHED },
        "preamble": PREAMBLE,
        "texts": t.texts().map(|f| f.id).collect::<Vec<_>>(),
        "tables": tables,
        "fee": { "charged": FEE_CHARGED, "amount": FEE_AMOUNT, "note": FEE_NOTE },
        "cells": cells,
    })
}

/// What a test needs from outside the repository (here node_modules/): a visible skip, or under
/// `CI=true` a failure naming the install step.
#[cfg(test)]
#[path = "../../tests/support/needs.rs"]
mod needs;

#[cfg(test)]
mod tests {
    use super::*;

    /// A question or panel named `name` anywhere in the survey.
    fn element<'a>(elements: &'a Value, name: &str) -> Option<&'a Value> {
        elements.as_array()?.iter().find_map(|e| {
            if e["name"] == name {
                Some(e)
            } else {
                element(&e["elements"], name)
            }
        })
    }

    fn question<'a>(survey: &'a Value, name: &str) -> &'a Value {
        element(&survey["pages"][0]["elements"], name)
            .unwrap_or_else(|| panic!("no element {name:?} in the survey"))
    }

    /// The JSON of `<script type="application/json" id="…">` in the page.
    fn embedded(page: &str, id: &str) -> Value {
        let open = format!("<script type=\"application/json\" id=\"{id}\">");
        let start = page.find(&open).expect("the element is in the page") + open.len();
        let end = start + page[start..].find("</script>").expect("the element ends");
        serde_json::from_str(&page[start..end]).expect("the element holds JSON")
    }

    #[test]
    fn the_page_holds_a_25_by_7_application_matrix_labelled_by_the_template() {
        let root = crate::root();
        let installed = root.join("node_modules/survey-core").is_dir().then_some(());
        let how = "run `bash scripts/setup.sh` (npm ci installs survey-core and survey-js-ui)";
        if needs::need("node_modules/survey-core", how, installed).is_none() {
            return;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("bench/peer.html");
        write_peer(&root, &out).expect("the peer page is written");
        let page = fs::read_to_string(&out).expect("the page can be read");

        let survey = embedded(&page, "nb-peer-survey");
        let (index, table) = TEMPLATE.find_table("applications").expect("the table");
        assert_eq!(TEMPLATE.section_of_table(table.id), 2, "in section 三");
        let matrix = question(&survey, table.id);
        assert_eq!(matrix["type"], "matrixdropdown");
        assert_eq!(
            matrix["cellType"], "text",
            "plain text cells, so “/” can be typed"
        );
        let rows = matrix["rows"].as_array().expect("rows");
        let columns = matrix["columns"].as_array().expect("columns");
        assert_eq!((rows.len(), columns.len()), (25, 7));
        for (r, row) in rows.iter().enumerate() {
            assert_eq!(row["text"], table.row_name(r), "row {r}");
            assert!(!table.row_name(r).is_empty());
        }
        assert_eq!(rows[0]["text"], table.rows[0].labels[0]);
        for (c, column) in columns.iter().enumerate() {
            assert_eq!(column["title"], table.column_name(c), "column {c}");
        }
        assert_eq!(columns[6]["title"], table.column_label(6));
        assert_eq!(
            columns[6]["cellType"], "expression",
            "总计 is computed (H3)"
        );

        let meta = embedded(&page, "nb-peer-meta");
        assert_eq!(
            meta["tables"][index]["id"], table.id,
            "cell(t, …) numbers tables as the template"
        );
        for asset in [SURVEY_CORE_JS, SURVEY_ZH_JS, SURVEY_UI_JS] {
            let text = fs::read_to_string(root.join(asset)).expect("the asset");
            assert!(page.contains(&text), "{asset} is pasted into the page");
        }
        let css = fs::read_to_string(root.join(SURVEY_CSS)).expect("the theme");
        assert!(page.contains(&css), "the theme is pasted into the page");
        assert!(page.contains(PEER_JS));
        for external in ["<script src", "<link"] {
            assert!(
                !page.contains(external),
                "the page loads nothing: {external}"
            );
        }
    }

    #[test]
    fn sum_rules_are_validators_and_deriving_ones_compute_their_totals() {
        let survey = survey_json(&TEMPLATE);
        let applications = question(&survey, "applications");
        let validators = applications["validators"].as_array().expect("validators");
        let by_rule = |id: &str| {
            validators
                .iter()
                .filter(|v| {
                    v["text"]
                        .as_str()
                        .is_some_and(|t| t.starts_with(&format!("{id}：")))
                })
                .collect::<Vec<_>>()
        };
        // H1 and H2 for each of the 7 columns, H3 for each of the 25 rows.
        assert_eq!(by_rule("H1").len(), 7);
        assert_eq!(by_rule("H2").len(), 7);
        assert_eq!(by_rule("H3").len(), 25);
        let h1 = by_rule("H1")[0];
        assert_eq!(h1["type"], "expression");
        assert_eq!(
            h1["expression"],
            "nbsame(nbsum({applications.r0.c0}, {applications.r1.c0}), \
             nbsum({applications.r23.c0}, {applications.r24.c0}))"
        );
        assert_eq!(
            h1["text"],
            "H1：自然人列，一加二之和应等于三（七）加四之和。"
        );
        assert_eq!(
            by_rule("H2")[0]["text"],
            "H2：自然人列，三（一）至三（六）3之和应等于三（七）。"
        );

        let reviews = question(&survey, "reviews");
        let h4: Vec<&str> = reviews["validators"]
            .as_array()
            .expect("validators")
            .iter()
            .filter_map(|v| v["text"].as_str())
            .collect();
        assert_eq!(h4.len(), 3);
        assert_eq!(h4[0], "H4：行政复议，结果维持至尚未审结之和应等于总计。");
        let computed: Vec<&Value> = reviews["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .filter(|c| c["cellType"] == "expression")
            .collect();
        assert_eq!(computed.len(), 3, "the three 总计 of 第四部分");
        assert_eq!(
            computed[0]["expression"],
            "nbsum({row.c0}, {row.c1}, {row.c2}, {row.c3})"
        );

        // H2's total row is computed cell by cell in the page's script.
        let meta = peer_meta(&TEMPLATE);
        let total_row = meta["cells"]["applications"]["r23"]
            .as_object()
            .expect("the （七）总计 row");
        assert_eq!(total_row.len(), 7);
        assert!(total_row["c0"]
            .as_str()
            .is_some_and(|e| e.starts_with("nbsum({applications.r2.c0}, ")
                && e.ends_with(", {applications.r22.c0})")));
        assert_eq!(meta["cells"].as_object().map(Map::len), Some(1));
    }

    #[test]
    fn every_text_and_header_field_is_a_question() {
        let survey = survey_json(&TEMPLATE);
        for field in TEMPLATE.texts() {
            let q = question(&survey, field.id);
            assert_eq!(q["type"], "comment", "{}", field.id);
            assert_eq!(q["placeholder"], field.hint);
        }
        for (name, label) in [
            (AGENCY, TEMPLATE.header.agency),
            (YEAR, TEMPLATE.header.year),
            (PUBLISHED, TEMPLATE.header.published),
        ] {
            assert_eq!(question(&survey, name)["title"], label);
        }
        let fee = TEMPLATE.fee().expect("the fee item");
        assert_eq!(question(&survey, FEE_CHARGED)["type"], "boolean");
        assert_eq!(question(&survey, FEE_AMOUNT)["title"], fee.amount_label);
        assert_eq!(survey["checkErrorsMode"], "onValueChanged");
        assert_eq!(survey["textUpdateMode"], "onTyping");
        assert_eq!(survey["pages"].as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn the_preamble_follows_the_header_fields() {
        assert!(
            !TEMPLATE.preamble.contains('\''),
            "a `'` would end a string literal"
        );
        let survey = survey_json(&TEMPLATE);
        let expression = question(&survey, PREAMBLE)["defaultValueExpression"]
            .as_str()
            .expect("an expression")
            .to_string();
        let agency = format!(
            "iif({{agency}} notempty, {{agency}}, '〔{}〕')",
            TEMPLATE.header.agency
        );
        let year = format!(
            "iif({{year}} notempty, {{year}}, '〔{}〕')",
            TEMPLATE.header.year
        );
        // Read back: each literal is its words, each field its stand-in.
        let read: String = expression
            .split(" + ")
            .map(|part| match part {
                p if p == agency => "\u{1}",
                p if p == year => "\u{2}",
                p => p
                    .strip_prefix('\'')
                    .and_then(|p| p.strip_suffix('\''))
                    .unwrap_or_else(|| panic!("{p} in {expression}")),
            })
            .collect();
        assert_eq!(read, TEMPLATE.default_preamble("\u{1}", "\u{2}"));
    }

    #[test]
    fn package_json_pins_the_peer_at_its_version() {
        let text = fs::read_to_string(crate::root().join("package.json")).expect("package.json");
        let manifest: Value = serde_json::from_str(&text).expect("package.json is JSON");
        for package in PACKAGES {
            assert_eq!(
                manifest["devDependencies"][package], SURVEYJS_VERSION,
                "{package} pinned exactly"
            );
        }
    }
}
