//! The JavaScript API for pages that embed the form (README: “嵌入网站页面”).
//!
//! `window.nianbao.mount(element, options)` draws a form in `element`'s shadow root and returns a
//! handle with `getReport()`, `setReport(report)`, `validate()`, `toJSON()`, `toHTML()`,
//! `toDOCX()`, `copyForEditor()`, `submit()`, `importReport()` and `destroy()`; the options `hide`
//! (toolbar buttons) and `submit` (the label of a 提交 button) shape the toolbar. The
//! `<nianbao-report>` element (static/nianbao-element.js) is built on the same call.
//! The form tells its element what happens with bubbling, composed `CustomEvent`s: `report-change`,
//! `report-validate`, `report-export`, `report-submit`.
//!
//! The handle only dispatches actions to the form's reducer and reads its state (src/instance.rs):
//! there is no second copy of the report. It is a plain object whose methods are one Rust function
//! bound (`Function.prototype.bind`, no eval) to the method's name and the form's number: a
//! wasm-bindgen class would do too, but its glue names `Symbol.dispose`, which the Chromium 92 check
//! of the release build refuses, and its objects outlive `destroy`. A mistake in the embedding page's call (bad JSON, an unknown
//! option, no element) comes back as a JS `Error` with a message in Chinese and English and a `code`;
//! it never panics, which would stop every form on the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, JSON};
use nianbao_core::{html, json, Draft, Finding, Severity, Template};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::AppHandle;

use crate::browser;
use crate::components::app::{copy_for_editor, hand_in, App, AppProps};
use crate::drafts;
use crate::instance::{self, Options, Place, Setup, Tool};
use crate::state::{Action, Dialog, State};

/// Where the API lives: `window.nianbao`.
pub const GLOBAL_NAME: &str = "nianbao";

/// The custom element's name (defined by static/nianbao-element.js).
pub const ELEMENT_NAME: &str = "nianbao-report";

/// Dispatched on `window` once `window.nianbao` is there.
pub const READY_EVENT: &str = "nianbao-ready";

/// The options `mount` knows, as the page spells them.
const OPTIONS: &[&str] = &[
    "report",
    "lastYear",
    "agency",
    "year",
    "fixed",
    "autosave",
    "autosavePrefix",
    "readOnly",
    "hide",
    "submit",
];

/// The methods of a handle.
const METHODS: &[&str] = &[
    "getReport",
    "setReport",
    "getLastYear",
    "setLastYear",
    "validate",
    "toJSON",
    "toHTML",
    "importReport",
    "toDOCX",
    "copyForEditor",
    "submit",
    "destroy",
];

/// A form mounted through the API.
struct Instance {
    /// Its number: what its handle's methods are bound to.
    number: u32,
    setup: Rc<Setup>,
    host: Element,
    app: RefCell<Option<AppHandle<App>>>,
}

thread_local! {
    /// The forms mounted through the API and not destroyed.
    static LIVE: RefCell<Vec<Rc<Instance>>> = const { RefCell::new(Vec::new()) };
    static NEXT_NUMBER: Cell<u32> = const { Cell::new(1) };
    /// The one function behind every handle method: `(method, number, argument)`.
    static CALL: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    static HOOKED: Cell<bool> = const { Cell::new(false) };
}

/// The panic screen for every form of the page (once).
pub fn install_panic_hook() {
    if !HOOKED.with(|h| h.replace(true)) {
        browser::install_panic_hook();
    }
}

/// Puts `window.nianbao` in place and, once this call has returned, announces it with a
/// `nianbao-ready` event on `window` (the `<nianbao-report>` element waits for it).
pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let api = Object::new();
    let mount = Closure::<dyn Fn(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
        |target: JsValue, options: JsValue| mount(&target, &options),
    );
    let call = Closure::<dyn Fn(JsValue, u32, JsValue) -> Result<JsValue, JsValue>>::new(
        |method: JsValue, number: u32, argument: JsValue| {
            call(&method.as_string().unwrap_or_default(), number, argument)
        },
    );
    CALL.with(|c| *c.borrow_mut() = Some(call.into_js_value().unchecked_into()));
    let fields: [(&str, JsValue); 4] = [
        ("mount", mount.into_js_value()),
        ("version", env!("CARGO_PKG_VERSION").into()),
        ("elementName", ELEMENT_NAME.into()),
        ("formatVersion", json::VERSION.into()),
    ];
    for (key, value) in fields {
        let _ = Reflect::set(&api, &key.into(), &value);
    }
    let _ = Reflect::set(&window, &GLOBAL_NAME.into(), &Object::freeze(&api));
    // Not from inside this call: a listener would call back into the module while it is starting.
    wasm_bindgen_futures::spawn_local(async {
        browser::emit_on_window(READY_EVENT);
    });
}

/// A JS `Error` for the embedding page: `{zh}（{en}）`, with `code` for programs.
fn error(code: &str, zh: &str, en: &str) -> JsValue {
    let error = js_sys::Error::new(&format!("{zh}（nianbao: {en}）"));
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}

fn gone() -> JsValue {
    error(
        "destroyed",
        "这个表单已经移除（destroy），不能再使用。",
        "this form was destroyed",
    )
}

/// `nianbao.mount(element, options)`.
fn mount(target: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let host = element_of(target)?;
    let options = read_options(options)?;
    let live = live_instances();
    if live.iter().any(|i| i.host == host) {
        return Err(error(
            "already-mounted",
            "这个元素中已经有一个表单。如要重新放置，请先调用它的 destroy()。",
            "this element already holds a form; call destroy() on its handle first",
        ));
    }
    if let Some(prefix) = &options.autosave {
        if live
            .iter()
            .any(|i| i.setup.autosave.as_deref() == Some(prefix))
        {
            return Err(error(
                "prefix-in-use",
                &format!(
                    "本页已有一个表单使用自动保存前缀“{prefix}”。同一页面上的多个表单请使用不同的 autosavePrefix，或关闭 autosave。"
                ),
                &format!("autosave prefix \"{prefix}\" is used by another form on this page; give each form its own autosavePrefix, or autosave: false"),
            ));
        }
    }
    let root = browser::shadow_container(&host).map_err(|why| {
        error(
            "bad-element",
            "不能在这个元素中放置表单（它不能带 shadow root）。请换用 <div> 或 <nianbao-report>。",
            &why,
        )
    })?;
    install_panic_hook();
    let setup = instance::create(
        root.clone(),
        Place::Embedded { host: host.clone() },
        options,
    );
    let app = yew::Renderer::<App>::with_root_and_props(
        root,
        AppProps {
            setup: setup.clone(),
        },
    )
    .render();
    let number = NEXT_NUMBER.with(|n| n.replace(n.get() + 1));
    LIVE.with(|l| {
        l.borrow_mut().push(Rc::new(Instance {
            number,
            setup,
            host,
            app: RefCell::new(Some(app)),
        }))
    });
    Ok(handle(number))
}

/// The forms mounted and not destroyed.
fn live_instances() -> Vec<Rc<Instance>> {
    LIVE.with(|l| l.borrow().clone())
}

/// A handle: `{ getReport, setReport, validate, toJSON, toHTML, destroy }`, each the one call
/// function bound to its name and the form's number.
fn handle(number: u32) -> JsValue {
    let object = Object::new();
    CALL.with(|call| {
        if let Some(call) = &*call.borrow() {
            for method in METHODS {
                let bound = call.bind2(&JsValue::NULL, &(*method).into(), &number.into());
                let _ = Reflect::set(&object, &(*method).into(), &bound);
            }
        }
    });
    Object::freeze(&object).into()
}

/// A handle's method `method` on form `number`.
fn call(method: &str, number: u32, argument: JsValue) -> Result<JsValue, JsValue> {
    let found = LIVE.with(|l| l.borrow().iter().find(|i| i.number == number).cloned());
    let Some(instance) = found else {
        // Destroyed: `destroy` again does nothing, anything else says so.
        return if method == "destroy" {
            Ok(JsValue::UNDEFINED)
        } else {
            Err(gone())
        };
    };
    let read = |f: &dyn Fn(&State) -> JsValue| instance.setup.bridge.read(f).ok_or_else(gone);
    let dispatch = |action: Action| {
        if instance.setup.bridge.dispatch(action) {
            Ok(())
        } else {
            Err(gone())
        }
    };
    match method {
        // The report as a JSON document (an object; the format of docs/json-format.md).
        "getReport" => JSON::parse(
            &read(&|state| json::to_json(&state.doc.draft).into())?
                .as_string()
                .unwrap_or_default(),
        ),
        // Another report (a JSON document as text or object); one step the user can undo.
        "setReport" => {
            let draft = read_report(&argument, "setReport(report)")?;
            dispatch(Action::HostSet(Box::new(draft)))?;
            Ok(JsValue::UNDEFINED)
        }
        // Last year's report (as 载入上年报告; `null` drops it), for the cross-year rules S1 and S2;
        // one step the user can undo.
        "setLastYear" => {
            let last = if argument.is_null() {
                None
            } else {
                Some((
                    Box::new(read_report(&argument, "setLastYear(report)")?),
                    "setLastYear".to_string(),
                ))
            };
            dispatch(Action::LastYear(last))?;
            Ok(JsValue::UNDEFINED)
        }
        // Last year's report as a JSON document (an object), or `null`.
        "getLastYear" => {
            let text = read(&|state| {
                state
                    .doc
                    .draft
                    .last_year
                    .as_deref()
                    .map_or(JsValue::NULL, |last| json::to_json(last).into())
            })?;
            match text.as_string() {
                Some(text) => JSON::parse(&text),
                None => Ok(JsValue::NULL),
            }
        }
        // The whole report checked, every finding shown in the form (as “检查全部”) and returned.
        "validate" => {
            dispatch(Action::CheckAll)?;
            read(&|state| findings_array(state).into())
        }
        // The JSON document as text, as “下载 JSON” writes it.
        "toJSON" => read(&|state| json::to_json(&state.doc.draft).into()),
        // The standalone HTML page, as “下载 HTML” writes it.
        "toHTML" => read(&|state| html::to_html(&state.doc.draft).into()),
        // A published report (text or HTML as a string, a .docx as a Blob or ArrayBuffer) read
        // into the form, as 导入 does (one step the user can undo): resolves to the summary
        // `{ placed, notPlaced: [{ value, context, why }], format, findings }`.
        "importReport" => Ok(import_report(instance.clone(), argument).into()),
        // The Word document, as “下载 Word” writes it: resolves to a `Uint8Array`.
        "toDOCX" => {
            let json = read(&|state| json::to_json(&state.doc.draft).into())?
                .as_string()
                .unwrap_or_default();
            Ok(wasm_bindgen_futures::future_to_promise(async move {
                browser::word_document(&json)
                    .await
                    .map(|bytes| js_sys::Uint8Array::from(bytes.as_slice()).into())
                    .map_err(|message| error("docx", &message, "the Word document failed"))
            })
            .into())
        }
        // “复制到网站编辑器”: resolves once the report is on the clipboard; rejects when the
        // browser refused (it allows it only right after a click).
        "copyForEditor" => {
            let refused = read(&|state| match copy_for_editor(state) {
                Ok(_) => JsValue::NULL,
                Err(message) => message.into(),
            })?;
            Ok(match refused.as_string() {
                None => js_sys::Promise::resolve(&JsValue::UNDEFINED),
                Some(message) => js_sys::Promise::reject(&error(
                    "clipboard",
                    &message,
                    "the browser did not allow writing to the clipboard (call it from a click handler)",
                )),
            }
            .into())
        }
        // As the 提交 button: a full check, then `report-submit`, or first the question when
        // errors are left.
        "submit" => {
            dispatch(Action::CheckAll)?;
            let clean = read(&|state| state.doc.errors().is_empty().into())?;
            if clean.is_truthy() {
                read(&|state| {
                    hand_in(&instance.setup, state);
                    JsValue::UNDEFINED
                })?;
            } else {
                dispatch(Action::Ask(Dialog::Submit))?;
            }
            Ok(JsValue::UNDEFINED)
        }
        // The form goes; the drafts it saved stay in the browser.
        "destroy" => {
            LIVE.with(|l| l.borrow_mut().retain(|i| i.number != number));
            let app = instance.app.borrow_mut().take();
            if let Some(app) = app {
                instance.setup.bridge.close();
                app.destroy();
                browser::clear_shadow(&instance.host);
            }
            Ok(JsValue::UNDEFINED)
        }
        _ => Err(error(
            "bad-call",
            "未知的方法。",
            &format!("unknown method {method}"),
        )),
    }
}

/// `importReport(input)`: the import module reads `input`; a report replaces the form's (as
/// `setReport`); the promise resolves to the summary with the findings after it.
fn import_report(instance: Rc<Instance>, input: JsValue) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        let bytes = if let Some(text) = input.as_string() {
            Ok(text.into_bytes())
        } else if let Some(blob) = input.dyn_ref::<web_sys::Blob>() {
            wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
                .await
                .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
                .map_err(|_| "无法读取传入的文件。".to_string())
        } else if input.is_instance_of::<js_sys::ArrayBuffer>()
            || input.is_instance_of::<js_sys::Uint8Array>()
        {
            Ok(js_sys::Uint8Array::new(&input).to_vec())
        } else {
            return Err(error(
                "bad-input",
                "importReport 需要报告的文字（字符串）、网页，或 Word 文档（Blob、ArrayBuffer）。",
                &format!(
                    "importReport(input) takes a string, a Blob or an ArrayBuffer, not {}",
                    type_name(&input)
                ),
            ));
        };
        let (draft, result) = crate::components::app::import_bytes(bytes).await;
        if let Some(draft) = draft {
            if !instance
                .setup
                .bridge
                .dispatch(Action::HostSet(Box::new(draft)))
            {
                return Err(gone());
            }
        }
        let set = |key: &str, value: JsValue| {
            let _ = Reflect::set(&result, &key.into(), &value);
        };
        let findings = instance
            .setup
            .bridge
            .read(|state: &State| JsValue::from(findings_array(state)))
            .ok_or_else(gone)?;
        set("findings", findings);
        Ok(result.into())
    })
}

/// The element to mount in: an element, or a CSS selector for one.
fn element_of(target: &JsValue) -> Result<Element, JsValue> {
    if target.is_undefined() || target.is_null() {
        return Err(error(
            "no-element",
            "没有指定放置表单的元素（得到的是 null 或 undefined）。请确认该元素已在页面中。",
            "mount() needs an element or a CSS selector, got null/undefined",
        ));
    }
    if let Some(selector) = target.as_string() {
        let doc = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| error("no-element", "没有页面文档。", "no document"))?;
        return match doc.query_selector(&selector) {
            Ok(Some(element)) => Ok(element),
            Ok(None) => Err(error(
                "no-element",
                &format!("页面中找不到元素“{selector}”。"),
                &format!("no element matches the selector \"{selector}\""),
            )),
            Err(_) => Err(error(
                "no-element",
                &format!("“{selector}”不是有效的 CSS 选择器。"),
                &format!("\"{selector}\" is not a valid CSS selector"),
            )),
        };
    }
    target.dyn_ref::<Element>().cloned().ok_or_else(|| {
        error(
            "no-element",
            "放置表单的位置必须是页面中的一个元素（或它的 CSS 选择器）。",
            &format!(
                "mount() needs an element or a CSS selector, got {}",
                type_name(target)
            ),
        )
    })
}

/// How messages name a JS value's type.
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if Array::is_array(value) {
        "an array".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// Reads `mount`'s options (see the module doc and README).
fn read_options(value: &JsValue) -> Result<Options, JsValue> {
    let mut options = Options::default();
    if value.is_undefined() || value.is_null() {
        return Ok(options);
    }
    if !value.is_object() || Array::is_array(value) || value.is_function() {
        return Err(error(
            "bad-options",
            "选项必须是一个对象，例如 { readOnly: true }。",
            &format!("options must be an object, got {}", type_name(value)),
        ));
    }
    let object: &Object = value.unchecked_ref();
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTIONS.contains(&key.as_str()) {
            return Err(error(
                "unknown-option",
                &format!("不认识的选项“{key}”。可用的选项：{}。", OPTIONS.join("、")),
                &format!(
                    "unknown option \"{key}\"; known options: {}",
                    OPTIONS.join(", ")
                ),
            ));
        }
    }
    let get = |key: &str| Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let boolean = |key: &str| -> Result<Option<bool>, JsValue> {
        let v = get(key);
        if v.is_undefined() {
            return Ok(None);
        }
        v.as_bool().map(Some).ok_or_else(|| {
            error(
                "bad-option",
                &format!("选项 {key} 应为 true 或 false。"),
                &format!("option {key} must be a boolean, got {}", type_name(&v)),
            )
        })
    };
    let text = |key: &str| -> Result<Option<String>, JsValue> {
        let v = get(key);
        if v.is_undefined() {
            return Ok(None);
        }
        v.as_string().map(Some).ok_or_else(|| {
            error(
                "bad-option",
                &format!("选项 {key} 应为文字（字符串）。"),
                &format!("option {key} must be a string, got {}", type_name(&v)),
            )
        })
    };

    let report = get("report");
    if !report.is_undefined() {
        options.report = Some(read_report(&report, "report")?);
    }
    let last_year = get("lastYear");
    if !last_year.is_undefined() && !last_year.is_null() {
        options.last_year = Some(read_report(&last_year, "lastYear")?);
    }
    options.agency = text("agency")?;
    let year = get("year");
    options.year = if year.is_undefined() {
        None
    } else if let Some(n) = year.as_f64() {
        // Printed as an integer: formatting floats would add their whole machinery to the wasm.
        if n.fract() != 0.0 || !(1.0..=9999.0).contains(&n) {
            return Err(error(
                "bad-option",
                "选项 year 应为年份，例如 2024。",
                "option year must be a whole year such as 2024",
            ));
        }
        Some((n as u16).to_string())
    } else {
        Some(text("year")?.unwrap_or_default())
    };
    options.fixed = boolean("fixed")?.unwrap_or(false);
    options.read_only = boolean("readOnly")?.unwrap_or(false);
    let autosave = boolean("autosave")?.unwrap_or(true);
    let prefix = text("autosavePrefix")?;
    if let Some(prefix) = &prefix {
        if !drafts::valid_prefix(prefix) {
            return Err(error(
                "bad-option",
                &format!(
                    "选项 autosavePrefix 只能由字母、数字和 _ - . 组成（最多 {} 个字符）。",
                    drafts::MAX_PREFIX_CHARS
                ),
                &format!(
                    "option autosavePrefix must be 1 to {} characters of A-Z a-z 0-9 _ - .",
                    drafts::MAX_PREFIX_CHARS
                ),
            ));
        }
    }
    options.autosave = autosave.then(|| prefix.unwrap_or_else(|| drafts::DEFAULT_PREFIX.into()));
    options.tools.hidden = read_hidden(&get("hide"))?;
    options.tools.submit = text("submit")?.filter(|label| !label.trim().is_empty());
    Ok(options)
}

/// The `hide` option: toolbar buttons by name, as an array or one string (names separated by
/// spaces or commas, as the element's attribute gives them).
fn read_hidden(value: &JsValue) -> Result<Vec<Tool>, JsValue> {
    let names: Vec<String> = if value.is_undefined() || value.is_null() {
        Vec::new()
    } else if let Some(text) = value.as_string() {
        text.split(|c: char| c == ',' || c == '，' || c.is_whitespace())
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect()
    } else if Array::is_array(value) {
        Array::from(value)
            .iter()
            .map(|n| {
                n.as_string()
                    .unwrap_or_else(|| format!("({})", type_name(&n)))
            })
            .collect()
    } else {
        return Err(bad_hide(&type_name(value)));
    };
    names
        .iter()
        .map(|name| Tool::from_name(name).ok_or_else(|| bad_hide(name)))
        .collect()
}

fn bad_hide(what: &str) -> JsValue {
    let known: Vec<&str> = Tool::ALL.iter().map(|t| t.name()).collect();
    error(
        "bad-option",
        &format!(
            "选项 hide 列出要隐藏的按钮，不认识“{what}”。可用的名称：{}。",
            known.join("、")
        ),
        &format!(
            "option hide names toolbar buttons; unknown \"{what}\"; known names: {}",
            known.join(", ")
        ),
    )
}

/// A report given by the page: a JSON document as text, or the same document as an object.
fn read_report(value: &JsValue, what: &str) -> Result<Draft, JsValue> {
    let text = if let Some(text) = value.as_string() {
        text
    } else if value.is_object() && !Array::is_array(value) {
        JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    } else {
        return Err(error(
            "bad-report",
            &format!("{what} 应为年报 JSON 文本或对象。"),
            &format!(
                "{what} must be a report JSON document (text or object), got {}",
                type_name(value)
            ),
        ));
    };
    json::from_json(&text).map_err(|e| {
        error(
            "bad-report",
            &format!("报告数据无法读取：{}", e.zh),
            &format!("{what}: {}", e.en),
        )
    })
}

/// The `detail` of `report-submit`: `{ report, json, findings, errors, warnings }`.
pub fn submit_detail(state: &State) -> JsValue {
    let detail = validate_detail(state);
    let text = json::to_json(&state.doc.draft);
    let report = JSON::parse(&text).unwrap_or(JsValue::NULL);
    let _ = Reflect::set(&detail, &"report".into(), &report);
    let _ = Reflect::set(&detail, &"json".into(), &text.into());
    detail
}

/// The `detail` of `report-validate`: `{ findings, errors, warnings }`.
pub fn validate_detail(state: &State) -> JsValue {
    let findings = findings_array(state);
    let errors = state
        .doc
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"findings".into(), &findings);
    let _ = Reflect::set(&detail, &"errors".into(), &(errors as u32).into());
    let _ = Reflect::set(
        &detail,
        &"warnings".into(),
        &((state.doc.findings.len() - errors) as u32).into(),
    );
    detail.into()
}

/// Every finding of the report, as plain objects.
fn findings_array(state: &State) -> Array {
    state
        .doc
        .findings
        .iter()
        .map(|f| JsValue::from(finding_object(state.doc.template, f)))
        .collect()
}

/// `{ rule, severity, message, cells, section, pending }`: `cells` names the places concerned by
/// their `FieldRef::key` (`agency`, `cell.applications.0.0`, …), the first one to look at first.
fn finding_object(template: &Template, finding: &Finding) -> Object {
    let object = Object::new();
    let cells: Array = finding
        .fields
        .iter()
        .map(|f| JsValue::from(f.key(template)))
        .collect();
    let severity = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let section = template
        .sections
        .get(finding.section)
        .map_or("", |s| s.heading);
    let fields: [(&str, JsValue); 6] = [
        ("rule", finding.rule.into()),
        ("severity", severity.into()),
        ("message", finding.message.as_str().into()),
        ("cells", cells.into()),
        ("section", section.into()),
        ("pending", finding.pending.into()),
    ];
    for (key, value) in fields {
        let _ = Reflect::set(&object, &key.into(), &value);
    }
    object
}
