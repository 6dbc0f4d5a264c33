//! A table of numbers drawn as in the official layout: a real `<table>` with the template's merged
//! header cells (`Table::header_layout`) and merged row labels (`Table::row_label_cells`), and one
//! input per numeric cell named by its row and column. Wide tables scroll sideways inside their own
//! container, so the page itself never does.
//!
//! The table moves like a spreadsheet (`crate::grid`): ←/→ leave a cell from the edge of its entry,
//! Enter/Shift+Enter go down/up (after a run of Tabs, to the next row's cell where the run started),
//! Home/End and Ctrl+Home/Ctrl+End, Esc puts back the entry the cell had when it got the focus,
//! Alt+↓ opens the cell's message bar whole (Esc goes back);
//! computed cells are stepped over. Shift+arrows or a drag select a range that Ctrl+C copies; a block
//! pasted into a cell fills the cells from there (`nianbao_core::block`). One listener of each kind
//! on the table, not one per cell.
//!
//! What is drawn again at a keystroke is what changed: the state keeps each row's cells
//! ([`TableCells`]) from one state to the next while they show the same, and a table, each of its rows
//! ([`TableRow`]) and its head ([`TableHead`]) are components whose props compare by pointer. Typing
//! in one cell redraws its row and the rows of the totals it changes, not the table's 175 cells.

use std::rc::Rc;

use nianbao_core::template::Table;
use nianbao_core::{FieldRef, Template};
use yew::prelude::*;

use super::number_cell::NumberCell;
use super::Handlers;
use crate::browser;
use crate::grid::{self, Caret, Move, Place, Range};
use crate::ids;
use crate::state::{RowCells, Shared, TableCells};

#[derive(Properties, PartialEq)]
pub struct TableViewProps {
    pub template: &'static Template,
    /// The table's index among `Template::tables`.
    pub table: usize,
    /// The section's index, for the caption of tables that have none of their own.
    pub section: usize,
    /// Row by row, each row shared with the previous state while it does not change.
    pub cells: TableCells,
    /// Per column: a sum along it does not add up (its head is marked).
    pub flagged: Rc<Vec<bool>>,
    /// A line under the table (rows filled from last year's report).
    #[prop_or_default]
    pub note: Option<AttrValue>,
    pub handlers: Handlers,
}

/// `colspan`/`rowspan` written only when they span something.
fn span(n: usize) -> Option<AttrValue> {
    (n > 1).then(|| AttrValue::from(n.to_string()))
}

/// What never changes in a table: each cell's id and accessible name, row by row. Worked out once
/// per table rather than at every keystroke.
struct Meta {
    ids: Vec<AttrValue>,
    labels: Vec<AttrValue>,
}

impl Meta {
    fn new(template: &'static Template, t: usize, def: &Table) -> Meta {
        let columns = usize::from(def.columns);
        let column_names: Vec<String> = (0..columns).map(|c| def.column_name(c)).collect();
        let mut ids = Vec::with_capacity(def.cell_count());
        let mut labels = Vec::with_capacity(def.cell_count());
        for row in 0..def.rows.len() {
            let row_name = def.row_name(row);
            for (col, column_name) in column_names.iter().enumerate() {
                ids.push(ids::field(template, FieldRef::Cell { table: t, row, col }).into());
                labels.push(if row_name.is_empty() {
                    column_name.clone().into()
                } else {
                    format!("{row_name} {column_name}").into()
                });
            }
        }
        Meta { ids, labels }
    }
}

/// What the table's keys remember between events.
#[derive(Default)]
struct Keys {
    /// Where a run of Tabs along a row started: Enter then goes to the next row's cell below it.
    tab_run: Option<Place>,
    /// The entry a cell had when it got the focus, for Esc.
    entry_at_focus: Option<(Place, String)>,
    /// The cell a drag with the mouse started in.
    drag: Option<Place>,
}

/// The move a key asks for, and whether it extends the selected range instead (Shift). ←/→ and
/// Home/End edit the entry unless the caret is at its edge.
fn key_move(e: &KeyboardEvent, caret: Caret) -> Option<(Move, bool)> {
    let ctrl = e.ctrl_key() || e.meta_key();
    let at_start = matches!(caret, Caret::All | Caret::Start);
    let at_end = matches!(caret, Caret::All | Caret::End);
    let step = match e.key().as_str() {
        "Home" if ctrl => Move::First,
        "End" if ctrl => Move::Last,
        _ if ctrl || e.alt_key() => return None,
        "ArrowUp" => Move::Up,
        "ArrowDown" => Move::Down,
        "Enter" if e.shift_key() => return Some((Move::Up, false)),
        "Enter" => Move::Down,
        "ArrowLeft" if at_start => Move::Left,
        "ArrowRight" if at_end => Move::Right,
        "Home" if at_start => Move::RowStart,
        "End" if at_end => Move::RowEnd,
        _ => return None,
    };
    Some((step, e.shift_key() && !ctrl))
}

#[function_component]
pub fn TableView(props: &TableViewProps) -> Html {
    let template = props.template;
    let meta = use_memo((template.id, props.table), |&(_, t)| {
        template
            .tables()
            .nth(t)
            .map(|def| Shared(Rc::new(Meta::new(template, t, def))))
    });
    let selection = use_state_eq(|| None::<Range>);
    // The focused cell's column, whose head is marked so the column stays identifiable.
    let focus_col = use_state_eq(|| None::<usize>);
    let keys = use_mut_ref(Keys::default);
    let (Some(def), Some(meta)) = (template.tables().nth(props.table), meta.as_ref()) else {
        return html! {};
    };
    let rows = def.rows.len();
    let size = (rows, usize::from(def.columns));
    let locked = {
        let cells = props.cells.clone();
        move |r: usize, c: usize| {
            cells
                .get(r)
                .and_then(|row| row.get(c))
                .is_some_and(|cell| cell.locked)
        }
    };
    let onkeydown = {
        let (keys, selection, locked) = (keys.clone(), selection.clone(), locked.clone());
        let (meta, handlers, table) = (meta.clone(), props.handlers.clone(), props.table);
        Callback::from(move |e: KeyboardEvent| {
            if browser::message_bar_keys(&e) {
                return;
            }
            let Some((input, at)) = browser::cell_of(&e) else {
                return;
            };
            if e.is_composing() || matches!(e.key().as_str(), "Shift" | "Control" | "Alt" | "Meta")
            {
                return;
            }
            // Taken out of the cell before anything below moves the focus: the focus handler
            // borrows it too.
            let (tab_run, entry_at_focus) = {
                let mut keys = keys.borrow_mut();
                let run = keys.tab_run.take();
                if e.key() == "Tab" {
                    // The browser moves along the row (computed cells have tabindex −1).
                    keys.tab_run = run.or(Some(at));
                }
                (run, keys.entry_at_focus.clone())
            };
            match e.key().as_str() {
                "Tab" => {
                    selection.set(None);
                    return;
                }
                "F2" => {
                    e.prevent_default();
                    browser::caret_to_end(&e);
                    return;
                }
                "Escape" => {
                    if let Some((_, entry)) =
                        entry_at_focus.filter(|(p, v)| *p == at && *v != input.value())
                    {
                        e.prevent_default();
                        browser::restore_entry(&input, &entry);
                        let field = FieldRef::Cell {
                            table,
                            row: at.0,
                            col: at.1,
                        };
                        handlers.input.emit((field, entry));
                    }
                    return;
                }
                _ => {}
            }
            let Some((step, extend)) = key_move(&e, browser::caret(&input)) else {
                // Typing ends a selected range; other keys (Ctrl+C, a released modifier that a
                // browser reports as “Unidentified”) keep it.
                let key = e.key();
                let edits = key.chars().count() == 1 || key == "Backspace" || key == "Delete";
                if edits && !(e.ctrl_key() || e.meta_key()) {
                    selection.set(None);
                }
                return;
            };
            e.prevent_default();
            if extend {
                let range = selection.unwrap_or(Range {
                    anchor: at,
                    far: at,
                });
                selection.set(Some(range.extend(step, size)));
                return;
            }
            selection.set(None);
            // Enter after a run of Tabs along this row: the next row, below where the run started.
            let from = match (step, tab_run) {
                (Move::Down, Some(start)) if e.key() == "Enter" && start.0 == at.0 => {
                    (at.0, start.1)
                }
                _ => at,
            };
            if let Some((r, c)) = grid::target(step, from, size, &locked) {
                handlers.focus.emit(meta.ids[r * size.1 + c].clone());
            }
        })
    };
    let onfocusout = {
        let focus_col = focus_col.clone();
        Callback::from(move |_: FocusEvent| focus_col.set(None))
    };
    let onfocusin = {
        let (keys, selection, focus_col) = (keys.clone(), selection.clone(), focus_col.clone());
        Callback::from(move |e: FocusEvent| {
            if let Some((input, at)) = browser::cell_of(&e) {
                focus_col.set(Some(at.1));
                keys.borrow_mut().entry_at_focus = Some((at, input.value()));
                if selection.is_some_and(|r| r.anchor != at) {
                    selection.set(None);
                }
            }
        })
    };
    let onmousedown = {
        let (keys, selection) = (keys.clone(), selection.clone());
        Callback::from(move |e: MouseEvent| {
            let mut keys = keys.borrow_mut();
            keys.tab_run = None;
            keys.drag = browser::cell_of(&e).map(|(_, at)| at);
            selection.set(None);
        })
    };
    let onmouseover = {
        let (keys, selection) = (keys.clone(), selection.clone());
        Callback::from(move |e: MouseEvent| {
            let (Some(anchor), Some((_, far))) = (keys.borrow().drag, browser::cell_of(&e)) else {
                return;
            };
            if e.buttons() & 1 == 1 {
                selection.set(Some(Range { anchor, far }));
            }
        })
    };
    let oncopy = {
        let (selection, cells) = (selection.clone(), props.cells.clone());
        Callback::from(move |e: Event| {
            let Some(range) = selection.filter(Range::is_block) else {
                return;
            };
            let ((top, bottom), (left, right)) = (range.rows(), range.cols());
            let block: Vec<Vec<String>> = cells[top..=bottom]
                .iter()
                .map(|row| {
                    row[left..=right]
                        .iter()
                        .map(|cell| cell.value.to_string())
                        .collect()
                })
                .collect();
            browser::copy_block(&e, &block);
        })
    };
    let onpaste = {
        let (selection, handlers, table) = (selection.clone(), props.handlers.clone(), props.table);
        Callback::from(move |e: Event| {
            let (Some((_, at)), Some(block)) = (browser::cell_of(&e), browser::pasted_block(&e))
            else {
                return;
            };
            // One entry is pasted by the browser into the cell, as typed.
            if block.len() <= 1 && block.first().is_none_or(|row| row.len() <= 1) {
                return;
            }
            e.prevent_default();
            // Into a selected range, the block starts at its top left corner, as in a spreadsheet.
            let at = selection.map_or(at, |r| (r.rows().0, r.cols().0));
            selection.set(None);
            handlers.paste.emit((table, at, Rc::new(block)));
        })
    };
    let current = *selection;
    let caption = if def.caption.is_empty() {
        // Tables without a caption of their own are named by their section, for screen readers.
        html! { <caption class="nb-sr">{ template.sections[props.section].heading }</caption> }
    } else {
        html! { <caption class="nb-caption">{ def.caption }</caption> }
    };
    html! {
        <div class="nb-table-block">
            <div class="nb-table-scroll" {onkeydown} {onfocusin} {onfocusout} {onmousedown} {onmouseover} {oncopy} {onpaste}>
                <table class={classes!("nb-table", format!("nb-table-{}", def.id))}>
                    { caption }
                    <TableHead {template} table={props.table} flagged={props.flagged.clone()} focus_col={*focus_col} />
                    <tbody>
                        { for props.cells.iter().enumerate().take(rows).map(|(row, cells)| html! {
                            <TableRow
                                key={row}
                                {template}
                                table={props.table}
                                {row}
                                cells={cells.clone()}
                                selected={current.and_then(|r| r.in_row(row))}
                                meta={meta.clone()}
                                handlers={props.handlers.clone()}
                            />
                        }) }
                    </tbody>
                </table>
            </div>
            if let Some(note) = &props.note {
                <p class="nb-hint nb-carried-note">
                    <span aria-hidden="true">{ "↻ " }</span>{ note.clone() }
                </p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TableHeadProps {
    template: &'static Template,
    table: usize,
    flagged: Rc<Vec<bool>>,
    focus_col: Option<usize>,
}

/// The header rows, with each cell where the template's layout puts it. The head of a column whose
/// sum does not add up is marked. Drawn again only when the marked columns change.
#[function_component]
fn TableHead(props: &TableHeadProps) -> Html {
    let Some(def) = props.template.tables().nth(props.table) else {
        return html! {};
    };
    let flagged = &props.flagged;
    let layout = def.header_layout();
    let label_columns = usize::from(def.label_columns);
    let rows = (0..def.header.len())
        .map(|r| {
            html! {
                <tr>
                    { for layout.iter().filter(|(_, row, _)| *row == r).map(|(cell, _, first)| {
                        let colspan = usize::from(cell.colspan);
                        let corner = *first < label_columns;
                        let column = first.checked_sub(label_columns);
                        let marked = colspan == 1
                            && column.is_some_and(|c| flagged.get(c).copied().unwrap_or(false));
                        let focused = colspan == 1 && column.is_some() && column == props.focus_col;
                        html! {
                            <th
                                scope={if colspan > 1 { "colgroup" } else { "col" }}
                                colspan={span(colspan)}
                                rowspan={span(usize::from(cell.rowspan))}
                                class={classes!(
                                    if corner { "nb-corner" } else { "nb-col-head" },
                                    marked.then_some("nb-col-flagged"),
                                    focused.then_some("nb-col-focus"),
                                )}
                            >
                                { cell.text }
                                if marked {
                                    <span class="nb-col-flag">{ "✕ 本列不平" }</span>
                                }
                            </th>
                        }
                    }) }
                </tr>
            }
        })
        .collect::<Html>();
    html! { <thead>{ rows }</thead> }
}

#[derive(Properties, PartialEq)]
struct TableRowProps {
    template: &'static Template,
    table: usize,
    row: usize,
    cells: RowCells,
    /// The columns selected in this row (first, last).
    selected: Option<(usize, usize)>,
    meta: Shared<Meta>,
    handlers: Handlers,
}

/// One data row: merged row labels, then one input per numeric column. Drawn again only when one of
/// its cells shows something new.
#[function_component]
fn TableRow(props: &TableRowProps) -> Html {
    let Some(def) = props.template.tables().nth(props.table) else {
        return html! {};
    };
    let (t, row, meta) = (props.table, props.row, &props.meta);
    let columns = usize::from(def.columns);
    let labels = def.row_label_cells(row);
    // The cells that start here are the innermost levels of the row's labels.
    let first_level = def.rows[row].labels.len() - labels.len();
    let all_locked = props.cells.iter().all(|cell| cell.locked);
    html! {
        <tr class={classes!(all_locked.then_some("nb-row-total"))}>
            { for labels.iter().enumerate().map(|(i, (text, rowspan, colspan))| html! {
                <th
                    scope={if *rowspan > 1 { "rowgroup" } else { "row" }}
                    rowspan={span(*rowspan)}
                    colspan={span(*colspan)}
                    class={classes!("nb-row-label", format!("nb-level-{}", first_level + i))}
                >
                    // A box of its own, so that printing moves a label to the next page
                    // whole instead of cutting it (Firefox cuts bare text in a cell).
                    <span>{ *text }</span>
                </th>
            }) }
            { for props.cells.iter().enumerate().take(columns).map(|(col, view)| {
                let i = row * columns + col;
                html! {
                    <NumberCell
                        field={FieldRef::Cell { table: t, row, col }}
                        id={meta.ids[i].clone()}
                        label={meta.labels[i].clone()}
                        value={view.value.clone()}
                        marks={view.marks.clone()}
                        locked={view.locked}
                        readonly={view.readonly}
                        decimal={def.kind.decimals() > 0}
                        selected={props.selected.is_some_and(|(a, b)| (a..=b).contains(&col))}
                        on_input={props.handlers.input.clone()}
                    />
                }
            }) }
        </tr>
    }
}
