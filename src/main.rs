//! Browser entry point: mounts the app. All logic lives in the library (src/lib.rs) and the core crate.
fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // `make bench` reads these marks: navigation start → wasm running → app mounted.
        lishu_monitor::perf::mark("lishu-main");
        console_error_panic_hook::set_once();
        leptos::mount::mount_to_body(lishu_monitor::app::App);
        // The static title and "正在打开…" line of index.html, shown until now.
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot-loading")) {
            el.remove();
        }
        lishu_monitor::perf::mark("lishu-mounted");
        lishu_monitor::perf::mark_after_frame("lishu-frame");
    }
}
