//! Real .xlsx round trips: what is written reads back cell for cell; a template filled and saved by a
//! "user" (a plain workbook written cell by cell, as Excel saves it) imports into the expected dataset.

#[path = "../../core/tests/io_support/mod.rs"]
mod io_support;

use io_support::*;
use lishu_core::dataset::YearEntry;
use lishu_core::io::workbook::{
    evaluation_workbook, read_template, template_workbook, Grid, DATA_SHEET, EVALUATION_SHEET, INFO_SHEET,
    SUMMARY_SHEET,
};
use lishu_core::io::{evaluation_csv, import_reports};
use lishu_core::Dataset;
use rust_xlsxwriter::Workbook;

const AT: &str = "2026-11-29T09:30:00+08:00";

fn xlsx_bytes(spec: &lishu_core::io::workbook::WorkbookSpec) -> Vec<u8> {
    let bytes = lishu_xlsx::write(spec).expect("writes");
    assert!(bytes.starts_with(b"PK\x03\x04"), "a zip file");
    bytes
}

/// The grid saved as a plain workbook, as a user's spreadsheet program would: `numbers` are cells the user
/// typed into General cells (saved as numbers), everything else text.
fn save_as_user(g: &Grid, numbers: &[(&str, usize, usize)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for s in &g.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).expect("name");
        for (r, row) in s.rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let (r32, c16) = (r as u32, c as u16);
                match text.parse::<f64>() {
                    Ok(v) if numbers.contains(&(s.name.as_str(), r, c)) => ws.write_number(r32, c16, v),
                    _ => ws.write_string(r32, c16, text),
                }
                .expect("cell");
            }
        }
    }
    wb.save_to_buffer().expect("saves")
}

fn row_of(g: &Grid, id: &str, key: &str) -> usize {
    let s = g.sheet(DATA_SHEET).expect("sheet");
    (0..s.rows.len()).find(|r| s.cell(*r, 0) == id && s.cell(*r, 3) == key).expect("row")
}

fn set(g: &mut Grid, row: usize, col: usize, text: &str) {
    let s = g.sheets.iter_mut().find(|s| s.name == DATA_SHEET).expect("sheet");
    let r = &mut s.rows[row];
    if r.len() <= col {
        r.resize(col + 1, String::new());
    }
    r[col] = text.to_string();
}

#[test]
fn template_reads_back_cell_for_cell() {
    let spec = template_workbook(&cat(), &sample(), "", AT);
    let grid = lishu_xlsx::read(&xlsx_bytes(&spec)).expect("reads");
    // 填报, 说明 and the read-only 指标解释 sheet (every cell of which reads back too).
    assert_eq!(grid.sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), [DATA_SHEET, INFO_SHEET, "指标解释"]);
    assert_eq!(grid, spec.to_grid());
    // The note with quotes, comma and a line break survives unchanged.
    assert!(grid.sheet(DATA_SHEET).expect("sheet").rows.iter().flatten().any(|t| t == "含“流动人口”，口径见附件, 第2页\n第二行"));
}

#[test]
fn a_filled_template_saved_by_the_user_imports_as_expected() {
    let current = sample();
    let spec = template_workbook(&cat(), &current, "区卫健局", AT);
    let mut grid = lishu_xlsx::read(&xlsx_bytes(&spec)).expect("reads");
    // The user fills 2022 of the maternal mortality rate (numerator, denominator), types a rate with float
    // noise (as a formula result would be) for 2024 and a note.
    let num = row_of(&grid, "W1-1-1", "numerator");
    let den = row_of(&grid, "W1-1-1", "denominator");
    let val = row_of(&grid, "W1-1-2a", "value");
    let note = row_of(&grid, "W1-1-2a", "note");
    set(&mut grid, num, 8, "4");
    set(&mut grid, den, 8, "2100");
    set(&mut grid, val, 10, "99.49999999999999");
    set(&mut grid, note, 10, "2024 年快报数");
    let numbers = [(DATA_SHEET, num, 8), (DATA_SHEET, den, 8), (DATA_SHEET, val, 10)];
    let saved = save_as_user(&grid, &numbers);
    let back = lishu_xlsx::read(&saved).expect("reads the user's file");
    assert_eq!(back.sheet(DATA_SHEET).expect("sheet").cell(val, 10), "99.5", "no float noise");

    let (rep, ds) = read_template("区卫健局-已填.xlsx", &back, &cat());
    assert!(rep.accepted, "{:?}", rep.messages(&cat()));
    let ds = ds.expect("dataset");
    let mut expected: Dataset = lishu_core::io::unit_view(&current, "区卫健局", &cat());
    expected.settings.clear();
    expected.units.clear();
    expected.superseded.clear();
    expected.demo = false;
    for e in expected.data.values_mut().flat_map(|m| m.values_mut()) {
        e.unit = "区卫健局".into();
        e.updated_at.clear();
    }
    let unit = |e: YearEntry| YearEntry { unit: "区卫健局".into(), ..e };
    expected.set_entry("W1-1-1", 2022, unit(YearEntry { numerator: "4".into(), denominator: "2100".into(), ..Default::default() }));
    expected.set_entry("W1-1-2a", 2024, unit(YearEntry { value: "99.5".into(), note: "2024 年快报数".into(), ..Default::default() }));
    assert_eq!(ds, expected);

    let preview = import_reports(vec![(rep, Some(ds))], &cat(), &current);
    let added: Vec<(&str, u16)> = preview.additions.iter().map(|a| (a.indicator.as_str(), a.year)).collect();
    assert_eq!(added, [("W1-1-1", 2022), ("W1-1-2a", 2024)]);
    assert!(preview.changes.is_empty() && preview.conflicts.is_empty(), "{:#?}", preview.conflicts);
    assert!(preview.files[0].accepted);
}

/// The CSV's records without the BOM, trailing empty cells dropped like a grid's.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = parse_csv(text.trim_start_matches('\u{feff}'));
    for row in &mut rows {
        while row.last().is_some_and(|s| s.is_empty()) {
            row.pop();
        }
    }
    rows
}

#[test]
fn evaluation_workbook_cells_equal_the_csv() {
    let c = cat();
    let ds = sample();
    for year in [2021, 2023, 2025] {
        let ev = lishu_core::evaluate(&c, &ds, year);
        let spec = evaluation_workbook(&c, &ds, &ev, AT);
        let grid = lishu_xlsx::read(&xlsx_bytes(&spec)).expect("reads");
        let table = grid.sheet(EVALUATION_SHEET).expect("评估表");
        assert_eq!(table.rows, csv_rows(&evaluation_csv(&c, &ds, &ev)), "year {year}");
        assert_eq!(table.rows.len(), 1 + c.indicators().len());
        let summary = grid.sheet(SUMMARY_SHEET).expect("汇总");
        assert_eq!(summary.cell(4, 0), "全部指标");
        assert_eq!(summary.cell(4, 1), c.indicators().len().to_string());
        assert_eq!(summary.cell(4, 3), ev.overall.achieved.to_string());
    }
}

#[test]
fn not_an_xlsx_is_a_chinese_error() {
    let e = lishu_xlsx::read(b"not a zip").expect_err("refused");
    assert!(e.starts_with("不是有效的 Excel（.xlsx）文件"), "{e}");
    let e = lishu_xlsx::read(&[]).expect_err("refused");
    assert!(e.contains("不是有效的 Excel"), "{e}");
    let e = lishu_xlsx::read(&vec![0u8; lishu_core::io::MAX_FILE_BYTES + 1]).expect_err("refused");
    assert!(e.contains("文件过大"), "{e}");
    // A JSON data file picked by mistake.
    let e = lishu_xlsx::read(export_bytes(&sample(), "", AT).as_slice()).expect_err("refused");
    assert!(e.contains("不是有效的 Excel"), "{e}");
}

#[test]
fn an_invalid_sheet_name_is_a_chinese_error_not_a_panic() {
    let mut spec = template_workbook(&cat(), &sample(), "", AT);
    spec.sheets[0].name = "a/b".into();
    let e = lishu_xlsx::write(&spec).expect_err("refused");
    assert!(e.starts_with("生成 Excel 文件失败"), "{e}");
    let e = lishu_xlsx::write_json(b"{").expect_err("refused");
    assert!(e.contains("无法解析"), "{e}");
}

#[test]
fn the_json_abi_round_trips() {
    let spec = template_workbook(&cat(), &sample(), "区卫健局", AT);
    let json = serde_json::to_vec(&spec).expect("json");
    let framed = lishu_xlsx::frame(lishu_xlsx::write_json(&json));
    let len = u32::from_le_bytes([framed[0], framed[1], framed[2], framed[3]]) as usize;
    assert_eq!((framed[4], framed.len()), (0, 5 + len));
    let grid_json = lishu_xlsx::read_json(&framed[5..]).expect("reads");
    let grid: Grid = serde_json::from_slice(&grid_json).expect("grid json");
    assert_eq!(grid, spec.to_grid());
}

#[test]
fn a_damaged_part_is_refused_by_its_checksum() {
    let bytes = xlsx_bytes(&template_workbook(&cat(), &sample(), "", AT));
    let name = b"xl/worksheets/sheet1.xml";
    // The sheet's local file header: signature, 26 more fixed bytes (name and extra lengths at 26 and 28).
    let at = bytes.windows(name.len()).position(|w| w == name).expect("sheet part") - 30;
    assert_eq!(&bytes[at..at + 4], b"PK\x03\x04");
    let extra = u16::from_le_bytes([bytes[at + 28], bytes[at + 29]]) as usize;
    let data = at + 30 + name.len() + extra;
    let mut damaged = bytes.clone();
    damaged[data + 100] ^= 0x10;
    let e = lishu_xlsx::read(&damaged).expect_err("refused");
    assert!(e.contains("已损坏") && e.contains("xl/worksheets/sheet1.xml"), "{e}");
}
