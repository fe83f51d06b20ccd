//! 设置 → 目标目录 → 转入上一期数据: when the catalogue in use names its predecessor (`[previous]`), the
//! previous period's data — those in this browser, or a data file of the previous catalogue — are carried
//! into it. The carry itself runs in the file module (`files::carry_data`, core `carry`); the screen shows
//! what would be carried and what not, and nothing is written before 确认转入 (`Edit::Carry`, one undo step).
//!
//! 与上一期对照 (`LinkView`): the links of the catalogue in use, each row confirmed, changed or unlinked;
//! 保存对照 has the file module apply and check the edits (`link_edit::save_links`) and lists the changes,
//! then 确认保存对照 stores the edited catalogue and puts it in use (`Session::use_catalogue`). Data already
//! carried do not follow a changed link.

use super::session::use_session;
use super::state::{now, use_app};
use crate::storage::catalogues::StoredCatalogue;
use crate::storage::Notice;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lishu_core::carry::{CarryAnswer, CarryFile, CarryRequest};
use lishu_core::catalogue::link_edit::{LinkEdit, LinkSaveAnswer, LinkSaveRequest, RowEdit};
use lishu_core::edit::{carry_replaces, Edit};
use super::entry::previous_rows;
use lishu_core::{Catalogue, Dataset};
use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// The catalogue of `id` already known here: the one in use, a stored one, or the embedded one.
pub fn known<'a>(id: &str, current: &'a Catalogue, stored: &'a [StoredCatalogue]) -> Option<&'a Catalogue> {
    if current.id == id {
        return Some(current);
    }
    stored
        .iter()
        .find(|s| s.id == id)
        .and_then(|s| s.catalogue.as_ref().ok())
        .or_else(|| (Catalogue::embedded().id == id).then(Catalogue::embedded))
}

/// "lishu-2021-2025.toml": the file name a catalogue is saved under.
pub fn catalogue_file_name(cat: &Catalogue) -> String {
    format!("{}-{}.toml", cat.id, cat.version.replace(['/', '\\', ':', ' '], "_"))
}

/// What the office is looking at before confirming.
#[derive(Debug, Clone, PartialEq)]
pub struct CarryPreview {
    /// Where the data came from ("本浏览器中的上一期数据", "文件“…”").
    pub source: String,
    pub answer: CarryAnswer,
    /// The (indicator, year) of this catalogue's values the carry would replace.
    pub replaces: Vec<(String, u16)>,
}

/// The preview's summary and detail lines (the report's first line, then one line per indicator or case).
pub fn report_lines(report: &str) -> (String, Vec<String>) {
    let mut lines = report.lines().map(str::to_string);
    let head = lines.next().unwrap_or_default();
    (head, lines.filter(|l| !l.trim().is_empty()).collect())
}

/// "W2-1-2 孕产妇死亡率 2025 年" for each replaced value (at most `max`, then "等 N 个").
pub fn replaced_text(cat: &Catalogue, replaces: &[(String, u16)], max: usize) -> String {
    let mut parts: Vec<String> =
        replaces.iter().take(max).map(|(id, y)| format!("{} {y} 年", cat.indicator_label(id))).collect();
    if replaces.len() > max {
        parts.push(format!("等 {} 个", replaces.len()));
    }
    parts.join("、")
}

/// The sentence that says what the panel does, naming both catalogues and the years.
pub fn explain(cat: &Catalogue, prev: &Catalogue) -> String {
    let from = cat.previous_years().start.min(cat.period.base);
    let years = if from < cat.period.base { format!("{from}–{} 年", cat.period.base) } else { format!("{} 年", cat.period.base) };
    format!(
        "把上一期（{}）中与本期接续的指标 {years}的数据（含已审核锁定的数值）转入本目录，{} 年的数值作为本期基数；先显示预览，确认后才写入，可撤销。",
        prev.title, cat.period.base
    )
}

/// One row of 与上一期对照: a new indicator and the previous one it continues (None: 新增).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRow {
    /// The new indicator's id.
    pub id: String,
    /// "W2-1-2 孕产妇死亡率（1/10万）".
    pub new: String,
    pub old: Option<String>,
    /// 口径变化 (`previous_note`) and the catalogue's review mark, if any.
    pub note: String,
    /// Marked for review (需人工核对) in the catalogue.
    pub unsure: bool,
}

fn indicator_text(i: &lishu_core::Indicator) -> String {
    if i.unit.trim().is_empty() { format!("{} {}", i.id, i.name) } else { format!("{} {}（{}）", i.id, i.name, i.unit) }
}

/// The links the catalogue states, in catalogue order: each new indicator with its predecessor in `prev`.
pub fn link_rows(cat: &Catalogue, prev: &Catalogue) -> Vec<LinkRow> {
    cat.indicators()
        .into_iter()
        .map(|r| {
            let i = r.indicator;
            let old = i.previous.as_deref().map(|id| old_label(prev, id));
            let mut note = i.previous_note.trim().to_string();
            if !i.review.trim().is_empty() {
                if !note.is_empty() {
                    note.push('；');
                }
                note.push_str(&format!("需人工核对：{}", i.review.trim()));
            }
            LinkRow { id: i.id.clone(), new: indicator_text(i), old, note, unsure: !i.review.trim().is_empty() }
        })
        .collect()
}

fn old_label(prev: &Catalogue, id: &str) -> String {
    match prev.indicator(id.trim()) {
        Some(o) => indicator_text(o.indicator),
        None => format!("{id}（上一期目录中没有此指标）"),
    }
}

/// What a row shows for its edit (None: as in the catalogue).
fn edited_text(prev: &Catalogue, row: &LinkRow, edit: &RowEdit) -> String {
    match edit {
        RowEdit::Confirm => format!("{}（已确认）", row.old.clone().unwrap_or_default()),
        RowEdit::Change(id) => format!("{}（已更改）", old_label(prev, id)),
        RowEdit::Unlink => "（已取消关联，作为新增指标）".to_string(),
    }
}

/// The state of [`LinkView`]: the edits, the row whose 更改 list is open, the file module's answer to 保存对照.
#[derive(Debug, Clone, Default)]
struct LinkState {
    edits: Vec<LinkEdit>,
    picking: Option<String>,
    answer: Option<LinkSaveAnswer>,
    busy: bool,
}

/// 与上一期对照: the table of [`link_rows`], unsure links highlighted; each row can be confirmed, changed to
/// another previous indicator or unlinked, and 保存对照 saves the edited catalogue after the file module
/// checked it (`link_edit::save_links`). Kept small in the wasm: the table is drawn by one closure and every
/// button is handled by one click handler (`data-do`, `data-id`).
#[component]
fn LinkView(rows: Vec<LinkRow>, prev: StoredValue<Catalogue>) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let cat = app.cat;
    let linked = rows.iter().filter(|r| r.old.is_some()).count();
    let unsure = rows.iter().filter(|r| r.unsure).count();
    let summary = format!("与上一期对照（接续 {linked} 项，新增 {} 项，需人工核对 {unsure} 项）", rows.len() - linked);
    // One signal for the whole state (each signal type costs code in the wasm).
    let st = RwSignal::new(LinkState::default());
    let set = move |id: String, e: Option<RowEdit>| {
        st.update(|s| {
            s.edits.retain(|x| x.indicator != id);
            s.edits.extend(e.map(|edit| LinkEdit { indicator: id, edit }));
            s.picking = None;
            s.answer = None;
        });
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(b) = target.and_then(|t| t.closest("[data-do]").ok().flatten()) else { return };
        let id = b.get_attribute("data-id").unwrap_or_default();
        match b.get_attribute("data-do").as_deref() {
            Some("confirm") => set(id, Some(RowEdit::Confirm)),
            Some("unlink") => set(id, Some(RowEdit::Unlink)),
            Some("undo") => set(id, None),
            Some("change") => st.update(|s| s.picking = Some(id)),
            Some("save") => {
                let with_earlier = app.dataset.with_untracked(|d| {
                    cat.indicators().iter().filter(|r| !previous_rows(cat, r.indicator, d).is_empty()).map(|r| r.indicator.id.clone()).collect()
                });
                let edits = st.with_untracked(|s| s.edits.clone());
                let req = LinkSaveRequest { catalogue: cat.clone(), previous: prev.get_value(), edits, with_earlier };
                st.update(|s| s.busy = true);
                spawn_local(async move {
                    let a = super::files::save_links(&req).await.unwrap_or_else(|e| LinkSaveAnswer { problems: vec![e], ..Default::default() });
                    st.update(|s| {
                        s.answer = Some(a);
                        s.busy = false;
                    });
                });
            }
            Some("use") => {
                let (Some(c), Some(s)) = (st.with_untracked(|s| s.answer.as_ref().and_then(|a| a.catalogue.clone())), session) else { return };
                if let Err(e) = s.use_catalogue(&c) {
                    app.notify(Notice::error(e));
                }
            }
            Some("download") => {
                let r = st.with_untracked(|s| match s.answer.as_ref().map(|a| (&a.catalogue, &a.toml)) {
                    Some((Some(c), toml)) => super::files::download(&catalogue_file_name(c), "application/toml", toml),
                    _ => Ok(()),
                });
                if let Err(e) = r {
                    app.notify(Notice::error(e));
                }
            }
            _ => st.update(|s| s.answer = None),
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let (Some(id), false) = (st.with_untracked(|s| s.picking.clone()), v.is_empty()) {
            set(id, Some(RowEdit::Change(v)));
        }
    };
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let s = st.get();
        if let Some(r) = root.get() {
            prev.with_value(|p| draw_links(&r, &rows, &s, p));
        }
    });
    view! {
        <details class="link-view" data-testid="link-view" on:click=on_click on:change=on_pick>
            <summary>{summary}</summary>
            <p class="muted small">
                "每行是本期指标及其接续的上一期指标；标黄的是需人工核对的对照。可逐行“确认”、“更改”（另选上一期指标）或“取消关联”（作为新增指标），"
                "再按“保存对照”：先列出改动并检查目录，通过后才保存。已转入的数据不随对照改变；更改对照后如需转入新接续指标的数据，请保存后再次“转入上一期数据”。"
            </p>
            <div node_ref=root></div>
        </details>
    }
}

/// A new `tag` element with `text` (as text, never HTML) appended to `parent`.
fn el(parent: &web_sys::Element, tag: &str, text: &str) -> Option<web_sys::Element> {
    let e = document().create_element(tag).ok()?;
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    parent.append_child(&e).ok()?;
    Some(e)
}

/// A button for [`LinkView`]'s click handler: `what` and the indicator `id` as `data-do` / `data-id`.
fn button(parent: &web_sys::Element, label: &str, what: &str, id: &str) -> Option<web_sys::Element> {
    let b = el(parent, "button", label)?;
    for (k, v) in [("type", "button"), ("data-do", what), ("data-id", id)] {
        b.set_attribute(k, v).ok()?;
    }
    Some(b)
}

/// A `ul` of the lines.
fn list(parent: &web_sys::Element, lines: &[String]) -> Option<()> {
    let ul = el(parent, "ul", "")?;
    for l in lines {
        el(&ul, "li", l)?;
    }
    Some(())
}

/// Draws [`LinkView`]'s table, 保存对照 and the answer into `root` (plain DOM: one small function instead of
/// a view type per element in the wasm).
fn draw_links(root: &web_sys::Element, rows: &[LinkRow], s: &LinkState, prev: &Catalogue) -> Option<()> {
    root.set_text_content(None);
    let wrap = el(root, "div", "")?;
    wrap.set_class_name("table-scroll");
    let table = el(&wrap, "table", "")?;
    table.set_class_name("grid small");
    let head = el(&el(&table, "thead", "")?, "tr", "")?;
    for h in ["本期指标", "上一期指标", "说明", "操作"] {
        el(&head, "th", h)?.set_attribute("scope", "col").ok()?;
    }
    let body = el(&table, "tbody", "")?;
    for r in rows {
        let e = s.edits.iter().find(|e| e.indicator == r.id).map(|e| &e.edit);
        let tr = el(&body, "tr", "")?;
        tr.set_attribute("data-testid", &format!("link-row-{}", r.id)).ok()?;
        if r.unsure {
            tr.set_class_name("warning");
        }
        el(&tr, "td", &r.new)?;
        let old = match e {
            Some(e) => edited_text(prev, r, e),
            None => r.old.clone().unwrap_or_else(|| "（新增指标，无上一期数据）".to_string()),
        };
        el(&tr, "td", &old)?;
        el(&tr, "td", &r.note)?;
        let act = el(&tr, "td", "")?;
        act.set_class_name("actions");
        if r.old.is_some() && r.unsure {
            button(&act, "确认", "confirm", &r.id)?;
        }
        button(&act, "更改", "change", &r.id)?;
        if r.old.is_some() {
            button(&act, "取消关联", "unlink", &r.id)?;
        }
        if e.is_some() {
            button(&act, "还原", "undo", &r.id)?;
        }
        if s.picking.as_deref() == Some(r.id.as_str()) {
            let label = el(&act, "label", "")?;
            label.set_class_name("field");
            el(&label, "span", "接续的上一期指标")?;
            let sel = el(&label, "select", "")?;
            el(&sel, "option", "请选择…")?.set_attribute("value", "").ok()?;
            for o in prev.indicators() {
                el(&sel, "option", &indicator_text(o.indicator))?.set_attribute("value", &o.indicator.id).ok()?;
            }
        }
    }
    let n = s.edits.len();
    let save = button(&el(root, "div", "")?, &format!("保存对照（{n} 项改动）"), "save", "")?;
    save.set_class_name("primary");
    if s.busy || n == 0 {
        save.set_attribute("disabled", "").ok()?;
    }
    let Some(a) = &s.answer else { return Some(()) };
    let out = el(root, "div", "")?;
    out.set_class_name("catalogue-preview");
    out.set_attribute("data-testid", "link-save").ok()?;
    el(&el(&out, "p", "")?, "strong", &format!("对照的改动（{} 项）：", a.changes.len()))?;
    list(&out, &a.changes)?;
    if !a.problems.is_empty() {
        let err = el(&out, "div", "")?;
        err.set_class_name("notice error");
        err.set_attribute("role", "alert").ok()?;
        err.set_attribute("data-testid", "link-errors").ok()?;
        el(&err, "p", "对照未保存（目录和数据都没有改动），请修改后再保存：")?;
        return list(&err, &a.problems);
    }
    el(&out, "p", "目录检查通过。确认后保存修改后的目录并使用（页面将重新载入，本目录的数据不变）；也可以下载目标目录文件留存。")?
        .set_class_name("muted small");
    let row = el(&out, "div", "")?;
    row.set_class_name("row");
    button(&row, "确认保存对照", "use", "")?.set_class_name("primary");
    button(&row, "下载目标目录（.toml）", "download", "")?;
    button(&row, "取消", "cancel", "")?;
    Some(())
}

/// The 转入上一期数据 panel (nothing when the catalogue in use names no previous catalogue).
#[component]
pub fn CarryPanel(stored: RwSignal<Vec<StoredCatalogue>>) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let cat = app.cat;
    let Some(prev_ref) = cat.previous.clone() else { return ().into_any() };
    let prev: Option<Catalogue> = stored.with_untracked(|s| known(&prev_ref.id, cat, s).cloned());
    let Some(prev) = prev else {
        return view! {
            <section class="carry" data-testid="carry-panel">
                <h3>"转入上一期数据"</h3>
                <p class="warning">{format!(
                    "本目录接续上一期目录（编号 {}），但本浏览器中没有该目录：请先在下方“载入目录文件”载入上一期目录，再切换回本目录转入数据。",
                    prev_ref.id
                )}</p>
            </section>
        }
        .into_any();
    };
    let rows = link_rows(cat, &prev);
    let prev = StoredValue::new(prev);
    let prev_data: Option<Dataset> =
        session.and_then(|s| s.stored_data(&prev_ref.id)).filter(|d| d.data.values().any(|m| !m.is_empty()));
    let has_data = prev_data.is_some();
    let prev_data = StoredValue::new(prev_data);
    let preview = RwSignal::new(None::<CarryPreview>);
    let error = RwSignal::new(None::<Vec<String>>);
    let busy = RwSignal::new(false);

    let run = move |source: String, data: Option<Dataset>, file: Option<CarryFile>| {
        let req = CarryRequest { old_catalogue: prev.get_value(), new_catalogue: cat.clone(), data, file, at: now() };
        busy.set(true);
        error.set(None);
        preview.set(None);
        spawn_local(async move {
            match super::files::carry_data(&req).await {
                Ok(answer) => {
                    let replaces = app.dataset.with_untracked(|d| carry_replaces(d, &answer.result.dataset));
                    preview.set(Some(CarryPreview { source, answer, replaces }));
                }
                Err(e) => error.set(Some(e.lines().map(str::to_string).collect())),
            }
            busy.set(false);
        });
    };
    let from_browser = move |_| run("本浏览器中的上一期数据".to_string(), prev_data.get_value(), None);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files = input.files().map(|l| super::sharing::read_files::files_of(&l)).unwrap_or_default();
        input.set_value("");
        let Some(file) = files.into_iter().next() else { return };
        spawn_local(async move {
            let picked = super::sharing::read_files::read_all(vec![file]).await;
            let Some(f) = picked.into_iter().next() else { return };
            match f.content {
                Ok(bytes) => run(format!("文件“{}”", f.name), None, Some(CarryFile { name: f.name.clone(), bytes })),
                Err(_) => error.set(Some(vec![format!("浏览器无法读取文件“{}”", f.name)])),
            }
        });
    };

    view! {
        <section class="carry" data-testid="carry-panel">
            <h3>"转入上一期数据"</h3>
            <p data-testid="carry-explain">{prev.with_value(|p| explain(cat, p))}</p>
            <div class="row">
                <button type="button" class="primary" data-testid="carry-run" disabled=move || !has_data || busy.get() on:click=from_browser>
                    "转入上一期数据"
                </button>
                <label class="field">
                    <span>"从上一期数据文件转入"</span>
                    <input type="file" accept=".json,application/json" data-testid="carry-input" on:change=on_file/>
                </label>
            </div>
            {(!has_data).then(|| view! {
                <p class="muted small">{format!(
                    "本浏览器中没有上一期目录（编号 {}）的数据；可以选择上一期导出的数据文件（.json）转入。",
                    prev_ref.id
                )}</p>
            })}
            {move || busy.get().then(|| view! { <p class="muted" role="status">"正在转入（预览）…"</p> })}
            {move || error.get().map(|errs| view! {
                <div class="notice error" role="alert" data-testid="carry-errors">
                    <p>"无法转入（本目录的数据没有改动）："</p>
                    <ul>{errs.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || preview.get().map(|p| view! { <CarryPreviewView p clear=preview/> })}
            <LinkView rows prev/>
        </section>
    }
    .into_any()
}

#[component]
fn CarryPreviewView(p: CarryPreview, clear: RwSignal<Option<CarryPreview>>) -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let (head, lines) = report_lines(&p.answer.report);
    let replaces = p.replaces.clone();
    let agreed = RwSignal::new(replaces.is_empty());
    let dataset = StoredValue::new(p.answer.result.dataset.clone());
    let values = p.answer.result.values();
    let (n_lines, open) = (lines.len(), lines.len() <= 30);
    let confirm = move |_| {
        let edit = Edit::Carry { label: "转入上一期数据".to_string(), dataset: Box::new(dataset.get_value()) };
        if app.dispatch(edit).is_ok() {
            clear.set(None);
            app.notify(Notice::info(format!(
                "已转入上一期数据（{values} 个年度数值）。打开各指标可看到基数和上一期年份；如有误，可用“撤销”撤回这次转入。"
            )));
        }
    };
    view! {
        <div class="catalogue-preview" data-testid="carry-preview">
            <h3>{format!("转入预览：{}（尚未写入）", p.source)}</h3>
            <p data-testid="carry-summary"><strong>{head}</strong></p>
            {(!replaces.is_empty()).then(|| view! {
                <div class="notice warn" data-testid="carry-replaces">
                    <p>{format!("本目录已有 {} 个数值将被上一期数据替换：{}。", replaces.len(), replaced_text(cat, &replaces, 8))}</p>
                    <label><input type="checkbox" data-testid="carry-agree" prop:checked=move || agreed.get()
                        on:change=move |ev| agreed.set(event_target_checked(&ev))/>"我已知悉，用上一期数据替换这些数值"</label>
                </div>
            })}
            <p class="muted small">"确认后写入本目录的数据（转入前的数据保存为快照，可撤销）；上一期目录的数据不作任何改动。"</p>
            <div class="row">
                <button type="button" class="primary" data-testid="carry-confirm" disabled=move || !agreed.get() on:click=confirm>"确认转入"</button>
                <button type="button" data-testid="carry-cancel" on:click=move |_| clear.set(None)>"取消"</button>
            </div>
            <details open=open>
                <summary>{format!("逐项明细（{n_lines} 条）")}</summary>
                <ul class="small" data-testid="carry-lines">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lishu_core::catalogue::file::read_catalogue;
    use lishu_core::catalogue::link::link_catalogue;

    fn linked() -> Catalogue {
        let next = read_catalogue(include_bytes!("../../core/tests/fixtures/lishu-2026-2030.toml")).expect("fixture");
        link_catalogue(&next, Catalogue::embedded()).0
    }

    #[test]
    fn the_panel_says_what_it_does_and_the_preview_names_what_it_replaces() {
        let new = linked();
        let e = explain(&new, Catalogue::embedded());
        assert!(e.contains("梨树区妇女儿童发展规划（2021-2025年）") && e.contains("2025 年的数值作为本期基数"), "{e}");
        assert!(e.contains("接续的指标 2020–2025 年的数据"), "{e}");
        let (head, lines) = report_lines("已转入 2 个指标\n转入：甲\n\n未转入：乙");
        assert_eq!(head, "已转入 2 个指标");
        assert_eq!(lines, vec!["转入：甲".to_string(), "未转入：乙".to_string()]);
        assert_eq!(report_lines(""), (String::new(), vec![]));
        let r = vec![("W2-1-2".to_string(), 2025), ("W9-9-9".to_string(), 2025), ("W2-1-1".to_string(), 2024)];
        let t = replaced_text(&new, &r, 2);
        let rows = link_rows(&new, Catalogue::embedded());
        assert_eq!(rows.len(), new.indicators().len());
        let mmr = rows.iter().find(|r| r.new.starts_with("W2-1-2 ")).expect("W2-1-2");
        assert_eq!(mmr.old.as_deref(), Some("W1-4-2 孕产妇死亡率（/10万）"));
        assert!(rows.iter().any(|r| r.old.is_none()), "new indicators");
        let unsure: Vec<_> = rows.iter().filter(|r| r.unsure).collect();
        assert!(!unsure.is_empty() && unsure.iter().all(|r| r.note.contains("需人工核对")), "{unsure:?}");
        assert!(t.starts_with("孕产妇死亡率（W2-1-2） 2025 年、指标 W9-9-9 2025 年") && t.ends_with("等 3 个"), "{t}");
        // What an edited row shows.
        let old = Catalogue::embedded();
        assert_eq!(edited_text(old, mmr, &RowEdit::Confirm), "W1-4-2 孕产妇死亡率（/10万）（已确认）");
        assert_eq!(edited_text(old, mmr, &RowEdit::Change("W1-4-1".into())), "W1-4-1 孕产妇系统管理率（%）（已更改）");
        assert_eq!(edited_text(old, mmr, &RowEdit::Change("W9".into())), "W9（上一期目录中没有此指标）（已更改）");
        assert_eq!(edited_text(old, mmr, &RowEdit::Unlink), "（已取消关联，作为新增指标）");
        assert_eq!(mmr.id, "W2-1-2");
    }
}
