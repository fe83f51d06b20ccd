//! 与上一期对照 / Linking a catalogue to the previous period's: which new indicator continues which old one.
//!
//! [`match_catalogues`] is a pure function over two catalogues: every indicator of `new` is scored against
//! every indicator of the same plan in `old` and the best pairs are taken one to one, best first. The score
//! (0–1) adds up:
//!
//! | signal | weight | how |
//! |---|---|---|
//! | name | 0.45 | character-pair (bigram) overlap of the names, digits and punctuation left out; 1 when equal |
//! | clause | 0.25 | the same overlap of the verbatim clauses without their numbers (targets change) |
//! | unit | 0.10 | the same unit ("%", "‰", "/10万" …) |
//! | entry | 0.10 | the same entry kind (value, rate, female/male, per body, milestone) |
//! | domain | 0.10 | a domain of the same name (domain numbers may shift between periods) |
//!
//! A pair below [`MIN_SCORE`] is no link: the new indicator is new. A link is *sure* when its score is at
//! least [`SURE_SCORE`], unit and entry kind are the same and no other old indicator comes within
//! [`SURE_MARGIN`] of it; every other link is proposed with `review = "…"` naming the reasons, for a person to
//! confirm or change. Links already written in `new` (`previous = "…"`) are kept as they are and their old
//! indicators are not offered to others. Old indicators nobody continues are listed (no successor).
//!
//! The same matcher serves any two catalogues (e.g. a county's and the city's for a roll-up map). For a
//! roll-up map (no links written), an indicator of the same id and the same name in the same plan is paired
//! first, without scoring (score 1; sure when unit and entry kind agree): counties of one province mostly
//! share their plan's ids and names, and scoring every pair of 120 counties' catalogues took most of the
//! automatic matching's time.

use super::{Catalogue, Entry, IndicatorRef, PreviousCatalogue};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Below this score a pair is not proposed.
pub const MIN_SCORE: f64 = 0.5;
/// From this score (with the same unit and entry kind and a clear margin) a link needs no review.
pub const SURE_SCORE: f64 = 0.8;
/// The best candidate must lead the second by this much to be sure.
pub const SURE_MARGIN: f64 = 0.1;

/// "数值", "分子分母", "女性/男性人数", "各单位配备数", "进展阶段": how an entry kind is named in messages.
pub fn entry_label(e: Entry) -> &'static str {
    match e {
        Entry::Value => "数值",
        Entry::Rate => "分子分母",
        Entry::FemaleMale => "女性/男性人数",
        Entry::PerBody => "各单位配备数",
        Entry::Milestone => "进展阶段",
    }
}

/// One new indicator and the old one it continues (or none: a new indicator).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The indicator of the new catalogue.
    pub new: String,
    /// The indicator of the old catalogue it continues; None for a new indicator.
    pub old: Option<String>,
    /// 0–1 (1 for a link already written in the catalogue, and in a roll-up map for a pair of the same id and
    /// the same name).
    pub score: f64,
    /// Why, in Chinese: "名称相同", "单位不同（% → ‰）" …
    pub reasons: Vec<String>,
    /// No review needed (a sure match, or a link already written).
    pub sure: bool,
    /// The link was already written in the new catalogue and is kept.
    pub kept: bool,
}

/// The links of every new indicator (new catalogue order) and the old indicators without a successor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Links {
    pub links: Vec<Link>,
    /// Old indicator ids no new indicator continues, in old catalogue order.
    pub orphans: Vec<String>,
}

impl Links {
    /// Linked indicators (sure or not).
    pub fn linked(&self) -> usize {
        self.links.iter().filter(|l| l.old.is_some()).count()
    }
    /// Links proposed for review.
    pub fn unsure(&self) -> usize {
        self.links.iter().filter(|l| l.old.is_some() && !l.sure).count()
    }
    /// New indicators (no predecessor).
    pub fn new_indicators(&self) -> usize {
        self.links.iter().filter(|l| l.old.is_none()).count()
    }
    /// "接续上一期指标 250 个（其中 12 个需人工核对），新增指标 8 个，上一期指标无接续 40 个"
    pub fn message(&self) -> String {
        let unsure = if self.unsure() > 0 { format!("（其中 {} 个需人工核对）", self.unsure()) } else { String::new() };
        format!(
            "接续上一期指标 {} 个{unsure}，新增指标 {} 个，上一期指标无接续 {} 个",
            self.linked(),
            self.new_indicators(),
            self.orphans.len()
        )
    }
}

/// Name or clause reduced to what identifies the measure: no digits, spaces, punctuation or target words.
fn core_text(s: &str) -> Vec<char> {
    const TARGET_WORDS: [&str; 20] = [
        "达到", "以上", "以下", "保持在", "保持", "控制在", "以内", "左右", "不低于", "高于", "提高到", "提高", "降低",
        "下降到", "下降", "增加", "减少", "逐步", "稳定", "有所",
    ];
    let mut t = s.to_string();
    for w in TARGET_WORDS {
        t = t.replace(w, "");
    }
    t.chars().filter(|c| c.is_alphabetic()).collect()
}

/// Character pairs of a text (single characters for a one-character text), sorted and without repeats.
fn bigrams(chars: &[char]) -> Vec<(char, char)> {
    if chars.len() == 1 {
        return vec![(chars[0], chars[0])];
    }
    let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Dice overlap of two pair sets (0–1), both sorted without repeats ([`bigrams`]).
fn dice(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// What the matcher compares of one indicator, computed once, when first needed (indicators paired by id and
/// name before scoring never need it).
struct Prepared<'a> {
    r: IndicatorRef<'a>,
    texts: std::cell::OnceCell<Texts>,
}

/// The core name and the character pairs of name and clause.
struct Texts {
    name: Vec<char>,
    name_pairs: Vec<(char, char)>,
    clause_pairs: Vec<(char, char)>,
}

impl Prepared<'_> {
    fn texts(&self) -> &Texts {
        self.texts.get_or_init(|| {
            let name = core_text(&self.r.indicator.name);
            Texts { name_pairs: bigrams(&name), clause_pairs: bigrams(&core_text(&self.r.indicator.clause)), name }
        })
    }
}

fn prepare(r: IndicatorRef<'_>) -> Prepared<'_> {
    Prepared { r, texts: std::cell::OnceCell::new() }
}

/// The signals of `new` continuing `old` (see the module doc).
struct Signals {
    name: f64,
    clause: f64,
    unit: bool,
    entry: bool,
    domain: bool,
}

impl Signals {
    fn of(new: &Prepared<'_>, old: &Prepared<'_>) -> Signals {
        let (a, b) = (new.r.indicator, old.r.indicator);
        let (n, o) = (new.texts(), old.texts());
        Signals {
            name: if n.name == o.name && !n.name.is_empty() { 1.0 } else { dice(&n.name_pairs, &o.name_pairs) },
            clause: dice(&n.clause_pairs, &o.clause_pairs),
            unit: a.unit.trim() == b.unit.trim(),
            entry: a.entry == b.entry,
            domain: new.r.domain.name == old.r.domain.name,
        }
    }
    fn score(&self) -> f64 {
        0.45 * self.name + 0.25 * self.clause + 0.1 * f64::from(u8::from(self.unit)) + 0.1 * f64::from(u8::from(self.entry))
            + 0.1 * f64::from(u8::from(self.domain))
    }
}

/// The score of `new` continuing `old` (0–1); 0 for indicators of different plans. Computed for every pair
/// without allocating; the reasons ([`reasons`]) only for the pairs taken.
fn score(new: &Prepared<'_>, old: &Prepared<'_>) -> f64 {
    if new.r.domain.plan != old.r.domain.plan {
        return 0.0;
    }
    Signals::of(new, old).score()
}

/// Why `new` continues `old`, in Chinese: "名称相同", "原文相似度 0.80", "单位不同（% → ‰）" ….
fn reasons(new: &Prepared<'_>, old: &Prepared<'_>) -> Vec<String> {
    if new.r.domain.plan != old.r.domain.plan {
        return vec!["不属于同一部规划".into()];
    }
    let s = Signals::of(new, old);
    let mut reasons = Vec::new();
    if s.name == 1.0 {
        reasons.push("名称相同".to_string());
    } else if s.name > 0.0 {
        reasons.push(format!("名称相似度 {:.2}", s.name));
    } else {
        reasons.push("名称不同".to_string());
    }
    reasons.push(format!("原文相似度 {:.2}", s.clause));
    reasons.extend(differences(new.r, old.r));
    reasons
}

/// "单位不同（% → ‰）", "填报方式不同（…）", "领域不同（…）": what differs besides the texts.
fn differences(new: IndicatorRef<'_>, old: IndicatorRef<'_>) -> Vec<String> {
    let (a, b) = (new.indicator, old.indicator);
    let mut out = Vec::new();
    if a.unit.trim() != b.unit.trim() {
        out.push(format!("单位不同（“{}” → “{}”）", b.unit, a.unit));
    }
    if a.entry != b.entry {
        out.push(format!("填报方式不同（{} → {}）", entry_label(b.entry), entry_label(a.entry)));
    }
    if new.domain.name != old.domain.name {
        out.push(format!("领域不同（{} → {}）", old.domain.name, new.domain.name));
    }
    out
}

/// Proposes, for every indicator of `new`, the indicator of `old` it continues (see the module doc).
pub fn match_catalogues(new: &Catalogue, old: &Catalogue) -> Links {
    match_indicators(new, old, true)
}

/// The matcher itself: with `keep_written`, links already written in `new` (`previous = "…"`) are kept;
/// without it every indicator is scored afresh (a roll-up map between a county's and the city's catalogue,
/// where `previous` names the city's own previous period, not the county).
pub(crate) fn match_indicators(new: &Catalogue, old: &Catalogue, keep_written: bool) -> Links {
    let news: Vec<Prepared<'_>> = new.indicators().into_iter().map(prepare).collect();
    let olds: Vec<Prepared<'_>> = old.indicators().into_iter().map(prepare).collect();
    let old_pos: BTreeMap<&str, usize> = olds.iter().enumerate().map(|(k, p)| (p.r.indicator.id.as_str(), k)).collect();
    let mut links: Vec<Option<Link>> = vec![None; news.len()];
    let mut taken = vec![false; olds.len()];
    // Links already written are kept (their old indicator is taken, even when two new ones share it).
    for (k, n) in news.iter().enumerate().filter(|_| keep_written) {
        if let Some(old_id) = n.r.indicator.previous.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            if let Some(&o) = old_pos.get(old_id) {
                taken[o] = true;
            }
            links[k] = Some(Link {
                new: n.r.indicator.id.clone(),
                old: Some(old_id.to_string()),
                score: 1.0,
                reasons: vec!["目录中已写明".into()],
                sure: true,
                kept: true,
            });
        }
    }
    // Without links written (a roll-up map): an indicator of the same id and the same name in the same plan
    // is the same indicator, taken before any scoring (the counties of one province mostly share the ids and
    // names of the plan they all follow: no need to score every pair).
    if !keep_written {
        for (k, n) in news.iter().enumerate() {
            let Some(&o) = old_pos.get(n.r.indicator.id.as_str()) else { continue };
            let (a, b) = (n.r.indicator, olds[o].r.indicator);
            if taken[o] || a.name.trim() != b.name.trim() || n.r.domain.plan != olds[o].r.domain.plan {
                continue;
            }
            taken[o] = true;
            let mut why = vec!["编号与名称相同".to_string()];
            why.extend(differences(n.r, olds[o].r));
            let sure = a.unit.trim() == b.unit.trim() && a.entry == b.entry;
            links[k] = Some(Link { new: a.id.clone(), old: Some(b.id.clone()), score: 1.0, reasons: why, sure, kept: false });
        }
    }
    // Every remaining pair above the threshold, best first; ties in catalogue order.
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    let mut best_other: Vec<Vec<(f64, usize)>> = vec![Vec::new(); news.len()];
    for (k, n) in news.iter().enumerate() {
        if links[k].is_some() {
            continue;
        }
        for (o, p) in olds.iter().enumerate() {
            if taken[o] {
                continue;
            }
            let s = score(n, p);
            if s >= MIN_SCORE {
                best_other[k].push((s, o));
                pairs.push((s, k, o));
            }
        }
        best_other[k].sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (s, k, o) in pairs {
        if links[k].is_some() || taken[o] {
            continue;
        }
        taken[o] = true;
        let mut reasons = reasons(&news[k], &olds[o]);
        let (a, b) = (news[k].r.indicator, olds[o].r.indicator);
        let rival = best_other[k].iter().find(|(_, x)| *x != o).copied();
        let close = rival.is_some_and(|(rs, _)| s - rs < SURE_MARGIN);
        if let Some((rs, x)) = rival.filter(|_| close) {
            reasons.push(format!("另有相近的上一期指标 {}（{}，{:.2}）", olds[x].r.indicator.id, olds[x].r.indicator.name, rs));
        }
        let sure = s >= SURE_SCORE && a.unit.trim() == b.unit.trim() && a.entry == b.entry && !close;
        links[k] = Some(Link { new: a.id.clone(), old: Some(b.id.clone()), score: s, reasons, sure, kept: false });
    }
    let links: Vec<Link> = links
        .into_iter()
        .zip(&news)
        .map(|(l, n)| {
            l.unwrap_or_else(|| Link {
                new: n.r.indicator.id.clone(),
                old: None,
                score: 0.0,
                reasons: vec!["上一期没有相近的指标（新增）".into()],
                sure: true,
                kept: false,
            })
        })
        .collect();
    let used: BTreeSet<&str> = links.iter().filter_map(|l| l.old.as_deref()).collect();
    let orphans = olds.iter().map(|p| p.r.indicator.id.clone()).filter(|id| !used.contains(id.as_str())).collect();
    Links { links, orphans }
}

/// `new` linked to `old`: `[previous]` names `old` (id, version, base year), each proposed link is written
/// as `previous = "…"`, and each unsure one gets a review mark with its reasons (added to any mark already
/// there). Returns the linked catalogue and the links.
pub fn link_catalogue(new: &Catalogue, old: &Catalogue) -> (Catalogue, Links) {
    let links = match_catalogues(new, old);
    let mut out = new.clone();
    out.previous = Some(PreviousCatalogue { id: old.id.clone(), version: old.version.clone(), base: Some(old.period.base) });
    let by_new: BTreeMap<&str, &Link> = links.links.iter().map(|l| (l.new.as_str(), l)).collect();
    let old_index = old.index();
    for line in &mut out.lines {
        for ind in &mut line.indicators {
            let Some(l) = by_new.get(ind.id.as_str()) else { continue };
            if l.kept {
                continue;
            }
            let Some(old_id) = &l.old else { continue };
            ind.previous = Some(old_id.clone());
            if !l.sure {
                let name = old_index.get(old_id.as_str()).map_or("", |r| r.indicator.name.as_str());
                let why = format!("与上一期指标 {old_id}（{name}）的对照待确认：{}", l.reasons.join("，"));
                ind.review = if ind.review.trim().is_empty() { why } else { format!("{}；{why}", ind.review) };
            }
        }
    }
    (out, links)
}

/// What `lishu catalogue link` makes of a new catalogue file: the linked catalogue, its links, the TOML to
/// write and the report to print.
#[derive(Debug, Clone)]
pub struct LinkOutcome {
    pub catalogue: Catalogue,
    pub links: Links,
    pub toml: String,
    pub report: String,
}

/// Reads the new catalogue file (`name` for messages), links it to `old` ([`link_catalogue`]) and checks the
/// result. Errors are Chinese messages naming the file and line.
pub fn link_file(name: &str, bytes: &[u8], old: &Catalogue) -> Result<LinkOutcome, Vec<String>> {
    let new = super::file::read_catalogue(bytes)
        .map_err(|errs| errs.iter().map(|e| format!("文件“{name}”：{}", e.message())).collect::<Vec<_>>())?;
    if new.id == old.id {
        return Err(vec![format!("文件“{name}”与上一期目录是同一个目录（编号 {}），请给出新一期的目录", new.id)]);
    }
    if let Some(p) = new.previous.as_ref().filter(|p| p.id != old.id) {
        return Err(vec![format!(
            "文件“{name}”已写明上一期目录为 {}，而给出的上一期目录是 {}；请用 --previous 给出 {} 的目录文件",
            p.id,
            old.describe(),
            p.id
        )]);
    }
    let (catalogue, links) = link_catalogue(&new, old);
    let mut errors = super::check::check_catalogue(&catalogue);
    errors.extend(super::check::check_links(&catalogue, old));
    if !errors.is_empty() {
        return Err(errors.iter().map(|e| format!("文件“{name}”：{}", e.message())).collect());
    }
    let heading = format!(
        "{}\n已与上一期目录对照：{}（lishu catalogue link）。\n每个 previous 为接续的上一期指标；review 标注的对照请人工核对，确认后删去该行。",
        catalogue.describe(),
        old.describe()
    );
    let toml = super::file::write_catalogue(&catalogue, &heading).map_err(|e| vec![e])?;
    let report = link_report(&links, &catalogue, old);
    Ok(LinkOutcome { catalogue, links, toml, report })
}

/// The report of a linking: the counts, each link to review with its reasons, and the old indicators
/// without a successor.
pub fn link_report(links: &Links, new: &Catalogue, old: &Catalogue) -> String {
    let mut out = links.message();
    let unsure: Vec<&Link> = links.links.iter().filter(|l| l.old.is_some() && !l.sure).collect();
    if !unsure.is_empty() {
        out.push_str("\n需人工核对的对照：");
        for l in unsure {
            let old_id = l.old.as_deref().unwrap_or_default();
            out.push_str(&format!(
                "\n  {} ← {}：{}",
                new.indicator_label(&l.new),
                old.indicator_label(old_id),
                l.reasons.join("，")
            ));
        }
    }
    let fresh: Vec<&Link> = links.links.iter().filter(|l| l.old.is_none()).collect();
    if !fresh.is_empty() {
        out.push_str("\n新增指标：");
        for l in fresh {
            out.push_str(&format!("\n  {}", new.indicator_label(&l.new)));
        }
    }
    if !links.orphans.is_empty() {
        out.push_str("\n上一期指标无接续（数据不转入）：");
        for id in &links.orphans {
            out.push_str(&format!("\n  {}", old.indicator_label(id)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalogue_links_to_itself_one_to_one() {
        let c = Catalogue::embedded();
        let l = match_catalogues(c, c);
        assert!(l.orphans.is_empty());
        assert_eq!(l.new_indicators(), 0);
        let wrong: Vec<_> = l.links.iter().filter(|x| x.old.as_deref() != Some(x.new.as_str())).collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn scores_weigh_name_clause_unit_entry_and_domain() {
        let c = Catalogue::embedded();
        let rs = c.indicators();
        let a = prepare(rs[0]);
        let (same, why) = (score(&a, &a), reasons(&a, &a));
        assert!((same - 1.0).abs() < 1e-9 && why[0] == "名称相同", "{same} {why:?}");
        let other = rs.iter().find(|r| r.domain.plan != rs[0].domain.plan).expect("children's plan");
        assert_eq!(score(&a, &prepare(*other)), 0.0);
        let mut changed = rs[0].indicator.clone();
        changed.unit = "‰".into();
        changed.entry = if changed.entry == Entry::Value { Entry::Rate } else { Entry::Value };
        let r = IndicatorRef { indicator: &changed, ..rs[0] };
        let p = prepare(r);
        let (s, why) = (score(&p, &a), reasons(&p, &a));
        assert!((s - 0.8).abs() < 1e-9, "{s}");
        assert!(why.iter().any(|w| w.starts_with("单位不同")) && why.iter().any(|w| w.starts_with("填报方式不同")), "{why:?}");
    }
}
