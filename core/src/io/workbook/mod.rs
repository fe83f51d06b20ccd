//! Excel workbooks, described neutrally so this crate stays pure: [`WorkbookSpec`] says what to write (the
//! `lishu-xlsx` crate turns it into an .xlsx file), [`Grid`] is what was read back (every cell as the text
//! the user sees). Both are plain serde types: in the browser they cross to the separately loaded Excel
//! module as JSON.
//!
//! * [`evaluation_workbook`]: the evaluation table (same rows as the CSV) and a 汇总 sheet.
//! * [`template_workbook`]: a unit's fill-in template (填报 + 说明 sheets).
//! * [`read_template`]: checks a filled template and turns it into a dataset, with the same value checks
//!   as a JSON import; its result goes through [`super::import_reports`] like any data file.

mod evaluation;
mod template;
mod template_read;

pub use evaluation::{evaluation_workbook, EVALUATION_SHEET, SUMMARY_SHEET};
pub use template::{
    template_file_name, template_workbook, DATA_SHEET, INFO_SHEET, TEMPLATE_TYPE, TEMPLATE_VERSION,
};
pub use template_read::{hint, read_template, refused_lines, unreadable_workbook};

use serde::{Deserialize, Serialize};

/// A workbook to write.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkbookSpec {
    /// Sheets in tab order; the first visible one is active when the file opens.
    pub sheets: Vec<SheetSpec>,
    /// Document title (file properties).
    pub title: String,
    /// Creation time for the file properties, ISO 8601 ("2026-11-29T09:30:00+08:00"). The writer never reads
    /// the clock; when empty or unreadable it writes 2021-01-01 00:00:00.
    pub created: String,
}

/// One worksheet. `rows[r][c]` is the cell at Excel row r+1, column c+1.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetSpec {
    /// Sheet name (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    /// Column widths in characters, from column A; missing columns keep Excel's default.
    pub column_widths: Vec<f64>,
    /// Columns (0-based) hidden from view (e.g. a machine-readable key column).
    pub hidden_columns: Vec<u16>,
    pub rows: Vec<Vec<Cell>>,
    /// Rows and columns kept in view when scrolling (0 = none).
    pub freeze_rows: u32,
    pub freeze_cols: u16,
    /// Adds filter buttons to row `freeze_rows` (the header) over all columns of the sheet.
    pub autofilter: bool,
    /// Protects the sheet: only [`Style::Input`] cells can be edited (no password; it guards against slips,
    /// not people). Column widths and row heights stay adjustable.
    pub protect: bool,
    /// Hidden sheet (never the first one).
    pub hidden: bool,
}

/// One cell: a value and how it looks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cell {
    #[serde(skip_serializing_if = "Value::is_empty")]
    pub value: Value,
    #[serde(skip_serializing_if = "Style::is_plain")]
    pub style: Style,
    /// For input cells: the allowed entries, offered as a drop-down list (e.g. the stages).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

impl Cell {
    pub fn text(s: impl Into<String>, style: Style) -> Cell {
        Cell { value: Value::Text(s.into()), style, choices: Vec::new() }
    }
    pub fn number(v: f64, style: Style) -> Cell {
        Cell { value: Value::Number(v), style, choices: Vec::new() }
    }
    pub fn empty(style: Style) -> Cell {
        Cell { value: Value::Empty, style, choices: Vec::new() }
    }
}

/// A cell value. In JSON: a string, a number or null.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    #[default]
    Empty,
    Text(String),
    Number(f64),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }
    /// The value as the user sees it ("" for empty, numbers as [`grid_number`]).
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Number(v) => grid_number(*v),
        }
    }
}

/// How a cell looks (and whether it can be edited on a protected sheet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Plain text, wrapped.
    #[default]
    Text,
    /// Large bold title.
    Title,
    /// Bold on grey, bordered, wrapped: column headings.
    Header,
    /// A number, right-aligned, as many decimals as it has.
    Number,
    /// A fraction shown as a percentage with one decimal (0.857 → 85.7%).
    Percent,
    /// An editable cell (unlocked, pale yellow, bordered). Stored as text: what the user types is kept
    /// exactly (e.g. "14.50", "95%").
    Input,
    /// A status: white bold text on the status colour (hex "#2e9d4f").
    Status(String),
    /// Small grey explanatory text.
    Note,
}

impl Style {
    pub fn is_plain(&self) -> bool {
        *self == Style::Text
    }
}

/// A workbook as read: every sheet with the text of each cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Grid {
    pub sheets: Vec<GridSheet>,
}

/// One sheet as read. `rows[r][c]` is the text of the cell at Excel row r+1, column c+1 (rows may be short:
/// a missing cell is empty; trailing empty cells and rows are dropped). Text cells are as stored; numbers
/// as [`grid_number`] of the stored value (number formats such as 0.0% are not applied); dates as
/// "2021-03-01" / "2021-03-01 08:30:00"; booleans TRUE/FALSE; formula results as last computed, errors as
/// shown (#DIV/0!).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GridSheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

impl WorkbookSpec {
    /// The grid a reader gets back from this workbook.
    pub fn to_grid(&self) -> Grid {
        let sheets = self
            .sheets
            .iter()
            .map(|s| {
                let mut rows: Vec<Vec<String>> = s
                    .rows
                    .iter()
                    .map(|r| {
                        let mut row: Vec<String> = r.iter().map(|c| c.value.display()).collect();
                        while row.last().is_some_and(|t| t.is_empty()) {
                            row.pop();
                        }
                        row
                    })
                    .collect();
                while rows.last().is_some_and(|r| r.is_empty()) {
                    rows.pop();
                }
                GridSheet { name: s.name.clone(), rows }
            })
            .collect();
        Grid { sheets }
    }
}

impl Grid {
    pub fn sheet(&self, name: &str) -> Option<&GridSheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

impl GridSheet {
    /// Text of a cell (0-based row and column); "" when absent.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows.get(row).and_then(|r| r.get(col)).map(String::as_str).unwrap_or("")
    }
}

/// A number as a spreadsheet shows it: at most 15 significant digits (Excel's precision), no float noise,
/// no trailing zeros, no exponent: 14.499999999999998 → "14.5", 3.0 → "3", 0.1 + 0.2 → "0.3".
pub fn grid_number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    // Round to 15 significant digits through the exponent form, then print the shortest round-trip text.
    let rounded: f64 = format!("{v:.14e}").parse().unwrap_or(v);
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded}")
}

/// Excel column letters of a 0-based column: 0 → "A", 25 → "Z", 26 → "AA".
pub fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_like_a_spreadsheet() {
        assert_eq!(grid_number(14.499999999999998), "14.5");
        assert_eq!(grid_number(0.1 + 0.2), "0.3");
        assert_eq!(grid_number(3.0), "3");
        assert_eq!(grid_number(-0.0), "0");
        assert_eq!(grid_number(139.53), "139.53");
        assert_eq!(grid_number(1e20), "100000000000000000000");
        assert_eq!(grid_number(0.000125), "0.000125");
        assert_eq!(grid_number(123456789012.345), "123456789012.345");
        assert_eq!(grid_number(f64::NAN), "");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(7), "H");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn spec_json_is_compact_and_round_trips() {
        let spec = WorkbookSpec {
            sheets: vec![SheetSpec {
                name: "表".into(),
                rows: vec![vec![
                    Cell::text("编号", Style::Header),
                    Cell::number(14.5, Style::Number),
                    Cell::empty(Style::Input),
                    Cell::text("x", Style::Text),
                    Cell::text("已达标", Style::Status("#2e9d4f".into())),
                ]],
                ..Default::default()
            }],
            ..Default::default()
        };
        let json = serde_json::to_string(&spec).expect("serialises");
        assert!(json.contains(r#"{"value":"x"}"#), "{json}");
        assert!(json.contains(r#"{"style":"input"}"#), "{json}");
        assert!(json.contains(r##"{"status":"#2e9d4f"}"##), "{json}");
        let back: WorkbookSpec = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, spec);
    }
}
