//! 填报完整性: which indicators and years hold data. One model for every view — the district's table after a
//! merge (all indicators by lead unit), the dashboard (the filtered indicators by lead unit) and the unit mode
//! (the indicators one unit leads or co-operates on, with its role).
//!
//! A year counts as reported when its entry holds data (`YearEntry::is_empty` is false: a note alone is not
//! data). Indicators without a lead unit are grouped under [`crate::eval::NO_UNIT`], as in the roll-ups.

use crate::catalogue::{Catalogue, IndicatorRef};
use crate::dataset::{Dataset, UnitRole};
use serde::{Deserialize, Serialize};

/// Whether one year of one indicator was reported, and by which unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearCell {
    pub year: u16,
    pub reported: bool,
    /// Unit that entered the value ("" when unknown or not reported).
    pub by: String,
}

/// One indicator and its data years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub id: String,
    pub name: String,
    /// Lead unit (dataset setting, else the catalogue's; [`crate::eval::NO_UNIT`] when none).
    pub lead_unit: String,
    /// In one unit's view: whether the unit leads or co-operates; None otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<UnitRole>,
    /// One cell per data year of the catalogue, base year first.
    pub years: Vec<YearCell>,
}

impl Row {
    /// Years reported.
    pub fn reported(&self) -> usize {
        self.years.iter().filter(|c| c.reported).count()
    }
}

/// The indicators of one lead unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitGroup {
    pub unit: String,
    pub rows: Vec<Row>,
}

impl UnitGroup {
    /// Indicator-years reported.
    pub fn reported(&self) -> usize {
        self.rows.iter().map(Row::reported).sum()
    }
    /// Indicator-years expected (indicators × data years).
    pub fn expected(&self) -> usize {
        self.rows.iter().map(|r| r.years.len()).sum()
    }
    /// Indicators reported per data year.
    pub fn filled_per_year(&self) -> Vec<usize> {
        filled_per_year(self.rows.iter())
    }
}

fn filled_per_year<'a>(rows: impl Iterator<Item = &'a Row>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for r in rows {
        if out.len() < r.years.len() {
            out.resize(r.years.len(), 0);
        }
        for (n, c) in out.iter_mut().zip(&r.years) {
            *n += usize::from(c.reported);
        }
    }
    out
}

/// Completeness of a set of indicators, grouped by lead unit (units in catalogue order of first appearance).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Completeness {
    /// The data years of the catalogue.
    pub years: Vec<u16>,
    pub units: Vec<UnitGroup>,
}

/// The row of one indicator.
pub fn row(cat: &Catalogue, ds: &Dataset, r: &IndicatorRef<'_>, role: Option<UnitRole>) -> Row {
    let lead = ds.lead_unit(r.indicator).trim();
    Row {
        id: r.indicator.id.clone(),
        name: r.indicator.name.clone(),
        lead_unit: if lead.is_empty() { crate::eval::NO_UNIT.to_string() } else { lead.to_string() },
        role,
        years: cat
            .period
            .years()
            .map(|y| {
                let e = ds.entry(&r.indicator.id, y).filter(|e| !e.is_empty());
                YearCell { year: y, reported: e.is_some(), by: e.map(|e| e.unit.clone()).unwrap_or_default() }
            })
            .collect(),
    }
}

impl Completeness {
    /// The indicators chosen by `keep`, grouped by lead unit.
    pub fn of_indicators(cat: &Catalogue, ds: &Dataset, keep: impl Fn(&IndicatorRef<'_>) -> bool) -> Completeness {
        let mut units: Vec<UnitGroup> = Vec::new();
        for r in cat.indicators().iter().filter(|r| keep(r)) {
            let row = row(cat, ds, r, None);
            match units.iter_mut().find(|u| u.unit == row.lead_unit) {
                Some(u) => u.rows.push(row),
                None => units.push(UnitGroup { unit: row.lead_unit.clone(), rows: vec![row] }),
            }
        }
        Completeness { years: cat.period.years().collect(), units }
    }

    /// Every indicator of the catalogue, grouped by lead unit.
    pub fn of(ds: &Dataset, cat: &Catalogue) -> Completeness {
        Completeness::of_indicators(cat, ds, |_| true)
    }

    pub fn unit(&self, name: &str) -> Option<&UnitGroup> {
        self.units.iter().find(|u| u.unit == name)
    }

    /// Every row, unit by unit.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.units.iter().flat_map(|u| u.rows.iter())
    }

    /// Number of indicators.
    pub fn indicators(&self) -> usize {
        self.units.iter().map(|u| u.rows.len()).sum()
    }

    /// Indicators reported per data year over all units.
    pub fn filled_per_year(&self) -> Vec<usize> {
        let mut f = filled_per_year(self.rows());
        f.resize(self.years.len(), 0);
        f
    }
}

/// The indicators `unit` leads or co-operates on, each with the unit's role, in catalogue order.
pub fn of_unit(ds: &Dataset, cat: &Catalogue, unit: &str) -> Vec<Row> {
    cat.indicators()
        .iter()
        .filter_map(|r| {
            let role = ds.unit_role(r.indicator, unit)?;
            Some(row(cat, ds, r, Some(role)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::YearEntry;

    #[test]
    fn one_model_for_the_district_and_a_unit() {
        let cat = Catalogue::embedded();
        let r = cat.indicators().into_iter().find(|r| !r.indicator.lead_unit.is_empty()).expect("a lead unit");
        let (id, lead) = (r.indicator.id.clone(), r.indicator.lead_unit.clone());
        let mut ds = Dataset::default();
        ds.set_entry(&id, 2022, YearEntry { value: "1".into(), unit: "区妇联".into(), ..Default::default() });
        ds.set_entry(&id, 2023, YearEntry { note: "只有备注".into(), ..Default::default() });
        let all = Completeness::of(&ds, cat);
        assert_eq!(all.years, cat.period.years().collect::<Vec<_>>());
        assert_eq!(all.indicators(), cat.indicators().len());
        let g = all.unit(&lead).expect("lead unit group");
        let row = g.rows.iter().find(|r| r.id == id).expect("row");
        assert_eq!(row.years.iter().map(|c| c.reported).collect::<Vec<_>>(), [false, false, true, false, false, false]);
        assert_eq!(row.years[2].by, "区妇联");
        assert_eq!((g.reported(), g.expected()), (1, g.rows.len() * 6));
        assert_eq!(all.filled_per_year(), vec![0, 0, 1, 0, 0, 0]);
        assert_eq!(g.filled_per_year(), vec![0, 0, 1, 0, 0, 0]);
        let mine = of_unit(&ds, cat, &lead);
        assert!(mine.iter().any(|r| r.id == id && r.role == Some(UnitRole::Lead)));
        assert!(of_unit(&ds, cat, "不存在的单位").is_empty());
    }
}
