//! Frozen fixtures (core/tests/fixtures/, never edited after creation): every later version of the program
//! must keep importing the schema-1 and schema-2 files, and must refuse the schema-99 file untouched.

mod io_support;

use io_support::*;
use lishu_core::catalogue::Stage;
use lishu_core::dataset::Dataset;
use lishu_core::io::{self, apply, decode_store, import_files, FileErrorKind, Resolutions};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

fn import_one(name: &str, current: &Dataset) -> (io::ImportPreview, Dataset) {
    let p = import_files(&[(name.to_string(), fixture(name))], &cat(), current);
    let d = apply(&p, &Resolutions::new(), "2026-12-01T00:00:00+08:00");
    (p, d)
}

#[test]
fn schema1_fixture_keeps_importing() {
    let (p, d) = import_one("dataset-schema1.json", &Dataset::default());
    let f = &p.files[0];
    assert!(f.accepted, "{:?}", f.messages(&cat()));
    assert_eq!(f.schema, Some(1));
    assert_eq!(f.exported_at, "2026-11-29T09:30:00+08:00");
    assert_eq!(f.rows, 7);
    let w = d.entry("W1-1-1", 2020).expect("W1-1-1 2020");
    assert_eq!((w.numerator.as_str(), w.denominator.as_str()), ("3", "2150"));
    assert_eq!(w.unit, "区卫健局");
    assert_eq!(d.entry("W1-1-2b", 2022).map(|e| (e.female.as_str(), e.male.as_str())), Some(("4120", "4380")));
    assert_eq!(d.entry("C1-1-1a", 2024).and_then(|e| e.stage), Some(Stage::Basic));
    assert_eq!(d.entry("C1-1-1b", 2025).and_then(|e| e.bodies.get("区级党委").cloned()), Some("2".to_string()));
    assert_eq!(d.entry("W1-1-2a", 2023).map(|e| e.note.as_str()), Some("含“流动人口”，口径见附件, 第2页\n第二行"));
    assert_eq!(d.settings.get("W1-1-2b").and_then(|s| s.band), Some(4.5));
    assert_eq!(d.units.len(), 3);
    assert_eq!(d.texts.get("women-2023-对策建议").map(String::as_str), Some("一、加强……\n二、完善……"));
    assert_eq!(d.superseded.len(), 1);
    assert_eq!(d.superseded[0].entry.value, "97");
}

#[test]
fn schema1_fixture_is_what_the_exporter_still_writes() {
    // The data of a schema-1 file are written the same way today (the import's own log left aside).
    let (_, d) = import_one("dataset-schema1.json", &Dataset::default());
    let again = lishu_core::io::export_dataset(&plain(d), "", "2026-11-29T09:30:00+08:00", &cat());
    let frozen: serde_json::Value = serde_json::from_slice(&fixture("dataset-schema1.json")).expect("json");
    let now: serde_json::Value = serde_json::from_str(&again).expect("json");
    assert_eq!(now["data"], frozen["data"]);
    assert_eq!(now["checksum"], frozen["checksum"]);
}

#[test]
fn lenient_schema1_fixture_imports_with_notices() {
    let (p, d) = import_one("dataset-schema1-lenient.json", &Dataset::default());
    let f = &p.files[0];
    assert!(f.accepted, "{:?}", f.messages(&cat()));
    assert_eq!(f.unit, "区卫健局");
    assert_eq!(d.entry("W1-1-1", 2020).map(|e| e.numerator.as_str()), Some("3"));
    assert_eq!(d.entry("W1-1-1", 2022).map(|e| e.value.as_str()), Some("95.5"));
    assert_eq!(d.entry("W1-1-2a", 2021).map(|e| e.value.as_str()), Some("99.1"));
    assert_eq!(d.entry("W1-1-2a", 2022).map(|e| e.value.as_str()), Some("99.3%"));
    assert_eq!(d.entry("C1-1-1a", 2023).and_then(|e| e.stage), Some(Stage::InProgress));
    assert_eq!(d.entry("C1-1-1b", 2021).and_then(|e| e.bodies.get("区级党委").cloned()), Some("1".to_string()));
    assert_eq!(
        d.settings.get("W1-1-2a").and_then(|s| s.co_units.clone()),
        Some(vec!["区妇联".to_string(), "区统计局".to_string()])
    );
    assert_eq!(d.settings.get("W1-1-2a").and_then(|s| s.band), Some(1.5));
    assert_eq!(d.units, ["区卫健局", "区妇联"]);
    // Unknown members: exported_by (header), comment (entry), future_member (data).
    for word in ["exported_by", "comment", "future_member"] {
        assert!(f.notices.iter().any(|n| n.contains(word)), "no notice for {word}: {:?}", f.notices);
    }
}

#[test]
fn lenient_fixture_with_a_bom_still_imports() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(fixture("dataset-schema1-lenient.json"));
    let p = import_files(&[("bom.json".into(), bytes)], &cat(), &Dataset::default());
    assert!(p.files[0].accepted, "{:?}", p.files[0].messages(&cat()));
}

#[test]
fn newer_schema_fixture_is_refused_untouched() {
    let current = sample();
    let (p, d) = import_one("dataset-schema99.json", &current);
    let f = &p.files[0];
    assert!(!f.accepted);
    assert_eq!(f.schema, Some(99));
    assert_eq!(f.errors.len(), 1);
    assert_eq!(f.errors[0].kind, FileErrorKind::NewerSchema { found: 99, supported: 2 });
    let msg = f.errors[0].message(&cat());
    assert!(msg.contains("dataset-schema99.json") && msg.contains("99") && msg.contains("升级程序"), "{msg}");
    assert!(p.is_noop());
    assert_eq!(d, current, "nothing changed");
}

#[test]
fn store_schema1_fixture_keeps_decoding() {
    let text = String::from_utf8(fixture("store-schema1.json")).expect("utf8");
    let s = decode_store(&text).expect("decodes");
    assert_eq!(s.schema, 1);
    assert!(s.migrated, "schema 1 is migrated to 2");
    assert_eq!(s.saved_at, "2026-11-29T09:31:00+08:00");
    assert_eq!(s.dataset.entry("W1-1-1", 2021).map(|e| e.denominator.as_str()), Some("2080"));
    assert_eq!(s.dataset.texts.len(), 1);
    assert_eq!(s.dataset.superseded.len(), 1);
}

#[test]
fn schema2_fixture_keeps_importing_with_its_review_records() {
    let (p, d) = import_one("dataset-schema2.json", &Dataset::default());
    let f = &p.files[0];
    assert!(f.accepted, "{:?}", f.messages(&cat()));
    assert_eq!(f.schema, Some(2));
    let r = lishu_core::review::review_of(&d, "区卫健局", 2021).expect("review");
    assert_eq!(r.state, lishu_core::review::ReviewState::Accepted);
    assert!(lishu_core::review::is_locked(&d, "W1-1-1", 2021));
    assert!(d.log.iter().any(|e| e.how == lishu_core::review::How::Submit));
}

#[test]
fn schema2_fixture_is_what_the_exporter_writes() {
    // If this fails the written format changed: bump SCHEMA, add a migration and a new frozen fixture.
    let frozen: serde_json::Value = serde_json::from_slice(&fixture("dataset-schema2.json")).expect("json");
    let text = String::from_utf8(fixture("dataset-schema2.json")).expect("utf8");
    let (_, ds) = lishu_core::io::read_file("dataset-schema2.json", text.as_bytes(), &cat());
    let again = lishu_core::io::export_dataset(&ds.expect("reads"), "", "2026-11-29T09:30:00+08:00", &cat());
    let now: serde_json::Value = serde_json::from_str(&again).expect("json");
    assert_eq!(now["data"], frozen["data"]);
    assert_eq!(now["checksum"], frozen["checksum"]);
}
