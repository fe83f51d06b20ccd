//! 目标行 / One target line → its indicators (clauses, merged milestones, final touches).

use super::item::{Ctx, Item};
use super::numeric::numeric;
use super::qualitative::{milestone_item, qualitative};
use super::text::*;
use super::units::{lead_unit_of, Unit};
use crate::catalogue::{Indicator, Kind};
use crate::parse::parse_target_spans;

/// Drafts the indicators of one target line (ids are set by the caller).
pub(super) fn draft_line(text: &str, ctx: &Ctx) -> Vec<Indicator> {
    let body = trim_punct(text);
    let lead = text.len() - text.trim_start().len();
    let body_start = if body.is_empty() { 0 } else { lead.min(text.len()) };
    let body_end = body_start + body.len();
    let mut items: Vec<Item> = Vec::new();
    for (a, b) in split_top(&text[body_start..body_end], &['，', ',', '；', ';']) {
        let more = clause_items(text, (body_start + a, body_start + b), ctx, &items);
        items.extend(more);
    }
    let mut items = merge_milestones(text, items);
    if items.is_empty() || items.len() > 26 {
        let whole = text.trim();
        let span = (lead, lead + whole.len());
        let mut it = milestone_item(text, span);
        it.mark("目标行过于复杂或无法拆分，请人工拆分");
        items = vec![it];
    }
    items.into_iter().map(|it| finish(it, text, ctx)).collect()
}

/// Merges neighbouring qualitative clauses into one milestone.
pub(super) fn merge_milestones(text: &str, items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for it in items {
        let mergeable = it.ind.kind == Kind::Milestone;
        match out.last_mut() {
            Some(prev) if mergeable && prev.ind.kind == Kind::Milestone && prev.span.1 <= it.span.0 => {
                let span = (prev.span.0, it.span.1);
                let mut merged = milestone_item(text, span);
                for r in prev.review.iter().chain(&it.review) {
                    if !r.starts_with("措辞中没有") && !r.starts_with("有“提高") {
                        merged.mark(r.clone());
                    }
                }
                // The merged clause is classified again as a whole (its words decide the review mark).
                *prev = merged;
            }
            _ => out.push(it),
        }
    }
    out
}

pub(super) fn clause_items(line: &str, span: (usize, usize), ctx: &Ctx, prev: &[Item]) -> Vec<Item> {
    let c = &line[span.0..span.1];
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
