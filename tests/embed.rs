//! End-to-end test of the form embedded in a government portal page: the portal build (target/portal/,
//! from `cargo xtask portal`) and its example host page (examples/portal/), served by a tiny loopback
//! HTTP server in this test that sends the strict Content-Security-Policy a portal may have
//! (`default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`), with a hostile
//! stylesheet added to the page. In headless Chromium:
//!
//! - two forms on the page (the `<nianbao-report>` element and `nianbao.mount`), independent;
//! - the host's CSS does not reach the form (computed styles inside the shadow roots), and the form's
//!   CSS does not reach the host page;
//! - every API call and every event, with bad arguments too (the exception messages);
//! - no CSP violation at all (a `securitypolicyviolation` listener loaded first in the page);
//! - the portal's own submit (issue 15): the page hides the form's downloads, its sticky header does
//!   not cover the form's sticky toolbar (`--nb-sticky-top`), and the form's 提交 button hands the
//!   report to the page (`report-submit`), whose script POSTs it with its CSRF token to this test's
//!   loopback server, which checks the JSON it got.
//!
//! Run with `cargo xtask dist && cargo xtask portal --no-build && cargo test -p nianbao --test embed`
//! (scripts/test.sh does).
#![cfg(not(target_arch = "wasm32"))]

#[path = "e2e/driver.rs"]
mod driver;
#[path = "e2e/places.rs"]
mod places;
#[path = "e2e/serve.rs"]
mod serve;

use driver::{downloaded, wait_until, Chromedriver};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use places::{portal, repo};
use serde_json::{json, Value};
use std::path::PathBuf;

/// What the test server sends with every response: the policy of a strict portal.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// The hostile stylesheet added to the example page, after the portal's own.
const HOSTILE_CSS: &str = "* { all: unset }\n\
                           input { display: none !important }\n\
                           table { font-size: 2px }\n\
                           html { font-size: 10px }\n";

/// Runs JavaScript in the page and returns its result.
async fn js(c: &Client, code: &str) -> Value {
    c.execute(code, vec![])
        .await
        .unwrap_or_else(|e| panic!("{code}: {e}"))
}

/// An element of the form inside the shadow root of the page element `#host`.
async fn inside(c: &Client, host: &str, id: &str) -> Element {
    let host_element = c
        .wait()
        .at_most(driver::WAIT)
        .for_element(Locator::Css(&format!("#{host}")))
        .await
        .unwrap_or_else(|e| panic!("no #{host}: {e}"));
    let css = format!("#{id}");
    wait_until(&format!("#{id} in #{host}"), || {
        let host_element = host_element.clone();
        let css = css.clone();
        async move {
            let shadow = host_element.shadow_root().await.ok()?;
            shadow.find(Locator::Css(&css)).await.ok()
        }
    })
    .await
}

/// Types into a field of a form as a user does (real key events through WebDriver).
async fn type_inside(c: &Client, host: &str, id: &str, text: &str) {
    let field = inside(c, host, id).await;
    c.execute(
        "arguments[0].scrollIntoView({block: 'center'});",
        vec![serde_json::to_value(&field).expect("element")],
    )
    .await
    .expect("scroll");
    field.click().await.expect("click the field");
    let keys = format!("{}a{}{text}", driver::CONTROL, driver::NULL_KEY);
    field.send_keys(&keys).await.expect("type");
}

async fn value_inside(c: &Client, host: &str, id: &str) -> String {
    inside(c, host, id)
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

/// The message of the exception a piece of JavaScript throws (`null` when it does not throw).
async fn thrown(c: &Client, code: &str) -> String {
    let wrapped = format!(
        "try {{ {code}; return null; }} catch (e) {{ return [e instanceof Error, e.code || '', e.message]; }}"
    );
    let result = js(c, &wrapped).await;
    assert!(!result.is_null(), "{code} should throw");
    assert_eq!(result[0], json!(true), "{code} throws an Error: {result}");
    format!(
        "[{}] {}",
        result[1].as_str().unwrap_or(""),
        result[2].as_str().unwrap_or("")
    )
}

/// The computed value of a CSS property of an element found by `selector` in `#host`'s shadow root.
async fn style_inside(c: &Client, host: &str, selector: &str, property: &str) -> String {
    let code = format!(
        "const el = document.getElementById({host:?}).shadowRoot.querySelector({selector:?}); \
         return el ? getComputedStyle(el).getPropertyValue({property:?}) : 'missing';"
    );
    js(c, &code).await.as_str().unwrap_or("").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_in_a_strict_portal_page() {
    let port = serve::serve_with(portal(), CSP, Some(HOSTILE_CSS));
    let tmp = tempfile::tempdir().expect("temp dir");
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let chromedriver = Chromedriver::start(tmp.path());
    let c = driver::session(&chromedriver, &tmp.path().join("profile"), &downloads).await;

    let url = format!("http://127.0.0.1:{port}/example/");
    eprintln!("embed: open {url}");
    c.goto(&url).await.expect("open the example page");
    // The policy is really in force: the watcher is there, and a style attribute is refused later.
    assert_eq!(
        js(&c, "return Array.isArray(window.__cspViolations);").await,
        json!(true)
    );

    eprintln!("embed: two forms, one by element, one by nianbao.mount");
    // The page's start-up box (outside the forms, styled by nianbao-boot.css: the only .nb- rules
    // the page itself has) is taken out once the form has started, whatever the host's CSS does.
    wait_until("the start-up box taken out", || async {
        let gone = js(&c, "return !document.getElementById('nianbao-boot');").await;
        (gone == json!(true)).then_some(())
    })
    .await;
    inside(&c, "report-a", "nb-agency").await;
    inside(&c, "report-b", "nb-agency").await;
    // The element's attributes: 机关名称 and 年度 given and fixed.
    assert_eq!(
        value_inside(&c, "report-a", "nb-agency").await,
        "某某市某某局"
    );
    assert_eq!(value_inside(&c, "report-a", "nb-year").await, "2024");
    let readonly = inside(&c, "report-a", "nb-agency")
        .await
        .attr("readonly")
        .await
        .ok()
        .flatten();
    assert!(readonly.is_some(), "a fixed 机关名称 is read-only");

    eprintln!("embed: the host page's CSS does not reach the forms");
    for host in ["report-a", "report-b"] {
        let display = style_inside(&c, host, "#nb-cell-applications-0-0", "display").await;
        assert_eq!(
            display, "block",
            "{host}: `input {{ display: none !important }}` stays outside"
        );
        let table = style_inside(&c, host, "table.nb-table", "font-size").await;
        assert_eq!(
            table, "16.15px",
            "{host}: `table {{ font-size: 2px }}` stays outside"
        );
        let root = style_inside(&c, host, ".nb-root", "font-size").await;
        assert_eq!(
            root, "17px",
            "{host}: the form's own size, not the page's 10px root"
        );
        // The primary button (下载发布稿): the form's own colours.
        // report-b is collected by the portal: no downloads, its own 提交 (primary) instead.
        let primary = if host == "report-a" {
            "#nb-download-html"
        } else {
            "#nb-submit"
        };
        let button = style_inside(&c, host, primary, "background-color").await;
        assert_eq!(
            button, "rgb(28, 79, 143)",
            "{host}: the form's own button colours"
        );
        let font = style_inside(&c, host, ".nb-root", "font-family").await;
        assert!(
            font.contains("Noto Sans CJK SC"),
            "{host}: the form's fonts: {font}"
        );
    }
    // … while the hostile sheet does apply to the host page.
    let host_table = js(
        &c,
        "return getComputedStyle(document.querySelector('.portal-table')).fontSize;",
    )
    .await;
    assert_eq!(host_table, json!("2px"));

    eprintln!("embed: the forms' CSS does not reach the host page");
    let leak = js(
        &c,
        "const probe = getComputedStyle(document.getElementById('probe')); \
         const rules = Array.from(document.styleSheets) \
           .filter(s => !(s.href || '').endsWith('/nianbao-boot.css')) \
           .flatMap(s => Array.from(s.cssRules)) \
           .filter(r => r.cssText.includes('.nb-')).length; \
         return [probe.backgroundColor, probe.minHeight, rules, document.adoptedStyleSheets.length];",
    )
    .await;
    assert_ne!(
        leak[0],
        json!("rgb(28, 79, 143)"),
        "the host's .nb-button is not the form's"
    );
    assert_ne!(leak[1], json!("42.5px"), "{leak}");
    assert_eq!(leak[2], json!(0), "no form rule in the page's stylesheets");
    assert_eq!(
        leak[3],
        json!(0),
        "no stylesheet adopted by the page itself"
    );

    eprintln!("embed: events reach the host page");
    js(
        &c,
        "window.__events = []; \
         for (const name of ['report-change', 'report-validate', 'report-export']) \
           document.addEventListener(name, e => window.__events.push( \
             [name, e.target.id, e.bubbles, e.composed, JSON.stringify(e.detail).slice(0, 500000)]));",
    )
    .await;
    type_inside(&c, "report-b", "nb-agency", "某某县某某局").await;
    let change = wait_until("a report-change from report-b", || async {
        let events = js(&c, "return window.__events;").await;
        events
            .as_array()?
            .iter()
            .rev()
            .find(|e| {
                e[0] == "report-change"
                    && e[1] == "report-b"
                    && e[4].as_str().unwrap_or("").contains("某某县某某局")
            })
            .cloned()
    })
    .await;
    assert_eq!(
        (&change[2], &change[3]),
        (&json!(true), &json!(true)),
        "bubbles, composed"
    );
    // Independent: the other form did not change.
    assert_eq!(
        value_inside(&c, "report-a", "nb-agency").await,
        "某某市某某局"
    );
    // Ctrl+Z in one form undoes in that form only.
    type_inside(&c, "report-a", "nb-cell-applications-0-0", "9").await;
    let cell = inside(&c, "report-a", "nb-cell-applications-0-0").await;
    cell.send_keys(&format!("{}z{}", driver::CONTROL, driver::NULL_KEY))
        .await
        .expect("Ctrl+Z");
    wait_until("undo in report-a", || async {
        (value_inside(&c, "report-a", "nb-cell-applications-0-0")
            .await
            .is_empty())
        .then_some(())
    })
    .await;
    assert_eq!(
        value_inside(&c, "report-b", "nb-agency").await,
        "某某县某某局"
    );

    eprintln!("embed: the API through the element");
    let agency = js(
        &c,
        "return document.getElementById('report-a').getReport().header.agency;",
    )
    .await;
    assert_eq!(agency, json!("某某市某某局"));
    let findings = js(
        &c,
        "const f = document.getElementById('report-a').validate(); \
         return [f.length, f[0].rule, f[0].severity, typeof f[0].message, f[0].cells.length, \
                 f.some(x => x.cells.some(c => c.startsWith('cell.applications.')))];",
    )
    .await;
    assert!(findings[0].as_u64().unwrap_or(0) > 0, "{findings}");
    assert_eq!(findings[2], json!("error"), "{findings}");
    assert_eq!(findings[3], json!("string"));
    assert!(findings[4].as_u64().unwrap_or(0) > 0);
    assert_eq!(findings[5], json!(true), "cells named by FieldRef::key");
    wait_until("a report-validate from report-a", || async {
        let events = js(&c, "return window.__events;").await;
        events
            .as_array()?
            .iter()
            .find(|e| e[0] == "report-validate" && e[1] == "report-a")
            .cloned()
    })
    .await;
    let text = js(&c, "return document.getElementById('report-a').toJSON();").await;
    let doc: Value = serde_json::from_str(text.as_str().expect("toJSON gives text")).expect("JSON");
    assert_eq!(doc["format"], json!("nianbao-report"));
    let page = js(&c, "return document.getElementById('report-a').toHTML();").await;
    assert!(page
        .as_str()
        .unwrap_or("")
        .contains("<title>某某市某某局2024年政府信息公开工作年度报告</title>"));
    // setReport keeps the fixed 机关名称.
    js(
        &c,
        "const el = document.getElementById('report-a'); const r = el.getReport(); \
         r.header.agency = '别的机关'; r.texts['overview.active'] = '由网站设置的文字'; el.setReport(r);",
    )
    .await;
    wait_until("setReport shown", || async {
        let v = value_inside(&c, "report-a", "nb-text-overview-active").await;
        (v == "由网站设置的文字").then_some(())
    })
    .await;
    assert_eq!(
        value_inside(&c, "report-a", "nb-agency").await,
        "某某市某某局"
    );

    eprintln!("embed: 下载 JSON inside the form is a report-export for the page");
    let download = inside(&c, "report-a", "nb-download-json").await;
    download.click().await.expect("click 下载 JSON");
    // The report has errors: the form asks first.
    inside(&c, "report-a", "nb-confirm-yes")
        .await
        .click()
        .await
        .expect("仍然下载");
    let name = "某某市某某局2024年政府信息公开工作年度报告.json";
    let file = downloaded(&downloads, name).await;
    let export = wait_until("a report-export", || async {
        let events = js(&c, "return window.__events;").await;
        events
            .as_array()?
            .iter()
            .find(|e| e[0] == "report-export")
            .cloned()
    })
    .await;
    let detail: Value =
        serde_json::from_str(export[4].as_str().unwrap_or("{}")).unwrap_or_default();
    assert_eq!(detail["format"], json!("json"));
    assert_eq!(detail["fileName"], json!(name));
    assert_eq!(
        detail["content"].as_str().map(str::as_bytes),
        Some(file.as_slice())
    );

    eprintln!("embed: the API through nianbao.mount, every call");
    let calls = js(
        &c,
        "const div = document.createElement('div'); div.id = 'report-c'; document.body.append(div); \
         const h = nianbao.mount(div, { autosave: false, year: 2023 }); \
         const before = h.getReport().header.year; \
         const r = h.getReport(); r.header.agency = '第三个机关'; h.setReport(JSON.stringify(r)); \
         const json = h.toJSON(); const html = h.toHTML(); const found = h.validate(); \
         h.destroy(); h.destroy(); \
         let after = null; try { h.getReport(); } catch (e) { after = e.code; } \
         return [before, JSON.parse(json).header.agency, html.includes('第三个机关'), \
                 Array.isArray(found), after, div.shadowRoot.childElementCount, \
                 typeof nianbao.version, nianbao.elementName];",
    )
    .await;
    assert_eq!(
        calls,
        json!([
            "2023",
            "第三个机关",
            true,
            true,
            "destroyed",
            0,
            "string",
            "nianbao-report"
        ])
    );

    eprintln!("embed: importReport loads the import module on demand, under the strict policy");
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/import/full-2024.pdftotext.txt"))
            .expect("the PDF text fixture");
    let loaded = "return performance.getEntriesByType('resource') \
                  .some((e) => /nianbao-import-[0-9a-f]+[.]wasm$/.test(e.name));";
    assert_eq!(js(&c, loaded).await, json!(false), "not loaded at start");
    let imported = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const div = document.createElement('div'); div.id = 'report-d'; document.body.append(div); \
             const h = nianbao.mount(div, { autosave: false }); \
             h.importReport(arguments[0]).then( \
               (r) => done([r.placed, r.notPlaced.length, r.format, Array.isArray(r.findings), \
                            h.getReport().tables.applications[0][6], h.getReport().header.year]), \
               (e) => done(String(e && e.message || e)));",
            vec![json!(text)],
        )
        .await
        .expect("importReport");
    assert_eq!(imported, json!([216, 0, "2021", true, 127, "2024"]));
    assert_eq!(js(&c, loaded).await, json!(true), "loaded when first used");
    let refused = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const h = nianbao.mount(document.createElement('div'), { autosave: false }); \
             h.importReport('今天天气很好。').then((r) => done([r.format, r.placed, r.message]));",
            vec![],
        )
        .await
        .expect("importReport of no report");
    assert_eq!(refused[0], Value::Null);
    assert_eq!(refused[1], json!(0));
    assert!(refused[2]
        .as_str()
        .unwrap_or("")
        .contains("不是政府信息公开工作年度报告"));

    eprintln!("embed: bad arguments are exceptions with clear messages");
    let cases: [(&str, &[&str]); 8] = [
        (
            "nianbao.mount(null)",
            &["[no-element]", "没有指定放置表单的元素", "got null"],
        ),
        (
            "nianbao.mount('#nowhere')",
            &["[no-element]", "找不到元素“#nowhere”", "no element matches"],
        ),
        (
            "nianbao.mount(document.createElement('div'), { colour: 'red' })",
            &[
                "[unknown-option]",
                "不认识的选项“colour”",
                "unknown option \"colour\"",
            ],
        ),
        (
            "nianbao.mount(document.createElement('div'), { report: '{\"format\": ' })",
            &["[bad-report]", "报告数据无法读取", "report:"],
        ),
        (
            "nianbao.mount(document.createElement('div'), { readOnly: 'yes' })",
            &[
                "[bad-option]",
                "readOnly 应为 true 或 false",
                "must be a boolean",
            ],
        ),
        (
            "nianbao.mount('#report-a')",
            &[
                "[already-mounted]",
                "已经有一个表单",
                "already holds a form",
            ],
        ),
        (
            "nianbao.mount(document.createElement('div'), { autosavePrefix: 'portal-a' })",
            &["[prefix-in-use]", "portal-a"],
        ),
        (
            "document.getElementById('report-a').setReport('这不是 JSON')",
            &["[bad-report]", "报告数据无法读取", "setReport(report)"],
        ),
    ];
    for (code, parts) in cases {
        let message = thrown(&c, code).await;
        eprintln!("embed:   {code} → {message}");
        for part in parts {
            assert!(
                message.contains(part),
                "{code}: {message:?} should contain {part:?}"
            );
        }
    }
    // Both forms still work after all that.
    type_inside(&c, "report-b", "nb-year", "2025").await;
    assert_eq!(value_inside(&c, "report-b", "nb-year").await, "2025");

    eprintln!("embed: the host remounts a form read-only (the example's own button)");
    js(&c, "document.getElementById('readonly-b').click();").await;
    wait_until("report-b read-only", || async {
        let field = inside(&c, "report-b", "nb-agency").await;
        field.attr("readonly").await.ok().flatten().map(|_| ())
    })
    .await;
    assert_eq!(
        value_inside(&c, "report-b", "nb-agency").await,
        "某某县某某局"
    );

    driver::screenshot_full_page(
        &c,
        &std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| repo().join("target"), PathBuf::from)
            .join("e2e-screenshots/embed-portal.png"),
    )
    .await;

    eprintln!("embed: no CSP violation, and the policy is really enforced");
    let violations = js(&c, "return window.__cspViolations;").await;
    assert_eq!(violations, json!([]), "CSP violations: {violations}");
    // The control: an inline style attribute is refused, and the watcher sees it.
    js(
        &c,
        "document.body.setAttribute('style', 'outline: 1px solid red');",
    )
    .await;
    let seen = wait_until("the control violation", || async {
        let v = js(&c, "return window.__cspViolations;").await;
        (!v.as_array()?.is_empty()).then_some(v)
    })
    .await;
    assert!(
        seen[0].as_str().unwrap_or("").starts_with("style-src"),
        "{seen}"
    );

    c.close().await.expect("close the session");
    drop(chromedriver);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_hides_the_downloads_and_receives_the_submitted_report() {
    let port = serve::serve(portal(), CSP);
    let tmp = tempfile::tempdir().expect("temp dir");
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let chromedriver = Chromedriver::start(tmp.path());
    let c = driver::session(&chromedriver, &tmp.path().join("profile"), &downloads).await;
    // A laptop's screen, where the form's toolbar sticks (not on phones).
    c.set_window_size(1366, 768).await.expect("window size");
    c.goto(&format!("http://127.0.0.1:{port}/example/"))
        .await
        .expect("open the example page");

    eprintln!("embed: report-b shows no download, and the portal's own 提交");
    inside(&c, "report-b", "nb-agency").await;
    for hidden in [
        "nb-download-html",
        "nb-download-json",
        "nb-download-docx",
        "nb-drafts",
    ] {
        let there = js(
            &c,
            &format!("return !!document.getElementById('report-b').shadowRoot.getElementById('{hidden}');"),
        )
        .await;
        assert_eq!(there, json!(false), "{hidden} hidden in report-b");
    }
    let submit = inside(&c, "report-b", "nb-submit").await;
    assert_eq!(submit.text().await.expect("label"), "提交到本网站");

    eprintln!("embed: the portal's sticky header does not cover the form's sticky toolbar");
    type_inside(&c, "report-b", "nb-agency", "某某县某某局").await;
    type_inside(&c, "report-b", "nb-year", "2024").await;
    // Down to the middle of report-b's application table: the toolbar sticks, under the header.
    type_inside(&c, "report-b", "nb-cell-applications-12-0", "3").await;
    let boxes = js(
        &c,
        "const header = document.querySelector('.portal-header').getBoundingClientRect(); \
         const host = document.getElementById('report-b'); \
         const bar = host.shadowRoot.querySelector('.nb-toolbar').getBoundingClientRect(); \
         const cell = host.shadowRoot.getElementById('nb-cell-applications-12-0').getBoundingClientRect(); \
         return [header.top, header.bottom, bar.top, bar.bottom, host.getBoundingClientRect().top, cell.top, window.scrollY];",
    )
    .await;
    let n = |i: usize| boxes[i].as_f64().unwrap_or(f64::NAN);
    let (header_top, header_bottom, bar_top, bar_bottom, host_top, cell_top) =
        (n(0), n(1), n(2), n(3), n(4), n(5));
    assert_eq!(
        header_top, 0.0,
        "the portal's header sticks at the top: {boxes}"
    );
    assert!(
        host_top < header_bottom,
        "the page is scrolled into the form: {boxes}"
    );
    assert!(
        (bar_top - header_bottom).abs() < 1.0,
        "the toolbar sticks right under the portal's header: {boxes}"
    );
    assert!(
        cell_top >= bar_bottom,
        "the typed cell is not under the toolbar: {boxes}"
    );

    eprintln!("embed: 提交 with errors left asks first, then the page sends the report");
    submit.click().await.expect("click 提交");
    let question = inside(&c, "report-b", "nb-confirm").await;
    assert!(question
        .text()
        .await
        .unwrap_or_default()
        .contains("仍要“提交到本网站”吗"));
    assert!(
        serve::received().is_empty(),
        "nothing sent before the answer"
    );
    inside(&c, "report-b", "nb-confirm-yes")
        .await
        .click()
        .await
        .expect("仍然提交");
    let sent = wait_until("the report POSTed to the portal's server", || async {
        serve::received()
            .into_iter()
            .find(|r| r.path == "/nianbao/submit")
    })
    .await;
    assert_eq!(
        sent.header("content-type"),
        Some("application/json;charset=utf-8")
    );
    assert_eq!(sent.header("x-csrf-token"), Some("example-csrf-token"));
    let report: Value = serde_json::from_slice(&sent.body).expect("the body is JSON");
    assert_eq!(report["header"]["agency"], json!("某某县某某局"));
    assert_eq!(report["header"]["year"], json!("2024"));
    assert_eq!(report["tables"]["applications"][12][0], json!(3));
    let draft = nianbao_core::json::from_json(&String::from_utf8_lossy(&sent.body))
        .expect("the server can read the report back");
    assert_eq!(draft.agency, "某某县某某局");
    wait_until("the page says it was sent", || async {
        let text = js(
            &c,
            "return document.getElementById('submit-status').textContent;",
        )
        .await;
        (text == json!("已提交到本网站。")).then_some(())
    })
    .await;
    let violations = js(&c, "return window.__cspViolations;").await;
    assert_eq!(violations, json!([]), "no CSP violation");
    c.close().await.expect("close");
}
