//! Component tests: the whole app mounted in a real browser (wasm-bindgen-test; scripts/test.sh runs
//! them in headless Firefox and in headless Chromium),
//! driven through the DOM as a user would — typing sets an input's value and fires `input`, buttons are
//! clicked — and checked through the DOM contract the end-to-end tests also rely on.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p nianbao --test components`
//! (or `GECKODRIVER=~/.cargo/bin/geckodriver`; with neither, the runner takes the first driver on PATH)
//! (the runner is set in `.cargo/config.toml`; the browser's flags are in `webdriver.json`).
//!
//! Renders are awaited with `yew::scheduler::flush`, never with sleeps. Only opening a file waits on
//! the browser (reading a `File` is a promise), polling the DOM until the result shows.

#![cfg(target_arch = "wasm32")]

use nianbao::drafts::{Record, LEGACY_KEY};
use nianbao_core::{current_template, json, Draft};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Document, Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement,
    InputEvent, InputEventInit, KeyboardEvent, KeyboardEventInit,
};

#[path = "support/paste_cases.rs"]
mod paste_cases;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Every key of local storage that starts with `prefix`.
fn keys_with(prefix: &str) -> Vec<String> {
    let s = storage();
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Empties the drafts of every test so far (all keys start with a prefix of ours).
fn clear_drafts() {
    for key in keys_with("nianbao").into_iter().chain(keys_with("test-")) {
        storage().remove_item(&key).unwrap();
    }
}

/// The drafts stored under `prefix`, newest first.
fn stored_drafts(prefix: &str) -> Vec<(String, Record)> {
    let mut out: Vec<(String, Record)> = keys_with(&format!("{prefix}:v2:draft:"))
        .into_iter()
        .map(|k| {
            let raw = storage().get_item(&k).unwrap().unwrap();
            (k, serde_json::from_str(&raw).unwrap())
        })
        .collect();
    out.sort_by_key(|(_, r)| std::cmp::Reverse(r.saved_at));
    out
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
        clear_drafts();
        if let Some(raw) = saved {
            storage().set_item(LEGACY_KEY, &raw).unwrap();
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
        clear_drafts();
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
    // Blanks now count, as 未填 per section, not as dozens of errors (issue 10).
    assert!(findings().is_empty(), "{:?}", findings());
    assert_eq!(text("nb-count-errors"), "0");
    assert!(text("nb-count-blanks").parse::<usize>().unwrap() > 100);
    let blanks = text("nb-blanks-title");
    assert!(blanks.starts_with("未填"), "{blanks}");
    // 机关名称 and 年度 are required: counted in the first part, and marked at the field.
    assert!(
        text("nb-blanks-0").contains("未填"),
        "{}",
        text("nb-blanks-0")
    );
    assert!(has_class("nb-agency", "nb-invalid"));
    // A real mistake is an error, listed before anything else.
    type_into(&cell(1, 0), "甲").await;
    assert_eq!(text("nb-count-errors"), "1");
    assert_eq!(findings()[0].1, "error");
    f.done();
}

/// Issue 10: “空格填 0” fills every blank cell of a section that is typed in (not the computed
/// totals), and one undo takes it all back.
#[wasm_bindgen_test]
async fn fill_blanks_with_zero_is_one_undo_step() {
    let f = Fixture::mount().await;
    type_into(&cell(0, 0), "5").await;
    click("nb-check").await;
    let section = (0..8)
        .find(|s| {
            exists(&format!("nb-fill-zero-{s}")) && text(&format!("nb-blanks-{s}")).contains("三、")
        })
        .expect("“空格填 0” for the applications section");
    let before = text("nb-count-blanks").parse::<usize>().unwrap();
    click(&format!("nb-fill-zero-{section}")).await;
    assert_eq!(
        input(&cell(0, 0)).value(),
        "5",
        "a filled cell keeps its value"
    );
    assert_eq!(input(&cell(0, 1)).value(), "0");
    assert_eq!(
        input(&cell(24, 6)).value(),
        "0",
        "the total is computed from the zeros"
    );
    assert!(!exists(&format!("nb-fill-zero-{section}")));
    assert!(text("nb-count-blanks").parse::<usize>().unwrap() < before);
    click("nb-undo").await;
    assert_eq!(input(&cell(0, 1)).value(), "");
    assert_eq!(input(&cell(0, 0)).value(), "5");
    assert_eq!(text("nb-count-blanks").parse::<usize>().unwrap(), before);
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
    // Blank entries count once checking is strict: the dialog says so, as blanks, not errors.
    assert!(exists("nb-confirm"));
    assert!(
        text("nb-confirm").contains("没有填写"),
        "{}",
        text("nb-confirm")
    );
    assert_eq!(text("nb-confirm-yes"), "仍然下载");
    assert_eq!(text("nb-confirm-no"), "返回修改");
    assert_eq!(document().active_element().unwrap().id(), "nb-confirm-no");
    click("nb-confirm-no").await;
    assert!(!exists("nb-confirm"));
    // “返回修改” goes to the first error (报告年度 is blank).
    assert_eq!(document().active_element().unwrap().id(), "nb-year");
    // 下载 Word asks the same, naming its button.
    click("nb-download-docx").await;
    assert!(
        text("nb-confirm").contains("仍要“下载 Word”吗"),
        "{}",
        text("nb-confirm")
    );
    click("nb-confirm-no").await;
    assert!(!exists("nb-confirm"));
    // Going on where the page carries no module (as this test page): said in plain Chinese, and
    // the report stays as it was.
    click("nb-download-docx").await;
    click("nb-confirm-yes").await;
    wait_until(|| exists("nb-message") && text("nb-message").contains("下载 Word")).await;
    assert!(
        text("nb-message").contains("请使用完整的单文件版"),
        "{}",
        text("nb-message")
    );
    assert_eq!(input("nb-agency").value(), "某某市某某局");
    f.done();
}

#[wasm_bindgen_test]
async fn every_change_is_autosaved() {
    let f = Fixture::mount().await;
    assert!(
        stored_drafts("nianbao").is_empty(),
        "an untouched form saves nothing"
    );
    type_into("nb-agency", "某某市某某局").await;
    let saved = stored_drafts("nianbao");
    assert_eq!(saved.len(), 1, "one draft, under its own key");
    let (key, record) = &saved[0];
    assert!(key.starts_with("nianbao:v2:draft:"), "{key}");
    assert!(record.saved_at > 1_600_000_000_000);
    assert_eq!(record.agency, "某某市某某局");
    let page = web_sys::window().unwrap().location().href().unwrap();
    assert_eq!(record.page, nianbao::drafts::page_of(&page));
    let draft = json::from_json(&record.json).unwrap();
    assert_eq!(draft.agency, "某某市某某局");
    // Typing on changes the same draft.
    type_into("nb-year", "2024").await;
    let again = stored_drafts("nianbao");
    assert_eq!(again.len(), 1);
    assert_eq!(&again[0].0, key);
    assert_ne!(
        again[0].1.stamp, record.stamp,
        "every write has a new stamp"
    );
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
    // The first version's single key was read once, as a draft of this page of its own.
    assert!(storage().get_item(LEGACY_KEY).unwrap().is_none());
    let migrated = stored_drafts("nianbao");
    assert_eq!(migrated.len(), 1);
    assert_eq!(migrated[0].1.saved_at, 1_737_350_000_000);
    assert_eq!(migrated[0].1.agency, "恢复测试局");

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

/// Chooses a file in the hidden file input of 打开, as the browser does.
async fn choose_file(name: &str, content: &str) {
    choose_file_in("nb-open-input", name, content).await;
}

/// Chooses a file in the hidden file input `input_id`, as the browser does.
async fn choose_file_in(input_id: &str, name: &str, content: &str) {
    let parts = js_sys::Array::of1(&content.into());
    let file = web_sys::File::new_with_str_sequence(&parts, name).unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let chooser = input(input_id);
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
    // Over a report that is not empty, 打开 asks first (issue 10); 取消 keeps the report.
    wait_until(|| exists("nb-confirm")).await;
    assert!(
        text("nb-confirm").contains("report.json"),
        "{}",
        text("nb-confirm")
    );
    click("nb-confirm-no").await;
    assert_eq!(input("nb-agency").value(), "原来的机关");
    choose_file("report.json", &json::to_json(&draft)).await;
    wait_until(|| exists("nb-confirm")).await;
    click("nb-confirm-yes").await;
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

/// The app mounted on a fresh element where reading `window.localStorage` throws, as in a sandboxed
/// iframe.
async fn mount_with_storage_blocked() -> (Element, nianbao::Mounted) {
    run_js(
        "window.__nbStorage = Object.getOwnPropertyDescriptor(window, 'localStorage');
         Object.defineProperty(window, 'localStorage', { configurable: true,
           get() { throw new DOMException('blocked', 'SecurityError'); } });",
    );
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let app = nianbao::mount_into(root.clone());
    flush().await;
    (root, app)
}

/// Unmounts an app of [`mount_with_storage_blocked`] and gives the page its storage back.
fn unmount_with_storage_back(root: Element, app: nianbao::Mounted) {
    app.unmount();
    root.remove();
    run_js("Object.defineProperty(window, 'localStorage', window.__nbStorage);");
}

#[wasm_bindgen_test]
async fn blocked_storage_never_breaks_the_form() {
    Fixture::unmount();
    flush().await;
    let (root, app) = mount_with_storage_blocked().await;
    let banner = text("nb-storage-off");
    type_into(&cell(0, 0), "5").await;
    let typed = input(&cell(0, 0)).value();
    unmount_with_storage_back(root, app);
    assert!(banner.contains("自动保存已关闭"), "{banner}");
    assert!(banner.contains("保存存档"), "{banner}");
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

// ---------------------------------------------------------------------------------------------
// Many drafts in one browser (src/drafts.rs)

/// Stores a draft as another page (or window) would have.
fn store_draft(prefix: &str, id: &str, page: &str, agency: &str, year: &str, saved_at: u64) {
    let mut draft = Draft::new(current_template());
    draft.agency = agency.into();
    draft.year = year.into();
    let record = Record {
        saved_at,
        stamp: format!("stamp{saved_at}"),
        page: page.into(),
        agency: agency.into(),
        year: year.into(),
        json: json::to_json(&draft),
    };
    storage()
        .set_item(
            &nianbao::drafts::draft_key(prefix, id),
            &serde_json::to_string(&record).unwrap(),
        )
        .unwrap();
}

fn record(prefix: &str, id: &str) -> Record {
    let raw = storage()
        .get_item(&nianbao::drafts::draft_key(prefix, id))
        .unwrap()
        .unwrap_or_else(|| panic!("no draft {id}"));
    serde_json::from_str(&raw).unwrap()
}

#[wasm_bindgen_test]
async fn another_pages_draft_is_neither_restored_nor_overwritten() {
    Fixture::unmount();
    clear_drafts();
    store_draft(
        "nianbao",
        "other1",
        "file:///elsewhere/nianbao.html",
        "甲局",
        "2023",
        1_000,
    );
    let f = Fixture::mount_with(None).await;
    // mount_with cleared storage: store again and mount afresh.
    Fixture::unmount();
    store_draft(
        "nianbao",
        "other1",
        "file:///elsewhere/nianbao.html",
        "甲局",
        "2023",
        1_000,
    );
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let app = nianbao::mount_into(root.clone());
    MOUNTED.with(|m| *m.borrow_mut() = Some((root, app)));
    flush().await;
    assert_eq!(
        input("nb-agency").value(),
        "",
        "another page's draft is not this page's"
    );
    assert!(!exists("nb-restored"));
    type_into("nb-agency", "乙局").await;
    let drafts = stored_drafts("nianbao");
    assert_eq!(drafts.len(), 2, "a draft of its own");
    assert_eq!(record("nianbao", "other1").agency, "甲局", "untouched");
    assert_eq!(drafts[0].1.agency, "乙局");
    f.done();
}

#[wasm_bindgen_test]
async fn a_window_whose_draft_was_written_elsewhere_continues_under_a_new_id() {
    let f = Fixture::mount().await;
    type_into("nb-agency", "本窗口的机关").await;
    let (key, mine) = stored_drafts("nianbao").remove(0);
    let id = key.rsplit(':').next().unwrap().to_string();
    // Another window (the same file opened twice, or a page that opened this draft) writes it.
    store_draft(
        "nianbao",
        &id,
        &mine.page,
        "另一个窗口的机关",
        "2024",
        mine.saved_at + 1,
    );
    type_into("nb-year", "2025").await;
    assert!(
        text("nb-status").contains("另存为一份新的草稿"),
        "{}",
        text("nb-status")
    );
    assert_eq!(
        record("nianbao", &id).agency,
        "另一个窗口的机关",
        "not overwritten"
    );
    let drafts = stored_drafts("nianbao");
    assert_eq!(drafts.len(), 2);
    let fork = drafts.iter().find(|(k, _)| *k != key).unwrap();
    assert_eq!(fork.1.agency, "本窗口的机关");
    assert_eq!(fork.1.year, "2025");
    // And the new draft is this window's from now on.
    type_into("nb-year", "2026").await;
    assert_eq!(stored_drafts("nianbao").len(), 2);
    f.done();
}

#[wasm_bindgen_test]
async fn a_new_report_is_a_new_draft() {
    let f = Fixture::mount().await;
    type_into("nb-agency", "第一个机关").await;
    click("nb-new").await;
    assert!(
        text("nb-confirm").contains("草稿"),
        "{}",
        text("nb-confirm")
    );
    click("nb-confirm-yes").await;
    assert_eq!(input("nb-agency").value(), "");
    type_into("nb-agency", "第二个机关").await;
    let agencies: Vec<String> = stored_drafts("nianbao")
        .into_iter()
        .map(|(_, r)| r.agency)
        .collect();
    assert_eq!(agencies, ["第二个机关", "第一个机关"]);
    f.done();
}

#[wasm_bindgen_test]
async fn the_list_of_drafts_opens_downloads_and_deletes() {
    let f = Fixture::mount().await;
    store_draft(
        "nianbao",
        "aaaa1",
        "file:///x/a.html",
        "甲局",
        "2023",
        2_000,
    );
    store_draft("nianbao", "bbbb1", "file:///x/b.html", "", "", 1_000);
    type_into("nb-agency", "当前局").await;
    click("nb-drafts").await;
    assert!(exists("nb-drafts-panel"));
    assert_eq!(document().active_element().unwrap().id(), "nb-drafts-close");
    let rows = document().query_selector_all("#nb-drafts-list li").unwrap();
    assert_eq!(rows.length(), 3);
    let list = text("nb-drafts-list");
    assert!(list.contains("当前局") && list.contains("当前"), "{list}");
    assert!(list.contains("甲局") && list.contains("2023年度"), "{list}");
    assert!(list.contains("（未填机关名称）"), "{list}");
    // The report on screen can be downloaded but not opened or deleted from here.
    let current = document()
        .query_selector(".nb-draft-current")
        .unwrap()
        .unwrap();
    assert!(current
        .query_selector("[id^=nb-draft-delete]")
        .unwrap()
        .is_none());

    // 删除 asks first, in the row.
    click("nb-draft-delete-bbbb1").await;
    assert!(text("nb-drafts-list").contains("确定删除"));
    click("nb-draft-delete-no-bbbb1").await;
    assert!(storage()
        .get_item("nianbao:v2:draft:bbbb1")
        .unwrap()
        .is_some());
    click("nb-draft-delete-bbbb1").await;
    click("nb-draft-delete-yes-bbbb1").await;
    assert!(storage()
        .get_item("nianbao:v2:draft:bbbb1")
        .unwrap()
        .is_none());
    assert_eq!(
        document()
            .query_selector_all("#nb-drafts-list li")
            .unwrap()
            .length(),
        2
    );

    // 打开 continues that draft; the one on screen stays saved.
    click("nb-draft-open-aaaa1").await;
    assert!(!exists("nb-drafts-panel"));
    assert_eq!(input("nb-agency").value(), "甲局");
    assert!(
        text("nb-status").contains("已打开"),
        "{}",
        text("nb-status")
    );
    assert!(
        disabled("nb-undo"),
        "another draft: no undo into the one before"
    );
    assert_eq!(
        record("nianbao", "aaaa1").page,
        stored_drafts("nianbao")[0].1.page
    );
    type_into("nb-year", "2024").await;
    assert_eq!(record("nianbao", "aaaa1").year, "2024");
    let agencies: Vec<String> = stored_drafts("nianbao")
        .into_iter()
        .map(|(_, r)| r.agency)
        .collect();
    assert_eq!(agencies, ["甲局", "当前局"]);
    f.done();
}

/// The text of the first element matching `selector` ("" when none).
fn text_of(selector: &str) -> String {
    document()
        .query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// A report fixture of the project, as a draft.
fn fixture_report(json_text: &str) -> Draft {
    json::from_json(json_text).unwrap()
}

/// Issue 11: last year's report loaded (载入上年报告) makes S1 and S2 run, with both years in their
/// messages; 从上年报告新建 then starts next year's report from the one on screen with 二、上年结转
/// filled from last year's 四、结转下年度继续办理 and the texts marked as last year's.
#[wasm_bindgen_test]
async fn last_years_report_is_checked_against_and_next_year_starts_from_it() {
    let f = Fixture::mount().await;
    let applications = current_template().table_index("applications").unwrap();
    let regulations = current_template().table_index("regulations").unwrap();
    let mut this = fixture_report(include_str!("fixtures/reports/full-2024.json"));
    // 规章 现行有效件数: one more than last year's stock plus 制发 minus 废止 (S2).
    let stock = &mut this.tables[regulations][2];
    *stock = (stock.parse::<u32>().unwrap() + 1).to_string();
    choose_file("2024年报.json", &json::to_json(&this)).await;
    wait_until(|| input("nb-year").value() == "2024").await;

    let mut last = fixture_report(include_str!("fixtures/reports/full-2023.json"));
    // 四、结转下年度继续办理, 自然人: not what this year's 二、上年结转 says (S1).
    last.tables[applications][24 * 7] = "3".into();
    choose_file_in("nb-last-year-input", "2023年报.json", &json::to_json(&last)).await;
    wait_until(|| exists("nb-last-year-name")).await;
    assert!(text("nb-last-year-name").contains("2023年度"));
    let found = findings();
    let s1 = found
        .iter()
        .find(|(rule, ..)| rule == "S1")
        .expect("S1 fires");
    assert!(s1.2.contains("2023年度") && s1.2.contains("为 3"), "{s1:?}");
    let s2 = found
        .iter()
        .find(|(rule, ..)| rule == "S2")
        .expect("S2 fires");
    assert!(
        s2.2.contains("2023年度") && s2.2.contains("多了1件"),
        "{s2:?}"
    );

    // Next year's report from this one.
    click("nb-next-year").await;
    assert_eq!(input("nb-year").value(), "2025");
    assert_eq!(input("nb-agency").value(), this.agency);
    for col in 0..6 {
        assert_eq!(
            input(&cell(1, col)).value(),
            this.tables[applications][24 * 7 + col],
            "二、上年结转 column {col}"
        );
        assert_eq!(input(&cell(0, col)).value(), "", "new numbers start blank");
    }
    assert!(text("nb-last-year-name").contains("2024年度"));
    let marked = || {
        document()
            .query_selector_all(".nb-from-last-year")
            .unwrap()
            .length()
    };
    let before = marked();
    assert!(before > 0, "last year's texts are marked to be revised");
    assert!(
        text_of(".nb-carried-note").contains("二、上年结转"),
        "the carried-over row says where it came from: {}",
        text_of(".nb-carried-note")
    );
    // “不用改，沿用上年文字” takes one mark away.
    let keep: HtmlElement = document()
        .query_selector("[id$=-keep]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    keep.click();
    flush().await;
    assert_eq!(marked(), before - 1);
    assert!(
        !findings().iter().any(|(rule, ..)| rule == "S1"),
        "{:?}",
        findings()
    );
    // Dropping last year's report: no cross-year rule, no mark.
    click("nb-last-year-drop").await;
    assert!(!exists("nb-last-year-name"));
    assert!(document()
        .query_selector(".nb-from-last-year")
        .unwrap()
        .is_none());
    f.done();
}

// ---------------------------------------------------------------------------------------------
// The JavaScript API (src/api.rs), as an embedding page calls it

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

/// `window.nianbao`. The test harness does not run the module's start function, so the API is put in
/// place here as start would.
fn api() -> JsValue {
    let window = web_sys::window().unwrap();
    let api = Reflect::get(&window, &"nianbao".into()).unwrap();
    if !api.is_undefined() {
        return api;
    }
    nianbao::api::register();
    Reflect::get(&window, &"nianbao".into()).unwrap()
}

/// Calls `object.method(...args)` as JavaScript would.
fn call(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = Reflect::get(object, &method.into())
        .unwrap()
        .dyn_into()
        .unwrap_or_else(|_| panic!("no method {method}"));
    f.apply(object, &args.iter().collect::<Array>())
}

/// `nianbao.mount(element, options)` where `options` is given as JSON text.
fn mount_api(host: &Element, options: &str) -> Result<JsValue, JsValue> {
    let options = js_sys::JSON::parse(options).unwrap();
    call(&api(), "mount", &[host.clone().into(), options])
}

/// The message of an `Error` thrown by the API, and its code.
fn thrown(result: Result<JsValue, JsValue>) -> (String, String) {
    let error = result.expect_err("the call should throw");
    assert!(error.is_instance_of::<js_sys::Error>(), "{error:?}");
    let message = Reflect::get(&error, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    let code = Reflect::get(&error, &"code".into())
        .unwrap()
        .as_string()
        .unwrap_or_default();
    (message, code)
}

/// A fresh host element in the page.
fn host_element(id: &str) -> Element {
    if let Some(old) = document().get_element_by_id(id) {
        old.remove();
    }
    let host = document().create_element("div").unwrap();
    host.set_id(id);
    document().body().unwrap().append_child(&host).unwrap();
    host
}

/// An element of the form inside `host`'s shadow root.
fn shadow_el(host: &Element, id: &str) -> Element {
    host.shadow_root()
        .expect("a shadow root")
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id} in the shadow root"))
}

async fn shadow_type(host: &Element, id: &str, value: &str) {
    let target = shadow_el(host, id);
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
    init.set_composed(true);
    target
        .dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    flush().await;
}

fn shadow_value(host: &Element, id: &str) -> String {
    shadow_el(host, id)
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value()
}

/// Records the `detail` of every `name` event that reaches the document.
fn record_events(name: &str) -> std::rc::Rc<std::cell::RefCell<Vec<JsValue>>> {
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = seen.clone();
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::CustomEvent)>::new(
        move |e: web_sys::CustomEvent| sink.borrow_mut().push(e.detail()),
    );
    document()
        .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();
    seen
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap()
}

#[wasm_bindgen_test]
async fn the_api_draws_a_form_in_a_shadow_root_and_hands_the_report_back() {
    Fixture::unmount();
    clear_drafts();
    let host = host_element("api-host");
    let handle = mount_api(
        &host,
        r#"{"autosave": false, "agency": "接口测试局", "year": 2024}"#,
    )
    .expect("mount");
    // Usable at once, before yew has drawn anything.
    let report = call(&handle, "getReport", &[]).unwrap();
    assert_eq!(
        get(&get(&report, "header"), "agency").as_string().unwrap(),
        "接口测试局"
    );
    flush().await;
    let shadow = host.shadow_root().unwrap();
    assert_eq!(
        shadow.adopted_style_sheets().length(),
        1,
        "the form's stylesheet, adopted"
    );
    assert!(shadow
        .query_selector(".nb-root > .nb-app")
        .unwrap()
        .is_some());
    assert!(
        document().get_element_by_id("nb-agency").is_none(),
        "ids stay inside"
    );
    assert_eq!(shadow_value(&host, "nb-agency"), "接口测试局");
    assert_eq!(shadow_value(&host, "nb-year"), "2024");

    let changes = record_events("report-change");
    let validations = record_events("report-validate");
    shadow_type(&host, "nb-cell-applications-0-0", "7").await;
    let change = changes.borrow().last().cloned().expect("report-change");
    let cell = get(&get(&get(&change, "report"), "tables"), "applications");
    assert_eq!(
        Reflect::get_u32(&Reflect::get_u32(&cell, 0).unwrap(), 0)
            .unwrap()
            .as_f64(),
        Some(7.0)
    );
    assert!(get(&change, "json")
        .as_string()
        .unwrap()
        .contains("接口测试局"));

    // setReport: another report, one undoable step; toJSON and toHTML follow it.
    let mut draft = Draft::new(current_template());
    draft.agency = "设置的机关".into();
    draft.year = "2023".into();
    call(&handle, "setReport", &[json::to_json(&draft).into()]).unwrap();
    flush().await;
    assert_eq!(shadow_value(&host, "nb-agency"), "设置的机关");
    assert!(call(&handle, "toJSON", &[])
        .unwrap()
        .as_string()
        .unwrap()
        .contains("设置的机关"));
    let page = call(&handle, "toHTML", &[]).unwrap().as_string().unwrap();
    assert!(page.contains("<title>设置的机关2023年政府信息公开工作年度报告</title>"));
    // An object works as well as text.
    draft.agency = "对象形式".into();
    let object = js_sys::JSON::parse(&json::to_json(&draft)).unwrap();
    call(&handle, "setReport", &[object]).unwrap();
    flush().await;
    assert_eq!(shadow_value(&host, "nb-agency"), "对象形式");
    shadow_el(&host, "nb-undo")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    flush().await;
    assert_eq!(shadow_value(&host, "nb-agency"), "设置的机关");

    // validate: every finding as a plain object, shown in the form, and as an event.
    let found = call(&handle, "validate", &[]).unwrap();
    let found: Array = found.dyn_into().unwrap();
    assert!(found.length() > 0);
    let first = found.get(0);
    for key in ["rule", "severity", "message", "section"] {
        assert!(
            get(&first, key).as_string().is_some_and(|s| !s.is_empty()),
            "{key}"
        );
    }
    let cells: Array = get(&first, "cells").dyn_into().unwrap();
    assert!(cells.length() > 0);
    let keys: Vec<String> = found
        .iter()
        .flat_map(|f| Array::from(&get(&f, "cells")).iter().collect::<Vec<_>>())
        .filter_map(|k| k.as_string())
        .collect();
    assert!(
        keys.iter().any(|k| k.starts_with("cell.applications.")),
        "{keys:?}"
    );
    flush().await;
    let validate = validations
        .borrow()
        .last()
        .cloned()
        .expect("report-validate");
    assert_eq!(
        Array::from(&get(&validate, "findings")).length(),
        found.length()
    );
    assert!(get(&validate, "errors").as_f64().unwrap() > 0.0);
    assert!(shadow
        .get_element_by_id("nb-findings")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("未填"));

    // destroy: the form goes, the handle says so.
    call(&handle, "destroy", &[]).unwrap();
    flush().await;
    assert_eq!(shadow.child_element_count(), 0);
    let (message, code) = thrown(call(&handle, "getReport", &[]));
    assert_eq!(code, "destroyed");
    assert!(
        message.contains("已经移除") && message.contains("destroyed"),
        "{message}"
    );
    call(&handle, "destroy", &[]).unwrap();
    // The element can hold a form again.
    let again = mount_api(&host, r#"{"autosave": false}"#).expect("mount again");
    call(&again, "destroy", &[]).unwrap();
    host.remove();
}

#[wasm_bindgen_test]
async fn the_apis_mistakes_are_errors_that_say_what_is_wrong() {
    Fixture::unmount();
    let host = host_element("api-errors");
    let m = |target: JsValue, options: &str| {
        let options = if options.is_empty() {
            JsValue::UNDEFINED
        } else {
            js_sys::JSON::parse(options).unwrap()
        };
        thrown(call(&api(), "mount", &[target, options]))
    };
    let cases: Vec<((String, String), &str, &[&str])> = vec![
        (m(JsValue::NULL, ""), "no-element", &["没有指定", "null"]),
        (
            m("#nowhere".into(), ""),
            "no-element",
            &["找不到元素", "#nowhere"],
        ),
        (m("[[".into(), ""), "no-element", &["不是有效的 CSS 选择器"]),
        (m(5.into(), ""), "no-element", &["number"]),
        (
            m(host.clone().into(), r#"{"colour": "red"}"#),
            "unknown-option",
            &["不认识的选项“colour”", "unknown option \"colour\""],
        ),
        (
            m(host.clone().into(), r#""readOnly""#),
            "bad-options",
            &["选项必须是一个对象"],
        ),
        (
            m(host.clone().into(), r#"{"readOnly": "yes"}"#),
            "bad-option",
            &["readOnly 应为 true 或 false", "boolean"],
        ),
        (
            m(host.clone().into(), r#"{"year": 20.5}"#),
            "bad-option",
            &["year 应为年份"],
        ),
        (
            m(host.clone().into(), r#"{"autosavePrefix": "a:b"}"#),
            "bad-option",
            &["autosavePrefix"],
        ),
        (
            m(host.clone().into(), r#"{"report": "{\"format\": "}"#),
            "bad-report",
            &["报告数据无法读取", "report:"],
        ),
        (
            m(host.clone().into(), r#"{"report": 12}"#),
            "bad-report",
            &["JSON"],
        ),
    ];
    for ((message, code), want_code, parts) in cases {
        assert_eq!(code, want_code, "{message}");
        for part in parts {
            assert!(
                message.contains(part),
                "{message:?} should contain {part:?}"
            );
        }
        assert!(
            message.contains("（nianbao: "),
            "Chinese, then English: {message}"
        );
    }
    assert!(host.shadow_root().is_none(), "nothing was mounted");

    // One form per element; one autosave prefix per page.
    let first = mount_api(&host, r#"{"autosavePrefix": "test-a"}"#).unwrap();
    let (_, code) = thrown(mount_api(&host, "{}"));
    assert_eq!(code, "already-mounted");
    let other = host_element("api-errors-2");
    let (message, code) = thrown(mount_api(&other, r#"{"autosavePrefix": "test-a"}"#));
    assert_eq!(code, "prefix-in-use", "{message}");
    // Bad reports later are errors too, and the form keeps its report.
    let (message, code) = thrown(call(&first, "setReport", &["not json".into()]));
    assert_eq!(code, "bad-report");
    assert!(message.contains("setReport"), "{message}");
    assert!(call(&first, "getReport", &[]).is_ok(), "still working");
    call(&first, "destroy", &[]).unwrap();
    host.remove();
    other.remove();
    clear_drafts();
}

#[wasm_bindgen_test]
async fn two_forms_on_one_page_are_independent() {
    Fixture::unmount();
    clear_drafts();
    let a = host_element("api-a");
    let b = host_element("api-b");
    let ha = mount_api(&a, r#"{"autosavePrefix": "test-a"}"#).unwrap();
    let hb = mount_api(&b, r#"{"autosavePrefix": "test-b"}"#).unwrap();
    flush().await;
    shadow_type(&a, "nb-agency", "甲").await;
    shadow_type(&b, "nb-agency", "乙").await;
    assert_eq!(shadow_value(&a, "nb-agency"), "甲");
    assert_eq!(shadow_value(&b, "nb-agency"), "乙");
    assert_eq!(stored_drafts("test-a")[0].1.agency, "甲");
    assert_eq!(stored_drafts("test-b")[0].1.agency, "乙");
    // Undo keys and focus stay inside their own form.
    let key = KeyboardEventInit::new();
    key.set_key("z");
    key.set_ctrl_key(true);
    key.set_bubbles(true);
    key.set_composed(true);
    key.set_cancelable(true);
    shadow_el(&a, "nb-agency")
        .dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &key).unwrap())
        .unwrap();
    flush().await;
    assert_eq!(shadow_value(&a, "nb-agency"), "");
    assert_eq!(shadow_value(&b, "nb-agency"), "乙");
    shadow_el(&b, "nb-check")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    flush().await;
    // 年度 is blank: after 检查全部 it is listed under 未填, with a way to it.
    let finding: HtmlElement = b
        .shadow_root()
        .unwrap()
        .query_selector(".nb-blank-group button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    finding.click();
    flush().await;
    let focused = b
        .shadow_root()
        .unwrap()
        .active_element()
        .expect("focus in b");
    assert!(focused.id().starts_with("nb-"), "{}", focused.id());
    assert!(a.shadow_root().unwrap().active_element().is_none());
    call(&ha, "destroy", &[]).unwrap();
    call(&hb, "destroy", &[]).unwrap();
    a.remove();
    b.remove();
    clear_drafts();
}

#[wasm_bindgen_test]
async fn read_only_forms_and_fixed_headers() {
    Fixture::unmount();
    clear_drafts();
    let mut draft = Draft::new(current_template());
    draft.agency = "只读局".into();
    let host = host_element("api-readonly");
    let options =
        serde_json::json!({ "readOnly": true, "autosave": false, "report": json::to_json(&draft) });
    let handle = mount_api(&host, &options.to_string()).unwrap();
    flush().await;
    assert!(shadow_el(&host, "nb-agency").has_attribute("readonly"));
    assert!(shadow_el(&host, "nb-cell-applications-0-0").has_attribute("readonly"));
    let shadow = host.shadow_root().unwrap();
    for gone in ["nb-open", "nb-new", "nb-undo", "nb-drafts"] {
        assert!(
            shadow.get_element_by_id(gone).is_none(),
            "#{gone} in a read-only form"
        );
    }
    assert!(shadow.get_element_by_id("nb-download-json").is_some());
    shadow_type(&host, "nb-agency", "改了").await;
    let report = call(&handle, "getReport", &[]).unwrap();
    assert_eq!(
        get(&get(&report, "header"), "agency").as_string().unwrap(),
        "只读局"
    );
    call(&handle, "destroy", &[]).unwrap();

    let fixed = mount_api(
        &host,
        r#"{"agency": "固定局", "year": "2024", "fixed": true, "autosave": false}"#,
    )
    .unwrap();
    flush().await;
    assert!(shadow_el(&host, "nb-agency").has_attribute("readonly"));
    assert!(shadow_el(&host, "nb-year").has_attribute("readonly"));
    assert!(!shadow_el(&host, "nb-published").has_attribute("readonly"));
    assert!(host
        .shadow_root()
        .unwrap()
        .get_element_by_id("nb-fixed-note")
        .is_some());
    // A report from elsewhere keeps the fixed values.
    call(&fixed, "setReport", &[json::to_json(&draft).into()]).unwrap();
    flush().await;
    assert_eq!(shadow_value(&host, "nb-agency"), "固定局");
    assert_eq!(shadow_value(&host, "nb-year"), "2024");
    call(&fixed, "destroy", &[]).unwrap();
    host.remove();
}

/// Issue 11: the handle's `setLastYear` / `getLastYear` and `mount`'s `lastYear`: a report of the
/// wrong year is taken but not compared (validate says why), bad input throws the coded error of
/// `setReport`, the right year removes that warning, `null` drops it.
#[wasm_bindgen_test]
async fn the_api_takes_last_years_report() {
    clear_drafts();
    let host = host_element("api-last-year");
    let this = include_str!("fixtures/reports/full-2024.json");
    let right = include_str!("fixtures/reports/full-2023.json");
    let mut wrong = fixture_report(right);
    wrong.year = "2021".into();
    let options = format!(
        r#"{{"autosave": false, "report": {this}, "lastYear": {}}}"#,
        json::to_json(&wrong)
    );
    let handle = mount_api(&host, &options).unwrap();
    flush().await;
    let said = |handle: &JsValue| {
        let findings = call(handle, "validate", &[]).unwrap();
        js_sys::JSON::stringify(&findings)
            .unwrap()
            .as_string()
            .unwrap()
    };
    let findings = said(&handle);
    assert!(
        findings.contains("上年报告为2021年度，本报告为2024年度"),
        "{findings}"
    );
    let got = call(&handle, "getLastYear", &[]).unwrap();
    let header = Reflect::get(&got, &"header".into()).unwrap();
    assert_eq!(get(&header, "year").as_string().as_deref(), Some("2021"));

    let (message, code) = thrown(call(&handle, "setLastYear", &["not json".into()]));
    assert_eq!(code, "bad-report", "{message}");
    let (_, code) = thrown(call(&handle, "setLastYear", &[JsValue::from(12)]));
    assert_eq!(code, "bad-report");

    call(&handle, "setLastYear", &[right.into()]).unwrap();
    flush().await;
    assert!(!said(&handle).contains("跨年核对"), "{}", said(&handle));
    call(&handle, "setLastYear", &[JsValue::NULL]).unwrap();
    flush().await;
    assert!(call(&handle, "getLastYear", &[]).unwrap().is_null());
    call(&handle, "destroy", &[]).unwrap();
    host.remove();
}

/// Issue 11: a draft of the same body for the year before, kept in this browser, is offered as last
/// year's report.
#[wasm_bindgen_test]
async fn last_years_draft_is_offered() {
    let f = Fixture::mount().await;
    store_draft(
        "nianbao",
        "last1",
        "file:///x/a.html",
        "甲局",
        "2023",
        1_000,
    );
    store_draft(
        "nianbao",
        "other1",
        "file:///x/a.html",
        "乙局",
        "2023",
        2_000,
    );
    type_into("nb-agency", "甲局").await;
    assert!(
        !exists("nb-last-year-draft"),
        "no year yet: nothing to offer"
    );
    type_into("nb-year", "2024").await;
    assert!(
        text("nb-last-year-draft").contains("甲局（2023年度）"),
        "{}",
        text("nb-last-year-draft")
    );
    click("nb-last-year-draft").await;
    assert!(text("nb-last-year-name").contains("甲局（2023年度）"));
    assert!(!exists("nb-last-year-draft"));
    f.done();
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet entry (issue 13): paste a block, copy a range, move with the keys.

/// The cases of `tests/fixtures/paste/blocks.json`, the same data `core/tests/block.rs` runs.
fn paste_cases() -> Vec<paste_cases::Case> {
    paste_cases::parse(include_str!("fixtures/paste/blocks.json"))
}

/// A clipboard event (`paste` or `copy`) carrying `data` ((type, content) pairs), dispatched on the
/// element `id` as the browser would. Returns the event's clipboard, to read what a copy put there.
/// Chromium takes the clipboard given to the constructor; Firefox makes its own and ignores that
/// one, so the data goes into whichever the event holds (and must be readable there, or the paste
/// tests would pass without pasting).
fn clipboard_event(kind: &str, id: &str, data: &[(&str, &str)]) -> web_sys::ClipboardEvent {
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&web_sys::DataTransfer::new().unwrap()));
    let event = web_sys::ClipboardEvent::new_with_event_init_dict(kind, &init).unwrap();
    let clipboard = event.clipboard_data().expect("the event's clipboard");
    for (format, content) in data {
        clipboard.set_data(format, content).unwrap();
        assert_eq!(
            clipboard.get_data(format).unwrap(),
            *content,
            "the test's clipboard holds {format}"
        );
    }
    el(id).dispatch_event(&event).unwrap();
    event
}

/// What a copy event put on its clipboard, as `type`.
fn copied(event: &web_sys::ClipboardEvent, format: &str) -> String {
    event.clipboard_data().unwrap().get_data(format).unwrap()
}

fn table_size(id: &str) -> (usize, usize) {
    let def = current_template().tables().find(|t| t.id == id).unwrap();
    (def.rows.len(), usize::from(def.columns))
}

/// Every cell of table `t`: (id, entry shown, read-only).
fn table_entries(t: &str) -> Vec<(usize, usize, String, bool)> {
    let (rows, cols) = table_size(t);
    let mut out = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let i = input(&format!("nb-cell-{t}-{r}-{c}"));
            out.push((r, c, i.value(), i.read_only()));
        }
    }
    out
}

#[wasm_bindgen_test]
async fn every_fixture_block_pastes_into_the_form_cell_for_cell() {
    let mut failures = Vec::new();
    for case in paste_cases() {
        let f = Fixture::mount().await;
        if !case.auto_totals {
            click("nb-auto-totals").await;
        }
        let mut data = Vec::new();
        if let Some(tsv) = &case.tsv {
            data.push(("text/plain", tsv.as_str()));
        }
        if let Some(html) = &case.html {
            data.push(("text/html", html.as_str()));
        }
        let target = format!("nb-cell-{}-{}-{}", case.table, case.at.0, case.at.1);
        clipboard_event("paste", &target, &data);
        flush().await;
        for (r, c, shown, read_only) in table_entries(&case.table) {
            let want = case.cells.iter().find(|(wr, wc, _)| (*wr, *wc) == (r, c));
            match want {
                Some((_, _, want)) if shown != *want => failures.push(format!(
                    "{}: cell {r},{c} shows {shown:?}, want {want:?}",
                    case.what
                )),
                None if !read_only && !shown.is_empty() => failures.push(format!(
                    "{}: cell {r},{c} was not in the block but shows {shown:?}",
                    case.what
                )),
                _ => {}
            }
        }
        if let Some((rows, cols, room_rows, room_cols)) = case.refuse {
            let message = text("nb-message");
            let said = format!("{rows} 行 {cols} 列");
            let room = format!("{room_rows} 行、向右只有 {room_cols} 列");
            if !message.contains(&said) || !message.contains(&room) {
                failures.push(format!("{}: the refusal says {message:?}", case.what));
            }
        } else {
            let message = if exists("nb-message") {
                text("nb-message")
            } else {
                String::new()
            };
            for (.., pasted, computed) in &case.differ {
                let named = format!("粘贴的是 {pasted}，自动计算为 {computed}");
                if !message.contains(&named) {
                    failures.push(format!(
                        "{}: the alert {message:?} does not say {named}",
                        case.what
                    ));
                }
            }
            if case.differ.is_empty() && !message.is_empty() {
                failures.push(format!("{}: an alert {message:?}", case.what));
            }
        }
        f.done();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[wasm_bindgen_test]
async fn a_pasted_block_is_one_undo_step_and_totals_pasted_over_are_checked() {
    let f = Fixture::mount().await;
    let case = paste_cases()
        .into_iter()
        .find(|c| c.what.contains("25×6"))
        .unwrap();
    clipboard_event(
        "paste",
        &cell(0, 0),
        &[("text/plain", case.tsv.as_deref().unwrap())],
    );
    flush().await;
    assert_eq!(input(&cell(24, 5)).value(), "245");
    assert_eq!(input(&cell(0, 6)).value(), (0..6).sum::<u32>().to_string());
    assert!(
        text("nb-status").contains("已粘贴 25 行 6 列"),
        "{}",
        text("nb-status")
    );
    click("nb-undo").await;
    assert!(table_entries("applications")
        .iter()
        .all(|(.., shown, _)| shown.is_empty()));
    click("nb-redo").await;
    assert_eq!(input(&cell(24, 5)).value(), "245");

    // Section 四 copied with its totals: the pasted 总计 that differ are named.
    clipboard_event(
        "paste",
        "nb-cell-reviews-0-0",
        &[("text/plain", "1\t2\t3\t4\t11\t6\t7\t8\t9\t30\r\n")],
    );
    flush().await;
    assert_eq!(input("nb-cell-reviews-0-4").value(), "10");
    let message = text("nb-message");
    assert!(message.contains("粘贴的是 11，自动计算为 10"), "{message}");
    f.done();
}

#[wasm_bindgen_test]
async fn one_pasted_entry_is_left_to_the_browser() {
    let f = Fixture::mount().await;
    input(&cell(0, 0)).focus().unwrap();
    let event = clipboard_event("paste", &cell(0, 0), &[("text/plain", "12\r\n")]);
    assert!(!event.default_prevented());
    // A block is the form's.
    let event = clipboard_event("paste", &cell(0, 0), &[("text/plain", "1\t2\r\n")]);
    assert!(event.default_prevented());
    f.done();
}

fn key(k: &str, shift: bool, ctrl: bool) -> KeyboardEvent {
    keydown(k, shift, ctrl, false)
}

fn keydown(k: &str, shift: bool, ctrl: bool, alt: bool) -> KeyboardEvent {
    let init = KeyboardEventInit::new();
    init.set_key(k);
    init.set_shift_key(shift);
    init.set_ctrl_key(ctrl);
    init.set_alt_key(alt);
    init.set_bubbles(true);
    init.set_cancelable(true);
    KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()
}

/// Presses a key in the focused element and returns the id focused after it.
async fn press(k: &str, shift: bool, ctrl: bool) -> String {
    let focused = document().active_element().unwrap();
    focused.dispatch_event(&key(k, shift, ctrl)).unwrap();
    flush().await;
    document().active_element().unwrap().id()
}

#[wasm_bindgen_test]
async fn keys_move_like_a_spreadsheet_and_step_over_totals() {
    let f = Fixture::mount().await;
    input(&cell(0, 0)).focus().unwrap();
    // A cell just entered has its entry selected: ← and → leave it.
    assert_eq!(press("ArrowRight", false, false).await, cell(0, 1));
    assert_eq!(press("ArrowLeft", false, false).await, cell(0, 0));
    assert_eq!(
        press("ArrowLeft", false, false).await,
        cell(0, 0),
        "the table's edge"
    );
    // With the caret inside the entry, ← and → edit it.
    type_into(&cell(0, 0), "123").await;
    input(&cell(0, 0)).set_selection_range(1, 1).unwrap();
    assert_eq!(press("ArrowRight", false, false).await, cell(0, 0));
    input(&cell(0, 0)).set_selection_range(3, 3).unwrap();
    assert_eq!(press("ArrowRight", false, false).await, cell(0, 1));
    // The 总计 column and row are stepped over.
    assert_eq!(press("End", false, false).await, cell(0, 5));
    assert_eq!(press("ArrowRight", false, false).await, cell(0, 5));
    input(&cell(22, 2)).focus().unwrap();
    assert_eq!(press("ArrowDown", false, false).await, cell(24, 2));
    assert_eq!(press("Enter", true, false).await, cell(22, 2));
    assert_eq!(press("Home", false, false).await, cell(22, 0));
    assert_eq!(press("End", false, true).await, cell(24, 5));
    assert_eq!(press("Home", false, true).await, cell(0, 0));
    // Tab is the browser's: computed cells are out of its order.
    assert_eq!(input(&cell(0, 6)).tab_index(), -1);
    assert_eq!(input(&cell(0, 5)).tab_index(), 0);
    // After a run of Tabs (the browser moves; the table remembers where the run started), Enter
    // goes to the next row below the run's start.
    input(&cell(3, 1)).focus().unwrap();
    press("Tab", false, false).await;
    input(&cell(3, 2)).focus().unwrap();
    press("Tab", false, false).await;
    input(&cell(3, 3)).focus().unwrap();
    assert_eq!(press("Enter", false, false).await, cell(4, 1));
    assert_eq!(press("Enter", false, false).await, cell(5, 1));
    // Esc puts back the entry the cell had when it got the focus.
    type_into(&cell(5, 1), "7").await;
    input(&cell(6, 1)).focus().unwrap();
    input(&cell(5, 1)).focus().unwrap();
    type_into(&cell(5, 1), "70").await;
    press("Escape", false, false).await;
    assert_eq!(input(&cell(5, 1)).value(), "7");
    assert_eq!(input(&cell(5, 6)).value(), "7", "the total follows");
    f.done();
}

#[wasm_bindgen_test]
async fn a_selected_range_is_copied_as_tsv_and_as_a_table() {
    let f = Fixture::mount().await;
    for r in 0..3 {
        for c in 0..3 {
            type_into(&cell(r, c), &format!("{}", r * 3 + c + 1)).await;
        }
    }
    input(&cell(0, 0)).focus().unwrap();
    for (k, _) in [
        ("ArrowRight", 0),
        ("ArrowRight", 0),
        ("ArrowDown", 0),
        ("ArrowDown", 0),
    ] {
        assert_eq!(
            press(k, true, false).await,
            cell(0, 0),
            "the focus stays at the anchor"
        );
    }
    assert!(
        has_class(&cell(2, 2), "nb-selected")
            || el(&cell(2, 2))
                .closest("td")
                .unwrap()
                .unwrap()
                .class_list()
                .contains("nb-selected")
    );
    let copy = clipboard_event("copy", &cell(0, 0), &[]);
    assert_eq!(
        copied(&copy, "text/plain"),
        "1\t2\t3\r\n4\t5\t6\r\n7\t8\t9\r\n"
    );
    let html = copied(&copy, "text/html");
    assert_eq!(html.matches("<tr>").count(), 3, "{html}");
    // Pasted back one row down, the range lands with its shape.
    press("ArrowDown", false, false).await;
    let tsv = copied(&copy, "text/plain");
    clipboard_event("paste", &cell(3, 0), &[("text/plain", tsv.as_str())]);
    flush().await;
    assert_eq!(input(&cell(5, 2)).value(), "9");
    f.done();
}

/// A computed style of an element, as `getComputedStyle` gives it.
fn computed(element: &Element, property: &str) -> String {
    js_sys::Function::new_with_args("e, p", "return getComputedStyle(e).getPropertyValue(p);")
        .call2(&JsValue::NULL, element, &property.into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// A computed length in px (`"25.5px"`).
fn px(element: &Element, property: &str) -> f64 {
    let value = computed(element, property);
    value
        .trim_end_matches("px")
        .parse()
        .unwrap_or_else(|_| panic!("{property}: {value:?} is not in px"))
}

/// Issue 13: large text (大字) is one switch in the toolbar. Pressed, it says so (`aria-pressed`),
/// the form's root gets `nb-large`, which the page's stylesheet draws 1.5 times as large with lines
/// at least 1.5 high, the browser remembers it, and a form mounted afresh (the next visit) starts
/// with it. Pressed again, all of it goes.
#[wasm_bindgen_test]
async fn large_text_is_one_switch_and_is_remembered() {
    const KEY: &str = "nianbao:v2:large-text";
    let f = Fixture::mount().await;
    let root = || document().query_selector(".nb-app").unwrap().unwrap();
    let pressed = || el("nb-large-text").get_attribute("aria-pressed");
    assert_eq!(pressed().as_deref(), Some("false"));
    assert!(!root().class_list().contains("nb-large"));
    assert_eq!(storage().get_item(KEY).unwrap(), None);

    // The page's stylesheet, as the page's start adopts it; measured before and after, then taken
    // away again (the other tests run without it).
    run_js("window.__nbSheets = document.adoptedStyleSheets;");
    nianbao::browser::style_page();
    let probes = || {
        [
            root(),
            el("nb-large-text"),
            el(&cell(0, 0)),
            document().query_selector(".nb-table th").unwrap().unwrap(),
            document()
                .query_selector(".nb-section-heading")
                .unwrap()
                .unwrap(),
        ]
    };
    let sizes = || {
        probes()
            .iter()
            .map(|e| px(e, "font-size"))
            .collect::<Vec<_>>()
    };
    let normal = sizes();
    click("nb-large-text").await;
    let large = sizes();
    let heights: Vec<(f64, f64)> = probes()
        .iter()
        .map(|e| (px(e, "line-height"), px(e, "font-size")))
        .collect();
    run_js("document.adoptedStyleSheets = window.__nbSheets;");

    assert_eq!(pressed().as_deref(), Some("true"));
    assert!(root().class_list().contains("nb-large"));
    assert_eq!(storage().get_item(KEY).unwrap().as_deref(), Some("1"));
    assert_eq!(normal[0], 17.0, "{normal:?}");
    for (n, l) in normal.iter().zip(&large) {
        assert!(*l >= n * 1.5 - 0.01, "normal {normal:?}, large {large:?}");
    }
    for (line, font) in heights.iter().skip(1) {
        assert!(*line >= font * 1.5 - 0.01, "line heights {heights:?}");
    }

    // The next visit: a form mounted afresh (storage kept) starts large.
    Fixture::unmount();
    flush().await;
    let again = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&again).unwrap();
    let app = nianbao::mount_into(again.clone());
    MOUNTED.with(|m| *m.borrow_mut() = Some((again, app)));
    flush().await;
    assert!(root().class_list().contains("nb-large"));
    assert_eq!(pressed().as_deref(), Some("true"));

    click("nb-large-text").await;
    assert!(!root().class_list().contains("nb-large"));
    assert_eq!(pressed().as_deref(), Some("false"));
    assert_eq!(storage().get_item(KEY).unwrap(), None);
    f.done();
}

/// Where the browser blocks storage, large text still works for as long as the page is open.
#[wasm_bindgen_test]
async fn large_text_works_without_storage() {
    Fixture::unmount();
    flush().await;
    let (root, app) = mount_with_storage_blocked().await;
    click("nb-large-text").await;
    let large = root.query_selector(".nb-app.nb-large").unwrap().is_some();
    unmount_with_storage_back(root, app);
    assert!(large);
}

/// In a shadow root (an embedded form, with the shadow-root stylesheet): large text makes the form
/// 1.5 times as large too; the focused cell's row labels are marked; a cell's message bar is
/// compact (one line for a message, well under 15 % of the window) and shows all of it when it
/// is clicked (it takes the focus and stays).
#[wasm_bindgen_test]
async fn large_text_row_marks_and_message_bar_in_a_shadow_root() {
    Fixture::unmount();
    clear_drafts();
    let host = host_element("large-host");
    let handle = mount_api(&host, r#"{"autosave": false}"#).expect("mount");
    flush().await;
    let shadow = host.shadow_root().unwrap();
    let app = shadow.query_selector(".nb-app").unwrap().unwrap();
    let table = || shadow.query_selector(".nb-table").unwrap().unwrap();
    let normal = px(&table(), "font-size");
    shadow_el(&host, "nb-large-text")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    flush().await;
    assert!(app.class_list().contains("nb-large"));
    let large = px(&table(), "font-size");
    assert!(large >= normal * 1.5 - 0.01, "{normal} → {large}");
    shadow_el(&host, "nb-large-text")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    flush().await;

    // A message in a cell: its row's label is marked while the cell has the focus.
    let id = cell(0, 0);
    shadow_type(&host, &id, "一二").await;
    let input: HtmlElement = shadow_el(&host, &id).dyn_into().unwrap();
    let label = input
        .closest("tr")
        .unwrap()
        .unwrap()
        .query_selector("th:last-of-type")
        .unwrap()
        .unwrap();
    let plain = computed(&label, "background-color");
    input.focus().unwrap();
    flush().await;
    let marked = computed(&label, "background-color");
    assert_ne!(plain, marked, "the focused cell's row label is marked");

    let bar = input
        .closest("td")
        .unwrap()
        .unwrap()
        .query_selector(".nb-note-popup")
        .unwrap()
        .unwrap();
    let window = web_sys::window()
        .unwrap()
        .inner_height()
        .unwrap()
        .as_f64()
        .unwrap();
    let compact = bar.get_bounding_client_rect().height();
    let line = px(
        &bar.query_selector(".nb-note-line").unwrap().unwrap(),
        "height",
    );
    assert!(
        compact > 2.0 && compact < 0.15 * window && compact < line * 2.0,
        "the bar is {compact} px high, a line {line} px, the window {window} px"
    );
    bar.dyn_ref::<HtmlElement>().unwrap().focus().unwrap();
    flush().await;
    let whole = bar.get_bounding_client_rect().height();
    assert!(whole >= compact, "{compact} → {whole}");
    assert_eq!(computed(&bar, "white-space"), "normal");

    call(&handle, "destroy", &[]).unwrap();
    host.remove();
    clear_drafts();
}

#[wasm_bindgen_test]
async fn alt_down_opens_a_cells_messages_and_esc_comes_back() {
    let f = Fixture::mount().await;
    type_into(&cell(0, 0), "甲").await;
    input(&cell(0, 0)).focus().unwrap();
    el(&cell(0, 0))
        .dispatch_event(&keydown("ArrowDown", false, false, true))
        .unwrap();
    flush().await;
    let bar = format!("{}-msg", cell(0, 0));
    assert_eq!(
        document().active_element().unwrap().id(),
        bar,
        "the bar has the focus"
    );
    assert_eq!(press("Escape", false, false).await, cell(0, 0));
    assert_eq!(
        input(&cell(0, 0)).value(),
        "甲",
        "Esc in the bar keeps the entry"
    );
    f.done();
}

#[wasm_bindgen_test]
async fn a_drag_selects_a_range_and_typing_ends_it() {
    let f = Fixture::mount().await;
    let mouse = |kind: &str, id: &str, buttons: u16| {
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_buttons(buttons);
        let event = web_sys::MouseEvent::new_with_mouse_event_init_dict(kind, &init).unwrap();
        el(id).dispatch_event(&event).unwrap();
    };
    mouse("mousedown", &cell(0, 0), 1);
    mouse("mouseover", &cell(1, 1), 1);
    mouse("mouseover", &cell(2, 1), 1);
    flush().await;
    let selected = || {
        document()
            .query_selector_all(".nb-selected")
            .unwrap()
            .length()
    };
    assert_eq!(selected(), 6, "rows 0–2 × columns 0–1");
    // Moving the pointer without the button held selects nothing more.
    mouse("mouseover", &cell(4, 4), 0);
    flush().await;
    assert_eq!(selected(), 6);
    input(&cell(0, 0)).focus().unwrap();
    press("5", false, false).await;
    assert_eq!(selected(), 0, "typing ends the range");
    f.done();
}

/// 导入 (issue 14): the panel opens with the focus in its paste box, asks for something to import,
/// says plainly when this build has no import module (the component tests' build has none; the
/// e2e tests import through the real module) and leaves the report as it was; Esc closes it and
/// the focus goes back to 导入.
#[wasm_bindgen_test]
async fn the_import_panel_asks_for_a_source_and_says_when_it_cannot_import() {
    let f = Fixture::mount().await;
    type_into("nb-agency", "原来的机关").await;
    click("nb-import").await;
    assert!(exists("nb-import-panel"));
    assert_eq!(document().active_element().unwrap().id(), "nb-import-text");
    click("nb-import-paste").await;
    assert!(
        text("nb-message").contains("请先把报告的文字粘贴到框里"),
        "{}",
        text("nb-message")
    );
    el("nb-import-text")
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .set_value("一、总体情况");
    click("nb-import-paste").await;
    wait_until(|| exists("nb-import-summary")).await;
    assert!(
        text("nb-import-summary").contains("不带导入和下载 Word 的功能"),
        "{}",
        text("nb-import-summary")
    );
    assert_eq!(input("nb-agency").value(), "原来的机关");
    press("Escape", false, false).await;
    assert!(!exists("nb-import-panel"));
    assert_eq!(document().active_element().unwrap().id(), "nb-import");
    f.done();
}

/// 审阅 (issue 14): the review opens over the form, with nothing listed yet, and closes with Esc.
#[wasm_bindgen_test]
async fn the_review_opens_empty_and_closes() {
    let f = Fixture::mount().await;
    click("nb-review").await;
    assert!(exists("nb-review-panel"));
    assert!(!exists("nb-review-table"));
    assert!(disabled("nb-review-csv"));
    assert_eq!(
        document().active_element().unwrap().id(),
        "nb-review-choose"
    );
    press("Escape", false, false).await;
    assert!(!exists("nb-review-panel"));
    f.done();
}

/// A file dropped on the import panel is taken as one chosen there (the browser does not open it
/// instead); this build has no import module, so the panel names the file and says so.
#[wasm_bindgen_test]
async fn a_file_dropped_on_the_import_panel_is_read() {
    let f = Fixture::mount().await;
    click("nb-import").await;
    let parts = js_sys::Array::of1(&"一、总体情况".into());
    let file = web_sys::File::new_with_str_sequence(&parts, "报告.txt").unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer));
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    el("nb-import-text").dispatch_event(&drop).unwrap();
    assert!(drop.default_prevented());
    wait_until(|| exists("nb-import-summary")).await;
    assert!(
        text("nb-import-summary").contains("报告.txt"),
        "{}",
        text("nb-import-summary")
    );
    f.done();
}

/// Issue 15: an embedding page hides toolbar buttons by name and adds its own 提交 button, which
/// hands the report over as `report-submit` (JSON and findings), asking first when errors are left.
#[wasm_bindgen_test]
async fn the_page_hides_buttons_and_its_submit_button_hands_the_report_over() {
    Fixture::unmount();
    clear_drafts();
    let host = host_element("api-submit");
    let handle = mount_api(
        &host,
        r#"{"autosave": false, "hide": "download drafts, new", "submit": "提交到本网站", "agency": "提交测试局", "year": "2024"}"#,
    )
    .unwrap();
    flush().await;
    let shown = |id: &str| host.shadow_root().unwrap().get_element_by_id(id).is_some();
    for hidden in [
        "nb-download-html",
        "nb-download-json",
        "nb-download-docx",
        "nb-new",
    ] {
        assert!(!shown(hidden), "{hidden} hidden");
    }
    for kept in [
        "nb-open",
        "nb-import",
        "nb-copy-editor",
        "nb-check",
        "nb-submit",
    ] {
        assert!(shown(kept), "{kept} shown");
    }
    assert_eq!(
        shadow_el(&host, "nb-submit").text_content().unwrap(),
        "提交到本网站"
    );

    // Errors left (a blank form): the question first, naming the page's button; nothing handed over.
    let submits = record_events("report-submit");
    let press = |id: &str| {
        shadow_el(&host, id)
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click()
    };
    press("nb-submit");
    flush().await;
    assert!(submits.borrow().is_empty());
    let question = shadow_el(&host, "nb-confirm").text_content().unwrap();
    assert!(question.contains("仍要“提交到本网站”吗"), "{question}");
    press("nb-confirm-no");
    flush().await;
    assert!(submits.borrow().is_empty(), "返回修改 hands nothing over");
    press("nb-submit");
    flush().await;
    press("nb-confirm-yes");
    flush().await;
    let detail = submits.borrow().last().cloned().expect("report-submit");
    assert_eq!(
        get(&get(&get(&detail, "report"), "header"), "agency")
            .as_string()
            .unwrap(),
        "提交测试局"
    );
    assert!(get(&detail, "json")
        .as_string()
        .unwrap()
        .contains("提交测试局"));
    assert!(get(&detail, "errors").as_f64().unwrap() > 0.0);
    assert!(
        get(&detail, "findings")
            .dyn_into::<Array>()
            .unwrap()
            .length()
            > 0
    );

    // The handle's submit() is the button: the question again, and yes hands it over once more.
    call(&handle, "submit", &[]).unwrap();
    flush().await;
    press("nb-confirm-yes");
    flush().await;
    assert_eq!(submits.borrow().len(), 2);

    // An unknown button name is refused, naming the known ones.
    let other = host_element("api-submit-bad");
    let (message, code) = thrown(mount_api(&other, r#"{"hide": ["download", "print"]}"#));
    assert_eq!(code, "bad-option");
    assert!(
        message.contains("print") && message.contains("download"),
        "{message}"
    );
    call(&handle, "destroy", &[]).unwrap();
}
