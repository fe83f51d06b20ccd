//! 草拟中的指标 / An indicator being drafted, with its clause, notes and review marks.

use super::text::*;
use crate::catalogue::{Direction, Entry, Indicator, Kind};

/// The most indicators one target line is split into (their ids end in a … z); a line that would give more is
/// drafted as one milestone marked for splitting by hand.
pub(super) const MAX_LINE_ITEMS: usize = 26;

/// A clause would give more indicators than a line can hold ([`MAX_LINE_ITEMS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TooMany;

/// What a line's indicators are drafted with.
pub(super) struct Ctx<'a> {
    pub(super) base: u16,
    /// The plan's last year (the horizon of 年均 changes).
    pub(super) last: u16,
    /// First character of unit names: 区 / 县 / 市 (the region's last character).
    pub(super) prefix: char,
    /// The goal's text (a fallback for the lead unit).
    pub(super) goal: &'a str,
}

/// An indicator being drafted, with its place in the line and its notes.
pub(super) struct Item {
    pub(super) ind: Indicator,
    /// Byte range of the clause in the line text.
    pub(super) span: (usize, usize),
    pub(super) notes: Vec<String>,
    pub(super) review: Vec<String>,
}

impl Item {
    pub(super) fn new(line: &str, span: (usize, usize), name: String) -> Item {
        let clause = line.get(span.0..span.1).unwrap_or(line).to_string();
        let name = if name.trim().is_empty() { short_name(&clause) } else { name };
        Item {
            ind: Indicator {
                id: String::new(),
                name,
                clause,
                kind: Kind::Milestone,
                op: None,
                value: None,
                unit: String::new(),
                direction: Direction::Up,
                every_year: false,
                entry: Entry::Milestone,
                numerator: None,
                denominator: None,
                scale: None,
                events: None,
                bodies: Vec::new(),
                compare_with: None,
                band: None,
                max: None,
                interpretation: String::new(),
                definition: String::new(),
                formula: String::new(),
                source: String::new(),
                evidence_hint: String::new(),
                review: String::new(),
                previous: None,
                previous_note: String::new(),
                lead_unit: String::new(),
                co_units: Vec::new(),
            },
            span,
            notes: Vec::new(),
            review: Vec::new(),
        }
    }
    pub(super) fn note(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !self.notes.contains(&s) {
            self.notes.push(s);
        }
    }
    pub(super) fn mark(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !self.review.contains(&s) {
            self.review.push(s);
        }
    }
}

/// A name for a qualitative clause: the clause, shortened to its first part when long.
pub(super) fn short_name(clause: &str) -> String {
    let c = trim_punct(clause);
    if chars_len(c) <= 30 {
        return c.to_string();
    }
    let first = split_words(c, &['，', ',', '；', ';']).first().copied().unwrap_or(c);
    take_chars(first, 30).to_string()
}
