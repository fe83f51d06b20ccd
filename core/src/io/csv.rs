//! CSV of an evaluation table: UTF-8 with BOM (so Excel opens it as UTF-8), RFC 4180 quoting, CRLF line
//! ends, Chinese headers. Text cells starting with = + - @ are prefixed with ' so spreadsheets do not run
//! them as formulas.

use crate::catalogue::{fmt_num, Catalogue};
use crate::dataset::{resolve, round2, Dataset, YEARS};
use crate::eval::Evaluation;

/// Header row.
pub fn csv_headers() -> Vec<String> {
    let mut h: Vec<String> =
        ["编号", "规划", "领域", "目标", "指标", "目标值", "单位"].iter().map(|s| s.to_string()).collect();
    h.extend(YEARS.iter().map(|y| y.to_string()));
    h.extend(["状态", "预警", "牵头单位"].iter().map(|s| s.to_string()));
    h
}

/// Quotes one cell when it holds a comma, quote, CR or LF (quotes doubled).
pub fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Neutralises spreadsheet formulas in a text cell.
fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn push_row(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|c| quote(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The evaluation table as CSV: one row per indicator in catalogue order. Year cells hold the resolved
/// value (two decimals) from the evaluation's series; years after the assessed year are left empty; when
/// the evaluation has no result for an indicator, the values are resolved from the dataset.
pub fn evaluation_csv(cat: &Catalogue, ds: &Dataset, ev: &Evaluation) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, &csv_headers());
    for r in cat.indicators() {
        let ind = r.indicator;
        let res = ev.result(&ind.id);
        let mut row = vec![
            text_cell(&ind.id),
            text_cell(r.domain.plan.short()),
            text_cell(&r.domain.name),
            text_cell(r.goal.text.trim()),
            text_cell(&ind.name),
            text_cell(&ind.target_label()),
            text_cell(&ind.unit),
        ];
        for y in YEARS {
            let v = match res {
                Some(res) => res.series.iter().find(|(sy, _)| *sy == y).and_then(|(_, v)| *v),
                None => ds.entry(&ind.id, y).and_then(|e| resolve(ind, y, e).ok()).and_then(|x| x.value),
            };
            row.push(v.map(|v| fmt_num(round2(v))).unwrap_or_default());
        }
        row.push(res.map(|r| r.status.label().to_string()).unwrap_or_default());
        let warnings: Vec<&str> = res.map(|r| r.warnings.iter().map(|w| w.kind.label()).collect()).unwrap_or_default();
        row.push(text_cell(&warnings.join("；")));
        let lead = res.map(|r| r.lead_unit.as_str()).filter(|u| !u.is_empty()).unwrap_or_else(|| ds.lead_unit(ind));
        row.push(text_cell(lead));
        push_row(&mut out, &row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("abc"), "abc");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(text_cell("=1+1"), "'=1+1");
        assert_eq!(text_cell("区卫健局"), "区卫健局");
    }
}
