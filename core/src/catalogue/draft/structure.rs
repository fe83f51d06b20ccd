//! 结构 / Structure: plan titles, domains, numbered goals and “——” target lines.

use super::clean::{text_lines, TextLine};
use super::error::DraftError;
use super::text::*;
use super::title::{parse_title, Title};
use crate::catalogue::Plan;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub(super) struct Source {
    /// (1-based line, title) of every title line.
    pub(super) titles: Vec<(usize, Title)>,
    pub(super) domains: Vec<SrcDomain>,
    pub(super) goals: Vec<SrcGoal>,
    pub(super) lines: Vec<SrcLine>,
}

#[derive(Debug)]
pub(super) struct SrcDomain {
    pub(super) plan: Plan,
    pub(super) number: u32,
    pub(super) name: String,
}

#[derive(Debug)]
pub(super) struct SrcGoal {
    pub(super) domain: usize,
    pub(super) number: u32,
    pub(super) text: String,
}

#[derive(Debug)]
pub(super) struct SrcLine {
    pub(super) goal: usize,
    pub(super) text: String,
}

/// "二、发展领域……" → Some("发展领域……"): a top-level heading (Chinese numeral + 、).
pub(super) fn top_heading(s: &str) -> Option<&str> {
    let (_, used) = cn_number(s)?;
    let rest = s[used..].strip_prefix(['、', '．', '.'])?.trim();
    (!rest.is_empty() && chars_len(rest) <= 40 && !rest.contains('。')).then_some(rest)
}

/// "（三）妇女与经济" → (3, "妇女与经济").
pub(super) fn domain_heading(s: &str) -> Option<(u32, String)> {
    let rest = s.strip_prefix('（').or_else(|| s.strip_prefix('('))?;
    let (n, used) = cn_number(rest)?;
    let rest = rest[used..].strip_prefix('）').or_else(|| rest[used..].strip_prefix(')'))?;
    let name: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let ok = !name.is_empty() && chars_len(&name) <= 16 && !name.chars().any(|c| END_PUNCT.contains(&c) || c == ':');
    ok.then_some((n, name))
}

/// "12.提高…" / "１２．提高…" / "3、提高…" / "⒉提高…" / "（2）提高…" → (12, "提高…"). A decimal ("3.5‰和5‰以下",
/// a line broken before a value) is not a number of a goal.
pub(super) fn numbered(s: &str) -> Option<(u32, &str)> {
    // "⒈" … "⒛" (one character each, as PDF text often has them).
    if let Some(c) = s.chars().next().filter(|c| ('\u{2488}'..='\u{249b}').contains(c)) {
        let rest = s[c.len_utf8()..].trim();
        return (!rest.is_empty()).then_some((c as u32 - 0x2487, rest));
    }
    // "（2）" / "(2)".
    if let Some(inner) = s.strip_prefix(['（', '(']) {
        let digits: String = inner.chars().take_while(|c| ascii_digit(*c).is_ascii_digit()).map(ascii_digit).collect();
        let used: usize = inner.chars().take(digits.len()).map(char::len_utf8).sum();
        let rest = inner[used..].strip_prefix(['）', ')'])?.trim();
        if digits.is_empty() || digits.len() > 3 || rest.is_empty() {
            return None;
        }
        return Some((digits.parse().ok()?, rest));
    }
    let digits: String = s.chars().take_while(|c| ascii_digit(*c).is_ascii_digit()).map(ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let used: usize = s.chars().take(digits.len()).map(char::len_utf8).sum();
    let rest = &s[used..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix('．')).or_else(|| rest.strip_prefix('、'))?;
    if rest.starts_with(|c: char| ascii_digit(c).is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, rest))
}

/// Dashes that mark a target line when doubled ("——", "－－", "──", "--", "— —").
const LINE_DASHES: [char; 7] = ['—', '―', '─', '━', '－', '-', '–'];
/// Bullets and single marks that start a target line in some documents.
const LINE_BULLETS: [char; 10] = ['●', '•', '◆', '■', '▪', '○', '◇', '□', '►', '➢'];

/// The text of a target line without its mark: two or more dashes (spaces between them allowed), one long dash
/// before the text ("— 城乡……"), a bullet, or a circled number (①…⑳).
pub(super) fn target_line(s: &str) -> Option<&str> {
    let mut dashes = 0;
    let mut end = 0;
    for (b, c) in s.char_indices() {
        if LINE_DASHES.contains(&c) {
            dashes += 1;
        } else if !c.is_whitespace() {
            break;
        }
        end = b + c.len_utf8();
    }
    let rest = s[end..].trim();
    let first = s.chars().next()?;
    let single_long = dashes == 1 && matches!(first, '—' | '―' | '─') && rest.starts_with(|c: char| !c.is_ascii_digit());
    if dashes >= 2 || single_long {
        return Some(rest);
    }
    if LINE_BULLETS.contains(&first) || ('\u{2460}'..='\u{2473}').contains(&first) {
        return Some(s[first.len_utf8()..].trim());
    }
    None
}

/// The short name of a domain: 妇女与健康 → 健康, 妇女参与决策和管理 → 参与决策和管理.
pub(super) fn domain_short(name: &str) -> String {
    for p in ["妇女与", "儿童与", "妇女", "儿童"] {
        if let Some(rest) = name.strip_prefix(p) {
            if !rest.is_empty() {
                return rest.to_string();
            }
        }
    }
    name.to_string()
}

pub(super) fn read_structure(text: &str, errors: &mut Vec<DraftError>) -> Source {
    let mut src = Source::default();
    let mut plan: Option<Plan> = None;
    let (mut in_domains, mut in_goals) = (false, false);
    // Current domain and goal (indices into src), and whether the current block is skipped after an error.
    let mut domain: Option<usize> = None;
    let mut goal: Option<usize> = None;
    let mut skip_domain = false;
    let mut skip_goal = false;
    // Where each domain and goal was found (for duplicate messages).
    let mut domain_at: BTreeMap<(Plan, u32), usize> = BTreeMap::new();
    let mut goal_at: BTreeMap<(usize, u32), usize> = BTreeMap::new();
    for TextLine { at, text: s } in text_lines(text) {
        let (at, s) = (at, s.as_str());
        if let Some(t) = parse_title(s) {
            plan = Some(t.plan);
            src.titles.push((at, t));
            (in_domains, in_goals) = (false, false);
            (domain, goal, skip_domain, skip_goal) = (None, None, false, false);
            continue;
        }
        let Some(p) = plan else { continue };
        if let Some(h) = top_heading(s) {
            in_domains = h.contains("发展领域");
            in_goals = false;
            (domain, goal, skip_domain, skip_goal) = (None, None, false, false);
            continue;
        }
        if !in_domains {
            continue;
        }
        if let Some((n, name)) = domain_heading(s) {
            in_goals = false;
            goal = None;
            skip_goal = false;
            if let Some(prev) = domain_at.get(&(p, n)) {
                errors.push(DraftError::DuplicateDomain { line: at, heading: s.to_string(), previous: *prev });
                skip_domain = true;
                domain = None;
                continue;
            }
            domain_at.insert((p, n), at);
            src.domains.push(SrcDomain { plan: p, number: n, name });
            domain = Some(src.domains.len() - 1);
            skip_domain = false;
            continue;
        }
        if skip_domain {
            continue;
        }
        let squeezed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.starts_with("主要目标") {
            in_goals = true;
            continue;
        }
        if squeezed.starts_with("策略措施") {
            in_goals = false;
            continue;
        }
        if !in_goals {
            continue;
        }
        if let Some(t) = target_line(s) {
            if skip_goal {
                continue;
            }
            let Some(g) = goal else {
                errors.push(DraftError::LineBeforeGoal { line: at });
                continue;
            };
            if t.is_empty() {
                errors.push(DraftError::EmptyTargetLine { line: at });
                continue;
            }
            src.lines.push(SrcLine { goal: g, text: t.to_string() });
        } else if let Some((n, t)) = numbered(s) {
            let Some(d) = domain else {
                errors.push(DraftError::GoalBeforeDomain { line: at });
                skip_goal = true;
                continue;
            };
            if let Some(prev) = goal_at.get(&(d, n)) {
                errors.push(DraftError::DuplicateGoal { line: at, number: n, previous: *prev });
                skip_goal = true;
                goal = None;
                continue;
            }
            goal_at.insert((d, n), at);
            src.goals.push(SrcGoal { domain: d, number: n, text: t.to_string() });
            goal = Some(src.goals.len() - 1);
            skip_goal = false;
        } else if skip_goal {
            continue;
        } else if let Some(last) = src.lines.last_mut().filter(|l| Some(l.goal) == goal) {
            // A target line broken across text lines: join the continuation.
            last.text.push_str(s);
        } else if let Some(g) = goal.and_then(|g| src.goals.get_mut(g)) {
            // A goal broken across text lines.
            g.text.push_str(s);
        }
    }
    src
}
