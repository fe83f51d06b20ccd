//! Import: every file is checked before anything changes; the preview lists additions, changes, conflicts
//! and per-file errors; [`apply`] changes the dataset only on confirmation, with each conflict resolved by
//! a choice and every losing value kept in `Dataset.superseded`.

use super::read::{read_file_with, FileReport};
use super::trust::{is_fresh, Reader, Receiver};
use super::time::cmp_time;
use crate::catalogue::Catalogue;
use crate::dataset::{Dataset, SupersededValue, YearEntry};
/// Moved to the dataset (the review log uses it too); kept here under its old path.
pub use crate::dataset::entry_summary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The data already in the program.
    Current,
    /// The file at this index of `ImportPreview.files`.
    File(usize),
}

/// One value offered for an indicator+year, with who entered it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub source: Source,
    /// "当前数据" or the file name.
    pub label: String,
    pub entry: YearEntry,
    /// The entering unit (the entry's, else the file's).
    pub unit: String,
    /// When it was entered (the entry's updated_at, else the file's exported_at).
    pub time: String,
    /// The filled fields in Chinese, e.g. "数值 95.5%".
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Addition {
    pub indicator: String,
    pub year: u16,
    pub new: Candidate,
}

/// The file brings a newer version (later updated_at) of a value already present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub indicator: String,
    pub year: u16,
    pub old: Candidate,
    pub new: Candidate,
}

/// Two sources disagree on the same indicator+year and neither is clearly the newer version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub indicator: String,
    pub year: u16,
    /// Every source holding a value (the current data first when present, then files in order).
    pub candidates: Vec<Candidate>,
    /// The choice used when none is given: the current value when present, else the most recent.
    pub default: Source,
    /// The current value is locked (its unit's year was accepted): a file's value can only be chosen with an
    /// unlock and its reason (`Unlocks`); otherwise the locked value is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<crate::review::Lock>,
}

impl Conflict {
    pub fn candidate(&self, s: Source) -> Option<&Candidate> {
        self.candidates.iter().find(|c| c.source == s)
    }
    /// The most recently entered candidate (updated_at, then the file's exported_at; later files win ties).
    pub fn latest(&self) -> Source {
        latest_of(&self.candidates).unwrap_or(Source::Current)
    }
}

fn latest_of(cands: &[Candidate]) -> Option<Source> {
    cands
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| cmp_time(&a.time, &b.time).then(ia.cmp(ib)))
        .map(|(_, c)| c.source)
}

/// The result of checking files against the current data. Nothing has changed yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The data at preview time; [`apply`] starts from it.
    pub base: Dataset,
    pub files: Vec<FileReport>,
    pub additions: Vec<Addition>,
    pub changes: Vec<Change>,
    pub conflicts: Vec<Conflict>,
    /// Rows whose content equals the current data.
    pub unchanged: usize,
    /// Settings, unit list, report texts and the demo flag, taken only when the current data is empty
    /// (restoring a backup); otherwise they are ignored with a notice.
    pub extras: Option<Dataset>,
    /// Superseded records carried by the files, not yet in the current data.
    pub superseded: Vec<SupersededValue>,
    /// Notices about the whole import (e.g. ignored settings).
    pub notices: Vec<String>,
    /// The review states, locks and change log of the current data with what the files may add joined in
    /// (the office's own files by `review::join`, units' files by `review::join_unit`); taken on apply.
    #[serde(default)]
    pub records: Dataset,
}

/// The user's choice per conflict, keyed by (indicator, year). Missing keys take `Conflict.default`.
pub type Resolutions = BTreeMap<(String, u16), Source>;

/// The reasons given to unlock locked values, keyed by (indicator, year) (see `Conflict.locked`).
pub type Unlocks = BTreeMap<(String, u16), String>;

/// What a confirmed import records besides the choices: who confirms, when, and whether it is a merge.
#[derive(Debug, Clone, Default)]
pub struct ApplyOptions<'a> {
    pub resolutions: Resolutions,
    pub unlocks: Unlocks,
    /// Time of confirmation (ISO 8601).
    pub at: &'a str,
    /// Who confirms (the unit, or the office): the change log's `by`.
    pub by: &'a str,
    /// A district merge (`lishu merge`): logged as 合并 instead of 导入.
    pub merge: bool,
}

impl ImportPreview {
    /// True when applying would change nothing.
    pub fn is_noop(&self) -> bool {
        self.additions.is_empty()
            && self.changes.is_empty()
            && self.conflicts.is_empty()
            && self.extras.is_none()
            && self.superseded.is_empty()
            && !self.brings_records()
    }
    /// True when the files bring review states, locks or log entries the data do not have yet.
    pub fn brings_records(&self) -> bool {
        let mut joined = self.base.clone();
        crate::review::join(&mut joined, &self.records);
        joined.reviews != self.base.reviews
            || joined.locks != self.base.locks
            || joined.log.len() != self.base.log.len()
            || joined.log_trimmed != self.base.log_trimmed
    }
    /// The conflicts on locked values (a file's value differs from a value the office has accepted).
    pub fn locked_conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.conflicts.iter().filter(|c| c.locked.is_some())
    }
    pub fn rejected_files(&self) -> impl Iterator<Item = &FileReport> {
        self.files.iter().filter(|f| !f.accepted)
    }
    /// Resolutions choosing the most recent value in every conflict (the CLI's merge default).
    pub fn latest_resolutions(&self) -> Resolutions {
        self.conflicts.iter().map(|c| ((c.indicator.clone(), c.year), c.latest())).collect()
    }
    /// One-line Chinese summary, e.g. "新增 12 条，更新 3 条，冲突 2 条（需选择），未变 40 条；1 个文件被拒绝".
    pub fn summary(&self) -> String {
        let mut s = format!(
            "新增 {} 条，更新 {} 条，冲突 {} 条{}，未变 {} 条",
            self.additions.len(),
            self.changes.len(),
            self.conflicts.len(),
            if self.conflicts.is_empty() { "" } else { "（需选择）" },
            self.unchanged
        );
        let rejected = self.rejected_files().count();
        if rejected > 0 {
            s.push_str(&format!("；{rejected} 个文件被拒绝"));
        }
        s
    }
}

/// A file that passed every check, with its dataset and its sender (the office, or the unit named).
pub(crate) struct Accepted {
    pub index: usize,
    pub dataset: Dataset,
    pub office: bool,
    pub unit: String,
}

/// Checks every data file (nothing changes) and compares the accepted ones with `current`, as an office
/// without a key receives them: every file is a unit's file, except district files restored into a fresh
/// (empty) dataset. See [`import_files_with`].
pub fn import_files(files: &[(String, Vec<u8>)], cat: &Catalogue, current: &Dataset) -> ImportPreview {
    import_files_with(files, cat, current, Receiver::default())
}

/// [`import_files`] by a receiver that knows its office key, its clock and whether it is a unit's browser.
/// A fresh (empty) dataset also trusts district files: the office restoring its last backup into a new
/// browser.
pub fn import_files_with(files: &[(String, Vec<u8>)], cat: &Catalogue, current: &Dataset, receiver: Receiver<'_>) -> ImportPreview {
    let r = Receiver { trust_district: receiver.trust_district || is_fresh(current), ..receiver };
    let reports = files.iter().map(|(name, bytes)| read_file_with(name, bytes, cat, Reader::Received(r))).collect();
    import_reports(reports, cat, current)
}

/// Compares files already read and checked (by `read_file`, `workbook::read_template` …) with `current`:
/// the same preview as [`import_files`]. A file counts as accepted when its report has no error and it
/// comes with a dataset.
pub fn import_reports(files: Vec<(FileReport, Option<Dataset>)>, cat: &Catalogue, current: &Dataset) -> ImportPreview {
    let (reports, accepted) = split_reports(files);
    build_preview(reports, &accepted, cat, current)
}

/// Reports in file order, and the accepted files' datasets with their index.
pub(crate) fn split_reports(files: Vec<(FileReport, Option<Dataset>)>) -> (Vec<FileReport>, Vec<Accepted>) {
    let mut reports = Vec::new();
    let mut accepted = Vec::new();
    for (i, (mut rep, ds)) in files.into_iter().enumerate() {
        match ds {
            Some(dataset) if rep.errors.is_empty() => {
                accepted.push(Accepted { index: i, dataset, office: rep.office, unit: rep.unit.clone() })
            }
            _ => rep.accepted = false,
        }
        reports.push(rep);
    }
    (reports, accepted)
}

fn is_blank(e: &YearEntry) -> bool {
    e.is_empty() && e.note.trim().is_empty() && e.source.trim().is_empty()
}

pub(crate) fn build_preview(
    reports: Vec<FileReport>,
    accepted: &[Accepted],
    cat: &Catalogue,
    current: &Dataset,
) -> ImportPreview {
    let index = cat.index();
    let candidate = |source: Source, id: &str, e: &YearEntry| -> Candidate {
        let (label, file_unit, file_time) = match source {
            Source::Current => ("当前数据".to_string(), "", ""),
            Source::File(i) => match reports.get(i) {
                Some(r) => (r.name.clone(), r.unit.as_str(), r.exported_at.as_str()),
                None => (format!("文件 {}", i + 1), "", ""),
            },
        };
        Candidate {
            source,
            label,
            entry: e.clone(),
            unit: if e.unit.trim().is_empty() { file_unit.to_string() } else { e.unit.clone() },
            time: if e.updated_at.trim().is_empty() { file_time.to_string() } else { e.updated_at.clone() },
            summary: entry_summary(index.get(id).map(|r| r.indicator), e),
        }
    };

    // indicator+year → file candidates, in file order.
    let mut slots: BTreeMap<(String, u16), Vec<(usize, &YearEntry)>> = BTreeMap::new();
    for a in accepted {
        for (id, years) in &a.dataset.data {
            for (y, e) in years {
                if !is_blank(e) {
                    slots.entry((id.clone(), *y)).or_default().push((a.index, e));
                }
            }
        }
    }

    let mut preview = ImportPreview {
        base: current.clone(),
        files: Vec::new(),
        additions: Vec::new(),
        changes: Vec::new(),
        conflicts: Vec::new(),
        unchanged: 0,
        extras: None,
        superseded: Vec::new(),
        notices: Vec::new(),
        records: Dataset::default(),
    };
    for ((id, year), found) in slots {
        let cur = current.entry(&id, year).filter(|e| !is_blank(e));
        // A locked value: any file value that differs is a conflict only an unlock can settle.
        if let Some(lock) = crate::review::lock_of(current, &id, year) {
            let now = cur.map(YearEntry::content);
            if found.iter().all(|(_, e)| Some(e.content()) == now) {
                preview.unchanged += 1;
                continue;
            }
            let empty = YearEntry::default();
            let mut candidates = vec![candidate(Source::Current, &id, cur.unwrap_or(&empty))];
            candidates.extend(found.iter().map(|(i, e)| candidate(Source::File(*i), &id, e)));
            preview.conflicts.push(Conflict { indicator: id, year, candidates, default: Source::Current, locked: Some(lock.clone()) });
            continue;
        }
        let mut contents: Vec<YearEntry> = Vec::new();
        for (_, e) in &found {
            let c = e.content();
            if !contents.contains(&c) {
                contents.push(c);
            }
        }
        let file_cands: Vec<Candidate> = found.iter().map(|(i, e)| candidate(Source::File(*i), &id, e)).collect();
        if contents.len() == 1 {
            // All files agree; offer the most recently entered copy.
            let newest = latest_of(&file_cands)
                .and_then(|s| file_cands.iter().find(|c| c.source == s))
                .cloned()
                .unwrap_or_else(|| file_cands[0].clone());
            match cur {
                None => preview.additions.push(Addition { indicator: id, year, new: newest }),
                Some(c) if c.content() == contents[0] => preview.unchanged += 1,
                Some(c) => {
                    let old = candidate(Source::Current, &id, c);
                    let newer = !c.updated_at.trim().is_empty()
                        && !newest.entry.updated_at.trim().is_empty()
                        && cmp_time(&newest.entry.updated_at, &c.updated_at).is_gt();
                    if newer {
                        preview.changes.push(Change { indicator: id, year, old, new: newest });
                    } else {
                        let mut candidates = vec![old];
                        candidates.extend(file_cands);
                        preview.conflicts.push(Conflict { indicator: id, year, candidates, default: Source::Current, locked: None });
                    }
                }
            }
        } else {
            let mut candidates = Vec::new();
            if let Some(c) = cur {
                candidates.push(candidate(Source::Current, &id, c));
            }
            candidates.extend(file_cands);
            let default =
                if cur.is_some() { Source::Current } else { latest_of(&candidates).unwrap_or(Source::Current) };
            preview.conflicts.push(Conflict { indicator: id, year, candidates, default, locked: None });
        }
    }

    // Settings, units, texts, demo flag: only into an empty dataset.
    // (Locked values alone do not count: a merge starts from the locked values of its files.)
    let only_locked = current.data.iter().all(|(id, ys)| ys.keys().all(|y| crate::review::is_locked(current, id, *y)));
    let base_empty = only_locked
        && current.settings.is_empty()
        && current.units.is_empty()
        && current.texts.is_empty()
        && current.superseded.is_empty();
    let mut extras = Dataset::default();
    let mut any_extras = false;
    let mut all_demo = !accepted.is_empty();
    for a in accepted {
        let d = &a.dataset;
        let name = reports.get(a.index).map(|r| r.name.as_str()).unwrap_or("");
        all_demo &= d.demo;
        let has = !d.settings.is_empty() || !d.units.is_empty() || !d.texts.is_empty();
        if !base_empty {
            if has {
                preview.notices.push(format!(
                    "文件“{name}”中的指标设置、单位名单和报告文字未导入（当前已有数据，这些内容以当前为准）"
                ));
            }
            continue;
        }
        any_extras |= has;
        merge_first_wins(&mut extras.settings, &d.settings, name, "指标设置", &mut preview.notices);
        merge_first_wins(&mut extras.texts, &d.texts, name, "报告文字", &mut preview.notices);
        for u in &d.units {
            if !extras.units.contains(u) {
                extras.units.push(u.clone());
            }
        }
    }
    if base_empty && (any_extras || all_demo) {
        extras.demo = all_demo;
        preview.extras = Some(extras);
    }
    let mut joined = Dataset {
        reviews: current.reviews.clone(),
        locks: current.locks.clone(),
        log: current.log.clone(),
        log_trimmed: current.log_trimmed.clone(),
        ..Dataset::default()
    };
    for a in accepted {
        if a.office {
            crate::review::join(&mut joined, &a.dataset);
        } else {
            crate::review::join_unit(&mut joined, &a.dataset, &a.unit);
        }
    }
    preview.records = joined;
    for a in accepted {
        for s in &a.dataset.superseded {
            if !current.superseded.contains(s) && !preview.superseded.contains(s) {
                preview.superseded.push(s.clone());
            }
        }
    }
    preview.files = reports;
    preview
}

fn merge_first_wins<V: Clone + PartialEq>(
    into: &mut BTreeMap<String, V>,
    from: &BTreeMap<String, V>,
    file: &str,
    what: &str,
    notices: &mut Vec<String>,
) {
    for (k, v) in from {
        match into.get(k) {
            None => {
                into.insert(k.clone(), v.clone());
            }
            Some(old) if old == v => {}
            Some(_) => notices.push(format!("文件“{file}”中“{k}”的{what}与先前文件不同，沿用先前文件的")),
        }
    }
}

/// Applies a confirmed preview with the given choices and no unlocks (see [`apply_with`]).
pub fn apply(preview: &ImportPreview, resolutions: &Resolutions, at: &str) -> Dataset {
    apply_with(preview, &ApplyOptions { resolutions: resolutions.clone(), at, ..Default::default() })
}

/// Applies a confirmed preview: additions, changes (the old value is kept in `superseded`), conflicts
/// resolved by `opts.resolutions` (missing or invalid choices take `Conflict.default`; every losing value
/// with different content is kept in `superseded` with the reason), extras, carried superseded records, and
/// the files' review states, locks and logs (joined). A locked value changes only when its conflict chose a
/// file and `opts.unlocks` gives a reason: it is unlocked first (recorded). Every value changed is logged
/// (导入 or 合并, with the file it came from).
pub fn apply_with(preview: &ImportPreview, opts: &ApplyOptions<'_>) -> Dataset {
    let (resolutions, at) = (&opts.resolutions, opts.at);
    let mut ds = preview.base.clone();
    crate::review::join(&mut ds, &preview.records);
    let how = |file: &str| {
        if opts.merge {
            crate::review::How::Merge { file: file.to_string() }
        } else {
            crate::review::How::Import { file: file.to_string() }
        }
    };
    let mut log = Vec::new();
    let mut record = |ds: &Dataset, id: &str, year: u16, before: Option<YearEntry>, file: &str| {
        let after = ds.entry(id, year).cloned();
        if before.as_ref().map(YearEntry::content) != after.as_ref().map(YearEntry::content) {
            log.push(crate::review::LogEntry {
                at: at.to_string(),
                by: opts.by.to_string(),
                indicator: id.to_string(),
                year,
                unit: String::new(),
                how: how(file),
                before,
                after,
            });
        }
    };
    if let Some(x) = &preview.extras {
        for (k, v) in &x.settings {
            ds.settings.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for (k, v) in &x.texts {
            ds.texts.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for u in &x.units {
            if !ds.units.contains(u) {
                ds.units.push(u.clone());
            }
        }
        ds.demo = x.demo;
    }
    ds.superseded.extend(preview.superseded.iter().cloned());
    for a in &preview.additions {
        let before = ds.entry(&a.indicator, a.year).cloned();
        ds.set_entry(&a.indicator, a.year, a.new.entry.clone());
        record(&ds, &a.indicator, a.year, before, &a.new.label);
    }
    for c in &preview.changes {
        ds.superseded.push(SupersededValue {
            indicator: c.indicator.clone(),
            year: c.year,
            entry: c.old.entry.clone(),
            reason: format!(
                "导入更新：被文件“{}”中{} {} 的数值替换",
                c.new.label,
                or_unknown(&c.new.unit),
                or_unknown(&c.new.time)
            ),
            at: at.to_string(),
        });
        let before = ds.entry(&c.indicator, c.year).cloned();
        ds.set_entry(&c.indicator, c.year, c.new.entry.clone());
        record(&ds, &c.indicator, c.year, before, &c.new.label);
    }
    for c in &preview.conflicts {
        let key = (c.indicator.clone(), c.year);
        let mut chosen = resolutions.get(&key).copied().filter(|s| c.candidate(*s).is_some()).unwrap_or(c.default);
        if c.locked.is_some() && chosen != Source::Current {
            // A locked value changes only with an unlock and its reason; without one it is kept.
            let reason = opts.unlocks.get(&key).map(|r| r.trim()).filter(|r| !r.is_empty());
            match reason {
                Some(r) if crate::review::unlock(&mut ds, &c.indicator, c.year, r, opts.by, at).is_ok() => {}
                _ => chosen = Source::Current,
            }
        }
        let Some(winner) = c.candidate(chosen) else { continue };
        let mut recorded: Vec<YearEntry> = vec![winner.entry.content()];
        for loser in &c.candidates {
            if loser.source == chosen || recorded.contains(&loser.entry.content()) {
                continue;
            }
            recorded.push(loser.entry.content());
            ds.superseded.push(SupersededValue {
                indicator: c.indicator.clone(),
                year: c.year,
                entry: loser.entry.clone(),
                reason: format!(
                    "导入冲突：选用{}（{} {}）的数值，未选用{}（{} {}）的数值",
                    winner.label,
                    or_unknown(&winner.unit),
                    or_unknown(&winner.time),
                    loser.label,
                    or_unknown(&loser.unit),
                    or_unknown(&loser.time)
                ),
                at: at.to_string(),
            });
        }
        if chosen != Source::Current {
            let before = ds.entry(&c.indicator, c.year).cloned();
            ds.set_entry(&c.indicator, c.year, winner.entry.clone());
            record(&ds, &c.indicator, c.year, before, &winner.label);
        }
    }
    crate::review::push_log(&mut ds, log, at);
    ds
}

fn or_unknown(s: &str) -> &str {
    if s.trim().is_empty() {
        "未注明"
    } else {
        s
    }
}
