//! Byte-level damage for robustness tests (shared by the JSON import and the .xlsx reader tests): flip,
//! truncate, insert, delete, at positions taken modulo the current length.

use proptest::prelude::*;

#[derive(Debug, Clone)]
pub enum ByteMutation {
    Flip { at: usize, xor: u8 },
    Truncate { at: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Delete { at: usize, len: usize },
}

/// Any byte mutation, each kind equally likely; deletions remove 1..`max_delete` bytes.
pub fn byte_mutation(max_delete: usize) -> impl Strategy<Value = ByteMutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, xor)| ByteMutation::Flip { at, xor }),
        any::<usize>().prop_map(|at| ByteMutation::Truncate { at }),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| ByteMutation::Insert { at, bytes }),
        (any::<usize>(), 1usize..max_delete).prop_map(|(at, len)| ByteMutation::Delete { at, len }),
    ]
}

/// Applies one mutation in place.
pub fn apply_byte_mutation(b: &mut Vec<u8>, m: &ByteMutation) {
    let n = b.len().max(1);
    match m {
        ByteMutation::Flip { at, xor } => {
            if !b.is_empty() {
                let i = at % b.len();
                b[i] ^= xor;
            }
        }
        ByteMutation::Truncate { at } => b.truncate(at % n),
        ByteMutation::Insert { at, bytes } => {
            let i = at % (b.len() + 1);
            b.splice(i..i, bytes.iter().copied());
        }
        ByteMutation::Delete { at, len } => {
            let i = at % n;
            let j = (i + len).min(b.len());
            if i < j {
                b.drain(i..j);
            }
        }
    }
}
