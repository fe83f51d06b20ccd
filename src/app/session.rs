//! Wires storage into the running app: the catalogue and the data at start, debounced autosave (flushed when
//! the page is hidden or closed), the cross-tab `storage` event, snapshots, preferences and persistent
//! storage (what the first screen does not need only after it is drawn: `Session::after_mount`). Effects here
//! only sync outward (app state → localStorage). `crate::storage` never reaches back into the app: this
//! module is the one place where the two meet.

use super::state::{AppState, SaveStatus};
use super::clock::now as now_iso;
use crate::storage::browser::{page_hidden, request_persist, BrowserBackend};
use crate::storage::{
    adopt_legacy, catalogues, corrupt_copies, load, load_prefs, load_snapshots, on_external, probe, save, save_over,
    save_prefs, save_snapshots, External, Keys, Notice, Prefs, SaveError, Startup,
};
use leptos::ev;
use leptos::prelude::*;
use lishu_core::io::{Snapshot, StoredDataset};
use lishu_core::{Catalogue, Dataset};
use std::time::Duration;

/// Autosave delay after the last keystroke.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(500);
/// The latest [`Session::after_mount`] runs after the app is mounted, when no animation frame came first.
pub const AFTER_MOUNT_LATEST: Duration = Duration::from_millis(100);

/// What was read at start.
pub struct Opened {
    /// The catalogue in use (fixed for the page's life).
    pub catalogue: &'static Catalogue,
    pub keys: Keys,
    pub startup: Startup,
    pub prefs: Prefs,
}

/// Reads what the first screen needs (before the app state exists): the catalogue in use, then its data and
/// preferences. Only writes copies of unreadable data and the one-time move of data stored before catalogues
/// had ids (before reading, so the first screen shows them). The rest of the storage work — the snapshot
/// list, the quota probe, the listeners and the persist request — waits until the app is on screen
/// ([`Session::after_mount`]).
pub fn open() -> Opened {
    let b = BrowserBackend;
    let now = now_iso();
    let embedded = Catalogue::embedded();
    let (chosen, catalogue_notice) = catalogues::active(&b, embedded);
    // A loaded catalogue lives as long as the page: switching catalogues reloads the page.
    let catalogue: &'static Catalogue = match chosen {
        Some(c) => Box::leak(Box::new(c)),
        None => embedded,
    };
    let keys = Keys::of(&catalogue.id);
    let legacy_notice = if catalogue.id == embedded.id { adopt_legacy(&b, &keys) } else { None };
    let mut startup = load(&b, &keys, &now);
    startup.notices.splice(0..0, catalogue_notice.into_iter().chain(legacy_notice));
    let prefs = load_prefs(&b, &keys);
    Opened { catalogue, keys, startup, prefs }
}

/// Handle to the running session (context).
#[derive(Clone, Copy)]
pub struct Session {
    state: AppState,
    /// The storage keys of the catalogue in use.
    keys: StoredValue<Keys>,
    /// The dataset as last written/loaded (to skip writes of unchanged data and avoid echo between tabs).
    last_saved: StoredValue<Dataset>,
    timer: StoredValue<Option<TimeoutHandle>>,
    prefs: StoredValue<Prefs>,
    /// When a backup file was last downloaded (reactive, for the reminder).
    backup: RwSignal<Option<String>>,
}

impl Session {
    /// Starts autosave for `state`; `last_saved` is the dataset that was loaded. The rest of the start-up
    /// storage work runs once the app is drawn ([`Session::after_mount`]).
    pub fn attach(state: AppState, opened: &Opened) -> Session {
        let s = &opened.startup;
        state.save.set(SaveStatus {
            disabled: !s.can_save,
            saved_at: s.saved_at.clone(),
            ..Default::default()
        });
        let session = Session {
            state,
            keys: StoredValue::new(opened.keys.clone()),
            last_saved: StoredValue::new(s.dataset.clone()),
            timer: StoredValue::new(None),
            prefs: StoredValue::new(opened.prefs.clone()),
            backup: RwSignal::new(opened.prefs.last_backup.clone()),
        };

        // dataset changed → mark dirty and schedule a save.
        Effect::new(move |prev: Option<()>| {
            state.dataset.track();
            if prev.is_some() {
                session.schedule();
            }
        });
        // year / unit mode → preferences.
        Effect::new(move |prev: Option<()>| {
            let year = state.year.get();
            let unit = state.unit.get();
            if prev.is_some() {
                session.update_prefs(|p| {
                    p.year = Some(year);
                    p.unit = unit;
                });
            }
        });
        on_cleanup(move || session.flush());

        // After the first frame: an animation frame, then a task (so the work does not delay that frame);
        // a plain timer as well, for pages drawn without animation frames (hidden tabs). Whichever comes
        // first runs it, once, under this component's owner.
        let done = std::rc::Rc::new(std::cell::Cell::new(false));
        let owner = Owner::current();
        let run = move || {
            if done.replace(true) {
                return;
            }
            match &owner {
                Some(o) => o.with(|| session.after_mount()),
                None => session.after_mount(),
            }
        };
        let run2 = run.clone();
        request_animation_frame(move || set_timeout(run2, Duration::ZERO));
        set_timeout(run, AFTER_MOUNT_LATEST);
        session
    }

    /// The start-up work the first screen does not need, run just after the app is first drawn: the stored
    /// snapshots are read (merged before any taken since) and persisted from then on, a small write probes
    /// the quota, the cross-tab `storage` event and the flush on hiding/closing are listened to, and the
    /// browser is asked to keep the storage. Their notices join the start's.
    pub fn after_mount(&self) {
        let state = self.state;
        let session = *self;
        // The app was unmounted before (tests mount and drop apps quickly).
        let Some(keys) = self.keys.try_get_value() else { return };
        let Some(status) = state.save.try_get_untracked() else { return };
        let b = BrowserBackend;
        let mut notices = Vec::new();
        if !status.disabled {
            notices.extend(probe(&b));
        }
        let (stored, snapshot_notice) = load_snapshots(&b, &keys, &now_iso());
        notices.extend(snapshot_notice);
        // Snapshots taken in the moment before (a bulk change) come after the stored ones.
        let mut taken = Vec::new();
        state.snapshots.update_untracked(|v| taken = std::mem::replace(v, stored));
        let merged = !taken.is_empty();
        if merged {
            state.snapshots.update_untracked(|v| {
                v.extend(taken);
                let extra = v.len().saturating_sub(crate::storage::MAX_SNAPSHOTS);
                v.drain(..extra);
            });
        }
        state.snapshots.notify();
        if !notices.is_empty() {
            state.notices.update(|v| v.extend(notices));
        }
        // snapshots changed → persist them (the list just read is not written back).
        Effect::new(move |prev: Option<()>| {
            let snaps = state.snapshots.get();
            if prev.is_some() || merged {
                if let Err(e) = session.keys.with_value(|k| save_snapshots(&BrowserBackend, k, &snaps)) {
                    state.notify(Notice::warn(format!(
                        "快照未能存入浏览器（{}），仅在本次打开期间可以恢复。",
                        e.message()
                    )));
                }
            }
        });

        let h1 = window_event_listener(ev::storage, move |e: web_sys::StorageEvent| {
            let Some(key) = e.key() else { return };
            let Some(keys) = session.keys.try_get_value() else { return };
            if key == keys.data {
                session.external(e.new_value().as_deref());
            } else if key == keys.snapshots {
                // Another tab changed the snapshot list: show the same list (writing it back is a no-op).
                if let Some(list) = e.new_value().and_then(|v| serde_json::from_str::<Vec<Snapshot>>(&v).ok()) {
                    state.snapshots.try_set(list);
                }
            }
        });
        let h2 = window_event_listener_untyped("visibilitychange", move |_| {
            if page_hidden() {
                session.flush();
            }
        });
        let h3 = window_event_listener(ev::pagehide, move |_| session.flush());
        on_cleanup(move || {
            h1.remove();
            h2.remove();
            h3.remove();
        });

        request_persist(move |granted| {
            state.save.try_update(|s| s.persisted = granted);
        });
        crate::perf::mark("lishu-after-mount");
    }

    fn schedule(&self) {
        if let Some(Some(t)) = self.timer.try_get_value() {
            t.clear();
        }
        let me = *self;
        self.state.save.update(|s| s.dirty = true);
        let handle = set_timeout_with_handle(move || me.flush(), AUTOSAVE_DELAY).ok();
        self.timer.set_value(handle);
    }

    /// Writes pending edits now (if any and allowed).
    pub fn flush(&self) {
        if let Some(Some(t)) = self.timer.try_get_value() {
            t.clear();
            self.timer.try_set_value(None);
        }
        let Some(status) = self.state.save.try_get_untracked() else { return };
        if status.disabled || status.conflict.is_some() {
            return;
        }
        let Some(ds) = self.state.dataset.try_get_untracked() else { return };
        if self.last_saved.try_with_value(|l| *l == ds).unwrap_or(false) {
            self.state.save.try_update(|s| s.dirty = false);
            return;
        }
        let Some(keys) = self.keys.try_get_value() else { return };
        match save(&BrowserBackend, &keys, self.state.cat, &ds, status.saved_at.as_deref(), &now_iso()) {
            Ok(at) => self.saved(ds, at),
            Err(SaveError::NewerInStorage(other)) => {
                self.state.save.try_update(|s| s.conflict = Some(other));
            }
            Err(e @ SaveError::NewerSchema(_)) => {
                self.state.save.try_update(|s| {
                    s.disabled = true;
                    s.error = Some(e.message());
                });
            }
            Err(e) => {
                self.state.save.try_update(|s| s.error = Some(e.message()));
            }
        }
    }

    fn saved(&self, ds: Dataset, at: String) {
        self.last_saved.try_set_value(ds);
        self.state.save.try_update(|s| {
            s.dirty = false;
            s.error = None;
            s.saved_at = Some(at);
        });
    }

    /// Another tab wrote the data key.
    fn external(&self, new_value: Option<&str>) {
        let Some(status) = self.state.save.try_get_untracked() else { return };
        if status.disabled {
            return;
        }
        let dirty = self.state.dataset.with_untracked(|d| self.last_saved.with_value(|l| l != d));
        match on_external(new_value, status.saved_at.as_deref(), dirty) {
            External::Ignore => {}
            External::Load(other) => {
                self.load_other(*other, false);
                self.state.notify(Notice::info("已载入另一个窗口保存的最新数据。"));
            }
            External::Conflict(other) => self.state.save.update(|s| s.conflict = Some(other)),
            External::Lock(msg) => self.state.save.update(|s| {
                s.disabled = true;
                s.error = Some(msg);
            }),
        }
    }

    /// Loads data another tab saved; `keep_ours` keeps this tab's data as a persisted snapshot first.
    fn load_other(&self, other: StoredDataset, keep_ours: bool) {
        self.last_saved.set_value(other.dataset.clone());
        self.state.save.update(|s| {
            s.saved_at = Some(other.saved_at.clone());
            s.conflict = None;
            s.dirty = false;
        });
        self.state.load("载入另一个窗口保存的数据", other.dataset, keep_ours);
    }

    /// The user's answer to a conflict: `keep_mine` writes this tab's data over the other tab's (whose data
    /// is kept as a snapshot first); otherwise the other data is loaded (this tab's data kept as a snapshot).
    pub fn resolve_conflict(&self, keep_mine: bool) {
        let Some(other) = self.state.save.with_untracked(|s| s.conflict.clone()) else { return };
        if keep_mine {
            let at = now_iso();
            self.state.snapshots.update(|v| {
                v.push(Snapshot {
                    label: "另一个窗口保存的数据（已被本窗口数据替换）".into(),
                    at: at.clone(),
                    dataset: other.dataset.clone(),
                })
            });
            let ds = self.state.dataset.get_untracked();
            match self.keys.with_value(|k| save_over(&BrowserBackend, k, self.state.cat, &ds, &at)) {
                Ok(at) => {
                    self.state.save.update(|s| s.conflict = None);
                    self.saved(ds, at);
                }
                Err(e) => self.state.save.update(|s| s.error = Some(e.message())),
            }
        } else {
            self.load_other(*other, true);
        }
    }

    fn update_prefs(&self, f: impl FnOnce(&mut Prefs)) {
        self.prefs.update_value(f);
        let p = self.prefs.get_value();
        let _ = self.keys.with_value(|k| save_prefs(&BrowserBackend, k, &p));
    }

    /// Records that a backup file was downloaded now.
    pub fn record_backup(&self) {
        let at = now_iso();
        self.backup.set(Some(at.clone()));
        self.update_prefs(|p| p.last_backup = Some(at));
    }

    /// The report type and plan last chosen on the 评估报告 tab.
    pub fn report_choice(&self) -> (Option<lishu_core::report::ReportKind>, Option<lishu_core::Plan>) {
        self.prefs.with_value(|p| (p.report, p.report_plan))
    }

    /// Remembers the chosen report type and plan (in the preferences, so they stay when switching tabs).
    pub fn remember_report(&self, kind: lishu_core::report::ReportKind, plan: lishu_core::Plan) {
        if self.report_choice() != (Some(kind), Some(plan)) {
            self.update_prefs(|p| {
                p.report = Some(kind);
                p.report_plan = Some(plan);
            });
        }
    }

    /// When a backup file was last downloaded (reactive).
    pub fn last_backup(&self) -> Option<String> {
        self.backup.get()
    }

    /// The catalogues stored in this browser (the embedded one is always there besides).
    pub fn stored_catalogues(&self) -> Vec<catalogues::StoredCatalogue> {
        catalogues::stored(&BrowserBackend)
    }

    /// The data of catalogue `id` stored in this browser (the previous period's, to carry), read only.
    pub fn stored_data(&self, id: &str) -> Option<Dataset> {
        crate::storage::stored_dataset(&BrowserBackend, id)
    }

    /// Switches to `cat` (a checked catalogue from a file or a draft): the pending edits of the current
    /// catalogue are saved first, then `cat` is stored and made the one in use, and the page reloads with
    /// it. The embedded catalogue itself is not stored (`cat` equal to it just switches back). Nothing
    /// changes when storing fails.
    pub fn use_catalogue(&self, cat: &Catalogue) -> Result<(), String> {
        self.flush();
        let b = BrowserBackend;
        if cat != Catalogue::embedded() {
            catalogues::store(&b, cat).map_err(|e| format!("{}，目录未能保存，仍使用当前目录。", e.message()))?;
        }
        self.switch_to(&cat.id)
    }

    /// Makes the stored (or embedded) catalogue `id` the one in use and reloads the page.
    pub fn switch_to(&self, id: &str) -> Result<(), String> {
        self.flush();
        catalogues::set_active(&BrowserBackend, id).map_err(|e| format!("{}，未能切换目录。", e.message()))?;
        // The catalogue is fixed for a page's life: start the page again with the new one.
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
        Ok(())
    }

    /// Back to the embedded catalogue in one step: a stored revision of it (same id) is removed first (its
    /// data stay; they belong to the id).
    pub fn use_embedded(&self) -> Result<(), String> {
        let id = &Catalogue::embedded().id;
        catalogues::remove(&BrowserBackend, id).map_err(|e| e.message())?;
        self.switch_to(id)
    }

    /// Removes a stored catalogue that is not in use (its data stay in the browser).
    pub fn remove_catalogue(&self, id: &str) -> Result<(), String> {
        if id == self.state.cat.id {
            return Err("不能删除正在使用的目录，请先切换到其他目录".to_string());
        }
        catalogues::remove(&BrowserBackend, id).map_err(|e| e.message())
    }

    /// Keys of the copies of unreadable data.
    pub fn corrupt_copies(&self) -> Vec<String> {
        corrupt_copies(&BrowserBackend)
    }

    /// The raw text of a corrupt copy (for download).
    pub fn read_copy(&self, key: &str) -> Option<String> {
        use crate::storage::Backend;
        if !key.starts_with(crate::storage::CORRUPT_PREFIX) {
            return None;
        }
        BrowserBackend.get(key).ok().flatten()
    }

    /// Deletes a corrupt copy (only keys under the corrupt prefix).
    pub fn delete_copy(&self, key: &str) -> Result<(), String> {
        use crate::storage::Backend;
        if !key.starts_with(crate::storage::CORRUPT_PREFIX) {
            return Err("只能删除损坏数据副本".into());
        }
        BrowserBackend.remove(key).map_err(|e| e.message())
    }
}

/// Gets the session from context.
pub fn use_session() -> Option<Session> {
    use_context::<Session>()
}
