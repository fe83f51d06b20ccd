//! Parser of target wording: reads operator, value and unit from a target clause's verbatim text
//! (e.g. "达到90%以上" → ≥ 90 %). Used to cross-check the curated catalogue in tests.
//!
//! It is deliberately independent of the catalogue: it only looks at the words. Rules:
//! - a target number is a (half- or full-width) decimal followed by a target unit: `%`, `‰`, `/10万`, `所`, `名`,
//!   `张`, `次`; numbers followed by anything else (`岁`, `个月`, `年` …) are qualifiers such as
//!   "5岁以下儿童" and are skipped;
//! - `以上` → ≥, `以下`/`以内` → ≤ (both include the number, 民法典第1259条), `左右` → ≈;
//! - without such a suffix: `不低于`/`不少于`/`至少` → ≥; `不高于`/`不超过`/`控制在`/`降至`/`下降到` … → ≤;
//!   otherwise (达到X、设置X所、增至X、X%的…建立) → ≥, i.e. the number is a level to reach;
//! - `以2020年为基数下降X%` / `…提高X%` → a relative change of −X / +X (op ≤ / ≥);
//! - `保持在`/`每年` in the clause → the target holds in every year; `各配备`/`每所` → it holds for each body;
//! - `比2025年提高10%` / `较2025年下降…` → a relative change like `以…年为基数` (the named year in `base_year`);
//! - `下降1个百分点` / `提高3个百分点` → a change in percentage points (`points`, unit `百分点`, value −1 / +3);
//!   the draft makes them `points` (比…年) or `points_per_year` (每年) targets (see `catalogue::draft`);
//! - hedges (`力争`、`争取`、`力求`、`努力`) do not change the target; they are reported in `hedged`;
//! - `X及以上` → ≥ X and `X及以下` → ≤ X, like 以上/以下;
//! - a number followed by a count or measure unit (`期`、`人`、`课时`、`岁`、`年`、`个`、`项`、`元` …, see
//!   [`GATED_UNITS`]) is a target only right after a target verb (`不少于4期`、`达到81岁`、`至少1个`): elsewhere such
//!   numbers are qualifiers ("5岁以下儿童", "9年义务教育"); a calendar year (`不低于2025年`) never is;
//! - `年均增长6%` / `年平均下降…`: an average annual change (`annual`, value ±6); the draft reads it as a compound
//!   change from the base year (see `catalogue::draft`).

use crate::catalogue::Op;

/// A target read from wording.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedTarget {
    pub op: Op,
    /// The target value; for a relative target the signed change in % (下降15% → −15).
    pub value: f64,
    /// Unit as written: "%", "‰", "/10万", "所", "名", "张", "次".
    pub unit: String,
    /// `以…年为基数` wording: `value` is a change against the base year.
    pub relative: bool,
    /// `保持在…` / `每年…`: the target must hold in every year.
    pub every_year: bool,
    /// `各配备…` / `每所…`: the target holds for each of several bodies.
    pub each: bool,
    /// `…个百分点`: `value` is a change in percentage points (下降1个百分点 → −1, unit "百分点").
    pub points: bool,
    /// `力争`/`争取`/`力求`/`努力` before the number: a hedged target (the number is still the target).
    pub hedged: bool,
    /// The year the wording names as the reference: `以2020年为基数` / `比2020年` → 2020.
    pub base_year: Option<u16>,
    /// `年均增长6%` / `年平均提高…`: `value` is an average annual change (signed like a relative change).
    pub annual: bool,
}

/// A target with where it is written: `start..end` are byte offsets into the text given to
/// [`parse_target_spans`], from the number to the end of the unit and of a following `以上`/`以下`/`以内`/`左右`.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetSpan {
    pub target: ParsedTarget,
    pub start: usize,
    pub end: usize,
}

/// Units that mark a number as a target (longest first). `个百分点` is reported as unit "百分点".
const TARGET_UNITS: [&str; 8] = ["个百分点", "/10万", "%", "‰", "所", "名", "张", "次"];
/// Count and measure units that mark a number as a target only right after one of [`GATE_VERBS`] (longest
/// first: `个月` before `个`; `个百分点` is a target unit anywhere).
pub const GATED_UNITS: [&str; 21] = [
    "个月", "课时", "学时", "小时", "人次", "万人", "万元", "平方米", "期", "人", "岁", "年", "个", "项", "家", "场",
    "元", "天", "周", "批", "户",
];
/// Verbs right before a number that make a gated unit a target ("不少于4期", "达到81岁").
const GATE_VERBS: [&str; 22] = [
    "达到", "达", "不少于", "不低于", "至少", "不超过", "不高于", "超过", "增至", "增加到", "增长到", "提高到", "提升到", "延长到",
    "延长至", "保持在", "控制在", "稳定在", "降至", "降到", "下降到", "减少到",
];
/// Words that hedge a target without changing it.
pub const HEDGES: [&str; 4] = ["力争", "争取", "力求", "努力"];
/// Words of a fall (a negative change).
const DOWN_WORDS: [&str; 4] = ["下降", "降低", "减少", "缩小"];
/// Characters that end a clause segment (the scope of prefix words such as 不低于).
const BOUNDARIES: [char; 7] = ['，', ',', '；', ';', '。', '：', ':'];

/// The normalised form of one character (full-width digits and signs → ASCII).
fn norm_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '％' => '%',
        '／' => '/',
        _ => c,
    }
}

/// Normalises wording: drops all whitespace (incl. U+3000) and maps full-width digits and signs to ASCII.
pub fn normalize(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).map(norm_char).collect()
}

/// [`normalize`] keeping, for every kept character, its byte range in `s`.
fn normalize_indexed(s: &str) -> (Vec<char>, Vec<(usize, usize)>) {
    let mut chars = Vec::with_capacity(s.len() / 2);
    let mut at = Vec::with_capacity(s.len() / 2);
    for (b, c) in s.char_indices() {
        if !c.is_whitespace() {
            chars.push(norm_char(c));
            at.push((b, b + c.len_utf8()));
        }
    }
    (chars, at)
}

/// The first target in `clause`, if any.
pub fn parse_target(clause: &str) -> Option<ParsedTarget> {
    parse_targets(clause).into_iter().next()
}

/// Every target in `text`, in order of appearance.
pub fn parse_targets(text: &str) -> Vec<ParsedTarget> {
    parse_target_spans(text).into_iter().map(|s| s.target).collect()
}

/// Every target in `text` with its place in `text` (byte offsets), in order of appearance.
pub fn parse_target_spans(text: &str) -> Vec<TargetSpan> {
    let (chars, at) = normalize_indexed(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let Ok(value) = number.trim_end_matches('.').parse::<f64>() else { continue };
        if !value.is_finite() {
            continue;
        }
        let unit = match TARGET_UNITS.iter().find(|u| starts_with(&chars[i..], u)) {
            Some(u) => *u,
            None => match GATED_UNITS.iter().find(|u| starts_with(&chars[i..], u)) {
                Some(u) if gated(&chars[..start], u, value) => *u,
                _ => continue,
            },
        };
        let after = i + unit.chars().count();
        let seg_start = chars[..start].iter().rposition(|c| BOUNDARIES.contains(c)).map_or(0, |p| p + 1);
        let prefix: String = chars[seg_start..start].iter().collect();
        let suffix = &chars[after..];
        let with_suffix = match ["及以上", "及以下", "以上", "以下", "以内", "左右"].iter().find(|w| starts_with(suffix, w)) {
            Some(w) => after + w.chars().count(),
            None => after,
        };
        let byte_start = at.get(start).map_or(0, |r| r.0);
        let byte_end = with_suffix.checked_sub(1).and_then(|k| at.get(k)).map_or(text.len(), |r| r.1);
        out.push(TargetSpan { target: classify(value, unit, &prefix, suffix), start: byte_start, end: byte_end });
        i = after;
    }
    out
}

/// Is a number with a gated unit a target: right after a target verb, and not a calendar year?
fn gated(before: &[char], unit: &str, value: f64) -> bool {
    if unit == "年" && value >= 1000.0 {
        return false;
    }
    GATE_VERBS.iter().any(|v| {
        let n = v.chars().count();
        before.len() >= n && starts_with(&before[before.len() - n..], v)
    })
}

/// The year of `以YYYY年为基数`/`以YYYY年为基期` or `比YYYY年`/`较YYYY年` in `prefix` (normalised text).
fn named_base_year(prefix: &str) -> Option<u16> {
    let chars: Vec<char> = prefix.chars().collect();
    let year_at = |k: usize| -> Option<u16> {
        let digits: String = chars.get(k..k + 4)?.iter().collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) || chars.get(k + 4) != Some(&'年') {
            return None;
        }
        digits.parse().ok()
    };
    for k in 0..chars.len() {
        match chars[k] {
            '以' => {
                if let Some(y) = year_at(k + 1) {
                    let rest: String = chars[k + 6..].iter().take(4).collect();
                    if rest.starts_with("为基数") || rest.starts_with("为基期") {
                        return Some(y);
                    }
                }
            }
            '比' | '较' => {
                if let Some(y) = year_at(k + 1) {
                    return Some(y);
                }
            }
            _ => {}
        }
    }
    None
}

fn starts_with(chars: &[char], pat: &str) -> bool {
    let mut it = chars.iter();
    pat.chars().all(|p| it.next() == Some(&p))
}

fn classify(value: f64, unit: &str, prefix: &str, suffix: &[char]) -> ParsedTarget {
    let has = |words: &[&str]| words.iter().any(|w| prefix.contains(w));
    let every_year = has(&["保持在", "每年"]);
    let each = has(&["各配备", "每所", "每个"]);
    let hedged = has(&HEDGES);
    let base_year = named_base_year(prefix);
    let relative = prefix.contains("基数") || prefix.contains("基期") || base_year.is_some();
    let annual = has(&["年均", "年平均"]);
    if unit == "个百分点" {
        let down = has(&DOWN_WORDS);
        return ParsedTarget {
            op: if down { Op::Le } else { Op::Ge },
            value: if down { -value } else { value },
            unit: "百分点".to_string(),
            relative,
            every_year,
            each,
            points: true,
            hedged,
            base_year,
            annual,
        };
    }
    if relative {
        let down = has(&DOWN_WORDS);
        return ParsedTarget {
            op: if down { Op::Le } else { Op::Ge },
            value: if down { -value } else { value },
            unit: unit.to_string(),
            relative: true,
            every_year,
            each,
            points: false,
            hedged,
            base_year,
            annual: false,
        };
    }
    if annual {
        let down = has(&DOWN_WORDS);
        return ParsedTarget {
            op: if down { Op::Le } else { Op::Ge },
            value: if down { -value } else { value },
            unit: unit.to_string(),
            relative: false,
            every_year,
            each,
            points: false,
            hedged,
            base_year,
            annual: true,
        };
    }
    let op = if starts_with(suffix, "以上") || starts_with(suffix, "及以上") {
        Op::Ge
    } else if starts_with(suffix, "以下") || starts_with(suffix, "以内") || starts_with(suffix, "及以下") {
        Op::Le
    } else if starts_with(suffix, "左右") {
        Op::Approx
    } else if has(&["不低于", "不少于", "至少"]) {
        Op::Ge
    } else if has(&["不高于", "不超过", "控制在", "降至", "降到", "下降到", "减少到", "低于"]) {
        Op::Le
    } else {
        Op::Ge
    };
    ParsedTarget { op, value, unit: unit.to_string(), relative: false, every_year, each, points: false, hedged, base_year: None, annual: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ParsedTarget {
        match parse_target(s) {
            Some(t) => t,
            None => panic!("no target found in {s:?}"),
        }
    }

    #[test]
    fn minimum_with_yishang() {
        let t = p("孕产妇系统管理率达到90%以上");
        assert_eq!((t.op, t.value, t.unit.as_str(), t.every_year), (Op::Ge, 90.0, "%", false));
    }

    #[test]
    fn keep_means_every_year() {
        let t = p("九年义务教育巩固率保持在 99%以上");
        assert_eq!((t.op, t.value, t.every_year), (Op::Ge, 99.0, true));
        assert!(p("学前教育毛入园率达到并保持在90%以上").every_year);
    }

    #[test]
    fn maximum_forms() {
        let t = p("孕产妇死亡率下降到14.5/10万以下");
        assert_eq!((t.op, t.value, t.unit.as_str()), (Op::Le, 14.5, "/10万"));
        let t = p("新生儿死亡率降至3‰以下");
        assert_eq!((t.op, t.value, t.unit.as_str()), (Op::Le, 3.0, "‰"));
        assert_eq!(p("12岁以下儿童龋患率控制在25%以内").op, Op::Le);
        assert_eq!(p("12岁以下儿童龋患率控制在25%以内").value, 25.0);
        // 控制在 without a suffix is still an upper bound.
        assert_eq!(p("贫血率控制在8%").op, Op::Le);
    }

    #[test]
    fn approx_and_not_lower_than() {
        let t = p("就业人员中的女性比例保持在40%左右");
        assert_eq!((t.op, t.value, t.every_year), (Op::Approx, 40.0, true));
        let t = p("全区养老机构护理型床位占比不低于55%");
        assert_eq!((t.op, t.value), (Op::Ge, 55.0));
    }

    #[test]
    fn bare_level_is_a_minimum() {
        let t = p("义务教育优质均衡率达到20%");
        assert_eq!((t.op, t.value), (Op::Ge, 20.0));
        let t = p("区设置1 所政府举办、标准化的妇幼保健机构");
        assert_eq!((t.op, t.value, t.unit.as_str()), (Op::Ge, 1.0, "所"));
        let t = p("90%的城市社区");
        assert_eq!((t.op, t.value), (Op::Ge, 90.0));
    }

    #[test]
    fn relative_to_base_year() {
        let t = p("儿童伤害死亡率以2020年为基数下降15%");
        assert!(t.relative);
        assert_eq!((t.op, t.value, t.unit.as_str()), (Op::Le, -15.0, "%"));
        let t = p("以2020年为基数提高10%");
        assert_eq!((t.op, t.value), (Op::Ge, 10.0));
    }

    #[test]
    fn per_body_counts() {
        let t = p("区级党委、人大、政府、政协领导班子中至少各配备 1 名女干部");
        assert_eq!((t.op, t.value, t.unit.as_str(), t.each), (Op::Ge, 1.0, "名", true));
        let all = parse_targets("每所乡（镇）卫生院、社区卫生服务中心至少配备1 名全科医生，至少配备2名专业从事儿童保健的医生");
        assert_eq!(all.len(), 2);
        assert_eq!((all[1].value, all[1].op), (2.0, Op::Ge));
        let t = p("床位增至2.5张以上");
        assert_eq!((t.value, t.unit.as_str()), (2.5, "张"));
    }

    #[test]
    fn age_and_year_qualifiers_are_skipped() {
        assert_eq!(p("5岁以下儿童死亡率控制在6‰以下").value, 6.0);
        assert_eq!(p("35岁—45岁接受高效宫颈癌筛查的妇女达到65%以上").value, 65.0);
        assert_eq!(p("6个月内婴儿纯母乳喂养率达到60%以上").value, 60.0);
        assert!(parse_target("0至6岁以下儿童视力、听力、肢体、智力及孤独症等残疾筛查、康复、救助率提高").is_none());
        assert!(parse_target("妇女人均预期寿命延长").is_none());
    }

    #[test]
    fn full_width_and_spaces() {
        let t = p("达到　９０．５％　以上");
        assert_eq!((t.op, t.value, t.unit.as_str()), (Op::Ge, 90.5, "%"));
        let t = p("下降到 14.5 ／10万 以下");
        assert_eq!((t.op, t.value, t.unit.as_str()), (Op::Le, 14.5, "/10万"));
    }

    #[test]
    fn several_targets_in_one_line() {
        let all = parse_targets("新生儿访视率保持在90%以上，新生儿死亡率降至3‰以下。");
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].op, all[0].value, all[0].every_year), (Op::Ge, 90.0, true));
        // The 保持在 of the first clause does not leak into the second.
        assert_eq!((all[1].op, all[1].value, all[1].every_year), (Op::Le, 3.0, false));
        let all = parse_targets("儿童家长每年至少接受2次家庭教育指导服务、2次家庭教育实践活动");
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(|t| t.op == Op::Ge && t.value == 2.0 && t.unit == "次" && t.every_year));
    }

    #[test]
    fn percentage_points_are_a_signed_change() {
        let t = p("孕产妇贫血患病率每年下降1个百分点");
        assert!(t.points && t.every_year && !t.relative);
        assert_eq!((t.op, t.value, t.unit.as_str()), (Op::Le, -1.0, "百分点"));
        let t = p("高级专业技术人员中的女性比例提高3个百分点");
        assert!(t.points && !t.every_year);
        assert_eq!((t.op, t.value), (Op::Ge, 3.0));
        let t = p("以2025年为基数提高0.5个百分点");
        assert!(t.points && t.relative);
        assert_eq!((t.value, t.base_year), (0.5, Some(2025)));
        // "个月" is still a qualifier, not a unit.
        assert_eq!(p("6个月内婴儿纯母乳喂养率达到60%以上").value, 60.0);
    }

    #[test]
    fn compared_with_a_named_year_is_relative() {
        let t = p("妇女健康素养水平比2025年提高10%");
        assert!(t.relative && !t.points);
        assert_eq!((t.op, t.value, t.base_year), (Op::Ge, 10.0, Some(2025)));
        let t = p("儿童伤害死亡率较２０２５年下降２０％");
        assert_eq!((t.op, t.value, t.base_year), (Op::Le, -20.0, Some(2025)));
        let t = p("儿童伤害死亡率以2020年为基数下降15%");
        assert_eq!(t.base_year, Some(2020));
        assert_eq!(p("床位增至2.5张以上").base_year, None);
    }

    #[test]
    fn hedges_keep_the_target() {
        let t = p("孕产妇死亡率力争降至10/10万以下");
        assert!(t.hedged);
        assert_eq!((t.op, t.value, t.unit.as_str()), (Op::Le, 10.0, "/10万"));
        assert!(!p("孕产妇死亡率降至10/10万以下").hedged);
        assert!(p("争取达到95%以上").hedged);
    }

    #[test]
    fn count_units_are_targets_only_after_a_verb() {
        let t = p("每年举办培训不少于4期");
        assert_eq!((t.op, t.value, t.unit.as_str(), t.every_year), (Op::Ge, 4.0, "期", true));
        assert_eq!((p("妇女平均预期寿命达到81岁").value, p("妇女平均预期寿命达到81岁").unit.as_str()), (81.0, "岁"));
        assert_eq!(p("受教育年限达到　１１．５　年").unit, "年");
        assert_eq!(p("安全教育课每学期不少于8课时").unit, "课时");
        assert_eq!(p("母乳喂养时间达到6个月").unit, "个月");
        assert!(parse_target("5岁以下儿童贫血患病率下降").is_none());
        assert!(parse_target("普及12年基本公共教育").is_none());
        assert!(parse_target("各年数值不低于2025年").is_none());
        // 个百分点 is not 个.
        assert_eq!(p("比2025年提高5个百分点").unit, "百分点");
    }

    #[test]
    fn ji_yishang_is_a_lower_bound() {
        let text = "筛查率达到80%及以上";
        let s = &parse_target_spans(text)[0];
        assert_eq!((s.target.op, s.target.value), (Op::Ge, 80.0));
        assert_eq!(&text[s.start..s.end], "80%及以上");
        assert_eq!(p("某率控制在5%及以下").op, Op::Le);
    }

    #[test]
    fn average_annual_change() {
        let t = p("人均可支配收入年均增长6%以上");
        assert!(t.annual && !t.relative && !t.points);
        assert_eq!((t.op, t.value), (Op::Ge, 6.0));
        let t = p("某病发病率年平均下降5%");
        assert_eq!((t.annual, t.op, t.value), (true, Op::Le, -5.0));
        let t = p("近视率年均降低0.5个百分点以上");
        assert!(t.annual && t.points && !t.every_year);
        assert_eq!(t.value, -0.5);
        assert!(!p("收入增长6%").annual);
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "新生儿访视率保持在 90%以上，新生儿死亡率降至３‰以下。";
        let spans = parse_target_spans(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].start..spans[0].end], "90%以上");
        assert_eq!(&text[spans[1].start..spans[1].end], "３‰以下");
        let text = "区设置1 所政府举办";
        let s = &parse_target_spans(text)[0];
        assert_eq!(&text[s.start..s.end], "1 所");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// Writes `s` with random full-width digits/signs and random (full- or half-width) spaces.
        fn scramble(s: &str, mask: &[u8]) -> String {
            let mut out = String::new();
            for (k, c) in s.chars().enumerate() {
                let m = mask.get(k % mask.len().max(1)).copied().unwrap_or(0);
                let c = if m & 1 == 1 {
                    match c {
                        '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                        '.' => '．',
                        '%' => '％',
                        '/' => '／',
                        _ => c,
                    }
                } else {
                    c
                };
                out.push(c);
                match m >> 1 & 3 {
                    1 => out.push(' '),
                    2 => out.push('\u{3000}'),
                    _ => {}
                }
            }
            out
        }

        proptest! {
            #[test]
            fn wording_round_trips(
                tenths in 0u32..10_000,
                form in 0usize..6,
                unit in 0usize..3,
                age in 1u32..18,
                mask in proptest::collection::vec(any::<u8>(), 1..16),
            ) {
                let v = f64::from(tenths) / 10.0;
                let n = crate::catalogue::fmt_num(v);
                let u = ["%", "‰", "/10万"][unit];
                let (text, op) = match form {
                    0 => (format!("{age}岁以下儿童某率达到{n}{u}以上"), Op::Ge),
                    1 => (format!("某率保持在{n}{u}以上"), Op::Ge),
                    2 => (format!("{age}岁以下儿童某率控制在{n}{u}以下"), Op::Le),
                    3 => (format!("某率下降到{n}{u}以内"), Op::Le),
                    4 => (format!("某比例达到{n}{u}左右"), Op::Approx),
                    _ => (format!("某占比不低于{n}{u}"), Op::Ge),
                };
                let Some(t) = parse_target(&scramble(&text, &mask)) else {
                    return Err(TestCaseError::fail(format!("no target in {text:?}")));
                };
                prop_assert_eq!(t.op, op);
                prop_assert!((t.value - v).abs() < 1e-9, "{} → {}", text, t.value);
                prop_assert_eq!(t.unit.as_str(), u);
                prop_assert_eq!(t.every_year, form == 1);
                prop_assert_eq!(parse_targets(&text).len(), 1);
            }
        }
    }
}
