//! # 审核与锁定、修改记录 / Review, locks and the change log
//!
//! 各责任单位按年度报送数据，区妇儿工委办审核后数据锁定，每一次数值改动都有记录（参照 DHIS2 的 data approval 与
//! audit log）。Units report each year; the office reviews and accepts (the values lock); every change of a
//! value is on record.
//!
//! - **状态**（每个单位、每个年度）：填报中（无记录，或撤回后的记录）→ 已提交（单位提交本年度；该单位牵头或配合
//!   的指标一项都没填的年度不能提交，[`year_fill`] 列出已填、未填）→ 已审核（工委办接受）或 已退回（附理由，单位可见，
//!   改后再提交）。只能审核或退回“已提交”的年度；尚未审核的提交单位可以撤回（[`withdraw`]）；单位修改自己已提交
//!   年度的数值时该年回到填报中（[`reopened_by`]、[`reopen`]，由 `crate::edit` 在修改时执行并先请确认）。
//! - **审核通过锁定什么**（[`lockable`]）：该单位牵头或配合的指标中，审核时已有、且由该单位填报（数值上记有该单位）
//!   的数值。空白的不锁定（以后补报的是新数据，不是冲突）；其他单位或工委办填报的数值不受影响。
//! - **锁定**按（指标、年度）记录（谁、何时、因哪个单位的审核）。锁定的数值在应用中不能修改；导入、合并、撤销、恢复
//!   快照都不会改动它：导入或合并时列为需要“解锁”的冲突，只有写明理由解锁后才能采用新值，解锁记入修改记录。
//! - **修改记录**：数值的每次改动（录入、导入（文件名）、合并、撤销、重做、恢复快照）以及审核动作（提交、审核、退回、
//!   解锁）都记入 `Dataset.log`：时间、操作者（单位名或工委办）、指标、年度、改动前 → 改动后、方式。连续键入同一格
//!   只记一条（与撤销步骤一致）。合并、导入时两边的记录按内容去重合并。记录最多保留 [`MAX_LOG`] 条：超出时最早的
//!   记录移出，并在 `Dataset.log_trimmed` 中写明移出了多少条、最晚到何时，界面提示——绝不悄悄截断。
//! - **权限**：文件能说什么由发送者决定，不看文件自称什么（`io::trust`）：不是本机工委办自己的文件都是单位文件，只能带
//!   本单位的“已提交/已退回”状态和本单位对自己指标、自己提交的记录；审核、退回、解锁、锁定、记录移出一律整份拒绝。
//!   状态按逻辑先后（各方记录中的审核动作次数）合并，不看时间：单位的提交不会盖过审核，退回后再提交才是新一轮。
//!   修改记录移出时从不移出审核动作。本工具没有账号：“单位模式”决定以谁的身份操作（工委办 = 不选单位）。

use crate::catalogue::Catalogue;
pub use crate::dataset::{How, Lock, LogEntry, LogTrim, Review, ReviewState, DRAFTING};
use crate::dataset::{Dataset, UnitRole, YearEntry};

/// Largest number of change-log entries kept in a dataset (about 1 MB in a data file).
pub const MAX_LOG: usize = 5000;

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

/// Appends entries to the log, keeping it in time order (stable) and within [`MAX_LOG`] ([`trim_log`]).
/// Returns how many were moved out now.
pub fn push_log(ds: &mut Dataset, entries: impl IntoIterator<Item = LogEntry>, at: &str) -> usize {
    ds.log.extend(entries);
    if !ds.log.is_sorted_by(|a, b| crate::io::time::cmp_time(&a.at, &b.at).is_le()) {
        ds.log.sort_by(|a, b| crate::io::time::cmp_time(&a.at, &b.at));
    }
    trim_log(ds, at)
}

/// True for the review acts (提交, 审核通过, 退回, 解锁): trimming never moves them out.
pub fn is_review_act(how: &How) -> bool {
    matches!(how, How::Submit | How::Accept | How::Return { .. } | How::Unlock { .. })
}

/// Keeps the log within [`MAX_LOG`]: the oldest entries that are not review acts are moved out and counted
/// in `log_trimmed` (how many, the newest moved out, when); the order of the rest is kept. Returns how many.
pub fn trim_log(ds: &mut Dataset, at: &str) -> usize {
    let extra = ds.log.len().saturating_sub(MAX_LOG);
    if extra == 0 {
        return 0;
    }
    let (mut moved, mut until) = (0, String::new());
    ds.log.retain(|e| {
        if moved < extra && !is_review_act(&e.how) {
            moved += 1;
            until = e.at.clone();
            false
        } else {
            true
        }
    });
    if moved > 0 {
        ds.log_trimmed.push(LogTrim { count: moved, until, at: at.to_string() });
    }
    moved
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

/// Why a review action was refused (Chinese `Display`, naming the unit and year).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewError {
    /// No unit chosen (提交 and 撤回 are a unit's actions).
    NoUnit,
    /// The year is not a data year of the catalogue.
    YearOutOfRange { year: u16, range: String },
    /// 提交 of a year already submitted or accepted.
    AlreadySubmitted { unit: String, year: u16 },
    AlreadyAccepted { unit: String, year: u16 },
    /// 提交 of a year in which none of the unit's indicators has a value.
    NothingFilled { unit: String, year: u16, indicators: usize },
    /// 审核 / 退回 / 撤回 of a year that is not 已提交 (its state named).
    NotSubmitted { unit: String, year: u16, state: &'static str, action: &'static str },
    /// 退回 / 解锁 without a reason.
    NoReason { action: &'static str },
    /// 解锁 of a value that is not locked.
    NotLocked { indicator: String, year: u16 },
}

impl std::fmt::Display for ReviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReviewError::NoUnit => f.write_str("请先在“单位模式”中选择本单位，再提交或撤回"),
            ReviewError::YearOutOfRange { year, range } => write!(f, "{year} 年不在数据年份 {range} 之间"),
            ReviewError::AlreadySubmitted { unit, year } => write!(f, "{unit} {year} 年数据已提交，等待审核"),
            ReviewError::AlreadyAccepted { unit, year } => write!(f, "{unit} {year} 年数据已审核，不能再次提交"),
            ReviewError::NothingFilled { unit, year, indicators } => write!(
                f,
                "{unit} {year} 年的 {indicators} 项指标都还没有填写数据，不能提交；请先填报再提交"
            ),
            ReviewError::NotSubmitted { unit, year, state, action } => {
                write!(f, "{unit} {year} 年数据尚未提交（{state}），不能{action}")
            }
            ReviewError::NoReason { action } => write!(f, "{action}须写明理由"),
            ReviewError::NotLocked { indicator, year } => write!(f, "{indicator} {year} 年的数值没有锁定"),
        }
    }
}

impl std::error::Error for ReviewError {}

fn review_event(by: &str, unit: &str, year: u16, how: How, at: &str) -> LogEntry {
    LogEntry { at: at.into(), by: by.into(), indicator: String::new(), year, unit: unit.into(), how, before: None, after: None }
}

fn set_review(ds: &mut Dataset, unit: &str, year: u16, state: ReviewState, by: &str, reason: &str, at: &str) {
    let r = Review { state, at: at.into(), by: by.into(), reason: reason.into() };
    ds.reviews.entry(unit.to_string()).or_default().insert(year, r);
}

/// What a unit has filled for a year, for the 提交 confirmation: its indicators (牵头 first, then 配合, in
/// catalogue order) with a value for the year, and those still empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearFill {
    pub filled: Vec<(String, UnitRole)>,
    pub missing: Vec<(String, UnitRole)>,
}

impl YearFill {
    /// "已填 12 项，未填 61 项（牵头 40 项、配合 21 项）".
    pub fn line(&self) -> String {
        let lead = self.missing.iter().filter(|(_, r)| *r == UnitRole::Lead).count();
        format!(
            "已填 {} 项，未填 {} 项（牵头 {lead} 项、配合 {} 项）",
            self.filled.len(),
            self.missing.len(),
            self.missing.len() - lead
        )
    }
}

/// The unit's indicators (牵头 or 配合) with and without a value for `year`.
pub fn year_fill(ds: &Dataset, cat: &Catalogue, unit: &str, year: u16) -> YearFill {
    let mut out = YearFill::default();
    for role in [UnitRole::Lead, UnitRole::CoOperating] {
        for r in cat.indicators() {
            if ds.unit_role(r.indicator, unit) != Some(role) {
                continue;
            }
            let id = r.indicator.id.clone();
            if ds.entry(&id, year).is_some_and(|e| !e.is_empty()) {
                out.filled.push((id, role));
            } else {
                out.missing.push((id, role));
            }
        }
    }
    out
}

/// The unit submits its year (from 填报中 or 已退回). Refused when the year is already submitted or accepted,
/// and when none of the unit's indicators has a value for the year.
pub fn submit(ds: &mut Dataset, cat: &Catalogue, unit: &str, year: u16, at: &str) -> Result<YearFill, ReviewError> {
    let unit = unit.trim();
    if unit.is_empty() {
        return Err(ReviewError::NoUnit);
    }
    if !cat.period.contains(year) {
        return Err(ReviewError::YearOutOfRange { year, range: cat.period.data_range() });
    }
    match review_of(ds, unit, year).map(|r| r.state) {
        Some(ReviewState::Submitted) => return Err(ReviewError::AlreadySubmitted { unit: unit.into(), year }),
        Some(ReviewState::Accepted) => return Err(ReviewError::AlreadyAccepted { unit: unit.into(), year }),
        _ => {}
    }
    let fill = year_fill(ds, cat, unit, year);
    if fill.filled.is_empty() {
        return Err(ReviewError::NothingFilled { unit: unit.into(), year, indicators: fill.missing.len() });
    }
    set_review(ds, unit, year, ReviewState::Submitted, unit, "", at);
    push_log(ds, [review_event(unit, unit, year, How::Submit, at)], at);
    Ok(fill)
}

/// The unit takes back (撤回) a submission the office has not reviewed yet: the year is 填报中 again.
pub fn withdraw(ds: &mut Dataset, unit: &str, year: u16, at: &str) -> Result<(), ReviewError> {
    let unit = unit.trim();
    if unit.is_empty() {
        return Err(ReviewError::NoUnit);
    }
    let state = review_of(ds, unit, year);
    if state.map(|r| r.state) != Some(ReviewState::Submitted) {
        return Err(ReviewError::NotSubmitted { unit: unit.into(), year, state: state_label(state), action: "撤回" });
    }
    set_review(ds, unit, year, ReviewState::Drafting, unit, "", at);
    push_log(ds, [review_event(unit, unit, year, How::Withdraw, at)], at);
    Ok(())
}

/// The submitted year of `unit` that a change of `indicator`'s `year` by `unit` would take back to 填报中:
/// Some(year) when the unit has submitted that year (not yet reviewed) and the indicator is one of its own.
pub fn reopened_by(ds: &Dataset, cat: &Catalogue, unit: &str, indicator: &str, year: u16) -> Option<u16> {
    let unit = unit.trim();
    let r = cat.indicator(indicator)?;
    (review_of(ds, unit, year).map(|r| r.state) == Some(ReviewState::Submitted)
        && ds.unit_role(r.indicator, unit).is_some())
    .then_some(year)
}

/// A value of the unit's submitted year changed: the year goes back to 填报中 (logged as such).
pub fn reopen(ds: &mut Dataset, unit: &str, year: u16, at: &str) {
    set_review(ds, unit.trim(), year, ReviewState::Drafting, unit.trim(), "", at);
    push_log(ds, [review_event(unit.trim(), unit.trim(), year, How::Reopen, at)], at);
}

/// The values an acceptance of `unit`'s `year` locks: for each indicator the unit leads or co-operates on,
/// the value present now, when the unit entered it (the entry's stamp names the unit). Empty cells and
/// values entered by others (another unit, the office) are not locked.
pub fn lockable(ds: &Dataset, cat: &Catalogue, unit: &str, year: u16) -> Vec<String> {
    let unit = unit.trim();
    cat.indicators()
        .iter()
        .filter(|r| ds.unit_role(r.indicator, unit).is_some())
        .filter(|r| ds.entry(&r.indicator.id, year).is_some_and(|e| !e.is_empty() && e.unit.trim() == unit))
        .map(|r| r.indicator.id.clone())
        .collect()
}

/// The office accepts a submitted year: the values of [`lockable`] are locked for the year (a value already
/// locked keeps its lock). Returns how many values were locked now.
pub fn accept(ds: &mut Dataset, cat: &Catalogue, unit: &str, year: u16, at: &str) -> Result<usize, ReviewError> {
    let unit = unit.trim();
    let state = review_of(ds, unit, year);
    if state.map(|r| r.state) != Some(ReviewState::Submitted) {
        return Err(ReviewError::NotSubmitted { unit: unit.into(), year, state: state_label(state), action: "审核" });
    }
    let by = office_name(cat);
    let mut n = 0;
    for id in lockable(ds, cat, unit, year) {
        let slot = ds.locks.entry(id).or_default();
        if let std::collections::btree_map::Entry::Vacant(v) = slot.entry(year) {
            v.insert(Lock { unit: unit.into(), at: at.into(), by: by.clone() });
            n += 1;
        }
    }
    set_review(ds, unit, year, ReviewState::Accepted, &by, "", at);
    push_log(ds, [review_event(&by, unit, year, How::Accept, at)], at);
    Ok(n)
}

/// The office returns a submitted year with a reason the unit sees.
pub fn return_year(ds: &mut Dataset, cat: &Catalogue, unit: &str, year: u16, reason: &str, at: &str) -> Result<(), ReviewError> {
    let unit = unit.trim();
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ReviewError::NoReason { action: "退回" });
    }
    let state = review_of(ds, unit, year);
    if state.map(|r| r.state) != Some(ReviewState::Submitted) {
        return Err(ReviewError::NotSubmitted { unit: unit.into(), year, state: state_label(state), action: "退回" });
    }
    let by = office_name(cat);
    set_review(ds, unit, year, ReviewState::Returned, &by, reason, at);
    push_log(ds, [review_event(&by, unit, year, How::Return { reason: reason.into() }, at)], at);
    Ok(())
}

/// Unlocks one value with a reason (recorded). The unit-year stays 已审核 for its other values.
pub fn unlock(ds: &mut Dataset, id: &str, year: u16, reason: &str, by: &str, at: &str) -> Result<(), ReviewError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ReviewError::NoReason { action: "解锁" });
    }
    let Some(lock) = ds.locks.get_mut(id).and_then(|m| m.remove(&year)) else {
        return Err(ReviewError::NotLocked { indicator: id.into(), year });
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

/// How many review acts (提交, 撤回, 修改已提交的数据, 审核通过, 退回) of `unit`'s `year` a dataset's log holds: its place in the
/// logical sequence of that unit-year (trimming never moves review acts out).
pub fn review_acts(ds: &Dataset, unit: &str, year: u16, only: Option<&How>) -> usize {
    ds.log
        .iter()
        .filter(|e| e.indicator.is_empty() && e.year == year && e.unit.trim() == unit.trim())
        .filter(|e| matches!(e.how, How::Submit | How::Withdraw | How::Reopen | How::Accept | How::Return { .. }))
        .filter(|e| only.is_none_or(|h| std::mem::discriminant(h) == std::mem::discriminant(&e.how)))
        .count()
}

fn state_rank(s: ReviewState) -> u8 {
    match s {
        ReviewState::Drafting | ReviewState::Submitted => 0,
        ReviewState::Returned => 1,
        ReviewState::Accepted => 2,
    }
}

/// True when review `b` (its dataset knowing `b_acts` review acts of the unit-year) comes after `a`
/// (`a_acts`) in the logical sequence: more acts known is later; in the same round 已审核 and 已退回 come
/// after 已提交. Time stamps play no part (a clock or a hand-edited file cannot reorder the acts).
pub fn later_review(a: &Review, a_acts: usize, b: &Review, b_acts: usize) -> bool {
    (b_acts, state_rank(b.state)) > (a_acts, state_rank(a.state))
}

/// Review states, locks and logs of the office's own file `from` joined into `into`: per unit-year the
/// logically later review ([`later_review`]); every lock (the one already held kept); logs without
/// duplicates, in time order.
pub fn join(into: &mut Dataset, from: &Dataset) {
    for (unit, years) in &from.reviews {
        for (y, r) in years {
            let take = match into.reviews.get(unit).and_then(|m| m.get(y)) {
                Some(m) => later_review(m, review_acts(into, unit, *y, None), r, review_acts(from, unit, *y, None)),
                None => true,
            };
            if take {
                into.reviews.entry(unit.clone()).or_default().insert(*y, r.clone());
            }
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

/// What a unit's file (already checked by `io::trust::unit_file_problems`) adds: its own 已提交 states —
/// never over 已审核, over 已退回 only when the file holds more of the unit's submissions of that year than
/// the receiver knows (a new round) — and its log entries. Its 已退回 states are the office's word and
/// are not taken back from it; locks and `log_trimmed` are never taken from a unit.
pub fn join_unit(into: &mut Dataset, from: &Dataset, unit: &str) {
    let unit = unit.trim();
    if let Some(years) = from.reviews.get(unit) {
        for (y, r) in years {
            // A unit says 已提交 or, after 撤回 / changing a submitted value, 填报中 — nothing else.
            if !matches!(r.state, ReviewState::Submitted | ReviewState::Drafting) {
                continue;
            }
            let take = match into.reviews.get(unit).and_then(|m| m.get(y)).map(|m| m.state) {
                None => r.state == ReviewState::Submitted,
                Some(ReviewState::Accepted) => false,
                Some(ReviewState::Returned) => {
                    r.state == ReviewState::Submitted
                        && review_acts(from, unit, *y, Some(&How::Submit)) > review_acts(into, unit, *y, Some(&How::Submit))
                }
                // 已提交 ⇄ 填报中: the side that knows more of the unit-year's acts is later.
                Some(ReviewState::Submitted | ReviewState::Drafting) => {
                    review_acts(from, unit, *y, None) > review_acts(into, unit, *y, None)
                }
            };
            if take {
                into.reviews.entry(unit.to_string()).or_default().insert(*y, r.clone());
            }
        }
    }
    merge_logs(&mut into.log, &from.log);
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
    let text = |x: &Option<YearEntry>| x.as_ref().map_or("（空）".to_string(), |y| crate::dataset::entry_summary(ind, y));
    let change = if matches!(e.how, How::Unlock { .. }) {
        // The summary names its fields itself ("数值 …", "分子 …").
        format!("锁定时为 {}", text(&e.after))
    } else {
        format!("{} → {}", text(&e.before), text(&e.after))
    };
    format!("{when} {} {} {} {} 年：{change}", e.by, e.how.label(), cat.indicator_label(&e.indicator), e.year)
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

    /// A dataset where `unit` entered a value of `id` for `year`.
    fn entered(unit: &str, id: &str, year: u16) -> Dataset {
        let mut ds = Dataset::default();
        ds.set_entry(id, year, YearEntry { value: "1".into(), unit: unit.into(), ..Default::default() });
        ds
    }

    #[test]
    fn states_go_submitted_then_accepted_or_returned() {
        let (unit, id) = unit_and_indicator();
        let mut ds = entered(&unit, &id, 2024);
        assert_eq!(state_label(review_of(&ds, &unit, 2024)), "填报中");
        assert!(accept(&mut ds, cat(), &unit, 2024, "t1").unwrap_err().to_string().contains("尚未提交"));
        assert!(submit(&mut ds, cat(), "", 2024, "t1").is_err());
        assert!(submit(&mut ds, cat(), &unit, 2031, "t1").is_err());
        submit(&mut ds, cat(), &unit, 2024, "t1").expect("submits");
        assert!(submit(&mut ds, cat(), &unit, 2024, "t2").unwrap_err().to_string().contains("等待审核"));
        assert!(return_year(&mut ds, cat(), &unit, 2024, " ", "t2").unwrap_err().to_string().contains("理由"));
        return_year(&mut ds, cat(), &unit, 2024, "孕产妇死亡数与妇幼年报不一致", "t2").expect("returns");
        assert_eq!(review_of(&ds, &unit, 2024).map(|r| r.reason.as_str()), Some("孕产妇死亡数与妇幼年报不一致"));
        submit(&mut ds, cat(), &unit, 2024, "t3").expect("submits again after a return");
        let n = accept(&mut ds, cat(), &unit, 2024, "t4").expect("accepts");
        assert_eq!(n, 1, "only the one value present");
        assert!(is_locked(&ds, &id, 2024) && !is_locked(&ds, &id, 2023));
        assert_eq!(lock_of(&ds, &id, 2024).map(|l| l.by.as_str()), Some("区妇儿工委办"));
        assert!(submit(&mut ds, cat(), &unit, 2024, "t5").unwrap_err().to_string().contains("已审核"));
        let hows: Vec<String> = ds.log.iter().map(|e| e.how.label()).collect();
        assert_eq!(hows, ["提交", "退回（理由：孕产妇死亡数与妇幼年报不一致）", "提交", "审核通过"]);
        assert_eq!(finality(&ds, &[unit.clone(), "区档案馆".into()], 2024), (1, 0, 1));
        assert_eq!(finality_line(&ds, &[unit], 2024), "2024 年数据：已审核 1 个单位，已提交未审核 0 个，未提交 0 个");
    }

    #[test]
    fn undo_and_restore_keep_locked_values_and_the_log() {
        let (unit, id) = unit_and_indicator();
        let mut ds = entered(&unit, &id, 2024);
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
        let mut ds = entered(&unit, &id, 2024);
        submit(&mut ds, cat(), &unit, 2024, "t1").expect("submit");
        accept(&mut ds, cat(), &unit, 2024, "t2").expect("accept");
        assert!(unlock(&mut ds, &id, 2024, "", "区妇儿工委办", "t3").is_err());
        assert!(unlock(&mut ds, &id, 2023, "更正", "区妇儿工委办", "t3").unwrap_err().to_string().contains("没有锁定"));
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
        ds.log[0].at = "2026-01-01T00:00:00Z".into();
        let at = |i: usize| format!("2026-01-01T{:02}:{:02}:{:02}Z", 1 + i / 3600, (i / 60) % 60, i % 60);
        let many: Vec<LogEntry> = (0..MAX_LOG + 10).map(|i| LogEntry { at: at(i), ..ds.log[0].clone() }).collect();
        let moved = push_log(&mut ds, many, "now");
        assert_eq!(moved, 11);
        assert_eq!(ds.log.len(), MAX_LOG);
        assert_eq!(ds.log_trimmed, vec![LogTrim { count: 11, until: at(9), at: "now".into() }]);
    }

    #[test]
    fn joins_keep_both_logs_once_and_the_later_review() {
        let (unit, id) = unit_and_indicator();
        let mut a = entered(&unit, &id, 2024);
        submit(&mut a, cat(), &unit, 2024, "2026-03-01T00:00:00Z").expect("submit");
        let mut b = a.clone();
        accept(&mut b, cat(), &unit, 2024, "2026-03-02T00:00:00Z").expect("accept");
        join(&mut a, &b);
        assert_eq!(a.log.len(), 2, "the shared submit entry once");
        assert_eq!(review_of(&a, &unit, 2024).map(|r| r.state), Some(ReviewState::Accepted));
        assert_eq!(a.locks, b.locks);
    }

    #[test]
    fn office_names_follow_the_region() {
        let mut c = cat().clone();
        assert_eq!(office_name(&c), "区妇儿工委办");
        c.region = "青山县".into();
        assert_eq!(office_name(&c), "县妇儿工委办");
    }
}
