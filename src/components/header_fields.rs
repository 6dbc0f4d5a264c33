//! The report's head: the title (derived from 机关名称 and 年度), the three header fields and the
//! preamble, which follows the title until the user edits it.

use nianbao_core::{number, Edit, FieldRef};
use yew::prelude::*;

use super::line_input::LineInput;
use super::text_area::TextArea;
use super::Handlers;
use crate::ids;
use crate::state::{Document, Host, Shared};

#[derive(Properties, PartialEq)]
pub struct HeaderFieldsProps {
    /// The report (compared by pointer: a dialog or a banner does not draw this again).
    pub doc: Shared<Document>,
    pub host: Shared<Host>,
    pub handlers: Handlers,
}

#[function_component]
pub fn HeaderFields(props: &HeaderFieldsProps) -> Html {
    let (doc, host) = (&*props.doc, &*props.host);
    let template = doc.template;
    let draft = &doc.draft;
    let agency = number::trim(&draft.agency);
    let year = number::trim(&draft.year);
    let complete = !agency.is_empty() && !year.is_empty();
    // Until both are filled in, the title shows where they go.
    let slot = nianbao_core::model::slot;
    let title = template.title(
        &slot(agency, template.header.agency),
        &slot(year, template.header.year),
    );
    let line = |field: FieldRef, label: &'static str| {
        html! {
            <LineInput
                {field}
                id={AttrValue::from(ids::field(template, field))}
                label={label}
                value={doc.value(field)}
                marks={doc.marks(field)}
                on_input={props.handlers.input.clone()}
                class={classes!(format!("nb-field-{}", field.key(template)))}
                inputmode={(field == FieldRef::Year).then_some(AttrValue::Static("numeric"))}
                placeholder={match field {
                    FieldRef::Agency => Some(AttrValue::Static("例如：某某市某某局")),
                    FieldRef::Year => Some(AttrValue::Static("例如：2024")),
                    FieldRef::Published => Some(AttrValue::Static("例如：2025年1月20日")),
                    _ => None,
                }}
                autocomplete={(field == FieldRef::Agency).then_some(AttrValue::Static("organization"))}
                readonly={host.is_readonly(field)}
            />
        }
    };
    let edited = draft.preamble.is_some();
    let restore = {
        let edit = props.handlers.edit.clone();
        Callback::from(move |_: MouseEvent| edit.emit(Edit::DefaultPreamble))
    };
    let preamble = FieldRef::Preamble;
    html! {
        <header class="nb-doc-head">
            <h1 class={classes!("nb-title", (!complete).then_some("nb-title-incomplete"))}>{ title }</h1>
            <div class="nb-head-fields">
                { line(FieldRef::Agency, template.header.agency) }
                { line(FieldRef::Year, template.header.year) }
                { line(FieldRef::Published, template.header.published) }
            </div>
            if host.fixed.is_some() && !host.read_only {
                <p id="nb-fixed-note" class="nb-hint">{ "机关名称和年度由所在网站指定，不能在这里修改。" }</p>
            }
            <TextArea
                field={preamble}
                id={AttrValue::from(ids::field(template, preamble))}
                label={AttrValue::Static(template.header.preamble)}
                value={AttrValue::from(draft.preamble_text())}
                marks={doc.marks(preamble)}
                rows={3}
                readonly={host.read_only}
                on_input={props.handlers.input.clone()}
            >
                if !host.read_only {
                    <p class="nb-hint">
                        if edited {
                            { "已修改。" }
                            <button type="button" class="nb-button nb-small" onclick={restore}>{ "恢复默认" }</button>
                        } else {
                            { "按上面填写的机关名称和年度自动生成，可直接修改。" }
                        }
                    </p>
                }
            </TextArea>
        </header>
    }
}
