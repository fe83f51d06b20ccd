//! # 评估规则 / Evaluation rules
//!
//! 评估引擎：按评估年份 Y（2020–2025）逐项判断指标实现情况，计算进度指标、预测 2025 年值、给出预警，
//! 并按目标、领域、规划、牵头单位和全部指标汇总达标率。纯 Rust，无网页依赖。每项结果都能给出中文
//! “计算过程”（`IndicatorResult::explanation`），统计人员可据此逐项手工复核。
//!
//! Evaluation engine: judges every indicator as of an assessed year Y (2020–2025), computes progress
//! measures, projects the 2025 value, raises warnings and rolls up 达标率 by goal, domain, plan, lead unit
//! and overall. Every result gives a Chinese audit trail (`IndicatorResult::explanation`) that can be
//! checked by hand. The result keeps the figures (the resolved years in `audit`); the text is written only
//! when asked for, by running the same rule code again with the trail on, so evaluating the whole
//! catalogue formats no text at all.
//!
//! ## 1. 数据 / Data
//! - 每年的填报值由 `dataset::resolve` 换算（分子 ÷ 分母 × 倍数，或 女 ÷ (女 + 男) × 100），换算式写入计算过程。
//!   填报有误（非数字、负数、超上限、分母为 0 …）的年份记入该指标的 `errors`，该年按无数据处理——不会崩溃，也不会
//!   悄悄丢弃。Each year is resolved with `dataset::resolve`; a year with input errors is recorded in the
//!   result's `errors` and treated as missing (never a panic, never a silent drop).
//! - 只使用 2020..=Y 的数据。2020 年为基数（base）；“最新值”是 Y 年及以前最近一个有数据的年份的值（可能早于 Y，
//!   计算过程会注明）。Only years 2020..=Y are used; the latest value is the most recent year ≤ Y with data.
//! - 数据中目录里没有的指标编号、或 2020–2025 以外的年份，记入 `Evaluation.errors`（含指标编号和年份）。
//!   Data naming unknown indicators or years outside 2020–2025 go to `Evaluation.errors`.
//! - 评估年份超出 2020–2025 时按最近的端点年份评估。An assessed year outside 2020–2025 is clamped.
//! - 比较使用未经舍入的计算值；计算过程中的数字最多保留 4 位小数。Comparisons use unrounded values.
//!
//! ## 2. 状态 / Statuses
//! - **提前实现**：达到目标且 Y < 2025。**已达标**：Y = 2025 时达到目标。
//!   Met before 2025 → 提前实现; met in the 2025 assessment → 已达标.
//! - **基本实现**：未达到但在容差内。对阈值目标 X（≥/≤/>/<），容差为相对距离 `defaults.basic_tolerance`
//!   （默认 0.01 = 1%）：下限目标 v ≥ X × (1 − 容差)，上限目标 v ≤ X × (1 + 容差)。例：全国孕产妇死亡率 20.1/10万
//!   对目标 ≤ 20：(20.1 − 20) ÷ 20 = 0.5% ≤ 1% → 基本实现。区间目标（左右、均衡）的容差按区间端点计算：
//!   [低 − 容差×|低|, 高 + 容差×|高|]。计数类（每单位配备数）不设容差。
//!   Within `basic_tolerance` (relative distance to the threshold; for bands, to the band edge) → 基本实现.
//!   Per-body counts have no tolerance.
//! - **退步**：未达到（也不在容差内），且最新值与 2020 年基数相比向目标相反方向变化（若无 2020 年数据，以最早有数据的
//!   年份为参照，并在计算过程中注明）。变化幅度须超过 `defaults.min_change`（相对基数，0 = 任何变化）。
//!   Not met, not within tolerance, and moved against the desired direction compared with the 2020 base
//!   (or the earliest year with data, noted) by more than `min_change` (relative; 0 = any change).
//!   事件率（`events = true`，判断年份以分子分母填报）另须超出偶然波动：判断年份（按合并率判断时为合并数）与参照
//!   年份的例数做两个泊松率相等的精确检验（参照年份直接填比率时做精确泊松检验），P < `poisson::ALPHA` 才算退步，
//!   否则为尚存差距，说明写出两年例数（`chance.rs`）。An event rate's worsening must be beyond chance.
//! - **尚存差距**：其他未达到的情况。Otherwise not met → 尚存差距.
//! - **无数据**：无可用数据，或缺少判断所需的数据（相对目标缺基数；方向性目标少于 2 个数据点；“上升趋势减缓”
//!   少于 3 个数据点；每单位配备数缺少某单位且其余均达标；目录未给出目标值；比基数年百分点目标缺基数；每年百分点
//!   目标没有相邻两年都有数据）。原因写入计算过程。
//!   No usable data, or data needed for the rule is missing (reason in the explanation).
//!
//! ## 3. 各类目标的规则 / Rules per kind
//! - **下限/上限 (min/max)**：`op` 缺省时下限为 ≥、上限为 ≤。“以上、以下、以内、不低于”含本数（民法典第1259条），
//!   即 v ≥ X / v ≤ X；`>`、`<` 不含本数。Thresholds are inclusive (Civil Code art. 1259) unless op is > or <.
//! - **保持类 (every_year = true)**：规划期内（2021..=Y）每个有数据的年份都须达到目标，未达到的年份列入
//!   `broken_years` 并给出“未持续保持”预警。最新值达到目标但以前年份曾未达到 → **基本实现**（不算达标）；
//!   最新值未达到 → 按上条规则判断。2020 年基数年不在规划期内，不计入。
//!   Every reported plan year 2021..=Y must meet the target; broken years are listed. Latest meets but an
//!   earlier year broke → 基本实现 (not counted as achieved). The 2020 base year is outside the plan period.
//! - **左右 (approx)**：|v − X| ≤ 带宽（含端点）。带宽优先级：数据集中用户设置的带宽 > 目录中该指标的 band >
//!   `defaults.approx_band`（默认 2，单位同指标，百分比即 2 个百分点）。
//!   Band priority: the dataset's user setting > the indicator's band > defaults.approx_band.
//! - **相对基数 (relative)**：目标值 = 2020 年基数 × (1 + value/100)，如基数 20、下降 15% → 目标 17；value < 0 时
//!   判 ≤ 目标，value ≥ 0 时判 ≥ 目标（目录给出 op 时以 op 为准）。无 2020 年基数 → 无数据，并说明原因。
//!   target = base × (1 + value/100); no base → 无数据 with the reason.
//! - **比基数年提高/降低 N 个百分点 (points)**：目标值 = 2020 年基数 ± N（按指标自身的 % 或 ‰ 计，value 为带符号的
//!   变化，−1 即降低 1 个百分点）；提高判 ≥ 目标值，降低判 ≤ 目标值（目录给出 op 时以 op 为准），基本实现容差、退步、
//!   保持类规则同下限/上限。无 2020 年基数 → 无数据，说明缺哪一年。计算过程写出基数、N、目标值、最新值和差距（百分点，
//!   一位小数）。target = base ± N, judged as a threshold; no base → 无数据 naming the base year.
//! - **每年提高/降低 N 个百分点 (points_per_year)**：2021..=Y 中本年和上一年都有数据的年份，逐年变化 = 本年值 − 上一年值，
//!   须朝目标方向达到 N；未达到的年份列入 `broken_years` 并写明（如“2024年只降低0.4个百分点，未达每年降低1个百分点”），
//!   状态至多为**基本实现**。另比较累计变化：最新有数据年份较 2020 年基数（无基数时以最早有数据的年份为起点，并注明）的
//!   变化须达到 N × 相隔年数，未达到 → 尚存差距（向相反方向变化 → 退步）；累计和逐年都达到 → 达标。无数据的年份只列出，
//!   不算未达到；没有任何相邻两年都有数据 → 无数据。应达进度线为 基数 ± N × (年份 − 2020)，其 2025 年值即 CS、AP、
//!   预计达标困难和图表所用的目标值。Every year's change against the year before must reach N (a short year
//!   is named; then at most 基本实现); the total since the base must reach N × years (else 尚存差距/退步).
//! - **每单位配备数 (count_per_body)**：取最近一个填报了任一单位的年份：有单位少于 value → 尚存差距（若 2020 年
//!   各单位均已达到则为退步）；均达到但有单位未填报 → 无数据（点名缺报单位）；全部填报且均达到 → 达标。
//!   目录未列单位时，按实际填报的全部单位判断。序列值为各单位配备数的最小值。
//!   Latest year with any body: a body short → 尚存差距 (退步 if all bodies met in 2020); all entered meet but a
//!   body is missing → 无数据 naming it; all present and ≥ value → met. The series value is the minimum count.
//! - **方向性 (directional)**：与基数比较，需至少 2 个数据点，否则无数据。
//!   - 提高/下降（up/down）：最新值比基数朝目标方向变化超过 min_change → 达标；反向超过 min_change → 退步；
//!     否则尚存差距。参照值与最新值都处于可能的极值（下降类为 0，提高类为单位上限如 100%）→ 达标（如母婴传播病例
//!     基数为 0 且保持为 0）。目标原文含“逐步、持续、稳步、不断”时还要求逐年不倒退：总体已改善但某年较上一个有数据年份
//!     反向变化 → **基本实现**，倒退年份列入 `broken_years`。
//!     Up/down: improved beyond min_change → met; worsened → 退步; else 尚存差距; staying at the natural bound
//!     (0 for down, the unit maximum for up) → met. With 逐步/持续/稳步/不断 in the
//!     clause, a year-on-year step against the direction makes an overall improvement 基本实现.
//!   - 保持（hold）：|最新值 − 基数| ≤ 带宽 → 达标，否则尚存差距。Hold: within the band of the base.
//!   - 保持稳定并有所提高（hold_up）：从未低于基数且最新值高于基数 → 达标；最新值高于基数但某年低于基数 → 基本实现；
//!     最新值低于基数 → 退步；持平 → 尚存差距。Never below base and latest above it → met.
//!   - 上升趋势减缓（slow_rise）：需至少 3 个数据点；年均变化（相邻数据点之差 ÷ 间隔年数）逐期不增大，且最后一期
//!     变化小于第一期或不再上升（≤ 0）→ 达标；最后一期小于第一期但中间有反弹 → 基本实现；最后一期大于第一期
//!     （上升加快）→ 退步；否则尚存差距。Year-on-year rises shrinking.
//! - **比较性 (relational)**：v op other（同一年填报的比较值，op 缺省为 ≥），取同时有两项数据的最近年份；容差与
//!   退步按“差距”（未达到的距离）计算。op 为 ~（“相适应”）时：|v − other| ≤ 带宽（带宽规则同“左右”）。
//!   Compared with the same year's entered `other` value; op ~ means within the approx band of it.
//! - **均衡 (balance)**：女性占比在 [balance_low, balance_high]（默认 45%–55%，含端点）；若设置了带宽（用户设置或
//!   目录 band），区间为 [50 − 带宽, 50 + 带宽]。Female share within the balance band.
//! - **定性进展 (milestone)**：取最近一个填报了阶段的年份：已实现 → 达标（提前实现/已达标）；基本实现 → 基本实现；
//!   推进中、未启动 → 尚存差距；但若低于以前某年已填报的阶段 → 退步。未填阶段 → 无数据。
//!   Done → met; Basic → 基本实现; InProgress/NotStarted → 尚存差距; lower than an earlier stage → 退步.
//!
//! ## 4. 进度指标与预测 / Progress measures and projection
//! - **CS**（现状指数，ESCAP）= (最新值 − 基数) ÷ (目标 − 基数)，与应达进度 (Y − 2020) ÷ 5 比较。仅用于有固定数值
//!   目标的下限、上限、相对、左右、百分点类（每年百分点类的目标取应达进度线的 2025 年值）；需 2020 年基数；基数已达标或目标等于基数时不计算（说明原因）。
//!   CS only for fixed numeric targets, with a 2020 base that does not already meet the target.
//! - **预测 2025 年值**（仅 Y < 2025 且至少 2 个数据点；少于 2 个点只说明，不预测、不猜测）：
//!   - 默认：时间加权线性回归（ESCAP 做法），年份 t 的权重 w = (2025 − t₀) ÷ (2025 − t)，t₀ 为最早数据年份，
//!     越近的年份权重越大；加权最小二乘拟合直线后取 2025 年的值。
//!   - 以 ‰ 或 /10万 计的发生率、死亡率（按比例变化）：复合年增长率 CAGR = (末值 ÷ 首值)^(1 ÷ 年数) − 1，
//!     预测值 = 末值 × (1 + CAGR)^(2025 − 末年)；首值或末值 ≤ 0 时改用线性回归。
//!   - 预测值限制在单位取值范围内：% 为 0–100（指标另设上限时以其为准），‰ 为 0–1000，/10万 为 0–100000，
//!     其他 ≥ 0。
//!
//!   - 异常年份不参与预测：被判为“一年突变”（见第 5 节）的年份从预测所用的数据点中剔除，方法名注明
//!     “（剔除异常年份2023年）”；没有突变的序列预测方法和结果不变。CAGR 只用首末年份，突变年份只可能在中间。
//!
//!   Default: time-weighted linear regression, weight (2025 − t₀)/(2025 − t); rates in ‰ or /10万 use the
//!   CAGR projection (linear if a value ≤ 0); clamped to the unit's range (or the indicator's own maximum).
//!   Years found to be one-year spikes are left out of the projection (named in the method).
//! - **AP**（预期进度）= (预测值 − 基数) ÷ (目标 − 基数)，条件同 CS。
//!
//! ## 5. 预警 / Warnings
//! - **预计达标困难**：Y < 2025，且预测值达不到目标（固定目标类按同一判定规则，未“达到”即预警；提高/下降、
//!   保持稳定并有所提高类为预测值未比基数改善）。Projection misses the target (Y < 2025).
//! - **波动较大（一年突变）**：某个中间年份高于（或低于）前后两个有数据的年份，且与其余年份的最小二乘直线的
//!   偏离 r 超过 `SPIKE_FACTOR`（3）倍的“典型年变化” τ（其余相邻年份之间每年变化绝对值的中位数，不含与该年相连的
//!   两段；只有 3 个年份时取直线斜率的绝对值），并超过各年数值绝对值平均数的 3%。先判偏离最大的年份，判定后把它
//!   从序列中去掉再找下一个（突变不会让相邻年份也像突变）。预警写明年份、数值、拟合值和偏离。
//!   Spike: a peak or trough between its neighbours whose distance from the least-squares line through the
//!   other years exceeds 3 × their median absolute yearly change (and the 3 % floor).
//!   一年突变只认紧邻的前后两年（前一年和后一年都有数据）；有数据的年份中连续不足 `MIN_CONSECUTIVE_YEARS`（4）年
//!   时不判断波动较大，计算过程写明。Spikes need adjacent years; fewer than four consecutive years → none.
//! - **波动较大（相邻年份变化）**：相邻年份（两年都有数据）的变化值 d。变化值 ≥ 4 个时用修正 Z 值：M = 0.6745 × (d − 中位数) ÷ MAD，
//!   |M| > 3.5 为异常；MAD = 0 或变化值只有 2–3 个时改用：|d| 大于其余变化值绝对值中位数的 3 倍。两种方法都要求
//!   |d| 超过各年数值绝对值平均数的 3%（忽略微小变化）。少于 2 个变化值不判断。进出突变年份的两段变化不再重复预警。
//! - **偶然波动不预警**（以分子分母填报的事件率，见第 6 节）：突变年份的事件数与其余年份合计比较，相邻年份变化
//!   比较两年事件数，均用两个泊松率相等的精确检验（给定事件总数 n，后者服从二项分布 B(n, 分母之比)，双侧
//!   P = 2 × 较小尾概率，同 R 的 `binom.test`）；P ≥ 0.05 时偶然波动即可解释，不预警，计算过程写明检验。
//!   Modified z-score (|M| > 3.5) with ≥ 4 changes; otherwise (or MAD = 0): |d| > 3 × the median absolute
//!   change of the other years. A change below 3 % of the mean level is never flagged.
//! - **退步**：最新值较基数（或最早数据年份）向目标相反方向变化（即使仍达标也预警）。
//!   Latest moved against the direction vs the base, even when still met.
//! - **未持续保持**：保持类目标某年未达到、逐年提高类目标某年倒退、保持稳定并有所提高类某年低于基数。
//!
//! - **数据不稳定**：最新年份（判断所用年份）的事件率由少于 `defaults.min_events`（默认 20）个事件算得。
//!
//! ## 6. 小数字 / Small numbers
//! - **事件率**：以分子分母填报、分子为事件数（死亡、发病、病例）的比率：目录 `events = true`，缺省时单位为 ‰
//!   或 /10万 的比率。覆盖率类百分比（分子是大多数人）不是事件率，只在各年计算行中显示分子分母。
//!   Event rates: entered as counts with `events = true`, by default those in ‰ and /10万.
//! - **例数**：判断年份的分子、分母随结果保存（`IndicatorResult::counts`），报告表格、Excel、Word 在比率旁写出
//!   “（分子/分母）”。
//! - **95% 置信区间**（精确泊松法，Garwood）：事件数 k 的下限 L 满足 P(X ≥ k | L) = 2.5%（k = 0 时为 0），上限 U 满足
//!   P(X ≤ k | U) = 2.5%，即 χ²(0.025; 2k)/2 与 χ²(0.975; 2k+2)/2；比率区间 = 限值 ÷ 分母 × 倍数，上限不超过单位取值范围。
//!   Exact Garwood limits of the count, scaled by the denominator (R: `poisson.test(k)$conf.int`).
//! - **数据不稳定**：判断年份事件数 < `min_events` → 预警“数据不稳定”，写明例数、分母、比率和置信区间。
//! - **合并率**：判断年份及以前、基数年以后最近 3 个有数据的年份中以分子分母填报的年份（至少 2 个）：
//!   Σ分子 ÷ Σ分母 × 倍数，并给出置信区间。以合并率代替判断年份的数值，按同一规则得到“第二判断”。
//! - **状态取哪一个判断**（唯一规则，`small::basis`）：判断年份数据不稳定且有合并率 → 状态取合并率的判断；
//!   否则取单年判断（合并率仅供参考）。理由：官方监测按年度数值评价，事件数足够时单年数值可靠；事件数少时单年
//!   比率主要反映偶然性（美国 NCHS/CDC 把少于 20 例的比率标为不可靠），小地区卫生统计的通行做法是合并多年数据
//!   以获得足够例数。两种判断不同时，“数据不稳定”预警同时写出两者。计算过程中单年结论写作“单年判断”，最后一行
//!   “结论”为采用的判断。Unstable latest year with a pooled rate → the status follows the pooled judgement;
//!   otherwise the single year's. Both are shown.
//!
//! ## 7. 汇总 / Roll-ups
//! - 达标率 = 达标数 ÷ 可监测数。达标数只含“提前实现”和“已达标”；“基本实现”单独计数，不计入达标（与县级终期
//!   报告口径一致）。可监测数 = 指标总数 − 无数据数；无数据单独列出。按目标、领域、规划、牵头单位（数据集设置，
//!   否则目录默认；未指定的记为“未指定单位”）和全部指标汇总。
//!   达标率 = achieved ÷ monitorable; achieved = 提前实现 + 已达标 only (基本实现 kept separate);
//!   monitorable = total − 无数据; grouped by goal, domain, plan, lead unit and overall.

mod chance;
mod criterion;
mod directional;
pub mod fmt;
mod fxhash;
mod indicator;
mod judged;
mod plain;
mod points;
pub mod poisson;
mod progress;
mod rollup;
pub use rollup::rollup_of;
mod rules;
mod series;
mod small;
mod trail;
mod warnings;

pub use directional::STEADY_WORDS;
pub use indicator::evaluate_indicator;
pub use rollup::NO_UNIT;
pub use series::{EntryState, YearData};
pub use small::{Basis, Counts, Pooled, POOL_YEARS};
pub use warnings::{FALLBACK_FACTOR, MIN_CHANGES_FOR_Z, MIN_CONSECUTIVE_YEARS, MIN_RELATIVE_CHANGE, MODIFIED_Z_LIMIT, MODIFIED_Z_SCALE, SPIKE_FACTOR};

use crate::catalogue::{Catalogue, IndicatorRef, Plan, Stage};
use crate::dataset::{Dataset, Field, InputError, InputErrorKind};
use fxhash::FxMap;
use serde::{Deserialize, Serialize};

/// Attainment status in the official Chinese wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 提前实现: met before 2025.
    AchievedEarly,
    /// 已达标.
    Achieved,
    /// 基本实现: within the documented tolerance.
    Basic,
    /// 尚存差距: not met.
    Gap,
    /// 退步: moving against the desired direction.
    Regress,
    /// 无数据: not monitorable.
    NoData,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::AchievedEarly,
        Status::Achieved,
        Status::Basic,
        Status::Gap,
        Status::Regress,
        Status::NoData,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Status::AchievedEarly => "提前实现",
            Status::Achieved => "已达标",
            Status::Basic => "基本实现",
            Status::Gap => "尚存差距",
            Status::Regress => "退步",
            Status::NoData => "无数据",
        }
    }
    /// Colour (hex) used in the UI and charts.
    pub fn color(self) -> &'static str {
        match self {
            Status::AchievedEarly => "#1b7f3b",
            Status::Achieved => "#2e9d4f",
            Status::Basic => "#8cbf3f",
            Status::Gap => "#e0a100",
            Status::Regress => "#c62828",
            Status::NoData => "#9e9e9e",
        }
    }
    /// Colour of text written on [`Status::color`]: white or black, whichever gives a contrast of at least
    /// 4.5 : 1 (WCAG AA for normal text; checked by axe-core in tests/e2e_browsers.rs).
    pub fn text_color(self) -> &'static str {
        match self {
            Status::AchievedEarly | Status::Regress => "#ffffff",
            Status::Achieved | Status::Basic | Status::Gap | Status::NoData => "#000000",
        }
    }
    /// Counts as achieved (达标) in 达标率.
    pub fn is_achieved(self) -> bool {
        matches!(self, Status::AchievedEarly | Status::Achieved)
    }
    pub fn is_monitorable(self) -> bool {
        self != Status::NoData
    }
}

/// Early-warning kinds (预警).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// 预计达标困难: the projection misses the target.
    HardToReach,
    /// 波动较大: an outlying year-on-year change.
    Volatile,
    /// 退步.
    Regress,
    /// 保持类目标某年未保持.
    NotHeld,
    /// 数据不稳定: an event rate from fewer events than `Defaults::min_events`.
    Unstable,
}

impl WarningKind {
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::HardToReach => "预计达标困难",
            WarningKind::Volatile => "波动较大",
            WarningKind::Regress => "退步",
            WarningKind::NotHeld => "未持续保持",
            WarningKind::Unstable => "数据不稳定",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub kind: WarningKind,
    /// One plain Chinese sentence a clerk can read aloud (figures, years; no formula, field name or rule
    /// number).
    pub reason: String,
    /// The statistician's working: formula, inputs, test and thresholds (shown under 计算过程).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub working: String,
}

/// An explanation at two levels: the plain sentence of the status and the working, one line per step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Explained {
    /// One plain sentence (or two) a clerk can read aloud: what was judged, against what, and why.
    pub plain: String,
    /// The audit trail (rule, inputs, computed figures, tests), one line per step.
    pub working: Vec<String>,
}

/// The evaluation of one indicator as of one assessed year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorResult {
    pub id: String,
    pub year: u16,
    pub status: Status,
    /// 2020 base value, if entered.
    pub base: Option<f64>,
    /// Latest value up to the assessed year, and its year.
    pub latest: Option<f64>,
    pub latest_year: Option<u16>,
    /// Resolved value per year 2020..=assessed year (None = not entered).
    pub series: Vec<(u16, Option<f64>)>,
    /// The numeric target in the indicator's unit (computed from the base for relative targets).
    pub target: Option<f64>,
    /// Band around the target for 左右/均衡 (low, high).
    pub band: Option<(f64, f64)>,
    /// Current status index CS = (latest − base) / (target − base).
    pub cs: Option<f64>,
    /// Expected share of the period elapsed: (Y − 2020) / 5.
    pub expected: f64,
    /// Projected 2025 value and method.
    pub projection: Option<f64>,
    pub projection_method: String,
    /// Anticipated progress ratio AP = (projection − base) / (target − base).
    pub ap: Option<f64>,
    pub warnings: Vec<Warning>,
    /// Years in which a 保持 target was broken.
    pub broken_years: Vec<u16>,
    /// Input errors found in this indicator's data (the value of that year is then treated as missing).
    pub errors: Vec<InputError>,
    /// Lead unit used for roll-ups (dataset setting or catalogue default).
    pub lead_unit: String,
    /// Milestones: the entered stage per year (years without a stage are left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<(u16, Stage)>,
    /// Per-body counts: listed bodies without a count in the judged year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bodies_missing: Vec<String>,
    /// Per-body counts: bodies below the required count in the judged year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bodies_short: Vec<String>,
    /// The counts behind the judged year's rate when it was entered as numerator and denominator (with the
    /// exact limits, the 数据不稳定 flag and the pooled rate for event rates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    /// Years left out of the projection as one-year spikes (see the 波动较大 rule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spikes: Vec<u16>,
    /// What the audit trail is written from (see `explanation`).
    #[serde(default)]
    pub audit: Audit,
}

/// The figures an explanation is rendered from: the band in effect and each resolved year.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    /// Band in effect for 左右/保持/均衡/相适应 (the dataset's user setting, else the indicator's band).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<f64>,
    /// The resolved years 2020..=assessed year.
    #[serde(default)]
    pub years: Vec<YearData>,
    /// Milestones: the evidence texts of the years, one after another (see `YearData::evidence_len`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    /// The 上一期 years carried from the previous period (year, value), used by the projection only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<(u16, f64)>,
}

impl IndicatorResult {
    /// The audit trail in Chinese (rule, inputs, computed figures), one line per step. `cat` is the
    /// catalogue the result was evaluated with (its indicator text, defaults and error messages).
    pub fn explanation(&self, cat: &Catalogue) -> Vec<String> {
        self.explained(cat).working
    }

    /// The plain sentence of the status and the working (see [`Explained`]).
    pub fn explained(&self, cat: &Catalogue) -> Explained {
        match cat.indicator(&self.id) {
            Some(r) => indicator::explain(cat, r.indicator, self),
            None => Explained {
                plain: format!("目录中没有指标 {}，无法评估", self.id),
                working: vec![format!("目录中没有指标 {}，无法给出计算过程", self.id)],
            },
        }
    }

    /// The plain sentence of the status a clerk can read aloud.
    pub fn plain(&self, cat: &Catalogue) -> String {
        self.explained(cat).plain
    }
}

/// Counts per status and 达标率 for a group (goal, domain, plan, unit, all).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rollup {
    /// Group key: goal id, domain id, "women"/"children", unit name, or "all".
    pub key: String,
    /// Display name.
    pub name: String,
    pub total: usize,
    /// Monitorable = total − 无数据.
    pub monitorable: usize,
    pub achieved: usize,
    pub no_data: usize,
    /// Counts per status label in Status::ALL order.
    pub counts: Vec<(Status, usize)>,
    /// 达标率 = achieved ÷ monitorable (None when nothing is monitorable).
    pub rate: Option<f64>,
}

/// The evaluation of a whole dataset as of one assessed year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub year: u16,
    pub results: Vec<IndicatorResult>,
    pub overall: Rollup,
    pub by_plan: Vec<Rollup>,
    pub by_domain: Vec<Rollup>,
    pub by_goal: Vec<Rollup>,
    pub by_unit: Vec<Rollup>,
    /// (indicator id, warning) in catalogue order.
    pub warnings: Vec<(String, Warning)>,
    /// Errors for data that names unknown indicators or years outside 2020–2025.
    pub errors: Vec<InputError>,
}

impl Evaluation {
    pub fn result(&self, id: &str) -> Option<&IndicatorResult> {
        self.results.iter().find(|r| r.id == id)
    }
    pub fn plan_rollup(&self, plan: Plan) -> Option<&Rollup> {
        self.by_plan.iter().find(|r| r.key == plan.key())
    }
}

/// An indicator of the catalogue with the positions of its goal and domain in `cat.goals`/`cat.domains`.
pub(crate) struct Placed<'a> {
    pub r: IndicatorRef<'a>,
    pub goal: usize,
    pub domain: usize,
}

/// Same as `Catalogue::indicators` (catalogue order, lines whose goal or domain is unknown skipped) but with
/// hashed goal/domain lookups (the linear lookups cost a noticeable share of an evaluation), keeping the
/// positions for the roll-ups.
fn indicator_refs(cat: &Catalogue) -> Vec<Placed<'_>> {
    let goals: FxMap<&str, usize> = cat
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let domains: FxMap<&str, usize> = cat
        .domains
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut out = Vec::with_capacity(cat.lines.iter().map(|l| l.indicators.len()).sum());
    for line in &cat.lines {
        let Some(&gi) = goals.get(line.goal.as_str()) else {
            continue;
        };
        let goal = &cat.goals[gi];
        let Some(&di) = domains.get(goal.domain.as_str()) else {
            continue;
        };
        let domain = &cat.domains[di];
        for indicator in &line.indicators {
            out.push(Placed {
                r: IndicatorRef {
                    indicator,
                    line,
                    goal,
                    domain,
                },
                goal: gi,
                domain: di,
            });
        }
    }
    out
}

/// Evaluates every indicator of the catalogue against the dataset as of `year` (a data year of the
/// catalogue's period). Other years are clamped (see the rules above). Never panics on any dataset.
pub fn evaluate(cat: &Catalogue, data: &Dataset, year: u16) -> Evaluation {
    let year = cat.period.clamp(year);
    let refs = indicator_refs(cat);
    // The dataset's indicators by id (hashed: the sorted map's string comparisons cost more), marking
    // those the catalogue asks for.
    let entries: Vec<_> = data.data.iter().collect();
    let by_id: FxMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.as_str(), i))
        .collect();
    let mut known = vec![false; entries.len()];
    let results: Vec<IndicatorResult> = refs
        .iter()
        .map(|p| {
            let ind = p.r.indicator;
            let years = by_id.get(ind.id.as_str()).map(|&i| {
                known[i] = true;
                entries[i].1
            });
            indicator::evaluate_entries(cat, ind, data, years, year)
        })
        .collect();

    // Data that names unknown indicators or years outside the data years.
    let mut errors = Vec::new();
    for (&(id, years), is_known) in entries.iter().zip(known) {
        for &y in years.keys() {
            let kind = if !is_known {
                InputErrorKind::UnknownIndicator
            } else if !cat.period.contains(y) && !cat.previous_years().contains(&y) {
                InputErrorKind::YearOutOfRange
            } else {
                continue;
            };
            errors.push(InputError {
                indicator: id.clone(),
                year: y,
                field: Field::Value,
                kind,
            });
        }
    }

    let warnings = results
        .iter()
        .flat_map(|r| r.warnings.iter().map(move |w| (r.id.clone(), w.clone())))
        .collect();
    let groups = rollup::rollups(cat, &refs, &results);
    Evaluation {
        year,
        results,
        overall: groups.overall,
        by_plan: groups.by_plan,
        by_domain: groups.by_domain,
        by_goal: groups.by_goal,
        by_unit: groups.by_unit,
        warnings,
        errors,
    }
}

#[cfg(test)]
mod contrast_tests {
    use super::Status;

    /// WCAG relative luminance of "#rrggbb".
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = u8::from_str_radix(&hex[i..i + 2], 16).expect("hex") as f64 / 255.0;
            if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    #[test]
    fn status_text_on_its_colour_has_a_contrast_of_at_least_4_5() {
        for s in [Status::AchievedEarly, Status::Achieved, Status::Basic, Status::Gap, Status::Regress, Status::NoData] {
            let (a, b) = (luminance(s.color()), luminance(s.text_color()));
            let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
            assert!(ratio >= 4.5, "{:?}: {} on {} is {ratio:.2} : 1", s, s.text_color(), s.color());
        }
    }
}
