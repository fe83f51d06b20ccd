//! Validation and plausibility checks of entered values, in Chinese: the entry page shows them as the user
//! types, and imports and `lishu evaluate` report the same warnings ([`dataset_warnings`]).
//!
//! Errors come from `lishu_core::dataset::resolve` (not a number, negative, above the unit's maximum, zero
//! denominator …). Warnings are plausibility checks that never block: a per-mille/per-cent slip (a value
//! about 10× off the other years), a percentage ≤ 1 that looks like a fraction, and a jump of more than
//! 50 % from the previous year with data. The typed text is never changed.

use crate::catalogue::{fmt_num, Catalogue, Entry, Indicator, Kind, Period};
use crate::dataset::{resolve, round2, Dataset, Field, InputErrorKind, Resolved, YearEntry};

/// Relative change from the previous year above which a warning is shown.
pub const JUMP_LIMIT: f64 = 0.5;
/// Ratio to the other years' median treated as a ×10 unit slip.
pub const SLIP_RANGE: (f64, f64) = (7.0, 14.0);

/// The result of checking one year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearCheck {
    /// Input errors per field (the field's input is marked aria-invalid).
    pub errors: Vec<(Field, String)>,
    /// Plausibility warnings per field.
    pub warnings: Vec<(Field, String)>,
    /// The resolved numbers when there is no error.
    pub resolved: Option<Resolved>,
}

impl YearCheck {
    pub fn error_for(&self, f: &Field) -> Option<String> {
        join(self.errors.iter().filter(|(g, _)| g == f).map(|(_, m)| m.as_str()))
    }
    pub fn warning_for(&self, f: &Field) -> Option<String> {
        join(self.warnings.iter().filter(|(g, _)| g == f).map(|(_, m)| m.as_str()))
    }
}

fn join<'a>(it: impl Iterator<Item = &'a str>) -> Option<String> {
    let v: Vec<&str> = it.collect();
    if v.is_empty() {
        None
    } else {
        Some(v.join("；"))
    }
}

/// The input that carries messages about the computed value: the direct value when typed, else the
/// first input of the entry kind (numerator, female …).
pub fn primary_field(ind: &Indicator, e: &YearEntry) -> Field {
    if !e.value.trim().is_empty() {
        return Field::Value;
    }
    match ind.entry {
        Entry::Rate if !e.numerator.trim().is_empty() || !e.denominator.trim().is_empty() => Field::Numerator,
        Entry::FemaleMale if !e.female.trim().is_empty() || !e.male.trim().is_empty() => Field::Female,
        _ => Field::Value,
    }
}

/// The resolved value of every other data year (errors ignored).
fn other_values(ind: &Indicator, period: Period, ds: &Dataset, year: u16) -> Vec<(u16, f64)> {
    period
        .years()
        .filter(|y| *y != year)
        .filter_map(|y| {
            let e = ds.entry(&ind.id, y)?;
            let v = resolve(ind, period, y, e).ok()?.value?;
            Some((y, v))
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 })
}

/// Checks one year of one indicator in the context of the other years.
pub fn check_year(cat: &Catalogue, ind: &Indicator, ds: &Dataset, year: u16) -> YearCheck {
    let mut out = YearCheck::default();
    let Some(e) = ds.entry(&ind.id, year) else { return out };
    let primary = primary_field(ind, e);
    // A 上一期 year carried from the previous period reads like any other (`carry::read_period`).
    match resolve(ind, crate::carry::read_period(cat, ind), year, e) {
        Err(errs) => {
            // "缺少分子" is noise when the numerator was typed but is not a number: keep only the real error.
            let typed_bad: Vec<Field> = errs
                .iter()
                .filter(|e| !matches!(e.kind, InputErrorKind::Incomplete { .. }))
                .map(|e| e.field.clone())
                .collect();
            let errs = errs.into_iter().filter(|e| match &e.kind {
                InputErrorKind::Incomplete { missing } => !typed_bad.contains(missing),
                _ => true,
            });
            for err in errs {
                let field = if err.field == Field::Value { primary.clone() } else { err.field.clone() };
                out.errors.push((field, err.message(cat)));
            }
        }
        Ok(r) => {
            if let Some(v) = r.value {
                out.warnings.extend(value_warnings(ind, cat.period, ds, year, v).into_iter().map(|w| (primary.clone(), w)));
            }
            out.resolved = Some(r);
        }
    }
    out
}

/// Plausibility warnings for a resolved value `v` of `year`.
pub fn value_warnings(ind: &Indicator, period: Period, ds: &Dataset, year: u16, v: f64) -> Vec<String> {
    let mut w = Vec::new();
    let others = other_values(ind, period, ds, year);
    let med = median(others.iter().map(|(_, x)| *x).collect());
    let unit = ind.unit.as_str();
    let mut slip = false;
    if let Some(m) = med.filter(|m| *m > 0.0) {
        if v > 0.0 && ind.is_percent_like() {
            let (lo, hi) = SLIP_RANGE;
            if (lo..=hi).contains(&(m / v)) {
                slip = true;
                w.push(format!(
                    "{year} 年数值 {}{unit} 约为其他年份（中位数 {}{unit}）的十分之一，请检查是否把{}误作{}",
                    fmt_num(round2(v)),
                    fmt_num(round2(m)),
                    if unit == "‰" { "千分比（‰）" } else { "百分比（%）" },
                    if unit == "‰" { "百分比（%）" } else { "千分比（‰）" },
                ));
            } else if (lo..=hi).contains(&(v / m)) {
                slip = true;
                w.push(format!(
                    "{year} 年数值 {}{unit} 约为其他年份（中位数 {}{unit}）的 10 倍，请检查单位（百分比/千分比）",
                    fmt_num(round2(v)),
                    fmt_num(round2(m)),
                ));
            }
        }
    }
    if unit == "%" && v > 0.0 && v <= 1.0 && !slip {
        let target = match ind.kind {
            Kind::Min | Kind::Max | Kind::Approx => ind.value,
            _ => None,
        };
        if let Some(r) = med.or(target).filter(|r| *r > 5.0) {
            w.push(format!(
                "百分比数值 {} 不大于 1，像是小数形式（参考值约 {}%）；如为 {}%，请填 {}",
                fmt_num(v),
                fmt_num(round2(r)),
                fmt_num(round2(v * 100.0)),
                fmt_num(round2(v * 100.0))
            ));
        }
    }
    if !slip {
        if let Some((py, pv)) = others.iter().filter(|(y, _)| *y < year).max_by_key(|(y, _)| *y) {
            if *pv != 0.0 {
                let rel = (v - pv) / pv.abs();
                if rel.abs() > JUMP_LIMIT {
                    w.push(format!(
                        "较 {py} 年（{}{unit}）{}{}%，变化超过 {}%，请核对",
                        fmt_num(round2(*pv)),
                        if rel > 0.0 { "上升" } else { "下降" },
                        fmt_num((rel.abs() * 1000.0).round() / 10.0),
                        fmt_num(JUMP_LIMIT * 100.0)
                    ));
                }
            }
        }
    }
    w
}

/// A plausibility warning about one value of a dataset (never blocks anything).
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub indicator: String,
    pub year: u16,
    pub text: String,
}

impl Warning {
    /// "孕产妇死亡率（W1-4-2） 2022 年：较 2021 年（…）上升 80%，变化超过 50%，请核对".
    pub fn message(&self, cat: &Catalogue) -> String {
        format!("{} {} 年：{}", cat.indicator_label(&self.indicator), self.year, self.text)
    }
}

/// The warnings of the given (indicator, year) cells (unknown indicators and empty cells give none), in
/// the order given. Imports pass the cells they change; the entry page checks one year at a time.
pub fn warnings_of<'a>(cat: &Catalogue, ds: &Dataset, cells: impl IntoIterator<Item = (&'a str, u16)>) -> Vec<Warning> {
    let mut out = Vec::new();
    for (id, year) in cells {
        let Some(r) = cat.indicator(id) else { continue };
        for (_, text) in check_year(cat, r.indicator, ds, year).warnings {
            out.push(Warning { indicator: id.to_string(), year, text });
        }
    }
    out
}

/// Every plausibility warning of a dataset, by indicator and year: what the entry page would show.
pub fn dataset_warnings(cat: &Catalogue, ds: &Dataset) -> Vec<Warning> {
    let cells: Vec<(&str, u16)> =
        ds.data.iter().flat_map(|(id, years)| years.keys().map(move |y| (id.as_str(), *y))).collect();
    warnings_of(cat, ds, cells)
}

/// The warnings of the values an import brings (additions, changes, and conflicts as their default choice
/// would settle them), checked in the data as it would be after the import: what the entry page would show
/// for those cells. Nothing changes.
pub fn import_warnings(cat: &Catalogue, preview: &crate::io::ImportPreview) -> Vec<Warning> {
    let after = crate::io::apply(preview, &Default::default(), "");
    let cells = preview
        .additions
        .iter()
        .map(|a| (a.indicator.as_str(), a.year))
        .chain(preview.changes.iter().map(|c| (c.indicator.as_str(), c.year)))
        .chain(preview.conflicts.iter().map(|c| (c.indicator.as_str(), c.year)));
    warnings_of(cat, &after, cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static Catalogue {
        Catalogue::embedded()
    }
    fn find(pred: impl Fn(&Indicator) -> bool) -> Indicator {
        cat().indicators().into_iter().map(|r| r.indicator.clone()).find(|i| pred(i)).expect("catalogue has one")
    }
    fn with(ind: &Indicator, vals: &[(u16, &str)]) -> Dataset {
        let mut ds = Dataset::default();
        for (y, v) in vals {
            ds.set_entry(&ind.id, *y, YearEntry { value: v.to_string(), ..Default::default() });
        }
        ds
    }

    #[test]
    fn resolve_errors_are_messages_on_the_field() {
        let ind = find(|i| i.unit == "%" && i.entry == Entry::Value);
        let ds = with(&ind, &[(2021, "九十"), (2022, "-3"), (2023, "120")]);
        let c = check_year(cat(), &ind, &ds, 2021);
        let m = c.error_for(&Field::Value).expect("error");
        assert!(m.contains("不是有效数字") && m.contains("2021") && m.contains(&ind.id), "{m}");
        assert!(check_year(cat(), &ind, &ds, 2022).error_for(&Field::Value).unwrap().contains("负数"));
        assert!(check_year(cat(), &ind, &ds, 2023).error_for(&Field::Value).unwrap().contains("超出上限"));
        assert_eq!(check_year(cat(), &ind, &ds, 2024), YearCheck::default(), "empty year: nothing");
    }

    #[test]
    fn per_mille_slip_and_fraction_and_jump() {
        let pm = find(|i| i.unit == "‰")
            .clone();
        let ds = with(&pm, &[(2020, "3.1"), (2021, "2.9"), (2022, "0.3")]);
        let c = check_year(cat(), &pm, &ds, 2022);
        assert!(c.errors.is_empty());
        let w = c.warning_for(&Field::Value).expect("slip warning");
        assert!(w.contains("十分之一"), "{w}");
        assert!(check_year(cat(), &pm, &ds, 2021).warnings.is_empty(), "{:?}", check_year(cat(), &pm, &ds, 2021));

        let pct = find(|i| i.unit == "%" && i.entry == Entry::Value && i.kind == Kind::Min && i.value.unwrap_or(0.0) > 50.0);
        let ds = with(&pct, &[(2020, "0.95")]);
        let w = check_year(cat(), &pct, &ds, 2020).warning_for(&Field::Value).expect("fraction warning");
        assert!(w.contains("小数") && w.contains("95"), "{w}");

        let ds = with(&pct, &[(2020, "40"), (2021, "70")]);
        let w = check_year(cat(), &pct, &ds, 2021).warning_for(&Field::Value).expect("jump warning");
        assert!(w.contains("上升75%") && w.contains("2020") && w.contains("超过 50%"), "{w}");
        let all = dataset_warnings(cat(), &ds);
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(all[0].message(cat()).contains(&format!("（{}） 2021 年：较 2020 年", pct.id)), "{}", all[0].message(cat()));
        let ds = with(&pct, &[(2020, "60"), (2021, "70")]);
        assert!(check_year(cat(), &pct, &ds, 2021).warnings.is_empty());

        // An import bringing the jump reports the same warning; the value already there is not repeated.
        let current = with(&pct, &[(2020, "40")]);
        let file = with(&pct, &[(2020, "40"), (2021, "70")]);
        let bytes = crate::io::export_dataset(&file, &pct.lead_unit, "2026-01-01T00:00:00+08:00", cat()).into_bytes();
        let preview = crate::io::import_files(&[("f.json".into(), bytes)], cat(), &current);
        let w = import_warnings(cat(), &preview);
        assert_eq!(w.iter().map(|w| (w.indicator.as_str(), w.year)).collect::<Vec<_>>(), [(pct.id.as_str(), 2021)], "{w:?}");
    }

    #[test]
    fn rate_messages_go_to_the_numerator() {
        let ind = find(|i| i.entry == Entry::Rate);
        let mut ds = Dataset::default();
        ds.set_entry(&ind.id, 2021, YearEntry { numerator: "5".into(), ..Default::default() });
        let c = check_year(cat(), &ind, &ds, 2021);
        assert!(c.error_for(&Field::Denominator).is_some(), "{c:?}");
        ds.set_entry(&ind.id, 2021, YearEntry { numerator: "5".into(), denominator: "0".into(), ..Default::default() });
        assert!(check_year(cat(), &ind, &ds, 2021).error_for(&Field::Denominator).unwrap().contains("分母不能为 0"));
        ds.set_entry(&ind.id, 2021, YearEntry { numerator: "x".into(), denominator: "4".into(), ..Default::default() });
        let c = check_year(cat(), &ind, &ds, 2021);
        assert_eq!(c.errors.len(), 1, "only the real error, no 缺少分子: {c:?}");
        assert!(c.error_for(&Field::Numerator).unwrap().contains("不是有效数字"));
    }
}
