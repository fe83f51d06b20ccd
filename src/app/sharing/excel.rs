//! Excel (.xlsx) in the browser. What goes into a workbook (the evaluation table, a unit's fill-in
//! template) and how a filled template is checked is decided by the core (`io::workbook`); turning a
//! `WorkbookSpec` into .xlsx bytes and .xlsx bytes into a `Grid` is done by the separate Excel wasm
//! module (crate xlsx/), instantiated only on first use by `window.lishuXlsx` (index.html), so opening
//! the app does not pay for it.

use super::flow::beijing_now;
use lishu_core::io::workbook::{evaluation_workbook, template_file_name, template_workbook, Grid, WorkbookSpec};
use lishu_core::{Catalogue, Dataset, Evaluation};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `lishuXlsx("write" | "read", bytes) → Promise<Uint8Array>` (index.html).
    #[wasm_bindgen(catch, js_namespace = window, js_name = lishuXlsx)]
    fn lishu_xlsx(op: &str, input: &[u8]) -> Result<js_sys::Promise, JsValue>;
}

/// MIME type of .xlsx files.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// True for a file the import should read as an Excel workbook: by name (.xlsx/.xlsm) or, whatever the
/// name, by the zip signature every .xlsx starts with.
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".xlsx") || lower.ends_with(".xlsm") || bytes.starts_with(b"PK\x03\x04")
}

fn js_message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|v| v.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "未知错误".into())
}

async fn call(op: &str, input: &[u8]) -> Result<Vec<u8>, String> {
    let promise = lishu_xlsx(op, input).map_err(|_| "此页面没有 Excel 模块（请使用发布的单文件或 make run 打开）".to_string())?;
    let out = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| js_message(&e))?;
    Ok(js_sys::Uint8Array::new(&out).to_vec())
}

/// The .xlsx bytes of `spec`.
pub async fn write_workbook(spec: &WorkbookSpec) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(spec).map_err(|e| format!("工作簿描述无法生成（{e}）"))?;
    call("write", &json).await
}

/// The cells of an .xlsx file, or the Excel module's Chinese message why it cannot be read.
pub async fn read_workbook(bytes: &[u8]) -> Result<Grid, String> {
    let json = call("read", bytes).await?;
    serde_json::from_slice(&json).map_err(|e| format!("Excel 模块的结果无法读取（{e}）"))
}

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
