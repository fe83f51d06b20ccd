//! 责任单位 edits of a dataset: the unit list (add, rename everywhere, remove), lead and co-operating
//! units per indicator, and the indicators of one unit (its completeness: `crate::completeness::of_unit`).

use crate::catalogue::Catalogue;
use crate::dataset::Dataset;
use std::fmt;

/// Why a change of the unit list was refused (Chinese via `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitError {
    /// An empty name (new: true for a rename).
    EmptyName { rename: bool },
    /// The name is already in the list.
    Duplicate { name: String },
    /// The unit still leads or co-operates on this many indicators.
    StillAssigned { name: String, indicators: usize },
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitError::EmptyName { rename: false } => f.write_str("单位名称不能为空"),
            UnitError::EmptyName { rename: true } => f.write_str("新名称不能为空"),
            UnitError::Duplicate { name } => write!(f, "单位“{name}”已在列表中"),
            UnitError::StillAssigned { name, indicators } => {
                write!(f, "“{name}”仍负责 {indicators} 项指标，请先把这些指标分配给其他单位")
            }
        }
    }
}

impl std::error::Error for UnitError {}

/// Ids of the indicators a unit leads or co-operates on ([`Dataset::is_unit_indicator`]), in catalogue order.
pub fn indicators_of_unit(ds: &Dataset, cat: &Catalogue, unit: &str) -> Vec<String> {
    cat.indicators()
        .into_iter()
        .filter(|r| ds.is_unit_indicator(r.indicator, unit))
        .map(|r| r.indicator.id.clone())
        .collect()
}

/// Makes the unit list explicit (the catalogue's list until the user first edits it).
fn materialize(ds: &mut Dataset, cat: &Catalogue) {
    if ds.units.is_empty() {
        ds.units = cat.units();
    }
}

/// Adds a unit; errors in Chinese for empty or duplicate names.
pub fn add_unit(ds: &mut Dataset, cat: &Catalogue, name: &str) -> Result<(), UnitError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(UnitError::EmptyName { rename: false });
    }
    materialize(ds, cat);
    if ds.units.iter().any(|u| u == name) {
        return Err(UnitError::Duplicate { name: name.to_string() });
    }
    ds.units.push(name.to_string());
    Ok(())
}

/// Renames a unit everywhere it is assigned (lead and co-operating), keeping list order.
pub fn rename_unit(ds: &mut Dataset, cat: &Catalogue, old: &str, new: &str) -> Result<usize, UnitError> {
    let new = new.trim();
    if new.is_empty() {
        return Err(UnitError::EmptyName { rename: true });
    }
    materialize(ds, cat);
    if new != old && ds.units.iter().any(|u| u == new) {
        return Err(UnitError::Duplicate { name: new.to_string() });
    }
    let mut changed = 0;
    for r in cat.indicators() {
        let ind = r.indicator;
        let lead_is_old = ds.lead_unit(ind) == old;
        let co: Vec<String> = ds.co_units(ind).to_vec();
        let co_has_old = co.iter().any(|c| c == old);
        if !lead_is_old && !co_has_old {
            continue;
        }
        changed += 1;
        let s = ds.settings.entry(ind.id.clone()).or_default();
        if lead_is_old {
            s.lead_unit = Some(new.to_string());
        }
        if co_has_old {
            s.co_units = Some(co.into_iter().map(|c| if c == old { new.to_string() } else { c }).collect());
        }
    }
    for u in ds.units.iter_mut() {
        if u == old {
            *u = new.to_string();
        }
    }
    Ok(changed)
}

/// Removes a unit that no indicator is assigned to.
pub fn remove_unit(ds: &mut Dataset, cat: &Catalogue, name: &str) -> Result<(), UnitError> {
    let n = indicators_of_unit(ds, cat, name).len();
    if n > 0 {
        return Err(UnitError::StillAssigned { name: name.to_string(), indicators: n });
    }
    materialize(ds, cat);
    ds.units.retain(|u| u != name);
    Ok(())
}

/// Sets the lead unit of an indicator (back to the catalogue default clears the override).
pub fn set_lead(ds: &mut Dataset, cat: &Catalogue, id: &str, unit: &str) {
    let Some(r) = cat.indicator(id) else { return };
    let s = ds.settings.entry(id.to_string()).or_default();
    s.lead_unit = if unit == r.indicator.lead_unit { None } else { Some(unit.to_string()) };
    cleanup(ds, id);
}

/// Adds or removes a co-operating unit of an indicator.
pub fn toggle_co(ds: &mut Dataset, cat: &Catalogue, id: &str, unit: &str, on: bool) {
    let Some(r) = cat.indicator(id) else { return };
    let mut co: Vec<String> = ds.co_units(r.indicator).to_vec();
    co.retain(|c| c != unit);
    if on {
        co.push(unit.to_string());
    }
    let s = ds.settings.entry(id.to_string()).or_default();
    s.co_units = if co == r.indicator.co_units { None } else { Some(co) };
    cleanup(ds, id);
}

fn cleanup(ds: &mut Dataset, id: &str) {
    if ds.settings.get(id).map(|s| *s == Default::default()).unwrap_or(false) {
        ds.settings.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::completeness::of_unit;
    use crate::dataset::UnitRole;
    use crate::YearEntry;

    fn some_unit(cat: &Catalogue) -> (String, String) {
        let r = cat.indicators().into_iter().find(|r| !r.indicator.lead_unit.is_empty()).expect("a lead unit");
        (r.indicator.id.clone(), r.indicator.lead_unit.clone())
    }

    #[test]
    fn rename_moves_assignments() {
        let cat = Catalogue::embedded();
        let mut ds = Dataset::default();
        let (_, unit) = some_unit(cat);
        let before = indicators_of_unit(&ds, cat, &unit);
        assert!(!before.is_empty());
        assert!(rename_unit(&mut ds, cat, &unit, "新单位").unwrap() >= before.len());
        assert_eq!(indicators_of_unit(&ds, cat, "新单位"), before);
        assert!(indicators_of_unit(&ds, cat, &unit).is_empty());
        assert!(ds.units.contains(&"新单位".to_string()) && !ds.units.contains(&unit));
        assert!(remove_unit(&mut ds, cat, "新单位").unwrap_err().to_string().contains("仍负责"));
        assert!(add_unit(&mut ds, cat, "新单位").is_err());
        add_unit(&mut ds, cat, "区档案馆").unwrap();
        remove_unit(&mut ds, cat, "区档案馆").unwrap();
        assert!(!ds.units.contains(&"区档案馆".to_string()));
        assert!(add_unit(&mut ds, cat, "  ").is_err());
    }

    #[test]
    fn assignment_and_completeness() {
        let cat = Catalogue::embedded();
        let mut ds = Dataset::default();
        let (id, unit) = some_unit(cat);
        set_lead(&mut ds, cat, &id, "区档案馆");
        assert!(!indicators_of_unit(&ds, cat, &unit).contains(&id));
        set_lead(&mut ds, cat, &id, &unit);
        assert!(!ds.settings.contains_key(&id), "back to default clears the override");
        toggle_co(&mut ds, cat, &id, "区档案馆", true);
        let filled = |ds: &Dataset| -> Vec<Vec<bool>> {
            of_unit(ds, cat, "区档案馆").iter().map(|r| r.years.iter().map(|c| c.reported).collect()).collect()
        };
        let rows = of_unit(&ds, cat, "区档案馆");
        assert_eq!(rows.len(), 1);
        assert!(rows[0].role == Some(UnitRole::CoOperating) && filled(&ds) == vec![vec![false; 6]]);
        ds.set_entry(&id, 2022, YearEntry { value: "1".into(), ..Default::default() });
        assert_eq!(filled(&ds), vec![vec![false, false, true, false, false, false]]);
        toggle_co(&mut ds, cat, &id, "区档案馆", false);
        assert!(of_unit(&ds, cat, "区档案馆").is_empty());
    }
}
