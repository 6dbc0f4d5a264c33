//! The app state and its one reducer.
//!
//! Every change to the report goes through here as a core [`Edit`]: the draft applies it and hands
//! back the inverse edit, which is the undo step. After each change the draft is checked again
//! (`check` takes microseconds), so findings are never stale. Components read this state and dispatch
//! [`Action`]s; they never change anything themselves.
//!
//! The state is three parts behind `Rc`s that change independently: the [`Document`] (the report
//! and what is worked out from it), the [`View`] (dialogs, banners, the drafts list, focus requests)
//! and the [`Host`] (draft id, autosave, read-only, fixed header, storage health). An action copies
//! and changes only the parts it touches (`doc_mut`, `view_mut`, `host_mut`), so a component that
//! takes one part (`Shared<Document>`, compared by pointer) is not drawn again for the others.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use nianbao_core::block::{self, Grid, TooBig};
use nianbao_core::imported::Summary;
use nianbao_core::review::{self, Column, Reviewed};
use nianbao_core::{check, Context, Draft, Edit, FieldRef, Finding, Severity, Template};
use yew::{AttrValue, Reducible};

/// Which file a download writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
    /// Word/WPS (.docx), written by the on-demand module.
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Json => "application/json;charset=utf-8",
            Format::Html => "text/html;charset=utf-8",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// How buttons and messages name the file type.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Html => "HTML",
            Format::Docx => "Word",
        }
    }

    /// The download button, named for what it gives: the page to publish, or the file to keep and
    /// open again. Messages that point to a button quote this.
    pub fn button(self) -> &'static str {
        match self {
            Format::Json => "保存存档（可再打开）",
            Format::Html => "下载发布稿（网页）",
            Format::Docx => "下载 Word",
        }
    }
}

/// An in-page question waiting for an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    /// The report has errors: download anyway?
    Download(Format),
    /// The report has errors: hand it to the embedding page (`report-submit`) anyway?
    Submit,
    /// Throw the current report away for a blank one?
    NewReport,
    /// Replace the report on screen (not empty) with the file just opened (`State::opening`)?
    Open,
}

/// A pause longer than this (ms) between two inputs into the same field starts a new undo step, so
/// Ctrl+Z takes back a burst of typing, not a single character and not a whole afternoon.
const TYPING_PAUSE_MS: f64 = 1500.0;

/// Undo keeps at most this many steps (older ones are forgotten).
const MAX_UNDO: usize = 300;

/// A saved draft as the list of drafts shows it: enough to tell two drafts of one agency apart.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftInfo {
    pub id: AttrValue,
    pub agency: AttrValue,
    pub year: AttrValue,
    /// When it was last changed, as people read it (to the second).
    pub when: AttrValue,
    /// The page it was last filled in (a file name, or a web page's address).
    pub origin: AttrValue,
    /// Cells filled in and cells to fill in, and errors (contradictions, unreadable entries), when
    /// the draft could be read.
    pub summary: Option<(usize, usize, usize)>,
}

/// What the list of drafts says of a saved report: (cells filled, cells to fill, errors), counted
/// as the form counts them when it is opened.
pub fn draft_summary(draft: Draft) -> (usize, usize, usize) {
    let state = State::new(
        draft.template,
        Start {
            draft: Some(draft),
            ..Start::default()
        },
    );
    let (filled, total) = state.doc.progress();
    (filled, total, state.doc.counts().errors)
}

/// The list of drafts while it is open.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftsView {
    pub list: Rc<Vec<DraftInfo>>,
    /// The draft whose 删除 waits for confirmation.
    pub confirm_delete: Option<AttrValue>,
}

/// 机关名称 and 年度 as the embedding page fixed them: the form shows them and nothing changes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fixed {
    pub agency: Option<String>,
    pub year: Option<String>,
}

impl Fixed {
    fn value(&self, field: FieldRef) -> Option<&str> {
        match field {
            FieldRef::Agency => self.agency.as_deref(),
            FieldRef::Year => self.year.as_deref(),
            _ => None,
        }
    }
}

/// What the user (or the browser, for files and storage, or the embedding page) did.
#[derive(Debug)]
pub enum Action {
    /// A field's whole new entry after an input event, and when (ms since the epoch).
    Input {
        field: FieldRef,
        value: String,
        at: f64,
    },
    /// A discrete change (a radio, “恢复默认”): one undo step.
    Apply(Edit),
    Undo,
    Redo,
    SetAutoTotals(bool),
    /// Show every finding, including what is simply not filled in yet.
    CheckAll,
    /// “空格填 0”: every blank cell the user types in section `n` gets 0 (one undo step).
    FillBlanks(usize),
    /// A file was opened and read; its name is for the message. Over a report that is not empty
    /// this asks first (`Dialog::Open`).
    Opened {
        draft: Box<Draft>,
        name: String,
    },
    /// The user said yes to `Dialog::Open`: the file replaces the report (one undo step).
    ReplaceWithOpened,
    /// 载入上年报告 (a file read, its name for the message) or, with `None`, 移除: one undo step.
    LastYear(Option<(Box<Draft>, String)>),
    /// 从上年报告新建: next year's report from the one on screen, as a new draft `id` (one undo step;
    /// the report on screen stays in the browser as the draft it was).
    NextYear {
        id: String,
    },
    /// A block pasted into table `table` at a cell (row, column): one undo step, or refused whole
    /// with a message when it does not fit.
    Paste {
        table: usize,
        at: (usize, usize),
        block: Rc<Grid>,
    },
    /// Shows a problem in the alert region.
    Alert(String),
    /// Shows a quiet confirmation in the status region.
    Status(String),
    DismissAlert,
    /// Starts a new, blank report as a new draft `id` (after the user confirmed); the report on
    /// screen stays in the browser as the draft it was.
    NewReport {
        id: String,
    },
    /// The embedding page set the report (JS API `setReport`): one undoable step, as opening a file.
    HostSet(Box<Draft>),
    /// Continue with saved draft `id` (from the list of drafts); `when` it was saved.
    SwitchDraft {
        id: String,
        draft: Box<Draft>,
        when: String,
    },
    /// Another window wrote this draft: continue under the new `id`, so neither overwrites the other.
    Forked {
        id: String,
    },
    /// Open the list of drafts.
    ShowDrafts(Vec<DraftInfo>),
    CloseDrafts,
    /// Ask to confirm deleting a draft (`None`: the user said no).
    AskDelete(Option<String>),
    Ask(Dialog),
    CloseDialog,
    DismissRestored,
    /// Whether the latest autosave worked.
    StorageWorks(bool),
    /// Moves the focus to the element with this id after the next render.
    Focus(String),
    /// Large text (大字) on or off: how the form is shown, remembered by the browser.
    LargeText(bool),
    /// 导入: open (or close) the import panel.
    ShowImport(bool),
    /// The import module is reading a source (the panel says so until the answer comes).
    ImportStarted,
    /// 审阅多份报告: open (or close) the review of many reports.
    ShowReview(bool),
    /// Files are being read for the review (how many).
    ReviewStarted(usize),
    /// The files given for review, read and imported, and their table.
    Reviewed(Rc<Vec<Reviewed>>),
    /// Sort the review table by a column (again: the other way round).
    SortReview(Column),
    /// Show one reviewed report, read-only (`None`: back to the table).
    ViewReviewed(Option<usize>),
    /// An import answered: the summary for the panel and, when the source was a report, the draft,
    /// which then replaces the report as an opened file does (one undo step; over a report that is
    /// not empty, after asking). `name` says where it came from (a file name, “粘贴的文字”).
    Imported {
        draft: Option<Box<Draft>>,
        summary: Rc<Summary>,
        name: String,
    },
}

/// The review of many reports while it is open.
#[derive(Debug, Clone, Default)]
pub struct ReviewView {
    /// Files still being read.
    pub reading: usize,
    /// The files read, in the order given.
    pub files: Rc<Vec<Reviewed>>,
    /// The table, sorted as asked.
    pub rows: Rc<Vec<review::Row>>,
    /// The column sorted by and whether ascending.
    pub sorted: Option<(Column, bool)>,
    /// The row whose report is shown (by file name).
    pub viewing: Option<usize>,
}

impl PartialEq for ReviewView {
    fn eq(&self, other: &Self) -> bool {
        self.reading == other.reading
            && Rc::ptr_eq(&self.files, &other.files)
            && Rc::ptr_eq(&self.rows, &other.rows)
            && self.sorted == other.sorted
            && self.viewing == other.viewing
    }
}

/// The import panel while it is open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportView {
    /// Waiting for the import module's answer.
    pub busy: bool,
    /// The last import's summary and where it came from.
    pub done: Option<(Rc<Summary>, AttrValue)>,
}

/// One message shown at a field.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub severity: Severity,
    /// Only says the field is not filled in yet (marked “未填” rather than “错误”).
    pub pending: bool,
    pub text: AttrValue,
}

/// The messages concerning one field.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Marks {
    pub notes: Vec<Note>,
}

impl Marks {
    /// The worst severity among the notes (errors before warnings), if any.
    pub fn severity(&self) -> Option<Severity> {
        self.notes.iter().map(|n| n.severity).min()
    }

    /// Whether every note only says “not filled in yet”.
    pub fn only_pending(&self) -> bool {
        self.notes.iter().all(|n| n.pending)
    }
}

/// What one numeric cell shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CellView {
    pub value: AttrValue,
    pub marks: Marks,
    /// Computed by auto totals.
    pub locked: bool,
    /// The form is read-only.
    pub readonly: bool,
}

/// A value shared between states while it does not change, compared by identity: components whose
/// props hold one skip their render in a pointer comparison. [`State`] makes a new one only when
/// what it holds changed, so equal pointers mean equal contents (a new pointer to equal contents
/// only costs a render).
#[derive(Debug, Default)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The cells of one table row, left to right.
pub type RowCells = Shared<Vec<CellView>>;

/// The rows of one table, top to bottom.
pub type TableCells = Shared<Vec<RowCells>>;

/// How many findings of each kind are shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    /// Blank entries, after “检查全部” (before it they are progress, not findings).
    pub blanks: usize,
}

/// A burst of typing: the field and the time of its last input (ms).
type Typing = Option<(FieldRef, f64)>;

/// A stack of edits that shares its tail between states, so that cloning the state for each action
/// costs nothing however long the history is.
#[derive(Debug, Clone, Default)]
struct History(Option<Rc<Step>>);

#[derive(Debug)]
struct Step {
    edit: Edit,
    /// Set while the step is a burst of typing into one field.
    typing: Typing,
    below: History,
    depth: usize,
}

impl History {
    fn depth(&self) -> usize {
        self.0.as_ref().map_or(0, |s| s.depth)
    }

    fn push(&self, edit: Edit, typing: Typing) -> History {
        let below = if self.depth() >= MAX_UNDO {
            self.truncated(MAX_UNDO - 1)
        } else {
            self.clone()
        };
        History(Some(Rc::new(Step {
            edit,
            typing,
            depth: below.depth() + 1,
            below,
        })))
    }

    fn pop(&self) -> Option<(Edit, Typing, History)> {
        let step = self.0.as_ref()?;
        Some((step.edit.clone(), step.typing, step.below.clone()))
    }

    fn typing(&self) -> Typing {
        self.0.as_ref().and_then(|s| s.typing)
    }

    /// The newest `keep` steps.
    fn truncated(&self, keep: usize) -> History {
        let mut steps = Vec::with_capacity(keep);
        let mut at = self;
        while let Some(step) = at.0.as_ref() {
            if steps.len() == keep {
                break;
            }
            steps.push((step.edit.clone(), step.typing));
            at = &step.below;
        }
        let mut out = History::default();
        for (edit, typing) in steps.into_iter().rev() {
            out = History(Some(Rc::new(Step {
                edit,
                typing,
                depth: out.depth() + 1,
                below: out,
            })));
        }
        out
    }
}

/// What the app starts from (read from the browser before the form is mounted, src/instance.rs).
#[derive(Debug, Default)]
pub struct Start {
    /// The report to show: a restored draft, an offline copy's report, the embedding page's report.
    pub draft: Option<Draft>,
    /// The id of the draft the report is saved as.
    pub draft_id: String,
    /// What the “restored” banner says (which draft, saved when).
    pub restored: Option<String>,
    pub storage_ok: bool,
    /// Whether drafts are kept in the browser at all.
    pub autosave: bool,
    pub read_only: bool,
    pub fixed: Option<Fixed>,
    pub current_year: Option<u16>,
    /// A problem to show at once (e.g. an autosave that could not be read).
    pub alert: Option<String>,
    /// Large text, as the browser remembers it.
    pub large_text: bool,
}

/// The report and everything worked out from it: what the form's fields, tables and findings show.
/// It changes when the report changes (an edit, undo, a file opened) or how it is checked (strict
/// mode, auto totals); components that draw the report take it alone (`Shared<Document>`), so that
/// a dialog, a banner or a focus request does not draw the form again.
#[derive(Debug, Clone)]
pub struct Document {
    pub template: &'static Template,
    /// The report as typed: the single source of truth.
    pub draft: Draft,
    /// Every finding of the current draft, in template order.
    pub findings: Rc<Vec<Finding>>,
    /// The findings shown: all of them in strict mode, else those that are not just “not filled in”.
    pub shown: Rc<Vec<Finding>>,
    marks: Rc<HashMap<FieldRef, Marks>>,
    derived: Rc<HashSet<FieldRef>>,
    undo: History,
    redo: History,
    /// Derived cells (totals) are computed and read-only.
    pub auto_totals: bool,
    /// Whether blank entries count as findings yet (after “检查全部” or a download).
    pub strict: bool,
    /// Grows with every change of the draft; autosave runs when it changes.
    pub revision: u64,
    pub current_year: Option<u16>,
    /// Grows with every full check (“检查全部”, a download, the API's `validate`).
    pub checks: u64,
    /// What the cells of each table show (`Template::tables` order), kept from state to state for
    /// every row that did not change: typing in one cell draws again only the rows it changed.
    tables: Rc<Vec<TableCells>>,
}

/// What the page shows around the report for a moment: questions, banners, the list of drafts, a
/// focus request; and how it shows the form (large text).
#[derive(Debug, Clone, Default)]
pub struct View {
    pub dialog: Option<Dialog>,
    /// A problem for the alert region.
    pub alert: Option<AttrValue>,
    /// A quiet confirmation for the status region.
    pub status: Option<AttrValue>,
    /// The “restored” banner: which report was restored, saved when.
    pub restored: Option<AttrValue>,
    /// The list of drafts, while it is open.
    pub drafts: Option<DraftsView>,
    /// A file read but not yet put in place, waiting for `Dialog::Open` to be answered (its name).
    pub opening: Option<Rc<(Draft, String)>>,
    /// The element to focus after the next render, with a counter so the same id can be asked again.
    pub focus: Option<(AttrValue, u64)>,
    /// Large text (大字): the form 1.5 times as large, in stronger contrast (class `nb-large`).
    pub large_text: bool,
    /// The import panel, while it is open.
    pub import: Option<ImportView>,
    /// The review of many reports, while it is open.
    pub review: Option<ReviewView>,
}

/// Where the report lives and what the page (or the embedding host) allows: set at start, changed
/// rarely (a new draft id, storage failing).
#[derive(Debug, Clone)]
pub struct Host {
    pub storage_ok: bool,
    /// The id of the draft the report is saved as (src/drafts.rs).
    pub draft_id: AttrValue,
    /// Whether drafts are kept in the browser (the embedding page may turn it off).
    pub autosave: bool,
    /// Shown, not changed: every edit is ignored (the embedding page may still set the report).
    pub read_only: bool,
    /// 机关名称 and 年度 fixed by the embedding page.
    pub fixed: Option<Rc<Fixed>>,
}

/// Everything the form shows, in three parts that change independently: an action that changes
/// only one part leaves the others' `Rc` as they were, so components that take one part alone are
/// not drawn again.
#[derive(Debug, Clone)]
pub struct State {
    pub doc: Rc<Document>,
    pub view: Rc<View>,
    pub host: Rc<Host>,
    /// Distinguishes the states one after another, so that components compare them cheaply.
    serial: u64,
}

/// States are equal when they are the same state: every action that changes anything makes a new one.
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.serial == other.serial
    }
}

impl Document {
    /// A field's entry as typed.
    pub fn value(&self, field: FieldRef) -> AttrValue {
        AttrValue::from(self.draft.get(field).to_string())
    }

    /// What the cells of table `t` show, row by row.
    pub fn table_cells(&self, t: usize) -> TableCells {
        self.tables.get(t).cloned().unwrap_or_default()
    }

    /// The messages shown at a field.
    pub fn marks(&self, field: FieldRef) -> Marks {
        self.marks.get(&field).cloned().unwrap_or_default()
    }

    /// Whether a cell is computed by auto totals (and so read-only).
    pub fn is_locked(&self, field: FieldRef) -> bool {
        self.auto_totals && self.derived.contains(&field)
    }

    pub fn can_undo(&self) -> bool {
        self.undo.depth() > 0
    }

    pub fn can_redo(&self) -> bool {
        self.redo.depth() > 0
    }

    /// Shown findings by kind: errors and warnings (contradictions, unreadable entries), and blanks
    /// (what is only not filled in yet, shown after “检查全部” as 未填, not as errors).
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for f in self.shown.iter() {
            match (f.pending, f.severity) {
                (true, _) => counts.blanks += 1,
                (false, Severity::Error) => counts.errors += 1,
                (false, Severity::Warning) => counts.warnings += 1,
            }
        }
        counts
    }

    /// The blank cells of section `section` that the user types in (not the computed totals), in
    /// the order of the form: what “空格填 0” fills.
    pub fn blank_cells(&self, section: usize) -> Vec<FieldRef> {
        let mut out = Vec::new();
        for (t, table) in self.template.tables().enumerate() {
            if self.template.section_of_table(table.id) != section {
                continue;
            }
            for row in 0..table.rows.len() {
                for col in 0..usize::from(table.columns) {
                    let field = FieldRef::Cell { table: t, row, col };
                    if !self.is_locked(field) && self.draft.is_blank(field) {
                        out.push(field);
                    }
                }
            }
        }
        out
    }

    /// Every error of the draft, not-filled-in ones included (what a download warns about), in the
    /// order of the findings panel: section by section, top to bottom.
    pub fn errors(&self) -> Vec<&Finding> {
        let mut errors: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        errors.sort_by_key(|f| f.section);
        errors
    }

    /// Per column of table `t`: whether a shown finding sums that column and it does not add up (the
    /// column's head is marked, so the user looks at the whole column, not only the focused cell).
    pub fn flagged_columns(&self, t: usize) -> Vec<bool> {
        let columns = self
            .template
            .tables()
            .nth(t)
            .map_or(0, |def| usize::from(def.columns));
        let mut out = vec![false; columns];
        for finding in self.shown.iter().filter(|f| !f.pending) {
            let cells: Vec<(usize, usize, usize)> = finding
                .fields
                .iter()
                .filter_map(|f| match *f {
                    FieldRef::Cell { table, row, col } => Some((table, row, col)),
                    _ => None,
                })
                .collect();
            // A column sum: several cells, all of table `t`, all in one column.
            if let [(table, _, col), rest @ ..] = &cells[..] {
                if *table == t
                    && !rest.is_empty()
                    && cells.len() == finding.fields.len()
                    && rest.iter().all(|&(tt, _, c)| tt == t && c == *col)
                {
                    if let Some(flag) = out.get_mut(*col) {
                        *flag = true;
                    }
                }
            }
        }
        out
    }

    /// For table `t`: which of its rows hold last year's figures as the format carries them over
    /// (二、上年结转 = last year's 四、结转下年度继续办理), when last year's report is loaded and the
    /// row agrees with it (S1 speaks when it does not).
    pub fn carried_note(&self, t: usize) -> Option<String> {
        let last = self.draft.last_year.as_deref()?;
        let (def_t, def) = self.template.tables().enumerate().nth(t)?;
        self.template.rules.iter().find_map(|rule| match rule {
            nianbao_core::template::Rule::CarryOver {
                table,
                this_row,
                last_row,
                ..
            } if *table == def.id => {
                let columns = usize::from(def.columns);
                let cell = |d: &Draft, row: usize, col: usize| {
                    nianbao_core::number::trim(d.get(FieldRef::Cell {
                        table: def_t,
                        row,
                        col,
                    }))
                    .to_string()
                };
                let same = (0..columns)
                    .all(|col| cell(&self.draft, *this_row, col) == cell(last, *last_row, col));
                let filled = (0..columns).any(|col| !cell(&self.draft, *this_row, col).is_empty());
                (same && filled).then(|| {
                    format!(
                        "“{}”与上年（{}）报告的“{}”一致，已按上年报告填入。",
                        def.row_name(*this_row),
                        nianbao_core::number::trim(&last.year),
                        def.row_name(*last_row)
                    )
                })
            }
            _ => None,
        })
    }

    /// Cells filled in and cells to fill in. With auto totals on, computed cells are not the user's
    /// to fill, so they count neither way.
    pub fn progress(&self) -> (usize, usize) {
        if !self.auto_totals {
            return self.draft.progress();
        }
        let (mut filled, mut total) = (0, 0);
        for (t, table) in self.template.tables().enumerate() {
            for row in 0..table.rows.len() {
                for col in 0..usize::from(table.columns) {
                    let field = FieldRef::Cell { table: t, row, col };
                    if self.derived.contains(&field) {
                        continue;
                    }
                    total += 1;
                    if !self.draft.is_blank(field) {
                        filled += 1;
                    }
                }
            }
        }
        (filled, total)
    }

    /// Checks the draft again (`read_only`: the host's, which the cells show).
    fn refresh(&mut self, read_only: bool) {
        if !std::ptr::eq(self.template, self.draft.template) {
            // An opened file may be of another format (once there is more than one).
            self.template = self.draft.template;
            self.derived = Rc::new(derived_fields(self.template));
        }
        let ctx = Context {
            last_year: None,
            current_year: self.current_year,
            auto_totals: self.auto_totals,
        };
        let (_report, findings) = check(&self.draft, &ctx);
        self.findings = Rc::new(findings);
        self.refilter(read_only);
    }

    /// Chooses the findings to show and hangs their messages on their fields.
    fn refilter(&mut self, read_only: bool) {
        let mut shown: Vec<Finding> = self
            .findings
            .iter()
            .filter(|f| self.strict || !f.pending)
            .cloned()
            .collect();
        // Errors first, then warnings, then what is only not filled in; each section by section in
        // the order of the form (the sort is stable).
        shown.sort_by_key(|f| (f.pending, f.severity, f.section));
        let mut marks: HashMap<FieldRef, Marks> = HashMap::new();
        for finding in &shown {
            let text = AttrValue::from(finding.message.clone());
            for field in &finding.fields {
                let notes = &mut marks.entry(*field).or_default().notes;
                if !notes.iter().any(|n| n.text == text) {
                    notes.push(Note {
                        severity: finding.severity,
                        pending: finding.pending,
                        text: text.clone(),
                    });
                }
            }
        }
        self.shown = Rc::new(shown);
        self.marks = Rc::new(marks);
        self.update_cells(read_only);
    }

    /// Brings [`State::tables`] up to date with the draft and the marks, keeping every row (and
    /// table) whose cells show the same as before. About 200 comparisons a keystroke; allocates only
    /// for what changed.
    fn update_cells(&mut self, read_only: bool) {
        let template = self.template;
        let old = Rc::clone(&self.tables);
        let mut changed = old.len() != template.tables().count();
        let tables: Vec<TableCells> = template
            .tables()
            .enumerate()
            .map(|(t, def)| {
                let old_table = old.get(t);
                let columns = usize::from(def.columns);
                let mut table_changed = old_table.is_none_or(|o| o.len() != def.rows.len());
                let rows: Vec<RowCells> = (0..def.rows.len())
                    .map(|row| {
                        let old_row = old_table.and_then(|o| o.get(row));
                        let field = |col| FieldRef::Cell { table: t, row, col };
                        let same = old_row.is_some_and(|o| {
                            o.len() == columns
                                && o.iter().enumerate().all(|(col, cell)| {
                                    let f = field(col);
                                    cell.value.as_str() == self.draft.get(f)
                                        && cell.locked == self.is_locked(f)
                                        && cell.readonly == read_only
                                        && self
                                            .marks
                                            .get(&f)
                                            .map_or(cell.marks.notes.is_empty(), |m| {
                                                *m == cell.marks
                                            })
                                })
                        });
                        match old_row {
                            Some(o) if same => o.clone(),
                            _ => {
                                table_changed = true;
                                Shared(Rc::new(
                                    (0..columns)
                                        .map(|col| CellView {
                                            value: self.value(field(col)),
                                            marks: self.marks(field(col)),
                                            locked: self.is_locked(field(col)),
                                            readonly: read_only,
                                        })
                                        .collect(),
                                ))
                            }
                        }
                    })
                    .collect();
                match old_table {
                    Some(o) if !table_changed => o.clone(),
                    _ => {
                        changed = true;
                        Shared(Rc::new(rows))
                    }
                }
            })
            .collect();
        if changed {
            self.tables = Rc::new(tables);
        }
    }
}

impl Host {
    /// Whether the user may not type into a field: the whole form is read-only, or the embedding
    /// page fixed the field.
    pub fn is_readonly(&self, field: FieldRef) -> bool {
        self.read_only
            || self
                .fixed
                .as_ref()
                .is_some_and(|f| f.value(field).is_some())
    }
}

impl State {
    pub fn new(template: &'static Template, start: Start) -> State {
        let derived = derived_fields(template);
        let mut draft = start.draft.unwrap_or_else(|| Draft::new(template));
        let fixed = start.fixed.map(Rc::new);
        if let Some(fix) = fixed.as_deref().and_then(|f| fix_header(&draft, f)) {
            draft.apply(fix);
        }
        // A draft whose totals disagree with their parts was typed with auto totals off: keep it so.
        let auto_totals = !totals_disagree(&draft);
        if auto_totals {
            let fill = draft.fill_totals();
            draft.apply(fill);
        }
        let mut state = State {
            doc: Rc::new(Document {
                template,
                draft,
                findings: Rc::default(),
                shown: Rc::default(),
                marks: Rc::default(),
                derived: Rc::new(derived),
                undo: History::default(),
                redo: History::default(),
                auto_totals,
                strict: false,
                revision: 0,
                current_year: start.current_year,
                checks: 0,
                tables: Rc::default(),
            }),
            view: Rc::new(View {
                alert: start.alert.map(AttrValue::from),
                restored: start.restored.map(AttrValue::from),
                large_text: start.large_text,
                ..View::default()
            }),
            host: Rc::new(Host {
                storage_ok: start.storage_ok,
                draft_id: start.draft_id.into(),
                autosave: start.autosave,
                read_only: start.read_only,
                fixed,
            }),
            serial: 0,
        };
        state.refresh();
        state
    }

    /// The report, to change (copied first when an earlier state still shares it).
    fn doc_mut(&mut self) -> &mut Document {
        Rc::make_mut(&mut self.doc)
    }

    fn view_mut(&mut self) -> &mut View {
        Rc::make_mut(&mut self.view)
    }

    fn host_mut(&mut self) -> &mut Host {
        Rc::make_mut(&mut self.host)
    }

    /// Whether an action would change the report although the form is read-only, or type into a
    /// fixed field: such an action is ignored.
    fn refuses(&self, action: &Action) -> bool {
        match action {
            Action::Input { field, .. } => self.host.is_readonly(*field),
            Action::Apply(_)
            | Action::Paste { .. }
            | Action::FillBlanks(_)
            | Action::Undo
            | Action::Redo
            | Action::SetAutoTotals(_)
            | Action::Opened { .. }
            | Action::Imported { .. }
            | Action::ReplaceWithOpened
            | Action::LastYear(_)
            | Action::NextYear { .. }
            | Action::NewReport { .. }
            | Action::SwitchDraft { .. } => self.host.read_only,
            _ => false,
        }
    }

    fn handle(&mut self, action: Action) {
        match action {
            Action::Input { field, value, at } => {
                self.change(Edit::Set(field, value), Some((field, at)));
            }
            Action::Apply(edit) => self.change(edit, None),
            Action::Undo => {
                if let Some((edit, _, below)) = self.doc.undo.pop() {
                    let focus = edited_field(&edit, &self.doc.derived);
                    let redo = self.doc_mut().draft.apply(edit);
                    self.doc_mut().undo = below;
                    self.doc_mut().redo = self.doc.redo.push(redo, None);
                    self.after_change(focus);
                }
            }
            Action::Redo => {
                if let Some((edit, _, below)) = self.doc.redo.pop() {
                    let focus = edited_field(&edit, &self.doc.derived);
                    let undo = self.doc_mut().draft.apply(edit);
                    self.doc_mut().redo = below;
                    self.doc_mut().undo = self.doc.undo.push(undo, None);
                    self.after_change(focus);
                }
            }
            Action::SetAutoTotals(on) => {
                self.doc_mut().auto_totals = on;
                if on {
                    // Computes the totals at once; one undo step, so typed totals can come back.
                    self.change(Edit::Batch(Vec::new()), None);
                } else {
                    self.refresh();
                }
            }
            Action::CheckAll => {
                self.doc_mut().strict = true;
                self.doc_mut().checks += 1;
                self.refilter();
            }
            Action::FillBlanks(section) => {
                let zeros = self
                    .doc
                    .blank_cells(section)
                    .into_iter()
                    .map(|field| Edit::Set(field, "0".to_string()))
                    .collect();
                self.change(Edit::Batch(zeros), None);
            }
            Action::Opened { draft, name } if !self.doc.draft.is_empty() => {
                self.view_mut().opening = Some(Rc::new((*draft, name)));
                self.view_mut().dialog = Some(Dialog::Open);
                self.request_focus("nb-confirm-no".into());
            }
            Action::ReplaceWithOpened => {
                self.view_mut().dialog = None;
                if let Some(opening) = self.view_mut().opening.take() {
                    let (draft, name) = Rc::unwrap_or_clone(opening);
                    self.open(Box::new(draft), &name);
                }
            }
            Action::Opened { draft, name } => self.open(draft, &name),
            Action::LastYear(Some((last, name))) => {
                let what = report_name(&last);
                self.change(Edit::LastYear(Some(last)), None);
                self.view_mut().status = Some(
                    format!("已载入上年报告“{name}”（{what}）。本报告的上年结转和现行有效件数将与它核对。")
                        .into(),
                );
            }
            Action::LastYear(None) => {
                self.change(Edit::LastYear(None), None);
                self.view_mut().status = Some("已移除上年报告。如需找回，可以点“撤销”。".into());
            }
            Action::NextYear { id } => {
                let next = self.doc.draft.next_year();
                let title = draft_title(&next);
                self.host_mut().draft_id = id.into();
                self.doc_mut().strict = false;
                self.view_mut().restored = None;
                self.view_mut().alert = None;
                self.change(Edit::Replace(Box::new(next)), None);
                self.view_mut().status = Some(
                    format!("已新建“{title}”：沿用了上年的机关名称和各部分文字（请逐段按本年度情况修改），“二、上年结转”已按上年的“四、结转下年度继续办理”填好。上年的报告仍在“草稿”中。")
                        .into(),
                );
            }
            Action::Paste { table, at, block } => self.paste(table, at, &block),
            Action::Alert(text) => {
                self.view_mut().alert = Some(text.into());
                self.view_mut().status = None;
            }
            Action::Status(text) => self.view_mut().status = Some(text.into()),
            Action::DismissAlert => self.view_mut().alert = None,
            Action::NewReport { id } => {
                self.view_mut().dialog = None;
                self.view_mut().restored = None;
                self.view_mut().alert = None;
                self.doc_mut().strict = false;
                self.host_mut().draft_id = id.into();
                self.change(Edit::Replace(Box::new(Draft::new(self.doc.template))), None);
                self.view_mut().status = Some(
                    if self.host.autosave && self.host.storage_ok {
                        "已新建空白报告。刚才的报告仍保存在“草稿”中，也可以点“撤销”找回。"
                    } else {
                        "已新建空白报告。如需找回刚才的内容，请点“撤销”。"
                    }
                    .into(),
                );
            }
            Action::HostSet(draft) => {
                self.replace(draft);
                self.view_mut().status = None;
            }
            Action::SwitchDraft { id, draft, when } => {
                let title = draft_title(&draft);
                self.host_mut().draft_id = id.into();
                self.doc_mut().auto_totals = !totals_disagree(&draft);
                self.doc_mut().draft = *draft;
                if self.doc.auto_totals {
                    let fill = self.doc.draft.fill_totals();
                    self.doc_mut().draft.apply(fill);
                }
                if let Some(fix) = self
                    .host
                    .fixed
                    .as_deref()
                    .and_then(|f| fix_header(&self.doc.draft, f))
                {
                    self.doc_mut().draft.apply(fix);
                }
                // Another draft: the undo steps of the one before do not apply to it.
                self.doc_mut().undo = History::default();
                self.doc_mut().redo = History::default();
                self.doc_mut().strict = false;
                self.view_mut().drafts = None;
                self.view_mut().restored = None;
                self.view_mut().alert = None;
                self.view_mut().dialog = None;
                // Saved at once, so that this page now owns the draft.
                self.doc_mut().revision += 1;
                self.refresh();
                self.view_mut().status =
                    Some(format!("已打开 {when} 保存的草稿“{title}”。").into());
            }
            Action::Forked { id } => {
                self.host_mut().draft_id = id.into();
                self.view_mut().status = Some(
                    "这份报告在另一个窗口中也被修改过。为了不互相覆盖，本窗口的内容已另存为一份新的草稿（点“草稿”可以看到两份）。"
                        .into(),
                );
            }
            Action::ShowDrafts(list) => {
                self.view_mut().drafts = Some(DraftsView {
                    list: Rc::new(list),
                    confirm_delete: None,
                });
                self.request_focus("nb-drafts-close".into());
            }
            Action::CloseDrafts => self.view_mut().drafts = None,
            Action::AskDelete(id) => {
                if let Some(view) = &mut self.view_mut().drafts {
                    view.confirm_delete = id.map(AttrValue::from);
                }
            }
            Action::Ask(Dialog::NewReport) if self.doc.draft.is_empty() => {
                self.view_mut().status = Some("当前已经是一份空白报告，直接填写即可。".into());
            }
            Action::Ask(dialog) => {
                self.view_mut().dialog = Some(dialog);
                // The safe answer takes the focus.
                self.request_focus("nb-confirm-no".into());
            }
            Action::CloseDialog => {
                self.view_mut().dialog = None;
                self.view_mut().opening = None;
            }
            Action::DismissRestored => self.view_mut().restored = None,
            Action::StorageWorks(ok) => self.host_mut().storage_ok = ok,
            Action::Focus(id) => self.request_focus(id),
            Action::LargeText(on) => self.view_mut().large_text = on,
            Action::ShowReview(open) => {
                self.view_mut().review = open.then(ReviewView::default);
                self.request_focus(
                    if open {
                        "nb-review-choose"
                    } else {
                        "nb-review"
                    }
                    .into(),
                );
            }
            Action::ReviewStarted(count) => {
                self.view_mut()
                    .review
                    .get_or_insert_with(ReviewView::default)
                    .reading = count;
            }
            Action::Reviewed(files) => {
                let rows = review::review(&files, self.doc.current_year);
                let view = self
                    .view_mut()
                    .review
                    .get_or_insert_with(ReviewView::default);
                view.reading = 0;
                view.files = files;
                view.rows = Rc::new(rows);
                view.sorted = None;
                view.viewing = None;
                self.request_focus("nb-review-table".into());
            }
            Action::SortReview(column) => {
                if let Some(view) = self.view_mut().review.as_mut() {
                    let ascending = view.sorted != Some((column, true));
                    let mut rows = (*view.rows).clone();
                    review::sort(&mut rows, column, ascending);
                    view.rows = Rc::new(rows);
                    view.sorted = Some((column, ascending));
                }
            }
            Action::ViewReviewed(index) => {
                if let Some(view) = self.view_mut().review.as_mut() {
                    view.viewing = index;
                }
                self.request_focus(
                    if index.is_some() {
                        "nb-review-back"
                    } else {
                        "nb-review-table"
                    }
                    .into(),
                );
            }
            Action::ShowImport(open) => {
                self.view_mut().import = open.then(ImportView::default);
                self.request_focus(if open { "nb-import-text" } else { "nb-import" }.into());
            }
            Action::ImportStarted => {
                let view = self.view_mut();
                view.import.get_or_insert_with(ImportView::default).busy = true;
                view.alert = None;
            }
            Action::Imported {
                draft,
                summary,
                name,
            } => {
                self.view_mut().import = Some(ImportView {
                    busy: false,
                    done: Some((summary, AttrValue::from(name.clone()))),
                });
                match draft {
                    Some(draft) if !self.doc.draft.is_empty() => {
                        self.handle(Action::Opened { draft, name });
                    }
                    Some(draft) => {
                        self.replace(draft);
                        self.view_mut().status = Some(
                            format!("已导入“{name}”，导入结果见“导入已发布的报告”。如需回到导入前的内容，请点“撤销”。")
                                .into(),
                        );
                        self.request_focus("nb-import-summary".into());
                    }
                    None => self.request_focus("nb-import-summary".into()),
                }
            }
        }
    }

    /// Puts an opened file in place of the report: one undo step.
    fn open(&mut self, draft: Box<Draft>, name: &str) {
        let disagree = self.replace(draft);
        self.view_mut().status = Some(AttrValue::from(if disagree {
            format!(
                "已打开“{name}”。文件中有合计与分项之和不一致，已关闭“自动计算合计”，请核对标出的单元格。"
            )
        } else {
            format!("已打开“{name}”。如需回到打开前的内容，请点“撤销”。")
        }));
    }

    /// Replaces the whole report (an opened file, the embedding page's report) as one undo step;
    /// says whether its totals disagree with their parts (auto totals are then turned off).
    fn replace(&mut self, draft: Box<Draft>) -> bool {
        let disagree = totals_disagree(&draft);
        if disagree {
            self.doc_mut().auto_totals = false;
        }
        self.change(Edit::Replace(draft), None);
        self.view_mut().alert = None;
        self.view_mut().restored = None;
        disagree
    }

    /// Applies a user's edit as one undo step, with the totals recomputed (and fixed header values
    /// kept) in the same step.
    /// Fills the cells a block covers from `at` (`block::place`), as one undo step, and says what it
    /// did. A block that does not fit changes nothing and says why; figures that fell on computed
    /// totals and differ from what the form works out are named.
    fn paste(&mut self, table: usize, at: (usize, usize), block: &Grid) {
        let Some(def) = self.doc.template.tables().nth(table) else {
            return;
        };
        let placed = match block::paste(&self.doc.draft, table, at, block, self.doc.auto_totals) {
            Ok(placed) => placed,
            Err(TooBig {
                rows,
                cols,
                room_rows,
                room_cols,
            }) => {
                return self.handle(Action::Alert(format!(
                    "粘贴的内容有 {rows} 行 {cols} 列，从这一格起向下只有 {room_rows} 行、向右只有 \
                     {room_cols} 列可填，放不下，所以没有粘贴。请少复制几行或几列，或者从更靠上、\
                     靠左的格子开始粘贴。"
                )));
            }
        };
        let cell = |row, col| FieldRef::Cell { table, row, col };
        let edits = placed
            .cells
            .into_iter()
            .map(|(r, c, v)| Edit::Set(cell(r, c), v))
            .collect();
        self.change(Edit::Batch(edits), None);
        let mut said = format!("已粘贴 {} 行 {} 列。", placed.rows, placed.cols);
        if placed.stepped {
            said += "自动计算的合计行、列已跳过，数字填在它们之后。";
        }
        if !placed.skipped.is_empty() {
            said += &format!(
                "其中 {} 格落在自动计算的合计上，未写入。",
                placed.skipped.len()
            );
        }
        if placed.differ.is_empty() {
            return self.handle(Action::Status(said));
        }
        let differ: Vec<String> = placed
            .differ
            .iter()
            .map(|(r, c, pasted, computed)| {
                format!(
                    "“{} {}”粘贴的是 {pasted}，自动计算为 {computed}",
                    def.row_name(*r),
                    def.column_name(*c)
                )
            })
            .collect();
        said += &format!("请核对：{}。", differ.join("；"));
        self.handle(Action::Alert(said));
    }

    fn change(&mut self, edit: Edit, typing: Typing) {
        let mut undo = self.doc_mut().draft.apply(edit);
        if let Some(fix) = self
            .host
            .fixed
            .as_deref()
            .and_then(|f| fix_header(&self.doc.draft, f))
        {
            let undo_fix = self.doc_mut().draft.apply(fix);
            undo = Edit::Batch(vec![undo_fix, undo]);
        }
        if self.doc.auto_totals {
            let fill = self.doc.draft.fill_totals();
            if !is_empty(&fill) {
                let undo_fill = self.doc_mut().draft.apply(fill);
                undo = Edit::Batch(vec![undo_fill, undo]);
            }
        }
        if is_empty(&undo) {
            // Nothing changed (the same entry again): no undo step, no autosave.
            return;
        }
        self.doc_mut().undo = match (typing, self.doc.undo.typing()) {
            (Some((field, at)), Some((last, last_at)))
                if field == last && (0.0..TYPING_PAUSE_MS).contains(&(at - last_at)) =>
            {
                // Still the same burst of typing: undoing it undoes this input, then the earlier ones.
                let (earlier, _, below) =
                    self.doc
                        .undo
                        .pop()
                        .unwrap_or((undo.clone(), None, History::default()));
                below.push(Edit::Batch(vec![undo, earlier]), typing)
            }
            _ => self.doc.undo.push(undo, typing),
        };
        self.doc_mut().redo = History::default();
        self.after_change(None);
    }

    fn after_change(&mut self, focus: Option<FieldRef>) {
        self.doc_mut().revision += 1;
        self.view_mut().status = None;
        if let Some(field) = focus {
            self.request_focus(crate::ids::focus_target(self.doc.template, field));
        }
        self.refresh();
    }

    fn request_focus(&mut self, id: String) {
        let seq = self.view.focus.as_ref().map_or(0, |(_, n)| n + 1);
        self.view_mut().focus = Some((id.into(), seq));
    }

    /// Checks the draft again.
    fn refresh(&mut self) {
        let read_only = self.host.read_only;
        self.doc_mut().refresh(read_only);
    }

    /// Chooses the findings to show again (strict mode changed).
    fn refilter(&mut self) {
        let read_only = self.host.read_only;
        self.doc_mut().refilter(read_only);
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if self.refuses(&action) {
            return self;
        }
        let edit = matches!(action, Action::Input { .. } | Action::Apply(_));
        let mut next = (*self).clone();
        next.serial += 1;
        next.handle(action);
        if edit && (Rc::ptr_eq(&next.doc, &self.doc) || next.doc.draft == self.doc.draft) {
            // An edit that changed nothing (the same entry again): no undo step, no autosave, and
            // the same state, so nothing renders again.
            return self;
        }
        Rc::new(next)
    }
}

/// The edit that puts fixed header values back, if the draft differs from them.
fn fix_header(draft: &Draft, fixed: &Fixed) -> Option<Edit> {
    let edits: Vec<Edit> = [FieldRef::Agency, FieldRef::Year]
        .into_iter()
        .filter_map(|field| {
            let value = fixed.value(field)?;
            (draft.get(field) != value).then(|| Edit::Set(field, value.to_string()))
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// How the form names a loaded last year's report: `某局（2023年度）`.
pub fn report_name(draft: &Draft) -> String {
    let agency = nianbao_core::number::trim(&draft.agency);
    let year = nianbao_core::number::trim(&draft.year);
    format!(
        "{}（{}）",
        if agency.is_empty() {
            "未填机关名称"
        } else {
            agency
        },
        if year.is_empty() {
            "未填年度".to_string()
        } else {
            format!("{year}年度")
        }
    )
}

/// How messages name a draft: its title, or “未填机关名称” while the header is blank.
pub fn draft_title(draft: &Draft) -> String {
    let agency = nianbao_core::number::trim(&draft.agency);
    let year = nianbao_core::number::trim(&draft.year);
    if agency.is_empty() && year.is_empty() {
        "未填机关名称和年度的报告".to_string()
    } else {
        draft.title()
    }
}

/// The cells auto totals compute.
fn derived_fields(template: &Template) -> HashSet<FieldRef> {
    template
        .derived_cells()
        .into_iter()
        .map(|(table, row, col)| FieldRef::Cell { table, row, col })
        .collect()
}

/// Whether an edit does nothing (an empty batch, or batches of them).
fn is_empty(edit: &Edit) -> bool {
    match edit {
        Edit::Batch(edits) => edits.iter().all(is_empty),
        _ => false,
    }
}

/// Whether some filled-in total differs from what auto totals computes. Blank totals do not count:
/// auto totals may fill them.
fn totals_disagree(draft: &Draft) -> bool {
    let mut filled = draft.clone();
    filled.apply(draft.fill_totals());
    derived_fields(draft.template)
        .into_iter()
        .any(|field| !draft.is_blank(field) && draft.get(field) != filled.get(field))
}

/// The field an undo or redo step changes, to show it to the user: the first field the user typed in
/// (not a computed total), else the first field at all. `None` for a whole-report change.
fn edited_field(edit: &Edit, derived: &HashSet<FieldRef>) -> Option<FieldRef> {
    fn walk(edit: &Edit, out: &mut Vec<FieldRef>) {
        match edit {
            Edit::Set(field, _) => out.push(*field),
            Edit::Charged(_) => out.push(FieldRef::FeeCharged),
            Edit::DefaultPreamble => out.push(FieldRef::Preamble),
            Edit::Batch(edits) => edits.iter().for_each(|e| walk(e, out)),
            Edit::Replace(_) | Edit::LastYear(_) => {}
            Edit::KeepText(i, _) => out.push(FieldRef::Text(*i)),
        }
    }
    let mut fields = Vec::new();
    walk(edit, &mut fields);
    fields
        .iter()
        .find(|f| !derived.contains(f))
        .or(fields.first())
        .copied()
}
