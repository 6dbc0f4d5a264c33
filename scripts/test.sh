#!/usr/bin/env bash
# Runs every test layer of nianbao in order and stops at the first failure, naming the layer:
#   1. host:       cargo test on the host (the core, including the Nu Html Checker run on the HTML
#                  export, and the xtask bundler);
#   2. components: the app's component tests in headless Chromium (wasm-bindgen-test-runner);
#   3. e2e:        the single-file release build (cargo xtask dist: built for Chromium 92 and checked
#                  for it — wasm features, JS APIs, the page's fallbacks) and the portal build from it
#                  (cargo xtask portal --no-build, checked the same way), then the single file driven from file://
#                  through WebDriver (tests/e2e.rs), one layer per engine: current Chromium
#                  (chromedriver; also the form at 320 px and at 200 % zoom), Firefox ESR
#                  (geckodriver), WebKitGTK (WebKitWebDriver on Xvfb);
#   4. browsers:   the same build in Chromium 92 (DevTools protocol) and the page's refusals where
#                  the app cannot run: no WebAssembly, IE kernel, a wasm compile error, JavaScript off;
#                  the portal build in Chromium 92 under the 'unsafe-eval' policy old Chromium needs,
#                  and its start-up box explaining the strict policy and an IE kernel (tests/browsers.rs).
#   5. offline, embed: offline copies and drafts from file:// (tests/offline.rs), then the portal build
#                  in a page with a strict CSP (tests/embed.rs).
# One release build serves every browser. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

layer() {
  local name=$1
  shift
  echo "==> test layer: $name: $*"
  local start=$SECONDS
  if ! "$@"; then
    echo "==> FAILED: test layer '$name' ($*)" >&2
    exit 1
  fi
  echo "==> passed: $name ($((SECONDS - start)) s)"
}

# The e2e and browsers tests live in the app package but need the release build: they run from layer 3.
layer host cargo test --workspace --exclude nianbao
layer host cargo test -p nianbao --lib
layer components cargo test --target wasm32-unknown-unknown -p nianbao --test components
layer e2e cargo xtask dist
# The portal build (from the same release build) is needed by the browsers and embed layers.
layer e2e cargo xtask portal --no-build
layer e2e-chromium cargo test -p nianbao --test e2e -- --test-threads=1 \
  a_civil_servant_fills_in_checks_downloads_and_comes_back the_seed_report_reads_into_the_form_fields \
  the_form_reflows_at_320_px_and_at_200_percent_zoom
layer e2e-firefox cargo test -p nianbao --test e2e -- --exact firefox_esr
layer e2e-webkit cargo test -p nianbao --test e2e -- --exact webkit
layer browsers cargo test -p nianbao --test browsers -- --test-threads=1
layer offline cargo test -p nianbao --test offline -- --test-threads=1
layer embed cargo test -p nianbao --test embed -- --test-threads=1
echo "==> all test layers passed"
