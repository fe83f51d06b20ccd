//! Excel (.xlsx) in the browser. What goes into a workbook (the evaluation table, a unit's fill-in
//! template) and how a filled template is checked is decided by the core (`io::workbook`); turning a
//! `WorkbookSpec` into .xlsx bytes and .xlsx bytes into a `Grid` is done by the file module
//! (`crate::app::files`, crate xlsx/), instantiated only on first use, so opening the app does not pay for it.

use crate::app::clock::beijing_now;
use lishu_core::io::workbook::{evaluation_workbook, template_file_name, template_workbook, WorkbookSpec};
use lishu_core::{Catalogue, Dataset, Evaluation};

/// MIME type of .xlsx files.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// True for a file the import should read as an Excel workbook: by name (.xlsx/.xlsm) or, whatever the
/// name, by the zip signature every .xlsx starts with.
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || bytes.starts_with(b"PK\x03\x04")
}

pub use crate::app::files::{read_workbook, write_workbook};

/// File name and workbook of the evaluation table of the assessed year.
pub fn evaluation_spec(cat: &Catalogue, ds: &Dataset, ev: &Evaluation, year: u16) -> (String, WorkbookSpec) {
    let at = beijing_now();
    (lishu_core::io::evaluation_file_name(cat, year, &at, "xlsx"), evaluation_workbook(cat, ds, ev, &at))
}

/// File name and workbook of the fill-in template of `unit` ("" = every indicator), pre-filled.
pub fn template_spec(cat: &Catalogue, ds: &Dataset, unit: &str) -> (String, WorkbookSpec) {
    let at = beijing_now();
    (template_file_name(cat, unit, &at), template_workbook(cat, ds, unit, &at))
}
