//! 目标目录/数据填报: the plan → domain → goal → indicator tree with keyword search and filters, beside
//! the entry panel of the selected indicator.

use super::entry::IndicatorPanel;
use super::state::use_app;
use super::units::UnitCompletenessView;
use lishu_core::text::chinese_number;
use super::welcome::{use_welcome, WelcomeView};
#[cfg(test)]
use lishu_core::units::indicators_of_unit;
use leptos::prelude::*;
use lishu_core::catalogue::{Catalogue, IndicatorRef, Kind, Plan};
use lishu_core::{Dataset, Evaluation, Status};

/// Search and filters of the catalogue tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Keywords (space separated, all must match) over id, name, clause, line text, goal, domain, units.
    pub query: String,
    /// Lead or co-operating unit.
    pub unit: Option<String>,
    pub status: Option<Status>,
    pub kind: Option<Kind>,
    /// 缺数据: the assessed year or the base year not entered.
    pub needs_data: bool,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        *self != Filter::default()
    }
}

/// True when the indicator lacks data for the assessed year or the base year (`base`).
pub fn needs_data(ds: &Dataset, id: &str, year: u16, base: u16) -> bool {
    let filled = |y: u16| ds.entry(id, y).map(|e| !e.is_empty()).unwrap_or(false);
    !filled(year) || !filled(base)
}

/// The years a filter looks at: the assessed year and the catalogue's base year.
#[derive(Debug, Clone, Copy)]
pub struct Years {
    pub assessed: u16,
    pub base: u16,
}

/// Whether an indicator passes the filter (the unit mode is passed in as `filter.unit`).
pub fn matches(f: &Filter, r: &IndicatorRef<'_>, ds: &Dataset, eval: Option<&Evaluation>, years: Years) -> bool {
    let ind = r.indicator;
    if let Some(u) = &f.unit {
        if !ds.is_unit_indicator(ind, u) {
            return false;
        }
    }
    if let Some(k) = f.kind {
        if ind.kind != k {
            return false;
        }
    }
    if let Some(s) = f.status {
        let st = eval.and_then(|e| e.result(&ind.id)).map(|r| r.status);
        if st != Some(s) {
            return false;
        }
    }
    if f.needs_data && !needs_data(ds, &ind.id, years.assessed, years.base) {
        return false;
    }
    let q = f.query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    let hay = [
        ind.id.as_str(),
        ind.name.as_str(),
        ind.clause.as_str(),
        r.line.text.as_str(),
        r.goal.text.as_str(),
        r.domain.name.as_str(),
        ds.lead_unit(ind),
    ]
    .join(" ")
    .to_lowercase();
    let co = ds.co_units(ind).join(" ").to_lowercase();
    q.split_whitespace().all(|t| hay.contains(t) || co.contains(t))
}

/// A goal with its visible indicator ids.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalNode {
    pub id: String,
    pub indicators: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DomainNode {
    pub id: String,
    pub goals: Vec<GoalNode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanNode {
    pub plan: Plan,
    pub domains: Vec<DomainNode>,
}

/// The tree of indicators passing `keep`, empty goals/domains/plans left out.
pub fn visible_tree(cat: &Catalogue, keep: impl Fn(&IndicatorRef<'_>) -> bool) -> Vec<PlanNode> {
    let index = cat.index();
    let mut plans = Vec::new();
    for plan in Plan::ALL {
        let mut domains = Vec::new();
        for d in cat.domains_of(plan) {
            let mut goals = Vec::new();
            for g in cat.goals_of(&d.id) {
                let ids: Vec<String> = cat
                    .lines_of(&g.id)
                    .flat_map(|l| l.indicators.iter())
                    .filter(|i| index.get(i.id.as_str()).map(&keep).unwrap_or(false))
                    .map(|i| i.id.clone())
                    .collect();
                if !ids.is_empty() {
                    goals.push(GoalNode { id: g.id.clone(), indicators: ids });
                }
            }
            if !goals.is_empty() {
                domains.push(DomainNode { id: d.id.clone(), goals });
            }
        }
        if !domains.is_empty() {
            plans.push(PlanNode { plan, domains });
        }
    }
    plans
}

/// Number of indicators in a tree.
pub fn tree_len(t: &[PlanNode]) -> usize {
    t.iter().flat_map(|p| &p.domains).flat_map(|d| &d.goals).map(|g| g.indicators.len()).sum()
}

#[component]
pub fn Browse() -> impl IntoView {
    let app = use_app();
    let welcome = use_welcome();
    let filter = RwSignal::new(Filter::default());
    // The visible tree; recomputed only when the inputs it reads change, compared before re-rendering.
    let tree = Memo::new(move |_| {
        let mut f = filter.get();
        if let Some(u) = app.unit.get() {
            f.unit = Some(u);
        }
        let cat = app.cat;
        let years = Years { assessed: app.year.get(), base: cat.period.base };
        app.dataset.with(|ds| {
            if f.status.is_some() {
                app.evaluation.with(|ev| visible_tree(cat, |r| matches(&f, r, ds, Some(ev), years)))
            } else {
                visible_tree(cat, |r| matches(&f, r, ds, None, years))
            }
        })
    });
    view! {
        <div class="browse">
            <div class="browse-side">
                <FilterBar filter/>
                <p class="muted" data-testid="tree-count">
                    {move || format!("显示 {} 项指标", tree.with(|t| tree_len(t)))}
                </p>
                <nav class="catalogue" data-testid="catalogue" aria-label="目标目录">
                    {move || {
                        let active = filter.with(|f| f.is_active()) || app.unit.with(|u| u.is_some());
                        tree.get().into_iter().map(|p| view! { <PlanTree node=p open=active/> }).collect_view()
                    }}
                </nav>
            </div>
            <div class="browse-main">
                // The first screen (three doors) until a door is taken or an indicator picked.
                {move || (welcome.is_some_and(|w| w.shown(&app)) && app.selected.with(|s| s.is_none())).then(|| view! { <WelcomeView/> })}
                // Working order: the indicator's entry table first, the unit's overview and 报送审核 below it.
                {move || match app.selected.get() {
                    Some(id) => view! { <IndicatorPanel id/> }.into_any(),
                    None if welcome.is_some_and(|w| w.shown(&app)) => ().into_any(),
                    None => view! {
                        <section class="panel hint" data-testid="no-selection">
                            <h2>"数据填报"</h2>
                            <p>{format!("请在左侧目录中选择一项指标，填报 {} 年（基数）至 {} 年的数据。", app.cat.period.base, app.cat.period.last)}</p>
                            <p class="muted">"可按关键词（指标名称、目标原文、编号）搜索，或按责任单位、评估状态、目标类型、缺数据筛选。"</p>
                        </section>
                    }.into_any(),
                }}
                {move || app.unit.get().map(|u| view! { <UnitCompletenessView unit=u.clone()/><super::units::UnitSubmission unit=u/> })}
            </div>
        </div>
    }
}

#[component]
fn FilterBar(filter: RwSignal<Filter>) -> impl IntoView {
    let app = use_app();
    let cat = app.cat;
    let units = app.units;
    let kinds = [
        Kind::Min, Kind::Max, Kind::Approx, Kind::Relative, Kind::CountPerBody, Kind::Directional,
        Kind::Relational, Kind::Balance, Kind::Milestone, Kind::Points, Kind::PointsPerYear,
    ];
    view! {
        <div class="browse-filters" role="search">
            <label class="field">
                <span>"搜索"</span>
                <input type="search" data-testid="search" placeholder="指标名称、目标原文或编号"
                    prop:value=move || filter.with(|f| f.query.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); filter.update(|f| f.query = v) }/>
            </label>
            <label class="field" class:hidden=move || app.unit.with(|u| u.is_some())>
                <span>"责任单位"</span>
                <select data-testid="filter-unit" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    filter.update(|f| f.unit = if v.is_empty() { None } else { Some(v) });
                }>
                    <option value="">"全部单位"</option>
                    {move || units.get().into_iter().map(|u| {
                        // Untracked: the options are rebuilt when the unit list changes, not on every keystroke
                        // in the search field.
                        let sel = filter.with_untracked(|f| f.unit.as_deref() == Some(u.as_str()));
                        view! { <option value=u.clone() selected=sel>{u.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"评估状态"</span>
                <select data-testid="filter-status" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    filter.update(|f| f.status = Status::ALL.into_iter().find(|s| s.label() == v));
                }>
                    <option value="">"全部状态"</option>
                    {Status::ALL.into_iter().map(|s| view! { <option value=s.label()>{s.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"目标类型"</span>
                <select data-testid="filter-kind" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    filter.update(|f| f.kind = kinds.into_iter().find(|k| k.label() == v));
                }>
                    <option value="">"全部类型"</option>
                    {kinds.into_iter().map(|k| view! { <option value=k.label()>{k.label()}</option> }).collect_view()}
                </select>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="filter-needs-data"
                    prop:checked=move || filter.with(|f| f.needs_data)
                    on:change=move |ev| { let c = event_target_checked(&ev); filter.update(|f| f.needs_data = c) }/>
                <span>{move || format!("缺数据（{} 年或 {} 年基数未填）", app.year.get(), cat.period.base)}</span>
            </label>
        </div>
    }
}

#[component]
fn PlanTree(node: PlanNode, open: bool) -> impl IntoView {
    let app = use_app();
    let letter = node.plan.letter();
    view! {
        <section class="plan" data-testid=format!("plan-{letter}")>
            <h2>{app.cat.plan_title(node.plan).to_string()}</h2>
            {node.domains.into_iter().map(|d| view! { <DomainTree node=d open/> }).collect_view()}
        </section>
    }
}

/// The domain id of an indicator id (`W1-4-2` → `W1`).
pub fn domain_of(indicator_id: &str) -> &str {
    indicator_id.split('-').next().unwrap_or(indicator_id)
}

/// One domain as a `<details>`. Its goals and indicators are built only once it is first opened (or
/// holds the selected indicator): the whole tree is ~400 components, most never looked at, and building
/// them all made opening the app noticeably slower.
#[component]
fn DomainTree(node: DomainNode, open: bool) -> impl IntoView {
    let app = use_app();
    let dom = app.cat.domain(&node.id).cloned();
    let title = dom.map(|x| format!("（{}）{}", chinese_number(x.number as usize), x.name)).unwrap_or_else(|| node.id.clone());
    let id = node.id.clone();
    let holds_selected = move || app.selected.with(|s| s.as_deref().map(domain_of) == Some(id.as_str()));
    let open = open || holds_selected();
    let built = RwSignal::new(open);
    let goals = StoredValue::new(node.goals);
    view! {
        <details class="domain" data-testid=format!("domain-{}", node.id) open=open
            on:toggle=move |ev| {
                let opened = ev.target().and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok()).and_then(|v| v.as_bool());
                if opened == Some(true) && !built.get_untracked() {
                    built.set(true);
                }
            }>
            <summary data-testid=format!("toggle-domain-{}", node.id)>{title}</summary>
            {move || built.get().then(|| goals.with_value(|g| g.iter().cloned().map(|g| view! { <GoalTree node=g/> }).collect_view()))}
        </details>
    }
}

#[component]
fn GoalTree(node: GoalNode) -> impl IntoView {
    let cat = use_app().cat;
    let goal = cat.goal(&node.id).cloned();
    let title = goal.map(|g| format!("{}. {}", g.number, g.text)).unwrap_or_else(|| node.id.clone());
    view! {
        <div class="goal" data-testid=format!("goal-{}", node.id)>
            <h3>{title}</h3>
            <ul>
                {node.indicators.into_iter().map(|id| view! { <IndicatorItem id/> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn IndicatorItem(id: String) -> impl IntoView {
    let app = use_app();
    let name = app.cat.indicator(&id).map(|r| r.indicator.name.clone()).unwrap_or_default();
    let id2 = id.clone();
    let status = Memo::new(move |_| {
        app.evaluation.with(|e| e.result(&id2).map(|r| r.status).unwrap_or(Status::NoData))
    });
    let id3 = id.clone();
    let selected = move || app.selected.with(|s| s.as_deref() == Some(id3.as_str()));
    let id4 = id.clone();
    view! {
        <li>
            <button type="button" class="ind" class:selected=selected.clone()
                aria-current=move || if selected() { Some("true") } else { None }
                data-testid=format!("indicator-{id}")
                on:click=move |_| {
                    app.selected.set(Some(id4.clone()));
                    focus_panel();
                }>
                <span class="dot" style:background-color=move || status.get().color() aria-hidden="true"></span>
                <span class="ind-id">{id.clone()}</span>
                <span class="ind-name">{name}</span>
                <span class="sr-only">{move || format!("，{}", status.get().label())}</span>
            </button>
        </li>
    }
}

/// Moves keyboard focus to the entry panel's title once it is rendered, so Tab continues into the form
/// and screen readers announce the chosen indicator.
fn focus_panel() {
    set_timeout(
        || {
            use wasm_bindgen::JsCast;
            if let Some(el) = document().get_element_by_id("panel-title") {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        },
        std::time::Duration::from_millis(0),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use lishu_core::YearEntry;

    const Y2023: Years = Years { assessed: 2023, base: 2020 };

    #[test]
    fn search_and_filters() {
        let cat = lishu_core::Catalogue::embedded();
        let ds = Dataset::default();
        let all = visible_tree(cat, |_| true);
        assert_eq!(tree_len(&all), cat.indicators().len());
        assert_eq!(all.len(), 2);
        let f = Filter { query: "孕产妇死亡率".into(), ..Default::default() };
        let t = visible_tree(cat, |r| matches(&f, r, &ds, None, Y2023));
        assert!(tree_len(&t) >= 1 && tree_len(&t) < 10, "{t:?}");
        assert!(t.iter().all(|p| p.plan == Plan::Women || tree_len(&t) > 0));
        // by id
        let f = Filter { query: "w1-4-2".into(), ..Default::default() };
        let t = visible_tree(cat, |r| matches(&f, r, &ds, None, Y2023));
        assert!(t[0].domains[0].goals[0].indicators.iter().any(|i| i.starts_with("W1-4-2")));
        // nothing matches
        let f = Filter { query: "不存在的词语xyz".into(), ..Default::default() };
        assert!(visible_tree(cat, |r| matches(&f, r, &ds, None, Y2023)).is_empty());
        // kind
        let f = Filter { kind: Some(Kind::Milestone), ..Default::default() };
        let n = tree_len(&visible_tree(cat, |r| matches(&f, r, &ds, None, Y2023)));
        assert_eq!(n, cat.indicators().iter().filter(|r| r.indicator.kind == Kind::Milestone).count());
    }

    #[test]
    fn needs_data_and_unit() {
        let cat = lishu_core::Catalogue::embedded();
        let mut ds = Dataset::default();
        let r = cat.indicators()[0];
        let id = r.indicator.id.clone();
        assert!(needs_data(&ds, &id, 2023, 2020));
        ds.set_entry(&id, 2020, YearEntry { value: "1".into(), ..Default::default() });
        ds.set_entry(&id, 2023, YearEntry { value: "2".into(), ..Default::default() });
        assert!(!needs_data(&ds, &id, 2023, 2020));
        assert!(needs_data(&ds, &id, 2024, 2020));
        let f = Filter { needs_data: true, ..Default::default() };
        let n = tree_len(&visible_tree(cat, |x| matches(&f, x, &ds, None, Y2023)));
        assert_eq!(n, cat.indicators().len() - 1);
        let unit = r.indicator.lead_unit.clone();
        let f = Filter { unit: Some(unit.clone()), ..Default::default() };
        let n = tree_len(&visible_tree(cat, |x| matches(&f, x, &ds, None, Y2023)));
        assert_eq!(n, indicators_of_unit(&ds, cat, &unit).len());
        assert!(n > 0);
    }

    #[test]
    fn domain_of_indicator() {
        assert_eq!(domain_of("W1-4-2"), "W1");
        assert_eq!(domain_of("C7-1-1a"), "C7");
        for r in lishu_core::Catalogue::embedded().indicators() {
            assert_eq!(domain_of(&r.indicator.id), r.domain.id, "{}", r.indicator.id);
        }
    }
}
