//! App-wide state provided as context. Logic lives in plain impl blocks, not in `view!`.

use super::session::SaveStatus;
use crate::storage::Notice;
use leptos::prelude::*;
use lishu_core::dataset::{Field, YearEntry};
use lishu_core::io::{History, Snapshot};
use lishu_core::review::{self, How};
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
    /// Autosave state (set by `super::session`).
    pub save: RwSignal<SaveStatus>,
    /// Key of the field last edited: consecutive keystrokes in one field make one undo step.
    last_edit: RwSignal<Option<String>>,
}

impl AppState {
    pub fn new(cat: &'static Catalogue, initial: Dataset, year: u16) -> Self {
        let dataset = RwSignal::new(initial);
        let year = RwSignal::new(year);
        let unit = RwSignal::new(None);
        let evaluation = Memo::new(move |_| {
            let y = year.get();
            dataset.with(|d| evaluate(cat, d, y))
        });
        AppState {
            cat,
            dataset,
            year,
            unit,
            evaluation,
            tab: RwSignal::new(Tab::Browse),
            selected: RwSignal::new(None),
            history: RwSignal::new(History::default()),
            snapshots: RwSignal::new(Vec::new()),
            notices: RwSignal::new(Vec::new()),
            save: RwSignal::new(SaveStatus::default()),
            last_edit: RwSignal::new(None),
        }
    }

    /// Who is acting: the unit in unit mode, else the office ("区妇儿工委办").
    pub fn by(&self) -> String {
        self.unit.get_untracked().unwrap_or_else(|| review::office_name(self.cat))
    }

    /// Applies an edit. Consecutive edits with the same `key` (keystrokes in one field) form one undo step;
    /// `f` is told whether the edit continues the previous one (for the change log).
    pub fn edit(&self, key: &str, label: &str, f: impl FnOnce(&mut Dataset, bool)) {
        let same = self.last_edit.with_untracked(|k| k.as_deref() == Some(key));
        if !same {
            let before = self.dataset.get_untracked();
            let at = now();
            self.history.update(|h| h.push(label, &at, before));
            self.last_edit.set(Some(key.to_string()));
        }
        self.dataset.update(|d| f(d, same));
    }

    /// Refuses a change to a locked value with a notice; true when the value may change.
    fn may_change(&self, id: &str, year: u16) -> bool {
        let lock = self.dataset.with_untracked(|d| review::lock_of(d, id, year).cloned());
        match lock {
            None => true,
            Some(l) => {
                self.notify(Notice::warn(format!(
                    "{} {year} 年的数值已由{}审核锁定（{}），不能修改；如需更正，请由妇儿工委办写明理由解锁。",
                    self.cat.indicator_label(id),
                    l.by,
                    lishu_core::io::time::short_time(&l.at)
                )));
                false
            }
        }
    }

    /// Sets one field of one year's entry to the typed text (kept even when invalid). A locked value is not
    /// changed. The change is logged (录入), one entry per field while typing.
    pub fn set_field(&self, id: &str, year: u16, field: &Field, text: String) {
        if !self.may_change(id, year) {
            return;
        }
        let name = self.cat.indicator(id).map(|r| r.indicator.name.clone()).unwrap_or_else(|| id.to_string());
        let key = format!("{id}|{year}|{field:?}");
        let label = format!("修改 {name} {year} 年{}", field.label());
        let unit = self.unit.get_untracked();
        let by = self.by();
        let at = now();
        self.edit(&key, &label, |ds, continues| {
            let before = ds.entry(id, year).cloned();
            let mut e = before.clone().unwrap_or_default();
            set_entry_field(&mut e, field, text);
            stamp(&mut e, unit.as_deref(), &at);
            ds.set_entry(id, year, e);
            review::log_entry_edit(ds, id, year, before, &by, &at, continues);
        });
    }

    /// Sets the milestone stage of one year (a locked value is not changed; logged).
    pub fn set_stage(&self, id: &str, year: u16, stage: Option<lishu_core::catalogue::Stage>) {
        if !self.may_change(id, year) {
            return;
        }
        let unit = self.unit.get_untracked();
        let by = self.by();
        let at = now();
        self.edit(&format!("{id}|{year}|stage|{at}"), &format!("修改 {id} {year} 年进展阶段"), |ds, _| {
            let before = ds.entry(id, year).cloned();
            let mut e = before.clone().unwrap_or_default();
            e.stage = stage;
            stamp(&mut e, unit.as_deref(), &at);
            ds.set_entry(id, year, e);
            review::log_entry_edit(ds, id, year, before, &by, &at, false);
        });
    }

    /// A review action (提交, 审核, 退回, 解锁): applied at once, not an undo step (undo never takes back
    /// review states or locks; an acceptance is undone by unlocking with a reason).
    pub fn review(&self, f: impl FnOnce(&mut Dataset, &Catalogue, &str, &str) -> Result<String, String>) {
        let (by, at) = (self.by(), now());
        let mut ds = self.dataset.get_untracked();
        match f(&mut ds, self.cat, &by, &at) {
            Ok(msg) => {
                self.last_edit.set(None);
                self.dataset.set(ds);
                self.notify(Notice::info(msg));
            }
            Err(e) => self.notify(Notice::error(e)),
        }
    }

    /// Replaces the whole dataset (clear, demo, restore …): a snapshot of the current data is kept first
    /// (undo step and persisted snapshot list). The change log, review states, locks and locked values are
    /// carried over (`review::carry_over`); the changed values are logged with `label`.
    pub fn bulk(&self, label: &str, new: Dataset) {
        self.bulk_with(label, new, How::Replace { label: label.to_string() });
    }

    /// [`AppState::bulk`] logged as `how`.
    pub fn bulk_with(&self, label: &str, new: Dataset, how: How) {
        let current = self.dataset.get_untracked();
        let (new, kept) = review::carry_over(&current, new, how, &self.by(), &now());
        self.kept_locked(kept.len());
        self.bulk_applied(label, new);
    }

    fn kept_locked(&self, n: usize) {
        if n > 0 {
            self.notify(Notice::info(format!("{n} 个已审核锁定的数值保持不变（锁定的数值只能写明理由解锁后修改）。")));
        }
    }

    /// Replaces the whole dataset with data already carrying its log and locks (a confirmed import): a
    /// snapshot of the current data is kept first.
    pub fn bulk_applied(&self, label: &str, new: Dataset) {
        let before = self.dataset.get_untracked();
        let at = now();
        self.history.update(|h| h.push(label, &at, before.clone()));
        self.snapshots.update(|s| {
            s.push(Snapshot { label: format!("{label}之前"), at: at.clone(), dataset: before });
            let extra = s.len().saturating_sub(crate::storage::MAX_SNAPSHOTS);
            s.drain(..extra);
        });
        self.last_edit.set(None);
        self.dataset.set(new);
    }

    /// Replaces the dataset as one undo step, without a persisted snapshot (e.g. loading another tab's save
    /// when this tab had no unsaved edits).
    pub fn replace(&self, label: &str, new: Dataset) {
        let before = self.dataset.get_untracked();
        self.history.update(|h| h.push(label, &now(), before));
        self.last_edit.set(None);
        self.dataset.set(new);
    }

    /// Restores snapshot `i` (itself a bulk change, so the current data is snapshotted first).
    pub fn restore_snapshot(&self, i: usize) {
        if let Some(s) = self.snapshots.with_untracked(|v| v.get(i).cloned()) {
            self.bulk_with(&format!("恢复快照“{}”", s.label), s.dataset, How::Restore { snapshot: s.label.clone() });
        }
    }

    /// Takes back the last edit (the log, review states and locked values stay; see `review::carry_over`).
    pub fn undo(&self) {
        self.step(How::Undo);
    }

    pub fn redo(&self) {
        self.step(How::Redo);
    }

    fn step(&self, how: How) {
        let cur = self.dataset.get_untracked();
        let mut h = self.history.get_untracked();
        let at = now();
        let target = if how == How::Undo { h.undo(cur.clone(), &at) } else { h.redo(cur.clone(), &at) };
        if let Some(target) = target {
            let (new, kept) = review::carry_over(&cur, target, how, &self.by(), &at);
            self.history.set(h);
            self.last_edit.set(None);
            self.dataset.set(new);
            self.kept_locked(kept.len());
        }
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

pub use lishu_core::entry_fields::{entry_field, set_entry_field};

/// Records who entered it and when (for merge and audit).
fn stamp(e: &mut YearEntry, unit: Option<&str>, at: &str) {
    if let Some(u) = unit {
        e.unit = u.to_string();
    }
    e.updated_at = at.to_string();
}

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
