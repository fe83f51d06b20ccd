//! What changes between two versions of a catalogue (or between the targets a data file was made with and
//! the catalogue in use): targets that changed, indicators added and removed. Shown before switching to a
//! loaded catalogue and when importing data made for another version of the same catalogue.

use super::Catalogue;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A target that changed between two versions of a catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetChange {
    pub indicator: String,
    /// The target as the earlier version stated it (`Indicator::target_key`), and as the later one does.
    pub before: String,
    pub now: String,
}

impl TargetChange {
    /// "孕产妇系统管理率（W1-4-2）：≥ 90% → ≥ 92%" (`cat` names the indicator).
    pub fn message(&self, cat: &Catalogue) -> String {
        let name = cat.indicator(&self.indicator).map_or(String::new(), |r| r.indicator.name.clone());
        format!("{name}（{}）：{} → {}", self.indicator, self.before, self.now)
    }
}

/// The indicators whose target in `targets` (id → `Indicator::target_key`, as an earlier version stated
/// them) differs from `cat`, in catalogue order. Ids `cat` does not have are left out.
pub fn target_changes(targets: &BTreeMap<String, String>, cat: &Catalogue) -> Vec<TargetChange> {
    cat.indicators()
        .into_iter()
        .filter_map(|r| {
            let before = targets.get(&r.indicator.id)?;
            let now = r.indicator.target_key(cat.period.base);
            (*before != now).then(|| TargetChange { indicator: r.indicator.id.clone(), before: before.clone(), now })
        })
        .collect()
}

/// Every indicator's target key (id → `Indicator::target_key`).
pub fn target_keys(cat: &Catalogue) -> BTreeMap<String, String> {
    cat.indicators().into_iter().map(|r| (r.indicator.id.clone(), r.indicator.target_key(cat.period.base))).collect()
}

/// Differences from `old` to `new` (two versions of one catalogue id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogueDiff {
    pub target_changes: Vec<TargetChange>,
    /// Indicator ids only `new` has / only `old` has (their data, if any, are kept but not evaluated).
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl CatalogueDiff {
    pub fn is_empty(&self) -> bool {
        self.target_changes.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

/// What changes from `old` to `new`.
pub fn diff(old: &Catalogue, new: &Catalogue) -> CatalogueDiff {
    let before = target_keys(old);
    let after = target_keys(new);
    CatalogueDiff {
        target_changes: target_changes(&before, new),
        added: after.keys().filter(|k| !before.contains_key(*k)).cloned().collect(),
        removed: before.keys().filter(|k| !after.contains_key(*k)).cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_added_and_removed_indicators() {
        let old = Catalogue::embedded().clone();
        assert!(diff(&old, &old).is_empty());
        let mut new = old.clone();
        let i = new.lines.iter().position(|l| l.indicators[0].value.is_some()).expect("a numeric target");
        let id = new.lines[i].indicators[0].id.clone();
        let before = new.lines[i].indicators[0].target_key(new.period.base);
        new.lines[i].indicators[0].value = new.lines[i].indicators[0].value.map(|v| v + 1.0);
        let gone = new.lines.pop().expect("a line").indicators[0].id.clone();
        let d = diff(&old, &new);
        assert_eq!(d.target_changes.len(), 1);
        assert_eq!(d.target_changes[0].indicator, id);
        assert_eq!(d.target_changes[0].before, before);
        assert_ne!(d.target_changes[0].now, before);
        assert!(d.target_changes[0].message(&new).contains(&format!("（{id}）：")));
        assert_eq!(d.removed, vec![gone.clone()]);
        assert!(d.added.is_empty());
        assert_eq!(diff(&new, &old).added, vec![gone]);
    }
}

/// What the office sees before switching to a loaded or drafted catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct CataloguePreview {
    pub catalogue: super::Catalogue,
    pub summary: super::CatalogueSummary,
    /// (indicator id, reason) of the indicators marked for review.
    pub reviews: Vec<(String, String)>,
    /// The version of the same catalogue id already in this browser (in use, stored or embedded) and what
    /// changes from it; None when the id is new here.
    pub existing: Option<(String, CatalogueDiff)>,
}

/// The preview of `new`; `existing` is the catalogue of the same id already known here, if any.
pub fn preview(new: super::Catalogue, existing: Option<&super::Catalogue>) -> CataloguePreview {
    CataloguePreview {
        summary: new.summary(),
        reviews: super::check::review_marks(&new),
        existing: existing.map(|old| (old.version.clone(), diff(old, &new))),
        catalogue: new,
    }
}
