//! 有目标值的分句 / Numeric clauses: splitting by 分别/均/connectors, names, min/max/approx/relative/per-body.

use super::entry::{guess_unit, set_entry};
use super::item::{short_name, Ctx, Item, TooMany, MAX_LINE_ITEMS};
use super::names::*;
use super::qualitative::OTHER_MEASURES;
use super::readings::{annual_change, count_word};
use super::text::*;
use crate::catalogue::{fmt_num, Direction, Entry, Kind, Op};
use crate::parse::{parse_target_spans, ParsedTarget, TargetSpan};


/// Words that end the measure in a numeric clause (the verb or an adverb before the target).
pub(super) const VERB_MARKERS: [&str; 49] = [
    "达到", "保持在", "保持", "下降到", "下降", "降至", "降到", "降为", "降低", "控制在", "控制", "增至", "增加到", "增加",
    "增长", "提高到", "提高", "提升", "不低于", "不少于", "不高于", "不超过", "低于", "高于", "至少", "每年", "分别", "均保持",
    "均达到", "均不低于", "均控制", "均降至", "都达到", "力争", "争取", "力求", "努力", "逐步", "持续", "不断", "稳步", "进一步",
    "设置", "年均", "年平均", "每学期", "每季度", "每月", "每周",
];

/// Byte position of the first verb marker in `s` (also 以…为 and 比/较 + year).
pub(super) fn first_marker(s: &str) -> Option<usize> {
    let mut best: Option<usize> = None;
    for m in VERB_MARKERS {
        if let Some(p) = s.find(m) {
            best = Some(best.map_or(p, |b| b.min(p)));
        }
    }
    for (b, c) in s.char_indices() {
        if best.is_some_and(|x| b >= x) {
            break;
        }
        let rest = &s[b + c.len_utf8()..];
        let digit_next = rest.chars().next().is_some_and(|d| ascii_digit(d).is_ascii_digit());
        let is_marker = match c {
            '比' | '较' => digit_next,
            '以' => digit_next || take_chars(rest, 12).contains('为'),
            _ => false,
        };
        if is_marker {
            best = Some(b);
            break;
        }
    }
    best
}


/// Verbs that start the predicate of "90%的城市社区建立……".
pub(super) const PRED_VERBS: [&str; 12] = ["配备", "建立", "建成", "设立", "开设", "开展", "实现", "达到", "接受", "拥有", "落实", "设置"];

/// The predicate of a leading-number clause ("建立家长学校……"), if any.
pub(super) fn predicate(rest: &str) -> Option<(usize, &str)> {
    PRED_VERBS.iter().filter_map(|v| rest.find(v)).min().map(|p| (p, &rest[p..]))
}

/// The name of a numeric measure. `num` is the target's span within `clause`; `pred_hint` is the predicate of
/// the last piece of the clause (for "90%的城市社区和80%的农村社区建立……").
pub(super) fn numeric_name(clause: &str, num: Option<(usize, usize)>, unit: &str, pred_hint: Option<&str>) -> String {
    let count_suffix = |obj: &str| -> String {
        if head_of(obj).is_some() {
            obj.to_string()
        } else {
            format!("{obj}{}", count_word(unit).unwrap_or("数"))
        }
    };
    let Some((ns, ne)) = num else { return short_name(clause) };
    let (ns, ne) = (ns.min(clause.len()), ne.min(clause.len()));
    let after = clause.get(ne..).unwrap_or("");
    let object = clean_name(split_words(after.trim_start_matches('的'), &['，', ',', '；', ';']).first().copied().unwrap_or(""));
    if clause[..ns].trim().is_empty() {
        // "90%（以上）的中小学校配备心理健康教育教师" / "2次家庭教育实践活动".
        if unit == "%" {
            let rest = after.trim_start_matches('的');
            let (subject, pred) = match predicate(rest) {
                Some((p, pred)) if p > 0 => (clean_name(&rest[..p]), Some(pred.to_string())),
                _ => (clean_name(rest), pred_hint.map(str::to_string)),
            };
            return match pred {
                Some(p) if !subject.is_empty() => format!("{}的{subject}比例", clean_name(trim_punct(&p))),
                _ if !subject.is_empty() => format!("{subject}比例"),
                _ => short_name(clause),
            };
        }
        return if object.is_empty() { short_name(clause) } else { count_suffix(&object) };
    }
    // "每年举办女性职业技能培训不少于4期": a leading 每年 (or another marker) is not the end of the name.
    let mut prefix = &clause[..ns];
    while let Some(m) = VERB_MARKERS.iter().find(|m| prefix.starts_with(*m)) {
        prefix = &prefix[m.len()..];
    }
    let cut = first_marker(prefix).unwrap_or(prefix.len());
    let name = clean_name(&prefix[..cut]);
    if unit == "次" && !name.is_empty() && !object.is_empty() {
        // "儿童家长每年至少接受2次家庭教育指导服务" → 儿童家长接受家庭教育指导服务次数.
        let mut verb = prefix[cut..].trim();
        while let Some(m) = VERB_MARKERS.iter().find(|m| verb.starts_with(*m)) {
            verb = verb[m.len()..].trim();
        }
        return format!("{name}{verb}{object}次数");
    }
    let weak = chars_len(&name) <= 1 || ["设置", "配备", "建设", "拥有", "有"].iter().any(|w| name.ends_with(w));
    if weak && !object.is_empty() && !matches!(unit, "%" | "‰" | "/10万") {
        return count_suffix(&object);
    }
    if name.is_empty() {
        return short_name(clause);
    }
    match unit {
        "%" if head_of(&name).is_none() && !name.ends_with("水平") && !OTHER_MEASURES.iter().any(|m| name.ends_with(m)) => {
            format!("{name}比例")
        }
        u if head_of(&name).is_none() && (matches!(u, "所" | "张") || count_word(u).is_some()) => count_suffix(&name),
        _ => name,
    }
}

/// The measures listed in `before` ("甲率、乙率" of "甲率、乙率分别…"), each completed with the last one's head and
/// the first one's subject.
pub(super) fn measure_list(before: &str) -> Vec<String> {
    let items = split_list(before);
    if items.len() < 2 {
        return Vec::new();
    }
    let head = items.last().and_then(|l| head_of(l)).unwrap_or("");
    let subject = subject_of(items[0]);
    items
        .iter()
        .enumerate()
        .map(|(k, it)| {
            let mut name = clean_name(it);
            if head_of(&name).is_none() {
                name.push_str(head);
            }
            if k > 0 {
                name = with_subject(subject, &name);
            }
            name
        })
        .collect()
}


/// The indicators of a clause with target values (`spans`, relative to the clause); more than a line can hold
/// is [`TooMany`] (every value gives at least one indicator).
pub(super) fn numeric(line: &str, span: (usize, usize), spans: &[TargetSpan], ctx: &Ctx, prev: &[Item]) -> Result<Vec<Item>, TooMany> {
    let c = &line[span.0..span.1];
    let abs = |a: usize, b: usize| (span.0 + a, span.0 + b);
    let n = spans.len();
    if n > MAX_LINE_ITEMS {
        return Err(TooMany);
    }
    let mut out = Vec::new();
    if n >= 2 {
        if let Some(p) = c.find("分别") {
            let names = measure_list(c[..p].trim());
            let last = &spans[n - 1].target;
            if names.len() == n {
                for (k, s) in spans.iter().enumerate() {
                    let t = ParsedTarget { op: last.op, every_year: last.every_year, ..s.target.clone() };
                    let mut it = numeric_item(line, span, names[k].clone(), &t, ctx, prev.last());
                    it.note(format!("“分别”：{}对应第 {} 个目标值。", names[k], k + 1));
                    out.push(it);
                }
            } else {
                for s in spans {
                    let name = numeric_name(c, Some((s.start, s.end)), &s.target.unit, None);
                    let mut it = numeric_item(line, span, name, &s.target, ctx, prev.last());
                    it.mark("一条目标行含多个目标值，拆分方式请核对");
                    out.push(it);
                }
            }
            return Ok(out);
        }
        // Several targets without 分别: cut at the last connector between two targets.
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut sure = true;
        let mut start = 0;
        for k in 1..n {
            let (from, to) = (spans[k - 1].end.min(spans[k].start), spans[k].start);
            let between = &c[from..to];
            match connectors(between).last().copied() {
                Some((p, ch)) => {
                    pieces.push((start, from + p));
                    start = from + p + ch.len_utf8();
                }
                None => {
                    pieces.push((start, from));
                    start = from;
                    sure = false;
                }
            }
        }
        pieces.push((start, c.len()));
        let last_pred = pieces.last().and_then(|(a, b)| {
            let piece = &c[*a..*b];
            let s = &spans[n - 1];
            let after = piece.get(s.end.saturating_sub(*a).min(piece.len())..).unwrap_or("");
            predicate(after.trim_start_matches('的')).map(|(_, p)| trim_punct(p).to_string())
        });
        for (k, (a, b)) in pieces.into_iter().enumerate() {
            let raw = &c[a..b];
            let lead = raw.len() - raw.trim_start().len();
            let piece = raw.trim();
            let (pa, pb) = if piece.is_empty() { (0, c.len()) } else { (a + lead, a + lead + piece.len()) };
            let s = &spans[k];
            let num = (s.start.saturating_sub(pa), s.end.saturating_sub(pa));
            let name = numeric_name(&c[pa..pb], Some(num), &s.target.unit, last_pred.as_deref());
            let mut it = numeric_item(line, abs(pa, pb), name, &s.target, ctx, out.last().or(prev.last()));
            if !sure {
                it.mark("一条目标行含多个目标值，拆分方式请核对");
            }
            out.push(it);
        }
        return Ok(out);
    }
    let s = &spans[0];
    // "甲率和乙率均保持在90%以上": one value for each listed measure.
    for w in ["均保持", "均达到", "均不低于", "均控制", "均降至", "均在", "都达到", "都保持", "均不高于"] {
        if let Some(p) = c.find(w) {
            let names = measure_list(c[..p].trim());
            if names.len() >= 2 && names.iter().all(|m| head_of(m).is_some()) {
                if names.len() > MAX_LINE_ITEMS {
                    return Err(TooMany);
                }
                for name in names {
                    let mut it = numeric_item(line, span, name, &s.target, ctx, prev.last());
                    it.note("“均”：同一目标值分别适用于所列各项。");
                    out.push(it);
                }
                return Ok(out);
            }
        }
    }
    let name = numeric_name(c, Some((s.start, s.end)), &s.target.unit, None);
    out.push(numeric_item(line, span, name, &s.target, ctx, prev.last()));
    Ok(out)
}

/// The unit's natural upper limit.
pub(super) fn unit_max(unit: &str) -> Option<f64> {
    match unit {
        "%" => Some(100.0),
        "‰" => Some(1000.0),
        "/10万" => Some(100_000.0),
        _ => None,
    }
}

/// Starts of a clause that has no subject of its own ("至少配备2名……" continues the previous clause's bodies).
pub(super) const NO_SUBJECT: [&str; 6] = ["至少", "配备", "各配备", "并", "且", "均"];

/// One numeric indicator; `last` is the indicator drafted just before it in the same line.
pub(super) fn numeric_item(line: &str, span: (usize, usize), name: String, t: &ParsedTarget, ctx: &Ctx, last: Option<&Item>) -> Item {
    let clause = &line[span.0..span.1];
    let mut it = Item::new(line, span, name);
    if t.hedged {
        it.note("原文为“力争/争取”等争取性措辞：按所列目标值评估，不因措辞降低要求。");
    }
    if t.annual && !t.points {
        return annual_change(it, line, t, ctx);
    }
    let years = f64::from(ctx.last.saturating_sub(ctx.base).max(1));
    // 年均提高N个百分点: N a year on average, i.e. N × years over the plan.
    let v = if t.annual && t.points { t.value * years } else { t.value };
    if t.points {
        // 比YYYY年提高/降低N个百分点 → points (target = base value ± N); 每年提高/降低N个百分点（以上） →
        // points_per_year (every year's change against the year before must reach N).
        let down = v < 0.0;
        let per_year = t.every_year && !t.annual;
        it.ind.kind = if per_year { Kind::PointsPerYear } else { Kind::Points };
        it.ind.value = Some(v);
        it.ind.direction = if down { Direction::Down } else { Direction::Up };
        match guess_unit(&it.ind.name, line) {
            Some(u @ ("%" | "‰")) => it.ind.unit = u.to_string(),
            Some(u) => {
                it.ind.unit = "%".to_string();
                it.mark(format!("百分点目标的指标须以 % 或 ‰ 计，按名称推定的单位为“{u}”，暂按 % 处理，请核对"));
            }
            None => it.ind.unit = "%".to_string(),
        }
        let base = t.base_year.unwrap_or(ctx.base);
        let word = it.ind.change_word(!down);
        let n = fmt_num(v.abs());
        let pu = it.ind.points_unit();
        if per_year {
            it.note(format!(
                "每年{word}{n}{pu}：自{base}年起每年较上一年{word}至少{n}{pu}（两年都有数据的年份逐年计），\
                 某年未达到的至多评为基本实现；累计变化须达到{n}{pu} × 已过年数，否则为尚存差距。"
            ));
        } else {
            it.note(format!(
                "比{base}年{word}{n}{pu}：目标值 = {base}年数值 {} {n}{pu}，最新一年{}目标值即为实现。",
                if down { "−" } else { "+" },
                if down { "不高于" } else { "不低于" }
            ));
            if t.annual {
                it.mark(format!(
                    "年均{word}{}{pu}：按规划期 {base}—{} 年累计{word}{n}{pu}（年均值 × 年数）计算，请核对",
                    fmt_num(t.value.abs()),
                    ctx.last
                ));
            } else if t.base_year.is_none() {
                it.mark(format!("原文未写明与哪一年相比，暂按比规划基数年 {base} 年计算，请核对"));
            }
        }
        if t.base_year.is_some_and(|y| y != ctx.base) {
            it.mark(format!("比较的年份 {base} 年不是规划基数年 {} 年，请核对", ctx.base));
        }
        set_entry(&mut it, line);
        return it;
    }
    if t.relative {
        if v <= -100.0 || v == 0.0 {
            it.ind.kind = Kind::Directional;
            it.ind.direction = if v < 0.0 { Direction::Down } else { Direction::Up };
            it.ind.unit = guess_unit(&it.ind.name, line).unwrap_or("").to_string();
            it.mark("相对变化幅度无法按相对基数目标评估，暂按方向性目标处理");
            set_entry(&mut it, line);
            return it;
        }
        let base = t.base_year.unwrap_or(ctx.base);
        it.ind.kind = Kind::Relative;
        it.ind.op = Some(if v < 0.0 { Op::Le } else { Op::Ge });
        it.ind.value = Some(v);
        it.ind.direction = if v < 0.0 { Direction::Down } else { Direction::Up };
        match guess_unit(&it.ind.name, line) {
            Some(u) => it.ind.unit = u.to_string(),
            None => it.mark("指标计量单位无法从措辞推定，请核对"),
        }
        let (word, n) = if v < 0.0 { ("下降", fmt_num(-v)) } else { ("提高", fmt_num(v)) };
        let factor = fmt_num(1.0 + v / 100.0);
        it.note(format!(
            "以{base}年为基数{word}{n}%：目标值 = {base}年数值 × {factor}，最新一年{}目标值即为实现。",
            if v < 0.0 { "不高于" } else { "不低于" }
        ));
        if t.base_year.is_some_and(|y| y != ctx.base) {
            it.mark(format!("比较的年份 {base} 年不是规划基数年 {} 年，请核对", ctx.base));
        }
        set_entry(&mut it, line);
        return it;
    }
    let earlier_bodies = last.filter(|i| i.ind.kind == Kind::CountPerBody).map(|i| i.ind.bodies.clone());
    let continues_bodies = NO_SUBJECT.iter().any(|w| clause.starts_with(w)) && earlier_bodies.is_some();
    if (t.each || continues_bodies) && matches!(t.op, Op::Ge | Op::Gt | Op::Eq) && v >= 1.0 {
        it.ind.kind = Kind::CountPerBody;
        it.ind.op = Some(Op::Ge);
        it.ind.value = Some(v);
        it.ind.unit = t.unit.clone();
        it.ind.direction = Direction::Up;
        it.ind.entry = Entry::PerBody;
        it.ind.every_year = t.every_year;
        let mut bodies = bodies_of(clause);
        if bodies.len() < 2 {
            if let Some(earlier) = earlier_bodies {
                bodies = earlier;
            }
        }
        if bodies.len() < 2 {
            it.mark("每单位配备数目标须逐一列出各单位（bodies），请核对");
        }
        it.ind.bodies = bodies;
        if let Some(sp) = parse_target_spans(clause).into_iter().find(|s| s.target.value == v) {
            // "区级党委、人大、政府、政协领导班子中至少各配备1名女干部" → ……领导班子配备女干部人数.
            let before = &clause[..sp.start.min(clause.len())];
            let stop = ["中至少", "至少", "各配备", "均配备", "配备"].iter().filter_map(|w| before.find(w)).min().unwrap_or(before.len());
            let who = clean_name(&before[..stop]);
            let after = clause.get(sp.end..).unwrap_or("");
            let obj = clean_name(split_words(after, &['，', ',', '；', ';']).first().copied().unwrap_or(""));
            let count = if t.unit == "名" { "人数" } else { "数" };
            if !obj.is_empty() {
                it.ind.name = if who.is_empty() { format!("{obj}{count}") } else { format!("{who}配备{obj}{count}") };
            }
        }
        it.note("每个单位都须达到：按单位逐一填报，任一单位不足即未实现。");
        return it;
    }
    let (kind, op, direction) = match t.op {
        Op::Ge | Op::Gt | Op::Eq => (Kind::Min, t.op, Direction::Up),
        Op::Le | Op::Lt => (Kind::Max, t.op, Direction::Down),
        Op::Approx => (Kind::Approx, Op::Approx, Direction::Hold),
    };
    it.ind.kind = kind;
    it.ind.op = Some(op);
    it.ind.value = Some(v);
    it.ind.unit = t.unit.clone();
    it.ind.direction = direction;
    it.ind.every_year = t.every_year;
    if kind == Kind::Approx {
        it.note("“左右”：与目标值相差不超过默认带宽（approx_band，以指标单位计，百分比即百分点）即为实现。");
    }
    if t.every_year {
        it.note("“保持/每年”：规划期内每个填报年份都须达到。");
    }
    if it.ind.name.contains("毛入") && t.unit == "%" {
        it.ind.max = Some(150.0_f64.max(v));
        it.note("毛入园（学）率的分子含非适龄在校生，按定义可能超过100%（上限150%）。");
    } else if unit_max(&t.unit).is_some_and(|m| v > m) {
        it.ind.max = Some(v);
        it.mark("目标值超过单位的常规上限，请核对");
    }
    set_entry(&mut it, line);
    it
}

/// The bodies that each need the count: "区级党委、人大、政府、政协领导班子中至少各配备1名女干部" → 区级党委领导班子 …;
/// "每所乡（镇）卫生院、社区卫生服务中心至少配备……" → 各乡（镇）卫生院、各社区卫生服务中心.
pub(super) fn bodies_of(clause: &str) -> Vec<String> {
    let stop = |s: &str| -> usize {
        ["中至少", "至少", "各配备", "均配备", "配备", "均", "都"].iter().filter_map(|w| s.find(w)).min().unwrap_or(s.len())
    };
    let mut out: Vec<String> = Vec::new();
    let each = ["每所", "每个", "每一", "每家"].iter().find_map(|w| clause.find(w).map(|p| p + w.len()));
    if let Some(from) = each {
        let rest = &clause[from..];
        for item in split_list(&rest[..stop(rest)]) {
            let item = clean_name(item);
            if !item.is_empty() {
                out.push(format!("各{item}"));
            }
        }
    } else {
        let phrase = clean_name(&clause[..stop(clause)]);
        let items: Vec<String> = split_words(&phrase, &['、']).into_iter().map(clean_name).filter(|s| !s.is_empty()).collect();
        if items.len() >= 2 {
            let level = items[0].find('级').map(|p| items[0][..p + '级'.len_utf8()].to_string()).unwrap_or_default();
            let suffix = ["领导班子", "班子"]
                .iter()
                .find(|s| items.last().is_some_and(|l| l.ends_with(*s)))
                .copied()
                .unwrap_or("");
            for it in &items {
                let mut b = it.clone();
                if !level.is_empty() && !b.starts_with(&level) {
                    b = format!("{level}{b}");
                }
                if !suffix.is_empty() && !b.ends_with(suffix) {
                    b.push_str(suffix);
                }
                out.push(b);
            }
        }
    }
    let mut seen = Vec::new();
    out.retain(|b| {
        let fresh = !seen.contains(b);
        seen.push(b.clone());
        fresh
    });
    out
}
