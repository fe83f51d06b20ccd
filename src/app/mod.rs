//! The Leptos UI: a thin layer over `lishu_core`. `App` loads the stored data, provides the state and
//! the storage session as context and lays out header, messages and tabs.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub mod browse;
pub mod catalogues;
pub mod chart;
pub mod clock;
pub mod dashboard;
pub mod data_page;
pub mod entry;
pub mod files;
pub mod help;
pub mod period;
pub mod report;
pub mod session;
pub mod settings;
pub mod sharing;
pub mod state;
pub mod units;
pub mod welcome;

use session::{open, Session};
use crate::storage::{Level, Notice, MAX_NOTICES};
use lishu_core::Dataset;
use state::{now, AppState, Tab};

#[component]
pub fn App() -> impl IntoView {
    let opened = open();
    crate::perf::mark("lishu-opened");
    let cat = opened.catalogue;
    // The page title names the plans in use (the static HTML has only the generic name).
    document().set_title(&cat.app_title());
    let year = opened.prefs.year.filter(|y| cat.period.contains(*y)).unwrap_or_else(|| cat.period.default_year(&now()));
    let state = AppState::new(cat, opened.startup.dataset.clone(), year);
    state.unit.set(opened.prefs.unit.clone().filter(|u| state.units.with_untracked(|v| v.contains(u))));
    state.notices.set(opened.startup.notices.clone());
    provide_context(state);
    welcome::Welcome::provide(&state);
    let session = Session::attach(state, &opened);
    provide_context(session);
    crate::perf::mark("lishu-state");

    view! {
        <div class="app" data-testid="app">
            <AppHeader/>
            // Landmarks (checked by axe-core in tests/e2e_browsers.rs): the header is the banner; messages,
            // the tabs (a <nav> holding the tab list) and the tab panel are all inside <main>.
            <main class="app-main">
                <Notices/>
                <ConflictBanner/>
                <DemoBanner/>
                <Tabs/>
                <div id=PANEL_ID class="content" role="tabpanel" aria-labelledby=move || state.tab.get().dom_id()>
                    {move || (state.tab.get() != Tab::Help).then(|| view! { <help::HelpLink tab=state.tab.get()/> })}
                    {move || match state.tab.get() {
                        Tab::Browse => view! { <browse::Browse/> }.into_any(),
                        Tab::Dashboard => view! { <dashboard::Dashboard/> }.into_any(),
                        Tab::Report => view! { <report::ReportView/> }.into_any(),
                        Tab::Sharing => view! { <sharing::Sharing/> }.into_any(),
                        Tab::Settings => view! { <settings::Settings/> }.into_any(),
                        Tab::Data => view! { <data_page::DataPage/> }.into_any(),
                        Tab::Help => view! { <help::HelpPage/> }.into_any(),
                    }}
                </div>
            </main>
        </div>
    }
}

#[component]
fn AppHeader() -> impl IntoView {
    let app = state::use_app();
    let cat = app.cat;
    let units = app.units;
    let (year0, unit0) = (app.year.get_untracked(), app.unit.get_untracked());
    view! {
        <header class="app-header">
            <h1>{cat.app_title()}</h1>
            <div class="header-controls">
                <label class="field inline">
                    <span>"评估年份"</span>
                    // Plain options (the one chosen at start marked); the select's value follows the year.
                    <select data-testid="year" prop:value=move || app.year.get().to_string() on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).parse::<u16>() { app.year.set(y) }
                    }>
                        {cat.period.years().map(|y| {
                            view! { <option value=y.to_string() selected=y == year0>{format!("{y} 年")}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field inline">
                    <span>"单位模式"</span>
                    // The options are rebuilt only when the unit list changes (each marked as chosen or not
                    // then); the select's value follows the unit mode.
                    <select data-testid="unit-mode" prop:value=move || app.unit.get().unwrap_or_default() on:change=move |ev| {
                        let v = event_target_value(&ev);
                        app.unit.set(if v.is_empty() { None } else { Some(v) });
                    }>
                        <option value="" selected=unit0.is_none()>"全部指标（区妇儿工委办）"</option>
                        {move || units.get().into_iter().map(|u| {
                            let sel = app.unit.with_untracked(|x| x.as_deref() == Some(u.as_str()));
                            view! { <option value=u.clone() selected=sel>{u.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" data-testid="header-undo" disabled=move || app.history.with(|h| !h.can_undo())
                    title=move || app.history.with(|h| h.undo_label().map(|l| format!("撤销：{l}")).unwrap_or_default())
                    on:click=move |_| app.undo()>"撤销"</button>
                <data_page::SaveLine/>
                <data_page::BackupHint/>
            </div>
        </header>
    }
}

/// Id of the tab panel (inside `<main>`) every tab controls.
const PANEL_ID: &str = "main";

/// The main tabs, keyboard-operable as in the WAI-ARIA tabs pattern: only the active tab is in the Tab
/// order (roving tabindex); ArrowLeft/ArrowRight/Home/End on a tab activate and focus another ([`Tab::step`]).
#[component]
fn Tabs() -> impl IntoView {
    let app = state::use_app();
    let on_key = move |t: Tab, ev: web_sys::KeyboardEvent| {
        let Some(next) = t.step(&ev.key()) else { return };
        ev.prevent_default();
        app.tab.set(next);
        // The sibling button of `next`, within this tab list (not by document id: tests mount several apps).
        let button = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.parent_element())
            .and_then(|list| list.query_selector(&format!("#{}", next.dom_id())).ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(b) = button {
            let _ = b.focus();
        }
    };
    view! {
        <nav class="tabs" aria-label="功能">
            <div class="tab-list" role="tablist" aria-label="功能">
            {Tab::ALL.into_iter().map(|t| view! {
                <button type="button" role="tab" id=t.dom_id() data-testid=format!("tab-{}", t.key())
                    aria-controls=PANEL_ID
                    aria-selected=move || if app.tab.get() == t { "true" } else { "false" }
                    tabindex=move || if app.tab.get() == t { "0" } else { "-1" }
                    class:active=move || app.tab.get() == t
                    on:click=move |_| app.tab.set(t)
                    on:keydown=move |ev| on_key(t, ev)>{t.label()}</button>
            }).collect_view()}
            </div>
        </nav>
    }
}

#[component]
fn Notices() -> impl IntoView {
    let app = state::use_app();
    view! {
        <div class="notices" data-testid="notices" aria-live="polite">
            // Newest first, one per kind, at most MAX_NOTICES (see `Notice::add_to`).
            {move || app.notices.get().into_iter().take(MAX_NOTICES).enumerate().map(|(i, n)| {
                let class = match n.level { Level::Info => "notice info", Level::Warn => "notice warn", Level::Error => "notice error" };
                let role = if n.level == Level::Error { "alert" } else { "status" };
                view! {
                    <div class=class role=role data-testid="notice">
                        <span>{n.text.clone()}</span>
                        <button type="button" class="close" aria-label="关闭此消息"
                            on:click=move |_| app.notices.update(|v| { if i < v.len() { v.remove(i); } })>"×"</button>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn ConflictBanner() -> impl IntoView {
    let app = state::use_app();
    let session = use_context::<Session>();
    view! {
        {move || app.save.with(|s| s.conflict.as_ref().map(|c| (c.saved_at.clone(), c.dataset.filled_count()))).map(|(at, n)| view! {
            <div class="notice warn conflict" role="alert" data-testid="conflict">
                <p>{format!("另一个窗口在 {} 保存了数据（{n} 个年度数据），而本窗口还有未保存的修改。请选择：", lishu_core::io::time::short_time(&at))}</p>
                <button type="button" data-testid="conflict-load" on:click=move |_| if let Some(s) = session { s.resolve_conflict(false) }>
                    "载入另一个窗口的数据（本窗口的数据存为快照）"</button>
                <button type="button" data-testid="conflict-keep" on:click=move |_| if let Some(s) = session { s.resolve_conflict(true) }>
                    "保留本窗口的数据（另一个窗口的数据存为快照）"</button>
            </div>
        })}
    }
}

#[component]
fn DemoBanner() -> impl IntoView {
    let app = state::use_app();
    view! {
        {move || app.dataset.with(|d| d.demo).then(|| view! {
            <div class="demo-banner" role="status" data-testid="demo-banner">
                <strong>"演示数据"</strong>
                "　当前显示的是演示数据，不是真实监测数据。"
                <button type="button" data-testid="remove-demo" on:click=move |_| {
                    let keep = app.dataset.with_untracked(|d| Dataset { units: d.units.clone(), settings: d.settings.clone(), ..Default::default() });
                    app.bulk("移除演示数据", keep);
                    app.notify(Notice::info("已移除演示数据；如需找回，可在“数据与备份”中恢复快照。"));
                }>"移除演示数据"</button>
            </div>
        })}
    }
}
