//! End-to-end harness: the shared chromedriver + headless Chromium helpers live in the bench crate.
#![allow(unused_imports)]
pub use lishu_bench::browser::{
    allow_downloads, click, dist_url, page_text, press, wait_words, FIND_BY_TEXT, open_indicator, select, text_of, type_into, wait_download, wait_for, wait_text, Driver, TempDir,
};
