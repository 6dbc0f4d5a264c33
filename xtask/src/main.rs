//! `cargo xtask`: nianbao's build tasks (the alias lives in .cargo/config.toml).
//!
//! - `cargo xtask dist`: `trunk build --release` into target/dist-release/, then the single
//!   self-contained page dist-single/nianbao.html and a size report.
//! - `cargo xtask bundle`: only the second step, on the Trunk output that is already there.
//! - `cargo xtask serve [trunk serve options]`: the development server, with the pinned tools on PATH.
//!
//! The bundling is plain Rust string work (xtask/src/bundle.rs) instead of a Trunk hook so that it is
//! unit-tested and fails with a clear message.

mod bundle;
mod html;

use flate2::{write::GzEncoder, Compression};
use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::{env, fs};

/// Where the release build goes. Not Trunk's default dist/: `trunk serve` rewrites that folder
/// (and its .stage/) on every change, which would break a release build running at the same time.
const RELEASE_DIST: &str = "target/dist-release";

/// The gzipped size the single file should stay under (printed, not enforced).
const BUDGET_GZIP_BYTES: usize = 200_000;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  dist          trunk build --release into target/dist-release/, then write
                dist-single/nianbao.html (one self-contained file that works from file://) and
                print its size
  bundle [--dist DIR] [--out FILE]
                only write the single file from an existing Trunk output (no rebuild); defaults:
                target/dist-release/ and dist-single/nianbao.html
  serve [ARGS]  trunk serve for development (ARGS go to trunk, e.g. --port 8081 --open)";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => build().and_then(|()| single_file(&Paths::default())),
        Some("bundle") => Paths::parse(&args[1..]).and_then(|p| single_file(&p)),
        Some("serve") => serve(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (this crate sits in xtask/ below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// PATH with the project's npm tools (wasm-opt from the pinned binaryen) and cargo-installed tools
/// (trunk, wasm-bindgen) in front, so Trunk finds the pinned versions and never tries to download.
fn tool_path() -> Result<OsString, String> {
    let root = root();
    let mut dirs = vec![root.join("node_modules/.bin")];
    if let Some(home) = env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    } else if let Some(home) = env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(dirs).map_err(|e| format!("cannot build PATH: {e}"))
}

/// Runs `trunk <args>` in the workspace root with the tool PATH.
fn trunk(args: &[&str]) -> Result<(), String> {
    let root = root();
    if !root.join("node_modules/.bin/wasm-opt").exists() {
        return Err(
            "node_modules/.bin/wasm-opt is missing (npm binaryen, pinned in package.json); \
             run `bash scripts/setup.sh`"
                .to_string(),
        );
    }
    let path = tool_path()?;
    println!("xtask: trunk {}", args.join(" "));
    let status = Command::new("trunk")
        .args(args)
        .current_dir(&root)
        .env("PATH", &path)
        .status()
        .map_err(|e| format!("cannot run trunk ({e}); install it with `bash scripts/setup.sh`"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("trunk {} failed ({status})", args.join(" ")))
    }
}

fn build() -> Result<(), String> {
    check_tools()?;
    let dist = root().join(RELEASE_DIST);
    trunk(&["build", "--release", "--dist", &dist.display().to_string()])
}

/// The versions Trunk.toml pins must be the ones on PATH: otherwise Trunk would try to download the
/// pinned version from GitHub, which is out of reach here (and would fail with a less clear message).
fn check_tools() -> Result<(), String> {
    let trunk_toml = root().join("Trunk.toml");
    let toml =
        fs::read_to_string(&trunk_toml).map_err(|e| format!("{}: {e}", trunk_toml.display()))?;
    let path = tool_path()?;
    for (key, tool) in [("wasm_bindgen", "wasm-bindgen"), ("wasm_opt", "wasm-opt")] {
        let Some(pinned) = pinned_tool(&toml, key) else {
            continue;
        };
        let output = Command::new(tool)
            .arg("--version")
            .env("PATH", &path)
            .output()
            .map_err(|e| format!("cannot run {tool} ({e}); run `bash scripts/setup.sh`"))?;
        let version = String::from_utf8_lossy(&output.stdout);
        // `wasm-bindgen 0.2.130`; `wasm-opt version 132 (version_132)` for the pin `version_132`.
        let number = pinned.trim_start_matches("version_");
        let matches = version
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .any(|word| word == pinned || word == number);
        if !matches {
            return Err(format!(
                "Trunk.toml pins {key} = \"{pinned}\" but {tool} on PATH says {:?}; \
                 run `bash scripts/setup.sh`",
                version.trim()
            ));
        }
    }
    Ok(())
}

/// The value of `key = "…"` in Trunk.toml's [tools] table (a line-based read: the file is ours).
fn pinned_tool(toml: &str, key: &str) -> Option<String> {
    let mut in_tools = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_tools = line == "[tools]";
        } else if in_tools {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == key {
                    // A quoted string, possibly followed by a # comment.
                    let v = v.trim().strip_prefix('"')?;
                    return v.split('"').next().map(str::to_string);
                }
            }
        }
    }
    None
}

fn serve(extra: &[String]) -> Result<(), String> {
    let mut args = vec!["serve"];
    args.extend(extra.iter().map(String::as_str));
    trunk(&args)
}

/// Where `bundle` reads Trunk's output and writes the single file.
struct Paths {
    dist: PathBuf,
    out: PathBuf,
}

impl Default for Paths {
    fn default() -> Self {
        let root = root();
        Paths {
            dist: root.join(RELEASE_DIST),
            out: root.join("dist-single/nianbao.html"),
        }
    }
}

impl Paths {
    fn parse(args: &[String]) -> Result<Paths, String> {
        let mut paths = Paths::default();
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let value = it
                .next()
                .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))?;
            match flag.as_str() {
                "--dist" => paths.dist = PathBuf::from(value),
                "--out" => paths.out = PathBuf::from(value),
                _ => return Err(format!("unknown option {flag}\n\n{USAGE}")),
            }
        }
        Ok(paths)
    }
}

/// Writes the single file from Trunk's output and prints the size report.
fn single_file(paths: &Paths) -> Result<(), String> {
    let bundle = bundle::bundle(&paths.dist)?;
    for note in &bundle.notes {
        println!("xtask: note: {note}");
    }
    let out = &paths.out;
    let out_dir = out.parent().ok_or("--out needs a file name")?;
    // The default folder is ours alone: start it afresh so that it holds this one file, nothing stale.
    if *out == Paths::default().out && out_dir.exists() {
        fs::remove_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    }
    fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    fs::write(out, &bundle.html).map_err(|e| format!("{}: {e}", out.display()))?;

    let wasm =
        fs::read(&bundle.wasm_path).map_err(|e| format!("{}: {e}", bundle.wasm_path.display()))?;
    let page = bundle.html.as_bytes();
    println!("xtask: wrote {}", out.display());
    println!("{}", size_report(page, &wasm, &out.display().to_string()));
    Ok(())
}

/// Gzipped length at the default level (what a web server or a mail attachment would roughly see).
fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len()
}

fn size_report(page: &[u8], wasm: &[u8], name: &str) -> String {
    let page_gz = gzip_len(page);
    let wasm_name = "wasm (after wasm-opt)";
    let width = name.chars().count().max(wasm_name.len());
    let line = |what: &str, raw: usize, gz: usize| {
        format!(
            "  {what:<width$}  {:>9} bytes ({:>6.1} KB)   gzip {:>9} bytes ({:>6.1} KB)",
            raw,
            raw as f64 / 1000.0,
            gz,
            gz as f64 / 1000.0
        )
    };
    let verdict = if page_gz <= BUDGET_GZIP_BYTES {
        "within budget"
    } else {
        "OVER BUDGET"
    };
    format!(
        "size report:\n{}\n{}\n  budget: single file <= {} KB gzipped: {:.1} KB, {verdict}",
        line(name, page.len(), page_gz),
        line(wasm_name, wasm.len(), gzip_len(wasm)),
        BUDGET_GZIP_BYTES / 1000,
        page_gz as f64 / 1000.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pinned_tools() {
        let toml = "[build]\nwasm_bindgen = \"no\"\n[tools]\nwasm_bindgen = \"0.2.130\"\n\
                    wasm_opt = \"version_132\" # the npm binaryen\n[serve]\nport = 8080\n";
        assert_eq!(
            pinned_tool(toml, "wasm_bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            pinned_tool(toml, "wasm_opt").as_deref(),
            Some("version_132")
        );
        assert_eq!(pinned_tool(toml, "port"), None);
    }

    #[test]
    fn gzip_shrinks_repetition_and_report_names_the_budget() {
        let text = "政府信息公开".repeat(1000);
        assert!(gzip_len(text.as_bytes()) < text.len() / 20);
        let report = size_report(text.as_bytes(), b"\0asm", "x.html");
        assert!(report.contains("18000 bytes"), "{report}");
        assert!(report.contains("within budget"), "{report}");
        // xorshift noise: gzip cannot shrink it, so 300 000 bytes stay over the budget.
        let mut x = 0x2545_f491_u32;
        let big: Vec<u8> = (0..300_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        assert!(size_report(&big, b"", "x.html").contains("OVER BUDGET"));
    }
}
