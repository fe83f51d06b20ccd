//! The embedded catalogue in its compact form, read without serde (the app reads it before its first
//! screen; parsing the 300 KB JSON with serde_json cost ~6 ms there, most of it compiling serde code).
//! build.rs writes `catalogue.bin` (small integers) and `catalogue.strings` (every distinct string once, in
//! order of first use);
//! the layout is described in build.rs, and this reader takes the fields in the same order. The tests below
//! prove the result equals the serde reading of `CATALOGUE_JSON` field for field.

use super::{
    Catalogue, Defaults, Direction, Domain, Entry, Goal, Indicator, Kind, Op, Period, Plan, PlanInfo,
    PreviousCatalogue, TargetLine,
};

/// The records (see build.rs).
pub const BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalogue.bin"));
/// Every distinct string of the catalogue, concatenated.
pub const STRINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/catalogue.strings"));

// Positions as build.rs writes them (the variants' declaration order).
const PLANS: [Plan; 2] = [Plan::Women, Plan::Children];
const KINDS: [Kind; 11] = [
    Kind::Min,
    Kind::Max,
    Kind::Approx,
    Kind::Relative,
    Kind::CountPerBody,
    Kind::Directional,
    Kind::Relational,
    Kind::Balance,
    Kind::Milestone,
    Kind::Points,
    Kind::PointsPerYear,
];
const OPS: [Op; 6] = [Op::Ge, Op::Le, Op::Gt, Op::Lt, Op::Approx, Op::Eq];
const DIRECTIONS: [Direction; 5] =
    [Direction::Up, Direction::Down, Direction::Hold, Direction::HoldUp, Direction::SlowRise];
const ENTRIES: [Entry; 5] = [Entry::Value, Entry::Rate, Entry::FemaleMale, Entry::PerBody, Entry::Milestone];

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The string table: the strings in order of first use, each ended by a NUL.
    text: &'a str,
    /// Where the next new string starts in `text`.
    at: usize,
    /// The strings taken from the table so far (a repeat names one by its position).
    seen: Vec<&'a str>,
}

impl<'a> Reader<'a> {
    fn uint(&mut self) -> usize {
        let mut v = 0usize;
        let mut shift = 0;
        loop {
            let b = self.bytes[self.pos];
            self.pos += 1;
            v |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return v;
            }
            shift += 7;
        }
    }
    fn u16(&mut self) -> u16 {
        self.uint() as u16
    }
    fn u32(&mut self) -> u32 {
        self.uint() as u32
    }
    /// The string of `code`: 0 the next new one of the table, 1 "", k the (k − 2)th seen.
    fn string_of(&mut self, code: usize) -> String {
        match code {
            0 => {
                let rest = &self.text[self.at..];
                let s = &rest[..rest.find('\0').unwrap_or(rest.len())];
                self.at += s.len() + 1;
                self.seen.push(s);
                s.to_string()
            }
            1 => String::new(),
            k => self.seen[k - 2].to_string(),
        }
    }
    fn str(&mut self) -> String {
        let code = self.uint();
        self.string_of(code)
    }
    fn opt_str(&mut self) -> Option<String> {
        match self.uint() {
            0 => None,
            code => Some(self.string_of(code - 1)),
        }
    }
    fn num(&mut self) -> f64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&self.bytes[self.pos..self.pos + 8]);
        self.pos += 8;
        f64::from_le_bytes(b)
    }
    fn opt_num(&mut self) -> Option<f64> {
        self.flag().then(|| self.num())
    }
    fn flag(&mut self) -> bool {
        self.uint() != 0
    }
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let n = self.uint();
        (0..n).map(|_| item(self)).collect()
    }
    fn strs(&mut self) -> Vec<String> {
        self.list(Self::str)
    }
    fn plan(&mut self) -> Plan {
        PLANS[self.uint()]
    }

    fn indicator(&mut self) -> Indicator {
        Indicator {
            id: self.str(),
            name: self.str(),
            clause: self.str(),
            kind: KINDS[self.uint()],
            op: match self.uint() {
                0 => None,
                i => Some(OPS[i - 1]),
            },
            value: self.opt_num(),
            unit: self.str(),
            direction: DIRECTIONS[self.uint()],
            every_year: self.flag(),
            entry: ENTRIES[self.uint()],
            numerator: self.opt_str(),
            denominator: self.opt_str(),
            scale: self.opt_num(),
            events: match self.uint() {
                0 => None,
                b => Some(b == 2),
            },
            bodies: self.strs(),
            compare_with: self.opt_str(),
            band: self.opt_num(),
            max: self.opt_num(),
            interpretation: self.str(),
            definition: self.str(),
            formula: self.str(),
            source: self.str(),
            evidence_hint: self.str(),
            review: self.str(),
            previous: self.opt_str(),
            previous_note: self.str(),
            lead_unit: self.str(),
            co_units: self.strs(),
        }
    }

    fn catalogue(&mut self) -> Catalogue {
        Catalogue {
            id: self.str(),
            version: self.str(),
            region: self.str(),
            authority: self.str(),
            issued: self.str(),
            title: self.str(),
            period: Period { base: self.u16(), first: self.u16(), last: self.u16(), midterm: self.u16() },
            previous: self.flag().then(|| PreviousCatalogue {
                id: self.str(),
                version: self.str(),
                base: self.flag().then(|| self.u16()),
            }),
            plans: self.list(|r| PlanInfo { plan: r.plan(), title: r.str(), short: r.str() }),
            defaults: Defaults {
                approx_band: self.num(),
                balance_low: self.num(),
                balance_high: self.num(),
                basic_tolerance: self.num(),
                min_change: self.num(),
                min_events: self.num(),
            },
            domains: self.list(|r| Domain {
                id: r.str(),
                plan: r.plan(),
                number: r.u32(),
                name: r.str(),
                short: r.str(),
            }),
            goals: self.list(|r| Goal { id: r.str(), domain: r.str(), number: r.u32(), text: r.str() }),
            lines: self.list(|r| TargetLine {
                id: r.str(),
                goal: r.str(),
                number: r.u32(),
                text: r.str(),
                indicators: r.list(Self::indicator),
            }),
        }
    }
}

/// Reads a catalogue from its compact form (`bytes` from build.rs, `text` its string table). The embedded
/// form is generated and tested, so malformed input is a build bug and panics.
pub fn decode(bytes: &[u8], text: &str) -> Catalogue {
    Reader { bytes, pos: 0, text, at: 0, seen: Vec::new() }.catalogue()
}

/// The embedded catalogue read from its compact form.
pub fn embedded() -> Catalogue {
    decode(BYTES, STRINGS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::CATALOGUE_JSON;

    fn serde_reading() -> Catalogue {
        Catalogue::from_json(CATALOGUE_JSON).expect("内置目录 JSON 应能解析")
    }

    #[test]
    fn compact_reading_equals_serde_reading() {
        let compact = embedded();
        let serde = serde_reading();
        assert_eq!(compact, serde);
        // Field by field over every indicator too, so a failure names the indicator.
        for (a, b) in compact.indicators().iter().zip(serde.indicators().iter()) {
            assert_eq!(a.indicator, b.indicator, "指标 {}", b.indicator.id);
        }
        assert_eq!(compact.indicators().len(), serde.indicators().len());
        // Strings are stored once: the table is smaller than the JSON.
        assert!(STRINGS.len() + BYTES.len() < CATALOGUE_JSON.len() * 3 / 4, "{} + {}", STRINGS.len(), BYTES.len());
    }

    #[test]
    fn a_changed_record_or_string_differs() {
        let serde = serde_reading();
        // A changed string in the table.
        let name = &serde.lines[0].indicators[0].name;
        let first = name.chars().next().expect("指标名称不空");
        let other = if first == '区' { '县' } else { '区' };
        let changed = STRINGS.replacen(first, &other.to_string(), 1);
        assert_ne!(decode(BYTES, &changed), serde);
        // A changed number in the records: the period's base year is the first integer after the six header
        // strings.
        let mut bytes = BYTES.to_vec();
        let mut r = Reader { bytes: BYTES, pos: 0, text: STRINGS, at: 0, seen: Vec::new() };
        for _ in 0..6 {
            r.uint();
        }
        let base_at = r.pos;
        bytes[base_at] ^= 1;
        let altered = decode(&bytes, STRINGS);
        assert_ne!(altered, serde);
        assert_ne!(altered.period.base, serde.period.base);
        // And a changed indicator on the serde side is seen by the comparison.
        let mut edited = serde.clone();
        edited.lines[3].indicators[0].value = Some(-1.0);
        assert_ne!(embedded(), edited);
    }
}
