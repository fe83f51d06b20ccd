//! Converts the human-readable catalogue (data/catalogue.toml) into JSON at build time, so the
//! app embeds the data without shipping a TOML parser to the browser.
use std::{env, fs, path::Path};

fn main() {
    let src = Path::new("data/catalogue.toml");
    println!("cargo:rerun-if-changed={}", src.display());
    let text = fs::read_to_string(src).expect("读取 data/catalogue.toml 失败");
    let value: toml::Value = toml::from_str(&text)
        .unwrap_or_else(|e| panic!("data/catalogue.toml 格式错误: {e}"));
    let json = serde_json::to_string(&value).expect("catalogue to JSON");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("catalogue.json");
    fs::write(out, json).expect("写入 catalogue.json 失败");
}
