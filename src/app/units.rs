//! 责任单位: the editable unit list, lead/co-operating assignment per indicator, and a unit's completeness.

use super::state::use_app;
use leptos::prelude::*;
use lishu_core::dataset::UnitRole;
use lishu_core::completeness::of_unit;
use lishu_core::edit::Edit;

/// Completeness of the unit in unit mode (which indicators and years are filled).
#[component]
pub fn UnitCompletenessView(unit: String) -> impl IntoView {
    let app = use_app();
    let u = unit.clone();
    let cat = app.cat;
    let rows = Memo::new(move |_| app.dataset.with(|d| of_unit(d, cat, &u)));
    view! {
        <details class="completeness" data-testid="unit-completeness">
            <summary>{move || {
                let (f, t) = rows.with(|r| (r.iter().map(|x| x.reported()).sum::<usize>(), r.len() * cat.period.len()));
                format!("{unit} 填报完成情况：{} 项指标，已填 {f} / {t} 个年度数据", rows.with(|r| r.len()))
            }}</summary>
            <table class="grid small">
                <thead><tr><th scope="col">"指标"</th><th scope="col">"角色"</th>
                    {cat.period.years().map(|y| view! { <th scope="col">{y.to_string()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        let id = r.id.clone();
                        view! {
                            <tr>
                                <th scope="row"><button type="button" class="link" on:click=move |_| app.selected.set(Some(id.clone()))>
                                    {format!("{} {}", r.id, r.name)}</button></th>
                                <td>{r.role.map_or("", |x| x.label())}</td>
                                {r.years.iter().map(|c| if c.reported {
                                    view! { <td class="ok">"✓"<span class="sr-only">"已填"</span></td> }.into_any()
                                } else {
                                    view! { <td class="missing">"–"<span class="sr-only">"未填"</span></td> }.into_any()
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// The unit's reporting state per year, with 提交 for the years it may submit (unit mode). A returned year
/// shows the office's reason.
#[component]
pub fn UnitSubmission(unit: String) -> impl IntoView {
    use lishu_core::review::{review_of, state_label, year_fill, ReviewState};
    let app = use_app();
    let cat = app.cat;
    let name = StoredValue::new(unit);
    let states = Memo::new(move |_| {
        let u = name.get_value();
        app.dataset.with(|d| cat.period.years().map(|y| (y, review_of(d, &u, y).cloned())).collect::<Vec<_>>())
    });
    // The year whose 提交 waits for the confirmation below the table.
    let pending = RwSignal::new(None::<u16>);
    view! {
        <section class="panel submission" data-testid="unit-submission">
            <h3>{move || format!("{} 报送审核", name.get_value())}</h3>
            <p class="muted small">"填好某一年的数据后点“提交”，核对已填和未填的指标后确认，由妇儿工委办审核；审核通过后本单位填报的数值锁定（空白的指标不锁定）。尚未审核的提交可以“撤回”；修改已提交年份的数据会先请您确认，确认后该年回到“填报中”，需重新提交。被退回的年份修改后可再次提交。导出本单位数据文件时附带报送状态。"</p>
            <table class="grid small">
                <thead><tr><th scope="col">"年份"</th><th scope="col">"状态"</th><th scope="col">"说明"</th><th scope="col">"操作"</th></tr></thead>
                <tbody>
                    {move || states.get().into_iter().map(|(y, r)| {
                        let state = r.as_ref().map(|r| r.state);
                        let can = !matches!(state, Some(ReviewState::Submitted | ReviewState::Accepted));
                        let submitted = state == Some(ReviewState::Submitted);
                        let note = match &r {
                            Some(r) if r.state == ReviewState::Returned => format!("退回理由：{}", r.reason),
                            Some(r) => format!("{}（{}）", r.by, lishu_core::io::time::short_time(&r.at)),
                            None => String::new(),
                        };
                        view! {
                            <tr data-testid=format!("submission-{y}")>
                                <th scope="row">{format!("{y} 年")}</th>
                                <td data-testid=format!("submission-state-{y}")>{state_label(r.as_ref())}</td>
                                <td>{note}</td>
                                <td>
                                    {can.then(|| view! {
                                        <button type="button" data-testid=format!("submit-{y}") on:click=move |_| pending.set(Some(y))>"提交"</button>
                                    })}
                                    {submitted.then(|| view! {
                                        <button type="button" data-testid=format!("withdraw-{y}") on:click=move |_| {
                                            let _ = app.dispatch(Edit::Withdraw { unit: name.get_value(), year: y });
                                        }>"撤回"</button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || pending.get().map(|y| {
                let fill = app.dataset.with(|d| year_fill(d, cat, &name.get_value(), y));
                let empty = fill.filled.is_empty();
                let missing: Vec<String> = fill.missing.iter().map(|(id, role)| format!("{}（{}）", cat.indicator_label(id), role.label())).collect();
                view! {
                    <div class="confirm-panel" role="group" aria-labelledby="submit-confirm-title" data-testid="submit-confirm">
                        <p id="submit-confirm-title"><strong>{format!("提交 {} {y} 年数据：{}", name.get_value(), fill.line())}</strong></p>
                        {(!missing.is_empty()).then(|| view! {
                            <details>
                                <summary>{format!("未填的 {} 项指标", missing.len())}</summary>
                                <ul class="small">{missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                            </details>
                        })}
                        {if empty {
                            view! { <p class="error" role="alert">"本年度还没有填写任何数据，不能提交。"</p> }.into_any()
                        } else {
                            view! { <p>"提交后由妇儿工委办审核；审核前可以撤回。确定提交吗？"</p> }.into_any()
                        }}
                        <div class="row">
                            <button type="button" data-testid="submit-confirm-yes" disabled=empty on:click=move |_| {
                                if app.dispatch_then(Edit::Submit { unit: name.get_value(), year: y }, crate::app::help::after_submit()).is_ok() {
                                    pending.set(None);
                                }
                            }>"确认提交"</button>
                            <button type="button" data-testid="submit-confirm-no" on:click=move |_| pending.set(None)>"取消"</button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

/// Lead unit select and co-operating unit checkboxes of one indicator.
#[component]
pub fn UnitAssign(id: String) -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let units = app.units;
    let id_l = id.clone();
    let lead = Memo::new(move |_| {
        app.dataset.with(|d| cat.indicator(&id_l).map(|r| d.lead_unit(r.indicator).to_string()).unwrap_or_default())
    });
    let id_c = id.clone();
    let co = Memo::new(move |_| {
        app.dataset.with(|d| cat.indicator(&id_c).map(|r| d.co_units(r.indicator).to_vec()).unwrap_or_default())
    });
    let id_sel = id.clone();
    let lead_id = format!("lead-{id}");
    view! {
        <div class="assign">
            <label for=lead_id.clone()>"牵头单位"</label>
            <select id=lead_id data-testid=format!("lead-{id}") prop:value=move || lead.get() on:change=move |ev| {
                let v = event_target_value(&ev);
                let id = id_sel.clone();
                let _ = app.dispatch(Edit::Lead { indicator: id, unit: v });
            }>
                <option value="" selected=move || lead.with(|l| l.is_empty())>"（未指定）"</option>
                {move || {
                    let mut list = units.get();
                    let l = lead.get();
                    if !l.is_empty() && !list.contains(&l) { list.push(l.clone()); }
                    list.into_iter().map(|u| {
                        let sel = u == l;
                        view! { <option value=u.clone() selected=sel>{u.clone()}</option> }
                    }).collect_view()
                }}
            </select>
            <details class="co">
                <summary>{move || format!("配合单位（{}）：{}", co.with(|c| c.len()), co.with(|c| c.join("、")))}</summary>
                <fieldset>
                    <legend class="sr-only">"配合单位"</legend>
                    {move || units.get().into_iter().map(|u| {
                        let id = id.clone();
                        let checked = co.with(|c| c.contains(&u));
                        let u2 = u.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let id = id.clone();
                                    let u = u2.clone();
                                    let _ = app.dispatch(Edit::CoUnit { indicator: id, unit: u, on });
                                }/>
                                <span>{u.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </details>
        </div>
    }
}

/// The editable unit list with each unit's share of indicators.
#[component]
pub fn UnitsEditor() -> impl IntoView {
    let app = use_app();
    let units = app.units;
    let new_name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let add = move || {
        let name = new_name.get_untracked();
        match app.try_dispatch(Edit::AddUnit { name }) {
            Ok(_) => {
                new_name.set(String::new());
                message.set(None);
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="panel" data-testid="units">
            <h2>"责任单位"</h2>
            <p class="muted">"单位列表默认取自目标目录。可添加、改名或删除；改名会同步到所有已分配的指标。"</p>
            <table class="grid">
                <thead><tr><th scope="col">"单位"</th><th scope="col">"牵头/配合指标"</th><th scope="col">"已填年度数据"</th><th scope="col">"操作"</th></tr></thead>
                <tbody>
                    {move || units.get().into_iter().map(|u| view! { <UnitRow unit=u message/> }).collect_view()}
                </tbody>
            </table>
            <div class="row">
                <label class="field"><span>"新单位名称"</span>
                    <input type="text" data-testid="unit-new" prop:value=move || new_name.get()
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { add() }/>
                </label>
                <button type="button" on:click=move |_| add()>"添加单位"</button>
            </div>
            {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        </section>
    }
}

#[component]
fn UnitRow(unit: String, message: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let name = StoredValue::new(unit);
    let cat = app.cat;
    let stats = Memo::new(move |_| {
        let u = name.get_value();
        app.dataset.with(|d| {
            let rows = of_unit(d, cat, &u);
            let lead = rows.iter().filter(|r| r.role == Some(UnitRole::Lead)).count();
            let filled: usize = rows.iter().map(|r| r.reported()).sum();
            (lead, rows.len() - lead, filled, rows.len() * cat.period.len())
        })
    });
    let editing = RwSignal::new(None::<String>);
    let rename = move || {
        let Some(new) = editing.get_untracked() else { return };
        let old = name.get_value();
        match app.try_dispatch(Edit::RenameUnit { old, new }) {
            Ok(_) => {
                editing.set(None);
                message.set(None);
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    let remove = move |_| {
        match app.try_dispatch(Edit::RemoveUnit { name: name.get_value() }) {
            Ok(_) => message.set(None),
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    view! {
        <tr>
            <th scope="row">
                {move || match editing.get() {
                    Some(t) => view! {
                        <input type="text" aria-label=format!("“{}”的新名称", name.get_value()) prop:value=t
                            on:input=move |ev| editing.set(Some(event_target_value(&ev)))
                            on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { rename() }/>
                    }.into_any(),
                    None => view! { <span>{name.get_value()}</span> }.into_any(),
                }}
            </th>
            <td>{move || { let (l, c, _, _) = stats.get(); format!("牵头 {l} / 配合 {c}") }}</td>
            <td>{move || { let (_, _, f, t) = stats.get(); format!("{f} / {t}") }}</td>
            <td class="actions">
                {move || if editing.with(|e| e.is_some()) {
                    view! {
                        <button type="button" on:click=move |_| rename()>"保存名称"</button>
                        <button type="button" on:click=move |_| editing.set(None)>"取消"</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" on:click=move |_| editing.set(Some(name.get_value()))>"改名"</button>
                        <button type="button" on:click=remove>"删除"</button>
                        <button type="button" on:click=move |_| { app.unit.set(Some(name.get_value())); app.tab.set(super::state::Tab::Browse); }>"进入单位模式"</button>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}
