//! Page-load and size benchmarks of the release single file (`make bench`; not a timed test).
//!
//! Load: navigation start → app mounted (the `lishu-mounted` performance mark set in src/main.rs), median
//! of fresh-browser loads (new Chromium process and empty profile each time), beside a blank HTML page
//! loaded the same way in the same run. Goal: ≤ [`GOAL_RATIO_PLAIN`] × the blank page.

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

/// The page without its inert tail: the embedded file module (see [`strip_excel`]) and every
/// `<script type="text/plain" data-part="echarts-src">` element (ECharts' text, run on first chart). The app
/// starts the same without them until a chart or a file is made, so loading both pages shows what the
/// tail's tokenising costs before mount.
pub fn strip_tail(html: &[u8]) -> Option<Vec<u8>> {
    let mut out = strip_excel(html)?;
    let open: &[u8] = b"<script type=\"text/plain\" data-part=\"echarts-src\">";
    let close: &[u8] = b"</script>";
    let mut found = false;
    while let Some(start) = out.windows(open.len()).position(|w| w == open) {
        let end = start + out[start..].windows(close.len()).position(|w| w == close)? + close.len();
        out.drain(start..end);
        found = true;
    }
    found.then_some(out)
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
    /// The CPU slow-down the loads ran under (1 = none; 4 = `Emulation.setCPUThrottlingRate` 4, an old
    /// office PC).
    pub rate: f64,
    /// navigation → first (contentful) paint
    pub app_paint: f64,
    /// navigation → `lishu-mounted`
    pub app_mounted: f64,
    /// navigation → `lishu-frame`: the first frame drawn after mounting, i.e. the app on screen
    pub app_frame: f64,
    /// navigation → `lishu-main`: the file read, the wasm decoded, compiled and instantiated, and none of the
    /// app's own code run yet — the floor the app's start-up work adds to
    pub app_main: f64,
    pub blank_paint: f64,
    /// navigation → the blank page's script at the end of its body
    pub blank_done: f64,
    /// navigation → the blank page's first frame after its script (same marks as the app's)
    pub blank_frame: f64,
}

/// Start-up goals (issue “start-up budget”; README 基准): the app mounted within this many times the blank
/// page's end-of-body script, plain …
pub const GOAL_RATIO_PLAIN: f64 = 4.0;
/// … and mounted within this many milliseconds with the CPU slowed 4×.
pub const GOAL_THROTTLED_MS: f64 = 450.0;

impl BrowserLoad {
    /// App mounted ÷ the blank page's script at its end, both in this browser and run.
    pub fn ratio(&self) -> f64 {
        self.over_blank(self.app_mounted)
    }
    /// `ms` ÷ the blank page's script at its end, in this browser and run.
    pub fn over_blank(&self, ms: f64) -> f64 {
        ms / self.blank_done
    }
    /// Whether the goal for this run's CPU rate is met: None where the run has no goal (other rates) or
    /// no figure.
    pub fn meets_goal(&self) -> Option<bool> {
        self.goal_met_at(self.app_mounted)
    }
    /// Whether the floor alone ([`BrowserLoad::app_main`]: the app's code not yet run) is within the goal for
    /// this run's rate: where it is not, no work in the app's start-up can meet the goal.
    pub fn floor_within_goal(&self) -> Option<bool> {
        self.goal_met_at(self.app_main)
    }
    fn goal_met_at(&self, ms: f64) -> Option<bool> {
        if !ms.is_finite() {
            return None;
        }
        if self.rate == 1.0 {
            self.blank_done.is_finite().then(|| self.over_blank(ms) <= GOAL_RATIO_PLAIN)
        } else if self.rate == 4.0 {
            Some(ms <= GOAL_THROTTLED_MS)
        } else {
            None
        }
    }
}

/// `[first paint, mounted, first frame after mounting, lishu-main]` once the first three are known
/// (first-contentful-paint, else first-paint; Firefox reports only the former); `lishu-main` is null on the
/// blank page.
const PAINT_AND_MOUNT: &str = "(() => { const at = n => { const m = performance.getEntriesByName(n); return m.length ? m[0].startTime : null; }; \
    const m = at('lishu-mounted'), f = at('lishu-frame'); if (m === null || f === null) return null; \
    const p = performance.getEntriesByType('paint'); const fp = p.find(e => e.name === 'first-contentful-paint') || p.find(e => e.name === 'first-paint'); \
    return fp ? [fp.startTime, m, f, at('lishu-main')] : null; })()";

fn paint_and_mount(page: &mut dyn crate::page::Page, url: &str) -> Result<[f64; 4], String> {
    page.goto(url)?;
    let v = page.wait(PAINT_AND_MOUNT, Duration::from_secs(60))?;
    Ok([0, 1, 2, 3].map(|i| v[i].as_f64().unwrap_or(f64::NAN)))
}

/// A blank page like [`bench_load`]'s, written into `dir`.
fn blank_page(dir: &TempDir) -> Result<String, String> {
    let blank = dir.0.join("blank.html");
    std::fs::write(
        &blank,
        b"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>blank</title></head>\
          <body><p>blank</p><script>performance.mark('lishu-mounted'); \
          requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('lishu-frame')))</script></body></html>",
    )
    .map_err(|e| e.to_string())?;
    Ok(format!("file://{}", blank.display()))
}

/// Loads the app and the blank page `runs` times each (alternating, after one warm-up of each) in fresh
/// browsers made by `fresh`, with the CPU slowed `rate` times (1: as it is). A browser that cannot slow its
/// CPU gives an error for rates other than 1.
fn browser_loads(
    app_url: &str,
    runs: usize,
    rate: f64,
    mut fresh: impl FnMut(&TempDir) -> Result<Box<dyn crate::page::Page>, String>,
) -> Result<BrowserLoad, String> {
    let dir = TempDir::new("blank-browsers");
    let blank_url = blank_page(&dir)?;
    let mut name = String::new();
    let mut app: [Vec<f64>; 4] = Default::default();
    let mut blank: [Vec<f64>; 4] = Default::default();
    for i in 0..=runs {
        for (url, into) in [(&blank_url, &mut blank), (&app_url.to_string(), &mut app)] {
            let profile = TempDir::new("browser-load");
            let mut page = fresh(&profile)?;
            name = page.label();
            if rate != 1.0 && !page.throttle(rate)? {
                return Err(format!("{name}: cannot slow the CPU"));
            }
            let figures = paint_and_mount(page.as_mut(), url)?;
            if i > 0 {
                for (v, x) in into.iter_mut().zip(figures) {
                    v.push(x);
                }
            }
        }
    }
    Ok(BrowserLoad {
        browser: name,
        runs,
        rate,
        app_paint: median(&app[0]),
        app_mounted: median(&app[1]),
        app_frame: median(&app[2]),
        app_main: median(&app[3]),
        blank_paint: median(&blank[0]),
        blank_done: median(&blank[1]),
        blank_frame: median(&blank[2]),
    })
}

/// Start-up of the single file at `path` and of the same page without its inert tail ([`strip_tail`]) in
/// current Chromium (plain CPU): (with tail, without tail).
pub fn bench_tail(path: &Path, runs: usize) -> Result<(BrowserLoad, BrowserLoad), String> {
    use crate::cdp::Chrome;
    let html = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let stripped = strip_tail(&html).ok_or("no inert tail found (file module / ECharts parts)")?;
    let dir = TempDir::new("tail");
    // Beside the original, so relative references (none today) would resolve the same.
    let short = dir.0.join("lishu-monitor-no-tail.html");
    std::fs::write(&short, stripped).map_err(|e| e.to_string())?;
    let bin = std::path::PathBuf::from("/usr/bin/chromium");
    let fresh = |p: &TempDir| Chrome::launch(&bin, &p.0, &[]).map(|c| Box::new(c) as Box<dyn crate::page::Page>);
    let with = browser_loads(&format!("file://{}", path.display()), runs, 1.0, fresh)?;
    let without = browser_loads(&format!("file://{}", short.display()), runs, 1.0, fresh)?;
    Ok((with, without))
}

/// The load figures in current Chromium (Debian's, over DevTools like the old one) and real Chromium 109
/// (npm @sparticuz/chromium, see src/cdp.rs), each plain and with the CPU slowed 4×, and Firefox ESR
/// (geckodriver; WebDriver cannot slow the CPU). A browser that is missing or fails gives its error instead.
pub fn bench_browsers(app_url: &str, runs: usize) -> Vec<Result<BrowserLoad, String>> {
    use crate::cdp::{old_chromium, Chrome};
    let mut out = Vec::new();
    for bin in [std::path::PathBuf::from("/usr/bin/chromium"), old_chromium(109)] {
        for rate in [1.0, 4.0] {
            out.push(browser_loads(app_url, runs, rate, |p| {
                Chrome::launch(&bin, &p.0, &[]).map(|c| Box::new(c) as Box<dyn crate::page::Page>)
            }));
        }
    }
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            out.push(Err(e.to_string()));
            return out;
        }
    };
    let driver = rt.block_on(Driver::start_gecko());
    out.push(browser_loads(app_url, runs, 1.0, |p| {
        let wd = rt.block_on(driver.firefox(&p.0.join("downloads")));
        Ok(Box::new(crate::page::Wd::new(rt.handle().clone(), wd)) as Box<dyn crate::page::Page>)
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::{strip_excel, BrowserLoad, LoadReport, GOAL_THROTTLED_MS, PHASES};

    fn figures(rate: f64, app_mounted: f64, blank_done: f64) -> BrowserLoad {
        BrowserLoad {
            browser: "test".into(),
            runs: 1,
            rate,
            app_paint: 10.0,
            app_mounted,
            app_frame: app_mounted + 16.0,
            app_main: app_mounted / 2.0,
            blank_paint: 10.0,
            blank_done,
            blank_frame: blank_done + 16.0,
        }
    }

    #[test]
    fn start_up_goals_by_rate() {
        assert_eq!(figures(1.0, 160.0, 40.0).meets_goal(), Some(true), "4.0× meets ≤ 4×");
        assert_eq!(figures(1.0, 161.0, 40.0).meets_goal(), Some(false));
        assert_eq!(figures(4.0, GOAL_THROTTLED_MS, 400.0).meets_goal(), Some(true), "throttled: absolute goal");
        assert_eq!(figures(4.0, GOAL_THROTTLED_MS + 1.0, 400.0).meets_goal(), Some(false));
        assert_eq!(figures(2.0, 100.0, 40.0).meets_goal(), None, "no goal at other rates");
        assert_eq!(figures(1.0, f64::NAN, 40.0).meets_goal(), None);
    }

    #[test]
    fn the_floor_is_held_to_the_same_goal() {
        // app_main is half of mounted in `figures`.
        assert_eq!(figures(1.0, 320.0, 40.0).floor_within_goal(), Some(true), "160 ms = 4.0× the blank page");
        assert_eq!(figures(1.0, 322.0, 40.0).floor_within_goal(), Some(false));
        assert_eq!(figures(4.0, 2.0 * GOAL_THROTTLED_MS + 2.0, 400.0).floor_within_goal(), Some(false));
        assert_eq!(figures(4.0, 2.0 * GOAL_THROTTLED_MS, 400.0).floor_within_goal(), Some(true));
        let mut blank_only = figures(1.0, 320.0, 40.0);
        blank_only.app_main = f64::NAN;
        assert_eq!(blank_only.floor_within_goal(), None, "no lishu-main mark: no figure");
    }

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
    fn strips_the_inert_tail() {
        let page = b"<body><p>app</p><!-- lishu:xlsx-wasm -->\n<script type=\"text/plain\" data-part=\"xlsx-wasm\">QUJD</script>\n\
<!-- /lishu:xlsx-wasm -->\n<script type=\"text/plain\" data-part=\"echarts-src\">ECHARTS1</script>\n\
<script type=\"text/plain\" data-part=\"echarts-src\">ECHARTS2</script>\n<script>run()</script></body>";
        let out = String::from_utf8(super::strip_tail(page).expect("found")).expect("utf8");
        assert!(!out.contains("QUJD") && !out.contains("ECHARTS"), "{out}");
        assert!(out.contains("<p>app</p>") && out.contains("<script>run()</script>"), "{out}");
        assert!(super::strip_tail(b"<!-- lishu:xlsx-wasm --><!-- /lishu:xlsx-wasm -->").is_none(), "no ECharts parts");
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
