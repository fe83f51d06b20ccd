//! District merge: the office combines many unit files into one dataset. Every conflict is reported; the
//! default resolution keeps the most recently entered value (updated_at, then the file's exported_at) and
//! records the loser in `superseded`. Also the completeness table unit × indicator × year.

use super::import::{apply, build_preview, split_reports, Conflict, Source};
use super::read::{read_file, FileReport};
use crate::catalogue::Catalogue;
use crate::dataset::Dataset;
use serde::{Deserialize, Serialize};

/// A conflict and the source that was kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeConflict {
    pub conflict: Conflict,
    pub chosen: Source,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeResult {
    pub dataset: Dataset,
    pub conflicts: Vec<MergeConflict>,
    pub completeness: Completeness,
    /// Per file: accepted or rejected with errors.
    pub files: Vec<FileReport>,
    pub notices: Vec<String>,
}

/// Whether one year of one indicator was reported, and by which unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearCell {
    pub year: u16,
    pub reported: bool,
    /// Unit that entered the value ("" when unknown or not reported).
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletenessRow {
    pub indicator: String,
    pub name: String,
    pub years: Vec<YearCell>,
}

/// One lead unit's indicators and how many indicator-years it has reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitCompleteness {
    pub unit: String,
    pub rows: Vec<CompletenessRow>,
    pub reported: usize,
    pub expected: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Completeness {
    pub units: Vec<UnitCompleteness>,
}

/// Label for indicators without a lead unit.
pub const NO_LEAD_UNIT: &str = "未指定牵头单位";

impl Completeness {
    /// Unit × indicator × year (the catalogue's data years) of a dataset, grouped by lead unit (settings, else catalogue),
    /// units in order of first appearance in the catalogue.
    pub fn of(ds: &Dataset, cat: &Catalogue) -> Completeness {
        let mut units: Vec<UnitCompleteness> = Vec::new();
        for r in cat.indicators() {
            let lead = ds.lead_unit(r.indicator).trim();
            let lead = if lead.is_empty() { NO_LEAD_UNIT } else { lead };
            let years: Vec<YearCell> = cat
                .period
                .years()
                .map(|y| {
                    let e = ds.entry(&r.indicator.id, y).filter(|e| !e.is_empty());
                    YearCell { year: y, reported: e.is_some(), by: e.map(|e| e.unit.clone()).unwrap_or_default() }
                })
                .collect();
            let reported = years.iter().filter(|c| c.reported).count();
            let row = CompletenessRow { indicator: r.indicator.id.clone(), name: r.indicator.name.clone(), years };
            let pos = match units.iter().position(|u| u.unit == lead) {
                Some(p) => p,
                None => {
                    units.push(UnitCompleteness { unit: lead.to_string(), rows: Vec::new(), reported: 0, expected: 0 });
                    units.len() - 1
                }
            };
            let u = &mut units[pos];
            u.rows.push(row);
            u.reported += reported;
            u.expected += cat.period.len();
        }
        Completeness { units }
    }

    pub fn unit(&self, name: &str) -> Option<&UnitCompleteness> {
        self.units.iter().find(|u| u.unit == name)
    }
}

/// Merges unit files into a new district dataset. Files with any error are left out whole (see `files`).
/// Entries without a unit get the file's unit. `at` is the merge time (ISO 8601), used in superseded records.
pub fn merge(files: &[(String, Vec<u8>)], cat: &Catalogue, at: &str) -> MergeResult {
    merge_reports(files.iter().map(|(name, bytes)| read_file(name, bytes, cat)).collect(), cat, at)
}

/// [`merge`] of files already read and checked (data files, filled Excel templates …).
pub fn merge_reports(files: Vec<(FileReport, Option<Dataset>)>, cat: &Catalogue, at: &str) -> MergeResult {
    let (reports, mut accepted) = split_reports(files);
    for a in &mut accepted {
        let Some(unit) = reports.get(a.index).map(|r| r.unit.clone()).filter(|u| !u.is_empty()) else { continue };
        for e in a.dataset.data.values_mut().flat_map(|m| m.values_mut()) {
            if e.unit.trim().is_empty() {
                e.unit = unit.clone();
            }
        }
    }
    let preview = build_preview(reports, &accepted, cat, &Dataset::default());
    let resolutions = preview.latest_resolutions();
    let dataset = apply(&preview, &resolutions, at);
    let conflicts = preview
        .conflicts
        .iter()
        .map(|c| MergeConflict {
            chosen: resolutions.get(&(c.indicator.clone(), c.year)).copied().unwrap_or(c.default),
            conflict: c.clone(),
        })
        .collect();
    let completeness = Completeness::of(&dataset, cat);
    MergeResult { dataset, conflicts, completeness, files: preview.files, notices: preview.notices }
}
