//! The Excel fill-in template: which rows a unit gets, multi-field rows, pre-filled values, and the strict
//! checks of a filled template (without Excel: the spec's grid stands for the file as read).

mod io_support;

use io_support::*;
use lishu_core::dataset::{Field, YearEntry};
use lishu_core::io::workbook::{
    read_template, template_file_name, template_workbook, unreadable_workbook, Grid, GridSheet, SheetSpec, Style,
    Value, DATA_SHEET, INFO_SHEET, TEMPLATE_TYPE,
};
use lishu_core::io::{import_reports, FileErrorKind, FileReport};
use lishu_core::Dataset;

const AT: &str = "2026-11-29T09:30:00+08:00";
const FILE: &str = "区卫健局.xlsx";
/// 0-based header row and first year column of the 填报 sheet.
const HEADER: usize = 2;
const Y2020: usize = 6;

fn data_sheet(spec: &lishu_core::io::workbook::WorkbookSpec) -> &SheetSpec {
    spec.sheets.iter().find(|s| s.name == DATA_SHEET).expect("填报 sheet")
}

fn ids(sheet: &SheetSpec) -> Vec<String> {
    let mut v: Vec<String> = sheet.rows[HEADER + 1..].iter().map(|r| r[0].value.display()).collect();
    v.dedup();
    v
}

/// (field key, texts 2020..2025) of an indicator's rows.
fn rows_of(sheet: &SheetSpec, id: &str) -> Vec<(String, Vec<String>)> {
    sheet.rows[HEADER + 1..]
        .iter()
        .filter(|r| r[0].value.display() == id)
        .map(|r| (r[3].value.display(), r[Y2020..Y2020 + 6].iter().map(|c| c.value.display()).collect()))
        .collect()
}

fn grid_sheet_mut<'a>(g: &'a mut Grid, name: &str) -> &'a mut GridSheet {
    g.sheets.iter_mut().find(|s| s.name == name).expect("sheet")
}

/// Sets a cell of a grid (0-based), growing the row.
fn set(g: &mut Grid, sheet: &str, row: usize, col: usize, text: &str) {
    let s = grid_sheet_mut(g, sheet);
    if s.rows.len() <= row {
        s.rows.resize(row + 1, Vec::new());
    }
    let r = &mut s.rows[row];
    if r.len() <= col {
        r.resize(col + 1, String::new());
    }
    r[col] = text.to_string();
}

/// 0-based row of an indicator's field in the 填报 sheet of a grid.
fn row_of(g: &Grid, id: &str, key: &str) -> usize {
    let s = g.sheet(DATA_SHEET).expect("sheet");
    (0..s.rows.len()).find(|r| s.cell(*r, 0) == id && s.cell(*r, 3) == key).expect("row")
}

fn template_grid(ds: &Dataset, unit: &str) -> Grid {
    template_workbook(&cat(), ds, unit, AT).to_grid()
}

fn read(g: &Grid) -> (FileReport, Option<Dataset>) {
    read_template(FILE, g, &cat())
}

/// The first error's kind and message of a rejected file, or of the first refused cell of an accepted
/// one (all errors when `only`: exactly one).
fn first_message(g: &Grid, only: bool) -> (FileErrorKind, String) {
    let (rep, ds) = read(g);
    let errors = if rep.errors.is_empty() {
        assert!(rep.accepted && ds.is_some(), "a file without a whole-file error is accepted");
        &rep.refused
    } else {
        assert!(ds.is_none() && !rep.accepted, "rejected");
        &rep.errors
    };
    assert!(!errors.is_empty() && (!only || errors.len() == 1), "{:#?}", errors);
    (errors[0].kind.clone(), errors[0].message(&cat()))
}

fn one_message(g: &Grid) -> (FileErrorKind, String) {
    first_message(g, true)
}

#[test]
fn a_unit_gets_only_the_indicators_it_leads_or_co_operates() {
    let ds = sample();
    let health = template_workbook(&cat(), &ds, "区卫健局", AT);
    assert_eq!(ids(data_sheet(&health)), ["W1-1-1", "W1-1-2a"]);
    // 区妇联 co-operates on W1-1-2a and W1-1-2b; W1-1-2b's lead moved to 区统计局 in the dataset's settings.
    assert_eq!(ids(data_sheet(&template_workbook(&cat(), &ds, "区妇联", AT))), ["W1-1-2a", "W1-1-2b"]);
    assert_eq!(ids(data_sheet(&template_workbook(&cat(), &ds, "区统计局", AT))), ["W1-1-2b"]);
    assert!(ids(data_sheet(&template_workbook(&cat(), &ds, "区人社局", AT))).is_empty(), "lead moved away");
    let all: Vec<String> = cat().indicators().iter().map(|r| r.indicator.id.clone()).collect();
    assert_eq!(ids(data_sheet(&template_workbook(&cat(), &ds, "", AT))), all, "whole district");
    assert_eq!(template_file_name(&cat(), "区卫健局", AT), "测试区监测填报模板-区卫健局-2026-11-29.xlsx");
    assert_eq!(template_file_name(&cat(), "", AT), "测试区监测填报模板-全区-2026-11-29.xlsx");
}

#[test]
fn one_row_per_input_field_with_labels_unit_and_target() {
    let spec = template_workbook(&cat(), &Dataset::default(), "", AT);
    let s = data_sheet(&spec);
    let head: Vec<String> = s.rows[HEADER].iter().map(|c| c.value.display()).collect();
    assert_eq!(
        head,
        ["编号", "指标", "填报项", "字段代码", "单位", "目标值", "2020（基数）", "2021", "2022", "2023", "2024", "2025"]
    );
    let keys = |id: &str| rows_of(s, id).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    assert_eq!(keys("W1-1-1"), ["numerator", "denominator", "value", "note", "source"]);
    assert_eq!(keys("W1-1-2a"), ["value", "note", "source"]);
    assert_eq!(keys("W1-1-2b"), ["female", "male", "value", "note", "source"]);
    assert_eq!(keys("C1-1-1a"), ["stage", "evidence", "note", "source"]);
    assert_eq!(keys("C1-1-1b"), ["body1", "body2", "note", "source"]);
    let rate = s.rows.iter().find(|r| r[0].value.display() == "W1-1-1").expect("row");
    assert_eq!(rate[2].value.display(), "孕产妇死亡数");
    assert_eq!(rate[4].value.display(), "/10万");
    assert_eq!(rate[5].value.display(), "≤ 12/10万");
    let data = &s.rows[HEADER + 1..];
    let body = data.iter().find(|r| r[3].value.display() == "body2").expect("row");
    assert_eq!(body[2].value.display(), "区人大（名）");
    // Only year cells are editable; the header is protected; the key column is hidden.
    assert!(s.protect);
    assert_eq!(s.hidden_columns, [3]);
    assert_eq!(s.freeze_rows, 3);
    for r in &s.rows[HEADER + 1..] {
        for (c, cell) in r.iter().enumerate() {
            assert_eq!(cell.style == Style::Input, c >= Y2020, "column {c}");
        }
    }
    assert!(s.rows[..=HEADER].iter().flatten().all(|c| c.style != Style::Input));
    let stage = data.iter().find(|r| r[3].value.display() == "stage").expect("row");
    assert_eq!(stage[Y2020].choices, ["未启动", "推进中", "基本实现", "已实现"]);
    assert!(data.iter().find(|r| r[3].value.display() == "evidence").expect("row")[Y2020].choices.is_empty());
}

#[test]
fn existing_values_are_pre_filled_exactly_as_stored() {
    let mut ds = sample();
    ds.set_entry("W1-1-2a", 2021, YearEntry { value: "98.60".into(), ..Default::default() });
    let spec = template_workbook(&cat(), &ds, "", AT);
    let s = data_sheet(&spec);
    let get = |id: &str, key: &str| rows_of(s, id).into_iter().find(|(k, _)| k == key).expect("row").1;
    assert_eq!(get("W1-1-1", "numerator"), ["3", "2", "", "", "", ""]);
    assert_eq!(get("W1-1-1", "denominator"), ["2150", "2080", "", "", "", ""]);
    assert_eq!(get("W1-1-1", "source")[0], "区妇幼保健院年报");
    assert_eq!(get("W1-1-2a", "value"), ["98.6", "98.60", "", "99.2", "", ""], "text kept, 98.60 not 98.6");
    assert_eq!(get("W1-1-2a", "note")[3], "含“流动人口”，口径见附件, 第2页\n第二行");
    assert_eq!(get("W1-1-2b", "female")[2], "4120");
    assert_eq!(get("C1-1-1a", "stage")[4], "基本实现");
    assert_eq!(get("C1-1-1a", "evidence")[4], "梨民发〔2024〕3号");
    assert_eq!(get("C1-1-1b", "body1")[5], "2");
    assert_eq!(get("C1-1-1b", "body2")[5], "1");
    // Pre-filled cells are text, never numbers (so "98.60" stays as typed).
    assert!(s.rows.iter().flatten().filter(|c| c.style == Style::Input).all(|c| !matches!(c.value, Value::Number(_))));
    let info = spec.sheets.iter().find(|s| s.name == INFO_SHEET).expect("说明");
    let pairs: Vec<(String, String)> = info
        .rows
        .iter()
        .filter(|r| r.len() == 2)
        .map(|r| (r[0].value.display(), r[1].value.display()))
        .collect();
    for (k, v) in [("格式标识", TEMPLATE_TYPE), ("模板版本", "1"), ("填报单位", "全区"), ("目标目录版本", "test-1"), ("生成时间", AT)] {
        assert!(pairs.contains(&(k.to_string(), v.to_string())), "{k} = {v} in {pairs:?}");
    }
    assert!(info.protect);
}

#[test]
fn an_unchanged_template_reads_back_the_same_values() {
    let ds = sample();
    let (rep, got) = read(&template_grid(&ds, "区卫健局"));
    assert!(rep.accepted && rep.errors.is_empty(), "{:?}", rep.messages(&cat()));
    assert_eq!(rep.unit, "区卫健局");
    assert_eq!(rep.catalogue_version, "test-1");
    let got = got.expect("dataset");
    let want = lishu_core::io::unit_view(&ds, "区卫健局", &cat());
    assert_eq!(got.data.keys().collect::<Vec<_>>(), want.data.keys().collect::<Vec<_>>());
    for (id, years) in &want.data {
        for (y, e) in years {
            let g = got.entry(id, *y).expect("entry");
            assert_eq!(g.content(), e.content(), "{id} {y}");
            assert_eq!(g.unit, "区卫健局", "entries get the template's unit");
            assert!(g.updated_at.is_empty(), "Excel keeps no entry time");
        }
    }
    // The whole district: every kind of field (stage, bodies, female/male) comes back; no unit is stamped.
    let (rep, got) = read(&template_grid(&ds, ""));
    assert!(rep.accepted, "{:?}", rep.messages(&cat()));
    assert_eq!(rep.unit, "");
    let got = got.expect("dataset");
    for (id, years) in &ds.data {
        for (y, e) in years {
            assert_eq!(got.entry(id, *y).map(|g| g.content()), Some(e.content()), "{id} {y}");
        }
    }
    assert!(got.data.values().flat_map(|m| m.values()).all(|e| e.unit.is_empty()));
}

#[test]
fn filled_cells_become_additions_in_the_import_preview() {
    let current = sample();
    let mut g = template_grid(&current, "区卫健局");
    let r = row_of(&g, "W1-1-1", "numerator");
    set(&mut g, DATA_SHEET, r, Y2020 + 2, "4");
    set(&mut g, DATA_SHEET, r + 1, Y2020 + 2, "2,100");
    let v = row_of(&g, "W1-1-2a", "value");
    set(&mut g, DATA_SHEET, v, Y2020 + 3, "99.5"); // was 99.2: a change the user must confirm
    let (rep, ds) = read(&g);
    assert!(rep.accepted, "{:?}", rep.messages(&cat()));
    let preview = import_reports(vec![(rep, ds)], &cat(), &current);
    assert_eq!(preview.additions.len(), 1, "{:#?}", preview.additions);
    let a = &preview.additions[0];
    assert_eq!((a.indicator.as_str(), a.year), ("W1-1-1", 2022));
    assert_eq!((a.new.entry.numerator.as_str(), a.new.entry.denominator.as_str()), ("4", "2,100"));
    assert_eq!(a.new.unit, "区卫健局");
    // Without a time the file's value does not silently replace the current one: it is a conflict.
    assert!(preview.changes.is_empty());
    assert_eq!(preview.conflicts.len(), 1);
    assert_eq!((preview.conflicts[0].indicator.as_str(), preview.conflicts[0].year), ("W1-1-2a", 2023));
    assert_eq!(preview.unchanged, 3, "pre-filled values that were not touched");
}

#[test]
fn foreign_workbooks_are_refused_with_a_clear_message() {
    let foreign = Grid { sheets: vec![GridSheet { name: "Sheet1".into(), rows: vec![vec!["姓名".into(), "年龄".into()]] }] };
    let (kind, msg) = one_message(&foreign);
    assert!(matches!(kind, FileErrorKind::NotTemplate { .. }));
    assert!(msg.starts_with("文件“区卫健局.xlsx”：不是本系统的填报模板") && msg.contains(TEMPLATE_TYPE), "{msg}");

    let mut g = template_grid(&sample(), "区卫健局");
    let s = g.sheet(INFO_SHEET).expect("说明");
    let tag_row = (0..s.rows.len()).find(|r| s.cell(*r, 0) == "格式标识").expect("tag row");
    set(&mut g, INFO_SHEET, tag_row, 1, "other/format");
    let (_, msg) = one_message(&g);
    assert!(msg.contains(&format!("工作表“说明”第 {} 行 B 列", tag_row + 1)) && msg.contains("other/format"), "{msg}");

    let mut g = template_grid(&sample(), "区卫健局");
    set(&mut g, INFO_SHEET, tag_row + 1, 1, "2");
    let (kind, msg) = one_message(&g);
    assert!(matches!(kind, FileErrorKind::NewerTemplate { .. }), "{kind:?}");
    assert!(msg.contains("模板版本 2") && msg.contains("请升级程序"), "{msg}");

    let mut g = template_grid(&sample(), "区卫健局");
    g.sheets.retain(|s| s.name != DATA_SHEET);
    let (_, msg) = one_message(&g);
    assert!(msg.contains("缺少工作表“填报”"), "{msg}");

    let r = unreadable_workbook("x.xlsx", "不是有效的 Excel（.xlsx）文件");
    assert!(!r.accepted);
    assert_eq!(r.messages(&cat()), ["文件“x.xlsx”：不是有效的 Excel（.xlsx）文件（请选择本系统生成的填报模板 .xlsx 文件）"]);
}

#[test]
fn a_changed_header_is_refused_naming_the_cell() {
    let mut g = template_grid(&sample(), "区卫健局");
    set(&mut g, DATA_SHEET, HEADER, Y2020 + 1, "2019");
    let (kind, msg) = one_message(&g);
    assert!(matches!(kind, FileErrorKind::BadHeader { .. }));
    assert!(msg.contains("工作表“填报”第 3 行 H 列") && msg.contains("应为“2021”") && msg.contains("“2019”"), "{msg}");

    // A year heading that lost its note or became a number is still the same year.
    let mut g = template_grid(&sample(), "区卫健局");
    set(&mut g, DATA_SHEET, HEADER, Y2020, "2020");
    assert!(read(&g).0.accepted);

    let mut g = template_grid(&sample(), "区卫健局");
    set(&mut g, DATA_SHEET, HEADER, 1, "名称");
    let (_, msg) = one_message(&g);
    assert!(msg.contains("第 3 行 B 列") && msg.contains("应为“指标”"), "{msg}");

    let mut g = template_grid(&sample(), "区卫健局");
    for r in 0..=HEADER {
        set(&mut g, DATA_SHEET, r, 0, "");
    }
    let (_, msg) = one_message(&g);
    assert!(msg.contains("第 3 行 A 列") && msg.contains("应为“编号”"), "{msg}");
}

#[test]
fn unknown_ids_fields_duplicates_and_orphan_values_are_refused() {
    let base = template_grid(&sample(), "区卫健局");
    let r = row_of(&base, "W1-1-2a", "value");

    let mut g = base.clone();
    set(&mut g, DATA_SHEET, r, 0, "W9-9-9");
    let (kind, msg) = one_message(&g);
    assert!(matches!(kind, FileErrorKind::Value(_)));
    assert!(msg.contains(&format!("第 {} 行 A 列", r + 1)) && msg.contains("W9-9-9") && msg.contains("目录中没有"), "{msg}");

    let mut g = base.clone();
    set(&mut g, DATA_SHEET, r, 3, "female");
    set(&mut g, DATA_SHEET, r, 2, "女性人数");
    let (_, msg) = one_message(&g);
    assert!(msg.contains(&format!("第 {} 行 C 列", r + 1)) && msg.contains("住院分娩率（W1-1-2a）"), "{msg}");
    assert!(msg.contains("填报项“女性人数”不是此指标的填报项"), "{msg}");

    // A copied row: the second copy is named with the first one's row.
    let mut g = base.clone();
    let copy = grid_sheet_mut(&mut g, DATA_SHEET).rows[r].clone();
    grid_sheet_mut(&mut g, DATA_SHEET).rows.push(copy);
    let last = g.sheet(DATA_SHEET).expect("sheet").rows.len();
    let (kind, msg) = one_message(&g);
    assert_eq!(kind, FileErrorKind::DuplicateRow { first_row: r as u32 + 1 });
    assert!(msg.contains(&format!("第 {last} 行")) && msg.contains(&format!("与第 {} 行重复", r + 1)), "{msg}");
    assert!(msg.contains("住院分娩率（W1-1-2a）") && msg.contains("数值"), "{msg}");

    // A value typed below the table without an indicator is not silently dropped.
    let mut g = base.clone();
    let n = g.sheet(DATA_SHEET).expect("sheet").rows.len();
    set(&mut g, DATA_SHEET, n + 1, Y2020 + 4, "77");
    let (kind, msg) = one_message(&g);
    assert_eq!(kind, FileErrorKind::MissingIndicator);
    assert!(msg.contains(&format!("第 {} 行 K 列", n + 2)) && msg.contains("2024 年") && msg.contains("缺少指标编号"), "{msg}");

    // Content right of the template's columns is reported (not imported).
    let mut g = base.clone();
    set(&mut g, DATA_SHEET, r, 13, "我的备注");
    let (rep, ds) = read(&g);
    assert!(rep.accepted && ds.is_some());
    assert!(rep.notices.iter().any(|n| n.contains("第 N 列不属于模板")), "{:?}", rep.notices);
}

#[test]
fn bad_values_name_row_column_indicator_year_and_field() {
    let base = template_grid(&sample(), "区卫健局");
    let r = row_of(&base, "W1-1-1", "numerator");
    let mut g = base.clone();
    set(&mut g, DATA_SHEET, r, Y2020 + 1, "两");
    // One message for the one bad cell (not also "缺少分子" for the pair).
    let (kind, msg) = one_message(&g);
    assert!(matches!(kind, FileErrorKind::Value(_)));
    assert_eq!(
        msg,
        format!("文件“区卫健局.xlsx”：工作表“填报”第 {} 行 H 列：孕产妇死亡率（W1-1-1） 2021 年 分子：“两”不是有效数字", r + 1)
    );

    // It says what to type, and the other rows are still imported; the refused year is left out whole.
    let (rep, ds) = read(&g);
    let lines = lishu_core::io::workbook::refused_lines(&rep, &cat());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].ends_with("：“两”不是有效数字。请只填数字（如 12.5），不要带单位、文字或空格。"), "{lines:?}");
    let ds = ds.expect("the valid rows are imported");
    assert!(ds.entry("W1-1-1", 2021).is_none(), "nothing half-applied of the refused year");
    let all = read(&base).1.expect("unchanged template");
    assert_eq!(rep.rows + 1, all.data.values().map(|m| m.len()).sum::<usize>(), "only the refused year is missing");
    for (id, years) in &all.data {
        for (y, e) in years {
            if (id.as_str(), *y) != ("W1-1-1", 2021) {
                assert_eq!(ds.entry(id, *y), Some(e), "{id} {y}");
            }
        }
    }

    // A percentage above 100 and a lone numerator: every refused cell is listed once.
    let mut g = base.clone();
    let v = row_of(&g, "W1-1-2a", "value");
    set(&mut g, DATA_SHEET, v, Y2020 + 5, "120");
    set(&mut g, DATA_SHEET, r, Y2020 + 4, "5");
    let (rep, ds) = read(&g);
    assert!(ds.is_some() && rep.accepted && rep.errors.is_empty());
    let msgs: Vec<String> = rep.refused.iter().map(|e| e.message(&cat())).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains(&format!("第 {} 行 L 列", v + 1)) && m.contains("2025 年 数值") && m.contains("超出上限 100")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains(&format!("第 {} 行 K 列", r + 2)) && m.contains("2024 年 分母") && m.contains("缺少分母")), "{msgs:?}");
    let e = rep.refused.iter().find(|e| e.year == Some(2025)).expect("error");
    assert_eq!((e.indicator.as_deref(), e.field.as_ref()), (Some("W1-1-2a"), Some(&Field::Value)));

    // An unknown stage.
    let mut g = template_grid(&sample(), "");
    let st = row_of(&g, "C1-1-1a", "stage");
    set(&mut g, DATA_SHEET, st, Y2020 + 2, "差不多");
    let (kind, msg) = one_message(&g);
    assert!(matches!(kind, FileErrorKind::UnknownStage { .. }));
    assert!(msg.contains(&format!("第 {} 行 I 列", st + 1)) && msg.contains("儿童之家建设（C1-1-1a） 2022 年 进展阶段"), "{msg}");
}
