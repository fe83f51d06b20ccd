//! The single file in the browsers county offices have, not only the newest Chromium: real Chromium 109
//! (the last for Windows 7) and Chromium 92 (below reference types and 'wasm-unsafe-eval'; npm
//! `@sparticuz/chromium`, driven over the DevTools protocol: bench/src/cdp.rs), Firefox ESR (Debian,
//! through geckodriver) and Debian's current Chromium (chromedriver). Also: axe-core on every tab, the
//! entry page at 1366×768, the message below the floor. Run by `make test-e2e` (after `make dist`;
//! scripts/setup.sh installs every browser).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use lishu_bench::cdp::{old_chromium, Chrome};
use lishu_bench::page::{Page, Wd};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::{dist_url, wait_download, Driver, TempDir};

const T: Duration = Duration::from_secs(30);

fn q(s: &str) -> String {
    json!(s).to_string()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime")
}

/// Waits until an element matching `css` exists.
fn wait_el(p: &mut dyn Page, css: &str) {
    p.wait(&format!("!!document.querySelector({})", q(css)), T).unwrap_or_else(|e| panic!("{e}"));
}

/// Waits until the element with test id `id` contains `needle`; returns its text.
fn wait_text(p: &mut dyn Page, id: &str, needle: &str) -> String {
    let v = p
        .wait(
            &format!(
                "(() => {{ const e = document.querySelector('[data-testid=\"' + {} + '\"]'); const t = e ? e.textContent : ''; return t.includes({}) ? t : ''; }})()",
                q(id),
                q(needle)
            ),
            T,
        )
        .unwrap_or_else(|e| panic!("[data-testid={id}] never contained {needle:?}: {e}"));
    v.as_str().unwrap_or_default().to_string()
}

fn click(p: &mut dyn Page, id: &str) {
    p.wait(
        &format!("(() => {{ const e = document.querySelector('[data-testid=\"' + {} + '\"]'); if (!e) return false; e.click(); return true; }})()", q(id)),
        T,
    )
    .unwrap_or_else(|e| panic!("no element with data-testid={id}: {e}"));
}

fn select(p: &mut dyn Page, id: &str, value: &str) {
    p.wait(
        &format!(
            "(() => {{ const e = document.querySelector('[data-testid=\"' + {} + '\"]'); if (!e) return false; e.value = {v}; \
             e.dispatchEvent(new Event('change', {{bubbles: true}})); e.dispatchEvent(new Event('input', {{bubbles: true}})); return e.value === {v}; }})()",
            q(id),
            v = q(value)
        ),
        T,
    )
    .unwrap_or_else(|e| panic!("cannot set {id} to {value}: {e}"));
}

/// Opens an indicator's domain (built on first opening) and clicks the indicator.
fn open_indicator(p: &mut dyn Page, id: &str) {
    let domain = id.split('-').next().unwrap_or(id);
    p.wait(
        &format!(
            "(() => {{ const i = document.querySelector('[data-testid=\"indicator-' + {i} + '\"]'); if (i) {{ i.click(); return true; }} \
             const d = document.querySelector('[data-testid=\"domain-' + {d} + '\"]'); if (d && !d.open) d.querySelector('summary').click(); return false; }})()",
            i = q(id),
            d = q(domain)
        ),
        T,
    )
    .unwrap_or_else(|e| panic!("indicator {id} did not appear: {e}"));
}

fn value_of(p: &mut dyn Page, id: &str) -> String {
    let v = p
        .wait(&format!("(() => {{ const e = document.querySelector('[data-testid=\"' + {} + '\"]'); return e ? [e.value] : null; }})()", q(id)), T)
        .unwrap_or_else(|e| panic!("{e}"));
    v[0].as_str().unwrap_or_default().to_string()
}

const STORED: &str = "(() => { let s = ''; for (let i = 0; i < localStorage.length; i++) s += localStorage.getItem(localStorage.key(i)); return s; })()";

/// Opens the single file and waits for the app; the static "正在打开…" line must be gone then.
fn open_app(p: &mut dyn Page) {
    p.goto(&dist_url()).expect("open the single file");
    wait_el(p, "[data-testid=catalogue]");
    let loading = p.js("document.getElementById('boot-loading') === null && !document.querySelector('.boot-error')").expect("probe");
    assert_eq!(loading, json!(true), "{}: the loading line stays, or a start-up error shows, after mounting", p.label());
}

/// Charts with drawn SVG (waits up to 15 s for at least `n`).
fn drawn_charts(p: &mut dyn Page, n: u64) -> u64 {
    let expr = format!(
        "(() => {{ const k = [...document.querySelectorAll('[data-testid=chart]')].filter(f => f.querySelectorAll('svg path, svg rect').length > 5).length; return k >= {n} ? k : 0; }})()"
    );
    p.wait(&expr, Duration::from_secs(15)).ok().and_then(|v| v.as_u64()).unwrap_or(0)
}

/// The core flows of a unit's staff on one browser: enter a rate and a qualitative value, reload (kept),
/// export JSON, make the Excel template (pre-filled), open the dashboard (charts drawn). Returns the JSON.
fn enter_reload_export(p: &mut dyn Page, downloads: &Path) -> PathBuf {
    let who = p.label();
    open_app(p);
    select(p, "year", "2023");
    open_indicator(p, "W1-4-1");
    p.type_into("[data-testid=\"input-W1-4-1-2020-numerator\"]", "850").expect("type");
    p.type_into("[data-testid=\"input-W1-4-1-2020-denominator\"]", "1000").expect("type");
    p.type_into("[data-testid=\"input-W1-4-1-2023-numerator\"]", "930").expect("type");
    p.type_into("[data-testid=\"input-W1-4-1-2023-denominator\"]", "1000").expect("type");
    wait_text(p, "computed-W1-4-1-2023", "93");
    wait_text(p, "status-W1-4-1", "提前实现");
    open_indicator(p, "W1-1-2");
    select(p, "input-W1-1-2-2023-stage", "done");
    wait_text(p, "status-W1-1-2", "提前实现");
    p.wait(&format!("{STORED}.includes('930') && {STORED}.includes('\"done\"')"), T).unwrap_or_else(|e| panic!("{who}: autosave: {e}"));

    p.reload().expect("reload");
    wait_el(p, "[data-testid=catalogue]");
    select(p, "year", "2023");
    open_indicator(p, "W1-4-1");
    assert_eq!(value_of(p, "input-W1-4-1-2023-numerator"), "930", "{who}: the rate was not kept across reload");
    wait_text(p, "status-W1-4-1", "提前实现");
    open_indicator(p, "W1-1-2");
    assert_eq!(value_of(p, "input-W1-1-2-2023-stage"), "done", "{who}: the stage was not kept across reload");

    click(p, "tab-sharing");
    select(p, "export-unit", "");
    click(p, "export-json");
    let json_file = block_download(downloads, ".json");
    let text = std::fs::read_to_string(&json_file).expect("exported file");
    assert!(text.contains("\"930\"") && text.contains("lishu-monitor/dataset"), "{who}: export lacks the entry");

    click(p, "export-template");
    let template = block_download(downloads, ".xlsx");
    let grid = lishu_xlsx::read(&std::fs::read(&template).expect("template")).unwrap_or_else(|e| panic!("{who}: template: {e}"));
    let sheet = grid.sheet(lishu_core::io::workbook::DATA_SHEET).expect("填报 sheet");
    let row = (0..sheet.rows.len()).find(|r| sheet.cell(*r, 0) == "W1-4-1" && sheet.cell(*r, 3) == "numerator").expect("W1-4-1 row");
    assert!(sheet.rows[row].iter().any(|c| c == "930"), "{who}: the template is not pre-filled: {:?}", sheet.rows[row]);

    click(p, "tab-dashboard");
    wait_el(p, "[data-testid=dashboard]");
    assert!(drawn_charts(p, 2) >= 2, "{who}: charts were not drawn");
    assert_eq!(p.js("!!document.querySelector('[data-testid=chart-notice]')").expect("probe"), json!(false), "{who}: chart fallback");
    json_file
}

/// Imports `file` in a fresh profile: the entered value is there.
fn import_in_fresh_profile(p: &mut dyn Page, file: &Path) {
    let who = p.label();
    open_app(p);
    let empty = p.js(STORED).expect("storage");
    assert!(!empty.as_str().unwrap_or_default().contains("930"), "{who}: the profile is not fresh");
    click(p, "tab-sharing");
    wait_el(p, "[data-testid=import-input]");
    p.choose_files("[data-testid=import-input]", &[file]).expect("choose file");
    wait_el(p, "[data-testid=import-preview]");
    click(p, "confirm-import");
    wait_el(p, "[data-testid=import-result]");
    click(p, "tab-browse");
    open_indicator(p, "W1-4-1");
    assert_eq!(value_of(p, "input-W1-4-1-2023-numerator"), "930", "{who}: the import did not bring the value");
}

/// Waits (real time, synchronously) for a finished download with `suffix`, moves it out of the way and
/// returns the new path (so that the next download of that kind is found).
fn block_download(dir: &Path, suffix: &str) -> PathBuf {
    let found = rt().block_on(wait_download(dir, suffix));
    // Chromium writes the file in place once complete; Firefox may still be renaming it.
    std::thread::sleep(Duration::from_millis(500));
    let kept = dir.parent().unwrap_or(dir).join(format!("kept-{}", found.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()));
    std::fs::rename(&found, &kept).expect("keep the download");
    kept
}

fn chrome(major: u32, profile: &TempDir) -> Chrome {
    let bin = old_chromium(major);
    let mut c = Chrome::launch(&bin, &profile.0, &[]).unwrap_or_else(|e| panic!("Chromium {major}: {e}"));
    assert_eq!(c.major(), major, "{} is not Chromium {major}", c.product);
    c.allow_downloads(&profile.0.join("downloads")).expect("downloads");
    c
}

/// The whole flow on real Chromium `major`: enter, reload, export in one profile, import in a fresh one.
fn full_flow_on_old_chromium(major: u32) {
    let a = TempDir::new(&format!("c{major}-a"));
    let file = {
        let mut c = chrome(major, &a);
        enter_reload_export(&mut c, &a.0.join("downloads"))
    };
    let b = TempDir::new(&format!("c{major}-b"));
    let mut c = chrome(major, &b);
    import_in_fresh_profile(&mut c, &file);
}

#[test]
fn chromium_109_enters_reloads_exports_imports_makes_excel_and_draws_charts() {
    full_flow_on_old_chromium(109);
}

/// Chromium 92 has neither reference types (96) nor 'wasm-unsafe-eval' (97): the floor of the single file
/// is 86, so the app must start and work here too.
#[test]
fn chromium_92_below_reference_types_runs_the_app() {
    full_flow_on_old_chromium(92);
}

#[test]
fn firefox_esr_enters_reloads_exports_imports_makes_excel_and_draws_charts() {
    let rt = rt();
    let driver = rt.block_on(Driver::start_gecko());
    let a = TempDir::new("ff-a");
    let file = {
        let mut f = Wd::new(rt.handle().clone(), rt.block_on(driver.firefox(&a.0.join("downloads"))));
        assert!(f.label().starts_with("Firefox "), "{}", f.label());
        enter_reload_export(&mut f, &a.0.join("downloads"))
    };
    let b = TempDir::new("ff-b");
    let mut f = Wd::new(rt.handle().clone(), rt.block_on(driver.firefox(&b.0.join("downloads"))));
    import_in_fresh_profile(&mut f, &file);
}

/// A browser below the floor is told so by name and version, with what works — not "文件可能已损坏".
/// (The user agent of an older browser on the real Chromium 92.)
#[test]
fn below_the_floor_the_message_names_the_browser_version_and_what_works() {
    for (ua, found) in [
        ("Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36", "Chrome（Chromium 内核） 78"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:102.0) Gecko/20100101 Firefox/102.0", "Firefox 102"),
    ] {
        let p = TempDir::new("floor");
        let mut c = chrome(92, &p);
        c.send("Network.setUserAgentOverride", json!({ "userAgent": ua })).expect("user agent");
        c.goto(&dist_url()).expect("open");
        let msg = c.wait("(() => { const e = document.querySelector('.boot-error'); return e ? e.textContent : ''; })()", T).expect("message");
        let msg = msg.as_str().unwrap_or_default();
        assert!(msg.contains("浏览器版本过旧") && msg.contains(found), "{msg}");
        assert!(msg.contains("Chrome/Edge 86") && msg.contains("Firefox 113") && msg.contains("或更新"), "{msg}");
        assert!(!msg.contains("损坏"), "an old browser is not a damaged file: {msg}");
        std::thread::sleep(Duration::from_millis(1500));
        let started = c.js("!!document.querySelector('[data-testid=app]') || !!document.getElementById('boot-loading')").expect("probe");
        assert_eq!(started, json!(false), "the app must not start, nor the loading line stay");
    }
}

/// The static HTML says what is happening from the first paint: the title and "正在打开…" come before the
/// app's wasm in the file (the browser paints them while it still parses the rest).
#[test]
fn the_single_file_shows_its_title_and_a_loading_line_before_the_wasm() {
    let url = dist_url();
    let html = std::fs::read_to_string(url.strip_prefix("file://").expect("the single file")).expect("read");
    let loading = html.find("id=\"boot-loading\"").expect("the loading block");
    let wasm = html.find("<script type=\"text/plain\" id=\"app-wasm\">").expect("embedded wasm");
    assert!(loading < wasm, "the loading line must precede the wasm text");
    let block = &html[loading..wasm];
    assert!(block.contains("妇女儿童发展规划监测评估") && block.contains("正在打开…"), "{}", &block[..block.len().min(400)]);
    // Syntax Chromium 86 parses: no top-level await in the boot module.
    let boot = html.find("<script type=\"module\"").expect("boot module");
    let end = boot + html[boot..].find("</script>").expect("end");
    let module = &html[boot..end];
    // Node parses the module's text as the body of an ordinary function (import.meta stood in for): any
    // top-level await is then a syntax error.
    let dir = TempDir::new("boot-syntax");
    let file = dir.0.join("boot.js");
    std::fs::write(&file, module.trim_start_matches(|c| c != '>').trim_start_matches('>')).expect("write");
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg("new Function(require('fs').readFileSync(process.argv[1], 'utf8').replace(/import\\.meta/g, '({ url: \"\" })'))")
        .arg(&file)
        .output()
        .expect("node (make setup)");
    assert!(out.status.success(), "the boot module has top-level await (needs Chromium 89): {}", String::from_utf8_lossy(&out.stderr));
    assert!(html.contains("'unsafe-eval'") && html.contains("connect-src 'none'"), "the CSP of the floor");
}

/// axe-core (npm, injected from the local file: nothing from a network) on every tab with demo data.
#[test]
fn axe_core_finds_no_violations_on_any_tab() {
    let npm = std::env::var("LISHU_NPM_DIR").unwrap_or_else(|_| format!("{}/.local/share/lishu-monitor/npm", std::env::var("HOME").unwrap_or_default()));
    let axe_path = Path::new(&npm).join("node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path).unwrap_or_else(|e| panic!("{} (make setup): {e}", axe_path.display()));
    let rt = rt();
    let driver = rt.block_on(Driver::start());
    let prof = TempDir::new("axe");
    let mut p = Wd::new(rt.handle().clone(), rt.block_on(driver.browser(&prof.0)));
    open_app(&mut p);
    click(&mut p, "tab-data");
    click(&mut p, "load-demo");
    wait_el(&mut p, "[data-testid=demo-banner]");
    let injected = rt
        .block_on(p.driver.execute(
            "const s = document.createElement('script'); s.textContent = arguments[0]; document.head.appendChild(s); return typeof window.axe;",
            vec![json!(axe)],
        ))
        .expect("inject axe");
    assert_eq!(injected.json(), &json!("object"), "axe-core did not load");
    let mut report = Vec::new();
    let mut checked = 0;
    for tab in ["browse", "dashboard", "report", "sharing", "settings", "data", "help"] {
        click(&mut p, &format!("tab-{tab}"));
        if tab == "browse" {
            open_indicator(&mut p, "W1-4-2");
            wait_el(&mut p, "[data-testid=\"input-W1-4-2-2023-numerator\"]");
        }
        if tab == "dashboard" {
            drawn_charts(&mut p, 2);
        }
        std::thread::sleep(Duration::from_millis(800));
        let v: Value = p
            .js("axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, where: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 160)) })))")
            .expect("axe.run");
        checked += 1;
        for violation in v.as_array().cloned().unwrap_or_default() {
            report.push(format!("tab {tab}: {violation}"));
        }
    }
    assert_eq!(checked, 7);
    assert!(report.is_empty(), "axe-core violations:\n{}", report.join("\n"));
}

/// An office laptop's 1366×768 screen: the entry page's numbers and result fit without sideways scrolling.
/// The screenshot is kept for people to look at (target/screens/e2e-entry-1366x768.png).
#[test]
fn the_entry_page_fits_a_1366_by_768_screen() {
    let rt = rt();
    let driver = rt.block_on(Driver::start());
    let prof = TempDir::new("1366");
    let mut p = Wd::new(rt.handle().clone(), rt.block_on(driver.browser(&prof.0)));
    let dev = thirtyfour::extensions::cdp::ChromeDevTools::new(p.driver.handle.clone());
    rt.block_on(dev.execute_cdp_with_params(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false }),
    ))
    .expect("screen size");
    open_app(&mut p);
    let size = p.js("[window.innerWidth, window.innerHeight]").expect("size");
    assert_eq!(size, json!([1366, 768]), "viewport");
    click(&mut p, "tab-data");
    click(&mut p, "load-demo");
    wait_el(&mut p, "[data-testid=demo-banner]");
    click(&mut p, "tab-browse");
    select(&mut p, "year", "2023");
    open_indicator(&mut p, "W1-4-2");
    wait_el(&mut p, "[data-testid=\"computed-W1-4-2-2023\"]");
    std::thread::sleep(Duration::from_millis(500));
    // No sideways scroll of the page, nor of any box holding the entry fields or the result; every field,
    // computed value and the status lie within the screen's width.
    let overflow = p
        .js(
            "(() => { const out = []; const W = document.documentElement.clientWidth; \
             if (document.documentElement.scrollWidth > W + 1) out.push('page ' + document.documentElement.scrollWidth + ' > ' + W); \
             const sel = '[data-testid^=\"input-W1-4-2-\"], [data-testid^=\"computed-W1-4-2-\"], [data-testid=\"status-W1-4-2\"]'; \
             const els = [...document.querySelectorAll(sel)]; if (els.length < 8) out.push('only ' + els.length + ' fields'); \
             for (const e of els) { const r = e.getBoundingClientRect(); if (r.right > W + 1) out.push(e.dataset.testid + ' ends at ' + Math.round(r.right)); \
               for (let a = e.parentElement; a; a = a.parentElement) { if (a.scrollWidth > a.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(a).overflowX)) { out.push('scrolls sideways: ' + a.className + ' ' + a.scrollWidth + ' > ' + a.clientWidth); break; } } } \
             return [...new Set(out)]; })()",
        )
        .expect("layout probe");
    // The screenshot shows the entry table and the result (below the first screen's texts).
    p.js("document.querySelector('[data-testid=\"computed-W1-4-2-2020\"]').scrollIntoView({ block: 'start' })").expect("scroll");
    std::thread::sleep(Duration::from_millis(300));
    let png = p.png().expect("screenshot");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("e2e-entry-1366x768.png"), &png);
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "blank screenshot?");
    assert_eq!(overflow, json!([]), "the entry page needs sideways scrolling at 1366×768");
}
