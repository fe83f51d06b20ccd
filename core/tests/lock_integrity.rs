//! Lock integrity: no crafted file changes a locked value, forges an office act or removes genuine history.
//! What a file may say is decided by who sent it (`io::trust`): the office's own file (sealed with the
//! receiving browser's office key, or named with `lishu merge --office`) and units' files, whatever their
//! `unit` member claims. Every case of issue 23's "Why" list about trust is here; each failed before.

mod io_support;

use io_support::*;
use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::io::{self, apply_with, import_files, import_files_with, ApplyOptions, FileErrorKind, Receiver};
use lishu_core::review::{self, How, LogEntry, ReviewState, MAX_LOG};
use serde_json::{json, Value};

const UNIT: &str = "区卫健局";
const OFFICE: &str = "测区妇儿工委办";
const KEY: &str = "office-key-of-this-browser";

fn rate(n: &str, d: &str, at: &str) -> YearEntry {
    YearEntry { numerator: n.into(), denominator: d.into(), unit: UNIT.into(), updated_at: at.into(), ..Default::default() }
}

fn unit_data() -> Dataset {
    let mut ds = Dataset::default();
    ds.set_entry("W1-1-1", 2021, rate("2", "2080", "2026-03-01T10:00:00+08:00"));
    review::submit(&mut ds, &cat(), UNIT, 2021, "2026-03-01T11:00:00+08:00").expect("submit");
    ds
}

/// The office with the unit's 2021 accepted (W1-1-1 2021 locked at 2/2080) and some history of its own.
fn office() -> Dataset {
    let file = export_bytes(&unit_data(), UNIT, "2026-03-01T12:00:00+08:00");
    let p = import_files(&[("卫健局.json".into(), file)], &cat(), &Dataset::default());
    assert!(p.files[0].accepted, "{:?}", p.files[0].messages(&cat()));
    let mut ds = apply_with(&p, &ApplyOptions { at: "2026-03-02T09:00:00+08:00", by: OFFICE, ..Default::default() });
    review::accept(&mut ds, &cat(), UNIT, 2021, "2026-03-02T10:00:00+08:00").expect("accept");
    assert!(review::is_locked(&ds, "W1-1-1", 2021));
    ds
}

fn office_receiver() -> Receiver<'static> {
    Receiver { office_key: Some(KEY), now: Some("2026-06-01T09:00:00+08:00"), trust_district: false }
}

/// Imports into the office's data as its browser does (its key, its clock).
fn office_import(current: &Dataset, name: &str, bytes: Vec<u8>) -> io::ImportPreview {
    import_files_with(&[(name.to_string(), bytes)], &cat(), current, office_receiver())
}

/// Edits an exported file's JSON and recomputes its checksum (a careful forger does).
fn forge(text: &str, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(text).expect("json");
    edit(&mut v);
    reseal(&serde_json::to_string_pretty(&v).expect("json")).expect("reseal").into_bytes()
}

fn unit_file_text() -> String {
    io::export_dataset(&unit_data(), UNIT, "2026-04-01T12:00:00+08:00", &cat())
}

fn messages(p: &io::ImportPreview) -> String {
    p.files.iter().flat_map(|f| f.messages(&cat())).collect::<Vec<_>>().join("\n")
}

/// Nothing of the office's records changed.
fn assert_untouched(before: &Dataset, p: &io::ImportPreview) {
    let after = apply_with(p, &ApplyOptions { at: "2026-06-01T10:00:00+08:00", by: OFFICE, ..Default::default() });
    assert_eq!(after.locks, before.locks);
    assert_eq!(after.reviews, before.reviews);
    assert_eq!(after.entry("W1-1-1", 2021), before.entry("W1-1-1", 2021));
    for e in &before.log {
        assert!(after.log.contains(e), "genuine entry lost: {e:?}");
    }
}

#[test]
fn forged_office_acts_in_a_units_file_are_refused_whole() {
    let office = office();
    let unlock = json!({"at": "2026-03-05T09:00:00+08:00", "by": OFFICE, "indicator": "W1-1-1", "year": 2021,
        "unit": UNIT, "how": {"type": "unlock", "reason": "伪造"}});
    let accept_other = json!({"at": "2026-03-05T09:00:00+08:00", "by": OFFICE, "year": 2021, "unit": "区人社局",
        "how": {"type": "accept"}});
    let trimmed = json!([{"count": 99999, "until": "2026-01-01T00:00:00+08:00", "at": "2026-03-05T09:00:00+08:00"}]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("解锁", forge(&unit_file_text(), |v| v["data"]["log"].as_array_mut().expect("log").push(unlock.clone())), "解锁记录"),
        ("审核", forge(&unit_file_text(), |v| v["data"]["log"].as_array_mut().expect("log").push(accept_other.clone())), "审核通过记录"),
        ("移出", forge(&unit_file_text(), |v| v["data"]["log_trimmed"] = trimmed.clone()), "99999 条更早的记录已移出"),
        ("锁定", forge(&unit_file_text(), |v| {
            v["data"]["locks"] = json!({"W1-1-1": {"2022": {"unit": UNIT, "at": "2026-03-05T09:00:00+08:00", "by": OFFICE}}})
        }), "锁定"),
    ];
    for (what, bytes, expected) in cases {
        let p = office_import(&office, &format!("{what}.json"), bytes);
        assert!(!p.files[0].accepted, "{what}: a forged office act was accepted");
        assert!(p.files[0].errors.iter().any(|e| matches!(e.kind, FileErrorKind::Unauthorised { .. })));
        let m = messages(&p);
        assert!(m.contains(expected) && m.contains(UNIT), "{what}: {m}");
        assert!(p.is_noop());
        assert_untouched(&office, &p);
    }
}

#[test]
fn a_flood_of_future_entries_cannot_push_genuine_history_out() {
    let office = office();
    let entry = |i: usize| {
        json!({"at": "2099-01-01T00:00:00+08:00", "by": UNIT, "indicator": "W1-1-1", "year": 2022,
               "how": {"type": "entry"}, "after": {"value": i.to_string()}})
    };
    let flood: Vec<Value> = (0..MAX_LOG).map(entry).collect();
    // Stamped after the file's export time …
    let bytes = forge(&unit_file_text(), |v| v["data"]["log"] = Value::Array(flood.clone()));
    let p = office_import(&office, "2099.json", bytes);
    assert!(!p.files[0].accepted);
    assert!(messages(&p).contains("晚于文件导出时间"), "{}", messages(&p));
    assert_untouched(&office, &p);
    // … or exported "in 2099" too: later than the receiver's clock.
    let bytes = forge(&unit_file_text(), |v| {
        v["exported_at"] = json!("2099-01-02T00:00:00+08:00");
        v["data"]["log"] = Value::Array(flood.clone());
    });
    let p = office_import(&office, "2099b.json", bytes.clone());
    assert!(!p.files[0].accepted);
    assert!(messages(&p).contains("晚于当前时间"), "{}", messages(&p));
    // The command line's merge checks against the merge time.
    let district = io::export_dataset(&office, "", "2026-05-01T09:00:00+08:00", &cat()).into_bytes();
    let m = io::merge_with_office(&[("全区.json".into(), district), ("2099b.json".into(), bytes)], Some(0), &cat(), "2026-06-01T09:00:00+08:00");
    assert!(!m.files[1].accepted);
}

#[test]
fn trimming_keeps_every_review_act_and_time_order() {
    let mut ds = office();
    let acts: Vec<LogEntry> = ds.log.iter().filter(|e| review::is_review_act(&e.how)).cloned().collect();
    assert!(acts.len() >= 2);
    let typed = |i: usize| LogEntry {
        at: format!("2026-05-{:02}T{:02}:{:02}:00+08:00", 1 + i / 1440, (i / 60) % 24, i % 60),
        by: UNIT.into(),
        indicator: "W1-1-1".into(),
        year: 2022,
        unit: String::new(),
        how: How::Entry,
        before: None,
        after: Some(YearEntry { value: i.to_string(), ..Default::default() }),
    };
    let moved = review::push_log(&mut ds, (0..MAX_LOG + 50).map(typed), "2026-06-01T00:00:00+08:00");
    assert_eq!(ds.log.len(), MAX_LOG);
    assert!(moved > 0);
    for a in &acts {
        assert!(ds.log.contains(a), "review act moved out: {a:?}");
    }
    assert!(ds.log.windows(2).all(|w| lishu_core::io::time::cmp_time(&w[0].at, &w[1].at).is_le()), "time order");
    assert_eq!(ds.log_trimmed.last().map(|t| t.count), Some(moved));
    // Joining a file whose entries are older keeps the order too.
    let mut other = Dataset::default();
    review::push_log(&mut other, [typed(0)].map(|mut e| {
        e.at = "2026-01-01T00:00:00+08:00".into();
        e
    }), "t");
    review::join(&mut ds, &other);
    assert!(ds.log.windows(2).all(|w| lishu_core::io::time::cmp_time(&w[0].at, &w[1].at).is_le()));
}

#[test]
fn a_later_submission_never_overrides_an_acceptance() {
    let office = office();
    // The unit's file says 已提交, stamped after the acceptance (the unit's clock, or a hand edit).
    let bytes = forge(&unit_file_text(), |v| {
        v["data"]["reviews"][UNIT]["2021"]["at"] = json!("2026-04-01T00:00:00+08:00");
    });
    let p = office_import(&office, "晚提交.json", bytes);
    assert!(p.files[0].accepted, "{}", messages(&p));
    let after = apply_with(&p, &ApplyOptions { at: "2026-06-01T10:00:00+08:00", by: OFFICE, ..Default::default() });
    assert_eq!(review::review_of(&after, UNIT, 2021).map(|r| r.state), Some(ReviewState::Accepted));
    assert_eq!(after.locks, office.locks);
    assert_eq!(review::finality(&after, &[UNIT.to_string()], 2021), (1, 0, 0), "the report says 已审核 1 个单位");
}

#[test]
fn after_a_return_a_new_submission_is_a_new_round_whatever_the_clocks_say() {
    let mut office = office_without_acceptance();
    review::return_year(&mut office, &cat(), UNIT, 2021, "分母与年报不一致", "2026-03-05T10:00:00+08:00").expect("return");
    // The unit sees the return through the office's file (a unit's browser takes the office's district file) …
    let district = io::export_dataset(&office, "", "2026-03-05T11:00:00+08:00", &cat()).into_bytes();
    let unit_receiver = Receiver { trust_district: true, ..Receiver::default() };
    let seen = import_files_with(&[("全区.json".into(), district)], &cat(), &unit_data(), unit_receiver);
    assert!(seen.files[0].accepted, "{}", messages(&seen));
    // (The unit's computer clock is two days behind the office's.)
    let mut unit = apply_with(&seen, &ApplyOptions { at: "2026-03-03T12:00:00+08:00", by: UNIT, ..Default::default() });
    assert_eq!(review::review_of(&unit, UNIT, 2021).map(|r| r.state), Some(ReviewState::Returned));
    // … corrects and submits again: by its clock, before the office returned it.
    unit.set_entry("W1-1-1", 2021, rate("2", "2100", "2026-03-04T08:00:00+08:00"));
    review::submit(&mut unit, &cat(), UNIT, 2021, "2026-03-04T09:00:00+08:00").expect("submit again");
    let file = io::export_dataset(&unit, UNIT, "2026-03-04T10:00:00+08:00", &cat()).into_bytes();
    let p = office_import(&office, "再次提交.json", file);
    assert!(p.files[0].accepted, "{}", messages(&p));
    let after = apply_with(&p, &ApplyOptions { at: "2026-03-06T09:00:00+08:00", by: OFFICE, ..Default::default() });
    assert_eq!(review::review_of(&after, UNIT, 2021).map(|r| r.state), Some(ReviewState::Submitted), "a new round");
    // The first round's file, arriving late, does not undo the return.
    let old = export_bytes(&unit_data(), UNIT, "2026-03-01T12:00:00+08:00");
    let p = office_import(&office, "旧文件.json", old);
    let after = apply_with(&p, &ApplyOptions { at: "2026-03-06T09:00:00+08:00", by: OFFICE, ..Default::default() });
    assert_eq!(review::review_of(&after, UNIT, 2021).map(|r| r.state), Some(ReviewState::Returned));
}

fn office_without_acceptance() -> Dataset {
    let file = export_bytes(&unit_data(), UNIT, "2026-03-01T12:00:00+08:00");
    let p = import_files(&[("卫健局.json".into(), file)], &cat(), &Dataset::default());
    apply_with(&p, &ApplyOptions { at: "2026-03-02T09:00:00+08:00", by: OFFICE, ..Default::default() })
}

/// A district file of the office's data with W1-1-1 2021 changed and its own lock on the changed value.
fn hand_made_office_file() -> String {
    let mut fake = office();
    fake.set_entry("W1-1-1", 2021, rate("9", "2080", "2026-03-03T10:00:00+08:00"));
    io::export_dataset(&fake, "", "2026-03-03T11:00:00+08:00", &cat())
}

#[test]
fn a_file_without_a_unit_is_still_a_units_file() {
    let office = office();
    let text = hand_made_office_file();
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("空", text.clone().into_bytes()),
        ("空白", forge(&text, |v| v["unit"] = json!("   "))),
        ("null", forge(&text, |v| v["unit"] = Value::Null)),
        ("缺失", forge(&text, |v| {
            v.as_object_mut().expect("object").remove("unit");
        })),
    ];
    for (what, bytes) in variants {
        let p = office_import(&office, &format!("{what}.json"), bytes.clone());
        assert!(!p.files[0].accepted, "{what}");
        assert!(messages(&p).contains("没有注明导出单位"), "{what}: {}", messages(&p));
        assert_untouched(&office, &p);
        // First on the merge command line, without `--office`: refused, the office's locked value stays.
        let district = io::export_dataset(&office, "", "2026-05-01T09:00:00+08:00", &cat()).into_bytes();
        let m = io::merge_with_office(&[(format!("{what}.json"), bytes), ("全区.json".into(), district)], Some(1), &cat(), "2026-06-01T09:00:00+08:00");
        assert!(!m.files[0].accepted, "{what}");
        assert_eq!(m.dataset.entry("W1-1-1", 2021).map(|e| e.numerator.as_str()), Some("2"), "{what}: locked value changed");
    }
    // "unit" twice (the first, empty one used to win): an error naming the key.
    let twice = text.replacen("\"unit\": \"\",", "\"unit\": \"\",\n  \"unit\": \"区卫健局\",", 1);
    let p = office_import(&office, "两个unit.json", twice.into_bytes());
    assert!(p.files[0].errors.iter().any(|e| matches!(&e.kind, FileErrorKind::DuplicateKey { key, .. } if key == "unit")));
    assert!(messages(&p).contains("“unit”"), "{}", messages(&p));
}

#[test]
fn duplicate_keys_anywhere_in_the_envelope_are_errors_naming_the_key() {
    let text = io::export_dataset(&office(), "", "2026-03-03T11:00:00+08:00", &cat());
    let cases = [
        ("schema", text.replacen("\"schema\": 2,", "\"schema\": 2,\n  \"schema\": 1,", 1)),
        ("type", text.replacen("\"schema\": 2,", "\"schema\": 2,\n  \"type\": \"lishu-monitor/store\",", 1)),
        ("data", text.replacen("\"data\": {", "\"data\": {},\n  \"data\": {", 1)),
        ("unit", text.replacen("\"unit\": \"\"", "\"unit\": \"\", \"unit\": \"区卫健局\"", 1)),
    ];
    for (key, t) in cases {
        assert_ne!(t, text, "{key}: the edit applies");
        let (rep, ds) = io::read_file("重复.json", t.as_bytes(), &cat());
        assert!(ds.is_none(), "{key}");
        let m = rep.messages(&cat()).join("\n");
        assert!(m.contains(&format!("“{key}”")) && m.contains("两次"), "{key}: {m}");
    }
    // Inside the review records too.
    let t = text.replacen("\"locks\": {", "\"locks\": {\"W1-1-1\": {}, \"W1-1-1\": {}}, \"x\": {", 1);
    let (rep, _) = io::read_file("重复.json", t.as_bytes(), &cat());
    assert!(rep.errors.iter().any(|e| matches!(&e.kind, FileErrorKind::DuplicateKey { path, key } if path == "data.locks" && key == "W1-1-1")), "{:?}", rep.errors);
}

#[test]
fn the_office_recognises_its_own_backup_and_nothing_else() {
    let office = office();
    let backup = io::export_dataset_sealed(&office, "", "2026-03-03T11:00:00+08:00", &cat(), Some(KEY));
    assert!(backup.contains("\"office_seal\": \"hmac-sha256:"));
    // Its own backup, restored over later work: its records are the office's.
    let mut later = office.clone();
    review::unlock(&mut later, "W1-1-1", 2021, "更正", OFFICE, "2026-03-04T09:00:00+08:00").expect("unlock");
    let p = office_import(&later, "备份.json", backup.clone().into_bytes());
    assert!(p.files[0].accepted && p.files[0].office, "{}", messages(&p));
    let back = apply_with(&p, &ApplyOptions { at: "2026-06-01T10:00:00+08:00", by: OFFICE, ..Default::default() });
    assert!(review::is_locked(&back, "W1-1-1", 2021), "the backup's lock restored");
    // Another browser's key, a changed byte, a copied seal on other data: a unit's file (no unit: refused).
    let other = import_files_with(&[("备份.json".into(), backup.clone().into_bytes())], &cat(), &later, Receiver { office_key: Some("another"), ..office_receiver() });
    assert!(!other.files[0].accepted);
    let seal: Value = serde_json::from_str(&backup).expect("json");
    let copied = forge(&hand_made_office_file(), |v| v["office_seal"] = seal["office_seal"].clone());
    let p = office_import(&later, "伪造备份.json", copied);
    assert!(!p.files[0].accepted && !p.files[0].office);
    assert_untouched(&later, &p);
    // A lost office browser: a fresh browser restores the last backup (nothing there to protect yet).
    let fresh = import_files(&[("备份.json".into(), backup.into_bytes())], &cat(), &Dataset::default());
    assert!(fresh.files[0].accepted, "{}", messages(&fresh));
    let restored = apply_with(&fresh, &ApplyOptions { at: "2026-06-01T10:00:00+08:00", by: OFFICE, ..Default::default() });
    assert_eq!(restored.locks, office.locks);
    assert_eq!(restored.reviews, office.reviews);
}

#[test]
fn a_units_export_carries_only_what_its_import_accepts() {
    // The office's data has office acts about the unit; the unit's file from it leaves them out.
    let mut office = office();
    review::unlock(&mut office, "W1-1-1", 2021, "更正", OFFICE, "2026-03-04T09:00:00+08:00").expect("unlock");
    let text = io::export_dataset(&office, UNIT, "2026-03-05T09:00:00+08:00", &cat());
    let (rep, ds) = io::read_file("卫健局.json", text.as_bytes(), &cat());
    assert!(rep.accepted, "{:?}", rep.messages(&cat()));
    let ds = ds.expect("dataset");
    assert!(ds.log.iter().all(|e| e.by == UNIT && !matches!(e.how, How::Accept | How::Unlock { .. } | How::Return { .. })));
    assert!(ds.log_trimmed.is_empty() && ds.locks.is_empty());
}
