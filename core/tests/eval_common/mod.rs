//! Shared helpers for the evaluation tests: small catalogues built in code (independent of the embedded
//! catalogue) and datasets built from (year, text) pairs.
#![allow(dead_code)]

use lishu_core::catalogue::{
    Catalogue, Defaults, Direction, Domain, Goal, Indicator, Kind, Op, Plan, Stage, TargetLine,
};
use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::eval::{evaluate, IndicatorResult, Status};

pub fn defaults() -> Defaults {
    Defaults {
        approx_band: 2.0,
        balance_low: 45.0,
        balance_high: 55.0,
        basic_tolerance: 0.01,
        min_change: 0.0,
        min_events: 20.0,
    }
}

/// An indicator of the given kind with everything else empty. Built from JSON so that optional fields
/// added to `Indicator` later (with serde defaults) don't break the tests.
pub fn ind(id: &str, kind: Kind) -> Indicator {
    let kind = serde_json::to_value(kind).expect("kind");
    let v = serde_json::json!({
        "id": id, "name": format!("测试指标{id}"), "clause": "", "kind": kind, "unit": "%",
        "direction": "up", "entry": "value", "lead_unit": "区统计局"
    });
    serde_json::from_value(v).expect("test indicator")
}

pub fn min(id: &str, v: f64) -> Indicator {
    Indicator {
        op: Some(Op::Ge),
        value: Some(v),
        ..ind(id, Kind::Min)
    }
}
pub fn max(id: &str, v: f64, unit: &str) -> Indicator {
    Indicator {
        op: Some(Op::Le),
        value: Some(v),
        unit: unit.to_string(),
        direction: Direction::Down,
        ..ind(id, Kind::Max)
    }
}
pub fn directional(id: &str, d: Direction, clause: &str) -> Indicator {
    Indicator {
        direction: d,
        clause: clause.to_string(),
        ..ind(id, Kind::Directional)
    }
}

/// A catalogue with one domain per plan and one goal per domain; every indicator gets its own line.
/// Indicators whose id starts with 'C' go to the children's plan.
pub fn catalogue(inds: Vec<Indicator>) -> Catalogue {
    let domains = vec![
        Domain {
            id: "W1".into(),
            plan: Plan::Women,
            number: 1,
            name: "妇女与健康".into(),
            short: "健康".into(),
        },
        Domain {
            id: "C1".into(),
            plan: Plan::Children,
            number: 1,
            name: "儿童与健康".into(),
            short: "健康".into(),
        },
    ];
    let goals = vec![
        Goal {
            id: "W1-1".into(),
            domain: "W1".into(),
            number: 1,
            text: "测试目标一。".into(),
        },
        Goal {
            id: "C1-1".into(),
            domain: "C1".into(),
            number: 1,
            text: "测试目标二。".into(),
        },
    ];
    let lines = inds
        .into_iter()
        .enumerate()
        .map(|(k, i)| TargetLine {
            id: i.id.clone(),
            goal: if i.id.starts_with('C') {
                "C1-1".into()
            } else {
                "W1-1".into()
            },
            number: k as u32 + 1,
            text: i.clause.clone(),
            indicators: vec![i],
        })
        .collect();
    Catalogue {
        version: "test".into(),
        defaults: defaults(),
        domains,
        goals,
        lines,
        ..Catalogue::embedded().clone()
    }
}

/// A dataset with direct values for one indicator.
pub fn values(id: &str, vals: &[(u16, &str)]) -> Dataset {
    let mut ds = Dataset::default();
    add_values(&mut ds, id, vals);
    ds
}

pub fn add_values(ds: &mut Dataset, id: &str, vals: &[(u16, &str)]) {
    for (y, v) in vals {
        ds.set_entry(
            id,
            *y,
            YearEntry {
                value: v.to_string(),
                ..Default::default()
            },
        );
    }
}

pub fn stages(id: &str, st: &[(u16, Stage)]) -> Dataset {
    let mut ds = Dataset::default();
    for (y, s) in st {
        ds.set_entry(
            id,
            *y,
            YearEntry {
                stage: Some(*s),
                evidence: "文件".into(),
                ..Default::default()
            },
        );
    }
    ds
}

/// A result of `eval1`, with its explanation rendered against the one-indicator catalogue.
pub struct Evaluated {
    pub result: IndicatorResult,
    pub explanation: Vec<String>,
}

impl std::ops::Deref for Evaluated {
    type Target = IndicatorResult;
    fn deref(&self) -> &IndicatorResult {
        &self.result
    }
}

/// Evaluates a one-indicator catalogue and returns the result with its explanation.
pub fn eval1(i: Indicator, ds: &Dataset, year: u16) -> Evaluated {
    let id = i.id.clone();
    let cat = catalogue(vec![i]);
    let ev = evaluate(&cat, ds, year);
    let result = ev.result(&id).cloned().expect("result for the indicator");
    let explanation = result.explanation(&cat);
    Evaluated {
        result,
        explanation,
    }
}

pub fn status1(i: Indicator, vals: &[(u16, &str)], year: u16) -> Status {
    let id = i.id.clone();
    eval1(i, &values(&id, vals), year).status
}

/// The whole explanation as one string (for `contains` checks).
pub fn text(r: &Evaluated) -> String {
    r.explanation.join("\n")
}

/// Rank of a status: lower is better (NoData last).
pub fn rank(s: Status) -> u8 {
    match s {
        Status::AchievedEarly | Status::Achieved => 0,
        Status::Basic => 1,
        Status::Gap => 2,
        Status::Regress => 3,
        Status::NoData => 4,
    }
}
