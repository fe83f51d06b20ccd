//! The evaluation table as a workbook: sheet 评估表 (the CSV's rows, status cells in their colours, header
//! frozen and filterable) and sheet 汇总 (达标率 overall, by plan and by domain).

use super::{Cell, SheetSpec, Style, Value, WorkbookSpec};
use crate::catalogue::Catalogue;
use crate::dataset::Dataset;
use crate::eval::{Evaluation, Rollup};
use crate::io::table::{evaluation_headers, evaluation_rows, status_column, FIRST_YEAR_COLUMN};

pub const EVALUATION_SHEET: &str = "评估表";
pub const SUMMARY_SHEET: &str = "汇总";

/// Column widths of 评估表 (characters): 编号 规划 领域 目标 指标 目标值 单位, one per year, 状态 预警 牵头单位.
fn widths(years: usize) -> Vec<f64> {
    let mut w = vec![9.0, 9.0, 14.0, 30.0, 30.0, 18.0, 7.0];
    w.extend(std::iter::repeat_n(9.0, years));
    w.extend([10.0, 18.0, 14.0, 18.0, 20.0, 34.0]);
    w
}

/// The evaluation workbook. `created` (ISO 8601) is the file's creation time and is shown on 汇总.
pub fn evaluation_workbook(cat: &Catalogue, ds: &Dataset, ev: &Evaluation, created: &str) -> WorkbookSpec {
    let status_col = status_column(cat);
    let mut rows = vec![evaluation_headers(cat).into_iter().map(|h| Cell::text(h, Style::Header)).collect::<Vec<_>>()];
    for r in evaluation_rows(cat, ds, ev) {
        let cells = r
            .cells
            .into_iter()
            .enumerate()
            .map(|(i, value)| {
                let style = match (&value, r.status) {
                    (_, Some(s)) if i == status_col => Style::Status(s.color().to_string()),
                    (Value::Number(_), _) => Style::Number,
                    _ if (FIRST_YEAR_COLUMN..status_col).contains(&i) => Style::Number,
                    _ => Style::Text,
                };
                Cell { value, style, choices: Vec::new() }
            })
            .collect();
        rows.push(cells);
    }
    let table = SheetSpec {
        name: EVALUATION_SHEET.to_string(),
        column_widths: widths(cat.period.len()),
        rows,
        freeze_rows: 1,
        freeze_cols: 1,
        autofilter: true,
        ..Default::default()
    };
    WorkbookSpec {
        sheets: vec![table, summary(cat, ev, created)],
        title: format!("{}监测评估表（{} 年）", cat.title, ev.year),
        created: created.to_string(),
    }
}

fn summary(cat: &Catalogue, ev: &Evaluation, created: &str) -> SheetSpec {
    let mut rows = vec![
        vec![Cell::text(format!("{}监测评估汇总（{} 年）", cat.title, ev.year), Style::Title)],
        vec![Cell::text(
            format!("达标率 = 已达标（含提前实现）÷ 可监测指标数；无数据的指标不计入。生成时间：{created}"),
            Style::Note,
        )],
        vec![],
        ["范围", "指标数", "可监测", "已达标", "无数据", "达标率"].iter().map(|h| Cell::text(*h, Style::Header)).collect(),
    ];
    let line = |r: &Rollup, indent: &str| {
        vec![
            Cell::text(format!("{indent}{}", r.name), Style::Text),
            Cell::number(r.total as f64, Style::Number),
            Cell::number(r.monitorable as f64, Style::Number),
            Cell::number(r.achieved as f64, Style::Number),
            Cell::number(r.no_data as f64, Style::Number),
            r.rate.map(|v| Cell::number(v, Style::Percent)).unwrap_or_else(|| Cell::text("—", Style::Text)),
        ]
    };
    rows.push(line(&ev.overall, ""));
    rows.extend(ev.by_plan.iter().map(|r| line(r, "")));
    rows.extend(ev.by_domain.iter().filter(|r| r.total > 0).map(|r| line(r, "　")));
    SheetSpec {
        name: SUMMARY_SHEET.to_string(),
        column_widths: vec![28.0, 9.0, 9.0, 9.0, 9.0, 10.0],
        rows,
        freeze_rows: 4,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::evaluate;
    use crate::io::table::evaluation_headers;

    #[test]
    fn table_has_coloured_status_and_summary_rates() {
        let cat = Catalogue::embedded();
        let ds = crate::demo::demo_dataset(cat);
        let ev = evaluate(cat, &ds, cat.period.midterm);
        let wb = evaluation_workbook(cat, &ds, &ev, "2026-11-29T09:30:00+08:00");
        let t = &wb.sheets[0];
        assert_eq!(t.name, EVALUATION_SHEET);
        assert_eq!(t.rows.len(), 1 + cat.indicators().len());
        let head: Vec<String> = t.rows[0].iter().map(|c| c.value.display()).collect();
        assert_eq!(head, evaluation_headers(cat));
        let status_col = status_column(cat);
        for (row, r) in t.rows[1..].iter().zip(&ev.results) {
            assert_eq!(row[0].value.display(), r.id);
            assert_eq!(row[status_col].style, Style::Status(r.status.color().to_string()), "{}", r.id);
            assert_eq!(row[status_col].value.display(), r.status.label());
        }
        let s = &wb.sheets[1];
        let overall = &s.rows[4];
        assert_eq!(overall[0].value.display(), "全部指标");
        assert_eq!(overall[1].value, Value::Number(ev.overall.total as f64));
        match ev.overall.rate {
            Some(rate) => assert_eq!(overall[5].value, Value::Number(rate)),
            None => assert_eq!(overall[5].value.display(), "—"),
        }
        assert_eq!(s.rows.len(), 5 + ev.by_plan.len() + ev.by_domain.iter().filter(|r| r.total > 0).count());
    }
}
