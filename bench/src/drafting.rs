//! `draft`: drafting a catalogue from plan texts far larger than a real plan (issue 23: drafting is linear or
//! near-linear in the text; goal: a 1 MB text in under 2 s natively). The texts are made from the embedded plan
//! text, so no plan fact is written here.

use lishu_core::catalogue::draft::{draft_catalogue, draft_toml, DraftOptions};
use lishu_core::catalogue::PLAN_TEXT;
use std::time::{Duration, Instant};

/// Goal for drafting a 1 MB plan text (issue 23).
const DRAFT_GOAL: Duration = Duration::from_secs(2);

/// The embedded plan text with every "——" target line repeated until the text is at least `bytes` long.
pub fn big_plan(bytes: usize) -> String {
    let target: usize = PLAN_TEXT.lines().filter(|l| l.trim_start().starts_with("——")).map(|l| l.len() + 1).sum();
    let times = bytes.saturating_sub(PLAN_TEXT.len()).div_ceil(target.max(1)) + 1;
    let mut out = String::with_capacity(bytes + PLAN_TEXT.len());
    for l in PLAN_TEXT.lines() {
        let copies = if l.trim_start().starts_with("——") { times } else { 1 };
        for _ in 0..copies {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// The embedded plan text with its first target line replaced by `line`.
pub fn plan_with_line(line: &str) -> String {
    let mut done = false;
    let mut out = String::with_capacity(PLAN_TEXT.len() + line.len());
    for l in PLAN_TEXT.lines() {
        if !done && l.trim_start().starts_with("——") {
            out.push_str(line);
            done = true;
        } else {
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

/// Target lines with `n` values: listed under 分别, in clauses of their own, and in one clause without 分别.
pub fn many_value_lines(n: usize) -> Vec<(&'static str, String)> {
    let names: Vec<String> = (1..=n).map(|k| format!("第{k}类人群筛查率")).collect();
    let values: Vec<String> = (1..=n).map(|k| format!("{}%", k % 100)).collect();
    vec![
        ("分别", format!("——{}分别达到{}以上。", names.join("、"), values.join("、"))),
        ("逗号分句", format!("——{}。", names.iter().zip(&values).map(|(a, v)| format!("{a}达到{v}以上")).collect::<Vec<_>>().join("，"))),
        ("同一分句", format!("——{}建立服务站点。", values.iter().zip(&names).map(|(v, a)| format!("{v}的{a}社区")).collect::<Vec<_>>().join("和"))),
    ]
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// Drafts `text` once: (time of drafting, time of writing the file, what came out).
fn draft_once(text: &str) -> (Duration, Duration, String) {
    let t = Instant::now();
    let drafted = draft_catalogue(text, &DraftOptions::default());
    let took = t.elapsed();
    match drafted {
        Ok(d) => {
            let t = Instant::now();
            let file = draft_toml(&d);
            let wrote = t.elapsed();
            let what = match file {
                Ok(toml) => format!("{}；草稿文件 {:.1} MB", d.summary.message(), toml.len() as f64 / 1_048_576.0),
                Err(e) => format!("{}；草稿文件拒绝写出：{e}", d.summary.message()),
            };
            (took, wrote, what)
        }
        Err(e) => (took, Duration::ZERO, format!("拒绝：{}", e.first().map(|x| x.message()).unwrap_or_default())),
    }
}

/// `draft`: a generated 1 MB plan text, lines with 800 values and lines of 1 MB. Returns whether the 1 MB text meets the goal.
pub fn bench_draft() -> bool {
    let text = big_plan(1 << 20);
    let (took, wrote, what) = draft_once(&text);
    let ok = took < DRAFT_GOAL;
    println!(
        "draft {:.2} MB plan text: {} drafting + {} writing (goal < {}) {} — {what}",
        text.len() as f64 / 1_048_576.0,
        secs(took),
        secs(wrote),
        secs(DRAFT_GOAL),
        if ok { "OK" } else { "SLOW" }
    );
    let mut lines = many_value_lines(800);
    // One target line of about 1 MB: values in one clause, and qualitative clauses that merge into one milestone.
    let values = many_value_lines(30_000).swap_remove(2).1;
    lines.push(("1 MB 一行", values));
    lines.push(("1 MB 定性分句", format!("——{}。", "服务体系建立健全，".repeat(40_000))));
    for (shape, line) in lines {
        let (took, wrote, what) = draft_once(&plan_with_line(&line));
        println!("draft a target line ({shape}, {} KB): {} + {} writing — {what}", line.len() / 1024, secs(took), secs(wrote));
    }
    ok
}
