//! Browser tests (wasm-bindgen-test, run in a real browser): the app mounts into a test element and is
//! driven through `data-testid` selectors, with localStorage as the real store.
//!
//! Run: `cargo test --target wasm32-unknown-unknown --test web` (needs wasm-bindgen-test-runner and a
//! browser driver).
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;

use lishu_core::catalogue::{Entry, Kind};
use lishu_core::Catalogue;
use lishu_monitor::app::App;
use lishu_monitor::storage::{Keys, CORRUPT_PREFIX, PREFIX};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod web_common;
use web_common::*;





/// The storage keys of the embedded catalogue's data.
fn keys() -> Keys {
    Keys::of(&Catalogue::embedded().id)
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Removes every key of this app.
fn clear_storage() {
    let s = storage();
    let n = s.length().unwrap();
    let keys: Vec<String> = (0..n).filter_map(|i| s.key(i).ok().flatten()).collect();
    for k in keys.into_iter().filter(|k| k.starts_with(PREFIX)) {
        s.remove_item(&k).unwrap();
    }
}

fn mount() -> (HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    let doc = document();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let host: HtmlElement = host.unchecked_into();
    let handle = mount_to(host.clone(), App);
    (host, handle)
}






/// Number of indicators shown in the catalogue tree.
fn shown(host: &HtmlElement) -> usize {
    Catalogue::embedded().indicators().iter().filter(|r| q(host, &format!("indicator-{}", r.indicator.id)).is_some()).count()
}

/// A simple Min indicator entered as one value per year.
fn min_value_indicator() -> (String, f64) {
    let cat = Catalogue::embedded();
    let r = cat
        .indicators()
        .into_iter()
        .find(|r| r.indicator.entry == Entry::Value && r.indicator.kind == Kind::Min && r.indicator.value.is_some())
        .expect("a min/value indicator");
    (r.indicator.id.clone(), r.indicator.value.unwrap())
}

/// Clean storage, a freshly mounted app, and the entry panel of a min/value indicator open.
async fn fresh_app_at_min_indicator() -> (String, HtmlElement, leptos::mount::UnmountHandle<impl Mountable>) {
    clear_storage();
    let (id, _) = min_value_indicator();
    let (host, h) = mount();
    settle().await;
    select_indicator(&host, &id).await;
    settle().await;
    (id, host, h)
}

#[wasm_bindgen_test]
async fn mounts_and_lists_catalogue() {
    clear_storage();
    let (host, _h) = mount();
    settle().await;
    assert!(q(&host, "catalogue").is_some());
    assert!(q(&host, "plan-W").is_some() && q(&host, "plan-C").is_some());
    let cat = Catalogue::embedded();
    for d in cat.domains.iter() {
        assert!(q(&host, &format!("domain-{}", d.id)).is_some(), "domain {} listed", d.id);
    }
    // A closed domain's goals and indicators are built only when it is first opened.
    assert!(q(&host, "goal-W1-4").is_none() && q(&host, "indicator-W1-4-2").is_none());
    click(&host, "toggle-domain-W1");
    settle().await;
    assert!(q(&host, "goal-W1-4").is_some());
    assert!(q(&host, "indicator-W1-4-2").is_some());
    assert_eq!(shown(&host), cat.indicators().iter().filter(|r| r.domain.id == "W1").count());
    for d in cat.domains.iter().filter(|d| d.id != "W1") {
        click(&host, &format!("toggle-domain-{}", d.id));
    }
    settle().await;
    let n = shown(&host);
    assert_eq!(n, cat.indicators().len());
    // search narrows the tree
    type_into(&host, "search", "孕产妇死亡率");
    settle().await;
    let m = shown(&host);
    assert!(m >= 1 && m < n, "search shows {m} of {n}");
}

#[wasm_bindgen_test]
async fn entering_values_updates_status_and_survives_remount() {
    let (id, host, h) = fresh_app_at_min_indicator().await;
    let target = min_value_indicator().1;
    assert_eq!(text(&host, &format!("status-{id}")).trim(), "无数据");
    for y in 2020..=2025 {
        type_into(&host, &format!("input-{id}-{y}-value"), &format!("{}", target + 1.0));
    }
    settle().await;
    let st = text(&host, &format!("status-{id}"));
    assert!(st.contains("达标") || st.contains("实现"), "status after entry: {st}");
    drop(h); // unmount: pending autosave is flushed
    host.remove();

    let stored = storage().get_item(&keys().data).unwrap().expect("saved");
    assert!(stored.contains(&id));
    let (host, _h) = mount();
    settle().await;
    select_indicator(&host, &id).await;
    settle().await;
    let input: HtmlInputElement = must(&host, &format!("input-{id}-2023-value")).unchecked_into();
    assert_eq!(input.value(), format!("{}", target + 1.0));
}

#[wasm_bindgen_test]
async fn invalid_input_is_marked_and_kept() {
    let (id, host, h) = fresh_app_at_min_indicator().await;
    let tid = format!("input-{id}-2021-value");
    type_into(&host, &tid, "九十左右");
    settle().await;
    let input = must(&host, &tid);
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text(&host, &format!("msg-{id}-2021-value")).contains("不是有效数字"));
    assert!(text(&host, &format!("panel-{id}")).contains("按无数据处理"), "the status box lists the error");
    assert_eq!(input.unchecked_into::<HtmlInputElement>().value(), "九十左右");
    drop(h);
    host.remove();
    assert!(storage().get_item(&keys().data).unwrap().unwrap_or_default().contains("九十左右"), "invalid text saved");
}

#[wasm_bindgen_test]
async fn corrupt_storage_is_kept_aside_with_message() {
    clear_storage();
    storage().set_item(&keys().data, "{这不是有效的数据").unwrap();
    let (host, _h) = mount();
    settle().await;
    let s = storage();
    let n = s.length().unwrap();
    let copies: Vec<String> =
        (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(CORRUPT_PREFIX)).collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(s.get_item(&copies[0]).unwrap().as_deref(), Some("{这不是有效的数据"));
    assert!(text(&host, "notices").contains("损坏"), "message shown");
}

#[wasm_bindgen_test]
async fn newer_schema_is_not_overwritten() {
    clear_storage();
    let newer = r#"{"type":"lishu-monitor/store","schema":99,"app_version":"9.0","saved_at":"2030-01-01T00:00:00Z","data":{}}"#;
    storage().set_item(&keys().data, newer).unwrap();
    let (id, _) = min_value_indicator();
    let (host, h) = mount();
    settle().await;
    assert!(text(&host, "notices").contains("更新版本"));
    select_indicator(&host, &id).await;
    settle().await;
    type_into(&host, &format!("input-{id}-2021-value"), "5");
    settle().await;
    drop(h);
    host.remove();
    assert_eq!(storage().get_item(&keys().data).unwrap().as_deref(), Some(newer));
}


#[wasm_bindgen_test]
async fn autosave_is_debounced_then_written() {
    let (id, host, _h) = fresh_app_at_min_indicator().await;
    type_into(&host, &format!("input-{id}-2024-value"), "12");
    settle().await;
    assert!(storage().get_item(&keys().data).unwrap().is_none(), "not written on every keystroke");
    sleep(800).await;
    let saved = storage().get_item(&keys().data).unwrap().expect("written after the debounce");
    assert!(saved.contains("\"12\""), "{saved}");
    assert!(text(&host, "save-status").contains("已自动保存"));
    // undo restores the previous value and is saved too
    click(&host, "header-undo");
    settle().await;
    let input: HtmlInputElement = must(&host, &format!("input-{id}-2024-value")).unchecked_into();
    assert_eq!(input.value(), "");
}

#[wasm_bindgen_test]
async fn demo_data_banner_and_snapshot_restore() {
    clear_storage();
    let (host, _h) = mount();
    settle().await;
    click(&host, "tab-data");
    settle().await;
    click(&host, "load-demo");
    settle().await;
    assert!(q(&host, "demo-banner").is_some());
    click(&host, "remove-demo");
    settle().await;
    assert!(q(&host, "demo-banner").is_none());
    // two snapshots: before loading the demo (empty) and before removing it (demo)
    click(&host, "restore-1");
    settle().await;
    assert!(q(&host, "demo-banner").is_some(), "restored the demo data");
}

/// Builds a DOM event with its constructor and init dictionary (no extra web-sys features needed).
fn make_event(class: &str, kind: &str, init: &[(&str, wasm_bindgen::JsValue)]) -> web_sys::Event {
    use wasm_bindgen::JsValue;
    let win = web_sys::window().unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&win, &JsValue::from_str(class)).unwrap().unchecked_into();
    let dict = js_sys::Object::new();
    for (k, v) in init {
        js_sys::Reflect::set(&dict, &JsValue::from_str(k), v).unwrap();
    }
    let args = js_sys::Array::of2(&JsValue::from_str(kind), &dict);
    js_sys::Reflect::construct(&ctor, &args).unwrap().unchecked_into()
}

/// Simulates another tab saving (the browser fires `storage` only in the other tabs).
fn other_tab_saves(value: &str) {
    storage().set_item(&keys().data, value).unwrap();
    let ev = make_event(
        "StorageEvent",
        "storage",
        &[("key", keys().data.into()), ("newValue", value.into())],
    );
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
}

fn theirs(id: &str) -> String {
    let mut ds = lishu_core::Dataset::default();
    ds.set_entry(id, 2022, lishu_core::YearEntry { value: "55".into(), ..Default::default() });
    lishu_core::io::encode_store(&ds, Catalogue::embedded(), "2030-01-01T00:00:00.000Z")
}

#[wasm_bindgen_test]
async fn another_tabs_save_is_loaded_when_clean() {
    let (id, host, _h) = fresh_app_at_min_indicator().await;
    other_tab_saves(&theirs(&id));
    settle().await;
    let input: HtmlInputElement = must(&host, &format!("input-{id}-2022-value")).unchecked_into();
    assert_eq!(input.value(), "55");
    assert!(text(&host, "notices").contains("另一个窗口"));
    assert!(q(&host, "conflict").is_none());
}

#[wasm_bindgen_test]
async fn another_tabs_save_with_unsaved_edits_asks_and_keeps_both() {
    let (id, host, _h) = fresh_app_at_min_indicator().await;
    type_into(&host, &format!("input-{id}-2023-value"), "11");
    other_tab_saves(&theirs(&id)); // before this tab's debounced save
    settle().await;
    assert!(q(&host, "conflict").is_some(), "both choices shown");
    sleep(700).await;
    assert!(!storage().get_item(&keys().data).unwrap().unwrap().contains("\"11\""), "newer data not overwritten silently");
    click(&host, "conflict-keep");
    settle().await;
    assert!(q(&host, "conflict").is_none());
    let saved = storage().get_item(&keys().data).unwrap().unwrap();
    assert!(saved.contains("\"11\"") && !saved.contains("\"55\""), "{saved}");
    let snaps = storage().get_item(&keys().snapshots).unwrap().unwrap_or_default();
    assert!(snaps.contains("\"55\""), "the other tab's data kept as a snapshot");
}

#[wasm_bindgen_test]
async fn enter_moves_to_the_next_field() {
    let (id, host, _h) = fresh_app_at_min_indicator().await;
    let focused = document().active_element().map(|e| e.id()).unwrap_or_default();
    assert_eq!(focused, "panel-title", "choosing an indicator moves focus to its entry panel");
    let first: HtmlElement = must(&host, &format!("input-{id}-2020-value")).unchecked_into();
    first.focus().unwrap();
    let ev = make_event(
        "KeyboardEvent",
        "keydown",
        &[("key", "Enter".into()), ("bubbles", true.into()), ("cancelable", true.into())],
    );
    first.dispatch_event(&ev).unwrap();
    settle().await;
    let active = document().active_element().expect("focused element");
    assert_eq!(active.get_attribute("data-testid").as_deref(), Some(format!("input-{id}-2020-note").as_str()));
    // every input has a label
    let label = host.query_selector(&format!("label[for=\"{}\"]", active.id())).unwrap().expect("label");
    assert!(label.text_content().unwrap_or_default().contains("2020"));
}

/// A rate is entered as numerator and denominator: the computed rate stands right after the numbers it
/// comes from, before 备注 and 数据来源, so it stays in view when the table scrolls sideways.
#[wasm_bindgen_test]
async fn the_computed_rate_stands_next_to_the_numbers() {
    clear_storage();
    let id = "W1-4-2"; // 孕产妇死亡率: deaths ÷ live births × 100000
    assert_eq!(Catalogue::embedded().indicator(id).map(|r| r.indicator.entry), Some(Entry::Rate));
    let (host, _h) = mount();
    settle().await;
    select_indicator(&host, id).await;
    settle().await;
    let table = must(&host, &format!("entry-{id}"));
    let mut heads = Vec::new();
    let mut th = table.query_selector("thead th").unwrap();
    while let Some(el) = th {
        heads.push(el.text_content().unwrap_or_default());
        th = el.next_element_sibling();
    }
    let at = |h: &str| heads.iter().position(|x| x == h).unwrap_or_else(|| panic!("no column {h}: {heads:?}"));
    assert_eq!(at("计算结果") + 1, at("备注"), "{heads:?}");
    assert_eq!(heads.last().map(String::as_str), Some("数据来源"), "{heads:?}");
    // In each row the computed cell sits in the same place: right before the note field's cell.
    type_into(&host, &format!("input-{id}-2021-numerator"), "1");
    type_into(&host, &format!("input-{id}-2021-denominator"), "10000");
    settle().await;
    let computed = must(&host, &format!("computed-{id}-2021"));
    assert!(computed.text_content().unwrap_or_default().contains("= 10"), "{:?}", computed.text_content());
    let next = computed.next_element_sibling().expect("a cell after the computed one");
    assert!(next.query_selector(&format!("[data-testid=\"input-{id}-2021-note\"]")).unwrap().is_some());
}

#[wasm_bindgen_test]
async fn unit_mode_shows_only_that_units_indicators_and_completeness() {
    clear_storage();
    let cat = Catalogue::embedded();
    let unit = cat.indicators().into_iter().find(|r| !r.indicator.lead_unit.is_empty()).unwrap().indicator.lead_unit.clone();
    let expected = cat
        .indicators()
        .iter()
        .filter(|r| r.indicator.lead_unit == unit || r.indicator.co_units.contains(&unit))
        .count();
    let (host, _h) = mount();
    settle().await;
    let sel: web_sys::HtmlSelectElement = must(&host, "unit-mode").unchecked_into();
    sel.set_value(&unit);
    let ev = document().create_event("Event").unwrap();
    ev.init_event_with_bubbles_and_cancelable("change", true, false);
    sel.dispatch_event(&ev).unwrap();
    settle().await;
    assert_eq!(shown(&host), expected);
    let c = text(&host, "unit-completeness");
    assert!(c.contains(&unit) && c.contains(&format!("{expected} 项指标")), "{c}");
}

/// The tab button of `key` ("browse", "dashboard", …).
fn tab(host: &HtmlElement, key: &str) -> web_sys::Element {
    must(host, &format!("tab-{key}"))
}

/// Presses `key` on an element (a bubbling, cancelable keydown).
fn press(el: &web_sys::Element, key: &str) -> bool {
    let ev = make_event("KeyboardEvent", "keydown", &[("key", key.into()), ("bubbles", true.into()), ("cancelable", true.into())]);
    el.dispatch_event(&ev).unwrap()
}

/// Checks the WAI-ARIA tab state: `key` is the only selected tab, the only one in the Tab order, focused,
/// and labels the panel.
fn assert_active_tab(host: &HtmlElement, key: &str) {
    for k in ["browse", "dashboard", "report", "sharing", "settings", "data", "help"] {
        let t = tab(host, k);
        let on = k == key;
        assert_eq!(t.get_attribute("aria-selected").as_deref(), Some(if on { "true" } else { "false" }), "{k}");
        assert_eq!(t.get_attribute("tabindex").as_deref(), Some(if on { "0" } else { "-1" }), "{k}");
        assert_eq!(t.get_attribute("aria-controls").as_deref(), Some("main"), "{k}");
        assert_eq!(t.id(), format!("tab-{k}"));
    }
    let panel = host.query_selector("main [role=tabpanel]").unwrap().expect("panel inside <main>");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("tabpanel"));
    assert_eq!(panel.id(), "main");
    let list = host.query_selector("nav [role=tablist]").unwrap().expect("tab list inside a <nav>");
    assert_eq!(list.child_element_count(), 7, "the seven tabs are the tab list's children");
    assert_eq!(panel.get_attribute("aria-labelledby"), Some(format!("tab-{key}")));
    let focused = document().active_element().and_then(|e| e.get_attribute("data-testid"));
    assert_eq!(focused, Some(format!("tab-{key}")), "the activated tab has the focus");
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_tabs() {
    clear_storage();
    let (host, _h) = mount();
    settle().await;
    let first: HtmlElement = tab(&host, "browse").unchecked_into();
    first.focus().unwrap();
    assert_active_tab(&host, "browse");
    assert!(q(&host, "dashboard").is_none());

    assert!(!press(&tab(&host, "browse"), "ArrowRight"), "the key is handled (default prevented)");
    settle().await;
    assert_active_tab(&host, "dashboard");
    assert!(q(&host, "dashboard").is_some(), "the dashboard panel is shown");

    // (tab with focus, key, tab activated): End, wrap right, wrap left, Home.
    for (from, key, to) in [
        ("dashboard", "End", "help"),
        ("help", "ArrowRight", "browse"),
        ("browse", "ArrowLeft", "help"),
        ("help", "Home", "browse"),
    ] {
        press(&tab(&host, from), key);
        settle().await;
        assert_active_tab(&host, to);
    }
    // Other keys do nothing and keep their default.
    assert!(press(&tab(&host, "browse"), "ArrowDown"));
    settle().await;
    assert_active_tab(&host, "browse");
}

/// Sets a select's value and fires `change`, as a user choosing an option.
fn choose(host: &HtmlElement, testid: &str, value: &str) {
    let el: web_sys::HtmlSelectElement = must(host, testid).unchecked_into();
    el.set_value(value);
    let ev = document().create_event("Event").unwrap();
    ev.init_event_with_bubbles_and_cancelable("change", true, false);
    el.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn a_unit_submits_the_office_accepts_locked_values_hold_and_unlock_with_a_reason() {
    let (id, host, _h) = fresh_app_at_min_indicator().await;
    let (_, target) = min_value_indicator();
    let unit = Catalogue::embedded().indicator(&id).map(|r| r.indicator.lead_unit.clone()).unwrap_or_default();
    // The unit enters and submits 2021 (unit mode): an acceptance locks the values the unit entered.
    choose(&host, "unit-mode", &unit);
    settle().await;
    type_into(&host, &format!("input-{id}-2021-value"), &format!("{target}"));
    settle().await;
    assert!(text(&host, "submission-2021").contains("填报中"));
    click(&host, "submit-2021");
    settle().await;
    assert!(text(&host, "submit-confirm").contains("已填 1 项"), "{}", text(&host, "submit-confirm"));
    click(&host, "submit-confirm-yes");
    settle().await;
    assert!(text(&host, "submission-2021").contains("已提交"), "{}", text(&host, "submission-2021"));
    // The office accepts it (数据交换 → 报送审核).
    choose(&host, "unit-mode", "");
    click(&host, "tab-sharing");
    settle().await;
    click(&host, &format!("accept-{unit}-2021"));
    settle().await;
    assert!(text(&host, &format!("review-{unit}-2021")).contains("已审核"));
    // The value is locked: read-only, marked, and typing into it changes nothing.
    click(&host, "tab-browse");
    settle().await;
    select_indicator(&host, &id).await;
    settle().await;
    let input: HtmlInputElement = must(&host, &format!("input-{id}-2021-value")).unchecked_into();
    assert!(input.read_only(), "a locked value is read-only");
    assert!(q(&host, &format!("locked-{id}-2021")).is_some());
    type_into(&host, &format!("input-{id}-2021-value"), "1");
    settle().await;
    assert!(text(&host, "notices").contains("审核锁定"), "{}", text(&host, "notices"));
    // The office unlocks it with a reason: editable again, and the log says so.
    choose(&host, &format!("unlock-year-{id}"), "2021");
    type_into(&host, &format!("unlock-reason-{id}"), "年报复核后更正");
    click(&host, &format!("unlock-{id}"));
    settle().await;
    let input: HtmlInputElement = must(&host, &format!("input-{id}-2021-value")).unchecked_into();
    assert!(!input.read_only());
    let log = text(&host, &format!("log-{id}"));
    assert!(log.contains("录入") && log.contains("解锁（理由：年报复核后更正）"), "{log}");
    assert_eq!(input.value(), format!("{target}"), "the value itself never changed");
}

/// Seven indicators with data in every plan year: six simple values and one milestone with its stages.
/// Returns the dataset and the milestone's id.
fn seven_indicators_with_data() -> (lishu_core::Dataset, String) {
    use lishu_core::catalogue::Stage;
    let cat = Catalogue::embedded();
    let mut ds = lishu_core::Dataset::default();
    let values: Vec<_> = cat
        .indicators()
        .into_iter()
        .filter(|r| r.indicator.entry == Entry::Value && r.indicator.kind == Kind::Min && r.indicator.value.is_some())
        .take(6)
        .collect();
    assert_eq!(values.len(), 6);
    for r in &values {
        for y in cat.period.years() {
            let v = format!("{}", r.indicator.value.unwrap() + 1.0);
            ds.set_entry(&r.indicator.id, y, lishu_core::YearEntry { value: v, ..Default::default() });
        }
    }
    let milestone = cat.indicators().into_iter().find(|r| r.indicator.kind == Kind::Milestone).expect("a milestone");
    let id = milestone.indicator.id.clone();
    let stages = [Stage::NotStarted, Stage::InProgress, Stage::InProgress, Stage::Basic, Stage::Basic, Stage::Done];
    for (y, s) in cat.period.years().zip(stages.into_iter().cycle()) {
        ds.set_entry(&id, y, lishu_core::YearEntry { stage: Some(s), ..Default::default() });
    }
    (ds, id)
}

/// A dashboard over 7 indicators with data says how few that is (the core's coverage sentence, under half:
/// not yet representative), shows the domains without data as quiet cards, and draws a milestone's stages
/// on an axis of the Chinese stage names.
#[wasm_bindgen_test]
async fn a_dashboard_of_seven_indicators_shows_the_coverage_sentence() {
    use lishu_core::catalogue::Stage;
    use lishu_core::report::coverage::coverage_sentence;
    clear_storage();
    let cat = Catalogue::embedded();
    let (ds, milestone) = seven_indicators_with_data();
    // What the core says about this data (the same in every assessed year: every year has data).
    let expected = coverage_sentence(&lishu_core::eval::evaluate(cat, &ds, cat.period.last).overall);
    for y in cat.period.years() {
        assert_eq!(coverage_sentence(&lishu_core::eval::evaluate(cat, &ds, y).overall), expected, "{y}");
    }
    assert!(expected.starts_with("有数据的指标 7 项") && expected.contains("尚不能代表整体情况"), "{expected}");
    storage().set_item(&keys().data, &lishu_core::io::encode_store(&ds, cat, "2030-01-01T00:00:00.000Z")).unwrap();

    let (host, _h) = mount();
    settle().await;
    click(&host, "tab-dashboard");
    settle().await;
    assert_eq!(text(&host, "coverage-overall").trim(), expected);

    // Domains without data: a quiet card with one plain line instead of a big "—".
    let first = host
        .query_selector("[data-testid=\"domain-cards\"] .domain-card--empty")
        .unwrap()
        .expect("some domains have no data");
    assert!(first.text_content().unwrap_or_default().contains("暂无可量化指标数据"));
    assert!(first.query_selector(".card-value").unwrap().is_none(), "no big figure on an empty card");

    // The milestone's trend chart: the stage axis is the core's stage names, and its table reads them.
    choose(&host, "trend-indicator", &milestone);
    settle().await;
    let table = host.query_selector("#chart-indicator-table").unwrap().expect("the trend chart's table");
    let t = table.text_content().unwrap_or_default();
    assert!(t.contains(Stage::InProgress.label()) && t.contains(Stage::Basic.label()), "{t}");
    let ev = lishu_core::eval::evaluate(cat, &ds, cat.period.last);
    let r = cat.indicator(&milestone).unwrap();
    let chart = lishu_monitor::charts::indicator_series(r.indicator, ev.result(&milestone).unwrap(), cat.period);
    let j: serde_json::Value = serde_json::from_str(&serde_json::to_string(&chart).unwrap()).unwrap();
    assert_eq!(j["yAxis"]["type"], "category");
    let names: Vec<&str> = Stage::ALL.iter().map(|s| s.label()).collect();
    assert_eq!(j["yAxis"]["data"], serde_json::json!(names));
}

/// The storage work the first screen does not need runs just after mount (`Session::after_mount`): the stored
/// snapshots are read, a new snapshot is written beside them, and another tab's snapshot list is followed.
#[wasm_bindgen_test]
async fn deferred_start_up_work_still_happens_after_mount() {
    use lishu_core::io::Snapshot;
    clear_storage();
    let snap = |label: &str| Snapshot { label: label.into(), at: "2030-01-01T00:00:00.000Z".into(), dataset: Default::default() };
    storage().set_item(&keys().snapshots, &serde_json::to_string(&vec![snap("较早的快照")]).unwrap()).unwrap();
    let (host, _h) = mount();
    settle().await;
    sleep(150).await; // after the first frame, or the latest timer
    let ran = web_sys::window().unwrap().performance().unwrap().get_entries_by_name("lishu-after-mount").length();
    assert!(ran > 0, "the deferred work ran");
    click(&host, "tab-data");
    settle().await;
    assert!(text(&host, "snapshots").contains("较早的快照"), "stored snapshots read after mount");
    assert!(storage().get_item(lishu_monitor::storage::PROBE_KEY).unwrap().is_none(), "the probe left nothing");
    click(&host, "load-demo");
    settle().await;
    let saved: Vec<Snapshot> =
        serde_json::from_str(&storage().get_item(&keys().snapshots).unwrap().expect("snapshots written")).unwrap();
    assert_eq!(saved.len(), 2, "the stored one and the one taken before the demo");
    assert_eq!(saved[0].label, "较早的快照");
    // Another tab writes the snapshot list: this tab shows it (the `storage` listener is there).
    let other = serde_json::to_string(&vec![snap("另一个窗口的快照")]).unwrap();
    storage().set_item(&keys().snapshots, &other).unwrap();
    let ev = make_event("StorageEvent", "storage", &[("key", keys().snapshots.into()), ("newValue", other.into())]);
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
    settle().await;
    let shown = text(&host, "snapshots");
    assert!(shown.contains("另一个窗口的快照") && !shown.contains("较早的快照"), "{shown}");
}
