//! Catalogue files (`.toml`, the format of `core/data/catalogue.toml`): strict reading with Chinese messages
//! that name the line and the field, and writing (for drafts and for saving a catalogue in use).
//!
//! Reading refuses, before anything is used: files over [`MAX_CATALOGUE_BYTES`], text that is not UTF-8,
//! TOML syntax errors, unknown or missing fields, wrong value types and unknown names (kind, op, entry …),
//! then every rule of [`super::check`] (duplicate ids, a goal without its domain, a line without its goal, a
//! numeric target without op or value, a period whose end is before its start, a base year not before the
//! period …). Every problem is listed, each with its line.

use super::check::{check_catalogue, check_links, CatalogueError, Step};
use super::Catalogue;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Largest accepted catalogue file (4 MB; the Lishu catalogue is about 0.3 MB).
pub const MAX_CATALOGUE_BYTES: usize = 4 * 1024 * 1024;

/// A problem that stops a file from being read as a catalogue, in Chinese with its line.
fn whole(what: String, line: Option<usize>) -> CatalogueError {
    CatalogueError { path: Vec::new(), place: "目录文件".to_string(), field: None, what, line }
}

/// 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// Line numbers of many offsets in one text: the newlines are found once, each lookup is a binary search
/// (a map of a province names ~36,000 pairs; counting newlines from the start for each took most of the
/// roll-up's time).
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect())
    }
    /// 1-based line of byte `offset` (the same as [`line_of`]).
    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

/// Reads a catalogue file. Returns the catalogue, or every problem found (none is used when any is found).
pub fn read_catalogue(bytes: &[u8]) -> Result<Catalogue, Vec<CatalogueError>> {
    read_catalogue_text(decode(bytes)?)
}

/// [`read_catalogue`] of a catalogue that continues `previous` (`[previous]`): also every rule of
/// [`check_links`] (the header names `previous`, every `previous = "…"` is one of its indicators …), each
/// problem with its line.
pub fn read_linked_catalogue(bytes: &[u8], previous: &Catalogue) -> Result<Catalogue, Vec<CatalogueError>> {
    let text = decode(bytes)?;
    let cat = read_catalogue_text(text)?;
    let mut errors = check_links(&cat, previous);
    if errors.is_empty() {
        return Ok(cat);
    }
    locate(text, &mut errors);
    Err(errors)
}

/// The text of a catalogue file: size, UTF-8 and BOM checked.
fn decode(bytes: &[u8]) -> Result<&str, Vec<CatalogueError>> {
    if bytes.len() > MAX_CATALOGUE_BYTES {
        return Err(vec![whole(
            format!("文件过大（{:.1} MB），超过 {} MB 上限，请确认是否选错文件", bytes.len() as f64 / 1_048_576.0, MAX_CATALOGUE_BYTES / 1_048_576),
            None,
        )]);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        vec![whole(format!("不是 UTF-8 文本（第 {} 字节起无法识别），请用记事本等另存为 UTF-8 编码", e.valid_up_to()), None)]
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Sets the line of each error from its path into `text`.
fn locate(text: &str, errors: &mut [CatalogueError]) {
    if let Ok(root) = DeTable::parse(text) {
        for e in errors {
            e.line = span_of(root.get_ref(), &e.path).map(|s| line_of(text, s.start));
        }
    }
}

/// [`read_catalogue`] of text.
pub fn read_catalogue_text(text: &str) -> Result<Catalogue, Vec<CatalogueError>> {
    let cat: Catalogue = match toml::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            let line = e.span().map(|s| line_of(text, s.start));
            return Err(vec![CatalogueError {
                path: Vec::new(),
                place: "目录文件".to_string(),
                field: None,
                what: translate(e.message()),
                line,
            }]);
        }
    };
    let mut errors = check_catalogue(&cat);
    if errors.is_empty() {
        return Ok(cat);
    }
    locate(text, &mut errors);
    Err(errors)
}

/// The span of the deepest part of `path` present in the table (the member itself, else the table that
/// should hold it).
fn span_of(root: &DeTable<'_>, path: &[Step]) -> Option<std::ops::Range<usize>> {
    let mut found: Option<std::ops::Range<usize>> = None;
    let mut table: Option<&DeTable<'_>> = Some(root);
    let mut value: Option<&Spanned<DeValue<'_>>> = None;
    for step in path {
        let next = match (step, table, value) {
            (Step::Key(k), Some(t), _) => t.get(*k),
            (Step::Index(i), _, Some(v)) => v.get_ref().as_array().and_then(|a| a.get(*i)),
            _ => None,
        };
        let Some(next) = next else { break };
        found = Some(next.span());
        table = next.get_ref().as_table();
        value = Some(next);
    }
    // A table's own span in an array of tables starts at its first member; the line of `[[…]]` is more useful
    // only when the member is missing, and the first member's line is right below it.
    found
}

/// The toml/serde message in Chinese (the original is kept for what is not recognised).
pub fn translate(msg: &str) -> String {
    let msg = msg.trim();
    let quoted = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("缺少字段 {}", rest.trim_matches('`'));
    }
    if msg.starts_with("unknown field ") {
        let q = quoted(msg);
        let field = q.first().cloned().unwrap_or_default();
        let allowed = q.get(1..).map(|v| v.join("、")).unwrap_or_default();
        return if allowed.is_empty() {
            format!("未知字段 {field}（可能是拼写错误）")
        } else {
            format!("未知字段 {field}（可能是拼写错误；此处可用的字段：{allowed}）")
        };
    }
    if msg.starts_with("unknown variant ") {
        let q = quoted(msg);
        let found = q.first().cloned().unwrap_or_default();
        let allowed = q.get(1..).map(|v| v.join("、")).unwrap_or_default();
        return format!("“{found}”不是可用的取值（可用：{allowed}）");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("类型不对：应为{}，实际为{}", type_name(expected), type_name(found));
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        return format!("取值无效（{rest}）");
    }
    if msg.contains("duplicate key") {
        return format!("同一个键重复出现（{msg}）");
    }
    format!("TOML 格式错误（{msg}）")
}

fn type_name(t: &str) -> String {
    let t = t.trim();
    let name = if t.starts_with("string") {
        "文字"
    } else if t.starts_with("integer") || t.starts_with("u16") || t.starts_with("u32") || t.starts_with("f64") || t.starts_with("float") {
        "数字"
    } else if t.starts_with("boolean") || t.starts_with("a boolean") {
        "true/false"
    } else if t.starts_with("sequence") || t.starts_with("array") || t.starts_with("a sequence") {
        "列表 [...]"
    } else if t.starts_with("map") || t.starts_with("table") || t.starts_with("struct") {
        "表"
    } else if t.starts_with("a string") {
        "文字"
    } else {
        return t.to_string();
    };
    format!("{name}（{t}）")
}

/// The catalogue as a TOML file that [`read_catalogue`] reads back to the same catalogue.
pub fn write_catalogue(cat: &Catalogue, heading: &str) -> Result<String, String> {
    let body = toml::to_string(cat).map_err(|e| format!("目录无法写成 TOML（程序错误）：{e}"))?;
    let mut out = String::new();
    for l in heading.lines() {
        out.push_str("# ");
        out.push_str(l);
        out.push('\n');
    }
    if !heading.is_empty() {
        out.push('\n');
    }
    out.push_str(&body);
    Ok(out)
}

/// A catalogue file as checked by the lazily loaded file module in the browser (JSON across its ABI): the
/// catalogue, or every problem as a Chinese message with its line.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CheckedFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<Catalogue>,
    #[serde(default)]
    pub errors: Vec<String>,
}

impl CheckedFile {
    /// [`read_catalogue`] of `bytes`, errors as messages.
    pub fn of(bytes: &[u8]) -> CheckedFile {
        match read_catalogue(bytes) {
            Ok(c) => CheckedFile { catalogue: Some(c), errors: Vec::new() },
            Err(errs) => CheckedFile { catalogue: None, errors: errs.iter().map(CatalogueError::message).collect() },
        }
    }
}

/// What to write as a catalogue file (JSON across the file module's ABI).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WriteRequest {
    pub catalogue: Catalogue,
    /// Comment lines at the top of the file.
    #[serde(default)]
    pub heading: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_line_index_agrees_with_counting_newlines() {
        let text = "a\nbb\n\nccc\n";
        let idx = super::LineIndex::new(text);
        for off in 0..=text.len() + 2 {
            assert_eq!(idx.line(off), super::line_of(text, off), "offset {off}");
        }
    }

    use super::*;

    const SOURCE: &str = include_str!("../../data/catalogue.toml");

    #[test]
    fn the_catalogue_file_reads_as_the_embedded_catalogue() {
        let c = read_catalogue(SOURCE.as_bytes()).expect("reads");
        assert_eq!(&c, Catalogue::embedded());
    }

    #[test]
    fn written_catalogues_read_back_unchanged() {
        let text = write_catalogue(Catalogue::embedded(), "测试\n第二行").expect("writes");
        assert!(text.starts_with("# 测试\n# 第二行\n"));
        assert_eq!(&read_catalogue_text(&text).expect("reads back"), Catalogue::embedded());
    }

    fn first_error(text: &str) -> String {
        match read_catalogue_text(text) {
            Ok(_) => panic!("accepted"),
            Err(e) => e[0].message(),
        }
    }

    #[test]
    fn errors_name_line_and_field() {
        // A misspelt field of the 5th domain.
        let bad = SOURCE.replacen("short = \"社会保障\"", "shrt = \"社会保障\"", 1);
        let line = line_of(&bad, bad.find("shrt").expect("found"));
        let m = first_error(&bad);
        assert!(m.starts_with(&format!("第 {line} 行：")) && m.contains("未知字段 shrt"), "{m}");

        // An unknown kind.
        let bad = SOURCE.replacen("kind = \"min\"", "kind = \"minimum\"", 1);
        let line = line_of(&bad, bad.find("\"minimum\"").expect("found"));
        let m = first_error(&bad);
        assert!(m.starts_with(&format!("第 {line} 行：")) && m.contains("“minimum”不是可用的取值"), "{m}");

        // A rule of the check, placed on the member's line.
        let bad = SOURCE.replacen("last = 2025", "last = 2019", 1);
        let line = line_of(&bad, bad.find("last = 2019").expect("found"));
        let m = first_error(&bad);
        assert_eq!(m, format!("第 {line} 行：规划期的 last：最后一年 2019 早于第一年 2021"));

        // A goal naming a missing domain.
        let bad = SOURCE.replacen("domain = \"W1\"", "domain = \"W9\"", 1);
        let line = line_of(&bad, bad.find("\"W9\"").expect("found"));
        let all = read_catalogue_text(&bad).expect_err("refused");
        assert!(all.iter().any(|e| e.message() == format!("第 {line} 行：目标 W1-1 的 domain：所属领域 W9 不存在")), "{all:?}");

        // Wrong type.
        let m = first_error(&SOURCE.replacen("base = 2020", "base = \"二〇二〇\"", 1));
        assert!(m.contains("类型不对"), "{m}");
        // Syntax.
        let m = first_error(&SOURCE.replacen("[period]", "[period", 1));
        assert!(m.contains("TOML 格式错误") && m.starts_with("第 "), "{m}");
    }

    #[test]
    fn links_are_written_read_back_and_checked_with_their_line() {
        let old = Catalogue::embedded();
        let mut c = old.clone();
        c.id = "next-2026-2030".into();
        c.period = super::super::Period { base: 2025, first: 2026, last: 2030, midterm: 2028 };
        c.previous = Some(super::super::PreviousCatalogue { id: old.id.clone(), version: old.version.clone(), base: Some(2020) });
        c.lines[0].indicators[0].previous = Some(old.lines[0].indicators[0].id.clone());
        c.lines[0].indicators[0].previous_note = "口径变化".into();
        c.lines[1].indicators[0].previous = Some("W9-9-9".into());
        let text = write_catalogue(&c, "").expect("writes");
        assert!(text.contains("[previous]") && text.contains("previous = \"W9-9-9\"") && text.contains("previous_note = "), "{text}");
        assert_eq!(read_catalogue_text(&text).expect("reads back"), c);
        let e = read_linked_catalogue(text.as_bytes(), old).expect_err("unknown previous id");
        let line = line_of(&text, text.find("\"W9-9-9\"").expect("there"));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].message().starts_with(&format!("第 {line} 行：指标 {} 的 previous：上一期目录", c.lines[1].indicators[0].id)), "{}", e[0].message());
        // A typo in the header is refused with its field.
        let bad = text.replacen("[previous]\nid", "[previous]\nidd", 1);
        assert!(first_error(&bad).contains("未知字段 idd"), "{}", first_error(&bad));
    }

    #[test]
    fn checked_files_carry_the_catalogue_or_the_messages() {
        let ok = CheckedFile::of(SOURCE.as_bytes());
        assert_eq!(ok.catalogue.as_ref(), Some(Catalogue::embedded()));
        let bad = CheckedFile::of(SOURCE.replacen("[period]", "[period", 1).as_bytes());
        assert!(bad.catalogue.is_none() && bad.errors[0].starts_with("第 "), "{:?}", bad.errors);
        let json = serde_json::to_string(&bad).expect("json");
        assert_eq!(serde_json::from_str::<CheckedFile>(&json).expect("back"), bad);
    }

    #[test]
    fn bytes_are_checked_first() {
        let e = read_catalogue(&[0xff, 0xfe, 0x00]).expect_err("not utf-8");
        assert!(e[0].message().contains("不是 UTF-8"));
        let big = vec![b'#'; MAX_CATALOGUE_BYTES + 1];
        assert!(read_catalogue(&big).expect_err("too big")[0].message().contains("文件过大"));
        let with_bom = format!("\u{feff}{SOURCE}");
        assert!(read_catalogue(with_bom.as_bytes()).is_ok());
    }
}
