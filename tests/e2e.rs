//! End-to-end tests in headless Chromium via WebDriver, driving the release single file from file://,
//! as a unit's staff would. Run with `make test-e2e` (builds dist/lishu-monitor.html first).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;
use support::*;
use thirtyfour::prelude::*;

async fn open(driver: &Driver, profile: &TempDir) -> WebDriver {
    let b = driver.browser(&profile.0).await;
    allow_downloads(&b, &profile.0.join("downloads")).await;
    b.goto(dist_url()).await.expect("open file");
    wait_for(&b, "[data-testid=catalogue]").await;
    b
}

/// Waits (up to 10 s) until the stored data contains `needle`: autosave is debounced, so a change shown on
/// the page reaches localStorage a moment later. Returns the stored data.
async fn wait_stored(b: &WebDriver, needle: &str) -> String {
    for _ in 0..100 {
        let s = stored(b).await;
        if s.contains(needle) {
            return s;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("stored data never contained {needle}: {}", stored(b).await);
}

/// The stored data (not the office key, which the 数据交换 page creates once for sealing the office's files).
async fn stored(b: &WebDriver) -> String {
    b.execute(
        "let out = {}; for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); \
         if (!k.includes(':corrupt:') && !k.endsWith(':office-key')) out[k] = localStorage.getItem(k); } \
         return JSON.stringify(out);",
        vec![],
    )
    .await
    .expect("read storage")
    .json()
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn single_file_mounts_from_disk_and_lists_the_catalogue() {
    let driver = Driver::start().await;
    let profile = TempDir::new("mount");
    let b = open(&driver, &profile).await;
    let text = text_of(&b, "catalogue").await;
    for domain in ["妇女与健康", "妇女与法律", "儿童与健康", "儿童与法律保护"] {
        assert!(text.contains(domain), "catalogue lacks {domain}");
    }
    let domains = b.find_all(By::Css("[data-testid^=domain-]")).await.expect("domains");
    assert_eq!(domains.len(), 15, "both plans, all 15 domains");
    let title = b.title().await.expect("title");
    assert!(title.contains("梨树区"), "{title}");
    // Nothing was requested from any host: the page made no network requests at all.
    let net = b
        .execute(
            "return performance.getEntriesByType('resource').filter(e => !e.name.startsWith('data:') && !e.name.startsWith('blob:')).map(e => e.name);",
            vec![],
        )
        .await
        .expect("resources");
    assert_eq!(net.json(), &serde_json::json!([]), "the single file must not load anything");
    b.quit().await.expect("quit");
}

/// A copy of the single file under test, changed by `change`, written to `dir`/`name`.
fn modified_copy(dir: &TempDir, name: &str, change: impl FnOnce(&str) -> String) -> std::path::PathBuf {
    let url = dist_url();
    let path = url.strip_prefix("file://").expect("this test needs the single file (LISHU_DIST is a URL)");
    let html = std::fs::read_to_string(path).expect("read the single file");
    let out = dir.0.join(name);
    std::fs::write(&out, change(&html)).expect("write the modified copy");
    out
}

/// A copy of the single file with part of the embedded app wasm overwritten (a damaged download or copy).
fn damaged_copy(dir: &TempDir) -> std::path::PathBuf {
    modified_copy(dir, "损坏的单文件.html", |html| {
        let tag = "<script type=\"text/plain\" id=\"app-wasm\">";
        let start = html.find(tag).expect("embedded app wasm") + tag.len();
        let end = start + html[start..].find("</script>").expect("end of the wasm text");
        let mid = start + (end - start) / 2;
        format!("{}{}{}", &html[..mid], "A".repeat(4000), &html[mid + 4000..])
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_single_file_says_so_in_chinese_instead_of_a_blank_page() {
    let driver = Driver::start().await;
    let profile = TempDir::new("damaged");
    let page = damaged_copy(&profile);
    let b = driver.browser(&profile.0).await;
    b.goto(format!("file://{}", page.display())).await.expect("open file");
    let msg = wait_for(&b, ".boot-error").await.text().await.expect("text");
    assert!(msg.contains("无法启动") && msg.contains("可能已损坏"), "{msg}");
    assert_eq!(
        b.find_all(By::Css("[data-testid=app]")).await.expect("query").len(),
        0,
        "the app must not half-start from a damaged file"
    );
    b.quit().await.expect("quit");
}

/// Runs `script` in the page before any of the page's own scripts, on every navigation of `b`: how the
/// tests make Chromium look like an older browser that lacks an API.
async fn before_page_scripts(b: &WebDriver, script: &str) {
    let dev = thirtyfour::extensions::cdp::ChromeDevTools::new(b.handle.clone());
    dev.execute_cdp_with_params("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": script }))
        .await
        .expect("inject a script");
}

/// Staff PCs run browsers from before `Uint8Array.fromBase64` (Chrome 140) and some without
/// `WebAssembly.compileStreaming`: the single file then decodes its wasm with atob and compiles it from
/// bytes. Both the app and the Excel module (the same decoding path) must work there.
#[tokio::test(flavor = "multi_thread")]
async fn an_older_browser_without_the_newest_apis_still_starts_and_makes_excel_files() {
    let driver = Driver::start().await;
    let p = TempDir::new("older");
    let b = driver.browser(&p.0).await;
    allow_downloads(&b, &p.0.join("downloads")).await;
    before_page_scripts(&b, "delete Uint8Array.fromBase64; delete WebAssembly.compileStreaming;").await;
    b.goto(dist_url()).await.expect("open file");
    wait_for(&b, "[data-testid=catalogue]").await;
    let missing = b
        .execute("return [typeof Uint8Array.fromBase64, typeof WebAssembly.compileStreaming];", vec![])
        .await
        .expect("probe");
    assert_eq!(missing.json(), &serde_json::json!(["undefined", "undefined"]), "the APIs were not removed");
    assert_eq!(b.find_all(By::Css("[data-testid^=domain-]")).await.expect("domains").len(), 15);
    click(&b, "tab-sharing").await;
    click(&b, "export-template").await;
    let template = wait_download(&p.0.join("downloads"), ".xlsx").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let grid = lishu_xlsx::read(&std::fs::read(&template).expect("template")).expect("a valid .xlsx");
    assert!(grid.sheets.iter().any(|s| s.name == lishu_core::io::workbook::DATA_SHEET), "no data sheet");
    b.quit().await.expect("quit");
}

/// A browser without DecompressionStream (Chrome < 80, Firefox < 113) cannot start the app: it must say so
/// in Chinese, naming the browsers to use, not show a blank page or call the file damaged.
#[tokio::test(flavor = "multi_thread")]
async fn a_browser_too_old_for_the_app_is_told_so_in_chinese() {
    let driver = Driver::start().await;
    let p = TempDir::new("too-old");
    let b = driver.browser(&p.0).await;
    before_page_scripts(&b, "delete window.DecompressionStream;").await;
    b.goto(dist_url()).await.expect("open file");
    let msg = wait_for(&b, ".boot-error").await.text().await.expect("text");
    assert!(msg.contains("浏览器版本过旧") && msg.contains("Chrome"), "{msg}");
    assert!(!msg.contains("损坏"), "an old browser is not a damaged file: {msg}");
    assert_eq!(b.find_all(By::Css("[data-testid=app]")).await.expect("query").len(), 0);
    b.quit().await.expect("quit");
}

/// Waits (up to 15 s) until at least `n` charts have drawn their SVG; returns how many have.
async fn drawn_charts(b: &WebDriver, n: u64) -> u64 {
    let mut drawn = 0;
    for _ in 0..150 {
        drawn = b
            .execute(
                "return [...document.querySelectorAll('[data-testid=chart]')].filter(f => f.querySelectorAll('svg path, svg rect').length > 5).length;",
                vec![],
            )
            .await
            .expect("count charts")
            .json()
            .as_u64()
            .unwrap_or(0);
        if drawn >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drawn
}

/// A copy of the single file with ~8 MB of inert padding before the embedded ECharts: the browser keeps
/// parsing long after the app has mounted (in the real file this window is ~0.1 s).
fn slow_parsing_copy(dir: &TempDir) -> std::path::PathBuf {
    modified_copy(dir, "slow.html", |html| {
        // Before the ECharts text, so that ECharts is really incomplete until the parse ends.
        // (The first part after the app's wasm: the loader scripts in <head> mention the tag in comments.)
        let wasm = html.find("<script type=\"text/plain\" id=\"app-wasm\">").expect("embedded app wasm");
        let at = wasm
            + html[wasm..].find("<script type=\"text/plain\" data-part=\"echarts-src\">").expect("embedded ECharts");
        let part = format!("<script type=\"text/plain\" data-part=\"padding\">{}</script>\n", "x".repeat(256 * 1024));
        format!("{}{}{}", &html[..at], part.repeat(32), &html[at..])
    })
}

/// ECharts is stored at the end of the single file and is only complete once the page is parsed. A chart
/// shown before that (a user quick to click 总览) must wait for the parse and then draw, not show the
/// "charts unavailable" notice.
#[tokio::test(flavor = "multi_thread")]
async fn charts_opened_while_the_page_is_still_parsed_draw_once_it_is() {
    let driver = Driver::start().await;
    let p = TempDir::new("early-chart");
    let page = slow_parsing_copy(&p);
    let b = driver.browser(&p.0).await;
    // Clicks 总览 the moment the tab exists and notes the parse state when the first chart appears.
    before_page_scripts(
        &b,
        "new MutationObserver(function (_, obs) {\n\
           var tab = document.querySelector('[data-testid=tab-dashboard]');\n\
           if (tab && !window.__clicked) { window.__clicked = document.readyState; tab.click(); }\n\
           if (document.querySelector('[data-testid=chart]')) { window.__chartShown = document.readyState; obs.disconnect(); }\n\
         }).observe(document, { childList: true, subtree: true });",
    )
    .await;
    b.goto(format!("file://{}", page.display())).await.expect("open file");
    wait_for(&b, "[data-testid=dashboard]").await;
    let states = b.execute("return [window.__clicked, window.__chartShown];", vec![]).await.expect("states");
    assert_eq!(
        states.json(),
        &serde_json::json!(["loading", "loading"]),
        "the chart must have been shown while the page was still being parsed"
    );
    assert!(drawn_charts(&b, 2).await >= 2, "charts were not drawn after the parse");
    assert!(b.find(By::Css("[data-testid=chart-notice]")).await.is_err(), "the fallback notice was shown");
    b.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn entered_data_gives_expected_statuses_and_survives_reload() {
    let driver = Driver::start().await;
    let profile = TempDir::new("entry");
    let b = open(&driver, &profile).await;
    select(&b, "year", "2023").await;

    // Minimum threshold, entered as numerator/denominator: 孕产妇系统管理率 ≥ 90%.
    open_indicator(&b, "W1-4-1").await;
    type_into(&b, "input-W1-4-1-2020-numerator", "850").await;
    type_into(&b, "input-W1-4-1-2020-denominator", "1000").await;
    type_into(&b, "input-W1-4-1-2023-numerator", "930").await;
    type_into(&b, "input-W1-4-1-2023-denominator", "1000").await;
    wait_text(&b, "computed-W1-4-1-2023", "93").await;
    wait_text(&b, "status-W1-4-1", "提前实现").await;

    // Maximum threshold in /10万: 孕产妇死亡率 ≤ 14.5 — 3 deaths in 10 000 births is 30/10万.
    open_indicator(&b, "W1-4-2").await;
    type_into(&b, "input-W1-4-2-2023-numerator", "3").await;
    type_into(&b, "input-W1-4-2-2023-denominator", "10000").await;
    wait_text(&b, "status-W1-4-2", "尚存差距").await;

    // Relative to the 2020 base: 儿童伤害死亡率 −15 %; base 20 → target 17; 2023 at 16 is met.
    open_indicator(&b, "C2-1-1").await;
    let field = |y: u16| {
        let b = b.clone();
        async move {
            let css = format!("[data-testid^=\"input-C2-1-1-{y}-\"]");
            let first = wait_for(&b, &css).await;
            first.attr("data-testid").await.ok().flatten().unwrap_or_default()
        }
    };
    let f2020 = field(2020).await;
    let f2023 = field(2023).await;
    if f2020.ends_with("-numerator") {
        type_into(&b, &f2020, "20").await;
        type_into(&b, &f2020.replace("numerator", "denominator"), "100000").await;
        type_into(&b, &f2023, "16").await;
        type_into(&b, &f2023.replace("numerator", "denominator"), "100000").await;
    } else {
        type_into(&b, &f2020, "20").await;
        type_into(&b, &f2023, "16").await;
    }
    wait_text(&b, "status-C2-1-1", "提前实现").await;

    // Qualitative milestone: a stage.
    open_indicator(&b, "W1-1-2").await;
    select(&b, "input-W1-1-2-2023-stage", "done").await;
    wait_text(&b, "status-W1-1-2", "提前实现").await;

    // Invalid text is kept and marked, never discarded.
    open_indicator(&b, "W1-4-1").await;
    type_into(&b, "input-W1-4-1-2022-numerator", "九十").await;
    let bad = wait_for(&b, "[data-testid=\"input-W1-4-1-2022-numerator\"]").await;
    assert_eq!(bad.attr("aria-invalid").await.expect("attr").as_deref(), Some("true"));

    // Autosave, then reload: everything is still there.
    wait_stored(&b, "九十").await;
    b.refresh().await.expect("reload");
    wait_for(&b, "[data-testid=catalogue]").await;
    select(&b, "year", "2023").await;
    open_indicator(&b, "W1-4-1").await;
    let kept = wait_for(&b, "[data-testid=\"input-W1-4-1-2022-numerator\"]").await;
    assert_eq!(kept.prop("value").await.expect("value").as_deref(), Some("九十"));
    let v = wait_for(&b, "[data-testid=\"input-W1-4-1-2023-numerator\"]").await;
    assert_eq!(v.prop("value").await.expect("value").as_deref(), Some("930"));
    wait_text(&b, "status-W1-4-1", "提前实现").await;
    open_indicator(&b, "W1-4-2").await;
    wait_text(&b, "status-W1-4-2", "尚存差距").await;
    open_indicator(&b, "W1-1-2").await;
    wait_text(&b, "status-W1-1-2", "提前实现").await;
    b.quit().await.expect("quit");
}

/// Exports the evaluation table as CSV from the 数据交换 page and returns its text.
async fn export_csv(b: &WebDriver, profile: &TempDir) -> String {
    click(b, "tab-sharing").await;
    click(b, "export-csv").await;
    let path = wait_download(&profile.0.join("downloads"), ".csv").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let text = std::fs::read_to_string(&path).expect("csv");
    let _ = std::fs::remove_file(&path);
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn export_then_import_in_a_fresh_profile_gives_identical_evaluation() {
    let driver = Driver::start().await;
    let a = TempDir::new("export");
    let b1 = open(&driver, &a).await;
    click(&b1, "tab-data").await;
    click(&b1, "load-demo").await;
    wait_for(&b1, "[data-testid=demo-banner]").await;
    let csv_a = export_csv(&b1, &a).await;
    select(&b1, "export-unit", "").await;
    click(&b1, "export-json").await;
    // A unit may be asked to confirm an export with problems; demo data has none.
    let json = wait_download(&a.0.join("downloads"), ".json").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    b1.quit().await.expect("quit");

    let fresh = TempDir::new("import");
    let b2 = open(&driver, &fresh).await;
    click(&b2, "tab-sharing").await;
    let input = wait_for(&b2, "[data-testid=import-input]").await;
    input.send_keys(json.display().to_string()).await.expect("choose file");
    wait_for(&b2, "[data-testid=import-preview]").await;
    click(&b2, "confirm-import").await;
    wait_for(&b2, "[data-testid=import-result]").await;
    let csv_b = export_csv(&b2, &fresh).await;
    assert!(csv_a.len() > 1000, "CSV too short: {csv_a}");
    assert_eq!(csv_a, csv_b, "the evaluation after import differs from the exporter's");
    b2.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_import_is_refused_with_a_clear_message_and_changes_nothing() {
    let driver = Driver::start().await;
    let p = TempDir::new("malformed");
    let b = open(&driver, &p).await;
    open_indicator(&b, "W1-4-1").await;
    type_into(&b, "input-W1-4-1-2020-numerator", "850").await;
    type_into(&b, "input-W1-4-1-2020-denominator", "1000").await;
    let before = wait_stored(&b, "1000").await;
    assert!(before.contains("850"), "autosave did not store the entry: {before}");

    let bad = p.0.join("坏文件.json");
    std::fs::write(
        &bad,
        r#"{"type":"lishu-monitor/dataset","schema":1,"data":{"data":{"W1-4-1":{"2023":{"value":"abc"}},"X9-9-9":{"2021":{"value":"1"}}}}}"#,
    )
    .expect("write");
    click(&b, "tab-sharing").await;
    let input = wait_for(&b, "[data-testid=import-input]").await;
    input.send_keys(bad.display().to_string()).await.expect("choose file");
    let errors = wait_text(&b, "import-errors", "坏文件.json").await;
    assert!(errors.contains("W1-4-1") && errors.contains("2023"), "{errors}");
    assert!(errors.contains("X9-9-9"), "{errors}");
    // Nothing can be applied from a rejected file; storage is untouched.
    let confirm = b.find(By::Css("[data-testid=confirm-import]")).await;
    if let Ok(c) = confirm {
        if c.is_enabled().await.unwrap_or(false) {
            c.click().await.expect("click");
        }
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(stored(&b).await, before);
    b.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn conflicting_unit_files_show_the_conflict_apply_the_choice_and_keep_the_loser() {
    use lishu_core::io::export_dataset;
    use lishu_core::{Catalogue, Dataset, YearEntry};
    let cat = Catalogue::embedded();
    let file = |value: &str, at: &str| {
        let mut ds = Dataset::default();
        let e = YearEntry {
            numerator: value.into(),
            denominator: "1000".into(),
            unit: "区卫健局".into(),
            updated_at: at.into(),
            ..Default::default()
        };
        ds.set_entry("W1-4-1", 2023, e);
        export_dataset(&ds, "区卫健局", at, cat)
    };
    let driver = Driver::start().await;
    let p = TempDir::new("conflict");
    let (fa, fb) = (p.0.join("卫健局-甲.json"), p.0.join("卫健局-乙.json"));
    std::fs::write(&fa, file("910", "2026-03-01T09:00:00+08:00")).expect("write");
    std::fs::write(&fb, file("870", "2026-03-02T09:00:00+08:00")).expect("write");
    let b = open(&driver, &p).await;
    click(&b, "tab-sharing").await;
    let input = wait_for(&b, "[data-testid=import-input]").await;
    input.send_keys(format!("{}\n{}", fa.display(), fb.display())).await.expect("choose files");
    let conflict = wait_for(&b, "[data-testid=\"conflict-W1-4-1-2023\"]").await;
    let text = conflict.text().await.expect("text");
    assert!(text.contains("卫健局-甲.json") && text.contains("卫健局-乙.json"), "{text}");
    // Choose the first file's value (not the most recent one).
    let radios = conflict.find_all(By::Css("input[type=radio]")).await.expect("radios");
    let mut chosen = false;
    for r in radios {
        let label = r.attr("value").await.ok().flatten().unwrap_or_default();
        let row = r.find(By::XPath("./ancestor::label[1]")).await;
        let row_text = match row {
            Ok(l) => l.text().await.unwrap_or_default(),
            Err(_) => label.clone(),
        };
        if row_text.contains("卫健局-甲.json") {
            r.click().await.expect("choose");
            chosen = true;
        }
    }
    assert!(chosen, "no radio for 卫健局-甲.json in {text}");
    click(&b, "confirm-import").await;
    wait_for(&b, "[data-testid=import-result]").await;
    let superseded = text_of(&b, "superseded-list").await;
    assert!(superseded.contains("W1-4-1") || superseded.contains("孕产妇系统管理率"), "{superseded}");
    assert!(superseded.contains("870"), "losing value not kept: {superseded}");
    click(&b, "tab-browse").await;
    open_indicator(&b, "W1-4-1").await;
    let v = wait_for(&b, "[data-testid=\"input-W1-4-1-2023-numerator\"]").await;
    assert_eq!(v.prop("value").await.expect("value").as_deref(), Some("910"));
    b.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn midterm_report_prints_to_pdf_with_every_domain() {
    let driver = Driver::start().await;
    let p = TempDir::new("print");
    let b = open(&driver, &p).await;
    click(&b, "tab-data").await;
    click(&b, "load-demo").await;
    wait_for(&b, "[data-testid=demo-banner]").await;
    let cat = lishu_core::Catalogue::embedded();
    for plan in lishu_core::Plan::ALL {
        click(&b, "tab-report").await;
        select(&b, "report-kind", "midterm").await;
        select(&b, "report-plan", match plan {
            lishu_core::Plan::Women => "women",
            lishu_core::Plan::Children => "children",
        })
        .await;
        wait_for(&b, "[data-testid=report-document]").await;
        let pdf = b.print_page(thirtyfour::common::print::PrintParameters::default()).await.expect("print to PDF");
        assert!(pdf.starts_with(b"%PDF"), "not a PDF");
        let path = p.0.join(format!("report-{plan:?}.pdf"));
        std::fs::write(&path, &pdf).expect("write pdf");
        let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (make setup)");
        let text = String::from_utf8_lossy(&out.stdout).replace([' ', '\n'], "");
        assert!(text.contains("中期评估报告"), "title missing");
        for d in cat.domains_of(plan) {
            assert!(text.contains(&d.name), "{} missing from the printed {plan:?} report", d.name);
        }
    }
    b.quit().await.expect("quit");
}

#[tokio::test(flavor = "multi_thread")]
async fn dashboard_draws_its_charts_and_data_tables() {
    let driver = Driver::start().await;
    let p = TempDir::new("dashboard");
    let b = open(&driver, &p).await;
    click(&b, "tab-data").await;
    click(&b, "load-demo").await;
    wait_for(&b, "[data-testid=demo-banner]").await;
    click(&b, "tab-dashboard").await;
    wait_for(&b, "[data-testid=dashboard]").await;
    // ECharts is parsed on demand and draws SVG into every chart box; no chart shows the fallback notice.
    assert!(drawn_charts(&b, 2).await >= 2, "charts were not drawn");
    assert!(b.find(By::Css("[data-testid=chart-notice]")).await.is_err(), "ECharts fallback notice shown");
    let tables = b.find_all(By::Css("[data-testid=chart-table]")).await.expect("tables");
    assert!(tables.len() >= 2, "every chart has its data table");
    // Keep a screenshot for people to look at (target/screens/e2e-dashboard.png).
    let png = b.screenshot_as_png().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "blank screenshot?");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("e2e-dashboard.png"), &png);
    b.quit().await.expect("quit");
}

/// Row (0-based) of an indicator's field in the 填报 sheet, and the column of a year.
fn template_cell(g: &lishu_core::io::workbook::Grid, id: &str, key: &str, year: u16) -> (usize, usize) {
    let s = g.sheet(lishu_core::io::workbook::DATA_SHEET).expect("填报 sheet");
    let row = (0..s.rows.len()).find(|r| s.cell(*r, 0) == id && s.cell(*r, 3) == key).expect("field row");
    let header = (0..s.rows.len()).find(|r| s.rows[*r].iter().any(|c| c.starts_with("2020"))).expect("header");
    let col = s.rows[header].iter().position(|c| c.starts_with(&year.to_string())).expect("year column");
    (row, col)
}

/// The grid saved as a plain workbook (every cell text), as a user's spreadsheet program would save it.
fn save_as_user(g: &lishu_core::io::workbook::Grid) -> Vec<u8> {
    use lishu_core::io::workbook::{Cell, SheetSpec, Style, WorkbookSpec};
    let sheets = g
        .sheets
        .iter()
        .map(|s| SheetSpec {
            name: s.name.clone(),
            rows: s.rows.iter().map(|r| r.iter().map(|t| Cell::text(t.clone(), Style::Text)).collect()).collect(),
            ..Default::default()
        })
        .collect();
    lishu_xlsx::write(&WorkbookSpec { sheets, created: "2026-11-29T09:30:00+08:00".into(), ..Default::default() })
        .expect("workbook")
}

#[tokio::test(flavor = "multi_thread")]
async fn excel_template_round_trip_and_evaluation_workbook() {
    let driver = Driver::start().await;
    let p = TempDir::new("excel");
    let downloads = p.0.join("downloads");
    let b = open(&driver, &p).await;

    // The unit downloads its fill-in template (the Excel module loads on this first use).
    click(&b, "tab-sharing").await;
    click(&b, "export-template").await;
    let template = wait_download(&downloads, ".xlsx").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut grid = lishu_xlsx::read(&std::fs::read(&template).expect("template")).expect("a valid .xlsx");
    let _ = std::fs::remove_file(&template);
    // … fills three cells in Excel and saves …
    for (key, year, text) in
        [("numerator", 2020, "850"), ("denominator", 2020, "1000"), ("numerator", 2021, "870"), ("denominator", 2021, "1000")]
    {
        let (r, c) = template_cell(&grid, "W1-4-1", key, year);
        let sheet = grid.sheets.iter_mut().find(|s| s.name == lishu_core::io::workbook::DATA_SHEET).expect("sheet");
        if sheet.rows[r].len() <= c {
            sheet.rows[r].resize(c + 1, String::new());
        }
        sheet.rows[r][c] = text.to_string();
    }
    let filled = p.0.join("区卫健局-填好.xlsx");
    std::fs::write(&filled, save_as_user(&grid)).expect("write");

    // … and imports it: preview first, then the values are in the entry form.
    let input = wait_for(&b, "[data-testid=import-input]").await;
    input.send_keys(filled.display().to_string()).await.expect("choose file");
    wait_for(&b, "[data-testid=import-preview]").await;
    let summary = wait_text(&b, "import-summary", "新增").await;
    let errors = b
        .execute("const e = document.querySelector('[data-testid=import-errors]'); return e ? e.textContent : '';", vec![])
        .await
        .expect("errors")
        .json()
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(summary.contains("新增 2 条"), "{summary} {errors}");
    click(&b, "confirm-import").await;
    wait_for(&b, "[data-testid=import-result]").await;
    click(&b, "tab-browse").await;
    open_indicator(&b, "W1-4-1").await;
    let v = wait_for(&b, "[data-testid=\"input-W1-4-1-2021-numerator\"]").await.value().await.expect("value");
    assert_eq!(v.as_deref(), Some("870"));

    // A damaged workbook is refused with a Chinese message naming the file; nothing changes.
    let before = wait_stored(&b, "lishu-monitor:lishu-2021-2025:data").await;
    let bad = p.0.join("损坏.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 not really a workbook").expect("write");
    click(&b, "tab-sharing").await;
    let input = wait_for(&b, "[data-testid=import-input]").await;
    input.send_keys(bad.display().to_string()).await.expect("choose file");
    let errors = wait_text(&b, "import-errors", "损坏.xlsx").await;
    assert!(errors.contains("Excel"), "{errors}");
    assert_eq!(stored(&b).await, before, "a refused workbook changed the stored data");
    click(&b, "cancel-import").await;

    // The evaluation table as Excel has the same rows as the CSV.
    let csv = export_csv(&b, &p).await;
    click(&b, "export-xlsx").await;
    let table = wait_download(&downloads, ".xlsx").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let g = lishu_xlsx::read(&std::fs::read(&table).expect("table")).expect("a valid .xlsx");
    let sheet = g.sheet(lishu_core::io::workbook::EVALUATION_SHEET).expect("评估表 sheet");
    let csv_ids: Vec<String> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap_or("").to_string()).collect();
    let xlsx_ids: Vec<String> = sheet.rows.iter().skip(1).map(|r| r.first().cloned().unwrap_or_default()).collect();
    assert_eq!(xlsx_ids, csv_ids, "the Excel table lists the indicators of the CSV in the same order");
    let w = sheet.rows.iter().find(|r| r.first().map(|c| c == "W1-4-1").unwrap_or(false)).expect("W1-4-1 row");
    assert!(w.iter().any(|c| c == "85" || c == "85.00"), "2020 value 850/1000 as a percentage: {w:?}");
    b.quit().await.expect("quit");
}

/// The 青山县 2026–2030 catalogue fixture (another county, another period).
fn county_catalogue() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("core/tests/fixtures/county-2026-2030.toml")
}

/// Loads a catalogue file on 设置 → 目标目录, checks the preview and switches to it (the page reloads).
async fn use_catalogue_file(b: &WebDriver, file: &std::path::Path) {
    click(b, "tab-settings").await;
    let input = wait_for(b, "[data-testid=catalogue-input]").await;
    input.send_keys(file.display().to_string()).await.expect("choose the catalogue file");
    let period = wait_text(b, "catalogue-preview-period", "2026–2030").await;
    assert!(period.contains("基数年 2025") && period.contains("中期评估 2028"), "{period}");
    let summary = text_of(b, "catalogue-preview-summary").await;
    assert!(summary.contains("规划 2 部") && summary.contains("指标 34 个"), "{summary}");
    click(b, "catalogue-use").await;
    for _ in 0..100 {
        if b.title().await.unwrap_or_default().contains("青山县") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for(b, "[data-testid=catalogue]").await;
}

/// The values of a select's options.
async fn options_of(b: &WebDriver, testid: &str) -> Vec<String> {
    let v = b
        .execute(
            "return [...document.querySelectorAll(`[data-testid=\"${arguments[0]}\"] option`)].map(o => o.value);",
            vec![serde_json::json!(testid)],
        )
        .await
        .expect("options");
    serde_json::from_value(v.json().clone()).unwrap_or_default()
}

/// An office starts a new plan: loads another catalogue, enters data, reloads, reports, exports; a fresh
/// profile imports the export under the same catalogue; the embedded catalogue's data are untouched
/// throughout and refuse the other catalogue's file.
#[tokio::test(flavor = "multi_thread")]
async fn another_catalogue_is_loaded_used_exported_and_left_without_touching_the_embedded_data() {
    let driver = Driver::start().await;
    let p = TempDir::new("other-catalogue");
    let b = open(&driver, &p).await;
    // Data under the embedded (Lishu) catalogue first.
    open_indicator(&b, "W1-4-1").await;
    type_into(&b, "input-W1-4-1-2020-numerator", "851").await;
    type_into(&b, "input-W1-4-1-2020-denominator", "1000").await;
    wait_stored(&b, "851").await;
    // A broken catalogue file is refused naming the line; nothing changes.
    let broken = p.0.join("坏目录.toml");
    let text = std::fs::read_to_string(county_catalogue()).expect("fixture");
    std::fs::write(&broken, text.replacen("midterm = 2028", "midterm = 2035", 1)).expect("write");
    click(&b, "tab-settings").await;
    let input = wait_for(&b, "[data-testid=catalogue-input]").await;
    input.send_keys(broken.display().to_string()).await.expect("choose");
    let errors = wait_text(&b, "catalogue-errors", "坏目录.toml").await;
    assert!(errors.contains("第 ") && errors.contains("中期评估年 2035"), "{errors}");
    assert!(b.title().await.expect("title").contains("梨树区"));

    // Switch to the 青山县 catalogue.
    use_catalogue_file(&b, &county_catalogue()).await;
    let h1 = b.find(By::Css("h1")).await.expect("h1").text().await.expect("text");
    assert_eq!(h1, "青山县妇女儿童发展规划（2026-2030年）监测评估");
    assert_eq!(options_of(&b, "year").await, ["2025", "2026", "2027", "2028", "2029", "2030"]);
    assert_eq!(b.find_all(By::Css("[data-testid^=domain-]")).await.expect("domains").len(), 6);
    // Enter data in its years, reload: kept.
    select(&b, "year", "2028").await;
    open_indicator(&b, "W1-1-1").await;
    type_into(&b, "input-W1-1-1-2025-numerator", "880").await;
    type_into(&b, "input-W1-1-1-2025-denominator", "1000").await;
    type_into(&b, "input-W1-1-1-2028-numerator", "931").await;
    type_into(&b, "input-W1-1-1-2028-denominator", "1000").await;
    wait_text(&b, "status-W1-1-1", "提前实现").await;
    let stored_now = wait_stored(&b, "931").await;
    assert!(stored_now.contains("lishu-monitor:qingshan-2026-2030:data"), "data kept under the catalogue's own key");
    b.refresh().await.expect("reload");
    wait_for(&b, "[data-testid=catalogue]").await;
    open_indicator(&b, "W1-1-1").await;
    let v = wait_for(&b, "[data-testid=\"input-W1-1-1-2028-numerator\"]").await;
    assert_eq!(v.prop("value").await.expect("value").as_deref(), Some("931"));
    // The report is named by the catalogue and its years.
    click(&b, "tab-report").await;
    let kinds = b
        .execute("return [...document.querySelectorAll('[data-testid=report-kind] option')].map(o => o.textContent);", vec![])
        .await
        .expect("kinds");
    let kinds: Vec<String> = serde_json::from_value(kinds.json().clone()).unwrap_or_default();
    assert!(kinds.contains(&"中期评估报告（2028年）".to_string()) && kinds.contains(&"终期评估报告（2030年）".to_string()), "{kinds:?}");
    select(&b, "report-kind", "midterm").await;
    wait_text(&b, "report-title", "青山县妇女发展规划（2026—2030年）中期评估报告").await;
    // Export the whole data.
    click(&b, "tab-sharing").await;
    select(&b, "export-unit", "").await;
    click(&b, "export-json").await;
    let json = wait_download(&p.0.join("downloads"), ".json").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let exported = std::fs::read_to_string(&json).expect("export");
    assert!(exported.contains("\"catalogue_id\": \"qingshan-2026-2030\""), "the file names its catalogue");
    assert!(json.file_name().is_some_and(|n| n.to_string_lossy().starts_with("青山县监测数据")), "{json:?}");

    // Back to the embedded catalogue in one click: its data are untouched.
    click(&b, "tab-settings").await;
    click(&b, "catalogue-use-embedded").await;
    for _ in 0..100 {
        if b.title().await.unwrap_or_default().contains("梨树区") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_for(&b, "[data-testid=catalogue]").await;
    open_indicator(&b, "W1-4-1").await;
    let v = wait_for(&b, "[data-testid=\"input-W1-4-1-2020-numerator\"]").await;
    assert_eq!(v.prop("value").await.expect("value").as_deref(), Some("851"));
    // The embedded catalogue refuses the other catalogue's file, naming both.
    click(&b, "tab-sharing").await;
    let input = wait_for(&b, "[data-testid=import-input]").await;
    input.send_keys(json.display().to_string()).await.expect("choose file");
    let errors = wait_text(&b, "import-errors", "qingshan-2026-2030").await;
    assert!(errors.contains("lishu-2021-2025"), "{errors}");
    b.quit().await.expect("quit");

    // A fresh profile (another office PC): load the same catalogue, import the file, the value is there.
    let fresh = TempDir::new("other-catalogue-import");
    let b2 = open(&driver, &fresh).await;
    use_catalogue_file(&b2, &county_catalogue()).await;
    click(&b2, "tab-sharing").await;
    let input = wait_for(&b2, "[data-testid=import-input]").await;
    input.send_keys(json.display().to_string()).await.expect("choose file");
    wait_for(&b2, "[data-testid=import-preview]").await;
    click(&b2, "confirm-import").await;
    wait_for(&b2, "[data-testid=import-result]").await;
    click(&b2, "tab-browse").await;
    open_indicator(&b2, "W1-1-1").await;
    let v = wait_for(&b2, "[data-testid=\"input-W1-1-1-2028-numerator\"]").await;
    assert_eq!(v.prop("value").await.expect("value").as_deref(), Some("931"));
    b2.quit().await.expect("quit");
}

/// Drafting a catalogue in the app from a plan's text file: a preview with the review marks, the draft
/// downloads as a .toml file that reads as a catalogue.
#[tokio::test(flavor = "multi_thread")]
async fn a_catalogue_is_drafted_from_a_plan_text_in_the_app() {
    let driver = Driver::start().await;
    let p = TempDir::new("draft");
    let b = open(&driver, &p).await;
    click(&b, "tab-settings").await;
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("core/tests/fixtures/county-2026-2030-plan.txt");
    type_into(&b, "draft-id", "qingshan-2026-2030").await;
    let input = wait_for(&b, "[data-testid=draft-input]").await;
    input.send_keys(plan.display().to_string()).await.expect("choose the plan text");
    let preview = wait_text(&b, "catalogue-preview", "草稿已生成").await;
    assert!(preview.contains("青山县") && preview.contains("需人工核对"), "{preview}");
    let summary = text_of(&b, "catalogue-preview-summary").await;
    assert!(summary.contains("领域 6 个") && summary.contains("目标行 27 条"), "{summary}");
    click(&b, "catalogue-draft-download").await;
    let file = wait_download(&p.0.join("downloads"), ".toml").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let cat = lishu_core::catalogue::file::read_catalogue(&std::fs::read(&file).expect("draft")).expect("the draft reads");
    assert_eq!((cat.id.as_str(), cat.region.as_str(), cat.period.midterm), ("qingshan-2026-2030", "青山县", 2028));
    // Pasted text that is no plan: the problem is named, nothing changes.
    type_into(&b, "draft-text", "这不是规划").await;
    click(&b, "draft-run").await;
    let errors = wait_text(&b, "catalogue-errors", "未找到规划标题").await;
    assert!(errors.contains("粘贴的规划文本"), "{errors}");
    assert!(b.title().await.expect("title").contains("梨树区"));
    b.quit().await.expect("quit");
}

/// 审核与锁定 across two offices' PCs: a unit enters and submits 2023 and sends its file; the office imports
/// it, accepts 2023; the unit later sends a changed value: the office sees a locked conflict that keeps the
/// accepted value unless unlocked with a reason.
#[tokio::test(flavor = "multi_thread")]
async fn a_unit_submits_the_office_accepts_and_a_later_change_is_a_locked_conflict() {
    let unit = "区卫健局";
    let driver = Driver::start().await;
    let pu = TempDir::new("review-unit");
    let bu = open(&driver, &pu).await;
    select(&bu, "unit-mode", unit).await;
    open_indicator(&bu, "W1-4-1").await;
    type_into(&bu, "input-W1-4-1-2023-numerator", "930").await;
    type_into(&bu, "input-W1-4-1-2023-denominator", "1000").await;
    click(&bu, "submit-2023").await;
    click(&bu, "submit-confirm-yes").await;
    wait_text(&bu, "submission-2023", "已提交").await;
    let export = |b: WebDriver, dir: std::path::PathBuf| async move {
        click(&b, "tab-sharing").await;
        click(&b, "export-json").await;
        let f = wait_download(&dir, ".json").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Out of the downloads folder, so that the next export is found as the new download.
        let moved = dir.parent().unwrap_or(&dir).join(format!(
            "{}-{}.json",
            unit,
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
        ));
        std::fs::rename(&f, &moved).expect("keep the download");
        moved
    };
    let first = export(bu.clone(), pu.0.join("downloads")).await;
    assert!(std::fs::read_to_string(&first).expect("file").contains("\"submitted\""), "the file carries the submission");

    // The office.
    let po = TempDir::new("review-office");
    let bo = open(&driver, &po).await;
    click(&bo, "tab-sharing").await;
    let input = wait_for(&bo, "[data-testid=import-input]").await;
    input.send_keys(first.display().to_string()).await.expect("choose file");
    wait_for(&bo, "[data-testid=import-preview]").await;
    click(&bo, "confirm-import").await;
    wait_for(&bo, "[data-testid=import-result]").await;
    wait_text(&bo, &format!("review-{unit}-2023"), "已提交").await;
    click(&bo, &format!("accept-{unit}-2023")).await;
    wait_text(&bo, &format!("review-{unit}-2023"), "已审核").await;

    // The unit changes its value and sends the file again.
    click(&bu, "tab-browse").await;
    open_indicator(&bu, "W1-4-1").await;
    type_into(&bu, "input-W1-4-1-2023-numerator", "950").await;
    // The year was submitted: the change is confirmed first (the year goes back to 填报中).
    click(&bu, "edit-confirm-yes").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let second = export(bu.clone(), pu.0.join("downloads")).await;
    bu.quit().await.expect("quit");

    // The office sees a locked conflict; the accepted value stays unless unlocked with a reason.
    let input = wait_for(&bo, "[data-testid=import-input]").await;
    input.send_keys(second.display().to_string()).await.expect("choose file");
    let conflict = wait_text(&bo, "conflict-W1-4-1-2023", "已锁定").await;
    assert!(conflict.contains("审核锁定") && conflict.contains("950"), "{conflict}");
    click(&bo, "conflict-W1-4-1-2023-file-0").await;
    click(&bo, "confirm-import").await;
    wait_text(&bo, "import-message", "解锁理由").await;
    type_into(&bo, "unlock-W1-4-1-2023", "单位更正，经核实").await;
    click(&bo, "confirm-import").await;
    wait_for(&bo, "[data-testid=import-result]").await;
    click(&bo, "tab-browse").await;
    open_indicator(&bo, "W1-4-1").await;
    let v = wait_for(&bo, "[data-testid=\"input-W1-4-1-2023-numerator\"]").await;
    assert_eq!(v.prop("value").await.expect("value").as_deref(), Some("950"));
    wait_for(&bo, "[data-testid=log-W1-4-1]").await;
    let log = bo
        .execute("const d = document.querySelector('[data-testid=log-W1-4-1]'); d.open = true; return d.textContent;", vec![])
        .await
        .expect("log")
        .json()
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(log.contains("解锁（理由：单位更正，经核实）"), "{log}");
    bo.quit().await.expect("quit");
}

/// The parts of a .docx file (name → bytes); every part's CRC is checked.
fn docx_parts(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the .docx is a zip file");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut s = Vec::new();
        f.read_to_end(&mut s).expect("part reads (CRC ok)");
        out.insert(f.name().expect("name").to_string(), s);
    }
    out
}

/// The text of a .docx converted to PDF by LibreOffice (fresh profile), without whitespace; None when
/// LibreOffice is not installed (scripts/setup.sh installs it).
fn libreoffice_text(docx: &std::path::Path) -> Option<String> {
    let dir = docx.parent().expect("dir").join("lo");
    std::fs::create_dir_all(&dir).expect("dir");
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let out = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(docx)
        .output()
        .ok()?;
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join(docx.with_extension("pdf").file_name().expect("name"));
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (make setup)");
    Some(String::from_utf8_lossy(&text.stdout).chars().filter(|c| !c.is_whitespace()).collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_final_report_is_exported_as_a_word_document_with_its_charts() {
    use lishu_core::report::document::{document_file_name, PlanChoice};
    use lishu_core::report::ReportKind;
    let driver = Driver::start().await;
    let p = TempDir::new("word");
    let downloads = p.0.join("downloads");
    let b = open(&driver, &p).await;
    click(&b, "tab-data").await;
    click(&b, "load-demo").await;
    wait_for(&b, "[data-testid=demo-banner]").await;
    click(&b, "tab-report").await;
    select(&b, "report-kind", "final").await;
    select(&b, "report-plan", "children").await;
    wait_for(&b, "[data-testid=report-document]").await;
    assert!(drawn_charts(&b, 2).await >= 2, "the report's charts are drawn");
    let e = wait_for(&b, "[data-testid=suggestions-input]").await;
    e.send_keys("加强儿童早期发展服务。").await.expect("type");
    wait_stored(&b, "加强儿童早期发展服务").await;

    click(&b, "word-button").await;
    let file = wait_download(&downloads, ".docx").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let cat = lishu_core::Catalogue::embedded();
    let name = document_file_name(cat, ReportKind::Final, PlanChoice::One(lishu_core::Plan::Children), None);
    assert_eq!(file.file_name().and_then(|n| n.to_str()), Some(name.as_str()));
    let bytes = std::fs::read(&file).expect("docx");
    // Moved away so that the next wait_download finds the next file.
    let kept = p.0.join("children.docx");
    std::fs::rename(&file, &kept).expect("move");
    let parts = docx_parts(&bytes);
    let doc = &String::from_utf8_lossy(&parts["word/document.xml"]).into_owned();
    for r in cat.indicators().into_iter().filter(|r| r.domain.plan == lishu_core::Plan::Children) {
        assert!(doc.contains(&r.indicator.id), "{} missing", r.indicator.id);
    }
    for d in cat.domains_of(lishu_core::Plan::Children) {
        assert!(doc.contains(&d.name), "{} missing", d.name);
    }
    assert!(doc.contains("加强儿童早期发展服务。") && doc.contains("终期评估报告") && doc.contains("演示数据"));
    assert_eq!(doc.matches("<w:tblHeader />").count(), doc.matches("<w:tbl>").count());
    let pictures = parts.keys().filter(|k| k.starts_with("word/media/") && k.ends_with(".png")).count();
    assert_eq!(pictures, 2, "both charts embedded as PNG: {:?}", parts.keys().collect::<Vec<_>>());
    for (k, v) in parts.iter().filter(|(k, _)| k.starts_with("word/media/")) {
        assert!(v.starts_with(b"\x89PNG") && v.len() > 2000, "{k} is a drawn PNG ({} bytes)", v.len());
    }
    if let Ok(dir) = std::env::var("LISHU_DOCX_PNG") {
        // For looking at it: a copy of the downloaded document.
        let _ = std::fs::copy(&kept, std::path::Path::new(&dir).join("e2e-children.docx"));
    }
    match libreoffice_text(&kept) {
        Some(text) => {
            for d in cat.domains_of(lishu_core::Plan::Children) {
                assert!(text.contains(&d.name), "{} missing from LibreOffice's PDF", d.name);
            }
            for r in cat.indicators().into_iter().filter(|r| r.domain.plan == lishu_core::Plan::Children) {
                assert!(text.contains(&r.indicator.id), "{} missing from LibreOffice's PDF", r.indicator.id);
            }
        }
        None => eprintln!("LibreOffice (soffice) is not installed: the .docx was checked structurally only"),
    }

    // Both plans in one document.
    click(&b, "word-both-button").await;
    let file = wait_download(&downloads, ".docx").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let doc = String::from_utf8_lossy(&docx_parts(&std::fs::read(&file).expect("docx"))["word/document.xml"]).into_owned();
    let _ = std::fs::remove_file(&file);
    for r in cat.indicators() {
        assert!(doc.contains(&r.indicator.id), "{} missing from the two-plan report", r.indicator.id);
    }
    assert!(doc.contains(&cat.title));
    b.quit().await.expect("quit");
}
