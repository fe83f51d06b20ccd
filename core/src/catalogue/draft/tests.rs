//! Unit tests of the drafting rules on single lines and small texts.

use super::item::Ctx;
use super::line::draft_line;
use super::title::parse_title;
use super::{draft_catalogue, DraftError, DraftOptions, DraftSummary};
use crate::catalogue::{Direction, Entry, Indicator, Kind, Op, Period, Plan};

#[test]
fn titles_with_dash_and_bracket_variants() {
    for (line, region, first, last) in [
        ("梨树区妇女发展规划（2021-2025年）", "梨树区", 2021, 2025),
        ("某某县儿童发展规划（2021—2025年）", "某某县", 2021, 2025),
        ("  青山县妇女发展规划 ( 2026 – 2030 年 )  ", "青山县", 2026, 2030),
        ("青山县儿童发展规划（２０２６－２０３０年）", "青山县", 2026, 2030),
        ("某某市妇女发展规划（2026年——2030年）", "某某市", 2026, 2030),
        ("某某自治县儿童发展规划【2021~2025年】", "某某自治县", 2021, 2025),
    ] {
        let t = parse_title(line).unwrap_or_else(|| panic!("not a title: {line}"));
        assert_eq!((t.region.as_str(), t.first, t.last), (region, first, last), "{line}");
    }
    assert_eq!(parse_title("梨树区妇女发展规划（2021-2025年）").map(|t| t.plan), Some(Plan::Women));
    assert_eq!(parse_title("梨树区儿童发展规划（2021-2025年）").map(|t| t.plan), Some(Plan::Children));
    for not in [
        "关于印发梨树区妇女发展规划（2021-2025年）和梨树区儿童发展规划（2021-2025年）的",
        "梨树区妇女发展规划（2021-2025年）和梨树区儿童发展规划（2021-2025年）经……讨论通过",
        "《梨树区妇女发展规划（2016—2020年）",
        "妇女发展规划（2021-2025年）",
        "梨树妇女发展规划（2021-2025年）",
        "梨树区妇女发展规划（2021年）",
        "梨树区妇女发展规划（2021-25年）",
        "梨树区妇女发展规划",
    ] {
        assert!(parse_title(not).is_none(), "{not}");
    }
}

fn plan(region: &str, years: &str, extra_head: &str) -> String {
    format!(
        "{region}人民政府\n{extra_head}\n{region}妇女发展规划（{years}年）\n二、发展领域、主要目标和策略措施\n（一）妇女与健康\n主要目标：\n\
         1.提高孕产妇保健水平。\n——孕产妇死亡率下降到14.5/10万以下。\n策略措施：\n1.略。\n三、组织实施\n"
    )
}

#[test]
fn region_period_authority_and_issue_date() {
    let d = draft_catalogue(&plan("某某县", "2021—2025", "某某县人民政府　　2022年9月26日印发"), &DraftOptions::default())
        .expect("drafts");
    let c = &d.catalogue;
    assert_eq!(c.region, "某某县");
    assert_eq!(c.period, Period { base: 2020, first: 2021, last: 2025, midterm: 2023 });
    assert_eq!(c.authority, "某某县人民政府");
    assert_eq!(c.issued, "2022-09-26");
    assert_eq!(c.version, "2022-09-26.draft");
    assert_eq!(c.id, "draft-2021-2025");
    assert_eq!(c.title, "某某县妇女儿童发展规划（2021-2025年）");
    assert_eq!(c.plans[0].title, "某某县妇女发展规划（2021—2025年）");
    assert_eq!(c.lines[0].indicators[0].lead_unit, "县卫健局");

    let d = draft_catalogue(&plan("某某市", "2026-2030", ""), &DraftOptions::default()).expect("drafts");
    assert_eq!(d.catalogue.period, Period { base: 2025, first: 2026, last: 2030, midterm: 2028 });
    assert_eq!((d.catalogue.issued.as_str(), d.catalogue.version.as_str()), ("", "draft"));
    assert_eq!(d.catalogue.lines[0].indicators[0].lead_unit, "市卫健局");

    // A base year named in the text wins over first − 1.
    let text = plan("某某区", "2026-2030", "").replace("孕产妇死亡率下降到14.5/10万以下", "孕产妇死亡率以2024年为基数下降10%");
    let d = draft_catalogue(&text, &DraftOptions::default()).expect("drafts");
    assert_eq!(d.catalogue.period.base, 2024);
    assert_eq!(d.catalogue.period.midterm, 2028);

    let opts = DraftOptions { id: Some("mou-2026-2030".into()), version: Some("2026-01-01.1".into()) };
    let d = draft_catalogue(&plan("某某区", "2026-2030", ""), &opts).expect("drafts");
    assert_eq!((d.catalogue.id.as_str(), d.catalogue.version.as_str()), ("mou-2026-2030", "2026-01-01.1"));
    let bad = DraftOptions { id: Some("某某".into()), version: None };
    let e = draft_catalogue(&plan("某某区", "2026-2030", ""), &bad).expect_err("bad id");
    assert!(e[0].message().contains("编号“某某”无效"), "{e:?}");
}

#[test]
fn bad_input_names_the_problem() {
    let e = draft_catalogue("", &DraftOptions::default()).expect_err("empty");
    assert!(e[0].message().starts_with("未找到规划标题"), "{e:?}");
    let e = draft_catalogue("某某县妇女发展规划（2021-2025年）\n二、发展领域\n（一）妇女与健康\n", &DraftOptions::default())
        .expect_err("no lines");
    assert!(e.iter().any(|x| x.message().starts_with("未找到任何目标行")), "{e:?}");
    let text = plan("某某县", "2021-2025", "").replace("1.提高孕产妇保健水平。\n", "");
    let e = draft_catalogue(&text, &DraftOptions::default()).expect_err("line before goal");
    assert!(e.iter().any(|x| x.line() == Some(7) && x.message().starts_with("第 7 行：目标行出现在")), "{e:?}");
    let text = plan("某某县", "2021-2025", "").replace("（一）妇女与健康\n", "（一）妇女与健康\n（一）妇女与健康\n");
    let e = draft_catalogue(&text, &DraftOptions::default()).expect_err("duplicate domain");
    assert!(e.iter().any(|x| x.message().contains("与第 5 行的领域重复")), "{e:?}");
    let text = format!("{}{}", plan("某某县", "2021-2025", ""), plan("某某区", "2021-2025", "").replace("妇女发展", "儿童发展"));
    let e = draft_catalogue(&text, &DraftOptions::default()).expect_err("regions differ");
    assert!(e.iter().any(|x| x.message().contains("地区“某某区”与第 3 行的“某某县”不同")), "{e:?}");
}

fn inds(text: &str) -> Vec<Indicator> {
    let ctx = Ctx { base: 2025, last: 2030, prefix: '县', goal: "" };
    draft_line(text, &ctx)
}

fn brief(i: &Indicator) -> (Kind, Option<Op>, Option<f64>, String) {
    (i.kind, i.op, i.value, i.unit.clone())
}

#[test]
fn split_respectively_shared_and_separate_clauses() {
    let v = inds("适龄妇女宫颈癌人群筛查率、乳腺癌人群筛查率分别达到70%和65%以上。");
    assert_eq!(v.len(), 2);
    assert_eq!(brief(&v[0]), (Kind::Min, Some(Op::Ge), Some(70.0), "%".into()));
    assert_eq!(brief(&v[1]), (Kind::Min, Some(Op::Ge), Some(65.0), "%".into()));
    assert_eq!((v[0].name.as_str(), v[1].name.as_str()), ("适龄妇女宫颈癌人群筛查率", "适龄妇女乳腺癌人群筛查率"));
    let v = inds("婴儿死亡率和5岁以下儿童死亡率分别降至4‰和5‰以下。");
    assert_eq!(brief(&v[0]), (Kind::Max, Some(Op::Le), Some(4.0), "‰".into()));
    assert_eq!(brief(&v[1]), (Kind::Max, Some(Op::Le), Some(5.0), "‰".into()));
    assert_eq!(v[1].denominator.as_deref(), Some("活产数"));
    let v = inds("甲率和乙率均保持在90%以上。");
    assert_eq!(v.len(), 2);
    assert!(v.iter().all(|i| brief(i) == (Kind::Min, Some(Op::Ge), Some(90.0), "%".into()) && i.every_year));
    assert!(v.iter().all(|i| i.clause == "甲率和乙率均保持在90%以上"));
    let v = inds("新生儿访视率保持在90%以上，新生儿死亡率降至3‰以下。");
    assert_eq!((v[0].name.as_str(), v[1].name.as_str()), ("新生儿访视率", "新生儿死亡率"));
    assert!(v[0].every_year && !v[1].every_year);
    assert_eq!(v[1].scale, Some(1000.0));
    let v = inds("90%的城市社区和 80%的农村社区（村）建立家长学校或家庭教育指导服务站点。");
    assert_eq!((v[0].clause.as_str(), v[0].value), ("90%的城市社区", Some(90.0)));
    assert_eq!(v[1].clause, "80%的农村社区（村）建立家长学校或家庭教育指导服务站点");
    assert_eq!(v[0].name, "建立家长学校或家庭教育指导服务站点的城市社区比例");
    assert_eq!(v[0].denominator.as_deref(), Some("城市社区总数"));
    let v = inds("儿童家长每年至少接受2次家庭教育指导服务、2次家庭教育实践活动，树立科学育儿理念，掌握运用科学育儿方法。");
    assert_eq!(v.len(), 3);
    assert_eq!(v[1].clause, "2次家庭教育实践活动");
    assert!(v[0].every_year && v[1].every_year);
    assert_eq!((v[2].kind, v[2].clause.as_str()), (Kind::Milestone, "树立科学育儿理念，掌握运用科学育儿方法"));
    // Neighbouring qualitative clauses are one milestone.
    let v = inds("区、镇、村（屯）三级妇幼卫生服务网络健全完善，基层网底和转诊网络进一步强化。");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].kind, Kind::Milestone);
}

#[test]
fn directional_lists_are_split_but_not_qualifiers_or_populations() {
    let v = inds("老年妇女低体重和贫血患病率下降。");
    assert_eq!(v.len(), 2);
    assert!(v.iter().all(|i| i.kind == Kind::Directional && i.direction == Direction::Down && i.unit == "%"));
    let v = inds("妇女焦虑障碍、抑郁症患病率上升趋势减缓。");
    assert_eq!(v.len(), 2);
    assert_eq!(v[1].name, "妇女抑郁症患病率");
    assert!(v.iter().all(|i| i.direction == Direction::SlowRise));
    let v = inds("企业董事会、监事会成员及管理层中的女性比例逐步提高。");
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].entry, v[0].direction), (Entry::FemaleMale, Direction::Up));
    let v = inds("公益性儿童教育、科技、文化、体育、娱乐等校外活动场所增加。");
    assert_eq!((v.len(), v[0].unit.as_str()), (1, "个"));
    let v = inds("儿童跌倒、跌落、烧烫伤、中毒等伤害的发生、致残和死亡减少。");
    assert_eq!(v.iter().map(|i| i.unit.as_str()).collect::<Vec<_>>(), ["例", "人", "人"]);
    let v = inds("区级人大代表中女性比例保持稳定并有所提高。");
    assert_eq!((v[0].kind, v[0].direction, v[0].entry), (Kind::Directional, Direction::HoldUp, Entry::FemaleMale));
    let v = inds("女性的思想政治意识不断提高。");
    assert_eq!(v[0].kind, Kind::Milestone);
    assert!(!v[0].review.is_empty());
}

#[test]
fn percentage_points_and_hedges() {
    // 每年…N个百分点 → points_per_year (value −N for a fall); no review mark: the wording is clear.
    let v = inds("孕产妇贫血患病率每年下降1个百分点。");
    assert_eq!(brief(&v[0]), (Kind::PointsPerYear, None, Some(-1.0), "%".into()));
    assert_eq!(v[0].direction, Direction::Down);
    assert!(v[0].review.is_empty(), "{}", v[0].review);
    assert!(v[0].interpretation.contains("每年下降1个百分点：自2025年起每年较上一年下降至少1个百分点"), "{}", v[0].interpretation);
    let v = inds("儿童近视率每年降低0.5个百分点以上。");
    assert_eq!((v[0].kind, v[0].value, v[0].direction), (Kind::PointsPerYear, Some(-0.5), Direction::Down));
    assert!(v[0].interpretation.contains("每年降低0.5个百分点"), "{}", v[0].interpretation);
    // 比YYYY年提高N个百分点 → points.
    let v = inds("妇女就业人员比例比2025年提高2个百分点。");
    assert_eq!(brief(&v[0]), (Kind::Points, None, Some(2.0), "%".into()));
    assert_eq!(v[0].direction, Direction::Up);
    assert!(v[0].review.is_empty(), "{}", v[0].review);
    assert!(v[0].interpretation.contains("目标值 = 2025年数值 + 2个百分点"), "{}", v[0].interpretation);
    // Without the year, or with another year than the base: points, marked for review.
    let v = inds("高级专业技术人员中的女性比例提高3个百分点。");
    assert_eq!((v[0].kind, v[0].value, v[0].direction, v[0].entry), (Kind::Points, Some(3.0), Direction::Up, Entry::FemaleMale));
    assert!(v[0].interpretation.contains("提高3个百分点"));
    assert!(v[0].review.contains("原文未写明与哪一年相比"), "{}", v[0].review);
    let v = inds("妇女就业人员比例比2023年提高2个百分点。");
    assert_eq!(v[0].kind, Kind::Points);
    assert!(v[0].review.contains("比较的年份 2023 年不是规划基数年 2025 年"), "{}", v[0].review);
    let v = inds("孕产妇死亡率力争降至10/10万以下。");
    assert_eq!(brief(&v[0]), (Kind::Max, Some(Op::Le), Some(10.0), "/10万".into()));
    assert_eq!(v[0].name, "孕产妇死亡率");
    assert!(v[0].interpretation.contains("力争"));
    assert!(v[0].review.is_empty(), "{}", v[0].review);
    let v = inds("妇女健康素养水平比2025年提高10%。");
    assert_eq!(brief(&v[0]), (Kind::Relative, Some(Op::Ge), Some(10.0), "%".into()));
    let v = inds("儿童伤害死亡率以2025年为基数下降15%。");
    assert_eq!(brief(&v[0]), (Kind::Relative, Some(Op::Le), Some(-15.0), "/10万".into()));
    assert_eq!(v[0].entry, Entry::Rate);
    let v = inds("儿童伤害死亡率以2023年为基数下降15%。");
    assert!(v[0].review.contains("不是规划基数年"), "{}", v[0].review);
}

#[test]
fn per_body_counts_list_their_bodies() {
    let v = inds("县级党委、人大、政府、政协领导班子中至少各配备1名女干部，担任正职的女干部占同级正职干部的比例逐步提高。");
    assert_eq!(brief(&v[0]), (Kind::CountPerBody, Some(Op::Ge), Some(1.0), "名".into()));
    assert_eq!(v[0].bodies, ["县级党委领导班子", "县级人大领导班子", "县级政府领导班子", "县级政协领导班子"]);
    assert_eq!(v[0].lead_unit, "县委组织部");
    assert_eq!((v[1].kind, v[1].entry), (Kind::Directional, Entry::FemaleMale));
    let v = inds("每所乡（镇）卫生院、社区卫生服务中心至少配备1 名全科医生，至少配备2名专业从事儿童保健的医生。");
    assert_eq!(v[0].bodies, ["各乡（镇）卫生院", "各社区卫生服务中心"]);
    assert_eq!((v[1].kind, v[1].value), (Kind::CountPerBody, Some(2.0)));
    assert_eq!(v[1].bodies, v[0].bodies);
}

#[test]
fn balance_relational_and_milestones() {
    let v = inds("在园儿童中男女比例保持均衡。");
    assert_eq!((v[0].kind, v[0].entry, v[0].every_year), (Kind::Balance, Entry::FemaleMale, true));
    let v = inds("中国共产党县级代表大会中女党员代表比例一般不低于本地区党员总数中女性比例。");
    assert_eq!((v[0].kind, v[0].op), (Kind::Relational, Some(Op::Ge)));
    assert_eq!(v[0].compare_with.as_deref(), Some("本地区党员总数中女性比例"));
    let v = inds("出生人口性别比趋于正常。");
    assert_eq!(v[0].kind, Kind::Balance);
    assert!(!v[0].review.is_empty());
    let v = inds("社区网格化家庭暴力重点监控机制建立。");
    assert_eq!((v[0].kind, v[0].entry), (Kind::Milestone, Entry::Milestone));
    assert!(v[0].review.is_empty());
    let v = inds("某某事项取得积极成效。");
    assert_eq!(v[0].review, "措辞中没有可识别的目标值，暂按定性目标处理；牵头单位待定");
}

#[test]
fn readings_of_real_document_wording() {
    // 不少于N期/人/课时, 达到X岁/年 (without 以上), X及以上: lower bounds in the count or measure unit.
    for (line, value, unit) in [
        ("每年举办女性职业技能培训不少于4期。", 4.0, "期"),
        ("每年培训农村妇女致富带头人不少于200人。", 200.0, "人"),
        ("中小学校安全教育课每学期不少于8课时。", 8.0, "课时"),
        ("妇女平均预期寿命达到81岁。", 81.0, "岁"),
        ("女性平均受教育年限达到11.5年。", 11.5, "年"),
        ("妇女常见病定期筛查率达到80%及以上。", 80.0, "%"),
    ] {
        let v = inds(line);
        assert_eq!(v.len(), 1, "{line}");
        assert_eq!(brief(&v[0]), (Kind::Min, Some(Op::Ge), Some(value), unit.into()), "{line}");
        assert!(v[0].review.is_empty() || v[0].review == "牵头单位待定", "{line}：{}", v[0].review);
    }
    assert_eq!(inds("每年举办女性职业技能培训不少于4期。")[0].name, "举办女性职业技能培训期数");
    // 年均增长X%: compound from the base year (2025) to the last year (2030), marked.
    let v = inds("农村妇女人均可支配收入年均增长6%以上。");
    assert_eq!(brief(&v[0]), (Kind::Relative, Some(Op::Ge), Some(33.82), "元".into()));
    assert_eq!(v[0].name, "农村妇女人均可支配收入");
    assert!(v[0].review.contains("年均增长6%：请核对按复合增长率计算的目标值"), "{}", v[0].review);
    let v = inds("某病发病率年均下降5%。");
    assert_eq!((v[0].kind, v[0].op, v[0].value), (Kind::Relative, Some(Op::Le), Some(-22.62)));
    // 年均提高N个百分点: N × years, marked.
    let v = inds("具备科学素质的女性比例年均提高0.5个百分点。");
    assert_eq!((v[0].kind, v[0].value, v[0].unit.as_str()), (Kind::Points, Some(2.5), "%"));
    assert!(!v[0].review.is_empty());
    // 实现全覆盖: coverage ≥ 100 %; 应保尽保 (any 应X尽X): ≥ 100 % of the eligible, marked.
    let v = inds("城乡社区儿童之家实现全覆盖。");
    assert_eq!(brief(&v[0]), (Kind::Min, Some(Op::Ge), Some(100.0), "%".into()));
    assert_eq!(v[0].name, "城乡社区儿童之家覆盖率");
    assert!(!v[0].review.contains("全覆盖"), "{}", v[0].review);
    assert!(inds("儿童之家基本实现全覆盖。")[0].review.contains("基本实现全覆盖"));
    for line in ["符合条件的困难妇女实现应保尽保。", "困境儿童做到应助尽助。"] {
        let v = inds(line);
        assert_eq!(brief(&v[0]), (Kind::Min, Some(Op::Ge), Some(100.0), "%".into()), "{line}");
        assert_eq!(v[0].entry, Entry::Rate, "{line}");
        assert!(v[0].review.contains("符合条件"), "{line}：{}", v[0].review);
    }
    assert_eq!(inds("困境儿童做到应助尽助。")[0].name, "困境儿童应助尽助比例");
    // 不低于全市/全省平均水平: relational, marked; the unit from the name.
    let v = inds("困境儿童基本生活保障标准不低于全省平均水平。");
    assert_eq!((v[0].kind, v[0].op, v[0].unit.as_str()), (Kind::Relational, Some(Op::Ge), "元"));
    assert!(v[0].review.contains("全省平均水平"), "{}", v[0].review);
    assert_eq!(v[0].compare_with.as_deref(), Some("全省平均水平"));
    // A calendar year after a verb is not a target; an age that qualifies a group is not either.
    assert_eq!(inds("各年数值不低于2025年。")[0].kind, Kind::Milestone);
    assert_eq!(brief(&inds("5岁以下儿童死亡率降至5‰以下。")[0]), (Kind::Max, Some(Op::Le), Some(5.0), "‰".into()));
}

#[test]
fn summary_message() {
    let s = DraftSummary { plans: 2, domains: 15, goals: 96, lines: 257, indicators: 300, review: 40 };
    assert_eq!(s.message(), "规划 2 部，领域 15 个，主要目标 96 项，目标行 257 条，指标 300 个，其中 40 个需人工核对");
    let e = DraftError::EmptyTargetLine { line: 3 };
    assert_eq!(e.message(), "第 3 行：目标行“——”之后没有文字");
    assert_eq!(e.to_string(), e.message());
    assert_eq!(DraftError::NoTargetLines.line(), None);
}

mod bounded {
    use super::super::targets::{more_targets_than, starts_with_target};
    use crate::parse::parse_target_spans;
    use proptest::prelude::*;

    const PIECES: [&str; 22] = [
        "1%", "达到", "、", "2025年", "１０％", " ", "5/10万", "以上", "名", ".", "3.5", "和", "每所", "2次", "个百分点", "的社区",
        "不少于", "4期", "岁", "年", "　", "及以上",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// The bounded count agrees with parsing the whole clause (it may only miss values, never invent them).
        #[test]
        fn counting_in_windows_agrees_with_parsing(picks in proptest::collection::vec(0usize..PIECES.len(), 300..900), limit in 0usize..40) {
            let clause: String = picks.iter().map(|&k| PIECES[k]).collect();
            let whole = parse_target_spans(&clause).len();
            prop_assert_eq!(more_targets_than(&clause, limit), whole > limit);
            prop_assert_eq!(starts_with_target(&clause), parse_target_spans(&clause).first().is_some_and(|s| s.start == 0));
        }
    }

    #[test]
    fn count_units_after_a_verb_are_counted_with_the_verb_in_view() {
        let long = "不少于   4期、".repeat(300);
        assert_eq!(parse_target_spans(&long).len(), 300);
        assert!(more_targets_than(&long, 26) && !more_targets_than(&long, 300));
        // Without the verb a count unit is a qualifier ("5岁以下儿童"), so nothing is counted.
        assert!(!more_targets_than(&"5岁以下儿童、".repeat(300), 0));
    }

    #[test]
    fn short_clauses_are_left_to_the_parser() {
        assert!(!more_targets_than("1%、2%、3%", 1));
        let long = "1%、".repeat(400);
        assert!(more_targets_than(&long, 26) && !more_targets_than(&long, 400));
    }
}
