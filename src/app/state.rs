//! App-wide state provided as context. Logic lives in plain impl blocks, not in `view!`.

use leptos::prelude::*;
use lishu_core::{evaluate, Catalogue, Dataset, Evaluation};

/// The single source of truth of the running app: entry → dataset → evaluation (Memo) → views.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The dataset being edited (persisted by `crate::storage`).
    pub dataset: RwSignal<Dataset>,
    /// The assessed year (2020–2025) for evaluation, dashboard and reports.
    pub year: RwSignal<u16>,
    /// Unit mode: Some(unit) shows only that unit's indicators.
    pub unit: RwSignal<Option<String>>,
    /// Evaluation of `dataset` as of `year`, recomputed only when either changes.
    pub evaluation: Memo<Evaluation>,
}

impl AppState {
    pub fn new(initial: Dataset, year: u16) -> Self {
        let dataset = RwSignal::new(initial);
        let year = RwSignal::new(year);
        let unit = RwSignal::new(None);
        let evaluation = Memo::new(move |_| {
            let y = year.get();
            dataset.with(|d| evaluate(catalogue(), d, y))
        });
        AppState { dataset, year, unit, evaluation }
    }
}

/// The embedded catalogue (static, parsed once).
pub fn catalogue() -> &'static Catalogue {
    Catalogue::embedded()
}

/// Gets the app state from context.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
