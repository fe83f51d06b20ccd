//! 设置 → 目标目录: the catalogue in use, the catalogues stored in this browser, loading a catalogue file
//! (`.toml`, strict check with line numbers, preview before switching), drafting one from a plan's text
//! (a `.txt` file or pasted text; the draft can be downloaded for review or used at once), and going back to
//! the embedded catalogue in one click. Switching saves pending edits, stores the
//! catalogue and reloads the page (`super::session::Session::use_catalogue`); data are kept per catalogue.

use super::files::download;
use super::session::use_session;
use super::state::use_app;
use crate::storage::catalogues::StoredCatalogue;
use crate::storage::Notice;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lishu_core::catalogue::diff::{preview, CataloguePreview};
use lishu_core::catalogue::draft::{DraftOptions, DraftOutcome, DraftRequest};
use lishu_core::catalogue::file::CheckedFile;
use lishu_core::Catalogue;
use wasm_bindgen::JsCast;

/// A catalogue file the office picked, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    /// Passed every check: what switching to it would mean. A draft carries its `.toml` file to download.
    Ready { name: String, preview: Box<CataloguePreview>, draft: Option<String> },
    /// Refused: every problem, each naming the file and the line.
    Refused { name: String, errors: Vec<String> },
}

pub use super::period::known;

/// What a checked catalogue file means here (nothing changes): the preview against the version of the same
/// id known here, or every problem naming the file.
pub fn check_result(name: &str, file: CheckedFile, current: &Catalogue, stored: &[StoredCatalogue]) -> Checked {
    match file.catalogue {
        Some(cat) if file.errors.is_empty() => {
            let existing = known(&cat.id, current, stored).cloned();
            Checked::Ready { name: name.to_string(), preview: Box::new(preview(cat, existing.as_ref())), draft: None }
        }
        _ => Checked::Refused {
            name: name.to_string(),
            errors: file.errors.iter().map(|e| format!("文件“{name}”：{e}")).collect(),
        },
    }
}

/// What a draft means here: the preview (with the draft's `.toml` to download), or every problem of the
/// text (`name` says where the text came from).
pub fn draft_result(name: &str, out: DraftOutcome, current: &Catalogue, stored: &[StoredCatalogue]) -> Checked {
    match out.catalogue {
        Some(cat) if out.errors.is_empty() => {
            let existing = known(&cat.id, current, stored).cloned();
            Checked::Ready { name: name.to_string(), preview: Box::new(preview(cat, existing.as_ref())), draft: Some(out.toml) }
        }
        _ => Checked::Refused { name: name.to_string(), errors: out.errors.iter().map(|e| format!("{name}：{e}")).collect() },
    }
}

pub use super::period::catalogue_file_name;

/// The heading comment of a saved catalogue file.
fn heading(cat: &Catalogue) -> String {
    format!(
        "{}\n由监测评估系统导出。可用文本编辑器修改后在“设置 → 目标目录”中重新载入（修改目标时请提升 version）。",
        cat.describe()
    )
}

#[component]
pub fn CataloguePanel() -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let cat = app.cat;
    let embedded = Catalogue::embedded();
    let stored = RwSignal::new(session.map(|s| s.stored_catalogues()).unwrap_or_default());
    let checked = RwSignal::new(None::<Checked>);
    let message = RwSignal::new(None::<String>);
    let p = cat.period;
    let in_use_is_embedded = cat == embedded;

    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files = input.files().map(|l| super::sharing::read_files::files_of(&l)).unwrap_or_default();
        input.set_value("");
        let Some(file) = files.into_iter().next() else { return };
        message.set(Some("正在读取目录文件…".into()));
        spawn_local(async move {
            let picked = super::sharing::read_files::read_all(vec![file]).await;
            let Some(f) = picked.into_iter().next() else { return };
            let result = match &f.content {
                Ok(bytes) => match super::files::read_catalogue_file(bytes).await {
                    Ok(file) => stored.with_untracked(|s| check_result(&f.name, file, cat, s)),
                    Err(e) => Checked::Refused { name: f.name.clone(), errors: vec![e] },
                },
                Err(e) => {
                    let why = match e {
                        super::sharing::flow::ReadProblem::TooLarge(n) => format!("文件过大（{:.1} MB）", *n as f64 / 1_048_576.0),
                        super::sharing::flow::ReadProblem::Failed(w) => format!("浏览器无法读取此文件（{w}）"),
                    };
                    Checked::Refused { name: f.name.clone(), errors: vec![format!("文件“{}”：{why}", f.name)] }
                }
            };
            message.set(None);
            checked.set(Some(result));
        });
    };
    let save_current = move |_| {
        spawn_local(async move {
            match super::files::write_catalogue_file(cat, &heading(cat)).await {
                Ok(text) => match download(&catalogue_file_name(cat), "application/toml", &text) {
                    Ok(()) => app.notify(Notice::info("已下载当前目标目录文件（.toml）。")),
                    Err(e) => app.notify(Notice::error(e)),
                },
                Err(e) => app.notify(Notice::error(e)),
            }
        });
    };
    let back_to_embedded = move |_| {
        if let Some(s) = session {
            if let Err(e) = s.use_embedded() {
                app.notify(Notice::error(e));
            }
        }
    };

    view! {
        <section class="panel" data-testid="catalogue-panel">
            <h2>"目标目录"</h2>
            <p data-testid="catalogue-current">
                <strong>{format!("正在使用：{}", cat.describe())}</strong>
                {if in_use_is_embedded { "（内置）" } else { "（已载入）" }}
            </p>
            <p class="muted">{format!(
                "{}；{}。规划期 {}–{} 年，基数年 {} 年，中期评估 {} 年，终期评估 {} 年。",
                cat.region, cat.summary().message(), p.first, p.last, p.base, p.midterm, p.last
            )}</p>
            <p class="muted small">"每个目录的数据分别保存在本浏览器中：切换目录不会改动或混合任何目录的数据，随时可以切换回来。"</p>
            <div class="row">
                <button type="button" data-testid="catalogue-save-current" on:click=save_current>"下载当前目录（.toml）"</button>
                {(!in_use_is_embedded).then(|| view! {
                    <button type="button" data-testid="catalogue-use-embedded" on:click=back_to_embedded>
                        {format!("恢复使用内置目录（{}）", embedded.title)}
                    </button>
                })}
            </div>
            <super::period::CarryPanel stored/>
            <StoredList stored/>
            <h3>"载入目录文件"</h3>
            <p class="muted small">"目录文件（.toml）的格式见说明文档；载入前会逐项检查，并显示规划、领域、目标、指标数和规划期，确认后才切换。"</p>
            <label class="field">
                <span>"选择目录文件（.toml）"</span>
                <input type="file" accept=".toml,text/plain" data-testid="catalogue-input" on:change=on_pick/>
            </label>
            <DraftForm stored checked message/>
            {move || message.get().map(|m| view! { <p class="muted" role="status">{m}</p> })}
            {move || checked.get().map(|c| view! { <CheckedView checked=c clear=checked/> })}
        </section>
    }
}

/// 从规划原文起草目录: a `.txt` file or pasted text, an optional id; the result shows as a preview.
#[component]
fn DraftForm(stored: RwSignal<Vec<StoredCatalogue>>, checked: RwSignal<Option<Checked>>, message: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let text = RwSignal::new(String::new());
    let id = RwSignal::new(String::new());
    let run = move |name: String, plan: String| {
        let id = id.get_untracked().trim().to_string();
        let req = DraftRequest { text: plan, options: DraftOptions { id: (!id.is_empty()).then_some(id), version: None } };
        message.set(Some("正在起草目录…".into()));
        spawn_local(async move {
            let result = match super::files::draft_catalogue(&req).await {
                Ok(out) => stored.with_untracked(|s| draft_result(&name, out, cat, s)),
                Err(e) => Checked::Refused { name: name.clone(), errors: vec![e] },
            };
            message.set(None);
            checked.set(Some(result));
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files = input.files().map(|l| super::sharing::read_files::files_of(&l)).unwrap_or_default();
        input.set_value("");
        let Some(file) = files.into_iter().next() else { return };
        spawn_local(async move {
            let picked = super::sharing::read_files::read_all(vec![file]).await;
            let Some(f) = picked.into_iter().next() else { return };
            match f.content {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(t) => run(format!("规划文本“{}”", f.name), t),
                    Err(e) => checked.set(Some(Checked::Refused {
                        name: f.name.clone(),
                        errors: vec![format!("文件“{}”：不是 UTF-8 文本（第 {} 字节起无法识别），请用记事本另存为 UTF-8 编码后再选择", f.name, e.utf8_error().valid_up_to())],
                    })),
                },
                Err(_) => checked.set(Some(Checked::Refused { name: f.name.clone(), errors: vec![format!("浏览器无法读取文件“{}”", f.name)] })),
            }
        });
    };
    view! {
        <h3>"从规划原文起草目录"</h3>
        <p class="muted small">
            "新一期规划或其他县区的规划：选择规划全文（.txt，UTF-8）或粘贴全文。系统按全国统一的规划格式找出地区、规划期、领域、"
            "主要目标和“——”目标行（原文逐字照录），并按措辞推定每项指标的类型和目标值；没有把握的指标标注“需人工核对”。"
        </p>
        <div class="row">
            <label class="field"><span>"规划文本文件（.txt）"</span>
                <input type="file" accept=".txt,text/plain" data-testid="draft-input" on:change=on_pick/>
            </label>
            <label class="field"><span>"目录编号（可不填；如“地区拼音-起始年-结束年”）"</span>
                <input type="text" data-testid="draft-id" prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/>
            </label>
        </div>
        <label class="field wide"><span>"或粘贴规划全文"</span>
            <textarea rows="4" data-testid="draft-text" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        </label>
        <div class="row">
            <button type="button" data-testid="draft-run" disabled=move || text.with(|t| t.trim().is_empty())
                on:click=move |_| run("粘贴的规划文本".to_string(), text.get_untracked())>"起草目录"</button>
        </div>
    }
}

/// The catalogues stored in this browser, each with 使用 / 删除.
#[component]
fn StoredList(stored: RwSignal<Vec<StoredCatalogue>>) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let cat = app.cat;
    view! {
        {move || {
            let list = stored.get();
            (!list.is_empty()).then(|| view! {
                <h3>"本浏览器中保存的目录"</h3>
                <table class="grid small" data-testid="catalogue-stored">
                    <thead><tr><th scope="col">"编号"</th><th scope="col">"目录"</th><th scope="col">"版本"</th><th scope="col">"操作"</th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|s| {
                            let id = s.id.clone();
                            let in_use = id == cat.id;
                            let (title, version, ok) = match &s.catalogue {
                                Ok(c) => (c.title.clone(), c.version.clone(), true),
                                Err(e) => (format!("无法读取：{e}"), "—".to_string(), false),
                            };
                            let use_id = id.clone();
                            let del_id = id.clone();
                            view! {
                                <tr data-testid=format!("catalogue-stored-{id}")>
                                    <td>{id.clone()}</td>
                                    <td>{title}</td>
                                    <td>{version}</td>
                                    <td class="actions">
                                        {if in_use {
                                            view! { <span>"使用中"</span> }.into_any()
                                        } else {
                                            view! {
                                                <button type="button" disabled=!ok on:click=move |_| {
                                                    if let Some(s) = session {
                                                        if let Err(e) = s.switch_to(&use_id) { app.notify(Notice::error(e)) }
                                                    }
                                                }>"使用"</button>
                                                <button type="button" on:click=move |_| {
                                                    if let Some(s) = session {
                                                        match s.remove_catalogue(&del_id) {
                                                            Ok(()) => {
                                                                stored.set(s.stored_catalogues());
                                                                app.notify(Notice::info(format!("已删除目录 {del_id}（其数据仍保存在浏览器中，重新载入该目录即可继续使用）。")));
                                                            }
                                                            Err(e) => app.notify(Notice::error(e)),
                                                        }
                                                    }
                                                }>"删除"</button>
                                            }.into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })
        }}
    }
}

/// The result of checking a file: the preview with 使用此目录, or every problem.
#[component]
fn CheckedView(checked: Checked, clear: RwSignal<Option<Checked>>) -> impl IntoView {
    let app = use_app();
    let session = use_session();
    match checked {
        Checked::Refused { name, errors } => view! {
            <div class="notice error" role="alert" data-testid="catalogue-errors">
                <p>{format!("目录文件“{name}”有 {} 处问题，未载入（当前目录和数据都没有改动）：", errors.len())}</p>
                <ul>{errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                <button type="button" on:click=move |_| clear.set(None)>"关闭"</button>
            </div>
        }
        .into_any(),
        Checked::Ready { name, preview, draft } => {
            let c = preview.catalogue.clone();
            let p = c.period;
            let use_it = move |_| {
                if let Some(s) = session {
                    if let Err(e) = s.use_catalogue(&c) {
                        app.notify(Notice::error(e));
                    }
                }
            };
            let pv = *preview;
            let cat = &pv.catalogue;
            view! {
                <div class="catalogue-preview" data-testid="catalogue-preview">
                    <h3>{if draft.is_some() { format!("{name}：草稿已生成并通过检查") } else { format!("目录文件“{name}”检查通过") }}</h3>
                    <dl class="facts">
                        <dt>"目录"</dt><dd>{cat.describe()}</dd>
                        <dt>"地区"</dt><dd>{cat.region.clone()}</dd>
                        <dt>"印发"</dt><dd>{format!("{} {}", cat.authority, cat.issued)}</dd>
                        <dt>"规划"</dt><dd>{cat.plans.iter().map(|x| x.title.clone()).collect::<Vec<_>>().join("；")}</dd>
                        <dt>"规划期"</dt><dd data-testid="catalogue-preview-period">{format!("{}–{} 年（基数年 {}，中期评估 {} 年）", p.first, p.last, p.base, p.midterm)}</dd>
                        <dt>"内容"</dt><dd data-testid="catalogue-preview-summary">{pv.summary.message()}</dd>
                    </dl>
                    {(!pv.reviews.is_empty()).then(|| view! {
                        <details class="warning" open>
                            <summary>{format!("{} 项指标标注了“需人工核对”（可先使用，核对后修改目录文件再载入）", pv.reviews.len())}</summary>
                            <ul>{pv.reviews.iter().map(|(id, why)| view! { <li>{format!("{id}：{why}")}</li> }).collect_view()}</ul>
                        </details>
                    })}
                    {pv.existing.as_ref().map(|(version, d)| view! {
                        <div data-testid="catalogue-preview-diff">
                            <p>{format!(
                                "本浏览器中已有此目录的版本 {version}。{}",
                                if d.is_empty() { "各项指标的目标均未变化。".to_string() } else {
                                    format!("目标有变化的指标 {} 项，新增指标 {} 项，删除指标 {} 项；已填数据保留，按新目标评估。", d.target_changes.len(), d.added.len(), d.removed.len())
                                }
                            )}</p>
                            {(!d.target_changes.is_empty()).then(|| view! {
                                <ul>{d.target_changes.iter().map(|t| view! { <li>{t.message(cat)}</li> }).collect_view()}</ul>
                            })}
                        </div>
                    })}
                    <p class="muted small">"切换后页面将重新载入；当前目录的数据先保存，保持不变。"</p>
                    <div class="row">
                        {draft.map(|text| {
                            let file = catalogue_file_name(&pv.catalogue);
                            view! {
                                <button type="button" data-testid="catalogue-draft-download" on:click=move |_| {
                                    match download(&file, "application/toml", &text) {
                                        Ok(()) => app.notify(Notice::info("已下载目录草稿（.toml）：请在文本编辑器中搜索“review = ”逐项核对，改好后删去该行，再载入。")),
                                        Err(e) => app.notify(Notice::error(e)),
                                    }
                                }>"下载草稿（.toml）"</button>
                            }
                        })}
                        <button type="button" class="primary" data-testid="catalogue-use" on:click=use_it>"使用此目录"</button>
                        <button type="button" on:click=move |_| clear.set(None)>"取消"</button>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = include_str!("../../core/data/catalogue.toml");

    /// What the file module answers for `text` (the same core reader).
    fn check_file(name: &str, text: &[u8], current: &Catalogue, stored: &[StoredCatalogue]) -> Checked {
        check_result(name, CheckedFile::of(text), current, stored)
    }

    #[test]
    fn a_good_file_previews_against_the_version_known_here() {
        let mut revised = SOURCE.replacen("version = \"2022-09-26.1\"", "version = \"2022-09-26.2\"", 1);
        revised = revised.replacen("value = 1\nunit = \"所\"", "value = 2\nunit = \"所\"", 1);
        let c = check_file("修订.toml", revised.as_bytes(), Catalogue::embedded(), &[]);
        let Checked::Ready { preview, draft, .. } = c else { panic!("refused: {c:?}") };
        assert!(draft.is_none());
        assert_eq!(preview.summary.indicators, 297);
        let (version, d) = preview.existing.as_ref().expect("same id as the embedded one");
        assert_eq!(version, "2022-09-26.1");
        assert_eq!(d.target_changes.len(), 1, "{d:?}");
        // A new id is new here.
        let other = SOURCE.replacen("id = \"lishu-2021-2025\"", "id = \"other-2021-2025\"", 1);
        let Checked::Ready { preview, .. } = check_file("x.toml", other.as_bytes(), Catalogue::embedded(), &[]) else {
            panic!("refused")
        };
        assert!(preview.existing.is_none());
    }

    #[test]
    fn a_bad_file_lists_every_problem_with_file_and_line() {
        let bad = SOURCE.replacen("midterm = 2023", "midterm = 2030", 1).replacen("region = \"梨树区\"", "region = \"\"", 1);
        let Checked::Refused { errors, .. } = check_file("坏.toml", bad.as_bytes(), Catalogue::embedded(), &[]) else {
            panic!("accepted")
        };
        assert!(errors.len() >= 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.starts_with("文件“坏.toml”：第 ")), "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("中期评估年 2030")));
    }

    #[test]
    fn drafts_preview_with_their_file_or_list_the_problems() {
        let text = include_str!("../../core/tests/fixtures/county-2026-2030-plan.txt");
        let req = DraftRequest { text: text.into(), options: DraftOptions { id: Some("qingshan-2026-2030".into()), version: None } };
        let c = draft_result("粘贴的规划文本", DraftOutcome::of(&req), Catalogue::embedded(), &[]);
        let Checked::Ready { preview, draft, .. } = c else { panic!("refused: {c:?}") };
        assert_eq!(preview.catalogue.region, "青山县");
        assert_eq!(preview.catalogue.period.midterm, 2028);
        assert!(preview.existing.is_none());
        assert!(!preview.reviews.is_empty(), "the draft marks what to review");
        assert!(draft.is_some_and(|t| t.contains("review = ")));
        let bad = DraftRequest { text: "随便写的文字".into(), options: DraftOptions::default() };
        let Checked::Refused { errors, .. } = draft_result("粘贴的规划文本", DraftOutcome::of(&bad), Catalogue::embedded(), &[]) else {
            panic!("accepted")
        };
        assert!(errors[0].starts_with("粘贴的规划文本：") && errors[0].contains("未找到规划标题"), "{errors:?}");
    }

    #[test]
    fn file_names_are_safe() {
        let mut c = Catalogue::embedded().clone();
        c.version = "2026/1 a".into();
        assert_eq!(catalogue_file_name(&c), "lishu-2021-2025-2026_1_a.toml");
    }
}
