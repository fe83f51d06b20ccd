//! The import flow as plain state and functions (no view code): check files → preview (nothing changes)
//! → conflict choices → confirm (snapshot "导入前" first, then `io::apply`) or cancel → one-click undo.
//!
//! The same flow serves a unit importing a colleague's file, restoring a backup, and the 妇儿工委办 merging
//! many unit files into the district dataset.

use crate::app::state::AppState;
use leptos::prelude::*;
use lishu_core::io::workbook::{read_template, unreadable_workbook, Grid};
use lishu_core::io::{
    self, FileError, FileErrorKind, FileReport, ImportPreview, Reader, Receiver,
    Resolutions, Source, MAX_FILE_BYTES,
};
use lishu_core::{Catalogue, Dataset};

pub use crate::app::clock::beijing_now;

/// Why the browser could not hand over a file's bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadProblem {
    /// Larger than `io::MAX_FILE_BYTES` (not read at all).
    TooLarge(usize),
    /// The browser reported an error while reading.
    Failed(String),
}

/// A file the user picked or dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct PickedFile {
    pub name: String,
    pub content: Result<Vec<u8>, ReadProblem>,
    /// For an Excel file: its cells as read by the Excel module, or why it could not be read. `None` for
    /// other files (read as JSON data files).
    pub workbook: Option<Result<Grid, String>>,
}

impl PickedFile {
    pub fn bytes(name: &str, bytes: Vec<u8>) -> PickedFile {
        PickedFile { name: name.to_string(), content: Ok(bytes), workbook: None }
    }
    /// A filled Excel template already read into cells.
    pub fn workbook(name: &str, bytes: Vec<u8>, grid: Result<Grid, String>) -> PickedFile {
        PickedFile { name: name.to_string(), content: Ok(bytes), workbook: Some(grid) }
    }
}

/// This browser's office key (created on first use, `storage::office_key`); `None` natively (tests) or when
/// storage cannot keep it.
pub fn office_key() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        use crate::storage::browser::{random_bytes, BrowserBackend};
        crate::storage::office_key(&BrowserBackend, || random_bytes(32)).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// What this browser knows to tell its own files from others' (`io::trust`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Receiving {
    pub office_key: Option<String>,
    pub now: String,
    /// A unit's browser (unit mode): the office's district file tells it its states.
    pub unit_mode: bool,
}

impl Receiving {
    /// This browser now.
    pub fn here(app: &AppState) -> Receiving {
        Receiving { office_key: office_key(), now: beijing_now(), unit_mode: app.unit.get_untracked().is_some() }
    }
    fn receiver(&self, current: &Dataset) -> Receiver<'_> {
        Receiver {
            office_key: self.office_key.as_deref(),
            now: (!self.now.is_empty()).then_some(self.now.as_str()),
            trust_district: self.unit_mode || io::trust::is_fresh(current),
        }
    }
}

/// What one picked file contributes to the preview: its report and, when it passed every check, its data.
fn read_picked(cat: &Catalogue, p: &PickedFile, r: Receiver<'_>) -> (FileReport, Option<Dataset>) {
    match (&p.content, &p.workbook) {
        (Ok(_), Some(Ok(grid))) => read_template(&p.name, grid, cat),
        (Ok(_), Some(Err(why))) => (unreadable_workbook(&p.name, why), None),
        (Ok(bytes), None) => io::read_file_with(&p.name, bytes, cat, Reader::Received(r)),
        (Err(ReadProblem::TooLarge(size)), _) => (
            FileReport {
                name: p.name.clone(),
                accepted: false,
                errors: vec![FileError::whole(&p.name, FileErrorKind::TooLarge { size: *size, max: MAX_FILE_BYTES })],
                ..Default::default()
            },
            None,
        ),
        (Err(ReadProblem::Failed(why)), _) => (
            FileReport {
                name: p.name.clone(),
                accepted: false,
                notices: vec![format!("浏览器无法读取此文件（{why}），请重新选择")],
                ..Default::default()
            },
            None,
        ),
    }
}

/// The checked files and what importing them would do. Nothing has changed yet.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportCheck {
    /// The files as picked (kept to re-check when the data changed before confirmation).
    pub picked: Vec<PickedFile>,
    /// `io::import_files` of the readable files; files that could not be read are appended as rejected
    /// reports, so `preview.files` lists every picked file.
    pub preview: ImportPreview,
}

impl ImportCheck {
    pub fn accepted_count(&self) -> usize {
        self.preview.files.iter().filter(|f| f.accepted).count()
    }
    pub fn rejected_count(&self) -> usize {
        self.preview.files.iter().filter(|f| !f.accepted).count()
    }
    /// Every error message of every rejected file (Chinese, naming file, indicator, year and field).
    pub fn error_messages(&self, cat: &Catalogue) -> Vec<String> {
        self.preview.files.iter().filter(|f| !f.accepted).flat_map(|f| file_errors(cat, f)).collect()
    }
    /// True when confirming would change the data.
    pub fn can_apply(&self) -> bool {
        !self.preview.is_noop()
    }
}

/// Error messages of one file report; a file the browser could not read carries its message as a notice.
pub fn file_errors(cat: &Catalogue, f: &FileReport) -> Vec<String> {
    let mut v = f.messages(cat);
    if !f.accepted && v.is_empty() {
        v = f.notices.iter().map(|n| format!("文件“{}”：{n}", f.name)).collect();
        if v.is_empty() {
            v.push(format!("文件“{}”：无法导入", f.name));
        }
    }
    v
}

/// Checks files against `current` (nothing changes) as an office browser without a key receives them.
pub fn check_files(cat: &Catalogue, picked: Vec<PickedFile>, current: &Dataset) -> ImportCheck {
    check_files_as(cat, picked, current, &Receiving::default())
}

/// Checks files against `current` (nothing changes). Files with any error are rejected whole. JSON data
/// files and filled Excel templates go through the same preview. What a file may carry depends on who sent
/// it (`io::trust`): this browser's own sealed backup, else a unit's file.
pub fn check_files_as(cat: &Catalogue, picked: Vec<PickedFile>, current: &Dataset, who: &Receiving) -> ImportCheck {
    let r = who.receiver(current);
    let reports = picked.iter().map(|p| read_picked(cat, p, r)).collect();
    let preview = io::import_reports(reports, cat, current);
    ImportCheck { picked, preview }
}

/// Convenience for tests and callers holding plain bytes.
pub fn check_bytes(cat: &Catalogue, files: &[(String, Vec<u8>)], current: &Dataset) -> ImportCheck {
    check_files(cat, files.iter().map(|(n, b)| PickedFile::bytes(n, b.clone())).collect(), current)
}

/// The default choice of every conflict.
pub fn default_choices(p: &ImportPreview) -> Resolutions {
    p.conflicts.iter().map(|c| ((c.indicator.clone(), c.year), c.default)).collect()
}

/// Keeps earlier choices that still name a candidate of the same conflict; others take the default.
fn carry_choices(p: &ImportPreview, old: &Resolutions) -> Resolutions {
    p.conflicts
        .iter()
        .map(|c| {
            let key = (c.indicator.clone(), c.year);
            let s = old.get(&key).copied().filter(|s| c.candidate(*s).is_some()).unwrap_or(c.default);
            (key, s)
        })
        .collect()
}

/// What an applied import did, for the summary and the undo button.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOutcome {
    /// The data before the import (also kept as snapshot "导入前").
    pub before: Dataset,
    /// The data right after the import.
    pub after: Dataset,
    pub summary: String,
    pub at: String,
}

/// Chinese summary of an applied import.
pub fn outcome_summary(check: &ImportCheck, before: &Dataset, after: &Dataset) -> String {
    let p = &check.preview;
    let mut s = format!(
        "已导入 {} 个文件：新增 {} 条，更新 {} 条，冲突 {} 条已按选择处理，未变 {} 条",
        check.accepted_count(),
        p.additions.len(),
        p.changes.len(),
        p.conflicts.len(),
        p.unchanged
    );
    let kept = after.superseded.len().saturating_sub(before.superseded.len());
    if kept > 0 {
        s.push_str(&format!("；{kept} 条被替换或未选用的数值已存入“被替换数值记录”"));
    }
    if p.extras.is_some() {
        s.push_str("；同时导入了指标设置、单位名单和报告文字");
    }
    let rejected = check.rejected_count();
    if rejected > 0 {
        s.push_str(&format!("；{rejected} 个文件有错误，未导入任何内容"));
    }
    s.push('。');
    s
}

/// Label of the snapshot taken before an import.
pub const SNAPSHOT_LABEL: &str = "导入前";

/// The import flow of the 数据交换 page (signals; `Copy`).
#[derive(Clone, Copy)]
pub struct ImportFlow {
    /// The pending preview (None when nothing is being imported).
    pub check: RwSignal<Option<ImportCheck>>,
    /// The user's choice per conflict.
    pub choices: RwSignal<Resolutions>,
    /// Reasons to unlock locked values the user chose to replace (see `Conflict.locked`).
    pub unlocks: RwSignal<io::Unlocks>,
    /// The last applied import (for the summary and "撤销本次导入").
    pub outcome: RwSignal<Option<ImportOutcome>>,
    /// A message about the flow itself (Chinese), e.g. why confirming did not happen.
    pub message: RwSignal<Option<String>>,
    /// Files are being read.
    pub reading: RwSignal<bool>,
}

impl Default for ImportFlow {
    fn default() -> Self {
        Self::new()
    }
}

impl ImportFlow {
    pub fn new() -> ImportFlow {
        ImportFlow {
            check: RwSignal::new(None),
            choices: RwSignal::new(Resolutions::new()),
            unlocks: RwSignal::new(io::Unlocks::new()),
            outcome: RwSignal::new(None),
            message: RwSignal::new(None),
            reading: RwSignal::new(false),
        }
    }

    /// Checks picked files against the current data and shows the preview. Nothing changes.
    pub fn load(&self, app: &AppState, picked: Vec<PickedFile>) {
        self.reading.set(false);
        if picked.is_empty() {
            self.message.set(Some("没有选择文件。".into()));
            return;
        }
        let who = Receiving::here(app);
        let check = app.dataset.with_untracked(|d| check_files_as(app.cat, picked, d, &who));
        self.choices.set(default_choices(&check.preview));
        self.unlocks.set(io::Unlocks::new());
        self.message.set(None);
        self.check.set(Some(check));
    }

    /// Plain bytes variant of [`ImportFlow::load`].
    pub fn load_bytes(&self, app: &AppState, files: &[(String, Vec<u8>)]) {
        self.load(app, files.iter().map(|(n, b)| PickedFile::bytes(n, b.clone())).collect());
    }

    /// Chooses the value kept for one conflict.
    pub fn choose(&self, indicator: &str, year: u16, source: Source) {
        self.choices.update(|c| {
            c.insert((indicator.to_string(), year), source);
        });
    }

    /// Sets the reason to unlock a locked value (empty text removes it).
    pub fn set_unlock_reason(&self, indicator: &str, year: u16, reason: String) {
        self.unlocks.update(|u| {
            let key = (indicator.to_string(), year);
            if reason.trim().is_empty() {
                u.remove(&key);
            } else {
                u.insert(key, reason);
            }
        });
    }

    /// Locked values chosen to be replaced but without a reason to unlock them (they would be kept).
    pub fn unlocks_missing(&self) -> Vec<(String, u16)> {
        let (choices, unlocks) = (self.choices.get_untracked(), self.unlocks.get_untracked());
        self.check.with_untracked(|c| {
            c.as_ref()
                .map(|c| {
                    c.preview
                        .locked_conflicts()
                        .filter(|x| {
                            let key = (x.indicator.clone(), x.year);
                            choices.get(&key).is_some_and(|s| *s != Source::Current)
                                && unlocks.get(&key).is_none_or(|r| r.trim().is_empty())
                        })
                        .map(|x| (x.indicator.clone(), x.year))
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// Chooses the most recently entered value in every conflict.
    pub fn choose_all_latest(&self) {
        // Locked values keep their current value: replacing one is a choice made one by one, with a reason.
        if let Some(r) = self.check.with_untracked(|c| {
            c.as_ref().map(|c| {
                let mut r = c.preview.latest_resolutions();
                for x in c.preview.locked_conflicts() {
                    r.insert((x.indicator.clone(), x.year), Source::Current);
                }
                r
            })
        }) {
            self.choices.set(r);
        }
    }

    /// Keeps the default (the current value where present) in every conflict.
    pub fn choose_all_default(&self) {
        if let Some(r) = self.check.with_untracked(|c| c.as_ref().map(|c| default_choices(&c.preview))) {
            self.choices.set(r);
        }
    }

    /// Discards the preview. Nothing changes.
    pub fn cancel(&self) {
        self.check.set(None);
        self.choices.set(Resolutions::new());
        self.message.set(Some("已取消导入，数据未作任何改动。".into()));
    }

    /// Applies the pending preview with the chosen conflict resolutions: a snapshot "导入前" of the current
    /// data is kept first (and an undo step). If the data changed since the files were checked, they are
    /// checked again and the user must confirm once more. Rejected files contribute nothing.
    pub fn confirm(&self, app: &AppState) -> Result<ImportOutcome, String> {
        let Some(check) = self.check.get_untracked() else {
            return Err("没有待导入的文件。".into());
        };
        let changed = app.dataset.with_untracked(|d| d != &check.preview.base);
        if changed {
            let who = Receiving::here(app);
            let again = app.dataset.with_untracked(|d| check_files_as(app.cat, check.picked.clone(), d, &who));
            let choices = self.choices.with_untracked(|old| carry_choices(&again.preview, old));
            self.choices.set(choices);
            self.check.set(Some(again));
            let msg = "检查文件之后数据又有修改，已按当前数据重新检查，请核对下面的预览后再次确认。".to_string();
            self.message.set(Some(msg.clone()));
            return Err(msg);
        }
        if !check.can_apply() {
            let msg = if check.accepted_count() == 0 {
                "没有可导入的文件：所选文件均有错误，数据未作任何改动。".to_string()
            } else {
                "文件中的数据与当前数据相同，无需导入。".to_string()
            };
            self.message.set(Some(msg.clone()));
            return Err(msg);
        }
        let missing = self.unlocks_missing();
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(|(id, y)| format!("{} {y} 年", app.cat.indicator_label(id))).collect();
            let msg = format!("以下已审核锁定的数值选择了文件中的新值，但没有写明解锁理由：{}。请写明理由，或改为保留当前数值。", list.join("；"));
            self.message.set(Some(msg.clone()));
            return Err(msg);
        }
        let at = beijing_now();
        let before = check.preview.base.clone();
        let n = check.accepted_count();
        // The core's edit path applies the preview (io::apply_with), records the undo step and the snapshot.
        let edit = lishu_core::edit::Edit::Import {
            preview: Box::new(check.preview.clone()),
            resolutions: self.choices.get_untracked(),
            unlocks: self.unlocks.get_untracked(),
            label: format!("导入 {n} 个文件"),
        };
        if let Err(e) = app.try_dispatch(edit) {
            let msg = e.to_string();
            self.message.set(Some(msg.clone()));
            return Err(msg);
        }
        let after = app.dataset.get_untracked();
        // `bulk` keeps the snapshot as the newest one; name it as the import's snapshot.
        let names: Vec<&str> =
            check.preview.files.iter().filter(|f| f.accepted).map(|f| f.name.as_str()).take(3).collect();
        let more = if n > 3 { format!(" 等 {n} 个文件") } else { String::new() };
        app.snapshots.update(|s| {
            if let Some(last) = s.last_mut() {
                last.label = format!("{SNAPSHOT_LABEL}（{}{more}）", names.join("、"));
            }
        });
        let outcome =
            ImportOutcome { summary: outcome_summary(&check, &before, &after), before, after, at };
        self.outcome.set(Some(outcome.clone()));
        self.check.set(None);
        self.choices.set(Resolutions::new());
        self.unlocks.set(io::Unlocks::new());
        self.message.set(None);
        Ok(outcome)
    }

    /// True when the data was edited after the last import (undo would also revert those edits).
    pub fn edited_since_import(&self, app: &AppState) -> bool {
        self.outcome.with(|o| o.as_ref().map(|o| app.dataset.with(|d| d != &o.after)).unwrap_or(false))
    }

    /// Restores the data from before the last import. The data being replaced is itself kept as a
    /// snapshot (so the undo can be undone).
    pub fn undo(&self, app: &AppState) -> Result<(), String> {
        let Some(o) = self.outcome.get_untracked() else {
            return Err("没有可撤销的导入。".into());
        };
        app.bulk_with("撤销导入", o.before, lishu_core::review::How::Undo);
        self.outcome.set(None);
        self.message.set(Some("已撤销本次导入，数据已恢复到导入前；撤销前的数据已保存为快照。".into()));
        Ok(())
    }
}

/// The page's import flow, kept at the top of the reactive tree so a pending preview and the undo
/// button survive switching tabs.
pub fn use_import_flow() -> ImportFlow {
    if let Some(f) = use_context::<ImportFlow>() {
        return f;
    }
    let mut root = Owner::current();
    while let Some(parent) = root.as_ref().and_then(|o| o.parent()) {
        root = Some(parent);
    }
    match root {
        Some(root) => root.with(|| {
            let f = ImportFlow::new();
            provide_context(f);
            f
        }),
        None => ImportFlow::new(),
    }
}
