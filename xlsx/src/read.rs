//! .xlsx bytes → Grid with calamine: every cell as the text the user sees. Cells are streamed (never a
//! dense sheet-sized array), so a stray value far down or right cannot blow up memory.

use calamine::{DataRef, Reader, Xlsx};
use lishu_core::io::workbook::{grid_number, Grid, GridSheet};
use lishu_core::io::MAX_FILE_BYTES;
use std::io::{Cursor, Read};

/// Largest sheet read: rows and columns (a template has about a thousand rows and a dozen columns).
pub const MAX_ROWS: u32 = 65_536;
pub const MAX_COLUMNS: u32 = 1_024;
/// Most non-empty cells read from one file.
pub const MAX_CELLS: usize = 1_000_000;

/// Reads every sheet. Errors are in Chinese.
pub fn read(bytes: &[u8]) -> Result<Grid, String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "文件过大（{:.1} MB），超过 {} MB 上限",
            bytes.len() as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ));
    }
    let not_xlsx = || "不是有效的 Excel（.xlsx）文件，可能已损坏；.xls、.et 等格式请先在 Excel/WPS 中另存为 .xlsx".to_string();
    verify_parts(bytes).map_err(|e| match e {
        Damage::NotZip => not_xlsx(),
        Damage::Part(part) => format!("Excel 文件已损坏（“{part}”部分校验不符），请重新保存或重新获取该文件"),
        Damage::TooBig => format!("文件解压后超过 {} MB，不是填报模板", MAX_UNPACKED / 1_048_576),
    })?;
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    let mut grid = Grid::default();
    let mut total = 0usize;
    for name in wb.sheet_names() {
        let broken = |e: &dyn std::fmt::Display| format!("无法读取工作表“{name}”（{e}），文件可能已损坏");
        let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| broken(&e))?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        while let Some(cell) = cells.next_cell().map_err(|e| broken(&e))? {
            let (r, c) = cell.get_position();
            let t = text(cell.get_value());
            if t.is_empty() {
                continue;
            }
            if r >= MAX_ROWS || c >= MAX_COLUMNS {
                return Err(format!(
                    "工作表“{name}”的内容超出可读取范围（第 {} 行第 {} 列，最多 {MAX_ROWS} 行 {MAX_COLUMNS} 列）",
                    r + 1,
                    c + 1
                ));
            }
            total += 1;
            if total > MAX_CELLS {
                return Err(format!("文件内容过多（超过 {MAX_CELLS} 个单元格）"));
            }
            let (r, c) = (r as usize, c as usize);
            if rows.len() <= r {
                rows.resize(r + 1, Vec::new());
            }
            let row = &mut rows[r];
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            row[c] = t;
        }
        drop(cells);
        grid.sheets.push(GridSheet { name, rows });
    }
    Ok(grid)
}

enum Damage {
    NotZip,
    Part(String),
    TooBig,
}

/// Unpacks every part of the zip container once, so a damaged file is refused by its CRC-32 before any
/// of it is used (calamine stops reading a part early and would not notice damage).
fn verify_parts(bytes: &[u8]) -> Result<(), Damage> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Damage::NotZip)?;
    let mut unpacked: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| Damage::NotZip)?;
        let name = String::from_utf8_lossy(part.name_raw()).into_owned();
        // Bounded, so a zip bomb is refused rather than unpacked.
        let limit = MAX_UNPACKED - unpacked + 1;
        let n = std::io::copy(&mut (&mut part).take(limit), &mut std::io::sink()).map_err(|_| Damage::Part(name))?;
        unpacked += n;
        if unpacked > MAX_UNPACKED {
            return Err(Damage::TooBig);
        }
    }
    Ok(())
}

/// Most bytes unpacked from one file (a template unpacks to well under 1 MB).
const MAX_UNPACKED: u64 = 200 * 1024 * 1024;

/// The text of a cell as a spreadsheet shows it.
fn text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => grid_number(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            match (dt.as_f64() < 1.0, (h, mi, s) == (0, 0, 0)) {
                (true, _) => format!("{h:02}:{mi:02}:{s:02}"),
                (false, true) => format!("{y:04}-{mo:02}-{d:02}"),
                (false, false) => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            }
        }
        DataRef::DateTime(dt) => grid_number(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}
