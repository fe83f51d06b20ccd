//! Plan facts (region, plan titles, years of the period) live in the catalogue only. This test reads the
//! non-test sources of every crate and the page shell, and fails on a literal that would make the program
//! about one county or one period: the district's name, a four-digit year, the removed year constants, a
//! period length written as `/ 5.0` or a per-year `[bool; 6]`. Comments, test modules (`#[cfg(test)]` to
//! the end of a file), test files and data files are not looked at.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") && p.file_name().is_some_and(|n| n != "tests.rs") {
            out.push(p);
        }
    }
}

/// The code of a line without its `//` comment (a `//` inside a string literal is kept).
fn code_of(line: &str) -> &str {
    let mut in_str = false;
    let mut prev = '\0';
    for (i, c) in line.char_indices() {
        match c {
            '"' if prev != '\\' => in_str = !in_str,
            '/' if !in_str && prev == '/' => return &line[..i - 1],
            _ => {}
        }
        prev = if prev == '\\' && c == '\\' { '\0' } else { c };
    }
    line
}

/// What in `code` is a plan fact, if anything.
fn fact_in(code: &str) -> Option<String> {
    for word in ["梨树", "鸡西", "BASE_YEAR", "FINAL_YEAR", "MID_TERM_YEAR", "/ 5.0", "[bool; 6]"] {
        if code.contains(word) {
            return Some(word.to_string());
        }
    }
    if code.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == "YEARS") {
        return Some("YEARS".to_string());
    }
    let b = code.as_bytes();
    for i in 0..b.len().saturating_sub(3) {
        let digits = b[i..i + 4].iter().all(u8::is_ascii_digit);
        let alone = (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if digits && alone && (b[i] == b'2' && b[i + 1] == b'0') {
            return Some(code[i..i + 4].to_string());
        }
    }
    None
}

fn facts_in_file(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else { return vec![] };
    let rust = path.extension().is_some_and(|x| x == "rs");
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if rust && line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = if rust { code_of(line) } else { line };
        if let Some(f) = fact_in(code) {
            out.push(format!("{}:{}: “{f}”：{}", path.display(), i + 1, line.trim()));
        }
    }
    out
}

#[test]
fn no_plan_facts_in_code() {
    let root = root();
    let mut files = Vec::new();
    for dir in ["core/src", "src", "xlsx/src", "bench/src"] {
        sources(&root.join(dir), &mut files);
    }
    files.push(root.join("index.html"));
    files.sort();
    assert!(files.len() > 40, "sources found: {}", files.len());
    let found: Vec<String> = files.iter().flat_map(|f| facts_in_file(f)).collect();
    assert!(found.is_empty(), "代码中出现了规划信息（应取自目标目录）：\n{}", found.join("\n"));
}

#[test]
fn the_scan_finds_what_it_is_meant_to_find() {
    for bad in [
        "let d = \"梨树区\";",
        "if y == 2025 {",
        "use crate::dataset::YEARS;",
        "let e = (y - b) / 5.0;",
        "filled: [bool; 6],",
        "x.clamp(BASE_YEAR, FINAL_YEAR)",
    ] {
        assert!(fact_in(code_of(bad)).is_some(), "{bad}");
    }
    for ok in [
        "let n = 12345;",
        "// 2025 in a comment",
        "let t = x; // 梨树 in a comment",
        "let url = \"a//b\"; let y = period.last;",
        "pub const ALL: [Status; 6] = [",
        "let s = \"100000\";",
        "YEARS_OF_SCHOOLING",
    ] {
        assert_eq!(fact_in(code_of(ok)), None, "{ok}");
    }
}
