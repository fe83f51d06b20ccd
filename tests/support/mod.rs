//! End-to-end harness: the shared chromedriver + headless Chromium helpers live in the bench crate.
#![allow(unused_imports)]
pub use lishu_bench::browser::{dist_url, wait_for, Driver, TempDir};
