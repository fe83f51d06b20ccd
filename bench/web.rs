//! In-browser benchmarks (run by `make bench`, never by `make test`; prints figures, asserts nothing about
//! time): evaluate the whole catalogue × 6 years, import + merge 30 unit files, typing → re-evaluated view,
//! the 市级汇总 of a province (120 counties × 300 indicators × 10 years): the roll-up itself (goal < 2 s) and
//! the whole screen path from the picked files (same goal, not yet met).
//!
//! The app's benchmarks run as the app ships (`--profile web`: the core built small); the 市级汇总 ones as the
//! file module ships (`--release`: the core built for speed), `make bench` runs both:
//! `cargo test --profile web --target wasm32-unknown-unknown --test bench_web -- --nocapture --skip city`
//! `cargo test --release --target wasm32-unknown-unknown --test bench_web city -- --nocapture`
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::task::tick;
use lishu_core::io::{export_dataset, merge, unit_view};
use lishu_core::{demo::demo_dataset, evaluate, Catalogue};
use lishu_monitor::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../tests/web_common/mod.rs"]
#[allow(dead_code)]
mod web_common;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn report(name: &str, goal_ms: f64, times: Vec<f64>) {
    let n = times.len();
    let m = median(times);
    let verdict = if m <= goal_ms { "meets" } else { "MISSES" };
    // wasm-bindgen-test-runner shows console output with --nocapture.
    web_sys::console::log_1(&format!("BENCH {name}: {m:.2} ms (median of {n}; goal ≤ {goal_ms} ms: {verdict})").into());
}

#[wasm_bindgen_test]
fn bench_evaluate_in_browser() {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    let mut times = Vec::new();
    for i in 0..60 {
        let t = now();
        let ev = evaluate(cat, &ds, if i % 2 == 0 { 2025 } else { 2023 });
        let el = now() - t;
        assert!(!ev.results.is_empty());
        times.push(el);
    }
    report("evaluate catalogue × 6 years (browser)", 5.0, times);
}

#[wasm_bindgen_test]
fn bench_import_merge_30_unit_files() {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    let mut units = ds.unit_list(cat);
    units.truncate(30);
    let mut files = Vec::new();
    let mut i = 0;
    while files.len() < 30 {
        let unit = &units[i % units.len()];
        let view = unit_view(&ds, unit, cat);
        let json = export_dataset(&view, unit, "2026-11-29T09:00:00+08:00", cat);
        files.push((format!("{unit}-{i}.json"), json.into_bytes()));
        i += 1;
    }
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = now();
        let result = merge(&files, cat, "2026-11-29T10:00:00+08:00");
        let el = now() - t;
        assert!(result.files.iter().all(|f| f.accepted));
        times.push(el);
    }
    report("import + merge 30 unit files (browser)", 100.0, times);
}

fn q(host: &HtmlElement, testid: &str) -> Option<web_sys::Element> {
    host.query_selector(&format!("[data-testid=\"{testid}\"]")).ok().flatten()
}

#[wasm_bindgen_test]
async fn bench_typing_to_reevaluated_view() {
    let doc = web_sys::window().and_then(|w| w.document()).expect("document");
    if let Ok(Some(s)) = web_sys::window().expect("window").local_storage() {
        let _ = s.clear();
    }
    let host: HtmlElement = doc.create_element("div").expect("div").unchecked_into();
    doc.body().expect("body").append_child(&host).expect("append");
    let _handle = mount_to(host.clone(), App);
    tick().await;
    web_common::select_indicator(&host, "W1-4-1").await;
    tick().await;
    let status = || q(&host, "status-W1-4-1").and_then(|e| e.text_content()).unwrap_or_default();
    let mut times = Vec::new();
    for i in 0..20 {
        let input: HtmlInputElement = q(&host, "input-W1-4-1-2023-value").expect("value input").unchecked_into();
        // Alternate between a met and a missed target so the status really changes each time.
        let text = if i % 2 == 0 { "95" } else { "50" };
        let before = status();
        let t = now();
        input.set_value(text);
        let ev = doc.create_event("Event").expect("event");
        ev.init_event_with_bubbles_and_cancelable("input", true, false);
        input.dispatch_event(&ev).expect("dispatch");
        let mut spins = 0;
        while status() == before && spins < 10_000 {
            tick().await;
            spins += 1;
        }
        times.push(now() - t);
    }
    report("typing → re-evaluated view (browser)", 16.0, times);
}

#[wasm_bindgen_test]
fn bench_city_roll_up_step_in_browser() {
    // The roll-up itself (issue 27's goal: a province in under 2 s in the browser), as `lishu-bench rollup`
    // times it natively: generated catalogues, identity maps and data in memory, Σ numerators ÷ Σ denominators
    // for every city indicator and year with every county's parts in the notes.
    let province = match lishu_core::city::synthetic::Province::generate(120) {
        Ok(p) => p,
        Err(e) => panic!("generated catalogue does not read: {e}"),
    };
    let parts = province.parts();
    let at = lishu_core::city::synthetic::at();
    let mut times = Vec::new();
    let mut valued = 0;
    for _ in 0..5 {
        let t = now();
        let summed = lishu_core::city::sum::roll_up(&province.city, &parts, &at);
        times.push(now() - t);
        valued = summed.valued;
    }
    web_sys::console::log_1(
        &format!("BENCH 市级汇总 roll-up: {} county entries → {valued} city entries with a value", province.entries()).into(),
    );
    report("市级汇总 roll-up of 120 counties × 300 indicators × 10 years (browser)", 2000.0, times);
}

#[wasm_bindgen_test]
fn bench_city_rollup_of_a_province_in_browser() {
    // What the 市级汇总 screen does with the picked files (in the app it runs in the file module, the same core
    // code compiled to wasm): read 121 catalogues and 120 data files, match, roll up, compare, lay out.
    let input = match lishu_core::city::synthetic::screen_input(120) {
        Ok(i) => i,
        Err(e) => panic!("generated files do not read: {e}"),
    };
    let mut times = Vec::new();
    let mut outcome = String::new();
    for _ in 0..3 {
        let t = now();
        let screen = lishu_core::city::screen::city_screen(&input);
        times.push(now() - t);
        outcome = match screen {
            Ok(s) => format!("laid out, {} blocks", s.blocks.len()),
            Err(e) => format!("refused: {}", e.join("；").chars().take(60).collect::<String>()),
        };
    }
    web_sys::console::log_1(&format!("BENCH 市级汇总 120 counties outcome: {outcome}").into());
    report("市级汇总 120 counties × 300 indicators × 10 years, files → screen (browser)", 2000.0, times);
}
