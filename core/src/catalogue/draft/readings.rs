//! 措辞口径 / Documented readings of wording real plans use: 年均增长X%, 实现全覆盖, 应保尽保 (and the other 应X尽X),
//! and the count words of 不少于N期/人/课时.

use super::entry::{guess_unit, set_entry};
use super::item::{Ctx, Item};
use super::names::*;
use super::text::*;
use crate::catalogue::{fmt_num, Direction, Entry, Kind, Op};
use crate::parse::ParsedTarget;

/// The word that makes a count's name from a count unit ("培训……不少于4期" → ……期数); None for measure units
/// (%, 岁, 年, 元 …), which name a level, not a count.
pub(super) fn count_word(unit: &str) -> Option<&'static str> {
    Some(match unit {
        "名" | "人" | "万人" => "人数",
        "次" => "次数",
        "人次" => "人次",
        "期" => "期数",
        "课时" => "课时数",
        "学时" => "学时数",
        "所" | "个" | "项" | "家" | "场" | "批" | "户" | "张" => "数",
        _ => return None,
    })
}

/// `年均增长X%` (`t.annual`, value ±X): a relative change from the base year to the plan's last year at the
/// compound rate, target = base × (1 ± X%)^(last − base), the cumulative change rounded to two decimals; always
/// marked for review. Without a horizon it is a directional target, marked.
pub(super) fn annual_change(mut it: Item, line: &str, t: &ParsedTarget, ctx: &Ctx) -> Item {
    let r = t.value;
    let years = ctx.last.saturating_sub(ctx.base);
    let word = if r < 0.0 { "下降" } else { "增长" };
    let n = fmt_num(r.abs());
    let unit = guess_unit(&it.ind.name, line);
    match unit {
        Some(u) => it.ind.unit = u.to_string(),
        None => it.mark("指标计量单位无法从措辞推定，请核对"),
    }
    it.ind.direction = if r < 0.0 { Direction::Down } else { Direction::Up };
    let factor = (1.0 + r / 100.0).powi(i32::from(years));
    let total = ((factor - 1.0) * 10_000.0).round() / 100.0;
    if years == 0 || r <= -100.0 || total == 0.0 || !total.is_finite() {
        it.ind.kind = Kind::Directional;
        it.note(format!("年均{word}{n}%：无法按规划期折算，暂按方向性目标（以{}年为基数）评估。", ctx.base));
        it.mark(format!("年均{word}{n}%：请核对按复合增长率计算的目标值"));
        set_entry(&mut it, line);
        return it;
    }
    it.ind.kind = Kind::Relative;
    it.ind.op = Some(if r < 0.0 { Op::Le } else { Op::Ge });
    it.ind.value = Some(total);
    let (base, last) = (ctx.base, ctx.last);
    it.note(format!(
        "年均{word}{n}%：按复合增长率计算，自{base}年（基数年）至{last}年共{years}年，目标值 = {base}年数值 × \
         (1 {} {n}%)^{years} ≈ {base}年数值 × {}（累计{word}{}%，保留两位小数），最新一年{}目标值即为实现；\
         中期评估按已过年数折算的累计{word}幅度衡量进度。",
        if r < 0.0 { "−" } else { "+" },
        fmt_num((factor * 10_000.0).round() / 10_000.0),
        fmt_num(total.abs()),
        if r < 0.0 { "不高于" } else { "不低于" }
    ));
    it.mark(format!("年均{word}{n}%：请核对按复合增长率计算的目标值（{base}—{last}年累计{word}{}%）", fmt_num(total.abs())));
    set_entry(&mut it, line);
    it
}

/// Words before 全覆盖 that are not part of what is covered.
const COVER_VERBS: [&str; 4] = ["实现", "做到", "达到", "基本"];

/// `……实现全覆盖`: the coverage of what precedes it is at least 100 % (every unit that should have it has it).
/// `基本实现全覆盖`, or nothing named before it, is marked for review.
pub(super) fn full_coverage(line: &str, span: (usize, usize)) -> Option<Item> {
    let c = &line[span.0..span.1];
    let at = c.find("全覆盖").or_else(|| c.find("全面覆盖"))?;
    let mut subject = strip_adverbs(&c[..at]);
    let mut verb_at = None;
    for v in COVER_VERBS {
        if let Some(p) = subject.find(v) {
            verb_at = Some(verb_at.map_or(p, |q: usize| q.min(p)));
        }
    }
    // "儿童之家实现城乡社区全覆盖": the places named between the verb and 全覆盖 are where it is covered.
    let whom = verb_at.map(|p| {
        let mut rest = &subject[p..];
        while let Some(v) = COVER_VERBS.iter().find(|v| rest.starts_with(*v)) {
            rest = &rest[v.len()..];
        }
        clean_name(rest)
    });
    if let Some(p) = verb_at {
        subject = strip_adverbs(&subject[..p]);
    }
    let mut subject = subject;
    while let Some(v) = ["推动", "推进", "促进", "加快", "力争", "争取", "努力"].iter().find(|v| subject.starts_with(*v)) {
        subject = &subject[v.len()..];
    }
    let subject = clean_name(subject);
    let whom = whom.unwrap_or_default();
    let name = format!("{subject}{whom}覆盖率");
    let mut it = Item::new(line, span, name);
    it.ind.kind = Kind::Min;
    it.ind.op = Some(Op::Ge);
    it.ind.value = Some(100.0);
    it.ind.unit = "%".into();
    it.ind.direction = Direction::Up;
    it.note("实现全覆盖：按覆盖率达到100%评估（应覆盖的对象全部覆盖即为实现），须附覆盖清单等佐证。");
    if subject.is_empty() && whom.is_empty() {
        it.mark("“全覆盖”的对象无法从措辞确定，请核对");
    }
    if c.contains("基本") {
        it.mark("“基本实现全覆盖”暂按覆盖率100%评估，口径请核对");
    }
    set_entry(&mut it, line);
    Some(it)
}

/// The `应X尽X` of `c` ("应保尽保", "应救尽救", "应种尽种"): (byte position, the four characters, X).
fn ying_jin(c: &str) -> Option<(usize, String, char)> {
    let chars: Vec<(usize, char)> = c.char_indices().collect();
    chars.windows(4).find_map(|w| {
        (w[0].1 == '应' && w[2].1 == '尽' && w[1].1 == w[3].1 && is_cjk(w[1].1))
            .then(|| (w[0].0, w.iter().map(|x| x.1).collect(), w[1].1))
    })
}

/// `……应保尽保` (and the other `应X尽X`): all of the eligible are covered — the share of the eligible covered is at
/// least 100 %; who is eligible is the reviewer's to confirm, so it is always marked.
pub(super) fn all_eligible(line: &str, span: (usize, usize)) -> Option<Item> {
    let c = &line[span.0..span.1];
    let (at, word, x) = ying_jin(c)?;
    let mut subject = strip_adverbs(&c[..at]);
    for v in COVER_VERBS {
        subject = strip_adverbs(subject.strip_suffix(v).unwrap_or(subject));
    }
    let subject = clean_name(subject);
    let name = if subject.is_empty() { format!("{word}比例") } else { format!("{subject}{word}比例") };
    let mut it = Item::new(line, span, name);
    it.ind.kind = Kind::Min;
    it.ind.op = Some(Op::Ge);
    it.ind.value = Some(100.0);
    it.ind.unit = "%".into();
    it.ind.direction = Direction::Up;
    let who = if subject.is_empty() { "符合条件的对象".to_string() } else if subject.starts_with("符合") { subject.clone() } else { format!("符合条件的{subject}") };
    let num = format!("已{x}的{}人数", who.trim_end_matches("人数"));
    let den = format!("{}人数", who.trim_end_matches("人数"));
    it.ind.entry = Entry::Rate;
    it.ind.formula = format!("{num} ÷ {den} × 100");
    it.ind.numerator = Some(num);
    it.ind.denominator = Some(den);
    it.ind.scale = Some(100.0);
    it.note(format!("{word}：按符合条件的对象中已{x}的比例达到100%评估（符合条件的全部纳入即为实现）。"));
    it.mark(format!("{word}：按符合条件对象的覆盖比例达到100%评估，“符合条件”的范围和分子分母口径请核对"));
    Some(it)
}
