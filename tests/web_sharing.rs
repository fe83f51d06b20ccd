//! Browser tests of the 数据交换 page (wasm-bindgen-test, run in a real browser). Files are built in the
//! test with `io::export_dataset` and handed to the page's import flow (no real file dialog); the page is
//! then driven through `data-testid` selectors.
//!
//! Run: `cargo test --target wasm32-unknown-unknown --test web_sharing` (needs wasm-bindgen-test-runner
//! and a browser driver, e.g. `CHROMEDRIVER=/usr/bin/chromedriver`).
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use lishu_core::catalogue::{Entry, Kind};
use lishu_core::dataset::YearEntry;
use lishu_core::completeness::Completeness;
use lishu_core::io::export_dataset;
use lishu_core::{Catalogue, Dataset};
use lishu_monitor::app::sharing::{use_import_flow, ImportFlow, Sharing};
use lishu_monitor::app::state::AppState;
use lishu_monitor::app::App;
use lishu_monitor::storage::PREFIX;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod web_common;
use web_common::*;

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

/// A simple indicator entered as one value, and a valid value for it.
fn value_indicator() -> (String, f64) {
    let r = cat()
        .indicators()
        .into_iter()
        .find(|r| r.indicator.entry == Entry::Value && r.indicator.kind == Kind::Min && r.indicator.value.is_some())
        .expect("a min/value indicator");
    (r.indicator.id.clone(), r.indicator.value.unwrap())
}

fn entry(v: &str, unit: &str, at: &str) -> YearEntry {
    YearEntry { value: v.into(), unit: unit.into(), updated_at: at.into(), ..Default::default() }
}

/// The unit leading the value indicator: files the office receives are units' files (`io::trust`).
fn lead() -> String {
    let (id, _) = value_indicator();
    cat().indicator(&id).map(|r| r.indicator.lead_unit.clone()).unwrap_or_default()
}

fn file_of(ds: &Dataset, unit: &str, name: &str) -> (String, Vec<u8>) {
    (name.to_string(), export_dataset(ds, unit, "2026-03-05T09:00:00+08:00", cat()).into_bytes())
}

struct Mounted {
    host: HtmlElement,
    app: AppState,
    flow: ImportFlow,
    _handle: Box<dyn std::any::Any>,
}

/// Mounts the 数据交换 page alone with `initial` as the current data.
fn mount_sharing(initial: Dataset) -> Mounted {
    let doc = document();
    let host: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let slot: Rc<RefCell<Option<(AppState, ImportFlow)>>> = Rc::new(RefCell::new(None));
    let s = slot.clone();
    let handle = mount_to(host.clone(), move || {
        let app = AppState::new(lishu_core::Catalogue::embedded(), initial, 2023);
        provide_context(app);
        let flow = use_import_flow();
        *s.borrow_mut() = Some((app, flow));
        view! { <Sharing/> }
    });
    let (app, flow) = slot.borrow_mut().take().expect("mounted");
    Mounted { host, app, flow, _handle: Box::new(handle) }
}





fn checked(host: &HtmlElement, testid: &str) -> bool {
    must(host, testid).unchecked_into::<HtmlInputElement>().checked()
}

fn value_at(app: &AppState, id: &str, y: u16) -> Option<String> {
    app.dataset.with_untracked(|d| d.entry(id, y).map(|e| e.value.clone()))
}

#[wasm_bindgen_test]
async fn preview_conflict_choice_apply_and_undo() {
    let (id, t) = value_indicator();
    let (a, b, c) = (format!("{}", t + 1.0), format!("{}", t + 2.0), format!("{}", t + 3.0));
    let mut cur = Dataset::default();
    cur.set_entry(&id, 2022, entry(&a, "区妇联", "2026-03-02T10:00:00+08:00"));
    let m = mount_sharing(cur.clone());
    tick().await;
    assert!(q(&m.host, "import-preview").is_none());

    // A unit file: an earlier, different value for 2022 (conflict) and a new 2023 value (addition).
    let mut unit = Dataset::default();
    unit.set_entry(&id, 2022, entry(&b, "区卫健局", "2026-03-01T10:00:00+08:00"));
    unit.set_entry(&id, 2023, entry(&c, "区卫健局", "2026-03-01T11:00:00+08:00"));
    m.flow.load_bytes(&m.app, &[file_of(&unit, &lead(), "卫健局.json")]);
    tick().await;

    let summary = text(&m.host, "import-summary");
    assert!(summary.contains("新增 1 条") && summary.contains("冲突 1 条"), "{summary}");
    assert!(q(&m.host, &format!("addition-{id}-2023")).is_some());
    let conflict = text(&m.host, &format!("conflict-{id}-2022"));
    assert!(conflict.contains("当前数据") && conflict.contains("卫健局.json"), "{conflict}");
    assert!(conflict.contains("区妇联") && conflict.contains("区卫健局"), "units shown: {conflict}");
    assert!(q(&m.host, "import-errors").is_none());
    assert!(checked(&m.host, &format!("conflict-{id}-2022-current")), "default = current value");
    assert_eq!(m.app.dataset.get_untracked(), cur, "preview changes nothing");

    // Choose the file's value and confirm.
    click(&m.host, &format!("conflict-{id}-2022-file-0"));
    tick().await;
    assert!(checked(&m.host, &format!("conflict-{id}-2022-file-0")));
    assert!(!checked(&m.host, &format!("conflict-{id}-2022-current")));
    click(&m.host, "confirm-import");
    tick().await;
    assert_eq!(value_at(&m.app, &id, 2022), Some(b.clone()));
    assert_eq!(value_at(&m.app, &id, 2023), Some(c.clone()));
    let sup = m.app.dataset.with_untracked(|d| d.superseded.clone());
    assert_eq!(sup.len(), 1, "{sup:?}");
    assert_eq!(sup[0].entry.value, a, "losing value kept");
    let listed = text(&m.host, "superseded-list");
    assert!(listed.contains(&sup[0].reason) && listed.contains("区妇联"), "{listed}");
    assert!(q(&m.host, "import-preview").is_none());
    assert!(text(&m.host, "import-result").contains("已导入 1 个文件"));
    let snaps = m.app.snapshots.get_untracked();
    assert!(snaps.last().map(|s| s.label.starts_with("导入前") && s.dataset == cur).unwrap_or(false), "{snaps:?}");

    // The completeness table counts the imported years for the indicator's lead unit.
    let comp = m.app.dataset.with_untracked(|d| Completeness::of(d, cat()));
    let lead = cat().indicator(&id).map(|r| r.indicator.lead_unit.clone()).unwrap_or_default();
    let lead = if lead.trim().is_empty() { lishu_core::eval::NO_UNIT.to_string() } else { lead };
    let u = comp.unit(&lead).expect("lead unit row");
    let row = text(&m.host, &format!("completeness-{lead}"));
    assert!(row.contains(&format!("{} / {}", u.reported(), u.expected())), "{row}");
    assert!(u.reported() >= 2);

    // One click restores the data from before the import.
    click(&m.host, "undo-import");
    tick().await;
    // The data are back; the change log keeps the import and its undo.
    let back = m.app.dataset.get_untracked();
    assert_eq!((back.data, back.superseded), (cur.data.clone(), cur.superseded.clone()));
    assert!(back.log.iter().any(|e| e.how == lishu_core::review::How::Undo));
    assert!(q(&m.host, "undo-import").is_none());
    m.host.remove();
}

#[wasm_bindgen_test]
async fn malformed_file_shows_errors_and_changes_nothing() {
    let (id, t) = value_indicator();
    let mut cur = Dataset::default();
    cur.set_entry(&id, 2020, entry(&format!("{t}"), "", ""));
    let m = mount_sharing(cur.clone());
    tick().await;
    let mut bad = Dataset::default();
    bad.set_entry(&id, 2021, entry("abc", "", ""));
    let mut good = Dataset::default();
    good.set_entry(&id, 2024, entry(&format!("{}", t + 1.0), "", ""));
    let files = vec![
        ("截断.json".to_string(), b"{\"type\":\"lishu-monitor/dataset\",\"schema\":1,\"data\":{".to_vec()),
        file_of(&bad, &lead(), "非数字.json"),
        file_of(&good, &lead(), "好.json"),
    ];
    m.flow.load_bytes(&m.app, &files);
    tick().await;
    let errors = text(&m.host, "import-errors");
    assert!(errors.contains("截断.json") && errors.contains("JSON"), "{errors}");
    assert!(errors.contains("非数字.json") && errors.contains("2021") && errors.contains("abc"), "{errors}");
    assert!(text(&m.host, "import-files").contains("已拒绝"));
    assert!(text(&m.host, "import-summary").contains("2 个文件被拒绝"));
    assert_eq!(m.app.dataset.get_untracked(), cur);

    // Cancel: nothing changes.
    click(&m.host, "cancel-import");
    tick().await;
    assert!(q(&m.host, "import-preview").is_none());
    assert_eq!(m.app.dataset.get_untracked(), cur);

    // Only bad files: confirming is not possible and nothing changes.
    m.flow.load_bytes(&m.app, &files[..2]);
    tick().await;
    let confirm = must(&m.host, "confirm-import");
    assert!(confirm.has_attribute("disabled"), "confirm disabled when every file is rejected");
    confirm.unchecked_into::<HtmlElement>().click();
    tick().await;
    assert_eq!(m.app.dataset.get_untracked(), cur);

    // Bad and good together: the good file applies, the bad ones contribute nothing.
    m.flow.load_bytes(&m.app, &files);
    tick().await;
    click(&m.host, "confirm-import");
    tick().await;
    assert_eq!(value_at(&m.app, &id, 2024), Some(format!("{}", t + 1.0)));
    assert_eq!(value_at(&m.app, &id, 2021), None, "rejected file never half-applied");
    m.host.remove();
}

#[wasm_bindgen_test]
async fn district_merge_of_two_unit_files() {
    let (id, t) = value_indicator();
    let m = mount_sharing(Dataset::default());
    tick().await;
    // Two units report the same year differently; neither is clearly newer than current (none).
    let mut u1 = Dataset::default();
    u1.set_entry(&id, 2021, entry(&format!("{}", t + 1.0), "区卫健局", "2026-03-01T10:00:00+08:00"));
    let mut u2 = Dataset::default();
    u2.set_entry(&id, 2021, entry(&format!("{}", t + 2.0), "区统计局", "2026-03-03T10:00:00+08:00"));
    m.flow.load_bytes(&m.app, &[file_of(&u1, "", "1.json"), file_of(&u2, "", "2.json")]);
    tick().await;
    assert!(q(&m.host, &format!("conflict-{id}-2021")).is_some());
    // Default for a conflict without current data: the most recent value (file 2).
    assert!(checked(&m.host, &format!("conflict-{id}-2021-file-1")));
    click(&m.host, &format!("conflict-{id}-2021-file-0"));
    tick().await;
    click(&m.host, "confirm-import");
    tick().await;
    assert_eq!(value_at(&m.app, &id, 2021), Some(format!("{}", t + 1.0)));
    let sup = m.app.dataset.with_untracked(|d| d.superseded.clone());
    assert_eq!(sup.len(), 1);
    assert_eq!(sup[0].entry.value, format!("{}", t + 2.0));
    assert!(text(&m.host, "superseded-list").contains("区统计局"));
    m.host.remove();
}

/// Waits (up to ~2 s) until `testid` appears: file reading is asynchronous.
async fn wait_for(host: &HtmlElement, testid: &str) -> bool {
    for _ in 0..100 {
        if q(host, testid).is_some() {
            return true;
        }
        let p = js_sys::Promise::new(&mut |res, _| {
            let _ = web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&res, 20);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        tick().await;
    }
    false
}

/// Real browser File objects dropped on an element / set on a file input (as a user would).
fn js_files(names: &[&str], texts: &[String]) -> wasm_bindgen::JsValue {
    let make = js_sys::Function::new_with_args(
        "names, texts",
        "const dt = new DataTransfer(); \
         names.forEach((n, i) => dt.items.add(new File([texts[i]], n, {type: 'application/json'}))); \
         return dt;",
    );
    let names: js_sys::Array = names.iter().map(|n| wasm_bindgen::JsValue::from_str(n)).collect();
    let texts: js_sys::Array = texts.iter().map(|t| wasm_bindgen::JsValue::from_str(t)).collect();
    make.call2(&wasm_bindgen::JsValue::NULL, &names, &texts).unwrap()
}

#[wasm_bindgen_test]
async fn files_dropped_or_picked_are_read_and_previewed() {
    let (id, t) = value_indicator();
    let m = mount_sharing(Dataset::default());
    tick().await;
    let mut unit = Dataset::default();
    unit.set_entry(&id, 2021, entry(&format!("{}", t + 1.0), "区卫健局", "2026-03-01T10:00:00+08:00"));
    let good = export_dataset(&unit, "", "2026-03-05T09:00:00+08:00", cat());
    let dt = js_files(&["拖放.json", "坏.json"], &[good.clone(), "不是 JSON".to_string()]);
    let drop = js_sys::Function::new_with_args(
        "el, dt",
        "el.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
    );
    drop.call2(&wasm_bindgen::JsValue::NULL, &must(&m.host, "drop-zone"), &dt).unwrap();
    assert!(wait_for(&m.host, "import-preview").await, "drop shows a preview");
    let files = text(&m.host, "import-files");
    assert!(files.contains("拖放.json") && files.contains("坏.json"), "{files}");
    assert!(text(&m.host, "import-errors").contains("坏.json"));
    assert!(q(&m.host, &format!("addition-{id}-2021")).is_some());
    click(&m.host, "cancel-import");
    tick().await;
    assert!(q(&m.host, "import-preview").is_none());

    // The file picker path: several files at once.
    let dt = js_files(&["选择.json"], &[good]);
    let pick = js_sys::Function::new_with_args(
        "input, dt",
        "input.files = dt.files; input.dispatchEvent(new Event('change', {bubbles: true}));",
    );
    pick.call2(&wasm_bindgen::JsValue::NULL, &must(&m.host, "import-input"), &dt).unwrap();
    assert!(wait_for(&m.host, "import-preview").await, "picking shows a preview");
    assert!(text(&m.host, "import-files").contains("选择.json"));
    assert_eq!(value_at(&m.app, &id, 2021), None, "nothing applied before confirmation");
    click(&m.host, "confirm-import");
    tick().await;
    assert_eq!(value_at(&m.app, &id, 2021), Some(format!("{}", t + 1.0)));
    m.host.remove();
}

#[wasm_bindgen_test]
async fn export_check_shows_problems_before_download() {
    let (id, _) = value_indicator();
    let mut cur = Dataset::default();
    cur.set_entry(&id, 2021, entry("约九十", "", ""));
    let m = mount_sharing(cur);
    tick().await;
    assert!(q(&m.host, "export-problems").is_none());
    click(&m.host, "export-json");
    tick().await;
    let p = text(&m.host, "export-problems");
    assert!(p.contains("约九十") && p.contains(&id) && p.contains("2021"), "{p}");
    m.host.remove();
}

#[wasm_bindgen_test]
async fn app_tab_shows_every_control() {
    let s = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let keys: Vec<String> = (0..s.length().unwrap()).filter_map(|i| s.key(i).ok().flatten()).collect();
    for k in keys.into_iter().filter(|k| k.starts_with(PREFIX)) {
        s.remove_item(&k).unwrap();
    }
    let doc = document();
    let host: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let _h = mount_to(host.clone(), App);
    tick().await;
    click(&host, "tab-sharing");
    tick().await;
    for id in ["sharing", "export-unit", "export-json", "export-csv", "import-input", "drop-zone", "completeness-table", "superseded-list"] {
        assert!(q(&host, id).is_some(), "missing {id}");
    }
    let input: HtmlInputElement = must(&host, "import-input").unchecked_into();
    assert!(input.multiple());
    assert_eq!(input.type_(), "file");
    let opts = must(&host, "export-unit").child_element_count();
    assert!(opts > 2, "unit list shown ({opts} options)");
    host.remove();
}
