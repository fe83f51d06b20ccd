//! Classification of every indicator: the curated op/value/unit agree with what the independent wording
//! parser reads from the clause (all of them, not a sample), kind-specific invariants hold, and the
//! compound lines named in the brief are split as intended.

use lishu_core::catalogue::{Catalogue, Direction, Entry, Indicator, Kind, Op, TargetLine};
use lishu_core::parse::{parse_target, parse_targets};
use std::collections::BTreeSet;

fn catalogue() -> &'static Catalogue {
    Catalogue::embedded()
}

fn numeric(kind: Kind) -> bool {
    matches!(kind, Kind::Min | Kind::Max | Kind::Approx | Kind::Relative | Kind::CountPerBody)
}

/// Clauses in which the parser finds a number although the indicator is intentionally not numeric, with the
/// reason. (Empty today: every number in a clause is a target; keep the mechanism for future wording.)
const NON_NUMERIC_WITH_NUMBER: &[(&str, &str)] = &[];

/// Disagreements between the curated target of one line and the wording parser.
fn wording_errors(line: &TargetLine) -> Vec<String> {
    let mut errors = Vec::new();
    for ind in &line.indicators {
        let parsed = parse_targets(&ind.clause);
        if numeric(ind.kind) {
            if parsed.len() != 1 {
                errors.push(format!("{}：数值型指标的 clause 应恰含一个目标值，解析到 {} 个", ind.id, parsed.len()));
                continue;
            }
            let p = &parsed[0];
            if Some(p.op) != ind.op {
                errors.push(format!("{}：运算符 目录 {:?} ≠ 措辞 {:?}", ind.id, ind.op, p.op));
            }
            if ind.value.is_none_or(|v| (v - p.value).abs() > 1e-9) {
                errors.push(format!("{}：目标值 目录 {:?} ≠ 措辞 {}", ind.id, ind.value, p.value));
            }
            if ind.kind == Kind::Relative {
                if !p.relative {
                    errors.push(format!("{}：相对目标的措辞应含“以…年为基数”", ind.id));
                }
            } else if p.unit != ind.unit {
                errors.push(format!("{}：单位 目录「{}」≠ 措辞「{}」", ind.id, ind.unit, p.unit));
            }
            if p.relative != (ind.kind == Kind::Relative) {
                errors.push(format!("{}：“以…为基数”措辞与类型 {:?} 不符", ind.id, ind.kind));
            }
            if p.each && ind.kind != Kind::CountPerBody {
                errors.push(format!("{}：“各配备/每所”措辞应为每单位配备数类型", ind.id));
            }
        } else if !parsed.is_empty() && !NON_NUMERIC_WITH_NUMBER.iter().any(|(id, _)| *id == ind.id) {
            errors.push(format!("{}：措辞中有目标值 {:?}，但类型为 {:?}", ind.id, parsed[0], ind.kind));
        }
    }
    // Every number in the line is measured by exactly one numeric indicator, in order; the whole line gives
    // the context of words such as 每年 that a clause may share with its neighbour ("每年至少接受2次…、2次…").
    let in_line = parse_targets(&line.text);
    let curated: Vec<&Indicator> = line.indicators.iter().filter(|i| numeric(i.kind)).collect();
    if in_line.len() != curated.len() {
        errors.push(format!("{}：原文有 {} 个目标值，目录有 {} 个数值型指标", line.id, in_line.len(), curated.len()));
    }
    for (p, ind) in in_line.iter().zip(&curated) {
        if Some(p.op) != ind.op || ind.value != Some(p.value) {
            errors.push(format!("{}：与原文第{}个目标值的顺序或数值不符", ind.id, 1 + in_line.iter().position(|x| x == p).unwrap_or(0)));
        }
        if p.every_year != ind.every_year {
            errors.push(format!("{}：每年保持 目录 {} ≠ 措辞 {}", ind.id, ind.every_year, p.every_year));
        }
    }
    errors
}

#[test]
fn every_numeric_target_agrees_with_the_wording() {
    let errors: Vec<String> = catalogue().lines.iter().flat_map(wording_errors).collect();
    assert!(errors.is_empty(), "目录与措辞解析不一致：\n{}", errors.join("\n"));
    let n = catalogue().indicators().iter().filter(|r| numeric(r.indicator.kind)).count();
    assert!(n >= 60, "数值型指标只有 {n} 个");
}

#[test]
fn wording_check_detects_a_wrong_value_op_or_kind() {
    let cat = catalogue();
    let line = |id: &str| cat.lines.iter().find(|l| l.id == id).cloned().expect(id);
    let mut l = line("W1-4-2");
    l.indicators[0].value = Some(15.0);
    assert!(!wording_errors(&l).is_empty());
    let mut l = line("C1-4-1");
    l.indicators[0].op = Some(Op::Le);
    assert!(!wording_errors(&l).is_empty());
    let mut l = line("C1-4-1");
    l.indicators[0].every_year = false;
    assert!(!wording_errors(&l).is_empty());
    let mut l = line("W1-8-3");
    l.indicators[1].kind = Kind::Directional;
    assert!(!wording_errors(&l).is_empty());
    let mut l = line("C1-3-1");
    l.indicators.truncate(1);
    assert!(!wording_errors(&l).is_empty());
}

fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// Kind-specific invariants of one indicator.
fn invariant_errors(ind: &Indicator) -> Vec<String> {
    let mut e = Vec::new();
    let id = &ind.id;
    let mut check = |ok: bool, what: &str| {
        if !ok {
            e.push(format!("{id}：{what}"));
        }
    };
    match ind.kind {
        Kind::Min => {
            check(ind.op == Some(Op::Ge), "下限型 op 应为 >=");
            check(ind.direction == Direction::Up, "下限型方向应为 up");
        }
        Kind::Max => {
            check(ind.op == Some(Op::Le), "上限型 op 应为 <=");
            check(ind.direction == Direction::Down, "上限型方向应为 down");
        }
        Kind::Approx => {
            check(ind.op == Some(Op::Approx), "左右型 op 应为 ~");
            check(ind.direction == Direction::Hold, "左右型方向应为 hold");
        }
        Kind::Relative => {
            let v = ind.value.unwrap_or(0.0);
            let down = has_any(&ind.clause, &["下降", "降低", "减少"]);
            check(v != 0.0, "相对目标须有非零变化");
            check((v < 0.0) == down, "相对目标的正负应与“下降/提高”一致");
            check(ind.op == Some(if v < 0.0 { Op::Le } else { Op::Ge }), "相对目标 op 与正负不符");
            check(ind.direction == if v < 0.0 { Direction::Down } else { Direction::Up }, "相对目标方向与正负不符");
        }
        Kind::Points | Kind::PointsPerYear => {
            let v = ind.value.unwrap_or(0.0);
            let down = has_any(&ind.clause, &["下降", "降低", "减少"]);
            check(v != 0.0 && v.is_finite(), "百分点目标须有非零变化");
            check((v < 0.0) == down, "百分点目标的正负应与“下降/提高”一致");
            check(ind.direction == if v < 0.0 { Direction::Down } else { Direction::Up }, "百分点目标方向与正负不符");
            check(matches!(ind.unit.as_str(), "%" | "‰"), "百分点目标的单位应为 % 或 ‰");
            check(ind.clause.contains("百分点"), "百分点目标的原文应含“百分点”");
            check(ind.clause.contains("每年") == (ind.kind == Kind::PointsPerYear), "“每年…个百分点”应为 points_per_year，其余为 points");
        }
        Kind::CountPerBody => {
            let distinct: BTreeSet<&String> = ind.bodies.iter().collect();
            check(ind.bodies.len() >= 2 && distinct.len() == ind.bodies.len(), "每单位配备数须列出至少两个不同的单位");
            check(ind.bodies.iter().all(|b| !b.trim().is_empty()), "单位名称不能为空");
            check(ind.entry == Entry::PerBody, "每单位配备数 entry 应为 per_body");
            check(ind.op == Some(Op::Ge) && ind.value.is_some_and(|v| v >= 1.0), "至少配备 n（n ≥ 1）");
        }
        Kind::Relational => {
            check(ind.compare_with.as_deref().is_some_and(|c| !c.trim().is_empty()), "比较性指标须有 compare_with");
            check(matches!(ind.op, Some(Op::Ge | Op::Le | Op::Approx)), "比较性指标 op");
            check(ind.value.is_none(), "比较性指标无固定目标值");
        }
        Kind::Balance => {
            check(ind.entry == Entry::FemaleMale, "均衡型 entry 应为 female_male");
            check(ind.every_year, "“保持均衡”须每年成立");
            check(ind.direction == Direction::Hold && ind.value.is_none() && ind.op.is_none(), "均衡型无数值目标，方向 hold");
        }
        Kind::Milestone => {
            check(ind.entry == Entry::Milestone, "定性目标 entry 应为 milestone");
            check(ind.op.is_none() && ind.value.is_none(), "定性目标无数值");
        }
        Kind::Directional => {
            check(ind.op.is_none() && ind.value.is_none(), "方向性指标无数值目标");
            check(!matches!(ind.entry, Entry::Milestone | Entry::PerBody), "方向性指标须录入数值、比率或男女人数");
            let c = &ind.clause;
            let want = if c.contains("保持稳定并有所提高") {
                Some(Direction::HoldUp)
            } else if c.contains("上升趋势") {
                Some(Direction::SlowRise)
            } else if has_any(c, &["下降", "降低", "减少", "缩小"]) {
                Some(Direction::Down)
            } else if has_any(c, &["提高", "提升", "增加", "扩大", "增强", "延长", "壮大"]) {
                Some(Direction::Up)
            } else {
                None
            };
            match want {
                Some(d) => check(ind.direction == d, "方向与措辞（提高/下降/保持稳定并有所提高/上升趋势减缓）不符"),
                None => check(!ind.interpretation.is_empty(), "措辞无明确方向时须写明解释口径"),
            }
        }
    }
    if numeric(ind.kind) {
        check(ind.value.is_some() && ind.op.is_some(), "数值型指标须有 op 和 value");
    }
    if let (Some(v), Some(max)) = (ind.value, ind.max_value()) {
        check(ind.kind == Kind::Relative || (0.0..=max).contains(&v), "目标值超出单位范围（百分比 ≤ 100）");
    }
    if ind.unit == "%" {
        check(ind.value.is_none_or(|v| v.abs() <= 100.0), "百分比 ≤ 100");
    }
    match ind.entry {
        Entry::Rate => {
            let num = ind.numerator.as_deref().unwrap_or("");
            let den = ind.denominator.as_deref().unwrap_or("");
            check(!num.is_empty() && !den.is_empty(), "比率须有分子和分母名称");
            let scale = ind.scale.unwrap_or(0.0);
            let want = match ind.unit.as_str() {
                "%" => Some(100.0),
                "‰" | "名" | "张" => Some(1000.0),
                "/10万" => Some(100_000.0),
                _ => None,
            };
            check(want == Some(scale), "比率的 scale 与单位不符（% 100、‰ 1000、/10万 100000、每千名 1000）");
            check(ind.formula.contains(num) && ind.formula.contains(den) && ind.formula.contains('÷'), "比率须写明计算公式");
        }
        Entry::FemaleMale => {
            check(ind.unit == "%", "女性占比单位为 %");
            check(ind.formula.contains("女性"), "女性占比须写明计算公式");
        }
        _ => check(ind.numerator.is_none() && ind.denominator.is_none() && ind.scale.is_none(), "非比率指标不应有分子分母"),
    }
    // Vague wording needs a plain-language note for users.
    const VAGUE: [&str; 9] = ["左右", "均衡", "基本", "相适应", "合理", "明显", "显著", "一般", "以乡"];
    if has_any(&ind.clause, &VAGUE) || matches!(ind.kind, Kind::Approx | Kind::Balance | Kind::Relational | Kind::Relative) {
        check(!ind.interpretation.trim().is_empty(), "含糊措辞须有解释口径（interpretation）");
    }
    e
}

#[test]
fn kind_specific_invariants_hold_for_every_indicator() {
    let errors: Vec<String> = catalogue().indicators().iter().flat_map(|r| invariant_errors(r.indicator)).collect();
    assert!(errors.is_empty(), "指标分类不一致：\n{}", errors.join("\n"));
}

#[test]
fn invariant_check_detects_bad_classifications() {
    let idx = catalogue().index();
    let get = |id: &str| idx.get(id).map(|r| r.indicator.clone()).expect(id);
    let mut i = get("C2-1-1");
    i.value = Some(15.0);
    assert!(!invariant_errors(&i).is_empty(), "下降写成正数应被发现");
    let mut i = get("W4-4-1a");
    i.bodies.truncate(1);
    assert!(!invariant_errors(&i).is_empty());
    let mut i = get("W1-4-2");
    i.scale = Some(1000.0);
    assert!(!invariant_errors(&i).is_empty());
    let mut i = get("W1-8-2a");
    i.direction = Direction::Up;
    assert!(!invariant_errors(&i).is_empty());
    let mut i = get("W3-1-1");
    i.interpretation.clear();
    assert!(!invariant_errors(&i).is_empty());
}

/// Canonical spelling of every responsible unit (one spelling per unit).
const UNITS: &[&str] = &[
    "区卫健局", "区妇联", "区教育局", "区民政局", "区公安分局", "区委组织部", "区人社局", "区法院", "区委宣传部",
    "区司法局", "区残联", "区医保局", "区统计局", "区检察院", "区文旅局", "区网信办", "区生态环境局", "团区委",
    "区总工会", "区应急管理局", "区农业农村局", "区水务局", "区市场监管局", "区科协", "区妇儿工委办", "区委政法委",
    "区人大常委会办公室", "区政协办公室", "区财政局", "区编办", "区住建局", "区自然资源局", "区工商联", "区发改局",
];

#[test]
fn every_indicator_has_a_known_lead_unit() {
    for r in catalogue().indicators() {
        let ind = r.indicator;
        assert!(UNITS.contains(&ind.lead_unit.as_str()), "{}：牵头单位「{}」不在单位名录中", ind.id, ind.lead_unit);
        let distinct: BTreeSet<&String> = ind.co_units.iter().collect();
        assert_eq!(distinct.len(), ind.co_units.len(), "{}：配合单位重复", ind.id);
        for u in &ind.co_units {
            assert!(UNITS.contains(&u.as_str()), "{}：配合单位「{}」不在单位名录中", ind.id, u);
            assert_ne!(u, &ind.lead_unit, "{}：牵头单位不应同时列为配合单位", ind.id);
        }
    }
    // Every canonical unit is actually used (the list does not rot).
    let used = catalogue().units();
    for u in UNITS {
        assert!(used.iter().any(|x| x == u), "单位名录中的「{u}」未被使用");
    }
}

// ---------- the specific splits named in the brief ----------

fn ind(id: &str) -> Indicator {
    match catalogue().indicator(id) {
        Some(r) => r.indicator.clone(),
        None => panic!("缺少指标 {id}"),
    }
}

fn ids_of(line: &str) -> Vec<String> {
    catalogue().lines.iter().find(|l| l.id == line).map(|l| l.indicators.iter().map(|i| i.id.clone()).collect()).unwrap_or_default()
}

fn target(id: &str) -> (Kind, Option<Op>, Option<f64>, String) {
    let i = ind(id);
    (i.kind, i.op, i.value, i.unit)
}

#[test]
fn newborn_visits_and_newborn_mortality_are_two_indicators() {
    assert_eq!(ids_of("C1-3-1"), ["C1-3-1a", "C1-3-1b"]);
    assert_eq!(target("C1-3-1a"), (Kind::Min, Some(Op::Ge), Some(90.0), "%".into()));
    assert!(ind("C1-3-1a").every_year);
    assert_eq!(target("C1-3-1b"), (Kind::Max, Some(Op::Le), Some(3.0), "‰".into()));
    assert_eq!(ind("C1-3-1b").scale, Some(1000.0));
}

#[test]
fn paediatric_doctors_and_beds_are_two_indicators() {
    assert_eq!(ids_of("C1-1-2"), ["C1-1-2a", "C1-1-2b"]);
    assert_eq!(target("C1-1-2a"), (Kind::Min, Some(Op::Ge), Some(1.0), "名".into()));
    assert_eq!(target("C1-1-2b"), (Kind::Min, Some(Op::Ge), Some(2.5), "张".into()));
}

#[test]
fn parent_schools_city_and_rural_are_two_indicators() {
    assert_eq!(ids_of("C5-2-2"), ["C5-2-2a", "C5-2-2b"]);
    assert_eq!(target("C5-2-2a"), (Kind::Min, Some(Op::Ge), Some(90.0), "%".into()));
    assert_eq!(target("C5-2-2b"), (Kind::Min, Some(Op::Ge), Some(80.0), "%".into()));
    assert!(ind("C5-2-2a").clause.contains("城市"));
    assert!(ind("C5-2-2b").clause.contains("农村"));
}

#[test]
fn health_literacy_and_mental_health_literacy_are_two_indicators() {
    assert_eq!(ids_of("W1-8-3"), ["W1-8-3a", "W1-8-3b"]);
    assert_eq!(target("W1-8-3a"), (Kind::Min, Some(Op::Ge), Some(25.0), "%".into()));
    assert_eq!(target("W1-8-3b"), (Kind::Min, Some(Op::Ge), Some(25.0), "%".into()));
    assert!(ind("W1-8-3b").clause.starts_with("心理健康素养"));
}

#[test]
fn mother_to_child_transmission_is_split() {
    assert_eq!(ids_of("W1-5-1"), ["W1-5-1a", "W1-5-1b"]);
    let a = ind("W1-5-1a");
    assert_eq!((a.kind, a.direction), (Kind::Directional, Direction::Down));
    assert_eq!(target("W1-5-1b"), (Kind::Max, Some(Op::Le), Some(3.0), "%".into()));
}

#[test]
fn district_leadership_bodies_each_need_one_woman_and_chief_share_rises() {
    assert_eq!(ids_of("W4-4-1"), ["W4-4-1a", "W4-4-1b"]);
    let a = ind("W4-4-1a");
    assert_eq!(target("W4-4-1a"), (Kind::CountPerBody, Some(Op::Ge), Some(1.0), "名".into()));
    assert_eq!(a.bodies, ["区委领导班子", "区人大常委会领导班子", "区政府领导班子", "区政协领导班子"]);
    assert_eq!(a.entry, Entry::PerBody);
    let b = ind("W4-4-1b");
    assert_eq!((b.kind, b.direction, b.entry), (Kind::Directional, Direction::Up, Entry::FemaleMale));
}

#[test]
fn life_expectancy_and_healthy_life_expectancy_are_two_indicators() {
    assert_eq!(ids_of("W1-2-1"), ["W1-2-1a", "W1-2-1b"]);
    for id in ["W1-2-1a", "W1-2-1b"] {
        let i = ind(id);
        assert_eq!((i.kind, i.direction, i.unit.as_str()), (Kind::Directional, Direction::Up, "岁"));
    }
}

#[test]
fn relative_relational_and_balance_examples() {
    let i = ind("C2-1-1");
    assert_eq!((i.kind, i.op, i.value, i.unit.as_str(), i.direction), (Kind::Relative, Some(Op::Le), Some(-15.0), "/10万", Direction::Down));
    let i = ind("W4-1-2");
    assert_eq!((i.kind, i.op), (Kind::Relational, Some(Op::Ge)));
    assert_eq!(i.compare_with.as_deref(), Some("本地区党员总数中女性比例"));
    let i = ind("W4-6-3");
    assert_eq!((i.kind, i.op), (Kind::Relational, Some(Op::Approx)));
    for id in ["W2-3-1", "W2-4-1", "W2-5-1"] {
        let i = ind(id);
        assert_eq!((i.kind, i.entry, i.every_year), (Kind::Balance, Entry::FemaleMale, true), "{id}");
    }
    let i = ind("W4-7-3");
    assert_eq!((i.kind, i.entry, i.value), (Kind::Min, Entry::FemaleMale, Some(30.0)));
    let i = ind("W4-2-1");
    assert_eq!((i.kind, i.direction), (Kind::Directional, Direction::HoldUp));
    let i = ind("W1-8-2a");
    assert_eq!(i.direction, Direction::SlowRise);
}

#[test]
fn rates_carry_their_formula() {
    let i = ind("W1-4-2");
    assert_eq!((i.entry, i.scale), (Entry::Rate, Some(100_000.0)));
    assert_eq!(i.numerator.as_deref(), Some("孕产妇死亡人数"));
    assert_eq!(i.denominator.as_deref(), Some("活产数"));
    assert_eq!(i.formula, "孕产妇死亡人数 ÷ 活产数 × 100000");
    let i = ind("C1-3-2");
    assert_eq!((i.entry, i.scale, i.unit.as_str()), (Entry::Rate, Some(1000.0), "‰"));
}

#[test]
fn keeping_wording_is_every_year() {
    for r in catalogue().indicators() {
        let i = r.indicator;
        if numeric(i.kind) && (i.clause.contains("保持在") || i.clause.contains("每年")) {
            assert!(i.every_year, "{}：“保持在/每年”应每年成立", i.id);
        }
    }
    let p = parse_target("学前教育毛入园率达到并保持在90%以上").expect("parse");
    assert!(p.every_year);
    assert!(ind("W2-3-2").every_year && ind("C3-1-2").every_year);
}
