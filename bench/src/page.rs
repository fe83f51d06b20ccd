//! One synchronous interface over the two ways the suite drives a browser: WebDriver (chromedriver for
//! Debian's Chromium, geckodriver for Firefox ESR) and the DevTools protocol (old Chromium builds, src/cdp.rs).
//! tests/e2e_browsers.rs runs the same flows on each; `make bench` times loads with it.

use crate::cdp::Chrome;
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

pub trait Page {
    /// Browser name and version, e.g. "Chromium 109.0.5414.0".
    fn label(&self) -> String;
    /// Evaluates a JS expression in the page; a promise is awaited.
    fn js(&mut self, expr: &str) -> Result<Value, String>;
    fn goto(&mut self, url: &str) -> Result<(), String>;
    fn reload(&mut self) -> Result<(), String>;
    /// Chooses files in an `<input type=file>`, as the file dialog would.
    fn choose_files(&mut self, css: &str, files: &[&Path]) -> Result<(), String>;
    /// Types into a field like a user and leaves it.
    fn type_into(&mut self, css: &str, text: &str) -> Result<(), String>;
    /// A PNG of the viewport.
    fn png(&mut self) -> Result<Vec<u8>, String>;
    /// Slows the page's CPU `rate` times (Chromium over DevTools: `Emulation.setCPUThrottlingRate`), as
    /// on an old office PC; false where the browser cannot (WebDriver).
    fn throttle(&mut self, rate: f64) -> Result<bool, String> {
        let _ = rate;
        Ok(false)
    }

    /// Polls `expr` every 100 ms (real time) until it is truthy; returns its value.
    fn wait(&mut self, expr: &str, timeout: Duration) -> Result<Value, String> {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < timeout {
            match self.js(expr) {
                Ok(v) if !(v.is_null() || v == Value::Bool(false) || v == Value::from("") || v == Value::from(0)) => {
                    return Ok(v)
                }
                Ok(v) => last = v.to_string(),
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("{}: after {timeout:?}, `{expr}` still gave {last}", self.label()))
    }
}

impl Page for Chrome {
    fn label(&self) -> String {
        // "HeadlessChrome/109.0.5412.0" (old headless) or "Chrome/156.0.8078.114" (new headless)
        format!("Chromium {}", self.product.rsplit('/').next().unwrap_or(&self.product))
    }
    fn js(&mut self, expr: &str) -> Result<Value, String> {
        self.eval(expr)
    }
    fn goto(&mut self, url: &str) -> Result<(), String> {
        Chrome::goto(self, url)
    }
    fn reload(&mut self) -> Result<(), String> {
        Chrome::reload(self)
    }
    fn choose_files(&mut self, css: &str, files: &[&Path]) -> Result<(), String> {
        self.set_files(css, files)
    }
    fn type_into(&mut self, css: &str, text: &str) -> Result<(), String> {
        Chrome::type_into(self, css, text)
    }
    fn png(&mut self) -> Result<Vec<u8>, String> {
        self.screenshot()
    }
    fn throttle(&mut self, rate: f64) -> Result<bool, String> {
        self.send("Emulation.setCPUThrottlingRate", serde_json::json!({ "rate": rate })).map(|_| true)
    }
}

/// A WebDriver session driven from synchronous code on the given runtime; quits when dropped.
pub struct Wd {
    pub rt: tokio::runtime::Handle,
    pub driver: WebDriver,
    pub name: String,
}

impl Wd {
    pub fn new(rt: tokio::runtime::Handle, driver: WebDriver) -> Wd {
        let name = rt
            .block_on(driver.execute("return navigator.userAgent", vec![]))
            .ok()
            .and_then(|v| v.json().as_str().map(str::to_string))
            .map(|ua| {
                let pick = |key: &str| ua.split(key).nth(1).map(|v| v.split([' ', ')']).next().unwrap_or(v).to_string());
                if let Some(v) = pick("Firefox/") {
                    format!("Firefox {v}")
                } else if let Some(v) = pick("Chrome/") {
                    format!("Chromium {v}")
                } else {
                    ua
                }
            })
            .unwrap_or_else(|| "WebDriver".into());
        Wd { rt, driver, name }
    }
}

impl Page for Wd {
    fn label(&self) -> String {
        self.name.clone()
    }
    fn js(&mut self, expr: &str) -> Result<Value, String> {
        // WebDriver awaits a returned promise; an async function also turns a throw into a rejection.
        let script = format!("return (async function () {{ return ({expr}); }})();");
        self.rt
            .block_on(self.driver.execute(&script, vec![]))
            .map(|r| r.json().clone())
            .map_err(|e| format!("{}: {e}", expr.chars().take(80).collect::<String>()))
    }
    fn goto(&mut self, url: &str) -> Result<(), String> {
        self.rt.block_on(self.driver.goto(url)).map_err(|e| e.to_string())
    }
    fn reload(&mut self) -> Result<(), String> {
        self.rt.block_on(self.driver.refresh()).map_err(|e| e.to_string())
    }
    fn choose_files(&mut self, css: &str, files: &[&Path]) -> Result<(), String> {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        self.rt.block_on(async {
            let e = self.driver.find(By::Css(css)).await.map_err(|e| e.to_string())?;
            e.send_keys(names.join("\n")).await.map_err(|e| e.to_string())
        })
    }
    fn type_into(&mut self, css: &str, text: &str) -> Result<(), String> {
        self.rt.block_on(async {
            let e = self
                .driver
                .query(By::Css(css))
                .wait(Duration::from_secs(20), Duration::from_millis(100))
                .first()
                .await
                .map_err(|e| e.to_string())?;
            e.clear().await.map_err(|e| e.to_string())?;
            e.send_keys(text).await.map_err(|e| e.to_string())?;
            e.send_keys(Key::Tab).await.map_err(|e| e.to_string())
        })
    }
    fn png(&mut self) -> Result<Vec<u8>, String> {
        self.rt.block_on(self.driver.screenshot_as_png()).map_err(|e| e.to_string())
    }
}

impl Drop for Wd {
    fn drop(&mut self) {
        let d = self.driver.clone();
        let _ = self.rt.block_on(d.quit());
    }
}
