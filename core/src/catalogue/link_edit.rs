//! 与上一期对照 edited by a person (设置 → 目标目录): each row of the link table — a new indicator and the
//! previous one it continues — is confirmed (确认: the review mark of the proposed link goes), changed to
//! another previous indicator (更改) or unlinked (取消关联: the indicator is new). [`apply_link_edits`] applies
//! the edits to a catalogue, [`change_lines`] says in Chinese what they change, and [`save_links`] (run in the
//! file module: it needs the catalogue check and the TOML writer) applies them, checks the result with every
//! catalogue and link rule (unknown ids, two new indicators claiming one old one without a note …) and
//! writes the `.toml` — or refuses, listing every problem, and nothing is saved.
//!
//! Data already carried into the catalogue do not follow a changed link: they stay as carried (转入 again
//! after saving to carry the newly linked indicator's data).

use super::{Catalogue, Indicator};
use serde::{Deserialize, Serialize};

/// What a person does with one row of the link table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "do", content = "old")]
pub enum RowEdit {
    /// 确认: the link stays; its review mark (written by `lishu catalogue link`) goes.
    Confirm,
    /// 更改: the indicator continues this previous indicator instead.
    Change(String),
    /// 取消关联: the indicator continues none (a new indicator).
    Unlink,
}

/// One edited row: the new catalogue's indicator and what is done with its link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkEdit {
    pub indicator: String,
    pub edit: RowEdit,
}

/// The beginning of the review mark `link::link_catalogue` writes for an unsure link.
const LINK_MARK: &str = "与上一期指标 ";

/// The review mark without the parts about the link (other review notes stay).
fn without_link_mark(review: &str) -> String {
    review
        .split('；')
        .filter(|p| !p.trim().is_empty() && !p.trim_start().starts_with(LINK_MARK))
        .collect::<Vec<_>>()
        .join("；")
}

fn edit_indicator(ind: &mut Indicator, edit: &RowEdit) {
    match edit {
        RowEdit::Confirm => {}
        RowEdit::Change(old) => {
            let old = old.trim().to_string();
            if ind.previous.as_deref().map(str::trim) != Some(old.as_str()) {
                // The note said how the measure changed against the old predecessor.
                ind.previous_note.clear();
            }
            ind.previous = Some(old);
        }
        RowEdit::Unlink => {
            ind.previous = None;
            ind.previous_note.clear();
        }
    }
    ind.review = without_link_mark(&ind.review);
}

/// `cat` with the edits applied (later edits of the same indicator win). An edit naming an indicator the
/// catalogue does not have is refused (a Chinese message per such edit).
pub fn apply_link_edits(cat: &Catalogue, edits: &[LinkEdit]) -> Result<Catalogue, Vec<String>> {
    let unknown: Vec<String> = edits
        .iter()
        .filter(|e| cat.indicator(&e.indicator).is_none())
        .map(|e| format!("本期目录（{}）中没有指标 {}", cat.id, e.indicator))
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let mut out = cat.clone();
    for e in edits {
        if let Some(ind) = out.lines.iter_mut().flat_map(|l| l.indicators.iter_mut()).find(|i| i.id == e.indicator) {
            edit_indicator(ind, &e.edit);
        }
    }
    Ok(out)
}

/// "W1-4-2 孕产妇死亡率", or the id with a note when `prev` does not have it.
fn old_text(prev: &Catalogue, id: Option<&str>) -> String {
    match id.map(str::trim) {
        None => "（新增，无接续）".to_string(),
        Some(id) => match prev.indicator(id) {
            Some(r) => format!("{id} {}", r.indicator.name),
            None => format!("{id}（上一期目录中没有此指标）"),
        },
    }
}

/// What the edits change, one Chinese line per indicator whose link or review mark changes, in catalogue
/// order: "孕产妇死亡率（W2-1-2）：W1-4-2 孕产妇死亡率 → W1-2-1a …", "…：确认接续 W1-4-1 …", "…：取消关联（原接续
/// …），作为新增指标".
pub fn change_lines(cat: &Catalogue, prev: &Catalogue, edits: &[LinkEdit]) -> Vec<String> {
    let Ok(after) = apply_link_edits(cat, edits) else { return Vec::new() };
    let mut out = Vec::new();
    for (a, b) in cat.indicators().iter().zip(after.indicators()) {
        let (a, b) = (a.indicator, b.indicator);
        let label = cat.indicator_label(&a.id);
        let (was, now) = (a.previous.as_deref().map(str::trim), b.previous.as_deref().map(str::trim));
        if was != now {
            out.push(match (was, now) {
                (Some(_), None) => format!("{label}：取消关联（原接续 {}），作为新增指标", old_text(prev, was)),
                _ => format!("{label}：{} → {}", old_text(prev, was), old_text(prev, now)),
            });
        } else if a.review != b.review && now.is_some() {
            out.push(format!("{label}：确认接续 {}", old_text(prev, now)));
        }
    }
    out
}

/// What the app asks the file module ("link-save"): save the edited links of `catalogue` (the one in use)
/// against `previous`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkSaveRequest {
    pub catalogue: Catalogue,
    pub previous: Catalogue,
    pub edits: Vec<LinkEdit>,
    /// The indicators holding data of 上一期 years (carried before the base year): they cannot be unlinked,
    /// since those years belong to the catalogue only while the indicator continues a previous one.
    #[serde(default)]
    pub with_earlier: Vec<String>,
}

/// The module's answer: the changes in words and either the edited catalogue with its `.toml`, or the
/// problems that refuse it (then nothing is to be saved).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkSaveAnswer {
    pub changes: Vec<String>,
    /// Every catalogue and link problem of the edited catalogue; empty when it may be saved.
    pub problems: Vec<String>,
    /// The edited catalogue (None when refused).
    pub catalogue: Option<Catalogue>,
    /// Its `.toml` file (empty when refused).
    pub toml: String,
}

/// Applies the edits, checks the result (`check_catalogue`, `check_links`) and writes its `.toml`; see
/// [`LinkSaveAnswer`].
pub fn save_links(req: &LinkSaveRequest) -> LinkSaveAnswer {
    let (cat, prev) = (&req.catalogue, &req.previous);
    let edited = match apply_link_edits(cat, &req.edits) {
        Ok(c) => c,
        Err(problems) => return LinkSaveAnswer { problems, ..LinkSaveAnswer::default() },
    };
    let changes = change_lines(cat, prev, &req.edits);
    let mut errors = super::check::check_catalogue(&edited);
    errors.extend(super::check::check_links(&edited, prev));
    let mut problems: Vec<String> = errors.iter().map(|e| e.plain_message()).collect();
    for e in req.edits.iter().filter(|e| e.edit == RowEdit::Unlink && req.with_earlier.contains(&e.indicator)) {
        problems.push(format!(
            "{}已有转入的上一期年份数据，取消关联后这些年份不再属于本目录（导出的数据文件将无法再导入）：请保留关联，或“更改”为其他上一期指标",
            cat.indicator_label(&e.indicator)
        ));
    }
    if changes.is_empty() && problems.is_empty() {
        problems.push("没有改动任何对照".to_string());
    }
    if !problems.is_empty() {
        return LinkSaveAnswer { changes, problems, ..LinkSaveAnswer::default() };
    }
    let heading = format!(
        "{}\n与上一期目录 {} 的对照已在监测评估系统中核对修改（设置 → 目标目录 → 与上一期对照）。",
        edited.describe(),
        prev.describe()
    );
    match super::file::write_catalogue(&edited, &heading) {
        Ok(toml) => LinkSaveAnswer { changes, problems: Vec::new(), catalogue: Some(edited), toml },
        Err(e) => LinkSaveAnswer { changes, problems: vec![e], ..LinkSaveAnswer::default() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::file::read_catalogue;
    use crate::catalogue::link::link_catalogue;

    fn linked() -> Catalogue {
        let next = read_catalogue(include_bytes!("../../tests/fixtures/lishu-2026-2030.toml")).expect("fixture");
        link_catalogue(&next, Catalogue::embedded()).0
    }

    fn edit(id: &str, e: RowEdit) -> LinkEdit {
        LinkEdit { indicator: id.into(), edit: e }
    }

    fn ind<'a>(c: &'a Catalogue, id: &str) -> &'a Indicator {
        c.indicator(id).expect("indicator").indicator
    }

    #[test]
    fn confirm_change_and_unlink_rewrite_only_their_rows() {
        let cat = linked();
        let old = Catalogue::embedded();
        let unsure = cat.indicators().into_iter().find(|r| r.indicator.review.contains(LINK_MARK)).expect("an unsure link");
        let unsure_id = unsure.indicator.id.clone();
        let edits = vec![
            edit(&unsure_id, RowEdit::Confirm),
            edit("W2-1-2", RowEdit::Change("W1-2-1a".into())),
            edit("W2-1-1", RowEdit::Unlink),
        ];
        let after = apply_link_edits(&cat, &edits).expect("applies");
        assert_eq!(ind(&after, &unsure_id).previous, unsure.indicator.previous, "confirm keeps the link");
        assert!(!ind(&after, &unsure_id).review.contains(LINK_MARK), "{}", ind(&after, &unsure_id).review);
        assert_eq!(ind(&after, "W2-1-2").previous.as_deref(), Some("W1-2-1a"));
        assert_eq!(ind(&after, "W2-1-1").previous, None);
        // Every other indicator is as it was.
        for (a, b) in cat.indicators().iter().zip(after.indicators()) {
            if ![unsure_id.as_str(), "W2-1-2", "W2-1-1"].contains(&a.indicator.id.as_str()) {
                assert_eq!(a.indicator, b.indicator);
            }
        }
        let lines = change_lines(&cat, old, &edits);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("孕产妇死亡率（W2-1-2）：W1-4-2 孕产妇死亡率 → W1-2-1a ")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("（W2-1-1）：取消关联（原接续 W1-4-1 ") && l.ends_with("作为新增指标")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains(&format!("（{unsure_id}）：确认接续 "))), "{lines:?}");
        // Other review notes stay when the link's is removed.
        assert_eq!(without_link_mark("目标值待核对；与上一期指标 W1-1-1（甲）的对照待确认：名称相似度 0.6"), "目标值待核对");
        // An unknown indicator of this catalogue is refused.
        let e = apply_link_edits(&cat, &[edit("W9-9-9", RowEdit::Unlink)]).expect_err("unknown");
        assert!(e[0].contains("W9-9-9"), "{e:?}");
    }

    #[test]
    fn saving_checks_the_links_and_writes_the_catalogue_or_refuses() {
        let cat = linked();
        let old = Catalogue::embedded().clone();
        let req = |edits: Vec<LinkEdit>| LinkSaveRequest { catalogue: cat.clone(), previous: old.clone(), edits, with_earlier: vec![] };
        // Two new indicators claiming one old one without a note: refused, each problem named.
        let a = save_links(&req(vec![edit("W2-1-1", RowEdit::Change("W1-4-2".into()))]));
        assert!(a.catalogue.is_none() && a.toml.is_empty());
        assert!(a.problems.iter().any(|p| p.contains("同样接续上一期指标 W1-4-2") && p.contains("取消关联")), "{:?}", a.problems);
        assert!(a.problems.iter().all(|p| !p.contains("的 previous")), "no TOML field named before the message: {:?}", a.problems);
        assert_eq!(a.changes.len(), 1, "the change is still listed: {:?}", a.changes);
        // An unknown previous id: refused.
        let a = save_links(&req(vec![edit("W2-1-1", RowEdit::Change("W9-9-9".into()))]));
        assert!(a.problems.iter().any(|p| p.contains("没有指标 W9-9-9")), "{:?}", a.problems);
        // An indicator holding carried 上一期 years cannot be unlinked (those years would fall out of the catalogue).
        let a = save_links(&LinkSaveRequest { with_earlier: vec!["W2-1-1".into()], ..req(vec![edit("W2-1-1", RowEdit::Unlink)]) });
        assert!(a.catalogue.is_none());
        assert!(a.problems.iter().any(|p| p.starts_with("孕产妇系统管理率（W2-1-1）已有转入的上一期年份数据")), "{:?}", a.problems);
        // Nothing changed: nothing to save.
        let a = save_links(&req(vec![]));
        assert_eq!(a.problems, vec!["没有改动任何对照".to_string()]);
        // A change the rules accept: the catalogue and its .toml, which reads back to it.
        let a = save_links(&req(vec![edit("W2-1-2", RowEdit::Change("W1-2-1a".into())), edit("W2-1-1", RowEdit::Unlink)]));
        assert!(a.problems.is_empty(), "{:?}", a.problems);
        let saved = a.catalogue.expect("saved");
        assert_eq!(read_catalogue(a.toml.as_bytes()).expect("the .toml reads"), saved);
        assert_eq!((saved.id.as_str(), saved.version.as_str()), (cat.id.as_str(), cat.version.as_str()));
        assert_eq!(ind(&saved, "W2-1-2").previous.as_deref(), Some("W1-2-1a"));
    }
}
