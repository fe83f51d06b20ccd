//! Page-load and size benchmarks of the release single file (`make bench`; not a timed test).
//!
//! Load: navigation start → app mounted (the `lishu-mounted` performance mark set in src/main.rs), median
//! of fresh-browser loads (new Chromium process and empty profile each time), beside a blank HTML page
//! loaded the same way in the same run. Goal: ≤ 3 × the blank page.

use crate::browser::{Driver, TempDir};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// Sizes of the single file: raw and gzip, in all and without the embedded Excel module (the goal is
/// for the app without it: the Excel module is stored inert and only loaded when an Excel file is made).
pub struct Sizes {
    pub raw: u64,
    pub gzip: Option<u64>,
    /// The file without the embedded Excel module (see [`strip_excel`]): raw and gzip.
    pub without_excel: Option<(u64, Option<u64>)>,
}

fn gzip_len(bytes: &[u8]) -> Option<u64> {
    use std::process::{Command, Stdio};
    let mut child = Command::new("gzip").args(["-9", "-c"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().ok()?;
    let mut stdin = child.stdin.take()?;
    let data = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

/// The page without the embedded Excel module: everything between the last `<!-- lishu:xlsx-wasm -->`
/// and the `<!-- /lishu:xlsx-wasm -->` after it (scripts/inline.py puts its inert parts there).
pub fn strip_excel(html: &[u8]) -> Option<Vec<u8>> {
    let open: &[u8] = b"<!-- lishu:xlsx-wasm -->";
    let close: &[u8] = b"<!-- /lishu:xlsx-wasm -->";
    let start = html.windows(open.len()).rposition(|w| w == open)?;
    let end = start + html[start..].windows(close.len()).position(|w| w == close)? + close.len();
    Some([&html[..start], &html[end..]].concat())
}

pub fn sizes(path: &Path) -> std::io::Result<Sizes> {
    let bytes = std::fs::read(path)?;
    let without_excel = strip_excel(&bytes).map(|b| (b.len() as u64, gzip_len(&b)));
    Ok(Sizes { raw: bytes.len() as u64, gzip: gzip_len(&bytes), without_excel })
}

/// Start-up phases of the app, in order: (label, performance mark or navigation-timing field). The
/// marks are set by the single file's loader scripts (scripts/inline.py) and src/main.rs, src/app/mod.rs.
/// The last entry is not a step of the start-up: the inert ECharts and Excel texts at the end of the
/// page are still being parsed while the app starts, so the whole page may be parsed before or after
/// the app is mounted.
pub const PHASES: [(&str, &str); 7] = [
    ("app wasm text parsed, inflating + compiling starts", "lishu-wasm-start"),
    ("wasm inflated + compiled", "lishu-wasm-compiled"),
    ("instantiated, app code runs", "lishu-main"),
    ("stored data read", "lishu-opened"),
    ("state + evaluation set up", "lishu-state"),
    ("first view built and mounted", "lishu-mounted"),
    ("(whole page parsed: domInteractive)", "domInteractive"),
];

/// One load: milliseconds from navigation start to each of [`PHASES`] (NaN where a mark is missing).
pub type Phases = Vec<f64>;

/// Milliseconds from navigation start to the `lishu-mounted` mark and to every phase, for one fresh
/// browser.
async fn one_load(driver: &Driver, url: &str) -> Result<(f64, Phases), String> {
    let profile = TempDir::new("load");
    let b = driver.browser(&profile.0).await;
    let result = async {
        b.goto(url).await.map_err(|e| e.to_string())?;
        for _ in 0..600 {
            let v = b
                .execute(
                    "const m = performance.getEntriesByName('lishu-mounted'); return m.length ? m[0].startTime : null;",
                    vec![],
                )
                .await
                .map_err(|e| e.to_string())?;
            if let Some(ms) = v.json().as_f64() {
                let names: Vec<serde_json::Value> = PHASES.iter().map(|(_, n)| (*n).into()).collect();
                let phases = b
                    .execute(
                        "const nav = performance.getEntriesByType('navigation')[0] || {};\n\
                         return arguments[0].map(n => { const m = performance.getEntriesByName(n); \
                         return m.length ? m[0].startTime : (typeof nav[n] === 'number' ? nav[n] : null); });",
                        vec![serde_json::Value::Array(names)],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                let phases = phases
                    .json()
                    .as_array()
                    .map(|a| a.iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect())
                    .unwrap_or_default();
                return Ok((ms, phases));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err("30 秒内未挂载".to_string())
    }
    .await;
    let _ = b.quit().await;
    result
}

pub struct LoadReport {
    pub app: Vec<f64>,
    pub blank: Vec<f64>,
    /// Per app load, the time of each of [`PHASES`].
    pub phases: Vec<Phases>,
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    s.get(s.len() / 2).copied().unwrap_or(f64::NAN)
}

impl LoadReport {
    pub fn app_median(&self) -> f64 {
        median(&self.app)
    }
    pub fn blank_median(&self) -> f64 {
        median(&self.blank)
    }
    pub fn ratio(&self) -> f64 {
        self.app_median() / self.blank_median()
    }
    /// Median time of the phase marked `mark` (one of [`PHASES`]) over the blank page's median: how far
    /// the page already is from the goal at that point. At `lishu-main` (wasm instantiated, before any app
    /// code runs) this is the floor the app's own start-up adds to.
    pub fn ratio_at(&self, mark: &str) -> Option<f64> {
        let i = PHASES.iter().position(|(_, m)| *m == mark)?;
        let v: Vec<f64> = self.phases.iter().filter_map(|p| p.get(i).copied()).filter(|x| x.is_finite()).collect();
        (!v.is_empty()).then(|| median(&v) / self.blank_median())
    }
    /// Median time of each phase over the app loads (ms since navigation start).
    pub fn phase_medians(&self) -> Vec<(&'static str, f64)> {
        PHASES
            .iter()
            .enumerate()
            .map(|(i, (label, _))| {
                let v: Vec<f64> = self.phases.iter().filter_map(|p| p.get(i).copied()).filter(|x| x.is_finite()).collect();
                (*label, median(&v))
            })
            .collect()
    }
}

/// Loads the app and a blank page `runs` times each, alternating, in fresh browsers.
pub async fn bench_load(app_url: &str, runs: usize) -> Result<LoadReport, String> {
    let dir = TempDir::new("blank");
    let blank = dir.0.join("blank.html");
    let mut f = std::fs::File::create(&blank).map_err(|e| e.to_string())?;
    f.write_all(
        b"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>blank</title></head>\
          <body><p>blank</p><script>performance.mark('lishu-mounted')</script></body></html>",
    )
    .map_err(|e| e.to_string())?;
    let blank_url = format!("file://{}", blank.display());
    let driver = Driver::start().await;
    // One warm-up of each (disk cache of the binary, fonts).
    one_load(&driver, &blank_url).await?;
    one_load(&driver, app_url).await?;
    let mut report = LoadReport { app: Vec::new(), blank: Vec::new(), phases: Vec::new() };
    for _ in 0..runs {
        report.blank.push(one_load(&driver, &blank_url).await?.0);
        let (ms, phases) = one_load(&driver, app_url).await?;
        report.app.push(ms);
        report.phases.push(phases);
    }
    Ok(report)
}

/// Load figures of one browser: medians over fresh-browser loads (new process, empty profile each), the
/// app beside a blank page in the same browser and run. NaN where the browser gave no figure.
pub struct BrowserLoad {
    pub browser: String,
    pub runs: usize,
    /// navigation → first (contentful) paint
    pub app_paint: f64,
    /// navigation → `lishu-mounted`
    pub app_mounted: f64,
    pub blank_paint: f64,
    /// navigation → the blank page's script at the end of its body
    pub blank_done: f64,
}

/// `[first paint, mounted]` once both are known (first-contentful-paint, else first-paint; Firefox reports
/// only the former).
const PAINT_AND_MOUNT: &str = "(() => { const m = performance.getEntriesByName('lishu-mounted'); if (!m.length) return null; \
    const p = performance.getEntriesByType('paint'); const f = p.find(e => e.name === 'first-contentful-paint') || p.find(e => e.name === 'first-paint'); \
    return f ? [f.startTime, m[0].startTime] : null; })()";

fn paint_and_mount(page: &mut dyn crate::page::Page, url: &str) -> Result<(f64, f64), String> {
    page.goto(url)?;
    let v = page.wait(PAINT_AND_MOUNT, Duration::from_secs(60))?;
    Ok((v[0].as_f64().unwrap_or(f64::NAN), v[1].as_f64().unwrap_or(f64::NAN)))
}

/// A blank page like [`bench_load`]'s, written into `dir`.
fn blank_page(dir: &TempDir) -> Result<String, String> {
    let blank = dir.0.join("blank.html");
    std::fs::write(
        &blank,
        b"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>blank</title></head>\
          <body><p>blank</p><script>performance.mark('lishu-mounted')</script></body></html>",
    )
    .map_err(|e| e.to_string())?;
    Ok(format!("file://{}", blank.display()))
}

/// Loads the app and the blank page `runs` times each (alternating, after one warm-up of each) in fresh
/// browsers made by `fresh`.
fn browser_loads(
    app_url: &str,
    runs: usize,
    mut fresh: impl FnMut(&TempDir) -> Result<Box<dyn crate::page::Page>, String>,
) -> Result<BrowserLoad, String> {
    let dir = TempDir::new("blank-browsers");
    let blank_url = blank_page(&dir)?;
    let mut name = String::new();
    let (mut ap, mut am, mut bp, mut bd) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..=runs {
        for (url, paint, done) in [(&blank_url, &mut bp, &mut bd), (&app_url.to_string(), &mut ap, &mut am)] {
            let profile = TempDir::new("browser-load");
            let mut page = fresh(&profile)?;
            name = page.label();
            let (p, d) = paint_and_mount(page.as_mut(), url)?;
            if i > 0 {
                paint.push(p);
                done.push(d);
            }
        }
    }
    Ok(BrowserLoad {
        browser: name,
        runs,
        app_paint: median(&ap),
        app_mounted: median(&am),
        blank_paint: median(&bp),
        blank_done: median(&bd),
    })
}

/// The load figures in current Chromium (Debian's, over DevTools like the old one), real Chromium 109
/// (npm @sparticuz/chromium, see src/cdp.rs) and Firefox ESR (geckodriver). A browser that is missing or
/// fails gives its error instead.
pub fn bench_browsers(app_url: &str, runs: usize) -> Vec<Result<BrowserLoad, String>> {
    use crate::cdp::{old_chromium, Chrome};
    let mut out = Vec::new();
    for bin in [std::path::PathBuf::from("/usr/bin/chromium"), old_chromium(109)] {
        out.push(browser_loads(app_url, runs, |p| {
            Chrome::launch(&bin, &p.0, &[]).map(|c| Box::new(c) as Box<dyn crate::page::Page>)
        }));
    }
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            out.push(Err(e.to_string()));
            return out;
        }
    };
    let driver = rt.block_on(Driver::start_gecko());
    out.push(browser_loads(app_url, runs, |p| {
        let wd = rt.block_on(driver.firefox(&p.0.join("downloads")));
        Ok(Box::new(crate::page::Wd::new(rt.handle().clone(), wd)) as Box<dyn crate::page::Page>)
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::{strip_excel, LoadReport, PHASES};

    #[test]
    fn ratio_at_a_phase_is_its_median_over_the_blank_median() {
        let run = |main: f64| {
            let mut p = vec![f64::NAN; PHASES.len()];
            p[2] = main;
            p
        };
        let r = LoadReport {
            app: vec![300.0, 310.0, 320.0],
            blank: vec![40.0, 50.0, 60.0],
            phases: vec![run(100.0), run(150.0), run(f64::NAN), run(200.0)],
        };
        assert_eq!(PHASES[2].1, "lishu-main");
        assert_eq!(r.ratio_at("lishu-main"), Some(3.0), "median of 100, 150, 200 over 50");
        assert_eq!(r.ratio_at("lishu-opened"), None, "no finite times");
        assert_eq!(r.ratio_at("no-such-mark"), None);
    }

    #[test]
    fn strips_the_excel_parts_between_the_markers() {
        let page = b"<head><script>// <!-- lishu:xlsx-wasm --> in a comment</script></head>\
<body><p>app</p><!-- lishu:xlsx-wasm -->\n<script type=\"text/plain\" data-part=\"xlsx-wasm\">QUJD</script>\n\
<script type=\"text/plain\" data-part=\"xlsx-wasm\">REVG</script>\n<!-- /lishu:xlsx-wasm -->\n</body>";
        let out = String::from_utf8(strip_excel(page).expect("found")).expect("utf8");
        assert!(!out.contains("QUJD") && !out.contains("REVG"), "{out}");
        assert!(out.contains("<script>// <!-- lishu:xlsx-wasm --> in a comment</script>"), "{out}");
        assert!(out.contains("<p>app</p>") && out.ends_with("\n</body>"), "{out}");
        assert!(strip_excel(b"<html>no module</html>").is_none());
        assert!(strip_excel(b"<!-- lishu:xlsx-wasm --> unterminated").is_none());
    }
}
