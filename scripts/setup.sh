#!/usr/bin/env bash
# Installs what nianbao's build and tests need, skipping whatever is already there (safe to run often).
# Needs: rustup, Node/npm and apt (root or sudo) on Debian. Quiet when everything is in place.
#   apt:    chromium + chromium-driver, firefox-esr, webkit2gtk-driver + xvfb (browser tests),
#           poppler-utils (pdftoppm: print screenshots), default-jre-headless (Java for vnu.jar),
#           fonts-noto-cjk (legible screenshots), libreoffice-writer-nogui (soffice: the Word export
#           converted to PDF by import/tests/docx_libreoffice.rs)
#   rustup: the toolchain of rust-toolchain.toml with the wasm32-unknown-unknown target, and the pinned
#           nightly with rust-src that release builds use (-Zbuild-std, for Chromium 92)
#   cargo:  trunk 0.21.14, wasm-bindgen-cli 0.2.130 (with wasm-bindgen-test-runner), geckodriver
#           0.37.1 into ~/.cargo/bin
#   npm:    binaryen 132 (wasm-opt), terser (the single file's scripts), vnu-jar, chrome-aws-lambda
#           10.1.0 (Chromium 92), pinned in package-lock.json, into node_modules/; Chromium 92 unpacked to node_modules/.chromium-92/
#   crates: cargo fetch, so that later builds need no network
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14        # 0.22 needs rustc >= 1.96
WASM_BINDGEN_VERSION=0.2.130 # must equal the wasm-bindgen in Cargo.lock (pinned with "=" in Cargo.toml)
GECKODRIVER_VERSION=0.37.1   # Firefox ESR's WebDriver server, built from crates.io (no GitHub download)
# The toolchain of release builds; must equal RELEASE_TOOLCHAIN in xtask/src/main.rs.
RELEASE_TOOLCHAIN=nightly-2026-05-19

say() { printf 'setup: %s\n' "$*"; }
die() {
  printf 'setup: error: %s\n' "$*" >&2
  exit 1
}

command -v rustup >/dev/null || die "rustup is missing: install it from rustup.rs first"
command -v npm >/dev/null || die "Node.js with npm is missing: apt-get install nodejs npm (Node >= 18)"

# Debian packages: the browsers and their drivers for the tests, Java for the Nu Html Checker.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v firefox-esr >/dev/null || missing+=(firefox-esr)
# WebKitGTK's WebDriver server and MiniBrowser; MiniBrowser has no headless mode, hence Xvfb.
command -v WebKitWebDriver >/dev/null || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v java >/dev/null || missing+=(default-jre-headless)
# LibreOffice without its GUI: the tests open the Word export in it and convert it to PDF.
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
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

# Release builds: a pinned nightly whose std is rebuilt without reference types (-Zbuild-std needs
# rust-src; no prebuilt wasm32 std exists for that date, and none is needed).
if ! [ -d "$(rustup run "$RELEASE_TOOLCHAIN" rustc --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library/std" ]; then
  say "rustup toolchain install $RELEASE_TOOLCHAIN (rust-src; release builds for Chromium 92)"
  rustup toolchain install "$RELEASE_TOOLCHAIN" --profile minimal --component rust-src >/dev/null
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

if ! geckodriver --version 2>/dev/null | grep -q "^geckodriver $GECKODRIVER_VERSION\b"; then
  say "cargo install geckodriver $GECKODRIVER_VERSION (about 4 minutes)"
  cargo install --quiet --force geckodriver --version "$GECKODRIVER_VERSION"
fi

# npm tools pinned in package-lock.json: wasm-opt (binaryen), terser, vnu.jar, Chromium 92. --ignore-scripts:
# vnu-jar's postinstall would try to download a Java runtime from GitHub; nothing here needs a script.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  || [ ! -f node_modules/chrome-aws-lambda/bin/chromium.br ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
fi
# Chromium 92 (the engine of the oldest 信创 browsers) ships brotli-compressed inside chrome-aws-lambda.
chromium92=node_modules/.chromium-92/chromium
if [ ! -x "$chromium92" ] || [ node_modules/chrome-aws-lambda/bin/chromium.br -nt "$chromium92" ]; then
  say "unpack Chromium 92 into $chromium92"
  mkdir -p "$(dirname "$chromium92")"
  node -e 'const z = require("zlib"), fs = require("fs");
    const [from, to] = process.argv.slice(1);
    fs.writeFileSync(to + ".tmp", z.brotliDecompressSync(fs.readFileSync(from)), { mode: 0o755 });
    fs.renameSync(to + ".tmp", to);' node_modules/chrome-aws-lambda/bin/chromium.br "$chromium92"
fi

# Crates, so that later builds can run offline.
cargo fetch --locked --quiet 2>/dev/null || cargo fetch --quiet
