//! Who may say what in a data file: decided by who sent it, never by what it claims.
//!
//! * **The office's own files.** A district file (`unit` empty) exported from a browser carries
//!   `office_seal`: HMAC-SHA256, keyed with that browser's random office key, over the canonical JSON of the
//!   whole envelope without the seal. Only the browser holding the key recognises the file as its own
//!   (restoring its own backup); a hand-made "office" file has no valid seal. The command line names the
//!   office's file explicitly (`lishu merge --office 全区.json …`): the operator vouches for it.
//! * **Every other file is a unit's file**, whatever its `unit` member says: it must name its unit, and may
//!   carry only that unit's 已提交/已退回 states and log entries the unit made itself about its own indicators
//!   and its own submissions, stamped no later than the file's export time (which is no later than the
//!   receiver's clock). Office acts (审核通过, 退回, 解锁), locks and `log_trimmed` make the whole file
//!   refused with the reasons listed ([`unit_file_problems`]).
//! * **Duplicate keys** anywhere in the envelope are errors naming the key ([`duplicate_keys`]).

use super::json::J;
use super::time::{cmp_time, parse_iso};
use crate::catalogue::Catalogue;
use crate::dataset::Dataset;
use crate::review::{How, LogEntry, ReviewState};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Member of the envelope holding the office's seal.
pub const SEAL_MEMBER: &str = "office_seal";
/// Prefix naming the seal's algorithm.
pub const SEAL_PREFIX: &str = "hmac-sha256:";

/// How the reader treats a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reader<'a> {
    /// The operator's own file (`lishu evaluate/log/report`, the `--office` file of `lishu merge`): a
    /// district file is taken as is; a file naming a unit is still held to a unit's rules.
    #[default]
    Own,
    /// A file received from someone else (import, merge).
    Received(Receiver<'a>),
}

/// What the receiver knows to tell its own files from others'.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Receiver<'a> {
    /// The receiver's office key: a district file sealed with it is the receiver's own backup.
    pub office_key: Option<&'a str>,
    /// The receiver's clock (ISO 8601): a unit's file exported later than this is refused.
    pub now: Option<&'a str>,
    /// Unsealed district files are taken as the office's: in a unit's browser (the office's file tells the
    /// unit its states; a unit's browser is no authority) and in an empty browser restoring the office's last
    /// backup (a lost office browser).
    pub trust_district: bool,
}

/// HMAC-SHA256 (RFC 2104) of `msg` under `key`.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let (mut ipad, mut opad) = ([0x36u8; 64], [0x5cu8; 64]);
    for i in 0..64 {
        ipad[i] ^= k[i];
        opad[i] ^= k[i];
    }
    let inner = Sha256::new().chain_update(ipad).chain_update(msg).finalize();
    Sha256::new().chain_update(opad).chain_update(inner).finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new office key from random bytes (the browser's `crypto.getRandomValues`): 64 hex digits.
pub fn office_key_from(random: &[u8]) -> String {
    hex(&Sha256::digest(random))
}

/// The seal of an envelope: HMAC over its canonical JSON without the seal member.
pub fn seal_of(key: &str, root: &J) -> String {
    let without = match root {
        J::Obj(m) => J::Obj(m.iter().filter(|(k, _)| k != SEAL_MEMBER).cloned().collect()),
        other => other.clone(),
    };
    format!("{SEAL_PREFIX}{}", hex(&hmac_sha256(key.as_bytes(), without.canonical().as_bytes())))
}

/// True when the envelope carries a seal made with `key`.
pub fn sealed_with(key: &str, root: &J) -> bool {
    match root.get(SEAL_MEMBER) {
        Some(J::Str(s)) => {
            let expected = seal_of(key, root);
            // Constant-time compare (the key is secret).
            s.len() == expected.len() && s.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
        }
        _ => false,
    }
}

/// Adds the seal to an envelope written as JSON text (pretty printed again). `None` when the text is not an
/// object (never for the exporter's own text).
pub fn seal_text(key: &str, text: &str) -> Option<String> {
    let root = J::parse(text).ok()?;
    let seal = seal_of(key, &root);
    let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
    let obj = v.as_object_mut()?;
    obj.insert(SEAL_MEMBER.to_string(), serde_json::Value::String(seal));
    serde_json::to_string_pretty(&v).ok()
}

/// Every key that appears twice in one object, as "path: key", in the envelope's top level and in the
/// members the lenient reader does not check itself (review states, locks, the log).
pub fn duplicate_keys(root: &J) -> Vec<(String, String)> {
    let mut out = Vec::new();
    dups_here(root, "", &mut out);
    if let Some(data) = root.get("data") {
        for k in ["reviews", "locks", "log", "log_trimmed"] {
            if let Some(v) = data.get(k) {
                dups_deep(v, &format!("data.{k}"), &mut out);
            }
        }
    }
    out
}

fn dups_here(j: &J, path: &str, out: &mut Vec<(String, String)>) {
    if let J::Obj(m) = j {
        let mut seen = std::collections::BTreeSet::new();
        for (k, _) in m {
            if !seen.insert(k.as_str()) {
                out.push((path.to_string(), k.clone()));
            }
        }
    }
}

fn dups_deep(j: &J, path: &str, out: &mut Vec<(String, String)>) {
    dups_here(j, path, out);
    match j {
        J::Obj(m) => m.iter().for_each(|(k, v)| dups_deep(v, &format!("{path}.{k}"), out)),
        J::Arr(a) => a.iter().enumerate().for_each(|(i, v)| dups_deep(v, &format!("{path}[{i}]"), out)),
        _ => {}
    }
}

/// Why a unit may not carry a log entry in its file (None: it may).
pub fn entry_refusal(e: &LogEntry, unit: &str, ds: &Dataset, cat: &Catalogue) -> Option<&'static str> {
    match &e.how {
        How::Accept => return Some("审核通过记录（只有妇儿工委办能审核）"),
        How::Return { .. } => return Some("退回记录（只有妇儿工委办能退回）"),
        How::Unlock { .. } => return Some("解锁记录（只有妇儿工委办能解锁）"),
        _ => {}
    }
    if e.by.trim() != unit {
        return Some("以其他单位或妇儿工委办名义的修改记录");
    }
    if matches!(e.how, How::Submit | How::Withdraw | How::Reopen) {
        return (e.unit.trim() != unit).then_some("其他单位的提交或撤回记录");
    }
    let own = cat.indicator(&e.indicator).is_some_and(|r| ds.is_unit_indicator(r.indicator, unit));
    (!own).then_some("非本单位牵头或配合指标的修改记录")
}

/// Everything a unit's file (`unit`) carries that a unit may not say, as Chinese messages (empty: nothing).
/// `exported_at` is the file's export time; `now` the receiver's clock (when known).
pub fn unit_file_problems(ds: &Dataset, unit: &str, exported_at: &str, now: Option<&str>, cat: &Catalogue) -> Vec<String> {
    let unit = unit.trim();
    if unit.is_empty() {
        return vec!["文件没有注明导出单位（unit 为空或缺失），又不是本机妇儿工委办自己导出的备份，无法确认由谁发出，不能导入。\
                     单位文件请在“单位模式”下导出；妇儿工委办恢复备份请用本机导出的备份文件"
            .to_string()];
    }
    let who = format!("单位文件（{unit}导出）");
    let mut out = Vec::new();
    let stamp = exported_at.trim();
    if let Some(now) = now {
        // A day's grace for a unit's computer clock running ahead.
        let ahead = matches!((parse_iso(stamp), parse_iso(now)), (Some(s), Some(n)) if s > n + 86_400);
        if ahead {
            out.push(format!("{who}的导出时间 {stamp} 晚于当前时间 {now}"));
        }
    }
    if !ds.locks.is_empty() {
        let n: usize = ds.locks.values().map(BTreeMap::len).sum();
        out.push(format!("{who}含有 {n} 个锁定的数值；只有妇儿工委办审核后才能锁定"));
    }
    if !ds.log_trimmed.is_empty() {
        let n: usize = ds.log_trimmed.iter().map(|t| t.count).sum();
        out.push(format!("{who}含有“{n} 条更早的记录已移出”的记录；只有妇儿工委办的数据会移出记录"));
    }
    for (u, years) in &ds.reviews {
        for (y, r) in years {
            if r.state == ReviewState::Accepted {
                out.push(format!("{who}把 {u} {y} 年数据标为“已审核”；单位不能自行审核"));
            } else if u.trim() != unit {
                out.push(format!("{who}含有其他单位（{u}）{y} 年的报送状态"));
            } else if matches!(r.state, ReviewState::Submitted | ReviewState::Drafting) && r.by.trim() != unit {
                out.push(format!("{who}中 {y} 年的提交或撤回记在“{}”名下", r.by));
            } else if stamp.is_empty() || cmp_time(&r.at, stamp).is_gt() {
                out.push(format!("{who}中 {y} 年报送状态的时间 {} 晚于文件导出时间（{}）", r.at, or_missing(stamp)));
            }
        }
    }
    // Log entries: grouped by reason, with a count and the first example.
    let mut refused: BTreeMap<&'static str, (usize, String)> = BTreeMap::new();
    for e in &ds.log {
        let why = entry_refusal(e, unit, ds, cat)
            .or_else(|| (stamp.is_empty() || cmp_time(&e.at, stamp).is_gt()).then_some("时间晚于文件导出时间的修改记录"));
        if let Some(why) = why {
            let slot = refused.entry(why).or_insert_with(|| (0, crate::review::log_line(cat, e)));
            slot.0 += 1;
        }
    }
    for (why, (n, first)) in refused {
        out.push(format!("{who}含有 {n} 条{why}，例如“{first}”"));
    }
    out
}

fn or_missing(s: &str) -> &str {
    if s.is_empty() {
        "缺失"
    } else {
        s
    }
}

/// True when a dataset holds nothing at all (a fresh browser): restoring a district backup into it is the
/// office restoring its lost browser.
pub fn is_fresh(ds: &Dataset) -> bool {
    ds.data.values().all(|m| m.is_empty())
        && ds.settings.is_empty()
        && ds.texts.is_empty()
        && ds.superseded.is_empty()
        && ds.reviews.is_empty()
        && ds.locks.is_empty()
        && ds.log.is_empty()
        && ds.log_trimmed.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let long_key = [0xaau8; 131];
        assert_eq!(
            hex(&hmac_sha256(&long_key, b"Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn a_seal_covers_the_whole_envelope_and_needs_the_key() {
        let text = r#"{"type":"lishu-monitor/dataset","schema":2,"unit":"","data":{"data":{}}}"#;
        let sealed = seal_text("k1", text).expect("seals");
        let root = J::parse(&sealed).expect("json");
        assert!(sealed_with("k1", &root));
        assert!(!sealed_with("k2", &root), "another browser's key");
        let edited = J::parse(&sealed.replace("\"unit\": \"\"", "\"unit\": \"区卫健局\"")).expect("json");
        assert!(!sealed_with("k1", &edited), "a changed header breaks the seal");
        assert!(!sealed_with("k1", &J::parse(text).expect("json")), "no seal");
    }

    #[test]
    fn duplicate_keys_are_found_at_the_top_and_in_records() {
        let j = J::parse(r#"{"unit":"","unit":"区卫健局","data":{"locks":{"W1":{"2024":{},"2024":{}}},"data":{"W1":{"2021":1,"2021":2}}}}"#)
            .expect("json");
        let d = duplicate_keys(&j);
        assert!(d.contains(&(String::new(), "unit".into())), "{d:?}");
        assert!(d.contains(&("data.locks.W1".into(), "2024".into())), "{d:?}");
        // Rows of `data.data` are the lenient reader's (it names the indicator and year).
        assert!(!d.iter().any(|(p, _)| p.starts_with("data.data")), "{d:?}");
    }
}
