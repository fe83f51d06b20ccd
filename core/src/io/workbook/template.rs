//! The fill-in template of a unit.
//!
//! Sheet 填报: a title, a hint, the header row (编号 | 指标 | 填报项 | 字段代码 (hidden) | 单位 | 目标值 |
//! 基数年（基数） … 最后规划年, the catalogue's data years) and one row per indicator and input field (分子, 分母, 女性人数 … 备注, 数据来源, as the
//! entry form asks them: [`crate::entry_fields::fields`]). Year cells are the only editable cells; they hold
//! the stored text exactly. Sheet 说明: instructions in Chinese and the template information the importer
//! checks (格式标识 `lishu-monitor/template`, 模板版本, 填报单位, 目标目录编号, 目标目录版本, 生成时间, 程序版本).
//! Sheet 指标解释: one row per indicator of the template with its 指标解释 from the catalogue (编号 | 指标 |
//! 定义 | 计算方法 | 计量单位 | 资料来源 | 佐证材料要求), for reading while filling in; the importer ignores it.

use super::{Cell, SheetSpec, Style, WorkbookSpec};
use crate::catalogue::{Catalogue, Indicator, Kind, Stage};
use crate::dataset::Dataset;
use crate::entry_fields::{entry_field, field_key, field_label, fields};
use crate::io::export::file_name;
use crate::dataset::Field;

/// Format tag in the 说明 sheet.
pub const TEMPLATE_TYPE: &str = "lishu-monitor/template";
/// Template layout version; a template of a newer version is refused.
pub const TEMPLATE_VERSION: u32 = 1;
pub const DATA_SHEET: &str = "填报";
pub const INFO_SHEET: &str = "说明";
/// The read-only sheet of 指标解释 (not read back on import).
pub const EXPLAIN_SHEET: &str = "指标解释";
/// Header of the 指标解释 sheet.
pub(crate) const EXPLAIN_HEADERS: [&str; 7] = ["编号", "指标", "定义", "计算方法", "计量单位", "资料来源", "佐证材料要求"];

/// Keys of the template information in the 说明 sheet (column A; the value is in column B).
pub(crate) const KEY_TYPE: &str = "格式标识";
pub(crate) const KEY_VERSION: &str = "模板版本";
pub(crate) const KEY_UNIT: &str = "填报单位";
pub(crate) const KEY_CATALOGUE_ID: &str = "目标目录编号";
pub(crate) const KEY_CATALOGUE: &str = "目标目录版本";
pub(crate) const KEY_CREATED: &str = "生成时间";
pub(crate) const KEY_APP: &str = "程序版本";
/// Shown as the unit of a whole-district template.
pub(crate) const WHOLE_DISTRICT: &str = "全区";

/// 0-based row of the header in the 填报 sheet, and the fixed columns.
pub(crate) const HEADER_ROW: usize = 2;
pub(crate) const COL_ID: usize = 0;
pub(crate) const COL_LABEL: usize = 2;
pub(crate) const COL_KEY: usize = 3;
pub(crate) const COL_TARGET: usize = 5;
pub(crate) const FIRST_YEAR_COL: usize = 6;

/// Header texts of the 填报 sheet: the fixed columns and one per data year of the catalogue.
pub(crate) fn template_headers(cat: &Catalogue) -> Vec<String> {
    let mut h: Vec<String> =
        ["编号", "指标", "填报项", "字段代码", "单位", "目标值"].iter().map(|s| s.to_string()).collect();
    h.extend(cat.period.years().map(|y| year_header(cat, y)));
    h
}

pub(crate) fn year_header(cat: &Catalogue, y: u16) -> String {
    cat.period.column_label(y)
}

/// "梨树区监测填报模板-区卫健局-2026-11-29.xlsx" (the catalogue's region; "全区" for the whole district).
pub fn template_file_name(cat: &Catalogue, unit: &str, date: &str) -> String {
    file_name(&format!("{}监测填报模板", cat.region), unit, date, "xlsx")
}

/// The template of `unit` (the indicators it leads or co-operates on; every indicator when `unit` is
/// empty), pre-filled with the values of `ds` exactly as stored. `exported_at` is ISO 8601.
pub fn template_workbook(cat: &Catalogue, ds: &Dataset, unit: &str, exported_at: &str) -> WorkbookSpec {
    let unit = unit.trim();
    let shown_unit = if unit.is_empty() { WHOLE_DISTRICT } else { unit };
    let title = format!("{}监测数据填报模板（{shown_unit}）", cat.title);
    let mut rows = vec![
        vec![Cell::text(&title, Style::Title)],
        vec![Cell::text(
            format!(
                "请只在黄色单元格中填写，每行一个填报项，每列一个年份（{} 年为基数）。填写说明见“说明”工作表。",
                cat.period.base
            ),
            Style::Note,
        )],
        template_headers(cat).into_iter().map(|h| Cell::text(h, Style::Header)).collect(),
    ];
    let stages: Vec<String> = Stage::ALL.iter().map(|s| s.label().to_string()).collect();
    let indicators: Vec<&Indicator> =
        cat.indicators().into_iter().map(|r| r.indicator).filter(|i| ds.is_unit_indicator(i, unit)).collect();
    for &ind in &indicators {
        for f in fields(ind) {
            let mut row = vec![
                Cell::text(&ind.id, Style::Text),
                Cell::text(&ind.name, Style::Text),
                Cell::text(field_label(ind, &f), Style::Text),
                Cell::text(field_key(ind, &f), Style::Text),
                Cell::text(&ind.unit, Style::Text),
                Cell::text(ind.target_label(cat.period.base), Style::Text),
            ];
            for y in cat.period.years() {
                let text = ds.entry(&ind.id, y).map(|e| entry_field(e, &f)).unwrap_or_default();
                let mut cell = if text.is_empty() { Cell::empty(Style::Input) } else { Cell::text(text, Style::Input) };
                if f == Field::Stage {
                    cell.choices = stages.clone();
                }
                row.push(cell);
            }
            rows.push(row);
        }
    }
    let mut widths = vec![9.0, 28.0, 26.0, 10.0, 7.0, 18.0];
    widths.extend(cat.period.years().map(|_| 12.0));
    let data = SheetSpec {
        name: DATA_SHEET.to_string(),
        column_widths: widths,
        hidden_columns: vec![COL_KEY as u16],
        rows,
        freeze_rows: HEADER_ROW as u32 + 1,
        freeze_cols: COL_LABEL as u16 + 1,
        protect: true,
        ..Default::default()
    };
    WorkbookSpec {
        sheets: vec![data, info_sheet(cat, unit, shown_unit, exported_at), explain_sheet(&indicators, shown_unit)],
        title,
        created: exported_at.to_string(),
    }
}

fn info_sheet(cat: &Catalogue, unit: &str, shown_unit: &str, exported_at: &str) -> SheetSpec {
    let scope = if unit.is_empty() { "全区各项指标".to_string() } else { format!("{unit}牵头或配合的指标") };
    let lines = [
        format!(
            "本文件由{}系统生成，供{shown_unit}填报{scope} {} 年的监测数据。",
            cat.app_title(),
            cat.period.data_range()
        ),
        format!(
            "请在“填报”工作表的黄色单元格中填写：每行是一个指标的一个填报项（如分子、分母、女性人数、男性人数、备注），每列是一个年份，{} 年为基数年。",
            cat.period.base
        ),
        "数字照原样填写，如 95.5、3、2150，可带 % 或 ‰ 号；请勿填写公式。比率类指标可填分子和分母（系统自动计算），也可直接填写结果。".to_string(),
        format!(
            "各指标统计什么、怎样计算、计量单位和资料来源，以及定性指标应附的佐证材料，见“{EXPLAIN_SHEET}”工作表；请按其中的口径填报，使各单位的数据和佐证材料可以比较。"
        ),
        format!("进展阶段请从下拉列表中选择：{}。", Stage::ALL.map(|s| s.label()).join("、")),
        "已有的数据已预先填入。导入时系统先检查全部内容，并列出新增、修改和冲突的数据，经确认后才生效；有任何错误的文件整个不导入，错误提示会指出行号、指标、年份和填报项。".to_string(),
        "表头、编号和填报项受保护，请勿增删或移动行列，也不要修改下方的模板信息，否则导入时会被拒绝。".to_string(),
        "填好后保存为 .xlsx 格式，在系统“数据交换”页面的“导入”中选择本文件。".to_string(),
    ];
    let mut rows = vec![vec![Cell::text("填写说明", Style::Title)]];
    rows.extend(
        lines.into_iter().enumerate().map(|(i, l)| vec![Cell::text(format!("{}.", i + 1), Style::Text), Cell::text(l, Style::Text)]),
    );
    rows.push(vec![]);
    rows.push(vec![Cell::text("模板信息（供系统识别，请勿修改）", Style::Header), Cell::empty(Style::Header)]);
    let info = [
        (KEY_TYPE, TEMPLATE_TYPE.to_string()),
        (KEY_VERSION, TEMPLATE_VERSION.to_string()),
        (KEY_UNIT, shown_unit.to_string()),
        (KEY_CATALOGUE_ID, cat.id.clone()),
        (KEY_CATALOGUE, cat.version.clone()),
        (KEY_CREATED, exported_at.to_string()),
        (KEY_APP, crate::APP_VERSION.to_string()),
    ];
    rows.extend(info.into_iter().map(|(k, v)| vec![Cell::text(k, Style::Text), Cell::text(v, Style::Text)]));
    SheetSpec {
        name: INFO_SHEET.to_string(),
        column_widths: vec![16.0, 100.0],
        rows,
        protect: true,
        ..Default::default()
    }
}

/// A cell text, "—" when the catalogue gives none.
fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}

/// The 指标解释 sheet: one row per indicator of the template, the texts exactly as in the catalogue. A
/// milestone has no formula: its 计算方法 says how its stage is entered.
fn explain_sheet(indicators: &[&Indicator], shown_unit: &str) -> SheetSpec {
    let mut rows = vec![
        vec![Cell::text(format!("指标解释（{shown_unit}）"), Style::Title)],
        vec![Cell::text(
            "本表列出“填报”工作表中每个指标的定义、计算方法、计量单位、资料来源，以及定性指标的佐证材料要求，供填报时对照；本表只供阅读，导入时不读取。",
            Style::Note,
        )],
        EXPLAIN_HEADERS.iter().map(|h| Cell::text(*h, Style::Header)).collect(),
    ];
    let stages = Stage::ALL.map(|s| s.label()).join("、");
    for ind in indicators {
        let formula = if ind.kind == Kind::Milestone && ind.formula.trim().is_empty() {
            format!("按年度选择进展阶段（{stages}），并在“佐证材料”行写明所附材料")
        } else {
            or_dash(&ind.formula)
        };
        rows.push(
            [
                ind.id.clone(),
                ind.name.clone(),
                or_dash(&ind.definition),
                formula,
                or_dash(&ind.unit),
                or_dash(&ind.source),
                or_dash(&ind.evidence_hint),
            ]
            .into_iter()
            .map(|t| Cell::text(t, Style::Text))
            .collect(),
        );
    }
    SheetSpec {
        name: EXPLAIN_SHEET.to_string(),
        column_widths: vec![9.0, 24.0, 60.0, 40.0, 8.0, 30.0, 60.0],
        rows,
        freeze_rows: HEADER_ROW as u32 + 1,
        freeze_cols: 2,
        autofilter: true,
        protect: true,
        ..Default::default()
    }
}
