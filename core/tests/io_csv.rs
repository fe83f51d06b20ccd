//! CSV of the evaluation table: BOM, headers, RFC 4180 quoting, formula neutralisation.

mod io_support;

use io_support::*;
use lishu_core::eval::{Status, Warning, WarningKind};
use lishu_core::io::evaluation_csv;

#[test]
fn csv_has_bom_headers_and_one_row_per_indicator() {
    let c = cat();
    let ds = sample();
    let ev = lishu_core::evaluate(&c, &ds, 2025);
    let text = evaluation_csv(&c, &ds, &ev);
    assert!(text.starts_with('\u{feff}'), "UTF-8 BOM");
    assert!(text.ends_with("\r\n"));
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    assert_eq!(
        rows[0],
        [
            "编号",
            "规划",
            "领域",
            "目标",
            "指标",
            "目标值",
            "单位",
            "2020",
            "2021",
            "2022",
            "2023",
            "2024",
            "2025",
            "状态",
            "预警",
            "牵头单位",
            "分子/分母（判断年份）",
            "95%置信区间（事件率）",
            "近三年合并率"
        ]
    );
    assert_eq!(rows.len(), 1 + c.indicators().len());
    assert!(rows.iter().all(|r| r.len() == 19), "every row has 19 cells");
    let w = rows.iter().find(|r| r[0] == "W1-1-1").expect("W1-1-1 row");
    assert_eq!(&w[1..7], ["妇女规划", "妇女与健康", "提高孕产妇保健水平。", "孕产妇死亡率", "≤ 12/10万", "/10万"]);
    // 3 ÷ 2150 × 100000 = 139.53; 2 ÷ 2080 × 100000 = 96.15 (one decimal for /10万)
    assert_eq!(&w[7..9], ["139.5", "96.2"]);
    assert_eq!(w[13], ev.result("W1-1-1").map(|r| r.status.label()).unwrap_or_default());
    let b = rows.iter().find(|r| r[0] == "W1-1-2b").expect("W1-1-2b");
    assert_eq!(b[15], "区统计局", "lead unit from the dataset's settings");
    // The counts beside the rate (2021: 2 ÷ 2080) and, for an event rate, its exact limits: 2 events
    // 0.2422–7.2247 ÷ 2080 × 100000 = 11.64–347.34/10万 (printed with one decimal); no pooled rate from a
    // single counted plan year.
    let r = ev.result("W1-1-1").expect("result");
    assert_eq!(r.latest_year, Some(2021));
    assert_eq!(w[16], "2021年 2/2080");
    assert_eq!(w[17], "11.6–347.3/10万");
    assert_eq!(w[18], "");
}

#[test]
fn csv_quotes_commas_quotes_and_newlines_and_neutralises_formulas() {
    let c = cat();
    let mut ds = sample();
    ds.settings.entry("W1-1-1".into()).or_default().lead_unit = Some("=HYPERLINK(\"x\")".into());
    let mut ev = lishu_core::evaluate(&c, &ds, 2023);
    let r = ev.results.iter_mut().find(|r| r.id == "W1-1-2a").expect("result");
    r.status = Status::Gap;
    r.warnings = vec![
        Warning { kind: WarningKind::HardToReach, reason: "x".into(), working: String::new() },
        Warning { kind: WarningKind::Volatile, reason: "y".into(), working: String::new() },
    ];
    r.lead_unit = "区卫健局, 区妇联 \"联合\"\n牵头".into();
    r.series = vec![(2020, Some(98.6)), (2021, None), (2022, Some(99.123)), (2023, Some(99.2))];
    let text = evaluation_csv(&c, &ds, &ev);
    assert!(text.contains("\"区卫健局, 区妇联 \"\"联合\"\"\n牵头\""), "raw quoting");
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    let a = rows.iter().find(|r| r[0] == "W1-1-2a").expect("row");
    // A computed share is printed by its unit's rule (% with one decimal).
    assert_eq!(&a[7..13], ["98.6", "", "99.1", "99.2", "", ""], "years after 2023 empty");
    assert_eq!(a[13], "尚存差距");
    assert_eq!(a[14], "预计达标困难；波动较大");
    assert_eq!(a[15], "区卫健局, 区妇联 \"联合\"\n牵头");
    let w = rows.iter().find(|r| r[0] == "W1-1-1").expect("row");
    assert!(w[15].starts_with("'="), "formula neutralised: {}", w[15]);
}
