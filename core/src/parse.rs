//! Parser of target wording: reads operator, value and unit from a target clause's verbatim text
//! (e.g. "达到90%以上" → ≥ 90 %). Used to cross-check the curated catalogue in tests.
