//! A JSON tree that keeps object members in file order, duplicates included (serde_json's `Value`
//! silently keeps only one of two equal keys, which would hide a duplicated indicator+year row), and the
//! canonical serialization the checksum is computed over.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A parsed JSON value. Objects keep every member in file order, including duplicated keys.
#[derive(Debug, Clone, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    Num(serde_json::Number),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    /// Parses JSON text (serde_json's parser, recursion-limited, so deep nesting is an error, not a crash).
    pub fn parse(text: &str) -> Result<J, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The first member named `key` of an object.
    pub fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Short Chinese name of the JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            J::Null => "空值",
            J::Bool(_) => "布尔值",
            J::Num(_) => "数字",
            J::Str(_) => "文本",
            J::Arr(_) => "数组",
            J::Obj(_) => "对象",
        }
    }

    /// Converts from a serde_json value (object order as the value holds it).
    pub fn from_value(v: &serde_json::Value) -> J {
        match v {
            serde_json::Value::Null => J::Null,
            serde_json::Value::Bool(b) => J::Bool(*b),
            serde_json::Value::Number(n) => J::Num(n.clone()),
            serde_json::Value::String(s) => J::Str(s.clone()),
            serde_json::Value::Array(a) => J::Arr(a.iter().map(J::from_value).collect()),
            serde_json::Value::Object(m) => J::Obj(m.iter().map(|(k, v)| (k.clone(), J::from_value(v))).collect()),
        }
    }

    /// Canonical serialization: no whitespace, object members sorted by key (byte order, stable for
    /// duplicates), strings escaped as serde_json does, numbers as serde_json prints them.
    pub fn canonical(&self) -> String {
        let mut out = Vec::new();
        self.write_canonical(&mut out);
        // Only UTF-8 text and serde_json's escapes were written.
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Writes into bytes, without a String per member (a county's file has tens of thousands of strings).
    fn write_canonical(&self, out: &mut Vec<u8>) {
        match self {
            J::Null => out.extend_from_slice(b"null"),
            J::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            J::Num(n) => write_json(n, out),
            J::Str(s) => write_json(s, out),
            J::Arr(a) => {
                out.push(b'[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    v.write_canonical(out);
                }
                out.push(b']');
            }
            J::Obj(m) => {
                let mut members: Vec<&(String, J)> = m.iter().collect();
                members.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                out.push(b'{');
                for (i, (k, v)) in members.into_iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write_json(k.as_str(), out);
                    out.push(b':');
                    v.write_canonical(out);
                }
                out.push(b'}');
            }
        }
    }
}

/// A string or number as serde_json writes it.
fn write_json<T: serde::Serialize + ?Sized>(v: &T, out: &mut Vec<u8>) {
    let len = out.len();
    if serde_json::to_writer(&mut *out, v).is_err() {
        // Writing a string or a number into memory cannot fail; keep a deterministic result anyway.
        out.truncate(len);
        out.extend_from_slice(b"null");
    }
}

impl<'de> Deserialize<'de> for J {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<J, D::Error> {
        d.deserialize_any(JVisitor)
    }
}

struct JVisitor;

impl<'de> Visitor<'de> for JVisitor {
    type Value = J;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<J, E> {
        Ok(J::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<J, E> {
        Ok(J::Num(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<J, E> {
        Ok(J::Num(v.into()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<J, E> {
        serde_json::Number::from_f64(v).map(J::Num).ok_or_else(|| E::custom("数字不是有限值"))
    }
    fn visit_str<E>(self, v: &str) -> Result<J, E> {
        Ok(J::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<J, E> {
        Ok(J::Str(v))
    }
    fn visit_unit<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_none<E>(self) -> Result<J, E> {
        Ok(J::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<J, D::Error> {
        J::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<J, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<J>()? {
            out.push(v);
        }
        Ok(J::Arr(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<J, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, J>()? {
            out.push((k, v));
        }
        Ok(J::Obj(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_duplicate_keys_in_order() {
        let j = J::parse(r#"{"b":1,"a":2,"b":3}"#).expect("valid json");
        match &j {
            J::Obj(m) => assert_eq!(m.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["b", "a", "b"]),
            other => panic!("expected object, got {other:?}"),
        }
        assert_eq!(j.canonical(), r#"{"a":2,"b":1,"b":3}"#);
    }

    #[test]
    fn canonical_ignores_whitespace_and_order() {
        let a = J::parse("{ \"x\" : [1, 2.5, \"中\"], \"a\": {\"z\": null, \"y\": true} }").expect("json");
        let b = J::parse(r#"{"a":{"y":true,"z":null},"x":[1,2.5,"中"]}"#).expect("json");
        assert_eq!(a.canonical(), b.canonical());
        assert_eq!(a.canonical(), r#"{"a":{"y":true,"z":null},"x":[1,2.5,"中"]}"#);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(J::parse(&deep).is_err());
    }
}
