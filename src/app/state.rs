//! App-wide state provided as context. Logic lives in plain impl blocks, not in `view!`.

use crate::storage::Notice;
use leptos::prelude::*;
use lishu_core::dataset::{Field, How};
use lishu_core::edit::{self, Actor, Applied, Edit, EditError};
use lishu_core::io::{History, Snapshot, StoredDataset};
use lishu_core::{evaluate, Catalogue, Dataset, Evaluation};

/// The navigation tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Browse,
    Dashboard,
    Report,
    Sharing,
    Settings,
    Data,
    Help,
}

impl Tab {
    pub const ALL: [Tab; 7] = [Tab::Browse, Tab::Dashboard, Tab::Report, Tab::Sharing, Tab::Settings, Tab::Data, Tab::Help];
    pub fn label(self) -> &'static str {
        match self {
            Tab::Browse => "目标目录/数据填报",
            Tab::Dashboard => "总览",
            Tab::Report => "评估报告",
            Tab::Sharing => "数据交换",
            Tab::Settings => "设置",
            Tab::Data => "数据与备份",
            Tab::Help => "帮助",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Tab::Browse => "browse",
            Tab::Dashboard => "dashboard",
            Tab::Report => "report",
            Tab::Sharing => "sharing",
            Tab::Settings => "settings",
            Tab::Data => "data",
            Tab::Help => "help",
        }
    }
    /// Element id of the tab button ("tab-browse"); the panel (`<div id="main" role="tabpanel">` in `<main>`) is labelled by it.
    pub fn dom_id(self) -> String {
        format!("tab-{}", self.key())
    }
    /// The tab a key pressed on this tab moves to (WAI-ARIA tabs pattern): ArrowLeft/ArrowRight to the
    /// previous/next tab, wrapping around; Home/End to the first/last. None for any other key.
    pub fn step(self, key: &str) -> Option<Tab> {
        let n = Tab::ALL.len();
        let i = Tab::ALL.iter().position(|t| *t == self)?;
        let to = match key {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return None,
        };
        Some(Tab::ALL[to])
    }
}

/// Autosave state shown in the header and the data page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SaveStatus {
    /// false: autosave is off (storage unavailable, newer schema, corrupt copy failed).
    pub disabled: bool,
    /// Edits not yet written.
    pub dirty: bool,
    /// `saved_at` of the stored data this tab is based on.
    pub saved_at: Option<String>,
    /// Another tab saved newer data while this tab had unsaved edits: the user chooses.
    pub conflict: Option<Box<StoredDataset>>,
    /// Last save error (Chinese).
    pub error: Option<String>,
    /// navigator.storage.persist() result (None = not asked / not supported).
    pub persisted: Option<bool>,
}

/// The single source of truth of the running app: entry → dataset → evaluation (Memo) → views.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The catalogue in use (the embedded one or one the office loaded), fixed for the page's life:
    /// switching catalogues reloads the page (see `crate::storage::catalogues`).
    pub cat: &'static Catalogue,
    /// The dataset being edited (persisted by `crate::storage`).
    pub dataset: RwSignal<Dataset>,
    /// The assessed year (a data year of the catalogue) for evaluation, dashboard and reports.
    pub year: RwSignal<u16>,
    /// Unit mode: Some(unit) shows only that unit's indicators.
    pub unit: RwSignal<Option<String>>,
    /// The unit list (`Dataset::unit_list`): the dataset's own list, else the catalogue's units, which are
    /// collected once here; every view reads this one memo.
    pub units: Memo<Vec<String>>,
    /// Evaluation of `dataset` as of `year`, recomputed only when either changes.
    pub evaluation: Memo<Evaluation>,
    /// The visible tab.
    pub tab: RwSignal<Tab>,
    /// The indicator open in the entry panel.
    pub selected: RwSignal<Option<String>>,
    /// Undo/redo of recent edits.
    pub history: RwSignal<History>,
    /// Snapshots taken before bulk changes (persisted by `crate::storage`), oldest first.
    pub snapshots: RwSignal<Vec<Snapshot>>,
    /// App-level messages (storage problems, conflicts, results of bulk actions).
    pub notices: RwSignal<Vec<Notice>>,
    /// Autosave state (kept up to date by the session module, which wires storage into the app).
    pub save: RwSignal<SaveStatus>,
}

impl AppState {
    pub fn new(cat: &'static Catalogue, initial: Dataset, year: u16) -> Self {
        let dataset = RwSignal::new(initial);
        let year = RwSignal::new(year);
        let unit = RwSignal::new(None);
        let catalogue_units: std::sync::Arc<[String]> = cat.units().into();
        let units = Memo::new(move |_| dataset.with(|d| d.units_or(&catalogue_units).to_vec()));
        let evaluation = Memo::new(move |_| {
            let y = year.get();
            dataset.with(|d| evaluate(cat, d, y))
        });
        AppState {
            cat,
            dataset,
            year,
            unit,
            units,
            evaluation,
            tab: RwSignal::new(Tab::Browse),
            selected: RwSignal::new(None),
            history: RwSignal::new(History::default()),
            snapshots: RwSignal::new(Vec::new()),
            notices: RwSignal::new(Vec::new()),
            save: RwSignal::new(SaveStatus::default()),
        }
    }

    /// Who is acting: the unit in unit mode, else the office.
    pub fn actor(&self) -> Actor {
        self.unit.with_untracked(|u| Actor::from_unit(u.as_deref()))
    }

    /// Who is acting, by name: the unit in unit mode, else the office ("区妇儿工委办").
    pub fn by(&self) -> String {
        self.actor().name(self.cat)
    }

    /// Applies an edit through the core's one edit path (`lishu_core::edit::apply`: lock rule, stamp,
    /// change log, undo step): the data, the undo history and the snapshot list are updated; a refusal or
    /// a message is shown as a notice. Returns what was done, or why nothing was.
    pub fn dispatch(&self, edit: Edit) -> Result<Applied, EditError> {
        let result = self.try_dispatch(edit);
        if let Err(e) = &result {
            self.notify(Notice::warn(e.to_string()));
        }
        result
    }

    /// [`AppState::dispatch`] for a caller that shows a refusal itself (next to the form): no notice for it.
    pub fn try_dispatch(&self, edit: Edit) -> Result<Applied, EditError> {
        self.apply_edit(edit, None)
    }

    /// [`AppState::dispatch`] whose success notice goes on with the screen's next step (help.rs words, which
    /// name this page's buttons).
    pub fn dispatch_then(&self, edit: Edit, next: String) -> Result<Applied, EditError> {
        let result = self.apply_edit(edit, Some(next));
        if let Err(e) = &result {
            self.notify(Notice::warn(e.to_string()));
        }
        result
    }

    fn apply_edit(&self, edit: Edit, next: Option<String>) -> Result<Applied, EditError> {
        let actor = self.actor();
        let at = now();
        let mut result = Err(EditError::NothingToUndo);
        // In place (no copy of the data or of the undo stack per keystroke); readers are notified after.
        self.history.update_untracked(|h| {
            self.dataset.update_untracked(|d| result = edit::apply(d, h, self.cat, &actor, &at, edit));
        });
        if let Ok(applied) = &result {
            self.dataset.notify();
            self.history.notify();
            if let Some(s) = applied.snapshot.clone() {
                self.snapshots.update(|v| {
                    v.push(s);
                    let extra = v.len().saturating_sub(crate::storage::MAX_SNAPSHOTS);
                    v.drain(..extra);
                });
            }
            match (&applied.message, next) {
                (Some(m), Some(n)) => self.notify(Notice::info(format!("{m}{n}"))),
                (Some(m), None) => self.notify(Notice::info(m.clone())),
                (None, _) => {}
            }
        }
        result
    }

    /// The question to ask before `edit` (a unit changing a value of a year it submitted), if any.
    pub fn confirm_needed(&self, edit: &Edit) -> Option<String> {
        let actor = self.actor();
        self.dataset.with_untracked(|d| edit::confirm_needed(d, self.cat, &actor, edit))
    }

    /// Sets one field of one year's entry to the typed text (kept even when invalid).
    pub fn set_field(&self, id: &str, year: u16, field: &Field, text: String) {
        let _ = self.dispatch(Edit::Field { indicator: id.into(), year, field: field.clone(), text });
    }

    /// Sets the milestone stage of one year.
    pub fn set_stage(&self, id: &str, year: u16, stage: Option<lishu_core::catalogue::Stage>) {
        let _ = self.dispatch(Edit::Stage { indicator: id.into(), year, stage });
    }

    /// Replaces the whole dataset (clear, demo …): a snapshot of the current data is kept first; the change
    /// log, review states, locks and locked values are carried over, the changed values logged with `label`.
    pub fn bulk(&self, label: &str, new: Dataset) {
        self.bulk_with(label, new, How::Replace { label: label.to_string() });
    }

    /// [`AppState::bulk`] logged as `how`.
    pub fn bulk_with(&self, label: &str, new: Dataset, how: How) {
        let _ = self.dispatch(Edit::Replace { label: label.into(), dataset: Box::new(new), how });
    }

    /// Takes data saved elsewhere (another window) as it is; `snapshot` keeps the current data first.
    pub fn load(&self, label: &str, new: Dataset, snapshot: bool) {
        let _ = self.dispatch(Edit::Load { label: label.into(), dataset: Box::new(new), snapshot });
    }

    /// Restores snapshot `i` (itself a bulk change, so the current data is snapshotted first).
    pub fn restore_snapshot(&self, i: usize) {
        if let Some(s) = self.snapshots.with_untracked(|v| v.get(i).cloned()) {
            let _ = self.dispatch(Edit::Restore { snapshot: Box::new(s) });
        }
    }

    /// Takes back the last edit (the log, review states and locked values stay).
    pub fn undo(&self) {
        let _ = self.dispatch(Edit::Undo);
    }

    pub fn redo(&self) {
        let _ = self.dispatch(Edit::Redo);
    }

    /// Adds a message (see [`Notice::add_to`]: one per kind, the newest replaces a stale one).
    pub fn notify(&self, n: Notice) {
        self.notices.update(|v| n.add_to(v));
    }

    /// Opens an indicator in the entry panel (used by dashboard/report links too).
    pub fn open_indicator(&self, id: &str) {
        self.selected.set(Some(id.to_string()));
        self.tab.set(Tab::Browse);
    }
}

pub use lishu_core::entry_fields::entry_field;

pub use super::clock::now;

/// Gets the app state from context.
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_keys_move_wrap_and_jump() {
        assert_eq!(Tab::Browse.step("ArrowRight"), Some(Tab::Dashboard));
        assert_eq!(Tab::Dashboard.step("ArrowLeft"), Some(Tab::Browse));
        assert_eq!(Tab::Help.step("ArrowRight"), Some(Tab::Browse), "wraps after the last tab");
        assert_eq!(Tab::Browse.step("ArrowLeft"), Some(Tab::Help), "wraps before the first tab");
        assert_eq!(Tab::Report.step("Home"), Some(Tab::Browse));
        assert_eq!(Tab::Report.step("End"), Some(Tab::Help));
        for key in ["ArrowUp", "ArrowDown", "Enter", "Tab", " ", "a", ""] {
            assert_eq!(Tab::Report.step(key), None, "{key:?}");
        }
        // Right then left comes back, for every tab.
        for t in Tab::ALL {
            assert_eq!(t.step("ArrowRight").and_then(|n| n.step("ArrowLeft")), Some(t));
        }
        assert_eq!(Tab::Sharing.dom_id(), "tab-sharing");
    }

    #[test]
    fn edits_coalesce_per_field_and_undo() {
        let owner = Owner::new();
        owner.set();
        let s = AppState::new(Catalogue::embedded(), Dataset::default(), 2023);
        s.set_field("W1-4-2", 2021, &Field::Value, "1".into());
        s.set_field("W1-4-2", 2021, &Field::Value, "12".into());
        s.set_field("W1-4-2", 2022, &Field::Value, "x".into());
        assert_eq!(s.history.with_untracked(|h| h.len()), 2, "one step per field");
        assert_eq!(s.dataset.with_untracked(|d| d.entry("W1-4-2", 2022).map(|e| e.value.clone())), Some("x".into()));
        s.undo();
        assert!(s.dataset.with_untracked(|d| d.entry("W1-4-2", 2022).is_none()));
        assert_eq!(s.dataset.with_untracked(|d| d.entry("W1-4-2", 2021).map(|e| e.value.clone())), Some("12".into()));
        s.redo();
        assert!(s.dataset.with_untracked(|d| d.entry("W1-4-2", 2022).is_some()));
        // bulk change keeps a snapshot to restore
        s.bulk("清空数据", Dataset::default());
        assert_eq!(s.dataset.with_untracked(|d| d.filled_count()), 0);
        assert_eq!(s.snapshots.with_untracked(|v| v.len()), 1);
        s.restore_snapshot(0);
        assert_eq!(s.dataset.with_untracked(|d| d.filled_count()), 2);
        assert_eq!(s.snapshots.with_untracked(|v| v.len()), 2);
    }
}
