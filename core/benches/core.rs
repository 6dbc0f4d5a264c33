//! Native timings of the core on the fixtures: `check` on a full report, the JSON round trip and the
//! HTML export. Reported, never asserted: `cargo bench -p nianbao-core`.

use nianbao_core::{check, html, json, model::Draft, Context};

fn fixture(name: &str) -> Draft {
    let path = format!(
        "{}/../tests/fixtures/reports/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    json::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn main() {
    divan::main();
}

#[divan::bench]
fn check_full_report(bencher: divan::Bencher) {
    let last = check(&fixture("full-2023"), &Context::default()).0;
    let draft = fixture("full-2024");
    let ctx = Context {
        last_year: Some(&last),
        current_year: Some(2026),
        auto_totals: false,
    };
    bencher.bench(|| check(divan::black_box(&draft), &ctx));
}

#[divan::bench]
fn json_round_trip_seed(bencher: divan::Bencher) {
    let draft = fixture("seed-2024");
    bencher.bench(|| json::from_json(&json::to_json(divan::black_box(&draft))).unwrap());
}

#[divan::bench]
fn to_html_seed(bencher: divan::Bencher) {
    let draft = fixture("seed-2024");
    bencher.bench(|| html::to_html(divan::black_box(&draft)));
}

#[divan::bench]
fn fill_totals_full_report(bencher: divan::Bencher) {
    let draft = fixture("full-2024");
    bencher.bench(|| divan::black_box(&draft).fill_totals());
}
