//! Start-up timing marks (`performance.mark`), read by `make bench` (bench/src/load.rs) to show where
//! the time between navigation and a usable app goes. A no-op outside the browser.

/// Sets the performance mark `name` (e.g. `lishu-main`); silently does nothing without a window.
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}
