//! Evaluation engine: attainment per indicator and year, progress measures, projection, early warning
//! and roll-ups. Pure Rust, no web imports. Rules are documented in README ("评估规则").

use crate::catalogue::{Catalogue, Plan};
use crate::dataset::{Dataset, InputError};
use serde::{Deserialize, Serialize};

/// Attainment status in the official Chinese wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 提前实现: met before 2025.
    AchievedEarly,
    /// 已达标.
    Achieved,
    /// 基本实现: within the documented tolerance.
    Basic,
    /// 尚存差距: not met.
    Gap,
    /// 退步: moving against the desired direction.
    Regress,
    /// 无数据: not monitorable.
    NoData,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::AchievedEarly, Status::Achieved, Status::Basic, Status::Gap, Status::Regress, Status::NoData];
    pub fn label(self) -> &'static str {
        match self {
            Status::AchievedEarly => "提前实现",
            Status::Achieved => "已达标",
            Status::Basic => "基本实现",
            Status::Gap => "尚存差距",
            Status::Regress => "退步",
            Status::NoData => "无数据",
        }
    }
    /// Colour (hex) used in the UI and charts.
    pub fn color(self) -> &'static str {
        match self {
            Status::AchievedEarly => "#1b7f3b",
            Status::Achieved => "#2e9d4f",
            Status::Basic => "#8cbf3f",
            Status::Gap => "#e0a100",
            Status::Regress => "#c62828",
            Status::NoData => "#9e9e9e",
        }
    }
    /// Counts as achieved (达标) in 达标率.
    pub fn is_achieved(self) -> bool {
        matches!(self, Status::AchievedEarly | Status::Achieved)
    }
    pub fn is_monitorable(self) -> bool {
        self != Status::NoData
    }
}

/// Early-warning kinds (预警).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// 预计达标困难: the projection misses the target.
    HardToReach,
    /// 波动较大: an outlying year-on-year change.
    Volatile,
    /// 退步.
    Regress,
    /// 保持类目标某年未保持.
    NotHeld,
}

impl WarningKind {
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::HardToReach => "预计达标困难",
            WarningKind::Volatile => "波动较大",
            WarningKind::Regress => "退步",
            WarningKind::NotHeld => "未持续保持",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub kind: WarningKind,
    /// Chinese reason with the figures.
    pub reason: String,
}

/// The evaluation of one indicator as of one assessed year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorResult {
    pub id: String,
    pub year: u16,
    pub status: Status,
    /// 2020 base value, if entered.
    pub base: Option<f64>,
    /// Latest value up to the assessed year, and its year.
    pub latest: Option<f64>,
    pub latest_year: Option<u16>,
    /// Resolved value per year 2020..=assessed year (None = not entered).
    pub series: Vec<(u16, Option<f64>)>,
    /// The numeric target in the indicator's unit (computed from the base for relative targets).
    pub target: Option<f64>,
    /// Band around the target for 左右/均衡 (low, high).
    pub band: Option<(f64, f64)>,
    /// Current status index CS = (latest − base) / (target − base).
    pub cs: Option<f64>,
    /// Expected share of the period elapsed: (Y − 2020) / 5.
    pub expected: f64,
    /// Projected 2025 value and method.
    pub projection: Option<f64>,
    pub projection_method: String,
    /// Anticipated progress ratio AP = (projection − base) / (target − base).
    pub ap: Option<f64>,
    pub warnings: Vec<Warning>,
    /// Years in which a 保持 target was broken.
    pub broken_years: Vec<u16>,
    /// Audit trail in Chinese: rule, inputs, computed figures.
    pub explanation: Vec<String>,
    /// Input errors found in this indicator's data (the value of that year is then treated as missing).
    pub errors: Vec<InputError>,
    /// Lead unit used for roll-ups (dataset setting or catalogue default).
    pub lead_unit: String,
}

/// Counts per status and 达标率 for a group (goal, domain, plan, unit, all).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rollup {
    /// Group key: goal id, domain id, "women"/"children", unit name, or "all".
    pub key: String,
    /// Display name.
    pub name: String,
    pub total: usize,
    /// Monitorable = total − 无数据.
    pub monitorable: usize,
    pub achieved: usize,
    pub no_data: usize,
    /// Counts per status label in Status::ALL order.
    pub counts: Vec<(Status, usize)>,
    /// 达标率 = achieved ÷ monitorable (None when nothing is monitorable).
    pub rate: Option<f64>,
}

/// The evaluation of a whole dataset as of one assessed year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub year: u16,
    pub results: Vec<IndicatorResult>,
    pub overall: Rollup,
    pub by_plan: Vec<Rollup>,
    pub by_domain: Vec<Rollup>,
    pub by_goal: Vec<Rollup>,
    pub by_unit: Vec<Rollup>,
    /// (indicator id, warning) in catalogue order.
    pub warnings: Vec<(String, Warning)>,
    /// Errors for data that names unknown indicators or years outside 2020–2025.
    pub errors: Vec<InputError>,
}

impl Evaluation {
    pub fn result(&self, id: &str) -> Option<&IndicatorResult> {
        self.results.iter().find(|r| r.id == id)
    }
    pub fn plan_rollup(&self, plan: Plan) -> Option<&Rollup> {
        let key = match plan {
            Plan::Women => "women",
            Plan::Children => "children",
        };
        self.by_plan.iter().find(|r| r.key == key)
    }
}

/// Evaluates every indicator of the catalogue against the dataset as of `year` (2020–2025).
pub fn evaluate(cat: &Catalogue, data: &Dataset, year: u16) -> Evaluation {
    let _ = (cat, data, year);
    todo!("evaluation engine (issue 3)")
}
