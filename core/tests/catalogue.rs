//! The embedded catalogue against the plan text: every "——" target line of both plans is in the catalogue
//! verbatim, exactly once, with ids that follow the plan's structure. The plan text is parsed here
//! independently of the catalogue (and of the throwaway script that produced its first draft).

use lishu_core::catalogue::{Catalogue, Plan, CATALOGUE_JSON, PLAN_TEXT};
use std::collections::{BTreeMap, BTreeSet};

/// A target line as read from the plan text.
#[derive(Debug, Clone, PartialEq)]
struct SourceLine {
    plan: char,
    domain: u32,
    goal: u32,
    number: u32,
    /// Trimmed source text without "——", continuation lines joined.
    text: String,
    /// 1-based line number in plan.txt where the target starts.
    at: usize,
}

#[derive(Debug, Default)]
struct Source {
    /// (id, name) of every domain.
    domains: Vec<(String, String)>,
    /// (id, verbatim goal text without the number).
    goals: Vec<(String, String)>,
    lines: Vec<SourceLine>,
}

impl SourceLine {
    fn id(&self) -> String {
        format!("{}{}-{}-{}", self.plan, self.domain, self.goal, self.number)
    }
}

const CN_NUMS: [char; 8] = ['一', '二', '三', '四', '五', '六', '七', '八'];

/// Whitespace-free form used to compare texts.
fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// "（三）妇女与经济" → (3, "妇女与经济").
fn domain_heading(s: &str) -> Option<(u32, String)> {
    let rest = s.strip_prefix('（')?;
    let mut chars = rest.chars();
    let n = chars.next()?;
    let pos = CN_NUMS.iter().position(|&c| c == n)?;
    let name = chars.as_str().strip_prefix('）')?.trim();
    if name.is_empty() || name.chars().count() > 12 {
        return None; // a numbered paragraph of 组织实施, not a domain heading
    }
    Some((pos as u32 + 1, name.to_string()))
}

/// "12.提高…" → (12, "提高…").
fn numbered(s: &str) -> Option<(u32, String)> {
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return None;
    }
    let rest = s[digits.len()..].strip_prefix('.')?;
    Some((digits.parse().ok()?, rest.trim().to_string()))
}

fn parse_plan(text: &str) -> Source {
    let mut src = Source::default();
    let mut plan: Option<char> = None;
    let (mut in_domains, mut in_goals) = (false, false);
    let (mut domain, mut goal) = (0u32, 0u32);
    for (i, raw) in text.lines().enumerate() {
        let s = raw.trim();
        match s {
            "梨树区妇女发展规划（2021-2025年）" => plan = Some('W'),
            "梨树区儿童发展规划（2021-2025年）" => plan = Some('C'),
            _ => {}
        }
        if s.starts_with("二、发展领域") {
            in_domains = true;
            continue;
        }
        if s.starts_with("三、组织实施") {
            in_domains = false;
            in_goals = false;
            continue;
        }
        let Some(p) = plan else { continue };
        if !in_domains || s.is_empty() {
            continue;
        }
        if let Some((n, name)) = domain_heading(s) {
            domain = n;
            in_goals = false;
            src.domains.push((format!("{p}{n}"), name));
            continue;
        }
        if s.starts_with("主要目标") {
            in_goals = true;
            continue;
        }
        if s.starts_with("策略措施") {
            in_goals = false;
            continue;
        }
        if !in_goals {
            continue;
        }
        if let Some(t) = s.strip_prefix("——") {
            let number = src.lines.iter().filter(|l| l.plan == p && l.domain == domain && l.goal == goal).count() as u32 + 1;
            src.lines.push(SourceLine { plan: p, domain, goal, number, text: t.trim().to_string(), at: i + 1 });
        } else if let Some((n, t)) = numbered(s) {
            goal = n;
            src.goals.push((format!("{p}{domain}-{n}"), t));
        } else {
            // A target line broken across text lines: join the continuation.
            let last = src.lines.last_mut().unwrap_or_else(|| panic!("plan.txt 第{}行：目标行之前出现续行", i + 1));
            last.text.push_str(s);
        }
    }
    src
}

fn catalogue() -> &'static Catalogue {
    Catalogue::embedded()
}

/// Every difference between the plan text and a catalogue (empty = the catalogue covers the plan exactly).
fn coverage_errors(src: &Source, cat: &Catalogue) -> Vec<String> {
    let mut errors = Vec::new();
    let by_id: BTreeMap<&str, &str> = cat.lines.iter().map(|l| (l.id.as_str(), l.text.as_str())).collect();
    for sl in &src.lines {
        match by_id.get(sl.id().as_str()) {
            None => errors.push(format!("{}（plan.txt 第{}行）不在目录中：{}", sl.id(), sl.at, sl.text)),
            Some(text) if *text != sl.text => {
                errors.push(format!("{}（plan.txt 第{}行）文字不一致：目录「{}」原文「{}」", sl.id(), sl.at, text, sl.text))
            }
            Some(_) => {}
        }
    }
    let src_ids: BTreeSet<String> = src.lines.iter().map(SourceLine::id).collect();
    for l in &cat.lines {
        if !src_ids.contains(&l.id) {
            errors.push(format!("目录中的 {} 在原文中不存在：{}", l.id, l.text));
        }
    }
    // Verbatim up to whitespace, exactly once: as many catalogue lines carry a text as the plan has.
    let mut want: BTreeMap<String, usize> = BTreeMap::new();
    for sl in &src.lines {
        *want.entry(norm(&sl.text)).or_default() += 1;
    }
    let mut have: BTreeMap<String, usize> = BTreeMap::new();
    for l in &cat.lines {
        *have.entry(norm(&l.text)).or_default() += 1;
    }
    if want != have {
        for (t, n) in &want {
            let h = have.get(t).copied().unwrap_or(0);
            if h != *n {
                errors.push(format!("原文出现{n}次、目录出现{h}次：{t}"));
            }
        }
        for (t, h) in &have {
            if !want.contains_key(t) {
                errors.push(format!("目录出现{h}次、原文没有：{t}"));
            }
        }
    }
    errors
}

#[test]
fn embedded_catalogue_parses() {
    let cat = Catalogue::from_json(CATALOGUE_JSON).expect("内置目录应能解析");
    assert_eq!(cat.version, "2022-09-26.1");
    assert_eq!(&cat, catalogue());
    let d = &cat.defaults;
    assert!(d.approx_band > 0.0 && d.balance_low < 50.0 && d.balance_high > 50.0 && d.balance_low < d.balance_high);
}

#[test]
fn plan_text_structure_is_as_published() {
    let src = parse_plan(PLAN_TEXT);
    assert_eq!(src.lines.len(), 257, "原文目标行数");
    assert_eq!(PLAN_TEXT.lines().filter(|l| l.trim_start().starts_with("——")).count(), 257);
    assert_eq!(src.goals.len(), 96, "原文主要目标数");
    assert_eq!(src.domains.len(), 15);
    assert_eq!(src.domains.iter().filter(|(id, _)| id.starts_with('W')).count(), 8);
    // The one broken target line is joined.
    let joined = src.lines.iter().find(|l| l.id() == "C5-2-2").expect("C5-2-2");
    assert_eq!(norm(&joined.text), "90%的城市社区和80%的农村社区（村）建立家长学校或家庭教育指导服务站点。");
}

#[test]
fn every_plan_line_is_in_the_catalogue_verbatim_and_vice_versa() {
    let src = parse_plan(PLAN_TEXT);
    let errors = coverage_errors(&src, catalogue());
    assert!(errors.is_empty(), "目录与原文不一致：\n{}", errors.join("\n"));
    assert_eq!(catalogue().lines.len(), 257);
}

#[test]
fn coverage_check_detects_a_changed_missing_or_extra_line() {
    let src = parse_plan(PLAN_TEXT);
    let mut cat = catalogue().clone();
    cat.lines[5].text.push('X');
    assert!(!coverage_errors(&src, &cat).is_empty());
    let mut cat = catalogue().clone();
    cat.lines.remove(100);
    assert!(!coverage_errors(&src, &cat).is_empty());
    let mut cat = catalogue().clone();
    let mut extra = cat.lines[0].clone();
    extra.id = "W1-1-9".into();
    cat.lines.push(extra);
    assert!(!coverage_errors(&src, &cat).is_empty());
}

#[test]
fn domains_and_goals_match_the_text() {
    let src = parse_plan(PLAN_TEXT);
    let cat = catalogue();
    assert_eq!(cat.domains.len(), 15);
    assert_eq!(cat.domains_of(Plan::Women).count(), 8);
    assert_eq!(cat.domains_of(Plan::Children).count(), 7);
    let got: Vec<(String, String)> = cat.domains.iter().map(|d| (d.id.clone(), d.name.clone())).collect();
    assert_eq!(got, src.domains);
    let shorts: Vec<&str> = cat.domains.iter().map(|d| d.short.as_str()).collect();
    assert_eq!(
        shorts,
        [
            "健康", "教育", "经济", "参与决策和管理", "社会保障", "家庭建设", "环境", "法律", //
            "健康", "安全", "教育", "福利", "家庭", "环境", "法律保护"
        ]
    );
    for d in &cat.domains {
        assert!(d.name.ends_with(&d.short), "{} 简称应取自全称", d.id);
        assert_eq!(d.id, format!("{}{}", d.plan.letter(), d.number));
    }
    assert_eq!(cat.goals.len(), 96);
    let got: Vec<(String, String)> = cat.goals.iter().map(|g| (g.id.clone(), g.text.clone())).collect();
    assert_eq!(got, src.goals);
}

#[test]
fn line_counts_per_plan_domain_and_goal_match_the_text() {
    let src = parse_plan(PLAN_TEXT);
    let cat = catalogue();
    let mut want: BTreeMap<String, usize> = BTreeMap::new();
    for sl in &src.lines {
        *want.entry(sl.plan.to_string()).or_default() += 1;
        *want.entry(format!("{}{}", sl.plan, sl.domain)).or_default() += 1;
        *want.entry(format!("{}{}-{}", sl.plan, sl.domain, sl.goal)).or_default() += 1;
    }
    let mut have: BTreeMap<String, usize> = BTreeMap::new();
    for d in &cat.domains {
        for g in cat.goals_of(&d.id) {
            let n = cat.lines_of(&g.id).count();
            *have.entry(d.plan.letter().to_string()).or_default() += n;
            *have.entry(d.id.clone()).or_default() += n;
            *have.entry(g.id.clone()).or_default() += n;
        }
    }
    assert_eq!(have, want);
    assert_eq!(want.get("W"), Some(&132));
    assert_eq!(want.get("C"), Some(&125));
}

#[test]
fn ids_are_unique_well_formed_and_hierarchical() {
    let cat = catalogue();
    let mut seen = BTreeSet::new();
    for d in &cat.domains {
        assert!(seen.insert(d.id.clone()), "重复编号 {}", d.id);
    }
    for g in &cat.goals {
        assert!(seen.insert(g.id.clone()), "重复编号 {}", g.id);
        assert!(cat.domain(&g.domain).is_some(), "{} 的领域 {} 不存在", g.id, g.domain);
        assert_eq!(g.id, format!("{}-{}", g.domain, g.number));
        assert!(!g.text.is_empty());
    }
    for l in &cat.lines {
        assert!(seen.insert(l.id.clone()), "重复编号 {}", l.id);
        assert!(cat.goal(&l.goal).is_some(), "{} 的目标 {} 不存在", l.id, l.goal);
        assert_eq!(l.id, format!("{}-{}", l.goal, l.number));
        assert!(!l.indicators.is_empty(), "{} 没有指标", l.id);
        if l.indicators.len() == 1 {
            assert_eq!(l.indicators[0].id, l.id, "单一指标的编号应等于目标行编号");
        } else {
            for (k, ind) in l.indicators.iter().enumerate() {
                let letter = (b'a' + k as u8) as char;
                assert_eq!(ind.id, format!("{}{}", l.id, letter), "拆分指标应按 a、b、c… 编号");
            }
        }
        for ind in &l.indicators {
            assert!(seen.insert(ind.id.clone()) || ind.id == l.id, "重复指标编号 {}", ind.id);
            assert!(ind.id.starts_with(&l.id));
            assert!(!ind.clause.is_empty() && l.text.contains(&ind.clause), "{} 的 clause 不是原文的一部分：{}", ind.id, ind.clause);
            assert!(!ind.name.trim().is_empty(), "{} 缺少名称", ind.id);
        }
    }
    // Numbers within a goal / domain are 1..n without gaps.
    for d in &cat.domains {
        let nums: Vec<u32> = cat.goals_of(&d.id).map(|g| g.number).collect();
        assert_eq!(nums, (1..=nums.len() as u32).collect::<Vec<_>>(), "{} 目标编号", d.id);
        for g in cat.goals_of(&d.id) {
            let nums: Vec<u32> = cat.lines_of(&g.id).map(|l| l.number).collect();
            assert_eq!(nums, (1..=nums.len() as u32).collect::<Vec<_>>(), "{} 目标行编号", g.id);
        }
    }
    // The index sees every indicator exactly once.
    let n: usize = cat.lines.iter().map(|l| l.indicators.len()).sum();
    assert_eq!(cat.index().len(), n);
    assert_eq!(cat.indicators().len(), n);
}

#[test]
fn duplicate_texts_across_plans_are_separate_lines() {
    let cat = catalogue();
    let same: Vec<&str> = cat
        .lines
        .iter()
        .filter(|l| l.text == "区设置1 所政府举办、标准化的妇幼保健机构。")
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(same, ["W1-1-1", "C1-1-1"]);
}

#[test]
fn indicator_lookup_agrees_with_the_full_list() {
    let cat = catalogue();
    let all = cat.indicators();
    assert_eq!(all.len(), 297);
    for r in &all {
        let one = cat.indicator(&r.indicator.id).expect("found by id");
        assert_eq!(one.indicator.id, r.indicator.id);
        assert_eq!(one.line.id, r.line.id);
        assert_eq!(one.goal.id, r.goal.id);
        assert_eq!(one.domain.id, r.domain.id);
        assert!(r.indicator.id.starts_with(&r.line.id) && r.line.id.starts_with(&r.goal.id));
        assert!(r.goal.id.starts_with(&r.domain.id));
    }
    assert!(cat.indicator("X9-9-9").is_none());
}
