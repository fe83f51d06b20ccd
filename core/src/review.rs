//! # 审核与锁定、修改记录 / Review, locks and the change log
//!
//! 各责任单位按年度报送数据，区妇儿工委办审核后数据锁定，每一次数值改动都有记录（参照 DHIS2 的 data approval 与
//! audit log）。Units report each year; the office reviews and accepts (the values lock); every change of a
//! value is on record.
//!
//! - **状态**（每个单位、每个年度）：填报中（无记录）→ 已提交（单位提交本年度）→ 已审核（工委办接受：该单位该年度
//!   牵头或配合的指标数值全部锁定）或 已退回（附理由，单位可见，改后再提交）。只能审核或退回“已提交”的年度。
//! - **锁定**按（指标、年度）记录（谁、何时、因哪个单位的审核）。锁定的数值在应用中不能修改；导入、合并、撤销、恢复
//!   快照都不会改动它：导入或合并时列为需要“解锁”的冲突，只有写明理由解锁后才能采用新值，解锁记入修改记录。
//! - **修改记录**：数值的每次改动（录入、导入（文件名）、合并、撤销、重做、恢复快照）以及审核动作（提交、审核、退回、
//!   解锁）都记入 `Dataset.log`：时间、操作者（单位名或工委办）、指标、年度、改动前 → 改动后、方式。连续键入同一格
//!   只记一条（与撤销步骤一致）。合并、导入时两边的记录按内容去重合并。记录最多保留 [`MAX_LOG`] 条：超出时最早的
//!   记录移出，并在 `Dataset.log_trimmed` 中写明移出了多少条、最晚到何时，界面提示——绝不悄悄截断。
//! - **权限**：单位导出的文件（`exported_by` 为单位名）不能含有“已审核”状态或锁定，也不能含其他单位的状态；
//!   这样的文件整份拒绝。本工具没有账号：“单位模式”决定以谁的身份操作（工委办 = 不选单位）。

use crate::catalogue::Catalogue;
use crate::dataset::{Dataset, YearEntry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Largest number of change-log entries kept in a dataset (about 1 MB in a data file).
pub const MAX_LOG: usize = 5000;

/// A unit's reporting state for one year (none = 填报中).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// 已提交: the unit submitted the year.
    Submitted,
    /// 已审核: the office accepted it; the values are locked.
    Accepted,
    /// 已退回: the office returned it with a reason.
    Returned,
}

impl ReviewState {
    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Submitted => "已提交",
            ReviewState::Accepted => "已审核",
            ReviewState::Returned => "已退回",
        }
    }
}

/// Label of a unit-year without a review record.
pub const DRAFTING: &str = "填报中";

/// The latest review action on a unit's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub state: ReviewState,
    /// When (ISO 8601) and by whom (the unit, or the office).
    pub at: String,
    pub by: String,
    /// 退回 reason (empty otherwise).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A locked value: which unit's acceptance locked it, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    pub unit: String,
    pub at: String,
    pub by: String,
}

/// How a change came about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum How {
    /// 录入: typed in the app.
    Entry,
    /// 导入 a file (its name).
    Import { file: String },
    /// 合并 unit files (the file the kept value came from).
    Merge { file: String },
    /// 撤销 / 重做.
    Undo,
    Redo,
    /// 恢复快照 (its label).
    Restore { snapshot: String },
    /// Other replacements of the whole data (载入演示数据, 清空, 载入另一个窗口的数据 …), with the label.
    Replace { label: String },
    /// 提交 / 审核 / 退回 a unit's year (no value changes).
    Submit,
    Accept,
    Return { reason: String },
    /// 解锁 a value, with the reason.
    Unlock { reason: String },
    /// 转入 from the previous period's catalogue (its id) and indicator (`crate::carry`).
    Carried { catalogue: String, indicator: String },
}

impl How {
    /// "录入", "导入 卫健局.json", "撤销", "解锁（理由：…）" …
    pub fn label(&self) -> String {
        match self {
            How::Entry => "录入".into(),
            How::Import { file } => format!("导入 {file}"),
            How::Merge { file } => format!("合并 {file}"),
            How::Undo => "撤销".into(),
            How::Redo => "重做".into(),
            How::Restore { snapshot } => format!("恢复快照“{snapshot}”"),
            How::Replace { label } => label.clone(),
            How::Submit => "提交".into(),
            How::Accept => "审核通过".into(),
            How::Return { reason } => format!("退回（理由：{reason}）"),
            How::Unlock { reason } => format!("解锁（理由：{reason}）"),
            How::Carried { catalogue, indicator } => format!("从上一期目录 {catalogue} 转入（原指标 {indicator}）"),
        }
    }
}

/// One change on record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LogEntry {
    /// When (ISO 8601) and by whom (a unit, or the office).
    pub at: String,
    pub by: String,
    /// The indicator and year changed; for review actions the indicator is empty and `unit` names the unit.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub indicator: String,
    pub year: u16,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    pub how: How,
    /// The entry before and after (None: there was / is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<YearEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<YearEntry>,
}

/// Entries moved out of the log when it reached [`MAX_LOG`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogTrim {
    pub count: usize,
    /// Time of the newest entry moved out.
    pub until: String,
    /// When they were moved out.
    pub at: String,
}

/// The administrative level of the catalogue's region: "区", "县", "市" … ("" when the name does not say).
pub fn level(cat: &Catalogue) -> String {
    cat.region.chars().last().filter(|c| "区县市旗州盟".contains(*c)).map(String::from).unwrap_or_default()
}

/// The office's name in the catalogue's region: "区妇儿工委办" for a 区, "县妇儿工委办" for a 县 …
pub fn office_name(cat: &Catalogue) -> String {
    format!("{}妇儿工委办", level(cat))
}

/// The review of `unit`'s `year`, if any.
pub fn review_of<'a>(ds: &'a Dataset, unit: &str, year: u16) -> Option<&'a Review> {
    ds.reviews.get(unit.trim()).and_then(|m| m.get(&year))
}

/// "填报中", "已提交", "已审核", "已退回".
pub fn state_label(r: Option<&Review>) -> &'static str {
    r.map_or(DRAFTING, |r| r.state.label())
}

/// The lock of a value, if it is locked.
pub fn lock_of<'a>(ds: &'a Dataset, indicator: &str, year: u16) -> Option<&'a Lock> {
    ds.locks.get(indicator).and_then(|m| m.get(&year))
}

pub fn is_locked(ds: &Dataset, indicator: &str, year: u16) -> bool {
    lock_of(ds, indicator, year).is_some()
}

/// Appends entries to the log, keeping it within [`MAX_LOG`] (the oldest are moved out and counted in
/// `log_trimmed`). Returns how many were moved out now.
pub fn push_log(ds: &mut Dataset, entries: impl IntoIterator<Item = LogEntry>, at: &str) -> usize {
    ds.log.extend(entries);
    let extra = ds.log.len().saturating_sub(MAX_LOG);
    if extra > 0 {
        let until = ds.log[extra - 1].at.clone();
        ds.log.drain(..extra);
        ds.log_trimmed.push(LogTrim { count: extra, until, at: at.to_string() });
    }
    extra
}

/// The log entries of every value that differs from `before` to `after` (content, not bookkeeping).
pub fn changes(before: &Dataset, after: &Dataset, how: &How, by: &str, at: &str) -> Vec<LogEntry> {
    let mut out = Vec::new();
    let ids: std::collections::BTreeSet<&String> = before.data.keys().chain(after.data.keys()).collect();
    for id in ids {
        let years: std::collections::BTreeSet<u16> = before
            .data
            .get(id)
            .into_iter()
            .flat_map(|m| m.keys().copied())
            .chain(after.data.get(id).into_iter().flat_map(|m| m.keys().copied()))
            .collect();
        for y in years {
            let b = before.entry(id, y);
            let a = after.entry(id, y);
            if b.map(YearEntry::content) != a.map(YearEntry::content) {
                out.push(LogEntry {
                    at: at.to_string(),
                    by: by.to_string(),
                    indicator: id.clone(),
                    year: y,
                    unit: String::new(),
                    how: how.clone(),
                    before: b.cloned(),
                    after: a.cloned(),
                });
            }
        }
    }
    out
}

/// Logs one typed change. Consecutive keystrokes in one field are one entry: when `continues` is true and
/// the last entry is a typed change of the same indicator and year, its `after` and time are updated.
pub fn log_entry_edit(ds: &mut Dataset, id: &str, year: u16, before: Option<YearEntry>, by: &str, at: &str, continues: bool) {
    let after = ds.entry(id, year).cloned();
    if let (true, Some(last)) = (continues, ds.log.last_mut()) {
        if last.how == How::Entry && last.indicator == id && last.year == year && last.by == by {
            last.after = after;
            last.at = at.to_string();
            return;
        }
    }
    if before.as_ref().map(YearEntry::content) == after.as_ref().map(YearEntry::content) {
        return;
    }
    let e = LogEntry { at: at.into(), by: by.into(), indicator: id.into(), year, unit: String::new(), how: How::Entry, before, after };
    push_log(ds, [e], at);
}

/// Carries what undo, redo and restoring a snapshot must not take back into `restored`: the change log
/// (with entries for the values that change now), the review states and the locks — and every locked
/// value stays as it is now. Returns the restored data and the (indicator, year) of the locked values kept.
pub fn carry_over(current: &Dataset, mut restored: Dataset, how: How, by: &str, at: &str) -> (Dataset, Vec<(String, u16)>) {
    let mut kept = Vec::new();
    for (id, years) in &current.locks {
        for y in years.keys() {
            let now = current.entry(id, *y).cloned();
            if restored.entry(id, *y).map(YearEntry::content) != now.as_ref().map(YearEntry::content) {
                kept.push((id.clone(), *y));
            }
            match now {
                Some(e) => restored.data.entry(id.clone()).or_default().insert(*y, e),
                None => restored.data.get_mut(id).and_then(|m| m.remove(y)),
            };
            if restored.data.get(id).is_some_and(|m| m.is_empty()) {
                restored.data.remove(id);
            }
        }
    }
    restored.reviews = current.reviews.clone();
    restored.locks = current.locks.clone();
    restored.log = current.log.clone();
    restored.log_trimmed = current.log_trimmed.clone();
    let entries = changes(current, &restored, &how, by, at);
    push_log(&mut restored, entries, at);
    (restored, kept)
}

fn review_event(by: &str, unit: &str, year: u16, how: How, at: &str) -> LogEntry {
    LogEntry { at: at.into(), by: by.into(), indicator: String::new(), year, unit: unit.into(), how, before: None, after: None }
}

/// The unit submits its year (from 填报中 or 已退回). Refused when the year is already submitted or accepted.
pub fn submit(ds: &mut Dataset, cat: &Catalogue, unit: &str, year: u16, at: &str) -> Result<(), String> {
    let unit = unit.trim();
    if unit.is_empty() {
        return Err("请先在“单位模式”中选择本单位，再提交".into());
    }
    if !cat.period.contains(year) {
        return Err(format!("年份须在 {} 之间", cat.period.data_range()));
    }
    match review_of(ds, unit, year).map(|r| r.state) {
        Some(ReviewState::Submitted) => return Err(format!("{unit} {year} 年数据已提交，等待审核")),
        Some(ReviewState::Accepted) => return Err(format!("{unit} {year} 年数据已审核，不能再次提交")),
        _ => {}
    }
    ds.reviews
        .entry(unit.to_string())
        .or_default()
        .insert(year, Review { state: ReviewState::Submitted, at: at.into(), by: unit.into(), reason: String::new() });
    push_log(ds, [review_event(unit, unit, year, How::Submit, at)], at);
    Ok(())
}

/// The office accepts a submitted year: every indicator the unit leads or co-operates on is locked for the
/// year. Returns how many values were locked.
pub fn accept(ds: &mut Dataset, cat: &Catalogue, unit: &str, year: u16, at: &str) -> Result<usize, String> {
    let unit = unit.trim();
    if review_of(ds, unit, year).map(|r| r.state) != Some(ReviewState::Submitted) {
        return Err(format!("{unit} {year} 年数据尚未提交（{}），不能审核", state_label(review_of(ds, unit, year))));
    }
    let by = office_name(cat);
    let ids: Vec<String> = cat
        .indicators()
        .iter()
        .filter(|r| ds.is_unit_indicator(r.indicator, unit))
        .map(|r| r.indicator.id.clone())
        .collect();
    for id in &ids {
        ds.locks.entry(id.clone()).or_default().entry(year).or_insert_with(|| Lock { unit: unit.into(), at: at.into(), by: by.clone() });
    }
    ds.reviews
        .entry(unit.to_string())
        .or_default()
        .insert(year, Review { state: ReviewState::Accepted, at: at.into(), by: by.clone(), reason: String::new() });
    push_log(ds, [review_event(&by, unit, year, How::Accept, at)], at);
    Ok(ids.len())
}

/// The office returns a submitted year with a reason the unit sees.
pub fn return_year(ds: &mut Dataset, cat: &Catalogue, unit: &str, year: u16, reason: &str, at: &str) -> Result<(), String> {
    let unit = unit.trim();
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("退回须写明理由".into());
    }
    if review_of(ds, unit, year).map(|r| r.state) != Some(ReviewState::Submitted) {
        return Err(format!("{unit} {year} 年数据尚未提交（{}），不能退回", state_label(review_of(ds, unit, year))));
    }
    let by = office_name(cat);
    ds.reviews
        .entry(unit.to_string())
        .or_default()
        .insert(year, Review { state: ReviewState::Returned, at: at.into(), by: by.clone(), reason: reason.into() });
    push_log(ds, [review_event(&by, unit, year, How::Return { reason: reason.into() }, at)], at);
    Ok(())
}

/// Unlocks one value with a reason (recorded). The unit-year stays 已审核 for its other values.
pub fn unlock(ds: &mut Dataset, id: &str, year: u16, reason: &str, by: &str, at: &str) -> Result<(), String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err("解锁须写明理由".into());
    }
    let Some(lock) = ds.locks.get_mut(id).and_then(|m| m.remove(&year)) else {
        return Err(format!("{id} {year} 年的数值没有锁定"));
    };
    if ds.locks.get(id).is_some_and(|m| m.is_empty()) {
        ds.locks.remove(id);
    }
    let now = ds.entry(id, year).cloned();
    let e = LogEntry {
        at: at.into(),
        by: by.into(),
        indicator: id.into(),
        year,
        unit: lock.unit,
        how: How::Unlock { reason: reason.into() },
        before: now.clone(),
        after: now,
    };
    push_log(ds, [e], at);
    Ok(())
}

/// Merges another dataset's log into `into` without duplicates, in time order (stable).
pub fn merge_logs(into: &mut Vec<LogEntry>, other: &[LogEntry]) {
    let mut seen: std::collections::BTreeSet<LogEntry> = into.iter().cloned().collect();
    for e in other {
        if seen.insert(e.clone()) {
            into.push(e.clone());
        }
    }
    into.sort_by(|a, b| crate::io::time::cmp_time(&a.at, &b.at));
}

/// The later of two reviews of one unit-year (by time; the other on a tie).
pub fn later_review<'a>(a: &'a Review, b: &'a Review) -> &'a Review {
    if crate::io::time::cmp_time(&b.at, &a.at).is_gt() {
        b
    } else {
        a
    }
}

/// Review states, locks and logs of `from` joined into `into`: per unit-year the later review; every lock
/// (the earlier kept when both have one); logs without duplicates.
pub fn join(into: &mut Dataset, from: &Dataset) {
    for (unit, years) in &from.reviews {
        let mine = into.reviews.entry(unit.clone()).or_default();
        for (y, r) in years {
            let keep = match mine.get(y) {
                Some(m) => later_review(m, r).clone(),
                None => r.clone(),
            };
            mine.insert(*y, keep);
        }
    }
    for (id, years) in &from.locks {
        let mine = into.locks.entry(id.clone()).or_default();
        for (y, l) in years {
            mine.entry(*y).or_insert_with(|| l.clone());
        }
    }
    merge_logs(&mut into.log, &from.log);
    for t in &from.log_trimmed {
        if !into.log_trimmed.contains(t) {
            into.log_trimmed.push(t.clone());
        }
    }
}

/// How final a year's data are over `units`: (accepted, submitted not yet accepted, not submitted or
/// returned).
pub fn finality(ds: &Dataset, units: &[String], year: u16) -> (usize, usize, usize) {
    let mut n = (0, 0, 0);
    for u in units {
        match review_of(ds, u, year).map(|r| r.state) {
            Some(ReviewState::Accepted) => n.0 += 1,
            Some(ReviewState::Submitted) => n.1 += 1,
            _ => n.2 += 1,
        }
    }
    n
}

/// "2025 年数据：已审核 28 个单位，已提交未审核 2 个，未提交 1 个".
pub fn finality_line(ds: &Dataset, units: &[String], year: u16) -> String {
    let (a, s, d) = finality(ds, units, year);
    format!("{year} 年数据：已审核 {a} 个单位，已提交未审核 {s} 个，未提交 {d} 个")
}

/// The log filtered by indicator and/or unit (a unit's entries: those it made, those about it, and the
/// changes of the indicators it leads or co-operates on).
pub fn log_of<'a>(ds: &'a Dataset, cat: &Catalogue, indicator: Option<&str>, unit: Option<&str>) -> Vec<&'a LogEntry> {
    ds.log
        .iter()
        .filter(|e| indicator.is_none_or(|i| e.indicator == i))
        .filter(|e| {
            unit.is_none_or(|u| {
                e.by == u
                    || e.unit == u
                    || cat.indicator(&e.indicator).is_some_and(|r| ds.is_unit_indicator(r.indicator, u))
            })
        })
        .collect()
}

/// One log line for people: "2026-03-01 10:00 区卫健局 录入 孕产妇死亡率（W1-4-2） 2024 年：（空） → 分子 3；分母 21500".
pub fn log_line(cat: &Catalogue, e: &LogEntry) -> String {
    let when = crate::io::time::short_time(&e.at);
    if e.indicator.is_empty() {
        return format!("{when} {} {} {} {} 年", e.by, e.how.label(), e.unit, e.year);
    }
    let ind = cat.indicator(&e.indicator).map(|r| r.indicator);
    let text = |x: &Option<YearEntry>| x.as_ref().map_or("（空）".to_string(), |y| crate::io::entry_summary(ind, y));
    let change = if matches!(e.how, How::Unlock { .. }) {
        format!("数值 {}", text(&e.after))
    } else {
        format!("{} → {}", text(&e.before), text(&e.after))
    };
    format!("{when} {} {} {} {} 年：{change}", e.by, e.how.label(), cat.indicator_label(&e.indicator), e.year)
}

/// Problems of review records a file's exporter had no right to write: a unit's file (`exported_by` a unit)
/// may carry only its own units' 已提交/已退回 states, and no locks.
pub fn unauthorised(ds: &Dataset, exported_by: &str) -> Vec<String> {
    let by = exported_by.trim();
    if by.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if !ds.locks.is_empty() {
        let n: usize = ds.locks.values().map(BTreeMap::len).sum();
        out.push(format!("单位文件（{by}导出）含有 {n} 个锁定的数值；只有妇儿工委办审核后才能锁定"));
    }
    for (unit, years) in &ds.reviews {
        for (y, r) in years {
            if r.state == ReviewState::Accepted {
                out.push(format!("单位文件（{by}导出）把 {unit} {y} 年数据标为“已审核”；单位不能自行审核"));
            } else if unit != by {
                out.push(format!("单位文件（{by}导出）含有其他单位（{unit}）{y} 年的报送状态"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static Catalogue {
        Catalogue::embedded()
    }

    fn unit_and_indicator() -> (String, String) {
        let r = cat().indicators().into_iter().find(|r| !r.indicator.lead_unit.is_empty()).expect("a lead unit");
        (r.indicator.lead_unit.clone(), r.indicator.id.clone())
    }

    fn value(v: &str) -> YearEntry {
        YearEntry { value: v.into(), ..Default::default() }
    }

    #[test]
    fn states_go_submitted_then_accepted_or_returned() {
        let (unit, id) = unit_and_indicator();
        let mut ds = Dataset::default();
        assert_eq!(state_label(review_of(&ds, &unit, 2024)), "填报中");
        assert!(accept(&mut ds, cat(), &unit, 2024, "t1").unwrap_err().contains("尚未提交"));
        assert!(submit(&mut ds, cat(), "", 2024, "t1").is_err());
        assert!(submit(&mut ds, cat(), &unit, 2031, "t1").is_err());
        submit(&mut ds, cat(), &unit, 2024, "t1").expect("submits");
        assert!(submit(&mut ds, cat(), &unit, 2024, "t2").unwrap_err().contains("等待审核"));
        assert!(return_year(&mut ds, cat(), &unit, 2024, " ", "t2").unwrap_err().contains("理由"));
        return_year(&mut ds, cat(), &unit, 2024, "孕产妇死亡数与妇幼年报不一致", "t2").expect("returns");
        assert_eq!(review_of(&ds, &unit, 2024).map(|r| r.reason.as_str()), Some("孕产妇死亡数与妇幼年报不一致"));
        submit(&mut ds, cat(), &unit, 2024, "t3").expect("submits again after a return");
        let n = accept(&mut ds, cat(), &unit, 2024, "t4").expect("accepts");
        assert!(n > 0);
        assert!(is_locked(&ds, &id, 2024) && !is_locked(&ds, &id, 2023));
        assert_eq!(lock_of(&ds, &id, 2024).map(|l| l.by.as_str()), Some("区妇儿工委办"));
        assert!(submit(&mut ds, cat(), &unit, 2024, "t5").unwrap_err().contains("已审核"));
        let hows: Vec<String> = ds.log.iter().map(|e| e.how.label()).collect();
        assert_eq!(hows, ["提交", "退回（理由：孕产妇死亡数与妇幼年报不一致）", "提交", "审核通过"]);
        assert_eq!(finality(&ds, &[unit.clone(), "区档案馆".into()], 2024), (1, 0, 1));
        assert_eq!(finality_line(&ds, &[unit], 2024), "2024 年数据：已审核 1 个单位，已提交未审核 0 个，未提交 0 个");
    }

    #[test]
    fn undo_and_restore_keep_locked_values_and_the_log() {
        let (unit, id) = unit_and_indicator();
        let mut ds = Dataset::default();
        ds.set_entry(&id, 2024, value("1"));
        let before_accept = ds.clone();
        submit(&mut ds, cat(), &unit, 2024, "t1").expect("submit");
        accept(&mut ds, cat(), &unit, 2024, "t2").expect("accept");
        ds.set_entry(&id, 2023, value("7"));
        // Restoring the empty data: the locked 2024 value stays, the unlocked 2023 value goes.
        let (restored, kept) = carry_over(&ds, Dataset::default(), How::Restore { snapshot: "清空之前".into() }, "区妇儿工委办", "t3");
        assert_eq!(kept, vec![(id.clone(), 2024)]);
        assert_eq!(restored.entry(&id, 2024).map(|e| e.value.as_str()), Some("1"));
        assert!(restored.entry(&id, 2023).is_none());
        assert!(is_locked(&restored, &id, 2024));
        let last = restored.log.last().expect("logged");
        assert_eq!((last.indicator.as_str(), last.year, last.how.label()), (id.as_str(), 2023, "恢复快照“清空之前”".to_string()));
        // The log and reviews are not undone either.
        let (undone, _) = carry_over(&restored, before_accept, How::Undo, "区妇儿工委办", "t4");
        assert!(undone.log.len() >= restored.log.len());
        assert!(review_of(&undone, &unit, 2024).is_some_and(|r| r.state == ReviewState::Accepted));
    }

    #[test]
    fn unlock_needs_a_reason_and_is_recorded() {
        let (unit, id) = unit_and_indicator();
        let mut ds = Dataset::default();
        submit(&mut ds, cat(), &unit, 2024, "t1").expect("submit");
        accept(&mut ds, cat(), &unit, 2024, "t2").expect("accept");
        assert!(unlock(&mut ds, &id, 2024, "", "区妇儿工委办", "t3").is_err());
        assert!(unlock(&mut ds, &id, 2023, "更正", "区妇儿工委办", "t3").unwrap_err().contains("没有锁定"));
        unlock(&mut ds, &id, 2024, "统计局更正了活产数", "区妇儿工委办", "t3").expect("unlocks");
        assert!(!is_locked(&ds, &id, 2024));
        let e = ds.log.last().expect("logged");
        assert_eq!(e.how, How::Unlock { reason: "统计局更正了活产数".into() });
        assert!(log_line(cat(), e).contains("解锁（理由：统计局更正了活产数）"), "{}", log_line(cat(), e));
    }

    #[test]
    fn typing_is_one_entry_per_field_and_the_log_is_bounded_with_a_record() {
        let (_, id) = unit_and_indicator();
        let mut ds = Dataset::default();
        for (i, t) in ["9", "90", "90.5"].iter().enumerate() {
            let before = ds.entry(&id, 2024).cloned();
            ds.set_entry(&id, 2024, value(t));
            log_entry_edit(&mut ds, &id, 2024, before, "区卫健局", &format!("t{i}"), i > 0);
        }
        assert_eq!(ds.log.len(), 1);
        assert_eq!(ds.log[0].after.as_ref().map(|e| e.value.as_str()), Some("90.5"));
        assert!(ds.log[0].before.is_none());
        let many: Vec<LogEntry> = (0..MAX_LOG + 10).map(|i| LogEntry { at: format!("2026-01-01T00:00:{:02}Z", i % 60), ..ds.log[0].clone() }).collect();
        let moved = push_log(&mut ds, many, "now");
        assert_eq!(moved, 11);
        assert_eq!(ds.log.len(), MAX_LOG);
        assert_eq!(ds.log_trimmed, vec![LogTrim { count: 11, until: "2026-01-01T00:00:09Z".into(), at: "now".into() }]);
    }

    #[test]
    fn joins_keep_both_logs_once_and_the_later_review() {
        let (unit, _) = unit_and_indicator();
        let mut a = Dataset::default();
        submit(&mut a, cat(), &unit, 2024, "2026-03-01T00:00:00Z").expect("submit");
        let mut b = a.clone();
        accept(&mut b, cat(), &unit, 2024, "2026-03-02T00:00:00Z").expect("accept");
        join(&mut a, &b);
        assert_eq!(a.log.len(), 2, "the shared submit entry once");
        assert_eq!(review_of(&a, &unit, 2024).map(|r| r.state), Some(ReviewState::Accepted));
        assert_eq!(a.locks, b.locks);
    }

    #[test]
    fn a_units_file_cannot_carry_what_only_the_office_may_set() {
        let (unit, _) = unit_and_indicator();
        let mut ds = Dataset::default();
        submit(&mut ds, cat(), &unit, 2024, "t1").expect("submit");
        assert!(unauthorised(&ds, &unit).is_empty());
        assert!(!unauthorised(&ds, "区档案馆").is_empty(), "another unit's state");
        accept(&mut ds, cat(), &unit, 2024, "t2").expect("accept");
        let why = unauthorised(&ds, &unit);
        assert!(why.iter().any(|w| w.contains("锁定")) && why.iter().any(|w| w.contains("不能自行审核")), "{why:?}");
        assert!(unauthorised(&ds, "").is_empty(), "the office's file");
    }

    #[test]
    fn office_names_follow_the_region() {
        let mut c = cat().clone();
        assert_eq!(office_name(&c), "区妇儿工委办");
        c.region = "青山县".into();
        assert_eq!(office_name(&c), "县妇儿工委办");
    }
}
