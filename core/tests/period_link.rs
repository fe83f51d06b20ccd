//! From one plan period to the next, step 1: link the next period's catalogue to the embedded one.
//! The fixture `fixtures/lishu-2026-2030.toml` continues the embedded 2021–2025 catalogue with renumbered
//! domains, raised targets, a reworded indicator, an entry kind that changed, two new indicators and most old
//! indicators dropped; it has no links of its own. The matcher must link the continuing ones, leave the new
//! ones new, list the dropped ones, and mark the unsure ones for review; the command line writes the linked
//! catalogue, which the strict reader and the link check accept.

use lishu_core::catalogue::check::{check_catalogue, check_links};
use lishu_core::catalogue::file::{read_catalogue, read_linked_catalogue, write_catalogue};
use lishu_core::catalogue::link::{link_catalogue, link_file, match_catalogues};
use lishu_core::Catalogue;
use std::process::Command;

const NEXT: &str = include_str!("fixtures/lishu-2026-2030.toml");

fn next() -> Catalogue {
    read_catalogue(NEXT.as_bytes()).expect("the next-period fixture reads")
}

/// (new id, old id) of the fixture: what a person reading both plans links.
const EXPECTED: [(&str, &str); 19] = [
    ("W1-1-1", "W2-3-2"),
    ("W1-1-2", "W2-3-1"),
    ("W1-1-3", "W2-4-2"),
    ("W2-1-1", "W1-4-1"),
    ("W2-1-2", "W1-4-2"),
    ("W2-2-1", "W1-7-2"),
    ("W2-2-2", "W1-7-3"),
    ("W2-2-3", "W1-7-1"),
    ("W2-2-4", "W1-5-2"),
    ("W2-3-1a", "W1-8-3a"),
    ("W2-3-1b", "W1-8-3b"),
    ("W2-3-2", "W1-1-2"),
    ("C1-1-1", "C1-3-2"),
    ("C1-1-2", "C1-3-3"),
    ("C1-1-3", "C1-3-1b"),
    ("C1-2-1a", "C1-1-3a"),
    ("C1-2-1b", "C1-1-3b"),
    ("C1-2-2", "C1-8-2"),
    ("C1-2-3", "C1-8-3"),
];

#[test]
fn continuing_indicators_are_linked_new_ones_stay_new_and_dropped_ones_are_listed() {
    let old = Catalogue::embedded();
    let new = next();
    let links = match_catalogues(&new, old);
    for (n, o) in EXPECTED {
        let l = links.links.iter().find(|l| l.new == n).expect("every new indicator has a row");
        assert_eq!(l.old.as_deref(), Some(o), "{n}: {:?}", l.reasons);
    }
    for n in ["W1-1-4", "W2-1-3"] {
        let l = links.links.iter().find(|l| l.new == n).expect("row");
        assert_eq!(l.old, None, "{n} is new: {:?}", l);
    }
    assert_eq!(links.linked(), EXPECTED.len());
    assert_eq!(links.new_indicators(), 2);
    // Every old indicator not continued is listed, and only those.
    assert_eq!(links.orphans.len(), old.indicators().len() - EXPECTED.len());
    for dropped in ["W1-2-1a", "W1-3-1", "C1-8-4", "C1-3-1a"] {
        assert!(links.orphans.iter().any(|o| o == dropped), "{dropped} has no successor");
    }
    assert!(!links.orphans.iter().any(|o| o == "W1-4-2"));
    // Sure: same name, unit and entry kind, targets changed. Unsure: the reworded one and the changed entry kind.
    let sure = |id: &str| links.links.iter().find(|l| l.new == id).is_some_and(|l| l.sure);
    assert!(sure("W2-1-2") && sure("C1-1-1") && sure("C1-2-1a"));
    assert!(!sure("W2-2-3") && !sure("W2-2-4"));
    let reworded = links.links.iter().find(|l| l.new == "W2-2-4").expect("row");
    assert!(reworded.reasons.iter().any(|r| r == "填报方式不同（数值 → 分子分母）"), "{:?}", reworded.reasons);
    assert_eq!(links.message(), format!("接续上一期指标 19 个（其中 2 个需人工核对），新增指标 2 个，上一期指标无接续 {} 个", links.orphans.len()));
}

#[test]
fn the_linked_catalogue_names_its_predecessor_and_marks_unsure_links() {
    let old = Catalogue::embedded();
    let (linked, _) = link_catalogue(&next(), old);
    let p = linked.previous.as_ref().expect("[previous]");
    assert_eq!((p.id.as_str(), p.version.as_str(), p.base), (old.id.as_str(), old.version.as_str(), Some(old.period.base)));
    assert!(check_catalogue(&linked).is_empty() && check_links(&linked, old).is_empty());
    let ind = |id: &str| linked.indicator(id).expect("indicator").indicator.clone();
    assert_eq!(ind("W2-1-2").previous.as_deref(), Some("W1-4-2"));
    assert!(ind("W2-1-2").review.is_empty());
    assert!(ind("W2-2-3").review.starts_with("与上一期指标 W1-7-1（妇女宫颈癌和乳腺癌防治知识知晓率）的对照待确认"), "{}", ind("W2-2-3").review);
    assert_eq!(ind("W1-1-4").previous, None);
    assert_eq!(linked.summary().review, 2);
    // Written and read back with the check against the previous catalogue.
    let text = write_catalogue(&linked, "").expect("toml");
    assert_eq!(read_linked_catalogue(text.as_bytes(), old).expect("reads with links"), linked);

    // Links a person confirmed or changed are kept on a second run; the others are proposed again.
    let mut edited = linked.clone();
    for l in &mut edited.lines {
        for i in &mut l.indicators {
            i.review.clear();
            if i.id == "W2-2-3" {
                i.previous = Some("W1-3-1".into()); // the person chose another predecessor
            }
        }
    }
    let again = match_catalogues(&edited, old);
    let row = again.links.iter().find(|l| l.new == "W2-2-3").expect("row");
    assert!(row.kept && row.old.as_deref() == Some("W1-3-1"));
    assert!(again.orphans.iter().any(|o| o == "W1-7-1"), "the old choice is free again");
}

#[test]
fn bad_links_are_refused_with_the_line() {
    let old = Catalogue::embedded();
    let bad = NEXT.replacen("[[lines.indicators]]\nid = \"W2-1-2\"", "[[lines.indicators]]\nid = \"W2-1-2\"\nprevious = \"W1-4-9\"", 1);
    assert_ne!(bad, NEXT);
    // No [previous] header.
    let e = read_catalogue(bad.as_bytes()).expect_err("a link without [previous]");
    assert!(e[0].message().contains("目录开头没有 [previous]"), "{}", e[0].message());
    // With the header, an unknown old id is found against the previous catalogue, with its line.
    let header = format!("[previous]\nid = \"{}\"\nversion = \"{}\"\n\n[[plans]]", old.id, old.version);
    let bad = bad.replacen("[[plans]]", &header, 1);
    let cat = read_catalogue(bad.as_bytes()).expect("the file alone is fine");
    assert!(cat.previous.is_some());
    let e = read_linked_catalogue(bad.as_bytes(), old).expect_err("unknown old id");
    let line = bad[..bad.find("\"W1-4-9\"").expect("there")].lines().count();
    assert_eq!(e[0].message(), format!("第 {line} 行：指标 W2-1-2 的 previous：上一期目录（{}）中没有指标 W1-4-9", old.id));
    // Linking such a file refuses too, naming the file.
    let m = link_file("新目录.toml", bad.as_bytes(), old).expect_err("refused").join("\n");
    assert!(m.contains("文件“新目录.toml”") && m.contains("W1-4-9"), "{m}");
    // Linking a catalogue to itself.
    let m = link_file("旧.toml", include_bytes!("../data/catalogue.toml"), old).expect_err("same").join("\n");
    assert!(m.contains("同一个目录"), "{m}");
}

fn lishu() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lishu"))
}

#[test]
fn the_command_line_writes_the_linked_catalogue_and_prints_the_counts() {
    let dir = std::env::temp_dir().join(format!("lishu-period-link-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let new = dir.join("新目录.toml");
    std::fs::write(&new, NEXT).expect("write");
    let out = dir.join("对照后.toml");
    let run = lishu().args(["catalogue", "link"]).arg(&new).arg("-o").arg(&out).output().expect("runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.starts_with("接续上一期指标 19 个（其中 2 个需人工核对），新增指标 2 个"), "{stdout}");
    assert!(stdout.contains("上一期指标无接续（数据不转入）：\n  政府举办的标准化妇幼保健机构数（W1-1-1）"), "{stdout}");
    let written = std::fs::read(&out).expect("written");
    let cat = read_linked_catalogue(&written, Catalogue::embedded()).expect("the output reads with its links");
    assert_eq!(cat.indicator("C1-1-3").map(|r| r.indicator.previous.clone()), Some(Some("C1-3-1b".to_string())));
    assert!(!dir.join("对照后.toml.tmp").exists());

    // A bad previous catalogue: exit 2, nothing written.
    let bad_prev = dir.join("坏.toml");
    std::fs::write(&bad_prev, "id = 1").expect("write");
    let out2 = dir.join("不应写出.toml");
    let run = lishu().args(["catalogue", "link"]).arg(&new).arg("--previous").arg(&bad_prev).arg("-o").arg(&out2).output().expect("runs");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("文件“坏.toml”"));
    assert!(!out2.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
