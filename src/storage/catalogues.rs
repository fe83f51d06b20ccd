//! The catalogues of this browser: the embedded one (always there), the ones an office loaded (stored as
//! catalogue JSON under `lishu-monitor:catalogue:<id>`), and which one is in use
//! (`lishu-monitor:active-catalogue`, the id). A stored catalogue with the embedded catalogue's id is a
//! revised version of it and is used instead of it until removed.
//!
//! Nothing here deletes data: removing a catalogue leaves its data (`Keys::of(id)`) where they are, so loading
//! it again brings them back; an unreadable stored catalogue is left untouched and the embedded one used.

use super::{Backend, Notice, StorageFailure};
use lishu_core::catalogue::check::check_stored;
use lishu_core::Catalogue;

/// The id of the catalogue in use.
pub const ACTIVE_KEY: &str = "lishu-monitor:active-catalogue";
/// Prefix of stored catalogues (followed by the id).
pub const CATALOGUE_PREFIX: &str = "lishu-monitor:catalogue:";

/// A catalogue stored in this browser, or why it cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCatalogue {
    pub id: String,
    pub catalogue: Result<Catalogue, String>,
}

/// Reads a stored catalogue: JSON of a `Catalogue` whose header, period and indicator ids still pass
/// (`check_stored`; every catalogue passed the full check before it was stored).
fn read(text: &str) -> Result<Catalogue, String> {
    let cat = Catalogue::from_json(text)?;
    let errors = check_stored(&cat);
    match errors.first() {
        None => Ok(cat),
        Some(e) => Err(format!("{}{}", e.message(), if errors.len() > 1 { format!("等 {} 处问题", errors.len()) } else { String::new() })),
    }
}

/// Every stored catalogue, by id.
pub fn stored(b: &dyn Backend) -> Vec<StoredCatalogue> {
    let mut keys: Vec<String> =
        b.keys().unwrap_or_default().into_iter().filter(|k| k.starts_with(CATALOGUE_PREFIX)).collect();
    keys.sort();
    keys.into_iter()
        .map(|k| {
            let id = k[CATALOGUE_PREFIX.len()..].to_string();
            let catalogue = match b.get(&k) {
                Ok(Some(t)) => read(&t),
                Ok(None) => Err("存储项已不存在".to_string()),
                Err(e) => Err(e.message()),
            };
            StoredCatalogue { id, catalogue }
        })
        .collect()
}

/// Stores a (checked) catalogue under its id, replacing an earlier version of the same id.
pub fn store(b: &dyn Backend, cat: &Catalogue) -> Result<(), StorageFailure> {
    let json = serde_json::to_string(cat).map_err(|e| StorageFailure::Other(e.to_string()))?;
    b.set(&format!("{CATALOGUE_PREFIX}{}", cat.id), &json)
}

/// Removes a stored catalogue (its data stay).
pub fn remove(b: &dyn Backend, id: &str) -> Result<(), StorageFailure> {
    b.remove(&format!("{CATALOGUE_PREFIX}{id}"))
}

/// Makes `id` the catalogue in use from the next start of the page.
pub fn set_active(b: &dyn Backend, id: &str) -> Result<(), StorageFailure> {
    b.set(ACTIVE_KEY, id)
}

/// The catalogue to start with: the stored catalogue named by [`ACTIVE_KEY`] (or a stored revision of the
/// embedded one), else `None` for the embedded catalogue. A catalogue that cannot be read gives a notice and
/// the embedded catalogue; nothing is changed in storage.
pub fn active(b: &dyn Backend, embedded: &Catalogue) -> (Option<Catalogue>, Option<Notice>) {
    let id = match b.get(ACTIVE_KEY) {
        Ok(Some(id)) if !id.trim().is_empty() => id.trim().to_string(),
        _ => embedded.id.clone(),
    };
    match b.get(&format!("{CATALOGUE_PREFIX}{id}")) {
        Ok(Some(text)) => match read(&text) {
            Ok(cat) => (Some(cat), None),
            Err(e) => (
                None,
                Some(Notice::error(format!(
                    "浏览器中保存的目标目录（编号 {id}）无法读取（{e}），本次使用内置的{}；该目录及其数据未作改动。",
                    embedded.describe()
                ))),
            ),
        },
        Ok(None) if id == embedded.id => (None, None),
        Ok(None) => (
            None,
            Some(Notice::error(format!(
                "浏览器中找不到正在使用的目标目录（编号 {id}），本次使用内置的{}；该目录的数据未作改动，重新载入该目录文件即可继续使用。",
                embedded.describe()
            ))),
        ),
        Err(e) => (None, Some(Notice::warn(format!("{}，本次使用内置目标目录。", e.message())))),
    }
}
