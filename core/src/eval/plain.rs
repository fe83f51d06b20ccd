//! The plain sentence of a status: what was judged, against what, the verdict and why, in words a clerk
//! can read aloud (no formula, no field name, no rule number). The working stays in the audit trail.

use super::fmt::{join, U};
use super::judged::Ctx;
use super::judged::Judged;
use super::series::Series;
use super::small::{self, Basis, Counts};
use super::Status;
use crate::catalogue::Kind;

/// The sentence of `status` from the judgement `j` (its figures), the counts and what the rules said
/// (`said`: the 无数据 reason).
pub(crate) fn sentence(
    ctx: &Ctx,
    status: Status,
    j: &Judged,
    s: &Series,
    counts: Option<&Counts>,
    said: &[String],
) -> String {
    let ind = ctx.ind;
    let unit = ctx.unit();
    if status == Status::NoData {
        let why = said.last().map_or("没有可用于判断的数据", String::as_str);
        return join(&["无数据：", why, "。"]);
    }
    let pooled = counts.and_then(|c| match (c.basis, &c.pooled) {
        (Basis::Pooled, Some(p)) => Some(p),
        _ => None,
    });
    let what = match (ind.kind, j.latest, pooled) {
        (Kind::Milestone, _, _) => s
            .years
            .iter()
            .rev()
            .find_map(|d| Some((d.year, d.stage?)))
            .map(|(y, st)| format!("{y}年进展为“{}”", st.label())),
        (_, _, Some(p)) => Some(format!(
            "{}–{}年合计比率为 {}",
            p.years.first().copied().unwrap_or_default(),
            p.years.last().copied().unwrap_or_default(),
            U(p.rate, unit)
        )),
        (Kind::CountPerBody, Some((y, _)), _) if !j.bodies_short.is_empty() => {
            Some(format!("{y}年{}未达到要求", j.bodies_short.join("、")))
        }
        (Kind::CountPerBody, Some((y, _)), _) => Some(format!("{y}年各单位均达到要求")),
        (_, Some((y, v)), _) => Some(format!("{y}年为 {}", U(v, unit))),
        _ => None,
    };
    let mut out = String::new();
    if let Some(w) = what {
        out.push_str(&w);
        out.push('，');
    }
    out.push_str(&format!("目标 {}，{}。", ind.target_label(ctx.period.base), status.label()));
    let mut add = |t: &str| {
        if !t.is_empty() {
            out.push_str(t);
            out.push('。');
        }
    };
    // Points targets: the change in points since the base (and the gap still to go).
    let points = match ind.kind {
        Kind::Points => super::points::plain_gap(ctx, s, j.latest),
        Kind::PointsPerYear => super::points::plain_total(ctx, s, status),
        _ => None,
    };
    if let Some(p) = points {
        add(&p);
    }
    if status == Status::Basic && j.not_held.is_none() {
        add("与目标的差距在允许的小范围内");
    }
    if let Some(r) = &j.regressed {
        add(r);
    }
    if let Some(test) = j.chance.filter(|t| t.within_chance()) {
        add(&test.plain(ctx));
    }
    if let Some(n) = &j.not_held {
        add(n);
    }
    if let Some(c) = counts.filter(|c| c.unstable) {
        add(&small::plain_unstable(ind, c));
    }
    out
}
