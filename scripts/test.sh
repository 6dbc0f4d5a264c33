#!/usr/bin/env bash
# Runs every test layer of nianbao in order and stops at the first failure, naming the layer:
#   1. host:       cargo test on the host (the core, including the Nu Html Checker run on the HTML
#                  export, and the xtask bundler);
#   2. components: the app's component tests in headless Chromium (wasm-bindgen-test-runner);
#   3. e2e:        the single-file release build (cargo xtask dist) driven from file:// in headless
#                  Chromium through chromedriver (tests/e2e.rs).
# Installs what is missing first (scripts/setup.sh).
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

# The e2e test lives in the app package but needs the release build: it runs in layer 3 only.
layer host cargo test --workspace --exclude nianbao
layer host cargo test -p nianbao --lib
layer components cargo test --target wasm32-unknown-unknown -p nianbao --test components
layer e2e cargo xtask dist
layer e2e cargo test -p nianbao --test e2e -- --test-threads=1
echo "==> all test layers passed"
