//! Snapshots before bulk changes and a bounded undo/redo stack the UI can hold in a signal.

use crate::dataset::Dataset;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// The data as it was before a change, with a label ("导入 3 个文件", "清空 2021 年数据") and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub label: String,
    pub at: String,
    pub dataset: Dataset,
}

/// Undo/redo stack. `push` is called with the data *before* an edit; `undo` takes the data now and returns
/// the data to restore (the current data goes onto the redo stack), `redo` the reverse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    undo: VecDeque<Snapshot>,
    redo: Vec<Snapshot>,
    limit: usize,
    /// The grouping key of the last step (a field being typed into): edits with the same key continue it.
    #[serde(skip)]
    group: Option<String>,
}

/// Default number of undo steps kept.
pub const DEFAULT_LIMIT: usize = 30;

impl Default for History {
    fn default() -> Self {
        History::new(DEFAULT_LIMIT)
    }
}

impl History {
    /// A history keeping at most `limit` undo steps (at least 1).
    pub fn new(limit: usize) -> History {
        History { undo: VecDeque::new(), redo: Vec::new(), limit: limit.max(1), group: None }
    }

    /// Starts an undo step for an edit grouped by `key`, or continues the last step when it has the same
    /// key (consecutive keystrokes in one field). `before` is asked for only when a step starts. Returns
    /// true when the edit continues the last step. A `None` key always starts a step.
    pub fn step(&mut self, key: Option<&str>, label: &str, at: &str, before: impl FnOnce() -> Dataset) -> bool {
        if key.is_some() && self.group.as_deref() == key && self.can_undo() {
            return true;
        }
        self.push(label, at, before());
        self.group = key.map(str::to_string);
        false
    }

    /// Ends the current group: the next edit starts a new step even with the same key.
    pub fn end_group(&mut self) {
        self.group = None;
    }

    /// Records the state before an edit. Clears the redo stack; drops the oldest step beyond the limit.
    pub fn push(&mut self, label: &str, at: &str, before: Dataset) {
        self.group = None;
        self.redo.clear();
        self.undo.push_back(Snapshot { label: label.to_string(), at: at.to_string(), dataset: before });
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
    }

    /// Returns the dataset to restore, or None when there is nothing to undo. `current` is kept for redo.
    pub fn undo(&mut self, current: Dataset, at: &str) -> Option<Dataset> {
        let snap = self.undo.pop_back()?;
        self.group = None;
        self.redo.push(Snapshot { label: snap.label.clone(), at: at.to_string(), dataset: current });
        Some(snap.dataset)
    }

    /// Re-applies the last undone change, or None.
    pub fn redo(&mut self, current: Dataset, at: &str) -> Option<Dataset> {
        let snap = self.redo.pop()?;
        self.group = None;
        self.undo.push_back(Snapshot { label: snap.label.clone(), at: at.to_string(), dataset: current });
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        Some(snap.dataset)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
    /// Label of the change `undo` would revert ("撤销：导入 3 个文件").
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.back().map(|s| s.label.as_str())
    }
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
    pub fn len(&self) -> usize {
        self.undo.len()
    }
    pub fn is_empty(&self) -> bool {
        self.undo.is_empty()
    }
    /// Undo snapshots, oldest first (for a "restore snapshot" list).
    pub fn snapshots(&self) -> impl Iterator<Item = &Snapshot> {
        self.undo.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::YearEntry;

    fn ds(v: &str) -> Dataset {
        let mut d = Dataset::default();
        d.set_entry("W1", 2021, YearEntry { value: v.into(), ..Default::default() });
        d
    }

    #[test]
    fn undo_redo_and_bound() {
        let mut h = History::new(2);
        assert_eq!(h.undo(ds("0"), "t"), None);
        h.push("一", "t1", ds("0"));
        h.push("二", "t2", ds("1"));
        h.push("三", "t3", ds("2"));
        assert_eq!(h.len(), 2, "oldest dropped");
        assert_eq!(h.undo_label(), Some("三"));
        assert_eq!(h.undo(ds("3"), "t4"), Some(ds("2")));
        assert_eq!(h.redo_label(), Some("三"));
        assert_eq!(h.undo(ds("2"), "t5"), Some(ds("1")));
        assert_eq!(h.undo(ds("1"), "t6"), None, "step 一 was dropped");
        assert_eq!(h.redo(ds("1"), "t7"), Some(ds("2")));
        assert_eq!(h.redo(ds("2"), "t8"), Some(ds("3")));
        assert!(!h.can_redo());
        h.undo(ds("3"), "t9");
        h.push("四", "t10", ds("2"));
        assert!(!h.can_redo(), "a new edit clears redo");
    }
}
