//! 标题与规划信息 / Titles, period and header facts found in the text.

use super::text::*;
use crate::catalogue::Plan;
use std::collections::BTreeMap;

/// A plan title line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Title {
    pub(super) plan: Plan,
    pub(super) region: String,
    pub(super) first: u16,
    pub(super) last: u16,
    /// The title as written, whitespace removed.
    pub(super) text: String,
}

/// Characters accepted between the two years of a title.
pub(super) const DASHES: [char; 12] = ['-', '—', '–', '－', '―', '‐', '‑', '−', '~', '～', '〜', '至'];
/// Last character of a region name.
pub(super) const REGION_ENDS: [char; 6] = ['区', '县', '市', '旗', '州', '盟'];

pub(super) fn valid_region(r: &str) -> bool {
    let n = chars_len(r);
    (2..=20).contains(&n)
        && r.chars().all(is_cjk)
        && !r.contains("关于")
        && !r.contains("印发")
        && r.chars().last().is_some_and(|c| REGION_ENDS.contains(&c))
}

/// "2021-2025年", "2021年—2025年", "２０２６——２０３０年" → (first, last).
pub(super) fn parse_years(inner: &str) -> Option<(u16, u16)> {
    let chars: Vec<char> = inner.chars().map(ascii_digit).collect();
    let year = |k: usize| -> Option<u16> {
        let d: String = chars.get(k..k + 4)?.iter().collect();
        if d.chars().all(|c| c.is_ascii_digit()) {
            d.parse().ok()
        } else {
            None
        }
    };
    let first = year(0)?;
    let mut k = 4;
    if chars.get(k) == Some(&'年') {
        k += 1;
    }
    let d0 = k;
    while chars.get(k).is_some_and(|c| DASHES.contains(c)) {
        k += 1;
    }
    if k == d0 || k - d0 > 2 {
        return None;
    }
    let last = year(k)?;
    k += 4;
    if chars.get(k) == Some(&'年') {
        k += 1;
    }
    (k == chars.len()).then_some((first, last))
}

/// A whole line that is a plan title, e.g. "梨树区妇女发展规划（2021-2025年）".
pub(super) fn parse_title(line: &str) -> Option<Title> {
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let (plan, pos, kw) = [(Plan::Women, "妇女发展规划"), (Plan::Children, "儿童发展规划")]
        .into_iter()
        .find_map(|(p, kw)| s.find(kw).map(|pos| (p, pos, kw)))?;
    let region = &s[..pos];
    if !valid_region(region) {
        return None;
    }
    let rest = &s[pos + kw.len()..];
    let mut it = rest.chars();
    let open = it.next()?;
    if !matches!(open, '（' | '(' | '〔' | '[' | '【') {
        return None;
    }
    let inner = it.as_str();
    let close = inner.chars().last()?;
    if !matches!(close, '）' | ')' | '〕' | ']' | '】') {
        return None;
    }
    let inner = &inner[..inner.len() - close.len_utf8()];
    let (first, last) = parse_years(inner)?;
    Some(Title { plan, region: region.to_string(), first, last, text: s })
}

/// "XX人民政府" as the first word of a line.
pub(super) fn authority_of(line: &str) -> Option<String> {
    let word = line.split_whitespace().next()?;
    let n = chars_len(word);
    (word.ends_with("人民政府") && (5..=24).contains(&n) && word.chars().all(is_cjk)).then(|| word.to_string())
}

/// The number written at the end of `s` (ASCII digits) and the text before it.
pub(super) fn trailing_number(s: &str) -> Option<(u32, &str)> {
    let digits = s.chars().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let cut = s.len() - digits;
    Some((s[cut..].parse().ok()?, &s[..cut]))
}

/// "2022年9月26日印发" anywhere in the text → "2022-09-26".
pub(super) fn issued_date(text: &str) -> Option<String> {
    for line in text.lines() {
        let s = squeeze(line);
        let mut from = 0;
        while let Some(p) = s[from..].find("日印发") {
            let before = &s[..from + p];
            from += p + "日印发".len();
            let Some((day, rest)) = trailing_number(before) else { continue };
            let Some(rest) = rest.strip_suffix('月') else { continue };
            let Some((month, rest)) = trailing_number(rest) else { continue };
            let Some(rest) = rest.strip_suffix('年') else { continue };
            let Some((year, _)) = trailing_number(rest) else { continue };
            if (1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day) {
                return Some(format!("{year:04}-{month:02}-{day:02}"));
            }
        }
    }
    None
}

/// Years named as base: "以YYYY年为基数/基期", counted.
pub(super) fn named_base_years(text: &str) -> BTreeMap<u16, usize> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let s = squeeze(line);
        let mut from = 0;
        while let Some(p) = s[from..].find('以') {
            let at = from + p + '以'.len_utf8();
            from = at;
            let rest = &s[at..];
            let Some(digits) = rest.get(..4) else { continue };
            if !digits.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let after = &rest[4..];
            if after.starts_with("年为基数") || after.starts_with("年为基期") {
                if let Ok(y) = digits.parse::<u16>() {
                    *out.entry(y).or_insert(0) += 1;
                }
            }
        }
    }
    out
}
