//! Browser entry point: mounts the app. All logic lives in the library (src/lib.rs) and the core crate.
fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        console_error_panic_hook::set_once();
        leptos::mount::mount_to_body(lishu_monitor::app::App);
        // `make bench` reads this mark: navigation start → app mounted.
        if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
            let _ = perf.mark("lishu-mounted");
        }
    }
}
