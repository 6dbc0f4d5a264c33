//! Prints what an import makes of a file: `cargo run -p nianbao-import --example dump FILE`.
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("read");
        let imported = nianbao_import::import(&bytes);
        println!("== {path}");
        println!("{:#?}", imported.summary);
        let d = &imported.draft;
        println!(
            "agency={:?} year={:?} published={:?}",
            d.agency, d.year, d.published
        );
        println!(
            "preamble={:?}",
            d.preamble
                .as_deref()
                .map(|p| p.chars().take(60).collect::<String>())
        );
        for (t, text) in d.template.texts().zip(&d.texts) {
            println!(
                "text {}: {:?}",
                t.id,
                text.chars().take(50).collect::<String>()
            );
        }
        println!("fee {:?}", d.fee);
        let ctx = nianbao_core::Context {
            last_year: None,
            current_year: Some(2026),
            auto_totals: false,
        };
        let (_, findings) = nianbao_core::check(d, &ctx);
        for f in findings.iter().filter(|f| !f.pending) {
            let keys: Vec<String> = f.fields.iter().map(|x| x.key(d.template)).collect();
            println!(
                "finding {} {:?} {:?} {}",
                f.rule, f.severity, keys, f.message
            );
        }
        for (t, cells) in d.template.tables().zip(&d.tables) {
            println!("table {}:", t.id);
            for row in cells.chunks(usize::from(t.columns)) {
                println!("  {}", row.join(","));
            }
        }
    }
}
