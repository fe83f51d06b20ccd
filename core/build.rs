//! Converts the human-readable catalogue (data/catalogue.toml) at build time into
//! - `catalogue.json`: the JSON form (`CATALOGUE_JSON`, read with serde by tests and as the reference), and
//! - `catalogue.bin` + `catalogue.strings`: the compact form the app reads at start without serde
//!   (`catalogue::compact`): every distinct string once in a string table, the records as small integers.
//!
//! The compact layout (all integers LEB128 varints, `f64` as 8 bytes little-endian): the catalogue's fields
//! in the order of `Catalogue`'s declaration (see `compact.rs`, which reads them in the same order). A
//! string is 0 = the next new string of the string table, 1 = "", k ≥ 2 = the (k − 2)th string taken from
//! the table so far (repeats: unit names, goal ids); the table is the strings in order of first use, each
//! ended by a NUL. So most references are one byte 0 and the table is the text itself: both compress about
//! as well as the JSON did, while reading needs no parser. `Option<String>` is 0 (none) or the string's
//! code + 1; `Option<f64>` a byte 0/1 and the number; `Option<bool>` 0 none / 1 false / 2 true; an enum its
//! position in the lists below; a list its length, then the items. The test in `compact.rs` proves the
//! compact reading equals the serde reading of the JSON, field for field.
use std::collections::HashMap;
use std::{env, fs, path::Path};
use toml::{Table, Value};

// Enum spellings in the order of the variants in catalogue/mod.rs (compact.rs maps positions back).
const PLANS: &[&str] = &["women", "children"];
const KINDS: &[&str] = &[
    "min",
    "max",
    "approx",
    "relative",
    "count_per_body",
    "directional",
    "relational",
    "balance",
    "milestone",
    "points",
    "points_per_year",
];
const OPS: &[&str] = &[">=", "<=", ">", "<", "~", "="];
const DIRECTIONS: &[&str] = &["up", "down", "hold", "hold_up", "slow_rise"];
const ENTRIES: &[&str] = &["value", "rate", "female_male", "per_body", "milestone"];

const CATALOGUE_KEYS: &[&str] = &[
    "id", "version", "region", "authority", "issued", "title", "period", "previous", "plans", "defaults", "domains",
    "goals", "lines",
];
const INDICATOR_KEYS: &[&str] = &[
    "id",
    "name",
    "clause",
    "kind",
    "op",
    "value",
    "unit",
    "direction",
    "every_year",
    "entry",
    "numerator",
    "denominator",
    "scale",
    "events",
    "bodies",
    "compare_with",
    "band",
    "max",
    "interpretation",
    "definition",
    "formula",
    "source",
    "evidence_hint",
    "review",
    "previous",
    "previous_note",
    "lead_unit",
    "co_units",
];

fn main() {
    let src = Path::new("data/catalogue.toml");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = fs::read_to_string(src).expect("读取 data/catalogue.toml 失败");
    let value: Table = toml::from_str(&text).unwrap_or_else(|e| panic!("data/catalogue.toml 格式错误: {e}"));
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).to_path_buf();
    let json = serde_json::to_string(&value).expect("catalogue to JSON");
    fs::write(out.join("catalogue.json"), json).expect("写入 catalogue.json 失败");

    let mut w = Writer::default();
    w.catalogue(&value);
    fs::write(out.join("catalogue.bin"), &w.bytes).expect("写入 catalogue.bin 失败");
    let mut table = String::new();
    for s in &w.order {
        table.push_str(s);
        table.push('\0');
    }
    fs::write(out.join("catalogue.strings"), table).expect("写入 catalogue.strings 失败");
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
    strings: HashMap<String, usize>,
    order: Vec<String>,
}

fn get<'a>(t: &'a Table, key: &str) -> Option<&'a Value> {
    t.get(key)
}

fn keys(t: &Table, allowed: &[&str], what: &str) {
    for k in t.keys() {
        assert!(allowed.contains(&k.as_str()), "data/catalogue.toml：{what}中有 build.rs 不认识的字段 {k}（更新 build.rs 与 compact.rs）");
    }
}

impl Writer {
    fn uint(&mut self, v: u64) {
        varint(&mut self.bytes, v);
    }
    /// The code of string `s` (see the layout above); a new string joins the table.
    fn index(&mut self, s: &str) -> u64 {
        assert!(!s.contains('\0'), "data/catalogue.toml：文字中不能有 NUL 字符");
        if s.is_empty() {
            return 1;
        }
        if let Some(&i) = self.strings.get(s) {
            return i as u64 + 2;
        }
        self.strings.insert(s.to_string(), self.order.len());
        self.order.push(s.to_string());
        0
    }
    fn text(&self, t: &Table, key: &str) -> Option<String> {
        get(t, key).map(|v| v.as_str().unwrap_or_else(|| panic!("{key} 应为文字")).to_string())
    }
    /// A required or defaulted (empty) string.
    fn str(&mut self, t: &Table, key: &str) {
        let s = self.text(t, key).unwrap_or_default();
        let i = self.index(&s);
        self.uint(i);
    }
    fn opt_str(&mut self, t: &Table, key: &str) {
        match self.text(t, key) {
            None => self.uint(0),
            Some(s) => {
                let i = self.index(&s);
                self.uint(i + 1);
            }
        }
    }
    fn int(&mut self, t: &Table, key: &str) {
        let v = get(t, key).and_then(Value::as_integer).unwrap_or_else(|| panic!("{key} 应为整数"));
        self.uint(u64::try_from(v).unwrap_or_else(|_| panic!("{key} 不应为负数")));
    }
    fn f64_of(v: &Value, key: &str) -> f64 {
        match v {
            Value::Integer(i) => *i as f64,
            Value::Float(f) => *f,
            _ => panic!("{key} 应为数字"),
        }
    }
    fn num(&mut self, v: f64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    fn opt_num(&mut self, t: &Table, key: &str) {
        match get(t, key) {
            None => self.bytes.push(0),
            Some(v) => {
                self.bytes.push(1);
                self.num(Self::f64_of(v, key));
            }
        }
    }
    fn enumeration(&mut self, t: &Table, key: &str, names: &[&str]) {
        let s = self.text(t, key).unwrap_or_else(|| panic!("缺少 {key}"));
        let i = names.iter().position(|n| *n == s).unwrap_or_else(|| panic!("{key} = {s} 不认识"));
        self.uint(i as u64);
    }
    fn str_list(&mut self, t: &Table, key: &str) {
        let list: Vec<String> = match get(t, key) {
            None => Vec::new(),
            Some(v) => v
                .as_array()
                .unwrap_or_else(|| panic!("{key} 应为列表"))
                .iter()
                .map(|s| s.as_str().unwrap_or_else(|| panic!("{key} 应为文字列表")).to_string())
                .collect(),
        };
        self.uint(list.len() as u64);
        for s in list {
            let i = self.index(&s);
            self.uint(i);
        }
    }
    fn tables<'a>(t: &'a Table, key: &str) -> Vec<&'a Table> {
        match get(t, key) {
            None => Vec::new(),
            Some(v) => v
                .as_array()
                .unwrap_or_else(|| panic!("{key} 应为表的列表"))
                .iter()
                .map(|x| x.as_table().unwrap_or_else(|| panic!("{key} 应为表的列表")))
                .collect(),
        }
    }

    fn catalogue(&mut self, c: &Table) {
        keys(c, CATALOGUE_KEYS, "目录");
        for k in ["id", "version", "region", "authority", "issued", "title"] {
            self.str(c, k);
        }
        let period = get(c, "period").and_then(Value::as_table).expect("缺少 [period]");
        keys(period, &["base", "first", "last", "midterm"], "[period]");
        for k in ["base", "first", "last", "midterm"] {
            self.int(period, k);
        }
        match get(c, "previous").and_then(Value::as_table) {
            None => self.uint(0),
            Some(p) => {
                keys(p, &["id", "version", "base"], "[previous]");
                self.uint(1);
                self.str(p, "id");
                self.str(p, "version");
                match get(p, "base") {
                    None => self.uint(0),
                    Some(_) => {
                        self.uint(1);
                        self.int(p, "base");
                    }
                }
            }
        }
        let plans = Self::tables(c, "plans");
        self.uint(plans.len() as u64);
        for p in plans {
            keys(p, &["plan", "title", "short"], "[[plans]]");
            self.enumeration(p, "plan", PLANS);
            self.str(p, "title");
            self.str(p, "short");
        }
        let d = get(c, "defaults").and_then(Value::as_table).expect("缺少 [defaults]");
        let fields = ["approx_band", "balance_low", "balance_high", "basic_tolerance", "min_change", "min_events"];
        keys(d, &fields, "[defaults]");
        for k in fields {
            // min_events may be absent (older files): its serde default is 20.
            let v = get(d, k).map_or(20.0, |v| Self::f64_of(v, k));
            self.num(v);
        }
        let domains = Self::tables(c, "domains");
        self.uint(domains.len() as u64);
        for d in domains {
            keys(d, &["id", "plan", "number", "name", "short"], "[[domains]]");
            self.str(d, "id");
            self.enumeration(d, "plan", PLANS);
            self.int(d, "number");
            self.str(d, "name");
            self.str(d, "short");
        }
        let goals = Self::tables(c, "goals");
        self.uint(goals.len() as u64);
        for g in goals {
            keys(g, &["id", "domain", "number", "text"], "[[goals]]");
            self.str(g, "id");
            self.str(g, "domain");
            self.int(g, "number");
            self.str(g, "text");
        }
        let lines = Self::tables(c, "lines");
        self.uint(lines.len() as u64);
        for l in lines {
            keys(l, &["id", "goal", "number", "text", "indicators"], "[[lines]]");
            self.str(l, "id");
            self.str(l, "goal");
            self.int(l, "number");
            self.str(l, "text");
            let inds = Self::tables(l, "indicators");
            self.uint(inds.len() as u64);
            for i in inds {
                self.indicator(i);
            }
        }
    }

    fn indicator(&mut self, i: &Table) {
        keys(i, INDICATOR_KEYS, "[[lines.indicators]]");
        self.str(i, "id");
        self.str(i, "name");
        self.str(i, "clause");
        self.enumeration(i, "kind", KINDS);
        match self.text(i, "op") {
            None => self.uint(0),
            Some(op) => {
                let n = OPS.iter().position(|o| *o == op).unwrap_or_else(|| panic!("op = {op} 不认识"));
                self.uint(n as u64 + 1);
            }
        }
        self.opt_num(i, "value");
        self.str(i, "unit");
        self.enumeration(i, "direction", DIRECTIONS);
        let every = get(i, "every_year").map(|v| v.as_bool().expect("every_year 应为 true/false"));
        self.uint(u64::from(every.unwrap_or(false)));
        self.enumeration(i, "entry", ENTRIES);
        self.opt_str(i, "numerator");
        self.opt_str(i, "denominator");
        self.opt_num(i, "scale");
        let events = get(i, "events").map(|v| v.as_bool().expect("events 应为 true/false"));
        self.uint(events.map_or(0, |b| 1 + u64::from(b)));
        self.str_list(i, "bodies");
        self.opt_str(i, "compare_with");
        self.opt_num(i, "band");
        self.opt_num(i, "max");
        for k in ["interpretation", "definition", "formula", "source", "evidence_hint", "review"] {
            self.str(i, k);
        }
        self.opt_str(i, "previous");
        self.str(i, "previous_note");
        self.str(i, "lead_unit");
        self.str_list(i, "co_units");
    }
}
