//! Why an edit was refused, in Chinese.

use crate::review::ReviewError;

/// Why an edit was refused. Nothing changed.
#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    /// The value is locked by an acceptance (`indicator` is the indicator's label).
    Locked { indicator: String, year: u16, by: String, at: String },
    UnknownIndicator { id: String },
    YearOutOfRange { year: u16, range: String },
    /// 审核、退回、解锁 are the office's.
    OfficeOnly { action: &'static str },
    /// A unit acting for another unit.
    OtherUnit { actor: String, unit: String },
    /// A review rule refused it.
    Review(ReviewError),
    /// The unit list refused it (its message).
    Units(crate::units::UnitError),
    /// A band outside 0–`max`.
    Band { value: f64, max: f64 },
    /// The import preview was built from data that changed since.
    StalePreview,
    NothingToUndo,
    NothingToRedo,
}

impl From<ReviewError> for EditError {
    fn from(e: ReviewError) -> Self {
        EditError::Review(e)
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Locked { indicator, year, by, at } => write!(
                f,
                "{indicator} {year} 年的数值已由{by}审核锁定（{}），不能修改；如需更正，请由妇儿工委办写明理由解锁。",
                crate::io::time::short_time(at)
            ),
            EditError::UnknownIndicator { id } => write!(f, "目标目录中没有指标“{id}”"),
            EditError::YearOutOfRange { year, range } => write!(f, "{year} 年不在数据年份 {range} 之间"),
            EditError::OfficeOnly { action } => write!(f, "{action}由妇儿工委办操作：请先退出“单位模式”"),
            EditError::OtherUnit { actor, unit } => write!(f, "当前以{actor}的身份操作，不能替{unit}提交或撤回"),
            EditError::Review(e) => e.fmt(f),
            EditError::Units(e) => write!(f, "{e}"),
            EditError::Band { value, max } => write!(
                f,
                "带宽 {} 不在 0–{} 之间",
                crate::catalogue::fmt_num(*value),
                crate::catalogue::fmt_num(*max)
            ),
            EditError::StalePreview => f.write_str("读取文件后数据已有改动，请重新选择文件再导入（数据未作任何改动）"),
            EditError::NothingToUndo => f.write_str("没有可撤销的修改"),
            EditError::NothingToRedo => f.write_str("没有可重做的修改"),
        }
    }
}

impl std::error::Error for EditError {}
