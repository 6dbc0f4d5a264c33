//! Helpers shared by the importer's tests: where fixtures and the reference material are, and a
//! report's fields by key.
#![allow(dead_code)]

use std::path::PathBuf;

use nianbao_core::{Draft, FieldRef};

#[path = "../../tests/support/needs.rs"]
pub mod needs;

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `tests/fixtures/import/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(name)
}

/// `../shared/reference/<name>`: present, or a visible skip (a failure under `CI=true`).
pub fn reference(name: &str) -> Option<PathBuf> {
    needs::reference(&repo(), name)
}

/// A field of a draft by its key (`cell.applications.0.6`, `agency`, `text.overview.active`).
pub fn field(draft: &Draft, key: &str) -> String {
    let field = FieldRef::from_key(draft.template, key).unwrap_or_else(|| panic!("no field {key}"));
    draft.get(field).to_string()
}

/// The rule ids of the findings that are not only “not filled in yet”, sorted.
pub fn findings(draft: &Draft) -> Vec<&'static str> {
    let ctx = nianbao_core::Context {
        last_year: None,
        current_year: Some(2026),
        auto_totals: false,
    };
    let (_, findings) = nianbao_core::check(draft, &ctx);
    let mut rules: Vec<&'static str> = findings
        .iter()
        .filter(|f| !f.pending)
        .map(|f| f.rule)
        .collect();
    rules.sort_unstable();
    rules.dedup();
    rules
}

/// The standalone HTML export of a draft without the JSON it carries, so that importing it reads
/// the page as it shows (the recogniser), not the data block (which opens exactly).
pub fn export_as_shown(draft: &Draft) -> String {
    let html = nianbao_core::html::to_html(draft);
    let start = html
        .find("<script type=\"application/json\"")
        .expect("the export carries its JSON");
    let end = start + html[start..].find("</script>").expect("closed") + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

/// A draft laid out as text copied from a portal page looks (the seed's layout): the title, the
/// preamble, headings and sub-headings on lines of their own, prose paragraphs, and each table row
/// as one line of tab-separated cells (row labels, then the figures).
pub fn as_copied_text(draft: &Draft) -> String {
    use nianbao_core::template::Item;
    let template = draft.template;
    let mut out = vec![draft.title(), draft.preamble_text()];
    let mut text_index = 0;
    for section in template.sections {
        out.push(section.heading.to_string());
        for item in section.items {
            match item {
                Item::Text(t) => {
                    if !t.heading.is_empty() {
                        out.push(t.heading.to_string());
                    }
                    out.extend(draft.texts[text_index].lines().map(String::from));
                    text_index += 1;
                }
                Item::Fee(fee) => {
                    out.push(fee.heading.to_string());
                    if let Some(false) = draft.fee.charged {
                        out.push(fee.none_sentence.to_string());
                    }
                }
                Item::Table(table) => {
                    let index = template.table_index(table.id).unwrap();
                    if !table.caption.is_empty() {
                        out.push(table.caption.to_string());
                    }
                    for row in table.header {
                        out.push(row.iter().map(|c| c.text).collect::<Vec<_>>().join("\t"));
                    }
                    let columns = usize::from(table.columns);
                    for (r, row) in table.rows.iter().enumerate() {
                        let mut cells: Vec<&str> = row.labels.to_vec();
                        cells.extend(
                            draft.tables[index][r * columns..(r + 1) * columns]
                                .iter()
                                .map(String::as_str),
                        );
                        out.push(cells.join("\t"));
                    }
                }
            }
        }
    }
    out.join("\n")
}
