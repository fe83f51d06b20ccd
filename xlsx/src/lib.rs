//! The file module of lishu-monitor: the file formats the browser app needs only when a user asks for them,
//! kept out of the app's own wasm so that opening the app does not pay for them.
//!
//! - Excel (.xlsx): writes a [`WorkbookSpec`] with rust_xlsxwriter and reads a file into a [`Grid`] with
//!   calamine. What goes into the workbooks (evaluation table, fill-in template) and how a filled template
//!   is checked live in `lishu_core::io::workbook`; this crate only converts.
//! - Catalogue files (.toml): [`catalogue_read_json`] and [`catalogue_write_json`] run the core's strict
//!   reader and writer (`lishu_core::catalogue::file`), whose TOML parser is large.
//! - Word (.docx) reports: [`docx_write_json`] writes a `DocumentSpec` (built by the core's
//!   `report::document` from the report and the drawn charts) with the core's `report::docx` (docx-rs).
//!
//! Native use: [`write`] and [`read`] (the core's catalogue functions are called directly).
//!
//! # Browser: a second wasm module with a tiny C ABI (no wasm-bindgen)
//!
//! Built separately (`scripts/build-xlsx-wasm.sh`: cargo build for wasm32-unknown-unknown, then binaryen
//! removes everything but the exports below and the leftover JS imports, see the script), the module has
//! **no imports** and exports `memory` and four functions (all pointers and lengths are `u32` offsets in
//! `memory`):
//!
//! | export | signature | what |
//! | --- | --- | --- |
//! | `lishu_xlsx_alloc` | `(len) -> ptr` | allocates `len` bytes for an input (0 on failure) |
//! | `lishu_xlsx_free` | `(ptr, len)` | frees an input (`len` as allocated) or a result (`len` = 5 + payload length) |
//! | `lishu_xlsx_write` | `(ptr, len) -> result` | input: a `WorkbookSpec` as UTF-8 JSON; payload: the .xlsx bytes |
//! | `lishu_xlsx_read` | `(ptr, len) -> result` | input: .xlsx bytes; payload: the `Grid` as UTF-8 JSON |
//! | `lishu_xlsx_catalogue_read` | `(ptr, len) -> result` | input: a catalogue file's bytes; payload: `CheckedFile` JSON |
//! | `lishu_xlsx_catalogue_write` | `(ptr, len) -> result` | input: `WriteRequest` JSON; payload: the .toml text |
//! | `lishu_xlsx_catalogue_draft` | `(ptr, len) -> result` | input: `DraftRequest` JSON; payload: `DraftOutcome` JSON |
//! | `lishu_xlsx_data_carry` | `(ptr, len) -> result` | input: `CarryRequest` JSON; payload: `CarryAnswer` JSON |
//! | `lishu_xlsx_docx_write` | `(ptr, len) -> result` | input: a `DocumentSpec` as UTF-8 JSON; payload: the .docx bytes |
//! | `lishu_xlsx_city` | `(ptr, len) -> result` | input: `city::screen::encode` bytes; payload: `CityScreen` JSON |
//! | `lishu_xlsx_city_report` | `(ptr, len) -> result` | input: `city::screen::encode` bytes; payload: the city report .docx |
//! | `lishu_xlsx_link_save` | `(ptr, len) -> result` | input: `LinkSaveRequest` JSON; payload: `LinkSaveAnswer` JSON |
//!
//! A result is a buffer: 4 bytes payload length (little-endian u32), 1 status byte (0 = ok, 1 = error),
//! then the payload (on error: a Chinese message, UTF-8). The input is not freed by the call. Usage:
//!
//! ```js
//! const { instance } = await WebAssembly.instantiate(wasmBytes, {});
//! const x = instance.exports;
//! const inPtr = x.lishu_xlsx_alloc(input.length);
//! new Uint8Array(x.memory.buffer, inPtr, input.length).set(input);
//! const res = x.lishu_xlsx_write(inPtr, input.length);     // or lishu_xlsx_read
//! x.lishu_xlsx_free(inPtr, input.length);
//! const view = new DataView(x.memory.buffer);              // re-read: memory may have grown
//! const len = view.getUint32(res, true), ok = view.getUint8(res + 4) === 0;
//! const payload = new Uint8Array(x.memory.buffer, res + 5, len).slice();
//! x.lishu_xlsx_free(res, len + 5);
//! ```
//!
//! A trap (a bug: release builds abort on panic) leaves the instance unusable: instantiate it again.

mod read;
mod write;

pub use lishu_core::io::workbook::{Grid, WorkbookSpec};
pub use read::{read, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
pub use write::write;

/// [`write`] from the spec's JSON (the browser ABI's input).
pub fn write_json(spec_json: &[u8]) -> Result<Vec<u8>, String> {
    let spec: WorkbookSpec =
        serde_json::from_slice(spec_json).map_err(|e| format!("工作簿描述无法解析（程序错误）：{e}"))?;
    write(&spec)
}

/// [`read`] to the grid's JSON (the browser ABI's output).
pub fn read_json(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let grid = read(bytes)?;
    serde_json::to_vec(&grid).map_err(|e| format!("读取结果无法转换（程序错误）：{e}"))
}

/// A catalogue file checked by the core's strict reader, as `CheckedFile` JSON (never an error: problems of
/// the file are in its `errors`).
pub fn catalogue_read_json(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let checked = lishu_core::catalogue::file::CheckedFile::of(bytes);
    serde_json::to_vec(&checked).map_err(|e| format!("检查结果无法转换（程序错误）：{e}"))
}

/// A catalogue written as a .toml file, from a `WriteRequest` JSON.
pub fn catalogue_write_json(request: &[u8]) -> Result<Vec<u8>, String> {
    let r: lishu_core::catalogue::file::WriteRequest =
        serde_json::from_slice(request).map_err(|e| format!("目录无法读取（程序错误）：{e}"))?;
    lishu_core::catalogue::file::write_catalogue(&r.catalogue, &r.heading).map(String::into_bytes)
}

/// A catalogue drafted from a plan's text (`DraftRequest` JSON → `DraftOutcome` JSON; problems of the text
/// are in its `errors`).
pub fn catalogue_draft_json(request: &[u8]) -> Result<Vec<u8>, String> {
    use lishu_core::catalogue::draft::{DraftOutcome, DraftRequest};
    let r: DraftRequest = serde_json::from_slice(request).map_err(|e| format!("起草请求无法读取（程序错误）：{e}"))?;
    serde_json::to_vec(&DraftOutcome::of(&r)).map_err(|e| format!("草稿无法转换（程序错误）：{e}"))
}

/// 转入上一期数据: a `CarryRequest` JSON → `CarryAnswer` JSON (the carried data and the report); the
/// reasons a carry is refused are the error, one per line.
pub fn data_carry_json(request: &[u8]) -> Result<Vec<u8>, String> {
    let r: lishu_core::carry::CarryRequest =
        serde_json::from_slice(request).map_err(|e| format!("转入请求无法读取（程序错误）：{e}"))?;
    let answer = lishu_core::carry::carry_request(&r).map_err(|e| e.join("\n"))?;
    serde_json::to_vec(&answer).map_err(|e| format!("转入结果无法转换（程序错误）：{e}"))
}

/// A Word report (.docx) from its `DocumentSpec` JSON.
pub fn docx_write_json(spec_json: &[u8]) -> Result<Vec<u8>, String> {
    let spec: lishu_core::report::document::DocumentSpec =
        serde_json::from_slice(spec_json).map_err(|e| format!("文档描述无法解析（程序错误）：{e}"))?;
    lishu_core::report::docx::write_docx(&spec).map_err(|e| e.to_string())
}

/// 市级汇总: the picked files (`city::screen::encode`) → the `CityScreen` JSON (roll-up, comparison, files
/// to download); every problem of the input is the error, one per line.
pub fn city_json(request: &[u8]) -> Result<Vec<u8>, String> {
    use lishu_core::city::screen::{city_screen, decode};
    let input = decode(request)?;
    let screen = city_screen(&input).map_err(|e| e.join("\n"))?;
    serde_json::to_vec(&screen).map_err(|e| format!("市级汇总结果无法转换（程序错误）：{e}"))
}

/// 市级汇总: the picked files → the city report (.docx) through the one report outline.
pub fn city_report_docx(request: &[u8]) -> Result<Vec<u8>, String> {
    use lishu_core::city::screen::{decode, report_spec};
    let input = decode(request)?;
    let spec = report_spec(&input).map_err(|e| e.join("\n"))?;
    lishu_core::report::docx::write_docx(&spec).map_err(|e| e.to_string())
}

/// 与上一期对照 edited in the app: a `LinkSaveRequest` JSON → `LinkSaveAnswer` JSON (the changes, and the
/// edited catalogue with its .toml or every problem that refuses it).
pub fn link_save_json(request: &[u8]) -> Result<Vec<u8>, String> {
    let r: lishu_core::catalogue::link_edit::LinkSaveRequest =
        serde_json::from_slice(request).map_err(|e| format!("对照修改无法读取（程序错误）：{e}"))?;
    let answer = lishu_core::catalogue::link_edit::save_links(&r);
    serde_json::to_vec(&answer).map_err(|e| format!("对照结果无法转换（程序错误）：{e}"))
}

/// A result buffer of the C ABI: payload length (u32 LE), status (0 ok / 1 error), payload.
pub fn frame(result: Result<Vec<u8>, String>) -> Vec<u8> {
    let (status, payload) = match result {
        Ok(b) => (0u8, b),
        Err(e) => (1u8, e.into_bytes()),
    };
    let mut out = Vec::with_capacity(5 + payload.len());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.push(status);
    out.extend_from_slice(&payload);
    out
}

#[cfg(target_arch = "wasm32")]
mod abi {
    use std::alloc::{alloc, dealloc, Layout};

    fn layout(len: usize) -> Option<Layout> {
        Layout::from_size_align(len.max(1), 1).ok()
    }

    /// Allocates `len` bytes (at least 1) for an input; 0 when out of memory.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_alloc(len: usize) -> *mut u8 {
        match layout(len) {
            // SAFETY: the layout has a non-zero size.
            Some(l) => unsafe { alloc(l) },
            None => std::ptr::null_mut(),
        }
    }

    /// Frees a buffer from `lishu_xlsx_alloc` or a result (`len` = 5 + payload length).
    ///
    /// # Safety
    /// `ptr` must come from this module with exactly this `len`, and not be freed twice.
    #[no_mangle]
    pub unsafe extern "C" fn lishu_xlsx_free(ptr: *mut u8, len: usize) {
        if let (false, Some(l)) = (ptr.is_null(), layout(len)) {
            dealloc(ptr, l);
        }
    }

    fn call(ptr: *const u8, len: usize, f: fn(&[u8]) -> Result<Vec<u8>, String>) -> *mut u8 {
        let input: &[u8] = if ptr.is_null() || len == 0 {
            &[]
        } else {
            // SAFETY: the caller wrote `len` bytes at `ptr` (allocated by lishu_xlsx_alloc).
            unsafe { std::slice::from_raw_parts(ptr, len) }
        };
        let out = super::frame(f(input));
        let p = lishu_xlsx_alloc(out.len());
        if !p.is_null() {
            // SAFETY: `p` holds `out.len()` bytes.
            unsafe { std::ptr::copy_nonoverlapping(out.as_ptr(), p, out.len()) };
        }
        p
    }

    /// WorkbookSpec JSON → result with the .xlsx bytes.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_write(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::write_json)
    }

    /// .xlsx bytes → result with the Grid JSON.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_read(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::read_json)
    }

    /// Catalogue file bytes → result with the `CheckedFile` JSON.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_catalogue_read(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::catalogue_read_json)
    }

    /// `DraftRequest` JSON → result with the `DraftOutcome` JSON.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_catalogue_draft(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::catalogue_draft_json)
    }

    /// `DocumentSpec` JSON → result with the .docx bytes.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_docx_write(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::docx_write_json)
    }

    /// `CarryRequest` JSON → result with the `CarryAnswer` JSON.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_data_carry(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::data_carry_json)
    }

    /// `WriteRequest` JSON → result with the .toml text.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_catalogue_write(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::catalogue_write_json)
    }

    /// 市级汇总 request bytes → result with the `CityScreen` JSON.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_city(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::city_json)
    }

    /// 市级汇总 request bytes → result with the city report (.docx).
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_city_report(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::city_report_docx)
    }

    /// `LinkSaveRequest` JSON → result with the `LinkSaveAnswer` JSON.
    #[no_mangle]
    pub extern "C" fn lishu_xlsx_link_save(ptr: *const u8, len: usize) -> *mut u8 {
        call(ptr, len, super::link_save_json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_files_through_the_abi_functions() {
        let source = include_str!("../../core/data/catalogue.toml");
        let checked: lishu_core::catalogue::file::CheckedFile =
            serde_json::from_slice(&catalogue_read_json(source.as_bytes()).expect("json")).expect("parses");
        let cat = checked.catalogue.expect("the catalogue");
        let req = lishu_core::catalogue::file::WriteRequest { catalogue: cat.clone(), heading: "标题".into() };
        let toml = catalogue_write_json(&serde_json::to_vec(&req).expect("json")).expect("written");
        assert!(toml.starts_with(b"# \xe6\xa0\x87"), "starts with the heading");
        let again = lishu_core::catalogue::file::read_catalogue(&toml).expect("reads back");
        assert_eq!(again, cat);
        assert!(catalogue_write_json(b"{").is_err());
    }

    #[test]
    fn drafts_through_the_abi_function() {
        use lishu_core::catalogue::draft::{DraftOptions, DraftOutcome, DraftRequest};
        let text = include_str!("../../core/tests/fixtures/county-2026-2030-plan.txt");
        let req = DraftRequest { text: text.into(), options: DraftOptions { id: Some("qingshan-2026-2030".into()), version: None } };
        let out: DraftOutcome =
            serde_json::from_slice(&catalogue_draft_json(&serde_json::to_vec(&req).expect("json")).expect("ok")).expect("parses");
        let cat = out.catalogue.expect("drafted");
        assert_eq!(cat.id, "qingshan-2026-2030");
        assert_eq!(lishu_core::catalogue::file::read_catalogue(out.toml.as_bytes()).expect("the TOML reads"), cat);
        let bad = DraftRequest { text: "不是规划".into(), options: DraftOptions::default() };
        let out: DraftOutcome =
            serde_json::from_slice(&catalogue_draft_json(&serde_json::to_vec(&bad).expect("json")).expect("ok")).expect("parses");
        assert!(out.catalogue.is_none() && out.errors[0].contains("未找到规划标题"), "{:?}", out.errors);
    }

    #[test]
    fn word_reports_through_the_abi_function() {
        use lishu_core::report::document::{report_document, PlanChoice};
        let cat = lishu_core::Catalogue::embedded();
        let ds = lishu_core::demo::demo_dataset(cat);
        let spec = report_document(cat, &ds, lishu_core::report::ReportKind::Final, PlanChoice::Both, None, "", &mut |_, _| None);
        let docx = docx_write_json(&serde_json::to_vec(&spec).expect("json")).expect("written");
        assert_eq!(&docx[..2], b"PK");
        let e = docx_write_json(b"{").expect_err("refused");
        assert!(e.contains("文档描述无法解析"), "{e}");
    }

    #[test]
    fn carries_through_the_abi_function() {
        use lishu_core::carry::{CarryAnswer, CarryFile, CarryRequest};
        let old = lishu_core::Catalogue::embedded().clone();
        let next = lishu_core::catalogue::file::read_catalogue(include_bytes!("../../core/tests/fixtures/lishu-2026-2030.toml"))
            .expect("fixture");
        let (new, _) = lishu_core::catalogue::link::link_catalogue(&next, &old);
        let data = lishu_core::demo::demo_dataset(&old);
        let at = "2026-12-10T09:00:00+08:00".to_string();
        let req = CarryRequest { old_catalogue: old.clone(), new_catalogue: new.clone(), data: Some(data.clone()), file: None, at: at.clone() };
        let out: CarryAnswer = serde_json::from_slice(&data_carry_json(&serde_json::to_vec(&req).expect("json")).expect("carried"))
            .expect("parses");
        assert!(out.result.carried.len() > 10, "{}", out.report);
        assert!(out.report.starts_with("已转入 "), "{}", out.report);
        let base = new.period.base;
        let c = &out.result.carried[0];
        assert_eq!(out.result.dataset.entry(&c.indicator, base), data.entry(&c.previous, base));
        // The same from a data file of the previous period.
        let file = lishu_core::io::export_dataset(&data, "", &at, &old);
        let req = CarryRequest { data: None, file: Some(CarryFile { name: "上一期.json".into(), bytes: file.into_bytes() }), ..req };
        let again: CarryAnswer =
            serde_json::from_slice(&data_carry_json(&serde_json::to_vec(&req).expect("json")).expect("carried")).expect("parses");
        assert_eq!(again.result.carried, out.result.carried);
        // Refused: the unlinked catalogue (no [previous]), and the previous catalogue given as the new one.
        let req = CarryRequest { new_catalogue: next, data: Some(data.clone()), file: None, ..req };
        let e = data_carry_json(&serde_json::to_vec(&req).expect("json")).expect_err("refused");
        assert!(e.contains("没有写明上一期目录"), "{e}");
        let req = CarryRequest { new_catalogue: old.clone(), old_catalogue: new, ..req };
        assert!(data_carry_json(&serde_json::to_vec(&req).expect("json")).is_err());
        assert!(data_carry_json(b"{").expect_err("refused").contains("转入请求无法读取"));
    }

    #[test]
    fn city_roll_up_through_the_abi_functions() {
        use lishu_core::city::screen::{encode, CityFile, CityInput, CityScreen, TABLE};
        let f = |n: &str| {
            let bytes = std::fs::read(format!("{}/../core/tests/fixtures/city/{n}", env!("CARGO_MANIFEST_DIR"))).expect("fixture");
            CityFile { name: n.into(), bytes }
        };
        let input = CityInput {
            city: Some(f("四平市目标目录.toml")),
            counties: vec![f("甲县目标目录.toml"), f("乙县目标目录.toml"), f("丙县监测数据-附带目标目录.json")],
            map: None,
            data: vec![f("甲县监测数据.json"), f("乙县监测数据.json")],
            year: 0,
            at: "2026-12-05T10:00:00+08:00".into(),
            date: "2026年12月5日".into(),
        };
        let screen: CityScreen = serde_json::from_slice(&city_json(&encode(&input)).expect("rolled up")).expect("parses");
        let t = screen.blocks.iter().find(|b| b.level == TABLE && b.text == "2021年市级汇总数值").expect("table");
        let newborn = t.rows.iter().find(|r| r[0] == "W1-1-1").expect("row");
        // (12 + 30 + 9) / (1000 + 2500 + 1500) = 10.2‰.
        assert_eq!(newborn[2], "10.2‰");
        let docx = city_report_docx(&encode(&input)).expect("report");
        assert_eq!(&docx[..2], b"PK");
        // 乙's data file without 乙's catalogue: refused, naming the file.
        let bad = CityInput { counties: vec![input.counties[0].clone(), input.counties[2].clone()], ..input };
        let e = city_json(&encode(&bad)).expect_err("refused");
        assert!(e.contains("乙县监测数据.json"), "{e}");
        assert!(city_json(b"\x01").expect_err("damaged request").contains("程序错误"));
    }

    #[test]
    fn link_edits_through_the_abi_function() {
        use lishu_core::catalogue::link_edit::{LinkEdit, LinkSaveAnswer, LinkSaveRequest, RowEdit};
        let old = lishu_core::Catalogue::embedded().clone();
        let next = lishu_core::catalogue::file::read_catalogue(include_bytes!("../../core/tests/fixtures/lishu-2026-2030.toml"))
            .expect("fixture");
        let (new, _) = lishu_core::catalogue::link::link_catalogue(&next, &old);
        let req = |to: &str| LinkSaveRequest {
            catalogue: new.clone(),
            previous: old.clone(),
            edits: vec![LinkEdit { indicator: "W2-1-1".into(), edit: RowEdit::Change(to.into()) }],
            with_earlier: vec![],
        };
        let answer = |r: &LinkSaveRequest| -> LinkSaveAnswer {
            serde_json::from_slice(&link_save_json(&serde_json::to_vec(r).expect("json")).expect("answered")).expect("parses")
        };
        let ok = answer(&req("W1-2-1a"));
        assert!(ok.problems.is_empty(), "{:?}", ok.problems);
        assert_eq!(lishu_core::catalogue::file::read_catalogue(ok.toml.as_bytes()).ok(), ok.catalogue);
        let refused = answer(&req("W1-4-2"));
        assert!(refused.catalogue.is_none() && !refused.problems.is_empty());
        assert!(link_save_json(b"{").expect_err("refused").contains("对照修改无法读取"));
    }

    #[test]
    fn frames_carry_length_status_and_payload() {
        assert_eq!(frame(Ok(vec![7, 8])), vec![2, 0, 0, 0, 0, 7, 8]);
        let e = frame(Err("坏".into()));
        assert_eq!(&e[..5], &[3, 0, 0, 0, 1]);
        assert_eq!(std::str::from_utf8(&e[5..]), Ok("坏"));
    }
}
