//! The envelope shared by data files and the browser store: format tag, schema number, migrations.

use super::error::FileErrorKind;
use super::json::J;

/// Format tag of an exported data file.
pub const DATASET_TYPE: &str = "lishu-monitor/dataset";
/// Format tag of the browser store.
pub const STORE_TYPE: &str = "lishu-monitor/store";
/// The schema this program writes. Readers accept this and older schemas (migrated step by step).
pub const SCHEMA: u32 = 2;

/// One migration step: turns a whole envelope of schema `from` into one of schema `from + 1`.
/// The step must set `"schema": from + 1`.
#[derive(Clone, Copy)]
pub struct Migration {
    pub from: u32,
    pub apply: fn(J) -> Result<J, String>,
}

/// The migration steps, oldest first. Each schema keeps a frozen fixture in `core/tests/fixtures/` that must
/// keep importing.
///
/// - 1 → 2: the dataset may carry review states, locks and the change log (`reviews`, `locks`, `log`,
///   `log_trimmed`); a schema-1 file has none, so the step only raises the number.
pub const MIGRATIONS: &[Migration] = &[Migration { from: 1, apply: v1_to_v2 }];

fn v1_to_v2(root: J) -> Result<J, String> {
    match root {
        J::Obj(m) => Ok(J::Obj(
            m.into_iter().map(|(k, v)| if k == "schema" { (k, J::Num(2u32.into())) } else { (k, v) }).collect(),
        )),
        _ => Err("顶层不是对象".to_string()),
    }
}

/// Header members read from an envelope (all optional except type and schema).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub format: String,
    /// Schema found in the file (before migration).
    pub schema: u32,
    pub app_version: String,
    /// The id, title and version of the catalogue the data were entered for (empty id: written before
    /// catalogues had ids, i.e. for the embedded catalogue).
    pub catalogue_id: String,
    pub catalogue_title: String,
    pub catalogue_version: String,
    /// The target of each indicator in the file as the file's catalogue stated it (`target_key`), to list
    /// the targets a newer catalogue version changed.
    pub targets: std::collections::BTreeMap<String, String>,
    pub unit: String,
    /// `exported_at` (data file) or `saved_at` (store).
    pub time: String,
    pub checksum: Option<String>,
}

/// Checks the format tag and reads the schema number (a JSON number or a numeric string).
pub fn check_type_and_schema(root: &J, expected_type: &str) -> Result<u32, FileErrorKind> {
    let J::Obj(_) = root else { return Err(FileErrorKind::NotAnObject) };
    match root.get("type") {
        Some(J::Str(t)) if t == expected_type => {}
        Some(J::Str(t)) => {
            return Err(FileErrorKind::WrongType { found: Some(t.clone()), expected: expected_type.to_string() })
        }
        Some(other) => {
            return Err(FileErrorKind::WrongType {
                found: Some(other.type_name().to_string()),
                expected: expected_type.to_string(),
            })
        }
        None => return Err(FileErrorKind::WrongType { found: None, expected: expected_type.to_string() }),
    }
    let schema = match root.get("schema") {
        Some(J::Num(n)) => n.as_u64().and_then(|v| u32::try_from(v).ok()),
        Some(J::Str(s)) => s.trim().parse::<u32>().ok(),
        _ => None,
    };
    let Some(schema) = schema else {
        let found = match root.get("schema") {
            Some(J::Num(n)) => n.to_string(),
            Some(J::Str(s)) => s.clone(),
            Some(other) => other.type_name().to_string(),
            None => "（缺失）".to_string(),
        };
        return Err(FileErrorKind::BadSchema { found });
    };
    if schema > SCHEMA {
        return Err(FileErrorKind::NewerSchema { found: schema, supported: SCHEMA });
    }
    Ok(schema)
}

/// Migrates an envelope from schema `found` to `target` using `steps`, one step at a time.
pub fn migrate_with(mut root: J, found: u32, target: u32, steps: &[Migration]) -> Result<J, FileErrorKind> {
    let mut at = found;
    while at < target {
        let Some(step) = steps.iter().find(|m| m.from == at) else {
            return Err(FileErrorKind::UnsupportedSchema { found });
        };
        root = (step.apply)(root).map_err(|detail| FileErrorKind::Migration { from: at, detail })?;
        at += 1;
    }
    Ok(root)
}

/// Migrates an envelope to the current [`SCHEMA`].
pub fn migrate(root: J, found: u32) -> Result<J, FileErrorKind> {
    migrate_with(root, found, SCHEMA, MIGRATIONS)
}

/// Reads the header members leniently: text or numbers accepted, missing members are empty.
/// Unknown members are reported in `notices`.
pub fn read_header(root: &J, schema: u32, time_key: &str, notices: &mut Vec<String>) -> Header {
    let text = |k: &str| match root.get(k) {
        Some(J::Str(s)) => s.clone(),
        Some(J::Num(n)) => n.to_string(),
        _ => String::new(),
    };
    let mut h = Header {
        format: text("type"),
        schema,
        app_version: text("app_version"),
        catalogue_id: text("catalogue_id").trim().to_string(),
        catalogue_title: text("catalogue_title"),
        catalogue_version: text("catalogue_version"),
        targets: match root.get("targets") {
            Some(J::Obj(m)) => m
                .iter()
                .filter_map(|(k, v)| match v {
                    J::Str(s) => Some((k.clone(), s.clone())),
                    _ => None,
                })
                .collect(),
            _ => Default::default(),
        },
        unit: text("unit"),
        time: text(time_key),
        checksum: match root.get("checksum") {
            Some(J::Str(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        },
    };
    h.unit = h.unit.trim().to_string();
    let known = [
        "type",
        "schema",
        "app_version",
        "catalogue_id",
        "catalogue_title",
        "catalogue_version",
        "targets",
        "unit",
        "exported_at",
        "saved_at",
        "checksum",
        "office_seal",
        "catalogue",
        "data",
    ];
    if let J::Obj(m) = root {
        for (k, _) in m {
            if !known.contains(&k.as_str()) {
                notices.push(format!("已忽略文件头中的未知字段“{k}”"));
            }
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(schema: &str) -> J {
        J::parse(&format!(r#"{{"type":"lishu-monitor/dataset","schema":{schema},"data":{{}}}}"#)).expect("json")
    }

    #[test]
    fn schema_checks() {
        assert_eq!(check_type_and_schema(&obj("1"), DATASET_TYPE), Ok(1));
        assert_eq!(check_type_and_schema(&obj("\"1\""), DATASET_TYPE), Ok(1));
        assert_eq!(
            check_type_and_schema(&obj("99"), DATASET_TYPE),
            Err(FileErrorKind::NewerSchema { found: 99, supported: SCHEMA })
        );
        assert!(matches!(check_type_and_schema(&obj("1.5"), DATASET_TYPE), Err(FileErrorKind::BadSchema { .. })));
        assert!(matches!(check_type_and_schema(&obj("1"), STORE_TYPE), Err(FileErrorKind::WrongType { .. })));
    }

    fn set_schema(root: J, to: u32) -> J {
        match root {
            J::Obj(m) => J::Obj(
                m.into_iter().map(|(k, v)| if k == "schema" { (k, J::Num(to.into())) } else { (k, v) }).collect(),
            ),
            other => other,
        }
    }

    #[test]
    fn migrations_run_step_by_step() {
        fn v1_to_v2(j: J) -> Result<J, String> {
            Ok(set_schema(j, 2))
        }
        fn v2_to_v3(j: J) -> Result<J, String> {
            match j.get("schema") {
                Some(J::Num(n)) if n.as_u64() == Some(2) => Ok(set_schema(j, 3)),
                _ => Err("expected schema 2 input".into()),
            }
        }
        fn broken(_: J) -> Result<J, String> {
            Err("坏步骤".into())
        }
        let steps = [Migration { from: 1, apply: v1_to_v2 }, Migration { from: 2, apply: v2_to_v3 }];
        let out = migrate_with(obj("1"), 1, 3, &steps).expect("migrates");
        assert_eq!(out.get("schema"), Some(&J::Num(3u32.into())));
        // Missing step 0 → unsupported.
        assert_eq!(migrate_with(obj("0"), 0, 3, &steps), Err(FileErrorKind::UnsupportedSchema { found: 0 }));
        // A failing step names its schema.
        let bad = [Migration { from: 1, apply: broken }];
        assert!(matches!(migrate_with(obj("1"), 1, 2, &bad), Err(FileErrorKind::Migration { from: 1, .. })));
        // Current schema needs no step.
        assert_eq!(migrate(obj("1"), SCHEMA), Ok(obj("1")));
    }
}
