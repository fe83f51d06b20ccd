//! 市级汇总 / City roll-up: counties report upward to the city (and the province).
//!
//! - [`map`]: the roll-up map (a plain TOML file an office edits; its shape is documented there) — which
//!   county indicator feeds which city indicator, with unit factors — proposed with the matcher that links
//!   plan periods (`catalogue::link`), and checked on reading.
//! - [`sum`]: the counties' data summed into a normal data file of the city's catalogue (Σ numerators ÷ Σ
//!   denominators, counts and female/male pairs summed, stages listed), every entry keeping its parts in its
//!   note.
//! - [`compare`]: the counties compared for one year — statuses on their own catalogues beside the city's, the
//!   counties ranked, those keeping the city below target (with their share of the city's denominator), the
//!   missing data.
//! - [`report`]: the city report (比较报告) of a comparison as one report outline ([`crate::report::document`]).
//! - [`cli`]: the bodies of `lishu rollup map | check-map | report` and `lishu rollup` over bytes already read.
//! - [`synthetic`]: generated counties for the roll-up benchmarks (native and in the browser).
//! - [`error`]: [`CityError`], every message in Chinese naming file, county, indicator and line.
//!
//! Unrelated to `eval::rollup` (the evaluation's roll-up of results by domain and plan).

pub mod cli;
pub mod compare;
pub mod error;
pub mod map;
pub mod report;
pub mod screen;
pub mod sum;
pub mod synthetic;

pub use error::CityError;
