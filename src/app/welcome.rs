//! The first screen: on a first open (no data, no unit chosen) the main area offers three doors in plain
//! words — a unit starts entering, the office imports and reviews, anyone may look at the demo. Once a
//! door is taken the screen steps aside (remembered under [`DONE_KEY`]); 帮助 can open it again.

use super::data_page::load_demo;
use super::state::{use_app, AppState, Tab};
use crate::storage::browser::BrowserBackend;
use crate::storage::{Backend, Notice, PREFIX};
use leptos::prelude::*;

/// Storage key remembering that a door was taken (shared by every catalogue: it is about the person).
pub const DONE_KEY: &str = "lishu-monitor:welcome-done";

/// Texts of the three doors, as shown (tests find them by these words).
pub const UNIT_DOOR: &str = "我是责任单位（选择本单位，开始填报）";
pub const OFFICE_DOOR: &str = "我是妇儿工委办（导入各单位文件、审核、出报告）";
pub const DEMO_DOOR: &str = "先看看演示数据";
/// The button that confirms the chosen unit.
pub const START_UNIT: &str = "开始填报";

/// Whether the first screen shows at start: nobody took a door before, nothing was entered, no unit chosen.
pub fn shows_at_start(done: bool, filled: usize, unit: Option<&str>) -> bool {
    !done && filled == 0 && unit.is_none()
}

/// Whether the first screen is open (context provided by `App`).
#[derive(Clone, Copy)]
pub struct Welcome {
    pub open: RwSignal<bool>,
    /// Opened again from 帮助: shown even with data or a unit chosen.
    asked: RwSignal<bool>,
}

impl Welcome {
    /// Decides at start and provides the context.
    pub fn provide(app: &AppState) -> Welcome {
        debug_assert!(DONE_KEY.starts_with(PREFIX));
        let done = matches!(BrowserBackend.get(DONE_KEY), Ok(Some(_)));
        let filled = app.dataset.with_untracked(|d| d.filled_count());
        let unit = app.unit.get_untracked();
        let w = Welcome { open: RwSignal::new(shows_at_start(done, filled, unit.as_deref())), asked: RwSignal::new(false) };
        provide_context(w);
        w
    }

    /// Whether the first screen shows now (reactive): it steps aside by itself once data arrive or a unit is
    /// chosen some other way (the demo loaded from 数据与备份, an import, the header's 单位模式).
    pub fn shown(&self, app: &AppState) -> bool {
        self.open.get() && (self.asked.get() || (app.unit.with(|u| u.is_none()) && app.dataset.with(|d| d.filled_count() == 0)))
    }

    /// Opens the first screen again (from 帮助).
    pub fn reopen(&self, app: &AppState) {
        app.selected.set(None);
        app.tab.set(Tab::Browse);
        self.asked.set(true);
        self.open.set(true);
    }

    /// A door was taken: step aside; `remember` keeps it closed on later opens.
    fn close(&self, remember: bool) {
        if remember {
            let _ = BrowserBackend.set(DONE_KEY, "1");
        }
        self.asked.set(false);
        self.open.set(false);
    }
}

pub fn use_welcome() -> Option<Welcome> {
    use_context::<Welcome>()
}

#[component]
pub fn WelcomeView() -> impl IntoView {
    let app = use_app();
    let Some(w) = use_welcome() else { return ().into_any() };
    let units = app.units;
    let picking = RwSignal::new(false);
    let chosen = RwSignal::new(String::new());
    view! {
        <section class="panel welcome" data-testid="welcome" aria-labelledby="welcome-title">
            <h2 id="welcome-title">"欢迎使用。请先选择您的身份："</h2>
            <div class="doors">
                <div class="door">
                    <button type="button" class="door-button" data-testid="door-unit"
                        aria-expanded=move || if picking.get() { "true" } else { "false" }
                        on:click=move |_| picking.set(true)>{UNIT_DOOR}</button>
                    <p class="muted small">"只看到并填写本单位负责的指标；填好后提交，导出本单位数据发给区妇儿工委办。"</p>
                    <Show when=move || picking.get()>
                        <div class="unit-pick">
                            <label class="field">
                                <span>"本单位"</span>
                                <select data-testid="door-unit-select" on:change=move |ev| chosen.set(event_target_value(&ev))>
                                    <option value="" selected=move || chosen.with(|c| c.is_empty())>"（请选择本单位）"</option>
                                    {move || units.get().into_iter().map(|u| view! { <option value=u.clone()>{u.clone()}</option> }).collect_view()}
                                </select>
                            </label>
                            <button type="button" class="primary" data-testid="door-unit-start"
                                disabled=move || chosen.with(|c| c.is_empty())
                                on:click=move |_| {
                                    let u = chosen.get_untracked();
                                    if u.is_empty() {
                                        return;
                                    }
                                    app.unit.set(Some(u.clone()));
                                    app.tab.set(Tab::Browse);
                                    w.close(true);
                                    app.notify(Notice::info(format!(
                                        "已进入“{u}”的填报：左侧只列出本单位负责的指标，点一项指标即可填写。"
                                    )).of("开始"));
                                }>{START_UNIT}</button>
                        </div>
                    </Show>
                </div>
                <div class="door">
                    <button type="button" class="door-button" data-testid="door-office" on:click=move |_| {
                        app.unit.set(None);
                        app.tab.set(Tab::Sharing);
                        w.close(true);
                        app.notify(Notice::info("第一步：在“导入与合并”中选择各单位发来的数据文件；导入后在“报送审核”中审核。").of("开始"));
                    }>{OFFICE_DOOR}</button>
                    <p class="muted small">"查看全部指标；导入各单位发来的文件，审核通过或退回，生成评估报告。"</p>
                </div>
                <div class="door">
                    <button type="button" class="door-button" data-testid="door-demo" on:click=move |_| {
                        load_demo(&app);
                        // Not remembered: once the demo is removed, the next open offers the doors again.
                        w.close(false);
                    }>{DEMO_DOOR}</button>
                    <p class="muted small">"载入一套虚构的示例数据，看看总览、评估和报告是什么样子；页面顶部有“移除演示数据”按钮，一键移除。"</p>
                </div>
            </div>
            <p class="muted small">"以后可在“帮助”中重新打开本页。"</p>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_screen_only_on_a_first_open() {
        assert!(shows_at_start(false, 0, None));
        assert!(!shows_at_start(true, 0, None), "a door was taken before");
        assert!(!shows_at_start(false, 3, None), "data were entered");
        assert!(!shows_at_start(false, 0, Some("区卫健局")), "a unit was chosen");
        assert!(DONE_KEY.starts_with(PREFIX));
    }
}
