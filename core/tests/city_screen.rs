//! 市级汇总 screen (`city::screen`): the app's section worked out natively from the same bytes the app sends
//! to the file module — a city catalogue, two county catalogues and a county data file carrying its catalogue
//! (附带目标目录), the county data files — against hand-computed sums (Σ numerators ÷ Σ denominators); bad
//! input refused naming the file. The fixture files in `core/tests/fixtures/city/` (also used by the browser
//! e2e `tests/e2e_city.rs`) are checked to be what this file generates (`LISHU_WRITE_FIXTURES=1` rewrites them).

mod city_support;

use city_support::*;

use lishu_core::catalogue::Stage;
use lishu_core::city::screen::{city_screen, decode, encode, report_spec, CityFile, CityInput, CityScreen, TABLE};
use lishu_core::io::{export_dataset, export_dataset_with, read_file};
use lishu_core::Dataset;
use std::path::PathBuf;

/// The fixture files (name, text): 2021 data of 甲 12/1000‰, 乙 30/2500 (entered in %), 丙 9/1500 (its file
/// carries its catalogue); the city's newborn death rate is (12+30+9)/(1000+2500+1500) = 51/5000 = 10.2‰.
fn fixtures() -> Vec<(&'static str, String)> {
    let mut jia = Dataset::default();
    jia.set_entry("W1-1-1", 2021, entry(|e| (e.numerator, e.denominator) = ("12".into(), "1000".into())));
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
    bing.set_entry("W1-1-1", 2021, entry(|e| (e.numerator, e.denominator) = ("9".into(), "1500".into())));
    bing.set_entry("W1-1-2", 2021, entry(|e| e.value = "500".into()));
    bing.set_entry("W1-1-3", 2021, entry(|e| e.value = "45".into()));
    let (jia_c, yi_c, bing_c) = (cat(&jia_toml()), cat(&yi_toml()), cat(&bing_toml()));
    vec![
        ("四平市目标目录.toml", city_toml()),
        ("甲县目标目录.toml", jia_toml()),
        ("乙县目标目录.toml", yi_toml()),
        ("甲县监测数据.json", export_dataset(&jia, "", AT, &jia_c)),
        ("乙县监测数据.json", export_dataset(&yi, "", AT, &yi_c)),
        ("丙县监测数据-附带目标目录.json", export_dataset_with(&bing, "", AT, &bing_c, None, true)),
    ]
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/city")
}

#[test]
fn the_fixture_files_are_what_this_test_generates() {
    for (name, text) in fixtures() {
        let path = dir().join(name);
        if std::env::var_os("LISHU_WRITE_FIXTURES").is_some() {
            std::fs::create_dir_all(dir()).expect("dir");
            std::fs::write(&path, &text).expect("write");
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (LISHU_WRITE_FIXTURES=1 writes it)", path.display()));
        assert_eq!(on_disk, text, "{name} is out of date (LISHU_WRITE_FIXTURES=1 rewrites it)");
    }
}

fn file(name: &str, text: &str) -> CityFile {
    CityFile { name: name.into(), bytes: text.as_bytes().to_vec() }
}

/// The input the clerk builds: ① city ② 甲, 乙 catalogues and 丙's carrying file ④ 甲, 乙 data.
fn input() -> CityInput {
    let f: Vec<CityFile> = fixtures().iter().map(|(n, t)| file(n, t)).collect();
    CityInput {
        city: Some(f[0].clone()),
        counties: vec![f[1].clone(), f[2].clone(), f[5].clone()],
        map: None,
        data: vec![f[3].clone(), f[4].clone()],
        year: 0,
        at: AT.into(),
        date: "2026年12月5日".into(),
    }
}

fn screen(i: &CityInput) -> CityScreen {
    // Through the ABI's bytes, as the app sends them.
    let i = decode(&encode(i)).expect("decodes");
    city_screen(&i).unwrap_or_else(|e| panic!("{}", e.join("\n")))
}

fn errors(i: &CityInput) -> String {
    match city_screen(i) {
        Ok(s) => panic!("expected errors, got {:?}", s.title),
        Err(e) => e.join("\n"),
    }
}

fn table<'a>(s: &'a CityScreen, caption: &str) -> &'a lishu_core::city::screen::ScreenBlock {
    s.blocks.iter().find(|b| b.level == TABLE && b.text.contains(caption)).unwrap_or_else(|| panic!("no table {caption}"))
}

fn row<'a>(t: &'a lishu_core::city::screen::ScreenBlock, id: &str) -> &'a Vec<String> {
    t.rows.iter().find(|r| r[0] == id).unwrap_or_else(|| panic!("no row {id}"))
}

#[test]
fn the_screen_sums_numerators_and_denominators_of_three_counties() {
    let s = screen(&input());
    assert_eq!(s.year, 2021, "the latest year with data");
    assert_eq!(s.years, vec![2021]);
    let t = table(&s, "2021年市级汇总数值");
    // (12 + 30 + 9) / (1000 + 2500 + 1500) = 51 / 5000 = 10.2‰ — not the mean of 12‰, 12‰ and 6‰ (10‰).
    let newborn = row(t, "W1-1-1");
    assert_eq!((newborn[2].as_str(), newborn[3].as_str()), ("10.2‰", "51 / 5000"), "{newborn:?}");
    assert!(newborn[4].starts_with("市级汇总：覆盖3个县区中的3个"), "{}", newborn[4]);
    // Counts summed: 1200 + 800 + 500; women and men summed over the counties that gave them (丙 only a rate).
    assert_eq!(row(t, "W1-1-2")[2], "2500人");
    let fm = row(t, "W1-1-3");
    assert_eq!(fm[3], "女 50 / 男 100", "{fm:?}");
    assert!(fm[4].contains("缺少女性/男性人数：丙县"), "{}", fm[4]);
    // The city's data file reads back with the city catalogue and holds the same sum.
    let city = cat(&city_toml());
    let (rep, ds) = read_file(&s.data_name, s.data_json.as_bytes(), &city);
    let ds = ds.unwrap_or_else(|| panic!("{:?}", rep.messages(&city)));
    let e = ds.entry("W1-1-1", 2021).expect("entry");
    assert_eq!((e.numerator.as_str(), e.denominator.as_str()), ("51", "5000"));
    assert_eq!(s.data_name, "四平市市级汇总数据-2026-12-05.json");
    // The comparison (the report's sections) is on the screen too.
    assert!(s.blocks.iter().any(|b| b.level == 1 && b.text == "二、各县区比较"));
    let ranking = table(&s, "各县区排名");
    assert!(row(ranking, "W1-1-1")[3].starts_with("1. 丙县 6.0‰；2. 甲县 12.0‰"), "{:?}", row(ranking, "W1-1-1"));
}

#[test]
fn identical_ids_and_names_need_no_review_and_a_unit_change_does() {
    let s = screen(&input());
    let t = table(&s, "各区县指标对照情况");
    let jia = t.rows.iter().find(|r| r[0] == "甲县").expect("甲县");
    assert_eq!((jia[2].as_str(), jia[3].as_str()), ("6", "0"), "same ids and names: sure ({jia:?})");
    let bing = t.rows.iter().find(|r| r[0] == "丙县").expect("丙县");
    assert_eq!(bing[3], "0");
    let review = table(&s, "需核对的对照");
    assert!(review.rows.iter().all(|r| r[0] == "乙县"), "{:?}", review.rows);
    assert!(review.rows.iter().any(|r| r[1].contains("W1-1-1") && r[3].contains("单位不同")), "{:?}", review.rows);
    assert!(s.map_toml.contains("[[county]]") && s.map_name.ends_with("自动对照.toml"));
    // The map offered for download, given back at step ③, gives the same roll-up.
    let again = screen(&CityInput { map: Some(file("对照表.toml", &s.map_toml)), ..input() });
    assert_eq!(again.data_json, s.data_json);
}

#[test]
fn the_report_is_one_outline_with_the_counties() {
    let spec = report_spec(&input()).unwrap_or_else(|e| panic!("{}", e.join("\n")));
    assert_eq!(spec.title, "四平市妇女儿童发展规划（2021-2025年）2021年度各县区比较报告");
    let text = format!("{:?}", spec.blocks);
    assert!(text.contains("2026年12月5日") && text.contains("附件：各县区情况") && text.contains("丙县"), "{text}");
}

#[test]
fn bad_input_is_refused_naming_the_file() {
    // A county data file whose catalogue was not given (乙's catalogue left out).
    let mut i = input();
    i.counties.remove(1);
    let m = errors(&i);
    assert!(m.contains("乙县监测数据.json"), "{m}");
    assert!(m.contains("数据文件“乙县监测数据.json”是目录 yi-2021-2025（版本 2022-09-02.1）的数据，而该目录未在第②步选择"), "{m}");
    // A data file carrying its catalogue may come at step ④ as well: the same roll-up.
    let mut i = input();
    let bing = i.counties.remove(2);
    i.data.push(bing);
    assert_eq!(screen(&i).data_json, screen(&input()).data_json);
    // A data file without its catalogue given at step ②.
    let mut i = input();
    i.counties.push(i.data[0].clone());
    let m = errors(&i);
    assert!(m.contains("文件“甲县监测数据.json”是数据文件，但没有附带目标目录"), "{m}");
    // The same county twice.
    let mut i = input();
    i.data.push(CityFile { name: "甲县监测数据-副本.json".into(), ..i.data[0].clone() });
    let m = errors(&i);
    assert!(m.contains("甲县监测数据.json") && m.contains("甲县监测数据-副本.json"), "{m}");
    // A damaged file.
    let mut i = input();
    let cut = i.data[1].bytes.len() / 2;
    i.data[1].bytes.truncate(cut);
    let m = errors(&i);
    assert!(m.contains("乙县监测数据.json"), "{m}");
    // A map naming an unknown id.
    let s = screen(&input());
    let bad = s.map_toml.replacen("\"W1-1-2\" = \"W1-1-2\"", "\"W1-1-2\" = \"W1-7-7\"", 1);
    let m = errors(&CityInput { map: Some(file("对照表.toml", &bad)), ..input() });
    assert!(m.contains("对照表.toml") && m.contains("W1-7-7"), "{m}");
    // A damaged carried catalogue: refused as a catalogue file would be.
    let mut i = input();
    let text = String::from_utf8(i.counties[2].bytes.clone()).expect("utf8").replacen("\"direction\":\"down\"", "\"direction\":\"sideways\"", 1);
    i.counties[2].bytes = text.into_bytes();
    let m = errors(&i);
    assert!(m.contains("丙县监测数据-附带目标目录.json"), "{m}");
    // Missing steps.
    let m = errors(&CityInput { city: None, ..input() });
    assert!(m.contains("第①步"), "{m}");
    let m = errors(&CityInput { data: Vec::new(), counties: input().counties[..2].to_vec(), ..input() });
    assert!(m.contains("第④步"), "{m}");
}

#[test]
fn a_carried_catalogue_is_read_with_the_data_and_checked_on_import() {
    use lishu_core::io::carried::read_carried;
    let f = fixtures();
    let (name, text) = &f[5];
    let bing = cat(&bing_toml());
    assert_eq!(read_carried(name, text.as_bytes()), Ok(Some(bing.clone())));
    assert_eq!(read_carried("甲.json", f[3].1.as_bytes()), Ok(None), "a file without one");
    // `catalogue` comes before `data`, and the file imports where that catalogue is in use.
    assert!(text.find("\n  \"catalogue\": ").expect("member") < text.find("\n  \"data\": ").expect("data"));
    let (rep, ds) = read_file(name, text.as_bytes(), &bing);
    assert!(ds.is_some() && rep.notices.is_empty(), "{:?} {:?}", rep.messages(&bing), rep.notices);
    // Carried catalogue edited without a new version: refused by import, naming the file.
    let edited = text.replacen("丙县妇女发展规划", "丙县妇女发展纲要", 1);
    let (rep, ds) = read_file(name, edited.as_bytes(), &bing);
    assert!(ds.is_none());
    let m = rep.messages(&bing).join("\n");
    assert!(m.contains(name) && m.contains("编号、版本相同但内容不同"), "{m}");
    // Another catalogue: refused as today.
    let (rep, ds) = read_file(name, text.as_bytes(), &cat(&jia_toml()));
    assert!(ds.is_none() && rep.messages(&bing).join("").contains("两者的指标不能混用"));
    // A carried catalogue breaking a catalogue rule: refused with the rule.
    let broken = text.replacen("\"approx_band\":2.0", "\"approx_band\":-2.0", 1);
    assert_ne!(broken, *text, "the fixture has the member");
    let e = read_carried(name, broken.as_bytes()).expect_err("refused");
    assert!(e[0].starts_with(&format!("文件“{name}”附带的目标目录：")), "{e:?}");
}
