//! 目标行 / One target line → its indicators (clauses, merged milestones, final touches).

use super::item::{Ctx, Item, TooMany, MAX_LINE_ITEMS};
use super::targets::more_targets_than;
use super::numeric::numeric;
use super::qualitative::{milestone_item, qualitative};
use super::text::*;
use super::units::{lead_unit_of, Unit};
use crate::catalogue::{Indicator, Kind};
use crate::parse::parse_target_spans;

/// Drafts the indicators of one target line (ids are set by the caller). A line that would give more than
/// [`MAX_LINE_ITEMS`] indicators is one milestone marked for splitting by hand; the work stops as soon as that is
/// certain, so a line with thousands of values costs no more than reading it.
pub(super) fn draft_line(text: &str, ctx: &Ctx) -> Vec<Indicator> {
    let body = trim_punct(text);
    let lead = text.len() - text.trim_start().len();
    let body_start = if body.is_empty() { 0 } else { lead.min(text.len()) };
    let body_end = body_start + body.len();
    let mut items: Vec<Item> = Vec::new();
    // Indicators after merging: the non-milestones plus one per run of neighbouring milestones.
    let mut count = 0;
    let mut too_many = false;
    for (a, b) in split_top(&text[body_start..body_end], &['，', ',', '；', ';']) {
        let Ok(more) = clause_items(text, (body_start + a, body_start + b), ctx, &items) else {
            too_many = true;
            break;
        };
        for it in more {
            let joins = it.ind.kind == Kind::Milestone
                && items.last().is_some_and(|p| p.ind.kind == Kind::Milestone && p.span.1 <= it.span.0);
            if !joins {
                count += 1;
            }
            items.push(it);
        }
        if count > MAX_LINE_ITEMS {
            too_many = true;
            break;
        }
    }
    let mut items = if too_many { Vec::new() } else { merge_milestones(text, items) };
    if items.is_empty() || items.len() > MAX_LINE_ITEMS {
        let whole = text.trim();
        let span = (lead, lead + whole.len());
        let mut it = milestone_item(text, span);
        it.mark("目标行过于复杂或无法拆分，请人工拆分");
        items = vec![it];
    }
    items.into_iter().map(|it| finish(it, text, ctx)).collect()
}

/// Review marks of a milestone that the merged clause decides again (they are not carried over).
fn reclassified(mark: &str) -> bool {
    mark.starts_with("措辞中没有") || mark.starts_with("有“提高")
}

/// Merges each run of neighbouring qualitative clauses into one milestone (classified again as a whole, keeping
/// the other review marks of its parts), in one pass.
pub(super) fn merge_milestones(text: &str, items: Vec<Item>) -> Vec<Item> {
    fn flush(text: &str, run: &mut Vec<Item>, out: &mut Vec<Item>) {
        match run.len() {
            0 => {}
            1 => out.extend(run.drain(..)),
            _ => {
                let span = (run[0].span.0, run[run.len() - 1].span.1);
                let mut merged = milestone_item(text, span);
                for r in run.iter().flat_map(|it| it.review.iter()) {
                    if !reclassified(r) {
                        merged.mark(r.clone());
                    }
                }
                run.clear();
                out.push(merged);
            }
        }
    }
    let mut out: Vec<Item> = Vec::new();
    let mut run: Vec<Item> = Vec::new();
    for it in items {
        let milestone = it.ind.kind == Kind::Milestone;
        let joins = milestone && run.last().is_some_and(|p| p.span.1 <= it.span.0);
        if !joins {
            flush(text, &mut run, &mut out);
        }
        if milestone {
            run.push(it);
        } else {
            out.push(it);
        }
    }
    flush(text, &mut run, &mut out);
    out
}

/// The indicators of one clause; `prev` are those drafted before it in the line.
pub(super) fn clause_items(line: &str, span: (usize, usize), ctx: &Ctx, prev: &[Item]) -> Result<Vec<Item>, TooMany> {
    let c = &line[span.0..span.1];
    if more_targets_than(c, MAX_LINE_ITEMS) {
        return Err(TooMany);
    }
    let spans = parse_target_spans(c);
    if spans.is_empty() {
        return qualitative(line, span, ctx);
    }
    numeric(line, span, &spans, ctx, prev)
}

/// Final touches: lead unit, joined notes and review marks.
pub(super) fn finish(mut it: Item, line: &str, ctx: &Ctx) -> Indicator {
    let subject = format!("{}{}", it.ind.name, it.ind.clause);
    let unit = lead_unit_of(&subject)
        .or_else(|| lead_unit_of(line))
        .or_else(|| lead_unit_of(ctx.goal))
        .or_else(|| has_any(&subject, &["妇女", "女性"]).then_some(Unit::WomenFederation));
    match unit {
        Some(u) => it.ind.lead_unit = u.name(ctx.prefix),
        None => it.mark("牵头单位待定"),
    }
    it.ind.interpretation = it.notes.join("");
    it.ind.review = it.review.join("；");
    it.ind
}
