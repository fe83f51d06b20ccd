//! The target catalogue of both plans: every "——" target line under 主要目标, split into measurable
//! indicators. The data lives in `data/catalogue.toml` (readable, verbatim source text, stable ids) and is
//! embedded at build time (build.rs writes a JSON form and the compact form the app reads, see `compact`).
//! This module only defines the types and loads it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

pub mod check;
pub mod compact;
pub mod diff;
pub mod draft;
pub mod file;
pub mod link;
pub mod link_edit;


/// The embedded catalogue JSON (generated from data/catalogue.toml by build.rs): the serde reference for the
/// compact form `Catalogue::embedded` reads (only tests and tools use it, so the app does not embed it).
pub const CATALOGUE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalogue.json"));
/// The plan text the catalogue was taken from (public document), kept for tests and display.
pub const PLAN_TEXT: &str = include_str!("../../data/plan.txt");

/// 妇女发展规划 or 儿童发展规划.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    Women,
    Children,
}

impl Plan {
    pub const ALL: [Plan; 2] = [Plan::Women, Plan::Children];
    /// Letter used in ids: W (women) / C (children).
    pub fn letter(self) -> char {
        match self {
            Plan::Women => 'W',
            Plan::Children => 'C',
        }
    }
    /// Key used in files, text keys and roll-ups: "women" / "children".
    pub fn key(self) -> &'static str {
        match self {
            Plan::Women => "women",
            Plan::Children => "children",
        }
    }
    /// What the plan is about in the national template's wording: "妇女" / "儿童" (not a plan fact: the
    /// two plans of every county are the 妇女 and the 儿童 plan).
    pub fn subject(self) -> &'static str {
        match self {
            Plan::Women => "妇女",
            Plan::Children => "儿童",
        }
    }
}

/// The years of a plan: the base year (基数年, data before the plan starts), the first and last plan
/// years and the mid-term year. Data are entered for `base..=last`; expected progress in year Y is
/// (Y − base) ÷ (last − base).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// 基数年, e.g. 2020.
    pub base: u16,
    /// First plan year, e.g. 2021.
    pub first: u16,
    /// Last plan year (终期评估年), e.g. 2025.
    pub last: u16,
    /// 中期评估年, e.g. 2023.
    pub midterm: u16,
}

impl Period {
    /// Every data year, base year first: base..=last.
    pub fn years(self) -> std::ops::RangeInclusive<u16> {
        self.base..=self.last
    }
    /// Number of data years (base year included).
    pub fn len(self) -> usize {
        usize::from(self.last.saturating_sub(self.base)) + 1
    }
    /// Always false: a period has at least its base year.
    pub fn is_empty(self) -> bool {
        false
    }
    /// Is `y` a data year (base..=last)?
    pub fn contains(self, y: u16) -> bool {
        (self.base..=self.last).contains(&y)
    }
    /// Is `y` a plan year (first..=last, the base year excluded)?
    pub fn is_plan_year(self, y: u16) -> bool {
        (self.first..=self.last).contains(&y)
    }
    /// `y` moved into base..=last.
    pub fn clamp(self, y: u16) -> u16 {
        y.clamp(self.base, self.last)
    }
    /// Position of `y` among the data years (0 = base year).
    pub fn index(self, y: u16) -> Option<usize> {
        self.contains(y).then(|| usize::from(y - self.base))
    }
    /// Years from the base to the last plan year: the length of the period for expected progress.
    pub fn span(self) -> u16 {
        self.last.saturating_sub(self.base).max(1)
    }
    /// Expected share of the period elapsed in year `y`: (y − base) ÷ (last − base).
    pub fn expected(self, y: u16) -> f64 {
        f64::from(y.saturating_sub(self.base)) / f64::from(self.span())
    }
    /// "2021-2025", as plan titles write it.
    pub fn label(self) -> String {
        format!("{}-{}", self.first, self.last)
    }
    /// The heading of a year column: "2020（基数）" for the base year, "2021" for the others.
    pub fn column_label(self, y: u16) -> String {
        if y == self.base {
            format!("{y}（基数）")
        } else {
            y.to_string()
        }
    }
    /// "2020–2025": the data years, for messages.
    pub fn data_range(self) -> String {
        format!("{}–{}", self.base, self.last)
    }
    /// The default assessed year on `today` (ISO date or time): last year, since data are reported for the
    /// past year, moved into the data years; the last plan year when `today` cannot be read.
    pub fn default_year(self, today: &str) -> u16 {
        today
            .get(..4)
            .and_then(|y| y.parse::<u16>().ok())
            .map(|y| y.saturating_sub(1))
            .map_or(self.last, |y| self.clamp(y))
    }
}

/// One of the two plans as the catalogue names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInfo {
    pub plan: Plan,
    /// Full title as in the plan text, e.g. "梨树区妇女发展规划（2021-2025年）".
    pub title: String,
    /// Short name, e.g. "妇女规划".
    pub short: String,
}

/// How an indicator is judged. See README "评估规则" for the rule of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 达到/保持在 X 以上, 不低于 X: value ≥ X.
    Min,
    /// 下降到/控制在 X 以下/以内: value ≤ X.
    Max,
    /// 保持在/达到 X 左右: |value − X| ≤ band.
    Approx,
    /// 以2020年为基数下降/提高 p%: value op base × (1 + change/100).
    Relative,
    /// 每个机构/班子至少 n 个: every listed body has ≥ n.
    CountPerBody,
    /// 提高 / 下降 / 保持稳定并有所提高 / 上升趋势减缓 …: judged from the 2020 base and the series.
    Directional,
    /// Compared with another measured value (e.g. 不低于本地区党员总数中女性比例).
    Relational,
    /// 男女比例保持均衡: female share within the balance band.
    Balance,
    /// Qualitative milestone (建立/健全/完善/落实): judged from the entered stage.
    Milestone,
    /// 比基数年提高/降低 N 个百分点: target = value(base year) + value (value is the signed change in points
    /// of the indicator's own %/‰ scale, −1 = 降低1个百分点); judged like a threshold (≥ when rising, ≤ when
    /// falling).
    Points,
    /// 每年提高/降低 N 个百分点（以上）: every year's change against the year before must reach |value| points
    /// in the direction of its sign, and the total change since the base year must reach |value| × years.
    PointsPerYear,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Min => "下限（以上）",
            Kind::Max => "上限（以下）",
            Kind::Approx => "左右",
            Kind::Relative => "相对基数年",
            Kind::CountPerBody => "每单位配备数",
            Kind::Directional => "方向性",
            Kind::Relational => "比较性",
            Kind::Balance => "均衡",
            Kind::Milestone => "定性进展",
            Kind::Points => "相对基数年（百分点）",
            Kind::PointsPerYear => "逐年变化（百分点）",
        }
    }
}

/// Comparison operator. 以上/以下/以内/不低于 include the number itself (民法典第1259条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "~")]
    Approx,
    #[serde(rename = "=")]
    Eq,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Approx => "≈",
            Op::Eq => "=",
        }
    }
}

/// Desired direction of movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (提高/增加/扩大).
    Up,
    /// Lower is better (下降/降低/减少).
    Down,
    /// Stay near the target/base (保持/左右/均衡).
    Hold,
    /// 保持稳定并有所提高: never below base, latest above it.
    HoldUp,
    /// 上升趋势减缓: year-on-year rises shrinking.
    SlowRise,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Up => "越高越好",
            Direction::Down => "越低越好",
            Direction::Hold => "保持",
            Direction::HoldUp => "保持稳定并有所提高",
            Direction::SlowRise => "上升趋势减缓",
        }
    }
}

/// What data entry needs for this indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// One value per year in the indicator's unit.
    Value,
    /// Numerator and denominator; value = numerator ÷ denominator × scale.
    Rate,
    /// Female and male counts; value = female ÷ (female + male) × 100.
    FemaleMale,
    /// One count per body (see `bodies`).
    PerBody,
    /// A stage (see `Stage`) plus evidence text.
    Milestone,
}

/// Stages of a qualitative milestone, mapped onto the status scale by the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 未启动
    NotStarted,
    /// 推进中
    InProgress,
    /// 基本建立/基本实现
    Basic,
    /// 已建立/已实现
    Done,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::NotStarted, Stage::InProgress, Stage::Basic, Stage::Done];
    pub fn label(self) -> &'static str {
        match self {
            Stage::NotStarted => "未启动",
            Stage::InProgress => "推进中",
            Stage::Basic => "基本实现",
            Stage::Done => "已实现",
        }
    }
}

/// Catalogue-wide documented defaults for vague wording; shown to users, editable in a dataset's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// 左右: allowed distance from the target, in the indicator's unit (percentage points for %).
    pub approx_band: f64,
    /// 均衡: female share (%) must lie in [balance_low, balance_high].
    pub balance_low: f64,
    pub balance_high: f64,
    /// 基本实现 tolerance: relative distance from a threshold target still called 基本实现 (0.01 = 1 %).
    pub basic_tolerance: f64,
    /// 提高/下降: minimum relative change against the 2020 base that counts as movement (0 = any).
    pub min_change: f64,
    /// 数据不稳定: a rate counted from fewer events than this is flagged and judged on the pooled rate of the
    /// last three years (default 20, the NCHS reliability rule). Absent in older catalogue files.
    #[serde(default = "default_min_events")]
    pub min_events: f64,
}

/// The default of `Defaults::min_events`: rates from fewer than 20 events are unreliable (NCHS).
pub const DEFAULT_MIN_EVENTS: f64 = 20.0;

fn default_min_events() -> f64 {
    DEFAULT_MIN_EVENTS
}

/// A domain (领域) of a plan, e.g. 妇女与健康.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// e.g. "W1" (women's plan, domain 1).
    pub id: String,
    pub plan: Plan,
    /// Ordinal within the plan (1-based, as （一）…).
    pub number: u32,
    /// Full name as in the plan, e.g. "妇女与健康".
    pub name: String,
    /// Short name, e.g. "健康".
    pub short: String,
}

/// A numbered goal under 主要目标, e.g. "4.提高孕产妇保健水平。".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// e.g. "W1-4".
    pub id: String,
    pub domain: String,
    pub number: u32,
    /// Verbatim goal text without the number, e.g. "提高孕产妇保健水平。".
    pub text: String,
}

/// One "——" target line, verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetLine {
    /// plan–domain–goal–line, e.g. "W1-4-2".
    pub id: String,
    pub goal: String,
    pub number: u32,
    /// Verbatim source text without the leading "——" (continuation lines joined).
    pub text: String,
    /// The measurable indicators this line is split into (at least one).
    pub indicators: Vec<Indicator>,
}

/// A separately measurable indicator of a target line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Line id, or line id + letter when a line is split: "W1-4-2", "C1-3-1a", "C1-3-1b".
    pub id: String,
    /// Short indicator name, e.g. "孕产妇死亡率".
    pub name: String,
    /// The part of the line's verbatim text this indicator measures.
    pub clause: String,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    /// Target value in `unit` (for Relative: the change in % against the base, e.g. -15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Unit of the value: "%", "‰", "/10万", "所", "名", "张", "次", "年", "" …
    #[serde(default)]
    pub unit: String,
    pub direction: Direction,
    /// true when the target must hold in every reported year (保持…).
    #[serde(default)]
    pub every_year: bool,
    pub entry: Entry,
    /// For Rate: names of numerator and denominator and the scale (100, 1000, 100000 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
    /// For Rate: whether the numerator counts events (deaths, cases), so that small counts are judged with
    /// exact Poisson limits (see `counts_events`). Absent: true for rates in ‰ and /10万, false otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<bool>,
    /// For PerBody: the bodies that each need `value` (e.g. 区级党委, 区人大 …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bodies: Vec<String>,
    /// For Relational: what the value is compared with (entered alongside as `other`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_with: Option<String>,
    /// Per-indicator override of the 左右 band / 均衡 band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<f64>,
    /// Upper limit of a valid value when it differs from the unit's (e.g. 毛入学率 may exceed 100 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Plain-language note on how the vague wording is interpreted (shown to users).
    #[serde(default)]
    pub interpretation: String,
    // 指标解释 slots (filled where the plan gives them; otherwise empty, editable later).
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub formula: String,
    #[serde(default)]
    pub source: String,
    /// Milestones: the documents or facts that show each stage (what to attach as 佐证材料).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence_hint: String,
    /// Set by `catalogue draft` when the wording could not be classified with confidence: the reason a person
    /// must check this indicator. Empty in a reviewed catalogue.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub review: String,
    /// The indicator of the previous catalogue (`[previous]`) this one continues (规划衔接), e.g. "W1-4-2":
    /// its data up to this catalogue's base year are carried over (`crate::carry`). Absent for a new indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// 口径变化: how the measure's definition changed from the previous indicator (shown beside carried data;
    /// required when two indicators continue the same previous one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub previous_note: String,
    /// Default lead responsible unit (牵头单位), e.g. "区卫健局".
    #[serde(default)]
    pub lead_unit: String,
    #[serde(default)]
    pub co_units: Vec<String>,
}

impl Indicator {
    /// An event rate entered as counts: numerator ÷ denominator of a rate whose numerator counts events
    /// (deaths, cases). The catalogue's `events` decides; without it, rates in ‰ and /10万 are event rates.
    pub fn counts_events(&self) -> bool {
        self.entry == Entry::Rate && self.events.unwrap_or(matches!(self.unit.as_str(), "‰" | "/10万"))
    }
    /// Lower bound of a valid value for this indicator's unit (all values are non-negative).
    pub fn is_percent_like(&self) -> bool {
        matches!(self.unit.as_str(), "%" | "‰")
    }
    /// Upper limit for values in this unit (percent ≤ 100, per-mille ≤ 1000), if any.
    pub fn max_value(&self) -> Option<f64> {
        if self.max.is_some() {
            return self.max;
        }
        match self.unit.as_str() {
            "%" => Some(100.0),
            "‰" => Some(1000.0),
            "/10万" => Some(100_000.0),
            _ => None,
        }
    }
    /// The word of a change in points of this indicator's unit: "个千分点" for ‰, else "个百分点".
    pub fn points_unit(&self) -> &'static str {
        if self.unit == "‰" {
            "个千分点"
        } else {
            "个百分点"
        }
    }
    /// The verb of a change in points as the clause writes it: 提高 for a rise; 下降 or 降低 for a fall
    /// (下降 when the clause says so, else 降低).
    pub fn change_word(&self, rise: bool) -> &'static str {
        if rise {
            "提高"
        } else if self.clause.contains("下降") {
            "下降"
        } else {
            "降低"
        }
    }
    /// A human description of the target, e.g. "≥ 90%" or "以2020年为基数下降15%" (`base` = the base year).
    pub fn target_label(&self, base: u16) -> String {
        match (self.kind, self.op, self.value) {
            (Kind::Points, _, Some(v)) => {
                format!("比{base}年{}{}{}", self.change_word(v >= 0.0), fmt_num(v.abs()), self.points_unit())
            }
            (Kind::PointsPerYear, _, Some(v)) => {
                format!("自{base}年起每年{}{}{}以上", self.change_word(v >= 0.0), fmt_num(v.abs()), self.points_unit())
            }
            (Kind::Relative, _, Some(v)) => {
                if v < 0.0 {
                    format!("以{base}年为基数下降{}%", fmt_num(-v))
                } else {
                    format!("以{base}年为基数提高{}%", fmt_num(v))
                }
            }
            (Kind::CountPerBody, _, Some(v)) => format!("每个至少{}{}", fmt_num(v), self.unit),
            (Kind::Milestone, _, _) => "定性目标（按进展阶段评估）".to_string(),
            (Kind::Balance, _, _) => "男女比例均衡".to_string(),
            (_, Some(op), Some(v)) => format!("{} {}{}", op.symbol(), fmt_num(v), self.unit),
            _ => self.direction.label().to_string(),
        }
    }
}

impl Indicator {
    /// The target as compared between catalogue versions: the target label, and whether it must hold every
    /// year. Data files carry it per indicator, so an import can list the targets a new version changed.
    pub fn target_key(&self, base: u16) -> String {
        let label = self.target_label(base);
        if self.every_year {
            format!("{label}（每年保持）")
        } else {
            label
        }
    }
}

/// Formats a number without trailing zeros: 90 → "90", 14.5 → "14.5".
pub fn fmt_num(v: f64) -> String {
    let mut s = String::with_capacity(16);
    let _ = write_num(&mut s, v);
    s
}

/// Writes `v` exactly as `fmt_num` formats it, without allocating. Values are rounded to 4 decimals through
/// integer arithmetic (the float-to-decimal formatting is slow and evaluation formats thousands of numbers);
/// huge values and values on a rounding tie take the exact `{:.4}` path, so the text is the same.
pub fn write_num<W: std::fmt::Write>(w: &mut W, v: f64) -> std::fmt::Result {
    if (v - v.round()).abs() < 1e-9 {
        return write!(w, "{}", v.round() as i64);
    }
    let scaled = v * 10_000.0;
    let frac = (scaled - scaled.trunc()).abs();
    if scaled.abs() < 1e15 && (frac - 0.5).abs() > 1e-6 {
        let a = (scaled.round() as i64).unsigned_abs();
        let (int, mut dec) = (a / 10_000, a % 10_000);
        if v < 0.0 {
            w.write_char('-')?;
        }
        write!(w, "{int}")?;
        if dec == 0 {
            return Ok(());
        }
        let mut width = 4;
        while dec % 10 == 0 {
            dec /= 10;
            width -= 1;
        }
        return write!(w, ".{dec:0width$}");
    }
    let s = format!("{:.4}", v);
    w.write_str(s.trim_end_matches('0').trim_end_matches('.'))
}

/// The whole catalogue: the plan facts (region, issuing authority, titles, period), the defaults for vague
/// wording and every domain, goal, target line and indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Stable id of the catalogue (one per region and period), e.g. "lishu-2021-2025". Data files, the
    /// browser store and templates name it; data are kept per catalogue id.
    pub id: String,
    /// Catalogue version, bumped whenever ids or targets change.
    pub version: String,
    /// The region the plans are for, e.g. "梨树区".
    pub region: String,
    /// Who issued the plans, e.g. "梨树区人民政府".
    #[serde(default)]
    pub authority: String,
    /// Issue date as written (ISO), e.g. "2022-09-26".
    #[serde(default)]
    pub issued: String,
    /// Both plans together, e.g. "梨树区妇女儿童发展规划（2021-2025年）".
    pub title: String,
    pub period: Period,
    /// The catalogue of the previous plan period this one continues (`[previous]`), if linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousCatalogue>,
    /// The two plans (women, children) with their titles.
    pub plans: Vec<PlanInfo>,
    pub defaults: Defaults,
    pub domains: Vec<Domain>,
    pub goals: Vec<Goal>,
    pub lines: Vec<TargetLine>,
}

/// The catalogue of the previous plan period (header `[previous]`): its id and version, and its base year,
/// the earliest year whose data are carried over (上一期数据). Indicators name their predecessor in `previous`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousCatalogue {
    pub id: String,
    pub version: String,
    /// The previous catalogue's base year: years from it to the year before this base year are kept as
    /// 上一期 years (read-only). Absent: only this catalogue's base year is carried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<u16>,
}

/// How much a catalogue holds: plans, domains, goals, target lines, indicators, and how many indicators are
/// marked for review (`review = "…"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueSummary {
    pub plans: usize,
    pub domains: usize,
    pub goals: usize,
    pub lines: usize,
    pub indicators: usize,
    pub review: usize,
}

impl CatalogueSummary {
    /// "规划 2 部，领域 15 个，主要目标 96 项，目标行 257 条，指标 297 个" (and "，其中 N 个需人工核对").
    pub fn message(&self) -> String {
        let review = if self.review > 0 { format!("，其中 {} 个需人工核对", self.review) } else { String::new() };
        format!(
            "规划 {} 部，领域 {} 个，主要目标 {} 项，目标行 {} 条，指标 {} 个{review}",
            self.plans, self.domains, self.goals, self.lines, self.indicators
        )
    }
}

/// Where an indicator sits: its line, goal and domain.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorRef<'a> {
    pub indicator: &'a Indicator,
    pub line: &'a TargetLine,
    pub goal: &'a Goal,
    pub domain: &'a Domain,
}

impl Catalogue {
    /// Parses a catalogue from its JSON form.
    pub fn from_json(json: &str) -> Result<Catalogue, String> {
        serde_json::from_str(json).map_err(|e| format!("目标目录数据格式错误：{e}"))
    }

    /// The embedded catalogue (read once from its compact form, without serde; `compact` proves it equal to
    /// the serde reading of `CATALOGUE_JSON`). The embedded data is tested, so failure here is a build bug.
    pub fn embedded() -> &'static Catalogue {
        static CAT: OnceLock<Catalogue> = OnceLock::new();
        CAT.get_or_init(compact::embedded)
    }

    /// The full title of a plan, e.g. "梨树区妇女发展规划（2021-2025年）" (the plan's subject when missing).
    pub fn plan_title(&self, plan: Plan) -> &str {
        self.plans.iter().find(|p| p.plan == plan).map_or(plan.subject(), |p| p.title.as_str())
    }
    /// The short name of a plan, e.g. "妇女规划".
    pub fn plan_short(&self, plan: Plan) -> &str {
        self.plans.iter().find(|p| p.plan == plan).map_or(plan.subject(), |p| p.short.as_str())
    }
    /// The app's name for this catalogue, e.g. "梨树区妇女儿童发展规划（2021-2025年）监测评估".
    pub fn app_title(&self) -> String {
        format!("{}监测评估", self.title)
    }
    /// "梨树区妇女儿童发展规划（2021-2025年）目标目录（lishu-2021-2025，版本 2022-09-26.1）": names the
    /// catalogue in messages.
    pub fn describe(&self) -> String {
        format!("{}目标目录（编号 {}，版本 {}）", self.title, self.id, self.version)
    }

    /// "孕产妇死亡率（W1-4-2）" for an indicator id, "指标 X9-9-9" for an id the catalogue does not have: how
    /// every message names an indicator.
    pub fn indicator_label(&self, id: &str) -> String {
        match self.indicator(id) {
            Some(r) => format!("{}（{id}）", r.indicator.name),
            None => format!("指标 {id}"),
        }
    }

    /// The years before the base year kept from the previous catalogue (上一期, read-only): from
    /// `[previous].base` to the base year − 1; empty without a link.
    pub fn previous_years(&self) -> std::ops::Range<u16> {
        match self.previous.as_ref().and_then(|p| p.base) {
            Some(b) if b < self.period.base => b..self.period.base,
            _ => self.period.base..self.period.base,
        }
    }

    /// May data of `ind` be kept for `year`: a data year (base..=last), or a 上一期 year of an indicator that
    /// continues one of the previous catalogue.
    pub fn keeps_year(&self, ind: &Indicator, year: u16) -> bool {
        self.period.contains(year) || (ind.previous.is_some() && self.previous_years().contains(&year))
    }

    /// Counts of plans, domains, goals, lines, indicators and review marks.
    pub fn summary(&self) -> CatalogueSummary {
        let indicators = self.lines.iter().flat_map(|l| l.indicators.iter());
        CatalogueSummary {
            plans: self.plans.len(),
            domains: self.domains.len(),
            goals: self.goals.len(),
            lines: self.lines.len(),
            indicators: indicators.clone().count(),
            review: indicators.filter(|i| !i.review.trim().is_empty()).count(),
        }
    }

    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }
    pub fn goals_of<'a>(&'a self, domain: &'a str) -> impl Iterator<Item = &'a Goal> + 'a {
        self.goals.iter().filter(move |g| g.domain == domain)
    }
    pub fn lines_of<'a>(&'a self, goal: &'a str) -> impl Iterator<Item = &'a TargetLine> + 'a {
        self.lines.iter().filter(move |l| l.goal == goal)
    }
    pub fn domains_of(&self, plan: Plan) -> impl Iterator<Item = &Domain> {
        self.domains.iter().filter(move |d| d.plan == plan)
    }

    /// All indicators in catalogue order with their line, goal and domain.
    pub fn indicators(&self) -> Vec<IndicatorRef<'_>> {
        let mut out = Vec::with_capacity(self.lines.len() + self.lines.len() / 4);
        // Lines come grouped by goal: look the goal and domain up only when the goal changes.
        let mut current: Option<(&Goal, &Domain)> = None;
        for line in &self.lines {
            let (goal, domain) = match current {
                Some((g, d)) if g.id == line.goal => (g, d),
                _ => {
                    let Some(goal) = self.goal(&line.goal) else { continue };
                    let Some(domain) = self.domain(&goal.domain) else { continue };
                    current = Some((goal, domain));
                    (goal, domain)
                }
            };
            for indicator in &line.indicators {
                out.push(IndicatorRef { indicator, line, goal, domain });
            }
        }
        out
    }

    /// Index from indicator id to its reference.
    pub fn index(&self) -> BTreeMap<&str, IndicatorRef<'_>> {
        self.indicators().into_iter().map(|r| (r.indicator.id.as_str(), r)).collect()
    }

    /// One indicator by id (finds the indicator first, then looks up only its goal and domain).
    pub fn indicator(&self, id: &str) -> Option<IndicatorRef<'_>> {
        let (line, indicator) =
            self.lines.iter().find_map(|l| l.indicators.iter().find(|i| i.id == id).map(|i| (l, i)))?;
        let goal = self.goal(&line.goal)?;
        let domain = self.domain(&goal.domain)?;
        Some(IndicatorRef { indicator, line, goal, domain })
    }

    /// Every distinct default lead and co-operating unit named in the catalogue, sorted.
    pub fn units(&self) -> Vec<String> {
        let mut set = std::collections::BTreeSet::new();
        for r in self.indicators() {
            if !r.indicator.lead_unit.is_empty() {
                set.insert(r.indicator.lead_unit.clone());
            }
            for u in &r.indicator.co_units {
                set.insert(u.clone());
            }
        }
        set.into_iter().collect()
    }
}
