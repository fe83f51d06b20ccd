//! 市级汇总 / Summing the counties' data into the city's catalogue.
//!
//! For every city indicator some county feeds ([`super::map`]) and every year of the city's period with at
//! least one county entry, one city entry is written:
//!
//! - **rates** (分子分母): the numerators and the denominators of the counties that gave both are summed; the
//!   city value is Σ numerators ÷ Σ denominators × the city indicator's scale (a county's ‰ and the city's %
//!   need no conversion: the counts are the same). A county that gave only the rate is not averaged in: it is
//!   named under 缺少分子分母.
//! - **female/male** (女性/男性人数): the women and the men are summed (a county with only the share: 缺少女性/男性人数).
//! - **counts** (数值 in 人、个、所、例、名 …, not an average or a per-head figure): summed, each converted by the
//!   map's factor. Other values (years of age, yuan per head, rates entered directly, gaps in 百分点) cannot be
//!   added: no city value, the counties' values are listed.
//! - **stages** (进展阶段) and **per-body counts** are not computed for the city: the counties' are listed.
//!
//! The entry's note keeps the audit trail: "市级汇总：覆盖3个县区中的2个；缺少分子分母：丙县。已审核的县区：甲县 12 ÷
//! 1000 = 12‰；丙县 数值 1.2‰。填报中的县区：乙县 30 ÷ 2500 = 12‰" — every county's figures (in the city's unit),
//! grouped by reporting state (已审核 when locked, else the lead unit's 已提交/已退回/填报中).

use super::map::{rate_unit_scale, CountyMap, Pair};
use std::collections::{BTreeMap, HashMap};
use crate::catalogue::{fmt_num, Catalogue, Entry, Indicator};
use crate::dataset::{resolve, round2, Dataset, Derivation, YearEntry, DRAFTING};

/// One county's part in the roll-up: its catalogue, its map and its data (None: no data file given).
#[derive(Debug, Clone, Copy)]
pub struct CountyPart<'a> {
    pub catalogue: &'a Catalogue,
    pub map: &'a CountyMap,
    pub data: Option<&'a Dataset>,
}

/// The rolled-up dataset and its counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summed {
    pub dataset: Dataset,
    /// City indicators written, year entries written, entries with a summed value.
    pub indicators: usize,
    pub entries: usize,
    pub valued: usize,
}

/// Units of counts that may be added up (a value entry in one of these, not an average or per-head figure).
const COUNT_UNITS: [&str; 16] = ["人", "名", "个", "所", "例", "件", "家", "户", "人次", "处", "项", "座", "张", "床", "支", "次"];

/// May values of `ind` be added across counties: a count, not an average (人均、平均、年均、每…).
pub fn is_count(ind: &Indicator) -> bool {
    ind.entry == Entry::Value
        && COUNT_UNITS.contains(&ind.unit.trim())
        && !["均", "每", "率", "比"].iter().any(|w| ind.name.contains(w))
}

/// The reporting state of a county's year of `ind`: 已审核 when locked, else the lead unit's state.
fn status(ds: &Dataset, ind: &Indicator, year: u16) -> &'static str {
    if ds.locks.get(&ind.id).is_some_and(|m| m.contains_key(&year)) {
        return "已审核";
    }
    ds.reviews.get(ds.lead_unit(ind)).and_then(|m| m.get(&year)).map_or(DRAFTING, |r| r.state.label())
}

/// What the counties gave for one city indicator and year.
#[derive(Default)]
struct Year {
    /// Counties whose figures were summed.
    summed: Vec<String>,
    /// Σ numerator, Σ denominator (rates) or Σ female, Σ male, or Σ value (counts).
    a: f64,
    b: f64,
    /// Counties that gave a value without the counts needed.
    no_counts: Vec<String>,
    /// Counties with the indicator mapped but no entry that year.
    not_entered: Vec<String>,
    /// Counties without the indicator mapped.
    unmapped: Vec<String>,
    /// Counties without a data file.
    no_file: Vec<String>,
    /// (reporting state, "甲县 12 ÷ 1000 = 12‰") …
    parts: Vec<(&'static str, String)>,
    /// Some county gave anything.
    any: bool,
}

/// Rolls the counties' data up into a dataset of `city` (see the module doc); `at` stamps the entries.
pub fn roll_up(city: &Catalogue, counties: &[CountyPart<'_>], at: &str) -> Summed {
    let mut out = Summed::default();
    let county_indexes: Vec<_> = counties.iter().map(|c| c.catalogue.index()).collect();
    // Each county's pairs by city id (looked up once per city indicator, not scanned).
    let pairs: Vec<HashMap<&str, &Pair>> = counties.iter().map(|c| c.map.pairs.iter().map(|p| (p.city.as_str(), p)).collect()).collect();
    for r in city.indicators() {
        let ind = r.indicator;
        // Per county: its indicator, the factor and its entries by year (looked up once, not once a year).
        let feeders: Vec<Option<Feeder<'_>>> = counties
            .iter()
            .zip(&county_indexes)
            .zip(&pairs)
            .map(|((c, idx), pm)| {
                let p = pm.get(ind.id.as_str())?;
                let k = idx.get(p.county.as_str())?.indicator;
                Some((k, p.factor, c.data.and_then(|d| d.data.get(&k.id))))
            })
            .collect();
        if feeders.iter().all(Option::is_none) {
            continue;
        }
        let mut wrote = false;
        for year in city.period.years() {
            let y = one_year(ind, year, counties, &feeders);
            if !y.any {
                continue;
            }
            let mut e = YearEntry { source: "市级汇总（各县区数据）".to_string(), updated_at: at.to_string(), ..YearEntry::default() };
            let has = !y.summed.is_empty();
            match ind.entry {
                Entry::Rate if has => (e.numerator, e.denominator) = (fmt_num(y.a), fmt_num(y.b)),
                Entry::FemaleMale if has => (e.female, e.male) = (fmt_num(y.a), fmt_num(y.b)),
                Entry::Value if has => e.value = fmt_num(y.a),
                _ => {}
            }
            e.note = note(ind, counties.len(), &y);
            out.valued += usize::from(!e.is_empty());
            out.entries += 1;
            wrote = true;
            out.dataset.set_entry(&ind.id, year, e);
        }
        out.indicators += usize::from(wrote);
    }
    out
}

/// A county's indicator feeding a city indicator, the factor to the city's unit and its entries by year.
type Feeder<'a> = (&'a Indicator, f64, Option<&'a BTreeMap<u16, YearEntry>>);

/// The counties' figures for one city indicator and year.
fn one_year(ind: &Indicator, year: u16, counties: &[CountyPart<'_>], feeders: &[Option<Feeder<'_>>]) -> Year {
    let mut y = Year::default();
    let unit = ind.unit.trim();
    for (c, f) in counties.iter().zip(feeders) {
        let name = c.catalogue.region.clone();
        let Some((k, factor, years)) = *f else {
            y.unmapped.push(name);
            continue;
        };
        let Some(ds) = c.data else {
            y.no_file.push(name);
            continue;
        };
        let Some(entry) = years.and_then(|m| m.get(&year)).filter(|e| !e.is_empty()) else {
            y.not_entered.push(name);
            continue;
        };
        y.any = true;
        let st = status(ds, k, year);
        let Ok(res) = resolve(k, c.catalogue.period, year, entry) else {
            // Checked on reading; a value that still does not resolve is not summed.
            y.no_counts.push(name.clone());
            y.parts.push((st, format!("{name} 数值有误")));
            continue;
        };
        let shown = |v: f64| format!("{}{unit}", fmt_num(round2(v * factor)));
        match (ind.entry, res.derivation) {
            (Entry::Rate, Derivation::Rate { numerator, denominator, .. }) => {
                y.a += numerator;
                y.b += denominator;
                let v = numerator / denominator * super::map::scale_of(ind);
                y.parts.push((st, format!("{name} {} ÷ {} = {}{unit}", fmt_num(numerator), fmt_num(denominator), fmt_num(round2(v)))));
                y.summed.push(name);
            }
            (Entry::FemaleMale, Derivation::Share { female, male }) => {
                y.a += female;
                y.b += male;
                y.parts.push((st, format!("{name} 女 {} 男 {}", fmt_num(female), fmt_num(male))));
                y.summed.push(name);
            }
            (Entry::Value, _) if is_count(ind) && res.value.is_some() => {
                let v = res.value.unwrap_or_default();
                y.a += v * factor;
                y.parts.push((st, format!("{name} {}", shown(v))));
                y.summed.push(name);
            }
            (Entry::Milestone, _) => {
                let stage = res.stage.map_or("未选阶段", |s| s.label());
                y.parts.push((st, format!("{name} {stage}")));
            }
            (Entry::PerBody, _) => {
                let bodies: Vec<String> =
                    res.bodies.iter().map(|(b, v)| format!("{b} {}{}", fmt_num(*v * factor), ind.unit)).collect();
                y.parts.push((st, format!("{name} {}", bodies.join("、"))));
            }
            (Entry::Rate | Entry::FemaleMale, _) => {
                y.parts.push((st, format!("{name} 数值 {}", res.value.map_or("—".to_string(), shown))));
                y.no_counts.push(name);
            }
            (_, _) => {
                y.parts.push((st, format!("{name} {}", res.value.map_or("—".to_string(), shown))));
                if rate_unit_scale(unit).is_some() {
                    y.no_counts.push(name);
                }
            }
        }
    }
    y
}

/// "市级汇总：覆盖3个县区中的2个；缺少分子分母：丙县。已审核的县区：…".
fn note(ind: &Indicator, total: usize, y: &Year) -> String {
    let mut s = match ind.entry {
        Entry::Milestone => format!("市级汇总：进展阶段不汇总，市级不评定阶段（{}个县区中{}个填报）", total, y.parts.len()),
        Entry::PerBody => format!("市级汇总：各单位配备数不汇总（{}个县区中{}个填报）", total, y.parts.len()),
        Entry::Value if !is_count(ind) && rate_unit_scale(&ind.unit).is_none() => {
            format!("市级汇总：此类数值（平均数、人均额、差距等）不能相加，未计算市级数值（{}个县区中{}个填报）", total, y.parts.len())
        }
        _ => format!("市级汇总：覆盖{}个县区中的{}个", total, y.summed.len()),
    };
    let missing = match ind.entry {
        Entry::FemaleMale => "缺少女性/男性人数",
        _ => "缺少分子分母",
    };
    for (label, list) in [(missing, &y.no_counts), ("未填报", &y.not_entered), ("未报送数据", &y.no_file), ("无对应指标", &y.unmapped)] {
        if !list.is_empty() {
            s.push_str(&format!("；{label}：{}", list.join("、")));
        }
    }
    // Grouped by reporting state (in the order first met), counties in map order: "。已审核的县区：甲县 …；丙县
    // …。填报中的县区：乙县 …" (the state written once, not once a county: a province's notes are a third shorter).
    let mut states: Vec<&str> = Vec::new();
    for (st, _) in &y.parts {
        if !states.contains(st) {
            states.push(st);
        }
    }
    for st in states {
        let list: Vec<&str> = y.parts.iter().filter(|(x, _)| *x == st).map(|(_, t)| t.as_str()).collect();
        s.push_str(&format!("。{st}的县区：{}", list.join("；")));
    }
    s
}
