//! The small city and county catalogues shared by the 市级汇总 tests (city_rollup.rs, city_screen.rs,
//! city_compare.rs): a city catalogue and 甲/乙/丙县's, written as TOML, each target line one indicator.
#![allow(dead_code)]

use lishu_core::catalogue::file::read_catalogue;
use lishu_core::{Catalogue, YearEntry};

pub const AT: &str = "2026-12-05T10:00:00+08:00";

/// One indicator, one target line of goal W1-1: (line number, TOML body of the indicator without its id).
pub fn catalogue_toml(id: &str, version: &str, region: &str, base: u16, indicators: &[(u32, &str)]) -> String {
    let (first, last) = (base + 1, base + 5);
    let mut t = format!(
        r#"id = "{id}"
version = "{version}"
region = "{region}"
title = "{region}妇女儿童发展规划（{first}-{last}年）"

[period]
base = {base}
first = {first}
last = {last}
midterm = {mid}

[[plans]]
plan = "women"
title = "{region}妇女发展规划（{first}-{last}年）"
short = "妇女规划"

[defaults]
approx_band = 2.0
balance_low = 45.0
balance_high = 55.0
basic_tolerance = 0.01
min_change = 0.0

[[domains]]
id = "W1"
plan = "women"
number = 1
name = "妇女与健康"
short = "健康"

[[goals]]
id = "W1-1"
domain = "W1"
number = 1
text = "提高妇女健康水平。"
"#,
        mid = base + 3
    );
    for (n, body) in indicators {
        t.push_str(&format!(
            "\n[[lines]]\nid = \"W1-1-{n}\"\ngoal = \"W1-1\"\nnumber = {n}\ntext = \"第{n}条。\"\n\n[[lines.indicators]]\nid = \"W1-1-{n}\"\n{body}\n"
        ));
    }
    t
}

pub const NEWBORN_PERMILLE: &str = r#"name = "新生儿死亡率"
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
pub const NEWBORN_PERCENT: &str = r#"name = "新生儿死亡率"
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
pub const INSURED: &str = r#"name = "女性失业保险参保人数"
clause = "女性失业保险参保人数逐步增加"
kind = "directional"
unit = "人"
direction = "up"
entry = "value""#;
pub const SCIENTISTS: &str = r#"name = "科技人才中女性比例"
clause = "科技人才中女性比例提高"
kind = "directional"
unit = "%"
direction = "up"
entry = "female_male""#;
pub const CENTRE: &str = r#"name = "危重孕产妇救治中心建设"
clause = "建立危重孕产妇救治中心"
kind = "milestone"
direction = "up"
entry = "milestone""#;
pub const LIFE: &str = r#"name = "妇女人均预期寿命"
clause = "妇女人均预期寿命延长"
kind = "directional"
unit = "岁"
direction = "up"
entry = "value""#;
pub const AWARENESS: &str = r#"name = "妇女营养健康知识知晓率"
clause = "妇女营养健康知识知晓率提高"
kind = "directional"
unit = "%"
direction = "up"
entry = "value""#;

pub fn city_toml() -> String {
    catalogue_toml(
        "siping-2021-2025",
        "2022-10-01.1",
        "四平市",
        2020,
        &[(1, NEWBORN_PERMILLE), (2, INSURED), (3, SCIENTISTS), (4, CENTRE), (5, LIFE), (6, AWARENESS)],
    )
}
/// 甲县: the city's numbering.
pub fn jia_toml() -> String {
    catalogue_toml("jia-2021-2025", "2022-09-01.1", "甲县", 2020, &[(1, NEWBORN_PERMILLE), (2, INSURED), (3, SCIENTISTS), (4, CENTRE), (5, LIFE), (6, AWARENESS)])
}
/// 乙县: its own numbering, the newborn death rate in %.
pub fn yi_toml() -> String {
    catalogue_toml("yi-2021-2025", "2022-09-02.1", "乙县", 2020, &[(1, CENTRE), (2, NEWBORN_PERCENT), (3, INSURED), (4, SCIENTISTS), (5, LIFE), (6, AWARENESS)])
}
/// 丙县: the city's numbering.
pub fn bing_toml() -> String {
    catalogue_toml("bing-2021-2025", "2022-09-03.1", "丙县", 2020, &[(1, NEWBORN_PERMILLE), (2, INSURED), (3, SCIENTISTS), (4, CENTRE), (5, LIFE), (6, AWARENESS)])
}

pub fn cat(toml: &str) -> Catalogue {
    match read_catalogue(toml.as_bytes()) {
        Ok(c) => c,
        Err(e) => panic!("{:?}", e.iter().map(|x| x.message()).collect::<Vec<_>>()),
    }
}

pub fn entry(f: impl FnOnce(&mut YearEntry)) -> YearEntry {
    let mut e = YearEntry::default();
    f(&mut e);
    e
}
