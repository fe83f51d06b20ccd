//! Chart options as pure functions of the evaluation (charming → ECharts option JSON).
//!
//! Every chart here is plain data: it is tested natively by serialising it to JSON, rendered in the browser
//! by the app's `<Chart>` component, and turned into an accessible data table with the same numbers by
//! [`table_from_chart`].

mod table;
#[cfg(test)]
mod tests;

pub use table::{table_from_chart, DataTable};

use charming::component::{Axis, Grid, Legend, Title};
use charming::datatype::{DataPoint, DataPointItem};
use charming::element::{
    AxisType, ItemStyle, Label, LabelPosition, NameLocation, LineStyle, LineStyleType, MarkArea, MarkAreaData, MarkLine,
    MarkLineData, MarkLineVariant, Symbol, Tooltip, Trigger,
};
use charming::series::{Bar, Line, Pie};
use charming::Chart;
use lishu_core::catalogue::{fmt_num, Indicator, Kind, Period, Stage};
use lishu_core::dataset::round2;
use lishu_core::eval::{IndicatorResult, Rollup, Status};

/// Series names (also used as table column headers).
pub const SERIES_ACTUAL: &str = "实际值";

pub const SERIES_EXPECTED: &str = "应达进度";
pub const MARK_TARGET: &str = "目标值";
pub const MARK_BAND_LOW: &str = "目标区间下限";
pub const MARK_BAND_HIGH: &str = "目标区间上限";

pub const MARK_YEAR: &str = "评估年份";
/// Name of the stage axis of a milestone's chart (its categories are the core's stage names).
pub const AXIS_STAGE: &str = "阶段";
/// Neutral colours for non-status series.
pub const COLOR_ACTUAL: &str = "#1f5fa8";
pub const COLOR_PROJECTION: &str = "#1f5fa8";
pub const COLOR_EXPECTED: &str = "#7b5ea7";
pub const COLOR_TARGET: &str = "#c62828";
pub const COLOR_BASE: &str = "#757575";

fn count(r: &Rollup, s: Status) -> usize {
    r.counts.iter().find(|c| c.0 == s).map_or(0, |c| c.1)
}

/// Space above the plot of [`domain_attainment`]: the title (about 30 px) and then the axis name 领域.
const DOMAIN_GRID_TOP: i64 = 64;

fn title(text: &str) -> Title {
    Title::new().text(text).left("center")
}

/// 各领域目标实现情况: horizontal bars per domain, stacked by status (status colours), with the 达标率 in the
/// category label. `rollups` are usually `Evaluation.by_domain` (or the dashboard's filtered list).
pub fn domain_attainment(rollups: &[Rollup], title_text: &str) -> Chart {
    let categories: Vec<String> = rollups
        .iter()
        .map(|r| match r.rate {
            Some(rate) => format!("{}（达标率 {:.1}%）", r.name, rate * 100.0),
            None => format!("{}（无可监测指标）", r.name),
        })
        .collect();
    let mut chart = Chart::new()
        .title(title(title_text))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0).data(Status::ALL.iter().map(|s| s.label()).collect::<Vec<_>>()))
        // top: the category axis is inverted, so its name 领域 sits above the bars, below the title.
        .grid(Grid::new().left("3%").right("4%").top(DOMAIN_GRID_TOP).bottom(40).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Value).min_interval(1))
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .name("领域")
                .name_location(NameLocation::Start)
                .inverse(true)
                .data(categories),
        );
    for s in Status::ALL {
        chart = chart.series(
            Bar::new()
                .name(s.label())
                .stack("status")
                .item_style(ItemStyle::new().color(s.color()))
                .data(rollups.iter().map(|r| count(r, s) as i64).collect::<Vec<_>>()),
        );
    }
    chart
}

/// Status mix of a group: a donut with one slice per status (status colours); empty statuses are left out.
pub fn status_mix(rollup: &Rollup, title_text: &str) -> Chart {
    let data: Vec<DataPointItem> = Status::ALL
        .iter()
        .filter(|s| count(rollup, **s) > 0)
        .map(|s| {
            DataPointItem::new(count(rollup, *s) as i64)
                .name(s.label())
                .item_style(ItemStyle::new().color(s.color()))
        })
        .collect();
    Chart::new()
        .title(title(title_text))
        .tooltip(Tooltip::new().trigger(Trigger::Item).formatter("{b}：{c} 项（{d}%）"))
        .legend(Legend::new().bottom(0))
        .series(
            Pie::new()
                .name("指标数")
                // Small enough that the slice labels stay clear of the title and of the legend at the bottom
                // in the 300–320 px boxes of the report and the dashboard.
                .radius(vec!["35%", "58%"])
                .center(vec!["50%", "50%"])
                // Slice labels of small neighbouring slices are moved apart instead of drawn over each other.
                .avoid_label_overlap(true)
                .label(Label::new().formatter("{b}\n{c} 项"))
                .data(data),
        )
}

/// Name of the projection series: "预测（至2025年）" (the last plan year).
pub fn series_projection(period: Period) -> String {
    format!("预测（至{}年）", period.last)
}

/// Name of the base-year line: "2020年基数".
pub fn mark_base(period: Period) -> String {
    format!("{}年基数", period.base)
}

fn at_years(period: Period, f: impl Fn(u16) -> Option<f64>) -> Vec<Option<f64>> {
    period.years().map(|y| f(y).filter(|v| v.is_finite()).map(round2)).collect()
}

/// The expected value in a year on the straight path from the base-year value to the target in the last
/// plan year (the same expected progress as the evaluation's, `Period::expected`).
pub fn expected_value(period: Period, base: f64, target: f64, year: u16) -> f64 {
    base + (target - base) * period.expected(year)
}

/// The stage names in order, from the core's [`Stage`] (未启动 … 已实现): the categories of a milestone's
/// stage axis, so the axis reads in words instead of 0–3.
pub fn stage_categories() -> Vec<String> {
    Stage::ALL.iter().map(|s| s.label().to_string()).collect()
}

/// Where the labels of horizontal reference lines go so that they never cover each other, whatever the
/// distance between the lines: `values` are the lines' heights (any order); the answer gives each line's
/// label position in the same order. The highest line is labelled above its right end, the lowest below
/// its right end, and lines in between at their left end, alternately above and below. Two labels at the
/// same end are thus always on opposite sides of two different lines (the upper one above, the lower one
/// below), and a lone line gets its label above the right end, inside the plot.
pub fn mark_label_positions(values: &[f64]) -> Vec<LabelPosition> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Highest first; equal heights keep their order.
    order.sort_by(|a, b| values[*b].partial_cmp(&values[*a]).unwrap_or(std::cmp::Ordering::Equal));
    let mut out = vec![LabelPosition::InsideEndTop; values.len()];
    let last = order.len().saturating_sub(1);
    for (rank, i) in order.into_iter().enumerate() {
        out[i] = if rank == 0 {
            LabelPosition::InsideEndTop
        } else if rank == last {
            LabelPosition::InsideEndBottom
        } else if rank % 2 == 1 {
            LabelPosition::InsideStartTop
        } else {
            LabelPosition::InsideStartBottom
        };
    }
    out
}

/// One indicator over the data years: the entered values (solid), the target line or band
/// (markLine/markArea), the base year (markLine), the projection from the latest value to the last plan year
/// (dashed), the expected-progress path from the base to the target (dotted) and the assessed year (vertical
/// markLine). The labels of the horizontal lines are placed by [`mark_label_positions`] so they never
/// overlap. Milestones are drawn on a category axis of the stage names ([`stage_categories`]), the entered
/// stage of each year as its name, with the target stage (已实现) as the target line.
pub fn indicator_series(ind: &Indicator, res: &IndicatorResult, period: Period) -> Chart {
    indicator_series_with(ind, res, period, &[])
}

/// Label of the vertical line between the previous period's years and this one's.
pub const MARK_PERIODS: &str = "上一期 | 本期";

/// [`indicator_series`] with the 上一期 years before the base year (`earlier`: year and value, carried from
/// the previous period) drawn on the same line, and a vertical line at the base year labelled
/// [`MARK_PERIODS`]. Milestones ignore `earlier`.
pub fn indicator_series_with(ind: &Indicator, res: &IndicatorResult, period: Period, earlier: &[(u16, Option<f64>)]) -> Chart {
    let unit = ind.unit.as_str();
    let milestone = ind.kind == Kind::Milestone;
    let earlier: Vec<(u16, Option<f64>)> =
        if milestone { vec![] } else { earlier.iter().copied().filter(|(y, _)| *y < period.base).collect() };
    let years: Vec<String> = earlier.iter().map(|(y, _)| y.to_string()).chain(period.years().map(|y| y.to_string())).collect();
    let before = earlier.len();
    let at_years = |f: &dyn Fn(u16) -> Option<f64>| {
        let mut v = vec![None; before];
        v.extend(at_years(period, f));
        v
    };
    let actual: Vec<DataPoint> = if milestone {
        period
            .years()
            .map(|y| match res.stages.iter().find(|s| s.0 == y) {
                Some(s) => DataPoint::from(s.1.label()),
                None => DataPoint::from(None::<f64>),
            })
            .collect()
    } else {
        let mut v: Vec<Option<f64>> = earlier.iter().map(|(_, v)| v.filter(|x| x.is_finite()).map(round2)).collect();
        v.extend(at_years(&|y| res.series.iter().find(|s| s.0 == y).and_then(|s| s.1)).into_iter().skip(before));
        v.into_iter().map(DataPoint::from).collect()
    };

    // Horizontal reference lines (name, height); the milestone's target stage is a category.
    let mut horizontal: Vec<(String, f64)> = Vec::new();
    let dashed = |c: &str| LineStyle::new().color(c).type_(LineStyleType::Dashed);
    let mut band_area = None;
    if !milestone {
        if let Some((lo, hi)) = res.band {
            horizontal.push((MARK_BAND_LOW.to_string(), round2(lo)));
            horizontal.push((MARK_BAND_HIGH.to_string(), round2(hi)));
            band_area = Some(
                MarkArea::new()
                    .silent(true)
                    .item_style(ItemStyle::new().color("rgba(46,157,79,0.12)"))
                    .data(vec![(
                        MarkAreaData::new().name("目标区间").y_axis(fmt_num(round2(lo))),
                        MarkAreaData::new().y_axis(fmt_num(round2(hi))),
                    )]),
            );
        } else if let Some(t) = res.target.filter(|t| t.is_finite()) {
            horizontal.push((MARK_TARGET.to_string(), round2(t)));
        }
        if let Some(b) = res.base.filter(|b| b.is_finite()) {
            horizontal.push((mark_base(period), round2(b)));
        }
    }
    let positions = mark_label_positions(&horizontal.iter().map(|h| h.1).collect::<Vec<_>>());
    let mut marks: Vec<MarkLineData> = horizontal
        .into_iter()
        .zip(positions)
        .map(|((name, y), pos)| MarkLineData::new().name(name).y_axis(y).label(Label::new().position(pos)))
        .collect();
    if milestone {
        marks.push(
            MarkLineData::new()
                .name(MARK_TARGET)
                .y_axis(Stage::Done.label())
                // Its own text: "{c}" of a category line would be the stage's index.
                .label(Label::new().position(LabelPosition::InsideEndTop).formatter(format!("{MARK_TARGET}：{}", Stage::Done.label()).as_str())),
        );
    }
    marks.push(MarkLineData::new().name(MARK_YEAR).x_axis(res.year.to_string()));
    if before > 0 {
        marks.push(
            MarkLineData::new()
                .name(MARK_PERIODS)
                .x_axis(period.base.to_string())
                .label(Label::new().position(LabelPosition::InsideEndTop).formatter(MARK_PERIODS)),
        );
    }
    let mut actual_series = Line::new()
        .name(SERIES_ACTUAL)
        .connect_nulls(true)
        .data(actual)
        .item_style(ItemStyle::new().color(COLOR_ACTUAL))
        .line_style(LineStyle::new().color(COLOR_ACTUAL).width(2))
        .mark_line(
            MarkLine::new()
                .symbol(vec![Symbol::None, Symbol::None])
                .line_style(dashed(COLOR_TARGET))
                .label(Label::new().formatter("{b}：{c}"))
                .data(marks.into_iter().map(MarkLineVariant::Simple).collect()),
        );
    if let Some(a) = band_area {
        actual_series = actual_series.mark_area(a);
    }

    let mut chart = Chart::new()
        .title(Title::new().text(format!("{}（{}）", ind.name, ind.id)).subtext(format!("目标：{}", ind.target_label(period.base))).left("center"))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().bottom(0))
        .grid(Grid::new().left("3%").right("15%").top(70).bottom(40).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Category).name("年份").boundary_gap(false).data(years))
        .y_axis(if milestone {
            Axis::new().type_(AxisType::Category).name(AXIS_STAGE).data(stage_categories())
        } else {
            Axis::new().type_(AxisType::Value).name(unit).scale(true)
        })
        .series(actual_series);

    if let (Some(p), Some(ly), Some(lv)) = (res.projection, res.latest_year, res.latest) {
        if !milestone && p.is_finite() && ly < period.last {
            chart = chart.series(
                Line::new()
                    .name(series_projection(period))
                    .connect_nulls(true)
                    .item_style(ItemStyle::new().color(COLOR_PROJECTION))
                    .line_style(dashed(COLOR_PROJECTION).width(2))
                    .data(at_years(&|y| {
                        if y == ly {
                            Some(lv)
                        } else if y == period.last {
                            Some(p)
                        } else {
                            None
                        }
                    })),
            );
        }
    }
    // Percentage-point targets too: 比基数年 from the base to base ± N, 每年 along base ± N × (year − base) (its
    // target is the path's end value, so the straight line is that path).
    let numeric_target = matches!(ind.kind, Kind::Min | Kind::Max | Kind::Relative | Kind::Approx | Kind::Points | Kind::PointsPerYear);
    if let (true, Some(b), Some(t)) = (numeric_target && !milestone, res.base, res.target) {
        if b.is_finite() && t.is_finite() {
            chart = chart.series(
                Line::new()
                    .name(SERIES_EXPECTED)
                    .show_symbol(false)
                    .item_style(ItemStyle::new().color(COLOR_EXPECTED))
                    .line_style(LineStyle::new().color(COLOR_EXPECTED).type_(LineStyleType::Dotted))
                    .data(at_years(&|y| Some(expected_value(period, b, t, y)))),
            );
        }
    }
    chart
}

/// 达标率 per group as plain bars (e.g. per plan or per unit), coloured by the achieved colour.
pub fn rate_bars(rollups: &[Rollup], title_text: &str) -> Chart {
    Chart::new()
        .title(title(title_text))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left("3%").right("4%").top(40).bottom(20).contain_label(true))
        .x_axis(Axis::new().type_(AxisType::Value).name("达标率（%）").min(0).max(100))
        .y_axis(Axis::new().type_(AxisType::Category).inverse(true).data(rollups.iter().map(|r| r.name.clone()).collect::<Vec<_>>()))
        .series(
            Bar::new()
                .name("达标率（%）")
                .item_style(ItemStyle::new().color(Status::Achieved.color()))
                .data(rollups.iter().map(|r| r.rate.map(|x| round2(x * 100.0))).collect::<Vec<_>>()),
        )
}
