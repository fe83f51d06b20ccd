//! 附带目标目录 / A data file that carries its catalogue (for upward reporting).
//!
//! A county's (or a unit's) data file may carry the catalogue it was entered for, so that the city's office
//! can roll the county up without asking for the catalogue file separately. The catalogue is written as a
//! `catalogue` member of the envelope, before `data`, in the catalogue's own JSON form (the form the app
//! keeps it in; the same fields as a `.toml` catalogue file):
//!
//! ```json
//! { "type": "lishu-monitor/dataset", "schema": 2, …, "checksum": "fnv1a64:…",
//!   "catalogue": { "id": "lishu-2021-2030", "version": "…", "region": "梨树区", … },
//!   "data": { … } }
//! ```
//!
//! Reading:
//! - [`read_carried`] (the 市级汇总 screen, in the file module) reads the carried catalogue **as strictly as a
//!   catalogue file**: unknown or missing fields, wrong types and every rule of `catalogue::check` are
//!   errors naming the file; its id and version must be the ones the file's header names.
//! - `io::read_file` (import and merge in the app) accepts files with or without it. When the file carries a
//!   catalogue, its id and version must be the header's, and when they are those of the catalogue in use its
//!   content must equal the catalogue in use — otherwise the file is refused whole, as a file of another
//!   catalogue is today ([`check_carried`]).

use super::json::J;
use crate::catalogue::check::check_catalogue;
use crate::catalogue::Catalogue;

/// The member name.
pub const CATALOGUE_MEMBER: &str = "catalogue";

/// Inserts `"catalogue": {…}` before the top-level `"data"` member of a pretty-printed envelope (as
/// `export_dataset` writes it: two-space indent, `data` last). Unchanged if there is no such member.
pub fn insert_catalogue(envelope: &str, cat: &Catalogue) -> String {
    const DATA: &str = "\n  \"data\": ";
    let Ok(json) = serde_json::to_string(cat) else { return envelope.to_string() };
    match envelope.find(DATA) {
        Some(at) => {
            let mut out = String::with_capacity(envelope.len() + json.len() + 20);
            out.push_str(&envelope[..at]);
            out.push_str("\n  \"catalogue\": ");
            out.push_str(&json);
            out.push(',');
            out.push_str(&envelope[at..]);
            out
        }
        None => envelope.to_string(),
    }
}

/// The catalogue's JSON tree as a carried catalogue is written.
fn tree_of(cat: &Catalogue) -> Option<J> {
    serde_json::to_string(cat).ok().and_then(|t| J::parse(&t).ok())
}

/// What is wrong with the carried catalogue of a data file read with the catalogue in use `cat`, whose header
/// names catalogue `id` / `version` (None: nothing wrong, or nothing carried).
pub fn check_carried(root: &J, id: &str, version: &str, cat: &Catalogue) -> Option<String> {
    let carried = root.get(CATALOGUE_MEMBER)?;
    let J::Obj(_) = carried else {
        return Some(format!("附带的目标目录应为对象，实际为{}", carried.type_name()));
    };
    let text = |k: &str| carried.get(k).and_then(J::as_str).unwrap_or_default().to_string();
    let (cid, cver) = (text("id"), text("version"));
    if cid != id || cver != version {
        return Some(format!(
            "附带的目标目录（编号 {cid}，版本 {cver}）与文件头所写的目录（编号 {id}，版本 {version}）不一致，文件可能被手工改过"
        ));
    }
    if id == cat.id && version == cat.version && tree_of(cat).as_ref() != Some(carried) {
        return Some(format!(
            "附带的目标目录与正在使用的{}编号、版本相同但内容不同（有人改过目录却没有改版本），两者不能混用",
            cat.describe()
        ));
    }
    None
}

/// The catalogue a data file carries, checked as strictly as a catalogue file: `Ok(None)` when the file
/// carries none, `Err` with every problem (each naming the file) when it does not read or breaks a rule of the
/// catalogue check, or when it is not the catalogue the header names.
pub fn read_carried(name: &str, bytes: &[u8]) -> Result<Option<Catalogue>, Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Carrying {
        #[serde(default)]
        catalogue_id: String,
        #[serde(default)]
        catalogue_version: String,
        #[serde(default)]
        catalogue: Option<Catalogue>,
    }
    let text = std::str::from_utf8(bytes).map_err(|e| vec![format!("文件“{name}”：不是 UTF-8 文本（第 {} 字节起无法识别）", e.valid_up_to())])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let c: Carrying = serde_json::from_str(text).map_err(|e| {
        let what = crate::catalogue::file::translate(&e.to_string());
        vec![format!("文件“{name}”：不是有效的数据文件，或附带的目标目录无法读取（第 {} 行：{what}）", e.line())]
    })?;
    let Some(cat) = c.catalogue else { return Ok(None) };
    let errors = check_catalogue(&cat);
    if !errors.is_empty() {
        return Err(errors.iter().map(|e| format!("文件“{name}”附带的目标目录：{}", e.message())).collect());
    }
    if cat.id != c.catalogue_id.trim() || cat.version != c.catalogue_version {
        return Err(vec![format!(
            "文件“{name}”：附带的目标目录（编号 {}，版本 {}）与文件头所写的目录（编号 {}，版本 {}）不一致，文件可能被手工改过",
            cat.id, cat.version, c.catalogue_id, c.catalogue_version
        )]);
    }
    Ok(Some(cat))
}
