#!/usr/bin/env bash
# Idempotent set-up: installs only what is missing, user-wide, so fresh clones reuse it.
#   - Rust target wasm32-unknown-unknown
#   - trunk 0.21.14, wasm-bindgen-cli = Cargo.lock's wasm-bindgen (brings wasm-bindgen-test-runner)
#   - wasm-opt from npm binaryen@132, ECharts 5.6.0 and esbuild from npm (ECharts bundled with only the parts
#     the charts use: scripts/echarts-entry.js) (under ~/.local/share/lishu-monitor/npm)
#   - Debian chromium + chromium-driver (+ CJK fonts for screenshots), poppler-utils, libreoffice-writer, zopfli
#     (Word reports), firefox-esr
#   - geckodriver 0.37.1 (crates.io) for Firefox
#   - real old Chromium 109 and 92 from npm @sparticuz/chromium (unpacked to ~/.local/share/lishu-monitor/
#     chromium-<major>/ by scripts/unpack-chromium.js) and axe-core, for tests/e2e_browsers.rs
# Nothing is downloaded from anywhere but the package registries (crates.io, npm, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
ECHARTS_VERSION=5.6.0
ESBUILD_VERSION=0.24.2
GECKODRIVER_VERSION=0.37.1
AXE_VERSION=4.11.0
# major → npm version of @sparticuz/chromium (installed under the aliases chromium-<major>)
OLD_CHROMIUMS=(109:109.0.6 92:92.0.0)
SHARE="$HOME/.local/share/lishu-monitor"
NPM_DIR="${LISHU_NPM_DIR:-$HOME/.local/share/lishu-monitor/npm}"
export PATH="$HOME/.cargo/bin:$NPM_DIR/node_modules/.bin:$PATH"

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# 1. Rust wasm target
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "安装 Rust 目标 wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. trunk
if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  say "安装 trunk $TRUNK_VERSION（约 9 分钟）"
  cargo install trunk --locked --version "$TRUNK_VERSION"
fi

# 3. wasm-bindgen-cli matching Cargo.lock
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ -z "$WB_VERSION" ]; then echo "无法从 Cargo.lock 读取 wasm-bindgen 版本" >&2; exit 1; fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$\| $WB_VERSION "; then
  say "安装 wasm-bindgen-cli $WB_VERSION"
  # Not --locked: its lock file names a crate version missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# 4. npm: binaryen (wasm-opt), ECharts, axe-core and the old Chromium builds — one install (npm prunes
#    what a later --no-save install does not name)
need_npm=0
[ "$("$NPM_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" = "${BINARYEN_VERSION%%.*}" ] || need_npm=1
grep -q "\"version\": \"$ECHARTS_VERSION\"" "$NPM_DIR/node_modules/echarts/package.json" 2>/dev/null || need_npm=1
grep -q "\"version\": \"$AXE_VERSION\"" "$NPM_DIR/node_modules/axe-core/package.json" 2>/dev/null || need_npm=1
grep -q "\"version\": \"$ESBUILD_VERSION\"" "$NPM_DIR/node_modules/esbuild/package.json" 2>/dev/null || need_npm=1
npm_old=()
for c in "${OLD_CHROMIUMS[@]}"; do
  major=${c%%:*} version=${c#*:}
  npm_old+=("chromium-$major@npm:@sparticuz/chromium@$version")
  grep -q "\"version\": \"$version\"" "$NPM_DIR/node_modules/chromium-$major/package.json" 2>/dev/null || need_npm=1
done
if [ "$need_npm" = 1 ]; then
  command -v npm >/dev/null || { say "安装 nodejs/npm"; apt_install nodejs npm; }
  say "安装 npm binaryen@$BINARYEN_VERSION echarts@$ECHARTS_VERSION esbuild@$ESBUILD_VERSION axe-core@$AXE_VERSION ${npm_old[*]} 到 $NPM_DIR"
  mkdir -p "$NPM_DIR"
  (cd "$NPM_DIR" && npm install --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION" "echarts@$ECHARTS_VERSION" \
    "esbuild@$ESBUILD_VERSION" "axe-core@$AXE_VERSION" "${npm_old[@]}")
fi
mkdir -p .tools/vendor
# ECharts with only the parts the charts use (scripts/echarts-entry.js), bundled by esbuild; rebuilt when the
# entry or the versions change (the stamp records them).
stamp="echarts $ECHARTS_VERSION esbuild $ESBUILD_VERSION $(sha256sum scripts/echarts-entry.js | cut -c1-16)"
if [ ! -s .tools/vendor/echarts.min.js ] || [ "$(cat .tools/vendor/echarts.stamp 2>/dev/null)" != "$stamp" ]; then
  say "打包 ECharts（scripts/echarts-entry.js）"
  rm -f .tools/vendor/echarts.common.min.js
  NODE_PATH="$NPM_DIR/node_modules" "$NPM_DIR/node_modules/.bin/esbuild" scripts/echarts-entry.js --bundle --minify \
    --format=iife --global-name=echarts --target=es2017 --log-level=warning \
    --resolve-extensions=.js --outfile=.tools/vendor/echarts.min.js
  echo "$stamp" > .tools/vendor/echarts.stamp
fi

# 5. Chromium + chromedriver (Debian)
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# LibreOffice Writer: the Word reports are opened by a real client in the tests (soffice --convert-to pdf).
command -v soffice >/dev/null || missing+=(libreoffice-writer)
# zopfli: scripts/inline.py packs the app's wasm about 5 % smaller than zlib (the single file's size budget).
command -v zopfli >/dev/null || missing+=(zopfli)
if [ "${#missing[@]}" -gt 0 ]; then
  say "安装 ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then apt_install "${missing[@]}"; else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; fi
fi
# 6. geckodriver (Firefox's WebDriver), built from crates.io (~3 min)
# (read whole first: with pipefail, grep -q closing the pipe early made the check fail on a good install)
gecko_found=$(geckodriver --version 2>/dev/null || true)
if ! grep -q "geckodriver $GECKODRIVER_VERSION" <<<"$gecko_found"; then
  say "安装 geckodriver $GECKODRIVER_VERSION（约 3 分钟）"
  cargo install geckodriver --version "$GECKODRIVER_VERSION"
fi
# 7. The old Chromium builds (after step 5: they use the libraries Debian's chromium brings): the packages' brotli-packed binary, unpacked once per version.
for c in "${OLD_CHROMIUMS[@]}"; do
  major=${c%%:*} version=${c#*:}
  if [ "$(cat "$SHARE/chromium-$major/version" 2>/dev/null)" != "$version" ]; then
    say "解压 Chromium $major（npm @sparticuz/chromium@$version）"
    node scripts/unpack-chromium.js "$NPM_DIR/node_modules/chromium-$major/bin" "$SHARE/chromium-$major" "$version"
  fi
done
say "环境就绪"
