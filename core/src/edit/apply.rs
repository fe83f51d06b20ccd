//! [`apply`]: the rules every change obeys (lock, stamp, change log, undo step, submitted years).

use super::error::EditError;
use super::model::{Actor, Applied, Edit};
use crate::catalogue::Catalogue;
use crate::dataset::{Dataset, Field, How, YearEntry};
use crate::entry_fields::set_entry_field;
use crate::io::{ApplyOptions, History, Snapshot};
use crate::review;

/// Largest band of a vaguely worded target (percentage points).
pub const MAX_BAND: f64 = 50.0;

/// Applies one edit to `ds` as `actor` at time `at` (ISO 8601), recording the undo step in `history`.
/// On an error nothing changed.
pub fn apply(
    ds: &mut Dataset,
    history: &mut History,
    cat: &Catalogue,
    actor: &Actor,
    at: &str,
    edit: Edit,
) -> Result<Applied, EditError> {
    let by = actor.name(cat);
    match edit {
        Edit::Field { indicator, year, field, text } => {
            let label = format!("修改 {} {year} 年{}", name_of(cat, &indicator), field.label());
            let key = format!("{indicator}|{year}|{field:?}");
            value_edit(ds, history, cat, actor, at, &indicator, year, Some(&key), &label, |e| set_entry_field(e, &field, text))
        }
        Edit::Stage { indicator, year, stage } => {
            let label = format!("修改 {} {year} 年{}", name_of(cat, &indicator), Field::Stage.label());
            value_edit(ds, history, cat, actor, at, &indicator, year, None, &label, |e| e.stage = stage)
        }
        Edit::Lead { indicator, unit } => {
            known(cat, &indicator)?;
            let label = format!("修改 {indicator} 牵头单位");
            Ok(step(ds, history, None, &label, at, |d| crate::units::set_lead(d, cat, &indicator, &unit)))
        }
        Edit::CoUnit { indicator, unit, on } => {
            known(cat, &indicator)?;
            let label = format!("修改 {indicator} 配合单位");
            Ok(step(ds, history, None, &label, at, |d| crate::units::toggle_co(d, cat, &indicator, &unit, on)))
        }
        Edit::Band { indicator, band } => {
            known(cat, &indicator)?;
            if let Some(b) = band.filter(|b| !(0.0..=MAX_BAND).contains(b)) {
                return Err(EditError::Band { value: b, max: MAX_BAND });
            }
            let label = format!("修改 {indicator} 带宽");
            Ok(step(ds, history, Some(&format!("band|{indicator}")), &label, at, |d| set_band(d, &indicator, band)))
        }
        Edit::Text { key, label, text } => {
            let group = format!("text|{key}");
            Ok(step(ds, history, Some(&group), &label, at, |d| crate::report::set_text(d, &key, &text)))
        }
        Edit::AddUnit { name } => {
            let label = format!("添加单位“{}”", name.trim());
            units_edit(ds, history, at, &label, |d| crate::units::add_unit(d, cat, &name))
        }
        Edit::RenameUnit { old, new } => {
            let label = format!("单位“{old}”改名为“{}”", new.trim());
            units_edit(ds, history, at, &label, |d| crate::units::rename_unit(d, cat, &old, &new).map(|_| ()))
        }
        Edit::RemoveUnit { name } => {
            let label = format!("删除单位“{name}”");
            units_edit(ds, history, at, &label, |d| crate::units::remove_unit(d, cat, &name))
        }
        Edit::Submit { unit, year } => {
            own_unit(actor, &unit)?;
            let fill = review::submit(ds, cat, &unit, year, at)?;
            history.end_group();
            let msg = format!("已提交 {} {year} 年数据（{}），等待妇儿工委办审核。", unit.trim(), fill.line());
            Ok(Applied { message: Some(msg), ..Default::default() })
        }
        Edit::Withdraw { unit, year } => {
            own_unit(actor, &unit)?;
            review::withdraw(ds, &unit, year, at)?;
            history.end_group();
            let msg = format!("已撤回 {} {year} 年的提交，可以继续修改后再提交。", unit.trim());
            Ok(Applied { message: Some(msg), ..Default::default() })
        }
        Edit::Accept { unit, year } => {
            office(actor, "审核")?;
            let n = review::accept(ds, cat, &unit, year, at)?;
            history.end_group();
            let msg = format!("已审核通过 {} {year} 年数据，该单位填报的 {n} 个数值已锁定（空白的指标未锁定）。", unit.trim());
            Ok(Applied { message: Some(msg), ..Default::default() })
        }
        Edit::Return { unit, year, reason } => {
            office(actor, "退回")?;
            review::return_year(ds, cat, &unit, year, &reason, at)?;
            history.end_group();
            let msg = format!("已退回 {} {year} 年数据（理由：{}）。", unit.trim(), reason.trim());
            Ok(Applied { message: Some(msg), ..Default::default() })
        }
        Edit::Unlock { indicator, year, reason } => {
            office(actor, "解锁")?;
            review::unlock(ds, &indicator, year, &reason, &by, at)?;
            history.end_group();
            let msg = format!("已解锁 {} {year} 年的数值（理由：{}）。", cat.indicator_label(&indicator), reason.trim());
            Ok(Applied { message: Some(msg), ..Default::default() })
        }
        Edit::Import { preview, resolutions, unlocks, label } => {
            if preview.base != *ds {
                return Err(EditError::StalePreview);
            }
            let opts = ApplyOptions { resolutions, unlocks, at, by: &by, merge: false };
            let new = crate::io::apply_with(&preview, &opts);
            Ok(bulk(ds, history, &label, at, new, 0, true))
        }
        Edit::Replace { label, dataset, how } => {
            let (new, kept) = review::carry_over(ds, *dataset, how, &by, at);
            Ok(bulk(ds, history, &label, at, new, kept.len(), true))
        }
        Edit::Carry { label, dataset } => {
            office(actor, "转入上一期数据")?;
            let (new, kept) = merge_carried(ds, *dataset, at);
            Ok(bulk(ds, history, &label, at, new, kept.len(), true))
        }
        Edit::Load { label, dataset, snapshot } => Ok(bulk(ds, history, &label, at, *dataset, 0, snapshot)),
        Edit::Restore { snapshot } => {
            let label = format!("恢复快照“{}”", snapshot.label);
            let how = How::Restore { snapshot: snapshot.label.clone() };
            let (new, kept) = review::carry_over(ds, snapshot.dataset, how, &by, at);
            Ok(bulk(ds, history, &label, at, new, kept.len(), true))
        }
        Edit::Undo | Edit::Redo => {
            let undo = edit == Edit::Undo;
            let label = if undo { history.undo_label() } else { history.redo_label() }.map(str::to_string);
            let target = if undo { history.undo(ds.clone(), at) } else { history.redo(ds.clone(), at) };
            let target = target.ok_or(if undo { EditError::NothingToUndo } else { EditError::NothingToRedo })?;
            let how = if undo { How::Undo } else { How::Redo };
            let (new, kept) = review::carry_over(ds, target, how, &by, at);
            *ds = new;
            Ok(Applied { undo_label: label, kept_locked: kept.len(), message: kept_message(kept.len()), ..Default::default() })
        }
    }
}

/// The question to ask before applying `edit`, when it has a consequence the user should confirm: a unit
/// changing a value of a year it has submitted takes the year back to 填报中.
pub fn confirm_needed(ds: &Dataset, cat: &Catalogue, actor: &Actor, edit: &Edit) -> Option<String> {
    let (Edit::Field { indicator, year, .. } | Edit::Stage { indicator, year, .. }) = edit else { return None };
    let unit = actor.unit()?;
    review::reopened_by(ds, cat, unit, indicator, *year)?;
    Some(format!(
        "{unit} {year} 年数据已提交、等待审核。修改后本年度回到“填报中”，需要重新提交。确定修改吗？"
    ))
}

fn name_of(cat: &Catalogue, id: &str) -> String {
    cat.indicator(id).map(|r| r.indicator.name.clone()).unwrap_or_else(|| id.to_string())
}

fn known(cat: &Catalogue, id: &str) -> Result<(), EditError> {
    match cat.indicator(id) {
        Some(_) => Ok(()),
        None => Err(EditError::UnknownIndicator { id: id.into() }),
    }
}

fn office(actor: &Actor, action: &'static str) -> Result<(), EditError> {
    match actor {
        Actor::Office => Ok(()),
        Actor::Unit(_) => Err(EditError::OfficeOnly { action }),
    }
}

fn own_unit(actor: &Actor, unit: &str) -> Result<(), EditError> {
    match actor {
        Actor::Unit(a) if a.trim() == unit.trim() => Ok(()),
        Actor::Unit(a) => Err(EditError::OtherUnit { actor: a.clone(), unit: unit.trim().into() }),
        Actor::Office => Err(EditError::Review(review::ReviewError::NoUnit)),
    }
}

/// A change of one year's entry: refused when the value is locked; stamped with the acting unit and time;
/// logged (录入, one entry per field while typing); the acting unit's submitted year goes back to 填报中.
#[allow(clippy::too_many_arguments)]
fn value_edit(
    ds: &mut Dataset,
    history: &mut History,
    cat: &Catalogue,
    actor: &Actor,
    at: &str,
    id: &str,
    year: u16,
    key: Option<&str>,
    label: &str,
    change: impl FnOnce(&mut YearEntry),
) -> Result<Applied, EditError> {
    known(cat, id)?;
    if !cat.period.contains(year) {
        return Err(EditError::YearOutOfRange { year, range: cat.period.data_range() });
    }
    if let Some(l) = review::lock_of(ds, id, year) {
        return Err(EditError::Locked {
            indicator: cat.indicator_label(id),
            year,
            by: l.by.clone(),
            at: l.at.clone(),
        });
    }
    let by = actor.name(cat);
    let reopened = actor.unit().and_then(|u| review::reopened_by(ds, cat, u, id, year));
    let continues = history.step(key, label, at, || ds.clone());
    if let (Some(y), Some(u)) = (reopened, actor.unit()) {
        review::reopen(ds, u, y, at);
    }
    let before = ds.entry(id, year).cloned();
    let mut e = before.clone().unwrap_or_default();
    change(&mut e);
    stamp(&mut e, actor.unit(), at);
    ds.set_entry(id, year, e);
    review::log_entry_edit(ds, id, year, before, &by, at, continues && reopened.is_none());
    let message = reopened.map(|y| format!("已修改已提交的 {y} 年数据：本年度回到“填报中”，请核对后重新提交。"));
    Ok(Applied { undo_label: Some(label.to_string()), continues, message, reopened, ..Default::default() })
}

/// Records who entered a value and when (for merge, audit and the review's locks).
fn stamp(e: &mut YearEntry, unit: Option<&str>, at: &str) {
    if let Some(u) = unit {
        e.unit = u.to_string();
    }
    e.updated_at = at.to_string();
}

/// A settings change as an undo step (grouped by `key` when given).
fn step(ds: &mut Dataset, history: &mut History, key: Option<&str>, label: &str, at: &str, f: impl FnOnce(&mut Dataset)) -> Applied {
    let continues = history.step(key, label, at, || ds.clone());
    f(ds);
    Applied { undo_label: Some(label.to_string()), continues, ..Default::default() }
}

/// A change of the unit list, applied to a copy first so a refusal changes nothing.
fn units_edit(
    ds: &mut Dataset,
    history: &mut History,
    at: &str,
    label: &str,
    f: impl FnOnce(&mut Dataset) -> Result<(), crate::units::UnitError>,
) -> Result<Applied, EditError> {
    let mut new = ds.clone();
    f(&mut new).map_err(EditError::Units)?;
    Ok(step(ds, history, None, label, at, |d| *d = new))
}

/// Sets (or clears) the band override of an indicator.
fn set_band(ds: &mut Dataset, id: &str, band: Option<f64>) {
    let s = ds.settings.entry(id.to_string()).or_default();
    s.band = band;
    if *s == Default::default() {
        ds.settings.remove(id);
    }
}

/// The (indicator, year) whose current value a carry of `carried` would replace by a different one (locked
/// values are not replaced and not listed): what the screen names before asking to confirm.
pub fn carry_replaces(current: &Dataset, carried: &Dataset) -> Vec<(String, u16)> {
    let mut out = Vec::new();
    for (id, years) in &carried.data {
        for (y, e) in years {
            let Some(now) = current.entry(id, *y) else { continue };
            if !review::is_locked(current, id, *y) && now.content() != e.content() {
                out.push((id.clone(), *y));
            }
        }
    }
    out
}

/// `current` with the carried data merged in (see [`Edit::Carry`]); also the (indicator, year) of current
/// locked values kept although the carry had another value.
pub fn merge_carried(current: &Dataset, mut carried: Dataset, at: &str) -> (Dataset, Vec<(String, u16)>) {
    let mut out = current.clone();
    let mut kept = Vec::new();
    let empty = current.data.values().all(|m| m.is_empty());
    out.demo = if empty { carried.demo } else { current.demo || carried.demo };
    let data = std::mem::take(&mut carried.data);
    for (id, years) in data {
        for (y, e) in years {
            if review::is_locked(current, &id, y) {
                if current.entry(&id, y).map(YearEntry::content) != Some(e.content()) {
                    kept.push((id.clone(), y));
                }
                continue;
            }
            out.data.entry(id.clone()).or_default().insert(y, e);
            if let Some(lock) = review::lock_of(&carried, &id, y) {
                out.locks.entry(id.clone()).or_default().insert(y, lock.clone());
            }
        }
    }
    for (unit, years) in carried.reviews {
        for (y, r) in years {
            out.reviews.entry(unit.clone()).or_default().entry(y).or_insert(r);
        }
    }
    let log: Vec<_> = carried
        .log
        .into_iter()
        .filter(|l| !kept.iter().any(|(id, y)| *id == l.indicator && *y == l.year))
        .map(|mut l| {
            l.before = current.entry(&l.indicator, l.year).cloned();
            l
        })
        .collect();
    review::push_log(&mut out, log, at);
    (out, kept)
}

/// Replaces the whole data as one undo step; `snapshot`: the data before is also returned for the
/// snapshot list.
fn bulk(ds: &mut Dataset, history: &mut History, label: &str, at: &str, new: Dataset, kept: usize, snapshot: bool) -> Applied {
    let before = std::mem::replace(ds, new);
    history.push(label, at, before.clone());
    let snapshot = snapshot.then(|| Snapshot { label: format!("{label}之前"), at: at.to_string(), dataset: before });
    Applied { undo_label: Some(label.to_string()), snapshot, kept_locked: kept, message: kept_message(kept), ..Default::default() }
}

fn kept_message(n: usize) -> Option<String> {
    (n > 0).then(|| format!("{n} 个已审核锁定的数值保持不变（锁定的数值只能写明理由解锁后修改）。"))
}
