//! The browser store envelope (pure logic; the module calling localStorage is elsewhere).
//!
//! `{"type":"lishu-monitor/store","schema":2,"app_version":"…","catalogue_id":"…","catalogue_version":"…",
//! "saved_at":"…","data":<Dataset>}`, compact. The envelope names the catalogue its data were entered for
//! (a store written before catalogues had ids has none: it belongs to the embedded catalogue of that time).
//! Decoding never validates values against the catalogue: text the user typed is kept even when invalid.

use super::envelope::{check_type_and_schema, migrate, read_header, SCHEMA, STORE_TYPE};
use super::error::FileErrorKind;
use super::json::J;
use super::lenient::{read_dataset, Report};
use crate::catalogue::Catalogue;
use crate::dataset::Dataset;
use serde::Serialize;

#[derive(Serialize)]
struct StoreEnvelope<'a> {
    #[serde(rename = "type")]
    format: &'a str,
    schema: u32,
    app_version: &'a str,
    catalogue_id: &'a str,
    catalogue_version: &'a str,
    saved_at: &'a str,
    data: &'a Dataset,
}

/// Encodes a dataset entered for catalogue `cat` for the store.
pub fn encode_store(ds: &Dataset, cat: &Catalogue, saved_at: &str) -> String {
    let env = StoreEnvelope {
        format: STORE_TYPE,
        schema: SCHEMA,
        app_version: crate::APP_VERSION,
        catalogue_id: &cat.id,
        catalogue_version: &cat.version,
        saved_at,
        data: ds,
    };
    // Serializing strings, maps and finite numbers cannot fail.
    serde_json::to_string(&env).unwrap_or_default()
}

/// A decoded store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDataset {
    pub dataset: Dataset,
    pub saved_at: String,
    pub app_version: String,
    /// The catalogue the data were entered for (empty: a store from before catalogue ids).
    pub catalogue_id: String,
    /// Schema found in the store (before migration).
    pub schema: u32,
    /// True when the store was migrated from an older schema (the caller should save it back).
    pub migrated: bool,
    /// Ignored unknown members and similar.
    pub notices: Vec<String>,
}

/// Why a store could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// Unparseable or damaged: the caller must copy the raw text aside before writing anything.
    Corrupt { detail: String },
    /// Written by a newer version: refuse and leave it untouched.
    NewerSchema { found: u32, supported: u32 },
    /// Another format's data under our key.
    WrongType { found: Option<String> },
    /// An older schema that could not be migrated (leave untouched, copy aside).
    Migration { from: u32, detail: String },
}

impl StoreError {
    /// Chinese message for the user.
    pub fn message(&self) -> String {
        match self {
            StoreError::Corrupt { detail } => {
                format!("浏览器中保存的数据已损坏（{detail}），原始内容已另行备份，请从导出文件恢复")
            }
            StoreError::NewerSchema { found, supported } => format!(
                "浏览器中的数据由更新版本的程序保存（数据格式版本 {found}，本程序支持到 {supported}），为避免损坏未作改动，请使用新版本程序"
            ),
            StoreError::WrongType { found: Some(t) } => format!("浏览器中保存的数据类型为“{t}”，不是本系统的数据"),
            StoreError::WrongType { found: None } => "浏览器中保存的数据缺少类型标记，不是本系统的数据".to_string(),
            StoreError::Migration { from, detail } => {
                format!("浏览器中的数据（数据格式版本 {from}）升级失败：{detail}")
            }
        }
    }
}

/// Decodes a store: the envelope is checked, older schemas migrated, the data read leniently.
pub fn decode_store(text: &str) -> Result<StoredDataset, StoreError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = J::parse(text).map_err(|e| StoreError::Corrupt {
        detail: format!("第 {} 行第 {} 列无法解析", e.line(), e.column()),
    })?;
    let schema = check_type_and_schema(&root, STORE_TYPE).map_err(|k| match k {
        FileErrorKind::NewerSchema { found, supported } => StoreError::NewerSchema { found, supported },
        FileErrorKind::WrongType { found, .. } => StoreError::WrongType { found },
        FileErrorKind::NotAnObject => StoreError::Corrupt { detail: "顶层不是对象".to_string() },
        FileErrorKind::BadSchema { found } => {
            StoreError::Corrupt { detail: format!("数据格式版本“{found}”无效") }
        }
        other => StoreError::Corrupt { detail: format!("{other:?}") },
    })?;
    let mut notices = Vec::new();
    let header = read_header(&root, schema, "saved_at", &mut notices);
    let root = migrate(root, schema).map_err(|k| match k {
        FileErrorKind::Migration { from, detail } => StoreError::Migration { from, detail },
        FileErrorKind::UnsupportedSchema { found } => {
            StoreError::Migration { from: found, detail: "没有可用的升级步骤".to_string() }
        }
        other => StoreError::Migration { from: schema, detail: format!("{other:?}") },
    })?;
    let Some(data) = root.get("data") else {
        return Err(StoreError::Corrupt { detail: "缺少数据部分（data）".to_string() });
    };
    let mut rep = Report::default();
    let dataset = read_dataset(data, &mut rep);
    if let Some(e) = rep.errors.first() {
        let more = if rep.errors.len() > 1 { format!("等 {} 处", rep.errors.len()) } else { String::new() };
        return Err(StoreError::Corrupt { detail: format!("位置 {} 结构错误{more}", e.path) });
    }
    notices.extend(rep.notices);
    Ok(StoredDataset {
        dataset,
        saved_at: header.time,
        app_version: header.app_version,
        catalogue_id: header.catalogue_id,
        schema,
        migrated: schema < SCHEMA,
        notices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::YearEntry;

    fn sample() -> Dataset {
        let mut ds = Dataset::default();
        ds.set_entry("W1-1-1", 2021, YearEntry { value: "约90".into(), note: "待核".into(), ..Default::default() });
        ds.texts.insert("women-2023-对策建议".into(), "加强……\n第二段".into());
        ds
    }

    #[test]
    fn round_trip_keeps_invalid_text() {
        let s = encode_store(&sample(), Catalogue::embedded(), "2026-11-29T01:00:00Z");
        let back = decode_store(&s).expect("decodes");
        assert_eq!(back.dataset, sample());
        assert_eq!(back.catalogue_id, Catalogue::embedded().id);
        assert_eq!(back.saved_at, "2026-11-29T01:00:00Z");
        assert!(!back.migrated);
    }

    #[test]
    fn error_kinds() {
        assert!(matches!(decode_store("{\"type\":\"lishu-monitor/store\",\"sch"), Err(StoreError::Corrupt { .. })));
        assert!(matches!(decode_store(""), Err(StoreError::Corrupt { .. })));
        let newer = encode_store(&sample(), Catalogue::embedded(), "x").replace("\"schema\":2", "\"schema\":7");
        assert_eq!(decode_store(&newer), Err(StoreError::NewerSchema { found: 7, supported: SCHEMA }));
        let wrong = encode_store(&sample(), Catalogue::embedded(), "x").replace("lishu-monitor/store", "lishu-monitor/dataset");
        assert!(
            matches!(decode_store(&wrong), Err(StoreError::WrongType { found: Some(t) }) if t == "lishu-monitor/dataset")
        );
        assert!(matches!(decode_store("{\"data\":{}}"), Err(StoreError::WrongType { found: None })));
        let old = encode_store(&sample(), Catalogue::embedded(), "x").replace("\"schema\":2", "\"schema\":0");
        assert!(matches!(decode_store(&old), Err(StoreError::Migration { from: 0, .. })));
        let broken = r#"{"type":"lishu-monitor/store","schema":1,"data":{"data":{"W1":{"abc":"1"}}}}"#;
        assert!(matches!(decode_store(broken), Err(StoreError::Corrupt { .. })));
        for e in [StoreError::Corrupt { detail: "x".into() }, StoreError::WrongType { found: None }] {
            assert!(!e.message().is_empty());
        }
    }
}
