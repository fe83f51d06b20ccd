//! The dataset: what units enter, per indicator and year (the catalogue's base year → its last plan year).
//!
//! Every field keeps the text exactly as typed (even when it is not a valid number), so nothing the user
//! typed is ever lost; `resolve` turns the text into numbers with typed errors naming indicator, year, field.

use crate::catalogue::{Catalogue, Entry, Indicator, Period, Stage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
        blank(&self.value)
            && blank(&self.numerator)
            && blank(&self.denominator)
            && blank(&self.female)
            && blank(&self.male)
            && blank(&self.other)
            && self.bodies.values().all(|v| blank(v))
            && self.stage.is_none()
            && blank(&self.evidence)
    }

    /// The same entry without bookkeeping (unit, updated_at): used to compare contents.
    pub fn content(&self) -> YearEntry {
        YearEntry { unit: String::new(), updated_at: String::new(), ..self.clone() }
    }
}

/// Empty or only whitespace (the usual empty field, or text starting with a visible ASCII character, is
/// settled without the Unicode trim).
fn blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        Some(_) => s.trim().is_empty(),
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

/// How a unit takes part in an indicator: it leads it (牵头) or co-operates on it (配合).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitRole {
    Lead,
    CoOperating,
}

impl UnitRole {
    /// "牵头" or "配合".
    pub fn label(self) -> &'static str {
        match self {
            UnitRole::Lead => "牵头",
            UnitRole::CoOperating => "配合",
        }
    }
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

// ---- Review records: part of the dataset aggregate; the rules that change them live in the review and edit
// modules. ----

/// A unit's reporting state for one year (none = 填报中).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// 填报中 again: the unit withdrew its submission (撤回) or changed a value of it. Kept as a record (not
    /// removed) so that joining an older file that still says 已提交 does not bring the submission back.
    Drafting,
    /// 已提交: the unit submitted the year.
    Submitted,
    /// 已审核: the office accepted it; the values are locked.
    Accepted,
    /// 已退回: the office returned it with a reason.
    Returned,
}

impl ReviewState {
    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Drafting => DRAFTING,
            ReviewState::Submitted => "已提交",
            ReviewState::Accepted => "已审核",
            ReviewState::Returned => "已退回",
        }
    }
}

/// Label of a unit-year without a review record.
pub const DRAFTING: &str = "填报中";

/// The latest review action on a unit's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub state: ReviewState,
    /// When (ISO 8601) and by whom (the unit, or the office).
    pub at: String,
    pub by: String,
    /// 退回 reason (empty otherwise).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A locked value: which unit's acceptance locked it, when and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    pub unit: String,
    pub at: String,
    pub by: String,
}

/// How a change came about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum How {
    /// 录入: typed in the app.
    Entry,
    /// 导入 a file (its name).
    Import { file: String },
    /// 合并 unit files (the file the kept value came from).
    Merge { file: String },
    /// 撤销 / 重做.
    Undo,
    Redo,
    /// 恢复快照 (its label).
    Restore { snapshot: String },
    /// Other replacements of the whole data (载入演示数据, 清空, 载入另一个窗口的数据 …), with the label.
    Replace { label: String },
    /// 提交 / 撤回 / 审核 / 退回 a unit's year (no value changes).
    Submit,
    Withdraw,
    /// A value of a submitted year changed: the year went back to 填报中.
    Reopen,
    Accept,
    Return { reason: String },
    /// 解锁 a value, with the reason.
    Unlock { reason: String },
    /// 转入 from the previous period's catalogue (its id and the indicator's id there).
    Carried { catalogue: String, indicator: String },
}

impl How {
    /// "录入", "导入 卫健局.json", "撤销", "解锁（理由：…）" …
    pub fn label(&self) -> String {
        match self {
            How::Entry => "录入".into(),
            How::Import { file } => format!("导入 {file}"),
            How::Merge { file } => format!("合并 {file}"),
            How::Undo => "撤销".into(),
            How::Redo => "重做".into(),
            How::Restore { snapshot } => format!("恢复快照“{snapshot}”"),
            How::Replace { label } => label.clone(),
            How::Submit => "提交".into(),
            How::Withdraw => "撤回提交".into(),
            How::Reopen => "修改已提交的数据（回到填报中）".into(),
            How::Accept => "审核通过".into(),
            How::Return { reason } => format!("退回（理由：{reason}）"),
            How::Unlock { reason } => format!("解锁（理由：{reason}）"),
            How::Carried { catalogue, indicator } => format!("从上一期目录 {catalogue} 转入（原指标 {indicator}）"),
        }
    }
}

/// One change on record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LogEntry {
    /// When (ISO 8601) and by whom (a unit, or the office).
    pub at: String,
    pub by: String,
    /// The indicator and year changed; for review actions the indicator is empty and `unit` names the unit.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub indicator: String,
    pub year: u16,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    pub how: How,
    /// The entry before and after (None: there was / is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<YearEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<YearEntry>,
}

/// Entries moved out of the log when it reached its bound (`MAX_LOG` of the review module).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogTrim {
    pub count: usize,
    /// Time of the newest entry moved out.
    pub until: String,
    /// When they were moved out.
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
    /// Reporting state per unit and year (none = 填报中).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub reviews: BTreeMap<String, BTreeMap<u16, Review>>,
    /// Locked values per indicator and year (locked by an accepted review).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub locks: BTreeMap<String, BTreeMap<u16, Lock>>,
    /// Every change of a value and every review action, oldest first (bounded by the review module's `MAX_LOG`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<LogEntry>,
    /// Entries moved out of `log` when it reached its bound.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub log_trimmed: Vec<LogTrim>,
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

    /// The role of `unit` on `ind` (by the dataset's settings, else the catalogue's defaults): 牵头 when it
    /// is the lead unit, 配合 when it is among the co-operating units, None otherwise or for an empty name.
    /// Names are compared without surrounding whitespace.
    pub fn unit_role(&self, ind: &Indicator, unit: &str) -> Option<UnitRole> {
        let unit = unit.trim();
        if unit.is_empty() {
            None
        } else if self.lead_unit(ind).trim() == unit {
            Some(UnitRole::Lead)
        } else if self.co_units(ind).iter().any(|c| c.trim() == unit) {
            Some(UnitRole::CoOperating)
        } else {
            None
        }
    }

    /// The one rule for "a unit's indicators", used by the unit mode, the filters, the reports, the export
    /// and the fill-in template: `unit` leads or co-operates on `ind`. Every indicator belongs to the whole
    /// district (empty `unit`).
    pub fn is_unit_indicator(&self, ind: &Indicator, unit: &str) -> bool {
        unit.trim().is_empty() || self.unit_role(ind, unit).is_some()
    }

    /// The unit list: the user's, else every unit named in the catalogue.
    pub fn unit_list(&self, cat: &Catalogue) -> Vec<String> {
        self.units_or(&cat.units()).to_vec()
    }

    /// [`Dataset::unit_list`] with the catalogue's units already collected (`Catalogue::units`, computed once
    /// by a caller that asks often, such as the app): the user's list, else `catalogue_units`.
    pub fn units_or<'a>(&'a self, catalogue_units: &'a [String]) -> &'a [String] {
        if self.units.is_empty() {
            catalogue_units
        } else {
            &self.units
        }
    }

    /// Number of (indicator, year) entries holding data.
    pub fn filled_count(&self) -> usize {
        self.data.values().flat_map(|m| m.values()).filter(|e| !e.is_empty()).count()
    }
}

/// "数值 95.5%；备注 …": the filled fields of an entry in Chinese.
pub fn entry_summary(ind: Option<&Indicator>, e: &YearEntry) -> String {
    let unit = ind.map(|i| i.unit.as_str()).unwrap_or("");
    let mut parts = Vec::new();
    let push = |parts: &mut Vec<String>, f: Field, t: &str, suffix: &str| {
        if !t.trim().is_empty() {
            parts.push(format!("{} {}{}", f.label(), t.trim(), suffix));
        }
    };
    let value_suffix = if unit.is_empty() || ind.map(|i| i.entry) == Some(Entry::Milestone) { "" } else { unit };
    push(&mut parts, Field::Value, &e.value, value_suffix);
    push(&mut parts, Field::Numerator, &e.numerator, "");
    push(&mut parts, Field::Denominator, &e.denominator, "");
    push(&mut parts, Field::Female, &e.female, "");
    push(&mut parts, Field::Male, &e.male, "");
    push(&mut parts, Field::Other, &e.other, "");
    for (b, v) in &e.bodies {
        push(&mut parts, Field::Body(b.clone()), v, "");
    }
    if let Some(s) = e.stage {
        parts.push(format!("{} {}", Field::Stage.label(), s.label()));
    }
    push(&mut parts, Field::Evidence, &e.evidence, "");
    push(&mut parts, Field::Source, &e.source, "");
    push(&mut parts, Field::Note, &e.note, "");
    if parts.is_empty() {
        "（空）".to_string()
    } else {
        parts.join("；")
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
    /// Year outside the catalogue's data years (base..=last).
    YearOutOfRange,
    /// Indicator id not in the catalogue.
    UnknownIndicator,
    /// Only one of numerator/denominator or female/male given.
    Incomplete { missing: Field },
    /// A count (deaths, cases, live births, women and men …) that is not a whole number.
    NotWhole { value: f64 },
    /// A number of 2^53 or more: it cannot be kept or shown exactly.
    TooLarge { text: String },
}

impl InputErrorKind {
    /// What is wrong, in Chinese (`period`: the catalogue's data years, named by the year error).
    pub fn describe(&self, period: Period) -> String {
        use crate::catalogue::fmt_num;
        match self {
            InputErrorKind::NotANumber { text } => format!("“{text}”不是有效数字"),
            InputErrorKind::Negative { value } => format!("不能为负数（{}）", fmt_num(*value)),
            InputErrorKind::AboveMax { value, max } => {
                format!("{} 超出上限 {}，请检查单位（百分比/千分比）", fmt_num(*value), fmt_num(*max))
            }
            InputErrorKind::ZeroDenominator => "分母不能为 0".to_string(),
            InputErrorKind::NumeratorAboveDenominator { numerator, denominator } => {
                format!("分子 {} 大于分母 {}", fmt_num(*numerator), fmt_num(*denominator))
            }
            InputErrorKind::YearOutOfRange => format!("年份须在 {} 之间", period.data_range()),
            InputErrorKind::UnknownIndicator => "目录中没有此指标编号".to_string(),
            InputErrorKind::Incomplete { missing } => format!("缺少{}", missing.label()),
            InputErrorKind::NotWhole { value } => format!("{} 不是整数；人数、例数等计数须为整数", fmt_num(*value)),
            InputErrorKind::TooLarge { text } => {
                format!("“{text}”过大，无法精确保存和显示（须小于 9007199254740992，即 2 的 53 次方）")
            }
        }
    }
}

impl InputError {
    /// Chinese message naming indicator, year and field.
    pub fn message(&self, cat: &Catalogue) -> String {
        let name = cat.indicator_label(&self.indicator);
        let what = self.kind.describe(cat.period);
        format!("{name} {} 年 {}：{what}", self.year, self.field.label())
    }
}

/// A number parsed from user text: accepts full-width digits, thousands separators and a trailing unit
/// sign (%, ‰). Returns None for empty text.
#[inline]
pub fn parse_number(text: &str) -> Option<Result<f64, ()>> {
    // Most fields are empty: settled here, inline, without a call.
    if text.is_empty() {
        return None;
    }
    parse_typed(text)
}

/// `parse_number` of a non-empty text.
fn parse_typed(text: &str) -> Option<Result<f64, ()>> {
    // Typed numbers start and end with a visible ASCII character (never whitespace): no Unicode trim.
    let trimmed = match text.as_bytes() {
        [first, .., last] | [first @ last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    };
    if trimmed.is_empty() {
        return None;
    }
    if let Some(v) = plain_decimal(trimmed) {
        return Some(Ok(v));
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

/// A plain decimal such as "95", "-3.5" or "21500" with at most 15 digits, read as the exact integer of
/// its digits divided by a power of ten: both are exact in f64, so the one IEEE division rounds correctly
/// and gives the same value as `str::parse`, without its general machinery. None for any other text.
fn plain_decimal(t: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (negative, digits) = match t.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    let (mut m, mut n, mut decimals) = (0u64, 0usize, None::<usize>);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(b - b'0');
                n += 1;
                if let Some(d) = &mut decimals {
                    *d += 1;
                }
            }
            b'.' if decimals.is_none() => decimals = Some(0),
            _ => return None,
        }
        if n > 15 {
            return None;
        }
    }
    if n == 0 {
        return None;
    }
    let v = m as f64 / POW10.get(decimals.unwrap_or(0))?;
    Some(if negative { -v } else { v })
}

/// The numbers of one year, resolved from the typed text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resolved {
    /// The indicator value in its unit (computed from numerator/denominator or female/male when needed).
    pub value: Option<f64>,
    pub other: Option<f64>,
    pub bodies: BTreeMap<String, f64>,
    pub stage: Option<Stage>,
    /// How the value was obtained; displays in Chinese (e.g. "3 ÷ 2150 × 100000 = 139.53").
    pub derivation: Derivation,
}

/// How a year's value was obtained, kept as the figures (the text is written only when displayed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Derivation {
    /// No value.
    #[default]
    None,
    /// Entered directly: "直接填报".
    Direct,
    /// numerator ÷ denominator × scale.
    Rate { numerator: f64, denominator: f64, scale: f64 },
    /// female ÷ (female + male) × 100.
    Share { female: f64, male: f64 },
}

impl Derivation {
    pub fn is_none(&self) -> bool {
        *self == Derivation::None
    }
}

/// "3 ÷ 2150 × 100000 = 139.53", "450 ÷ (450 + 550) × 100 = 45", "直接填报", or nothing.
impl std::fmt::Display for Derivation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::catalogue::write_num as n;
        match *self {
            Derivation::None => Ok(()),
            Derivation::Direct => f.write_str("直接填报"),
            Derivation::Rate { numerator, denominator, scale } => {
                n(f, numerator)?;
                f.write_str(" ÷ ")?;
                n(f, denominator)?;
                f.write_str(" × ")?;
                n(f, scale)?;
                f.write_str(" = ")?;
                n(f, round2(numerator / denominator * scale))
            }
            Derivation::Share { female, male } => {
                n(f, female)?;
                f.write_str(" ÷ (")?;
                n(f, female)?;
                f.write_str(" + ")?;
                n(f, male)?;
                f.write_str(") × 100 = ")?;
                n(f, round2(female / (female + male) * 100.0))
            }
        }
    }
}

/// Resolves one year's entry of an indicator into numbers. Errors name indicator, year and field.
/// Reads one numeric field of an entry: None when empty; text that is not a number, or a negative number,
/// is recorded in `errors`. `field` is built only for an error (a body's field costs an allocation).
#[inline]
fn read_number(
    err: &impl Fn(Field, InputErrorKind) -> InputError,
    field: impl FnOnce() -> Field,
    text: &str,
    errors: &mut Vec<InputError>,
) -> Option<f64> {
    match parse_number(text)? {
        Err(()) => {
            errors.push(err(field(), InputErrorKind::NotANumber { text: text.to_string() }));
            None
        }
        Ok(v) if v < 0.0 => {
            errors.push(err(field(), InputErrorKind::Negative { value: v }));
            None
        }
        Ok(v) if v >= MAX_EXACT => {
            errors.push(err(field(), InputErrorKind::TooLarge { text: text.trim().to_string() }));
            None
        }
        Ok(v) => Some(v),
    }
}

/// 2^53: from here on not every whole number has an exact f64 (and 2^63 and more printed as the largest i64).
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// Records an error when a count is not a whole number (the entry then does not resolve).
fn whole(err: &impl Fn(Field, InputErrorKind) -> InputError, field: Field, v: Option<f64>, errors: &mut Vec<InputError>) {
    if let Some(x) = v.filter(|x| x.fract() != 0.0) {
        errors.push(err(field, InputErrorKind::NotWhole { value: x }));
    }
}

pub fn resolve(ind: &Indicator, period: Period, year: u16, e: &YearEntry) -> Result<Resolved, Vec<InputError>> {
    let mut errors = Vec::new();
    let err = |field: Field, kind: InputErrorKind| InputError {
        indicator: ind.id.clone(),
        year,
        field,
        kind,
    };
    if !period.contains(year) {
        return Err(vec![err(Field::Value, InputErrorKind::YearOutOfRange)]);
    }
    let mut out = Resolved::default();
    let direct = read_number(&err, || Field::Value, &e.value, &mut errors);
    let numerator = read_number(&err, || Field::Numerator, &e.numerator, &mut errors);
    let denominator = read_number(&err, || Field::Denominator, &e.denominator, &mut errors);
    let female = read_number(&err, || Field::Female, &e.female, &mut errors);
    let male = read_number(&err, || Field::Male, &e.male, &mut errors);
    // Counts must be whole: an event rate's events and population (deaths ÷ live births …), women and men.
    if ind.counts_events() {
        whole(&err, Field::Numerator, numerator, &mut errors);
        whole(&err, Field::Denominator, denominator, &mut errors);
    }
    if ind.entry == Entry::FemaleMale {
        whole(&err, Field::Female, female, &mut errors);
        whole(&err, Field::Male, male, &mut errors);
    }
    out.other = read_number(&err, || Field::Other, &e.other, &mut errors);
    for (body, text) in &e.bodies {
        if let Some(v) = read_number(&err, || Field::Body(body.clone()), text, &mut errors) {
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
                out.value = Some(n / d * scale);
                out.derivation = Derivation::Rate { numerator: n, denominator: d, scale };
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
                out.value = Some(f / (f + m) * 100.0);
                out.derivation = Derivation::Share { female: f, male: m };
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
            out.derivation = Derivation::Direct;
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
    fn blank_is_trim_empty() {
        for t in ["", " ", "\t\n", "\u{3000}", "a", " a", "1", "\u{3000}1", "中", "-", "\u{85}"] {
            assert_eq!(blank(t), t.trim().is_empty(), "{t:?}");
        }
    }

    /// The plain-decimal reading gives exactly (bit for bit) what `str::parse` gives.
    #[test]
    fn plain_decimals_match_std() {
        let mut texts: Vec<String> = [
            "0", "-0", "+0", "0.0", "-0.0", "5.", ".5", "-.5", "+.5", "007", "0.1", "0.3", "2.675", "1.005",
            "999999999999999", "99999999999999.9", "0.000000000000001", "123456789012345", "21500", "13.95",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut x: u64 = 3;
        for _ in 0..50_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let digits = (x >> 20) % 10u64.pow(((x >> 8) % 16) as u32).max(1);
            let mut t = digits.to_string();
            let point = ((x >> 4) % 18) as usize;
            if point <= t.len() {
                t.insert(point, '.');
            }
            if x & 1 == 1 {
                t.insert(0, '-');
            }
            texts.push(t);
        }
        let mut checked = 0;
        for t in &texts {
            let std = t.parse::<f64>().ok();
            if let Some(v) = plain_decimal(t) {
                assert_eq!(Some(v.to_bits()), std.map(f64::to_bits), "{t}");
                checked += 1;
            }
        }
        assert!(checked > 45_000, "{checked}");
        // Not plain decimals: left to the general reading.
        for t in ["", ".", "-", "1.2.3", "--1", "1e3", "inf", "1234567890123456", "１"] {
            assert_eq!(plain_decimal(t), None, "{t}");
        }
        assert_eq!(parse_number("1234567890123456"), Some(Ok(1_234_567_890_123_456.0)));
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
