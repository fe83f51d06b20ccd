//! Roll-ups: counts per status and 达标率 by goal, domain, plan, lead unit and overall.

use super::fxhash::FxMap;
use super::{IndicatorResult, Placed, Rollup, Status};
use crate::catalogue::{Catalogue, Plan};

/// Name used for indicators without a lead unit.
pub const NO_UNIT: &str = "未指定单位";

pub(crate) struct Groups {
    pub overall: Rollup,
    pub by_plan: Vec<Rollup>,
    pub by_domain: Vec<Rollup>,
    pub by_goal: Vec<Rollup>,
    pub by_unit: Vec<Rollup>,
}

fn empty(key: &str, name: &str) -> Rollup {
    Rollup {
        key: key.to_string(),
        name: name.to_string(),
        counts: Status::ALL.iter().map(|s| (*s, 0)).collect(),
        ..Default::default()
    }
}

fn add(r: &mut Rollup, s: Status) {
    r.total += 1;
    if let Some(c) = r.counts.iter_mut().find(|c| c.0 == s) {
        c.1 += 1;
    }
    if s.is_achieved() {
        r.achieved += 1;
    }
    if s.is_monitorable() {
        r.monitorable += 1;
    } else {
        r.no_data += 1;
    }
}

fn finish(mut r: Rollup) -> Rollup {
    r.rate = (r.monitorable > 0).then(|| r.achieved as f64 / r.monitorable as f64);
    r
}

/// Counts per status and 达标率 of any set of statuses, by the same rule as the evaluation's roll-ups
/// (used by reports for their own scopes).
pub fn rollup_of(key: &str, name: &str, statuses: impl IntoIterator<Item = Status>) -> Rollup {
    let mut r = empty(key, name);
    for s in statuses {
        add(&mut r, s);
    }
    finish(r)
}

pub(crate) fn rollups(cat: &Catalogue, refs: &[Placed<'_>], results: &[IndicatorResult]) -> Groups {
    let mut overall = empty("all", "全部指标");
    let mut by_plan: Vec<Rollup> = Plan::ALL
        .iter()
        .map(|p| empty(p.key(), cat.plan_short(*p)))
        .collect();
    let mut by_domain: Vec<Rollup> = cat.domains.iter().map(|d| empty(&d.id, &d.name)).collect();
    let mut by_goal: Vec<Rollup> = cat.goals.iter().map(|g| empty(&g.id, &g.text)).collect();
    // Lead units in order of appearance, with their position in `by_unit` (sorted by name at the end).
    let mut unit_ix: FxMap<&str, usize> = FxMap::default();
    let mut by_unit: Vec<Rollup> = Vec::new();
    for (p, res) in refs.iter().zip(results) {
        let s = res.status;
        add(&mut overall, s);
        if let Some(r) = Plan::ALL
            .iter()
            .position(|plan| *plan == p.r.domain.plan)
            .and_then(|i| by_plan.get_mut(i))
        {
            add(r, s);
        }
        // Positions in cat.domains / cat.goals, which `by_domain` / `by_goal` follow.
        if let Some(r) = by_domain.get_mut(p.domain) {
            add(r, s);
        }
        if let Some(r) = by_goal.get_mut(p.goal) {
            add(r, s);
        }
        let unit = if res.lead_unit.trim().is_empty() {
            NO_UNIT
        } else {
            res.lead_unit.as_str()
        };
        let i = *unit_ix.entry(unit).or_insert_with(|| {
            by_unit.push(empty(unit, unit));
            by_unit.len() - 1
        });
        add(&mut by_unit[i], s);
    }
    by_unit.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    Groups {
        overall: finish(overall),
        by_plan: by_plan.into_iter().map(finish).collect(),
        by_domain: by_domain.into_iter().map(finish).collect(),
        by_goal: by_goal.into_iter().map(finish).collect(),
        by_unit: by_unit.into_iter().map(finish).collect(),
    }
}
