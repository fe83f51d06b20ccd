//! 转入上一期数据 / Carrying data from the previous plan period into the next.
//!
//! A catalogue that continues another (`[previous]`, each continuing indicator with `previous = "OLD_ID"`,
//! see `catalogue::link`) receives, from a dataset of the previous catalogue, for every linked indicator the
//! previous data of every year up to and including its own base year:
//!
//! - the years from `[previous].base` to the year before the base year are kept as 上一期 years (read-only;
//!   `Catalogue::keeps_year` accepts them only for linked indicators); the base year is the new period's
//!   first data year. Years the previous catalogue does not have, and later years, are not carried.
//! - every field of each year's entry as it was (values, numerators and denominators, female and male, stages,
//!   evidence, notes, sources, the entering unit and time);
//! - the locks of those years: what the office accepted stays locked. The review states of the years before
//!   the base year are kept as they were; a unit's base-year state is kept only when every indicator it leads
//!   or co-operates on in the new catalogue got its base-year value carried (otherwise the unit still has
//!   base-year values to report for new indicators, and an 已审核 state would stop it from submitting them:
//!   the state starts at 填报中 again, the carried values stay locked, and the case is listed);
//! - one change-log entry per carried value (`How::Carried`, naming the previous catalogue and indicator).
//!
//! Nothing is carried for new (unlinked) indicators, and nothing is guessed: when the entry kind, the unit or
//! the list of bodies of a linked indicator changed, its data are not carried and the case is listed
//! ([`NotCarried`]). Settings, report texts and superseded values stay with the previous period's data.

use crate::catalogue::check::check_links;
use crate::catalogue::link::entry_label;
use crate::catalogue::{Catalogue, Entry, Indicator};
use crate::dataset::{Dataset, YearEntry};
use crate::io::{export_dataset, read_file, FileErrorKind};
use crate::review::{office_name, How, LogEntry};
use serde::{Deserialize, Serialize};

/// Was this year's value of `id` carried from the previous period: its last change in the log is the carry
/// (a value typed over after the carry is the office's own). The entry table marks such a base year
/// "基数（上一期终期值）" and the reports quote it the same way.
pub fn carried_year(d: &Dataset, id: &str, year: u16) -> bool {
    d.entry(id, year).is_some()
        && d.log
            .iter()
            .rev()
            .find(|l| l.indicator == id && l.year == year && l.after.is_some())
            .is_some_and(|l| matches!(l.how, How::Carried { .. }))
}

/// The years whose entries of `ind` are read (`dataset::resolve`): the catalogue's data years, reaching back
/// to the 上一期 years for an indicator that continues one of the previous catalogue.
pub fn read_period(cat: &Catalogue, ind: &Indicator) -> crate::catalogue::Period {
    let earlier = cat.previous_years();
    if ind.previous.is_some() && !earlier.is_empty() {
        crate::catalogue::Period { base: earlier.start, ..cat.period }
    } else {
        cat.period
    }
}

/// One linked indicator whose previous data were carried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Carried {
    /// The new indicator and the previous one it continues.
    pub indicator: String,
    pub previous: String,
    /// The years carried and, among them, the locked ones.
    pub years: Vec<u16>,
    pub locked: Vec<u16>,
}

/// Why a linked indicator's previous data were not carried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Reason {
    /// The previous data have no year to carry.
    NoData,
    /// The entry kind changed (a value became a rate …): the data do not fit.
    EntryChanged { before: Entry, now: Entry },
    /// The unit changed (% → ‰ …).
    UnitChanged { before: String, now: String },
    /// The bodies of a per-body count changed.
    BodiesChanged,
}

/// A linked indicator whose previous data were not carried, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotCarried {
    pub indicator: String,
    pub previous: String,
    pub reason: Reason,
    /// The previous years holding data (left behind).
    pub years: Vec<u16>,
}

/// What a carry did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CarryResult {
    /// The dataset for the new catalogue.
    pub dataset: Dataset,
    pub carried: Vec<Carried>,
    pub not_carried: Vec<NotCarried>,
    /// New indicators without a predecessor (nothing to carry).
    pub new_indicators: Vec<String>,
    /// Previous indicators holding data that no new indicator continues (their data stay behind).
    pub left_behind: Vec<String>,
    /// (unit, base year) whose review state was not carried because the unit has new base-year values to report.
    pub states_reset: Vec<(String, u16)>,
}

impl CarryResult {
    /// Number of values carried.
    pub fn values(&self) -> usize {
        self.carried.iter().map(|c| c.years.len()).sum()
    }
    /// The report printed by `lishu carry`: what was carried and what was not, with names.
    pub fn report(&self, new: &Catalogue, old: &Catalogue) -> String {
        let mut out = format!(
            "已转入 {} 个指标的上一期数据（{} 个年度数值，其中已审核锁定 {} 个）；未转入 {} 个；新增指标 {} 个；上一期有数据但无接续的指标 {} 个",
            self.carried.len(),
            self.values(),
            self.carried.iter().map(|c| c.locked.len()).sum::<usize>(),
            self.not_carried.len(),
            self.new_indicators.len(),
            self.left_behind.len()
        );
        let years = |ys: &[u16]| ys.iter().map(u16::to_string).collect::<Vec<_>>().join("、");
        for c in &self.carried {
            out.push_str(&format!(
                "\n转入：{} ← {}：{} 年",
                new.indicator_label(&c.indicator),
                old.indicator_label(&c.previous),
                years(&c.years)
            ));
        }
        for n in &self.not_carried {
            out.push_str(&format!(
                "\n未转入：{} ← {}：{}",
                new.indicator_label(&n.indicator),
                old.indicator_label(&n.previous),
                n.reason.message()
            ));
        }
        for id in &self.left_behind {
            out.push_str(&format!("\n无接续（数据留在上一期）：{}", old.indicator_label(id)));
        }
        for (unit, y) in &self.states_reset {
            out.push_str(&format!("\n{unit} {y} 年的报送审核状态未转入：该单位有新增指标须填报 {y} 年（基数年）数值，已转入的数值仍保持锁定"));
        }
        out
    }
}

impl Reason {
    pub fn message(&self) -> String {
        match self {
            Reason::NoData => "上一期没有可转入的数据".into(),
            Reason::EntryChanged { before, now } => {
                format!("填报方式已改变（{} → {}），不作推算，请按新口径填报", entry_label(*before), entry_label(*now))
            }
            Reason::UnitChanged { before, now } => format!("单位已改变（“{before}” → “{now}”），不作换算，请按新口径填报"),
            Reason::BodiesChanged => "配备单位名单已改变，请按新名单填报".into(),
        }
    }
}

/// Why `new`'s data cannot be `old`'s, if they cannot.
fn mismatch(new: &Indicator, old: &Indicator) -> Option<Reason> {
    if new.entry != old.entry {
        return Some(Reason::EntryChanged { before: old.entry, now: new.entry });
    }
    if new.unit.trim() != old.unit.trim() {
        return Some(Reason::UnitChanged { before: old.unit.clone(), now: new.unit.clone() });
    }
    if new.entry == Entry::PerBody && new.bodies != old.bodies {
        return Some(Reason::BodiesChanged);
    }
    None
}

/// The problems that stop `old`'s data from being carried into `new`: no `[previous]`, `[previous]`
/// naming another catalogue, and every link rule of `check_links`.
pub fn carry_problems(old: &Catalogue, new: &Catalogue) -> Vec<String> {
    if new.previous.is_none() {
        return vec![format!(
            "{}没有写明上一期目录（[previous]），请先用 lishu catalogue link 与上一期目录对照",
            new.describe()
        )];
    }
    check_links(new, old).iter().map(|e| format!("{}：{}", new.describe(), e.message())).collect()
}

/// Carries `data` (a dataset of `old`) into a dataset of `new` (see the module doc). `at` is the time and
/// the office of `new`'s region is who carried, in the change log.
pub fn carry(data: &Dataset, old: &Catalogue, new: &Catalogue, at: &str) -> Result<CarryResult, Vec<String>> {
    let problems = carry_problems(old, new);
    if !problems.is_empty() {
        return Err(problems);
    }
    let by = office_name(new);
    let old_index = old.index();
    let base = new.period.base;
    let mut out = CarryResult { dataset: Dataset { demo: data.demo, ..Dataset::default() }, ..CarryResult::default() };
    let mut log = Vec::new();
    let mut continued = std::collections::BTreeSet::new();
    for r in new.indicators() {
        let ind = r.indicator;
        let Some(prev_id) = ind.previous.as_deref().map(str::trim) else {
            out.new_indicators.push(ind.id.clone());
            continue;
        };
        continued.insert(prev_id.to_string());
        let Some(prev) = old_index.get(prev_id).map(|r| r.indicator) else { continue };
        let entries: Vec<(u16, &YearEntry)> = data
            .data
            .get(prev_id)
            .into_iter()
            .flat_map(|m| m.iter())
            .filter(|(y, _)| **y <= base && new.keeps_year(ind, **y) && old.period.contains(**y))
            .map(|(y, e)| (*y, e))
            .collect();
        let years: Vec<u16> = entries.iter().map(|(y, _)| *y).collect();
        let reason = if entries.is_empty() { Some(Reason::NoData) } else { mismatch(ind, prev) };
        if let Some(reason) = reason {
            out.not_carried.push(NotCarried { indicator: ind.id.clone(), previous: prev_id.to_string(), reason, years });
            continue;
        }
        let mut locked = Vec::new();
        for (y, e) in entries {
            out.dataset.data.entry(ind.id.clone()).or_default().insert(y, e.clone());
            if let Some(lock) = crate::review::lock_of(data, prev_id, y) {
                out.dataset.locks.entry(ind.id.clone()).or_default().insert(y, lock.clone());
                locked.push(y);
            }
            log.push(LogEntry {
                at: at.to_string(),
                by: by.clone(),
                indicator: ind.id.clone(),
                year: y,
                unit: e.unit.clone(),
                how: How::Carried { catalogue: old.id.clone(), indicator: prev_id.to_string() },
                before: None,
                after: Some(e.clone()),
            });
        }
        out.carried.push(Carried { indicator: ind.id.clone(), previous: prev_id.to_string(), years, locked });
    }
    out.left_behind = old
        .indicators()
        .into_iter()
        .map(|r| &r.indicator.id)
        .filter(|id| !continued.contains(*id) && data.data.get(*id).is_some_and(|m| !m.is_empty()))
        .cloned()
        .collect();
    carry_reviews(data, new, &mut out);
    crate::review::push_log(&mut out.dataset, log, at);
    Ok(out)
}

/// The review states of the carried years (see the module doc for the base year).
fn carry_reviews(data: &Dataset, new: &Catalogue, out: &mut CarryResult) {
    let base = new.period.base;
    let refs = new.indicators();
    for (unit, years) in &data.reviews {
        for (y, review) in years {
            let carried_year = *y < base && new.previous_years().contains(y);
            let keep = carried_year
                || (*y == base
                    && refs
                        .iter()
                        .filter(|r| out.dataset.is_unit_indicator(r.indicator, unit))
                        .all(|r| out.dataset.entry(&r.indicator.id, base).is_some()));
            if keep {
                out.dataset.reviews.entry(unit.clone()).or_default().insert(*y, review.clone());
            } else if *y == base {
                out.states_reset.push((unit.clone(), *y));
            }
        }
    }
}

/// What `lishu carry` writes and prints.
#[derive(Debug, Clone)]
pub struct CarryOutcome {
    pub result: CarryResult,
    /// The data file for the new catalogue (its envelope names the new catalogue).
    pub json: String,
    pub report: String,
}

/// Reads a data file of `old` (`name` for messages), carries it into `new` and writes the new data file; the
/// written file is read back with `new` before it is returned, so what is written always imports. Errors are
/// Chinese messages naming the file.
pub fn carry_file(name: &str, bytes: &[u8], old: &Catalogue, new: &Catalogue, at: &str) -> Result<CarryOutcome, Vec<String>> {
    let problems = carry_problems(old, new);
    if !problems.is_empty() {
        return Err(problems);
    }
    let (rep, data) = read_file(name, bytes, old);
    let Some(data) = data else {
        let carried_already = rep
            .errors
            .iter()
            .any(|e| matches!(&e.kind, FileErrorKind::OtherCatalogue { found_id, .. } if *found_id == new.id));
        if carried_already {
            return Err(vec![format!(
                "文件“{name}”已经是{}的数据文件（可能已转入过），请给出上一期（{}）的数据文件",
                new.describe(),
                old.id
            )]);
        }
        return Err(rep.messages(old));
    };
    let result = carry(&data, old, new, at)?;
    let json = export_dataset(&result.dataset, "", at, new);
    let (back, ok) = read_file(name, json.as_bytes(), new);
    if ok.is_none() {
        let mut m = vec!["转入后的数据未通过新目录的检查（程序错误），未写出文件：".to_string()];
        m.extend(back.messages(new));
        return Err(m);
    }
    let report = result.report(new, old);
    Ok(CarryOutcome { result, json, report })
}

/// A previous period's data file given to [`carry_request`] (its name for messages, its bytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarryFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What the app asks the file module ("data-carry"): carry `data` (the previous catalogue's data in this
/// browser) or `file` (a data file of the previous catalogue) from `old_catalogue` into `new_catalogue`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarryRequest {
    pub old_catalogue: Catalogue,
    pub new_catalogue: Catalogue,
    #[serde(default)]
    pub data: Option<Dataset>,
    #[serde(default)]
    pub file: Option<CarryFile>,
    pub at: String,
}

/// The file module's answer: the carried data with the report to show before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CarryAnswer {
    pub result: CarryResult,
    /// [`CarryResult::report`]: the first line sums up, each further line names one indicator or case.
    pub report: String,
}

/// [`carry`] (or [`carry_file`] for a file) for the app. Errors are Chinese messages.
pub fn carry_request(req: &CarryRequest) -> Result<CarryAnswer, Vec<String>> {
    let (old, new) = (&req.old_catalogue, &req.new_catalogue);
    if let Some(p) = new.previous.as_ref().filter(|p| p.id != old.id) {
        return Err(vec![format!("{}的上一期目录是 {}，而不是{}", new.describe(), p.id, old.describe())]);
    }
    let result = match (&req.file, &req.data) {
        (Some(f), _) => carry_file(&f.name, &f.bytes, old, new, &req.at)?.result,
        (None, Some(d)) => carry(d, old, new, &req.at)?,
        (None, None) => return Err(vec!["没有给出上一期的数据（程序错误）".to_string()]),
    };
    let report = result.report(new, old);
    Ok(CarryAnswer { result, report })
}
