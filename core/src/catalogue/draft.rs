//! # 目录草稿 / Drafting a catalogue from a plan's text
//!
//! `draft_catalogue` 读入一份县级妇女儿童发展规划的纯文本（国家纲要模板：通知 + 妇女规划 + 儿童规划），生成一份
//! **须人工核对**的目标目录草稿：结构（领域、主要目标、目标行）逐字照录，指标的类型、目标值和填报方式按措辞推定，
//! 没有把握之处一律标注 `review = "原因"`，不悄悄猜测。草稿一定通过 [`super::check::check_catalogue`]，可直接用
//! [`draft_toml`] 写成 `.toml` 文件交人工核对；核对完一项删去其 `review` 行。程序中没有任何地区、年份等规划事实，
//! 全部取自文本。
//!
//! `draft_catalogue` reads the plain text of a county's Women's and Children's Development Plans (the national
//! template: notice + women's plan + children's plan) and drafts a catalogue **for review**: the structure is
//! copied verbatim, each indicator's kind, target and entry are inferred from the wording, and whatever is not
//! certain is marked `review = "reason"` — never guessed silently. The draft always passes `check_catalogue`.
//! No plan fact (region, years) is written in the code: everything comes from the text.
//!
//! ## 1. 规划信息 / Plan facts
//! - **规划标题**：整行为“地区 + 妇女发展规划/儿童发展规划 +（起始年-结束年）”，如“梨树区妇女发展规划（2021-2025年）”。
//!   连接号可为 -、—、–、－、~、至 等，括号可为全角或半角，可含空格，年份可为全角数字，也可写作“2021年—2025年”。
//!   地区 = 标题中“妇女/儿童发展规划”之前的部分，须以 区、县、市、旗、州、盟 结尾。两部规划的地区和规划期须一致。
//!   A plan title is a whole line "region + 妇女/儿童发展规划 + (first-last年)" (dash and bracket variants, spaces and
//!   full-width digits accepted); the region is what precedes 妇女/儿童发展规划 and ends in 区/县/市/旗/州/盟.
//! - **规划期**：first/last 取自标题；基数年 base = first − 1，除非文本写明“以YYYY年为基数（基期）”（取出现最多、且在
//!   first 之前 5 年内的年份）；中期评估年 midterm = first + ⌊(last − first) ÷ 2⌋（2021–2025 → 2023，2026–2030 → 2028）。
//!   base = first − 1 unless the text names another base year; midterm = first + (last − first) / 2, rounded down.
//! - **印发机关** authority：首个规划标题之前、以“人民政府”结尾的词（如“梨树区人民政府”）；**印发日期** issued：
//!   “2022年9月26日印发” → "2022-09-26"。都找不到时留空。
//! - **总名称** title = 地区 + “妇女儿童发展规划（first-last年）”；id = 选项给出的编号，否则 "draft-first-last"；
//!   version = 选项给出的版本，否则“印发日期.draft”，无印发日期时为 "draft"。
//!
//! ## 2. 结构 / Structure
//! 每部规划中，“二、发展领域……”到下一个一级标题（如“三、组织实施”）之间：“（一）妇女与健康”为领域（简称去掉开头的
//! “妇女与/儿童与”，再去掉开头的“妇女/儿童”：妇女参与决策和管理 → 参与决策和管理）；“主要目标”之后、“策略措施”之前，
//! “1.建立……。”（也接受 1．、1、和全角数字）为主要目标，“——”开头的行为目标行；目标行跨行断开时，后续行接在上一行之后
//! （与 tests/catalogue.rs 的独立解析相同）。编号：领域 W1…/C1…，目标 W1-4，目标行 W1-4-2，指标 = 目标行编号，拆分时
//! 加 a、b、c。原文逐字保留（目标行去掉“——”并去掉首尾空白，目标去掉序号）。
//! Between "二、发展领域…" and the next top-level heading: （一）… domains, numbered goals under 主要目标, "——" target lines
//! (continuation lines joined) until 策略措施. Ids as in the hand-made catalogue; texts verbatim.
//!
//! ## 3. 拆分 / Splitting a line into indicators
//! - 按“，”“；”把目标行分为分句；每个分句若带自己的目标值（或自己的可计量指标），即为一个指标。
//!   Clauses separated by ， or ； that carry their own target (or their own measure) are separate indicators.
//! - 相邻的定性分句合为一个定性指标（“……健全完善，基层网底和转诊网络进一步强化”是一项）。
//!   Neighbouring qualitative clauses form one milestone.
//! - “甲率、乙率分别达到80%和60%以上”：按“分别”前列出的指标逐一配对目标值；列出的个数与目标值个数不符时逐值拆分并标注核对。
//!   Under 分别 the listed measures are paired with the values (a count mismatch is marked for review).
//! - “甲率和乙率均保持在90%以上”：同一目标值分别用于每一项，各项的 clause 都是整个分句。
//!   One value shared by a 均 list applies to each measure; each clause is the whole phrase.
//! - 一个分句中有多个目标值而无“分别”（“90%的城市社区和80%的农村社区……”“每年至少接受2次……、2次……”）：在两个目标值之间最后
//!   一个“、/和/及/与”处断开；找不到连接词时在前一目标值之后断开，并标注核对。
//!   Several values without 分别: cut at the last connector between two values (else after the value, marked).
//! - 无目标值的方向性分句中并列的指标（“低体重和贫血患病率下降”“失业保险和工伤保险参保人数稳步增加”“超重、肥胖上升趋势……”）
//!   逐项拆分；“等”之前的并列词是限定语，不拆分；“……中的女性比例”前的并列词是人群，不拆分。
//!   Lists of measures in a directional clause are split (not a qualifier list before 等, not a population before 中).
//!
//! ## 4. 分类 / Classification (措辞解析见 `crate::parse`)
//! - 有目标值：`以YYYY年为基数下降/提高p%`、`比YYYY年提高p%` → relative（value = ±p，单位为指标自身单位，按名称推定）；
//!   `每所/每个/各配备 … 至少n名` → count_per_body（entry per_body，bodies 从原文列出，少于两个时标注核对）；
//!   以上/不低于/达到 → min（方向 up）；以下/以内/控制在/降至 → max（down）；左右 → approx（hold）；
//!   `保持在`/`每年` → every_year。
//! - **百分点**：“每年下降1个百分点”“提高3个百分点”无法用现有评估类型表示（relative 是百分比变化）。草稿将其记为
//!   **方向性目标**（direction 按升降，单位为指标自身单位如 %），目标幅度写入 interpretation，并标注
//!   `review = "百分点变化，暂按方向性目标处理"`；核对人可保留方向性评估，或按基数年数值换算为下限/上限目标。
//!   **Percentage points** are not a kind: the draft makes them *directional* (up/down), writes the change in
//!   `interpretation` and marks review; the reviewer keeps it or converts it to a min/max against the base value.
//! - **争取性措辞**“力争、争取、力求、努力”：分类时不予理会（“力争降至10/10万以下”按上限10评估），在 interpretation 中注明。
//!   **Hedges** (力争 …) are ignored for classification and noted in `interpretation`.
//! - 无目标值：“男女比例……均衡” → balance（female_male，每年成立）；“出生人口性别比……正常” → balance 并标注核对；
//!   “不低于/不高于……比例” → relational（compare_with 为比较对象）；“与……比例相适应” → relational（op ~，标注核对）；
//!   “保持稳定并有所提高” → directional hold_up；“上升趋势减缓/得到控制” → slow_rise；“保持合理比例” → hold；
//!   “提高/提升/增加/扩大/延长” → up；“下降/降低/减少/缩小/控制” → down ——仅当主语是可计量的指标（……率、比例、人数、寿命、
//!   年限、差距、机构/组织/场所数、母婴传播/伤害发生等事件数）；否则为 milestone（定性目标，按进展阶段评估）。
//!   “建立、建成、健全、完善、落实……”等为定性目标；有“提高”等措辞却没有可计量指标的，以及无法识别措辞的，标注核对。
//! - **填报方式** entry：定性 → milestone；每单位 → per_body；均衡及“……中女性比例”类 → female_male；‰、/10万 以及“每千名”
//!   → rate（分子、分母按国家统计口径的常用名称推定，推定的标注核对）；“90%的城市社区建立……” → rate（建立……的城市社区数 ÷
//!   城市社区总数）；其他常见比率（孕产妇系统管理率、毛入园率等）→ rate；其余 → value。
//! - **牵头单位**：按指标主语的关键词推定（妇幼、孕产妇、婴儿、疫苗 → 卫健局；学校、入学、入园 → 教育局；领导班子、女干部 →
//!   委组织部；养老、救助、福利 → 民政局；就业、社保 → 人社局；家庭、家风 → 妇联；法治 → 司法局；违法犯罪、安全 → 公安局 ……），
//!   单位名前缀取地区名的最后一个字（区/县/市）；推定不出时留空并标注“牵头单位待定”。
//!
//! ## 5. 输入错误 / Bad input
//! 找不到规划标题、没有任何“——”目标行、领域或目标序号重复、目标行出现在编号目标之前等，返回 [`DraftError`] 列表（中文，
//! 指明行号），从不崩溃。Bad input gives a list of Chinese errors naming the line — never a panic.

use super::check::{check_catalogue, valid_catalogue_id, MAX_BASE_GAP, MAX_ID_LEN, MAX_PLAN_YEARS, YEAR_RANGE};
use super::file::write_catalogue;
use super::{fmt_num, Catalogue, Defaults, Direction, Domain, Entry, Goal, Indicator, Kind, Op, Period, Plan, PlanInfo, TargetLine};
use crate::parse::{parse_target_spans, ParsedTarget, TargetSpan};
use std::collections::BTreeMap;

// ====================================================================================================
// Public API
// ====================================================================================================

/// What the caller may set instead of the drafted defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DraftOptions {
    /// Catalogue id (default "draft-{first}-{last}").
    pub id: Option<String>,
    /// Catalogue version (default "{issued}.draft" or "draft").
    pub version: Option<String>,
}

/// A drafted catalogue with its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub catalogue: Catalogue,
    pub summary: DraftSummary,
}

/// The counts of a draft (the catalogue summary, review marks included).
pub type DraftSummary = super::CatalogueSummary;

/// A problem that stops a text from being drafted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftError {
    /// 1-based line of the plan text, when the problem is on one line.
    pub line: Option<usize>,
    /// What is wrong (Chinese).
    pub what: String,
}

impl DraftError {
    fn at(line: usize, what: impl Into<String>) -> DraftError {
        DraftError { line: Some(line), what: what.into() }
    }
    fn whole(what: impl Into<String>) -> DraftError {
        DraftError { line: None, what: what.into() }
    }
    /// "第 12 行：……" (or just the text when no line is meant).
    pub fn message(&self) -> String {
        match self.line {
            Some(l) => format!("第 {l} 行：{}", self.what),
            None => self.what.clone(),
        }
    }
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// Drafts a catalogue from a plan's text (see the module documentation for the rules).
pub fn draft_catalogue(text: &str, opts: &DraftOptions) -> Result<Draft, Vec<DraftError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let src = read_structure(text, &mut errors);
    let Some(head) = header(text, &src, opts, &mut errors) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let cat = build(&src, head);
    let problems = check_catalogue(&cat);
    if !problems.is_empty() {
        // Every rule of the check is meant to hold by construction; report rather than return a bad draft.
        return Err(problems
            .iter()
            .map(|p| DraftError::whole(format!("草稿未通过目录检查（程序缺陷，请报告）：{}", p.message())))
            .collect());
    }
    let summary = cat.summary();
    Ok(Draft { catalogue: cat, summary })
}

/// The draft as a catalogue file, headed by a comment saying it is a draft, how to review it and what it holds.
/// A draft as the browser's file module returns it (JSON across its ABI): the catalogue, its TOML file and
/// summary, or every problem of the text as a Chinese message.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DraftOutcome {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<Catalogue>,
    #[serde(default)]
    pub toml: String,
    #[serde(default)]
    pub summary: super::CatalogueSummary,
    #[serde(default)]
    pub errors: Vec<String>,
}

/// What the file module is asked to draft (JSON across its ABI).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DraftRequest {
    pub text: String,
    #[serde(default)]
    pub options: DraftOptions,
}

impl DraftOutcome {
    /// [`draft_catalogue`] and [`draft_toml`] of `req`.
    pub fn of(req: &DraftRequest) -> DraftOutcome {
        let text = req.text.strip_prefix('\u{feff}').unwrap_or(&req.text);
        match draft_catalogue(text, &req.options) {
            Ok(d) => match draft_toml(&d) {
                Ok(toml) => DraftOutcome { summary: d.summary, catalogue: Some(d.catalogue), toml, errors: Vec::new() },
                Err(e) => DraftOutcome { errors: vec![e], ..Default::default() },
            },
            Err(errs) => DraftOutcome { errors: errs.iter().map(DraftError::message).collect(), ..Default::default() },
        }
    }
}

pub fn draft_toml(draft: &Draft) -> Result<String, String> {
    let cat = &draft.catalogue;
    let heading = format!(
        "{title}目标目录草稿 —— 由规划文本自动生成（catalogue draft），未经人工核对，不能直接用于评估。\n\
         {summary}。\n\
         \n\
         核对方法：在本文件中搜索“review = ”，逐项对照原文（clause、所在目标行 text）核对 kind、op、value、unit、direction、\n\
         every_year、entry（分子 numerator / 分母 denominator / 倍数 scale、各单位 bodies、比较对象 compare_with）和牵头单位\n\
         lead_unit，改正后删去该项的 review 行；没有 review 标注的指标也请抽查。“百分点”目标暂按方向性目标处理，目标幅度写在\n\
         interpretation 中。全部核对完毕后，把 id 改为“地区拼音-起始年-结束年”，version 改为“印发日期.1”，再用目录检查\n\
         （读入本文件）确认无误。\n\
         \n\
         编号规则：领域 W1…/C1…；目标 W1-4；目标行 W1-4-2；指标 = 目标行编号，拆分时加 a、b、c。目标行原文逐字收录。",
        title = cat.title,
        summary = draft.summary.message(),
    );
    write_catalogue(cat, &heading)
}

// ====================================================================================================
// Small text helpers
// ====================================================================================================

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Full-width digits → ASCII.
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// Whitespace removed, full-width digits mapped to ASCII.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).map(ascii_digit).collect()
}

fn chars_len(s: &str) -> usize {
    s.chars().count()
}

/// The first `n` characters of `s`.
fn take_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((b, _)) => &s[..b],
        None => s,
    }
}

fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// Chinese numerals 一 … 九十九 at the start of `s`: (value, bytes used).
fn cn_number(s: &str) -> Option<(u32, usize)> {
    const DIGITS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut used = 0;
    let mut chars = Vec::new();
    for c in s.chars() {
        if DIGITS.contains(&c) || c == '十' {
            chars.push(c);
            used += c.len_utf8();
            if chars.len() > 3 {
                return None;
            }
        } else {
            break;
        }
    }
    let digit = |c: char| DIGITS.iter().position(|&d| d == c).map(|p| p as u32 + 1);
    let value = match chars.as_slice() {
        [] => return None,
        [a] if *a == '十' => 10,
        [a] => digit(*a)?,
        ['十', b] => 10 + digit(*b)?,
        [a, '十'] => digit(*a)? * 10,
        [a, '十', b] => digit(*a)? * 10 + digit(*b)?,
        _ => return None,
    };
    Some((value, used))
}

/// Splits `s` at top-level separators (not inside brackets or quotes): byte ranges of the trimmed, non-empty parts.
fn split_top(s: &str, seps: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let push = |out: &mut Vec<(usize, usize)>, a: usize, b: usize| {
        let part = &s[a..b];
        let lead = part.len() - part.trim_start().len();
        let t = part.trim();
        if !t.is_empty() {
            out.push((a + lead, a + lead + t.len()));
        }
    };
    for (b, c) in s.char_indices() {
        match c {
            '（' | '(' | '《' | '“' | '【' | '[' | '「' => depth += 1,
            '）' | ')' | '》' | '”' | '】' | ']' | '」' => depth = depth.saturating_sub(1),
            _ if depth == 0 && seps.contains(&c) => {
                push(&mut out, start, b);
                start = b + c.len_utf8();
            }
            _ => {}
        }
    }
    push(&mut out, start, s.len());
    out
}

/// The parts of `s` split at top-level separators, as text.
fn split_words<'a>(s: &'a str, seps: &[char]) -> Vec<&'a str> {
    split_top(s, seps).into_iter().map(|(a, b)| &s[a..b]).collect()
}

/// Is the character `c` at byte `b` of `s` a list connector (、和及与), not part of a word such as 普及、及时、
/// 及其、和谐、参与?
fn is_connector(s: &str, b: usize, c: char) -> bool {
    let before = s[..b].chars().next_back();
    let after = s[b + c.len_utf8()..].chars().next();
    let is = |o: Option<char>, set: &[char]| o.is_some_and(|x| set.contains(&x));
    match c {
        '、' => true,
        '及' => !is(before, &['普', '涉', '危', '波', '顾', '企', '来', '不']) && !is(after, &['其', '时', '格', '早']),
        '和' => !is(before, &['总', '温', '平', '缓', '祥', '调', '柔', '饱']) && !is(after, &['谐', '睦', '平']),
        '与' => !is(before, &['参', '给', '授', '赋', '赠']) && !is(after, &['否']),
        _ => false,
    }
}

/// Top-level list connectors of `s`: byte position and character.
fn connectors(s: &str) -> Vec<(usize, char)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (b, c) in s.char_indices() {
        match c {
            '（' | '(' | '《' | '“' | '【' | '[' | '「' => depth += 1,
            '）' | ')' | '》' | '”' | '】' | ']' | '」' => depth = depth.saturating_sub(1),
            _ if depth == 0 && is_connector(s, b, c) => out.push((b, c)),
            _ => {}
        }
    }
    out
}

/// The items of a list "甲、乙和丙" (trimmed, non-empty; a "以" of "以及" is dropped).
fn split_list(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |a: usize, b: usize| {
        let t = s[a..b].trim();
        let t = if s[b..].starts_with('及') { t.strip_suffix('以').unwrap_or(t).trim() } else { t };
        if !t.is_empty() {
            out.push(t);
        }
    };
    for (b, c) in connectors(s) {
        push(start, b);
        start = b + c.len_utf8();
    }
    push(start, s.len());
    out
}

/// Punctuation that may end a line or clause.
const END_PUNCT: [char; 8] = ['。', '.', '；', ';', '，', ',', '、', '：'];

fn trim_punct(s: &str) -> &str {
    s.trim().trim_end_matches(|c: char| END_PUNCT.contains(&c) || c.is_whitespace()).trim()
}

// ====================================================================================================
// Titles, period and header facts
// ====================================================================================================

/// A plan title line.
#[derive(Debug, Clone, PartialEq)]
struct Title {
    plan: Plan,
    region: String,
    first: u16,
    last: u16,
    /// The title as written, whitespace removed.
    text: String,
}

/// Characters accepted between the two years of a title.
const DASHES: [char; 12] = ['-', '—', '–', '－', '―', '‐', '‑', '−', '~', '～', '〜', '至'];
/// Last character of a region name.
const REGION_ENDS: [char; 6] = ['区', '县', '市', '旗', '州', '盟'];

fn valid_region(r: &str) -> bool {
    let n = chars_len(r);
    (2..=20).contains(&n)
        && r.chars().all(is_cjk)
        && !r.contains("关于")
        && !r.contains("印发")
        && r.chars().last().is_some_and(|c| REGION_ENDS.contains(&c))
}

/// "2021-2025年", "2021年—2025年", "２０２６——２０３０年" → (first, last).
fn parse_years(inner: &str) -> Option<(u16, u16)> {
    let chars: Vec<char> = inner.chars().map(ascii_digit).collect();
    let year = |k: usize| -> Option<u16> {
        let d: String = chars.get(k..k + 4)?.iter().collect();
        if d.chars().all(|c| c.is_ascii_digit()) {
            d.parse().ok()
        } else {
            None
        }
    };
    let first = year(0)?;
    let mut k = 4;
    if chars.get(k) == Some(&'年') {
        k += 1;
    }
    let d0 = k;
    while chars.get(k).is_some_and(|c| DASHES.contains(c)) {
        k += 1;
    }
    if k == d0 || k - d0 > 2 {
        return None;
    }
    let last = year(k)?;
    k += 4;
    if chars.get(k) == Some(&'年') {
        k += 1;
    }
    (k == chars.len()).then_some((first, last))
}

/// A whole line that is a plan title, e.g. "梨树区妇女发展规划（2021-2025年）".
fn parse_title(line: &str) -> Option<Title> {
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let (plan, pos, kw) = [(Plan::Women, "妇女发展规划"), (Plan::Children, "儿童发展规划")]
        .into_iter()
        .find_map(|(p, kw)| s.find(kw).map(|pos| (p, pos, kw)))?;
    let region = &s[..pos];
    if !valid_region(region) {
        return None;
    }
    let rest = &s[pos + kw.len()..];
    let mut it = rest.chars();
    let open = it.next()?;
    if !matches!(open, '（' | '(' | '〔' | '[' | '【') {
        return None;
    }
    let inner = it.as_str();
    let close = inner.chars().last()?;
    if !matches!(close, '）' | ')' | '〕' | ']' | '】') {
        return None;
    }
    let inner = &inner[..inner.len() - close.len_utf8()];
    let (first, last) = parse_years(inner)?;
    Some(Title { plan, region: region.to_string(), first, last, text: s })
}

/// "XX人民政府" as the first word of a line.
fn authority_of(line: &str) -> Option<String> {
    let word = line.split_whitespace().next()?;
    let n = chars_len(word);
    (word.ends_with("人民政府") && (5..=24).contains(&n) && word.chars().all(is_cjk)).then(|| word.to_string())
}

/// The number written at the end of `s` (ASCII digits) and the text before it.
fn trailing_number(s: &str) -> Option<(u32, &str)> {
    let digits = s.chars().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let cut = s.len() - digits;
    Some((s[cut..].parse().ok()?, &s[..cut]))
}

/// "2022年9月26日印发" anywhere in the text → "2022-09-26".
fn issued_date(text: &str) -> Option<String> {
    for line in text.lines() {
        let s = squeeze(line);
        let mut from = 0;
        while let Some(p) = s[from..].find("日印发") {
            let before = &s[..from + p];
            from += p + "日印发".len();
            let Some((day, rest)) = trailing_number(before) else { continue };
            let Some(rest) = rest.strip_suffix('月') else { continue };
            let Some((month, rest)) = trailing_number(rest) else { continue };
            let Some(rest) = rest.strip_suffix('年') else { continue };
            let Some((year, _)) = trailing_number(rest) else { continue };
            if (1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day) {
                return Some(format!("{year:04}-{month:02}-{day:02}"));
            }
        }
    }
    None
}

/// Years named as base: "以YYYY年为基数/基期", counted.
fn named_base_years(text: &str) -> BTreeMap<u16, usize> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let s = squeeze(line);
        let mut from = 0;
        while let Some(p) = s[from..].find('以') {
            let at = from + p + '以'.len_utf8();
            from = at;
            let rest = &s[at..];
            let Some(digits) = rest.get(..4) else { continue };
            if !digits.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let after = &rest[4..];
            if after.starts_with("年为基数") || after.starts_with("年为基期") {
                if let Ok(y) = digits.parse::<u16>() {
                    *out.entry(y).or_insert(0) += 1;
                }
            }
        }
    }
    out
}

/// The plan facts of the header.
struct Head {
    id: String,
    version: String,
    region: String,
    authority: String,
    issued: String,
    period: Period,
    titles: Vec<Title>,
}

fn header(text: &str, src: &Source, opts: &DraftOptions, errors: &mut Vec<DraftError>) -> Option<Head> {
    let Some((first_at, first)) = src.titles.first().cloned() else {
        errors.insert(
            0,
            DraftError::whole(
                "未找到规划标题：须有单独成行的“地区 + 妇女发展规划（起始年-结束年）”或“地区 + 儿童发展规划（起始年-结束年）”，\
                 如“某某县妇女发展规划（20××—20××年）”，无法确定地区和规划期",
            ),
        );
        return None;
    };
    let (lo, hi) = YEAR_RANGE;
    for (at, t) in &src.titles {
        if !(lo..=hi).contains(&t.first) || !(lo..=hi).contains(&t.last) {
            errors.push(DraftError::at(*at, format!("规划标题“{}”的年份不在 {lo}–{hi} 之间", t.text)));
        } else if t.last < t.first {
            errors.push(DraftError::at(*at, format!("规划标题“{}”的结束年早于起始年", t.text)));
        } else if t.last - t.first + 1 > MAX_PLAN_YEARS {
            errors.push(DraftError::at(*at, format!("规划标题“{}”的规划期超过 {MAX_PLAN_YEARS} 年", t.text)));
        }
        if t.region != first.region {
            errors.push(DraftError::at(
                *at,
                format!("规划标题“{}”的地区“{}”与第 {first_at} 行的“{}”不同", t.text, t.region, first.region),
            ));
        }
        if (t.first, t.last) != (first.first, first.last) {
            errors.push(DraftError::at(
                *at,
                format!("规划标题“{}”的规划期与第 {first_at} 行的 {}–{} 不同", t.text, first.first, first.last),
            ));
        }
    }
    if src.lines.is_empty() {
        errors.push(DraftError::whole(
            "未找到任何目标行：目标行须以“——”开头，位于“二、发展领域……”中各领域的“主要目标”之下、“策略措施”之前",
        ));
    }
    if !errors.is_empty() {
        return None;
    }
    let (f, l) = (first.first, first.last);
    let base = named_base_years(text)
        .into_iter()
        .filter(|(y, _)| *y < f && f - *y <= MAX_BASE_GAP)
        .max_by_key(|(y, n)| (*n, *y))
        .map_or(f.saturating_sub(1), |(y, _)| y);
    let period = Period { base, first: f, last: l, midterm: f + (l - f) / 2 };
    let authority = text.lines().take(first_at.saturating_sub(1)).find_map(authority_of).unwrap_or_default();
    let issued = issued_date(text).unwrap_or_default();
    let id = opts.id.clone().unwrap_or_else(|| format!("draft-{f}-{l}"));
    if !valid_catalogue_id(&id) {
        errors.push(DraftError::whole(format!(
            "目录编号“{id}”无效：须为 1–{MAX_ID_LEN} 个小写英文字母、数字或连字符（-），如“地区拼音-起始年-结束年”"
        )));
    }
    let version = opts.version.clone().unwrap_or_else(|| if issued.is_empty() { "draft".to_string() } else { format!("{issued}.draft") });
    if version.trim().is_empty() {
        errors.push(DraftError::whole("目录版本不能为空"));
    }
    let mut titles: Vec<Title> = Vec::new();
    for (_, t) in &src.titles {
        if !titles.iter().any(|x| x.plan == t.plan) {
            titles.push(t.clone());
        }
    }
    Some(Head { id, version, region: first.region.clone(), authority, issued, period, titles })
}

// ====================================================================================================
// Structure
// ====================================================================================================

#[derive(Debug, Default)]
struct Source {
    /// (1-based line, title) of every title line.
    titles: Vec<(usize, Title)>,
    domains: Vec<SrcDomain>,
    goals: Vec<SrcGoal>,
    lines: Vec<SrcLine>,
}

#[derive(Debug)]
struct SrcDomain {
    plan: Plan,
    number: u32,
    name: String,
}

#[derive(Debug)]
struct SrcGoal {
    domain: usize,
    number: u32,
    text: String,
}

#[derive(Debug)]
struct SrcLine {
    goal: usize,
    text: String,
}

/// "二、发展领域……" → Some("发展领域……"): a top-level heading (Chinese numeral + 、).
fn top_heading(s: &str) -> Option<&str> {
    let (_, used) = cn_number(s)?;
    let rest = s[used..].strip_prefix('、').or_else(|| s[used..].strip_prefix('．'))?.trim();
    (!rest.is_empty() && chars_len(rest) <= 40 && !rest.contains('。')).then_some(rest)
}

/// "（三）妇女与经济" → (3, "妇女与经济").
fn domain_heading(s: &str) -> Option<(u32, String)> {
    let rest = s.strip_prefix('（').or_else(|| s.strip_prefix('('))?;
    let (n, used) = cn_number(rest)?;
    let rest = rest[used..].strip_prefix('）').or_else(|| rest[used..].strip_prefix(')'))?;
    let name: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let ok = !name.is_empty() && chars_len(&name) <= 16 && !name.chars().any(|c| END_PUNCT.contains(&c) || c == ':');
    ok.then_some((n, name))
}

/// "12.提高…" / "１２．提高…" / "3、提高…" → (12, "提高…").
fn numbered(s: &str) -> Option<(u32, &str)> {
    let digits: String = s.chars().take_while(|c| ascii_digit(*c).is_ascii_digit()).map(ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let used: usize = s.chars().take(digits.len()).map(char::len_utf8).sum();
    let rest = &s[used..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix('．')).or_else(|| rest.strip_prefix('、'))?.trim();
    if rest.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, rest))
}

/// The text of a "——" target line, without the dashes.
fn target_line(s: &str) -> Option<&str> {
    let dashes = s.chars().take_while(|c| matches!(c, '—' | '―')).count();
    (dashes >= 2).then(|| s.trim_start_matches(['—', '―']).trim())
}

/// The short name of a domain: 妇女与健康 → 健康, 妇女参与决策和管理 → 参与决策和管理.
fn domain_short(name: &str) -> String {
    for p in ["妇女与", "儿童与", "妇女", "儿童"] {
        if let Some(rest) = name.strip_prefix(p) {
            if !rest.is_empty() {
                return rest.to_string();
            }
        }
    }
    name.to_string()
}

fn read_structure(text: &str, errors: &mut Vec<DraftError>) -> Source {
    let mut src = Source::default();
    let mut plan: Option<Plan> = None;
    let (mut in_domains, mut in_goals) = (false, false);
    // Current domain and goal (indices into src), and whether the current block is skipped after an error.
    let mut domain: Option<usize> = None;
    let mut goal: Option<usize> = None;
    let mut skip_domain = false;
    let mut skip_goal = false;
    // Where each domain and goal was found (for duplicate messages).
    let mut domain_at: BTreeMap<(Plan, u32), usize> = BTreeMap::new();
    let mut goal_at: BTreeMap<(usize, u32), usize> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let at = i + 1;
        let s = raw.trim();
        if s.is_empty() {
            continue;
        }
        if let Some(t) = parse_title(s) {
            plan = Some(t.plan);
            src.titles.push((at, t));
            (in_domains, in_goals) = (false, false);
            (domain, goal, skip_domain, skip_goal) = (None, None, false, false);
            continue;
        }
        let Some(p) = plan else { continue };
        if let Some(h) = top_heading(s) {
            in_domains = h.contains("发展领域");
            in_goals = false;
            (domain, goal, skip_domain, skip_goal) = (None, None, false, false);
            continue;
        }
        if !in_domains {
            continue;
        }
        if let Some((n, name)) = domain_heading(s) {
            in_goals = false;
            goal = None;
            skip_goal = false;
            if let Some(prev) = domain_at.get(&(p, n)) {
                errors.push(DraftError::at(at, format!("领域“{s}”的序号与第 {prev} 行的领域重复")));
                skip_domain = true;
                domain = None;
                continue;
            }
            domain_at.insert((p, n), at);
            src.domains.push(SrcDomain { plan: p, number: n, name });
            domain = Some(src.domains.len() - 1);
            skip_domain = false;
            continue;
        }
        if skip_domain {
            continue;
        }
        if s.starts_with("主要目标") {
            in_goals = true;
            continue;
        }
        if s.starts_with("策略措施") {
            in_goals = false;
            continue;
        }
        if !in_goals {
            continue;
        }
        if let Some(t) = target_line(s) {
            if skip_goal {
                continue;
            }
            let Some(g) = goal else {
                errors.push(DraftError::at(at, "目标行出现在第一个编号的主要目标（如“1.……”）之前，无法确定所属目标"));
                continue;
            };
            if t.is_empty() {
                errors.push(DraftError::at(at, "目标行“——”之后没有文字"));
                continue;
            }
            src.lines.push(SrcLine { goal: g, text: t.to_string() });
        } else if let Some((n, t)) = numbered(s) {
            let Some(d) = domain else {
                errors.push(DraftError::at(at, "主要目标出现在领域标题（如“（一）妇女与健康”）之前，无法确定所属领域"));
                skip_goal = true;
                continue;
            };
            if let Some(prev) = goal_at.get(&(d, n)) {
                errors.push(DraftError::at(at, format!("主要目标的序号 {n} 与第 {prev} 行重复")));
                skip_goal = true;
                goal = None;
                continue;
            }
            goal_at.insert((d, n), at);
            src.goals.push(SrcGoal { domain: d, number: n, text: t.to_string() });
            goal = Some(src.goals.len() - 1);
            skip_goal = false;
        } else if skip_goal {
            continue;
        } else if let Some(last) = src.lines.last_mut().filter(|l| Some(l.goal) == goal) {
            // A target line broken across text lines: join the continuation.
            last.text.push_str(s);
        } else if let Some(g) = goal.and_then(|g| src.goals.get_mut(g)) {
            // A goal broken across text lines.
            g.text.push_str(s);
        }
    }
    src
}

fn build(src: &Source, head: Head) -> Catalogue {
    let Head { id, version, region, authority, issued, period, titles } = head;
    let prefix = region.chars().last().unwrap_or('县');
    let plans = titles
        .iter()
        .map(|t| PlanInfo { plan: t.plan, title: t.text.clone(), short: format!("{}规划", t.plan.subject()) })
        .collect();
    let domains: Vec<Domain> = src
        .domains
        .iter()
        .map(|d| Domain {
            id: format!("{}{}", d.plan.letter(), d.number),
            plan: d.plan,
            number: d.number,
            name: d.name.clone(),
            short: domain_short(&d.name),
        })
        .collect();
    let goals: Vec<Goal> = src
        .goals
        .iter()
        .map(|g| {
            let d = &domains[g.domain];
            Goal { id: format!("{}-{}", d.id, g.number), domain: d.id.clone(), number: g.number, text: g.text.clone() }
        })
        .collect();
    let mut lines = Vec::with_capacity(src.lines.len());
    let mut count: BTreeMap<usize, u32> = BTreeMap::new();
    for l in &src.lines {
        let n = count.entry(l.goal).or_insert(0);
        *n += 1;
        let goal = &goals[l.goal];
        let id = format!("{}-{}", goal.id, n);
        let ctx = Ctx { base: period.base, prefix, goal: &goal.text };
        let mut indicators = draft_line(&l.text, &ctx);
        let many = indicators.len() > 1;
        for (k, ind) in indicators.iter_mut().enumerate() {
            ind.id = if many { format!("{id}{}", char::from(b'a' + k as u8)) } else { id.clone() };
        }
        lines.push(TargetLine { id, goal: goal.id.clone(), number: *n, text: l.text.clone(), indicators });
    }
    let title = format!("{region}妇女儿童发展规划（{}年）", period.label());
    Catalogue {
        id,
        version,
        region,
        authority,
        issued,
        title,
        period,
        previous: None,
        plans,
        defaults: draft_defaults(),
        domains,
        goals,
        lines,
    }
}

/// The documented defaults for vague wording (the same for every catalogue until a reviewer changes them).
pub fn draft_defaults() -> Defaults {
    Defaults { approx_band: 2.0, balance_low: 45.0, balance_high: 55.0, basic_tolerance: 0.01, min_change: 0.0, min_events: super::DEFAULT_MIN_EVENTS }
}

// ====================================================================================================
// Indicators
// ====================================================================================================

/// What a line's indicators are drafted with.
struct Ctx<'a> {
    base: u16,
    /// First character of unit names: 区 / 县 / 市 (the region's last character).
    prefix: char,
    /// The goal's text (a fallback for the lead unit).
    goal: &'a str,
}

/// An indicator being drafted, with its place in the line and its notes.
struct Item {
    ind: Indicator,
    /// Byte range of the clause in the line text.
    span: (usize, usize),
    notes: Vec<String>,
    review: Vec<String>,
}

impl Item {
    fn new(line: &str, span: (usize, usize), name: String) -> Item {
        let clause = line.get(span.0..span.1).unwrap_or(line).to_string();
        let name = if name.trim().is_empty() { short_name(&clause) } else { name };
        Item {
            ind: Indicator {
                id: String::new(),
                name,
                clause,
                kind: Kind::Milestone,
                op: None,
                value: None,
                unit: String::new(),
                direction: Direction::Up,
                every_year: false,
                entry: Entry::Milestone,
                numerator: None,
                denominator: None,
                scale: None,
                events: None,
                bodies: Vec::new(),
                compare_with: None,
                band: None,
                max: None,
                interpretation: String::new(),
                definition: String::new(),
                formula: String::new(),
                source: String::new(),
                evidence_hint: String::new(),
                review: String::new(),
                previous: None,
                previous_note: String::new(),
                lead_unit: String::new(),
                co_units: Vec::new(),
            },
            span,
            notes: Vec::new(),
            review: Vec::new(),
        }
    }
    fn note(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !self.notes.contains(&s) {
            self.notes.push(s);
        }
    }
    fn mark(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !self.review.contains(&s) {
            self.review.push(s);
        }
    }
}

/// A name for a qualitative clause: the clause, shortened to its first part when long.
fn short_name(clause: &str) -> String {
    let c = trim_punct(clause);
    if chars_len(c) <= 30 {
        return c.to_string();
    }
    let first = split_words(c, &['，', ',', '；', ';']).first().copied().unwrap_or(c);
    take_chars(first, 30).to_string()
}

/// Drafts the indicators of one target line (ids are set by the caller).
fn draft_line(text: &str, ctx: &Ctx) -> Vec<Indicator> {
    let body = trim_punct(text);
    let lead = text.len() - text.trim_start().len();
    let body_start = if body.is_empty() { 0 } else { lead.min(text.len()) };
    let body_end = body_start + body.len();
    let mut items: Vec<Item> = Vec::new();
    for (a, b) in split_top(&text[body_start..body_end], &['，', ',', '；', ';']) {
        let more = clause_items(text, (body_start + a, body_start + b), ctx, &items);
        items.extend(more);
    }
    let mut items = merge_milestones(text, items);
    if items.is_empty() || items.len() > 26 {
        let whole = text.trim();
        let span = (lead, lead + whole.len());
        let mut it = milestone_item(text, span);
        it.mark("目标行过于复杂或无法拆分，请人工拆分");
        items = vec![it];
    }
    items.into_iter().map(|it| finish(it, text, ctx)).collect()
}

/// Merges neighbouring qualitative clauses into one milestone.
fn merge_milestones(text: &str, items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for it in items {
        let mergeable = it.ind.kind == Kind::Milestone;
        match out.last_mut() {
            Some(prev) if mergeable && prev.ind.kind == Kind::Milestone && prev.span.1 <= it.span.0 => {
                let span = (prev.span.0, it.span.1);
                let mut merged = milestone_item(text, span);
                for r in prev.review.iter().chain(&it.review) {
                    if !r.starts_with("措辞中没有") && !r.starts_with("有“提高") {
                        merged.mark(r.clone());
                    }
                }
                // The merged clause is classified again as a whole (its words decide the review mark).
                *prev = merged;
            }
            _ => out.push(it),
        }
    }
    out
}

fn clause_items(line: &str, span: (usize, usize), ctx: &Ctx, prev: &[Item]) -> Vec<Item> {
    let c = &line[span.0..span.1];
    let spans = parse_target_spans(c);
    if spans.is_empty() {
        return qualitative(line, span, ctx);
    }
    numeric(line, span, &spans, ctx, prev)
}

// ---------- numeric clauses ----------

/// Measure heads (the end of a measure's name), longest first.
const HEADS: [&str; 24] = [
    "参保人数", "患病率", "死亡率", "发病率", "发生率", "筛查率", "检测率", "接种率", "覆盖率", "普及率", "巩固率",
    "入学率", "入园率", "管理率", "治疗率", "知晓率", "人数", "比例", "比重", "占比", "数量", "率", "数", "寿命",
];

/// The measure head at the end of `name`, if any.
fn head_of(name: &str) -> Option<&'static str> {
    HEADS.iter().copied().find(|h| name.ends_with(h))
}

/// Words that end the measure in a numeric clause (the verb or an adverb before the target).
const VERB_MARKERS: [&str; 43] = [
    "达到", "保持在", "保持", "下降到", "下降", "降至", "降到", "降为", "降低", "控制在", "控制", "增至", "增加到", "增加",
    "增长", "提高到", "提高", "提升", "不低于", "不少于", "不高于", "不超过", "低于", "高于", "至少", "每年", "分别", "均保持",
    "均达到", "均不低于", "均控制", "均降至", "都达到", "力争", "争取", "力求", "努力", "逐步", "持续", "不断", "稳步", "进一步",
    "设置",
];

/// Byte position of the first verb marker in `s` (also 以…为 and 比/较 + year).
fn first_marker(s: &str) -> Option<usize> {
    let mut best: Option<usize> = None;
    for m in VERB_MARKERS {
        if let Some(p) = s.find(m) {
            best = Some(best.map_or(p, |b| b.min(p)));
        }
    }
    for (b, c) in s.char_indices() {
        if best.is_some_and(|x| b >= x) {
            break;
        }
        let rest = &s[b + c.len_utf8()..];
        let digit_next = rest.chars().next().is_some_and(|d| ascii_digit(d).is_ascii_digit());
        let is_marker = match c {
            '比' | '较' => digit_next,
            '以' => digit_next || take_chars(rest, 12).contains('为'),
            _ => false,
        };
        if is_marker {
            best = Some(b);
            break;
        }
    }
    best
}

/// Strips trailing "的"/"中" and whitespace.
fn clean_name(s: &str) -> String {
    let mut t = s.trim();
    loop {
        let u = t.trim_end_matches(['的', '中']).trim();
        let u = u.trim_start_matches(|c: char| END_PUNCT.contains(&c)).trim();
        if u == t {
            break;
        }
        t = u;
    }
    t.to_string()
}

/// Verbs that start the predicate of "90%的城市社区建立……".
const PRED_VERBS: [&str; 12] = ["配备", "建立", "建成", "设立", "开设", "开展", "实现", "达到", "接受", "拥有", "落实", "设置"];

/// The predicate of a leading-number clause ("建立家长学校……"), if any.
fn predicate(rest: &str) -> Option<(usize, &str)> {
    PRED_VERBS.iter().filter_map(|v| rest.find(v)).min().map(|p| (p, &rest[p..]))
}

/// The name of a numeric measure. `num` is the target's span within `clause`; `pred_hint` is the predicate of
/// the last piece of the clause (for "90%的城市社区和80%的农村社区建立……").
fn numeric_name(clause: &str, num: Option<(usize, usize)>, unit: &str, pred_hint: Option<&str>) -> String {
    let count_suffix = |obj: &str| -> String {
        if head_of(obj).is_some() {
            obj.to_string()
        } else if unit == "次" {
            format!("{obj}次数")
        } else if unit == "名" {
            format!("{obj}人数")
        } else {
            format!("{obj}数")
        }
    };
    let Some((ns, ne)) = num else { return short_name(clause) };
    let (ns, ne) = (ns.min(clause.len()), ne.min(clause.len()));
    let after = clause.get(ne..).unwrap_or("");
    let object = clean_name(split_words(after.trim_start_matches('的'), &['，', ',', '；', ';']).first().copied().unwrap_or(""));
    if clause[..ns].trim().is_empty() {
        // "90%（以上）的中小学校配备心理健康教育教师" / "2次家庭教育实践活动".
        if unit == "%" {
            let rest = after.trim_start_matches('的');
            let (subject, pred) = match predicate(rest) {
                Some((p, pred)) if p > 0 => (clean_name(&rest[..p]), Some(pred.to_string())),
                _ => (clean_name(rest), pred_hint.map(str::to_string)),
            };
            return match pred {
                Some(p) if !subject.is_empty() => format!("{}的{subject}比例", clean_name(trim_punct(&p))),
                _ if !subject.is_empty() => format!("{subject}比例"),
                _ => short_name(clause),
            };
        }
        return if object.is_empty() { short_name(clause) } else { count_suffix(&object) };
    }
    let prefix = &clause[..ns];
    let cut = first_marker(prefix).unwrap_or(prefix.len());
    let name = clean_name(&prefix[..cut]);
    if unit == "次" && !name.is_empty() && !object.is_empty() {
        // "儿童家长每年至少接受2次家庭教育指导服务" → 儿童家长接受家庭教育指导服务次数.
        let mut verb = prefix[cut..].trim();
        while let Some(m) = VERB_MARKERS.iter().find(|m| verb.starts_with(*m)) {
            verb = verb[m.len()..].trim();
        }
        return format!("{name}{verb}{object}次数");
    }
    let weak = chars_len(&name) <= 1 || ["设置", "配备", "建设", "拥有", "有"].iter().any(|w| name.ends_with(w));
    if weak && !object.is_empty() && !matches!(unit, "%" | "‰" | "/10万") {
        return count_suffix(&object);
    }
    if name.is_empty() {
        return short_name(clause);
    }
    match unit {
        "%" if head_of(&name).is_none() && !name.ends_with("水平") => format!("{name}比例"),
        "所" | "名" | "张" | "次" if head_of(&name).is_none() => count_suffix(&name),
        _ => name,
    }
}

/// The measures listed in `before` ("甲率、乙率" of "甲率、乙率分别…"), each completed with the last one's head and
/// the first one's subject.
fn measure_list(before: &str) -> Vec<String> {
    let items = split_list(before);
    if items.len() < 2 {
        return Vec::new();
    }
    let head = items.last().and_then(|l| head_of(l)).unwrap_or("");
    let subject = subject_of(items[0]);
    items
        .iter()
        .enumerate()
        .map(|(k, it)| {
            let mut name = clean_name(it);
            if head_of(&name).is_none() {
                name.push_str(head);
            }
            if k > 0 {
                name = with_subject(subject, &name);
            }
            name
        })
        .collect()
}

/// Groups that commonly start a measure's name (longest first).
const SUBJECTS: [&str; 17] = [
    "老年妇女", "农村妇女", "城乡妇女", "育龄妇女", "适龄妇女", "适龄儿童", "未成年人", "孕产妇", "女职工", "青少年", "新生儿",
    "妇女", "女性", "婴儿", "儿童", "农村", "城镇",
];

fn subject_of(s: &str) -> &'static str {
    SUBJECTS.iter().copied().find(|p| s.starts_with(p)).unwrap_or("")
}

/// `item` of a list, given the subject of the list's first item: "乳腺癌人群筛查率" → "适龄妇女乳腺癌人群筛查率"; an
/// item naming its own group ("5岁以下儿童死亡率") is kept.
fn with_subject(subject: &str, item: &str) -> String {
    let own = SUBJECTS.iter().any(|g| item.contains(g)) || item.chars().next().is_some_and(|c| ascii_digit(c).is_ascii_digit());
    if subject.is_empty() || own {
        item.to_string()
    } else {
        format!("{subject}{item}")
    }
}

fn numeric(line: &str, span: (usize, usize), spans: &[TargetSpan], ctx: &Ctx, prev: &[Item]) -> Vec<Item> {
    let c = &line[span.0..span.1];
    let abs = |a: usize, b: usize| (span.0 + a, span.0 + b);
    let n = spans.len();
    let mut out = Vec::new();
    if n >= 2 {
        if let Some(p) = c.find("分别") {
            let names = measure_list(c[..p].trim());
            let last = &spans[n - 1].target;
            if names.len() == n {
                for (k, s) in spans.iter().enumerate() {
                    let t = ParsedTarget { op: last.op, every_year: last.every_year, ..s.target.clone() };
                    let mut it = numeric_item(line, span, names[k].clone(), &t, ctx, prev.last());
                    it.note(format!("“分别”：{}对应第 {} 个目标值。", names[k], k + 1));
                    out.push(it);
                }
            } else {
                for s in spans {
                    let name = numeric_name(c, Some((s.start, s.end)), &s.target.unit, None);
                    let mut it = numeric_item(line, span, name, &s.target, ctx, prev.last());
                    it.mark("一条目标行含多个目标值，拆分方式请核对");
                    out.push(it);
                }
            }
            return out;
        }
        // Several targets without 分别: cut at the last connector between two targets.
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut sure = true;
        let mut start = 0;
        for k in 1..n {
            let (from, to) = (spans[k - 1].end.min(spans[k].start), spans[k].start);
            let between = &c[from..to];
            match connectors(between).last().copied() {
                Some((p, ch)) => {
                    pieces.push((start, from + p));
                    start = from + p + ch.len_utf8();
                }
                None => {
                    pieces.push((start, from));
                    start = from;
                    sure = false;
                }
            }
        }
        pieces.push((start, c.len()));
        let last_pred = pieces.last().and_then(|(a, b)| {
            let piece = &c[*a..*b];
            let s = &spans[n - 1];
            let after = piece.get(s.end.saturating_sub(*a).min(piece.len())..).unwrap_or("");
            predicate(after.trim_start_matches('的')).map(|(_, p)| trim_punct(p).to_string())
        });
        for (k, (a, b)) in pieces.into_iter().enumerate() {
            let raw = &c[a..b];
            let lead = raw.len() - raw.trim_start().len();
            let piece = raw.trim();
            let (pa, pb) = if piece.is_empty() { (0, c.len()) } else { (a + lead, a + lead + piece.len()) };
            let s = &spans[k];
            let num = (s.start.saturating_sub(pa), s.end.saturating_sub(pa));
            let name = numeric_name(&c[pa..pb], Some(num), &s.target.unit, last_pred.as_deref());
            let mut it = numeric_item(line, abs(pa, pb), name, &s.target, ctx, out.last().or(prev.last()));
            if !sure {
                it.mark("一条目标行含多个目标值，拆分方式请核对");
            }
            out.push(it);
        }
        return out;
    }
    let s = &spans[0];
    // "甲率和乙率均保持在90%以上": one value for each listed measure.
    for w in ["均保持", "均达到", "均不低于", "均控制", "均降至", "均在", "都达到", "都保持", "均不高于"] {
        if let Some(p) = c.find(w) {
            let names = measure_list(c[..p].trim());
            if names.len() >= 2 && names.iter().all(|m| head_of(m).is_some()) {
                for name in names {
                    let mut it = numeric_item(line, span, name, &s.target, ctx, prev.last());
                    it.note("“均”：同一目标值分别适用于所列各项。");
                    out.push(it);
                }
                return out;
            }
        }
    }
    let name = numeric_name(c, Some((s.start, s.end)), &s.target.unit, None);
    out.push(numeric_item(line, span, name, &s.target, ctx, prev.last()));
    out
}

/// The unit's natural upper limit.
fn unit_max(unit: &str) -> Option<f64> {
    match unit {
        "%" => Some(100.0),
        "‰" => Some(1000.0),
        "/10万" => Some(100_000.0),
        _ => None,
    }
}

/// Starts of a clause that has no subject of its own ("至少配备2名……" continues the previous clause's bodies).
const NO_SUBJECT: [&str; 6] = ["至少", "配备", "各配备", "并", "且", "均"];

/// One numeric indicator; `last` is the indicator drafted just before it in the same line.
fn numeric_item(line: &str, span: (usize, usize), name: String, t: &ParsedTarget, ctx: &Ctx, last: Option<&Item>) -> Item {
    let clause = &line[span.0..span.1];
    let mut it = Item::new(line, span, name);
    if t.hedged {
        it.note("原文为“力争/争取”等争取性措辞：按所列目标值评估，不因措辞降低要求。");
    }
    let v = t.value;
    if t.points {
        let unit = guess_unit(&it.ind.name, line).unwrap_or("%");
        let down = v < 0.0;
        it.ind.kind = Kind::Directional;
        it.ind.direction = if down { Direction::Down } else { Direction::Up };
        it.ind.unit = unit.to_string();
        let (word, n) = if down { ("下降", fmt_num(-v)) } else { ("提高", fmt_num(v)) };
        let every = if t.every_year { "每年" } else { "" };
        let base = t.base_year.unwrap_or(ctx.base);
        let reference = if t.every_year { format!("逐年计：每年较上一年{word}{n}个百分点") } else { format!("相对{base}年基数") };
        it.note(format!(
            "原文目标为{every}{word}{n}个百分点（{reference}），现有评估类型无法直接表示：暂按方向性目标评估（与{base}年基数相比{}即为实现）；\
             是否达到规定幅度须人工核对，必要时按基数年数值换算为{}目标。",
            if down { "下降" } else { "提高" },
            if down { "上限" } else { "下限" },
        ));
        it.mark("百分点变化，暂按方向性目标处理");
        set_entry(&mut it, line);
        return it;
    }
    if t.relative {
        if v <= -100.0 || v == 0.0 {
            it.ind.kind = Kind::Directional;
            it.ind.direction = if v < 0.0 { Direction::Down } else { Direction::Up };
            it.ind.unit = guess_unit(&it.ind.name, line).unwrap_or("").to_string();
            it.mark("相对变化幅度无法按相对基数目标评估，暂按方向性目标处理");
            set_entry(&mut it, line);
            return it;
        }
        let base = t.base_year.unwrap_or(ctx.base);
        it.ind.kind = Kind::Relative;
        it.ind.op = Some(if v < 0.0 { Op::Le } else { Op::Ge });
        it.ind.value = Some(v);
        it.ind.direction = if v < 0.0 { Direction::Down } else { Direction::Up };
        match guess_unit(&it.ind.name, line) {
            Some(u) => it.ind.unit = u.to_string(),
            None => it.mark("指标计量单位无法从措辞推定，请核对"),
        }
        let (word, n) = if v < 0.0 { ("下降", fmt_num(-v)) } else { ("提高", fmt_num(v)) };
        let factor = fmt_num(1.0 + v / 100.0);
        it.note(format!(
            "以{base}年为基数{word}{n}%：目标值 = {base}年数值 × {factor}，最新一年{}目标值即为实现。",
            if v < 0.0 { "不高于" } else { "不低于" }
        ));
        if t.base_year.is_some_and(|y| y != ctx.base) {
            it.mark(format!("比较的年份 {base} 年不是规划基数年 {} 年，请核对", ctx.base));
        }
        set_entry(&mut it, line);
        return it;
    }
    let earlier_bodies = last.filter(|i| i.ind.kind == Kind::CountPerBody).map(|i| i.ind.bodies.clone());
    let continues_bodies = NO_SUBJECT.iter().any(|w| clause.starts_with(w)) && earlier_bodies.is_some();
    if (t.each || continues_bodies) && matches!(t.op, Op::Ge | Op::Gt | Op::Eq) && v >= 1.0 {
        it.ind.kind = Kind::CountPerBody;
        it.ind.op = Some(Op::Ge);
        it.ind.value = Some(v);
        it.ind.unit = t.unit.clone();
        it.ind.direction = Direction::Up;
        it.ind.entry = Entry::PerBody;
        it.ind.every_year = t.every_year;
        let mut bodies = bodies_of(clause);
        if bodies.len() < 2 {
            if let Some(earlier) = earlier_bodies {
                bodies = earlier;
            }
        }
        if bodies.len() < 2 {
            it.mark("每单位配备数目标须逐一列出各单位（bodies），请核对");
        }
        it.ind.bodies = bodies;
        if let Some(sp) = parse_target_spans(clause).into_iter().find(|s| s.target.value == v) {
            // "区级党委、人大、政府、政协领导班子中至少各配备1名女干部" → ……领导班子配备女干部人数.
            let before = &clause[..sp.start.min(clause.len())];
            let stop = ["中至少", "至少", "各配备", "均配备", "配备"].iter().filter_map(|w| before.find(w)).min().unwrap_or(before.len());
            let who = clean_name(&before[..stop]);
            let after = clause.get(sp.end..).unwrap_or("");
            let obj = clean_name(split_words(after, &['，', ',', '；', ';']).first().copied().unwrap_or(""));
            let count = if t.unit == "名" { "人数" } else { "数" };
            if !obj.is_empty() {
                it.ind.name = if who.is_empty() { format!("{obj}{count}") } else { format!("{who}配备{obj}{count}") };
            }
        }
        it.note("每个单位都须达到：按单位逐一填报，任一单位不足即未实现。");
        return it;
    }
    let (kind, op, direction) = match t.op {
        Op::Ge | Op::Gt | Op::Eq => (Kind::Min, t.op, Direction::Up),
        Op::Le | Op::Lt => (Kind::Max, t.op, Direction::Down),
        Op::Approx => (Kind::Approx, Op::Approx, Direction::Hold),
    };
    it.ind.kind = kind;
    it.ind.op = Some(op);
    it.ind.value = Some(v);
    it.ind.unit = t.unit.clone();
    it.ind.direction = direction;
    it.ind.every_year = t.every_year;
    if kind == Kind::Approx {
        it.note("“左右”：与目标值相差不超过默认带宽（approx_band，以指标单位计，百分比即百分点）即为实现。");
    }
    if t.every_year {
        it.note("“保持/每年”：规划期内每个填报年份都须达到。");
    }
    if it.ind.name.contains("毛入") && t.unit == "%" {
        it.ind.max = Some(150.0_f64.max(v));
        it.note("毛入园（学）率的分子含非适龄在校生，按定义可能超过100%（上限150%）。");
    } else if unit_max(&t.unit).is_some_and(|m| v > m) {
        it.ind.max = Some(v);
        it.mark("目标值超过单位的常规上限，请核对");
    }
    set_entry(&mut it, line);
    it
}

/// The bodies that each need the count: "区级党委、人大、政府、政协领导班子中至少各配备1名女干部" → 区级党委领导班子 …;
/// "每所乡（镇）卫生院、社区卫生服务中心至少配备……" → 各乡（镇）卫生院、各社区卫生服务中心.
fn bodies_of(clause: &str) -> Vec<String> {
    let stop = |s: &str| -> usize {
        ["中至少", "至少", "各配备", "均配备", "配备", "均", "都"].iter().filter_map(|w| s.find(w)).min().unwrap_or(s.len())
    };
    let mut out: Vec<String> = Vec::new();
    let each = ["每所", "每个", "每一", "每家"].iter().find_map(|w| clause.find(w).map(|p| p + w.len()));
    if let Some(from) = each {
        let rest = &clause[from..];
        for item in split_list(&rest[..stop(rest)]) {
            let item = clean_name(item);
            if !item.is_empty() {
                out.push(format!("各{item}"));
            }
        }
    } else {
        let phrase = clean_name(&clause[..stop(clause)]);
        let items: Vec<String> = split_words(&phrase, &['、']).into_iter().map(clean_name).filter(|s| !s.is_empty()).collect();
        if items.len() >= 2 {
            let level = items[0].find('级').map(|p| items[0][..p + '级'.len_utf8()].to_string()).unwrap_or_default();
            let suffix = ["领导班子", "班子"]
                .iter()
                .find(|s| items.last().is_some_and(|l| l.ends_with(*s)))
                .copied()
                .unwrap_or("");
            for it in &items {
                let mut b = it.clone();
                if !level.is_empty() && !b.starts_with(&level) {
                    b = format!("{level}{b}");
                }
                if !suffix.is_empty() && !b.ends_with(suffix) {
                    b.push_str(suffix);
                }
                out.push(b);
            }
        }
    }
    let mut seen = Vec::new();
    out.retain(|b| {
        let fresh = !seen.contains(b);
        seen.push(b.clone());
        fresh
    });
    out
}

// ---------- qualitative clauses ----------

/// Direction words of clauses without a number (longest first at the same place).
const DIRECTION_WORDS: [(&str, Direction); 22] = [
    ("保持稳定并有所提高", Direction::HoldUp),
    ("保持稳定并有所提升", Direction::HoldUp),
    ("稳中有升", Direction::HoldUp),
    ("上升趋势", Direction::SlowRise),
    ("上升势头", Direction::SlowRise),
    ("保持合理", Direction::Hold),
    ("保持稳定", Direction::Hold),
    ("提高", Direction::Up),
    ("提升", Direction::Up),
    ("增加", Direction::Up),
    ("增长", Direction::Up),
    ("扩大", Direction::Up),
    ("增强", Direction::Up),
    ("延长", Direction::Up),
    ("壮大", Direction::Up),
    ("增多", Direction::Up),
    ("上升", Direction::Up),
    ("下降", Direction::Down),
    ("降低", Direction::Down),
    ("减少", Direction::Down),
    ("缩小", Direction::Down),
    ("控制", Direction::Down),
];

/// The first direction word of a clause: (byte position, word, direction).
fn direction_word(c: &str) -> Option<(usize, &'static str, Direction)> {
    let mut best: Option<(usize, &'static str, Direction)> = None;
    for (w, d) in DIRECTION_WORDS {
        if let Some(p) = c.find(w) {
            let better = match best {
                None => true,
                Some((bp, bw, _)) => p < bp || (p == bp && w.len() > bw.len()),
            };
            if better {
                best = Some((p, w, d));
            }
        }
    }
    best
}

/// Adverbs between a measure and its verb ("覆盖率进一步巩固提高", "剖宫产率得到合理控制").
const ADVERBS: [&str; 24] = [
    "进一步", "逐步", "持续", "不断", "稳步", "明显", "显著", "大幅", "有所", "得到", "全面", "继续", "巩固", "有效", "合理",
    "切实", "力争", "争取", "努力", "基本", "发展", "更加", "逐年", "每年",
];

fn strip_adverbs(s: &str) -> &str {
    let mut t = s.trim();
    loop {
        let before = t;
        for a in ADVERBS {
            t = t.strip_suffix(a).unwrap_or(t).trim();
        }
        t = t.trim_end_matches('的').trim();
        if t == before {
            return t;
        }
    }
}

/// "待遇水平" of a second clause names its scheme from the line: "基本医疗保险制度覆盖……，待遇水平稳步提高" →
/// "基本医疗保险待遇水平".
fn treatment_name(name: &str, line: &str, at: usize) -> String {
    if !name.starts_with("待遇") {
        return name.to_string();
    }
    let before = line.get(..at).unwrap_or("");
    let scheme = ["保险", "救助"].iter().filter_map(|w| before.find(w).map(|p| p + w.len())).min();
    match scheme {
        Some(end) => {
            let start = before[..end].rfind(['，', '；', '、']).map_or(0, |p| p + '，'.len_utf8());
            format!("{}{name}", clean_name(&before[start..end]))
        }
        None => name.to_string(),
    }
}

/// Countable things whose number is a measure when they increase.
const COUNT_NOUNS: [&str; 4] = ["机构", "组织", "场所", "队伍"];
/// Events whose number is a measure when they decrease.
const EVENT_NOUNS: [&str; 6] = ["传播", "病例", "发生", "致残", "死亡", "伤残"];
/// Other measure ends.
const OTHER_MEASURES: [&str; 10] = ["寿命", "年限", "差距", "床位", "健康素养", "素养水平", "巩固水平", "待遇水平", "收入", "人数"];

fn is_measure(name: &str, dir: Direction) -> bool {
    head_of(name).is_some()
        || OTHER_MEASURES.iter().any(|m| name.ends_with(m))
        || (dir == Direction::Up && COUNT_NOUNS.iter().any(|m| name.ends_with(m)))
        || (dir == Direction::Down && EVENT_NOUNS.iter().any(|m| name.ends_with(m)))
        || dir == Direction::SlowRise
}

fn qualitative(line: &str, span: (usize, usize), ctx: &Ctx) -> Vec<Item> {
    if let Some(it) = balance(line, span) {
        return vec![it];
    }
    if let Some(it) = relational(line, span) {
        return vec![it];
    }
    if let Some(items) = directional(line, span, ctx) {
        return items;
    }
    vec![milestone_item(line, span)]
}

fn balance(line: &str, span: (usize, usize)) -> Option<Item> {
    let c = &line[span.0..span.1];
    let ratio = ["男女比例", "性别比例", "男女性别比"].iter().find_map(|w| c.find(w).map(|p| (p, *w)));
    let sex_ratio = c.find("性别比").filter(|_| has_any(c, &["正常", "均衡", "平衡"]));
    if let Some((p, w)) = ratio.filter(|_| has_any(c, &["均衡", "平衡"])) {
        let mut it = Item::new(line, span, format!("{}{}", clean_name(&c[..p]), w));
        it.ind.kind = Kind::Balance;
        it.ind.unit = "%".into();
        it.ind.direction = Direction::Hold;
        it.ind.every_year = true;
        it.ind.entry = Entry::FemaleMale;
        it.ind.formula = FEMALE_SHARE.to_string();
        it.note("均衡：女性占比在目录默认区间（balance_low—balance_high，默认45%—55%）内即为均衡，每年都须成立。");
        return Some(it);
    }
    let p = sex_ratio?;
    let mut it = Item::new(line, span, format!("{}性别比", clean_name(&c[..p])));
    it.ind.kind = Kind::Balance;
    it.ind.unit = "%".into();
    it.ind.direction = Direction::Hold;
    it.ind.every_year = true;
    it.ind.entry = Entry::FemaleMale;
    it.ind.formula = FEMALE_SHARE.to_string();
    it.note("性别比趋于正常：按女性（女婴）占比是否在默认均衡区间内评估。");
    it.mark("出生人口性别比按女性占比的均衡区间评估，口径请核对");
    Some(it)
}

fn relational(line: &str, span: (usize, usize)) -> Option<Item> {
    let c = &line[span.0..span.1];
    const SHARE: [&str; 4] = ["比例", "比重", "占比", "水平"];
    for (w, op) in [("不低于", Op::Ge), ("不少于", Op::Ge), ("不高于", Op::Le), ("不超过", Op::Le), ("高于", Op::Gt), ("低于", Op::Lt)] {
        let Some(p) = c.find(w) else { continue };
        let other = trim_punct(&c[p + w.len()..]);
        if other.is_empty() || !has_any(other, &SHARE) {
            continue;
        }
        let mut name = clean_name(&c[..p]);
        for hedge in ["一般", "原则上", "应当", "应"] {
            name = clean_name(name.strip_suffix(hedge).unwrap_or(&name));
        }
        let mut it = Item::new(line, span, name);
        it.ind.kind = Kind::Relational;
        it.ind.op = Some(op);
        it.ind.unit = "%".into();
        it.ind.direction = if matches!(op, Op::Ge | Op::Gt) { Direction::Up } else { Direction::Down };
        it.ind.compare_with = Some(other.to_string());
        it.ind.entry = if female_share(&it.ind.name) { Entry::FemaleMale } else { Entry::Value };
        if it.ind.entry == Entry::FemaleMale {
            it.ind.formula = FEMALE_SHARE.to_string();
        }
        it.note(format!(
            "与“{other}”比较：同一年的数值{}比较值即为实现（比较值与本指标一并填报）。",
            if matches!(op, Op::Ge | Op::Gt) { "不低于" } else { "不高于" }
        ));
        if c.contains("一般") {
            it.note("“一般”：按通常应达到的要求评估，例外情况在备注中说明。");
        }
        return Some(it);
    }
    let q = c.find("相适应")?;
    let p = c[..q].rfind('与')?;
    let (a, b) = (clean_name(&c[..p]), clean_name(&c[p + '与'.len_utf8()..q]));
    if !has_any(&a, &SHARE[..3]) || !has_any(&b, &SHARE[..3]) {
        return None;
    }
    let mut it = Item::new(line, span, a);
    it.ind.kind = Kind::Relational;
    it.ind.op = Some(Op::Approx);
    it.ind.unit = "%".into();
    it.ind.direction = Direction::Hold;
    it.ind.entry = if female_share(&it.ind.name) { Entry::FemaleMale } else { Entry::Value };
        if it.ind.entry == Entry::FemaleMale {
            it.ind.formula = FEMALE_SHARE.to_string();
        }
    it.note(format!("相适应：与“{b}”相差不超过默认带宽即为实现（比较值与本指标一并填报）。"));
    it.mark("“相适应”按与比较值相差不超过默认带宽评估，比较对象请核对");
    it.ind.compare_with = Some(b);
    Some(it)
}

fn directional(line: &str, span: (usize, usize), ctx: &Ctx) -> Option<Vec<Item>> {
    let c = &line[span.0..span.1];
    let (pos, word, dir) = direction_word(c)?;
    let m = strip_adverbs(&c[..pos]);
    if m.is_empty() {
        return None;
    }
    let steady = ["逐步", "持续", "稳步", "不断"].into_iter().find(|w| c.contains(w));
    let make = |name: String| -> Item {
        // Things and events are counted: "托育机构" → "托育机构数", "母婴传播" → "母婴传播病例数".
        let name = if dir == Direction::Up && COUNT_NOUNS.iter().any(|m| name.ends_with(m)) {
            if name.ends_with("队伍") { format!("{name}人数") } else { format!("{name}数") }
        } else if dir == Direction::Down && (name.ends_with("传播") || name.ends_with("发生")) {
            format!("{name}病例数")
        } else if dir == Direction::Down && (name.ends_with("致残") || name.ends_with("死亡") || name.ends_with("伤残")) {
            format!("{name}人数")
        } else {
            name
        };
        let name = treatment_name(&name, line, span.0);
        let mut it = Item::new(line, span, name);
        it.ind.kind = Kind::Directional;
        it.ind.direction = dir;
        it.ind.every_year = dir == Direction::Hold;
        match guess_unit(&it.ind.name, line) {
            Some(u) => it.ind.unit = u.to_string(),
            None => it.mark("指标计量单位无法从措辞推定，请核对"),
        }
        let base = ctx.base;
        let n = match dir {
            Direction::Up if steady.is_some() => format!(
                "{}{word}：以{base}年为基数，最新一年高于基数即为实现；某年较上一年回落则为基本实现。",
                steady.unwrap_or_default()
            ),
            Direction::Down if steady.is_some() => format!(
                "{}{word}：以{base}年为基数，最新一年低于基数即为实现；某年较上一年反弹则为基本实现。",
                steady.unwrap_or_default()
            ),
            Direction::Up => format!("无具体数值目标：以{base}年为基数，最新一年数值高于基数即为实现。"),
            Direction::Down => format!("无具体数值目标：以{base}年为基数，最新一年数值低于基数即为实现。"),
            Direction::HoldUp => format!("保持稳定并有所提高：各年数值均不低于{base}年基数，且最新一年高于基数。"),
            Direction::SlowRise => "上升趋势减缓：各年增幅逐年缩小（或转为下降）即为实现。".to_string(),
            Direction::Hold => format!("保持：与{base}年基数相差不超过默认带宽即为实现，每年都须成立。"),
        };
        it.note(n);
        if it.ind.name.ends_with("待遇水平") {
            it.mark("待遇水平没有单一统计量，请确定衡量口径（如基金支付比例、人均金额）");
        }
        set_entry(&mut it, line);
        it
    };
    // "保持合理比例": the measure is the share of the group.
    if word == "保持合理" {
        let name = if m.ends_with("比例") { m.to_string() } else { format!("{m}比例") };
        return Some(vec![make(name)]);
    }
    // Listed measures: restart after 等 (a qualifier list), keep a population list (…中的女性比例) whole.
    let (pre, rest) = match m.rfind('等') {
        Some(i) => (&m[..i + '等'.len_utf8()], &m[i + '等'.len_utf8()..]),
        None => ("", m),
    };
    let items = split_list(rest);
    let single = items.len() < 2 || items.last().is_some_and(|l| l.contains('中'));
    if single {
        let name = if dir == Direction::SlowRise && head_of(m).is_none() { format!("{m}率") } else { m.to_string() };
        return is_measure(&name, dir).then(|| vec![make(name)]);
    }
    let subject = subject_of(items[0]);
    let named = |k: usize, item: &str| -> String {
        let item = clean_name(item);
        if k == 0 {
            format!("{pre}{item}")
        } else {
            format!("{pre}{}", with_subject(subject, &item))
        }
    };
    let last = items.last().copied().unwrap_or("");
    let head = head_of(last).or(if dir == Direction::SlowRise { Some("率") } else { None });
    if let Some(h) = head {
        let mut out = Vec::new();
        for (k, item) in items.iter().enumerate() {
            let mut name = named(k, item);
            if head_of(&name).is_none() && !OTHER_MEASURES.iter().any(|x| name.ends_with(x)) {
                name.push_str(h);
            }
            let mut it = make(name);
            it.note("并列的指标拆分为多个指标分别评估。");
            out.push(it);
        }
        return Some(out);
    }
    // Some listed items are measures (a rate or a count), others not: "利用率和服务质量提高".
    let rated = |i: &str| head_of(i).is_some() || OTHER_MEASURES.iter().any(|m| i.ends_with(m));
    if items.iter().any(|i| rated(i)) {
        let mut out = Vec::new();
        for (k, item) in items.iter().enumerate() {
            if rated(item) {
                out.push(make(named(k, item)));
            } else {
                let mut ms = milestone_item(line, span);
                ms.ind.name = format!("{}{word}", clean_name(item));
                out.push(ms);
            }
        }
        return Some(out);
    }
    let events = dir == Direction::Down && items[1..].iter().all(|i| EVENT_NOUNS.contains(&clean_name(i).as_str()));
    if events {
        let first = clean_name(items[0]);
        let ev0 = EVENT_NOUNS.iter().find(|e| first.ends_with(*e)).copied().unwrap_or("");
        let stem = first.strip_suffix(ev0).unwrap_or(&first).to_string();
        let mut out = Vec::new();
        for (k, item) in items.iter().enumerate() {
            let ev = if k == 0 { ev0.to_string() } else { clean_name(item) };
            let mut it = make(format!("{pre}{stem}{ev}"));
            it.note("并列的事件拆分为多个指标分别评估。");
            out.push(it);
        }
        return Some(out);
    }
    is_measure(m, dir).then(|| vec![make(m.to_string())])
}

/// Words of a qualitative milestone that make its kind clear (no review needed).
const MILESTONE_WORDS: [&str; 40] = [
    "建成", "建立", "健全", "完善", "落实", "设立", "建设", "创建", "开通", "覆盖", "普及", "纳入", "实现", "消除", "形成", "运行",
    "推进", "推广", "开展", "出台", "制定", "保障", "满足", "享有", "获得", "严惩", "遏制", "养成", "传承", "践行", "发挥", "防治",
    "治理", "干预", "处置", "保护", "尊重", "禁止", "转化", "彰显",
];

fn milestone_item(line: &str, span: (usize, usize)) -> Item {
    let c = &line[span.0..span.1];
    let mut it = Item::new(line, span, short_name(c));
    it.ind.kind = Kind::Milestone;
    it.ind.entry = Entry::Milestone;
    it.ind.direction = Direction::Up;
    it.note("定性目标：按进展阶段（未启动、推进中、基本实现、已实现）评估，须附佐证材料。");
    it.ind.evidence_hint = "相关制度文件、工作方案、会议纪要、工作总结或统计台账等。".to_string();
    if MILESTONE_WORDS.iter().any(|w| c.contains(w)) {
        if has_any(c, &["基本", "明显", "显著", "相适应", "合理"]) {
            it.note("含“基本/明显/相适应”等含糊措辞：由评估人员依据佐证材料判断，并在备注中说明依据。");
        }
    } else if direction_word(c).is_some() {
        it.mark("有“提高/下降”等措辞但没有可计量的统计指标，暂按定性目标处理");
    } else {
        it.mark("措辞中没有可识别的目标值，暂按定性目标处理");
    }
    it
}

// ---------- entry, units, lead unit ----------

/// The formula of a female share.
const FEMALE_SHARE: &str = "女性人数 ÷ (女性人数 + 男性人数) × 100";

/// Is `name` the share of women in a group ("……中的女性比例", "女干部比例")?
fn female_share(name: &str) -> bool {
    has_any(name, &["比例", "占比", "比重"]) && has_any(name, &["女性", "女干部", "女党员", "女代表", "女委员", "女职工代表"])
}

/// Common rates with their numerator and denominator (national statistical definitions): (name contains, numerator,
/// denominator, scale).
const RATES: [(&str, &str, &str, f64); 17] = [
    ("非医学需要的人工流产率", "非医学需要的人工流产例数", "15—49岁育龄妇女人数", 1000.0),
    ("孕产妇死亡率", "孕产妇死亡人数", "活产数", 100_000.0),
    ("新生儿死亡率", "新生儿（出生28天内）死亡数", "活产数", 1000.0),
    ("婴儿死亡率", "婴儿（不满1周岁）死亡数", "活产数", 1000.0),
    ("5岁以下儿童死亡率", "5岁以下儿童死亡数", "活产数", 1000.0),
    ("孕产妇系统管理率", "孕产妇系统管理人数", "活产数", 100.0),
    ("新生儿访视率", "接受访视的新生儿数", "活产数", 100.0),
    ("低出生体重发生率", "出生体重低于2500克的活产数", "活产数", 100.0),
    ("剖宫产率", "剖宫产活产数", "活产数", 100.0),
    ("产前筛查率", "接受产前筛查的孕妇人数", "产妇数", 100.0),
    ("新生儿疾病筛查率", "接受新生儿疾病筛查的新生儿数", "活产数", 100.0),
    ("新生儿听力筛查率", "接受听力筛查的新生儿数", "活产数", 100.0),
    ("学前教育毛入园率", "在园幼儿数", "3—5岁适龄人口数", 100.0),
    ("义务教育巩固率", "初中毕业班学生数", "该年级入小学一年级时的学生数", 100.0),
    ("高中阶段教育毛入学率", "高中阶段在校生数", "15—17岁人口数", 100.0),
    ("3岁以下儿童系统管理率", "3岁以下儿童系统管理人数", "3岁以下儿童数", 100.0),
    ("7岁以下儿童健康管理率", "7岁以下儿童健康管理人数", "7岁以下儿童数", 100.0),
];

fn scale_of(unit: &str) -> Option<f64> {
    match unit {
        "%" => Some(100.0),
        "‰" => Some(1000.0),
        "/10万" => Some(100_000.0),
        _ => None,
    }
}

/// Chooses the entry (and numerator/denominator) of a non-milestone, non-per-body item.
fn set_entry(it: &mut Item, line: &str) {
    let ind = &mut it.ind;
    let name = ind.name.clone();
    let unit = ind.unit.clone();
    let mut rate = |num: String, den: String, scale: f64, guessed: bool, it_review: &mut Vec<String>| {
        ind.entry = Entry::Rate;
        ind.formula = format!("{num} ÷ {den} × {}", fmt_num(scale));
        ind.numerator = Some(num);
        ind.denominator = Some(den);
        ind.scale = Some(scale);
        if guessed {
            let r = "分子、分母名称为推测，请核对".to_string();
            if !it_review.contains(&r) {
                it_review.push(r);
            }
        }
    };
    if ind.kind == Kind::Balance || (unit == "%" && female_share(&name)) {
        ind.entry = Entry::FemaleMale;
        ind.formula = FEMALE_SHARE.to_string();
        return;
    }
    if let Some((_, num, den, scale)) = RATES.iter().find(|(k, _, _, s)| name.contains(k) && scale_of(&unit) == Some(*s)) {
        rate(num.to_string(), den.to_string(), *scale, false, &mut it.review);
        return;
    }
    // 每千名儿童拥有……: per thousand.
    if matches!(unit.as_str(), "名" | "张") {
        if let Some(p) = line.find("每千名") {
            let rest = &line[p + "每千名".len()..];
            let group = rest.find("拥有").map(|q| clean_name(&rest[..q])).unwrap_or_default();
            if !group.is_empty() {
                let thing = name.split("拥有").last().unwrap_or(&name).to_string();
                let num = if thing.ends_with('数') { thing } else { format!("{thing}数") };
                let full = format!("每千名{group}拥有{num}");
                rate(num, format!("{group}数"), 1000.0, true, &mut it.review);
                it.ind.name = full;
                return;
            }
        }
    }
    if let Some(scale) = scale_of(&unit) {
        // "90%的城市社区建立……" → 建立……的城市社区数 ÷ 城市社区总数.
        let clause = ind.clause.trim_start().to_string();
        let leading = parse_target_spans(&clause).first().is_some_and(|s| s.start == 0);
        if unit == "%" && leading && name.ends_with("比例") {
            let stem = name.strip_suffix("比例").unwrap_or(&name).to_string();
            let subject = stem.rsplit('的').next().unwrap_or(&stem).to_string();
            rate(format!("{stem}数"), format!("{subject}总数"), 100.0, false, &mut it.review);
            return;
        }
        if unit != "%" {
            let stem = name.strip_suffix('率').unwrap_or(&name).to_string();
            let num = if has_any(&stem, &["死亡", "发病", "患病", "伤害"]) { format!("{stem}人数") } else { format!("{stem}例数") };
            let den = if stem.contains("死亡") && has_any(&stem, &["新生儿", "婴儿", "5岁以下", "围产"]) {
                "活产数".to_string()
            } else {
                match subject_of(&stem) {
                    "" => "人口数".to_string(),
                    g @ ("儿童" | "妇女" | "女性" | "老年妇女" | "青少年" | "未成年人" | "农村妇女" | "城乡妇女") => format!("{g}人口数"),
                    g => format!("{g}人数"),
                }
            };
            rate(num, den, scale, true, &mut it.review);
            return;
        }
    }
    ind.entry = Entry::Value;
}

/// The unit of a measure without a target number (directional, relative), from its name.
fn guess_unit(name: &str, line: &str) -> Option<&'static str> {
    let n = name;
    if n.ends_with("寿命") {
        return Some("岁");
    }
    if n.ends_with("年限") {
        return Some("年");
    }
    if n.contains("死亡率") {
        return Some(if has_any(n, &["新生儿", "婴儿", "5岁以下", "围产"]) { "‰" } else { "/10万" });
    }
    if n.contains("发病率") {
        return Some("/10万");
    }
    if n.contains("流产率") {
        return Some("‰");
    }
    if n.ends_with("差距") {
        return Some(if n.contains("时间") {
            "分钟"
        } else if n.contains("收入") {
            "%"
        } else {
            "百分点"
        });
    }
    if n.ends_with("待遇水平") {
        return Some(if has_any(line, &["医疗保险", "医保"]) { "%" } else { "元" });
    }
    if n.ends_with("收入") {
        return Some("元");
    }
    if ["率", "比例", "比重", "占比", "健康素养", "素养水平", "巩固水平"].iter().any(|h| n.ends_with(h)) {
        return Some("%");
    }
    if n.ends_with("人数") || n.ends_with("队伍") {
        return Some("人");
    }
    if n.ends_with("机构") {
        return Some("所");
    }
    if n.ends_with("组织") || n.ends_with("场所") {
        return Some("个");
    }
    if n.ends_with("床位") {
        return Some("张");
    }
    if n.ends_with("例数") || n.ends_with("传播") || n.ends_with("病例") || n.ends_with("发生") {
        return Some("例");
    }
    if n.ends_with("机构数") {
        return Some("所");
    }
    if n.ends_with("组织数") || n.ends_with("场所数") {
        return Some("个");
    }
    if n.ends_with("致残") || n.ends_with("死亡") {
        return Some("人");
    }
    None
}

/// Kinds of responsible units, named with the region's level prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Health,
    Education,
    CivilAffairs,
    HumanResources,
    MedicalInsurance,
    WomenFederation,
    Justice,
    PublicSecurity,
    Organization,
    Congress,
    Cppcc,
    TradeUnion,
    DisabledFederation,
    Culture,
    Environment,
    Water,
    Agriculture,
    Market,
    Cyberspace,
    Emergency,
    Science,
    Housing,
    Propaganda,
    Statistics,
    Commerce,
    Development,
    WomenChildrenOffice,
    Court,
}

impl Unit {
    fn name(self, p: char) -> String {
        match self {
            Unit::Health => format!("{p}卫健局"),
            Unit::Education => format!("{p}教育局"),
            Unit::CivilAffairs => format!("{p}民政局"),
            Unit::HumanResources => format!("{p}人社局"),
            Unit::MedicalInsurance => format!("{p}医保局"),
            Unit::WomenFederation => format!("{p}妇联"),
            Unit::Justice => format!("{p}司法局"),
            // A district's public security bureau is a branch (分局) of the city's.
            Unit::PublicSecurity if p == '区' => "区公安分局".to_string(),
            Unit::PublicSecurity => format!("{p}公安局"),
            Unit::Organization => format!("{p}委组织部"),
            Unit::Congress => format!("{p}人大常委会办公室"),
            Unit::Cppcc => format!("{p}政协办公室"),
            Unit::TradeUnion => format!("{p}总工会"),
            Unit::DisabledFederation => format!("{p}残联"),
            Unit::Culture => format!("{p}文旅局"),
            Unit::Environment => format!("{p}生态环境局"),
            Unit::Water => format!("{p}水务局"),
            Unit::Agriculture => format!("{p}农业农村局"),
            Unit::Market => format!("{p}市场监管局"),
            Unit::Cyberspace => format!("{p}网信办"),
            Unit::Emergency => format!("{p}应急管理局"),
            Unit::Science => format!("{p}科协"),
            Unit::Housing => format!("{p}住建局"),
            Unit::Propaganda => format!("{p}委宣传部"),
            Unit::Statistics => format!("{p}统计局"),
            Unit::Commerce => format!("{p}工商联"),
            Unit::Development => format!("{p}发改局"),
            Unit::WomenChildrenOffice => format!("{p}妇儿工委办"),
            Unit::Court => format!("{p}法院"),
        }
    }
}

/// Keywords of an indicator's subject and the usual lead unit, first match wins.
const LEAD_UNITS: &[(&[&str], Unit)] = &[
    (&["职工代表大会", "职代会"], Unit::TradeUnion),
    (&["领导班子", "女干部", "女党员", "党代会", "代表大会", "党组织", "正职干部"], Unit::Organization),
    (&["人大"], Unit::Congress),
    (&["政协"], Unit::Cppcc),
    (&["村委会", "居委会", "社会组织"], Unit::CivilAffairs),
    (&["收入差距", "时间差距", "受教育年限"], Unit::Statistics),
    (&["医疗保险", "医保", "生育保险", "医疗救助"], Unit::MedicalInsurance),
    (&["养老保险", "失业保险", "工伤保险", "社会保险", "社保", "就业", "劳动", "职业技能", "仲裁", "童工", "专业技术人员"], Unit::HumanResources),
    (&["家庭教育", "家长", "儿童之家", "男女平等基本国策", "宣传教育", "赡养"], Unit::WomenFederation),
    (&["司法救助", "法律援助"], Unit::Justice),
    (&["残疾", "康复"], Unit::DisabledFederation),
    (&["儿童福利", "养老", "低保", "救助", "福利", "孤儿", "困境", "留守", "流动儿童", "儿童保护", "监护", "收养"], Unit::CivilAffairs),
    (&["道路交通", "家庭暴力"], Unit::PublicSecurity),
    (
        &[
            "近视", "学生", "学校", "校园", "校外", "入学", "入园", "在园", "在校", "巩固率", "义务教育", "学前教育", "高中", "幼儿园",
            "教师", "教育",
        ],
        Unit::Education,
    ),
    (
        &[
            "孕产妇", "妇幼", "婴儿", "新生儿", "疫苗", "接种", "筛查", "患病", "死亡率", "母乳", "贫血", "营养", "保健", "医生", "床位",
            "卫生院", "出生缺陷", "产前", "剖宫产", "流产", "艾滋病", "梅毒", "乙肝", "宫颈癌", "乳腺癌", "健康素养", "龋", "生长迟缓",
            "肥胖", "超重", "托育", "预期寿命", "发病率", "传染病", "疾病", "心理健康", "医疗", "生殖健康", "母婴", "健康服务", "早期发展",
            "出生人口",
        ],
        Unit::Health,
    ),
    (&["家庭", "家教", "家风", "妇女权益", "婚姻", "性别平等", "男女平等"], Unit::WomenFederation),
    (&["民事权益", "审判", "诉讼"], Unit::Court),
    (&["法律", "法治", "司法", "法规", "普法"], Unit::Justice),
    (&["食品", "用品", "产品质量"], Unit::Market),
    (&["违法犯罪", "暴力", "拐卖", "性侵", "性骚扰", "安全座椅", "交通", "安全", "伤害"], Unit::PublicSecurity),
    (&["网络", "网信", "不良信息"], Unit::Cyberspace),
    (&["自来水", "供水", "饮用水"], Unit::Water),
    (&["卫生厕所", "农村"], Unit::Agriculture),
    (&["公共厕所", "住房"], Unit::Housing),
    (&["环境污染", "生态", "绿色低碳"], Unit::Environment),
    (&["科技", "科学素质"], Unit::Science),
    (&["体育", "锻炼", "体质", "图书", "文化"], Unit::Culture),
    (&["突发事件", "应急"], Unit::Emergency),
    (&["思想政治", "核心价值观"], Unit::Propaganda),
    (&["友好城市", "友好社区"], Unit::Development),
    (&["儿童事务", "儿童事业"], Unit::WomenChildrenOffice),
    (&["企业", "董事会"], Unit::Commerce),
];

fn lead_unit_of(text: &str) -> Option<Unit> {
    LEAD_UNITS.iter().find(|(words, _)| has_any(text, words)).map(|(_, u)| *u)
}

/// Final touches: lead unit, joined notes and review marks.
fn finish(mut it: Item, line: &str, ctx: &Ctx) -> Indicator {
    let subject = format!("{}{}", it.ind.name, it.ind.clause);
    let unit = lead_unit_of(&subject)
        .or_else(|| lead_unit_of(line))
        .or_else(|| lead_unit_of(ctx.goal))
        .or_else(|| has_any(&subject, &["妇女", "女性"]).then_some(Unit::WomenFederation));
    match unit {
        Some(u) => it.ind.lead_unit = u.name(ctx.prefix),
        None => it.mark("牵头单位待定"),
    }
    it.ind.interpretation = it.notes.join("");
    it.ind.review = it.review.join("；");
    it.ind
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_with_dash_and_bracket_variants() {
        for (line, region, first, last) in [
            ("梨树区妇女发展规划（2021-2025年）", "梨树区", 2021, 2025),
            ("某某县儿童发展规划（2021—2025年）", "某某县", 2021, 2025),
            ("  青山县妇女发展规划 ( 2026 – 2030 年 )  ", "青山县", 2026, 2030),
            ("青山县儿童发展规划（２０２６－２０３０年）", "青山县", 2026, 2030),
            ("某某市妇女发展规划（2026年——2030年）", "某某市", 2026, 2030),
            ("某某自治县儿童发展规划【2021~2025年】", "某某自治县", 2021, 2025),
        ] {
            let t = parse_title(line).unwrap_or_else(|| panic!("not a title: {line}"));
            assert_eq!((t.region.as_str(), t.first, t.last), (region, first, last), "{line}");
        }
        assert_eq!(parse_title("梨树区妇女发展规划（2021-2025年）").map(|t| t.plan), Some(Plan::Women));
        assert_eq!(parse_title("梨树区儿童发展规划（2021-2025年）").map(|t| t.plan), Some(Plan::Children));
        for not in [
            "关于印发梨树区妇女发展规划（2021-2025年）和梨树区儿童发展规划（2021-2025年）的",
            "梨树区妇女发展规划（2021-2025年）和梨树区儿童发展规划（2021-2025年）经……讨论通过",
            "《梨树区妇女发展规划（2016—2020年）",
            "妇女发展规划（2021-2025年）",
            "梨树妇女发展规划（2021-2025年）",
            "梨树区妇女发展规划（2021年）",
            "梨树区妇女发展规划（2021-25年）",
            "梨树区妇女发展规划",
        ] {
            assert!(parse_title(not).is_none(), "{not}");
        }
    }

    fn plan(region: &str, years: &str, extra_head: &str) -> String {
        format!(
            "{region}人民政府\n{extra_head}\n{region}妇女发展规划（{years}年）\n二、发展领域、主要目标和策略措施\n（一）妇女与健康\n主要目标：\n\
             1.提高孕产妇保健水平。\n——孕产妇死亡率下降到14.5/10万以下。\n策略措施：\n1.略。\n三、组织实施\n"
        )
    }

    #[test]
    fn region_period_authority_and_issue_date() {
        let d = draft_catalogue(&plan("某某县", "2021—2025", "某某县人民政府　　2022年9月26日印发"), &DraftOptions::default())
            .expect("drafts");
        let c = &d.catalogue;
        assert_eq!(c.region, "某某县");
        assert_eq!(c.period, Period { base: 2020, first: 2021, last: 2025, midterm: 2023 });
        assert_eq!(c.authority, "某某县人民政府");
        assert_eq!(c.issued, "2022-09-26");
        assert_eq!(c.version, "2022-09-26.draft");
        assert_eq!(c.id, "draft-2021-2025");
        assert_eq!(c.title, "某某县妇女儿童发展规划（2021-2025年）");
        assert_eq!(c.plans[0].title, "某某县妇女发展规划（2021—2025年）");
        assert_eq!(c.lines[0].indicators[0].lead_unit, "县卫健局");

        let d = draft_catalogue(&plan("某某市", "2026-2030", ""), &DraftOptions::default()).expect("drafts");
        assert_eq!(d.catalogue.period, Period { base: 2025, first: 2026, last: 2030, midterm: 2028 });
        assert_eq!((d.catalogue.issued.as_str(), d.catalogue.version.as_str()), ("", "draft"));
        assert_eq!(d.catalogue.lines[0].indicators[0].lead_unit, "市卫健局");

        // A base year named in the text wins over first − 1.
        let text = plan("某某区", "2026-2030", "").replace("孕产妇死亡率下降到14.5/10万以下", "孕产妇死亡率以2024年为基数下降10%");
        let d = draft_catalogue(&text, &DraftOptions::default()).expect("drafts");
        assert_eq!(d.catalogue.period.base, 2024);
        assert_eq!(d.catalogue.period.midterm, 2028);

        let opts = DraftOptions { id: Some("mou-2026-2030".into()), version: Some("2026-01-01.1".into()) };
        let d = draft_catalogue(&plan("某某区", "2026-2030", ""), &opts).expect("drafts");
        assert_eq!((d.catalogue.id.as_str(), d.catalogue.version.as_str()), ("mou-2026-2030", "2026-01-01.1"));
        let bad = DraftOptions { id: Some("某某".into()), version: None };
        let e = draft_catalogue(&plan("某某区", "2026-2030", ""), &bad).expect_err("bad id");
        assert!(e[0].message().contains("编号“某某”无效"), "{e:?}");
    }

    #[test]
    fn bad_input_names_the_problem() {
        let e = draft_catalogue("", &DraftOptions::default()).expect_err("empty");
        assert!(e[0].message().starts_with("未找到规划标题"), "{e:?}");
        let e = draft_catalogue("某某县妇女发展规划（2021-2025年）\n二、发展领域\n（一）妇女与健康\n", &DraftOptions::default())
            .expect_err("no lines");
        assert!(e.iter().any(|x| x.message().starts_with("未找到任何目标行")), "{e:?}");
        let text = plan("某某县", "2021-2025", "").replace("1.提高孕产妇保健水平。\n", "");
        let e = draft_catalogue(&text, &DraftOptions::default()).expect_err("line before goal");
        assert!(e.iter().any(|x| x.line == Some(7) && x.message().starts_with("第 7 行：目标行出现在")), "{e:?}");
        let text = plan("某某县", "2021-2025", "").replace("（一）妇女与健康\n", "（一）妇女与健康\n（一）妇女与健康\n");
        let e = draft_catalogue(&text, &DraftOptions::default()).expect_err("duplicate domain");
        assert!(e.iter().any(|x| x.message().contains("与第 5 行的领域重复")), "{e:?}");
        let text = format!("{}{}", plan("某某县", "2021-2025", ""), plan("某某区", "2021-2025", "").replace("妇女发展", "儿童发展"));
        let e = draft_catalogue(&text, &DraftOptions::default()).expect_err("regions differ");
        assert!(e.iter().any(|x| x.message().contains("地区“某某区”与第 3 行的“某某县”不同")), "{e:?}");
    }

    fn inds(text: &str) -> Vec<Indicator> {
        let ctx = Ctx { base: 2025, prefix: '县', goal: "" };
        draft_line(text, &ctx)
    }

    fn brief(i: &Indicator) -> (Kind, Option<Op>, Option<f64>, String) {
        (i.kind, i.op, i.value, i.unit.clone())
    }

    #[test]
    fn split_respectively_shared_and_separate_clauses() {
        let v = inds("适龄妇女宫颈癌人群筛查率、乳腺癌人群筛查率分别达到70%和65%以上。");
        assert_eq!(v.len(), 2);
        assert_eq!(brief(&v[0]), (Kind::Min, Some(Op::Ge), Some(70.0), "%".into()));
        assert_eq!(brief(&v[1]), (Kind::Min, Some(Op::Ge), Some(65.0), "%".into()));
        assert_eq!((v[0].name.as_str(), v[1].name.as_str()), ("适龄妇女宫颈癌人群筛查率", "适龄妇女乳腺癌人群筛查率"));
        let v = inds("婴儿死亡率和5岁以下儿童死亡率分别降至4‰和5‰以下。");
        assert_eq!(brief(&v[0]), (Kind::Max, Some(Op::Le), Some(4.0), "‰".into()));
        assert_eq!(brief(&v[1]), (Kind::Max, Some(Op::Le), Some(5.0), "‰".into()));
        assert_eq!(v[1].denominator.as_deref(), Some("活产数"));
        let v = inds("甲率和乙率均保持在90%以上。");
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|i| brief(i) == (Kind::Min, Some(Op::Ge), Some(90.0), "%".into()) && i.every_year));
        assert!(v.iter().all(|i| i.clause == "甲率和乙率均保持在90%以上"));
        let v = inds("新生儿访视率保持在90%以上，新生儿死亡率降至3‰以下。");
        assert_eq!((v[0].name.as_str(), v[1].name.as_str()), ("新生儿访视率", "新生儿死亡率"));
        assert!(v[0].every_year && !v[1].every_year);
        assert_eq!(v[1].scale, Some(1000.0));
        let v = inds("90%的城市社区和 80%的农村社区（村）建立家长学校或家庭教育指导服务站点。");
        assert_eq!((v[0].clause.as_str(), v[0].value), ("90%的城市社区", Some(90.0)));
        assert_eq!(v[1].clause, "80%的农村社区（村）建立家长学校或家庭教育指导服务站点");
        assert_eq!(v[0].name, "建立家长学校或家庭教育指导服务站点的城市社区比例");
        assert_eq!(v[0].denominator.as_deref(), Some("城市社区总数"));
        let v = inds("儿童家长每年至少接受2次家庭教育指导服务、2次家庭教育实践活动，树立科学育儿理念，掌握运用科学育儿方法。");
        assert_eq!(v.len(), 3);
        assert_eq!(v[1].clause, "2次家庭教育实践活动");
        assert!(v[0].every_year && v[1].every_year);
        assert_eq!((v[2].kind, v[2].clause.as_str()), (Kind::Milestone, "树立科学育儿理念，掌握运用科学育儿方法"));
        // Neighbouring qualitative clauses are one milestone.
        let v = inds("区、镇、村（屯）三级妇幼卫生服务网络健全完善，基层网底和转诊网络进一步强化。");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].kind, Kind::Milestone);
    }

    #[test]
    fn directional_lists_are_split_but_not_qualifiers_or_populations() {
        let v = inds("老年妇女低体重和贫血患病率下降。");
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|i| i.kind == Kind::Directional && i.direction == Direction::Down && i.unit == "%"));
        let v = inds("妇女焦虑障碍、抑郁症患病率上升趋势减缓。");
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].name, "妇女抑郁症患病率");
        assert!(v.iter().all(|i| i.direction == Direction::SlowRise));
        let v = inds("企业董事会、监事会成员及管理层中的女性比例逐步提高。");
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].entry, v[0].direction), (Entry::FemaleMale, Direction::Up));
        let v = inds("公益性儿童教育、科技、文化、体育、娱乐等校外活动场所增加。");
        assert_eq!((v.len(), v[0].unit.as_str()), (1, "个"));
        let v = inds("儿童跌倒、跌落、烧烫伤、中毒等伤害的发生、致残和死亡减少。");
        assert_eq!(v.iter().map(|i| i.unit.as_str()).collect::<Vec<_>>(), ["例", "人", "人"]);
        let v = inds("区级人大代表中女性比例保持稳定并有所提高。");
        assert_eq!((v[0].kind, v[0].direction, v[0].entry), (Kind::Directional, Direction::HoldUp, Entry::FemaleMale));
        let v = inds("女性的思想政治意识不断提高。");
        assert_eq!(v[0].kind, Kind::Milestone);
        assert!(!v[0].review.is_empty());
    }

    #[test]
    fn percentage_points_and_hedges() {
        let v = inds("孕产妇贫血患病率每年下降1个百分点。");
        assert_eq!(brief(&v[0]), (Kind::Directional, None, None, "%".into()));
        assert_eq!(v[0].direction, Direction::Down);
        assert!(v[0].review.contains("百分点变化，暂按方向性目标处理"), "{}", v[0].review);
        assert!(v[0].interpretation.contains("每年下降1个百分点"), "{}", v[0].interpretation);
        let v = inds("高级专业技术人员中的女性比例提高3个百分点。");
        assert_eq!((v[0].kind, v[0].direction, v[0].entry), (Kind::Directional, Direction::Up, Entry::FemaleMale));
        assert!(v[0].interpretation.contains("提高3个百分点"));
        let v = inds("孕产妇死亡率力争降至10/10万以下。");
        assert_eq!(brief(&v[0]), (Kind::Max, Some(Op::Le), Some(10.0), "/10万".into()));
        assert_eq!(v[0].name, "孕产妇死亡率");
        assert!(v[0].interpretation.contains("力争"));
        assert!(v[0].review.is_empty(), "{}", v[0].review);
        let v = inds("妇女健康素养水平比2025年提高10%。");
        assert_eq!(brief(&v[0]), (Kind::Relative, Some(Op::Ge), Some(10.0), "%".into()));
        let v = inds("儿童伤害死亡率以2025年为基数下降15%。");
        assert_eq!(brief(&v[0]), (Kind::Relative, Some(Op::Le), Some(-15.0), "/10万".into()));
        assert_eq!(v[0].entry, Entry::Rate);
        let v = inds("儿童伤害死亡率以2023年为基数下降15%。");
        assert!(v[0].review.contains("不是规划基数年"), "{}", v[0].review);
    }

    #[test]
    fn per_body_counts_list_their_bodies() {
        let v = inds("县级党委、人大、政府、政协领导班子中至少各配备1名女干部，担任正职的女干部占同级正职干部的比例逐步提高。");
        assert_eq!(brief(&v[0]), (Kind::CountPerBody, Some(Op::Ge), Some(1.0), "名".into()));
        assert_eq!(v[0].bodies, ["县级党委领导班子", "县级人大领导班子", "县级政府领导班子", "县级政协领导班子"]);
        assert_eq!(v[0].lead_unit, "县委组织部");
        assert_eq!((v[1].kind, v[1].entry), (Kind::Directional, Entry::FemaleMale));
        let v = inds("每所乡（镇）卫生院、社区卫生服务中心至少配备1 名全科医生，至少配备2名专业从事儿童保健的医生。");
        assert_eq!(v[0].bodies, ["各乡（镇）卫生院", "各社区卫生服务中心"]);
        assert_eq!((v[1].kind, v[1].value), (Kind::CountPerBody, Some(2.0)));
        assert_eq!(v[1].bodies, v[0].bodies);
    }

    #[test]
    fn balance_relational_and_milestones() {
        let v = inds("在园儿童中男女比例保持均衡。");
        assert_eq!((v[0].kind, v[0].entry, v[0].every_year), (Kind::Balance, Entry::FemaleMale, true));
        let v = inds("中国共产党县级代表大会中女党员代表比例一般不低于本地区党员总数中女性比例。");
        assert_eq!((v[0].kind, v[0].op), (Kind::Relational, Some(Op::Ge)));
        assert_eq!(v[0].compare_with.as_deref(), Some("本地区党员总数中女性比例"));
        let v = inds("出生人口性别比趋于正常。");
        assert_eq!(v[0].kind, Kind::Balance);
        assert!(!v[0].review.is_empty());
        let v = inds("社区网格化家庭暴力重点监控机制建立。");
        assert_eq!((v[0].kind, v[0].entry), (Kind::Milestone, Entry::Milestone));
        assert!(v[0].review.is_empty());
        let v = inds("某某事项取得积极成效。");
        assert_eq!(v[0].review, "措辞中没有可识别的目标值，暂按定性目标处理；牵头单位待定");
    }

    #[test]
    fn summary_message() {
        let s = DraftSummary { plans: 2, domains: 15, goals: 96, lines: 257, indicators: 300, review: 40 };
        assert_eq!(s.message(), "规划 2 部，领域 15 个，主要目标 96 项，目标行 257 条，指标 300 个，其中 40 个需人工核对");
        let e = DraftError { line: Some(3), what: "x".into() };
        assert_eq!(e.message(), "第 3 行：x");
    }
}
