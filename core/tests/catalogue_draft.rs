//! `catalogue draft` against the hand-checked catalogue (same structure, ≥ 90 % of the indicators classified
//! alike), against a made-up county's 2026–2030 plan written with newer wording, and under mutated input.

use lishu_core::catalogue::check::{check_catalogue, review_marks};
use lishu_core::catalogue::draft::{draft_catalogue, draft_toml, Draft, DraftError, DraftOptions, DraftOutcome, DraftRequest, MAX_PLAN_TEXT_BYTES};
use lishu_core::catalogue::file::MAX_CATALOGUE_BYTES;
use lishu_core::catalogue::file::read_catalogue;
use lishu_core::catalogue::{Catalogue, Direction, Entry, Indicator, Kind, Op, Period, Plan, PLAN_TEXT};
use std::collections::BTreeMap;

const COUNTY_PLAN: &str = include_str!("fixtures/county-2026-2030-plan.txt");
const COUNTY_TOML: &str = include_str!("fixtures/county-2026-2030.toml");

fn draft(text: &str) -> Draft {
    match draft_catalogue(text, &DraftOptions::default()) {
        Ok(d) => d,
        Err(e) => panic!("draft failed: {:?}", e.iter().map(|x| x.message()).collect::<Vec<_>>()),
    }
}

fn check_messages(cat: &Catalogue) -> Vec<String> {
    check_catalogue(cat).iter().map(|e| e.message()).collect()
}

// ---------- the Lishu plan ----------

#[test]
fn lishu_structure_is_reproduced_exactly() {
    let d = draft(PLAN_TEXT);
    let (c, e) = (&d.catalogue, Catalogue::embedded());
    assert_eq!(check_messages(c), Vec::<String>::new());
    assert_eq!((d.summary.plans, d.summary.domains, d.summary.goals, d.summary.lines), (2, 15, 96, 257));
    assert_eq!(c.region, "梨树区");
    assert_eq!(c.period, Period { base: 2020, first: 2021, last: 2025, midterm: 2023 });
    assert_eq!(c.period, e.period);
    assert_eq!((c.authority.as_str(), c.issued.as_str()), (e.authority.as_str(), e.issued.as_str()));
    assert_eq!(c.title, e.title);
    assert_eq!((c.id.as_str(), c.version.as_str()), ("draft-2021-2025", "2022-09-26.draft"));
    let plans = |c: &Catalogue| c.plans.iter().map(|p| (p.plan, p.title.clone(), p.short.clone())).collect::<Vec<_>>();
    assert_eq!(plans(c), plans(e));
    let domains = |c: &Catalogue| c.domains.iter().map(|d| (d.id.clone(), d.plan, d.number, d.name.clone(), d.short.clone())).collect::<Vec<_>>();
    assert_eq!(domains(c), domains(e));
    assert_eq!(c.goals, e.goals);
    let lines = |c: &Catalogue| c.lines.iter().map(|l| (l.id.clone(), l.goal.clone(), l.number, l.text.clone())).collect::<Vec<_>>();
    assert_eq!(lines(c), lines(e));
    assert_eq!(c.defaults, e.defaults);
    for l in &c.lines {
        for i in &l.indicators {
            assert!(l.text.contains(&i.clause), "{}：clause 不是原文的一部分：{}", i.id, i.clause);
        }
    }
    assert_eq!(d.summary.review, review_marks(c).len());
    assert!(d.summary.message().starts_with("规划 2 部，领域 15 个，主要目标 96 项，目标行 257 条，指标 "), "{}", d.summary.message());
}

fn target(i: &Indicator) -> (Kind, Option<Op>, Option<f64>, &str) {
    (i.kind, i.op, i.value, i.unit.as_str())
}

/// Agreement of kind/op/value/unit with the hand-checked catalogue; an indicator missing from the draft (split
/// differently) is a disagreement. Returns (agreeing, total, differences).
fn agreement(draft: &Catalogue, curated: &Catalogue) -> (usize, usize, Vec<String>) {
    let drafted: BTreeMap<&str, &Indicator> =
        draft.lines.iter().flat_map(|l| l.indicators.iter()).map(|i| (i.id.as_str(), i)).collect();
    let mut same = 0;
    let mut diffs = Vec::new();
    let all: Vec<&Indicator> = curated.lines.iter().flat_map(|l| l.indicators.iter()).collect();
    for want in &all {
        match drafted.get(want.id.as_str()) {
            None => diffs.push(format!("{}：草稿中没有（拆分不同）「{}」", want.id, want.clause)),
            Some(got) if target(got) == target(want) => same += 1,
            Some(got) => diffs.push(format!(
                "{}：目录 {:?}，草稿 {:?}「{}」",
                want.id,
                target(want),
                target(got),
                got.clause
            )),
        }
    }
    (same, all.len(), diffs)
}

#[test]
fn lishu_classification_agrees_with_the_curated_catalogue() {
    let d = draft(PLAN_TEXT);
    let (same, total, diffs) = agreement(&d.catalogue, Catalogue::embedded());
    let pct = same as f64 * 100.0 / total as f64;
    println!("类型/比较符/目标值/单位 一致 {same} / {total}（{pct:.1}%）");
    for x in &diffs {
        println!("  {x}");
    }
    // Lead units: informational.
    let idx = Catalogue::embedded().index();
    let lead = d.catalogue.indicators().iter().filter(|r| idx.get(r.indicator.id.as_str()).is_some_and(|w| w.indicator.lead_unit == r.indicator.lead_unit)).count();
    println!("牵头单位一致 {lead} / {total}；{}", d.summary.message());
    assert!(pct >= 90.0, "一致率 {pct:.1}% 低于 90%");
    assert_eq!(same + diffs.len(), total);
}

#[test]
fn agreement_detects_differences() {
    let d = draft(PLAN_TEXT);
    let (same, total, _) = agreement(&d.catalogue, Catalogue::embedded());
    let mut worse = d.catalogue.clone();
    let line = worse.lines.iter_mut().find(|l| l.id == "W1-4-2").expect("W1-4-2");
    line.indicators[0].value = Some(15.0);
    let (same2, _, diffs) = agreement(&worse, Catalogue::embedded());
    assert_eq!(same2 + 1, same, "a changed value is a disagreement");
    assert!(diffs.iter().any(|x| x.starts_with("W1-4-2：")));
    let mut fewer = d.catalogue.clone();
    fewer.lines.retain(|l| l.id != "C1-3-1");
    let (same3, total3, diffs) = agreement(&fewer, Catalogue::embedded());
    assert_eq!(total3, total);
    assert!(same3 < same && diffs.iter().any(|x| x.starts_with("C1-3-1a：草稿中没有")));
}

#[test]
fn the_draft_toml_reads_back_with_its_review_marks() {
    let d = draft(PLAN_TEXT);
    let text = draft_toml(&d).expect("writes");
    assert!(text.starts_with("# 梨树区妇女儿童发展规划（2021-2025年）目标目录草稿"), "{}", &text[..200]);
    assert!(text.contains(&d.summary.message()));
    assert!(text.contains("搜索“review = ”"));
    let back = read_catalogue(text.as_bytes()).unwrap_or_else(|e| panic!("{:?}", e.iter().map(|x| x.message()).collect::<Vec<_>>()));
    assert_eq!(back, d.catalogue);
    assert_eq!(text.matches("\nreview = ").count(), d.summary.review);
}

// ---------- a made-up county, 2026–2030 ----------

fn ind<'a>(c: &'a Catalogue, id: &str) -> &'a Indicator {
    match c.indicator(id) {
        Some(r) => r.indicator,
        None => panic!("缺少指标 {id}；有：{:?}", c.indicators().iter().map(|r| r.indicator.id.clone()).collect::<Vec<_>>()),
    }
}

#[test]
fn county_plan_is_drafted_with_the_new_wording() {
    let d = draft(COUNTY_PLAN);
    let c = &d.catalogue;
    assert_eq!(check_messages(c), Vec::<String>::new());
    assert_eq!(c.region, "青山县");
    assert_eq!(c.authority, "青山县人民政府");
    assert_eq!(c.issued, "2026-03-01");
    assert_eq!(c.period, Period { base: 2025, first: 2026, last: 2030, midterm: 2028 });
    assert_eq!(c.title, "青山县妇女儿童发展规划（2026-2030年）");
    assert_eq!(c.plans.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), ["青山县妇女发展规划（2026—2030年）", "青山县儿童发展规划（2026—2030年）"]);
    assert_eq!((d.summary.plans, d.summary.domains, d.summary.goals, d.summary.lines), (2, 6, 10, 27));
    assert_eq!(c.domains.iter().map(|d| d.short.as_str()).collect::<Vec<_>>(), ["健康", "参与决策和管理", "教育", "健康", "安全", "家庭"]);
    // Lead units carry the county prefix.
    assert!(c.indicators().iter().all(|r| r.indicator.lead_unit.is_empty() || r.indicator.lead_unit.starts_with('县') || r.indicator.lead_unit.starts_with("团县")));

    // Hedge: 力争 is stripped, the target stays, the note says so.
    let i = ind(c, "W1-1-2");
    assert_eq!(target(i), (Kind::Max, Some(Op::Le), Some(10.0), "/10万"));
    assert_eq!((i.entry, i.numerator.as_deref(), i.denominator.as_deref()), (Entry::Rate, Some("孕产妇死亡人数"), Some("活产数")));
    assert!(i.interpretation.contains("力争"));
    // 分别: two indicators with their own values.
    assert_eq!(target(ind(c, "W1-2-1a")), (Kind::Min, Some(Op::Ge), Some(70.0), "%"));
    assert_eq!(target(ind(c, "W1-2-1b")), (Kind::Min, Some(Op::Ge), Some(65.0), "%"));
    // Percentage points: 每年…N个百分点 → points_per_year, 提高N个百分点 → points (the year not written: marked).
    for (id, kind, dir, value, words) in [
        ("W1-2-2", Kind::PointsPerYear, Direction::Down, -1.0, "每年下降1个百分点"),
        ("W2-1-2", Kind::Points, Direction::Up, 3.0, "提高3个百分点"),
        ("C1-2-2", Kind::PointsPerYear, Direction::Down, -0.5, "每年下降0.5个百分点"),
    ] {
        let i = ind(c, id);
        assert_eq!((i.kind, i.direction, i.op, i.value, i.unit.as_str()), (kind, dir, None, Some(value), "%"), "{id}");
        assert!(i.interpretation.contains(words), "{id}: {}", i.interpretation);
        assert_eq!(i.review.contains("原文未写明与哪一年相比"), kind == Kind::Points, "{id}: {}", i.review);
    }
    // 比2025年提高10%, 以2025年为基数下降15%: relative to the base year.
    assert_eq!(target(ind(c, "W1-3-1")), (Kind::Relative, Some(Op::Ge), Some(10.0), "%"));
    let i = ind(c, "C2-1-1");
    assert_eq!(target(i), (Kind::Relative, Some(Op::Le), Some(-15.0), "/10万"));
    assert!(i.review.is_empty() || !i.review.contains("基数年"), "{}", i.review);
    // Directional wording.
    assert_eq!(ind(c, "W1-3-2a").direction, Direction::SlowRise);
    assert_eq!(ind(c, "W2-1-3").direction, Direction::HoldUp);
    assert_eq!((ind(c, "C2-1-2").kind, ind(c, "C2-1-2").direction), (Kind::Directional, Direction::Down));
    // Approx and balance.
    let i = ind(c, "W2-1-1");
    assert_eq!(target(i), (Kind::Approx, Some(Op::Approx), Some(45.0), "%"));
    assert!(i.every_year && i.entry == Entry::FemaleMale);
    assert_eq!(ind(c, "W3-1-1").kind, Kind::Balance);
    // Per-body counts with their bodies; relational; a compound line of two clauses.
    let i = ind(c, "W2-2-1");
    assert_eq!(target(i), (Kind::CountPerBody, Some(Op::Ge), Some(1.0), "名"));
    assert_eq!(i.bodies, ["县级党委领导班子", "县级人大领导班子", "县级政府领导班子", "县级政协领导班子"]);
    assert_eq!(i.lead_unit, "县委组织部");
    assert_eq!(ind(c, "W2-2-2").kind, Kind::Relational);
    assert_eq!(target(ind(c, "W2-2-3a")), (Kind::Min, Some(Op::Ge), Some(35.0), "%"));
    assert_eq!(ind(c, "W2-2-3b").direction, Direction::Up);
    // 均: the one value applies to each measure.
    for id in ["W3-1-3a", "W3-1-3b"] {
        let i = ind(c, id);
        assert_eq!(target(i), (Kind::Min, Some(Op::Ge), Some(95.0), "%"), "{id}");
        assert!(i.every_year);
    }
    // A line broken across two text lines is joined and split into its two values.
    let l = c.lines.iter().find(|l| l.id == "C3-1-1").expect("C3-1-1");
    assert_eq!(l.text, "90%的城市社区和85%的农村社区（村）建立家长学校或家庭教育指导服务站点。");
    assert_eq!(target(ind(c, "C3-1-1b")), (Kind::Min, Some(Op::Ge), Some(85.0), "%"));
    // Milestone.
    let i = ind(c, "W1-3-3");
    assert_eq!((i.kind, i.entry), (Kind::Milestone, Entry::Milestone));
    // Children's per-body count and newborn rates.
    assert_eq!(target(ind(c, "C1-2-1")), (Kind::CountPerBody, Some(Op::Ge), Some(2.0), "名"));
    assert_eq!(target(ind(c, "C1-1-1a")), (Kind::Max, Some(Op::Le), Some(4.0), "‰"));
    assert_eq!(target(ind(c, "C1-1-2b")), (Kind::Max, Some(Op::Le), Some(2.5), "‰"));
}

#[test]
fn reviewed_county_catalogue_is_a_valid_small_catalogue() {
    let c = read_catalogue(COUNTY_TOML.as_bytes()).unwrap_or_else(|e| panic!("{:?}", e.iter().map(|x| x.message()).collect::<Vec<_>>()));
    assert_eq!(check_messages(&c), Vec::<String>::new());
    assert!(review_marks(&c).is_empty(), "核对后的目录不应留有 review：{:?}", review_marks(&c));
    assert_eq!((c.id.as_str(), c.version.as_str(), c.region.as_str()), ("qingshan-2026-2030", "2026-03-01.1", "青山县"));
    assert_eq!(c.period, Period { base: 2025, first: 2026, last: 2030, midterm: 2028 });
    assert_eq!(c.plans.iter().map(|p| p.plan).collect::<Vec<_>>(), [Plan::Women, Plan::Children]);
    for kind in [
        Kind::Min,
        Kind::Max,
        Kind::Approx,
        Kind::Relative,
        Kind::CountPerBody,
        Kind::Directional,
        Kind::Relational,
        Kind::Balance,
        Kind::Milestone,
    ] {
        assert!(c.indicators().iter().any(|r| r.indicator.kind == kind), "缺少类型 {kind:?}");
    }
    for entry in [Entry::Value, Entry::Rate, Entry::FemaleMale, Entry::PerBody, Entry::Milestone] {
        assert!(c.indicators().iter().any(|r| r.indicator.entry == entry), "缺少填报方式 {entry:?}");
    }
    for r in c.indicators() {
        let i = r.indicator;
        assert!(!i.lead_unit.is_empty(), "{} 缺少牵头单位", i.id);
        assert!(r.line.text.contains(&i.clause), "{}", i.id);
        if i.entry == Entry::Rate {
            assert!(i.numerator.is_some() && i.denominator.is_some() && i.scale.is_some(), "{}", i.id);
        }
    }
    // The reviewed catalogue keeps the draft's structure (same ids and texts as drafted from the plan text).
    let d = draft(COUNTY_PLAN);
    let lines = |c: &Catalogue| c.lines.iter().map(|l| (l.id.clone(), l.text.clone())).collect::<Vec<_>>();
    assert_eq!(lines(&c), lines(&d.catalogue));
    assert_eq!(c.goals, d.catalogue.goals);
}

// ---------- mutated input ----------
// ---------- limits and long lines (issue 23: bounded input, bounded work, nothing written that the check refuses) ----------

/// The Lishu plan with its first target line (W1-1-1) replaced by `line`.
fn with_first_line(line: &str) -> String {
    let mut done = false;
    PLAN_TEXT
        .lines()
        .map(|l| {
            if !done && l.trim_start().starts_with("——") {
                done = true;
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn first_line_of(text: &str) -> Vec<Indicator> {
    let d = draft(text);
    d.catalogue.lines.iter().find(|l| l.id == "W1-1-1").map(|l| l.indicators.clone()).unwrap_or_default()
}

fn respectively(n: usize) -> String {
    let names: Vec<String> = (1..=n).map(|k| format!("第{k}类人群筛查率")).collect();
    let values: Vec<String> = (1..=n).map(|k| format!("{}%", k % 100)).collect();
    format!("——{}分别达到{}以上。", names.join("、"), values.join("、"))
}

#[test]
fn a_line_is_split_into_at_most_26_indicators_else_one_milestone_for_review() {
    let v = first_line_of(&with_first_line(&respectively(26)));
    assert_eq!(v.len(), 26);
    assert_eq!((v[0].id.as_str(), v[25].id.as_str()), ("W1-1-1a", "W1-1-1z"));
    assert!(v.iter().all(|i| i.kind == Kind::Min), "{v:?}");
    for text in [
        respectively(27),
        respectively(800),
        format!("——{}建立服务站点。", (1..=800).map(|k| format!("{}%的第{k}类社区", k % 100)).collect::<Vec<_>>().join("和")),
        format!("——{}。", (1..=800).map(|k| format!("第{k}类人群筛查率达到{}%以上", k % 100)).collect::<Vec<_>>().join("，")),
        format!("——{}均达到90%以上。", (1..=800).map(|k| format!("第{k}类筛查率")).collect::<Vec<_>>().join("、")),
        format!("——{}下降。", (1..=800).map(|k| format!("第{k}类患病率")).collect::<Vec<_>>().join("、")),
    ] {
        let v = first_line_of(&with_first_line(&text));
        assert_eq!(v.len(), 1, "{}", &text[..60]);
        assert_eq!((v[0].kind, v[0].id.as_str()), (Kind::Milestone, "W1-1-1"));
        assert!(v[0].review.contains("目标行过于复杂或无法拆分，请人工拆分"), "{}", v[0].review);
    }
    // Many qualitative clauses are one milestone, not too many.
    let v = first_line_of(&with_first_line(&format!("——{}。", "服务体系建立健全，".repeat(3000))));
    assert_eq!((v.len(), v[0].kind), (1, Kind::Milestone));
    assert!(!v[0].review.contains("目标行过于复杂"), "{}", v[0].review);
}

#[test]
fn a_text_over_the_limit_is_refused_naming_the_limit() {
    let mut text = PLAN_TEXT.to_string();
    while text.len() <= MAX_PLAN_TEXT_BYTES {
        text.push_str("策略措施的说明文字。\n");
    }
    let e = draft_catalogue(&text, &DraftOptions::default()).expect_err("too large");
    assert!(matches!(e[..], [DraftError::TextTooLarge { limit: MAX_PLAN_TEXT_BYTES, .. }]), "{e:?}");
    let limit_mb = format!("{:.1} MB", MAX_PLAN_TEXT_BYTES as f64 / 1_048_576.0);
    assert!(e[0].message().contains(&format!("超过 {limit_mb} 上限")), "{}", e[0]);
    // Just under the limit it drafts.
    text.truncate(PLAN_TEXT.len());
    assert!(draft_catalogue(&text, &DraftOptions::default()).is_ok());
}

#[test]
fn a_draft_over_the_catalogue_file_limit_is_refused_not_written() {
    // Every target line 25 times: a valid draft whose file exceeds what reading a catalogue accepts.
    let text: String = PLAN_TEXT
        .lines()
        .flat_map(|l| std::iter::repeat_n(l, if l.trim_start().starts_with("——") { 25 } else { 1 }))
        .map(|l| format!("{l}\n"))
        .collect();
    let d = draft(&text);
    assert_eq!(check_messages(&d.catalogue), Vec::<String>::new());
    let e = match draft_toml(&d) {
        Ok(toml) => panic!("a {} byte draft was written", toml.len()),
        Err(e) => e,
    };
    let DraftError::TooLarge { bytes, limit } = e else { panic!("{e:?}") };
    assert!(bytes > MAX_CATALOGUE_BYTES && limit == MAX_CATALOGUE_BYTES);
    assert!(e.message().contains(&format!("超过目标目录文件 {:.1} MB 的上限", MAX_CATALOGUE_BYTES as f64 / 1_048_576.0)), "{e}");
    // The browser's outcome carries the message and no file.
    let out = DraftOutcome::of(&DraftRequest { text, options: DraftOptions::default() });
    assert!(out.toml.is_empty() && out.catalogue.is_none());
    assert_eq!(out.errors, vec![e.message()]);
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Edit {
        Cut(usize, usize),
        Duplicate(usize),
        Bytes(usize, Vec<u8>),
        Swap(usize, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), 1usize..40).prop_map(|(a, n)| Edit::Cut(a, n)),
            any::<usize>().prop_map(Edit::Duplicate),
            (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..24)).prop_map(|(a, b)| Edit::Bytes(a, b)),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        ]
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for e in edits {
            if lines.is_empty() {
                break;
            }
            let n = lines.len();
            match e {
                Edit::Cut(a, k) => {
                    let a = a % n;
                    let b = (a + k).min(n);
                    lines.drain(a..b);
                }
                Edit::Duplicate(a) => {
                    let l = lines[a % n].clone();
                    lines.insert(a % n, l);
                }
                Edit::Bytes(a, bytes) => {
                    let l = &mut lines[a % n];
                    let mut raw = l.clone().into_bytes();
                    let at = (a / n.max(1)) % (raw.len() + 1);
                    raw.splice(at..at, bytes.iter().copied());
                    *l = String::from_utf8_lossy(&raw).into_owned();
                }
                Edit::Swap(a, b) => lines.swap(a % n, b % n),
            }
        }
        lines.join("\n")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn mutated_plans_never_panic_and_drafts_always_pass_the_check(
            which in 0usize..2,
            edits in proptest::collection::vec(edit(), 1..6),
        ) {
            let base = if which == 0 { PLAN_TEXT } else { COUNTY_PLAN };
            let text = apply(base, &edits);
            match draft_catalogue(&text, &DraftOptions::default()) {
                Ok(d) => {
                    prop_assert_eq!(check_messages(&d.catalogue), Vec::<String>::new());
                    for l in &d.catalogue.lines {
                        for i in &l.indicators {
                            prop_assert!(l.text.contains(&i.clause));
                        }
                    }
                    let toml = draft_toml(&d).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert!(read_catalogue(toml.as_bytes()).is_ok());
                }
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    for e in &errors {
                        prop_assert!(!e.what().is_empty());
                    }
                }
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
            let _ = draft_catalogue(&s, &DraftOptions::default());
        }
    }

    #[test]
    fn bad_input_gives_chinese_errors_with_lines() {
        let e = draft_catalogue("随便一段文字\n没有标题", &DraftOptions::default()).expect_err("no title");
        assert!(e[0].message().contains("未找到规划标题"));
        let no_lines: String = PLAN_TEXT.lines().filter(|l| !l.trim_start().starts_with("——")).collect::<Vec<_>>().join("\n");
        let e = draft_catalogue(&no_lines, &DraftOptions::default()).expect_err("no target lines");
        assert!(e.iter().any(|x| x.message().contains("未找到任何目标行")), "{e:?}");
        let bad_years = PLAN_TEXT.replace("梨树区儿童发展规划（2021-2025年）\n", "梨树区儿童发展规划（2021-2026年）\n");
        let e = draft_catalogue(&bad_years, &DraftOptions::default()).expect_err("periods differ");
        assert!(e.iter().any(|x| x.line().is_some() && x.message().contains("规划期与第")), "{e:?}");
    }
}
