//! One running form: how it was set up (where it is drawn, its options, its drafts' key prefix) and
//! the report it starts from, worked out before it is mounted.
//!
//! The state is made here, outside yew, and handed to the root component's reducer through a
//! [`Bridge`]: yew renders a moment later (its scheduler runs in a microtask), and the JS API must be
//! able to read and change the report at once, right after `mount` returns. Until the first render the
//! bridge applies actions with the reducer itself; after it, it dispatches them to yew's reducer. Either
//! way there is one state and one reducer.

use std::cell::RefCell;
use std::rc::Rc;

use nianbao_core::{json, number, Draft, Template};
use web_sys::Element;
use yew::Reducible;

use crate::browser::{self, Legacy, PristinePage, Saved};
use crate::components::Store;
use crate::drafts::{self, Choice};
use crate::state::{Action, Fixed, Start, State};

/// What an embedding page may choose (the JS API's options, src/api.rs).
#[derive(Debug, Clone)]
pub struct Options {
    /// A report to show (a JSON document, read).
    pub report: Option<Draft>,
    /// Last year's report, for the cross-year rules (as 载入上年报告 does).
    pub last_year: Option<Draft>,
    /// 机关名称 and 年度 to fill in …
    pub agency: Option<String>,
    pub year: Option<String>,
    /// … and whether the user may change them.
    pub fixed: bool,
    /// The key prefix of the drafts in local storage; `None` turns autosave off.
    pub autosave: Option<String>,
    /// Show the report without letting it be changed.
    pub read_only: bool,
    /// Which toolbar buttons show, and the embedding page's 提交 button.
    pub tools: Tools,
}

/// A toolbar button (or group of them) an embedding page may hide (`hide`), by the name it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Open,
    Import,
    Review,
    Drafts,
    New,
    /// The three downloads: 下载发布稿（网页）, 保存存档, 下载 Word.
    Download,
    /// 复制到网站编辑器.
    Copy,
}

impl Tool {
    pub const ALL: [Tool; 7] = [
        Tool::Open,
        Tool::Import,
        Tool::Review,
        Tool::Drafts,
        Tool::New,
        Tool::Download,
        Tool::Copy,
    ];

    /// As the `hide` option and attribute name it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Open => "open",
            Tool::Import => "import",
            Tool::Review => "review",
            Tool::Drafts => "drafts",
            Tool::New => "new",
            Tool::Download => "download",
            Tool::Copy => "copy",
        }
    }

    pub fn from_name(name: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// What the embedding page chose for the toolbar.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tools {
    /// Buttons not shown.
    pub hidden: Vec<Tool>,
    /// The label of a 提交 button that hands the report to the page (`report-submit`); none when
    /// `None`.
    pub submit: Option<String>,
}

impl Tools {
    pub fn shows(&self, tool: Tool) -> bool {
        !self.hidden.contains(&tool)
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            report: None,
            last_year: None,
            agency: None,
            year: None,
            fixed: false,
            autosave: Some(drafts::DEFAULT_PREFIX.to_string()),
            read_only: false,
            tools: Tools::default(),
        }
    }
}

/// Where a form lives.
pub enum Place {
    /// The page is the app (index.html, the single file): the form is drawn in the page itself, the
    /// undo keys work anywhere in it, and an offline copy can be saved when the page is the single file.
    Page { offline: Option<PristinePage> },
    /// The form is embedded in another page, in the shadow root of `host`, which receives the events.
    Embedded { host: Element },
}

/// How a running form is set up, shared by its components and by the JS API's handle.
pub struct Setup {
    /// The element the form is drawn in: every lookup of its elements starts here.
    pub root: Element,
    pub place: Place,
    /// The drafts' key prefix; `None`: autosave is off.
    pub autosave: Option<String>,
    /// Which toolbar buttons show; the 提交 button.
    pub tools: Tools,
    /// This page, as drafts name it.
    pub page: String,
    /// The stamp of the stored draft as this window last read or wrote it (src/drafts.rs: a window
    /// writes only over what it knows). Bookkeeping of the browser side, so not part of the state.
    pub stamp: RefCell<Option<String>>,
    pub bridge: Bridge,
    /// Registers the form for the panic screen, for as long as it runs.
    crash_serial: u64,
}

impl Setup {
    /// The host element of an embedded form (where events go).
    pub fn host(&self) -> Option<&Element> {
        match &self.place {
            Place::Embedded { host } => Some(host),
            Place::Page { .. } => None,
        }
    }

    /// The page as loaded, when an offline copy can be saved from it.
    pub fn offline(&self) -> Option<&PristinePage> {
        match &self.place {
            Place::Page { offline } => offline.as_ref(),
            Place::Embedded { .. } => None,
        }
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        browser::unregister_crash_target(self.crash_serial);
    }
}

/// The link between the state and whoever drives the form from outside (the JS API).
pub struct Bridge(RefCell<Link>);

enum Link {
    /// Not rendered yet: the state made at start, changed by the reducer directly.
    Pending(Rc<State>),
    /// Rendered: the root component's reducer.
    Live(Store),
    /// Taken down; the state it had if it was never rendered (yew may still render it once).
    Gone(Option<Rc<State>>),
}

impl Bridge {
    fn pending(state: State) -> Bridge {
        Bridge(RefCell::new(Link::Pending(Rc::new(state))))
    }

    /// The state to start the reducer with (the root component's first render).
    pub fn initial(&self) -> State {
        match &*self.0.borrow() {
            Link::Pending(state) | Link::Gone(Some(state)) => (**state).clone(),
            Link::Live(store) => (*store.clone()).clone(),
            // Not reached: only the first render asks, and it comes before the link goes live.
            Link::Gone(None) => State::new(nianbao_core::current_template(), Start::default()),
        }
    }

    /// Connects the reducer (every render; only the first one changes anything).
    pub fn connect(&self, store: &Store) {
        let mut link = self.0.borrow_mut();
        if matches!(*link, Link::Pending(_)) {
            *link = Link::Live(store.clone());
        }
    }

    /// Sends an action to the reducer; false once the form is gone.
    pub fn dispatch(&self, action: Action) -> bool {
        let mut link = self.0.borrow_mut();
        match &mut *link {
            Link::Pending(state) => {
                *state = state.clone().reduce(action);
                true
            }
            Link::Live(store) => {
                let store = store.clone();
                // Released first: the reducer may render at once, and a render may read the bridge.
                drop(link);
                store.dispatch(action);
                true
            }
            Link::Gone(_) => false,
        }
    }

    /// Reads the current state; `None` once the form is gone.
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> Option<R> {
        let store = match &*self.0.borrow() {
            Link::Pending(state) => return Some(f(state)),
            // A fresh handle each time: it reads yew's current state, and keeps no history of it.
            Link::Live(store) => store.clone(),
            Link::Gone(_) => return None,
        };
        Some(f(&store))
    }

    pub fn close(&self) {
        let mut link = self.0.borrow_mut();
        let kept = match &*link {
            Link::Pending(state) => Some(state.clone()),
            _ => None,
        };
        *link = Link::Gone(kept);
    }
}

/// Sets up a form drawn in `root`, working out the report it starts from.
pub fn create(root: Element, place: Place, options: Options) -> Rc<Setup> {
    let template = nianbao_core::current_template();
    let page = browser::page();
    let (start, stamp) = load_start(template, &place, &options, &page);
    let crash_serial = browser::register_crash_target(
        match &place {
            Place::Embedded { .. } => Some(root.clone()),
            Place::Page { .. } => None,
        },
        options.autosave.clone(),
        page.clone(),
    );
    Rc::new(Setup {
        root,
        place,
        autosave: options.autosave,
        tools: options.tools,
        page,
        stamp: RefCell::new(stamp),
        bridge: Bridge::pending(State::new(template, start)),
        crash_serial,
    })
}

/// The report to start from, and the stamp of its stored draft (if this window continues one).
fn load_start(
    template: &'static Template,
    place: &Place,
    options: &Options,
    page: &str,
) -> (Start, Option<String>) {
    let mut start = Start {
        storage_ok: true,
        autosave: options.autosave.is_some(),
        read_only: options.read_only,
        current_year: browser::current_year(),
        draft_id: browser::new_draft_id(),
        large_text: browser::large_text(),
        ..Start::default()
    };
    if options.fixed {
        start.fixed = Some(Fixed {
            agency: options.agency.clone(),
            year: options.year.clone(),
        });
    }
    let mut stamp = None;
    // The report block of an offline copy (only the page's own form reads it).
    let block = match place {
        Place::Page { .. } => browser::read_block(),
        Place::Embedded { .. } => None,
    };
    let from_block =
        |start: &mut Start, text: &str, saved_at: Option<u64>| match json::from_json(text) {
            Ok(draft) => {
                start.restored = Some(match saved_at {
                    Some(t) => format!(
                        "已载入本文件中保存的报告（保存于 {}）。填写的内容会自动保存在本浏览器中。",
                        browser::local_time(t as f64)
                    ),
                    None => "已载入本文件中保存的报告。".to_string(),
                });
                start.draft = Some(draft);
            }
            Err(error) => {
                start.alert = Some(format!(
                    "本文件中保存的报告无法读取（{}），现从空白报告开始。",
                    error.zh
                ));
            }
        };

    match &options.autosave {
        None => {
            if let Some((meta, text)) = &block {
                from_block(&mut start, text, meta.saved_at);
            }
        }
        Some(prefix) => match browser::read_drafts(prefix) {
            None => {
                start.storage_ok = false;
                if let Some((meta, text)) = &block {
                    from_block(&mut start, text, meta.saved_at);
                }
            }
            Some(mut stored) => {
                if prefix == drafts::DEFAULT_PREFIX {
                    migrate_legacy(&mut start, &mut stored, page);
                }
                match drafts::choose(page, &stored, block.as_ref().map(|(meta, _)| meta)) {
                    Choice::Blank => {}
                    Choice::Block { fork } => {
                        if let Some((meta, text)) = &block {
                            from_block(&mut start, text, meta.saved_at);
                            if let (false, Some(id)) = (fork, &meta.id) {
                                start.draft_id = id.clone();
                            }
                        }
                    }
                    Choice::Stored { id, fork } => {
                        match browser::read_record(prefix, &id)
                            .map(|r| (json::from_json(&r.json), r))
                        {
                            Some((Ok(draft), record)) => {
                                if !is_blank(&draft, template) {
                                    start.restored = Some(format!(
                                        "已恢复 {} 的草稿。",
                                        browser::local_time(record.saved_at as f64)
                                    ));
                                }
                                start.draft = Some(draft);
                                if !fork {
                                    start.draft_id = id;
                                    stamp = Some(record.stamp);
                                }
                            }
                            // Left where it is (a new id is used): nothing overwrites it.
                            _ => {
                                start.alert = Some(
                                    "上次自动保存的草稿无法读取，现从空白报告开始（原草稿仍保存在浏览器中）。"
                                        .to_string(),
                                );
                            }
                        }
                    }
                }
            }
        },
    }

    // The embedding page's report and header values come last: they are what it asked to show. A
    // report given by the page is a new draft (it does not replace one kept in the browser).
    if let Some(report) = &options.report {
        start.draft = Some(report.clone());
        start.restored = None;
        start.draft_id = browser::new_draft_id();
        stamp = None;
    }
    if let Some(last) = &options.last_year {
        let draft = start.draft.get_or_insert_with(|| Draft::new(template));
        draft.apply(nianbao_core::Edit::LastYear(Some(Box::new(last.clone()))));
    }
    if options.agency.is_some() || options.year.is_some() {
        let draft = start.draft.get_or_insert_with(|| Draft::new(template));
        for (value, slot) in [
            (&options.agency, &mut draft.agency),
            (&options.year, &mut draft.year),
        ] {
            if let Some(value) = value {
                // Filled in where blank; always when the page fixes it.
                if options.fixed || number::trim(slot).is_empty() {
                    *slot = value.clone();
                }
            }
        }
    }
    (start, stamp)
}

/// Reads the first version's single autosave once, as a draft of this page.
fn migrate_legacy(start: &mut Start, stored: &mut Vec<drafts::Meta>, page: &str) {
    match browser::read_legacy() {
        Legacy::Nothing => {}
        Legacy::Unreadable(raw) => unreadable_legacy(start, &raw),
        Legacy::Found {
            json: text,
            saved_at,
        } => match json::from_json(&text) {
            Ok(draft) => {
                let id = browser::new_draft_id();
                // When it cannot be written under its new key it stays under the old one, untouched.
                if let Some(record) = browser::migrate_legacy(&id, page, &draft, saved_at) {
                    stored.push(drafts::Meta {
                        id,
                        saved_at: record.saved_at,
                        stamp: record.stamp,
                        page: record.page,
                        agency: record.agency,
                        year: record.year,
                    });
                }
            }
            Err(_) => unreadable_legacy(start, &text),
        },
    }
}

fn unreadable_legacy(start: &mut Start, raw: &str) {
    // Set aside, so that nothing overwrites what may still be rescued.
    browser::keep_unreadable(raw);
    start.alert = Some(format!(
        "上次自动保存的草稿无法读取，已另存在浏览器中（{}），现从空白报告开始。",
        drafts::UNREADABLE_KEY
    ));
}

/// Whether a draft holds nothing the user typed (totals computed from nothing do not count).
pub fn is_blank(draft: &Draft, template: &'static Template) -> bool {
    let mut blank = Draft::new(template);
    if *draft == blank {
        return true;
    }
    let fill = blank.fill_totals();
    blank.apply(fill);
    *draft == blank
}

/// Saves the draft after a change, if autosave is on: under its id while this window owns it, else
/// under a new id (the reducer is told). Returns whether the browser kept it.
pub fn autosave(setup: &Setup, state: &State) -> bool {
    let Some(prefix) = &setup.autosave else {
        return true;
    };
    let known = setup.stamp.borrow().clone();
    if state.doc.draft.is_empty() {
        // An empty report is no draft: nothing to keep, and a list of drafts full of blank ones
        // (新建 pressed twice, a report typed and cleared) would only hide the real ones. What this
        // page saved of it before goes.
        if known.is_some() {
            browser::delete_draft(prefix, &state.host.draft_id);
            *setup.stamp.borrow_mut() = None;
        }
        return true;
    }
    match browser::save_draft(
        prefix,
        &state.host.draft_id,
        known.as_deref(),
        &setup.page,
        &state.doc.draft,
    ) {
        Saved::Done(stamp) => {
            *setup.stamp.borrow_mut() = Some(stamp);
            true
        }
        Saved::Taken => {
            *setup.stamp.borrow_mut() = None;
            setup.bridge.dispatch(Action::Forked {
                id: browser::new_draft_id(),
            });
            true
        }
        Saved::Failed => false,
    }
}
