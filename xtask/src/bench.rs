//! `cargo xtask bench`: size, start-up, typing, memory and the core's speed, measured in one run
//! and written as one table to BENCHMARKS.md (with `--quick`, a short run for CI, to
//! target/bench/BENCHMARKS.md). It reports numbers and never asserts on them: the budgets of
//! issue 12 stand beside each number, and whether it meets them is for people to read.
//!
//! The browser half is bench/bench.js (puppeteer-core drives current Chromium and Chromium 92); the
//! peer page (the same form in SurveyJS) comes from peer.rs; the core's native timings from its
//! divan benches (core/benches/core.rs); the wasm's breakdown from its name section (wasm_size.rs).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use crate::wasm_size::{self, Breakdown};

const USAGE: &str = "usage: cargo xtask bench [--quick] [--no-build]

  (no option)   build the release (cargo xtask dist, cargo xtask portal --no-build), then measure
                with 20 loads and 500 edits per page and browser, and write BENCHMARKS.md
  --quick       3 loads and 40 edits, the core's benches briefly; writes target/bench/BENCHMARKS.md
                (what CI runs: it must work, its numbers are rough)
  --no-build    measure the release build already there (dist-single/, target/portal/)";

/// The budgets of issue 12, as the table shows them.
const BUDGET_KEYSTROKE_P95_MS: f64 = 4.0;
const BUDGET_VISIBLE_X_FLOOR: f64 = 1.5;
const BUDGET_INTERACTIVE_X_FLOOR: f64 = 3.0;
const BUDGET_STARTUP_GZIP: usize = 150_000;
/// Issue 13's: a 25×6 paste into the application table to the updated findings, one frame.
const BUDGET_PASTE_MS: f64 = 16.0;
/// Issue 14's: importing the seed or the largest published page, in the browser.
const BUDGET_IMPORT_MS: f64 = 20.0;

struct Options {
    quick: bool,
    build: bool,
}

pub fn run(args: &[String], root: &Path) -> Result<(), String> {
    let mut options = Options {
        quick: false,
        build: true,
    };
    for arg in args {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--no-build" => options.build = false,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => return Err(format!("unknown option {arg}\n\n{USAGE}")),
        }
    }
    let out_dir = root.join("target/bench");
    fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    if options.build {
        crate::build()?;
        // Over the size budget is a finding of this run, not a reason to stop measuring.
        if let Err(message) = crate::single_file(&crate::Paths::default()) {
            println!("xtask: bench: {message}");
        }
        crate::portal::run(&["--no-build".to_string()], crate::build, root)?;
    }
    let single = root.join("dist-single/nianbao.html");
    let portal = root.join("target/portal");
    for needed in [&single, &portal] {
        if !needed.exists() {
            return Err(format!(
                "{} is missing: run `cargo xtask bench` without --no-build (or `cargo xtask dist` \
                 and `cargo xtask portal --no-build`)",
                needed.display()
            ));
        }
    }
    let peer = out_dir.join("peer.html");
    crate::peer::write_peer(root, &peer)?;

    let sizes = Sizes::measure(&single, &portal, &peer)?;
    let wasm = root.join("target/wasm32-unknown-unknown/release/nianbao.wasm");
    let breakdown = fs::read(&wasm)
        .map_err(|e| {
            format!(
                "{}: {e} (the release build leaves it there)",
                wasm.display()
            )
        })
        .and_then(|bytes| wasm_size::breakdown(&bytes))?;

    let browsers = browsers(root)?;
    let config = json!({
        "loads": if options.quick { 3 } else { 20 },
        "edits": if options.quick { 40 } else { 500 },
        "browsers": browsers,
        "pages": { "ours": single, "peer": peer },
        "peerApplicationTable": crate::peer::application_table(),
        "fullReport": root.join("tests/fixtures/reports/full-2024.json"),
        "imports": import_inputs(root),
    });
    let config_path = out_dir.join("config.json");
    let results_path = out_dir.join("results.json");
    fs::write(&config_path, config.to_string())
        .map_err(|e| format!("{}: {e}", config_path.display()))?;
    let status = Command::new("node")
        .arg(root.join("bench/bench.js"))
        .args([&config_path, &results_path])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run node ({e}); run `bash scripts/setup.sh`"))?;
    if !status.success() {
        return Err(format!("bench/bench.js failed ({status})"));
    }
    let results: Value = fs::read_to_string(&results_path)
        .map_err(|e| format!("{}: {e}", results_path.display()))
        .and_then(|s| serde_json::from_str(&s).map_err(|e| format!("results.json: {e}")))?;
    let core = core_benches(root, options.quick)?;

    let report = Report {
        quick: options.quick,
        config: &config,
        machine: machine(),
        sizes,
        breakdown,
        results,
        core,
    }
    .markdown();
    let target = if options.quick {
        out_dir.join("BENCHMARKS.md")
    } else {
        root.join("BENCHMARKS.md")
    };
    fs::write(&target, &report).map_err(|e| format!("{}: {e}", target.display()))?;
    println!("{report}");
    println!("xtask: bench: wrote {}", target.display());
    Ok(())
}

/// What the import benchmark imports (issue 14's budget names the seed and the largest page): the
/// real reports when ../shared/reference is there, and always a PDF's text of our own fixture.
fn import_inputs(root: &Path) -> Value {
    let candidates = [
        (
            "seed text",
            root.join("../shared/reference/longde-chengguan-2024.txt"),
        ),
        (
            "largest page (pingtan-2021.html, 358 KB)",
            root.join("../shared/reference/reports/pingtan-2021.html"),
        ),
        (
            "a PDF's text (full-2024)",
            root.join("tests/fixtures/import/full-2024.pdftotext.txt"),
        ),
    ];
    Value::Array(
        candidates
            .into_iter()
            .filter(|(_, path)| path.is_file())
            .map(|(name, path)| json!({ "name": name, "path": path }))
            .collect(),
    )
}

/// The browsers measured: current Chromium (Debian's) and Chromium 92 (npm, unpacked by setup.sh).
fn browsers(root: &Path) -> Result<Value, String> {
    let list = [
        ("Chromium", PathBuf::from("/usr/bin/chromium")),
        (
            "Chromium 92",
            root.join("node_modules/.chromium-92/chromium"),
        ),
    ];
    for (name, path) in &list {
        if !path.exists() {
            return Err(format!(
                "{name} is missing ({}): run `bash scripts/setup.sh`",
                path.display()
            ));
        }
    }
    Ok(Value::Array(
        list.iter()
            .map(|(name, path)| json!({ "name": name, "path": path }))
            .collect(),
    ))
}

/// Raw and gzipped bytes of what a browser loads at start.
struct Sizes {
    /// The single file without the import module it carries (never read at start).
    single: (usize, usize),
    /// The single file as it is, the import module in it.
    single_whole: (usize, usize),
    /// The portal build's start-up files, by name.
    portal: Vec<(String, usize, usize)>,
    /// What is loaded when first used (the import module of the portal build), by name.
    on_demand: Vec<(String, usize, usize)>,
    peer: (usize, usize),
}

impl Sizes {
    fn measure(single: &Path, portal: &Path, peer: &Path) -> Result<Sizes, String> {
        let sized = |path: &Path| {
            fs::read(path)
                .map(|bytes| (bytes.len(), crate::gzip_len(&bytes)))
                .map_err(|e| format!("{}: {e}", path.display()))
        };
        let mut files = Vec::new();
        let mut on_demand = Vec::new();
        let entries = fs::read_dir(portal).map_err(|e| format!("{}: {e}", portal.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // The start-up files: the loader, the glue, the wasm, the start-up check and its box.
            // (example/, snippet.html and manifest.json are for the webmaster, not the browser.)
            let startup = name.starts_with("nianbao")
                && [".js", ".wasm", ".css"]
                    .iter()
                    .any(|ext| name.ends_with(ext));
            if startup {
                let (raw, gz) = sized(&entry.path())?;
                if name.starts_with("nianbao-import-") {
                    on_demand.push((name, raw, gz));
                } else {
                    files.push((name, raw, gz));
                }
            }
        }
        files.sort();
        let page = fs::read_to_string(single).map_err(|e| format!("{}: {e}", single.display()))?;
        let startup = crate::bundle::without_import_module(&page);
        Ok(Sizes {
            single: (startup.len(), crate::gzip_len(startup.as_bytes())),
            single_whole: sized(single)?,
            portal: files,
            on_demand,
            peer: sized(peer)?,
        })
    }

    fn portal_total(&self) -> (usize, usize) {
        self.portal
            .iter()
            .fold((0, 0), |(r, g), (_, raw, gz)| (r + raw, g + gz))
    }
}

/// The divan benches of the core and of the importer, as divan prints them.
fn core_benches(root: &Path, quick: bool) -> Result<String, String> {
    let mut out = Vec::new();
    for (package, bench) in [("nianbao-core", "core"), ("nianbao-import", "import")] {
        let mut command = Command::new("cargo");
        command
            .args(["bench", "-q", "-p", package, "--bench", bench, "--"])
            .current_dir(root);
        if quick {
            command.args(["--sample-count", "10"]);
        }
        let output = command
            .output()
            .map_err(|e| format!("cannot run cargo bench ({e})"))?;
        if !output.status.success() {
            return Err(format!(
                "cargo bench -p {package} failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        out.push(format!(
            "$ cargo bench -p {package}\n{}",
            String::from_utf8_lossy(&output.stdout).trim_end()
        ));
    }
    Ok(out.join("\n\n"))
}

/// Cores and CPU model, from /proc/cpuinfo (Linux, as CI).
fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cores = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, m)| m.trim());
    format!("{cores} cores, {model}")
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

struct Report<'a> {
    quick: bool,
    config: &'a Value,
    machine: String,
    sizes: Sizes,
    breakdown: Breakdown,
    results: Value,
    core: String,
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

fn ms(v: &Value) -> String {
    v.as_f64().map_or("–".to_string(), |x| format!("{x:.1} ms"))
}

fn met(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "**missed**"
    }
}

impl Report<'_> {
    fn browsers(&self) -> &[Value] {
        self.results["browsers"]
            .as_array()
            .map_or(&[], Vec::as_slice)
    }

    fn markdown(&self) -> String {
        let mut md = String::new();
        let loads = &self.config["loads"];
        let edits = &self.config["edits"];
        let versions: Vec<String> = self
            .browsers()
            .iter()
            .map(|b| format!("{} {}", b["name"].as_str().unwrap_or(""), b["version"]))
            .collect();
        let _ = writeln!(md, "# Benchmarks\n");
        let _ = writeln!(
            md,
            "Written by `cargo xtask bench{}` on {}. Machine: {}. Browsers (headless, from \
             `file://`): {}. {loads} fresh loads per page and browser, {edits} edits per typing run.\n",
            if self.quick { " --quick" } else { "" },
            today(),
            self.machine,
            versions.join(", ").replace('"', ""),
        );
        if self.quick {
            let _ = writeln!(
                md,
                "*A quick run (CI): few loads and edits, rough numbers.*\n"
            );
        }
        self.budgets(&mut md);
        self.size_section(&mut md);
        self.startup_section(&mut md);
        self.typing_section(&mut md);
        self.import_section(&mut md);
        self.core_section(&mut md);
        self.breakdown_section(&mut md);
        md
    }

    fn budgets(&self, md: &mut String) {
        let _ = writeln!(md, "## Budgets (issues 12 and 13)\n");
        let _ = writeln!(md, "| browser | budget | measured | |\n|---|---|---|---|");
        for b in self.browsers() {
            let name = b["name"].as_str().unwrap_or("");
            let startup = &b["startup"];
            let p95 = b["typing"]["ours"]["p95"].as_f64().unwrap_or(f64::NAN);
            let _ = writeln!(
                md,
                "| {name} | keystroke → idle p95 ≤ {BUDGET_KEYSTROKE_P95_MS} ms (findings changing) | \
                 {p95:.2} ms | {} |",
                met(p95 <= BUDGET_KEYSTROKE_P95_MS)
            );
            let paste = b["paste"]["median"].as_f64().unwrap_or(f64::NAN);
            let paste_p95 = b["paste"]["p95"].as_f64().unwrap_or(f64::NAN);
            let _ = writeln!(
                md,
                "| {name} | 25×6 paste → idle ≤ {BUDGET_PASTE_MS} ms (issue 13) | median {paste:.2} ms, \
                 p95 {paste_p95:.2} ms | {} |",
                met(paste <= BUDGET_PASTE_MS)
            );
            for (what, budget) in [
                ("visible", BUDGET_VISIBLE_X_FLOOR),
                ("interactive", BUDGET_INTERACTIVE_X_FLOOR),
            ] {
                let ours = startup["ours"][what]["median"].as_f64().unwrap_or(f64::NAN);
                let floor = startup["floor"][what]["median"]
                    .as_f64()
                    .unwrap_or(f64::NAN);
                let ratio = ours / floor;
                let _ = writeln!(
                    md,
                    "| {name} | form {what} ≤ {budget}× the floor | {ours:.1} ms ÷ {floor:.1} ms = \
                     {ratio:.2}× | {} |",
                    met(ratio <= budget)
                );
            }
            let ours = memory_total(&b["memory"]["ours"]);
            let peer = memory_total(&b["memory"]["peer"]);
            let _ = writeln!(
                md,
                "| {name} | memory below the peer's | {} vs {} | {} |",
                mb(ours),
                mb(peer),
                match (ours, peer) {
                    (Some(o), Some(p)) => met(o < p),
                    _ => "peer did not run",
                }
            );
        }
        let (_, single_gz) = self.sizes.single;
        let (_, portal_gz) = self.sizes.portal_total();
        for (what, gz) in [
            ("single file", single_gz),
            ("portal build's start-up files", portal_gz),
        ] {
            let _ = writeln!(
                md,
                "| – | {what} ≤ {} gzipped | {} | {} |",
                kb(BUDGET_STARTUP_GZIP),
                kb(gz),
                met(gz <= BUDGET_STARTUP_GZIP)
            );
        }
        md.push('\n');
    }

    fn size_section(&self, md: &mut String) {
        let _ = writeln!(md, "## Size\n");
        let _ = writeln!(md, "| file | raw | gzipped |\n|---|---|---|");
        let (raw, gz) = self.sizes.single;
        let _ = writeln!(
            md,
            "| single file `dist-single/nianbao.html`, what starts (without the import module it carries) | {} | {} |",
            kb(raw),
            kb(gz)
        );
        let (raw, gz) = self.sizes.single_whole;
        let _ = writeln!(
            md,
            "| single file as it is (the import module packed in it, unpacked when first used) | {} | {} |",
            kb(raw),
            kb(gz)
        );
        for (name, raw, gz) in &self.sizes.portal {
            let _ = writeln!(md, "| portal `{name}` | {} | {} |", kb(*raw), kb(*gz));
        }
        let (raw, gz) = self.sizes.portal_total();
        let _ = writeln!(
            md,
            "| portal start-up files together | {} | {} |",
            kb(raw),
            kb(gz)
        );
        for (name, raw, gz) in &self.sizes.on_demand {
            let _ = writeln!(
                md,
                "| portal `{name}`, loaded when first used (导入, 审阅, 下载 Word) | {} | {} |",
                kb(*raw),
                kb(*gz)
            );
        }
        let _ = writeln!(
            md,
            "| peer (SurveyJS, one file) | {} | {} |",
            kb(self.sizes.peer.0),
            kb(self.sizes.peer.1)
        );
        let floor = self.results["floorBytes"].as_u64().unwrap_or(0) as usize;
        let _ = writeln!(
            md,
            "| floor (static HTML of the form) | {} | – |\n",
            kb(floor)
        );
    }

    fn startup_section(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "## Start-up\n\nNavigation → ≥ 160 inputs in the DOM (*visible*) and → a digit \
             typed into the application table is checked (*interactive*; the floor has no script: its \
             load event). Median (p95) of {} fresh loads.\n",
            self.config["loads"]
        );
        let _ = writeln!(
            md,
            "| browser | page | visible | interactive | visible ÷ floor | interactive ÷ floor | \
             ours ÷ peer (interactive) |\n|---|---|---|---|---|---|---|"
        );
        for b in self.browsers() {
            let name = b["name"].as_str().unwrap_or("");
            let s = &b["startup"];
            for page in ["floor", "ours", "peer"] {
                let r = &s[page];
                if let Some(error) = r["error"].as_str() {
                    let _ = writeln!(md, "| {name} | {page} | did not run: {error} | | | | |");
                    continue;
                }
                let ratio = |what: &str| {
                    let x = r[what]["median"].as_f64().unwrap_or(f64::NAN)
                        / s["floor"][what]["median"].as_f64().unwrap_or(f64::NAN);
                    format!("{x:.2}×")
                };
                let vs_peer = if page == "ours" {
                    let x = r["interactive"]["median"].as_f64().unwrap_or(f64::NAN)
                        / s["peer"]["interactive"]["median"]
                            .as_f64()
                            .unwrap_or(f64::NAN);
                    format!("{x:.2}×")
                } else {
                    String::new()
                };
                let retried = r["retried"].as_u64().unwrap_or(0);
                let page = if retried > 0 {
                    format!("{page} ({retried} load(s) hung and were tried again)")
                } else {
                    page.to_string()
                };
                let _ = writeln!(
                    md,
                    "| {name} | {page} | {} ({}) | {} ({}) | {} | {} | {vs_peer} |",
                    ms(&r["visible"]["median"]),
                    ms(&r["visible"]["p95"]),
                    ms(&r["interactive"]["median"]),
                    ms(&r["interactive"]["p95"]),
                    ratio("visible"),
                    ratio("interactive"),
                );
            }
        }
        md.push('\n');
    }

    fn typing_section(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "## Typing and memory\n\nA full report loaded (tests/fixtures/reports/full-2024.json), \
             then one cell of the application table alternates between a value that breaks a sum \
             and the one that mends it: input event → page idle (the later of the last DOM \
             mutation and a macrotask after the event's microtasks). Memory: JS heap after a forced \
             GC plus WebAssembly memory, with that report loaded. Then (ours only: the peer has no \
             block paste) a 25×6 block pasted into the application table's first cell as Ctrl+V \
             brings it (a paste event with tab-separated text), alternating all 1s and all 2s, \
             event → idle, as the budget table shows.\n"
        );
        let _ = writeln!(
            md,
            "| browser | page | median | p95 | max | findings changed | JS heap | wasm memory \
             |\n|---|---|---|---|---|---|---|---|"
        );
        for b in self.browsers() {
            let name = b["name"].as_str().unwrap_or("");
            for page in ["ours", "peer"] {
                let t = &b["typing"][page];
                if t.is_null() {
                    let _ = writeln!(md, "| {name} | {page} | did not run | | | | | |");
                    continue;
                }
                let m = &b["memory"][page];
                let _ = writeln!(
                    md,
                    "| {name} | {page} | {:.2} ms | {:.2} ms | {:.2} ms | {} of {} | {} | {} |",
                    t["median"].as_f64().unwrap_or(f64::NAN),
                    t["p95"].as_f64().unwrap_or(f64::NAN),
                    t["max"].as_f64().unwrap_or(f64::NAN),
                    t["findingsChanged"]
                        .as_u64()
                        .map_or("–".to_string(), |n| n.to_string()),
                    t["n"],
                    mb(m["jsHeap"].as_u64().map(|n| n as usize)),
                    mb(m["wasm"].as_u64().map(|n| n as usize)),
                );
            }
        }
        md.push('\n');
    }

    fn import_section(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "## Import (issue 14)\n\nIn the single file, a form mounted through the API imports \
             each input with `importReport`, timed from the call to its answer (the report replaced \
             in the form and checked; budget {BUDGET_IMPORT_MS} ms). The first import also unpacks \
             and compiles the import module. Then the Word document of the report the form holds \
             (issue 15), timed from `toDOCX()` to its bytes.\n"
        );
        let _ = writeln!(
            md,
            "| browser | input | median | p95 | |\n|---|---|---|---|---|"
        );
        for b in self.browsers() {
            let name = b["name"].as_str().unwrap_or("");
            let first = b["import"]["firstUse"].as_f64().unwrap_or(f64::NAN);
            let _ = writeln!(md, "| {name} | first use (module unpacked, compiled, one import) | {first:.1} ms | | |");
            if let Some(inputs) = b["import"]["inputs"].as_object() {
                for (input, t) in inputs {
                    let median = t["median"].as_f64().unwrap_or(f64::NAN);
                    let p95 = t["p95"].as_f64().unwrap_or(f64::NAN);
                    let _ = writeln!(
                        md,
                        "| {name} | {input} | {median:.2} ms | {p95:.2} ms | {} |",
                        met(median <= BUDGET_IMPORT_MS)
                    );
                }
            }
            let docx = &b["import"]["docx"];
            if let (Some(median), Some(p95)) = (docx["median"].as_f64(), docx["p95"].as_f64()) {
                let _ = writeln!(
                    md,
                    "| {name} | 下载 Word: `toDOCX()` of the last input (a full report) | {median:.2} ms | {p95:.2} ms | |"
                );
            }
        }
        md.push('\n');
    }

    fn core_section(&self, md: &mut String) {
        let _ = writeln!(
            md,
            "## The core and the importer, native (`cargo bench -p nianbao-core`, `-p nianbao-import`)\n\n```text\n{}\n```\n",
            self.core
        );
    }

    fn breakdown_section(&self, md: &mut String) {
        let b = &self.breakdown;
        let _ = writeln!(
            md,
            "## What the wasm is made of\n\nFrom the name section of the release build before \
             wasm-bindgen and wasm-opt (`target/wasm32-unknown-unknown/release/nianbao.wasm`, {} \
             in all: {} of code in {} functions, {} of data; wasm-bindgen's descriptor functions, \
             which it runs at build time and removes, left out); wasm-opt then shrinks the whole. \
             Functions are counted to the crate their path starts with (a generic function to the \
             crate that defines it, a trait's method for a type of the language to the trait's).\n",
            kb(b.total),
            kb(b.code),
            b.functions,
            kb(b.data)
        );
        let _ = writeln!(md, "| crate | code | share |\n|---|---|---|");
        for (name, bytes) in b.by_crate.iter().take(15) {
            let _ = writeln!(
                md,
                "| `{name}` | {} | {:.1} % |",
                kb(*bytes),
                100.0 * *bytes as f64 / b.code as f64
            );
        }
        let unattributed: Vec<String> = b
            .by_function
            .iter()
            .filter(|(name, _)| crate::wasm_size::crate_of(name) == crate::wasm_size::NO_CRATE)
            .take(8)
            .map(|(name, bytes)| format!("`{}` {}", name.replace('|', "\\|"), kb(*bytes)))
            .collect();
        let _ = writeln!(
            md,
            "\nThe largest functions counted to no crate: {}.",
            unattributed.join(", ")
        );
        let _ = writeln!(md, "\n| function | code |\n|---|---|");
        for (name, bytes) in b.by_function.iter().take(15) {
            let name: String = name.chars().take(110).collect();
            let _ = writeln!(md, "| `{}` | {} |", name.replace('|', "\\|"), kb(*bytes));
        }
        md.push('\n');
    }
}

fn memory_total(m: &Value) -> Option<usize> {
    Some(m["jsHeap"].as_u64()? as usize + m["wasm"].as_u64()? as usize)
}

fn mb(bytes: Option<usize>) -> String {
    bytes.map_or("–".to_string(), |b| format!("{:.1} MB", b as f64 / 1e6))
}
