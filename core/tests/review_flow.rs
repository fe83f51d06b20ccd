//! 审核与锁定 through the files: a unit submits and exports, the office imports and accepts (values lock), a
//! later file that would change an accepted value is a conflict only an unlock with a reason can settle; a
//! merge keeps locked values and lists what it refused; a unit's file cannot carry what only the office sets;
//! logs merge without duplicates.

mod io_support;

use io_support::*;
use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::io::{self, apply_with, import_files, ApplyOptions, FileErrorKind, Source};
use lishu_core::review::{self, How, ReviewState};

const UNIT: &str = "区卫健局";
const OFFICE: &str = "测区妇儿工委办";

fn rate(n: &str, d: &str, at: &str) -> YearEntry {
    YearEntry { numerator: n.into(), denominator: d.into(), unit: UNIT.into(), updated_at: at.into(), ..Default::default() }
}

/// The unit's data: W1-1-1 (a rate it leads) for 2021, submitted.
fn unit_data() -> Dataset {
    let mut ds = Dataset::default();
    ds.set_entry("W1-1-1", 2021, rate("2", "2080", "2026-03-01T10:00:00+08:00"));
    review::submit(&mut ds, &cat(), UNIT, 2021, "2026-03-01T11:00:00+08:00").expect("submit");
    ds
}

/// The office after importing the unit's file and accepting 2021.
fn office_after_acceptance() -> Dataset {
    let file = export_bytes(&unit_data(), UNIT, "2026-03-01T12:00:00+08:00");
    let p = import_files(&[("卫健局.json".into(), file)], &cat(), &Dataset::default());
    assert!(p.files[0].accepted, "{:?}", p.files[0].messages(&cat()));
    let mut ds = apply_with(&p, &ApplyOptions { at: "2026-03-02T09:00:00+08:00", by: OFFICE, ..Default::default() });
    assert_eq!(review::review_of(&ds, UNIT, 2021).map(|r| r.state), Some(ReviewState::Submitted), "the file carries its state");
    assert!(ds.log.iter().any(|e| e.how == How::Submit), "the unit's log came along");
    assert!(ds.log.iter().any(|e| e.how == How::Import { file: "卫健局.json".into() } && e.indicator == "W1-1-1"));
    review::accept(&mut ds, &cat(), UNIT, 2021, "2026-03-02T10:00:00+08:00").expect("accept");
    assert!(review::is_locked(&ds, "W1-1-1", 2021));
    ds
}

#[test]
fn a_later_file_cannot_change_an_accepted_value_without_an_unlock() {
    let office = office_after_acceptance();
    // The unit sends a corrected value later (newer updated_at: would otherwise be a plain update).
    let mut later = Dataset::default();
    later.set_entry("W1-1-1", 2021, rate("3", "2080", "2026-04-01T10:00:00+08:00"));
    let file = export_bytes(&later, UNIT, "2026-04-01T12:00:00+08:00");
    let p = import_files(&[("更正.json".into(), file)], &cat(), &office);
    assert!(p.changes.is_empty() && p.additions.is_empty());
    let c = p.locked_conflicts().next().expect("a locked conflict");
    assert_eq!((c.indicator.as_str(), c.year, c.default), ("W1-1-1", 2021, Source::Current));
    assert_eq!(c.locked.as_ref().map(|l| l.unit.as_str()), Some(UNIT));

    // Choosing the file's value without a reason keeps the locked value (the file's is kept on record).
    let key = ("W1-1-1".to_string(), 2021);
    let mut opts = ApplyOptions { at: "2026-04-02T09:00:00+08:00", by: OFFICE, ..Default::default() };
    opts.resolutions.insert(key.clone(), Source::File(0));
    let kept = apply_with(&p, &opts);
    assert_eq!(kept.entry("W1-1-1", 2021).map(|e| e.numerator.as_str()), Some("2"));
    assert!(review::is_locked(&kept, "W1-1-1", 2021));
    assert!(kept.superseded.iter().any(|s| s.entry.numerator == "3"));

    // With an unlock and its reason the file's value is taken; both are on record.
    opts.unlocks.insert(key, "妇幼年报复核后更正".into());
    let changed = apply_with(&p, &opts);
    assert_eq!(changed.entry("W1-1-1", 2021).map(|e| e.numerator.as_str()), Some("3"));
    assert!(!review::is_locked(&changed, "W1-1-1", 2021));
    let tail: Vec<String> = changed.log.iter().rev().take(2).map(|e| e.how.label()).collect();
    assert_eq!(tail, ["导入 更正.json", "解锁（理由：妇幼年报复核后更正）"]);
    let line = review::log_line(&cat(), changed.log.last().expect("entry"));
    assert!(line.contains("分子 2") && line.contains("→") && line.contains("分子 3"), "{line}");
}

#[test]
fn a_units_file_claiming_an_acceptance_is_refused() {
    let mut forged = unit_data();
    review::accept(&mut forged, &cat(), UNIT, 2021, "2026-03-01T12:00:00+08:00").expect("accept");
    // The exporter leaves the office's records out of a unit's file …
    let file = export_bytes(&forged, UNIT, "2026-03-01T13:00:00+08:00");
    let text = String::from_utf8(file).expect("utf8");
    assert!(!text.contains("\"locks\"") && !text.contains("\"accepted\""), "a unit's export carries no acceptance");
    // … so a file that has them was edited by hand: it is refused whole, with the reason.
    let edited = io::export_dataset(&forged, "", "2026-03-01T13:00:00+08:00", &cat()).replacen("\"unit\": \"\"", "\"unit\": \"区卫健局\"", 1);
    let p = import_files(&[("伪造.json".into(), edited.into_bytes())], &cat(), &Dataset::default());
    let f = &p.files[0];
    assert!(!f.accepted);
    assert!(f.errors.iter().any(|e| matches!(e.kind, FileErrorKind::Unauthorised { .. })), "{:?}", f.errors);
    let m = f.messages(&cat()).join("\n");
    assert!(m.contains("伪造.json") && m.contains("不能自行审核") && m.contains("锁定"), "{m}");
    assert!(p.is_noop());
}

#[test]
fn a_merge_keeps_locked_values_and_lists_what_it_refused() {
    let office = office_after_acceptance();
    let district = io::export_dataset(&office, "", "2026-03-03T09:00:00+08:00", &cat()).into_bytes();
    let mut other = Dataset::default();
    other.set_entry("W1-1-1", 2021, rate("9", "2080", "2026-05-01T10:00:00+08:00"));
    other.set_entry("W1-1-1", 2022, rate("1", "2000", "2026-05-01T10:00:00+08:00"));
    let unit_file = export_bytes(&other, UNIT, "2026-05-01T12:00:00+08:00");
    // The office names its own file (`lishu merge --office 全区.json`).
    let m = io::merge_with_office(&[("全区.json".into(), district), ("卫健局.json".into(), unit_file)], Some(0), &cat(), "2026-05-02T09:00:00+08:00");
    assert!(m.files.iter().all(|f| f.accepted), "{:?}", m.files.iter().map(|f| f.messages(&cat())).collect::<Vec<_>>());
    assert_eq!(m.dataset.entry("W1-1-1", 2021).map(|e| e.numerator.as_str()), Some("2"), "locked value kept");
    assert_eq!(m.dataset.entry("W1-1-1", 2022).map(|e| e.numerator.as_str()), Some("1"), "unlocked years merge");
    assert_eq!(m.refused.len(), 1);
    assert_eq!((m.refused[0].indicator.as_str(), m.refused[0].year), ("W1-1-1", 2021));
    assert!(review::is_locked(&m.dataset, "W1-1-1", 2021));
    assert!(m.dataset.log.iter().any(|e| matches!(&e.how, How::Merge { file } if file == "卫健局.json")));
}

#[test]
fn logs_merge_without_duplicates_and_round_trip() {
    let office = office_after_acceptance();
    let text = io::export_dataset(&office, "", "2026-03-03T09:00:00+08:00", &cat()).into_bytes();
    // The same file twice: every log entry once; states and locks as exported.
    let p = import_files(&[("a.json".into(), text.clone()), ("b.json".into(), text)], &cat(), &Dataset::default());
    let back = apply_with(&p, &ApplyOptions { at: "2026-03-04T09:00:00+08:00", by: OFFICE, ..Default::default() });
    let imported_now = |e: &&review::LogEntry| matches!(&e.how, How::Import { file } if file == "a.json" || file == "b.json");
    assert_eq!(back.log.iter().filter(|e| !imported_now(e)).count(), office.log.len(), "the files' log once");
    assert_eq!(back.reviews, office.reviews);
    assert_eq!(back.locks, office.locks);
    // Importing again changes nothing.
    let again = import_files(&[("c.json".into(), io::export_dataset(&back, "", "t", &cat()).into_bytes())], &cat(), &back);
    assert!(again.is_noop(), "{}", again.summary());
}

#[test]
fn reports_say_how_final_the_data_are() {
    use lishu_core::catalogue::Plan;
    use lishu_core::report::{build_report, ReportKind};
    let office = office_after_acceptance();
    let ev = lishu_core::evaluate(&cat(), &office, 2021);
    let r = build_report(&cat(), &office, &ev, ReportKind::Annual(2021), Plan::Women, None);
    assert!(r.summary.data_status.starts_with("2021 年数据：已审核 1 个单位"), "{}", r.summary.data_status);
    assert!(r.summary.key_figures.last().is_some_and(|k| k.contains("已审核 1 个单位")));
    let u = build_report(&cat(), &office, &ev, ReportKind::Annual(2021), Plan::Women, Some("区人社局"));
    assert_eq!(u.summary.data_status, "2021 年数据：已审核 0 个单位，已提交未审核 0 个，未提交 1 个");
}

/// 审核通过 locks only the values present at acceptance: a value the unit sends later for an indicator it
/// left empty is a plain addition on import, not a locked conflict needing an unlock.
#[test]
fn a_later_value_for_a_cell_empty_at_acceptance_is_an_addition() {
    let office = office_after_acceptance();
    let c = cat();
    let other = c
        .indicators()
        .into_iter()
        .map(|r| r.indicator.id.clone())
        .find(|id| id != "W1-1-1" && c.indicator(id).is_some_and(|r| office.unit_role(r.indicator, UNIT).is_some()))
        .expect("the unit has another indicator");
    assert!(!review::is_locked(&office, &other, 2021), "empty at acceptance: not locked");
    let mut later = Dataset::default();
    later.set_entry(&other, 2021, YearEntry { value: "5".into(), unit: UNIT.into(), updated_at: "2026-04-01T10:00:00+08:00".into(), ..Default::default() });
    let file = export_bytes(&later, UNIT, "2026-04-01T12:00:00+08:00");
    let p = import_files(&[("补报.json".into(), file)], &c, &office);
    assert_eq!(p.locked_conflicts().count(), 0);
    assert!(p.additions.iter().any(|a| a.indicator == other && a.year == 2021), "{:?}", p.additions);
}
