//! Every call into the browser, in one place: local storage (autosave), downloads, reading a chosen
//! file, the clock, focus and scrolling, the undo keys, and the panic screen.
//!
//! Each function copes with a browser that says no — storage blocked in a sandboxed iframe, a full
//! quota, a missing element — and reports it as a value instead of panicking: the form must keep
//! working (and keep what was typed) whatever the browser allows.

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, Document, Element, File, FocusOptions, HtmlAnchorElement, HtmlElement,
    HtmlInputElement, KeyboardEvent, ScrollIntoViewOptions, ScrollLogicalPosition, Storage, Url,
};
use yew::Callback;

/// The localStorage key of the autosaved draft. Namespaced and versioned: on `file://` every page
/// shares one storage area.
pub const AUTOSAVE_KEY: &str = "nianbao:v1:draft";

/// Where an autosave that could not be read is set aside, so that saving the new draft does not
/// overwrite it.
pub const UNREADABLE_KEY: &str = "nianbao:v1:draft-unreadable";

/// How long a download's object URL stays alive: the browser must have started the download.
const REVOKE_AFTER_MS: u32 = 60_000;

/// A file larger than this is surely not one of ours, and reading it would freeze the page.
const MAX_OPEN_BYTES: f64 = 32.0 * 1024.0 * 1024.0;

/// The stored autosave: `{"saved_at": <ms since the epoch>, "json": <the draft's JSON document>}`.
#[derive(Serialize, Deserialize)]
struct Saved {
    saved_at: u64,
    json: String,
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// An element by id.
pub fn element_by_id(id: &str) -> Option<Element> {
    document()?.get_element_by_id(id)
}

// ---------------------------------------------------------------------------------------------
// Clock

/// Now, in ms since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// This calendar year, by the computer's clock (for the “report year is past” check).
pub fn current_year() -> Option<u16> {
    u16::try_from(js_sys::Date::new_0().get_full_year()).ok()
}

/// A moment as people read it, in local time: `2025-01-20 14:30`.
pub fn local_time(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

// ---------------------------------------------------------------------------------------------
// Autosave

/// What the autosave slot holds.
pub enum Restore {
    /// Storage works and holds no draft.
    Nothing,
    /// A saved draft: its JSON document and when it was saved (ms).
    Found { json: String, saved_at: f64 },
    /// Something is stored but it is not an autosave we can read.
    Unreadable(String),
    /// localStorage is missing or blocked.
    Unavailable,
}

/// localStorage, if the browser lets this page use it. `window.localStorage` throws in sandboxed
/// iframes and when the user blocks storage, hence the `Result` (gloo-storage would panic there).
fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the autosaved draft.
pub fn load_autosave() -> Restore {
    let Some(storage) = storage() else {
        return Restore::Unavailable;
    };
    match storage.get_item(AUTOSAVE_KEY) {
        Err(_) => Restore::Unavailable,
        Ok(None) => Restore::Nothing,
        Ok(Some(raw)) => match serde_json::from_str::<Saved>(&raw) {
            Ok(saved) => Restore::Found {
                json: saved.json,
                saved_at: saved.saved_at as f64,
            },
            Err(_) => Restore::Unreadable(raw),
        },
    }
}

/// Saves the draft's JSON document; false when the browser refused (no storage, quota exceeded).
pub fn save_autosave(json: &str) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let saved = Saved {
        saved_at: now_ms() as u64,
        json: json.to_string(),
    };
    match serde_json::to_string(&saved) {
        Ok(text) => storage.set_item(AUTOSAVE_KEY, &text).is_ok(),
        Err(_) => false,
    }
}

/// Sets an unreadable autosave aside (best effort) so that it is not overwritten.
pub fn keep_unreadable(raw: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(UNREADABLE_KEY, raw);
    }
}

// ---------------------------------------------------------------------------------------------
// Files

/// Saves `content` as a file the browser downloads.
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let url = object_url(mime, content).ok_or("浏览器无法生成文件")?;
    let started = (|| {
        let doc = document()?;
        let body = doc.body()?;
        let a: HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(file_name);
        a.set_class_name("nb-hidden");
        // Firefox only follows links that are in the document.
        body.append_child(&a).ok()?;
        a.click();
        a.remove();
        Some(())
    })();
    // Revoked later, not now: the browser reads the URL after this call returns.
    Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    started.ok_or_else(|| "浏览器没有开始下载".to_string())
}

/// An object URL for text content.
fn object_url(mime: &str, content: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    Url::create_object_url_with_blob(&blob).ok()
}

/// The file chosen in a file input, and the input cleared so that choosing the same file again
/// (after fixing it) still fires `change`.
pub fn take_chosen_file(input: &HtmlInputElement) -> Option<File> {
    let file = input.files()?.get(0);
    input.set_value("");
    file
}

/// Reads a chosen file as UTF-8 text (our JSON and HTML files are UTF-8).
pub async fn read_text(file: &File) -> Result<String, String> {
    if file.size() > MAX_OPEN_BYTES {
        return Err(format!(
            "文件“{}”太大，不是本工具保存的报告文件。",
            file.name()
        ));
    }
    let text = JsFuture::from(file.text()).await.map_err(|_| {
        format!(
            "无法读取文件“{}”。请确认文件没有被移动或删除。",
            file.name()
        )
    })?;
    text.as_string()
        .ok_or_else(|| format!("无法读取文件“{}”。", file.name()))
}

/// Opens the browser's file chooser of a (hidden) file input.
pub fn choose_file(input_id: &str) {
    if let Some(input) = element_by_id(input_id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        input.click();
    }
}

// ---------------------------------------------------------------------------------------------
// Focus and keys

/// Focuses an element, scrolling it to the middle of the window when it is not fully visible (a
/// sticky toolbar covers the top of the window).
pub fn focus(id: &str) {
    let Some(el) = element_by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) else {
        return;
    };
    let rect = el.get_bounding_client_rect();
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    if rect.top() < 120.0 || rect.bottom() > height {
        let options = ScrollIntoViewOptions::new();
        options.set_block(ScrollLogicalPosition::Center);
        options.set_inline(ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
    let options = FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
}

/// Which history key was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKey {
    Undo,
    Redo,
}

/// Listens for Ctrl+Z (undo) and Ctrl+Y / Ctrl+Shift+Z (redo), ⌘ on a Mac, anywhere in the page.
/// The form's own history replaces the browser's per-field one, which yew's re-renders break anyway.
pub fn listen_history_keys(on_key: Callback<HistoryKey>) -> Option<EventListener> {
    let doc = document()?;
    Some(EventListener::new_with_options(
        &doc,
        "keydown",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if !(event.ctrl_key() || event.meta_key()) || event.alt_key() || event.is_composing() {
                return;
            }
            // `key` is “Z” with Shift or Caps Lock.
            let key = match (event.key().as_str(), event.shift_key()) {
                ("z" | "Z", false) => HistoryKey::Undo,
                ("z" | "Z", true) | ("y" | "Y", false) => HistoryKey::Redo,
                _ => return,
            };
            event.prevent_default();
            on_key.emit(key);
        },
    ))
}

/// Makes the browser ask before the page is closed or reloaded, for as long as the listener lives
/// (while autosave is off and something was typed: closing would lose it).
pub fn ask_before_leaving() -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new_with_options(
        &window,
        "beforeunload",
        EventListenerOptions::enable_prevent_default(),
        |event| {
            event.prevent_default();
            if let Some(event) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                // Older browsers ask only when returnValue is set.
                event.set_return_value("自动保存已关闭，离开本页会丢失填写的内容。");
            }
        },
    ))
}

// ---------------------------------------------------------------------------------------------
// Panics

/// Shows the panic screen on any Rust panic (after logging it to the console). Set first thing at
/// start; yew keeps a hook set this way instead of installing its own.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_screen();
    }));
}

/// The panic screen, drawn with plain DOM calls: yew cannot be trusted after a panic. Its buttons are
/// plain links (a blob URL of the autosaved draft, the page itself), so they work without calling
/// back into the stopped program.
fn show_crash_screen() -> Option<()> {
    let doc = document()?;
    if doc.get_element_by_id("nb-crash").is_some() {
        return Some(());
    }
    let body = doc.body()?;
    let panel = doc.create_element("div").ok()?;
    panel.set_id("nb-crash");
    panel.set_class_name("nb-crash");
    panel.set_attribute("role", "alert").ok()?;

    let add = |parent: &Element, tag: &str, class: &str, text: &str| -> Option<Element> {
        let el = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            el.set_class_name(class);
        }
        el.set_text_content(Some(text));
        parent.append_child(&el).ok()?;
        Some(el)
    };
    add(&panel, "h2", "nb-crash-title", "程序出错了，已停止工作")?;
    let saved = storage()
        .and_then(|s| s.get_item(AUTOSAVE_KEY).ok().flatten())
        .and_then(|raw| serde_json::from_str::<Saved>(&raw).ok());
    let buttons = doc.create_element("p").ok()?;
    buttons.set_class_name("nb-crash-buttons");
    match saved.and_then(|s| object_url("application/json;charset=utf-8", &s.json).map(|u| (u, s)))
    {
        Some((url, saved)) => {
            let when = local_time(saved.saved_at as f64);
            add(
                &panel,
                "p",
                "",
                &format!(
                    "很抱歉，程序遇到了意外错误。您填写的内容已自动保存在本浏览器中（最后保存于 {when}）。请先点下面的按钮下载草稿（JSON 文件），然后刷新页面，用“打开”按钮打开下载的文件继续填写。"
                ),
            )?;
            let a = add(
                &buttons,
                "a",
                "nb-button nb-primary",
                "下载自动保存的草稿（JSON）",
            )?;
            a.set_attribute("href", &url).ok()?;
            let name = format!("年度报告草稿-{}.json", when.replace([' ', ':'], "-"));
            a.set_attribute("download", &name).ok()?;
        }
        None => {
            add(
                &panel,
                "p",
                "",
                "很抱歉，程序遇到了意外错误。本浏览器中没有找到自动保存的草稿。请不要关闭本页，把页面上已填写的文字复制保存后，再刷新页面。",
            )?;
        }
    }
    let reload = add(&buttons, "a", "nb-button", "刷新页面")?;
    // The page itself, without a fragment (a link to `#…` of the same page would not reload it).
    let location = web_sys::window()?.location();
    let here = format!("{}{}", location.pathname().ok()?, location.search().ok()?);
    reload.set_attribute("href", &here).ok()?;
    panel.append_child(&buttons).ok()?;
    add(
        &panel,
        "p",
        "nb-crash-detail",
        "错误的详细信息已记录在浏览器的控制台中（按 F12 查看），可提供给技术人员。",
    )?;
    body.prepend_with_node_1(&panel).ok()?;
    body.class_list().add_1("nb-crashed").ok()?;
    web_sys::window()?.scroll_to_with_x_and_y(0.0, 0.0);
    Some(())
}

/// Whether the page asks for a deliberate panic (`#nb-crash-test`), so that the panic screen can be
/// tested end to end. Harmless: it only shows the panic screen.
pub fn crash_test_requested() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h == "#nb-crash-test")
}
