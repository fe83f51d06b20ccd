//! Lenient reading of a `data` value into a [`Dataset`], record by record.
//!
//! Accepted beyond what the exporter writes: numbers as JSON numbers or text, `null` for empty, missing
//! optional members, a bare value instead of an entry object (`"2021": 95.5`), stage as its code or its
//! Chinese label, `co_units`/`units` as one text separated by 、，, . Unknown members are ignored and
//! reported as notices. Structural problems (wrong JSON type, a year key that is not a number, the same
//! indicator+year twice) are errors. Value checks against the catalogue are done separately
//! ([`super::import::validate`]) so the browser store can keep text the user typed even when invalid.

use super::error::{FileError, FileErrorKind};
use super::json::J;
use crate::catalogue::Stage;
use crate::dataset::{Dataset, Field, IndicatorSettings, SupersededValue, YearEntry};
use std::collections::{BTreeMap, BTreeSet};

/// Errors (file name left empty, filled in by the caller) and notices collected while reading.
#[derive(Debug, Default)]
pub struct Report {
    pub errors: Vec<FileError>,
    pub notices: Vec<String>,
}

impl Report {
    fn err(
        &mut self,
        path: &str,
        indicator: Option<&str>,
        year: Option<u16>,
        field: Option<Field>,
        kind: FileErrorKind,
    ) {
        self.errors.push(FileError {
            file: String::new(),
            indicator: indicator.map(str::to_string),
            year,
            field,
            path: path.to_string(),
            cell: None,
            kind,
        });
    }
    fn wrong_type(
        &mut self,
        path: &str,
        ind: Option<&str>,
        year: Option<u16>,
        field: Option<Field>,
        expected: &str,
        found: &J,
    ) {
        self.err(
            path,
            ind,
            year,
            field,
            FileErrorKind::WrongJsonType { expected: expected.to_string(), found: found.type_name().to_string() },
        );
    }
}

/// Object members, reporting duplicated keys as errors. `None` (with an error) when `j` is not an object.
fn members<'a>(
    j: &'a J,
    path: &str,
    ind: Option<&str>,
    year: Option<u16>,
    rep: &mut Report,
) -> Option<&'a [(String, J)]> {
    match j {
        J::Obj(m) => {
            let mut seen = BTreeSet::new();
            for (k, _) in m {
                if !seen.insert(k.as_str()) {
                    rep.err(&format!("{path}.{k}"), ind, year, None, FileErrorKind::Duplicate { key: k.clone() });
                }
            }
            Some(m)
        }
        other => {
            rep.wrong_type(path, ind, year, None, "对象", other);
            None
        }
    }
}

/// Text of a scalar: text as is, numbers printed, null/absent empty. `Err` for arrays/objects/booleans.
fn scalar_text(j: &J) -> Result<String, ()> {
    match j {
        J::Str(s) => Ok(s.clone()),
        J::Num(n) => Ok(n.to_string()),
        J::Null => Ok(String::new()),
        _ => Err(()),
    }
}

/// Parses a stage from its code or Chinese label.
pub fn parse_stage(text: &str) -> Option<Stage> {
    match text.trim() {
        "not_started" | "未启动" => Some(Stage::NotStarted),
        "in_progress" | "推进中" => Some(Stage::InProgress),
        "basic" | "基本实现" | "基本建立" => Some(Stage::Basic),
        "done" | "已实现" | "已建立" | "已完成" => Some(Stage::Done),
        _ => None,
    }
}

/// Splits "a、b，c" into names.
fn split_names(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', ';', '；']).map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

fn read_text_field(
    j: &J,
    path: &str,
    ind: Option<&str>,
    year: Option<u16>,
    field: Option<Field>,
    rep: &mut Report,
) -> String {
    match scalar_text(j) {
        Ok(s) => s,
        Err(()) => {
            rep.wrong_type(path, ind, year, field, "文本或数字", j);
            String::new()
        }
    }
}

/// Reads one entry (object, or a bare scalar meaning the value).
pub fn read_entry(j: &J, path: &str, ind: &str, year: u16, rep: &mut Report) -> YearEntry {
    let mut e = YearEntry::default();
    let y = Some(year);
    let i = Some(ind);
    match j {
        J::Str(_) | J::Num(_) | J::Null => {
            e.value = scalar_text(j).unwrap_or_default();
            return e;
        }
        J::Obj(_) => {}
        other => {
            rep.wrong_type(path, i, y, None, "对象或数值", other);
            return e;
        }
    }
    let Some(m) = members(j, path, i, y, rep) else { return e };
    for (k, v) in m {
        let p = format!("{path}.{k}");
        match k.as_str() {
            "value" => e.value = read_text_field(v, &p, i, y, Some(Field::Value), rep),
            "numerator" => e.numerator = read_text_field(v, &p, i, y, Some(Field::Numerator), rep),
            "denominator" => e.denominator = read_text_field(v, &p, i, y, Some(Field::Denominator), rep),
            "female" => e.female = read_text_field(v, &p, i, y, Some(Field::Female), rep),
            "male" => e.male = read_text_field(v, &p, i, y, Some(Field::Male), rep),
            "other" => e.other = read_text_field(v, &p, i, y, Some(Field::Other), rep),
            "evidence" => e.evidence = read_text_field(v, &p, i, y, Some(Field::Evidence), rep),
            "note" => e.note = read_text_field(v, &p, i, y, Some(Field::Note), rep),
            "source" => e.source = read_text_field(v, &p, i, y, Some(Field::Source), rep),
            "unit" => e.unit = read_text_field(v, &p, i, y, None, rep),
            "updated_at" => e.updated_at = read_text_field(v, &p, i, y, None, rep),
            "stage" => match v {
                J::Null => {}
                J::Str(s) if s.trim().is_empty() => {}
                J::Str(s) => match parse_stage(s) {
                    Some(st) => e.stage = Some(st),
                    None => rep.err(&p, i, y, Some(Field::Stage), FileErrorKind::UnknownStage { text: s.clone() }),
                },
                other => rep.wrong_type(&p, i, y, Some(Field::Stage), "文本", other),
            },
            "bodies" => {
                if let J::Null = v {
                    continue;
                }
                let Some(bm) = members(v, &p, i, y, rep) else { continue };
                let mut bodies = BTreeMap::new();
                for (name, bv) in bm {
                    let t = read_text_field(bv, &format!("{p}.{name}"), i, y, Some(Field::Body(name.clone())), rep);
                    bodies.insert(name.clone(), t);
                }
                e.bodies = bodies;
            }
            _ => rep.notices.push(format!("已忽略 {path} 中的未知字段“{k}”")),
        }
    }
    e
}

/// Parses a year key ("2021", " 2021 ", "２０２１"). `Err` with the text when it is not a whole number
/// that fits a year.
pub fn parse_year(key: &str) -> Result<u16, String> {
    match crate::dataset::parse_number(key) {
        Some(Ok(v)) if v.fract() == 0.0 && (0.0..=65535.0).contains(&v) && !key.contains(['%', '‰']) => Ok(v as u16),
        _ => Err(key.to_string()),
    }
}

fn read_data(j: &J, rep: &mut Report) -> BTreeMap<String, BTreeMap<u16, YearEntry>> {
    let mut out: BTreeMap<String, BTreeMap<u16, YearEntry>> = BTreeMap::new();
    let Some(m) = members(j, "data.data", None, None, rep) else { return out };
    for (ind, years) in m {
        let path = format!("data.data.{ind}");
        if let J::Null = years {
            continue;
        }
        let J::Obj(ym) = years else {
            rep.wrong_type(&path, Some(ind), None, None, "对象（年份 → 数据）", years);
            continue;
        };
        let row = out.entry(ind.clone()).or_default();
        for (ykey, v) in ym {
            let p = format!("{path}.{ykey}");
            let year = match parse_year(ykey) {
                Ok(y) => y,
                Err(text) => {
                    rep.err(&p, Some(ind), None, None, FileErrorKind::BadYear { text });
                    continue;
                }
            };
            let entry = read_entry(v, &p, ind, year, rep);
            if row.contains_key(&year) {
                rep.err(&p, Some(ind), Some(year), None, FileErrorKind::Duplicate { key: format!("{ind} {year} 年") });
                continue;
            }
            row.insert(year, entry);
        }
    }
    out
}

fn read_settings(j: &J, rep: &mut Report) -> BTreeMap<String, IndicatorSettings> {
    let mut out = BTreeMap::new();
    let Some(m) = members(j, "data.settings", None, None, rep) else { return out };
    for (ind, s) in m {
        let path = format!("data.settings.{ind}");
        let Some(sm) = members(s, &path, Some(ind), None, rep) else { continue };
        let mut st = IndicatorSettings::default();
        for (k, v) in sm {
            let p = format!("{path}.{k}");
            match (k.as_str(), v) {
                (_, J::Null) => {}
                ("lead_unit", J::Str(u)) => st.lead_unit = Some(u.trim().to_string()),
                ("co_units", J::Str(u)) => st.co_units = Some(split_names(u)),
                ("co_units", J::Arr(a)) => {
                    let mut names = Vec::new();
                    for x in a {
                        match x {
                            J::Str(u) if !u.trim().is_empty() => names.push(u.trim().to_string()),
                            J::Str(_) | J::Null => {}
                            other => rep.wrong_type(&p, Some(ind), None, None, "文本", other),
                        }
                    }
                    st.co_units = Some(names);
                }
                ("band", J::Num(n)) => st.band = n.as_f64(),
                ("band", J::Str(t)) => match crate::dataset::parse_number(t) {
                    None => {}
                    Some(Ok(b)) if b >= 0.0 => st.band = Some(b),
                    Some(_) => rep.err(
                        &p,
                        Some(ind),
                        None,
                        None,
                        FileErrorKind::WrongJsonType { expected: "非负数字".into(), found: format!("“{t}”") },
                    ),
                },
                ("lead_unit" | "co_units" | "band", other) => {
                    rep.wrong_type(&p, Some(ind), None, None, "文本或数字", other)
                }
                _ => rep.notices.push(format!("已忽略 {path} 中的未知字段“{k}”")),
            }
        }
        out.insert(ind.clone(), st);
    }
    out
}

fn read_superseded(j: &J, rep: &mut Report) -> Vec<SupersededValue> {
    let mut out = Vec::new();
    let J::Arr(a) = j else {
        rep.wrong_type("data.superseded", None, None, None, "数组", j);
        return out;
    };
    for (n, item) in a.iter().enumerate() {
        let path = format!("data.superseded[{n}]");
        let Some(m) = members(item, &path, None, None, rep) else { continue };
        let get = |k: &str| m.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        let indicator = get("indicator").and_then(|v| scalar_text(v).ok()).unwrap_or_default();
        let year = match get("year").map(|v| scalar_text(v).map(|t| parse_year(&t))) {
            Some(Ok(Ok(y))) => y,
            _ => {
                rep.err(
                    &format!("{path}.year"),
                    Some(&indicator),
                    None,
                    None,
                    FileErrorKind::BadYear { text: get("year").map(|v| v.canonical()).unwrap_or_default() },
                );
                continue;
            }
        };
        let entry = match get("entry") {
            Some(e) => read_entry(e, &format!("{path}.entry"), &indicator, year, rep),
            None => YearEntry::default(),
        };
        let reason = get("reason").and_then(|v| scalar_text(v).ok()).unwrap_or_default();
        let at = get("at").and_then(|v| scalar_text(v).ok()).unwrap_or_default();
        out.push(SupersededValue { indicator, year, entry, reason, at });
    }
    out
}

/// A member written by the program itself (review states, locks, the change log), read strictly: any
/// problem is an error naming the member.
fn read_typed<T: serde::de::DeserializeOwned + Default>(j: &J, path: &str, what: &str, rep: &mut Report) -> T {
    match serde_json::from_str::<T>(&j.canonical()) {
        Ok(v) => v,
        Err(e) => {
            rep.err(
                path,
                None,
                None,
                None,
                FileErrorKind::WrongJsonType { expected: format!("{what}（{e}）"), found: j.type_name().to_string() },
            );
            T::default()
        }
    }
}

/// Reads the `data` member of an envelope.
pub fn read_dataset(j: &J, rep: &mut Report) -> Dataset {
    let mut ds = Dataset::default();
    let Some(m) = members(j, "data", None, None, rep) else { return ds };
    for (k, v) in m {
        let p = format!("data.{k}");
        match (k.as_str(), v) {
            (_, J::Null) => {}
            ("data", v) => ds.data = read_data(v, rep),
            ("settings", v) => ds.settings = read_settings(v, rep),
            ("units", J::Arr(a)) => {
                for x in a {
                    match x {
                        J::Str(u) if !u.trim().is_empty() => ds.units.push(u.trim().to_string()),
                        J::Str(_) | J::Null => {}
                        other => rep.wrong_type(&p, None, None, None, "文本", other),
                    }
                }
            }
            ("units", J::Str(s)) => ds.units = split_names(s),
            ("texts", v) => {
                let Some(tm) = members(v, &p, None, None, rep) else { continue };
                for (key, t) in tm {
                    match scalar_text(t) {
                        Ok(s) => {
                            ds.texts.insert(key.clone(), s);
                        }
                        Err(()) => rep.wrong_type(&format!("{p}.{key}"), None, None, None, "文本", t),
                    }
                }
            }
            ("superseded", v) => ds.superseded = read_superseded(v, rep),
            ("reviews", v) => ds.reviews = read_typed(v, &p, "报送审核状态", rep),
            ("locks", v) => ds.locks = read_typed(v, &p, "锁定记录", rep),
            ("log", v) => ds.log = read_typed(v, &p, "修改记录", rep),
            ("log_trimmed", v) => ds.log_trimmed = read_typed(v, &p, "修改记录移出记录", rep),
            ("demo", J::Bool(b)) => ds.demo = *b,
            ("demo", J::Str(s)) if s == "true" || s == "false" => ds.demo = s == "true",
            ("units" | "demo", other) => rep.wrong_type(&p, None, None, None, "数组或布尔值", other),
            _ => rep.notices.push(format!("已忽略数据中的未知字段“{k}”")),
        }
    }
    ds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Dataset, Report) {
        let j = J::parse(text).expect("json");
        let mut rep = Report::default();
        let ds = read_dataset(&j, &mut rep);
        (ds, rep)
    }

    #[test]
    fn lenient_values_and_unknown_fields() {
        let (ds, rep) = read(
            r#"{"data":{"W1":{"2021":95.5,"２０２２":{"value":"96","stage":"已实现","extra":1},"2023":null}},"foo":2}"#,
        );
        assert!(rep.errors.is_empty(), "{:?}", rep.errors);
        assert_eq!(ds.entry("W1", 2021).map(|e| e.value.as_str()), Some("95.5"));
        assert_eq!(ds.entry("W1", 2022).and_then(|e| e.stage), Some(Stage::Done));
        assert_eq!(rep.notices.len(), 2, "{:?}", rep.notices);
    }

    #[test]
    fn duplicate_rows_and_bad_years_are_errors() {
        let (_, rep) = read(r#"{"data":{"W1":{"2021":"1","2021 ":"2","20x1":"3"}}}"#);
        assert!(rep.errors.iter().any(|e| matches!(e.kind, FileErrorKind::Duplicate { .. }) && e.year == Some(2021)));
        assert!(rep.errors.iter().any(|e| matches!(&e.kind, FileErrorKind::BadYear { text } if text == "20x1")));
    }

    #[test]
    fn wrong_json_type_names_field() {
        let (_, rep) = read(r#"{"data":{"W1":{"2021":{"numerator":[1]}}}}"#);
        assert_eq!(rep.errors.len(), 1);
        assert_eq!(rep.errors[0].field, Some(Field::Numerator));
        assert_eq!(rep.errors[0].year, Some(2021));
    }
}
