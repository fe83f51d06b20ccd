//! # 一条修改路径 / One edit path
//!
//! Every change of the data goes through [`apply`]: a typed value, a stage, a lead or co-operating unit, a
//! band, a report text, the unit list, 提交 / 撤回 / 审核 / 退回 / 解锁, a confirmed import, replacing or
//! restoring the data, undo and redo. `apply` owns the rules every change obeys, so the app, the CLI and
//! any new screen share them:
//!
//! - **锁定**: a value locked by an acceptance is not changed (a typed [`EditError::Locked`] naming the
//!   indicator, year and who locked it); replacing, restoring or undoing keep locked values as they are.
//! - **记录**: who entered a value and when is stamped on the entry; every value change and review action
//!   goes into the change log (consecutive keystrokes in one field are one entry).
//! - **撤销步骤**: consecutive keystrokes in one field are one undo step (the grouping key is kept in the
//!   [`History`](crate::io::History)); review actions are not undo steps.
//! - **已提交的年度**: a unit changing a value of a year it submitted (not yet reviewed) takes the year back
//!   to 填报中; [`confirm_needed`] says so beforehand so the screen can ask first, and [`Applied::reopened`]
//!   reports it.
//!
//! Nothing is half-applied: an edit is checked whole before anything changes.

mod apply;
mod error;
mod model;

pub use apply::{apply, carry_replaces, confirm_needed, merge_carried};
pub use error::EditError;
pub use model::{Actor, Applied, Edit};
