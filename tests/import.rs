//! End-to-end test of 导入已发布的报告 (issue 14) in the single-file release build from file://, in
//! headless Chromium and Firefox ESR, as a clerk does it:
//!
//! - 导入 opens the panel with the focus in its paste box; the text of a report copied from a PDF
//!   (`tests/fixtures/import/full-2024.pdftotext.txt`) is pasted with Ctrl+V through the browser's
//!   real clipboard and 导入粘贴的内容 fills the form: every cell of the application table and the
//!   header checked against `tests/fixtures/reports/full-2024.json`; the panel says what was placed;
//!   Esc closes the panel and 撤销 takes the whole import back in one step;
//! - the import module is not in the page's start-up: nothing of it is unpacked before the first
//!   import (`window.nianbaoImportModule` is called only then);
//! - a Word document (the official template, filled at test time) is chosen with 选择文件: over a
//!   report that is not empty the form asks first, then fills every figure; the panel lists nothing
//!   as not placed;
//! - a text file saved in GBK (Windows Notepad's “ANSI”) imports as UTF-8 does;
//! - a file that is no report changes nothing and says so;
//! - 审阅 takes many files at once (two years of one body, a published page, a note that is no
//!   report): one row each, the later year checked against the earlier, sortable, each opened
//!   read-only, the table downloaded as CSV with a byte order mark; the time for 50 files is printed
//!   (run with `--nocapture`), never asserted;
//! - the served build (`scripts/run.sh`: target/dist-release/ over http) fetches the module beside
//!   its page and imports as the single file does.
//!
//! Run with `cargo xtask dist && cargo test -p nianbao --test import -- --test-threads=1`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../import/tests/support/docx_fill.rs"]
mod docx_fill;
#[path = "e2e/driver.rs"]
mod driver;
#[path = "support/needs.rs"]
mod needs;
#[path = "e2e/places.rs"]
mod places;
#[path = "e2e/serve.rs"]
mod serve;

use driver::{
    by_id, capture_downloads, captured_download, click, fresh_browser, keys_to_focused, shown,
    wait_until, Engine, CONTROL, NULL_KEY,
};
use fantoccini::Client;
use places::{cell_id, file_url, repo, single_file};
use serde_json::{json, Value};

async fn js(c: &Client, code: &str, args: Vec<Value>) -> Value {
    c.execute(code, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{code}"))
}

async fn value(c: &Client, id: &str) -> String {
    js(
        c,
        "return document.getElementById(arguments[0]).value;",
        vec![json!(id)],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Chooses files in a file input, as a user picks them in the browser's chooser (chromedriver
/// takes canonical paths only; several are one per line).
async fn choose(c: &Client, input: &str, files: &[&std::path::Path]) {
    let paths: Vec<String> = files
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .expect("canonical path")
                .display()
                .to_string()
        })
        .collect();
    by_id(c, input)
        .await
        .send_keys(&paths.join("\n"))
        .await
        .unwrap_or_else(|e| panic!("choose {paths:?} in #{input}: {e}"));
}

/// Opens the import panel unless it is open.
async fn open_import(c: &Client) {
    if !shown(c, "nb-import-panel").await {
        click(c, "nb-import").await;
    }
}

/// The summary's text, once the import answered.
async fn summary(c: &Client) -> String {
    wait_until("the import's summary", || async {
        let text = js(
            c,
            "const s = document.getElementById('nb-import-summary'); return s ? s.textContent : null;",
            vec![],
        )
        .await;
        text.as_str().map(String::from)
    })
    .await
}

fn full_2024() -> Value {
    let path = repo().join("tests/fixtures/reports/full-2024.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("full-2024.json")).expect("JSON")
}

/// Every cell of the application table against the report's.
async fn expect_applications(c: &Client, report: &Value) {
    let rows = report["tables"]["applications"].as_array().expect("rows");
    for (r, row) in rows.iter().enumerate() {
        for (col, want) in row.as_array().expect("cells").iter().enumerate() {
            let want = match want {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(
                value(c, &cell_id("applications", r, col)).await,
                want,
                "row {r} col {col}"
            );
        }
    }
}

async fn import_from_pasted_text(engine: Engine) {
    let (tmp, _driver, c) = fresh_browser(engine).await;
    let name = engine.name();
    c.goto(&file_url(&single_file()))
        .await
        .expect("open the single file");
    by_id(&c, "nb-agency").await;
    // Nothing of the import module is unpacked at start.
    js(
        &c,
        "window.__imports = 0; const load = window.nianbaoImportModule; \
         window.nianbaoImportModule = () => { window.__imports++; return load(); };",
        vec![],
    )
    .await;

    eprintln!("import ({name}): 导入, paste the text of a PDF, 导入粘贴的内容");
    click(&c, "nb-import").await;
    wait_until("the focus in the paste box", || async {
        (driver::focused_id(&c).await == "nb-import-text").then_some(())
    })
    .await;
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/import/full-2024.pdftotext.txt"))
            .expect("the PDF text fixture");
    // Through the real clipboard: copied from a scratch text area, pasted with Ctrl+V.
    js(
        &c,
        "const t = document.createElement('textarea'); t.id = 'scratch'; t.value = arguments[0]; \
         t.setAttribute('aria-label', 'scratch'); document.body.appendChild(t); t.focus(); t.select();",
        vec![json!(text)],
    )
    .await;
    keys_to_focused(&c, &format!("{CONTROL}c{NULL_KEY}")).await;
    js(
        &c,
        "document.getElementById('nb-import-text').focus();",
        vec![],
    )
    .await;
    keys_to_focused(&c, &format!("{CONTROL}v{NULL_KEY}")).await;
    assert_eq!(
        value(&c, "nb-import-text").await.replace("\r\n", "\n"),
        text
    );
    assert_eq!(js(&c, "return window.__imports;", vec![]).await, json!(0));
    click(&c, "nb-import-paste").await;
    let said = summary(&c).await;
    assert!(said.contains("表格数字 200 个"), "{name}: {said}");
    assert!(said.contains("2021 年格式"), "{name}: {said}");
    assert!(!said.contains("没有填入"), "{name}: {said}");
    assert_eq!(js(&c, "return window.__imports;", vec![]).await, json!(1));
    let report = full_2024();
    assert_eq!(
        value(&c, "nb-agency").await,
        report["header"]["agency"].as_str().unwrap()
    );
    assert_eq!(
        value(&c, "nb-year").await,
        report["header"]["year"].to_string().trim_matches('"')
    );
    expect_applications(&c, &report).await;

    eprintln!("import ({name}): Esc closes the panel, 撤销 takes the import back in one step");
    keys_to_focused(&c, "\u{e00c}").await;
    wait_until("the panel closed", || async {
        (!shown(&c, "nb-import-panel").await).then_some(())
    })
    .await;
    click(&c, "nb-undo").await;
    wait_until("the import taken back", || async {
        value(&c, &cell_id("applications", 0, 0))
            .await
            .is_empty()
            .then_some(())
    })
    .await;
    assert_eq!(value(&c, "nb-agency").await, "");

    eprintln!("import ({name}): a Word document chosen with 选择文件, over a report not empty");
    if let Some(template) = needs::reference(repo(), "template-2021.docx") {
        by_id(&c, "nb-agency")
            .await
            .send_keys("某某局")
            .await
            .expect("type");
        let bytes = std::fs::read(template).expect("the template");
        let filled = docx_fill::fill(
            &bytes,
            |p| Some((p.table * 1000 + p.row * 20 + p.col).to_string()),
            |t| {
                (t == "政府信息公开工作年度报告格式模板")
                    .then(|| "某县人民政府2023年政府信息公开工作年度报告".to_string())
            },
        );
        let path = tmp.path().join("某县2023年报.docx");
        std::fs::write(&path, filled).expect("write the .docx");
        open_import(&c).await;
        choose(&c, "nb-import-input", &[&path]).await;
        wait_until("the question before replacing", || async {
            shown(&c, "nb-confirm").await.then_some(())
        })
        .await;
        click(&c, "nb-confirm-yes").await;
        wait_until("the Word document in the form", || async {
            (value(&c, "nb-agency").await == "某县人民政府").then_some(())
        })
        .await;
        assert_eq!(value(&c, "nb-year").await, "2023");
        // The application table's first figure: its place in the Word table (table 1, row 3, col 3).
        assert_eq!(value(&c, &cell_id("applications", 0, 0)).await, "1063");
        assert_eq!(value(&c, &cell_id("applications", 24, 6)).await, "1549");
        let said = summary(&c).await;
        assert!(said.contains("Word 文档"), "{name}: {said}");
        assert!(said.contains("表格数字 200 个"), "{name}: {said}");
    }

    eprintln!("import ({name}): a text file saved in GBK (Notepad's “ANSI”) reads as UTF-8 does");
    let gbk = repo().join("tests/fixtures/import/full-2024.gbk.txt");
    open_import(&c).await;
    choose(&c, "nb-import-input", &[&gbk]).await;
    wait_until("the GBK text in the form", || async {
        // Over the Word document's report (when the template was there) the form asks first.
        if shown(&c, "nb-confirm").await {
            click(&c, "nb-confirm-yes").await;
        }
        (value(&c, &cell_id("applications", 0, 6)).await == "127").then_some(())
    })
    .await;
    let said = summary(&c).await;
    assert!(
        said.contains("full-2024.gbk.txt") && said.contains("表格数字 200 个"),
        "{name}: {said}"
    );

    eprintln!("import ({name}): a file that is no report changes nothing");
    let other = tmp.path().join("通知.txt");
    std::fs::write(
        &other,
        "关于做好春节假期值班工作的通知\n各科室：请按排班表值班。",
    )
    .expect("write");
    let before = value(&c, "nb-agency").await;
    open_import(&c).await;
    choose(&c, "nb-import-input", &[&other]).await;
    wait_until("the message about the file", || async {
        summary(&c).await.contains("通知.txt").then_some(())
    })
    .await;
    assert!(summary(&c).await.contains("不是政府信息公开工作年度报告"));
    assert_eq!(value(&c, "nb-agency").await, before);
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_report_is_imported_from_pasted_text_and_a_word_file_in_chromium() {
    import_from_pasted_text(Engine::Chromium).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_report_is_imported_from_pasted_text_and_a_word_file_in_firefox() {
    import_from_pasted_text(Engine::Firefox).await;
}

/// The review table's rows as their cells' text.
async fn review_rows(c: &Client) -> Vec<Vec<String>> {
    let rows = js(
        c,
        "return [...document.querySelectorAll('#nb-review-table tbody tr')] \
           .map((r) => [...r.cells].map((td) => td.textContent));",
        vec![],
    )
    .await;
    serde_json::from_value(rows).expect("rows")
}

async fn review_many(engine: Engine) {
    let (tmp, _driver, c) = fresh_browser(engine).await;
    let name = engine.name();
    c.goto(&file_url(&single_file()))
        .await
        .expect("open the single file");
    by_id(&c, "nb-agency").await;
    capture_downloads(&c, false).await;
    let fixtures = repo().join("tests/fixtures/reports");
    let note = tmp.path().join("通知.txt");
    std::fs::write(&note, "关于做好春节假期值班工作的通知").expect("write");
    let mut files = vec![
        fixtures.join("full-2024.json"),
        fixtures.join("full-2023.json"),
        note.clone(),
    ];
    if let Some(page) = needs::reference(repo(), "reports/pingtan-2022.html") {
        files.push(page);
    }

    eprintln!("import ({name}): 审阅, {} files at once", files.len());
    click(&c, "nb-review").await;
    let chosen: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    choose(&c, "nb-review-input", &chosen).await;
    let rows = wait_until("the review table", || async {
        let rows = review_rows(&c).await;
        (rows.len() == files.len()).then_some(rows)
    })
    .await;
    let row = |file: &str| rows.iter().find(|r| r[0] == file).cloned().expect(file);
    let later = row("full-2024.json");
    assert_eq!(later[2], "2024");
    assert_eq!(later[3], "2021");
    assert_eq!(later[4], "0", "{name}: errors of full-2024: {later:?}");
    assert!(later[6].contains("已对照上年报告"), "{name}: {later:?}");
    assert!(!row("full-2023.json")[6].contains("已对照上年报告"));
    assert_eq!(row("通知.txt")[1], "不是年度报告");
    if files.len() == 4 {
        let page = row("pingtan-2022.html");
        assert_eq!(page[1], "平潭综合实验区");
        assert!(page[6].contains("75"), "{name}: the S3 warning: {page:?}");
    }

    eprintln!("import ({name}): sort by 年度, look at one, CSV");
    js(
        &c,
        "document.querySelectorAll('.nb-review-sort')[2].click();",
        vec![],
    )
    .await;
    let sorted = wait_until("sorted by year", || async {
        let rows = review_rows(&c).await;
        let years: Vec<&str> = rows[..rows.len() - 1]
            .iter()
            .map(|r| r[2].as_str())
            .collect();
        years.windows(2).all(|w| w[0] <= w[1]).then_some(rows)
    })
    .await;
    let sort =
        "return document.querySelectorAll('#nb-review-table th')[2].getAttribute('aria-sort');";
    assert_eq!(js(&c, sort, vec![]).await, json!("ascending"));
    assert_eq!(
        sorted.last().unwrap()[0],
        "通知.txt",
        "no report stays last"
    );
    js(
        &c,
        "[...document.querySelectorAll('#nb-review-table tbody tr')] \
           .find((r) => r.cells[0].textContent === 'full-2024.json').querySelector('button').click();",
        vec![],
    )
    .await;
    by_id(&c, "nb-review-back").await;
    let frame = js(
        &c,
        "return !!document.querySelector('.nb-review-frame');",
        vec![],
    )
    .await;
    assert_eq!(frame, json!(true));
    click(&c, "nb-review-back").await;
    click(&c, "nb-review-csv").await;
    let csv = String::from_utf8(captured_download(&c, "年报审阅.csv").await).expect("UTF-8");
    assert!(
        csv.starts_with("\u{feff}文件,机关名称,年度,格式,错误,提示"),
        "{csv}"
    );
    assert!(csv.contains("full-2024.json,"), "{csv}");
    assert_eq!(csv.lines().count(), files.len() + 1);

    if engine == Engine::Chromium {
        // 50 files (the fixtures and, when present, the published pages, over and over): the time
        // from choosing them to the table, printed for the closing note, never asserted.
        let mut many: Vec<std::path::PathBuf> = Vec::new();
        let mut pool = vec![
            fixtures.join("full-2024.json"),
            fixtures.join("full-2023.json"),
        ];
        for year in 2020..=2025 {
            if let Some(page) = needs::reference(repo(), &format!("reports/pingtan-{year}.html")) {
                pool.push(page);
            }
        }
        for i in 0..50 {
            let from = &pool[i % pool.len()];
            let to = tmp.path().join(format!(
                "{i:02}-{}",
                from.file_name().unwrap().to_string_lossy()
            ));
            std::fs::copy(from, &to).expect("copy");
            many.push(to);
        }
        js(&c, "window.__t0 = performance.now();", vec![]).await;
        let chosen: Vec<&std::path::Path> = many.iter().map(|p| p.as_path()).collect();
        choose(&c, "nb-review-input", &chosen).await;
        wait_until("the table of 50", || async {
            (review_rows(&c).await.len() == 50).then_some(())
        })
        .await;
        let ms = js(&c, "return performance.now() - window.__t0;", vec![]).await;
        println!(
            "import ({name}): review of 50 files ({} distinct) to the table: {ms} ms",
            pool.len()
        );
    }
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn many_reports_are_reviewed_at_once_in_chromium() {
    review_many(Engine::Chromium).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn many_reports_are_reviewed_at_once_in_firefox() {
    review_many(Engine::Firefox).await;
}

/// The served build (scripts/run.sh serves target/dist-release/): the module is fetched from beside
/// the page (static/import-module.js), and a pasted report imports as in the single file.
#[tokio::test(flavor = "multi_thread")]
async fn the_served_build_fetches_the_module_and_imports() {
    let dist = repo().join("target/dist-release");
    assert!(
        dist.join("nianbao-import.wasm").is_file(),
        "{} has no import module: run `cargo xtask dist` first (scripts/test.sh does)",
        dist.display()
    );
    // Trunk's page starts the app from an inline module script.
    let port = serve::serve(
        dist,
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'",
    );
    let (_tmp, _driver, c) = fresh_browser(Engine::Chromium).await;
    c.goto(&format!("http://127.0.0.1:{port}/index.html"))
        .await
        .expect("open the served build");
    by_id(&c, "nb-agency").await;
    click(&c, "nb-import").await;
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/import/full-2024.pdftotext.txt"))
            .expect("the PDF text fixture");
    js(
        &c,
        "document.getElementById('nb-import-text').value = arguments[0];",
        vec![json!(text)],
    )
    .await;
    click(&c, "nb-import-paste").await;
    let said = summary(&c).await;
    assert!(said.contains("表格数字 200 个"), "{said}");
    assert_eq!(value(&c, &cell_id("applications", 0, 6)).await, "127");
    c.close().await.expect("close");
}
