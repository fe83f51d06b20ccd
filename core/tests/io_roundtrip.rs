//! Export → import round trips, unit views, file names, and the pre-export check.

mod io_support;

use io_support::*;
use lishu_core::dataset::Dataset;
use lishu_core::io::{self, apply, export_dataset, export_file_name, import_files, Resolutions};

const AT: &str = "2026-11-29T09:30:00+08:00";

fn import_into(current: &Dataset, files: Vec<(String, Vec<u8>)>) -> (io::ImportPreview, Dataset) {
    let p = import_files(&files, &cat(), current);
    let out = apply(&p, &Resolutions::new(), AT);
    (p, out)
}

#[test]
fn district_round_trip_into_empty_dataset_is_identical() {
    let ds = sample();
    let bytes = export_bytes(&ds, "", AT);
    let (p, out) = import_into(&Dataset::default(), vec![("全区.json".into(), bytes)]);
    assert!(p.files[0].accepted, "{:?}", p.files[0].messages(&cat()));
    assert!(p.conflicts.is_empty() && p.changes.is_empty());
    assert_eq!(p.additions.len(), ds.data.values().map(|m| m.len()).sum::<usize>());
    assert_eq!(plain(out), ds);
}

#[test]
fn round_trip_of_a_demo_dataset_keeps_the_demo_flag() {
    let mut ds = sample();
    ds.demo = true;
    let (_, out) = import_into(&Dataset::default(), vec![("demo.json".into(), export_bytes(&ds, "", AT))]);
    assert_eq!(plain(out), ds);
}

/// The evaluation of the imported data equals the original's.
#[test]
fn round_trip_gives_identical_evaluation() {
    let ds = sample();
    let (_, out) = import_into(&Dataset::default(), vec![("x.json".into(), export_bytes(&ds, "", AT))]);
    let c = cat();
    for year in [2021, 2023, 2025] {
        assert_eq!(lishu_core::evaluate(&c, &out, year), lishu_core::evaluate(&c, &ds, year));
    }
}

/// The same with the real embedded catalogue and the demo dataset.
#[test]
fn demo_dataset_round_trip_with_embedded_catalogue() {
    let c = lishu_core::Catalogue::embedded();
    let ds = lishu_core::demo::demo_dataset(c);
    assert!(ds.filled_count() > 100, "demo data present");
    let text = export_dataset(&ds, "", AT, c);
    let p = import_files(&[("demo.json".into(), text.into_bytes())], c, &Dataset::default());
    assert!(p.files[0].accepted, "{:?}", p.files[0].messages(c));
    let out = apply(&p, &Resolutions::new(), AT);
    assert_eq!(plain(out.clone()), ds);
    assert_eq!(lishu_core::evaluate(c, &out, 2025), lishu_core::evaluate(c, &ds, 2025));
}

/// Splitting the demo data into one file per unit and merging them back gives the same contents.
#[test]
fn unit_files_merge_back_to_the_district_data() {
    let c = lishu_core::Catalogue::embedded();
    let ds = lishu_core::demo::demo_dataset(c);
    let files: Vec<(String, Vec<u8>)> = ds
        .unit_list(c)
        .iter()
        .map(|u| (export_file_name(c, u, "2026-11-29"), export_dataset(&ds, u, AT, c).into_bytes()))
        .collect();
    let m = io::merge(&files, c, AT);
    assert!(m.files.iter().all(|f| f.accepted));
    assert!(m.conflicts.is_empty(), "a value exported by lead and co-units is identical");
    let contents = |d: &Dataset| -> Vec<(String, u16, lishu_core::YearEntry)> {
        d.data.iter().flat_map(|(id, m)| m.iter().map(move |(y, e)| (id.clone(), *y, e.content()))).collect()
    };
    // Indicators without any lead or co-unit are in no unit file.
    let orphan: Vec<&str> = c
        .indicators()
        .into_iter()
        .filter(|r| ds.lead_unit(r.indicator).is_empty() && ds.co_units(r.indicator).is_empty())
        .map(|r| r.indicator.id.as_str())
        .collect();
    let mut expected = ds.clone();
    expected.data.retain(|k, _| !orphan.contains(&k.as_str()));
    assert_eq!(contents(&m.dataset), contents(&expected));
}

#[test]
fn unit_export_holds_only_that_units_indicators() {
    let ds = sample();
    let text = export_dataset(&ds, "区妇联", AT, &cat());
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(v["type"], "lishu-monitor/dataset");
    assert_eq!(v["schema"], 2);
    assert_eq!(v["unit"], "区妇联");
    assert_eq!(v["exported_at"], AT);
    assert_eq!(v["catalogue_version"], "test-1");
    let ids: Vec<&String> = v["data"]["data"].as_object().expect("data").keys().collect();
    // 区妇联 co-operates on W1-1-2a and W1-1-2b only.
    assert_eq!(ids, ["W1-1-2a", "W1-1-2b"]);
    assert!(v["data"].get("texts").is_none());
    // The lead unit comes from the dataset's settings: W1-1-2b is led by 区统计局 there, not 区人社局.
    let stats = export_dataset(&ds, "区统计局", AT, &cat());
    let v: serde_json::Value = serde_json::from_str(&stats).expect("json");
    assert_eq!(
        v["data"]["data"].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["W1-1-2b".to_string()])
    );
    let hr = export_dataset(&ds, "区人社局", AT, &cat());
    let v: serde_json::Value = serde_json::from_str(&hr).expect("json");
    assert!(v["data"].get("data").map(|d| d.as_object().map(|m| m.is_empty()).unwrap_or(false)).unwrap_or(true));
}

#[test]
fn unit_file_imports_into_district_without_touching_other_indicators() {
    let mut district = sample();
    district.data.remove("W1-1-2a");
    let unit_file = export_bytes(&sample(), "区卫健局", AT);
    let (p, out) = import_into(&district, vec![("卫健.json".into(), unit_file)]);
    assert!(p.files[0].accepted);
    assert_eq!(p.additions.len(), 2, "the two W1-1-2a years");
    assert!(p.unchanged >= 2, "W1-1-1 rows equal");
    assert_eq!(out.data, sample().data);
    assert_eq!(out.settings, district.settings);
}

#[test]
fn file_names() {
    assert_eq!(export_file_name(lishu_core::Catalogue::embedded(), "区卫健局", "2026-11-29"), "梨树区监测数据-区卫健局-2026-11-29.json");
    assert_eq!(export_file_name(lishu_core::Catalogue::embedded(), "", "2026-11-29T09:30:00+08:00"), "梨树区监测数据-全区-2026-11-29.json");
    assert_eq!(export_file_name(lishu_core::Catalogue::embedded(), "a/b:c", "2026-01-02"), "梨树区监测数据-a_b_c-2026-01-02.json");
}

#[test]
fn export_is_pretty_and_stable() {
    let a = export_dataset(&sample(), "", AT, &cat());
    let b = export_dataset(&sample(), "", AT, &cat());
    assert_eq!(a, b);
    assert!(a.starts_with("{\n  \"type\": \"lishu-monitor/dataset\",\n  \"schema\": 2,"), "{}", &a[..80]);
    assert!(a.contains("\"checksum\": \"fnv1a64:"));
}

#[test]
fn export_check_warns_before_sending_an_unimportable_file() {
    let mut ds = sample();
    assert!(io::export_check(&ds, "", AT, &cat()).errors.is_empty());
    ds.set_entry("W1-1-2a", 2024, e("约99"));
    let rep = io::export_check(&ds, "", AT, &cat());
    assert_eq!(rep.errors.len(), 1);
    let msg = rep.errors[0].message(&cat());
    assert!(msg.contains("住院分娩率") && msg.contains("2024") && msg.contains("约99"), "{msg}");
}
