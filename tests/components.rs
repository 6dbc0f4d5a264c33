//! Component tests: the whole app mounted in a real browser (wasm-bindgen-test, headless Chromium),
//! driven through the DOM as a user would — typing sets an input's value and fires `input`, buttons are
//! clicked — and checked through the DOM contract the end-to-end tests also rely on.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p nianbao --test components`
//! (the runner is set in `.cargo/config.toml`; the browser's flags are in `webdriver.json`).
//!
//! Renders are awaited with `yew::scheduler::flush`, never with sleeps. Only opening a file waits on
//! the browser (reading a `File` is a promise), polling the DOM until the result shows.

#![cfg(target_arch = "wasm32")]

use nianbao::browser::AUTOSAVE_KEY;
use nianbao_core::{current_template, json, Draft};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Document, Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement,
    InputEvent, InputEventInit, KeyboardEvent, KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

thread_local! {
    /// The app of the test running now. A failed test stops at its panic (wasm does not unwind), so
    /// the next test's mount removes the app left behind instead of relying on the test's end.
    static MOUNTED: std::cell::RefCell<Option<(Element, nianbao::Mounted)>> =
        const { std::cell::RefCell::new(None) };
}

/// The app mounted on a fresh element.
struct Fixture;

impl Fixture {
    /// Mounts the app with an empty autosave slot (or with `saved` in it).
    async fn mount_with(saved: Option<String>) -> Fixture {
        Fixture::unmount();
        flush().await;
        match saved {
            Some(raw) => storage().set_item(AUTOSAVE_KEY, &raw).unwrap(),
            None => storage().remove_item(AUTOSAVE_KEY).unwrap(),
        }
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let app = nianbao::mount_into(root.clone());
        MOUNTED.with(|m| *m.borrow_mut() = Some((root, app)));
        flush().await;
        Fixture
    }

    async fn mount() -> Fixture {
        Fixture::mount_with(None).await
    }

    fn unmount() {
        if let Some((root, app)) = MOUNTED.with(|m| m.borrow_mut().take()) {
            app.unmount();
            root.remove();
        }
    }

    fn done(self) {
        Fixture::unmount();
        storage().remove_item(AUTOSAVE_KEY).unwrap();
    }
}

async fn flush() {
    yew::scheduler::flush().await;
}

fn el(id: &str) -> Element {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no element #{id}"))
}

fn exists(id: &str) -> bool {
    document().get_element_by_id(id).is_some()
}

fn input(id: &str) -> HtmlInputElement {
    el(id).dyn_into().unwrap()
}

fn text(id: &str) -> String {
    el(id).text_content().unwrap_or_default()
}

fn cell(row: usize, col: usize) -> String {
    format!("nb-cell-applications-{row}-{col}")
}

/// Types a whole entry into an input or textarea, as the browser reports it: value, then `input`.
async fn type_into(id: &str, value: &str) {
    let target = el(id);
    if let Some(i) = target.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    } else {
        target
            .dyn_ref::<HtmlTextAreaElement>()
            .unwrap()
            .set_value(value);
    }
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    target.dispatch_event(&event).unwrap();
    flush().await;
}

async fn click(id: &str) {
    el(id).dyn_into::<HtmlElement>().unwrap().click();
    flush().await;
}

/// The shown findings: (rule, severity, message).
fn findings() -> Vec<(String, String, String)> {
    let list = document()
        .query_selector_all("#nb-findings button.nb-finding")
        .unwrap();
    (0..list.length())
        .map(|i| {
            let b: Element = list.item(i).unwrap().dyn_into().unwrap();
            (
                b.get_attribute("data-rule").unwrap(),
                b.get_attribute("data-severity").unwrap(),
                b.text_content().unwrap(),
            )
        })
        .collect()
}

fn disabled(id: &str) -> bool {
    el(id).has_attribute("disabled")
}

fn has_class(id: &str, class: &str) -> bool {
    el(id).class_list().contains(class)
}

#[wasm_bindgen_test]
async fn h1_marks_the_cells_with_the_numbers() {
    let f = Fixture::mount().await;
    type_into(&cell(0, 0), "5").await;
    type_into(&cell(1, 0), "0").await;
    type_into(&cell(24, 0), "0").await;
    // One result typed, so （七）总计 is computed (a total of blank parts stays blank).
    type_into(&cell(2, 0), "0").await;

    let found = findings();
    let h1: Vec<_> = found.iter().filter(|(rule, ..)| rule == "H1").collect();
    // The 自然人 column, and the 总计 column that auto totals fills from it.
    assert_eq!(h1.len(), 2, "two H1 findings, got {found:?}");
    let (_, severity, message) = h1[0];
    assert_eq!(severity, "error");
    assert!(message.contains("“自然人”列"), "{message}");
    assert!(
        message.contains("＝5") && message.contains("＝0") && message.contains("相差5"),
        "{message}"
    );
    assert!(h1[1].2.contains("“总计”列"), "{}", h1[1].2);
    assert_eq!(text("nb-count-errors"), "2");

    // Every cell of the rule is marked, with the message linked for screen readers.
    for id in [cell(0, 0), cell(1, 0), cell(23, 0), cell(24, 0)] {
        assert!(has_class(&id, "nb-invalid"), "{id} marked");
        assert_eq!(
            el(&id).get_attribute("aria-invalid").as_deref(),
            Some("true")
        );
        let described = el(&id).get_attribute("aria-describedby").unwrap();
        assert_eq!(described, format!("{id}-msg"));
        assert!(text(&described).contains("相差5"));
        assert!(
            text(&described).contains("错误"),
            "marked with a word, not colour alone"
        );
    }
    // Other cells are not.
    assert!(!has_class(&cell(0, 1), "nb-invalid"));
    assert!(el(&cell(0, 1)).get_attribute("aria-invalid").is_none());

    // Fixing it clears the finding.
    type_into(&cell(24, 0), "5").await;
    assert!(findings().iter().all(|(rule, ..)| rule != "H1"));
    assert!(!has_class(&cell(0, 0), "nb-invalid"));
    f.done();
}

#[wasm_bindgen_test]
async fn a_slash_stays_as_typed_and_is_explained() {
    let f = Fixture::mount().await;
    type_into(&cell(3, 1), "/").await;
    assert_eq!(input(&cell(3, 1)).value(), "/");
    let found = findings();
    let h5: Vec<_> = found.iter().filter(|(rule, ..)| rule == "H5").collect();
    assert_eq!(h5.len(), 1, "{found:?}");
    assert!(h5[0].2.contains("“/”"), "{}", h5[0].2);
    assert!(
        h5[0].2.contains("商业企业"),
        "names the column: {}",
        h5[0].2
    );
    assert!(has_class(&cell(3, 1), "nb-invalid"));
    // Full-width digits and spaces are kept as typed too.
    type_into(&cell(3, 1), " １２ ").await;
    assert_eq!(input(&cell(3, 1)).value(), " １２ ");
    assert!(findings().iter().all(|(rule, ..)| rule != "H5"));
    f.done();
}

#[wasm_bindgen_test]
async fn auto_totals_are_read_only_and_add_up() {
    let f = Fixture::mount().await;
    let total = cell(0, 6);
    assert!(input(&total).read_only());
    assert_eq!(
        el(&total).get_attribute("aria-readonly").as_deref(),
        Some("true")
    );
    assert!(has_class(&total, "nb-derived"));
    assert!(!input(&cell(0, 0)).read_only());

    type_into(&cell(0, 0), "5").await;
    type_into(&cell(0, 1), "2").await;
    assert_eq!(input(&total).value(), "7");
    // The reviews table's totals too (section 四: 行政复议 总计 is column 4).
    type_into("nb-cell-reviews-0-0", "3").await;
    type_into("nb-cell-reviews-0-2", "1").await;
    assert_eq!(input("nb-cell-reviews-0-4").value(), "4");

    // Switched off, totals are typed and checked (once their parts are all filled in).
    for col in 2..6 {
        type_into(&cell(0, col), "0").await;
    }
    click("nb-auto-totals").await;
    assert!(!input("nb-auto-totals").checked());
    assert!(!input(&total).read_only());
    assert!(el(&total).get_attribute("aria-readonly").is_none());
    type_into(&total, "8").await;
    assert_eq!(input(&total).value(), "8");
    assert!(findings().iter().any(|(rule, ..)| rule == "H3"));
    assert!(has_class(&total, "nb-invalid"));
    f.done();
}

#[wasm_bindgen_test]
async fn undo_and_redo_restore_values() {
    let f = Fixture::mount().await;
    assert!(disabled("nb-undo"));
    type_into(&cell(0, 0), "5").await;
    type_into("nb-agency", "某某市某某局").await;
    assert_eq!(input(&cell(0, 6)).value(), "5");

    click("nb-undo").await;
    assert_eq!(input("nb-agency").value(), "");
    assert_eq!(input(&cell(0, 0)).value(), "5");
    click("nb-undo").await;
    assert_eq!(input(&cell(0, 0)).value(), "");
    assert_eq!(
        input(&cell(0, 6)).value(),
        "",
        "the total follows in the same step (blank again, as all its parts are)"
    );
    assert!(disabled("nb-undo"));

    click("nb-redo").await;
    assert_eq!(input(&cell(0, 0)).value(), "5");
    assert_eq!(input(&cell(0, 6)).value(), "5");

    // Ctrl+Z and Ctrl+Y anywhere in the page.
    let key = |k: &str, ctrl: bool| {
        let init = KeyboardEventInit::new();
        init.set_key(k);
        init.set_ctrl_key(ctrl);
        init.set_bubbles(true);
        init.set_cancelable(true);
        KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
    };
    document().dispatch_event(&key("z", true)).unwrap();
    flush().await;
    assert_eq!(input(&cell(0, 0)).value(), "");
    document().dispatch_event(&key("y", true)).unwrap();
    flush().await;
    assert_eq!(input(&cell(0, 0)).value(), "5");

    // A burst of typing into one field is one step.
    type_into(&cell(1, 0), "1").await;
    type_into(&cell(1, 0), "12").await;
    type_into(&cell(1, 0), "123").await;
    click("nb-undo").await;
    assert_eq!(input(&cell(1, 0)).value(), "");
    f.done();
}

#[wasm_bindgen_test]
async fn blanks_show_as_progress_until_check_all() {
    let f = Fixture::mount().await;
    assert!(findings().is_empty(), "{:?}", findings());
    assert_eq!(text("nb-count-errors"), "0");
    let progress = text("nb-progress");
    assert!(progress.starts_with("已填 0/"), "{progress}");
    type_into(&cell(0, 0), "5").await;
    assert!(text("nb-progress").starts_with("已填 1/"));

    click("nb-check").await;
    let found = findings();
    assert!(
        found.iter().any(|(rule, ..)| rule == "H5"),
        "blank cells now count"
    );
    assert!(
        found.iter().any(|(rule, ..)| rule == "H6"),
        "机关名称 and 年度 are required"
    );
    assert!(text("nb-count-errors").parse::<usize>().unwrap() > 100);
    assert!(has_class("nb-agency", "nb-invalid"));
    f.done();
}

#[wasm_bindgen_test]
async fn a_finding_takes_the_user_to_its_field() {
    let f = Fixture::mount().await;
    type_into(&cell(0, 0), "5").await;
    type_into(&cell(1, 0), "0").await;
    type_into(&cell(24, 0), "0").await;
    // One result typed, so （七）总计 is computed (a total of blank parts stays blank).
    type_into(&cell(2, 0), "0").await;
    let button = document()
        .query_selector("#nb-findings button.nb-finding[data-rule=\"H1\"]")
        .unwrap()
        .unwrap();
    button.dyn_into::<HtmlElement>().unwrap().click();
    flush().await;
    let active = document().active_element().unwrap();
    assert_eq!(active.id(), cell(0, 0));
    f.done();
}

#[wasm_bindgen_test]
async fn fields_are_named_by_row_and_column() {
    let f = Fixture::mount().await;
    let label = |id: &str| el(id).get_attribute("aria-label").unwrap();
    assert_eq!(label(&cell(2, 0)), "（一）予以公开 自然人");
    assert_eq!(
        label(&cell(4, 1)),
        "（三）不予公开 1.属于国家秘密 法人或其他组织 商业企业"
    );
    assert_eq!(label(&cell(0, 6)), "一、本年新收政府信息公开申请数量 总计");
    assert_eq!(label("nb-cell-reviews-0-14"), "行政诉讼 复议后起诉 总计");
    assert_eq!(
        label("nb-cell-regulations-1-2"),
        "行政规范性文件 现行有效件数"
    );
    assert_eq!(
        el(&cell(2, 0)).get_attribute("inputmode").as_deref(),
        Some("numeric")
    );
    assert_eq!(
        el(&cell(2, 0)).get_attribute("type").as_deref(),
        Some("text")
    );
    // Every field of the contract is there.
    for id in [
        "nb-agency",
        "nb-year",
        "nb-published",
        "nb-preamble",
        "nb-text-overview-active",
        "nb-text-other-key_points",
        "nb-fee-charged-yes",
        "nb-fee-charged-no",
        "nb-fee-amount",
        "nb-fee-note",
        "nb-check",
        "nb-download-json",
        "nb-download-html",
        "nb-open",
        "nb-open-input",
        "nb-new",
        "nb-undo",
        "nb-redo",
        "nb-auto-totals",
        "nb-progress",
        "nb-message",
    ] {
        assert!(exists(id), "#{id}");
    }
    assert_eq!(
        el("nb-message").get_attribute("role").as_deref(),
        Some("alert")
    );
    // No inline styles anywhere in the app (it will run under a strict CSP).
    let root = MOUNTED
        .with(|m| m.borrow().as_ref().map(|(root, _)| root.clone()))
        .unwrap();
    assert!(root.query_selector("[style]").unwrap().is_none());
    f.done();
}

#[wasm_bindgen_test]
async fn header_title_and_preamble() {
    let f = Fixture::mount().await;
    type_into("nb-agency", "某某市某某局").await;
    type_into("nb-year", "2024").await;
    let title = document().query_selector(".nb-title").unwrap().unwrap();
    assert_eq!(
        title.text_content().unwrap(),
        "某某市某某局2024年政府信息公开工作年度报告"
    );
    let preamble = || {
        el("nb-preamble")
            .dyn_into::<HtmlTextAreaElement>()
            .unwrap()
            .value()
    };
    assert!(preamble().contains("《某某市某某局2024年政府信息公开工作年度报告》"));
    assert!(preamble().contains("2024年1月1日"));

    type_into("nb-preamble", "自定的开头。").await;
    assert_eq!(preamble(), "自定的开头。");
    // “恢复默认” is offered once edited.
    let restore = document()
        .query_selector(".nb-doc-head button")
        .unwrap()
        .unwrap();
    assert_eq!(restore.text_content().unwrap(), "恢复默认");
    restore.dyn_into::<HtmlElement>().unwrap().click();
    flush().await;
    assert!(preamble().starts_with("根据"));

    // An impossible year is explained at the field.
    type_into("nb-year", "24").await;
    assert!(has_class("nb-year", "nb-invalid"));
    assert!(text("nb-year-msg").contains("四位数字"));
    f.done();
}

#[wasm_bindgen_test]
async fn fee_question() {
    let f = Fixture::mount().await;
    click("nb-fee-charged-no").await;
    assert!(input("nb-fee-charged-no").checked());
    assert!(!input("nb-fee-charged-yes").checked());
    let preview = document().query_selector(".nb-preview").unwrap().unwrap();
    assert!(preview.text_content().unwrap().contains("未收取信息处理费"));
    click("nb-undo").await;
    assert!(!input("nb-fee-charged-no").checked());

    click("nb-fee-charged-yes").await;
    type_into("nb-fee-amount", "300").await;
    let preview = document().query_selector(".nb-preview").unwrap().unwrap();
    assert!(preview.text_content().unwrap().contains("300元"));
    f.done();
}

#[wasm_bindgen_test]
async fn download_with_errors_asks_first() {
    let f = Fixture::mount().await;
    type_into("nb-agency", "某某市某某局").await;
    assert!(!exists("nb-confirm"));
    click("nb-download-json").await;
    // Blank cells are errors once checking is strict: the dialog lists them.
    assert!(exists("nb-confirm"));
    assert!(text("nb-confirm").contains("处错误"));
    assert_eq!(text("nb-confirm-yes"), "仍然下载");
    assert_eq!(text("nb-confirm-no"), "返回修改");
    assert_eq!(document().active_element().unwrap().id(), "nb-confirm-no");
    click("nb-confirm-no").await;
    assert!(!exists("nb-confirm"));
    // “返回修改” goes to the first error (报告年度 is blank).
    assert_eq!(document().active_element().unwrap().id(), "nb-year");
    f.done();
}

#[wasm_bindgen_test]
async fn every_change_is_autosaved() {
    let f = Fixture::mount().await;
    assert!(
        storage().get_item(AUTOSAVE_KEY).unwrap().is_none(),
        "an untouched form saves nothing"
    );
    type_into("nb-agency", "某某市某某局").await;
    let raw = storage().get_item(AUTOSAVE_KEY).unwrap().unwrap();
    let saved: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert!(saved["saved_at"].as_u64().unwrap() > 1_600_000_000_000);
    let draft = json::from_json(saved["json"].as_str().unwrap()).unwrap();
    assert_eq!(draft.agency, "某某市某某局");
    f.done();
}

#[wasm_bindgen_test]
async fn a_saved_draft_is_restored_and_can_be_replaced() {
    let mut draft = Draft::new(current_template());
    draft.agency = "恢复测试局".into();
    draft.year = "2023".into();
    let saved =
        serde_json::json!({ "saved_at": 1_737_350_000_000u64, "json": json::to_json(&draft) });
    let f = Fixture::mount_with(Some(saved.to_string())).await;
    assert_eq!(input("nb-agency").value(), "恢复测试局");
    assert!(
        text("nb-restored").contains("已恢复 2025-01-"),
        "{}",
        text("nb-restored")
    );

    click("nb-restored-new").await;
    assert!(exists("nb-confirm"));
    click("nb-confirm-yes").await;
    assert!(!exists("nb-confirm"));
    assert!(!exists("nb-restored"));
    assert_eq!(input("nb-agency").value(), "");
    // One undoable step.
    click("nb-undo").await;
    assert_eq!(input("nb-agency").value(), "恢复测试局");
    f.done();
}

/// Chooses a file in the hidden file input, as the browser does.
async fn choose_file(name: &str, content: &str) {
    let parts = js_sys::Array::of1(&content.into());
    let file = web_sys::File::new_with_str_sequence(&parts, name).unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let chooser = input("nb-open-input");
    chooser.set_files(transfer.files().as_ref());
    let init = EventInit::new();
    init.set_bubbles(true);
    chooser
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
}

/// Waits (polling the DOM every few ms, at most 2 s) until `done` holds: reading a file is a promise.
async fn wait_until(done: impl Fn() -> bool) {
    for _ in 0..200 {
        flush().await;
        if done() {
            return;
        }
        let tick = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(tick).await.unwrap();
    }
    panic!("timed out");
}

#[wasm_bindgen_test]
async fn opening_a_bad_file_says_why_and_keeps_the_report() {
    let f = Fixture::mount().await;
    type_into("nb-agency", "原来的机关").await;
    choose_file("notes.json", "这不是报告").await;
    wait_until(|| !text("nb-message").is_empty()).await;
    assert!(
        text("nb-message").contains("notes.json"),
        "{}",
        text("nb-message")
    );
    assert_eq!(input("nb-agency").value(), "原来的机关");
    f.done();
}

#[wasm_bindgen_test]
async fn opening_a_file_is_one_undoable_step() {
    let f = Fixture::mount().await;
    type_into("nb-agency", "原来的机关").await;
    let mut draft = Draft::new(current_template());
    draft.agency = "打开的机关".into();
    draft.tables[current_template().table_index("applications").unwrap()][0] = "/".into();
    choose_file("report.json", &json::to_json(&draft)).await;
    wait_until(|| input("nb-agency").value() == "打开的机关").await;
    assert_eq!(input(&cell(0, 0)).value(), "/");
    assert!(text("nb-message").is_empty());
    click("nb-undo").await;
    assert_eq!(input("nb-agency").value(), "原来的机关");
    assert_eq!(input(&cell(0, 0)).value(), "");
    f.done();
}

/// Runs a piece of JavaScript in the test page (to make the browser refuse storage).
fn run_js(code: &str) {
    js_sys::Function::new_no_args(code)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

#[wasm_bindgen_test]
async fn blocked_storage_never_breaks_the_form() {
    Fixture::unmount();
    flush().await;
    // As in a sandboxed iframe: reading window.localStorage throws.
    run_js(
        "window.__nbStorage = Object.getOwnPropertyDescriptor(window, 'localStorage');
         Object.defineProperty(window, 'localStorage', { configurable: true,
           get() { throw new DOMException('blocked', 'SecurityError'); } });",
    );
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let app = nianbao::mount_into(root.clone());
    flush().await;
    let banner = text("nb-storage-off");
    type_into(&cell(0, 0), "5").await;
    let typed = input(&cell(0, 0)).value();
    app.unmount();
    root.remove();
    run_js("Object.defineProperty(window, 'localStorage', window.__nbStorage);");
    assert!(banner.contains("自动保存已关闭"), "{banner}");
    assert!(banner.contains("下载 JSON"), "{banner}");
    assert_eq!(typed, "5");
}

#[wasm_bindgen_test]
async fn a_full_storage_turns_the_banner_on() {
    let f = Fixture::mount().await;
    assert!(!exists("nb-storage-off"));
    run_js(
        "window.__nbSetItem = Storage.prototype.setItem;
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    );
    type_into("nb-agency", "某某市某某局").await;
    flush().await;
    let shown = exists("nb-storage-off");
    run_js("Storage.prototype.setItem = window.__nbSetItem;");
    assert!(shown, "banner after a failed save");
    assert_eq!(input("nb-agency").value(), "某某市某某局");
    // Saving works again: the banner goes.
    type_into("nb-agency", "某某市某某局办公室").await;
    flush().await;
    assert!(!exists("nb-storage-off"));
    f.done();
}

#[wasm_bindgen_test]
async fn enter_moves_down_the_column() {
    let f = Fixture::mount().await;
    let key = |k: &str| {
        let init = KeyboardEventInit::new();
        init.set_key(k);
        init.set_bubbles(true);
        init.set_cancelable(true);
        KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
    };
    input(&cell(0, 1)).focus().unwrap();
    el(&cell(0, 1)).dispatch_event(&key("Enter")).unwrap();
    flush().await;
    assert_eq!(document().active_element().unwrap().id(), cell(1, 1));
    el(&cell(1, 1)).dispatch_event(&key("ArrowUp")).unwrap();
    flush().await;
    assert_eq!(document().active_element().unwrap().id(), cell(0, 1));
    f.done();
}
