//! Browser entry point: mounts the app. All logic lives in the library (src/lib.rs) and the core crate.
fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        // `make bench` reads these marks: navigation start → wasm running → app mounted.
        lishu_monitor::perf::mark("lishu-main");
        console_error_panic_hook::set_once();
        leptos::mount::mount_to_body(lishu_monitor::app::App);
        lishu_monitor::perf::mark("lishu-mounted");
    }
}
