//! Shared pieces of the benchmarks and end-to-end tests: a chromedriver / geckodriver harness for
//! headless Chromium and Firefox, and a DevTools protocol client for old Chromium builds (cdp).
#[cfg(not(target_arch = "wasm32"))]
pub mod browser;
#[cfg(not(target_arch = "wasm32"))]
pub mod cdp;
#[cfg(not(target_arch = "wasm32"))]
pub mod functions;
#[cfg(not(target_arch = "wasm32"))]
pub mod load;
#[cfg(not(target_arch = "wasm32"))]
pub mod page;
#[cfg(not(target_arch = "wasm32"))]
pub mod profile;
#[cfg(not(target_arch = "wasm32"))]
pub mod screens;
