//! A fast hasher for the evaluation's per-run lookups (goal, domain and indicator ids). The default
//! SipHash cost about a tenth of an evaluation; the keys are short ids from the catalogue and the user's
//! own dataset, so hash flooding is no concern. The algorithm is FxHash (as used inside rustc).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinguishes_ids_and_finds_them() {
        let ids = [
            "W1",
            "W1-1",
            "W1-1-1",
            "W1-1-10",
            "C10-2-3a",
            "C10-2-3b",
            "",
            "妇女与健康",
        ];
        let map: FxMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        assert_eq!(map.len(), ids.len());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(map.get(id), Some(&i));
        }
        assert!(!map.contains_key("W1-1-1 "));
        let hash = |s: &str| {
            let mut h = FxHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("C10-2-3a"), hash("C10-2-3b"));
    }
}
