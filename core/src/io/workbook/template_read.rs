//! Reading a filled template: structure first (format tag, version, header row), then the rows (indicator
//! ids, input fields, duplicate rows, stages) and the value checks of a data file ([`crate::io::validate`]).
//! Every error names file, sheet, Excel row and column, indicator, year and field, and says what to type
//! ([`hint`]). A wrong sheet or header rejects the file whole; a wrong row or cell refuses only that
//! indicator's year (one message per cell, in `FileReport::refused`), the other rows are imported once
//! the user confirms the preview that lists the refused ones.

use super::template::{
    template_headers, year_header, COL_ID, COL_KEY, COL_LABEL, COL_TARGET, DATA_SHEET, FIRST_YEAR_COL, HEADER_ROW, INFO_SHEET,
    KEY_APP, KEY_CATALOGUE, KEY_CATALOGUE_ID, KEY_CREATED, KEY_TYPE, KEY_UNIT, KEY_VERSION, TEMPLATE_TYPE, TEMPLATE_VERSION,
    WHOLE_DISTRICT,
};
use super::{column_letter, Grid, GridSheet};
use crate::catalogue::Catalogue;
use crate::dataset::{Dataset, Field, InputErrorKind, YearEntry};
use crate::entry_fields::{field_by_key, set_entry_field};
use crate::io::error::{CellRef, FileError, FileErrorKind};
use crate::io::lenient::parse_stage;
use crate::catalogue::diff::TargetChange;
use crate::io::read::{validate, FileReport};
use std::collections::{BTreeMap, HashMap};

/// The report of a file the Excel reader could not open (`detail` is its message, e.g. 不是有效的 Excel
/// （.xlsx）文件), so it shows in the import preview like any rejected file.
pub fn unreadable_workbook(file_name: &str, detail: &str) -> FileReport {
    FileReport {
        name: file_name.to_string(),
        errors: vec![FileError::whole(file_name, FileErrorKind::NotWorkbook { detail: detail.to_string() })],
        ..FileReport::default()
    }
}

/// Checks a filled template read from `file_name` and returns its report and, only when there is no
/// error, its data. Entries get the template's unit (none for a whole-district template) and no time.
pub fn read_template(file_name: &str, grid: &Grid, cat: &Catalogue) -> (FileReport, Option<Dataset>) {
    let mut rep = FileReport { name: file_name.to_string(), ..FileReport::default() };
    let fail = |mut rep: FileReport, e: FileError| {
        rep.errors.push(e);
        (rep, None)
    };
    let whole = |kind| FileError::whole(file_name, kind);
    let Some(info) = grid.sheet(INFO_SHEET) else {
        return fail(
            rep,
            whole(FileErrorKind::NotTemplate {
                detail: format!("缺少“{INFO_SHEET}”工作表及其中的格式标识（{TEMPLATE_TYPE}）"),
            }),
        );
    };
    let meta = read_info(info);
    let at = |key: &str| meta.get(key).map(|(row, _)| place(INFO_SHEET, *row, Some(1)));
    match meta.get(KEY_TYPE) {
        Some((_, t)) if t == TEMPLATE_TYPE => {}
        Some((row, t)) => {
            let detail = format!("格式标识为“{t}”，应为“{TEMPLATE_TYPE}”");
            return fail(rep, located(whole(FileErrorKind::NotTemplate { detail }), place(INFO_SHEET, *row, Some(1))));
        }
        None => {
            let detail = format!("“{INFO_SHEET}”工作表中缺少格式标识（{TEMPLATE_TYPE}）");
            return fail(rep, whole(FileErrorKind::NotTemplate { detail }));
        }
    }
    let version = meta.get(KEY_VERSION).map(|(_, v)| v.clone()).unwrap_or_default();
    match version.parse::<u32>() {
        Ok(v) if v > TEMPLATE_VERSION => {
            let e = whole(FileErrorKind::NewerTemplate { found: version, supported: TEMPLATE_VERSION });
            return fail(rep, with_place(e, at(KEY_VERSION)));
        }
        Ok(v) if v >= 1 => {}
        _ => {
            let e = whole(FileErrorKind::NotTemplate { detail: format!("模板版本“{version}”无效") });
            return fail(rep, with_place(e, at(KEY_VERSION)));
        }
    }
    let text = |key: &str| meta.get(key).map(|(_, v)| v.clone()).unwrap_or_default();
    rep.unit = match text(KEY_UNIT) {
        u if u == WHOLE_DISTRICT => String::new(),
        u => u,
    };
    rep.app_version = text(KEY_APP);
    rep.catalogue_id = text(KEY_CATALOGUE_ID);
    rep.catalogue_version = text(KEY_CATALOGUE);
    // A template from before catalogue ids has none: it was made for the embedded catalogue, checked below
    // like any other by its header years and indicator ids.
    if !rep.catalogue_id.is_empty() && rep.catalogue_id != cat.id {
        let kind = FileErrorKind::OtherCatalogue {
            found_id: rep.catalogue_id.clone(),
            found_title: String::new(),
            found_version: rep.catalogue_version.clone(),
        };
        let e = with_place(whole(kind), at(KEY_CATALOGUE_ID));
        return fail(rep, e);
    }
    let created = text(KEY_CREATED);
    if !created.is_empty() {
        rep.notices.push(format!("模板生成于 {created}；Excel 不记录各数值的填报时间，冲突时请核对"));
    }
    let Some(sheet) = grid.sheet(DATA_SHEET) else {
        return fail(rep, whole(FileErrorKind::MissingSheet { sheet: DATA_SHEET.to_string() }));
    };
    let header = match check_header(file_name, sheet, cat) {
        Ok(h) => h,
        Err(e) => return fail(rep, *e),
    };
    if !rep.catalogue_version.is_empty() && rep.catalogue_version != cat.version {
        rep.target_changes = template_target_changes(sheet, header, cat);
        let changed = if rep.target_changes.is_empty() {
            "模板中指标的目标均未变化".to_string()
        } else {
            let list: Vec<String> = rep.target_changes.iter().map(|c| c.message(cat)).collect();
            format!("以下 {} 项指标的目标已变化：{}", list.len(), list.join("；"))
        };
        rep.notices.push(format!(
            "模板按目标目录版本 {} 生成，当前目录版本为 {}；{changed}",
            rep.catalogue_version, cat.version
        ));
    }
    let unit = rep.unit.clone();
    let rows = read_rows(file_name, sheet, header, &unit, cat, &mut rep);
    let RowsRead { mut dataset, places } = rows;
    let mut refused = std::mem::take(&mut rep.errors);
    refused.extend(validate(file_name, &dataset, cat).into_iter().map(|e| {
        let p = match (&e.indicator, &e.field, e.year) {
            (Some(id), Some(f), Some(y)) => places.get(&(id.clone(), f.clone())).map(|row| {
                let col = cat.period.index(y).map(|i| (FIRST_YEAR_COL + i) as u32);
                place(DATA_SHEET, *row, col.map(|c| c as usize))
            }),
            _ => None,
        };
        with_place(e, p)
    }));
    // One message per cell: a pair's "缺少分子" that only follows from an unreadable numerator is dropped.
    let incomplete = |e: &FileError| matches!(&e.kind, FileErrorKind::Value(InputErrorKind::Incomplete { .. }));
    let typo = |e: &FileError, f: &Field| {
        refused.iter().any(|o| !incomplete(o) && o.indicator == e.indicator && o.year == e.year && o.field.as_ref() == Some(f))
    };
    let echo: Vec<bool> = refused
        .iter()
        .map(|e| matches!(&e.kind, FileErrorKind::Value(InputErrorKind::Incomplete { missing }) if typo(e, missing)))
        .collect();
    let mut echo = echo.into_iter();
    refused.retain(|_| !echo.next().unwrap_or(false));
    // Nothing half-applied: an indicator's year with a refused cell is left out whole.
    for e in &refused {
        if let (Some(id), Some(y)) = (&e.indicator, e.year) {
            if let Some(m) = dataset.data.get_mut(id) {
                m.remove(&y);
                if m.is_empty() {
                    dataset.data.remove(id);
                }
            }
        }
    }
    rep.refused = refused;
    rep.rows = dataset.data.values().map(|m| m.len()).sum();
    rep.accepted = true;
    (rep, Some(dataset))
}

/// What to type instead, for a refused cell ("请只填数字，如 12.5 …").
pub fn hint(kind: &FileErrorKind) -> String {
    match kind {
        FileErrorKind::Value(k) => match k {
            InputErrorKind::NotANumber { .. } => "请只填数字（如 12.5），不要带单位、文字或空格".into(),
            InputErrorKind::Negative { .. } => "请填 0 或正数".into(),
            InputErrorKind::AboveMax { .. } => "请按该行的计量单位填写（如百分比 95.5% 填 95.5）".into(),
            InputErrorKind::ZeroDenominator => "请填写大于 0 的分母".into(),
            InputErrorKind::NumeratorAboveDenominator { .. } => "请核对分子和分母，分子不能大于分母".into(),
            InputErrorKind::Incomplete { missing } => format!("请同时填写{}", missing.label()),
            InputErrorKind::UnknownIndicator => "请使用模板原有的指标编号，不要修改“编号”一栏".into(),
            InputErrorKind::YearOutOfRange => "请只在模板原有的年份列中填写".into(),
            InputErrorKind::NotWhole { .. } => "人数、例数等计数请填整数（如 12，不要填 12.5）".into(),
            InputErrorKind::TooLarge { .. } => "请核对数值，不要多填位数".into(),
        },
        FileErrorKind::UnknownStage { .. } => format!(
            "请填写以下之一：{}",
            crate::catalogue::Stage::ALL.map(|s| s.label()).join("、")
        ),
        FileErrorKind::MissingIndicator => "请只在有指标编号的行中填写".into(),
        FileErrorKind::DuplicateRow { .. } => "请删去重复的行，只保留一行".into(),
        FileErrorKind::UnknownField { .. } => "请不要修改“填报项”一栏，可重新下载填报模板".into(),
        _ => "请按模板原样填写".into(),
    }
}

/// One line per refused cell: where, what is wrong and what to type.
pub fn refused_lines(rep: &FileReport, cat: &Catalogue) -> Vec<String> {
    rep.refused.iter().map(|e| format!("{}。{}。", e.message(cat), hint(&e.kind))).collect()
}

/// The indicators whose 目标值 column (the target as the template's catalogue version stated it) differs from
/// the catalogue in use, each once, in sheet order.
fn template_target_changes(sheet: &GridSheet, header: usize, cat: &Catalogue) -> Vec<TargetChange> {
    let index = cat.index();
    let mut out: Vec<TargetChange> = Vec::new();
    for r in header + 1..sheet.rows.len() {
        let id = sheet.cell(r, COL_ID).trim();
        let Some(ind) = index.get(id).map(|x| x.indicator) else { continue };
        let before = sheet.cell(r, COL_TARGET).trim();
        let now = ind.target_label(cat.period.base);
        if !before.is_empty() && before != now && !out.iter().any(|c| c.indicator == id) {
            out.push(TargetChange { indicator: id.to_string(), before: before.to_string(), now });
        }
    }
    out
}

/// Template information: key → (0-based row, value), from the first two columns of 说明.
fn read_info(info: &GridSheet) -> HashMap<String, (usize, String)> {
    let keys = [KEY_TYPE, KEY_VERSION, KEY_UNIT, KEY_CATALOGUE_ID, KEY_CATALOGUE, KEY_CREATED, KEY_APP];
    let mut meta = HashMap::new();
    for (i, _) in info.rows.iter().enumerate() {
        let k = info.cell(i, 0).trim();
        if keys.contains(&k) && !meta.contains_key(k) {
            meta.insert(k.to_string(), (i, info.cell(i, 1).trim().to_string()));
        }
    }
    meta
}

fn place(sheet: &str, row0: usize, col: Option<usize>) -> CellRef {
    CellRef { sheet: sheet.to_string(), row: row0 as u32 + 1, column: col.map(|c| c as u32) }
}

fn located(mut e: FileError, p: CellRef) -> FileError {
    e.cell = Some(p);
    e
}

fn with_place(mut e: FileError, p: Option<CellRef>) -> FileError {
    e.cell = p;
    e
}

/// Finds the header row (the first row whose column A is 编号, normally row 3) and checks every heading.
fn check_header(file: &str, sheet: &GridSheet, cat: &Catalogue) -> Result<usize, Box<FileError>> {
    let expected = template_headers(cat);
    let years: Vec<u16> = cat.period.years().collect();
    let row = (0..sheet.rows.len().min(20)).find(|r| sheet.cell(*r, COL_ID).trim() == expected[COL_ID]);
    let Some(row) = row else {
        let e = FileError::whole(
            file,
            FileErrorKind::BadHeader { expected: expected[COL_ID].clone(), found: sheet.cell(HEADER_ROW, 0).to_string() },
        );
        return Err(Box::new(located(e, place(DATA_SHEET, HEADER_ROW, Some(COL_ID)))));
    };
    for (c, want) in expected.iter().enumerate() {
        let found = sheet.cell(row, c).trim();
        let ok = match c.checked_sub(FIRST_YEAR_COL).and_then(|i| years.get(i)) {
            // A year heading may lose its （基数） note or become a number; the year itself must match.
            Some(y) => found == year_header(cat, *y) || found.get(..4).and_then(|s| s.parse::<u16>().ok()) == Some(*y),
            None => found == want,
        };
        if !ok {
            let kind = FileErrorKind::BadHeader { expected: want.clone(), found: found.to_string() };
            return Err(Box::new(located(FileError::whole(file, kind), place(DATA_SHEET, row, Some(c)))));
        }
    }
    Ok(row)
}

struct RowsRead {
    dataset: Dataset,
    /// (indicator, field) → 0-based row, to place value errors.
    places: HashMap<(String, Field), usize>,
}

/// Reads the data rows below the header. Structural errors go into `rep`.
fn read_rows(
    file: &str,
    sheet: &GridSheet,
    header: usize,
    unit: &str,
    cat: &Catalogue,
    rep: &mut FileReport,
) -> RowsRead {
    let index = cat.index();
    let years_of: Vec<u16> = cat.period.years().collect();
    let last_col = FIRST_YEAR_COL + years_of.len();
    let mut entries: BTreeMap<(String, u16), YearEntry> = BTreeMap::new();
    let mut places: HashMap<(String, Field), usize> = HashMap::new();
    let mut extra_cols: Vec<usize> = Vec::new();
    let error = |row: usize, col: usize, id: Option<&str>, year: Option<u16>, field: Option<Field>, kind| FileError {
        file: file.to_string(),
        indicator: id.map(str::to_string),
        year,
        field,
        path: String::new(),
        cell: Some(place(DATA_SHEET, row, Some(col))),
        kind,
    };
    for (r, cells) in sheet.rows.iter().enumerate().skip(header + 1) {
        for (c, t) in cells.iter().enumerate().skip(last_col) {
            if !t.trim().is_empty() && !extra_cols.contains(&c) {
                extra_cols.push(c);
            }
        }
        let id = sheet.cell(r, COL_ID).trim();
        let years: Vec<&str> = (0..years_of.len()).map(|i| sheet.cell(r, FIRST_YEAR_COL + i)).collect();
        if id.is_empty() {
            if let Some(i) = years.iter().position(|t| !t.trim().is_empty()) {
                rep.errors.push(error(r, FIRST_YEAR_COL + i, None, Some(years_of[i]), None, FileErrorKind::MissingIndicator));
            }
            continue;
        }
        let Some(ind) = index.get(id).map(|x| x.indicator) else {
            let kind = FileErrorKind::Value(InputErrorKind::UnknownIndicator);
            rep.errors.push(error(r, COL_ID, Some(id), None, None, kind));
            continue;
        };
        let key = sheet.cell(r, COL_KEY);
        let Some(field) = field_by_key(ind, key) else {
            let label = sheet.cell(r, COL_LABEL).trim();
            let text = if label.is_empty() { key.trim().to_string() } else { label.to_string() };
            rep.errors.push(error(r, COL_LABEL, Some(id), None, None, FileErrorKind::UnknownField { text }));
            continue;
        };
        if let Some(first) = places.get(&(id.to_string(), field.clone())) {
            let kind = FileErrorKind::DuplicateRow { first_row: *first as u32 + 1 };
            rep.errors.push(error(r, COL_ID, Some(id), None, Some(field), kind));
            continue;
        }
        places.insert((id.to_string(), field.clone()), r);
        for (i, text) in years.into_iter().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            let year = years_of[i];
            if field == Field::Stage && parse_stage(text).is_none() {
                let kind = FileErrorKind::UnknownStage { text: text.to_string() };
                rep.errors.push(error(r, FIRST_YEAR_COL + i, Some(id), Some(year), Some(Field::Stage), kind));
                continue;
            }
            let e = entries.entry((id.to_string(), year)).or_default();
            set_entry_field(e, &field, text.to_string());
        }
    }
    for c in extra_cols {
        rep.notices.push(format!(
            "工作表“{DATA_SHEET}”第 {} 列不属于模板（表头“{}”），其中的内容未导入",
            column_letter(c),
            sheet.cell(header, c)
        ));
    }
    let mut dataset = Dataset::default();
    for ((id, year), mut e) in entries {
        e.unit = unit.to_string();
        dataset.set_entry(&id, year, e);
    }
    RowsRead { dataset, places }
}
