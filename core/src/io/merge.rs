//! District merge: the office combines many unit files into one dataset. Every conflict is reported; the
//! default resolution keeps the most recently entered value (updated_at, then the file's exported_at) and
//! records the loser in `superseded`, and reports the completeness (lead unit × indicator × year) of the result.
//! Only the office's own file (named by the operator, [`merge_with_office`]) brings locks and office acts;
//! its locked values are kept: another file's different value is refused and listed in `refused` — a merge
//! never unlocks. Every other file is a unit's file ([`super::trust`]).

use super::import::{apply_with, build_preview, split_reports, ApplyOptions, Conflict, Source};
use super::read::{read_file_with, FileReport};
use super::trust::{Reader, Receiver};
use crate::catalogue::Catalogue;
use crate::completeness::Completeness;
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
    /// Changes refused because the value is locked: the conflict (its first candidate is the locked value).
    pub refused: Vec<Conflict>,
    /// Per file: accepted or rejected with errors.
    pub files: Vec<FileReport>,
    pub notices: Vec<String>,
}

/// Merges unit files into a new district dataset. Files with any error are left out whole (see `files`).
/// Entries without a unit get the file's unit. `at` is the merge time (ISO 8601), used in superseded records.
/// Every file is a unit's file ([`super::trust`]); see [`merge_with_office`] for the office's own file.
pub fn merge(files: &[(String, Vec<u8>)], cat: &Catalogue, at: &str) -> MergeResult {
    merge_with_office(files, None, cat, at)
}

/// [`merge`] where the file at `office` (an index into `files`) is the office's own, named by the operator
/// (`lishu merge --office 全区.json …`): its review states, locks and log are the office's. Every other file
/// is a unit's file, whatever its `unit` says, checked against the merge time `at`.
pub fn merge_with_office(files: &[(String, Vec<u8>)], office: Option<usize>, cat: &Catalogue, at: &str) -> MergeResult {
    let receiver = Receiver { office_key: None, now: Some(at), trust_district: false };
    let reports = files
        .iter()
        .enumerate()
        .map(|(i, (name, bytes))| {
            let reader = if office == Some(i) { Reader::Own } else { Reader::Received(receiver) };
            read_file_with(name, bytes, cat, reader)
        })
        .collect();
    merge_reports(reports, cat, at)
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
    // The office's records and locked values come first: the merge starts from them (a unit's file carries
    // no locks; its states and log are joined by `build_preview`).
    let mut base = Dataset::default();
    for a in accepted.iter().filter(|a| a.office) {
        crate::review::join(&mut base, &a.dataset);
    }
    let locked: Vec<(String, u16)> =
        base.locks.iter().flat_map(|(id, ys)| ys.keys().map(move |y| (id.clone(), *y))).collect();
    for (id, y) in locked {
        let holder = accepted
            .iter()
            .find(|a| a.office && crate::review::is_locked(&a.dataset, &id, y))
            .and_then(|a| a.dataset.entry(&id, y));
        if let Some(e) = holder.cloned() {
            base.set_entry(&id, y, e);
        }
    }
    let preview = build_preview(reports, &accepted, cat, &base);
    let resolutions = preview.latest_resolutions();
    let by = crate::review::office_name(cat);
    let dataset = apply_with(&preview, &ApplyOptions { resolutions: resolutions.clone(), at, by: &by, merge: true, ..Default::default() });
    let refused = preview
        .locked_conflicts()
        .filter(|c| c.candidates.iter().skip(1).any(|x| x.entry.content() != c.candidates[0].entry.content()))
        .cloned()
        .collect();
    let conflicts = preview
        .conflicts
        .iter()
        .filter(|c| c.locked.is_none())
        .map(|c| MergeConflict {
            chosen: resolutions.get(&(c.indicator.clone(), c.year)).copied().unwrap_or(c.default),
            conflict: c.clone(),
        })
        .collect();
    let completeness = Completeness::of(&dataset, cat);
    MergeResult { dataset, conflicts, completeness, refused, files: preview.files, notices: preview.notices }
}
