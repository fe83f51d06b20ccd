//! CSV of an evaluation table: UTF-8 with BOM (so Excel opens it as UTF-8), RFC 4180 quoting, CRLF line
//! ends, Chinese headers. Text cells starting with = + - @ are prefixed with ' so spreadsheets do not run
//! them as formulas.

use super::table::{evaluation_headers, evaluation_rows};
use super::workbook::Value;
use crate::catalogue::{fmt_num, Catalogue};
use crate::dataset::Dataset;
use crate::eval::Evaluation;

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
    let line: Vec<String> = cells.iter().map(|c| quote(&crate::text::clean(c))).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The evaluation table as CSV (rows of [`super::table::evaluation_rows`]): one row per indicator in
/// catalogue order, year values with at most two decimals.
pub fn evaluation_csv(cat: &Catalogue, ds: &Dataset, ev: &Evaluation) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, &evaluation_headers(cat));
    for row in evaluation_rows(cat, ds, ev) {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| match c {
                Value::Empty => String::new(),
                // Cleaned first: a control character dropped by `clean` must not uncover a leading = + - @.
                Value::Text(s) => text_cell(&crate::text::clean(s)),
                Value::Number(v) => fmt_num(*v),
            })
            .collect();
        push_row(&mut out, &cells);
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
