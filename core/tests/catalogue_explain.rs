//! 指标解释 of the embedded catalogue: every measurable indicator says what is counted (definition), how
//! (formula) and from where (source); every milestone says what evidence shows its stage. The texts agree
//! with the entry fields (numerator, denominator, scale, unit), the evaluation reading of vague wording is
//! stated, no text is copied onto an unrelated indicator, and the lead unit fits the statistical source.

use lishu_core::catalogue::{fmt_num, Catalogue, Direction, Entry, IndicatorRef, Kind};
use lishu_core::eval::STEADY_WORDS;
use std::collections::BTreeMap;

fn catalogue() -> &'static Catalogue {
    Catalogue::embedded()
}

fn measurable(r: &IndicatorRef<'_>) -> bool {
    r.indicator.kind != Kind::Milestone
}

/// The units a formula states: "（单位：岁）" and the scale suffixes "× 100%", "× 1000‰", "× 100000".
fn stated_units(formula: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = formula;
    while let Some(i) = rest.find("单位：") {
        let after = &rest[i + "单位：".len()..];
        let end = after.find(['，', '。', '；', '）']).unwrap_or(after.len());
        out.push(after[..end].trim().to_string());
        rest = &after[end..];
    }
    if formula.contains('%') {
        out.push("%".into());
    }
    if formula.contains('‰') {
        out.push("‰".into());
    }
    if formula.contains("100000") || formula.contains("10万") {
        out.push("/10万".into());
    }
    out
}

#[test]
fn every_indicator_is_explained() {
    let mut missing = Vec::new();
    for r in catalogue().indicators() {
        let i = r.indicator;
        if measurable(&r) {
            for (field, text) in [("definition", &i.definition), ("formula", &i.formula), ("source", &i.source)] {
                if text.trim().is_empty() {
                    missing.push(format!("{} 缺少 {field}", i.id));
                }
            }
            if !i.evidence_hint.is_empty() {
                missing.push(format!("{}：可测量指标不应有 evidence_hint", i.id));
            }
        } else if i.evidence_hint.trim().is_empty() {
            missing.push(format!("{} 缺少 evidence_hint（佐证材料要求）", i.id));
        }
    }
    assert!(missing.is_empty(), "指标解释不全：\n{}", missing.join("\n"));
    let cat = catalogue();
    let n = cat.indicators().len();
    let m = cat.indicators().iter().filter(|r| !measurable(r)).count();
    assert_eq!((n - m, m), (146, 151), "可测量 / 定性指标数（目录变动时请同步补写指标解释）");
}

#[test]
fn no_text_is_copied_onto_an_unrelated_indicator() {
    let cat = catalogue();
    let mut defs: BTreeMap<&str, Vec<IndicatorRef<'_>>> = BTreeMap::new();
    let mut hints: BTreeMap<&str, Vec<IndicatorRef<'_>>> = BTreeMap::new();
    for r in cat.indicators() {
        if measurable(&r) {
            defs.entry(r.indicator.definition.trim()).or_default().push(r);
        } else {
            hints.entry(r.indicator.evidence_hint.trim()).or_default().push(r);
        }
    }
    let mut errors = Vec::new();
    for (text, rs) in &defs {
        if rs.iter().any(|r| r.line.id != rs[0].line.id) {
            let ids: Vec<&str> = rs.iter().map(|r| r.indicator.id.as_str()).collect();
            errors.push(format!("定义相同但不在同一目标行：{}（{}…）", ids.join("、"), text.chars().take(20).collect::<String>()));
        }
    }
    for (text, rs) in &hints {
        if rs.iter().any(|r| r.goal.id != rs[0].goal.id) {
            let ids: Vec<&str> = rs.iter().map(|r| r.indicator.id.as_str()).collect();
            errors.push(format!("佐证材料要求相同但属于不同目标：{}（{}…）", ids.join("、"), text.chars().take(20).collect::<String>()));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// What is wrong with an indicator's formula, given its entry fields.
fn formula_errors(r: &IndicatorRef<'_>) -> Vec<String> {
    let i = r.indicator;
    let f = i.formula.as_str();
    let mut e = Vec::new();
    let mut check = |ok: bool, what: &str| {
        if !ok {
            e.push(format!("{}：{what}（计算方法：{f}）", i.id));
        }
    };
    match i.entry {
        Entry::Rate => {
            let num = i.numerator.as_deref().unwrap_or("");
            let den = i.denominator.as_deref().unwrap_or("");
            check(f.contains(&format!("{num} ÷ {den} ×")), "比率须写成“分子 ÷ 分母 × 倍数”，分子分母与填报项名称一致");
            let scale = i.scale.unwrap_or(0.0);
            let token = match (scale as i64, i.unit.as_str()) {
                (100, "%") => Some("× 100%"),
                (1000, "‰") => Some("× 1000‰"),
                (100_000, "/10万") => Some("× 100000"),
                (1000, "名" | "张") => Some("× 1000"),
                _ => None,
            };
            match token {
                Some(t) => check(f.contains(t), &format!("倍数应写作“{t}”")),
                None => check(false, "scale 与单位不符"),
            }
            if scale == 100.0 {
                check(!f.contains("× 1000"), "百分率不应乘 1000");
            }
        }
        Entry::FemaleMale => {
            check(f.contains("女性人数 ÷（女性人数 + 男性人数）× 100%"), "女性占比 = 女性人数 ÷（女性人数 + 男性人数）× 100%");
            check(f.contains("人数为"), "须写明所数的是哪些人");
            if i.kind == Kind::Relational {
                check(f.contains("比较值"), "比较性指标须写明比较值的算法");
            }
        }
        Entry::PerBody => {
            check(f.contains(&format!("单位：{}", i.unit)), "须写明计量单位");
            check(f.contains("最少") || f.contains("最小"), "须写明各单位中取最少的配备数");
        }
        Entry::Value => {
            let states = f.contains(&format!("单位：{}", i.unit)) || (i.unit == "%" && f.contains("× 100%"));
            check(states, "直接填报的数值须写明计量单位");
            check(f.contains("填报"), "须说明填报的是什么数");
        }
        Entry::Milestone => {}
    }
    for u in stated_units(f) {
        check(u == i.unit, &format!("写明的单位“{u}”与指标单位“{}”不一致", i.unit));
    }
    e
}

#[test]
fn formulas_agree_with_the_entry_fields_and_the_unit() {
    let errors: Vec<String> =
        catalogue().indicators().iter().filter(|r| measurable(r)).flat_map(formula_errors).collect();
    assert!(errors.is_empty(), "计算方法与填报项不一致：\n{}", errors.join("\n"));
}

#[test]
fn the_formula_check_catches_wrong_formulas() {
    let cat = catalogue();
    let r = cat.indicator("W1-4-1").expect("W1-4-1");
    assert!(formula_errors(&r).is_empty());
    for bad in [
        "孕产妇系统管理人数 ÷ 产妇数 × 100%",  // another denominator
        "孕产妇系统管理人数 ÷ 活产数 × 1000‰", // another scale
        "孕产妇系统管理人数 ÷ 活产数",         // no scale
    ] {
        let mut ind = r.indicator.clone();
        ind.formula = bad.to_string();
        let changed = IndicatorRef { indicator: &ind, ..r };
        assert!(!formula_errors(&changed).is_empty(), "未发现错误：{bad}");
    }
    let r = cat.indicator("W1-2-1a").expect("W1-2-1a");
    let mut ind = r.indicator.clone();
    ind.formula = "直接填报（单位：年）。".into();
    assert!(!formula_errors(&IndicatorRef { indicator: &ind, ..r }).is_empty(), "单位不符应报错");
}

#[test]
fn the_evaluation_reading_of_the_wording_is_stated() {
    let cat = catalogue();
    let base = cat.period.base.to_string();
    let mut errors = Vec::new();
    for r in cat.indicators().into_iter().filter(measurable) {
        let i = r.indicator;
        let d = i.definition.as_str();
        let mut check = |ok: bool, what: &str| {
            if !ok {
                errors.push(format!("{}：{what}", i.id));
            }
        };
        check(d.contains("评估口径："), "定义须用一句“评估口径：…”说明评估采用的读法");
        match i.kind {
            Kind::Min | Kind::Max => {
                let v = i.value.map(fmt_num).unwrap_or_default();
                let sym = if i.kind == Kind::Min { "≥" } else { "≤" };
                check(d.contains(&format!("{sym} {v}{}", i.unit)), "门槛目标须写明含本数的比较（≥ / ≤ 目标值）");
                let inclusive = ["以上", "以下", "以内", "不低于", "至少"];
                // “每年至少接受2次…、2次…”: the clause of the second count shares the line's 至少.
                if inclusive.iter().any(|w| i.clause.contains(w)) || r.line.text.contains("至少") {
                    check(d.contains("含本数"), "“以上/以下/以内/不低于”须说明含本数");
                } else {
                    check(d.contains("按不低于"), "没有“以上”等字样的数值目标须说明按“不低于”评估");
                }
            }
            Kind::Directional if i.direction == Direction::SlowRise => {
                check(d.contains("“上升趋势减缓”") && d.contains("3个年度"), "须说明“上升趋势减缓”的判断方法和所需年数");
            }
            Kind::Directional => {
                check(d.contains(&base), "方向性目标须说明以基数年为参照");
                if let Some(w) = STEADY_WORDS.iter().find(|w| i.clause.contains(**w)) {
                    check(d.contains(&format!("“{w}”")) && d.contains("上一个有数据的年份"), "“逐步/持续/稳步/不断”须说明逐年不倒退的要求");
                }
            }
            Kind::Relative => check(d.contains("目标值") && d.contains(&base), "相对目标须写明目标值的算法"),
            Kind::Approx => check(d.contains("“左右”"), "须说明“左右”的带宽"),
            Kind::Balance => check(d.contains("“均衡”"), "须说明“均衡”的区间"),
            Kind::Relational => check(d.contains("比较值"), "须说明与哪个值比较"),
            Kind::CountPerBody => check(d.contains("每一个都至少"), "须说明每个单位都要达到"),
            Kind::Points => check(d.contains("目标值") && d.contains(&base) && d.contains("百分点"), "百分点目标须写明目标值的算法（基数年数值 ± N个百分点）"),
            Kind::PointsPerYear => check(d.contains("每年") && d.contains("上一年") && d.contains("百分点"), "每年百分点目标须说明逐年与上一年比较"),
            Kind::Milestone => {}
        }
        // Every reported year must meet a threshold or band target (the evaluation applies every_year to those).
        if i.every_year && i.kind != Kind::Directional {
            check(d.contains("每个填报年度"), "保持类目标须说明每年都要达到");
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn milestone_evidence_names_documents_and_stages() {
    let mut errors = Vec::new();
    for r in catalogue().indicators().into_iter().filter(|r| !measurable(r)) {
        let h = &r.indicator.evidence_hint;
        if !h.contains('①') {
            errors.push(format!("{}：佐证材料须逐项列出（①②③…）", r.indicator.id));
        }
        if !(h.contains("推进中") && h.contains("基本实现") && h.contains("已实现")) {
            errors.push(format!("{}：须说明推进中 / 基本实现 / 已实现的区别", r.indicator.id));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// Main statistical systems and the unit that reports them.
const SOURCE_UNITS: &[(&str, &str)] = &[
    ("妇幼卫生年报", "区卫健局"),
    ("卫生健康统计", "区卫健局"),
    ("死因监测", "区卫健局"),
    ("预防艾滋病、梅毒和乙肝母婴传播", "区卫健局"),
    ("免疫规划信息系统", "区卫健局"),
    ("教育事业统计", "区教育局"),
    ("学生体质健康", "区教育局"),
    ("教育督导", "区教育局"),
    ("党内统计", "区委组织部"),
    ("干部统计", "区委组织部"),
    ("民政统计", "区民政局"),
    ("人社统计", "区人社局"),
    ("医疗保障统计", "区医保局"),
    ("劳动工资统计", "区统计局"),
    ("水利统计", "区水务局"),
    ("残疾人事业统计", "区残联"),
    ("人民法院司法统计", "区法院"),
    ("工会统计", "区总工会"),
];

#[test]
fn the_lead_unit_reports_the_main_source() {
    let mut errors = Vec::new();
    for r in catalogue().indicators().into_iter().filter(measurable) {
        let i = r.indicator;
        let main = i.source.split('；').next().unwrap_or("");
        if let Some((src, unit)) = SOURCE_UNITS.iter().find(|(s, _)| main.starts_with(s)) {
            if i.lead_unit != *unit {
                errors.push(format!("{}：资料来源为{src}，牵头单位应为{unit}，现为{}", i.id, i.lead_unit));
            }
        }
        if i.co_units.contains(&i.lead_unit) {
            errors.push(format!("{}：牵头单位不应同时列为配合单位", i.id));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // 儿童道路交通伤害死亡率 comes from death registration like the other injury death rates.
    let i = catalogue().indicator("C2-1-3b").expect("C2-1-3b").indicator;
    assert_eq!(i.lead_unit, "区卫健局");
    assert!(i.co_units.iter().any(|u| u == "区公安分局"));
}

#[test]
fn indicators_shared_by_both_plans_say_so() {
    // The same indicator in the women's and the children's plan: one wording, a note that it is one measure.
    for (w, c) in [("W1-1-1", "C1-1-1"), ("W2-3-2", "C3-1-2"), ("W2-4-2", "C3-2-2"), ("W2-5-2", "C3-3-1"), ("W7-4-2", "C6-4-3"), ("W7-5-1", "C6-4-2")] {
        let cat = catalogue();
        let (wi, ci) = (cat.indicator(w).expect(w).indicator, cat.indicator(c).expect(c).indicator);
        assert_eq!(wi.name, ci.name);
        assert!(ci.definition.contains(&format!("妇女规划{w}为同一指标")), "{c}");
        assert_eq!(wi.entry, ci.entry);
        if wi.entry == Entry::Rate {
            assert_eq!(wi.formula, ci.formula, "{w}/{c}");
        }
    }
}
