//! # 报告数据 / Report data
//!
//! 评估报告（年度监测报告、中期评估报告、终期评估报告）和总览（仪表盘）所需的数据，全部由纯函数从目录、数据集和
//! 评估结果计算得出；界面只负责显示。Pure report and dashboard data built from the catalogue, the dataset and an
//! evaluation; the views only display it.
//!
//! 报告结构与正式评估报告一致 / The report follows the structure of official evaluation reports:
//! 1. 报告头：梨树区、规划名称、评估年份、单位（或全区）、日期；
//! 2. 摘要：指标数、可监测数、各状态数、达标率（无数据单独列出，不计入分母）、主要数字；
//! 3. 各领域目标实现情况：每个领域的每项指标——现值与目标、状态、简要说明；
//! 4. 存在的主要问题：未达标指标、预警（预计达标困难、波动较大、退步、未持续保持、数据不稳定）、退步指标、缺数据指标、填报错误；
//! 5. 工作措施与成效、原因分析、对策建议：用户可编辑的文字（[`TextPart`]），保存在 `Dataset.texts` 中，键见
//!    [`text_key`]（每份报告一个键：规划、报告类型、单位）；
//! 6. 附录：全部指标一览表（逐年数值）。
//!
//! 报告的版式（章节、编号、表格、图表、可编辑文字块）只在 [`outline`] 中排一次；屏幕、打印、命令行 HTML 和
//! Word 都只渲染这份提纲。The layout (sections, numbering, tables, charts, editable blocks) is built once, in
//! [`outline`]; the screen, its print view, the CLI's HTML and the Word writer only render it.
//!
//! 范围 / Scope：一个规划（妇女/儿童），可选一个单位。单位范围 = 该单位牵头或配合的指标（数据集设置优先，否则目录
//! 默认），与单位模式、筛选、导出和填报模板同一口径（[`Dataset::is_unit_indicator`]）；每项指标注明本单位是牵头还是
//! 配合（[`IndicatorRow::role`]），摘要分别列出牵头、配合项数。A unit scope means the indicators the unit leads or
//! co-operates on — the one rule used everywhere — and each row says which ([`UnitRole`]). Note that the
//! evaluation's per-unit roll-up (and the dashboard's unit filter) group indicators by lead unit only.

pub mod coverage;
mod dashboard;
pub mod document;
#[cfg(feature = "docx")]
pub mod docx;
pub mod html;
pub mod outline;
mod rows;

pub use dashboard::{build_dashboard, Dashboard, DashboardFilter};
pub use rows::{fmt_rate, fmt_value, IndicatorRow};

use crate::catalogue::{Catalogue, IndicatorRef, Plan};
use crate::catalogue::Period;
use crate::dataset::{Dataset, UnitRole};
use crate::eval::{Evaluation, IndicatorResult, Rollup, Status, WarningKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Scope label used when no unit is chosen (the whole district).
pub const WHOLE_DISTRICT: &str = "全区";
/// Placeholder prompt shown in the empty 对策建议 field.
pub const SUGGESTIONS_PLACEHOLDER: &str =
    "请结合“存在的主要问题”填写对策建议，例如：针对未达标和预计达标困难的指标，明确牵头单位、具体措施和完成时限；\
针对缺少数据的指标，明确数据来源和报送要求。";

/// Kind of report: annual monitoring report of a year, the mid-term or the final evaluation (their years are
/// the catalogue's mid-term and last plan years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "year")]
pub enum ReportKind {
    /// 年度监测报告 of the given year (a plan year).
    Annual(u16),
    /// 中期评估报告 (assessed year = the period's mid-term year).
    MidTerm,
    /// 终期评估报告 (assessed year = the last plan year).
    Final,
}

impl ReportKind {
    /// The assessed year of this report (annual years are clamped to the data years).
    pub fn year(self, period: Period) -> u16 {
        match self {
            ReportKind::Annual(y) => period.clamp(y),
            ReportKind::MidTerm => period.midterm,
            ReportKind::Final => period.last,
        }
    }
    /// Report name, e.g. "2024年度监测报告", "中期评估报告", "终期评估报告".
    pub fn label(self, period: Period) -> String {
        match self {
            ReportKind::Annual(_) => format!("{}年度监测报告", self.year(period)),
            ReportKind::MidTerm => "中期评估报告".to_string(),
            ReportKind::Final => "终期评估报告".to_string(),
        }
    }
    /// The report's name with its year, for choosers: "2024年度监测报告", "中期评估报告（2023年）".
    pub fn label_with_year(self, period: Period) -> String {
        match self {
            ReportKind::Annual(_) => self.label(period),
            _ => format!("{}（{}年）", self.label(period), self.year(period)),
        }
    }
    /// Stable key used in text keys: "annual-2024", "midterm", "final".
    pub fn key(self) -> String {
        match self {
            ReportKind::Annual(y) => format!("annual-{y}"),
            ReportKind::MidTerm => "midterm".to_string(),
            ReportKind::Final => "final".to_string(),
        }
    }
}

/// A part of the report only people can write: 工作措施与成效, 原因分析 (of 存在的主要问题) and 对策建议. Each is
/// an editable block on screen, saved in `Dataset.texts` under [`text_key`], and a placeholder 【待填写：…】 in
/// the documents while empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextPart {
    Measures,
    Causes,
    Suggestions,
}

impl TextPart {
    /// In report order.
    pub const ALL: [TextPart; 3] = [TextPart::Measures, TextPart::Causes, TextPart::Suggestions];
    /// The section name, also the last segment of the text key.
    pub fn label(self) -> &'static str {
        match self {
            TextPart::Measures => "工作措施与成效",
            TextPart::Causes => "原因分析",
            TextPart::Suggestions => "对策建议",
        }
    }
    /// The prompt of the empty editor.
    pub fn placeholder(self) -> &'static str {
        match self {
            TextPart::Measures => MEASURES_PLACEHOLDER,
            TextPart::Causes => CAUSES_PLACEHOLDER,
            TextPart::Suggestions => SUGGESTIONS_PLACEHOLDER,
        }
    }
    /// What the documents show while the text is empty: 【待填写：对策建议】.
    pub fn missing(self) -> String {
        format!("【待填写：{}】", self.label())
    }
}

/// Placeholder prompt of the empty 工作措施与成效 field.
pub const MEASURES_PLACEHOLDER: &str =
    "请填写本期主要工作措施、经验做法和取得的成效，例如：出台的政策文件、实施的项目、投入的资金、惠及的人数。";
/// Placeholder prompt of the empty 原因分析 field.
pub const CAUSES_PLACEHOLDER: &str = "请结合上面列出的未达标、预警和缺少数据的指标，分析主要原因。";

/// Key under which a text of a report is stored in `Dataset.texts`: `report:{plan}:{kind}:{unit}:{part}`, with
/// plan = women/children, kind = annual-YYYY/midterm/final, unit = the unit name or 全区 and part = the
/// [`TextPart::label`]. Example: `report:women:midterm:全区:工作措施与成效`.
pub fn text_key(plan: Plan, kind: ReportKind, unit: Option<&str>, part: TextPart) -> String {
    let unit = unit.map(str::trim).filter(|u| !u.is_empty()).unwrap_or(WHOLE_DISTRICT);
    format!("report:{}:{}:{}:{}", plan.key(), kind.key(), unit, part.label())
}

/// Key of the 对策建议 text of a report ([`text_key`]): `report:women:midterm:全区:对策建议`.
pub fn suggestions_key(plan: Plan, kind: ReportKind, unit: Option<&str>) -> String {
    text_key(plan, kind, unit, TextPart::Suggestions)
}

/// Stores a report text. Text is kept exactly as typed; an empty (whitespace-only) text removes the key.
pub fn set_text(ds: &mut Dataset, key: &str, text: &str) {
    if text.trim().is_empty() {
        ds.texts.remove(key);
    } else {
        ds.texts.insert(key.to_string(), text.to_string());
    }
}

/// 报告头.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportHeader {
    pub district: String,
    pub plan: Plan,
    pub plan_name: String,
    pub kind: ReportKind,
    /// e.g. "梨树区妇女发展规划（2021-2025年）中期评估报告".
    pub title: String,
    /// The assessed year.
    pub year: u16,
    /// The catalogue's plan years (base year, period, mid-term).
    pub period: Period,
    /// The unit, or None for the whole district.
    pub unit: Option<String>,
    /// "全区" or the unit name.
    pub scope: String,
    /// Report date (set by the caller, e.g. "2025年3月1日"); empty when not set.
    pub date: String,
    /// Note when the evaluation passed in was not made for the report's year.
    pub year_note: Option<String>,
    /// true when the dataset is the embedded demo data (the report must say so).
    #[serde(default)]
    pub demo: bool,
}

/// 摘要.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Counts and 达标率 of the scope (无数据 excluded from the denominator).
    pub rollup: Rollup,
    /// Number of indicators with at least one warning.
    pub warned: usize,
    /// Key figures as sentences, e.g. "监测指标 150 项，其中可监测 140 项……".
    pub key_figures: Vec<String>,
    /// How final the report year's data are, e.g. "2025 年数据：已审核 28 个单位，已提交未审核 2 个，未提交 1 个".
    #[serde(default)]
    pub data_status: String,
}

/// One section of 各领域目标实现情况.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainSection {
    pub id: String,
    pub number: u32,
    pub name: String,
    pub rollup: Rollup,
    pub rows: Vec<IndicatorRow>,
}

/// An entry of 存在的主要问题.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemItem {
    pub id: String,
    pub name: String,
    pub domain: String,
    pub lead_unit: String,
    /// In a unit's report: whether the unit leads (牵头) or co-operates (配合); None for the whole district.
    #[serde(default)]
    pub role: Option<UnitRole>,
    pub status: Status,
    /// What kind of problem (status label or warning label).
    pub label: String,
    /// Chinese reason with figures.
    pub reason: String,
}

impl ProblemItem {
    /// The bold head of the item's line: `W1-4-2 孕产妇死亡率`.
    pub fn heading(&self) -> String {
        format!("{} {}", self.id, self.name)
    }

    /// The rest of the line: `（妇女与健康，区卫健局；本单位牵头）【尚存差距】…` (unit role only in a unit's
    /// report; an indicator without a unit is shown as 未指定单位, as in the per-unit roll-up).
    pub fn detail(&self) -> String {
        let unit = if self.lead_unit.is_empty() { crate::eval::NO_UNIT } else { self.lead_unit.as_str() };
        let role = self.role.map(|r| format!("；本单位{}", r.label())).unwrap_or_default();
        format!("（{}，{unit}{role}）【{}】{}", self.domain, self.label, self.reason)
    }
}

/// 存在的主要问题.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Problems {
    /// Monitorable but not achieved (基本实现, 尚存差距, 退步).
    pub not_met: Vec<ProblemItem>,
    /// Every warning (预计达标困难, 波动较大, 退步, 未持续保持, 数据不稳定).
    pub warnings: Vec<ProblemItem>,
    /// Status 退步, or a 退步 warning while still met.
    pub regressions: Vec<ProblemItem>,
    /// 无数据, with the reason.
    pub missing: Vec<ProblemItem>,
    /// Input errors in the scope's data (Chinese messages naming indicator, year, field).
    pub input_errors: Vec<String>,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.not_met.is_empty()
            && self.warnings.is_empty()
            && self.regressions.is_empty()
            && self.missing.is_empty()
            && self.input_errors.is_empty()
    }
}

/// A text only people can write ([`TextPart`]): the stored text (exactly as typed) and where it is stored. The
/// key names the report it belongs to (plan, kind, unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditableText {
    pub part: TextPart,
    pub key: String,
    pub text: String,
    pub placeholder: String,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub header: ReportHeader,
    pub summary: Summary,
    pub domains: Vec<DomainSection>,
    pub problems: Problems,
    /// 工作措施与成效, 原因分析, 对策建议 (in [`TextPart::ALL`] order).
    pub texts: Vec<EditableText>,
    /// 附录: every indicator of the scope, with the yearly values.
    pub appendix: Vec<IndicatorRow>,
}

/// Is the indicator in the (plan, unit) scope? A unit's indicators are those it leads or co-operates on
/// ([`Dataset::is_unit_indicator`]).
pub(crate) fn in_scope(r: &IndicatorRef<'_>, ds: &Dataset, plan: Option<Plan>, unit: Option<&str>) -> bool {
    plan.is_none_or(|p| r.domain.plan == p) && unit.is_none_or(|u| ds.is_unit_indicator(r.indicator, u))
}

/// Results by indicator id.
pub(crate) fn result_index(ev: &Evaluation) -> HashMap<&str, &IndicatorResult> {
    ev.results.iter().map(|r| (r.id.as_str(), r)).collect()
}

/// Counts per status and 达标率 of a set of statuses (same rule as the evaluation's roll-ups).
pub use crate::eval::rollup_of;

/// Count of one status in a roll-up.
pub fn count(r: &Rollup, s: Status) -> usize {
    r.counts.iter().find(|c| c.0 == s).map_or(0, |c| c.1)
}

/// Builds the report of `plan` (optionally one unit) from an evaluation. The evaluation should be made as of
/// `kind.year(cat.period)`; otherwise `header.year_note` says so (the figures are those of the evaluation's year).
pub fn build_report(
    cat: &Catalogue,
    ds: &Dataset,
    ev: &Evaluation,
    kind: ReportKind,
    plan: Plan,
    unit: Option<&str>,
) -> Report {
    let unit = unit.map(str::trim).filter(|u| !u.is_empty());
    let index = result_index(ev);
    let refs: Vec<(IndicatorRef<'_>, &IndicatorResult)> = cat
        .indicators()
        .into_iter()
        .filter_map(|r| index.get(r.indicator.id.as_str()).map(|res| (r, *res)))
        .filter(|(r, _)| in_scope(r, ds, Some(plan), unit))
        .collect();
    let rows: Vec<IndicatorRow> = refs
        .iter()
        .map(|(r, res)| {
            let carried = r.indicator.previous.is_some() && crate::carry::carried_year(ds, &r.indicator.id, cat.period.base);
            IndicatorRow { role: unit.and_then(|u| ds.unit_role(r.indicator, u)), ..IndicatorRow::with_carried_base(cat, r, res, carried) }
        })
        .collect();

    let scope = unit.unwrap_or(WHOLE_DISTRICT).to_string();
    let period = cat.period;
    let plan_name = cat.plan_title(plan).to_string();
    let header = ReportHeader {
        district: cat.region.clone(),
        plan,
        title: format!("{plan_name}{}", kind.label(period)),
        plan_name,
        kind,
        year: ev.year,
        period,
        unit: unit.map(str::to_string),
        scope: scope.clone(),
        date: String::new(),
        year_note: (ev.year != kind.year(period)).then(|| {
            format!("注意：本报告应按{}年评估，当前数据按{}年评估。", kind.year(period), ev.year)
        }),
        demo: ds.demo,
    };

    let domains: Vec<DomainSection> = cat
        .domains_of(plan)
        .filter_map(|d| {
            let drows: Vec<IndicatorRow> = rows.iter().filter(|r| r.domain == d.id).cloned().collect();
            if drows.is_empty() {
                return None;
            }
            Some(DomainSection {
                id: d.id.clone(),
                number: d.number,
                name: d.name.clone(),
                rollup: rollup_of(&d.id, &d.name, drows.iter().map(|r| r.status)),
                rows: drows,
            })
        })
        .collect();

    let rollup = rollup_of(plan.key(), &scope, rows.iter().map(|r| r.status));
    let warned = rows.iter().filter(|r| !r.warnings.is_empty()).count();
    let mut key_figures = key_figures(&rollup, &domains, warned);
    if let Some(u) = unit {
        let led = rows.iter().filter(|r| r.role == Some(UnitRole::Lead)).count();
        key_figures.push(format!("以上指标中，{u}牵头 {led} 项、配合 {} 项。", rows.len() - led));
    }
    // How final the data are: the review states of the units with indicators in the report.
    let units: Vec<String> = match unit {
        Some(u) => vec![u.to_string()],
        None => ds
            .unit_list(cat)
            .into_iter()
            .filter(|u| refs.iter().any(|(r, _)| ds.is_unit_indicator(r.indicator, u)))
            .collect(),
    };
    let data_status = crate::review::finality_line(ds, &units, kind.year(period));
    key_figures.push(format!("{data_status}。"));
    let summary = Summary { warned, key_figures, rollup, data_status };
    let problems = problems(cat, &refs, &rows);
    let texts = TextPart::ALL
        .into_iter()
        .map(|part| {
            let key = text_key(plan, kind, unit, part);
            EditableText { part, text: ds.texts.get(&key).cloned().unwrap_or_default(), key, placeholder: part.placeholder().to_string() }
        })
        .collect();
    Report { header, summary, domains, problems, texts, appendix: rows }
}

impl Report {
    /// The report's text of `part` (a built report has all three).
    pub fn text(&self, part: TextPart) -> Option<&EditableText> {
        self.texts.iter().find(|t| t.part == part)
    }

    /// Sets the report date shown in the header.
    pub fn with_date(mut self, date: impl Into<String>) -> Self {
        self.header.date = date.into();
        self
    }
}

fn key_figures(r: &Rollup, domains: &[DomainSection], warned: usize) -> Vec<String> {
    let mut out = vec![format!(
        "纳入监测的指标共 {} 项，其中可监测 {} 项，无数据 {} 项（不计入达标率）。",
        r.total, r.monitorable, r.no_data
    )];
    out.push(format!(
        "达标 {} 项（提前实现 {} 项、已达标 {} 项），达标率 {}。",
        r.achieved,
        count(r, Status::AchievedEarly),
        count(r, Status::Achieved),
        fmt_rate(r.rate)
    ));
    out.push(coverage::coverage_sentence(r));
    out.push(format!(
        "基本实现 {} 项，尚存差距 {} 项，退步 {} 项；有预警的指标 {} 项。",
        count(r, Status::Basic),
        count(r, Status::Gap),
        count(r, Status::Regress),
        warned
    ));
    let rated: Vec<&DomainSection> = domains.iter().filter(|d| d.rollup.rate.is_some()).collect();
    let best = rated.iter().max_by(|a, b| a.rollup.rate.partial_cmp(&b.rollup.rate).unwrap_or(std::cmp::Ordering::Equal));
    let worst = rated.iter().min_by(|a, b| a.rollup.rate.partial_cmp(&b.rollup.rate).unwrap_or(std::cmp::Ordering::Equal));
    if let (Some(b), Some(w)) = (best, worst) {
        if rated.len() > 1 && b.id != w.id {
            out.push(format!(
                "达标率最高的领域是{}（{}），最低的是{}（{}）。",
                b.name,
                fmt_rate(b.rollup.rate),
                w.name,
                fmt_rate(w.rollup.rate)
            ));
        }
    }
    out
}

fn problems(cat: &Catalogue, refs: &[(IndicatorRef<'_>, &IndicatorResult)], rows: &[IndicatorRow]) -> Problems {
    let mut p = Problems::default();
    for ((r, res), row) in refs.iter().zip(rows) {
        let item = |label: &str, reason: String| ProblemItem {
            id: row.id.clone(),
            name: row.name.clone(),
            domain: r.domain.name.clone(),
            lead_unit: row.lead_unit.clone(),
            role: row.role,
            status: row.status,
            label: label.to_string(),
            reason,
        };
        match row.status {
            Status::Basic | Status::Gap | Status::Regress => {
                p.not_met.push(item(row.status.label(), row.summary.clone()));
            }
            Status::NoData => p.missing.push(item(row.status.label(), row.no_data_reason.clone())),
            _ => {}
        }
        for w in &res.warnings {
            p.warnings.push(item(w.kind.label(), w.reason.clone()));
        }
        if row.status == Status::Regress {
            let reason = res
                .warnings
                .iter()
                .find(|w| w.kind == WarningKind::Regress)
                .map_or_else(|| row.summary.clone(), |w| w.reason.clone());
            p.regressions.push(item("退步", reason));
        } else if let Some(w) = res.warnings.iter().find(|w| w.kind == WarningKind::Regress) {
            p.regressions.push(item("退步（仍达标）", w.reason.clone()));
        }
        p.input_errors.extend(res.errors.iter().map(|e| e.message(cat)));
    }
    p
}
