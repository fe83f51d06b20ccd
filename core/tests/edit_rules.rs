//! The one edit path (`lishu_core::edit::apply`) and the review rules a unit can live with: locks only on
//! the values present at acceptance that the unit entered; nothing-filled years cannot be submitted; a
//! submission not yet reviewed can be withdrawn; changing a submitted year takes it back to 填报中 (after a
//! confirmation the core asks for); stamps, change log and undo steps come from the one path.

use lishu_core::dataset::{Field, How, ReviewState, UnitRole, YearEntry};
use lishu_core::edit::{apply, confirm_needed, Actor, Applied, Edit, EditError};
use lishu_core::io::History;
use lishu_core::review::{self, ReviewError};
use lishu_core::{Catalogue, Dataset};

fn cat() -> &'static Catalogue {
    Catalogue::embedded()
}

/// A unit leading at least two indicators and co-operating on one: (unit, two it leads, one it co-operates
/// on, one it has nothing to do with).
fn roles() -> (String, [String; 2], String, String) {
    let ds = Dataset::default();
    let inds = cat().indicators();
    for r in &inds {
        let unit = r.indicator.lead_unit.clone();
        if unit.is_empty() {
            continue;
        }
        let of = |role| inds.iter().filter(|x| ds.unit_role(x.indicator, &unit) == Some(role)).map(|x| x.indicator.id.clone()).collect::<Vec<_>>();
        let (lead, co) = (of(UnitRole::Lead), of(UnitRole::CoOperating));
        let other = inds.iter().find(|x| ds.unit_role(x.indicator, &unit).is_none()).map(|x| x.indicator.id.clone());
        if let (2.., 1.., Some(other)) = (lead.len(), co.len(), other) {
            return (unit, [lead[0].clone(), lead[1].clone()], co[0].clone(), other);
        }
    }
    panic!("the catalogue has a unit leading two indicators and co-operating on one");
}

struct Desk {
    ds: Dataset,
    history: History,
    t: u32,
}

impl Desk {
    fn new() -> Desk {
        Desk { ds: Dataset::default(), history: History::default(), t: 0 }
    }
    fn at(&mut self) -> String {
        self.t += 1;
        format!("2026-03-01T10:{:02}:{:02}+08:00", self.t / 60, self.t % 60)
    }
    fn apply(&mut self, actor: &Actor, e: Edit) -> Result<Applied, EditError> {
        let at = self.at();
        apply(&mut self.ds, &mut self.history, cat(), actor, &at, e)
    }
    fn value(&self, id: &str, year: u16) -> Option<String> {
        self.ds.entry(id, year).map(|e| e.value.clone())
    }
}

fn typed(id: &str, year: u16, text: &str) -> Edit {
    Edit::Field { indicator: id.into(), year, field: Field::Value, text: text.into() }
}

fn unit(u: &str) -> Actor {
    Actor::Unit(u.into())
}

#[test]
fn typing_is_stamped_logged_and_one_undo_step_per_field() {
    let (u, [a, b], _, _) = roles();
    let mut d = Desk::new();
    let first = d.apply(&unit(&u), typed(&a, 2022, "9")).expect("typed");
    assert!(!first.continues);
    let second = d.apply(&unit(&u), typed(&a, 2022, "90")).expect("typed");
    assert!(second.continues, "the same field continues the step");
    d.apply(&Actor::Office, typed(&b, 2022, "5")).expect("typed");
    assert_eq!(d.history.len(), 2, "one undo step per field");
    let e = d.ds.entry(&a, 2022).expect("entry");
    assert_eq!((e.value.as_str(), e.unit.as_str()), ("90", u.as_str()), "stamped with the unit");
    assert!(!e.updated_at.is_empty());
    assert_eq!(d.ds.entry(&b, 2022).map(|e| e.unit.as_str()), Some(""), "the office's entry names no unit");
    let logged: Vec<(&str, &str)> = d.ds.log.iter().map(|e| (e.indicator.as_str(), e.by.as_str())).collect();
    assert_eq!(logged, [(a.as_str(), u.as_str()), (b.as_str(), "区妇儿工委办")], "one log entry per field");
    assert_eq!(d.ds.log[0].after.as_ref().map(|e| e.value.as_str()), Some("90"));
    d.apply(&Actor::Office, Edit::Undo).expect("undo");
    assert_eq!(d.value(&b, 2022), None);
    assert_eq!(d.value(&a, 2022), Some("90".into()));
    d.apply(&Actor::Office, Edit::Undo).expect("undo");
    assert_eq!(d.apply(&Actor::Office, Edit::Undo), Err(EditError::NothingToUndo));
    d.apply(&Actor::Office, Edit::Redo).expect("redo");
    assert_eq!(d.value(&a, 2022), Some("90".into()));
    assert!(d.ds.log.iter().any(|e| e.how == How::Undo) && d.ds.log.iter().any(|e| e.how == How::Redo));
}

#[test]
fn bad_edits_change_nothing() {
    let (u, [a, _], _, _) = roles();
    let mut d = Desk::new();
    assert_eq!(d.apply(&unit(&u), typed("X-9-9", 2022, "1")), Err(EditError::UnknownIndicator { id: "X-9-9".into() }));
    let out = d.apply(&unit(&u), typed(&a, 1990, "1")).expect_err("year out of range");
    assert!(out.to_string().contains("1990"), "{out}");
    let band = d.apply(&Actor::Office, Edit::Band { indicator: a.clone(), band: Some(80.0) }).expect_err("band");
    assert!(band.to_string().contains("带宽 80"), "{band}");
    let dup = d.apply(&Actor::Office, Edit::AddUnit { name: u.clone() }).expect_err("duplicate unit");
    assert!(dup.to_string().contains("已在列表中"), "{dup}");
    assert_eq!(d.ds, Dataset::default());
    assert!(d.history.is_empty());
}

#[test]
fn acceptance_locks_only_the_values_the_unit_entered() {
    let (u, [a, b], co, other) = roles();
    let mut d = Desk::new();
    d.apply(&unit(&u), typed(&a, 2022, "1")).expect("a lead value");
    d.apply(&unit(&u), typed(&co, 2022, "2")).expect("a co-operating value");
    d.apply(&unit(&u), typed(&other, 2022, "3")).expect("not its indicator");
    d.apply(&Actor::Office, typed(&a, 2021, "4")).expect("the office's value, another year");
    d.apply(&unit("另一单位"), typed(&b, 2023, "5")).expect("another unit's value");
    d.apply(&unit(&u), Edit::Submit { unit: u.clone(), year: 2022 }).expect("submit");
    let done = d.apply(&Actor::Office, Edit::Accept { unit: u.clone(), year: 2022 }).expect("accept");
    assert!(done.message.as_deref().is_some_and(|m| m.contains(" 2 个数值已锁定")), "{done:?}");
    assert!(review::is_locked(&d.ds, &a, 2022) && review::is_locked(&d.ds, &co, 2022));
    assert!(!review::is_locked(&d.ds, &b, 2022), "an empty cell is not locked");
    assert!(!review::is_locked(&d.ds, &other, 2022), "not the unit's indicator");
    assert!(!review::is_locked(&d.ds, &a, 2021), "another year");
    // A later value for the empty cell is an ordinary entry.
    d.apply(&unit(&u), typed(&b, 2022, "6")).expect("the empty cell takes a value");
    // A locked value is refused with a message naming indicator, year and who locked it.
    let before = d.ds.clone();
    let err = d.apply(&unit(&u), typed(&a, 2022, "7")).expect_err("locked");
    let text = err.to_string();
    assert!(matches!(err, EditError::Locked { year: 2022, .. }), "{err:?}");
    assert!(text.contains(&format!("（{a}）")) && text.contains("2022 年") && text.contains("区妇儿工委办审核锁定"), "{text}");
    assert_eq!(d.ds, before, "nothing changed");
    d.apply(&Actor::Office, Edit::Stage { indicator: a.clone(), year: 2022, stage: None }).expect_err("a stage too");
}

#[test]
fn a_year_with_nothing_filled_cannot_be_submitted() {
    let (u, [a, _], _, other) = roles();
    let mut d = Desk::new();
    d.apply(&unit(&u), typed(&other, 2022, "3")).expect("a value of another unit's indicator");
    let err = d.apply(&unit(&u), Edit::Submit { unit: u.clone(), year: 2022 }).expect_err("nothing of its own filled");
    assert!(matches!(err, EditError::Review(ReviewError::NothingFilled { .. })), "{err:?}");
    assert!(err.to_string().contains("不能提交"), "{err}");
    assert!(review::review_of(&d.ds, &u, 2022).is_none());
    d.apply(&unit(&u), typed(&a, 2022, "1")).expect("typed");
    let fill = review::year_fill(&d.ds, cat(), &u, 2022);
    assert_eq!(fill.filled, vec![(a.clone(), UnitRole::Lead)]);
    assert!(!fill.missing.is_empty() && fill.missing.iter().all(|(id, _)| *id != a));
    assert!(fill.line().starts_with("已填 1 项，未填"), "{}", fill.line());
    let ok = d.apply(&unit(&u), Edit::Submit { unit: u.clone(), year: 2022 }).expect("submits");
    assert!(ok.message.is_some_and(|m| m.contains("已填 1 项")));
}

#[test]
fn a_submission_not_yet_reviewed_can_be_withdrawn() {
    let (u, [a, _], _, _) = roles();
    let mut d = Desk::new();
    let err = d.apply(&unit(&u), Edit::Withdraw { unit: u.clone(), year: 2022 }).expect_err("nothing submitted");
    assert!(err.to_string().contains("不能撤回"), "{err}");
    d.apply(&unit(&u), typed(&a, 2022, "1")).expect("typed");
    d.apply(&unit(&u), Edit::Submit { unit: u.clone(), year: 2022 }).expect("submit");
    d.apply(&unit(&u), Edit::Withdraw { unit: u.clone(), year: 2022 }).expect("withdraw");
    assert_eq!(review::state_label(review::review_of(&d.ds, &u, 2022)), "填报中");
    assert_eq!(d.ds.log.last().map(|e| e.how.clone()), Some(How::Withdraw));
    let err = d.apply(&Actor::Office, Edit::Accept { unit: u.clone(), year: 2022 }).expect_err("withdrawn");
    assert!(err.to_string().contains("尚未提交（填报中）"), "{err}");
    d.apply(&unit(&u), Edit::Submit { unit: u.clone(), year: 2022 }).expect("submits again");
    d.apply(&Actor::Office, Edit::Accept { unit: u.clone(), year: 2022 }).expect("accept");
    d.apply(&unit(&u), Edit::Withdraw { unit: u.clone(), year: 2022 }).expect_err("reviewed: too late");
    // A later withdrawal wins over an older copy of the submission when the records are joined.
    let mut older = Desk::new();
    older.apply(&unit(&u), typed(&a, 2023, "1")).expect("typed");
    older.apply(&unit(&u), Edit::Submit { unit: u.clone(), year: 2023 }).expect("submit");
    let mut newer = older.ds.clone();
    review::withdraw(&mut newer, &u, 2023, "2026-04-01T00:00:00+08:00").expect("withdraw");
    review::join(&mut newer, &older.ds);
    assert_eq!(review::review_of(&newer, &u, 2023).map(|r| r.state), Some(ReviewState::Drafting));
}

#[test]
fn changing_a_submitted_year_asks_first_and_takes_it_back_to_drafting() {
    let (u, [a, b], _, _) = roles();
    let mut d = Desk::new();
    d.apply(&unit(&u), typed(&a, 2022, "1")).expect("typed");
    d.apply(&unit(&u), Edit::Submit { unit: u.clone(), year: 2022 }).expect("submit");
    let edit = typed(&b, 2022, "2");
    let q = confirm_needed(&d.ds, cat(), &unit(&u), &edit).expect("asks first");
    assert!(q.contains("已提交") && q.contains("填报中"), "{q}");
    assert_eq!(confirm_needed(&d.ds, cat(), &Actor::Office, &edit), None, "the office's correction does not reopen");
    assert_eq!(confirm_needed(&d.ds, cat(), &unit(&u), &typed(&a, 2023, "1")), None, "another year");
    let done = d.apply(&unit(&u), edit).expect("changed");
    assert_eq!(done.reopened, Some(2022));
    assert!(done.message.is_some_and(|m| m.contains("填报中")));
    assert_eq!(review::review_of(&d.ds, &u, 2022).map(|r| r.state), Some(ReviewState::Drafting));
    let hows: Vec<How> = d.ds.log.iter().rev().take(2).map(|e| e.how.clone()).collect();
    assert_eq!(hows, [How::Entry, How::Reopen], "the reopening is on record before the change");
    let next = d.apply(&unit(&u), typed(&b, 2022, "25")).expect("typing on");
    assert_eq!(next.reopened, None);
    assert!(next.continues);
    assert_eq!(d.ds.log.iter().filter(|e| e.how == How::Entry && e.indicator == b).count(), 1, "still one entry");
}

#[test]
fn review_actions_belong_to_the_unit_or_the_office() {
    let (u, [a, _], _, _) = roles();
    let mut d = Desk::new();
    d.apply(&unit(&u), typed(&a, 2022, "1")).expect("typed");
    let err = d.apply(&unit("另一单位"), Edit::Submit { unit: u.clone(), year: 2022 }).expect_err("not its own");
    assert!(matches!(err, EditError::OtherUnit { .. }), "{err:?}");
    d.apply(&Actor::Office, Edit::Submit { unit: u.clone(), year: 2022 }).expect_err("the office does not submit for a unit");
    d.apply(&unit(&u), Edit::Submit { unit: u.clone(), year: 2022 }).expect("submit");
    let err = d.apply(&unit(&u), Edit::Accept { unit: u.clone(), year: 2022 }).expect_err("a unit cannot accept");
    assert!(err.to_string().contains("审核由妇儿工委办操作"), "{err}");
    d.apply(&unit(&u), Edit::Return { unit: u.clone(), year: 2022, reason: "x".into() }).expect_err("nor return");
    let err = d.apply(&Actor::Office, Edit::Return { unit: u.clone(), year: 2022, reason: " ".into() }).expect_err("a reason");
    assert_eq!(err.to_string(), "退回须写明理由");
    d.apply(&Actor::Office, Edit::Return { unit: u.clone(), year: 2022, reason: "分母有误".into() }).expect("returned");
    assert!(d.history.len() == 1, "review actions are not undo steps");
}

#[test]
fn imports_replacements_and_restores_go_through_the_same_path() {
    let (u, [a, b], _, _) = roles();
    let mut d = Desk::new();
    d.apply(&unit(&u), typed(&a, 2022, "1")).expect("typed");
    d.apply(&unit(&u), Edit::Submit { unit: u.clone(), year: 2022 }).expect("submit");
    d.apply(&Actor::Office, Edit::Accept { unit: u.clone(), year: 2022 }).expect("accept");
    // An import (the core's import apply) as one undo step with a snapshot.
    let mut file = Dataset::default();
    file.set_entry(&b, 2022, YearEntry { value: "8".into(), unit: u.clone(), updated_at: "2026-03-02T00:00:00+08:00".into(), ..Default::default() });
    let bytes = lishu_core::io::export_dataset(&file, &u, "2026-03-02T00:00:00+08:00", cat()).into_bytes();
    let preview = lishu_core::io::import_files(&[("卫健局.json".into(), bytes)], cat(), &d.ds);
    assert!(preview.files[0].accepted, "{:?}", preview.files[0].messages(cat()));
    let stale = {
        let mut p = preview.clone();
        p.base.set_entry(&b, 2021, YearEntry { value: "1".into(), ..Default::default() });
        p
    };
    let import = |p| Edit::Import { preview: Box::new(p), resolutions: Default::default(), unlocks: Default::default(), label: "导入 1 个文件".into() };
    assert_eq!(d.apply(&Actor::Office, import(stale)), Err(EditError::StalePreview));
    let done = d.apply(&Actor::Office, import(preview)).expect("imported");
    assert_eq!(done.snapshot.as_ref().map(|s| s.label.as_str()), Some("导入 1 个文件之前"));
    assert_eq!(d.value(&b, 2022), Some("8".into()));
    assert!(d.ds.log.iter().any(|e| e.how == How::Import { file: "卫健局.json".into() }));
    // Clearing keeps the locked value; restoring the snapshot brings the rest back.
    let snap = done.snapshot.expect("snapshot");
    let cleared = d
        .apply(&Actor::Office, Edit::Replace { label: "清空数据".into(), dataset: Box::default(), how: How::Replace { label: "清空数据".into() } })
        .expect("cleared");
    assert_eq!(cleared.kept_locked, 1);
    assert_eq!((d.value(&a, 2022), d.value(&b, 2022)), (Some("1".into()), None));
    d.apply(&Actor::Office, Edit::Restore { snapshot: Box::new(snap) }).expect("restored");
    assert_eq!(d.value(&b, 2022), None, "the snapshot from before the import");
    assert_eq!(d.value(&a, 2022), Some("1".into()));
}
