# lishu-monitor — two commands on a fresh machine: `make run` and `make test`.
# Both first run scripts/setup.sh, which installs only what is missing (user-wide).
SHELL := /bin/bash
NPM_DIR ?= $(HOME)/.local/share/lishu-monitor/npm
export PATH := $(HOME)/.cargo/bin:$(NPM_DIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT ?= 120
DIST := dist/lishu-monitor.html
# The Excel module (crate xlsx/), a second wasm the app loads on first use (see index.html, lishuXlsx).
XLSX_WASM := .tools/xlsx/lishu_xlsx.wasm

.PHONY: setup xlsx-wasm run dist test test-native test-browser test-e2e bench clean

setup:
	@bash scripts/setup.sh

## make xlsx-wasm: the Excel module for the browser (no imports; ABI in xlsx/src/lib.rs), copied beside
## the page by trunk and embedded by scripts/inline.py
xlsx-wasm: setup
	bash scripts/build-xlsx-wasm.sh $(XLSX_WASM)

## make run: build and serve the app with trunk (address printed below)
run: setup xlsx-wasm
	@echo "启动开发服务器：http://127.0.0.1:8080/ （Ctrl+C 停止）"
	trunk serve

## make dist: the release single file dist/lishu-monitor.html (opens from disk, no server)
dist: setup xlsx-wasm
	trunk build --release
	python3 scripts/inline.py target/trunk-dist $(DIST)

## make test: every test — native (core + CLI + charts), browser (wasm-bindgen-test), end-to-end (single file)
test: setup test-native test-browser test-e2e

test-native:
	cargo test --workspace --exclude lishu-monitor -- --skip fuzz_through_the_command_line
	@# the command-line fuzzing prints its counts (runs, exit codes, panics, output after an error)
	set -o pipefail; cargo test -p lishu-core --test cli_fuzz -- --nocapture 2>&1 | grep -E "^FUZZ|^test result|panicked|FAILED"
	cargo test -p lishu-monitor --lib --bins

test-browser:
	cargo test --target wasm32-unknown-unknown --test web --test web_sharing

## the shipped wasm needs nothing newer than Chromium 86 (no reference types), then every browser: Debian's
## Chromium (e2e.rs, e2e_browsers.rs), real Chromium 109 and 92 over DevTools, Firefox ESR (e2e_browsers.rs)
test-e2e: dist
	bash scripts/check-wasm-features.sh $(DIST)
	LISHU_DIST=$(abspath $(DIST)) cargo test -p lishu-monitor --test e2e --test e2e_review --test e2e_browsers --test e2e_clerk --test e2e_period --test e2e_city -- --test-threads=1

## make bench: speed and size goals (figures printed; recorded in README)
bench: dist
	cargo run --release -p lishu-bench -- all $(abspath $(DIST))
	cargo test --profile web --target wasm32-unknown-unknown --test bench_web -- --nocapture --skip city 2>&1 | grep -E "BENCH|test result"
	cargo test --release --target wasm32-unknown-unknown --test bench_web city -- --nocapture 2>&1 | grep -E "BENCH|test result"

clean:
	rm -rf dist target/trunk-dist
