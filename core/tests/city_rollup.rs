//! 市级汇总: three small county catalogues and a city catalogue written here as TOML; the map is proposed,
//! checked and edited; the counties' data are summed against hand-computed figures; every bad input is refused
//! with its Chinese message and nothing is written; the command line end to end, and `lishu evaluate` on the
//! city's file.

mod city_support;

use city_support::*;

use lishu_core::catalogue::Stage;
use lishu_core::city::cli::{check_map_file, map_files, rollup_files};
use lishu_core::city::map::{propose_map, read_map};
use lishu_core::city::CityError;
use lishu_core::dataset::Lock;
use lishu_core::io::{export_dataset, read_file};
use lishu_core::{evaluate, Catalogue, Dataset};
use std::process::Command;

fn city() -> Catalogue {
    cat(&city_toml())
}
fn counties() -> Vec<(String, Catalogue)> {
    vec![("甲县.toml".into(), cat(&jia_toml())), ("乙县.toml".into(), cat(&yi_toml())), ("丙县.toml".into(), cat(&bing_toml()))]
}

/// The map a person writes after checking the proposal: 乙县's own numbering.
const MAP: &str = r#"city = "siping-2021-2025"
city_version = "2022-10-01.1"

[[county]]
catalogue = "jia-2021-2025"
version = "2022-09-01.1"
region = "甲县"

[county.map]
"W1-1-1" = "W1-1-1"
"W1-1-2" = "W1-1-2"
"W1-1-3" = "W1-1-3"
"W1-1-4" = "W1-1-4"
"W1-1-5" = "W1-1-5"

[[county]]
catalogue = "yi-2021-2025"
version = "2022-09-02.1"

[county.map]
"W1-1-1" = "W1-1-2"
"W1-1-2" = "W1-1-3"
"W1-1-3" = "W1-1-4"
"W1-1-4" = "W1-1-1"
"W1-1-5" = "W1-1-5"

[county.scale]
"W1-1-1" = 10

[[county]]
catalogue = "bing-2021-2025"
version = "2022-09-03.1"

[county.map]
"W1-1-1" = "W1-1-1"
"W1-1-2" = "W1-1-2"
"W1-1-3" = "W1-1-3"
"W1-1-4" = "W1-1-4"
"W1-1-5" = "W1-1-5"
"#;


/// The counties' data files for 2021: 甲 12/1000 (locked), 乙 30/2500 in %, 丙 only the rate.
fn county_files(cs: &[(String, Catalogue)]) -> Vec<(String, Vec<u8>)> {
    let mut jia = Dataset::default();
    jia.set_entry("W1-1-1", 2021, entry(|e| (e.numerator, e.denominator) = ("12".into(), "1000".into())));
    jia.locks.entry("W1-1-1".into()).or_default().insert(2021, Lock { unit: "区卫健局".into(), at: AT.into(), by: "妇儿工委办".into() });
    jia.set_entry("W1-1-2", 2021, entry(|e| e.value = "1200".into()));
    jia.set_entry("W1-1-3", 2021, entry(|e| (e.female, e.male) = ("30".into(), "70".into())));
    jia.set_entry("W1-1-4", 2021, entry(|e| e.stage = Some(Stage::Done)));
    jia.set_entry("W1-1-5", 2021, entry(|e| e.value = "80.5".into()));
    let mut yi = Dataset::default();
    yi.set_entry("W1-1-2", 2021, entry(|e| (e.numerator, e.denominator) = ("30".into(), "2500".into())));
    yi.set_entry("W1-1-3", 2021, entry(|e| e.value = "800".into()));
    yi.set_entry("W1-1-4", 2021, entry(|e| (e.female, e.male) = ("20".into(), "30".into())));
    yi.set_entry("W1-1-1", 2021, entry(|e| e.stage = Some(Stage::InProgress)));
    let mut bing = Dataset::default();
    bing.set_entry("W1-1-1", 2021, entry(|e| e.value = "15".into()));
    bing.set_entry("W1-1-2", 2021, entry(|e| e.value = "500".into()));
    bing.set_entry("W1-1-3", 2021, entry(|e| e.value = "45".into()));
    vec![
        ("甲县.json".into(), export_dataset(&jia, "", AT, &cs[0].1).into_bytes()),
        ("乙县.json".into(), export_dataset(&yi, "", AT, &cs[1].1).into_bytes()),
        ("丙县.json".into(), export_dataset(&bing, "", AT, &cs[2].1).into_bytes()),
    ]
}

fn rolled() -> (Catalogue, Dataset) {
    let (city, cs) = (city(), counties());
    let out = match rollup_files(&city, "对应表.toml", MAP.as_bytes(), &cs, &county_files(&cs), AT) {
        Ok(o) => o,
        Err(e) => panic!("{}", e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")),
    };
    let (rep, ds) = read_file("市级.json", out.json.as_bytes(), &city);
    let ds = ds.unwrap_or_else(|| panic!("{:?}", rep.messages(&city)));
    (city, ds)
}

fn messages(r: Result<impl std::fmt::Debug, Vec<CityError>>) -> String {
    match r {
        Ok(o) => panic!("expected errors, got {o:?}"),
        Err(es) => es.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
    }
}

#[test]
fn rates_are_summed_numerators_over_summed_denominators_and_a_rate_only_county_is_named() {
    let (city, ds) = rolled();
    let e = ds.entry("W1-1-1", 2021).expect("city entry");
    // 甲 12/1000 + 乙 30/2500 (entered in %, the counts are the same) = 42/3500 = 12‰; 丙 gave only 15‰.
    assert_eq!((e.numerator.as_str(), e.denominator.as_str()), ("42", "3500"));
    assert!(e.note.starts_with("市级汇总：覆盖3个县区中的2个；缺少分子分母：丙县"), "{}", e.note);
    assert!(e.note.contains("已审核的县区：甲县 12 ÷ 1000 = 12‰"), "{}", e.note);
    assert!(e.note.contains("填报中的县区：乙县 30 ÷ 2500 = 12‰"), "{}", e.note);
    assert!(e.note.contains("丙县 数值 15‰"), "{}", e.note);
    let ev = evaluate(&city, &ds, 2021);
    let r = ev.results.iter().find(|r| r.id == "W1-1-1").expect("result");
    assert_eq!(r.latest.map(|v| (v * 1000.0).round() / 1000.0), Some(12.0));
}

#[test]
fn counts_and_female_male_pairs_are_summed_stages_and_averages_only_listed() {
    let (_, ds) = rolled();
    let insured = ds.entry("W1-1-2", 2021).expect("count");
    assert_eq!(insured.value, "2500", "1200 + 800 + 500");
    assert!(insured.note.starts_with("市级汇总：覆盖3个县区中的3个"), "{}", insured.note);
    let fm = ds.entry("W1-1-3", 2021).expect("female/male");
    assert_eq!((fm.female.as_str(), fm.male.as_str()), ("50", "100"));
    assert!(fm.note.contains("覆盖3个县区中的2个；缺少女性/男性人数：丙县"), "{}", fm.note);
    let stage = ds.entry("W1-1-4", 2021).expect("stage listed");
    assert_eq!(stage.stage, None, "no city stage");
    assert!(stage.note.contains("甲县 已实现") && stage.note.contains("乙县 推进中") && stage.note.contains("未填报：丙县"), "{}", stage.note);
    let life = ds.entry("W1-1-5", 2021).expect("listed");
    assert!(life.value.is_empty() && life.note.contains("不能相加") && life.note.contains("甲县 80.5岁"), "{}", life.note);
    // Nothing is invented for an indicator no county feeds, nor for a year nobody reported.
    assert!(!ds.data.contains_key("W1-1-6") && ds.entry("W1-1-1", 2022).is_none());
}

#[test]
fn scales_convert_between_percent_and_permille() {
    use lishu_core::city::map::{conversion, PairProblem};
    let (city, cs) = (city(), counties());
    let read = read_map("对应表.toml", MAP.as_bytes(), &city, &cs.iter().map(|c| &c.1).collect::<Vec<_>>()).expect("map reads");
    let yi = &read.map.counties[1];
    assert_eq!(yi.region, "乙县");
    assert_eq!(yi.pair("W1-1-1").map(|p| p.factor), Some(10.0), "% → ‰");
    let ind = |c: &Catalogue, id: &str| c.indicator(id).expect("indicator").indicator.clone();
    assert_eq!(conversion(&ind(&cs[1].1, "W1-1-2"), &ind(&city, "W1-1-1"), None), Ok(0.1), "‰ → %");
    assert_eq!(conversion(&ind(&city, "W1-1-2"), &ind(&city, "W1-1-6"), Some(1.0)), Err(PairProblem::Unit), "人 ← % even with a scale");
    assert_eq!(conversion(&ind(&city, "W1-1-2"), &ind(&city, "W1-1-5"), None), Err(PairProblem::Unit), "人 ← 岁");
    assert_eq!(conversion(&ind(&city, "W1-1-2"), &ind(&city, "W1-1-5"), Some(2.0)), Ok(2.0), "an explicit factor");
}

#[test]
fn the_proposed_map_pairs_by_name_marks_unit_changes_for_review_and_reads_back() {
    let (city, cs) = (city(), counties());
    let cats: Vec<&Catalogue> = cs.iter().map(|c| &c.1).collect();
    let p = propose_map(&city, &cats);
    let yi = &p.counties[1];
    let pair = |id: &str| yi.pairs.iter().find(|x| x.0 == id).map(|x| (x.1.as_str(), x.2.as_str()));
    assert_eq!(pair("W1-1-2").map(|x| x.0), Some("W1-1-3"));
    assert_eq!(pair("W1-1-4").map(|x| x.0), Some("W1-1-1"));
    let (k, review) = pair("W1-1-1").expect("newborn death rate paired");
    assert_eq!(k, "W1-1-2");
    assert!(review.contains("单位不同"), "{review}");
    assert!(p.toml.contains("[county.review]") && p.toml.contains("[[county]]"), "{}", p.toml);
    let read = read_map("proposed.toml", p.toml.as_bytes(), &city, &cats).expect("the proposal reads back");
    assert_eq!(read.map.counties.len(), 3);
    assert!(read.notices.iter().any(|n| n.starts_with("乙县：") && n.contains("W1-1-1 ← W1-1-2")), "{:?}", read.notices);
    // A county with an indicator the city does not have: listed both ways.
    let extra = cat(&catalogue_toml("ding-2021-2025", "1", "丁县", 2020, &[(1, NEWBORN_PERMILLE)]));
    let out = map_files(&city, &[("丁县.toml".into(), extra)]).expect("proposal");
    assert!(out.report.contains("市级指标无对应：女性失业保险参保人数（W1-1-2）"), "{}", out.report);
    assert!(out.toml.contains("# 市级指标在丁县无对应"), "{}", out.toml);
    let m = messages(map_files(&city, &[("市级副本.toml".into(), city.clone())]));
    assert!(m.contains("文件“市级副本.toml”：县区目录 siping-2021-2025 就是市级目录"), "{m}");
}

#[test]
fn a_bad_map_is_refused_naming_file_county_indicator_and_line() {
    let (city, cs) = (city(), counties());
    let check = |map: &str| messages(check_map_file(&city, &cs, "对应表.toml", map.as_bytes()));
    let m = check(&MAP.replace("\"W1-1-5\" = \"W1-1-5\"\n\n[[county]]\ncatalogue = \"yi", "\"W1-9-9\" = \"W1-1-5\"\n\n[[county]]\ncatalogue = \"yi"));
    assert!(m.contains("文件“对应表.toml”第 14 行：甲县：市级目录中没有指标 W1-9-9"), "{m}");
    let m = check(&MAP.replacen("\"W1-1-2\" = \"W1-1-2\"", "\"W1-1-2\" = \"W1-7-7\"", 1));
    assert!(m.contains("第 11 行：甲县：市级指标 W1-1-2 对应的县区指标 W1-7-7 不在甲县的目录中"), "{m}");
    let m = check(&MAP.replacen("\"W1-1-2\" = \"W1-1-2\"", "\"W1-1-2\" = \"W1-1-5\"", 1));
    assert!(m.contains("甲县：县区指标 W1-1-5 同时对应市级指标 W1-1-2 和 W1-1-5"), "{m}");
    let m = check(&MAP.replacen("\"W1-1-1\" = \"W1-1-1\"", "\"W1-1-1\" = \"W1-1-1\"\n\"W1-1-6\" = \"W1-1-2\"", 1).replacen("\"W1-1-2\" = \"W1-1-2\"\n", "", 1));
    assert!(m.contains("甲县：市级指标 W1-1-6（单位“%”）与县区指标 W1-1-2（单位“人”）单位不同且无法换算"), "{m}");
    let m = check(&MAP.replacen("\"W1-1-1\" = \"W1-1-1\"", "\"W1-1-1\" = \"W1-1-2\"", 1).replacen("\"W1-1-2\" = \"W1-1-2\"\n", "", 1));
    assert!(m.contains("填报方式不同"), "{m}");
    let m = check(&MAP.replace("\"W1-1-1\" = 10", "\"W1-1-1\" = 5"));
    assert!(m.contains("乙县：市级指标 W1-1-1 的 scale = 5 与单位换算不符（应为 10）"), "{m}");
    let m = check(&MAP.replace("jia-2021-2025", "wu-2021-2025"));
    assert!(m.contains("对应表中的县区目录 wu-2021-2025 未用 --county-catalogue 给出"), "{m}");
    let no_bing = MAP.split("\n[[county]]\ncatalogue = \"bing").next().expect("map head");
    let m = check(no_bing);
    assert!(m.contains("文件“丙县.toml”：丙县（目录 bing-2021-2025）在对应表“对应表.toml”中没有 [[county]]"), "{m}");
    let m = check(&MAP.replace("version = \"2022-09-01.1\"", "version = \"2021-01-01.1\""));
    assert!(m.contains("第 6 行：甲县：对应表按目录版本 2021-01-01.1 制作，而给出的目录版本为 2022-09-01.1"), "{m}");
    let m = check(&MAP.replace("city = \"siping-2021-2025\"", "city = \"changchun-2021-2025\""));
    assert!(m.contains("第 1 行：对应表是为市级目录 changchun-2021-2025 制作的"), "{m}");
    let m = check(&format!("{MAP}\n[[county]]\ncatalogue = \"bing-2021-2025\"\nversion = \"2022-09-03.1\"\n"));
    assert!(m.contains("县区目录 bing-2021-2025 在对应表中出现两次"), "{m}");
    let m = check("city = \"siping-2021-2025\"\ncity_version = 3\n");
    assert!(m.contains("文件“对应表.toml”第 2 行：对应表格式有误"), "{m}");
}

#[test]
fn bad_county_inputs_are_refused_with_their_file_and_nothing_is_returned() {
    let (city, cs) = (city(), counties());
    let files = county_files(&cs);
    let run = |cs: &[(String, Catalogue)], files: &[(String, Vec<u8>)]| messages(rollup_files(&city, "对应表.toml", MAP.as_bytes(), cs, files, AT));
    // A county file whose catalogue was not given.
    let other = cat(&catalogue_toml("wu-2021-2025", "1", "戊县", 2020, &[(1, NEWBORN_PERMILLE)]));
    let mut more = files.clone();
    more.push(("戊县.json".into(), export_dataset(&Dataset::default(), "", AT, &other).into_bytes()));
    let m = run(&cs, &more);
    assert!(m.contains("数据文件“戊县.json”是目录 wu-2021-2025（版本 1）的数据，而该目录未用 --county-catalogue 给出"), "{m}");
    // The same county twice: two data files, two catalogues.
    let mut twice = files.clone();
    twice.push(("甲县-副本.json".into(), files[0].1.clone()));
    assert!(run(&cs, &twice).contains("数据文件“甲县.json”和“甲县-副本.json”都是甲县的数据"), "twice");
    let mut cs2 = cs.clone();
    cs2.push(("甲县2.toml".into(), cs[0].1.clone()));
    assert!(run(&cs2, &files).contains("文件“甲县.toml”和“甲县2.toml”是同一个县区目录 jia-2021-2025"));
    // A file of another version of the county's catalogue; a county catalogue of another period.
    let mut newer = cs[2].1.clone();
    newer.version = "2023-01-01.1".into();
    let mut old = files.clone();
    old[2] = ("丙县.json".into(), export_dataset(&Dataset::default(), "", AT, &newer).into_bytes());
    assert!(run(&cs, &old).contains("数据文件“丙县.json”：丙县的数据按目录版本 2023-01-01.1 填报，而给出的丙县目录版本为 2022-09-03.1"));
    let mut later = cs.clone();
    later[2].1 = cat(&catalogue_toml("bing-2021-2025", "2022-09-03.1", "丙县", 2025, &[(1, NEWBORN_PERMILLE)]));
    let m = run(&later, &files);
    assert!(!m.contains("丙县.json"), "the period is the problem: {m}");
    assert!(m.contains("文件“丙县.toml”：丙县的目录规划期为 2026-2030（基数年 2025），与市级目录的规划期 2021-2025（基数年 2020）不同"), "{m}");
    // Damaged files: edited after export (checksum), truncated, not JSON.
    let mut damaged = files.clone();
    damaged[0].1 = String::from_utf8(files[0].1.clone()).expect("utf8").replace("\"1000\"", "\"100\"").into_bytes();
    let m = run(&cs, &damaged);
    assert!(m.contains("数据文件“甲县.json”无法汇总") && m.contains("校验"), "{m}");
    damaged[0].1.truncate(40);
    assert!(run(&cs, &damaged).contains("数据文件“甲县.json”无法汇总"));
    // A value the county's catalogue refuses names the indicator.
    let mut bad = Dataset::default();
    bad.set_entry("W1-1-1", 2021, entry(|e| (e.numerator, e.denominator) = ("12".into(), "0".into())));
    let mut wrong = files.clone();
    wrong[0].1 = export_dataset(&bad, "", AT, &cs[0].1).into_bytes();
    let m = run(&cs, &wrong);
    assert!(m.contains("甲县.json") && m.contains("新生儿死亡率（W1-1-1）") && m.contains("分母不能为 0"), "{m}");
    // A unit's file instead of the county's district file.
    let mut unit = files.clone();
    unit[1].1 = export_dataset(&Dataset::default(), "区卫健局", AT, &cs[1].1).into_bytes();
    assert!(run(&cs, &unit).contains("数据文件“乙县.json”是乙县单位“区卫健局”的数据文件"));
    // A county given without its data file: rolled up as 未报送数据.
    let out = rollup_files(&city, "对应表.toml", MAP.as_bytes(), &cs, &files[..2], AT).expect("two of three");
    assert!(out.notices.iter().any(|n| n.contains("丙县（目录 bing-2021-2025）没有给出数据文件")), "{:?}", out.notices);
    assert!(out.json.contains("未报送数据：丙县"));
}

// ---- The command line ----

fn lishu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lishu")).args(args).output().expect("run lishu")
}

fn dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("lishu-city-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

#[test]
fn the_command_line_proposes_checks_and_rolls_up_and_evaluate_reads_the_result() {
    let d = dir();
    let p = |n: &str| d.join(n).to_string_lossy().into_owned();
    let cs = counties();
    std::fs::write(p("市级.toml"), city_toml()).expect("write");
    for ((name, _), text) in cs.iter().zip([jia_toml(), yi_toml(), bing_toml()]) {
        std::fs::write(p(name), text).expect("write");
    }
    for (name, bytes) in county_files(&cs) {
        std::fs::write(p(&name), bytes).expect("write");
    }
    let out = lishu(&["rollup", "map", "--catalogue", &p("市级.toml"), &p("甲县.toml"), &p("乙县.toml"), &p("丙县.toml"), "-o", &p("proposed.toml")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("乙县（yi-2021-2025）：对应") && report.contains("需人工核对：新生儿死亡率（W1-1-1） ← 新生儿死亡率（W1-1-2）"), "{report}");
    let out = lishu(&["rollup", "check-map", "--catalogue", &p("市级.toml"), "--county-catalogue", &p("甲县.toml"), "--county-catalogue", &p("乙县.toml"), "--county-catalogue", &p("丙县.toml"), &p("proposed.toml")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("提示：乙县："));
    std::fs::write(p("对应表.toml"), MAP).expect("write");
    let mut args = vec!["rollup".to_string(), "--catalogue".into(), p("市级.toml"), "--map".into(), p("对应表.toml")];
    for n in ["甲县.toml", "乙县.toml", "丙县.toml"] {
        args.extend(["--county-catalogue".to_string(), p(n)]);
    }
    args.extend([p("甲县.json"), p("乙县.json"), p("丙县.json"), "-o".into(), p("市级.json")]);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = lishu(&argv);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("已汇总 3 个县区"), "{}", String::from_utf8_lossy(&out.stdout));
    let out = lishu(&["--catalogue", &p("市级.toml"), "evaluate", &p("市级.json"), "--year", "2021"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ev: serde_json::Value = serde_json::from_slice(&out.stdout).expect("evaluation JSON");
    let r = ev["results"].as_array().expect("results").iter().find(|r| r["id"] == "W1-1-1").expect("W1-1-1").clone();
    assert!((r["latest"].as_f64().expect("latest") - 12.0).abs() < 1e-9, "{r}");
    // Bad input: exit 2, the file named, nothing written; the output may not be an input.
    std::fs::write(p("坏.json"), "{\"type\":").expect("write");
    let mut bad = argv.clone();
    let at = bad.iter().position(|a| *a == "-o").expect("-o");
    let bad_json = p("坏.json");
    let none = p("不应写出.json");
    bad.insert(at, &bad_json);
    bad[at + 2] = &none;
    let out = lishu(&bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("数据文件“坏.json”无法汇总"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!std::path::Path::new(&none).exists());
    let mut over = argv.clone();
    let last = over.len() - 1;
    let jia = p("甲县.json");
    over[last] = &jia;
    let out = lishu(&over);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("会覆盖输入"));
    let out = lishu(&["rollup", "--map", &p("对应表.toml"), &p("甲县.json"), "-o", &p("x.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("须用 --catalogue 给出市级目录文件"));
}
