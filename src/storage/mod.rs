//! The one module that owns browser storage (localStorage).
//!
//! * [`Backend`] abstracts the key/value store so every decision below is tested natively with
//!   [`MemoryBackend`]; [`browser`] is the only code calling `window.localStorage` (web-sys, no panics,
//!   no `unwrap`); the app's session module wires autosave and the cross-tab `storage` event into the app.
//! * All keys start with [`PREFIX`]: every page opened from `file://` shares one storage.
//! * Data are kept per catalogue ([`Keys::of`]): `lishu-monitor:<catalogue id>:data`, `…:snapshots`,
//!   `…:prefs`, so switching catalogues never mixes or loses data. The catalogues an office loaded and the
//!   one in use are in [`catalogues`]. Data stored before catalogues had ids (`lishu-monitor:data` …) belong
//!   to the embedded catalogue and are moved to its keys once ([`adopt_legacy`]).
//! * The data is kept in the core store envelope (`lishu_core::io::encode_store` / `decode_store`), which
//!   names its catalogue.
//!
//! Rules (see the tests):
//! 1. Unparseable / foreign / unmigratable stored data is copied aside to `lishu-monitor:corrupt:<time>`
//!    before anything else writes; if the copy fails, saving stays off so the only copy is never overwritten.
//! 2. Data from a newer schema is refused and left untouched; saving stays off.
//! 3. A save first checks that the stored `saved_at` is still the one this tab last loaded or wrote; if
//!    another tab saved in between, nothing is written and the caller gets the other data to choose from.

pub mod browser;
pub mod catalogues;


use lishu_core::io::{decode_store, encode_store, Snapshot, StoreError, StoredDataset};
use lishu_core::{Catalogue, Dataset};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Prefix of every key this app writes.
pub const PREFIX: &str = "lishu-monitor:";
/// Keys of the data stored before catalogues had ids (they belong to the embedded catalogue).
pub const LEGACY_DATA_KEY: &str = "lishu-monitor:data";
pub const LEGACY_SNAPSHOTS_KEY: &str = "lishu-monitor:snapshots";
pub const LEGACY_PREFS_KEY: &str = "lishu-monitor:prefs";

/// The keys of one catalogue's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    /// The catalogue id (also named inside the stored envelope).
    pub catalogue: String,
    /// The dataset (store envelope).
    pub data: String,
    /// Snapshots taken before bulk changes (JSON array of `Snapshot`).
    pub snapshots: String,
    /// Small preferences (assessed year, unit mode, last backup time).
    pub prefs: String,
}

impl Keys {
    /// `lishu-monitor:<id>:data`, `…:snapshots`, `…:prefs` (catalogue ids are lowercase letters, digits and
    /// hyphens, checked when a catalogue is loaded).
    pub fn of(catalogue_id: &str) -> Keys {
        Keys {
            catalogue: catalogue_id.to_string(),
            data: format!("{PREFIX}{catalogue_id}:data"),
            snapshots: format!("{PREFIX}{catalogue_id}:snapshots"),
            prefs: format!("{PREFIX}{catalogue_id}:prefs"),
        }
    }
}

/// Moves the data stored before catalogues had ids to the keys of the embedded catalogue (`keys`), once:
/// each legacy key is copied to its new key when that is still empty, and removed only after the copy is
/// written. Returns a notice when something could not be moved (the legacy key is then left as it was and
/// [`load`] reads it from there without saving over it).
pub fn adopt_legacy(b: &dyn Backend, keys: &Keys) -> Option<Notice> {
    let pairs = [(LEGACY_DATA_KEY, &keys.data), (LEGACY_SNAPSHOTS_KEY, &keys.snapshots), (LEGACY_PREFS_KEY, &keys.prefs)];
    for (old, new) in pairs {
        let Ok(Some(v)) = b.get(old) else { continue };
        match b.get(new) {
            Ok(None) => {}
            // Both exist (an older program wrote the legacy key again): keep both, never clobber.
            Ok(Some(_)) => continue,
            Err(_) => continue,
        }
        if let Err(e) = b.set(new, &v) {
            return Some(Notice::error(format!(
                "{}：无法把以前保存的数据移到新的存储位置，本次不会自动保存。请先在“数据与备份”中导出备份文件，再清理浏览器存储。",
                e.message()
            )));
        }
        let _ = b.remove(old);
    }
    None
}
/// This browser's office key (`lishu_core::io::trust`): district backups exported here are sealed with it, so
/// that only this browser takes them as its own. One key for every catalogue; never exported.
pub const OFFICE_KEY: &str = "lishu-monitor:office-key";

/// The office key of this browser, created once from `random` bytes (`browser::random_bytes`) and kept.
/// `Err` when storage cannot keep it (then nothing is sealed: a backup restores only into an empty browser).
pub fn office_key(b: &dyn Backend, random: impl FnOnce() -> Vec<u8>) -> Result<String, StorageFailure> {
    if let Some(k) = b.get(OFFICE_KEY)?.filter(|k| k.len() >= 32) {
        return Ok(k);
    }
    let key = lishu_core::io::trust::office_key_from(&random());
    b.set(OFFICE_KEY, &key)?;
    Ok(key)
}

/// Prefix of copies of unreadable data.
pub const CORRUPT_PREFIX: &str = "lishu-monitor:corrupt:";
/// Number of bulk-change snapshots kept in storage.
pub const MAX_SNAPSHOTS: usize = 5;

/// Why a storage call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageFailure {
    /// localStorage missing or blocked (private mode, browser policy, file:// restrictions).
    Unavailable(String),
    /// The browser's storage quota is full.
    QuotaFull,
    /// Any other error reported by the browser.
    Other(String),
}

impl StorageFailure {
    pub fn message(&self) -> String {
        match self {
            StorageFailure::Unavailable(d) => format!("浏览器存储不可用（{d}）"),
            StorageFailure::QuotaFull => "浏览器存储空间已满".to_string(),
            StorageFailure::Other(d) => format!("浏览器存储出错（{d}）"),
        }
    }
}

/// A key/value store (localStorage in the browser, a map in tests).
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageFailure>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageFailure>;
    fn remove(&self, key: &str) -> Result<(), StorageFailure>;
    fn keys(&self) -> Result<Vec<String>, StorageFailure>;
}

/// In-memory backend for tests; `quota` limits the total characters stored, `broken` makes every call fail.
#[derive(Debug, Default)]
pub struct MemoryBackend {
    pub map: RefCell<BTreeMap<String, String>>,
    pub quota: Option<usize>,
    pub broken: bool,
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, StorageFailure> {
        if self.broken {
            return Err(StorageFailure::Unavailable("测试".into()));
        }
        Ok(self.map.borrow().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageFailure> {
        if self.broken {
            return Err(StorageFailure::Unavailable("测试".into()));
        }
        if let Some(q) = self.quota {
            let used: usize =
                self.map.borrow().iter().filter(|(k, _)| k.as_str() != key).map(|(k, v)| k.len() + v.len()).sum();
            if used + key.len() + value.len() > q {
                return Err(StorageFailure::QuotaFull);
            }
        }
        self.map.borrow_mut().insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageFailure> {
        if self.broken {
            return Err(StorageFailure::Unavailable("测试".into()));
        }
        self.map.borrow_mut().remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StorageFailure> {
        if self.broken {
            return Err(StorageFailure::Unavailable("测试".into()));
        }
        Ok(self.map.borrow().keys().cloned().collect())
    }
}

/// Severity of a message shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// A message for the user (Chinese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
    /// What the message is about ("导入", "审核" …); "" = its level. A newer message of the same kind
    /// replaces the older one ([`Notice::add_to`]).
    pub kind: &'static str,
}

/// Messages kept (and shown) at once.
pub const MAX_NOTICES: usize = 3;

impl Notice {
    pub fn info(t: impl Into<String>) -> Notice {
        Notice { level: Level::Info, text: t.into(), kind: "" }
    }
    pub fn warn(t: impl Into<String>) -> Notice {
        Notice { level: Level::Warn, text: t.into(), kind: "" }
    }
    pub fn error(t: impl Into<String>) -> Notice {
        Notice { level: Level::Error, text: t.into(), kind: "" }
    }
    /// The same message, of kind `kind`.
    pub fn of(mut self, kind: &'static str) -> Notice {
        self.kind = kind;
        self
    }
    /// The kind messages are grouped by: the explicit kind, else the level.
    pub fn key(&self) -> &'static str {
        match (self.kind, self.level) {
            ("", Level::Info) => "提示",
            ("", Level::Warn) => "注意",
            ("", Level::Error) => "错误",
            (k, _) => k,
        }
    }
    /// Adds this message to the shown ones `v` (newest first): an older message of the same kind is
    /// replaced (it is stale), and only the [`MAX_NOTICES`] newest are kept, so messages never pile up.
    pub fn add_to(self, v: &mut Vec<Notice>) {
        let key = self.key();
        v.retain(|x| x.key() != key);
        v.insert(0, self);
        v.truncate(MAX_NOTICES);
    }
}

/// What the app starts with.
#[derive(Debug, Clone, PartialEq)]
pub struct Startup {
    pub dataset: Dataset,
    /// `saved_at` of the stored data this tab is based on (None = nothing stored).
    pub saved_at: Option<String>,
    /// false when saving would destroy data (newer schema, failed corrupt copy) or storage is unavailable.
    pub can_save: bool,
    pub notices: Vec<Notice>,
    /// Key the unreadable data was copied to.
    pub corrupt_copy: Option<String>,
}

/// Copies unreadable text aside under a fresh `lishu-monitor:corrupt:<time>` key.
pub fn copy_aside(b: &dyn Backend, raw: &str, now: &str) -> Result<String, StorageFailure> {
    let mut key = format!("{CORRUPT_PREFIX}{now}");
    let mut n = 2;
    while b.get(&key)?.is_some() {
        key = format!("{CORRUPT_PREFIX}{now}-{n}");
        n += 1;
    }
    b.set(&key, raw)?;
    Ok(key)
}

/// Reads the stored dataset of catalogue `keys.catalogue` at start. Never writes except the copy of
/// unreadable data. Data under the legacy key that [`adopt_legacy`] could not move are read from there, with
/// saving off (the only copy is never written over from here).
pub fn load(b: &dyn Backend, keys: &Keys, now: &str) -> Startup {
    let mut s = Startup { dataset: Dataset::default(), saved_at: None, can_save: true, notices: vec![], corrupt_copy: None };
    let raw = match b.get(&keys.data) {
        Ok(Some(raw)) => raw,
        Ok(None) => match b.get(LEGACY_DATA_KEY) {
            Ok(Some(raw)) if legacy_belongs_to(&raw, keys) => {
                s.can_save = false;
                raw
            }
            _ => return s,
        },
        Err(e) => {
            s.can_save = false;
            s.notices.push(Notice::error(format!(
                "{}：本次填报的数据无法自动保存，关闭页面前请在“数据与备份”中导出备份文件。",
                e.message()
            )));
            return s;
        }
    };
    match decode_store(&raw) {
        Ok(stored) if !stored.catalogue_id.is_empty() && stored.catalogue_id != keys.catalogue => {
            // Another catalogue's data under this catalogue's key: keep them aside, start empty.
            let what = format!(
                "浏览器中此目标目录（编号 {}）的存储位置保存的是另一个目录（编号 {}）的数据",
                keys.catalogue, stored.catalogue_id
            );
            match copy_aside(b, &raw, now) {
                Ok(key) => {
                    s.notices.push(Notice::error(format!("{what}，原始内容已另存于 {key}。现从空白数据开始。")));
                    s.corrupt_copy = Some(key);
                }
                Err(f) => {
                    s.can_save = false;
                    s.notices.push(Notice::error(format!("{what}，另存失败（{}），为免覆盖，本程序不会自动保存。", f.message())));
                }
            }
        }
        Ok(stored) => {
            s.dataset = stored.dataset;
            s.saved_at = Some(stored.saved_at);
            if stored.migrated {
                s.notices.push(Notice::info(format!(
                    "浏览器中的数据已从旧数据格式（版本 {}）升级，下次保存时写入新格式。",
                    stored.schema
                )));
            }
            for n in stored.notices {
                s.notices.push(Notice::info(format!("读取浏览器中的数据时：{n}")));
            }
        }
        Err(e @ StoreError::NewerSchema { .. }) => {
            s.can_save = false;
            s.notices.push(Notice::error(format!("{}。本程序不会自动保存，以免覆盖这些数据。", e.message())));
        }
        Err(e) => match copy_aside(b, &raw, now) {
            Ok(key) => {
                s.notices.push(Notice::error(format!("{}（另存于浏览器存储项 {key}）。现从空白数据开始。", e.message())));
                s.corrupt_copy = Some(key);
            }
            Err(f) => {
                s.can_save = false;
                s.notices.push(Notice::error(format!(
                    "{}。另存原始内容失败（{}），为免覆盖，本程序不会自动保存；请导出备份后清理浏览器存储。",
                    e.message(),
                    f.message()
                )));
            }
        },
    }
    s
}

/// The data of another catalogue (`id`) stored in this browser, read only (nothing written, nothing copied
/// aside): None when there are none, they cannot be read, or they name another catalogue. Used to carry the
/// previous period's data into the catalogue in use.
pub fn stored_dataset(b: &dyn Backend, id: &str) -> Option<Dataset> {
    let raw = b.get(&Keys::of(id).data).ok().flatten()?;
    let stored = decode_store(&raw).ok()?;
    (stored.catalogue_id.is_empty() || stored.catalogue_id == id).then_some(stored.dataset)
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// Another tab saved newer data since this tab last loaded/saved: the user must choose.
    NewerInStorage(Box<StoredDataset>),
    /// The stored data now comes from a newer program version: refuse.
    NewerSchema(String),
    Failed(StorageFailure),
}

impl SaveError {
    pub fn message(&self) -> String {
        match self {
            SaveError::NewerInStorage(_) => "另一个窗口已保存了更新的数据，请选择保留哪一份。".to_string(),
            SaveError::NewerSchema(m) => m.clone(),
            SaveError::Failed(StorageFailure::QuotaFull) => {
                "浏览器存储空间已满，最近的修改未能保存。请在“数据与备份”中导出备份文件，并删除旧快照或损坏数据副本。"
                    .to_string()
            }
            SaveError::Failed(f) => format!("{}，最近的修改未能保存，请导出备份文件。", f.message()),
        }
    }
}

/// Data under the legacy key belong to the catalogue of `keys` when they name it or name none.
fn legacy_belongs_to(raw: &str, keys: &Keys) -> bool {
    decode_store(raw).map_or(true, |s| s.catalogue_id.is_empty() || s.catalogue_id == keys.catalogue)
}

/// Saves `ds` (entered for `cat`, whose keys are `keys`) if the stored data is still the one this tab is
/// based on (`base` = its `saved_at`). Returns the new `saved_at`.
pub fn save(b: &dyn Backend, keys: &Keys, cat: &Catalogue, ds: &Dataset, base: Option<&str>, now: &str) -> Result<String, SaveError> {
    let current = b.get(&keys.data).map_err(SaveError::Failed)?;
    if let Some(raw) = current {
        match decode_store(&raw) {
            Ok(stored) => {
                if Some(stored.saved_at.as_str()) != base {
                    return Err(SaveError::NewerInStorage(Box::new(stored)));
                }
            }
            Err(e @ StoreError::NewerSchema { .. }) => return Err(SaveError::NewerSchema(e.message())),
            Err(_) => {
                copy_aside(b, &raw, now).map_err(SaveError::Failed)?;
            }
        }
    }
    let saved_at = now.to_string();
    b.set(&keys.data, &encode_store(ds, cat, &saved_at)).map_err(SaveError::Failed)?;
    Ok(saved_at)
}

/// Saves unconditionally (after the user chose to keep this tab's data).
pub fn save_over(b: &dyn Backend, keys: &Keys, cat: &Catalogue, ds: &Dataset, now: &str) -> Result<String, SaveError> {
    b.set(&keys.data, &encode_store(ds, cat, now)).map_err(SaveError::Failed)?;
    Ok(now.to_string())
}

/// What to do with data another tab wrote (the `storage` event's new value).
#[derive(Debug, Clone, PartialEq)]
pub enum External {
    /// Nothing to do (same data, key removed, or our own write).
    Ignore,
    /// Load it (this tab has no unsaved edits).
    Load(Box<StoredDataset>),
    /// This tab has unsaved edits: ask the user.
    Conflict(Box<StoredDataset>),
    /// Another tab wrote a newer schema: stop saving.
    Lock(String),
}

/// Decides how to react to another tab's write.
pub fn on_external(new_value: Option<&str>, base: Option<&str>, dirty: bool) -> External {
    let Some(raw) = new_value else { return External::Ignore };
    match decode_store(raw) {
        Ok(stored) if Some(stored.saved_at.as_str()) == base => External::Ignore,
        Ok(stored) if dirty => External::Conflict(Box::new(stored)),
        Ok(stored) => External::Load(Box::new(stored)),
        Err(e @ StoreError::NewerSchema { .. }) => External::Lock(e.message()),
        // Unreadable data from another tab: our next save copies it aside first.
        Err(_) => External::Ignore,
    }
}

/// Reads the snapshot list; unreadable text is copied aside and an empty list returned with a notice.
pub fn load_snapshots(b: &dyn Backend, keys: &Keys, now: &str) -> (Vec<Snapshot>, Option<Notice>) {
    match b.get(&keys.snapshots) {
        Ok(None) => (vec![], None),
        Ok(Some(raw)) => match serde_json::from_str::<Vec<Snapshot>>(&raw) {
            Ok(v) => (v, None),
            Err(_) => match copy_aside(b, &raw, now) {
                Ok(key) => (vec![], Some(Notice::warn(format!("快照记录无法读取，原始内容已另存于 {key}。")))),
                Err(f) => (vec![], Some(Notice::warn(format!("快照记录无法读取，且无法另存（{}）。", f.message())))),
            },
        },
        Err(_) => (vec![], None),
    }
}

/// Writes the snapshot list, dropping the oldest ones while the quota is full. Returns how many were kept.
pub fn save_snapshots(b: &dyn Backend, keys: &Keys, snaps: &[Snapshot]) -> Result<usize, StorageFailure> {
    let mut from = snaps.len().saturating_sub(MAX_SNAPSHOTS);
    loop {
        let json = serde_json::to_string(&snaps[from..]).unwrap_or_else(|_| "[]".into());
        match b.set(&keys.snapshots, &json) {
            Ok(()) => return Ok(snaps.len() - from),
            Err(StorageFailure::QuotaFull) if from < snaps.len() => from += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Small preferences kept between visits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub year: Option<u16>,
    pub unit: Option<String>,
    /// When the user last downloaded a backup file (ISO 8601).
    pub last_backup: Option<String>,
    /// The report last chosen on the 评估报告 tab (type with its year, and plan), kept when switching tabs.
    pub report: Option<lishu_core::report::ReportKind>,
    pub report_plan: Option<lishu_core::Plan>,
}

pub fn load_prefs(b: &dyn Backend, keys: &Keys) -> Prefs {
    b.get(&keys.prefs).ok().flatten().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

pub fn save_prefs(b: &dyn Backend, keys: &Keys, p: &Prefs) -> Result<(), StorageFailure> {
    b.set(&keys.prefs, &serde_json::to_string(p).unwrap_or_default())
}

/// Key written and removed at start to find a full quota early.
pub const PROBE_KEY: &str = "lishu-monitor:probe";

/// Tries a small write (after `load`, so unreadable data has already been copied aside).
pub fn probe(b: &dyn Backend) -> Option<Notice> {
    match b.set(PROBE_KEY, "1") {
        Ok(()) => {
            let _ = b.remove(PROBE_KEY);
            None
        }
        Err(StorageFailure::QuotaFull) => Some(Notice::error(
            "浏览器存储空间已满，修改可能无法自动保存。请在“数据与备份”中导出备份文件，并删除旧快照或损坏数据副本。",
        )),
        Err(e) => Some(Notice::error(format!("{}，修改可能无法自动保存，请及时导出备份文件。", e.message()))),
    }
}

/// Keys of corrupt copies kept aside, oldest first.
pub fn corrupt_copies(b: &dyn Backend) -> Vec<String> {
    let mut v: Vec<String> =
        b.keys().unwrap_or_default().into_iter().filter(|k| k.starts_with(CORRUPT_PREFIX)).collect();
    v.sort();
    v
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod notice_tests {
    use super::*;

    #[test]
    fn notices_are_one_per_kind_newest_first_and_at_most_three() {
        let mut v = Vec::new();
        Notice::info("已导入 3 条").of("导入").add_to(&mut v);
        Notice::error("无法保存").add_to(&mut v);
        Notice::info("已导入 5 条").of("导入").add_to(&mut v);
        let texts: Vec<&str> = v.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["已导入 5 条", "无法保存"], "the stale import message is replaced, newest first");
        Notice::warn("已锁定").add_to(&mut v);
        Notice::info("已提交").of("审核").add_to(&mut v);
        assert_eq!(v.len(), MAX_NOTICES);
        assert_eq!(v[0].text, "已提交");
        assert!(v.iter().all(|n| n.text != "无法保存"), "the oldest falls off: {v:?}");
        // Without a kind, a message replaces the older one of its level.
        Notice::warn("又锁定").add_to(&mut v);
        assert_eq!(v.iter().filter(|n| n.level == Level::Warn).count(), 1);
        assert_eq!(v[0].text, "又锁定");
    }
}
