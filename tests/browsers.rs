//! The browsers beyond the main end-to-end suite (tests/e2e.rs), on the single-file release build:
//!
//! - **Chromium 92**, the engine of the oldest 信创 browsers (奇安信可信浏览器 ≈ Chrome 90–92, UOS ≈ 93):
//!   the page opened from file://, the seed report typed in, a broken table rule found, the JSON
//!   downloaded, the app's panic screen still working. Driven over the DevTools protocol
//!   (tests/e2e/cdp.rs): there is no chromedriver for it.
//! - **Graceful refusal**: where the app cannot run, the page says so in Chinese instead of staying
//!   blank — no WebAssembly, an IE kernel (360/QQ 兼容模式), a wasm the engine cannot compile (the
//!   `externref` CompileError this issue started from, in real Chromium 92), JavaScript off.
//!
//! - **The portal build in Chromium 92** (target/portal/, `cargo xtask portal`): its example page
//!   served over loopback HTTP with the policy an old-Chromium portal must send (`'unsafe-eval'`:
//!   Chromium 92 does not know `'wasm-unsafe-eval'`), two forms, a finding typed in, the API, no CSP
//!   violation; and under the strict `'wasm-unsafe-eval'` policy, or as an IE kernel, the start-up box
//!   explaining in Chinese why the form cannot run there.
//!
//! Run with `cargo xtask dist && cargo xtask portal --no-build && cargo test -p nianbao --test
//! browsers` (scripts/test.sh does). Screenshots go to target/browser-screenshots/.
#![cfg(not(target_arch = "wasm32"))]

#[path = "e2e/cdp.rs"]
mod cdp;
#[path = "e2e/driver.rs"]
mod driver;
#[path = "support/needs.rs"]
mod needs;
#[path = "e2e/places.rs"]
mod places;
#[path = "e2e/seed.rs"]
mod seed;
#[path = "e2e/serve.rs"]
mod serve;

use base64::Engine as _;
use cdp::Browser;
use driver::{Engine, WebDriver};
use places::{cell_id, file_url, portal, repo, screenshots, single_file, text_id};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The number in `#nb-count-errors`.
async fn errors(b: &mut Browser) -> Option<u64> {
    let text = b
        .eval("(document.getElementById('nb-count-errors') || {}).textContent || ''")
        .await
        .ok()?;
    text.as_str()?
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

async fn expect_errors(b: &mut Browser, want: u64) {
    let deadline = std::time::Instant::now() + cdp::WAIT;
    loop {
        if errors(b).await == Some(want) {
            return;
        }
        if std::time::Instant::now() > deadline {
            let findings = b
                .eval("Array.from(document.querySelectorAll('#nb-findings button.nb-finding'), f => f.textContent)")
                .await;
            panic!("expected {want} errors; findings: {findings:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The whole seed report, field by field.
async fn fill_in(b: &mut Browser, seed: &seed::Seed) {
    b.type_into("nb-agency", &seed.agency).await;
    b.type_into("nb-year", &seed.year).await;
    if let Some(published) = &seed.published {
        b.type_into("nb-published", published).await;
    }
    for (id, text) in &seed.texts {
        if !text.is_empty() {
            b.type_into(&text_id(id), text).await;
        }
    }
    let readonly = b
        .eval("Array.from(document.querySelectorAll('input[readonly], textarea[readonly]'), e => e.id)")
        .await
        .expect("read-only inputs");
    let readonly: Vec<&str> = readonly
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for (table, row, col, value) in &seed.cells {
        let id = cell_id(table, *row, *col);
        if !readonly.contains(&id.as_str()) {
            b.type_into(&id, value).await;
        }
    }
    b.click(if seed.fee_charged {
        "nb-fee-charged-yes"
    } else {
        "nb-fee-charged-no"
    })
    .await;
    if seed.fee_charged {
        b.type_into("nb-fee-amount", &seed.fee_amount).await;
    }
    if !seed.fee_note.is_empty() {
        b.type_into("nb-fee-note", &seed.fee_note).await;
    }
}

/// Waits for a finished download (Chromium writes a `.crdownload` first, then renames it).
async fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    let deadline = std::time::Instant::now() + cdp::WAIT;
    while !path.is_file() {
        assert!(
            std::time::Instant::now() < deadline,
            "no download {name} in {}",
            dir.display()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    std::fs::read(&path).expect("read the download")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_92_fills_checks_and_downloads() {
    let page = single_file();
    let seed = seed::load(repo());
    let tmp = tempfile::tempdir().expect("temp dir");
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let mut b = Browser::launch(&cdp::chromium_92_binary(repo()), tmp.path()).await;
    let ua = b.eval("navigator.userAgent").await.expect("user agent");
    eprintln!("chromium 92: {ua}");
    assert!(
        ua.as_str().is_some_and(|u| u.contains("Chrome/92.")),
        "expected Chromium 92, got {ua}"
    );
    b.browser_call(
        "Browser.setDownloadBehavior",
        json!({ "behavior": "allow", "downloadPath": downloads.display().to_string() }),
    )
    .await;

    b.goto(&file_url(&page)).await;
    // The app started: the boot box was replaced by the form.
    b.wait_for("the form", "!!document.getElementById('nb-agency')")
        .await;
    assert!(!b.shown("nianbao-boot").await, "the start-up box is gone");

    eprintln!("chromium 92: fill in the report");
    let started = std::time::Instant::now();
    fill_in(&mut b, &seed).await;
    eprintln!(
        "chromium 92: typed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        b.value_of(&cell_id("applications", 0, 6)).await,
        seed.cell("applications", 0, 6),
        "the auto total follows what was typed"
    );
    b.click("nb-check").await;
    expect_errors(&mut b, 0).await;

    eprintln!("chromium 92: break H1");
    let natural = cell_id("applications", 0, 0);
    b.type_into(&natural, "3").await;
    b.click("nb-check").await;
    let h1 = b
        .wait_for(
            "an H1 finding",
            "Array.from(document.querySelectorAll('#nb-findings button.nb-finding[data-rule=\"H1\"]'), \
             f => f.textContent).find(t => t.includes('自然人'))",
        )
        .await;
    let h1: String = h1.as_str().unwrap_or_default().split_whitespace().collect();
    eprintln!("chromium 92: H1 says: {h1}");
    for part in ["自然人", "一＋二＝3", "相差3"] {
        assert!(
            h1.contains(part),
            "the H1 message should contain {part}: {h1}"
        );
    }
    b.screenshot(&screenshots("browser-screenshots").join("chromium92-finding.png"))
        .await;
    b.type_into(&natural, seed.cell("applications", 0, 0)).await;
    b.click("nb-check").await;
    expect_errors(&mut b, 0).await;

    let base = format!("{}{}年政府信息公开工作年度报告", seed.agency, seed.year);
    for (button, ext) in [("nb-download-json", "json"), ("nb-download-html", "html")] {
        eprintln!("chromium 92: download {base}.{ext}");
        b.click(button).await;
        // The app may ask first (e.g. to confirm a download with open findings).
        let name = format!("{base}.{ext}");
        let deadline = std::time::Instant::now() + cdp::WAIT;
        while !downloads.join(&name).is_file() && std::time::Instant::now() < deadline {
            if b.shown("nb-confirm").await {
                b.click("nb-confirm-yes").await;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let bytes = downloaded(&downloads, &name).await;
        if ext == "json" {
            let doc: Value = serde_json::from_slice(&bytes).expect("the download is JSON");
            assert_eq!(doc["header"]["agency"], seed.agency.as_str());
            for (table, row, col, value) in &seed.cells {
                let got = &doc["tables"][table][row][col];
                let got = got.as_str().map_or_else(|| got.to_string(), str::to_string);
                assert_eq!(&got, value, "tables.{table}[{row}][{col}] in the JSON");
            }
        } else {
            let html = String::from_utf8(bytes).expect("UTF-8");
            assert!(html.contains(&format!("<title>{base}</title>")));
        }
    }

    eprintln!("chromium 92: reload: the draft comes back");
    b.reload().await;
    b.wait_for(
        "the restored draft",
        "!!document.getElementById('nb-restored')",
    )
    .await;
    assert_eq!(b.value_of("nb-agency").await, seed.agency);
    assert_eq!(
        b.value_of(&text_id("overview.active")).await,
        seed.text("overview.active")
    );

    // The release build's size flags (-Zfmt-debug=none, -Zlocation-detail=none) must not change what
    // the user reads: the messages for unreadable files are the core's, word for word, values of the
    // file included (the host keeps Debug formatting).
    let with_value = |field: &str, value: &str| {
        let draft = nianbao_core::Draft::new(nianbao_core::current_template());
        let document = nianbao_core::json::to_json(&draft);
        let mut document: serde_json::Value = serde_json::from_str(&document).expect("our JSON");
        document["fee"][field] = serde_json::from_str(value).expect("a JSON value");
        document.to_string()
    };
    let fee_as_text = with_value("charged", "\"否\"");
    let amount_as_number = with_value("amount", "12.5");
    for (document, value) in [
        (&fee_as_text, "文字 \"否\""),
        (&amount_as_number, "数字 12.5"),
    ] {
        let message = nianbao_core::json::from_json(document)
            .expect_err("refused")
            .zh;
        assert!(message.contains(value), "{message}");
    }
    let bad_files = [
        ("收费填了文字.json", fee_as_text.as_str()),
        ("金额是数字.json", amount_as_number.as_str()),
        (
            "截断的年报.json",
            r#"{"format": "nianbao-report", "version": 1, "header": {"#,
        ),
        (
            "版本号是小数.json",
            r#"{"format": "nianbao-report", "version": 1.5}"#,
        ),
        (
            "未知模板.json",
            r#"{"format": "nianbao-report", "version": 1, "template": "gov-2099"}"#,
        ),
    ];
    for (name, content) in bad_files {
        let expected = format!(
            "无法打开“{name}”：{}",
            nianbao_core::json::open(content)
                .expect_err("the file is refused on the host too")
                .zh
        );
        let file = tmp.path().join(name);
        std::fs::write(&file, content).expect("write the bad file");
        b.choose_file("nb-open-input", &file).await;
        let js = format!(
            "(() => {{ const c = document.getElementById('nb-confirm-yes'); if (c) c.click();              const m = document.getElementById('nb-message');              return m && m.textContent.includes({name:?}) ? m.textContent : ''; }})()"
        );
        let shown = b.wait_for(&format!("the message about {name}"), &js).await;
        let shown = shown.as_str().unwrap_or_default().trim().to_string();
        eprintln!("chromium 92: {shown}");
        assert!(
            shown.contains(&expected),
            "the page says {shown:?}, the core says {expected:?}"
        );
    }

    eprintln!("chromium 92: the exported HTML");
    b.goto(&file_url(&downloads.join(format!("{base}.html"))))
        .await;
    b.screenshot(&screenshots("browser-screenshots").join("chromium92-export.png"))
        .await;

    eprintln!("chromium 92: the panic screen still works in this build (location-detail=none, …)");
    b.goto(&format!("{}#nb-crash-test", file_url(&page))).await;
    b.reload().await;
    b.wait_for("the panic screen", "!!document.getElementById('nb-crash')")
        .await;
    let crash = b
        .eval("document.getElementById('nb-crash').textContent")
        .await
        .expect("crash text");
    assert!(
        crash.as_str().is_some_and(|t| t.contains("程序出错了")),
        "{crash}"
    );
}

/// A copy of the single file in `dir` with the embedded wasm replaced by `module`.
fn page_with_module(dir: &Path, module: &[u8]) -> PathBuf {
    let html = std::fs::read_to_string(single_file()).expect("the single file");
    let start = html.find("atob(\"").expect("the packed wasm") + 6;
    let end = start + html[start..].find('"').expect("end of the packed wasm");
    // Packed as the bundle packs (LZMA with the size in its header), at a quick preset.
    let mut packed = lzma_rust2::LzmaWriter::new_use_header(
        Vec::new(),
        &lzma_rust2::LzmaOptions::with_preset(1),
        Some(module.len() as u64),
    )
    .expect("LZMA options");
    std::io::Write::write_all(&mut packed, module).expect("pack into memory");
    let packed = packed.finish().expect("pack the module");
    let packed = base64::engine::general_purpose::STANDARD.encode(packed);
    let copy = format!("{}{packed}{}", &html[..start], &html[end..]);
    let path = dir.join("nianbao.html");
    std::fs::write(&path, copy).expect("write the copy");
    path
}

/// The text of the start-up box, once it shows a failure.
async fn boot_failure(b: &mut Browser) -> String {
    let text = b
        .wait_for(
            "the start-up box to show a failure",
            "(() => { const e = document.getElementById('nianbao-boot'); \
             return e && e.className.includes('nb-boot-failed') ? e.textContent : ''; })()",
        )
        .await;
    text.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_92_explains_a_wasm_it_cannot_compile_and_the_ie_kernel() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut b = Browser::launch(&cdp::chromium_92_binary(repo()), tmp.path()).await;

    // What a default stable-Rust build does to Chromium 92: reference types. A module with an
    // externref table stands for it.
    // One function type with an externref parameter.
    let externref = b"\0asm\x01\0\0\0\x01\x05\x01\x60\x01\x6f\x00";
    let page = page_with_module(tmp.path(), externref);
    b.goto(&file_url(&page)).await;
    let text = boot_failure(&mut b).await;
    eprintln!("chromium 92, externref module: {text}");
    assert!(text.contains("浏览器版本过旧"), "{text}");
    assert!(
        text.contains("CompileError"),
        "the error text is shown: {text}"
    );
    assert!(
        text.contains("externref"),
        "the error text is shown: {text}"
    );
    b.screenshot(&screenshots("browser-screenshots").join("chromium92-compile-error.png"))
        .await;

    // 360/QQ 兼容模式: the IE kernel has document.documentMode and no WebAssembly (and never runs
    // the module script). Simulated in Chromium before any script of the page runs.
    b.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Object.defineProperty(document, 'documentMode', { value: 11 }); delete window.WebAssembly;" }),
    )
    .await;
    b.goto(&file_url(&single_file())).await;
    let text = boot_failure(&mut b).await;
    eprintln!("chromium 92, as an IE kernel: {text}");
    assert!(text.contains("请切换到极速模式"), "{text}");
    b.screenshot(&screenshots("browser-screenshots").join("chromium92-ie-mode.png"))
        .await;
}

/// `<meta>` tags for dual-engine browsers, read from the built page itself.
#[test]
fn the_page_asks_dual_engine_browsers_for_their_modern_engine() {
    let html = std::fs::read_to_string(single_file()).expect("the single file");
    let head = &html[..html.find("</head>").expect("</head>")];
    assert!(head.contains(r#"<meta name="renderer" content="webkit">"#));
    assert!(head.contains(r#"<meta http-equiv="X-UA-Compatible" content="IE=edge">"#));
    // X-UA-Compatible only counts before any element other than <title> and <meta>.
    let first_other = head
        .match_indices('<')
        .map(|(i, _)| &head[i..])
        .find(|t| {
            !["<meta", "<title", "</title", "<!", "<html", "<head"]
                .iter()
                .any(|p| t.starts_with(p))
        })
        .map_or(head.len(), |t| head.len() - t.len());
    assert!(
        head.find("X-UA-Compatible").expect("X-UA-Compatible") < first_other,
        "X-UA-Compatible must come before any other element in <head>"
    );
    // The message shown before (or instead of) the app, and for JavaScript off.
    assert!(html.contains("id=\"nianbao-boot\""));
    assert!(html.contains("<noscript>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_without_webassembly_says_so() {
    let tmp = tempfile::tempdir().expect("temp dir");
    // A copy whose first script deletes WebAssembly (as a locked-down browser or policy would).
    let html = std::fs::read_to_string(single_file()).expect("the single file");
    let at = html.find("<title>").expect("<title>");
    let copy = format!(
        "{}<script>delete window.WebAssembly;</script>{}",
        &html[..at],
        &html[at..]
    );
    let page = tmp.path().join("nianbao.html");
    std::fs::write(&page, copy).expect("write the copy");

    let webdriver = WebDriver::launch(Engine::Chromium, tmp.path());
    let c = driver::session(&webdriver, &tmp.path().join("profile"), tmp.path()).await;
    c.goto(&file_url(&page)).await.expect("open the page");
    let text = driver::wait_until("the start-up box to explain", || async {
        let class = c
            .execute(
                "const e = document.getElementById('nianbao-boot'); \
                 return e && e.className.includes('nb-boot-failed') ? e.textContent : '';",
                vec![],
            )
            .await
            .ok()?;
        class.as_str().filter(|t| !t.is_empty()).map(str::to_string)
    })
    .await;
    eprintln!("chromium without WebAssembly: {text}");
    assert!(text.contains("不能运行 WebAssembly"), "{text}");
    driver::screenshot_full_page(
        &c,
        &screenshots("browser-screenshots").join("chromium-no-webassembly.png"),
    )
    .await;
    c.close().await.expect("close");
    drop(webdriver);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_with_javascript_off_shows_the_noscript_text() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let webdriver = WebDriver::launch(Engine::Chromium, tmp.path());
    let c = driver::chromium_session_with_prefs(
        &webdriver,
        &tmp.path().join("profile"),
        tmp.path(),
        json!({ "webkit.webprefs.javascript_enabled": false }),
    )
    .await;
    c.goto(&file_url(&single_file()))
        .await
        .expect("open the page");
    let noscript = c
        .find(fantoccini::Locator::Css(".nb-noscript"))
        .await
        .expect("the <noscript> message is rendered");
    assert!(noscript.is_displayed().await.unwrap_or(false));
    let text = noscript.text().await.unwrap_or_default();
    eprintln!("chromium with JavaScript off: {text}");
    assert!(text.contains("JavaScript"), "{text}");
    let boot = c
        .find(fantoccini::Locator::Id("nianbao-boot"))
        .await
        .expect("#nianbao-boot");
    assert!(
        !boot.is_displayed().await.unwrap_or(true),
        "the start-up box gives way to the <noscript> text"
    );
    driver::screenshot_full_page(
        &c,
        &screenshots("browser-screenshots").join("chromium-javascript-off.png"),
    )
    .await;
    c.close().await.expect("close");
    drop(webdriver);
}

/// The policy a portal must send for browsers before Chromium 97 (信创 browsers on Chromium 90–93):
/// they do not know `'wasm-unsafe-eval'` and compile WebAssembly only with `'unsafe-eval'`.
const OLD_CHROMIUM_CSP: &str =
    "script-src 'self' 'unsafe-eval'; style-src 'self'; default-src 'self'";

/// The strict policy (Chromium ≥ 97 only), as xtask's portal build names it.
const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// `document.getElementById(host).shadowRoot.getElementById(id)` as a JS expression.
fn in_form(host: &str, id: &str) -> String {
    format!(
        "((document.getElementById({host:?}) || {{}}).shadowRoot || {{ getElementById: () => null }})\
         .getElementById({id:?})"
    )
}

/// Types `text` into the field `#id` of the form in `#host`'s shadow root as a user does: a mouse
/// click at its centre, what is there selected, the text committed as typing commits it.
async fn type_in_form(b: &mut Browser, host: &str, id: &str, text: &str) {
    let field = in_form(host, id);
    let at = b
        .wait_for(
            &format!("#{id} in #{host}"),
            &format!(
                "(() => {{ const e = {field}; if (!e) return null; \
                 e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
                 return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
            ),
        )
        .await;
    let (x, y) = (at[0].as_f64().expect("x"), at[1].as_f64().expect("y"));
    for kind in ["mousePressed", "mouseReleased"] {
        b.call(
            "Input.dispatchMouseEvent",
            json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
        )
        .await;
    }
    b.eval(&format!(
        "(() => {{ const e = {field}; e.focus(); e.select(); }})()"
    ))
    .await
    .unwrap_or_else(|e| panic!("select #{id} in #{host}: {e}"));
    b.call("Input.insertText", json!({ "text": text })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_92_runs_the_portal_build_under_its_policy() {
    let port = serve::serve(portal(), OLD_CHROMIUM_CSP);
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut b = Browser::launch(&cdp::chromium_92_binary(repo()), tmp.path()).await;
    let ua = b.eval("navigator.userAgent").await.expect("user agent");
    assert!(
        ua.as_str().is_some_and(|u| u.contains("Chrome/92.")),
        "expected Chromium 92, got {ua}"
    );
    let url = format!("http://127.0.0.1:{port}/example/");
    eprintln!("chromium 92, portal: open {url} with {OLD_CHROMIUM_CSP}");
    b.goto(&url).await;
    assert_eq!(
        b.eval("Array.isArray(window.__cspViolations)").await,
        Ok(json!(true)),
        "the CSP watcher runs first"
    );

    eprintln!("chromium 92, portal: two forms, by element and by nianbao.mount");
    b.wait_for("the API", "!!window.nianbao").await;
    for host in ["report-a", "report-b"] {
        b.wait_for(
            &format!("the form in #{host}"),
            &format!("!!{}", in_form(host, "nb-agency")),
        )
        .await;
    }
    assert_eq!(
        b.eval(&format!("{}.value", in_form("report-a", "nb-agency")))
            .await,
        Ok(json!("某某市某某局")),
        "the element's agency attribute"
    );
    b.wait_for(
        "the start-up box gone",
        "!document.getElementById('nianbao-boot')",
    )
    .await;

    eprintln!("chromium 92, portal: a form through window.nianbao, a finding typed in");
    b.eval(
        "const div = document.createElement('div'); div.id = 'report-c'; \
         document.querySelector('main').append(div); \
         window.__handle = window.nianbao.mount(div, { autosave: false, agency: '某某县某某局', year: 2024 }); \
         true",
    )
    .await
    .expect("nianbao.mount");
    let cell = "nb-cell-applications-0-0";
    type_in_form(&mut b, "report-c", cell, "-3").await;
    assert_eq!(
        b.eval(&format!("{}.value", in_form("report-c", cell)))
            .await,
        Ok(json!("-3"))
    );
    let finding = b
        .wait_for(
            "a finding on the typed cell",
            "(() => { const f = window.__handle.validate(); \
             const x = f.find(x => x.cells[0] === 'cell.applications.0.0' && !x.pending); \
             return x ? [x.rule, x.severity, x.message, f.length] : null; })()",
        )
        .await;
    eprintln!("chromium 92, portal: validate() says {finding}");
    assert_eq!(finding[1], json!("error"), "{finding}");
    let message = finding[2].as_str().unwrap_or_default();
    assert!(
        message.contains("自然人") && message.contains("不能是负数"),
        "the message names the cell and what is wrong: {finding}"
    );
    let text = b.eval("window.__handle.toJSON()").await.expect("toJSON()");
    let doc: Value = serde_json::from_str(text.as_str().expect("toJSON gives text")).expect("JSON");
    assert_eq!(doc["format"], json!("nianbao-report"));
    assert_eq!(doc["header"]["agency"], json!("某某县某某局"));
    assert_eq!(
        doc["tables"]["applications"][0][0],
        json!("-3"),
        "the entry kept as typed"
    );
    // The element has the same methods; the other forms are unaffected.
    let element = b
        .eval(
            "(() => { const el = document.getElementById('report-a'); const f = el.validate(); \
             return [Array.isArray(f), JSON.parse(el.toJSON()).header.agency, \
                     JSON.parse(el.toJSON()).tables.applications[0][0]]; })()",
        )
        .await
        .expect("the element's methods");
    assert_eq!(element, json!([true, "某某市某某局", ""]));
    b.screenshot(&screenshots("browser-screenshots").join("chromium92-portal.png"))
        .await;

    eprintln!("chromium 92, portal: no CSP violation, and the policy is enforced");
    let violations = b.eval("window.__cspViolations").await;
    assert_eq!(violations, Ok(json!([])), "CSP violations");
    b.eval("document.body.setAttribute('style', 'outline: 1px solid red')")
        .await
        .expect("set a style attribute");
    let seen = b
        .wait_for(
            "the control violation",
            "window.__cspViolations.length > 0 && window.__cspViolations",
        )
        .await;
    assert!(
        seen[0].as_str().unwrap_or("").starts_with("style-src"),
        "{seen}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_92_explains_a_portal_it_cannot_run() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut b = Browser::launch(&cdp::chromium_92_binary(repo()), tmp.path()).await;

    // 'wasm-unsafe-eval' is unknown before Chromium 97: the page may not compile WebAssembly.
    let port = serve::serve(portal(), STRICT_CSP);
    b.goto(&format!("http://127.0.0.1:{port}/example/")).await;
    let text = boot_failure(&mut b).await;
    eprintln!("chromium 92, portal with {STRICT_CSP}: {text}");
    assert!(text.contains("网站的安全设置阻止了本工具运行"), "{text}");
    assert!(text.contains("'unsafe-eval'"), "what to change: {text}");
    assert!(
        b.shown("nianbao-boot").await,
        "the explanation is on the page, not a blank place"
    );
    assert_eq!(
        b.eval("!!window.nianbao").await,
        Ok(json!(false)),
        "the form did not start"
    );
    b.screenshot(&screenshots("browser-screenshots").join("chromium92-portal-strict-csp.png"))
        .await;

    // 360/QQ 兼容模式 on the portal page (under the policy that would work in Chromium 92).
    let port = serve::serve(portal(), OLD_CHROMIUM_CSP);
    b.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Object.defineProperty(document, 'documentMode', { value: 11 }); delete window.WebAssembly;" }),
    )
    .await;
    b.goto(&format!("http://127.0.0.1:{port}/example/")).await;
    let text = boot_failure(&mut b).await;
    eprintln!("chromium 92, portal as an IE kernel: {text}");
    assert!(text.contains("请切换到极速模式"), "{text}");
}
