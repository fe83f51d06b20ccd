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
//! - **百分点**：`比YYYY年提高/降低N个百分点`、`提高N个百分点` → points（value = ±N，单位为指标自身单位 % 或 ‰，
//!   目标值 = 基数年数值 ± N；原文未写明比较年份、或比较年份不是规划基数年时标注核对）；`每年提高/降低N个百分点（以上）`
//!   → points_per_year（每年较上一年的变化都须达到 N）。按名称推定的单位不是 % 或 ‰ 时按 % 处理并标注核对。
//!   **Percentage points**: 比YYYY年…N个百分点 → points (target = base ± N); 每年…N个百分点 → points_per_year.
//! - **争取性措辞**“力争、争取、力求、努力”：分类时不予理会（“力争降至10/10万以下”按上限10评估），在 interpretation 中注明。
//!   **Hedges** (力争 …) are ignored for classification and noted in `interpretation`.
//! - 无目标值：“男女比例……均衡” → balance（female_male，每年成立）；“出生人口性别比……正常” → balance 并标注核对；
//!   “不低于/不高于……比例” → relational（compare_with 为比较对象）；“与……比例相适应” → relational（op ~，标注核对）；
//!   “保持稳定并有所提高” → directional hold_up；“上升趋势减缓/得到控制” → slow_rise；“保持合理比例” → hold；
//!   “提高/提升/增加/扩大/延长” → up；“下降/降低/减少/缩小/控制” → down ——仅当主语是可计量的指标（……率、比例、人数、寿命、
//!   年限、差距、机构/组织/场所数、母婴传播/伤害发生等事件数）；否则为 milestone（定性目标，按进展阶段评估）。
//!   “建立、建成、健全、完善、落实……”等为定性目标；有“提高”等措辞却没有可计量指标的，以及无法识别措辞的，标注核对。
//! - **实际文件的措辞（口径）/ Readings of real documents' wording**（`readings`、`crate::parse`）：
//!   - `不少于N期/次/所/人/个/场/课时/小时` → 下限 min（≥ N，单位为原文的计数单位）；计数单位（期、人、岁、年、个、课时……）
//!     只有紧跟在“达到、不少于、不低于、至少、保持在、控制在……”之后才是目标值，否则是限定语（“5岁以下儿童”“9年义务教育”），
//!     日历年份（“不低于2025年”）从不是目标值。`不少于N期` → min ≥ N in the count unit; a count unit is a target only
//!     right after a target verb.
//!   - `达到X岁/X年`（无“以上”）→ 下限 min ≥ X（达到即可）；`X及以上` → ≥ X，`X及以下` → ≤ X。
//!     达到X岁/年 → min ≥ X; X及以上 → ≥ X.
//!   - `年均增长X%`（`年平均…`）→ relative：按复合增长率自基数年到规划末年累计，目标值 = 基数年数值 × (1 + X%)^(末年 −
//!     基数年)，value 为累计变化（保留两位小数，2025→2030 年均6% → +33.82%）；`年均下降X%` 同理为负；一律标注
//!     “年均增长X%：请核对按复合增长率计算的目标值”。`年均提高N个百分点` → points，value = N × 年数，标注核对。
//!     年均增长X% → relative, compounded from the base year to the last year (marked); 年均…N个百分点 → points N × years.
//!   - `实现全覆盖`（`全面覆盖`）→ 覆盖率下限 min ≥ 100%（应覆盖的对象全部覆盖即为实现；“基本实现全覆盖”或看不出覆盖对象的
//!     标注核对）。实现全覆盖 → coverage min ≥ 100 %.
//!   - `应保尽保`（以及应救尽救、应助尽助等“应X尽X”）→ 符合条件对象中已纳入的比例 min ≥ 100%，填报方式 rate，一律标注
//!     核对“符合条件”的范围。应保尽保 → ≥ 100 % of the eligible, always marked.
//!   - `不低于/高于全市（全省、全国）平均水平` → relational（compare_with 为比较对象，单位按名称推定，如保障标准 → 元），
//!     一律标注核对比较值的来源和口径。Relational against an average level, always marked.
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

mod clean;
mod entry;
mod error;
mod header;
mod item;
mod line;
mod names;
mod numeric;
mod qualitative;
mod readings;
mod structure;
mod targets;
mod text;
mod title;
mod units;
#[cfg(test)]
mod tests;

pub use error::DraftError;
pub use header::DraftOptions;

use super::check::check_catalogue;
use super::file::{write_catalogue, MAX_CATALOGUE_BYTES};
use super::{Catalogue, Defaults, Domain, Goal, PlanInfo, TargetLine};
use header::{header, Head};
use item::Ctx;
use line::draft_line;
use std::collections::BTreeMap;
use structure::{domain_short, read_structure, Source};

/// The largest plan text drafted (a county's two plans with their notice are about 150 KB).
pub const MAX_PLAN_TEXT_BYTES: usize = 2 * 1024 * 1024;

// ====================================================================================================
// Public API
// ====================================================================================================

/// A drafted catalogue with its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub catalogue: Catalogue,
    pub summary: DraftSummary,
}

/// The counts of a draft (the catalogue summary, review marks included).
pub type DraftSummary = super::CatalogueSummary;

/// Drafts a catalogue from a plan's text (see the module documentation for the rules).
pub fn draft_catalogue(text: &str, opts: &DraftOptions) -> Result<Draft, Vec<DraftError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_PLAN_TEXT_BYTES {
        return Err(vec![DraftError::TextTooLarge { bytes: text.len(), limit: MAX_PLAN_TEXT_BYTES }]);
    }
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
            .map(|p| DraftError::CheckFailed { problem: p.message() })
            .collect());
    }
    let summary = cat.summary();
    Ok(Draft { catalogue: cat, summary })
}

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
                Err(e) => DraftOutcome { errors: vec![e.message()], ..Default::default() },
            },
            Err(errs) => DraftOutcome { errors: errs.iter().map(DraftError::message).collect(), ..Default::default() },
        }
    }
}

/// The draft as a catalogue file, headed by a comment saying it is a draft, how to review it and what it holds.
///
/// Refuses (and writes nothing) when the file would be over the catalogue file limit that reading a catalogue
/// enforces, so a draft is never written that the catalogue check would refuse.
pub fn draft_toml(draft: &Draft) -> Result<String, DraftError> {
    let cat = &draft.catalogue;
    let heading = format!(
        "{title}目标目录草稿 —— 由规划文本自动生成（catalogue draft），未经人工核对，不能直接用于评估。\n\
         {summary}。\n\
         \n\
         核对方法：在本文件中搜索“review = ”，逐项对照原文（clause、所在目标行 text）核对 kind、op、value、unit、direction、\n\
         every_year、entry（分子 numerator / 分母 denominator / 倍数 scale、各单位 bodies、比较对象 compare_with）和牵头单位\n\
         lead_unit，改正后删去该项的 review 行；没有 review 标注的指标也请抽查。“百分点”目标按 points（比基数年）或\n\
         points_per_year（每年）评估，请核对比较年份与单位。全部核对完毕后，把 id 改为“地区拼音-起始年-结束年”，\n\
         version 改为“印发日期.1”，再用目录检查（读入本文件）确认无误。\n\
         \n\
         编号规则：领域 W1…/C1…；目标 W1-4；目标行 W1-4-2；指标 = 目标行编号，拆分时加 a、b、c。目标行原文逐字收录。",
        title = cat.title,
        summary = draft.summary.message(),
    );
    let toml = write_catalogue(cat, &heading).map_err(|reason| DraftError::Write { reason })?;
    if toml.len() > MAX_CATALOGUE_BYTES {
        return Err(DraftError::TooLarge { bytes: toml.len(), limit: MAX_CATALOGUE_BYTES });
    }
    Ok(toml)
}

/// The catalogue of the text's structure, each target line drafted into its indicators.
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
        let ctx = Ctx { base: period.base, last: period.last, prefix, goal: &goal.text };
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

