//! Chart JSON tests: the options carry the evaluation's numbers, names and status colours.

use super::*;
use lishu_core::catalogue::{Catalogue, Entry, Op};
use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::demo::demo_dataset_until;
use lishu_core::eval::evaluate;
use serde_json::{json, Value};

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

/// Layout assumptions of the chart-geometry tests (px): the height of a chart's title at the top and of
/// the legend at the bottom, and the room a label drawn outside a pie slice needs.
const TITLE_PX: f64 = 30.0;
const LEGEND_PX: f64 = 30.0;
const OUTSIDE_LABEL_PX: f64 = 25.0;

fn to_json(c: &Chart) -> Value {
    serde_json::to_value(c).expect("chart serialises")
}

fn find_indicator(pred: impl Fn(&Indicator) -> bool) -> &'static Indicator {
    cat().indicators().into_iter().map(|r| r.indicator).find(|i| pred(i)).expect("indicator in catalogue")
}

fn with_values(id: &str, values: &[(u16, &str)]) -> Dataset {
    let mut ds = Dataset::default();
    for (y, v) in values {
        ds.set_entry(id, *y, YearEntry { value: v.to_string(), ..Default::default() });
    }
    ds
}

fn min_percent() -> &'static Indicator {
    find_indicator(|i| {
        i.kind == Kind::Min
            && matches!(i.op, Some(Op::Ge) | None)
            && i.entry == Entry::Value
            && i.unit == "%"
            && !i.every_year
            && i.value.is_some_and(|v| (60.0..=90.0).contains(&v))
    })
}

#[test]
fn domain_attainment_stacks_counts_by_status_with_status_colours() {
    let ds = demo_dataset_until(cat(), 2024);
    let ev = evaluate(cat(), &ds, 2024);
    let j = to_json(&domain_attainment(&ev.by_domain, "各领域目标实现情况"));
    let series = j["series"].as_array().expect("series");
    assert_eq!(series.len(), Status::ALL.len());
    for (s, status) in series.iter().zip(Status::ALL) {
        assert_eq!(s["type"], "bar");
        assert_eq!(s["name"], status.label());
        assert_eq!(s["stack"], "status");
        assert_eq!(s["itemStyle"]["color"], status.color());
        let expected: Vec<Value> = ev.by_domain.iter().map(|r| json!(count(r, status))).collect();
        assert_eq!(s["data"].as_array().expect("data"), &expected, "{}", status.label());
    }
    let cats = j["yAxis"]["data"].as_array().expect("categories");
    assert_eq!(cats.len(), ev.by_domain.len());
    let first = &ev.by_domain[0];
    let rate = format!("{:.1}%", first.rate.expect("rate") * 100.0);
    assert!(cats[0].as_str().is_some_and(|c| c.starts_with(&first.name) && c.contains(&rate)), "{}", cats[0]);
    assert_eq!(j["title"][0]["text"], "各领域目标实现情况");
}

#[test]
fn status_mix_is_a_donut_of_nonzero_statuses() {
    let ds = demo_dataset_until(cat(), 2024);
    let ev = evaluate(cat(), &ds, 2024);
    let j = to_json(&status_mix(&ev.overall, "指标状态分布"));
    let s = &j["series"][0];
    assert_eq!(s["type"], "pie");
    // In the boxes the app draws it in (report 300 px, dashboard 320 px high, wider than high), the donut
    // plus its outside labels stays below the title and above the legend.
    let pct = |v: &Value| v.as_str().and_then(|t| t.trim_end_matches('%').parse::<f64>().ok()).expect("a percentage") / 100.0;
    let (outer, cy) = (pct(&s["radius"][1]), pct(&s["center"][1]));
    assert!(pct(&s["radius"][0]) > 0.0 && pct(&s["radius"][0]) < outer, "a donut: {}", s["radius"]);
    for h in [300.0, 320.0] {
        let (top, bottom) = (cy * h - outer * h / 2.0, cy * h + outer * h / 2.0);
        assert!(
            top - OUTSIDE_LABEL_PX >= TITLE_PX && bottom + OUTSIDE_LABEL_PX <= h - LEGEND_PX,
            "{h} px box: donut spans {top:.0}–{bottom:.0} px"
        );
    }
    let data = s["data"].as_array().expect("data");
    let nonzero: Vec<Status> = Status::ALL.into_iter().filter(|st| count(&ev.overall, *st) > 0).collect();
    assert_eq!(data.len(), nonzero.len());
    for (d, st) in data.iter().zip(&nonzero) {
        assert_eq!(d["name"], st.label());
        assert_eq!(d["value"], json!(count(&ev.overall, *st)));
        assert_eq!(d["itemStyle"]["color"], st.color());
    }
    let sum: i64 = data.iter().filter_map(|d| d["value"].as_i64()).sum();
    assert_eq!(sum as usize, ev.overall.total);

    // Only one status present → one slice.
    let mut one = ev.overall.clone();
    one.counts = Status::ALL.iter().map(|s| (*s, usize::from(*s == Status::Gap) * 3)).collect();
    let j = to_json(&status_mix(&one, "x"));
    assert_eq!(j["series"][0]["data"], json!([{"value": 3, "name": "尚存差距", "itemStyle": {"color": Status::Gap.color()}}]));
}

#[test]
fn indicator_series_has_values_target_base_projection_and_expected_path() {
    let ind = min_percent();
    let x = ind.value.expect("target");
    let b = x - 20.0;
    let ds = with_values(
        &ind.id,
        &[(2020, &fmt_num(b)), (2021, &fmt_num(b + 4.0)), (2023, &fmt_num(b + 9.5))],
    );
    let ev = evaluate(cat(), &ds, 2023);
    let res = ev.result(&ind.id).expect("result");
    let j = to_json(&indicator_series(ind, res, cat().period));
    assert_eq!(j["xAxis"]["data"], json!(["2020", "2021", "2022", "2023", "2024", "2025"]));
    let series = j["series"].as_array().expect("series");
    let names: Vec<&str> = series.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, vec![SERIES_ACTUAL, series_projection(cat().period).as_str(), SERIES_EXPECTED]);

    let actual = &series[0];
    assert_eq!(actual["data"], json!([b, b + 4.0, null, b + 9.5, null, null]));
    assert_eq!(actual["connectNulls"], true);
    let marks = actual["markLine"]["data"].as_array().expect("marks");
    let mark = |name: &str| marks.iter().find(|m| m["name"] == name).cloned();
    assert_eq!(mark(MARK_TARGET).expect("target line")["yAxis"], json!(x));
    assert_eq!(mark(&mark_base(cat().period)).expect("base line")["yAxis"], json!(b));
    assert_eq!(mark(MARK_YEAR).expect("year line")["xAxis"], "2023");

    let proj = &series[1];
    let p = round2(res.projection.expect("projection"));
    assert_eq!(proj["data"], json!([null, null, null, b + 9.5, null, p]));
    assert_eq!(proj["lineStyle"]["type"], "dashed");

    let exp = &series[2];
    assert_eq!(exp["lineStyle"]["type"], "dotted");
    let expd = exp["data"].as_array().expect("expected data");
    assert_eq!(expd[0], json!(b));
    assert_eq!(expd[5], json!(x));
    assert_eq!(expd[3], json!(round2(b + (x - b) * 3.0 / 5.0)));

    // Final assessment: no projection series.
    let ev25 = evaluate(cat(), &ds, 2025);
    let j = to_json(&indicator_series(ind, ev25.result(&ind.id).expect("result"), cat().period));
    let names: Vec<&str> = j["series"].as_array().expect("s").iter().filter_map(|s| s["name"].as_str()).collect();
    assert!(!names.contains(&series_projection(cat().period).as_str()), "{names:?}");
}

#[test]
fn approx_target_is_drawn_as_a_band() {
    // 左右 targets are entered as female/male counts or as a direct value.
    let ind = find_indicator(|i| i.kind == Kind::Approx && i.value.is_some());
    let x = ind.value.expect("target");
    let ds = with_values(&ind.id, &[(2020, &fmt_num(x)), (2022, &fmt_num(x + 0.5))]);
    let ev = evaluate(cat(), &ds, 2022);
    let res = ev.result(&ind.id).expect("result");
    let (lo, hi) = res.band.expect("band");
    let j = to_json(&indicator_series(ind, res, cat().period));
    let actual = &j["series"][0];
    let marks = actual["markLine"]["data"].as_array().expect("marks");
    assert!(marks.iter().any(|m| m["name"] == MARK_BAND_LOW && m["yAxis"] == json!(round2(lo))));
    assert!(marks.iter().any(|m| m["name"] == MARK_BAND_HIGH && m["yAxis"] == json!(round2(hi))));
    assert!(!marks.iter().any(|m| m["name"] == MARK_TARGET));
    assert_eq!(actual["markArea"]["data"][0][0]["yAxis"], json!(fmt_num(round2(lo))));
    assert_eq!(actual["markArea"]["data"][0][1]["yAxis"], json!(fmt_num(round2(hi))));
}

#[test]
fn domain_axis_name_sits_between_the_title_and_the_bars() {
    let ev = evaluate(cat(), &demo_dataset_until(cat(), 2024), 2024);
    let j = to_json(&domain_attainment(&ev.by_domain, "各领域目标实现情况"));
    // The category axis is inverted with its name at the start: the name is drawn nameGap (15 px) above
    // the plot, so the plot must start low enough to keep the name (~15 px high) clear of the title.
    assert_eq!(j["yAxis"]["inverse"], json!(true), "{}", j["yAxis"]);
    assert_eq!(j["yAxis"]["nameLocation"], json!("start"));
    let top = j["grid"][0]["top"].as_f64().unwrap_or_else(|| panic!("grid top in px: {}", j["grid"]));
    let name_top = top - 15.0 - 15.0;
    assert!(name_top >= TITLE_PX, "axis name from {name_top} px overlaps the title");
}

#[test]
fn tables_carry_the_same_numbers_as_the_charts() {
    let ds = demo_dataset_until(cat(), 2024);
    let ev = evaluate(cat(), &ds, 2024);
    let t = table_from_chart(&domain_attainment(&ev.by_domain, "各领域目标实现情况"));
    assert_eq!(t.caption, "各领域目标实现情况");
    assert_eq!(t.headers[0], "领域");
    assert_eq!(&t.headers[1..], Status::ALL.map(|s| s.label()).as_slice());
    assert_eq!(t.rows.len(), ev.by_domain.len());
    for (row, r) in t.rows.iter().zip(&ev.by_domain) {
        assert!(row.0.starts_with(&r.name));
        let expected: Vec<String> = Status::ALL.iter().map(|s| count(r, *s).to_string()).collect();
        assert_eq!(row.1, expected);
    }

    let t = table_from_chart(&status_mix(&ev.overall, "状态"));
    assert_eq!(t.headers, vec!["类别", "指标数"]);
    let total: usize = t.rows.iter().filter_map(|r| r.1[0].parse::<usize>().ok()).sum();
    assert_eq!(total, ev.overall.total);

    let ind = min_percent();
    let x = ind.value.expect("target");
    let ds = with_values(&ind.id, &[(2020, &fmt_num(x - 10.0)), (2022, "abc"), (2023, &fmt_num(x - 2.25))]);
    let ev = evaluate(cat(), &ds, 2023);
    let t = table_from_chart(&indicator_series(ind, ev.result(&ind.id).expect("result"), cat().period));
    assert!(t.caption.contains(&ind.name) && t.caption.contains("目标"), "{}", t.caption);
    assert_eq!(t.headers[0], "年份");
    assert!(t.headers.contains(&MARK_TARGET.to_string()) && t.headers.contains(&mark_base(cat().period)));
    assert!(!t.headers.contains(&MARK_YEAR.to_string()));
    let r2023 = &t.rows[3];
    assert_eq!(r2023.0, "2023");
    assert_eq!(r2023.1[0], fmt_num(x - 2.25));
    assert_eq!(t.rows[2].1[0], "—", "the year with an input error has no value");
    let ti = t.headers.iter().position(|h| h == MARK_TARGET).expect("target col") - 1;
    assert!(t.rows.iter().all(|r| r.1[ti] == fmt_num(x)));
}

#[test]
fn rate_bars_show_percentages_or_null() {
    let mut a = Rollup { name: "甲".into(), rate: Some(0.756), ..Default::default() };
    let b = Rollup { name: "乙".into(), rate: None, ..Default::default() };
    let j = to_json(&rate_bars(&[a.clone(), b], "达标率"));
    assert_eq!(j["series"][0]["data"], json!([75.6, null]));
    a.rate = Some(1.0);
    let j = to_json(&rate_bars(&[a], "达标率"));
    assert_eq!(j["series"][0]["data"], json!([100.0]));
}

fn with_stages(id: &str, stages: &[(u16, Stage)]) -> Dataset {
    let mut ds = Dataset::default();
    for (y, s) in stages {
        ds.set_entry(id, *y, YearEntry { stage: Some(*s), ..Default::default() });
    }
    ds
}

#[test]
fn stages_are_drawn_on_a_category_axis_of_their_chinese_names() {
    let ind = find_indicator(|i| i.kind == Kind::Milestone);
    let ds = with_stages(&ind.id, &[(2020, Stage::NotStarted), (2021, Stage::InProgress), (2023, Stage::Basic)]);
    let ev = evaluate(cat(), &ds, 2023);
    let chart = indicator_series(ind, ev.result(&ind.id).expect("result"), cat().period);
    let j = to_json(&chart);
    // The stage axis reads 未启动 … in the core's order, in words, not 0–3.
    let names: Vec<Value> = Stage::ALL.iter().map(|s| json!(s.label())).collect();
    assert_eq!(j["yAxis"]["type"], "category", "{}", j["yAxis"]);
    assert_eq!(j["yAxis"]["data"], Value::Array(names));
    assert_eq!(j["yAxis"]["name"], AXIS_STAGE);
    assert_eq!(j["xAxis"]["type"], "category");
    let actual = &j["series"][0];
    assert_eq!(
        actual["data"],
        json!([Stage::NotStarted.label(), Stage::InProgress.label(), null, Stage::Basic.label(), null, null])
    );
    // The target stage is a line on the stage axis, labelled in words.
    let marks = actual["markLine"]["data"].as_array().expect("marks");
    let target = marks.iter().find(|m| m["name"] == MARK_TARGET).expect("target line");
    assert_eq!(target["yAxis"], json!(Stage::Done.label()));
    assert!(target["label"]["formatter"].as_str().is_some_and(|f| f.contains(Stage::Done.label())), "{target}");
    // No numeric projection or expected path for stages.
    assert_eq!(j["series"].as_array().map(Vec::len), Some(1));
    // The data table shows the same stage names.
    let t = table_from_chart(&chart);
    assert_eq!(t.rows[1].1[0], Stage::InProgress.label());
    assert_eq!(t.rows[2].1[0], "—");
}

/// Label positions of horizontal lines at `values`, checked for overlap: labels at the same end of the
/// plot must sit on opposite sides, the upper line's label above it and the lower line's below it.
fn assert_no_overlap(values: &[f64]) {
    let pos = mark_label_positions(values);
    assert_eq!(pos.len(), values.len());
    let side = |p: LabelPosition| match p {
        LabelPosition::InsideEndTop => ("end", 1),
        LabelPosition::InsideEndBottom => ("end", -1),
        LabelPosition::InsideStartTop => ("start", 1),
        LabelPosition::InsideStartBottom => ("start", -1),
        other => panic!("unexpected label position {other:?}"),
    };
    for i in 0..values.len() {
        for k in i + 1..values.len() {
            let ((ei, si), (ek, sk)) = (side(pos[i]), side(pos[k]));
            if ei != ek {
                continue;
            }
            // Same end: the labels face away from each other (the higher line's up, the lower's down).
            let (hi, lo) = if values[i] >= values[k] { (si, sk) } else { (sk, si) };
            assert!(hi == 1 && lo == -1, "{values:?} → {pos:?}: labels {i} and {k} can overlap");
        }
    }
}

#[test]
fn reference_line_labels_are_placed_apart() {
    assert_eq!(mark_label_positions(&[]), vec![]);
    assert_eq!(mark_label_positions(&[95.0]), vec![LabelPosition::InsideEndTop]);
    // Target above or below the base, as close as they come, or equal.
    assert_eq!(mark_label_positions(&[95.0, 94.9]), vec![LabelPosition::InsideEndTop, LabelPosition::InsideEndBottom]);
    assert_eq!(mark_label_positions(&[10.0, 10.1]), vec![LabelPosition::InsideEndBottom, LabelPosition::InsideEndTop]);
    for values in [
        vec![1.0, 1.0],
        vec![94.5, 95.5, 95.0],
        vec![94.5, 95.5, 96.0],
        vec![94.5, 95.5, 90.0],
        vec![3.0, 3.0, 3.0],
        vec![1.0, 2.0, 3.0, 4.0],
    ] {
        assert_no_overlap(&values);
    }
}

#[test]
fn the_indicator_chart_carries_the_label_layout() {
    // A band and a base line: three horizontal lines, each with its own label position.
    let ind = find_indicator(|i| i.kind == Kind::Approx && i.value.is_some());
    let x = ind.value.expect("target");
    let ds = with_values(&ind.id, &[(2020, &fmt_num(x)), (2022, &fmt_num(x + 0.5))]);
    let ev = evaluate(cat(), &ds, 2022);
    let j = to_json(&indicator_series(ind, ev.result(&ind.id).expect("result"), cat().period));
    let marks = j["series"][0]["markLine"]["data"].as_array().expect("marks").clone();
    let horizontal: Vec<&Value> = marks.iter().filter(|m| m.get("yAxis").is_some()).collect();
    assert_eq!(horizontal.len(), 3, "{marks:?}");
    let values: Vec<f64> = horizontal.iter().map(|m| m["yAxis"].as_f64().expect("number")).collect();
    let expected: Vec<Value> =
        mark_label_positions(&values).into_iter().map(|p| serde_json::to_value(p).expect("position")).collect();
    let got: Vec<Value> = horizontal.iter().map(|m| m["label"]["position"].clone()).collect();
    assert_eq!(got, expected);
    let hi = values.iter().cloned().fold(f64::MIN, f64::max);
    let top = horizontal.iter().find(|m| m["yAxis"].as_f64() == Some(hi)).expect("top line");
    assert_eq!(top["label"]["position"], "insideEndTop");
    assert_no_overlap(&values);
    // The text comes from the line's own name and value.
    assert_eq!(j["series"][0]["markLine"]["label"]["formatter"], "{b}：{c}");

    // A falling indicator (target below the base; a rate entered directly as its value): the target's
    // label goes below its line.
    let ind = find_indicator(|i| {
        i.kind == Kind::Max && i.value.is_some_and(|v| v > 1.0) && !i.every_year
    });
    let x = ind.value.expect("target");
    let ds = with_values(&ind.id, &[(2020, &fmt_num(x + 1.0)), (2022, &fmt_num(x + 0.5))]);
    let ev = evaluate(cat(), &ds, 2022);
    let j = to_json(&indicator_series(ind, ev.result(&ind.id).expect("result"), cat().period));
    let marks = j["series"][0]["markLine"]["data"].as_array().expect("marks").clone();
    let mark = |name: &str| marks.iter().find(|m| m["name"] == name).cloned().unwrap_or_else(|| panic!("{name}: {marks:?}"));
    assert_eq!(mark(MARK_TARGET)["label"]["position"], "insideEndBottom");
    assert_eq!(mark(&mark_base(cat().period))["label"]["position"], "insideEndTop");
}

#[test]
fn pie_labels_avoid_each_other() {
    let ev = evaluate(cat(), &demo_dataset_until(cat(), 2024), 2024);
    let j = to_json(&status_mix(&ev.overall, "指标状态分布"));
    assert_eq!(j["series"][0]["avoidLabelOverlap"], true);
}

#[test]
fn earlier_years_come_before_the_base_with_a_line_between_the_periods() {
    let ind = min_percent();
    let ds = with_values(&ind.id, &[(2020, "20"), (2023, "15")]);
    let ev = evaluate(cat(), &ds, 2023);
    let res = ev.result(&ind.id).expect("result");
    let j = to_json(&indicator_series_with(ind, res, cat().period, &[(2018, Some(25.0)), (2019, None)]));
    assert_eq!(j["xAxis"]["data"], json!(["2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"]));
    let series = j["series"].as_array().expect("series");
    assert_eq!(series[0]["data"], json!([25.0, null, 20.0, null, null, 15.0, null, null]));
    for s in &series[1..] {
        assert_eq!(s["data"].as_array().map(Vec::len), Some(8), "{}", s["name"]);
        assert_eq!(s["data"][0], json!(null));
    }
    let marks = series[0]["markLine"]["data"].as_array().expect("marks");
    let line = marks.iter().find(|m| m["name"] == MARK_PERIODS).expect("the period line");
    assert_eq!(line["xAxis"], json!("2020"));
    assert_eq!(line["label"]["formatter"], json!("上一期 | 本期"));
    // Without earlier years: no such line, the same chart as before.
    let plain = to_json(&indicator_series(ind, res, cat().period));
    assert!(!plain["series"][0]["markLine"]["data"].as_array().expect("marks").iter().any(|m| m["name"] == MARK_PERIODS));
    assert_eq!(plain, to_json(&indicator_series_with(ind, res, cat().period, &[])));
}
