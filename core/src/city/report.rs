//! 市级比较报告 / The city report: the comparison of the counties ([`super::compare`]) laid out once as blocks
//! of the report outline ([`crate::report::outline::Block`]) in a [`DocumentSpec`], which the Word writer
//! (`report::docx::write_docx`) and the HTML page (`report::html::to_html`) only render.
//!
//! Sections: 一、汇总情况 (the city's and each county's counts per status) · 二、各县区比较 (statuses of the city
//! and of every county per city indicator; the counties ranked) · 三、拖后腿的县区 (per city indicator not
//! achieved: the counties worse than the city's target and their share of the city's denominator) ·
//! 四、缺数据情况 (county × indicator: 无数据 / 缺少分子分母 / 未对应) · 附件：各县区情况 (per county its
//! indicators' statuses on its own catalogue).

use super::compare::{share_text, Comparison, IndicatorComparison};
use crate::catalogue::Catalogue;
use crate::eval::{Rollup, Status};
use crate::report::document::{Block, Cell, DocumentSpec, PageSetup, TableSize, DOCUMENT_TYPE};
use crate::report::{count, fmt_rate, fmt_value};
use crate::text::chinese_number;

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph { lead: String::new(), text: text.into() }
}

fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::Heading { level, text: text.into() }
}

/// The title of the city report: "四平市妇女儿童发展规划（2021-2025年）2021年度各县区比较报告".
pub fn city_report_title(city: &Catalogue, year: u16) -> String {
    format!("{}{year}年度各县区比较报告", city.title)
}

/// The counts sentence of a scope: "纳入监测指标 6 项，可监测 4 项，达标 2 项，达标率 50.0%；…".
fn counts_sentence(r: &Rollup) -> String {
    format!(
        "纳入监测指标 {} 项，可监测 {} 项，达标 {} 项，达标率 {}；基本实现 {} 项，尚存差距 {} 项，退步 {} 项，无数据 {} 项。",
        r.total,
        r.monitorable,
        r.achieved,
        fmt_rate(r.rate),
        count(r, Status::Basic),
        count(r, Status::Gap),
        count(r, Status::Regress),
        r.no_data
    )
}

fn rollup_row(name: &str, r: &Rollup) -> Vec<Cell> {
    let mut row = vec![Cell::text(name), Cell::text(r.total.to_string()), Cell::text(r.monitorable.to_string())];
    row.extend(Status::ALL.iter().map(|s| Cell::text(count(r, *s).to_string())));
    row.push(Cell::text(fmt_rate(r.rate)));
    row
}

fn summary_table(city: &Catalogue, c: &Comparison) -> Block {
    let mut header = vec!["范围".to_string(), "指标总数".to_string(), "可监测".to_string()];
    header.extend(Status::ALL.iter().map(|s| s.label().to_string()));
    header.push("达标率".to_string());
    let mut rows = vec![rollup_row(&format!("全市（{}）", city.region), &c.city_rollup)];
    rows.extend(c.counties.iter().map(|k| rollup_row(&k.region, &k.rollup)));
    let mut widths = vec![14];
    widths.extend(vec![8; header.len() - 1]);
    Block::Table {
        caption: "表1 市级和各县区指标实现情况".to_string(),
        keep: vec![true; header.len()],
        widths,
        header,
        rows,
        size: TableSize::Small,
    }
}

/// A status cell with the year's value: "98.6% 基本实现".
fn status_cell(value: Option<f64>, unit: &str, status: Status) -> Cell {
    match value {
        Some(v) => Cell { text: format!("{} {}", fmt_value(Some(v), unit), status.label()), status: Some(status) },
        None => Cell::status(status),
    }
}

/// Said under the status tables when a cell has a value and still reads 无数据.
pub const VALUED_NO_DATA: &str = "表中有数值而状态为“无数据”的，是已有数值但还不能判断：目标为“提高”“下降”“保持”等而无具体数值的指标，\
须与基期或以往年度比较，只有一个年度的数据时无法判断。这不是未填报；原因写在各县区报告中该指标的“计算过程”里。";

/// Does any status cell (the city's or a county's) have a value and the status 无数据?
fn valued_but_not_judged(c: &Comparison) -> bool {
    c.indicators.iter().any(|i| {
        (i.city_value.is_some() && i.city_status == Status::NoData)
            || i.cells.iter().any(|k| k.value.is_some() && k.status == Some(Status::NoData))
    })
}

/// Counties per status table: the status cells ("98.6% 基本实现") never break, so a wide city's counties are
/// split over several tables (表2-1, 表2-2 …), each with the city's column.
pub const COUNTIES_PER_STATUS_TABLE: usize = 3;
/// Counties per table of the missing-data matrix.
pub const COUNTIES_PER_MISSING_TABLE: usize = 5;

/// The numbered captions of a table split in `parts`: "表2 …" for one part, "表2-1 …（甲县、乙县、丙县）" for more.
fn split_caption(number: usize, title: &str, part: usize, parts: usize, names: &[&str]) -> String {
    if parts <= 1 {
        format!("表{number} {title}")
    } else {
        format!("表{number}-{} {title}（{}）", part + 1, names.join("、"))
    }
}

fn status_tables(c: &Comparison) -> Vec<Block> {
    let chunks: Vec<Vec<usize>> = (0..c.counties.len()).collect::<Vec<_>>().chunks(COUNTIES_PER_STATUS_TABLE).map(<[usize]>::to_vec).collect();
    let chunks = if chunks.is_empty() { vec![Vec::new()] } else { chunks };
    let title = format!("{}年全市和各县区指标状态（数值已换算为市级单位）", c.year);
    chunks
        .iter()
        .enumerate()
        .map(|(part, ks)| {
            let names: Vec<&str> = ks.iter().map(|k| c.counties[*k].region.as_str()).collect();
            let mut header = vec!["编号".to_string(), "指标".to_string(), "全市".to_string()];
            header.extend(names.iter().map(|n| n.to_string()));
            let mut widths = vec![9, 16, 12];
            widths.extend(ks.iter().map(|_| 12));
            let keep = (0..header.len()).map(|i| i != 1).collect();
            let rows = c
                .indicators
                .iter()
                .map(|i| {
                    let mut row = vec![Cell::text(i.id.clone()), Cell::text(i.name.clone()), status_cell(i.city_value, &i.unit, i.city_status)];
                    row.extend(ks.iter().map(|k| match i.cells[*k].status {
                        Some(s) => status_cell(i.cells[*k].value, &i.unit, s),
                        None => Cell::text("未对应"),
                    }));
                    row
                })
                .collect();
            Block::Table { caption: split_caption(2, &title, part, chunks.len(), &names), header, widths, keep, rows, size: TableSize::Small }
        })
        .collect()
}

fn ranking_text(c: &Comparison, i: &IndicatorComparison) -> String {
    if i.ranking.is_empty() {
        return "—".to_string();
    }
    i.ranking
        .iter()
        .enumerate()
        .map(|(n, r)| format!("{}. {} {}", n + 1, c.counties[r.county].region, fmt_value(Some(r.value), &i.unit)))
        .collect::<Vec<_>>()
        .join("；")
}

fn ranking_table(c: &Comparison) -> Block {
    let rows = c
        .indicators
        .iter()
        .filter(|i| !i.ranking.is_empty())
        .map(|i| vec![Cell::text(i.id.clone()), Cell::text(i.name.clone()), Cell::text(i.target_label.clone()), Cell::text(ranking_text(c, i))])
        .collect();
    Block::Table {
        caption: "表3 各县区排名（由好到差）".to_string(),
        header: ["编号", "指标", "目标", "排名"].map(String::from).to_vec(),
        widths: vec![10, 18, 12, 60],
        keep: vec![true, false, false, false],
        rows,
        size: TableSize::Small,
    }
}

/// The sentence of one city indicator not achieved: the counties worse than the target, with their shares.
pub fn laggard_text(c: &Comparison, i: &IndicatorComparison) -> String {
    let city = format!(
        "（全市 {}，目标 {}，{}）",
        fmt_value(i.city_value, &i.unit),
        i.target_label,
        i.city_status.label()
    );
    if i.laggards.is_empty() {
        return format!("{city}没有县区的数值差于全市目标，或县区缺少数据（见“四、缺数据情况”）。");
    }
    let what = if i.city_target.is_some() { "差于全市目标的县区" } else { "本县区未达标的县区" };
    let names: Vec<String> = i
        .laggards
        .iter()
        .map(|l| {
            let region = &c.counties[l.county].region;
            let v = fmt_value(Some(l.value), &i.unit);
            match (l.share, i.weight_label.is_empty()) {
                (Some(s), false) => format!("{region} {v}（占全市{} {}）", i.weight_label, share_text(s)),
                (None, false) => format!("{region} {v}（未填报{}，占比不详）", i.weight_label),
                _ => format!("{region} {v}"),
            }
        })
        .collect();
    format!("{city}{what}：{}。", names.join("；"))
}

fn missing_tables(c: &Comparison, rows: &[&IndicatorComparison]) -> Vec<Block> {
    let chunks: Vec<Vec<usize>> = (0..c.counties.len()).collect::<Vec<_>>().chunks(COUNTIES_PER_MISSING_TABLE).map(<[usize]>::to_vec).collect();
    let title = format!("{}年各县区缺数据情况", c.year);
    chunks
        .iter()
        .enumerate()
        .map(|(part, ks)| {
            let names: Vec<&str> = ks.iter().map(|k| c.counties[*k].region.as_str()).collect();
            let mut header = vec!["编号".to_string(), "指标".to_string()];
            header.extend(names.iter().map(|n| n.to_string()));
            let mut widths = vec![10, 20];
            widths.extend(ks.iter().map(|_| 12));
            let mut keep = vec![true, false];
            keep.extend(ks.iter().map(|_| false));
            let rows = rows
                .iter()
                .map(|i| {
                    let mut row = vec![Cell::text(i.id.clone()), Cell::text(i.name.clone())];
                    row.extend(ks.iter().map(|k| Cell::text(i.cells[*k].missing.map_or("已填报", |m| m.label(i.entry)))));
                    row
                })
                .collect();
            Block::Table { caption: split_caption(4, &title, part, chunks.len(), &names), header, widths, keep, rows, size: TableSize::Small }
        })
        .collect()
}

fn county_table(n: usize, k: &super::compare::CountyOverview) -> Block {
    let rows = k
        .rows
        .iter()
        .map(|(r, fed)| {
            vec![
                Cell::text(r.id.clone()),
                Cell::text(r.name.clone()),
                Cell::text(if fed.is_empty() { "—".to_string() } else { fed.clone() }),
                Cell::text(r.target_label.clone()),
                Cell::text(r.latest_text.clone()),
                Cell::status(r.status),
            ]
        })
        .collect();
    Block::Table {
        caption: format!("附表{n} {}指标状态", k.region),
        header: ["编号", "指标", "汇入市级指标", "目标", "现值", "状态"].map(String::from).to_vec(),
        widths: vec![10, 20, 12, 14, 22, 10],
        keep: vec![true, false, true, false, false, true],
        rows,
        size: TableSize::Small,
    }
}

/// The city report of a comparison, dated `date` ("2026年12月5日"; empty: no date line).
pub fn city_report(city: &Catalogue, c: &Comparison, date: &str) -> DocumentSpec {
    let title = city_report_title(city, c.year);
    let mut b = vec![Block::Title { text: title.clone() }];
    let names: Vec<&str> = c.counties.iter().map(|k| k.region.as_str()).collect();
    b.push(Block::Subtitle { text: format!("（{}　评估年份：{}年　县区：{}）", city.region, c.year, names.join("、")) });
    if !date.is_empty() {
        b.push(Block::Subtitle { text: date.to_string() });
    }

    b.push(heading(1, "一、汇总情况"));
    let with_data = c.counties.iter().filter(|k| k.has_data).count();
    let mut s = format!("本报告汇总{}个县区（其中{}个报送数据文件）", c.counties.len(), with_data);
    let without: Vec<&str> = c.counties.iter().filter(|k| !k.has_data).map(|k| k.region.as_str()).collect();
    if !without.is_empty() {
        s.push_str(&format!("，未报送：{}", without.join("、")));
    }
    s.push_str(&format!("。{}年，{}市级{}", c.year, city.region, counts_sentence(&c.city_rollup)));
    b.push(para(s));
    b.push(para("市级数值由各县区的分子、分母（或人数）相加后计算，不是各县区数值的平均；只填报了比率的县区不计入市级数值，见“四、缺数据情况”。"));
    b.push(summary_table(city, c));

    b.push(heading(1, "二、各县区比较"));
    b.push(para("下表列出每项市级指标的市级状态和各县区状态（各县区按本县区目录评估；数值按对应表换算为市级单位）。"));
    b.extend(status_tables(c));
    if valued_but_not_judged(c) {
        b.push(para(VALUED_NO_DATA));
    }
    b.push(para("各县区按本年数值排名，由好到差：目标为提高的由高到低，为降低的由低到高，为保持的按与目标的距离。"));
    b.push(ranking_table(c));

    b.push(heading(1, "三、拖后腿的县区"));
    let behind: Vec<&IndicatorComparison> = c.indicators.iter().filter(|i| i.not_achieved()).collect();
    if behind.is_empty() {
        b.push(para("市级各项可监测指标均已达标，或尚无市级数据。"));
    } else {
        b.push(para(format!(
            "市级未达标指标 {} 项。对每项指标列出数值差于全市目标的县区及其占全市分母（人数）的比重，比重大的县区对全市影响大。",
            behind.len()
        )));
    }
    for (n, i) in behind.iter().enumerate() {
        b.push(Block::Paragraph { lead: format!("{}. {} {}", n + 1, i.id, i.name), text: laggard_text(c, i) });
    }

    b.push(heading(1, "四、缺数据情况"));
    let missing: Vec<&IndicatorComparison> = c.indicators.iter().filter(|i| i.any_missing()).collect();
    if missing.is_empty() {
        b.push(para("各县区均填报了全部市级指标的数据。"));
    } else {
        let per: Vec<String> = c
            .counties
            .iter()
            .enumerate()
            .map(|(k, county)| {
                let n = c.indicators.iter().filter(|i| i.cells.get(k).is_some_and(|x| x.missing.is_some())).count();
                format!("{} {} 项", county.region, n)
            })
            .collect();
        b.push(para(format!("{} 项市级指标在至少一个县区缺少可汇总的数据（{}）。", missing.len(), per.join("，"))));
        b.extend(missing_tables(c, &missing));
    }

    b.push(Block::PageBreak);
    b.push(heading(1, "附件：各县区情况"));
    for (n, k) in c.counties.iter().enumerate() {
        b.push(heading(2, format!("（{}）{}", chinese_number(n + 1), k.region)));
        if !k.has_data {
            b.push(para(format!("{}未报送数据文件，各项指标均为无数据。", k.region)));
        }
        b.push(para(format!("{}（目录 {}）{}", k.region, k.catalogue, counts_sentence(&k.rollup))));
        b.push(county_table(n + 1, k));
    }

    DocumentSpec { kind: DOCUMENT_TYPE.to_string(), title, page: PageSetup::official(), page_header: String::new(), created: String::new(), blocks: b }
}
