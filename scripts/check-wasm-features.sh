#!/usr/bin/env bash
# Fails if the shipped wasm (the app and the Excel module inside the single file, or given .wasm files)
# needs reference types or anything else newer than the Chromium 86 floor (README “浏览器”).
#   scripts/check-wasm-features.sh [dist/lishu-monitor.html | x.wasm …]
# 1. scripts/check-wasm-features.py walks each binary (types, imports, tables, element segments, every
#    instruction, the target_features section that wasm-bindgen and wasm-opt read);
# 2. wasm-opt (npm binaryen) validates each module with exactly the floor's features enabled.
set -euo pipefail
cd "$(dirname "$0")/.."
NPM_DIR="${LISHU_NPM_DIR:-$HOME/.local/share/lishu-monitor/npm}"
[ "$#" -gt 0 ] || set -- dist/lishu-monitor.html
python3 scripts/check-wasm-features.py "$@"
WASM_OPT="$NPM_DIR/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] || { echo "check-wasm-features: wasm-opt missing (make setup)" >&2; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
i=0
for f in "$@"; do
  if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = 0061736d ]; then cp "$f" "$TMP/$i.wasm"; i=$((i+1)); continue; fi
  python3 - "$f" "$TMP" "$i" <<'PY'
import base64, re, sys, zlib
html = open(sys.argv[1], encoding="utf-8").read()
d, i = sys.argv[2], int(sys.argv[3])
app = re.search(r'<script type="text/plain" id="app-wasm">([^<]*)</script>', html).group(1)
xlsx = "".join(re.findall(r'<script type="text/plain" data-part="xlsx-wasm">([^<]*)</script>', html))
for k, t in enumerate((app, xlsx)):
    open(f"{d}/{i + k}.wasm", "wb").write(zlib.decompress(base64.b64decode(t)))
PY
  i=$((i+2))
done
for w in "$TMP"/*.wasm; do
  # --mvp-features first, then exactly the floor's features: a module using externref fails validation.
  "$WASM_OPT" --mvp-features --enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-bulk-memory --enable-multivalue "$w" -o /dev/null \
    || { echo "check-wasm-features: wasm-opt: a module does not validate with Chromium 86's features" >&2; exit 1; }
done
echo "check-wasm-features: wasm-opt validates every module with Chromium 86's features"
