//! Files in and out of the browser: downloads ([`download`], [`download_bytes`]) and the file module: the second wasm (crate xlsx/) that reads and writes the file formats
//! only needed when asked for — Excel workbooks, catalogue `.toml` files and Word reports — instantiated on first use by
//! `window.lishuXlsx` (index.html), so opening the app does not pay for it. What goes into the files is
//! decided by the core; this is the one place the app calls the module.

use lishu_core::catalogue::draft::{DraftOutcome, DraftRequest};
use lishu_core::catalogue::file::{CheckedFile, WriteRequest};
use lishu_core::io::workbook::{Grid, WorkbookSpec};
use lishu_core::Catalogue;
use leptos::prelude::document;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `lishuXlsx(op, bytes) → Promise<Uint8Array>` (index.html).
    #[wasm_bindgen(catch, js_namespace = window, js_name = lishuXlsx)]
    fn lishu_xlsx(op: &str, input: &[u8]) -> Result<js_sys::Promise, JsValue>;
}

fn js_message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|v| v.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "未知错误".into())
}

/// Runs `op` of the file module on `input`.
async fn call(op: &str, input: &[u8]) -> Result<Vec<u8>, String> {
    let promise = lishu_xlsx(op, input)
        .map_err(|_| "此页面没有文件模块（Excel、目录文件、Word）（请使用发布的单文件或 make run 打开）".to_string())?;
    let out = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| js_message(&e))?;
    Ok(js_sys::Uint8Array::new(&out).to_vec())
}

/// The .xlsx bytes of `spec`.
pub async fn write_workbook(spec: &WorkbookSpec) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(spec).map_err(|e| format!("工作簿描述无法生成（{e}）"))?;
    call("write", &json).await
}

/// The cells of an .xlsx file, or the module's Chinese message why it cannot be read.
pub async fn read_workbook(bytes: &[u8]) -> Result<Grid, String> {
    let json = call("read", bytes).await?;
    serde_json::from_slice(&json).map_err(|e| format!("Excel 模块的结果无法读取（{e}）"))
}

/// A catalogue file checked by the core's strict reader: the catalogue, or every problem with its line.
pub async fn read_catalogue_file(bytes: &[u8]) -> Result<CheckedFile, String> {
    let json = call("catalogue-read", bytes).await?;
    serde_json::from_slice(&json).map_err(|e| format!("目录检查结果无法读取（{e}）"))
}

/// The `.toml` text of a catalogue with `heading` as its top comment.
pub async fn write_catalogue_file(catalogue: &Catalogue, heading: &str) -> Result<String, String> {
    let req = WriteRequest { catalogue: catalogue.clone(), heading: heading.to_string() };
    let json = serde_json::to_vec(&req).map_err(|e| format!("目录无法转换（{e}）"))?;
    let bytes = call("catalogue-write", &json).await?;
    String::from_utf8(bytes).map_err(|_| "目录文件不是有效的文本（程序错误）".to_string())
}

/// A catalogue drafted from a plan's text (with its TOML file), or every problem of the text.
pub async fn draft_catalogue(req: &DraftRequest) -> Result<DraftOutcome, String> {
    let json = serde_json::to_vec(req).map_err(|e| format!("起草请求无法生成（{e}）"))?;
    let out = call("catalogue-draft", &json).await?;
    serde_json::from_slice(&out).map_err(|e| format!("草稿无法读取（{e}）"))
}

/// 转入上一期数据, run in the file module (the carry is rarely used: it is not linked into the app): the
/// carried data and the report, or every reason the carry is refused (one per line).
pub async fn carry_data(req: &lishu_core::carry::CarryRequest) -> Result<lishu_core::carry::CarryAnswer, String> {
    let json = serde_json::to_vec(req).map_err(|e| format!("转入请求无法生成（{e}）"))?;
    let out = call("data-carry", &json).await?;
    serde_json::from_slice(&out).map_err(|e| format!("转入结果无法读取（{e}）"))
}

/// 市级汇总, run in the file module: the picked files (`city::screen::encode`) → the laid-out screen
/// (`CityScreen` as a JSON tree, read without a serde derive of its own in the app), or every problem of the
/// files (one per line).
pub async fn city_screen(request: &[u8]) -> Result<lishu_core::io::json::J, String> {
    let out = call("city", request).await?;
    let text = std::str::from_utf8(&out).map_err(|_| "市级汇总结果无法读取（程序错误）".to_string())?;
    lishu_core::io::json::J::parse(text).map_err(|e| format!("市级汇总结果无法读取（{e}）"))
}

/// The city report (.docx) of the same request, written in the file module.
pub async fn city_report(request: &[u8]) -> Result<Vec<u8>, String> {
    call("city-report", request).await
}

/// 与上一期对照 edited: saved (checked, written as .toml) in the file module, which has the catalogue check
/// and the TOML writer.
pub async fn save_links(
    req: &lishu_core::catalogue::link_edit::LinkSaveRequest,
) -> Result<lishu_core::catalogue::link_edit::LinkSaveAnswer, String> {
    let json = serde_json::to_vec(req).map_err(|e| format!("对照修改无法生成（{e}）"))?;
    let out = call("link-save", &json).await?;
    serde_json::from_slice(&out).map_err(|e| format!("对照结果无法读取（{e}）"))
}

/// MIME type of Word documents.
pub const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The .docx bytes of a report's document description (written by the file module).
pub async fn write_docx(spec: &lishu_core::report::document::DocumentSpec) -> Result<Vec<u8>, String> {
    let json = serde_json::to_vec(spec).map_err(|e| format!("文档描述无法生成（{e}）"))?;
    call("docx-write", &json).await
}

/// Offers `text` as a file download (Blob + object URL). Errors in Chinese.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(text));
    download_parts(name, mime, &parts)
}

/// [`download`] of binary content (e.g. an .xlsx workbook).
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    download_parts(name, mime, &parts)
}

fn download_parts(name: &str, mime: &str, parts: &js_sys::Array) -> Result<(), String> {
    let fail = |e: JsValue| format!("无法生成下载文件（{}）", e.as_string().unwrap_or_else(|| format!("{e:?}")));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let a = document()
        .create_element("a")
        .map_err(fail)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "无法生成下载链接".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    if let Some(body) = document().body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    } else {
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

