//! 起草错误 / The problems that stop a text from being drafted (or a draft from being written), each with its
//! Chinese message naming the line, the heading or the limit.

/// A problem that stops a text from being drafted or a draft from being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// The text is larger than the plan-text limit (`MAX_PLAN_TEXT_BYTES`).
    TextTooLarge { bytes: usize, limit: usize },
    /// No line is a plan title.
    NoTitle,
    /// A title's years lie outside the accepted range.
    TitleYears { line: usize, title: String, lo: u16, hi: u16 },
    /// A title's last year is before its first.
    TitleOrder { line: usize, title: String },
    /// A title's period is longer than the catalogue allows.
    PeriodTooLong { line: usize, title: String, max: u16 },
    /// A title names another region than the first title.
    RegionDiffers { line: usize, title: String, region: String, first_line: usize, first_region: String },
    /// A title names another period than the first title.
    PeriodDiffers { line: usize, title: String, first_line: usize, first: u16, last: u16 },
    /// No "——" target line anywhere.
    NoTargetLines,
    /// The id given in the options is not a valid catalogue id.
    BadId { id: String, max: usize },
    /// The version given in the options is blank.
    BlankVersion,
    /// A domain heading repeats an earlier domain's number.
    DuplicateDomain { line: usize, heading: String, previous: usize },
    /// A numbered goal repeats an earlier goal's number in the same domain.
    DuplicateGoal { line: usize, number: u32, previous: usize },
    /// A target line before the domain's first numbered goal.
    LineBeforeGoal { line: usize },
    /// A "——" with nothing after it.
    EmptyTargetLine { line: usize },
    /// A numbered goal before the first domain heading.
    GoalBeforeDomain { line: usize },
    /// The draft does not pass the catalogue check (a defect of the drafting rules).
    CheckFailed { problem: String },
    /// The draft's file would be larger than a catalogue file may be.
    TooLarge { bytes: usize, limit: usize },
    /// The draft could not be written as a catalogue file.
    Write { reason: String },
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

impl DraftError {
    /// 1-based line of the plan text, when the problem is on one line.
    pub fn line(&self) -> Option<usize> {
        use DraftError::*;
        match self {
            TitleYears { line, .. }
            | TitleOrder { line, .. }
            | PeriodTooLong { line, .. }
            | RegionDiffers { line, .. }
            | PeriodDiffers { line, .. }
            | DuplicateDomain { line, .. }
            | DuplicateGoal { line, .. }
            | LineBeforeGoal { line }
            | EmptyTargetLine { line }
            | GoalBeforeDomain { line } => Some(*line),
            _ => None,
        }
    }

    /// What is wrong, without the line.
    pub fn what(&self) -> String {
        use DraftError::*;
        match self {
            TextTooLarge { bytes, limit } => format!(
                "规划文本过大（{}），超过 {} 上限：请只粘贴妇女、儿童发展规划的正文，确认没有选错文件",
                mb(*bytes),
                mb(*limit)
            ),
            NoTitle => "未找到规划标题：须有单独成行的“地区 + 妇女发展规划（起始年-结束年）”或“地区 + 儿童发展规划（起始年-结束年）”，\
                        如“某某县妇女发展规划（20××—20××年）”，无法确定地区和规划期"
                .to_string(),
            TitleYears { title, lo, hi, .. } => format!("规划标题“{title}”的年份不在 {lo}–{hi} 之间"),
            TitleOrder { title, .. } => format!("规划标题“{title}”的结束年早于起始年"),
            PeriodTooLong { title, max, .. } => format!("规划标题“{title}”的规划期超过 {max} 年"),
            RegionDiffers { title, region, first_line, first_region, .. } => {
                format!("规划标题“{title}”的地区“{region}”与第 {first_line} 行的“{first_region}”不同")
            }
            PeriodDiffers { title, first_line, first, last, .. } => {
                format!("规划标题“{title}”的规划期与第 {first_line} 行的 {first}–{last} 不同")
            }
            NoTargetLines => {
                "未找到任何目标行：目标行须以“——”开头，位于“二、发展领域……”中各领域的“主要目标”之下、“策略措施”之前".to_string()
            }
            BadId { id, max } => {
                format!("目录编号“{id}”无效：须为 1–{max} 个小写英文字母、数字或连字符（-），如“地区拼音-起始年-结束年”")
            }
            BlankVersion => "目录版本不能为空".to_string(),
            DuplicateDomain { heading, previous, .. } => format!("领域“{heading}”的序号与第 {previous} 行的领域重复"),
            DuplicateGoal { number, previous, .. } => format!("主要目标的序号 {number} 与第 {previous} 行重复"),
            LineBeforeGoal { .. } => "目标行出现在第一个编号的主要目标（如“1.……”）之前，无法确定所属目标".to_string(),
            EmptyTargetLine { .. } => "目标行“——”之后没有文字".to_string(),
            GoalBeforeDomain { .. } => "主要目标出现在领域标题（如“（一）妇女与健康”）之前，无法确定所属领域".to_string(),
            CheckFailed { problem } => format!("草稿未通过目录检查（程序缺陷，请报告）：{problem}"),
            TooLarge { bytes, limit } => format!(
                "草稿文件过大（{}），超过目标目录文件 {} 的上限，目录检查不会接受，因此没有写出：请检查规划文本是否重复粘贴或含有大段非规划内容",
                mb(*bytes),
                mb(*limit)
            ),
            Write { reason } => format!("草稿无法写成目录文件：{reason}"),
        }
    }

    /// "第 12 行：……" (or just the text when no line is meant).
    pub fn message(&self) -> String {
        match self.line() {
            Some(l) => format!("第 {l} 行：{}", self.what()),
            None => self.what(),
        }
    }
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for DraftError {}
