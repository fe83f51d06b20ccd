//! What an edit is, who makes it and what it did.

use crate::catalogue::{Catalogue, Stage};
use crate::dataset::{Dataset, Field, How};
use crate::io::{ImportPreview, Resolutions, Snapshot, Unlocks};

/// Who makes a change: a unit (in 单位模式) or the office (妇儿工委办).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Office,
    Unit(String),
}

impl Actor {
    /// The unit chosen in 单位模式, or the office when none (or an empty name) is chosen.
    pub fn from_unit(unit: Option<&str>) -> Actor {
        match unit.map(str::trim) {
            Some(u) if !u.is_empty() => Actor::Unit(u.to_string()),
            _ => Actor::Office,
        }
    }

    /// The unit's name, or the office's ("区妇儿工委办") — the change log's `by`.
    pub fn name(&self, cat: &Catalogue) -> String {
        match self {
            Actor::Office => crate::review::office_name(cat),
            Actor::Unit(u) => u.clone(),
        }
    }

    pub fn unit(&self) -> Option<&str> {
        match self {
            Actor::Office => None,
            Actor::Unit(u) => Some(u),
        }
    }
}

/// One change of the data.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// The text typed into one field of one year (kept even when it is not a valid number).
    Field { indicator: String, year: u16, field: Field, text: String },
    /// The milestone stage of one year.
    Stage { indicator: String, year: u16, stage: Option<Stage> },
    /// The lead unit of an indicator (the catalogue's own clears the override).
    Lead { indicator: String, unit: String },
    /// Adds (`on`) or removes a co-operating unit of an indicator.
    CoUnit { indicator: String, unit: String, on: bool },
    /// The band of a vaguely worded target (None: the catalogue's default), 0–50.
    Band { indicator: String, band: Option<f64> },
    /// A report text (对策建议 …) by its key; `label` names it for the undo step.
    Text { key: String, label: String, text: String },
    /// The unit list.
    AddUnit { name: String },
    RenameUnit { old: String, new: String },
    RemoveUnit { name: String },
    /// Review actions (not undo steps): 提交 and 撤回 by the unit itself; 审核、退回、解锁 by the office.
    Submit { unit: String, year: u16 },
    Withdraw { unit: String, year: u16 },
    Accept { unit: String, year: u16 },
    Return { unit: String, year: u16, reason: String },
    Unlock { indicator: String, year: u16, reason: String },
    /// A confirmed import: the preview (built from the current data) with the user's choices and unlock
    /// reasons, applied by [`crate::io::apply_with`]; `label` names the undo step and the snapshot.
    Import { preview: Box<ImportPreview>, resolutions: Resolutions, unlocks: Unlocks, label: String },
    /// Replaces the whole data (演示数据, 清空, 撤销导入 …): the change log, review states, locks and locked
    /// values are carried over ([`crate::review::carry_over`]), the changed values logged as `how`.
    Replace { label: String, dataset: Box<Dataset>, how: How },
    /// 转入上一期数据: `dataset` is what `crate::carry::carry` made for this catalogue; it is merged into the
    /// current data ([`super::merge_carried`]): carried values replace the current ones of the same indicator
    /// and year (except locked ones, kept as they are), the carried locks and review states come along, and
    /// the carried change-log entries are appended. One undo step, with a snapshot of the data before.
    Carry { label: String, dataset: Box<Dataset> },
    /// Takes data saved elsewhere as it is (another window's save): `snapshot` keeps the current data in
    /// the snapshot list first.
    Load { label: String, dataset: Box<Dataset>, snapshot: bool },
    /// Restores a snapshot (itself a replacement: the current data is snapshotted first).
    Restore { snapshot: Box<Snapshot> },
    Undo,
    Redo,
}

/// What an applied edit did, for the screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// The undo step this edit made or continued (None: not an undo step, e.g. a review action).
    pub undo_label: Option<String>,
    /// True when the edit continued the previous undo step (another keystroke in the same field).
    pub continues: bool,
    /// What to tell the user (Chinese), if anything.
    pub message: Option<String>,
    /// The data before a bulk change, to keep in the snapshot list.
    pub snapshot: Option<Snapshot>,
    /// Locked values a replacement, restore or undo kept as they are.
    pub kept_locked: usize,
    /// The acting unit's submitted year this edit took back to 填报中.
    pub reopened: Option<u16>,
}
