//! `<Chart>`: a reusable ECharts chart with an accessible data table underneath.
//!
//! - ECharts is initialised once per mounted chart (SVG renderer for crisp printing, canvas as fallback),
//!   updated with `setOption(option, {notMerge: true})` whenever the chart signal changes, resized with the
//!   window, and disposed on cleanup (no re-init, no leaked instances or listeners).
//! - When the global `echarts` is missing, a Chinese notice is shown instead; the data table still works.
//!   While the page is still being parsed (the single file keeps ECharts at the end of `<body>`, parsed
//!   after the app has started) the chart waits for the parse to finish before deciding.
//! - Under every chart: a `<table>` with caption and `th scope` holding the same numbers
//!   (`crate::charts::table_from_chart`), for screen readers and copying to Excel.

use crate::charts::{table_from_chart, DataTable};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance (from `echarts.init`).
    type EchartsInstance;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn echarts_init(el: &web_sys::HtmlElement, theme: JsValue, opts: JsValue) -> Result<EchartsInstance, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setOption)]
    fn set_option(this: &EchartsInstance, option: JsValue, opts: JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method)]
    fn resize(this: &EchartsInstance) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method)]
    fn dispose(this: &EchartsInstance) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = getDataURL)]
    fn get_data_url(this: &EchartsInstance, opts: JsValue) -> Result<String, JsValue>;
}

/// Is the global `echarts` (with `init`) available? In the release single file ECharts is stored inert and
/// parsed on first use by `window.lishuLoadEcharts()` (index.html), so opening the file stays fast.
pub fn echarts_available() -> bool {
    if let Ok(load) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("lishuLoadEcharts")) {
        if let Some(f) = load.dyn_ref::<js_sys::Function>() {
            let _ = f.call0(&JsValue::NULL);
        }
    }
    let Ok(e) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("echarts")) else {
        return false;
    };
    !e.is_undefined() && !e.is_null() && js_sys::Reflect::get(&e, &JsValue::from_str("init")).is_ok_and(|f| f.is_function())
}

/// Is the browser still parsing the page (`document.readyState == "loading"`)?
fn page_parsing() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.ready_state() == "loading")
}

/// Runs `f` once the page is parsed (`DOMContentLoaded`).
fn when_parsed(f: impl FnOnce() + 'static) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_once(true);
    let cb = Closure::once_into_js(f);
    let _ = doc.add_event_listener_with_callback_and_add_event_listener_options("DOMContentLoaded", cb.unchecked_ref(), &opts);
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// The chart option as a plain JS object (via JSON, so maps become objects and None becomes null).
fn option_js(chart: &charming::Chart) -> Option<JsValue> {
    let json = serde_json::to_string(chart).ok()?;
    js_sys::JSON::parse(&json).ok()
}

fn init(el: &web_sys::HtmlElement) -> Option<EchartsInstance> {
    if !echarts_available() {
        return None;
    }
    let svg = obj(&[("renderer", JsValue::from_str("svg"))]);
    echarts_init(el, JsValue::NULL, svg).or_else(|_| echarts_init(el, JsValue::NULL, JsValue::UNDEFINED)).ok()
}

/// `chart` drawn as a PNG picture of `width` × `height` CSS pixels (at twice the resolution) for a Word report:
/// a detached ECharts instance with the canvas renderer and no animation, disposed after. None when ECharts
/// is not available (the report then has no pictures).
pub fn chart_png(chart: &charming::Chart, width: u32, height: u32) -> Option<lishu_core::report::document::ChartPng> {
    if !echarts_available() {
        return None;
    }
    let el: web_sys::HtmlElement = leptos::prelude::document().create_element("div").ok()?.dyn_into().ok()?;
    let opts = obj(&[
        ("renderer", JsValue::from_str("canvas")),
        ("width", JsValue::from(width)),
        ("height", JsValue::from(height)),
        ("devicePixelRatio", JsValue::from(2)),
    ]);
    let inst = echarts_init(&el, JsValue::NULL, opts).ok()?;
    let option = option_js(chart)?;
    let _ = js_sys::Reflect::set(&option, &JsValue::from_str("animation"), &JsValue::FALSE);
    let url = inst
        .set_option(option, obj(&[("notMerge", JsValue::TRUE)]))
        .ok()
        .and_then(|_| inst.get_data_url(obj(&[("type", JsValue::from_str("png")), ("backgroundColor", JsValue::from_str("#ffffff"))])).ok());
    let _ = inst.dispose();
    let png = url?.strip_prefix("data:image/png;base64,")?.to_string();
    Some(lishu_core::report::document::ChartPng { png_base64: png, width_px: width * 2, height_px: height * 2 })
}

fn apply(inst: &EchartsInstance, chart: &charming::Chart) {
    if let Some(opt) = option_js(chart) {
        let _ = inst.set_option(opt, obj(&[("notMerge", JsValue::TRUE)]));
    }
}

/// An ECharts chart of `chart` in a box of `height` (CSS, default 360px), with its data table.
#[component]
pub fn Chart(
    /// The chart option (see `crate::charts`).
    #[prop(into)]
    chart: Signal<charming::Chart>,
    /// DOM id of the chart box (unique on the page).
    #[prop(into)]
    id: String,
    /// CSS height of the chart box.
    #[prop(optional, into)]
    height: Option<String>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let instance: StoredValue<Option<EchartsInstance>, LocalStorage> = StoredValue::new_local(None);
    // Whether ECharts is there; None while the page is still being parsed (decided once it is).
    let available = RwSignal::new(match echarts_available() {
        false if page_parsing() => None,
        yes => Some(yes),
    });
    if available.get_untracked().is_none() {
        when_parsed(move || {
            let _ = available.try_set(Some(echarts_available()));
        });
    }

    // Initialise once when the box is mounted; afterwards only setOption on changes.
    Effect::new(move |_| {
        let current = chart.get();
        if available.get() != Some(true) {
            return;
        }
        let Some(el) = node.get() else { return };
        instance.update_value(|slot| {
            if slot.is_none() {
                *slot = init(&el);
            }
            if let Some(inst) = slot.as_ref() {
                apply(inst, &current);
            }
        });
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        instance.with_value(|slot| {
            if let Some(inst) = slot {
                let _ = inst.resize();
            }
        });
    });
    on_cleanup(move || {
        resize.remove();
        if let Some(Some(inst)) = instance.try_update_value(|slot| slot.take()) {
            let _ = inst.dispose();
        }
    });

    let table = Memo::new(move |_| chart.with(table_from_chart));
    let style = format!("width:100%;height:{}", height.unwrap_or_else(|| "360px".to_string()));
    let table_id = format!("{id}-table");
    view! {
        <figure class="chart" data-testid="chart">
            {move || (available.get() == Some(false)).then(|| view! {
                <p class="chart-notice" role="note" data-testid="chart-notice">
                    "图表组件（ECharts）未加载，无法绘制图形；下方数据表包含同样的数字。"
                </p>
            })}
            <div
                id=id
                class="chart-box"
                node_ref=node
                style=style
                role="img"
                aria-describedby=table_id.clone()
                aria-label=move || table.with(|t| t.caption.clone())
                hidden=move || available.get() != Some(true)
            ></div>
            <ChartTable table=table id=table_id />
        </figure>
    }
}

/// The accessible data table of a chart.
#[component]
pub fn ChartTable(#[prop(into)] table: Signal<DataTable>, #[prop(into)] id: String) -> impl IntoView {
    view! {
        <div class="chart-table-wrap">
            <table class="chart-table data-table" id=id data-testid="chart-table">
                <caption>{move || table.with(|t| t.caption.clone())}</caption>
                <thead>
                    <tr>
                        {move || table.with(|t| {
                            t.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()
                        })}
                    </tr>
                </thead>
                <tbody>
                    {move || table.with(|t| {
                        t.rows
                            .iter()
                            .map(|(head, cells)| {
                                view! {
                                    <tr>
                                        <th scope="row">{head.clone()}</th>
                                        {cells.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()
                    })}
                </tbody>
            </table>
        </div>
    }
}
