//! Every import error kind, each with its Chinese message naming file, indicator, year and field; a file
//! with any error is rejected whole while other files still apply.

mod io_support;

use io_support::*;
use lishu_core::dataset::{Dataset, Field, InputErrorKind};
use lishu_core::io::{apply, import_files, FileError, FileErrorKind, Resolutions, MAX_FILE_BYTES};

const FILE: &str = "区卫健局-测试.json";

/// A sealed (correct checksum) schema-1 file holding `data_data` as `data.data`.
fn file_with(data_data: &str) -> Vec<u8> {
    let text = format!(
        r#"{{"type":"lishu-monitor/dataset","schema":1,"app_version":"t","catalogue_version":"test-1","unit":"区卫健局","exported_at":"2026-11-01T08:00:00+08:00","checksum":"","data":{{"data":{data_data}}}}}"#
    );
    // Computed over the parsed tree that keeps duplicated keys (serde_json::Value would drop them).
    let data_part = format!(r#"{{"data":{data_data}}}"#);
    let sum = lishu_core::io::json::J::parse(&data_part)
        .map(|j| lishu_core::io::checksum::checksum_of(&j))
        .unwrap_or_default();
    text.replace(r#""checksum":"""#, &format!(r#""checksum":"{sum}""#)).into_bytes()
}

fn errors_of(bytes: Vec<u8>) -> Vec<FileError> {
    let p = import_files(&[(FILE.to_string(), bytes)], &cat(), &Dataset::default());
    assert!(!p.files[0].accepted, "expected the file to be rejected");
    assert!(p.is_noop(), "a rejected file must not contribute anything");
    p.files[0].errors.clone()
}

/// The single error of a file, with its message checked to contain every `parts`.
fn one_error(bytes: Vec<u8>, parts: &[&str]) -> FileError {
    let errs = errors_of(bytes);
    assert_eq!(errs.len(), 1, "{:?}", errs);
    first_error(errs, parts)
}

/// The first error (`resolve` may add a follow-up error for the same row, e.g. an incomplete pair after a
/// negative count), with its message checked.
fn first_error(errs: Vec<FileError>, parts: &[&str]) -> FileError {
    assert!(!errs.is_empty());
    let msg = errs[0].message(&cat());
    assert!(msg.starts_with(&format!("文件“{FILE}”")), "{msg}");
    for p in parts {
        assert!(msg.contains(p), "message lacks “{p}”: {msg}");
    }
    errs[0].clone()
}

#[test]
fn too_large() {
    let mut big = file_with("{}");
    big.resize(MAX_FILE_BYTES + 1, b' ');
    let e = one_error(big, &["过大", "32 MB"]);
    assert!(matches!(e.kind, FileErrorKind::TooLarge { .. }));
}

#[test]
fn not_utf8() {
    let e = one_error(vec![0x7b, 0xff, 0xfe, 0x00], &["UTF-8", "第 1 字节"]);
    assert_eq!(e.kind, FileErrorKind::NotUtf8 { offset: 1 });
}

#[test]
fn not_json_truncated() {
    let mut b = file_with(r#"{"W1-1-2a":{"2021":"99.5"}}"#);
    b.truncate(b.len() / 2);
    let e = one_error(b, &["不是有效的 JSON", "截断", "第 1 行"]);
    assert!(matches!(e.kind, FileErrorKind::NotJson { line: 1, .. }));
}

#[test]
fn not_an_object() {
    let e = one_error(b"[1,2,3]".to_vec(), &["不是本系统的数据文件"]);
    assert_eq!(e.kind, FileErrorKind::NotAnObject);
}

#[test]
fn wrong_or_missing_type() {
    let store = lishu_core::io::encode_store(&sample(), &cat(), "2026-11-29");
    let e = one_error(store.into_bytes(), &["lishu-monitor/store", "lishu-monitor/dataset"]);
    assert!(matches!(e.kind, FileErrorKind::WrongType { found: Some(_), .. }));
    let e = one_error(br#"{"schema":1,"data":{}}"#.to_vec(), &["缺少文件类型标记"]);
    assert!(matches!(e.kind, FileErrorKind::WrongType { found: None, .. }));
}

#[test]
fn bad_newer_and_unsupported_schema() {
    let bad = String::from_utf8(file_with("{}")).expect("utf8").replace(r#""schema":1"#, r#""schema":"一""#);
    one_error(bad.into_bytes(), &["数据格式版本“一”无效"]);
    let newer = String::from_utf8(file_with("{}")).expect("utf8").replace(r#""schema":1"#, r#""schema":3"#);
    let e = one_error(newer.into_bytes(), &["更新版本", "版本 3", "未作任何处理"]);
    assert_eq!(e.kind, FileErrorKind::NewerSchema { found: 3, supported: 2 });
    let old = String::from_utf8(file_with("{}")).expect("utf8").replace(r#""schema":1"#, r#""schema":0"#);
    let e = one_error(old.into_bytes(), &["版本 0", "过旧"]);
    assert_eq!(e.kind, FileErrorKind::UnsupportedSchema { found: 0 });
}

#[test]
fn bad_and_unknown_checksum_and_missing_data() {
    let good = String::from_utf8(file_with(r#"{"W1-1-2a":{"2021":"99.5"}}"#)).expect("utf8");
    let edited = good.replace("99.5", "99.6");
    let e = one_error(edited.into_bytes(), &["校验码不符", "损坏或被手工修改"]);
    assert!(matches!(e.kind, FileErrorKind::BadChecksum { .. }));
    let start = good.find("fnv1a64:").expect("sum");
    let md5 = format!("{}md5:{}", &good[..start], &good[start + 8..]);
    one_error(md5.into_bytes(), &["无法识别的校验码“md5:"]);
    let no_data = br#"{"type":"lishu-monitor/dataset","schema":1}"#.to_vec();
    let e = one_error(no_data, &["缺少数据部分"]);
    assert_eq!(e.kind, FileErrorKind::MissingData);
}

#[test]
fn missing_checksum_is_accepted_with_a_notice() {
    let text = r#"{"type":"lishu-monitor/dataset","schema":1,"data":{"data":{"W1-1-2a":{"2021":"99.5"}}}}"#;
    let p = import_files(&[(FILE.into(), text.as_bytes().to_vec())], &cat(), &Dataset::default());
    assert!(p.files[0].accepted);
    assert!(p.files[0].notices.iter().any(|n| n.contains("未带校验码")));
}

#[test]
fn wrong_json_type_names_indicator_year_field() {
    let e = one_error(
        file_with(r#"{"W1-1-1":{"2021":{"numerator":[3],"denominator":"2000"}}}"#),
        &["孕产妇死亡率（W1-1-1）", "2021 年", "分子", "应为文本或数字，实际为数组"],
    );
    assert_eq!((e.indicator.as_deref(), e.year, e.field), (Some("W1-1-1"), Some(2021), Some(Field::Numerator)));
}

#[test]
fn bad_year_key() {
    let e = one_error(file_with(r#"{"W1-1-2a":{"二〇二一":"99"}}"#), &["住院分娩率（W1-1-2a）", "年份“二〇二一”"]);
    assert!(matches!(e.kind, FileErrorKind::BadYear { .. }));
}

#[test]
fn year_out_of_range() {
    let e = one_error(file_with(r#"{"W1-1-2a":{"2019":"99"}}"#), &["住院分娩率（W1-1-2a）", "2019 年", "2020–2025"]);
    assert_eq!(e.kind, FileErrorKind::Value(InputErrorKind::YearOutOfRange));
}

#[test]
fn duplicate_rows() {
    let e =
        one_error(file_with(r#"{"W1-1-2a":{"2021":"99","2021":"98"}}"#), &["住院分娩率（W1-1-2a）", "2021 年", "重复"]);
    assert!(matches!(e.kind, FileErrorKind::Duplicate { .. }));
    // The same year written two ways is the same row.
    let e = one_error(file_with(r#"{"W1-1-2a":{"2021":"99","２０２１":"98"}}"#), &["2021 年", "重复"]);
    assert_eq!(e.year, Some(2021));
}

#[test]
fn unknown_stage() {
    let e = one_error(
        file_with(r#"{"C1-1-1a":{"2022":{"stage":"差不多"}}}"#),
        &["儿童之家建设（C1-1-1a）", "2022 年", "进展阶段", "差不多"],
    );
    assert_eq!(e.field, Some(Field::Stage));
}

#[test]
fn unknown_indicator() {
    let e = one_error(file_with(r#"{"X9-9-9":{"2021":"1"}}"#), &["指标 X9-9-9", "2021 年", "目录中没有此指标编号"]);
    assert_eq!(e.kind, FileErrorKind::Value(InputErrorKind::UnknownIndicator));
}

#[test]
fn value_errors_from_resolve() {
    let cases: &[(&str, &[&str], Field)] = &[
        (
            r#"{"W1-1-2a":{"2021":"约99"}}"#,
            &["住院分娩率（W1-1-2a）", "2021 年", "数值", "“约99”不是有效数字"],
            Field::Value,
        ),
        (
            r#"{"W1-1-2a":{"2022":{"value":"120"}}}"#,
            &["住院分娩率（W1-1-2a）", "2022 年", "数值", "120 超出上限 100"],
            Field::Value,
        ),
        (
            r#"{"W1-1-2b":{"2023":{"female":"-3","male":"10"}}}"#,
            &["女性就业人员比例（W1-1-2b）", "2023 年", "女性人数", "不能为负数"],
            Field::Female,
        ),
        (
            r#"{"W1-1-1":{"2024":{"numerator":"1","denominator":"0"}}}"#,
            &["孕产妇死亡率（W1-1-1）", "2024 年", "分母", "分母不能为 0"],
            Field::Denominator,
        ),
        (
            r#"{"W1-1-1":{"2025":{"numerator":"1"}}}"#,
            &["孕产妇死亡率（W1-1-1）", "2025 年", "分母", "缺少分母"],
            Field::Denominator,
        ),
        (
            r#"{"C1-1-1b":{"2020":{"bodies":{"区人大":"一名"}}}}"#,
            &["班子女干部配备（C1-1-1b）", "2020 年", "区人大配备数", "“一名”不是有效数字"],
            Field::Body("区人大".into()),
        ),
    ];
    for (data, parts, field) in cases {
        let e = first_error(errors_of(file_with(data)), parts);
        assert_eq!(e.field.as_ref(), Some(field), "{data}");
        assert!(matches!(e.kind, FileErrorKind::Value(_)), "{data}");
    }
}

#[test]
fn all_errors_of_a_file_are_listed() {
    let errs = errors_of(file_with(r#"{"W1-1-2a":{"2021":"abc","2022":"150"},"X1":{"2020":"1"}}"#));
    assert_eq!(errs.len(), 3, "{errs:?}");
}

#[test]
fn a_bad_file_is_rejected_whole_and_good_files_still_apply() {
    let good = export_bytes(&sample(), "", "2026-11-29T09:30:00+08:00");
    let bad = file_with(r#"{"W1-1-2a":{"2021":"99.9","2022":"abc"}}"#);
    let p = import_files(&[("good.json".into(), good), ("bad.json".into(), bad)], &cat(), &Dataset::default());
    assert!(p.files[0].accepted && !p.files[1].accepted);
    let d = apply(&p, &Resolutions::new(), "2026-12-01");
    assert_eq!(plain(d), sample(), "the valid row 2021 of bad.json is not half-applied");
    assert!(p.additions.iter().all(|a| a.new.label == "good.json"));
}
