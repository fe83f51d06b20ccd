//! Percentage-point targets (issue 26 item 3): 比基数年提高/降低N个百分点 (`points`) and 每年提高/降低N个百分点
//! (`points_per_year`), on small catalogues written as TOML (read and checked like a user's file). Every
//! expected figure is computed by hand in the comment beside it.

use lishu_core::catalogue::check::check_catalogue;
use lishu_core::catalogue::file::read_catalogue_text;
use lishu_core::catalogue::Catalogue;
use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::eval::{evaluate, IndicatorResult, Status, WarningKind};
use lishu_core::report::IndicatorRow;

/// A catalogue (base 2020, plan 2021–2025) with one target line per indicator; `inds` are the
/// `[[lines.indicators]]` bodies without id (ids W1-1-1, W1-1-2 … in order).
fn catalogue_text(inds: &[&str]) -> String {
    let mut s = String::from(
        r#"id = "test-2021-2025"
version = "1"
region = "测试区"
title = "测试区妇女儿童发展规划（2021-2025年）"

[period]
base = 2020
first = 2021
last = 2025
midterm = 2023

[[plans]]
plan = "women"
title = "测试区妇女发展规划（2021-2025年）"
short = "妇女规划"

[[plans]]
plan = "children"
title = "测试区儿童发展规划（2021-2025年）"
short = "儿童规划"

[defaults]
approx_band = 2.0
balance_low = 45.0
balance_high = 55.0
basic_tolerance = 0.01
min_change = 0.0

[[domains]]
id = "W1"
plan = "women"
number = 1
name = "妇女与健康"
short = "健康"

[[goals]]
id = "W1-1"
domain = "W1"
number = 1
text = "测试目标。"
"#,
    );
    for (k, body) in inds.iter().enumerate() {
        let id = format!("W1-1-{}", k + 1);
        s.push_str(&format!(
            "\n[[lines]]\nid = \"{id}\"\ngoal = \"W1-1\"\nnumber = {}\ntext = \"测试目标行。\"\n\n[[lines.indicators]]\nid = \"{id}\"\n{body}\n",
            k + 1
        ));
    }
    s
}

fn cat(inds: &[&str]) -> Catalogue {
    match read_catalogue_text(&catalogue_text(inds)) {
        Ok(c) => c,
        Err(e) => panic!("catalogue refused: {:?}", e.iter().map(|e| e.message()).collect::<Vec<_>>()),
    }
}

/// 女性比例比2020年提高2个百分点.
const UP2: &str = r#"name = "女性比例"
clause = "女性比例比2020年提高2个百分点"
kind = "points"
value = 2.0
unit = "%"
direction = "up"
entry = "value""#;

/// 患病率比2020年降低1个百分点.
const DOWN1: &str = r#"name = "患病率"
clause = "患病率比2020年降低1个百分点"
kind = "points"
value = -1.0
unit = "%"
direction = "down"
entry = "value""#;

/// 近视率每年降低1个百分点以上.
const YEARLY: &str = r#"name = "近视率"
clause = "近视率每年降低1个百分点以上"
kind = "points_per_year"
value = -1.0
unit = "%"
direction = "down"
entry = "value""#;

struct Run {
    res: IndicatorResult,
    text: String,
    plain: String,
    cat: Catalogue,
}

fn run(body: &str, vals: &[(u16, &str)], year: u16) -> Run {
    let cat = cat(&[body]);
    let mut ds = Dataset::default();
    for (y, v) in vals {
        ds.set_entry("W1-1-1", *y, YearEntry { value: v.to_string(), ..Default::default() });
    }
    let ev = evaluate(&cat, &ds, year);
    let res = ev.result("W1-1-1").cloned().expect("result");
    let ex = res.explained(&cat);
    Run { text: ex.working.join("\n"), plain: ex.plain, res, cat }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

// ---------- 比基数年提高/降低 N 个百分点 ----------

#[test]
fn points_met_before_the_end_is_achieved_early() {
    // Target = 50 + 2 = 52; 2023: 52.5 ≥ 52 → met, 2023 < 2025 → 提前实现.
    let r = run(UP2, &[(2020, "50"), (2022, "51"), (2023, "52.5")], 2023);
    assert_eq!(r.res.status, Status::AchievedEarly, "{}", r.text);
    assert!(close(r.res.target, 52.0), "{:?}", r.res.target);
    assert!(r.text.contains("目标值 = 2020年基数 50.0% + 2个百分点 = 52.0%"), "{}", r.text);
    assert!(r.text.contains("较2020年变化：2023年 52.5% − 50.0% = +2.5个百分点，目标提高2个百分点；已达到目标变化幅度（多提高 0.5个百分点）"), "{}", r.text);
    // CS = (52.5 − 50) ÷ (52 − 50) = 1.25.
    assert!(close(r.res.cs, 1.25), "{:?}", r.res.cs);
    assert!(r.plain.contains("较2020年提高2.5个百分点"), "{}", r.plain);
    // 2025: 已达标.
    let r = run(UP2, &[(2020, "50"), (2025, "52")], 2025);
    assert_eq!(r.res.status, Status::Achieved, "{}", r.text);
}

#[test]
fn points_short_names_the_gap_in_points() {
    // Target 52; 基本实现 from 52 × 0.99 = 51.48; 51.2 < 51.48 and above the base → 尚存差距, 0.8 points to go.
    let r = run(UP2, &[(2020, "50"), (2023, "51.2")], 2023);
    assert_eq!(r.res.status, Status::Gap, "{}", r.text);
    assert!(r.text.contains("= +1.2个百分点，目标提高2个百分点；距目标还差 0.8个百分点"), "{}", r.text);
    assert!(r.plain.contains("2023年为 51.2%，目标 比2020年提高2个百分点，尚存差距。较2020年提高1.2个百分点，还差0.8个百分点。"), "{}", r.plain);
    // 51.6 ≥ 51.48 → 基本实现.
    assert_eq!(run(UP2, &[(2020, "50"), (2023, "51.6")], 2023).res.status, Status::Basic);
    // Below the base → 退步.
    assert_eq!(run(UP2, &[(2020, "50"), (2023, "49")], 2023).res.status, Status::Regress);
}

#[test]
fn points_down_is_judged_at_most_the_target() {
    // 10 − 1 = 9: 8.9 ≤ 9 → met; 9.5 > 9 × 1.01 = 9.09 and below the base → 尚存差距.
    let r = run(DOWN1, &[(2020, "10"), (2024, "8.9")], 2024);
    assert_eq!(r.res.status, Status::AchievedEarly, "{}", r.text);
    assert!(r.text.contains("目标值 = 2020年基数 10.0% − 1个百分点 = 9.0%"), "{}", r.text);
    assert!(r.res.explanation(&r.cat)[0].contains("目标：比2020年降低1个百分点"), "{:?}", r.res.explanation(&r.cat));
    let r = run(DOWN1, &[(2020, "10"), (2024, "9.5")], 2024);
    assert_eq!(r.res.status, Status::Gap, "{}", r.text);
    assert!(r.text.contains("距目标还差 0.5个百分点"), "{}", r.text);
}

#[test]
fn points_without_the_base_year_cannot_be_judged() {
    let r = run(UP2, &[(2021, "51"), (2023, "53")], 2023);
    assert_eq!(r.res.status, Status::NoData, "{}", r.text);
    assert!(r.text.contains("缺少2020年基数，无法计算目标值（2020年数值提高2个百分点）"), "{}", r.text);
    assert!(r.plain.contains("缺少2020年基数"), "{}", r.plain);
    assert!(r.res.target.is_none());
}

#[test]
fn points_expected_line_runs_from_the_base_to_the_target() {
    // The expected-progress path is base → target at the end: CS = (51 − 50) ÷ (52 − 50) = 0.5 against
    // the expected share (2023 − 2020) ÷ 5 = 0.6.
    let r = run(UP2, &[(2020, "50"), (2021, "50.4"), (2023, "51")], 2023);
    assert!(close(r.res.cs, 0.5) && (r.res.expected - 0.6).abs() < 1e-12, "{:?} {}", r.res.cs, r.res.expected);
    assert!(r.res.projection.is_some());
}

// ---------- 每年提高/降低 N 个百分点 ----------

#[test]
fn per_year_met_every_year() {
    // Changes −1.2, −1.3, −1.1 (each ≥ 1); total 20 → 16.4 = −3.6 ≥ 3 × 1 → 提前实现.
    let r = run(YEARLY, &[(2020, "20"), (2021, "18.8"), (2022, "17.5"), (2023, "16.4")], 2023);
    assert_eq!(r.res.status, Status::AchievedEarly, "{}", r.text);
    assert!(r.res.broken_years.is_empty());
    assert!(r.text.contains("逐年变化（较上一年）：2021年 −1.2个百分点，2022年 −1.3个百分点，2023年 −1.1个百分点"), "{}", r.text);
    assert!(r.text.contains("累计变化：2023年 16.4% − 2020年 20.0% = −3.6个百分点；应降低至少 1个百分点 × 3年 = 3个百分点（即2023年应达 17.0%）→ 达到"), "{}", r.text);
    // The expected path base − 1 × (year − 2020) ends at 15 in 2025: the target of CS and charts.
    assert!(close(r.res.target, 15.0), "{:?}", r.res.target);
    assert!(r.text.contains("应达进度线：2020年基数 20.0% − 1个百分点 × (年份 − 2020)，2025年应达 15.0%"), "{}", r.text);
    // CS = (16.4 − 20) ÷ (15 − 20) = 0.72 ≥ expected 0.6.
    assert!(close(r.res.cs, 0.72), "{:?}", r.res.cs);
    assert!(r.plain.contains("2020–2023年累计降低3.6个百分点"), "{}", r.plain);
    // In the last plan year: 已达标.
    let r = run(YEARLY, &[(2020, "20"), (2021, "19"), (2022, "18"), (2023, "17"), (2024, "16"), (2025, "15")], 2025);
    assert_eq!(r.res.status, Status::Achieved, "{}", r.text);
}

#[test]
fn per_year_one_short_year_is_named_and_at_most_basic() {
    // Changes −1.2, −1.2, −1.4, −0.4: 2024 short; total 20 → 15.8 = −4.2 ≥ 4 → 基本实现.
    let r = run(YEARLY, &[(2020, "20"), (2021, "18.8"), (2022, "17.6"), (2023, "16.2"), (2024, "15.8")], 2024);
    assert_eq!(r.res.status, Status::Basic, "{}", r.text);
    assert_eq!(r.res.broken_years, vec![2024]);
    assert!(r.text.contains("2024年只降低0.4个百分点，未达每年降低1个百分点"), "{}", r.text);
    assert!(r.text.contains("累计变化达到，但2024年未达到每年降低1个百分点 → 基本实现"), "{}", r.text);
    assert!(r.plain.contains("2024年只降低0.4个百分点，未达每年降低1个百分点"), "{}", r.plain);
    let w = r.res.warnings.iter().find(|w| w.kind == WarningKind::NotHeld).expect("未持续保持");
    assert!(w.reason.contains("2024年只降低0.4个百分点") && w.working.contains("规则：自2020年起每年较上一年降低至少1个百分点") && w.working.contains("未达到的年份：2024"), "{w:?}");
    // A change short by less than one decimal shows two: 20 → 19.04 is 0.96, not "1.0".
    let r = run(YEARLY, &[(2020, "20"), (2021, "19.04"), (2022, "17.9")], 2022);
    assert!(r.text.contains("2021年只降低0.96个百分点"), "{}", r.text);
    // A rise in a year is said as such.
    let r = run(YEARLY, &[(2020, "20"), (2021, "17"), (2022, "17.3"), (2023, "16.5")], 2023);
    assert!(r.text.contains("2022年反而提高0.3个百分点，未达每年降低1个百分点"), "{}", r.text);
    assert_eq!(r.res.status, Status::Basic, "{}", r.text);
}

#[test]
fn per_year_total_short_is_a_gap_and_against_is_regress() {
    // Changes −0.5, −0.5, −0.4: every year short; total −1.4 < 3 → 尚存差距.
    let r = run(YEARLY, &[(2020, "20"), (2021, "19.5"), (2022, "19"), (2023, "18.6")], 2023);
    assert_eq!(r.res.status, Status::Gap, "{}", r.text);
    assert_eq!(r.res.broken_years, vec![2021, 2022, 2023]);
    assert!(r.text.contains("2020–2023年累计降低1.4个百分点，未达3年应降低的3个百分点 → 尚存差距"), "{}", r.text);
    assert!(r.plain.contains("累计降低1.4个百分点，应降低3个百分点"), "{}", r.plain);
    // Rising instead → 退步.
    let r = run(YEARLY, &[(2020, "20"), (2021, "20.5"), (2022, "21")], 2022);
    assert_eq!(r.res.status, Status::Regress, "{}", r.text);
}

#[test]
fn per_year_missing_years_are_named_not_short() {
    // 2022 missing: the 2022 and 2023 changes cannot be computed and are not short; 2021 −1.2 and 2024 −1.1
    // meet 1; total 20 → 17.4 = −2.6 < 4 → 尚存差距, with no year named short.
    let r = run(YEARLY, &[(2020, "20"), (2021, "18.8"), (2023, "18.5"), (2024, "17.4")], 2024);
    assert_eq!(r.res.status, Status::Gap, "{}", r.text);
    assert!(r.res.broken_years.is_empty(), "{:?}", r.res.broken_years);
    assert!(r.text.contains("2022年无数据：涉及这些年份的逐年变化无法计算，不计为未达到"), "{}", r.text);
    assert!(r.text.contains("可计算的2个年份均达到每年降低1个百分点"), "{}", r.text);
    // Without the base: the total runs from the earliest year with data (noted): 18 → 15.9 = −2.1 ≥ 2.
    let r = run(YEARLY, &[(2021, "18"), (2022, "17"), (2023, "15.9")], 2023);
    assert_eq!(r.res.status, Status::AchievedEarly, "{}", r.text);
    assert!(r.text.contains("2020年无数据") && r.text.contains("以最早有数据的2021年"), "{}", r.text);
    assert!(r.res.target.is_none());
}

#[test]
fn per_year_without_consecutive_years_cannot_be_judged() {
    let r = run(YEARLY, &[(2020, "20"), (2022, "18"), (2024, "16")], 2024);
    assert_eq!(r.res.status, Status::NoData, "{}", r.text);
    assert!(r.text.contains("截至2024年没有相邻两年都有数据的年份（缺2021、2023年数据），无法计算逐年变化"), "{}", r.text);
    let r = run(YEARLY, &[(2020, "20")], 2020);
    assert_eq!(r.res.status, Status::NoData, "{}", r.text);
}

#[test]
fn report_rows_show_the_computed_target() {
    for (body, vals, want) in [
        (UP2, vec![(2020, "50"), (2023, "51.2")], "目标 比2020年提高2个百分点（即 ≥ 52.0%）"),
        (YEARLY, vec![(2020, "20"), (2021, "18.8"), (2023, "16.4")], "目标 自2020年起每年降低1个百分点以上（即2025年 ≤ 15.0%，逐年计）"),
    ] {
        let cat = cat(&[body]);
        let mut ds = Dataset::default();
        for (y, v) in vals {
            ds.set_entry("W1-1-1", y, YearEntry { value: v.to_string(), ..Default::default() });
        }
        let ev = evaluate(&cat, &ds, 2023);
        let r = cat.indicator("W1-1-1").expect("indicator");
        let row = IndicatorRow::new(&cat, &r, ev.result("W1-1-1").expect("result"));
        assert!(row.summary.contains(want), "{}", row.summary);
    }
}

// ---------- catalogue check ----------

fn refused(body: &str) -> Vec<String> {
    match read_catalogue_text(&catalogue_text(&[body])) {
        Ok(_) => panic!("accepted: {body}"),
        Err(e) => e.iter().map(|e| e.message()).collect(),
    }
}

#[test]
fn check_names_indicator_and_field() {
    let m = refused(&UP2.replace("value = 2.0", "value = 0.0"));
    assert!(m.iter().any(|m| m.contains("指标 W1-1-1 的 value：变化幅度须大于 0 个百分点")), "{m:?}");
    let m = refused(&UP2.replace("value = 2.0", "value = nan"));
    assert!(m.iter().any(|m| m.contains("指标 W1-1-1 的 value：变化幅度不是有效数字")), "{m:?}");
    let m = refused(&UP2.replace("value = 2.0\n", ""));
    assert!(m.iter().any(|m| m.contains("指标 W1-1-1 的 value：相对基数年（百分点）目标须给出变化幅度 value")), "{m:?}");
    let m = refused(&YEARLY.replace("unit = \"%\"", "unit = \"人\""));
    assert!(m.iter().any(|m| m.contains("指标 W1-1-1 的 unit：百分点目标的指标须以 % 或 ‰ 计") && m.contains("“人”")), "{m:?}");
    let m = refused(&YEARLY.replace("direction = \"down\"", "direction = \"up\""));
    assert!(m.iter().any(|m| m.contains("指标 W1-1-1 的 direction：方向 up 与变化幅度 -1 的正负不符")), "{m:?}");
    let m = refused(&UP2.replace("kind = \"points\"", "kind = \"points\"\nop = \"<=\""));
    assert!(m.iter().any(|m| m.contains("指标 W1-1-1 的 op：")), "{m:?}");
    let m = refused(&UP2.replace("比2020年", "比2018年"));
    assert!(m.iter().any(|m| m.contains("指标 W1-1-1 的 clause：原文以 2018 年为比较年份，与目录基数年 2020 年不一致")), "{m:?}");
    // Each message carries its line.
    assert!(m.iter().all(|m| m.starts_with("第 ")), "{m:?}");
    // The valid ones pass.
    assert!(check_catalogue(&cat(&[UP2, DOWN1, YEARLY])).is_empty());
}

