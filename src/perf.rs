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

/// Sets the performance mark `name` once the browser has produced the frame after this call: the callback
/// of a second `requestAnimationFrame` runs at the start of the frame after the one that drew the page as
/// it is now (`make bench`: navigation → first frame showing the app).
pub fn mark_after_frame(name: &'static str) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(w) = web_sys::window() else { return };
        let second = Closure::once_into_js(move || mark(name));
        let w2 = w.clone();
        let first = Closure::once_into_js(move || {
            let _ = w2.request_animation_frame(second.unchecked_ref());
        });
        let _ = w.request_animation_frame(first.unchecked_ref());
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}
