//! The root component: owns the state (the one reducer, started from what src/instance.rs worked
//! out), saves the draft after every change, tells an embedding page what happened (events), and turns
//! the toolbar's and dialogs' requests into actions and browser calls (downloads, files, drafts, focus).

use std::rc::Rc;

use nianbao_core::{editor, html, json, number, Draft, FieldRef};
use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::banners::Banners;
use super::confirm_dialog::ConfirmDialog;
use super::drafts_panel::DraftsPanel;
use super::findings_panel::FindingsPanel;
use super::header_fields::HeaderFields;
use super::import_panel::{ImportPanel, ImportRequest};
use super::last_year_bar::LastYearBar;
use super::review_panel::{ReviewPanel, ReviewRequest};
use super::section_view::SectionView;
use super::toolbar::Toolbar;
use super::{Handlers, Store};
use crate::browser::{self, HistoryKey};
use crate::ids;
use crate::instance::{self, Place, Setup};
use crate::state::{Action, Dialog, DraftInfo, Format, Shared, State};

/// How an offline copy's file name starts (the rest is the report's).
const OFFLINE_COPY_PREFIX: &str = "填报工具（离线副本）-";

/// Characters that file names may not hold on Windows (and `/` anywhere).
const NOT_IN_FILE_NAMES: [char; 9] = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

#[derive(Properties)]
pub struct AppProps {
    pub setup: Rc<Setup>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.setup, &other.setup)
    }
}

/// What a click on a saved draft in the list asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftRequest {
    Open(AttrValue),
    Download(AttrValue),
    /// Delete it (after the user confirmed).
    Delete(AttrValue),
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let setup = props.setup.clone();
    let store = {
        let setup = setup.clone();
        use_reducer(move || setup.bridge.initial())
    };
    // From now on the JS API's handle talks to this reducer.
    setup.bridge.connect(&store);
    let template = store.doc.template;

    // After every change of the draft: save it, and tell the embedding page. Revision 0 is the draft as
    // loaded: nothing to save, and an untouched blank form must not replace a saved draft. A new
    // draft id (another window took this one) saves again under it.
    {
        let store = store.clone();
        let setup = setup.clone();
        let told = use_mut_ref(|| 0u64);
        use_effect_with(
            (store.doc.revision, store.host.draft_id.clone()),
            move |(revision, _)| {
                if *revision > 0 {
                    let ok = instance::autosave(&setup, &store);
                    if ok != store.host.storage_ok {
                        store.dispatch(Action::StorageWorks(ok));
                    }
                    if *told.borrow() != *revision {
                        *told.borrow_mut() = *revision;
                        if let Some(host) = setup.host() {
                            browser::emit(host, "report-change", &change_detail(&store));
                        }
                    }
                }
            },
        );
    }

    // A full check (检查全部, a download, the API's validate) is reported to the embedding page.
    {
        let store = store.clone();
        let setup = setup.clone();
        use_effect_with(store.doc.checks, move |checks| {
            if let (true, Some(host)) = (*checks > 0, setup.host()) {
                browser::emit(
                    host,
                    "report-validate",
                    &crate::api::validate_detail(&store),
                );
            }
        });
    }

    // Without autosave, closing the page would lose what was typed: the browser asks first. (An
    // embedding page that turned autosave off keeps the report itself, through the events.)
    use_effect_with(
        store.host.autosave && !store.host.storage_ok && store.doc.revision > 0,
        |&at_risk| {
            let listener = at_risk.then(browser::ask_before_leaving).flatten();
            move || drop(listener)
        },
    );

    // Large text, remembered for the next visit (also by the other forms of this browser).
    use_effect_with(store.view.large_text, |&on| {
        browser::remember_large_text(on)
    });

    // Focus requests run after the render that drew their element.
    {
        let root = setup.root.clone();
        use_effect_with(store.view.focus.clone(), move |focus| {
            if let Some((id, _)) = focus {
                browser::focus(&root, id);
            }
        });
    }

    // A message bar that an edit brings up at the bottom of the window must not cover the field that
    // has the focus (the focus-change case: a listener, below).
    {
        let root = setup.root.clone();
        use_effect_with(store.doc.revision, move |_| {
            browser::reveal_focus_above_note_next_frame(&root)
        });
    }

    // Ctrl+Z / Ctrl+Y: anywhere in the page for the page's own form, inside the form when embedded.
    // And the field that gets the focus kept clear of its message bar.
    {
        let dispatcher = store.dispatcher();
        let setup = setup.clone();
        use_effect_with((), move |_| {
            let within = setup.host().map(|_| setup.root.clone());
            let listener = browser::listen_history_keys(
                within.as_ref(),
                Callback::from(move |key| {
                    dispatcher.dispatch(match key {
                        HistoryKey::Undo => Action::Undo,
                        HistoryKey::Redo => Action::Redo,
                    })
                }),
            );
            let focus = browser::keep_focus_above_notes(&setup.root);
            move || drop((listener, focus))
        });
    }

    {
        let page = matches!(setup.place, Place::Page { .. });
        use_effect_with((), move |_| {
            if page && browser::crash_test_requested() {
                panic!("nianbao: deliberate panic requested by #nb-crash-test");
            }
        });
    }

    // Made once, so that fields compare equal across renders and only changed fields are redrawn.
    let handlers = {
        let dispatcher = store.dispatcher();
        let root = setup.root.clone();
        use_memo((), move |_| {
            let input = dispatcher.clone();
            let edit = dispatcher.clone();
            let paste = dispatcher.clone();
            Handlers {
                input: Callback::from(move |(field, value)| {
                    input.dispatch(Action::Input {
                        field,
                        value,
                        at: browser::now_ms(),
                    })
                }),
                edit: Callback::from(move |e| edit.dispatch(Action::Apply(e))),
                focus: Callback::from(move |id: AttrValue| browser::focus(&root, &id)),
                paste: Callback::from(move |(table, at, block)| {
                    paste.dispatch(Action::Paste { table, at, block })
                }),
            }
        })
    };
    let sections = use_memo(template.id, move |_| {
        Rc::new(
            template
                .sections
                .iter()
                .map(|s| s.heading)
                .collect::<Vec<_>>(),
        )
    });

    let on_action = {
        let dispatcher = store.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    let on_download = {
        let store = store.clone();
        let setup = setup.clone();
        Callback::from(move |format: Format| {
            store.dispatch(Action::CheckAll);
            if store.doc.errors().is_empty() {
                save(&setup, &store, format);
            } else {
                store.dispatch(Action::Ask(Dialog::Download(format)));
            }
        })
    };
    let on_copy = {
        let store = store.clone();
        Callback::from(move |()| {
            store.dispatch(match copy_for_editor(&store) {
                Ok(message) => Action::Status(message),
                Err(message) => Action::Alert(message),
            })
        })
    };
    let on_submit = {
        let store = store.clone();
        let setup = setup.clone();
        Callback::from(move |()| {
            store.dispatch(Action::CheckAll);
            if store.doc.errors().is_empty() {
                hand_in(&setup, &store);
            } else {
                store.dispatch(Action::Ask(Dialog::Submit));
            }
        })
    };
    let on_save_offline = {
        let store = store.clone();
        let setup = setup.clone();
        Callback::from(move |()| save_offline(&setup, &store))
    };
    let on_drafts = {
        let store = store.clone();
        let setup = setup.clone();
        Callback::from(move |()| show_drafts(&setup, &store))
    };
    let on_draft = {
        let store = store.clone();
        let setup = setup.clone();
        Callback::from(move |request| draft_request(&setup, &store, request))
    };
    let on_choose = {
        let root = setup.root.clone();
        Callback::from(move |()| browser::choose_file(&root, "nb-open-input"))
    };
    let on_chosen = {
        let dispatcher = store.dispatcher();
        Callback::from(move |input: HtmlInputElement| {
            open_chosen(&dispatcher, &input, "无法打开", |draft, name| {
                Action::Opened { draft, name }
            })
        })
    };
    let on_import = {
        let dispatcher = store.dispatcher();
        Callback::from(move |request: ImportRequest| start_import(&dispatcher, request))
    };
    let on_review = {
        let dispatcher = store.dispatcher();
        let view = store.view.review.clone();
        Callback::from(move |request: ReviewRequest| {
            start_review(&dispatcher, view.as_ref(), request)
        })
    };
    let on_choose_last_year = {
        let root = setup.root.clone();
        Callback::from(move |()| browser::choose_file(&root, "nb-last-year-input"))
    };
    let on_last_year_chosen = {
        let dispatcher = store.dispatcher();
        Callback::from(move |input: HtmlInputElement| {
            open_chosen(
                &dispatcher,
                &input,
                "无法载入上年报告",
                |draft, name| Action::LastYear(Some((draft, name))),
            )
        })
    };
    let on_drop_last_year = {
        let dispatcher = store.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::LastYear(None)))
    };
    let on_next_year = {
        let dispatcher = store.dispatcher();
        let setup = setup.clone();
        Callback::from(move |()| {
            // A new draft: the report on screen stays saved as the one it was.
            *setup.stamp.borrow_mut() = None;
            dispatcher.dispatch(Action::NextYear {
                id: browser::new_draft_id(),
            });
        })
    };
    // A draft of the same body for the year before, offered as last year's report (looked up again
    // when 机关名称 or 年度 change, not at every keystroke).
    let offered = {
        let setup = setup.clone();
        let key = (
            number::trim(&store.doc.draft.agency).to_string(),
            number::trim(&store.doc.draft.year).to_string(),
            store.doc.draft.last_year.is_some(),
        );
        use_memo(key, move |(agency, year, loaded)| {
            let before = year.parse::<u16>().ok()?.checked_sub(1)?.to_string();
            if *loaded || agency.is_empty() {
                return None;
            }
            let prefix = setup.autosave.as_ref()?;
            browser::read_drafts(prefix)?
                .into_iter()
                .find(|m| number::trim(&m.agency) == agency && number::trim(&m.year) == before)
                .map(|m| (AttrValue::from(m.id), format!("{agency}（{before}年度）")))
        })
    };
    let on_use_offered = {
        let dispatcher = store.dispatcher();
        let setup = setup.clone();
        let offered = offered.clone();
        Callback::from(move |()| {
            let (Some((id, name)), Some(prefix)) =
                (Option::as_ref(&offered), setup.autosave.as_ref())
            else {
                return;
            };
            let action = match browser::read_record(prefix, id).map(|r| json::from_json(&r.json)) {
                Some(Ok(draft)) => {
                    Action::LastYear(Some((Box::new(draft), format!("草稿 {name}"))))
                }
                _ => Action::Alert("这份草稿无法读取，请改用“载入上年报告（文件）”。".to_string()),
            };
            dispatcher.dispatch(action);
        })
    };
    let on_focus = {
        let root = setup.root.clone();
        Callback::from(move |field: FieldRef| {
            browser::focus(&root, &ids::focus_target(template, field));
        })
    };
    let on_answer = {
        let store = store.clone();
        let setup = setup.clone();
        Callback::from(move |yes: bool| answer(&setup, &store, yes))
    };

    let (filled, total) = store.doc.progress();
    html! {
        <div class={classes!("nb-app", store.view.large_text.then_some("nb-large"))}>
            <div class="nb-page" inert={store.view.dialog.is_some() || store.view.drafts.is_some()}>
                <Toolbar
                    can_undo={store.doc.can_undo()}
                    can_redo={store.doc.can_redo()}
                    auto_totals={store.doc.auto_totals}
                    progress={(filled, total)}
                    counts={store.doc.counts()}
                    strict={store.doc.strict}
                    read_only={store.host.read_only}
                    large_text={store.view.large_text}
                    drafts={store.host.autosave && store.host.storage_ok}
                    offline={setup.offline().is_some()}
                    on_action={on_action.clone()}
                    tools={setup.tools.clone()}
                    {on_download}
                    {on_copy}
                    {on_submit}
                    {on_save_offline}
                    {on_drafts}
                    {on_choose}
                    {on_chosen}
                    on_focus={handlers.focus.clone()}
                />
                <div class="nb-layout">
                    <Banners
                        restored={store.view.restored.clone()}
                        storage_ok={store.host.storage_ok || !store.host.autosave}
                        alert={store.view.alert.clone()}
                        status={store.view.status.clone()}
                        read_only={store.host.read_only}
                        on_action={on_action.clone()}
                    />
                    <main class="nb-doc">
                        <HeaderFields doc={Shared(store.doc.clone())} host={Shared(store.host.clone())} handlers={(*handlers).clone()} />
                        <LastYearBar
                            loaded={store.doc.draft.last_year.as_deref().map(|last| AttrValue::from(crate::state::report_name(last)))}
                            can_start_next={!number::trim(&store.doc.draft.agency).is_empty() && number::trim(&store.doc.draft.year).parse::<u16>().is_ok()}
                            read_only={store.host.read_only}
                            offered={Option::as_ref(&offered).map(|(_, name)| AttrValue::from(name.clone()))}
                            {on_use_offered}
                            on_choose={on_choose_last_year}
                            on_chosen={on_last_year_chosen}
                            on_drop={on_drop_last_year}
                            {on_next_year}
                        />
                        { for (0..template.sections.len()).map(|index| html! {
                            <SectionView doc={Shared(store.doc.clone())} host={Shared(store.host.clone())} {index} handlers={(*handlers).clone()} />
                        }) }
                        { signature(&store.doc.draft) }
                    </main>
                    <FindingsPanel
                        sections={(*sections).clone()}
                        shown={store.doc.shown.clone()}
                        counts={store.doc.counts()}
                        strict={store.doc.strict}
                        fillable={Rc::new((0..template.sections.len()).map(|s| store.doc.blank_cells(s).len()).collect::<Vec<_>>())}
                        read_only={store.host.read_only}
                        {on_focus}
                        on_focus_id={handlers.focus.clone()}
                        on_fill_blanks={Callback::from({
                            let dispatcher = store.dispatcher();
                            move |section| dispatcher.dispatch(Action::FillBlanks(section))
                        })}
                    />
                </div>
            </div>
            // Before the confirmation, so that a question asked from a panel is drawn over it.
            if let Some(view) = store.view.review.clone() {
                <ReviewPanel
                    {view}
                    current_year={store.doc.current_year}
                    on_action={on_action.clone()}
                    {on_review}
                />
            }
            if let Some(view) = store.view.import.clone() {
                <ImportPanel
                    {view}
                    errors={store.doc.counts().errors}
                    warnings={store.doc.counts().warnings}
                    on_action={on_action.clone()}
                    {on_import}
                />
            }
            if let Some(dialog) = store.view.dialog {
                <ConfirmDialog
                    {dialog}
                    mistakes={store
                        .doc.errors()
                        .iter()
                        .filter(|f| !f.pending)
                        .map(|f| AttrValue::from(f.message.clone()))
                        .collect::<Vec<_>>()}
                    blanks={store.doc.errors().iter().filter(|f| f.pending).count()}
                    kept={store.host.autosave && store.host.storage_ok}
                    file={store.view.opening.as_ref().map(|o| AttrValue::from(o.1.clone())).unwrap_or_default()}
                    submit={setup.tools.submit.clone().map(AttrValue::from).unwrap_or_default()}
                    {on_answer}
                />
            }
            if let Some(view) = store.view.drafts.clone() {
                <DraftsPanel
                    {view}
                    current={store.host.draft_id.clone()}
                    {on_action}
                    {on_draft}
                />
            }
        </div>
    }
}

/// The agency and the date of publication under the report, as the export signs it: shown only
/// on paper (the form has them as fields at the top, which do not print).
fn signature(draft: &Draft) -> Html {
    let agency = number::trim(&draft.agency);
    let date = number::trim(&draft.published);
    let date =
        nianbao_core::model::Date::parse(date).map_or_else(|| date.to_string(), |d| d.chinese());
    html! {
        <footer class="nb-signature">
            <p>{ agency }</p>
            <p>{ date }</p>
        </footer>
    }
}

/// Starts an import (导入已发布的报告): reads the pasted text or the file, hands it to the import
/// module (loaded the first time) and dispatches what it answered.
fn start_import(dispatcher: &UseReducerDispatcher<State>, request: ImportRequest) {
    let (file, text) = match request {
        ImportRequest::Text(text) => (None, Some(text)),
        ImportRequest::Chosen(input) => (browser::take_chosen_file(&input), None),
        ImportRequest::Dropped(files) => (files.get(0), None),
    };
    if file.is_none() && text.as_deref().is_none_or(|t| t.trim().is_empty()) {
        dispatcher.dispatch(Action::Alert(
            "请先把报告的文字粘贴到框里，或者选择一个文件。".into(),
        ));
        return;
    }
    dispatcher.dispatch(Action::ImportStarted);
    let dispatcher = dispatcher.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let (name, bytes) = match (file, text) {
            (Some(file), _) => (file.name(), browser::read_bytes(&file).await),
            (None, text) => (
                "粘贴的内容".to_string(),
                Ok(text.unwrap_or_default().into_bytes()),
            ),
        };
        let (draft, summary) = import_bytes(bytes).await;
        dispatcher.dispatch(Action::Imported {
            draft: draft.map(Box::new),
            summary: Rc::new(browser::import_summary(&summary)),
            name,
        });
    });
}

/// What the review panel asked for: files to read and check (one after the other, through the
/// import module), the table as CSV, or one reviewed report opened in the form.
fn start_review(
    dispatcher: &UseReducerDispatcher<State>,
    view: Option<&crate::state::ReviewView>,
    request: ReviewRequest,
) {
    let files: Vec<web_sys::File> = match request {
        ReviewRequest::Csv => {
            if let Some(view) = view {
                let csv = nianbao_core::review::to_csv(&view.rows);
                if let Err(message) =
                    browser::download("年报审阅.csv", "text/csv;charset=utf-8", &csv)
                {
                    dispatcher.dispatch(Action::Alert(message));
                }
            }
            return;
        }
        ReviewRequest::Open(index) => {
            let found = view
                .and_then(|v| v.files.get(index))
                .and_then(|f| f.draft.clone().map(|d| (Box::new(d), f.file.clone())));
            if let Some((draft, name)) = found {
                dispatcher.dispatch(Action::ShowReview(false));
                dispatcher.dispatch(Action::Opened { draft, name });
            }
            return;
        }
        ReviewRequest::Chosen(input) => {
            let files = input.files().map(|list| list_of(&list)).unwrap_or_default();
            input.set_value("");
            files
        }
        ReviewRequest::Dropped(list) => list_of(&list),
    };
    if files.is_empty() {
        return;
    }
    dispatcher.dispatch(Action::ReviewStarted(files.len()));
    let dispatcher = dispatcher.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let mut reviewed = Vec::with_capacity(files.len());
        for file in files {
            let bytes = browser::read_bytes(&file).await;
            let (draft, summary) = import_bytes(bytes).await;
            reviewed.push(nianbao_core::review::Reviewed {
                file: file.name(),
                draft,
                summary: browser::import_summary(&summary),
            });
        }
        dispatcher.dispatch(Action::Reviewed(Rc::new(reviewed)));
    });
}

fn list_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A source read by the import module: the draft (when it was a report) and the summary, as a
/// plain object for the JS API; a source that could not be read at all gives a summary with its
/// message.
pub(crate) async fn import_bytes(
    bytes: Result<Vec<u8>, String>,
) -> (Option<Draft>, js_sys::Object) {
    let answer = match bytes {
        Ok(bytes) => browser::import_report(&bytes).await,
        Err(message) => Err(message),
    };
    let failed = |message: String| {
        let summary = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&summary, &"message".into(), &message.into());
        let _ = js_sys::Reflect::set(&summary, &"notPlaced".into(), &js_sys::Array::new());
        (None, summary)
    };
    match answer {
        Ok((Some(document), summary)) => match json::from_json(&document) {
            Ok(draft) => (Some(draft), summary),
            Err(error) => failed(error.zh),
        },
        Ok((None, summary)) => (None, summary),
        Err(message) => failed(message),
    }
}

/// Reads the file chosen in `input` as a report (a nianbao JSON document or exported HTML page) and
/// dispatches `found(report, file name)`; a file that is not one is refused with a message starting
/// with `refused` (“无法打开”), and the report on screen stays as it was.
fn open_chosen(
    dispatcher: &UseReducerDispatcher<State>,
    input: &HtmlInputElement,
    refused: &'static str,
    found: fn(Box<Draft>, String) -> Action,
) {
    let Some(file) = browser::take_chosen_file(input) else {
        return;
    };
    let dispatcher = dispatcher.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let action = match browser::read_text(&file).await {
            Ok(text) => match json::open(&text) {
                Ok(draft) => found(Box::new(draft), name),
                Err(error) => Action::Alert(format!("{refused}“{name}”：{}", error.zh)),
            },
            Err(message) => Action::Alert(message),
        };
        dispatcher.dispatch(action);
    });
}

/// The `detail` of `report-change`: the report as a JSON document (text) and as an object.
fn change_detail(state: &State) -> JsValue {
    let text = json::to_json(&state.doc.draft);
    let detail = js_sys::Object::new();
    let report = js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL);
    let _ = js_sys::Reflect::set(&detail, &"report".into(), &report);
    let _ = js_sys::Reflect::set(&detail, &"json".into(), &text.into());
    detail.into()
}

/// The dialog's answer.
fn answer(setup: &Rc<Setup>, store: &Store, yes: bool) {
    let template = store.doc.template;
    match store.view.dialog {
        Some(dialog @ (Dialog::Download(_) | Dialog::Submit)) => {
            store.dispatch(Action::CloseDialog);
            if yes {
                match dialog {
                    Dialog::Download(format) => {
                        save(setup, store, format);
                        store.dispatch(Action::Focus(download_button(format).into()));
                    }
                    _ => {
                        hand_in(setup, store);
                        store.dispatch(Action::Focus("nb-submit".into()));
                    }
                }
            } else {
                // “返回修改”: straight to the first real mistake, else to the first blank.
                let errors = store.doc.errors();
                let first = errors.iter().find(|f| !f.pending).or(errors.first());
                if let Some(field) = first.and_then(|f| f.fields.first()) {
                    store.dispatch(Action::Focus(ids::focus_target(template, *field)));
                }
            }
        }
        Some(Dialog::Open) => {
            if yes {
                store.dispatch(Action::ReplaceWithOpened);
            } else {
                store.dispatch(Action::CloseDialog);
                store.dispatch(Action::Focus("nb-open".into()));
            }
        }
        Some(Dialog::NewReport) => {
            if yes {
                // A new draft: the report on screen stays saved as the one it was.
                *setup.stamp.borrow_mut() = None;
                store.dispatch(Action::NewReport {
                    id: browser::new_draft_id(),
                });
                store.dispatch(Action::Focus(ids::field(template, FieldRef::Agency)));
            } else {
                store.dispatch(Action::CloseDialog);
                store.dispatch(Action::Focus("nb-new".into()));
            }
        }
        None => {}
    }
}

fn download_button(format: Format) -> &'static str {
    match format {
        Format::Json => "nb-download-json",
        Format::Html => "nb-download-html",
        Format::Docx => "nb-download-docx",
    }
}

/// What a download holds.
enum Content<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

/// Writes the report as a file the browser downloads. The Word document is written by the
/// on-demand module, loaded the first time (a moment, said in the status line).
fn save(setup: &Rc<Setup>, store: &Store, format: Format) {
    let draft = &store.doc.draft;
    let name = file_name(draft, format.extension(), "");
    let dispatcher = store.dispatcher();
    let deliver_text = |content: &str| {
        deliver(
            setup,
            &dispatcher,
            format.extension(),
            &name,
            format.mime(),
            Content::Text(content),
        )
    };
    match format {
        Format::Json => deliver_text(&json::to_json(draft)),
        Format::Html => deliver_text(&html::to_html(draft)),
        Format::Docx => {
            dispatcher.dispatch(Action::Status("正在生成 Word 文档……".to_string()));
            let json = json::to_json(draft);
            let setup = setup.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::word_document(&json).await {
                    Ok(bytes) => deliver(
                        &setup,
                        &dispatcher,
                        format.extension(),
                        &name,
                        format.mime(),
                        Content::Bytes(&bytes),
                    ),
                    Err(message) => dispatcher.dispatch(Action::Alert(message)),
                }
            });
        }
    }
}

/// Downloads a file and says so; tells the embedding page (`report-export`).
fn deliver(
    setup: &Setup,
    dispatcher: &UseReducerDispatcher<State>,
    format: &str,
    name: &str,
    mime: &str,
    content: Content,
) {
    let (started, content) = match content {
        Content::Text(text) => (browser::download(name, mime, text), JsValue::from_str(text)),
        Content::Bytes(bytes) => (
            browser::download_bytes(name, mime, bytes),
            js_sys::Uint8Array::from(bytes).into(),
        ),
    };
    match started {
        Ok(()) => {
            dispatcher.dispatch(Action::Status(format!(
                "已生成“{name}”，请在浏览器的下载列表中查看。"
            )));
            if let Some(host) = setup.host() {
                let detail = js_sys::Object::new();
                for (key, value) in [
                    ("format", format.into()),
                    ("fileName", name.into()),
                    ("content", content),
                ] {
                    let _ = js_sys::Reflect::set(&detail, &key.into(), &value);
                }
                browser::emit(host, "report-export", &detail);
            }
        }
        Err(why) => dispatcher.dispatch(Action::Alert(format!(
            "下载失败（{why}）。请换用其他浏览器再试。"
        ))),
    }
}

/// 复制到网站编辑器: the report on the clipboard as HTML that portal editors keep, and as text.
pub(crate) fn copy_for_editor(state: &State) -> Result<String, String> {
    let draft = &state.doc.draft;
    browser::copy_rich(
        &editor::to_editor_html(draft),
        &editor::to_plain_text(draft),
    )?;
    let errors = state.doc.errors().len();
    Ok(if errors == 0 {
        "已复制整份报告。请到网站的编辑器中粘贴（Ctrl+V），表格的合并单元格和边框会一同粘贴。"
            .to_string()
    } else {
        format!("已复制整份报告，但其中还有 {errors} 处错误或未填，发布前请先改正。到网站的编辑器中粘贴（Ctrl+V）即可。")
    })
}

/// Hands the report to the embedding page: `report-submit` with the report and its findings.
pub(crate) fn hand_in(setup: &Setup, state: &State) {
    if let Some(host) = setup.host() {
        browser::emit(host, "report-submit", &crate::api::submit_detail(state));
    }
}

/// “保存离线副本”: this page (the single file) with the report inside, as a new draft of its own.
fn save_offline(setup: &Setup, store: &Store) {
    let Some(page) = setup.offline() else {
        return;
    };
    // The copy gets its own draft id: opened in this browser it must not write over this page's draft.
    let copy_id = browser::new_draft_id();
    let saved_at = browser::now_ms() as u64;
    match page.with_report(&json::to_json(&store.doc.draft), &copy_id, saved_at) {
        Some(content) => {
            // Named first as the tool, so that nobody takes it for the report to publish.
            let name = format!(
                "{OFFLINE_COPY_PREFIX}{}",
                file_name(&store.doc.draft, "html", "")
            );
            deliver(
                setup,
                &store.dispatcher(),
                "offline",
                &name,
                "text/html;charset=utf-8",
                Content::Text(&content),
            );
        }
        None => store.dispatch(Action::Alert(format!(
            "无法生成离线副本。请改用“{}”保存报告。",
            Format::Json.button()
        ))),
    }
}

/// Opens the list of drafts, read afresh (another window may have changed it).
fn show_drafts(setup: &Setup, store: &Store) {
    let Some(prefix) = &setup.autosave else {
        return;
    };
    let Some(stored) = browser::read_drafts(prefix) else {
        store.dispatch(Action::Alert(
            "无法读取保存在浏览器中的草稿：本浏览器不允许本页面使用本地存储。".to_string(),
        ));
        return;
    };
    let list = crate::drafts::newest_first(stored)
        .into_iter()
        .map(|m| {
            let summary = browser::read_record(prefix, &m.id)
                .and_then(|record| json::from_json(&record.json).ok())
                .map(crate::state::draft_summary);
            DraftInfo {
                origin: browser::page_name(&m.page).into(),
                id: m.id.into(),
                agency: m.agency.into(),
                year: m.year.into(),
                when: browser::local_time(m.saved_at as f64).into(),
                summary,
            }
        })
        .collect();
    store.dispatch(Action::ShowDrafts(list));
}

/// 打开, 下载 or 删除 on a draft of the list.
fn draft_request(setup: &Setup, store: &Store, request: DraftRequest) {
    let Some(prefix) = &setup.autosave else {
        return;
    };
    match request {
        DraftRequest::Open(id) => {
            let record = browser::read_record(prefix, &id);
            match record.map(|r| (json::from_json(&r.json), r)) {
                Some((Ok(draft), record)) => {
                    // The report on screen is already saved (every change is); this page continues
                    // the chosen draft, as the window that last read it.
                    *setup.stamp.borrow_mut() = Some(record.stamp);
                    store.dispatch(Action::SwitchDraft {
                        id: id.to_string(),
                        draft: Box::new(draft),
                        when: browser::local_time(record.saved_at as f64),
                    });
                }
                Some((Err(error), _)) => {
                    store.dispatch(Action::Alert(format!("这份草稿无法读取：{}", error.zh)))
                }
                None => {
                    store.dispatch(Action::Alert(
                        "这份草稿已不在浏览器中（可能已在另一个窗口中删除）。".to_string(),
                    ));
                    show_drafts(setup, store);
                }
            }
        }
        DraftRequest::Download(id) => match browser::read_record(prefix, &id) {
            Some(record) => {
                let name = match json::from_json(&record.json) {
                    Ok(draft) => file_name(&draft, "json", ""),
                    Err(_) => format!("草稿-{id}.json"),
                };
                deliver(
                    setup,
                    &store.dispatcher(),
                    "json",
                    &name,
                    Format::Json.mime(),
                    Content::Text(&record.json),
                );
            }
            None => show_drafts(setup, store),
        },
        DraftRequest::Delete(id) => {
            if id == store.host.draft_id {
                // The list offers no 删除 for the report on screen; refuse anyway.
                return;
            }
            if !browser::delete_draft(prefix, &id) {
                store.dispatch(Action::Alert("无法删除这份草稿。".to_string()));
            }
            show_drafts(setup, store);
            store.dispatch(Action::Focus("nb-drafts-close".into()));
        }
    }
}

/// `<机关名称><年度>年政府信息公开工作年度报告<suffix>.<extension>`; a draft name while either is blank.
fn file_name(draft: &Draft, extension: &str, suffix: &str) -> String {
    let agency = number::trim(&draft.agency);
    let year = number::trim(&draft.year);
    let base = if agency.is_empty() || year.is_empty() {
        format!("{agency}{}（草稿）", draft.template.title_suffix)
    } else {
        draft.title()
    };
    let base: String = base
        .chars()
        .map(|c| {
            if c.is_control() || NOT_IN_FILE_NAMES.contains(&c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{base}{suffix}.{extension}")
}
