#!/usr/bin/env bash
# Installs what nianbao's build and tests need, skipping whatever is already there (safe to run often).
# Needs: rustup, Node/npm and apt (root or sudo) on Debian. Quiet when everything is in place.
#   apt:    chromium + chromium-driver (browser tests), default-jre-headless (Java for vnu.jar),
#           fonts-noto-cjk (legible screenshots)
#   rustup: the toolchain of rust-toolchain.toml with the wasm32-unknown-unknown target
#   cargo:  trunk 0.21.14, wasm-bindgen-cli 0.2.130 (with wasm-bindgen-test-runner) into ~/.cargo/bin
#   npm:    binaryen 132 (wasm-opt) and vnu-jar, pinned in package-lock.json, into node_modules/
#   crates: cargo fetch, so that later builds need no network
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14        # 0.22 needs rustc >= 1.96
WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen in Cargo.lock (pinned with "=" in Cargo.toml)

say() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

command -v rustup >/dev/null || die "rustup is missing: install it from rustup.rs first"
command -v npm >/dev/null || die "Node.js with npm is missing: apt-get install nodejs npm (Node >= 18)"

# Debian packages: the browser and its driver for the tests, Java for the Nu Html Checker.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v java >/dev/null || missing+=(default-jre-headless)
# A CJK font, so that the screenshots the end-to-end tests save show Chinese text, not boxes.
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  say "apt-get install ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  # Through env: sudo would drop a plain DEBIAN_FRONTEND=… prefix.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$" \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
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
