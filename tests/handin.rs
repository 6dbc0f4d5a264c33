//! End-to-end test of handing the report in (issue 15) in the single-file release build from
//! file://, in headless Chromium and Firefox ESR, as a clerk does it:
//!
//! - a full report is opened (打开, `tests/fixtures/reports/full-2024.json`) and 下载 Word is
//!   pressed: the browser saves a `.docx` (the writer is loaded on demand: not in the page's start-up)
//!   whose every figure, read back by the importer, is the report's;
//! - 复制到网站编辑器 is pressed and the clipboard is pasted (Ctrl+V, the browser's real clipboard)
//!   into a `contenteditable` box, as into a portal's rich-text editor: every table arrives with its
//!   merged cells (each cell's `rowspan`/`colspan` against the template's grid), its borders and its
//!   figures; the plain text holds the title.
//!
//! Run with `cargo xtask dist && cargo test -p nianbao --test handin -- --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "e2e/driver.rs"]
mod driver;
#[path = "e2e/places.rs"]
mod places;

use driver::{
    by_id, click, downloaded, fresh_browser, keys_to_focused, shown, wait_until, Engine, CONTROL,
    NULL_KEY,
};
use fantoccini::Client;
use nianbao_core::shown::{table_rows, Part};
use nianbao_core::{json, Draft};
use places::{file_url, repo, single_file};
use serde_json::{json, Value};

async fn js(c: &Client, code: &str, args: Vec<Value>) -> Value {
    c.execute(code, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{code}"))
}

fn fixture() -> (std::path::PathBuf, Draft) {
    let path = repo().join("tests/fixtures/reports/full-2024.json");
    let text = std::fs::read_to_string(&path).expect("full-2024.json");
    (
        path,
        json::from_json(&text).expect("the fixture is a report"),
    )
}

/// Opens a report file with 打开, as a user picks it (chromedriver takes canonical paths only).
async fn open_report(c: &Client, path: &std::path::Path, agency: &str) {
    let path = std::fs::canonicalize(path).expect("canonical path");
    by_id(c, "nb-open-input")
        .await
        .send_keys(&path.display().to_string())
        .await
        .expect("choose the report");
    wait_until("the report opened", || async {
        let v = js(
            c,
            "return document.getElementById('nb-agency').value;",
            vec![],
        )
        .await;
        (v == json!(agency)).then_some(())
    })
    .await;
}

/// Every cell of every table as the pasted DOM has it: per table, rows of (text, rowspan, colspan).
const PASTED_TABLES: &str = "return [...document.getElementById('paste-box').querySelectorAll('table')]
    .map(t => [...t.rows].map(r => [...r.cells].map(c => [c.textContent.trim(), c.rowSpan, c.colSpan,
       getComputedStyle(c).borderTopStyle])));";

/// What the template says each table is, cell by cell: (text, rowspan, colspan), as the report
/// shows it (caption row, header rows, then each row's merged labels and its figures).
fn expected_tables(draft: &Draft) -> Vec<Vec<Vec<(String, usize, usize)>>> {
    let mut out = Vec::new();
    for section in nianbao_core::shown::shown(draft).sections {
        for part in section.parts {
            if let Part::Table { table, cells } = part {
                out.push(
                    table_rows(table, &cells)
                        .into_iter()
                        .map(|row| {
                            row.into_iter()
                                .map(|c| (c.text.to_string(), c.rowspan, c.colspan))
                                .collect()
                        })
                        .collect(),
                );
            }
        }
    }
    out
}

async fn hand_in(engine: Engine) {
    let (tmp, _driver, c) = fresh_browser(engine).await;
    let name = engine.name();
    let downloads = tmp.path().join("downloads");
    c.goto(&file_url(&single_file()))
        .await
        .expect("open the single file");
    by_id(&c, "nb-agency").await;
    // The writer is not in the page's start-up: nothing of the module is unpacked before it is used.
    js(
        &c,
        "const load = window.nianbaoImportModule; window.__nbModuleLoads = 0; \
         window.nianbaoImportModule = function () { window.__nbModuleLoads += 1; return load(); };",
        vec![],
    )
    .await;
    let (path, draft) = fixture();
    open_report(&c, &path, &draft.agency).await;

    eprintln!("handin ({name}): 下载 Word");
    let file_name = format!("{}.docx", draft.title());
    click(&c, "nb-download-docx").await;
    let docx_path = downloads.join(&file_name);
    let asked = wait_until("the .docx or a confirmation", || {
        let docx_path = docx_path.clone();
        let c = &c;
        async move {
            if shown(c, "nb-confirm").await {
                Some(true)
            } else {
                docx_path.is_file().then_some(false)
            }
        }
    })
    .await;
    if asked {
        click(&c, "nb-confirm-yes").await;
    }
    let bytes = downloaded(&downloads, &file_name).await;
    assert!(bytes.starts_with(b"PK\x03\x04"), "a .docx is a zip package");
    assert_eq!(
        js(&c, "return window.__nbModuleLoads;", vec![]).await,
        json!(1),
        "the writer was loaded on first use"
    );
    let imported = nianbao_import::import(&bytes);
    assert_eq!(imported.summary.format.as_deref(), Some("2021"));
    assert!(
        imported.summary.not_placed.is_empty(),
        "{:?}",
        imported.summary.not_placed
    );
    assert_eq!(imported.draft.agency, draft.agency);
    assert_eq!(imported.draft.year, draft.year);
    assert_eq!(
        imported.draft.tables, draft.tables,
        "every figure of the report"
    );
    let status = js(
        &c,
        "return document.getElementById('nb-status').textContent;",
        vec![],
    )
    .await;
    assert!(
        status.as_str().unwrap_or("").contains(&file_name),
        "the status names the file: {status}"
    );

    eprintln!("handin ({name}): 复制到网站编辑器, pasted into a contenteditable box");
    click(&c, "nb-copy-editor").await;
    wait_until("the status says it was copied", || async {
        let text = js(
            &c,
            "return document.getElementById('nb-status').textContent;",
            vec![],
        )
        .await;
        text.as_str()
            .filter(|t| t.contains("已复制整份报告"))
            .map(String::from)
    })
    .await;
    js(
        &c,
        "const d = document.createElement('div'); d.id = 'paste-box'; d.contentEditable = 'true'; \
         d.setAttribute('aria-label', 'editor'); d.style.minHeight = '3em'; \
         document.body.appendChild(d);",
        vec![],
    )
    .await;
    // Into the editor as a user gets there, a click (Firefox pastes only where a caret is).
    click(&c, "paste-box").await;
    keys_to_focused(&c, &format!("{CONTROL}v{NULL_KEY}")).await;
    let pasted = wait_until("the report pasted", || async {
        let tables = js(&c, PASTED_TABLES, vec![]).await;
        (tables.as_array().map_or(0, Vec::len) > 0).then_some(tables)
    })
    .await;
    let expected = expected_tables(&draft);
    let pasted = pasted.as_array().expect("tables");
    assert_eq!(pasted.len(), expected.len(), "every table pasted");
    for (t, (got, want)) in pasted.iter().zip(&expected).enumerate() {
        let got = got.as_array().expect("rows");
        assert_eq!(got.len(), want.len(), "table {t}: rows");
        for (r, (got, want)) in got.iter().zip(want).enumerate() {
            let got: Vec<(String, usize, usize)> = got
                .as_array()
                .expect("cells")
                .iter()
                .map(|c| {
                    assert_eq!(c[3], json!("solid"), "table {t} row {r}: bordered cell {c}");
                    (
                        c[0].as_str().unwrap_or("").to_string(),
                        c[1].as_u64().unwrap_or(0) as usize,
                        c[2].as_u64().unwrap_or(0) as usize,
                    )
                })
                .collect();
            assert_eq!(&got, want, "table {t} row {r}: text, rowspan, colspan");
        }
    }
    let text = js(
        &c,
        "return document.getElementById('paste-box').innerText;",
        vec![],
    )
    .await;
    assert!(text.as_str().unwrap_or("").contains(&draft.title()));
    let _ = std::fs::create_dir_all(repo().join("target/e2e-screenshots"));
    let _ = c.screenshot().await.map(|png| {
        std::fs::write(
            repo().join(format!(
                "target/e2e-screenshots/{name}-pasted-into-editor.png"
            )),
            png,
        )
    });
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_word_file_is_downloaded_and_the_report_pastes_into_an_editor_in_chromium() {
    hand_in(Engine::Chromium).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_word_file_is_downloaded_and_the_report_pastes_into_an_editor_in_firefox() {
    hand_in(Engine::Firefox).await;
}
