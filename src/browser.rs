//! Every call into the browser, in one place: local storage (the drafts), downloads, reading a chosen
//! file, the clock, focus and scrolling, the undo keys, the page as loaded (for offline copies), shadow
//! roots and their stylesheet, the events an embedding page listens to, and the panic screen.
//!
//! Each function copes with a browser that says no — storage blocked in a sandboxed iframe, a full
//! quota, a missing element — and reports it as a value instead of panicking: the form must keep
//! working (and keep what was typed) whatever the browser allows.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use nianbao_core::block::{self, Grid, SpannedCell};
use nianbao_core::{json, number, Draft};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, CssStyleSheet, CustomEvent, CustomEventInit, Document, Element, File,
    FocusOptions, HtmlAnchorElement, HtmlElement, HtmlInputElement, KeyboardEvent,
    ScrollIntoViewOptions, ScrollLogicalPosition, ShadowRoot, ShadowRootInit, ShadowRootMode,
    Storage, Url,
};
use yew::Callback;

use crate::drafts::{self, BlockMeta, Meta, Record, Write};
use crate::grid::{self, Caret, Place};

pub use crate::drafts::{LEGACY_KEY, UNREADABLE_KEY};

/// How long a download's object URL stays alive: the browser must have started the download.
const REVOKE_AFTER_MS: u32 = 60_000;

/// A file larger than this is surely not one of ours, and reading it would freeze the page.
const MAX_OPEN_BYTES: f64 = 32.0 * 1024.0 * 1024.0;

/// What the mount element gets in an offline copy when the page's own placeholder is not known.
const LOADING_TEXT: &str = "正在加载填报工具…… 如果长时间没有出现，请换用新版浏览器打开。";

/// The attribute of the mount element that keeps its placeholder markup (see [`PristinePage`]).
const PLACEHOLDER_ATTRIBUTE: &str = "data-nb-placeholder";

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// An element of the page by id.
pub fn element_by_id(id: &str) -> Option<Element> {
    document()?.get_element_by_id(id)
}

/// An element by id inside `root` (the element the form is drawn in). Every lookup of the form's own
/// elements goes through here: in a shadow root, and with two forms on one page, `document` would
/// find the wrong one or none.
pub fn find_in(root: &Element, id: &str) -> Option<Element> {
    // The form's ids are letters, digits and dashes (src/ids.rs), so `#id` needs no escaping.
    root.query_selector(&format!("#{id}")).ok().flatten()
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
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// How people recognise the page a draft was filled in: the file name of its path (decoded, e.g.
/// `年报填报工具.html`), or the whole path where it has none.
pub fn page_name(page: &str) -> String {
    let path = page.split(['?', '#']).next().unwrap_or(page);
    let last = path.rsplit('/').find(|s| !s.is_empty()).unwrap_or(path);
    js_sys::decode_uri_component(last)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| last.to_string())
}

// ---------------------------------------------------------------------------------------------
// Drafts in local storage (the layout and the rules are in src/drafts.rs)

/// localStorage, if the browser lets this page use it. `window.localStorage` throws in sandboxed
/// iframes and when the user blocks storage, hence the `Result` (gloo-storage would panic there).
fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A random number in [0, 1).
fn random() -> f64 {
    js_sys::Math::random()
}

/// A new draft id (also used for the stamps that mark each write).
pub fn new_draft_id() -> String {
    drafts::new_id(now_ms(), random())
}

/// This page, as drafts name it (its address without query and fragment).
pub fn page() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| drafts::page_of(&href))
        .unwrap_or_default()
}

/// The bookkeeping of every stored draft under `prefix`; `None` when storage is blocked.
pub fn read_drafts(prefix: &str) -> Option<Vec<Meta>> {
    let storage = storage()?;
    let count = storage.length().ok()?;
    let keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect();
    Some(
        keys.iter()
            .filter_map(|key| {
                let id = drafts::id_of_key(prefix, key)?;
                Meta::read(id, &storage.get_item(key).ok()??)
            })
            .collect(),
    )
}

/// One stored draft, whole.
pub fn read_record(prefix: &str, id: &str) -> Option<Record> {
    let raw = storage()?.get_item(&drafts::draft_key(prefix, id)).ok()??;
    serde_json::from_str(&raw).ok()
}

/// What saving a draft did.
#[derive(Debug, PartialEq)]
pub enum Saved {
    /// Written; the record's new stamp.
    Done(String),
    /// Another window wrote this draft since this one last did: nothing written (continue under a
    /// new id).
    Taken,
    /// The browser refused (no storage, quota exceeded).
    Failed,
}

/// Saves the draft as draft `id` of `prefix`, if this window still owns it (`known`: the stamp it
/// last read or wrote).
pub fn save_draft(prefix: &str, id: &str, known: Option<&str>, page: &str, draft: &Draft) -> Saved {
    let Some(storage) = storage() else {
        return Saved::Failed;
    };
    let key = drafts::draft_key(prefix, id);
    let stored = match storage.get_item(&key) {
        Ok(raw) => raw.and_then(|raw| Meta::read(id, &raw)).map(|m| m.stamp),
        Err(_) => return Saved::Failed,
    };
    if drafts::may_write(stored.as_deref(), known) == Write::Fork {
        return Saved::Taken;
    }
    let record = Record {
        saved_at: now_ms() as u64,
        stamp: new_draft_id(),
        page: page.to_string(),
        agency: number::trim(&draft.agency).to_string(),
        year: number::trim(&draft.year).to_string(),
        json: json::to_json(draft),
    };
    match serde_json::to_string(&record) {
        Ok(text) if storage.set_item(&key, &text).is_ok() => Saved::Done(record.stamp),
        _ => Saved::Failed,
    }
}

/// Deletes a stored draft; false when the browser refused.
pub fn delete_draft(prefix: &str, id: &str) -> bool {
    storage().is_some_and(|s| s.remove_item(&drafts::draft_key(prefix, id)).is_ok())
}

/// Where the browser remembers large text (大字): one switch for every form of this browser.
const LARGE_TEXT_KEY: &str = "nianbao:v2:large-text";

/// Whether large text was left on (off where storage is blocked).
pub fn large_text() -> bool {
    storage()
        .and_then(|s| s.get_item(LARGE_TEXT_KEY).ok().flatten())
        .is_some_and(|v| v == "1")
}

/// Remembers large text on or off; where storage is blocked it lasts as long as the page.
pub fn remember_large_text(on: bool) {
    if let Some(s) = storage() {
        let _ = if on {
            s.set_item(LARGE_TEXT_KEY, "1")
        } else {
            s.remove_item(LARGE_TEXT_KEY)
        };
    }
}

/// The autosave of the first version (`nianbao:v1:draft`), read once to become a draft.
pub enum Legacy {
    Nothing,
    Found {
        json: String,
        saved_at: u64,
    },
    /// Something is stored there that is not an autosave we can read.
    Unreadable(String),
}

pub fn read_legacy() -> Legacy {
    match storage().and_then(|s| s.get_item(drafts::LEGACY_KEY).ok().flatten()) {
        None => Legacy::Nothing,
        Some(raw) => match drafts::read_legacy(&raw) {
            Some((saved_at, json)) => Legacy::Found { json, saved_at },
            None => Legacy::Unreadable(raw),
        },
    }
}

/// Stores a migrated first-version draft as draft `id` of this page (keeping its save time) and
/// removes the old key; the old key stays when the new one could not be written.
pub fn migrate_legacy(id: &str, page: &str, draft: &Draft, saved_at: u64) -> Option<Record> {
    let storage = storage()?;
    let record = Record {
        saved_at,
        stamp: new_draft_id(),
        page: page.to_string(),
        agency: number::trim(&draft.agency).to_string(),
        year: number::trim(&draft.year).to_string(),
        json: json::to_json(draft),
    };
    let text = serde_json::to_string(&record).ok()?;
    storage
        .set_item(&drafts::draft_key(drafts::DEFAULT_PREFIX, id), &text)
        .ok()?;
    let _ = storage.remove_item(drafts::LEGACY_KEY);
    Some(record)
}

/// Sets an unreadable first-version autosave aside (best effort) so that it is not lost, and removes
/// the old key once it is safe.
pub fn keep_unreadable(raw: &str) {
    if let Some(storage) = storage() {
        if storage.set_item(UNREADABLE_KEY, raw).is_ok() {
            let _ = storage.remove_item(drafts::LEGACY_KEY);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Files

/// Saves `content` as a file the browser downloads.
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    download_part(file_name, mime, &JsValue::from_str(content))
}

/// Makes the browser download `bytes` (a Word document) as a file.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    download_part(file_name, mime, &js_sys::Uint8Array::from(bytes))
}

/// Downloads one part (a string or a typed array) as a file.
fn download_part(file_name: &str, mime: &str, content: &JsValue) -> Result<(), String> {
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

/// An object URL for one part of content (a string or a typed array).
fn object_url(mime: &str, content: &JsValue) -> Option<String> {
    let parts = js_sys::Array::of1(content);
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

/// Reads a chosen file's bytes (a .docx, a web page, text: the import module tells them apart).
pub async fn read_bytes(file: &File) -> Result<Vec<u8>, String> {
    if file.size() > IMPORT_MAX_BYTES {
        return Err(format!(
            "文件“{}”太大（超过 20 MB），不像是一份年度报告。",
            file.name()
        ));
    }
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| {
        format!(
            "无法读取文件“{}”。请确认文件没有被移动或删除。",
            file.name()
        )
    })?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The largest file offered to the importer (as `nianbao_import::MAX_BYTES`).
const IMPORT_MAX_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

// ---------------------------------------------------------------------------------------------
// The import module, loaded when first used

/// Said when this copy of the form has no import module, which also writes Word (a development
/// build).
const NO_IMPORTER: &str =
    "这个版本的填报工具不带导入和下载 Word 的功能。请使用完整的单文件版（下载本填报工具）或网站上的版本。";

thread_local! {
    /// The import module's exports, once started.
    static IMPORTER: RefCell<Option<js_sys::Object>> = const { RefCell::new(None) };
}

/// The import module's exports: on first use, its bytes from `window.nianbaoImportModule()` (the
/// single file unpacks them from the page, the portal build fetches its file; xtask writes both),
/// instantiated with no imports (the module has no JS glue).
async fn importer() -> Result<js_sys::Object, String> {
    if let Some(exports) = IMPORTER.with(|i| i.borrow().clone()) {
        return Ok(exports);
    }
    let window = web_sys::window().ok_or(NO_IMPORTER)?;
    let loader = js_sys::Reflect::get(&window, &JsValue::from_str("nianbaoImportModule"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(NO_IMPORTER)?;
    let failed = |e: JsValue| {
        console_error("nianbao: the import module could not be loaded:", &e);
        "无法载入导入和下载 Word 的功能（模块没有读到）。请刷新页面后再试；如果是网站上的版本，请联系网站管理员。"
            .to_string()
    };
    let promise: js_sys::Promise = loader
        .call0(&window)
        .and_then(|p| p.dyn_into())
        .map_err(failed)?;
    let bytes = JsFuture::from(promise).await.map_err(failed)?;
    let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
    let started = JsFuture::from(js_sys::WebAssembly::instantiate_buffer(
        &bytes,
        &js_sys::Object::new(),
    ))
    .await
    .map_err(failed)?;
    // `instance.exports` has no prototype, so it is no `instanceof Object`: taken unchecked.
    let exports: js_sys::Object = js_sys::Reflect::get(&started, &JsValue::from_str("instance"))
        .and_then(|i| js_sys::Reflect::get(&i, &JsValue::from_str("exports")))
        .map_err(failed)?
        .unchecked_into();
    IMPORTER.with(|i| *i.borrow_mut() = Some(exports.clone()));
    Ok(exports)
}

/// Text in an older encoding — GBK, as Windows Notepad (“ANSI”) and older portals save it, or
/// UTF-16 with its byte order mark (Notepad's “Unicode”) — decoded by the browser's own
/// `TextDecoder` (gb18030 covers GBK and GB2312), so the import module always reads UTF-8 and carries
/// no encoding tables. `None` for UTF-8 and for a .docx (a zip), which pass as they are.
fn as_utf8(source: &[u8]) -> Option<Vec<u8>> {
    if source.starts_with(b"PK\x03\x04") || std::str::from_utf8(source).is_ok() {
        return None;
    }
    let label = match source {
        [0xff, 0xfe, ..] => "utf-16le",
        [0xfe, 0xff, ..] => "utf-16be",
        _ => "gb18030",
    };
    let text = web_sys::TextDecoder::new_with_label(label)
        .ok()?
        .decode_with_u8_array(source)
        .ok()?;
    Some(text.into_bytes())
}

/// Tells the developer console what went wrong (the user sees a plain message instead).
fn console_error(what: &str, error: &JsValue) {
    web_sys::console::error_2(&JsValue::from_str(what), error);
}

/// Reads `source` (text, a web page, a .docx, our own file) with the import module: the report it
/// found (our JSON document, when it was one) and the summary as a plain object
/// (`nianbao_core::imported::Answer`, parsed by the browser's `JSON.parse`: deserialising it in Rust
/// would put serde's code for it in the start-up module).
pub async fn import_report(source: &[u8]) -> Result<(Option<String>, js_sys::Object), String> {
    let exports = importer().await?;
    let decoded = as_utf8(source);
    let source = decoded.as_deref().unwrap_or(source);
    let answer = call_importer(&exports, source).and_then(|json| {
        let answer = js_sys::JSON::parse(&json)?;
        let document = js_sys::Reflect::get(&answer, &JsValue::from_str("document"))?.as_string();
        let summary = js_sys::Reflect::get(&answer, &JsValue::from_str("summary"))?.dyn_into()?;
        Ok((document, summary))
    });
    if answer.is_err() {
        // A module that trapped may be left in any state: start a fresh one next time.
        IMPORTER.with(|i| *i.borrow_mut() = None);
    }
    answer.map_err(|e| {
        console_error("nianbao: the import failed:", &e);
        "导入时出错，报告没有改动。请把这份文件发给本工具的维护人员，以便改进。".to_string()
    })
}

fn call_importer(exports: &js_sys::Object, source: &[u8]) -> Result<String, JsValue> {
    String::from_utf8(call_module(exports, "nb_import", source)?)
        .map_err(|_| JsValue::from_str("answer is not UTF-8"))
}

/// Calls one of the module's functions on `input`: room for it from `nb_alloc`, the bytes written
/// there, and the answer read back where the function says it lies (4 bytes of length, then the
/// bytes; import-wasm/src/lib.rs).
fn call_module(exports: &js_sys::Object, name: &str, input: &[u8]) -> Result<Vec<u8>, JsValue> {
    let get = |name: &str| -> Result<JsValue, JsValue> {
        js_sys::Reflect::get(exports, &JsValue::from_str(name))
    };
    let function = |name: &str| -> Result<js_sys::Function, JsValue> { get(name)?.dyn_into() };
    let memory: js_sys::WebAssembly::Memory = get("memory")?.dyn_into()?;
    let len = u32::try_from(input.len()).map_err(|_| JsValue::from_str("input too large"))?;
    let at = |v: JsValue| -> Result<u32, JsValue> {
        v.as_f64()
            .map(|n| n as u32)
            .ok_or_else(|| JsValue::from_str("not a pointer"))
    };
    let ptr = at(function("nb_alloc")?.call1(&JsValue::NULL, &len.into())?)?;
    js_sys::Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), ptr, len)
        .copy_from(input);
    let out = at(function(name)?.call2(&JsValue::NULL, &ptr.into(), &len.into())?)?;
    // The module's memory may have grown during the call: a fresh view of it.
    let buffer = memory.buffer();
    let mut head = [0u8; 4];
    js_sys::Uint8Array::new_with_byte_offset_and_length(&buffer, out, 4).copy_to(&mut head);
    Ok(js_sys::Uint8Array::new_with_byte_offset_and_length(
        &buffer,
        out + 4,
        u32::from_le_bytes(head),
    )
    .to_vec())
}

/// The report as a Word document (.docx), written by the on-demand module from our JSON document
/// (`nb_docx`), loaded the first time as for an import.
pub async fn word_document(json: &str) -> Result<Vec<u8>, String> {
    let exports = importer().await?;
    let bytes = call_module(&exports, "nb_docx", json.as_bytes());
    if bytes.is_err() {
        IMPORTER.with(|i| *i.borrow_mut() = None);
    }
    match bytes {
        Ok(bytes) if !bytes.is_empty() => Ok(bytes),
        other => {
            if let Err(e) = &other {
                console_error("nianbao: the Word document failed:", e);
            }
            Err("生成 Word 文档时出错，报告没有改动。请改用“下载发布稿（网页）”，或把“保存存档”的文件发给本工具的维护人员。".to_string())
        }
    }
}

/// Puts the report on the clipboard as HTML and as plain text (复制到网站编辑器): the browser's
/// `copy` command, whose event is given both. Works in every browser the form supports (the
/// asynchronous clipboard API writes HTML only in newer ones), right after a click.
pub fn copy_rich(html: &str, text: &str) -> Result<(), String> {
    let refused = || {
        "浏览器没有允许复制到剪贴板。请再点一次“复制到网站编辑器”；如仍不行，请改用“下载发布稿（网页）”，在浏览器中打开后全选复制。"
            .to_string()
    };
    let window = web_sys::window().ok_or_else(refused)?;
    let document: web_sys::HtmlDocument = document().ok_or_else(refused)?.unchecked_into();
    let written = Rc::new(Cell::new(false));
    let listener = {
        let (html, text, written) = (html.to_string(), text.to_string(), written.clone());
        EventListener::new_with_options(
            &window,
            "copy",
            // First of all (capture), and allowed to cancel the copy of the selection.
            EventListenerOptions {
                phase: gloo::events::EventListenerPhase::Capture,
                passive: false,
            },
            move |event| {
                if let Some(data) = event
                    .dyn_ref::<web_sys::ClipboardEvent>()
                    .and_then(|e| e.clipboard_data())
                {
                    let html_ok = data.set_data("text/html", &html).is_ok();
                    if html_ok && data.set_data("text/plain", &text).is_ok() {
                        event.prevent_default();
                        event.stop_immediate_propagation();
                        written.set(true);
                    }
                }
            },
        )
    };
    let copied = document.exec_command("copy").unwrap_or(false);
    drop(listener);
    if copied && written.get() {
        Ok(())
    } else {
        Err(refused())
    }
}

/// The summary object of an import as the import panel shows it.
pub fn import_summary(summary: &js_sys::Object) -> nianbao_core::imported::Summary {
    let get =
        |key: &str| js_sys::Reflect::get(summary, &JsValue::from_str(key)).unwrap_or_default();
    let text = |value: JsValue| value.as_string();
    let count = |key: &str| get(key).as_f64().unwrap_or(0.0) as usize;
    let list = |key: &str| match get(key).dyn_into::<js_sys::Array>() {
        Ok(array) => array.iter().collect::<Vec<JsValue>>(),
        Err(_) => Vec::new(),
    };
    nianbao_core::imported::Summary {
        source: text(get("source")).unwrap_or_default(),
        format: text(get("format")),
        placed: count("placed"),
        cells: count("cells"),
        sections_found: count("sectionsFound"),
        not_placed: list("notPlaced")
            .into_iter()
            .map(|item| {
                let field = |key: &str| {
                    js_sys::Reflect::get(&item, &JsValue::from_str(key))
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default()
                };
                nianbao_core::imported::NotPlaced {
                    value: field("value"),
                    context: field("context"),
                    why: field("why"),
                }
            })
            .collect(),
        parts: list("parts").into_iter().filter_map(text).collect(),
        message: text(get("message")),
    }
}

/// Opens the file chooser of the (hidden) file input that follows `button`.
pub fn click_next_input(button: &Element) {
    if let Some(input) = button
        .next_element_sibling()
        .and_then(|n| n.dyn_into::<HtmlElement>().ok())
    {
        input.click();
    }
}

/// Opens the browser's file chooser of a (hidden) file input of the form drawn in `root`.
pub fn choose_file(root: &Element, input_id: &str) {
    if let Some(input) = find_in(root, input_id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        input.click();
    }
}

// ---------------------------------------------------------------------------------------------
// Focus and keys

/// Focuses an element of the form drawn in `root`, scrolling it to the middle of the window when it
/// is not fully visible (a sticky toolbar covers the top of the window).
pub fn focus(root: &Element, id: &str) {
    let Some(el) = find_in(root, id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) else {
        return;
    };
    let rect = el.get_bounding_client_rect();
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    // What the sticky toolbar covers, below the embedding page's own sticky header.
    let covered = root
        .query_selector(".nb-toolbar")
        .ok()
        .flatten()
        .map_or(0.0, |bar| bar.get_bounding_client_rect().bottom().max(0.0));
    if rect.top() < covered.max(120.0) || rect.bottom() > height {
        let options = ScrollIntoViewOptions::new();
        options.set_block(ScrollLogicalPosition::Center);
        options.set_inline(ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
    let options = FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
}

/// Spreadsheet entry into a table cell (issue 10: a cell holding 13, reached with ↓ and typed “31”,
/// became 1331). A cell entered by the keyboard, by a finding or by a first click has its whole
/// entry selected, so that typing replaces it; a second click, or F2, places the caret for editing.
///
/// The cell's `focus` handler: selects the whole entry, however the focus came.
pub fn select_entry_on_focus(event: &web_sys::FocusEvent) {
    if let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    {
        input.select();
    }
}

/// The cell's `mousedown` handler: a first click (the cell has no focus yet) focuses the cell and
/// keeps its entry selected. The browser's own handling would put the caret where the pointer is,
/// after the focus handler selected everything. A click into the focused cell is left alone: it
/// places the caret, as in a spreadsheet's edit mode.
pub fn enter_cell_on_first_click(event: &web_sys::MouseEvent) {
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    if event.button() != 0 || input.matches(":focus").unwrap_or(true) {
        return;
    }
    event.prevent_default();
    let _ = input.focus();
    input.select();
}

/// The table cell an event happened in, with its place (row, column) in its table.
pub fn cell_of(event: &web_sys::Event) -> Option<(HtmlInputElement, Place)> {
    let input = event.target()?.dyn_into::<HtmlInputElement>().ok()?;
    let place = grid::place_of(&input.id())?;
    Some((input, place))
}

/// Alt+↓ in a table cell with messages opens its message bar (the bar takes the focus and shows
/// every message whole); Esc or Alt+↑ in the bar goes back to the cell. Whether the key was one of
/// these.
pub fn message_bar_keys(event: &KeyboardEvent) -> bool {
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return false;
    };
    let key = event.key();
    let (opening, wanted) = if target.dyn_ref::<HtmlInputElement>().is_some() {
        (true, event.alt_key() && key == "ArrowDown")
    } else {
        let closing = key == "Escape" || (event.alt_key() && key == "ArrowUp");
        (
            false,
            closing && target.class_list().contains("nb-note-popup"),
        )
    };
    let selector = if opening { ".nb-note-popup" } else { "input" };
    let other = wanted
        .then(|| target.parent_element()?.query_selector(selector).ok()?)
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let Some(other) = other else {
        return false;
    };
    event.prevent_default();
    let _ = other.focus();
    true
}

/// Where the caret is in a cell's entry, for the arrow keys.
pub fn caret(input: &HtmlInputElement) -> Caret {
    let len = input.value().encode_utf16().count() as u32;
    let start = input.selection_start().ok().flatten().unwrap_or(0);
    let end = input.selection_end().ok().flatten().unwrap_or(len);
    grid::caret(start, end, len)
}

/// Puts an entry back into a cell (Esc) with all of it selected, as when the cell got the focus.
pub fn restore_entry(input: &HtmlInputElement, entry: &str) {
    input.set_value(entry);
    input.select();
}

/// The block a paste brings: a web page's or WPS's HTML table when there is one (merged cells laid
/// out as drawn), else the tab-separated text spreadsheets put beside it. `None` when the clipboard
/// holds neither.
pub fn pasted_block(event: &web_sys::Event) -> Option<Grid> {
    let data = event
        .dyn_ref::<web_sys::ClipboardEvent>()?
        .clipboard_data()?;
    let html = data.get_data("text/html").unwrap_or_default();
    if html.contains("<table") || html.contains("<TABLE") {
        if let Some(grid) = html_table(&html).filter(|g| !g.is_empty()) {
            return Some(grid);
        }
    }
    let text = data.get_data("text/plain").ok()?;
    Some(block::from_tsv(&text))
}

/// The first table of an HTML fragment, read by the browser's parser (which runs no script and
/// loads nothing).
fn html_table(html: &str) -> Option<Grid> {
    let page = web_sys::DomParser::new()
        .ok()?
        .parse_from_string(html, web_sys::SupportedType::TextHtml)
        .ok()?;
    let table = page
        .query_selector("table")
        .ok()??
        .dyn_into::<web_sys::HtmlTableElement>()
        .ok()?;
    let rows = table.rows();
    let mut out = Vec::new();
    for r in 0..rows.length() {
        let Some(row) = rows
            .item(r)
            .and_then(|e| e.dyn_into::<web_sys::HtmlTableRowElement>().ok())
        else {
            continue;
        };
        let cells = row.cells();
        out.push(
            (0..cells.length())
                .filter_map(|c| {
                    cells
                        .item(c)?
                        .dyn_into::<web_sys::HtmlTableCellElement>()
                        .ok()
                })
                .map(|cell| SpannedCell {
                    text: cell.text_content().unwrap_or_default(),
                    rowspan: cell.row_span() as usize,
                    colspan: cell.col_span() as usize,
                })
                .collect(),
        );
    }
    Some(block::from_spans(out))
}

/// Puts a range of cells on the clipboard of a `copy` event, as tab-separated text and as an HTML
/// table, so it pastes into Excel or WPS with the same shape.
pub fn copy_block(event: &web_sys::Event, grid: &Grid) {
    let Some(data) = event
        .dyn_ref::<web_sys::ClipboardEvent>()
        .and_then(|e| e.clipboard_data())
    else {
        return;
    };
    if data.set_data("text/plain", &block::to_tsv(grid)).is_ok() {
        let _ = data.set_data("text/html", &block::to_html(grid));
        event.prevent_default();
    }
}

/// The cell's F2: the caret goes to the end of the entry, to edit it instead of replacing it.
pub fn caret_to_end(event: &KeyboardEvent) {
    if let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    {
        let end = input.value().encode_utf16().count() as u32;
        let _ = input.set_selection_range(end, end);
    }
}

/// While a cell with a message has the focus, the message shows in a bar fixed at the bottom of the
/// window (`.nb-note-popup` in static/app.css: two lines, all of it while pointed at or clicked),
/// which would hide the cell itself when it sits low in the window: scrolls the cell's table box,
/// then the page, just enough to keep the focused field of the form drawn in `root` above that bar
/// (“focus not obscured”). Nothing happens when no bar shows. Called after each edit
/// (a message may have appeared) and on each focus change ([`keep_focus_above_notes`]).
pub fn reveal_focus_above_note(root: &Element) {
    if let Some(field) = focused_within(root) {
        reveal_in_table_box(&field);
        reveal_above_note(&field);
    }
}

/// After an edit: keeps the focused field clear of the message bar the edit may have brought up,
/// at the next animation frame. Reading boxes forces the browser to lay the page out; at that
/// moment every change of the edit is in the page, so it is the one layout the frame needs anyway,
/// instead of an extra one in the middle of the edit (which cost about 6 ms a keystroke). The
/// table box does not move at an edit: it is kept in view when the focus moves (focusin).
pub fn reveal_focus_above_note_next_frame(root: &Element) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let root = root.clone();
    let reveal = Closure::once_into_js(move || {
        if let Some(field) = focused_within(&root) {
            reveal_above_note(&field);
        }
    });
    let _ = window.request_animation_frame(reveal.unchecked_ref());
}

/// The element that has the focus, if it is inside `root` (in its shadow root, when embedded).
fn focused_within(root: &Element) -> Option<Element> {
    let node = root.get_root_node();
    let active = match node.dyn_into::<ShadowRoot>() {
        Ok(shadow) => shadow.active_element(),
        Err(node) => node
            .dyn_into::<web_sys::Document>()
            .ok()
            .and_then(|d| d.active_element()),
    };
    active.filter(|a| root.contains(Some(a)))
}

/// A table wider or taller than the window scrolls in its own box (`.nb-table-scroll`, no taller
/// than the window), with a sticky head and sticky row labels. For its focused cell to be seen with
/// its column head and row label, the whole box must be in the window below the sticky toolbar, and
/// the cell inside the box clear of the sticky head and labels and of the box's scrollbars. The
/// browser's own scrolling knows none of that: it puts the cell just inside the window, where the
/// toolbar covers the box's head.
fn reveal_in_table_box(field: &Element) {
    let Some(scroller) = field.closest(".nb-table-scroll").ok().flatten() else {
        return;
    };
    let (Some(window), Ok(Some(cell))) = (web_sys::window(), field.closest("td")) else {
        return;
    };
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    // What the toolbar covers at the top of the window (it sticks there on larger screens). Its
    // height depends on how its buttons wrap in the form's box: the stylesheet learns it, in steps
    // of 16 px, from `data-nb-bar` (no inline style: a strict CSP forbids it), and keeps the boxes
    // of tables no taller than the window below it.
    let mut covered = 0.0;
    if let Ok(Some(app)) = field.closest(".nb-app") {
        if let Ok(Some(bar)) = app.query_selector(".nb-toolbar") {
            let rect = bar.get_bounding_client_rect();
            covered = rect.bottom().max(0.0);
            let steps = ((rect.height() / 16.0).ceil() as u32)
                .clamp(4, 20)
                .to_string();
            if app.get_attribute("data-nb-bar").as_deref() != Some(steps.as_str()) {
                let _ = app.set_attribute("data-nb-bar", &steps);
            }
        }
    }
    let outer = scroller.get_bounding_client_rect();
    if outer.top() < covered - 1.0 || outer.bottom() > height + 1.0 {
        window.scroll_by_with_x_and_y(0.0, outer.top() - covered - 4.0);
    }
    let outer = scroller.get_bounding_client_rect();
    let inner = cell.get_bounding_client_rect();
    // The box's own scrollbars take room at its right and bottom edges: what is left of it is its
    // client area. Where the toolbar is taller than the box's height allows for (its buttons wrap
    // in a narrow portal column), the box reaches below the window: the window's edge counts then.
    let bar_bottom =
        (outer.top() + f64::from(scroller.client_top() + scroller.client_height())).min(height);
    let bar_right = outer.left() + f64::from(scroller.client_left() + scroller.client_width());
    let head_bottom = scroller
        .query_selector("thead")
        .ok()
        .flatten()
        .map_or(outer.top(), |head| head.get_bounding_client_rect().bottom());
    let labels_right = cell
        .parent_element()
        .and_then(|row| row.query_selector_all("th").ok())
        .map_or(outer.left(), |labels| {
            (0..labels.length())
                .filter_map(|i| labels.item(i)?.dyn_into::<Element>().ok())
                .map(|th| th.get_bounding_client_rect().right())
                .fold(outer.left(), f64::max)
        });
    let mut top = scroller.scroll_top();
    if inner.top() < head_bottom {
        top -= (head_bottom - inner.top()).ceil() as i32;
    } else if inner.bottom() > bar_bottom {
        top += (inner.bottom() - bar_bottom).ceil() as i32;
    }
    let mut left = scroller.scroll_left();
    if inner.left() < labels_right {
        left -= (labels_right - inner.left()).ceil() as i32;
    } else if inner.right() > bar_right {
        left += (inner.right() - bar_right).ceil() as i32;
    }
    scroller.set_scroll_top(top);
    scroller.set_scroll_left(left);
}

/// Runs [`reveal_focus_above_note`] whenever the focus moves within `root`, for as long as the
/// listener lives.
pub fn keep_focus_above_notes(root: &Element) -> EventListener {
    let within = root.clone();
    EventListener::new(root, "focusin", move |_| reveal_focus_above_note(&within))
}

fn reveal_above_note(field: &Element) {
    let bar = field
        .closest(".nb-cell")
        .ok()
        .flatten()
        .and_then(|cell| cell.query_selector(".nb-note-popup").ok().flatten());
    // The bar itself takes the focus when it is clicked (to show all its text): nothing moves then.
    let Some(bar) = bar.filter(|bar| !bar.contains(Some(field))) else {
        return;
    };
    let bar_box = bar.get_bounding_client_rect();
    // Clipped to 1 px (for screen readers only) while its cell has no focus.
    if bar_box.height() < 2.0 {
        return;
    }
    let cell = field.get_bounding_client_rect();
    let mut overlap = cell.bottom() + 8.0 - bar_box.top();
    if overlap <= 0.0 {
        return;
    }
    // In a table's box, the rows move up inside it first, as far as the cell stays below the
    // box's sticky head: the box stays in place under the toolbar, its head in view.
    if let Ok(Some(scroller)) = field.closest(".nb-table-scroll") {
        let head = scroller
            .query_selector("thead")
            .ok()
            .flatten()
            .map_or(cell.top(), |h| h.get_bounding_client_rect().bottom());
        let before = scroller.scroll_top();
        let by = overlap.min(cell.top() - head).max(0.0).ceil() as i32;
        scroller.set_scroll_top(before + by);
        overlap -= f64::from(scroller.scroll_top() - before);
    }
    if let (true, Some(window)) = (overlap > 0.0, web_sys::window()) {
        window.scroll_by_with_x_and_y(0.0, overlap);
    }
}

/// Which history key was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKey {
    Undo,
    Redo,
}

/// Listens for Ctrl+Z (undo) and Ctrl+Y / Ctrl+Shift+Z (redo), ⌘ on a Mac: anywhere in the page for
/// the page's own form (`within` = `None`), only inside `within` for a form embedded in another page
/// (the host page's own fields keep their keys, and two forms on a page undo separately).
/// The form's own history replaces the browser's per-field one, which yew's re-renders break anyway.
pub fn listen_history_keys(
    within: Option<&Element>,
    on_key: Callback<HistoryKey>,
) -> Option<EventListener> {
    let target: web_sys::EventTarget = match within {
        Some(element) => element.clone().into(),
        None => document()?.into(),
    };
    Some(EventListener::new_with_options(
        &target,
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
// The page as loaded: offline copies

/// The id of the report block in an offline copy (the same element the HTML export carries, so 打开
/// also reads an offline copy).
pub const BLOCK_ID: &str = json::HTML_SCRIPT_ID;

/// The page as it was loaded, before the app drew anything: a detached copy of `<html>`. In the
/// single file it holds everything — the inline module script with the wasm, the CSS — so writing it
/// out again, with the current report in its block, gives a working offline copy.
pub struct PristinePage {
    html: Element,
}

impl PristinePage {
    /// Keeps the page as it is now, if it is the single self-contained file (only that one still works
    /// when saved to disk: the multi-file build loads its glue and wasm from the server). Call before
    /// the app is mounted on `mount_id`.
    pub fn capture(mount_id: &str) -> Option<PristinePage> {
        let doc = document()?;
        if !is_single_file(&doc) {
            return None;
        }
        // What the mount element shows while the app loads (and where the boot script reports a
        // failure) is kept in an attribute of the live element: a page saved with “另存为” after the
        // form was drawn no longer has it inside, but keeps the attribute.
        let live = doc.get_element_by_id(mount_id)?;
        if live.query_selector(":scope > .nb-app").ok()?.is_none() {
            live.set_attribute(PLACEHOLDER_ATTRIBUTE, &live.inner_html())
                .ok()?;
        }
        let html: Element = doc
            .document_element()?
            .clone_node_with_deep(true)
            .ok()?
            .dyn_into()
            .ok()?;
        // A page saved after the form was drawn holds the drawn form: the copy gets the placeholder
        // back instead (the app draws the form again at start), so copies of copies stay clean.
        if let Some(mount) = html.query_selector(&format!("#{mount_id}")).ok().flatten() {
            match mount.get_attribute(PLACEHOLDER_ATTRIBUTE) {
                Some(placeholder) => {
                    // The copy sets it again when it starts.
                    let _ = mount.remove_attribute(PLACEHOLDER_ATTRIBUTE);
                    mount.set_inner_html(&placeholder);
                }
                None => {
                    let p = doc.create_element("p").ok()?;
                    p.set_class_name("nb-loading");
                    p.set_text_content(Some(LOADING_TEXT));
                    mount.set_text_content(None);
                    mount.append_child(&p).ok()?;
                }
            }
        }
        for id in [BLOCK_ID, "nb-crash"] {
            if let Some(old) = html.query_selector(&format!("#{id}")).ok().flatten() {
                old.remove();
            }
        }
        Some(PristinePage { html })
    }

    /// The page again, with `report_json` (a JSON document) in its report block, marked with the
    /// draft id and save time: the offline copy opens with this report and keeps its own draft.
    pub fn with_report(&self, report_json: &str, draft_id: &str, saved_at: u64) -> Option<String> {
        let doc = document()?;
        let html: Element = self.html.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
        let block = doc.create_element("script").ok()?;
        block.set_attribute("type", "application/json").ok()?;
        block.set_id(BLOCK_ID);
        block.set_attribute("data-draft-id", draft_id).ok()?;
        block
            .set_attribute("data-saved-at", &saved_at.to_string())
            .ok()?;
        // Serialised as it is (script text is raw in HTML): the escapes keep `</script` and `<!--` out.
        block.set_text_content(Some(&json::escape_for_script(report_json)));
        let body = html.query_selector("body").ok()??;
        body.append_child(&block).ok()?;
        Some(format!("<!DOCTYPE html>\n{}\n", html.outer_html()))
    }
}

/// Whether this page is the single self-contained file: `cargo xtask dist` marks its inline module
/// script, which carries the wasm-bindgen glue and the wasm (xtask/src/bundle.rs, `SINGLE_FILE_MARK`).
/// The multi-file build's inline loader only imports the glue, and carries no mark.
fn is_single_file(doc: &Document) -> bool {
    doc.query_selector("script[type=module][data-nianbao=single-file]:not([src])")
        .ok()
        .flatten()
        .is_some()
}

/// The report block of this page (an offline copy): its draft id, save time and JSON document.
pub fn read_block() -> Option<(BlockMeta, String)> {
    let block = element_by_id(BLOCK_ID)?;
    if !block.tag_name().eq_ignore_ascii_case("script") {
        return None;
    }
    let id = block
        .get_attribute("data-draft-id")
        .filter(|id| drafts::valid_id(id));
    let saved_at = block
        .get_attribute("data-saved-at")
        .and_then(|t| t.parse().ok());
    Some((BlockMeta { id, saved_at }, block.text_content()?))
}

// ---------------------------------------------------------------------------------------------
// Embedding: shadow roots, their stylesheet, events

thread_local! {
    /// The form's stylesheet for shadow roots, made once: one constructable stylesheet can be adopted
    /// by every shadow root of the page.
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// The app's CSS in its shadow-root form (src/style.rs), compiled into the wasm.
fn shadow_css() -> String {
    crate::style::shadow_css(crate::style::APP_CSS)
}

/// Gives the page its form's stylesheet, in its page form (`style::page_css`: sized in the form's
/// own unit, which large text changes). index.html and the single file carry only the start-up
/// box's CSS: the app's is compiled into the wasm, one copy for the page and for shadow roots. Run
/// at start, before the form is drawn. A constructable stylesheet passes a strict CSP; a browser
/// without them gets a `<style>` element.
pub fn style_page() {
    let Some(doc) = document() else {
        return;
    };
    let css = crate::style::page_css(crate::style::APP_CSS);
    let adopted = CssStyleSheet::new()
        .ok()
        .filter(|sheet| sheet.replace_sync(&css).is_ok())
        .is_some_and(|sheet| {
            // A new array: before Chromium 99 the property holds a frozen array (`push` throws).
            let sheets = doc
                .adopted_style_sheets()
                .concat(&js_sys::Array::of1(&sheet));
            doc.set_adopted_style_sheets(&sheets);
            true
        });
    if !adopted {
        let head = doc.query_selector("head").ok().flatten();
        if let (Some(head), Ok(style)) = (head, doc.create_element("style")) {
            style.set_text_content(Some(&css));
            let _ = head.append_child(&style);
        }
    }
}

/// Prepares `host` to hold a form: its open shadow root (attached now, or the one it has), emptied,
/// with the form's stylesheet; returns the element to draw the form in. Errors are for the person
/// embedding (the element cannot have a shadow root, or has a closed one).
pub fn shadow_container(host: &Element) -> Result<Element, String> {
    let doc = document().ok_or("no document")?;
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|e| {
                let why = e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_default();
                format!(
                    "<{}> cannot hold a shadow root ({why})",
                    host.tag_name().to_ascii_lowercase()
                )
            })?,
    };
    shadow.set_inner_html("");
    // Constructable stylesheets pass a strict CSP (`style-src 'self'`), where a `<style>` element
    // would be blocked. A browser without them gets the `<style>` element instead.
    let sheet = SHEET.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = CssStyleSheet::new()
                .ok()
                .filter(|sheet| sheet.replace_sync(&shadow_css()).is_ok());
        }
        cell.clone()
    });
    match sheet {
        Some(sheet) => shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet)),
        None => {
            let style = doc.create_element("style").map_err(|_| "no <style>")?;
            style.set_text_content(Some(&shadow_css()));
            shadow
                .append_child(&style)
                .map_err(|_| "cannot add <style>")?;
        }
    }
    let container = doc.create_element("div").map_err(|_| "no <div>")?;
    container.set_class_name(crate::style::ROOT_CLASS);
    shadow
        .append_child(&container)
        .map_err(|_| "cannot add the form's element")?;
    Ok(container)
}

/// Empties `host`'s shadow root (the form was taken out).
pub fn clear_shadow(host: &Element) {
    if let Some(shadow) = host.shadow_root() {
        shadow.set_inner_html("");
        shadow.set_adopted_style_sheets(&js_sys::Array::new());
    }
}

/// Dispatches a `CustomEvent` named `name` on `target` with `detail`. It bubbles and is composed, so
/// the host page hears it from the element and anywhere above it, out of the shadow root.
pub fn emit(target: &Element, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// Dispatches a plain event on the window (`nianbao-ready`: the API is there).
pub fn emit_on_window(name: &str) {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(name)) {
        let _ = window.dispatch_event(&event);
    }
}

// ---------------------------------------------------------------------------------------------
// Panics

/// Where a running form shows the panic screen, and where its drafts are.
struct CrashTarget {
    serial: u64,
    /// The element the form is drawn in when it is embedded (the screen goes inside it, where its
    /// stylesheet applies); `None` for the page's own form (the screen goes on top of the page).
    place: Option<Element>,
    /// The key prefix of its drafts (`None`: autosave is off).
    autosave: Option<String>,
    page: String,
}

thread_local! {
    static CRASH_TARGETS: RefCell<Vec<CrashTarget>> = const { RefCell::new(Vec::new()) };
    static NEXT_SERIAL: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// Registers a running form for the panic screen; the number unregisters it.
pub fn register_crash_target(
    place: Option<Element>,
    autosave: Option<String>,
    page: String,
) -> u64 {
    let serial = NEXT_SERIAL.with(|n| {
        let serial = n.get();
        n.set(serial + 1);
        serial
    });
    CRASH_TARGETS.with(|t| {
        if let Ok(mut targets) = t.try_borrow_mut() {
            targets.push(CrashTarget {
                serial,
                place,
                autosave,
                page,
            });
        }
    });
    serial
}

pub fn unregister_crash_target(serial: u64) {
    CRASH_TARGETS.with(|t| {
        if let Ok(mut targets) = t.try_borrow_mut() {
            targets.retain(|target| target.serial != serial);
        }
    });
}

/// Shows the panic screen on any Rust panic (after logging it to the console). Set first thing at
/// start; yew keeps a hook set this way instead of installing its own. A panic stops the whole wasm
/// module, so every form on the page shows it.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        CRASH_TARGETS.with(|t| {
            if let Ok(targets) = t.try_borrow() {
                for target in targets.iter() {
                    show_crash_screen(target);
                }
            }
        });
    }));
}

/// The newest draft a page wrote: what the panic screen offers to download.
fn newest_draft(prefix: &str, page: &str) -> Option<Record> {
    let newest = read_drafts(prefix)?
        .into_iter()
        .filter(|m| m.page == page)
        .max_by_key(|m| m.saved_at)?;
    read_record(prefix, &newest.id)
}

/// The panic screen, drawn with plain DOM calls: yew cannot be trusted after a panic. Its buttons are
/// plain links (a blob URL of the autosaved draft, the page itself), so they work without calling
/// back into the stopped program.
fn show_crash_screen(target: &CrashTarget) -> Option<()> {
    let doc = document()?;
    let (container, marked) = match &target.place {
        Some(place) => (place.clone(), place.clone()),
        None => (doc.body()?.into(), doc.body()?.into()),
    };
    if find_in(&container, "nb-crash").is_some() {
        return Some(());
    }
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
    let saved = target
        .autosave
        .as_deref()
        .and_then(|prefix| newest_draft(prefix, &target.page));
    let buttons = doc.create_element("p").ok()?;
    buttons.set_class_name("nb-crash-buttons");
    match saved.and_then(|s| {
        object_url(
            "application/json;charset=utf-8",
            &JsValue::from_str(&s.json),
        )
        .map(|u| (u, s))
    }) {
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
    container.prepend_with_node_1(&panel).ok()?;
    marked.class_list().add_1("nb-crashed").ok()?;
    if target.place.is_none() {
        web_sys::window()?.scroll_to_with_x_and_y(0.0, 0.0);
    }
    Some(())
}

/// Whether the page asks for a deliberate panic (`#nb-crash-test`), so that the panic screen can be
/// tested end to end. Harmless: it only shows the panic screen.
pub fn crash_test_requested() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h == "#nb-crash-test")
}
