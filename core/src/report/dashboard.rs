//! 总览（仪表盘）数据：达标率、各状态数、预警清单、填报完整性；可按规划、领域、单位筛选。
//! Dashboard data: 达标率 overall and per domain, counts per status, warnings with reasons, completeness by
//! unit and year; filterable by plan, domain and unit (lead unit).

use super::{in_scope, result_index, rollup_of, ProblemItem};
use crate::catalogue::{Catalogue, IndicatorRef, Plan};
use crate::completeness::Completeness;
use crate::dataset::Dataset;
use crate::eval::{Evaluation, IndicatorResult, Rollup, NO_UNIT};
use serde::{Deserialize, Serialize};

/// Dashboard filter; None = all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardFilter {
    pub plan: Option<Plan>,
    /// Domain id, e.g. "W1".
    pub domain: Option<String>,
    /// Lead unit (as in the evaluation; "未指定单位" selects indicators without one).
    pub unit: Option<String>,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub year: u16,
    pub filter: DashboardFilter,
    pub overall: Rollup,
    /// Per plan (only plans within the filter).
    pub by_plan: Vec<Rollup>,
    /// Per domain (only domains within the filter that have indicators).
    pub by_domain: Vec<Rollup>,
    /// Every warning of the filtered indicators, in catalogue order.
    pub warnings: Vec<ProblemItem>,
    pub completeness: Completeness,
    /// Filter choices: (domain id, name) of the chosen plan (or all), and every lead unit.
    pub domain_options: Vec<(String, String)>,
    pub unit_options: Vec<String>,
}

fn unit_of(res: &IndicatorResult) -> &str {
    if res.lead_unit.trim().is_empty() {
        NO_UNIT
    } else {
        res.lead_unit.trim()
    }
}

/// Builds the dashboard data for a filter.
pub fn build_dashboard(cat: &Catalogue, ds: &Dataset, ev: &Evaluation, filter: &DashboardFilter) -> Dashboard {
    let index = result_index(ev);
    let all: Vec<(IndicatorRef<'_>, &IndicatorResult)> = cat
        .indicators()
        .into_iter()
        .filter_map(|r| index.get(r.indicator.id.as_str()).map(|res| (r, *res)))
        .collect();
    let domain = filter.domain.as_deref().filter(|d| !d.is_empty());
    let unit = filter.unit.as_deref().filter(|u| !u.is_empty());
    let chosen: Vec<&(IndicatorRef<'_>, &IndicatorResult)> = all
        .iter()
        .filter(|(r, res)| {
            in_scope(r, ds, filter.plan, None)
                && domain.is_none_or(|d| r.domain.id == d)
                && unit.is_none_or(|u| unit_of(res) == u.trim())
        })
        .collect();

    let overall = rollup_of("all", "全部指标", chosen.iter().map(|(_, res)| res.status));
    let by_plan = Plan::ALL
        .iter()
        .filter(|p| filter.plan.is_none_or(|f| f == **p))
        .map(|p| {
            rollup_of(
                p.key(),
                cat.plan_short(*p),
                chosen.iter().filter(|(r, _)| r.domain.plan == *p).map(|(_, res)| res.status),
            )
        })
        .filter(|r| r.total > 0)
        .collect();
    let by_domain = cat
        .domains
        .iter()
        .map(|d| rollup_of(&d.id, &d.name, chosen.iter().filter(|(r, _)| r.domain.id == d.id).map(|(_, res)| res.status)))
        .filter(|r| r.total > 0)
        .collect();
    let warnings = chosen
        .iter()
        .flat_map(|(r, res)| {
            res.warnings.iter().map(move |w| ProblemItem {
                id: res.id.clone(),
                name: r.indicator.name.clone(),
                domain: r.domain.name.clone(),
                lead_unit: unit_of(res).to_string(),
                role: None,
                status: res.status,
                label: w.kind.label().to_string(),
                reason: w.reason.clone(),
            })
        })
        .collect();

    let ids: std::collections::BTreeSet<&str> = chosen.iter().map(|(r, _)| r.indicator.id.as_str()).collect();
    let completeness = Completeness::of_indicators(cat, ds, |r| ids.contains(r.indicator.id.as_str()));

    let domain_options = cat
        .domains
        .iter()
        .filter(|d| filter.plan.is_none_or(|p| d.plan == p))
        .map(|d| (d.id.clone(), d.name.clone()))
        .collect();
    let mut unit_options: Vec<String> = all.iter().map(|(_, res)| unit_of(res).to_string()).collect();
    unit_options.sort();
    unit_options.dedup();

    Dashboard {
        year: ev.year,
        filter: filter.clone(),
        overall,
        by_plan,
        by_domain,
        warnings,
        completeness,
        domain_options,
        unit_options,
    }
}
