//! Fuzzing through the command line, as a careful tester does (issue 23): mutation families run through the
//! `lishu` binary, each run checked for the exit code (0, 1 or 2 only), no panic, and no output written after
//! an error. The counts are printed (`FUZZ …` lines; `make test` shows them).
//!
//! Families: control characters and other hostile Unicode in every free-text field; forged review acts in
//! units' files; duplicate envelope keys; 1 GB sparse files; long target lines in a plan text.

use lishu_core::dataset::{Dataset, SupersededValue, YearEntry};
use lishu_core::io::{checksum::checksum_value, export_dataset};
use lishu_core::{demo::demo_dataset, review, Catalogue};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lishu-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

/// xorshift64*: a fixed seed, so every run of the suite is the same.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Counts of one family.
#[derive(Default)]
struct Tally {
    runs: usize,
    exits: BTreeMap<i32, usize>,
    panics: usize,
    output_after_error: usize,
    /// Runs whose outcome the family expects (e.g. a forged file refused).
    expected: usize,
}

impl Tally {
    /// Runs `lishu` with `args`; `output` is the file the command would write (removed first).
    fn run(&mut self, args: &[&str], output: Option<&Path>) -> Output {
        if let Some(o) = output {
            let _ = std::fs::remove_file(o);
        }
        let out = Command::new(env!("CARGO_BIN_EXE_lishu")).args(args).output().expect("run lishu");
        self.runs += 1;
        let code = out.status.code().unwrap_or(-1);
        *self.exits.entry(code).or_default() += 1;
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("panicked") || code == 101 || code == -1 {
            self.panics += 1;
            eprintln!("PANIC {args:?}: {err}");
        }
        if code != 0 && (output.is_some_and(Path::exists) || (output.is_none() && !out.stdout.is_empty())) {
            self.output_after_error += 1;
            eprintln!("OUTPUT AFTER ERROR {args:?}: {err}");
        }
        out
    }

    fn finish(&self, family: &str) {
        let exits: Vec<String> = self.exits.iter().map(|(c, n)| format!("{c}×{n}")).collect();
        let line = format!(
            "FUZZ {family}: 运行 {} 次，退出码 {}，panic {} 次，出错后仍写出 {} 次，符合预期 {} 次",
            self.runs,
            exits.join(" "),
            self.panics,
            self.output_after_error,
            self.expected
        );
        println!("{line}");
        assert_eq!(self.panics, 0, "{line}");
        assert_eq!(self.output_after_error, 0, "{line}");
        assert!(self.exits.keys().all(|c| [0, 1, 2].contains(c)), "{line}");
    }
}

const HOSTILE: &[&str] = &[
    "\u{b}", "\u{c}", "\u{7}", "\u{1b}[31m", "\u{0}", "\u{1}", "\u{1f}", "\u{7f}", "\u{fffe}", "\u{ffff}", "\u{202e}",
    "\u{200f}", "😀👩‍👧", "\r\n", "\t", "<w:t>&amp;</w:t>", "]]>", "=cmd|' /C calc'!A0",
];

fn hostile(rng: &mut Rng) -> String {
    let mut s = String::from("备注");
    for _ in 0..1 + rng.below(4) {
        s.push_str(HOSTILE[rng.below(HOSTILE.len())]);
        s.push('字');
    }
    if rng.below(10) == 0 {
        s.push_str(&"长".repeat(20_000));
    }
    s
}

/// The demo data with hostile text in every free-text field: notes, sources, evidence, units, report texts,
/// superseded reasons, review reasons.
fn hostile_dataset(rng: &mut Rng) -> Dataset {
    let mut ds = demo_dataset(cat());
    let keys: Vec<(String, u16)> = ds.data.iter().flat_map(|(id, ys)| ys.keys().map(move |y| (id.clone(), *y))).collect();
    for _ in 0..8 {
        let (id, y) = rng.pick(&keys).clone();
        if let Some(e) = ds.data.get_mut(&id).and_then(|m| m.get_mut(&y)) {
            match rng.below(4) {
                0 => e.note = hostile(rng),
                1 => e.source = hostile(rng),
                2 => e.evidence = hostile(rng),
                _ => e.unit = hostile(rng),
            }
        }
    }
    ds.units.push(hostile(rng));
    ds.texts.insert(format!("women-{}-对策建议", cat().period.last), hostile(rng));
    ds.superseded.push(SupersededValue {
        indicator: keys[0].0.clone(),
        year: keys[0].1,
        entry: YearEntry { note: hostile(rng), ..Default::default() },
        reason: hostile(rng),
        at: "2026-03-01T10:00:00+08:00".into(),
    });
    let unit = ds.unit_list(cat()).into_iter().next().unwrap_or_default();
    let year = cat().period.first;
    let _ = review::submit(&mut ds, cat(), &unit, year, "2026-03-01T10:00:00+08:00");
    let _ = review::return_year(&mut ds, cat(), &unit, year, &hostile(rng), "2026-03-02T10:00:00+08:00");
    ds
}

fn control_characters(rng: &mut Rng) {
    let mut t = Tally::default();
    let data = tmp("hostile.json");
    let (html, docx) = (tmp("hostile.html"), tmp("hostile.docx"));
    for i in 0..20 {
        let ds = hostile_dataset(rng);
        let mut text = export_dataset(&ds, "", "2026-11-29T09:00:00+08:00", cat());
        if i % 5 == 4 {
            // A lone surrogate, as an escape only JSON text can hold: refused as not JSON.
            text = text.replacen("备注", "\\ud800备注", 1);
        }
        std::fs::write(&data, &text).expect("write");
        let d = data.to_str().expect("p");
        let year = cat().period.midterm.to_string();
        let ev = t.run(&["evaluate", d, "--year", &year], None);
        t.expected += usize::from(ev.status.code() == Some(if i % 5 == 4 { 2 } else { 0 }));
        t.run(&["log", d], None);
        t.run(&["report", "--kind", "annual", "--format", "html", "-o", html.to_str().expect("p"), d], Some(&html));
        let o = t.run(&["report", "--kind", "midterm", "-o", docx.to_str().expect("p"), d], Some(&docx));
        if o.status.success() {
            let bytes = std::fs::read(&docx).unwrap_or_default();
            t.expected += usize::from(bytes.starts_with(b"PK"));
        }
    }
    t.finish("控制字符与特殊 Unicode（全部自由文本字段）");
}

/// The office with a unit's year accepted, and a genuine file from that unit (one more submission).
fn office_and_unit() -> (Dataset, String, Value) {
    let id = cat().indicators().into_iter().find(|r| r.indicator.lead_unit == "区卫健局").expect("indicator").indicator.id.clone();
    let unit = "区卫健局";
    let mut office = Dataset::default();
    // Entered by the unit: an acceptance locks the values the unit entered.
    office.set_entry(&id, 2023, YearEntry { value: "5".into(), unit: unit.into(), ..Default::default() });
    review::submit(&mut office, cat(), unit, 2023, "2026-03-01T10:00:00+08:00").expect("submit");
    review::accept(&mut office, cat(), unit, 2023, "2026-03-02T10:00:00+08:00").expect("accept");
    let mut u = Dataset::default();
    u.set_entry(&id, 2024, YearEntry { value: "6".into(), unit: unit.into(), ..Default::default() });
    review::submit(&mut u, cat(), unit, 2024, "2026-04-01T10:00:00+08:00").expect("submit");
    let text = export_dataset(&u, unit, "2026-04-01T12:00:00+08:00", cat());
    (office, id, serde_json::from_str(&text).expect("json"))
}

fn forged_review_acts(rng: &mut Rng) {
    let mut t = Tally::default();
    let (office, id, genuine) = office_and_unit();
    let office_path = tmp("全区.json");
    std::fs::write(&office_path, export_dataset(&office, "", "2026-03-03T09:00:00+08:00", cat())).expect("write");
    let forged = tmp("伪造.json");
    let out = tmp("合并.json");
    let by_office = "区妇儿工委办";
    for i in 0..48 {
        let mut v = genuine.clone();
        let at = if rng.below(2) == 0 { "2026-03-05T10:00:00+08:00" } else { "2099-01-01T00:00:00+08:00" };
        let log = v["data"]["log"].as_array_mut().expect("log");
        match i % 8 {
            0 => log.push(json!({"at": at, "by": by_office, "year": 2023, "unit": "区卫健局", "how": {"type": "accept"}})),
            1 => log.push(json!({"at": at, "by": by_office, "year": 2023, "unit": "区教育局", "how": {"type": "return", "reason": hostile(rng)}})),
            2 => log.push(json!({"at": at, "by": by_office, "indicator": id, "year": 2023, "unit": "区卫健局", "how": {"type": "unlock", "reason": "伪造"}})),
            3 => v["data"]["log_trimmed"] = json!([{"count": 99999, "until": at, "at": at}]),
            4 => v["data"]["locks"] = json!({id.clone(): {"2024": {"unit": "区卫健局", "at": at, "by": by_office}}}),
            5 => v["data"]["reviews"]["区卫健局"]["2023"] = json!({"state": "accepted", "at": at, "by": by_office}),
            6 => v["data"]["reviews"]["区教育局"] = json!({"2024": {"state": "submitted", "at": at, "by": "区教育局"}}),
            _ => {
                // A flood of the unit's own entries dated 2099.
                let e = json!({"at": "2099-01-01T00:00:00+08:00", "by": "区卫健局", "indicator": id, "year": 2024, "how": {"type": "entry"}});
                log.extend(std::iter::repeat_n(e, 200 + rng.below(5000)));
            }
        }
        let sum = checksum_value(&v["data"]);
        v["checksum"] = Value::String(sum);
        if rng.below(3) == 0 {
            // Claiming to be the office does not help.
            v["unit"] = json!(*rng.pick(&["", " ", "区妇儿工委办"]));
        }
        std::fs::write(&forged, serde_json::to_string(&v).expect("json")).expect("write");
        let o = t.run(
            &["merge", "--office", office_path.to_str().expect("p"), forged.to_str().expect("p"), "-o", out.to_str().expect("p")],
            Some(&out),
        );
        t.expected += usize::from(o.status.code() == Some(2) && !out.exists());
    }
    // The genuine file merges, and the accepted value stays locked.
    std::fs::write(&forged, serde_json::to_string(&genuine).expect("json")).expect("write");
    let o = t.run(&["merge", "--office", office_path.to_str().expect("p"), forged.to_str().expect("p"), "-o", out.to_str().expect("p")], Some(&out));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (_, merged) = lishu_core::io::read_file("合并.json", &std::fs::read(&out).expect("merged"), cat());
    let merged = merged.expect("reads");
    assert!(review::is_locked(&merged, &id, 2023));
    assert_eq!(merged.entry(&id, 2023).map(|e| e.value.as_str()), Some("5"));
    t.finish("伪造的审核动作（单位文件）");
    assert_eq!(t.expected, 48, "every forged file refused, nothing written");
}

fn duplicate_envelope_keys() {
    let mut t = Tally::default();
    let text = export_dataset(&demo_dataset(cat()), "", "2026-11-29T09:00:00+08:00", cat());
    let root: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("json");
    let path = tmp("重复.json");
    let out = tmp("重复-合并.json");
    for key in root.keys() {
        // The member given twice: the second one after the first.
        let first = format!("\"{key}\": ");
        let Some(at) = text.find(&first) else { continue };
        let dup = format!("{first}null,\n  ");
        let edited = format!("{}{dup}{}", &text[..at], &text[at..]);
        std::fs::write(&path, &edited).expect("write");
        let o = t.run(&["evaluate", path.to_str().expect("p")], None);
        let err = String::from_utf8_lossy(&o.stderr);
        t.expected += usize::from(o.status.code() == Some(2) && err.contains(&format!("“{key}”")));
        t.run(&["merge", "--office", path.to_str().expect("p"), path.to_str().expect("p"), "-o", out.to_str().expect("p")], Some(&out));
    }
    t.finish("重复的文件头字段");
    assert!(t.expected >= root.len() - 1, "every duplicated key named");
}

fn sparse_files() {
    let mut t = Tally::default();
    let big = tmp("1GB.json");
    std::fs::File::create(&big).and_then(|f| f.set_len(1 << 30)).expect("sparse file");
    let b = big.to_str().expect("p");
    let out = tmp("1GB-out");
    let o = out.to_str().expect("p");
    let runs: Vec<(Vec<&str>, Option<&Path>)> = vec![
        (vec!["evaluate", b], None),
        (vec!["log", b], None),
        (vec!["catalogue", "check", b], None),
        (vec!["catalogue", "draft", b, "-o", o], Some(out.as_path())),
        (vec!["--catalogue", b, "catalogue"], None),
        (vec!["merge", "--office", b, b, "-o", o], Some(out.as_path())),
        (vec!["report", "--kind", "final", "-o", o, b], Some(out.as_path())),
    ];
    for (args, output) in runs {
        let o = t.run(&args, output);
        t.expected += usize::from(o.status.code() == Some(2) && String::from_utf8_lossy(&o.stderr).contains("MB 上限"));
    }
    let _ = std::fs::remove_file(&big);
    t.finish("1 GB 稀疏文件");
    assert_eq!(t.expected, t.runs);
}

fn long_target_lines(rng: &mut Rng) {
    let mut t = Tally::default();
    let plan = include_str!("../data/plan.txt");
    let lines: Vec<(usize, &str)> = plan.lines().enumerate().filter(|(_, l)| l.starts_with("——") && l.contains('%')).collect();
    let path = tmp("长目标.txt");
    let out = tmp("长目标.toml");
    for n in [8, 24, 48, 96, 120, 160] {
        let (at, line) = *rng.pick(&lines);
        let values: Vec<String> = (0..n).map(|i| format!("第{i}项达到{}%以上", 50 + i % 50)).collect();
        let long = format!("{}，{}。", line.trim_end_matches('。'), values.join("，"));
        let text: Vec<&str> = plan.lines().enumerate().map(|(i, l)| if i == at { long.as_str() } else { l }).collect();
        std::fs::write(&path, text.join("\n")).expect("write");
        let o = t.run(&["catalogue", "draft", path.to_str().expect("p"), "-o", out.to_str().expect("p")], Some(&out));
        if o.status.success() {
            // Whatever the draft writes, its own check reads.
            let c = t.run(&["catalogue", "check", out.to_str().expect("p")], None);
            t.expected += usize::from(c.status.success());
        }
    }
    t.finish("很长的目标行（规划原文）");
}

#[test]
fn fuzz_through_the_command_line() {
    let mut rng = Rng(0x5eed_1234_abcd_0023);
    control_characters(&mut rng);
    forged_review_acts(&mut rng);
    duplicate_envelope_keys();
    sparse_files();
    long_target_lines(&mut rng);
}
