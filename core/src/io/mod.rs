//! Data files, import validation, district merge, the browser store envelope and undo history.
//!
//! # 数据文件格式（schema 2）
//!
//! An exported data file is UTF-8 JSON (`.json`), at most 32 MB:
//!
//! ```json
//! {
//!   "type": "lishu-monitor/dataset",
//!   "schema": 2,
//!   "app_version": "0.1.0",
//!   "catalogue_version": "2026.1",
//!   "unit": "区卫健局",
//!   "exported_at": "2026-11-29T09:30:00+08:00",
//!   "checksum": "fnv1a64:1c2d3e4f5a6b7c8d",
//!   "data": {
//!     "data": { "W1-4-2": { "2021": { "numerator": "3", "denominator": "2150",
//!                                      "unit": "区卫健局", "updated_at": "2026-03-01T10:00:00+08:00" } } },
//!     "settings": { "W1-4-2": { "lead_unit": "区卫健局" } },
//!     "units": ["区卫健局", "区教育局"],
//!     "texts": { "women-2023-对策建议": "……" },
//!     "superseded": [ { "indicator": "W1-4-2", "year": 2021, "entry": { "value": "140" },
//!                       "reason": "导入冲突：……", "at": "2026-03-02T08:00:00+08:00" } ]
//!   }
//! }
//! ```
//!
//! * `type` must be `lishu-monitor/dataset`; `schema` is the format version (a number).
//! * `unit` is the exporting unit; empty (`""`) means the whole district. A unit's file holds only the
//!   indicators it leads or co-operates on.
//! * `data` is a [`crate::Dataset`]: indicator id → year (2020–2025, as text keys) → entry. Every entry field
//!   is text exactly as typed (`value`, `numerator`, `denominator`, `female`, `male`, `other`, `bodies`,
//!   `stage` = `not_started`/`in_progress`/`basic`/`done`, `evidence`, `note`, `source`, `unit`,
//!   `updated_at`). Empty fields are omitted.
//! * `data` may also hold `reviews`, `locks`, `log` and `log_trimmed` (review states, locked values, the change
//!   log; see [`crate::review`]). What a received file may carry depends on who sent it, not on its `unit`
//!   ([`trust`]): only the office's own backup (`office_seal` made with the receiving browser's office key)
//!   carries office acts; every other file is a unit's file and may carry only its own 已提交/已退回 states and
//!   its own log entries, else it is refused.
//! * `office_seal` (district files from a browser): `hmac-sha256:` + 64 hex digits, see [`trust`].
//! * A member name given twice anywhere (`"unit":"","unit":"区卫健局"`) is an error naming it.
//! * `checksum` is `fnv1a64:` followed by 16 lowercase hex digits: FNV-1a 64 of the canonical JSON of `data`
//!   (no whitespace, object members sorted by key in byte order, strings escaped as serde_json does, numbers
//!   as serde_json prints them). A file whose checksum does not match is refused; a file without a checksum
//!   is accepted with a notice.
//!
//! **Import is lenient, export is strict.** Import also accepts numbers as JSON numbers or text, `null`
//! for empty, missing optional members, a bare value instead of an entry (`"2021": 95.5`), stages by their
//! Chinese label, a UTF-8 BOM; unknown members are ignored and listed as notices. It refuses, per file and
//! before anything changes: more than 32 MB, not UTF-8, not JSON, another `type`, a newer `schema`, a bad
//! checksum, wrong JSON types, unknown indicator ids, years outside 2020–2025, the same indicator+year twice,
//! and every value error of [`crate::dataset::resolve`] (not a number, negative, a percentage above 100 …).
//! A file with any error is rejected whole; other files can still be applied.
//!
//! **Schemas.** Files of an older schema are migrated step by step ([`envelope::MIGRATIONS`], schema n →
//! n+1) before reading; files of a newer schema are refused untouched. Schema 1 is the first; the frozen
//! fixtures `core/tests/fixtures/dataset-schema1.json` and `dataset-schema2.json` must keep importing in every later
//! version.
//!
//! **Browser store.** `{"type":"lishu-monitor/store","schema":2,"app_version":…,"saved_at":…,"data":…}`
//! (compact, no checksum); see [`storage`].

pub mod carried;
pub mod checksum;
pub mod csv;
pub mod envelope;
pub mod error;
pub mod export;
pub mod history;
pub mod import;
pub mod json;
pub mod lenient;
pub mod merge;
pub mod read;
pub mod storage;
pub mod table;
pub mod time;
pub mod trust;
pub mod workbook;

pub use csv::evaluation_csv;
pub use envelope::{DATASET_TYPE, SCHEMA, STORE_TYPE};
pub use error::{CellRef, FileError, FileErrorKind};
pub use export::{evaluation_file_name, export_check, export_dataset, export_dataset_sealed, export_dataset_with, export_file_name, unit_view};
pub use history::{History, Snapshot};
pub use import::{
    apply, apply_with, entry_summary, import_files, import_files_with, import_reports, ApplyOptions, Candidate, Change, Conflict, ImportPreview,
    Resolutions, Source, Unlocks,
};
pub use merge::{merge, merge_reports, merge_with_office, MergeResult};
pub use crate::catalogue::diff::TargetChange;
pub use read::{read_file, read_file_with, validate, FileReport, MAX_FILE_BYTES};
pub use trust::{Reader, Receiver};
pub use storage::{decode_store, encode_store, StoreError, StoredDataset};
