//! Reading one data file: every check runs before anything is used (size, UTF-8, JSON, format tag,
//! schema, checksum, structure, catalogue ids, years, values).

use super::checksum::{checksum_of, PREFIX};
use super::envelope::{check_type_and_schema, migrate, read_header, DATASET_TYPE};
use super::error::{FileError, FileErrorKind};
use super::json::J;
use super::lenient::{read_dataset, Report};
use super::trust::{duplicate_keys, sealed_with, unit_file_problems, Reader};
use crate::catalogue::diff::{target_changes, TargetChange};
use crate::catalogue::{Catalogue, Period};
use crate::dataset::{resolve, Dataset, InputErrorKind};
use serde::{Deserialize, Serialize};

/// Largest accepted file (32 MB). A full district dataset is well under 1 MB; a city or province roll-up
/// lists every county's figures in each entry's note (120 counties: about 10 MB).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// What was learned about one file: its header, counts, errors (any error rejects the file whole) and
/// notices (ignored unknown members, missing checksum, other catalogue version …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    pub unit: String,
    pub exported_at: String,
    pub schema: Option<u32>,
    pub app_version: String,
    /// The catalogue the file was made for (empty id: a file from before catalogue ids, taken as made for
    /// the catalogue in use).
    pub catalogue_id: String,
    pub catalogue_version: String,
    /// Indicators of the file whose target differs between the file's catalogue version and the one in use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_changes: Vec<TargetChange>,
    /// Number of indicator+year rows holding data or notes.
    pub rows: usize,
    pub accepted: bool,
    /// The file speaks for the office (the reader's own district file, or a received district file sealed
    /// with the receiver's office key): its review states, locks and log are taken as the office's. Every
    /// other file is a unit's file ([`super::trust`]).
    #[serde(default)]
    pub office: bool,
    pub errors: Vec<FileError>,
    pub notices: Vec<String>,
    /// Cells of an accepted file that are not imported, one error each (a filled Excel template: the
    /// valid rows are imported, these are listed in the preview before confirming).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<FileError>,
}

impl FileReport {
    /// Chinese messages of all errors.
    pub fn messages(&self, cat: &Catalogue) -> Vec<String> {
        self.errors.iter().map(|e| e.message(cat)).collect()
    }
}

fn json_error(e: &serde_json::Error) -> FileErrorKind {
    use serde_json::error::Category;
    let detail = match e.classify() {
        Category::Eof => "内容不完整，文件可能被截断".to_string(),
        Category::Syntax => "语法错误".to_string(),
        Category::Data => "数据结构错误".to_string(),
        Category::Io => "读取错误".to_string(),
    };
    FileErrorKind::NotJson { line: e.line(), column: e.column(), detail }
}

/// Checks the values of a dataset against the catalogue: unknown indicator ids, years outside its data years,
/// and every value check of `dataset::resolve` (not a number, negative, above the unit's maximum, zero
/// denominator, incomplete pairs …). Errors carry `file`.
pub fn validate(file: &str, ds: &Dataset, cat: &Catalogue) -> Vec<FileError> {
    let index = cat.index();
    let mut errors = Vec::new();
    for (id, years) in &ds.data {
        let ind = index.get(id.as_str()).map(|r| r.indicator);
        for (year, entry) in years {
            let row_error = |kind: InputErrorKind| FileError {
                file: file.to_string(),
                indicator: Some(id.clone()),
                year: Some(*year),
                field: None,
                path: format!("data.data.{id}.{year}"),
                cell: None,
                kind: FileErrorKind::Value(kind),
            };
            let Some(ind) = ind else {
                errors.push(row_error(InputErrorKind::UnknownIndicator));
                continue;
            };
            if !cat.keeps_year(ind, *year) {
                errors.push(row_error(InputErrorKind::YearOutOfRange));
                continue;
            }
            // A 上一期 year carried from the previous catalogue is checked as a data year of its own.
            let period = if cat.period.contains(*year) { cat.period } else { Period { base: *year, ..cat.period } };
            if let Err(es) = resolve(ind, period, *year, entry) {
                errors.extend(es.iter().map(|e| FileError::from_input(file, e)));
            }
        }
    }
    errors
}

/// Reads and checks the operator's own data file ([`Reader::Own`]): a district file is taken as is, a file
/// naming a unit is held to a unit's rules. Returns the report and, only when the file has no error, its
/// dataset.
pub fn read_file(name: &str, bytes: &[u8], cat: &Catalogue) -> (FileReport, Option<Dataset>) {
    read_file_with(name, bytes, cat, Reader::Own)
}

/// Reads and checks one data file as `reader` receives it (see [`super::trust`]).
pub fn read_file_with(name: &str, bytes: &[u8], cat: &Catalogue, reader: Reader<'_>) -> (FileReport, Option<Dataset>) {
    let mut rep = FileReport { name: name.to_string(), ..FileReport::default() };
    let fail = |mut rep: FileReport, kind: FileErrorKind| {
        rep.errors.push(FileError::whole(name, kind));
        (rep, None)
    };
    if bytes.len() > MAX_FILE_BYTES {
        return fail(rep, FileErrorKind::TooLarge { size: bytes.len(), max: MAX_FILE_BYTES });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return fail(rep, FileErrorKind::NotUtf8 { offset: e.valid_up_to() }),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = match J::parse(text) {
        Ok(j) => j,
        Err(e) => return fail(rep, json_error(&e)),
    };
    let dups = duplicate_keys(&root);
    if !dups.is_empty() {
        rep.errors.extend(dups.into_iter().map(|(path, key)| FileError::whole(name, FileErrorKind::DuplicateKey { path, key })));
        return (rep, None);
    }
    let schema = match check_type_and_schema(&root, DATASET_TYPE) {
        Ok(s) => s,
        Err(kind) => {
            if let FileErrorKind::NewerSchema { found, .. } = kind {
                rep.schema = Some(found);
            }
            return fail(rep, kind);
        }
    };
    let header = read_header(&root, schema, "exported_at", &mut rep.notices);
    let district = header.unit.is_empty();
    let (office, now) = match reader {
        Reader::Own => (district, None),
        Reader::Received(r) => {
            let sealed = r.office_key.is_some_and(|k| sealed_with(k, &root));
            if sealed {
                rep.notices.push("本机妇儿工委办导出的备份（已核对本机的工委办密钥）".to_string());
            } else if district && r.trust_district {
                rep.notices.push("全区数据文件：无法用本机的工委办密钥核对，按妇儿工委办的数据读取".to_string());
            }
            (sealed || (district && r.trust_district), r.now)
        }
    };
    rep.office = office;
    rep.schema = Some(schema);
    rep.unit = header.unit.clone();
    rep.exported_at = header.time.clone();
    rep.app_version = header.app_version.clone();
    rep.catalogue_id = header.catalogue_id.clone();
    rep.catalogue_version = header.catalogue_version.clone();
    if !header.catalogue_id.is_empty() && header.catalogue_id != cat.id {
        return fail(
            rep,
            FileErrorKind::OtherCatalogue {
                found_id: header.catalogue_id.clone(),
                found_title: header.catalogue_title.clone(),
                found_version: header.catalogue_version.clone(),
            },
        );
    }
    if let Some(detail) = super::carried::check_carried(&root, &header.catalogue_id, &header.catalogue_version, cat) {
        return fail(rep, FileErrorKind::CarriedCatalogue { detail });
    }
    let Some(data) = root.get("data") else { return fail(rep, FileErrorKind::MissingData) };
    match &header.checksum {
        Some(c) if !c.starts_with(PREFIX) => {
            return fail(rep, FileErrorKind::UnknownChecksum { found: c.clone() });
        }
        Some(c) => {
            let actual = checksum_of(data);
            if !c.eq_ignore_ascii_case(&actual) {
                return fail(rep, FileErrorKind::BadChecksum { expected: c.clone(), actual });
            }
        }
        None => rep.notices.push("文件未带校验码，无法确认文件完整".to_string()),
    }
    let root = match migrate(root, schema) {
        Ok(r) => r,
        Err(kind) => return fail(rep, kind),
    };
    if schema < super::envelope::SCHEMA {
        rep.notices.push(format!("已从数据格式版本 {schema} 升级到 {}", super::envelope::SCHEMA));
    }
    let Some(data) = root.get("data") else { return fail(rep, FileErrorKind::MissingData) };
    let mut lr = Report::default();
    let mut ds = read_dataset(data, &mut lr);
    rep.notices.extend(lr.notices);
    for mut e in lr.errors {
        e.file = name.to_string();
        rep.errors.push(e);
    }
    // Rows with a structural error are not value-checked again (one error per mistake).
    let broken: std::collections::BTreeSet<(Option<String>, Option<u16>)> =
        rep.errors.iter().map(|e| (e.indicator.clone(), e.year)).collect();
    rep.errors
        .extend(validate(name, &ds, cat).into_iter().filter(|e| !broken.contains(&(e.indicator.clone(), e.year))));
    let unauthorised =
        if office { Vec::new() } else { unit_file_problems(&ds, &header.unit, &header.time, now, cat) };
    if !unauthorised.is_empty() {
        rep.errors.push(FileError::whole(name, FileErrorKind::Unauthorised { details: unauthorised }));
    }
    let index = cat.index();
    ds.settings.retain(|id, _| {
        let known = index.contains_key(id.as_str());
        if !known {
            rep.notices.push(format!("指标设置中的编号 {id} 不在目录中，已忽略"));
        }
        known
    });
    if !header.catalogue_version.is_empty() && header.catalogue_version != cat.version {
        rep.target_changes = target_changes(&header.targets, cat);
        let changed = if rep.target_changes.is_empty() {
            "文件中指标的目标均未变化".to_string()
        } else {
            let list: Vec<String> = rep.target_changes.iter().map(|c| c.message(cat)).collect();
            format!("以下 {} 项指标的目标已变化：{}", list.len(), list.join("；"))
        };
        rep.notices.push(format!(
            "文件按目标目录版本 {} 填报，当前目录版本为 {}；{changed}",
            header.catalogue_version, cat.version
        ));
    }
    rep.rows = ds.data.values().map(|m| m.len()).sum();
    if rep.errors.is_empty() {
        rep.accepted = true;
        (rep, Some(ds))
    } else {
        (rep, None)
    }
}

