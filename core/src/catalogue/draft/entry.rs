//! 填报方式与计量单位 / Entry (value, rate with numerator/denominator, female/male) and units from names.

use super::item::Item;
use super::names::*;
use super::targets::starts_with_target;
use super::text::*;
use crate::catalogue::{fmt_num, Entry, Kind};

/// The formula of a female share.
pub(super) const FEMALE_SHARE: &str = "女性人数 ÷ (女性人数 + 男性人数) × 100";

/// Is `name` the share of women in a group ("……中的女性比例", "女干部比例")?
pub(super) fn female_share(name: &str) -> bool {
    has_any(name, &["比例", "占比", "比重"]) && has_any(name, &["女性", "女干部", "女党员", "女代表", "女委员", "女职工代表"])
}

/// Common rates with their numerator and denominator (national statistical definitions): (name contains, numerator,
/// denominator, scale).
pub(super) const RATES: [(&str, &str, &str, f64); 17] = [
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

pub(super) fn scale_of(unit: &str) -> Option<f64> {
    match unit {
        "%" => Some(100.0),
        "‰" => Some(1000.0),
        "/10万" => Some(100_000.0),
        _ => None,
    }
}

/// Chooses the entry (and numerator/denominator) of a non-milestone, non-per-body item.
pub(super) fn set_entry(it: &mut Item, line: &str) {
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
        let leading = starts_with_target(&clause);
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
pub(super) fn guess_unit(name: &str, line: &str) -> Option<&'static str> {
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
    if n.ends_with("标准") && has_any(n, &["保障", "补助", "救助", "补贴", "生活", "养育", "供养", "津贴"]) {
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
