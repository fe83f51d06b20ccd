#!/usr/bin/env bash
# Builds the file module (Excel, catalogue files, Word reports) for the browser: xlsx/ (lishu-xlsx) as a stand-alone wasm with no imports and
# the C ABI documented in xlsx/src/lib.rs, then smoke-tests it under Node.
#
#   scripts/build-xlsx-wasm.sh [OUT.wasm]      (default target/xlsx-wasm/lishu_xlsx.wasm)
#
# Why the binaryen steps: wasm32-unknown-unknown has no clock and no randomness, and two dependencies
# reach for JavaScript through wasm-bindgen there: rust_xlsxwriter reads Date.now() for the file's
# creation time (its "wasm" feature; without it std's clock panics) and zip links getrandom for
# ZipCrypto encryption. Neither matters: the creation time always comes from the WorkbookSpec and
# nothing is encrypted. So: (1) wasm-metadce keeps only our exports, dropping wasm-bindgen's own;
# (2) the script checks that every import left is one of those wasm-bindgen placeholders and stops
# otherwise; (3) wasm-opt --remove-imports turns them into constants (Date.now() → 0) and -Oz shrinks
# the module; (4) Node instantiates it with no imports and writes and reads a workbook through the ABI.
set -euo pipefail
cd "$(dirname "$0")/.."
NPM_DIR="${LISHU_NPM_DIR:-$HOME/.local/share/lishu-monitor/npm}"
BIN="$NPM_DIR/node_modules/.bin"
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
OUT="${1:-$TARGET_DIR/xlsx-wasm/lishu_xlsx.wasm}"
# Exactly the Chromium 86 floor's features (README “浏览器”; .cargo/config.toml builds without reference types):
# --mvp-features first, so that nothing else is enabled from the module's target_features section.
FEATURES=(--mvp-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
  --enable-multivalue)
say() { printf '\033[1m[xlsx-wasm]\033[0m %s\n' "$*"; }

say "cargo build --release --target wasm32-unknown-unknown -p lishu-xlsx"
cargo build --release --target wasm32-unknown-unknown -p lishu-xlsx
RAW="$TARGET_DIR/wasm32-unknown-unknown/release/lishu_xlsx.wasm"
mkdir -p "$(dirname "$OUT")"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cat > "$TMP/graph.json" <<'JSON'
[
  {"name": "memory", "export": "memory", "root": true},
  {"name": "alloc", "export": "lishu_xlsx_alloc", "root": true},
  {"name": "free", "export": "lishu_xlsx_free", "root": true},
  {"name": "write", "export": "lishu_xlsx_write", "root": true},
  {"name": "read", "export": "lishu_xlsx_read", "root": true},
  {"name": "catalogue_read", "export": "lishu_xlsx_catalogue_read", "root": true},
  {"name": "catalogue_write", "export": "lishu_xlsx_catalogue_write", "root": true},
  {"name": "catalogue_draft", "export": "lishu_xlsx_catalogue_draft", "root": true},
  {"name": "data_carry", "export": "lishu_xlsx_data_carry", "root": true},
  {"name": "docx_write", "export": "lishu_xlsx_docx_write", "root": true},
  {"name": "city", "export": "lishu_xlsx_city", "root": true},
  {"name": "city_report", "export": "lishu_xlsx_city_report", "root": true},
  {"name": "link_save", "export": "lishu_xlsx_link_save", "root": true}
]
JSON
"$BIN/wasm-metadce" "$RAW" --graph-file "$TMP/graph.json" -o "$TMP/dce.wasm" "${FEATURES[@]}" > /dev/null

# Every import left must be a wasm-bindgen placeholder (see above); anything else stops the build.
node - "$TMP/dce.wasm" <<'JS'
const m = new WebAssembly.Module(require('fs').readFileSync(process.argv[2]));
const ok = /^(__wbindgen_placeholder__|__wbindgen_externref_xform__)$/;
const bad = WebAssembly.Module.imports(m).filter(i => !ok.test(i.module));
for (const i of WebAssembly.Module.imports(m)) console.log(`  import removed: ${i.module}.${i.name}`);
if (bad.length) { console.error('unexpected imports:', JSON.stringify(bad)); process.exit(1); }
JS
"$BIN/wasm-opt" "${FEATURES[@]}" --remove-imports -Oz --strip-debug --strip-producers "$TMP/dce.wasm" -o "$OUT"

bash scripts/check-wasm-features.sh "$OUT"
say "smoke test (Node, no imports)"
node scripts/xlsx-wasm-smoke.js "$OUT"

gz=$(gzip -9 -c "$OUT" | wc -c)
say "sizes: cargo $(wc -c < "$RAW") B, after metadce+wasm-opt -Oz $(wc -c < "$OUT") B, gzip -9 $gz B → $OUT"
