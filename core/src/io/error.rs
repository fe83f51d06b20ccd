//! Typed errors of a data file, each with a Chinese message naming file, indicator, year and field.

use crate::catalogue::Catalogue;
use super::workbook::column_letter;
use crate::dataset::{Field, InputError, InputErrorKind};
use serde::{Deserialize, Serialize};

/// One problem found in an imported file. A file with any error is rejected whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileError {
    /// File name as given by the user.
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// Position in the JSON (e.g. `data.data.W1-1-1.2021.value`), empty for whole-file errors.
    #[serde(default)]
    pub path: String,
    /// Position in a workbook (Excel templates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<CellRef>,
    pub kind: FileErrorKind,
}

/// A place in a workbook: sheet, Excel row number (1-based) and column (0-based, shown as a letter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellRef {
    pub sheet: String,
    pub row: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl CellRef {
    /// "工作表“填报”第 12 行 H 列" (or without the column).
    pub fn label(&self) -> String {
        match self.column {
            Some(c) => format!("工作表“{}”第 {} 行 {} 列", self.sheet, self.row, column_letter(c as usize)),
            None => format!("工作表“{}”第 {} 行", self.sheet, self.row),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum FileErrorKind {
    /// Larger than [`super::MAX_FILE_BYTES`].
    TooLarge { size: usize, max: usize },
    /// The bytes are not UTF-8 text.
    NotUtf8 { offset: usize },
    /// Not parseable JSON.
    NotJson { line: usize, column: usize, detail: String },
    /// The top level is not a JSON object.
    NotAnObject,
    /// The `type` tag is missing or names another format.
    WrongType { found: Option<String>, expected: String },
    /// No usable `schema` number.
    BadSchema { found: String },
    /// Written by a newer version of the program: refused untouched.
    NewerSchema { found: u32, supported: u32 },
    /// An older schema with no migration path.
    UnsupportedSchema { found: u32 },
    /// A migration step failed.
    Migration { from: u32, detail: String },
    /// The checksum does not match the data (damaged or edited file).
    BadChecksum { expected: String, actual: String },
    /// The checksum names an unknown algorithm.
    UnknownChecksum { found: String },
    /// The `data` member is missing.
    MissingData,
    /// A unit's file carries review records only the office may set (已审核 states, locks, other units').
    Unauthorised { details: Vec<String> },
    /// Made for another catalogue (another region or period) than the one in use.
    OtherCatalogue { found_id: String, found_title: String, found_version: String },
    /// The catalogue the file carries (附带目标目录) is not the header's, or differs from the catalogue in use
    /// of the same id and version (`io::carried`).
    CarriedCatalogue { detail: String },
    /// A member has the wrong JSON type (e.g. an array where text or a number is expected).
    WrongJsonType { expected: String, found: String },
    /// A year key that is not a whole number.
    BadYear { text: String },
    /// The same member (or the same indicator+year row) appears twice.
    Duplicate { key: String },
    /// A member name given twice in one object of the envelope (`path` empty: the top level).
    DuplicateKey { path: String, key: String },
    /// A milestone stage that is not one of the known stages.
    UnknownStage { text: String },
    /// Not a readable spreadsheet file (the Excel reader's message).
    NotWorkbook { detail: String },
    /// A workbook that is not this program's fill-in template (no or another format tag …).
    NotTemplate { detail: String },
    /// A template of a newer version than this program reads.
    NewerTemplate { found: String, supported: u32 },
    /// A sheet the template must have is missing.
    MissingSheet { sheet: String },
    /// A heading cell differs from the template's.
    BadHeader { expected: String, found: String },
    /// A row names an input field the indicator does not have.
    UnknownField { text: String },
    /// A row with values but no indicator id.
    MissingIndicator,
    /// The same indicator and input field appear in two rows.
    DuplicateRow { first_row: u32 },
    /// A value problem found by `dataset::resolve` (not a number, negative, above maximum …),
    /// or an unknown indicator / a year outside the catalogue's data years.
    Value(InputErrorKind),
}

impl FileError {
    pub fn whole(file: &str, kind: FileErrorKind) -> FileError {
        FileError {
            file: file.to_string(),
            indicator: None,
            year: None,
            field: None,
            path: String::new(),
            cell: None,
            kind,
        }
    }

    /// Wraps an error of `dataset::resolve`.
    pub fn from_input(file: &str, e: &InputError) -> FileError {
        FileError {
            file: file.to_string(),
            indicator: Some(e.indicator.clone()),
            year: Some(e.year),
            field: Some(e.field.clone()),
            path: format!("data.data.{}.{}", e.indicator, e.year),
            cell: None,
            kind: FileErrorKind::Value(e.kind.clone()),
        }
    }

    /// Chinese message: "文件“x.json”：孕产妇死亡率（W1-4-2） 2021 年 数值：“abc”不是有效数字"; for a
    /// workbook the place comes first: "文件“x.xlsx”：工作表“填报”第 12 行 H 列：孕产妇死亡率（W1-4-2） …".
    pub fn message(&self, cat: &Catalogue) -> String {
        let mut parts = Vec::new();
        if let Some(id) = &self.indicator {
            parts.push(cat.indicator_label(id));
        }
        if let Some(y) = self.year {
            parts.push(format!("{y} 年"));
        }
        if let Some(f) = &self.field {
            parts.push(f.label());
        }
        let mut place = parts.join(" ");
        if let Some(c) = &self.cell {
            place = if place.is_empty() { c.label() } else { format!("{}：{place}", c.label()) };
        } else if place.is_empty() && !self.path.is_empty() {
            place = format!("位置 {}", self.path);
        }
        let what = self.what(cat);
        if place.is_empty() {
            format!("文件“{}”：{what}", self.file)
        } else {
            format!("文件“{}”：{place}：{what}", self.file)
        }
    }

    fn what(&self, cat: &Catalogue) -> String {
        match &self.kind {
            FileErrorKind::TooLarge { size, max } => format!(
                "文件过大（{:.1} MB），超过 {} MB 上限，请确认是否选错文件",
                *size as f64 / 1_048_576.0,
                max / 1_048_576
            ),
            FileErrorKind::NotUtf8 { offset } => {
                format!("不是 UTF-8 文本（第 {offset} 字节起无法识别），请选择本系统导出的 .json 文件")
            }
            FileErrorKind::NotJson { line, column, detail } => {
                format!("不是有效的 JSON 数据（第 {line} 行第 {column} 列：{detail}），文件可能已损坏或被截断")
            }
            FileErrorKind::NotAnObject => "文件内容不是本系统的数据文件（顶层不是对象）".to_string(),
            FileErrorKind::WrongType { found: Some(t), expected } => {
                format!("文件类型为“{t}”，不是本系统的数据文件（应为“{expected}”）")
            }
            FileErrorKind::WrongType { found: None, expected } => {
                format!("缺少文件类型标记，不是本系统的数据文件（应为“{expected}”）")
            }
            FileErrorKind::BadSchema { found } => format!("数据格式版本“{found}”无效"),
            FileErrorKind::NewerSchema { found, supported } => format!(
                "由更新版本的程序导出（数据格式版本 {found}，本程序支持到 {supported}），为避免损坏数据未作任何处理，请升级程序后再导入"
            ),
            FileErrorKind::UnsupportedSchema { found } => {
                format!("数据格式版本 {found} 过旧，无法自动升级")
            }
            FileErrorKind::Migration { from, detail } => {
                format!("从数据格式版本 {from} 升级失败：{detail}")
            }
            FileErrorKind::BadChecksum { expected, actual } => format!(
                "校验码不符（文件记载 {expected}，实际 {actual}），文件可能已损坏或被手工修改，未导入"
            ),
            FileErrorKind::UnknownChecksum { found } => format!("无法识别的校验码“{found}”"),
            FileErrorKind::MissingData => "缺少数据部分（data）".to_string(),
            FileErrorKind::Unauthorised { details } => {
                format!("{}；整份未导入（审核、退回、解锁和锁定只能来自妇儿工委办自己的数据）", details.join("；"))
            }
            FileErrorKind::OtherCatalogue { found_id, found_title, found_version } => {
                let title = if found_title.is_empty() { "另一个目标目录".to_string() } else { format!("{found_title}目标目录") };
                format!(
                    "此文件是按{title}（编号 {found_id}，版本 {found_version}）填报的，当前使用的是{}，两者的指标不能混用，未导入。\
如需导入，请先在“设置 → 目标目录”中切换到该目录",
                    cat.describe()
                )
            }
            FileErrorKind::CarriedCatalogue { detail } => format!("{detail}，未导入"),
            FileErrorKind::WrongJsonType { expected, found } => format!("应为{expected}，实际为{found}"),
            FileErrorKind::BadYear { text } => format!("年份“{text}”不是有效年份"),
            FileErrorKind::Duplicate { key } => format!("“{key}”重复出现（同一文件中同一指标同一年份只能有一条）"),
            FileErrorKind::DuplicateKey { path, key } => format!(
                "字段“{key}”在{}出现了两次；同一处的字段名不能重复（文件可能被手工改过，无法确定哪一个算数）",
                if path.is_empty() { "文件顶层".to_string() } else { format!(" {path} 中") }
            ),
            FileErrorKind::UnknownStage { text } => {
                format!("进展阶段“{text}”无法识别（应为 未启动/推进中/基本实现/已实现）")
            }
            FileErrorKind::NotWorkbook { detail } => {
                format!("{detail}（请选择本系统生成的填报模板 .xlsx 文件）")
            }
            FileErrorKind::NotTemplate { detail } => format!("不是本系统的填报模板：{detail}"),
            FileErrorKind::NewerTemplate { found, supported } => format!(
                "由更新版本的程序生成（模板版本 {found}，本程序支持到 {supported}），为避免损坏数据未作任何处理，请升级程序后再导入"
            ),
            FileErrorKind::MissingSheet { sheet } => format!("缺少工作表“{sheet}”，请使用本系统生成的填报模板"),
            FileErrorKind::BadHeader { expected, found } => format!(
                "表头应为“{expected}”，实际为“{found}”，请勿改动模板的表头和列的顺序"
            ),
            FileErrorKind::UnknownField { text } => format!("填报项“{text}”不是此指标的填报项，请勿改动模板的填报项列"),
            FileErrorKind::MissingIndicator => "此行填有数据但缺少指标编号".to_string(),
            FileErrorKind::DuplicateRow { first_row } => {
                format!("与第 {first_row} 行重复（同一指标的同一填报项只能有一行）")
            }
            FileErrorKind::Value(k) => k.describe(cat.period),
        }
    }
}
