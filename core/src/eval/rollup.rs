//! Roll-ups: counts per status and 达标率 by goal, domain, plan, lead unit and overall.

use super::{IndicatorResult, Rollup, Status};
use crate::catalogue::{Catalogue, IndicatorRef, Plan};
use std::collections::{BTreeMap, HashMap};

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

pub(crate) fn plan_key(p: Plan) -> &'static str {
    match p {
        Plan::Women => "women",
        Plan::Children => "children",
    }
}

pub(crate) fn rollups(
    cat: &Catalogue,
    refs: &[IndicatorRef<'_>],
    results: &[IndicatorResult],
) -> Groups {
    let mut overall = empty("all", "全部指标");
    let mut by_plan: Vec<Rollup> = Plan::ALL
        .iter()
        .map(|p| empty(plan_key(*p), p.short()))
        .collect();
    let mut by_domain: Vec<Rollup> = cat.domains.iter().map(|d| empty(&d.id, &d.name)).collect();
    let mut by_goal: Vec<Rollup> = cat.goals.iter().map(|g| empty(&g.id, &g.text)).collect();
    let domain_ix: HashMap<&str, usize> = cat
        .domains
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let goal_ix: HashMap<&str, usize> = cat
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let mut by_unit: BTreeMap<&str, Rollup> = BTreeMap::new();
    for (r, res) in refs.iter().zip(results) {
        let s = res.status;
        add(&mut overall, s);
        if let Some(p) = by_plan
            .iter_mut()
            .find(|p| p.key == plan_key(r.domain.plan))
        {
            add(p, s);
        }
        if let Some(&i) = domain_ix.get(r.domain.id.as_str()) {
            add(&mut by_domain[i], s);
        }
        if let Some(&i) = goal_ix.get(r.goal.id.as_str()) {
            add(&mut by_goal[i], s);
        }
        let unit = if res.lead_unit.trim().is_empty() {
            NO_UNIT
        } else {
            res.lead_unit.as_str()
        };
        add(by_unit.entry(unit).or_insert_with(|| empty(unit, unit)), s);
    }
    Groups {
        overall: finish(overall),
        by_plan: by_plan.into_iter().map(finish).collect(),
        by_domain: by_domain.into_iter().map(finish).collect(),
        by_goal: by_goal.into_iter().map(finish).collect(),
        by_unit: by_unit.into_values().map(finish).collect(),
    }
}
