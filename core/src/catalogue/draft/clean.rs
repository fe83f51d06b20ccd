//! 文档清理 / What a text copied out of a PDF or Word file carries besides the plan, removed before the structure
//! is read: page footers ("— 3 —", "- 3 -", "第3页", "3/12"), disclosure marks ("（此件公开发布）"), a plan title
//! broken over two lines ("某某区妇女发展规划" / "（2026—2030年）"), leading and trailing ideographic spaces, and
//! full-width digits and signs (１２．５％ → 12.5%). Lines broken mid-sentence are joined by the structure reader.

use super::text::{ascii_digit, chars_len};
use super::title::parse_title;

/// A line as drafting reads it: its 1-based line number in the text and its cleaned content.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TextLine {
    pub(super) at: usize,
    pub(super) text: String,
}

/// Characters that decorate a page number.
const PAGE_DECOR: [char; 12] = ['-', '—', '–', '－', '―', '─', '~', '～', '·', '•', '_', '－'];

/// "— 3 —", "-3-", "３", "第3页", "第 3 页 共 12 页", "3/12": a page footer or header.
pub(super) fn is_page_mark(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).map(ascii_digit).collect();
    let core = t.trim_matches(|c| PAGE_DECOR.contains(&c));
    let digits = |x: &str| !x.is_empty() && x.len() <= 4 && x.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return true;
    }
    if let Some(rest) = core.strip_prefix('第') {
        let (page, more) = rest.split_once('页').unwrap_or((rest, "-"));
        let total_ok = more.is_empty() || more.strip_prefix('共').and_then(|m| m.strip_suffix('页')).is_some_and(digits);
        return digits(page) && total_ok;
    }
    core.split_once('/').is_some_and(|(a, b)| digits(a) && digits(b))
}

/// "（此件公开发布）", "（此件主动公开）" …
pub(super) fn is_disclosure_mark(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = t.strip_prefix(['（', '(']).and_then(|x| x.strip_suffix(['）', ')']));
    inner.is_some_and(|x| x.starts_with("此件") && chars_len(x) <= 12)
}

/// Full-width digits, ％ and ／ made half-width, and ． between two digits a decimal point.
pub(super) fn half_width(s: &str) -> String {
    let chars: Vec<char> = s.chars().map(ascii_digit).collect();
    let mut out = String::with_capacity(s.len());
    for (k, &c) in chars.iter().enumerate() {
        let digit_at = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|d| d.is_ascii_digit());
        out.push(match c {
            '％' => '%',
            '／' => '/',
            '．' if digit_at(k.checked_sub(1)) && digit_at(Some(k + 1)) => '.',
            _ => c,
        });
    }
    out
}

/// The lines of `text` as drafting reads them (see the module documentation).
pub(super) fn text_lines(text: &str) -> Vec<TextLine> {
    let kept: Vec<TextLine> = text
        .lines()
        .enumerate()
        .map(|(i, raw)| (i + 1, raw.trim()))
        .filter(|(_, s)| !s.is_empty() && !is_page_mark(s) && !is_disclosure_mark(s))
        .map(|(at, s)| TextLine { at, text: half_width(s) })
        .collect();
    let mut out: Vec<TextLine> = Vec::with_capacity(kept.len());
    let mut k = 0;
    while k < kept.len() {
        let line = &kept[k];
        // A title broken over two lines: "某某区妇女发展规划" / "（2026—2030年）".
        if let Some(next) = kept.get(k + 1) {
            let joined = format!("{}{}", line.text, next.text);
            let short = chars_len(&joined) <= 60;
            if short && (line.text.contains("妇女发展") || line.text.contains("儿童发展")) && parse_title(&line.text).is_none() {
                if parse_title(&joined).is_some() {
                    out.push(TextLine { at: line.at, text: joined });
                    k += 2;
                    continue;
                }
            }
        }
        out.push(line.clone());
        k += 1;
    }
    out
}
