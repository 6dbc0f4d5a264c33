//! One numbered section (一 to 六): its heading and its items in template order — prose fields, tables
//! and the fee item.

use std::rc::Rc;

use nianbao_core::template::Item;
use nianbao_core::FieldRef;
use yew::prelude::*;

use super::fee_item::FeeItem;
use super::table_view::TableView;
use super::text_area::TextArea;
use super::Handlers;
use crate::ids;
use crate::state::{Document, Host, Shared};

#[derive(Properties, PartialEq)]
pub struct SectionViewProps {
    /// The report (compared by pointer: a dialog or a banner does not draw this again).
    pub doc: Shared<Document>,
    pub host: Shared<Host>,
    /// The section's index in `Template::sections`.
    pub index: usize,
    pub handlers: Handlers,
}

#[function_component]
pub fn SectionView(props: &SectionViewProps) -> Html {
    let (doc, host) = (&*props.doc, &*props.host);
    let template = doc.template;
    let section = &template.sections[props.index];
    let heading_id = AttrValue::from(ids::section_heading(props.index));
    // Fields are numbered across the whole template; count those of the sections before this one.
    let before = &template.sections[..props.index];
    let mut text_index = before
        .iter()
        .flat_map(|s| s.items)
        .filter(|i| matches!(i, Item::Text(_)))
        .count();
    let mut table_index = before
        .iter()
        .flat_map(|s| s.items)
        .filter(|i| matches!(i, Item::Table(_)))
        .count();
    let items = section.items.iter().map(|item| match item {
        Item::Text(text) => {
            let field = FieldRef::Text(text_index);
            text_index += 1;
            let heading = (!text.heading.is_empty()).then_some(AttrValue::Static(text.heading));
            let labelled_by = heading.is_none().then(|| heading_id.clone());
            html! {
                <TextArea
                    {field}
                    id={AttrValue::from(ids::field(template, field))}
                    value={doc.value(field)}
                    marks={doc.marks(field)}
                    {heading}
                    {labelled_by}
                    placeholder={text.hint}
                    readonly={host.read_only}
                    from_last_year={doc.draft.text_from_last_year(text_index - 1)}
                    on_keep={(!host.read_only).then(|| props.handlers.edit.clone())}
                    on_input={props.handlers.input.clone()}
                />
            }
        }
        Item::Table(_) => {
            let table = table_index;
            table_index += 1;
            html! {
                <TableView
                    {template}
                    {table}
                    section={props.index}
                    cells={doc.table_cells(table)}
                    flagged={Rc::new(doc.flagged_columns(table))}
                    note={doc.carried_note(table).map(AttrValue::from)}
                    handlers={props.handlers.clone()}
                />
            }
        }
        Item::Fee(_) => html! {
            <FeeItem doc={props.doc.clone()} host={props.host.clone()} handlers={props.handlers.clone()} />
        },
    });
    html! {
        <section class="nb-section" aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id.clone()} class="nb-section-heading">{ section.heading }</h2>
            { for items }
        </section>
    }
}
