//! The count a 达标率 rests on, in one sentence used wherever the rate is shown (dashboard, report 摘要,
//! unit summary, Excel): "有数据的指标 7 项，占 297 项的 2.4%", and under half coverage a warning that the
//! figure is not yet representative.

use crate::eval::Rollup;

/// Below this share of indicators with data the 达标率 is called not yet representative.
pub const REPRESENTATIVE_SHARE: f64 = 0.5;

/// "有数据的指标 7 项，占 297 项的 2.4%；不到一半的指标有数据，达标率尚不能代表整体情况。"
pub fn coverage_sentence(r: &Rollup) -> String {
    if r.total == 0 {
        return "没有纳入监测的指标。".to_string();
    }
    let share = r.monitorable as f64 / r.total as f64;
    let mut s = format!(
        "有数据的指标 {} 项，占 {} 项的 {:.1}%",
        r.monitorable,
        r.total,
        share * 100.0
    );
    if share < REPRESENTATIVE_SHARE {
        s.push_str(&format!(
            "；有数据的指标不到{}，达标率尚不能代表整体情况。",
            if (REPRESENTATIVE_SHARE - 0.5).abs() < 1e-9 { "一半".to_string() } else { format!("{:.0}%", REPRESENTATIVE_SHARE * 100.0) }
        ));
    } else {
        s.push('。');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rollup(total: usize, monitorable: usize) -> Rollup {
        Rollup { total, monitorable, no_data: total - monitorable, ..Default::default() }
    }

    #[test]
    fn the_sentence_gives_the_count_and_warns_under_half() {
        let s = coverage_sentence(&rollup(297, 7));
        assert!(s.starts_with("有数据的指标 7 项，占 297 项的 2.4%"), "{s}");
        assert!(s.contains("尚不能代表整体情况"), "{s}");
        let s = coverage_sentence(&rollup(10, 5));
        assert_eq!(s, "有数据的指标 5 项，占 10 项的 50.0%。");
        assert_eq!(coverage_sentence(&rollup(0, 0)), "没有纳入监测的指标。");
    }
}
