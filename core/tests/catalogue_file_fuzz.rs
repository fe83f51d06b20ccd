//! A damaged or hostile catalogue file never panics the reader: every outcome is either a catalogue that
//! passes every rule, or a non-empty list of Chinese messages. Byte damage, structural edits (ids, periods,
//! kinds, values, whole tables removed or doubled) and pathological TOML (deep nesting, huge values).

mod io_support;

use io_support::mutation::{apply_byte_mutation, byte_mutation, ByteMutation};
use lishu_core::catalogue::check::check_catalogue;
use lishu_core::catalogue::file::{read_catalogue, read_catalogue_text, MAX_CATALOGUE_BYTES};
use proptest::prelude::*;

const SOURCE: &str = include_str!("../data/catalogue.toml");

/// Reads `bytes` and checks the outcome is one of the two allowed ones.
fn outcome_is_sound(bytes: &[u8]) -> Result<bool, TestCaseError> {
    match read_catalogue(bytes) {
        Ok(cat) => {
            prop_assert!(check_catalogue(&cat).is_empty(), "accepted a catalogue that breaks a rule");
            Ok(true)
        }
        Err(errs) => {
            prop_assert!(!errs.is_empty());
            for e in &errs {
                let m = e.message();
                prop_assert!(!m.trim().is_empty());
                prop_assert!(m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "not Chinese: {m}");
            }
            Ok(false)
        }
    }
}

/// Edits a catalogue author could make by mistake (or on purpose).
#[derive(Debug, Clone)]
enum Edit {
    /// Replace the n-th occurrence of `from` by `to`.
    Replace { n: usize, from: &'static str, to: &'static str },
    /// Remove the n-th table of the given header (e.g. the 3rd `[[domains]]`).
    DropTable { header: &'static str, n: usize },
    /// Double the n-th table of the given header.
    DoubleTable { header: &'static str, n: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    let swaps: &'static [(&str, &str)] = &[
        ("kind = \"min\"", "kind = \"max\""),
        ("kind = \"min\"", "kind = \"milestone\""),
        ("kind = \"max\"", "kind = \"relative\""),
        ("kind = \"milestone\"", "kind = \"min\""),
        ("op = \">=\"", "op = \"<=\""),
        ("op = \">=\"", "op = \"!!\""),
        ("entry = \"rate\"", "entry = \"milestone\""),
        ("value = ", "value = -"),
        ("unit = \"%\"", "unit = \"‰\""),
        ("goal = \"", "goal = \"X"),
        ("domain = \"", "domain = \"Z"),
        ("plan = \"women\"", "plan = \"men\""),
        ("base = 2020", "base = 2030"),
        ("first = 2021", "first = 1800"),
        ("midterm = 2023", "midterm = 2040"),
        ("id = \"", "id = \" "),
        ("name = \"", "name = \"\" # "),
        ("text = \"", "text = 1 # \""),
        ("number = ", "number = -"),
        ("[[lines.indicators]]", "[[lines.indicator]]"),
        ("approx_band = 2.0", "approx_band = nan"),
    ];
    let headers: &'static [&str] = &["[[domains]]", "[[goals]]", "[[lines]]", "[[lines.indicators]]", "[[plans]]", "[period]", "[defaults]"];
    prop_oneof![
        (any::<usize>(), proptest::sample::select(swaps)).prop_map(|(n, (from, to))| Edit::Replace { n: n % 40, from, to }),
        (proptest::sample::select(headers), any::<usize>()).prop_map(|(header, n)| Edit::DropTable { header, n: n % 40 }),
        (proptest::sample::select(headers), any::<usize>()).prop_map(|(header, n)| Edit::DoubleTable { header, n: n % 40 }),
    ]
}

/// Byte ranges of the tables under `header` (from the header to the next table header).
fn tables(text: &str, header: &str) -> Vec<(usize, usize)> {
    let starts: Vec<usize> = text.match_indices(header).map(|(i, _)| i).filter(|i| *i == 0 || text.as_bytes()[i - 1] == b'\n').collect();
    starts
        .iter()
        .map(|&s| {
            let rest = &text[s + header.len()..];
            let end = rest.find("\n[").map_or(text.len(), |e| s + header.len() + e + 1);
            (s, end)
        })
        .collect()
}

fn apply_edit(text: &str, e: &Edit) -> String {
    match e {
        Edit::Replace { n, from, to } => match text.match_indices(from).nth(*n) {
            Some((i, _)) => format!("{}{to}{}", &text[..i], &text[i + from.len()..]),
            None => text.to_string(),
        },
        Edit::DropTable { header, n } => match tables(text, header).get(*n) {
            Some(&(s, e)) => format!("{}{}", &text[..s], &text[e..]),
            None => text.to_string(),
        },
        Edit::DoubleTable { header, n } => match tables(text, header).get(*n) {
            Some(&(s, e)) => format!("{}{}{}", &text[..e], &text[s..e], &text[e..]),
            None => text.to_string(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn damaged_bytes_never_panic(muts in proptest::collection::vec(byte_mutation(200), 1..4)) {
        let mut b = SOURCE.as_bytes().to_vec();
        for m in &muts {
            apply_byte_mutation(&mut b, m);
        }
        outcome_is_sound(&b)?;
    }

    #[test]
    fn edited_catalogues_are_refused_or_sound(edits in proptest::collection::vec(edit(), 1..4)) {
        let mut text = SOURCE.to_string();
        for e in &edits {
            text = apply_edit(&text, e);
        }
        outcome_is_sound(text.as_bytes())?;
    }
}

#[test]
fn the_edits_reach_the_rules() {
    // A doubled domain is refused for its duplicate id, on the line of the copy.
    let doubled = apply_edit(SOURCE, &Edit::DoubleTable { header: "[[domains]]", n: 2 });
    let errs = read_catalogue_text(&doubled).expect_err("refused");
    assert!(errs.iter().any(|e| e.message().contains("领域 W3 的 id：编号重复") && e.line.is_some()), "{errs:?}");
    // A dropped goal leaves its lines without a goal.
    let dropped = apply_edit(SOURCE, &Edit::DropTable { header: "[[goals]]", n: 0 });
    let errs = read_catalogue_text(&dropped).expect_err("refused");
    assert!(errs.iter().any(|e| e.message().contains("所属目标 W1-1 不存在")), "{errs:?}");
    // Unchanged: accepted.
    assert!(outcome_is_sound(SOURCE.as_bytes()).expect("sound"));
    let _ = ByteMutation::Truncate { at: 0 };
}

#[test]
fn pathological_toml_is_refused_with_a_message() {
    let deep = format!("id = {}1{}", "[".repeat(5000), "]".repeat(5000));
    let long = format!("{SOURCE}\nextra = \"{}\"", "长".repeat(200_000));
    let many = format!("{SOURCE}{}", "\n[[plans]]\nplan = \"women\"\ntitle = \"x\"\nshort = \"y\"\n".repeat(2000));
    for text in [deep.as_str(), long.as_str(), many.as_str(), "", "\u{0}\u{1}", "= = ="] {
        let errs = read_catalogue_text(text).expect_err("refused");
        assert!(!errs[0].message().is_empty());
    }
    let huge = vec![b' '; MAX_CATALOGUE_BYTES + 1];
    assert!(read_catalogue(&huge).is_err());
}
