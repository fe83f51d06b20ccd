//! 目标值的有界查找 / Looking for target values in bounded time: [`parse_target_spans`] reads each value's
//! words back to the clause start, which is quadratic in a long clause; these look at a short window instead.

use super::text::{ascii_digit, take_chars};
use crate::parse::parse_target_spans;

/// Characters enough for a number, its unit and 以上/以下 (a unit is never longer than 4 characters).
const WINDOW: usize = 64;

/// Clauses shorter than this are parsed whole without counting first.
const LONG_CLAUSE: usize = 1024;

/// Does `clause` start with a target value ("90%的城市社区……")?
pub(super) fn starts_with_target(clause: &str) -> bool {
    parse_target_spans(take_chars(clause, WINDOW)).first().is_some_and(|s| s.start == 0)
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
        match parse_target_spans(take_chars(&clause[b..], WINDOW)).first() {
            Some(s) if s.start == 0 && s.end > 0 => {
                count += 1;
                if count > limit {
                    return true;
                }
                b += s.end;
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
