//! Import preview (additions, changes, conflicts, unchanged), apply with resolutions, and district merge
//! with conflicts reported, losers kept in `superseded`, and the completeness table.

mod io_support;

use io_support::*;
use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::io::{apply, import_files, merge, Resolutions, Source};

fn file(ds: &Dataset, unit: &str, at: &str) -> Vec<u8> {
    // A unit's own file: export the whole dataset under the unit's name (unit filter not wanted here).
    let text =
        lishu_core::io::export_dataset(ds, "", at, &cat()).replace("\"unit\": \"\"", &format!("\"unit\": \"{unit}\""));
    text.into_bytes()
}

fn ds_of(rows: &[(&str, u16, YearEntry)]) -> Dataset {
    let mut d = Dataset::default();
    for (id, y, e) in rows {
        d.set_entry(id, *y, e.clone());
    }
    d
}

const T1: &str = "2026-03-01T10:00:00+08:00";
const T2: &str = "2026-04-01T10:00:00+08:00";

fn scenario() -> (Dataset, Vec<(String, Vec<u8>)>) {
    let current = ds_of(&[
        ("W1-1-2a", 2021, e_at("99.0", "区卫健局", T1)),
        ("W1-1-2a", 2022, e_at("99.1", "区卫健局", T1)),
        ("W1-1-2a", 2023, e("99.2")),
    ]);
    let a = ds_of(&[
        ("W1-1-2a", 2021, e_at("99.0", "区卫健局", T2)),
        ("W1-1-2a", 2022, e_at("99.4", "区卫健局", T2)),
        ("W1-1-2a", 2023, e_at("99.5", "区卫健局", T2)),
        ("W1-1-2a", 2024, e("99.6")),
    ]);
    let b = ds_of(&[("W1-1-2a", 2024, e("99.7")), ("W1-1-2a", 2025, e("99.8"))]);
    let files = vec![
        ("卫健.json".to_string(), file(&a, "区卫健局", "2026-04-02T09:00:00+08:00")),
        ("妇联.json".to_string(), file(&b, "区妇联", "2026-04-03T09:00:00+08:00")),
    ];
    (current, files)
}

#[test]
fn preview_classifies_every_row() {
    let (current, files) = scenario();
    let p = import_files(&files, &cat(), &current);
    assert!(p.files.iter().all(|f| f.accepted));
    assert_eq!(p.unchanged, 1, "2021 same content (bookkeeping differs)");
    assert_eq!(p.changes.len(), 1);
    let c = &p.changes[0];
    assert_eq!(
        (c.indicator.as_str(), c.year, c.old.entry.value.as_str(), c.new.entry.value.as_str()),
        ("W1-1-2a", 2022, "99.1", "99.4")
    );
    assert_eq!(p.additions.len(), 1);
    assert_eq!((p.additions[0].year, p.additions[0].new.entry.value.as_str()), (2025, "99.8"));
    assert_eq!(p.conflicts.len(), 2);
    // 2023: current has no time, so the file is not clearly newer → conflict, default keeps current.
    let c23 = p.conflicts.iter().find(|c| c.year == 2023).expect("2023");
    assert_eq!(c23.candidates.len(), 2);
    assert_eq!(c23.default, Source::Current);
    let f = c23.candidate(Source::File(0)).expect("file candidate");
    assert_eq!((f.unit.as_str(), f.time.as_str(), f.summary.as_str()), ("区卫健局", T2, "数值 99.5%"));
    // 2024: two files disagree; the file time stands in for the missing updated_at.
    let c24 = p.conflicts.iter().find(|c| c.year == 2024).expect("2024");
    assert_eq!(c24.candidates.iter().map(|c| c.source).collect::<Vec<_>>(), [Source::File(0), Source::File(1)]);
    assert_eq!(c24.candidate(Source::File(1)).map(|c| c.unit.as_str()), Some("区妇联"));
    assert_eq!(c24.default, Source::File(1), "most recent export");
    assert_eq!(p.summary(), "新增 1 条，更新 1 条，冲突 2 条（需选择），未变 1 条");
}

#[test]
fn apply_follows_resolutions_and_keeps_every_loser() {
    let (current, files) = scenario();
    let p = import_files(&files, &cat(), &current);
    let mut r = Resolutions::new();
    r.insert(("W1-1-2a".into(), 2023), Source::File(0));
    r.insert(("W1-1-2a".into(), 2024), Source::File(0));
    let d = apply(&p, &r, "2026-05-01T00:00:00+08:00");
    let v = |y| d.entry("W1-1-2a", y).map(|e| e.value.clone()).unwrap_or_default();
    assert_eq!([v(2021), v(2022), v(2023), v(2024), v(2025)], ["99.0", "99.4", "99.5", "99.6", "99.8"]);
    let lost: Vec<(u16, &str, &str)> =
        d.superseded.iter().map(|s| (s.year, s.entry.value.as_str(), s.reason.as_str())).collect();
    assert_eq!(lost.len(), 3, "{lost:?}");
    assert!(lost
        .iter()
        .any(|(y, v, r)| *y == 2022 && *v == "99.1" && r.contains("导入更新") && r.contains("卫健.json")));
    assert!(lost.iter().any(|(y, v, r)| *y == 2023 && *v == "99.2" && r.contains("未选用当前数据")));
    assert!(lost.iter().any(|(y, v, r)| *y == 2024 && *v == "99.7" && r.contains("妇联.json") && r.contains("区妇联")));
    assert!(d.superseded.iter().all(|s| s.at == "2026-05-01T00:00:00+08:00"));
}

#[test]
fn apply_without_choices_keeps_current_and_records_file_values() {
    let (current, files) = scenario();
    let p = import_files(&files, &cat(), &current);
    let mut r = Resolutions::new();
    r.insert(("W1-1-2a".into(), 2023), Source::File(7)); // invalid choice → default
    let d = apply(&p, &r, "t");
    assert_eq!(d.entry("W1-1-2a", 2023).map(|e| e.value.as_str()), Some("99.2"));
    assert_eq!(d.entry("W1-1-2a", 2024).map(|e| e.value.as_str()), Some("99.7"));
    assert!(d.superseded.iter().any(|s| s.year == 2023 && s.entry.value == "99.5"));
    assert!(d.superseded.iter().any(|s| s.year == 2024 && s.entry.value == "99.6"));
}

#[test]
fn nothing_differing_is_applied_silently() {
    let (current, files) = scenario();
    let p = import_files(&files, &cat(), &current);
    let d = apply(&p, &Resolutions::new(), "t");
    // Every current value that no longer holds is in superseded.
    for (id, years) in &current.data {
        for (y, old) in years {
            let now = d.entry(id, *y).map(|e| e.content());
            if now != Some(old.content()) {
                assert!(d.superseded.iter().any(|s| &s.indicator == id && s.year == *y && s.entry == *old), "{id} {y}");
            }
        }
    }
    // The same files again change nothing more.
    let again = import_files(&files, &cat(), &d);
    assert!(again.additions.is_empty() && again.changes.is_empty());
}

#[test]
fn agreeing_files_do_not_conflict_and_equal_losers_are_not_duplicated() {
    let current = ds_of(&[("W1-1-2a", 2021, e("98"))]);
    let one = ds_of(&[("W1-1-2a", 2021, e("99")), ("W1-1-2a", 2022, e("97"))]);
    let files =
        vec![("a.json".to_string(), file(&one, "区卫健局", T1)), ("b.json".to_string(), file(&one, "区妇联", T2))];
    let p = import_files(&files, &cat(), &current);
    assert_eq!(p.additions.len(), 1, "2022 offered once");
    assert_eq!(p.conflicts.len(), 1);
    let mut r = Resolutions::new();
    r.insert(("W1-1-2a".into(), 2021), Source::File(1));
    let d = apply(&p, &r, "t");
    assert_eq!(d.superseded.len(), 1, "only the current 98 lost; a.json holds the chosen content");
    assert_eq!(d.superseded[0].entry.value, "98");
}

#[test]
fn district_merge_keeps_most_recent_and_reports_every_conflict() {
    let health = ds_of(&[
        (
            "W1-1-1",
            2021,
            YearEntry {
                numerator: "2".into(),
                denominator: "2080".into(),
                updated_at: T1.into(),
                ..Default::default()
            },
        ),
        ("W1-1-2a", 2021, e_at("99.1", "", T2)),
        ("W1-1-2a", 2022, e("99.3")),
    ]);
    let women = ds_of(&[("W1-1-2a", 2021, e_at("99.0", "", T1)), ("W1-1-2a", 2022, e("99.2"))]);
    let hr = ds_of(&[("W1-1-2b", 2021, YearEntry { female: "40".into(), male: "60".into(), ..Default::default() })]);
    let files = vec![
        ("卫健.json".to_string(), file(&health, "区卫健局", "2026-04-01T09:00:00+08:00")),
        ("妇联.json".to_string(), file(&women, "区妇联", "2026-04-05T09:00:00+08:00")),
        ("人社.json".to_string(), file(&hr, "区人社局", "2026-04-01T09:00:00+08:00")),
        ("坏.json".to_string(), b"{".to_vec()),
    ];
    let m = merge(&files, &cat(), "2026-04-10T00:00:00+08:00");
    assert_eq!(m.files.iter().filter(|f| f.accepted).count(), 3);
    assert!(!m.files[3].accepted);
    assert_eq!(m.conflicts.len(), 2);
    let d = &m.dataset;
    // 2021: updated_at decides (卫健 T2 > 妇联 T1). 2022: no updated_at → exported_at decides (妇联 later).
    assert_eq!(d.entry("W1-1-2a", 2021).map(|e| e.value.as_str()), Some("99.1"));
    assert_eq!(d.entry("W1-1-2a", 2022).map(|e| e.value.as_str()), Some("99.2"));
    let c21 = m.conflicts.iter().find(|c| c.conflict.year == 2021).expect("2021");
    assert_eq!(c21.chosen, Source::File(0));
    assert_eq!(d.superseded.len(), 2);
    assert!(d.superseded.iter().any(|s| s.year == 2021 && s.entry.value == "99.0" && s.entry.unit == "区妇联"));
    assert!(d.superseded.iter().any(|s| s.year == 2022 && s.entry.value == "99.3" && s.reason.contains("卫健.json")));
    // Entries get the file's unit when they have none.
    assert_eq!(d.entry("W1-1-2b", 2021).map(|e| e.unit.as_str()), Some("区人社局"));
    // Completeness: unit × indicator × year.
    let health_c = m.completeness.unit("区卫健局").expect("区卫健局 row");
    assert_eq!(health_c.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["W1-1-1", "W1-1-2a"]);
    assert_eq!((health_c.reported(), health_c.expected()), (3, 12));
    let w112a = &health_c.rows[1];
    assert!(w112a.years.iter().any(|c| c.year == 2022 && c.reported && c.by == "区妇联"));
    assert!(w112a.years.iter().any(|c| c.year == 2020 && !c.reported));
    assert_eq!(m.completeness.unit("区人社局").map(|u| u.reported()), Some(1));
    assert_eq!(m.completeness.unit("区民政局").map(|u| (u.reported(), u.expected())), Some((0, 6)));
}
