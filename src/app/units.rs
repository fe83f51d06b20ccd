//! 责任单位: the editable unit list, lead/co-operating assignment per indicator, and a unit's completeness.

use super::state::{catalogue, now, use_app};
use leptos::prelude::*;
use lishu_core::catalogue::Catalogue;
use lishu_core::dataset::{UnitRole, YEARS};
use lishu_core::Dataset;

/// Ids of the indicators a unit leads or co-operates on ([`Dataset::is_unit_indicator`]), in catalogue order.
pub fn indicators_of_unit(ds: &Dataset, cat: &Catalogue, unit: &str) -> Vec<String> {
    cat.indicators()
        .into_iter()
        .filter(|r| ds.is_unit_indicator(r.indicator, unit))
        .map(|r| r.indicator.id.clone())
        .collect()
}

/// One indicator of a unit: its role and which years hold data.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletenessRow {
    pub id: String,
    pub name: String,
    pub role: UnitRole,
    pub filled: [bool; 6],
}

/// A unit's completeness: each of its indicators × 2020–2025.
pub fn unit_completeness(ds: &Dataset, cat: &Catalogue, unit: &str) -> Vec<CompletenessRow> {
    cat.indicators()
        .into_iter()
        .filter_map(|r| {
            let role = ds.unit_role(r.indicator, unit)?;
            let mut filled = [false; 6];
            for (i, y) in YEARS.iter().enumerate() {
                filled[i] = ds.entry(&r.indicator.id, *y).map(|e| !e.is_empty()).unwrap_or(false);
            }
            Some(CompletenessRow { id: r.indicator.id.clone(), name: r.indicator.name.clone(), role, filled })
        })
        .collect()
}

/// Makes the unit list explicit (the catalogue's list until the user first edits it).
fn materialize(ds: &mut Dataset, cat: &Catalogue) {
    if ds.units.is_empty() {
        ds.units = cat.units();
    }
}

/// Adds a unit; errors in Chinese for empty or duplicate names.
pub fn add_unit(ds: &mut Dataset, cat: &Catalogue, name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("单位名称不能为空".into());
    }
    materialize(ds, cat);
    if ds.units.iter().any(|u| u == name) {
        return Err(format!("单位“{name}”已在列表中"));
    }
    ds.units.push(name.to_string());
    Ok(())
}

/// Renames a unit everywhere it is assigned (lead and co-operating), keeping list order.
pub fn rename_unit(ds: &mut Dataset, cat: &Catalogue, old: &str, new: &str) -> Result<usize, String> {
    let new = new.trim();
    if new.is_empty() {
        return Err("新名称不能为空".into());
    }
    materialize(ds, cat);
    if new != old && ds.units.iter().any(|u| u == new) {
        return Err(format!("单位“{new}”已在列表中"));
    }
    let mut changed = 0;
    for r in cat.indicators() {
        let ind = r.indicator;
        let lead_is_old = ds.lead_unit(ind) == old;
        let co: Vec<String> = ds.co_units(ind).to_vec();
        let co_has_old = co.iter().any(|c| c == old);
        if !lead_is_old && !co_has_old {
            continue;
        }
        changed += 1;
        let s = ds.settings.entry(ind.id.clone()).or_default();
        if lead_is_old {
            s.lead_unit = Some(new.to_string());
        }
        if co_has_old {
            s.co_units = Some(co.into_iter().map(|c| if c == old { new.to_string() } else { c }).collect());
        }
    }
    for u in ds.units.iter_mut() {
        if u == old {
            *u = new.to_string();
        }
    }
    Ok(changed)
}

/// Removes a unit that no indicator is assigned to.
pub fn remove_unit(ds: &mut Dataset, cat: &Catalogue, name: &str) -> Result<(), String> {
    let n = indicators_of_unit(ds, cat, name).len();
    if n > 0 {
        return Err(format!("“{name}”仍负责 {n} 项指标，请先把这些指标分配给其他单位"));
    }
    materialize(ds, cat);
    ds.units.retain(|u| u != name);
    Ok(())
}

/// Sets the lead unit of an indicator (back to the catalogue default clears the override).
pub fn set_lead(ds: &mut Dataset, cat: &Catalogue, id: &str, unit: &str) {
    let Some(r) = cat.indicator(id) else { return };
    let s = ds.settings.entry(id.to_string()).or_default();
    s.lead_unit = if unit == r.indicator.lead_unit { None } else { Some(unit.to_string()) };
    cleanup(ds, id);
}

/// Adds or removes a co-operating unit of an indicator.
pub fn toggle_co(ds: &mut Dataset, cat: &Catalogue, id: &str, unit: &str, on: bool) {
    let Some(r) = cat.indicator(id) else { return };
    let mut co: Vec<String> = ds.co_units(r.indicator).to_vec();
    co.retain(|c| c != unit);
    if on {
        co.push(unit.to_string());
    }
    let s = ds.settings.entry(id.to_string()).or_default();
    s.co_units = if co == r.indicator.co_units { None } else { Some(co) };
    cleanup(ds, id);
}

fn cleanup(ds: &mut Dataset, id: &str) {
    if ds.settings.get(id).map(|s| *s == Default::default()).unwrap_or(false) {
        ds.settings.remove(id);
    }
}

/// Completeness of the unit in unit mode (which indicators and years are filled).
#[component]
pub fn UnitCompletenessView(unit: String) -> impl IntoView {
    let app = use_app();
    let u = unit.clone();
    let rows = Memo::new(move |_| app.dataset.with(|d| unit_completeness(d, catalogue(), &u)));
    view! {
        <details class="completeness" data-testid="unit-completeness">
            <summary>{move || {
                let (f, t) = rows.with(|r| (r.iter().map(|x| x.filled.iter().filter(|b| **b).count()).sum::<usize>(), r.len() * 6));
                format!("{unit} 填报完成情况：{} 项指标，已填 {f} / {t} 个年度数据", rows.with(|r| r.len()))
            }}</summary>
            <table class="grid small">
                <thead><tr><th scope="col">"指标"</th><th scope="col">"角色"</th>
                    {YEARS.iter().map(|y| view! { <th scope="col">{y.to_string()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        let id = r.id.clone();
                        view! {
                            <tr>
                                <th scope="row"><button type="button" class="link" on:click=move |_| app.selected.set(Some(id.clone()))>
                                    {format!("{} {}", r.id, r.name)}</button></th>
                                <td>{r.role.label()}</td>
                                {r.filled.iter().map(|f| if *f {
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

/// Lead unit select and co-operating unit checkboxes of one indicator.
#[component]
pub fn UnitAssign(id: String) -> impl IntoView {
    let app = use_app();
    let units = Memo::new(move |_| app.dataset.with(|d| d.unit_list(catalogue())));
    let id_l = id.clone();
    let lead = Memo::new(move |_| {
        let cat = catalogue();
        app.dataset.with(|d| cat.indicator(&id_l).map(|r| d.lead_unit(r.indicator).to_string()).unwrap_or_default())
    });
    let id_c = id.clone();
    let co = Memo::new(move |_| {
        let cat = catalogue();
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
                app.edit(&format!("lead|{id}|{}", now()), &format!("修改 {id} 牵头单位"), |d| set_lead(d, catalogue(), &id, &v));
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
                                    app.edit(&format!("co|{id}|{}", now()), &format!("修改 {id} 配合单位"), |d| toggle_co(d, catalogue(), &id, &u, on));
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
    let units = Memo::new(move |_| app.dataset.with(|d| d.unit_list(catalogue())));
    let new_name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let add = move || {
        let name = new_name.get_untracked();
        let mut ds = app.dataset.get_untracked();
        match add_unit(&mut ds, catalogue(), &name) {
            Ok(()) => {
                app.edit(&format!("unit-add|{}", now()), &format!("添加单位“{}”", name.trim()), |d| *d = ds);
                new_name.set(String::new());
                message.set(None);
            }
            Err(e) => message.set(Some(e)),
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
    let stats = Memo::new(move |_| {
        let u = name.get_value();
        app.dataset.with(|d| {
            let rows = unit_completeness(d, catalogue(), &u);
            let lead = rows.iter().filter(|r| r.role == UnitRole::Lead).count();
            let filled: usize = rows.iter().map(|r| r.filled.iter().filter(|b| **b).count()).sum();
            (lead, rows.len() - lead, filled, rows.len() * 6)
        })
    });
    let editing = RwSignal::new(None::<String>);
    let rename = move || {
        let Some(new) = editing.get_untracked() else { return };
        let old = name.get_value();
        let mut ds = app.dataset.get_untracked();
        match rename_unit(&mut ds, catalogue(), &old, &new) {
            Ok(_) => {
                app.edit(&format!("unit-ren|{}", now()), &format!("单位“{old}”改名为“{}”", new.trim()), |d| *d = ds);
                editing.set(None);
                message.set(None);
            }
            Err(e) => message.set(Some(e)),
        }
    };
    let remove = move |_| {
        let u = name.get_value();
        let mut ds = app.dataset.get_untracked();
        match remove_unit(&mut ds, catalogue(), &u) {
            Ok(()) => {
                app.edit(&format!("unit-del|{}", now()), &format!("删除单位“{u}”"), |d| *d = ds);
                message.set(None);
            }
            Err(e) => message.set(Some(e)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use lishu_core::YearEntry;

    fn some_unit(cat: &Catalogue) -> (String, String) {
        let r = cat.indicators().into_iter().find(|r| !r.indicator.lead_unit.is_empty()).expect("a lead unit");
        (r.indicator.id.clone(), r.indicator.lead_unit.clone())
    }

    #[test]
    fn rename_moves_assignments() {
        let cat = catalogue();
        let mut ds = Dataset::default();
        let (_, unit) = some_unit(cat);
        let before = indicators_of_unit(&ds, cat, &unit);
        assert!(!before.is_empty());
        assert!(rename_unit(&mut ds, cat, &unit, "新单位").unwrap() >= before.len());
        assert_eq!(indicators_of_unit(&ds, cat, "新单位"), before);
        assert!(indicators_of_unit(&ds, cat, &unit).is_empty());
        assert!(ds.units.contains(&"新单位".to_string()) && !ds.units.contains(&unit));
        assert!(remove_unit(&mut ds, cat, "新单位").unwrap_err().contains("仍负责"));
        assert!(add_unit(&mut ds, cat, "新单位").is_err());
        add_unit(&mut ds, cat, "区档案馆").unwrap();
        remove_unit(&mut ds, cat, "区档案馆").unwrap();
        assert!(!ds.units.contains(&"区档案馆".to_string()));
        assert!(add_unit(&mut ds, cat, "  ").is_err());
    }

    #[test]
    fn assignment_and_completeness() {
        let cat = catalogue();
        let mut ds = Dataset::default();
        let (id, unit) = some_unit(cat);
        set_lead(&mut ds, cat, &id, "区档案馆");
        assert!(!indicators_of_unit(&ds, cat, &unit).contains(&id));
        set_lead(&mut ds, cat, &id, &unit);
        assert!(!ds.settings.contains_key(&id), "back to default clears the override");
        toggle_co(&mut ds, cat, &id, "区档案馆", true);
        let rows = unit_completeness(&ds, cat, "区档案馆");
        assert_eq!(rows.len(), 1);
        assert!(rows[0].role == UnitRole::CoOperating && rows[0].filled == [false; 6]);
        ds.set_entry(&id, 2022, YearEntry { value: "1".into(), ..Default::default() });
        assert_eq!(unit_completeness(&ds, cat, "区档案馆")[0].filled, [false, false, true, false, false, false]);
        toggle_co(&mut ds, cat, &id, "区档案馆", false);
        assert!(unit_completeness(&ds, cat, "区档案馆").is_empty());
    }
}
