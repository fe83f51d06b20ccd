//! lishu-monitor web app (Leptos CSR): a thin UI over `lishu_core`.
pub mod app;
pub mod charts;
pub mod perf;
pub mod storage;
