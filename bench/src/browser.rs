//! Browser harness: starts /usr/bin/chromedriver (or geckodriver, for Firefox ESR) on a free loopback port
//! and drives headless Chromium or Firefox (fresh profile per browser). Used by the end-to-end tests
//! (tests/e2e.rs, tests/e2e_browsers.rs) and `make bench`. Old Chromium builds without a driver are driven
//! over the DevTools protocol instead (src/cdp.rs).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use thirtyfour::prelude::*;
use thirtyfour::ChromiumLikeCapabilities;

/// The flags every headless Chromium of the tests and the bench starts with (as root, no first-run work,
/// nothing fetched in the background, a 1280×900 window); the headless mode is added per browser.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,900",
];

pub struct Driver {
    child: Child,
    pub url: String,
}

/// geckodriver: `$GECKODRIVER`, else `~/.cargo/bin/geckodriver` (scripts/setup.sh installs it there).
pub fn geckodriver() -> String {
    std::env::var("GECKODRIVER").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
        format!("{home}/.cargo/bin/geckodriver")
    })
}

/// Firefox ESR from Debian: `$LISHU_FIREFOX`, else /usr/bin/firefox-esr.
pub fn firefox_binary() -> String {
    std::env::var("LISHU_FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into())
}

impl Driver {
    /// chromedriver (`$CHROMEDRIVER`, else /usr/bin/chromedriver) for Debian's Chromium.
    pub async fn start() -> Driver {
        let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        Driver::start_bin(&bin).await
    }

    /// geckodriver, for [`Driver::firefox`].
    pub async fn start_gecko() -> Driver {
        Driver::start_bin(&geckodriver()).await
    }

    async fn start_bin(bin: &str) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let child = Command::new(bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin} (run `make setup`): {e}"));
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Driver { child, url }
    }

    /// A new headless Firefox ESR (geckodriver gives every session a fresh profile) that saves downloads
    /// into `downloads` without asking. Needs a driver from [`Driver::start_gecko`].
    pub async fn firefox(&self, downloads: &std::path::Path) -> WebDriver {
        let mut caps = DesiredCapabilities::firefox();
        caps.set_headless().expect("headless");
        caps.set_firefox_binary(&firefox_binary()).expect("binary");
        caps.add_arg("--width=1280").expect("arg");
        caps.add_arg("--height=900").expect("arg");
        let mut prefs = thirtyfour::common::capabilities::firefox::FirefoxPreferences::new();
        for (k, v) in [
            ("browser.download.folderList", serde_json::json!(2)),
            ("browser.download.dir", serde_json::json!(downloads.display().to_string())),
            ("browser.download.useDownloadDir", serde_json::json!(true)),
            ("browser.download.always_ask_before_handling_new_types", serde_json::json!(false)),
            ("browser.download.manager.showWhenStarting", serde_json::json!(false)),
            (
                "browser.helperApps.neverAsk.saveToDisk",
                serde_json::json!("application/json,text/csv,text/plain,application/octet-stream,application/toml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ),
            ("pdfjs.disabled", serde_json::json!(true)),
            ("app.update.enabled", serde_json::json!(false)),
            ("datareporting.policy.dataSubmissionEnabled", serde_json::json!(false)),
        ] {
            prefs.set(k, v).expect("pref");
        }
        caps.set_preferences(prefs).expect("prefs");
        WebDriver::new(&self.url, caps).await.expect("start Firefox through geckodriver")
    }

    /// A new headless Chromium with a fresh (or given) profile directory.
    pub async fn browser(&self, profile: &std::path::Path) -> WebDriver {
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary("/usr/bin/chromium").expect("binary");
        for arg in ["--headless=new", "--disable-quic"].iter().chain(CHROMIUM_FLAGS) {
            caps.add_arg(arg).expect("arg");
        }
        // Extra Chromium flags for experiments, e.g. LISHU_CHROME_ARGS="--js-flags=--no-wasm-lazy-compilation".
        for arg in std::env::var("LISHU_CHROME_ARGS").unwrap_or_default().split_whitespace() {
            caps.add_arg(arg).expect("arg");
        }
        caps.add_arg(&format!("--user-data-dir={}", profile.display())).expect("profile");
        let prefs = serde_json::json!({
            "download.default_directory": profile.join("downloads").display().to_string(),
            "download.prompt_for_download": false,
        });
        caps.add_experimental_option("prefs", prefs).expect("prefs");
        WebDriver::new(&self.url, caps).await.expect("start Chromium through chromedriver")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// URL of the app under test: file:// of the single file $LISHU_DIST, else `<repo>/dist/lishu-monitor.html`
/// (built by `make dist`); an http(s) $LISHU_DIST is used as it is (the single-file checks then fail, as they
/// should: `trunk serve` loads separate files).
pub fn dist_url() -> String {
    // An http(s) address (e.g. `make run`'s http://127.0.0.1:8080/) is used as it is.
    if let Ok(url) = std::env::var("LISHU_DIST") {
        if url.starts_with("http://") || url.starts_with("https://") {
            return url;
        }
    }
    let path = std::env::var("LISHU_DIST").map(PathBuf::from).unwrap_or_else(|_| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist/lishu-monitor.html")
    });
    let path = path.canonicalize().unwrap_or(path);
    assert!(path.exists(), "{} missing: run `make dist` first (make test-e2e does)", path.display());
    format!("file://{}", path.display())
}

/// A fresh temporary directory (removed by the caller's TempDir drop).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!("lishu-e2e-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(p.join("downloads")).expect("temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Lets the page download files (Blob + <a download>) into `dir` without a prompt.
pub async fn allow_downloads(driver: &WebDriver, dir: &std::path::Path) {
    let dev = thirtyfour::extensions::cdp::ChromeDevTools::new(driver.handle.clone());
    dev.execute_cdp_with_params(
        "Browser.setDownloadBehavior",
        serde_json::json!({ "behavior": "allow", "downloadPath": dir.display().to_string() }),
    )
    .await
    .expect("allow downloads");
}

/// Waits until a file with `suffix` appears in `dir` (complete, not a .crdownload) and returns its path.
pub async fn wait_download(dir: &std::path::Path, suffix: &str) -> PathBuf {
    for _ in 0..200 {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if name.ends_with(suffix) {
                    return e.path();
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no *{suffix} download appeared in {}", dir.display());
}

/// Clicks an element by test id through JS (works inside collapsed <details> too).
pub async fn click(driver: &WebDriver, testid: &str) {
    let ok = driver
        .execute(
            "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); if (!e) return false; e.click(); return true;",
            vec![serde_json::json!(testid)],
        )
        .await
        .expect("click script");
    assert_eq!(ok.json(), &serde_json::json!(true), "no element with data-testid={testid}");
}

/// Types into an entry field (by test id) like a user: focus, type, Tab away.
pub async fn type_into(b: &WebDriver, testid: &str, text: &str) {
    let e = wait_for(b, &format!("[data-testid=\"{testid}\"]")).await;
    e.clear().await.expect("clear");
    e.send_keys(text).await.expect("type");
    e.send_keys(Key::Tab).await.expect("tab");
}

/// Selects an indicator in the catalogue tree the way a user does: opens its domain (whose rows are
/// built only when first opened) and clicks the indicator.
pub async fn open_indicator(driver: &WebDriver, id: &str) {
    let domain = id.split('-').next().unwrap_or(id);
    for _ in 0..100 {
        let found = driver
            .execute(
                "const i = document.querySelector(`[data-testid=\"indicator-${arguments[0]}\"]`); \
                 if (i) { i.click(); return true; } \
                 const d = document.querySelector(`[data-testid=\"domain-${arguments[1]}\"]`); \
                 if (d && !d.open) d.querySelector('summary').click(); return false;",
                vec![serde_json::json!(id), serde_json::json!(domain)],
            )
            .await
            .expect("open indicator script");
        if found.json() == &serde_json::json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("indicator {id} did not appear after opening domain {domain}");
}

/// Sets a <select> (by test id) to `value` and fires `change`, as a user's choice would.
pub async fn select(driver: &WebDriver, testid: &str, value: &str) {
    let ok = driver
        .execute(
            "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); if (!e) return false; \
             e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true})); \
             e.dispatchEvent(new Event('input', {bubbles: true})); return e.value === arguments[1];",
            vec![serde_json::json!(testid), serde_json::json!(value)],
        )
        .await
        .expect("select script");
    assert_eq!(ok.json(), &serde_json::json!(true), "cannot set {testid} to {value}");
}

/// Text of an element by test id (waits for it).
pub async fn text_of(driver: &WebDriver, testid: &str) -> String {
    wait_for(driver, &format!("[data-testid=\"{testid}\"]")).await.text().await.expect("text")
}

/// Waits until the element's text contains `needle` (up to 20 s) and returns the text.
pub async fn wait_text(driver: &WebDriver, testid: &str, needle: &str) -> String {
    let mut last = String::new();
    for _ in 0..200 {
        if let Ok(e) = driver.find(By::Css(format!("[data-testid=\"{testid}\"]"))).await {
            last = e.text().await.unwrap_or_default();
            if last.contains(needle) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("[data-testid={testid}] never contained {needle:?}; last text: {last:?}");
}

/// Waits for an element (up to 20 s).
pub async fn wait_for(driver: &WebDriver, css: &str) -> WebElement {
    driver
        .query(By::Css(css))
        .wait(Duration::from_secs(20), Duration::from_millis(100))
        .first()
        .await
        .unwrap_or_else(|e| panic!("element {css} did not appear: {e}"))
}

/// JS: the visible controls a user can act on whose text is `arguments[0]` (exactly, else containing it).
pub const FIND_BY_TEXT: &str = "const want = arguments[0]; \
    const seen = e => e.getClientRects().length > 0; \
    const all = [...document.querySelectorAll('button, [role=tab], summary, a, label')].filter(seen); \
    const norm = e => e.textContent.replace(/\\s+/g, ' ').trim(); \
    let hit = all.filter(e => norm(e) === want); \
    if (!hit.length) hit = all.filter(e => norm(e).includes(want)); \
    return hit;";

/// The page's visible text.
pub async fn page_text(b: &WebDriver) -> String {
    b.execute("return document.body.innerText;", vec![]).await.expect("text").json().as_str().unwrap_or_default().to_string()
}

/// Waits (up to 30 s) until the page shows `words`; returns the page's text.
pub async fn wait_words(b: &WebDriver, words: &str) -> String {
    let mut last = String::new();
    for _ in 0..300 {
        last = page_text(b).await;
        if last.contains(words) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never showed {words:?}; it shows:\n{last}");
}

/// Clicks the control (button, tab, link …) labelled `text` as a user reads it, waiting for it to appear and
/// be enabled.
pub async fn press(b: &WebDriver, text: &str) {
    for _ in 0..200 {
        let hits = b.execute(FIND_BY_TEXT, vec![serde_json::json!(text)]).await.expect("find by text");
        if let Ok(els) = hits.elements() {
            if let Some(e) = els.into_iter().next() {
                if e.is_enabled().await.unwrap_or(false) {
                    b.execute("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", vec![e.to_json().expect("el")])
                        .await
                        .expect("click");
                    return;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no enabled control labelled {text:?}");
}
