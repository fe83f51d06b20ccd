//! Reading picked or dropped files in the browser (`Blob.arrayBuffer()`; works from file://). Excel files
//! are read into cells by the Excel module here, so checking them afterwards is synchronous like JSON.

use super::excel::{is_workbook, read_workbook};
use super::flow::{PickedFile, ReadProblem};
use lishu_core::io::MAX_FILE_BYTES;
use wasm_bindgen::JsValue;

/// The files of a FileList, in order.
pub fn files_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn js_text(e: &JsValue) -> String {
    let get = |k: &str| js_sys::Reflect::get(e, &JsValue::from_str(k)).ok().and_then(|v| v.as_string());
    get("message").or_else(|| get("name")).or_else(|| e.as_string()).unwrap_or_else(|| "未知错误".into())
}

/// Reads every file's bytes. Files above the size limit are not read (they are rejected by name).
pub async fn read_all(files: Vec<web_sys::File>) -> Vec<PickedFile> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let name = f.name();
        let size = f.size();
        if size > MAX_FILE_BYTES as f64 {
            out.push(PickedFile { name, content: Err(ReadProblem::TooLarge(size as usize)), workbook: None });
            continue;
        }
        let content = match wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await {
            Ok(buf) => Ok(js_sys::Uint8Array::new(&buf).to_vec()),
            Err(e) => Err(ReadProblem::Failed(js_text(&e))),
        };
        let workbook = match &content {
            Ok(bytes) if is_workbook(&name, bytes) => Some(read_workbook(bytes).await),
            _ => None,
        };
        out.push(PickedFile { name, content, workbook });
    }
    out
}
