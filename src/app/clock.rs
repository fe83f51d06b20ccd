//! The browser's clock: the only code that reads the current time. Formatting times for people and files
//! is pure and lives in `lishu_core::io::time`.

/// Current time, ISO 8601 UTC with milliseconds ("2026-11-29T01:55:26.123Z"); natively (tests) "@<ms>".
pub fn now() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::Date::new_0().to_iso_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        format!("@{ms}")
    }
}

/// Current time as ISO 8601 in Beijing time ("2026-11-29T09:30:00+08:00"), used for file names,
/// `exported_at` and superseded records.
pub fn beijing_now() -> String {
    use lishu_core::io::time::{format_iso_beijing, parse_iso};
    let now = now();
    parse_iso(&now).map(format_iso_beijing).unwrap_or(now)
}

/// Today's date as written in documents ("2025年3月1日", Beijing time).
pub fn today() -> String {
    lishu_core::io::time::chinese_date(&now())
}
