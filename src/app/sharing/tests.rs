//! Native tests of the import flow and export logic (the browser tests are in tests/web_sharing.rs).

use super::export::{export_json, plan_export};
use super::flow::{check_bytes, ImportFlow, PickedFile, ReadProblem, SNAPSHOT_LABEL};
use super::flow::check_files;
use crate::app::state::AppState;
use leptos::prelude::*;
use lishu_core::catalogue::{Entry, Kind};
use lishu_core::dataset::YearEntry;
use lishu_core::io::{export_dataset, Source};
use lishu_core::{Catalogue, Dataset};

fn catalogue() -> &'static Catalogue {
    Catalogue::embedded()
}

/// A simple indicator entered as one value, and a valid value for it.
fn value_indicator() -> (String, f64) {
    let r = catalogue()
        .indicators()
        .into_iter()
        .find(|r| r.indicator.entry == Entry::Value && r.indicator.kind == Kind::Min && r.indicator.value.is_some())
        .expect("a min/value indicator");
    (r.indicator.id.clone(), r.indicator.value.unwrap_or(1.0))
}

fn entry(v: &str, unit: &str, at: &str) -> YearEntry {
    YearEntry { value: v.into(), unit: unit.into(), updated_at: at.into(), ..Default::default() }
}

/// A file from the unit leading the value indicator: every file the office receives is a unit's file
/// (`io::trust`), whatever its `unit` member says.
fn file_of(ds: &Dataset, name: &str) -> (String, Vec<u8>) {
    let (id, _) = value_indicator();
    let lead = catalogue().indicator(&id).map(|r| r.indicator.lead_unit.clone()).unwrap_or_default();
    (name.to_string(), export_dataset(ds, &lead, "2026-03-05T09:00:00+08:00", catalogue()).into_bytes())
}

fn value_of(app: &AppState, id: &str, y: u16) -> Option<String> {
    app.dataset.with_untracked(|d| d.entry(id, y).map(|e| e.value.clone()))
}

#[test]
fn addition_is_previewed_then_applied_with_snapshot_and_undone() {
    let owner = Owner::new();
    owner.set();
    let (id, t) = value_indicator();
    let app = AppState::new(catalogue(), Dataset::default(), 2023);
    let flow = ImportFlow::new();
    let mut unit = Dataset::default();
    unit.set_entry(&id, 2021, entry(&format!("{}", t + 1.0), "区卫健局", "2026-03-01T10:00:00+08:00"));
    flow.load_bytes(&app, &[file_of(&unit, "卫健局.json")]);
    let c = flow.check.get_untracked().expect("preview");
    assert_eq!(c.preview.additions.len(), 1);
    assert!(c.can_apply());
    assert_eq!(value_of(&app, &id, 2021), None, "preview changes nothing");
    let o = flow.confirm(&app).expect("applied");
    assert!(o.summary.contains("新增 1 条"), "{}", o.summary);
    assert_eq!(value_of(&app, &id, 2021), Some(format!("{}", t + 1.0)));
    let snaps = app.snapshots.get_untracked();
    assert!(snaps.last().map(|s| s.label.starts_with(SNAPSHOT_LABEL)).unwrap_or(false), "{snaps:?}");
    assert_eq!(snaps.last().map(|s| s.dataset.filled_count()), Some(0));
    assert!(flow.check.get_untracked().is_none());
    flow.undo(&app).expect("undone");
    assert_eq!(value_of(&app, &id, 2021), None);
    assert!(flow.outcome.get_untracked().is_none());
}

#[test]
fn conflict_choice_wins_and_loser_is_kept() {
    let owner = Owner::new();
    owner.set();
    let (id, t) = value_indicator();
    let mut cur = Dataset::default();
    cur.set_entry(&id, 2022, entry(&format!("{}", t + 1.0), "区妇联", "2026-03-02T10:00:00+08:00"));
    let app = AppState::new(catalogue(), cur, 2023);
    let flow = ImportFlow::new();
    let mut other = Dataset::default();
    // Entered earlier than the current value: not a clear update, so a conflict.
    other.set_entry(&id, 2022, entry(&format!("{}", t + 2.0), "区卫健局", "2026-03-01T10:00:00+08:00"));
    flow.load_bytes(&app, &[file_of(&other, "a.json")]);
    let c = flow.check.get_untracked().expect("preview");
    assert_eq!(c.preview.conflicts.len(), 1, "{:?}", c.preview.summary());
    assert_eq!(flow.choices.get_untracked().get(&(id.clone(), 2022)), Some(&Source::Current), "default kept");
    flow.choose(&id, 2022, Source::File(0));
    flow.confirm(&app).expect("applied");
    assert_eq!(value_of(&app, &id, 2022), Some(format!("{}", t + 2.0)));
    let sup = app.dataset.with_untracked(|d| d.superseded.clone());
    assert_eq!(sup.len(), 1);
    assert_eq!(sup[0].entry.value, format!("{}", t + 1.0));
    assert!(sup[0].reason.contains("冲突"), "{}", sup[0].reason);
}

#[test]
fn bad_files_are_rejected_whole_and_nothing_changes() {
    let owner = Owner::new();
    owner.set();
    let (id, t) = value_indicator();
    let mut cur = Dataset::default();
    cur.set_entry(&id, 2020, entry(&format!("{t}"), "", ""));
    let app = AppState::new(catalogue(), cur.clone(), 2023);
    let flow = ImportFlow::new();
    let mut bad = Dataset::default();
    bad.set_entry(&id, 2021, entry("abc", "", ""));
    let files = vec![
        ("坏.json".to_string(), b"{\"type\":\"lishu-monitor/dataset\",".to_vec()),
        file_of(&bad, "非数字.json"),
    ];
    flow.load_bytes(&app, &files);
    let c = flow.check.get_untracked().expect("preview");
    assert_eq!(c.rejected_count(), 2);
    let msgs = c.error_messages(catalogue());
    assert!(msgs.iter().any(|m| m.contains("坏.json") && m.contains("JSON")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("非数字.json") && m.contains("2021") && m.contains("abc")), "{msgs:?}");
    assert!(!c.can_apply());
    assert!(flow.confirm(&app).is_err());
    assert_eq!(app.dataset.get_untracked(), cur);
    assert!(app.snapshots.get_untracked().is_empty(), "no snapshot for a refused import");
    flow.cancel();
    assert!(flow.check.get_untracked().is_none());
}

#[test]
fn unreadable_and_oversized_files_are_listed_as_rejected() {
    let owner = Owner::new();
    owner.set();
    let picked = vec![
        PickedFile { name: "大.json".into(), content: Err(ReadProblem::TooLarge(9_000_000)), workbook: None },
        PickedFile { name: "读不出.json".into(), content: Err(ReadProblem::Failed("NotReadableError".into())), workbook: None },
    ];
    let c = check_files(catalogue(), picked, &Dataset::default());
    assert_eq!(c.preview.files.len(), 2);
    let msgs = c.error_messages(catalogue());
    assert!(msgs[0].contains("大.json") && msgs[0].contains("MB"), "{msgs:?}");
    assert!(msgs[1].contains("读不出.json") && msgs[1].contains("NotReadableError"), "{msgs:?}");
}

#[test]
fn data_changed_after_preview_is_rechecked_not_overwritten() {
    let owner = Owner::new();
    owner.set();
    let (id, t) = value_indicator();
    let app = AppState::new(catalogue(), Dataset::default(), 2023);
    let flow = ImportFlow::new();
    let mut unit = Dataset::default();
    unit.set_entry(&id, 2021, entry(&format!("{}", t + 1.0), "区卫健局", "2026-03-01T10:00:00+08:00"));
    flow.load_bytes(&app, &[file_of(&unit, "u.json")]);
    // The user types another value for the same year while the preview is open.
    app.set_field(&id, 2021, &lishu_core::dataset::Field::Value, format!("{}", t + 3.0));
    let err = flow.confirm(&app).expect_err("must re-check");
    assert!(err.contains("重新检查"), "{err}");
    assert_eq!(value_of(&app, &id, 2021), Some(format!("{}", t + 3.0)), "typed value kept");
    let c = flow.check.get_untracked().expect("new preview");
    assert_eq!(c.preview.additions.len() + c.preview.changes.len() + c.preview.conflicts.len(), 1);
    assert!(c.preview.additions.is_empty(), "now compared with the typed value");
}

#[test]
fn export_plan_reports_problems_and_file_round_trips() {
    let owner = Owner::new();
    owner.set();
    let (id, t) = value_indicator();
    let mut ds = Dataset::default();
    ds.set_entry(&id, 2021, entry("约九十", "", ""));
    ds.set_entry(&id, 2022, entry(&format!("{t}"), "", ""));
    let plan = plan_export(catalogue(), &ds, "", "2026-11-29T09:30:00+08:00");
    assert_eq!(plan.file_name, "梨树区监测数据-全区-2026-11-29.json");
    assert_eq!(plan.rows, 2);
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
    assert_eq!(plan.problems[0].indicator.as_deref(), Some(id.as_str()));
    assert!(plan.problems[0].message.contains("约九十"), "{}", plan.problems[0].message);
    ds.set_entry(&id, 2021, entry("", "", ""));
    assert!(plan_export(catalogue(), &ds, "", "2026-11-29T09:30:00+08:00").problems.is_empty());
    let (name, text) = export_json(catalogue(), &ds, "", "2026-11-29T09:30:00+08:00", false);
    let c = check_bytes(catalogue(), &[(name, text.into_bytes())], &Dataset::default());
    assert_eq!(c.accepted_count(), 1);
    assert_eq!(c.preview.additions.len(), 1);
    // 附带目标目录: the catalogue in use travels in the file and the file still imports where it is in use.
    let (name, text) = export_json(catalogue(), &ds, "", "2026-11-29T09:30:00+08:00", true);
    assert!(text.contains("\n  \"catalogue\": {"), "the catalogue member");
    assert_eq!(lishu_core::io::carried::read_carried(&name, text.as_bytes()).ok().flatten().as_ref(), Some(catalogue()));
    let c = check_bytes(catalogue(), &[(name, text.into_bytes())], &Dataset::default());
    assert_eq!(c.accepted_count(), 1);
    assert_eq!(c.preview.additions.len(), 1);
}

#[test]
fn filled_excel_template_goes_through_the_same_preview_as_json() {
    use lishu_core::io::workbook::{template_workbook, DATA_SHEET};
    let owner = Owner::new();
    owner.set();
    let (id, t) = value_indicator();
    // The template as the Excel module would read it back, with one year typed in by the unit.
    let mut grid = template_workbook(catalogue(), &Dataset::default(), "", "2026-11-29T09:30:00+08:00").to_grid();
    let sheet = grid.sheets.iter_mut().find(|s| s.name == DATA_SHEET).expect("填报 sheet");
    let header = sheet.rows.iter().position(|r| r.iter().any(|c| c.starts_with("2021"))).expect("header row");
    let col = sheet.rows[header].iter().position(|c| c.starts_with("2021")).expect("2021 column");
    let row = sheet.rows.iter().position(|r| r.first().map(|c| c == &id).unwrap_or(false)).expect("indicator row");
    if sheet.rows[row].len() <= col {
        sheet.rows[row].resize(col + 1, String::new());
    }
    sheet.rows[row][col] = format!("{}", t + 1.0);
    let picked = vec![
        PickedFile::workbook("区卫健局填报.xlsx", vec![b'P', b'K'], Ok(grid.clone())),
        PickedFile::workbook("坏表.xlsx", vec![1, 2, 3], Err("不是有效的 Excel（.xlsx）文件".into())),
    ];
    let c = check_files(catalogue(), picked, &Dataset::default());
    assert_eq!(c.accepted_count(), 1, "{:?}", c.error_messages(catalogue()));
    assert_eq!(c.preview.additions.len(), 1, "{:?}", c.preview.additions);
    assert_eq!(c.preview.additions[0].indicator, id);
    assert_eq!(c.preview.additions[0].year, 2021);
    let msgs = c.error_messages(catalogue());
    assert!(msgs.iter().any(|m| m.contains("坏表.xlsx") && m.contains("Excel")), "{msgs:?}");

    // Applying it through the flow gives the typed value, as text exactly as typed.
    let app = AppState::new(catalogue(), Dataset::default(), 2023);
    let flow = ImportFlow::new();
    flow.load(&app, vec![PickedFile::workbook("区卫健局填报.xlsx", vec![], Ok(grid))]);
    flow.confirm(&app).expect("applied");
    assert_eq!(app.dataset.get_untracked().entry(&id, 2021).map(|e| e.value.clone()), Some(format!("{}", t + 1.0)));

    // A bad value in the sheet is refused naming the file, indicator and year, with what to type; that
    // value is not imported (here the only one, so there is nothing to apply).
    let mut bad = template_workbook(catalogue(), &Dataset::default(), "", "2026-11-29T09:30:00+08:00").to_grid();
    let s = bad.sheets.iter_mut().find(|s| s.name == DATA_SHEET).expect("sheet");
    if s.rows[row].len() <= col {
        s.rows[row].resize(col + 1, String::new());
    }
    s.rows[row][col] = "约九十".into();
    let c = check_files(catalogue(), vec![PickedFile::workbook("错.xlsx", vec![], Ok(bad))], &Dataset::default());
    assert!(c.error_messages(catalogue()).is_empty());
    let msgs = lishu_core::io::workbook::refused_lines(&c.preview.files[0], catalogue());
    assert_eq!(msgs.len(), 1, "one message for the one bad cell: {msgs:?}");
    assert!(msgs[0].contains("错.xlsx") && msgs[0].contains("2021") && msgs[0].contains("约九十") && msgs[0].contains("请只填数字"), "{msgs:?}");
    assert!(c.preview.additions.is_empty() && !c.can_apply(), "the refused value is not imported");
}

/// The office accepted a unit's year: typing cannot change it, undo and restore keep it, an import offering
/// another value needs an unlock with a reason, and every step is in the change log.
#[test]
fn accepted_values_hold_through_typing_undo_and_import() {
    use lishu_core::review;
    let owner = Owner::new();
    owner.set();
    let (id, t) = value_indicator();
    let unit = catalogue().indicator(&id).map(|r| r.indicator.lead_unit.clone()).unwrap_or_default();
    let app = AppState::new(catalogue(), Dataset::default(), 2023);
    app.unit.set(Some(unit.clone()));
    app.set_field(&id, 2021, &lishu_core::dataset::Field::Value, format!("{t}"));
    app.dispatch(lishu_core::edit::Edit::Submit { unit: unit.clone(), year: 2021 }).expect("submits");
    app.unit.set(None);
    app.dispatch(lishu_core::edit::Edit::Accept { unit: unit.clone(), year: 2021 }).expect("accepts");
    assert!(app.dataset.with_untracked(|d| review::is_locked(d, &id, 2021)));
    // Typing into a locked value changes nothing and says why.
    app.set_field(&id, 2021, &lishu_core::dataset::Field::Value, "1".into());
    assert_eq!(value_of(&app, &id, 2021), Some(format!("{t}")));
    assert!(app.notices.get_untracked().iter().any(|n| n.text.contains("审核锁定")));
    // Undo (back past the first entry) keeps the locked value.
    app.undo();
    assert_eq!(value_of(&app, &id, 2021), Some(format!("{t}")));
    // An import offering another value: a locked conflict; without a reason confirming is refused.
    let mut other = Dataset::default();
    other.set_entry(&id, 2021, entry(&format!("{}", t + 5.0), &unit, "2030-01-01T00:00:00+08:00"));
    let flow = ImportFlow::new();
    flow.load_bytes(&app, &[file_of(&other, "更正.json")]);
    let c = flow.check.get_untracked().expect("preview");
    assert_eq!(c.preview.locked_conflicts().count(), 1);
    flow.choose(&id, 2021, Source::File(0));
    let err = flow.confirm(&app).expect_err("needs a reason");
    assert!(err.contains("解锁理由"), "{err}");
    assert_eq!(value_of(&app, &id, 2021), Some(format!("{t}")));
    flow.set_unlock_reason(&id, 2021, "统计局更正".into());
    flow.confirm(&app).expect("applied with the unlock");
    assert_eq!(value_of(&app, &id, 2021), Some(format!("{}", t + 5.0)));
    let hows: Vec<String> = app.dataset.with_untracked(|d| d.log.iter().map(|e| e.how.label()).collect());
    for want in ["录入", "提交", "审核通过", "解锁（理由：统计局更正）", "导入 更正.json"] {
        assert!(hows.iter().any(|h| h == want), "{want} missing from {hows:?}");
    }
}

/// A district file that is not this browser's own backup is refused in an office browser with data; a
/// browser with no data restores it (a lost office browser), and a unit's browser takes it from the office.
#[test]
fn a_district_file_is_the_offices_only_when_it_can_be() {
    use super::flow::{check_files_as, Receiving};
    let owner = Owner::new();
    owner.set();
    let (id, t) = value_indicator();
    let mut district = Dataset::default();
    district.set_entry(&id, 2021, entry(&format!("{t}"), "", ""));
    let text = export_dataset(&district, "", "2026-03-05T09:00:00+08:00", catalogue());
    let mut office = Dataset::default();
    office.set_entry(&id, 2022, entry(&format!("{t}"), "", ""));
    let pick = || vec![PickedFile::bytes("全区.json", text.clone().into_bytes())];
    let refused = check_files_as(catalogue(), pick(), &office, &Receiving::default());
    assert_eq!(refused.rejected_count(), 1);
    assert!(refused.error_messages(catalogue()).join("").contains("没有注明导出单位"));
    assert_eq!(check_files_as(catalogue(), pick(), &Dataset::default(), &Receiving::default()).rejected_count(), 0);
    let unit_browser = Receiving { unit_mode: true, ..Receiving::default() };
    assert_eq!(check_files_as(catalogue(), pick(), &office, &unit_browser).rejected_count(), 0);
    // This browser's own sealed backup is its own.
    let sealed = lishu_core::io::export_dataset_sealed(&district, "", "2026-03-05T09:00:00+08:00", catalogue(), Some("k"));
    let mine = Receiving { office_key: Some("k".into()), ..Receiving::default() };
    let c = check_files_as(catalogue(), vec![PickedFile::bytes("备份.json", sealed.into_bytes())], &office, &mine);
    assert_eq!(c.rejected_count(), 0);
    assert!(c.preview.files[0].office);
}
