//! `lishu-bench functions`: how many distinct wasm functions run before the app is mounted. V8 compiles
//! wasm lazily: a function is compiled (Liftoff) on its first call, and each such compilation is a trace
//! event (`wasm.CompileBaseline` with `funcIndex` in Chromium 156, `wasm.CompileLazy` with `func_index` in
//! older V8; category `disabled-by-default-v8.wasm.detailed`). Chromium 109 has no lazy compilation: it
//! compiles every function before instantiating, which the count shows as `eager`. One
//! load of the single file in a fresh headless Chromium is traced over the DevTools protocol (with the
//! `blink.user_timing` marks), and the distinct function indexes compiled up to the `lishu-mounted` mark
//! are counted (in the page's renderer process). Each costs ~20 µs on this machine before the first screen
//! (issue “start-up budget”), so the count is the part of the start-up the code itself decides.

use crate::browser::TempDir;
use crate::cdp::Chrome;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

/// Trace categories: the wasm compilation events and the page's `performance.mark`s.
const CATEGORIES: [&str; 3] =
    ["disabled-by-default-v8.wasm.detailed", "disabled-by-default-v8.wasm", "blink.user_timing"];

/// The count of one load.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionCount {
    pub browser: String,
    /// Distinct wasm functions compiled before `lishu-mounted` (lazily, i.e. run for the first time, when
    /// `eager` is 0).
    pub before_mount: usize,
    /// … and until the trace ended (a moment after mount: the deferred start-up work included).
    pub until_end: usize,
    /// Functions compiled before the module was instantiated: all of them in a browser without lazy wasm
    /// compilation (Chromium 109), none with it.
    pub eager: usize,
    /// The trace's events by name in the wasm categories (to see what the browser reports when the count
    /// is 0).
    pub wasm_events: BTreeMap<String, usize>,
}

/// The wasm function compilations of a trace: Liftoff compiling one function, `wasm.CompileLazy` (older V8)
/// or `wasm.CompileBaseline` (V8 of Chromium 156), with the function's index.
fn compiled_function(e: &Value) -> Option<i64> {
    let name = e["name"].as_str()?;
    if name != "wasm.CompileLazy" && name != "wasm.CompileBaseline" {
        return None;
    }
    e["args"]["func_index"].as_i64().or_else(|| e["args"]["funcIndex"].as_i64())
}

/// Counts the distinct functions compiled before the `lishu-mounted` mark, until the end, and before the
/// module was instantiated (`wasm.InstanceBuilder.Build`), in the page's process, from trace `events` as
/// `Tracing.dataCollected` gives them.
pub fn count(events: &[Value]) -> Result<FunctionCount, String> {
    let mounted = events
        .iter()
        .find(|e| e["name"] == "lishu-mounted" && e["cat"].as_str().is_some_and(|c| c.contains("user_timing")))
        .ok_or("no lishu-mounted mark in the trace")?;
    let (pid, at) = (mounted["pid"].as_i64(), mounted["ts"].as_f64().unwrap_or(f64::INFINITY));
    let instantiated = events
        .iter()
        .filter(|e| e["name"] == "wasm.InstanceBuilder.Build" && e["pid"].as_i64() == pid)
        .filter_map(|e| e["ts"].as_f64())
        .fold(f64::INFINITY, f64::min);
    let (mut before, mut all, mut eager) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut names = BTreeMap::new();
    for e in events.iter().filter(|e| e["cat"].as_str().is_some_and(|c| c.contains("v8.wasm"))) {
        *names.entry(e["name"].as_str().unwrap_or_default().to_string()).or_insert(0) += 1;
        if e["pid"].as_i64() != pid {
            continue;
        }
        let Some(f) = compiled_function(e) else { continue };
        let ts = e["ts"].as_f64().unwrap_or(f64::INFINITY);
        all.insert(f);
        if ts <= at {
            before.insert(f);
        }
        if ts < instantiated {
            eager.insert(f);
        }
    }
    Ok(FunctionCount {
        browser: String::new(),
        before_mount: before.len(),
        until_end: all.len(),
        eager: eager.len(),
        wasm_events: names,
    })
}

/// Loads `url` once in a fresh `binary` (headless, empty profile) under tracing and counts the functions.
pub fn count_functions(binary: &Path, url: &str) -> Result<FunctionCount, String> {
    let profile = TempDir::new("functions");
    let mut c = Chrome::launch(binary, &profile.0, &[])?;
    c.keep_events();
    c.call(
        "Tracing.start",
        json!({ "traceConfig": { "includedCategories": CATEGORIES, "recordMode": "recordAsMuchAsPossible" },
                "transferMode": "ReportEvents" }),
    )?;
    c.goto(url)?;
    c.wait("performance.getEntriesByName('lishu-mounted').length > 0", Duration::from_secs(60))?;
    // A moment for the work deferred until after mount.
    std::thread::sleep(Duration::from_millis(500));
    c.call("Tracing.end", json!({}))?;
    c.wait_event("Tracing.tracingComplete", Duration::from_secs(60))?;
    let events: Vec<Value> = c
        .take_events()
        .into_iter()
        .filter(|m| m["method"] == "Tracing.dataCollected")
        .flat_map(|m| m["params"]["value"].as_array().cloned().unwrap_or_default())
        .collect();
    if let Some(path) = std::env::var_os("LISHU_TRACE_OUT") {
        // The raw trace events (chrome://tracing or Perfetto can load `{"traceEvents": …}`).
        let _ = std::fs::write(&path, json!({ "traceEvents": events }).to_string());
    }
    Ok(FunctionCount { browser: crate::page::Page::label(&c), ..count(&events)? })
}

#[cfg(test)]
mod tests {
    use super::count;
    use serde_json::json;

    #[test]
    fn counts_distinct_compilations_before_the_mark_in_its_process() {
        let lazy = |pid: i64, ts: f64, f: i64| {
            json!({ "cat": "disabled-by-default-v8.wasm.detailed", "name": "wasm.CompileBaseline", "pid": pid, "ts": ts,
                    "args": { "funcIndex": f } })
        };
        let events = vec![
            lazy(1, 1.0, 3), // before instantiation: eager
            json!({ "cat": "disabled-by-default-v8.wasm", "name": "wasm.InstanceBuilder.Build", "pid": 1, "ts": 5.0 }),
            lazy(1, 10.0, 5),
            lazy(1, 11.0, 5),
            json!({ "cat": "disabled-by-default-v8.wasm.detailed", "name": "wasm.CompileLazy", "pid": 1, "ts": 12.0,
                    "args": { "func_index": 7 } }),
            lazy(2, 13.0, 8), // another process
            json!({ "cat": "blink.user_timing", "name": "lishu-mounted", "pid": 1, "ts": 20.0 }),
            lazy(1, 30.0, 9),
        ];
        let c = count(&events).expect("mark present");
        assert_eq!((c.before_mount, c.until_end, c.eager), (3, 4, 1));
        assert_eq!(c.wasm_events.get("wasm.CompileBaseline"), Some(&5));
        assert_eq!(c.wasm_events.get("wasm.CompileLazy"), Some(&1));
        assert!(count(&events[..6]).is_err(), "no mark");
    }
}
