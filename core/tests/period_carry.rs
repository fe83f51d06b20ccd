//! From one plan period to the next, step 2: carry the previous period's data into the linked next-period
//! catalogue (`fixtures/lishu-2026-2030.toml`, linked by the matcher as `lishu catalogue link` does), then
//! evaluate and report on the new catalogue. Locked values stay locked; bad input is refused with a clear
//! message and nothing written.

use lishu_core::carry::{carry, carry_file, Reason};
use lishu_core::catalogue::file::read_catalogue;
use lishu_core::catalogue::link::link_catalogue;
use lishu_core::catalogue::Plan;
use lishu_core::demo::demo_dataset;
use lishu_core::io::{apply_with, export_dataset, import_files, read_file, ApplyOptions};
use lishu_core::report::{build_report, ReportKind};
use lishu_core::review::{self, How, ReviewState};
use lishu_core::{evaluate, Catalogue, Dataset};
use std::process::Command;

const NEXT: &str = include_str!("fixtures/lishu-2026-2030.toml");
const QINGSHAN: &str = include_str!("fixtures/county-2026-2030.toml");
const AT: &str = "2026-12-10T09:00:00+08:00";

fn old() -> &'static Catalogue {
    Catalogue::embedded()
}

/// The next-period catalogue with the proposed links confirmed (review marks removed).
fn linked() -> Catalogue {
    let next = read_catalogue(NEXT.as_bytes()).expect("fixture reads");
    let (mut cat, _) = link_catalogue(&next, old());
    for l in &mut cat.lines {
        for i in &mut l.indicators {
            i.review.clear();
        }
    }
    cat
}

const UNIT: &str = "区卫健局";

/// The demo data of the previous period with 区卫健局's 2023 and 2025 accepted (their values locked).
fn old_data() -> Dataset {
    let mut ds = demo_dataset(old());
    for y in [2023, 2025] {
        review::submit(&mut ds, old(), UNIT, y, "2026-02-01T09:00:00+08:00").expect("submit");
        review::accept(&mut ds, old(), UNIT, y, "2026-02-02T09:00:00+08:00").expect("accept");
    }
    ds
}

#[test]
fn linked_indicators_get_every_previous_year_with_locks_and_log_then_evaluate_and_report() {
    let (old_ds, new) = (old_data(), linked());
    let res = carry(&old_ds, old(), &new, AT).expect("carries");
    let ds = &res.dataset;
    let base = new.period.base;
    // Every linked indicator with matching entry kind gets every year of the previous data up to the base year.
    for c in &res.carried {
        let before = &old_ds.data[&c.previous];
        let want: Vec<u16> = before.keys().copied().filter(|y| *y <= base).collect();
        assert_eq!(c.years, want, "{}", c.indicator);
        for y in &c.years {
            assert_eq!(ds.entry(&c.indicator, *y), before.get(y), "{} {y}", c.indicator);
        }
    }
    assert_eq!(res.carried.len(), 18);
    let mmr = res.carried.iter().find(|c| c.indicator == "W2-1-2").expect("maternal mortality carried");
    assert_eq!((mmr.previous.as_str(), mmr.years.first(), mmr.years.last()), ("W1-4-2", Some(&old().period.base), Some(&base)));
    // Numerators and denominators, female/male, stages and the entering unit are all there.
    let e = ds.entry("W2-1-2", base).expect("2025");
    assert!(!e.numerator.is_empty() && !e.denominator.is_empty() && !e.unit.is_empty(), "{e:?}");
    assert!(ds.entry("W1-1-2", base).is_some_and(|e| !e.female.is_empty() && !e.male.is_empty()));
    assert!(ds.entry("W2-3-2", base).is_some_and(|e| e.stage.is_some()));
    // Nothing for new indicators; the changed entry kind is listed, not guessed.
    assert!(!ds.data.contains_key("W2-1-3") && !ds.data.contains_key("W1-1-4") && !ds.data.contains_key("W2-2-4"));
    assert_eq!(res.new_indicators, vec!["W1-1-4".to_string(), "W2-1-3".to_string()]);
    assert_eq!(res.not_carried.len(), 1);
    assert_eq!(res.not_carried[0].indicator, "W2-2-4");
    assert!(matches!(res.not_carried[0].reason, Reason::EntryChanged { .. }));
    assert!(res.left_behind.iter().any(|id| id == "W1-2-1a") && !res.left_behind.iter().any(|id| id == "W1-4-2"));
    // Locks of the carried years are kept (2023, a 上一期 year, and 2025, the base year).
    for y in [2023, 2025] {
        assert_eq!(review::lock_of(ds, "W2-1-2", y), review::lock_of(&old_ds, "W1-4-2", y), "{y}");
        assert!(review::is_locked(ds, "W2-1-2", y));
    }
    assert!(mmr.locked == vec![2023, 2025]);
    // 2023's state is kept; 2025's is not (区卫健局 leads new base-year indicators), and this is listed.
    assert_eq!(review::review_of(ds, UNIT, 2023).map(|r| r.state), Some(ReviewState::Accepted));
    assert_eq!(review::review_of(ds, UNIT, 2025), None);
    assert_eq!(res.states_reset, vec![(UNIT.to_string(), 2025)]);
    // One log entry per carried value.
    assert_eq!(ds.log.len(), res.values());
    let l = ds.log.iter().find(|l| l.indicator == "W2-1-2" && l.year == 2022).expect("logged");
    assert_eq!(l.how, How::Carried { catalogue: old().id.clone(), indicator: "W1-4-2".into() });
    assert_eq!(l.how.label(), "从上一期目录 lishu-2021-2025 转入（原指标 W1-4-2）");
    assert_eq!(l.after.as_ref(), old_ds.entry("W1-4-2", 2022));
    assert_eq!(l.by, "区妇儿工委办");

    // Evaluate on the new catalogue: no data errors (上一期 years are not errors), base values from 2025.
    let ev = evaluate(&new, ds, base);
    assert!(ev.errors.is_empty(), "{:?}", ev.errors.iter().map(|e| e.message(&new)).collect::<Vec<_>>());
    let r = ev.results.iter().find(|r| r.id == "W2-1-2").expect("result");
    assert!(r.explanation(&new).iter().any(|l| l.contains("2025年（基数）")), "{:?}", r.explanation(&new));
    // Data entered for 2026 on top of it, then a report for the new period builds.
    let mut ds2 = ds.clone();
    ds2.set_entry("W2-1-1", 2026, lishu_core::YearEntry { numerator: "950".into(), denominator: "1000".into(), ..Default::default() });
    let ev = evaluate(&new, &ds2, 2026);
    assert!(ev.errors.is_empty());
    let rep = build_report(&new, &ds2, &ev, ReportKind::Annual(2026), Plan::Women, None);
    assert!(rep.header.title.contains("2026") && rep.header.year == 2026, "{}", rep.header.title);
    assert!(rep.header.title.starts_with("梨树区妇女发展规划（2026-2030年）"), "{}", rep.header.title);
}

#[test]
fn the_carried_file_names_the_new_catalogue_imports_and_keeps_locked_values_locked() {
    let new = linked();
    let old_file = export_dataset(&old_data(), "", AT, old());
    let out = carry_file("梨树区监测数据-全区.json", old_file.as_bytes(), old(), &new, AT).expect("carries");
    let json: serde_json::Value = serde_json::from_str(&out.json).expect("json");
    assert_eq!(json["catalogue_id"], new.id);
    assert_eq!(json["catalogue_version"], new.version);
    assert!(out.report.starts_with("已转入 18 个指标的上一期数据"), "{}", out.report);
    assert!(out.report.contains("未转入：孕产妇艾滋病、梅毒和乙肝检测率（W2-2-4） ← 孕产妇艾滋病、梅毒和乙肝检测率（W1-5-2）：填报方式已改变（数值 → 分子分母）"), "{}", out.report);
    let (rep, ds) = read_file("新.json", out.json.as_bytes(), &new);
    assert!(rep.accepted, "{:?}", rep.messages(&new));
    let ds = ds.expect("data");
    assert_eq!(ds, out.result.dataset);
    // The previous catalogue refuses it, naming both.
    let (rep, none) = read_file("新.json", out.json.as_bytes(), old());
    assert!(none.is_none() && rep.messages(old()).join("").contains(&new.id));

    // A unit's later file that changes a locked carried value: the locked value is kept unless unlocked.
    // (A unit's file: trusted only for its own unit's values, io::trust.)
    let unit = new.indicator("W2-1-2").expect("W2-1-2").indicator.lead_unit.clone();
    assert!(!unit.is_empty(), "W2-1-2 has a lead unit");
    let mut changed = ds.clone();
    let mut e = changed.entry("W2-1-2", 2025).cloned().expect("2025");
    e.numerator = format!("{}9", e.numerator);
    e.unit = unit.clone();
    changed.set_entry("W2-1-2", 2025, e);
    changed.locks.clear();
    let file = export_dataset(&changed, &unit, "2027-01-01T00:00:00+08:00", &new);
    let preview = import_files(&[("改动.json".to_string(), file.into_bytes())], &new, &ds);
    let c = preview.conflicts.iter().find(|c| c.indicator == "W2-1-2" && c.year == 2025).expect("a conflict");
    assert!(c.locked.is_some(), "the carried value is locked");
    let after = apply_with(&preview, &ApplyOptions { at: "2027-01-02T00:00:00+08:00", ..Default::default() });
    assert_eq!(after.entry("W2-1-2", 2025), ds.entry("W2-1-2", 2025), "locked value kept");
}

#[test]
fn bad_input_is_refused_with_a_clear_message() {
    let new = linked();
    let old_ds = old_data();
    // A catalogue that names no previous catalogue.
    let e = carry(&old_ds, old(), old(), AT).expect_err("no [previous]").join("\n");
    assert!(e.contains("没有写明上一期目录（[previous]）") && e.contains("lishu catalogue link"), "{e}");
    // Links to unknown ids.
    let mut bad = new.clone();
    bad.lines[0].indicators[0].previous = Some("W9-9-9".into());
    let e = carry(&old_ds, old(), &bad, AT).expect_err("unknown id").join("\n");
    assert!(e.contains("指标 W1-1-1 的 previous：上一期目录（lishu-2021-2025）中没有指标 W9-9-9"), "{e}");
    // A previous catalogue that is not the one named in [previous].
    let qingshan = read_catalogue(QINGSHAN.as_bytes()).expect("qingshan");
    let e = carry(&demo_dataset(&qingshan), &qingshan, &new, AT).expect_err("third catalogue").join("\n");
    assert!(e.contains("而给出的上一期目录是") && e.contains("qingshan-2026-2030"), "{e}");
    // A data file of a third catalogue.
    let third = export_dataset(&demo_dataset(&qingshan), "", AT, &qingshan);
    let e = carry_file("青山县.json", third.as_bytes(), old(), &new, AT).expect_err("third file").join("\n");
    assert!(e.contains("青山县.json") && e.contains("qingshan-2026-2030") && e.contains("lishu-2021-2025"), "{e}");

    // A carried file edited by hand: the checksum no longer matches, the import refuses it.
    let out = carry_file("全区.json", export_dataset(&old_ds, "", AT, old()).as_bytes(), old(), &new, AT).expect("carries");
    let key = "\"numerator\": \"";
    let at = out.json.find(key).expect("a numerator") + key.len();
    let mut edited = out.json.clone();
    edited.insert(at, '1');
    let (rep, none) = read_file("改过.json", edited.as_bytes(), &new);
    assert!(none.is_none());
    assert!(rep.messages(&new).join("").contains("校验"), "{:?}", rep.messages(&new));
    // … and given again as the previous data, it is named for what it is.
    let e = carry_file("全区-新.json", out.json.as_bytes(), old(), &new, AT).expect_err("already carried").join("\n");
    assert!(e.contains("已经是") && e.contains("可能已转入过"), "{e}");
    // A 上一期 year added by hand to a new indicator (checksum recomputed) is refused as out of range.
    let mut ds = out.result.dataset.clone();
    ds.set_entry("W2-1-3", 2022, lishu_core::YearEntry { numerator: "1".into(), denominator: "2".into(), ..Default::default() });
    let (rep, none) = read_file("加了年份.json", export_dataset(&ds, "", AT, &new).as_bytes(), &new);
    assert!(none.is_none());
    let m = rep.messages(&new).join("\n");
    assert!(m.contains("W2-1-3") && m.contains("2022") && m.contains("年份须在"), "{m}");
}

fn lishu() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lishu"))
}

#[test]
fn the_command_line_carries_and_writes_nothing_on_bad_input() {
    let dir = std::env::temp_dir().join(format!("lishu-period-carry-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let cat = dir.join("新目录.toml");
    let text = lishu_core::catalogue::file::write_catalogue(&linked(), "").expect("toml");
    std::fs::write(&cat, text).expect("write");
    let old_file = dir.join("上一期.json");
    std::fs::write(&old_file, export_dataset(&old_data(), "", AT, old())).expect("write");
    let out = dir.join("新数据.json");
    let run = lishu().arg("carry").arg(&old_file).arg("--catalogue").arg(&cat).arg("-o").arg(&out).output().expect("runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.starts_with("已转入 18 个指标的上一期数据（"), "{stdout}");
    assert!(stdout.contains("转入：孕产妇死亡率（W2-1-2） ← 孕产妇死亡率（W1-4-2）：2020、2021、2022、2023、2024、2025 年"), "{stdout}");
    let bytes = std::fs::read(&out).expect("written");
    assert!(read_file("新数据.json", &bytes, &linked()).0.accepted);
    // Evaluate the written file with the new catalogue on the command line.
    let run = lishu().arg("--catalogue").arg(&cat).arg("evaluate").arg(&out).output().expect("runs");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));

    // Bad input: the data file of a third catalogue. Exit 2, the message names it, nothing written.
    let qingshan = read_catalogue(QINGSHAN.as_bytes()).expect("qingshan");
    let third = dir.join("青山县.json");
    std::fs::write(&third, export_dataset(&demo_dataset(&qingshan), "", AT, &qingshan)).expect("write");
    let out2 = dir.join("不应写出.json");
    let run = lishu().arg("carry").arg(&third).arg("--catalogue").arg(&cat).arg("-o").arg(&out2).output().expect("runs");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("青山县.json"));
    assert!(!out2.exists() && !dir.join("不应写出.json.tmp").exists());
    // Without --catalogue the embedded catalogue names no previous one.
    let run = lishu().arg("carry").arg(&old_file).arg("-o").arg(&out2).output().expect("runs");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("没有写明上一期目录"));
    assert!(!out2.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The app's path: `Edit::Carry` merges the carried data into the new catalogue's data as one undo step —
/// locks, review states and the log come along; a value already there is replaced (and named beforehand by
/// `carry_replaces`), a locked one is kept.
#[test]
fn the_carry_edit_merges_with_locks_log_and_one_undo_step() {
    use lishu_core::edit::{apply, carry_replaces, Actor, Edit};
    use lishu_core::io::History;
    let new = linked();
    let res = carry(&old_data(), old(), &new, AT).expect("carries");
    let carried = res.dataset.clone();
    let edit = || Edit::Carry { label: "转入上一期数据".into(), dataset: Box::new(carried.clone()) };

    // Into empty data: everything as carried, one undo step, a snapshot of the (empty) data before.
    let (mut ds, mut h) = (Dataset::default(), History::new(20));
    assert!(carry_replaces(&ds, &carried).is_empty());
    let a = apply(&mut ds, &mut h, &new, &Actor::Office, AT, edit()).expect("applies");
    assert_eq!(a.undo_label.as_deref(), Some("转入上一期数据"));
    assert!(a.snapshot.is_some_and(|s| s.dataset == Dataset::default()));
    assert_eq!(ds.data, carried.data);
    assert_eq!(ds.locks, carried.locks);
    assert!(review::is_locked(&ds, "W2-1-2", 2025));
    assert_eq!(ds.log.len(), res.values());
    assert!(ds.log.iter().all(|l| matches!(l.how, How::Carried { .. }) && l.before.is_none()));

    // Into data that already hold a typed base-year value and a locked one.
    let mut typed = Dataset::default();
    let free = res.carried.iter().find(|c| !c.locked.contains(&2025) && c.years.contains(&2025)).expect("an unlocked carried 2025");
    typed.set_entry(&free.indicator, 2025, lishu_core::YearEntry { value: "1234".into(), ..Default::default() });
    typed.set_entry("W2-1-2", 2025, lishu_core::YearEntry { numerator: "1".into(), denominator: "2".into(), ..Default::default() });
    let lock = review::lock_of(&carried, "W2-1-2", 2025).expect("carried lock").clone();
    typed.locks.entry("W2-1-2".into()).or_default().insert(2025, lock);
    typed.set_entry("W1-1-4", 2026, lishu_core::YearEntry { value: "5".into(), ..Default::default() });
    assert_eq!(carry_replaces(&typed, &carried), vec![(free.indicator.clone(), 2025)], "only the unlocked, different value");
    let (mut ds, mut h) = (typed.clone(), History::new(20));
    let a = apply(&mut ds, &mut h, &new, &Actor::Office, AT, edit()).expect("applies");
    assert_eq!(a.kept_locked, 1, "the locked value is kept");
    assert_eq!(ds.entry(&free.indicator, 2025), carried.entry(&free.indicator, 2025));
    assert_eq!(ds.entry("W2-1-2", 2025), typed.entry("W2-1-2", 2025));
    assert_eq!(ds.entry("W1-1-4", 2026), typed.entry("W1-1-4", 2026), "values of new indicators stay");
    let l = ds.log.iter().find(|l| l.indicator == free.indicator && l.year == 2025).expect("logged");
    assert_eq!(l.before.as_ref(), typed.entry(&free.indicator, 2025), "the replaced value is in the log");
    assert!(!ds.log.iter().any(|l| l.indicator == "W2-1-2" && l.year == 2025), "no log for the kept value");
    // Undo takes the carry back as one step (values not locked before the carry come back as they were).
    apply(&mut ds, &mut h, &new, &Actor::Office, AT, Edit::Undo).expect("undoes");
    assert_eq!(ds.entry(&free.indicator, 2025), typed.entry(&free.indicator, 2025));
}
