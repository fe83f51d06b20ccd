//! 目标值的有界查找 / Looking for target values in bounded time: [`parse_target_spans`] reads each value's
//! words back to the clause start, which is quadratic in a long clause; these look at a short window instead.

use super::text::{ascii_digit, take_chars};
use crate::parse::parse_target_spans;

/// Characters enough for a number, its unit and 以上/以下 (a unit is never longer than 4 characters).
const WINDOW: usize = 64;

/// Characters before a number read with it: a count unit (期、人、岁 …) is a target only right after a verb such as
/// 不少于 (see `crate::parse::GATED_UNITS`).
const BACK: usize = 8;

/// Clauses shorter than this are parsed whole without counting first.
const LONG_CLAUSE: usize = 1024;

/// Does `clause` start with a target value ("90%的城市社区……")?
pub(super) fn starts_with_target(clause: &str) -> bool {
    parse_target_spans(take_chars(clause, WINDOW)).first().is_some_and(|s| s.start == 0)
}

/// Where to start reading the number at byte `b`: [`BACK`] characters before it, not counting whitespace (which the
/// parser ignores). Each whitespace run is walked by at most [`BACK`] numbers, so this stays linear.
fn back(clause: &str, b: usize) -> usize {
    let mut seen = 0;
    let mut from = b;
    for (i, c) in clause[..b].char_indices().rev() {
        if seen == BACK {
            break;
        }
        if !c.is_whitespace() {
            seen += 1;
        }
        from = i;
    }
    from
}

/// Does `clause` hold more than `limit` target values? Decided in time linear in the clause, by reading each
/// number as `parse_target_spans` does (a window can only miss a value, never invent one, so `true` is exact).
pub(super) fn more_targets_than(clause: &str, limit: usize) -> bool {
    if clause.len() < LONG_CLAUSE {
        return false;
    }
    let is_digit = |c: char| ascii_digit(c).is_ascii_digit();
    let mut count = 0;
    let mut b = 0;
    while let Some(c) = clause[b..].chars().next() {
        if !is_digit(c) {
            b += c.len_utf8();
            continue;
        }
        let from = back(clause, b);
        let at = b - from;
        let end = b + take_chars(&clause[b..], WINDOW).len();
        let spans = parse_target_spans(&clause[from..end]);
        match spans.iter().find(|s| s.start == at) {
            Some(s) if s.end > at => {
                count += 1;
                if count > limit {
                    return true;
                }
                b = from + s.end;
            }
            _ => {
                // Not a target: skip the number (digits, decimal points and the spaces between them).
                let run: usize = clause[b..]
                    .chars()
                    .take_while(|&c| is_digit(c) || matches!(c, '.' | '．') || c.is_whitespace())
                    .map(char::len_utf8)
                    .sum();
                b += run.max(c.len_utf8());
            }
        }
    }
    false
}
