//! 文本小工具 / Small text helpers: full-width digits, Chinese numerals, top-level splitting, list connectors.


pub(super) fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Full-width digits → ASCII.
pub(super) fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// Whitespace removed, full-width digits mapped to ASCII.
pub(super) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).map(ascii_digit).collect()
}

pub(super) fn chars_len(s: &str) -> usize {
    s.chars().count()
}

/// The first `n` characters of `s`.
pub(super) fn take_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((b, _)) => &s[..b],
        None => s,
    }
}

pub(super) fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// Chinese numerals 一 … 九十九 at the start of `s`: (value, bytes used).
pub(super) fn cn_number(s: &str) -> Option<(u32, usize)> {
    const DIGITS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut used = 0;
    let mut chars = Vec::new();
    for c in s.chars() {
        if DIGITS.contains(&c) || c == '十' {
            chars.push(c);
            used += c.len_utf8();
            if chars.len() > 3 {
                return None;
            }
        } else {
            break;
        }
    }
    let digit = |c: char| DIGITS.iter().position(|&d| d == c).map(|p| p as u32 + 1);
    let value = match chars.as_slice() {
        [] => return None,
        [a] if *a == '十' => 10,
        [a] => digit(*a)?,
        ['十', b] => 10 + digit(*b)?,
        [a, '十'] => digit(*a)? * 10,
        [a, '十', b] => digit(*a)? * 10 + digit(*b)?,
        _ => return None,
    };
    Some((value, used))
}

/// Splits `s` at top-level separators (not inside brackets or quotes): byte ranges of the trimmed, non-empty parts.
pub(super) fn split_top(s: &str, seps: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let push = |out: &mut Vec<(usize, usize)>, a: usize, b: usize| {
        let part = &s[a..b];
        let lead = part.len() - part.trim_start().len();
        let t = part.trim();
        if !t.is_empty() {
            out.push((a + lead, a + lead + t.len()));
        }
    };
    for (b, c) in s.char_indices() {
        match c {
            '（' | '(' | '《' | '“' | '【' | '[' | '「' => depth += 1,
            '）' | ')' | '》' | '”' | '】' | ']' | '」' => depth = depth.saturating_sub(1),
            _ if depth == 0 && seps.contains(&c) => {
                push(&mut out, start, b);
                start = b + c.len_utf8();
            }
            _ => {}
        }
    }
    push(&mut out, start, s.len());
    out
}

/// The parts of `s` split at top-level separators, as text.
pub(super) fn split_words<'a>(s: &'a str, seps: &[char]) -> Vec<&'a str> {
    split_top(s, seps).into_iter().map(|(a, b)| &s[a..b]).collect()
}

/// Is the character `c` at byte `b` of `s` a list connector (、和及与), not part of a word such as 普及、及时、
/// 及其、和谐、参与?
pub(super) fn is_connector(s: &str, b: usize, c: char) -> bool {
    let before = s[..b].chars().next_back();
    let after = s[b + c.len_utf8()..].chars().next();
    let is = |o: Option<char>, set: &[char]| o.is_some_and(|x| set.contains(&x));
    match c {
        '、' => true,
        '及' => !is(before, &['普', '涉', '危', '波', '顾', '企', '来', '不']) && !is(after, &['其', '时', '格', '早']),
        '和' => !is(before, &['总', '温', '平', '缓', '祥', '调', '柔', '饱']) && !is(after, &['谐', '睦', '平']),
        '与' => !is(before, &['参', '给', '授', '赋', '赠']) && !is(after, &['否']),
        _ => false,
    }
}

/// Top-level list connectors of `s`: byte position and character.
pub(super) fn connectors(s: &str) -> Vec<(usize, char)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (b, c) in s.char_indices() {
        match c {
            '（' | '(' | '《' | '“' | '【' | '[' | '「' => depth += 1,
            '）' | ')' | '》' | '”' | '】' | ']' | '」' => depth = depth.saturating_sub(1),
            _ if depth == 0 && is_connector(s, b, c) => out.push((b, c)),
            _ => {}
        }
    }
    out
}

/// The items of a list "甲、乙和丙" (trimmed, non-empty; a "以" of "以及" is dropped).
pub(super) fn split_list(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |a: usize, b: usize| {
        let t = s[a..b].trim();
        let t = if s[b..].starts_with('及') { t.strip_suffix('以').unwrap_or(t).trim() } else { t };
        if !t.is_empty() {
            out.push(t);
        }
    };
    for (b, c) in connectors(s) {
        push(start, b);
        start = b + c.len_utf8();
    }
    push(start, s.len());
    out
}

/// Punctuation that may end a line or clause.
pub(super) const END_PUNCT: [char; 8] = ['。', '.', '；', ';', '，', ',', '、', '：'];

pub(super) fn trim_punct(s: &str) -> &str {
    s.trim().trim_end_matches(|c: char| END_PUNCT.contains(&c) || c.is_whitespace()).trim()
}
