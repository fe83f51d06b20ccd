use super::*;
use lishu_core::YearEntry;

fn ds(v: &str) -> Dataset {
    let mut d = Dataset::default();
    d.set_entry("W1-4-2", 2021, YearEntry { value: v.into(), ..Default::default() });
    d
}

#[test]
fn fresh_start_and_round_trip() {
    let b = MemoryBackend::default();
    let s = load(&b, "t0");
    assert!(s.can_save && s.saved_at.is_none() && s.notices.is_empty());
    let at = save(&b, &ds("约 3"), None, "2026-01-01T00:00:00.000Z").expect("saves");
    let s = load(&b, "t1");
    assert_eq!(s.dataset, ds("约 3"), "invalid text is kept");
    assert_eq!(s.saved_at.as_deref(), Some(at.as_str()));
}

#[test]
fn corrupt_data_is_copied_aside_before_any_write() {
    let b = MemoryBackend::default();
    b.set(DATA_KEY, "{垃圾").unwrap();
    let s = load(&b, "2026-01-01T00:00:00.000Z");
    let key = s.corrupt_copy.clone().expect("copied");
    assert_eq!(key, "lishu-monitor:corrupt:2026-01-01T00:00:00.000Z");
    assert_eq!(b.get(&key).unwrap().as_deref(), Some("{垃圾"));
    assert!(s.can_save);
    assert!(s.notices[0].text.contains("损坏"), "{:?}", s.notices);
    // the original stays until the first save, then the copy remains
    assert_eq!(b.get(DATA_KEY).unwrap().as_deref(), Some("{垃圾"));
    save(&b, &ds("1"), s.saved_at.as_deref(), "t2").expect("saves over garbage, copy kept");
    assert_eq!(corrupt_copies(&b).len(), 2, "save copies the garbage again rather than losing it");
}

#[test]
fn corrupt_copy_failure_disables_saving() {
    let b = MemoryBackend { quota: Some(20), ..Default::default() };
    b.map.borrow_mut().insert(DATA_KEY.into(), "not json at all".into());
    let s = load(&b, "2026-01-01T00:00:00.000Z");
    assert!(!s.can_save);
    assert!(s.corrupt_copy.is_none());
    assert_eq!(b.get(DATA_KEY).unwrap().as_deref(), Some("not json at all"));
}

#[test]
fn newer_schema_is_refused_untouched() {
    let b = MemoryBackend::default();
    let newer = encode_store(&ds("5"), "x").replace("\"schema\":1", "\"schema\":9");
    b.set(DATA_KEY, &newer).unwrap();
    let s = load(&b, "t");
    assert!(!s.can_save);
    assert_eq!(s.dataset, Dataset::default());
    assert!(s.notices[0].text.contains("更新版本"));
    assert_eq!(b.keys().unwrap(), vec![DATA_KEY.to_string()], "nothing else written");
    assert!(matches!(save(&b, &ds("6"), None, "t2"), Err(SaveError::NewerSchema(_))));
    assert_eq!(b.get(DATA_KEY).unwrap().as_deref(), Some(newer.as_str()));
}

#[test]
fn unavailable_storage_gives_message() {
    let b = MemoryBackend { broken: true, ..Default::default() };
    let s = load(&b, "t");
    assert!(!s.can_save);
    assert!(s.notices[0].text.contains("不可用"));
}

#[test]
fn save_refuses_when_another_tab_saved() {
    let b = MemoryBackend::default();
    let a = save(&b, &ds("1"), None, "2026-01-01T00:00:01.000Z").unwrap();
    // other tab saves on top of a
    let other = save(&b, &ds("2"), Some(&a), "2026-01-01T00:00:02.000Z").unwrap();
    match save(&b, &ds("3"), Some(&a), "2026-01-01T00:00:03.000Z") {
        Err(SaveError::NewerInStorage(s)) => {
            assert_eq!(s.saved_at, other);
            assert_eq!(s.dataset, ds("2"));
        }
        r => panic!("expected conflict, got {r:?}"),
    }
    assert_eq!(load(&b, "t").dataset, ds("2"), "newer data not overwritten");
    save_over(&b, &ds("3"), "t4").unwrap();
    assert_eq!(load(&b, "t").dataset, ds("3"));
}

#[test]
fn quota_full_is_reported() {
    let b = MemoryBackend { quota: Some(10), ..Default::default() };
    assert_eq!(save(&b, &ds("1"), None, "t"), Err(SaveError::Failed(StorageFailure::QuotaFull)));
    assert!(SaveError::Failed(StorageFailure::QuotaFull).message().contains("已满"));
}

#[test]
fn external_writes() {
    let theirs = encode_store(&ds("9"), "2026-01-02T00:00:00.000Z");
    assert_eq!(on_external(None, Some("a"), false), External::Ignore);
    assert_eq!(on_external(Some(&theirs), Some("2026-01-02T00:00:00.000Z"), true), External::Ignore);
    assert!(matches!(on_external(Some(&theirs), Some("a"), false), External::Load(s) if s.dataset == ds("9")));
    assert!(matches!(on_external(Some(&theirs), Some("a"), true), External::Conflict(_)));
    let newer = theirs.replace("\"schema\":1", "\"schema\":4");
    assert!(matches!(on_external(Some(&newer), None, false), External::Lock(_)));
}

#[test]
fn snapshots_bounded_and_trimmed_on_quota() {
    let b = MemoryBackend::default();
    let snaps: Vec<Snapshot> = (0..7)
        .map(|i| Snapshot { label: format!("快照{i}"), at: "t".into(), dataset: ds(&i.to_string()) })
        .collect();
    assert_eq!(save_snapshots(&b, &snaps).unwrap(), MAX_SNAPSHOTS);
    let (back, n) = load_snapshots(&b, "t");
    assert!(n.is_none());
    assert_eq!(back.first().map(|s| s.label.as_str()), Some("快照2"));
    let one = serde_json::to_string(&snaps[..1]).unwrap().len();
    let small = MemoryBackend { quota: Some(SNAPSHOTS_KEY.len() + one * 2 + 10), ..Default::default() };
    let kept = save_snapshots(&small, &snaps).unwrap();
    assert!((1..MAX_SNAPSHOTS).contains(&kept), "kept {kept}");
    b.set(SNAPSHOTS_KEY, "[{").unwrap();
    let (back, n) = load_snapshots(&b, "t9");
    assert!(back.is_empty());
    assert!(n.is_some());
    assert_eq!(corrupt_copies(&b), vec!["lishu-monitor:corrupt:t9".to_string()]);
}

#[test]
fn prefs_round_trip() {
    let b = MemoryBackend::default();
    let p = Prefs { year: Some(2023), unit: Some("区卫健局".into()), last_backup: None };
    save_prefs(&b, &p).unwrap();
    assert_eq!(load_prefs(&b), p);
}

#[test]
fn probe_finds_full_quota() {
    let b = MemoryBackend::default();
    assert_eq!(probe(&b), None);
    assert!(b.keys().unwrap().is_empty(), "probe key removed");
    let full = MemoryBackend { quota: Some(3), ..Default::default() };
    assert!(probe(&full).unwrap().text.contains("已满"));
}
