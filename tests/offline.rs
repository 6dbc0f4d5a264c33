//! End-to-end test of offline use: the single file (dist-single/nianbao.html, from `cargo xtask dist`)
//! opened from file:// in headless Chromium, as staff on an isolated network use it for days:
//!
//! - fill in, reload: the draft is back;
//! - “保存离线副本” downloads the app with the report inside; two such copies in other folders, each
//!   filled in with another report, keep their own drafts (Chromium shares one localStorage between
//!   all file:// pages), and so does the page they were saved from;
//! - “草稿” lists the three reports;
//! - a page saved with the browser's “另存为” after the form was drawn (its DOM, serialised as Chromium
//!   saves it) opens again from disk with one working form, not two.
//!
//! Run with `cargo xtask dist && cargo test -p nianbao --test offline` (scripts/test.sh does both).
#![cfg(not(target_arch = "wasm32"))]

#[path = "e2e/driver.rs"]
mod driver;
#[path = "e2e/places.rs"]
mod places;

use driver::{by_id, click, downloaded, shown, type_into, value_of, wait_until, Chromedriver};
use fantoccini::Client;
use places::{file_url, single_file};
use std::path::{Path, PathBuf};

/// Copies `from` into the new folder `dir` as `name`, returning the new path.
fn place(from: &Path, dir: &Path, name: &str) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let to = dir.join(name);
    std::fs::copy(from, &to).expect("copy the page");
    to
}

/// Opens a page from disk and waits until the form is there.
async fn open(c: &Client, path: &Path) {
    c.goto(&file_url(path)).await.expect("open the page");
    by_id(c, "nb-agency").await;
}

/// Waits until `#id` holds `want` (the form restores asynchronously after load).
async fn expect_value(c: &Client, id: &str, want: &str) {
    let got = wait_until(&format!("#{id} = {want:?}"), || async {
        let v = value_of(c, id).await;
        (v == want).then_some(v)
    })
    .await;
    assert_eq!(got, want);
}

/// Runs JavaScript in the page and returns its result.
async fn js(c: &Client, code: &str) -> serde_json::Value {
    c.execute(code, vec![])
        .await
        .unwrap_or_else(|e| panic!("{code}: {e}"))
}

/// Clicks “保存离线副本” and returns the downloaded copy, moved into `dir`.
async fn save_offline_copy(c: &Client, downloads: &Path, name: &str, dir: &Path) -> PathBuf {
    click(c, "nb-save-offline").await;
    let bytes = downloaded(downloads, name).await;
    std::fs::remove_file(downloads.join(name)).expect("clear the download");
    let html = String::from_utf8(bytes).expect("UTF-8");
    assert_eq!(
        html.matches("id=\"nianbao-report\"").count(),
        1,
        "one report block"
    );
    assert!(
        html.contains("data-draft-id=\""),
        "the block names its draft"
    );
    assert_eq!(
        html.matches("<script type=\"module\" data-nianbao=\"single-file\">")
            .count(),
        1,
        "one app"
    );
    assert!(
        !html.contains("class=\"nb-app\""),
        "no drawn form in the copy"
    );
    std::fs::create_dir_all(dir).expect("mkdir");
    let path = dir.join(name);
    std::fs::write(&path, html).expect("write the copy");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_copies_keep_their_own_drafts() {
    let single = single_file();
    let tmp = tempfile::tempdir().expect("temp dir");
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let chromedriver = Chromedriver::start(tmp.path());
    let c = driver::session(&chromedriver, &tmp.path().join("profile"), &downloads).await;

    eprintln!("offline: the single file from file://: fill in, reload, restored");
    let a = place(&single, &tmp.path().join("单位甲"), "nianbao.html");
    open(&c, &a).await;
    assert!(
        !shown(&c, "nb-restored").await,
        "a fresh profile has nothing to restore"
    );
    // The single file carries the same JavaScript API and element as the portal build.
    let api = js(
        &c,
        "return [typeof window.nianbao.mount, window.nianbao.elementName,                  typeof customElements.get('nianbao-report')];",
    )
    .await;
    assert_eq!(
        api,
        serde_json::json!(["function", "nianbao-report", "function"])
    );
    type_into(&c, "nb-agency", "甲市甲局").await;
    type_into(&c, "nb-year", "2024").await;
    type_into(&c, "nb-cell-applications-0-0", "5").await;
    c.refresh().await.expect("reload");
    expect_value(&c, "nb-agency", "甲市甲局").await;
    assert!(shown(&c, "nb-restored").await);
    assert_eq!(value_of(&c, "nb-year").await, "2024");
    assert_eq!(value_of(&c, "nb-cell-applications-0-0").await, "5");

    eprintln!("offline: save an offline copy, open it from another folder, make it another report");
    let copy_name = "填报工具（离线副本）-甲市甲局2024年政府信息公开工作年度报告.html";
    let b = save_offline_copy(
        &c,
        &downloads,
        copy_name,
        &tmp.path().join("U盘").join("乙"),
    )
    .await;
    open(&c, &b).await;
    expect_value(&c, "nb-agency", "甲市甲局").await;
    assert_eq!(
        value_of(&c, "nb-cell-applications-0-0").await,
        "5",
        "the copy opens filled"
    );
    let banner = by_id(&c, "nb-restored")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(banner.contains("本文件中保存的报告"), "{banner}");
    type_into(&c, "nb-agency", "乙县乙局").await;
    type_into(&c, "nb-cell-applications-0-0", "7").await;
    c.refresh().await.expect("reload the copy");
    expect_value(&c, "nb-agency", "乙县乙局").await;
    assert_eq!(
        value_of(&c, "nb-cell-applications-0-0").await,
        "7",
        "its own newer draft"
    );

    eprintln!("offline: the page it came from still has its own report");
    open(&c, &a).await;
    expect_value(&c, "nb-agency", "甲市甲局").await;
    assert_eq!(value_of(&c, "nb-cell-applications-0-0").await, "5");

    eprintln!("offline: a second copy, in a third folder, becomes a third report");
    let c3 = save_offline_copy(&c, &downloads, copy_name, &tmp.path().join("丙")).await;
    open(&c, &c3).await;
    expect_value(&c, "nb-agency", "甲市甲局").await;
    type_into(&c, "nb-agency", "丙区丙局").await;
    c.refresh().await.expect("reload");
    expect_value(&c, "nb-agency", "丙区丙局").await;
    open(&c, &b).await;
    expect_value(&c, "nb-agency", "乙县乙局").await;
    open(&c, &a).await;
    expect_value(&c, "nb-agency", "甲市甲局").await;

    eprintln!("offline: 草稿 lists the three reports");
    click(&c, "nb-drafts").await;
    let list = by_id(&c, "nb-drafts-list")
        .await
        .text()
        .await
        .unwrap_or_default();
    for agency in ["甲市甲局", "乙县乙局", "丙区丙局"] {
        assert!(list.contains(agency), "{agency} in the list: {list}");
    }
    let rows = js(
        &c,
        "return document.querySelectorAll('#nb-drafts-list li').length;",
    )
    .await;
    assert_eq!(rows.as_u64(), Some(3), "{list}");
    // Each can be downloaded as its JSON document.
    let id = js(
        &c,
        "return Array.from(document.querySelectorAll('#nb-drafts-list li')) \
           .find(li => li.textContent.includes('乙县乙局')).dataset.draftId;",
    )
    .await;
    let id = id.as_str().expect("the draft's id").to_string();
    click(&c, &format!("nb-draft-download-{id}")).await;
    let json = downloaded(&downloads, "乙县乙局2024年政府信息公开工作年度报告.json").await;
    let doc: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    assert_eq!(doc["header"]["agency"], "乙县乙局");
    assert_eq!(doc["tables"]["applications"][0][0], 7);
    click(&c, "nb-drafts-close").await;

    c.close().await.expect("close the session");
    drop(chromedriver);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_saved_with_save_as_opens_with_one_working_form() {
    let single = single_file();
    let tmp = tempfile::tempdir().expect("temp dir");
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads dir");
    let chromedriver = Chromedriver::start(tmp.path());
    let c = driver::session(&chromedriver, &tmp.path().join("profile"), &downloads).await;

    let page = place(&single, &tmp.path().join("served"), "nianbao.html");
    open(&c, &page).await;
    // What the page shows while it loads: offline copies must get it back.
    let placeholder = js(
        &c,
        "const d = document.createElement('div');          d.innerHTML = document.getElementById('nianbao-app').getAttribute('data-nb-placeholder');          return d.textContent.trim().slice(0, 8);",
    )
    .await;
    let placeholder = placeholder
        .as_str()
        .expect("the placeholder's text")
        .to_string();
    assert!(!placeholder.is_empty());
    type_into(&c, "nb-agency", "另存为测试局").await;
    // “另存为 → 网页，全部”: Chromium writes the DOM as it is now, the drawn form included.
    let dom = js(&c, "return document.documentElement.outerHTML;").await;
    let dom = dom.as_str().expect("outerHTML");
    assert!(
        dom.contains("class=\"nb-app\""),
        "the saved DOM holds the drawn form"
    );
    let saved = tmp.path().join("另存的网页").join("年报 - 另存.html");
    std::fs::create_dir_all(saved.parent().expect("folder")).expect("mkdir");
    std::fs::write(&saved, format!("<!DOCTYPE html>\n{dom}")).expect("write the saved page");

    eprintln!("save-as: the saved page opens from disk with one form");
    open(&c, &saved).await;
    let counts = js(
        &c,
        "return [document.querySelectorAll('.nb-app').length, \
                 document.querySelectorAll('#nb-agency').length, \
                 document.getElementById('nianbao-app').children.length];",
    )
    .await;
    assert_eq!(counts, serde_json::json!([1, 1, 1]), "one form, not two");
    type_into(&c, "nb-agency", "另存为测试局（续）").await;
    type_into(&c, "nb-cell-applications-0-1", "3").await;
    assert_eq!(value_of(&c, "nb-cell-applications-0-1").await, "3");
    c.refresh().await.expect("reload");
    expect_value(&c, "nb-agency", "另存为测试局（续）").await;
    let forms = js(&c, "return document.querySelectorAll('.nb-app').length;").await;
    assert_eq!(forms.as_u64(), Some(1));

    eprintln!("save-as: an offline copy made from it is clean");
    // No year yet: the file is named as a draft.
    let name = "填报工具（离线副本）-另存为测试局（续）政府信息公开工作年度报告（草稿）.html";
    let copy = save_offline_copy(&c, &downloads, name, &tmp.path().join("副本")).await;
    let html = std::fs::read_to_string(&copy).expect("the copy");
    let mount = html
        .split_once("id=\"nianbao-app\"")
        .expect("the mount element")
        .1;
    let inside = mount.split_once('>').expect("its start tag").1;
    let shown = inside.split_once("</div>").expect("its end").0;
    assert!(
        shown.contains(&placeholder),
        "the placeholder is back: {shown}"
    );
    open(&c, &copy).await;
    expect_value(&c, "nb-agency", "另存为测试局（续）").await;
    let forms = js(&c, "return document.querySelectorAll('.nb-app').length;").await;
    assert_eq!(forms.as_u64(), Some(1));

    eprintln!("save-as: a saved page that cannot start says so instead of showing a dead form");
    // The same saved page with its wasm damaged (as a broken download or a bad disk would).
    let start = dom.find("atob(\"").expect("the packed wasm") + 6;
    let end = start + dom[start..].find('"').expect("its end");
    let broken = tmp.path().join("另存的网页").join("年报 - 损坏.html");
    let broken_dom = format!("<!DOCTYPE html>\n{}AAAA{}", &dom[..start], &dom[end..]);
    std::fs::write(&broken, broken_dom).expect("write the damaged page");
    c.goto(&file_url(&broken))
        .await
        .expect("open the damaged page");
    let failure = wait_until("the start-up box to show the failure", || async {
        let shown = js(
            &c,
            "const box = document.getElementById('nianbao-boot'); \
             return box && box.className.includes('nb-boot-failed') ? box.textContent : '';",
        )
        .await;
        shown.as_str().filter(|t| !t.is_empty()).map(str::to_string)
    })
    .await;
    assert!(failure.contains("填报工具启动失败"), "{failure}");
    let dead = js(
        &c,
        "return document.querySelectorAll('.nb-app, #nb-agency').length;",
    )
    .await;
    assert_eq!(dead.as_u64(), Some(0), "no dead form next to the message");

    c.close().await.expect("close the session");
    drop(chromedriver);
}
