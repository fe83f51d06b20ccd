//! From one plan period to the next in the app (issue 26): the office has the 2021–2025 data (the demo data,
//! with 区卫健局's 2025 accepted and locked) in this browser, loads the linked 2026–2030 catalogue in 设置 →
//! 目标目录, puts it in use, 转入上一期数据 → preview → 确认转入; the carried 2025 value is the base year of the
//! indicator's entry table, locked where it was, the earlier years show read-only as 上一期; a reload keeps
//! it; the trend chart shows the carried years; 与上一期对照 is edited (a refused edit saves nothing, a
//! change and a confirmation are checked, saved and survive a reload, the data untouched); switching back to
//! 2021–2025 finds its stored data byte-identical. Headless Chromium at 1366×768 on the release
//! single file, controls found by their Chinese words. Run by `make test-e2e` (after `make dist`).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use lishu_core::catalogue::link::link_file;
use lishu_core::io::{decode_store, encode_store};
use lishu_core::{review, Catalogue, Dataset};
use serde_json::json;
use std::path::Path;
use std::time::Duration;
use support::*;
use thirtyfour::prelude::*;

const UNIT: &str = "区卫健局";
const OLD_KEY: &str = "lishu-monitor:lishu-2021-2025:data";
const NEW_KEY: &str = "lishu-monitor:lishu-2026-2030:data";


/// The previous period's data: the demo data with 区卫健局's 2023 and 2025 accepted (values locked).
fn old_data() -> Dataset {
    let old = Catalogue::embedded();
    let mut ds = lishu_core::demo::demo_dataset(old);
    for y in [2023, 2025] {
        review::submit(&mut ds, old, UNIT, y, "2026-02-01T09:00:00+08:00").expect("submit");
        review::accept(&mut ds, old, UNIT, y, "2026-02-02T09:00:00+08:00").expect("accept");
    }
    ds
}

/// The file input inside the label that says `label`.
async fn file_input(b: &WebDriver, label: &str) -> WebElement {
    for _ in 0..100 {
        let found = b
            .execute(
                "for (const l of document.querySelectorAll('label')) { \
                   if (l.textContent.includes(arguments[0]) && l.getClientRects().length) { \
                     const i = l.querySelector('input[type=file]'); if (i) return i; } } return null;",
                vec![json!(label)],
            )
            .await
            .expect("find input");
        if let Ok(e) = found.element() {
            return e;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no file input labelled {label:?}");
}

async fn storage_item(b: &WebDriver, key: &str) -> Option<String> {
    b.execute("return localStorage.getItem(arguments[0]);", vec![json!(key)]).await.expect("storage").json().as_str().map(str::to_string)
}

/// Waits until the page title names `words` (after a switch the page reloads).
async fn wait_title(b: &WebDriver, words: &str) {
    for _ in 0..200 {
        if b.title().await.unwrap_or_default().contains(words) && b.find(By::Css("[data-testid=catalogue]")).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page title never named {words:?}");
}

/// The row of the entry table headed by `head` (its cells' text, or the inputs' values).
async fn entry_row(b: &WebDriver, head: &str) -> Vec<String> {
    let v = b
        .execute(
            "for (const r of document.querySelectorAll('table.entry tbody tr')) { \
               if (!r.cells[0].textContent.trim().startsWith(arguments[0])) continue; \
               return [...r.cells].map(c => { const i = c.querySelector('input, select'); \
                 return (i ? i.value : c.textContent).trim(); }); } \
             return null;",
            vec![json!(head)],
        )
        .await
        .expect("row");
    match serde_json::from_value(v.json().clone()) {
        Ok(row) => row,
        Err(_) => panic!("no row {head:?} in the entry table:\n{}", page_text(b).await),
    }
}

async fn keep_screen(b: &WebDriver, name: &str) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = b.screenshot_as_png().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "blank screenshot?");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
    let _ = std::fs::create_dir_all(&dir);
    std::fs::write(dir.join(name), &png).expect("write screenshot");
}

/// Clicks the button labelled `text` in the 与上一期对照 row of the new indicator `id`.
async fn press_in_row(b: &WebDriver, id: &str, text: &str) {
    for _ in 0..100 {
        let done = b
            .execute(
                "const r = document.querySelector(`[data-testid=\"link-row-${arguments[0]}\"]`); if (!r) return false; \
                 const e = [...r.querySelectorAll('button')].find(e => e.textContent.trim() === arguments[1]); \
                 if (!e || e.disabled) return false; e.scrollIntoView({block: 'center'}); e.click(); return true;",
                vec![json!(id), json!(text)],
            )
            .await
            .expect("press in row");
        if done.json() == &json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no button {text:?} in the link row of {id}");
}

/// Picks the previous indicator `old` in the list labelled 接续的上一期指标 of the row of `id`.
async fn pick_in_row(b: &WebDriver, id: &str, old: &str) {
    for _ in 0..100 {
        let done = b
            .execute(
                "const r = document.querySelector(`[data-testid=\"link-row-${arguments[0]}\"]`); if (!r) return false; \
                 const l = [...r.querySelectorAll('label')].find(l => l.textContent.includes('接续的上一期指标')); \
                 const s = l && l.querySelector('select'); if (!s) return false; \
                 s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true})); return true;",
                vec![json!(id), json!(old)],
            )
            .await
            .expect("pick in row");
        if done.json() == &json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no list 接续的上一期指标 in the link row of {id}");
}

/// The text of the 与上一期对照 row of `id`.
async fn link_row(b: &WebDriver, id: &str) -> String {
    let v = b
        .execute("const r = document.querySelector(`[data-testid=\"link-row-${arguments[0]}\"]`); return r ? r.textContent : '';", vec![json!(id)])
        .await
        .expect("row");
    v.json().as_str().unwrap_or_default().to_string()
}

/// The trend chart's data table (总览 → 指标趋势 of `id`): (year, value) rows.
async fn trend_rows(b: &WebDriver, id: &str, name: &str) -> Vec<(String, String)> {
    press(b, "总览").await;
    wait_for(b, "[data-testid=trend-indicator]").await;
    select(b, "trend-indicator", id).await;
    for _ in 0..100 {
        let v = b
            .execute(
                "for (const t of document.querySelectorAll('[data-testid=chart-table]')) { \
                   if (!t.caption || !t.caption.textContent.includes(arguments[0])) continue; \
                   return [...t.tBodies[0].rows].map(r => [r.cells[0].textContent.trim(), (r.cells[1] || r.cells[0]).textContent.trim()]); } \
                 return null;",
                vec![json!(name)],
            )
            .await
            .expect("chart table");
        if let Ok(rows) = serde_json::from_value::<Vec<(String, String)>>(v.json().clone()) {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no trend chart table of {name}:\n{}", page_text(b).await);
}

/// 孕产妇死亡率 (W2-1-2 continues W1-4-2): the carried 2025 value is the base, locked; 上一期 years read-only.
async fn check_indicator(b: &WebDriver, want: &lishu_core::YearEntry) {
    press(b, "目标目录/数据填报").await;
    open_indicator(b, "W2-1-2").await;
    let base = entry_row(b, "2025 基数（上一期终期值）").await;
    assert!(base.iter().any(|c| *c == want.numerator) && base.iter().any(|c| *c == want.denominator), "{base:?} vs {want:?}");
    wait_for(b, "[data-testid=locked-W2-1-2-2025]").await;
    let earlier = entry_row(b, "2023").await;
    assert!(earlier[0].contains("上一期"), "{earlier:?}");
    let n = b
        .execute("return document.querySelectorAll('table.entry tr.previous input, table.entry tr.previous select').length;", vec![])
        .await
        .expect("count");
    assert_eq!(n.json(), &json!(0), "上一期 years are read-only");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_previous_periods_data_are_carried_into_the_next_catalogue_and_left_untouched() {
    let old = Catalogue::embedded();
    let old_ds = old_data();
    let want = old_ds.entry("W1-4-2", 2025).expect("demo 2025 value of 孕产妇死亡率").clone();
    assert!(review::is_locked(&old_ds, "W1-4-2", 2025), "the fixture locks 区卫健局's 2025");

    // The next-period catalogue file, linked to 2021–2025 as `lishu catalogue link` writes it.
    let p = TempDir::new("period-carry");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("core/tests/fixtures/lishu-2026-2030.toml");
    let linked = link_file("lishu-2026-2030.toml", &std::fs::read(&fixture).expect("fixture"), old).expect("links");
    let cat_file = p.0.join("lishu-2026-2030-已对照.toml");
    std::fs::write(&cat_file, &linked.toml).expect("write the linked catalogue");

    let driver = Driver::start().await;
    let b = driver.browser(&p.0).await;
    let dev = thirtyfour::extensions::cdp::ChromeDevTools::new(b.handle.clone());
    dev.execute_cdp_with_params("Emulation.setDeviceMetricsOverride", json!({ "width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false }))
        .await
        .expect("screen size");
    // This browser holds the 2021–2025 data (as the office left them).
    b.goto(dist_url()).await.expect("open file");
    let stored_old = encode_store(&old_ds, old, "2026-02-02T09:00:00+08:00");
    // (and has used the app before: the first screen's doors were taken).
    b.execute(
        "localStorage.setItem(arguments[0], arguments[1]); localStorage.setItem('lishu-monitor:welcome-done', '1'); location.reload();",
        vec![json!(OLD_KEY), json!(stored_old)],
    )
        .await
        .expect("seed storage");
    wait_title(&b, "2021-2025").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let old_bytes = storage_item(&b, OLD_KEY).await.expect("the 2021–2025 data are stored");

    // 设置 → 目标目录: load the next catalogue, check, use it (the page reloads).
    press(&b, "设置").await;
    file_input(&b, "选择目录文件").await.send_keys(cat_file.display().to_string()).await.expect("choose the catalogue");
    wait_words(&b, "检查通过").await;
    press(&b, "使用此目录").await;
    wait_title(&b, "2026-2030").await;
    assert_eq!(storage_item(&b, NEW_KEY).await, None, "nothing written for the new catalogue yet");

    // 转入上一期数据: the panel says what it does; the preview shows what would be carried; nothing written.
    press(&b, "设置").await;
    let text = wait_words(&b, "转入上一期数据").await;
    assert!(text.contains("2025 年的数值作为本期基数"), "{text}");
    press(&b, "转入上一期数据").await;
    let text = wait_words(&b, "转入预览").await;
    assert!(text.contains("已转入 18 个指标的上一期数据"), "{text}");
    b.execute("document.querySelector('[data-testid=carry-preview]').scrollIntoView({block: 'start'})", vec![]).await.expect("scroll");
    keep_screen(&b, "period-carry-preview-1366x768.png").await;
    // The details (逐项明细, folded when long) name what is not carried, and why.
    press(&b, "逐项明细").await;
    let text = wait_words(&b, "未转入：孕产妇艾滋病、梅毒和乙肝检测率（W2-2-4）").await;
    assert!(text.contains("填报方式已改变"), "{text}");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(storage_item(&b, NEW_KEY).await, None, "nothing written before 确认转入");
    press(&b, "确认转入").await;
    wait_words(&b, "已转入上一期数据").await;

    // The carried 2025 value is the base year of 孕产妇死亡率 (W2-1-2 continues W1-4-2), locked; 2020–2024 are 上一期.
    check_indicator(&b, &want).await;
    // Autosaved; a reload keeps it.
    for _ in 0..100 {
        if storage_item(&b, NEW_KEY).await.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.refresh().await.expect("reload");
    wait_title(&b, "2026-2030").await;
    check_indicator(&b, &want).await;

    // The trend chart of 孕产妇死亡率 shows the carried 上一期 years with their values, then this period's.
    let rows = trend_rows(&b, "W2-1-2", "孕产妇死亡率").await;
    let years: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert!(years.starts_with(&["2020", "2021", "2022", "2023", "2024", "2025"]) && years.contains(&"2030"), "{rows:?}");
    let v2022 = lishu_core::check::check_year(old, old.indicator("W1-4-2").expect("W1-4-2").indicator, &old_ds, 2022)
        .resolved
        .and_then(|r| r.value)
        .expect("the demo 2022 value");
    let shown: f64 = rows[2].1.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect::<String>().parse().unwrap_or(f64::NAN);
    assert!((shown - v2022).abs() < 0.01, "2022 shows {:?}, the carried value is {v2022}", rows[2]);

    // 与上一期对照, edited. The data of this catalogue and the stored catalogue before any edit:
    let cat_key = "lishu-monitor:catalogue:lishu-2026-2030";
    let (data_before, cat_before) = (storage_item(&b, NEW_KEY).await, storage_item(&b, cat_key).await);
    assert!(data_before.is_some() && cat_before.is_some());
    press(&b, "设置").await;
    press(&b, "与上一期对照").await;
    // A new indicator claiming the old one 孕产妇死亡率 already continues: refused, the problem named, nothing saved.
    assert!(link_row(&b, "W2-1-3").await.contains("新增指标"), "{}", link_row(&b, "W2-1-3").await);
    press_in_row(&b, "W2-1-3", "更改").await;
    pick_in_row(&b, "W2-1-3", "W1-4-2").await;
    assert!(link_row(&b, "W2-1-3").await.contains("W1-4-2 孕产妇死亡率（/10万）（已更改）"));
    press(&b, "保存对照（1 项改动）").await;
    let text = wait_words(&b, "对照未保存").await;
    assert!(text.contains("同样接续上一期指标 W1-4-2"), "{text}");
    b.execute("document.querySelector('[data-testid=link-save]').scrollIntoView({block: 'center'})", vec![]).await.expect("scroll");
    keep_screen(&b, "period-link-refused-1366x768.png").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(storage_item(&b, cat_key).await, cat_before, "a refused edit saves nothing");
    assert_eq!(storage_item(&b, NEW_KEY).await, data_before);
    // Changed to an old indicator nobody continues, and an unsure link confirmed: checked, listed, saved.
    press_in_row(&b, "W2-1-3", "更改").await;
    pick_in_row(&b, "W2-1-3", "W1-2-1a").await;
    let unsure = b
        .execute(
            "for (const r of document.querySelectorAll('[data-testid^=link-row-]')) { \
               if ([...r.querySelectorAll('button')].some(e => e.textContent.trim() === '确认')) return r.dataset.testid.slice(9); } return null;",
            vec![],
        )
        .await
        .expect("an unsure row");
    let unsure = unsure.json().as_str().expect("the linking left a link to confirm").to_string();
    press_in_row(&b, &unsure, "确认").await;
    press(&b, "保存对照（2 项改动）").await;
    let text = wait_words(&b, "目录检查通过").await;
    assert!(text.contains("W1-2-1a 妇女人均预期寿命") && text.contains(&format!("（{unsure}）：确认接续")), "{text}");
    b.execute("document.querySelector('[data-testid=link-save]').scrollIntoView({block: 'center'})", vec![]).await.expect("scroll");
    keep_screen(&b, "period-link-edit-1366x768.png").await;
    press(&b, "确认保存对照").await;
    for _ in 0..100 {
        if storage_item(&b, cat_key).await != cat_before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_ne!(storage_item(&b, cat_key).await, cat_before, "the edited catalogue is stored");
    // It survives a reload: the link as changed, the confirmed one no longer marked; the data untouched.
    b.refresh().await.expect("reload");
    wait_title(&b, "2026-2030").await;
    press(&b, "设置").await;
    press(&b, "与上一期对照").await;
    wait_words(&b, "保存对照").await;
    assert!(link_row(&b, "W2-1-3").await.contains("W1-2-1a 妇女人均预期寿命"), "{}", link_row(&b, "W2-1-3").await);
    assert!(!link_row(&b, &unsure).await.contains("需人工核对"), "{}", link_row(&b, &unsure).await);
    assert_eq!(storage_item(&b, NEW_KEY).await, data_before, "editing the links leaves the data as they were");
    check_indicator(&b, &want).await;

    // Back to 2021–2025: its data are exactly as they were.
    press(&b, "设置").await;
    press(&b, "恢复使用内置目录").await;
    wait_title(&b, "2021-2025").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let now = storage_item(&b, OLD_KEY).await.expect("the old data are still stored");
    assert!(now == old_bytes, "the stored 2021–2025 data are byte-identical after using 2026–2030");
    let now = decode_store(&now).expect("readable").dataset;
    assert_eq!(now, old_ds, "the 2021–2025 data are untouched");
    b.quit().await.expect("quit");
}
