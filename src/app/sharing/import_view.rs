//! Import view: file picker and drop zone, the preview (per-file result with every error, notices,
//! additions, changes, conflicts with a choice each), confirm / cancel, the result and its undo.
//! All decisions live in [`super::flow`].

use super::flow::{file_errors, ImportCheck, ImportFlow};
use super::read_files::{files_of, read_all};
pub use lishu_core::io::time::when;
use crate::app::help::CONFIRM_IMPORT;
use crate::app::state::{use_app, AppState};
use crate::storage::Notice;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lishu_core::io::{Candidate, Conflict, FileReport, Source};
use lishu_core::Catalogue;
use wasm_bindgen::JsCast;

/// Additions listed in the preview (the rest are counted).
pub const MAX_LISTED_ADDITIONS: usize = 300;


fn or_unknown_unit(u: &str) -> String {
    if u.trim().is_empty() {
        "未注明单位".into()
    } else {
        u.to_string()
    }
}

/// Key of a source in test ids: "current" or "file-2".
pub fn source_key(s: Source) -> String {
    match s {
        Source::Current => "current".into(),
        Source::File(i) => format!("file-{i}"),
    }
}

/// One line describing a file's result.
pub fn file_line(cat: &Catalogue, f: &FileReport) -> String {
    if f.accepted {
        let who = if f.unit.trim().is_empty() { "全区".to_string() } else { f.unit.clone() };
        let refused = if f.refused.is_empty() { String::new() } else { format!("；{} 处有误，不导入", f.refused.len()) };
        format!("可导入：“{}”（{who}，导出于 {}，{} 条年度数据{refused}）", f.name, when(&f.exported_at), f.rows)
    } else {
        format!("已拒绝：“{}”（{} 处错误，整个文件不导入）", f.name, file_errors(cat, f).len())
    }
}

/// Names listed per kind of change in the words after an import (the rest are counted).
const NAMED: usize = 5;

/// What an import changes, in words: one line per kind (新增 / 更新 / 冲突) naming the indicators and
/// years ("新增 2 条：W1-4-2 孕产妇死亡率 2023 年（区卫健局）、……"). Empty kinds are left out.
pub fn changes_in_words(cat: &Catalogue, p: &lishu_core::io::ImportPreview) -> Vec<String> {
    let line = |kind: &str, what: &str, items: Vec<String>| {
        let n = items.len();
        let mut named: Vec<String> = items.into_iter().take(NAMED).collect();
        if n > NAMED {
            named.push(format!("等（共 {n} 条）"));
        }
        format!("{kind} {n} 条{what}：{}", named.join("、"))
    };
    let mut out = Vec::new();
    if !p.additions.is_empty() {
        let items = p.additions.iter().map(|a| format!("{} {} 年（{}）", cat.indicator_label(&a.indicator), a.year, or_unknown_unit(&a.new.unit))).collect();
        out.push(line("新增", "（原来没有的数值）", items));
    }
    if !p.changes.is_empty() {
        let items = p.changes.iter().map(|c| format!("{} {} 年（{} → {}）", cat.indicator_label(&c.indicator), c.year, c.old.summary, c.new.summary)).collect();
        out.push(line("更新", "（换成了文件中较新的数值，原值存入被替换数值记录）", items));
    }
    if !p.conflicts.is_empty() {
        let items = p.conflicts.iter().map(|c| format!("{} {} 年", cat.indicator_label(&c.indicator), c.year)).collect();
        out.push(line("冲突", "（已按您的选择保留其中一个数值）", items));
    }
    out
}

fn start_reading(app: AppState, flow: ImportFlow, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    // The previous import's result (and its undo button) stays until another import is confirmed.
    flow.reading.set(true);
    spawn_local(async move {
        let picked = read_all(files).await;
        flow.load(&app, picked);
    });
}

#[component]
pub fn ImportPanel(flow: ImportFlow) -> impl IntoView {
    let app = use_app();
    let over = RwSignal::new(false);
    // What the last confirmed import changed, in words (set on confirm).
    let words = RwSignal::new(Vec::<String>::new());
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files = input.files().map(|l| files_of(&l)).unwrap_or_default();
        // Allow picking the same file again later.
        input.set_value("");
        start_reading(app, flow, files);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        let files = ev.data_transfer().and_then(|d| d.files()).map(|l| files_of(&l)).unwrap_or_default();
        if files.is_empty() {
            flow.message.set(Some("拖放的内容中没有文件。".into()));
        }
        start_reading(app, flow, files);
    };
    view! {
        <section class="panel sharing-import" data-testid="sharing-import">
            <h3>"导入与合并"</h3>
            <p class="muted small">
                "可一次导入一个或多个数据文件（各单位导出的文件、备份文件）。导入前先检查并列出将发生的变化，"
                "确认后才会改动数据；有错误的文件整个不导入；导入前自动保存快照，可一键撤销。"
            </p>
            <div class="drop-zone" class:over=move || over.get() data-testid="drop-zone"
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragenter=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop>
                <p>"将各单位发来的数据文件、备份文件或填好的 Excel 填报模板拖放到此处，或"</p>
                <label class="file-pick">
                    <span>"选择文件（可多选）…"</span>
                    <input type="file" multiple accept=".json,application/json,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" data-testid="import-input" on:change=on_pick/>
                </label>
            </div>
            {move || flow.reading.get().then(|| view! { <p class="muted" role="status">"正在读取文件…"</p> })}
            {move || flow.message.get().map(|m| view! { <p class="import-message" role="status" data-testid="import-message">{m}</p> })}
            {move || flow.check.get().map(|c| view! { <Preview flow=flow check=c words/> })}
            {move || flow.outcome.get().map(|o| view! {
                <div class="import-result notice info" role="status" data-testid="import-result">
                    <p>{o.summary.clone()}</p>
                    <ul class="import-words" data-testid="import-words">{move || words.get().into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    {move || flow.edited_since_import(&app).then(|| view! {
                        <p class="warning">"导入之后数据又有修改；撤销本次导入会恢复到导入前的数据，这些修改也会一并撤回（撤销前的数据会另存为快照）。"</p>
                    })}
                    <button type="button" data-testid="undo-import" on:click=move |_| {
                        if let Err(e) = flow.undo(&app) { app.notify(Notice::error(e)) }
                    }>"撤销本次导入"</button>
                </div>
            })}
        </section>
    }
}

#[component]
fn Preview(flow: ImportFlow, check: ImportCheck, words: RwSignal<Vec<String>>) -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let p = check.preview.clone();
    let errors = check.error_messages(cat);
    let can_apply = check.can_apply();
    let file_notices: Vec<String> = p
        .files
        .iter()
        .filter(|f| f.accepted)
        .flat_map(|f| f.notices.iter().map(move |n| format!("文件“{}”：{n}", f.name)))
        .collect();
    let mut notices = file_notices;
    notices.extend(p.notices.iter().cloned());
    if p.extras.is_some() {
        notices.push("当前没有数据：将同时导入文件中的指标设置、单位名单和报告文字（恢复备份）。".into());
    }
    if !p.superseded.is_empty() {
        notices.push(format!("文件附带 {} 条被替换数值记录，将一并保存。", p.superseded.len()));
    }
    // Cells of accepted files that are refused (a filled Excel template): listed before confirming.
    let refused: Vec<String> = p
        .files
        .iter()
        .filter(|f| f.accepted)
        .flat_map(|f| lishu_core::io::workbook::refused_lines(f, cat))
        .collect();
    let extra_additions = p.additions.len().saturating_sub(MAX_LISTED_ADDITIONS);
    // The entry page's plausibility checks on the values the import brings (they never block).
    let warnings: Vec<String> = lishu_core::check::import_warnings(cat, &p).iter().map(|w| w.message(cat)).collect();
    let check_words = check.clone();
    view! {
        <div class="import-preview" data-testid="import-preview">
            <h4>"导入预览（尚未改动任何数据）"</h4>
            <p class="summary" data-testid="import-summary">{p.summary()}</p>
            <ul class="file-list" data-testid="import-files">
                {p.files.iter().enumerate().map(|(i, f)| view! {
                    <li class=if f.accepted { "accepted" } else { "rejected" } data-testid=format!("import-file-{i}")>{file_line(cat, f)}</li>
                }).collect_view()}
            </ul>
            {(!errors.is_empty()).then(|| view! {
                <div class="import-errors notice error" role="alert" data-testid="import-errors">
                    <p>"以下文件有错误，整个文件不导入（请改正后重新导出，或联系该单位）："</p>
                    <ul>{errors.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!refused.is_empty()).then(|| view! {
                <div class="import-refused notice warn" role="alert" data-testid="import-refused">
                    <p>{format!("以下 {} 处填写有误，这些数值不导入；其余填对的数值点“{CONFIRM_IMPORT}”后照常导入。改正表格后再导入一次即可补上：", refused.len())}</p>
                    <ul>{refused.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!notices.is_empty()).then(|| view! {
                <div class="import-notices" data-testid="import-notices">
                    <p class="muted">"提示："</p>
                    <ul>{notices.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!warnings.is_empty()).then(|| view! {
                <div class="import-warnings warning" data-testid="import-warnings">
                    <p>"请核对（与填报页相同的合理性检查，不影响导入）："</p>
                    <ul>{warnings.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!p.conflicts.is_empty()).then(|| view! {
                <div class="import-conflicts" data-testid="import-conflicts">
                    <h5>{format!("冲突 {} 条：请逐条选择保留哪个数值（未选用的数值会存入被替换数值记录）", p.conflicts.len())}</h5>
                    <div class="row">
                        <button type="button" data-testid="choose-all-latest" on:click=move |_| flow.choose_all_latest()>"全部选用最新录入的数值"</button>
                        <button type="button" data-testid="choose-all-default" on:click=move |_| flow.choose_all_default()>"全部恢复默认（保留当前数据）"</button>
                    </div>
                    {p.conflicts.iter().map(|c| conflict_view(cat, flow, c)).collect_view()}
                </div>
            })}
            {(!p.changes.is_empty()).then(|| view! {
                <div class="import-changes" data-testid="import-changes">
                    <h5>{format!("更新 {} 条（文件中的数值录入时间更晚，原值存入被替换数值记录）", p.changes.len())}</h5>
                    <table class="grid small">
                        <thead><tr><th>"指标"</th><th>"年份"</th><th>"原值"</th><th>"新值"</th><th>"来源"</th></tr></thead>
                        <tbody>{p.changes.iter().map(|c| view! {
                            <tr>
                                <td>{cat.indicator_label(&c.indicator)}</td>
                                <td>{c.year}</td>
                                <td>{format!("{}（{}，{}）", c.old.summary, or_unknown_unit(&c.old.unit), when(&c.old.time))}</td>
                                <td>{format!("{}（{}，{}）", c.new.summary, or_unknown_unit(&c.new.unit), when(&c.new.time))}</td>
                                <td>{c.new.label.clone()}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            })}
            {(!p.additions.is_empty()).then(|| view! {
                <details class="import-additions" data-testid="import-additions" open=p.additions.len() <= 30>
                    <summary>{format!("新增 {} 条", p.additions.len())}</summary>
                    <table class="grid small">
                        <thead><tr><th>"指标"</th><th>"年份"</th><th>"数值"</th><th>"单位/时间"</th><th>"来源"</th></tr></thead>
                        <tbody>{p.additions.iter().take(MAX_LISTED_ADDITIONS).map(|a| view! {
                            <tr data-testid=format!("addition-{}-{}", a.indicator, a.year)>
                                <td>{cat.indicator_label(&a.indicator)}</td>
                                <td>{a.year}</td>
                                <td>{a.new.summary.clone()}</td>
                                <td>{format!("{}，{}", or_unknown_unit(&a.new.unit), when(&a.new.time))}</td>
                                <td>{a.new.label.clone()}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                    {(extra_additions > 0).then(|| view! { <p class="muted">{format!("……另有 {extra_additions} 条未列出")}</p> })}
                </details>
            })}
            <div class="row actions">
                <button type="button" class="primary" data-testid="confirm-import" disabled=!can_apply on:click=move |_| {
                    // On failure the reason is shown as the flow message.
                    let said = changes_in_words(cat, &check_words.preview);
                    if let Ok(o) = flow.confirm(&app) {
                        let first = said.first().cloned().map(|w| format!(" {w}")).unwrap_or_default();
                        app.notify(Notice::info(format!("{}{first}", o.summary)).of("导入"));
                        words.set(said);
                    }
                }>{CONFIRM_IMPORT}</button>
                <button type="button" data-testid="cancel-import" on:click=move |_| flow.cancel()>"取消"</button>
                {(!can_apply).then(|| view! { <span class="muted">"没有可导入的变化。"</span> })}
            </div>
        </div>
    }
}

/// A candidate's computed value when it is derived from counts ("3 ÷ 2150 × 100000 = 139.53/10万"), so the
/// rates can be compared beside their numerators and denominators.
fn computed_of(cat: &Catalogue, c: &Conflict, cand: &Candidate) -> Option<String> {
    let ind = cat.indicator(&c.indicator)?.indicator;
    let r = lishu_core::dataset::resolve(ind, cat.period, c.year, &cand.entry).ok()?;
    match r.derivation {
        lishu_core::dataset::Derivation::Rate { .. } | lishu_core::dataset::Derivation::Share { .. } => {
            Some(format!("计算结果 {}{}", r.derivation, ind.unit))
        }
        _ => None,
    }
}

fn candidate_view(cat: &Catalogue, lead: &str, flow: ImportFlow, c: &Conflict, cand: &Candidate) -> impl IntoView {
    let computed = computed_of(cat, c, cand);
    let is_lead = !lead.trim().is_empty() && cand.unit.trim() == lead.trim();
    let id = c.indicator.clone();
    let year = c.year;
    let src = cand.source;
    let key = (id.clone(), year);
    let group = format!("conflict-{}-{}", c.indicator, c.year);
    let testid = format!("conflict-{}-{}-{}", c.indicator, c.year, source_key(src));
    let default = (c.default == src).then_some("（默认）");
    view! {
        <label class="candidate">
            <input type="radio" name=group value=source_key(src) data-testid=testid
                prop:checked=move || flow.choices.with(|m| m.get(&key) == Some(&src))
                on:change=move |_| flow.choose(&id, year, src)/>
            <span class="cand-label">{cand.label.clone()}{default}</span>
            <span class="cand-meta">{format!("{}{}，{}", or_unknown_unit(&cand.unit), if is_lead { "（牵头单位）" } else { "" }, when(&cand.time))}</span>
            <span class="cand-value">{cand.summary.clone()}</span>
            {computed.map(|t| view! { <span class="cand-computed">{t}</span> })}
        </label>
    }
}

fn conflict_view(cat: &Catalogue, flow: ImportFlow, c: &Conflict) -> impl IntoView {
    let lead = cat
        .indicator(&c.indicator)
        .map(|r| use_app().dataset.with_untracked(|d| d.lead_unit(r.indicator).to_string()))
        .unwrap_or_default();
    let key = (c.indicator.clone(), c.year);
    let (id, year) = key.clone();
    let replacing = move || flow.choices.with(|m| m.get(&key).is_some_and(|s| *s != Source::Current));
    let lock = c.locked.clone().map(|l| {
        let testid = format!("unlock-{}-{}", c.indicator, c.year);
        view! {
            <p class="locked-note">
                {format!("🔒 当前数值已由{}审核锁定（{} {} 年数据，{}）。选用文件中的数值须写明解锁理由，解锁记入修改记录；不写则保留当前数值。",
                    l.by, l.unit, c.year, when(&l.at))}
            </p>
            <Show when=replacing.clone()>
                <label class="field wide"><span>"解锁理由（必填）"</span>
                    <input type="text" data-testid=testid.clone()
                        prop:value={let (id, year) = (id.clone(), year); move || flow.unlocks.with(|u| u.get(&(id.clone(), year)).cloned().unwrap_or_default())}
                        on:input={let id = id.clone(); move |ev| flow.set_unlock_reason(&id, year, event_target_value(&ev))}/>
                </label>
            </Show>
        }
    });
    view! {
        <fieldset class="conflict-choice" class:locked=c.locked.is_some() data-testid=format!("conflict-{}-{}", c.indicator, c.year)>
            <legend>{format!("{} {} 年", cat.indicator_label(&c.indicator), c.year)}{c.locked.is_some().then_some("（已锁定）")}</legend>
            {lock}
            {c.candidates.iter().map(|cand| candidate_view(cat, &lead, flow, c, cand)).collect_view()}
        </fieldset>
    }
}
