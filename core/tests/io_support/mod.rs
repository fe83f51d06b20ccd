//! Shared helpers of the io tests: a small hand-built catalogue and sample datasets.
#![allow(dead_code)]

pub mod mutation;

use lishu_core::catalogue::Catalogue;
use lishu_core::dataset::{Dataset, IndicatorSettings, SupersededValue, YearEntry};

/// A catalogue with one indicator of each entry kind, independent of the embedded catalogue.
pub const TEST_CATALOGUE: &str = r#"{
  "id": "test-2021-2025",
  "version": "test-1",
  "region": "测试区",
  "title": "测试区妇女儿童发展规划（2021-2025年）",
  "period": {"base": 2020, "first": 2021, "last": 2025, "midterm": 2023},
  "plans": [
    {"plan": "women", "title": "测试区妇女发展规划（2021-2025年）", "short": "妇女规划"},
    {"plan": "children", "title": "测试区儿童发展规划（2021-2025年）", "short": "儿童规划"}
  ],
  "defaults": {"approx_band": 2.0, "balance_low": 45.0, "balance_high": 55.0, "basic_tolerance": 0.01, "min_change": 0.0},
  "domains": [
    {"id": "W1", "plan": "women", "number": 1, "name": "妇女与健康", "short": "健康"},
    {"id": "C1", "plan": "children", "number": 1, "name": "儿童与健康", "short": "健康"}
  ],
  "goals": [
    {"id": "W1-1", "domain": "W1", "number": 1, "text": "提高孕产妇保健水平。"},
    {"id": "C1-1", "domain": "C1", "number": 1, "text": "完善儿童保障。"}
  ],
  "lines": [
    {"id": "W1-1-1", "goal": "W1-1", "number": 1, "text": "孕产妇死亡率控制在12/10万以下。", "indicators": [
      {"id": "W1-1-1", "name": "孕产妇死亡率", "clause": "孕产妇死亡率控制在12/10万以下", "kind": "max", "op": "<=", "value": 12.0,
       "unit": "/10万", "direction": "down", "entry": "rate", "numerator": "孕产妇死亡数", "denominator": "活产数", "scale": 100000.0,
       "lead_unit": "区卫健局", "co_units": []}]},
    {"id": "W1-1-2", "goal": "W1-1", "number": 2, "text": "住院分娩率达到99%以上，女性就业人员比例保持均衡。", "indicators": [
      {"id": "W1-1-2a", "name": "住院分娩率", "clause": "住院分娩率达到99%以上", "kind": "min", "op": ">=", "value": 99.0,
       "unit": "%", "direction": "up", "entry": "value", "lead_unit": "区卫健局", "co_units": ["区妇联"]},
      {"id": "W1-1-2b", "name": "女性就业人员比例", "clause": "女性就业人员比例保持均衡", "kind": "balance",
       "unit": "%", "direction": "hold", "entry": "female_male", "lead_unit": "区人社局", "co_units": ["区妇联"]}]},
    {"id": "C1-1-1", "goal": "C1-1", "number": 1, "text": "建立儿童之家；各级班子至少配备1名女干部。", "indicators": [
      {"id": "C1-1-1a", "name": "儿童之家建设", "clause": "建立儿童之家", "kind": "milestone",
       "unit": "", "direction": "up", "entry": "milestone", "lead_unit": "区民政局", "co_units": []},
      {"id": "C1-1-1b", "name": "班子女干部配备", "clause": "各级班子至少配备1名女干部", "kind": "count_per_body", "value": 1.0,
       "unit": "名", "direction": "up", "entry": "per_body", "bodies": ["区级党委", "区人大"], "lead_unit": "区委组织部", "co_units": []}]}
  ]
}"#;

pub fn cat() -> Catalogue {
    Catalogue::from_json(TEST_CATALOGUE).expect("test catalogue parses")
}

pub fn e(value: &str) -> YearEntry {
    YearEntry { value: value.into(), ..Default::default() }
}

pub fn e_at(value: &str, unit: &str, at: &str) -> YearEntry {
    YearEntry { value: value.into(), unit: unit.into(), updated_at: at.into(), ..Default::default() }
}

/// A dataset touching every kind of field, setting, text and superseded record.
pub fn sample() -> Dataset {
    let mut ds = Dataset::default();
    ds.set_entry(
        "W1-1-1",
        2020,
        YearEntry {
            numerator: "3".into(),
            denominator: "2150".into(),
            source: "区妇幼保健院年报".into(),
            unit: "区卫健局".into(),
            updated_at: "2026-03-01T10:00:00+08:00".into(),
            ..Default::default()
        },
    );
    ds.set_entry("W1-1-1", 2021, YearEntry { numerator: "2".into(), denominator: "2080".into(), ..Default::default() });
    ds.set_entry("W1-1-2a", 2020, e_at("98.6", "区卫健局", "2026-03-01T10:00:00+08:00"));
    ds.set_entry(
        "W1-1-2a",
        2023,
        YearEntry {
            value: "99.2".into(),
            note: "含“流动人口”，口径见附件, 第2页\n第二行".into(),
            ..Default::default()
        },
    );
    ds.set_entry("W1-1-2b", 2022, YearEntry { female: "4120".into(), male: "4380".into(), ..Default::default() });
    ds.set_entry(
        "C1-1-1a",
        2024,
        YearEntry {
            stage: Some(lishu_core::catalogue::Stage::Basic),
            evidence: "梨民发〔2024〕3号".into(),
            ..Default::default()
        },
    );
    let mut bodies = std::collections::BTreeMap::new();
    bodies.insert("区级党委".to_string(), "2".to_string());
    bodies.insert("区人大".to_string(), "1".to_string());
    ds.set_entry("C1-1-1b", 2025, YearEntry { bodies, ..Default::default() });
    ds.settings.insert(
        "W1-1-2b".into(),
        IndicatorSettings { lead_unit: Some("区统计局".into()), co_units: None, band: Some(4.5) },
    );
    ds.units = vec!["区卫健局".into(), "区人社局".into(), "区统计局".into()];
    ds.texts.insert("women-2023-对策建议".into(), "一、加强……\n二、完善……".into());
    ds.superseded.push(SupersededValue {
        indicator: "W1-1-2a".into(),
        year: 2020,
        entry: e("97"),
        reason: "合并冲突：选用区卫健局 2026-03-01 的数值".into(),
        at: "2026-03-02T08:00:00+08:00".into(),
    });
    ds
}

/// Bytes of a district export of `ds`.
pub fn export_bytes(ds: &Dataset, unit: &str, at: &str) -> Vec<u8> {
    lishu_core::io::export_dataset(ds, unit, at, &cat()).into_bytes()
}

/// Re-computes the checksum of an edited file (for tests that change data on purpose).
pub fn reseal(text: &str) -> Option<String> {
    let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
    let data = v.get("data")?.clone();
    let sum = lishu_core::io::checksum::checksum_value(&data);
    v.as_object_mut()?.insert("checksum".into(), serde_json::Value::String(sum));
    serde_json::to_string_pretty(&v).ok()
}

/// Splits CSV text into records and fields (RFC 4180), to check the quoting round-trips.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// The dataset without its change log (imports record what they change; most tests compare the data).
pub fn plain(mut d: Dataset) -> Dataset {
    d.log.clear();
    d.log_trimmed.clear();
    d
}
