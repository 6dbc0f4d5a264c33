//! Writes the HTML export of a report JSON: `cargo run -p nianbao-import --example export_html IN.json OUT.html`
//! (used to make tests/fixtures/import/*.pdftotext.txt: print OUT.html to PDF, then `pdftotext -layout`).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let draft = nianbao_core::json::from_json(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    std::fs::write(&args[2], nianbao_core::html::to_html(&draft)).unwrap();
}
