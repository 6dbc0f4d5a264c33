#!/usr/bin/env bash
# Runs every test layer of nianbao in order and stops at the first failure, naming the layer:
#   0. lint:       rustfmt, clippy -D warnings on the host and on wasm32, no NIANBAO_UPDATE_* under CI;
#   1. host:       cargo test on the host (the core, including the Nu Html Checker run on the HTML
#                  export; the importer and the Word export, converted to PDF by LibreOffice; and the
#                  xtask bundler);
#   2. components: the app's component tests in headless Firefox, then headless Chromium
#                  (wasm-bindgen-test-runner);
#   3. build:      the single-file release build (cargo xtask dist: built for Chromium 92, checked for
#                  it — wasm features, JS APIs, the page's fallbacks — and held to its size budget) and
#                  the portal build from it (cargo xtask portal --no-build, checked the same way);
#   4. e2e:        the single file driven from file:// through WebDriver (tests/e2e.rs, every test in
#                  it): current Chromium (chromedriver; also the form at 320 px and at 200 % zoom),
#                  Firefox ESR (geckodriver), WebKitGTK (WebKitWebDriver on Xvfb); then spreadsheet
#                  entry through the real clipboard and keyboard, and axe-core, in Chromium and
#                  Firefox (tests/sheet.rs); import and review (tests/import.rs); 下载 Word and
#                  复制到网站编辑器 pasted into a contenteditable (tests/handin.rs);
#   5. browsers:   the same build in Chromium 92 (DevTools protocol) and the page's refusals where
#                  the app cannot run (tests/browsers.rs);
#   6. offline, embed: offline copies and drafts from file:// (tests/offline.rs), then the portal build
#                  in a page with a strict CSP (tests/embed.rs).
#   7. print:      the HTML export and the form printed to PDF in Chromium and Firefox, read back with
#                  pdftotext: no row label cut by a page break, the head on every page, “无” for a
#                  blank section (tests/print.rs).
#   8. bench:      cargo xtask bench --quick --no-build: the benchmark must run (a few loads and
#                  edits, to target/bench/BENCHMARKS.md); it asserts nothing about time.
# Each layer runs whole test files (no name filters: a renamed or new test cannot drop out) and must
# run at least one test. A test whose input or tool is missing records a notice (NIANBAO_SKIP_LOG),
# printed after its layer; under CI=true such a test fails instead. The last line counts every test.
# One release build serves every browser. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

mkdir -p target
export NIANBAO_SKIP_LOG="$PWD/target/test-skips.log"
: >"$NIANBAO_SKIP_LOG"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
total_passed=0
total_skips=0

fail() {
  echo "==> FAILED: test layer '$1' ($2)" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# Prints and forgets the skip notices the layer's tests recorded.
show_skips() {
  if [ -s "$NIANBAO_SKIP_LOG" ]; then
    sed 's/^/==> /' "$NIANBAO_SKIP_LOG"
    total_skips=$((total_skips + $(wc -l <"$NIANBAO_SKIP_LOG")))
    : >"$NIANBAO_SKIP_LOG"
  fi
}

# A layer that is a command (a build, a lint).
layer() {
  local name=$1
  shift
  echo "==> test layer: $name: $*"
  local start=$SECONDS
  "$@" || fail "$name" "$*"
  echo "==> passed: $name ($((SECONDS - start)) s)"
}

# A layer that is a `cargo test` run: it must run at least one test and ignore none.
tests() {
  local name=$1
  shift
  echo "==> test layer: $name: $*"
  local start=$SECONDS
  "$@" 2>&1 | tee "$out" || fail "$name" "$*"
  show_skips
  # libtest's summary lines: "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out"
  local passed ignored
  passed=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
  ignored=$(sed -n 's/^test result: .* \([0-9]*\) ignored.*/\1/p' "$out" | awk '{s += $1} END {print s + 0}')
  if [ "$passed" -eq 0 ]; then
    echo "==> layer '$name' ran no test" >&2
    fail "$name" "$*"
  fi
  if [ "$ignored" -ne 0 ]; then
    echo "==> layer '$name' ignored $ignored test(s): every test must run" >&2
    fail "$name" "$*"
  fi
  total_passed=$((total_passed + passed))
  echo "==> passed: $name ($passed tests, $((SECONDS - start)) s)"
}

# Stored expectations (snapshots, the schema) are rewritten only on a developer's request.
no_update_vars() {
  local set
  set=$(env | grep -o '^NIANBAO_UPDATE_[A-Z_]*' || true)
  if [ -n "$set" ] && [ "${CI:-}" = true ]; then
    echo "==> $set is set under CI=true: snapshots and the schema may be rewritten only on request" >&2
    return 1
  fi
}

layer lint no_update_vars
layer lint cargo fmt --all -- --check
layer lint cargo clippy --workspace --all-targets --locked -- -D warnings
layer lint cargo clippy -p nianbao --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
# The e2e and browsers tests live in the app package but need the release build: they run from layer 4.
tests host cargo test --workspace --exclude nianbao --locked
tests host cargo test -p nianbao --lib --locked
# The runner takes the driver named by GECKODRIVER or CHROMEDRIVER (without either, the first it finds
# on PATH: geckodriver, which setup installs): both engines, each named.
tests components env GECKODRIVER="$HOME/.cargo/bin/geckodriver" cargo test --target wasm32-unknown-unknown -p nianbao --test components --locked
tests components env CHROMEDRIVER="$(command -v chromedriver)" cargo test --target wasm32-unknown-unknown -p nianbao --test components --locked
layer build cargo xtask dist
# The portal build (from the same release build) is needed by the browsers and embed layers.
layer build cargo xtask portal --no-build
tests e2e cargo test -p nianbao --test e2e --locked -- --test-threads=1
tests e2e cargo test -p nianbao --test sheet --locked -- --test-threads=1
tests e2e cargo test -p nianbao --test import --locked -- --test-threads=1
tests e2e cargo test -p nianbao --test handin --locked -- --test-threads=1
tests browsers cargo test -p nianbao --test browsers --locked -- --test-threads=1
tests offline cargo test -p nianbao --test offline --locked -- --test-threads=1
tests embed cargo test -p nianbao --test embed --locked -- --test-threads=1
tests print cargo test -p nianbao --test print --locked -- --test-threads=1
layer bench cargo xtask bench --quick --no-build
echo "==> all test layers passed; $total_skips skip notice(s)"
echo "$total_passed passed, 0 failed"
