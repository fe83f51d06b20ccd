//! The rules a catalogue must satisfy before it is used (the embedded one is tested against them; a loaded
//! or stored one is refused when any is broken). Each problem names where it is (a path into the catalogue
//! such as `lines[3].indicators[0].value`, turned into a line number by the TOML reader) and what is wrong,
//! in Chinese. Review marks (`review = "…"`) are not errors: [`review_marks`] lists them.

use super::{Catalogue, Direction, Entry, Indicator, Kind, Op, Plan};
use std::collections::{BTreeMap, BTreeSet};

/// One step of a path into the catalogue: a member name or an array position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(&'static str),
    Index(usize),
}

/// A problem in a catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    /// Where in the catalogue (member names and array positions), e.g. lines, 3, indicators, 0, value.
    pub path: Vec<Step>,
    /// What it is about, e.g. "指标 W1-4-2" or "规划期".
    pub place: String,
    /// The field (member name), when one is meant.
    pub field: Option<&'static str>,
    /// What is wrong (Chinese).
    pub what: String,
    /// 1-based line in the file, when read from a file (set by the TOML reader).
    pub line: Option<usize>,
}

impl CatalogueError {
    /// "第 812 行：指标 W1-4-2 的 value：下限目标须给出目标值" (line and field when known).
    pub fn message(&self) -> String {
        let line = self.line.map(|l| format!("第 {l} 行：")).unwrap_or_default();
        let sep = if self.place.ends_with(|c: char| c.is_ascii_alphanumeric()) { " " } else { "" };
        let field = self.field.map(|f| format!("{sep}的 {f}")).unwrap_or_default();
        format!("{line}{}{field}：{}", self.place, self.what)
    }
    /// "指标 W1-4-2：下限目标须给出目标值": where and what, for a page the clerk edits (no file line, no TOML
    /// field name).
    pub fn plain_message(&self) -> String {
        format!("{}：{}", self.place, self.what)
    }
    /// The path as text: `lines[3].indicators[0].value`.
    pub fn path_text(&self) -> String {
        let mut s = String::new();
        for st in &self.path {
            match st {
                Step::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Step::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }
}

/// Longest accepted catalogue id (ids are part of storage keys and file names).
pub const MAX_ID_LEN: usize = 64;
/// Earliest and latest years a plan period may use, and its longest length (years of the plan).
pub const YEAR_RANGE: (u16, u16) = (1990, 2100);
pub const MAX_PLAN_YEARS: u16 = 15;
/// How many years the base year may lie before the first plan year.
pub const MAX_BASE_GAP: u16 = 5;

/// Is `id` a usable catalogue id: 1–64 lowercase ASCII letters, digits and hyphens, starting with a letter or
/// digit (it becomes part of storage keys and file names).
pub fn valid_catalogue_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

struct Out {
    errors: Vec<CatalogueError>,
}

impl Out {
    fn push(&mut self, path: Vec<Step>, place: impl Into<String>, field: Option<&'static str>, what: impl Into<String>) {
        self.errors.push(CatalogueError { path, place: place.into(), field, what: what.into(), line: None });
    }
}

fn key(k: &'static str) -> Step {
    Step::Key(k)
}

fn at(base: &[Step], more: &[Step]) -> Vec<Step> {
    let mut p = base.to_vec();
    p.extend_from_slice(more);
    p
}

/// Every problem of `cat`, in file order (header, period, plans, defaults, domains, goals, lines).
pub fn check_catalogue(cat: &Catalogue) -> Vec<CatalogueError> {
    let mut o = Out { errors: Vec::new() };
    header(cat, &mut o);
    defaults(cat, &mut o);
    let plans = plans(cat, &mut o);
    let domains = domains(cat, &plans, &mut o);
    let goals = goals(cat, &domains, &mut o);
    lines(cat, &goals, &mut o);
    links(cat, &mut o);
    o.errors
}

/// The rules re-checked when a catalogue is read back from this browser's storage: the header and period
/// (what storage keys, year ranges and the entry table rest on) and unique indicator ids. A catalogue is
/// stored only after passing [`check_catalogue`] in full (in the file module, where catalogue files are read);
/// the app itself does not link the full check, which keeps the single file within its size budget.
pub fn check_stored(cat: &Catalogue) -> Vec<CatalogueError> {
    let mut o = Out { errors: Vec::new() };
    header(cat, &mut o);
    let mut seen = BTreeSet::new();
    for (path, ind) in indicator_paths(cat) {
        if ind.id.trim().is_empty() || !seen.insert(ind.id.as_str()) {
            o.push(at(&path, &[key("id")]), format!("指标 {}", ind.id), Some("id"), "指标编号为空或重复");
        }
    }
    o.errors
}

/// Every indicator with its path (`lines[i].indicators[j]`), in file order.
fn indicator_paths(cat: &Catalogue) -> impl Iterator<Item = (Vec<Step>, &Indicator)> {
    cat.lines.iter().enumerate().flat_map(|(i, l)| {
        l.indicators
            .iter()
            .enumerate()
            .map(move |(j, ind)| (vec![key("lines"), Step::Index(i), key("indicators"), Step::Index(j)], ind))
    })
}

/// The rules of the link to the previous catalogue that need only this one: a valid `[previous]` header,
/// `previous` only with a header, no empty `previous`, `previous_note` only with `previous`, and two
/// indicators continuing the same previous one only when each says how (`previous_note`).
fn links(cat: &Catalogue, o: &mut Out) {
    let place = "上一期目录 [previous]";
    if let Some(p) = &cat.previous {
        let f = |k: &'static str| vec![key("previous"), key(k)];
        if !valid_catalogue_id(&p.id) {
            o.push(f("id"), place, Some("id"), format!("编号“{}”无效：须为上一期目录的编号（小写英文字母、数字或连字符）", p.id));
        } else if p.id == cat.id {
            o.push(f("id"), place, Some("id"), format!("上一期目录不能是本目录自己（{}）", p.id));
        }
        if p.version.trim().is_empty() {
            o.push(f("version"), place, Some("version"), "缺少上一期目录的版本");
        }
        if let Some(b) = p.base {
            let gap = MAX_PLAN_YEARS + MAX_BASE_GAP;
            if b >= cat.period.base {
                o.push(f("base"), place, Some("base"), format!("上一期基数年 {b} 须早于本期基数年 {}", cat.period.base));
            } else if cat.period.base - b > gap {
                o.push(f("base"), place, Some("base"), format!("上一期基数年 {b} 距本期基数年 {} 超过 {gap} 年", cat.period.base));
            }
        }
    }
    let mut claims: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (_, ind) in indicator_paths(cat) {
        if let Some(old) = ind.previous.as_deref() {
            claims.entry(old.trim()).or_default().push(ind.id.as_str());
        }
    }
    for (path, ind) in indicator_paths(cat) {
        let iplace = format!("指标 {}", ind.id);
        let f = |k: &'static str| at(&path, &[key(k)]);
        match ind.previous.as_deref().map(str::trim) {
            None if !ind.previous_note.trim().is_empty() => o.push(
                f("previous_note"),
                iplace,
                Some("previous_note"),
                "写了口径变化（previous_note）却没有写接续的上一期指标（previous）",
            ),
            None => {}
            Some("") => o.push(f("previous"), iplace, Some("previous"), "上一期指标编号为空（新增指标请删去 previous 这一行）"),
            Some(old) if cat.previous.is_none() => o.push(
                f("previous"),
                iplace,
                Some("previous"),
                format!("接续上一期指标 {old}，但目录开头没有 [previous]（上一期目录的 id 和 version）"),
            ),
            Some(old) => {
                let others: Vec<&str> = claims.get(old).into_iter().flatten().copied().filter(|x| *x != ind.id).collect();
                if !others.is_empty() && ind.previous_note.trim().is_empty() {
                    o.push(
                        f("previous"),
                        iplace,
                        Some("previous"),
                        format!(
                            "与指标 {} 同样接续上一期指标 {old}：一个旧指标由几个新指标接续时，须写明各自的口径变化。可只保留其中一个接续、其余取消关联；\
                             确需几个新指标接续同一旧指标时，请下载当前目标目录文件，为这几项指标写明口径变化（previous_note）后再载入",
                            others.join("、")
                        ),
                    );
                }
            }
        }
    }
}

/// The rules of the link that need the previous catalogue itself: `[previous]` names it (id, version, base
/// year), its last year reaches this base year (the year data are carried up to), and every `previous` is
/// one of its indicator ids.
pub fn check_links(cat: &Catalogue, prev: &Catalogue) -> Vec<CatalogueError> {
    let mut o = Out { errors: Vec::new() };
    let place = "上一期目录 [previous]";
    let f = |k: &'static str| vec![key("previous"), key(k)];
    let Some(p) = &cat.previous else {
        if indicator_paths(cat).any(|(_, i)| i.previous.is_some()) {
            o.push(vec![key("id")], place, None, format!("目录没有 [previous]，无法与 {} 对照", prev.describe()));
        }
        return o.errors;
    };
    if p.id != prev.id {
        o.push(f("id"), place, Some("id"), format!("写的是 {}，而给出的上一期目录是 {}", p.id, prev.describe()));
        return o.errors;
    }
    if p.version != prev.version {
        o.push(
            f("version"),
            place,
            Some("version"),
            format!("写的是版本 {}，而给出的上一期目录是版本 {}：请用同一版本重新对照（lishu catalogue link）", p.version, prev.version),
        );
    }
    if let Some(b) = p.base {
        if b != prev.period.base {
            o.push(f("base"), place, Some("base"), format!("写的是 {b}，而上一期目录的基数年是 {}", prev.period.base));
        }
    }
    if !prev.period.contains(cat.period.base) {
        o.push(
            vec![key("period"), key("base")],
            "规划期",
            Some("base"),
            format!("本期基数年 {} 不在上一期的数据年份 {} 内，无法接续", cat.period.base, prev.period.data_range()),
        );
    }
    let old = prev.index();
    for (path, ind) in indicator_paths(cat) {
        if let Some(id) = ind.previous.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            if !old.contains_key(id) {
                o.push(
                    at(&path, &[key("previous")]),
                    format!("指标 {}", ind.id),
                    Some("previous"),
                    format!("上一期目录（{}）中没有指标 {id}", prev.id),
                );
            }
        }
    }
    o.errors
}

fn header(cat: &Catalogue, o: &mut Out) {
    let place = "目录信息";
    if !valid_catalogue_id(&cat.id) {
        o.push(
            vec![key("id")],
            place,
            Some("id"),
            format!("编号“{}”无效：须为 1–{MAX_ID_LEN} 个小写英文字母、数字或连字符（-），如“地区拼音-起始年-结束年”", cat.id),
        );
    }
    for (field, value, what) in [
        ("version", &cat.version, "目录版本"),
        ("region", &cat.region, "地区名称"),
        ("title", &cat.title, "规划总名称"),
    ] {
        if value.trim().is_empty() {
            o.push(vec![key(field)], place, Some(field), format!("缺少{what}"));
        }
    }
    let p = cat.period;
    let (lo, hi) = YEAR_RANGE;
    let per = |f: &'static str| vec![key("period"), key(f)];
    for (f, y) in [("base", p.base), ("first", p.first), ("last", p.last), ("midterm", p.midterm)] {
        if !(lo..=hi).contains(&y) {
            o.push(per(f), "规划期", Some(f), format!("年份 {y} 不在 {lo}–{hi} 之间"));
        }
    }
    if p.last < p.first {
        o.push(per("last"), "规划期", Some("last"), format!("最后一年 {} 早于第一年 {}", p.last, p.first));
    } else if p.last - p.first + 1 > MAX_PLAN_YEARS {
        o.push(per("last"), "规划期", Some("last"), format!("规划期 {}–{} 超过 {MAX_PLAN_YEARS} 年", p.first, p.last));
    }
    if p.base >= p.first {
        o.push(per("base"), "规划期", Some("base"), format!("基数年 {} 须早于规划期第一年 {}（基数年不在规划期内）", p.base, p.first));
    } else if p.first - p.base > MAX_BASE_GAP {
        o.push(
            per("base"),
            "规划期",
            Some("base"),
            format!("基数年 {} 距规划期第一年 {} 超过 {MAX_BASE_GAP} 年", p.base, p.first),
        );
    }
    if p.last >= p.first && !(p.first..=p.last).contains(&p.midterm) {
        o.push(
            per("midterm"),
            "规划期",
            Some("midterm"),
            format!("中期评估年 {} 不在规划期 {}–{} 内", p.midterm, p.first, p.last),
        );
    }
}

fn defaults(cat: &Catalogue, o: &mut Out) {
    let d = &cat.defaults;
    let place = "默认口径";
    let f = |k: &'static str| vec![key("defaults"), key(k)];
    let bad = |v: f64, lo: f64, hi: f64| !v.is_finite() || v < lo || v > hi;
    if bad(d.approx_band, 0.0, 1e6) {
        o.push(f("approx_band"), place, Some("approx_band"), "“左右”的带宽须为不小于 0 的数");
    }
    if bad(d.balance_low, 0.0, 100.0) || bad(d.balance_high, 0.0, 100.0) || d.balance_low >= d.balance_high {
        o.push(f("balance_low"), place, Some("balance_low"), "“均衡”的女性占比区间须在 0–100 之间且下限小于上限");
    }
    if bad(d.basic_tolerance, 0.0, 0.5) {
        o.push(f("basic_tolerance"), place, Some("basic_tolerance"), "“基本实现”的容差须在 0–0.5 之间（0.01 = 1%）");
    }
    if bad(d.min_change, 0.0, 10.0) {
        o.push(f("min_change"), place, Some("min_change"), "最小变化幅度须为不小于 0 的数");
    }
    if bad(d.min_events, 0.0, 1e6) {
        o.push(f("min_events"), place, Some("min_events"), "“数据不稳定”的事件数门槛须为不小于 0 的数（默认 20）");
    }
}

fn plans(cat: &Catalogue, o: &mut Out) -> BTreeSet<Plan> {
    let mut seen = BTreeSet::new();
    if cat.plans.is_empty() {
        o.push(vec![key("plans")], "规划", None, "至少须有一部规划（[[plans]]）");
    }
    for (i, p) in cat.plans.iter().enumerate() {
        let path = vec![key("plans"), Step::Index(i)];
        let place = format!("规划“{}”", p.title);
        if !seen.insert(p.plan) {
            o.push(at(&path, &[key("plan")]), place.clone(), Some("plan"), format!("{}规划重复出现", p.plan.subject()));
        }
        if p.title.trim().is_empty() {
            o.push(at(&path, &[key("title")]), format!("第 {} 部规划", i + 1), Some("title"), "缺少规划名称");
        }
        if p.short.trim().is_empty() {
            o.push(at(&path, &[key("short")]), place, Some("short"), "缺少简称");
        }
    }
    seen
}

/// Domain ids with their plan.
fn domains(cat: &Catalogue, plans: &BTreeSet<Plan>, o: &mut Out) -> BTreeMap<String, Plan> {
    let mut ids = BTreeMap::new();
    for (i, d) in cat.domains.iter().enumerate() {
        let path = vec![key("domains"), Step::Index(i)];
        let place = format!("领域 {}", d.id);
        if ids.insert(d.id.clone(), d.plan).is_some() {
            o.push(at(&path, &[key("id")]), place.clone(), Some("id"), "编号重复");
        }
        let want = format!("{}{}", d.plan.letter(), d.number);
        if d.id != want {
            o.push(at(&path, &[key("id")]), place.clone(), Some("id"), format!("编号应为 {want}（规划字母 + 领域序号）"));
        }
        if d.number == 0 {
            o.push(at(&path, &[key("number")]), place.clone(), Some("number"), "序号须从 1 开始");
        }
        if !plans.contains(&d.plan) {
            o.push(at(&path, &[key("plan")]), place.clone(), Some("plan"), format!("所属的{}规划未在 [[plans]] 中列出", d.plan.subject()));
        }
        if d.name.trim().is_empty() {
            o.push(at(&path, &[key("name")]), place.clone(), Some("name"), "缺少领域名称");
        }
        if d.short.trim().is_empty() {
            o.push(at(&path, &[key("short")]), place, Some("short"), "缺少简称");
        }
    }
    ids
}

fn goals(cat: &Catalogue, domains: &BTreeMap<String, Plan>, o: &mut Out) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (i, g) in cat.goals.iter().enumerate() {
        let path = vec![key("goals"), Step::Index(i)];
        let place = format!("目标 {}", g.id);
        if !ids.insert(g.id.clone()) {
            o.push(at(&path, &[key("id")]), place.clone(), Some("id"), "编号重复");
        }
        if !domains.contains_key(&g.domain) {
            o.push(at(&path, &[key("domain")]), place.clone(), Some("domain"), format!("所属领域 {} 不存在", g.domain));
        }
        let want = format!("{}-{}", g.domain, g.number);
        if g.id != want {
            o.push(at(&path, &[key("id")]), place.clone(), Some("id"), format!("编号应为 {want}（领域编号-目标序号）"));
        }
        if g.text.trim().is_empty() {
            o.push(at(&path, &[key("text")]), place, Some("text"), "缺少目标原文");
        }
    }
    ids
}

fn lines(cat: &Catalogue, goals: &BTreeSet<String>, o: &mut Out) {
    let mut line_ids = BTreeSet::new();
    let mut indicator_ids = BTreeSet::new();
    for (i, l) in cat.lines.iter().enumerate() {
        let path = vec![key("lines"), Step::Index(i)];
        let place = format!("目标行 {}", l.id);
        if !line_ids.insert(l.id.clone()) {
            o.push(at(&path, &[key("id")]), place.clone(), Some("id"), "编号重复");
        }
        if !goals.contains(&l.goal) {
            o.push(at(&path, &[key("goal")]), place.clone(), Some("goal"), format!("所属目标 {} 不存在", l.goal));
        }
        let want = format!("{}-{}", l.goal, l.number);
        if l.id != want {
            o.push(at(&path, &[key("id")]), place.clone(), Some("id"), format!("编号应为 {want}（目标编号-目标行序号）"));
        }
        if l.text.trim().is_empty() {
            o.push(at(&path, &[key("text")]), place.clone(), Some("text"), "缺少目标行原文");
        }
        if l.indicators.is_empty() {
            o.push(path.clone(), place, None, "没有指标（每条目标行至少拆出一个指标：[[lines.indicators]]）");
        }
        for (j, ind) in l.indicators.iter().enumerate() {
            let ipath = at(&path, &[key("indicators"), Step::Index(j)]);
            if !indicator_ids.insert(ind.id.clone()) {
                o.push(at(&ipath, &[key("id")]), format!("指标 {}", ind.id), Some("id"), "编号重复");
            }
            let ok_id = if l.indicators.len() == 1 {
                ind.id == l.id
            } else {
                ind.id.strip_prefix(l.id.as_str()).is_some_and(|s| s.len() == 1 && s.as_bytes()[0].is_ascii_lowercase())
            };
            if !ok_id {
                let want = if l.indicators.len() == 1 { l.id.clone() } else { format!("{}a、{}b …", l.id, l.id) };
                o.push(at(&ipath, &[key("id")]), format!("指标 {}", ind.id), Some("id"), format!("编号应为 {want}"));
            }
            indicator(ind, &ipath, o);
            points(ind, cat.period.base, &ipath, o);
        }
    }
}

/// Kinds judged against a number in `value`.
fn needs_value(kind: Kind) -> bool {
    matches!(kind, Kind::Min | Kind::Max | Kind::Approx | Kind::Relative | Kind::CountPerBody)
}

fn indicator(ind: &Indicator, path: &[Step], o: &mut Out) {
    let place = format!("指标 {}", ind.id);
    let f = |k: &'static str| at(path, &[key(k)]);
    if ind.name.trim().is_empty() {
        o.push(f("name"), place.clone(), Some("name"), "缺少指标名称");
    }
    if ind.clause.trim().is_empty() {
        o.push(f("clause"), place.clone(), Some("clause"), "缺少对应的原文（clause）");
    }
    if needs_value(ind.kind) {
        match ind.value {
            None => o.push(f("value"), place.clone(), Some("value"), format!("{}目标须给出目标值 value", ind.kind.label())),
            Some(v) if !v.is_finite() => o.push(f("value"), place.clone(), Some("value"), "目标值不是有效数字"),
            Some(v) if ind.kind != Kind::Relative && v < 0.0 => {
                o.push(f("value"), place.clone(), Some("value"), "目标值不能为负数")
            }
            Some(v) if ind.kind != Kind::Relative && ind.max_value().is_some_and(|m| v > m) => o.push(
                f("value"),
                place.clone(),
                Some("value"),
                format!("目标值 {} 超出单位“{}”的上限", super::fmt_num(v), ind.unit),
            ),
            Some(v) if ind.kind == Kind::Relative && v <= -100.0 => {
                o.push(f("value"), place.clone(), Some("value"), "相对基数的变化不能达到或低于 −100%")
            }
            _ => {}
        }
    }
    let op_ok = match (ind.kind, ind.op) {
        (Kind::Min | Kind::Max | Kind::Approx, None) => {
            o.push(f("op"), place.clone(), Some("op"), format!("{}目标须给出比较符 op（\">=\"、\"<=\"、\"~\" 等）", ind.kind.label()));
            true
        }
        (Kind::Min, Some(op)) => matches!(op, Op::Ge | Op::Gt | Op::Eq),
        (Kind::Max, Some(op)) => matches!(op, Op::Le | Op::Lt | Op::Eq),
        (Kind::Approx, Some(op)) => op == Op::Approx,
        (Kind::CountPerBody, Some(op)) => matches!(op, Op::Ge | Op::Gt | Op::Eq),
        _ => true,
    };
    if !op_ok {
        o.push(
            f("op"),
            place.clone(),
            Some("op"),
            format!("比较符“{}”与类型“{}”不符", ind.op.map_or("", |op| op.symbol()), ind.kind.label()),
        );
    }
    if ind.kind == Kind::Relational && ind.compare_with.as_deref().is_none_or(|c| c.trim().is_empty()) {
        o.push(f("compare_with"), place.clone(), Some("compare_with"), "比较性目标须写明与什么比较（compare_with）");
    }
    if ind.kind == Kind::Milestone && ind.entry != Entry::Milestone {
        o.push(f("entry"), place.clone(), Some("entry"), "定性目标的填报方式须为 milestone（进展阶段）");
    }
    if ind.entry == Entry::Milestone && ind.kind != Kind::Milestone {
        o.push(f("entry"), place.clone(), Some("entry"), "填报方式 milestone 只用于定性目标（kind = \"milestone\"）");
    }
    if ind.kind == Kind::CountPerBody && ind.entry != Entry::PerBody {
        o.push(f("entry"), place.clone(), Some("entry"), "每单位配备数目标的填报方式须为 per_body");
    }
    if ind.kind == Kind::Balance && !matches!(ind.entry, Entry::FemaleMale | Entry::Value) {
        o.push(f("entry"), place.clone(), Some("entry"), "均衡目标的填报方式须为 female_male 或 value");
    }
    if ind.entry == Entry::Rate {
        if ind.numerator.as_deref().is_none_or(|t| t.trim().is_empty()) {
            o.push(f("numerator"), place.clone(), Some("numerator"), "按分子分母填报的指标须写明分子（numerator）");
        }
        if ind.denominator.as_deref().is_none_or(|t| t.trim().is_empty()) {
            o.push(f("denominator"), place.clone(), Some("denominator"), "按分子分母填报的指标须写明分母（denominator）");
        }
    }
    if let Some(s) = ind.scale {
        if !s.is_finite() || s <= 0.0 {
            o.push(f("scale"), place.clone(), Some("scale"), "倍数（scale）须为正数，如 100、1000、100000");
        }
    }
    if let Some(b) = ind.band {
        if !b.is_finite() || b < 0.0 {
            o.push(f("band"), place.clone(), Some("band"), "带宽（band）须为不小于 0 的数");
        }
    }
    if let Some(m) = ind.max {
        if !m.is_finite() || m <= 0.0 {
            o.push(f("max"), place.clone(), Some("max"), "上限（max）须为正数");
        }
    }
    if matches!(ind.direction, Direction::HoldUp | Direction::SlowRise) && ind.kind != Kind::Directional {
        o.push(f("direction"), place.clone(), Some("direction"), "方向 hold_up / slow_rise 只用于方向性目标（directional）");
    }
    if ind.bodies.iter().any(|b| b.trim().is_empty()) {
        o.push(f("bodies"), place.clone(), Some("bodies"), "单位列表中有空名称");
    }
    if ind.co_units.iter().any(|u| u.trim().is_empty()) {
        o.push(f("co_units"), place, Some("co_units"), "配合单位中有空名称");
    }
}

/// The rules of percentage-point targets (`points`, `points_per_year`): the change N in `value` is a finite
/// number other than 0 (positive for 提高, negative for 降低) within the unit's range, the unit is % or ‰,
/// the direction is up or down and agrees with the sign, op (if any) agrees with it too, and a year named in
/// the clause (比YYYY年 / 以YYYY年为基数) is the catalogue's base year, from which the target is computed.
fn points(ind: &Indicator, base: u16, path: &[Step], o: &mut Out) {
    if !matches!(ind.kind, Kind::Points | Kind::PointsPerYear) {
        return;
    }
    let place = format!("指标 {}", ind.id);
    let f = |k: &'static str| at(path, &[key(k)]);
    let label = ind.kind.label();
    let v = match ind.value {
        None => {
            o.push(f("value"), place, Some("value"), format!("{label}目标须给出变化幅度 value（单位：百分点；提高写正数，降低写负数，如 -1）"));
            return;
        }
        Some(v) if !v.is_finite() => {
            o.push(f("value"), place, Some("value"), "变化幅度不是有效数字");
            return;
        }
        Some(v) if v == 0.0 => {
            o.push(f("value"), place, Some("value"), "变化幅度须大于 0 个百分点（提高写正数，降低写负数）");
            return;
        }
        Some(v) => v,
    };
    if !ind.is_percent_like() {
        o.push(
            f("unit"),
            place.clone(),
            Some("unit"),
            format!("百分点目标的指标须以 % 或 ‰ 计（变化幅度按指标自身的百分比计），现为“{}”", ind.unit),
        );
    } else if ind.max_value().is_some_and(|m| v.abs() >= m) {
        o.push(f("value"), place.clone(), Some("value"), format!("变化幅度 {} 超出单位“{}”的取值范围", super::fmt_num(v.abs()), ind.unit));
    }
    let rise = v > 0.0;
    match ind.direction {
        Direction::Up | Direction::Down if (ind.direction == Direction::Up) != rise => o.push(
            f("direction"),
            place.clone(),
            Some("direction"),
            format!(
                "方向 {} 与变化幅度 {} 的正负不符（提高为正数、方向 up；降低为负数、方向 down）",
                if rise { "down" } else { "up" },
                super::fmt_num(v)
            ),
        ),
        Direction::Up | Direction::Down => {}
        _ => o.push(f("direction"), place.clone(), Some("direction"), "百分点目标的方向须为 up（提高）或 down（降低）"),
    }
    let op_ok = match ind.op {
        None => true,
        Some(Op::Ge | Op::Gt) => rise,
        Some(Op::Le | Op::Lt) => !rise,
        Some(_) => false,
    };
    if !op_ok {
        o.push(
            f("op"),
            place.clone(),
            Some("op"),
            format!("比较符“{}”与{}的变化幅度不符（可省略 op）", ind.op.map_or("", |op| op.symbol()), if rise { "提高" } else { "降低" }),
        );
    }
    if let Some(y) = crate::parse::parse_targets(&ind.clause).iter().find(|t| t.points).and_then(|t| t.base_year) {
        if y != base {
            o.push(
                f("clause"),
                place,
                Some("clause"),
                format!("原文以 {y} 年为比较年份，与目录基数年 {base} 年不一致（百分点目标按基数年数值计算，请改写目标或基数年）"),
            );
        }
    }
}

/// The indicators marked for review (`review = "…"`): (id, reason), in catalogue order.
pub fn review_marks(cat: &Catalogue) -> Vec<(String, String)> {
    cat.lines
        .iter()
        .flat_map(|l| l.indicators.iter())
        .filter(|i| !i.review.trim().is_empty())
        .map(|i| (i.id.clone(), i.review.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Catalogue {
        Catalogue::embedded().clone()
    }

    fn whats(c: &Catalogue) -> Vec<String> {
        check_catalogue(c).iter().map(|e| e.message()).collect()
    }

    #[test]
    fn the_embedded_catalogue_passes() {
        assert_eq!(whats(&cat()), Vec::<String>::new());
        assert!(review_marks(&cat()).is_empty());
    }

    #[test]
    fn stored_catalogues_are_rechecked_for_header_period_and_ids() {
        assert!(check_stored(&cat()).is_empty());
        let mut bad = cat();
        bad.period.last = 2000;
        assert!(check_stored(&bad).iter().any(|e| e.message().contains("最后一年 2000")));
        let mut dup = cat();
        let first = dup.lines[0].indicators[0].id.clone();
        dup.lines[1].indicators[0].id = first.clone();
        let m: Vec<String> = check_stored(&dup).iter().map(|e| e.message()).collect();
        assert!(m.iter().any(|e| e.contains(&first) && e.contains("重复")), "{m:?}");
        let mut id = cat();
        id.id = "Bad Id".into();
        assert!(!check_stored(&id).is_empty());
    }

    #[test]
    fn default_year_is_last_year_within_the_data_years() {
        let p = cat().period;
        assert_eq!(p.default_year("2024-05-01T00:00:00Z"), 2023);
        assert_eq!(p.default_year("2030-05-01T00:00:00Z"), 2025);
        assert_eq!(p.default_year("2019-05-01T00:00:00Z"), 2020);
        assert_eq!(p.default_year("@123"), 2025);
        let later = super::super::Period { base: 2025, first: 2026, last: 2030, midterm: 2028 };
        assert_eq!(later.default_year("2026-12-01"), 2025);
        assert_eq!(later.default_year("2029-03-01"), 2028);
        assert_eq!(later.expected(2028), 0.6);
        assert_eq!(later.years().collect::<Vec<_>>(), vec![2025, 2026, 2027, 2028, 2029, 2030]);
    }

    #[test]
    fn ids() {
        for ok in ["lishu-2021-2025", "a", "x1-2"] {
            assert!(valid_catalogue_id(ok), "{ok}");
        }
        for bad in ["", "-a", "Lishu", "梨树", "a b", "a:b", &"a".repeat(65)] {
            assert!(!valid_catalogue_id(bad), "{bad}");
        }
    }

    #[test]
    fn each_rule_is_reported_with_its_place() {
        let mut c = cat();
        c.id = "梨树".into();
        assert!(whats(&c)[0].contains("编号“梨树”无效"), "{:?}", whats(&c));

        let mut c = cat();
        c.period.last = 2019;
        assert!(whats(&c).iter().any(|m| m.contains("最后一年 2019 早于第一年 2021")), "{:?}", whats(&c));
        let mut c = cat();
        c.period.base = 2021;
        assert!(whats(&c).iter().any(|m| m.contains("基数年 2021 须早于规划期第一年 2021")));
        let mut c = cat();
        c.period.midterm = 2030;
        assert!(whats(&c).iter().any(|m| m.contains("中期评估年 2030 不在规划期 2021–2025 内")));

        let mut c = cat();
        let d = c.domains[1].clone();
        c.domains.push(d);
        assert!(whats(&c).iter().any(|m| m.starts_with("领域 W2 的 id：编号重复")), "{:?}", whats(&c));

        let mut c = cat();
        c.goals[0].domain = "W9".into();
        assert!(whats(&c).iter().any(|m| m.contains("目标 W1-1 的 domain：所属领域 W9 不存在")));

        let mut c = cat();
        c.lines[0].goal = "W1-99".into();
        assert!(whats(&c).iter().any(|m| m.contains("所属目标 W1-99 不存在")));

        let mut c = cat();
        let i = c.lines.iter().position(|l| l.indicators[0].kind == Kind::Min).expect("a min target");
        c.lines[i].indicators[0].value = None;
        c.lines[i].indicators[0].op = None;
        let m = whats(&c);
        assert!(m.iter().any(|m| m.contains("须给出目标值 value")) && m.iter().any(|m| m.contains("须给出比较符 op")), "{m:?}");
        let errs = check_catalogue(&c);
        assert_eq!(errs[0].path_text(), format!("lines[{i}].indicators[0].value"));

        let mut c = cat();
        c.lines[i].indicators[0].op = Some(Op::Le);
        assert!(whats(&c).iter().any(|m| m.contains("比较符“≤”与类型“下限（以上）”不符")));

        let mut c = cat();
        c.lines[0].indicators.clear();
        assert!(whats(&c).iter().any(|m| m.contains("没有指标")));
    }

    /// A next period continuing the embedded catalogue: base year 2025, `[previous]` naming it.
    fn next() -> Catalogue {
        let old = cat();
        let mut c = cat();
        c.id = "next-2026-2030".into();
        c.period = super::super::Period { base: old.period.last, first: old.period.last + 1, last: old.period.last + 5, midterm: old.period.last + 3 };
        c.previous = Some(super::super::PreviousCatalogue { id: old.id.clone(), version: old.version.clone(), base: Some(old.period.base) });
        for l in &mut c.lines {
            for i in &mut l.indicators {
                i.previous = Some(i.id.clone());
            }
        }
        c
    }

    #[test]
    fn links_to_the_previous_catalogue_are_checked() {
        let old = cat();
        let c = next();
        assert_eq!(whats(&c), Vec::<String>::new());
        assert_eq!(check_links(&c, &old), Vec::new());
        assert_eq!(c.previous_years(), old.period.base..c.period.base);
        let first = &c.lines[0].indicators[0];
        assert!(c.keeps_year(first, old.period.base) && !c.keeps_year(first, old.period.base - 1));

        // Two new indicators continuing one old one: each needs a note.
        let mut two = c.clone();
        let claimed = two.lines[0].indicators[0].id.clone();
        two.lines[1].indicators[0].previous = Some(claimed.clone());
        let m = whats(&two);
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(m[0].contains(&format!("同样接续上一期指标 {claimed}")) && m[0].contains("previous_note"), "{m:?}");
        two.lines[0].indicators[0].previous_note = "口径由户籍人口改为常住人口".into();
        two.lines[1].indicators[0].previous_note = "拆分为城乡两项".into();
        assert_eq!(whats(&two), Vec::<String>::new());

        // A link without the header, a note without a link, an empty link.
        let mut bare = c.clone();
        bare.previous = None;
        assert!(whats(&bare)[0].contains("目录开头没有 [previous]"), "{:?}", whats(&bare));
        let mut note = cat();
        note.lines[0].indicators[0].previous_note = "x".into();
        assert!(whats(&note)[0].contains("却没有写接续的上一期指标"));
        let mut empty = c.clone();
        empty.lines[0].indicators[0].previous = Some(" ".into());
        assert!(whats(&empty)[0].contains("上一期指标编号为空"));

        // The header: itself, no version, a base year not before this one.
        let mut selfish = c.clone();
        if let Some(p) = selfish.previous.as_mut() {
            p.id = selfish.id.clone();
            p.version.clear();
            p.base = Some(selfish.period.base);
        }
        let m = whats(&selfish);
        assert!(m.iter().any(|m| m.contains("不能是本目录自己")) && m.iter().any(|m| m.contains("缺少上一期目录的版本")), "{m:?}");
        assert!(m.iter().any(|m| m.contains("须早于本期基数年")), "{m:?}");

        // Against the previous catalogue: unknown ids, another catalogue, another version, a base year out of reach.
        let mut unknown = c.clone();
        unknown.lines[2].indicators[0].previous = Some("W9-9-9".into());
        let e = check_links(&unknown, &old);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].path_text(), "lines[2].indicators[0].previous");
        assert!(e[0].message().contains(&format!("上一期目录（{}）中没有指标 W9-9-9", old.id)), "{}", e[0].message());
        let mut third = old.clone();
        third.id = "third-2016-2020".into();
        assert!(check_links(&c, &third)[0].message().contains("而给出的上一期目录是"));
        let mut newer = old.clone();
        newer.version = "2099-01-01.9".into();
        assert!(check_links(&c, &newer)[0].message().contains("请用同一版本重新对照"));
        let mut far = c.clone();
        far.period = super::super::Period { base: 2030, first: 2031, last: 2035, midterm: 2033 };
        assert!(check_links(&far, &old).iter().any(|e| e.message().contains("不在上一期的数据年份")));
    }

    #[test]
    fn messages_name_the_line_when_known() {
        let e = CatalogueError {
            path: vec![key("period"), key("base")],
            place: "规划期".into(),
            field: Some("base"),
            what: "x".into(),
            line: Some(12),
        };
        assert_eq!(e.message(), "第 12 行：规划期的 base：x");
        assert_eq!(e.path_text(), "period.base");
    }
}
