# lishu-monitor — two commands on a fresh machine: `make run` and `make test`.
# Both first run scripts/setup.sh, which installs only what is missing (user-wide).
SHELL := /bin/bash
NPM_DIR ?= $(HOME)/.local/share/lishu-monitor/npm
export PATH := $(HOME)/.cargo/bin:$(NPM_DIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT ?= 120
DIST := dist/lishu-monitor.html

.PHONY: setup run dist test test-native test-browser test-e2e bench xlsx-wasm clean

setup:
	@bash scripts/setup.sh

## make run: build and serve the app with trunk (address printed below)
run: setup
	@echo "启动开发服务器：http://127.0.0.1:8080/ （Ctrl+C 停止）"
	trunk serve

## make dist: the release single file dist/lishu-monitor.html (opens from disk, no server)
dist: setup
	trunk build --release
	python3 scripts/inline.py target/trunk-dist $(DIST)

## make test: every test — native (core + CLI + charts), browser (wasm-bindgen-test), end-to-end (single file)
test: setup test-native test-browser test-e2e

test-native:
	cargo test --workspace --exclude lishu-monitor
	cargo test -p lishu-monitor --lib --bins

test-browser:
	cargo test --target wasm32-unknown-unknown --test web --test web_sharing

test-e2e: dist
	LISHU_DIST=$(abspath $(DIST)) cargo test -p lishu-monitor --test e2e -- --test-threads=1

## make xlsx-wasm: the Excel module for the browser, target/xlsx-wasm/lishu_xlsx.wasm (no imports; ABI in xlsx/src/lib.rs)
xlsx-wasm: setup
	scripts/build-xlsx-wasm.sh

## make bench: speed and size goals (figures printed; recorded in README)
bench: dist
	cargo run --release -p lishu-bench -- all $(abspath $(DIST))
	cargo test --release --target wasm32-unknown-unknown --test bench_web -- --nocapture 2>&1 | grep -E "BENCH|test result"

clean:
	rm -rf dist target/trunk-dist
