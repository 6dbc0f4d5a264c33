//! Times the stages of importing a web page, native: `cargo run --release -p nianbao-import
//! --example stages FILE.html` prints the median of 30 runs of reading the page into blocks and of
//! the whole import (the rest is the recogniser).
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("read");
        let median = |f: &dyn Fn()| {
            let mut t: Vec<f64> = (0..30)
                .map(|_| {
                    let s = std::time::Instant::now();
                    f();
                    s.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            t.sort_by(f64::total_cmp);
            t[15]
        };
        let blocks = median(&|| {
            std::hint::black_box(nianbao_import::html::blocks(&text));
        });
        let whole = median(&|| {
            std::hint::black_box(nianbao_import::import_text(&text));
        });
        println!("{path}: blocks {blocks:.2} ms, whole import {whole:.2} ms");
    }
}
