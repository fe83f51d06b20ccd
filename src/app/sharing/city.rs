//! 市级汇总（供市、省妇儿工委办使用）: the upper level rolls its counties' data files up into its own
//! catalogue, compares the counties and writes the city report. Office-only and rare, so all the work runs in
//! the file module (`lishu_core::city::screen`, through `files::city_screen` / `files::city_report`): this
//! panel only holds the picked files' names and bytes, sends them, and renders the plain rows that come back.

use super::read_files::{files_of, read_all};
use crate::app::clock::{beijing_now, today};
use crate::app::files::{city_report, city_screen, download, download_bytes, DOCX_MIME};
use crate::app::state::use_app;
use super::flow::ReadProblem;
use leptos::prelude::*;
use lishu_core::city::screen::{encode, CityFile, CityInput, TABLE};
use lishu_core::io::json::J;
use wasm_bindgen::JsCast;

/// The picking steps ①–④.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    City,
    Counties,
    Map,
    Data,
}

/// The files picked at each step.
#[derive(Debug, Clone, Default, PartialEq)]
struct Picked {
    city: Vec<CityFile>,
    counties: Vec<CityFile>,
    map: Vec<CityFile>,
    data: Vec<CityFile>,
}

impl Picked {
    fn files(&self, s: Step) -> &[CityFile] {
        match s {
            Step::City => &self.city,
            Step::Counties => &self.counties,
            Step::Map => &self.map,
            Step::Data => &self.data,
        }
    }
    fn slot(&mut self, s: Step) -> &mut Vec<CityFile> {
        match s {
            Step::City => &mut self.city,
            Step::Counties => &mut self.counties,
            Step::Map => &mut self.map,
            Step::Data => &mut self.data,
        }
    }
    fn request(&self, year: u16) -> Vec<u8> {
        encode(&CityInput {
            city: self.city.first().cloned(),
            counties: self.counties.clone(),
            map: self.map.first().cloned(),
            data: self.data.clone(),
            year,
            at: beijing_now(),
            date: today(),
        })
    }
}

/// What the 市级汇总 screen offers (the file module's `CityScreen`), read from its JSON tree; its title,
/// notices and blocks are drawn by [`render`].
#[derive(Clone)]
struct Shown {
    year: u16,
    years: Vec<u16>,
    map_name: String,
    map_toml: String,
    data_name: String,
    data_json: String,
    report_name: String,
}

fn text_of(j: &J, key: &str) -> String {
    j.get(key).and_then(J::as_str).unwrap_or_default().to_string()
}

fn num_of(j: &J) -> u16 {
    match j {
        J::Num(n) => n.as_u64().and_then(|v| u16::try_from(v).ok()).unwrap_or(0),
        _ => 0,
    }
}

fn list_of(j: Option<&J>) -> &[J] {
    match j {
        Some(J::Arr(a)) => a,
        _ => &[],
    }
}

impl Shown {
    fn of(j: J) -> Shown {
        Shown {
            year: j.get("year").map_or(0, num_of),
            years: list_of(j.get("years")).iter().map(num_of).collect(),
            map_name: text_of(&j, "map_name"),
            map_toml: text_of(&j, "map_toml"),
            data_name: text_of(&j, "data_name"),
            data_json: text_of(&j, "data_json"),
            report_name: text_of(&j, "report_name"),
        }
    }
}

/// Writes the screen's title, notices and blocks (headings, paragraphs, tables of plain strings) into `parent`
/// as text nodes (never as HTML), replacing what was there.
fn render(parent: &web_sys::Element, screen: &J) {
    parent.set_text_content(None);
    let doc = document();
    let add = |to: &web_sys::Element, tag: &str, text: &str| -> Option<web_sys::Element> {
        let e = doc.create_element(tag).ok()?;
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        to.append_child(&e).ok()?;
        Some(e)
    };
    add(parent, "h4", &text_of(screen, "title"));
    let notices = list_of(screen.get("notices"));
    if !notices.is_empty() {
        if let Some(ul) = add(parent, "ul", "") {
            ul.set_class_name("city-notices muted small");
            for n in notices {
                add(&ul, "li", n.as_str().unwrap_or_default());
            }
        }
    }
    for b in list_of(screen.get("blocks")) {
        let text = text_of(b, "text");
        let level = b.get("level").map_or(0, num_of);
        let _ = match level {
            1 => add(parent, "h4", &text),
            2 => add(parent, "h5", &text),
            l if l == u16::from(TABLE) => (|| {
                let wrap = add(parent, "div", "")?;
                wrap.set_class_name("city-table");
                let table = add(&wrap, "table", "")?;
                table.set_class_name("grid small");
                add(&table, "caption", &text)?;
                let head = add(&add(&table, "thead", "")?, "tr", "")?;
                for h in list_of(b.get("head")) {
                    add(&head, "th", h.as_str().unwrap_or_default());
                }
                let body = add(&table, "tbody", "")?;
                for r in list_of(b.get("rows")) {
                    let tr = add(&body, "tr", "")?;
                    for c in list_of(Some(r)) {
                        add(&tr, "td", c.as_str().unwrap_or_default());
                    }
                }
                Some(wrap)
            })(),
            _ => add(parent, "p", &text),
        };
    }
}

#[component]
pub fn CityPanel() -> impl IntoView {
    let app = use_app();
    let picked = RwSignal::new(Picked::default());
    let screen = RwSignal::new(None::<Shown>);
    let out = NodeRef::<leptos::html::Div>::new();
    let errors = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);

    let pick = move |step: Step, ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files = input.files().map(|l| files_of(&l)).unwrap_or_default();
        input.set_value("");
        leptos::task::spawn_local(async move {
            let mut got = Vec::new();
            let mut problems = Vec::new();
            for f in read_all(files).await {
                match f.content {
                    Ok(bytes) => got.push(CityFile { name: f.name, bytes }),
                    Err(ReadProblem::TooLarge(n)) => {
                        problems.push(format!("文件“{}”过大（{:.1} MB），请确认是否选错文件", f.name, n as f64 / 1_048_576.0))
                    }
                    Err(ReadProblem::Failed(e)) => problems.push(format!("文件“{}”无法读取：{e}", f.name)),
                }
            }
            // Picking again at a step replaces its files; what was rolled up before no longer holds.
            picked.update(|p| *p.slot(step) = got);
            screen.set(None);
            if let Some(el) = out.get_untracked() {
                el.set_text_content(None);
            }
            errors.set(problems);
        });
    };

    let run = move |year: u16| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let request = picked.with_untracked(|p| p.request(year));
        leptos::task::spawn_local(async move {
            match city_screen(&request).await {
                Ok(j) => {
                    errors.set(Vec::new());
                    if let Some(el) = out.get_untracked() {
                        render(&el, &j);
                    }
                    screen.set(Some(Shown::of(j)));
                }
                Err(e) => {
                    screen.set(None);
                    if let Some(el) = out.get_untracked() {
                        el.set_text_content(None);
                    }
                    errors.set(e.lines().map(str::to_string).collect());
                }
            }
            busy.set(false);
        });
    };

    let report = move |_| {
        let Some((name, year)) = screen.with_untracked(|s| s.as_ref().map(|s| (s.report_name.clone(), s.year))) else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let request = picked.with_untracked(|p| p.request(year));
        leptos::task::spawn_local(async move {
            match city_report(&request).await.and_then(|b| download_bytes(&name, DOCX_MIME, &b)) {
                Ok(()) => app.notify(crate::storage::Notice::info(format!("已下载市级报告“{name}”。"))),
                Err(e) => app.notify(crate::storage::Notice::error(format!("无法生成市级报告“{name}”：{e}"))),
            }
            busy.set(false);
        });
    };
    let save = move |what: u8| {
        let Some((name, text)) = screen.with_untracked(|s| {
            s.as_ref().map(|s| if what == 0 { (s.data_name.clone(), s.data_json.clone()) } else { (s.map_name.clone(), s.map_toml.clone()) })
        }) else {
            return;
        };
        let mime = if what == 0 { "application/json" } else { "text/plain;charset=utf-8" };
        match download(&name, mime, &text) {
            Ok(()) => app.notify(crate::storage::Notice::info(format!("已下载“{name}”。"))),
            Err(e) => app.notify(crate::storage::Notice::error(e)),
        }
    };

    let step = move |n: &'static str, label: &'static str, s: Step, accept: &'static str, multiple: bool| {
        let names = move || picked.with(|p| p.files(s).iter().map(|f| f.name.clone()).collect::<Vec<_>>().join("、"));
        view! {
            <li>
                <label class="file-pick city-step">
                    <span>{n}" "{label}</span>
                    <input type="file" accept=accept multiple=multiple on:change=move |ev| pick(s, ev)/>
                </label>
                <span class="muted small">{move || {
                    let n = names();
                    if n.is_empty() { "（未选择）".to_string() } else { format!("已选择：{n}") }
                }}</span>
            </li>
        }
    };

    view! {
        <section class="panel sharing-city" data-testid="sharing-city">
            <details>
                <summary><h3>"市级汇总（供市、省妇儿工委办使用）"</h3></summary>
                <p class="muted small">
                    "市、省妇儿工委办把各区县报送的数据文件汇总到本级目标目录：比率按各区县分子之和除以分母之和计算，"
                    "并比较各区县、生成市级报告。所有文件只在本机处理。按顺序完成以下步骤："
                </p>
                <ol class="city-steps">
                    {step("①", "选择市级目标目录（.toml）", Step::City, ".toml", false)}
                    {step("②", "选择各区县目标目录，或带目标目录的区县数据文件", Step::Counties, ".toml,.json,application/json", true)}
                    {step("③", "选择指标对照表（可选；不选则自动对照，需核对的对照会标出）", Step::Map, ".toml", false)}
                    {step("④", "选择各区县数据文件", Step::Data, ".json,application/json", true)}
                    <li>
                        <button type="button" class="primary" disabled=move || busy.get() on:click=move |_| run(0)>
                            "⑤ 汇总并比较"</button>
                        <span class="muted small">" 查看汇总、比较，下载市级报告（Word）/ 市级数据文件（JSON）"</span>
                    </li>
                </ol>
                {move || busy.get().then(|| view! { <p class="muted" role="status">"正在处理……"</p> })}
                {move || {
                    let es = errors.get();
                    (!es.is_empty()).then(|| view! {
                        <div class="notice error" role="alert" data-testid="city-errors">
                            <p>"未能汇总，请按提示更正后重新选择："</p>
                            <ul>{es.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                        </div>
                    })
                }}
                {move || screen.get().map(|s| {
                    let year = s.year;
                    view! {
                        <div class="city-result" data-testid="city-result">
                            <div class="row">
                                <label class="field inline">
                                    <span>"评估年份"</span>
                                    <select on:change=move |ev| run(event_target_value(&ev).parse().unwrap_or(0))>
                                        {s.years.iter().map(|y| view! { <option value=y.to_string() selected=*y == year>{format!("{y}年")}</option> }).collect_view()}
                                    </select>
                                </label>
                                <button type="button" class="primary" disabled=move || busy.get() on:click=report>"下载市级报告（Word）"</button>
                                <button type="button" on:click=move |_| save(0)>"下载市级数据文件（JSON）"</button>
                                <button type="button" on:click=move |_| save(1)>"下载指标对照表（.toml）"</button>
                            </div>
                        </div>
                    }
                })}
                <div class="city-result" node_ref=out></div>
            </details>
        </section>
    }
}
