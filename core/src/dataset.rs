//! The dataset: what units enter, per indicator and year (2020 base → 2025).
//!
//! Every field keeps the text exactly as typed (even when it is not a valid number), so nothing the user
//! typed is ever lost; `resolve` turns the text into numbers with typed errors naming indicator, year, field.

use crate::catalogue::{Catalogue, Entry, Indicator, Stage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// First year of data (the 2020 base) and last plan year.
pub const BASE_YEAR: u16 = 2020;
pub const FINAL_YEAR: u16 = 2025;
pub const YEARS: [u16; 6] = [2020, 2021, 2022, 2023, 2024, 2025];

/// A field of a yearly entry, used in error messages and conflict lists.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Value,
    Numerator,
    Denominator,
    Female,
    Male,
    Other,
    Body(String),
    Stage,
    Evidence,
    Note,
    Source,
}

impl Field {
    pub fn label(&self) -> String {
        match self {
            Field::Value => "数值".into(),
            Field::Numerator => "分子".into(),
            Field::Denominator => "分母".into(),
            Field::Female => "女性人数".into(),
            Field::Male => "男性人数".into(),
            Field::Other => "比较值".into(),
            Field::Body(b) => format!("{b}配备数"),
            Field::Stage => "进展阶段".into(),
            Field::Evidence => "佐证材料".into(),
            Field::Note => "备注".into(),
            Field::Source => "数据来源".into(),
        }
    }
}

/// One indicator's entry for one year. Numeric fields hold the typed text ("" = not entered).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct YearEntry {
    /// The value in the indicator's unit (for Entry::Value, or a directly entered rate).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub numerator: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub denominator: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub female: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub male: String,
    /// For Relational indicators: the measured value compared with.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub other: String,
    /// For PerBody: count per body name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub bodies: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Which unit entered it (责任单位) and when (ISO 8601), for merge and audit.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub unit: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub updated_at: String,
}

impl YearEntry {
    /// True when no data field (numbers, stage, evidence) is filled. Notes alone don't count as data.
    pub fn is_empty(&self) -> bool {
        self.value.trim().is_empty()
            && self.numerator.trim().is_empty()
            && self.denominator.trim().is_empty()
            && self.female.trim().is_empty()
            && self.male.trim().is_empty()
            && self.other.trim().is_empty()
            && self.bodies.values().all(|v| v.trim().is_empty())
            && self.stage.is_none()
            && self.evidence.trim().is_empty()
    }

    /// The same entry without bookkeeping (unit, updated_at): used to compare contents.
    pub fn content(&self) -> YearEntry {
        YearEntry { unit: String::new(), updated_at: String::new(), ..self.clone() }
    }
}

/// Per-indicator settings a user may change (responsible units, vague-wording bands).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub co_units: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<f64>,
}

/// A value that lost a merge conflict, kept for the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupersededValue {
    pub indicator: String,
    pub year: u16,
    pub entry: YearEntry,
    /// Why and when it was superseded (e.g. "合并冲突：选用区卫健局 2024-03-01 的数值").
    pub reason: String,
    pub at: String,
}

/// The whole dataset of a unit or of the district.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dataset {
    /// indicator id → year → entry.
    pub data: BTreeMap<String, BTreeMap<u16, YearEntry>>,
    /// indicator id → user settings (responsible units, band overrides).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, IndicatorSettings>,
    /// Editable list of units (责任单位); empty = the catalogue's default list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    /// Report texts keyed by report id (e.g. "women-2023-对策建议").
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub texts: BTreeMap<String, String>,
    /// Values that lost a merge, kept on record.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub superseded: Vec<SupersededValue>,
    /// true for the embedded demo dataset (演示数据).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
}

impl Dataset {
    pub fn entry(&self, indicator: &str, year: u16) -> Option<&YearEntry> {
        self.data.get(indicator).and_then(|m| m.get(&year))
    }

    /// Sets an entry; an empty entry removes the year (and the indicator when nothing is left).
    pub fn set_entry(&mut self, indicator: &str, year: u16, entry: YearEntry) {
        if entry.is_empty() && entry.note.trim().is_empty() && entry.source.trim().is_empty() {
            if let Some(m) = self.data.get_mut(indicator) {
                m.remove(&year);
                if m.is_empty() {
                    self.data.remove(indicator);
                }
            }
        } else {
            self.data.entry(indicator.to_string()).or_default().insert(year, entry);
        }
    }

    /// Lead unit of an indicator: the user's setting, else the catalogue default.
    pub fn lead_unit<'a>(&'a self, ind: &'a Indicator) -> &'a str {
        self.settings
            .get(&ind.id)
            .and_then(|s| s.lead_unit.as_deref())
            .unwrap_or(&ind.lead_unit)
    }

    pub fn co_units<'a>(&'a self, ind: &'a Indicator) -> &'a [String] {
        self.settings
            .get(&ind.id)
            .and_then(|s| s.co_units.as_deref())
            .unwrap_or(&ind.co_units)
    }

    /// The unit list: the user's, else every unit named in the catalogue.
    pub fn unit_list(&self, cat: &Catalogue) -> Vec<String> {
        if self.units.is_empty() {
            cat.units()
        } else {
            self.units.clone()
        }
    }

    /// Number of (indicator, year) entries holding data.
    pub fn filled_count(&self) -> usize {
        self.data.values().flat_map(|m| m.values()).filter(|e| !e.is_empty()).count()
    }
}

/// A typed input error, naming indicator, year and field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputError {
    pub indicator: String,
    pub year: u16,
    pub field: Field,
    pub kind: InputErrorKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum InputErrorKind {
    /// The text is not a number.
    NotANumber { text: String },
    /// Negative where counts/rates must be ≥ 0.
    Negative { value: f64 },
    /// Above the unit's maximum (e.g. a percentage above 100).
    AboveMax { value: f64, max: f64 },
    /// Denominator 0.
    ZeroDenominator,
    /// Numerator larger than denominator for a share.
    NumeratorAboveDenominator { numerator: f64, denominator: f64 },
    /// Year outside 2020–2025.
    YearOutOfRange,
    /// Indicator id not in the catalogue.
    UnknownIndicator,
    /// Only one of numerator/denominator or female/male given.
    Incomplete { missing: Field },
}

impl InputError {
    /// Chinese message naming indicator, year and field.
    pub fn message(&self, cat: &Catalogue) -> String {
        let name = cat
            .indicator(&self.indicator)
            .map(|r| format!("{}（{}）", r.indicator.name, self.indicator))
            .unwrap_or_else(|| format!("指标 {}", self.indicator));
        let what = match &self.kind {
            InputErrorKind::NotANumber { text } => format!("“{text}”不是有效数字"),
            InputErrorKind::Negative { value } => format!("不能为负数（{}）", crate::catalogue::fmt_num(*value)),
            InputErrorKind::AboveMax { value, max } => format!(
                "{} 超出上限 {}，请检查单位（百分比/千分比）",
                crate::catalogue::fmt_num(*value),
                crate::catalogue::fmt_num(*max)
            ),
            InputErrorKind::ZeroDenominator => "分母不能为 0".to_string(),
            InputErrorKind::NumeratorAboveDenominator { numerator, denominator } => format!(
                "分子 {} 大于分母 {}",
                crate::catalogue::fmt_num(*numerator),
                crate::catalogue::fmt_num(*denominator)
            ),
            InputErrorKind::YearOutOfRange => "年份须在 2020–2025 之间".to_string(),
            InputErrorKind::UnknownIndicator => "目录中没有此指标编号".to_string(),
            InputErrorKind::Incomplete { missing } => format!("缺少{}", missing.label()),
        };
        format!("{name} {} 年 {}：{what}", self.year, self.field.label())
    }
}

/// A number parsed from user text: accepts full-width digits, thousands separators and a trailing unit
/// sign (%, ‰). Returns None for empty text.
pub fn parse_number(text: &str) -> Option<Result<f64, ()>> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    // Fast path (no allocation): plain ASCII digits with sign and decimal point, as typed nearly always.
    if trimmed.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+')) {
        return match trimmed.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(Ok(v)),
            _ => Some(Err(())),
        };
    }
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' => '-',
            _ => c,
        })
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .collect();
    let t = t.trim_end_matches(['%', '‰']);
    if t.is_empty() {
        return None;
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(Ok(v)),
        _ => Some(Err(())),
    }
}

/// The numbers of one year, resolved from the typed text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resolved {
    /// The indicator value in its unit (computed from numerator/denominator or female/male when needed).
    pub value: Option<f64>,
    pub other: Option<f64>,
    pub bodies: BTreeMap<String, f64>,
    pub stage: Option<Stage>,
    /// How the value was obtained, in Chinese (e.g. "3 ÷ 2150 × 100000 = 139.53").
    pub derivation: String,
}

/// Resolves one year's entry of an indicator into numbers. Errors name indicator, year and field.
pub fn resolve(ind: &Indicator, year: u16, e: &YearEntry) -> Result<Resolved, Vec<InputError>> {
    let mut errors = Vec::new();
    let err = |field: Field, kind: InputErrorKind| InputError {
        indicator: ind.id.clone(),
        year,
        field,
        kind,
    };
    if !(BASE_YEAR..=FINAL_YEAR).contains(&year) {
        return Err(vec![err(Field::Value, InputErrorKind::YearOutOfRange)]);
    }
    let num = |field: Field, text: &str, errors: &mut Vec<InputError>| -> Option<f64> {
        match parse_number(text) {
            None => None,
            Some(Err(())) => {
                errors.push(err(field, InputErrorKind::NotANumber { text: text.to_string() }));
                None
            }
            Some(Ok(v)) if v < 0.0 => {
                errors.push(err(field, InputErrorKind::Negative { value: v }));
                None
            }
            Some(Ok(v)) => Some(v),
        }
    };
    let mut out = Resolved::default();
    let direct = num(Field::Value, &e.value, &mut errors);
    let numerator = num(Field::Numerator, &e.numerator, &mut errors);
    let denominator = num(Field::Denominator, &e.denominator, &mut errors);
    let female = num(Field::Female, &e.female, &mut errors);
    let male = num(Field::Male, &e.male, &mut errors);
    out.other = num(Field::Other, &e.other, &mut errors);
    for (body, text) in &e.bodies {
        if let Some(v) = num(Field::Body(body.clone()), text, &mut errors) {
            out.bodies.insert(body.clone(), v);
        }
    }
    out.stage = e.stage;
    let scale = ind.scale.unwrap_or(match ind.unit.as_str() {
        "‰" => 1000.0,
        "/10万" => 100_000.0,
        _ => 100.0,
    });
    match (numerator, denominator) {
        (Some(n), Some(d)) => {
            if d == 0.0 {
                errors.push(err(Field::Denominator, InputErrorKind::ZeroDenominator));
            } else if n > d && ind.is_percent_like() && ind.max_value().is_some_and(|m| m <= scale) {
                errors.push(err(
                    Field::Numerator,
                    InputErrorKind::NumeratorAboveDenominator { numerator: n, denominator: d },
                ));
            } else {
                let v = n / d * scale;
                out.value = Some(v);
                out.derivation = format!(
                    "{} ÷ {} × {} = {}",
                    crate::catalogue::fmt_num(n),
                    crate::catalogue::fmt_num(d),
                    crate::catalogue::fmt_num(scale),
                    crate::catalogue::fmt_num(round2(v))
                );
            }
        }
        (Some(_), None) if direct.is_none() => {
            errors.push(err(Field::Denominator, InputErrorKind::Incomplete { missing: Field::Denominator }))
        }
        (None, Some(_)) if direct.is_none() => {
            errors.push(err(Field::Numerator, InputErrorKind::Incomplete { missing: Field::Numerator }))
        }
        _ => {}
    }
    if out.value.is_none() && ind.entry == Entry::FemaleMale {
        match (female, male) {
            (Some(f), Some(m)) if f + m > 0.0 => {
                let v = f / (f + m) * 100.0;
                out.value = Some(v);
                out.derivation = format!(
                    "{} ÷ ({} + {}) × 100 = {}",
                    crate::catalogue::fmt_num(f),
                    crate::catalogue::fmt_num(f),
                    crate::catalogue::fmt_num(m),
                    crate::catalogue::fmt_num(round2(v))
                );
            }
            (Some(_), Some(_)) => errors.push(err(Field::Male, InputErrorKind::ZeroDenominator)),
            (Some(_), None) if direct.is_none() => {
                errors.push(err(Field::Male, InputErrorKind::Incomplete { missing: Field::Male }))
            }
            (None, Some(_)) if direct.is_none() => {
                errors.push(err(Field::Female, InputErrorKind::Incomplete { missing: Field::Female }))
            }
            _ => {}
        }
    }
    if out.value.is_none() {
        out.value = direct;
        if direct.is_some() {
            out.derivation = "直接填报".to_string();
        }
    }
    if let (Some(v), Some(max)) = (out.value, ind.max_value()) {
        if v > max {
            errors.push(err(Field::Value, InputErrorKind::AboveMax { value: v, max }));
            out.value = None;
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Rounds to two decimals (display and audit figures).
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_number_accepts_what_people_type() {
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("   "), None);
        assert_eq!(parse_number("95.5"), Some(Ok(95.5)));
        assert_eq!(parse_number(" 95.5 "), Some(Ok(95.5)));
        assert_eq!(parse_number("９５．５"), Some(Ok(95.5)));
        assert_eq!(parse_number("1,234"), Some(Ok(1234.0)));
        assert_eq!(parse_number("1，234"), Some(Ok(1234.0)));
        assert_eq!(parse_number("95%"), Some(Ok(95.0)));
        assert_eq!(parse_number("3‰"), Some(Ok(3.0)));
        assert_eq!(parse_number("－2"), Some(Ok(-2.0)));
        assert_eq!(parse_number("-2"), Some(Ok(-2.0)));
        assert_eq!(parse_number("九十"), Some(Err(())));
        assert_eq!(parse_number("1.2.3"), Some(Err(())));
        assert_eq!(parse_number("-"), Some(Err(())));
        assert_eq!(parse_number("inf"), Some(Err(())));
        assert_eq!(parse_number("NaN"), Some(Err(())));
        assert_eq!(parse_number("%"), None);
    }

    #[test]
    fn fast_and_general_paths_agree() {
        // Text the fast path handles, padded with a full-width space so it takes the general path.
        for t in ["0", "12", "12.5", ".5", "5.", "-3", "+3", "1.2.3", "--1", "007", "1e3"] {
            let padded = format!("{t}\u{3000}");
            assert_eq!(parse_number(t), parse_number(&padded), "{t:?}");
        }
    }
}
