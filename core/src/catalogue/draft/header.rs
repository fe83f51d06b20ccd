//! 规划信息 / The plan facts of the header (region, period, authority, issue date, id, version).

use super::error::DraftError;
use super::structure::Source;
use super::title::{authority_of, issued_date, named_base_years, Title};
use crate::catalogue::check::{valid_catalogue_id, MAX_BASE_GAP, MAX_ID_LEN, MAX_PLAN_YEARS, YEAR_RANGE};
use crate::catalogue::Period;

/// What the caller may set instead of the drafted defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct DraftOptions {
    /// Catalogue id (default "draft-{first}-{last}").
    pub id: Option<String>,
    /// Catalogue version (default "{issued}.draft" or "draft").
    pub version: Option<String>,
}

/// The plan facts of the header.
pub(super) struct Head {
    pub(super) id: String,
    pub(super) version: String,
    pub(super) region: String,
    pub(super) authority: String,
    pub(super) issued: String,
    pub(super) period: Period,
    pub(super) titles: Vec<Title>,
}

pub(super) fn header(text: &str, src: &Source, opts: &DraftOptions, errors: &mut Vec<DraftError>) -> Option<Head> {
    let Some((first_at, first)) = src.titles.first().cloned() else {
        errors.insert(0, DraftError::NoTitle);
        return None;
    };
    let (lo, hi) = YEAR_RANGE;
    for (at, t) in &src.titles {
        if !(lo..=hi).contains(&t.first) || !(lo..=hi).contains(&t.last) {
            errors.push(DraftError::TitleYears { line: *at, title: t.text.clone(), lo, hi });
        } else if t.last < t.first {
            errors.push(DraftError::TitleOrder { line: *at, title: t.text.clone() });
        } else if t.last - t.first + 1 > MAX_PLAN_YEARS {
            errors.push(DraftError::PeriodTooLong { line: *at, title: t.text.clone(), max: MAX_PLAN_YEARS });
        }
        if t.region != first.region {
            errors.push(DraftError::RegionDiffers {
                line: *at,
                title: t.text.clone(),
                region: t.region.clone(),
                first_line: first_at,
                first_region: first.region.clone(),
            });
        }
        if (t.first, t.last) != (first.first, first.last) {
            errors.push(DraftError::PeriodDiffers {
                line: *at,
                title: t.text.clone(),
                first_line: first_at,
                first: first.first,
                last: first.last,
            });
        }
    }
    if src.lines.is_empty() {
        errors.push(DraftError::NoTargetLines);
    }
    if !errors.is_empty() {
        return None;
    }
    let (f, l) = (first.first, first.last);
    let base = named_base_years(text)
        .into_iter()
        .filter(|(y, _)| *y < f && f - *y <= MAX_BASE_GAP)
        .max_by_key(|(y, n)| (*n, *y))
        .map_or(f.saturating_sub(1), |(y, _)| y);
    let period = Period { base, first: f, last: l, midterm: f + (l - f) / 2 };
    let authority = text.lines().take(first_at.saturating_sub(1)).find_map(authority_of).unwrap_or_default();
    let issued = issued_date(text).unwrap_or_default();
    let id = opts.id.clone().unwrap_or_else(|| format!("draft-{f}-{l}"));
    if !valid_catalogue_id(&id) {
        errors.push(DraftError::BadId { id: id.clone(), max: MAX_ID_LEN });
    }
    let version = opts.version.clone().unwrap_or_else(|| if issued.is_empty() { "draft".to_string() } else { format!("{issued}.draft") });
    if version.trim().is_empty() {
        errors.push(DraftError::BlankVersion);
    }
    let mut titles: Vec<Title> = Vec::new();
    for (_, t) in &src.titles {
        if !titles.iter().any(|x| x.plan == t.plan) {
            titles.push(t.clone());
        }
    }
    Some(Head { id, version, region: first.region.clone(), authority, issued, period, titles })
}
