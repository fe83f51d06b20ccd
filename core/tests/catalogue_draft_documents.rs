//! Drafting from a real document's text (issue 26 item 4): a made-up county's 2026–2030 plans as copied out of a
//! PDF — a title broken over two lines, a document number, page footers, lines broken mid-sentence, full-width
//! digits and punctuation, ideographic spaces, "（此件公开发布）", numbering and dash variants — drafted and
//! compared with hand-checked expectations. Every difference is printed; the goal is ≥ 85 % of the measurable
//! indicators right, at most 2 silently wrong (neither right nor marked for review). A second made-up county
//! ("青石县", as copied out of a Word file) is scored by the same code, to guard against tuning to one text.

use lishu_core::catalogue::draft::{draft_catalogue, DraftOptions};
use lishu_core::catalogue::{Catalogue, Indicator, Period};
use std::collections::BTreeMap;

const PLAN: &str = include_str!("fixtures/pdf-county-2026-2030-plan.txt");
const EXPECTED: &str = include_str!("fixtures/pdf-county-2026-2030-expected.txt");
const WORD_PLAN: &str = include_str!("fixtures/word-county-2026-2030-plan.txt");
const WORD_EXPECTED: &str = include_str!("fixtures/word-county-2026-2030-expected.txt");

/// One hand-checked indicator: id, kind, op, value, unit, whether a right draft carries a review mark.
#[derive(Debug)]
struct Want {
    id: String,
    kind: String,
    op: String,
    value: Option<f64>,
    unit: String,
    review: bool,
}

fn expected() -> Vec<Want> {
    expected_of(EXPECTED)
}

fn expected_of(text: &str) -> Vec<Want> {
    text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert!(f.len() == 5 || f.len() == 6, "期望文件格式有误：{l}");
            Want {
                id: f[0].to_string(),
                kind: f[1].to_string(),
                op: f[2].to_string(),
                value: (f[3] != "-").then(|| f[3].parse().unwrap_or_else(|_| panic!("目标值有误：{l}"))),
                unit: f[4].to_string(),
                review: f.get(5) == Some(&"review"),
            }
        })
        .collect()
}

fn name_of<T: serde::Serialize>(x: &T) -> String {
    serde_json::to_string(x).map(|s| s.trim_matches('"').to_string()).unwrap_or_default()
}

fn drafted() -> Catalogue {
    drafted_of(PLAN)
}

fn drafted_of(plan: &str) -> Catalogue {
    match draft_catalogue(plan, &DraftOptions::default()) {
        Ok(d) => d.catalogue,
        Err(e) => panic!("起草失败：{:?}", e.iter().map(|x| x.message()).collect::<Vec<_>>()),
    }
}

/// (right, flagged, silently wrong, differences). Right: kind, op, value (to 0.01) and unit as expected, and a
/// review mark where one is expected; flagged: not right but marked for review; silently wrong: neither.
fn agreement(cat: &Catalogue, want: &[Want]) -> (usize, usize, usize, Vec<String>) {
    let got: BTreeMap<&str, &Indicator> = cat.lines.iter().flat_map(|l| l.indicators.iter()).map(|i| (i.id.as_str(), i)).collect();
    let (mut right, mut flagged, mut silent, mut diffs) = (0, 0, 0, Vec::new());
    for w in want {
        let Some(i) = got.get(w.id.as_str()) else {
            silent += 1;
            diffs.push(format!("{}：草稿中没有（拆分不同）", w.id));
            continue;
        };
        let op = i.op.map(|o| name_of(&o)).unwrap_or_else(|| "-".into());
        let value_ok = match (w.value, i.value) {
            (None, None) => true,
            (Some(a), Some(b)) => (a - b).abs() < 0.005,
            _ => false,
        };
        let same = name_of(&i.kind) == w.kind && op == w.op && value_ok && i.unit == w.unit;
        let marked = !i.review.is_empty();
        let shown = format!(
            "{}：期望 {} {} {:?} {}{}，草稿 {} {} {:?} {}（review：{}）「{}」",
            w.id,
            w.kind,
            w.op,
            w.value,
            w.unit,
            if w.review { "（须标注核对）" } else { "" },
            name_of(&i.kind),
            op,
            i.value,
            i.unit,
            if marked { i.review.as_str() } else { "无" },
            i.clause
        );
        if same && (marked || !w.review) {
            right += 1;
        } else if marked {
            flagged += 1;
            diffs.push(format!("标注核对 {shown}"));
        } else {
            silent += 1;
            diffs.push(format!("悄悄出错 {shown}"));
        }
    }
    (right, flagged, silent, diffs)
}

#[test]
fn a_plan_copied_from_a_pdf_is_drafted_with_its_structure() {
    let c = drafted();
    assert_eq!(c.region, "白河县");
    assert_eq!(c.authority, "白河县人民政府");
    assert_eq!(c.period, Period { base: 2025, first: 2026, last: 2030, midterm: 2028 });
    let titles: Vec<&str> = c.plans.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["白河县妇女发展规划（2026—2030年）", "白河县儿童发展规划（2026—2030年）"]);
    let domains: Vec<&str> = c.domains.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(domains, ["W1", "W2", "W3", "W4", "C1", "C2", "C3", "C4"]);
    let goal = |id: &str| c.goals.iter().find(|g| g.id == id).map(|g| g.text.clone()).unwrap_or_default();
    assert_eq!(goal("W1-2"), "提高妇女“两癌”综合防治能力。");
    assert_eq!(goal("W3-1"), "促进妇女平等就业创业。");
    assert_eq!(goal("C2-2"), "提高教育质量。");
    let line = |id: &str| c.lines.iter().find(|l| l.id == id).map(|l| l.text.clone()).unwrap_or_default();
    // Broken over a page footer, full-width digits and signs made half-width.
    assert_eq!(line("W1-2-1"), "适龄妇女宫颈癌人群筛查率、乳腺癌人群筛查率分别达到70%和65%以上。");
    assert_eq!(line("W1-1-2"), "孕产妇死亡率控制在10/10万以下。");
    // A continuation that starts with a decimal is not a numbered goal.
    assert_eq!(line("C1-1-1"), "婴儿、5岁以下儿童死亡率分别降至3.5‰和5‰以下。");
    let counts: Vec<usize> = ["W1", "W2", "W3", "W4", "C1", "C2", "C3", "C4"]
        .iter()
        .map(|d| c.lines.iter().filter(|l| l.id.starts_with(&format!("{d}-"))).count())
        .collect();
    assert_eq!(counts, [8, 4, 4, 5, 6, 5, 7, 3]);
    for l in &c.lines {
        assert!(!l.text.contains('—') || l.text.contains("0—6个月"), "{}：{}", l.id, l.text);
        assert!(!l.text.contains('\u{3000}') && !l.text.contains("此件"), "{}：{}", l.id, l.text);
    }
}

/// Scores `plan` against `expected` (printing every difference) and holds it to issue 26's goal: ≥ 85 % right,
/// at most 2 silently wrong.
fn scored(name: &str, plan: &str, expected: &str) {
    let want = expected_of(expected);
    assert!(want.len() >= 40, "{}", want.len());
    let (right, flagged, silent, diffs) = agreement(&drafted_of(plan), &want);
    let pct = right as f64 * 100.0 / want.len() as f64;
    println!("{name}：可计量指标 {} 个：正确 {right}（{pct:.1}%），标注核对 {flagged}，悄悄出错 {silent}", want.len());
    for d in &diffs {
        println!("  {d}");
    }
    assert_eq!(right + flagged + silent, want.len());
    assert!(pct >= 85.0, "{name}：正确率 {pct:.1}% 低于 85%");
    assert!(silent <= 2, "{name}：悄悄出错 {silent} 个，多于 2 个");
}

#[test]
fn a_plan_copied_from_a_pdf_agrees_with_the_hand_checked_expectations() {
    scored("pdf-county", PLAN, EXPECTED);
}

#[test]
fn a_second_plan_copied_from_a_word_file_agrees_with_its_expectations() {
    scored("word-county", WORD_PLAN, WORD_EXPECTED);
}

#[test]
fn a_second_plan_copied_from_a_word_file_is_drafted_with_its_structure() {
    let c = drafted_of(WORD_PLAN);
    assert_eq!(c.region, "青石县");
    assert_eq!(c.period, Period { base: 2025, first: 2026, last: 2030, midterm: 2028 });
    let domains: Vec<&str> = c.domains.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(domains, ["W1", "W2", "W3", "W4", "C1", "C2", "C3", "C4"]);
    let line = |id: &str| c.lines.iter().find(|l| l.id == id).map(|l| l.text.clone()).unwrap_or_default();
    // Broken over a page footer; full-width digits made half-width; bullets and circled numbers as line marks.
    assert_eq!(line("C1-1-1"), "婴儿、5岁以下儿童死亡率分别控制在4‰和6‰以内。");
    assert_eq!(line("W1-1-2"), "孕产妇死亡率控制在12/10万以下，孕产妇系统管理率保持在90%以上。");
    assert_eq!(line("W4-1-2"), "村民委员会主任中女性比例不低于全市平均水平。");
    assert_eq!(line("C3-2-2"), "0—3岁婴幼儿每千人口托位数达到4.5个。");
    let counts: Vec<usize> = ["W1", "W2", "W3", "W4", "C1", "C2", "C3", "C4"]
        .iter()
        .map(|d| c.lines.iter().filter(|l| l.id.starts_with(&format!("{d}-"))).count())
        .collect();
    assert_eq!(counts, [6, 4, 5, 3, 6, 5, 7, 5]);
    for l in &c.lines {
        assert!(!l.text.contains('\u{3000}') && !l.text.contains("此件") && !l.text.contains("页"), "{}：{}", l.id, l.text);
    }
}

#[test]
fn the_agreement_measure_can_fail() {
    let want = expected();
    let mut c = drafted();
    let (right, _, silent, _) = agreement(&c, &want);
    // A changed value without a review mark is silently wrong; with one it is flagged; a missing one is wrong.
    let i = c.lines.iter_mut().flat_map(|l| l.indicators.iter_mut()).find(|i| i.id == "W1-1-1").expect("W1-1-1");
    i.value = Some(90.0);
    i.review.clear();
    let (right2, _, silent2, diffs) = agreement(&c, &want);
    assert_eq!((right2 + 1, silent2), (right, silent + 1));
    assert!(diffs.iter().any(|d| d.starts_with("悄悄出错 W1-1-1：")), "{diffs:?}");
    c.lines.retain(|l| l.id != "C4-1-3");
    let (_, _, silent3, diffs) = agreement(&c, &want);
    assert_eq!(silent3, silent2 + 1);
    assert!(diffs.iter().any(|d| d.starts_with("C4-1-3：草稿中没有")), "{diffs:?}");
}
