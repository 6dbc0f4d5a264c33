//! The root component: owns the state (the one reducer), reads the autosave at start and saves after
//! every change, and turns the toolbar's and dialog's requests into actions and browser calls
//! (downloads, opening files, focus).

use std::rc::Rc;

use nianbao_core::{html, json, number, Draft, FieldRef, Template};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::banners::Banners;
use super::confirm_dialog::ConfirmDialog;
use super::findings_panel::FindingsPanel;
use super::header_fields::HeaderFields;
use super::section_view::SectionView;
use super::toolbar::Toolbar;
use super::{Handlers, Store};
use crate::browser::{self, HistoryKey, Restore};
use crate::ids;
use crate::state::{Action, Dialog, Format, Start, State};

/// Characters that file names may not hold on Windows (and `/` anywhere).
const NOT_IN_FILE_NAMES: [char; 9] = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

#[function_component]
pub fn App() -> Html {
    let store = use_reducer(|| {
        let template = nianbao_core::current_template();
        State::new(template, load_start(template))
    });
    let template = store.template;

    // Autosave after every change of the draft. Revision 0 is the draft as loaded: nothing to save,
    // and an untouched blank form must not replace a saved draft.
    {
        let store = store.clone();
        use_effect_with(store.revision, move |revision| {
            if *revision > 0 {
                let ok = browser::save_autosave(&json::to_json(&store.draft));
                if ok != store.storage_ok {
                    store.dispatch(Action::StorageWorks(ok));
                }
            }
        });
    }

    // Without autosave, closing the page would lose what was typed: the browser asks first.
    use_effect_with(!store.storage_ok && store.revision > 0, |&at_risk| {
        let listener = at_risk.then(browser::ask_before_leaving).flatten();
        move || drop(listener)
    });

    // Focus requests run after the render that drew their element.
    use_effect_with(store.focus.clone(), |focus| {
        if let Some((id, _)) = focus {
            browser::focus(id);
        }
    });

    // Ctrl+Z / Ctrl+Y anywhere in the page.
    {
        let dispatcher = store.dispatcher();
        use_effect_with((), move |_| {
            let listener = browser::listen_history_keys(Callback::from(move |key| {
                dispatcher.dispatch(match key {
                    HistoryKey::Undo => Action::Undo,
                    HistoryKey::Redo => Action::Redo,
                })
            }));
            move || drop(listener)
        });
    }

    use_effect_with((), |_| {
        if browser::crash_test_requested() {
            panic!("nianbao: deliberate panic requested by #nb-crash-test");
        }
    });

    // Made once, so that fields compare equal across renders and only changed fields are redrawn.
    let handlers = {
        let dispatcher = store.dispatcher();
        use_memo((), move |_| {
            let input = dispatcher.clone();
            let edit = dispatcher.clone();
            Handlers {
                input: Callback::from(move |(field, value)| {
                    input.dispatch(Action::Input {
                        field,
                        value,
                        at: browser::now_ms(),
                    })
                }),
                edit: Callback::from(move |e| edit.dispatch(Action::Apply(e))),
                focus: Callback::from(|id: AttrValue| browser::focus(&id)),
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
        Callback::from(move |format: Format| {
            store.dispatch(Action::CheckAll);
            if store.errors().is_empty() {
                save(&store, format);
            } else {
                store.dispatch(Action::Ask(Dialog::Download(format)));
            }
        })
    };
    let on_choose = Callback::from(|()| browser::choose_file("nb-open-input"));
    let on_chosen = {
        let dispatcher = store.dispatcher();
        Callback::from(move |input: HtmlInputElement| {
            let Some(file) = browser::take_chosen_file(&input) else {
                return;
            };
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let action = match browser::read_text(&file).await {
                    Ok(text) => match json::open(&text) {
                        Ok(draft) => Action::Opened {
                            draft: Box::new(draft),
                            name,
                        },
                        // The report on screen stays as it was.
                        Err(error) => Action::Alert(format!("无法打开“{name}”：{}", error.zh)),
                    },
                    Err(message) => Action::Alert(message),
                };
                dispatcher.dispatch(action);
            });
        })
    };
    let on_focus = Callback::from(move |field: FieldRef| {
        browser::focus(&ids::focus_target(template, field));
    });
    let on_answer = {
        let store = store.clone();
        Callback::from(move |yes: bool| answer(&store, yes))
    };

    let (filled, total) = store.progress();
    html! {
        <div class="nb-app">
            <div class="nb-page" inert={store.dialog.is_some()}>
                <Toolbar
                    can_undo={store.can_undo()}
                    can_redo={store.can_redo()}
                    auto_totals={store.auto_totals}
                    progress={(filled, total)}
                    counts={store.counts()}
                    on_action={on_action.clone()}
                    {on_download}
                    {on_choose}
                    {on_chosen}
                />
                <div class="nb-layout">
                    <Banners
                        restored={store.restored.clone()}
                        storage_ok={store.storage_ok}
                        alert={store.alert.clone()}
                        status={store.status.clone()}
                        {on_action}
                    />
                    <main class="nb-doc">
                        <HeaderFields store={store.clone()} handlers={(*handlers).clone()} />
                        { for (0..template.sections.len()).map(|index| html! {
                            <SectionView store={store.clone()} {index} handlers={(*handlers).clone()} />
                        }) }
                    </main>
                    <FindingsPanel
                        sections={(*sections).clone()}
                        shown={store.shown.clone()}
                        strict={store.strict}
                        {on_focus}
                    />
                </div>
                <footer class="nb-footer">
                    <p>{ "本工具在浏览器中运行。填写的内容只保存在本机浏览器中，不会上传到任何地方；换电脑或清理浏览器前，请先下载 JSON 保存。" }</p>
                </footer>
            </div>
            if let Some(dialog) = store.dialog {
                <ConfirmDialog
                    {dialog}
                    mistakes={store
                        .errors()
                        .iter()
                        .filter(|f| !f.pending)
                        .map(|f| AttrValue::from(f.message.clone()))
                        .collect::<Vec<_>>()}
                    blanks={store.errors().iter().filter(|f| f.pending).count()}
                    {on_answer}
                />
            }
        </div>
    }
}

/// The draft to start from: the autosave if there is one, and what the browser allows.
fn load_start(template: &'static Template) -> Start {
    let mut start = Start {
        storage_ok: true,
        current_year: browser::current_year(),
        ..Start::default()
    };
    let unreadable = |start: &mut Start, raw: &str| {
        // Set aside, so that the next autosave does not overwrite what may still be rescued.
        browser::keep_unreadable(raw);
        start.alert = Some(format!(
            "上次自动保存的草稿无法读取，已另存在浏览器中（{}），现从空白报告开始。",
            browser::UNREADABLE_KEY
        ));
    };
    match browser::load_autosave() {
        Restore::Unavailable => start.storage_ok = false,
        Restore::Nothing => {}
        Restore::Unreadable(raw) => unreadable(&mut start, &raw),
        Restore::Found { json, saved_at } => match json::from_json(&json) {
            Ok(draft) => {
                if !is_blank(&draft, template) {
                    start.restored_at = Some(browser::local_time(saved_at));
                    start.draft = Some(draft);
                }
            }
            Err(_) => unreadable(&mut start, &json),
        },
    }
    start
}

/// Whether a draft holds nothing the user typed (totals computed from nothing do not count).
fn is_blank(draft: &Draft, template: &'static Template) -> bool {
    let mut blank = Draft::new(template);
    if *draft == blank {
        return true;
    }
    let fill = blank.fill_totals();
    blank.apply(fill);
    *draft == blank
}

/// The dialog's answer.
fn answer(store: &Store, yes: bool) {
    let template = store.template;
    match store.dialog {
        Some(Dialog::Download(format)) => {
            store.dispatch(Action::CloseDialog);
            if yes {
                save(store, format);
                store.dispatch(Action::Focus(download_button(format).into()));
            } else {
                // “返回修改”: straight to the first real mistake, else to the first blank.
                let errors = store.errors();
                let first = errors.iter().find(|f| !f.pending).or(errors.first());
                if let Some(field) = first.and_then(|f| f.fields.first()) {
                    store.dispatch(Action::Focus(ids::focus_target(template, *field)));
                }
            }
        }
        Some(Dialog::NewReport) => {
            if yes {
                store.dispatch(Action::NewReport);
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
    }
}

/// Writes the report as a file the browser downloads.
fn save(store: &Store, format: Format) {
    let draft = &store.draft;
    let content = match format {
        Format::Json => json::to_json(draft),
        Format::Html => html::to_html(draft),
    };
    let name = file_name(draft, format);
    match browser::download(&name, format.mime(), &content) {
        Ok(()) => store.dispatch(Action::Status(format!(
            "已生成“{name}”，请在浏览器的下载列表中查看。"
        ))),
        Err(why) => store.dispatch(Action::Alert(format!(
            "下载失败（{why}）。请换用其他浏览器再试。"
        ))),
    }
}

/// `<机关名称><年度>年政府信息公开工作年度报告.json`; a draft name while either is blank.
fn file_name(draft: &Draft, format: Format) -> String {
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
    format!("{base}.{}", format.extension())
}
