//! The `lishu` command line: catalogue (and catalogue draft), evaluate and merge, run as a user would.
use lishu_core::io::{export_dataset, unit_view};
use lishu_core::{demo::demo_dataset, evaluate, Catalogue, Evaluation};
use std::process::Command;

fn lishu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lishu")).args(args).output().expect("run lishu")
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lishu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

#[test]
fn catalogue_prints_the_whole_catalogue() {
    let out = lishu(&["catalogue"]);
    assert!(out.status.success());
    let printed: Catalogue = serde_json::from_slice(&out.stdout).expect("catalogue JSON");
    assert_eq!(&printed, Catalogue::embedded());
    assert_eq!(printed.lines.len(), 257);
}

#[test]
fn evaluate_matches_the_core_and_honours_year() {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    let path = tmp("demo.json");
    std::fs::write(&path, export_dataset(&ds, "", "2026-11-29T09:00:00+08:00", cat)).expect("write");
    let out = lishu(&["evaluate", path.to_str().expect("path"), "--year", "2023"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ev: Evaluation = serde_json::from_slice(&out.stdout).expect("evaluation JSON");
    let expected = evaluate(cat, &ds, 2023);
    assert_eq!(ev, expected);
    // Every printed result carries its explanation (计算过程), written out in full.
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("evaluation JSON");
    let printed = json["results"].as_array().expect("results");
    assert_eq!(printed.len(), expected.results.len());
    for (p, r) in printed.iter().zip(&expected.results) {
        assert_eq!(p["id"], r.id.as_str());
        let lines: Vec<String> = serde_json::from_value(p["explanation"].clone()).expect("explanation lines");
        assert_eq!(lines, r.explanation(cat), "{}", r.id);
        assert!(lines.iter().any(|l| l.starts_with("结论：")), "{}: {lines:?}", r.id);
    }
}

#[test]
fn evaluate_rejects_bad_files_with_chinese_messages() {
    let path = tmp("bad.json");
    std::fs::write(&path, "{\"type\":\"something-else\"}").expect("write");
    let out = lishu(&["evaluate", path.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json"), "{err}");
    let out = lishu(&["evaluate", path.to_str().expect("path"), "--year", "2031"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2020–2025"));
    let out = lishu(&["evaluate", "/nonexistent/x.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取文件"));
}

#[test]
fn merge_writes_a_file_evaluate_accepts_and_reports_conflicts() {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    let a = unit_view(&ds, "区卫健局", cat);
    let mut b = unit_view(&ds, "区卫健局", cat);
    // Same indicator and year, different value, later time: a conflict.
    let (id, year) = {
        let (id, years) = b.data.iter().find(|(_, y)| y.values().any(|e| !e.value.is_empty())).expect("value entry");
        let (year, _) = years.iter().find(|(_, e)| !e.value.is_empty()).expect("year");
        (id.clone(), *year)
    };
    if let Some(e) = b.data.get_mut(&id).and_then(|m| m.get_mut(&year)) {
        e.value = if e.value == "7" { "8".into() } else { "7".into() };
        e.updated_at = "2030-01-01T00:00:00+08:00".into();
    }
    let (pa, pb, po) = (tmp("a.json"), tmp("b.json"), tmp("merged.json"));
    std::fs::write(&pa, export_dataset(&a, "区卫健局", "2026-11-01T09:00:00+08:00", cat)).expect("write");
    std::fs::write(&pb, export_dataset(&b, "区卫健局", "2026-11-02T09:00:00+08:00", cat)).expect("write");
    let s = |p: &std::path::PathBuf| p.to_str().expect("path").to_string();
    let out = lishu(&["merge", &s(&pa), &s(&pb), "-o", &s(&po)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("冲突") && err.contains(&id), "{err}");
    let out = lishu(&["evaluate", &s(&po), "--year", "2025"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ev: Evaluation = serde_json::from_slice(&out.stdout).expect("evaluation JSON");
    assert!(ev.results.iter().any(|r| r.id == id));
}

#[test]
fn help_on_every_command_exits_0() {
    for args in [vec!["--help"], vec!["catalogue", "--help"], vec!["catalogue", "check", "--help"], vec!["catalogue", "draft", "--help"], vec!["log", "--help"], vec!["evaluate", "--help"], vec!["merge", "--help"]] {
        let out = lishu(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("用法"), "{args:?}: {text}");
    }
    // Usage errors exit 1 with a Chinese reason.
    let out = lishu(&["merge", "a.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("缺少参数"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = lishu(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("未知命令“frobnicate”"));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lishu"))
        .arg("catalogue")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lishu");
    // Read a little, then close the pipe (like `lishu catalogue | head -1`).
    let mut first = [0u8; 16];
    child.stdout.as_mut().expect("stdout").read_exact(&mut first).expect("some output");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

#[test]
fn catalogue_check_lists_problems_with_lines() {
    let good = concat!(env!("CARGO_MANIFEST_DIR"), "/data/catalogue.toml");
    let out = lishu(&["catalogue", "check", good]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("检查通过") && text.contains("指标 297 个") && text.contains("规划期 2021–2025 年"), "{text}");

    let source = std::fs::read_to_string(good).expect("catalogue");
    let bad = source.replacen("last = 2025", "last = 2019", 1).replacen("kind = \"min\"", "kind = \"mn\"", 1);
    let path = tmp("坏目录.toml");
    std::fs::write(&path, &bad).expect("write");
    let out = lishu(&["catalogue", "check", path.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("文件“坏目录.toml”：第 ") && err.contains("“mn”不是可用的取值"), "{err}");
    // The same file is refused as --catalogue of any command, and nothing is written.
    let merged = tmp("never.json");
    let out = lishu(&["--catalogue", path.to_str().expect("path"), "merge", good, "-o", merged.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!merged.exists());
}

#[test]
fn evaluate_checks_the_year_against_the_catalogue_period() {
    let cat = Catalogue::embedded();
    let path = tmp("years.json");
    std::fs::write(&path, export_dataset(&demo_dataset(cat), "", "2026-11-29T09:00:00+08:00", cat)).expect("write");
    let out = lishu(&["evaluate", path.to_str().expect("path"), "--year", "2019"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("年份 2019 须在 2020–2025 之间"));
    // Without --year: the latest year with data.
    let out = lishu(&["evaluate", path.to_str().expect("path")]);
    let ev: Evaluation = serde_json::from_slice(&out.stdout).expect("evaluation JSON");
    assert_eq!(ev.year, cat.period.last);
}

#[test]
fn catalogue_draft_writes_a_draft_that_reads_back() {
    let plan = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/county-2026-2030-plan.txt");
    let out_path = tmp("draft.toml");
    let out = lishu(&["catalogue", "draft", plan, "-o", out_path.to_str().expect("path"), "--id", "qingshan-2026-2030"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("规划 2 部，领域 6 个，主要目标 10 项，目标行 27 条"), "{err}");
    let bytes = std::fs::read(&out_path).expect("draft written");
    let cat = lishu_core::catalogue::file::read_catalogue(&bytes).expect("the draft reads as a catalogue");
    assert_eq!((cat.id.as_str(), cat.region.as_str()), ("qingshan-2026-2030", "青山县"));
    // To standard output without -o.
    let out = lishu(&["catalogue", "draft", plan]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("id = \"draft-2026-2030\""));
}

#[test]
fn catalogue_draft_reports_bad_input() {
    let path = tmp("not-a-plan.txt");
    std::fs::write(&path, "这不是规划文本").expect("write");
    let out = lishu(&["catalogue", "draft", path.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("文件“not-a-plan.txt”：") && err.contains("未找到规划标题"), "{err}");
    let out = lishu(&["catalogue", "draft", path.to_str().expect("path"), "--id", "Bad Id"]);
    assert_eq!(out.status.code(), Some(2));
    let out = lishu(&["catalogue", "draft"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("缺少参数 <规划.txt>"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn another_catalogue_from_draft_to_evaluation_on_the_command_line() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let plan = format!("{fixtures}/county-2026-2030-plan.txt");
    let reviewed = format!("{fixtures}/county-2026-2030.toml");
    // draft → check
    let draft = tmp("青山县草稿.toml");
    let out = lishu(&["catalogue", "draft", &plan, "-o", draft.to_str().expect("path"), "--id", "qingshan-2026-2030"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = lishu(&["catalogue", "check", draft.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("规划期 2026–2030 年，基数年 2025，中期评估年 2028") && text.contains("需人工核对："), "{text}");
    // evaluate with the reviewed catalogue
    let cat = lishu_core::catalogue::file::read_catalogue(&std::fs::read(&reviewed).expect("fixture")).expect("reads");
    let data = tmp("青山县.json");
    std::fs::write(&data, export_dataset(&demo_dataset(&cat), "", "2029-01-01T09:00:00+08:00", &cat)).expect("write");
    let out = lishu(&["--catalogue", &reviewed, "evaluate", data.to_str().expect("path"), "--year", "2028"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ev: Evaluation = serde_json::from_slice(&out.stdout).expect("evaluation JSON");
    assert_eq!(ev, evaluate(&cat, &demo_dataset(&cat), 2028));
    let out = lishu(&["--catalogue", &reviewed, "evaluate", data.to_str().expect("path"), "--year", "2024"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("年份 2024 须在 2025–2030 之间"));
    // Without --catalogue the embedded (Lishu) catalogue refuses the file, naming both catalogues.
    let out = lishu(&["evaluate", data.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("qingshan-2026-2030") && err.contains("lishu-2021-2025"), "{err}");
}

#[test]
fn log_lists_changes_and_merge_keeps_locked_values() {
    use lishu_core::review;
    let cat = Catalogue::embedded();
    let r = cat.indicators().into_iter().find(|r| r.indicator.lead_unit == "区卫健局").expect("a 卫健局 indicator");
    let id = r.indicator.id.clone();
    let mut ds = lishu_core::Dataset::default();
    let before = ds.entry(&id, 2024).cloned();
    ds.set_entry(&id, 2024, lishu_core::YearEntry { value: "5".into(), unit: "区卫健局".into(), ..Default::default() });
    review::log_entry_edit(&mut ds, &id, 2024, before, "区卫健局", "2026-03-01T10:00:00+08:00", false);
    review::submit(&mut ds, cat, "区卫健局", 2024, "2026-03-01T11:00:00+08:00").expect("submit");
    review::accept(&mut ds, cat, "区卫健局", 2024, "2026-03-02T09:00:00+08:00").expect("accept");
    let district = tmp("审核后.json");
    std::fs::write(&district, export_dataset(&ds, "", "2026-03-02T10:00:00+08:00", cat)).expect("write");
    let out = lishu(&["log", district.to_str().expect("path"), "--indicator", &id]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("区卫健局 录入") && text.contains("（空） → 数值 5") && text.contains("共 1 条记录"), "{text}");
    let out = lishu(&["log", district.to_str().expect("path"), "--unit", "区卫健局"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("提交") && text.contains("审核通过") && text.contains("共 3 条记录"), "{text}");
    let out = lishu(&["log", district.to_str().expect("path"), "--indicator", "X9-9-9"]);
    assert_eq!(out.status.code(), Some(1));
    // A later unit file changing the accepted value: the merge keeps it and says so.
    let mut later = lishu_core::Dataset::default();
    later.set_entry(&id, 2024, lishu_core::YearEntry { value: "6".into(), updated_at: "2026-04-01T10:00:00+08:00".into(), ..Default::default() });
    let unit_file = tmp("更正.json");
    std::fs::write(&unit_file, export_dataset(&later, "区卫健局", "2026-04-01T12:00:00+08:00", cat)).expect("write");
    let merged = tmp("合并.json");
    // Without `--office` the district file is one more unit's file: it names no unit and is refused.
    let out = lishu(&["merge", district.to_str().expect("path"), unit_file.to_str().expect("path"), "-o", merged.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有注明导出单位"));
    assert!(!merged.exists(), "nothing written after an error");
    let out = lishu(&["merge", "--office", district.to_str().expect("path"), unit_file.to_str().expect("path"), "-o", merged.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("拒绝（已审核锁定）") && err.contains(&id) && err.contains("更正.json") && err.contains("1 处因锁定被拒绝"), "{err}");
    let (_, back) = lishu_core::io::read_file("合并.json", &std::fs::read(&merged).expect("merged"), cat);
    assert_eq!(back.expect("reads").entry(&id, 2024).map(|e| e.value.clone()), Some("5".to_string()));
}

#[test]
fn evaluate_reports_the_entry_pages_plausibility_warnings() {
    let cat = Catalogue::embedded();
    let id = cat
        .indicators()
        .into_iter()
        .find(|r| r.indicator.unit == "%" && r.indicator.entry == lishu_core::catalogue::Entry::Value)
        .map(|r| r.indicator.id.clone())
        .expect("a percentage");
    let mut ds = lishu_core::Dataset::default();
    for (y, v) in [(2021, "40"), (2022, "70")] {
        ds.set_entry(&id, y, lishu_core::YearEntry { value: v.into(), ..Default::default() });
    }
    let path = tmp("jump.json");
    std::fs::write(&path, export_dataset(&ds, "", "2026-11-29T09:00:00+08:00", cat)).expect("write");
    let out = lishu(&["evaluate", path.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    let want = lishu_core::check::dataset_warnings(cat, &ds);
    assert_eq!(want.len(), 1, "{want:?}");
    assert!(err.contains(&format!("请核对：{}", want[0].message(cat))), "{err}");
}
