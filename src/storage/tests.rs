use super::*;
use lishu_core::YearEntry;

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

fn keys() -> Keys {
    Keys::of(&cat().id)
}

fn ds(v: &str) -> Dataset {
    let mut d = Dataset::default();
    d.set_entry("W1-4-2", 2021, YearEntry { value: v.into(), ..Default::default() });
    d
}

#[test]
fn fresh_start_and_round_trip() {
    let b = MemoryBackend::default();
    let s = load(&b, &keys(), "t0");
    assert!(s.can_save && s.saved_at.is_none() && s.notices.is_empty());
    let at = save(&b, &keys(), cat(), &ds("约 3"), None, "2026-01-01T00:00:00.000Z").expect("saves");
    let s = load(&b, &keys(), "t1");
    assert_eq!(s.dataset, ds("约 3"), "invalid text is kept");
    assert_eq!(s.saved_at.as_deref(), Some(at.as_str()));
}

#[test]
fn corrupt_data_is_copied_aside_before_any_write() {
    let b = MemoryBackend::default();
    b.set(&keys().data, "{垃圾").unwrap();
    let s = load(&b, &keys(), "2026-01-01T00:00:00.000Z");
    let key = s.corrupt_copy.clone().expect("copied");
    assert_eq!(key, "lishu-monitor:corrupt:2026-01-01T00:00:00.000Z");
    assert_eq!(b.get(&key).unwrap().as_deref(), Some("{垃圾"));
    assert!(s.can_save);
    assert!(s.notices[0].text.contains("损坏"), "{:?}", s.notices);
    // the original stays until the first save, then the copy remains
    assert_eq!(b.get(&keys().data).unwrap().as_deref(), Some("{垃圾"));
    save(&b, &keys(), cat(), &ds("1"), s.saved_at.as_deref(), "t2").expect("saves over garbage, copy kept");
    assert_eq!(corrupt_copies(&b).len(), 2, "save copies the garbage again rather than losing it");
}

#[test]
fn corrupt_copy_failure_disables_saving() {
    let b = MemoryBackend { quota: Some(20), ..Default::default() };
    b.map.borrow_mut().insert(keys().data, "not json at all".into());
    let s = load(&b, &keys(), "2026-01-01T00:00:00.000Z");
    assert!(!s.can_save);
    assert!(s.corrupt_copy.is_none());
    assert_eq!(b.get(&keys().data).unwrap().as_deref(), Some("not json at all"));
}

#[test]
fn newer_schema_is_refused_untouched() {
    let b = MemoryBackend::default();
    let newer = encode_store(&ds("5"), cat(), "x").replace("\"schema\":2", "\"schema\":9");
    b.set(&keys().data, &newer).unwrap();
    let s = load(&b, &keys(), "t");
    assert!(!s.can_save);
    assert_eq!(s.dataset, Dataset::default());
    assert!(s.notices[0].text.contains("更新版本"));
    assert_eq!(b.keys().unwrap(), vec![keys().data], "nothing else written");
    assert!(matches!(save(&b, &keys(), cat(), &ds("6"), None, "t2"), Err(SaveError::NewerSchema(_))));
    assert_eq!(b.get(&keys().data).unwrap().as_deref(), Some(newer.as_str()));
}

#[test]
fn unavailable_storage_gives_message() {
    let b = MemoryBackend { broken: true, ..Default::default() };
    let s = load(&b, &keys(), "t");
    assert!(!s.can_save);
    assert!(s.notices[0].text.contains("不可用"));
}

#[test]
fn save_refuses_when_another_tab_saved() {
    let b = MemoryBackend::default();
    let a = save(&b, &keys(), cat(), &ds("1"), None, "2026-01-01T00:00:01.000Z").unwrap();
    // other tab saves on top of a
    let other = save(&b, &keys(), cat(), &ds("2"), Some(&a), "2026-01-01T00:00:02.000Z").unwrap();
    match save(&b, &keys(), cat(), &ds("3"), Some(&a), "2026-01-01T00:00:03.000Z") {
        Err(SaveError::NewerInStorage(s)) => {
            assert_eq!(s.saved_at, other);
            assert_eq!(s.dataset, ds("2"));
        }
        r => panic!("expected conflict, got {r:?}"),
    }
    assert_eq!(load(&b, &keys(), "t").dataset, ds("2"), "newer data not overwritten");
    save_over(&b, &keys(), cat(), &ds("3"), "t4").unwrap();
    assert_eq!(load(&b, &keys(), "t").dataset, ds("3"));
}

#[test]
fn quota_full_is_reported() {
    let b = MemoryBackend { quota: Some(10), ..Default::default() };
    assert_eq!(save(&b, &keys(), cat(), &ds("1"), None, "t"), Err(SaveError::Failed(StorageFailure::QuotaFull)));
    assert!(SaveError::Failed(StorageFailure::QuotaFull).message().contains("已满"));
}

#[test]
fn external_writes() {
    let theirs = encode_store(&ds("9"), cat(), "2026-01-02T00:00:00.000Z");
    assert_eq!(on_external(None, Some("a"), false), External::Ignore);
    assert_eq!(on_external(Some(&theirs), Some("2026-01-02T00:00:00.000Z"), true), External::Ignore);
    assert!(matches!(on_external(Some(&theirs), Some("a"), false), External::Load(s) if s.dataset == ds("9")));
    assert!(matches!(on_external(Some(&theirs), Some("a"), true), External::Conflict(_)));
    let newer = theirs.replace("\"schema\":2", "\"schema\":4");
    assert!(matches!(on_external(Some(&newer), None, false), External::Lock(_)));
}

#[test]
fn snapshots_bounded_and_trimmed_on_quota() {
    let b = MemoryBackend::default();
    let snaps: Vec<Snapshot> = (0..7)
        .map(|i| Snapshot { label: format!("快照{i}"), at: "t".into(), dataset: ds(&i.to_string()) })
        .collect();
    assert_eq!(save_snapshots(&b, &keys(), &snaps).unwrap(), MAX_SNAPSHOTS);
    let (back, n) = load_snapshots(&b, &keys(), "t");
    assert!(n.is_none());
    assert_eq!(back.first().map(|s| s.label.as_str()), Some("快照2"));
    let one = serde_json::to_string(&snaps[..1]).unwrap().len();
    let small = MemoryBackend { quota: Some(keys().snapshots.len() + one * 2 + 10), ..Default::default() };
    let kept = save_snapshots(&small, &keys(), &snaps).unwrap();
    assert!((1..MAX_SNAPSHOTS).contains(&kept), "kept {kept}");
    b.set(&keys().snapshots, "[{").unwrap();
    let (back, n) = load_snapshots(&b, &keys(), "t9");
    assert!(back.is_empty());
    assert!(n.is_some());
    assert_eq!(corrupt_copies(&b), vec!["lishu-monitor:corrupt:t9".to_string()]);
}

#[test]
fn prefs_round_trip() {
    let b = MemoryBackend::default();
    let p = Prefs {
        year: Some(2023),
        unit: Some("区卫健局".into()),
        last_backup: None,
        report: Some(lishu_core::report::ReportKind::Final),
        report_plan: Some(lishu_core::Plan::Children),
    };
    save_prefs(&b, &keys(), &p).unwrap();
    assert_eq!(load_prefs(&b, &keys()), p);
    // Preferences written before the report choice was kept still load.
    b.set(&keys().prefs, r#"{"year":2024}"#).unwrap();
    assert_eq!(load_prefs(&b, &keys()), Prefs { year: Some(2024), ..Prefs::default() });
}

#[test]
fn probe_finds_full_quota() {
    let b = MemoryBackend::default();
    assert_eq!(probe(&b), None);
    assert!(b.keys().unwrap().is_empty(), "probe key removed");
    let full = MemoryBackend { quota: Some(3), ..Default::default() };
    assert!(probe(&full).unwrap().text.contains("已满"));
}

#[test]
fn data_are_kept_per_catalogue() {
    let b = MemoryBackend::default();
    let (a, other) = (keys(), Keys::of("jidong-2026-2030"));
    assert_eq!(a.data, "lishu-monitor:lishu-2021-2025:data");
    let mut later = cat().clone();
    later.id = "jidong-2026-2030".into();
    save(&b, &a, cat(), &ds("1"), None, "t1").unwrap();
    save(&b, &other, &later, &ds("2"), None, "t2").unwrap();
    assert_eq!(load(&b, &a, "t").dataset, ds("1"));
    assert_eq!(load(&b, &other, "t").dataset, ds("2"));
    // The envelope names its catalogue: another catalogue's data under a key are kept aside, never used.
    let theirs = b.get(&other.data).unwrap().unwrap();
    b.set(&a.data, &theirs).unwrap();
    let s = load(&b, &a, "2026-01-01T00:00:00.000Z");
    assert_eq!(s.dataset, Dataset::default());
    assert!(s.notices[0].text.contains("另一个目录（编号 jidong-2026-2030）"), "{:?}", s.notices);
    assert_eq!(b.get(s.corrupt_copy.as_deref().unwrap()).unwrap().as_deref(), Some(theirs.as_str()));
}

#[test]
fn legacy_data_move_to_the_embedded_catalogue_once() {
    let b = MemoryBackend::default();
    let old = encode_store(&ds("7"), cat(), "t0").replace(&format!(",\"catalogue_id\":\"{}\"", cat().id), "");
    assert!(!old.contains("catalogue_id"));
    b.set(LEGACY_DATA_KEY, &old).unwrap();
    b.set(LEGACY_PREFS_KEY, "{\"year\":2024}").unwrap();
    assert_eq!(adopt_legacy(&b, &keys()), None);
    assert_eq!(b.get(LEGACY_DATA_KEY).unwrap(), None, "moved");
    assert_eq!(b.get(&keys().data).unwrap().as_deref(), Some(old.as_str()), "unchanged text");
    let s = load(&b, &keys(), "t");
    assert!(s.can_save);
    assert_eq!(s.dataset, ds("7"));
    assert_eq!(load_prefs(&b, &keys()).year, Some(2024));
    // A second run finds nothing to move; a legacy key written again later is left beside the new one.
    b.set(LEGACY_DATA_KEY, "{}").unwrap();
    assert_eq!(adopt_legacy(&b, &keys()), None);
    assert_eq!(b.get(LEGACY_DATA_KEY).unwrap().as_deref(), Some("{}"));
    assert_eq!(b.get(&keys().data).unwrap().as_deref(), Some(old.as_str()));
}

#[test]
fn legacy_data_that_cannot_move_are_read_in_place_without_saving() {
    let old = encode_store(&ds("7"), cat(), "t0");
    let b = MemoryBackend { quota: Some(LEGACY_DATA_KEY.len() + old.len() + 5), ..Default::default() };
    b.map.borrow_mut().insert(LEGACY_DATA_KEY.into(), old.clone());
    let n = adopt_legacy(&b, &keys()).expect("notice");
    assert!(n.text.contains("无法把以前保存的数据移到新的存储位置"), "{}", n.text);
    assert_eq!(b.get(LEGACY_DATA_KEY).unwrap().as_deref(), Some(old.as_str()), "the only copy stays");
    let s = load(&b, &keys(), "t");
    assert_eq!(s.dataset, ds("7"));
    assert!(!s.can_save, "never written over from here");
    // Another catalogue does not read the legacy data.
    assert_eq!(load(&b, &Keys::of("other"), "t").dataset, Dataset::default());
}

mod catalogue_registry {
    use super::super::catalogues::*;
    use super::*;

    fn later() -> Catalogue {
        let mut c = cat().clone();
        c.id = "jidong-2026-2030".into();
        c.region = "鸡东县".into();
        c
    }

    #[test]
    fn the_embedded_catalogue_is_the_default() {
        let b = MemoryBackend::default();
        assert_eq!(active(&b, cat()), (None, None));
    }

    #[test]
    fn a_stored_catalogue_is_used_once_active_and_back_in_one_step() {
        let b = MemoryBackend::default();
        store(&b, &later()).unwrap();
        assert_eq!(active(&b, cat()), (None, None), "stored but not chosen");
        set_active(&b, "jidong-2026-2030").unwrap();
        assert_eq!(active(&b, cat()).0, Some(later()));
        let list = stored(&b);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].id, "jidong-2026-2030");
        assert_eq!(list[0].catalogue, Ok(later()));
        set_active(&b, &cat().id).unwrap();
        assert_eq!(active(&b, cat()), (None, None));
    }

    #[test]
    fn an_unreadable_or_missing_catalogue_falls_back_untouched() {
        let b = MemoryBackend::default();
        b.set(&format!("{CATALOGUE_PREFIX}broken"), "{not json").unwrap();
        set_active(&b, "broken").unwrap();
        let (c, n) = active(&b, cat());
        assert!(c.is_none());
        assert!(n.expect("notice").text.contains("无法读取"));
        assert_eq!(b.get(&format!("{CATALOGUE_PREFIX}broken")).unwrap().as_deref(), Some("{not json"), "kept");
        // A stored catalogue that breaks a rule is not used either.
        let mut bad = later();
        bad.period.last = 2000;
        store(&b, &bad).unwrap();
        set_active(&b, &bad.id).unwrap();
        let (c, n) = active(&b, cat());
        assert!(c.is_none() && n.expect("notice").text.contains("最后一年 2000"));
        set_active(&b, "gone").unwrap();
        let (c, n) = active(&b, cat());
        assert!(c.is_none() && n.expect("notice").text.contains("找不到"));
    }
}

#[test]
fn the_office_key_is_made_once_and_kept() {
    let b = MemoryBackend::default();
    let k = office_key(&b, || vec![7; 32]).expect("made");
    assert_eq!(k.len(), 64);
    assert_eq!(office_key(&b, || vec![9; 32]).expect("kept"), k, "the same key every time");
    let other = MemoryBackend::default();
    assert_ne!(office_key(&other, || vec![9; 32]).expect("made"), k, "another browser, another key");
}

#[test]
fn another_catalogues_data_are_read_without_writing() {
    let b = MemoryBackend::default();
    assert_eq!(stored_dataset(&b, &cat().id), None, "nothing stored");
    save(&b, &keys(), cat(), &ds("3"), None, "2026-01-01T00:00:00.000Z").expect("saves");
    let before = b.keys().expect("keys");
    assert_eq!(stored_dataset(&b, &cat().id), Some(ds("3")));
    assert_eq!(stored_dataset(&b, "lishu-2026-2030"), None, "another id has none");
    // Data of another catalogue under this id's key, or unreadable text: none, and nothing written.
    b.set(&Keys::of("x-2026-2030").data, &b.get(&keys().data).expect("get").expect("stored")).expect("set");
    assert_eq!(stored_dataset(&b, "x-2026-2030"), None);
    b.set(&Keys::of("y-2026-2030").data, "{坏").expect("set");
    assert_eq!(stored_dataset(&b, "y-2026-2030"), None);
    assert_eq!(b.keys().expect("keys").len(), before.len() + 2);
}
