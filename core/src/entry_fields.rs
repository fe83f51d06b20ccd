//! Which input fields an indicator has (by its entry kind), their labels and stable keys, and reading or
//! writing the typed text of one field of a [`YearEntry`]. Shared by the entry form of the app and the Excel
//! fill-in template, so both always ask for the same fields.

use crate::catalogue::{Entry, Indicator, Kind};
use crate::dataset::{Field, YearEntry};
use crate::io::lenient::parse_stage;

/// The input fields of an indicator, in entry order: by entry kind (分子/分母/直接填报, 女/男/直接填报, one
/// per body, 进展阶段/佐证材料, or 数值), then 比较值 for relational indicators, then 备注 and 数据来源.
pub fn fields(ind: &Indicator) -> Vec<Field> {
    let mut v = match ind.entry {
        Entry::Value => vec![Field::Value],
        Entry::Rate => vec![Field::Numerator, Field::Denominator, Field::Value],
        Entry::FemaleMale => vec![Field::Female, Field::Male, Field::Value],
        Entry::PerBody if !ind.bodies.is_empty() => ind.bodies.iter().map(|b| Field::Body(b.clone())).collect(),
        Entry::PerBody => vec![Field::Value],
        Entry::Milestone => vec![Field::Stage, Field::Evidence],
    };
    if ind.kind == Kind::Relational || ind.compare_with.is_some() {
        v.push(Field::Other);
    }
    v.push(Field::Note);
    v.push(Field::Source);
    v
}

/// Label of a field for this indicator (e.g. the numerator's name "孕产妇死亡数").
pub fn field_label(ind: &Indicator, f: &Field) -> String {
    let unit = if ind.unit.is_empty() { String::new() } else { format!("（{}）", ind.unit) };
    match f {
        Field::Value => match ind.entry {
            Entry::Rate => format!("或直接填报{}{unit}", ind.name),
            Entry::FemaleMale => "或直接填报女性占比（%）".to_string(),
            _ => format!("数值{unit}"),
        },
        Field::Numerator => ind.numerator.clone().unwrap_or_else(|| "分子".into()),
        Field::Denominator => ind.denominator.clone().unwrap_or_else(|| "分母".into()),
        Field::Other => ind.compare_with.clone().unwrap_or_else(|| "比较值".into()),
        Field::Body(b) => format!("{b}{unit}"),
        other => other.label(),
    }
}

/// A short stable ASCII key of a field (`value`, `numerator`, `body1` …), unique within an indicator.
/// Used for DOM ids and in the Excel template.
pub fn field_key(ind: &Indicator, f: &Field) -> String {
    match f {
        Field::Value => "value".into(),
        Field::Numerator => "numerator".into(),
        Field::Denominator => "denominator".into(),
        Field::Female => "female".into(),
        Field::Male => "male".into(),
        Field::Other => "other".into(),
        Field::Body(b) => match ind.bodies.iter().position(|x| x == b) {
            Some(i) => format!("body{}", i + 1),
            None => format!("body-{}", b.len()),
        },
        Field::Stage => "stage".into(),
        Field::Evidence => "evidence".into(),
        Field::Note => "note".into(),
        Field::Source => "source".into(),
    }
}

/// The field of `ind` with this key (only fields that [`fields`] lists for it).
pub fn field_by_key(ind: &Indicator, key: &str) -> Option<Field> {
    fields(ind).into_iter().find(|f| field_key(ind, f) == key.trim())
}

/// The typed text of one field (a stage as its Chinese label).
pub fn entry_field(e: &YearEntry, field: &Field) -> String {
    match field {
        Field::Value => e.value.clone(),
        Field::Numerator => e.numerator.clone(),
        Field::Denominator => e.denominator.clone(),
        Field::Female => e.female.clone(),
        Field::Male => e.male.clone(),
        Field::Other => e.other.clone(),
        Field::Body(b) => e.bodies.get(b).cloned().unwrap_or_default(),
        Field::Stage => e.stage.map(|s| s.label().to_string()).unwrap_or_default(),
        Field::Evidence => e.evidence.clone(),
        Field::Note => e.note.clone(),
        Field::Source => e.source.clone(),
    }
}

/// Writes typed text into one field. An empty body count removes the body. A stage is parsed from its
/// label or data-file name (see `io::lenient::parse_stage`); text that is no stage clears it, so callers
/// that must report unknown stages check them first.
pub fn set_entry_field(e: &mut YearEntry, field: &Field, text: String) {
    match field {
        Field::Value => e.value = text,
        Field::Numerator => e.numerator = text,
        Field::Denominator => e.denominator = text,
        Field::Female => e.female = text,
        Field::Male => e.male = text,
        Field::Other => e.other = text,
        Field::Body(b) => {
            if text.is_empty() {
                e.bodies.remove(b);
            } else {
                e.bodies.insert(b.clone(), text);
            }
        }
        Field::Stage => e.stage = parse_stage(&text),
        Field::Evidence => e.evidence = text,
        Field::Note => e.note = text,
        Field::Source => e.source = text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Catalogue, Stage};

    #[test]
    fn fields_by_entry_kind() {
        let cat = Catalogue::embedded();
        for r in cat.indicators() {
            let ind = r.indicator;
            let f = fields(ind);
            assert_eq!(f[f.len() - 2..], [Field::Note, Field::Source], "{}", ind.id);
            match ind.entry {
                Entry::Rate => assert!(f.contains(&Field::Numerator) && f.contains(&Field::Denominator)),
                Entry::FemaleMale => assert!(f.contains(&Field::Female) && f.contains(&Field::Male)),
                Entry::Milestone => assert!(f.contains(&Field::Stage) && f.contains(&Field::Evidence)),
                Entry::PerBody => assert!(ind.bodies.iter().all(|b| f.contains(&Field::Body(b.clone())))),
                Entry::Value => assert!(f.contains(&Field::Value)),
            }
            if ind.kind == Kind::Relational {
                assert!(f.contains(&Field::Other));
            }
            let keys: std::collections::BTreeSet<String> = f.iter().map(|x| field_key(ind, x)).collect();
            assert_eq!(keys.len(), f.len(), "field keys unique for {}", ind.id);
            for x in &f {
                assert_eq!(field_by_key(ind, &field_key(ind, x)).as_ref(), Some(x), "{} {x:?}", ind.id);
            }
            assert_eq!(field_by_key(ind, "nonsense"), None);
        }
    }

    #[test]
    fn fields_round_trip_and_keep_invalid_text() {
        let mut e = YearEntry::default();
        for f in [
            Field::Value,
            Field::Numerator,
            Field::Denominator,
            Field::Female,
            Field::Male,
            Field::Other,
            Field::Body("区人大".into()),
            Field::Evidence,
            Field::Note,
            Field::Source,
        ] {
            set_entry_field(&mut e, &f, "abc".into());
            assert_eq!(entry_field(&e, &f), "abc", "{f:?}");
        }
        set_entry_field(&mut e, &Field::Body("区人大".into()), String::new());
        assert!(e.bodies.is_empty());
        set_entry_field(&mut e, &Field::Stage, "推进中".into());
        assert_eq!(e.stage, Some(Stage::InProgress));
        assert_eq!(entry_field(&e, &Field::Stage), "推进中");
        set_entry_field(&mut e, &Field::Stage, String::new());
        assert_eq!(e.stage, None);
    }
}
