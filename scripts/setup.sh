#!/usr/bin/env bash
# Installs what nianbao's build and tests need, skipping whatever is already there (safe to run often).
# Needs: rustup, Node/npm and apt (root or sudo) on Debian. Quiet when everything is in place.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14        # 0.22 needs rustc >= 1.96
WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen in Cargo.lock (pinned with "=" in Cargo.toml)

say() { printf 'setup: %s\n' "$*"; }

# Debian packages: the browser and its driver for the tests, Java for the Nu Html Checker.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v java >/dev/null || missing+=(default-jre-headless)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  say "apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Rust toolchain named in rust-toolchain.toml, with the wasm32 target.
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "cargo install trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install --quiet --locked trunk --version "$TRUNK_VERSION"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  # Not --locked: its lock file names a crate version the registry here does not serve.
  cargo install --quiet --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm tools pinned in package-lock.json: wasm-opt (binaryen) and vnu.jar.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

# Crates, so that later builds can run offline.
cargo fetch --locked --quiet 2>/dev/null || cargo fetch --quiet
