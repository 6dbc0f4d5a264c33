//! Where the end-to-end tests find things: the repository, the release builds, screenshot folders,
//! file:// URLs, and the form's DOM ids (the app's contract, src/ids.rs). Shared by every e2e test file.
#![allow(dead_code)] // each test binary uses a part

use std::path::{Path, PathBuf};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from)
}

/// A folder under the target directory for a test's screenshots, e.g. `e2e-screenshots`.
pub fn screenshots(name: &str) -> PathBuf {
    target_dir().join(name)
}

/// The single-file release build; fails with what to run when it is missing.
pub fn single_file() -> PathBuf {
    let page = repo().join("dist-single/nianbao.html");
    assert!(
        page.is_file(),
        "{} is missing: run `cargo xtask dist` first (scripts/test.sh does)",
        page.display()
    );
    page
}

/// The portal build (`cargo xtask portal` writes it under target/, whatever CARGO_TARGET_DIR says).
pub fn portal() -> PathBuf {
    let dir = repo().join("target/portal");
    assert!(
        dir.join("nianbao.js").is_file()
            && dir.join("nianbao-boot.js").is_file()
            && dir.join("example/index.html").is_file(),
        "{} has no portal build: run `cargo xtask dist && cargo xtask portal --no-build` first \
         (scripts/test.sh does)",
        dir.display()
    );
    dir
}

/// A file:// URL for an absolute path (percent-encoding everything but the unreserved characters).
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.display().to_string().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// `nb-` + the field key with dots as dashes.
pub fn cell_id(table: &str, row: usize, col: usize) -> String {
    format!("nb-cell-{table}-{row}-{col}")
}

pub fn text_id(id: &str) -> String {
    format!("nb-text-{}", id.replace('.', "-"))
}
