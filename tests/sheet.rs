//! End-to-end test of spreadsheet entry (issue 13) in the single-file release build from file://,
//! in headless Chromium and Firefox ESR, through each browser's real clipboard and keyboard:
//!
//! - a block copied from a text area (as Excel and WPS 表格 put tab-separated text on the clipboard)
//!   and a table copied from a page (HTML, as WPS and web pages do) are pasted with Ctrl+V into a
//!   cell, and every cell of the table is checked against `tests/fixtures/paste/blocks.json` (the
//!   cases marked `e2e`); Ctrl+Z takes a paste back in one step;
//! - a 3×3 range selected with Shift+arrows and copied with Ctrl+C pastes into a text area as the
//!   same tab-separated rows;
//! - Tab walks the application table from its first cell to its last, stepping over the computed
//!   totals, and leaves it;
//! - large text (大字) is switched on and is still on after a reload;
//! - axe-core (pinned in package.json) finds no WCAG 2.0/2.1 A or AA violation on the empty form, a
//!   filled report, a report with errors after 检查全部, large text, the drafts list, the import
//!   panel after an import, the review table and a report viewed from it.
//!
//! Run with `cargo xtask dist && cargo test -p nianbao --test sheet -- --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "e2e/driver.rs"]
mod driver;
#[path = "support/needs.rs"]
mod needs;
#[path = "e2e/places.rs"]
mod places;

use driver::key::{DOWN, RIGHT, SHIFT, TAB};
use driver::{
    by_id, click, focused_id, fresh_browser, keys_to_focused, wait_until, Engine, WebDriver,
    CONTROL, NULL_KEY,
};
use fantoccini::Client;
use places::{cell_id, file_url, repo, single_file};
use serde_json::{json, Value};

async fn js(c: &Client, code: &str, args: Vec<Value>) -> Value {
    c.execute(code, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{code}"))
}

/// Ctrl+`letter` in the focused element, modifiers released after.
async fn ctrl(c: &Client, letter: char) {
    keys_to_focused(c, &format!("{CONTROL}{letter}{NULL_KEY}")).await;
}

/// Focuses a cell as a user does: a click.
async fn enter(c: &Client, id: &str) {
    js(
        c,
        "document.getElementById(arguments[0]).scrollIntoView({block: 'center'});",
        vec![json!(id)],
    )
    .await;
    by_id(c, id)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click #{id}: {e}"));
}

/// A scratch area outside the form, where the test writes what it copies and reads what it pastes:
/// a text area (text) and a box (a table, as on a web page).
async fn scratch(c: &Client) {
    js(
        c,
        "const t = document.createElement('textarea'); t.id = 'scratch-text'; \
         t.setAttribute('aria-label', 'scratch'); document.body.appendChild(t); \
         const d = document.createElement('div'); d.id = 'scratch-box'; document.body.appendChild(d);",
        vec![],
    )
    .await;
}

/// Puts `text` on the browser's clipboard the way a user copies from a spreadsheet's text: into the
/// scratch text area, select all, Ctrl+C.
async fn copy_text(c: &Client, text: &str) {
    js(c, "const t = document.getElementById('scratch-text'); t.value = arguments[0]; t.focus(); t.select();", vec![json!(text)]).await;
    ctrl(c, 'c').await;
}

/// Puts an HTML table on the clipboard as a user copies it from a web page: drawn in the scratch
/// box, selected, Ctrl+C (the browser puts both HTML and text on the clipboard).
async fn copy_html(c: &Client, html: &str) {
    js(
        c,
        "const d = document.getElementById('scratch-box'); d.innerHTML = arguments[0]; \
         d.setAttribute('tabindex', '-1'); d.focus(); \
         const s = window.getSelection(); s.removeAllRanges(); const r = document.createRange(); \
         r.selectNodeContents(d); s.addRange(r);",
        vec![json!(html)],
    )
    .await;
    ctrl(c, 'c').await;
}

/// Every cell of a table: (row, column, entry, read-only).
async fn entries(c: &Client, table: &str) -> Vec<(usize, usize, String, bool)> {
    let value = js(
        c,
        "return [...document.querySelectorAll('input[id^=\"nb-cell-' + arguments[0] + '-\"]')] \
           .map((i) => [i.id, i.value, i.readOnly]);",
        vec![json!(table)],
    )
    .await;
    let prefix = format!("nb-cell-{table}-");
    value
        .as_array()
        .expect("cells")
        .iter()
        .map(|cell| {
            let id = cell[0].as_str().unwrap();
            let (r, col) = id.strip_prefix(&prefix).unwrap().split_once('-').unwrap();
            (
                r.parse().unwrap(),
                col.parse().unwrap(),
                cell[1].as_str().unwrap().to_string(),
                cell[2].as_bool().unwrap(),
            )
        })
        .collect()
}

fn fixture_cases() -> Vec<Value> {
    let path = repo().join("tests/fixtures/paste/blocks.json");
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the paste fixtures"))
            .expect("JSON");
    file["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["e2e"] == true)
        .cloned()
        .collect()
}

/// Checks every cell of the case's table: the block's cells hold what was copied, every other cell
/// one types in is blank.
async fn check_case(c: &Client, name: &str, case: &Value) {
    let table = case["table"].as_str().unwrap();
    let want: Vec<(usize, usize, String)> = serde_json::from_value(case["cells"].clone()).unwrap();
    let mut wrong = Vec::new();
    for (r, col, shown, read_only) in entries(c, table).await {
        match want.iter().find(|(wr, wc, _)| (*wr, *wc) == (r, col)) {
            Some((_, _, w)) if *w != shown => {
                wrong.push(format!("{r},{col}: {shown:?}, want {w:?}"))
            }
            None if !read_only && !shown.is_empty() => {
                wrong.push(format!("{r},{col}: {shown:?}, want blank"))
            }
            _ => {}
        }
    }
    assert!(
        wrong.is_empty(),
        "{name}: {}: {}",
        case["what"],
        wrong.join("; ")
    );
}

async fn all_blank(c: &Client, table: &str) -> bool {
    entries(c, table)
        .await
        .iter()
        .all(|(.., shown, read_only)| *read_only || shown.is_empty())
}

/// A fresh browser with the single file open from file:// and its form drawn.
async fn open_form(engine: Engine) -> (tempfile::TempDir, WebDriver, Client) {
    let (tmp, webdriver, c) = fresh_browser(engine).await;
    c.goto(&file_url(&single_file()))
        .await
        .expect("open the page");
    by_id(&c, "nb-agency").await;
    (tmp, webdriver, c)
}

async fn spreadsheet_entry(engine: Engine) {
    let name = engine.name();
    let (_tmp, webdriver, c) = open_form(engine).await;
    scratch(&c).await;

    // Paste through the real clipboard, each fixture marked e2e, each taken back with Ctrl+Z.
    let cases = fixture_cases();
    assert!(cases.len() >= 2, "the fixture lost its e2e cases");
    for case in &cases {
        match (case["tsv"].as_str(), case["html"].as_str()) {
            (Some(tsv), _) => copy_text(&c, tsv).await,
            (None, Some(html)) => copy_html(&c, html).await,
            _ => panic!("{}: nothing to copy", case["what"]),
        }
        let (table, at) = (case["table"].as_str().unwrap(), &case["at"]);
        enter(
            &c,
            &cell_id(
                table,
                at[0].as_u64().unwrap() as usize,
                at[1].as_u64().unwrap() as usize,
            ),
        )
        .await;
        ctrl(&c, 'v').await;
        wait_until("the status after the paste", || async {
            let status = by_id(&c, "nb-status")
                .await
                .text()
                .await
                .unwrap_or_default();
            status.contains("已粘贴").then_some(())
        })
        .await;
        check_case(&c, name, case).await;
        ctrl(&c, 'z').await;
        wait_until("the paste undone in one step", || async {
            all_blank(&c, table).await.then_some(())
        })
        .await;
        eprintln!(
            "sheet ({name}): pasted and undid “{}”",
            case["what"].as_str().unwrap()
        );
    }

    // A 3×3 range out of the form, through the clipboard, into a text area.
    for r in 0..3 {
        for col in 0..3 {
            enter(&c, &cell_id("applications", r, col)).await;
            keys_to_focused(&c, &format!("{}", r * 3 + col + 1)).await;
        }
    }
    enter(&c, &cell_id("applications", 0, 0)).await;
    keys_to_focused(&c, &format!("{SHIFT}{RIGHT}{RIGHT}{DOWN}{DOWN}{NULL_KEY}")).await;
    assert_eq!(
        focused_id(&c).await,
        cell_id("applications", 0, 0),
        "{name}: the focus stays at the range's start"
    );
    let selected = js(
        &c,
        "return document.querySelectorAll('.nb-selected').length;",
        vec![],
    )
    .await;
    assert_eq!(selected, 9, "{name}: the range shows as 9 selected cells");
    ctrl(&c, 'c').await;
    js(
        &c,
        "const t = document.getElementById('scratch-text'); t.value = ''; t.focus();",
        vec![],
    )
    .await;
    ctrl(&c, 'v').await;
    let pasted = js(
        &c,
        "return document.getElementById('scratch-text').value;",
        vec![],
    )
    .await;
    let pasted = pasted.as_str().unwrap_or_default().replace("\r\n", "\n");
    assert_eq!(
        pasted.trim_end(),
        "1\t2\t3\n4\t5\t6\n7\t8\t9",
        "{name}: the copied range"
    );
    eprintln!("sheet ({name}): a 3×3 range copied as tab-separated rows");

    // Tab through the application table: its 144 cells to type in, in order, then out of it.
    enter(&c, &cell_id("applications", 0, 0)).await;
    keys_to_focused(&c, &format!("{TAB}{SHIFT}{TAB}{NULL_KEY}")).await;
    let ring = focus_ring(&c).await;
    assert!(
        ring.0 >= 2.0 && ring.1 >= 3.0,
        "{name}: the focus ring is {} px at contrast {:.2}:1",
        ring.0,
        ring.1
    );
    let mut walked = vec![focused_id(&c).await];
    loop {
        keys_to_focused(&c, TAB).await;
        let id = focused_id(&c).await;
        if !id.starts_with("nb-cell-applications-") {
            assert!(!id.is_empty(), "{name}: Tab left the table to nowhere");
            break;
        }
        walked.push(id);
        assert!(walked.len() <= 175, "{name}: Tab does not leave the table");
    }
    let expected: Vec<String> = (0..25)
        .filter(|&r| r != 23)
        .flat_map(|r| (0..6).map(move |col| cell_id("applications", r, col)))
        .collect();
    assert_eq!(
        walked, expected,
        "{name}: Tab order through the application table"
    );
    keys_to_focused(&c, &format!("{SHIFT}{TAB}{NULL_KEY}")).await;
    assert_eq!(
        focused_id(&c).await,
        cell_id("applications", 24, 5),
        "{name}: Shift+Tab comes back"
    );
    eprintln!(
        "sheet ({name}): Tab walks {} cells and leaves the table",
        walked.len()
    );

    // Large text, remembered across a reload.
    click(&c, "nb-large-text").await;
    assert!(large_text_on(&c).await, "{name}: large text is on");
    c.refresh().await.expect("reload");
    by_id(&c, "nb-agency").await;
    assert!(
        large_text_on(&c).await,
        "{name}: large text is still on after a reload"
    );
    let size = js(
        &c,
        "return parseFloat(getComputedStyle(document.getElementById('nb-agency')).fontSize);",
        vec![],
    )
    .await;
    assert!(
        size.as_f64().unwrap_or(0.0) >= 24.0,
        "{name}: large text is {size}px"
    );
    click(&c, "nb-large-text").await;
    assert!(!large_text_on(&c).await, "{name}: large text is off again");

    c.close().await.expect("close the session");
    drop(webdriver);
}

/// The focused element's focus ring: its width in px and the contrast of its colour against the
/// background behind it (WCAG's relative luminance).
async fn focus_ring(c: &Client) -> (f64, f64) {
    let value = js(
        c,
        "const e = document.activeElement; const s = getComputedStyle(e); \
         const rgb = (t) => t.match(/[\\d.]+/g).slice(0, 3).map(Number); \
         const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; \
           return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }) \
           .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0); \
         let bg = s.backgroundColor, n = e; \
         while (n && /rgba\\(.*, 0\\)|transparent/.test(getComputedStyle(n).backgroundColor)) n = n.parentElement; \
         if (n) bg = getComputedStyle(n).backgroundColor; \
         const [a, b] = [lum(rgb(s.outlineColor)), lum(rgb(bg))]; \
         return [s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth), \
           (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];",
        vec![],
    )
    .await;
    (
        value[0].as_f64().unwrap_or(0.0),
        value[1].as_f64().unwrap_or(0.0),
    )
}

async fn large_text_on(c: &Client) -> bool {
    js(c, "return !!document.querySelector('.nb-large');", vec![]).await == true
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spreadsheet_entry_in_chromium() {
    spreadsheet_entry(Engine::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spreadsheet_entry_in_firefox() {
    spreadsheet_entry(Engine::Firefox).await;
}

// ---------------------------------------------------------------------------------------------
// Accessibility: axe-core on the form in its states.

/// The WCAG levels axe checks.
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Runs axe-core (node_modules/axe-core, installed by scripts/setup.sh) on the page; returns each
/// violation as “rule: target …”.
async fn axe(c: &Client) -> Vec<String> {
    let path = repo().join("node_modules/axe-core/axe.min.js");
    let Ok(source) = std::fs::read_to_string(&path) else {
        panic!(
            "{} is missing: run scripts/setup.sh (npm ci installs axe-core)",
            path.display()
        );
    };
    js(
        c,
        &format!("if (!window.axe) {{ {source} }} return true;"),
        vec![],
    )
    .await;
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']}) \
               .then((r) => done(r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')))) \
               .catch((e) => done(['axe failed: ' + e]));",
            vec![json!(AXE_TAGS)],
        )
        .await
        .expect("axe.run");
    result
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

async fn no_violations(c: &Client, name: &str, state: &str) {
    let violations = axe(c).await;
    assert!(
        violations.is_empty(),
        "{name}, {state}: axe found\n{}",
        violations.join("\n")
    );
    eprintln!(
        "axe ({name}): {state}: no violations of {}",
        AXE_TAGS.join(", ")
    );
}

async fn accessibility(engine: Engine) {
    let name = engine.name();
    let (_tmp, webdriver, c) = open_form(engine).await;
    no_violations(&c, name, "the empty form").await;

    let full = repo().join("tests/fixtures/reports/full-2024.json");
    by_id(&c, "nb-open-input")
        .await
        .send_keys(&full.display().to_string())
        .await
        .expect("choose the file");
    wait_until("the report opened", || async {
        (!driver::value_of(&c, "nb-agency").await.is_empty()).then_some(())
    })
    .await;
    no_violations(&c, name, "a filled report").await;

    driver::type_into(&c, &cell_id("applications", 0, 0), "甲").await;
    click(&c, "nb-check").await;
    wait_until("the errors listed", || async {
        c.find(fantoccini::Locator::Css("#nb-findings button.nb-finding"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    no_violations(&c, name, "a report with errors after 检查全部").await;

    click(&c, "nb-large-text").await;
    no_violations(&c, name, "large text").await;
    click(&c, "nb-large-text").await;

    click(&c, "nb-drafts").await;
    wait_until("the list of drafts", || async {
        c.find(fantoccini::Locator::Css(
            ".nb-drafts-panel, #nb-drafts-panel, [role=dialog]",
        ))
        .await
        .ok()
        .map(|_| ())
    })
    .await;
    no_violations(&c, name, "the drafts list").await;
    click(&c, "nb-drafts-close").await;

    // Issue 14's panels: 导入 with what an import did, 审阅 with its table and one report.
    click(&c, "nb-import").await;
    let pdf_text = repo().join("tests/fixtures/import/full-2024.pdftotext.txt");
    by_id(&c, "nb-import-input")
        .await
        .send_keys(&pdf_text.display().to_string())
        .await
        .expect("choose the file");
    wait_until("the import's summary", || async {
        if driver::shown(&c, "nb-confirm").await {
            click(&c, "nb-confirm-yes").await;
        }
        driver::shown(&c, "nb-import-summary").await.then_some(())
    })
    .await;
    no_violations(&c, name, "the import panel after an import").await;
    click(&c, "nb-import-close").await;

    click(&c, "nb-review").await;
    let fixtures = repo().join("tests/fixtures/reports");
    let files = [
        fixtures.join("full-2024.json"),
        fixtures.join("full-2023.json"),
        pdf_text,
    ];
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    by_id(&c, "nb-review-input")
        .await
        .send_keys(&paths.join("\n"))
        .await
        .expect("choose the files");
    wait_until("the review table", || async {
        driver::shown(&c, "nb-review-table").await.then_some(())
    })
    .await;
    no_violations(&c, name, "the review table").await;
    c.execute(
        "document.querySelector('#nb-review-table tbody button').click();",
        vec![],
    )
    .await
    .expect("查看");
    wait_until("a reviewed report", || async {
        driver::shown(&c, "nb-review-back").await.then_some(())
    })
    .await;
    no_violations(&c, name, "a reviewed report, read-only").await;

    c.close().await.expect("close the session");
    drop(webdriver);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_accessibility_violations_in_chromium() {
    accessibility(Engine::Chromium).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_accessibility_violations_in_firefox() {
    accessibility(Engine::Firefox).await;
}
