//! Times an import, native: `cargo run --release -p nianbao-import --example time FILE…` prints the
//! median of 50 imports of each file (the figures in issue 14's note come from here until
//! `cargo xtask bench` measures the importer).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("read");
        let mut times: Vec<f64> = (0..50)
            .map(|_| {
                let start = std::time::Instant::now();
                std::hint::black_box(nianbao_import::import(std::hint::black_box(&bytes)));
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{path}: {} KB, median {:.2} ms",
            bytes.len() / 1024,
            times[25]
        );
    }
}
