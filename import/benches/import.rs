//! Native timings of imports and of the Word export: `cargo bench -p nianbao-import` (run by
//! `cargo xtask bench`, written to BENCHMARKS.md). Reported, never asserted. Budget (issue 14):
//! ≤ 5 ms for the seed and for the largest published page. The real reports are read from
//! ../shared/reference when it is there.

use std::path::PathBuf;

fn main() {
    divan::main();
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bench_file(bencher: divan::Bencher, path: PathBuf) {
    match std::fs::read(&path) {
        Ok(bytes) => bencher.bench(|| nianbao_import::import(divan::black_box(&bytes))),
        Err(_) => println!("(absent: {})", path.display()),
    }
}

/// The seed: `longde-chengguan-2024.txt`, text copied from a portal page.
#[divan::bench]
fn seed_text(bencher: divan::Bencher) {
    bench_file(
        bencher,
        repo().join("../shared/reference/longde-chengguan-2024.txt"),
    );
}

/// The largest published page (358 KB of portal page around the report).
#[divan::bench]
fn largest_page_pingtan_2021(bencher: divan::Bencher) {
    bench_file(
        bencher,
        repo().join("../shared/reference/reports/pingtan-2021.html"),
    );
}

/// Text copied from a PDF of a full report (`pdftotext -layout`).
#[divan::bench]
fn pdf_text_full_2024(bencher: divan::Bencher) {
    bench_file(
        bencher,
        repo().join("tests/fixtures/import/full-2024.pdftotext.txt"),
    );
}

/// The Word export of a full report (every text and figure: the `pdftotext` fixture imported).
#[divan::bench]
fn to_docx_full_2024(bencher: divan::Bencher) {
    let path = repo().join("tests/fixtures/import/full-2024.pdftotext.txt");
    match std::fs::read(&path) {
        Ok(bytes) => {
            let draft = nianbao_import::import(&bytes).draft;
            bencher.bench(|| nianbao_import::docx_out::to_docx(divan::black_box(&draft)))
        }
        Err(_) => println!("(absent: {})", path.display()),
    }
}
