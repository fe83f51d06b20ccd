//! 名称 / Measure names: heads, subjects, cleaning.

use super::text::*;

/// Measure heads (the end of a measure's name), longest first.
pub(super) const HEADS: [&str; 24] = [
    "参保人数", "患病率", "死亡率", "发病率", "发生率", "筛查率", "检测率", "接种率", "覆盖率", "普及率", "巩固率",
    "入学率", "入园率", "管理率", "治疗率", "知晓率", "人数", "比例", "比重", "占比", "数量", "率", "数", "寿命",
];

/// The measure head at the end of `name`, if any.
pub(super) fn head_of(name: &str) -> Option<&'static str> {
    HEADS.iter().copied().find(|h| name.ends_with(h))
}

/// Strips trailing "的"/"中" and whitespace.
pub(super) fn clean_name(s: &str) -> String {
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

/// Groups that commonly start a measure's name (longest first).
pub(super) const SUBJECTS: [&str; 17] = [
    "老年妇女", "农村妇女", "城乡妇女", "育龄妇女", "适龄妇女", "适龄儿童", "未成年人", "孕产妇", "女职工", "青少年", "新生儿",
    "妇女", "女性", "婴儿", "儿童", "农村", "城镇",
];

pub(super) fn subject_of(s: &str) -> &'static str {
    SUBJECTS.iter().copied().find(|p| s.starts_with(p)).unwrap_or("")
}

/// `item` of a list, given the subject of the list's first item: "乳腺癌人群筛查率" → "适龄妇女乳腺癌人群筛查率"; an
/// item naming its own group ("5岁以下儿童死亡率") is kept.
pub(super) fn with_subject(subject: &str, item: &str) -> String {
    let own = SUBJECTS.iter().any(|g| item.contains(g)) || item.chars().next().is_some_and(|c| ascii_digit(c).is_ascii_digit());
    if subject.is_empty() || own {
        item.to_string()
    } else {
        format!("{subject}{item}")
    }
}

/// Adverbs between a measure and its verb ("覆盖率进一步巩固提高", "剖宫产率得到合理控制").
pub(super) const ADVERBS: [&str; 24] = [
    "进一步", "逐步", "持续", "不断", "稳步", "明显", "显著", "大幅", "有所", "得到", "全面", "继续", "巩固", "有效", "合理",
    "切实", "力争", "争取", "努力", "基本", "发展", "更加", "逐年", "每年",
];

pub(super) fn strip_adverbs(s: &str) -> &str {
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
