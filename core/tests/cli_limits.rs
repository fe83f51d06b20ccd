//! Bounded inputs and honest outputs of the `lishu` command line (issue 23): every reader checks the size
//! before reading (a 1 GB sparse file, `/dev/zero`, an endless pipe), `-` is standard input and `-o -`
//! standard output, an output never overwrites an input, counts must be whole and below 2^53, and
//! `lishu log` prints unlock lines and an over-long log plainly.

use lishu_core::dataset::{Dataset, YearEntry};
use lishu_core::io::export_dataset;
use lishu_core::{demo::demo_dataset, review, Catalogue};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn lishu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lishu")).args(args).output().expect("run lishu")
}

fn lishu_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lishu"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run lishu");
    if let Some(mut s) = child.stdin.take() {
        // The program may stop reading early (too large): a broken pipe here is expected.
        let _ = s.write_all(input);
    }
    child.wait_with_output().expect("wait")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lishu-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A sparse file of 1 GB (nothing is written: the size is set).
fn sparse_gb(name: &str) -> PathBuf {
    let p = tmp(name);
    let f = std::fs::File::create(&p).expect("create");
    f.set_len(1 << 30).expect("set_len");
    p
}

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

#[test]
fn dev_zero_ends_quickly_with_the_limit() {
    let start = Instant::now();
    let o = lishu(&["evaluate", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("32 MB 上限") && err(&o).contains("zero"), "{}", err(&o));
    assert!(o.stdout.is_empty());
    assert!(start.elapsed() < Duration::from_secs(30));
    // An endless pipe on standard input stops at the limit too.
    let o = lishu_stdin(&["evaluate", "-"], &vec![b' '; 33 * 1024 * 1024]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("标准输入") && err(&o).contains("32 MB 上限"), "{}", err(&o));
}

#[test]
fn one_gigabyte_files_are_refused_before_reading() {
    let data = sparse_gb("大.json");
    let toml = sparse_gb("大.toml");
    let plan = sparse_gb("大.txt");
    let out = tmp("草稿.toml");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["evaluate", data.to_str().expect("p")], "32 MB 上限"),
        (vec!["log", data.to_str().expect("p")], "32 MB 上限"),
        (vec!["catalogue", "check", toml.to_str().expect("p")], "4 MB 上限"),
        (vec!["--catalogue", toml.to_str().expect("p"), "evaluate", data.to_str().expect("p")], "4 MB 上限"),
        (vec!["catalogue", "draft", plan.to_str().expect("p"), "-o", out.to_str().expect("p")], "2 MB 上限"),
    ];
    for (args, limit) in cases {
        let start = Instant::now();
        let o = lishu(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", err(&o));
        assert!(err(&o).contains(limit) && err(&o).contains("大."), "{args:?}: {}", err(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(start.elapsed() < Duration::from_secs(30), "{args:?}");
    }
    assert!(!out.exists(), "nothing written after an error");
}

#[test]
fn dash_is_standard_input_and_standard_output() {
    let o = lishu(&["demo", "-o", "-"]);
    assert!(o.status.success(), "{}", err(&o));
    let demo = o.stdout.clone();
    assert!(serde_json::from_slice::<serde_json::Value>(&demo).is_ok(), "the data file on stdout");
    let o = lishu_stdin(&["evaluate", "-", "--year", "2023"], &demo);
    assert!(o.status.success(), "{}", err(&o));
    let path = tmp("demo.json");
    std::fs::write(&path, &demo).expect("write");
    let from_file = lishu(&["evaluate", path.to_str().expect("p"), "--year", "2023"]);
    assert_eq!(o.stdout, from_file.stdout, "stdin and file give the same evaluation");
    let o = lishu_stdin(&["report", "--kind", "annual", "--format", "html", "-o", "-", "-"], &demo);
    assert!(o.status.success(), "{}", err(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("<html"), "the report on stdout");
    let o = lishu(&["merge", "--office", path.to_str().expect("p"), "-", "-", "-o", "x.json"]);
    assert_eq!(o.status.code(), Some(1), "two inputs from one standard input");
}

#[test]
fn an_output_never_overwrites_an_input() {
    let path = tmp("keep.json");
    let text = export_dataset(&demo_dataset(cat()), "", "2026-11-29T09:00:00+08:00", cat());
    std::fs::write(&path, &text).expect("write");
    let p = path.to_str().expect("p");
    let dotted = format!("{}/../{}/keep.json", path.parent().expect("dir").display(), path.parent().and_then(|d| d.file_name()).expect("name").to_string_lossy());
    let toml = tmp("目录.toml");
    std::fs::write(&toml, include_str!("../data/catalogue.toml")).expect("write");
    let cases: Vec<Vec<&str>> = vec![
        vec!["report", "--kind", "annual", "--format", "html", "-o", p, p],
        vec!["report", "--kind", "annual", "-o", &dotted, p],
        vec!["merge", "--office", p, p, "-o", p],
        vec!["--catalogue", toml.to_str().expect("p"), "demo", "-o", toml.to_str().expect("p")],
    ];
    for args in cases {
        let o = lishu(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", err(&o));
        assert!(err(&o).contains("覆盖输入"), "{}", err(&o));
    }
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text, "the input is intact");
}

fn event_rate() -> String {
    cat().indicators().into_iter().find(|r| r.indicator.counts_events()).expect("an event rate").indicator.id.clone()
}

#[test]
fn counts_must_be_whole_and_numbers_exact() {
    let id = event_rate();
    for (numerator, expected) in [("0.5", "不是整数"), ("9223372036854775808", "过大")] {
        let mut ds = Dataset::default();
        ds.set_entry(&id, 2023, YearEntry { numerator: numerator.into(), denominator: "21500".into(), ..Default::default() });
        let path = tmp("计数.json");
        std::fs::write(&path, export_dataset(&ds, "", "2026-11-29T09:00:00+08:00", cat())).expect("write");
        let o = lishu(&["evaluate", path.to_str().expect("p")]);
        assert_eq!(o.status.code(), Some(2), "{numerator}");
        let e = err(&o);
        assert!(e.contains(&id) && e.contains("2023") && e.contains("分子") && e.contains(expected), "{e}");
    }
}

#[test]
fn log_prints_unlocks_plainly_and_says_when_it_exceeds_the_bound() {
    let id = event_rate();
    let unit = cat().indicator(&id).map(|r| r.indicator.lead_unit.clone()).expect("lead");
    let mut ds = Dataset::default();
    ds.set_entry(&id, 2023, YearEntry { numerator: "3".into(), denominator: "21500".into(), unit: unit.clone(), ..Default::default() });
    review::submit(&mut ds, cat(), &unit, 2023, "2026-03-01T10:00:00+08:00").expect("submit");
    review::accept(&mut ds, cat(), &unit, 2023, "2026-03-02T10:00:00+08:00").expect("accept");
    review::unlock(&mut ds, &id, 2023, "更正", "区妇儿工委办", "2026-03-03T10:00:00+08:00").expect("unlock");
    let path = tmp("解锁.json");
    std::fs::write(&path, export_dataset(&ds, "", "2026-03-04T10:00:00+08:00", cat())).expect("write");
    let o = lishu(&["log", path.to_str().expect("p"), "--indicator", &id]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("解锁（理由：更正）") && out.contains("分子 3"), "{out}");
    assert!(!out.contains("数值 数值") && !out.contains("数值 分子"), "{out}");
    // A file whose log is longer than the bound (written by hand or another program) says so.
    let e = ds.log[0].clone();
    ds.log = (0..review::MAX_LOG + 3).map(|_| e.clone()).collect();
    std::fs::write(&path, export_dataset(&ds, "", "2026-03-04T10:00:00+08:00", cat())).expect("write");
    let o = lishu(&["log", path.to_str().expect("p")]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!("超过上限 {} 条", review::MAX_LOG)));
}
