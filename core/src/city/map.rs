//! 市级汇总对应表 / The roll-up map: which county indicator feeds which city indicator.
//!
//! The map is a plain TOML file an office can edit:
//!
//! ```toml
//! city = "siping-2021-2025"          # 市级目录的编号
//! city_version = "2022-10-01.1"      # 市级目录的版本
//!
//! [[county]]                         # 一个县区
//! catalogue = "lishu-2021-2025"      # 县区目录的编号
//! version = "2022-09-26.1"           # 县区目录的版本
//! region = "梨树区"                  # 县区名称（仅供阅读；以目录中的 region 为准）
//!
//! [county.map]                       # 市级指标编号 = "县区指标编号"
//! "W1-4-2" = "W1-4-2"
//! "C1-1-1" = "C1-2-1"
//!
//! [county.review]                    # 可选：需人工核对的对应及理由；核对后删去该行
//! "C1-1-1" = "名称相似度 0.62，单位不同（“%” → “‰”）"
//!
//! [county.scale]                     # 可选：县区数值 × scale = 市级单位的数值
//! "W2-1-1" = 10000                   #   如县区填“万人”、市级为“人”
//! ```
//!
//! Rules checked on reading ([`read_map`]), every problem listed with the file, the county, the indicator and
//! the line: `city`/`city_version` are the city catalogue's; every `[[county]]` is one of the county
//! catalogues given, by the same version, and appears once; every key of `map`, `review` and `scale` is a city
//! indicator, every value of `map` an indicator of that county; a city indicator gets at most one county
//! indicator per county (a TOML key appears once) and **a county indicator feeds at most one city indicator**;
//! the entry kinds are the same; the units are the same, or both rate units (%, ‰, /10万: converted by a
//! factor), or — for two different non-rate units — converted by the `scale` given; a rate unit against any
//! other unit is refused even with a `scale` (a share is not a count). A `scale` that contradicts the
//! automatic conversion is refused. Review marks left in the map are listed but do not stop a roll-up.
//!
//! [`propose_map`] writes a first map with the matcher of `catalogue::link` (scored on name, clause, unit,
//! entry kind and domain): sure pairs plainly, unsure ones with a `review` naming the reasons, pairs the rules
//! above would refuse as comments, and the indicators left unmapped on either side listed.

use super::error::{At, CityError};
use crate::catalogue::file::{line_of, LineIndex};
use crate::catalogue::link::{entry_label, match_indicators};
use crate::catalogue::{Catalogue, Entry, Indicator};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

/// One city indicator fed by one county indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub city: String,
    pub county: String,
    /// County value × factor = the value in the city indicator's unit (1 for the same unit; 10 for % → ‰).
    pub factor: f64,
    /// The review mark left in the map (empty when none).
    pub review: String,
    /// Line of the pair in the map file.
    pub line: Option<usize>,
}

/// The pairs of one county.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyMap {
    /// The county catalogue's id and version.
    pub catalogue: String,
    pub version: String,
    /// The county's name (the county catalogue's `region`).
    pub region: String,
    /// In the map file's order of keys (sorted by city id).
    pub pairs: Vec<Pair>,
}

impl CountyMap {
    /// The pair feeding `city_id`, if any.
    pub fn pair(&self, city_id: &str) -> Option<&Pair> {
        self.pairs.iter().find(|p| p.city == city_id)
    }
}

/// A checked map.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupMap {
    pub city: String,
    pub city_version: String,
    pub counties: Vec<CountyMap>,
}

/// Units whose values convert into one another by a factor: the unit's scale.
pub fn rate_unit_scale(unit: &str) -> Option<f64> {
    match unit.trim() {
        "%" => Some(100.0),
        "‰" => Some(1000.0),
        "/10万" => Some(100_000.0),
        _ => None,
    }
}

/// The scale of a rate: the catalogue's `scale`, else the unit's (as `dataset::resolve` computes it).
pub fn scale_of(ind: &Indicator) -> f64 {
    ind.scale.unwrap_or(match ind.unit.as_str() {
        "‰" => 1000.0,
        "/10万" => 100_000.0,
        _ => 100.0,
    })
}

/// Why a pair cannot be summed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PairProblem {
    Entry,
    Unit,
    /// The scale given contradicts the units (expected factor), or is not a positive number (None).
    Scale(Option<f64>),
}

impl PairProblem {
    /// "单位不同且无法换算（“%” → “人”）" …: the reason a proposed pair is left out.
    pub fn describe(self, city: &Indicator, county: &Indicator) -> String {
        match self {
            PairProblem::Entry => format!("填报方式不同（{} → {}）", entry_label(county.entry), entry_label(city.entry)),
            PairProblem::Unit => format!("单位不同且无法换算（“{}” → “{}”）", county.unit, city.unit),
            PairProblem::Scale(_) => "scale 与单位换算不符".to_string(),
        }
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// The factor converting `county`'s values into `city`'s unit, or why the two cannot be summed (see the
/// module doc). `scale` is the map's explicit factor, if any.
pub fn conversion(city: &Indicator, county: &Indicator, scale: Option<f64>) -> Result<f64, PairProblem> {
    if city.entry != county.entry {
        return Err(PairProblem::Entry);
    }
    if scale.is_some_and(|s| !(s.is_finite() && s > 0.0)) {
        return Err(PairProblem::Scale(None));
    }
    let (cu, ku) = (city.unit.trim(), county.unit.trim());
    let automatic = if city.entry == Entry::Rate {
        (cu == ku || (rate_unit_scale(cu).is_some() && rate_unit_scale(ku).is_some())).then(|| scale_of(city) / scale_of(county))
    } else if cu == ku {
        Some(1.0)
    } else {
        match (rate_unit_scale(cu), rate_unit_scale(ku)) {
            (Some(c), Some(k)) => Some(c / k),
            (None, None) => None,
            _ => return Err(PairProblem::Unit),
        }
    };
    match (automatic, scale) {
        (Some(a), Some(s)) if !same(a, s) => Err(PairProblem::Scale(Some(a))),
        (Some(a), _) => Ok(a),
        (None, Some(s)) if city.entry != Entry::Rate => Ok(s),
        (None, _) => Err(PairProblem::Unit),
    }
}

// ---- Reading ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    city: Spanned<String>,
    city_version: Spanned<String>,
    #[serde(default)]
    county: Vec<RawCounty>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounty {
    catalogue: Spanned<String>,
    version: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)]
    region: String,
    #[serde(default)]
    map: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    review: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    scale: BTreeMap<String, Spanned<f64>>,
}

/// A checked map and what it leaves to a person: review marks still in it, counties without data … in Chinese.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRead {
    pub map: RollupMap,
    pub notices: Vec<String>,
}

/// Reads and checks a map file (`name` for messages) against the city catalogue and the county catalogues
/// (see the module doc). Every problem is returned, sorted by line.
pub fn read_map(name: &str, bytes: &[u8], city: &Catalogue, counties: &[&Catalogue]) -> Result<MapRead, Vec<CityError>> {
    let at_none = At { file: name.to_string(), line: None };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        vec![CityError::MapSyntax { at: at_none.clone(), detail: format!("不是 UTF-8 文本（第 {} 字节起无法识别）", e.valid_up_to()) }]
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawMap = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        vec![CityError::MapSyntax { at: At { file: name.to_string(), line }, detail: crate::catalogue::file::translate(e.message()) }]
    })?;
    let lines = LineIndex::new(text);
    let at = |span: std::ops::Range<usize>| At { file: name.to_string(), line: Some(lines.line(span.start)) };
    let mut errors = Vec::new();
    if raw.city.get_ref() != &city.id {
        errors.push(CityError::MapOtherCity { at: at(raw.city.span()), found: raw.city.get_ref().clone(), expected: city.describe() });
    } else if raw.city_version.get_ref() != &city.version {
        errors.push(CityError::MapOtherCity {
            at: at(raw.city_version.span()),
            found: format!("{}（版本 {}）", city.id, raw.city_version.get_ref()),
            expected: city.describe(),
        });
    }
    let city_index = city.index();
    let given: Vec<String> = counties.iter().map(|c| format!("{}（{}）", c.id, c.region)).collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut notices = Vec::new();
    for rc in &raw.county {
        let id = rc.catalogue.get_ref();
        if !seen.insert(id.clone()) {
            errors.push(CityError::MapCountyTwice { at: at(rc.catalogue.span()), catalogue: id.clone() });
            continue;
        }
        let Some(cat) = counties.iter().find(|c| &c.id == id) else {
            errors.push(CityError::MapUnknownCounty { at: at(rc.catalogue.span()), catalogue: id.clone(), given: given.clone() });
            continue;
        };
        let county = cat.region.clone();
        if rc.version.get_ref() != &cat.version {
            errors.push(CityError::MapCountyVersion {
                at: at(rc.version.span()),
                county: county.clone(),
                found: rc.version.get_ref().clone(),
                expected: cat.version.clone(),
            });
        }
        let county_index = cat.index();
        let mut fed: BTreeMap<&str, &str> = BTreeMap::new();
        let mut pairs = Vec::new();
        for (city_id, county_id) in &rc.map {
            let here = at(county_id.span());
            let Some(c) = city_index.get(city_id.as_str()) else {
                errors.push(CityError::UnknownCityIndicator { at: here, county: county.clone(), id: city_id.clone() });
                continue;
            };
            let Some(k) = county_index.get(county_id.get_ref().as_str()) else {
                errors.push(CityError::UnknownCountyIndicator {
                    at: here,
                    county: county.clone(),
                    city_id: city_id.clone(),
                    id: county_id.get_ref().clone(),
                });
                continue;
            };
            if let Some(first) = fed.insert(county_id.get_ref().as_str(), city_id.as_str()) {
                errors.push(CityError::CountyIndicatorTwice {
                    at: here,
                    county: county.clone(),
                    id: county_id.get_ref().clone(),
                    first: first.to_string(),
                    second: city_id.clone(),
                });
                continue;
            }
            let scale = rc.scale.get(city_id).map(|s| *s.get_ref());
            let factor = match conversion(c.indicator, k.indicator, scale) {
                Ok(f) => f,
                Err(p) => {
                    let (ci, ki) = (c.indicator, k.indicator);
                    errors.push(match p {
                        PairProblem::Entry => CityError::EntryMismatch {
                            at: here,
                            county: county.clone(),
                            city_id: city_id.clone(),
                            county_id: ki.id.clone(),
                            city_entry: entry_label(ci.entry).to_string(),
                            county_entry: entry_label(ki.entry).to_string(),
                        },
                        PairProblem::Unit => CityError::UnitMismatch {
                            at: here,
                            county: county.clone(),
                            city_id: city_id.clone(),
                            county_id: ki.id.clone(),
                            city_unit: ci.unit.clone(),
                            county_unit: ki.unit.clone(),
                        },
                        PairProblem::Scale(expected) => CityError::BadScale {
                            at: rc.scale.get(city_id).map_or(here, |s| at(s.span())),
                            county: county.clone(),
                            city_id: city_id.clone(),
                            found: scale.unwrap_or(f64::NAN),
                            expected,
                        },
                    });
                    continue;
                }
            };
            let review = rc.review.get(city_id).map(|r| r.get_ref().trim().to_string()).unwrap_or_default();
            pairs.push(Pair { city: city_id.clone(), county: county_id.get_ref().clone(), factor, review, line: here.line });
        }
        for (table, keys) in [("review", rc.review.iter().map(|(k, v)| (k, v.span())).collect::<Vec<_>>()), ("scale", rc.scale.iter().map(|(k, v)| (k, v.span())).collect())] {
            for (city_id, span) in keys {
                if !rc.map.contains_key(city_id) {
                    let here = at(span);
                    errors.push(if city_index.contains_key(city_id.as_str()) {
                        CityError::Unmapped { at: here, county: county.clone(), city_id: city_id.clone(), table }
                    } else {
                        CityError::UnknownCityIndicator { at: here, county: county.clone(), id: city_id.clone() }
                    });
                }
            }
        }
        let marks: Vec<String> = pairs.iter().filter(|p| !p.review.is_empty()).map(|p| format!("{} ← {}：{}", p.city, p.county, p.review)).collect();
        if !marks.is_empty() {
            notices.push(format!("{county}：{} 个对应仍标注待核对（review）：{}", marks.len(), marks.join("；")));
        }
        out.push(CountyMap { catalogue: id.clone(), version: cat.version.clone(), region: county, pairs });
    }
    if errors.is_empty() {
        Ok(MapRead { map: RollupMap { city: city.id.clone(), city_version: city.version.clone(), counties: out }, notices })
    } else {
        errors.sort_by_key(|e| line_of_error(e).unwrap_or(usize::MAX));
        Err(errors)
    }
}

fn line_of_error(e: &CityError) -> Option<usize> {
    use CityError::*;
    match e {
        MapSyntax { at, .. }
        | MapOtherCity { at, .. }
        | MapUnknownCounty { at, .. }
        | MapCountyVersion { at, .. }
        | MapCountyTwice { at, .. }
        | UnknownCityIndicator { at, .. }
        | UnknownCountyIndicator { at, .. }
        | CountyIndicatorTwice { at, .. }
        | UnitMismatch { at, .. }
        | BadScale { at, .. }
        | EntryMismatch { at, .. }
        | Unmapped { at, .. } => at.line,
        _ => None,
    }
}

// ---- Proposing ----

/// What [`propose_map`] proposes for one county.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyProposal {
    pub catalogue: String,
    pub version: String,
    pub region: String,
    /// (city id, county id, review reasons — empty for a sure pair).
    pub pairs: Vec<(String, String, String)>,
    /// Pairs the matcher found but the map's rules refuse: (city id, county id, why).
    pub refused: Vec<(String, String, String)>,
    /// City indicators no county indicator feeds; county indicators that feed none.
    pub unmapped_city: Vec<String>,
    pub unused_county: Vec<String>,
}

/// A proposed map: per county, and the TOML text to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub counties: Vec<CountyProposal>,
    pub toml: String,
}

/// TOML string literal.
fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// One line of a comment (no line breaks inside).
fn c(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// Proposes a map from the city catalogue and each county catalogue (see the module doc).
pub fn propose_map(city: &Catalogue, counties: &[&Catalogue]) -> Proposal {
    let city_index = city.index();
    let mut out = Vec::new();
    for cat in counties {
        let links = match_indicators(city, cat, false);
        let county_index = cat.index();
        let mut p = CountyProposal {
            catalogue: cat.id.clone(),
            version: cat.version.clone(),
            region: cat.region.clone(),
            pairs: Vec::new(),
            refused: Vec::new(),
            unmapped_city: Vec::new(),
            unused_county: Vec::new(),
        };
        let mut used = BTreeSet::new();
        for l in &links.links {
            let (Some(k), Some(ci)) = (l.old.as_deref().and_then(|o| county_index.get(o)), city_index.get(l.new.as_str())) else {
                p.unmapped_city.push(l.new.clone());
                continue;
            };
            match conversion(ci.indicator, k.indicator, None) {
                Ok(_) => {
                    used.insert(k.indicator.id.clone());
                    // The same id and the same name on both sides: the same indicator, whatever the score.
                    let same = ci.indicator.id == k.indicator.id && ci.indicator.name.trim() == k.indicator.name.trim();
                    let review = if l.sure || same {
                        String::new()
                    } else {
                        l.reasons.iter().map(|r| r.replace("上一期", "县区")).collect::<Vec<_>>().join("，")
                    };
                    p.pairs.push((l.new.clone(), k.indicator.id.clone(), review));
                }
                Err(e) => {
                    p.refused.push((l.new.clone(), k.indicator.id.clone(), e.describe(ci.indicator, k.indicator)));
                    p.unmapped_city.push(l.new.clone());
                }
            }
        }
        p.unused_county = cat.indicators().into_iter().map(|r| r.indicator.id.clone()).filter(|id| !used.contains(id)).collect();
        out.push(p);
    }
    let toml = proposal_toml(city, counties, &out);
    Proposal { counties: out, toml }
}

fn proposal_toml(city: &Catalogue, counties: &[&Catalogue], props: &[CountyProposal]) -> String {
    let mut t = String::new();
    t.push_str(&format!("# 市级汇总对应表：{}\n", c(&city.describe())));
    t.push_str("# 由 lishu rollup map 按指标名称、原文、单位、填报方式和领域对照生成，可直接编辑。\n");
    t.push_str("# [county.map]：市级指标编号 = \"县区指标编号\"；一个县区指标只能汇入一个市级指标。\n");
    t.push_str("# [county.review]：需人工核对的对应及理由，核对后删去该行。\n");
    t.push_str("# [county.scale]（可选）：县区数值 × scale = 市级单位的数值（%、‰、/10万 自动换算，无需填写）。\n");
    t.push_str(&format!("city = {}\ncity_version = {}\n", q(&city.id), q(&city.version)));
    for (p, cat) in props.iter().zip(counties) {
        let label_city = |id: &str| c(&city.indicator_label(id));
        let label_county = |id: &str| c(&cat.indicator_label(id));
        t.push_str(&format!("\n[[county]]\ncatalogue = {}\nversion = {}\nregion = {}\n", q(&p.catalogue), q(&p.version), q(&p.region)));
        t.push_str("\n[county.map]\n");
        for (ci, ki, _) in &p.pairs {
            t.push_str(&format!("{} = {}  # {} ← {}\n", q(ci), q(ki), label_city(ci), label_county(ki)));
        }
        for (ci, ki, why) in &p.refused {
            t.push_str(&format!("# {} = {}  # 未采用：{}（{} ← {}）\n", q(ci), q(ki), c(why), label_city(ci), label_county(ki)));
        }
        let reviews: Vec<&(String, String, String)> = p.pairs.iter().filter(|x| !x.2.is_empty()).collect();
        if !reviews.is_empty() {
            t.push_str("\n[county.review]\n");
            for (ci, _, why) in reviews {
                t.push_str(&format!("{} = {}\n", q(ci), q(why)));
            }
        }
        if !p.unmapped_city.is_empty() {
            t.push_str(&format!("\n# 市级指标在{}无对应（{} 个）：\n", c(&p.region), p.unmapped_city.len()));
            for id in &p.unmapped_city {
                t.push_str(&format!("#   {}\n", label_city(id)));
            }
        }
        if !p.unused_county.is_empty() {
            t.push_str(&format!("# {}指标未汇入市级（{} 个）：\n", c(&p.region), p.unused_county.len()));
            for id in &p.unused_county {
                t.push_str(&format!("#   {}\n", label_county(id)));
            }
        }
    }
    t
}

/// The report of a proposal, printed by `lishu rollup map`: per county the counts, the pairs to review, the
/// refused pairs and the indicators unmapped both ways.
pub fn proposal_report(city: &Catalogue, counties: &[&Catalogue], props: &[CountyProposal]) -> String {
    let mut out = Vec::new();
    for (p, cat) in props.iter().zip(counties) {
        let unsure = p.pairs.iter().filter(|x| !x.2.is_empty()).count();
        out.push(format!(
            "{}（{}）：对应 {} 个（其中 {unsure} 个需人工核对），市级指标无对应 {} 个，县区指标未汇入 {} 个",
            p.region,
            p.catalogue,
            p.pairs.len(),
            p.unmapped_city.len(),
            p.unused_county.len()
        ));
        for (ci, ki, why) in p.pairs.iter().filter(|x| !x.2.is_empty()) {
            out.push(format!("  需人工核对：{} ← {}：{why}", city.indicator_label(ci), cat.indicator_label(ki)));
        }
        for (ci, ki, why) in &p.refused {
            out.push(format!("  未采用：{} ← {}：{why}", city.indicator_label(ci), cat.indicator_label(ki)));
        }
        for id in &p.unmapped_city {
            out.push(format!("  市级指标无对应：{}", city.indicator_label(id)));
        }
        for id in &p.unused_county {
            out.push(format!("  县区指标未汇入：{}", cat.indicator_label(id)));
        }
    }
    out.join("\n")
}
