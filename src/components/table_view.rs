//! A table of numbers drawn as in the official layout: a real `<table>` with the template's merged
//! header cells (`Table::header_layout`) and merged row labels (`Table::row_label_cells`), and one
//! input per numeric cell named by its row and column. Wide tables scroll sideways inside their own
//! container, so the page itself never does.
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

#[function_component]
pub fn TableView(props: &TableViewProps) -> Html {
    let template = props.template;
    let meta = use_memo((template.id, props.table), |&(_, t)| {
        template
            .tables()
            .nth(t)
            .map(|def| Shared(Rc::new(Meta::new(template, t, def))))
    });
    let (Some(def), Some(meta)) = (template.tables().nth(props.table), meta.as_ref()) else {
        return html! {};
    };
    let rows = def.rows.len();
    let caption = if def.caption.is_empty() {
        // Tables without a caption of their own are named by their section, for screen readers.
        html! { <caption class="nb-sr">{ template.sections[props.section].heading }</caption> }
    } else {
        html! { <caption class="nb-caption">{ def.caption }</caption> }
    };
    html! {
        <div class="nb-table-block">
            <div class="nb-table-scroll">
                <table class={classes!("nb-table", format!("nb-table-{}", def.id))}>
                    { caption }
                    <TableHead {template} table={props.table} flagged={props.flagged.clone()} />
                    <tbody>
                        { for props.cells.iter().enumerate().take(rows).map(|(row, cells)| html! {
                            <TableRow
                                key={row}
                                {template}
                                table={props.table}
                                {row}
                                cells={cells.clone()}
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
                        html! {
                            <th
                                scope={if colspan > 1 { "colgroup" } else { "col" }}
                                colspan={span(colspan)}
                                rowspan={span(usize::from(cell.rowspan))}
                                class={classes!(
                                    if corner { "nb-corner" } else { "nb-col-head" },
                                    marked.then_some("nb-col-flagged"),
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
    let rows = def.rows.len();
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
                        up={(row > 0).then(|| meta.ids[i - columns].clone())}
                        down={(row + 1 < rows).then(|| meta.ids[i + columns].clone())}
                        on_input={props.handlers.input.clone()}
                        on_focus={props.handlers.focus.clone()}
                    />
                }
            }) }
        </tr>
    }
}
