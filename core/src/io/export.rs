//! Export: the strict envelope we write, a unit's view of the data, file names, and a pre-export check.

use super::checksum::dataset_checksum;
use super::envelope::{DATASET_TYPE, SCHEMA};
use super::read::{read_file, FileReport};
use crate::catalogue::Catalogue;
use crate::dataset::Dataset;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The strict export type: exactly what is written, member order as listed.
#[derive(Debug, Serialize)]
pub struct ExportEnvelope<'a> {
    #[serde(rename = "type")]
    pub format: &'a str,
    pub schema: u32,
    pub app_version: &'a str,
    /// The catalogue the data were entered for: id, title and version.
    pub catalogue_id: &'a str,
    pub catalogue_title: &'a str,
    pub catalogue_version: &'a str,
    /// The target of every indicator in `data` (`Indicator::target_key`), so that a later catalogue version
    /// can list the targets it changed.
    pub targets: BTreeMap<&'a str, String>,
    /// The exporting unit (e.g. "区卫健局"); empty for the whole district.
    pub unit: &'a str,
    /// ISO 8601.
    pub exported_at: &'a str,
    /// `fnv1a64:` + hex of the canonical JSON of `data`.
    pub checksum: String,
    pub data: &'a Dataset,
}

/// The part of a dataset a unit exports: the indicators it leads or co-operates on
/// ([`Dataset::is_unit_indicator`]), their settings and superseded records, the unit list, the demo flag,
/// the unit's own 已提交/已退回 states and the log entries it made about its own indicators and submissions.
/// Locks, 已审核 states, office acts and `log_trimmed` are the office's and are not written into a unit's
/// file (`trust::unit_file_problems` refuses them on import). An empty `unit` means the whole district:
/// everything.
pub fn unit_view(ds: &Dataset, unit: &str, cat: &Catalogue) -> Dataset {
    let unit = unit.trim();
    if unit.is_empty() {
        return ds.clone();
    }
    let ids: BTreeSet<&str> = cat
        .indicators()
        .into_iter()
        .filter(|r| ds.is_unit_indicator(r.indicator, unit))
        .map(|r| r.indicator.id.as_str())
        .collect();
    Dataset {
        data: ds.data.iter().filter(|(k, _)| ids.contains(k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect(),
        settings: ds
            .settings
            .iter()
            .filter(|(k, _)| ids.contains(k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        units: ds.units.clone(),
        texts: Default::default(),
        superseded: ds.superseded.iter().filter(|s| ids.contains(s.indicator.as_str())).cloned().collect(),
        demo: ds.demo,
        reviews: ds
            .reviews
            .get(unit)
            .map(|years| {
                let own: BTreeMap<u16, crate::review::Review> = years
                    .iter()
                    .filter(|(_, r)| r.state != crate::review::ReviewState::Accepted)
                    .map(|(y, r)| (*y, r.clone()))
                    .collect();
                [(unit.to_string(), own)].into_iter().filter(|(_, m)| !m.is_empty()).collect()
            })
            .unwrap_or_default(),
        locks: BTreeMap::new(),
        // Only what a unit may carry (`trust::entry_refusal`): the entries it made about its own indicators
        // and submissions; the office's acts stay with the office.
        log: ds.log.iter().filter(|e| super::trust::entry_refusal(e, unit, ds, cat).is_none()).cloned().collect(),
        log_trimmed: Vec::new(),
    }
}

/// Writes a data file (pretty JSON) of `unit`'s indicators, or of everything when `unit` is empty.
pub fn export_dataset(ds: &Dataset, unit: &str, exported_at: &str, cat: &Catalogue) -> String {
    let data = unit_view(ds, unit, cat);
    let targets = cat
        .indicators()
        .into_iter()
        .filter(|r| data.data.contains_key(&r.indicator.id))
        .map(|r| (r.indicator.id.as_str(), r.indicator.target_key(cat.period.base)))
        .collect();
    let env = ExportEnvelope {
        format: DATASET_TYPE,
        schema: SCHEMA,
        app_version: crate::APP_VERSION,
        catalogue_id: &cat.id,
        catalogue_title: &cat.title,
        catalogue_version: &cat.version,
        targets,
        unit: unit.trim(),
        exported_at,
        checksum: dataset_checksum(&data),
        data: &data,
    };
    // Serializing strings, maps and finite numbers cannot fail; an empty string would be refused on import.
    serde_json::to_string_pretty(&env).unwrap_or_default()
}

/// [`export_dataset`], a district file sealed with the exporting browser's office key (`trust::seal_text`), so
/// that this browser recognises it as its own backup. A unit's file or no key: no seal.
pub fn export_dataset_sealed(ds: &Dataset, unit: &str, exported_at: &str, cat: &Catalogue, office_key: Option<&str>) -> String {
    export_dataset_with(ds, unit, exported_at, cat, office_key, false)
}

/// [`export_dataset_sealed`], with the catalogue in use written into the file when `carry` (附带目标目录, for
/// upward reporting: a `catalogue` member before `data`, see [`super::carried`]); the seal covers it.
pub fn export_dataset_with(ds: &Dataset, unit: &str, exported_at: &str, cat: &Catalogue, office_key: Option<&str>, carry: bool) -> String {
    let text = export_dataset(ds, unit, exported_at, cat);
    let text = if carry { super::carried::insert_catalogue(&text, cat) } else { text };
    match office_key.filter(|k| !k.is_empty() && unit.trim().is_empty()) {
        Some(k) => super::trust::seal_text(k, &text).unwrap_or(text),
        None => text,
    }
}

/// "梨树区监测数据-区卫健局-2026-11-29.json" (the catalogue's region; "全区" when `unit` is empty). `date` may
/// be a full ISO time; its first 10 characters are used. Characters not allowed in file names are replaced
/// by "_".
pub fn export_file_name(cat: &Catalogue, unit: &str, date: &str) -> String {
    file_name(&format!("{}监测数据", cat.region), unit, date, "json")
}

/// "梨树区监测评估表-2025年-2026-11-29.csv": the evaluation table of `year` exported at `at` (ISO 8601), named
/// by the catalogue's region.
pub fn evaluation_file_name(cat: &Catalogue, year: u16, at: &str, ext: &str) -> String {
    let day: String = at.chars().take(10).collect();
    format!("{}监测评估表-{year}年-{day}.{ext}", cat.region)
}

/// "{prefix}-{unit or 全区}-{day}.{ext}" with characters not allowed in file names replaced by "_".
pub(crate) fn file_name(prefix: &str, unit: &str, date: &str, ext: &str) -> String {
    let unit = unit.trim();
    let unit = if unit.is_empty() { "全区" } else { unit };
    let safe: String =
        unit.chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
    let day: String = date.trim().chars().take(10).collect();
    format!("{prefix}-{safe}-{day}.{ext}")
}

/// Runs the import checks on what would be exported, so the user learns before sending a file that the
/// receiver would reject it (e.g. text that is not a number). The export itself keeps everything.
pub fn export_check(ds: &Dataset, unit: &str, exported_at: &str, cat: &Catalogue) -> FileReport {
    let text = export_dataset(ds, unit, exported_at, cat);
    read_file(&export_file_name(cat, unit, exported_at), text.as_bytes(), cat).0
}
