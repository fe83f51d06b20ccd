//! `lishu-bench profile FILE`: where the time of opening the single file goes. Loads it once in a fresh
//! headless Chromium under the DevTools CPU profiler (sampling every 100 µs) and prints the functions
//! with the most self time up to the `lishu-mounted` mark. For a readable profile build the wasm with
//! its name section (see README, 基准测试); a release single file shows wasm functions by index. With
//! `LISHU_PROFILE_OUT=FILE` the raw profile is also written to FILE (DevTools can load it).

use crate::browser::{Driver, TempDir};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;
use thirtyfour::extensions::cdp::ChromeDevTools;

/// Self time per function name (ms), largest first, and the total sampled time (ms).
pub fn self_times(profile: &Value) -> (Vec<(String, f64)>, f64) {
    let nodes = profile["nodes"].as_array().cloned().unwrap_or_default();
    let names: HashMap<i64, String> = nodes
        .iter()
        .map(|n| {
            let cf = &n["callFrame"];
            let f = cf["functionName"].as_str().unwrap_or("");
            let url = cf["url"].as_str().unwrap_or("");
            let short_url = if url.len() > 40 { &url[url.len() - 40..] } else { url };
            let name = if f.is_empty() { format!("(anonymous) {short_url}") } else { f.to_string() };
            (n["id"].as_i64().unwrap_or(-1), name)
        })
        .collect();
    let samples = profile["samples"].as_array().cloned().unwrap_or_default();
    let deltas = profile["timeDeltas"].as_array().cloned().unwrap_or_default();
    let mut by: HashMap<String, f64> = HashMap::new();
    let mut total = 0.0;
    for (s, d) in samples.iter().zip(deltas.iter()) {
        let ms = d.as_f64().unwrap_or(0.0) / 1000.0;
        total += ms;
        let name = s.as_i64().and_then(|id| names.get(&id)).cloned().unwrap_or_default();
        *by.entry(name).or_default() += ms;
    }
    let mut v: Vec<(String, f64)> = by.into_iter().collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    (v, total)
}

/// Profiles one load of `url`; prints the top `top` functions by self time.
pub async fn profile_load(url: &str, top: usize) -> Result<(), String> {
    let driver = Driver::start().await;
    let dir = TempDir::new("profile");
    let b = driver.browser(&dir.0).await;
    let dev = ChromeDevTools::new(b.handle.clone());
    let run = async {
        let e = |e: thirtyfour::error::WebDriverError| e.to_string();
        dev.execute_cdp("Profiler.enable").await.map_err(e)?;
        dev.execute_cdp_with_params("Profiler.setSamplingInterval", json!({ "interval": 100 })).await.map_err(e)?;
        dev.execute_cdp("Profiler.start").await.map_err(e)?;
        b.goto(url).await.map_err(e)?;
        for _ in 0..600 {
            let v = b
                .execute("return performance.getEntriesByName('lishu-mounted').length > 0;", vec![])
                .await
                .map_err(e)?;
            if v.json() == &json!(true) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let out = dev.execute_cdp("Profiler.stop").await.map_err(e)?;
        if let Some(path) = std::env::var_os("LISHU_PROFILE_OUT") {
            // The raw DevTools profile (open it in Chromium's DevTools, Performance panel → Load profile).
            std::fs::write(&path, out["profile"].to_string()).map_err(|e| format!("{}: {e}", path.to_string_lossy()))?;
        }
        let (v, total) = self_times(&out["profile"]);
        println!("profile: {total:.0} ms sampled (includes idle after mount)");
        for (name, ms) in v.into_iter().take(top) {
            println!("  {ms:>7.1} ms  {name}");
        }
        Ok::<(), String>(())
    }
    .await;
    let _ = b.quit().await;
    run
}
