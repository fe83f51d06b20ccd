//! lishu-monitor core: catalogue, dataset, evaluation, import/export/merge and report data.
//! No web imports: everything here is tested with plain `cargo test`.

pub mod carry;
pub mod catalogue;
pub mod check;
pub mod city;
pub mod completeness;
pub mod dataset;
pub mod edit;
pub mod demo;
pub mod entry_fields;
pub mod eval;
pub mod io;
pub mod parse;
pub mod report;
pub mod review;
pub mod text;
pub mod units;

pub use catalogue::{Catalogue, Indicator, Plan};
pub use dataset::{Dataset, YearEntry};
pub use eval::{evaluate, Evaluation, Status};

/// App version embedded in exports.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
