//! 数据与备份: save state, backup download and reminder, undo/redo, snapshots with one-click restore,
//! demo data, clearing data, and the copies of unreadable stored data.

use super::state::{now, use_app};
use super::files::download;
use super::session::use_session;
use crate::storage::Notice;
use leptos::prelude::*;
use lishu_core::io::time::{day_of, days_between, short_time};
use lishu_core::io::{export_dataset, export_file_name};
use lishu_core::Dataset;

/// Backup reminder text: None when a backup was made after the last save.
pub fn backup_reminder(last_backup: Option<&str>, saved_at: Option<&str>, now: &str, filled: usize) -> Option<String> {
    if filled == 0 {
        return None;
    }
    match (last_backup, saved_at) {
        (None, _) => Some("尚未导出过备份文件。浏览器数据可能因清理缓存而丢失，请定期导出备份。".into()),
        (Some(b), Some(s)) if lishu_core::io::time::cmp_time(s, b).is_gt() => {
            let days = days_between(b, now).unwrap_or(0);
            Some(if days >= 1 {
                format!("距上次导出备份已 {days} 天，之后又有修改，请导出新的备份文件。")
            } else {
                "上次导出备份之后又有修改，请导出新的备份文件。".into()
            })
        }
        _ => None,
    }
}

/// The reminder for the running app (reactive).
fn current_reminder(app: super::state::AppState, session: Option<super::session::Session>) -> Option<String> {
    let last = session.and_then(|s| s.last_backup());
    let saved = app.save.with(|s| s.saved_at.clone());
    let filled = app.dataset.with(|d| d.filled_count());
    backup_reminder(last.as_deref(), saved.as_deref(), &now(), filled)
}

/// A short backup hint for the header, linking to the data page.
#[component]
pub fn BackupHint() -> impl IntoView {
    let app = use_app();
    let session = use_session();
    view! {
        {move || current_reminder(app, session).map(|r| view! {
            <button type="button" class="hint-button" title=r data-testid="backup-hint"
                on:click=move |_| app.tab.set(super::state::Tab::Data)>"请导出备份"</button>
        })}
    }
}

/// Loads the demo data (a bulk change: the current data are kept as a snapshot); the banner on top of
/// every page says so and removes them in one click.
pub fn load_demo(app: &super::state::AppState) {
    app.bulk("载入演示数据", lishu_core::demo::demo_dataset(app.cat));
    app.notify(Notice::info("已载入演示数据（虚构的示例）；原有数据已保存为快照。看完后点页面顶部的“移除演示数据”。"));
}

#[component]
pub fn DataPage() -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let backup = move |_| {
        let at = now();
        let text = app.dataset.with_untracked(|d| export_dataset(d, "", &at, app.cat));
        match download(&export_file_name(app.cat, "", day_of(&at)), "application/json", &text) {
            Ok(()) => {
                if let Some(s) = session {
                    s.record_backup();
                }
                app.notify(Notice::info("已导出备份文件（全部数据）。请妥善保存。"));
            }
            Err(e) => app.notify(Notice::error(e)),
        }
    };
    let reminder = move || current_reminder(app, session);
    let confirm_clear = RwSignal::new(false);
    view! {
        <div class="data-page" data-testid="data-page">
            <section class="panel">
                <h2>"保存状态"</h2>
                <SaveLine/>
                <p>{move || match app.save.with(|s| s.persisted) {
                    Some(true) => "浏览器已同意长期保存本页数据。".to_string(),
                    Some(false) => "浏览器未同意长期保存：清理浏览器数据时可能丢失，请定期导出备份。".to_string(),
                    None => "浏览器数据可能因清理缓存而丢失，请定期导出备份。".to_string(),
                }}</p>
                {move || reminder().map(|r| view! { <p class="warning" data-testid="backup-reminder">{r}</p> })}
                <button type="button" class="primary" data-testid="backup" on:click=backup>"导出备份文件（全部数据）"</button>
            </section>
            <section class="panel">
                <h2>"撤销与快照"</h2>
                <div class="row">
                    <button type="button" data-testid="undo" disabled=move || app.history.with(|h| !h.can_undo())
                        on:click=move |_| app.undo()>
                        {move || app.history.with(|h| h.undo_label().map(|l| format!("撤销：{l}")).unwrap_or_else(|| "撤销".into()))}
                    </button>
                    <button type="button" data-testid="redo" disabled=move || app.history.with(|h| !h.can_redo())
                        on:click=move |_| app.redo()>
                        {move || app.history.with(|h| h.redo_label().map(|l| format!("重做：{l}")).unwrap_or_else(|| "重做".into()))}
                    </button>
                </div>
                <p class="muted">"清空数据、载入演示数据、导入等批量操作之前会自动保存快照，可一键恢复。"</p>
                <ul class="snapshots" data-testid="snapshots">
                    {move || {
                        let snaps = app.snapshots.get();
                        if snaps.is_empty() {
                            return view! { <li class="muted">"暂无快照"</li> }.into_any();
                        }
                        snaps.into_iter().enumerate().rev().map(|(i, s)| view! {
                            <li>
                                <span>{format!("{}（{}，{} 个年度数据）", s.label, short_time(&s.at), s.dataset.filled_count())}</span>
                                <button type="button" data-testid=format!("restore-{i}") on:click=move |_| {
                                    app.restore_snapshot(i);
                                    app.notify(Notice::info("已恢复快照；恢复前的数据也已保存为快照。"));
                                }>"恢复"</button>
                            </li>
                        }).collect_view().into_any()
                    }}
                </ul>
            </section>
            <section class="panel">
                <h2>"演示数据与清空"</h2>
                <div class="row">
                    <button type="button" data-testid="load-demo" on:click=move |_| load_demo(&app)>"载入演示数据"</button>
                    {move || if confirm_clear.get() {
                        view! {
                            <span class="confirm" role="alert">"确定清空全部填报数据？（之前会保存快照）"</span>
                            <button type="button" class="danger" data-testid="clear-confirm" on:click=move |_| {
                                let keep = app.dataset.with_untracked(|d| Dataset { units: d.units.clone(), settings: d.settings.clone(), ..Default::default() });
                                app.bulk("清空数据", keep);
                                confirm_clear.set(false);
                                app.notify(Notice::info("已清空填报数据（单位与分工设置保留）；清空前的数据已保存为快照。"));
                            }>"确定清空"</button>
                            <button type="button" on:click=move |_| confirm_clear.set(false)>"取消"</button>
                        }.into_any()
                    } else {
                        view! { <button type="button" data-testid="clear" on:click=move |_| confirm_clear.set(true)>"清空数据…"</button> }.into_any()
                    }}
                </div>
            </section>
            <CorruptCopies/>
        </div>
    }
}

/// One line of save state (also used in the header).
#[component]
pub fn SaveLine() -> impl IntoView {
    let app = use_app();
    view! {
        <span class="save-line" data-testid="save-status" aria-live="polite">
            {move || app.save.with(|s| {
                if let Some(e) = &s.error {
                    format!("未保存：{e}")
                } else if s.disabled {
                    "自动保存已停用".to_string()
                } else if s.conflict.is_some() {
                    "等待选择：另一个窗口已保存新数据".to_string()
                } else if s.dirty {
                    "正在保存…".to_string()
                } else if let Some(at) = &s.saved_at {
                    format!("已自动保存（{}）", short_time(at))
                } else {
                    "尚无保存的数据".to_string()
                }
            })}
        </span>
    }
}

#[component]
fn CorruptCopies() -> impl IntoView {
    let app = use_app();
    let session = use_session();
    let tick = RwSignal::new(0u32);
    let keys = move || {
        tick.track();
        session.map(|s| s.corrupt_copies()).unwrap_or_default()
    };
    view! {
        <section class="panel" data-testid="corrupt-copies">
            <h2>"无法读取的数据副本"</h2>
            {move || {
                let k = keys();
                if k.is_empty() {
                    return view! { <p class="muted">"没有。"</p> }.into_any();
                }
                view! {
                    <p>"以下是启动时无法读取而另存的原始内容，可下载后交技术人员恢复。"</p>
                    <ul>{k.into_iter().map(|key| {
                        let k1 = key.clone();
                        let k2 = key.clone();
                        view! {
                            <li>
                                <code>{key.clone()}</code>
                                <button type="button" on:click=move |_| {
                                    if let Some(text) = session.and_then(|s| s.read_copy(&k1)) {
                                        let name = format!("损坏数据副本-{}.txt", k1.trim_start_matches(crate::storage::CORRUPT_PREFIX).replace(':', "-"));
                                        if let Err(e) = download(&name, "text/plain", &text) { app.notify(Notice::error(e)); }
                                    }
                                }>"下载"</button>
                                <button type="button" on:click=move |_| {
                                    if let Some(s) = session {
                                        if let Err(e) = s.delete_copy(&k2) { app.notify(Notice::error(e)); }
                                    }
                                    tick.update(|t| *t += 1);
                                }>"删除"</button>
                            </li>
                        }
                    }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminder_rules() {
        assert_eq!(backup_reminder(None, None, "2026-01-01T00:00:00Z", 0), None);
        assert!(backup_reminder(None, Some("2026-01-01T00:00:00Z"), "2026-01-01T00:00:00Z", 3).unwrap().contains("尚未"));
        assert_eq!(backup_reminder(Some("2026-01-02T00:00:00Z"), Some("2026-01-01T00:00:00Z"), "2026-01-05T00:00:00Z", 3), None);
        let r = backup_reminder(Some("2026-01-01T00:00:00Z"), Some("2026-01-03T00:00:00Z"), "2026-01-11T00:00:00Z", 3).unwrap();
        assert!(r.contains("10 天"), "{r}");
    }

    }
