//! 市级比较报告: three small county catalogues and a city catalogue written here as TOML (as in
//! city_rollup.rs); the counties' 2021 data are compared with the city's: the ranking by value in the city's
//! unit, the counties keeping the city below its target with their share of the city's denominator (computed
//! here by hand), the missing-data matrix, and the report — its headings and a table's cells read back from
//! the .docx's word/document.xml, the same headings and tables in the HTML — and the command line end to end.
#![cfg(feature = "docx")]

mod city_support;
mod report_support;

use lishu_core::city::cli::{read_inputs, report_files, summed_checked};
use lishu_core::city::compare::{compare, Comparison, Missing};
use lishu_core::eval::Status;
use lishu_core::io::export_dataset;
use lishu_core::report::docx::write_docx;
use lishu_core::report::html::to_html;
use lishu_core::{Catalogue, Dataset, YearEntry};
use city_support::{cat, catalogue_toml, entry, AT};
use report_support::{docx_parts, from_docx, from_html, from_outline};
use std::process::Command;

/// 住院分娩率 ≥ 99%, counts not events.
const DELIVERY: &str = r#"name = "住院分娩率"
clause = "住院分娩率保持在99%以上"
kind = "min"
op = ">="
value = 99
unit = "%"
direction = "up"
entry = "rate"
numerator = "住院分娩数"
denominator = "活产数"
scale = 100
events = false"#;
const NEWBORN_PERMILLE: &str = r#"name = "新生儿死亡率"
clause = "新生儿死亡率控制在5‰以下"
kind = "max"
op = "<="
value = 5
unit = "‰"
direction = "down"
entry = "rate"
numerator = "新生儿死亡数"
denominator = "活产数"
scale = 1000"#;
const NEWBORN_PERCENT: &str = r#"name = "新生儿死亡率"
clause = "新生儿死亡率控制在0.5%以下"
kind = "max"
op = "<="
value = 0.5
unit = "%"
direction = "down"
entry = "rate"
numerator = "新生儿死亡数"
denominator = "活产数"
scale = 100
events = true"#;
const INSURED: &str = r#"name = "女性失业保险参保人数"
clause = "女性失业保险参保人数逐步增加"
kind = "directional"
unit = "人"
direction = "up"
entry = "value""#;
const SCIENTISTS: &str = r#"name = "科技人才中女性比例"
clause = "科技人才中女性比例提高"
kind = "directional"
unit = "%"
direction = "up"
entry = "female_male""#;

fn city_toml() -> String {
    catalogue_toml("siping-2021-2025", "2022-10-01.1", "四平市", 2020, &[(1, DELIVERY), (2, NEWBORN_PERMILLE), (3, INSURED), (4, SCIENTISTS)])
}
fn jia_toml() -> String {
    catalogue_toml("jia-2021-2025", "2022-09-01.1", "甲县", 2020, &[(1, DELIVERY), (2, NEWBORN_PERMILLE), (3, INSURED), (4, SCIENTISTS)])
}
/// 乙县: its own numbering, the newborn death rate in %.
fn yi_toml() -> String {
    catalogue_toml("yi-2021-2025", "2022-09-02.1", "乙县", 2020, &[(1, NEWBORN_PERCENT), (2, DELIVERY), (3, SCIENTISTS), (4, INSURED)])
}
/// 丙县: no count of insured women (未对应).
fn bing_toml() -> String {
    catalogue_toml("bing-2021-2025", "2022-09-03.1", "丙县", 2020, &[(1, DELIVERY), (2, NEWBORN_PERMILLE), (4, SCIENTISTS)])
}

const MAP: &str = r#"city = "siping-2021-2025"
city_version = "2022-10-01.1"

[[county]]
catalogue = "jia-2021-2025"
version = "2022-09-01.1"

[county.map]
"W1-1-1" = "W1-1-1"
"W1-1-2" = "W1-1-2"
"W1-1-3" = "W1-1-3"
"W1-1-4" = "W1-1-4"

[[county]]
catalogue = "yi-2021-2025"
version = "2022-09-02.1"

[county.map]
"W1-1-1" = "W1-1-2"
"W1-1-2" = "W1-1-1"
"W1-1-3" = "W1-1-4"
"W1-1-4" = "W1-1-3"

[[county]]
catalogue = "bing-2021-2025"
version = "2022-09-03.1"

[county.map]
"W1-1-1" = "W1-1-1"
"W1-1-2" = "W1-1-2"
"W1-1-4" = "W1-1-4"
"#;

fn counties() -> Vec<(String, Catalogue)> {
    vec![("甲县.toml".into(), cat(&jia_toml())), ("乙县.toml".into(), cat(&yi_toml())), ("丙县.toml".into(), cat(&bing_toml()))]
}

fn rate(n: &str, d: &str) -> YearEntry {
    entry(|e| (e.numerator, e.denominator) = (n.into(), d.into()))
}

/// 2021: 住院分娩 甲 1430/1450, 乙 1990/2000, 丙 1519/1550 (city 4939/5000 = 98.78% < 99%); 新生儿死亡 甲 3/1000
/// = 3‰, 乙 8/2000 = 0.4% = 4‰, 丙 only the rate 6‰; 参保人数 甲 1200, 乙 none, 丙 未对应; 科技人才 甲 30/70,
/// 乙 only the share, 丙 20/30.
fn county_files(cs: &[(String, Catalogue)]) -> Vec<(String, Vec<u8>)> {
    let mut jia = Dataset::default();
    jia.set_entry("W1-1-1", 2021, rate("1430", "1450"));
    jia.set_entry("W1-1-2", 2021, rate("3", "1000"));
    jia.set_entry("W1-1-3", 2021, entry(|e| e.value = "1200".into()));
    jia.set_entry("W1-1-4", 2021, entry(|e| (e.female, e.male) = ("30".into(), "70".into())));
    let mut yi = Dataset::default();
    yi.set_entry("W1-1-2", 2021, rate("1990", "2000"));
    yi.set_entry("W1-1-1", 2021, rate("8", "2000"));
    yi.set_entry("W1-1-3", 2021, entry(|e| e.value = "40".into()));
    let mut bing = Dataset::default();
    bing.set_entry("W1-1-1", 2021, rate("1519", "1550"));
    bing.set_entry("W1-1-2", 2021, entry(|e| e.value = "6".into()));
    bing.set_entry("W1-1-4", 2021, entry(|e| (e.female, e.male) = ("20".into(), "30".into())));
    vec![
        ("甲县.json".into(), export_dataset(&jia, "", AT, &cs[0].1).into_bytes()),
        ("乙县.json".into(), export_dataset(&yi, "", AT, &cs[1].1).into_bytes()),
        ("丙县.json".into(), export_dataset(&bing, "", AT, &cs[2].1).into_bytes()),
    ]
}

fn fail(e: Vec<lishu_core::city::CityError>) -> ! {
    panic!("{}", e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
}

fn comparison() -> Comparison {
    let (city, cs) = (cat(&city_toml()), counties());
    let inputs = read_inputs(&city, "对应表.toml", MAP.as_bytes(), &cs, &county_files(&cs)).unwrap_or_else(|e| fail(e));
    let parts = inputs.parts(&cs);
    let sum = summed_checked(&city, &parts, AT).unwrap_or_else(|e| fail(e));
    compare(&city, &sum.dataset, &parts, 2021)
}

fn regions(c: &Comparison, idx: impl IntoIterator<Item = usize>) -> Vec<String> {
    idx.into_iter().map(|i| c.counties[i].region.clone()).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn counties_are_ranked_by_value_in_the_city_unit_best_first_by_direction() {
    let c = comparison();
    assert_eq!(regions(&c, 0..3), ["甲县", "乙县", "丙县"]);
    // 住院分娩率 (higher is better): 乙 99.5% > 甲 98.62% > 丙 98.0%.
    let d = &c.indicators[0];
    assert_eq!(d.id, "W1-1-1");
    assert_eq!(regions(&c, d.ranking.iter().map(|r| r.county)), ["乙县", "甲县", "丙县"]);
    assert!(close(d.ranking[0].value, 99.5) && close(d.ranking[2].value, 1519.0 / 1550.0 * 100.0), "{:?}", d.ranking);
    // 新生儿死亡率 (lower is better), 乙's 0.4% counted as 4‰: 甲 3‰ < 乙 4‰ < 丙 6‰.
    let n = &c.indicators[1];
    assert_eq!(regions(&c, n.ranking.iter().map(|r| r.county)), ["甲县", "乙县", "丙县"]);
    assert!(close(n.ranking[1].value, 4.0), "{:?}", n.ranking);
    // Statuses: the city's beside each county's on its own catalogue; 丙 has no 参保人数 (未对应).
    assert!(d.not_achieved(), "{:?}", d.city_status);
    assert!(close(d.city_value.expect("city value"), 98.78));
    assert_eq!(c.indicators[2].cells[2].status, None);
    assert!(c.indicators[2].cells[0].status.is_some(), "甲 maps it");
    assert_eq!((d.cells[0].status, d.cells[1].status), (Some(Status::Basic), Some(Status::AchievedEarly)));
}

#[test]
fn the_counties_below_the_city_target_carry_their_share_of_the_city_denominator() {
    let c = comparison();
    let d = &c.indicators[0];
    // City 4939 / 5000 births = 98.78% < 99%: 丙 (1550 of 5000 births = 31%) and 甲 (1450 = 29%) are below 99%;
    // 乙 (99.5%) is not. Largest share first.
    assert!(close(d.city_weight.expect("city births"), 5000.0));
    assert_eq!(regions(&c, d.laggards.iter().map(|l| l.county)), ["丙县", "甲县"]);
    assert!(close(d.laggards[0].share.expect("share"), 1550.0 / 5000.0));
    assert!(close(d.laggards[1].share.expect("share"), 1450.0 / 5000.0));
    let text = lishu_core::city::report::laggard_text(&c, d);
    assert!(text.contains("差于全市目标的县区：丙县 98.0%（占全市活产数 31%）；甲县 98.6%（占全市活产数 29%）"), "{text}");
    // An indicator the city achieves has none.
    assert!(c.indicators.iter().filter(|i| !i.not_achieved()).all(|i| i.laggards.is_empty()));
}

#[test]
fn the_missing_matrix_names_no_data_missing_counts_and_unmapped() {
    let c = comparison();
    let m: Vec<Vec<Option<Missing>>> = c.indicators.iter().map(|i| i.cells.iter().map(|k| k.missing).collect()).collect();
    assert_eq!(m[0], [None, None, None], "住院分娩率: all gave the counts");
    assert_eq!(m[1], [None, None, Some(Missing::NoCounts)], "新生儿死亡率: 丙 only the rate");
    assert_eq!(m[2], [None, Some(Missing::NoData), Some(Missing::Unmapped)], "参保人数");
    assert_eq!(m[3], [None, Some(Missing::NoCounts), None], "科技人才: 乙 only the share");
    let labels: Vec<&str> = c.indicators[3].cells.iter().filter_map(|k| k.missing.map(|x| x.label(c.indicators[3].entry))).collect();
    assert_eq!(labels, ["缺少女性/男性人数"]);
    assert_eq!(Missing::NoCounts.label(c.indicators[1].entry), "缺少分子分母");
}

fn report() -> lishu_core::report::document::DocumentSpec {
    let (city, cs) = (cat(&city_toml()), counties());
    report_files(&city, "对应表.toml", MAP.as_bytes(), &cs, &county_files(&cs), 2021, AT, "2026年12月5日").unwrap_or_else(|e| fail(e)).spec
}

const HEADINGS: [&str; 9] = [
    "一、汇总情况",
    "二、各县区比较",
    "三、拖后腿的县区",
    "四、缺数据情况",
    "附件：各县区情况",
    "（一）甲县",
    "（二）乙县",
    "（三）丙县",
    "",
];

#[test]
fn the_report_docx_has_the_sections_and_the_tables_cells_and_the_html_the_same() {
    let spec = report();
    let docx = write_docx(&spec).expect("docx");
    let parts = docx_parts(&docx);
    let xml = String::from_utf8(parts.get("word/document.xml").expect("document.xml").clone()).expect("utf8");
    let said = from_docx(&xml);
    let heads: Vec<&str> = said.headings.iter().filter(|h| h.0 != "title").map(|h| h.1.as_str()).collect();
    assert_eq!(heads, HEADINGS[..8], "{:?}", said.headings);
    assert_eq!(said.headings[0], ("title".to_string(), "四平市妇女儿童发展规划（2021-2025年）2021年度各县区比较报告".to_string()));
    // 表4 缺数据: one row per indicator with a gap, a column per county.
    let t = said.tables.iter().find(|t| t.caption.starts_with("表4")).expect("missing table");
    assert_eq!(t.header, ["编号", "指标", "甲县", "乙县", "丙县"]);
    assert_eq!(
        t.rows,
        [
            ["W1-1-2", "新生儿死亡率", "已填报", "已填报", "缺少分子分母"],
            ["W1-1-3", "女性失业保险参保人数", "已填报", "无数据", "未对应"],
            ["W1-1-4", "科技人才中女性比例", "已填报", "缺少女性/男性人数", "已填报"],
        ]
    );
    // 表2 statuses: the city's and each county's, with the value in the city's unit.
    let s = said.tables.iter().find(|t| t.caption.starts_with("表2")).expect("status table");
    assert_eq!(s.header, ["编号", "指标", "全市", "甲县", "乙县", "丙县"]);
    assert_eq!(s.rows[0][2..], ["98.8% 基本实现", "98.6% 基本实现", "99.5% 提前实现", "98.0% 尚存差距"].map(String::from), "{:?}", s.rows[0]);
    assert_eq!(s.rows[2][5], "未对应");
    // 科技人才中女性比例 (提高, no number) has one year: a value, and still 无数据 — said in plain words under the table.
    assert_eq!(s.rows[3][3], "30.0% 无数据", "{:?}", s.rows[3]);
    let plain: String = xml.split('<').filter_map(|t| t.split_once('>').map(|(_, text)| text)).collect();
    assert!(plain.contains(lishu_core::city::report::VALUED_NO_DATA), "the note under the status table");
    assert!(xml.contains("占全市活产数 31%"), "the laggards paragraph");
    // The HTML page and the outline say the same.
    let html = from_html(&to_html(&spec));
    let outline = from_outline(&spec);
    assert_eq!(html.headings, said.headings);
    assert_eq!(outline.headings, said.headings);
    assert_eq!(html.tables, said.tables);
}

// ---- The command line ----

fn lishu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lishu")).args(args).output().expect("run lishu")
}

#[test]
fn the_command_line_writes_the_city_report_and_refuses_bad_input() {
    let d = std::env::temp_dir().join(format!("lishu-city-compare-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("tmp dir");
    let p = |n: &str| d.join(n).to_string_lossy().into_owned();
    let cs = counties();
    std::fs::write(p("市级.toml"), city_toml()).expect("write");
    for ((name, _), text) in cs.iter().zip([jia_toml(), yi_toml(), bing_toml()]) {
        std::fs::write(p(name), text).expect("write");
    }
    for (name, bytes) in county_files(&cs) {
        std::fs::write(p(&name), bytes).expect("write");
    }
    std::fs::write(p("对应表.toml"), MAP).expect("write");
    let mut args = vec!["rollup".to_string(), "report".into(), "--catalogue".into(), p("市级.toml"), "--map".into(), p("对应表.toml")];
    for n in ["甲县.toml", "乙县.toml", "丙县.toml"] {
        args.extend(["--county-catalogue".to_string(), p(n)]);
    }
    args.extend([p("甲县.json"), p("乙县.json"), p("丙县.json"), "--year".into(), "2021".into(), "-o".into(), p("报告.docx")]);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = lishu(&argv);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 个县区，市级指标 4 项，其中未达标"), "{}", String::from_utf8_lossy(&out.stdout));
    let docx = std::fs::read(p("报告.docx")).expect("report written");
    let xml = String::from_utf8(docx_parts(&docx).get("word/document.xml").expect("document.xml").clone()).expect("utf8");
    let heads: Vec<String> = from_docx(&xml).headings.into_iter().filter(|h| h.0 != "title").map(|h| h.1).collect();
    assert_eq!(heads, HEADINGS[..8]);
    // HTML: the same headings.
    let mut html = argv.clone();
    let last = html.len() - 1;
    let html_out = p("报告.html");
    html[last] = &html_out;
    html.splice(last - 1..last - 1, ["--format", "html"]);
    let out = lishu(&html);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(p("报告.html")).expect("html written");
    assert_eq!(from_html(&page).headings, from_docx(&xml).headings);
    // A year outside the plan: usage error; a damaged data file: exit 2, named, nothing written.
    let mut bad_year = argv.clone();
    let y = bad_year.iter().position(|a| *a == "2021").expect("year");
    bad_year[y] = "2030";
    let out = lishu(&bad_year);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("评估年份 2030 须在市级目录的规划期"), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(p("坏.json"), "{\"type\":").expect("write");
    let mut bad = argv.clone();
    let bad_json = p("坏.json");
    let none = p("不应写出.docx");
    bad.insert(6, &bad_json);
    let last = bad.len() - 1;
    bad[last] = &none;
    let out = lishu(&bad);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("数据文件“坏.json”无法汇总"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!std::path::Path::new(&none).exists());
}

#[test]
fn a_city_with_more_counties_gets_its_status_table_split_with_the_city_column_in_each() {
    let mut c = comparison();
    let mut ding = c.counties[0].clone();
    ding.region = "丁县".into();
    c.counties.push(ding);
    for i in &mut c.indicators {
        let first = i.cells[0].clone();
        i.cells.push(first);
    }
    let spec = lishu_core::city::report::city_report(&cat(&city_toml()), &c, "");
    let said = from_outline(&spec);
    let parts: Vec<_> = said.tables.iter().filter(|t| t.caption.starts_with("表2")).collect();
    assert_eq!(parts.len(), 2);
    assert!(parts[0].caption.starts_with("表2-1 ") && parts[0].caption.ends_with("（甲县、乙县、丙县）"), "{}", parts[0].caption);
    assert_eq!(parts[1].header, ["编号", "指标", "全市", "丁县"]);
    assert_eq!(parts[1].rows[0][3], "98.6% 基本实现");
}
