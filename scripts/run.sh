#!/usr/bin/env bash
# Builds nianbao and serves it: installs what is missing (scripts/setup.sh), builds the release and the
# single self-contained file (cargo xtask dist), then serves the release build (target/dist-release/) on
# http://127.0.0.1:$PORT/ (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

cargo xtask dist

echo
echo "Single file (open it from disk, e.g. in a browser or by double-click; it needs no server):"
echo "  $PWD/dist-single/nianbao.html"
echo
exec node scripts/serve.mjs target/dist-release
