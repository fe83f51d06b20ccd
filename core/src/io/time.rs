//! Ordering of ISO 8601 time stamps ("2026-03-01", "2026-03-01T10:00:00Z", "2026-03-01 18:00:00+08:00").

use std::cmp::Ordering;

/// Seconds since 1970-01-01 UTC of an ISO 8601 date or date-time; a missing offset is taken as UTC+8
/// (China Standard Time, where every user of this program is). `None` when the text is not recognised.
pub fn parse_iso(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, mo, d) * 86_400;
    let mut rest = &s[10..];
    let mut offset = 8 * 3600;
    if let Some(r) = rest.strip_prefix(['T', 't', ' ']) {
        let rb = r.as_bytes();
        if rb.len() < 5 || rb[2] != b':' {
            return None;
        }
        let h: i64 = r.get(0..2)?.parse().ok()?;
        let mi: i64 = r.get(3..5)?.parse().ok()?;
        let mut used = 5;
        let mut sec = 0;
        if rb.len() >= 8 && rb[5] == b':' {
            sec = r.get(6..8)?.parse().ok()?;
            used = 8;
            if rb.len() > 8 && (rb[8] == b'.' || rb[8] == b',') {
                used = 9;
                while used < rb.len() && rb[used].is_ascii_digit() {
                    used += 1;
                }
            }
        }
        if h > 24 || mi > 59 || sec > 60 {
            return None;
        }
        secs += h * 3600 + mi * 60 + sec;
        rest = &r[used..];
        if rest.eq_ignore_ascii_case("z") {
            offset = 0;
            rest = "";
        } else if let Some(sign) = rest.chars().next().filter(|c| *c == '+' || *c == '-') {
            let o = &rest[1..];
            let (oh, om) = match o.len() {
                5 if o.as_bytes()[2] == b':' => (o.get(0..2)?.parse::<i64>().ok()?, o.get(3..5)?.parse::<i64>().ok()?),
                4 => (o.get(0..2)?.parse::<i64>().ok()?, o.get(2..4)?.parse::<i64>().ok()?),
                2 => (o.parse::<i64>().ok()?, 0),
                _ => return None,
            };
            offset = (oh * 3600 + om * 60) * if sign == '-' { -1 } else { 1 };
            rest = "";
        }
    }
    if !rest.is_empty() {
        return None;
    }
    Some(secs - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Formats seconds since 1970 (UTC) as ISO 8601 in Beijing time, e.g. "2026-11-29T09:30:00+08:00".
pub fn format_iso_beijing(unix_secs: i64) -> String {
    let t = unix_secs + 8 * 3600;
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+08:00", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// Inverse of `days_from_civil` (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Compares two time stamps: parsed instants when both parse, else the text. Empty is oldest.
pub fn cmp_time(a: &str, b: &str) -> Ordering {
    match (a.trim().is_empty(), b.trim().is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    match (parse_iso(a), parse_iso(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.trim().cmp(b.trim()),
    }
}

/// The day (YYYY-MM-DD) of an ISO time: its first 10 characters ("" when shorter).
pub fn day_of(iso: &str) -> &str {
    iso.get(..10).unwrap_or("")
}

/// Whole days from `from` to `to` (None when either does not parse).
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some((parse_iso(to)? - parse_iso(from)?) / 86_400)
}

/// "2026-11-29T01:55:26.123Z" → "2026-11-29 09:55" in Beijing time (where all users are); text that does not
/// parse is returned as it is.
pub fn short_time(iso: &str) -> String {
    match parse_iso(iso) {
        Some(secs) => {
            let b = format_iso_beijing(secs);
            format!("{} {}", &b[..10], &b[11..16])
        }
        None => iso.to_string(),
    }
}

/// A time stamp for people: [`short_time`], or "未注明时间" when empty.
pub fn when(iso: &str) -> String {
    if iso.trim().is_empty() {
        "未注明时间".into()
    } else {
        short_time(iso)
    }
}

/// The Beijing date of an ISO time as written in documents: "2025年3月1日" ("" when it does not parse).
pub fn chinese_date(iso: &str) -> String {
    match parse_iso(iso) {
        Some(secs) => {
            let (y, m, d) = civil_from_days((secs + 8 * 3600).div_euclid(86_400));
            format!("{y}年{m}月{d}日")
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_facing_times() {
        assert_eq!(short_time("2026-11-29T01:55:26.123Z"), "2026-11-29 09:55");
        assert_eq!(short_time("2026-12-31T20:00:00Z"), "2027-01-01 04:00");
        assert_eq!(short_time("不是时间"), "不是时间");
        assert_eq!(when(" "), "未注明时间");
        assert_eq!(when("2026-03-01T10:00:00+08:00"), "2026-03-01 10:00");
        assert_eq!(days_between("2026-01-01", "2026-01-03"), Some(2));
        assert_eq!(days_between("x", "2026-01-03"), None);
        assert_eq!(day_of("2026-11-29T09:30:00+08:00"), "2026-11-29");
        assert_eq!(day_of("2026"), "");
        assert_eq!(chinese_date("2025-02-28T17:00:00Z"), "2025年3月1日");
        assert_eq!(chinese_date(""), "");
    }

    #[test]
    fn formats_round_trip() {
        for t in [0i64, 951_782_400, 1_764_384_000, 1_799_999_999, 4_102_444_799] {
            let s = format_iso_beijing(t);
            assert_eq!(parse_iso(&s), Some(t), "{s}");
        }
        assert_eq!(format_iso_beijing(0), "1970-01-01T08:00:00+08:00");
        assert_eq!(format_iso_beijing(951_825_600), "2000-02-29T20:00:00+08:00");
    }

    #[test]
    fn parses_and_orders() {
        assert_eq!(parse_iso("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso("2026-03-01T18:00:00+08:00"), parse_iso("2026-03-01T10:00:00Z"));
        assert_eq!(parse_iso("2026-03-01 18:00"), parse_iso("2026-03-01T10:00:00.000Z"));
        assert_eq!(parse_iso("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(parse_iso("昨天"), None);
        assert_eq!(parse_iso("2026-13-01"), None);
        assert_eq!(cmp_time("2026-03-01T19:00:00+08:00", "2026-03-01T10:30:00Z"), Ordering::Greater);
        assert_eq!(cmp_time("", "2020-01-01"), Ordering::Less);
    }
}
