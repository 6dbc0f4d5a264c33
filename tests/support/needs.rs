//! What a test needs from outside the repository — a tool (Java, a browser), or the reference
//! material in `../shared/reference/` — and what happens when it is not there. Shared by the core's
//! host tests and the app's end-to-end tests (`#[path]`-included: no crate of its own).
//!
//! - Present: the test runs.
//! - Absent, on a developer's machine: the test skips that part and says so where people see it.
//!   libtest hides what a passing test prints, so the notice also goes, one line each, to the file
//!   named by `NIANBAO_SKIP_LOG`; `scripts/test.sh` sets it and prints those lines after each layer.
//! - Absent under `CI=true`: the test fails, naming what to install or provide. CI must test
//!   everything; a silent pass protects nobody.
#![allow(dead_code)] // each test binary uses a part

use std::io::Write as _;

/// Whether this run is CI's (`CI=true`, as CI services set it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// `found` when it is there; otherwise a visible skip (or, under CI, a failure). `what` names the
/// missing thing, `how` says how to get it ("run `bash scripts/setup.sh`").
pub fn need<T>(what: &str, how: &str, found: Option<T>) -> Option<T> {
    if found.is_some() {
        return found;
    }
    assert!(
        !in_ci(),
        "{what} is missing, and CI=true must run every test: {how}"
    );
    skipped(&format!("{what} is missing ({how})"));
    None
}

/// Records a skip notice where `scripts/test.sh` shows it (and on stderr for `--nocapture` runs).
pub fn skipped(notice: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let line = format!("SKIPPED in {test}: {notice}");
    eprintln!("\n*** {line} ***\n");
    if let Some(path) = std::env::var_os("NIANBAO_SKIP_LOG") {
        if let Ok(mut log) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(log, "{line}");
        }
    }
}

/// Whether the user asked to rewrite stored expectations with `var=1` (snapshots, the schema).
/// Never under CI: stored expectations change only on a developer's request, and a CI run that
/// rewrote them would pass whatever the code does.
pub fn update_requested(var: &str) -> bool {
    let asked = std::env::var(var).is_ok_and(|v| v == "1");
    assert!(
        !(asked && in_ci()),
        "{var}=1 is set under CI=true: stored expectations may be rewritten only on request, \
         on a developer's machine, never in CI"
    );
    asked
}

/// `../shared/reference/<name>` beside the checkout (read-only reference material, absent on some
/// machines), through [`need`].
pub fn reference(repo: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    let path = repo.join("../shared/reference").join(name);
    let found = path.exists().then(|| path.clone());
    need(
        &format!("{}", path.display()),
        "the reference material lives in ../shared/reference beside the clone; \
         copy it there to run this test",
        found,
    )
}
