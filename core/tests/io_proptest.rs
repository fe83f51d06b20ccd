//! Fuzz-style property tests: arbitrary bytes and mutated valid files never panic; they give either clean
//! errors (with messages naming the file) or a valid import.

mod io_support;

use io_support::mutation::{apply_byte_mutation, byte_mutation, ByteMutation};
use io_support::*;
use lishu_core::catalogue::Catalogue;
use lishu_core::dataset::Dataset;
use lishu_core::io::{apply, decode_store, encode_store, import_files, merge_with_office, validate, Resolutions};
use proptest::prelude::*;
use std::sync::OnceLock;

fn catalogue() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(cat)
}

fn valid_file() -> &'static str {
    static F: OnceLock<String> = OnceLock::new();
    F.get_or_init(|| lishu_core::io::export_dataset(&sample(), "", "2026-11-29T09:30:00+08:00", catalogue()))
}

/// Checks the outcome of importing one file: no panic happened; rejected files have messages naming the
/// file and change nothing; accepted files only bring rows that pass every check again.
fn check_import(name: &str, bytes: Vec<u8>, current: &Dataset) -> Result<(), TestCaseError> {
    let c = catalogue();
    let p = import_files(&[(name.to_string(), bytes)], c, current);
    let f = &p.files[0];
    if f.accepted {
        let mut brought = Dataset::default();
        for a in &p.additions {
            brought.set_entry(&a.indicator, a.year, a.new.entry.clone());
        }
        for ch in &p.changes {
            brought.set_entry(&ch.indicator, ch.year, ch.new.entry.clone());
        }
        prop_assert!(validate(name, &brought, c).is_empty(), "accepted rows must be valid");
        let out = apply(&p, &Resolutions::new(), "2026-12-01T00:00:00+08:00");
        // Nothing of the current data is lost: each current row is still there or recorded as superseded.
        for (id, years) in &current.data {
            for (y, old) in years {
                let kept = out.entry(id, *y).map(|e| e.content()) == Some(old.content());
                let recorded = out.superseded.iter().any(|s| &s.indicator == id && s.year == *y && s.entry == *old);
                prop_assert!(kept || recorded, "{} {} lost", id, y);
            }
        }
    } else {
        prop_assert!(!f.errors.is_empty());
        prop_assert!(p.is_noop());
        for e in &f.errors {
            let m = e.message(c);
            prop_assert!(m.contains(name), "message must name the file: {}", m);
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    Bytes(ByteMutation),
    /// Replace the n-th ASCII digit by another digit.
    Digit {
        nth: usize,
        digit: u8,
    },
    /// Replace the first occurrence of an id / year / value token by another.
    Token {
        from: usize,
        to: usize,
    },
}

const TOKENS: &[&str] = &[
    "W1-1-1",
    "W1-1-2a",
    "C1-1-1b",
    "X9-9-9",
    "2020",
    "2021",
    "2019",
    "2026",
    "２０２１",
    "\"3\"",
    "3",
    "-1",
    "\"abc\"",
    "\"120\"",
    "null",
    "[]",
    "{}",
    "\"basic\"",
    "\"差不多\"",
    "true",
    "1e400",
    "\"\"",
    "\"区人大\"",
    "\"schema\": 1",
    "\"schema\": 2",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => byte_mutation(40).prop_map(Mutation::Bytes),
        1 => (any::<usize>(), 0u8..10).prop_map(|(nth, digit)| Mutation::Digit { nth, digit }),
        1 => (0..TOKENS.len(), 0..TOKENS.len()).prop_map(|(from, to)| Mutation::Token { from, to }),
    ]
}

fn mutate(text: &str, muts: &[Mutation]) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    for m in muts {
        match m {
            Mutation::Bytes(m) => apply_byte_mutation(&mut b, m),
            Mutation::Digit { nth, digit } => {
                let digits: Vec<usize> =
                    b.iter().enumerate().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
                if !digits.is_empty() {
                    b[digits[nth % digits.len()]] = b'0' + digit;
                }
            }
            Mutation::Token { from, to } => {
                let s = String::from_utf8_lossy(&b).into_owned();
                b = s.replacen(TOKENS[*from], TOKENS[*to], 1).into_bytes();
            }
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_import("随机.json", bytes.clone(), &Dataset::default())?;
        let _ = decode_store(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_json_like_data_never_panics(text in "[{}\\[\\]\":,0-9a-z\\- .]{0,200}") {
        let wrapped = format!("{{\"type\":\"lishu-monitor/dataset\",\"schema\":1,\"data\":{text}}}");
        check_import("近似.json", wrapped.into_bytes(), &Dataset::default())?;
        let _ = decode_store(&format!("{{\"type\":\"lishu-monitor/store\",\"schema\":1,\"data\":{text}}}"));
    }

    #[test]
    fn mutated_files_never_panic(muts in proptest::collection::vec(mutation(), 1..4), reseal_it in any::<bool>()) {
        let mut bytes = mutate(valid_file(), &muts);
        if reseal_it {
            // Re-seal so the mutation reaches the structure and value checks instead of the checksum.
            if let Some(t) = std::str::from_utf8(&bytes).ok().and_then(reseal) {
                bytes = t.into_bytes();
            }
        }
        check_import("变异.json", bytes.clone(), &Dataset::default())?;
        check_import("变异.json", bytes, &sample())?;
    }

    #[test]
    fn mutated_stores_never_panic(muts in proptest::collection::vec(mutation(), 1..4)) {
        let store = encode_store(&sample(), &cat(), "2026-11-29T09:31:00+08:00");
        let bytes = mutate(&store, &muts);
        let _ = decode_store(&String::from_utf8_lossy(&bytes));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn merging_mutated_files_never_panics(
        muts_a in proptest::collection::vec(mutation(), 1..3),
        muts_b in proptest::collection::vec(mutation(), 1..3),
    ) {
        let a = mutate(valid_file(), &muts_a);
        let b = std::str::from_utf8(&mutate(valid_file(), &muts_b))
            .ok()
            .and_then(reseal)
            .map(String::into_bytes)
            .unwrap_or_default();
        let good = valid_file().as_bytes().to_vec();
        // The district file is the office's own, named as such (`lishu merge --office`); the others are units'.
        let m = merge_with_office(&[("a.json".into(), a), ("b.json".into(), b), ("c.json".into(), good)], Some(2), catalogue(), "t");
        prop_assert_eq!(m.files.len(), 3);
        prop_assert!(m.files[2].accepted);
    }
}

/// The mutation machinery reaches deep checks: a re-sealed file with a changed value is judged on the
/// value, not refused for its checksum.
#[test]
fn resealed_mutation_reaches_value_checks() {
    let bad = valid_file().replacen("\"99.2\"", "\"abc\"", 1);
    let sealed = reseal(&bad).expect("reseal");
    let p = import_files(&[("x.json".into(), sealed.into_bytes())], catalogue(), &Dataset::default());
    let kinds: Vec<_> = p.files[0].errors.iter().map(|e| e.kind.clone()).collect();
    assert!(
        matches!(
            kinds.as_slice(),
            [lishu_core::io::FileErrorKind::Value(lishu_core::dataset::InputErrorKind::NotANumber { .. })]
        ),
        "{kinds:?}"
    );
}
