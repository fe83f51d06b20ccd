//! A clerk alone, the first time (issue 25): the unit's first open → choose the unit → enter → submit →
//! export, and the office's first open → import → accept → report, in headless Chromium at 1366×768,
//! finding every control by the Chinese words on the screen (no test ids). Screenshots of the first
//! screen, the entry page and the help page are kept in target/screens/ for people to look at.
//! Run by `make test-e2e` (after `make dist`).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::*;
use thirtyfour::prelude::*;

const UNIT: &str = "区卫健局";
const INDICATOR: &str = "孕产妇死亡率";
const YEAR: &str = "2023";


async fn open_1366(driver: &Driver, profile: &TempDir) -> WebDriver {
    let b = driver.browser(&profile.0).await;
    allow_downloads(&b, &profile.0.join("downloads")).await;
    let dev = thirtyfour::extensions::cdp::ChromeDevTools::new(b.handle.clone());
    dev.execute_cdp_with_params(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false }),
    )
    .await
    .expect("screen size");
    b.goto(dist_url()).await.expect("open file");
    wait_words(&b, "请先选择您的身份").await;
    b
}

/// Chooses `option` in the drop-down whose label says `label`.
async fn choose(b: &WebDriver, label: &str, option: &str) {
    let ok = b
        .execute(
            "const [label, option] = arguments; \
             for (const l of document.querySelectorAll('label')) { \
               if (!l.textContent.includes(label) || !l.getClientRects().length) continue; \
               const s = l.querySelector('select'); if (!s) continue; \
               const o = [...s.options].find(o => o.textContent.trim() === option); if (!o) return false; \
               s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); return true; } \
             return false;",
            vec![json!(label), json!(option)],
        )
        .await
        .expect("choose");
    assert_eq!(ok.json(), &json!(true), "no drop-down “{label}” with “{option}”");
}

/// The entry cell in the column headed `column` and the row headed by `year`.
async fn cell(b: &WebDriver, column: &str, year: &str) -> WebElement {
    let found = b
        .execute(
            "const [column, year] = arguments; \
             for (const t of document.querySelectorAll('table')) { \
               const heads = [...t.querySelectorAll('thead th')].map(h => h.textContent.trim()); \
               const c = heads.indexOf(column); if (c < 0) continue; \
               for (const r of t.querySelectorAll('tbody tr')) { \
                 if (!r.cells[0].textContent.trim().startsWith(year)) continue; \
                 return r.cells[c].querySelector('input, select'); } } \
             return null;",
            vec![json!(column), json!(year)],
        )
        .await
        .expect("find cell");
    found.element().unwrap_or_else(|_| panic!("no entry cell “{column}” in row {year}"))
}

async fn type_in(b: &WebDriver, column: &str, year: &str, text: &str) {
    let e = cell(b, column, year).await;
    e.send_keys(text).await.expect("type");
    e.send_keys(Key::Tab).await.expect("tab");
}

/// Keeps a 1366×768 screenshot in target/screens/.
async fn keep_screen(b: &WebDriver, name: &str) -> PathBuf {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = b.screenshot_as_png().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "blank screenshot?");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    std::fs::write(&path, &png).expect("write screenshot");
    path
}

/// The newest messages at the top of the page.
async fn notices(b: &WebDriver) -> String {
    b.execute("return [...document.querySelectorAll('[role=status], [role=alert]')].map(e => e.innerText).join('\\n');", vec![])
        .await
        .expect("notices")
        .json()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The unit's first year: returns the exported file.
async fn a_unit_enters_submits_and_exports(driver: &Driver, p: &TempDir) -> PathBuf {
    let b = open_1366(driver, p).await;
    // The first screen: three doors in plain words.
    let first = wait_words(&b, "先看看演示数据").await;
    for door in ["我是责任单位（选择本单位，开始填报）", "我是妇儿工委办（导入各单位文件、审核、出报告）"] {
        assert!(first.contains(door), "{door} missing:\n{first}");
    }
    keep_screen(&b, "clerk-first-screen-1366x768.png").await;

    press(&b, "我是责任单位（选择本单位，开始填报）").await;
    choose(&b, "本单位", UNIT).await;
    press(&b, "开始填报").await;
    let text = wait_words(&b, &format!("已进入“{UNIT}”的填报")).await;
    assert!(!text.contains("请先选择您的身份"), "the first screen steps aside once a door is taken");

    // Pick the indicator in the list of the unit's indicators and fill in the year.
    press(&b, INDICATOR).await;
    wait_words(&b, "孕产妇死亡人数").await;
    // Working order: the entry table starts within the first screen of a 1366×768 laptop.
    let top = b
        .execute("const t = document.querySelector('table.entry'); return t ? t.getBoundingClientRect().top : 99999;", vec![])
        .await
        .expect("rect")
        .json()
        .as_f64()
        .unwrap_or(99999.0);
    keep_screen(&b, "clerk-entry-1366x768.png").await;
    assert!(top < 768.0, "the entry table starts at y = {top}, below the first screen");

    type_in(&b, "孕产妇死亡人数", "2020", "2").await;
    type_in(&b, "活产数", "2020", "9800").await;
    type_in(&b, "孕产妇死亡人数", YEAR, "1").await;
    type_in(&b, "活产数", YEAR, "10000").await;
    wait_words(&b, "1 ÷ 10000").await;

    // 提交 the year in 报送审核 (below the table); the message says the next step.
    let submit_in_row = b
        .execute(
            "for (const r of document.querySelectorAll('tr')) { \
               if (!r.cells.length || r.cells[0].textContent.trim() !== arguments[0] + ' 年') continue; \
               const btn = [...r.querySelectorAll('button')].find(x => x.textContent.trim() === '提交'); \
               if (btn) { btn.click(); return true; } } return false;",
            vec![json!(YEAR)],
        )
        .await
        .expect("submit");
    assert_eq!(submit_in_row.json(), &json!(true), "no 提交 in the {YEAR} row");
    // The confirmation step the page shows (what is filled and missing).
    let confirm = b.execute(FIND_BY_TEXT, vec![json!("确认提交")]).await.expect("find");
    let confirm = confirm.elements().ok().and_then(|v| v.into_iter().next()).expect("no 确认提交 after 提交");
    confirm.click().await.expect("confirm");
    wait_words(&b, "下一步：点“导出本单位数据”").await;
    let said = notices(&b).await;
    assert!(said.contains("把文件发给区妇儿工委办"), "{said}");

    // 数据交换 → 导出本单位数据.
    press(&b, "数据交换").await;
    press(&b, "导出本单位数据").await;
    let file = wait_download(&p.0.join("downloads"), ".json").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // No file-format jargon on the unit's path.
    let page = wait_words(&b, "导出本单位数据").await;
    for jargon in ["JSON", ".toml", "schema"] {
        assert!(!page.contains(jargon), "the unit's screen says {jargon}:\n{page}");
    }

    // 帮助: the yearly steps, reachable with one click; kept as a screenshot.
    press(&b, "帮助").await;
    let help = wait_words(&b, "各单位：每年怎样填报").await;
    for words in ["导出本单位数据", "文件怎样传递", "被拒绝或出错时怎么办", "尚存差距", "预计达标困难", "已退回"] {
        assert!(help.contains(words), "help lacks {words}");
    }
    b.execute("window.scrollTo(0, 0)", vec![]).await.expect("scroll");
    keep_screen(&b, "clerk-help-1366x768.png").await;
    b.quit().await.expect("quit");
    file
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unit_and_the_office_each_find_their_way_from_the_first_screen() {
    let driver = Driver::start().await;
    let unit = TempDir::new("clerk-unit");
    let file = a_unit_enters_submits_and_exports(&driver, &unit).await;

    // The office, on its own first open.
    let office = TempDir::new("clerk-office");
    let b = open_1366(&driver, &office).await;
    press(&b, "我是妇儿工委办（导入各单位文件、审核、出报告）").await;
    wait_words(&b, "导入与合并").await;
    let input = b
        .execute(
            "for (const l of document.querySelectorAll('label')) if (l.textContent.includes('选择文件')) return l.querySelector('input[type=file]'); return null;",
            vec![],
        )
        .await
        .expect("file input")
        .element()
        .expect("a file picker labelled 选择文件");
    input.send_keys(file.display().to_string()).await.expect("choose file");
    wait_words(&b, "导入预览").await;
    press(&b, "确认导入").await;
    // What changed, in words: the new values by indicator and year.
    let done = wait_words(&b, "新增 2 条").await;
    assert!(done.contains(&format!("{INDICATOR}（W1-4-2） {YEAR} 年")), "the import does not say what was added:\n{done}");

    // 报送审核: the unit's submitted year, accepted; the message says what to send back.
    let accepted = b
        .execute(
            "for (const r of document.querySelectorAll('tr')) { \
               if (!r.cells.length || r.cells[0].textContent.trim() !== arguments[0]) continue; \
               const btn = [...r.querySelectorAll('button')].find(x => x.textContent.trim() === '审核通过'); \
               if (btn) { btn.click(); return true; } } return false;",
            vec![json!(UNIT)],
        )
        .await
        .expect("accept");
    assert_eq!(accepted.json(), &json!(true), "no 审核通过 for {UNIT}");
    wait_words(&b, &format!("已审核通过 {UNIT} {YEAR} 年数据")).await;
    let said = notices(&b).await;
    assert!(said.contains(&format!("把文件发回{UNIT}")), "{said}");

    // The report of the year names the indicator the unit entered.
    choose(&b, "评估年份", &format!("{YEAR} 年")).await;
    press(&b, "评估报告").await;
    let mut report = String::new();
    for _ in 0..200 {
        report = b.execute("return document.getElementById('main').innerText;", vec![]).await.expect("report").json().as_str().unwrap_or_default().to_string();
        if report.contains(INDICATOR) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(report.contains(INDICATOR) && report.contains(YEAR), "the report does not name {INDICATOR}:\n{report}");
    b.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_door_loads_the_demo_with_its_banner_and_one_click_removes_it() {
    let driver = Driver::start().await;
    let p = TempDir::new("clerk-demo");
    let b = open_1366(&driver, &p).await;
    press(&b, "先看看演示数据").await;
    wait_words(&b, "当前显示的是演示数据").await;
    press(&b, "移除演示数据").await;
    wait_words(&b, "已移除演示数据").await;
    // Messages never pile up: at most three at once.
    let n = b.execute("return document.querySelectorAll('[data-testid=notice]').length;", vec![]).await.expect("count");
    assert!(n.json().as_u64().unwrap_or(99) <= 3, "{n:?}");
    b.quit().await.expect("quit");
}
