//! 无目标值的分句 / Qualitative clauses: balance, relational, directional, milestone.

use super::entry::{guess_unit, set_entry, female_share, FEMALE_SHARE};
use super::item::{short_name, Ctx, Item, TooMany, MAX_LINE_ITEMS};
use super::names::*;
use super::readings::{all_eligible, full_coverage};
use super::text::*;
use crate::catalogue::{Direction, Entry, Kind, Op};

/// Direction words of clauses without a number (longest first at the same place).
pub(super) const DIRECTION_WORDS: [(&str, Direction); 22] = [
    ("保持稳定并有所提高", Direction::HoldUp),
    ("保持稳定并有所提升", Direction::HoldUp),
    ("稳中有升", Direction::HoldUp),
    ("上升趋势", Direction::SlowRise),
    ("上升势头", Direction::SlowRise),
    ("保持合理", Direction::Hold),
    ("保持稳定", Direction::Hold),
    ("提高", Direction::Up),
    ("提升", Direction::Up),
    ("增加", Direction::Up),
    ("增长", Direction::Up),
    ("扩大", Direction::Up),
    ("增强", Direction::Up),
    ("延长", Direction::Up),
    ("壮大", Direction::Up),
    ("增多", Direction::Up),
    ("上升", Direction::Up),
    ("下降", Direction::Down),
    ("降低", Direction::Down),
    ("减少", Direction::Down),
    ("缩小", Direction::Down),
    ("控制", Direction::Down),
];

/// The first direction word of a clause: (byte position, word, direction).
pub(super) fn direction_word(c: &str) -> Option<(usize, &'static str, Direction)> {
    let mut best: Option<(usize, &'static str, Direction)> = None;
    for (w, d) in DIRECTION_WORDS {
        if let Some(p) = c.find(w) {
            let better = match best {
                None => true,
                Some((bp, bw, _)) => p < bp || (p == bp && w.len() > bw.len()),
            };
            if better {
                best = Some((p, w, d));
            }
        }
    }
    best
}

/// "待遇水平" of a second clause names its scheme from the line: "基本医疗保险制度覆盖……，待遇水平稳步提高" →
/// "基本医疗保险待遇水平".
pub(super) fn treatment_name(name: &str, line: &str, at: usize) -> String {
    if !name.starts_with("待遇") {
        return name.to_string();
    }
    let before = line.get(..at).unwrap_or("");
    let scheme = ["保险", "救助"].iter().filter_map(|w| before.find(w).map(|p| p + w.len())).min();
    match scheme {
        Some(end) => {
            let start = before[..end].rfind(['，', '；', '、']).map_or(0, |p| p + '，'.len_utf8());
            format!("{}{name}", clean_name(&before[start..end]))
        }
        None => name.to_string(),
    }
}

/// Countable things whose number is a measure when they increase.
pub(super) const COUNT_NOUNS: [&str; 4] = ["机构", "组织", "场所", "队伍"];
/// Events whose number is a measure when they decrease.
pub(super) const EVENT_NOUNS: [&str; 6] = ["传播", "病例", "发生", "致残", "死亡", "伤残"];
/// Other measure ends.
pub(super) const OTHER_MEASURES: [&str; 10] = ["寿命", "年限", "差距", "床位", "健康素养", "素养水平", "巩固水平", "待遇水平", "收入", "人数"];

pub(super) fn is_measure(name: &str, dir: Direction) -> bool {
    head_of(name).is_some()
        || OTHER_MEASURES.iter().any(|m| name.ends_with(m))
        || (dir == Direction::Up && COUNT_NOUNS.iter().any(|m| name.ends_with(m)))
        || (dir == Direction::Down && EVENT_NOUNS.iter().any(|m| name.ends_with(m)))
        || dir == Direction::SlowRise
}

/// The indicators of a clause without a target value (balance, relational, directional, else one milestone).
pub(super) fn qualitative(line: &str, span: (usize, usize), ctx: &Ctx) -> Result<Vec<Item>, TooMany> {
    if let Some(it) = balance(line, span) {
        return Ok(vec![it]);
    }
    if let Some(it) = relational(line, span) {
        return Ok(vec![it]);
    }
    if let Some(it) = all_eligible(line, span).or_else(|| full_coverage(line, span)) {
        return Ok(vec![it]);
    }
    if let Some(items) = directional(line, span, ctx) {
        return items;
    }
    Ok(vec![milestone_item(line, span)])
}

pub(super) fn balance(line: &str, span: (usize, usize)) -> Option<Item> {
    let c = &line[span.0..span.1];
    let ratio = ["男女比例", "性别比例", "男女性别比"].iter().find_map(|w| c.find(w).map(|p| (p, *w)));
    let sex_ratio = c.find("性别比").filter(|_| has_any(c, &["正常", "均衡", "平衡"]));
    if let Some((p, w)) = ratio.filter(|_| has_any(c, &["均衡", "平衡"])) {
        let mut it = Item::new(line, span, format!("{}{}", clean_name(&c[..p]), w));
        it.ind.kind = Kind::Balance;
        it.ind.unit = "%".into();
        it.ind.direction = Direction::Hold;
        it.ind.every_year = true;
        it.ind.entry = Entry::FemaleMale;
        it.ind.formula = FEMALE_SHARE.to_string();
        it.note("均衡：女性占比在目录默认区间（balance_low—balance_high，默认45%—55%）内即为均衡，每年都须成立。");
        return Some(it);
    }
    let p = sex_ratio?;
    let mut it = Item::new(line, span, format!("{}性别比", clean_name(&c[..p])));
    it.ind.kind = Kind::Balance;
    it.ind.unit = "%".into();
    it.ind.direction = Direction::Hold;
    it.ind.every_year = true;
    it.ind.entry = Entry::FemaleMale;
    it.ind.formula = FEMALE_SHARE.to_string();
    it.note("性别比趋于正常：按女性（女婴）占比是否在默认均衡区间内评估。");
    it.mark("出生人口性别比按女性占比的均衡区间评估，口径请核对");
    Some(it)
}

pub(super) fn relational(line: &str, span: (usize, usize)) -> Option<Item> {
    let c = &line[span.0..span.1];
    const SHARE: [&str; 4] = ["比例", "比重", "占比", "水平"];
    for (w, op) in [("不低于", Op::Ge), ("不少于", Op::Ge), ("不高于", Op::Le), ("不超过", Op::Le), ("高于", Op::Gt), ("低于", Op::Lt)] {
        let Some(p) = c.find(w) else { continue };
        let other = trim_punct(&c[p + w.len()..]);
        if other.is_empty() || !(has_any(other, &SHARE) || other.contains("平均")) {
            continue;
        }
        let mut name = clean_name(&c[..p]);
        for hedge in ["一般", "原则上", "应当", "应"] {
            name = clean_name(name.strip_suffix(hedge).unwrap_or(&name));
        }
        let mut it = Item::new(line, span, name);
        it.ind.kind = Kind::Relational;
        it.ind.op = Some(op);
        it.ind.unit = guess_unit(&it.ind.name, line).unwrap_or("%").into();
        it.ind.direction = if matches!(op, Op::Ge | Op::Gt) { Direction::Up } else { Direction::Down };
        it.ind.compare_with = Some(other.to_string());
        it.ind.entry = if female_share(&it.ind.name) { Entry::FemaleMale } else { Entry::Value };
        if it.ind.entry == Entry::FemaleMale {
            it.ind.formula = FEMALE_SHARE.to_string();
        }
        it.note(format!(
            "与“{other}”比较：同一年的数值{}比较值即为实现（比较值与本指标一并填报）。",
            if matches!(op, Op::Ge | Op::Gt) { "不低于" } else { "不高于" }
        ));
        if c.contains("一般") {
            it.note("“一般”：按通常应达到的要求评估，例外情况在备注中说明。");
        }
        if other.contains("平均") || ["全国", "全省", "全市", "全州", "全盟", "全区", "全县", "上级", "同期"].iter().any(|w| other.starts_with(w)) {
            it.mark(format!("与“{other}”比较：比较值须逐年取自统计公报或上级部门，口径（含计量单位）请核对"));
        }
        return Some(it);
    }
    let q = c.find("相适应")?;
    let p = c[..q].rfind('与')?;
    let (a, b) = (clean_name(&c[..p]), clean_name(&c[p + '与'.len_utf8()..q]));
    if !has_any(&a, &SHARE[..3]) || !has_any(&b, &SHARE[..3]) {
        return None;
    }
    let mut it = Item::new(line, span, a);
    it.ind.kind = Kind::Relational;
    it.ind.op = Some(Op::Approx);
    it.ind.unit = "%".into();
    it.ind.direction = Direction::Hold;
    it.ind.entry = if female_share(&it.ind.name) { Entry::FemaleMale } else { Entry::Value };
        if it.ind.entry == Entry::FemaleMale {
            it.ind.formula = FEMALE_SHARE.to_string();
        }
    it.note(format!("相适应：与“{b}”相差不超过默认带宽即为实现（比较值与本指标一并填报）。"));
    it.mark("“相适应”按与比较值相差不超过默认带宽评估，比较对象请核对");
    it.ind.compare_with = Some(b);
    Some(it)
}

/// A directional clause's indicators (a listed measure each; more than a line can hold is [`TooMany`]), or None
/// when the clause names no measure.
pub(super) fn directional(line: &str, span: (usize, usize), ctx: &Ctx) -> Option<Result<Vec<Item>, TooMany>> {
    let c = &line[span.0..span.1];
    let (pos, word, dir) = direction_word(c)?;
    let m = strip_adverbs(&c[..pos]);
    if m.is_empty() {
        return None;
    }
    let steady = ["逐步", "持续", "稳步", "不断"].into_iter().find(|w| c.contains(w));
    let make = |name: String| -> Item {
        // Things and events are counted: "托育机构" → "托育机构数", "母婴传播" → "母婴传播病例数".
        let name = if dir == Direction::Up && COUNT_NOUNS.iter().any(|m| name.ends_with(m)) {
            if name.ends_with("队伍") { format!("{name}人数") } else { format!("{name}数") }
        } else if dir == Direction::Down && (name.ends_with("传播") || name.ends_with("发生")) {
            format!("{name}病例数")
        } else if dir == Direction::Down && (name.ends_with("致残") || name.ends_with("死亡") || name.ends_with("伤残")) {
            format!("{name}人数")
        } else {
            name
        };
        let name = treatment_name(&name, line, span.0);
        let mut it = Item::new(line, span, name);
        it.ind.kind = Kind::Directional;
        it.ind.direction = dir;
        it.ind.every_year = dir == Direction::Hold;
        match guess_unit(&it.ind.name, line) {
            Some(u) => it.ind.unit = u.to_string(),
            None => it.mark("指标计量单位无法从措辞推定，请核对"),
        }
        let base = ctx.base;
        let n = match dir {
            Direction::Up if steady.is_some() => format!(
                "{}{word}：以{base}年为基数，最新一年高于基数即为实现；某年较上一年回落则为基本实现。",
                steady.unwrap_or_default()
            ),
            Direction::Down if steady.is_some() => format!(
                "{}{word}：以{base}年为基数，最新一年低于基数即为实现；某年较上一年反弹则为基本实现。",
                steady.unwrap_or_default()
            ),
            Direction::Up => format!("无具体数值目标：以{base}年为基数，最新一年数值高于基数即为实现。"),
            Direction::Down => format!("无具体数值目标：以{base}年为基数，最新一年数值低于基数即为实现。"),
            Direction::HoldUp => format!("保持稳定并有所提高：各年数值均不低于{base}年基数，且最新一年高于基数。"),
            Direction::SlowRise => "上升趋势减缓：各年增幅逐年缩小（或转为下降）即为实现。".to_string(),
            Direction::Hold => format!("保持：与{base}年基数相差不超过默认带宽即为实现，每年都须成立。"),
        };
        it.note(n);
        if it.ind.name.ends_with("待遇水平") {
            it.mark("待遇水平没有单一统计量，请确定衡量口径（如基金支付比例、人均金额）");
        }
        set_entry(&mut it, line);
        it
    };
    // "保持合理比例": the measure is the share of the group.
    if word == "保持合理" {
        let name = if m.ends_with("比例") { m.to_string() } else { format!("{m}比例") };
        return Some(Ok(vec![make(name)]));
    }
    // Listed measures: restart after 等 (a qualifier list), keep a population list (…中的女性比例) whole.
    let (pre, rest) = match m.rfind('等') {
        Some(i) => (&m[..i + '等'.len_utf8()], &m[i + '等'.len_utf8()..]),
        None => ("", m),
    };
    let items = split_list(rest);
    let single = items.len() < 2 || items.last().is_some_and(|l| l.contains('中'));
    if single {
        let name = if dir == Direction::SlowRise && head_of(m).is_none() { format!("{m}率") } else { m.to_string() };
        return is_measure(&name, dir).then(|| Ok(vec![make(name)]));
    }
    let subject = subject_of(items[0]);
    let named = |k: usize, item: &str| -> String {
        let item = clean_name(item);
        if k == 0 {
            format!("{pre}{item}")
        } else {
            format!("{pre}{}", with_subject(subject, &item))
        }
    };
    let last = items.last().copied().unwrap_or("");
    let head = head_of(last).or(if dir == Direction::SlowRise { Some("率") } else { None });
    if let Some(h) = head {
        if items.len() > MAX_LINE_ITEMS {
            return Some(Err(TooMany));
        }
        let mut out = Vec::new();
        for (k, item) in items.iter().enumerate() {
            let mut name = named(k, item);
            if head_of(&name).is_none() && !OTHER_MEASURES.iter().any(|x| name.ends_with(x)) {
                name.push_str(h);
            }
            let mut it = make(name);
            it.note("并列的指标拆分为多个指标分别评估。");
            out.push(it);
        }
        return Some(Ok(out));
    }
    // Some listed items are measures (a rate or a count), others not: "利用率和服务质量提高".
    let rated = |i: &str| head_of(i).is_some() || OTHER_MEASURES.iter().any(|m| i.ends_with(m));
    if items.iter().any(|i| rated(i)) {
        // The milestones among them share the clause's span, so none merges: one indicator per item.
        if items.len() > MAX_LINE_ITEMS {
            return Some(Err(TooMany));
        }
        let mut out = Vec::new();
        for (k, item) in items.iter().enumerate() {
            if rated(item) {
                out.push(make(named(k, item)));
            } else {
                let mut ms = milestone_item(line, span);
                ms.ind.name = format!("{}{word}", clean_name(item));
                out.push(ms);
            }
        }
        return Some(Ok(out));
    }
    let events = dir == Direction::Down && items[1..].iter().all(|i| EVENT_NOUNS.contains(&clean_name(i).as_str()));
    if events {
        if items.len() > MAX_LINE_ITEMS {
            return Some(Err(TooMany));
        }
        let first = clean_name(items[0]);
        let ev0 = EVENT_NOUNS.iter().find(|e| first.ends_with(*e)).copied().unwrap_or("");
        let stem = first.strip_suffix(ev0).unwrap_or(&first).to_string();
        let mut out = Vec::new();
        for (k, item) in items.iter().enumerate() {
            let ev = if k == 0 { ev0.to_string() } else { clean_name(item) };
            let mut it = make(format!("{pre}{stem}{ev}"));
            it.note("并列的事件拆分为多个指标分别评估。");
            out.push(it);
        }
        return Some(Ok(out));
    }
    is_measure(m, dir).then(|| Ok(vec![make(m.to_string())]))
}

/// Words of a qualitative milestone that make its kind clear (no review needed).
pub(super) const MILESTONE_WORDS: [&str; 40] = [
    "建成", "建立", "健全", "完善", "落实", "设立", "建设", "创建", "开通", "覆盖", "普及", "纳入", "实现", "消除", "形成", "运行",
    "推进", "推广", "开展", "出台", "制定", "保障", "满足", "享有", "获得", "严惩", "遏制", "养成", "传承", "践行", "发挥", "防治",
    "治理", "干预", "处置", "保护", "尊重", "禁止", "转化", "彰显",
];

pub(super) fn milestone_item(line: &str, span: (usize, usize)) -> Item {
    let c = &line[span.0..span.1];
    let mut it = Item::new(line, span, short_name(c));
    it.ind.kind = Kind::Milestone;
    it.ind.entry = Entry::Milestone;
    it.ind.direction = Direction::Up;
    it.note("定性目标：按进展阶段（未启动、推进中、基本实现、已实现）评估，须附佐证材料。");
    it.ind.evidence_hint = "相关制度文件、工作方案、会议纪要、工作总结或统计台账等。".to_string();
    if MILESTONE_WORDS.iter().any(|w| c.contains(w)) {
        if has_any(c, &["基本", "明显", "显著", "相适应", "合理"]) {
            it.note("含“基本/明显/相适应”等含糊措辞：由评估人员依据佐证材料判断，并在备注中说明依据。");
        }
    } else if direction_word(c).is_some() {
        it.mark("有“提高/下降”等措辞但没有可计量的统计指标，暂按定性目标处理");
    } else {
        it.mark("措辞中没有可识别的目标值，暂按定性目标处理");
    }
    it
}
