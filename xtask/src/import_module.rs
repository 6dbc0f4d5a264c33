//! The importer's on-demand wasm module (`import-wasm/`): built for Chromium 92 as the app is (the
//! same pinned nightly, std rebuilt, [`crate::release_env`]), shrunk by the pinned wasm-opt, and
//! written beside the app's release build as [`FILE`]. The single file carries it packed in an
//! element the page never runs (`bundle.rs`), the portal build as a file of its own (`portal.rs`);
//! the app fetches or unpacks it the first time someone imports a report (src/browser.rs).

use std::path::Path;
use std::process::Command;

/// The module's name in the release build.
pub const FILE: &str = "nianbao-import.wasm";

/// Builds the module into `dist/`[`FILE`].
pub fn build(dist: &Path) -> Result<(), String> {
    let root = crate::root();
    let path = crate::tool_path()?;
    println!("xtask: building the import module (import-wasm/) for Chromium 92");
    let mut cargo = Command::new("cargo");
    cargo
        .args([
            "build",
            "--release",
            "--locked",
            "-p",
            "nianbao-import-wasm",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .current_dir(&root)
        .env("PATH", &path)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .envs(crate::release_env());
    run(&mut cargo, "cargo build -p nianbao-import-wasm")?;
    let built = root.join("target/wasm32-unknown-unknown/release/nianbao_import_wasm.wasm");
    let out = dist.join(FILE);
    // -Oz as the app's module (index.html's data-wasm-opt); the features come from the module's
    // target_features section.
    let mut opt = Command::new(root.join("node_modules/.bin/wasm-opt"));
    opt.arg("-Oz")
        .arg("--low-memory-unused")
        .arg("--zero-filled-memory")
        .arg(&built)
        .arg("-o")
        .arg(&out)
        .env("PATH", &path);
    run(&mut opt, "wasm-opt on the import module")?;
    Ok(())
}

fn run(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}
