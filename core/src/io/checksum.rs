//! Checksum of a file's `data`: FNV-1a 64 over the canonical JSON of `data` (see [`super::json::J::canonical`]),
//! written as `"fnv1a64:" + 16 lowercase hex digits`. It detects accidental damage (truncation, a changed
//! digit, an editor re-encoding); it is not a signature.

use super::json::J;
use crate::dataset::Dataset;

/// Prefix naming the algorithm in the `checksum` field.
pub const PREFIX: &str = "fnv1a64:";

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64-bit hash of bytes.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = OFFSET;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// The checksum string of a parsed `data` value.
pub fn checksum_of(data: &J) -> String {
    format!("{PREFIX}{:016x}", fnv1a64(data.canonical().as_bytes()))
}

/// The checksum string of a serde_json `data` value (used by tools and tests that edit files).
pub fn checksum_value(data: &serde_json::Value) -> String {
    checksum_of(&J::from_value(data))
}

/// The checksum of a dataset as the exporter writes it. The dataset is serialized and re-parsed so the
/// numbers are exactly what a reader of the file will see.
pub fn dataset_checksum(ds: &Dataset) -> String {
    match serde_json::to_string(ds).ok().and_then(|s| J::parse(&s).ok()) {
        Some(j) => checksum_of(&j),
        // Serializing a Dataset (strings, maps, finite f64) cannot fail.
        None => format!("{PREFIX}{:016x}", 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_vectors() {
        // Reference values of FNV-1a 64.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn checksum_changes_with_a_digit() {
        let a = J::parse(r#"{"data":{"W1-1-1":{"2021":{"value":"95.5"}}}}"#).expect("json");
        let b = J::parse(r#"{"data":{"W1-1-1":{"2021":{"value":"95.6"}}}}"#).expect("json");
        assert_ne!(checksum_of(&a), checksum_of(&b));
        assert!(checksum_of(&a).starts_with(PREFIX));
        assert_eq!(checksum_of(&a).len(), PREFIX.len() + 16);
    }
}
