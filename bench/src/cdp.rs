//! A small client of the Chrome DevTools protocol, for the real old Chromium builds in the suite (109, the
//! last for Windows 7, and 92, below reference types) that have no chromedriver: npm's
//! `@sparticuz/chromium` packages, unpacked by scripts/setup.sh. One websocket to the browser; the page is
//! attached with `flatten`, so every page command carries its `sessionId`. Synchronous on purpose: the
//! tests that use it are plain `#[test]`s.
//!
//! Old builds misreport time under `--virtual-time-budget`: everything here waits in real time.

use base64::Engine;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{stream::MaybeTlsStream, Message, WebSocket};

/// Where scripts/setup.sh unpacks npm `@sparticuz/chromium@<version>`: `$LISHU_CHROMIUM_<major>` if set,
/// else `~/.local/share/lishu-monitor/chromium-<major>/chromium`.
pub fn old_chromium(major: u32) -> PathBuf {
    if let Ok(p) = std::env::var(format!("LISHU_CHROMIUM_{major}")) {
        return PathBuf::from(p);
    }
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    PathBuf::from(home).join(format!(".local/share/lishu-monitor/chromium-{major}/chromium"))
}

pub struct Chrome {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next: u64,
    session: String,
    /// The browser's product string, e.g. `HeadlessChrome/109.0.5414.0`.
    pub product: String,
    /// Protocol events kept while waiting for replies (see [`Chrome::keep_events`]); None: dropped.
    events: Option<Vec<Value>>,
}

impl Chrome {
    /// Starts `binary` headless with the profile directory `profile` (fresh if empty) and attaches to its
    /// page. `extra` flags are added (e.g. `--window-size=1366,768`).
    pub fn launch(binary: &Path, profile: &Path, extra: &[&str]) -> Result<Chrome, String> {
        if !binary.exists() {
            return Err(format!("{} missing (run `make setup`)", binary.display()));
        }
        let mut cmd = Command::new(binary);
        cmd.args(["--headless", "--no-default-browser-check", "--remote-debugging-port=0"])
            .args(crate::browser::CHROMIUM_FLAGS)
        .args(extra)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        // "DevTools listening on ws://…" on stderr; the pipe is drained afterwards so Chromium never blocks.
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    if let Some(t) = tx.take() {
                        let _ = t.send(line[at..].trim().to_string());
                    }
                }
            }
        });
        let url = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(u) => u,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{} printed no DevTools address in 30 s", binary.display()));
            }
        };
        let (ws, _) = tungstenite::connect(url.as_str()).map_err(|e| format!("DevTools websocket {url}: {e}"))?;
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            let _ = s.set_read_timeout(Some(Duration::from_secs(120)));
        }
        let mut c = Chrome { child, ws, next: 0, session: String::new(), product: String::new(), events: None };
        c.product = c.call("Browser.getVersion", json!({}))?["product"].as_str().unwrap_or_default().to_string();
        let targets = c.call("Target.getTargets", json!({}))?;
        let page = targets["targetInfos"]
            .as_array()
            .and_then(|a| a.iter().find(|t| t["type"] == "page"))
            .and_then(|t| t["targetId"].as_str())
            .map(str::to_string);
        let target = match page {
            Some(t) => t,
            None => c.call("Target.createTarget", json!({ "url": "about:blank" }))?["targetId"]
                .as_str()
                .ok_or("no target id")?
                .to_string(),
        };
        let attached = c.call("Target.attachToTarget", json!({ "targetId": target, "flatten": true }))?;
        c.session = attached["sessionId"].as_str().ok_or("no session id")?.to_string();
        c.send("Page.enable", json!({}))?;
        c.send("Runtime.enable", json!({}))?;
        Ok(c)
    }

    /// The major version (109 from `HeadlessChrome/109.0.5414.0`).
    pub fn major(&self) -> u32 {
        self.product.split('/').nth(1).and_then(|v| v.split('.').next()).and_then(|v| v.parse().ok()).unwrap_or(0)
    }

    fn raw(&mut self, session: Option<String>, method: &str, params: Value) -> Result<Value, String> {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = s.into();
        }
        self.ws.send(Message::text(msg.to_string())).map_err(|e| format!("{method}: {e}"))?;
        loop {
            let m = self.ws.read().map_err(|e| format!("{method}: {e}"))?;
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(t.as_str()).map_err(|e| format!("{method}: {e}"))?;
            if v.get("method").is_some() {
                if let Some(kept) = self.events.as_mut() {
                    kept.push(v);
                }
                continue;
            }
            if v["id"].as_u64() == Some(id) {
                if let Some(err) = v.get("error") {
                    return Err(format!("{method}: {err}"));
                }
                return Ok(v["result"].clone());
            }
        }
    }

    /// From now on, keeps the protocol events (`{"method": …, "params": …}`) that arrive, for
    /// [`Chrome::take_events`] (e.g. `Tracing.dataCollected`).
    pub fn keep_events(&mut self) {
        self.events.get_or_insert_with(Vec::new);
    }

    /// The events kept so far (and keeps collecting).
    pub fn take_events(&mut self) -> Vec<Value> {
        self.events.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Reads messages until the event `method` arrives (kept with the others); needs [`Chrome::keep_events`].
    pub fn wait_event(&mut self, method: &str, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        let seen = |c: &Chrome| c.events.as_ref().is_some_and(|e| e.iter().any(|v| v["method"] == method));
        while !seen(self) {
            if start.elapsed() > timeout {
                return Err(format!("no {method} within {timeout:?}"));
            }
            let m = self.ws.read().map_err(|e| format!("{method}: {e}"))?;
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(t.as_str()).map_err(|e| format!("{method}: {e}"))?;
            if v.get("method").is_some() {
                self.events.get_or_insert_with(Vec::new).push(v);
            }
        }
        Ok(())
    }

    /// A browser-level command.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.raw(None, method, params)
    }

    /// A command to the page.
    pub fn send(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let s = self.session.clone();
        self.raw(Some(s), method, params)
    }

    /// Evaluates `expr` in the page (promises awaited) and returns its value; a thrown error is an `Err`.
    pub fn eval(&mut self, expr: &str) -> Result<Value, String> {
        let r = self.send(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true, "userGesture": true }),
        )?;
        if let Some(ex) = r.get("exceptionDetails") {
            return Err(format!(
                "{}: {}",
                expr.chars().take(80).collect::<String>(),
                ex["exception"]["description"].as_str().unwrap_or(&ex.to_string())
            ));
        }
        Ok(r["result"]["value"].clone())
    }

    /// Polls `expr` (real time, every 100 ms) until it gives something other than null/false/""/0, and
    /// returns that; errors while the page navigates count as "not yet".
    pub fn wait(&mut self, expr: &str, timeout: Duration) -> Result<Value, String> {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < timeout {
            match self.eval(expr) {
                Ok(v) if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) => return Ok(v),
                Ok(v) => last = v.to_string(),
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("after {timeout:?}, {expr} still gave {last}"))
    }

    pub fn goto(&mut self, url: &str) -> Result<(), String> {
        self.send("Page.navigate", json!({ "url": url }))?;
        Ok(())
    }

    pub fn reload(&mut self) -> Result<(), String> {
        self.send("Page.reload", json!({}))?;
        // The old document may still answer for a moment: wait until it is gone.
        std::thread::sleep(Duration::from_millis(300));
        Ok(())
    }

    /// Lets the page download files (Blob + `<a download>`) into `dir` without a prompt.
    pub fn allow_downloads(&mut self, dir: &Path) -> Result<(), String> {
        self.call("Browser.setDownloadBehavior", json!({ "behavior": "allow", "downloadPath": dir.display().to_string() }))
            .map(|_| ())
    }

    /// Chooses `files` in the `<input type=file>` matched by `css`, as a user's file dialog would.
    pub fn set_files(&mut self, css: &str, files: &[&Path]) -> Result<(), String> {
        self.send("DOM.getDocument", json!({}))?;
        let r = self.send(
            "Runtime.evaluate",
            json!({ "expression": format!("document.querySelector({})", json!(css)) }),
        )?;
        let object = r["result"]["objectId"].as_str().ok_or_else(|| format!("no element {css}"))?.to_string();
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        self.send("DOM.setFileInputFiles", json!({ "files": files, "objectId": object }))?;
        Ok(())
    }

    /// Types `text` into the field matched by `css` like a user (focus, select all, real text input
    /// events), then leaves it (blur: `change` fires).
    pub fn type_into(&mut self, css: &str, text: &str) -> Result<(), String> {
        let sel = json!(css);
        self.wait(&format!("(() => {{ const e = document.querySelector({sel}); if (!e) return false; e.focus(); e.select(); return true; }})()"), Duration::from_secs(20))?;
        self.send("Input.insertText", json!({ "text": text }))?;
        self.eval(&format!("document.querySelector({sel}).blur()"))?;
        Ok(())
    }

    /// Emulates a screen of `width` × `height` CSS pixels.
    pub fn viewport(&mut self, width: u32, height: u32) -> Result<(), String> {
        self.send(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        )
        .map(|_| ())
    }

    /// A PNG of the viewport.
    pub fn screenshot(&mut self) -> Result<Vec<u8>, String> {
        let r = self.send("Page.captureScreenshot", json!({ "format": "png" }))?;
        base64::engine::general_purpose::STANDARD
            .decode(r["data"].as_str().unwrap_or_default())
            .map_err(|e| e.to_string())
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = self.call("Browser.close", json!({}));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
